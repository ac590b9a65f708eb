/* pdfpatch.c - incremental updates of a finished PDF. */
#define _GNU_SOURCE	/* memmem */
#include "pdfpatch.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

/* How far from the end "startxref" may be, and the most objects a
 * table may declare: beyond either the file is not cairo's. */
#define TAIL 1024
#define MAX_OBJECTS 10000000L
/* Cross-reference lines read at a time. */
#define TABLE_LINES 4096L

struct put {
	long	 num;
	char	*text;		/* NULL: in the spill file, from at */
	long	 at;
	size_t	 len;
};

/*
 * What puts keep in memory; the rest goes to a temporary file, so that a
 * booklet's update (a content stream and some structure elements a page)
 * does not hold the book.
 */
#define PUT_MEMORY (1UL * 1024 * 1024)
/* The spill file is written in blocks of this many bytes or more. */
#define SPILL_BLOCK (64UL * 1024)

/*
 * Bytes of the file read ahead of need: a booklet's structure tree is
 * hundreds of thousands of small objects side by side, which one read
 * each made the slowest part of the update. A few windows, as walks go
 * back and forth between two places (a page's array of elements and the
 * elements); the one used longest ago is read anew.
 */
struct window {
	char	*data;		/* len bytes and a NUL */
	long	 at;
	size_t	 len, cap;
	unsigned long used;
};

#define READ_WINDOWS 4

struct reader {
	struct window w[READ_WINDOWS];
	size_t	 n, max;	/* windows used, and at most */
	size_t	 least;		/* bytes a window reads at least */
	unsigned long tick;
};

/* pdfpatch_get's windows: a tree's objects are a few hundred bytes. */
#define GET_WINDOW (32UL * 1024)
/* pdfpatch_stream's first read: a page's dictionary is short. */
#define STREAM_HEAD 1024UL

struct pdfpatch {
	FILE	*f;
	int	 fd;
	long	 end;		/* the file's length when opened */
	struct reader get;	/* pdfpatch_get's windows */
	long	*offset;	/* by object number; 0 = none */
	long	 size;		/* /Size: objects 0 .. size-1 */
	long	 root, info;
	long	 xref;		/* where the newest table starts */
	/* Puts come from several threads: what follows is the lock's. */
	pthread_mutex_t mu;
	struct put *puts;
	size_t	 nputs, cap;
	/* By object number: 1 + where its put is in puts, 0 = none (a
	 * booklet puts a content stream a page: no search through them). */
	size_t	*put_of;
	size_t	 nput_of;
	size_t	 held;		/* bytes of puts in memory */
	FILE	*spill;		/* the others', or NULL */
	long	 spilled;	/* bytes written to it */
	struct buf pending;	/* and what follows, not yet written */
	int	 spill_failed;	/* the disk would not take it: in memory */
	char	*extra;		/* trailer entries */
	struct start {
		long	 off, num;
	}	*starts;	/* the objects by where they start, once
				   pdfpatch_object_at has been asked */
	size_t	 nstarts;
};

/* Reads what fd holds from off: up to max bytes, NUL-terminated. */
static char *
read_at(int fd, long off, size_t max, size_t *len)
{
	char *s = xmalloc(max + 1);
	ssize_t n = pread_all(fd, s, max, off);

	if (n == -1) {
		free(s);
		return NULL;
	}
	*len = (size_t)n;
	s[*len] = '\0';
	return s;
}

/* Reads one cross-reference section at off and its trailer; entries
 * already known (from a newer section) stay. */
