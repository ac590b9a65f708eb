/*
 * pdfpatch.h - adding to a finished PDF as an incremental update: new
 * versions of objects and new objects appended after the file's end, with
 * a cross-reference stream and a trailer that point back at the old
 * ones. A reader takes the newest version of every object, so nothing
 * cairo wrote is rewritten or moved.
 *
 * Reads what cairo 1.16 writes (one classic cross-reference table,
 * several subsections allowed, objects "N 0 obj ... endobj") and what
 * this file writes (a cross-reference stream, objects in object streams:
 * PDF 1.5). Anything else is refused (EINVAL), never guessed at.
 *
 * Small objects written once (a structure tree's elements, the links)
 * are packed a few hundred to a compressed object stream: the update then
 * keeps a cross-reference entry a stream, not an object, and the file is
 * smaller.
 *
 * Threads: pdfpatch_put and pdfpatch_stream may be called from several
 * at once, and beside one thread calling pdfpatch_get,
 * pdfpatch_object_at, pdfpatch_root, pdfpatch_info, pdfpatch_count or
 * pdfpatch_trailer; pdfpatch_alloc, pdfpatch_pack, pdfpatch_write and
 * pdfpatch_free only when no other thread uses p.
 * The update's bytes do not depend on the order in which different
 * objects are put; they do on the order of packing.
 */
#ifndef QUIRE_PDFPATCH_H
#define QUIRE_PDFPATCH_H

#include <stddef.h>
#include <stdio.h>

#include "pdfsyntax.h"

struct pdfpatch;

/*
 * Reads the trailer and cross-reference table of the PDF in f, which
 * must be open for reading and appending. Objects are read from its file
 * descriptor (pread), the bytes it has now and no later ones. Returns
 * NULL with errno set: EINVAL for a file this reader does not
 * understand, else the read error.
 */
struct pdfpatch *pdfpatch_open(FILE *f);
/* The trailer's /Root and /Info objects; 0 when absent. */
long	pdfpatch_root(const struct pdfpatch *p);
long	pdfpatch_info(const struct pdfpatch *p);
/* Objects numbered 1 .. pdfpatch_count() - 1 may exist. */
long	pdfpatch_count(const struct pdfpatch *p);
/*
 * Object num's text between "obj" and "endobj", the newest version (one
 * put here included), NUL-terminated; the caller frees it. NULL when
 * there is no such object or it cannot be read (errno set).
 */
char	*pdfpatch_get(struct pdfpatch *p, long num);
/*
 * Object num's stream as the file holds it (not one put here, nor its
 * /Length's): its dictionary's text (*dict) and its *len bytes of data,
 * still encoded (*data), both new and NUL-terminated; the caller frees
 * them. Returns 0, or -1 with errno set (EINVAL: not a stream this
 * reader follows). It reads the file and changes nothing in p.
 */
int	pdfpatch_stream(const struct pdfpatch *p, long num, char **dict,
	    char **data, size_t *len);
/* The object whose text in the file (not one put here) holds byte off:
 * the one starting last at or before it; 0 when none does. */
long	pdfpatch_object_at(struct pdfpatch *p, long off);
/* A number for a new object, to be given text with pdfpatch_put. */
long	pdfpatch_alloc(struct pdfpatch *p);
/* Object num's new text (a copy is kept): "<< ... >>", "[ ... ]", or a
 * dictionary followed by "stream ... endstream". Put again, the last
 * text wins. */
void	pdfpatch_put(struct pdfpatch *p, long num, const char *text,
	    size_t len);
/*
 * Object num's text, packed into an object stream: num comes from
 * pdfpatch_alloc and is neither put nor packed again, the text is no
 * stream. Packed objects are written, not read back: pdfpatch_get finds
 * them only in the file written and opened again.
 */
void	pdfpatch_pack(struct pdfpatch *p, long num, const char *text,
	    size_t len);
/* Entries added to the new trailer, e.g. "/ID [ <..> <..> ]". */
void	pdfpatch_trailer(struct pdfpatch *p, const char *entries);
/*
 * Appends every object put and packed and the cross-reference stream,
 * whose dictionary is the trailer (/Prev, /Root, /Info, /Size and the
 * entries added), and flushes. Returns 0, or -1 with errno set. Nothing
 * put: nothing written.
 */
int	pdfpatch_write(struct pdfpatch *p);
void	pdfpatch_free(struct pdfpatch *p);

#endif
