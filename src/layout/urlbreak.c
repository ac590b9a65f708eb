/* urlbreak.c - break points inside URLs, paths and long code tokens. */
#include "urlbreak.h"

#include <string.h>

#define NEVER 10000.0	/* LB_INF: not here */

/* Shorter words break as Pango has them. */
#define MIN_PATH 16	/* bytes: a path with a slash */
#define MIN_CODE 10	/* bytes: an inline-code token */
#define MIN_NAME 12	/* bytes: a word in camel case */

static int
alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z');
}

static int
lower(unsigned char c)
{
	return c >= 'a' && c <= 'z';
}

static int
upper(unsigned char c)
{
	return c >= 'A' && c <= 'Z';
}

/* Whether a part of a name starts at i: a capital after a small letter
 * ("Origin|Config"), or the last capital of a run followed by a small
 * letter ("POSH|Origin"). */
static int
camel_at(const char *w, size_t n, size_t i)
{
	unsigned char c = (unsigned char)w[i - 1], d = (unsigned char)w[i];

	if (!upper(d))
		return 0;
	return lower(c) || (upper(c) && i + 1 < n &&
	    lower((unsigned char)w[i + 1]));
}

/* Whether w is a program's name in camel case: letters, digits and
 * "-_." only, with a part starting inside it. */
static int
camel(const char *w, size_t n)
{
	int parts = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)w[i];

		if (!alnum(c) && c != '-' && c != '_' && c != '.')
			return 0;
		parts += i >= 2 && camel_at(w, n, i);
	}
	return parts > 0;
}

static int
slash(unsigned char c)
{
	return c == '/' || c == '\\';
}

/* Whether byte i starts a soft hyphen. */
static int
soft(const char *w, size_t n, size_t i)
{
	return i + 1 < n && (unsigned char)w[i] == 0xC2 &&
	    (unsigned char)w[i + 1] == 0xAD;
}

/* The core of the word, without leading and trailing punctuation (an
 * opening parenthesis, a sentence's full stop, a closing quote). */
static void
core(const char *w, size_t n, size_t *from, size_t *to)
{
	size_t a = 0, b = n;

	while (a < b && !alnum((unsigned char)w[a]) &&
	    !slash((unsigned char)w[a]))
		a++;
	while (b > a && !alnum((unsigned char)w[b - 1]) &&
	    !slash((unsigned char)w[b - 1]))
		b--;
	*from = a;
	*to = b;
}

enum ub_kind
ub_kind(const char *w, size_t n, int code)
{
	int slashes = 0;

	for (size_t i = 0; i < n; i++)
		slashes += slash((unsigned char)w[i]);
	for (size_t i = 0; i + 3 <= n; i++)
		if (!memcmp(w + i, "://", 3))
			return UB_URL;
	if ((n >= 4 && !memcmp(w, "www.", 4)) ||
	    (slashes > 0 && n >= MIN_PATH))
		return UB_URL;
	if (code)
		return n >= MIN_CODE ? UB_CODE : UB_NONE;
	{
		size_t from, to;

		core(w, n, &from, &to);
		if (to - from >= MIN_NAME && camel(w + from, to - from))
			return UB_NAME;
	}
	return UB_NONE;
}

/* The penalty of a break between c and d (at i) by the kind's rules. */
static double
rule(const char *w, size_t n, size_t i, enum ub_kind k)
{
	unsigned char c = (unsigned char)w[i - 1], d = (unsigned char)w[i];

	if (slash(c))
		return slash(d) ? NEVER : UB_PUNCT;
	if (k != UB_URL) {
		/* after a hyphen or underscore inside a name, before a
		 * dot: Get-|Item, file|.ps1; a part of the name */
		if ((c == '-' || c == '_') && i >= 2 &&
		    alnum((unsigned char)w[i - 2]) && alnum(d))
			return UB_PUNCT;
		if (d == '.' && alnum(c))
			return UB_PUNCT;
		return camel_at(w, n, i) ? UB_CAMEL : NEVER;
	}
	if (strchr(".,-_?#%~&=;:", d) != NULL && d != '\0' && alnum(c))
		return UB_PUNCT;
	if (alnum(c) && alnum(d))
		return UB_CHAR;
	return NEVER;
}

void
ub_breaks(const char *w, size_t n, enum ub_kind k, double *pen)
{
	size_t from, to, scheme = 0;
	const char *s;

	for (size_t i = 0; i < n; i++)
		pen[i] = NEVER;
	if (k == UB_NONE)
		return;
	/* no break in "scheme://"; one may follow it */
	s = memchr(w, ':', n);
	if (k == UB_URL && s != NULL && (size_t)(s - w) + 3 <= n &&
	    !memcmp(s, "://", 3))
		scheme = (size_t)(s - w) + 3;
	core(w, n, &from, &to);
	for (size_t i = from + 2; i + 2 <= to; i++) {
		if ((unsigned char)w[i] >= 0x80 ||
		    (unsigned char)w[i - 1] >= 0x80 || soft(w, n, i) ||
		    (i >= 2 && soft(w, n, i - 2)))
			continue;	/* inside or by a character not ASCII */
		if (i < scheme)
			continue;
		pen[i] = rule(w, n, i, k);
		/* a letter break within four of the core's ends leaves a
		 * stub ("ng/") */
		if (pen[i] == UB_CHAR && (i < from + 4 || i + 4 > to))
			pen[i] = NEVER;
	}
}
