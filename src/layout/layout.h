/*
 * layout.h - a document measured and paginated: the bridge from blocks
 * (measure.c) to pages (paginate.c).
 */
#ifndef QUIRE_LAYOUT_H
#define QUIRE_LAYOUT_H

#include "doc.h"
#include "measure.h"
#include "paginate.h"

struct layout {
	struct measured *m;	/* one per block */
	struct pg_block *pg;	/* one per block */
	double	**heights;	/* line heights per block (pg[i].line_h) */
	unsigned char **flags;	/* per line PG_HYPHEN, PG_BLANK (pg[i].flags) */
	struct pg_ref **refs;	/* footnote marks per block, or NULL */
	size_t	 n;
	struct pg_result r;
	/* Footnotes, 0-based (footnote k is notes[k - 1]): each as lines
	 * of its blocks, (block, line) pairs, with their heights. */
	struct pg_note *notes;
	size_t	**note_lines;	/* 2 * notes[k].nlines: block, line */
	double	**note_h;
	size_t	 nnotes;
	double	 foot_sep;	/* room for the rule above a page's notes */
	/* Lean layouts only: per block, 1 when its Pango objects were let
	 * go after measuring, 2 while they are made again for a page. */
	unsigned char *released;
	/* Blocks set in columns (block.columns, one count a document):
	 * each column's width and the step from one column's left edge to
	 * the next's, pt. */
	double	 col_w, col_step;
};

/* The width of each of columns columns side by side in mc's text column
 * (what the gutters between them leave), pt. */
double	layout_column_width(const struct measure_ctx *mc, int columns);

/* Measures every block of d and paginates them. */
void	layout_doc(struct layout *l, const struct measure_ctx *mc,
	    const struct doc *d);
/* The same, calling seen(arg, b, m) on each block b as soon as it is
 * measured into m, before the pages are made. */
typedef void (*layout_seen_fn)(void *arg, const struct block *b,
    const struct measured *m);
void	layout_doc_seen(struct layout *l, const struct measure_ctx *mc,
	    const struct doc *d, layout_seen_fn seen, void *arg);
/*
 * The same, keeping only the blocks' heights: for a long document (a
 * booklet's contents and index), whose blocks are measured again a page
 * at a time, between layout_page_acquire and layout_page_release, so that
 * memory does not grow with its length.
 */
void	layout_doc_lean(struct layout *l, const struct measure_ctx *mc,
	    const struct doc *d);
void	layout_page_acquire(struct layout *l, const struct measure_ctx *mc,
	    const struct doc *d, size_t p);
void	layout_page_release(struct layout *l, size_t p);
void	layout_free(struct layout *l);

#endif
