/* pdfimage.c - raster pictures into image objects, off the drawing thread. */
#define _GNU_SOURCE	/* memmem */
#include "pdfimage.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <zlib.h>

#include "flate.h"
#include "image.h"
#include "util.h"

/*
 * zlib's level for what is compressed here. 1 against cairo's 6 on the
 * corpus's screenshots: a third of the time for 20 % more bytes, and
 * most pictures are not compressed here at all (image_raw).
 */
#define LEVEL 1

/*
 * A stand-in's JPEG data: SOI, a comment naming the picture ("quire-
 * image " and sixteen hex digits: the job's name), a frame header with
 * its size (all cairo reads of it), EOI. What pdfimages_scan looks for
 * is the first TOKEN_MARK bytes; the name follows. cairo writes the
 * data into the file (the object the update replaces stays there), so
 * the name is made from the picture, not from when it was asked for:
 * the bytes do not depend on the order pictures are asked for in.
 */
static const char token_mark[] = "\xff\xd8\xff\xfe\x00\x1equire-image ";
#define TOKEN_MARK	(sizeof(token_mark) - 1)
#define TOKEN_NAME	(TOKEN_MARK + 16)
#define TOKEN_LEN	(TOKEN_NAME + 21)

enum state { QUEUED, RUNNING, READ, DONE, FAILED };

struct job {
	struct pdfimages *pi;
	char	*path;		/* the first spelling asked for */
	dev_t	 dev;		/* the file, however its path is spelt */
	ino_t	 ino;
	off_t	 size;		/* and as it was when asked for */
	struct timespec mtime;
	struct image_info info;	/* the file's, probed once */
	int	 w, h;		/* the image object's pixels */
	int	 scaled;	/* drawn smaller: decoded and scaled */
	enum state state;
	char	*why;		/* FAILED: the reason */
	char	*dict;		/* the object's entries but /Length, /SMask */
	long	 off, aoff;	/* its data in the spool, its mask's */
	size_t	 len, alen;	/* alen 0: no mask */
	uint64_t name;		/* in its stand-in's JPEG data */
	long	 smask;		/* the mask's object, once put */
	int	 err;		/* errno of a spool write, or 0 */
	/* What cairo draws, one surface for every drawing, kept until the
	 * PDF is finished: cairo 1.16 keeps a snapshot of each picture it
	 * is given, which copies the pixels when the surface goes first. */
	cairo_surface_t *standin;
};

/* A stand-in's object, where cairo wrote it. */
struct found {
	long	 at;
	size_t	 job;
};

struct pdfimages {
	pthread_mutex_t mu;
	pthread_cond_t	 changed;	/* a job's state */
	pthread_cond_t	 work;		/* a job queued, or stop */
	pthread_t	*tids;
	int		 nthreads, stop;
	struct job	**jobs;
	size_t		 njobs, next;	/* next: the first job not taken */
	int		 fd;		/* the spool, -1 until needed */
	int		 failed;	/* errno of pdfimages_put's failure */
	long		 end;		/* its length */
	/* pdfimages_scan's: the last bytes seen, and where it is. */
	unsigned char	 carry[TOKEN_LEN - 1];
	size_t		 ncarry;
	long		 written;
	struct found	*found;
	size_t		 nfound;
};

static cairo_user_data_key_t job_key;

/*
 * Pictures kept from one PDF to the next (pdfimages_keep): an object's
 * entries and data as made, for the same file unchanged at the same
 * pixels. Guarded by kept_mu (taken before a pdfimages' mu, never
 * after).
 */
struct kept {
	dev_t	 dev;
	ino_t	 ino;
	off_t	 size;
	struct timespec mtime;
	int	 w, h;
	char	*dict;
	unsigned char *data, *mask;
	size_t	 len, alen;
};

static pthread_mutex_t kept_mu = PTHREAD_MUTEX_INITIALIZER;
static struct kept *kept;
static size_t nkept, kept_bytes, kept_budget;

/* Appends len bytes to the spool; their offset, or -1 with errno set. */
static long
spool_write(struct pdfimages *pi, const void *data, size_t len)
{
	long off;

	pthread_mutex_lock(&pi->mu);
	if (pi->fd == -1) {
		char *path = xasprintf("%s/quire-images-XXXXXX", tmp_dir());

		if ((pi->fd = mkostemp(path, O_CLOEXEC)) != -1)
			unlink(path);
		free(path);
	}
	off = pi->end;
	pi->end += (long)len;
	pthread_mutex_unlock(&pi->mu);
	if (pi->fd == -1 || pwrite_all(pi->fd, data, len, off) == -1)
		return -1;
	return off;
}

