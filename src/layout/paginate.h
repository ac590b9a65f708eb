/*
 * paginate.h - measured blocks onto pages. Pure arithmetic over heights:
 * no Pango, no cairo, so every rule is unit-tested without fonts.
 *
 * Rules: a block that may split breaks between lines, leaving at least
 * `orphans` lines at a page foot and `widows` lines at the next head
 * (lines flagged PG_BLANK, a listing's empty rows, not counted); a
 * block that may not split goes whole to the next page (or, taller than
 * a page, stands alone on one); a keep_with_next block goes to the next
 * page unless the start of what follows fits beside it; space between
 * blocks is the larger of the two, and none at a page head.
 *
 * Blocks set in columns fill the first column down to the page foot, then
 * the next from the same top, then the next page's. A block with a
 * repeat that starts a column or page (its term left behind) has the
 * repeat set above it there.
 *
 * Footnotes stand at the foot of the page where their mark's line is:
 * a line goes on a page only with room for the first lines of the notes
 * it brings (with a separator above the first); a note that does not fit
 * goes on at the foot of the next page.
 */
#ifndef QUIRE_PAGINATE_H
#define QUIRE_PAGINATE_H

#include <stddef.h>

/* Line `line` of a block marks footnote `note` (0-based, in notes[]). */
struct pg_ref {
	size_t	 line;
	size_t	 note;
};

/* A footnote as lines, with the space after each folded into its height. */
struct pg_note {
	const double *line_h;
	size_t	 nlines;
};

#define PG_HYPHEN 1	/* the line ends in a hyphen: a word goes on */
#define PG_BLANK 2	/* the line holds no text (between hard breaks) */

struct pg_block {
	double	 space_before, space_after;
	double	 pad;		/* added above and below each slice */
	double	 head;		/* repeated at the top of continued slices
				   (a table's header row is line 0) */
	const double *line_h;	/* nlines heights */
	size_t	 nlines;
	const struct pg_ref *refs;	/* footnote marks, by line */
	size_t	 nrefs;
	int	 skip;		/* not in the flow (footnote text) */
	double	 min_h;		/* a one-line block may shrink to this
				   rather than leave a gap (images); 0 */
	int	 split;		/* may break between lines */
	const unsigned char *flags;	/* per line: PG_HYPHEN, PG_BLANK;
					   or NULL */
	int	 keep_with_next;
	int	 break_before;	/* starts a new page */
	int	 orphans, widows;
	int	 columns;	/* set in this many columns of one height
				   (filled one after the other) under what
				   stands across the page; 0 or 1: across */
	size_t	 repeat;	/* 1 + the block (a skip one) set above this
				   one's lines where they start a column or
				   page, as a term "(cont.)"; 0: none */
};

/* Lines [line0, line1) of block placed with their first line at y. */
struct pg_slice {
	size_t	 block;
	size_t	 line0, line1;
	double	 y;		/* from the text area top to the first line
				   (after pad and any repeated head) */
	int	 continued;	/* not the block's first slice */
	double	 h;		/* height when shrunk (min_h), else 0 */
	int	 col;		/* its column, from 0 (0 for blocks across) */
};

/* Lines [line0, line1) of a footnote set at a page foot. */
struct pg_frag {
	size_t	 note;
	size_t	 line0, line1;
};

struct pg_page {
	size_t	 first;		/* index of its first slice */
	size_t	 n;		/* slices on the page */
	size_t	 first_frag;	/* its footnote fragments, in order */
	size_t	 nfrags;
};

struct pg_result {
	struct pg_slice *slices;
	size_t	 nslices;
	struct pg_frag *frags;
	size_t	 nfrags;
	struct pg_page *pages;
	size_t	 npages;
};

/* Lays n blocks and their nnotes footnotes onto pages of text height
 * body; foot_sep is the room a page's footnotes need above them. Frees
 * with pg_free. */
void	paginate(const struct pg_block *b, size_t n,
	    const struct pg_note *notes, size_t nnotes, double body,
	    double foot_sep, struct pg_result *r);
/*
 * Remakes r (from paginate with the same arguments) where it reads badly:
 * when its last page holds LAST_LEAST (3) lines of text or fewer (blank
 * lines do not count) without an image, the page before runs one line
 * long when that takes a single stray line back, or else breaks earlier
 * so that the last page gets more; then a page but the last left more
 * than a fifth empty (what follows fits neither whole nor shrunk)
 * takes up to four lines from the page before. r stays as it was where
 * neither works.
 */
void	pg_mend(const struct pg_block *b, size_t n,
	    const struct pg_note *notes, size_t nnotes, double body,
	    double foot_sep, struct pg_result *r);
/*
 * Remakes r (from paginate with the same arguments) so that the columns
 * on its last page are balanced: that page's text height is the least
 * that keeps the page count, so the columns end level (within a line)
 * rather than one full and the next short. r stays as it is when its last
 * page holds no columns.
 */
void	pg_balance_last(const struct pg_block *b, size_t n,
	    const struct pg_note *notes, size_t nnotes, double body,
	    double foot_sep, struct pg_result *r);
void	pg_free(struct pg_result *r);

#endif
