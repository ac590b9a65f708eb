/*
 * svgtext.h - the words of an SVG's <text> elements, so that they can
 * be found and copied in the PDF: librsvg 2.54 draws text as outlines
 * (and Graphviz diagrams reach the page as SVG too). Private to
 * src/image/.
 *
 * libxml2 (found through librsvg, which has it loaded) reads
 * the document with librsvg's own limits (no network, no external DTD,
 * entities not substituted in the tree, and in the words only as far
 * as SVGTEXT_MAX_BYTES), gives each drawn <text> element without
 * an id an id of its own, and writes the document back: the same
 * document for librsvg to draw, but for those ids. svg.c then asks
 * librsvg where each element was drawn and sets its words there,
 * invisibly (svgtext_overlay).
 */
#ifndef QUIRE_IMAGE_SVGTEXT_H
#define QUIRE_IMAGE_SVGTEXT_H

#include <stddef.h>

#include <cairo.h>

/* One <text> element: its id, and its words a line each (a <tspan>
 * given its own y starts a line), white space collapsed as SVG does. */
struct svg_words {
	char	*id;
	char	**lines;
	size_t	 nlines;
};

struct svg_text {
	char	*doc;		/* the document with the ids, for librsvg */
	size_t	 len;
	struct svg_words *w;
	size_t	 n;
};

/* Elements read at most; the rest of a larger document is left out. */
#define SVGTEXT_MAX 2000
/* What one element's words may cost, nodes and bytes, entities
 * expanded; the rest of its words is left out. */
#define SVGTEXT_MAX_BYTES 4096

/*
 * Reads data[0..len) into t. Returns 0 (t->n may be 0), or -1 when the
 * document has no text to find or libxml2 cannot read it (librsvg then
 * has the original to refuse or draw, and nothing is overlaid).
 */
int	svgtext_read(const void *data, size_t len, struct svg_text *t);
/*
 * Sets the words of t in cr, invisibly (white in the multiply blend
 * mode, which changes no colour, yet text in the PDF that readers find,
 * select and copy): each element's lines over the box (x, y, width,
 * height in r, user units) that box gives for its id (0, or -1 for an
 * element not drawn), split in equal bands, a line stretched over each.
 */
void	svgtext_overlay(cairo_t *cr, const struct svg_text *t,
	    int (*box)(void *arg, const char *id, double r[4]), void *arg);
void	svgtext_free(struct svg_text *t);

#endif
