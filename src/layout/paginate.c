/* paginate.c - fill a page, then the next: arithmetic over heights. */
#include "paginate.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Keep-with-next chains longer than this are not followed. */
#define KEEP_CHAIN 4

/* A last page holding no more lines than this is remade. */
#define LAST_LEAST 3

/* A page (not the last) left shorter than this share of its text height
 * (a fifth: a reader sees a hole well before a quarter) is remade, by
 * taking this many lines at most from the page before. */
#define HOLE_MOST 0.2
#define HOLE_LINES 4

/* Least lines of a note that must stand on the page of its mark. */
#define NOTE_LEAST 2

/* A footnote waiting for the foot of a page: from line `from` on. */
struct pending {
	size_t	 note;
	size_t	 from;
};

struct state {
	const struct pg_block *b;
	size_t	 n;
	const struct pg_note *notes;
	size_t	 nnotes;
	unsigned char *started;	/* a note's mark has been placed */
	double	 body;		/* text height of a page */
	const double *bodies;	/* per page: its own text height, or 0 */
	size_t	 nbodies;
	double	 page_body;	/* the current page's */
	double	 foot_sep;
	double	 y;		/* used height of the current page */
	double	 foot;		/* room reserved for its footnotes */
	size_t	 on_page;	/* slices on the current page */
	size_t	 floated;	/* an image (or a heading and its image)
				   waiting for the next page's top, or
				   SIZE_MAX */
	size_t	 nfloated;	/* blocks from floated that wait */
	double	 prev_after;	/* space_after of the last slice placed */
	int	 ncols;		/* columns of the run set in columns, or 0 */
	int	 col;		/* the column being filled */
	double	 col_top;	/* where the page's columns start */
	double	 col_low;	/* the lowest foot of its filled columns */
	struct pending *wait;	/* notes for this page's foot, in order */
	int	 notes_set;	/* set_notes has done this page */
	size_t	 nwait, capwait;
	struct pg_result *r;
	size_t	 capslices, cappages, capfrags;
};

static double
sum(const double *h, size_t from, size_t to)
{
	double t = 0;

	for (size_t i = from; i < to; i++)
		t += h[i];
	return t;
}

/* The part of a note, from line `from`, that must go on the same page. */
static double
least_note(const struct state *s, size_t note, size_t from)
{
	const struct pg_note *nt = &s->notes[note];
	size_t to = from + NOTE_LEAST;

	/* A short note is not split at all. */
	if (to + 1 >= nt->nlines)
		to = nt->nlines;
	return sum(nt->line_h, from, to);
}

static void
wait_note(struct state *s, size_t note, size_t from)
{
	if (s->nwait == s->capwait) {
		s->capwait = s->capwait ? s->capwait * 2 : 8;
		s->wait = xreallocarray(s->wait, s->capwait, sizeof(*s->wait));
	}
	s->wait[s->nwait].note = note;
	s->wait[s->nwait++].from = from;
	s->foot += (s->foot == 0 ? s->foot_sep : 0) +
	    least_note(s, note, from);
}

/*
 * Sets the page's footnotes in the room its text left: whole where they
 * fit, else as many lines as fit; the rest waits for the next page.
 */
static void
set_notes(struct state *s)
{
	struct pg_result *r = s->r;
	double room = s->page_body - s->y - s->foot_sep;
	size_t kept = 0;

	if (s->nwait == 0 || s->notes_set)
		return;
	s->notes_set = 1;
	r->pages[r->npages - 1].first_frag = r->nfrags;
	for (size_t i = 0; i < s->nwait; i++) {
		const struct pg_note *nt = &s->notes[s->wait[i].note];
		size_t l = s->wait[i].from, to = l;

		while (to < nt->nlines && nt->line_h[to] <= room)
			room -= nt->line_h[to++];
		/* Its least part was reserved; never leave it out. */
		if (to == l && kept == 0 && i == 0 && l < nt->nlines)
			to = l + 1;
		if (to > l) {
			if (r->nfrags == s->capfrags) {
				s->capfrags = s->capfrags ? s->capfrags * 2 : 16;
				r->frags = xreallocarray(r->frags, s->capfrags,
				    sizeof(*r->frags));
			}
			r->frags[r->nfrags].note = s->wait[i].note;
			r->frags[r->nfrags].line0 = l;
			r->frags[r->nfrags++].line1 = to;
			r->pages[r->npages - 1].nfrags++;
		}
		if (to < nt->nlines)
			s->wait[kept++] = (struct pending){ s->wait[i].note, to };
	}
	s->nwait = kept;
}

