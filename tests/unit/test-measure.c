/*
 * test-measure.c - a justified paragraph of one line keeps the layout it
 * was measured in (not laid out again at the width), and that layout
 * holds what Pango sets at the width with only the paragraph's end a
 * break: the same glyphs, advances, offsets and line boxes. A longer
 * paragraph, and one of a right-to-left script (placed by the width),
 * are laid out at the width. A listing's rows are laid out without a
 * width unless one would not fit.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fonts.h"
#include "measure.h"
#include "style.h"

static struct measure_ctx mc;

static struct block
body(const char *text)
{
	struct block b = { .kind = BLOCK_TEXT, .role = ROLE_BODY };

	b.text = (char *)text;
	return b;
}

/* What Pango sets at width from text with no break but at its end. */
static PangoLayout *
at_width(const char *text, double width)
{
	PangoLayout *l = measure_text(&mc, ROLE_BODY, text, NULL, width);
	PangoAttrList *al = pango_attr_list_copy(pango_layout_get_attributes(
	    l));
	PangoAttribute *a = pango_attr_allow_breaks_new(FALSE);

	a->start_index = 0;
	a->end_index = (guint)strlen(text);
	pango_attr_list_insert(al, a);
	pango_layout_set_attributes(l, al);
	pango_attr_list_unref(al);
	pango_layout_set_justify(l, FALSE);
	pango_layout_set_wrap(l, PANGO_WRAP_CHAR);
	return l;
}

/* Whether lines a and b hold the same runs of the same glyphs. */
static int
same_glyphs(PangoLayoutLine *a, PangoLayoutLine *b)
{
	GSList *ra = a->runs, *rb = b->runs;

	if (a->start_index != b->start_index || a->length != b->length)
		return 0;
	for (; ra != NULL && rb != NULL; ra = ra->next, rb = rb->next) {
		const PangoGlyphItem *ga = ra->data, *gb = rb->data;
		const PangoGlyphString *sa = ga->glyphs, *sb = gb->glyphs;

		if (ga->item->offset != gb->item->offset ||
		    ga->item->length != gb->item->length ||
		    sa->num_glyphs != sb->num_glyphs)
			return 0;
		for (int g = 0; g < sa->num_glyphs; g++)
			if (sa->glyphs[g].glyph != sb->glyphs[g].glyph ||
			    memcmp(&sa->glyphs[g].geometry,
			    &sb->glyphs[g].geometry,
			    sizeof(sa->glyphs[g].geometry)) != 0 ||
			    sa->log_clusters[g] != sb->log_clusters[g])
				return 0;
	}
	return ra == NULL && rb == NULL;
}

static void
test_one_line(void)
{
	const char *text = "A short paragraph, kerned: AVAT, office, \u201cTo\u201d.";
	struct block b = body(text);
	struct measured m;
	PangoLayout *want = at_width(text, mc.column);
	struct line_box *lines;
	size_t n;

	measure_block(&mc, &b, &m);
	CHECK(m.nlines == 1);
	/* Kept as measured: no width, so not laid out again. */
	CHECK(pango_layout_get_width(m.layout) == -1);
	CHECK(pango_layout_get_line_count(want) == 1);
	CHECK(same_glyphs(pango_layout_get_line_readonly(m.layout, 0),
	    pango_layout_get_line_readonly(want, 0)));
	n = measure_lines(want, mc.st->role[ROLE_BODY].leading, &lines);
	CHECK(n == 1);
	CHECK(memcmp(&lines[0], &m.lines[0], sizeof(lines[0])) == 0);
	free(lines);
	g_object_unref(want);
	measured_free(&m);
}

static void
test_double_space(void)
{
	/* A second space in a row is set as none, one line or more. */
	struct block b = body("Two  spaces.");
	struct measured m;
	PangoLayoutLine *line;
	const PangoGlyphItem *run;

	measure_block(&mc, &b, &m);
	CHECK(pango_layout_get_width(m.layout) == -1);
	line = pango_layout_get_line_readonly(m.layout, 0);
	run = line->runs->data;
	for (int g = 0; g < run->glyphs->num_glyphs; g++)
		if (run->glyphs->log_clusters[g] == 4)
			CHECK(run->glyphs->glyphs[g].geometry.width == 0);
	measured_free(&m);
}

