/* test-collect.c - which posts go into a booklet, and in what order. */
#define _POSIX_C_SOURCE 200809L

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "blocks.h"
#include "check.h"
#include "collect.h"
#include "series.h"
#include "diag.h"
#include "util.h"

/* 2023-11-14T22:13:20Z */
#define NOW ((time_t)1700000000)

static struct date
day(int y, int mo, int d)
{
	return (struct date){ .year = y, .month = mo, .day = d };
}

static struct date
at(int y, int mo, int d, int h, int mi, int s)
{
	return (struct date){ .year = y, .month = mo, .day = d, .hour = h,
	    .min = mi, .sec = s, .has_time = 1 };
}

static struct date
zoned(struct date d, int zone_min)
{
	d.has_zone = 1;
	d.zone_min = zone_min;
	return d;
}

static int
keep(struct date d, int draft, int drafts)
{
	struct meta m = { .date = d, .draft = draft };
	struct collect_opts o = { .drafts = drafts, .now = NOW };

	return collect_keep(&m, &o);
}

static void
test_keep(void)
{
	/* Past posts stay, drafts (draft: true or published: false both
	 * end up in meta.draft) go. */
	CHECK(keep(day(2020, 1, 1), 0, 0));
	CHECK(!keep(day(2020, 1, 1), 1, 0));
	/* Future posts go: a later day, a later second of the same day. */
	CHECK(!keep(day(2023, 11, 15), 0, 0));
	CHECK(!keep(day(2030, 1, 1), 0, 0));
	CHECK(keep(day(2023, 11, 14), 0, 0));
	CHECK(keep(at(2023, 11, 14, 22, 13, 20), 0, 0));
	CHECK(!keep(at(2023, 11, 14, 22, 13, 21), 0, 0));
	CHECK(keep(at(2023, 11, 14, 22, 13, 19), 0, 0));
	/* With a zone, "now" is compared as an instant. */
	CHECK(!keep(zoned(at(2023, 11, 14, 23, 13, 21), 60), 0, 0));
	CHECK(keep(zoned(at(2023, 11, 14, 23, 13, 19), 60), 0, 0));
	CHECK(keep(zoned(at(2023, 11, 15, 1, 0, 0), 180), 0, 0));
	CHECK(!keep(zoned(at(2023, 11, 14, 21, 0, 0), -120), 0, 0));
	/* Undated posts cannot be in the future. */
	CHECK(keep((struct date){0}, 0, 0));
	CHECK(!keep((struct date){0}, 1, 0));
	/* --drafts keeps everything. */
	CHECK(keep(day(2020, 1, 1), 1, 1));
	CHECK(keep(day(2030, 1, 1), 0, 1));
	CHECK(keep(day(2030, 1, 1), 1, 1));
	/* "now" moves with the option. */
	{
		struct meta m = { .date = day(2030, 1, 1) };
		struct collect_opts o = { .now = (time_t)1900000000 };

		CHECK(collect_keep(&m, &o));
	}
}

/* Sorts posts made from (path, date) and checks the order of paths. */
static void
sort_case(int line, int newest, size_t n, const char *const *paths,
    const struct date *dates, const char *const *want)
{
	struct post *v = xcalloc(n, sizeof(*v));
	struct collect_opts o = { .newest_first = newest, .now = NOW };
	int ok = 1;

	for (size_t i = 0; i < n; i++) {
		v[i].path = (char *)paths[i];
		v[i].meta.date = dates[i];
	}
	collect_sort(v, n, &o);
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].path, want[i]) != 0)
			ok = 0;
	if (!ok) {
		fprintf(stderr, "test-collect.c:%d: order:", line);
		for (size_t i = 0; i < n; i++)
			fprintf(stderr, " %s", v[i].path);
		fputc('\n', stderr);
	}
	CHECK(ok);
	free(v);
}

