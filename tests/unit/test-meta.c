/* test-meta.c - front matter into struct meta, dates, and messages. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "diag.h"
#include "meta.h"


static int
has(const char *hay, const char *needle)
{
	return strstr(hay, needle) != NULL;
}

static int
rd(struct meta *m, const char *path, const char *text, size_t *off)
{
	return meta_read(m, path, text, strlen(text), GEN_JEKYLL, off);
}

/* Reads text expecting one error; returns the message printed. */
static const char *
rd_error(const char *path, const char *text)
{
	struct meta m;
	size_t off;
	unsigned before = diag_errors();
	int rc;

	capture_begin();
	rc = rd(&m, path, text, &off);
	capture_end();
	CHECK(rc == -1);
	CHECK(diag_errors() == before + 1);
	meta_free(&m);
	return errtext;
}

static void
test_full(void)
{
	const char *text =
	    "---\n"
	    "title:  \"Introducing ServerDB - The CMDB\"\n"
	    "date:   2015-03-24\n"
	    "featured-image: posts/serverdb.png\n"
	    "excerpt: \"I'd like to talk\"\n"
	    "comments: true\n"
	    "categories: [CMDB]\n"
	    "tags: [CMDB, DSC, VMware]\n"
	    "series:\n"
	    "  name: \"POSHOrigin\"\n"
	    "  excerpt: a series\n"
	    "lang: en-GB\n"
	    "note: \"*Edited*\"\n"
	    "permalink: /serverdb/\n"
	    "---\n"
	    "\n"
	    "Body.\n";
	struct meta m;
	size_t off = 99;

	CHECK(rd(&m, "_posts/2015-03-24-introducing-serverdb.md", text,
	    &off) == 0);
	CHECK_STR(m.title, "Introducing ServerDB - The CMDB");
	CHECK(m.date.year == 2015 && m.date.month == 3 && m.date.day == 24);
	CHECK(!m.date.has_time && !m.date.has_zone);
	CHECK_STR(m.image, "posts/serverdb.png");
	CHECK_STR(m.excerpt, "I'd like to talk");
	CHECK(m.ncategories == 1);
	if (m.ncategories == 1)
		CHECK_STR(m.categories[0], "CMDB");
	CHECK(m.ntags == 3);
	if (m.ntags == 3) {
		CHECK_STR(m.tags[0], "CMDB");
		CHECK_STR(m.tags[2], "VMware");
	}
	CHECK_STR(m.series, "POSHOrigin");
	CHECK_STR(m.lang, "en-GB");
	CHECK_STR(m.note, "*Edited*");
	CHECK_STR(m.permalink, "/serverdb/");
	CHECK_STR(m.slug, "introducing-serverdb");
	CHECK(m.author == NULL);
	CHECK(m.draft == 0);
	CHECK(m.body_line == 16);
	CHECK(off == (size_t)(strstr(text, "\nBody.") - text));
	CHECK_STR(kv_get(m.vars, m.nvars, "comments"), "true");
	CHECK_STR(kv_get(m.vars, m.nvars, "tags"), "CMDB, DSC, VMware");
	CHECK_STR(kv_get(m.vars, m.nvars, "series.name"), "POSHOrigin");
	CHECK_STR(kv_get(m.vars, m.nvars, "series.excerpt"), "a series");
	CHECK_STR(kv_get(m.vars, m.nvars, "title"),
	    "Introducing ServerDB - The CMDB");
	meta_free(&m);
	CHECK(m.title == NULL && m.vars == NULL && m.nvars == 0);
	/* Twice, and on a zeroed struct, is harmless. */
	meta_free(&m);
}

