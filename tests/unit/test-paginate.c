/* test-paginate.c - pagination rules as arithmetic, without fonts. */
#include <stdlib.h>

#include "check.h"
#include "paginate.h"


/* A splittable text block of n lines of height h. */
static struct pg_block
text(size_t n, double h)
{
	struct pg_block b = { .nlines = n, .split = 1, .orphans = 2,
		.widows = 2 };
	double *lh = malloc(n * sizeof(double));

	for (size_t i = 0; i < n; i++)
		lh[i] = h;
	b.line_h = lh;
	return b;
}

static void
free_blocks(struct pg_block *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free((double *)b[i].line_h);
}

/* Which page (1-based) slice s is on. */
static size_t
page_of(const struct pg_result *r, size_t s)
{
	for (size_t p = 0; p < r->npages; p++)
		if (s >= r->pages[p].first && s < r->pages[p].first +
		    r->pages[p].n)
			return p + 1;
	return 0;
}

static void
test_fill(void)
{
	struct pg_block b[3] = { text(4, 10), text(4, 10), text(4, 10) };
	struct pg_result r;

	b[0].space_after = b[1].space_after = 5;
	b[1].space_before = b[2].space_before = 3;
	paginate(b, 3, NULL, 0, 1000, 0, &r);
	CHECK(r.npages == 1);
	CHECK(r.nslices == 3);
	CHECK(r.slices[0].y == 0);
	/* The larger of space after and space before separates blocks. */
	CHECK(r.slices[1].y == 45);
	CHECK(r.slices[2].y == 90);
	pg_free(&r);
	free_blocks(b, 3);
}

static void
test_split_widows_orphans(void)
{
	struct pg_block b[2] = { text(6, 10), text(5, 10) };
	struct pg_result r;

	/* 6 + 5 lines on pages of 9: the second block would split 3/2:
	 * fine. */
	paginate(b, 2, NULL, 0, 90, 0, &r);
	CHECK(r.npages == 2);
	CHECK(r.nslices == 3);
	CHECK(r.slices[1].line0 == 0 && r.slices[1].line1 == 3);
	CHECK(r.slices[2].line0 == 3 && r.slices[2].line1 == 5);
	CHECK(page_of(&r, 2) == 2 && r.slices[2].y == 0);
	pg_free(&r);

	/* Room for 4 of 5 lines would leave one widow: 3 go, 2 follow. */
	paginate(b, 2, NULL, 0, 100, 0, &r);
	CHECK(r.slices[1].line1 == 3);
	CHECK(r.slices[2].line0 == 3);
	pg_free(&r);

	/* Room for 1 line only: an orphan; the block moves whole. */
	paginate(b, 2, NULL, 0, 70, 0, &r);
	CHECK(r.nslices == 2);
	CHECK(page_of(&r, 1) == 2 && r.slices[1].line0 == 0 &&
	    r.slices[1].line1 == 5);
	pg_free(&r);
	free_blocks(b, 2);
}

/* A line ending in a hyphen does not end a page when one line less
 * still keeps the block's orphans and widows. */
static void
test_hyphen_at_page_foot(void)
{
	struct pg_block b = text(10, 10);
	unsigned char hy[10] = {0};
	struct pg_result r;

	b.flags = hy;
	/* Pages of 5 lines, the fifth hyphenated: four go first. */
	hy[4] = PG_HYPHEN;
	paginate(&b, 1, NULL, 0, 50, 0, &r);
	CHECK(r.nslices >= 2 && r.slices[0].line1 == 4);
	CHECK(r.nslices >= 2 && r.slices[1].line0 == 4);
	pg_free(&r);
	/* Not hyphenated: five. */
	hy[4] = 0;
	paginate(&b, 1, NULL, 0, 50, 0, &r);
	CHECK(r.slices[0].line1 == 5);
	pg_free(&r);
	/* Room for two lines after another block, the second hyphenated:
	 * one line would be an orphan, so the hyphen stays. */
	{
		struct pg_block two[2] = { text(3, 10), text(10, 10) };

		two[1].flags = hy;
		hy[1] = 1;
		paginate(two, 2, NULL, 0, 50, 0, &r);
		CHECK(r.slices[1].line0 == 0 && r.slices[1].line1 == 2);
		pg_free(&r);
		free_blocks(two, 2);
	}
	free_blocks(&b, 1);
}

