/*
 * impose.h - saddle-stitch imposition: which page goes where on which
 * sheet. Pure arithmetic; pdf.c draws the sheets.
 *
 * A saddle-stitched booklet is a stack of sheets folded once and stapled
 * in the fold. Each sheet carries four pages, two a side: the outermost
 * sheet's front holds the last page (left) and page 1 (right), its back
 * page 2 (left) and the second-to-last (right); the next sheet nests
 * inside, and so on. Printed duplex (flipped on the short edge of the
 * landscape sheet), side 2k+1 is the back of side 2k.
 */
#ifndef QUIRE_IMPOSE_H
#define QUIRE_IMPOSE_H

#include <stddef.h>

/* One side of a sheet: the pages on its left and right halves, numbered
 * from 0; -1 is a blank (padding to a multiple of four). */
struct impose_side {
	long	 left, right;
	size_t	 sheet;		/* 0 = the outermost sheet */
};

/* Sides needed for npages pages: npages rounded up to a multiple of
 * four, halved (0 for 0 pages). */
size_t	impose_nsides(size_t npages);
/*
 * Fills sides[0 .. impose_nsides(npages)) in printing order. Padding
 * blanks are the last pages of the book, so they fall at its end, never
 * inside a post.
 */
void	impose_saddle(size_t npages, struct impose_side *sides);
/*
 * How far to move a page of sheet toward the fold so that, once the
 * folded stack is trimmed, every page keeps its fore-edge margin: the
 * inner sheets stick out further the thicker the booklet. creep is the
 * shift of the innermost sheet (pt); the outermost does not move, those
 * between in proportion.
 */
double	impose_creep(size_t sheet, size_t nsheets, double creep);

#endif