static void
set_state(struct job *j, enum state st)
{
	pthread_mutex_lock(&j->pi->mu);
	j->state = st;
	pthread_cond_broadcast(&j->pi->changed);
	pthread_mutex_unlock(&j->pi->mu);
}

/* The dictionary entries of a picture kept as its file holds it. */
static char *
raw_dict(const struct image_raw *r)
{
	struct buf b = { 0 };

	buf_printf(&b, "/Type /XObject /Subtype /Image /Width %d /Height %d "
	    "/ColorSpace ", r->width, r->height);
	if (r->palette != NULL) {
		buf_printf(&b, "[/Indexed /DeviceRGB %d <", r->npalette - 1);
		for (int i = 0; i < 3 * r->npalette; i++)
			buf_printf(&b, "%02x", r->palette[i]);
		buf_puts(&b, ">]");
	} else
		buf_puts(&b, r->colors == 3 ? "/DeviceRGB" : "/DeviceGray");
	buf_printf(&b, " /BitsPerComponent %d", r->depth);
	if (r->format == IMAGE_JPEG)
		buf_puts(&b, " /Filter /DCTDecode");
	else
		buf_printf(&b, " /Filter /FlateDecode /DecodeParms << "
		    "/Predictor 15 /Colors %d /BitsPerComponent %d /Columns "
		    "%d >>", r->colors, r->depth, r->width);
	return buf_take(&b);
}

/*
 * Rows of RGBA compressed as they come: the colour, and the alpha (left
 * out when every pixel is opaque). An image_sink, for image_rows and
 * for a decoded surface's rows.
 */
struct encoder {
	struct image_sink sink;
	int	 w, h, alpha, opaque;
	unsigned char *c, *a;	/* one row of each */
	z_stream zc, za;
	struct buf rgb, mask;
};

static int
enc_start(struct image_sink *sink, int w, int h, int alpha, char **why)
{
	struct encoder *e = (struct encoder *)sink;

	(void)why;
	e->w = w;
	e->h = h;
	e->alpha = alpha;
	e->opaque = 1;
	e->c = xreallocarray(NULL, (size_t)w, 3);
	e->a = xmalloc((size_t)w);
	deflateInit(&e->zc, LEVEL);
	if (alpha)
		deflateInit(&e->za, LEVEL);
	return 0;
}

static void
enc_row(struct image_sink *sink, int y, const unsigned char *rgba)
{
	struct encoder *e = (struct encoder *)sink;
	int last = y == e->h - 1, was = e->opaque;
	unsigned char *c = e->c, *a = e->a;
	unsigned all = 255;
	int w = e->w;

	/* Byte by byte, one test a row: the loop every pixel drawn smaller
	 * or decoded goes through. */
	for (int x = 0; x < w; x++, rgba += 4, c += 3) {
		c[0] = rgba[0];
		c[1] = rgba[1];
		c[2] = rgba[2];
		a[x] = rgba[3];
		all &= rgba[3];
	}
	e->opaque &= all == 255;
	flate_into(&e->zc, &e->rgb, e->c, (size_t)e->w * 3, last);
	if (!e->alpha || (e->opaque && !last))
		return;
	/* The mask is begun at the first row that is not opaque, with the
	 * rows before it: most pictures with an alpha channel have none. */
	if (was && !e->opaque) {
		memset(e->c, 255, (size_t)e->w);
		for (int k = 0; k < y; k++)
			flate_into(&e->za, &e->mask, e->c, (size_t)e->w, 0);
	}
	if (!e->opaque)
		flate_into(&e->za, &e->mask, e->a, (size_t)e->w, last);
}

/* Ends what enc_start began; the mask emptied when it says nothing. */
static void
enc_end(struct encoder *e)
{
	if (e->c == NULL)
		return;
	deflateEnd(&e->zc);
	if (e->alpha)
		deflateEnd(&e->za);
	if (e->opaque)
		e->mask.len = 0;
	free(e->c);
	free(e->a);
	e->c = e->a = NULL;
}

