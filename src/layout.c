/* layout.c - measure every block, then paginate the heights. */
#include "layout.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/*
 * Footnotes as lines for pagination: each note's blocks flattened into
 * lines (the space after a block folded into its last line's height), and
 * for each block of text the lines that hold a note's mark.
 */
static void
notes(struct layout *l, const struct measure_ctx *mc, const struct doc *d)
{
	const struct role_style *r = &mc->st->role[ROLE_FOOTNOTE];

	for (size_t i = 0; i < d->nblocks; i++)
		if (d->blocks[i].note > 0 && (size_t)d->blocks[i].note >
		    l->nnotes)
			l->nnotes = (size_t)d->blocks[i].note;
	if (l->nnotes == 0)
		return;
	l->foot_sep = r->leading;
	l->notes = xcalloc(l->nnotes, sizeof(*l->notes));
	l->note_lines = xcalloc(l->nnotes, sizeof(*l->note_lines));
	l->note_h = xcalloc(l->nnotes, sizeof(*l->note_h));
	for (size_t i = 0; i < d->nblocks; i++) {
		const struct block *b = &d->blocks[i];
		const struct measured *m = &l->m[i];
		size_t k = (size_t)b->note - 1, n;

		if (b->note <= 0)
			continue;
		l->pg[i].skip = 1;
		n = l->notes[k].nlines;
		l->note_lines[k] = xreallocarray(l->note_lines[k],
		    2 * (n + m->nlines), sizeof(size_t));
		l->note_h[k] = xreallocarray(l->note_h[k], n + m->nlines,
		    sizeof(double));
		for (size_t j = 0; j < m->nlines; j++) {
			l->note_lines[k][2 * (n + j)] = i;
			l->note_lines[k][2 * (n + j) + 1] = j;
			l->note_h[k][n + j] = m->lines[j].height +
			    (j + 1 == m->nlines ? b->space_after : 0);
		}
		l->notes[k].nlines = n + m->nlines;
		l->notes[k].line_h = l->note_h[k];
	}
	l->refs = xcalloc(l->n, sizeof(*l->refs));
	for (size_t i = 0; i < d->nblocks; i++) {
		const struct block *b = &d->blocks[i];
		const struct measured *m = &l->m[i];

		if (b->note > 0 || m->layout == NULL || b->kind != BLOCK_TEXT)
			continue;
		for (size_t k = 0; k < b->nlinks; k++) {
			int note = b->links[k].note, line;
			struct pg_block *p = &l->pg[i];

			if (note <= 0 || (size_t)note > l->nnotes)
				continue;
			pango_layout_index_to_line_x(m->layout,
			    (int)b->links[k].start, 0, &line, NULL);
			l->refs[i] = xreallocarray(l->refs[i], p->nrefs + 1,
			    sizeof(**l->refs));
			l->refs[i][p->nrefs].line = (size_t)line;
			l->refs[i][p->nrefs++].note = (size_t)note - 1;
			p->refs = l->refs[i];
		}
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
	paginate(l->pg, l->n, l->notes, l->nnotes, mc->body, l->foot_sep,
	    &l->r);
}

void
layout_free(struct layout *l)
{
	for (size_t i = 0; i < l->n; i++) {
		measured_free(&l->m[i]);
		free(l->heights[i]);
		if (l->refs)
			free(l->refs[i]);
	}
	free(l->refs);
	for (size_t k = 0; k < l->nnotes; k++) {
		free(l->note_lines[k]);
		free(l->note_h[k]);
	}
	free(l->notes);
	free(l->note_lines);
	free(l->note_h);
	free(l->m);
	free(l->pg);
	free(l->heights);
	pg_free(&l->r);
	memset(l, 0, sizeof(*l));
}
