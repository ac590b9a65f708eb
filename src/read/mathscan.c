/*
 * mathscan.c - formulas out of Markdown: one forward pass, line by line.
 *
 * Code is found as cmark would, lightly: fences (``` or ~~~, after any
 * quote markers and indentation), indented code after a blank line
 * outside lists, and code spans (a run of backticks closed by a run as
 * long, within the paragraph). A paragraph ends at a blank line, a fence
 * or an ATX heading; no formula reaches past it. Searches for closing
 * delimiters remember their last answer, so that every byte is looked at
 * a bounded number of times.
 */
#include "mathscan.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define NONE	SIZE_MAX
#define RUN_MAX	32	/* longest backtick run that opens a span */

/* The next place at or after from where a closer is (NONE: none before
 * the paragraph's end). */
struct memo {
	size_t	 from, at, end;
};

struct scan {
	const char *s;
	size_t	 len;
	size_t	 pend;		/* end of the current paragraph */
	unsigned first_line;
	unsigned line;		/* newlines before pos */
	struct buf out;
	struct formulas *f;
	struct memo dollar, ddollar, paren, brack, dparen, dbrack;
	struct memo tag_end, close_tag;	/* math shortcodes */
	struct memo env_end;		/* bare \begin{align} */
	struct memo ticks[RUN_MAX + 1];
};

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static size_t
line_end(const struct scan *sc, size_t pos)
{
	const char *nl = memchr(sc->s + pos, '\n', sc->len - pos);

	return nl ? (size_t)(nl - sc->s) : sc->len;
}

/* After quote markers and up to (or past) indentation: the first byte of
 * the line's content, and its indentation in *indent. */
static size_t
content_start(const struct scan *sc, size_t pos, int *indent)
{
	int col = 0;

	for (;;) {
		while (pos < sc->len && (sc->s[pos] == ' ' || sc->s[pos] == '\t')) {
			col += sc->s[pos] == '\t' ? 4 : 1;
			pos++;
		}
		if (pos < sc->len && sc->s[pos] == '>') {
			pos++;
			col = 0;
			if (pos < sc->len && sc->s[pos] == ' ')
				pos++;
			continue;
		}
		break;
	}
	*indent = col;
	return pos;
}

static int
blank_line(const struct scan *sc, size_t pos)
{
	for (; pos < sc->len && sc->s[pos] != '\n'; pos++)
		if (!is_space(sc->s[pos]) && sc->s[pos] != '>')
			return 0;
	return 1;
}

/* A fence opening or closing at p: its character and length. */
static size_t
fence_at(const struct scan *sc, size_t p, char *ch)
{
	size_t n = 0;

	if (p >= sc->len || (sc->s[p] != '`' && sc->s[p] != '~'))
		return 0;
	*ch = sc->s[p];
	while (p + n < sc->len && sc->s[p + n] == *ch)
		n++;
	return n >= 3 ? n : 0;
}

/* Whether the line at pos ends a paragraph (blank, fence, heading). */
static int
breaks_paragraph(const struct scan *sc, size_t pos)
{
	int indent;
	size_t c = content_start(sc, pos, &indent);
	char ch;

	if (blank_line(sc, pos))
		return 1;
	if (indent >= 4)
		return 0;
	return fence_at(sc, c, &ch) > 0 || (c < sc->len && sc->s[c] == '#');
}

/* The end of the paragraph the line at pos begins. */
static size_t
paragraph_end(const struct scan *sc, size_t pos)
{
	size_t e = line_end(sc, pos);

	while (e < sc->len && !breaks_paragraph(sc, e + 1))
		e = line_end(sc, e + 1);
	return e;
}

/* Whether s[i] is preceded by an odd number of backslashes. */
static int
escaped(const struct scan *sc, size_t i)
{
	size_t n = 0;

	while (i > n && sc->s[i - n - 1] == '\\')
		n++;
	return n % 2;
}

typedef int closer_fn(const struct scan *sc, size_t i, size_t n);

/* The next '$' or backtick: inline math ends at the first dollar, if
 * that dollar may close it, and never holds a code span's backtick. */
static int
dollar_or_tick(const struct scan *sc, size_t i, size_t n)
{
	(void)n;
	return (sc->s[i] == '$' && !escaped(sc, i)) || sc->s[i] == '`';
}

