/*
 * test-image.c - image_probe, image_load, image_raw, image_rows and
 * image_resolve.
 *
 * Every test image is generated here, into a temporary folder, with
 * libpng, libjpeg and giflib directly: no binary files in the tree.
 */
#define _XOPEN_SOURCE 700	/* mkdtemp, nftw, symlink */

#include <sys/stat.h>

#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <gif_lib.h>
#include <jpeglib.h>
#include <png.h>
#include <zlib.h>

#include "check.h"
#include "image.h"
#include "url.h"
#include "util.h"

static void check_fails(const char *, const char *, int);

#define W 19	/* odd sizes leave partial Adam7 blocks */
#define H 11

static char *tmp;	/* the temporary folder */

static char *
tpath(const char *name)
{
	return xasprintf("%s/%s", tmp, name);
}

static void
write_bytes(const char *name, const void *p, size_t len)
{
	char *path = tpath(name);
	FILE *fp = fopen(path, "wb");

	if (fp == NULL || fwrite(p, 1, len, fp) != len || fclose(fp) != 0) {
		perror(path);
		exit(1);
	}
	free(path);
}

static unsigned char *
read_bytes(const char *name, size_t *len)
{
	char *path = tpath(name);
	FILE *fp = fopen(path, "rb");
	unsigned char *p;
	long n;

	if (fp == NULL || fseek(fp, 0, SEEK_END) != 0 || (n = ftell(fp)) < 0) {
		perror(path);
		exit(1);
	}
	rewind(fp);
	p = xmalloc((size_t)n + 1);
	if (fread(p, 1, (size_t)n, fp) != (size_t)n) {
		perror(path);
		exit(1);
	}
	fclose(fp);
	free(path);
	*len = (size_t)n;
	return p;
}

static uint32_t
pixel(cairo_surface_t *s, int x, int y)
{
	unsigned char *d = cairo_image_surface_get_data(s);

	return ((uint32_t *)(d + y * cairo_image_surface_get_stride(s)))[x];
}

/* Whether two ARGB values differ by at most tol in every channel. */
static int
near(uint32_t a, uint32_t b, int tol)
{
	int i, d;

	for (i = 0; i < 32; i += 8) {
		d = (int)(a >> i & 0xff) - (int)(b >> i & 0xff);
		if (d > tol || d < -tol)
			return 0;
	}
	return 1;
}

static uint32_t
argb(unsigned a, unsigned r, unsigned g, unsigned b)
{
	r = (r * a + 127) / 255;
	g = (g * a + 127) / 255;
	b = (b * a + 127) / 255;
	return (uint32_t)a << 24 | r << 16 | g << 8 | b;
}

/*
 * PNG: one image per colour type and depth, samples from a formula, and
 * the pixels cairo should see computed from the same formula.
 */

struct pngcase {
	const char	*name;
	int		 type, depth, interlace;
	int		 trns;	/* add a tRNS chunk */
};

static const struct pngcase pngcases[] = {
	{ "g1.png", PNG_COLOR_TYPE_GRAY, 1, 0, 0 },
	{ "g1i.png", PNG_COLOR_TYPE_GRAY, 1, 1, 0 },
	{ "g2.png", PNG_COLOR_TYPE_GRAY, 2, 0, 0 },
	{ "g4.png", PNG_COLOR_TYPE_GRAY, 4, 0, 0 },
	{ "g8.png", PNG_COLOR_TYPE_GRAY, 8, 0, 0 },
	{ "g8t.png", PNG_COLOR_TYPE_GRAY, 8, 0, 1 },
	{ "g16.png", PNG_COLOR_TYPE_GRAY, 16, 0, 0 },
	{ "ga8.png", PNG_COLOR_TYPE_GRAY_ALPHA, 8, 0, 0 },
	{ "ga16.png", PNG_COLOR_TYPE_GRAY_ALPHA, 16, 1, 0 },
	{ "rgb8.png", PNG_COLOR_TYPE_RGB, 8, 0, 0 },
	{ "rgb8i.png", PNG_COLOR_TYPE_RGB, 8, 1, 0 },
	{ "rgb8t.png", PNG_COLOR_TYPE_RGB, 8, 0, 1 },
	{ "rgb16.png", PNG_COLOR_TYPE_RGB, 16, 0, 0 },
	{ "rgba8.png", PNG_COLOR_TYPE_RGB_ALPHA, 8, 0, 0 },
	{ "rgba8i.png", PNG_COLOR_TYPE_RGB_ALPHA, 8, 1, 0 },
	{ "rgba16.png", PNG_COLOR_TYPE_RGB_ALPHA, 16, 0, 0 },
	{ "p1.png", PNG_COLOR_TYPE_PALETTE, 1, 0, 0 },
	{ "p4.png", PNG_COLOR_TYPE_PALETTE, 4, 0, 0 },
	{ "p4t.png", PNG_COLOR_TYPE_PALETTE, 4, 1, 1 },
	{ "p8t.png", PNG_COLOR_TYPE_PALETTE, 8, 0, 1 },
};

/* Sample c of pixel (x, y) in [0, max]; wide spread, including 0 and max. */
static unsigned
sample(int x, int y, int c, unsigned max)
{
	unsigned v = (unsigned)(x * 7 + y * 13 + c * 5) * 2654435761u;

	if ((x + y + c) % 5 == 0)
		return max;
	if ((x + 2 * y + c) % 7 == 0)
		return 0;
	return (v >> 7) % (max + 1);
}

static unsigned
to8(unsigned v, int depth)
{
	if (depth == 16)
		return (v * 255 + 32895) >> 16;
	return v * 255 / ((1u << depth) - 1);
}

static int
channels(int type)
{
	switch (type) {
	case PNG_COLOR_TYPE_GRAY:
	case PNG_COLOR_TYPE_PALETTE:
		return 1;
	case PNG_COLOR_TYPE_GRAY_ALPHA:
		return 2;
	case PNG_COLOR_TYPE_RGB:
		return 3;
	default:
		return 4;
	}
}

static unsigned
pal_alpha(unsigned i)
{
	return i == 0 ? 0 : i == 1 ? 128 : (i * 37) % 256;
}

static void
pal_colour(unsigned i, png_color *c)
{
	c->red = (png_byte)(i * 53);
	c->green = (png_byte)(i * 101 + 7);
	c->blue = (png_byte)(255 - i * 29);
}

