/* test-url.c - a site's url and baseurl normalised, and what they serve. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "url.h"

static void
base_is(const char *baseurl, const char *want)
{
	struct site_url u;

	url_init(&u, "https://example.org", baseurl);
	CHECK_STR(u.base, want);
	url_free(&u);
}

static void
test_init(void)
{
	struct site_url u;

	base_is(NULL, "");
	base_is("", "");
	base_is("/", "");
	base_is("blog", "/blog");
	base_is("/blog", "/blog");
	base_is("blog/", "/blog");
	base_is("/blog//", "/blog");
	base_is("a/b/", "/a/b");
	/* A whole URL in baseurl: its path. */
	base_is("https://example.org", "");
	base_is("https://example.org/blog/", "/blog");

	url_init(&u, "HTTPS://Example.org:8080/", NULL);
	CHECK_STR(u.origin, "HTTPS://Example.org:8080");
	CHECK_STR(u.host, "Example.org:8080");
	url_free(&u);
	url_init(&u, "", "blog");
	CHECK(u.origin == NULL && u.host == NULL);
	url_free(&u);
	url_init(&u, "ftp://files.example.org", NULL);
	CHECK(u.host == NULL);
	url_free(&u);
}

static void
served_is(const struct site_url *u, const char *path, int absolute,
    const char *want)
{
	char *got = url_on_site(u, path, strlen(path), absolute);

	CHECK_STR(got, want);
	free(got);
}

static void
test_on_site(void)
{
	struct site_url u;

	url_init(&u, "https://example.org/", "blog");
	served_is(&u, "/2020/01/a/", 0, "/blog/2020/01/a/");
	served_is(&u, "img/x.png", 0, "/blog/img/x.png");
	served_is(&u, "/2020/01/a/", 1, "https://example.org/blog/2020/01/a/");
	served_is(&u, "", 0, "/blog");
	url_free(&u);
	url_init(&u, NULL, NULL);
	served_is(&u, "/a/", 1, "/a/");
	served_is(&u, "a", 0, "/a");
	url_free(&u);
	served_is(NULL, "/a/", 1, "/a/");
}

static void
test_local(void)
{
	struct site_url u;

	url_init(&u, "https://example.org", "blog/");
	CHECK_STR(url_local(&u, "/blog/2020/a/"), "/2020/a/");
	CHECK_STR(url_local(&u, "/2020/a/"), "/2020/a/");
	CHECK_STR(url_local(&u, "/blogger/a"), "/blogger/a");
	CHECK_STR(url_local(&u, "/blog"), "/");
	CHECK_STR(url_local(&u, "https://example.org/blog/a?x#y"), "/a?x#y");
	CHECK_STR(url_local(&u, "http://EXAMPLE.org/a"), "/a");
	CHECK_STR(url_local(&u, "//example.org/blog/a"), "/a");
	CHECK_STR(url_local(&u, "https://example.org"), "/");
	CHECK(url_local(&u, "https://example.org.evil/a") == NULL);
	CHECK(url_local(&u, "https://www.example.org/a") == NULL);
	CHECK(url_local(&u, "ftp://example.org/a") == NULL);
	CHECK(url_local(&u, "http:a") == NULL);
	CHECK(url_local(&u, "a/b") == NULL);
	CHECK(url_local(&u, "#x") == NULL);
	url_free(&u);

	/* A url with a path of its own: links must be under it. */
	url_init(&u, "https://someone.github.io/repo/", NULL);
	CHECK_STR(url_local(&u, "https://someone.github.io/repo/a.png"),
	    "/a.png");
	CHECK(url_local(&u, "https://someone.github.io/repository/a") ==
	    NULL);
	CHECK(url_local(&u, "https://someone.github.io/a") == NULL);
	url_free(&u);

	/* No site: paths only. */
	CHECK_STR(url_local(NULL, "/a"), "/a");
	CHECK(url_local(NULL, "https://example.org/a") == NULL);
}

static void
test_scheme(void)
{
	CHECK(url_scheme("https://x") == 6);
	CHECK(url_scheme("mailto:a@b") == 7);
	CHECK(url_scheme("//x") == 0);
	CHECK(url_scheme("C:\\x") == 0);
	CHECK(url_scheme("a/b:c") == 0);
	CHECK_STR(url_web("HTTP://x"), "//x");
	CHECK_STR(url_web("/x"), "/x");
	CHECK(url_web("data:x") == NULL);
}

int
main(void)
{
	test_init();
	test_on_site();
	test_local();
	test_scheme();
	return check_done();
}
