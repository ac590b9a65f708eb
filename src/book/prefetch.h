/*
 * prefetch.h - reading and building posts (Markdown, Liquid, blocks) on a
 * second thread, one post ahead of the thread that lays them out and
 * draws them. Pango stays on that one thread: with layouts made on
 * several threads (each with its own font map, as Pango 1.50 requires)
 * the PDF's bytes came out depending on timing.
 */
#ifndef QUIRE_PREFETCH_H
#define QUIRE_PREFETCH_H

#include <pthread.h>
#include <stddef.h>

#include "post.h"

struct prefetch {
	/* Reads post i into p (zeroed); 0, or -1 after reporting an
	 * error. Runs on the reading thread: it may change nothing the
	 * other thread reads meanwhile. */
	int	(*load)(void *arg, size_t i, struct post *p);
	void	*arg;
	const size_t *order;	/* the posts to read, in turn; borrowed */
	size_t	 n;
	pthread_t tid;
	int	 running;	/* a reading thread runs */
	pthread_mutex_t mu;	/* guards slot and stop */
	pthread_cond_t cv;
	struct {
		struct post p;
		int	 state;	/* 0 free, 1 read, -1 failed */
	} slot[2];		/* post k is in slot[k % 2] */
	int	 stop;
};

/* Starts reading posts order[0..n) with load(arg, ...): on a second
 * thread when threaded, else each on demand in prefetch_take. */
void	prefetch_start(struct prefetch *a, const size_t *order, size_t n,
	    int (*load)(void *, size_t, struct post *), void *arg,
	    int threaded);
/* The k-th post of the order (taken in turn, k = 0, 1, ...) into p,
 * which the caller then owns (free it even on failure). 0, or -1 when
 * it could not be read (reported). */
int	prefetch_take(struct prefetch *a, size_t k, struct post *p);
/* Stops reading and frees posts read but not taken. */
void	prefetch_stop(struct prefetch *a);

#endif
