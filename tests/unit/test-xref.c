/* test-xref.c - links between the posts of a booklet and the page numbers
 * they show: matching, guessing while counting, numbering, settling. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "doc.h"
#include "util.h"
#include "xref.h"

static struct site_url web;

static void
three(struct xref *x, const char *url, const char *baseurl, int recto)
{
	url_free(&web);
	url_init(&web, url, baseurl);
	xref_init(x, 3, &web, recto);
	xref_set_permalink(x, 0, "/2020/01/first/");
	xref_set_permalink(x, 1, "/2020/02/second.html");
	xref_set_permalink(x, 2, "/2020/03/Third/");
}

static void
test_find(void)
{
	struct xref x;

	three(&x, "https://Example.org/", "/blog/", 0);
	CHECK_STR(x.p[0].dest, "p1");
	CHECK_STR(x.p[2].dest, "p3");
	CHECK(xref_find(&x, "/blog/2020/01/first/") == 0);
	CHECK(xref_find(&x, "/blog/2020/01/first") == 0);
	CHECK(xref_find(&x, "/blog/2020/01/first.html") == 0);
	CHECK(xref_find(&x, "/2020/01/first/") == 0);
	CHECK(xref_find(&x, "https://example.org/blog/2020/01/First/?a=1#x")
	    == 0);
	CHECK(xref_find(&x, "HTTP://EXAMPLE.ORG/blog/2020/02/second/") == 1);
	CHECK(xref_find(&x, "/blog/2020/03/third") == 2);
	/* Another host, a relative link, another path, an anchor. */
	CHECK(xref_find(&x, "https://example.com/blog/2020/01/first/") == -1);
	CHECK(xref_find(&x, "https://example.org.evil/2020/01/first/") == -1);
	CHECK(xref_find(&x, "2020/01/first/") == -1);
	CHECK(xref_find(&x, "/blogs/2020/01/first/") == -1);
	CHECK(xref_find(&x, "#first") == -1);
	xref_free(&x);

	/* Without a url, only paths match. */
	three(&x, NULL, NULL, 0);
	CHECK(xref_find(&x, "/2020/01/first/") == 0);
	CHECK(xref_find(&x, "https://example.org/2020/01/first/") == -1);
	xref_free(&x);
}

/* A text block reading "see A and B." with links over A and B. */
static struct block *
two_links(struct doc *d, const char *a, const char *b)
{
	struct block *bl = doc_add(d, BLOCK_TEXT, ROLE_BODY);

	bl->text = xstrdup("see A and B.");
	block_add_link(bl, 4, 5, a);
	block_add_link(bl, 10, 11, b);
	return bl;
}

static void
test_link(void)
{
	struct xref x;
	struct doc d = {0};
	struct block *bl;

	three(&x, "https://example.org", "", 0);
	xref_pass(&x, 1);
	xref_begin_post(&x, 0);
	CHECK(x.p[0].start == 1);
	bl = two_links(&d, "/2020/03/third/", "https://elsewhere.net/");
	xref_link(&x, 0, &d);
	/* Not laid out yet: a guess from 3 pages a post. */
	CHECK_STR(bl->text, "see A (p.\xC2\xA0" "7) and B.");
	CHECK_STR(bl->links[0].dest, "p3");
	CHECK(bl->links[1].dest == NULL);
	CHECK(bl->links[0].start == 4 && bl->links[0].end == 5);
	CHECK(bl->links[1].start == 18 && bl->links[1].end == 19);
	CHECK(x.p[0].nrefs == 1 && x.p[0].ref[0] == 2);
	CHECK(xref_shown(&x, 0));
	CHECK(!xref_moved(&x, 0));
	xref_end_post(&x, 0, 5);
	/* Now 5 pages a post: post 2 is guessed at 6 + 5 = 11, two digits. */
	CHECK(xref_start(&x, 1) == 6);
	CHECK(xref_start(&x, 2) == 11);
	CHECK(!xref_shown(&x, 0));
	CHECK(xref_moved(&x, 0));
	doc_free(&d);
	xref_free(&x);
}

static void
test_number(void)
{
	struct xref x;

	three(&x, NULL, NULL, 1);
	xref_pass(&x, 1);
	for (size_t i = 0; i < 3; i++) {
		xref_begin_post(&x, i);
		xref_end_post(&x, i, (int)(4 - i));
	}
	/* Right-hand starts: 1 (4 pages), 5 (3), then 8 is a verso: 9. */
	CHECK(x.p[0].start == 1 && x.p[1].start == 5 && x.p[2].start == 9);
	/* The page counts were new. */
	CHECK(xref_renumber(&x) == 1);
	CHECK(xref_renumber(&x) == 0);
	/* A later pass: post 0 grows a page; the others move. */
	xref_pass(&x, 0);
	xref_begin_post(&x, 0);
	CHECK(x.p[0].start == 1);
	xref_end_post(&x, 0, 5);
	CHECK(xref_renumber(&x) == 1);
	CHECK(x.p[1].start == 7 && x.p[2].start == 11);
	xref_free(&x);
}

