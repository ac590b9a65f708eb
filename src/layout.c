/* layout.c - measure every block, then paginate the heights. */
#include "layout.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

void
layout_doc(struct layout *l, const struct measure_ctx *mc,
    const struct doc *d)
{
	const struct style *st = mc->st;

	memset(l, 0, sizeof(*l));
	l->n = d->nblocks;
	l->m = xcalloc(l->n, sizeof(*l->m));
	l->pg = xcalloc(l->n, sizeof(*l->pg));
	l->heights = xcalloc(l->n, sizeof(*l->heights));
	for (size_t i = 0; i < l->n; i++) {
		const struct block *b = &d->blocks[i];
		struct measured *m = &l->m[i];
		struct pg_block *p = &l->pg[i];

		measure_block(mc, b, m);
		l->heights[i] = xcalloc(m->nlines, sizeof(double));
		for (size_t k = 0; k < m->nlines; k++)
			l->heights[i][k] = m->lines[k].height;
		p->line_h = l->heights[i];
		p->nlines = m->nlines;
		p->space_before = b->space_before;
		p->space_after = b->space_after;
		p->pad = m->pad;
		p->keep_with_next = b->keep_with_next;
		p->break_before = b->break_before;
		if (b->kind == BLOCK_SPACE)
			p->space_before = 0;	/* its room is its line */
		p->orphans = st->orphans;
		p->widows = st->widows;
		switch (b->kind) {
		case BLOCK_TEXT:
		case BLOCK_CODE:
			p->split = 1;
			break;
		case BLOCK_TABLE:
			p->split = 1;
			p->head = m->nlines > 0 ? m->lines[0].height : 0;
			break;
		default:
			p->split = 0;
			break;
		}
		/* Box chrome of placeholders lives in their one line. */
		if (b->kind == BLOCK_IMAGE || b->kind == BLOCK_EMBED)
			p->pad = 0;
	}
	paginate(l->pg, l->n, mc->body, &l->r);
}

void
layout_free(struct layout *l)
{
	for (size_t i = 0; i < l->n; i++) {
		measured_free(&l->m[i]);
		free(l->heights[i]);
	}
	free(l->m);
	free(l->pg);
	free(l->heights);
	pg_free(&l->r);
	memset(l, 0, sizeof(*l));
}