/* Straight colour from cairo's premultiplied c under alpha a, rounded
 * as cairo's own PDF writer does. */
static uint32_t
unpremul(unsigned c, unsigned a)
{
	return a == 255 ? c : a == 0 ? 0 : (c * 255 + a / 2) / a;
}

/* The rows of s (RGB24 or ARGB32) into sink, straight RGBA; -1 with
 * *why set when sink stops. */
static int
surface_rows(cairo_surface_t *s, struct image_sink *sink, char **why)
{
	int w = cairo_image_surface_get_width(s);
	int h = cairo_image_surface_get_height(s);
	int stride = cairo_image_surface_get_stride(s);
	int alpha = cairo_image_surface_get_format(s) == CAIRO_FORMAT_ARGB32;
	const unsigned char *px;
	unsigned char *rgba;

	if (sink->start(sink, w, h, alpha, why) == -1)
		return -1;
	cairo_surface_flush(s);
	px = cairo_image_surface_get_data(s);
	rgba = xreallocarray(NULL, (size_t)w, 4);
	for (int y = 0; y < h; y++) {
		const unsigned char *row = px + (size_t)y * (size_t)stride;

		for (int x = 0; x < w; x++) {
			uint32_t v;
			unsigned a;

			memcpy(&v, row + 4 * (size_t)x, 4);
			a = alpha ? v >> 24 : 255;
			rgba[4 * x] = (unsigned char)unpremul(v >> 16 & 0xff, a);
			rgba[4 * x + 1] = (unsigned char)unpremul(v >> 8 & 0xff,
			    a);
			rgba[4 * x + 2] = (unsigned char)unpremul(v & 0xff, a);
			rgba[4 * x + 3] = (unsigned char)a;
		}
		sink->row(sink, y, rgba);
	}
	free(rgba);
	return 0;
}

/* The dictionary entries of 8-bit pixels of j compressed here, in
 * colour space cs (the picture's, or its mask's). */
static char *
flate_dict(const struct job *j, const char *cs)
{
	return xasprintf("/Type /XObject /Subtype /Image /Width %d /Height %d "
	    "/ColorSpace %s /BitsPerComponent 8 /Filter /FlateDecode", j->w,
	    j->h, cs);
}

/* The kept picture made as j would be, or NULL; under kept_mu. */
static const struct kept *
kept_find(const struct job *j)
{
	for (size_t i = 0; i < nkept; i++) {
		const struct kept *k = &kept[i];

		if (k->dev == j->dev && k->ino == j->ino && k->size == j->size &&
		    k->mtime.tv_sec == j->mtime.tv_sec &&
		    k->mtime.tv_nsec == j->mtime.tv_nsec && k->w == j->w &&
		    k->h == j->h)
			return k;
	}
	return NULL;
}

/* Makes j from a kept picture: 1, or 0 when none is kept for it. */
static int
from_kept(struct job *j)
{
	const struct kept *k;

	pthread_mutex_lock(&kept_mu);
	if ((k = kept_find(j)) == NULL) {
		pthread_mutex_unlock(&kept_mu);
		return 0;
	}
	j->dict = xstrdup(k->dict);
	j->len = k->len;
	j->alen = k->alen;
	if ((j->off = spool_write(j->pi, k->data, k->len)) == -1 ||
	    (k->alen > 0 && (j->aoff = spool_write(j->pi, k->mask,
	    k->alen)) == -1))
		j->err = errno;
	pthread_mutex_unlock(&kept_mu);
	set_state(j, READ);
	set_state(j, DONE);
	return 1;
}

/* Keeps what j was made of (its dict set), when the budget has room. */
static void
keep_made(const struct job *j, const unsigned char *data, size_t len,
    const unsigned char *mask, size_t alen)
{
	struct kept *k;

	pthread_mutex_lock(&kept_mu);
	if (j->err == 0 && kept_bytes + len + alen <= kept_budget &&
	    kept_find(j) == NULL) {
		kept = xreallocarray(kept, nkept + 1, sizeof(*kept));
		k = &kept[nkept++];
		*k = (struct kept){ .dev = j->dev, .ino = j->ino,
		    .size = j->size, .mtime = j->mtime, .w = j->w, .h = j->h,
		    .dict = xstrdup(j->dict), .data = xmalloc(len ? len : 1),
		    .len = len, .alen = alen };
		memcpy(k->data, data, len);
		if (alen > 0) {
			k->mask = xmalloc(alen);
			memcpy(k->mask, mask, alen);
		}
		kept_bytes += len + alen;
	}
	pthread_mutex_unlock(&kept_mu);
}

