/*
 * paint.h - one page's placed slices onto a cairo_t: text lines, list
 * markers, quote bars, code boxes, images, tables, rules, and the link
 * and destination tags over them. Knows no file format.
 */
#ifndef QUIRE_PAINT_H
#define QUIRE_PAINT_H

#include <stdio.h>

#include <cairo.h>

#include "doc.h"
#include "layout.h"
#include "measure.h"

struct paint_ctx {
	cairo_t	*cr;		/* NULL: only dump */
	FILE	*dump;		/* placed items as text, or NULL */
	const struct measure_ctx *mc;
	const struct block *blocks;
	const struct layout *lay;	/* blocks measured and paginated */
	const char *file;	/* the post, for messages */
};

/*
 * Paints page (0-based) of the layout, footnotes at its foot, with the
 * text area's top-left corner at (left, top).
 */
void	paint_page(const struct paint_ctx *pc, size_t page, double left,
	    double top);
/* A link tag over rect (x, y, w, h): to uri, or to destination dest when
 * dest is not NULL. */
void	paint_link(cairo_t *cr, const char *uri, const char *dest, double x,
	    double y, double w, double h);
/* Marks a named destination at (x, y). */
void	paint_dest(cairo_t *cr, const char *name, double x, double y);
/* Sets the source colour from 0xRRGGBB. */
void	paint_color(cairo_t *cr, unsigned rgb);

#endif
