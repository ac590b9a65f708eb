/*
 * folio.h - page furniture, added once pages are numbered: the folio
 * (page number) and running heads.
 */
#ifndef QUIRE_FOLIO_H
#define QUIRE_FOLIO_H

#include "canvas.h"
#include "measure.h"

struct folio {
	const char *number;	/* folio text, or NULL for none */
	const char *head;	/* running head text, or NULL for none */
	int	 verso;		/* a left-hand page */
};

/* Paints f on a page whose text area starts at left and is width wide. */
void	folio_paint(struct canvas *cv, const struct measure_ctx *mc,
	    const struct folio *f, double left, double width);
/* Writes n in lower-case roman numerals into out (size >= 16). */
void	folio_roman(int n, char *out, size_t size);

#endif
