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
	double	**foot;		/* footnote room per line, or NULL */
	size_t	 n;
	struct pg_result r;
	/* Footnotes: note k (1-based) is blocks note_first[k] onwards, as
	 * long as their note is k; it takes note_h[k] at a page foot. */
	size_t	*note_first;
	double	*note_h;
	size_t	 nnotes;
	double	 foot_sep;	/* room for the rule above a page's notes */
};

/* Measures every block of d and paginates them. */
void	layout_doc(struct layout *l, const struct measure_ctx *mc,
	    const struct doc *d);
void	layout_free(struct layout *l);

#endif
