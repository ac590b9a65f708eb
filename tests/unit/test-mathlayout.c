/*
 * test-mathlayout.c - formulas set in type with Latin Modern Math (the
 * font quire's fonts/fonts.conf finds): \middle grown as its
 * \left..\right; long displays broken into lines at relations, then at
 * binary operators, the symbol leading the next line.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fonts.h"
#include "mathlayout.h"
#include "mathparse.h"
#include "util.h"

static PangoContext *pc;

static struct mbox *
typeset_in(const char *tex, int display, double width)
{
	char *why = NULL;
	struct math *m = mathparse(tex, strlen(tex), display, &why);
	struct mbox *b;

	CHECK(m != NULL);
	if (m == NULL) {
		free(why);
		return NULL;
	}
	b = mbox_typeset(pc, m, 10, width);
	math_unref(m);
	return b;
}

static struct mbox *
typeset(const char *tex, int display)
{
	return typeset_in(tex, display, 0);
}

/* The glyphs drawn for the k-th character ch of b (a grown glyph's
 * pieces follow it with no text of their own), as "id id ...". */
static char *
drawn(const struct mbox *b, const char *ch, int k)
{
	struct buf out = {0};

	for (size_t i = 0; i < b->nglyphs; i++) {
		if (strcmp(b->glyphs[i].text, ch) != 0 || k-- > 0)
			continue;
		buf_printf(&out, "%u", (unsigned)b->glyphs[i].glyph);
		while (++i < b->nglyphs && b->glyphs[i].text[0] == '\0')
			buf_printf(&out, " %u", (unsigned)b->glyphs[i].glyph);
		break;
	}
	return buf_take(&out);
}

/* \middle is drawn as its \left and \right are, in a group taller than
 * the delimiter's own glyph: not as a bare '|' nor at a fixed size. */
static void
test_middle(void)
{
	static const char *groups[] = {
		"\\left| \\frac{\\frac{a}{b}}{\\frac{c}{d}} \\middle| x "
		"\\right|",
		"\\left| \\sum_{i=1}^{n} \\frac{1}{i^2} \\middle| "
		"\\int_0^1 \\frac{dx}{\\sqrt{x}} \\right|",
	};

	for (int display = 0; display <= 1; display++)
		for (size_t g = 0; g < sizeof(groups) / sizeof(*groups); g++) {
			struct mbox *b = typeset(groups[g], display);
			struct mbox *plain = typeset("x | y", display);
			char *left = drawn(b, "|", 0), *mid = drawn(b, "|", 1);
			char *right = drawn(b, "|", 2), *bare = drawn(plain,
			    "|", 0);

			CHECK(*left != '\0' && *bare != '\0');
			CHECK_STR(mid, left);
			CHECK_STR(right, left);
			CHECK(strcmp(mid, bare) != 0);
			free(left);
			free(mid);
			free(right);
			free(bare);
			mbox_unref(b);
			mbox_unref(plain);
		}
	/* in a low group it stays the character's own size */
	{
		struct mbox *b = typeset("\\left( a \\middle| b \\right)", 0);
		struct mbox *plain = typeset("a | b", 0);
		char *mid = drawn(b, "|", 0), *bare = drawn(plain, "|", 0);

		CHECK_STR(mid, bare);
		free(mid);
		free(bare);
		mbox_unref(b);
		mbox_unref(plain);
	}
}

/* The lines of b (formulas without scripts: each line's glyphs share a
 * baseline), each as its characters, separated by '|'; the x where each
 * line starts in *x (up to 8). */
static char *
lines_of(const struct mbox *b, double *x)
{
	struct buf out = {0};
	double y = 0;
	int n = 0, done[4096] = {0};

	for (;;) {
		size_t first = b->nglyphs;

		/* the next line down: the lowest y not yet taken */
		for (size_t i = 0; i < b->nglyphs && i < 4096; i++)
			if (!done[i] && (first == b->nglyphs ||
			    b->glyphs[i].y < b->glyphs[first].y))
				first = i;
		if (first == b->nglyphs)
			break;
		y = b->glyphs[first].y;
		if (n > 0)
			buf_putc(&out, '|');
		if (n < 8)
			x[n] = 1e9;
		for (size_t i = 0; i < b->nglyphs && i < 4096; i++)
			if (!done[i] && b->glyphs[i].y == y) {
				done[i] = 1;
				buf_puts(&out, b->glyphs[i].text);
				if (n < 8 && b->glyphs[i].x < x[n])
					x[n] = b->glyphs[i].x;
			}
		n++;
	}
	return buf_take(&out);
}

