/*
 * check.h - the unit tests' harness: CHECK a condition, count failures,
 * and end with the plain "N passed, N failed" line.
 */
#ifndef QUIRE_CHECK_H
#define QUIRE_CHECK_H

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static unsigned check_passed, check_failed;

#define CHECK(cond) do {						\
	if (cond) {							\
		check_passed++;						\
	} else {							\
		check_failed++;						\
		fprintf(stderr, "%s:%d: check failed: %s\n",		\
		    __FILE__, __LINE__, #cond);				\
	}								\
} while (0)

#define CHECK_STR(got, want) do {					\
	const char *g_ = (got), *w_ = (want);				\
	if (g_ != NULL && w_ != NULL && strcmp(g_, w_) == 0) {		\
		check_passed++;						\
	} else if (g_ == NULL && w_ == NULL) {				\
		check_passed++;						\
	} else {							\
		check_failed++;						\
		fprintf(stderr, "%s:%d: %s\n  got:  \"%s\"\n  want: \"%s\"\n", \
		    __FILE__, __LINE__, #got, g_ ? g_ : "(null)",	\
		    w_ ? w_ : "(null)");				\
	}								\
} while (0)

/* What stderr received between capture_begin and capture_end. */
static char errtext[8192];
static FILE *capture;
static int saved_fd = -1;

/* Sends stderr to a temporary file until capture_end. */
__attribute__((unused)) static void
capture_begin(void)
{
	fflush(stderr);
	capture = tmpfile();
	saved_fd = dup(STDERR_FILENO);
	dup2(fileno(capture), STDERR_FILENO);
}

/* Restores stderr; returns what was written meanwhile (errtext). */
__attribute__((unused)) static const char *
capture_end(void)
{
	size_t n;

	fflush(stderr);
	dup2(saved_fd, STDERR_FILENO);
	close(saved_fd);
	rewind(capture);
	n = fread(errtext, 1, sizeof(errtext) - 1, capture);
	errtext[n] = '\0';
	fclose(capture);
	return errtext;
}

/* Prints the summary line and returns the exit status for main. */
static int
check_done(void)
{
	printf("%u passed, %u failed\n", check_passed, check_failed);
	return check_failed ? 1 : 0;
}

#endif
