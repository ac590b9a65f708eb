/* each.c - every post to its own PDF, on every core. */
#include "each.h"

#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <ctype.h>
#include <errno.h>
#include <libgen.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "collect.h"
#include "diag.h"
#include "fonts.h"
#include "image.h"
#include "pdf.h"
#include "pdfimage.h"
#include "post.h"
#include "progress.h"
#include "site.h"
#include "util.h"

/*
 * Bytes of pictures' object data a worker keeps for the posts after the
 * one that drew them (pdfimages_keep): a logo or a banner in every post
 * is made once.
 */
#define KEEP_PICTURES (32u << 20)

/* Bytes of a post's text read to guess its cost. */
#define MAX_GUESS (1u << 20)

/* What a worker tells the parent of one post: whole records, each one
 * message of a SOCK_SEQPACKET socket, so workers never interleave; the
 * post's finished file comes with it (SCM_RIGHTS) for the parent to put
 * in place. */
struct report {
	uint32_t index;
	int32_t	 rc;
	int32_t	 pages;
	uint32_t warnings;
};

/* The posts and where each goes. */
struct batch {
	const struct each_opts *o;
	struct post *posts;
	char	**out;
	size_t	*order;		/* the order workers take the posts in */
	size_t	 n;
};

/* OUTDIR/SLUG.pdf for each post; a slug already taken gets "-2"... */
static void
name_outputs(struct batch *b)
{
	b->out = xcalloc(b->n ? b->n : 1, sizeof(*b->out));
	for (size_t i = 0; i < b->n; i++) {
		const char *slug = b->posts[i].meta.slug;
		int k = 1;

		if (slug == NULL || *slug == '\0')
			slug = "post";
		for (;;) {
			char *name = k == 1 ? xasprintf("%s/%s.pdf",
			    b->o->outdir, slug) : xasprintf("%s/%s-%d.pdf",
			    b->o->outdir, slug, k);
			size_t j = 0;

			while (j < i && strcmp(b->out[j], name) != 0)
				j++;
			if (j == i) {
				b->out[i] = name;
				break;
			}
			free(name);
			k++;
		}
	}
}

/* A post to take, and the guess of its cost. */
struct turn {
	off_t	 cost;
	size_t	 post;
};

/* Larger first; ties in the posts' order. */
static int
turn_cmp(const void *a, const void *b)
{
	const struct turn *x = a, *y = b;

	if (x->cost != y->cost)
		return x->cost < y->cost ? 1 : -1;
	return x->post < y->post ? -1 : x->post > y->post;
}

/* The size of the picture file the word w[0..n) names, found as the
 * post would find it (image_resolve, a featured image's habits too);
 * 0 when it is none. */
static off_t
picture_size(const char *root, const char *dir, const char *w, size_t n)
{
	char *word = xstrndup(w, n), *why = NULL;
	char *path = image_resolve(word, dir, root, NULL, 1, 1, &why);
	struct stat st;
	off_t size = path != NULL && stat(path, &st) == 0 &&
	    S_ISREG(st.st_mode) ? st.st_size : 0;

	free(path);
	free(why);
	free(word);
	return size;
}

/*
 * A guess at what making the post at path costs, in bytes: its text
 * thirty times over (the corpus sets a byte of text in the time it
 * makes thirty of a picture file into an image object), and the picture
 * files it names (words ending in .png, .jpg, ... that are files). Only
 * the order the posts are taken in depends on it.
 */
