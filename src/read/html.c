/*
 * html.c - tokenizing the raw HTML of blog posts, and decoding character
 * references. It follows the HTML5 tokenizer where blog markup needs it
 * and reads whatever it cannot parse as text, in linear time.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html.h"

/* Named references, sorted by strcmp for bsearch: HTML 4's set and a few. */
static const struct entity {
	const char	*name;
	unsigned	 cp;
} entities[] = {
	{ "AElig", 0x00C6 }, { "Aacute", 0x00C1 }, { "Acirc", 0x00C2 },
	{ "Agrave", 0x00C0 }, { "Alpha", 0x0391 }, { "Aring", 0x00C5 },
	{ "Atilde", 0x00C3 }, { "Auml", 0x00C4 }, { "Beta", 0x0392 },
	{ "Ccedil", 0x00C7 }, { "Chi", 0x03A7 }, { "Dagger", 0x2021 },
	{ "Delta", 0x0394 }, { "ETH", 0x00D0 }, { "Eacute", 0x00C9 },
	{ "Ecirc", 0x00CA }, { "Egrave", 0x00C8 },
	{ "Epsilon", 0x0395 }, { "Eta", 0x0397 }, { "Euml", 0x00CB },
	{ "Gamma", 0x0393 }, { "Iacute", 0x00CD }, { "Icirc", 0x00CE },
	{ "Igrave", 0x00CC }, { "Iota", 0x0399 }, { "Iuml", 0x00CF },
	{ "Kappa", 0x039A }, { "Lambda", 0x039B }, { "Mu", 0x039C },
	{ "Ntilde", 0x00D1 }, { "Nu", 0x039D }, { "OElig", 0x0152 },
	{ "Oacute", 0x00D3 }, { "Ocirc", 0x00D4 },
	{ "Ograve", 0x00D2 }, { "Omega", 0x03A9 },
	{ "Omicron", 0x039F }, { "Oslash", 0x00D8 },
	{ "Otilde", 0x00D5 }, { "Ouml", 0x00D6 }, { "Phi", 0x03A6 },
	{ "Pi", 0x03A0 }, { "Prime", 0x2033 }, { "Psi", 0x03A8 },
	{ "Rho", 0x03A1 }, { "Scaron", 0x0160 }, { "Sigma", 0x03A3 },
	{ "THORN", 0x00DE }, { "Tau", 0x03A4 }, { "Theta", 0x0398 },
	{ "Uacute", 0x00DA }, { "Ucirc", 0x00DB },
	{ "Ugrave", 0x00D9 }, { "Upsilon", 0x03A5 },
	{ "Uuml", 0x00DC }, { "Xi", 0x039E }, { "Yacute", 0x00DD },
	{ "Yuml", 0x0178 }, { "Zeta", 0x0396 }, { "aacute", 0x00E1 },
	{ "acirc", 0x00E2 }, { "acute", 0x00B4 }, { "aelig", 0x00E6 },
	{ "agrave", 0x00E0 }, { "alefsym", 0x2135 },
	{ "alpha", 0x03B1 }, { "amp", 0x0026 }, { "and", 0x2227 },
	{ "ang", 0x2220 }, { "apos", 0x0027 }, { "aring", 0x00E5 },
	{ "asymp", 0x2248 }, { "atilde", 0x00E3 }, { "auml", 0x00E4 },
	{ "bdquo", 0x201E }, { "beta", 0x03B2 }, { "brvbar", 0x00A6 },
	{ "bull", 0x2022 }, { "cap", 0x2229 }, { "ccedil", 0x00E7 },
	{ "cedil", 0x00B8 }, { "cent", 0x00A2 }, { "check", 0x2713 },
	{ "chi", 0x03C7 }, { "circ", 0x02C6 }, { "clubs", 0x2663 },
	{ "cong", 0x2245 }, { "copy", 0x00A9 }, { "crarr", 0x21B5 },
	{ "cross", 0x2717 }, { "cup", 0x222A }, { "curren", 0x00A4 },
	{ "dArr", 0x21D3 }, { "dagger", 0x2020 }, { "darr", 0x2193 },
	{ "deg", 0x00B0 }, { "delta", 0x03B4 }, { "diams", 0x2666 },
	{ "divide", 0x00F7 }, { "eacute", 0x00E9 },
	{ "ecirc", 0x00EA }, { "egrave", 0x00E8 }, { "empty", 0x2205 },
	{ "emsp", 0x2003 }, { "ensp", 0x2002 }, { "epsilon", 0x03B5 },
	{ "equiv", 0x2261 }, { "eta", 0x03B7 }, { "eth", 0x00F0 },
	{ "euml", 0x00EB }, { "euro", 0x20AC }, { "exist", 0x2203 },
	{ "fnof", 0x0192 }, { "forall", 0x2200 }, { "frac12", 0x00BD },
	{ "frac14", 0x00BC }, { "frac34", 0x00BE },
	{ "frasl", 0x2044 }, { "gamma", 0x03B3 }, { "ge", 0x2265 },
	{ "gt", 0x003E }, { "hArr", 0x21D4 }, { "harr", 0x2194 },
	{ "hearts", 0x2665 }, { "hellip", 0x2026 },
	{ "iacute", 0x00ED }, { "icirc", 0x00EE }, { "iexcl", 0x00A1 },
	{ "igrave", 0x00EC }, { "image", 0x2111 }, { "infin", 0x221E },
	{ "int", 0x222B }, { "iota", 0x03B9 }, { "iquest", 0x00BF },
	{ "isin", 0x2208 }, { "iuml", 0x00EF }, { "kappa", 0x03BA },
	{ "lArr", 0x21D0 }, { "lambda", 0x03BB }, { "lang", 0x27E8 },
	{ "laquo", 0x00AB }, { "larr", 0x2190 }, { "lceil", 0x2308 },
	{ "ldquo", 0x201C }, { "le", 0x2264 }, { "lfloor", 0x230A },
	{ "lowast", 0x2217 }, { "loz", 0x25CA }, { "lrm", 0x200E },
	{ "lsaquo", 0x2039 }, { "lsquo", 0x2018 }, { "lt", 0x003C },
	{ "macr", 0x00AF }, { "mdash", 0x2014 }, { "micro", 0x00B5 },
	{ "middot", 0x00B7 }, { "minus", 0x2212 }, { "mu", 0x03BC },
	{ "nabla", 0x2207 }, { "nbsp", 0x00A0 }, { "ndash", 0x2013 },
	{ "ne", 0x2260 }, { "ni", 0x220B }, { "not", 0x00AC },
	{ "notin", 0x2209 }, { "nsub", 0x2284 }, { "ntilde", 0x00F1 },
	{ "nu", 0x03BD }, { "oacute", 0x00F3 }, { "ocirc", 0x00F4 },
	{ "oelig", 0x0153 }, { "ograve", 0x00F2 }, { "oline", 0x203E },
	{ "omega", 0x03C9 }, { "omicron", 0x03BF },
	{ "oplus", 0x2295 }, { "or", 0x2228 }, { "ordf", 0x00AA },
	{ "ordm", 0x00BA }, { "oslash", 0x00F8 }, { "otilde", 0x00F5 },
	{ "otimes", 0x2297 }, { "ouml", 0x00F6 }, { "para", 0x00B6 },
	{ "part", 0x2202 }, { "permil", 0x2030 }, { "perp", 0x22A5 },
	{ "phi", 0x03C6 }, { "pi", 0x03C0 }, { "plusmn", 0x00B1 },
	{ "pound", 0x00A3 }, { "prime", 0x2032 }, { "prod", 0x220F },
	{ "prop", 0x221D }, { "psi", 0x03C8 }, { "quot", 0x0022 },
	{ "rArr", 0x21D2 }, { "radic", 0x221A }, { "rang", 0x27E9 },
	{ "raquo", 0x00BB }, { "rarr", 0x2192 }, { "rceil", 0x2309 },
	{ "rdquo", 0x201D }, { "real", 0x211C }, { "reg", 0x00AE },
	{ "rfloor", 0x230B }, { "rho", 0x03C1 }, { "rlm", 0x200F },
	{ "rsaquo", 0x203A }, { "rsquo", 0x2019 }, { "sbquo", 0x201A },
	{ "scaron", 0x0161 }, { "sdot", 0x22C5 }, { "sect", 0x00A7 },
	{ "shy", 0x00AD }, { "sigma", 0x03C3 }, { "sigmaf", 0x03C2 },
	{ "sim", 0x223C }, { "spades", 0x2660 }, { "star", 0x2606 },
	{ "starf", 0x2605 }, { "sub", 0x2282 }, { "sube", 0x2286 },
	{ "sum", 0x2211 }, { "sup", 0x2283 }, { "sup1", 0x00B9 },
	{ "sup2", 0x00B2 }, { "sup3", 0x00B3 }, { "supe", 0x2287 },
	{ "szlig", 0x00DF }, { "tau", 0x03C4 }, { "there4", 0x2234 },
	{ "theta", 0x03B8 }, { "thinsp", 0x2009 }, { "thorn", 0x00FE },
	{ "tilde", 0x02DC }, { "times", 0x00D7 }, { "trade", 0x2122 },
	{ "uArr", 0x21D1 }, { "uacute", 0x00FA }, { "uarr", 0x2191 },
	{ "ucirc", 0x00FB }, { "ugrave", 0x00F9 }, { "uml", 0x00A8 },
	{ "upsilon", 0x03C5 }, { "uuml", 0x00FC },
	{ "weierp", 0x2118 }, { "xi", 0x03BE }, { "yacute", 0x00FD },
	{ "yen", 0x00A5 }, { "yuml", 0x00FF }, { "zeta", 0x03B6 },
	{ "zwj", 0x200D }, { "zwnj", 0x200C },
};

