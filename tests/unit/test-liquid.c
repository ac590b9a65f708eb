/*
 * test-liquid.c - Liquid and kramdown rewriting: each rule as input and
 * expected output, the forms the devblackops corpus uses, line numbers
 * kept, warnings for unclosed blocks, and random input that must keep
 * its line count.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "diag.h"
#include "liquid.h"

#define TOC LIQUID_TOC_MARKER

static struct kv site[] = {
	{ "title", "My Blog" },
	{ "author.name", "Ann" },
	{ "url", "https://example.com/" },
	{ "baseurl", "/blog" },
	{ "multi", "one\ntwo" },
};
static struct kv page[] = {
	{ "title", "Post" },
};
/* The site's url and baseurl above, as site_load normalises them. */
static struct site_url web;
static const struct liquid_env env = {
	site, sizeof(site) / sizeof(site[0]),
	page, sizeof(page) / sizeof(page[0]),
	NULL, &web
};

struct rw_case {
	const char	*in;	/* post body */
	const char	*want;	/* CommonMark out */
	int		 warn;	/* a warning is expected */
};

static const struct rw_case cases[] = {
	/* highlight, as the corpus writes it */
	{ "{% highlight powershell linenos %}\nGet-Item\n{% endhighlight %}\n",
	  "```powershell {linenos=true}\nGet-Item\n```\n", 0 },
	{ "{% highlight powershell linenos  %}\nx\n{% endhighlight%}\n",
	  "```powershell {linenos=true}\nx\n```\n", 0 },
	{ "{% highlight powershell %}\r\nx\r\n{% endhighlight %}\r\n",
	  "```powershell\nx\r\n```\n", 0 },
	{ "{%- highlight  ruby  linenos=table -%}\nx\n{%- endhighlight -%}",
	  "```ruby {linenos=true}\nx\n```", 0 },
	{ "{% highlight ps hl_lines=\"1 2\" %}\nx\n{% endhighlight %}\n",
	  "```ps {hl_lines=[\"1-2\"]}\nx\n```\n", 0 },
	{ "{% highlight rb linenos mark_lines=\"3 5 4\" %}\nx\n"
	  "{% endhighlight %}\n",
	  "```rb {linenos=true hl_lines=[\"3-5\"]}\nx\n```\n", 0 },
	{ "{% highlight rb mark_lines=\"3 x\" %}\nx\n{% endhighlight %}\n",
	  "```rb\nx\n```\n", 1 },
	{ "{% highlight c`x %}\nx\n{% endhighlight %}\n",
	  "```cx\nx\n```\n", 0 },
	/* a fence longer than any backtick run in the code */
	{ "{% highlight markdown %}\nA ```x``` b\n{% endhighlight %}\n",
	  "````markdown\nA ```x``` b\n````\n", 0 },
	/* code sharing its line with the end tag, a blank line below */
	{ "{% highlight ps %}\nif (x) {\n    }{% endhighlight %}\n\nNext\n",
	  "```ps\nif (x) {\n    }\n```\nNext\n", 0 },
	{ "{% highlight ps %}\nx }{% endhighlight %}",
	  "```ps\nx }", 0 },
	{ "{% highlight ps %}\nx }{% endhighlight %}\n",
	  "```ps\nx }\n```", 0 },
	/* ... and no blank line below: code spans keep the lines */
	{ "{% highlight ps %}\na\n}{% endhighlight %}\nText\n",
	  "\n`a`  \n`}`\nText\n", 0 },
	/* code on the tag's line, text before it */
	{ "{% highlight ruby %}puts 1{% endhighlight %}\n",
	  "`puts 1`\n", 0 },
	{ "See {% highlight sh %}ls `x`{% endhighlight %} here\n",
	  "See `` ls `x` `` here\n", 0 },
	{ "See {% highlight sh %}`x`{% endhighlight %}\n",
	  "See `` `x` ``\n", 0 },
	{ "See {% highlight sh %}\nls\n{% endhighlight %}\n",
	  "See \n`ls`  \n\n", 0 },
	/* indented, as in a list item */
	{ "1. Step\n\n   {% highlight sh %}\n   ls\n   {% endhighlight %}\n",
	  "1. Step\n\n   ```sh\n   ls\n   ```\n", 0 },
	/* nothing but raw markers is read inside highlight */
	{ "{% highlight liquid %}\n{{ site.title }} {:x} {% include a %}\n"
	  "{% endhighlight %}\n",
	  "```liquid\n{{ site.title }} {:x} {% include a %}\n```\n", 0 },
	{ "{% highlight liquid %}\n{% raw %}\n{{ a }}{% endhighlight %}\n"
	  "{% endraw %}\n{% endhighlight %}\n",
	  "```liquid\n\n{{ a }}{% endhighlight %}\n\n```\n", 0 },
	/* unclosed: the rest is code */
	{ "a\n{% highlight ps %}\nx\n", "a\n```ps\nx\n", 1 },
	{ "{% endhighlight %}\n", "\n", 1 },
	/* Octopress's codeblock: a fence like highlight, its title above */
	{ "{% codeblock %}\n  a  b\n{% endcodeblock %}\n",
	  "```\n  a  b\n```\n", 0 },
	{ "{% codeblock lang:ruby %}\nputs 1\n{% endcodeblock %}\n",
	  "```ruby\nputs 1\n```\n", 0 },
	{ "{% codeblock Time to be Awesome! (awesome.rb) %}\nx\n"
	  "{% endcodeblock %}\n",
	  "```rb {title=\"Time to be Awesome! (awesome.rb)\"}\nx\n```\n", 0 },
	{ "{% codeblock Got pain? pain.sh http://x.org/pain.sh Get it! %}\n"
	  "$ rm -rf ~/PAIN\n{% endcodeblock %}\n",
	  "```sh {title=\"Got pain? pain.sh (Get it!: http://x.org/pain.sh)\"}"
	  "\n$ rm -rf ~/PAIN\n```\n", 0 },
	{ "{% codeblock Say \"hi\" `now` lang:plain /a.txt %}\nx\n"
	  "{% endcodeblock %}\n",
	  "``` {title=\"Say 'hi' 'now' (link: /a.txt)\"}\nx\n```\n", 0 },
	{ "{% codeblock lang:c %}\n{{ x }}\n}{% endcodeblock %}\n\nNext\n",
	  "```c\n{{ x }}\n}\n```\nNext\n", 0 },
	{ "a\n{% codeblock x.py %}\nx\n", "a\n```py {title=\"x.py\"}\nx\n", 1 },
	/* on a line with text: code spans, the title said to be lost */
	{ "See {% codeblock x.py %}x{% endcodeblock %}\n", "See `x`\n", 1 },
	{ "See {% codeblock %}x{% endcodeblock %}\n", "See `x`\n", 0 },
	{ "{% endcodeblock %}\n", "\n", 1 },

	/* include and other tags */
	{ "{% include series.html %}\nText\n",
	  LIQUID_SERIES_MARKER "\nText\n", 0 },
	{ "{% include footer.html %}\nText\n", "\nText\n", 0 },
	{ "{% include a.html\n  x=1 %}after\n", "\nafter\n", 0 },
	{ "{% if site.x %}\nyes\n{% else %}\nno\n{% endif %}\n",
	  "\nyes\n\nno\n\n", 0 },
	{ "{% for p in site.posts %}{{ p.title }}{% endfor %}x", "x", 0 },
	{ "a  {%- assign x = 1 -%}  b", "ab", 0 },
	{ "a {% assign x = 1 %} b", "a  b", 0 },
	/* post_url: where the site serves the post, base included */
	{ "[p]({% post_url 2019-01-06-some-title %})",
	  "[p](https://example.com/blog/2019/01/06/some-title.html)", 0 },
	{ "[p]({% post_url cat/2019-01-06-x %})",
	  "[p](https://example.com/blog/2019/01/06/x.html)", 0 },
	{ "[p]({% post_url nodate %})", "[p]()", 1 },
	/* Octopress's img: a picture; other plugins' tags shown, warned */
	{ "{% img /images/kiln.png %}", "<img src=\"/images/kiln.png\" alt=\"\">",
	  0 },
	{ "{% img left /i/k.png 400 300 The kiln <lit> %}",
	  "<img src=\"/i/k.png\" alt=\"The kiln &lt;lit&gt;\" "
	  "title=\"The kiln &lt;lit&gt;\">", 0 },
	{ "{% img http://x.org/k.png 'Kiln title' 'Kiln alt' %}",
	  "<img src=\"http://x.org/k.png\" alt=\"Kiln alt\" "
	  "title=\"Kiln title\">", 0 },
	{ "{% img no-address %}", "`{% img no-address %}`", 1 },
	{ "a {% youtube abc %} b", "a `{% youtube abc %}` b", 1 },
	{ "```\n{% gist 1 %}\n```", "```\n\n```", 1 },
	/* raw, comment, capture */
	{ "{% raw %}{{ a }} {% b %}{:x}{% endraw %}", "{{ a }} {% b %}{:x}",
	  0 },
	{ "{% raw %}\n{{ a }}\n{% endraw %}\nb", "\n{{ a }}\n\nb", 0 },
	{ "x\n{% raw %}\n{{ a }}\n", "x\n\n{{ a }}\n", 1 },
	{ "a{% comment %}\nx\ny{% endcomment %}b\n", "a\n\nb\n", 0 },
	{ "{% comment %}\nsecret\n", "\n\n", 1 },
	{ "{% capture x %}hi\n{% endcapture %}{{ x }}", "\n", 0 },

	/* outputs */
	{ "{{ site.title }} by {{ site.author.name }} - {{ page.title }}",
	  "My Blog by Ann - Post", 0 },
	{ "a{{ post.x }}b{{ site.nosuch }}c", "abc", 0 },
	{ "{{ site.url | append: \"/\" }}", "https://example.com//", 0 },
	{ "{{ site.title | prepend: 'The ' }}", "The My Blog", 0 },
	{ "{{ \"/x\" | relative_url }}", "/blog/x", 0 },
	{ "{{ 'img/a.png' | absolute_url }}",
	  "https://example.com/blog/img/a.png", 0 },
	{ "{{ \"https://o.org/a\" | relative_url }}", "https://o.org/a", 0 },
	{ "{{ page.missing | default: \"d\" }}", "d", 0 },
	{ "{{ site.title | upcase | escape }}", "My Blog", 0 },
	{ "{{ \"a|b\" | size }}", "a|b", 0 },
	{ "a {{- site.title -}} b", "aMy Blogb", 0 },
	{ "a{{ site.title }b", "aMy Blogb", 0 },
	{ "{{ site.multi }}\nx", "one two\nx", 0 },
	{ "{{ site.title\n}}x", "My Blog\nx", 0 },
	/* not Liquid: never closed */
	{ "100{% of\n", "100{% of\n", 1 },
	{ "a {{ b\n", "a {{ b\n", 1 },

	/* kramdown */
	{ "[t](u){:target=\"_blank\"}.\n", "[t](u).\n", 0 },
	{ "Para\n{: .note #id key=\"v\"}\n", "Para\n\n", 0 },
	{ "x{:a=\"\\}\"}y", "xy", 0 },
	{ "{:a => 1\n", "{:a => 1\n", 0 },
	{ "{::options parse_block_html=\"true\" /}\nx\n", "\nx\n", 0 },
	{ "{::nomarkdown}<b>x</b>{:/nomarkdown}", "<b>x</b>", 0 },
	{ "a\n{::comment}\nhidden\n{:/comment}\nb\n", "a\n\n\n\nb\n", 0 },
	{ "a{::comment}x{:/}b", "ab", 0 },
	{ "a{::comment}\nx\n", "a\n\n", 1 },
	{ "* TOC\n{:toc}\n\n# H\n", TOC "\n\n\n# H\n", 0 },
	{ "- TOC\r\n{:toc}\r\n", TOC "\n\n", 0 },
	{ "1. TOC\n  {: toc }", TOC "\n", 0 },
	{ "{:toc}\n", TOC "\n", 0 },
	{ "Text\n* TOC\n", "Text\n* TOC\n", 0 },

	/* code: Liquid yes (as Jekyll), kramdown no (as kramdown) */
	{ "```\n{{ site.title }} {:x}\n```\n{:y}",
	  "```\nMy Blog {:x}\n```\n", 0 },
	{ "~~~~\n{:x}\n~~~\n{:x}\n~~~~\n{:x}", "~~~~\n{:x}\n~~~\n{:x}\n~~~~\n",
	  0 },
	{ "`{:x}` {:y} ``a`{:z}`` {:w}", "`{:x}`  ``a`{:z}`` ", 0 },
	{ "\\`{:x}`", "\\``", 0 },
	{ "`{{ site.title }}`", "`My Blog`", 0 },
	{ "\n    {:x}\n\n    {:y}\nz{:w}\n", "\n    {:x}\n\n    {:y}\nz\n", 0 },
	{ "p\n    {:x}\n", "p\n    \n", 0 },
	{ "- a\n\n    b{:x}\n", "- a\n\n    b\n", 0 },
	{ "    {{ site.title }}", "    My Blog", 0 },

	{ "", "", 0 },
	{ "{", "{", 0 },
	{ "{%", "{%", 1 },
	{ "{%}", "{%}", 1 },
	{ "%}{{}}", "%}", 0 },
};