static void place_block(struct state *, size_t);

static void
new_page(struct state *s)
{
	struct pg_result *r = s->r;
	size_t carried;

	if (r->npages > 0)
		set_notes(s);
	if (r->npages == s->cappages) {
		s->cappages = s->cappages ? s->cappages * 2 : 16;
		r->pages = xreallocarray(r->pages, s->cappages,
		    sizeof(*r->pages));
	}
	memset(&r->pages[r->npages], 0, sizeof(r->pages[0]));
	r->pages[r->npages].first = r->nslices;
	s->page_body = r->npages < s->nbodies && s->bodies[r->npages] > 0 ?
	    s->bodies[r->npages] : s->body;
	r->npages++;
	s->y = 0;
	s->on_page = 0;
	s->prev_after = 0;
	s->notes_set = 0;
	s->col = 0;
	s->col_top = s->col_low = 0;
	/* Notes carried over keep room for their next lines. */
	s->foot = 0;
	carried = s->nwait;
	s->nwait = 0;
	for (size_t i = 0; i < carried; i++)
		wait_note(s, s->wait[i].note, s->wait[i].from);
	/* An image that floated heads the page. */
	if (s->floated != SIZE_MAX) {
		size_t f = s->floated, nf = s->nfloated;

		s->floated = SIZE_MAX;
		for (size_t j = f; j < f + nf; j++)
			place_block(s, j);
	}
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
	sl->col = s->ncols > 1 ? s->col : 0;
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

/*
 * Room the marks in lines [from, to) of b would reserve for notes not yet
 * begun; commit places them.
 */
static double
foot(struct state *s, const struct pg_block *b, size_t from, size_t to,
    int commit)
{
	double f = 0;
	int first = s->foot == 0;

	for (size_t k = 0; k < b->nrefs; k++) {
		const struct pg_ref *rf = &b->refs[k];
		int again = 0;

		if (rf->line < from || rf->line >= to || rf->note >= s->nnotes ||
		    s->started[rf->note])
			continue;
		for (size_t j = 0; j < k && !again; j++)
			again = b->refs[j].note == rf->note &&
			    b->refs[j].line >= from;
		if (again)
			continue;
		if (commit) {
			s->started[rf->note] = 1;
			wait_note(s, rf->note, 0);
		} else
			f += least_note(s, rf->note, 0);
	}
	return f > 0 && first ? f + s->foot_sep : f;
}

/*
 * Lines of b in [from, to) that hold text: a listing's empty row is no
 * row to a reader, so it counts for neither orphans nor widows.
 */
static size_t
filled(const struct pg_block *b, size_t from, size_t to)
{
	size_t n = 0;

	for (size_t k = from; k < to; k++)
		n += b->flags == NULL || !(b->flags[k] & PG_BLANK);
	return n;
}

/* Least lines of b that may stand at a page foot. */
static size_t
least_start(const struct pg_block *b)
{
	size_t o = (size_t)(b->orphans > 0 ? b->orphans : 1), k = 0;

	if (!b->split)
		return b->nlines;
	while (k < b->nlines && filled(b, 0, k) < o)
		k++;
	/* A block that cannot leave enough widows goes whole. */
	if (filled(b, k, b->nlines) < (size_t)b->widows)
		k = b->nlines;
	return k;
}

/*
 * Height that must fit after block i for i to stay on this page when it
 * is keep_with_next: the start of the blocks it is kept with (an image
 * as small as it may shrink).
 */
static double
kept_height(const struct state *s, size_t i)
{
	double need = 0, after = s->b[i].space_after;

	for (size_t j = i + 1, depth = 0; j < s->n && depth < KEEP_CHAIN;
	    j++) {
		const struct pg_block *nb = &s->b[j];
		size_t k = least_start(nb);

		/* Out of the flow (a note, a repeat): not what follows. */
		if (nb->skip)
			continue;
		depth++;
		need += (after > nb->space_before ? after : nb->space_before) +
		    2 * nb->pad + (nb->min_h > 0 && nb->nlines == 1 ?
		    nb->min_h : sum(nb->line_h, 0, k));
		if (!nb->keep_with_next || k < nb->nlines)
			break;
		after = nb->space_after;
	}
	return need;
}

/*
 * Whether block i, an image that fits neither whole nor shrunk, may float
 * to the next page's top rather than leave a hole: when text follows to
 * fill the hole, it is not kept with what follows, and no image floats
 * already.
 */
static int
floats(const struct state *s, size_t i)
{
	const struct pg_block *b = &s->b[i];

	return b->min_h > 0 && b->nlines == 1 && !b->split &&
	    s->on_page > 0 && s->floated == SIZE_MAX && i + 1 < s->n &&
	    !b->keep_with_next && s->b[i + 1].split &&
	    !s->b[i + 1].break_before && b->nrefs == 0;
}

/*
 * Whether heading i, kept with the image after it, floats with it: the
 * image fits in left (the room under the heading) not even shrunk, and
 * text follows that can fill the page meanwhile.
 */
static int
floats_with_image(const struct state *s, size_t i, double left)
{
	const struct pg_block *im = &s->b[i + 1];

	return s->b[i].nrefs == 0 && i + 2 < s->n && im->min_h > 0 &&
	    im->nlines == 1 && !im->split && !im->break_before &&
	    !im->keep_with_next && im->nrefs == 0 && im->min_h > left &&
	    s->floated == SIZE_MAX && s->b[i + 2].split &&
	    !s->b[i + 2].break_before;
}

/* The next column of a run set in columns, else the next page. */
static void
next_area(struct state *s)
{
	if (s->ncols > 1 && s->col + 1 < s->ncols) {
		if (s->y > s->col_low)
			s->col_low = s->y;
		s->col++;
		s->y = s->col_top;
		s->on_page = 0;
		s->prev_after = 0;
	} else
		new_page(s);
}

/* Into or out of a run set in columns, as block b asks. */
static void
set_columns(struct state *s, const struct pg_block *b)
{
	int want = b->columns > 1 ? b->columns : 0;

	if (want == s->ncols)
		return;
	if (s->ncols > 1) {
		/* What follows across the page starts under every
		 * column. */
		if (s->y < s->col_low)
			s->y = s->col_low;
		s->on_page = s->r->pages[s->r->npages - 1].n > 0;
	}
	s->ncols = want;
	s->col = 0;
	s->col_top = s->y + gap(s, b);
	s->col_low = s->y;
}

/* Block i, a repeat, set at the head of a column or page; what comes
 * under it still opens the column (on_page stays 0). */
static void
put_repeat(struct state *s, size_t i)
{
	const struct pg_block *b = &s->b[i];

	add_slice(s, i, 0, b->nlines, s->y + b->pad, 0);
	s->on_page--;
	s->y += 2 * b->pad + sum(b->line_h, 0, b->nlines) + b->space_after;
}

static void
place_block(struct state *s, size_t i)
{
	const struct pg_block *b = &s->b[i];
	size_t l = 0;
	int continued = 0;

	/* An image already waiting with its heading. */
	if (s->floated != SIZE_MAX && i > s->floated &&
	    i < s->floated + s->nfloated)
		return;
	if (b->break_before && (s->on_page > 0 || s->col > 0))
		new_page(s);
	if (b->skip)
		return;
	set_columns(s, b);
	while (l < b->nlines || b->nlines == 0) {
		double g, head, room, rest;
		size_t k = 0;

		if (s->on_page == 0 && b->repeat > 0 && b->repeat <= s->n)
			put_repeat(s, b->repeat - 1);
		g = gap(s, b);
		head = continued ? b->head : 0;
		room = s->page_body - s->y - s->foot - g - 2 * b->pad - head;
		rest = sum(b->line_h, l, b->nlines) +
		    foot(s, b, l, b->nlines, 0);
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
				/* A heading waits with its image; the text
				 * after them fills this page. */
				if (floats_with_image(s, i, room - rest)) {
					s->floated = i;
					s->nfloated = 2;
					return;
				}
				next_area(s);
				continue;
			}
			add_slice(s, i, l, b->nlines, s->y + g + b->pad + head,
			    continued);
			foot(s, b, l, b->nlines, 1);
			s->y += g + 2 * b->pad + head +
			    sum(b->line_h, l, b->nlines);
			s->prev_after = b->space_after;
			return;
		}
		while (l + k < b->nlines && sum(b->line_h, l, l + k + 1) +
		    foot(s, b, l, l + k + 1, 0) <= room)
			k++;
		if (b->split && k > 0) {
			size_t w = (size_t)(b->widows > 0 ? b->widows : 1);
			size_t o = (size_t)(b->orphans > 0 ? b->orphans : 1);

			while (k > 0 && filled(b, l + k, b->nlines) < w)
				k--;
			/* A word is not split over a page turn when one line
			 * less still leaves enough on this page. */
			if (k > 1 && b->flags != NULL &&
			    (b->flags[l + k - 1] & PG_HYPHEN) &&
			    (l > 0 || filled(b, l, l + k - 1) >= o))
				k--;
			if (l == 0 && filled(b, 0, k) < o)
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
		if (k == 0 && floats(s, i)) {
			/* The image waits for the next page's top; the
			 * text after it fills this page. */
			s->floated = i;
			s->nfloated = 1;
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
					    foot(s, b, l, l + k + 1, 0) <= room)
						k++;
			} else {
				next_area(s);
				continue;
			}
		}
		add_slice(s, i, l, l + k, s->y + g + b->pad + head, continued);
		foot(s, b, l, l + k, 1);
		s->y += g + 2 * b->pad + head + sum(b->line_h, l, l + k);
		s->prev_after = b->space_after;
		l += k;
		continued = 1;
		if (l < b->nlines)
			next_area(s);
	}
}