/* The ARGB32/RGB24 value image_load should produce at (x, y). */
static uint32_t
png_expect(const struct pngcase *pc, int x, int y)
{
	unsigned max = (1u << pc->depth) - 1, v[4], a = 255, i;
	int n = channels(pc->type), k;
	png_color col;

	for (k = 0; k < n; k++)
		v[k] = sample(x, y, k, max);
	switch (pc->type) {
	case PNG_COLOR_TYPE_PALETTE:
		pal_colour(v[0], &col);
		if (pc->trns)
			a = pal_alpha(v[0]);
		return argb(a, col.red, col.green, col.blue);
	case PNG_COLOR_TYPE_GRAY:
	case PNG_COLOR_TYPE_GRAY_ALPHA:
		if (n == 2)
			a = to8(v[1], pc->depth);
		if (pc->trns && v[0] == sample(0, 0, 0, max))
			a = 0;
		i = to8(v[0], pc->depth);
		return argb(a, i, i, i);
	default:
		if (n == 4)
			a = to8(v[3], pc->depth);
		if (pc->trns && v[0] == sample(0, 0, 0, max) &&
		    v[1] == sample(0, 0, 1, max) &&
		    v[2] == sample(0, 0, 2, max))
			a = 0;
		return argb(a, to8(v[0], pc->depth), to8(v[1], pc->depth),
		    to8(v[2], pc->depth));
	}
}

