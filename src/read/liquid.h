/*
 * liquid.h - Jekyll's Liquid tags and kramdown extras, rewritten into
 * plain CommonMark before cmark sees the text.
 */
#ifndef QUIRE_LIQUID_H
#define QUIRE_LIQUID_H

#include <stddef.h>

#include "url.h"
#include "util.h"

/* The marker liquid leaves where a "* TOC" + "{:toc}" list stood. */
#define LIQUID_TOC_MARKER "<!-- quire:toc -->"
/* Where {% include series.html %} stood: the post's series is listed. */
#define LIQUID_SERIES_MARKER "<!-- quire:series -->"

struct liquid_env {
	const struct kv	*site;		/* {{ site.KEY }} values, KEY unprefixed */
	size_t		 nsite;
	const struct kv	*page;		/* {{ page.KEY }} values */
	size_t		 npage;
	const char	*permalink;	/* site permalink pattern; NULL = "date" */
	const struct site_url *web;	/* where the site is served, or NULL */
};

/*
 * Rewrites text[0..len) (a post body whose first line is line first_line
 * of file; any bytes, NUL included) into CommonMark:
 *  - {% highlight LANG [linenos] [mark_lines="3 4"] %}..{% endhighlight %}
 *    -> a ``` fence with info string "LANG", or "LANG {linenos=true
 *    hl_lines=[3,4]}" (codeopts.h), body copied unread; when
 *    the tags share their lines with text, the code lines become code
 *    spans instead, so that no line moves;
 *  - {% raw %}..{% endraw %} kept verbatim; {% comment %}..{% endcomment %}
 *    and {% capture %} bodies dropped; {% post_url SLUG %} -> where web
 *    serves its permalink (url_on_site, absolute); {% include series.html %} (any include named
 *    series*) -> LIQUID_SERIES_MARKER; other includes and any other tag
 *    removed, leaving what if/for/unless blocks enclose;
 *  - {{ site.X }} / {{ page.X }} and quoted literals substituted (filters
 *    append, prepend, default, relative_url, absolute_url applied, others
 *    ignored), other expressions removed;
 *  - kramdown attribute lists ({:..} and {: ..}) and extensions ({::..},
 *    {:/..}; {::comment} with its body) removed; a list item followed by
 *    a {:toc} line, or a {:toc} line alone, -> LIQUID_TOC_MARKER.
 * As in Jekyll, Liquid is rewritten everywhere, code included; kramdown
 * syntax is left alone inside fences, indented code and code spans.
 * Line numbers are preserved: the output has as many newlines as the
 * input, and line k of the output comes from line k of the input.
 * Unclosed blocks, and "{%" or "{{" never closed, are warned about
 * through diag() (the latter stay as text). Runs in linear time. env may
 * be NULL (no values). Returns a new NUL-terminated string (length, not
 * counting the NUL, in *outlen); the caller frees it.
 */
char	*liquid_rewrite(const char *file, unsigned first_line,
	    const char *text, size_t len, const struct liquid_env *env,
	    size_t *outlen);

#endif
