/* codeopts.c - a code block's line numbers and highlighted lines. */
#include "codeopts.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int
span_cmp(const void *a, const void *b)
{
	const struct line_span *p = a, *q = b;

	return (p->first > q->first) - (p->first < q->first);
}

/* Sorts the spans and joins those that overlap or touch. */
static void
merge(struct codeopts *o)
{
	size_t k = 0;

	if (o->nmarked == 0)
		return;
	qsort(o->marked, o->nmarked, sizeof(*o->marked), span_cmp);
	for (size_t i = 1; i < o->nmarked; i++) {
		struct line_span *last = &o->marked[k];

		if (o->marked[i].first <= last->last + 1) {
			if (o->marked[i].last > last->last)
				last->last = o->marked[i].last;
		} else
			o->marked[++k] = o->marked[i];
	}
	o->nmarked = k + 1;
}

/* A line number at *p, advancing it; -1 when there is none or it is
 * past CODEOPTS_MAX_LINE. */
static long
number(const char **p, const char *end)
{
	long v = 0;

	if (*p >= end || !isdigit((unsigned char)**p))
		return -1;
	for (; *p < end && isdigit((unsigned char)**p); (*p)++)
		if ((v = v * 10 + (**p - '0')) > CODEOPTS_MAX_LINE)
			return -1;
	return v;
}

/*
 * Adds the lines of v[0..n) - "3 6-8", [3,"6-8"], "1_3_5" - to o: items
 * apart at blanks, commas, underscores, quotes or brackets. 0, or -1.
 */
static int
read_lines(const char *v, size_t n, struct codeopts *o)
{
	const char *p = v, *end = v + n;

	for (;;) {
		long a, b;

		while (p < end && strchr(" \t,_\"'[]", *p) != NULL)
			p++;
		if (p >= end)
			return 0;
		if ((a = number(&p, end)) < 0)
			return -1;
		b = a;
		if (p < end && *p == '-') {
			p++;
			if ((b = number(&p, end)) < 0)
				return -1;
		}
		if (p < end && strchr(" \t,_\"'[]", *p) == NULL)
			return -1;
		if (o->nmarked == CODEOPTS_MAX_SPANS)
			return -1;
		if (a == 0 && b == 0)
			continue;	/* no line 0: nothing */
		o->marked = xreallocarray(o->marked, o->nmarked + 1,
		    sizeof(*o->marked));
		o->marked[o->nmarked].first = (int)(a < b ? a : b);
		o->marked[o->nmarked].last = (int)(a < b ? b : a);
		if (o->marked[o->nmarked].first == 0)
			o->marked[o->nmarked].first = 1;
		o->nmarked++;
	}
}

/* Whether s[0..n) is word, in any case. */
static int
is(const char *s, size_t n, const char *word)
{
	return n == strlen(word) && strncasecmp(s, word, n) == 0;
}

/* One option: key[0..nk) = v[0..nv) (v NULL: a bare word). 0 or -1. */
static int
option(struct codeopts *o, const char *key, size_t nk, const char *v,
    size_t nv, char **bad)
{
	if (v != NULL && nv >= 2 && (*v == '"' || *v == '\'') &&
	    v[nv - 1] == *v && !is(key, nk, "hl_lines") &&
	    !is(key, nk, "mark_lines"))
		v++, nv -= 2;
	if (is(key, nk, "linenos")) {
		if (v == NULL || is(v, nv, "true") || is(v, nv, "table") ||
		    is(v, nv, "inline") || is(v, nv, "1"))
			o->linenos = 1;
		else if (is(v, nv, "false") || is(v, nv, "0"))
			o->linenos = 0;
		return 0;
	}
	if (is(key, nk, "linenostart") && v != NULL) {
		const char *q = v;
		long start = number(&q, v + nv);

		if (start >= 0 && q == v + nv)
			o->lineno_offset = (int)start - 1;
		return 0;
	}
	if (v == NULL) {
		/* {1,4-6}: bare lines; any other bare word is not ours. */
		if (isdigit((unsigned char)*key) &&
		    read_lines(key, nk, o) == -1) {
			*bad = xstrndup(key, nk);
			return -1;
		}
		return 0;
	}
	if ((is(key, nk, "hl_lines") || is(key, nk, "mark_lines")) &&
	    read_lines(v, nv, o) == -1) {
		*bad = xstrndup(v, nv);
		return -1;
	}
	return 0;
}

