/* test-impose.c - the saddle-stitch order and creep. */
#include <math.h>
#include <stdlib.h>

#include "check.h"
#include "impose.h"

/* Every page once, the blanks last, each side's pages summing to the
 * padded count plus one (counted from 1), fronts holding the outer page
 * on the left. */
static void
test_order(size_t npages)
{
	size_t nsides = impose_nsides(npages), padded = nsides * 2;
	struct impose_side *s = calloc(nsides ? nsides : 1, sizeof(*s));
	int *seen = calloc(padded ? padded : 1, sizeof(*seen));

	CHECK(padded % 4 == 0 && padded >= npages && padded < npages + 4);
	impose_saddle(npages, s);
	for (size_t i = 0; i < nsides; i++) {
		long l = s[i].left, r = s[i].right;
		/* blanks stand for the padding pages npages .. padded-1 */
		size_t pl = l >= 0 ? (size_t)l : 0, pr = r >= 0 ? (size_t)r : 0;

		CHECK(s[i].sheet == i / 2);
		if (l >= 0 && r >= 0)
			CHECK(pl + pr == padded - 1);
		if (l >= 0)
			seen[pl]++;
		if (r >= 0)
			seen[pr]++;
		CHECK(l < (long)npages && r < (long)npages);
	}
	for (size_t p = 0; p < padded; p++)
		CHECK(seen[p] == (p < npages));
	free(seen);
	free(s);
}

static void
test_eight(void)
{
	struct impose_side s[4];

	impose_saddle(8, s);
	/* sheet 1: 8|1 then 2|7; sheet 2: 6|3 then 4|5 (from 1) */
	CHECK(s[0].left == 7 && s[0].right == 0);
	CHECK(s[1].left == 1 && s[1].right == 6);
	CHECK(s[2].left == 5 && s[2].right == 2);
	CHECK(s[3].left == 3 && s[3].right == 4);
}

static void
test_padding(void)
{
	struct impose_side s[4];

	/* 6 pages: 7 and 8 are blanks, on the outer sheet's inside */
	impose_saddle(6, s);
	CHECK(s[0].left == -1 && s[0].right == 0);
	CHECK(s[1].left == 1 && s[1].right == -1);
	CHECK(s[2].left == 5 && s[2].right == 2);
	CHECK(impose_nsides(0) == 0 && impose_nsides(1) == 2);
	CHECK(impose_nsides(4) == 2 && impose_nsides(5) == 4);
}

static void
test_creep(void)
{
	CHECK(impose_creep(0, 5, 8) == 0);
	CHECK(fabs(impose_creep(4, 5, 8) - 8) < 1e-9);
	CHECK(fabs(impose_creep(2, 5, 8) - 4) < 1e-9);
	CHECK(impose_creep(0, 1, 8) == 0);
}

int
main(void)
{
	for (size_t n = 0; n < 40; n++)
		test_order(n);
	test_eight();
	test_padding();
	test_creep();
	return check_done();
}
