/* test-tagging.c - blocks to structure paths: lists (nested, continued,
 * ended), quotes, figures with captions and alternate texts, footnotes,
 * contents and index, and what stays out. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "artifact.h"
#include "tagging.h"

static struct block
text(enum role role, double indent, const char *marker, const char *t)
{
	struct block b = { .kind = BLOCK_TEXT, .role = role, .indent = indent,
		.marker = (char *)marker, .text = (char *)t };

	return b;
}

/* The path as "L#0/LI#0/LBody#0/P#0". */
static const char *
show(const struct tag_path *p)
{
	static char out[256];
	size_t n = 0;

	out[0] = '\0';
	for (size_t i = 0; i < p->n && n < sizeof(out); i++)
		n += (size_t)snprintf(out + n, sizeof(out) - n, "%s%s#%zu",
		    i ? "/" : "", p->node[i].type, p->node[i].id);
	return out;
}

static void
test_lists(void)
{
	struct block b[] = {
		text(ROLE_BODY, 0, NULL, "intro"),		/* 0 */
		text(ROLE_BODY, 18, "1.", "one"),		/* 1 */
		text(ROLE_BODY, 36, "-", "one.a"),		/* 2 nested */
		text(ROLE_BODY, 18, NULL, "one, more"),		/* 3 same item */
		text(ROLE_BODY, 18, "2.", "two"),		/* 4 */
		{ .kind = BLOCK_SPACE },			/* 5 */
		text(ROLE_BODY, 18, "3.", "three"),		/* 6 */
		text(ROLE_BODY, 0, NULL, "after"),		/* 7 */
		text(ROLE_BODY, 18, "-", "new list"),		/* 8 */
	};
	struct tag_path p[9];

	tagging_paths(b, 9, p);
	CHECK_STR(show(&p[0]), "P#0");
	CHECK_STR(show(&p[1]), "L#1/LI#1/LBody#1/P#1");
	CHECK_STR(show(&p[2]), "L#1/LI#1/LBody#1/L#2/LI#2/LBody#2/P#2");
	CHECK_STR(show(&p[3]), "L#1/LI#1/LBody#1/P#3");
	CHECK_STR(show(&p[4]), "L#1/LI#4/LBody#4/P#4");
	CHECK(p[5].n == 0);
	CHECK_STR(show(&p[6]), "L#1/LI#6/LBody#6/P#6");
	CHECK_STR(show(&p[7]), "P#7");
	CHECK_STR(show(&p[8]), "L#8/LI#8/LBody#8/P#8");
}

static void
test_quotes_and_headings(void)
{
	struct block b[] = {
		text(ROLE_H2, 0, NULL, "Head"),
		text(ROLE_QUOTE, 14, NULL, "q1"),
		text(ROLE_QUOTE, 28, NULL, "deeper"),
		text(ROLE_QUOTE, 14, NULL, "q2"),
		text(ROLE_BODY, 0, NULL, "out"),
		text(ROLE_QUOTE, 14, NULL, "another"),
		{ .kind = BLOCK_CODE, .role = ROLE_CODE },
		{ .kind = BLOCK_RULE },
	};
	struct tag_path p[8];

	b[1].quote_depth = b[3].quote_depth = b[5].quote_depth = 1;
	b[2].quote_depth = 2;
	tagging_paths(b, 8, p);
	CHECK_STR(show(&p[0]), "H2#0");
	CHECK_STR(show(&p[1]), "BlockQuote#1/P#1");
	CHECK_STR(show(&p[2]), "BlockQuote#1/BlockQuote#2/P#2");
	CHECK_STR(show(&p[3]), "BlockQuote#1/P#3");
	CHECK_STR(show(&p[4]), "P#4");
	CHECK_STR(show(&p[5]), "BlockQuote#5/P#5");
	CHECK_STR(show(&p[6]), "Code#6");
	CHECK(p[7].n == 0);
}