static void
write_png(const struct pngcase *pc)
{
	char *path = tpath(pc->name);
	FILE *fp = fopen(path, "wb");
	png_structp png;
	png_infop info;
	png_color pal[256];
	png_byte alpha[256];
	png_color_16 key;
	png_bytep rows[H];
	unsigned max = (1u << pc->depth) - 1, v, bit;
	int n = channels(pc->type), x, y, k, i;
	size_t rowbytes = ((size_t)W * n * pc->depth + 7) / 8;

	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	info = png_create_info_struct(png);
	if (fp == NULL || png == NULL || info == NULL ||
	    setjmp(png_jmpbuf(png))) {
		fprintf(stderr, "%s: cannot write\n", path);
		exit(1);
	}
	png_init_io(png, fp);
	png_set_IHDR(png, info, W, H, pc->depth, pc->type,
	    pc->interlace ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
	    PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	if (pc->type == PNG_COLOR_TYPE_PALETTE) {
		for (i = 0; i <= (int)max; i++) {
			pal_colour((unsigned)i, &pal[i]);
			alpha[i] = (png_byte)pal_alpha((unsigned)i);
		}
		png_set_PLTE(png, info, pal, (int)max + 1);
		if (pc->trns)
			png_set_tRNS(png, info, alpha, (int)max + 1, NULL);
	} else if (pc->trns) {
		memset(&key, 0, sizeof(key));
		key.gray = (png_uint_16)sample(0, 0, 0, max);
		key.red = (png_uint_16)sample(0, 0, 0, max);
		key.green = (png_uint_16)sample(0, 0, 1, max);
		key.blue = (png_uint_16)sample(0, 0, 2, max);
		png_set_tRNS(png, info, NULL, 0, &key);
	}
	for (y = 0; y < H; y++) {
		rows[y] = xcalloc(1, rowbytes);
		for (x = 0, bit = 0; x < W; x++) {
			for (k = 0; k < n; k++, bit += (unsigned)pc->depth) {
				v = sample(x, y, k, max);
				if (pc->depth == 16) {
					rows[y][bit / 8] = (png_byte)(v >> 8);
					rows[y][bit / 8 + 1] = (png_byte)v;
				} else
					rows[y][bit / 8] |= (png_byte)(v <<
					    (8 - pc->depth - bit % 8));
			}
		}
	}
	png_write_info(png, info);
	png_write_image(png, rows);
	png_write_end(png, NULL);
	png_destroy_write_struct(&png, &info);
	for (y = 0; y < H; y++)
		free(rows[y]);
	fclose(fp);
	free(path);
}

static void
test_png(void)
{
	const struct pngcase *pc;
	struct image_info info;
	cairo_surface_t *s;
	char *path, *why;
	size_t i;
	int x, y, bad, alpha;

	for (i = 0; i < sizeof(pngcases) / sizeof(pngcases[0]); i++) {
		pc = &pngcases[i];
		write_png(pc);
		path = tpath(pc->name);
		CHECK(image_probe(path, &info, &why) == 0);
		CHECK(why == NULL);
		CHECK(info.format == IMAGE_PNG);
		CHECK(info.width == W && info.height == H);
		s = image_load(path, &why);
		CHECK(s != NULL);
		if (s == NULL) {
			fprintf(stderr, "  %s: %s\n", pc->name, why);
			free(why);
			free(path);
			continue;
		}
		CHECK(cairo_image_surface_get_width(s) == W);
		CHECK(cairo_image_surface_get_height(s) == H);
		alpha = (pc->type & PNG_COLOR_MASK_ALPHA) || pc->trns;
		CHECK(cairo_image_surface_get_format(s) ==
		    (alpha ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24));
		for (bad = 0, y = 0; y < H; y++)
			for (x = 0; x < W; x++)
				if (!near(pixel(s, x, y), png_expect(pc, x, y),
				    pc->depth == 16 ? 1 : 0) && bad++ == 0)
					fprintf(stderr, "  %s (%d,%d): %08x, "
					    "want %08x\n", pc->name, x, y,
					    pixel(s, x, y),
					    png_expect(pc, x, y));
		CHECK(bad == 0);
		cairo_surface_destroy(s);
		free(path);
	}
}

/* A file's bytes (caller frees), *len their count. */
static unsigned char *
file_bytes(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	unsigned char *b = NULL;
	long n;

	*len = 0;
	if (fp == NULL)
		return NULL;
	if (fseek(fp, 0, SEEK_END) == 0 && (n = ftell(fp)) >= 0 &&
	    fseek(fp, 0, SEEK_SET) == 0) {
		b = xmalloc((size_t)n + 1);
		*len = fread(b, 1, (size_t)n, fp);
	}
	fclose(fp);
	return b;
}

/* The IDAT chunks' data of PNG bytes p, run together (caller frees). */
static unsigned char *
idat_of(const unsigned char *p, size_t len, size_t *out)
{
	unsigned char *z = xmalloc(len);
	size_t at = 8;

	*out = 0;
	while (at + 12 <= len) {
		size_t n = (size_t)p[at] << 24 | (size_t)p[at + 1] << 16 |
		    (size_t)p[at + 2] << 8 | p[at + 3];

		if (!memcmp(p + at + 4, "IDAT", 4)) {
			memcpy(z + *out, p + at + 8, n);
			*out += n;
		}
		at += n + 12;
	}
	return z;
}

/* image_rows' rows, premultiplied as image_load's pixels are. */
struct rows_seen {
	struct image_sink sink;
	int	 w, h, alpha;
	uint32_t *px;
};

static int
seen_start(struct image_sink *sink, int w, int h, int alpha, char **why)
{
	struct rows_seen *r = (struct rows_seen *)sink;

	(void)why;
	r->w = w;
	r->h = h;
	r->alpha = alpha;
	r->px = xcalloc((size_t)w * (size_t)h, sizeof(*r->px));
	return 0;
}

static void
seen_row(struct image_sink *sink, int y, const unsigned char *rgba)
{
	struct rows_seen *r = (struct rows_seen *)sink;

	for (int x = 0; x < r->w; x++, rgba += 4)
		r->px[(size_t)y * r->w + x] = rgba[3] == 0 ? 0 :
		    argb(rgba[3], rgba[0], rgba[1], rgba[2]);
}

/*
 * image_raw takes exactly the PNGs a PDF can hold as they are (no
 * interlace, no alpha, no tRNS), with their IDAT data untouched;
 * image_rows gives every PNG's pixels as image_load does.
 */
static void
test_png_raw_rows(void)
{
	for (size_t i = 0; i < sizeof(pngcases) / sizeof(pngcases[0]); i++) {
		const struct pngcase *pc = &pngcases[i];
		char *path = tpath(pc->name), *why = NULL;
		struct image_raw raw;
		struct rows_seen r = { { seen_start, seen_row }, 0, 0, 0, NULL };
		int want = !pc->interlace && !pc->trns &&
		    !(pc->type & PNG_COLOR_MASK_ALPHA), rc, bad = 0;
		unsigned char *file, *z;
		size_t flen, zlen;

		rc = image_raw(path, &raw, &why);
		CHECK(rc == want);
		if (rc == 1) {
			file = file_bytes(path, &flen);
			z = idat_of(file, flen, &zlen);
			CHECK(raw.format == IMAGE_PNG && raw.width == W &&
			    raw.height == H && raw.depth == pc->depth);
			CHECK(raw.colors == (pc->type == PNG_COLOR_TYPE_RGB ?
			    3 : 1));
			CHECK((raw.palette != NULL) == (pc->type ==
			    PNG_COLOR_TYPE_PALETTE));
			if (raw.palette != NULL)
				CHECK(raw.npalette == 1 << pc->depth);
			CHECK(raw.len == zlen && !memcmp(raw.data, z, zlen));
			image_raw_free(&raw);
			free(file);
			free(z);
		}
		free(why);
		why = NULL;
		CHECK(image_rows(path, &r.sink, &why) == 1);
		CHECK(r.w == W && r.h == H);
		for (int y = 0; r.px != NULL && y < H; y++)
			for (int x = 0; x < W; x++)
				if (!near(r.px[(size_t)y * W + x],
				    png_expect(pc, x, y), pc->depth == 16 ?
				    1 : 0) && bad++ == 0)
					fprintf(stderr, "  rows %s (%d,%d): "
					    "%08x, want %08x\n", pc->name, x, y,
					    r.px[(size_t)y * W + x],
					    png_expect(pc, x, y));
		CHECK(bad == 0);
		free(r.px);
		free(why);
		free(path);
	}
}

/* Writes p (len bytes) as name with byte at changed to v. */
static void
write_changed(const char *name, const unsigned char *p, size_t len,
    size_t at, unsigned char v)
{
	unsigned char *c = xmalloc(len);

	memcpy(c, p, len);
	if (at < len)
		c[at] = v;
	write_bytes(name, c, len);
	free(c);
}

/* Fixes the CRC of the chunk at at in p (its length field). */
static void
fix_crc(unsigned char *p, size_t at)
{
	size_t n = (size_t)p[at] << 24 | (size_t)p[at + 1] << 16 |
	    (size_t)p[at + 2] << 8 | p[at + 3];
	unsigned long c = crc32(0, p + at + 4, (unsigned)n + 4);

	p[at + 8 + n] = (unsigned char)(c >> 24);
	p[at + 9 + n] = (unsigned char)(c >> 16);
	p[at + 10 + n] = (unsigned char)(c >> 8);
	p[at + 11 + n] = (unsigned char)c;
}

/* What image_raw says of a PNG spoiled in ways libpng would notice. */
static void
test_png_raw_bad(void)
{
	char *path = tpath("rgb8.png"), *why = NULL;
	size_t len, at = 8, idat = 0;
	unsigned char *p = file_bytes(path, &len), *c;
	struct image_raw raw;
	static const struct {
		const char *name, *want;
	} bad[] = {
		{ "crc.png", "corrupt PNG: bad CRC in IDAT chunk" },
		{ "cut.png", "truncated" },
		{ "zlib.png", "corrupt PNG: bad image data" },
		{ "filter.png", "corrupt PNG: bad image data" },
	};

	while (at + 12 <= len && memcmp(p + at + 4, "IDAT", 4))
		at += ((size_t)p[at] << 24 | (size_t)p[at + 1] << 16 |
		    (size_t)p[at + 2] << 8 | p[at + 3]) + 12;
	idat = at;
	CHECK(idat + 12 < len);
	/* A CRC off by one bit; the file cut in its data. */
	write_changed("crc.png", p, len, idat + 8, p[idat + 8] ^ 1);
	write_bytes("cut.png", p, idat + 20);
	/* Whole chunks, checked CRCs, but no zlib stream; a zlib stream
	 * whose first row has filter 9. */
	c = xmalloc(len);
	memcpy(c, p, len);
	c[idat + 8] = 0x12;
	fix_crc(c, idat);
	write_bytes("zlib.png", c, len);
	{
		size_t rowbytes = W * 3 + 1, n = rowbytes * H;
		unsigned char *rows = xcalloc(1, n);
		uLongf zn = compressBound(n);
		unsigned char *z = xmalloc(zn), *f;
		size_t flen;

		rows[0] = 9;
		compress(z, &zn, rows, n);
		/* IHDR (33 bytes with the signature), IDAT, IEND. */
		flen = 33 + 12 + zn + 12;
		f = xcalloc(1, flen);
		memcpy(f, p, 33);
		f[33] = (unsigned char)(zn >> 24);
		f[34] = (unsigned char)(zn >> 16);
		f[35] = (unsigned char)(zn >> 8);
		f[36] = (unsigned char)zn;
		memcpy(f + 37, "IDAT", 4);
		memcpy(f + 41, z, zn);
		fix_crc(f, 33);
		memcpy(f + 45 + zn + 4, "IEND", 4);
		fix_crc(f, 45 + zn);
		write_bytes("filter.png", f, flen);
		free(rows);
		free(z);
		free(f);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *bp = tpath(bad[i].name);

		if (image_raw(bp, &raw, &why) != -1 || why == NULL ||
		    strcmp(why, bad[i].want) != 0) {
			check_failed++;
			fprintf(stderr, "%s:%d: raw %s: got \"%s\", want "
			    "\"%s\"\n", __FILE__, __LINE__, bad[i].name,
			    why ? why : "(success)", bad[i].want);
		} else
			check_passed++;
		free(why);
		why = NULL;
		free(bp);
	}
	free(c);
	free(p);
	free(path);
}

/* Source rows for the scaler: pixel (x, y) from a function. */
static void
feed(struct image_sink *sink, int w, int h, int alpha,
    void (*px)(int, int, unsigned char *))
{
	unsigned char *row = xmalloc((size_t)w * 4);
	char *why = NULL;

	CHECK(sink->start(sink, w, h, alpha, &why) == 0);
	for (int y = 0; y < h; y++) {
		for (int x = 0; x < w; x++)
			px(x, y, row + 4 * x);
		sink->row(sink, y, row);
	}
	free(row);
	free(why);
}

static void
px_flat(int x, int y, unsigned char *p)
{
	(void)x;
	(void)y;
	p[0] = 200, p[1] = 100, p[2] = 50, p[3] = 255;
}

static void
px_ramp(int x, int y, unsigned char *p)
{
	p[0] = (unsigned char)x, p[1] = (unsigned char)(2 * y), p[2] = 0;
	p[3] = 255;
}

/* Opaque red and transparent green, in a checkerboard. */
static void
px_check(int x, int y, unsigned char *p)
{
	int red = (x + y) % 2 == 0;

	p[0] = red ? 255 : 0, p[1] = red ? 0 : 255, p[2] = 0;
	p[3] = red ? 255 : 0;
}

/*
 * image_scaler_new: a flat picture stays flat at any ratio (every row
 * whole: no seam where a ratio's steps fall on a boundary), a whole
 * ratio averages its blocks exactly, a transparent pixel lends no
 * colour, rows come in order and as many as asked, no scaling up.
 */
static void
test_scaler(void)
{
	static const int sizes[][4] = {
		{ 1000, 700, 313, 219 }, { 1920, 1080, 873, 491 },
		{ 1000, 700, 300, 210 }, { 1547, 772, 975, 486 },
		{ 300, 30, 100, 10 }, { 7, 5, 3, 2 }, { 1001, 999, 1000, 998 },
	};
	struct rows_seen r = { { seen_start, seen_row }, 0, 0, 0, NULL };
	struct image_sink *sc;
	char *why = NULL;
	int bad = 0;

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		sc = image_scaler_new(sizes[i][2], sizes[i][3], &r.sink);
		feed(sc, sizes[i][0], sizes[i][1], 0, px_flat);
		CHECK(r.w == sizes[i][2] && r.h == sizes[i][3]);
		for (int k = 0; k < r.w * r.h; k++)
			if (r.px[k] != argb(255, 200, 100, 50) && bad++ == 0)
				fprintf(stderr, "  scaler %dx%d: pixel %d is "
				    "%08x\n", sizes[i][0], sizes[i][1], k,
				    r.px[k]);
		free(r.px);
		r.px = NULL;
		image_scaler_free(sc);
	}
	CHECK(bad == 0);
	/* 3x3 blocks: the mean of x is 3X + 1, of 2y is 2(3Y + 1) */
	sc = image_scaler_new(100, 10, &r.sink);
	feed(sc, 300, 30, 0, px_ramp);
	for (int y = 0; y < 10; y++)
		for (int x = 0; x < 85; x++)
			bad += r.px[y * 100 + x] != argb(255,
			    (unsigned)(3 * x + 1), (unsigned)(6 * y + 2), 0);
	CHECK(bad == 0);
	free(r.px);
	r.px = NULL;
	image_scaler_free(sc);
	/* red at half coverage: red, half alpha */
	sc = image_scaler_new(10, 10, &r.sink);
	feed(sc, 20, 20, 1, px_check);
	for (int k = 0; k < 100; k++)
		bad += r.px[k] != argb(128, 255, 0, 0);
	CHECK(bad == 0);
	free(r.px);
	r.px = NULL;
	image_scaler_free(sc);
	/* no scaling up */
	sc = image_scaler_new(10, 10, &r.sink);
	CHECK(sc->start(sc, 5, 20, 0, &why) == -1 && why != NULL &&
	    strcmp(why, "cannot scale 5x20 up to 10x10") == 0);
	free(why);
	image_scaler_free(sc);
}

