/*
 * png.c - PNG through libpng: size from IHDR, pixels to cairo; or, for
 * a PDF, the image data as the file holds it (raw_png).
 */
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <png.h>
#include <zlib.h>

#include "decode.h"
#include "util.h"

int
sniff_png(struct rd *r, struct image_info *info, char **why)
{
	unsigned char h[16];

	if (rd_seek(r, 8) == -1 || rd_get(r, h, sizeof(h)) == -1) {
		*why = rd_why(r);
		return -1;
	}
	if (be32(h) != 13 || memcmp(h + 4, "IHDR", 4) != 0) {
		*why = xstrdup("corrupt PNG: no IHDR chunk");
		return -1;
	}
	if (check_size(be32(h + 8), be32(h + 12), why) == -1)
		return -1;
	info->format = IMAGE_PNG;
	info->width = (int)be32(h + 8);
	info->height = (int)be32(h + 12);
	return 0;
}

/* libpng's state while decoding from memory. */
struct png_ctx {
	struct rd	 rd;		/* the file's bytes */
	int		 truncated;	/* the data ran out */
	char		 msg[160];	/* libpng's error message */
};

static void
png_read_mem(png_structp png, png_bytep dst, size_t n)
{
	struct png_ctx *ctx = png_get_io_ptr(png);

	if (rd_get(&ctx->rd, dst, n) == -1) {
		ctx->truncated = 1;
		png_error(png, "truncated");
	}
}

static void
png_on_error(png_structp png, png_const_charp msg)
{
	struct png_ctx *ctx = png_get_error_ptr(png);

	snprintf(ctx->msg, sizeof(ctx->msg), "%s", msg);
	png_longjmp(png, 1);
}

static void
png_on_warning(png_structp png, png_const_charp msg)
{
	/* Warnings (bad ancillary chunks, sRGB profiles) do not stop us. */
	(void)png;
	(void)msg;
}

int
decode_png(const unsigned char *data, size_t len, struct image_sink *sink,
    char **why)
{
	struct png_ctx ctx = { 0 };
	png_structp png;
	png_infop info = NULL;
	unsigned char *volatile px = NULL;
	png_bytep *volatile rows = NULL;
	volatile int rc = -1;
	png_uint_32 w, h, y;
	int type, depth, alpha, interlaced;
	size_t rowbytes;

	ctx.rd.mem = data;
	ctx.rd.len = len;
	png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &ctx,
	    png_on_error, png_on_warning);
	if (png == NULL || (info = png_create_info_struct(png)) == NULL) {
		*why = xstrdup("cannot start libpng");
		goto out;
	}
	if (setjmp(png_jmpbuf(png))) {
		*why = ctx.truncated ? xstrdup("truncated") :
		    xasprintf("corrupt PNG: %s", ctx.msg);
		goto out;
	}
	png_set_read_fn(png, &ctx, png_read_mem);
	png_set_user_limits(png, IMAGE_MAX_SIDE, IMAGE_MAX_SIDE);
	png_read_info(png, info);
	w = png_get_image_width(png, info);
	h = png_get_image_height(png, info);
	if (check_size(w, h, why) == -1)
		goto out;
	type = png_get_color_type(png, info);
	depth = png_get_bit_depth(png, info);
	alpha = (type & PNG_COLOR_MASK_ALPHA) ||
	    png_get_valid(png, info, PNG_INFO_tRNS);
	/* Every colour type becomes 8-bit RGBA. */
	if (type == PNG_COLOR_TYPE_PALETTE)
		png_set_palette_to_rgb(png);
	if (type == PNG_COLOR_TYPE_GRAY && depth < 8)
		png_set_expand_gray_1_2_4_to_8(png);
	if (png_get_valid(png, info, PNG_INFO_tRNS))
		png_set_tRNS_to_alpha(png);
	if (depth == 16)
		png_set_scale_16(png);
	if (!(type & PNG_COLOR_MASK_COLOR))
		png_set_gray_to_rgb(png);
	if (!alpha)
		png_set_filler(png, 0xff, PNG_FILLER_AFTER);
	interlaced = png_set_interlace_handling(png) > 1;
	png_read_update_info(png, info);
	rowbytes = png_get_rowbytes(png, info);
	if (rowbytes != (size_t)w * 4) {
		*why = xstrdup("corrupt PNG: unexpected row layout");
		goto out;
	}
	if (sink->start(sink, (int)w, (int)h, alpha, why) == -1)
		goto out;
	/* Rows come whole one at a time, but for an interlaced image,
	 * whose passes fill the whole picture. */
	px = xreallocarray(NULL, interlaced ? h : 1, rowbytes);
	if (interlaced) {
		rows = xreallocarray(NULL, h, sizeof(*rows));
		for (y = 0; y < h; y++)
			rows[y] = px + (size_t)y * rowbytes;
		png_read_image(png, rows);
	}
	for (y = 0; y < h; y++) {
		if (!interlaced)
			png_read_row(png, px, NULL);
		sink->row(sink, (int)y, interlaced ? rows[y] : px);
	}
	png_read_end(png, NULL);
	rc = 0;
