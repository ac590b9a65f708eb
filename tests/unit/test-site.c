/* test-site.c - finding a site's root, telling its generator, reading
 * its configuration, and where each generator serves a post. */
#define _POSIX_C_SOURCE 200809L

#include <sys/stat.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "diag.h"
#include "dialect.h"
#include "post.h"
#include "site.h"


/*
 * Paths made under the scratch folder (absolute, or relative to it),
 * removed in reverse at the end.
 */
static char *made[256];
static size_t nmade;

static void
mk_dir(const char *path)
{
	CHECK(mkdir(path, 0700) == 0);
	made[nmade++] = xstrdup(path);
}

static void
mk_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	CHECK(f != NULL);
	if (f == NULL)
		return;
	fputs(text, f);
	fclose(f);
	made[nmade++] = xstrdup(path);
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
}

static void
check_root(const char *post, const char *want)
{
	char *root = site_find_root(post);

	CHECK_STR(root, want);
	free(root);
}

static void
test_find_root(const char *top)
{
	char cwd[PATH_MAX], *p, *want;

	/* blog/ has _config.yml; shop/ only _posts/; bare/ neither. */
	CHECK(getcwd(cwd, sizeof(cwd)) != NULL);
	CHECK(chdir(top) == 0);
	mk_dir("blog");
	mk_file("blog/_config.yml", "title: Blog\n");
	mk_dir("blog/_posts");
	mk_file("blog/_posts/2019-01-06-x.md", "x\n");
	mk_dir("blog/drafts");
	mk_dir("blog/drafts/deep");
	mk_dir("shop");
	mk_dir("shop/_posts");
	mk_dir("shop/_posts/2019");
	mk_dir("bare");
	mk_file("bare/_posts", "a file, not a folder\n");

	check_root("blog/_posts/2019-01-06-x.md", "blog");
	check_root("./blog//_posts/./x.md", "blog");
	check_root("blog/drafts/deep/x.md", "blog");
	check_root("blog/x.md", "blog");
	check_root("shop/_posts/2019/x.md", "shop");
	check_root("shop/_posts/x.md", "shop");
	/* Nothing found: the post's own folder. */
	check_root("bare/x.md", "bare");

	/* Absolute paths give absolute roots. */
	p = xasprintf("%s/blog/_posts/x.md", top);
	want = xasprintf("%s/blog", top);
	check_root(p, want);
	free(p);
	free(want);

	/* From inside the site, relative paths climb with "..". */
	CHECK(chdir("blog/_posts") == 0);
	check_root("x.md", "..");
	check_root("./x.md", "..");
	check_root("../drafts/deep/x.md", "..");
	CHECK(chdir("../drafts/deep") == 0);
	check_root("x.md", "../..");
	CHECK(chdir(top) == 0);
	CHECK(chdir("bare") == 0);
	check_root("x.md", ".");
	CHECK(chdir(cwd) == 0);
}

static int
load(struct site *s, const char *root, const char *config)
{
	char *path = xasprintf("%s/_config.yml", root);
	int rc;

	mk_file(path, config);
	rc = site_load(s, root, SITE_DETECT);
	free(path);
	return rc;
}

