/* test-tomlmap.c - TOML 1.0 through toml++ into the yamlmap tree. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "diag.h"
#include "tomlmap.h"
#include "util.h"

static struct ynode *
parse(const char *text)
{
	struct ynode *root = NULL;

	CHECK(tomlmap_parse("t.toml", 1, text, strlen(text), &root) == 0);
	return root;
}

/* The scalar at a dotted path ("a.b.0.c": numbers index sequences). */
static const char *
at(const struct ynode *n, const char *path)
{
	char *copy = xstrdup(path), *part, *save = NULL;
	const char *v;

	for (part = strtok_r(copy, ".", &save); part != NULL && n != NULL;
	    part = strtok_r(NULL, ".", &save)) {
		if (n->type == YNODE_SEQ) {
			size_t i = (size_t)atoi(part);

			n = i < n->n ? &n->items[i] : NULL;
		} else
			n = yamlmap_get(n, part);
	}
	free(copy);
	v = yamlmap_str(n);
	return v;
}

static const char *
error_of(const char *text, unsigned first_line)
{
	struct ynode *root = (struct ynode *)1;
	unsigned before = diag_errors();

	capture_begin();
	CHECK(tomlmap_parse("t.toml", first_line, text, strlen(text),
	    &root) == -1);
	capture_end();
	CHECK(root == NULL);
	CHECK(diag_errors() == before + 1);
	return errtext;
}

/* The specification's own examples, section by section. */
static void
test_spec(void)
{
	struct ynode *r = parse(
	    "# This is a TOML document\n"
	    "title = \"TOML Example\"\n"
	    "[owner]\n"
	    "name = \"Tom Preston-Werner\"\n"
	    "dob = 1979-05-27T07:32:00-08:00\n"
	    "[database]\n"
	    "enabled = true\n"
	    "ports = [ 8000, 8001, 8002 ]\n"
	    "data = [ [\"delta\", \"phi\"], [3.14] ]\n"
	    "temp_targets = { cpu = 79.5, case = 72.0 }\n"
	    "[servers]\n"
	    "[servers.alpha]\n"
	    "ip = \"10.0.0.1\"\n"
	    "role = \"frontend\"\n"
	    "[servers.beta]\n"
	    "ip = \"10.0.0.2\"\n");

	CHECK_STR(at(r, "title"), "TOML Example");
	CHECK_STR(at(r, "owner.dob"), "1979-05-27T07:32:00-08:00");
	CHECK_STR(at(r, "database.enabled"), "true");
	CHECK_STR(at(r, "database.ports.2"), "8002");
	CHECK_STR(at(r, "database.data.0.1"), "phi");
	CHECK_STR(at(r, "database.data.1.0"), "3.14");
	CHECK_STR(at(r, "database.temp_targets.case"), "72");
	CHECK_STR(at(r, "servers.alpha.role"), "frontend");
	CHECK_STR(at(r, "servers.beta.ip"), "10.0.0.2");
	/* Lines are the file's. */
	CHECK(yamlmap_get(yamlmap_get(r, "servers"), "beta") != NULL &&
	    yamlmap_get(yamlmap_get(yamlmap_get(r, "servers"), "beta"),
	    "ip")->line == 16);
	yamlmap_free(r);

	/* Strings: basic escapes, multi-line with line-ending backslash,
	 * literal, multi-line literal; keys: bare, quoted, dotted. */
	r = parse(
	    "str = \"I'm a string. \\\"You can quote me\\\". Tab\\t\\u00E9\"\n"
	    "str1 = \"\"\"\nRoses are red\nViolets are blue\"\"\"\n"
	    "str2 = \"\"\"\\\n  The quick brown \\\n  fox.\"\"\"\n"
	    "winpath = 'C:\\Users\\nodejs'\n"
	    "lines = '''\nThe first newline is\ntrimmed.'''\n"
	    "\"quoted key\" = 1\n"
	    "physical.color = \"orange\"\n"
	    "site.\"google.com\" = true\n");
	CHECK_STR(at(r, "str"), "I'm a string. \"You can quote me\". "
	    "Tab\t\xC3\xA9");
	CHECK_STR(at(r, "str1"), "Roses are red\nViolets are blue");
	CHECK_STR(at(r, "str2"), "The quick brown fox.");
	CHECK_STR(at(r, "winpath"), "C:\\Users\\nodejs");
	CHECK_STR(at(r, "lines"), "The first newline is\ntrimmed.");
	CHECK_STR(at(r, "quoted key"), "1");
	CHECK_STR(at(r, "physical.color"), "orange");
	CHECK_STR(yamlmap_str(yamlmap_get(yamlmap_get(r, "site"),
	    "google.com")), "true");
	yamlmap_free(r);

	/* Numbers, dates and times of every kind. */
	r = parse(
	    "hex = 0xDEADBEEF\noct = 0o755\nbin = 0b11010110\n"
	    "big = 1_000_000\nneg = -17\nexp = 5e+22\n"
	    "odt = 1979-05-27T00:32:00.999999-07:00\n"
	    "ldt = 1979-05-27 07:32:00\n"
	    "ld = 1979-05-27\nlt = 00:32:00.5\n"
	    "utc = 1979-05-27T07:32:00Z\n");
	CHECK_STR(at(r, "hex"), "3735928559");
	CHECK_STR(at(r, "oct"), "493");
	CHECK_STR(at(r, "bin"), "214");
	CHECK_STR(at(r, "big"), "1000000");
	CHECK_STR(at(r, "neg"), "-17");
	CHECK_STR(at(r, "exp"), "5e+22");
	CHECK_STR(at(r, "odt"), "1979-05-27T00:32:00.999999000-07:00");
	CHECK_STR(at(r, "ldt"), "1979-05-27T07:32:00");
	CHECK_STR(at(r, "ld"), "1979-05-27");
	CHECK_STR(at(r, "lt"), "00:32:00.500000000");
	CHECK_STR(at(r, "utc"), "1979-05-27T07:32:00+00:00");
	yamlmap_free(r);

	/* Arrays of tables, and tables under them. */
	r = parse(
	    "[[fruits]]\nname = \"apple\"\n"
	    "[fruits.physical]\ncolor = \"red\"\n"
	    "[[fruits.varieties]]\nname = \"red delicious\"\n"
	    "[[fruits.varieties]]\nname = \"granny smith\"\n"
	    "[[fruits]]\nname = \"banana\"\n"
	    "[[fruits.varieties]]\nname = \"plantain\"\n");
	CHECK_STR(at(r, "fruits.0.name"), "apple");
	CHECK_STR(at(r, "fruits.0.physical.color"), "red");
	CHECK_STR(at(r, "fruits.0.varieties.1.name"), "granny smith");
	CHECK_STR(at(r, "fruits.1.varieties.0.name"), "plantain");
	yamlmap_free(r);

	/* Letters beyond ASCII after a line-ending backslash (where
	 * toml++ 3.3.0 would run into undefined behaviour), in comments,
	 * keys and strings of every kind. */
	r = parse("# \xC3\xA9t\xC3\xA9 comment\n"
	    "a = \"\"\"x \\\n  \xC3\xA9t\xC3\xA9 \\  \n\n \xF0\x9F\x98\x80\"\"\"\n"
	    "\"k\xC3\xA9\" = '\xC3\xBC'\n"
	    "b = '''\\\n\xC3\xA9'''\n"
	    "c = \"\"\"q\"\"\"\"\"  # \xC3\xA9\n");
	CHECK_STR(at(r, "a"), "x \xC3\xA9t\xC3\xA9 \xF0\x9F\x98\x80");
	CHECK_STR(yamlmap_str(yamlmap_get(r, "k\xC3\xA9")), "\xC3\xBC");
	CHECK_STR(at(r, "b"), "\\\n\xC3\xA9");
	CHECK_STR(at(r, "c"), "q\"\"");
	CHECK(yamlmap_get(r, "c")->line == 9);
	yamlmap_free(r);

	/* Arrays whose lines open with '[' are not table headers. */
	r = parse("a = [\n  [1, 2],\n  [ [3] ],\n]\n[t]\nb = { c = [\n[4]] }\n");
	CHECK_STR(at(r, "a.1.0.0"), "3");
	CHECK_STR(at(r, "t.b.c.0.0"), "4");
	yamlmap_free(r);

	/* An empty document is an empty table. */
	r = parse("# nothing\n");
	CHECK(r != NULL && r->type == YNODE_MAP && r->n == 0);
	yamlmap_free(r);
}