/* Whether the '$' at i closes inline math (pandoc's rule). */
static int
dollar_closes(const struct scan *sc, size_t i)
{
	return sc->s[i] == '$' && !is_space(sc->s[i - 1]) &&
	    (i + 1 >= sc->len || sc->s[i + 1] < '0' || sc->s[i + 1] > '9') &&
	    (i + 1 >= sc->len || sc->s[i + 1] != '$');
}

static int
ddollar_closes(const struct scan *sc, size_t i, size_t n)
{
	(void)n;
	return sc->s[i] == '$' && i + 1 < sc->len && sc->s[i + 1] == '$' &&
	    !escaped(sc, i);
}

/* "\)" and friends: pat after one (or two) backslashes. */
static int
bs_closes(const struct scan *sc, size_t i, size_t n, char c)
{
	if (sc->s[i] != '\\' || i + n >= sc->len || sc->s[i + n] != c)
		return 0;
	for (size_t k = 1; k < n; k++)
		if (sc->s[i + k] != '\\')
			return 0;
	return !escaped(sc, i);
}

static int
paren_closes(const struct scan *sc, size_t i, size_t n)
{
	return bs_closes(sc, i, n, ')');
}

static int
brack_closes(const struct scan *sc, size_t i, size_t n)
{
	return bs_closes(sc, i, n, ']');
}

/* A backtick run of exactly n. */
static int
ticks_close(const struct scan *sc, size_t i, size_t n)
{
	size_t k = 0;

	if (sc->s[i] != '`' || (i > 0 && sc->s[i - 1] == '`'))
		return 0;
	while (i + k < sc->len && sc->s[i + k] == '`')
		k++;
	return k == n;
}

/* The first closer at or after from in the paragraph, remembered. */
static size_t
find(struct scan *sc, struct memo *m, closer_fn *fn, size_t from, size_t n)
{
	if (m->end == sc->pend && m->from <= from && (m->at == NONE ||
	    m->at >= from))
		return m->at;
	m->from = from;
	m->end = sc->pend;
	for (m->at = from; m->at < sc->pend; m->at++)
		if (fn(sc, m->at, n))
			return m->at;
	m->at = NONE;
	return NONE;
}

/* Whether only spaces stand between the line's start (after quote and
 * list markers) and a, and between b and the line's end. Looks back
 * over markers and spaces only, so that it costs nothing in long
 * lines. */
static int
alone(const struct scan *sc, size_t a, size_t b)
{
	for (; a > 0 && sc->s[a - 1] != '\n'; a--)
		if (!is_space(sc->s[a - 1]) && !strchr(">-*+", sc->s[a - 1]))
			return 0;
	for (; b < sc->len && sc->s[b] != '\n'; b++)
		if (!is_space(sc->s[b]))
			return 0;
	return 1;
}

/* How many quote markers ('>') the line holding pos is inside. */
static int
quote_depth(const struct scan *sc, size_t pos)
{
	int depth = 0;

	while (pos > 0 && sc->s[pos - 1] != '\n')
		pos--;
	for (; pos < sc->len && (sc->s[pos] == '>' || sc->s[pos] == ' ' ||
	    sc->s[pos] == '\t'); pos++)
		depth += sc->s[pos] == '>';
	return depth;
}

/*
 * s[a, b), a formula's source, as a new string: lines after the first
 * without the quote markers of a formula inside a block quote (up to
 * depth of them, and the spaces about them), which are Markdown's, not
 * TeX's.
 */
static char *
source(const struct scan *sc, size_t a, size_t b, int depth)
{
	struct buf t = {0};

	if (depth == 0 || memchr(sc->s + a, '\n', b - a) == NULL)
		return xstrndup(sc->s + a, b - a);
	for (size_t i = a; i < b;) {
		buf_putc(&t, sc->s[i]);
		if (sc->s[i++] != '\n')
			continue;
		for (int k = 0; i < b; ) {
			if (sc->s[i] == ' ' || sc->s[i] == '\t')
				i++;
			else if (sc->s[i] == '>' && k < depth)
				i++, k++;
			else
				break;
		}
	}
	return buf_take(&t);
}

/* Takes s[a, b) as a formula; src[from, to) is what it replaces (the
 * delimiters too). */
