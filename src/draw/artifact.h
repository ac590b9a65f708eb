/*
 * artifact.h - a page's content stream given its marked content, which
 * cairo 1.16 cannot write for us without keeping every structure element
 * in memory (structlog.h): pure functions over the stream's (inflated)
 * bytes.
 *
 * The pages are drawn with markers where the drawing passes from one
 * structure element to another: the k-th marker of a page is a square
 * ARTIFACT_MARK pt wide at (ARTIFACT_MARK_X(k), ARTIFACT_MARK_Y(k)),
 * which cairo writes as "X Y w h re f". artifact_rewrite replaces each
 * with the end of the sequence the one before opened ("EMC") and the
 * opening the caller gives for it: an element's ("/P << /MCID 3 >>
 * BDC"), furniture's typed artifact ("/Artifact << /Type /Pagination
 * /Subtype /Header >> BDC"), or none. Drawing left outside every
 * marked-content sequence that only paints paths (rules, backgrounds:
 * decoration) is wrapped in "/Artifact BMC ... EMC"; text, images and
 * forms outside every sequence are left as they are (they may be
 * content a structure element failed to hold; they are not hidden from
 * a reader).
 *
 * The tokenizer reads PDF content syntax: numbers, names, literal strings
 * (escapes, nested parentheses), hex strings, arrays, dictionaries,
 * comments and inline images (BI ... ID data EI).
 */
#ifndef QUIRE_ARTIFACT_H
#define QUIRE_ARTIFACT_H

#include <stddef.h>

/*
 * The structure types the canvas opens around furniture: standard types
 * quire uses for nothing else (Warichu's text and punctuation, private
 * use); they never reach the finished file.
 */
#define ARTIFACT_HEADER "WT"		/* running heads */
#define ARTIFACT_FOOTER "WP"		/* folios */
#define ARTIFACT_PAGINATION "Warichu"	/* an index term "(cont.)" */
#define ARTIFACT_LAYOUT "Private"	/* line numbers, wrap marks */

/* The markers: whole coordinates (cairo writes them without decimals),
 * a row of ARTIFACT_MARK_ROW a point apart, no more than
 * ARTIFACT_MARKS_MAX a page (the top 257 pt of the smallest page). */
#define ARTIFACT_MARK (1.0 / 128)
#define ARTIFACT_MARK_ROW 256
#define ARTIFACT_MARKS_MAX (ARTIFACT_MARK_ROW * 256)
#define ARTIFACT_MARK_X(k) (1.0 + (double)((k) % ARTIFACT_MARK_ROW))
#define ARTIFACT_MARK_Y(k) (1.0 + (double)((k) / ARTIFACT_MARK_ROW))

enum cs_token {
	CS_END,		/* no more tokens */
	CS_OPERAND,	/* number, name, string, array, dictionary, ... */
	CS_OPERATOR,	/* a bare word: "BT", "Tj", "re" */
	CS_INLINE,	/* a whole inline image, BI to EI */
	CS_ERROR	/* what no content stream holds (an open string) */
};

struct cs_lexer {
	const char *s;	/* borrowed */
	size_t	 len, pos;
};

/*
 * The next token of lx: its kind, and its bytes s[*start .. *end).
 * Arrays and dictionaries are one operand each.
 */
enum cs_token cs_next(struct cs_lexer *lx, size_t *start, size_t *end);

/* The artifact opening ("/Artifact << ... >> BDC") for a structure
 * element of type (one of the four above), or NULL: not furniture. */
const char *artifact_opening(const char *type);

struct artifact_out {
	char	*data;		/* the new stream, NUL-terminated */
	size_t	 len;
};

/*
 * Rewrites the content stream s[0 .. len), whose k-th marker opens
 * open[k] (NULL: nothing) for k < nopen. Returns 1 with o filled (free
 * it with artifact_out_free) when something was marked; 0 when nothing
 * needed to be; -1 when the stream does not parse, its marked content
 * does not nest, or its markers are not 0 .. nopen - 1 in turn (the
 * stream should then be left as it is). o is empty but for 1.
 */
int	artifact_rewrite(const char *s, size_t len, const char *const *open,
	    size_t nopen, struct artifact_out *o);
void	artifact_out_free(struct artifact_out *o);

#endif
