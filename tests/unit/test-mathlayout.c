/*
 * test-mathlayout.c - formulas set in type with Latin Modern Math (the
 * font quire's fonts/fonts.conf finds): \middle grown as its
 * \left..\right.
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
typeset(const char *tex, int display)
{
	char *why = NULL;
	struct math *m = mathparse(tex, strlen(tex), display, &why);
	struct mbox *b;

	CHECK(m != NULL);
	if (m == NULL) {
		free(why);
		return NULL;
	}
	b = mbox_typeset(pc, m, 10);
	math_unref(m);
	return b;
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
	g_object_unref(pc);
	g_object_unref(fm);
	return check_done();
}