static int
read_section(struct pdfpatch *p, long off, long *prev)
{
	/* A table line is 20 bytes; read the header first. */
	char head[64];
	size_t len;
	char *s = read_at(p->fd, off, sizeof(head) - 1, &len), *q;
	long at = off;

	if (s == NULL)
		return -1;
	if (strncmp(s, "xref", 4) != 0) {
		free(s);
		errno = EINVAL;
		return -1;
	}
	at += (long)(pdf_space(s + 4) - s);
	free(s);
	for (;;) {
		long first, count;
		char *t;

		if ((s = read_at(p->fd, at, sizeof(head) - 1, &len)) == NULL)
			return -1;
		first = strtol(s, &q, 10);
		if (q == s) {	/* "trailer" */
			free(s);
			break;
		}
		count = strtol(q, &t, 10);
		if (t == q || first < 0 || count < 0 || first > MAX_OBJECTS ||
		    count > MAX_OBJECTS - first) {
			free(s);
			errno = EINVAL;
			return -1;
		}
		at += (long)(pdf_space(t) - s);
		free(s);
		if (first + count > p->size) {
			p->offset = xreallocarray(p->offset,
			    (size_t)(first + count), sizeof(*p->offset));
			memset(p->offset + p->size, 0, (size_t)(first + count -
			    p->size) * sizeof(*p->offset));
			p->size = first + count;
		}
		/* Some lines at a time: a booklet's table is megabytes. */
		for (long done = 0, n; done < count; done += n) {
			n = count - done < TABLE_LINES ? count - done :
			    TABLE_LINES;
			if ((s = read_at(p->fd, at, (size_t)n * 20, &len)) ==
			    NULL)
				return -1;
			if (len != (size_t)n * 20) {
				free(s);
				errno = EINVAL;
				return -1;
			}
			for (long i = 0; i < n; i++) {
				char *e = s + i * 20;

				if (e[17] == 'n' &&
				    p->offset[first + done + i] == 0)
					p->offset[first + done + i] =
					    strtol(e, NULL, 10);
			}
			free(s);
			at += n * 20;
		}
	}
	if ((s = read_at(p->fd, at, 4096, &len)) == NULL)
		return -1;
	q = (char *)pdf_space(s + strlen("trailer"));
	if (strncmp(s, "trailer", 7) != 0 || pdf_skip(q) == NULL) {
		free(s);
		errno = EINVAL;
		return -1;
	}
	if (p->root == 0)
		p->root = pdf_ref(pdf_dict_get(q, "/Root"));
	if (p->info == 0)
		p->info = pdf_ref(pdf_dict_get(q, "/Info"));
	*prev = pdf_dict_get(q, "/Prev") ? strtol(pdf_dict_get(q, "/Prev"),
	    NULL, 10) : -1;
	free(s);
	return 0;
}

struct pdfpatch *
pdfpatch_open(FILE *f)
{
	struct pdfpatch *p = xcalloc(1, sizeof(*p));
	size_t len;
	long end, off, prev;
	char *tail, *sx;
	int sections = 0;

	pthread_mutex_init(&p->mu, NULL);
	p->get.max = READ_WINDOWS;
	p->get.least = GET_WINDOW;
	p->f = f;
	p->fd = fileno(f);
	/* Read with pread from here on: what f buffers is written first. */
	if (fflush(f) != 0 || fseek(f, 0, SEEK_END) == -1 ||
	    (end = ftell(f)) == -1)
		goto fail;
	p->end = end;
	off = end > TAIL ? end - TAIL : 0;
	if ((tail = read_at(p->fd, off, (size_t)(end - off), &len)) == NULL)
		goto fail;
	/* The last "startxref" names the newest table. */
	for (sx = NULL, off = 0; (size_t)off + 9 <= len; off++)
		if (!memcmp(tail + off, "startxref", 9))
			sx = tail + off;
	p->xref = sx ? strtol(sx + 9, NULL, 10) : 0;
	free(tail);
	if (sx == NULL || p->xref <= 0 || p->xref >= end) {
		errno = EINVAL;
		goto fail;
	}
	for (off = p->xref; off >= 0 && sections < 64; off = prev, sections++)
		if (read_section(p, off, &prev) == -1)
			goto fail;
	if (p->root == 0 || off >= 0) {
		errno = EINVAL;
		goto fail;
	}
	return p;
fail:
	{
		int e = errno ? errno : EIO;

		pdfpatch_free(p);
		errno = e;
	}
	return NULL;
}