/* HTML5 reads &#128; to &#159; as Windows-1252; 0 where it keeps them. */
static const unsigned short cp1252[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

/* Sorted by strcmp for bsearch. */
static const char *const blocks[] = {
	"address", "article", "aside", "audio", "blockquote", "center",
	"dd", "details", "div", "dl", "dt", "embed", "figcaption", "figure",
	"footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
	"iframe", "li", "main", "nav", "object", "ol", "p", "pre", "section",
	"summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
	"video",
};

/* Longest name in entities, to bound the scan of an unknown one. */
#define ENTITY_MAX	7

/* ASCII only: the tokenizer must not depend on the locale. */
static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static int
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_alnum(char c)
{
	return is_alpha(c) || (c >= '0' && c <= '9');
}

static char
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Value of digit c in base 16 or 10, or 16 when it is none. */
static unsigned
digit(char c, unsigned base)
{
	unsigned d = 16;

	if (c >= '0' && c <= '9')
		d = (unsigned)(c - '0');
	else if (base == 16 && lower(c) >= 'a' && lower(c) <= 'f')
		d = (unsigned)(lower(c) - 'a' + 10);
	return d < base ? d : 16;
}

static int
entity_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct entity *)elem)->name);
}

static int
str_cmp(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

/*
 * Reads the reference after the '&' at s[i], storing its code point in
 * *cp. Returns the offset just past it, or 0 when there is none: named
 * references need their ';', numeric ones may go without.
 */
static size_t
char_ref(const char *s, size_t len, size_t i, unsigned *cp)
{
	const struct entity *e;
	char name[ENTITY_MAX + 1];
	unsigned base = 10, d, v = 0;
	size_t start, n;

	if (i < len && s[i] == '#') {
		if (++i < len && (s[i] == 'x' || s[i] == 'X')) {
			base = 16;
			i++;
		}
		for (start = i; i < len && (d = digit(s[i], base)) < 16; i++)
			if (v <= 0x10FFFF)	/* saturate: past it is invalid */
				v = v * base + d;
		if (i == start)
			return 0;
		if (v >= 0x80 && v <= 0x9F && cp1252[v - 0x80] != 0)
			v = cp1252[v - 0x80];
		*cp = v;	/* buf_put_utf8 turns 0 and the invalid to U+FFFD */
		return i < len && s[i] == ';' ? i + 1 : i;
	}
	for (n = 0; i + n < len && n <= ENTITY_MAX && is_alnum(s[i + n]); n++)
		continue;
	if (n == 0 || n > ENTITY_MAX || i + n >= len || s[i + n] != ';')
		return 0;
	memcpy(name, s + i, n);
	name[n] = '\0';
	e = bsearch(name, entities, sizeof(entities) / sizeof(*entities),
	    sizeof(*entities), entity_cmp);
	if (e == NULL)
		return 0;
	*cp = e->cp;
	return i + n + 1;
}

void
html_decode(struct buf *out, const char *s, size_t len)
{
	const char *amp;
	size_t i = 0, a, end;
	unsigned cp;

	while (i < len && (amp = memchr(s + i, '&', len - i)) != NULL) {
		a = (size_t)(amp - s);
		buf_append(out, s + i, a - i);
		if ((end = char_ref(s, len, a + 1, &cp)) == 0) {
			buf_putc(out, '&');
			i = a + 1;
		} else {
			buf_put_utf8(out, cp);
			i = end;
		}
	}
	if (i < len)
		buf_append(out, s + i, len - i);
}

int
html_is_block(const char *name)
{
	return bsearch(name, blocks, sizeof(blocks) / sizeof(*blocks),
	    sizeof(*blocks), str_cmp) != NULL;
}

/* "center" or "right" at the start of v (after blanks), in any case. */
static enum html_align
align_word(const char *v)
{
	v += strspn(v, " \t\n");
	if (strncasecmp(v, "center", 6) == 0 || strncasecmp(v, "centre", 6) == 0)
		return HTML_ALIGN_CENTER;
	if (strncasecmp(v, "right", 5) == 0)
		return HTML_ALIGN_RIGHT;
	return HTML_ALIGN_NONE;
}

enum html_align
html_align(const char *s, size_t len)
{
	struct html_tok t = {0};
	enum html_align a = HTML_ALIGN_NONE;
	size_t pos = 0;

	while (html_next(s, len, &pos, &t)) {
		const char *v;

		if (t.kind == HTML_COMMENT || (t.kind == HTML_TEXT &&
		    strspn(t.text.data ? t.text.data : "", " \t\n") ==
		    t.text.len))
			continue;
		if (t.kind != HTML_START)
			break;
		if (strcmp(t.name, "center") == 0)
			a = HTML_ALIGN_CENTER;
		else if ((v = html_attr(&t, "align")) != NULL)
			a = align_word(v);
		else if ((v = html_attr(&t, "style")) != NULL)
			for (const char *p = v; *p; p++)
				if (strncasecmp(p, "text-align", 10) == 0) {
					p += 10 + strspn(p + 10, " \t\n");
					if (*p == ':')
						a = align_word(p + 1);
					break;
				}
		break;
	}
	html_tok_free(&t);
	return a;
}

const char *
html_attr(const struct html_tok *t, const char *name)
{
	for (size_t i = 0; i < t->nattrs; i++)
		if (strcmp(t->attrs[i].name, name) == 0)
			return t->attrs[i].value;
	return NULL;
}

void
html_tok_free(struct html_tok *t)
{
	for (size_t i = 0; i < t->nattrs; i++) {
		free(t->attrs[i].name);
		free(t->attrs[i].value);
	}
	free(t->attrs);
	buf_free(&t->text);
	memset(t, 0, sizeof(*t));
}

/* Number of '\n' in s[0..len). */
static unsigned
count_lines(const char *s, size_t len)
{
	const char *nl, *end = s + len;
	unsigned n = 0;

	while (s < end && (nl = memchr(s, '\n', (size_t)(end - s))) != NULL) {
		n++;
		s = nl + 1;
	}
	return n;
}

/* Offset of needle in s[i..len), or len. */
static size_t
find(const char *s, size_t len, size_t i, const char *needle)
{
	size_t n = strlen(needle);

	for (; i + n <= len; i++)
		if (memcmp(s + i, needle, n) == 0)
			return i;
	return len;
}

/* Whether s[i..len) starts with ASCII word, ignoring case. */
static int
starts_ci(const char *s, size_t len, size_t i, const char *word)
{
	for (; *word != '\0'; word++, i++)
		if (i >= len || lower(s[i]) != lower(*word))
			return 0;
	return 1;
}

/*
 * A comment-like token whose content s[from..) runs to close or, when
 * it is missing, to the end of input. Returns the offset past it.
 */
static size_t
comment(const char *s, size_t len, size_t from, const char *close,
    struct html_tok *t)
{
	size_t end = find(s, len, from, close);

	if (t != NULL) {
		t->kind = HTML_COMMENT;
		buf_append(&t->text, s + from, end - from);
	}
	return end == len ? len : end + strlen(close);
}

static void
add_attr(struct html_tok *t, const char *name, size_t nlen,
    const char *value, size_t vlen)
{
	struct html_attr *a;
	struct buf v = {0};
	size_t n = t->nattrs;

	/* Double at each power of two: amortized linear, no capacity field. */
	if ((n & (n - 1)) == 0)
		t->attrs = xreallocarray(t->attrs, n ? 2 * n : 1,
		    sizeof(*t->attrs));
	a = &t->attrs[t->nattrs++];
	a->name = xstrndup(name, nlen);
	for (char *p = a->name; *p != '\0'; p++)
		*p = lower(*p);
	html_decode(&v, value, vlen);
	a->value = buf_take(&v);
}

/*
 * Reads a start or end tag whose name begins at s[i]. Returns the offset
 * past its '>', or 0 when the input ends first. With t NULL it only
 * measures.
 */
static size_t
tag(const char *s, size_t len, size_t i, struct html_tok *t,
    enum html_tok_kind kind)
{
	const char *q;
	size_t n = 0, an, alen, vs, vlen;
	int self_closing = 0;

	for (; i < len && !is_space(s[i]) && s[i] != '/' && s[i] != '>'; i++)
		if (t != NULL && n < sizeof(t->name) - 1 && s[i] != '\0')
			t->name[n++] = lower(s[i]);
	for (;;) {
		while (i < len && is_space(s[i]))
			i++;
		if (i >= len)
			return 0;
		if (s[i] == '>')
			break;
		if (s[i] == '/') {
			if (i + 1 < len && s[i + 1] == '>') {
				self_closing = 1;
				i++;
				break;
			}
			i++;
			continue;
		}
		/* As in HTML5, a name may begin with '='. */
		for (an = i++; i < len && !is_space(s[i]) && s[i] != '/' &&
		    s[i] != '>' && s[i] != '='; i++)
			continue;
		alen = i - an;
		while (i < len && is_space(s[i]))
			i++;
		vs = i;
		vlen = 0;
		if (i < len && s[i] == '=') {
			for (i++; i < len && is_space(s[i]); i++)
				continue;
			if (i >= len)
				return 0;
			if (s[i] == '"' || s[i] == '\'') {
				q = memchr(s + i + 1, s[i], len - i - 1);
				if (q == NULL)
					return 0;
				vs = i + 1;
				i = (size_t)(q - s);
				vlen = i++ - vs;
			} else {
				for (vs = i; i < len && !is_space(s[i]) &&
				    s[i] != '>'; i++)
					continue;
				vlen = i - vs;
			}
		}
		if (t != NULL && kind == HTML_START)
			add_attr(t, s + an, alen, s + vs, vlen);
	}
	if (t != NULL) {
		t->kind = kind;
		t->self_closing = kind == HTML_START && self_closing;
	}
	return i + 1;
}

/* Whether s[p] is '<' opening a start or end tag. */
static int
opens_tag(const char *s, size_t len, size_t p)
{
	return p + 1 < len && (is_alpha(s[p + 1]) ||
	    (s[p + 1] == '/' && p + 2 < len && is_alpha(s[p + 2])));
}

/*
 * Reads the markup at the '<' of s[p] into t (or only measures, with t
 * NULL). Returns the offset past it, or 0 when it is text after all.
 */
static size_t
markup(const char *s, size_t len, size_t p, struct html_tok *t)
{
	size_t i = p + 1;

	if (i >= len)
		return 0;
	if (s[i] == '!') {
		if (starts_ci(s, len, i + 1, "--")) {
			/* <!--> and <!---> are empty comments in HTML5. */
			if (i + 3 < len && s[i + 3] == '>')
				return comment(s, len, i + 3, ">", t);
			if (i + 4 < len && s[i + 3] == '-' && s[i + 4] == '>')
				return comment(s, len, i + 3, "->", t);
			return comment(s, len, i + 3, "-->", t);
		}
		if (starts_ci(s, len, i + 1, "[CDATA["))
			return comment(s, len, i + 8, "]]>", t);
		if (i + 1 < len && is_alpha(s[i + 1]))
			return comment(s, len, i + 1, ">", t);
		return 0;
	}
	if (s[i] == '?')
		return comment(s, len, i + 1, ">", t);
	if (s[i] == '/')
		return opens_tag(s, len, p) ? tag(s, len, i + 1, t, HTML_END) : 0;
	return opens_tag(s, len, p) ? tag(s, len, i, t, HTML_START) : 0;
}

/*
 * Offset of the end tag </name> closing raw text from s[p], or len: as
 * in HTML5, only a whole name ends it, in any case.
 */
static size_t
raw_end(const char *s, size_t len, size_t p, const char *name)
{
	const char *q;
	size_t i, n = strlen(name);

	for (; p < len && (q = memchr(s + p, '<', len - p)) != NULL; p = i + 1) {
		i = (size_t)(q - s);
		if (i + n + 2 < len && s[i + 1] == '/' &&
		    starts_ci(s, len, i + 2, name) && (is_space(s[i + n + 2]) ||
		    s[i + n + 2] == '/' || s[i + n + 2] == '>'))
			return i;
	}
	return len;
}

/*
 * End of the text run from s[p]: the next '<' that opens markup, or the
 * end of input. A tag left open at the end makes the rest text, so that
 * a failing tag costs one scan and a whole pass stays linear.
 */
static size_t
text_end(const char *s, size_t len, size_t p)
{
	const char *q;
	size_t i;

	for (; p < len && (q = memchr(s + p, '<', len - p)) != NULL; p = i + 1) {
		i = (size_t)(q - s);
		if (markup(s, len, i, NULL) != 0)
			return i;
		if (opens_tag(s, len, i))
			return len;
	}
	return len;
}

int
html_next(const char *s, size_t len, size_t *pos, struct html_tok *t)
{
	char raw[sizeof(t->name)] = "";
	size_t p = *pos, end;
	unsigned line;

	if (t->kind == HTML_START && !t->self_closing &&
	    (strcmp(t->name, "script") == 0 || strcmp(t->name, "style") == 0))
		memcpy(raw, t->name, sizeof(raw));
	/* Count on from the previous token, so a whole pass stays linear. */
	if (t->off <= p && p <= len)
		line = t->line + count_lines(s + t->off, p - t->off);
	else
		line = count_lines(s, p < len ? p : len);
	html_tok_free(t);
	t->off = p;
	t->line = line;
	if (p >= len)
		return 0;

	if (raw[0] != '\0' && (end = raw_end(s, len, p, raw)) > p) {
		t->kind = HTML_RAW;
		buf_append(&t->text, s + p, end - p);
		*pos = end;
		return 1;
	}
	if (s[p] == '<') {
		if ((end = markup(s, len, p, t)) != 0) {
			*pos = end;
			return 1;
		}
		/* Undo the attributes of a tag that ran out of input. */
		html_tok_free(t);
		t->off = p;
		t->line = line;
		end = opens_tag(s, len, p) ? len : text_end(s, len, p + 1);
	} else {
		end = text_end(s, len, p + 1);
	}
	t->kind = HTML_TEXT;
	html_decode(&t->text, s + p, end - p);
	*pos = end;
	return 1;
}
