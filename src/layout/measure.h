/*
 * measure.h - each block laid out with Pango at its width: lines with
 * heights and baselines, image sizes, table column widths. What
 * pagination needs is the heights; painting reuses the layouts.
 */
#ifndef QUIRE_MEASURE_H
#define QUIRE_MEASURE_H

#include <stddef.h>

#include <pango/pango.h>

#include "doc.h"
#include "style.h"

/* One line of a text or code block, or one row of a table. */
struct line_box {
	double	 top;		/* from the block's first line top, pt */
	double	 height;	/* the line's share of the page, pt */
	double	 baseline;	/* from the line top, pt */
	double	 x;		/* left edge offset (alignment), pt */
	int	 para;		/* code: 1-based source line; 0 = wrapped */
	int	 hyphen;	/* ends in a hyphen: the word goes on */
	int	 blank;		/* holds no text (between hard breaks) */
};

struct mtable {
	size_t	 ncols, nrows;
	double	*col_x;		/* ncols + 1 edges, from the block's left */
	PangoLayout **cells;	/* nrows * ncols */
	double	 pad;		/* cell padding, pt */
};

struct measured {
	PangoLayout *layout;	/* TEXT, CODE, EMBED, placeholder IMAGE */
	PangoLayout *marker;	/* list marker, or NULL */
	struct line_box *lines;	/* at least one */
	size_t	 nlines;
	double	 x;		/* content left edge from the column's, pt */
	int	 rtl;		/* TEXT set right to left (as Pango resolved
				   its first line): its indent, marker and
				   quote bars go on the right */
	double	 width;		/* content width, pt */
	double	 pad;		/* box padding above and below a slice */
	double	 gutter;	/* code line-number gutter width, pt */
	double	 img_w, img_h;	/* IMAGE display size, pt */
	PangoLayout *caption;	/* IMAGE caption, or NULL */
	struct mtable *table;
};

struct measure_ctx {
	PangoContext *pango;
	const struct style *st;
	double	 column;	/* text column width, pt */
	double	 body;		/* text area height, pt */
};

/* Measures b into m (zeroed first). */
void	measure_block(const struct measure_ctx *mc, const struct block *b,
	    struct measured *m);
/*
 * The size an IMAGE block's picture is shown at in avail pt of width,
 * with cap_h pt of caption under it: its CSS pixels as points, no wider
 * than avail, no taller than a page holds.
 */
void	measure_image_size(const struct measure_ctx *mc, const struct block *b,
	    double avail, double cap_h, double *w, double *h);
/* Frees the layouts and arrays m holds; m may be measured again. */
void	measured_free(struct measured *m);
/* A layout of text in role (plain text; attrs may be NULL). */
PangoLayout *measure_text(const struct measure_ctx *mc, enum role role,
	    const char *text, PangoAttrList *attrs, double width);
/* The font description of a role; the caller frees it. */
PangoFontDescription *measure_font(const struct style *st, enum role role);
/* Fills lines of layout with fixed leading (see measure.c). Returns the
 * number of lines; *lines is new. */
size_t	measure_lines(PangoLayout *layout, double leading,
	    struct line_box **lines);

#endif
