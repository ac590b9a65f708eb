/*
 * test-passes.c - a booklet's numbering passes and what they report: a
 * post's warnings once however often it is read again, and a warning
 * when the page numbers do not settle (booklet_opts.max_passes makes
 * such a book: after one pass the numbers are never settled, as the
 * first pass counts every post's pages afresh).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "booklet.h"
#include "check.h"
#include "util.h"

static char root[256];

static void
mk_file(const char *rel, const char *text)
{
	char *path = xasprintf("%s/%s", root, rel);
	FILE *f = fopen(path, "w");

	CHECK(f != NULL);
	if (f != NULL) {
		fputs(text, f);
		fclose(f);
	}
	free(path);
}

/* How often needle is in hay. */
static int
count(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

/* Makes the book with at most passes passes (0: the usual); returns
 * its exit and what it said in errtext. */
static int
book(int passes)
{
	char *posts = xasprintf("%s/_posts", root);
	char *out = xasprintf("%s/book.pdf", root);
	/* fontconfig takes relative paths from its own folder. */
	char *data = realpath("../..", NULL);
	struct booklet_opts o = { .inputs = &posts, .ninputs = 1,
		.output = out, .datadir = data, .now = 2000000000,
		.max_passes = passes };
	int rc;

	capture_begin();
	rc = booklet_render(&o);
	capture_end();
	free(posts);
	free(out);
	free(data);
	return rc;
}

int
main(void)
{
	struct buf long_text = {0};

	snprintf(root, sizeof(root), "%s/quire-passes-XXXXXX",
	    getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") :
	    "/tmp");
	if (mkdtemp(root) == NULL) {
		perror(root);
		return 1;
	}
	mk_file("_config.yml", "title: Passes\nurl: https://example.org\n");
	{
		char *d = xasprintf("%s/_posts", root);

		mkdir(d, 0777);
		free(d);
	}
	/* The first post refers to the last and has a warning of its own:
	 * it is read in the first pass, again in the second (its reference
	 * moved), and again to be drawn. */
	mk_file("_posts/2020-01-01-one.md", "---\ntitle: One\n---\n\n"
	    "See [the last](/2020/01/05/five.html).\n\n![x](missing.png)\n");
	for (int i = 0; i < 40; i++)
		buf_puts(&long_text, "A sentence to fill the pages of a post "
		    "that runs over several of them, so that guesses miss. ");
	for (int i = 2; i <= 5; i++) {
		char name[64], *text;

		snprintf(name, sizeof(name), "_posts/2020-01-%02d-%s.md", i,
		    (const char *[]){ "", "", "two", "three", "four",
		    "five" }[i]);
		text = xasprintf("---\ntitle: Post %d\n---\n\n%s\n\n%s\n\n%s\n",
		    i, long_text.data, long_text.data, long_text.data);
		mk_file(name, text);
		free(text);
	}
	buf_free(&long_text);

	CHECK(book(0) == 0);
	CHECK(count(errtext, "missing.png") == 1);
	CHECK(count(errtext, "did not settle") == 0);
	if (check_failed)
		fprintf(stderr, "stderr:\n%s", errtext);

	CHECK(book(1) == 0);
	CHECK(count(errtext, "missing.png") == 1);
	CHECK(count(errtext, "warning: page numbers did not settle in 1 "
	    "passes") == 1);
	if (check_failed)
		fprintf(stderr, "stderr:\n%s", errtext);
	{
		char *cmd = xasprintf("rm -rf '%s'", root);

		if (system(cmd) != 0)
			CHECK(0);
		free(cmd);
	}
	return check_done();
}