/*
 * The booklet's passes over posts whose page count depends on the width
 * of their references: post 0 refers to post 9 and grows a page when the
 * reference has two digits. After the passes every reference shows the
 * page its post starts on.
 */
static void
test_settle(void)
{
	enum { N = 10 };
	struct xref x;
	int changed, pass;

	xref_init(&x, N, NULL, 0);
	for (size_t i = 0; i < N; i++) {
		char perm[32];

		snprintf(perm, sizeof(perm), "/p/%zu/", i);
		xref_set_permalink(&x, i, perm);
	}
	for (pass = 0; pass < 4; pass++) {
		xref_pass(&x, pass == 0);
		for (size_t i = 0; i < N; i++) {
			struct doc d = {0};
			struct block *bl;
			int pages = 1;

			if (pass > 0 && !xref_moved(&x, i))
				continue;
			xref_begin_post(&x, i);
			bl = doc_add(&d, BLOCK_TEXT, ROLE_BODY);
			bl->text = xstrdup("x");
			if (i == 0) {
				block_add_link(bl, 0, 1, "/p/9/");
				xref_link(&x, i, &d);
				/* "x (p. N)": 10 bytes with two digits. */
				pages = strlen(d.blocks[0].text) >= 10 ? 2 : 1;
			} else
				xref_link(&x, i, &d);
			xref_end_post(&x, i, pages);
			doc_free(&d);
		}
		changed = xref_renumber(&x);
		if (!changed)
			break;
	}
	/* The first guess (post 9 at 1 + 9 * 3 = 28) is two digits: post 0
	 * gets 2 pages, post 9 starts on 11, still two digits: settled after
	 * the second pass, which lays out nothing. */
	CHECK(pass == 1);
	CHECK(x.p[0].npages == 2);
	CHECK(x.p[9].start == 11);
	for (size_t i = 0; i < N; i++)
		CHECK(!xref_moved(&x, i));
	/* Its reference still shows the guess: drawing links it again. */
	CHECK(!xref_shown(&x, 0));
	{
		struct doc d = {0};
		struct block *bl = doc_add(&d, BLOCK_TEXT, ROLE_BODY);

		bl->text = xstrdup("x");
		block_add_link(bl, 0, 1, "/p/9/");
		xref_link(&x, 0, &d);
		CHECK_STR(d.blocks[0].text, "x (p.\xC2\xA0" "11)");
		CHECK(xref_shown(&x, 0));
		doc_free(&d);
	}
	xref_free(&x);
}

/*
 * The first pass's view of post i, as a worker gets it: references to
 * posts before i show their first pages, those to i and after a guess
 * from the page counts before xref_base(i), whatever was counted since.
 */
static void
test_view(void)
{
	enum { N = 40 };
	struct xref x;
	struct doc d = {0};
	struct block *bl;
	char perm[32];

	xref_init(&x, N, NULL, 0);
	for (size_t i = 0; i < N; i++) {
		snprintf(perm, sizeof(perm), "/p/%zu/", i);
		xref_set_permalink(&x, i, perm);
	}
	CHECK(xref_base(5) == 0 && xref_base(XREF_LAG) == 0);
	CHECK(xref_base(XREF_LAG + 4) == 4);
	/* Posts 0..29 counted at 2 pages each, then 10 pages each. */
	xref_pass(&x, 1);
	for (size_t i = 0; i < 30; i++) {
		xref_begin_post(&x, i);
		xref_end_post(&x, i, i < 20 ? 2 : 10);
	}
	CHECK(x.p[29].start == 1 + 20 * 2 + 9 * 10);
	/* Post 25 refers to 24 (before it), 33 and itself (after). */
	bl = doc_add(&d, BLOCK_TEXT, ROLE_BODY);
	bl->text = xstrdup("a b c");
	block_add_link(bl, 0, 1, "/p/24/");
	block_add_link(bl, 2, 3, "/p/33/");
	block_add_link(bl, 4, 5, "/p/25/");
	block_add_link(bl, 4, 5, "/elsewhere/");
	CHECK(xref_needs(&x, 25, &d) == 25);
	xref_view(&x, 25);
	CHECK(xref_start(&x, 24) == 1 + 20 * 2 + 4 * 10);
	/* Guessed from the 9 posts before post 9 = 25 - 16: 2 a post. */
	CHECK(xref_start(&x, 33) == 19 + (33 - 9) * 2);
	CHECK(xref_start(&x, 25) == 19 + (25 - 9) * 2);
	xref_link(&x, 25, &d);
	CHECK_STR(bl->text, "a (p.\xC2\xA0" "81) b (p.\xC2\xA0" "67) c (p.\xC2\xA0"
	    "51)");
	doc_free(&d);
	/* A post referring to none after it needs nothing. */
	bl = doc_add(&d, BLOCK_TEXT, ROLE_BODY);
	bl->text = xstrdup("a");
	block_add_link(bl, 0, 1, "/p/39/");
	CHECK(xref_needs(&x, 3, &d) == 0);
	doc_free(&d);
	xref_free(&x);
}

int
main(void)
{
	test_find();
	test_link();
	test_number();
	test_settle();
	test_view();
	url_free(&web);
	return check_done();
}
