/* test-linebreak.c - total-fit breaking on made-up widths. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "linebreak.h"

static double *ratio_sink;

/* Items of words separated by spaces (width 3, stretch 1.5, shrink 1);
 * a word written "ab-cd" may break at its '-' (a hyphen, flagged). Each
 * letter is 5 wide. Ends with fill glue and a forced break. */
static size_t
para(const char *const *words, size_t nw, struct lb_item *it)
{
	size_t n = 0;

	for (size_t w = 0; w < nw; w++) {
		const char *p = words[w];

		if (w > 0)
			it[n++] = (struct lb_item){ .type = LB_GLUE, .width = 3,
			    .stretch = 3, .shrink = 1.5 };
		it[n++] = (struct lb_item){ .type = LB_BOX };
		for (; *p; p++) {
			if (*p == '-') {
				it[n++] = (struct lb_item){ .type = LB_PENALTY,
				    .flagged = 1, .penalty = 50 };
				it[n++] = (struct lb_item){ .type = LB_BOX };
				continue;
			}
			it[n - 1].width += 5;
		}
	}
	it[n++] = (struct lb_item){ .type = LB_GLUE, .stretch = LB_FILL };
	it[n++] = (struct lb_item){ .type = LB_PENALTY, .penalty = -LB_INF };
	return n;
}

/* The natural width of the line from item a (after a break) to b. */
static double
natural(const struct lb_item *it, size_t a, size_t b)
{
	double w = 0;

	while (a < b && it[a].type != LB_BOX)
		a++;
	for (size_t i = a; i < b; i++)
		if (it[i].type != LB_PENALTY)
			w += it[i].width;
	if (it[b].type == LB_PENALTY)
		w += it[b].width;
	return w;
}

/* Every line is set within its stretch and shrink, and its ratio says
 * by how much. */
static void
test_lines_fit(void)
{
	static const char *const words[] = { "aaaa", "bb", "cccccc", "d",
	    "eee", "ffff", "gg", "hhhhh", "iii", "jj", "kkkkkk", "l", "mmm",
	    "nnnn", "oo", "ppp" };
	struct lb_item it[64];
	struct lb_params p;
	size_t n = para(words, 16, it), *br, lines, a = 0;
	double *ratio;

	lb_defaults(&p);
	lines = lb_break(it, n, 80, &p, &br, &ratio);
	CHECK(lines >= 3);
	CHECK(br[lines - 1] == n - 1);
	for (size_t l = 0; l < lines; l++) {
		double w = natural(it, a, br[l]), st = 0, sh = 0;

		for (size_t i = a; i < br[l]; i++)
			if (it[i].type == LB_GLUE && i > a) {
				st += it[i].stretch;
				sh += it[i].shrink;
			}
		CHECK(it[br[l]].type != LB_BOX);
		if (l + 1 < lines) {
			CHECK(ratio[l] >= -1 && ratio[l] <= p.tolerance2);
			/* the ratio sets the line to its width */
			CHECK(fabs(w + ratio[l] * (ratio[l] > 0 ? st : sh) -
			    80) < 0.01);
		}
		a = br[l] + 1;
	}
	free(br);
	free(ratio);
}

/* Badness of a line set at ratio r, as the breaker counts it. */
static double
badness(double r)
{
	return pow(10 + 100 * fabs(r) * r * r, 2);
}

/*
 * Total fit beats first fit: filling each line as full as it goes (the
 * greedy way) leaves some lines loose; the breaks found never cost more
 * (without fitness demerits, the cost is the lines' badness alone), and
 * at some widths less.
 */
static void
test_total_fit(void)
{
	static const char *const words[] = { "aaaa", "bbbbb", "cc", "ddd",
	    "eeeeee", "f", "gggg", "hhh", "iiiii", "jj", "kkk", "llllll",
	    "mm", "nnnn", "ooo", "pp", "qqqqq", "rrr" };
	struct lb_item it[64];
	struct lb_params p;
	size_t n = para(words, 18, it);
	int better = 0, compared = 0;

	lb_defaults(&p);
	p.adjacent = 0;
	p.tolerance = p.tolerance2 = 3;
	for (double width = 60; width <= 120; width += 1) {
		size_t *br, lines;
		double *ratio, kp = 0, greedy = 0, worst = 0, w, st = 0;

		lines = lb_break(it, n, width, &p, &br, &ratio);
		for (size_t l = 0; l + 1 < lines; l++)
			kp += badness(ratio[l]);
		free(br);
		free(ratio);
		/* first fit at natural widths */
		w = 5 * (double)strlen(words[0]);
		for (size_t k = 1; k < 18; k++) {
			double word = 5 * (double)strlen(words[k]);

			if (w + 3 + word <= width) {
				w += 3 + word;
				st += 3;
				continue;
			}
			greedy += badness((width - w) / st);
			if ((width - w) / st > worst)
				worst = (width - w) / st;
			w = word;
			st = 0;
		}
		if (lines == 0 || worst > p.tolerance)
			continue;
		compared++;
		CHECK(kp <= greedy + 1e-6);
		better += kp < greedy - 1e-6;
	}
	CHECK(compared > 10);
	CHECK(better > 0);
}

