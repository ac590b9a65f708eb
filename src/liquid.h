/*
 * liquid.h - Jekyll's Liquid tags and kramdown extras, rewritten into
 * plain CommonMark before cmark sees the text.
 */
#ifndef QUIRE_LIQUID_H
#define QUIRE_LIQUID_H

#include <stddef.h>

#include "util.h"

/* The marker liquid leaves where a "* TOC" + "{:toc}" list stood. */
#define LIQUID_TOC_MARKER "<!-- quire:toc -->"

struct liquid_env {
	const struct kv	*site;		/* {{ site.KEY }} values, KEY unprefixed */
	size_t		 nsite;
	const struct kv	*page;		/* {{ page.KEY }} values */
	size_t		 npage;
	const char	*permalink;	/* site permalink pattern; NULL = "date" */
	const char	*post_prefix;	/* prepended to post_url results ("" ok) */
};

/*
 * Rewrites text[0..len) (a post body whose first line is line first_line
 * of file) into CommonMark:
 *  - {% highlight LANG [linenos] %}..{% endhighlight %} -> a ``` fence
 *    with info string "LANG" or "LANG linenos";
 *  - {% raw %}..{% endraw %} kept verbatim; {% comment %}..{% endcomment %}
 *    dropped; {% post_url SLUG %} -> post_prefix + its permalink;
 *    {% include .. %} and any other tag removed;
 *  - {{ site.X }} / {{ page.X }} substituted, other expressions removed;
 *  - kramdown attribute lists ({:..} and {: ..}) removed; a "* TOC" list
 *    item followed by {:toc} -> LIQUID_TOC_MARKER on its own line.
 * Inside code (fences, indented code, inline backticks) nothing changes
 * except highlight/raw handling. Line numbers are preserved: line k of
 * the output comes from line k of the input. Unclosed blocks are warned
 * about through diag(). Returns a new string (length in *outlen); the
 * caller frees it.
 */
char	*liquid_rewrite(const char *file, unsigned first_line,
	    const char *text, size_t len, const struct liquid_env *env,
	    size_t *outlen);

#endif
