/*
 * test-shortcode.c - Hugo's and Zola's shortcodes: the scanner (names,
 * named and positional arguments, quoting, closings, the escaped form,
 * malformed calls and the limits), the rewrite of each built-in and of a
 * site's own shortcodes (tests/sites/hugo-shortcodes), text that is no
 * shortcode left alone, line counts kept, and random input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <stdio.h>

#include "check.h"
#include "diag.h"
#include "shortcode.h"
#include "url.h"

#define HUGO_ROOT "../sites/hugo-shortcodes"
#define ZOLA_ROOT "../sites/zola-shortcodes"

static struct kv site_vars[] = {
	{ "params.motto", "Bread first" },
};
static struct kv page_vars[] = {
	{ "oven", "a brick oven" },
};

static int
scan(enum generator gen, const char *s, struct shortcode *sc)
{
	const char *why;

	return shortcode_scan(gen, s, strlen(s), 0, sc, &why);
}

static void
test_scan_hugo(void)
{
	struct shortcode sc;
	const char *why;

	CHECK(scan(GEN_HUGO, "{{< figure src=\"a b.png\" width=300 >}}",
	    &sc) == 1);
	CHECK_STR(sc.name, "figure");
	CHECK(sc.kind == SC_OPEN && !sc.markdown && !sc.self_closing);
	CHECK(sc.nargs == 2);
	CHECK_STR(shortcode_arg(&sc, "src", -1), "a b.png");
	CHECK_STR(shortcode_arg(&sc, "width", -1), "300");
	CHECK(shortcode_arg(&sc, "alt", 0) == NULL);
	CHECK(sc.end == strlen("{{< figure src=\"a b.png\" width=300 >}}"));
	shortcode_clear(&sc);

	/* positional, quoted with escapes, raw backticks, over lines */
	CHECK(scan(GEN_HUGO, "{{% gist  user\n \"a \\\"q\\\" b\" `r\\aw` %}}",
	    &sc) == 1);
	CHECK(sc.markdown);
	CHECK_STR(shortcode_arg(&sc, NULL, 0), "user");
	CHECK_STR(shortcode_arg(&sc, NULL, 1), "a \"q\" b");
	CHECK_STR(shortcode_arg(&sc, NULL, 2), "r\\aw");
	CHECK(shortcode_arg(&sc, NULL, 3) == NULL);
	shortcode_clear(&sc);

	/* closing, self-closing, names with a folder */
	CHECK(scan(GEN_HUGO, "{{< /details >}}", &sc) == 1);
	CHECK(sc.kind == SC_CLOSE);
	CHECK_STR(sc.name, "details");
	shortcode_clear(&sc);
	CHECK(scan(GEN_HUGO, "{{< media/audio src=x />}}", &sc) == 1);
	CHECK(sc.self_closing);
	CHECK_STR(sc.name, "media/audio");
	shortcode_clear(&sc);
	CHECK(scan(GEN_HUGO, "{{<x>}}", &sc) == 1);
	CHECK_STR(sc.name, "x");
	shortcode_clear(&sc);

	/* the escaped form */
	CHECK(scan(GEN_HUGO, "{{</* figure src=\"x\" */>}}", &sc) == 1);
	CHECK(sc.kind == SC_LITERAL);
	shortcode_clear(&sc);

	/* an escaped call cut one byte short, in a buffer of its size
	 * exactly (ASan sees a read past it) */
	{
		char *cut = malloc(12);

		memcpy(cut, "{{</* x */>}", 12);
		CHECK(shortcode_scan(GEN_HUGO, cut, 12, 0, &sc, &why) == -1);
		free(cut);
	}

	/* not shortcodes: other generators, Go templates, Liquid */
	CHECK(scan(GEN_JEKYLL, "{{< figure >}}", &sc) == 0);
	CHECK(scan(GEN_HUGO, "{{ .Title }}", &sc) == 0);
	CHECK(scan(GEN_HUGO, "{% raw %}", &sc) == 0);

	/* malformed: never closed, no name, a quote never closed, the next
	 * call reached first */
	CHECK(scan(GEN_HUGO, "{{< figure src=x", &sc) == -1);
	CHECK(scan(GEN_HUGO, "{{< >}}", &sc) == -1);
	CHECK(scan(GEN_HUGO, "{{< x a=\"open >}}", &sc) == -1);
	CHECK(shortcode_scan(GEN_HUGO, "{{< a b {{< c >}}", 17, 0, &sc, &why)
	    == -1);
	CHECK(why != NULL && strstr(why, "next") != NULL);
	CHECK(sc.end == 8);	/* stopped before the next call */
}

