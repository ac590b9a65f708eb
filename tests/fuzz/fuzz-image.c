/*
 * fuzz-image.c - libFuzzer target: arbitrary bytes as an image file
 * (image_probe, then image_load: every format's sniffer and decoder,
 * WebP, AVIF and SVG through their libraries, an SVG drawn into its
 * recording surface), and as a Graphviz diagram (image_dot).
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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct image_info info;
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
	if ((svg = image_dot((const char *)data, size, &len, &info, NULL, NULL,
	    &why)) != NULL)
		free(svg);
	free(why);
	/* Nothing kept between inputs: a fresh cache each time. */
	image_release();
	return 0;
}