static void
test_load(const char *top)
{
	struct site s;
	char *dir, *want;
	unsigned before;

	/* A missing file is fine. */
	dir = xasprintf("%s/empty", top);
	mk_dir(dir);
	CHECK(site_load(&s, dir, SITE_DETECT) == 0);
	CHECK_STR(s.root, dir);
	CHECK(s.title == NULL && s.author == NULL && s.nvars == 0);
	site_free(&s);
	site_free(&s);
	free(dir);

	dir = xasprintf("%s/full", top);
	mk_dir(dir);
	CHECK(load(&s, dir,
	    "\xef\xbb\xbf# Site settings\r\n"
	    "title: DevBlackOps\r\n"
	    "description: Thoughts about DevOps\r\n"
	    "url: 'https://devblackops.io/'\r\n"
	    "baseurl: '/blog'\r\n"
	    "permalink: /:year/:title/\r\n"
	    "lang: en\r\n"
	    "author:\r\n"
	    "  name: 'Brandon olin'\r\n"
	    "  email: brandon@devblackops.io\r\n"
	    "pages_list:\r\n"
	    "  Home: '/'\r\n"
	    "exclude: [Gemfile, vendor]\r\n"
	    "defaults:\r\n"
	    "  - scope: {path: ''}\r\n"
	    "    values: {layout: post}\r\n"
	    "nothing:\r\n") == 0);
	CHECK_STR(s.title, "DevBlackOps");
	CHECK_STR(s.description, "Thoughts about DevOps");
	CHECK_STR(s.url, "https://devblackops.io/");
	CHECK_STR(s.baseurl, "/blog");
	CHECK_STR(s.permalink, "/:year/:title/");
	CHECK_STR(s.lang, "en");
	CHECK_STR(s.author, "Brandon olin");
	CHECK_STR(kv_get(s.vars, s.nvars, "author.name"), "Brandon olin");
	CHECK_STR(kv_get(s.vars, s.nvars, "author.email"),
	    "brandon@devblackops.io");
	CHECK_STR(kv_get(s.vars, s.nvars, "pages_list.Home"), "/");
	CHECK_STR(kv_get(s.vars, s.nvars, "exclude"), "Gemfile, vendor");
	CHECK(kv_get(s.vars, s.nvars, "defaults") == NULL);
	CHECK_STR(kv_get(s.vars, s.nvars, "nothing"), "");
	CHECK_STR(kv_get(s.vars, s.nvars, "title"), "DevBlackOps");
	site_free(&s);
	CHECK(s.root == NULL && s.vars == NULL);
	free(dir);

	/* Author as a string; a trailing slash on root is fine. */
	dir = xasprintf("%s/plain/", top);
	mk_dir(dir);
	CHECK(load(&s, dir, "author: Ann\n") == 0);
	CHECK_STR(s.author, "Ann");
	CHECK(s.title == NULL);
	site_free(&s);
	free(dir);

	/* An empty or comment-only file is fine. */
	dir = xasprintf("%s/blank", top);
	mk_dir(dir);
	CHECK(load(&s, dir, "# nothing yet\n") == 0);
	CHECK(s.nvars == 0);
	site_free(&s);
	free(dir);

	/* A YAML error points at the config's own line. */
	dir = xasprintf("%s/broken", top);
	mk_dir(dir);
	before = diag_errors();
	capture_begin();
	CHECK(load(&s, dir, "title: x\n\nauthor: a\n  name: b\n") == -1);
	capture_end();
	CHECK(diag_errors() == before + 1);
	want = xasprintf("%s/_config.yml:4: error: YAML: mapping values are "
	    "not allowed", dir);
	if (strstr(errtext, want) == NULL)
		fprintf(stderr, "got: %s", errtext);
	CHECK(strstr(errtext, want) != NULL);
	free(want);
	site_free(&s);
	free(dir);

	/* Aliases are refused. */
	dir = xasprintf("%s/alias", top);
	mk_dir(dir);
	before = diag_errors();
	capture_begin();
	CHECK(load(&s, dir, "a: &x [1]\nb: *x\n") == -1);
	capture_end();
	CHECK(diag_errors() == before + 1);
	want = xasprintf("%s/_config.yml:2: error: YAML aliases are not "
	    "supported", dir);
	CHECK(strstr(errtext, want) != NULL);
	free(want);
	site_free(&s);
	free(dir);

	/* Not a mapping. */
	dir = xasprintf("%s/list", top);
	mk_dir(dir);
	before = diag_errors();
	capture_begin();
	CHECK(load(&s, dir, "\n- a\n- b\n") == -1);
	capture_end();
	CHECK(diag_errors() == before + 1);
	want = xasprintf("%s/_config.yml:2: error: the site configuration is "
	    "not a YAML mapping", dir);
	CHECK(strstr(errtext, want) != NULL);
	free(want);
	site_free(&s);
	free(dir);

	/* _config.yml that cannot be read (a folder). */
	dir = xasprintf("%s/odd", top);
	mk_dir(dir);
	want = xasprintf("%s/_config.yml", dir);
	mk_dir(want);
	free(want);
	before = diag_errors();
	capture_begin();
	CHECK(site_load(&s, dir, SITE_DETECT) == -1);
	capture_end();
	CHECK(diag_errors() == before + 1);
	CHECK(strstr(errtext, "_config.yml: error: cannot read") != NULL);
	site_free(&s);
	free(dir);
}