/* Paginates, the first nbodies pages with the text heights bodies gives
 * (0: body). */
static void
run(const struct pg_block *b, size_t n, const struct pg_note *notes,
    size_t nnotes, double body, double foot_sep, const double *bodies,
    size_t nbodies, struct pg_result *r)
{
	struct state s = { .b = b, .n = n, .notes = notes, .nnotes = nnotes,
		.body = body, .foot_sep = foot_sep, .bodies = bodies,
		.nbodies = nbodies, .floated = SIZE_MAX, .r = r };

	memset(r, 0, sizeof(*r));
	s.started = xcalloc(nnotes ? nnotes : 1, 1);
	new_page(&s);
	for (size_t i = 0; i < n; i++) {
		/* The page a floated image waits for begins before a block
		 * that must start a page of its own. */
		if (s.floated != SIZE_MAX && b[i].break_before)
			new_page(&s);
		place_block(&s, i);
	}
	if (s.floated != SIZE_MAX)
		new_page(&s);
	set_notes(&s);
	/* Notes longer than the room the last pages left. */
	while (s.nwait > 0) {
		new_page(&s);
		set_notes(&s);
	}
	free(s.started);
	free(s.wait);
}

/*
 * Lines of text on page p, and the height of its tallest: whether the
 * page is a few stray lines. Every footnote line counts.
 */
