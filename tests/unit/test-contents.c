/* test-contents.c - the booklet's index of tags, categories and series. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "contents.h"
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

	style_init(&st);
	contents_index(&d, e, 2, &st);
	CHECK_STR(texts(&d), "Index\n");
	doc_free(&d);
	/* And a book of no posts at all. */
	contents_index(&d, e, 0, &st);
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

	style_init(&st);
	contents_index(&d, e, 2, &st);
	CHECK_STR(texts(&d), "Index\n"
	    "Apple (series)\nTwo\t5\n"
	    "Apple\nOne\t3\n"
	    "mango\nTwo\t5\n"
	    "zebra\nOne\t3\nTwo\t5\n");
	doc_free(&d);
	style_free(&st);
}

int
main(void)
{
	test_no_groups();
	test_groups();
	return check_done();
}
