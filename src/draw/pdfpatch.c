/* pdfpatch.c - incremental updates of a finished PDF. */
#define _GNU_SOURCE	/* memmem */
#include "pdfpatch.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libdeflate.h>
#include <zlib.h>

#include "flate.h"
#include "util.h"

/* How far from the end "startxref" may be, and the most objects a
 * table may declare: beyond either the file is not one we read. */
#define TAIL 1024
#define MAX_OBJECTS 10000000L
/* Cross-reference lines read at a time. */
#define TABLE_LINES 4096L
/* A stream's data longer than this is not one we read, nor a dictionary
 * longer than this. */
#define MAX_STREAM (1L << 30)
#define MAX_DICT (1L << 20)

/*
 * Objects a stream packs, and bytes: readers inflate a whole stream for
 * one of its objects, so a few hundred; and deflate has enough of the
 * same keys to find. Packed at libdeflate's default level: text deflates
 * to a sixth or so.
 */
#define PACK_OBJECTS 256
#define PACK_BYTES (64UL * 1024)
#define PACK_LEVEL 6

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

/* A run of packed objects: numbers first .. first + count - 1 are the
 * objects index .. index + count - 1 of object stream stream (0: the
 * stream being filled, not yet numbered). */
struct run {
	long	 first, count, stream, index;
};

/* The object stream pdfpatch_get read last: its objects, inflated. */
struct objstm {
	long	 num;		/* 0: none */
	char	*data;		/* len bytes and a NUL */
	size_t	 len;
	long	 n, first;	/* objects; where the first starts */
};