static size_t
page_lines(const struct pg_block *b, const struct pg_result *r, size_t p,
    double *tallest, double *used)
{
	const struct pg_page *pg = &r->pages[p];
	size_t lines = pg->nfrags;

	*tallest = *used = 0;
	for (size_t i = pg->first; i < pg->first + pg->n; i++) {
		const struct pg_slice *sl = &r->slices[i];
		const struct pg_block *bl = &b[sl->block];

		for (size_t k = sl->line0; k < sl->line1; k++) {
			lines += bl->flags == NULL ||
			    !(bl->flags[k] & PG_BLANK);
			if (bl->line_h[k] > *tallest)
				*tallest = bl->line_h[k];
			*used += bl->line_h[k];
		}
	}
	return lines;
}

void
paginate(const struct pg_block *b, size_t n, const struct pg_note *notes,
    size_t nnotes, double body, double foot_sep, struct pg_result *r)
{
	run(b, n, notes, nnotes, body, foot_sep, NULL, 0, r);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The median line height of the blocks: a line of text. */
static double
text_line(const struct pg_block *b, size_t n)
{
	size_t total = 0, k = 0;
	double *h, mid;

	for (size_t i = 0; i < n; i++)
		total += b[i].skip ? 0 : b[i].nlines;
	if (total == 0)
		return 0;
	h = xcalloc(total, sizeof(double));
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < b[i].nlines && !b[i].skip; j++)
			h[k++] = b[i].line_h[j];
	qsort(h, total, sizeof(double), cmp_double);
	mid = h[total / 2];
	free(h);
	return mid;
}