static void
test_keep_with_next(void)
{
	struct pg_block b[3] = { text(7, 10), text(1, 10), text(4, 10) };
	struct pg_result r;

	b[1].keep_with_next = 1;
	/* Page holds 9 lines: the heading fits as line 8 but the next two
	 * lines do not, so the heading goes over with its text. */
	paginate(b, 3, NULL, 0, 90, 0, &r);
	CHECK(page_of(&r, 1) == 2);
	CHECK(r.slices[1].block == 1 && r.slices[1].y == 0);
	pg_free(&r);

	/* With room for the heading and two lines it stays. */
	paginate(b, 3, NULL, 0, 100, 0, &r);
	CHECK(page_of(&r, 1) == 1);
	CHECK(r.slices[2].line1 == 2);
	pg_free(&r);
	free_blocks(b, 3);
}

static void
test_atomic_and_tall(void)
{
	struct pg_block b[3] = { text(5, 10), { .nlines = 0 }, text(2, 10) };
	double img = 60, huge = 500;
	struct pg_result r;

	b[1].line_h = &img;
	b[1].nlines = 1;
	paginate(b, 3, NULL, 0, 100, 0, &r);
	/* 50 + 60 > 100: the image goes to the next page whole. */
	CHECK(page_of(&r, 1) == 2 && r.slices[1].y == 0);
	pg_free(&r);

	/* Taller than a page: it stands alone and nothing loops. */
	b[1].line_h = &huge;
	paginate(b, 3, NULL, 0, 100, 0, &r);
	CHECK(r.npages == 3);
	CHECK(page_of(&r, 1) == 2 && page_of(&r, 2) == 3);
	pg_free(&r);
	free_blocks(b, 1);
	free_blocks(b + 2, 1);
}

static void
test_code_pad_and_table_head(void)
{
	struct pg_block b[2] = { text(20, 10), text(10, 10) };
	struct pg_result r;

	b[0].pad = 5;
	b[0].orphans = b[0].widows = 1;
	/* Each slice carries its padding above and below. */
	paginate(b, 1, NULL, 0, 100, 0, &r);
	CHECK(r.nslices == 3);
	CHECK(r.slices[0].y == 5 && r.slices[0].line1 == 9);
	CHECK(r.slices[1].line0 == 9 && r.slices[1].line1 == 18);
	pg_free(&r);

	/* A table repeats its head row on the continued slice. */
	b[1].head = 10;
	paginate(b + 1, 1, NULL, 0, 60, 0, &r);
	CHECK(r.nslices == 2);
	CHECK(r.slices[0].line1 == 6);
	CHECK(r.slices[1].continued && r.slices[1].y == 10);
	pg_free(&r);
	free_blocks(b, 2);
}

static void
test_no_space_at_page_head(void)
{
	struct pg_block b[2] = { text(9, 10), text(2, 10) };
	struct pg_result r;

	b[1].space_before = 30;
	paginate(b, 2, NULL, 0, 90, 0, &r);
	CHECK(page_of(&r, 1) == 2 && r.slices[1].y == 0);
	pg_free(&r);
	free_blocks(b, 2);
}

/* Which page (1-based) footnote fragment f is on. */
static size_t
frag_page(const struct pg_result *r, size_t f)
{
	for (size_t p = 0; p < r->npages; p++)
		if (f >= r->pages[p].first_frag && f < r->pages[p].first_frag +
		    r->pages[p].nfrags && r->pages[p].nfrags > 0)
			return p + 1;
	return 0;
}

