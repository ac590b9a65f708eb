/*
 * html.h - a small HTML tokenizer for the raw HTML bloggers put in
 * Markdown: text, start and end tags with attributes, comments; and
 * character reference decoding. Interpreting tags is blocks.c's job.
 */
#ifndef QUIRE_HTML_H
#define QUIRE_HTML_H

#include <stddef.h>

#include "util.h"

enum html_tok_kind {
	HTML_TEXT,	/* text, character references already decoded */
	HTML_START,	/* <name attr=..>, self_closing set for <x/> */
	HTML_END,	/* </name> */
	HTML_COMMENT,	/* <!-- .. -->, <!DOCTYPE ..>, <?..?>, <![CDATA[..]]> */
	HTML_RAW	/* the content of <script>/<style>: dropped by callers */
};

struct html_attr {
	char	*name;	/* lower-case */
	char	*value;	/* decoded; "" for a bare attribute */
};

struct html_tok {
	enum html_tok_kind kind;
	char	 name[16];	/* tag name, lower-case, cut to 15 bytes */
	int	 self_closing;
	struct html_attr *attrs;
	size_t	 nattrs;
	struct buf text;	/* content of HTML_TEXT, _RAW and _COMMENT */
	unsigned line;		/* '\n's in s before the token's start */
	size_t	 off;		/* byte offset of the token's start in s */
};

/*
 * Reads the next token of s[0..len) starting at *pos into t (clearing
 * what t held), and advances *pos past it. Returns 0 at the end of
 * input, else 1. s need not be NUL-terminated. Malformed markup degrades
 * to text ("a < b", "<3" stay text; a tag the input ends inside makes the
 * rest text); adjacent text is one token. Comments, <!DOCTYPE ..>,
 * <?..?> and <![CDATA[..]]> are HTML_COMMENT with their inside as text;
 * an unterminated one runs to the end. After an HTML_START of script or
 * style (not self-closing), the following call returns the content as
 * HTML_RAW up to the matching end tag, or the end of input.
 * t must start zeroed and be kept from call to call over one s (it holds
 * that state and the line count); html_tok_free it at the end. A whole
 * pass takes time linear in len.
 */
int	html_next(const char *s, size_t len, size_t *pos, struct html_tok *t);
/* The value of the first attribute name (lower-case) in t, or NULL. */
const char *html_attr(const struct html_tok *t, const char *name);
/* Frees what t holds and zeroes it. */
void	html_tok_free(struct html_tok *t);
/*
 * Appends s[0..len) to out with character references decoded: the named
 * ones of HTML 4 (Latin-1, punctuation, arrows, maths, Greek) and &apos;
 * &check; &cross; &star; &starf;, which need their ';'; decimal and hex
 * ones (&#39; &#x27;, ';' optional), with 0x80-0x9F read as Windows-1252
 * and zero, surrogates and out-of-range ones as U+FFFD, as in HTML5.
 * Unknown references stay as written.
 */
void	html_decode(struct buf *out, const char *s, size_t len);
/*
 * Whether name, lower-case as html_next gives it, is a block-level
 * element (p, div, blockquote, ul, h1, table, iframe, ...).
 */
int	html_is_block(const char *name);

enum html_align { HTML_ALIGN_NONE, HTML_ALIGN_CENTER, HTML_ALIGN_RIGHT };
/*
 * The alignment the first element of an HTML block asks for: <center>,
 * align="center|right", or style="text-align: center|right".
 */
enum html_align html_align(const char *s, size_t len);

#endif
