/*
 * liquid.c - Jekyll's Liquid tags and kramdown's extras rewritten into
 * plain CommonMark: one forward pass over the bytes, line for line.
 *
 * What is decided here (liquid.h has the summary):
 *  - Liquid goes first and everywhere, as in Jekyll, which renders Liquid
 *    over the whole file before kramdown sees it: {{ }} and tags inside
 *    ``` fences and `code spans` are rewritten too. Only {% raw %},
 *    {% highlight %} and {% codeblock %} bodies protect text.
 *  - kramdown syntax ({:..}, {::..}, {:/..}) is kramdown's, which leaves
 *    code alone, so it is removed only outside fences, indented code and
 *    one-line code spans. Fences and indented code are found with a light
 *    line heuristic (no container tracking); spans longer than one line,
 *    or delimited by more than SPAN_MAX backticks, are not recognised.
 *  - {% highlight %} bodies are copied as they stand ({% raw %} markers
 *    inside are dropped, nothing else is read), and so are Octopress's
 *    {% codeblock %} bodies, its title and link set above the code as
 *    the fence's title="..." option. The tags become ``` fence
 *    lines when each stands alone on its line. Code sharing the line with
 *    {% endhighlight %} keeps its line and the fence closes on the next
 *    line if that is blank (or at the end of the text). Otherwise a fence
 *    cannot keep the lines in place, and each code line becomes a code
 *    span ending in a hard break instead.
 *  - Liquid tags may span lines, as in Liquid; a tag ends at the first
 *    "%}", an output at the first "}" (Liquid's own tokenizer). A "{%" or
 *    "{{" never closed anywhere is not Liquid: it stays as text, with a
 *    warning. Unclosed raw, comment, capture and highlight blocks run to
 *    the end of the text, with a warning.
 *  - Tags we cannot evaluate (if, for, case, include, assign, ...) are
 *    removed and whatever they enclose stays: every branch of an if.
 *    {% capture %} bodies are dropped like comments.
 *  - Whitespace control ("{%-", "-%}") trims spaces and tabs only: eating
 *    newlines would move lines.
 *  - Substituted values have their newlines turned into spaces.
 * Every removal keeps the newlines it removes, so line k stays line k.
 * Each byte is looked at a bounded number of times: searches for closing
 * delimiters remember their last answer (struct finder), and a failed
 * search either ends the text or is remembered for the rest of its line.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "codeopts.h"
#include "diag.h"
#include "liquid.h"
#include "permalink.h"
#include "util.h"

#define NONE		SIZE_MAX
#define SPAN_MAX	32	/* longest backtick run that opens a span */

/* The first occurrence of pat at or after from (NONE: there is none). */
struct finder {
	const char	*pat;	/* what is searched for */
	size_t		 plen;	/* its length, 1 or 2 */
	size_t		 from;	/* where the remembered search started */
	size_t		 at;	/* what it found */
};

/* A Liquid tag "{% name args %}" as found in the text. */
struct tag {
	size_t	 start;		/* offset of "{%" */
	size_t	 end;		/* offset after "%}" */
	size_t	 name;		/* offset of the name */
	size_t	 namelen;	/* its length (0: no name) */
	size_t	 arg;		/* offset after the name */
	size_t	 argend;	/* offset of "%}" or "-%}" */
	int	 rtrim;		/* ended with "-%}" */
	int	 ltrim;		/* began with "{%-" */
};

struct rw {
	const char		*file;		/* for messages */
	const char		*s;		/* the input */
	size_t			 len;		/* its length */
	const struct liquid_env	*env;		/* values; may be NULL */
	struct buf		 out;		/* the result */
	struct linecount	 lc;		/* line_of */
	size_t			 ol_scan;	/* out scanned up to here */
	int			 ol_text;	/* out line has non-blank text */
	struct finder		 tag_end;	/* "%}" */
	struct finder		 var_end;	/* "}" */
	struct finder		 tag_start;	/* "{%" */
	char			 fence_ch;	/* open Markdown fence: ` or ~ */
	size_t			 fence_n;	/* its length; 0: none open */
	int			 indented;	/* in an indented code block */
	int			 para;		/* last line was paragraph text */
	int			 blank;		/* last line was blank */
	int			 listy;		/* in a list (heuristic) */
	size_t			 span_end;	/* code span runs up to here */
	size_t			 bt_from;	/* backtick memo: valid from */
	size_t			 bt_eol;	/* ... to the end of that line */
	size_t			 bt_last[SPAN_MAX + 1]; /* last run of length n */
	size_t			 bfail_from;	/* no '}' from here ... */
	size_t			 bfail_eol;	/* ... to the end of the line */
	int			 lone_tag;	/* warned of a "{%" never closed */
	struct buf		 plugin_tags;	/* " name " of each warned of */
	int			 lone_output;	/* warned of a "{{" never closed */
};

static int
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static int
is_word(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_';
}

static int
blank_range(const char *s, size_t a, size_t b)
{
	for (; a < b; a++)
		if (!is_ws(s[a]))
			return 0;
	return 1;
}

/* Offset of the first pat (1 or 2 bytes) in s[from..len), or NONE. */
static size_t
find(const char *s, size_t len, size_t from, const char *pat, size_t plen)
{
	const char *p;

	while (from < len && len - from >= plen) {
		p = memchr(s + from, pat[0], len - from - plen + 1);
		if (p == NULL)
			break;
		from = (size_t)(p - s);
		if (memcmp(p, pat, plen) == 0)
			return from;
		from++;
	}
	return NONE;
}