static void
test_footnotes(void)
{
	struct pg_block b[2] = { text(8, 10), text(4, 10) };
	double nl[20];
	struct pg_note note = { .line_h = nl, .nlines = 2 };
	struct pg_ref ref = { .line = 2, .note = 0 };
	struct pg_result r;

	for (size_t i = 0; i < 20; i++)
		nl[i] = 10;
	/* Line 3 brings a 2-line note and a 5 pt separator: 10 lines of
	 * room become 7, and the note is on the mark's page. */
	b[0].refs = &ref;
	b[0].nrefs = 1;
	b[0].orphans = b[0].widows = 1;
	paginate(b, 1, &note, 1, 100, 5, &r);
	CHECK(r.nslices == 2);
	CHECK(r.slices[0].line1 == 7);
	CHECK(r.nfrags == 1 && frag_page(&r, 0) == 1);
	CHECK(r.frags[0].line0 == 0 && r.frags[0].line1 == 2);
	pg_free(&r);

	/* A mark whose note does not fit goes over with its line. */
	ref.line = 7;
	note.nlines = 3;
	paginate(b, 1, &note, 1, 100, 5, &r);
	CHECK(r.slices[0].line1 == 7);
	CHECK(r.nslices == 2 && r.slices[1].line1 == 8);
	CHECK(frag_page(&r, 0) == 2);
	pg_free(&r);

	/* A long note starts on its mark's page and goes on at the foot of
	 * the next: 20 lines of note, a mark on line 1. */
	ref.line = 0;
	note.nlines = 20;
	paginate(b, 2, &note, 1, 100, 5, &r);
	CHECK(r.nfrags >= 2);
	CHECK(frag_page(&r, 0) == 1 && r.frags[0].line0 == 0);
	CHECK(r.frags[0].line1 >= 2);
	CHECK(frag_page(&r, 1) == 2 && r.frags[1].line0 == r.frags[0].line1);
	/* Every line of it is set, once, in order. */
	{
		size_t next = 0;

		for (size_t f = 0; f < r.nfrags; f++) {
			CHECK(r.frags[f].line0 == next);
			next = r.frags[f].line1;
		}
		CHECK(next == 20);
	}
	pg_free(&r);

	/* Footnote text is out of the flow. */
	b[1].skip = 1;
	b[0].nrefs = 0;
	paginate(b, 2, NULL, 0, 1000, 5, &r);
	CHECK(r.nslices == 1 && r.slices[0].block == 0);
	pg_free(&r);
	free_blocks(b, 2);
}

/* Lines on page p (0-based) of r. */
static size_t
lines_on(const struct pg_result *r, size_t p)
{
	size_t n = 0;

	for (size_t i = r->pages[p].first; i < r->pages[p].first +
	    r->pages[p].n; i++)
		n += r->slices[i].line1 - r->slices[i].line0;
	return n;
}

/*
 * A last page of a few stray lines is remade: one line goes back onto
 * a page that runs one line long; two or three get company from the
 * page before, which breaks earlier.
 */
static void
test_mend_last(void)
{
	struct pg_block b[2] = { text(9, 10), text(1, 10) };
	struct pg_result r;

	/* 9 + gap 0 + 1 lines in 90: the last line alone on page 2 */
	paginate(b, 2, NULL, 0, 90, 0, &r);
	CHECK(r.npages == 2 && lines_on(&r, 1) == 1);
	pg_mend(b, 2, NULL, 0, 90, 0, &r);
	CHECK(r.npages == 1 && lines_on(&r, 0) == 10);
	pg_free(&r);
	free_blocks(b, 2);

	/* 20 lines in pages of 9: 9, 9, 2; then 9, 7, 4 or so */
	b[0] = text(20, 10);
	paginate(b, 1, NULL, 0, 90, 0, &r);
	CHECK(r.npages == 3 && lines_on(&r, 2) == 2);
	pg_mend(b, 1, NULL, 0, 90, 0, &r);
	CHECK(r.npages == 3);
	CHECK(lines_on(&r, 2) >= 4);
	CHECK(lines_on(&r, 0) + lines_on(&r, 1) + lines_on(&r, 2) == 20);
	pg_free(&r);
	free_blocks(b, 1);

	/* a blank line (between hard breaks) is no line of text: of 14
	 * lines in pages of 9, the last five with one blank are four lines
	 * and stay; with two blank ("inefficiency.", blank, "- Bill Gates")
	 * three, which get company */
	{
		unsigned char flags[14] = { 0 };

		b[0] = text(14, 10);
		flags[12] = PG_BLANK;
		b[0].flags = flags;
		b[0].widows = 1;
		paginate(b, 1, NULL, 0, 90, 0, &r);
		pg_mend(b, 1, NULL, 0, 90, 0, &r);
		CHECK(r.npages == 2 && lines_on(&r, 1) == 5);
		pg_free(&r);
		flags[9] = PG_BLANK;
		paginate(b, 1, NULL, 0, 90, 0, &r);
		pg_mend(b, 1, NULL, 0, 90, 0, &r);
		CHECK(r.npages == 2 && lines_on(&r, 1) > 5);
		pg_free(&r);
		free_blocks(b, 1);
	}

	/* an image on the last page is no stray */
	b[0] = text(9, 10);
	b[1] = text(1, 60);
	b[1].split = 0;
	paginate(b, 2, NULL, 0, 90, 0, &r);
	CHECK(r.npages == 2);
	pg_mend(b, 2, NULL, 0, 90, 0, &r);
	CHECK(r.npages == 2 && lines_on(&r, 0) == 9);
	pg_free(&r);
	free_blocks(b, 2);
}

