/* layout.c - measure every block, then paginate the heights. */
#include "layout.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Least rows of a listing on either side of a page break. */
#define CODE_LEAST 3

/* The gutter between columns set side by side, in ems of the body. */
#define GUTTER_EM 1.5

static double
gutter(const struct measure_ctx *mc)
{
	return GUTTER_EM * mc->st->role[ROLE_BODY].size;
}

double
layout_column_width(const struct measure_ctx *mc, int columns)
{
	if (columns < 2)
		return mc->column;
	return (mc->column - gutter(mc) * (columns - 1)) / columns;
}

/* Measures block b of l at its width: the column's, or one of its
 * columns' when it is set in columns. */
static void
measure(const struct layout *l, const struct measure_ctx *mc,
    const struct block *b, struct measured *m)
{
	struct measure_ctx in = *mc;

	if (b->columns > 1)
		in.column = l->col_w;
	measure_block(&in, b, m);
}

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

/* Whether block b's layouts may be let go and made again when drawn:
 * not when footnotes hang on them. */
static int
can_release(const struct block *b)
{
	if (b->note > 0)
		return 0;
	for (size_t k = 0; k < b->nlinks; k++)
		if (b->links[k].note > 0)
			return 0;
	return 1;
}

/* Lets go of block i's Pango objects, keeping its lines. */
static void
release(struct layout *l, size_t i)
{
	struct measured *m = &l->m[i];
	struct line_box *lines = m->lines;
	size_t n = m->nlines;

	m->lines = NULL;
	measured_free(m);
	m->lines = lines;
	m->nlines = n;
	l->released[i] = 1;
}

static void
lay_out(struct layout *l, const struct measure_ctx *mc, const struct doc *d,
    int lean, layout_seen_fn seen, void *arg)
{
	const struct style *st = mc->st;

	memset(l, 0, sizeof(*l));
	l->n = d->nblocks;
	if (lean)
		l->released = xcalloc(l->n ? l->n : 1, 1);
	l->m = xcalloc(l->n, sizeof(*l->m));
	l->pg = xcalloc(l->n, sizeof(*l->pg));
	l->heights = xcalloc(l->n, sizeof(*l->heights));
	l->flags = xcalloc(l->n, sizeof(*l->flags));
	for (size_t i = 0; i < l->n; i++)
		if (d->blocks[i].columns > 1) {
			l->col_w = layout_column_width(mc,
			    d->blocks[i].columns);
			l->col_step = l->col_w + gutter(mc);
			break;
		}
	for (size_t i = 0; i < l->n; i++) {
		const struct block *b = &d->blocks[i];
		struct measured *m = &l->m[i];
		struct pg_block *p = &l->pg[i];

		measure(l, mc, b, m);
		if (seen != NULL)
			seen(arg, b, m);
		l->heights[i] = xcalloc(m->nlines, sizeof(double));
		l->flags[i] = xcalloc(m->nlines, 1);
		for (size_t k = 0; k < m->nlines; k++) {
			l->heights[i][k] = m->lines[k].height;
			l->flags[i][k] = (unsigned char)((m->lines[k].hyphen ?
			    PG_HYPHEN : 0) | (m->lines[k].blank ? PG_BLANK : 0));
		}
		p->line_h = l->heights[i];
		p->flags = l->flags[i];
		p->nlines = m->nlines;
		p->space_before = b->space_before;
		p->space_after = b->space_after;
		p->pad = m->pad;
		p->keep_with_next = b->keep_with_next;
		p->break_before = b->break_before;
		p->columns = b->columns;
		p->repeat = b->repeat;
		/* A repeat stands only where the block it heads starts a
		 * column or page. */
		if (b->repeat > 0 && b->repeat <= l->n)
			l->pg[b->repeat - 1].skip = 1;
		if (b->kind == BLOCK_SPACE)
			p->space_before = 0;	/* its room is its line */
		p->orphans = st->orphans;
		p->widows = st->widows;
		/* One or two rows of a listing alone read as strays. */
		if (b->kind == BLOCK_CODE) {
			p->orphans = p->orphans > CODE_LEAST ? p->orphans :
			    CODE_LEAST;
			p->widows = p->widows > CODE_LEAST ? p->widows :
			    CODE_LEAST;
		}
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
		if (b->keep_together)
			p->split = 0;
		/* Box chrome of placeholders lives in their one line. */
		if (b->kind == BLOCK_IMAGE || b->kind == BLOCK_EMBED)
			p->pad = 0;
		/* An image may give up 30 % of its height to stay on the
		 * page after the text that leads to it. */
		if (b->kind == BLOCK_IMAGE && block_has_picture(b))
			p->min_h = m->lines[0].height - m->img_h * 0.3;
		if (lean && can_release(b))
			release(l, i);
	}
	notes(l, mc, d);
	paginate(l->pg, l->n, l->notes, l->nnotes, mc->body, l->foot_sep,
	    &l->r);
	/* Columns end level on the last page; text across the page does
	 * not leave a few stray lines alone on any page. */
	if (l->col_w > 0)
		pg_balance_last(l->pg, l->n, l->notes, l->nnotes, mc->body,
		    l->foot_sep, &l->r);
	else
		pg_mend(l->pg, l->n, l->notes, l->nnotes, mc->body,
		    l->foot_sep, &l->r);
}

void
layout_doc(struct layout *l, const struct measure_ctx *mc,
    const struct doc *d)
{
	lay_out(l, mc, d, 0, NULL, NULL);
}

void
layout_doc_seen(struct layout *l, const struct measure_ctx *mc,
    const struct doc *d, layout_seen_fn seen, void *arg)
{
	lay_out(l, mc, d, 0, seen, arg);
}

void
layout_doc_lean(struct layout *l, const struct measure_ctx *mc,
    const struct doc *d)
{
	lay_out(l, mc, d, 1, NULL, NULL);
}

/* Calls fn on each block page p shows. */
static void
page_blocks(struct layout *l, size_t p, void (*fn)(struct layout *, size_t,
    const struct measure_ctx *, const struct doc *),
    const struct measure_ctx *mc, const struct doc *d)
{
	const struct pg_page *pg = &l->r.pages[p];

	for (size_t i = pg->first; i < pg->first + pg->n; i++)
		fn(l, l->r.slices[i].block, mc, d);
}

static void
remeasure(struct layout *l, size_t i, const struct measure_ctx *mc,
    const struct doc *d)
{
	if (l->released[i] == 1) {
		measured_free(&l->m[i]);
		/* The same block measured again: the same lines. */
		measure(l, mc, &d->blocks[i], &l->m[i]);
		l->released[i] = 2;
	}
}

static void
unmeasure(struct layout *l, size_t i, const struct measure_ctx *mc,
    const struct doc *d)
{
	(void)mc;
	(void)d;
	if (l->released[i] == 2)
		release(l, i);
}

void
layout_page_acquire(struct layout *l, const struct measure_ctx *mc,
    const struct doc *d, size_t p)
{
	if (l->released != NULL)
		page_blocks(l, p, remeasure, mc, d);
}

void
layout_page_release(struct layout *l, size_t p)
{
	if (l->released != NULL)
		page_blocks(l, p, unmeasure, NULL, NULL);
}

void
layout_free(struct layout *l)
{
	for (size_t i = 0; i < l->n; i++) {
		measured_free(&l->m[i]);
		free(l->heights[i]);
		free(l->flags[i]);
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
	free(l->flags);
	free(l->released);
	pg_free(&l->r);
	memset(l, 0, sizeof(*l));
}
