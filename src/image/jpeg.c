/*
 * jpeg.c - JPEG through libjpeg: size from the frame header; pixels, or
 * the file's own bytes for a PDF to embed.
 */
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <jerror.h>

#include "decode.h"
#include "util.h"

/* Progressive JPEGs with more scans than this are hostile (CPU bombs). */
#define JPEG_MAX_SCANS	1000

/* Walks the marker segments up to the first SOFn (any kind of frame). */
int
sniff_jpeg(struct rd *r, struct image_info *info, char **why)
{
	unsigned char h[7];
	int c, m;

	if (rd_seek(r, 2) == -1)
		goto short_read;
	for (;;) {
		/* Stray bytes between segments: tolerated, as by libjpeg. */
		while ((c = rd_byte(r)) != 0xff)
			if (c == -1)
				goto short_read;
		while ((m = rd_byte(r)) == 0xff)
			continue;
		if (m == -1)
			goto short_read;
		if (m == 0x00 || m == 0x01 || (m >= 0xd0 && m <= 0xd7))
			continue;	/* no length follows */
		if (m == 0xd9 || m == 0xda) {
			*why = xstrdup("corrupt JPEG: no frame header");
			return -1;
		}
		if (rd_get(r, h, 2) == -1)
			goto short_read;
		if (be16(h) < 2) {
			*why = xstrdup("corrupt JPEG: bad segment length");
			return -1;
		}
		if (m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 &&
		    m != 0xcc)
			break;
		if (rd_skip(r, (long)be16(h) - 2) == -1)
			goto short_read;
	}
	/* precision, height, width, components */
	if (rd_get(r, h, 6) == -1)
		goto short_read;
	if (check_size(be16(h + 3), be16(h + 1), why) == -1)
		return -1;
	info->format = IMAGE_JPEG;
	info->width = (int)be16(h + 3);
	info->height = (int)be16(h + 1);
	info->colors = h[5];
	return 0;
short_read:
	*why = rd_why(r);
	return -1;
}

/* libjpeg's error manager, with a way back out of the library. */
struct jpeg_ctx {
	struct jpeg_error_mgr	 pub;		/* libjpeg's part, first */
	struct jpeg_progress_mgr progress;	/* counts scans */
	jmp_buf			 jmp;		/* where errors land */
	int			 truncated;	/* data ended early */
	int			 scans;		/* too many scans */
	char			 msg[JMSG_LENGTH_MAX];
};

/* The default error_exit calls exit(3): land back in load_jpeg instead. */
static void
jpeg_on_error(j_common_ptr cinfo)
{
	struct jpeg_ctx *ctx = (struct jpeg_ctx *)cinfo->err;

	(*cinfo->err->format_message)(cinfo, ctx->msg);
	longjmp(ctx->jmp, 1);
}

/*
 * Warnings are silent, except that a file cut short (which libjpeg
 * would pad with grey) is an error, as it is for PNG.
 */
static void
jpeg_on_message(j_common_ptr cinfo, int level)
{
	struct jpeg_ctx *ctx = (struct jpeg_ctx *)cinfo->err;

	if (level < 0 && cinfo->err->msg_code == JWRN_JPEG_EOF) {
		ctx->truncated = 1;
		longjmp(ctx->jmp, 1);
	}
}

static void
jpeg_on_progress(j_common_ptr cinfo)
{
	struct jpeg_ctx *ctx = (struct jpeg_ctx *)cinfo->err;
	j_decompress_ptr d = (j_decompress_ptr)cinfo;

	if (d->input_scan_number > JPEG_MAX_SCANS) {
		ctx->scans = 1;
		longjmp(ctx->jmp, 1);
	}
}

/* Straight or inverted (Adobe) CMYK to RGB, without colour management. */
static uint32_t
cmyk_to_rgb(const unsigned char *p, int adobe)
{
	unsigned c = p[0], m = p[1], y = p[2], k = p[3];

	if (!adobe) {
		c = 255 - c;
		m = 255 - m;
		y = 255 - y;
		k = 255 - k;
	}
	return argb(0xff, (c * k + 127) / 255, (m * k + 127) / 255,
	    (y * k + 127) / 255);
}

/*
 * Decodes to RGB24. *data is the whole file: it becomes the surface's
 * JPEG mime data (and *data is set to NULL) so PDFs embed the original.
 */
/* Whether a JPEG file ends with its End Of Image marker (not cut short). */
static int
jpeg_complete(const unsigned char *d, size_t len)
{
	/* Some writers pad after the marker. */
	while (len > 2 && (d[len - 1] == 0 || d[len - 1] == '\n'))
		len--;
	return len >= 4 && d[len - 2] == 0xFF && d[len - 1] == 0xD9;
}

