/*
 * test-html.c - the HTML tokenizer and character reference decoding:
 * the markup of real posts, every attribute form, references good and
 * bad, comments, script content, line numbers, malformed input, and
 * random bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "html.h"

/*
 * The tokens of s[0..len) as one string: T(text) <name a="v"> <br/>
 * </name> C(comment) R(raw). Also checks that every token starts where
 * the last ended, advances, and counts its line right. Caller frees.
 */
static char *
dump(const char *s, size_t len)
{
	struct html_tok t = {0};
	struct buf out = {0};
	size_t pos = 0, last = 0, start = 0, ntok = 0;
	unsigned nl = 0;

	while (html_next(s, len, &pos, &t)) {
		CHECK(t.off == last && pos > last && pos <= len);
		for (; start < t.off; start++)
			nl += s[start] == '\n';
		CHECK(t.line == nl);
		if (pos <= last || ++ntok > len)
			break;
		last = pos;
		switch (t.kind) {
		case HTML_TEXT:
			buf_printf(&out, "T(%s)", t.text.data);
			break;
		case HTML_START:
			buf_printf(&out, "<%s", t.name);
			for (size_t i = 0; i < t.nattrs; i++)
				buf_printf(&out, " %s=\"%s\"", t.attrs[i].name,
				    t.attrs[i].value);
			buf_puts(&out, t.self_closing ? "/>" : ">");
			break;
		case HTML_END:
			CHECK(t.nattrs == 0 && !t.self_closing);
			buf_printf(&out, "</%s>", t.name);
			break;
		case HTML_COMMENT:
			buf_printf(&out, "C(%s)", t.text.data ? t.text.data : "");
			break;
		case HTML_RAW:
			buf_printf(&out, "R(%s)", t.text.data);
			break;
		}
	}
	CHECK(pos == len);
	html_tok_free(&t);
	return buf_take(&out);
}

#define TOKENS(in, want) do {						\
	char *got_ = dump((in), strlen(in));				\
	CHECK_STR(got_, (want));					\
	free(got_);							\
} while (0)

#define DECODE(in, want) do {						\
	struct buf b_ = {0};						\
	html_decode(&b_, (in), strlen(in));				\
	char *got_ = buf_take(&b_);					\
	CHECK_STR(got_, (want));					\
	free(got_);							\
} while (0)

static void
test_corpus_forms(void)
{
	TOKENS("<a href=\"https://t.co/?src=hash&amp;ref_src=x\" "
	    "target=\"_blank\">",
	    "<a href=\"https://t.co/?src=hash&ref_src=x\" target=\"_blank\">");
	TOKENS("</a>", "</a>");
	TOKENS("<br>", "<br>");
	TOKENS("<br/>", "<br/>");
	TOKENS("<BR />", "<br/>");
	TOKENS("<p style=\"text-align: center;\">\n<a target=\"_blank\" "
	    "class=\"btn small\" href=\"https://github.com/x\">Code</a>\n</p>",
	    "<p style=\"text-align: center;\">T(\n)<a target=\"_blank\" "
	    "class=\"btn small\" href=\"https://github.com/x\">T(Code)</a>"
	    "T(\n)</p>");
	TOKENS("<blockquote class=\"twitter-tweet\" data-lang=\"en\">"
	    "<p lang=\"en\" dir=\"ltr\">New &amp; <a href=\"https://t.co/1\">"
	    "#PowerShell</a></p>&mdash; Brandon (@devblackops) "
	    "<a href=\"https://twitter.com/s/1\">May 1, 2018</a></blockquote>\n"
	    "<script async src=\"//platform.twitter.com/widgets.js\" "
	    "charset=\"utf-8\"></script>\n",
	    "<blockquote class=\"twitter-tweet\" data-lang=\"en\">"
	    "<p lang=\"en\" dir=\"ltr\">T(New & )<a href=\"https://t.co/1\">"
	    "T(#PowerShell)</a></p>T(\xE2\x80\x94 Brandon (@devblackops) )"
	    "<a href=\"https://twitter.com/s/1\">T(May 1, 2018)</a>"
	    "</blockquote>T(\n)<script async=\"\" "
	    "src=\"//platform.twitter.com/widgets.js\" charset=\"utf-8\">"
	    "</script>T(\n)");
	TOKENS("<div align=\"center\">\n<img src=\"/i/tip.png\" alt=\"Tip\" "
	    "width=\"64\">\n</div>",
	    "<div align=\"center\">T(\n)<img src=\"/i/tip.png\" alt=\"Tip\" "
	    "width=\"64\">T(\n)</div>");
	TOKENS("<iframe width=\"560\" src=\"https://www.youtube.com/embed/x\" "
	    "frameborder=\"0\" allowfullscreen></iframe>",
	    "<iframe width=\"560\" src=\"https://www.youtube.com/embed/x\" "
	    "frameborder=\"0\" allowfullscreen=\"\"></iframe>");
	TOKENS("<!-- ![Shot](../images/x.png) -->",
	    "C( ![Shot](../images/x.png) )");
}

