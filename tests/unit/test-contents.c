/* test-contents.c - the booklet's index of tags, categories and series. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "contents.h"
#include "layout.h"
#include "markdown.h"
#include "style.h"

/* The text of d's blocks, one a line, the leader after a tab. */
static char *
texts(const struct doc *d)
{
	static char out[1024];

	out[0] = '\0';
	for (size_t i = 0; i < d->nblocks; i++) {
		strncat(out, d->blocks[i].text ? d->blocks[i].text : "",
		    sizeof(out) - strlen(out) - 1);
		if (d->blocks[i].leader != NULL) {
			strncat(out, "\t", sizeof(out) - strlen(out) - 1);
			strncat(out, d->blocks[i].leader,
			    sizeof(out) - strlen(out) - 1);
		}
		strncat(out, "\n", sizeof(out) - strlen(out) - 1);
	}
	return out;
}

/* Posts without a tag, category or series: only the heading (and no
 * qsort of a NULL array, which UBSan reports as undefined). */
static void
test_no_groups(void)
{
	struct style st;
	struct meta m = {0};
	struct entry e[] = {
		{ .meta = &m, .title = "One", .dest = "p1", .page = 3 },
		{ .meta = &m, .title = "Two", .dest = "p2", .page = 5 },
	};
	struct doc d = {0};
	struct measure_ctx mc = { .st = &st };

	style_init(&st);
	mc.column = style_column_width(&st);
	contents_index(&d, e, 2, &mc);
	CHECK_STR(texts(&d), "Index\n");
	doc_free(&d);
	/* And a book of no posts at all. */
	contents_index(&d, e, 0, &mc);
	CHECK_STR(texts(&d), "Index\n");
	doc_free(&d);
	style_free(&st);
}

/* Groups sorted by name, case aside, then by kind; a tag and a category
 * of one name are one group. */
static void
test_groups(void)
{
	struct style st;
	char *tags1[] = { "zebra", "Apple" }, *tags2[] = { "mango" };
	char *cats[] = { "zebra" };
	struct meta m1 = { .tags = tags1, .ntags = 2 },
	    m2 = { .tags = tags2, .ntags = 1, .categories = cats,
	    .ncategories = 1, .series = "Apple" };
	struct entry e[] = {
		{ .meta = &m1, .title = "One", .dest = "p1", .page = 3 },
		{ .meta = &m2, .title = "Two", .dest = "p2", .page = 5 },
	};
	struct doc d = {0};
	struct measure_ctx mc = { .st = &st };

	style_init(&st);
	mc.column = style_column_width(&st);
	contents_index(&d, e, 2, &mc);
	CHECK_STR(texts(&d), "Index\n"
	    "Apple (series)\nApple (series) (cont.)\nTwo,\xC2\xA0" "5\n"
	    "Apple\nApple (cont.)\nOne,\xC2\xA0" "3\n"
	    "mango\nmango (cont.)\nTwo,\xC2\xA0" "5\n"
	    "zebra\nzebra (cont.)\nOne,\xC2\xA0" "3\nTwo,\xC2\xA0" "5\n");
	doc_free(&d);
	style_free(&st);
}

/*
 * The index's shape: terms and entries in columns when the column is
 * wide enough for two (A4's), else one; each entry repeats the "(cont.)"
 * block after its term, hangs its wrapped lines, and is never split.
 */
static void
test_shape(void)
{
	struct style st;
	char *tags[] = { "ink", "paper" };
	struct meta m = { .tags = tags, .ntags = 2 };
	struct entry e[] = {
		{ .meta = &m, .title = "Why it ends.", .dest = "p1",
		    .page = 3 },
		{ .meta = &m, .title = "Two", .dest = "p2", .page = 5 },
	};
	struct doc d = {0};
	struct measure_ctx mc = { .st = &st };

	style_init(&st);
	/* A4's text column in the default style: 29 em of 11 pt. */
	mc.column = 319;
	contents_index(&d, e, 2, &mc);
	/* Index, then per term: term, "(cont.)", two entries. */
	CHECK((int)d.nblocks == 9);
	CHECK(d.blocks[0].columns == 0);
	for (size_t i = 1; i < d.nblocks; i++)
		CHECK(d.blocks[i].columns == 2);
	CHECK(d.blocks[1].keep_with_next == 1);
	CHECK((int)d.blocks[3].repeat == 3);
	CHECK((int)d.blocks[4].repeat == 3);
	CHECK((int)d.blocks[7].repeat == 7);
	CHECK((int)d.blocks[1].repeat == 0);
	CHECK(d.blocks[3].hang > 0 && d.blocks[3].indent > 0);
	CHECK(d.blocks[3].keep_together == 1);
	/* A title ending in a stop takes no comma before its page. */
	CHECK_STR(d.blocks[3].text, "Why it ends.\xC2\xA0" "3");
	doc_free(&d);
	/* A5's (280 pt): two columns would be too narrow. */
	mc.column = 280;
	CHECK(layout_column_width(&mc, 2) < 50 * 72 / 25.4);
	contents_index(&d, e, 2, &mc);
	CHECK(d.blocks[1].columns == 1);
	doc_free(&d);
	style_free(&st);
}

/* A front matter excerpt: cmark's smart punctuation, nothing else of
 * Markdown. */
static void
test_smart(void)
{
	char *s;

	s = markdown_smart("It's the \"best\" -- really...\nsaid 'she'");
	CHECK_STR(s, "It\xE2\x80\x99s the \xE2\x80\x9C" "best"
	    "\xE2\x80\x9D \xE2\x80\x93 really\xE2\x80\xA6 said "
	    "\xE2\x80\x98" "she\xE2\x80\x99");
	free(s);
	/* Markdown's marks stay as written, a list marker too; dashes
	 * after the first word are dashes. */
	s = markdown_smart("- *a* [b](c) <i> `d` \\ &amp; # 1. ---");
	CHECK_STR(s, "- *a* [b](c) <i> `d` \\ &amp; # 1. \xE2\x80\x94");
	free(s);
	s = markdown_smart("  1. one");
	CHECK_STR(s, "1. one");
	free(s);
	s = markdown_smart("");
	CHECK_STR(s, "");
	free(s);
}

int
main(void)
{
	test_no_groups();
	test_groups();
	test_shape();
	test_smart();
	return check_done();
}