int
raw_jpeg(const unsigned char *data, size_t len, struct image_raw *raw,
    char **why)
{
	struct rd r = { .mem = data, .len = len };
	struct image_info info;

	if (sniff_jpeg(&r, &info, why) == -1)
		return -1;
	/* CMYK: see load_jpeg. */
	if (info.colors != 1 && info.colors != 3)
		return 0;
	if (!jpeg_complete(data, len)) {
		*why = xstrdup("truncated");
		return -1;
	}
	raw->format = IMAGE_JPEG;
	raw->width = info.width;
	raw->height = info.height;
	raw->depth = 8;
	raw->colors = info.colors;
	return 1;
}

cairo_surface_t *
load_jpeg(unsigned char **data, size_t len, char **why)
{
	struct jpeg_decompress_struct cinfo;
	struct jpeg_ctx ctx;
	cairo_surface_t *volatile s = NULL;
	cairo_surface_t *volatile ret = NULL;
	JSAMPARRAY row;
	unsigned char *px, *p;
	uint32_t *out;
	JDIMENSION x;
	volatile int cmyk = 0;
	int stride;

	memset(&ctx, 0, sizeof(ctx));
	cinfo.err = jpeg_std_error(&ctx.pub);
	ctx.pub.error_exit = jpeg_on_error;
	ctx.pub.emit_message = jpeg_on_message;
	ctx.progress.progress_monitor = jpeg_on_progress;
	if (setjmp(ctx.jmp)) {
		if (ctx.truncated)
			*why = xstrdup("truncated");
		else if (ctx.scans)
			*why = xstrdup("corrupt JPEG: too many scans");
		else
			*why = xasprintf("cannot decode JPEG: %s", ctx.msg);
		goto out;
	}
	jpeg_create_decompress(&cinfo);
	cinfo.progress = &ctx.progress;
	jpeg_mem_src(&cinfo, *data, (unsigned long)len);
	jpeg_read_header(&cinfo, TRUE);
	if (check_size(cinfo.image_width, cinfo.image_height, why) == -1)
		goto out;
	switch (cinfo.jpeg_color_space) {
	case JCS_GRAYSCALE:
		cinfo.out_color_space = JCS_GRAYSCALE;
		break;
	case JCS_CMYK:
	case JCS_YCCK:
		cinfo.out_color_space = JCS_CMYK;
		cmyk = 1;
		break;
	default:
		cinfo.out_color_space = JCS_RGB;
		break;
	}
	jpeg_start_decompress(&cinfo);
	s = surface_new(CAIRO_FORMAT_RGB24, (int)cinfo.output_width,
	    (int)cinfo.output_height, why);
	if (s == NULL)
		goto out;
	px = cairo_image_surface_get_data(s);
	stride = cairo_image_surface_get_stride(s);
	/* Pool memory: jpeg_destroy frees it, even after a longjmp. */
	row = (*cinfo.mem->alloc_sarray)((j_common_ptr)&cinfo, JPOOL_IMAGE,
	    cinfo.output_width * cinfo.output_components, 1);
	while (cinfo.output_scanline < cinfo.output_height) {
		out = (uint32_t *)(px + (size_t)cinfo.output_scanline * stride);
		if (jpeg_read_scanlines(&cinfo, row, 1) != 1)
			break;
		p = row[0];
		for (x = 0; x < cinfo.output_width; x++) {
			switch (cinfo.output_components) {
			case 1:
				out[x] = argb(0xff, p[0], p[0], p[0]);
				p += 1;
				break;
			case 4:
				out[x] = cmyk_to_rgb(p, cinfo.saw_Adobe_marker);
				p += 4;
				break;
			default:
				out[x] = argb(0xff, p[0], p[1], p[2]);
				p += 3;
				break;
			}
		}
	}
	jpeg_finish_decompress(&cinfo);
	cairo_surface_mark_dirty(s);
	/*
	 * cairo 1.16 embeds a CMYK JPEG as /DeviceCMYK with no /Decode, so
	 * the usual Adobe (inverted) CMYK comes out as a negative: those
	 * are embedded from the decoded RGB pixels instead.
	 */
	if (!cmyk) {
		if (cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_JPEG, *data,
		    len, free, *data) != CAIRO_STATUS_SUCCESS) {
			*why = xstrdup("cannot attach JPEG data");
			goto out;
		}
		*data = NULL;
	}
	ret = s;
	s = NULL;
out:
	jpeg_destroy_decompress(&cinfo);
	if (s != NULL)
		cairo_surface_destroy(s);
	return ret;
}
