/*
 * test-math.c - formulas out of Markdown (mathscan) and into atom trees
 * (mathparse): what is math and what is not (prices, shell variables,
 * escaped dollars, code), markers in place of formulas with the lines
 * kept, the source kept whole; trees of the LaTeX blogs write, refusals
 * with their reason, the size and depth bounds.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "mathparse.h"
#include "mathscan.h"
#include "util.h"

/* The scanned text with each marker written as [N], formulas as
 * "N:source" (display "N:=source") separated by '|'. */
static void
scan(const char *in, char **text, char **math)
{
	struct formulas f = {0};
	struct buf t = {0}, m = {0};
	size_t len, used;
	char *out = mathscan(in, strlen(in), 1, &f, &len);

	for (size_t i = 0; i < len;) {
		long k = mathscan_marker(out + i, len - i, &used);

		if (k >= 0) {
			buf_printf(&t, "[%ld]", k);
			i += used;
		} else
			buf_putc(&t, out[i++]);
	}
	for (size_t i = 0; i < f.n; i++)
		buf_printf(&m, "%s%zu:%s%s", i ? "|" : "", i,
		    f.v[i].display ? "=" : "", f.v[i].tex);
	*text = buf_take(&t);
	*math = buf_take(&m);
	free(out);
	formulas_free(&f);
}

struct scan_case {
	const char *in, *text, *math;
};

static const struct scan_case scans[] = {
	/* inline, pandoc's rules */
	{ "Let $x_1$ be.", "Let [0] be.", "0:x_1" },
	{ "Prices: $5 and $10.", "Prices: $5 and $10.", "" },
	{ "From $5 to $10, then $x$.", "From $5 to $10, then [0].", "0:x" },
	{ "Cost $20$ today", "Cost [0] today", "0:20" },
	{ "$a$1 and $ b$", "$a$1 and $ b$", "" },
	{ "Escaped \\$x\\$ stays", "Escaped \\$x\\$ stays", "" },
	{ "Set `$HOME` and `$PATH`.", "Set `$HOME` and `$PATH`.", "" },
	{ "echo $HOME and `$x$`", "echo $HOME and `$x$`", "" },
	{ "The price is $5, see `$HOME`.", "The price is $5, see `$HOME`.",
	  "" },
	{ "``a $x$ `` $y$", "``a $x$ `` [0]", "0:y" },
	{ "Emphasis stays out: $a_b * c_d$ *x*",
	  "Emphasis stays out: [0] *x*", "0:a_b * c_d" },
	{ "Braces $\\{x\\}$ kept", "Braces [0] kept", "0:\\{x\\}" },
	/* other delimiters */
	{ "Paren \\(a+b\\) and \\\\(c\\\\).", "Paren [0] and [1].",
	  "0:a+b|1:c" },
	{ "Inline $$x^2$$ here", "Inline [0] here", "0:x^2" },
	{ "$$\na = b\n$$\n", "[0]<!--\n.\n.-->\n", "0:=\na = b\n" },
	{ "Text\n\\[ y \\]\nmore", "Text\n[0]\nmore", "0:= y " },
	{ "- $$x$$\n", "- [0]\n", "0:=x" },
	{ "```math\n\\frac12\n```\nafter", "[0]<!--\n.\n.-->\nafter",
	  "0:=\\frac12" },
	{ "{{< katex display >}}\\int f{{< /katex >}} and "
	  "{{< math >}}$y${{< /math >}}", "[0] and [1]", "0:=\\int f|1:y" },
	/* in a quote: the quote's markers are not TeX */
	{ "> $$\n> a > b\n> $$\n", "> [0]<!--\n.\n.-->\n", "0:=\na > b\n" },
	{ "> > Nested \\[x\n> > > y\\] z", "> > Nested [0]<!--\n.--> z",
	  "0:x\n> y" },
	/* environments MathJax reads bare */
	{ "\\begin{align}\na_1 &= b \\\\\nc &= d\n\\end{align}\nText",
	  "[0]<!--\n.\n.\n.-->\nText",
	  "0:=\\begin{align}\na_1 &= b \\\\\nc &= d\n\\end{align}" },
	{ "See \\begin{align} x \\end{align}", "See \\begin{align} x "
	  "\\end{align}", "" },
	{ "\\begin{foo} x \\end{foo}", "\\begin{foo} x \\end{foo}", "" },
	{ "\\begin{equation} x \\end{align}", "\\begin{equation} x "
	  "\\end{align}", "" },
	/* never across a blank line, a fence, or in code */
	{ "$a\n\nb$", "$a\n\nb$", "" },
	{ "$$a\n\nb$$", "$$a\n\nb$$", "" },
	{ "```sh\necho $x$\n```\n$y$", "```sh\necho $x$\n```\n[0]", "0:y" },
	{ "~~~\n$$x$$\n~~~", "~~~\n$$x$$\n~~~", "" },
	{ "Para\n\n    $x$ code\n", "Para\n\n    $x$ code\n", "" },
	{ "- item\n\n    $x$ in item\n", "- item\n\n    [0] in item\n", "0:x" },
	{ "1. item\n\n    $x$ in item\n", "1. item\n\n    [0] in item\n",
	  "0:x" },
	{ "2019 was\n\n    $x$ code\n", "2019 was\n\n    $x$ code\n", "" },
	{ "Price $5\n```\n$a$\n```", "Price $5\n```\n$a$\n```", "" },
	/* a formula over two lines keeps them */
	{ "A $x +\ny$ b\nc", "A [0]<!--\n.--> b\nc", "0:x +\ny" },
};

