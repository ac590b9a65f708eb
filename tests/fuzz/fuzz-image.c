/*
 * fuzz-image.c - libFuzzer target: arbitrary bytes as an image file
 * (image_probe, then image_load: every format's sniffer and decoder,
 * WebP, AVIF and SVG through their libraries, an SVG drawn into its
 * recording surface; image_raw, the PNG chunk walker and its check of
 * the image data; image_rows, a PNG row by row), and as a Graphviz
 * diagram (image_dot).
 *
 * The bytes are a memfd named by its /proc path, so the readers open a
 * file as quire does, without touching the disk.
 */
#define _GNU_SOURCE	/* memfd_create */

#include <sys/mman.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "diag.h"
#include "image.h"

static int fd = -1;
static char path[64];

/* image_rows' rows, counted. */
struct counter {
	struct image_sink sink;
	int	 w, h, rows;
};

static int
count_start(struct image_sink *sink, int w, int h, int alpha, char **why)
{
	struct counter *c = (struct counter *)sink;

	(void)alpha;
	(void)why;
	c->w = w;
	c->h = h;
	c->rows = 0;
	return 0;
}

static void
count_row(struct image_sink *sink, int y, const unsigned char *rgba)
{
	struct counter *c = (struct counter *)sink;

	/* Rows in order, every byte of each there to read (ASan). */
	volatile unsigned char ends = rgba[0] ^ rgba[4 * (size_t)c->w - 1];

	(void)ends;
	if (y != c->rows++)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct image_info info = { 0 };
	struct image_raw raw;
	struct counter sink = { { count_start, count_row }, 0, 0, 0 };
	cairo_surface_t *s;
	char *why = NULL, *svg;
	size_t len;

	if (fd == -1) {
		diag_set_silent(1);
		if ((fd = memfd_create("fuzz-image", MFD_CLOEXEC)) == -1)
			abort();
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) == -1 || pwrite(fd, data, size, 0) !=
	    (ssize_t)size)
		abort();
	if (image_probe(path, &info, &why) == 0 &&
	    (info.width <= 0 || info.height <= 0 ||
	    info.width > IMAGE_MAX_SIDE || info.height > IMAGE_MAX_SIDE))
		abort();	/* the contract: sizes within the caps */
	free(why);
	why = NULL;
	if ((s = image_load(path, &why)) != NULL)
		cairo_surface_destroy(s);
	free(why);
	why = NULL;
	if (image_raw(path, &raw, &why) == 1) {
		/* the contract: what a PDF is told of the pixels */
		if (raw.width != info.width || raw.height != info.height ||
		    (raw.colors != 1 && raw.colors != 3) || raw.len == 0)
			abort();
		image_raw_free(&raw);
	}
	free(why);
	why = NULL;
	if (image_rows(path, &sink.sink, &why) == 1 && (sink.w !=
	    info.width || sink.h != info.height || sink.rows != sink.h))
		abort();
	free(why);
	why = NULL;
	if ((svg = image_dot((const char *)data, size, &len, &info, NULL, NULL,
	    &why)) != NULL)
		free(svg);
	free(why);
	/* Nothing kept between inputs: a fresh cache each time. */
	image_release();
	return 0;
}
