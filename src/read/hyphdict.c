/* hyphdict.c - libhyphen's automata kept compiled in the user's cache. */
#include "hyphdict.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

/* The compiled form: native byte order, for this machine's own cache. */
#define MAGIC		"quire-hyph-3\n"
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

/* $XDG_CACHE_HOME/quire/hyph3-NAME.bin (3: the form's version, so that
 * builds that read another form keep their own; NAME: path's file name
 * and a hash of the whole path), or NULL without a home for it. */
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
	return xasprintf("%s/hyph3-%s-%08lx.bin", *dir, base ? base + 1 : path,
	    h & 0xffffffffUL);
}

/*
 * The compiled form of a level, laid out so that loading it is one
 * allocation and one pass: its numbers, then a record per state, a record
 * per transition (all states' in order), and every string (match,
 * replacement, the NOHYPHEN list) NUL-ended in one arena that states
 * point into by offset (-1: none).
 */
struct level_head {
	char	 lhmin, rhmin, clhmin, crhmin;
	int32_t	 nohyphenl, nohyphen;	/* nohyphen: an offset */
	char	 cset[MAX_NAME];
	int32_t	 utf8, nstates, ntrans, nchars;
};

#define STATE_SIZE	18	/* match, repl, index, cut, fallback, trans */
#define TRANS_SIZE	5	/* character, new state */

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

/* s (length n) into the arena as, returning its offset; -1 for NULL. */
static int32_t
put_str(struct buf *as, const char *s, size_t n)
{
	int32_t at = (int32_t)as->len;

	if (s == NULL)
		return -1;
	buf_append(as, s, n);
	buf_putc(as, '\0');
	return at;
}

static void
put_level(struct buf *b, const HyphenDict *d)
{
	struct level_head h;
	struct buf states = {0}, trans = {0}, as = {0};
	size_t nh = 0;

	memset(&h, 0, sizeof(h));
	h.lhmin = d->lhmin;
	h.rhmin = d->rhmin;
	h.clhmin = d->clhmin;
	h.crhmin = d->crhmin;
	/* NOHYPHEN's list: nohyphenl + 1 strings, one after another. */
	if (d->nohyphen != NULL)
		for (int i = 0; i <= d->nohyphenl; i++)
			nh += strlen(d->nohyphen + nh) + 1;
	h.nohyphenl = d->nohyphenl;
	/* Its last NUL is the arena's own. */
	h.nohyphen = put_str(&as, d->nohyphen, nh ? nh - 1 : 0);
	memcpy(h.cset, d->cset, sizeof(h.cset));
	h.utf8 = d->utf8;
	h.nstates = d->num_states;
	for (int i = 0; i < d->num_states; i++) {
		const HyphenState *s = &d->states[i];
		/* Only a replacement reads the index and cut, and libhyphen
		 * leaves them unset without one. */
		signed char ix[2] = { s->repl ? s->replindex : 0,
			s->repl ? s->replcut : 0 };

		put_i32(&states, put_str(&as, s->match, s->match ?
		    strlen(s->match) : 0));
		put_i32(&states, put_str(&as, s->repl, s->repl ?
		    strlen(s->repl) : 0));
		put_bytes(&states, ix, 2);
		put_i32(&states, s->fallback_state);
		put_i32(&states, s->num_trans);
		for (int k = 0; k < s->num_trans; k++) {
			put_bytes(&trans, &s->trans[k].ch, 1);
			put_i32(&trans, s->trans[k].new_state);
		}
		h.ntrans += s->num_trans;
	}
	h.nchars = (int32_t)as.len;
	put_bytes(b, &h, sizeof(h));
	buf_append(b, states.data, states.len);
	buf_append(b, trans.data, trans.len);
	buf_append(b, as.data, as.len);
	buf_free(&states);
	buf_free(&trans);
	buf_free(&as);
}

/* The compiled form of d made from the file path stamped st, into b;
 * -1 (b empty) when d has more levels than the form keeps. */
static int
compile(struct buf *b, const HyphenDict *d, const struct stamp *st,
    const char *path)
{
	int32_t nlevels = 0;

	for (const HyphenDict *l = d; l != NULL && nlevels <= MAX_LEVELS;
	    l = l->nextlevel)
		nlevels++;
	if (nlevels > MAX_LEVELS)
		return -1;
	buf_append(b, MAGIC, sizeof(MAGIC) - 1);
	put_bytes(b, st, sizeof(*st));
	put_i32(b, (int32_t)strlen(path));
	buf_puts(b, path);
	put_i32(b, nlevels);
	for (const HyphenDict *l = d; l != NULL; l = l->nextlevel)
		put_level(b, l);
	return 0;
}