static void
test_forms(void)
{
	struct meta m;
	size_t off;

	/* Space-separated tags; singular category taken whole. */
	CHECK(rd(&m, "p.md", "---\ntags: a  b\tc\ncategory: Deep Dives\n"
	    "categories: x y\nauthor: Jane Doe\nlanguage: fr\n---\n",
	    &off) == 0);
	CHECK(m.ntags == 3);
	if (m.ntags == 3) {
		CHECK_STR(m.tags[0], "a");
		CHECK_STR(m.tags[1], "b");
		CHECK_STR(m.tags[2], "c");
	}
	CHECK(m.ncategories == 1);
	if (m.ncategories == 1)
		CHECK_STR(m.categories[0], "Deep Dives");
	CHECK_STR(m.author, "Jane Doe");
	CHECK_STR(m.lang, "fr");
	meta_free(&m);

	/* Plural categories split; author and image as mappings. */
	CHECK(rd(&m, "p.md", "---\ncategories: x y\nauthor:\n  name: Ann\n"
	    "  email: a@b.c\nimage:\n  feature: big.jpg\n  thumb: t.jpg\n"
	    "cover: c.jpg\n---\n", &off) == 0);
	CHECK(m.ncategories == 2);
	CHECK_STR(m.author, "Ann");
	CHECK_STR(m.image, "big.jpg");
	CHECK_STR(kv_get(m.vars, m.nvars, "author.email"), "a@b.c");
	CHECK_STR(kv_get(m.vars, m.nvars, "image.thumb"), "t.jpg");
	meta_free(&m);

	/* Image key order, and the url/path forms. */
	CHECK(rd(&m, "p.md", "---\nthumbnail: th.png\ncover: c.png\n---\n",
	    &off) == 0);
	CHECK_STR(m.image, "c.png");
	meta_free(&m);
	CHECK(rd(&m, "p.md", "---\nimage: {url: \"https://x/i.png\"}\n"
	    "featured_image: f.png\n---\n", &off) == 0);
	CHECK_STR(m.image, "f.png");
	meta_free(&m);
	CHECK(rd(&m, "p.md", "---\nimage: {path: p.png}\n---\n", &off) == 0);
	CHECK_STR(m.image, "p.png");
	meta_free(&m);
	CHECK(rd(&m, "p.md", "---\nfeature_image: fi.png\n---\n", &off) == 0);
	CHECK_STR(m.image, "fi.png");
	meta_free(&m);

	/* Series as a string; author as a list; explicit slug wins. */
	CHECK(rd(&m, "2019-01-06-file-slug.md", "---\nseries: Intro\n"
	    "author: [Ann, Bob]\nslug: my-slug\n---\n", &off) == 0);
	CHECK_STR(m.series, "Intro");
	CHECK_STR(m.author, "Ann, Bob");
	CHECK_STR(m.slug, "my-slug");
	CHECK(m.date.year == 2019 && m.date.day == 6);
	meta_free(&m);

	/* Null values count as absent. */
	CHECK(rd(&m, "p.md", "---\ntitle:\ndate: ~\ntags: null\n---\n",
	    &off) == 0);
	CHECK(m.title == NULL && m.date.year == 0 && m.ntags == 0);
	CHECK_STR(kv_get(m.vars, m.nvars, "title"), "");
	meta_free(&m);

	/* UTF-8 is kept as is; quoted "null" is a string. */
	CHECK(rd(&m, "p.md", "---\ntitle: \"Zoë – “null”\"\nexcerpt: \"null\""
	    "\n---\n", &off) == 0);
	CHECK_STR(m.title, "Zoë – “null”");
	CHECK_STR(m.excerpt, "null");
	meta_free(&m);

	/* short_title, decoded as the title is; absent, NULL. */
	CHECK(rd(&m, "p.md", "---\ntitle: A long title\nshort_title: "
	    "\"Q &amp; A\"\n---\n", &off) == 0);
	CHECK_STR(m.short_title, "Q & A");
	meta_free(&m);
	CHECK(rd(&m, "p.md", "---\ntitle: A\n---\n", &off) == 0);
	CHECK(m.short_title == NULL);
	meta_free(&m);
}

static void
test_draft(void)
{
	static const struct {
		const char	*text;
		int		 draft;
	} cases[] = {
		{ "---\ndraft: true\n---\n", 1 },
		{ "---\ndraft: Yes\n---\n", 1 },
		{ "---\ndraft: ON\n---\n", 1 },
		{ "---\ndraft: off\n---\n", 0 },
		{ "---\ndraft: FALSE\n---\n", 0 },
		{ "---\npublished: false\n---\n", 1 },
		{ "---\npublished: no\n---\n", 1 },
		{ "---\npublished: true\n---\n", 0 },
		{ "---\ntitle: x\n---\n", 0 },
	};
	struct meta m;
	size_t i, off;
	unsigned before;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CHECK(rd(&m, "p.md", cases[i].text, &off) == 0);
		if (m.draft != cases[i].draft)
			fprintf(stderr, "draft case %zu\n", i);
		CHECK(m.draft == cases[i].draft);
		meta_free(&m);
	}
	/* Not a boolean: a warning, not an error. */
	before = diag_errors();
	capture_begin();
	CHECK(rd(&m, "p.md", "---\ndraft: maybe\n---\n", &off) == 0);
	capture_end();
	CHECK(m.draft == 0);
	CHECK(diag_errors() == before);
	CHECK(has(errtext, "p.md:2: warning: 'draft'"));
	meta_free(&m);
}

