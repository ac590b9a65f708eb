/* farm.c - forked workers, their pipes and spools. */
#include "farm.h"

#include <sys/mman.h>
#include <sys/wait.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Messages are this long at most (a post's pages and headings). */
#define MSG_MAX (64UL * 1024 * 1024)

static int
write_all(int fd, const void *p, size_t n)
{
	const char *c = p;

	while (n > 0) {
		ssize_t w = write(fd, c, n);

		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

static int
read_all(int fd, void *p, size_t n)
{
	char *c = p;

	while (n > 0) {
		ssize_t r = read(fd, c, n);

		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		c += r;
		n -= (size_t)r;
	}
	return 0;
}

int
farm_start(struct farm *f, int n, size_t shared, size_t nitems,
    int (*work)(void *arg, int k, int fd, struct spool *spool),
    void *arg)
{
	/* The owners after the caller's bytes, aligned. */
	size_t at = (shared + _Alignof(_Atomic int) - 1) /
	    _Alignof(_Atomic int) * _Alignof(_Atomic int);
	size_t len = at + nitems * sizeof(_Atomic int);

	memset(f, 0, sizeof(*f));
	f->parent = getpid();
	if (len > 0) {
		char *m = mmap(NULL, len, PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS, -1, 0);

		if (m == MAP_FAILED)
			return -1;
		f->shared = shared > 0 ? m : NULL;
		f->owner = (_Atomic int *)(void *)(m + at);
		f->map = m;
		f->map_len = len;
		f->nitems = nitems;
	}
	f->pid = xcalloc((size_t)n, sizeof(*f->pid));
	f->fd = xcalloc((size_t)n, sizeof(*f->fd));
	f->spool = xcalloc((size_t)n, sizeof(*f->spool));
	f->reader = xcalloc((size_t)n, sizeof(*f->reader));
	f->done = xcalloc((size_t)n, sizeof(*f->done));
	f->status = xcalloc((size_t)n, sizeof(*f->status));
	fflush(NULL);
	for (int k = 0; k < n; k++) {
		int p[2];

		if ((f->spool[k] = spool_open()) == NULL ||
		    (f->reader[k] = spool_reader(f->spool[k])) == NULL ||
		    pipe(p) == -1) {
			spool_close(f->spool[k]);
			spool_close(f->reader[k]);
			f->spool[k] = f->reader[k] = NULL;
			farm_stop(f);
			return -1;
		}
		if ((f->pid[k] = fork()) == 0) {
			int rc;

			close(p[0]);
			/* The parent's ends of the others' pipes. */
			for (int j = 0; j < k; j++)
				close(f->fd[j]);
			rc = work(arg, k, p[1], f->spool[k]);
			close(p[1]);
			fflush(NULL);
			_exit(rc == 0 ? 0 : 1);
		}
		close(p[1]);
		f->fd[k] = p[0];
		f->n = k + 1;
		if (f->pid[k] == -1) {
			farm_stop(f);
			return -1;
		}
	}
	return 0;
}

int
farm_claim(struct farm *f, int k, size_t *i)
{
	for (size_t j = *i; j < f->nitems; j++) {
		int none = 0;

		if (atomic_compare_exchange_strong(&f->owner[j], &none,
		    k + 1)) {
			*i = j;
			return 0;
		}
	}
	return -1;
}

int
farm_read(struct farm *f, int k, struct buf *m)
{
	uint32_t len;

	m->len = 0;
	if (read_all(f->fd[k], &len, sizeof(len)) == -1 || len > MSG_MAX)
		return -1;
	if (m->cap < (size_t)len + 1) {
		m->cap = (size_t)len + 1;
		m->data = xrealloc(m->data, m->cap);
	}
	if (read_all(f->fd[k], m->data, len) == -1)
		return -1;
	m->len = len;
	return 0;
}

/*
 * Whether worker k has ended, its status then in status[k] (-1: not
 * known); with options 0 it waits for it.
 */
static int
ended(struct farm *f, int k, int options)
{
	pid_t r;

	if (f->done[k])
		return 1;
	if (f->pid[k] <= 0)
		r = -1;
	else
		while ((r = waitpid(f->pid[k], &f->status[k], options)) ==
		    -1 && errno == EINTR)
			;
	if (r == 0)
		return 0;
	if (r == -1)
		f->status[k] = -1;
	f->done[k] = 1;
	return 1;
}

int
farm_owner(struct farm *f, size_t i)
{
	struct timespec ts = { 0, 200 * 1000 };

	for (;;) {
		int k = atomic_load(&f->owner[i]), left = 0;

		if (k > 0)
			return k - 1;
		for (int w = 0; w < f->n; w++)
			left += !ended(f, w, WNOHANG);
		/* Claimed, perhaps, by one that ended since. */
		if (left == 0)
			return atomic_load(&f->owner[i]) - 1;
		nanosleep(&ts, NULL);
	}
}

char *
farm_death(struct farm *f, int k)
{
	int status;

	ended(f, k, 0);
	status = f->status[k];
	if (status != -1 && WIFSIGNALED(status))
		return xasprintf("killed by signal %d (%s)", WTERMSIG(status),
		    strsignal(WTERMSIG(status)));
	if (status != -1 && WIFEXITED(status))
		return xasprintf("exited with status %d", WEXITSTATUS(status));
	return xstrdup("lost");
}

int
farm_nap(const struct farm *f)
{
	struct timespec ts = { 0, 200 * 1000 };

	if (getppid() != f->parent)
		return -1;
	nanosleep(&ts, NULL);
	return 0;
}

/* Ends the workers: killed, or waited for when told to end already. */
static void
stop(struct farm *f, int killing)
{
	for (int k = 0; k < f->n; k++) {
		close(f->fd[k]);
		if (killing && !f->done[k] && f->pid[k] > 0)
			kill(f->pid[k], SIGKILL);
		ended(f, k, 0);
	}
	for (int k = 0; k < f->n; k++) {
		spool_close(f->spool[k]);
		spool_close(f->reader[k]);
	}
	free(f->pid);
	free(f->fd);
	free(f->spool);
	free(f->reader);
	free(f->done);
	free(f->status);
	if (f->map != NULL)
		munmap(f->map, f->map_len);
	memset(f, 0, sizeof(*f));
}

void
farm_stop(struct farm *f)
{
	stop(f, 1);
}

void
farm_end(struct farm *f)
{
	stop(f, 0);
}

int
msg_send(int fd, const struct buf *m)
{
	uint32_t len = (uint32_t)m->len;

	if (m->len > MSG_MAX)
		return -1;
	return write_all(fd, &len, sizeof(len)) == -1 ||
	    write_all(fd, m->data, m->len) == -1 ? -1 : 0;
}

void
msg_u32(struct buf *m, uint32_t v)
{
	buf_append(m, (const char *)&v, sizeof(v));
}

void
msg_i64(struct buf *m, int64_t v)
{
	buf_append(m, (const char *)&v, sizeof(v));
}

void
msg_str(struct buf *m, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	msg_u32(m, s ? (uint32_t)n : UINT32_MAX);
	if (s != NULL)
		buf_append(m, s, n);
}

static int
take(struct msg_rd *r, void *v, size_t n)
{
	if ((size_t)(r->end - r->p) < n)
		return -1;
	memcpy(v, r->p, n);
	r->p += n;
	return 0;
}

int
msg_get_u32(struct msg_rd *r, uint32_t *v)
{
	return take(r, v, sizeof(*v));
}

int
msg_get_i64(struct msg_rd *r, int64_t *v)
{
	return take(r, v, sizeof(*v));
}

int
msg_get_str(struct msg_rd *r, char **s)
{
	uint32_t n;

	*s = NULL;
	if (msg_get_u32(r, &n) == -1)
		return -1;
	if (n == UINT32_MAX)
		return 0;
	if ((size_t)(r->end - r->p) < n)
		return -1;
	*s = xstrndup(r->p, n);
	r->p += n;
	return 0;
}