static void
test_errors(void)
{
	const char *e;
	struct buf b = {0};

	/* Lines count from where the TOML starts in the file. */
	e = error_of("title = \"x\"\ntitle = \"y\"\n", 2);
	CHECK(strstr(e, "t.toml:3: error: TOML: ") != NULL);
	e = error_of("a = \"unclosed\n", 1);
	CHECK(strstr(e, "t.toml:1: error: TOML: ") != NULL);
	e = error_of("ok = 1\n[table\n", 10);
	CHECK(strstr(e, "t.toml:11: error: TOML: ") != NULL);
	e = error_of("d = 1979-02-30\n", 1);
	CHECK(strstr(e, "t.toml:1: error: TOML: ") != NULL);
	/* Beyond ASCII outside strings: refused before toml++ sees it. */
	e = error_of("a = 1\nt = \xC3\xA9\n", 4);
	CHECK(strstr(e, "t.toml:5: error: TOML: '\xC3\xA9' outside a "
	    "string or comment") != NULL);
	e = error_of("\xC3\xA9t\xC3\xA9 = 1\n", 1);
	CHECK(strstr(e, "t.toml:1: error: TOML: ") != NULL);
	/* toml++ 3.3.0 asserts on these: refused before it. */
	e = error_of("a = 1\n[@a]\n", 1);
	CHECK(strstr(e, "t.toml:2: error: TOML: a table header without a "
	    "name") != NULL);
	e = error_of("[[ ]]\n", 1);
	CHECK(strstr(e, "a table header without a name") != NULL);
	e = error_of("  [", 1);
	CHECK(strstr(e, "a table header without a name") != NULL);
	e = error_of("x = [1, 2\n", 1);
	CHECK(strstr(e, "error: TOML: ") != NULL);

	/* Nesting: inline arrays past the cap fail in toml++; dotted
	 * table names past it fail in the bridge. */
	buf_puts(&b, "x = ");
	for (int i = 0; i < 200; i++)
		buf_putc(&b, '[');
	e = error_of(b.data, 1);
	CHECK(strstr(e, "t.toml:1: error: TOML: ") != NULL);
	buf_free(&b);
	buf_puts(&b, "[a");
	for (int i = 0; i < 100; i++)
		buf_puts(&b, ".a");
	buf_puts(&b, "]\nx = 1\n");
	e = error_of(b.data, 1);
	CHECK(strstr(e, "nested more than 64 deep") != NULL);
	buf_free(&b);
}

int
main(void)
{
	test_spec();
	test_errors();
	return check_done();
}