static unsigned
newlines(const char *s, size_t n)
{
	unsigned k = 0;

	while (n-- > 0)
		k += *s++ == '\n';
	return k;
}

static char *
rewrite(const char *in, size_t len, size_t *outlen)
{
	return liquid_rewrite("t.md", 1, in, len, &env, outlen);
}

static void
test_cases(void)
{
	const struct rw_case *c;
	size_t i, n;
	char *got;

	diag_set_silent(1);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		c = &cases[i];
		diag_reset();
		got = rewrite(c->in, strlen(c->in), &n);
		CHECK_STR(got, c->want);
		CHECK(n == strlen(got));
		CHECK(newlines(got, n) == newlines(c->in, strlen(c->in)));
		if (c->warn)
			CHECK(diag_worst() == DIAG_WARNING);
		else
			CHECK(diag_worst() == DIAG_NOTE);
		if ((diag_worst() == DIAG_WARNING) != c->warn)
			fprintf(stderr, "  (case %zu: %s)\n", i, c->in);
		free(got);
	}
	diag_set_silent(0);
}

/* Whether line k (1-based) of s[0..n) holds needle. */
static int
line_has(const char *s, size_t n, unsigned k, const char *needle)
{
	size_t a = 0, b;
	char *line;
	int found;

	while (--k > 0) {
		while (a < n && s[a] != '\n')
			a++;
		if (a++ >= n)
			return 0;
	}
	for (b = a; b < n && s[b] != '\n'; b++)
		continue;
	line = xstrndup(s + a, b - a);
	found = strstr(line, needle) != NULL;
	free(line);
	return found;
}