static void
test_scan_limits(void)
{
	struct shortcode sc;
	struct buf b = {0};
	const char *why;

	buf_puts(&b, "{{< many");
	for (int i = 0; i < SC_ARGS_MAX; i++)
		buf_printf(&b, " a%d=1", i);
	buf_puts(&b, " >}}");
	CHECK(shortcode_scan(GEN_HUGO, b.data, b.len, 0, &sc, &why) == 1);
	CHECK(sc.nargs == SC_ARGS_MAX);
	shortcode_clear(&sc);
	b.len -= 4;
	buf_puts(&b, " one=more >}}");
	CHECK(shortcode_scan(GEN_HUGO, b.data, b.len, 0, &sc, &why) == -1);
	CHECK(why != NULL && strstr(why, "arguments") != NULL);
	buf_free(&b);

	buf_puts(&b, "{{< long \"");
	while (b.len < SC_CALL_MAX + 10)
		buf_putc(&b, 'x');
	buf_puts(&b, "\" >}}");
	CHECK(shortcode_scan(GEN_HUGO, b.data, b.len, 0, &sc, &why) == -1);
	CHECK(why != NULL && strstr(why, "longer") != NULL);
	CHECK(sc.end <= SC_CALL_MAX);
	buf_free(&b);

	buf_puts(&b, "{{< ");
	for (int i = 0; i < SC_NAME_MAX; i++)
		buf_putc(&b, 'n');
	buf_puts(&b, " >}}");
	CHECK(shortcode_scan(GEN_HUGO, b.data, b.len, 0, &sc, &why) == -1);
	buf_free(&b);
}

static void
test_scan_zola(void)
{
	struct shortcode sc;

	CHECK(scan(GEN_ZOLA, "{{ youtube(id=\"abc\", autoplay=true) }}",
	    &sc) == 1);
	CHECK_STR(sc.name, "youtube");
	CHECK(sc.kind == SC_OPEN && !sc.body);
	CHECK_STR(shortcode_arg(&sc, "id", -1), "abc");
	CHECK_STR(shortcode_arg(&sc, "autoplay", -1), "true");
	shortcode_clear(&sc);
	CHECK(scan(GEN_ZOLA, "{% quote(author='A, B', n=[1, 2]) %}", &sc) ==
	    1);
	CHECK(sc.body);
	CHECK_STR(shortcode_arg(&sc, "author", -1), "A, B");
	CHECK_STR(shortcode_arg(&sc, "n", -1), "[1, 2]");
	shortcode_clear(&sc);
	CHECK(scan(GEN_ZOLA, "{% end %}", &sc) == 1);
	CHECK(sc.kind == SC_CLOSE);
	CHECK(scan(GEN_ZOLA, "{{ noargs() }}", &sc) == 1);
	shortcode_clear(&sc);
	CHECK(scan(GEN_ZOLA, "{{/* youtube(id=\"x\") */}}", &sc) == 1);
	CHECK(sc.kind == SC_LITERAL);
	/* Tera that is no call stays text */
	CHECK(scan(GEN_ZOLA, "{{ page.title }}", &sc) == 0);
	CHECK(scan(GEN_ZOLA, "{% if x %}", &sc) == 0);
	CHECK(scan(GEN_ZOLA, "{{ noparens }}", &sc) == 0);
	/* a call gone wrong after its name */
	CHECK(scan(GEN_ZOLA, "{{ y(id) }}", &sc) == -1);
	CHECK(scan(GEN_ZOLA, "{{ y(id=1) x", &sc) == -1);
	CHECK(scan(GEN_HUGO, "{{ y(id=1) }}", &sc) == 0);
}

struct rw_case {
	enum generator gen;
	const char	*in;
	const char	*want;	/* exact output, or NULL: see has */
	const char	*has;	/* a part of the output */
	int		 warn;	/* a warning is expected */
};