static void
test_wrapped_and_rtl(void)
{
	char long_text[2048] = "";
	struct block b;
	struct measured m;

	for (int i = 0; i < 20; i++)
		strcat(long_text, "Words that fill more than a line. ");
	b = body(long_text);
	measure_block(&mc, &b, &m);
	CHECK(m.nlines > 2);
	CHECK(pango_layout_get_width(m.layout) == (int)(mc.column *
	    PANGO_SCALE));
	measured_free(&m);

	/* Right to left, the width places the line: flush right. */
	b = body("\u0645\u0631\u062D\u0628\u0627 \u0628\u0627\u0644\u0639"
	    "\u0627\u0644\u0645");
	measure_block(&mc, &b, &m);
	CHECK(m.nlines == 1);
	CHECK(m.rtl);
	CHECK(pango_layout_get_width(m.layout) > 0);
	CHECK(m.lines[0].x > mc.column / 2);
	measured_free(&m);
}

static struct block
code(const char *text)
{
	struct block b = { .kind = BLOCK_CODE, .role = ROLE_CODE };

	b.text = (char *)text;
	return b;
}

static gboolean
no_hyphens(PangoAttribute *a, gpointer data)
{
	(void)data;
	return a->klass->type == PANGO_ATTR_INSERT_HYPHENS &&
	    !((PangoAttrInt *)a)->value;
}

static void
test_code_rows(void)
{
	struct block b = code("int\tmain(void)\n{\n\treturn \"\u00e9t\u00e9\";"
	    "\n}");
	struct measured m;
	PangoLayout *want;
	PangoAttrList *al, *hy;
	int width = (int)((mc.column - 2 * mc.st->code_padding) *
	    PANGO_SCALE);

	/* Rows that fit: laid out once, without a width, the rows Pango
	 * sets at the width. */
	measure_block(&mc, &b, &m);
	CHECK(m.nlines == 4);
	CHECK(pango_layout_get_width(m.layout) == -1);
	/* Pango's rows at the width, hyphens kept off as for code. */
	want = pango_layout_copy(m.layout);
	al = pango_attr_list_copy(pango_layout_get_attributes(want));
	pango_attr_list_insert_before(al, pango_attr_insert_hyphens_new(FALSE));
	pango_layout_set_attributes(want, al);
	pango_attr_list_unref(al);
	pango_layout_set_width(want, width);
	CHECK(pango_layout_get_line_count(want) == 4);
	for (int i = 0; i < 4; i++)
		CHECK(same_glyphs(pango_layout_get_line_readonly(m.layout, i),
		    pango_layout_get_line_readonly(want, i)));
	g_object_unref(want);
	measured_free(&m);

	/* A row wider than its columns say (a dash three ems long in one
	 * column): laid out at the width, where Pango wraps it, hyphens
	 * kept off as for all code. */
	b = code("x = \"\u2e3b\u2e3b\u2e3b\u2e3b\u2e3b\u2e3b\u2e3b\u2e3b"
	    "\u2e3b\u2e3b\u2e3b\u2e3b\u2e3b\u2e3b\u2e3b\u2e3b\u2e3b\u2e3b"
	    "\"\n");
	measure_block(&mc, &b, &m);
	CHECK(pango_layout_get_width(m.layout) == width);
	CHECK(m.nlines > 1);
	CHECK(m.lines[1].para == 0);
	al = pango_attr_list_copy(pango_layout_get_attributes(m.layout));
	hy = pango_attr_list_filter(al, no_hyphens, NULL);
	CHECK(hy != NULL);
	if (hy != NULL)
		pango_attr_list_unref(hy);
	pango_attr_list_unref(al);
	measured_free(&m);
}

int
main(void)
{
	/* the tests run in tests/unit; fontconfig wants a full path */
	char *root = realpath("../..", NULL);
	PangoFontMap *fm = root ? fonts_new(root) : NULL;
	struct style st;

	style_init(&st);
	if (fm == NULL || style_load(&st, root, NULL) == -1)
		return 1;
	free(root);
	style_fit_page(&st);
	mc.pango = fonts_context(fm);
	mc.st = &st;
	mc.column = style_column_width(&st);
	mc.body = st.page_h - st.margin_top - st.margin_bottom;
	CHECK(st.role[ROLE_BODY].align == ALIGN_JUSTIFY);
	test_one_line();
	test_double_space();
	test_wrapped_and_rtl();
	test_code_rows();
	g_object_unref(mc.pango);
	g_object_unref(fm);
	style_free(&st);
	return check_done();
}
