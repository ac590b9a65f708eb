/*
 * test-spacedest.c - link and picture destinations with spaces written
 * in <...>, titles kept, code and fences untouched, lines kept.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "spacedest.h"

struct sd_case {
	const char	*in;
	const char	*want;
};

static const struct sd_case cases[] = {
	{ "![alt](images/my chart.png)\n", "![alt](<images/my chart.png>)\n" },
	{ "![x]({static}/images/two words.png)",
	  "![x](<{static}/images/two words.png>)" },
	{ "[a](b c.html \"The title\") and [d](e f 'g h')\n",
	  "[a](<b c.html> \"The title\") and [d](<e f> 'g h')\n" },
	{ "![t](  spaced  name.png  )", "![t](<spaced  name.png>)" },
	{ "[w](https://en.wikipedia.org/wiki/A_(b c))",
	  "[w](<https://en.wikipedia.org/wiki/A_(b c)>)" },
	/* nothing to do */
	{ "![a](b.png) [c](d \"e f\")\n", "![a](b.png) [c](d \"e f\")\n" },
	{ "![a](<b c.png>)", "![a](<b c.png>)" },
	{ "[a](b\\ c)", "[a](b\\ c)" },
	{ "[a](b\nc d)\n", "[a](b\nc d)\n" },
	{ "[a](b c\n", "[a](b c\n" },
	{ "](", "](" },
	{ "", "" },
	/* code spans, fences and indented code stay */
	{ "`![](c d.png)` and ![](e f.png)\n",
	  "`![](c d.png)` and ![](<e f.png>)\n" },
	{ "``a ` ![](c d.png)`` ![](e f)", "``a ` ![](c d.png)`` ![](<e f>)" },
	{ "` ![](e f)", "` ![](<e f>)" },
	{ "```md\n![](c d.png)\n```\n![](e f)\n",
	  "```md\n![](c d.png)\n```\n![](<e f>)\n" },
	{ "~~~~\n![](c d)\n~~~\n![](c d)\n~~~~\n![](e f)",
	  "~~~~\n![](c d)\n~~~\n![](c d)\n~~~~\n![](<e f>)" },
	{ "Text\n\n    ![](c d)\n\n    ![](c d)\nText ![](e f)\n",
	  "Text\n\n    ![](c d)\n\n    ![](c d)\nText ![](<e f>)\n" },
	/* four columns inside a paragraph are no code */
	{ "Text\n    ![](e f)\n", "Text\n    ![](<e f>)\n" },
	{ "a\r\n![](e f)\r\n", "a\r\n![](<e f>)\r\n" },
};

int
main(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t n;
		char *got = spacedest_rewrite(cases[i].in, strlen(cases[i].in),
		    &n);

		CHECK_STR(got, cases[i].want);
		CHECK(n == strlen(got));
		free(got);
	}
	/* Not NUL-terminated: only len bytes are read. */
	{
		char s[] = { '[', 'a', ']', '(', 'b', ' ', 'c', ')', 'X' };
		size_t n;
		char *got = spacedest_rewrite(s, 8, &n);

		CHECK_STR(got, "[a](<b c>)");
		free(got);
	}
	return check_done();
}