static void
test_dates(void)
{
	static const struct {
		const char	*in;
		const char	*iso;
	} good[] = {
		{ "2019-01-06", "2019-01-06T00:00:00Z" },
		{ "2019-1-6", "2019-01-06T00:00:00Z" },
		{ "2019-01-06 10:30", "2019-01-06T10:30:00Z" },
		{ "2019-01-06 10:30:15", "2019-01-06T10:30:15Z" },
		{ "2019-01-06T10:30:15Z", "2019-01-06T10:30:15+00:00" },
		{ "2019-01-06T10:30:15.250+01:00", "2019-01-06T10:30:15+01:00" },
		{ "2019-01-06 10:30:00 +0100", "2019-01-06T10:30:00+01:00" },
		{ "2019-01-06 10:30:00 -05:30", "2019-01-06T10:30:00-05:30" },
		{ "2019-01-06 9:05 +02", "2019-01-06T09:05:00+02:00" },
		{ "2020-02-29", "2020-02-29T00:00:00Z" },
		{ "2000-02-29", "2000-02-29T00:00:00Z" },
	};
	static const char *const bad[] = {
		"2019-02-30", "2019-13-01", "1900-02-29", "yesterday",
		"2019-01-06 25:00", "2019-01-06 10:60", "2019-01-06T",
		"2019-01-06 10:30 +01:00:00", "2019-01-06x", "0000-01-01",
		"19-01-06", "2019-01-06 10:30 +123", "2019-01-00",
	};
	char buf[64], text[128];
	struct meta m;
	size_t i, off;
	const char *err;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		snprintf(text, sizeof(text), "---\ndate: %s\n---\n",
		    good[i].in);
		CHECK(rd(&m, "p.md", text, &off) == 0);
		date_format_iso(&m.date, buf, sizeof(buf));
		CHECK_STR(buf, good[i].iso);
		meta_free(&m);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), "---\ntitle: t\ndate: %s\n---\n",
		    bad[i]);
		err = rd_error("bad.md", text);
		snprintf(text, sizeof(text), "bad.md:3: error: date '%s' is "
		    "not a valid date (expected YYYY-MM-DD [HH:MM[:SS]] "
		    "[+HH:MM])", bad[i]);
		if (!has(err, text))
			fprintf(stderr, "got: %s", err);
		CHECK(has(err, text));
	}
	err = rd_error("bad.md", "---\ndate: [2019-01-06]\n---\n");
	CHECK(has(err, "bad.md:2: error: date"));

	/* From the file name, only when it is a real date. */
	CHECK(rd(&m, "a/b/_posts/2018-12-31-last-post.markdown", "Hi\n",
	    &off) == 0);
	CHECK(m.date.year == 2018 && m.date.month == 12 && m.date.day == 31);
	CHECK_STR(m.slug, "last-post");
	meta_free(&m);
	CHECK(rd(&m, "2019-02-30-not-a-day.md", "Hi\n", &off) == 0);
	CHECK(m.date.year == 0);
	CHECK_STR(m.slug, "2019-02-30-not-a-day");
	meta_free(&m);
	CHECK(rd(&m, "2019-01-06.md", "Hi\n", &off) == 0);
	CHECK(m.date.year == 0);
	CHECK_STR(m.slug, "2019-01-06");
	meta_free(&m);
	CHECK(rd(&m, "dir.v2/.hidden", "Hi\n", &off) == 0);
	CHECK_STR(m.slug, ".hidden");
	meta_free(&m);
	/* The front matter's date wins over the file name's. */
	CHECK(rd(&m, "2018-12-31-x.md", "---\ndate: 2019-01-06 08:00\n---\n",
	    &off) == 0);
	CHECK(m.date.year == 2019 && m.date.hour == 8 && m.date.has_time);
	CHECK_STR(m.slug, "x");
	meta_free(&m);
}

