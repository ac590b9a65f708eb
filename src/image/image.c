/*
 * image.c - images by content: the format from the magic bytes, the
 * size from the headers (image_probe), decoding through the format's own
 * file (image_load, image_rows), and the bytes a PDF can take as they
 * are (image_raw).
 */
#include "image.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "decode.h"
#include "util.h"

/* Files larger than this are refused before being read whole. */
#define IMAGE_MAX_FILE	(512L * 1024 * 1024)

/* Reads up to n bytes; returns how many. */
size_t
rd_some(struct rd *r, void *dst, size_t n)
{
	size_t got;

	if (r->fp != NULL) {
		got = fread(dst, 1, n, r->fp);
		if (got < n && ferror(r->fp))
			r->err = errno ? errno : EIO;
		return got;
	}
	got = r->len - r->off < n ? r->len - r->off : n;
	memcpy(dst, r->mem + r->off, got);
	r->off += got;
	return got;
}

/* Reads exactly n bytes; -1 at end of file or on error. */
int
rd_get(struct rd *r, void *dst, size_t n)
{
	return rd_some(r, dst, n) == n ? 0 : -1;
}

int
rd_byte(struct rd *r)
{
	unsigned char c;

	return rd_get(r, &c, 1) == 0 ? c : -1;
}

/* Moves to absolute offset off; reading past the end fails later. */
int
rd_seek(struct rd *r, long off)
{
	if (r->fp != NULL)
		return fseek(r->fp, off, SEEK_SET);
	r->off = (size_t)off < r->len ? (size_t)off : r->len;
	return 0;
}

int
rd_skip(struct rd *r, long n)
{
	if (r->fp != NULL)
		return fseek(r->fp, n, SEEK_CUR);
	r->off = (size_t)n < r->len - r->off ? r->off + (size_t)n : r->len;
	return 0;
}

/* The message for a read that came up short. */
char *
rd_why(const struct rd *r)
{
	if (r->err != 0)
		return xasprintf("cannot read: %s", strerror(r->err));
	return xstrdup("truncated");
}

/* Checks a size against the bomb limits; 0, or -1 with *why set. */
int
check_size(unsigned long w, unsigned long h, char **why)
{
	if (w == 0 || h == 0) {
		*why = xasprintf("invalid size: %lux%lu pixels", w, h);
		return -1;
	}
	if (w > IMAGE_MAX_SIDE || h > IMAGE_MAX_SIDE ||
	    w * h > (unsigned long)IMAGE_MAX_PIXELS) {
		*why = xasprintf("too large: %lux%lu pixels", w, h);
		return -1;
	}
	return 0;
}

static const unsigned char png_magic[8] = {
	0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'
};

/* Largest SVG read: librsvg holds the whole tree in memory. */
#define SVG_MAX_FILE	(32L * 1024 * 1024)
/* How far into a file "<svg" is looked for (after comments, a DOCTYPE). */
#define SVG_SNIFF	(64 * 1024)

/* An ISO BMFF file (the first box "ftyp") with an AVIF brand. */
static int
is_avif(struct rd *r, const unsigned char *m, size_t n)
{
	unsigned char box[512];
	unsigned long size;

	if (n < 16 || memcmp(m + 4, "ftyp", 4) != 0)
		return 0;
	size = be32(m);
	if (size < 16 || size > sizeof(box) || size % 4 != 0 ||
	    rd_seek(r, 0) == -1 || rd_get(r, box, size) == -1)
		return 0;
	for (unsigned long i = 8; i < size; i += i == 8 ? 8 : 4)
		if (memcmp(box + i, "avif", 4) == 0 ||
		    memcmp(box + i, "avis", 4) == 0)
			return 1;
	return 0;
}