/* Keeps the compiled form b at cache, atomically; quietly nothing on
 * failure. */
static void
save(const struct buf *b, const char *dir, const char *cache)
{
	char *tmp;
	int fd;

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
		ssize_t w = write(fd, b->data, b->len);

		if (close(fd) == 0 && w == (ssize_t)b->len)
			rename(tmp, cache);
		else
			unlink(tmp);
	}
	free(tmp);
}

/*
 * Reading: every count checked against what is left, every offset
 * against the arena and every state number against the states there
 * are, so a damaged form is refused, never followed.
 */

struct rd {
	const unsigned char *p, *end;
};

/* n bytes from r, or NULL when fewer are left. */
static const unsigned char *
take(struct rd *r, size_t n)
{
	const unsigned char *at = r->p;

	if ((size_t)(r->end - r->p) < n)
		return NULL;
	r->p += n;
	return at;
}

static int32_t
i32_at(const unsigned char *p)
{
	int32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* The string at offset off of an arena of n chars, or NULL for -1 (and
 * *bad for an offset outside it). */
static char *
str_at(char *arena, int32_t n, int32_t off, int *bad)
{
	if (off == -1)
		return NULL;
	if (off < 0 || off >= n)
		*bad = 1;
	return *bad ? NULL : arena + off;
}

/* One level as one allocation (hyphdict_free frees it), or NULL. */
static HyphenDict *
get_level(struct rd *r)
{
	const unsigned char *hp = take(r, sizeof(struct level_head)), *sp,
	    *tp, *cp;
	struct level_head h;
	HyphenDict *d;
	HyphenTrans *trans;
	char *arena;
	size_t size;
	int32_t next = 0;
	int bad = 0;

	if (hp == NULL)
		return NULL;
	memcpy(&h, hp, sizeof(h));
	if (h.nstates < 1 || h.ntrans < 0 || h.nchars < 0 ||
	    h.nohyphenl < 0 || h.cset[sizeof(h.cset) - 1] != '\0' ||
	    h.nstates > (r->end - r->p) / STATE_SIZE ||
	    (sp = take(r, (size_t)h.nstates * STATE_SIZE)) == NULL ||
	    h.ntrans > (r->end - r->p) / TRANS_SIZE ||
	    (tp = take(r, (size_t)h.ntrans * TRANS_SIZE)) == NULL ||
	    (cp = take(r, (size_t)h.nchars)) == NULL ||
	    (h.nchars > 0 && cp[h.nchars - 1] != '\0'))
		return NULL;
	size = sizeof(*d) + (size_t)h.nstates * sizeof(HyphenState) +
	    (size_t)h.ntrans * sizeof(HyphenTrans) + (size_t)h.nchars;
	d = xcalloc(1, size);
	d->states = (HyphenState *)(d + 1);
	trans = (HyphenTrans *)(d->states + h.nstates);
	arena = (char *)(trans + h.ntrans);
	memcpy(arena, cp, (size_t)h.nchars);
	d->lhmin = h.lhmin;
	d->rhmin = h.rhmin;
	d->clhmin = h.clhmin;
	d->crhmin = h.crhmin;
	d->nohyphenl = h.nohyphenl;
	d->nohyphen = str_at(arena, h.nchars, h.nohyphen, &bad);
	memcpy(d->cset, h.cset, sizeof(d->cset));
	d->utf8 = h.utf8;
	d->num_states = h.nstates;
	/* As many NOHYPHEN strings as it says, each inside the arena
	 * (whose last char is a NUL). */
	if (d->nohyphen != NULL) {
		size_t at = (size_t)h.nohyphen;

		for (int i = 0; i <= d->nohyphenl && !bad; i++) {
			if (at >= (size_t)h.nchars)
				bad = 1;
			else
				at += strlen(arena + at) + 1;
		}
	}
	for (int32_t i = 0; i < h.nstates && !bad; i++, sp += STATE_SIZE) {
		HyphenState *s = &d->states[i];
		int32_t n = i32_at(sp + 14);

		s->match = str_at(arena, h.nchars, i32_at(sp), &bad);
		s->repl = str_at(arena, h.nchars, i32_at(sp + 4), &bad);
		s->replindex = (signed char)sp[8];
		s->replcut = (signed char)sp[9];
		s->fallback_state = i32_at(sp + 10);
		if (s->fallback_state < -1 || s->fallback_state >= h.nstates ||
		    n < 0 || n > h.ntrans - next)
			bad = 1;
		s->num_trans = n;
		s->trans = n > 0 ? trans + next : NULL;
		next += n;
	}
	for (int32_t k = 0; k < h.ntrans && !bad; k++, tp += TRANS_SIZE) {
		trans[k].ch = (char)tp[0];
		trans[k].new_state = i32_at(tp + 1);
		if (trans[k].new_state < 0 || trans[k].new_state >= h.nstates)
			bad = 1;
	}
	if (bad || next != h.ntrans) {
		free(d);
		return NULL;
	}
	return d;
}

/* The dictionary in the compiled form data (len bytes) made from the
 * file path stamped st, or NULL. */
static HyphenDict *
load_compiled(const unsigned char *data, size_t len, const char *path,
    const struct stamp *st)
{
	struct rd r = { data, data + len };
	const unsigned char *p;
	HyphenDict *d = NULL, **tail = &d;
	int32_t n;

	if ((p = take(&r, sizeof(MAGIC) - 1)) == NULL ||
	    memcmp(p, MAGIC, sizeof(MAGIC) - 1) != 0 ||
	    (p = take(&r, sizeof(*st))) == NULL ||
	    memcmp(p, st, sizeof(*st)) != 0 ||
	    (p = take(&r, sizeof(n))) == NULL ||
	    (size_t)(n = i32_at(p)) != strlen(path) ||
	    (p = take(&r, (size_t)n)) == NULL ||
	    memcmp(p, path, (size_t)n) != 0 ||
	    (p = take(&r, sizeof(n))) == NULL || (n = i32_at(p)) < 1 ||
	    n > MAX_LEVELS)
		return NULL;
	for (int i = 0; i < n; i++) {
		if ((*tail = get_level(&r)) == NULL) {
			hyphdict_free(d);
			return NULL;
		}
		tail = &(*tail)->nextlevel;
	}
	/* Anything after the last level is damage too. */
	if (r.p != r.end) {
		hyphdict_free(d);
		d = NULL;
	}
	return d;
}

/* The whole file at path, new, into *data; its length, 0 on failure. */
static size_t
slurp(const char *path, unsigned char **data)
{
	struct stat st;
	size_t len = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	*data = NULL;
	if (fd == -1)
		return 0;
	if (fstat(fd, &st) == 0 && st.st_size > 0 &&
	    st.st_size < 64L * 1024 * 1024) {
		*data = xmalloc((size_t)st.st_size);
		while (len < (size_t)st.st_size) {
			ssize_t got = read(fd, *data + len,
			    (size_t)st.st_size - len);

			if (got <= 0)
				break;
			len += (size_t)got;
		}
		if (len != (size_t)st.st_size)
			len = 0;
	}
	close(fd);
	return len;
}

/* The text at path parsed by libhyphen and compiled into b, then loaded
 * from that (so that every dictionary is freed alike), or NULL. */
static HyphenDict *
load_text(const char *path, const struct stamp *st, struct buf *b)
{
	HyphenDict *text = hnj_hyphen_load(path), *d = NULL;

	if (text == NULL)
		return NULL;
	if (compile(b, text, st, path) == 0)
		d = load_compiled((const unsigned char *)b->data, b->len, path,
		    st);
	hnj_hyphen_free(text);
	return d;
}

HyphenDict *
hyphdict_load(const char *path)
{
	struct stamp st;
	struct buf b = {0};
	char *dir = NULL, *cache = NULL, *real;
	unsigned char *data = NULL;
	size_t len;
	HyphenDict *d = NULL;

	/* One compiled form per file, whichever link names it. */
	if (stamp_of(path, &st) == -1 || (real = realpath(path, NULL)) == NULL)
		return NULL;
	cache = cache_path(real, &dir);
	if (cache != NULL && (len = slurp(cache, &data)) > 0)
		d = load_compiled(data, len, real, &st);
	if (d == NULL && (d = load_text(real, &st, &b)) != NULL &&
	    cache != NULL)
		save(&b, dir, cache);
	buf_free(&b);
	free(data);
	free(real);
	free(cache);
	free(dir);
	return d;
}

void
hyphdict_free(HyphenDict *d)
{
	while (d != NULL) {
		HyphenDict *next = d->nextlevel;

		free(d);
		d = next;
	}
}