/* A site folder under top holding files[] (name, text pairs). */
static char *
mk_site(const char *top, const char *name, const char *const *files)
{
	char *dir = xasprintf("%s/%s", top, name);

	mk_dir(dir);
	for (; files[0] != NULL; files += 2) {
		char *p = xasprintf("%s/%s", dir, files[0]);

		if (files[1] == NULL)
			mk_dir(p);
		else
			mk_file(p, files[1]);
		free(p);
	}
	return dir;
}

/* The permalink of a post at rel in site s with front matter text. */
static char *
perm(const struct site *s, const char *rel, const char *text)
{
	struct meta m;
	size_t off;
	char *path = xasprintf("%s/%s", s->root, rel), *p;

	CHECK(meta_read(&m, path, text, strlen(text), s->generator,
	    &off) == 0);
	p = post_permalink(&m, path, s);
	meta_free(&m);
	free(path);
	return p;
}

static void
test_detect(const char *top)
{
	static const struct {
		const char *name, *file;
		enum generator want;
	} cases[] = {
		{ "d-jekyll", "_config.yml", GEN_JEKYLL },
		{ "d-hugo", "hugo.toml", GEN_HUGO },
		{ "d-hugo-yaml", "config.yaml", GEN_HUGO },
		{ "d-hugo-toml", "config.toml", GEN_HUGO },
		{ "d-pelican", "pelicanconf.py", GEN_PELICAN },
		{ "d-eleventy", ".eleventy.js", GEN_ELEVENTY },
		{ "d-eleventy2", "eleventy.config.mjs", GEN_ELEVENTY },
		{ "d-generic", "package.json", GEN_GENERIC },
		{ "d-none", NULL, GEN_JEKYLL },
	};
	const char *zola[] = { "config.toml", "title = \"Z\"\n"
	    "base_url = \"https://z.example\"\n[extra]\n", NULL };
	const char *hugo_dir[] = { "config", NULL, "config/_default", NULL,
	    NULL };
	enum generator g;
	char *dir;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *files[] = { cases[i].file, "", NULL };

		dir = mk_site(top, cases[i].name, cases[i].file ? files :
		    files + 2);
		CHECK(site_detect(dir) == cases[i].want);
		if (cases[i].file != NULL) {
			/* A post deep inside finds this root. */
			char *post = xasprintf("%s/content", dir), *root;

			mk_dir(post);
			free(post);
			post = xasprintf("%s/content/x.md", dir);
			root = site_find_root(post);
			CHECK_STR(root, dir);
			free(root);
			free(post);
		}
		free(dir);
	}
	dir = mk_site(top, "d-zola", zola);
	CHECK(site_detect(dir) == GEN_ZOLA);
	free(dir);
	dir = mk_site(top, "d-hugo-dir", hugo_dir);
	CHECK(site_detect(dir) == GEN_HUGO);
	/* A folder given as the input is searched from itself. */
	{
		char *root = site_find_root(dir);

		CHECK_STR(root, dir);
		free(root);
	}
	free(dir);

	CHECK(generator_from_name("Hugo", &g) == 0 && g == GEN_HUGO);
	CHECK(generator_from_name("11ty", &g) == 0 && g == GEN_ELEVENTY);
	CHECK(generator_from_name("gatsby", &g) == 0 && g == GEN_GENERIC);
	CHECK(generator_from_name("wordpress", &g) == -1);
	CHECK_STR(generator_name(GEN_PELICAN), "pelican");
}

