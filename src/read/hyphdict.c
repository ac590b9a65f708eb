/* hyphdict.c - libhyphen's automata kept compiled in the user's cache. */
#include "hyphdict.h"

#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

/* The compiled form: native byte order, for this machine's own cache. */
#define MAGIC		"quire-hyph-2\n"
#define MAX_LEVELS	4	/* libhyphen makes two */

/* What identifies the source file a compiled form was made from. */
struct stamp {
	uint64_t size, ino, dev;
	int64_t	 sec, nsec;
};

static int
stamp_of(const char *path, struct stamp *s)
{
	struct stat st;

	if (stat(path, &st) == -1)
		return -1;
	memset(s, 0, sizeof(*s));
	s->size = (uint64_t)st.st_size;
	s->ino = (uint64_t)st.st_ino;
	s->dev = (uint64_t)st.st_dev;
	s->sec = (int64_t)st.st_mtim.tv_sec;
	s->nsec = (int64_t)st.st_mtim.tv_nsec;
	return 0;
}

/* $XDG_CACHE_HOME/quire/hyph-NAME.bin (NAME: path's file name and a
 * hash of the whole path), or NULL without a home for it. */
static char *
cache_path(const char *path, char **dir)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	const char *base = strrchr(path, '/');
	unsigned long h = 5381;

	for (const char *p = path; *p; p++)
		h = h * 33 + (unsigned char)*p;
	if (xdg != NULL && *xdg == '/')
		*dir = xasprintf("%s/quire", xdg);
	else if (home != NULL && *home == '/')
		*dir = xasprintf("%s/.cache/quire", home);
	else
		return NULL;
	return xasprintf("%s/hyph-%s-%08lx.bin", *dir, base ? base + 1 : path,
	    h & 0xffffffffUL);
}

/*
 * Writing.
 */

static void
put_bytes(struct buf *b, const void *p, size_t n)
{
	buf_append(b, p, n);
}

static void
put_i32(struct buf *b, int32_t v)
{
	put_bytes(b, &v, sizeof(v));
}

/* A string, or NULL, as its length (-1: NULL) and its bytes. */
static void
put_str(struct buf *b, const char *s, size_t n)
{
	put_i32(b, s ? (int32_t)n : -1);
	if (s != NULL)
		put_bytes(b, s, n);
}

static void
put_level(struct buf *b, const HyphenDict *d)
{
	static const signed char zero;
	size_t nh = 0;

	put_bytes(b, &d->lhmin, 1);
	put_bytes(b, &d->rhmin, 1);
	put_bytes(b, &d->clhmin, 1);
	put_bytes(b, &d->crhmin, 1);
	/* NOHYPHEN's list: nohyphenl + 1 strings, one after another. */
	if (d->nohyphen != NULL)
		for (int i = 0; i <= d->nohyphenl; i++)
			nh += strlen(d->nohyphen + nh) + 1;
	put_i32(b, d->nohyphenl);
	put_str(b, d->nohyphen, nh);
	put_bytes(b, d->cset, sizeof(d->cset));
	put_i32(b, d->utf8);
	put_i32(b, d->num_states);
	for (int i = 0; i < d->num_states; i++) {
		const HyphenState *s = &d->states[i];

		put_str(b, s->match, s->match ? strlen(s->match) : 0);
		put_str(b, s->repl, s->repl ? strlen(s->repl) : 0);
		/* Only a replacement reads these, and libhyphen leaves
		 * them unset without one. */
		put_bytes(b, s->repl ? &s->replindex : &zero, 1);
		put_bytes(b, s->repl ? &s->replcut : &zero, 1);
		put_i32(b, s->fallback_state);
		put_i32(b, s->num_trans);
		for (int k = 0; k < s->num_trans; k++) {
			put_bytes(b, &s->trans[k].ch, 1);
			put_i32(b, s->trans[k].new_state);
		}
	}
}

