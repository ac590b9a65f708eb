/*
 * webp.c - WebP through libwebp's animation decoder (libwebpdemux), which
 * reads still and animated files alike: the first frame on the canvas.
 * The library is opened at first need (lazy.h).
 */
#include <stdint.h>
#include <string.h>

#include <webp/decode.h>
#include <webp/demux.h>

#include "decode.h"
#include "lazy.h"
#include "util.h"

static struct {
	__typeof__(WebPGetFeaturesInternal) *features;
	__typeof__(WebPAnimDecoderOptionsInitInternal) *options_init;
	__typeof__(WebPAnimDecoderNewInternal) *decoder_new;
	__typeof__(WebPAnimDecoderGetInfo) *get_info;
	__typeof__(WebPAnimDecoderGetNext) *get_next;
	__typeof__(WebPAnimDecoderDelete) *decoder_delete;
} fn;

static const struct lazy_sym syms[] = {
	{ "WebPGetFeaturesInternal", (void **)&fn.features },
	{ "WebPAnimDecoderOptionsInitInternal", (void **)&fn.options_init },
	{ "WebPAnimDecoderNewInternal", (void **)&fn.decoder_new },
	{ "WebPAnimDecoderGetInfo", (void **)&fn.get_info },
	{ "WebPAnimDecoderGetNext", (void **)&fn.get_next },
	{ "WebPAnimDecoderDelete", (void **)&fn.decoder_delete },
	{ NULL, NULL }
};

/* libwebpdemux.so.2 brings libwebp.so.7, where dlsym finds the rest. */
static struct lazy_lib lib = { "libwebpdemux.so.2", syms, 0, NULL, NULL };

static const char *
status_why(VP8StatusCode st)
{
	switch (st) {
	case VP8_STATUS_NOT_ENOUGH_DATA:
		return "truncated";
	case VP8_STATUS_UNSUPPORTED_FEATURE:
		return "corrupt WebP: unsupported feature";
	default:
		return "corrupt WebP: bad bitstream";
	}
}

/* The file's features (canvas size, alpha), its size within the caps;
 * 0, or -1 with *why set. */
static int
features(const unsigned char *data, size_t len, WebPBitstreamFeatures *f,
    char **why)
{
	VP8StatusCode st;

	if (lazy_open(&lib, why) == -1)
		return -1;
	if ((st = fn.features(data, len, f, WEBP_DECODER_ABI_VERSION)) !=
	    VP8_STATUS_OK) {
		*why = xstrdup(status_why(st));
		return -1;
	}
	return check_size((unsigned long)f->width, (unsigned long)f->height,
	    why);
}

int
sniff_webp(const unsigned char *data, size_t len, struct image_info *info,
    char **why)
{
	WebPBitstreamFeatures f;

	if (features(data, len, &f, why) == -1)
		return -1;
	info->format = IMAGE_WEBP;
	info->width = f.width;
	info->height = f.height;
	return 0;
}

cairo_surface_t *
load_webp(const unsigned char *data, size_t len, char **why)
{
	WebPAnimDecoderOptions opt;
	WebPAnimDecoder *dec = NULL;
	WebPAnimInfo ai;
	WebPData wd = { data, len };
	WebPBitstreamFeatures f;
	cairo_surface_t *s = NULL;
	uint8_t *rgba;
	unsigned char *px;
	int stride, ts;

	if (features(data, len, &f, why) == -1)
		return NULL;
	/* Straight RGBA, the one order on every machine; premultiplied
	 * below as cairo wants it. */
	if (!fn.options_init(&opt, WEBP_DEMUX_ABI_VERSION)) {
		*why = xstrdup("cannot start libwebp");
		return NULL;
	}
	opt.color_mode = MODE_RGBA;
	opt.use_threads = 0;
	if ((dec = fn.decoder_new(&wd, &opt, WEBP_DEMUX_ABI_VERSION)) ==
	    NULL) {
		*why = xstrdup("corrupt WebP: bad container");
		goto out;
	}
	if (!fn.get_info(dec, &ai) || check_size(ai.canvas_width,
	    ai.canvas_height, why) == -1) {
		if (*why == NULL)
			*why = xstrdup("corrupt WebP: bad container");
		goto out;
	}
	if (!fn.get_next(dec, &rgba, &ts)) {
		*why = xstrdup("corrupt WebP: cannot decode the first frame");
		goto out;
	}
	s = surface_new(f.has_alpha ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24,
	    (int)ai.canvas_width, (int)ai.canvas_height, why);
	if (s == NULL)
		goto out;
	px = cairo_image_surface_get_data(s);
	stride = cairo_image_surface_get_stride(s);
	for (uint32_t y = 0; y < ai.canvas_height; y++) {
		uint32_t *o = (uint32_t *)(void *)(px + (size_t)y * stride);
		const uint8_t *p = rgba + (size_t)y * ai.canvas_width * 4;

		for (uint32_t x = 0; x < ai.canvas_width; x++, p += 4)
			o[x] = argb(f.has_alpha ? p[3] : 0xff, p[0], p[1],
			    p[2]);
	}
	cairo_surface_mark_dirty(s);
out:
	if (dec != NULL)
		fn.decoder_delete(dec);
	return s;
}