static void
test_scan(void)
{
	for (size_t i = 0; i < sizeof(scans) / sizeof(*scans); i++) {
		char *t, *m;

		scan(scans[i].in, &t, &m);
		CHECK_STR(t, scans[i].text);
		CHECK_STR(m, scans[i].math);
		free(t);
		free(m);
	}
}

/* Lines: the formula's own line, and every line after it in place. */
static void
test_shortcode_names(void)
{
	CHECK(mathscan_shortcode("katex", 5));
	CHECK(mathscan_shortcode("math", 4));
	CHECK(!mathscan_shortcode("mathjax", 7));
	CHECK(!mathscan_shortcode("kat", 3));
	CHECK(!mathscan_shortcode("figure", 6));
	CHECK(!mathscan_shortcode("", 0));
}

static void
test_lines(void)
{
	const char *in = "one\n\ntwo $a$\n$$\nb\n$$\nthree\n```math\nc\n```\n";
	struct formulas f = {0};
	size_t len, nl = 0;
	char *out = mathscan(in, strlen(in), 10, &f, &len);

	for (size_t i = 0; i < len; i++)
		nl += out[i] == '\n';
	CHECK(nl == 10);
	CHECK(f.n == 3);
	CHECK(f.n == 3 && f.v[0].line == 12 && f.v[1].line == 13 &&
	    f.v[2].line == 17);
	CHECK(strstr(out, "\nthree\n") != NULL);
	free(out);
	formulas_free(&f);
}

/* Random bytes from the delimiters' alphabet: the line count is kept
 * and nothing is read out of bounds (under the sanitizers). */
static void
test_random(void)
{
	static const char alphabet[] = "$$\\()[]`~ \nab{}<>/%";
	char in[200];

	srand(7);
	for (int r = 0; r < 3000; r++) {
		size_t n = (size_t)(rand() % (int)sizeof(in)), nl = 0, onl = 0, len;
		struct formulas f = {0};
		char *out;

		for (size_t i = 0; i < n; i++) {
			in[i] = alphabet[rand() % (int)(sizeof(alphabet) - 1)];
			nl += in[i] == '\n';
		}
		out = mathscan(in, n, 1, &f, &len);
		for (size_t i = 0; i < len; i++)
			onl += out[i] == '\n';
		CHECK(onl == nl);
		free(out);
		formulas_free(&f);
	}
}

/* Openers that never close, many of them: one pass (a search per opener
 * would take minutes here). */