static size_t
finder_next(struct rw *r, struct finder *f, size_t pos)
{
	if (pos < f->from || (f->at != NONE && pos > f->at)) {
		f->from = pos;
		f->at = find(r->s, r->len, pos, f->pat, f->plen);
	}
	return f->at;
}

static size_t
eol_of(struct rw *r, size_t i)
{
	const char *p;

	if (i >= r->len)
		return r->len;
	p = memchr(r->s + i, '\n', r->len - i);
	return p == NULL ? r->len : (size_t)(p - r->s);
}

static unsigned
line_of(struct rw *r, size_t pos)
{
	return line_at(&r->lc, pos);
}

/* Appends as many newlines as s[a..b) holds. */
static void
put_newlines(struct rw *r, size_t a, size_t b)
{
	buf_put_newlines(&r->out, r->s + a, b - a);
}

/* Whether the output line written so far is blank. */
static int
out_line_blank(struct rw *r)
{
	char c;

	if (r->ol_scan > r->out.len)
		r->ol_scan = r->out.len;
	while (r->ol_scan < r->out.len) {
		c = r->out.data[r->ol_scan++];
		if (c == '\n')
			r->ol_text = 0;
		else if (!is_ws(c))
			r->ol_text = 1;
	}
	return !r->ol_text;
}

/* Leading blanks of the current output line ("" when it has text). */
static char *
out_line_indent(struct rw *r)
{
	size_t a = r->out.len;

	if (!out_line_blank(r) || r->out.len == 0)
		return xstrdup("");
	while (a > 0 && r->out.data[a - 1] != '\n')
		a--;
	return xstrndup(r->out.data + a, r->out.len - a);
}

/* "{%-": drops the spaces and tabs just written. */
static void
trim_out(struct rw *r)
{
	while (r->out.len > 0 && (r->out.data[r->out.len - 1] == ' ' ||
	    r->out.data[r->out.len - 1] == '\t'))
		r->out.data[--r->out.len] = '\0';
}

/* "-%}": the offset after the spaces and tabs from i. */
static size_t
trim_in(struct rw *r, size_t i)
{
	while (i < r->len && (r->s[i] == ' ' || r->s[i] == '\t'))
		i++;
	return i;
}

/*
 * Reads the tag at i ("{%" there). Returns -1 when no "%}" follows
 * anywhere.
 */
static int
parse_tag(struct rw *r, size_t i, struct tag *t)
{
	const char *s = r->s;
	size_t c, p;

	c = finder_next(r, &r->tag_end, i + 2);
	if (c == NONE)
		return -1;
	memset(t, 0, sizeof(*t));
	t->start = i;
	t->end = c + 2;
	p = i + 2;
	if (p < c && s[p] == '-') {
		t->ltrim = 1;
		p++;
	}
	t->argend = c;
	if (c > p && s[c - 1] == '-') {
		t->rtrim = 1;
		t->argend = c - 1;
	}
	while (p < t->argend && (is_ws(s[p]) || s[p] == '\n'))
		p++;
	t->name = p;
	while (p < t->argend && is_word(s[p]))
		p++;
	t->namelen = p - t->name;
	t->arg = p;
	return 0;
}

static int
word_is(const char *w, size_t n, const char *name)
{
	return n == strlen(name) && memcmp(w, name, n) == 0;
}

static int
tag_is(struct rw *r, const struct tag *t, const char *name)
{
	return word_is(r->s + t->name, t->namelen, name);
}

/*
 * Finds the tag named want from offset from, skipping whole tags as
 * Liquid's tokenizer does (and {% raw %} blocks when skip_raw). Returns
 * 0 with the tag in *t, or -1.
 */
static int
find_end_tag(struct rw *r, size_t from, const char *want, int skip_raw,
    struct tag *t)
{
	size_t p;

	for (;;) {
		p = finder_next(r, &r->tag_start, from);
		if (p == NONE || parse_tag(r, p, t) == -1)
			return -1;
		if (tag_is(r, t, want))
			return 0;
		from = t->end;
		if (skip_raw && tag_is(r, t, "raw")) {
			if (find_end_tag(r, from, "endraw", 0, t) == -1)
				return -1;
			from = t->end;
		}
	}
}

/*
 * Appends s[a..b) to dst with {% raw %} and {% endraw %} markers taken
 * out (their newlines kept): what a highlight body shows.
 */
static void
copy_code(struct rw *r, size_t a, size_t b, struct buf *dst)
{
	struct tag t;
	size_t p, k;

	while (a < b) {
		p = finder_next(r, &r->tag_start, a);
		if (p == NONE || p >= b || parse_tag(r, p, &t) == -1 ||
		    t.end > b || !(tag_is(r, &t, "raw") ||
		    tag_is(r, &t, "endraw"))) {
			p = (p == NONE || p >= b) ? b : p + 2;
			buf_append(dst, r->s + a, p - a);
			a = p;
			continue;
		}
		buf_append(dst, r->s + a, p - a);
		for (k = p; k < t.end; k++)
			if (r->s[k] == '\n')
				buf_putc(dst, '\n');
		a = t.end;
	}
}

/* One byte of a language word, if an info string takes it. */
static void
put_lang(struct buf *info, char c)
{
	if (is_word(c) || strchr("+#.-", c) != NULL)
		buf_putc(info, c);
}

