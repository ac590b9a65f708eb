/*
 * mathscan.h - TeX formulas taken out of a post's Markdown before cmark
 * reads it, so that nothing inside them becomes emphasis and no
 * backslash escape is lost; a marker stands in for each.
 */
#ifndef QUIRE_MATHSCAN_H
#define QUIRE_MATHSCAN_H

#include <stddef.h>

/* A marker: MATH_MARK, the formula's number in decimal, MATH_MARK_END
 * (private-use characters, U+E000 and U+E001, which cmark leaves be). */
#define MATH_MARK	"\xEE\x80\x80"
#define MATH_MARK_END	"\xEE\x80\x81"

struct formula {
	char	*tex;		/* the source between the delimiters */
	unsigned line;		/* file line of its opening delimiter */
	int	 display;	/* set on its own line */
};

struct formulas {
	struct formula *v;
	size_t	 n;
};

/*
 * Rewrites text[0..len) (a post body whose first line is file line
 * first_line) with each formula replaced by its marker, appended to *f:
 *  - $$..$$ and \[..\] (also \\[..\\]): display when alone on their
 *    lines (kramdown's rule), else in the line;
 *  - $..$ as pandoc reads it: the opening '$' followed by a non-space,
 *    the closing one preceded by a non-space and not followed by a
 *    digit; \(..\) and \\(..\\); a "\$" is a dollar;
 *  - \begin{equation}, align, gather, multline, eqnarray, alignat,
 *    flalign (starred too) to their \end, first on a line, as MathJax
 *    reads them without delimiters (display, the whole the formula);
 *  - ```math fences (display); Hugo's {{< math >}}/{{< katex >}} pairs
 *    (display when given "display" or when the content is $$..$$).
 * Formulas never span a blank line, and nothing is read inside code
 * spans, fences and indented code. Lines keep their numbers: a formula
 * over several lines leaves an HTML comment with as many newlines. Runs
 * in linear time. Returns a new NUL-terminated string (*outlen bytes);
 * the caller frees it and, with formulas_free, *f.
 */
char	*mathscan(const char *text, size_t len, unsigned first_line,
	    struct formulas *f, size_t *outlen);
void	formulas_free(struct formulas *f);
/*
 * Whether a Hugo shortcode named name[0..len) is one this stage reads as
 * a formula (katex, math): the shortcode stage, which runs first, leaves
 * such calls as they are written.
 */
int	mathscan_shortcode(const char *name, size_t len);
/*
 * The number of the formula whose marker starts s[0..len), its length
 * in *used; -1 when s does not start with a marker.
 */
long	mathscan_marker(const char *s, size_t len, size_t *used);

#endif
