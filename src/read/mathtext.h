/*
 * mathtext.h - formulas in text that Markdown does not read: a title
 * from front matter, or a heading's text with its formulas' markers
 * (mathscan.h). Such a text is typeset where a block shows it (the
 * title block) and turned into plain Unicode where only text goes: the
 * PDF's title, bookmarks, running heads, contents entries.
 */
#ifndef QUIRE_MATHTEXT_H
#define QUIRE_MATHTEXT_H

#include <pango/pango.h>

#include "mathscan.h"

/*
 * The formulas of s (by mathscan's rules: "$5 and $10" stay text) taken
 * out into *f, each replaced by its marker. Returns a new string; the
 * caller frees it and, with formulas_free, *f.
 */
char	*mathtext_scan(const char *s, struct formulas *f);
/*
 * marked (a text with markers of f's formulas) as plain text: each
 * formula as its plain Unicode form (math_plain: "O(n²)"), or its TeX
 * source when it cannot be parsed; with f NULL, formulas are left out.
 * Returns a new string.
 */
char	*mathtext_plain(const char *marked, const struct formulas *f);
/*
 * marked set for a block: *text the text with each formula as the
 * object character carrying it (mathtree.h), *attrs the attributes (NULL
 * when there is no formula). A formula that cannot be parsed is shown
 * as its source, with a warning at file and its line. Formulas are set
 * in the line (never as displays).
 */
void	mathtext_set(const char *marked, const struct formulas *f,
	    const char *file, char **text, PangoAttrList **attrs);

#endif
