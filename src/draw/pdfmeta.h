/*
 * pdfmeta.h - what cairo 1.16 cannot write into a PDF, added after it has
 * finished as an incremental update (pdfpatch.h):
 *  - the document's language (/Lang) and /ViewerPreferences
 *    /DisplayDocTitle, so readers show the title and screen readers the
 *    right voice;
 *  - the structure tree and the links' annotations (pdfstruct.h), and
 *    the pages' marked content (pdfartifact.h), from the log the
 *    drawing kept (structlog.h);
 *  - XMP metadata matching the Info dictionary (which is written again
 *    from the same values), with the PDF/A-2b identification, an sRGB
 *    output intent and the trailer's /ID that PDF/A asks for;
 *  - the pictures' image objects in place of cairo's stand-ins;
 *  - the pages in reading order, when they were drawn in another, and
 *    their labels (pdforder.h).
 */
#ifndef QUIRE_PDFMETA_H
#define QUIRE_PDFMETA_H

#include <stddef.h>
#include <stdio.h>

#include "pdfimage.h"

struct structlog;

/* The date a document without one is given, so that its bytes do not
 * depend on the clock. */
#define PDFMETA_NO_DATE "2000-01-01T00:00:00Z"

struct pdfmeta {
	const char *title, *author, *subject, *keywords;	/* or NULL */
	const char *date;	/* "YYYY-MM-DDTHH:MM:SS" + "Z" or "+HH:MM" */
	const char *moddate;	/* the same, last modified; NULL: date */
	const char *lang;	/* BCP 47 ("en", "de-CH"), or NULL */
	const char *icc;	/* an sRGB ICC profile file, or NULL */
	const struct structlog *log;	/* the pages' structure and links */
	int	 threads;	/* rewriting the pages' streams; 0: one a
				   core (the output is the same) */
	struct pdfimages *images;	/* the pictures' objects to put in
					   (pdfimage.h), or NULL */
	/* The file's npages pages in reading order: order[k] is the k-th
	 * page's index in the order drawn (NULL: as drawn, pdforder.h);
	 * labels[k] its page label (NULL: none), or labels NULL: none. */
	const size_t *order;
	char	*const *labels;
	size_t	 npages;
};

/*
 * Adds the above to the finished PDF in f (open for reading and writing).
 * A missing ICC profile leaves out the output intent and nothing else.
 * Returns 0, or -1 with errno set (EINVAL: not a file cairo wrote).
 */
int	pdfmeta_apply(FILE *f, const struct pdfmeta *m);

#endif
