/*
 * flate.h - the Flate (zlib) coding of PDF streams, where it is done a
 * piece at a time or inflated whole: pictures' rows compressed as they
 * are decoded, pages' streams and object streams inflated to be read.
 * Whole buffers are compressed with libdeflate where they are made.
 * No state of its own: any thread, each with its own coders.
 */
#ifndef QUIRE_FLATE_H
#define QUIRE_FLATE_H

#include <stddef.h>

#include <zlib.h>

#include "util.h"

struct libdeflate_decompressor;

/* Compresses n bytes at in with z (deflateInit done) onto out; last:
 * the stream's last bytes (Z_FINISH). */
void	flate_into(z_stream *z, struct buf *out, const unsigned char *in,
	    size_t n, int last);
/*
 * The zlib stream data (len bytes) inflated with unz into *out, new and
 * NUL-terminated after its *outlen bytes; the caller frees it. Returns
 * 0, or -1 when data is not zlib or would inflate past max bytes.
 */
int	flate_inflate(struct libdeflate_decompressor *unz, const char *data,
	    size_t len, size_t max, char **out, size_t *outlen);

#endif