void
pdfimages_keep(size_t budget)
{
	pthread_mutex_lock(&kept_mu);
	kept_budget = budget;
	if (budget == 0) {
		for (size_t i = 0; i < nkept; i++) {
			free(kept[i].dict);
			free(kept[i].data);
			free(kept[i].mask);
		}
		free(kept);
		kept = NULL;
		nkept = kept_bytes = 0;
	}
	pthread_mutex_unlock(&kept_mu);
}

/* Puts e's streams in the spool, for j; ends e. */
static void
keep(struct job *j, struct encoder *e)
{
	enc_end(e);
	j->dict = flate_dict(j, "/DeviceRGB");
	if ((j->off = spool_write(j->pi, e->rgb.data, e->rgb.len)) == -1 ||
	    (e->mask.len > 0 && (j->aoff = spool_write(j->pi, e->mask.data,
	    e->mask.len)) == -1))
		j->err = errno;
	j->len = e->rgb.len;
	j->alen = e->mask.len;
	keep_made(j, (unsigned char *)e->rgb.data, e->rgb.len,
	    (unsigned char *)e->mask.data, e->mask.len);
	buf_free(&e->rgb);
	buf_free(&e->mask);
}

static void
fail(struct job *j, char *why)
{
	j->why = why;
	set_state(j, FAILED);
}

/*
 * The picture at path into sink, row by row: a PNG as it is decoded,
 * any other decoded whole first. 0, or -1 with *why set.
 */
static int
rows_of(const char *path, struct image_sink *sink, char **why)
{
	cairo_surface_t *img;
	int rc;

	if ((rc = image_rows(path, sink, why)) != 0)
		return rc == 1 ? 0 : -1;
	if ((img = image_load(path, why)) == NULL)
		return -1;
	/* An SVG now: the file changed since it was probed. */
	if (cairo_surface_get_type(img) != CAIRO_SURFACE_TYPE_IMAGE) {
		*why = xstrdup("changed while it was read");
		rc = -1;
	} else
		rc = surface_rows(img, sink, why);
	cairo_surface_destroy(img);
	return rc;
}

/*
 * Makes j's image object's data, on a thread of the pool: a kept
 * picture's; the file's own bytes; else its rows, scaled down if they
 * must be, compressed.
 */
static void
make(struct job *j)
{
	struct encoder e = { .sink = { enc_start, enc_row } };
	struct image_sink *sink = &e.sink;
	struct image_raw raw;
	char *why = NULL;
	int rc = 0;

	if (from_kept(j))
		return;
	if (!j->scaled && (rc = image_raw(j->path, &raw, &why)) == 1) {
		if (raw.width != j->w || raw.height != j->h) {
			image_raw_free(&raw);
			fail(j, xstrdup("changed while it was read"));
			return;
		}
		j->dict = raw_dict(&raw);
		set_state(j, READ);
		if ((j->off = spool_write(j->pi, raw.data, raw.len)) == -1)
			j->err = errno;
		j->len = raw.len;
		keep_made(j, raw.data, raw.len, NULL, 0);
		image_raw_free(&raw);
		set_state(j, DONE);
		return;
	}
	if (j->scaled)
		sink = image_scaler_new(j->w, j->h, &e.sink);
	if (rc == 0 && (rc = rows_of(j->path, sink, &why)) == 0 &&
	    (e.w != j->w || e.h != j->h)) {
		why = xstrdup("changed while it was read");
		rc = -1;
	}
	if (j->scaled)
		image_scaler_free(sink);
	if (rc == -1) {
		enc_end(&e);
		buf_free(&e.rgb);
		buf_free(&e.mask);
		fail(j, why);
		return;
	}
	set_state(j, READ);
	keep(j, &e);
	set_state(j, DONE);
}

static void *
pool(void *arg)
{
	struct pdfimages *pi = arg;

	pthread_mutex_lock(&pi->mu);
	for (;;) {
		struct job *j;

		while (pi->next == pi->njobs && !pi->stop)
			pthread_cond_wait(&pi->work, &pi->mu);
		if (pi->next == pi->njobs)
			break;
		j = pi->jobs[pi->next++];
		j->state = RUNNING;
		pthread_mutex_unlock(&pi->mu);
		make(j);
		pthread_mutex_lock(&pi->mu);
	}
	pthread_mutex_unlock(&pi->mu);
	return NULL;
}