/* A 2x2 RGBA PNG: red, red at half alpha, transparent, white. */
static void
test_png_exact(void)
{
	static const struct pngcase pc = {
		"exact.png", PNG_COLOR_TYPE_RGB_ALPHA, 8, 0, 0
	};
	png_image img;
	static const unsigned char px[16] = {
		255, 0, 0, 255,  255, 0, 0, 128,
		0, 255, 0, 0,  255, 255, 255, 255
	};
	cairo_surface_t *s;
	char *path = tpath(pc.name), *why;

	memset(&img, 0, sizeof(img));
	img.version = PNG_IMAGE_VERSION;
	img.width = 2;
	img.height = 2;
	img.format = PNG_FORMAT_RGBA;
	CHECK(png_image_write_to_file(&img, path, 0, px, 0, NULL) != 0);
	s = image_load(path, &why);
	CHECK(s != NULL);
	if (s != NULL) {
		CHECK(pixel(s, 0, 0) == 0xffff0000);
		CHECK(pixel(s, 1, 0) == 0x80800000);
		CHECK(pixel(s, 0, 1) == 0);
		CHECK(pixel(s, 1, 1) == 0xffffffff);
		cairo_surface_destroy(s);
	}
	free(path);
}

/*
 * JPEG: left half red, right half blue, 8-pixel blocks so that the
 * colours stay clean away from the middle.
 */

static void
write_jpeg(const char *name, J_COLOR_SPACE in, J_COLOR_SPACE out,
    int progressive, int w, int h)
{
	struct jpeg_compress_struct c;
	struct jpeg_error_mgr err;
	char *path = tpath(name);
	FILE *fp = fopen(path, "wb");
	unsigned char *row, *p;
	int x, n;

	if (fp == NULL) {
		perror(path);
		exit(1);
	}
	c.err = jpeg_std_error(&err);
	jpeg_create_compress(&c);
	jpeg_stdio_dest(&c, fp);
	c.image_width = (JDIMENSION)w;
	c.image_height = (JDIMENSION)h;
	n = in == JCS_GRAYSCALE ? 1 : in == JCS_CMYK ? 4 : 3;
	c.input_components = n;
	c.in_color_space = in;
	jpeg_set_defaults(&c);
	jpeg_set_colorspace(&c, out);
	jpeg_set_quality(&c, 95, TRUE);
	if (progressive)
		jpeg_simple_progression(&c);
	jpeg_start_compress(&c, TRUE);
	row = xmalloc((size_t)w * n);
	for (x = 0, p = row; x < w; x++, p += n) {
		int red = x < w / 2;

		if (n == 1)
			p[0] = 200;
		else if (n == 3) {
			p[0] = red ? 255 : 0;
			p[1] = 0;
			p[2] = red ? 0 : 255;
		} else {
			/* Adobe CMYK is stored inverted: 255 means no ink. */
			p[0] = red ? 255 : 0;
			p[1] = red ? 0 : 0;
			p[2] = red ? 0 : 255;
			p[3] = 255;
		}
	}
	while (c.next_scanline < c.image_height)
		jpeg_write_scanlines(&c, &row, 1);
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);
	fclose(fp);
	free(row);
	free(path);
}

/* Renders s into a PDF; whether the file's JPEG bytes appear verbatim. */
static cairo_status_t
pdf_write(void *closure, const unsigned char *data, unsigned int len)
{
	struct buf *b = closure;

	buf_append(b, (const char *)data, len);
	return CAIRO_STATUS_SUCCESS;
}

static int
contains(const char *hay, size_t n, const unsigned char *needle, size_t len)
{
	size_t i;

	for (i = 0; i + len <= n; i++)
		if (memcmp(hay + i, needle, len) == 0)
			return 1;
	return 0;
}

