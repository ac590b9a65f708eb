/* util.c - allocation wrappers and the byte buffer. */
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void
oom(void)
{
	fputs("quire: out of memory\n", stderr);
	exit(3);
}

void *
xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (p == NULL)
		oom();
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		oom();
	return p;
}

void *
xrealloc(void *p, size_t size)
{
	p = realloc(p, size ? size : 1);
	if (p == NULL)
		oom();
	return p;
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		oom();
	return xrealloc(p, n * size);
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t len)
{
	char *p = xmalloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

static void
buf_grow(struct buf *b, size_t more)
{
	size_t need;

	if (more > SIZE_MAX - b->len - 1)
		oom();
	need = b->len + more + 1;
	if (need <= b->cap)
		return;
	/* Grow by half again to keep appends amortised linear. */
	b->cap = b->cap + b->cap / 2;
	if (b->cap < need)
		b->cap = need < 64 ? 64 : need;
	b->data = xrealloc(b->data, b->cap);
}

void
buf_append(struct buf *b, const char *s, size_t len)
{
	buf_grow(b, len);
	if (len)
		memcpy(b->data + b->len, s, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void
buf_puts(struct buf *b, const char *s)
{
	buf_append(b, s, strlen(s));
}

void
buf_putc(struct buf *b, char c)
{
	buf_append(b, &c, 1);
}

static void
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list again;
	int n;

	va_copy(again, ap);
	n = vsnprintf(NULL, 0, fmt, ap);
	if (n < 0)
		oom();
	buf_grow(b, (size_t)n);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, again);
	va_end(again);
	b->len += (size_t)n;
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

char *
xasprintf(const char *fmt, ...)
{
	struct buf b = {0};
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return buf_take(&b);
}

char *
buf_take(struct buf *b)
{
	char *p = b->data ? b->data : xstrdup("");

	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}

int
str_bool(const char *s, int *val)
{
	static const char *const yes[] = { "true", "yes", "on" };
	static const char *const no[] = { "false", "no", "off" };

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*val = 1;
			return 0;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*val = 0;
			return 0;
		}
	}
	return -1;
}

