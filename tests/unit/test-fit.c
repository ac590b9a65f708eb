/* test-fit.c - stepped-down sizes and shared-out column widths. */
#include <math.h>

#include "check.h"
#include "fit.h"

#define NEAR(a, b) (fabs((a) - (b)) < 1e-9)

static void
test_step(void)
{
	/* Fits already, or nothing to fit into: the size stays. */
	CHECK(fit_step(9.5, 300, 300) == 9.5);
	CHECK(fit_step(9.5, 100, 300) == 9.5);
	CHECK(fit_step(9.5, 300, 0) == 9.5);
	/* Down in proportion, to the tenth of a point below. */
	CHECK(NEAR(fit_step(10, 400, 300), 7.5));
	CHECK(NEAR(fit_step(9.5, 320, 300), 8.9));	/* 8.906 */
	CHECK(NEAR(fit_step(8.3, 100, 99.9), 8.2));
	/* Never below the floor; a size below it already stays. */
	CHECK(fit_step(9.5, 1000, 300) == FIT_MIN);
	CHECK(fit_step(7, 1000, 300) == 7);
	CHECK(fit_step(FIT_MIN, 1000, 300) == FIT_MIN);
}

static void
test_share(void)
{
	/* Two narrow columns keep their widths, the two wide ones split
	 * what is left: (100 - 10 - 20) / 2 = 35 each. */
	double w[] = { 10, 60, 20, 50 };
	double sum = 0;

	fit_share(w, 4, 100);
	CHECK(NEAR(w[0], 10) && NEAR(w[2], 20));
	CHECK(NEAR(w[1], 35) && NEAR(w[3], 35));
	for (int i = 0; i < 4; i++)
		sum += w[i];
	CHECK(NEAR(sum, 100));

	/* A column kept late: 34 is over an even third of 100, but once
	 * 10 is kept it fits half of the 90 left. */
	double v[] = { 80, 34, 10 };

	fit_share(v, 3, 100);
	CHECK(NEAR(v[2], 10) && NEAR(v[1], 34) && NEAR(v[0], 56));

	/* All too wide: an even split. */
	double u[] = { 50, 60, 70 };

	fit_share(u, 3, 90);
	CHECK(NEAR(u[0], 30) && NEAR(u[1], 30) && NEAR(u[2], 30));
}

int
main(void)
{
	test_step();
	test_share();
	return check_done();
}