struct pdfimages *
pdfimages_new(void)
{
	struct pdfimages *pi = xcalloc(1, sizeof(*pi));

	pthread_mutex_init(&pi->mu, NULL);
	pthread_cond_init(&pi->changed, NULL);
	pthread_cond_init(&pi->work, NULL);
	pi->fd = -1;
	return pi;
}

/* Starts the pool's threads, with the first picture (a post without
 * any starts none); under pi->mu. None made: pictures made at once. */
static void
start_pool(struct pdfimages *pi)
{
	int n = threads();

	if (pi->tids != NULL || n < 2)
		return;
	pi->tids = xcalloc((size_t)n, sizeof(*pi->tids));
	for (int i = 0; i < n; i++)
		if (pthread_create(&pi->tids[pi->nthreads], NULL, pool, pi) ==
		    0)
			pi->nthreads++;
}

/* Whether pw x ph pixels drawn w_pt x h_pt are more than paper shows:
 * 1 with the size to scale to. */
static int
fit(int pw, int ph, double w_pt, double h_pt, int *tw, int *th)
{
	*tw = (int)(w_pt / 72 * PDFIMAGE_MAX_PPI + 0.5);
	*th = (int)(h_pt / 72 * PDFIMAGE_MAX_PPI + 0.5);
	return *tw < pw && *th < ph && *tw >= 1 && *th >= 1;
}

/*
 * A name for a picture at w x h: FNV-1a of its path and size, another
 * (the next free) in the unlikely case that a job has it; under pi->mu.
 */
static uint64_t
name_for(const struct pdfimages *pi, const char *path, int w, int h)
{
	char size[32];
	uint64_t v = 14695981039346656037ULL;
	size_t i;

	snprintf(size, sizeof(size), "@%dx%d", w, h);
	for (const char *s = path; *s; s++)
		v = (v ^ (unsigned char)*s) * 1099511628211ULL;
	for (const char *s = size; *s; s++)
		v = (v ^ (unsigned char)*s) * 1099511628211ULL;
	for (i = 0; i < pi->njobs; i++)
		if (pi->jobs[i]->name == v) {
			v++;
			i = (size_t)-1;	/* look again */
		}
	return v;
}

/* The stand-in for job j, or NULL with *why set. */
static cairo_surface_t *
stand_in(const struct job *j, char **why)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
	    1, 1);
	unsigned char *t, *p;
	char *id, hex[17];

	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		*why = xasprintf("cannot make a surface: %s",
		    cairo_status_to_string(cairo_surface_status(s)));
		cairo_surface_destroy(s);
		return NULL;
	}
	p = t = xmalloc(TOKEN_LEN);
	snprintf(hex, sizeof(hex), "%016llx", (unsigned long long)j->name);
	id = xasprintf("quire-image-%s", hex);
	p = (unsigned char *)memcpy(p, token_mark, TOKEN_MARK) + TOKEN_MARK;
	p = (unsigned char *)memcpy(p, hex, 16) + 16;
	memcpy(p, (const unsigned char[]){ 0xff, 0xc0, 0, 17, 8,
	    (unsigned char)(j->h >> 8), (unsigned char)j->h,
	    (unsigned char)(j->w >> 8), (unsigned char)j->w, 3,
	    1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0, 0xff, 0xd9 }, 21);
	if (cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_JPEG, t, TOKEN_LEN,
	    free, t) != CAIRO_STATUS_SUCCESS)
		free(t);
	if (cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_UNIQUE_ID,
	    (unsigned char *)id, strlen(id), free, id) != CAIRO_STATUS_SUCCESS)
		free(id);
	cairo_surface_set_user_data(s, &job_key, (void *)j, NULL);
	return s;
}