/*
 * The language word of a highlight tag, cut to what an info string
 * takes, then its options (linenos, mark_lines="3 4", hl_lines) as
 * codeopts_info writes them.
 */
static void
highlight_info(struct rw *r, const struct tag *t, struct buf *info)
{
	const char *s = r->s;
	size_t p = t->arg;
	struct codeopts opts;
	char *rest, *bad;

	while (p < t->argend && (is_ws(s[p]) || s[p] == '\n'))
		p++;
	for (; p < t->argend && !is_ws(s[p]) && s[p] != '\n'; p++)
		put_lang(info, s[p]);
	rest = xstrndup(s + p, t->argend - p);
	for (char *c = rest; *c; c++)
		if (*c == '\n')
			*c = ' ';
	if (codeopts_parse(rest, CODEOPTS_ATTRS, &opts, &bad) == -1) {
		diag(DIAG_WARNING, r->file, line_of(r, t->start), "lines to "
		    "highlight '%s' are not line numbers or ranges (2 4-6); "
		    "none highlighted", bad);
		free(bad);
	}
	codeopts_info(&opts, info);
	codeopts_free(&opts);
	free(rest);
}

static int
is_url(const char *w)
{
	return strncmp(w, "http://", 7) == 0 ||
	    strncmp(w, "https://", 8) == 0 || w[0] == '/';
}

/*
 * Octopress's {% codeblock [title] [lang:LANG] [URL [link text]] %}:
 * the language from lang: or else from the last file extension in the
 * title ("Got pain? pain.sh" is sh; "plain" is none), then the title,
 * the URL and its link text ("link" when none is given; a URL is a word
 * after the first that starts http://, https:// or /) as one caption:
 * "Got pain? pain.sh (Download it: https://x/pain.sh)".
 */
static void
codeblock_info(struct rw *r, const struct tag *t, struct buf *info)
{
	char *a = xstrndup(r->s + t->arg, t->argend - t->arg), *w, *save;
	struct buf lang = { 0 }, title = { 0 }, link = { 0 };
	const char *url = NULL;
	struct codeopts opts = { 0 };

	for (char *c = a; *c; c++)
		if (*c == '\n' || *c == '\r' || *c == '\t')
			*c = ' ';
		else if (*c == '`')
			*c = '\'';	/* would end the fence's info */
	for (w = strtok_r(a, " ", &save); w != NULL;
	    w = strtok_r(NULL, " ", &save)) {
		struct buf *to = url != NULL ? &link : &title;

		if (strncasecmp(w, "lang:", 5) == 0) {
			buf_free(&lang);
			for (const char *c = w + 5; *c; c++)
				put_lang(&lang, *c);
			continue;
		}
		if (url == NULL && title.len > 0 && is_url(w)) {
			url = w;
			continue;
		}
		if (to->len > 0)
			buf_putc(to, ' ');
		buf_puts(to, w);
	}
	if (lang.len == 0 && title.len > 0) {
		/* The last "name.ext" in the title. */
		for (size_t k = title.len - 1; k > 0; k--)
			if (title.data[k] == '.' && is_word(title.data[k - 1]) &&
			    k + 1 < title.len && is_word(title.data[k + 1])) {
				for (k++; k < title.len &&
				    is_word(title.data[k]); k++)
					buf_putc(&lang, title.data[k]);
				break;
			}
	}
	if (lang.len > 0 && !(lang.len == 5 &&
	    strncasecmp(lang.data, "plain", 5) == 0))
		buf_append(info, lang.data, lang.len);
	if (url != NULL)
		buf_printf(&title, " (%s: %s)", link.len ? link.data : "link",
		    url);
	if (title.len > 0) {
		opts.title = buf_take(&title);
		codeopts_info(&opts, info);
		codeopts_free(&opts);
	}
	buf_free(&lang);
	buf_free(&title);
	buf_free(&link);
	free(a);
}

static size_t
backtick_run(const char *s, size_t a, size_t b)
{
	size_t n = 0, best = 0;

	for (; a < b; a++) {
		n = s[a] == '`' ? n + 1 : 0;
		if (n > best)
			best = n;
	}
	return best;
}

static void
put_fence(struct buf *out, const char *indent, size_t n)
{
	buf_puts(out, indent);
	while (n-- > 0)
		buf_putc(out, '`');
}

/* One line of code as a code span, for highlights that cannot fence. */
static void
put_span(struct buf *out, const char *code, size_t n)
{
	size_t run, i;
	int pad;

	while (n > 0 && is_ws(code[n - 1]))
		n--;
	if (blank_range(code, 0, n))
		return;
	run = backtick_run(code, 0, n) + 1;
	pad = code[0] == '`' || code[n - 1] == '`';
	for (i = 0; i < run; i++)
		buf_putc(out, '`');
	if (pad)
		buf_putc(out, ' ');
	buf_append(out, code, n);
	if (pad)
		buf_putc(out, ' ');
	for (i = 0; i < run; i++)
		buf_putc(out, '`');
}

/*
 * {% highlight %} or {% codeblock %} at t, closed by {% end %}, its
 * fence info written by read_info. Returns the offset to go on from.
 */