static void
test_format(void)
{
	struct date d = { 2019, 1, 6, 0, 0, 0, 0, 0, 0 };
	struct date z = { 0 }, a, b;
	char buf[64];

	date_format_long(&d, buf, sizeof(buf));
	CHECK_STR(buf, "6 January 2019");
	d.month = 12;
	d.day = 25;
	date_format_long(&d, buf, sizeof(buf));
	CHECK_STR(buf, "25 December 2019");
	date_format_long(&z, buf, sizeof(buf));
	CHECK_STR(buf, "");
	date_format_iso(&z, buf, sizeof(buf));
	CHECK_STR(buf, "");
	date_format_long(&d, buf, 5);
	CHECK_STR(buf, "25 D");

	a = (struct date){ 2019, 1, 6, 10, 0, 0, 1, 0, 0 };
	b = a;
	CHECK(date_cmp(&a, &b) == 0);
	b.sec = 1;
	CHECK(date_cmp(&a, &b) < 0 && date_cmp(&b, &a) > 0);
	b = (struct date){ 2019, 1, 5, 0, 0, 0, 0, 0, 0 };
	CHECK(date_cmp(&a, &b) > 0);
	b = (struct date){ 2020, 1, 1, 0, 0, 0, 0, 0, 0 };
	CHECK(date_cmp(&a, &b) < 0);
	/* Both zoned: instants. 10:00+01:00 is before 09:30Z. */
	a = (struct date){ 2019, 1, 6, 10, 0, 0, 1, 1, 60 };
	b = (struct date){ 2019, 1, 6, 9, 30, 0, 1, 1, 0 };
	CHECK(date_cmp(&a, &b) < 0);
	/* One zoned: fields only. */
	b.has_zone = 0;
	CHECK(date_cmp(&a, &b) > 0);
	/* Across midnight and a month end. */
	a = (struct date){ 2019, 3, 1, 0, 30, 0, 1, 1, 60 };
	b = (struct date){ 2019, 2, 28, 23, 45, 0, 1, 1, 0 };
	CHECK(date_cmp(&a, &b) < 0);
}

static void
test_split(void)
{
	struct meta m;
	size_t off;

	/* No front matter. */
	CHECK(rd(&m, "posts/hello.md", "# Hello\n---\n", &off) == 0);
	CHECK(off == 0 && m.body_line == 1);
	CHECK(m.title == NULL && m.nvars == 0);
	CHECK_STR(m.slug, "hello");
	meta_free(&m);
	CHECK(rd(&m, "e.md", "", &off) == 0);
	CHECK(off == 0 && m.body_line == 1);
	meta_free(&m);
	/* "----" is not front matter. */
	CHECK(rd(&m, "e.md", "----\na: b\n---\n", &off) == 0);
	CHECK(off == 0 && m.nvars == 0);
	meta_free(&m);

	/* Empty front matter. */
	CHECK(rd(&m, "e.md", "---\n---\nBody\n", &off) == 0);
	CHECK(off == 8 && m.body_line == 3);
	meta_free(&m);
	/* Only a comment, blanks after the markers, "..." to close. */
	CHECK(rd(&m, "e.md", "---  \n# nothing\n...\t\nBody\n", &off) == 0);
	CHECK(off == 21 && m.body_line == 4);
	meta_free(&m);
	/* Closing line at the very end, without a newline. */
	CHECK(rd(&m, "e.md", "---\ntitle: x\n---", &off) == 0);
	CHECK(off == 16 && m.body_line == 4);
	CHECK_STR(m.title, "x");
	meta_free(&m);
	/* A null document is empty too. */
	CHECK(rd(&m, "e.md", "---\n~\n---\n", &off) == 0);
	CHECK(m.nvars == 0 && m.body_line == 4);
	meta_free(&m);
	/* A later "---" belongs to the body. */
	CHECK(rd(&m, "e.md", "---\na: 1\n---\nx\n---\ny\n", &off) == 0);
	CHECK(off == 13 && m.body_line == 4);
	meta_free(&m);
}

static void
test_vars(void)
{
	struct meta m;
	size_t off;

	CHECK(rd(&m, "v.md", "---\n"
	    "a:\n  b:\n    c: deep\n  d: 2\n"
	    "list: [x, ~, 3]\n"
	    "maps: [{k: v}]\n"
	    "empty: []\n"
	    "dup: first\n"
	    "dup: second\n"
	    "title: The Title\n"
	    "long: >\n  folded\n  text\n"
	    "---\n", &off) == 0);
	CHECK_STR(kv_get(m.vars, m.nvars, "a.b.c"), "deep");
	CHECK_STR(kv_get(m.vars, m.nvars, "a.d"), "2");
	CHECK_STR(kv_get(m.vars, m.nvars, "list"), "x, 3");
	CHECK(kv_get(m.vars, m.nvars, "maps") == NULL);
	CHECK(kv_get(m.vars, m.nvars, "a") == NULL);
	CHECK_STR(kv_get(m.vars, m.nvars, "empty"), "");
	CHECK_STR(kv_get(m.vars, m.nvars, "dup"), "second");
	CHECK_STR(kv_get(m.vars, m.nvars, "long"), "folded text\n");
	CHECK_STR(kv_get(m.vars, m.nvars, "title"), "The Title");
	CHECK(m.nvars == 7);
	meta_free(&m);
}