static void
test_sort(void)
{
	static const char *const paths[] = {
		"p/2021-05-01-b.md",	/* same day as a, later file name */
		"p/2019-01-01-old.md",
		"p/2021-05-01-a.md",
		"q/2021-05-01-noon.md",	/* 12:00 beats both untimed */
		"p/2022-12-31-late.md",
		"p/2021-05-01-morning.md", /* 08:00 */
		"q/2020-02-02-x.md",	/* same base name as r/ */
		"r/2020-02-02-x.md",
	};
	struct date dates[] = {
		day(2021, 5, 1), day(2019, 1, 1), day(2021, 5, 1),
		at(2021, 5, 1, 12, 0, 0), day(2022, 12, 31),
		at(2021, 5, 1, 8, 0, 0), day(2020, 2, 2), day(2020, 2, 2),
	};
	static const char *const oldest[] = {
		"p/2019-01-01-old.md", "q/2020-02-02-x.md",
		"r/2020-02-02-x.md", "p/2021-05-01-a.md", "p/2021-05-01-b.md",
		"p/2021-05-01-morning.md", "q/2021-05-01-noon.md",
		"p/2022-12-31-late.md",
	};
	static const char *const newest[] = {
		"p/2022-12-31-late.md", "q/2021-05-01-noon.md",
		"p/2021-05-01-morning.md", "p/2021-05-01-b.md",
		"p/2021-05-01-a.md", "r/2020-02-02-x.md", "q/2020-02-02-x.md",
		"p/2019-01-01-old.md",
	};
	size_t n = sizeof(paths) / sizeof(*paths);

	sort_case(__LINE__, 0, n, paths, dates, oldest);
	sort_case(__LINE__, 1, n, paths, dates, newest);

	/* Ties on date and time go by file name, not by folder. */
	{
		static const char *const p[] = { "a/zeta.md", "z/alpha.md" };
		static const char *const w[] = { "z/alpha.md", "a/zeta.md" };
		struct date d[] = { day(2020, 1, 1), day(2020, 1, 1) };

		sort_case(__LINE__, 0, 2, p, d, w);
	}
	/* Times order posts on one day; a time sorts after none. */
	{
		static const char *const p[] = { "c.md", "b.md", "a.md" };
		static const char *const w[] = { "a.md", "b.md", "c.md" };
		struct date d[] = { at(2020, 1, 1, 23, 59, 59),
			at(2020, 1, 1, 9, 30, 0), at(2020, 1, 1, 9, 29, 59) };

		sort_case(__LINE__, 0, 3, p, d, w);
	}
	/* Zoned times compare as instants: 10:00+02:00 is before
	 * 09:00+00:00. */
	{
		static const char *const p[] = { "a.md", "b.md" };
		static const char *const w[] = { "b.md", "a.md" };
		struct date d[] = { zoned(at(2020, 1, 1, 9, 0, 0), 0),
			zoned(at(2020, 1, 1, 10, 0, 0), 120) };

		sort_case(__LINE__, 0, 2, p, d, w);
	}
	/* An empty array and a single post are fine. */
	sort_case(__LINE__, 0, 0, paths, dates, oldest);
	sort_case(__LINE__, 1, 1, paths, dates, paths);
}

/* Scratch files, removed in reverse at the end. */
static char *made[64];
static size_t nmade;
static char root[64];

static void
mk_dir(const char *rel)
{
	char *p = xasprintf("%s/%s", root, rel);

	CHECK(mkdir(p, 0700) == 0);
	made[nmade++] = p;
}

static void
mk_file(const char *rel, const char *text)
{
	char *p = xasprintf("%s/%s", root, rel);
	FILE *f = fopen(p, "w");

	CHECK(f != NULL);
	if (f != NULL) {
		fputs(text, f);
		fclose(f);
	}
	made[nmade++] = p;
}

static void
clean_up(void)
{
	while (nmade > 0) {
		nmade--;
		if (remove(made[nmade]) != 0)
			perror(made[nmade]);
		free(made[nmade]);
	}
	rmdir(root);
}

