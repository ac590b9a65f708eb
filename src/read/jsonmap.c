/* jsonmap.c - a small recursive JSON reader into the yamlmap tree. */
#include "jsonmap.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "util.h"

struct jr {
	const char	*file;
	const char	*s;
	size_t		 len, pos;
	unsigned	 line;
};

static int	value(struct jr *, struct ynode *, int);

static int
fail(struct jr *r, const char *what)
{
	if (r->pos >= r->len)
		diag(DIAG_ERROR, r->file, r->line, "JSON: %s at the end of "
		    "the text", what);
	else
		diag(DIAG_ERROR, r->file, r->line, "JSON: %s at '%c'", what,
		    (unsigned char)r->s[r->pos] >= 0x20 &&
		    (unsigned char)r->s[r->pos] < 0x7F ? r->s[r->pos] : '?');
	return -1;
}

static void
blanks(struct jr *r)
{
	for (; r->pos < r->len; r->pos++) {
		char c = r->s[r->pos];

		if (c == '\n')
			r->line++;
		else if (c != ' ' && c != '\t' && c != '\r')
			break;
	}
}

static int
peek(struct jr *r)
{
	blanks(r);
	return r->pos < r->len ? (unsigned char)r->s[r->pos] : -1;
}

static int
hex4(struct jr *r, unsigned *out)
{
	unsigned v = 0;

	if (r->len - r->pos < 4)
		return -1;
	for (int i = 0; i < 4; i++) {
		char c = r->s[r->pos + i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	r->pos += 4;
	*out = v;
	return 0;
}

/* A string at r->pos (its opening quote) into a new string. */
static char *
string(struct jr *r)
{
	struct buf b = {0};
	unsigned cp, lo;

	r->pos++;
	buf_puts(&b, "");
	while (r->pos < r->len) {
		unsigned char c = (unsigned char)r->s[r->pos++];

		if (c == '"')
			return buf_take(&b);
		if (c < 0x20) {
			r->pos--;
			fail(r, "a control character inside a string");
			goto bad;
		}
		if (c != '\\') {
			buf_putc(&b, (char)c);
			continue;
		}
		if (r->pos >= r->len)
			break;
		switch (c = (unsigned char)r->s[r->pos++]) {
		case '"': case '\\': case '/':
			buf_putc(&b, (char)c);
			break;
		case 'b': buf_putc(&b, '\b'); break;
		case 'f': buf_putc(&b, '\f'); break;
		case 'n': buf_putc(&b, '\n'); break;
		case 'r': buf_putc(&b, '\r'); break;
		case 't': buf_putc(&b, '\t'); break;
		case 'u':
			if (hex4(r, &cp) == -1) {
				fail(r, "a bad \\u escape");
				goto bad;
			}
			if (cp >= 0xD800 && cp <= 0xDBFF) {
				if (r->len - r->pos < 6 || r->s[r->pos] != '\\' ||
				    r->s[r->pos + 1] != 'u')
					goto lone;
				r->pos += 2;
				if (hex4(r, &lo) == -1 || lo < 0xDC00 ||
				    lo > 0xDFFF)
					goto lone;
				cp = 0x10000 + ((cp - 0xD800) << 10) +
				    (lo - 0xDC00);
			} else if (cp >= 0xDC00 && cp <= 0xDFFF)
				goto lone;
			if (cp == 0) {
				fail(r, "\\u0000 (a NUL character)");
				goto bad;
			}
			buf_put_utf8(&b, cp);
			break;
		default:
			r->pos--;
			fail(r, "an unknown escape");
			goto bad;
		}
	}
	fail(r, "a string that is never closed");
	goto bad;
lone:
	fail(r, "a lone UTF-16 surrogate in a \\u escape");
bad:
	buf_free(&b);
	return NULL;
}

/* Whether s[i..] starts with JSON number syntax; the length, or 0. */
static size_t
number_len(const char *s, size_t n)
{
	size_t i = 0, d;

	if (i < n && s[i] == '-')
		i++;
	if (i < n && s[i] == '0')
		i++;
	else if (i < n && s[i] >= '1' && s[i] <= '9')
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
	else
		return 0;
	if (i < n && s[i] == '.') {
		for (d = ++i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			continue;
		if (i == d)
			return 0;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		for (d = i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			continue;
		if (i == d)
			return 0;
	}
	return i;
}

static int
word(struct jr *r, const char *w)
{
	return take_word(r->s, r->len, &r->pos, w);
}

static int
members(struct jr *r, struct ynode *n, int depth)
{
	int c;

	n->type = YNODE_MAP;
	r->pos++;
	if (peek(r) == '}') {
		r->pos++;
		return 0;
	}
	for (;;) {
		struct ynode *item;
		char *key;

		if (peek(r) != '"')
			return fail(r, "expected a \"key\"");
		if ((key = string(r)) == NULL)
			return -1;
		if (peek(r) != ':') {
			free(key);
			return fail(r, "expected ':' after a key");
		}
		r->pos++;
		peek(r);
		item = yamlmap_add(n, key, r->line);
		free(key);
		if (value(r, item, depth + 1) == -1)
			return -1;
		if ((c = peek(r)) == '}') {
			r->pos++;
			return 0;
		}
		if (c != ',')
			return fail(r, "expected ',' or '}'");
		r->pos++;
	}
}

static int
elements(struct jr *r, struct ynode *n, int depth)
{
	int c;

	n->type = YNODE_SEQ;
	r->pos++;
	if (peek(r) == ']') {
		r->pos++;
		return 0;
	}
	for (;;) {
		struct ynode *item;

		peek(r);
		item = yamlmap_add(n, NULL, r->line);
		if (value(r, item, depth + 1) == -1)
			return -1;
		if ((c = peek(r)) == ']') {
			r->pos++;
			return 0;
		}
		if (c != ',')
			return fail(r, "expected ',' or ']'");
		r->pos++;
	}
}

static int
value(struct jr *r, struct ynode *n, int depth)
{
	size_t k;
	int c = peek(r);

	n->line = r->line;
	n->type = YNODE_SCALAR;
	if (c == '{' || c == '[') {
		if (depth >= YAMLMAP_MAX_DEPTH) {
			diag(DIAG_ERROR, r->file, r->line, "JSON: objects and "
			    "arrays nested more than %d deep",
			    YAMLMAP_MAX_DEPTH);
			return -1;
		}
		return c == '{' ? members(r, n, depth) :
		    elements(r, n, depth);
	}
	if (c == '"')
		return (n->value = string(r)) == NULL ? -1 : 0;
	if (word(r, "true") || word(r, "false")) {
		n->value = xstrdup(r->s[r->pos - 1] == 'e' &&
		    r->s[r->pos - 2] == 'u' ? "true" : "false");
		return 0;
	}
	if (word(r, "null")) {
		n->value = xstrdup("");
		n->null = 1;
		return 0;
	}
	if ((k = number_len(r->s + r->pos, r->len - r->pos)) > 0) {
		n->value = xstrndup(r->s + r->pos, k);
		r->pos += k;
		return 0;
	}
	return fail(r, "expected a value");
}

int
jsonmap_parse(const char *file, unsigned first_line, const char *text,
    size_t len, struct ynode **root, size_t *end)
{
	struct jr r = { file, text, len, 0, first_line };
	struct ynode *top = xcalloc(1, sizeof(*top));

	*root = NULL;
	*end = 0;
	if (value(&r, top, 0) == -1) {
		yamlmap_free(top);
		return -1;
	}
	*root = top;
	*end = r.pos;
	return 0;
}
