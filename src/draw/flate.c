/* flate.c - Flate coding of PDF streams, a piece at a time or whole. */
#include "flate.h"

#include <stdlib.h>

#include <libdeflate.h>

void
flate_into(z_stream *z, struct buf *out, const unsigned char *in, size_t n,
    int last)
{
	z->next_in = (unsigned char *)in;
	z->avail_in = (uInt)n;
	do {
		if (out->cap - out->len < 4096 + 1) {
			out->cap = out->cap * 2 + 8192;
			out->data = xrealloc(out->data, out->cap);
		}
		z->next_out = (unsigned char *)out->data + out->len;
		z->avail_out = (uInt)(out->cap - out->len - 1);
		deflate(z, last ? Z_FINISH : Z_NO_FLUSH);
		out->len = out->cap - 1 - z->avail_out;
	} while (z->avail_in > 0 || z->avail_out == 0);
}

int
flate_inflate(struct libdeflate_decompressor *unz, const char *data,
    size_t len, size_t max, char **out, size_t *outlen)
{
	/* Pages deflate to a sixth of their size or so. */
	size_t cap = len * 8 + 1024, used;

	for (;;) {
		char *buf = xmalloc(cap + 1);
		enum libdeflate_result r = libdeflate_zlib_decompress_ex(unz,
		    data, len, buf, cap, &used, outlen);

		if (r == LIBDEFLATE_SUCCESS) {
			buf[*outlen] = '\0';
			*out = buf;
			return 0;
		}
		free(buf);
		if (r != LIBDEFLATE_INSUFFICIENT_SPACE || cap >= max)
			return -1;
		cap = cap * 2 > max ? max : cap * 2;
	}
}