static void
free_posts(struct post *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		post_free(&v[i]);
	free(v);
}

/* The base names of v[0..n), space-separated, into out. */
static const char *
names(const struct post *v, size_t n, char *out, size_t size)
{
	size_t len = 0;

	out[0] = '\0';
	for (size_t i = 0; i < n && len < size; i++) {
		const char *b = strrchr(v[i].path, '/');

		len += (size_t)snprintf(out + len, size - len, "%s%s",
		    i ? " " : "", b ? b + 1 : v[i].path);
	}
	return out;
}

static void
test_posts(void)
{
	struct collect_opts o = { .now = NOW };
	struct post *v = NULL;
	size_t n = 99;
	char buf[1024];
	char *dir, *one[2], *bad;
	int rc;

	snprintf(root, sizeof(root), "%s/quire-collect-XXXXXX",
	    getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") :
	    "/tmp");
	if (mkdtemp(root) == NULL) {
		perror(root);
		CHECK(0);
		return;
	}
	mk_dir("_posts");
	mk_dir("_posts/2021");
	mk_dir("_posts/2021/deeper");
	mk_dir("_posts/.hidden");
	mk_file("_posts/2020-03-01-first.md",
	    "---\ntitle: First\n---\nBody.\n");
	mk_file("_posts/2022-01-01-last.markdown",
	    "---\ntitle: Last\ndate: 2022-01-01 10:00:00\n---\nBody.\n");
	mk_file("_posts/2021/2021-06-01-middle.md",
	    "---\ntitle: Middle\ntags: [a, b]\n---\nBody.\n");
	mk_file("_posts/2021/deeper/2021-06-01-another.md",
	    "---\ntitle: Another\n---\nSame day as middle.\n");
	mk_file("_posts/2021/2021-07-01-draft.md",
	    "---\ntitle: Draft\ndraft: true\n---\nNot yet.\n");
	mk_file("_posts/2021/2021-08-01-unpublished.md",
	    "---\ntitle: Unpublished\npublished: false\n---\nNo.\n");
	mk_file("_posts/2030-01-01-future.md",
	    "---\ntitle: Future\n---\nLater.\n");
	mk_file("_posts/2020-05-05-notes.txt", "---\ntitle: Text\n---\n");
	mk_file("_posts/2020-05-05-page.html", "---\ntitle: Html\n---\n");
	mk_file("_posts/.2020-05-05-dot.md", "---\ntitle: Dot\n---\n");
	mk_file("_posts/.hidden/2020-05-05-inside.md",
	    "---\ntitle: Hidden\n---\n");
	mk_file("_posts/2020-05-05-readme.md~", "backup\n");

	dir = xasprintf("%s/_posts", root);
	one[0] = dir;

	/* Recursion, only .md and .markdown, dot-files and dot-folders
	 * skipped, drafts and future posts out, sorted. */
	rc = collect_posts(one, 1, &o, &v, &n);
	CHECK(rc == 0);
	if (rc == 0) {
		CHECK_STR(names(v, n, buf, sizeof(buf)),
		    "2020-03-01-first.md 2021-06-01-another.md "
		    "2021-06-01-middle.md 2022-01-01-last.markdown");
		CHECK(n == 4);
		if (n == 4) {
			/* Only the front matter is read. */
			CHECK_STR(v[0].title, "First");
			CHECK(v[0].doc.nblocks == 0);
			CHECK(v[2].meta.ntags == 2);
			CHECK(v[3].meta.date.has_time);
		}
		free_posts(v, n);
	}

	/* --drafts: drafts, unpublished and future posts come in. */
	o.drafts = 1;
	rc = collect_posts(one, 1, &o, &v, &n);
	CHECK(rc == 0);
	if (rc == 0) {
		CHECK_STR(names(v, n, buf, sizeof(buf)),
		    "2020-03-01-first.md 2021-06-01-another.md "
		    "2021-06-01-middle.md 2021-07-01-draft.md "
		    "2021-08-01-unpublished.md 2022-01-01-last.markdown "
		    "2030-01-01-future.md");
		free_posts(v, n);
	}
	o.drafts = 0;

	/* A "now" after the future post lets it in. */
	o.now = (time_t)1900000000;
	rc = collect_posts(one, 1, &o, &v, &n);
	CHECK(rc == 0 && n == 5);
	if (rc == 0)
		free_posts(v, n);
	o.now = NOW;

	/* Newest first. */
	o.newest_first = 1;
	rc = collect_posts(one, 1, &o, &v, &n);
	CHECK(rc == 0);
	if (rc == 0) {
		CHECK_STR(names(v, n, buf, sizeof(buf)),
		    "2022-01-01-last.markdown 2021-06-01-middle.md "
		    "2021-06-01-another.md 2020-03-01-first.md");
		free_posts(v, n);
	}
	o.newest_first = 0;

	/* Named files are taken whatever their extension, and mixed with
	 * folders; the whole lot is sorted together. */
	{
		char *two[2];

		two[0] = xasprintf("%s/_posts/2021", root);
		two[1] = xasprintf("%s/_posts/2020-03-01-first.md", root);
		rc = collect_posts(two, 2, &o, &v, &n);
		CHECK(rc == 0);
		if (rc == 0) {
			CHECK_STR(names(v, n, buf, sizeof(buf)),
			    "2020-03-01-first.md 2021-06-01-another.md "
			    "2021-06-01-middle.md");
			free_posts(v, n);
		}
		free(two[0]);
		free(two[1]);
	}

	/* Nothing left after filtering is an error. */
	{
		char *only = xasprintf("%s/_posts/2030-01-01-future.md",
		    root);

		v = NULL;
		diag_reset();
		rc = collect_posts(&only, 1, &o, &v, &n);
		CHECK(rc == -1);
		CHECK(diag_errors() > 0);
		if (v != NULL)
			free_posts(v, n);
		free(only);
	}

	/* A post with broken front matter fails the collection... */
	mk_file("_posts/2021/2021-09-09-broken.md",
	    "---\ntitle: [unclosed\n---\nBody.\n");
	bad = xasprintf("%s/_posts/2021/2021-09-09-broken.md", root);
	v = NULL;
	diag_reset();
	rc = collect_posts(one, 1, &o, &v, &n);
	CHECK(rc == -1);
	CHECK(diag_errors() > 0);
	if (rc == 0 && v != NULL)
		free_posts(v, n);

	/* ...and with keep_going it is reported and skipped. */
	o.keep_going = 1;
	v = NULL;
	diag_reset();
	rc = collect_posts(one, 1, &o, &v, &n);
	CHECK(rc == 0);
	CHECK(diag_errors() > 0);
	if (rc == 0) {
		CHECK_STR(names(v, n, buf, sizeof(buf)),
		    "2020-03-01-first.md 2021-06-01-another.md "
		    "2021-06-01-middle.md 2022-01-01-last.markdown");
		free_posts(v, n);
	}

	/* A missing file fails too, and is skipped with keep_going. */
	{
		char *two[2];

		two[0] = dir;
		two[1] = xasprintf("%s/no-such-post.md", root);
		v = NULL;
		o.keep_going = 0;
		diag_reset();
		rc = collect_posts(two, 2, &o, &v, &n);
		CHECK(rc == -1);
		if (rc == 0 && v != NULL)
			free_posts(v, n);
		o.keep_going = 1;
		rc = collect_posts(two, 2, &o, &v, &n);
		CHECK(rc == 0 && n == 4);
		if (rc == 0)
			free_posts(v, n);
		free(two[1]);
	}

	/* With keep_going and only bad posts, nothing is left: -1. */
	v = NULL;
	rc = collect_posts(&bad, 1, &o, &v, &n);
	CHECK(rc == -1);
	if (rc == 0 && v != NULL)
		free_posts(v, n);
	else if (v != NULL)
		free(v);
	o.keep_going = 0;

	/* A dangling symbolic link in a folder is not a post: stat fails
	 * on it, and the scan must not look at a stale struct stat. */
	{
		char *links, *link;

		mk_dir("links");
		mk_file("links/2020-01-01-a.md", "---\ntitle: A\n---\nA.\n");
		link = xasprintf("%s/links/2020-01-03-gone.md", root);
		CHECK(symlink("no-such-target.md", link) == 0);
		made[nmade++] = link;
		links = xasprintf("%s/links", root);
		v = NULL;
		rc = collect_posts(&links, 1, &o, &v, &n);
		CHECK(rc == 0 && n == 1);
		if (rc == 0)
			free_posts(v, n);
		free(links);
	}

	/* An empty folder has no posts. */
	{
		char *empty;

		mk_dir("empty");
		empty = xasprintf("%s/empty", root);
		v = NULL;
		rc = collect_posts(&empty, 1, &o, &v, &n);
		CHECK(rc == -1);
		if (v != NULL)
			free(v);
		free(empty);
	}
	diag_reset();
	free(bad);
	free(dir);
	clean_up();
}

