/*
 * avif.c - AVIF through libavif (opened at first need, lazy.h): the
 * size from the container, the first frame of a sequence.
 */
#include <stdint.h>
#include <stdlib.h>

#include <avif/avif.h>

#include "decode.h"
#include "lazy.h"
#include "util.h"

static struct {
	__typeof__(avifDecoderCreate) *create;
	__typeof__(avifDecoderDestroy) *destroy;
	__typeof__(avifDecoderSetIOMemory) *set_io_memory;
	__typeof__(avifDecoderParse) *parse;
	__typeof__(avifDecoderNextImage) *next_image;
	__typeof__(avifRGBImageSetDefaults) *rgb_defaults;
	__typeof__(avifImageYUVToRGB) *yuv_to_rgb;
	__typeof__(avifResultToString) *result_string;
} fn;

static const struct lazy_sym syms[] = {
	{ "avifDecoderCreate", (void **)&fn.create },
	{ "avifDecoderDestroy", (void **)&fn.destroy },
	{ "avifDecoderSetIOMemory", (void **)&fn.set_io_memory },
	{ "avifDecoderParse", (void **)&fn.parse },
	{ "avifDecoderNextImage", (void **)&fn.next_image },
	{ "avifRGBImageSetDefaults", (void **)&fn.rgb_defaults },
	{ "avifImageYUVToRGB", (void **)&fn.yuv_to_rgb },
	{ "avifResultToString", (void **)&fn.result_string },
	{ NULL, NULL }
};

static struct lazy_lib lib = { "libavif.so.15", syms, 0, NULL, NULL };

/* libavif's own words: the detail when it has one, else the result. */
static char *
avif_why(const avifDecoder *d, avifResult r)
{
	if (r == AVIF_RESULT_TRUNCATED_DATA)
		return xstrdup("truncated");
	return xasprintf("corrupt AVIF: %s", d->diag.error[0] ?
	    d->diag.error : fn.result_string(r));
}

/*
 * A decoder over data with the container parsed and the size checked,
 * or NULL with *why set. One thread, strictness of browsers (which
 * show files that miss boxes the specification requires).
 */
static avifDecoder *
parse(const unsigned char *data, size_t len, char **why)
{
	avifDecoder *d;
	avifResult r;

	if (lazy_open(&lib, why) == -1)
		return NULL;
	if ((d = fn.create()) == NULL) {
		*why = xstrdup("cannot start libavif");
		return NULL;
	}
	d->maxThreads = 1;
	d->strictFlags = AVIF_STRICT_DISABLED;
	d->ignoreExif = d->ignoreXMP = AVIF_TRUE;
	if ((r = fn.set_io_memory(d, data, len)) != AVIF_RESULT_OK ||
	    (r = fn.parse(d)) != AVIF_RESULT_OK) {
		*why = avif_why(d, r);
		goto fail;
	}
	if (check_size(d->image->width, d->image->height, why) == -1)
		goto fail;
	return d;
fail:
	fn.destroy(d);
	return NULL;
}

int
sniff_avif(const unsigned char *data, size_t len, struct image_info *info,
    char **why)
{
	avifDecoder *d;

	if ((d = parse(data, len, why)) == NULL)
		return -1;
	info->format = IMAGE_AVIF;
	info->width = (int)d->image->width;
	info->height = (int)d->image->height;
	fn.destroy(d);
	return 0;
}

cairo_surface_t *
load_avif(const unsigned char *data, size_t len, char **why)
{
	avifDecoder *d;
	avifRGBImage rgb;
	avifResult r;
	cairo_surface_t *s = NULL;
	unsigned char *px;
	uint8_t *buf = NULL;
	int stride, alpha;

	if ((d = parse(data, len, why)) == NULL)
		return NULL;
	alpha = d->alphaPresent;
	if ((r = fn.next_image(d)) != AVIF_RESULT_OK) {
		*why = avif_why(d, r);
		goto out;
	}
	if (check_size(d->image->width, d->image->height, why) == -1)
		goto out;
	/* 8-bit straight RGBA whatever the depth, premultiplied below. */
	fn.rgb_defaults(&rgb, d->image);
	rgb.format = AVIF_RGB_FORMAT_RGBA;
	rgb.depth = 8;
	rgb.rowBytes = rgb.width * 4;
	buf = xmalloc((size_t)rgb.rowBytes * rgb.height);
	rgb.pixels = buf;
	if ((r = fn.yuv_to_rgb(d->image, &rgb)) != AVIF_RESULT_OK) {
		*why = avif_why(d, r);
		goto out;
	}
	s = surface_new(alpha ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24,
	    (int)rgb.width, (int)rgb.height, why);
	if (s == NULL)
		goto out;
	px = cairo_image_surface_get_data(s);
	stride = cairo_image_surface_get_stride(s);
	for (uint32_t y = 0; y < rgb.height; y++) {
		uint32_t *o = (uint32_t *)(void *)(px + (size_t)y * stride);
		const uint8_t *p = buf + (size_t)y * rgb.rowBytes;

		for (uint32_t x = 0; x < rgb.width; x++, p += 4)
			o[x] = argb(alpha ? p[3] : 0xff, p[0], p[1], p[2]);
	}
	cairo_surface_mark_dirty(s);
out:
	free(buf);
	fn.destroy(d);
	return s;
}