static void
test_errors(void)
{
	struct buf deep = {0};
	const char *err;
	struct meta m;
	size_t off;
	unsigned before;
	int i;

	err = rd_error("u.md", "---\ntitle: x\n\nBody\n");
	CHECK(has(err, "u.md:1: error: front matter starts here but is "
	    "never closed (no closing '---' line)"));
	err = rd_error("u.md", "---\n");
	CHECK(has(err, "u.md:1: error: front matter starts here"));
	err = rd_error("u.md", "---");
	CHECK(has(err, "u.md:1: error: front matter starts here"));

	/* Syntax errors point at the file's line, not the YAML's. */
	err = rd_error("s.md", "---\ntitle: x\ndate: 2019-01-06\n"
	    "tags: [a, b\nexcerpt: y\n---\nBody\n");
	CHECK(has(err, "s.md:5: error: YAML: did not find expected ',' or "
	    "']' while parsing a flow sequence started on line 4"));
	err = rd_error("s.md", "---\ntitle: x\nauthor: a\n  name: b\n---\n");
	if (!has(err, "s.md:4: error: YAML: mapping values are not allowed"))
		fprintf(stderr, "got: %s", err);
	CHECK(has(err, "s.md:4: error: YAML: mapping values are not allowed"));
	err = rd_error("s.md", "---\na: 1\n\tb: 2\n---\n");
	CHECK(has(err, "s.md:3: error: YAML: "));
	err = rd_error("s.md", "---\na: \"unterminated\n---\n");
	CHECK(has(err, "s.md:") && has(err, "error: YAML: "));

	/* Not a mapping. */
	err = rd_error("n.md", "---\n- a\n- b\n---\n");
	CHECK(has(err, "n.md:2: error: front matter is not a YAML mapping"));
	err = rd_error("n.md", "---\n\nJust a sentence.\n---\n");
	CHECK(has(err, "n.md:3: error: front matter is not a YAML mapping"));

	/* Aliases are refused, as values or as keys. */
	err = rd_error("a.md", "---\na: &x [1, 2]\nb: *x\n---\n");
	CHECK(has(err, "a.md:3: error: YAML aliases are not supported in "
	    "front matter"));
	err = rd_error("a.md", "---\na: &k key\n*k : v\n---\n");
	CHECK(has(err, "a.md:3: error: YAML aliases are not supported"));
	err = rd_error("a.md", "---\nbase: &b {x: 1}\nd:\n  <<: *b\n---\n");
	CHECK(has(err, "a.md:4: error: YAML aliases"));
	err = rd_error("k.md", "---\n? [a, b]\n: v\n---\n");
	CHECK(has(err, "k.md:2: error: YAML: a mapping key"));

	/* Nesting is capped. */
	buf_puts(&deep, "---\nx: ");
	for (i = 0; i < 200; i++)
		buf_putc(&deep, '[');
	for (i = 0; i < 200; i++)
		buf_putc(&deep, ']');
	buf_puts(&deep, "\n---\n");
	err = rd_error("d.md", deep.data);
	CHECK(has(err, "d.md:2: error: YAML: lists and mappings nested more "
	    "than 64 deep"));
	buf_free(&deep);
	/* Just under the cap is fine. */
	buf_puts(&deep, "---\nx: ");
	for (i = 0; i < 63; i++)
		buf_putc(&deep, '[');
	for (i = 0; i < 63; i++)
		buf_putc(&deep, ']');
	buf_puts(&deep, "\n---\n");
	CHECK(rd(&m, "d.md", deep.data, &off) == 0);
	meta_free(&m);
	buf_free(&deep);

	/* A field of the wrong shape warns only. */
	before = diag_errors();
	capture_begin();
	CHECK(rd(&m, "w.md", "---\ntitle: [a, b]\ntags: {a: b}\n---\n",
	    &off) == 0);
	capture_end();
	CHECK(diag_errors() == before);
	CHECK(m.title == NULL && m.ntags == 0);
	CHECK(has(errtext, "w.md:2: warning: 'title'"));
	CHECK(has(errtext, "w.md:3: warning: 'tags'"));
	meta_free(&m);
}

