/*
 * pdfartifact.h - the pages' marked content, in a finished PDF, as part
 * of an incremental update (pdfpatch.h): every page's content stream
 * has its markers turned into the marked-content operators the
 * structure log (structlog.h) says, furniture into artifacts and
 * decoration wrapped as artifacts (artifact.h); the streams
 * artifact_rewrite changes are written again (inflated, marked,
 * deflated) as new versions of the same objects.
 */
#ifndef QUIRE_PDFARTIFACT_H
#define QUIRE_PDFARTIFACT_H

#include "pdfpatch.h"

struct pdfartifact;
struct structlog;

/*
 * Starts rewriting the pages' content streams of the file p reads (root
 * is its catalog's text), page i of cairo's page tree by log's page i,
 * on threads of their own: one for each core when threads is 0. They
 * read the file and the log and put the new streams into p; meanwhile
 * the caller may go on with p (but not pdfpatch_alloc or pdfpatch_write)
 * until pdfartifact_finish. Returns NULL with errno set when the page
 * tree cannot be read (EINVAL: not cairo's, or not the log's pages).
 */
struct pdfartifact *pdfartifact_start(struct pdfpatch *p, const char *root,
	    const struct structlog *log, int threads);
/*
 * Waits for the rewrite (done on the caller's thread when there are no
 * others) and frees a. The bytes put are the same whatever the number
 * of threads. Returns 0, or with apply -1 and errno set when a page
 * could not be read or rewritten (EINVAL: a stream that is not cairo's,
 * or whose markers are not the log's). Without apply, the jobs not
 * started are dropped, and it returns 0.
 */
int	pdfartifact_finish(struct pdfartifact *a, int apply);

#endif
