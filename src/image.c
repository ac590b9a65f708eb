/*
 * image.c - PNG, JPEG and GIF: sniffing, decoding to cairo surfaces, and
 * resolving a post's image references to files.
 *
 * The only file that includes png.h, jpeglib.h and gif_lib.h.
 */
#define _XOPEN_SOURCE 700	/* realpath */

#include "image.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdint.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <gif_lib.h>
#include <jpeglib.h>
#include <jerror.h>
#include <png.h>

#include "url.h"
#include "util.h"

/* Files larger than this are refused before being read whole. */
#define IMAGE_MAX_FILE	(512L * 1024 * 1024)
/* Progressive JPEGs with more scans than this are hostile (CPU bombs). */
#define JPEG_MAX_SCANS	1000

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
static size_t
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
static int
rd_get(struct rd *r, void *dst, size_t n)
{
	return rd_some(r, dst, n) == n ? 0 : -1;
}

static int
rd_byte(struct rd *r)
{
	unsigned char c;

	return rd_get(r, &c, 1) == 0 ? c : -1;
}

/* Moves to absolute offset off; reading past the end fails later. */
static int
rd_seek(struct rd *r, long off)
{
	if (r->fp != NULL)
		return fseek(r->fp, off, SEEK_SET);
	r->off = (size_t)off < r->len ? (size_t)off : r->len;
	return 0;
}

static int
rd_skip(struct rd *r, long n)
{
	if (r->fp != NULL)
		return fseek(r->fp, n, SEEK_CUR);
	r->off = (size_t)n < r->len - r->off ? r->off + (size_t)n : r->len;
	return 0;
}

/* The message for a read that came up short. */
static char *
rd_why(const struct rd *r)
{
	if (r->err != 0)
		return xasprintf("cannot read: %s", strerror(r->err));
	return xstrdup("truncated");
}

static unsigned
be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static unsigned long
be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 |
	    (unsigned long)p[2] << 8 | p[3];
}

static unsigned
le16(const unsigned char *p)
{
	return (unsigned)p[1] << 8 | p[0];
}

/* Checks a size against the bomb limits; 0, or -1 with *why set. */
static int
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

static int
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

/* Walks the marker segments up to the first SOFn (any kind of frame). */
static int
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
	return 0;
short_read:
	*why = rd_why(r);
	return -1;
}

/* The logical screen, grown to hold the first frame if it sticks out. */
static void
gif_canvas(unsigned sw, unsigned sh, unsigned left, unsigned top,
    unsigned w, unsigned h, int *cw, int *ch)
{
	*cw = (int)(left + w > sw ? left + w : sw);
	*ch = (int)(top + h > sh ? top + h : sh);
}

static int
sniff_gif(struct rd *r, struct image_info *info, char **why)
{
	unsigned char s[7], d[9];
	int c, n, w, h;

	if (rd_seek(r, 6) == -1 || rd_get(r, s, sizeof(s)) == -1)
		goto short_read;
	if ((s[4] & 0x80) && rd_skip(r, 3L << ((s[4] & 7) + 1)) == -1)
		goto short_read;
	for (;;) {
		if ((c = rd_byte(r)) == -1)
			goto short_read;
		if (c == 0x2c)
			break;
		if (c == 0x3b) {
			*why = xstrdup("corrupt GIF: no image");
			return -1;
		}
		if (c != 0x21) {
			*why = xstrdup("corrupt GIF: bad block");
			return -1;
		}
		if (rd_byte(r) == -1)	/* the extension's label */
			goto short_read;
		while ((n = rd_byte(r)) > 0)
			if (rd_skip(r, n) == -1)
				goto short_read;
		if (n == -1)
			goto short_read;
	}
	if (rd_get(r, d, sizeof(d)) == -1)
		goto short_read;
	gif_canvas(le16(s), le16(s + 2), le16(d), le16(d + 2), le16(d + 4),
	    le16(d + 6), &w, &h);
	if (check_size((unsigned long)w, (unsigned long)h, why) == -1)
		return -1;
	info->format = IMAGE_GIF;
	info->width = w;
	info->height = h;
	return 0;
short_read:
	*why = rd_why(r);
	return -1;
}