static off_t
guess_cost(const char *path, const char *site_root)
{
	static const char *const ext[] = { ".png", ".jpg", ".jpeg", ".gif",
		".webp", ".avif" };
	FILE *f = fopen(path, "rb");
	char *text, *copy, *root, *dir;
	struct stat st;
	size_t n;
	off_t cost;

	if (f == NULL)
		return 0;
	n = fstat(fileno(f), &st) == 0 && st.st_size > 0 ?
	    (size_t)st.st_size : 0;
	text = xmalloc((n < MAX_GUESS ? n : MAX_GUESS) + 1);
	n = fread(text, 1, n < MAX_GUESS ? n : MAX_GUESS, f);
	fclose(f);
	text[n] = '\0';
	cost = 30 * (off_t)n;
	root = site_root ? xstrdup(site_root) : site_find_root(path);
	copy = xstrdup(path);
	dir = xstrdup(dirname(copy));
	for (char *s = memchr(text, '.', n); s != NULL;
	    s = memchr(s + 1, '.', n - (size_t)(s + 1 - text))) {
		char *w = s;

		for (size_t k = 0; k < sizeof(ext) / sizeof(ext[0]); k++) {
			size_t len = strlen(ext[k]);

			if (strncasecmp(s, ext[k], len) != 0 ||
			    isalnum((unsigned char)s[len]))
				continue;
			while (w > text && !strchr(" \t\n\"'([<>=:}", w[-1]))
				w--;
			cost += picture_size(root, dir, w, (size_t)(s - w) +
			    len);
			break;
		}
	}
	free(text);
	free(copy);
	free(dir);
	free(root);
	return cost;
}

/*
 * The order the workers take the posts in: the costliest first (as far
 * as guess_cost can tell), so that the last taken are quick and no
 * worker waits long for the others at the end (a post takes from a few
 * ms to thirty times that).
 */
static void
order_posts(struct batch *b)
{
	struct turn *t = xcalloc(b->n ? b->n : 1, sizeof(*t));

	for (size_t i = 0; i < b->n; i++)
		t[i] = (struct turn){ guess_cost(b->posts[i].path,
		    b->o->ro.site_root), i };
	qsort(t, b->n, sizeof(*t), turn_cmp);
	b->order = xcalloc(b->n ? b->n : 1, sizeof(*b->order));
	for (size_t i = 0; i < b->n; i++)
		b->order[i] = t[i].post;
	free(t);
}

/* Post i, made with fm and what earlier posts left in keep; its
 * report. unplaced: as render_opts'. */
static struct report
make_one(const struct batch *b, size_t i, PangoFontMap *fm,
    struct render_keep *keep, int *unplaced)
{
	struct render_opts ro = b->o->ro;
	unsigned warned = diag_warnings();
	int pages = 0;
	struct report r = { .index = (uint32_t)i };
	const char *die = getenv("QUIRE_TEST_KILL_WORKER");

	/* For the tests only: a worker killed while making this post. */
	if (die != NULL && *die && b->o->jobs > 1 &&
	    strstr(b->posts[i].path, die) != NULL)
		raise(SIGKILL);
	ro.input = b->posts[i].path;
	ro.output = b->out[i];
	ro.progress = 0;
	ro.fm = fm;
	ro.keep = keep;
	ro.pages = &pages;
	ro.unplaced = unplaced;
	r.rc = render_post(&ro);
	r.pages = pages;
	r.warnings = diag_warnings() - warned;
	return r;
}

/* The room for one descriptor in a message. */
union fd_room {
	char	 buf[CMSG_SPACE(sizeof(int))];
	struct cmsghdr align;
};

/* Sends r on sock, with the file fd unless it is -1: 0, or -1. */
static int
send_report(int sock, struct report *r, int fd)
{
	struct iovec iov = { r, sizeof(*r) };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
	union fd_room u;
	ssize_t n;

	if (fd != -1) {
		struct cmsghdr *c;

		memset(&u, 0, sizeof(u));
		m.msg_control = u.buf;
		m.msg_controllen = sizeof(u.buf);
		c = CMSG_FIRSTHDR(&m);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &fd, sizeof(int));
	}
	while ((n = sendmsg(sock, &m, MSG_NOSIGNAL)) == -1 && errno == EINTR)
		;
	return n == (ssize_t)sizeof(*r) ? 0 : -1;
}

/* Receives a report from sock into r, and the file that came with it
 * into *fd (or -1): 1, or 0 when every worker is done. */