static const struct rw_case cases[] = {
	/* not a shortcode site: everything stays */
	{ GEN_GENERIC, "<h1>{{ .Title }}</h1> style={{ c }} {{< x >}}",
	  "<h1>{{ .Title }}</h1> style={{ c }} {{< x >}}", NULL, 0 },
	/* Hugo: templates that are no calls stay */
	{ GEN_HUGO, "```\n<h1>{{ .Title }}</h1>\n```\n",
	  "```\n<h1>{{ .Title }}</h1>\n```\n", NULL, 0 },
	{ GEN_HUGO, "a {{</* figure src=\"x\" */>}} b",
	  "a {{< figure src=\"x\" >}} b", NULL, 0 },
	{ GEN_HUGO, "{{%/* param x */%}}", "{{% param x %}}", NULL, 0 },
	{ GEN_HUGO, "{{< figure src=\"p.png\" caption=\"A <b>\" "
	  "title=\"T\" attr=\"Me\" link=\"https://l.example\" width=\"90\" >}}",
	  "<span></span><a href=\"https://l.example\"><img src=\"p.png\" "
	  "title=\"T. A &lt;b&gt; \xE2\x80\x94 Me\" width=\"90\"></a>", NULL, 0 },
	{ GEN_HUGO, "{{< highlight go \"linenos=table,hl_lines=2\" >}}\n"
	  "x := `a`\n{{< /highlight >}}\nafter",
	  "```go {linenos=true hl_lines=[2]}\nx := `a`\n```\nafter", NULL, 0 },
	{ GEN_HUGO, "{{< highlight go \"linenos=inline, hl_lines=3 6-8 2, "
	  "style=emacs\" >}}\nx\n{{< /highlight >}}",
	  "```go {linenos=true hl_lines=[\"2-3\",\"6-8\"]}\nx\n```", NULL, 0 },
	{ GEN_HUGO, "{{< highlight go \"linenos=false\" >}}\nx\n"
	  "{{< /highlight >}}", "```go\nx\n```", NULL, 0 },
	{ GEN_HUGO, "{{< highlight md >}}\n```\n{{< /highlight >}}",
	  "````md\n```\n````", NULL, 0 },
	/* inner shortcodes of highlight are code */
	{ GEN_HUGO, "{{< highlight go >}}\n{{< x >}}\n{{< /highlight >}}",
	  "```go\n{{< x >}}\n```", NULL, 0 },
	{ GEN_HUGO, "{{< highlight go >}}\nx\n", "\nx\n", NULL, 1 },
	{ GEN_HUGO, "{{< youtube id=\"abc\" title=\"How\" >}}",
	  "<span></span><iframe data-note=\"YouTube video \xE2\x80\x9CHow"
	  "\xE2\x80\x9D\" src=\"https://www.youtube.com/watch?v=abc\">"
	  "</iframe>", NULL, 0 },
	{ GEN_HUGO, "{{< youtube abc >}}", NULL,
	  "src=\"https://www.youtube.com/watch?v=abc\"", 0 },
	{ GEN_HUGO, "{{< vimeo 123 >}}", NULL,
	  "src=\"https://vimeo.com/123\"", 0 },
	{ GEN_HUGO, "{{< x user=\"u\" id=\"9\" >}}", NULL,
	  "data-note=\"Post by @u on X\" src=\"https://x.com/u/status/9\"", 0 },
	{ GEN_HUGO, "{{< tweet user=\"u\" id=\"9\" >}}", NULL,
	  "src=\"https://twitter.com/u/status/9\"", 0 },
	{ GEN_HUGO, "{{< tweet 9 >}}", NULL,
	  "src=\"https://twitter.com/i/status/9\"", 0 },
	{ GEN_HUGO, "{{< instagram BWNjjyYFxVx >}}", NULL,
	  "src=\"https://www.instagram.com/p/BWNjjyYFxVx/\"", 0 },
	{ GEN_HUGO, "{{< gist spf13 7896402 img.html >}}", NULL,
	  "data-note=\"GitHub gist, img.html\" "
	  "src=\"https://gist.github.com/spf13/7896402\"", 0 },
	{ GEN_HUGO, "A {{< param \"oven\" >}}.", "A a brick oven.", NULL, 0 },
	{ GEN_HUGO, "{{% param motto %}}", "Bread first", NULL, 0 },
	{ GEN_HUGO, "[{{< param nothere >}}]", "[]", NULL, 1 },
	{ GEN_HUGO, "{{< details summary=\"Why\" >}}\nBecause.\n"
	  "{{< /details >}}",
	  "<span></span><strong>Why</strong>\\\nBecause.\n", NULL, 0 },
	{ GEN_HUGO, "a{{% comment %}}x\ny{{% /comment %}}b", "a\nb", NULL, 0 },
	{ GEN_HUGO, "{{< /details >}}", "", NULL, 1 },
	{ GEN_HUGO, "[o]({{< ref \"nowhere.md\" >}})", "[o](nowhere.md)",
	  NULL, 1 },
	{ GEN_HUGO, "[o]({{< ref \"../../../etc/passwd\" >}})", NULL,
	  "etc/passwd", 1 },
	{ GEN_HUGO, "[o]({{< relref \"#sec\" >}})", "[o](#sec)", NULL, 0 },
	{ GEN_HUGO, "[o]({{< ref \"other.md#part\" >}})", NULL, "#part", 0 },
	/* the site's shortcodes */
	{ GEN_HUGO, "{{< photo file=\"c.png\" caption=\"Cap\" >}}",
	  "<span></span><img src=\"c.png\" title=\"Cap\">", NULL, 0 },
	{ GEN_HUGO, "{{< pic \"c.png\" \"By theme\" >}}",
	  "<span></span><img src=\"c.png\" title=\"By theme\">", NULL, 0 },
	{ GEN_HUGO, "{{% columns %}}\n*in*\n{{% /columns %}}", "\n*in*\n",
	  NULL, 0 },
	{ GEN_HUGO, "{{< chart id=\"c\" data=\"https://d.example/x.csv\" >}}",
	  "<span></span><iframe data-note=\"Shortcode \xE2\x80\x9C" "chart"
	  "\xE2\x80\x9D (not drawn)\" src=\"https://d.example/x.csv\">"
	  "</iframe>", NULL, 1 },
	{ GEN_HUGO, "{{< carousel >}}", NULL, "carousel", 1 },
	{ GEN_HUGO, "{{< video src=\"https://v.example/a.mp4\" >}}",
	  "<span></span><iframe data-note=\"Embedded video\" "
	  "src=\"https://v.example/a.mp4\"></iframe>", NULL, 0 },
	{ GEN_HUGO, "{{< media/audio \"/a.mp3\" >}}", NULL,
	  "data-note=\"Embedded audio\" src=\"/a.mp3\"", 0 },
	/* unknown but naming a picture: drawn */
	{ GEN_HUGO, "{{< img src=\"a.jpg\" alt=\"A\" >}}",
	  "<span></span><img src=\"a.jpg\" alt=\"A\">", NULL, 0 },
	{ GEN_HUGO, "{{< mermaid >}}\ngraph TD\n{{< /mermaid >}}",
	  "```mermaid\ngraph TD\n```", NULL, 0 },
	/* math is mathscan's */
	{ GEN_HUGO, "{{< katex display >}}\\frac{a}{b}{{< /katex >}}",
	  "{{< katex display >}}\\frac{a}{b}{{< /katex >}}", NULL, 0 },
	{ GEN_HUGO, "{{< math >}}x_1{{< /math >}}",
	  "{{< math >}}x_1{{< /math >}}", NULL, 0 },
	/* malformed calls stay */
	{ GEN_HUGO, "a {{< b", "a {{< b", NULL, 1 },
	/* Zola */
	{ GEN_ZOLA, "{{ youtube(id=\"k\") }}", NULL,
	  "src=\"https://www.youtube.com/watch?v=k\"", 0 },
	{ GEN_ZOLA, "{{ gist(url=\"https://gist.github.com/a/b\") }}", NULL,
	  "src=\"https://gist.github.com/a/b\"", 0 },
	{ GEN_ZOLA, "{{ image(path=\"c.png\", alt=\"A\") }}",
	  "<span></span><img src=\"c.png\" alt=\"A\">", NULL, 0 },
	{ GEN_ZOLA, "{% aside(kind=\"tip\") %}\n*in*\n{% end %}", "\n*in*\n",
	  NULL, 0 },
	{ GEN_ZOLA, "{{ map(lat=1) }}", NULL, "map", 1 },
	{ GEN_ZOLA, "{{ page.title }} {% if a %}{{/* x() */}}",
	  "{{ page.title }} {% if a %}{{ x() }}", NULL, 0 },
	{ GEN_ZOLA, "{% end %}", "", NULL, 1 },
};

