/* paginate.c - fill a page, then the next: arithmetic over heights. */
#include "paginate.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Keep-with-next chains longer than this are not followed. */
#define KEEP_CHAIN 4

struct state {
	const struct pg_block *b;
	size_t	 n;
	double	 body;
	double	 foot_sep;
	double	 y;		/* used height of the current page */
	double	 foot;		/* height its footnotes take at the foot */
	size_t	 on_page;	/* slices on the current page */
	double	 prev_after;	/* space_after of the last slice placed */
	struct pg_result *r;
	size_t	 capslices, cappages;
};

static void
new_page(struct state *s)
{
	struct pg_result *r = s->r;

	if (r->npages == s->cappages) {
		s->cappages = s->cappages ? s->cappages * 2 : 16;
		r->pages = xreallocarray(r->pages, s->cappages,
		    sizeof(*r->pages));
	}
	r->pages[r->npages].first = r->nslices;
	r->pages[r->npages].n = 0;
	r->npages++;
	s->y = 0;
	s->foot = 0;
	s->on_page = 0;
	s->prev_after = 0;
}

static void
add_slice(struct state *s, size_t block, size_t l0, size_t l1, double y,
    int continued)
{
	struct pg_result *r = s->r;
	struct pg_slice *sl;

	if (r->nslices == s->capslices) {
		s->capslices = s->capslices ? s->capslices * 2 : 64;
		r->slices = xreallocarray(r->slices, s->capslices,
		    sizeof(*r->slices));
	}
	sl = &r->slices[r->nslices++];
	sl->block = block;
	sl->line0 = l0;
	sl->line1 = l1;
	sl->y = y;
	sl->continued = continued;
	sl->h = 0;
	r->pages[r->npages - 1].n++;
	s->on_page++;
}

static double
gap(const struct state *s, const struct pg_block *b)
{
	if (s->on_page == 0)
		return 0;
	return s->prev_after > b->space_before ? s->prev_after :
	    b->space_before;
}

static double
sum(const double *h, size_t from, size_t to)
{
	double t = 0;

	for (size_t i = from; i < to; i++)
		t += h[i];
	return t;
}

/* Footnote room lines [from, to) of b add to the current page. */
static double
foot(const struct state *s, const struct pg_block *b, size_t from,
    size_t to)
{
	double f = b->line_foot ? sum(b->line_foot, from, to) : 0;

	return f > 0 && s->foot == 0 ? f + s->foot_sep : f;
}

/* Least lines of b that may stand at a page foot. */
static size_t
least_start(const struct pg_block *b)
{
	size_t k = b->split ? (size_t)(b->orphans > 0 ? b->orphans : 1) :
	    b->nlines;

	/* A block that cannot leave enough widows goes whole. */
	if (b->split && b->nlines < k + (size_t)b->widows)
		k = b->nlines;
	return k > b->nlines ? b->nlines : k;
}

/*
 * Height that must fit after block i for i to stay on this page when it
 * is keep_with_next: the start of the blocks it is kept with.
 */
static double
kept_height(const struct state *s, size_t i)
{
	double need = 0, after = s->b[i].space_after;

	for (size_t j = i + 1, depth = 0; j < s->n && depth < KEEP_CHAIN;
	    j++, depth++) {
		const struct pg_block *nb = &s->b[j];
		size_t k = least_start(nb);

		need += (after > nb->space_before ? after : nb->space_before) +
		    2 * nb->pad + sum(nb->line_h, 0, k);
		if (!nb->keep_with_next || k < nb->nlines)
			break;
		after = nb->space_after;
	}
	return need;
}

static void
place_block(struct state *s, size_t i)
{
	const struct pg_block *b = &s->b[i];
	size_t l = 0;
	int continued = 0;

	if (b->break_before && s->on_page > 0)
		new_page(s);
	if (b->skip)
		return;
	while (l < b->nlines || b->nlines == 0) {
		double g = gap(s, b);
		double head = continued ? b->head : 0;
		double room = s->body - s->y - s->foot - g - 2 * b->pad - head;
		double rest = sum(b->line_h, l, b->nlines) +
		    foot(s, b, l, b->nlines);
		size_t k = 0;

		if (b->nlines == 0) {
			add_slice(s, i, 0, 0, s->y + g + b->pad, 0);
			s->y += g + 2 * b->pad;
			s->prev_after = b->space_after;
			return;
		}
		if (rest <= room) {
			/* The rest fits; does what it is kept with? */
			if (b->keep_with_next && s->on_page > 0 && !continued &&
			    rest + kept_height(s, i) > room) {
				new_page(s);
				continue;
			}
			add_slice(s, i, l, b->nlines, s->y + g + b->pad + head,
			    continued);
			s->foot += foot(s, b, l, b->nlines);
			s->y += g + 2 * b->pad + head +
			    sum(b->line_h, l, b->nlines);
			s->prev_after = b->space_after;
			return;
		}
		while (l + k < b->nlines && sum(b->line_h, l, l + k + 1) +
		    foot(s, b, l, l + k + 1) <= room)
			k++;
		if (b->split && k > 0) {
			size_t left = b->nlines - l - k;
			size_t w = (size_t)(b->widows > 0 ? b->widows : 1);
			size_t o = (size_t)(b->orphans > 0 ? b->orphans : 1);

			if (left < w)
				k = b->nlines - l > w ? b->nlines - l - w : 0;
			if (l == 0 && k < o)
				k = 0;
		} else if (!b->split)
			k = 0;
		if (k == 0 && b->min_h > 0 && b->nlines == 1 && s->on_page > 0 &&
		    room >= b->min_h) {
			/* Smaller, rather than a hole at the page foot. */
			add_slice(s, i, 0, 1, s->y + g + b->pad, 0);
			s->r->slices[s->r->nslices - 1].h = room;
			s->y += g + 2 * b->pad + room;
			s->prev_after = b->space_after;
			return;
		}
		if (k == 0) {
			if (s->on_page == 0) {
				/* Nothing fits on an empty page: place what
				 * must go somewhere, one line or the whole. */
				k = b->split ? 1 : b->nlines - l;
				if (b->split)
					while (l + k < b->nlines &&
					    sum(b->line_h, l, l + k + 1) +
					    foot(s, b, l, l + k + 1) <= room)
						k++;
			} else {
				new_page(s);
				continue;
			}
		}
		add_slice(s, i, l, l + k, s->y + g + b->pad + head, continued);
		s->foot += foot(s, b, l, l + k);
		s->y += g + 2 * b->pad + head + sum(b->line_h, l, l + k);
		s->prev_after = b->space_after;
		l += k;
		continued = 1;
		if (l < b->nlines)
			new_page(s);
	}
}

void
paginate(const struct pg_block *b, size_t n, double body, double foot_sep,
    struct pg_result *r)
{
	struct state s = { .b = b, .n = n, .body = body, .foot_sep = foot_sep,
		.r = r };

	memset(r, 0, sizeof(*r));
	new_page(&s);
	for (size_t i = 0; i < n; i++)
		place_block(&s, i);
}

void
pg_free(struct pg_result *r)
{
	free(r->slices);
	free(r->pages);
	memset(r, 0, sizeof(*r));
}
