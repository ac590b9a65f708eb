/* test-style.c - style keys and values: lengths, colours, booleans,
 * weights, alignment, paper, highlight looks, and the layers. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "diag.h"
#include "style.h"
#include "util.h"

#define MM (72 / 25.4)
#define NEAR(a, b) (fabs((a) - (b)) < 0.001)

/* style_set with its warning captured: 0, or -1 and the warning seen. */
static int
set(struct style *st, const char *key, const char *value)
{
	const char *err;
	int rc;

	capture_begin();
	rc = style_set(st, key, value, "s.yaml", 3);
	err = capture_end();
	if (rc == 0)
		CHECK(err[0] == '\0');
	else
		CHECK(strstr(err, "s.yaml:3: warning: style: ignoring") != NULL);
	return rc;
}

static void
test_lengths(void)
{
	struct style st;

	style_init(&st);
	CHECK(set(&st, "page.margin-top", "20mm") == 0);
	CHECK(NEAR(st.margin_top, 20 * MM));
	CHECK(set(&st, "page.margin-bottom", "2cm") == 0);
	CHECK(NEAR(st.margin_bottom, 20 * MM));
	CHECK(set(&st, "page.margin-inner", "1in") == 0);
	CHECK(NEAR(st.margin_inner, 72));
	CHECK(set(&st, "page.margin-outer", "36 pt") == 0);
	CHECK(NEAR(st.margin_outer, 36));
	CHECK(set(&st, "list.indent", "18") == 0);
	CHECK(NEAR(st.list_indent, 18));
	/* em is the role's own size; for page keys, the body's. */
	CHECK(set(&st, "h1.size", "20") == 0);
	CHECK(set(&st, "h1.leading", "1.5em") == 0);
	CHECK(NEAR(st.role[ROLE_H1].leading, 30));
	CHECK(set(&st, "body.size", "12") == 0);
	CHECK(set(&st, "quote.indent", "2em") == 0);
	CHECK(NEAR(st.quote_indent, 24));
	/* Bad lengths leave the value as it was. */
	CHECK(set(&st, "list.indent", "-3") == -1);
	CHECK(set(&st, "list.indent", "3furlongs") == -1);
	CHECK(set(&st, "list.indent", "") == -1);
	CHECK(set(&st, "list.indent", "1e9") == -1);
	CHECK(set(&st, "list.indent", "nan") == -1);
	CHECK(NEAR(st.list_indent, 18));
	CHECK(NEAR(style_column_width(&st), st.page_w - 72 - 36));
	style_free(&st);
}

static void
test_values(void)
{
	struct style st;

	style_init(&st);
	CHECK(set(&st, "link.color", "#1a2B3c") == 0);
	CHECK(st.link_color == 0x1a2b3c);
	CHECK(set(&st, "link.color", "1a2b3c") == -1);
	CHECK(set(&st, "link.color", "#1a2b3") == -1);
	CHECK(set(&st, "link.color", "#1a2b3g") == -1);
	CHECK(st.link_color == 0x1a2b3c);
	CHECK(set(&st, "table.header-background", "None") == 0 &&
	    st.header_background == COLOR_NONE);
	CHECK(set(&st, "table.header-background", "#f3f2ee") == 0 &&
	    st.header_background == 0xf3f2ee);
	CHECK(set(&st, "table.rule", "none") == -1);
	CHECK(set(&st, "h2.color", "#ff0000") == 0);
	CHECK(st.role[ROLE_H2].color == 0xff0000);

	CHECK(set(&st, "text.hyphenate", "Yes") == 0 && st.hyphenate == 1);
	CHECK(set(&st, "text.hyphenate", "off") == 0 && st.hyphenate == 0);
	CHECK(set(&st, "image.captions", "TRUE") == 0 && st.captions == 1);
	CHECK(set(&st, "links.url-notes", "maybe") == -1);
	CHECK(set(&st, "byline.caps", "on") == 0 &&
	    st.role[ROLE_BYLINE].caps == CAPS_ALL);
	CHECK(set(&st, "h5.caps", "Small") == 0 &&
	    st.role[ROLE_H5].caps == CAPS_SMALL);
	CHECK(set(&st, "h5.caps", "tiny") == -1 &&
	    st.role[ROLE_H5].caps == CAPS_SMALL);
	CHECK(set(&st, "h5.caps", "no") == 0 &&
	    st.role[ROLE_H5].caps == CAPS_NONE);

	CHECK(set(&st, "body.weight", "bold") == 0 &&
	    st.role[ROLE_BODY].weight == 700);
	CHECK(set(&st, "body.weight", "350") == 0 &&
	    st.role[ROLE_BODY].weight == 350);
	CHECK(set(&st, "body.weight", "50") == -1);
	CHECK(set(&st, "body.weight", "heavy") == -1);
	CHECK(st.role[ROLE_BODY].weight == 350);
	CHECK(set(&st, "body.align", "Center") == 0 &&
	    st.role[ROLE_BODY].align == ALIGN_CENTER);
	CHECK(set(&st, "body.align", "middle") == -1);
	CHECK(set(&st, "code.font", "Mono Sans") == 0);
	CHECK_STR(st.role[ROLE_CODE].font, "Mono Sans");

	CHECK(set(&st, "text.widows", "3") == 0 && st.widows == 3);
	CHECK(set(&st, "text.orphans", "1") == 0 && st.orphans == 1);
	CHECK(set(&st, "text.orphans", "9") == -1 && st.orphans == 1);

	/* A key sharing a role's name is the style's, not the role's. */
	CHECK(set(&st, "code.background", "#eeeeee") == 0 &&
	    st.code_background == 0xeeeeee);
	CHECK(set(&st, "nosuch.size", "10") == -1);
	CHECK(set(&st, "body.nosuch", "10") == -1);
	CHECK(set(&st, "body", "10") == -1);
	style_free(&st);
}