static void
test_lines(void)
{
	const char *in =
	    "L1 {% comment %}\n"			/* 1 */
	    "gone\n"					/* 2 */
	    "{% endcomment %}L3\n"			/* 3 */
	    "{% highlight ps %}\n"			/* 4 */
	    "L5 code\n"					/* 5 */
	    "{% endhighlight %}\n"			/* 6 */
	    "{% raw %}\n"				/* 7 */
	    "L8 {{ raw }}\n"				/* 8 */
	    "{% endraw %}L9\n"				/* 9 */
	    "{::comment}\n"				/* 10 */
	    "{:/comment}L11\n"				/* 11 */
	    "{% include a\n"				/* 12 */
	    "b=1 %}L13 {{ site.title\n"			/* 13 */
	    "}}L14\n"					/* 14 */
	    "{% highlight ps %}\n"			/* 15 */
	    "L16 }{% endhighlight %}\n"			/* 16 */
	    "\n"					/* 17 */
	    "L18\n";					/* 18 */
	size_t n;
	char *out;

	diag_reset();
	out = rewrite(in, strlen(in), &n);
	CHECK(newlines(out, n) == newlines(in, strlen(in)));
	CHECK(line_has(out, n, 1, "L1"));
	CHECK(!line_has(out, n, 2, "gone"));
	CHECK(line_has(out, n, 3, "L3"));
	CHECK(line_has(out, n, 4, "```ps"));
	CHECK(line_has(out, n, 5, "L5 code"));
	CHECK(line_has(out, n, 6, "```"));
	CHECK(line_has(out, n, 8, "L8 {{ raw }}"));
	CHECK(line_has(out, n, 9, "L9"));
	CHECK(line_has(out, n, 11, "L11"));
	CHECK(line_has(out, n, 13, "L13 My Blog"));
	CHECK(line_has(out, n, 14, "L14"));
	CHECK(line_has(out, n, 16, "L16 }"));
	CHECK(line_has(out, n, 17, "```"));
	CHECK(line_has(out, n, 18, "L18"));
	CHECK(diag_worst() == DIAG_NOTE);
	free(out);
}