/* XML (after a byte order mark and blanks) with an <svg> element early. */
static int
is_svg(struct rd *r, const unsigned char *m, size_t n)
{
	unsigned char *head;
	size_t i = 0, got;
	int yes = 0;

	if (n >= 3 && memcmp(m, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < n && strchr(" \t\r\n", m[i]) != NULL && m[i] != '\0')
		i++;
	if (i >= n || m[i] != '<' || rd_seek(r, 0) == -1)
		return 0;
	head = xmalloc(SVG_SNIFF);
	got = rd_some(r, head, SVG_SNIFF);
	for (i = 0; !yes && i + 5 <= got; i++)
		yes = memcmp(head + i, "<svg", 4) == 0 &&
		    strchr(" \t\r\n>:", head[i + 4]) != NULL &&
		    head[i + 4] != '\0';
	free(head);
	return yes;
}

/* Format by magic bytes alone; -1 with *why set when none matches. */
static int
detect(struct rd *r, enum image_format *fmt, char **why)
{
	static const struct {
		const char	*magic;
		size_t		 len;
		enum image_format fmt;
	} magic[] = {
		{ (const char *)png_magic, 8, IMAGE_PNG },
		{ "\xff\xd8\xff", 3, IMAGE_JPEG },
		{ "GIF87a", 6, IMAGE_GIF },
		{ "GIF89a", 6, IMAGE_GIF },
		{ "RIFF", 4, IMAGE_WEBP },
	};
	unsigned char m[32];
	size_t n, i;

	n = rd_some(r, m, sizeof(m));
	if (r->err != 0) {
		*why = rd_why(r);
		return -1;
	}
	if (n == 0) {
		*why = xstrdup("empty file");
		return -1;
	}
	for (i = 0; i < sizeof(magic) / sizeof(magic[0]); i++) {
		if (memcmp(m, magic[i].magic, n < magic[i].len ? n :
		    magic[i].len))
			continue;
		if (magic[i].fmt == IMAGE_WEBP && n >= 12 &&
		    memcmp(m + 8, "WEBP", 4) != 0)
			break;	/* another RIFF: WAV, AVI */
		if (n < (magic[i].fmt == IMAGE_WEBP ? 12 : magic[i].len)) {
			*why = xstrdup("truncated");
			return -1;
		}
		*fmt = magic[i].fmt;
		return 0;
	}
	if (is_avif(r, m, n)) {
		*fmt = IMAGE_AVIF;
		return 0;
	}
	if (is_svg(r, m, n)) {
		*fmt = IMAGE_SVG;
		return 0;
	}
	*why = xstrdup("not a PNG, JPEG, GIF, WebP, AVIF or SVG image");
	return -1;
}

/*
 * The whole of r, at most max bytes: r's memory (*own NULL), or read
 * from its file into *own (caller frees). -1 with *why set.
 */
static int
rd_all(struct rd *r, long max, const unsigned char **data, size_t *len,
    unsigned char **own, char **why)
{
	struct stat st;

	*own = NULL;
	if (r->fp == NULL) {
		if ((long)r->len > max) {
			*why = xasprintf("too large: %zu bytes", r->len);
			return -1;
		}
		*data = r->mem;
		*len = r->len;
		return 0;
	}
	if (fstat(fileno(r->fp), &st) == -1 || rd_seek(r, 0) == -1) {
		*why = xasprintf("cannot read: %s", strerror(errno));
		return -1;
	}
	if (st.st_size > max) {
		*why = xasprintf("too large: %lld bytes", (long long)st.st_size);
		return -1;
	}
	*own = xmalloc((size_t)st.st_size + 1);
	*len = rd_some(r, *own, (size_t)st.st_size);
	*data = *own;
	if (r->err != 0) {
		*why = rd_why(r);
		free(*own);
		*own = NULL;
		return -1;
	}
	return 0;
}

/* Format by magic bytes, then size from the headers; path is the base an
 * SVG's references resolve against. */
static int
sniff(struct rd *r, const char *path, struct image_info *info, char **why)
{
	enum image_format fmt;
	const unsigned char *data;
	unsigned char *own;
	size_t len;
	int rc = -1;

	if (detect(r, &fmt, why) == -1)
		return -1;
	switch (fmt) {
	case IMAGE_PNG:
		return sniff_png(r, info, why);
	case IMAGE_JPEG:
		return sniff_jpeg(r, info, why);
	case IMAGE_GIF:
		return sniff_gif(r, info, why);
	default:
		break;
	}
	/* The rest only their libraries can read. */
	if (rd_all(r, fmt == IMAGE_SVG ? SVG_MAX_FILE : IMAGE_MAX_FILE, &data,
	    &len, &own, why) == -1)
		return -1;
	if (fmt == IMAGE_WEBP)
		rc = sniff_webp(data, len, info, why);
	else if (fmt == IMAGE_AVIF)
		rc = sniff_avif(data, len, info, why);
	else
		rc = sniff_svg(data, len, info, path, why);
	free(own);
	return rc;
}

/*
 * Opens path for reading if it is a regular file (without blocking on
 * a FIFO). Returns the descriptor, or -1 with *why set.
 */
static int
open_regular(const char *path, struct stat *st, char **why)
{
	int fd;

	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1) {
		*why = xasprintf("cannot open: %s", strerror(errno));
		return -1;
	}
	if (fstat(fd, st) == -1) {
		*why = xasprintf("cannot read: %s", strerror(errno));
		close(fd);
		return -1;
	}
	if (!S_ISREG(st->st_mode)) {
		*why = xstrdup("not a regular file");
		close(fd);
		return -1;
	}
	return fd;
}

