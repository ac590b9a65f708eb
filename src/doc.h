/*
 * doc.h - a post as a flat list of blocks: what blocks.c makes from the
 * cmark tree and everything after it (measure, paginate, paint) reads.
 */
#ifndef QUIRE_DOC_H
#define QUIRE_DOC_H

#include <stddef.h>

#include <pango/pango.h>

#include "style.h"

enum block_kind {
	BLOCK_TEXT,	/* paragraph, heading, list item text, title lines */
	BLOCK_CODE,	/* preformatted, wrapped at character boundaries */
	BLOCK_RULE,	/* thematic break */
	BLOCK_IMAGE,	/* an image on its own, or its placeholder */
	BLOCK_TABLE,	/* a GFM table; cells in table */
	BLOCK_EMBED,	/* a framed note standing for video, iframe, ... */
	BLOCK_SPACE	/* empty room of height space_before */
};

/* A link over bytes [start, end) of a block's text. */
struct link {
	size_t	 start, end;
	char	*uri;		/* as written ("#x", "/about/", "https://..") */
	char	*dest;		/* internal target name, or NULL */
	int	 note;		/* the footnote it marks (1-based), or 0 */
	char	*anchor;	/* a destination set where it stands, or NULL
				   (a note's first mark, for the way back) */
};

/* Lines first..last of a code block (1-based, inclusive). */
struct line_span {
	int	 first, last;
};

struct table_cell {
	char	*text;
	PangoAttrList *attrs;
	struct link *links;
	size_t	 nlinks;
	int	 align;		/* enum align */
};

struct table {
	size_t	 ncols, nrows;	/* row 0 is the header */
	struct table_cell *cells;	/* nrows * ncols */
};

struct block {
	enum block_kind kind;
	enum role role;		/* which role_style sets it */
	unsigned line;		/* source line, for messages and --dump */
	char	*text;		/* UTF-8 (TEXT, CODE, EMBED; alt for IMAGE) */
	PangoAttrList *attrs;	/* TEXT and CODE; may be NULL */
	struct link *links;
	size_t	 nlinks;
	double	 indent;	/* left indent from lists and quotes, pt */
	int	 quote_depth;	/* quote bars to draw at the left */
	char	*marker;	/* list marker hung left of the indent */
	int	 level;		/* heading level 1..6, else 0 */
	char	*dest;		/* named destination here (headings) */
	int	 keep_with_next;
	int	 keep_together;	/* never split over a page or column break */
	int	 break_before;	/* starts a new page */
	int	 columns;	/* set in this many columns side by side (the
				   index), at layout_column_width; 0 or 1:
				   across the column */
	size_t	 repeat;	/* 1 + the index of a block set again, out of
				   the flow, above this one's lines wherever
				   they start a column or page (an index term
				   "(cont.)"); 0: none */
	double	 hang;		/* lines after the first start this much
				   further in, pt (a hanging indent) */
	int	 boxed;		/* set in a tinted box (an editor's note) */
	int	 alert;		/* enum alert of the quote it is in, or 0 */
	int	 note;		/* part of footnote N, set at the page foot */
	char	*back;		/* where the marker leads back to, or NULL */
	char	*leader;	/* page number set at the right margin behind
				   dot leaders (contents, index) */
	double	 space_before, space_after;	/* pt */
	int	 align;		/* ALIGN_CENTER or ALIGN_RIGHT where the source
				   asks (HTML); 0: the role's */
	int	 generated;	/* quire's, not the author's text (a series
				   list, a {:toc}): never an excerpt */
	/* BLOCK_CODE */
	char	*lang;
	int	 linenos;
	int	 lineno_offset;	/* the numbers shown less the lines' own
				   (Hugo's linenostart - 1) */
	struct line_span *marked;	/* lines to highlight, ascending and
					   apart; owned */
	size_t	 nmarked;
	/* BLOCK_IMAGE: path and svg NULL mean a placeholder showing text */
	char	*path;
	char	*svg;		/* a diagram drawn as this SVG document */
	size_t	 svg_len;
	int	 px_w, px_h;
	int	 is_jpeg;
	/* BLOCK_TABLE */
	struct table *table;
};

/* An outline (bookmark) entry. */
struct heading {
	int	 level;
	char	*title;
	char	*dest;
};

struct doc {
	struct block *blocks;
	size_t	 nblocks, cap;
	struct heading *headings;
	size_t	 nheadings;
};

/* Whether an image block has a picture to draw, not a placeholder. */
static inline int
block_has_picture(const struct block *b)
{
	return b->path != NULL || b->svg != NULL;
}

/* Whether line (1-based) of a code block is one to highlight. */
int	block_line_marked(const struct block *b, int line);
/* Appends a zeroed block of kind and role; the pointer lives until the
 * next doc_add. */
struct block *doc_add(struct doc *d, enum block_kind kind, enum role role);
/* Frees everything d owns. */
void	doc_free(struct doc *d);
/* Inserts text into b's text at byte pos, moving attributes and links
 * after it along. */
void	block_insert_text(struct block *b, size_t pos, const char *text);
/* Moves every block of src into d before block at; src is left empty
 * (its headings are not moved). */
void	doc_splice(struct doc *d, size_t at, struct doc *src);
/* Prefixes every destination name in d (and internal links to them)
 * with prefix, so that many posts can share one PDF. */
void	doc_prefix_dests(struct doc *d, const char *prefix);
/* Inserts a into *list (made when NULL) over the bytes [start, end);
 * *list takes a. */
void	attr_add(PangoAttrList **list, PangoAttribute *a, size_t start,
	    size_t end);
/* A text colour attribute for 0xRRGGBB. */
PangoAttribute *attr_color(unsigned rgb);
/* Adds a link to b over [start, end); uri is copied. */
void	block_add_link(struct block *b, size_t start, size_t end,
	    const char *uri);

#endif