static void
test_figures_and_notes(void)
{
	struct block b[] = {
		text(ROLE_TITLE, 0, NULL, "The Post"),
		{ .kind = BLOCK_IMAGE, .role = ROLE_CAPTION, .path = "a.png",
		  .text = "" },
		{ .kind = BLOCK_IMAGE, .role = ROLE_CAPTION, .path = "b.png",
		  .text = "A cat" },
		text(ROLE_CAPTION, 0, NULL, "Figure 2: a cat"),
		{ .kind = BLOCK_IMAGE, .role = ROLE_CAPTION, .path = NULL,
		  .text = "[image: gone.png]" },
		{ .kind = BLOCK_TABLE, .role = ROLE_TABLE },
		text(ROLE_FOOTNOTE, 10, "1.", "a note"),
	};
	struct tag_path p[7];

	b[6].note = 1;
	tagging_paths(b, 7, p);
	CHECK_STR(show(&p[0]), "H1#0");
	CHECK_STR(show(&p[1]), "Figure#1");
	CHECK_STR(p[1].alt, "The Post");	/* no words: the title */
	CHECK_STR(show(&p[2]), "Figure#2");
	CHECK_STR(p[2].alt, "A cat");
	CHECK_STR(show(&p[3]), "Figure#2/Caption#3");
	CHECK_STR(show(&p[4]), "P#4");		/* a placeholder is text */
	CHECK(p[4].alt == NULL);
	CHECK_STR(show(&p[5]), "Table#5");
	CHECK_STR(show(&p[6]), "Note#1/P#6");
}

static void
test_contents(void)
{
	struct block b[] = {
		text(ROLE_TOC_HEAD, 0, NULL, "Contents"),
		text(ROLE_TOC_GROUP, 0, NULL, "2024"),
		text(ROLE_TOC_ENTRY, 0, NULL, "First"),
		text(ROLE_TOC_META, 0, NULL, "1 May"),
		text(ROLE_TOC_EXCERPT, 0, NULL, "About it"),
		text(ROLE_TOC_ENTRY, 0, NULL, "Second"),
		text(ROLE_TOC_HEAD, 0, NULL, "Index"),
		text(ROLE_TOC_GROUP, 0, NULL, "tag"),
		text(ROLE_INDEX, 0, NULL, "First"),
		text(ROLE_TOC_GROUP, 0, NULL, "tag (cont.)"),
		text(ROLE_INDEX, 0, NULL, "Second"),
	};
	struct tag_path p[11];

	/* the term set again above the entry that continues it */
	b[10].repeat = 9 + 1;
	tagging_paths(b, 11, p);
	CHECK_STR(show(&p[0]), "H1#0");
	CHECK_STR(show(&p[1]), "TOC#0/H2#1");
	CHECK_STR(show(&p[2]), "TOC#0/TOCI#2");
	CHECK_STR(show(&p[3]), "TOC#0/TOCI#2/P#3");
	CHECK_STR(show(&p[4]), "TOC#0/TOCI#2/P#4");
	CHECK_STR(show(&p[5]), "TOC#0/TOCI#5");
	CHECK_STR(show(&p[6]), "H1#6");
	CHECK_STR(show(&p[7]), "Index#6/H2#7");
	CHECK_STR(show(&p[8]), "Index#6/P#8");
	/* the repeat is furniture: an artifact, not a second term */
	CHECK_STR(show(&p[9]), "Index#6/" ARTIFACT_PAGINATION "#9");
	CHECK_STR(show(&p[10]), "Index#6/P#10");
}

static void
test_deep(void)
{
	struct block b[TAG_DEPTH * 2];
	struct tag_path p[TAG_DEPTH * 2];

	/* Lists nested past the depth never overflow the path. */
	for (size_t i = 0; i < TAG_DEPTH * 2; i++)
		b[i] = text(ROLE_BODY, 18.0 * (double)(i + 1), "-", "x");
	tagging_paths(b, TAG_DEPTH * 2, p);
	for (size_t i = 0; i < TAG_DEPTH * 2; i++)
		CHECK(p[i].n <= TAG_DEPTH && p[i].n > 0);
	CHECK(!strcmp(p[TAG_DEPTH * 2 - 1].node[p[TAG_DEPTH * 2 - 1].n -
	    1].type, "P"));
}

int
main(void)
{
	test_lists();
	test_quotes_and_headings();
	test_figures_and_notes();
	test_contents();
	test_deep();
	return check_done();
}