/* Unclosed blocks are reported at the line that opened them. */
static void
test_warning_line(void)
{
	const char *in = "a\nb\n{% raw %}\nc\n";
	size_t n;
	char *out;

	/* Only the level can be observed; the line is in the message. */
	diag_reset();
	fprintf(stderr, "expect a warning at t.md:12:\n");
	out = liquid_rewrite("t.md", 10, in, strlen(in), &env, &n);
	CHECK(diag_worst() == DIAG_WARNING);
	CHECK(diag_errors() == 0);
	free(out);
}

static void
test_nul_and_env(void)
{
	static const char in[] = "a\0{{ site.title }}\0b{:x}";
	static const char want[] = "a\0My Blog\0b";
	struct liquid_env pretty = env;
	struct site_url x_org;
	size_t n;
	char *out;

	out = rewrite(in, sizeof(in) - 1, &n);
	CHECK(n == sizeof(want) - 1 && memcmp(out, want, n) == 0);
	free(out);

	/* Only the first len bytes are read. */
	out = rewrite("ab{{ site.title }}", 2, &n);
	CHECK_STR(out, "ab");
	free(out);

	pretty.permalink = "pretty";
	url_init(&x_org, "https://x.org/", "");
	pretty.web = &x_org;
	out = liquid_rewrite("t.md", 1, "{% post_url 2019-01-06-a %}", 27,
	    &pretty, &n);
	CHECK_STR(out, "https://x.org/2019/01/06/a/");
	free(out);
	/* Under a baseurl written without its slash. */
	url_free(&x_org);
	url_init(&x_org, "https://x.org", "blog/");
	{
		const char *in = "{% post_url 2019-01-06-a %} "
		    "{{ '/x/' | relative_url }} {{ 'y' | absolute_url }}";

		out = liquid_rewrite("t.md", 1, in, strlen(in), &pretty, &n);
	}
	CHECK_STR(out, "https://x.org/blog/2019/01/06/a/ /blog/x/ "
	    "https://x.org/blog/y");
	free(out);
	url_free(&x_org);

	out = liquid_rewrite("t.md", 1, "{{ site.title }}{% post_url "
	    "2019-01-06-a %}", 43, NULL, &n);
	CHECK_STR(out, "/2019/01/06/a.html");
	free(out);
}