static int
pdf_embeds(cairo_surface_t *img, const unsigned char *jpeg, size_t len)
{
	struct buf b = { 0 };
	cairo_surface_t *pdf;
	cairo_t *cr;
	int found;

	pdf = cairo_pdf_surface_create_for_stream(pdf_write, &b, 100, 100);
	cr = cairo_create(pdf);
	cairo_set_source_surface(cr, img, 0, 0);
	cairo_paint(cr);
	cairo_destroy(cr);
	cairo_surface_finish(pdf);
	cairo_surface_destroy(pdf);
	found = contains(b.data, b.len, jpeg, len);
	buf_free(&b);
	return found;
}

static void
test_jpeg(void)
{
	static const struct {
		const char	*name;
		J_COLOR_SPACE	 in, out;
		int		 progressive, mime;
	} jc[] = {
		{ "base.jpg", JCS_RGB, JCS_YCbCr, 0, 1 },
		{ "prog.jpg", JCS_RGB, JCS_YCbCr, 1, 1 },
		{ "rgb.jpg", JCS_RGB, JCS_RGB, 0, 1 },
		{ "grey.jpg", JCS_GRAYSCALE, JCS_GRAYSCALE, 0, 1 },
		{ "greyp.jpg", JCS_GRAYSCALE, JCS_GRAYSCALE, 1, 1 },
		{ "cmyk.jpg", JCS_CMYK, JCS_CMYK, 0, 0 },
		{ "ycck.jpg", JCS_CMYK, JCS_YCCK, 1, 0 },
	};
	struct image_info info;
	cairo_surface_t *s;
	const unsigned char *mime;
	unsigned long mlen;
	unsigned char *file;
	size_t i, len;
	char *path, *why;

	for (i = 0; i < sizeof(jc) / sizeof(jc[0]); i++) {
		write_jpeg(jc[i].name, jc[i].in, jc[i].out, jc[i].progressive,
		    32, 24);
		path = tpath(jc[i].name);
		CHECK(image_probe(path, &info, &why) == 0);
		CHECK(info.format == IMAGE_JPEG);
		CHECK(info.width == 32 && info.height == 24);
		s = image_load(path, &why);
		CHECK(s != NULL);
		if (s == NULL) {
			fprintf(stderr, "  %s: %s\n", jc[i].name, why);
			free(why);
			free(path);
			continue;
		}
		CHECK(cairo_image_surface_get_width(s) == 32);
		CHECK(cairo_image_surface_get_height(s) == 24);
		CHECK(cairo_image_surface_get_format(s) == CAIRO_FORMAT_RGB24);
		if (jc[i].in == JCS_GRAYSCALE) {
			CHECK(near(pixel(s, 3, 3), 0xffc8c8c8, 2));
		} else {
			CHECK(near(pixel(s, 3, 3), 0xffff0000, 6));
			CHECK(near(pixel(s, 28, 20), 0xff0000ff, 6));
		}
		file = read_bytes(jc[i].name, &len);
		cairo_surface_get_mime_data(s, CAIRO_MIME_TYPE_JPEG, &mime,
		    &mlen);
		if (jc[i].mime) {
			CHECK(mime != NULL && mlen == len &&
			    memcmp(mime, file, len) == 0);
			CHECK(pdf_embeds(s, file, len));
		} else {
			CHECK(mime == NULL);
			CHECK(!pdf_embeds(s, file, len));
		}
		free(file);
		cairo_surface_destroy(s);
		free(path);
	}
}

/*
 * GIF: an 89a file whose first frame sits inside a larger screen, with
 * a transparent index from the Graphics Control Extension.
 */

static void
write_gif(const char *name, int sw, int sh, int left, int top, int w,
    int h, int interlace, int trans)
{
	static const int start[] = { 0, 4, 2, 1 }, step[] = { 8, 8, 4, 2 };
	GifColorType colours[4] = {
		{ 255, 0, 0 }, { 0, 255, 0 }, { 0, 0, 255 }, { 255, 255, 255 }
	};
	GraphicsControlBlock gcb = { 0, false, 0, trans };
	GifByteType ext[4], *line;
	ColorMapObject *map;
	GifFileType *gif;
	char *path = tpath(name);
	int err, x, y, pass;

	map = GifMakeMapObject(4, colours);
	gif = EGifOpenFileName(path, false, &err);
	if (gif == NULL || map == NULL) {
		fprintf(stderr, "%s: %s\n", path, GifErrorString(err));
		exit(1);
	}
	EGifSetGifVersion(gif, true);
	EGifPutScreenDesc(gif, sw, sh, 2, 0, map);
	if (trans != NO_TRANSPARENT_COLOR)
		EGifPutExtension(gif, GRAPHICS_EXT_FUNC_CODE,
		    (int)EGifGCBToExtension(&gcb, ext), ext);
	EGifPutImageDesc(gif, left, top, w, h, interlace, NULL);
	line = xmalloc((size_t)w);
	for (pass = interlace ? 0 : 3; pass < 4; pass++) {
		for (y = interlace ? start[pass] : 0; y < h;
		    y += interlace ? step[pass] : 1) {
			/* Row y: colour (x + y) % 4. */
			for (x = 0; x < w; x++)
				line[x] = (GifByteType)((x + y) % 4);
			EGifPutLine(gif, line, w);
		}
	}
	EGifCloseFile(gif, &err);
	GifFreeMapObject(map);
	free(line);
	free(path);
}

static void
test_gif(void)
{
	static const uint32_t col[4] = {
		0xffff0000, 0xff00ff00, 0xff0000ff, 0xffffffff
	};
	struct image_info info;
	cairo_surface_t *s;
	char *path, *why;
	int x, y, bad, interlace;
	uint32_t want;

	for (interlace = 0; interlace < 2; interlace++) {
		write_gif("a.gif", 12, 14, 2, 1, 7, 11, interlace, 2);
		path = tpath("a.gif");
		CHECK(image_probe(path, &info, &why) == 0);
		CHECK(info.format == IMAGE_GIF);
		CHECK(info.width == 12 && info.height == 14);
		s = image_load(path, &why);
		CHECK(s != NULL);
		if (s != NULL) {
			CHECK(cairo_image_surface_get_width(s) == 12);
			CHECK(cairo_image_surface_get_height(s) == 14);
			for (bad = 0, y = 0; y < 14; y++) {
				for (x = 0; x < 12; x++) {
					want = 0;
					if (x >= 2 && x < 9 && y >= 1 &&
					    y < 12 && (x - 2 + y - 1) % 4 != 2)
						want = col[(x - 2 + y - 1) % 4];
					bad += pixel(s, x, y) != want;
				}
			}
			CHECK(bad == 0);
			CHECK(pixel(s, 2, 1) == 0xffff0000);
			CHECK(pixel(s, 4, 1) == 0);	/* transparent index */
			cairo_surface_destroy(s);
		} else {
			fprintf(stderr, "  a.gif: %s\n", why);
			free(why);
		}
		free(path);
	}

	/* A first frame larger than the screen grows the canvas. */
	write_gif("big.gif", 4, 4, 1, 2, 8, 6, 0, NO_TRANSPARENT_COLOR);
	path = tpath("big.gif");
	CHECK(image_probe(path, &info, &why) == 0);
	CHECK(info.width == 9 && info.height == 8);
	s = image_load(path, &why);
	CHECK(s != NULL);
	if (s != NULL) {
		CHECK(cairo_image_surface_get_width(s) == 9);
		CHECK(cairo_image_surface_get_height(s) == 8);
		CHECK(pixel(s, 0, 0) == 0);
		CHECK(pixel(s, 1, 2) == 0xffff0000);
		CHECK(pixel(s, 8, 7) == col[(7 + 5) % 4]);
		cairo_surface_destroy(s);
	}
	free(path);
}