static void
test_linear(void)
{
	static const char *units[] = { "$x ", "\\(a ", "`` $ ", "$$\n\n",
	    "\\[ ", "{{< katex >}} " };

	for (size_t u = 0; u < sizeof(units) / sizeof(*units); u++) {
		struct buf b = {0};
		struct formulas f = {0};
		size_t len;
		char *out;

		for (int i = 0; i < 300000; i++)
			buf_puts(&b, units[u]);
		out = mathscan(b.data, b.len, 1, &f, &len);
		CHECK(len == b.len && f.n == 0);
		free(out);
		formulas_free(&f);
		buf_free(&b);
	}
}

/* A tree as text: symbols as characters (U+XXXX beyond ASCII), kinds
 * as tags. */
static void
dump(struct buf *b, const struct math_node *n)
{
	static const char *kinds[] = { "", "", "frac", "root", "sc", "acc",
	    "fence", "big", "array", "sp", "style", "line", "stack" };

	if (n == NULL) {
		buf_puts(b, "_");
		return;
	}
	switch (n->kind) {
	case MATH_SYM:
		if (n->cp < 0x80)
			buf_putc(b, (char)n->cp);
		else
			buf_printf(b, "U+%04X", (unsigned)n->cp);
		if (n->big)
			buf_puts(b, "!");
		return;
	case MATH_LIST:
		buf_puts(b, "{");
		for (size_t i = 0; i < n->nkids; i++) {
			if (i)
				buf_putc(b, ' ');
			dump(b, n->kids[i]);
		}
		buf_puts(b, "}");
		return;
	case MATH_SPACE:
		buf_printf(b, "sp%g", n->arg);
		return;
	case MATH_ARRAY:
		buf_printf(b, "array%zux%zu:%s(", n->rows, n->cols, n->align);
		for (size_t i = 0; i < n->nkids; i++) {
			if (i)
				buf_putc(b, ' ');
			dump(b, n->kids[i]);
		}
		buf_puts(b, ")");
		return;
	default:
		buf_printf(b, "%s(", kinds[n->kind]);
		dump(b, n->a);
		if (n->kind != MATH_ACCENT && n->kind != MATH_LINE &&
		    n->kind != MATH_FENCED && n->kind != MATH_BIG) {
			buf_putc(b, ',');
			dump(b, n->b);
		}
		if (n->kind == MATH_SCRIPTS) {
			buf_putc(b, ',');
			dump(b, n->c);
		}
		if (n->kind == MATH_ACCENT || n->kind == MATH_BIG)
			buf_printf(b, ",U+%04X", (unsigned)n->cp);
		if (n->kind == MATH_FENCED)
			buf_printf(b, ",%c%c", n->open ? (char)n->open : '.',
			    n->close ? (char)n->close : '.');
		buf_puts(b, ")");
	}
}

static char *
parse(const char *tex)
{
	char *why;
	struct math *m = mathparse(tex, strlen(tex), 0, &why);
	struct buf b = {0};

	if (m == NULL) {
		buf_printf(&b, "error: %s", why);
		free(why);
		return buf_take(&b);
	}
	dump(&b, m->root);
	math_unref(m);
	return buf_take(&b);
}

struct parse_case {
	const char *tex, *tree;
};