out:
	png_destroy_read_struct(&png, info ? &info : NULL, NULL);
	free(rows);
	free(px);
	return rc;
}

/* decode_png into a cairo surface. */
struct surface_sink {
	struct image_sink sink;
	cairo_surface_t *s;
};

static int
surface_start(struct image_sink *sink, int w, int h, int alpha, char **why)
{
	struct surface_sink *ss = (struct surface_sink *)sink;

	ss->s = surface_new(alpha ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24,
	    w, h, why);
	return ss->s == NULL ? -1 : 0;
}

static void
surface_row(struct image_sink *sink, int y, const unsigned char *rgba)
{
	struct surface_sink *ss = (struct surface_sink *)sink;
	unsigned char *row = cairo_image_surface_get_data(ss->s) +
	    (size_t)y * (size_t)cairo_image_surface_get_stride(ss->s);
	int w = cairo_image_surface_get_width(ss->s);

	for (int x = 0; x < w; x++, rgba += 4) {
		uint32_t v = argb(rgba[3], rgba[0], rgba[1], rgba[2]);

		memcpy(row + 4 * (size_t)x, &v, 4);
	}
}

cairo_surface_t *
load_png(const unsigned char *data, size_t len, char **why)
{
	struct surface_sink ss = { { surface_start, surface_row }, NULL };

	if (decode_png(data, len, &ss.sink, why) == -1) {
		if (ss.s != NULL)
			cairo_surface_destroy(ss.s);
		return NULL;
	}
	cairo_surface_mark_dirty(ss.s);
	return ss.s;
}

/*
 * Inflates a PNG's image data once, keeping nothing, to check that it
 * holds every row (rowbytes each, after a filter byte of 0-4) and no
 * more. 0, or -1 with *why set.
 */
static int
check_rows(const unsigned char *z, size_t zlen, size_t rowbytes,
    unsigned long rows, char **why)
{
	unsigned char buf[16384];
	z_stream s = { 0 };
	size_t at = 0, want = (rowbytes + 1) * rows;	/* bytes so far */
	size_t next = 0;	/* where the next row's filter byte is */
	size_t got;
	int rc;

	if (inflateInit(&s) != Z_OK) {
		*why = xstrdup("cannot start zlib");
		return -1;
	}
	s.next_in = (unsigned char *)z;
	s.avail_in = (uInt)zlen;
	do {
		s.next_out = buf;
		s.avail_out = sizeof(buf);
		rc = inflate(&s, Z_NO_FLUSH);
		if (rc != Z_OK && rc != Z_STREAM_END)
			break;
		got = sizeof(buf) - s.avail_out;
		for (; next < at + got && next < want; next += rowbytes + 1)
			if (buf[next - at] > 4)
				rc = Z_DATA_ERROR;
		at += got;
	} while (rc == Z_OK && at <= want && (s.avail_in > 0 ||
	    s.avail_out == 0));
	inflateEnd(&s);
	if (rc == Z_STREAM_END && at == want)
		return 0;
	if (rc == Z_BUF_ERROR || (rc == Z_OK && at < want))
		*why = xstrdup("truncated");
	else
		*why = xstrdup("corrupt PNG: bad image data");
	return -1;
}