/* An SVG's size: width and height in any unit, else its viewBox, else
 * CSS's 300x150; by content, whatever the name; drawn as a recording
 * surface of that size. */
static void
check_svg(const char *name, const char *svg, int w, int h, int line)
{
	struct image_info info;
	cairo_rectangle_t r;
	cairo_surface_t *s;
	char *path = tpath(name), *why = NULL;

	write_bytes(name, svg, strlen(svg));
	if (image_probe(path, &info, &why) != 0 || info.format != IMAGE_SVG ||
	    info.width != w || info.height != h) {
		check_failed++;
		fprintf(stderr, "%s:%d: probe %s: %s, %dx%d, want %dx%d\n",
		    __FILE__, line, name, why ? why : "ok", info.width,
		    info.height, w, h);
	} else
		check_passed++;
	free(why);
	why = NULL;
	s = image_load(path, &why);
	CHECK(s != NULL);
	if (s != NULL) {
		CHECK(cairo_surface_get_type(s) ==
		    CAIRO_SURFACE_TYPE_RECORDING);
		CHECK(cairo_recording_surface_get_extents(s, &r));
		CHECK(r.width == w && r.height == h);
		cairo_surface_destroy(s);
	}
	free(why);
	free(path);
}

static void
test_svg(void)
{
	const char *wide = "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "width=\"30001\" height=\"1\"/>";

	check_svg("px.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "width=\"120\" height=\"30\"/>", 120, 30, __LINE__);
	check_svg("mm.svg", "<?xml version=\"1.0\"?>\n<!-- a comment -->\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"25.4mm\" "
	    "height=\"1in\"/>", 96, 96, __LINE__);
	check_svg("vb.png", "\xef\xbb\xbf <svg xmlns=\"http://www.w3.org/2000/"
	    "svg\" viewBox=\"0 0 64.5 20\"/>", 65, 20, __LINE__);
	check_svg("none.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\">"
	    "<rect width=\"5\" height=\"5\"/></svg>", 300, 150, __LINE__);
	/* XML that is not SVG; an SVG too wide; broken XML */
	write_bytes("note.svg", "<note>hi</note>", 15);
	check_fails("note.svg", "not a PNG, JPEG, GIF, WebP, AVIF or SVG",
	    __LINE__);
	write_bytes("wide.svg", wide, strlen(wide));
	check_fails("wide.svg", "too large: 30001x1 pixels", __LINE__);
	write_bytes("bad.svg", "<svg><g></svg>", 14);
	check_fails("bad.svg", "corrupt SVG: XML parse error", __LINE__);
}

static void
test_dot(void)
{
	struct image_info info;
	char *why = NULL, *svg;
	size_t len = 0;
	const char *src = "digraph { a -> b; }";

	svg = image_dot(src, strlen(src), &len, &info, NULL, NULL, &why);
	CHECK(svg != NULL && why == NULL);
	CHECK(svg != NULL && strstr(svg, "<svg") != NULL &&
	    strlen(svg) == len);
	CHECK(info.format == IMAGE_SVG && info.width > 20 &&
	    info.height > info.width);	/* two nodes, one above the other */
	free(svg);
	svg = image_dot("digraph { a -> }", 16, &len, &info, NULL, NULL, &why);
	CHECK(svg == NULL);
	CHECK_STR(why, "syntax error in line 1 near '}'");
	free(why);
	why = NULL;
	svg = image_dot("graph {}\0x", 10, &len, &info, NULL, NULL, &why);
	CHECK(svg == NULL);
	CHECK_STR(why, "a NUL byte in the source");
	free(why);
}

/* probe and load both fail on name, with a message starting with want. */
static void
check_fails(const char *name, const char *want, int line)
{
	struct image_info info;
	cairo_surface_t *s;
	char *path = tpath(name), *why = NULL;

	if (image_probe(path, &info, &why) != -1 || why == NULL ||
	    strncmp(why, want, strlen(want)) != 0) {
		check_failed++;
		fprintf(stderr, "%s:%d: probe %s: got \"%s\", want \"%s\"\n",
		    __FILE__, line, name, why ? why : "(success)", want);
	} else
		check_passed++;
	free(why);
	why = NULL;
	if ((s = image_load(path, &why)) != NULL || why == NULL ||
	    strncmp(why, want, strlen(want)) != 0) {
		check_failed++;
		fprintf(stderr, "%s:%d: load %s: got \"%s\", want \"%s\"\n",
		    __FILE__, line, name, why ? why : "(success)", want);
	} else
		check_passed++;
	if (s != NULL)
		cairo_surface_destroy(s);
	free(why);
	free(path);
}

/* load fails (but probe, reading only the header, succeeds). */
static void
check_load_fails(const char *name, const char *want, int line)
{
	struct image_info info;
	cairo_surface_t *s;
	char *path = tpath(name), *why = NULL;

	CHECK(image_probe(path, &info, &why) == 0);
	free(why);
	why = NULL;
	if ((s = image_load(path, &why)) != NULL || why == NULL ||
	    strncmp(why, want, strlen(want)) != 0) {
		check_failed++;
		fprintf(stderr, "%s:%d: load %s: got \"%s\", want \"%s\"\n",
		    __FILE__, line, name, why ? why : "(success)", want);
	} else
		check_passed++;
	if (s != NULL)
		cairo_surface_destroy(s);
	free(why);
	free(path);
}

