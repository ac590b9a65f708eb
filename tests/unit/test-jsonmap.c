/* test-jsonmap.c - JSON into the yamlmap tree: values, escapes, errors. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "diag.h"
#include "jsonmap.h"
#include "util.h"

static struct ynode *
parse(const char *text, size_t *end)
{
	struct ynode *root = NULL;
	size_t e;

	CHECK(jsonmap_parse("j.json", 1, text, strlen(text), &root,
	    end ? end : &e) == 0);
	return root;
}

static const char *
error_of(const char *text)
{
	struct ynode *root = (struct ynode *)1;
	unsigned before = diag_errors();
	size_t end;

	capture_begin();
	CHECK(jsonmap_parse("j.json", 5, text, strlen(text), &root,
	    &end) == -1);
	capture_end();
	CHECK(root == NULL);
	CHECK(diag_errors() == before + 1);
	return errtext;
}

static void
test_values(void)
{
	static const char text[] =
	    " {\n \"title\": \"A \\\"quoted\\\" \\u00e9t\\u00e9\",\n"
	    " \"n\": -12.5e3, \"ok\": true, \"no\": false, \"nil\": null,\n"
	    " \"list\": [1, [2], {\"k\": \"v\"}], \"empty\": {},\n"
	    " \"emoji\": \"\\ud83d\\ude00\", \"esc\": \"\\/\\b\\f\\n\\r\\t\"\n}"
	    "\nbody text";
	size_t end;
	struct ynode *r = parse(text, &end);
	const struct ynode *l;

	CHECK(r->type == YNODE_MAP && r->n == 9);
	CHECK_STR(yamlmap_str(yamlmap_get(r, "title")),
	    "A \"quoted\" \xC3\xA9t\xC3\xA9");
	CHECK_STR(yamlmap_str(yamlmap_get(r, "n")), "-12.5e3");
	CHECK_STR(yamlmap_str(yamlmap_get(r, "ok")), "true");
	CHECK_STR(yamlmap_str(yamlmap_get(r, "no")), "false");
	CHECK(yamlmap_get(r, "nil")->null);
	l = yamlmap_get(r, "list");
	CHECK(l->type == YNODE_SEQ && l->n == 3);
	CHECK(l->items[1].type == YNODE_SEQ);
	CHECK_STR(yamlmap_str(yamlmap_get(&l->items[2], "k")), "v");
	CHECK(yamlmap_get(r, "empty")->type == YNODE_MAP);
	CHECK_STR(yamlmap_str(yamlmap_get(r, "emoji")), "\xF0\x9F\x98\x80");
	CHECK_STR(yamlmap_str(yamlmap_get(r, "esc")), "/\b\f\n\r\t");
	/* Lines are the file's; the body follows the value. */
	CHECK(yamlmap_get(r, "n")->line == 3);
	CHECK(yamlmap_get(r, "emoji")->line == 5);
	CHECK_STR(text + end, "\nbody text");
	yamlmap_free(r);
}

static void
test_errors(void)
{
	static const struct {
		const char *text, *want;
	} cases[] = {
		{ "{\"a\": }", "j.json:5: error: JSON: expected a value" },
		{ "{\"a\" 1}", "expected ':' after a key" },
		{ "{a: 1}", "expected a \"key\"" },
		{ "{\"a\": 1,\n\n \"b\": 2", "j.json:7: error: JSON: expected "
		    "',' or '}' at the end" },
		{ "[1 2]", "expected ',' or ']'" },
		{ "\"abc", "a string that is never closed" },
		{ "\"a\\qb\"", "an unknown escape" },
		{ "\"\\u12\"", "a bad \\u escape" },
		{ "\"\\ud800x\"", "a lone UTF-16 surrogate" },
		{ "\"\\udc00\"", "a lone UTF-16 surrogate" },
		{ "\"\\u0000\"", "NUL" },
		{ "\"tab\there\"", "a control character inside a string" },
		{ "01", NULL },		/* "0" then "1": the caller's problem */
		{ "-", "expected a value" },
		{ "1.", "expected a value" },
		{ "1e", "expected a value" },
		{ "tru", "expected a value" },
	};
	struct buf b = {0};
	const char *e;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (cases[i].want == NULL)
			continue;
		e = error_of(cases[i].text);
		if (strstr(e, cases[i].want) == NULL)
			fprintf(stderr, "case %zu: got %s", i, e);
		CHECK(strstr(e, cases[i].want) != NULL);
	}
	/* Nesting is capped, however deep the input goes. */
	for (int i = 0; i < 100000; i++)
		buf_putc(&b, '[');
	e = error_of(b.data);
	CHECK(strstr(e, "nested more than 64 deep") != NULL);
	buf_free(&b);
	for (int i = 0; i < 64; i++)
		buf_puts(&b, "{\"a\":");
	buf_puts(&b, "1");
	for (int i = 0; i < 64; i++)
		buf_putc(&b, '}');
	{
		struct ynode *r = parse(b.data, NULL);

		yamlmap_free(r);
	}
	buf_free(&b);
}

int
main(void)
{
	test_values();
	test_errors();
	return check_done();
}
