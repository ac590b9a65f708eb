/* test-site.c - finding a site's root and reading its _config.yml. */
#define _POSIX_C_SOURCE 200809L

#include <sys/stat.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "diag.h"
#include "site.h"


/*
 * Paths made under the scratch folder (absolute, or relative to it),
 * removed in reverse at the end.
 */
static char *made[64];
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
	/* Some paths were made relative to top. */
	if (chdir(top) == 0)
		clean_up();
	if (rmdir(top) != 0)
		perror(top);
	return check_done();
}