int
raw_png(const unsigned char *data, size_t len, struct image_raw *raw,
    char **why)
{
	const unsigned char *p = data + 8, *end = data + len, *ihdr = NULL;
	struct buf z = { 0 };
	unsigned long w = 0, h = 0;
	int depth = 0, type = 0, ok;

	raw->palette = NULL;
	raw->npalette = 0;
	for (;;) {
		unsigned long n;
		const unsigned char *type_at;

		if (end - p < 12)
			goto truncated;
		n = be32(p);
		type_at = p + 4;
		if (n > (unsigned long)(end - p) - 12)
			goto truncated;
		/* Critical chunks (upper-case first letter) must be whole. */
		if (!(type_at[0] & 0x20) && crc32(0, type_at, (uInt)n + 4) !=
		    be32(type_at + 4 + n)) {
			*why = xasprintf("corrupt PNG: bad CRC in %.4s chunk",
			    (const char *)type_at);
			goto fail;
		}
		if (!memcmp(type_at, "IHDR", 4) && n == 13)
			ihdr = type_at + 4;
		else if (!memcmp(type_at, "PLTE", 4) && n % 3 == 0 && n > 0 &&
		    raw->palette == NULL) {
			raw->palette = xmalloc(n);
			memcpy(raw->palette, type_at + 4, n);
			raw->npalette = (int)(n / 3);
		} else if (!memcmp(type_at, "tRNS", 4))
			goto decode;
		else if (!memcmp(type_at, "IDAT", 4))
			buf_append(&z, (const char *)type_at + 4, n);
		else if (!memcmp(type_at, "IEND", 4))
			break;
		p = type_at + 4 + n + 4;
	}
	if (ihdr == NULL) {
		*why = xstrdup("corrupt PNG: no IHDR chunk");
		goto fail;
	}
	w = be32(ihdr);
	h = be32(ihdr + 4);
	depth = ihdr[8];
	type = ihdr[9];
	if (check_size(w, h, why) == -1)
		goto fail;
	/* Interlaced, or alpha: decoded. Compression and filter methods
	 * other than 0 do not exist; libpng says so. */
	if (ihdr[12] != 0 || ihdr[10] != 0 || ihdr[11] != 0)
		goto decode;
	switch (type) {
	case 0:
		ok = depth == 1 || depth == 2 || depth == 4 || depth == 8 ||
		    depth == 16;
		break;
	case 2:
		ok = depth == 8 || depth == 16;
		break;
	case 3:
		ok = (depth == 1 || depth == 2 || depth == 4 || depth == 8) &&
		    raw->palette != NULL;
		break;
	default:
		goto decode;
	}
	if (!ok)
		goto decode;
	raw->format = IMAGE_PNG;
	raw->width = (int)w;
	raw->height = (int)h;
	raw->depth = depth;
	raw->colors = type == 2 ? 3 : 1;
	if (check_rows((unsigned char *)z.data, z.len, ((size_t)w *
	    (size_t)raw->colors * (size_t)depth + 7) / 8, h, why) == -1)
		goto fail;
	raw->data = (unsigned char *)z.data;
	raw->len = z.len;
	return 1;
decode:
	free(raw->palette);
	raw->palette = NULL;
	buf_free(&z);
	return 0;
truncated:
	*why = xstrdup("truncated");
fail:
	free(raw->palette);
	raw->palette = NULL;
	buf_free(&z);
	return -1;
}