static int
rd_as(struct meta *m, const char *path, const char *text,
    enum generator gen, size_t *off)
{
	return meta_read(m, path, text, strlen(text), gen, off);
}

/* TOML, JSON and header front matter: the same struct meta. */
static void
test_formats(void)
{
	struct meta m;
	size_t off;
	const char *toml =
	    "+++\n"
	    "title = \"Tide &amp; time &lt;tables&gt;\"\n"
	    "date = 2021-10-12T09:30:00+01:00\n"
	    "authors = [\"Ann\", \"Bob\"]\n"
	    "summary = \"\"\"Two\nlines\"\"\"\n"
	    "draft = true\n"
	    "images = [\"a.png\", \"b.png\"]\n"
	    "[taxonomies]\n"
	    "tags = [\"x\", \"y z\"]\n"
	    "categories = [\"c\"]\n"
	    "+++\n"
	    "Body\n";
	const char *json =
	    "{\n  \"title\": \"J\",\n  \"date\": \"2020-08-15\",\n"
	    "  \"tags\": [\"a\", \"b\"],\n"
	    "  \"cover\": {\"image\": \"c.png\"},\n"
	    "  \"description\": \"D\"\n}\n\nBody\n";
	const char *hdr =
	    "Title: P\nDate: 2023-04-22 05:40\nTags: a, b c\n"
	    "Category: Birds\nSlug: p-slug\nStatus: draft\n\nBody\n";

	CHECK(rd_as(&m, "content/posts/knots.md", toml, GEN_HUGO, &off) == 0);
	CHECK_STR(m.title, "Tide & time <tables>");
	CHECK(m.date.year == 2021 && m.date.hour == 9 && m.date.has_zone &&
	    m.date.zone_min == 60);
	CHECK_STR(m.author, "Ann, Bob");
	CHECK_STR(m.excerpt, "Two\nlines");
	CHECK(m.draft);
	CHECK_STR(m.image, "a.png");
	CHECK(m.ntags == 2 && !strcmp(m.tags[1], "y z"));
	CHECK(m.ncategories == 1);
	CHECK_STR(toml + off, "Body\n");
	CHECK(m.body_line == 13);
	CHECK_STR(m.slug, "knots");
	meta_free(&m);

	CHECK(rd_as(&m, "p/index.md", json, GEN_HUGO, &off) == 0);
	CHECK_STR(m.title, "J");
	CHECK(m.date.year == 2020 && m.date.day == 15);
	CHECK(m.ntags == 2);
	CHECK_STR(m.image, "c.png");
	CHECK_STR(m.excerpt, "D");
	CHECK_STR(json + off, "\nBody\n");
	CHECK(m.body_line == 8);
	CHECK_STR(m.slug, "p");		/* a bundle: its folder */
	meta_free(&m);

	/* Jekyll keeps description for the page's meta tag. */
	CHECK(rd_as(&m, "x.md", "---\ndescription: D\n---\n", GEN_JEKYLL,
	    &off) == 0);
	CHECK(m.excerpt == NULL);
	meta_free(&m);

	CHECK(rd_as(&m, "c/p.md", hdr, GEN_PELICAN, &off) == 0);
	CHECK_STR(m.title, "P");
	CHECK(m.date.year == 2023 && m.date.min == 40);
	CHECK(m.ntags == 2 && !strcmp(m.tags[1], "b c"));
	CHECK(m.ncategories == 1 && !strcmp(m.categories[0], "Birds"));
	CHECK_STR(m.slug, "p-slug");
	CHECK(m.draft);
	CHECK_STR(hdr + off, "Body\n");
	CHECK(m.body_line == 8);
	meta_free(&m);
	/* Elsewhere only a "Title:" first line opens headers. */
	CHECK(rd_as(&m, "p.md", "Note: hello\n\nBody\n", GEN_HUGO,
	    &off) == 0);
	CHECK(m.title == NULL && off == 0);
	meta_free(&m);
	CHECK(rd_as(&m, "p.md", "Note: hello\n\nBody\n", GEN_PELICAN,
	    &off) == 0);
	CHECK(off == 13);
	meta_free(&m);
	/* A '{' that opens no JSON object is the body's. */
	CHECK(rd_as(&m, "p.md", "{% raw %}x\n", GEN_JEKYLL, &off) == 0);
	CHECK(off == 0);
	meta_free(&m);
}

