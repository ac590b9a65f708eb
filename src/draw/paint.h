/*
 * paint.h - one page's placed slices onto a canvas: text lines, list
 * markers, quote bars, code boxes, images, tables, rules, and the link
 * and destination tags over them. Knows no file format.
 */
#ifndef QUIRE_PAINT_H
#define QUIRE_PAINT_H

#include <stdio.h>

#include <pango/pango.h>

#include "canvas.h"
#include "doc.h"
#include "layout.h"
#include "measure.h"
#include "tagging.h"

/* What is painted: a document laid out. Painting only reads it; every
 * pointer is borrowed. */
struct paint_doc {
	FILE	*dump;		/* placed items as text, or NULL */
	const struct measure_ctx *mc;
	const struct block *blocks;
	const struct layout *lay;	/* blocks measured and paginated */
	const char *file;	/* the post, for messages */
	const struct tag_path *tags;	/* each block's structure (set by
					   paint_page for the slices) */
};

/*
 * Paints page (0-based) of pd's layout onto cv (NULL: only dump),
 * footnotes at its foot, with the text area's top-left corner at
 * (left, top).
 */
void	paint_page(const struct paint_doc *pd, struct canvas *cv, size_t page,
	    double left, double top);
/* A link tag over rect (x, y, w, h): to uri, or to destination dest when
 * dest is not NULL. */
void	paint_link(struct canvas *cv, const char *uri, const char *dest,
	    double x, double y, double w, double h);
/* Marks a named destination at (x, y). */
void	paint_dest(struct canvas *cv, const char *name, double x, double y);
/* Draws layout with its top-left corner at (x, y), text in color
 * (0xRRGGBB) where its attributes give none. */
void	paint_layout(struct canvas *cv, PangoLayout *layout, double x,
	    double y, unsigned color);

#endif