/* Keeps d compiled at cache, atomically; quietly nothing on failure. */
static void
save(const HyphenDict *d, const struct stamp *st, const char *path,
    const char *dir, const char *cache)
{
	struct buf b = {0};
	char *tmp;
	int nlevels = 0, fd;

	for (const HyphenDict *l = d; l != NULL && nlevels <= MAX_LEVELS;
	    l = l->nextlevel)
		nlevels++;
	if (nlevels > MAX_LEVELS)
		return;
	put_bytes(&b, MAGIC, sizeof(MAGIC) - 1);
	put_bytes(&b, st, sizeof(*st));
	put_str(&b, path, strlen(path));
	put_i32(&b, nlevels);
	for (const HyphenDict *l = d; l != NULL; l = l->nextlevel)
		put_level(&b, l);
	/* The folder may be missing, its parent too (~/.cache). */
	if (mkdir(dir, 0755) == -1 && errno == ENOENT) {
		char *up = xstrdup(dir);

		*strrchr(up, '/') = '\0';
		mkdir(up, 0755);
		free(up);
		mkdir(dir, 0755);
	}
	tmp = xasprintf("%s.XXXXXX", cache);
	if ((fd = mkstemp(tmp)) != -1) {
		ssize_t w = write(fd, b.data, b.len);

		if (close(fd) == 0 && w == (ssize_t)b.len)
			rename(tmp, cache);
		else
			unlink(tmp);
	}
	free(tmp);
	buf_free(&b);
}

/*
 * Reading: every length checked against what is left, every state
 * number against the states there are, so a damaged file is refused,
 * never followed.
 */

struct rd {
	const unsigned char *p, *end;
};

static int
get_bytes(struct rd *r, void *out, size_t n)
{
	if ((size_t)(r->end - r->p) < n)
		return -1;
	memcpy(out, r->p, n);
	r->p += n;
	return 0;
}

static int
get_i32(struct rd *r, int32_t *v)
{
	return get_bytes(r, v, sizeof(*v));
}

/* A string written by put_str, new (NUL-terminated), into *s. */
static int
get_str(struct rd *r, char **s, size_t *len)
{
	int32_t n;

	*s = NULL;
	if (get_i32(r, &n) == -1 || n < -1 || (n >= 0 &&
	    (size_t)(r->end - r->p) < (size_t)n))
		return -1;
	if (n >= 0) {
		*s = xmalloc((size_t)n + 1);
		memcpy(*s, r->p, (size_t)n);
		(*s)[n] = '\0';
		r->p += n;
	}
	if (len != NULL)
		*len = n >= 0 ? (size_t)n : 0;
	return 0;
}

/* One level; the states are allocated as libhyphen does, so that
 * hnj_hyphen_free frees them. */