static size_t
highlight_tag(struct rw *r, const struct tag *t, const char *end,
    void (*read_info)(struct rw *, const struct tag *, struct buf *))
{
	const char *s = r->s;
	struct buf info = { 0 }, code = { 0 };
	struct tag e;
	size_t open_eol, cs, ce, cl, close_eol, next_eol = NONE, n, a, b;
	char *indent = NULL;
	int closed, fence;

	read_info(r, t, &info);
	closed = find_end_tag(r, t->end, end, 1, &e) == 0;
	if (closed) {
		cs = e.start;
		ce = e.end;
	} else {
		diag(DIAG_WARNING, r->file, line_of(r, t->start),
		    "{%% %.*s %%} is never closed; the rest of the "
		    "text is taken as code", (int)t->namelen, s + t->name);
		cs = ce = r->len;
	}
	open_eol = eol_of(r, t->end);
	for (cl = cs; cl > t->end && s[cl - 1] != '\n'; cl--)
		continue;
	close_eol = eol_of(r, ce);
	if (close_eol < r->len)
		next_eol = eol_of(r, close_eol + 1);

	/* Tags broken over lines leave no line for a fence. */
	fence = out_line_blank(r) && open_eol < cs &&
	    memchr(s + t->start, '\n', t->end - t->start) == NULL &&
	    (!closed || memchr(s + cs, '\n', ce - cs) == NULL) &&
	    blank_range(s, t->end, open_eol) && blank_range(s, ce, close_eol);
	if (fence && closed && !blank_range(s, cl, cs))
		fence = close_eol == r->len ||
		    blank_range(s, close_eol + 1, next_eol);

	if (fence) {
		r->para = 0;
		indent = out_line_indent(r);
		n = backtick_run(s, t->end, cs) + 1;
		if (n < 3)
			n = 3;
		put_fence(&r->out, "", n);
		buf_append(&r->out, info.data, info.len);
		if (open_eol == r->len)
			goto out;
		buf_putc(&r->out, '\n');
		if (!closed) {
			copy_code(r, open_eol + 1, r->len, &r->out);
			ce = r->len;
			goto out;
		}
		if (blank_range(s, cl, cs)) {
			copy_code(r, open_eol + 1, cl, &r->out);
			put_fence(&r->out, indent, n);
			ce = close_eol;
			goto out;
		}
		/* Code shares the line with the end tag: close below it. */
		copy_code(r, open_eol + 1, cs, &r->out);
		ce = close_eol;
		if (close_eol == r->len)
			goto out;
		buf_putc(&r->out, '\n');
		put_fence(&r->out, indent, n);
		ce = next_eol;
		goto out;
	}

	/* No room for fence lines: each code line becomes a span, and a
	 * title in the info (codeblock's) has no line to go to. */
	if (info.len > 0 && strstr(info.data, " {") != NULL &&
	    strstr(info.data, "title=") != NULL)
		diag(DIAG_WARNING, r->file, line_of(r, t->start), "{%% %.*s %%} "
		    "shares its line with text: its title is not shown",
		    (int)t->namelen, s + t->name);
	put_newlines(r, t->start, t->end);
	copy_code(r, t->end, cs, &code);
	for (a = 0; a <= code.len; a = b + 1) {
		b = a;
		while (b < code.len && code.data[b] != '\n')
			b++;
		if (code.data != NULL)
			put_span(&r->out, code.data + a, b - a);
		if (b == code.len)
			break;
		if (!blank_range(code.data, a, b))
			buf_puts(&r->out, "  ");	/* hard break */
		buf_putc(&r->out, '\n');
	}
	put_newlines(r, cs, ce);
out:
	free(indent);
	buf_free(&info);
	buf_free(&code);
	return ce;
}

/*
 * A block whose body is kept verbatim (keep) or dropped but for its
 * newlines: raw, comment, capture. Returns the offset after it.
 */
static size_t
block(struct rw *r, const struct tag *t, const char *name, const char *end,
    int keep)
{
	struct tag e;
	size_t stop;

	if (find_end_tag(r, t->end, end, 0, &e) == 0) {
		stop = e.start;
	} else {
		diag(DIAG_WARNING, r->file, line_of(r, t->start),
		    "{%% %s %%} is never closed; it runs to the end of the "
		    "text", name);
		stop = e.start = e.end = r->len;
	}
	put_newlines(r, t->start, t->end);
	if (keep)
		buf_append(&r->out, r->s + t->end, stop - t->end);
	else
		put_newlines(r, t->end, stop);
	put_newlines(r, e.start, e.end);
	return e.end;
}

/* The first argument word of a tag, quotes removed; caller frees. */
static char *
first_arg(struct rw *r, const struct tag *t)
{
	const char *s = r->s;
	size_t p = t->arg, q;

	while (p < t->argend && (is_ws(s[p]) || s[p] == '\n'))
		p++;
	if (p < t->argend && (s[p] == '"' || s[p] == '\''))
		p++;
	for (q = p; q < t->argend && !is_ws(s[q]) && s[q] != '\n' &&
	    s[q] != '"' && s[q] != '\''; q++)
		continue;
	return xstrndup(s + p, q - p);
}

