/* test-codeopts.c - a code block's options in Hugo's, Jekyll's and
 * Gatsby's spellings, and written back as a fence's info. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "codeopts.h"

struct opts_case {
	const char	*in;
	enum codeopts_form form;
	int		 rc;
	const char	*info;	/* codeopts_info of the result */
};

static const struct opts_case cases[] = {
	/* the highlight shortcode's string */
	{ "linenos=table, hl_lines=3 6-8, style=emacs", CODEOPTS_LIST, 0,
	  " {linenos=true hl_lines=[3,\"6-8\"]}" },
	{ "linenos=table,hl_lines=8 15-17,linenostart=199", CODEOPTS_LIST, 0,
	  " {linenos=true linenostart=199 hl_lines=[8,\"15-17\"]}" },
	{ "LineNoStart=\"0\"", CODEOPTS_LIST, 0, " {linenostart=0}" },
	{ "linenostart=1, linenostart=x", CODEOPTS_LIST, 0, "" },
	{ "linenostart=1000001", CODEOPTS_LIST, 0, "" },
	{ "LineNos=Inline", CODEOPTS_LIST, 0, " {linenos=true}" },
	{ " linenos = table , hl_lines = 2 ", CODEOPTS_LIST, 0,
	  " {linenos=true hl_lines=[2]}" },
	{ "linenos=false, hl_lines=2", CODEOPTS_LIST, 0, " {hl_lines=[2]}" },
	{ "style=monokai", CODEOPTS_LIST, 0, "" },
	{ "", CODEOPTS_LIST, 0, "" },
	{ NULL, CODEOPTS_LIST, 0, "" },
	/* overlapping, touching, reversed and unordered spans merge */
	{ "hl_lines=7 2-3 4 9-8 3", CODEOPTS_LIST, 0,
	  " {hl_lines=[\"2-4\",\"7-9\"]}" },
	{ "hl_lines=0 2", CODEOPTS_LIST, 0, " {hl_lines=[2]}" },
	/* a fence's attributes */
	{ " {linenos=inline hl_lines=[3,\"6-8\"] style=emacs}", CODEOPTS_ATTRS,
	  0, " {linenos=true hl_lines=[3,\"6-8\"]}" },
	{ "{hl_lines=[2,\"4-6\"]}", CODEOPTS_ATTRS, 0,
	  " {hl_lines=[2,\"4-6\"]}" },
	{ "{hl_lines=\"2-3\", linenos=true}", CODEOPTS_ATTRS, 0,
	  " {linenos=true hl_lines=[\"2-3\"]}" },
	{ "{title=\"a, b\" .x #y hl_lines=[ 5 ]}", CODEOPTS_ATTRS, 0,
	  " {hl_lines=[5]}" },
	/* Gatsby's, Docusaurus' and Astro's bare lines */
	{ "{1,4-6}", CODEOPTS_ATTRS, 0, " {hl_lines=[1,\"4-6\"]}" },
	{ " title=\"x.js\" {2}", CODEOPTS_ATTRS, 0, " {hl_lines=[2]}" },
	/* Jekyll's highlight tag */
	{ " linenos", CODEOPTS_ATTRS, 0, " {linenos=true}" },
	{ " linenos mark_lines=\"1 2 5\"", CODEOPTS_ATTRS, 0,
	  " {linenos=true hl_lines=[\"1-2\",5]}" },
	{ " hl_lines=1_3_5", CODEOPTS_ATTRS, 0, " {hl_lines=[1,3,5]}" },
	/* what codeopts_info writes reads back the same */
	{ " {linenos=true hl_lines=[\"2-4\",7]}", CODEOPTS_ATTRS, 0,
	  " {linenos=true hl_lines=[\"2-4\",7]}" },
	{ " {linenos=true linenostart=5 hl_lines=[2]}", CODEOPTS_ATTRS, 0,
	  " {linenos=true linenostart=5 hl_lines=[2]}" },
	/* not lines: refused whole */
	{ "hl_lines=2 three", CODEOPTS_LIST, -1, "" },
	{ "linenos=true, hl_lines=2-", CODEOPTS_LIST, -1, " {linenos=true}" },
	{ "{hl_lines=[2,\"x\"]}", CODEOPTS_ATTRS, -1, "" },
	{ "{hl_lines=[2x]}", CODEOPTS_ATTRS, -1, "" },
	{ "{hl_lines=1000001}", CODEOPTS_ATTRS, -1, "" },
	{ "{hl_lines=99999999999999999999}", CODEOPTS_ATTRS, -1, "" },
	{ "{1,2a}", CODEOPTS_ATTRS, -1, "" },
	/* unclosed quotes and lists end at the end */
	{ "{hl_lines=\"2 3", CODEOPTS_ATTRS, 0, " {hl_lines=[\"2-3\"]}" },
	{ "{hl_lines=[2,\"3", CODEOPTS_ATTRS, 0, " {hl_lines=[\"2-3\"]}" },
};

static void
test_cases(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct codeopts o;
		struct buf b = {0};
		char *bad;
		int rc = codeopts_parse(cases[i].in, cases[i].form, &o, &bad);

		if (rc != cases[i].rc)
			fprintf(stderr, "case %zu: rc %d\n", i, rc);
		CHECK(rc == cases[i].rc);
		CHECK((bad != NULL) == (rc == -1));
		codeopts_info(&o, &b);
		CHECK_STR(b.data ? b.data : "", cases[i].info);
		buf_free(&b);
		free(bad);
		codeopts_free(&o);
	}
}

/* The value that was not read is told back. */
static void
test_bad(void)
{
	struct codeopts o;
	char *bad;

	CHECK(codeopts_parse("linenos=1, hl_lines=2 three ,x=y",
	    CODEOPTS_LIST, &o, &bad) == -1);
	CHECK_STR(bad, "2 three");
	CHECK(o.linenos == 1 && o.nmarked == 0 && o.marked == NULL);
	free(bad);
	codeopts_free(&o);
	CHECK(codeopts_parse("{mark_lines=\"4 y\"}", CODEOPTS_ATTRS, &o,
	    &bad) == -1);
	CHECK_STR(bad, "\"4 y\"");
	free(bad);
	codeopts_free(&o);
}

/* More spans than the bound are refused; as many are taken. */
static void
test_bound(void)
{
	struct buf in = {0};
	struct codeopts o;
	char *bad;

	buf_puts(&in, "hl_lines=");
	for (int i = 0; i < CODEOPTS_MAX_SPANS; i++)
		buf_printf(&in, "%d ", 2 * i + 1);
	CHECK(codeopts_parse(in.data, CODEOPTS_LIST, &o, &bad) == 0);
	CHECK(o.nmarked == CODEOPTS_MAX_SPANS);
	CHECK(o.marked[CODEOPTS_MAX_SPANS - 1].first ==
	    2 * CODEOPTS_MAX_SPANS - 1);
	codeopts_free(&o);
	buf_puts(&in, "99999");
	CHECK(codeopts_parse(in.data, CODEOPTS_LIST, &o, &bad) == -1);
	CHECK(o.nmarked == 0);
	free(bad);
	codeopts_free(&o);
	buf_free(&in);
}

int
main(void)
{
	test_cases();
	test_bad();
	test_bound();
	return check_done();
}