static void
test_paper(void)
{
	struct style st;
	double w, h;

	style_init(&st);
	CHECK(set(&st, "page.size", "A5") == 0);
	CHECK(NEAR(st.page_w, 419.528) && NEAR(st.page_h, 595.276));
	CHECK(style_fold_sheet(&st, &w, &h) == 0);
	CHECK(NEAR(w, 841.890) && NEAR(h, 595.276));
	CHECK(set(&st, "page.size", "210mm 297mm") == 0);
	CHECK(fabs(st.page_w - 595.276) < 0.01);
	CHECK(style_fold_sheet(&st, &w, &h) == -1);
	CHECK(set(&st, "page.size", "10mm 297mm") == -1);
	CHECK(set(&st, "page.size", "folio") == -1);
	CHECK(style_set_paper(&st, "half-letter") == 0);
	CHECK(style_fold_sheet(&st, &w, &h) == 0 && w == 792 && h == 612);
	CHECK(style_set_paper(&st, "quarto") == -1);
	style_free(&st);
}

static void
test_highlight_and_roles(void)
{
	struct style st;

	style_init(&st);
	CHECK(set(&st, "highlight.keyword", "#0000ff bold italic") == 0);
	CHECK(st.hl[HL_KEYWORD].color == 0x0000ff);
	CHECK(st.hl[HL_KEYWORD].bold && st.hl[HL_KEYWORD].italic);
	CHECK(set(&st, "highlight.keyword", "#00ff00") == 0);
	CHECK(!st.hl[HL_KEYWORD].bold && !st.hl[HL_KEYWORD].italic);
	CHECK(set(&st, "highlight.keyword", "#00ff00 loud") == -1);
	CHECK(set(&st, "highlight.nosuch", "#00ff00") == -1);

	CHECK(role_heading(0) == ROLE_H1);
	CHECK(role_heading(3) == ROLE_H3);
	CHECK(role_heading(9) == ROLE_H6);
	CHECK_STR(role_name(ROLE_BODY), "body");
	CHECK_STR(role_name(ROLE_H2), "h2");
	style_free(&st);
}

/* The layers: built-in, default.yaml, a named style, a post's keys. */
static void
test_layers(void)
{
	struct style st;
	struct kv post[] = {
		{ "title", "not a style key" },
		{ "style.body.size", "13" },
		{ "style.link.color", "#123456" },
	};
	double print_size;

	style_init(&st);
	CHECK(style_load(&st, "../..", NULL) == 0);
	CHECK(NEAR(st.role[ROLE_BODY].size, 11));
	CHECK_STR(st.role[ROLE_BODY].font, "Linux Libertine O");
	CHECK(st.role[ROLE_BODY].align == ALIGN_JUSTIFY);
	CHECK(st.role[ROLE_BYLINE].caps == CAPS_ALL);
	style_free(&st);

	style_init(&st);
	CHECK(style_load(&st, "../..", "print") == 0);
	print_size = st.role[ROLE_BODY].size;
	CHECK(print_size > 0);
	capture_begin();
	style_apply(&st, post, sizeof(post) / sizeof(post[0]), "style.",
	    "p.md");
	CHECK(capture_end()[0] == '\0');
	CHECK(NEAR(st.role[ROLE_BODY].size, 13));
	CHECK(st.link_color == 0x123456);
	style_free(&st);

	style_init(&st);
	capture_begin();
	CHECK(style_load(&st, "../..", "no-such-style") == -1);
	CHECK(strstr(capture_end(), "no-such-style") != NULL);
	style_free(&st);
}

int
main(void)
{
	test_lengths();
	test_values();
	test_paper();
	test_highlight_and_roles();
	test_layers();
	return check_done();
}