static const struct parse_case parses[] = {
	{ "x_i^2", "{sc(x,2,i)}" },
	{ "x^2_i", "{sc(x,2,i)}" },
	{ "a_{b_c}", "{sc(a,_,{sc(b,_,c)})}" },
	{ "\\int_0^1", "{sc(U+222B!,1,0)}" },
	{ "x'", "{{x U+2032}}" },
	{ "f''^2", "{sc({f U+2033},2,_)}" },
	{ "x_i'", "{{sc(x,_,i) U+2032}}" },
	{ "\\alpha+\\beta", "{U+03B1 + U+03B2}" },
	{ "a-b", "{a U+2212 b}" },
	{ "\\frac{a}{b}", "{frac({a},{b})}" },
	{ "\\frac12", "{frac(1,2)}" },
	{ "\\sqrt[3]{x}", "{root({x},{3})}" },
	{ "\\sqrt x", "{root(x,_)}" },
	{ "\\hat{x}", "{acc({x},U+0302)}" },
	{ "\\vec v", "{acc(v,U+20D7)}" },
	{ "\\left( x \\right]", "{fence({x},(])}" },
	{ "\\left. x \\right|", "{fence({x},.|)}" },
	{ "\\{ x \\}", "{{ x }}" },
	{ "a\\,b\\quad c", "{a sp3 b sp18 c}" },
	{ "\\text{if } x", "{{i f sp6} x}" },
	{ "\\mathbb{R}", "{{R}}" },
	{ "\\sin x", "{{s i n} x}" },
	{ "\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}",
	  "{array2x2:cc({a} {b} {c} {d})}" },
	{ "\\begin{cases} 1 & x \\\\ 0 \\end{cases}",
	  "{array2x2:ll({1} {x} {0} {})}" },
	{ "\\begin{aligned} a &= b \\\\ &= c \\\\ \\end{aligned}",
	  "{array2x2:rl({a} {= b} {} {= c})}" },
	{ "a \\\\ b", "{array2x1:c({a} {b})}" },
	{ "\\not= \\not\\in", "{U+2260 U+2209}" },
	{ "\\overline{ab}", "{line({a b})}" },
	{ "x \\% y", "{x % y}" },
	{ "\\operatorname{rank} A", "{{r a n k} A}" },
	{ "\\boxed{x}", "{line({x})}" },
	{ "\\xrightarrow[n]{f}", "{stack({f},_)}" },
	/* what cannot be set */
	{ "\\foo{x}", "error: unknown TeX command \\foo" },
	{ "\\text{a \\bar b}", "error: unknown TeX command \\bar" },
	{ "{x", "error: unbalanced braces" },
	{ "x}", "error: unbalanced braces" },
	{ "x^a^b", "error: double superscript" },
	{ "\\left( x", "error: \\left without \\right" },
	{ "\\right)", "error: \\right without \\left" },
	{ "\\begin{foo}x\\end{foo}", "error: unknown TeX environment foo" },
	{ "\\begin{matrix}x", "error: \\begin{matrix} is not ended" },
	{ "\\frac{a}", "error: a command lacks its argument" },
	{ "\\", "error: a lone backslash" },
};

static void
test_parse(void)
{
	for (size_t i = 0; i < sizeof(parses) / sizeof(*parses); i++) {
		char *t = parse(parses[i].tex);

		CHECK_STR(t, parses[i].tree);
		free(t);
	}
}

/* Random token soup: every parse ends, with a tree or a reason. */
static void
test_parse_random(void)
{
	static const char *tok[] = { "\\frac", "{", "}", "^", "_", "'",
	    "\\left(", "\\right)", "\\left.", "\\middle|", "&", "\\\\",
	    "\\begin{pmatrix}", "\\end{pmatrix}", "\\begin{aligned}",
	    "\\end{aligned}", "\\begin{array}{c|l}", "\\end{array}", "x",
	    "\\sqrt[", "]", "\\sqrt", "\\text{", "\\mathbb", "\\hat",
	    "\\sum", "\\limits", "\\not", "=", "\\in", "\\big(",
	    "\\operatorname*", "\\hspace{", "2em", "\\tag{", "%", "\n",
	    "\\overset", "\\binom", "\\", "~", " ", "\xce\xb1", "\\{" };
	char buf[512];

	srand(11);
	for (int r = 0; r < 20000; r++) {
		size_t n = 0, k = (size_t)(rand() % 40);
		char *why;
		struct math *m;

		for (size_t i = 0; i < k; i++) {
			const char *t = tok[rand() % (int)(sizeof(tok) /
			    sizeof(*tok))];

			if (n + strlen(t) >= sizeof(buf))
				break;
			memcpy(buf + n, t, strlen(t));
			n += strlen(t);
		}
		m = mathparse(buf, n, r % 2, &why);
		CHECK((m != NULL) != (why != NULL));
		math_unref(m);
		free(why);
	}
}

