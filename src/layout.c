/* layout.c - measure every block, then paginate the heights. */
#include "layout.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Heights of the footnotes, and the room each line's marks ask for. */
static void
notes(struct layout *l, const struct measure_ctx *mc, const struct doc *d)
{
	for (size_t i = 0; i < d->nblocks; i++)
		if (d->blocks[i].note > 0 && (size_t)d->blocks[i].note >
		    l->nnotes)
			l->nnotes = (size_t)d->blocks[i].note;
	if (l->nnotes == 0)
		return;
	l->foot_sep = mc->st->role[ROLE_FOOTNOTE].leading;
	l->note_first = xcalloc(l->nnotes + 1, sizeof(size_t));
	l->note_h = xcalloc(l->nnotes + 1, sizeof(double));
	for (size_t i = d->nblocks; i-- > 0;) {
		const struct block *b = &d->blocks[i];
		int k = b->note;

		if (k <= 0)
			continue;
		l->pg[i].skip = 1;
		/* Blocks of a note follow each other; walking backwards
		 * leaves note_first at the first. */
		if (l->note_h[k] > 0)
			l->note_h[k] += b->space_after;
		l->note_h[k] += l->m[i].lines[l->m[i].nlines - 1].top +
		    l->m[i].lines[l->m[i].nlines - 1].height;
		l->note_first[k] = i;
	}
	l->foot = xcalloc(l->n, sizeof(*l->foot));
	for (size_t i = 0; i < d->nblocks; i++) {
		const struct block *b = &d->blocks[i];
		const struct measured *m = &l->m[i];

		if (b->note > 0 || m->layout == NULL || b->kind != BLOCK_TEXT)
			continue;
		for (size_t k = 0; k < b->nlinks; k++) {
			int note = b->links[k].note;
			int line;

			if (note <= 0 || (size_t)note > l->nnotes)
				continue;
			if (l->foot[i] == NULL)
				l->foot[i] = xcalloc(m->nlines,
				    sizeof(double));
			pango_layout_index_to_line_x(m->layout,
			    (int)b->links[k].start, 0, &line, NULL);
			l->foot[i][line] += l->note_h[note] +
			    mc->st->role[ROLE_FOOTNOTE].space_after;
		}
		l->pg[i].line_foot = l->foot[i];
	}
}

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
		/* An image may give up a third of its height to stay on
		 * the page after the text that leads to it. */
		if (b->kind == BLOCK_IMAGE && b->path != NULL)
			p->min_h = m->lines[0].height - m->img_h / 3;
	}
	notes(l, mc, d);
	paginate(l->pg, l->n, mc->body, l->foot_sep, &l->r);
}

void
layout_free(struct layout *l)
{
	for (size_t i = 0; i < l->n; i++) {
		measured_free(&l->m[i]);
		free(l->heights[i]);
		if (l->foot)
			free(l->foot[i]);
	}
	free(l->foot);
	free(l->note_first);
	free(l->note_h);
	free(l->m);
	free(l->pg);
	free(l->heights);
	pg_free(&l->r);
	memset(l, 0, sizeof(*l));
}