static size_t
newlines(const char *s, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		k += s[i] == '\n';
	return k;
}

static void
test_rewrite(void)
{
	struct site hugo = { .generator = GEN_HUGO, .root = HUGO_ROOT,
		.content = HUGO_ROOT "/content", .vars = site_vars, .nvars = 1 };
	struct site zola = { .generator = GEN_ZOLA, .root = ZOLA_ROOT };
	struct site generic = { .generator = GEN_GENERIC, .root = "." };

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		const struct rw_case *c = &cases[i];
		struct shortcode_env env = { .page = page_vars, .npage = 1,
			.post_dir = HUGO_ROOT "/content/posts/shortcodes" };
		const char *err;
		char *got;
		size_t n;

		env.site = c->gen == GEN_HUGO ? &hugo : c->gen == GEN_ZOLA ?
		    &zola : &generic;
		capture_begin();
		got = shortcode_rewrite("t.md", 1, c->in, strlen(c->in), &env,
		    &n);
		err = capture_end();
		if (c->want != NULL)
			CHECK_STR(got, c->want);
		if (c->has != NULL && strstr(got, c->has) == NULL) {
			fprintf(stderr, "case %zu: \"%s\" not in \"%s\"\n", i,
			    c->has, got);
			CHECK(0);
		}
		if ((*err != '\0') != c->warn)
			fprintf(stderr, "case %zu: warnings: \"%s\"\n", i, err);
		CHECK((*err != '\0') == c->warn);
		CHECK(strlen(got) == n);
		CHECK(newlines(got, n) == newlines(c->in, strlen(c->in)));
		free(got);
	}
}