static void
test_attributes(void)
{
	struct html_tok t = {0};
	size_t pos = 0;
	const char *s = "<IMG SRC=a.png Alt='it''s' alt=\"no\" hidden>";

	TOKENS("<x a=\"1\" b='2' c=3 d e = \"5\" F=G />",
	    "<x a=\"1\" b=\"2\" c=\"3\" d=\"\" e=\"5\" f=\"G\"/>");
	TOKENS("<x a=b/>", "<x a=\"b/\">");
	TOKENS("<x a='say \"hi\"' b=\"it's\">",
	    "<x a=\"say \"hi\"\" b=\"it's\">");
	TOKENS("<a title=\"x>y\">", "<a title=\"x>y\">");
	TOKENS("<a href=a&amp;b&lt;c>", "<a href=\"a&b<c\">");
	TOKENS("<a\nhref=\"x\"\n\ttarget=_blank\n>", "<a href=\"x\" "
	    "target=\"_blank\">");
	TOKENS("<DIV CLASS=\"Big\">", "<div class=\"Big\">");
	TOKENS("<abcdefghijklmnopqrstuvwxyz>", "<abcdefghijklmno>");
	TOKENS("<p/ class=x>", "<p class=\"x\">");
	TOKENS("<p =x>", "<p =x=\"\">");
	TOKENS("</p class=\"x\">", "</p>");
	TOKENS("<a <b>", "<a <b=\"\">");

	CHECK(html_next(s, strlen(s), &pos, &t) == 1);
	CHECK_STR(t.name, "img");
	CHECK_STR(html_attr(&t, "src"), "a.png");
	CHECK_STR(html_attr(&t, "alt"), "it");	/* the first one wins */
	CHECK_STR(html_attr(&t, "hidden"), "");
	CHECK(html_attr(&t, "width") == NULL);
	CHECK(t.nattrs == 5);	/* 's' is a name, as in HTML5 */
	CHECK(html_next(s, strlen(s), &pos, &t) == 0);
	html_tok_free(&t);
}

static void
test_decode(void)
{
	DECODE("&amp;&lt;&gt;&quot;&apos;&nbsp;", "&<>\"'\xC2\xA0");
	DECODE("caf&eacute; &uuml;ber se&ntilde;or &Eacute;",
	    "caf\xC3\xA9 \xC3\xBC" "ber se\xC3\xB1or \xC3\x89");
	DECODE("&copy;&reg;&trade;&hellip;&mdash;&ndash;",
	    "\xC2\xA9\xC2\xAE\xE2\x84\xA2\xE2\x80\xA6\xE2\x80\x94\xE2\x80\x93");
	DECODE("&lsquo;&rsquo;&ldquo;&rdquo;&bull;&middot;",
	    "\xE2\x80\x98\xE2\x80\x99\xE2\x80\x9C\xE2\x80\x9D\xE2\x80\xA2"
	    "\xC2\xB7");
	DECODE("&times;&divide;&deg;&euro;&pound;&yen;&sect;&para;",
	    "\xC3\x97\xC3\xB7\xC2\xB0\xE2\x82\xAC\xC2\xA3\xC2\xA5\xC2\xA7"
	    "\xC2\xB6");
	DECODE("&laquo;&raquo;&larr;&rarr;&uarr;&darr;&harr;&hearts;&check;",
	    "\xC2\xAB\xC2\xBB\xE2\x86\x90\xE2\x86\x92\xE2\x86\x91\xE2\x86\x93"
	    "\xE2\x86\x94\xE2\x99\xA5\xE2\x9C\x93");
	DECODE("&AElig;&alefsym;&zwnj;&yuml;", "\xC3\x86\xE2\x84\xB5"
	    "\xE2\x80\x8C\xC3\xBF");

	DECODE("&#65;&#x41;&#X41;&#065;&#x00041;", "AAAAA");
	DECODE("&#65&#x42 &#67x", "AB Cx");	/* ';' optional on numbers */
	DECODE("&#39;&#x27;", "''");
	DECODE("&#x1F600;", "\xF0\x9F\x98\x80");
	DECODE("&#0;", "\xEF\xBF\xBD");
	DECODE("&#xD800;&#xdfff;", "\xEF\xBF\xBD\xEF\xBF\xBD");
	DECODE("&#x110000;", "\xEF\xBF\xBD");
	DECODE("&#99999999999999999999999;", "\xEF\xBF\xBD");
	DECODE("&#xFFFFFFFFFFFFFFFFFFFF", "\xEF\xBF\xBD");
	DECODE("&#128;&#x92;&#150;&#x9F;", "\xE2\x82\xAC\xE2\x80\x99"
	    "\xE2\x80\x93\xC5\xB8");
	DECODE("&#x81;&#x9D;", "\xC2\x81\xC2\x9D");	/* holes stay */

	DECODE("&bogus; &amp &#; &#x; &#xg; & &; &&amp;",
	    "&bogus; &amp &#; &#x; &#xg; & &; &&");
	DECODE("AT&T &eacute &release=1&reltype=2",
	    "AT&T &eacute &release=1&reltype=2");
	DECODE("&Amp; &AMP; &averylongname;", "&Amp; &AMP; &averylongname;");
	DECODE("x&", "x&");
	DECODE("x&am", "x&am");
	DECODE("x&#", "x&#");
	DECODE("x&#x", "x&#x");
	DECODE("", "");
	DECODE("no refs", "no refs");
}