/* A word wider than the line has no feasible breaks: 0, no arrays. */
static void
test_overfull_fails(void)
{
	static const char *const words[] = { "aa", "bbbbbbbbbbbbbbbbbbbbb",
	    "cc" };
	struct lb_item it[16];
	struct lb_params p;
	size_t n = para(words, 3, it), *br = (size_t *)1;
	double *ratio = (double *)1;

	lb_defaults(&p);
	CHECK(lb_break(it, n, 60, &p, &br, &ratio) == 0);
	CHECK(br == NULL && ratio == NULL);
	/* not ending in a forced break is refused */
	CHECK(lb_break(it, n - 1, 60, &p, &br, &ratio) == 0);
}

/* A hyphen may end a line, but not the last full one when another way
 * exists, and breaking there costs its penalty. */
static void
test_hyphens(void)
{
	static const char *const words[] = { "aaaa", "bbbb", "cc-cc",
	    "dddd", "ee-ee", "ff" };
	struct lb_item it[32];
	struct lb_params p;
	size_t n = para(words, 6, it), *br, lines;
	double *ratio;

	lb_defaults(&p);
	/* width 58: "aaaa bbbb cc-" (53 + stretch) fits with a hyphen */
	lines = lb_break(it, n, 58, &p, &br, &ratio);
	CHECK(lines >= 2);
	/* the line before the last does not end in a hyphen */
	CHECK(lines < 2 || !it[br[lines - 2]].flagged);
	free(br);
	free(ratio);
	/* forbidding a break (penalty LB_INF) is obeyed */
	for (size_t i = 0; i < n; i++)
		if (it[i].type == LB_PENALTY && it[i].flagged)
			it[i].penalty = LB_INF;
	lines = lb_break(it, n, 58, &p, &br, &ratio);
	for (size_t l = 0; l < lines; l++)
		CHECK(!it[br[l]].flagged);
	free(br);
	free(ratio);
}

/* The most hyphenated lines in a row of the breaks of it at width. */
static int
hyphen_run(const struct lb_item *it, size_t n, double width,
    const struct lb_params *p)
{
	size_t *br, lines = lb_break(it, n, width, p, &br, &ratio_sink);
	int run = 0, most = 0;

	for (size_t l = 0; l < lines; l++) {
		run = it[br[l]].flagged ? run + 1 : 0;
		if (run > most)
			most = run;
	}
	free(br);
	free(ratio_sink);
	return lines > 0 ? most : -1;
}

/* No more than max_hyphens lines in a row end in a hyphen, even where
 * hyphens cost nothing and more would fit better. */
static void
test_hyphen_runs(void)
{
	static const char *const words[] = { "a-a-a", "a-a-a", "a-a-a",
	    "a-a-a", "a-a-a", "a-a-a", "a-a-a", "a-a-a", "a-a-a", "a-a-a",
	    "a-a-a", "a-a-a", "a-a-a", "a-a-a" };
	struct lb_item it[128];
	struct lb_params p;
	size_t n = para(words, 14, it);

	lb_defaults(&p);
	for (size_t i = 0; i < n; i++)
		if (it[i].flagged)
			it[i].penalty = 0;
	p.double_hyphen = p.final_hyphen = 0;
	p.tolerance = p.tolerance2 = 10;
	p.max_hyphens = 0;
	CHECK(hyphen_run(it, n, 38, &p) > 2);
	p.max_hyphens = 2;
	CHECK(hyphen_run(it, n, 38, &p) == 2);
}

/* A forced break inside the paragraph ends a line there. */
static void
test_forced(void)
{
	struct lb_item it[16];
	size_t n = 0, *br, lines;
	double *ratio;
	struct lb_params p;

	it[n++] = (struct lb_item){ .type = LB_BOX, .width = 10 };
	it[n++] = (struct lb_item){ .type = LB_GLUE, .stretch = LB_FILL };
	it[n++] = (struct lb_item){ .type = LB_PENALTY, .penalty = -LB_INF };
	it[n++] = (struct lb_item){ .type = LB_BOX, .width = 10 };
	it[n++] = (struct lb_item){ .type = LB_GLUE, .stretch = LB_FILL };
	it[n++] = (struct lb_item){ .type = LB_PENALTY, .penalty = -LB_INF };
	lb_defaults(&p);
	lines = lb_break(it, n, 100, &p, &br, &ratio);
	CHECK(lines == 2 && br[0] == 2 && br[1] == 5);
	free(br);
	free(ratio);
}