/* What the path says: dates in folders and names, translations. */
static void
test_paths(void)
{
	static const struct {
		const char *path;
		enum generator gen;
		int y, mo, d;
		const char *slug, *lang;
	} cases[] = {
		{ "content/posts/2021/09/03/tide/index.md", GEN_HUGO, 2021, 9, 3,
		    "tide", NULL },
		{ "content/posts/2021/09/slug.md", GEN_HUGO, 2021, 9, 1, "slug",
		    NULL },
		{ "content/blog/2022-03-14_pi-day.md", GEN_ZOLA, 2022, 3, 14,
		    "pi-day", NULL },
		{ "content/blog/2022-03-14-pi/index.fr.md", GEN_ZOLA, 2022, 3,
		    14, "pi", "fr" },
		{ "content/p/index.zh-tw.md", GEN_HUGO, 0, 0, 0, "p", "zh-tw" },
		{ "content/p/post.en.md", GEN_HUGO, 0, 0, 0, "post", "en" },
		{ "content/p/post.old.md", GEN_HUGO, 0, 0, 0, "post.old", NULL },
		{ "_posts/2019-01-06-go.to.md", GEN_JEKYLL, 2019, 1, 6, "go.to",
		    NULL },
		{ "a/2021/13/x.md", GEN_HUGO, 0, 0, 0, "x", NULL },
		{ "a/99/01/x.md", GEN_HUGO, 0, 0, 0, "x", NULL },
	};
	struct meta m;
	size_t off;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CHECK(rd_as(&m, cases[i].path, "Body\n", cases[i].gen,
		    &off) == 0);
		if (m.date.year != cases[i].y || m.date.month != cases[i].mo ||
		    m.date.day != cases[i].d)
			fprintf(stderr, "%s: %d-%d-%d\n", cases[i].path,
			    m.date.year, m.date.month, m.date.day);
		CHECK(m.date.year == cases[i].y && m.date.month ==
		    cases[i].mo && m.date.day == cases[i].d);
		CHECK_STR(m.slug, cases[i].slug);
		CHECK_STR(m.lang, cases[i].lang);
		meta_free(&m);
	}
	/* Zola's path holds a date too; Eleventy's words are no date. */
	CHECK(rd_as(&m, "c/x.md", "+++\npath = \"2020/02/29/leap\"\n+++\n",
	    GEN_ZOLA, &off) == 0);
	CHECK(m.date.year == 2020 && m.date.month == 2 && m.date.day == 29);
	meta_free(&m);
	CHECK(rd_as(&m, "2019-05-05-x.md", "---\ndate: Last Modified\n---\n",
	    GEN_ELEVENTY, &off) == 0);
	CHECK(m.date.year == 2019);
	meta_free(&m);
}

/* Without a date: publishDate or pubDate, ISO or in words. */
static void
test_other_dates(void)
{
	static const struct {
		const char *text;
		int y, m, d;
	} cases[] = {
		{ "---\npubDate: 'Jul 08 2022'\n---\n", 2022, 7, 8 },
		{ "---\npubDate: July 8, 2022\n---\n", 2022, 7, 8 },
		{ "---\npubDate: 8 July 2022\n---\n", 2022, 7, 8 },
		{ "+++\npublishDate = 2021-02-03T04:05:06Z\n+++\n", 2021, 2, 3 },
		{ "---\ndate: 2020-01-01\npubDate: Jul 08 2022\n---\n", 2020, 1,
		    1 },
	};
	struct meta m;
	size_t off;
	const char *e;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CHECK(rd_as(&m, "p.md", cases[i].text, GEN_GENERIC, &off) == 0);
		CHECK(m.date.year == cases[i].y && m.date.month == cases[i].m &&
		    m.date.day == cases[i].d);
		meta_free(&m);
	}
	/* Unreadable: a warning, and the post is undated. */
	capture_begin();
	CHECK(rd_as(&m, "p.md", "---\npubDate: Julember 40 2022\n---\n",
	    GEN_GENERIC, &off) == 0);
	e = capture_end();
	CHECK(m.date.year == 0);
	CHECK(strstr(e, "p.md:2: warning: 'pubDate' is not a date") != NULL);
	meta_free(&m);
}