/* {% post_url SLUG %}: the post's URL on the site. */
static void
post_url_tag(struct rw *r, const struct tag *t)
{
	const struct liquid_env *env = r->env;
	char *arg, *slug, *perm, *url, *base;
	int y, m, d;

	arg = first_arg(r, t);
	base = strrchr(arg, '/');
	base = base != NULL ? base + 1 : arg;
	slug = xmalloc(strlen(base) + 1);
	if (permalink_split_stem(base, &y, &m, &d, slug, strlen(base) + 1)
	    == -1) {
		diag(DIAG_WARNING, r->file, line_of(r, t->start),
		    "{%% post_url %s %%}: no date in the post name", arg);
		goto out;
	}
	perm = permalink_expand(env != NULL ? env->permalink : NULL, slug,
	    y, m, d, NULL, 0);
	url = url_on_site(env != NULL ? env->web : NULL, perm, strlen(perm),
	    1);
	buf_puts(&r->out, url);
	free(perm);
	free(url);
out:
	free(slug);
	free(arg);
}

/*
 * The two-byte opener at i has no closer after it, so none after any
 * later one either: it stays text, with a warning the first time (*warned
 * remembers). Returns the offset to go on from.
 */
static size_t
unclosed(struct rw *r, size_t i, const char *open, const char *close,
    int *warned)
{
	if (!*warned)
		diag(DIAG_WARNING, r->file, line_of(r, i), "\"%s\" with no "
		    "\"%s\" after it is kept as text, as is every later one",
		    open, close);
	*warned = 1;
	buf_append(&r->out, open, 2);
	return i + 2;
}

/*
 * Tags Liquid and Jekyll evaluate to nothing of their own on the page
 * (what their blocks enclose stays). Any other tag is a plugin's.
 */
static const char *const quiet_tags[] = {
	"if", "elsif", "else", "endif", "unless", "endunless", "for",
	"endfor", "case", "when", "endcase", "assign", "increment",
	"decrement", "cycle", "break", "continue", "tablerow", "endtablerow",
	"ifchanged", "endifchanged", "include", "include_relative", "render",
	"echo", "liquid", "seo", "feed_meta", "endhighlight", "endcodeblock",
	"endraw",
	"endcomment", "endcapture", "post_url"
};

static int
quiet_tag(struct rw *r, const struct tag *t)
{
	for (size_t k = 0; k < sizeof(quiet_tags) / sizeof(quiet_tags[0]); k++)
		if (tag_is(r, t, quiet_tags[k]))
			return 1;
	return 0;
}

/*
 * Octopress's {% img [class..] SRC [WIDTH [HEIGHT]] [TITLE [ALT]] %}
 * (TITLE and ALT quoted when both are given): an <img> of its own.
 * Returns 0 when no argument looks like the picture's address.
 */
static int
img_tag(struct rw *r, const struct tag *t)
{
	const char *s = r->s + t->arg, *end = r->s + t->argend, *src = NULL;
	const char *p = s, *q, *rest;
	char *title, *alt = NULL, *a;
	size_t n = 0;

	while (p < end) {
		while (p < end && is_ws(*p))
			p++;
		for (q = p; q < end && !is_ws(*q) && *q != '\n'; q++)
			continue;
		if (q > p && (*p == '/' || memchr(p, '/', (size_t)(q - p)))) {
			src = p;
			n = (size_t)(q - p);
			p = q;
			break;
		}
		if (q == p)
			return 0;	/* a newline: not one line */
		p = q;
	}
	if (src == NULL)
		return 0;
	/* width and height */
	for (int k = 0; k < 2; k++) {
		for (q = p; q < end && is_ws(*q); q++)
			continue;
		rest = q;
		while (q < end && *q >= '0' && *q <= '9')
			q++;
		if (q == rest || (q < end && !is_ws(*q)))
			break;
		p = q;
	}
	while (p < end && is_ws(*p))
		p++;
	while (end > p && is_ws(end[-1]))
		end--;
	title = xstrndup(p, (size_t)(end - p));
	if (title[0] == '"' || title[0] == '\'') {
		/* "title" "alt": the quoted parts */
		char qc = title[0], *e = strchr(title + 1, qc);

		if (e != NULL) {
			*e = '\0';
			for (a = e + 1; *a == ' ' || *a == '\t'; a++)
				continue;
			if ((*a == '"' || *a == '\'') && strchr(a + 1, *a)) {
				alt = xstrdup(a + 1);
				*strchr(alt, *a) = '\0';
			}
			memmove(title, title + 1, strlen(title + 1) + 1);
		}
	}
	buf_puts(&r->out, "<img src=\"");
	a = xstrndup(src, n);
	buf_put_escaped(&r->out, a, 1);
	free(a);
	buf_puts(&r->out, "\" alt=\"");
	buf_put_escaped(&r->out, alt != NULL ? alt : title, 1);
	if (title[0] != '\0') {
		buf_puts(&r->out, "\" title=\"");
		buf_put_escaped(&r->out, title, 1);
	}
	buf_puts(&r->out, "\">");
	free(title);
	free(alt);
	return 1;
}

/*
 * A plugin's tag (Octopress's codeblock, youtube, gist...): what it
 * would make is not known, so the tag is shown as written, in code type
 * when it keeps to one line, and named in a warning once a post.
 */
static void
plugin_tag(struct rw *r, const struct tag *t)
{
	const char *s = r->s + t->start;
	size_t n = t->end - t->start;
	char *name = xstrndup(r->s + t->name, t->namelen);
	char *key = xasprintf(" %s ", name);

	if (memchr(s, '\n', n) == NULL && memchr(s, '`', n) == NULL &&
	    r->fence_n == 0 && !r->indented) {
		buf_putc(&r->out, '`');
		buf_append(&r->out, s, n);
		buf_putc(&r->out, '`');
	}
	if (r->plugin_tags.data == NULL ||
	    strstr(r->plugin_tags.data, key) == NULL) {
		diag(DIAG_WARNING, r->file, line_of(r, t->start), "{%% %s %%} "
		    "is a plugin's Liquid tag, which quire does not know: "
		    "shown as written", name);
		buf_puts(&r->plugin_tags, key);
	}
	free(key);
	free(name);
}