/* An image that fits neither whole nor at 70 % floats to the next
 * page's top; the text after it fills the hole. */
static void
test_image_floats(void)
{
	struct pg_block b[3] = { text(5, 10), text(1, 60), text(6, 10) };
	struct pg_result r;

	b[1].split = 0;
	b[1].min_h = 60 - 0.3 * 60;	/* 42: no room for it either */
	paginate(b, 3, NULL, 0, 90, 0, &r);
	/* page 1: 5 lines, then 4 lines of the text after the image */
	CHECK(r.npages == 2);
	CHECK(r.slices[0].block == 0 && page_of(&r, 0) == 1);
	CHECK(r.slices[1].block == 2 && page_of(&r, 1) == 1);
	CHECK(r.slices[1].line1 == 4);
	/* page 2: the image first, then the rest of the text */
	CHECK(r.slices[2].block == 1 && page_of(&r, 2) == 2);
	CHECK(r.slices[2].y == 0);
	CHECK(r.slices[3].block == 2 && r.slices[3].line0 == 4);
	pg_free(&r);
	/* room for 70 % of it: it shrinks instead */
	b[1].min_h = 35;
	paginate(b, 3, NULL, 0, 90, 0, &r);
	CHECK(r.slices[1].block == 1 && page_of(&r, 1) == 1);
	CHECK(r.slices[1].h == 40);
	pg_free(&r);
	free_blocks(b, 3);
}

/* A heading kept with an image that does not fit floats with it to the
 * next page's top; the text after them fills the hole. */
static void
test_heading_floats_with_image(void)
{
	struct pg_block b[4] = { text(5, 10), text(1, 10), text(1, 60),
		text(6, 10) };
	struct pg_result r;

	b[1].split = 0;
	b[1].keep_with_next = 1;
	b[2].split = 0;
	b[2].min_h = 60 - 0.3 * 60;	/* 42: no room for it either */
	paginate(b, 4, NULL, 0, 90, 0, &r);
	/* page 1: 5 lines, then 4 lines of the text after the image */
	CHECK(r.npages == 2);
	CHECK(r.slices[0].block == 0 && page_of(&r, 0) == 1);
	CHECK(r.slices[1].block == 3 && page_of(&r, 1) == 1);
	CHECK(r.slices[1].line1 == 4);
	/* page 2: the heading, the image under it, the rest of the text */
	CHECK(r.slices[2].block == 1 && page_of(&r, 2) == 2);
	CHECK(r.slices[2].y == 0);
	CHECK(r.slices[3].block == 2 && page_of(&r, 3) == 2);
	CHECK(r.slices[3].y == 10);
	CHECK(r.slices[4].block == 3 && r.slices[4].line0 == 4);
	pg_free(&r);
	free_blocks(b, 4);
	/* room under the heading for 70 % of it (and no text after): the
	 * heading stays, the image shrinks to the room */
	b[0] = text(5, 10);
	b[1] = text(1, 10);
	b[1].split = 0;
	b[1].keep_with_next = 1;
	b[2] = text(1, 40);
	b[2].split = 0;
	b[2].min_h = 28;
	paginate(b, 3, NULL, 0, 90, 0, &r);
	CHECK(r.npages == 1);
	CHECK(r.nslices == 3 && r.slices[2].block == 2 &&
	    r.slices[2].h == 30);
	pg_free(&r);
	free_blocks(b, 3);
}