/* The emergency pass sets what the tolerances alone cannot. */
static void
test_emergency(void)
{
	static const char *const words[] = { "aaaaaaaa", "bbbbbbbb" };
	struct lb_item it[16];
	struct lb_params p;
	size_t n = para(words, 2, it), *br, lines;
	double *ratio;

	lb_defaults(&p);
	/* 40 + 3 + 40 > 60: two lines, the first one word of 40 in 60
	 * would need a ratio of (60-40)/0: no glue to stretch; */
	lines = lb_break(it, n, 60, &p, &br, &ratio);
	CHECK(lines == 0);
	p.emergency = 30;
	lines = lb_break(it, n, 60, &p, &br, &ratio);
	CHECK(lines == 2);
	free(br);
	free(ratio);
}

/* A URL's letters (a box that stretches, 55 pt wide), a break, a word:
 * five items into it. */
static size_t
url_items(struct lb_item *it)
{
	size_t n = 0;

	it[n++] = (struct lb_item){ .type = LB_BOX, .width = 55,
	    .stretch = 10 };
	it[n++] = (struct lb_item){ .type = LB_PENALTY, .penalty = 50 };
	it[n++] = (struct lb_item){ .type = LB_BOX, .width = 20 };
	it[n++] = (struct lb_item){ .type = LB_GLUE, .stretch = LB_FILL };
	it[n++] = (struct lb_item){ .type = LB_PENALTY, .penalty = -LB_INF };
	return n;
}

/* A box that stretches (a URL's letters) makes a line of it feasible
 * with no glue at all, and its stretch counts in the ratio. */
static void
test_box_stretch(void)
{
	struct lb_item it[8];
	size_t n = url_items(it), *br, lines;
	double *ratio;
	struct lb_params p;

	lb_defaults(&p);
	lines = lb_break(it, n, 60, &p, &br, &ratio);
	CHECK(lines == 2 && br[0] == 1);
	CHECK(lines == 2 && fabs(ratio[0] - 0.5) < 1e-9);
	free(br);
	free(ratio);
	/* without its stretch only the emergency pass sets it */
	it[0].stretch = 0;
	CHECK(lb_break(it, n, 60, &p, &br, &ratio) == 0);
}

/*
 * Letters' stretch (lstretch) grows with the ratio only up to the
 * letter limit; past it the line's other stretch takes the rest alone,
 * and the ratio reported is that stretch's. A URL's (stretch) has none.
 */
static void
test_letter_limit(void)
{
	struct lb_item it[8];
	size_t n = 0, *br, lines;
	double *ratio;
	struct lb_params p;

	CHECK(fabs(lb_stretch_ratio(10, 2, 3, HUGE_VAL) - 2) < 1e-9);
	CHECK(fabs(lb_stretch_ratio(10, 2, 3, 2) - 2) < 1e-9);
	/* letters at 1 give 3, glue the other 7 at 3.5 */
	CHECK(fabs(lb_stretch_ratio(10, 2, 3, 1) - 3.5) < 1e-9);
	CHECK(fabs(lb_stretch_ratio(3, 0, 6, 1) - 0.5) < 1e-9);
	CHECK(isinf(lb_stretch_ratio(10, 0, 6, 1)));

	/* "box50 box2" at 66: letters 10, glue 2; 10 pt short */
	it[n++] = (struct lb_item){ .type = LB_BOX, .width = 50,
	    .lstretch = 10 };
	it[n++] = (struct lb_item){ .type = LB_GLUE, .width = 4,
	    .stretch = 2, .shrink = 1 };
	it[n++] = (struct lb_item){ .type = LB_BOX, .width = 2 };
	it[n++] = (struct lb_item){ .type = LB_GLUE, .width = 4,
	    .stretch = 2, .shrink = 1 };
	it[n++] = (struct lb_item){ .type = LB_BOX, .width = 40 };
	it[n++] = (struct lb_item){ .type = LB_GLUE, .stretch = LB_FILL };
	it[n++] = (struct lb_item){ .type = LB_PENALTY, .penalty = -LB_INF };
	lb_defaults(&p);
	lines = lb_break(it, n, 66, &p, &br, &ratio);
	CHECK(lines == 2 && br[0] == 3);
	CHECK(lines == 2 && fabs(ratio[0] - 10.0 / 12) < 1e-9);
	free(br);
	free(ratio);
	/* letters stop at 0.5 (5 pt): the glue opens to 2.5, a second
	 * pass's line */
	p.letter_limit = 0.5;
	lines = lb_break(it, n, 66, &p, &br, &ratio);
	CHECK(lines == 2 && br[0] == 3);
	CHECK(lines == 2 && fabs(ratio[0] - 2.5) < 1e-9);
	free(br);
	free(ratio);
	/* at 0.2 the glue would open to 4: beyond any pass but the
	 * emergency one */
	p.letter_limit = 0.2;
	CHECK(lb_break(it, n, 66, &p, &br, &ratio) == 0);
	p.emergency = 6;
	lines = lb_break(it, n, 66, &p, &br, &ratio);
	CHECK(lines == 2 && fabs(ratio[0] - 1) < 1e-9);
	free(br);
	free(ratio);

	/* a URL's letters (a box's stretch) have no limit */
	n = url_items(it);
	lb_defaults(&p);
	p.letter_limit = 0;
	lines = lb_break(it, n, 60, &p, &br, &ratio);
	CHECK(lines == 2 && fabs(ratio[0] - 0.5) < 1e-9);
	free(br);
	free(ratio);
}

