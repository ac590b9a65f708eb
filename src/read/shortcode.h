/*
 * shortcode.h - Hugo's and Zola's shortcodes rewritten into CommonMark
 * (and the few HTML tags blocks.c draws) before cmark sees the text: the
 * shortcode stage of a Hugo or Zola post, as liquid.h is Jekyll's.
 */
#ifndef QUIRE_SHORTCODE_H
#define QUIRE_SHORTCODE_H

#include <stddef.h>

#include "site.h"
#include "util.h"

/*
 * ESCAPED: Hugo's "{{<" or "{{%" followed by a slash and a star, and a
 * star and a slash before ">}}" or "%}}"; Zola's "{{" or "{%" likewise.
 * The call inside is printed, not done.
 */
#define SC_CALL_MAX	8192	/* bytes of one call, delimiters included */
#define SC_ARGS_MAX	64	/* arguments of one call */
#define SC_NAME_MAX	64	/* bytes of a name, NUL included */
#define SC_DEPTH_MAX	32	/* paired shortcodes open inside each other */
#define SC_CALLS_MAX	20000	/* calls in one post */

enum sc_kind {
	SC_OPEN,	/* a call: {{< x >}}, {{% x %}}, {{ x() }}, {% x() %} */
	SC_CLOSE,	/* {{< /x >}}, {{% /x %}}, Zola's {% end %} */
	SC_LITERAL	/* an ESCAPED call: printed as the call it shows */
};

struct shortcode {
	enum sc_kind kind;
	size_t	 start, end;	/* the call is text[start..end) */
	char	 name[SC_NAME_MAX];	/* "" for SC_LITERAL and {% end %} */
	int	 self_closing;	/* Hugo's {{< x />}} */
	int	 markdown;	/* {{% %}} (Hugo) or {% %} (Zola) */
	int	 body;		/* Zola's {% x() %}: a body to {% end %} */
	/* key NULL for a positional argument; values have their quotes
	 * removed and escapes read */
	struct kv *args;
	size_t	 nargs;
};

/*
 * Reads the shortcode call of generator gen (GEN_HUGO or GEN_ZOLA)
 * starting at text[at] ("{{" or "{%" there) into sc (overwritten; free
 * with shortcode_clear). Returns 1 when one is there; 0 when the text is
 * not a shortcode (then it is text); -1 when it starts like one but is
 * malformed: never closed, longer than SC_CALL_MAX, more than
 * SC_ARGS_MAX arguments, a name too long or missing (*why says which;
 * sc->end is where reading stopped). A call never contains "{{" or "{%"
 * after its opening: reading stops there, so that one pass over a text
 * reads each byte a bounded number of times.
 */
int	shortcode_scan(enum generator gen, const char *text, size_t len,
	    size_t at, struct shortcode *sc, const char **why);
/* The argument named key, else the positional one at pos (pos < 0:
 * none), else NULL. */
const char *shortcode_arg(const struct shortcode *sc, const char *key,
	    int pos);
/* Frees what sc holds. */
void	shortcode_clear(struct shortcode *sc);

struct shortcode_env {
	const struct site *site;	/* generator, root, url, params */
	const char	*post_dir;	/* the post's folder (bundles, ref) */
	const struct kv	*page;		/* front matter, for param */
	size_t		 npage;
	int		 allow_outside;	/* ref may read outside the root */
};

/*
 * Rewrites the body text[0..len) of a post of env->site's generator
 * (first line first_line of file) with its shortcodes done:
 *  - Hugo's built-ins: figure -> an image with its caption (title,
 *    caption, attribution), linked when link is given; highlight -> a
 *    fence "LANG linenos"; ref/relref -> the page's URL (post_url);
 *    youtube, vimeo, x/twitter/tweet, instagram, gist (and Zola's
 *    youtube, vimeo, streamable, gist) -> a framed note with the link;
 *    param -> the page's or site's value; details -> its summary in bold,
 *    then its Markdown; comment -> nothing; qr -> a note with its text.
 *  - A site's or theme's own (layouts/shortcodes/, layouts/_shortcodes/,
 *    themes/NAME/layouts/...; Zola's templates/shortcodes/) and unknown
 *    ones: an image wrapper (a template with <img src="{{ ... }}">) ->
 *    the image with its caption; a paired one -> its inner Markdown; a
 *    paired "mermaid" -> a ```mermaid fence; anything else -> a framed
 *    note naming it (with its link when an argument is one), and a
 *    warning.
 *  - ESCAPED calls -> the call as written; so are Hugo's math and katex
 *    calls, which mathscan.h reads next.
 * Inner shortcodes of paired ones are done too, except in highlight and
 * comment. Everything else (any other {{ }}) is printed as written.
 * Other generators' text is returned unchanged. Line numbers are kept:
 * output line k comes from input line k (but for a highlight whose code
 * shares a line with its tags). Malformed calls stay as text, the first
 * ten with a warning each, the rest counted in one; beyond SC_CALLS_MAX
 * or SC_DEPTH_MAX the rest is text or unpaired, with a warning. Runs in
 * time linear in len (and the templates' and referred pages' sizes).
 * Returns a new NUL-terminated string (length in *outlen); the caller
 * frees it.
 */
char	*shortcode_rewrite(const char *file, unsigned first_line,
	    const char *text, size_t len, const struct shortcode_env *env,
	    size_t *outlen);

#endif