static void
test_comments(void)
{
	TOKENS("a<!-- x -->b", "T(a)C( x )T(b)");
	TOKENS("a<!-- x", "T(a)C( x)");
	TOKENS("a<!--", "T(a)C()");
	TOKENS("<!-- a -- b <p> -->", "C( a -- b <p> )");
	TOKENS("<!---->", "C()");
	TOKENS("<!-->x", "C()T(x)");
	TOKENS("<!--->x", "C()T(x)");
	TOKENS("<!DOCTYPE html>", "C(DOCTYPE html)");
	TOKENS("<!doctype html", "C(doctype html)");
	TOKENS("<?xml version=\"1.0\"?>x", "C(xml version=\"1.0\"?)T(x)");
	TOKENS("<?php", "C(php)");
	TOKENS("<![CDATA[x<y>z]]>w", "C(x<y>z)T(w)");
	TOKENS("<![cdata[x", "C(x)");
	TOKENS("<!>", "T(<!>)");
	TOKENS("a<!", "T(a<!)");
	TOKENS("<!-", "T(<!-)");
}

static void
test_raw(void)
{
	TOKENS("<script>if (a < b && c) w(\"</div>\")</script>x",
	    "<script>R(if (a < b && c) w(\"</div>\"))</script>T(x)");
	TOKENS("<STYLE type=text/css>p{}</Style >",
	    "<style type=\"text/css\">R(p{})</style>");
	TOKENS("<script>abc", "<script>R(abc)");
	TOKENS("<script>a</scripts>b</script>", "<script>R(a</scripts>b)"
	    "</script>");
	TOKENS("<script>a</script", "<script>R(a</script)");
	TOKENS("<script>&amp;</SCRIPT>", "<script>R(&amp;)</script>");
	TOKENS("<script></script>", "<script></script>");
	TOKENS("<script/>x", "<script/>T(x)");
	TOKENS("<style><!-- a --></style>", "<style>R(<!-- a -->)</style>");
	TOKENS("<script>x</style>y</script>",
	    "<script>R(x</style>y)</script>");
}

static void
test_lines(void)
{
	const char *s = "a\n<b>\nc\n<!--\n-->\n<br>";
	unsigned want[] = { 0, 1, 1, 3, 4, 5 };
	struct html_tok t = {0};
	size_t pos = 0, n = 0;

	while (html_next(s, strlen(s), &pos, &t)) {
		CHECK(n < sizeof(want) / sizeof(*want) && t.line == want[n]);
		n++;
	}
	CHECK(n == 6);
	html_tok_free(&t);
	TOKENS("<a\nb=\"1\n2\">\n\nx\n", "<a b=\"1\n2\">T(\n\nx\n)");
}

static void
test_malformed(void)
{
	TOKENS("a < b", "T(a < b)");
	TOKENS("<3", "T(<3)");
	TOKENS("<<", "T(<<)");
	TOKENS("<<b>", "T(<)<b>");
	TOKENS("<", "T(<)");
	TOKENS("<>", "T(<>)");
	TOKENS("</>", "T(</>)");
	TOKENS("a</ b>", "T(a</ b>)");
	TOKENS("<a", "T(<a)");
	TOKENS("</a", "T(</a)");
	TOKENS("<a href=\"unterminated", "T(<a href=\"unterminated)");
	TOKENS("x <a href='y", "T(x <a href='y)");
	TOKENS("<a href=", "T(<a href=)");
	TOKENS("<a b=\"c\" /", "T(<a b=\"c\" /)");
	TOKENS("1 <2 and 3> 4<br>", "T(1 <2 and 3> 4)<br>");
	TOKENS("<b x=\"<i>\">", "<b x=\"<i>\">");
	TOKENS("Tom &amp; Jerry<br>&lt;3", "T(Tom & Jerry)<br>T(<3)");
	TOKENS("a <b c=\"d\nmore <i>x</i>", "T(a <b c=\"d\nmore <i>x</i>)");
	TOKENS("<your password here>", "<your password=\"\" here=\"\">");
	TOKENS("if a<b then", "T(if a<b then)");

	/* A NUL inside a name is dropped; the input is not a C string. */
	char *got = dump("<p\0q>x", 6);
	CHECK_STR(got, "<pq>T(x)");
	free(got);
}