/* Format by magic bytes, then size from the headers. */
static int
sniff(struct rd *r, struct image_info *info, char **why)
{
	static const struct {
		const char	*magic;
		size_t		 len;
		int		(*sniff)(struct rd *, struct image_info *,
				    char **);
	} fmt[] = {
		{ (const char *)png_magic, 8, sniff_png },
		{ "\xff\xd8\xff", 3, sniff_jpeg },
		{ "GIF87a", 6, sniff_gif },
		{ "GIF89a", 6, sniff_gif },
	};
	unsigned char m[8];
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
	for (i = 0; i < sizeof(fmt) / sizeof(fmt[0]); i++) {
		if (memcmp(m, fmt[i].magic, n < fmt[i].len ? n : fmt[i].len))
			continue;
		if (n < fmt[i].len) {
			*why = xstrdup("truncated");
			return -1;
		}
		return fmt[i].sniff(r, info, why);
	}
	*why = xstrdup("not a PNG, JPEG or GIF image");
	return -1;
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
	rc = sniff(&r, info, why);
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
static cairo_surface_t *
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

static uint32_t
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
static cairo_surface_t *
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

/*
 * With decode unset, a JPEG that a PDF will embed as its own bytes is not
 * decoded at all: the surface only carries its size and the bytes.
 */
static cairo_surface_t *
load_jpeg(unsigned char **data, size_t len, int decode, char **why)
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
	if (!decode && !cmyk) {
		if (!jpeg_complete(*data, len)) {
			*why = xstrdup("truncated");
			goto out;
		}
		s = surface_new(CAIRO_FORMAT_RGB24, (int)cinfo.image_width,
		    (int)cinfo.image_height, why);
		if (s == NULL)
			goto out;
		goto embed;
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
embed:
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

static int
gif_read_mem(GifFileType *gif, GifByteType *dst, int n)
{
	return (int)rd_some(gif->UserData, dst, n < 0 ? 0 : (size_t)n);
}

static char *
gif_why(int err)
{
	const char *s;

	if (err == D_GIF_ERR_READ_FAILED)
		return xstrdup("truncated");
	s = GifErrorString(err);
	return xasprintf("corrupt GIF: %s", s ? s : "unknown error");
}

/*
 * The first frame only, drawn onto the logical screen (transparent
 * elsewhere), with the transparent index of the Graphics Control
 * Extension before it.
 */
static cairo_surface_t *
load_gif(const unsigned char *data, size_t len, char **why)
{
	static const int start[] = { 0, 4, 2, 1 }, step[] = { 8, 8, 4, 2 };
	struct rd r = { 0 };
	GifFileType *gif;
	GifRecordType type;
	GifByteType *ext;
	GraphicsControlBlock gcb;
	ColorMapObject *map;
	GifImageDesc *d;
	cairo_surface_t *s = NULL, *ret = NULL;
	unsigned char *line = NULL, *px;
	uint32_t *out;
	GifColorType *c;
	int err, code, trans = NO_TRANSPARENT_COLOR, w, h, x, y, pass, stride;

	r.mem = data;
	r.len = len;
	if ((gif = DGifOpen(&r, gif_read_mem, &err)) == NULL) {
		*why = gif_why(err);
		goto out;
	}
	for (;;) {
		if (DGifGetRecordType(gif, &type) == GIF_ERROR)
			goto gif_error;
		if (type == IMAGE_DESC_RECORD_TYPE)
			break;
		if (type == TERMINATE_RECORD_TYPE) {
			*why = xstrdup("corrupt GIF: no image");
			goto out;
		}
		if (type != EXTENSION_RECORD_TYPE)
			continue;
		if (DGifGetExtension(gif, &code, &ext) == GIF_ERROR)
			goto gif_error;
		if (code == GRAPHICS_EXT_FUNC_CODE && ext != NULL &&
		    DGifExtensionToGCB(ext[0], ext + 1, &gcb) == GIF_OK)
			trans = gcb.TransparentColor;
		while (ext != NULL)
			if (DGifGetExtensionNext(gif, &ext) == GIF_ERROR)
				goto gif_error;
	}
	if (DGifGetImageDesc(gif) == GIF_ERROR)
		goto gif_error;
	d = &gif->Image;
	if (d->Left < 0 || d->Top < 0 || d->Width <= 0 || d->Height <= 0) {
		*why = xstrdup("corrupt GIF: bad frame");
		goto out;
	}
	gif_canvas((unsigned)gif->SWidth, (unsigned)gif->SHeight,
	    (unsigned)d->Left, (unsigned)d->Top, (unsigned)d->Width,
	    (unsigned)d->Height, &w, &h);
	if (check_size((unsigned long)w, (unsigned long)h, why) == -1)
		goto out;
	if ((map = d->ColorMap ? d->ColorMap : gif->SColorMap) == NULL) {
		*why = xstrdup("corrupt GIF: no colour table");
		goto out;
	}
	if ((s = surface_new(CAIRO_FORMAT_ARGB32, w, h, why)) == NULL)
		goto out;
	px = cairo_image_surface_get_data(s);
	stride = cairo_image_surface_get_stride(s);
	line = xmalloc((size_t)d->Width);
	for (pass = d->Interlace ? 0 : 3; pass < 4; pass++) {
		for (y = d->Interlace ? start[pass] : 0; y < d->Height;
		    y += d->Interlace ? step[pass] : 1) {
			if (DGifGetLine(gif, line, d->Width) == GIF_ERROR)
				goto gif_error;
			out = (uint32_t *)(px + (size_t)(d->Top + y) * stride) +
			    d->Left;
			for (x = 0; x < d->Width; x++) {
				/* Indices past the table stay transparent. */
				if (line[x] == trans ||
				    line[x] >= map->ColorCount)
					continue;
				c = &map->Colors[line[x]];
				out[x] = argb(0xff, c->Red, c->Green, c->Blue);
			}
		}
	}
	cairo_surface_mark_dirty(s);
	ret = s;
	s = NULL;
	goto out;
gif_error:
	*why = gif_why(gif->Error);
out:
	if (gif != NULL)
		DGifCloseFile(gif, &err);
	free(line);
	if (s != NULL)
		cairo_surface_destroy(s);
	return ret;
}

/*
 * Recently drawn images, by path: blog archives repeat the same pictures
 * (a featured image on many posts), which are then decoded once. Bounded
 * in bytes so memory stays flat.
 */
#define CACHE_SLOTS 8
#define CACHE_BYTES (24L * 1024 * 1024)

static struct cached {
	char	*path;
	cairo_surface_t *s;
	long	 bytes;
} cache[CACHE_SLOTS];
static unsigned cache_next;
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

static long
surface_bytes(cairo_surface_t *s)
{
	return (long)cairo_image_surface_get_stride(s) *
	    cairo_image_surface_get_height(s);
}

static cairo_surface_t *
cache_get(const char *path)
{
	cairo_surface_t *s = NULL;

	pthread_mutex_lock(&cache_lock);
	for (int i = 0; i < CACHE_SLOTS && s == NULL; i++)
		if (cache[i].path != NULL && !strcmp(cache[i].path, path))
			s = cairo_surface_reference(cache[i].s);
	pthread_mutex_unlock(&cache_lock);
	return s;
}

static void
cache_put(const char *path, cairo_surface_t *s)
{
	struct cached *c;
	long total = surface_bytes(s);

	if (total > CACHE_BYTES / 2)
		return;
	pthread_mutex_lock(&cache_lock);
	c = &cache[cache_next++ % CACHE_SLOTS];
	free(c->path);
	if (c->s != NULL)
		cairo_surface_destroy(c->s);
	c->path = xstrdup(path);
	c->s = cairo_surface_reference(s);
	c->bytes = total;
	/* Over budget: let the others go. */
	for (int i = 0; i < CACHE_SLOTS; i++)
		if (&cache[i] != c && cache[i].s != NULL)
			total += cache[i].bytes;
	for (int i = 0; i < CACHE_SLOTS && total > CACHE_BYTES; i++)
		if (&cache[i] != c && cache[i].s != NULL) {
			total -= cache[i].bytes;
			cairo_surface_destroy(cache[i].s);
			free(cache[i].path);
			cache[i].s = NULL;
			cache[i].path = NULL;
		}
	pthread_mutex_unlock(&cache_lock);
}

void
image_cache_clear(void)
{
	pthread_mutex_lock(&cache_lock);
	for (int i = 0; i < CACHE_SLOTS; i++) {
		if (cache[i].s != NULL)
			cairo_surface_destroy(cache[i].s);
		free(cache[i].path);
		cache[i].s = NULL;
		cache[i].path = NULL;
	}
	pthread_mutex_unlock(&cache_lock);
}

static cairo_surface_t *
load(const char *path, int decode, char **why)
{
	struct image_info info;
	struct rd r = { 0 };
	unsigned char *data = NULL;
	cairo_surface_t *s = NULL;
	struct stat st;
	char *key;
	size_t len;

	/* A file changed since it was cached is another image; one file
	 * under two spellings of its path is one. */
	if (stat(path, &st) == -1)
		key = xasprintf("%c:%s", decode ? 'd' : 'e', path);
	else
		key = xasprintf("%c%lld.%ld.%lld.%llu.%llu", decode ? 'd' : 'e',
		    (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
		    (long long)st.st_size, (unsigned long long)st.st_dev,
		    (unsigned long long)st.st_ino);

	*why = NULL;
	if ((s = cache_get(key)) != NULL) {
		free(key);
		return s;
	}
	if (read_whole(path, &data, &len, why) == -1)
		goto out;
	r.mem = data;
	r.len = len;
	if (sniff(&r, &info, why) == -1)
		goto out;
	switch (info.format) {
	case IMAGE_PNG:
		s = load_png(data, len, why);
		break;
	case IMAGE_JPEG:
		s = load_jpeg(&data, len, decode, why);
		break;
	case IMAGE_GIF:
		s = load_gif(data, len, why);
		break;
	}
	if (s != NULL) {
		/* One image object in the PDF however often it is drawn. */
		char *id = xstrdup(path);

		if (cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_UNIQUE_ID,
		    (unsigned char *)id, strlen(id), free, id) !=
		    CAIRO_STATUS_SUCCESS)
			free(id);
		cache_put(key, s);
	}
out:
	free(key);
	free(data);
	return s;
}

cairo_surface_t *
image_load(const char *path, char **why)
{
	return load(path, 1, why);
}

cairo_surface_t *
image_load_for_pdf(const char *path, char **why)
{
	return load(path, 0, why);
}

/*
 * Resolving references.
 */

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes %XX escapes (others kept as written); NULL for "%00". */
static char *
percent_decode(const char *s, size_t len)
{
	struct buf b = { 0 };
	size_t i;
	int hi, lo;

	for (i = 0; i < len; i++) {
		if (s[i] == '%' && i + 2 < len &&
		    (hi = hexval(s[i + 1])) >= 0 &&
		    (lo = hexval(s[i + 2])) >= 0) {
			if (hi == 0 && lo == 0) {
				buf_free(&b);
				return NULL;
			}
			buf_putc(&b, (char)(hi << 4 | lo));
			i += 2;
		} else
			buf_putc(&b, s[i]);
	}
	return buf_take(&b);
}

/* dir "/" name, with no doubled slash and no leading "./" in name. */
static char *
join(const char *dir, const char *name)
{
	size_t n;

	while (name[0] == '/')
		name++;
	while (name[0] == '.' && name[1] == '/')
		for (name += 2; name[0] == '/'; name++)
			continue;
	if (dir == NULL || *dir == '\0')
		dir = ".";
	n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	return xasprintf("%.*s%s%s", (int)n, dir,
	    dir[n - 1] == '/' ? "" : "/", name);
}

/*
 * The canonical form of path even when its end does not exist: the
 * longest prefix realpath(3) resolves, then the rest applied by name.
 */
static char *
canonical(const char *path)
{
	struct buf b = { 0 };
	char *abs, *pre, *real, *rest, *comp, *save;
	size_t n;

	if (path[0] == '/')
		abs = xstrdup(path);
	else {
		char cwd[PATH_MAX];

		if (getcwd(cwd, sizeof(cwd)) == NULL)
			return NULL;
		abs = xasprintf("%s/%s", cwd, path);
	}
	/* Shorten by whole components until realpath succeeds ("/" will). */
	n = strlen(abs);
	for (;;) {
		pre = xstrndup(abs, n ? n : 1);
		real = realpath(pre, NULL);
		free(pre);
		if (real != NULL || n <= 1)
			break;
		while (n > 1 && abs[n - 1] != '/')
			n--;
		while (n > 1 && abs[n - 1] == '/')
			n--;
	}
	if (real == NULL) {
		free(abs);
		return NULL;
	}
	buf_puts(&b, strcmp(real, "/") == 0 ? "" : real);
	free(real);
	rest = abs + n;
	for (comp = strtok_r(rest, "/", &save); comp != NULL;
	    comp = strtok_r(NULL, "/", &save)) {
		if (strcmp(comp, ".") == 0)
			continue;
		if (strcmp(comp, "..") == 0) {
			while (b.len > 0 && b.data[b.len - 1] != '/')
				b.len--;
			if (b.len > 0)
				b.len--;
			if (b.data != NULL)
				b.data[b.len] = '\0';
			continue;
		}
		buf_putc(&b, '/');
		buf_puts(&b, comp);
	}
	free(abs);
	if (b.len == 0)
		buf_putc(&b, '/');
	return buf_take(&b);
}

/* Whether path, canonically, is root or inside it. */
static int
is_inside(const char *path, const char *root)
{
	char *p, *r;
	size_t n;
	int in = 0;

	p = canonical(path);
	r = canonical(root);
	if (p == NULL || r == NULL)
		goto out;
	n = strlen(r);
	if (strcmp(r, "/") == 0)
		in = 1;
	else
		in = strncmp(p, r, n) == 0 && (p[n] == '/' || p[n] == '\0');
out:
	free(p);
	free(r);
	return in;
}

static int
exists(const char *path)
{
	return access(path, F_OK) == 0;
}

char *
image_resolve(const char *ref, const char *post_dir, const char *site_root,
    const struct site_url *web, int featured, int allow_outside, char **why)
{
	const char *s, *path;
	char *name = NULL, *res = NULL, *alt = NULL, *t;
	int i, on_site = 0;

	*why = NULL;
	/* Without a site, the post's folder is the whole site. */
	if (site_root == NULL)
		site_root = post_dir != NULL ? post_dir : ".";
	if (ref == NULL || (s = url_web(ref)) == NULL) {
		*why = xstrdup(ref == NULL ? "empty image reference" :
		    "remote image not fetched");
		goto out;
	}
	name = xstrndup(s, strcspn(s, "?#"));
	if (strncmp(name, "//", 2) == 0) {
		if ((path = url_local(web, name)) == NULL) {
			*why = xstrdup("remote image not fetched");
			goto out;
		}
		t = xasprintf("/%s", path + strspn(path, "/"));
		free(name);
		name = t;
		on_site = 1;	/* the base is off already */
	} else if (s != ref) {
		/* "http:x" has no host to compare */
		*why = xstrdup("remote image not fetched");
		goto out;
	}
	if (name[0] == '\0' || strcmp(name, "/") == 0) {
		*why = xstrdup("empty image reference");
		goto out;
	}
	if ((t = percent_decode(name, strlen(name))) == NULL) {
		*why = xstrdup("bad image reference: %00 in name");
		goto out;
	}
	free(name);
	name = t;
	if (name[0] == '/') {
		res = join(site_root, on_site ? name : url_local(web, name));
	} else {
		res = join(post_dir, name);
		/* Themes keep featured images in images/, or at the root. */
		for (i = 0; featured && i < 2 && !exists(res); i++) {
			alt = i == 0 ? xasprintf("%s/images/%s", site_root,
			    name) : join(site_root, name);
			if (exists(alt)) {
				free(res);
				res = alt;
			} else
				free(alt);
			alt = NULL;
		}
	}
	if (!allow_outside && !is_inside(res, site_root)) {
		*why = xasprintf("%s: outside the site folder", res);
		free(res);
		res = NULL;
	}
out:
	free(name);
	return res;
}