/* Returns the offset to go on from, after the tag at i ("{%" there). */
static size_t
liquid_tag(struct rw *r, size_t i)
{
	struct tag t;
	size_t end;

	if (parse_tag(r, i, &t) == -1)
		return unclosed(r, i, "{%", "%}", &r->lone_tag);
	if (tag_is(r, &t, "highlight"))
		return highlight_tag(r, &t, "endhighlight", highlight_info);
	if (tag_is(r, &t, "codeblock"))
		return highlight_tag(r, &t, "endcodeblock", codeblock_info);
	if (tag_is(r, &t, "raw"))
		return block(r, &t, "raw", "endraw", 1);
	if (tag_is(r, &t, "comment"))
		return block(r, &t, "comment", "endcomment", 0);
	if (tag_is(r, &t, "capture"))
		return block(r, &t, "capture", "endcapture", 0);

	if (t.ltrim)
		trim_out(r);
	if (tag_is(r, &t, "post_url"))
		post_url_tag(r, &t);
	else if (tag_is(r, &t, "include")) {
		char *arg = first_arg(r, &t);

		/* The theme's list of the posts in this post's series. */
		if (strncmp(arg, "series", 6) == 0)
			buf_puts(&r->out, LIQUID_SERIES_MARKER);
		free(arg);
	} else if (tag_is(r, &t, "endhighlight") ||
	    tag_is(r, &t, "endcodeblock") || tag_is(r, &t, "endraw") ||
	    tag_is(r, &t, "endcomment") || tag_is(r, &t, "endcapture"))
		diag(DIAG_WARNING, r->file, line_of(r, i),
		    "{%% %.*s %%} without its opening tag is dropped",
		    (int)t.namelen, r->s + t.name);
	else if (t.namelen > 0 && !quiet_tag(r, &t) &&
	    !(tag_is(r, &t, "img") && r->fence_n == 0 && !r->indented &&
	    img_tag(r, &t)))
		plugin_tag(r, &t);
	put_newlines(r, t.start, t.end);
	end = t.end;
	if (t.rtrim)
		end = trim_in(r, end);
	return end;
}

/* Jekyll's relative_url (absolute: absolute_url) applied to v. */
static void
url_filter(struct rw *r, struct buf *v, int absolute)
{
	struct buf u = { 0 };
	const char *p;
	char *url;

	/* Absolute URLs ("scheme:" or "//") pass through. */
	for (p = v->data; p != NULL && *p != '\0' && (is_word(*p) ||
	    *p == '+' || *p == '.' || *p == '-'); p++)
		continue;
	if (p != NULL && ((*p == ':' && p != v->data) ||
	    strncmp(v->data, "//", 2) == 0))
		return;
	url = url_on_site(r->env != NULL ? r->env->web : NULL,
	    v->len > 0 ? v->data : "", v->len, absolute);
	buf_puts(&u, url);
	free(url);
	buf_free(v);
	*v = u;
}

/*
 * Reads a Liquid operand at *p (a quoted string, site.KEY or page.KEY)
 * into v. Returns 1 when it had a value, 0 for anything else.
 */
static int
operand(struct rw *r, size_t *p, size_t end, struct buf *v)
{
	const struct liquid_env *env = r->env;
	const char *s = r->s, *val = NULL;
	char *key;
	size_t q = *p;
	char quote;

	if (q < end && (s[q] == '"' || s[q] == '\'')) {
		quote = s[q++];
		while (q < end && s[q] != quote)
			q++;
		buf_append(v, s + *p + 1, q - *p - 1);
		*p = q < end ? q + 1 : q;
		return 1;
	}
	while (q < end && !is_ws(s[q]) && s[q] != '\n' && s[q] != '|' &&
	    s[q] != ',')
		q++;
	key = xstrndup(s + *p, q - *p);
	*p = q;
	if (env != NULL && strncmp(key, "site.", 5) == 0)
		val = kv_get(env->site, env->nsite, key + 5);
	else if (env != NULL && strncmp(key, "page.", 5) == 0)
		val = kv_get(env->page, env->npage, key + 5);
	free(key);
	if (val == NULL)
		return 0;
	buf_puts(v, val);
	return 1;
}

/*
 * The value of the expression s[a..b): its operand and the filters
 * append, prepend, default, relative_url and absolute_url; other filters
 * leave the value as it is.
 */