long
pdfpatch_root(const struct pdfpatch *p)
{
	return p->root;
}

long
pdfpatch_info(const struct pdfpatch *p)
{
	return p->info;
}

long
pdfpatch_count(const struct pdfpatch *p)
{
	return p->size;
}

/* Object num's put, or NULL. */
static struct put *
find_put(const struct pdfpatch *p, long num)
{
	if (num < 0 || (size_t)num >= p->nput_of || p->put_of[num] == 0)
		return NULL;
	return &p->puts[p->put_of[num] - 1];
}

/*
 * Writes the spill's pending bytes to its file. When the disk will not
 * take them, the puts they hold are kept in memory instead, and so is
 * every put after.
 */
static void
flush_spill(struct pdfpatch *p)
{
	if (pwrite_all(fileno(p->spill), p->pending.data, p->pending.len,
	    (off_t)p->spilled) == -1) {
		for (size_t i = 0; i < p->nputs; i++) {
			struct put *u = &p->puts[i];

			if (u->text == NULL && u->at >= p->spilled) {
				u->text = xstrndup(p->pending.data +
				    (u->at - p->spilled), u->len);
				p->held += u->len;
			}
		}
		p->spill_failed = 1;
	} else
		p->spilled += (long)p->pending.len;
	p->pending.len = 0;
}

/* Keeps text as u's, in memory or in the spill file. */
static void
keep(struct pdfpatch *p, struct put *u, const char *text, size_t len)
{
	u->len = len;
	u->text = NULL;
	if (p->held + len > PUT_MEMORY && !p->spill_failed) {
		if (p->spill == NULL && (p->spill = tmpfile()) == NULL)
			p->spill_failed = 1;
		else {
			/* Written a block at a time, from where it ends. */
			u->at = p->spilled + (long)p->pending.len;
			buf_append(&p->pending, text, len);
			if (p->pending.len >= SPILL_BLOCK)
				flush_spill(p);
			return;
		}
	}
	u->text = xstrndup(text, len);
	p->held += len;
}

/* u's text, a new string; NULL when the spill file fails. */
static char *
text_of(struct pdfpatch *p, const struct put *u)
{
	ssize_t n;
	char *s;

	if (u->text != NULL)
		return xstrndup(u->text, u->len);
	if (u->at >= p->spilled)
		return xstrndup(p->pending.data + (u->at - p->spilled),
		    u->len);
	s = xmalloc(u->len + 1);
	if ((n = pread_all(fileno(p->spill), s, u->len, u->at)) !=
	    (ssize_t)u->len) {
		free(s);
		if (n != -1)
			errno = EIO;
		return NULL;
	}
	s[u->len] = '\0';
	return s;
}

/*
 * Makes a window of r hold the file's bytes from off on: at least want of
 * them (fewer at the file's end) when none does already. Returns a
 * pointer to off's byte and how many follow it (*n), or NULL with errno
 * set.
 */
static const char *
window_at(const struct pdfpatch *p, struct reader *r, long off, size_t want,
    size_t *n)
{
	struct window *w = NULL;
	size_t left;
	ssize_t got;

	if (off < 0 || off >= p->end) {
		errno = EINVAL;
		return NULL;
	}
	left = (size_t)(p->end - off);
	if (want > left)
		want = left;
	for (size_t i = 0; i < r->n && w == NULL; i++)
		if (off >= r->w[i].at && off < r->w[i].at + (long)r->w[i].len &&
		    r->w[i].at + (long)r->w[i].len - off >= (long)want)
			w = &r->w[i];
	if (w == NULL) {
		if (r->n < r->max)
			w = &r->w[r->n++];
		else
			for (size_t i = 0; i < r->n; i++)
				if (w == NULL || r->w[i].used < w->used)
					w = &r->w[i];
		if (want < r->least)
			want = left < r->least ? left : r->least;
		if (w->cap < want + 1) {
			free(w->data);
			w->cap = want + 1;
			w->data = xmalloc(w->cap);
		}
		if ((got = pread_all(p->fd, w->data, want, off)) == -1) {
			w->len = 0;
			w->data[0] = '\0';
			return NULL;
		}
		w->at = off;
		w->len = (size_t)got;
		w->data[w->len] = '\0';
	}
	w->used = ++r->tick;
	*n = (size_t)(w->at + (long)w->len - off);
	return w->data + (off - w->at);
}