/*
 * A page left with a hole, because a heading and its image fit on it
 * neither whole nor shrunk and no text follows to fill in, takes lines
 * from the page before: two pages a little short, no hole.
 */
static void
test_hole_mended(void)
{
	struct pg_block b[4] = { text(30, 5), text(1, 10), text(1, 34),
		text(1, 10) };
	struct pg_result r;

	b[1].split = 0;
	b[1].keep_with_next = 1;
	b[2].split = 0;
	b[2].min_h = 24;
	b[3].split = 0;		/* another image, say: it fills nothing */
	/* pages of 90: 18 lines; 12 lines and a hole of 30 (the heading
	 * and 24 of image do not fit in it); the heading and the images */
	paginate(b, 4, NULL, 0, 90, 0, &r);
	CHECK(r.npages == 3 && lines_on(&r, 1) == 12);
	pg_mend(b, 4, NULL, 0, 90, 0, &r);
	/* page 1 gives three lines to page 2: each within a fifth */
	CHECK(r.npages == 3);
	CHECK(lines_on(&r, 0) == 15 && lines_on(&r, 1) == 15);
	pg_free(&r);
	free_blocks(b, 4);
}

/* A one-line block of height h set in two columns. */
static struct pg_block
in_cols(double h)
{
	struct pg_block b = text(1, h);

	b.columns = 2;
	b.split = 0;
	return b;
}

/*
 * An index: a heading across the page, then terms and entries in two
 * columns, filled one after the other; a term's "(cont.)" (a skip block)
 * heads each column or page where its entries go on, and nowhere else.
 */
static void
test_columns(void)
{
	struct pg_block b[14];
	struct pg_result r;
	size_t conts = 0;

	b[0] = text(1, 20);	/* "Index" */
	b[1] = in_cols(10);	/* term */
	b[1].keep_with_next = 1;
	b[2] = in_cols(10);	/* term (cont.) */
	b[2].skip = 1;
	for (size_t i = 3; i < 11; i++) {
		b[i] = in_cols(10);
		b[i].repeat = 3;
	}
	b[11] = in_cols(10);	/* a second term */
	b[11].keep_with_next = 1;
	b[12] = in_cols(10);
	b[12].skip = 1;
	b[13] = in_cols(10);
	b[13].repeat = 13;
	paginate(b, 14, NULL, 0, 60, 0, &r);
	CHECK(r.npages == 2);
	/* Page 1: the heading; the term and three entries in the first
	 * column; the second starts at the same top with the term again. */
	CHECK(r.slices[0].block == 0 && r.slices[0].col == 0);
	CHECK(r.slices[1].block == 1 && r.slices[1].y == 20 &&
	    r.slices[1].col == 0);
	CHECK(r.slices[4].block == 5 && r.slices[4].y == 50);
	CHECK(r.slices[5].block == 2 && r.slices[5].y == 20 &&
	    r.slices[5].col == 1);
	CHECK(r.slices[6].block == 6 && r.slices[6].y == 30 &&
	    r.slices[6].col == 1);
	/* Page 2 opens with the term again, its last entries, then the
	 * second term heading its own entry: no "(cont.)" for it. */
	CHECK(page_of(&r, 9) == 2 && r.slices[9].block == 2 &&
	    r.slices[9].y == 0 && r.slices[9].col == 0);
	for (size_t i = 0; i < r.nslices; i++)
		conts += r.slices[i].block == 2 || r.slices[i].block == 12;
	CHECK(conts == 2);
	CHECK(r.slices[r.nslices - 1].block == 13);
	pg_free(&r);

	free_blocks(b, 14);

	/* A term that would stand last in a column, its entry in the next,
	 * goes over with it: the skip block after it (here one short line)
	 * is not what it is kept with. */
	for (size_t i = 0; i < 6; i++)
		b[i] = in_cols(i == 4 ? 1 : 10);
	b[3].keep_with_next = 1;
	b[4].skip = 1;
	b[5].repeat = 5;
	paginate(b, 6, NULL, 0, 45, 0, &r);
	CHECK(r.nslices == 5);
	CHECK(r.slices[3].block == 3 && r.slices[3].col == 1 &&
	    r.slices[3].y == 0);
	CHECK(r.slices[4].block == 5 && r.slices[4].col == 1);
	pg_free(&r);
	free_blocks(b, 6);
}