/*
 * Random bytes from Liquid's and Markdown's alphabet: never a crash (the
 * sanitizers watch), always the same number of lines.
 */
static void
test_random(void)
{
	static const char *const bits[] = {
		"{%", "%}", "{{", "}}", "{:", "{::", "{:/", "}", "`", "```",
		"~~~", "\n", " ", "    ", "-", "highlight ", "endhighlight",
		"raw", "endraw", "comment", "endcomment", "x", "* ", "TOC",
		"toc", "\\", "\"", "|", "site.title", "post_url ",
		"2019-01-06-a", "{% highlight c %}", "{% endhighlight %}",
		"{% raw %}", "{::comment}", "{:toc}", "\r", "include",
	};
	const size_t nbits = sizeof(bits) / sizeof(bits[0]);
	struct buf in = { 0 };
	uint32_t seed = 12345;
	unsigned bad = 0;
	size_t i, k, n, parts;
	char *out;

	diag_set_silent(1);
	for (i = 0; i < 3000; i++) {
		in.len = 0;
		seed = seed * 1103515245u + 12345u;
		parts = (seed >> 16) % 60;
		for (k = 0; k < parts; k++) {
			seed = seed * 1103515245u + 12345u;
			if ((seed >> 16) % 40 == 0)
				buf_putc(&in, (char)(seed >> 8));
			else
				buf_puts(&in, bits[(seed >> 16) % nbits]);
		}
		out = rewrite(in.data != NULL ? in.data : "", in.len, &n);
		if (newlines(out, n) != newlines(in.data, in.len)) {
			if (bad++ == 0)
				fprintf(stderr, "line count changed: %s\n",
				    in.data);
		}
		free(out);
	}
	CHECK(bad == 0);
	diag_set_silent(0);
	buf_free(&in);
}

int
main(void)
{
	url_init(&web, "https://example.com/", "/blog");
	test_cases();
	test_lines();
	test_warning_line();
	test_nul_and_env();
	test_random();
	url_free(&web);
	return check_done();
}
