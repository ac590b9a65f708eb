/* pdfsyntax.c - bits of PDF object syntax, read and written. */
#include "pdfsyntax.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Characters by their part in PDF syntax (white space as the C locale's
 * isspace), a table: every byte of every object read is looked at. */
enum { REGULAR, SPACE = 1, DELIM = 2 };
static const unsigned char char_class[256] = {
	['\0'] = DELIM, ['\t'] = SPACE | DELIM, ['\n'] = SPACE | DELIM,
	['\v'] = SPACE | DELIM, ['\f'] = SPACE | DELIM,
	['\r'] = SPACE | DELIM, [' '] = SPACE | DELIM,
	['('] = DELIM, [')'] = DELIM, ['<'] = DELIM, ['>'] = DELIM,
	['['] = DELIM, [']'] = DELIM, ['{'] = DELIM, ['}'] = DELIM,
	['/'] = DELIM, ['%'] = DELIM,
};

static int
is_delim(int c)
{
	return char_class[(unsigned char)c] & DELIM;
}

static int
is_space(int c)
{
	return char_class[(unsigned char)c] & SPACE;
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

const char *
pdf_space(const char *s)
{
	for (;;) {
		while (*s && is_space(*s))
			s++;
		if (*s != '%')
			return s;
		while (*s && *s != '\n' && *s != '\r')
			s++;
	}
}

/* Past the literal string at s (which starts with '('). */
static const char *
skip_string(const char *s)
{
	int depth = 0;

	for (; *s; s++) {
		if (*s == '\\' && s[1])
			s++;
		else if (*s == '(')
			depth++;
		else if (*s == ')' && --depth == 0)
			return s + 1;
	}
	return NULL;
}

/* Past the number or bare word at s. */
static const char *
skip_word(const char *s)
{
	const char *t = s;

	while (!is_delim(*t))
		t++;
	return t > s ? t : NULL;
}

const char *
pdf_skip(const char *s)
{
	const char *t;

	s = pdf_space(s);
	if (*s == '(')
		return skip_string(s);
	if (s[0] == '<' && s[1] == '<') {
		for (s = pdf_space(s + 2); *s && !(s[0] == '>' && s[1] == '>');
		    s = pdf_space(s))
			if ((s = pdf_skip(s)) == NULL)
				return NULL;
		return *s ? s + 2 : NULL;
	}
	if (*s == '<')
		return (t = strchr(s, '>')) ? t + 1 : NULL;
	if (*s == '[') {
		for (s = pdf_space(s + 1); *s && *s != ']'; s = pdf_space(s))
			if ((s = pdf_skip(s)) == NULL)
				return NULL;
		return *s ? s + 1 : NULL;
	}
	if (*s == '/')
		return skip_word(s + 1) ? skip_word(s + 1) : s + 1;
	if ((t = skip_word(s)) == NULL)
		return NULL;
	/* "N G R" is one value. */
	if (is_digit(*s)) {
		const char *g = pdf_space(t), *r;

		if (is_digit(*g) && (r = skip_word(g)) != NULL &&
		    (r = pdf_space(r))[0] == 'R' && is_delim(r[1]))
			return r + 1;
	}
	return t;
}

const char *
pdf_dict_get(const char *s, const char *key)
{
	size_t klen = strlen(key);

	s = pdf_space(s);
	if (s[0] != '<' || s[1] != '<')
		return NULL;
	for (s = pdf_space(s + 2); *s == '/'; s = pdf_space(s)) {
		const char *end = skip_word(s + 1);

		if (end == NULL)
			end = s + 1;
		if ((size_t)(end - s) == klen && !memcmp(s, key, klen))
			return pdf_space(end);
		if ((s = pdf_skip(end)) == NULL)
			return NULL;
	}
	return NULL;
}

int
pdf_is_name(const char *v, const char *name)
{
	size_t n = strlen(name);

	return v != NULL && !strncmp(v, name, n) && is_delim(v[n]);
}

long
pdf_ref(const char *v)
{
	char *end;
	long n;

	if (v == NULL || !is_digit(*v))
		return 0;
	n = strtol(v, &end, 10);
	end = (char *)pdf_space(end);
	if (!is_digit(*end))
		return 0;
	strtol(end, &end, 10);
	end = (char *)pdf_space(end);
	return *end == 'R' && is_delim(end[1]) ? n : 0;
}

size_t
pdf_refs(const char *v, long **refs)
{
	size_t n = 0;

	*refs = NULL;
	if (v == NULL)
		return 0;
	if (*v != '[') {
		long r = pdf_ref(v);

		if (r > 0) {
			*refs = xcalloc(1, sizeof(**refs));
			(*refs)[n++] = r;
		}
		return n;
	}
	for (v = pdf_space(v + 1); *v && *v != ']'; v = pdf_space(v)) {
		long r = pdf_ref(v);

		if (r > 0) {
			*refs = xreallocarray(*refs, n + 1, sizeof(**refs));
			(*refs)[n++] = r;
		}
		if ((v = pdf_skip(v)) == NULL)
			break;
	}
	return n;
}

char *
pdf_dict_add(const char *d, const char *entries)
{
	const char *s = pdf_space(d), *end;
	struct buf b = {0};

	if (s[0] != '<' || s[1] != '<' || (end = pdf_skip(s)) == NULL)
		return NULL;
	buf_append(&b, d, (size_t)(end - 2 - d));
	buf_printf(&b, " %s >>", entries);
	buf_puts(&b, end);
	return buf_take(&b);
}

char *
pdf_dict_set(const char *d, const char *key, const char *value)
{
	const char *v = pdf_dict_get(d, key), *end;
	struct buf b = {0};
	char *entry, *added;

	if (v == NULL || (end = pdf_skip(v)) == NULL) {
		entry = xasprintf("%s %s", key, value);
		added = pdf_dict_add(d, entry);
		free(entry);
		return added;
	}
	buf_append(&b, d, (size_t)(v - d));
	buf_puts(&b, value);
	buf_puts(&b, end);
	return buf_take(&b);
}

/* Appends the UTF-16 code unit u as four hex digits. */
static void
put_unit(struct buf *b, unsigned u)
{
	buf_printf(b, "%04X", u & 0xFFFF);
}

char *
pdf_text_string(const char *s)
{
	struct buf b = {0};
	const unsigned char *p = (const unsigned char *)s;
	size_t left = strlen(s);

	buf_puts(&b, "<FEFF");
	while (left > 0) {
		size_t n;
		unsigned c = utf8_decode(p, left, &n);

		/* A byte that starts no character is U+FFFD. */
		if (n == 0)
			c = 0xFFFD, n = 1;
		p += n;
		left -= n;
		if (c >= 0x10000) {
			c -= 0x10000;
			put_unit(&b, 0xD800 | c >> 10);
			put_unit(&b, 0xDC00 | (c & 0x3FF));
		} else
			put_unit(&b, c);
	}
	buf_putc(&b, '>');
	return buf_take(&b);
}

