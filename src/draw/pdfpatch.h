/*
 * pdfpatch.h - adding to a finished PDF as an incremental update: new
 * versions of objects and new objects appended after the file's end, with
 * a cross-reference section and a trailer that point back at the old
 * ones. A reader takes the newest version of every object, so nothing
 * cairo wrote is rewritten or moved.
 *
 * Made for what cairo 1.16 writes: one classic cross-reference table
 * (several subsections allowed), objects "N 0 obj ... endobj", no object
 * streams. Anything else is refused (EINVAL), never guessed at.
 *
 * The object syntax helpers below read one object's text: enough of
 * PDF's grammar (names, numbers, references, strings, hex strings,
 * arrays, dictionaries) to find a dictionary's keys and an array's
 * references, not a general parser.
 *
 * Threads: pdfpatch_put and pdfpatch_stream may be called from several
 * at once, and beside one thread calling pdfpatch_get,
 * pdfpatch_object_at, pdfpatch_root, pdfpatch_info, pdfpatch_count or
 * pdfpatch_trailer; pdfpatch_alloc, pdfpatch_write and pdfpatch_free
 * only when no other thread uses p.
 * The update's bytes do not depend on the order in which different
 * objects are put.
 */
#ifndef QUIRE_PDFPATCH_H
#define QUIRE_PDFPATCH_H

#include <stddef.h>
#include <stdio.h>

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
/* Entries added to the new trailer, e.g. "/ID [ <..> <..> ]". */
void	pdfpatch_trailer(struct pdfpatch *p, const char *entries);
/*
 * Appends every object put, its cross-reference section and the trailer
 * (with /Prev, /Root, /Info, /Size and the entries added), and flushes.
 * Returns 0, or -1 with errno set. Nothing put: nothing written.
 */
int	pdfpatch_write(struct pdfpatch *p);
void	pdfpatch_free(struct pdfpatch *p);

/*
 * Object syntax. s points into an object's text; each returns a pointer
 * just past what it read, or NULL when s does not hold one.
 */
/* Skips white space and comments. */
const char *pdf_space(const char *s);
/* Skips one whole value (number, name, string, reference, array, ...). */
const char *pdf_skip(const char *s);
/* The value of key ("/Type") in the dictionary at s (which starts with
 * "<<"), at its own level: a pointer to the value, or NULL. */
const char *pdf_dict_get(const char *s, const char *key);
/* Whether the value at v is the name (e.g. "/Figure"). */
int	pdf_is_name(const char *v, const char *name);
/* The object number of a reference "N G R" at v, or 0. */
long	pdf_ref(const char *v);
/*
 * The references at v: the one reference, or those that are direct
 * elements of the array (not those inside its dictionaries). *refs is a
 * new array the caller frees. Returns how many.
 */
size_t	pdf_refs(const char *v, long **refs);
/*
 * The dictionary text d with entries added before its closing ">>" (at
 * its own level); anything after the dictionary (a stream) is kept.
 * Returns a new string, or NULL when d holds no dictionary.
 */
char	*pdf_dict_add(const char *d, const char *entries);
/*
 * The dictionary text d with key's value (at its own level) replaced by
 * value, or added when d has no key. A new string, or NULL when d holds
 * no dictionary.
 */
char	*pdf_dict_set(const char *d, const char *key, const char *value);
/* s as a PDF text string: UTF-16BE with a byte order mark, in hex (so
 * any character and any byte is safe). A new string. */
char	*pdf_text_string(const char *s);

#endif