/* The end of an attribute value starting at p: a quoted string, a
 * [list] (quotes inside it kept whole), or a run to a blank, comma or
 * closing brace. */
static const char *
value_end(const char *p)
{
	char q = 0;

	if (*p == '"' || *p == '\'') {
		const char *e = strchr(p + 1, *p);

		return e ? e + 1 : p + strlen(p);
	}
	if (*p == '[') {
		for (p++; *p && (q || *p != ']'); p++)
			if (q ? *p == q : (*p == '"' || *p == '\''))
				q = q ? 0 : *p;
		return *p ? p + 1 : p;
	}
	return p + strcspn(p, " \t,}");
}

static int
parse_attrs(const char *s, struct codeopts *o, char **bad)
{
	const char *p = s;

	for (;;) {
		const char *key, *v = NULL, *ve = NULL;
		size_t nk;

		p += strspn(p, " \t,{}");
		if (*p == '\0')
			return 0;
		key = p;
		nk = strcspn(p, " \t,={}");
		p += nk;
		if (nk == 0) {
			p++;	/* a stray '=' */
			continue;
		}
		if (*p == '=') {
			v = ++p;
			ve = value_end(p);
			p = ve;
		}
		if (option(o, key, nk, v, v ? (size_t)(ve - v) : 0, bad) == -1)
			return -1;
	}
}

static int
parse_list(const char *s, struct codeopts *o, char **bad)
{
	for (const char *p = s; *p != '\0'; ) {
		size_t n = strcspn(p, ","), nk;
		const char *e = p + n, *eq;

		while (p < e && isspace((unsigned char)*p))
			p++;
		while (e > p && isspace((unsigned char)e[-1]))
			e--;
		eq = memchr(p, '=', (size_t)(e - p));
		nk = (size_t)((eq ? eq : e) - p);
		while (nk > 0 && isspace((unsigned char)p[nk - 1]))
			nk--;
		if (eq != NULL)
			for (eq++; eq < e && isspace((unsigned char)*eq); eq++)
				continue;
		if (e > p && option(o, p, nk, eq, eq ? (size_t)(e - eq) : 0,
		    bad) == -1)
			return -1;
		p += strcspn(p, ",");
		if (*p == ',')
			p++;
	}
	return 0;
}

int
codeopts_parse(const char *s, enum codeopts_form form, struct codeopts *o,
    char **bad)
{
	int rc;

	memset(o, 0, sizeof(*o));
	*bad = NULL;
	if (s == NULL)
		return 0;
	rc = form == CODEOPTS_LIST ? parse_list(s, o, bad) :
	    parse_attrs(s, o, bad);
	if (rc == -1) {
		free(o->marked);
		o->marked = NULL;
		o->nmarked = 0;
		return -1;
	}
	merge(o);
	return 0;
}

void
codeopts_info(const struct codeopts *o, struct buf *b)
{
	const char *sep = "";

	if (!o->linenos && o->lineno_offset == 0 && o->nmarked == 0)
		return;
	buf_puts(b, " {");
	if (o->linenos) {
		buf_puts(b, "linenos=true");
		sep = " ";
	}
	if (o->lineno_offset != 0) {
		buf_printf(b, "%slinenostart=%d", sep, o->lineno_offset + 1);
		sep = " ";
	}
	if (o->nmarked) {
		buf_printf(b, "%shl_lines=[", sep);
		for (size_t i = 0; i < o->nmarked; i++) {
			const struct line_span *sp = &o->marked[i];

			if (i)
				buf_putc(b, ',');
			if (sp->first == sp->last)
				buf_printf(b, "%d", sp->first);
			else
				buf_printf(b, "\"%d-%d\"", sp->first, sp->last);
		}
		buf_putc(b, ']');
	}
	buf_putc(b, '}');
}

void
codeopts_free(struct codeopts *o)
{
	free(o->marked);
	memset(o, 0, sizeof(*o));
}