/* The date last updated, by each generator's names. */
static void
test_updated(void)
{
	static const struct {
		const char *text;
		enum generator gen;
		int y, m, d;
	} cases[] = {
		{ "+++\nlastmod = 2022-03-03T10:00:00Z\n+++\n", GEN_HUGO,
		    2022, 3, 3 },
		{ "---\nmodified: 2022-03-04\n---\n", GEN_HUGO, 2022, 3, 4 },
		{ "---\nlastMod: 2022-03-05\n---\n", GEN_HUGO, 2022, 3, 5 },
		{ "+++\nupdated = 2022-04-03\n+++\n", GEN_ZOLA, 2022, 4, 3 },
		{ "Title: x\nModified: 2023-04-23 08:00\n\n", GEN_PELICAN,
		    2023, 4, 23 },
		{ "---\nlast_modified_at: 2020-01-15 09:00:00 +0000\n---\n",
		    GEN_JEKYLL, 2020, 1, 15 },
		{ "---\nupdated: 2020-01-16\n---\n", GEN_JEKYLL, 2020, 1, 16 },
		{ "---\nupdatedDate: 'Jul 08 2022'\n---\n", GEN_GENERIC, 2022,
		    7, 8 },
		{ "---\nupdated: 2019-04-10\n---\n", GEN_ELEVENTY, 2019, 4,
		    10 },
		/* Another generator's name is not read. */
		{ "---\nlastmod: 2022-03-03\n---\n", GEN_JEKYLL, 0, 0, 0 },
		{ "+++\nupdated = 2022-04-03\n+++\n", GEN_HUGO, 0, 0, 0 },
		{ "---\ndate: 2020-01-01\n---\n", GEN_HUGO, 0, 0, 0 },
	};
	struct meta m;
	size_t off;
	const char *e;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CHECK(rd_as(&m, "p.md", cases[i].text, cases[i].gen, &off) ==
		    0);
		CHECK(m.updated.year == cases[i].y &&
		    m.updated.month == cases[i].m && m.updated.day == cases[i].d);
		meta_free(&m);
	}
	/* Hugo's date falls back to lastmod (the front matter's, before
	 * the path's); other generators' do not. */
	CHECK(rd_as(&m, "content/posts/2019/05/x.md",
	    "---\nlastmod: 2022-03-05\n---\n", GEN_HUGO, &off) == 0);
	CHECK(m.date.year == 2022 && m.date.month == 3 && m.date.day == 5);
	meta_free(&m);
	CHECK(rd_as(&m, "p.md", "---\nupdated: 2022-03-05\n---\n",
	    GEN_ZOLA, &off) == 0);
	CHECK(m.date.year == 0 && m.updated.year == 2022);
	meta_free(&m);
	/* Unreadable: a warning, and no date of update. */
	capture_begin();
	CHECK(rd_as(&m, "p.md", "---\ndate: 2020-01-01\nupdated: soon\n---\n",
	    GEN_ZOLA, &off) == 0);
	e = capture_end();
	CHECK(m.updated.year == 0 && m.date.year == 2020);
	CHECK(strstr(e, "p.md:3: warning: 'updated' is not a date") != NULL);
	meta_free(&m);
}

static void
test_format_errors(void)
{
	const char *e;
	struct meta m;
	size_t off;
	unsigned before;
	static const struct {
		const char *text, *want;
	} cases[] = {
		{ "+++\ntitle = 'x'\n", "x.md:1: error: front matter starts "
		    "here but is never closed (no closing '+++' line)" },
		{ "+++\ntitle = 'x'\ntitle = 'y'\n+++\n", "x.md:3: error: "
		    "TOML: " },
		{ "+++\ndate = 'soon'\n+++\n", "x.md:2: error: date 'soon' "
		    "is not a valid date" },
		{ "{\n\"title\": \"x\",\n}\n", "x.md:3: error: JSON: "
		    "expected a \"key\"" },
		{ "{\"title\": \"x\"} trailing\n", "x.md:1: error: JSON: "
		    "text after the front matter's closing '}'" },
		{ "Title: x\nDate: 2019-13-01\n\n", "x.md:2: error: date "
		    "'2019-13-01' is not a valid date" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		before = diag_errors();
		capture_begin();
		CHECK(rd_as(&m, "x.md", cases[i].text, GEN_HUGO, &off) == -1);
		e = capture_end();
		CHECK(diag_errors() == before + 1);
		if (strstr(e, cases[i].want) == NULL)
			fprintf(stderr, "case %zu: %s", i, e);
		CHECK(strstr(e, cases[i].want) != NULL);
		meta_free(&m);
	}
}

int
main(void)
{
	test_formats();
	test_paths();
	test_other_dates();
	test_updated();
	test_format_errors();
	test_full();
	test_forms();
	test_draft();
	test_dates();
	test_format();
	test_split();
	test_vars();
	test_errors();
	return check_done();
}