static void
test_bounds(void)
{
	struct buf b = {0};
	char *t;

	for (int i = 0; i < MATH_MAX_DEPTH + 5; i++)
		buf_puts(&b, "{");
	for (int i = 0; i < MATH_MAX_DEPTH + 5; i++)
		buf_puts(&b, "}");
	t = parse(b.data);
	CHECK_STR(t, "error: formula nested too deeply");
	free(t);
	buf_free(&b);
	/* unbraced arguments nest too */
	for (int i = 0; i < MATH_MAX_DEPTH + 5; i++)
		buf_puts(&b, "\\sqrt");
	buf_puts(&b, "x");
	t = parse(b.data);
	CHECK_STR(t, "error: formula nested too deeply");
	free(t);
	buf_free(&b);
	for (int i = 0; i < MATH_MAX_DEPTH - 2; i++)
		buf_puts(&b, "{");
	for (int i = 0; i < MATH_MAX_DEPTH - 2; i++)
		buf_puts(&b, "}");
	t = parse(b.data);
	CHECK(strncmp(t, "error", 5) != 0);
	free(t);
	buf_free(&b);
	for (int i = 0; i <= MATH_MAX_LEN; i++)
		buf_putc(&b, 'x');
	t = parse(b.data);
	CHECK(strstr(t, "error: formula too long") == t);
	free(t);
	buf_free(&b);
}

/* Each symbol of n as "c:RRGGBB" (its own colour or the nearest
 * coloured atom's above it), "c:-" in the text's colour. */
static void
colors_of(struct buf *b, const struct math_node *n, uint32_t color)
{
	if (n == NULL)
		return;
	if (n->color != 0)
		color = n->color;
	if (n->kind == MATH_SYM) {
		if (b->len)
			buf_putc(b, ' ');
		if (n->cp < 0x80)
			buf_putc(b, (char)n->cp);
		else
			buf_printf(b, "U+%04X", (unsigned)n->cp);
		if (color)
			buf_printf(b, ":%06X", (unsigned)(color & 0xFFFFFF));
		else
			buf_puts(b, ":-");
	}
	colors_of(b, n->a, color);
	colors_of(b, n->b, color);
	colors_of(b, n->c, color);
	for (size_t i = 0; i < n->nkids; i++)
		colors_of(b, n->kids[i], color);
}

struct color_case {
	const char *tex, *colors, *warning;
};

static const struct color_case colors[] = {
	{ "\\color{red} x + y", "x:FF0000 +:FF0000 y:FF0000", NULL },
	{ "{\\color{blue} x} + y", "x:0000FF +:- y:-", NULL },
	{ "a \\textcolor{green}{b} c", "a:- b:00FF00 c:-", NULL },
	{ "\\textcolor{#c00}{a}\\color{#00FF80}b", "a:CC0000 b:00FF80",
	  NULL },
	{ "\\color[HTML]{1A2B3C}a\\color[rgb]{1,0.5,0}b"
	  "\\color[RGB]{0,0,255}c\\color[gray]{0.5}d\\color{ABCDEF}e",
	  "a:1A2B3C b:FF8000 c:0000FF d:808080 e:ABCDEF", NULL },
	{ "\\color{brown}a\\color{purple}b\\color{lightgray}c",
	  "a:BF8040 b:BF0040 c:BFBFBF", NULL },
	/* the group ends the colour: cells, \left..\right, scripts */
	{ "\\left( \\color{red} x \\right) y", "x:FF0000 y:-", NULL },
	{ "\\begin{matrix} \\color{red} a & b \\end{matrix}", "a:FF0000 b:-",
	  NULL },
	{ "\\textcolor{red}{x}^2", "x:FF0000 2:-", NULL },
	{ "\\color{red}\\frac{a}{\\color{blue}b}", "a:FF0000 b:0000FF", NULL },
	{ "\\sqrt[\\color{red}3]{x}", "x:- 3:FF0000", NULL },
	/* unknown: the text's colour, and a warning naming it */
	{ "\\color{chartreuse} x", "x:-",
	  "unknown colour 'chartreuse': drawn in the text's colour" },
	{ "\\textcolor[HTML]{12}{x}", "x:-",
	  "unknown colour '[HTML]12': drawn in the text's colour" },
	{ "\\color{nosuch} a \\color[RGB]{300,0,0} b \\color{nosuch} c",
	  "a:- b:- c:-", "unknown colour 'nosuch': drawn in the text's colour; "
	  "unknown colour '[RGB]300,0,0': drawn in the text's colour" },
	{ "\\label{eq}x^2", "x:- 2:-", NULL },
};

