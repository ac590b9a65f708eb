/*
 * progress.h - what a long run shows on a terminal: a bar with the post
 * being made, done/total and the time left, then one summary line.
 *
 * Everything here writes to stderr, and only when the progress was
 * started "on" (the caller decides: stderr a terminal and no -q). A
 * message from diag() while the bar is shown clears the bar's line first
 * (diag_set_bar), so the two never share a line.
 */
#ifndef QUIRE_PROGRESS_H
#define QUIRE_PROGRESS_H

#include <stddef.h>

struct progress {
	int	 on;
	size_t	 total;		/* steps in the whole run */
	const char *what;	/* the phase ("laying out"), or NULL */
	size_t	 base;		/* steps before this phase */
	size_t	 n;		/* steps in this phase */
	double	 t0;		/* seconds, monotonic, at the start */
	double	 last;		/* when the bar was last drawn */
};

/* Seconds on a monotonic clock. */
double	progress_now(void);
/* Starts p's clock for a run of total steps, all in one phase of that
 * many; shows nothing until progress_step. */
void	progress_start(struct progress *p, int on, size_t total);
/* The next n steps are a phase called what ("drawing"): its steps are
 * counted from 1 again, the bar and the time left go on. */
void	progress_phase(struct progress *p, const char *what, size_t n);
/*
 * Shows "quire: [#####.....] laying out 12/45 NAME, 0:07 left" (done of
 * the phase's steps; name: the post, shortened to its file name).
 * Redrawn at most ten times a second, and always for a phase's last.
 */
void	progress_step(struct progress *p, size_t done, const char *name);
/*
 * Clears the bar and prints the one summary line: "quire: wrote OUT:
 * 155 pages, 45 posts, 2 warnings, 0.7 s" (pages < 0: not counted).
 */
void	progress_done(struct progress *p, const char *out, int pages,
	    size_t posts, unsigned warnings);

#endif