/*
 * The lines are set greedily with only the chosen breaks allowed, so a
 * last line that would fit on the line before at its natural width is
 * not split off it, even to spare the last full line a hyphen.
 */
static void
test_last_line_stays(void)
{
	static const char *const words[] = { "aaaa", "bbbb", "cc-cc",
	    "x", "x", "x", "x", "y" };
	struct lb_item it[32];
	struct lb_params p;
	size_t n = para(words, 8, it), *br, lines;
	double *ratio;

	lb_defaults(&p);
	p.tolerance = p.tolerance2 = 3;
	/* "aaaa bbbb cc-" = 56; "cc x x x x" (42, ratio 1.33) and "y"
	 * would spare it the final hyphen, but "cc x x x x y" = 50 fits */
	lines = lb_break(it, n, 58, &p, &br, &ratio);
	CHECK(lines == 2);
	CHECK(lines == 2 && it[br[0]].flagged);
	free(br);
	free(ratio);
}

/*
 * A hyphen on the last full line ("ee- / eeee f") is kept off by looser
 * lines up to final_tolerance, past the first pass's tolerance; beyond
 * that it stays.
 */
static void
test_final_hyphen_looser(void)
{
	static const char *const words[] = { "aaaa", "bbbb", "cccc",
	    "dddd", "ee-eeee", "f" };
	struct lb_item it[32];
	struct lb_params p;
	size_t n = para(words, 6, it), *br, lines;
	double *ratio;

	lb_defaults(&p);
	/* Width 105: "aaaa bbbb cccc dddd ee-" = 102 (ratio 0.25);
	 * "aaaa bbbb cccc dddd" = 89 stretches at ratio 16/9 = 1.78. */
	lines = lb_break(it, n, 105, &p, &br, &ratio);
	CHECK(lines == 2 && !it[br[0]].flagged);
	CHECK(lines == 2 && ratio[0] > p.tolerance &&
	    ratio[0] <= p.final_tolerance);
	free(br);
	free(ratio);
	/* Width 106.5: ratio 17.5/9 = 1.94, whose demerits (745^2) outweigh
	 * final_hyphen's: still taken, as within final_tolerance. */
	lines = lb_break(it, n, 106.5, &p, &br, &ratio);
	CHECK(lines == 2 && !it[br[0]].flagged);
	free(br);
	free(ratio);
	/* Without that leave, the first pass's breaks stand. */
	p.final_tolerance = p.tolerance;
	lines = lb_break(it, n, 105, &p, &br, &ratio);
	CHECK(lines == 2 && it[br[0]].flagged);
	free(br);
	free(ratio);
	/* Width 108: the line without the hyphen would stretch at 19/9,
	 * looser than final_tolerance: the hyphen stays. */
	lb_defaults(&p);
	lines = lb_break(it, n, 108, &p, &br, &ratio);
	CHECK(lines == 2 && it[br[0]].flagged);
	free(br);
	free(ratio);
}

int
main(void)
{
	test_lines_fit();
	test_total_fit();
	test_overfull_fails();
	test_hyphens();
	test_hyphen_runs();
	test_forced();
	test_emergency();
	test_box_stretch();
	test_letter_limit();
	test_last_line_stays();
	test_final_hyphen_looser();
	return check_done();
}
