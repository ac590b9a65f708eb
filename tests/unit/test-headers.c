/* test-headers.c - Pelican / MultiMarkdown "Key: value" headers. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <string.h>

#include "check.h"
#include "headers.h"

static void
test_present(void)
{
	static const char *const yes[] = {
		"Title: x\n", "title:", "TITLE: Shouting\n\nBody",
	};
	static const char *const pelican_only[] = {
		"Date: 2020-01-01\nTitle: x\n", "Some_key: v\n", "a-b: c",
	};
	static const char *const no[] = {
		"Note: this opens a plain post", "http://example.org\n",
		"# Title: not a header\n", ": empty key\n", "",
		"Title of the post\n", "---\ntitle: x\n---\n",
		"title:x",	/* a blank after the colon, or "http:" counts */
	};

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		CHECK(headers_present(yes[i], strlen(yes[i]), 0));
	for (size_t i = 0; i < sizeof(pelican_only) / sizeof(*pelican_only);
	    i++) {
		CHECK(!headers_present(pelican_only[i],
		    strlen(pelican_only[i]), 0));
		CHECK(headers_present(pelican_only[i],
		    strlen(pelican_only[i]), 1));
	}
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		CHECK(!headers_present(no[i], strlen(no[i]), 0));
	/* "Note: ..." is only a header on a Pelican site. */
	CHECK(headers_present(no[0], strlen(no[0]), 1));
	/* A key longer than the cap is a paragraph. */
	{
		char big[HEADERS_MAX_KEY + 8];

		memset(big, 'k', HEADERS_MAX_KEY + 1);
		memcpy(big + HEADERS_MAX_KEY + 1, ": v", 4);
		CHECK(!headers_present(big, strlen(big), 1));
		big[HEADERS_MAX_KEY] = ':';
		big[HEADERS_MAX_KEY + 1] = ' ';
		CHECK(headers_present(big, strlen(big), 1));
	}
}

static void
test_parse(void)
{
	static const char text[] =
	    "Title: First light\n"
	    "Date: 2023-04-22 05:40\n"
	    "Tags: waders, spring ,, dawn chorus\n"
	    "Authors: Kofi Mensah, Ada Brown\n"
	    "Summary: Curlews before\n"
	    "    sunrise, and a snipe.\n"
	    "Status: Draft\n"
	    "\n"
	    "Body: not a header.\n";
	size_t end;
	struct ynode *r = headers_parse(3, text, strlen(text), &end);
	const struct ynode *tags;

	CHECK(r->type == YNODE_MAP && r->n == 6);
	CHECK_STR(yamlmap_str(yamlmap_get(r, "title")), "First light");
	CHECK(yamlmap_get(r, "title")->line == 3);
	CHECK_STR(yamlmap_str(yamlmap_get(r, "date")), "2023-04-22 05:40");
	tags = yamlmap_get(r, "tags");
	CHECK(tags->type == YNODE_SEQ && tags->n == 3);
	CHECK_STR(yamlmap_str(&tags->items[2]), "dawn chorus");
	CHECK(yamlmap_get(r, "authors")->n == 2);
	CHECK_STR(yamlmap_str(yamlmap_get(r, "summary")),
	    "Curlews before sunrise, and a snipe.");
	CHECK_STR(yamlmap_str(yamlmap_get(r, "draft")), "true");
	CHECK(yamlmap_get(r, "status") == NULL);
	CHECK_STR(text + end, "Body: not a header.\n");
	yamlmap_free(r);

	/* The first line that is no header starts the body. */
	r = headers_parse(1, "Title: x\nJust text\n", 19, &end);
	CHECK(r->n == 1 && end == 9);
	yamlmap_free(r);
	/* To the end of the text, without a newline. */
	r = headers_parse(1, "Title: x", 8, &end);
	CHECK(r->n == 1 && end == 8);
	yamlmap_free(r);
	/* An empty value is none. */
	r = headers_parse(1, "Title: x\nCategory: \nTags:\n\n", 27, &end);
	CHECK(yamlmap_get(r, "category")->null);
	CHECK(yamlmap_get(r, "tags")->null);
	yamlmap_free(r);
	/* Status other than draft stays as written. */
	r = headers_parse(1, "Status: hidden\n", 15, &end);
	CHECK_STR(yamlmap_str(yamlmap_get(r, "status")), "hidden");
	yamlmap_free(r);
}

int
main(void)
{
	test_present();
	test_parse();
	return check_done();
}
