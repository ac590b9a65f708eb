/* test-util.c - the shared text helpers: line numbers of offsets, kept
 * newlines, markup escaping. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "util.h"

static void
test_line_at(void)
{
	const char *s = "ab\ncd\n\nef";
	struct linecount lc = { .s = s, .first = 5 };

	CHECK(line_at(&lc, 0) == 5);
	CHECK(line_at(&lc, 2) == 5);	/* the newline itself: still line 5 */
	CHECK(line_at(&lc, 3) == 6);
	CHECK(line_at(&lc, 7) == 8);
	CHECK(line_at(&lc, 9) == 8);
	/* Backwards: counted again from the start. */
	CHECK(line_at(&lc, 4) == 6);
	CHECK(line_at(&lc, 0) == 5);
	CHECK(line_at(&lc, 9) == 8);
	CHECK(count_newlines(s, 10) == 3);
	CHECK(count_newlines(s, 3) == 1);
	CHECK(count_newlines(s, 2) == 0);
	CHECK(count_newlines("", 0) == 0);
}

static void
test_newlines(void)
{
	struct buf b = { 0 };
	char *got;

	buf_put_newlines(&b, "a\nb\n\nc", 6);
	buf_put_newlines(&b, "x\ny", 1);	/* only s[0..n) counts */
	buf_put_newlines(&b, "", 0);
	got = buf_take(&b);
	CHECK_STR(got, "\n\n\n");
	free(got);
}

static void
test_escaped(void)
{
	struct buf b = { 0 };
	char *got;

	buf_put_escaped(&b, "a<b> & \"c\"\nd\te\x01", 0);
	got = buf_take(&b);
	CHECK_STR(got, "a&lt;b&gt; &amp; &quot;c&quot;\nd\te");
	free(got);
	buf_put_escaped(&b, "one\ntwo", 1);
	got = buf_take(&b);
	CHECK_STR(got, "one two");
	free(got);
}

/* Pairs without a key (positional arguments) are passed over. */
static void
test_kv(void)
{
	struct kv kv[] = { { NULL, "pos" }, { "a", "1" }, { "b", "2" } };

	CHECK_STR(kv_get(kv, 3, "b"), "2");
	CHECK_STR(kv_get(kv, 3, "a"), "1");
	CHECK(kv_get(kv, 3, "pos") == NULL);
	CHECK(kv_get(kv, 1, "a") == NULL);
}

static void
test_take_word(void)
{
	size_t pos = 1;

	CHECK(take_word("xtrue", 5, &pos, "true") && pos == 5);
	pos = 1;
	CHECK(!take_word("xtru", 4, &pos, "true") && pos == 1);
	CHECK(!take_word("xtrux", 5, &pos, "null") && pos == 1);
}

int
main(void)
{
	test_line_at();
	test_newlines();
	test_escaped();
	test_kv();
	test_take_word();
	return check_done();
}
