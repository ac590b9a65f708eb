/* prefetch.c - posts read one ahead, on a second thread. */
#include "prefetch.h"

#include <string.h>

static void *
run(void *arg)
{
	struct prefetch *a = arg;

	for (size_t k = 0; k < a->n; k++) {
		struct post p = {0};
		int rc;

		pthread_mutex_lock(&a->mu);
		while (a->slot[k % 2].state != 0 && !a->stop)
			pthread_cond_wait(&a->cv, &a->mu);
		pthread_mutex_unlock(&a->mu);
		if (a->stop)
			break;
		rc = a->load(a->arg, a->order[k], &p);
		pthread_mutex_lock(&a->mu);
		a->slot[k % 2].p = p;
		a->slot[k % 2].state = rc == 0 ? 1 : -1;
		pthread_cond_broadcast(&a->cv);
		pthread_mutex_unlock(&a->mu);
		if (rc != 0)
			break;
	}
	return NULL;
}

void
prefetch_start(struct prefetch *a, const size_t *order, size_t n,
    int (*load)(void *, size_t, struct post *), void *arg, int threaded)
{
	memset(a, 0, sizeof(*a));
	a->load = load;
	a->arg = arg;
	a->order = order;
	a->n = n;
	pthread_mutex_init(&a->mu, NULL);
	pthread_cond_init(&a->cv, NULL);
	a->running = threaded && n > 1 &&
	    pthread_create(&a->tid, NULL, run, a) == 0;
}

int
prefetch_take(struct prefetch *a, size_t k, struct post *p)
{
	int state;

	if (!a->running)
		return a->load(a->arg, a->order[k], p);
	pthread_mutex_lock(&a->mu);
	while (a->slot[k % 2].state == 0)
		pthread_cond_wait(&a->cv, &a->mu);
	*p = a->slot[k % 2].p;
	state = a->slot[k % 2].state;
	memset(&a->slot[k % 2].p, 0, sizeof(a->slot[k % 2].p));
	a->slot[k % 2].state = 0;
	pthread_cond_broadcast(&a->cv);
	pthread_mutex_unlock(&a->mu);
	return state == 1 ? 0 : -1;
}

void
prefetch_stop(struct prefetch *a)
{
	if (a->running) {
		pthread_mutex_lock(&a->mu);
		a->stop = 1;
		pthread_cond_broadcast(&a->cv);
		pthread_mutex_unlock(&a->mu);
		pthread_join(a->tid, NULL);
	}
	for (int k = 0; k < 2; k++)
		post_free(&a->slot[k].p);
	pthread_cond_destroy(&a->cv);
	pthread_mutex_destroy(&a->mu);
}