static void
test_dialects(const char *top)
{
	const char *hugo[] = {
		"hugo.toml", "baseURL = 'https://h.example/blog/'\n"
		"title = 'H'\nlanguageCode = 'en-gb'\n"
		"[params]\nauthor = 'Ann'\ndescription = 'About H'\n"
		"[permalinks]\nposts = '/:year/:month/:slug/'\n"
		"notes = '/n/:filename/'\n",
		"content", NULL, "static", NULL, NULL };
	const char *zola[] = {
		"config.toml", "base_url = 'https://z.example'\ntitle = 'Z'\n"
		"default_language = 'fr'\n[extra]\nauthor = 'Zed'\n",
		"static", NULL, NULL };
	const char *pelican[] = {
		"pelicanconf.py", "import os\nAUTHOR = 'Pat'\n"
		"SITENAME = 'P' \"&\" 'Q'\nSITEURL = 'https://p.example/'\n"
		"PATH = 'posts'\nARTICLE_URL = '{date:%Y}/{category}/{slug}/'\n"
		"STATIC_PATHS = [\n  'images',\n  'files',\n]\n"
		"DEFAULT_LANG = 'de'\nX = f(1)\nY = 'a' + B\n"
		"def f():\n    SITENAME = 'no'\n",
		"posts", NULL, NULL };
	const char *eleventy[] = {
		".eleventy.js", "module.exports = {};\n", "_data", NULL,
		"_data/metadata.json", "{\"title\": \"E\", \"url\": "
		"\"https://e.example/\", \"language\": \"es\", \"author\": "
		"{\"name\": \"Eve\"}}\n", NULL };
	const char *bad[] = { "hugo.toml", "title = 'unclosed\n", NULL };
	struct site s;
	char *dir, *p;
	unsigned before;

	dir = mk_site(top, "s-hugo", hugo);
	CHECK(site_load(&s, dir, SITE_DETECT) == 0);
	CHECK(s.generator == GEN_HUGO);
	CHECK_STR(s.title, "H");
	CHECK_STR(s.url, "https://h.example");
	CHECK_STR(s.baseurl, "/blog");
	CHECK_STR(s.lang, "en-gb");
	CHECK_STR(s.author, "Ann");
	CHECK_STR(s.description, "About H");
	CHECK(s.nstatics == 1);
	/* By a section's rule; the slug, else the title, for :slug. */
	CHECK_STR(p = perm(&s, "content/posts/x.md", "+++\ntitle = 'A B'\n"
	    "date = 2021-09-03\n+++\n"), "/2021/09/a-b/");
	free(p);
	CHECK_STR(p = perm(&s, "content/posts/2020/01/02/b/index.md",
	    "+++\nslug = 'S'\n+++\n"), "/2020/01/s/");
	free(p);
	CHECK_STR(p = perm(&s, "content/notes/My-Note.md", "x\n"),
	    "/n/my-note/");
	free(p);
	/* No rule: the content path; a bundle is its folder. */
	CHECK_STR(p = perm(&s, "content/about/team/index.md", "x\n"),
	    "/about/team/");
	free(p);
	CHECK_STR(p = perm(&s, "content/x.md", "+++\nurl = '/else/where'\n"
	    "+++\n"), "/else/where");
	free(p);
	site_free(&s);
	/* --generator: the same folder read as Jekyll knows none of it. */
	CHECK(site_load(&s, dir, GEN_JEKYLL) == 0);
	CHECK(s.generator == GEN_JEKYLL && s.title == NULL);
	site_free(&s);
	free(dir);

	dir = mk_site(top, "s-zola", zola);
	CHECK(site_load(&s, dir, SITE_DETECT) == 0);
	CHECK(s.generator == GEN_ZOLA);
	CHECK_STR(s.title, "Z");
	CHECK_STR(s.lang, "fr");
	CHECK_STR(s.author, "Zed");
	CHECK_STR(p = perm(&s, "content/blog/2022-03-14_Pi Day.md", "x\n"),
	    "/blog/pi-day/");
	free(p);
	CHECK_STR(p = perm(&s, "content/blog/x.md", "+++\npath = "
	    "'2022/05/here'\n+++\n"), "/2022/05/here/");
	free(p);
	site_free(&s);
	free(dir);

	dir = mk_site(top, "s-pelican", pelican);
	CHECK(site_load(&s, dir, SITE_DETECT) == 0);
	CHECK(s.generator == GEN_PELICAN);
	CHECK_STR(s.title, "P&Q");
	CHECK_STR(s.author, "Pat");
	CHECK_STR(s.lang, "de");
	CHECK_STR(s.url, "https://p.example");
	CHECK(s.baseurl == NULL);
	CHECK(kv_get(s.vars, s.nvars, "X") == NULL);
	CHECK(kv_get(s.vars, s.nvars, "Y") == NULL);
	CHECK_STR(kv_get(s.vars, s.nvars, "STATIC_PATHS"), "images, files");
	CHECK(s.nstatics == 1);
	/* Slug from the title; ARTICLE_URL's fields. */
	CHECK_STR(p = perm(&s, "posts/a.md", "Title: Hello, World!\n"
	    "Date: 2020-02-03\nCategory: Big News\n\n"),
	    "/2020/big-news/hello-world/");
	free(p);
	site_free(&s);
	free(dir);

	dir = mk_site(top, "s-eleventy", eleventy);
	CHECK(site_load(&s, dir, SITE_DETECT) == 0);
	CHECK(s.generator == GEN_ELEVENTY);
	CHECK_STR(s.title, "E");
	CHECK_STR(s.author, "Eve");
	CHECK_STR(s.lang, "es");
	CHECK_STR(p = perm(&s, "posts/first.md", "x\n"), "/posts/first/");
	free(p);
	CHECK_STR(p = perm(&s, "posts/index.md", "x\n"), "/posts/");
	free(p);
	/* A permalink template needs Eleventy: the path's instead. */
	CHECK_STR(p = perm(&s, "posts/t.md", "---\npermalink: "
	    "\"/{{ page.fileSlug }}/\"\n---\n"), "/posts/t/");
	free(p);
	site_free(&s);
	free(dir);

	/* A configuration error points at its line. */
	dir = mk_site(top, "s-bad", bad);
	before = diag_errors();
	capture_begin();
	CHECK(site_load(&s, dir, SITE_DETECT) == -1);
	capture_end();
	CHECK(diag_errors() == before + 1);
	p = xasprintf("%s/hugo.toml:1: error: TOML: ", dir);
	CHECK(strstr(errtext, p) != NULL);
	free(p);
	site_free(&s);
	free(dir);
}