static void
evaluate(struct rw *r, size_t a, size_t b, struct buf *v)
{
	const char *s = r->s;
	struct buf arg = { 0 };
	size_t f, fn;
	int known, has_arg;
	char quote;

	while (a < b && (is_ws(s[a]) || s[a] == '\n'))
		a++;
	known = operand(r, &a, b, v);
	for (;;) {
		/* Skip to the next '|' outside quotes. */
		for (quote = 0; a < b && (quote || s[a] != '|'); a++)
			if (quote == s[a])
				quote = 0;
			else if (!quote && (s[a] == '"' || s[a] == '\''))
				quote = s[a];
		if (a >= b)
			break;
		for (a++; a < b && (is_ws(s[a]) || s[a] == '\n'); a++)
			continue;
		for (f = a; a < b && is_word(s[a]); a++)
			continue;
		fn = a - f;
		while (a < b && (is_ws(s[a]) || s[a] == '\n'))
			a++;
		arg.len = 0;
		has_arg = 0;
		if (a < b && s[a] == ':') {
			for (a++; a < b && (is_ws(s[a]) || s[a] == '\n'); a++)
				continue;
			has_arg = operand(r, &a, b, &arg);
		}
		if (word_is(s + f, fn, "append") && has_arg && known)
			buf_append(v, arg.data, arg.len);
		else if (word_is(s + f, fn, "prepend") && has_arg && known) {
			buf_append(&arg, v->data, v->len);
			v->len = 0;
			buf_append(v, arg.data, arg.len);
		} else if (word_is(s + f, fn, "default") && has_arg &&
		    v->len == 0) {
			buf_append(v, arg.data, arg.len);
			known = 1;
		} else if (word_is(s + f, fn, "relative_url") && known)
			url_filter(r, v, 0);
		else if (word_is(s + f, fn, "absolute_url") && known)
			url_filter(r, v, 1);
	}
	if (!known)
		v->len = 0;
	buf_free(&arg);
}

/* Returns the offset to go on from, after the output at i ("{{"). */
static size_t
liquid_output(struct rw *r, size_t i)
{
	struct buf v = { 0 };
	size_t a = i + 2, b, c, end, k;

	c = finder_next(r, &r->var_end, a);
	if (c == NONE)
		return unclosed(r, i, "{{", "}}", &r->lone_output);
	end = c + 1 < r->len && r->s[c + 1] == '}' ? c + 2 : c + 1;
	if (a < c && r->s[a] == '-') {
		a++;
		trim_out(r);
	}
	b = c;
	if (b > a && r->s[b - 1] == '-')
		b--;
	evaluate(r, a, b, &v);
	for (k = 0; k < v.len; k++)
		buf_putc(&r->out, v.data[k] == '\n' || v.data[k] == '\r' ?
		    ' ' : v.data[k]);
	buf_free(&v);
	put_newlines(r, i, end);
	return b < c ? trim_in(r, end) : end;
}

/* The first unescaped '}' after i on i's line, or NONE. */
static size_t
brace_close(struct rw *r, size_t i)
{
	const char *s = r->s;
	size_t p;

	if (i >= r->bfail_from && i < r->bfail_eol)
		return NONE;
	for (p = i; p < r->len && s[p] != '\n'; p++) {
		if (s[p] == '\\' && p + 1 < r->len && s[p + 1] != '\n')
			p++;
		else if (s[p] == '}')
			return p;
	}
	r->bfail_from = i;
	r->bfail_eol = p;
	return NONE;
}

/*
 * kramdown's "{:" at i: an attribute list, an extension ("{::name}") or
 * an extension's end ("{:/name}"), all removed; {::comment} takes its
 * body with it. Returns the offset to go on from.
 */
static size_t
kramdown(struct rw *r, size_t i)
{
	const char *s = r->s;
	size_t c, p;

	c = brace_close(r, i + 2);
	if (c == NONE) {
		buf_append(&r->out, "{:", 2);
		return i + 2;
	}
	if (i + 11 <= r->len && memcmp(s + i, "{::comment", 10) == 0 &&
	    (s[i + 10] == '}' || is_ws(s[i + 10])) && s[c - 1] != '/') {
		for (p = c + 1; (p = find(s, r->len, p, "{:", 2)) != NONE;
		    p += 2) {
			if (p + 4 <= r->len && memcmp(s + p, "{:/}", 4) == 0) {
				c = p + 3;
				break;
			}
			if (p + 11 <= r->len &&
			    memcmp(s + p, "{:/comment}", 11) == 0) {
				c = p + 10;
				break;
			}
		}
		if (p == NONE) {
			diag(DIAG_WARNING, r->file, line_of(r, i),
			    "{::comment} is never closed; it runs to the "
			    "end of the text");
			c = r->len - 1;
		}
		put_newlines(r, i, c + 1);
	}
	return c + 1;
}

static int
list_marker(const char *s, size_t p, size_t eol)
{
	size_t q = p;

	if (p < eol && (s[p] == '*' || s[p] == '-' || s[p] == '+'))
		q = p + 1;
	else {
		while (q < eol && q - p < 9 && s[q] >= '0' && s[q] <= '9')
			q++;
		if (q == p || q >= eol || (s[q] != '.' && s[q] != ')'))
			return 0;
		q++;
	}
	return q == eol || is_ws(s[q]);
}

/* Whether s[a..b) is "{:toc}" give or take blanks. */
static int
toc_line(const char *s, size_t a, size_t b)
{
	while (a < b && is_ws(s[a]))
		a++;
	while (b > a && is_ws(s[b - 1]))
		b--;
	if (b - a < 6 || memcmp(s + a, "{:", 2) != 0 || s[b - 1] != '}')
		return 0;
	for (a += 2, b--; a < b && is_ws(s[a]); a++)
		continue;
	while (b > a && is_ws(s[b - 1]))
		b--;
	return b - a == 3 && memcmp(s + a, "toc", 3) == 0;
}

/*
 * At the start of the line at i: follows fences, indented code and
 * lists, and turns a table-of-contents list into the marker. Returns
 * the offset to go on from.
 */