struct pdfpatch {
	FILE	*f;
	int	 fd;
	long	 end;		/* the file's length when opened */
	struct reader get;	/* pdfpatch_get's windows */
	struct objstm stm;	/* and its last object stream */
	struct libdeflate_decompressor *unz;	/* for streams read */
	/* By object number below nfile, the file's objects: where one
	 * starts, -S when it is packed in object stream S, 0 = none. */
	long	*offset;
	long	 nfile;
	long	 size;		/* /Size: objects 0 .. size-1 */
	long	 root, info;
	long	 xref;		/* where the newest section starts */
	/* Puts come from several threads: what follows is the lock's. */
	pthread_mutex_t mu;
	struct put *puts;
	size_t	 nputs, cap;
	/* Where each object's put is: an open-addressed table of 1 + its
	 * index in puts (0 = free) by object number, twice as large as the
	 * puts or more (a booklet puts a content stream a page: no search
	 * through them; and nothing for the objects packed). */
	size_t	*put_of;
	size_t	 nput_of;	/* a power of two */
	/* Packing: the stream being filled ("num offset" pairs, and the
	 * objects), and where every object packed went. */
	struct buf pack_head, pack_body;
	long	 npacked;
	struct run *runs;
	size_t	 nruns, runs_cap;
	struct libdeflate_compressor *z;
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

static int stream_at(const struct pdfpatch *, long, long, char **, char **,
    size_t *);

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

/* Room in the table for objects 0 .. n - 1. */
static void
grow_table(struct pdfpatch *p, long n)
{
	if (n <= p->nfile)
		return;
	p->offset = xreallocarray(p->offset, (size_t)n, sizeof(*p->offset));
	memset(p->offset + p->nfile, 0, (size_t)(n - p->nfile) *
	    sizeof(*p->offset));
	p->nfile = p->size = n;
}

/* The trailer dictionary d's /Root, /Info (those of a newer section
 * stay) and /Prev (-1: none). */
static void
take_trailer(struct pdfpatch *p, const char *d, long *prev)
{
	const char *v = pdf_dict_get(d, "/Prev");

	if (p->root == 0)
		p->root = pdf_ref(pdf_dict_get(d, "/Root"));
	if (p->info == 0)
		p->info = pdf_ref(pdf_dict_get(d, "/Info"));
	*prev = v ? strtol(v, NULL, 10) : -1;
}

/* Reads the classic table at off (past "xref") and its trailer; entries
 * already known (from a newer section) stay. */
static int
read_table(struct pdfpatch *p, long at, long *prev)
{
	/* A table line is 20 bytes; read the subsection's header first. */
	char head[64];
	size_t len;
	char *s, *q;

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
		grow_table(p, first + count);
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
	take_trailer(p, q, prev);
	free(s);
	return 0;
}

/*
 * The n integers of the array at v into out[]; the count read, or -1
 * when v is no array of integers from 0 to max.
 */
static long
read_ints(const char *v, long *out, long n, long max)
{
	long i = 0;

	if (v == NULL || *v != '[')
		return -1;
	for (v = pdf_space(v + 1); *v != ']'; v = pdf_space(v)) {
		char *end;

		if (i == n || *v < '0' || *v > '9')
			return -1;
		out[i] = strtol(v, &end, 10);
		if (out[i++] > max)
			return -1;
		v = end;
	}
	return i;
}

/*
 * A stream's data decoded: inflated (/FlateDecode) when it is, and its
 * rows' PNG predictors undone (/Predictor 10 and up, rows of Columns
 * bytes: None, Sub and Up, as writers of cross-reference streams use).
 * *out is new, NUL-terminated. Returns 0, or -1 with errno EINVAL.
 */
static int
decode(struct pdfpatch *p, const char *dict, char *data, size_t len,
    char **out, size_t *outlen)
{
	const char *filter = pdf_dict_get(dict, "/Filter");
	const char *parms = pdf_dict_get(dict, "/DecodeParms"), *v;
	long pred = 1, cols = 1;
	size_t rows, row;
	unsigned char *d;

	*out = NULL;
	if (filter == NULL) {
		*out = xmalloc(len + 1);
		memcpy(*out, data, len);
		(*out)[len] = '\0';
		*outlen = len;
	} else if (!pdf_is_name(filter, "/FlateDecode") || (p->unz == NULL &&
	    (p->unz = libdeflate_alloc_decompressor()) == NULL) ||
	    flate_inflate(p->unz, data, len, MAX_STREAM, out, outlen) == -1)
		goto bad;
	if (parms != NULL) {
		if ((v = pdf_dict_get(parms, "/Predictor")) != NULL)
			pred = strtol(v, NULL, 10);
		if ((v = pdf_dict_get(parms, "/Columns")) != NULL)
			cols = strtol(v, NULL, 10);
	}
	if (pred == 1)
		return 0;
	if (pred < 10 || cols < 1 || cols > 64 || *outlen % (size_t)(cols +
	    1) != 0)
		goto bad;
	/* Rows undone in place, each moved back over its filter byte. */
	d = (unsigned char *)*out;
	row = (size_t)cols;
	rows = *outlen / (row + 1);
	for (size_t r = 0; r < rows; r++) {
		unsigned char type = d[r * (row + 1)], *cur = d + r * row;
		const unsigned char *up = r > 0 ? cur - row : NULL;

		if (type > 2)
			goto bad;
		memmove(cur, d + r * (row + 1) + 1, row);
		for (size_t k = 0; k < row; k++)
			if (type == 1 && k > 0)
				cur[k] += cur[k - 1];
			else if (type == 2 && up != NULL)
				cur[k] += up[k];
	}
	*outlen = rows * row;
	(*out)[*outlen] = '\0';
	return 0;
bad:
	free(*out);
	*out = NULL;
	errno = EINVAL;
	return -1;
}

/* A field of w big-endian bytes. */
static long
field(const unsigned char *s, long w)
{
	long v = 0;

	while (w-- > 0)
		v = v << 8 | *s++;
	return v;
}

/* Reads a pair of integers at *s (an object stream's header, /Index),
 * moving *s past it; 0 when there is none. */
static int
int_pair(const char **s, long *a, long *b)
{
	char *end;

	*s = pdf_space(*s);
	if (**s < '0' || **s > '9')
		return 0;
	*a = strtol(*s, &end, 10);
	*s = pdf_space(end);
	if (**s < '0' || **s > '9')
		return 0;
	*b = strtol(*s, &end, 10);
	*s = end;
	return 1;
}

/* Reads the cross-reference stream at off, its dictionary the trailer;
 * entries already known stay. */
static int
read_xref_stream(struct pdfpatch *p, long off, long *prev)
{
	char *dict, *data, *plain = NULL;
	size_t len, plen, left;
	long w[3], range[2], size, row;
	const char *v, *index;
	const unsigned char *e;
	int rc = -1;

	if (stream_at(p, off, 0, &dict, &data, &len) == -1)
		return -1;
	v = pdf_dict_get(dict, "/Size");
	size = v ? strtol(v, NULL, 10) : -1;
	index = pdf_dict_get(dict, "/Index");
	if (!pdf_is_name(pdf_dict_get(dict, "/Type"), "/XRef") || size < 0 ||
	    size > MAX_OBJECTS || read_ints(pdf_dict_get(dict, "/W"), w, 3,
	    7) != 3 || (row = w[0] + w[1] + w[2]) == 0 ||
	    (index != NULL && *index != '['))
		goto bad;
	if (decode(p, dict, data, len, &plain, &plen) == -1)
		goto out;
	e = (const unsigned char *)plain;
	left = plen;
	/* The ranges of /Index, a pair at a time; all, when none. */
	for (index = index ? pdf_space(index + 1) : NULL;; ) {
		if (index == NULL) {
			range[0] = 0;
			range[1] = size;
		} else if (*pdf_space(index) == ']')
			break;
		else if (!int_pair(&index, &range[0], &range[1]))
			goto bad;
		if (range[0] < 0 || range[1] < 0 || range[0] > MAX_OBJECTS ||
		    range[1] > MAX_OBJECTS - range[0] ||
		    (size_t)range[1] > left / (size_t)row)
			goto bad;
		grow_table(p, range[0] + range[1]);
		for (long k = 0; k < range[1]; k++, e += row) {
			/* Type 1 when the first field is left out. */
			long type = w[0] ? field(e, w[0]) : 1;
			long f2 = field(e + w[0], w[1]);
			long *at = &p->offset[range[0] + k];

			if (*at == 0 && f2 > 0 && (type == 1 || type == 2))
				*at = type == 1 ? f2 : -f2;
		}
		left -= (size_t)range[1] * (size_t)row;
		if (index == NULL)
			break;
	}
	take_trailer(p, dict, prev);
	rc = 0;
	goto out;
bad:
	errno = EINVAL;
out:
	free(plain);
	free(dict);
	free(data);
	return rc;
}

/* Reads the cross-reference section at off, a table or a stream. */
static int
read_section(struct pdfpatch *p, long off, long *prev)
{
	char head[16];
	size_t len;
	char *s = read_at(p->fd, off, sizeof(head) - 1, &len);
	int table;

	if (s == NULL)
		return -1;
	table = strncmp(s, "xref", 4) == 0;
	off += table ? (long)(pdf_space(s + 4) - s) : 0;
	free(s);
	return table ? read_table(p, off, prev) : read_xref_stream(p, off,
	    prev);
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

/* Where object num's put is in put_of, or the free slot where it would
 * go (the table is never full). */
static size_t
slot_of(const struct pdfpatch *p, long num)
{
	size_t mask = p->nput_of - 1, i = (size_t)num * 2654435761u & mask;

	while (p->put_of[i] != 0 && p->puts[p->put_of[i] - 1].num != num)
		i = (i + 1) & mask;
	return i;
}

/* Object num's put, or NULL. */
static struct put *
find_put(const struct pdfpatch *p, long num)
{
	size_t i;

	if (p->nput_of == 0)
		return NULL;
	i = slot_of(p, num);
	return p->put_of[i] ? &p->puts[p->put_of[i] - 1] : NULL;
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

	if (num <= 0 || num >= p->nfile || p->offset[num] <= 0) {
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

/* Makes p->stm object stream num's, read and inflated. */
static int
load_objstm(struct pdfpatch *p, long num)
{
	char *dict, *data, *plain = NULL;
	size_t len, plen;
	const char *v;
	long n = -1, first = -1;

	if (p->stm.num == num)
		return 0;
	free(p->stm.data);
	p->stm = (struct objstm){ 0 };
	if (pdfpatch_stream(p, num, &dict, &data, &len) == -1)
		return -1;
	if ((v = pdf_dict_get(dict, "/N")) != NULL)
		n = strtol(v, NULL, 10);
	if ((v = pdf_dict_get(dict, "/First")) != NULL)
		first = strtol(v, NULL, 10);
	if (!pdf_is_name(pdf_dict_get(dict, "/Type"), "/ObjStm") || n < 0 ||
	    first < 0 || decode(p, dict, data, len, &plain, &plen) == -1 ||
	    (size_t)first > plen) {
		free(plain);
		plain = NULL;
	}
	free(dict);
	free(data);
	if (plain == NULL) {
		errno = EINVAL;
		return -1;
	}
	p->stm = (struct objstm){ num, plain, plen, n, first };
	return 0;
}

/* Object num, packed in object stream stm: its text, new. */
static char *
packed_object(struct pdfpatch *p, long stm, long num)
{
	const char *s;
	long obj, at, next, room;

	if (load_objstm(p, stm) == -1)
		return NULL;
	s = p->stm.data;
	room = (long)p->stm.len - p->stm.first;
	for (long i = 0; i < p->stm.n && int_pair(&s, &obj, &at); i++) {
		if (obj != num)
			continue;
		/* It ends where the next starts, or with the stream. */
		if (i + 1 == p->stm.n)
			next = room;
		else if (!int_pair(&s, &obj, &next))
			break;
		if (at > next || next > room)
			break;
		return xstrndup(p->stm.data + p->stm.first + at,
		    (size_t)(next - at));
	}
	errno = EINVAL;
	return NULL;
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
	if (num > 0 && num < p->nfile && p->offset[num] < 0)
		return packed_object(p, -p->offset[num], num);
	return file_object(p, &p->get, num);
}

/*
 * The stream whose object starts at off (number num; 0: any), as
 * pdfpatch_stream gives it.
 */
static int
stream_at(const struct pdfpatch *p, long off, long num, char **dict,
    char **data, size_t *len)
{
	/* One window, read as long as the object needs. */
	struct reader r = { .max = 1, .least = STREAM_HEAD };
	size_t n, want = STREAM_HEAD;
	const char *s, *obj, *end, *body, *lv;
	long length, at, ref;

	*dict = *data = NULL;
	*len = 0;
	/* The object's start, longer until its dictionary is whole. */
	for (;;) {
		if ((s = window_at(p, &r, off, want, &n)) == NULL)
			goto fail;
		if ((obj = strstr(s, "obj")) != NULL &&
		    (end = pdf_skip(obj + 3)) != NULL)
			break;
		if (off + (long)n >= p->end || n >= MAX_DICT) {
			errno = EINVAL;
			goto fail;
		}
		want = 4 * n;
	}
	body = pdf_space(end);
	if ((num > 0 && strtol(s, NULL, 10) != num) ||
	    strncmp(body, "stream", 6) != 0) {
		errno = EINVAL;
		goto fail;
	}
	body += 6;
	body += body[0] == '\r' && body[1] == '\n' ? 2 : body[0] == '\n';
	at = off + (long)(body - s);
	*dict = xstrndup(obj + 3, (size_t)(end - obj - 3));
	lv = pdf_dict_get(*dict, "/Length");
	if ((ref = pdf_ref(lv)) > 0) {
		char *t;

		/* cairo writes it just after the stream: one read for
		 * both. */
		if (ref < p->nfile && p->offset[ref] > at &&
		    p->offset[ref] - at <= MAX_STREAM)
			window_at(p, &r, off, (size_t)(p->offset[ref] -
			    off) + STREAM_HEAD, &n);
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

int
pdfpatch_stream(const struct pdfpatch *p, long num, char **dict, char **data,
    size_t *len)
{
	if (num <= 0 || num >= p->nfile || p->offset[num] <= 0) {
		*dict = *data = NULL;
		*len = 0;
		errno = num > 0 && num < p->nfile && p->offset[num] < 0 ?
		    EINVAL : ENOENT;
		return -1;
	}
	return stream_at(p, p->offset[num], num, dict, data, len);
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
		for (long n = 1; n < p->nfile; n++)
			n0 += p->offset[n] > 0;
		p->starts = xcalloc(n0 + 1, sizeof(*p->starts));
		for (long n = 1; n < p->nfile; n++)
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
	if (2 * (p->nputs + 1) > p->nput_of) {
		/* Twice as large, every put in its new place. */
		p->nput_of = p->nput_of ? 2 * p->nput_of : 256;
		free(p->put_of);
		p->put_of = xcalloc(p->nput_of, sizeof(*p->put_of));
		for (size_t i = 0; i < p->nputs; i++)
			p->put_of[slot_of(p, p->puts[i].num)] = i + 1;
	}
	if (p->nputs == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 64;
		p->puts = xreallocarray(p->puts, p->cap, sizeof(*p->puts));
	}
	u = &p->puts[p->nputs++];
	u->num = num;
	keep(p, u, text, len);
	p->put_of[slot_of(p, num)] = p->nputs;
}

void
pdfpatch_put(struct pdfpatch *p, long num, const char *text, size_t len)
{
	pthread_mutex_lock(&p->mu);
	put_locked(p, num, text, len);
	pthread_mutex_unlock(&p->mu);
}

/* Puts the object stream being filled, numbered now. */
static void
close_pack(struct pdfpatch *p)
{
	struct buf *h = &p->pack_head, b = {0};
	size_t first = h->len, zlen = 0;
	char *z = NULL;
	long num;

	if (p->npacked == 0)
		return;
	num = p->size++;
	for (size_t i = p->nruns; i-- > 0 && p->runs[i].stream == 0;)
		p->runs[i].stream = num;
	buf_append(h, p->pack_body.data, p->pack_body.len);
	if (p->z == NULL)
		p->z = libdeflate_alloc_compressor(PACK_LEVEL);
	if (p->z != NULL) {
		zlen = libdeflate_zlib_compress_bound(p->z, h->len);
		z = xmalloc(zlen);
		zlen = libdeflate_zlib_compress(p->z, h->data, h->len, z,
		    zlen);
	}
	buf_printf(&b, "<< /Type /ObjStm /N %ld /First %zu", p->npacked,
	    first);
	/* Left plain when it cannot be compressed. */
	if (zlen > 0) {
		buf_printf(&b, " /Filter /FlateDecode /Length %zu >>\n"
		    "stream\n", zlen);
		buf_append(&b, z, zlen);
	} else {
		buf_printf(&b, " /Length %zu >>\nstream\n", h->len);
		buf_append(&b, h->data, h->len);
	}
	buf_puts(&b, "\nendstream");
	pdfpatch_put(p, num, b.data, b.len);
	buf_free(&b);
	free(z);
	h->len = p->pack_body.len = 0;
	p->npacked = 0;
}

void
pdfpatch_pack(struct pdfpatch *p, long num, const char *text, size_t len)
{
	struct run *r = p->nruns > 0 ? &p->runs[p->nruns - 1] : NULL;

	/* Consecutive numbers in one stream are one run. */
	if (r != NULL && r->stream == 0 && r->first + r->count == num)
		r->count++;
	else {
		if (p->nruns == p->runs_cap) {
			p->runs_cap = p->runs_cap ? 2 * p->runs_cap : 64;
			p->runs = xreallocarray(p->runs, p->runs_cap,
			    sizeof(*p->runs));
		}
		p->runs[p->nruns++] = (struct run){ num, 1, 0, p->npacked };
	}
	buf_printf(&p->pack_head, "%ld %zu ", num, p->pack_body.len);
	buf_append(&p->pack_body, text, len);
	buf_putc(&p->pack_body, '\n');
	if (++p->npacked == PACK_OBJECTS || p->pack_body.len >= PACK_BYTES)
		close_pack(p);
}

void
pdfpatch_trailer(struct pdfpatch *p, const char *entries)
{
	free(p->extra);
	p->extra = xstrdup(entries);
}

static int
by_first(const void *a, const void *b)
{
	const struct run *x = a, *y = b;

	return (x->first > y->first) - (x->first < y->first);
}

/*
 * Object num's cross-reference entry in the update: its type (1: at an
 * offset, 2: packed; 0: none) and fields. Asked in number order: *run
 * follows the runs, sorted by first number. x and xat: the
 * cross-reference stream's own number and offset.
 */
static int
entry(const struct pdfpatch *p, long num, const long *at, long x, long xat,
    size_t *run, long *f2, long *f3)
{
	const struct put *u = find_put(p, num);
	const struct run *r;

	*f3 = 0;
	if (u != NULL || num == x) {
		*f2 = u ? at[u - p->puts] : xat;
		return 1;
	}
	while (*run < p->nruns && p->runs[*run].first + p->runs[*run].count <=
	    num)
		(*run)++;
	r = *run < p->nruns ? &p->runs[*run] : NULL;
	if (r == NULL || r->first > num)
		return 0;
	*f2 = r->stream;
	*f3 = r->index + (num - r->first);
	return 2;
}

/*
 * The cross-reference stream's data: an entry a row of 1 + w + 2 bytes
 * (type, offset or stream, generation or index), each row as its
 * difference from the one above (PNG's Up: a run of packed objects is
 * rows of zeros and ones), deflated as they are made onto out; and its
 * /Index, the runs of numbers with an entry, onto index.
 */
static void
xref_rows(const struct pdfpatch *p, const long *at, long x, long xat, int w,
    struct buf *out, struct buf *index)
{
	unsigned char prev[16] = { 0 }, cur[16];
	struct buf rows = {0};
	size_t run = 0, cols = (size_t)(1 + w + 2);
	z_stream z = {0};
	long f2, f3, start = 0, last = -1;

	deflateInit(&z, Z_DEFAULT_COMPRESSION);
	for (long num = 1; num < p->size; num++) {
		int type = entry(p, num, at, x, xat, &run, &f2, &f3);

		if (type == 0)
			continue;
		if (num != last + 1) {
			if (last >= 0)
				buf_printf(index, " %ld %ld", start, last + 1 -
				    start);
			start = num;
		}
		last = num;
		cur[0] = (unsigned char)type;
		for (int k = 0; k < w; k++)
			cur[1 + k] = (unsigned char)(f2 >> 8 * (w - 1 - k));
		cur[1 + w] = (unsigned char)(f3 >> 8);
		cur[2 + w] = (unsigned char)f3;
		buf_putc(&rows, 2);
		for (size_t k = 0; k < cols; k++)
			buf_putc(&rows, (char)(cur[k] - prev[k]));
		memcpy(prev, cur, cols);
		if (rows.len >= 4096) {
			flate_into(&z, out, (unsigned char *)rows.data,
			    rows.len, 0);
			rows.len = 0;
		}
	}
	/* The stream's own entry is there: never empty. */
	buf_printf(index, " %ld %ld", start, last + 1 - start);
	flate_into(&z, out, (unsigned char *)rows.data, rows.len, 1);
	deflateEnd(&z);
	buf_free(&rows);
}

int
pdfpatch_write(struct pdfpatch *p)
{
	long *at = NULL, xref, pos, x;
	struct buf index = {0}, data = {0};
	int w;

	close_pack(p);
	if (p->nputs == 0)
		return 0;
	at = xcalloc(p->nputs, sizeof(*at));
	/* Where each object starts, counted (ftell asks the kernel). */
	if (fseek(p->f, 0, SEEK_END) == -1 || (pos = ftell(p->f)) == -1)
		goto fail;
	/* In number order: the same puts, the same bytes. */
	for (long num = 1; num < p->size; num++) {
		const struct put *u = find_put(p, num);
		char *t;
		int n = -1, bad;

		if (u == NULL)
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
		at[u - p->puts] = pos;
		pos += n + (long)u->len + 8;
	}
	/* The cross-reference stream last, its own entry in it. */
	x = p->size++;
	xref = pos;
	if (p->nruns > 1)
		qsort(p->runs, p->nruns, sizeof(*p->runs), by_first);
	for (w = 1; w < 8 && ((xref > p->size ? xref : p->size) >> 8 * w) !=
	    0; w++)
		;
	xref_rows(p, at, x, xref, w, &data, &index);
	if (fprintf(p->f, "%ld 0 obj\n<< /Type /XRef /Size %ld /Root %ld 0 R",
	    x, p->size, p->root) < 0 || (p->info > 0 &&
	    fprintf(p->f, " /Info %ld 0 R", p->info) < 0) ||
	    (p->extra != NULL && fprintf(p->f, "\n   %s", p->extra) < 0) ||
	    fprintf(p->f, "\n   /Prev %ld /W [ 1 %d 2 ] /Index [%s ]\n"
	    "   /Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns "
	    "%d >> /Length %zu >>\nstream\n", p->xref, w, index.data, 3 + w,
	    data.len) < 0 || fwrite(data.data, 1, data.len, p->f) !=
	    data.len || fprintf(p->f, "\nendstream\nendobj\nstartxref\n%ld\n"
	    "%%%%EOF\n", xref) < 0 || fflush(p->f) != 0)
		goto fail;
	free(at);
	buf_free(&index);
	buf_free(&data);
	return 0;
fail:
	free(at);
	buf_free(&index);
	buf_free(&data);
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
	buf_free(&p->pack_head);
	buf_free(&p->pack_body);
	free(p->runs);
	libdeflate_free_compressor(p->z);
	libdeflate_free_decompressor(p->unz);
	free(p->stm.data);
	free(p->offset);
	free(p->extra);
	reader_free(&p->get);
	free(p->starts);
	pthread_mutex_destroy(&p->mu);
	free(p);
}
