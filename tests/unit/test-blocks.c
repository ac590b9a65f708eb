/* test-blocks.c - Markdown into blocks: kinds, roles, list markers and
 * indents, quotes, code, tables, links made absolute, footnotes, the
 * outline, and the series list. */
#include <stdlib.h>
#include <string.h>

#include "blocks.h"
#include "check.h"
#include "markdown.h"
#include "site.h"
#include "style.h"
#include "url.h"
#include "util.h"

static struct style st;
static struct site site;

static void
build(struct doc *d, const char *md, const struct series *series)
{
	struct build_ctx ctx = { .file = "t.md", .first_line = 5, .st = &st,
		.site = &site, .post_dir = ".",
		.page_url = "https://example.org/blog/2020/01/t/",
		.series = series };
	cmark_node *root = markdown_parse(md, strlen(md));

	memset(d, 0, sizeof(*d));
	build_body(d, root, &ctx);
	cmark_node_free(root);
}

/* The first block whose text starts with prefix, or NULL. */
static const struct block *
find(const struct doc *d, const char *prefix)
{
	for (size_t i = 0; i < d->nblocks; i++)
		if (d->blocks[i].text != NULL &&
		    !strncmp(d->blocks[i].text, prefix, strlen(prefix)))
			return &d->blocks[i];
	return NULL;
}

static void
test_kinds(void)
{
	struct doc d;
	const struct block *b;

	build(&d, "Some *body* text.\n\n## A heading\n\n---\n\n"
	    "```c\nint x;\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", NULL);
	CHECK((b = find(&d, "Some body text.")) != NULL);
	if (b != NULL) {
		CHECK(b->kind == BLOCK_TEXT && b->role == ROLE_BODY);
		CHECK(b->line == 5);
		CHECK(b->attrs != NULL);	/* the emphasis */
	}
	CHECK((b = find(&d, "A heading")) != NULL);
	if (b != NULL) {
		CHECK(b->role == ROLE_H2);
		CHECK(b->line == 7);
		CHECK(b->dest != NULL);
	}
	CHECK(d.nheadings == 1 && d.headings[0].level == 2);
	if (d.nheadings == 1 && b != NULL)
		CHECK_STR(d.headings[0].dest, b->dest);
	CHECK((b = find(&d, "int x;")) != NULL && b->kind == BLOCK_CODE);
	{
		int rules = 0, tables = 0;

		for (size_t i = 0; i < d.nblocks; i++) {
			rules += d.blocks[i].kind == BLOCK_RULE;
			if (d.blocks[i].kind == BLOCK_TABLE) {
				tables++;
				CHECK(d.blocks[i].table->ncols == 2);
				CHECK(d.blocks[i].table->nrows == 2);
			}
		}
		CHECK(rules == 1 && tables == 1);
	}
	doc_free(&d);
}

static void
test_lists_and_quotes(void)
{
	struct doc d;
	const struct block *b;

	build(&d, "- one\n- two\n  1. inner\n  2. second\n\n"
	    "> quoted\n>\n> > deeper\n", NULL);
	CHECK((b = find(&d, "one")) != NULL);
	if (b != NULL) {
		CHECK_STR(b->marker, "\xE2\x80\xA2");
		CHECK(b->indent == st.list_indent);
	}
	CHECK((b = find(&d, "inner")) != NULL);
	if (b != NULL) {
		CHECK_STR(b->marker, "1.");
		CHECK(b->indent == 2 * st.list_indent);
	}
	CHECK((b = find(&d, "second")) != NULL && !strcmp(b->marker, "2."));
	CHECK((b = find(&d, "quoted")) != NULL);
	if (b != NULL) {
		CHECK(b->quote_depth == 1 && b->indent == st.quote_indent);
		CHECK(b->marker == NULL);
	}
	CHECK((b = find(&d, "deeper")) != NULL && b->quote_depth == 2);
	doc_free(&d);
}

static void
test_links_and_notes(void)
{
	struct doc d;
	const struct block *b;

	build(&d, "See [a](/about/), [b](next/), [c](#part), "
	    "[d](https://x.net/).[^n] [e](#nowhere) stays text.\n\n"
	    "## Part\n\n[^n]: The note.\n", NULL);
	CHECK((b = find(&d, "See a, b, c, d.")) != NULL);
	/* Four links and the footnote mark; "#nowhere" is no heading. */
	CHECK(b != NULL && b->nlinks == 5);
	if (b != NULL && b->nlinks >= 4) {
		CHECK_STR(b->links[0].uri, "https://example.org/about/");
		CHECK_STR(b->links[1].uri,
		    "https://example.org/blog/2020/01/t/next/");
		CHECK_STR(b->links[2].uri, "#part");
		CHECK_STR(b->links[2].dest, "part");
		CHECK_STR(b->links[3].uri, "https://x.net/");
		CHECK(b->links[0].start == 4 && b->links[0].end == 5);
	} else
		CHECK(!"four links");
	CHECK((b = find(&d, "The note.")) != NULL);
	if (b != NULL) {
		CHECK(b->note == 1);
		CHECK_STR(b->marker, "1.");
	}
	doc_free(&d);
}

static void
test_series(void)
{
	char *titles[] = { "First", "Second", "Third" };
	char *urls[] = { "https://example.org/blog/1/", NULL,
		"https://example.org/blog/3/" };
	struct series s = { .name = "Trio", .titles = titles, .urls = urls,
		.n = 3, .current = 1 };
	struct doc d;
	const struct block *b;

	build(&d, "Before.\n\n<!-- quire:series -->\n\nAfter.\n", &s);
	CHECK((b = find(&d, "Part of the series \xE2\x80\x9CTrio")) != NULL);
	CHECK((b = find(&d, "First")) != NULL);
	if (b != NULL) {
		CHECK_STR(b->marker, "1.");
		CHECK(b->nlinks == 1 && b->generated);
		if (b->nlinks == 1)
			CHECK_STR(b->links[0].uri, urls[0]);
	}
	/* The post itself: no link to itself. */
	CHECK((b = find(&d, "Second")) != NULL && b->nlinks == 0);
	CHECK(find(&d, "After.") != NULL);
	doc_free(&d);
}

int
main(void)
{
	style_init(&st);
	url_init(&site.web, "https://example.org/", "blog");
	site.root = xstrdup(".");
	markdown_init();
	test_kinds();
	test_lists_and_quotes();
	test_links_and_notes();
	test_series();
	site_free(&site);
	style_free(&st);
	return check_done();
}