/* A series, whatever order the posts come in: oldest first, the post
 * itself marked, each at its address on the site. */
static void
test_series(void)
{
	static const struct {
		const char *path, *title, *slug, *series;
		int y, m, d;
	} in[] = {
		{ "p/2021-04-04-spring.md", "Spring", "spring", "Seasons",
		  2021, 4, 4 },
		{ "p/2020-01-15-cold.md", "Cold", "cold", "Seasons",
		  2020, 1, 15 },
		{ "p/2020-05-05-other.md", "Other", "other", NULL,
		  2020, 5, 5 },
		{ "p/2019-06-01-wind.md", "Wind", "wind", "Seasons",
		  2019, 6, 1 },
		{ "p/2019-07-07-alone.md", "Alone", "alone", "Solo",
		  2019, 7, 7 },
	};
	size_t n = sizeof(in) / sizeof(*in);
	struct post *v = xcalloc(n, sizeof(*v));
	struct site site = { .url = "https://blog.example.net" };
	struct series s;

	url_init(&site.web, site.url, NULL);

	for (size_t i = 0; i < n; i++) {
		v[i].path = xstrdup(in[i].path);
		v[i].title = xstrdup(in[i].title);
		v[i].meta.slug = xstrdup(in[i].slug);
		v[i].meta.series = in[i].series ? xstrdup(in[i].series) : NULL;
		v[i].meta.date.year = in[i].y;
		v[i].meta.date.month = in[i].m;
		v[i].meta.date.day = in[i].d;
	}
	CHECK(series_among(&s, &v[1].meta, "elsewhere/2020-01-15-cold.md",
	    v, n, &site) == 0);
	CHECK(s.n == 3);
	if (s.n == 3) {
		CHECK_STR(s.name, "Seasons");
		CHECK_STR(s.titles[0], "Wind");
		CHECK_STR(s.titles[1], "Cold");
		CHECK_STR(s.titles[2], "Spring");
		CHECK(s.current == 1);
		CHECK_STR(s.urls[0],
		    "https://blog.example.net/2019/06/01/wind.html");
	}
	series_free(&s);
	/* A series of one, and no series: no list. */
	CHECK(series_among(&s, &v[4].meta, v[4].path, v, n, &site) == -1);
	CHECK(series_among(&s, &v[2].meta, v[2].path, v, n, &site) == -1);
	/* The post must be one of them. */
	CHECK(series_among(&s, &v[1].meta, "p/2022-01-01-new.md", v, n,
	    &site) == -1);
	url_free(&site.web);
	free_posts(v, n);
}

int
main(void)
{
	test_keep();
	test_sort();
	/* Bad posts are meant to be reported: count, do not print. */
	diag_set_silent(1);
	test_posts();
	test_series();
	return check_done();
}