static void
be32put(unsigned char *p, unsigned long v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* A PNG header claiming w x h (load must refuse before inflating). */
static void
write_png_header(const char *name, unsigned long w, unsigned long h)
{
	unsigned char p[33] = {
		0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
		0, 0, 0, 13, 'I', 'H', 'D', 'R'
	};

	be32put(p + 16, w);
	be32put(p + 20, h);
	p[24] = 8;	/* depth */
	p[25] = 6;	/* RGBA */
	write_bytes(name, p, sizeof(p));
}

static void
test_failures(void)
{
	unsigned char *p;
	size_t len, i;
	char *path, *why;
	struct image_info info;
	cairo_surface_t *s;

	write_bytes("empty.png", "", 0);
	check_fails("empty.png", "empty file", __LINE__);
	write_bytes("garbage.png", "hello, world\n", 13);
	check_fails("garbage.png", "not a PNG, JPEG, GIF, WebP, AVIF or SVG image", __LINE__);
	write_bytes("short.png", "\x89PN", 3);
	check_fails("short.png", "truncated", __LINE__);
	check_fails("missing.png", "cannot open: No such file", __LINE__);

	write_png_header("bomb.png", 100000, 100000);
	check_fails("bomb.png", "too large: 100000x100000 pixels", __LINE__);
	/* Each side is fine, the area is not. */
	write_png_header("bomb2.png", 20000, 20000);
	check_fails("bomb2.png", "too large: 20000x20000 pixels", __LINE__);
	write_png_header("zero.png", 0, 10);
	check_fails("zero.png", "invalid size: 0x10 pixels", __LINE__);
	write_bytes("noihdr.png", "\x89PNG\r\n\x1a\n\0\0\0\4IDATxxxxxxxxxxxx",
	    24);
	check_fails("noihdr.png", "corrupt PNG: no IHDR", __LINE__);

	/* Cut in the middle of the pixel data. */
	p = read_bytes("rgba8.png", &len);
	write_bytes("cut.png", p, len / 2);
	check_load_fails("cut.png", "truncated", __LINE__);
	/* A flipped byte in IDAT: CRC error. */
	p[len - 20] ^= 0x55;
	write_bytes("crc.png", p, len);
	check_load_fails("crc.png", "corrupt PNG: ", __LINE__);
	free(p);

	p = read_bytes("base.jpg", &len);
	write_bytes("cut.jpg", p, len - 40);
	check_load_fails("cut.jpg", "truncated", __LINE__);
	write_bytes("head.jpg", p, 40);
	check_fails("head.jpg", "truncated", __LINE__);
	/* Patch the SOF0 frame size to 40000x40000. */
	for (i = 2; i + 9 < len; i++)
		if (p[i] == 0xff && p[i + 1] == 0xc0) {
			p[i + 5] = 40000 >> 8;
			p[i + 6] = 40000 & 0xff;
			p[i + 7] = 40000 >> 8;
			p[i + 8] = 40000 & 0xff;
			break;
		}
	write_bytes("bomb.jpg", p, len);
	check_fails("bomb.jpg", "too large: 40000x40000 pixels", __LINE__);
	free(p);
	write_bytes("nosof.jpg", "\xff\xd8\xff\xd9", 4);
	check_fails("nosof.jpg", "corrupt JPEG: no frame header", __LINE__);

	write_bytes("bomb.gif",
	    "GIF89a\xff\xff\xff\xff\0\0\0,\0\0\0\0\1\0\1\0\0", 23);
	check_fails("bomb.gif", "too large: 65535x65535 pixels", __LINE__);
	write_bytes("noimg.gif", "GIF89a\1\0\1\0\0\0\0;", 14);
	check_fails("noimg.gif", "corrupt GIF: no image", __LINE__);
	p = read_bytes("a.gif", &len);
	write_bytes("cut.gif", p, len - 12);
	check_load_fails("cut.gif", "truncated", __LINE__);
	free(p);

	/* A folder is no image. */
	path = tpath("dir.png");
	CHECK(mkdir(path, 0700) == 0);
	CHECK(image_probe(path, &info, &why) == -1);
	CHECK_STR(why, "not a regular file");
	free(why);
	CHECK((s = image_load(path, &why)) == NULL);
	CHECK_STR(why, "not a regular file");
	free(why);
	free(path);

	/* Nor is a FIFO, which must not block us either. */
	path = tpath("fifo.png");
	CHECK(mkfifo(path, 0600) == 0);
	CHECK(image_probe(path, &info, &why) == -1);
	CHECK_STR(why, "not a regular file");
	free(why);
	CHECK((s = image_load(path, &why)) == NULL);
	CHECK_STR(why, "not a regular file");
	free(why);
	free(path);
}

/*
 * Every prefix of each file, and a few thousand single-byte changes:
 * never a crash, a leak (under ASan) or a surface of the wrong size.
 */
static void
test_mangled(void)
{
	static const char *names[] = {
		"rgba8i.png", "p4t.png", "g16.png", "base.jpg", "prog.jpg",
		"cmyk.jpg", "a.gif"
	};
	struct image_info info;
	cairo_surface_t *s;
	unsigned char *p, *q;
	uint32_t seed = 1;
	size_t len, i, k, n;
	char *path, *why;
	int ok, consistent = 1, pr;

	path = tpath("mangled");
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		p = read_bytes(names[i], &len);
		q = xmalloc(len);
		for (n = 0; n < len + 300; n++) {
			if (n < len) {
				/* a prefix */
				k = n;
				memcpy(q, p, k);
			} else {
				k = len;
				memcpy(q, p, len);
				seed = seed * 1103515245 + 12345;
				q[(seed >> 8) % len] ^=
				    (unsigned char)(seed >> 24 | 1);
				seed = seed * 1103515245 + 12345;
				q[(seed >> 8) % len] =
				    (unsigned char)(seed >> 16);
			}
			write_bytes("mangled", q, k);
			pr = image_probe(path, &info, &why);
			ok = (pr == 0) == (why == NULL);
			free(why);
			s = image_load(path, &why);
			ok &= (s != NULL) == (why == NULL);
			if (s != NULL) {
				ok &= pr == 0;
				ok &= cairo_image_surface_get_width(s) ==
				    info.width;
				ok &= cairo_image_surface_get_height(s) ==
				    info.height;
				cairo_surface_destroy(s);
			}
			free(why);
			if (!ok && consistent) {
				fprintf(stderr, "  %s mangled #%zu: probe and "
				    "load disagree\n", names[i], n);
				consistent = 0;
			}
		}
		free(p);
		free(q);
	}
	CHECK(consistent);
	free(path);
}

/*
 * image_resolve
 */

static void
touch(const char *name)
{
	write_bytes(name, "x", 1);
}

/* image_resolve for a site at url under baseurl, as site_load gives it. */
static char *
resolve_at(const char *ref, const char *post, const char *root,
    const char *url, const char *baseurl, int featured, int allow_outside,
    char **why)
{
	struct site_url web;
	char *got;

	url_init(&web, url, baseurl);
	got = image_resolve(ref, post, root, &web, featured, allow_outside,
	    why);
	url_free(&web);
	return got;
}

#define RESOLVE(ref, feat, out, want) do {				\
	char *got_, *why_, *want_ = (want) ? tpath(want) : NULL;	\
	got_ = resolve_at((ref), post, root, url, baseurl, (feat),	\
	    (out), &why_);						\
	CHECK_STR(got_, want_);						\
	CHECK((got_ == NULL) == (why_ != NULL));			\
	free(got_);							\
	free(why_);							\
	free(want_);							\
} while (0)