cairo_surface_t *
pdfimages_get(struct pdfimages *pi, const char *path, double w_pt,
    double h_pt, char **why)
{
	struct image_info info;
	struct stat st;
	struct job *j;
	size_t n;
	int w, h, scaled;

	*why = NULL;
	/* A file drawn before, under any spelling of its path, is not
	 * probed again. */
	if (stat(path, &st) == -1) {
		*why = xasprintf("cannot open: %s", strerror(errno));
		return NULL;
	}
	pthread_mutex_lock(&pi->mu);
	for (n = 0; n < pi->njobs && (pi->jobs[n]->dev != st.st_dev ||
	    pi->jobs[n]->ino != st.st_ino); n++)
		;
	if (n < pi->njobs)
		info = pi->jobs[n]->info;
	pthread_mutex_unlock(&pi->mu);
	if (n == pi->njobs && image_probe(path, &info, why) == -1)
		return NULL;
	if (info.format == IMAGE_SVG)
		return NULL;
	scaled = info.format != IMAGE_JPEG && fit(info.width, info.height,
	    w_pt, h_pt, &w, &h);
	if (!scaled) {
		w = info.width;
		h = info.height;
	}
	pthread_mutex_lock(&pi->mu);
	for (n = 0; n < pi->njobs; n++)
		if (pi->jobs[n]->w == w && pi->jobs[n]->h == h &&
		    pi->jobs[n]->dev == st.st_dev &&
		    pi->jobs[n]->ino == st.st_ino)
			break;
	if (n == pi->njobs) {
		j = xcalloc(1, sizeof(*j));
		*j = (struct job){ .pi = pi, .path = xstrdup(path),
		    .dev = st.st_dev, .ino = st.st_ino, .size = st.st_size,
		    .mtime = st.st_mtim, .info = info, .w = w,
		    .h = h, .scaled = scaled, .state = QUEUED,
		    .name = name_for(pi, path, w, h) };
		if ((j->standin = stand_in(j, why)) == NULL) {
			pthread_mutex_unlock(&pi->mu);
			free(j->path);
			free(j);
			return NULL;
		}
		pi->jobs = xreallocarray(pi->jobs, pi->njobs + 1,
		    sizeof(*pi->jobs));
		pi->jobs[pi->njobs++] = j;
		start_pool(pi);
		pthread_cond_signal(&pi->work);
	}
	j = pi->jobs[n];
	pthread_mutex_unlock(&pi->mu);
	if (pi->nthreads == 0 && j->state == QUEUED) {
		j->state = RUNNING;
		make(j);
	}
	return cairo_surface_reference(j->standin);
}

int
pdfimages_check(cairo_surface_t *s, char **why)
{
	struct job *j = cairo_surface_get_user_data(s, &job_key);
	int rc = 0;

	if (j == NULL)
		return 0;
	pthread_mutex_lock(&j->pi->mu);
	while (j->state < READ)
		pthread_cond_wait(&j->pi->changed, &j->pi->mu);
	if (j->state == FAILED) {
		*why = xstrdup(j->why ? j->why : "cannot be read");
		rc = -1;
	}
	pthread_mutex_unlock(&j->pi->mu);
	return rc;
}

/* Notes the stand-in whose mark starts at p (TOKEN_NAME bytes there),
 * at offset at of the file. */
static void
note(struct pdfimages *pi, const unsigned char *p, long at)
{
	char hex[17];
	char *end;
	unsigned long long name;
	size_t n;
	int known;

	memcpy(hex, p + TOKEN_MARK, 16);
	hex[16] = '\0';
	name = strtoull(hex, &end, 16);
	/* The jobs grow on the thread that asks for pictures. */
	pthread_mutex_lock(&pi->mu);
	for (n = 0; n < pi->njobs && pi->jobs[n]->name != name; n++)
		;
	known = n < pi->njobs;
	pthread_mutex_unlock(&pi->mu);
	if (*end != '\0' || !known)
		return;
	pi->found = xreallocarray(pi->found, pi->nfound + 1,
	    sizeof(*pi->found));
	pi->found[pi->nfound++] = (struct found){ at, n };
}

