/*
 * spacedest.c - link destinations with spaces put in <...> before cmark
 * reads them (spacedest.h has the rules).
 */
#include <string.h>

#include "spacedest.h"
#include "util.h"

static size_t
run_of(const char *s, size_t i, size_t e, char c)
{
	size_t n = 0;

	while (i + n < e && s[i + n] == c)
		n++;
	return n;
}

/* Columns of leading blanks of the line s[a..e) (tabs to 4). */
static size_t
indent_of(const char *s, size_t a, size_t e, size_t *first)
{
	size_t col = 0;

	for (; a < e && (s[a] == ' ' || s[a] == '\t'); a++)
		col = s[a] == '\t' ? (col / 4 + 1) * 4 : col + 1;
	*first = a;
	return col;
}

/*
 * The "](...)" at s[p] ("](" there) on a line ending at e: appends it
 * rewritten to out and returns the offset after it, or returns p when
 * it is left as written.
 */
static size_t
dest(const char *s, size_t p, size_t e, struct buf *out)
{
	size_t a = p + 2, q, d0, d1, t0 = 0, depth = 0;

	for (q = a; q < e; q++) {
		if (s[q] == '(')
			depth++;
		else if (s[q] == ')' && depth-- == 0)
			break;
	}
	if (q == e)
		return p;
	for (d0 = a; d0 < q && s[d0] == ' '; d0++)
		continue;
	d1 = q;
	/* A title at the end: "..." or '...' after a blank. */
	if (d1 > d0 && (s[d1 - 1] == '"' || s[d1 - 1] == '\'')) {
		for (t0 = d1 - 1; t0 > d0 && s[t0 - 1] != s[d1 - 1]; t0--)
			continue;
		if (t0 > d0 + 1 && s[t0 - 2] == ' ')
			d1 = --t0;
		else
			t0 = 0;
	}
	while (d1 > d0 && s[d1 - 1] == ' ')
		d1--;
	if (d1 == d0 || memchr(s + d0, ' ', d1 - d0) == NULL ||
	    memchr(s + d0, '<', d1 - d0) != NULL ||
	    memchr(s + d0, '>', d1 - d0) != NULL ||
	    memchr(s + d0, '\\', d1 - d0) != NULL)
		return p;
	buf_puts(out, "](<");
	buf_append(out, s + d0, d1 - d0);
	buf_putc(out, '>');
	if (t0 != 0) {
		buf_putc(out, ' ');
		buf_append(out, s + t0, q - t0);
	}
	buf_putc(out, ')');
	return q + 1;
}

char *
spacedest_rewrite(const char *s, size_t len, size_t *outlen)
{
	struct buf out = { 0 };
	size_t a, e, i, first, n, fence_n = 0;
	char fence_c = 0;
	int blank_before = 1, code_before = 0;

	for (a = 0; a < len; a = e + (e < len)) {
		const char *nl = memchr(s + a, '\n', len - a);
		size_t col;
		int blank;

		e = nl ? (size_t)(nl - s) : len;
		col = indent_of(s, a, e, &first);
		blank = first == e || (first + 1 == e && s[first] == '\r');
		n = first < e ? run_of(s, first, e, s[first]) : 0;
		if (fence_n > 0) {
			/* Inside a fence: copied until its closing line. */
			if (col < 4 && s[first] == fence_c && n >= fence_n)
				fence_n = 0;
			goto copy;
		}
		if (col < 4 && n >= 3 && (s[first] == '`' || s[first] == '~')) {
			fence_c = s[first];
			fence_n = n;
			goto copy;
		}
		if (!blank && col >= 4 && (blank_before || code_before)) {
			code_before = 1;
			goto copy;
		}
		code_before = code_before && blank;
		for (i = a; i < e; ) {
			if (s[i] == '`') {
				size_t k = run_of(s, i, e, '`'), j, m;

				/* A span to the same run, else literal ticks. */
				for (j = i + k; j < e; j += m ? m : 1)
					if ((m = run_of(s, j, e, '`')) == k)
						break;
				j = j < e ? j + k : i + k;
				buf_append(&out, s + i, j - i);
				i = j;
				continue;
			}
			if (s[i] == ']' && i + 1 < e && s[i + 1] == '(') {
				size_t j = dest(s, i, e, &out);

				if (j != i) {
					i = j;
					continue;
				}
			}
			buf_putc(&out, s[i++]);
		}
		if (e < len)
			buf_putc(&out, '\n');
		blank_before = blank;
		continue;
copy:
		buf_append(&out, s + a, e - a + (e < len));
		blank_before = blank;
	}
	*outlen = out.len;
	return buf_take(&out);
}
