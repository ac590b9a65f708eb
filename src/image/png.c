/* png.c - PNG through libpng: size from IHDR, pixels to cairo. */
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <png.h>

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

/*
 * Every colour type becomes 8-bit RGBA rows written straight into the
 * surface, then each pixel is repacked in place as cairo's native-endian
 * premultiplied 0xAARRGGBB.
 */
cairo_surface_t *
load_png(const unsigned char *data, size_t len, char **why)
{
	struct png_ctx ctx = { 0 };
	png_structp png;
	png_infop info = NULL;
	cairo_surface_t *volatile s = NULL;
	png_bytep *volatile rows = NULL;
	cairo_surface_t *volatile ret = NULL;
	png_uint_32 w, h, x, y;
	unsigned char *px, *p;
	int type, depth, alpha, stride;

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
	png_set_interlace_handling(png);
	png_read_update_info(png, info);
	if (png_get_rowbytes(png, info) != (size_t)w * 4) {
		*why = xstrdup("corrupt PNG: unexpected row layout");
		goto out;
	}
	s = surface_new(alpha ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24,
	    (int)w, (int)h, why);
	if (s == NULL)
		goto out;
	px = cairo_image_surface_get_data(s);
	stride = cairo_image_surface_get_stride(s);
	rows = xreallocarray(NULL, h, sizeof(*rows));
	for (y = 0; y < h; y++)
		rows[y] = px + (size_t)y * stride;
	png_read_image(png, rows);
	png_read_end(png, NULL);
	for (y = 0; y < h; y++)
		for (x = 0, p = rows[y]; x < w; x++, p += 4)
			*(uint32_t *)p = argb(p[3], p[0], p[1], p[2]);
	cairo_surface_mark_dirty(s);
	ret = s;
	s = NULL;
out:
	png_destroy_read_struct(&png, info ? &info : NULL, NULL);
	free(rows);
	if (s != NULL)
		cairo_surface_destroy(s);
	return ret;
}