static int
recv_report(int sock, struct report *r, int *fd)
{
	struct iovec iov = { r, sizeof(*r) };
	union fd_room u;
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = u.buf, .msg_controllen = sizeof(u.buf) };
	ssize_t n;

	*fd = -1;
	while ((n = recvmsg(sock, &m, MSG_CMSG_CLOEXEC)) == -1 &&
	    errno == EINTR)
		;
	for (struct cmsghdr *c = n > 0 ? CMSG_FIRSTHDR(&m) : NULL; c != NULL;
	    c = CMSG_NXTHDR(&m, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
			memcpy(fd, CMSG_DATA(c), sizeof(int));
	if (n == (ssize_t)sizeof(*r))
		return 1;
	if (*fd != -1)
		close(*fd);
	*fd = -1;
	return 0;
}

/*
 * A worker: takes the next post from the shared counter until none is
 * left, reporting each on sock with its file, which the parent puts in
 * place: the wait for the disk (fsync) is the parent's, idle but for
 * that, not this worker's, which goes on with the next post. Fonts are
 * set up once, here, after the fork: each worker has its own fontconfig
 * and Pango. A worker runs on one thread (QUIRE_THREADS=1, unless it is
 * set): the workers fill the cores already, and a post's helper threads
 * (drawing, pictures, streams) would only compete with the other
 * workers for them, costing 6 % more CPU and 8 % more time on the
 * corpus. The bytes are the same on any number of threads.
 */
static void
work(const struct batch *b, _Atomic size_t *next, int sock)
{
	struct render_keep *keep = render_keep_new();
	PangoFontMap *fm;
	size_t k, i;

	if (getenv("QUIRE_THREADS") == NULL)
		setenv("QUIRE_THREADS", "1", 1);
	pdfimages_keep(KEEP_PICTURES);
	fm = fonts_new(b->o->ro.datadir);
	while ((k = atomic_fetch_add(next, 1)) < b->n) {
		struct report r;
		int fd = -1, sent;

		i = b->order[k];
		if (fm == NULL)
			r = (struct report){ .index = (uint32_t)i, .rc = -1 };
		else
			r = make_one(b, i, fm, keep, &fd);
		sent = send_report(sock, &r, fd);
		if (fd != -1)
			close(fd);
		if (sent == -1)
			break;
	}
	if (fm != NULL)
		g_object_unref(fm);
	render_keep_free(keep);
	pdfimages_keep(0);
}

/* Counts a report: the bar moves, failures are remembered. */
static void
take(const struct batch *b, const struct report *r, struct progress *p,
    size_t *done, int *pages, unsigned *warnings, char *made)
{
	made[r->index] = r->rc == 0 ? 1 : 2;
	*pages += r->pages;
	*warnings += r->warnings;
	progress_step(p, ++*done, b->posts[r->index].path);
}

/* Why a worker ended, for the posts it left unmade. */
static char *
death(int status)
{
	if (WIFSIGNALED(status))
		return xasprintf("its worker was killed by signal %d (%s)",
		    WTERMSIG(status), strsignal(WTERMSIG(status)));
	return xasprintf("its worker exited with status %d",
	    WEXITSTATUS(status));
}

/* Makes the posts in this process, one after the other. */
static void
run_here(const struct batch *b, struct progress *p, int *pages,
    unsigned *warnings, char *made)
{
	PangoFontMap *fm = fonts_new(b->o->ro.datadir);
	struct render_keep *keep = render_keep_new();
	size_t done = 0;

	pdfimages_keep(KEEP_PICTURES);
	for (size_t i = 0; i < b->n && fm != NULL; i++) {
		struct report r = make_one(b, i, fm, keep, NULL);

		take(b, &r, p, &done, pages, warnings, made);
	}
	if (fm != NULL)
		g_object_unref(fm);
	render_keep_free(keep);
	pdfimages_keep(0);
}

/* Forks jobs workers and gathers their reports; when none could be
 * started, makes the posts here. */
static void
run_workers(const struct batch *b, int jobs, struct progress *p,
    int *pages, unsigned *warnings, char *made)
{
	_Atomic size_t *next;
	pid_t *pid = xcalloc((size_t)jobs, sizeof(*pid));
	int fds[2], status, started = 0, fd;
	size_t done = 0;
	struct report r;
	char *why = NULL;

	next = mmap(NULL, sizeof(*next), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (next == MAP_FAILED || socketpair(AF_UNIX, SOCK_SEQPACKET |
	    SOCK_CLOEXEC, 0, fds) == -1) {
		if (next != MAP_FAILED)
			munmap(next, sizeof(*next));
		free(pid);
		run_here(b, p, pages, warnings, made);
		return;
	}
	atomic_init(next, 0);
	fflush(NULL);
	for (int k = 0; k < jobs; k++) {
		if ((pid[k] = fork()) == 0) {
			close(fds[0]);
			work(b, next, fds[1]);
			fflush(NULL);
			_exit(diag_status());
		}
		if (pid[k] == -1)
			break;
		started++;
	}
	close(fds[1]);
	while (recv_report(fds[0], &r, &fd) == 1) {
		if (r.index < b->n) {
			if (fd != -1 && output_commit(fd, b->out[r.index]) ==
			    -1) {
				diag(DIAG_ERROR, b->out[r.index], 0,
				    "cannot write: %s", strerror(errno));
				r.rc = -1;
			}
			take(b, &r, p, &done, pages, warnings, made);
		}
		if (fd != -1)
			close(fd);
	}
	close(fds[0]);
	for (int k = 0; k < started; k++) {
		while (waitpid(pid[k], &status, 0) == -1 && errno == EINTR)
			;
		/* Status 1 is a post's error, told already. */
		if (!(WIFEXITED(status) && WEXITSTATUS(status) <= 1) &&
		    why == NULL)
			why = death(status);
	}
	munmap(next, sizeof(*next));
	free(pid);
	if (started == 0) {
		run_here(b, p, pages, warnings, made);
		return;
	}
	/* Posts taken by a worker that died are named, never lost. */
	for (size_t i = 0; i < b->n; i++)
		if (made[i] == 0)
			diag(DIAG_ERROR, b->posts[i].path, 0, "not made: %s",
			    why ? why : "no worker took it");
	free(why);
}

int
each_render(const struct each_opts *o)
{
	struct collect_opts co = { .drafts = o->drafts, .keep_going = 1,
		.now = o->now };
	struct batch b = { .o = o };
	struct progress p;
	struct stat st;
	int pages = 0, rc = 0, jobs;
	unsigned warnings = 0;
	size_t failed = 0;
	char *made = NULL;

	progress_start(&p, o->progress, 0);
	if (collect_posts(o->inputs, o->ninputs, &co, &b.posts, &b.n) == -1)
		return -1;
	if (stat(o->outdir, &st) == -1 && mkdir(o->outdir, 0777) == -1) {
		diag(DIAG_ERROR, o->outdir, 0, "cannot make the folder: %s",
		    strerror(errno));
		rc = -1;
		goto out;
	}
	p.total = p.n = b.n;
	name_outputs(&b);
	made = xcalloc(b.n ? b.n : 1, 1);
	jobs = o->jobs < 1 ? 1 : o->jobs;
	if ((size_t)jobs > b.n)
		jobs = (int)b.n;
	if (jobs > 1) {
		order_posts(&b);
		run_workers(&b, jobs, &p, &pages, &warnings, made);
	} else
		run_here(&b, &p, &pages, &warnings, made);
	for (size_t i = 0; i < b.n; i++)
		failed += made[i] != 1;
	/* Each failure was told where it happened (maybe in a worker):
	 * this line makes it this process's too. */
	if (failed) {
		diag(DIAG_ERROR, NULL, 0, "%zu of %zu posts not made", failed,
		    b.n);
		rc = -1;
	}
	progress_done(&p, o->outdir, pages, b.n - failed, warnings);
out:
	for (size_t i = 0; i < b.n; i++) {
		post_free(&b.posts[i]);
		if (b.out)
			free(b.out[i]);
	}
	free(b.posts);
	free(b.out);
	free(b.order);
	free(made);
	return rc;
}
