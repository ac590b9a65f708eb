/* fit.c - stepped-down sizes and shared-out column widths (fit.h). */
#include "fit.h"

#include <math.h>
#include <stdlib.h>

#include "util.h"

double
fit_step(double size, double need, double have)
{
	double fit;

	if (size <= FIT_MIN || have <= 0 || need <= have)
		return size;
	fit = floor(size * have / need * 10) / 10;
	return fit < FIT_MIN ? FIT_MIN : fit;
}

void
fit_share(double *w, size_t n, double room)
{
	size_t left = n, k;
	double rest = room;
	int moved = 1;
	char *kept = xcalloc(n ? n : 1, 1);

	/* Keeping a column leaves the others a share no smaller. */
	while (moved && left > 0) {
		moved = 0;
		for (k = 0; k < n; k++)
			if (!kept[k] && w[k] <= rest / (double)left) {
				kept[k] = 1;
				rest -= w[k];
				left--;
				moved = 1;
			}
	}
	for (k = 0; k < n; k++)
		if (!kept[k])
			w[k] = rest / (double)left;
	free(kept);
}