/* The foot of the text on page p, from the text area's top; a page with
 * footnotes is full. */
static double
page_foot(const struct pg_block *b, const struct pg_result *r, size_t p,
    double body)
{
	const struct pg_page *pg = &r->pages[p];
	double bottom = 0;

	if (pg->nfrags > 0)
		return body;
	for (size_t i = pg->first; i < pg->first + pg->n; i++) {
		const struct pg_slice *sl = &r->slices[i];
		const struct pg_block *bl = &b[sl->block];
		double y = sl->y + bl->pad + (sl->h > 0 ? sl->h :
		    sum(bl->line_h, sl->line0, sl->line1));

		if (y > bottom)
			bottom = y;
	}
	return bottom;
}

/* Pages but the last that stop more than HOLE_MOST of body short. */
static size_t
holes(const struct pg_block *b, const struct pg_result *r, double body)
{
	size_t k = 0;

	for (size_t p = 0; p + 1 < r->npages; p++)
		k += body - page_foot(b, r, p, body) > HOLE_MOST * body;
	return k;
}

/* Whether the last page of r is a few stray lines of text. */
static int
stray_end(const struct pg_block *b, const struct pg_result *r, double line)
{
	double tallest, used;
	size_t stray;

	if (r->npages < 2)
		return 0;
	stray = page_lines(b, r, r->npages - 1, &tallest, &used);
	return stray > 0 && stray <= LAST_LEAST && tallest <= 1.5 * line;
}

/* Takes alt for r. */
static void
take(struct pg_result *r, struct pg_result *alt)
{
	pg_free(r);
	*r = *alt;
}

/* The last page: a few stray lines go back or get company. */
static void
mend_last(const struct pg_block *b, size_t n, const struct pg_note *notes,
    size_t nnotes, double body, double foot_sep, double *bodies, size_t nb,
    double line, struct pg_result *r)
{
	struct pg_result alt;
	double tallest, used;
	size_t last = r->npages - 1, stray;

	if (!stray_end(b, r, line))
		return;
	stray = page_lines(b, r, last, &tallest, &used);
	/* Let the page before run long by that line, if it is one; */
	if (stray == 1) {
		bodies[last - 1] = body + used;
		run(b, n, notes, nnotes, body, foot_sep, bodies, nb, &alt);
		if (alt.npages == r->npages - 1) {
			take(r, &alt);
			return;
		}
		pg_free(&alt);
	}
	/* else break it earlier, giving the last page a few more lines. */
	for (size_t more = LAST_LEAST + 1 - stray; more <= LAST_LEAST + 2;
	    more++) {
		bodies[last - 1] = body - line * (double)more;
		run(b, n, notes, nnotes, body, foot_sep, bodies, nb, &alt);
		if (alt.npages == r->npages && !stray_end(b, &alt, line)) {
			take(r, &alt);
			return;
		}
		pg_free(&alt);
	}
	bodies[last - 1] = 0;
}

