/*
 * linebreak.h - total-fit line breaking (Knuth and Plass, "Breaking
 * paragraphs into lines", 1981) over abstract items: boxes (text that is
 * set as it is), glue (space that stretches and shrinks) and penalties
 * (places to break at a cost: a hyphen, a forced break). Pure arithmetic:
 * no Pango, so it is unit-tested on made-up widths; measure.c feeds it
 * the widths of Pango-shaped text and sets the breaks it returns.
 *
 * A line may end at glue that follows a box (the glue is then dropped)
 * or at a penalty below LB_INF (whose width is then set, a hyphen).
 * Every paragraph ends with a penalty of -LB_INF, and usually glue of
 * LB_FILL stretch before it, so that its last line need not be full.
 * A box may stretch too (the letters of a URL spaced out a little); it
 * never shrinks. Its letters' stretch (lstretch, a compositor's letter
 * spacing) stops growing at a ratio of letter_limit, as pdfTeX's font
 * expansion stops at its limit: a looser line opens its other stretch
 * (word spaces) alone, and its ratio is theirs.
 *
 * The caller sets the lines greedily with only the chosen breaks allowed
 * (Pango): so a paragraph's last line is never split off a line it would
 * fit on at its natural width.
 */
#ifndef QUIRE_LINEBREAK_H
#define QUIRE_LINEBREAK_H

#include <stddef.h>

#define LB_INF 10000.0		/* penalty: never break here (or -: always) */
#define LB_FILL 100000.0	/* stretch of the glue that ends a paragraph */

enum lb_type { LB_BOX, LB_GLUE, LB_PENALTY };

struct lb_item {
	enum lb_type type;
	int	 flagged;	/* penalty: a hyphen (consecutive ones cost) */
	double	 width;		/* pt; a penalty's is set only at a break */
	double	 stretch, shrink;	/* glue, pt; a box's stretch too */
	double	 lstretch;	/* box: letters' stretch, pt, up to the limit */
	double	 penalty;	/* penalty: -LB_INF..LB_INF */
};

struct lb_params {
	double	 tolerance;	/* largest adjustment ratio, first pass */
	double	 tolerance2;	/* second pass, then with emergency stretch */
	double	 emergency;	/* stretch added to each line then, pt */
	double	 line_penalty;	/* added to each line's badness (10) */
	double	 double_hyphen;	/* demerits: two hyphenated lines in a row */
	double	 final_hyphen;	/* demerits: a hyphen ends the last full line */
	double	 final_tolerance;	/* largest ratio lines may loosen to
					   (first pass) to avoid that: breaks
					   within it that do are taken */
	int	 max_hyphens;	/* hyphenated lines in a row at most; 0: any */
	double	 adjacent;	/* demerits: fitness classes more than one
				   apart (a tight line by a loose one) */
	double	 letter_limit;	/* largest ratio of lstretch (HUGE_VAL) */
};

/* TeX's values, with a tolerance of ratios rather than badness. */
void	lb_defaults(struct lb_params *p);

/*
 * Breaks items[0..n) into lines of width pt; items[n - 1] must be a
 * forced break. Returns the number of lines and fills *breaks (the index
 * of the item each line ends at; the last is n - 1) and *ratios (each
 * line's adjustment ratio: > 0 stretched by that share of its stretch,
 * with lstretch at min(ratio, letter_limit); < 0 shrunk), both new; or returns 0, with nothing allocated, when no
 * breaks keep every line within the tolerances (a word wider than the
 * line).
 */
/*
 * The ratio at which stretch st (glue, a URL's letters) and letters'
 * stretch ls, the letters stopping at ratio limit, fill gap pt (> 0):
 * the breaker's and the setter's one rule. HUGE_VAL when they cannot.
 */
double	lb_stretch_ratio(double gap, double st, double ls, double limit);

size_t	lb_break(const struct lb_item *items, size_t n, double width,
	    const struct lb_params *p, size_t **breaks, double **ratios);

#endif