static void
test_color(void)
{
	for (size_t i = 0; i < sizeof(colors) / sizeof(*colors); i++) {
		const struct color_case *k = &colors[i];
		char *why;
		struct math *m = mathparse(k->tex, strlen(k->tex), 0, &why);
		struct buf b = {0};

		if (m == NULL) {
			CHECK_STR(why, k->colors);
			free(why);
			continue;
		}
		colors_of(&b, m->root, 0);
		CHECK_STR(b.data ? b.data : "", k->colors);
		if (k->warning == NULL)
			CHECK(m->warning == NULL);
		else
			CHECK_STR(m->warning ? m->warning : "(none)",
			    k->warning);
		buf_free(&b);
		math_unref(m);
	}
}

struct plain_case {
	const char *tex, *text;
};

static const struct plain_case plains[] = {
	{ "O(n^2)", "O(n\u00B2)" },
	{ "\\alpha \\to \\beta", "\u03B1 \u2192 \u03B2" },
	{ "x_i^2 + y_{10}", "x\u1D62\u00B2 + y\u2081\u2080" },
	{ "e^{i\\pi} = -1", "e^(i\u03C0) = \u22121" },
	{ "x_{i,j}", "x_(i,j)" },
	{ "\\frac{a+b}{2} \\le \\frac12", "(a+b)/2 \u2264 1/2" },
	{ "\\sqrt{x+1} \\ne \\sqrt[3]{y}", "\u221A(x+1) \u2260 \u221By" },
	{ "\\sum_{i=1}^{n} i", "\u2211\u1D62\u208C\u2081\u207F i" },
	{ "\\mathbb{R}^n \\times \\mathbf{v} + \\mathcal{O}(n)",
	  "\u211D\u207F \u00D7 v + O(n)" },
	{ "O(n \\log n)", "O(n log n)" },
	{ "(1 - y) - 2", "(1 \u2212 y) \u2212 2" },
	{ "f(x, y) \\mapsto \\hat{x}", "f(x, y) \u21A6 x\u0302" },
	{ "\\text{if } x > 0", "if x > 0" },
	{ "\\left\\{ x \\middle| x^T A x > 0 \\right\\}",
	  "{x | x\u1D40Ax > 0}" },
	{ "\\binom{n}{k}", "C(n, k)" },
	{ "\\color{red} a \\cdot b", "a \u22C5 b" },
	{ "\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}", "(a b; c d)" },
};

/* The plain Unicode form of formulas, for PDF titles and bookmarks. */
static void
test_plain(void)
{
	for (size_t i = 0; i < sizeof(plains) / sizeof(*plains); i++) {
		char *why;
		struct math *m = mathparse(plains[i].tex,
		    strlen(plains[i].tex), 0, &why);
		char *t;

		CHECK(m != NULL);
		if (m == NULL) {
			free(why);
			continue;
		}
		t = math_plain(m->root);
		CHECK_STR(t, plains[i].text);
		free(t);
		math_unref(m);
	}
}

int
main(void)
{
	test_scan();
	test_shortcode_names();
	test_lines();
	test_random();
	test_linear();
	test_parse();
	test_parse_random();
	test_bounds();
	test_color();
	test_plain();
	return check_done();
}