static void
test_is_block(void)
{
	const char *yes[] = { "p", "div", "blockquote", "ul", "ol", "li",
	    "dl", "dt", "dd", "h1", "h6", "pre", "table", "thead", "tbody",
	    "tr", "td", "th", "hr", "section", "article", "aside", "header",
	    "footer", "nav", "figure", "figcaption", "center", "details",
	    "summary", "form", "iframe", "video", "audio", "object", "embed",
	    "address", "main" };
	const char *no[] = { "a", "span", "br", "img", "em", "b", "h7", "",
	    "script", "DIV", "divx" };

	for (size_t i = 0; i < sizeof(yes) / sizeof(*yes); i++)
		CHECK(html_is_block(yes[i]));
	for (size_t i = 0; i < sizeof(no) / sizeof(*no); i++)
		CHECK(!html_is_block(no[i]));
}

static uint32_t
rnd(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

/*
 * Random strings, mostly of markup's characters, each in a buffer of
 * exactly its size so the sanitizers see any read past len. dump checks
 * that each token advances and that every pass ends.
 */
static void
test_random(void)
{
	static const char alpha[] = "<<<>>//!!--??\"\"''==  &&##;;xX09aAbp\n\t"
	    "script style [CDATA[ ]]> </script> &amp; &#x &#1";
	uint32_t seed = 2463534242u;
	unsigned fails = check_failed;

	for (int n = 0; n < 5000 && check_failed == fails; n++) {
		size_t len = rnd(&seed) % 160;
		char *s = xmalloc(len ? len : 1);

		for (size_t i = 0; i < len; i++) {
			uint32_t r = rnd(&seed);
			s[i] = r % 4 == 0 ? (char)(r >> 8) :
			    alpha[(r >> 8) % (sizeof(alpha) - 1)];
		}
		free(dump(s, len));
		free(s);
	}
}

/* Inputs that would be quadratic in a naive tokenizer; they must end. */
static void
test_pathological(void)
{
	static const char *unit[] = { "<a x=\"", "<a ", "<", "</a", "&#",
	    "&amp", "<!", "<a b='c'", "<script>", "</scrip", "<!-- " };
	enum { N = 200000 };

	for (size_t u = 0; u < sizeof(unit) / sizeof(*unit); u++) {
		size_t ulen = strlen(unit[u]), len = N / ulen * ulen;
		char *s = xmalloc(len);

		for (size_t i = 0; i < len; i += ulen)
			memcpy(s + i, unit[u], ulen);
		free(dump(s, len));
		free(s);
	}
}

/* The alignment an HTML block's first element asks for. */
static void
test_align(void)
{
	static const struct {
		const char *html;
		enum html_align want;
	} cases[] = {
		{ "<p style=\"text-align: center;\">\n  <a href=x>go</a>\n</p>",
		    HTML_ALIGN_CENTER },
		{ "<center>Fog at two</center>", HTML_ALIGN_CENTER },
		{ "<!-- x -->\n <div ALIGN='Right'>k</div>", HTML_ALIGN_RIGHT },
		{ "<p style=\"color: red; TEXT-ALIGN:right\">k</p>",
		    HTML_ALIGN_RIGHT },
		{ "<p style=\"text-align: left\">k</p>", HTML_ALIGN_NONE },
		{ "<p>k <center>not the first</center></p>", HTML_ALIGN_NONE },
		{ "text first <center>no</center>", HTML_ALIGN_NONE },
		{ "<p style=\"text-align\">broken</p>", HTML_ALIGN_NONE },
		{ "", HTML_ALIGN_NONE },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++)
		CHECK(html_align(cases[i].html, strlen(cases[i].html)) ==
		    cases[i].want);
}

int
main(void)
{
	test_corpus_forms();
	test_attributes();
	test_decode();
	test_comments();
	test_raw();
	test_lines();
	test_malformed();
	test_is_block();
	test_align();
	test_random();
	test_pathological();
	return check_done();
}