static void
take(struct scan *sc, size_t a, size_t b, size_t from, size_t to,
    int display)
{
	struct formula *fm;
	unsigned nl = count_newlines(sc->s + from, to - from);

	sc->f->v = xreallocarray(sc->f->v, sc->f->n + 1, sizeof(*sc->f->v));
	fm = &sc->f->v[sc->f->n];
	fm->tex = source(sc, a, b, nl > 0 ? quote_depth(sc, from) : 0);
	fm->line = sc->first_line + sc->line;
	fm->display = display;
	buf_printf(&sc->out, MATH_MARK "%zu" MATH_MARK_END, sc->f->n++);
	if (nl > 0) {
		/* Lines kept, none of them blank, in a comment. */
		buf_puts(&sc->out, "<!--");
		for (unsigned i = 0; i < nl; i++)
			buf_puts(&sc->out, "\n.");
		buf_puts(&sc->out, "-->");
	}
	sc->line += nl;
}

/* The end of a shortcode tag, ">}}". */
static int
tag_end(const struct scan *sc, size_t i, size_t n)
{
	(void)n;
	return i + 3 <= sc->len && memcmp(sc->s + i, ">}}", 3) == 0;
}

/* The length of the math shortcode's name at s (0: not one). */
static size_t
math_name(const char *s, size_t left)
{
	if (left >= 5 && memcmp(s, "katex", 5) == 0)
		return 5;
	if (left >= 4 && memcmp(s, "math", 4) == 0)
		return 4;
	return 0;
}

/* A closing "{{< /katex" or "{{< /math". */
static int
close_tag(const struct scan *sc, size_t i, size_t n)
{
	(void)n;
	if (i + 3 > sc->len || memcmp(sc->s + i, "{{<", 3) != 0)
		return 0;
	for (i += 3; i < sc->len && sc->s[i] == ' '; i++)
		;
	return i < sc->len && sc->s[i] == '/' &&
	    math_name(sc->s + i + 1, sc->len - i - 1) > 0;
}

/*
 * Hugo's {{< katex [display] >}}..{{< /katex >}} (or math) at pos: the
 * end of the closing tag, or 0 when there is none.
 */
static size_t
shortcode(struct scan *sc, size_t pos)
{
	const char *s = sc->s;
	size_t name, nlen, open_end, close, cname, end, a, b;
	int display;

	if (pos + 3 > sc->pend || memcmp(s + pos, "{{<", 3) != 0)
		return 0;
	for (name = pos + 3; name < sc->pend && s[name] == ' '; name++)
		;
	nlen = math_name(s + name, sc->pend - name);
	if (nlen == 0 || name + nlen >= sc->pend ||
	    (s[name + nlen] != ' ' && s[name + nlen] != '>'))
		return 0;
	if ((open_end = find(sc, &sc->tag_end, tag_end, name, 0)) == NONE ||
	    (close = find(sc, &sc->close_tag, close_tag, open_end + 3,
	    0)) == NONE)
		return 0;
	for (cname = close + 3; s[cname] == ' '; cname++)
		;
	if (math_name(s + cname + 1, sc->len - cname - 1) != nlen ||
	    memcmp(s + cname + 1, s + name, nlen) != 0 ||
	    (end = find(sc, &sc->tag_end, tag_end, cname, 0)) == NONE)
		return 0;
	display = mem_find(s + name, open_end - name, "display", 7) != NULL;
	a = open_end + 3;
	b = close;
	while (a < b && is_space(s[a]))
		a++;
	while (b > a && is_space(s[b - 1]))
		b--;
	/* the content's own delimiters */
	if (b - a >= 4 && (!memcmp(s + a, "$$", 2) || !memcmp(s + a,
	    "\\[", 2))) {
		display = 1;
		a += 2;
		b -= 2;
	} else if (b - a >= 2 && s[a] == '$' && s[b - 1] == '$') {
		a++;
		b--;
	} else if (b - a >= 4 && !memcmp(s + a, "\\(", 2)) {
		a += 2;
		b -= 2;
	}
	take(sc, a, b, pos, end + 3, display);
	return end + 3;
}

/* Environments MathJax sets where they stand, outside any dollars. */
static const char *const bare_envs[] = {
	"equation", "equation*", "align", "align*", "gather", "gather*",
	"multline", "multline*", "eqnarray", "eqnarray*", "alignat",
	"alignat*", "flalign", "flalign*", "displaymath"
};

/* An "\end{". */
static int
env_end(const struct scan *sc, size_t i, size_t n)
{
	(void)n;
	return i + 5 <= sc->len && memcmp(sc->s + i, "\\end{", 5) == 0 &&
	    !escaped(sc, i);
}

