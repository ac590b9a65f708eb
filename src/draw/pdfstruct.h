/*
 * pdfstruct.h - the structure tree and the link annotations the pages'
 * drawing noted (structlog.h), written into an incremental update
 * (pdfpatch.h) once cairo has finished the file.
 *
 * The tree: a Document element holding each page's elements, the pages
 * in reading order (a booklet draws its cover and contents last); every
 * element lies on one page (/Pg) and holds its kids in the order drawn:
 * elements, marked-content ids of that page, and a Link element its
 * annotation (/OBJR). A Figure has its /Alt. Furniture has no element
 * (its drawing is an artifact). The parent tree (a number tree: leaves
 * of some 128 keys under one root) maps each page's /StructParents to its
 * elements by marked-content id and each annotation's /StructParent to
 * its Link element. Elements, arrays, leaves and annotations are written
 * once and packed into object streams (pdfpatch_pack), a page's objects
 * numbered in a run; nothing but the Document's kids and the leaves'
 * numbers is held from one page to the next.
 *
 * Links become annotations with the print flag (PDF/A), no border, their
 * rectangle and quadrilateral, and a URI action or the named destination
 * (which cairo writes, from the canvas's destinations). Pages with links
 * get /Annots and, tagged, /Tabs /S (tab order follows the structure).
 */
#ifndef QUIRE_PDFSTRUCT_H
#define QUIRE_PDFSTRUCT_H

#include <stddef.h>

#include "pdfpatch.h"
#include "util.h"

struct structlog;

/*
 * Writes what log holds into p, whose file's catalog text is root and
 * whose page tree's kids are log's pages in the order drawn; order[k] is
 * the k-th page in reading order (NULL: as drawn). Appends to cat the
 * catalog's entries (/StructTreeRoot, /MarkInfo) when log is tagged.
 * Only the caller's thread uses p meanwhile. Returns 0, or -1 with errno
 * set (EINVAL: a page tree that is not cairo's, or not of log's pages;
 * a read error of the log).
 */
int	pdfstruct_write(struct pdfpatch *p, const char *root,
	    const struct structlog *log, const size_t *order, struct buf *cat);

#endif
