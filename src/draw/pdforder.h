/*
 * pdforder.h - pages put in reading order by an incremental update
 * (pdfpatch.h) when they were drawn in another: a booklet draws each post
 * as soon as it is numbered and its cover and contents last, and cairo
 * 1.16 writes pages in the order drawn. The page tree's kids are put in
 * reading order (the structure tree is written in it: pdfstruct.h). Page
 * labels are written here too, in the file's order, rather than by
 * cairo, which numbers them as drawn.
 */
#ifndef QUIRE_PDFORDER_H
#define QUIRE_PDFORDER_H

#include <stddef.h>

#include "pdfpatch.h"

/*
 * Puts the n pages of the file p reads (root: its catalog's text) in the
 * order order[0..n), each the page's index as drawn. Returns 0, or -1
 * with errno set (EINVAL: a page tree that is not cairo's, or not of n
 * pages).
 */
int	pdforder_pages(struct pdfpatch *p, const char *root,
	    const size_t *order, size_t n);
/*
 * Puts into p a page labels tree for pages labelled labels[0..n) in the
 * file's order (NULL: no label): runs of numbers counting up become one
 * decimal range. Returns its object's number.
 */
long	pdforder_labels(struct pdfpatch *p, char *const *labels, size_t n);

#endif
