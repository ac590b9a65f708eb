/*
 * codeopts.h - the options of a code block that quire draws: line
 * numbers and the lines to highlight, as the generators write them.
 *
 *   CODEOPTS_LIST  Hugo's highlight shortcode: "linenos=table,
 *                  hl_lines=3 6-8, style=emacs" - pairs at commas, a
 *                  value running to the next comma.
 *   CODEOPTS_ATTRS what follows a fence's language, and Jekyll's
 *                  highlight tag: words and key=value pairs at blanks or
 *                  commas, optionally in braces, a value quoted or a
 *                  [list]: Hugo's {linenos=inline hl_lines=[3,"6-8"]},
 *                  Jekyll's linenos mark_lines="3 4", and the bare
 *                  {1,4-6} of Gatsby, Docusaurus and Astro fences.
 *
 * Keys are case-blind (Hugo's are). linenos is on for true, table,
 * inline or 1 (and as a bare word); linenostart=N (Hugo's) is the
 * number the first line shows (a value that is no number up to
 * CODEOPTS_MAX_LINE is passed over); hl_lines and mark_lines list lines
 * ("3", "6-8"; counted from the block's first line, whatever number it
 * shows: Hugo's hl_lines are independent of linenostart). Other options
 * (style, title...) are not quire's and are passed over.
 */
#ifndef QUIRE_CODEOPTS_H
#define QUIRE_CODEOPTS_H

#include "doc.h"
#include "util.h"

/* More spans than this in one block are refused (a bound on input). */
#define CODEOPTS_MAX_SPANS 1024
/* The largest line number read. */
#define CODEOPTS_MAX_LINE 1000000

enum codeopts_form { CODEOPTS_LIST, CODEOPTS_ATTRS };

struct codeopts {
	int	 linenos;
	int	 lineno_offset;	/* shown number less the line's: start - 1 */
	struct line_span *marked;	/* owned; sorted, merged */
	size_t	 nmarked;
};

/*
 * Reads s (NULL is empty) in form into o (overwritten, not freed).
 * Returns 0, or -1 when a list of lines is not one (a word that is no
 * line or range, a line beyond CODEOPTS_MAX_LINE, more than
 * CODEOPTS_MAX_SPANS spans): then no line is marked, and *bad receives
 * a copy of the value that was not read, for a warning (the caller
 * frees it). o is always safe to codeopts_free.
 */
int	codeopts_parse(const char *s, enum codeopts_form form,
	    struct codeopts *o, char **bad);
/*
 * Appends o as a fence's info after its language - " {linenos=true
 * linenostart=5 hl_lines=[2,"4-6"]}", nothing when o holds nothing - which
 * codeopts_parse reads back the same in CODEOPTS_ATTRS.
 */
void	codeopts_info(const struct codeopts *o, struct buf *b);
void	codeopts_free(struct codeopts *o);

#endif