#define REFUSED(ref, msg) do {						\
	char *got_, *why_;						\
	got_ = resolve_at((ref), post, root, url, baseurl, 0, 0, &why_); \
	CHECK(got_ == NULL);						\
	CHECK_STR(why_, (msg));						\
	free(got_);							\
	free(why_);							\
} while (0)

static void
test_resolve(void)
{
	struct image_info info;
	char *root, *post, *why, *got, *p, *q;
	const char *url = "https://example.com", *baseurl = NULL;

	CHECK(mkdir(p = tpath("site"), 0700) == 0);
	free(p);
	CHECK(mkdir(p = tpath("site/_posts"), 0700) == 0);
	free(p);
	CHECK(mkdir(p = tpath("site/images"), 0700) == 0);
	free(p);
	touch("site/_posts/pic.png");
	touch("site/_posts/my pic.png");
	touch("site/images/feat.png");
	touch("site/images/pic.png");
	touch("escape.png");
	p = tpath("escape.png");
	q = tpath("site/_posts/link.png");
	CHECK(symlink(p, q) == 0);
	free(p);
	free(q);
	root = tpath("site");
	post = tpath("site/_posts");

	RESOLVE("pic.png", 0, 0, "site/_posts/pic.png");
	RESOLVE("./pic.png", 0, 0, "site/_posts/pic.png");
	RESOLVE("my%20pic.png", 0, 0, "site/_posts/my pic.png");
	RESOLVE("pic.png?v=2#top", 0, 0, "site/_posts/pic.png");
	RESOLVE("pic%3f.png", 0, 0, "site/_posts/pic?.png");
	RESOLVE("/images/feat.png", 0, 0, "site/images/feat.png");
	RESOLVE("../images/feat.png", 0, 0, "site/_posts/../images/feat.png");
	/* A missing file is the prober's business. */
	RESOLVE("nope.png", 0, 0, "site/_posts/nope.png");
	p = tpath("site/_posts/nope.png");
	CHECK(image_probe(p, &info, &why) == -1);
	CHECK_STR(why, "cannot open: No such file or directory");
	free(why);
	free(p);

	/* Site URLs, http or https, host compared exactly. */
	RESOLVE("https://example.com/images/feat.png", 0, 0,
	    "site/images/feat.png");
	RESOLVE("http://example.com/images/feat.png", 0, 0,
	    "site/images/feat.png");
	RESOLVE("HTTPS://Example.COM/images/feat.png", 0, 0,
	    "site/images/feat.png");
	RESOLVE("//example.com/images/feat.png", 0, 0, "site/images/feat.png");
	REFUSED("https://www.example.com/images/feat.png",
	    "remote image not fetched");
	REFUSED("https://example.org/x.png", "remote image not fetched");
	REFUSED("https://example.com.evil/x.png", "remote image not fetched");
	REFUSED("ftp://example.com/x.png", "remote image not fetched");
	REFUSED("data:image/png;base64,AAAA", "remote image not fetched");
	REFUSED("", "empty image reference");
	REFUSED("?x", "empty image reference");
	REFUSED("a%00b.png", "bad image reference: %00 in name");

	/* baseurl, stripped only at a folder boundary */
	baseurl = "/blog";
	RESOLVE("/blog/images/feat.png", 0, 0, "site/images/feat.png");
	RESOLVE("/blogger.png", 0, 0, "site/blogger.png");
	RESOLVE("https://example.com/blog/images/feat.png", 0, 0,
	    "site/images/feat.png");
	RESOLVE("/images/feat.png", 0, 0, "site/images/feat.png");
	baseurl = "blog/";
	RESOLVE("/blog/images/feat.png", 0, 0, "site/images/feat.png");
	baseurl = NULL;

	/* A site URL with a path */
	url = "https://someone.github.io/repo/";
	RESOLVE("https://someone.github.io/repo/images/feat.png", 0, 0,
	    "site/images/feat.png");
	REFUSED("https://someone.github.io/other/feat.png",
	    "remote image not fetched");
	REFUSED("https://someone.github.io/repository/feat.png",
	    "remote image not fetched");
	url = NULL;
	REFUSED("https://example.com/images/feat.png",
	    "remote image not fetched");
	url = "https://example.com";

	/* Outside the site */
	got = resolve_at("../../escape.png", post, root, url, baseurl, 0, 0,
	    &why);
	CHECK(got == NULL);
	CHECK(why != NULL && strstr(why, "outside the site folder") != NULL);
	free(got);
	free(why);
	RESOLVE("../../escape.png", 0, 1, "site/_posts/../../escape.png");
	RESOLVE("../../missing/../x.png", 0, 1,
	    "site/_posts/../../missing/../x.png");
	got = resolve_at("../../missing/x.png", post, root, url, baseurl, 0,
	    0, &why);
	CHECK(got == NULL && why != NULL);
	free(got);
	free(why);
	got = resolve_at("link.png", post, root, url, baseurl, 0, 0, &why);
	CHECK(got == NULL && why != NULL);
	free(got);
	free(why);
	RESOLVE("link.png", 0, 1, "site/_posts/link.png");
	RESOLVE("/../escape.png", 0, 1, "site/../escape.png");
	got = resolve_at("/../escape.png", post, root, url, baseurl, 0, 0,
	    &why);
	CHECK(got == NULL && why != NULL);
	free(got);
	free(why);

	/* Featured images fall back to images/ */
	RESOLVE("feat.png", 1, 0, "site/images/feat.png");
	RESOLVE("feat.png", 0, 0, "site/_posts/feat.png");
	RESOLVE("pic.png", 1, 0, "site/_posts/pic.png");
	RESOLVE("nothing.png", 1, 0, "site/_posts/nothing.png");
	RESOLVE("/images/feat.png", 1, 0, "site/images/feat.png");
	RESOLVE("images/feat.png", 1, 0, "site/images/feat.png");
	RESOLVE("images/feat.png", 0, 0, "site/_posts/images/feat.png");

	/* Without a site, the post's folder stands in for it. */
	free(root);
	root = NULL;
	RESOLVE("/pic.png", 0, 0, "site/_posts/pic.png");
	RESOLVE("pic.png", 0, 0, "site/_posts/pic.png");
	RESOLVE("../images/feat.png", 0, 1, "site/_posts/../images/feat.png");
	got = resolve_at("../images/feat.png", post, root, url, baseurl, 0,
	    0, &why);
	CHECK(got == NULL && why != NULL);
	free(got);
	free(why);

	free(post);
}

static int
rm(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

int
main(void)
{
	const char *dir = getenv("TMPDIR");
	char *templ;

	templ = xasprintf("%s/quire-test-image-XXXXXX", dir ? dir : "/tmp");
	if ((tmp = mkdtemp(templ)) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	test_png();
	test_png_raw_rows();
	test_png_raw_bad();
	test_scaler();
	test_png_exact();
	test_jpeg();
	test_gif();
	test_failures();
	test_mangled();
	test_resolve();
	test_svg();
	test_dot();
	image_release();
	nftw(tmp, rm, 16, FTW_DEPTH | FTW_PHYS);
	free(templ);
	return check_done();
}