/* relref by a relative path with "..": the page when it is in the
 * site, refused (warned, printed) when the path leads out of it. */
static void
test_ref_relative(void)
{
	struct site hugo = { .generator = GEN_HUGO, .root = HUGO_ROOT,
		.content = HUGO_ROOT "/content" };
	struct shortcode_env env = { .site = &hugo,
		.post_dir = HUGO_ROOT "/content/posts/shortcodes" };
	const char *in = "{{< relref \"../other.md#x\" >}} "
	    "{{< relref \"/posts/other\" >}}\n"
	    "{{< relref \"../../../../hugo-toml/content/posts/knots.md\" >}}";
	char *got, *err;
	size_t n;

	capture_begin();
	got = shortcode_rewrite("t.md", 1, in, strlen(in), &env, &n);
	err = xstrdup(capture_end());
	CHECK_STR(got, "/posts/other-post/#x /posts/other-post/\n"
	    "../../../../hugo-toml/content/posts/knots.md");
	CHECK(strstr(err, "t.md:2: warning: shortcode relref "
	    "\"../../../../hugo-toml/content/posts/knots.md\": no such page in "
	    "the site") != NULL);
	CHECK(strstr(err, "t.md:1:") == NULL);
	free(err);
	free(got);
	/* Outside the root only when the run allows it. */
	env.allow_outside = 1;
	got = shortcode_rewrite("t.md", 1, in, strlen(in), &env, &n);
	CHECK(strstr(got, "\n/knots/") != NULL);
	free(got);
}

static void
put_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	CHECK(f != NULL);
	if (f != NULL) {
		fputs(text, f);
		fclose(f);
	}
}

/* A page path found nowhere: the page of that bare file or bundle name
 * anywhere in the content folder, as Hugo does; a name two pages have
 * is printed as written, with a warning naming both. */