/* pelicanconf.py: literals only, nesting capped, nothing run. */
static void
test_pyconf(void)
{
	struct buf b = {0};
	struct ynode *r;
	const struct ynode *l;

	buf_puts(&b, "X = ");
	for (int i = 0; i < 100000; i++)
		buf_putc(&b, '[');
	buf_puts(&b, "\nY = 'y'\nL = ('a', \"b\", u'c', r'd\\e', 1, 2.5, "
	    "True, None,)\nS = '''multi\nline'''\nZ = 'z'  # comment\n"
	    "W = 'w'; import os\n  I = 'indented'\nE == 'e'\n"
	    "lower = 'no'\nN = [[1], [2]]\n");
	r = pelican_conf_read(b.data, b.len);
	CHECK(yamlmap_get(r, "X") == NULL);
	CHECK_STR(yamlmap_str(yamlmap_get(r, "Y")), "y");
	l = yamlmap_get(r, "L");
	CHECK(l != NULL && l->type == YNODE_SEQ && l->n == 8);
	CHECK(l != NULL && l->n == 8 && !strcmp(l->items[3].value, "d\\e"));
	CHECK(l != NULL && l->n == 8 && l->items[7].null);
	CHECK_STR(yamlmap_str(yamlmap_get(r, "S")), "multi\nline");
	CHECK(yamlmap_get(r, "S") != NULL && yamlmap_get(r, "S")->line == 4);
	CHECK_STR(yamlmap_str(yamlmap_get(r, "Z")), "z");
	CHECK_STR(yamlmap_str(yamlmap_get(r, "W")), "w");
	CHECK(yamlmap_get(r, "I") == NULL);
	CHECK(yamlmap_get(r, "E") == NULL);
	CHECK(yamlmap_get(r, "lower") == NULL);
	CHECK(yamlmap_get(r, "N") != NULL && yamlmap_get(r, "N")->n == 2);
	yamlmap_free(r);
	buf_free(&b);
	/* Cut short anywhere: no read past the end. */
	r = pelican_conf_read("A = 'unclosed", 13);
	CHECK(r->n == 0);
	yamlmap_free(r);
	r = pelican_conf_read("B = Tru", 7);
	CHECK(r->n == 0);
	yamlmap_free(r);
}

int
main(void)
{
	char top[] = "/tmp/quire-test-site-XXXXXX";

	if (mkdtemp(top) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	test_find_root(top);
	test_load(top);
	test_detect(top);
	test_pyconf();
	test_dialects(top);
	/* Some paths were made relative to top. */
	if (chdir(top) == 0)
		clean_up();
	if (rmdir(top) != 0)
		perror(top);
	return check_done();
}