int
image_probe(const char *path, struct image_info *info, char **why)
{
	struct rd r = { 0 };
	struct stat st;
	int fd, rc = -1;

	*why = NULL;
	if ((fd = open_regular(path, &st, why)) == -1)
		goto out;
	if ((r.fp = fdopen(fd, "rb")) == NULL) {
		*why = xasprintf("cannot read: %s", strerror(errno));
		close(fd);
		goto out;
	}
	rc = sniff(&r, path, info, why);
out:
	if (r.fp != NULL)
		fclose(r.fp);
	return rc;
}

/* Reads path whole into *data (caller frees). */
static int
read_whole(const char *path, unsigned char **data, size_t *len, char **why)
{
	struct stat st;
	unsigned char *p = NULL;
	size_t cap, n = 0;
	ssize_t got;
	int fd, rc = -1;

	if ((fd = open_regular(path, &st, why)) == -1)
		goto out;
	if (st.st_size > IMAGE_MAX_FILE) {
		*why = xasprintf("too large: %lld bytes",
		    (long long)st.st_size);
		goto out;
	}
	/* One spare byte shows whether the file grew since fstat. */
	cap = (size_t)st.st_size + 1;
	p = xmalloc(cap);
	for (;;) {
		if (n == cap) {
			if (cap > IMAGE_MAX_FILE) {
				*why = xstrdup("too large: file keeps growing");
				goto out;
			}
			cap *= 2;
			p = xrealloc(p, cap);
		}
		got = read(fd, p + n, cap - n);
		if (got == -1 && errno == EINTR)
			continue;
		if (got == -1) {
			*why = xasprintf("cannot read: %s", strerror(errno));
			goto out;
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	*data = p;
	*len = n;
	p = NULL;
	rc = 0;
out:
	free(p);
	if (fd != -1)
		close(fd);
	return rc;
}

/* A fresh image surface, or NULL with *why set. */
cairo_surface_t *
surface_new(cairo_format_t format, int w, int h, char **why)
{
	cairo_surface_t *s;

	s = cairo_image_surface_create(format, w, h);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		*why = xasprintf("cannot make a %dx%d surface: %s", w, h,
		    cairo_status_to_string(cairo_surface_status(s)));
		cairo_surface_destroy(s);
		return NULL;
	}
	cairo_surface_flush(s);
	return s;
}

/* Premultiplies c by alpha a, rounding as cairo does. */
static uint32_t
premul(unsigned c, unsigned a)
{
	unsigned t = c * a + 0x80;

	return ((t >> 8) + t) >> 8;
}

uint32_t
argb(unsigned a, unsigned r, unsigned g, unsigned b)
{
	if (a == 0)
		return 0;
	if (a != 0xff) {
		r = premul(r, a);
		g = premul(g, a);
		b = premul(b, a);
	}
	return (uint32_t)a << 24 | (uint32_t)r << 16 | (uint32_t)g << 8 | b;
}

void
image_release(void)
{
	dot_free();
}

/*
 * path read whole into *data (caller frees; NULL on failure) and its
 * format, by content: 0, or -1 with *why set.
 */
static int
read_format(const char *path, unsigned char **data, size_t *len,
    enum image_format *fmt, char **why)
{
	struct rd r = { 0 };

	*why = NULL;
	*data = NULL;
	if (read_whole(path, data, len, why) == -1)
		return -1;
	r.mem = *data;
	r.len = *len;
	if (detect(&r, fmt, why) == -1) {
		free(*data);
		*data = NULL;
		return -1;
	}
	return 0;
}

cairo_surface_t *
image_load(const char *path, char **why)
{
	struct image_info info;
	struct rd r = { 0 };
	unsigned char *data;
	cairo_surface_t *s = NULL;
	size_t len;

	if (read_format(path, &data, &len, &info.format, why) == -1)
		return NULL;
	r.mem = data;
	r.len = len;
	/* The libraries' formats are checked as they are decoded. */
	if (info.format <= IMAGE_GIF && sniff(&r, path, &info, why) == -1)
		goto out;
	switch (info.format) {
	case IMAGE_PNG:
		s = load_png(data, len, why);
		break;
	case IMAGE_JPEG:
		s = load_jpeg(&data, len, why);
		break;
	case IMAGE_GIF:
		s = load_gif(data, len, why);
		break;
	case IMAGE_WEBP:
		s = load_webp(data, len, why);
		break;
	case IMAGE_AVIF:
		s = load_avif(data, len, why);
		break;
	case IMAGE_SVG:
		if (len > SVG_MAX_FILE)
			*why = xasprintf("too large: %zu bytes", len);
		else
			s = image_load_svg(data, len, path, why);
		break;
	}
	if (s != NULL) {
		/* One object in the PDF however often it is drawn. */
		char *id = xstrdup(path);

		if (cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_UNIQUE_ID,
		    (unsigned char *)id, strlen(id), free, id) !=
		    CAIRO_STATUS_SUCCESS)
			free(id);
	}
out:
	free(data);
	return s;
}

int
image_raw(const char *path, struct image_raw *raw, char **why)
{
	enum image_format fmt;
	unsigned char *data;
	size_t len;
	int rc;

	memset(raw, 0, sizeof(*raw));
	if (read_format(path, &data, &len, &fmt, why) == -1)
		return -1;
	if (fmt == IMAGE_JPEG) {
		if ((rc = raw_jpeg(data, len, raw, why)) == 1) {
			raw->data = data;
			raw->len = len;
			data = NULL;
		}
	} else if (fmt == IMAGE_PNG)
		rc = raw_png(data, len, raw, why);
	else
		rc = 0;
	free(data);
	return rc;
}

void
image_raw_free(struct image_raw *raw)
{
	free(raw->data);
	free(raw->palette);
	memset(raw, 0, sizeof(*raw));
}

int
image_rows(const char *path, struct image_sink *sink, char **why)
{
	enum image_format fmt;
	unsigned char *data;
	size_t len;
	int rc;

	if (read_format(path, &data, &len, &fmt, why) == -1)
		return -1;
	rc = fmt != IMAGE_PNG ? 0 : decode_png(data, len, sink, why) == -1 ?
	    -1 : 1;
	free(data);
	return rc;
}
