/*
 * structlog.h - the tagged PDF's structure tree and the links, noted as
 * the pages are drawn and kept a page at a time in a file, for the
 * update after cairo to write (pdfstruct.h).
 *
 * Why not cairo's tags: cairo 1.16 keeps every structure element and
 * link it is told of until the surface is finished (some 130 bytes an
 * element; a 900-post booklet has 63,000), so a booklet's memory grew
 * with its posts. Pages are drawn untagged instead, and where the
 * drawing passes from one element to another a marker is drawn on the
 * page (artifact.h says what it looks like), which the update turns
 * into the marked-content operators: "/P << /MCID 3 >> BDC ... EMC".
 *
 * Each page's drawing is a stretch for every marker: what is drawn after
 * it up to the next belongs to the element innermost then, or to none.
 * A stretch of an element gets a marked-content id, one of furniture
 * (artifact.h's types) becomes an artifact, and one of no element is
 * left unmarked (artifact.h wraps its paths as decoration). Every
 * element a page opens is closed on it (canvas.h): each element lies on
 * one page.
 *
 * Recording happens on one thread; reading, on any, once recording is
 * over.
 */
#ifndef QUIRE_STRUCTLOG_H
#define QUIRE_STRUCTLOG_H

#include <stddef.h>

#include <cairo.h>

struct structlog;

/*
 * An empty log in a file of its own in TMPDIR, unlinked (in memory when
 * none can be made there); with tagged 0, one that keeps the links and
 * nothing of the structure (an imposed booklet's sheets).
 */
struct structlog *structlog_open(int tagged);
void	structlog_close(struct structlog *l);

/* Opens an element of the standard structure type type (copied) inside
 * the one open, with alt its alternate text (a Figure's) or NULL. */
void	structlog_begin(struct structlog *l, const char *type,
	    const char *alt);
/* Closes the innermost open element. */
void	structlog_end(struct structlog *l);
/* Called before anything is drawn on cr: draws a marker when the drawing
 * passes to another element (or to none) than the last marker's. */
void	structlog_mark(struct structlog *l, cairo_t *cr);
/* A link over (x, y, w, h) of the page (pt from its top left) to uri,
 * or with uri NULL to the destination named dest: an annotation, and in
 * a tagged log a Link element inside the innermost open element. */
void	structlog_link(struct structlog *l, const char *uri,
	    const char *dest, double x, double y, double w, double h);
/*
 * Ends the page drawn on cr, height pt high: closes its open elements,
 * draws the marker that ends its last stretch, and writes its record.
 * Returns 0, or -1 with errno set when the file cannot take it.
 */
int	structlog_page(struct structlog *l, cairo_t *cr, double height);

/* Whether the log keeps structure, and how many pages it holds. */
int	structlog_tagged(const struct structlog *l);
size_t	structlog_pages(const struct structlog *l);

/* What a page holds, read back. Strings point into the record. */
enum structlog_kid { KID_ELEM, KID_STRETCH, KID_ANNOT };

struct structlog_page {
	size_t	 nelem;
	struct structlog_elem {
		const char *type, *alt;	/* alt: NULL for none */
		long	 parent;	/* an element of the page; -1: the
					   document */
		int	 furniture;	/* an artifact, not in the tree */
	}	*elem;
	size_t	 nkid;
	struct structlog_kidref {
		long	 of;		/* the element holding it; -1: the
					   document */
		enum structlog_kid kind;
		long	 value;		/* an element, stretch or annot */
	}	*kid;			/* in the order drawn */
	size_t	 nstretch;
	long	*stretch;	/* stretch k's element, or -1 */
	long	*mcid;		/* stretch k's marked-content id, or -1
				   (none, or furniture) */
	size_t	 nannot;
	struct structlog_annot {
		double	 rect[4];	/* x1 y1 x2 y2, PDF space */
		const char *uri, *dest;	/* one of them is NULL */
		long	 elem;		/* its Link element, or -1 */
	}	*annot;
	char	*data;		/* the record */
};

/* Reads page i (in the order drawn) into pg; 0, or -1 with errno set. */
int	structlog_read(const struct structlog *l, size_t i,
	    struct structlog_page *pg);
void	structlog_page_free(struct structlog_page *pg);

#endif