/* The last page's columns end level, a kept term not left at the foot
 * of the first. */
static void
test_balance(void)
{
	struct pg_block b[8];
	struct pg_result r;

	for (size_t i = 0; i < 8; i++)
		b[i] = in_cols(10);
	paginate(b, 8, NULL, 0, 100, 0, &r);
	CHECK(r.npages == 1 && r.slices[7].col == 0);
	pg_balance_last(b, 8, NULL, 0, 100, 0, &r);
	CHECK(r.npages == 1);
	CHECK(r.slices[3].col == 0 && r.slices[3].y == 30);
	CHECK(r.slices[4].col == 1 && r.slices[4].y == 0);
	CHECK(r.slices[7].col == 1);
	pg_free(&r);
	/* With a term (kept with the next) fourth, four and four would
	 * leave it at the first column's foot: five and three. */
	b[3].keep_with_next = 1;
	paginate(b, 8, NULL, 0, 100, 0, &r);
	pg_balance_last(b, 8, NULL, 0, 100, 0, &r);
	CHECK(r.slices[4].col == 0 && r.slices[5].col == 1 &&
	    r.slices[5].y == 0);
	pg_free(&r);
	free_blocks(b, 8);
}
/* A listing's empty row is not one of the rows kept together at a page
 * foot or head: "package main", "", "import (" is two rows, an orphan
 * for a block that keeps three. */
static void
test_blank_rows_not_counted(void)
{
	struct pg_block b[2] = { text(6, 10), text(10, 10) };
	unsigned char fl[10] = { 0 };
	struct pg_result r;

	b[1].orphans = b[1].widows = 3;
	b[1].flags = fl;
	fl[1] = PG_BLANK;
	/* Room for 3 lines of the listing after the text: only two hold
	 * text, so the listing starts on the next page. */
	paginate(b, 2, NULL, 0, 90, 0, &r);
	CHECK(r.nslices == 3);
	CHECK(page_of(&r, 1) == 2 && r.slices[1].line0 == 0);
	pg_free(&r);
	/* Room for 4: three rows of text go first. */
	paginate(b, 2, NULL, 0, 100, 0, &r);
	CHECK(r.nslices == 3 && r.slices[1].line1 == 4);
	pg_free(&r);
	/* At the foot of the listing: a blank row before the last two
	 * leaves them two rows at the next head, so one more goes over. */
	fl[1] = 0;
	fl[7] = PG_BLANK;
	{
		struct pg_block one = text(10, 10);

		one.orphans = one.widows = 3;
		one.flags = fl;
		/* Pages of 7 lines: 7 | 3 would leave rows 8, 9 (and the
		 * blank 7 on the first page); so 6 | 4. */
		paginate(&one, 1, NULL, 0, 70, 0, &r);
		CHECK(r.nslices == 2 && r.slices[0].line1 == 6);
		pg_free(&r);
		free_blocks(&one, 1);
	}
	free_blocks(b, 2);
}

int
main(void)
{
	test_fill();
	test_split_widows_orphans();
	test_hyphen_at_page_foot();
	test_keep_with_next();
	test_atomic_and_tall();
	test_code_pad_and_table_head();
	test_no_space_at_page_head();
	test_footnotes();
	test_mend_last();
	test_image_floats();
	test_heading_floats_with_image();
	test_hole_mended();
	test_columns();
	test_balance();
	test_blank_rows_not_counted();
	return check_done();
}