static void
test_ref_by_name(void)
{
	char root[] = "/tmp/quire-refname-XXXXXX", content[256], p[256];
	char post_dir[256], *got, *err;
	const char *in = "{{< ref \"tide\" >}} {{< relref \"knots.md#x.y\" >}} "
	    "{{< ref \"mooring\" >}} {{< ref \"../nope\" >}}";
	static const char *const dirs[] = { "content", "content/a",
	    "content/b", "content/b/tide", "content/b/knots", "content/c",
	    "content/d", "content/d/mooring" };
	struct site hugo = { .generator = GEN_HUGO, .root = root,
		.content = content };
	struct shortcode_env env = { .site = &hugo, .post_dir = post_dir };
	size_t n;

	CHECK(mkdtemp(root) != NULL);
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", root, dirs[i]);
		CHECK(mkdir(p, 0700) == 0);
	}
	snprintf(p, sizeof(p), "%s/content/a/tide.md", root);
	put_file(p, "---\ntitle: A\nslug: tide-a\n---\n");
	snprintf(p, sizeof(p), "%s/content/b/tide/index.md", root);
	put_file(p, "---\ntitle: B\nslug: tide-b\n---\n");
	snprintf(p, sizeof(p), "%s/content/b/knots/index.md", root);
	put_file(p, "---\ntitle: K\nslug: knots\n---\n");
	/* A translation and a leaf of the same stem are not the bundle. */
	snprintf(p, sizeof(p), "%s/content/d/mooring/index.fr.md", root);
	put_file(p, "---\ntitle: M\n---\n");
	snprintf(p, sizeof(p), "%s/content/d/mooring.fr.md", root);
	put_file(p, "---\ntitle: M\n---\n");
	snprintf(content, sizeof(content), "%s/content", root);
	snprintf(post_dir, sizeof(post_dir), "%s/content/c", root);
	capture_begin();
	got = shortcode_rewrite("t.md", 1, in, strlen(in), &env, &n);
	err = xstrdup(capture_end());
	CHECK_STR(got, "tide /b/knots/#x.y mooring ../nope");
	CHECK(strstr(err, "t.md:1: warning: page reference \"tide\": 2 pages "
	    "have that name (") != NULL);
	CHECK(strstr(err, "/content/a/tide.md") != NULL);
	CHECK(strstr(err, "/content/b/tide/index.md") != NULL);
	CHECK(strstr(err, "shortcode ref \"mooring\": no such page") != NULL);
	CHECK(strstr(err, "shortcode ref \"tide\"") == NULL);
	free(err);
	free(got);
	snprintf(p, sizeof(p), "rm -r '%s'", root);
	CHECK(system(p) == 0);
}

/* A ref to a page of the site is its permalink, as post_url makes it. */
static void
test_ref(void)
{
	struct site hugo = { .generator = GEN_HUGO, .root = HUGO_ROOT,
		.content = HUGO_ROOT "/content" };
	struct shortcode_env env = { .site = &hugo,
		.post_dir = HUGO_ROOT "/content/posts/shortcodes" };
	const char *in = "{{< ref \"other.md\" >}} {{< relref \"/posts/other\" "
	    ">}}";
	char *got, *a, *b;
	size_t n;

	url_init(&hugo.web, "https://hugo.example.net/", NULL);
	got = shortcode_rewrite("t.md", 1, in, strlen(in), &env, &n);
	url_free(&hugo.web);
	a = got;
	b = strchr(got, ' ');
	CHECK(b != NULL);
	if (b != NULL) {
		*b++ = '\0';
		CHECK(strncmp(a, "https://hugo.example.net/", 25) == 0);
		CHECK(strstr(a, "other") != NULL);
		CHECK_STR(a, b);	/* both name the same page */
	}
	free(got);
}

/* The site's lines are seen whatever the text: a paragraph's warning
 * names the line of its call. */
static void
test_lines(void)
{
	struct site hugo = { .generator = GEN_HUGO, .root = HUGO_ROOT };
	struct shortcode_env env = { .site = &hugo };
	const char *in = "a\n\n{{< figure\n src=x.png\n >}}\n\n{{< nope >}}\n";
	const char *err;
	char *got;
	size_t n;

	capture_begin();
	got = shortcode_rewrite("t.md", 10, in, strlen(in), &env, &n);
	err = capture_end();
	CHECK(strstr(err, "t.md:16: warning") != NULL);
	CHECK(strstr(got, "\n\n<span></span><img src=\"x.png\">\n\n\n\n") !=
	    NULL);
	free(got);
	/* Lines to highlight that are none: said where the call is. */
	in = "a\n\n{{< highlight go \"hl_lines=2 three\" >}}\nx\n"
	    "{{< /highlight >}}\n";
	capture_begin();
	got = shortcode_rewrite("t.md", 10, in, strlen(in), &env, &n);
	err = capture_end();
	CHECK(strstr(err, "t.md:12: warning: hl_lines '2 three' are not line "
	    "numbers") != NULL);
	CHECK(strstr(got, "```go\nx\n```") != NULL);
	free(got);
}

