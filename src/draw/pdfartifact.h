/*
 * pdfartifact.h - page furniture marked as artifacts in a finished PDF,
 * as part of an incremental update (pdfpatch.h): every page's content
 * streams that artifact_rewrite changes are written again (inflated,
 * marked, deflated) as new versions of the same objects, and the
 * structure elements cairo made only to bracket the furniture
 * (artifact.h), found through the parent tree by the MCIDs the streams
 * gave up, are taken out of their parents' kids, their entries in the
 * parent tree made null.
 *
 * A content stream this cannot read (another filter, a syntax it does
 * not follow) is left as cairo wrote it, its furniture elements with it.
 */
#ifndef QUIRE_PDFARTIFACT_H
#define QUIRE_PDFARTIFACT_H

#include "pdfpatch.h"

struct pdfartifact;

/*
 * Starts rewriting the pages' content streams of the file p reads (root
 * is its catalog's text) on threads of their own: one for each core
 * when threads is 0. They read the file and put the new streams into
 * p; meanwhile the caller may go on with p (but not pdfpatch_alloc or
 * pdfpatch_write) until pdfartifact_finish. Returns NULL with errno set
 * when the page tree cannot be read (EINVAL: not cairo's).
 */
struct pdfartifact *pdfartifact_start(struct pdfpatch *p, const char *root,
	    int threads);
/*
 * Waits for the rewrite (done on the caller's thread when there are no
 * others) and, with apply, puts the structure tree without the
 * furniture's elements into p; frees a. The bytes put are the same
 * whatever the number of threads.
 * Returns 0, or -1 with errno set (a read error, or EINVAL for a
 * structure tree that is not cairo's). Without apply, the jobs not
 * started are dropped, and it returns 0.
 */
int	pdfartifact_finish(struct pdfartifact *a, int apply);

#endif
