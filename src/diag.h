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
	DIAG_USAGE	/* command-line error: exit 2 */
};

/* Prints one message to stderr (unless quiet and level < DIAG_ERROR). */
void	diag(enum diag_level level, const char *file, unsigned line,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Silences notes and warnings (-q); returns the previous setting. */
int	diag_set_quiet(int quiet);
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
/* When set, messages are neither printed nor counted: reading what is
 * not the input (other posts, for a series list). Returns the previous
 * setting. */
int	diag_set_muted(int muted);

#endif