static size_t
line_begin(struct rw *r, size_t i)
{
	const char *s = r->s;
	size_t eol = eol_of(r, i), p = i, q, n, next_eol;
	unsigned ind = 0;
	int blank, item;

	for (; p < eol && (s[p] == ' ' || s[p] == '\t'); p++)
		ind += s[p] == '\t' ? 4 - ind % 4 : 1;
	blank = blank_range(s, p, eol);

	if (r->fence_n > 0) {
		for (n = 0; p + n < eol && s[p + n] == r->fence_ch; n++)
			continue;
		if (n >= r->fence_n && blank_range(s, p + n, eol))
			r->fence_n = 0;
		return i;
	}
	if (r->indented) {
		if (blank || ind >= 4)
			return i;
		r->indented = 0;
	}
	if (blank) {
		r->para = 0;
		r->blank = 1;
		return i;
	}
	if (ind >= 4 && !r->para && !r->listy) {
		r->indented = 1;
		return i;
	}
	for (q = p; q < eol && (s[q] == '>' || s[q] == ' '); q++)
		continue;
	for (n = 0; q + n < eol && (s[q + n] == '`' || s[q + n] == '~') &&
	    s[q + n] == s[q]; n++)
		continue;
	if (n >= 3 && (s[q] == '~' || memchr(s + q + n, '`', eol - q - n) ==
	    NULL)) {
		r->fence_ch = s[q];
		r->fence_n = n;
		r->para = r->blank = 0;
		return i;
	}

	item = ind < 4 && list_marker(s, p, eol);
	if (item)
		r->listy = 1;
	else if (r->blank && ind == 0)
		r->listy = 0;
	r->blank = 0;
	r->para = s[p] != '#';

	next_eol = eol < r->len ? eol_of(r, eol + 1) : NONE;
	if (item && next_eol != NONE && toc_line(s, eol + 1, next_eol)) {
		buf_puts(&r->out, LIQUID_TOC_MARKER "\n");
		r->para = 0;
		return next_eol;
	}
	if (toc_line(s, i, eol)) {
		buf_puts(&r->out, LIQUID_TOC_MARKER);
		r->para = 0;
		return eol;
	}
	return i;
}

/*
 * The backtick run of length n at i opens a code span: returns where its
 * closing run ends, or NONE.
 */
static size_t
span_close(struct rw *r, size_t i, size_t n)
{
	const char *s = r->s;
	size_t p, m, k;

	if (n > SPAN_MAX)
		return NONE;
	if (i < r->bt_from || i >= r->bt_eol) {
		/* Once per line: where each run length last occurs. */
		for (k = 0; k <= SPAN_MAX; k++)
			r->bt_last[k] = NONE;
		r->bt_from = i;
		r->bt_eol = eol_of(r, i);
		for (p = i; p < r->bt_eol; p += m ? m : 1) {
			for (m = 0; p + m < r->bt_eol && s[p + m] == '`'; m++)
				continue;
			if (m > 0 && m <= SPAN_MAX)
				r->bt_last[m] = p;
		}
	}
	if (r->bt_last[n] == NONE || r->bt_last[n] <= i)
		return NONE;
	for (p = i + n; p <= r->bt_last[n]; p += m ? m : 1) {
		for (m = 0; p + m < r->len && s[p + m] == '`'; m++)
			continue;
		if (m == n)
			return p + n;
	}
	return NONE;
}

char *
liquid_rewrite(const char *file, unsigned first_line, const char *text,
    size_t len, const struct liquid_env *env, size_t *outlen)
{
	struct rw r;
	size_t i, n, c;

	memset(&r, 0, sizeof(r));
	r.file = file;
	r.s = text;
	r.lc = (struct linecount){ .s = text, .first = first_line };
	r.len = len;
	r.env = env;
	r.tag_end = (struct finder){ "%}", 2, NONE, NONE };
	r.var_end = (struct finder){ "}", 1, NONE, NONE };
	r.tag_start = (struct finder){ "{%", 2, NONE, NONE };
	r.blank = 1;
	r.bt_from = r.bt_eol = NONE;
	r.bfail_from = r.bfail_eol = NONE;

	for (i = 0; i < len; ) {
		if (i == 0 || text[i - 1] == '\n') {
			c = line_begin(&r, i);
			if (c != i) {
				i = c;
				continue;
			}
		}
		if (text[i] == '{' && i + 1 < len && text[i + 1] == '%') {
			i = liquid_tag(&r, i);
			continue;
		}
		if (text[i] == '{' && i + 1 < len && text[i + 1] == '{') {
			i = liquid_output(&r, i);
			continue;
		}
		if (r.fence_n > 0 || r.indented) {
			buf_putc(&r.out, text[i++]);
			continue;
		}
		if (text[i] == '{' && i + 1 < len && text[i + 1] == ':' &&
		    i >= r.span_end) {
			i = kramdown(&r, i);
			continue;
		}
		if (text[i] == '`') {
			for (n = 0; i + n < len && text[i + n] == '`'; n++)
				continue;
			if (i > 0 && text[i - 1] == '\\')
				n = 1;	/* an escaped backtick opens nothing */
			else if (i >= r.span_end &&
			    (c = span_close(&r, i, n)) != NONE)
				r.span_end = c;
			buf_append(&r.out, text + i, n);
			i += n;
			continue;
		}
		buf_putc(&r.out, text[i++]);
	}
	*outlen = r.out.len;
	buf_free(&r.plugin_tags);
	return buf_take(&r.out);
}
