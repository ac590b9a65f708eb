/*
 * mathlayout.h - formulas (mathtree.h) set in type with an OpenType math
 * font, as TeX sets them: the font's MATH table gives the constants, the
 * italic corrections and the glyphs that grow (big operators,
 * delimiters, radicals, wide accents). The result is a box of positioned
 * glyphs and rules that Pango makes room for (a shape attribute) and
 * paint.c draws.
 */
#ifndef QUIRE_MATHLAYOUT_H
#define QUIRE_MATHLAYOUT_H

#include <stddef.h>

#include <pango/pango.h>

#include "mathtree.h"

/* The face formulas are set in (fonts/fonts.conf finds it). */
#define MATH_FONT "Latin Modern Math"

struct mglyph {
	PangoFont *font;	/* the math font at this glyph's size (or a text
				   font for a character it lacks) */
	PangoGlyph glyph;
	double	 x, y;		/* pen position from the box's origin on its
				   baseline, pt, y down */
	char	 text[8];	/* the character it stands for, UTF-8; ""
				   when it is a piece of the glyph before */
	uint32_t color;		/* MATH_RGB(..), or 0: the text's colour */
};

struct mrule {
	double	 x, y, w, h;	/* top-left from the origin, pt, y down */
	uint32_t color;		/* as a glyph's */
};

struct mbox {
	unsigned refs;
	double	 width, ascent, descent;	/* pt */
	double	 italic;	/* italic correction of its last glyph */
	struct mglyph *glyphs;
	size_t	 nglyphs;
	struct mrule *rules;
	size_t	 nrules;
	PangoFont *fonts[3];	/* a reference to each size the glyphs use
				   (in the whole formula's box only) */
	PangoFont **others;	/* and to the text fonts of characters the
				   math font lacks */
	size_t	 nothers;
};

/*
 * Sets formula m at size pt (display style when m->display) with the
 * math font of pc's font map. A display wider than width pt (when width
 * > 0) is broken into lines at its top-level relations, else its binary
 * operators, the symbol leading the next line, which is indented; one
 * with no such place (an aligned or a matrix alone) or that would take
 * more than MATH_MAX_LINES lines (a box as tall as a page cannot be
 * split across pages) stays as wide.
 * Returns a box with one reference (mbox_unref it); when the font map
 * has no math font, an empty box, after a warning (once).
 */
struct mbox *mbox_typeset(PangoContext *pc, const struct math *m,
	    double size, double width);
void	mbox_unref(struct mbox *b);
/*
 * Replaces every formula attribute (math_attr_new) in al, the attributes
 * of text, by a shape attribute as large as the formula set at size,
 * which carries the box; lines do not break between a formula and the
 * characters it touches. A display wider than width pt (when width > 0)
 * is broken into lines (mbox_typeset); a formula still wider is set
 * smaller to fit, down to MATH_MIN_SCALE of size, and one that does not
 * fit even so is warned about (once, at the formula's file and line).
 */
void	mathlayout_attrs(PangoContext *pc, PangoAttrList *al,
	    const char *text, double size, double width);
#define MATH_MIN_SCALE	0.6
#define MATH_MAX_LINES	12
/* The box a mathlayout_attrs attribute carries, else NULL. */
const struct mbox *mbox_attr_get(const PangoAttribute *a);

#endif
