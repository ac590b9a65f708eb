/*
 * diag.h - every message quire prints goes through here.
 *
 * Format: "quire: FILE:LINE: level: message" (":LINE" left out when the
 * line is 0, "FILE:" left out when file is NULL). The worst level seen
 * decides the exit status (see diag_status).
 */
#ifndef QUIRE_DIAG_H
#define QUIRE_DIAG_H

enum diag_level {
	DIAG_NOTE,	/* informational; never changes the status */
	DIAG_WARNING,	/* output still written, exit 0 */
	DIAG_ERROR,	/* input error: exit 1, no output */
	DIAG_USAGE,	/* command-line error: exit 2 */
	DIAG_NOTHING	/* for diag_report_from only: report none */
};

/* Prints one message to stderr (unless quiet and level < DIAG_ERROR). */
void	diag(enum diag_level level, const char *file, unsigned line,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Prints no notes and warnings, for the whole run (-q); they still
 * count. */
void	diag_set_quiet(int quiet);
/*
 * Messages of the calling thread below level least are dropped, neither
 * printed nor counted, until it is set again; every thread starts at
 * DIAG_NOTE (all reported). A stage that reads what is not the input
 * (other posts, for a series list) sets DIAG_NOTHING; one that reads
 * again what it read and reported before (a booklet's later passes)
 * sets DIAG_ERROR. Other threads are not affected. Returns the previous
 * level, to restore after the stage.
 */
enum diag_level diag_report_from(enum diag_level least);
/* Worst level reported so far. */
enum diag_level diag_worst(void);
/* Exit status for the worst level so far: 0, 1 or 2. */
int	diag_status(void);
/* Number of errors reported so far. */
unsigned diag_errors(void);
/* Number of warnings reported so far (printed or quiet, not muted). */
unsigned diag_warnings(void);
/* Tells that a progress bar is (1) or is no longer (0) on stderr's
 * current line: the next message clears that line first. */
void	diag_set_bar(int shown);
/* Forget all counts (for the fuzz target and tests). */
void	diag_reset(void);
/* When set, messages are counted but not printed (fuzzing). */
void	diag_set_silent(int silent);

#endif