/* Deep nesting is taken as unpaired past the limit, with a warning. */
static void
test_depth(void)
{
	struct site hugo = { .generator = GEN_HUGO, .root = HUGO_ROOT };
	struct shortcode_env env = { .site = &hugo };
	struct buf in = {0};
	const char *err;
	char *got;
	size_t n;

	for (int i = 0; i < SC_DEPTH_MAX + 5; i++)
		buf_puts(&in, "{{% box %}}\n");
	buf_puts(&in, "inside\n");
	for (int i = 0; i < SC_DEPTH_MAX + 5; i++)
		buf_puts(&in, "{{% /box %}}\n");
	capture_begin();
	got = shortcode_rewrite("t.md", 1, in.data, in.len, &env, &n);
	err = capture_end();
	CHECK(strstr(err, "nested more than") != NULL);
	CHECK(strstr(got, "inside") != NULL);
	CHECK(newlines(got, n) == newlines(in.data, in.len));
	free(got);
	buf_free(&in);

	/* A run of calls never closed is no nest: nothing to say. */
	for (int i = 0; i < SC_DEPTH_MAX * 2; i++)
		buf_puts(&in, "{{< param oven >}}\n");
	env.page = page_vars;
	env.npage = 1;
	capture_begin();
	got = shortcode_rewrite("t.md", 1, in.data, in.len, &env, &n);
	err = capture_end();
	CHECK_STR(err, "");
	CHECK(strstr(got, "a brick oven\na brick oven\n") != NULL);
	free(got);
	buf_free(&in);
}

/* Hostile bodies take linear time (meson's timeout would catch a
 * quadratic one: each is half a megabyte) and say little. */
static void
test_pathological(void)
{
	static const char *const units[] = { "{{< a \"", "{{< x", "{{< a >}}",
	    "{{< /a >}}", "{{% d %}}\n", "{{ y(", "{% q() %}", "{{</* ",
	    "{{< a b=", "{{<" };
	struct site sites[2] = {
		{ .generator = GEN_HUGO, .root = HUGO_ROOT },
		{ .generator = GEN_ZOLA, .root = ZOLA_ROOT },
	};

	for (size_t u = 0; u < sizeof(units) / sizeof(*units); u++)
		for (int g = 0; g < 2; g++) {
			struct shortcode_env env = { .site = &sites[g] };
			struct buf in = {0};
			const char *err;
			char *got;
			size_t n, lines = 0;

			while (in.len < 512 * 1024)
				buf_puts(&in, units[u]);
			capture_begin();
			got = shortcode_rewrite("p.md", 1, in.data, in.len,
			    &env, &n);
			err = capture_end();
			for (const char *p = err; (p = strchr(p, '\n'));
			    p++)
				lines++;
			CHECK(lines <= 13);
			CHECK(newlines(got, n) == newlines(in.data, in.len));
			free(got);
			buf_free(&in);
		}
}

/* Random bytes from a shortcode-rich alphabet: no crash, no leak (the
 * sanitizers watch), the same number of lines. */
static void
test_random(void)
{
	static const char *const bits[] = { "{{<", "{{%", ">}}", "%}}",
	    "/>}}", "{{", "}}", "{%", "%}", "/*", "*/", " ", "\n", "\"", "'",
	    "`", "=", "/", "figure", "highlight", "details", "x", "src=a.png",
	    "(", ")", ",", "end", "\\", "ref" };
	struct site sites[2] = {
		{ .generator = GEN_HUGO, .root = HUGO_ROOT },
		{ .generator = GEN_ZOLA, .root = ZOLA_ROOT },
	};
	uint32_t seed = 2463534242u;
	int bad = 0;

	capture_begin();
	for (int round = 0; round < 1000; round++) {
		struct shortcode_env env = { .site = &sites[round & 1] };
		struct buf in = {0};
		char *got;
		size_t n;

		for (int k = 0; k < 40; k++) {
			seed ^= seed << 13;
			seed ^= seed >> 17;
			seed ^= seed << 5;
			buf_puts(&in, bits[seed % (sizeof(bits) /
			    sizeof(*bits))]);
		}
		got = shortcode_rewrite("r.md", 1, in.data, in.len, &env, &n);
		bad += newlines(got, n) != newlines(in.data, in.len) &&
		    strstr(in.data, "highlight") == NULL &&
		    strstr(in.data, "mermaid") == NULL;
		free(got);
		buf_free(&in);
	}
	capture_end();
	CHECK(bad == 0);
}

int
main(void)
{
	test_scan_hugo();
	test_scan_limits();
	test_scan_zola();
	test_rewrite();
	test_ref();
	test_ref_relative();
	test_ref_by_name();
	test_lines();
	test_depth();
	test_pathological();
	test_random();
	return check_done();
}