/* A long display is set in lines no wider than the measure, broken
 * before a relation when that fills half a line, else before a binary
 * operator; continuation lines are indented. */
static void
test_break(void)
{
	struct buf sum = {0}, chain = {0}, wide = {0};
	double x[8];
	struct mbox *b;
	char *l;

	buf_puts(&sum, "y = a");
	for (int i = 0; i < 30; i++)
		buf_puts(&sum, " + a");
	b = typeset_in(sum.data, 1, 120);
	CHECK(b->width <= 120);
	l = lines_of(b, x);
	/* "y=a+a+...|+a+a...|+a..": every line after the first starts
	 * with the operator, under the right-hand side */
	CHECK(strncmp(l, "y=a+a", 5) == 0);
	CHECK(strstr(l, "|+a") != NULL && strstr(l, "+|") == NULL);
	CHECK(strchr(l, '|') != NULL);
	CHECK(x[1] > x[0] + 10);
	{
		size_t plus = 0;

		for (const char *p = l; *p; p++)
			plus += *p == '+';
		CHECK(plus == 30);
	}
	free(l);
	mbox_unref(b);

	/* relations first: the chain's lines start with "=" */
	buf_puts(&chain, "(a+b)(c+d) = ac + ad + bc + bd = ac + bd + ad + bc "
	    "= ad + bc + ac + bd");
	b = typeset_in(chain.data, 1, 180);
	CHECK(b->width <= 180);
	l = lines_of(b, x);
	CHECK_STR(l, "(a+b)(c+d)=ac+ad+bc+bd|=ac+bd+ad+bc|=ad+bc+ac+bd");
	/* continuation relations line up under the first one */
	CHECK(x[1] == x[2] && x[1] > 40);
	free(l);
	mbox_unref(b);

	/* not broken: in the line, an aligned alone, one that fits */
	b = typeset_in(sum.data, 0, 120);
	l = lines_of(b, x);
	CHECK(strchr(l, '|') == NULL && b->width > 120);
	free(l);
	mbox_unref(b);
	buf_puts(&wide, "\\begin{aligned} y &= ");
	buf_puts(&wide, sum.data + 4);
	buf_puts(&wide, "\\end{aligned}");
	b = typeset_in(wide.data, 1, 120);
	CHECK(b->width > 120);
	mbox_unref(b);
	/* more lines than a box should hold: not broken either */
	for (int i = 0; i < 400; i++)
		buf_puts(&sum, " + b");
	b = typeset_in(sum.data, 1, 120);
	l = lines_of(b, x);
	CHECK(strchr(l, '|') == NULL && b->width > 1000);
	free(l);
	mbox_unref(b);
	b = typeset_in("y = a + b", 1, 120);
	l = lines_of(b, x);
	CHECK_STR(l, "y=a+b");
	free(l);
	mbox_unref(b);
	buf_free(&sum);
	buf_free(&chain);
	buf_free(&wide);
}

/* A minus typed as '-' (or as U+2212) is a binary operator, spaced as
 * one; in braces, or first, it is a sign. */
static void
test_minus(void)
{
	struct mbox *bin = typeset("a - b", 0), *typed = typeset(
	    "a \u2212 b", 0), *sign = typeset("a{-}b", 0);

	CHECK(bin->width > sign->width + 3);
	CHECK(typed->width > bin->width - 0.01 && typed->width <
	    bin->width + 0.01);
	mbox_unref(bin);
	mbox_unref(typed);
	mbox_unref(sign);
}

int
main(void)
{
	/* the tests run in tests/unit; fontconfig wants a full path */
	char *root = realpath("../..", NULL);
	PangoFontMap *fm = root ? fonts_new(root) : NULL;

	free(root);
	if (fm == NULL)
		return 1;
	pc = fonts_context(fm);
	test_middle();
	test_break();
	test_minus();
	g_object_unref(pc);
	g_object_unref(fm);
	return check_done();
}