/*
 * \begin{align}..\end{align} (and the others MathJax reads bare) at pos,
 * first on its line: the whole, delimiters too, is a display formula.
 * Returns where it ends, or 0 when it is not one.
 */
static size_t
environment(struct scan *sc, size_t pos)
{
	const char *s = sc->s;
	size_t name = pos + 7, nlen, e;

	if (pos + 7 > sc->pend || memcmp(s + pos, "\\begin{", 7) != 0 ||
	    !alone(sc, pos, line_end(sc, pos)))
		return 0;
	for (nlen = 0; name + nlen < sc->pend && s[name + nlen] != '}' &&
	    nlen < 16; nlen++)
		;
	if (name + nlen >= sc->pend || s[name + nlen] != '}')
		return 0;
	for (size_t i = 0; i < sizeof(bare_envs) / sizeof(*bare_envs); i++)
		if (strlen(bare_envs[i]) == nlen &&
		    memcmp(bare_envs[i], s + name, nlen) == 0)
			goto known;
	return 0;
known:
	/* the first \end{ after it, which must be its own */
	if ((e = find(sc, &sc->env_end, env_end, name + nlen, 0)) == NONE ||
	    e + 5 + nlen + 1 > sc->len || memcmp(s + e + 5, s + name, nlen) ||
	    s[e + 5 + nlen] != '}')
		return 0;
	e += 5 + nlen + 1;
	take(sc, pos, e, pos, e, 1);
	return e;
}

/* Inline content from pos to the end of its line, formulas taken out;
 * returns where it stopped (a newline, or later when a formula or code
 * span ran on). */
static size_t
scan_inline(struct scan *sc, size_t pos)
{
	while (pos < sc->len && sc->s[pos] != '\n') {
		char c = sc->s[pos];
		size_t e, n;

		if (c == '\\' && pos + 1 < sc->len) {
			size_t k = sc->s[pos + 1] == '\\' ? 2 : 1;
			char d = pos + k < sc->len ? sc->s[pos + k] : 0;
			struct memo *m;

			if (d == '(' || d == '[') {
				m = d == '(' ? (k == 1 ? &sc->paren :
				    &sc->dparen) : (k == 1 ? &sc->brack :
				    &sc->dbrack);
				e = find(sc, m, d == '(' ? paren_closes :
				    brack_closes, pos + k + 1, k);
				if (e != NONE) {
					take(sc, pos + k + 1, e, pos, e + k + 1,
					    d == '[' && alone(sc, pos, e + k + 1));
					pos = e + k + 1;
					continue;
				}
			}
			if (k == 1 && (e = environment(sc, pos)) != 0) {
				pos = e;
				continue;
			}
			/* an escape: both characters as they are */
			buf_append(&sc->out, sc->s + pos, 2);
			pos += 2;
			continue;
		}
		if (c == '`') {
			for (n = 0; pos + n < sc->len && sc->s[pos + n] == '`';
			    n++)
				;
			e = n <= RUN_MAX ? find(sc, &sc->ticks[n], ticks_close,
			    pos + n, n) : NONE;
			if (e == NONE)
				e = pos;	/* no span: the run is text */
			buf_append(&sc->out, sc->s + pos, e + n - pos);
			sc->line += count_newlines(sc->s + pos, e + n - pos);
			pos = e + n;
			continue;
		}
		if (c == '$' && pos + 1 < sc->len && sc->s[pos + 1] == '$') {
			e = find(sc, &sc->ddollar, ddollar_closes, pos + 2, 0);
			if (e != NONE && e > pos + 2) {
				take(sc, pos + 2, e, pos, e + 2,
				    alone(sc, pos, e + 2));
				pos = e + 2;
				continue;
			}
			buf_append(&sc->out, "$$", 2);
			pos += 2;
			continue;
		}
		if (c == '$' && pos + 1 < sc->len && !is_space(sc->s[pos + 1])) {
			e = find(sc, &sc->dollar, dollar_or_tick, pos + 1, 0);
			if (e != NONE && dollar_closes(sc, e)) {
				take(sc, pos + 1, e, pos, e + 1, 0);
				pos = e + 1;
				continue;
			}
		}
		if (c == '{' && (e = shortcode(sc, pos)) != 0) {
			pos = e;
			continue;
		}
		buf_putc(&sc->out, c);
		pos++;
	}
	return pos;
}