const char *
path_base(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

int
threads(void)
{
	const char *env = getenv("QUIRE_THREADS");

	if (env != NULL && atoi(env) > 0)
		return atoi(env);
	return sysconf(_SC_NPROCESSORS_ONLN) > 1 ? 2 : 1;
}

void
buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

void
utf8_no_nonchars(char *s, size_t n)
{
	unsigned char *u = (unsigned char *)s;

	for (size_t i = 0; i + 2 < n; i++) {
		if (u[i] == 0xEF && ((u[i + 1] == 0xB7 && u[i + 2] >= 0x90 &&
		    u[i + 2] <= 0xAF) || (u[i + 1] == 0xBF &&
		    u[i + 2] >= 0xBE))) {
			u[i + 1] = 0xBF;
			u[i + 2] = 0xBD;
		} else if (u[i] >= 0xF0 && i + 3 < n &&
		    (u[i + 1] & 0x0F) == 0x0F && u[i + 2] == 0xBF &&
		    u[i + 3] >= 0xBE)
			u[i + 3] = 0xBD;
	}
}

unsigned
utf8_decode(const unsigned char *s, size_t n, size_t *len)
{
	unsigned c = s[0], cp, min;
	size_t need;

	*len = 0;
	if (c < 0x80) {
		*len = 1;
		return c;
	}
	if (c >= 0xC2 && c <= 0xDF)
		need = 2, cp = c & 0x1F, min = 0x80;
	else if (c >= 0xE0 && c <= 0xEF)
		need = 3, cp = c & 0x0F, min = 0x800;
	else if (c >= 0xF0 && c <= 0xF4)
		need = 4, cp = c & 0x07, min = 0x10000;
	else
		return 0;
	if (n < need)
		return 0;
	for (size_t i = 1; i < need; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	*len = need;
	return cp;
}

void
buf_put_utf8(struct buf *b, unsigned cp)
{
	char s[4];

	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0)
		cp = 0xFFFD;
	if (cp < 0x80) {
		buf_putc(b, (char)cp);
	} else if (cp < 0x800) {
		s[0] = (char)(0xC0 | cp >> 6);
		s[1] = (char)(0x80 | (cp & 0x3F));
		buf_append(b, s, 2);
	} else if (cp < 0x10000) {
		s[0] = (char)(0xE0 | cp >> 12);
		s[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		s[2] = (char)(0x80 | (cp & 0x3F));
		buf_append(b, s, 3);
	} else {
		s[0] = (char)(0xF0 | cp >> 18);
		s[1] = (char)(0x80 | (cp >> 12 & 0x3F));
		s[2] = (char)(0x80 | (cp >> 6 & 0x3F));
		s[3] = (char)(0x80 | (cp & 0x3F));
		buf_append(b, s, 4);
	}
}

const char *
kv_get(const struct kv *kv, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (kv[i].key != NULL && strcmp(kv[i].key, key) == 0)
			return kv[i].value;
	return NULL;
}

void
kv_free(struct kv *kv, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(kv[i].key);
		free(kv[i].value);
	}
	free(kv);
}

const char *
mem_find(const char *hay, size_t n, const char *needle, size_t m)
{
	const char *p = hay, *end = hay + n;

	if (m == 0)
		return hay;
	while (m <= (size_t)(end - p) && (p = memchr(p, needle[0],
	    (size_t)(end - p) - m + 1)) != NULL) {
		if (memcmp(p, needle, m) == 0)
			return p;
		p++;
	}
	return NULL;
}

unsigned
line_at(struct linecount *lc, size_t pos)
{
	const char *p;

	if (pos < lc->pos) {
		lc->pos = 0;
		lc->line = 0;
	}
	while (lc->pos < pos) {
		p = memchr(lc->s + lc->pos, '\n', pos - lc->pos);
		if (p == NULL) {
			lc->pos = pos;
			break;
		}
		lc->line++;
		lc->pos = (size_t)(p - lc->s) + 1;
	}
	return lc->first + lc->line;
}

unsigned
count_newlines(const char *s, size_t n)
{
	const char *p, *end = s + n;
	unsigned k = 0;

	while (s < end && (p = memchr(s, '\n', (size_t)(end - s))) != NULL) {
		k++;
		s = p + 1;
	}
	return k;
}

void
buf_put_newlines(struct buf *b, const char *s, size_t n)
{
	const char *p, *end = s + n;

	while (s < end && (p = memchr(s, '\n', (size_t)(end - s))) != NULL) {
		buf_putc(b, '\n');
		s = p + 1;
	}
}

void
buf_put_escaped(struct buf *b, const char *s, int one_line)
{
	for (; *s; s++)
		switch (*s) {
		case '&':
			buf_puts(b, "&amp;");
			break;
		case '"':
			buf_puts(b, "&quot;");
			break;
		case '<':
			buf_puts(b, "&lt;");
			break;
		case '>':
			buf_puts(b, "&gt;");
			break;
		case '\n':
			buf_putc(b, one_line ? ' ' : '\n');
			break;
		default:
			if ((unsigned char)*s >= 0x20 || *s == '\t')
				buf_putc(b, *s);
		}
}

int
take_word(const char *s, size_t len, size_t *pos, const char *word)
{
	size_t n = strlen(word);

	if (len - *pos < n || memcmp(s + *pos, word, n) != 0)
		return 0;
	*pos += n;
	return 1;
}

/*
 * The canonical form of path even when its end does not exist: the
 * longest prefix realpath(3) resolves, then the rest applied by name.
 */
static char *
canonical(const char *path)
{
	struct buf b = { 0 };
	char *abs, *pre, *real, *rest, *comp, *save;
	size_t n;

	if (path[0] == '/')
		abs = xstrdup(path);
	else {
		char cwd[PATH_MAX];

		if (getcwd(cwd, sizeof(cwd)) == NULL)
			return NULL;
		abs = xasprintf("%s/%s", cwd, path);
	}
	/* Shorten by whole components until realpath succeeds ("/" will). */
	n = strlen(abs);
	for (;;) {
		pre = xstrndup(abs, n ? n : 1);
		real = realpath(pre, NULL);
		free(pre);
		if (real != NULL || n <= 1)
			break;
		while (n > 1 && abs[n - 1] != '/')
			n--;
		while (n > 1 && abs[n - 1] == '/')
			n--;
	}
	if (real == NULL) {
		free(abs);
		return NULL;
	}
	buf_puts(&b, strcmp(real, "/") == 0 ? "" : real);
	free(real);
	rest = abs + n;
	for (comp = strtok_r(rest, "/", &save); comp != NULL;
	    comp = strtok_r(NULL, "/", &save)) {
		if (strcmp(comp, ".") == 0)
			continue;
		if (strcmp(comp, "..") == 0) {
			while (b.len > 0 && b.data[b.len - 1] != '/')
				b.len--;
			if (b.len > 0)
				b.len--;
			if (b.data != NULL)
				b.data[b.len] = '\0';
			continue;
		}
		buf_putc(&b, '/');
		buf_puts(&b, comp);
	}
	free(abs);
	if (b.len == 0)
		buf_putc(&b, '/');
	return buf_take(&b);
}

int
path_inside(const char *path, const char *root)
{
	char *p, *r;
	size_t n;
	int in = 0;

	p = canonical(path);
	r = canonical(root);
	if (p == NULL || r == NULL)
		goto out;
	n = strlen(r);
	if (strcmp(r, "/") == 0)
		in = 1;
	else
		in = strncmp(p, r, n) == 0 && (p[n] == '/' || p[n] == '\0');
out:
	free(p);
	free(r);
	return in;
}

const char *
tmp_dir(void)
{
	const char *dir = getenv("TMPDIR");

	return dir && *dir ? dir : "/tmp";
}

int
pwrite_all(int fd, const void *p, size_t n, off_t off)
{
	size_t done = 0;

	while (done < n) {
		ssize_t w = pwrite(fd, (const char *)p + done, n - done,
		    off + (off_t)done);

		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0) {
			errno = w == 0 ? ENOSPC : errno;
			return -1;
		}
		done += (size_t)w;
	}
	return 0;
}

ssize_t
pread_all(int fd, void *p, size_t n, off_t off)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = pread(fd, (char *)p + got, n - got,
		    off + (off_t)got);

		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}
