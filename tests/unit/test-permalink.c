/*
 * test-permalink.c - Jekyll's permalink styles and templates, and the
 * date prefix of post file names.
 */
#include <stdlib.h>

#include "check.h"
#include "permalink.h"

struct expand_case {
	const char	*pattern;	/* style or template */
	const char	*slug;		/* post slug */
	int		 y, m, d;	/* post date */
	const char	*cat[3];	/* categories, NULL-terminated */
	const char	*want;		/* expected URL */
};

static const struct expand_case cases[] = {
	{ NULL, "x", 2019, 1, 6, { NULL }, "/2019/01/06/x.html" },
	{ "date", "x", 2019, 1, 6, { "Dev", "Ops", NULL },
	    "/dev/ops/2019/01/06/x.html" },
	{ "pretty", "x", 2019, 1, 6, { NULL }, "/2019/01/06/x/" },
	{ "pretty", "x", 2019, 1, 6, { "dev", NULL }, "/dev/2019/01/06/x/" },
	{ "ordinal", "x", 2019, 1, 6, { NULL }, "/2019/006/x.html" },
	{ "ordinal", "x", 2020, 3, 1, { NULL }, "/2020/061/x.html" },
	{ "ordinal", "x", 2019, 3, 1, { NULL }, "/2019/060/x.html" },
	{ "none", "x", 2019, 1, 6, { NULL }, "/x.html" },
	{ "none", "x", 2019, 1, 6, { "Dev", NULL }, "/dev/x.html" },
	{ "weekdate", "x", 2019, 1, 6, { NULL }, "/2019/W01/Sun/x.html" },
	{ "/:year/:i_month/:i_day/:short_year/:slug/", "My-Title", 2019, 1,
	    6, { NULL }, "/2019/1/6/19/my-title/" },
	{ "/blog/:title", "My-Title", 2019, 1, 6, { NULL },
	    "/blog/My-Title" },
	{ "blog/:title", "x", 2019, 1, 6, { NULL }, "/blog/x" },
	{ "/:categories/:title", "x", 2019, 1, 6, { NULL }, "/x" },
	{ "/:categories/:title", "x", 2019, 1, 6, { "Dev", "dev", NULL },
	    "/dev/x" },
	{ "/:categories/:title", "x", 2019, 1, 6, { "my cat", NULL },
	    "/my%20cat/x" },
	{ "/:short_month/:long_month/:long_day/", "x", 2019, 1, 6, { NULL },
	    "/Jan/January/Sunday/" },
	{ "/:year/:month/:day/:hour:minute:second/:title", "x", 2019, 12,
	    31, { NULL }, "/2019/12/31/000000/x" },
	{ "/:week", "x", 2021, 1, 1, { NULL }, "/53" },
	{ "/:week", "x", 2018, 12, 31, { NULL }, "/01" },
	{ "/:week", "x", 2019, 6, 15, { NULL }, "/24" },
	{ "/:nosuch/:title", "x", 2019, 1, 6, { NULL }, "/:nosuch/x" },
	{ "/:title:output_ext", "a b", 2019, 1, 6, { NULL }, "/a%20b.html" },
	{ "/../:title/./", "x", 2019, 1, 6, { NULL }, "/x/" },
};

static void
test_expand(void)
{
	const struct expand_case *c;
	size_t i, n;
	char *got;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		c = &cases[i];
		for (n = 0; c->cat[n] != NULL; n++)
			continue;
		got = permalink_expand(c->pattern, c->slug, c->y, c->m, c->d,
		    c->cat, n);
		CHECK_STR(got, c->want);
		free(got);
	}
	got = permalink_expand("date", NULL, 2019, 1, 6, NULL, 0);
	CHECK_STR(got, "/2019/01/06/.html");
	free(got);
}

static void
test_split(void)
{
	char slug[64], small[5];
	int y = 0, m = 0, d = 0;

	CHECK(permalink_split_stem("2019-01-06-some-title", &y, &m, &d, slug,
	    sizeof(slug)) == 0);
	CHECK(y == 2019 && m == 1 && d == 6);
	CHECK_STR(slug, "some-title");

	CHECK(permalink_split_stem("2015-3-9-a", &y, &m, &d, slug,
	    sizeof(slug)) == 0);
	CHECK(y == 2015 && m == 3 && d == 9);
	CHECK_STR(slug, "a");

	CHECK(permalink_split_stem("about", &y, &m, &d, slug,
	    sizeof(slug)) == -1);
	CHECK_STR(slug, "about");
	CHECK(permalink_split_stem("2019-13-01-x", &y, &m, &d, slug,
	    sizeof(slug)) == -1);
	CHECK(permalink_split_stem("2019-01-06", &y, &m, &d, slug,
	    sizeof(slug)) == -1);
	CHECK(permalink_split_stem("2019-01-06x-y", &y, &m, &d, slug,
	    sizeof(slug)) == -1);
	CHECK(permalink_split_stem("9999999999-01-06-x", &y, &m, &d, slug,
	    sizeof(slug)) == -1);
	CHECK(permalink_split_stem("", &y, &m, &d, slug, sizeof(slug)) ==
	    -1);
	CHECK_STR(slug, "");

	CHECK(permalink_split_stem("2019-01-06-some-title", &y, &m, &d, small,
	    sizeof(small)) == 0);
	CHECK_STR(small, "some");
}

int
main(void)
{
	test_expand();
	test_split();
	return check_done();
}
