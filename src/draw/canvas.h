/*
 * canvas.h - a page's drawing as a list of operations: glyph runs,
 * rectangles, lines, images and link tags. Pages are recorded where they
 * are laid out (with Pango) and replayed onto cairo where the PDF is
 * written, on another thread; a booklet keeps them in a spool file
 * between numbering its pages and writing them, so that no post is laid
 * out twice.
 *
 * Recording happens on one thread. The fonts a canvas refers to are kept
 * alive until canvas_release_fonts().
 */
#ifndef QUIRE_CANVAS_H
#define QUIRE_CANVAS_H

#include <stdint.h>
#include <stdio.h>

#include <cairo.h>
#include <pango/pango.h>

#include "tagging.h"
#include "util.h"

struct canvas {
	struct buf ops;
	cairo_surface_t **images;	/* stand-ins, from canvas_prepare */
	size_t	 nimages;
};

void	canvas_color(struct canvas *cv, unsigned rgb);
/* A filled rectangle; with line > 0, its outline of that width. */
void	canvas_rect(struct canvas *cv, double x, double y, double w, double h,
	    double line);
void	canvas_line(struct canvas *cv, double x0, double y0, double x1,
	    double y1, double width);
/*
 * A run's glyphs with the run's text, pen at (x, baseline y): text is
 * what the PDF's text layer will read (it may differ from the layout's
 * text, as paint.c's break helpers do), run's clusters index into it.
 */
void	canvas_glyphs(struct canvas *cv, const char *text, PangoGlyphItem *run,
	    double x, double y);
/* The image file at path drawn into (x, y, w, h); file and line name the
 * post in a warning when it cannot be read when drawn. */
void	canvas_image(struct canvas *cv, const char *path, double x, double y,
	    double w, double h, const char *file, unsigned line);
/* An SVG document in memory (a diagram, len bytes, copied) drawn as
 * vectors into (x, y, w, h) when the page is drawn. */
void	canvas_svg(struct canvas *cv, const char *svg, size_t len, double x,
	    double y, double w, double h, const char *file, unsigned line);
/*
 * A link over (x, y, w, h) to uri, or with uri NULL to the destination
 * named dest; and a destination named name at (x, y). Kept as numbers,
 * not as cairo's attribute text, because cairo places links and
 * destinations where they are said to be, whatever the transformation:
 * a page replayed elsewhere on the sheet must move them itself.
 */
void	canvas_link(struct canvas *cv, const char *uri, const char *dest,
	    double x, double y, double w, double h);
void	canvas_dest(struct canvas *cv, const char *name, double x, double y);
/*
 * What follows belongs to the structure elements of path (NULL or empty:
 * to none, as rules are; furniture goes into an element of a type from
 * artifact.h, which the PDF's update makes an artifact). Replaying ends
 * the elements the last path opened that this one does not share and
 * begins the new ones (structlog.h); a replayed canvas ends every
 * element it began. An element that holds links draws into Spans, the
 * links beside them.
 */
void	canvas_struct(struct canvas *cv, const struct tag_path *path);
/*
 * Asks pdfimages for the raster pictures cv draws (pdfimage.h): what
 * the thread that replays it draws is their stand-ins. One that cannot
 * be read is reported here and left out (a grey frame crossed out
 * instead), one found unreadable later by canvas_replay. SVGs are left
 * to canvas_replay: their text needs fonts, which only the drawing
 * thread makes. Every page prepared with pi must go into that one PDF.
 */
struct pdfimages;
void	canvas_prepare(struct canvas *cv, struct pdfimages *pi);
/* Calls fn for each raster or SVG picture file cv draws: its path and
 * the size it is drawn at (pt). */
void	canvas_pictures(const struct canvas *cv, void (*fn)(void *arg,
	    const char *path, double w, double h), void *arg);
/*
 * The pictures one PDF page has painted, by their unique IDs: one
 * painted again on the page is painted from a copy (image_copy in
 * canvas.c says why). An imposed sheet, two replays, keeps one for both.
 */
struct canvas_seen {
	char	**id;
	size_t	 n;
};
void	canvas_seen_free(struct canvas_seen *seen);

/*
 * Draws the operations onto cr with the page's top left corner at
 * (dx, dy) (0, 0 for a page of its own; elsewhere on an imposed sheet);
 * images not prepared (SVGs; any on a page canvas_prepare did not see)
 * are decoded now, and cairo compresses them. The links go into log, and
 * with a tagged log the structure elements too, with their markers on
 * cr; with log NULL neither (a page drawn for nothing but its fonts).
 * seen: the pictures painted on the page before this replay, and after
 * it (NULL: cv is the page's only replay).
 */
struct structlog;
void	canvas_replay(const struct canvas *cv, cairo_t *cr, double dx,
	    double dy, struct structlog *log, struct canvas_seen *seen);
void	canvas_free(struct canvas *cv);
/* Lets go of the fonts recorded canvases refer to. */
void	canvas_release_fonts(void);
/*
 * Canvases recorded by another process (a booklet's worker) name its
 * fonts by its numbers. There, canvas_fonts_count says how many fonts
 * recorded canvases have named so far and canvas_font_name names font
 * id by its fontconfig pattern (caller frees); here, canvas_font_import
 * gives the number of the font so named (-1: a name that does not
 * parse), and canvas_remap_fonts turns the font numbers of cv's
 * operations from byte from on through map (map[theirs] = ours; -1 for
 * a number past nmap).
 */
size_t	canvas_fonts_count(void);
char	*canvas_font_name(uint32_t id);
int	canvas_font_import(const char *name, uint32_t *id);
int	canvas_remap_fonts(struct canvas *cv, size_t from,
	    const uint32_t *map, size_t nmap);

/* A file of canvases, unlinked from the start. */
struct spool;
struct spool_ref {
	long	 off;
	size_t	 len;
};

struct spool *spool_open(void);
/* Writes cv, whole in the file when it returns 0 (readers elsewhere may
 * read it then); -1 when the file cannot take it (errno set), and ref
 * is not set. */
int	spool_put(struct spool *s, const struct canvas *cv,
	    struct spool_ref *ref);
/* Appends what ref names to cv; several threads may read at once. */
int	spool_get(struct spool *s, const struct spool_ref *ref,
	    struct canvas *cv);
/* A reader of s's file with a descriptor of its own, for another process
 * than the one that writes s, or NULL; spool_close it. */
struct spool *spool_reader(const struct spool *s);
void	spool_close(struct spool *s);

#endif