/*
 * A page left with a hole (what follows would not fit even shrunk, and
 * nothing can fill in) takes a few lines from the page before, which
 * then stops a little short itself: two pages a little short rather
 * than one with a hole. Kept when there are fewer holes, no more pages
 * and no stray last page that was not there.
 */
static void
mend_holes(const struct pg_block *b, size_t n, const struct pg_note *notes,
    size_t nnotes, double body, double foot_sep, double *bodies, size_t nb,
    double line, struct pg_result *r)
{
	size_t have = holes(b, r, body);

	for (size_t p = 1; p + 1 < r->npages && have > 0; p++) {
		if (body - page_foot(b, r, p, body) <= HOLE_MOST * body ||
		    bodies[p - 1] > 0)
			continue;
		for (size_t more = 1; more <= HOLE_LINES; more++) {
			struct pg_result alt;
			size_t now;

			bodies[p - 1] = body - line * (double)more;
			run(b, n, notes, nnotes, body, foot_sep, bodies, nb,
			    &alt);
			now = holes(b, &alt, body);
			if (now < have && alt.npages <= r->npages &&
			    (!stray_end(b, &alt, line) ||
			    stray_end(b, r, line))) {
				take(r, &alt);
				have = now;
				break;
			}
			pg_free(&alt);
			bodies[p - 1] = 0;
		}
	}
}

void
pg_mend(const struct pg_block *b, size_t n, const struct pg_note *notes,
    size_t nnotes, double body, double foot_sep, struct pg_result *r)
{
	double line = text_line(b, n), *bodies;
	size_t nb = r->npages;

	if (nb < 2)
		return;
	/* per page; a mend adds no page */
	bodies = xcalloc(nb, sizeof(double));
	mend_last(b, n, notes, nnotes, body, foot_sep, bodies, nb, line, r);
	mend_holes(b, n, notes, nnotes, body, foot_sep, bodies, nb, line, r);
	free(bodies);
}

/* Halvings of the last page's height when balancing its columns. */
#define BALANCE_STEPS 12

/*
 * Whether r, its last page set shorter, still has npages pages and keeps
 * on that page what is kept with what follows: no keep_with_next block
 * ends a column there.
 */
static int
holds(const struct pg_block *b, const struct pg_result *r, size_t npages)
{
	const struct pg_page *pg;

	if (r->npages != npages)
		return 0;
	pg = &r->pages[r->npages - 1];
	for (size_t i = pg->first; i + 1 < pg->first + pg->n; i++)
		if (b[r->slices[i].block].keep_with_next &&
		    r->slices[i + 1].col != r->slices[i].col)
			return 0;
	return 1;
}

void
pg_balance_last(const struct pg_block *b, size_t n,
    const struct pg_note *notes, size_t nnotes, double body,
    double foot_sep, struct pg_result *r)
{
	const struct pg_page *pg;
	struct pg_result alt;
	double lo = 0, hi = body, *bodies;
	size_t nb = r->npages;
	int cols = 0;

	if (nb == 0)
		return;
	pg = &r->pages[nb - 1];
	for (size_t i = pg->first; i < pg->first + pg->n; i++)
		cols |= b[r->slices[i].block].columns > 1;
	if (!cols || pg->nfrags > 0)
		return;
	bodies = xcalloc(nb, sizeof(double));
	/* The least height that still holds the page: at it, each column
	 * is as full as the first. */
	for (int k = 0; k < BALANCE_STEPS; k++) {
		bodies[nb - 1] = (lo + hi) / 2;
		run(b, n, notes, nnotes, body, foot_sep, bodies, nb, &alt);
		if (holds(b, &alt, nb))
			hi = bodies[nb - 1];
		else
			lo = bodies[nb - 1];
		pg_free(&alt);
	}
	if (hi < body) {
		bodies[nb - 1] = hi;
		run(b, n, notes, nnotes, body, foot_sep, bodies, nb, &alt);
		if (holds(b, &alt, nb))
			take(r, &alt);
		else
			pg_free(&alt);
	}
	free(bodies);
}

void
pg_free(struct pg_result *r)
{
	free(r->slices);
	free(r->pages);
	free(r->frags);
	memset(r, 0, sizeof(*r));
}
