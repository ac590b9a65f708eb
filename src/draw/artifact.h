/*
 * artifact.h - page furniture marked as artifacts in a PDF page's content
 * stream, which cairo 1.16 cannot do itself: pure functions over the
 * stream's (inflated) bytes.
 *
 * The canvas tells cairo what is furniture by putting it in a structure
 * element of its own, of type ARTIFACT_HEADER, ARTIFACT_FOOTER,
 * ARTIFACT_PAGINATION or ARTIFACT_LAYOUT; cairo then brackets it with "/WT << /MCID n >> BDC
 * ... EMC", properly nested. artifact_rewrite turns
 * each such opening into a typed artifact ("/Artifact << /Type
 * /Pagination /Subtype /Header >> BDC") and says which MCIDs it took, so
 * that the caller takes their elements out of the structure tree.
 * Drawing left outside every marked-content sequence that only paints
 * paths (rules, backgrounds: decoration) is wrapped in "/Artifact BMC ...
 * EMC"; text, images and forms outside every sequence are left as they
 * are (they may be content a structure element failed to hold; they are
 * not hidden from a reader).
 *
 * The tokenizer reads PDF content syntax: numbers, names, literal strings
 * (escapes, nested parentheses), hex strings, arrays, dictionaries,
 * comments and inline images (BI ... ID data EI).
 */
#ifndef QUIRE_ARTIFACT_H
#define QUIRE_ARTIFACT_H

#include <stddef.h>

/*
 * The structure types the canvas opens around furniture. cairo 1.16
 * fails a document with a structure type outside PDF's standard ones, so
 * these are standard types quire uses for nothing else (Warichu's text
 * and punctuation, private use); they never reach the finished file.
 */
#define ARTIFACT_HEADER "WT"		/* running heads */
#define ARTIFACT_FOOTER "WP"		/* folios */
#define ARTIFACT_PAGINATION "Warichu"	/* an index term "(cont.)" */
#define ARTIFACT_LAYOUT "Private"	/* line numbers, wrap marks */

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

/* Whether the name s[0 .. len) ("/WT") is one of the four above. */
int	artifact_is_furniture(const char *s, size_t len);

struct artifact_out {
	char	*data;		/* the new stream, NUL-terminated */
	size_t	 len;
	long	*mcid;		/* the MCIDs of the furniture sequences made
				   artifacts: their elements are to go */
	size_t	 nmcid;
};

/*
 * Rewrites the content stream s[0 .. len). Returns 1 with o filled (free
 * it with artifact_out_free) when something was marked; 0 when nothing
 * needed to be; -1 when the stream does not parse or its marked content
 * does not nest (the stream should then be left as it is). o is empty
 * but for 1.
 */
int	artifact_rewrite(const char *s, size_t len, struct artifact_out *o);
void	artifact_out_free(struct artifact_out *o);

#endif