void
pdfimages_scan(struct pdfimages *pi, const unsigned char *data, size_t len)
{
	unsigned char edge[2 * (TOKEN_NAME - 1)];
	size_t more = len < TOKEN_NAME - 1 ? len : TOKEN_NAME - 1;
	size_t ne = pi->ncarry + more, tail, i = 0;
	const unsigned char *p;

	/* Marks begun in the writes before, ended in this one. */
	memcpy(edge, pi->carry, pi->ncarry);
	memcpy(edge + pi->ncarry, data, more);
	for (size_t k = 0; k < pi->ncarry && ne - k >= TOKEN_NAME; k++)
		if (!memcmp(edge + k, token_mark, TOKEN_MARK))
			note(pi, edge + k, pi->written - (long)(pi->ncarry -
			    k));
	/* Marks within it; one cut short is found with the next. */
	while (i < len && (p = memmem(data + i, len - i, token_mark,
	    TOKEN_MARK)) != NULL && len - (size_t)(p - data) >= TOKEN_NAME) {
		note(pi, p, pi->written + (long)(p - data));
		i = (size_t)(p - data) + 1;
	}
	/* The last TOKEN_NAME - 1 bytes seen may begin one. */
	if (len >= TOKEN_NAME - 1) {
		pi->ncarry = TOKEN_NAME - 1;
		memcpy(pi->carry, data + len - pi->ncarry, pi->ncarry);
	} else {
		tail = ne < TOKEN_NAME - 1 ? ne : TOKEN_NAME - 1;
		memcpy(pi->carry, edge + ne - tail, tail);
		pi->ncarry = tail;
	}
	pi->written += (long)len;
}

/* Puts object num: dict (with /Length) and the len bytes at off of the
 * spool, read straight into the object's text. 0, or -1 with errno. */
static int
put_stream(struct pdfimages *pi, struct pdfpatch *p, long num,
    const char *dict, long off, size_t len)
{
	struct buf b = { 0 };
	ssize_t n;

	buf_printf(&b, "<< %s /Length %zu >>\nstream\n", dict, len);
	b.cap = b.len + len + sizeof("\nendstream");
	b.data = xrealloc(b.data, b.cap);
	if ((n = pread_all(pi->fd, b.data + b.len, len, off)) !=
	    (ssize_t)len) {
		errno = n == -1 ? errno : EIO;
		buf_free(&b);
		return -1;
	}
	b.len += len;
	buf_puts(&b, "\nendstream");
	pdfpatch_put(p, num, b.data, b.len);
	buf_free(&b);
	return 0;
}

static void
stop(struct pdfimages *pi)
{
	pthread_mutex_lock(&pi->mu);
	pi->stop = 1;
	pthread_cond_broadcast(&pi->work);
	pthread_mutex_unlock(&pi->mu);
	for (int i = 0; i < pi->nthreads; i++)
		pthread_join(pi->tids[i], NULL);
	pi->nthreads = 0;
}

int
pdfimages_put(struct pdfimages *pi, struct pdfpatch *p)
{
	stop(pi);
	for (size_t i = 0; i < pi->nfound; i++) {
		struct job *j = pi->jobs[pi->found[i].job];
		long num = pdfpatch_object_at(p, pi->found[i].at);
		char *dict;
		int rc;

		/* A failed picture's stand-in is never drawn. */
		if (j->state != DONE || num <= 0)
			continue;
		if (j->err != 0) {
			errno = pi->failed = j->err;
			return -1;
		}
		if (j->alen > 0 && j->smask == 0) {
			char *mask = flate_dict(j, "/DeviceGray");

			j->smask = pdfpatch_alloc(p);
			rc = put_stream(pi, p, j->smask, mask, j->aoff, j->alen);
			free(mask);
			if (rc == -1) {
				pi->failed = errno;
				return -1;
			}
		}
		dict = j->smask ? xasprintf("%s /SMask %ld 0 R", j->dict,
		    j->smask) : xstrdup(j->dict);
		rc = put_stream(pi, p, num, dict, j->off, j->len);
		free(dict);
		if (rc == -1) {
			pi->failed = errno;
			return -1;
		}
	}
	return 0;
}

int
pdfimages_failed(const struct pdfimages *pi)
{
	return pi->failed;
}

void
pdfimages_free(struct pdfimages *pi)
{
	if (pi == NULL)
		return;
	stop(pi);
	for (size_t i = 0; i < pi->njobs; i++) {
		free(pi->jobs[i]->path);
		free(pi->jobs[i]->why);
		free(pi->jobs[i]->dict);
		cairo_surface_destroy(pi->jobs[i]->standin);
		free(pi->jobs[i]);
	}
	free(pi->jobs);
	free(pi->tids);
	free(pi->found);
	if (pi->fd != -1)
		close(pi->fd);
	pthread_cond_destroy(&pi->work);
	pthread_cond_destroy(&pi->changed);
	pthread_mutex_destroy(&pi->mu);
	free(pi);
}