static HyphenDict *
get_level(struct rd *r)
{
	HyphenDict *d = xcalloc(1, sizeof(*d));
	int32_t v;
	size_t nh;

	if (get_bytes(r, &d->lhmin, 1) == -1 ||
	    get_bytes(r, &d->rhmin, 1) == -1 ||
	    get_bytes(r, &d->clhmin, 1) == -1 ||
	    get_bytes(r, &d->crhmin, 1) == -1 || get_i32(r, &v) == -1 ||
	    v < 0 || get_str(r, &d->nohyphen, &nh) == -1)
		goto bad;
	d->nohyphenl = v;
	/* As many strings as it says, each ended inside it. */
	if (d->nohyphen != NULL) {
		size_t at = 0;

		for (int i = 0; i <= d->nohyphenl; i++) {
			if (at >= nh + 1)
				goto bad;
			at += strlen(d->nohyphen + at) + 1;
		}
	}
	if (get_bytes(r, d->cset, sizeof(d->cset)) == -1 ||
	    d->cset[sizeof(d->cset) - 1] != '\0' || get_i32(r, &v) == -1)
		goto bad;
	d->utf8 = v;
	if (get_i32(r, &v) == -1 || v < 1 || v > (r->end - r->p) / 10)
		goto bad;
	d->states = xcalloc((size_t)v, sizeof(*d->states));
	d->num_states = v;
	for (int i = 0; i < d->num_states; i++) {
		HyphenState *s = &d->states[i];
		int32_t n;

		if (get_str(r, &s->match, NULL) == -1 ||
		    get_str(r, &s->repl, NULL) == -1 ||
		    get_bytes(r, &s->replindex, 1) == -1 ||
		    get_bytes(r, &s->replcut, 1) == -1 ||
		    get_i32(r, &s->fallback_state) == -1 ||
		    s->fallback_state < -1 ||
		    s->fallback_state >= d->num_states ||
		    get_i32(r, &n) == -1 || n < 0 ||
		    n > (r->end - r->p) / 5)
			goto bad;
		if (n > 0)
			s->trans = xcalloc((size_t)n, sizeof(*s->trans));
		s->num_trans = n;
		for (int k = 0; k < n; k++)
			if (get_bytes(r, &s->trans[k].ch, 1) == -1 ||
			    get_i32(r, &s->trans[k].new_state) == -1 ||
			    s->trans[k].new_state < 0 ||
			    s->trans[k].new_state >= d->num_states)
				goto bad;
	}
	return d;
bad:
	if (d->states == NULL) {
		free(d->nohyphen);
		free(d);
		return NULL;
	}
	hnj_hyphen_free(d);
	return NULL;
}

/* The compiled form at cache of the file path stamped st, or NULL. */
static HyphenDict *
load_compiled(const char *cache, const char *path, const struct stamp *st)
{
	struct stamp was;
	struct rd r;
	unsigned char *data = NULL;
	HyphenDict *d = NULL, **tail = &d;
	char *name = NULL;
	size_t len = 0;
	int32_t n;
	FILE *f = fopen(cache, "rb");
	long size;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) > 0 &&
	    size < 64L * 1024 * 1024 && fseek(f, 0, SEEK_SET) == 0) {
		data = xmalloc((size_t)size);
		len = fread(data, 1, (size_t)size, f) == (size_t)size ?
		    (size_t)size : 0;
	}
	fclose(f);
	r.p = data;
	r.end = data + len;
	if (len < sizeof(MAGIC) - 1 || memcmp(data, MAGIC,
	    sizeof(MAGIC) - 1) != 0)
		goto out;
	r.p += sizeof(MAGIC) - 1;
	if (get_bytes(&r, &was, sizeof(was)) == -1 ||
	    memcmp(&was, st, sizeof(was)) != 0 ||
	    get_str(&r, &name, NULL) == -1 || name == NULL ||
	    strcmp(name, path) != 0 || get_i32(&r, &n) == -1 || n < 1 ||
	    n > MAX_LEVELS)
		goto out;
	for (int i = 0; i < n; i++) {
		if ((*tail = get_level(&r)) == NULL) {
			if (d != NULL)
				hnj_hyphen_free(d);
			d = NULL;
			goto out;
		}
		tail = &(*tail)->nextlevel;
	}
	/* Anything after the last level is damage too. */
	if (r.p != r.end) {
		hnj_hyphen_free(d);
		d = NULL;
	}
out:
	free(name);
	free(data);
	return d;
}

HyphenDict *
hyphdict_load(const char *path)
{
	struct stamp st;
	char *dir = NULL, *cache = NULL, *real;
	HyphenDict *d;

	/* One compiled form per file, whichever link names it. */
	if (stamp_of(path, &st) == -1 || (real = realpath(path, NULL)) == NULL)
		return NULL;
	if ((cache = cache_path(real, &dir)) == NULL)
		d = hnj_hyphen_load(real);
	else if ((d = load_compiled(cache, real, &st)) == NULL &&
	    (d = hnj_hyphen_load(real)) != NULL)
		save(d, &st, real, dir, cache);
	free(real);
	free(cache);
	free(dir);
	return d;
}