static void
reader_free(struct reader *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->w[i].data);
}

/*
 * Object num as the file holds it, read through r: its text between "obj"
 * and "endobj", NUL-terminated, new. NULL with errno set: ENOENT when
 * the file has no such object, EINVAL when what is there is not it.
 */
static char *
file_object(const struct pdfpatch *p, struct reader *r, long num)
{
	size_t want = 0, n;
	const char *s, *obj, *end;
	char *text;

	if (num <= 0 || num >= p->size || p->offset[num] == 0) {
		errno = ENOENT;
		return NULL;
	}
	/* Longer until "endobj" is in it, or the file ends. */
	for (;;) {
		if ((s = window_at(p, r, p->offset[num], want, &n)) == NULL)
			return NULL;
		if ((obj = memmem(s, n, "obj", 3)) != NULL &&
		    (end = memmem(obj, n - (size_t)(obj - s), "endobj", 6)) !=
		    NULL)
			break;
		if (p->offset[num] + (long)n >= p->end) {
			errno = EINVAL;
			return NULL;
		}
		want = 2 * (n > GET_WINDOW ? n : GET_WINDOW);
	}
	if (strtol(s, NULL, 10) != num) {
		errno = EINVAL;
		return NULL;
	}
	text = xmalloc((size_t)(end - obj - 3) + 1);
	memcpy(text, obj + 3, (size_t)(end - obj - 3));
	text[end - obj - 3] = '\0';
	return text;
}

char *
pdfpatch_get(struct pdfpatch *p, long num)
{
	const struct put *u;
	char *text;

	pthread_mutex_lock(&p->mu);
	if ((u = find_put(p, num)) != NULL) {
		text = text_of(p, u);
		pthread_mutex_unlock(&p->mu);
		return text;
	}
	pthread_mutex_unlock(&p->mu);
	return file_object(p, &p->get, num);
}

/* A stream's data longer than this is not a page's. */
#define MAX_STREAM (1L << 30)
/* Nor a dictionary longer than this. */
#define MAX_DICT (1L << 20)

