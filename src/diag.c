/* diag.c - the one function that reports problems to the user. */
#include "diag.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>

static enum diag_level worst = DIAG_NOTE;
static unsigned nerrors, nwarnings;
static int quiet, silent, bar;
/* The calling thread's diag_report_from. */
static _Thread_local enum diag_level least = DIAG_NOTE;
/* Posts are laid out on several threads; messages stay whole. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static const char *const level_names[] = {
	"note", "warning", "error", "error"
};

void
diag(enum diag_level level, const char *file, unsigned line,
    const char *fmt, ...)
{
	va_list ap;

	if (level < least)
		return;
	pthread_mutex_lock(&lock);
	if (level > worst)
		worst = level;
	if (level >= DIAG_ERROR)
		nerrors++;
	else if (level == DIAG_WARNING)
		nwarnings++;
	if (silent || (quiet && level < DIAG_ERROR)) {
		pthread_mutex_unlock(&lock);
		return;
	}
	/* A progress bar is on the line: the message takes its place. */
	if (bar) {
		fputs("\r\033[K", stderr);
		bar = 0;
	}
	fputs("quire: ", stderr);
	if (file != NULL) {
		if (line > 0)
			fprintf(stderr, "%s:%u: ", file, line);
		else
			fprintf(stderr, "%s: ", file);
	}
	fprintf(stderr, "%s: ", level_names[level]);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	pthread_mutex_unlock(&lock);
}

void
diag_set_quiet(int q)
{
	quiet = q;
}

enum diag_level
diag_report_from(enum diag_level l)
{
	enum diag_level was = least;

	least = l;
	return was;
}

void
diag_set_silent(int s)
{
	silent = s;
}

enum diag_level
diag_worst(void)
{
	return worst;
}

int
diag_status(void)
{
	switch (worst) {
	case DIAG_USAGE:
		return 2;
	case DIAG_ERROR:
		return 1;
	default:
		return 0;
	}
}

unsigned
diag_errors(void)
{
	return nerrors;
}

unsigned
diag_warnings(void)
{
	return nwarnings;
}

void
diag_set_bar(int shown)
{
	pthread_mutex_lock(&lock);
	bar = shown;
	pthread_mutex_unlock(&lock);
}

void
diag_reset(void)
{
	worst = DIAG_NOTE;
	nerrors = nwarnings = 0;
}
