/*
 * page.h - whole pages, as both the one-post PDF and the booklet make
 * them: a layout's page placed between two-sided margins, its folio, the
 * page sent to the PDF, a blank page, and bookmarks for headings.
 */
#ifndef QUIRE_PAGE_H
#define QUIRE_PAGE_H

#include <stddef.h>

#include "canvas.h"
#include "doc.h"
#include "folio.h"
#include "measure.h"
#include "paint.h"
#include "pdf.h"

/* Records page p of pd's layout into cv, as a left- (verso) or
 * right-hand page. */
void	page_body(const struct paint_doc *pd, size_t p, int verso,
	    struct canvas *cv);
/* Records the folio f (page number, running head) into cv. */
void	page_folio(const struct measure_ctx *mc, const struct folio *f,
	    struct canvas *cv);
/* Adds the folio f to body and sends it to out as the next page, with
 * label (NULL: none). Takes over body. */
void	page_send(struct output *out, const struct measure_ctx *mc,
	    struct canvas *body, const struct folio *f, const char *label);
/* Sends an empty left-hand page without folio, labelled label. */
void	page_blank(struct output *out, const struct measure_ctx *mc,
	    const char *label);
/*
 * Bookmarks for the headings h[0..n), under the bookmark parent (0: the
 * top), each under the nearest heading before it of a higher level.
 * Those of level <= open_to are shown open.
 */
void	page_outline(struct output *out, int parent, const struct heading *h,
	    size_t n, int open_to);

#endif
