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

/*
 * Puts the rewritten objects into p; root is the catalog's text.
 * Returns 0, or -1 with errno set (a read error, or EINVAL for a file
 * whose page or structure tree is not cairo's).
 */
int	pdfartifact_apply(struct pdfpatch *p, const char *root);

#endif
