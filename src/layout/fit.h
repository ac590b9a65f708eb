/*
 * fit.h - making what is too wide fit, by numbers alone: a type size
 * stepped down (code before it wraps, a table before its words break),
 * and a table's room shared among columns too wide for it. Pure: no
 * Pango, unit-tested.
 */
#ifndef QUIRE_FIT_H
#define QUIRE_FIT_H

#include <stddef.h>

/* Text set smaller to fit is set no smaller than this, pt. */
#define FIT_MIN 7.5

/*
 * The size, stepped down from size, at which what needs need at size
 * takes at most have (widths go with the size): rounded down to a tenth
 * of a point and no smaller than FIT_MIN. size itself when need <= have,
 * have <= 0, or size is FIT_MIN or below already.
 */
double	fit_step(double size, double need, double have);

/*
 * Shares room among n columns whose least widths w add up to more than
 * it: a column that fits an even share of what is left keeps its width,
 * the others split the rest evenly (so only the widest words break); w
 * becomes the widths given, which add up to room.
 */
void	fit_share(double *w, size_t n, double room);

#endif