int
pdfpatch_stream(const struct pdfpatch *p, long num, char **dict, char **data,
    size_t *len)
{
	/* One window, read as long as the object needs. */
	struct reader r = { .max = 1, .least = STREAM_HEAD };
	size_t n, want = STREAM_HEAD;
	const char *s, *obj, *end, *body, *lv;
	long length, at, ref;

	*dict = *data = NULL;
	*len = 0;
	if (num <= 0 || num >= p->size || p->offset[num] == 0) {
		errno = ENOENT;
		return -1;
	}
	/* The object's start, longer until its dictionary is whole. */
	for (;;) {
		if ((s = window_at(p, &r, p->offset[num], want, &n)) == NULL)
			goto fail;
		if ((obj = strstr(s, "obj")) != NULL &&
		    (end = pdf_skip(obj + 3)) != NULL)
			break;
		if (p->offset[num] + (long)n >= p->end || n >= MAX_DICT) {
			errno = EINVAL;
			goto fail;
		}
		want = 4 * n;
	}
	body = pdf_space(end);
	if (strtol(s, NULL, 10) != num || strncmp(body, "stream", 6) != 0) {
		errno = EINVAL;
		goto fail;
	}
	body += 6;
	body += body[0] == '\r' && body[1] == '\n' ? 2 : body[0] == '\n';
	at = p->offset[num] + (long)(body - s);
	*dict = xstrndup(obj + 3, (size_t)(end - obj - 3));
	lv = pdf_dict_get(*dict, "/Length");
	if ((ref = pdf_ref(lv)) > 0) {
		char *t;

		/* cairo writes it just after the stream: one read for
		 * both. */
		if (ref < p->size && p->offset[ref] > at &&
		    p->offset[ref] - at <= MAX_STREAM)
			window_at(p, &r, p->offset[num], (size_t)(p->offset[ref] -
			    p->offset[num]) + STREAM_HEAD, &n);
		t = file_object(p, &r, ref);
		length = t ? strtol(pdf_space(t), NULL, 10) : -1;
		free(t);
	} else
		length = lv ? strtol(lv, NULL, 10) : -1;
	if (length < 0 || length > MAX_STREAM) {
		errno = EINVAL;
		goto fail;
	}
	if ((s = window_at(p, &r, at, (size_t)length, &n)) == NULL)
		goto fail;
	if (n < (size_t)length) {
		errno = EINVAL;
		goto fail;
	}
	*data = xmalloc((size_t)length + 1);
	memcpy(*data, s, (size_t)length);
	(*data)[length] = '\0';
	*len = (size_t)length;
	reader_free(&r);
	return 0;
fail:
	free(*dict);
	*dict = NULL;
	reader_free(&r);
	return -1;
}

static int
by_start(const void *a, const void *b)
{
	const struct start *x = a, *y = b;

	return (x->off > y->off) - (x->off < y->off);
}

