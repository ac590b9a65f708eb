/* impose.c - the saddle-stitch page order. */
#include "impose.h"

size_t
impose_nsides(size_t npages)
{
	return (npages + 3) / 4 * 2;
}

void
impose_saddle(size_t npages, struct impose_side *sides)
{
	size_t n = impose_nsides(npages) * 2;	/* pages with the blanks */

	for (size_t s = 0; s < n / 4; s++) {
		/* Page numbers counted from 0; the last are blanks. */
		size_t front_l = n - 1 - 2 * s, front_r = 2 * s;
		size_t back_l = 2 * s + 1, back_r = n - 2 - 2 * s;

		sides[2 * s].left = front_l < npages ? (long)front_l : -1;
		sides[2 * s].right = front_r < npages ? (long)front_r : -1;
		sides[2 * s + 1].left = back_l < npages ? (long)back_l : -1;
		sides[2 * s + 1].right = back_r < npages ? (long)back_r : -1;
		sides[2 * s].sheet = sides[2 * s + 1].sheet = s;
	}
}

double
impose_creep(size_t sheet, size_t nsheets, double creep)
{
	if (nsheets < 2)
		return 0;
	return creep * (double)sheet / (double)(nsheets - 1);
}
