/*
 * each.h - batch export: every post of a folder to its own PDF, in one
 * run that uses every core.
 */
#ifndef QUIRE_EACH_H
#define QUIRE_EACH_H

#include <stddef.h>
#include <time.h>

#include "render.h"

struct each_opts {
	char *const *inputs;	/* folders and post files */
	size_t	 ninputs;
	const char *outdir;	/* made when missing */
	struct render_opts ro;	/* site root, style, paper, data folder */
	int	 drafts;	/* include drafts and future posts */
	time_t	 now;		/* what "future" means */
	int	 jobs;		/* worker processes; 1: this process */
	int	 progress;	/* the bar and the summary line on stderr */
};

/*
 * Writes OUTDIR/SLUG.pdf for every post the inputs hold (as a booklet
 * would take them; a slug met again gets "-2", "-3", ... in post
 * order), each the same bytes as a single run of the post. Posts are
 * made by o->jobs forked workers, each with its own fonts and Pango, on
 * one thread, taking the next post (the costliest first, by a guess) as
 * they finish one and keeping what posts share (style, dictionaries,
 * pictures) from one to the next; this process puts their files in
 * place. A post that fails is reported and the others are still made,
 * as with --keep-going; a worker that dies (a crash, a signal) is an
 * error naming the post it was making. Returns 0, or -1 when any post
 * was not made.
 */
int	each_render(const struct each_opts *o);

#endif