long
pdfpatch_object_at(struct pdfpatch *p, long off)
{
	size_t lo = 0, hi;

	if (p->starts == NULL) {
		size_t n0 = 0;

		/* The file's objects: those allocated here have none. */
		for (long n = 1; n < p->size; n++)
			n0 += p->offset[n] > 0;
		p->starts = xcalloc(n0 + 1, sizeof(*p->starts));
		for (long n = 1; n < p->size; n++)
			if (p->offset[n] > 0)
				p->starts[p->nstarts++] = (struct start){
				    p->offset[n], n };
		qsort(p->starts, p->nstarts, sizeof(*p->starts), by_start);
	}
	/* The first object starting after off; the one before holds it. */
	hi = p->nstarts;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (p->starts[mid].off <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo == 0 ? 0 : p->starts[lo - 1].num;
}

long
pdfpatch_alloc(struct pdfpatch *p)
{
	p->offset = xreallocarray(p->offset, (size_t)p->size + 1,
	    sizeof(*p->offset));
	p->offset[p->size] = 0;
	return p->size++;
}

/* pdfpatch_put, with the lock held. */
static void
put_locked(struct pdfpatch *p, long num, const char *text, size_t len)
{
	struct put *u = find_put(p, num);

	if (u != NULL) {
		if (u->text != NULL)
			p->held -= u->len;
		free(u->text);
		keep(p, u, text, len);
		return;
	}
	if ((size_t)num >= p->nput_of) {
		/* Room for every object at first, then for a few more
		 * allocated; growing by an eighth. */
		size_t n = (size_t)p->size + 64;

		if (n < p->nput_of + p->nput_of / 8)
			n = p->nput_of + p->nput_of / 8;
		if (n < (size_t)num + 1)
			n = (size_t)num + 1;

		p->put_of = xreallocarray(p->put_of, n, sizeof(*p->put_of));
		memset(p->put_of + p->nput_of, 0, (n - p->nput_of) *
		    sizeof(*p->put_of));
		p->nput_of = n;
	}
	if (p->nputs == p->cap) {
		/* By a quarter: a booklet puts an object for every structure
		 * element, and doubling would hold room for as many more. */
		p->cap = p->cap ? p->cap + p->cap / 4 : 64;
		p->puts = xreallocarray(p->puts, p->cap, sizeof(*p->puts));
	}
	u = &p->puts[p->nputs++];
	u->num = num;
	keep(p, u, text, len);
	p->put_of[num] = p->nputs;
}

void
pdfpatch_put(struct pdfpatch *p, long num, const char *text, size_t len)
{
	pthread_mutex_lock(&p->mu);
	put_locked(p, num, text, len);
	pthread_mutex_unlock(&p->mu);
}

void
pdfpatch_trailer(struct pdfpatch *p, const char *entries)
{
	free(p->extra);
	p->extra = xstrdup(entries);
}

/* The put of number num, or NULL: put_of walked in number order, so that
 * the update is written in it without sorting (a copy of the puts). */
static const struct put *
put_at(const struct pdfpatch *p, size_t num)
{
	return num < p->nput_of && p->put_of[num] > 0 ?
	    &p->puts[p->put_of[num] - 1] : NULL;
}

int
pdfpatch_write(struct pdfpatch *p)
{
	long *at, xref, pos;
	size_t i, j;
	const struct put *u;

	if (p->nputs == 0)
		return 0;
	at = xcalloc(p->nputs, sizeof(*at));
	/* Where each object starts, counted (ftell asks the kernel). */
	if (fseek(p->f, 0, SEEK_END) == -1 || (pos = ftell(p->f)) == -1)
		goto fail;
	for (i = 0; i < p->nput_of; i++) {
		char *t;
		int n = -1, bad;

		if ((u = put_at(p, i)) == NULL)
			continue;
		t = u->text ? u->text : text_of(p, u);
		bad = t == NULL ||
		    (n = fprintf(p->f, "%ld 0 obj\n", u->num)) < 0 ||
		    fwrite(t, 1, u->len, p->f) != u->len ||
		    fputs("\nendobj\n", p->f) < 0;
		if (t != u->text)
			free(t);
		if (bad)
			goto fail;
		at[p->put_of[i] - 1] = pos;
		pos += n + (long)u->len + 8;
	}
	xref = pos;
	if (fputs("xref\n", p->f) < 0)
		goto fail;
	/* One subsection a run of consecutive numbers. */
	for (i = 0; i < p->nput_of; i = j) {
		if (put_at(p, i) == NULL) {
			j = i + 1;
			continue;
		}
		for (j = i + 1; put_at(p, j) != NULL; j++)
			;
		if (fprintf(p->f, "%zu %zu\n", i, j - i) < 0)
			goto fail;
		for (size_t k = i; k < j; k++)
			if (fprintf(p->f, "%010ld 00000 n \n",
			    at[p->put_of[k] - 1]) < 0)
				goto fail;
	}
	if (fprintf(p->f, "trailer\n<< /Size %ld\n   /Root %ld 0 R\n",
	    p->size, p->root) < 0 || (p->info > 0 &&
	    fprintf(p->f, "   /Info %ld 0 R\n", p->info) < 0) ||
	    (p->extra != NULL && fprintf(p->f, "   %s\n", p->extra) < 0) ||
	    fprintf(p->f, "   /Prev %ld\n>>\nstartxref\n%ld\n%%%%EOF\n",
	    p->xref, xref) < 0 || fflush(p->f) != 0)
		goto fail;
	free(at);
	return 0;
fail:
	free(at);
	errno = errno ? errno : EIO;
	return -1;
}

void
pdfpatch_free(struct pdfpatch *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->nputs; i++)
		free(p->puts[i].text);
	free(p->puts);
	free(p->put_of);
	if (p->spill != NULL)
		fclose(p->spill);
	buf_free(&p->pending);
	free(p->offset);
	free(p->extra);
	reader_free(&p->get);
	free(p->starts);
	pthread_mutex_destroy(&p->mu);
	free(p);
}