/* Whether a list item's marker ("- ", "* ", "+ ", "1. ", "2) ") is at
 * c, in a line ending at eol. */
static int
list_marker(const struct scan *sc, size_t c, size_t eol)
{
	size_t d = c;

	if (c < eol && strchr("-*+", sc->s[c]) != NULL)
		return c + 1 == eol || sc->s[c + 1] == ' ' || sc->s[c + 1] == '\t';
	while (d < eol && d - c < 9 && sc->s[d] >= '0' && sc->s[d] <= '9')
		d++;
	return d > c && d < eol && (sc->s[d] == '.' || sc->s[d] == ')') &&
	    (d + 1 == eol || sc->s[d + 1] == ' ' || sc->s[d + 1] == '\t');
}

char *
mathscan(const char *text, size_t len, unsigned first_line,
    struct formulas *f, size_t *outlen)
{
	struct scan sc;
	size_t pos = 0;
	int prev_blank = 1, in_code = 0, in_list = 0;

	memset(&sc, 0, sizeof(sc));
	sc.s = text;
	sc.len = len;
	sc.first_line = first_line;
	sc.f = f;
	sc.pend = NONE;
	while (pos < len) {
		size_t eol = line_end(&sc, pos), c;
		int indent;
		char ch;

		c = content_start(&sc, pos, &indent);
		if (blank_line(&sc, pos)) {
			prev_blank = 1;
			buf_append(&sc.out, text + pos, eol - pos);
		} else if (indent >= 4 && (prev_blank || in_code) && !in_list) {
			in_code = 1;
			buf_append(&sc.out, text + pos, eol - pos);
		} else if (indent < 4 && fence_at(&sc, c, &ch) > 0) {
			size_t n = fence_at(&sc, c, &ch), i = c + n, close;
			int math;

			while (i < eol && (text[i] == ' ' || text[i] == '\t'))
				i++;
			math = eol - i >= 4 && !strncmp(text + i, "math", 4) &&
			    (i + 4 == eol || is_space(text[i + 4]));
			/* the closing fence: as long, alone on its line */
			for (close = eol; close < len; close = line_end(&sc,
			    close + 1)) {
				int ind;
				size_t cc = content_start(&sc, close + 1, &ind);
				char ch2;
				size_t k = fence_at(&sc, cc, &ch2);

				if (k >= n && ch2 == ch && blank_line(&sc,
				    cc + k))
					break;
			}
			if (close >= len)
				close = len;
			if (math && close < len) {
				size_t b = line_end(&sc, close + 1);

				take(&sc, eol + 1 < len ? eol + 1 : eol,
				    close, pos, b, 1);
				eol = b;
			} else {
				eol = close < len ? line_end(&sc, close + 1) :
				    len;
				buf_append(&sc.out, text + pos, eol - pos);
				sc.line += count_newlines(text + pos,
				    eol - pos);
			}
			prev_blank = in_code = 0;
		} else {
			/* Indented lines in a list are its content, not
			 * code: a list lasts until text at the margin
			 * after a blank line. */
			if (indent < 4 && list_marker(&sc, c, eol))
				in_list = 1;
			else if (prev_blank && indent == 0)
				in_list = 0;
			if (sc.pend == NONE || pos > sc.pend)
				sc.pend = paragraph_end(&sc, pos);
			buf_append(&sc.out, text + pos, c - pos);
			eol = scan_inline(&sc, c);
			prev_blank = in_code = 0;
		}
		pos = eol;
		if (pos < len) {
			buf_putc(&sc.out, '\n');
			sc.line++;
			pos++;
		}
	}
	*outlen = sc.out.len;
	return buf_take(&sc.out);
}

void
formulas_free(struct formulas *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->v[i].tex);
	free(f->v);
	f->v = NULL;
	f->n = 0;
}

long
mathscan_marker(const char *s, size_t len, size_t *used)
{
	size_t i = 3;
	long n = 0;

	if (len < 7 || memcmp(s, MATH_MARK, 3) != 0)
		return -1;
	while (i < len && i < 13 && s[i] >= '0' && s[i] <= '9')
		n = n * 10 + (s[i++] - '0');
	if (i == 3 || i + 3 > len || memcmp(s + i, MATH_MARK_END, 3) != 0)
		return -1;
	*used = i + 3;
	return n;
}

int
mathscan_shortcode(const char *name, size_t len)
{
	return len > 0 && math_name(name, len) == len;
}
