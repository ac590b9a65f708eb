/*
 * pdfimage.h - a PDF's raster pictures, made into its image objects by a
 * pool of threads while the pages are drawn.
 *
 * cairo 1.16 compresses every picture it is given, on the thread that
 * draws, at zlib's default level, and has no use for a file's own
 * compressed data but a JPEG's. Here each picture is read once, on a
 * thread of the pool: a JPEG's bytes and a PNG's image data (where the
 * PNG is neither interlaced nor transparent, and is not drawn smaller)
 * go into the PDF untouched (image_raw); any other picture is decoded,
 * scaled down to PDFIMAGE_MAX_PPI and compressed, its alpha as a soft
 * mask. cairo draws a stand-in: a surface of one pixel (an image object
 * fills the unit square whatever its pixels: scaled to the size drawn,
 * it is drawn as the picture would be) whose JPEG data is a few bytes
 * naming the picture. cairo writes those bytes as a small image object,
 * pdfimages_scan sees them go by, and pdfimages_put puts the real
 * object in its place in the PDF's update (pdfpatch.h). The bytes do
 * not depend on the number of threads.
 */
#ifndef QUIRE_PDFIMAGE_H
#define QUIRE_PDFIMAGE_H

#include <stddef.h>

#include <cairo.h>

#include "pdfpatch.h"

/* Finest resolution worth embedding, pixels per inch at the size drawn:
 * a screenshot drawn a few inches wide may have far more pixels than
 * paper shows. A JPEG is embedded as it is, whatever its resolution. */
#define PDFIMAGE_MAX_PPI 220

struct pdfimages;

/* A pool of threads() threads, started with the first picture; with
 * one, pictures are made at once. */
struct pdfimages *pdfimages_new(void);
/*
 * The surface to draw for the picture at path drawn w_pt x h_pt: a new
 * stand-in the caller destroys, the same picture for the same file
 * (however its path is spelt; probed once) and size: one image object
 * in the PDF however often it is drawn. NULL
 * with *why set (caller frees) when the file cannot be read as a
 * picture ("cannot open: ...", "truncated"); NULL without when it is an
 * SVG, which cairo draws itself. The picture is made on the pool; call
 * pdfimages_check before drawing the stand-in. One thread at a time.
 */
cairo_surface_t *pdfimages_get(struct pdfimages *pi, const char *path,
	    double w_pt, double h_pt, char **why);
/*
 * Waits until the stand-in s's picture has been read: 0, or -1 with *why
 * set (caller frees; "corrupt PNG: bad image data") when it cannot be
 * and s must not be drawn. Any thread; s not a stand-in: 0.
 */
int	pdfimages_check(cairo_surface_t *s, char **why);
/* Watches the bytes cairo writes, all of them in order, for the
 * stand-ins' objects. */
void	pdfimages_scan(struct pdfimages *pi, const unsigned char *data,
	    size_t len);
/*
 * Waits for the pool, then puts each stand-in's object (and its soft
 * mask) into p, the update of the file cairo wrote. Returns 0, or -1
 * with errno set (the pool's spool file could not be written or read).
 */
int	pdfimages_put(struct pdfimages *pi, struct pdfpatch *p);
/* The errno with which pdfimages_put failed (its spool file, in
 * tmp_dir(), could not be written or read), or 0. */
int	pdfimages_failed(const struct pdfimages *pi);
/* Stops the pool (waiting for it) and frees everything; NULL is fine. */
void	pdfimages_free(struct pdfimages *pi);
/*
 * From now on, a picture made for one PDF of this process is kept for
 * the next (up to budget bytes of object data, the first made first):
 * the same file, unchanged (device, inode, size, modification time), at
 * the same pixels is not read and made again, and its object has the
 * same bytes. For a process that writes many PDFs whose posts share
 * pictures (--each: a logo, a banner). 0 frees what is kept and keeps
 * nothing more.
 */
void	pdfimages_keep(size_t budget);

#endif
