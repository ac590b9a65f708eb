/*
 * decode.h - what the decoders in src/image/ share: a byte reader for
 * the header sniffers, the size limits, and cairo surfaces filled pixel
 * by pixel. Private to src/image/ (tests/structure/include-rules).
 *
 * Each format's file has a sniff_X, reading its headers (size, after
 * the magic bytes image.c matched) into info, and a load_X, decoding
 * whole bytes to a surface; both return -1 or NULL with *why
 * set to a new message the caller frees. The libraries of WebP, AVIF,
 * SVG and Graphviz are opened at first need (lazy.h).
 */
#ifndef QUIRE_IMAGE_DECODE_H
#define QUIRE_IMAGE_DECODE_H

#include <stdint.h>
#include <stdio.h>

#include <cairo.h>

#include "image.h"

/*
 * A byte source for the header sniffer: an open file (image_probe reads
 * only the headers) or a whole file in memory (image_load).
 */
struct rd {
	FILE			*fp;	/* file, or NULL for memory */
	const unsigned char	*mem;	/* memory, when fp is NULL */
	size_t			 len;	/* bytes in mem */
	size_t			 off;	/* read position in mem */
	int			 err;	/* errno of a failed read, or 0 */
};

/* Reads up to n bytes; returns how many. */
size_t	rd_some(struct rd *r, void *dst, size_t n);
/* Reads exactly n bytes; -1 at end of file or on error. */
int	rd_get(struct rd *r, void *dst, size_t n);
/* The next byte, or -1. */
int	rd_byte(struct rd *r);
/* Moves to absolute offset off; reading past the end fails later. */
int	rd_seek(struct rd *r, long off);
int	rd_skip(struct rd *r, long n);
/* The message for a read that came up short ("truncated", "cannot
 * read: ..."). */
char	*rd_why(const struct rd *r);

static inline unsigned
be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static inline unsigned long
be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 |
	    (unsigned long)p[2] << 8 | p[3];
}

static inline unsigned
le16(const unsigned char *p)
{
	return (unsigned)p[1] << 8 | p[0];
}

/* Checks a size against the bomb limits; 0, or -1 with *why set. */
int	check_size(unsigned long w, unsigned long h, char **why);
/* A fresh image surface, or NULL with *why set. */
cairo_surface_t *surface_new(cairo_format_t format, int w, int h, char **why);
/* One cairo pixel (native-endian, premultiplied) from straight alpha. */
uint32_t argb(unsigned a, unsigned r, unsigned g, unsigned b);

int	sniff_png(struct rd *r, struct image_info *info, char **why);
int	sniff_jpeg(struct rd *r, struct image_info *info, char **why);
int	sniff_gif(struct rd *r, struct image_info *info, char **why);
/* The libraries' formats, from the whole file; base: see image_load_svg. */
int	sniff_webp(const unsigned char *data, size_t len,
	    struct image_info *info, char **why);
int	sniff_avif(const unsigned char *data, size_t len,
	    struct image_info *info, char **why);
int	sniff_svg(const unsigned char *data, size_t len,
	    struct image_info *info, const char *base, char **why);

cairo_surface_t *load_png(const unsigned char *data, size_t len, char **why);
/* A PNG's rows into sink (image.h); 0, or -1 with *why set. */
int	decode_png(const unsigned char *data, size_t len,
	    struct image_sink *sink, char **why);
/*
 * Decodes to RGB24. *data is the whole file: but for a CMYK JPEG it
 * becomes the surface's JPEG mime data (and *data is set to NULL) so
 * that cairo's PDFs embed the original.
 */
cairo_surface_t *load_jpeg(unsigned char **data, size_t len, char **why);
/*
 * image_raw's readers, from the whole file: 1 with raw filled (a JPEG's
 * data and len left for the caller: the file is the data; a PNG's the
 * new zlib stream, and its palette), 0 for a picture to decode, -1 with
 * *why set. Nothing is left allocated but on 1.
 */
int	raw_jpeg(const unsigned char *data, size_t len, struct image_raw *raw,
	    char **why);
int	raw_png(const unsigned char *data, size_t len, struct image_raw *raw,
	    char **why);
/* The first frame, on the logical screen. */
cairo_surface_t *load_gif(const unsigned char *data, size_t len, char **why);
/* The first frame of an animation. */
cairo_surface_t *load_webp(const unsigned char *data, size_t len, char **why);
cairo_surface_t *load_avif(const unsigned char *data, size_t len, char **why);
/* SVG: see image_load_svg. */

/* Lets go of Graphviz's context (image_release). */
void	dot_free(void);

#endif
