/* progress.c - the bar and the summary line of a run on a terminal. */
#include "progress.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "diag.h"

/* Characters of the bar itself, and most of a name shown. */
#define BAR_WIDTH	24
#define NAME_WIDTH	32

double
progress_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void
progress_start(struct progress *p, int on, size_t total)
{
	memset(p, 0, sizeof(*p));
	p->on = on;
	p->total = p->n = total;
	p->t0 = progress_now();
}

void
progress_phase(struct progress *p, const char *what, size_t n)
{
	p->base += p->n;
	p->what = what;
	p->n = n;
}

void
progress_step(struct progress *p, size_t done, const char *name)
{
	double now = progress_now(), left;
	char bar[BAR_WIDTH + 1];
	const char *base;
	size_t fill, len, step = p->base + done;

	if (!p->on || p->total == 0 || step > p->total || (done < p->n &&
	    now - p->last < 0.1))
		return;
	p->last = now;
	fill = step * BAR_WIDTH / p->total;
	memset(bar, '#', fill);
	memset(bar + fill, '.', BAR_WIDTH - fill);
	bar[BAR_WIDTH] = '\0';
	base = name ? strrchr(name, '/') : NULL;
	base = base ? base + 1 : name ? name : "";
	len = strlen(base);
	/* Time left at the pace so far. */
	left = step ? (now - p->t0) / (double)step *
	    (double)(p->total - step) : 0;
	fprintf(stderr, "\rquire: [%s] %s%s%zu/%zu %.*s%s, %d:%02d left\033[K",
	    bar, p->what ? p->what : "", p->what ? " " : "", done, p->n,
	    NAME_WIDTH, base, len > NAME_WIDTH ? "..." : "", (int)left / 60,
	    (int)left % 60);
	diag_set_bar(1);
}

void
progress_done(struct progress *p, const char *out, int pages,
    size_t posts, unsigned warnings)
{
	char np[32] = "";

	if (!p->on)
		return;
	if (pages >= 0)
		snprintf(np, sizeof(np), "%d page%s, ", pages,
		    pages == 1 ? "" : "s");
	fprintf(stderr, "\rquire: wrote %s: %s%zu post%s, %u warning%s, "
	    "%.1f s\033[K\n", out, np, posts, posts == 1 ? "" : "s",
	    warnings, warnings == 1 ? "" : "s", progress_now() - p->t0);
	diag_set_bar(0);
}
