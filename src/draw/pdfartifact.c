/* pdfartifact.c - the pages' marked content and artifacts, in the update
 * after cairo. */
#include "pdfartifact.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libdeflate.h>

#include "artifact.h"
#include "flate.h"
#include "structlog.h"
#include "util.h"

/* The page tree is walked no deeper than this. */
#define MAX_DEPTH 64
/* An inflated page larger than this is not one of ours. */
#define MAX_PAGE (1UL << 28)
/*
 * Deflated by libdeflate at its default level: a 3785-page booklet's
 * pages in 0.24 s of CPU where zlib's default level took 0.58 s, and
 * 0.8 % smaller. Level 1 halves the time again but makes them 13 %
 * larger; zlib's level 1 saves less (0.41 s) and costs more (19 %).
 */
#define LEVEL 6
/* Threads rewriting streams: no more than this, and no more than one
 * for every MIN_JOBS streams (a post of a few pages: none but the
 * caller's). */
#define MAX_THREADS 16
#define MIN_JOBS 8

/* A thread's (de)compressors, made once: a compressor's tables are
 * large. */
struct coders {
	struct libdeflate_compressor *z;
	struct libdeflate_decompressor *unz;
};

/* One content stream: the page it draws (in the order drawn). */
struct job {
	long	 num;		/* the stream's object */
	size_t	 page;
	int	 err;		/* errno of a failed read, or 0 */
};

/* The openings of page i's markers (artifact.h), into open[] with their
 * text in b; returns how many, or -1 with errno set. */
static long
openings(const struct structlog *log, size_t i, struct buf *b,
    const char ***open)
{
	struct structlog_page pg;
	size_t *at, n;

	if (structlog_read(log, i, &pg) == -1)
		return -1;
	at = xcalloc(pg.nstretch + 1, sizeof(*at));
	for (size_t k = 0; k < pg.nstretch; k++) {
		long e = pg.stretch[k];

		at[k] = SIZE_MAX;
		if (e < 0)
			continue;
		at[k] = b->len;
		if (pg.elem[e].furniture)
			buf_puts(b, artifact_opening(pg.elem[e].type));
		else
			buf_printf(b, "/%s << /MCID %ld >> BDC",
			    pg.elem[e].type, pg.mcid[k]);
		buf_putc(b, '\0');
	}
	*open = xcalloc(pg.nstretch + 1, sizeof(**open));
	for (size_t k = 0; k < pg.nstretch; k++)
		(*open)[k] = at[k] == SIZE_MAX ? NULL : b->data + at[k];
	free(at);
	n = pg.nstretch;
	structlog_page_free(&pg);
	return (long)n;
}

/*
 * Content stream j->num, put rewritten into p when artifact_rewrite
 * changes it. Reads only the file and the log and calls only
 * pdfpatch_put: threads run it side by side.
 */
static void
rewrite_stream(struct pdfpatch *p, const struct structlog *log,
    const struct coders *cd, struct job *j)
{
	char *dict, *data, *plain = NULL, *d1, *d2;
	size_t len, plen;
	const char *filter, **open = NULL;
	struct artifact_out o;
	struct buf ob = {0};
	long nopen;

	if ((nopen = openings(log, j->page, &ob, &open)) == -1 ||
	    pdfpatch_stream(p, j->num, &dict, &data, &len) == -1) {
		j->err = errno ? errno : EIO;
		free(open);
		buf_free(&ob);
		return;
	}
	filter = pdf_dict_get(dict, "/Filter");
	if (filter == NULL) {
		plain = data;
		plen = len;
		data = NULL;
	} else if (!pdf_is_name(filter, "/FlateDecode") ||
	    pdf_dict_get(dict, "/DecodeParms") != NULL ||
	    flate_inflate(cd->unz, data, len, MAX_PAGE, &plain, &plen) == -1) {
		j->err = EINVAL;
		goto out;
	}
	switch (artifact_rewrite(plain, plen, open, (size_t)nopen, &o)) {
	case -1:
		/* Markers left would not be seen, but their elements would
		 * be without content. */
		j->err = EINVAL;
		break;
	case 1: {
		size_t zlen = libdeflate_zlib_compress_bound(cd->z, o.len);
		char *z = xmalloc(zlen), *length;
		struct buf b = {0};

		if ((zlen = libdeflate_zlib_compress(cd->z, o.data, o.len, z,
		    zlen)) > 0) {
			length = xasprintf("%zu", zlen);
			d1 = pdf_dict_set(dict, "/Length", length);
			d2 = d1 ? pdf_dict_set(d1, "/Filter", "/FlateDecode") :
			    NULL;
			if (d2 != NULL) {
				buf_puts(&b, d2);
				buf_puts(&b, "\nstream\n");
				buf_append(&b, z, zlen);
				buf_puts(&b, "\nendstream");
				pdfpatch_put(p, j->num, b.data, b.len);
			}
			buf_free(&b);
			free(d2);
			free(d1);
			free(length);
		}
		free(z);
		artifact_out_free(&o);
		break;
	}
	}
out:
	free(open);
	buf_free(&ob);
	free(plain);
	free(data);
	free(dict);
}

/* What the walk gathers, and the threads rewriting the streams. */
struct pdfartifact {
	struct pdfpatch *p;
	const struct structlog *log;
	size_t	 npage;
	struct job *job;
	size_t	 njob;
	/* The rewrite: the next job to take, under mu. */
	pthread_mutex_t mu;
	size_t	 next;
	pthread_t *tid;
	size_t	 ntid;
};

/* Notes every page's content stream under the page tree node obj. */
static int
pages(struct pdfartifact *a, long obj, int depth)
{
	char *text = pdfpatch_get(a->p, obj);
	long *refs = NULL;
	size_t n;
	int rc = 0, tree;

	if (text == NULL || depth > MAX_DEPTH) {
		free(text);
		errno = errno ? errno : EINVAL;
		return -1;
	}
	tree = pdf_is_name(pdf_dict_get(text, "/Type"), "/Pages");
	n = pdf_refs(pdf_dict_get(text, tree ? "/Kids" : "/Contents"), &refs);
	if (tree) {
		for (size_t i = 0; i < n && rc == 0; i++)
			rc = pages(a, refs[i], depth + 1);
	} else if (n != 1) {
		/* cairo writes a page in one stream; the markers count
		 * through it. */
		errno = EINVAL;
		rc = -1;
	} else {
		a->job = xreallocarray(a->job, a->njob + 1, sizeof(*a->job));
		a->job[a->njob++] = (struct job){ .num = refs[0],
			.page = a->npage++ };
	}
	free(refs);
	free(text);
	return rc;
}

/* Takes jobs until none is left. */
static void *
worker(void *arg)
{
	struct pdfartifact *a = arg;
	struct coders cd = { NULL, NULL };

	for (;;) {
		size_t j;

		pthread_mutex_lock(&a->mu);
		j = a->next < a->njob ? a->next++ : a->njob;
		pthread_mutex_unlock(&a->mu);
		if (j == a->njob)
			break;
		if (cd.z == NULL && ((cd.z = libdeflate_alloc_compressor(
		    LEVEL)) == NULL || (cd.unz =
		    libdeflate_alloc_decompressor()) == NULL))
			a->job[j].err = ENOMEM;
		else
			rewrite_stream(a->p, a->log, &cd, &a->job[j]);
	}
	libdeflate_free_compressor(cd.z);
	libdeflate_free_decompressor(cd.unz);
	return NULL;
}

struct pdfartifact *
pdfartifact_start(struct pdfpatch *p, const char *root,
    const struct structlog *log, int threads)
{
	struct pdfartifact *a = xcalloc(1, sizeof(*a));
	long pg = pdf_ref(pdf_dict_get(root, "/Pages"));

	a->p = p;
	a->log = log;
	pthread_mutex_init(&a->mu, NULL);
	if ((pg > 0 && pages(a, pg, 0) == -1) ||
	    a->npage != structlog_pages(log)) {
		int e = errno ? errno : EINVAL;

		pdfartifact_finish(a, 0);
		errno = e;
		return NULL;
	}
	if (threads < 1) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		threads = n < 1 ? 1 : n > MAX_THREADS ? MAX_THREADS : (int)n;
	}
	/* One thread a few streams at least; one thread: the caller's,
	 * in pdfartifact_finish. */
	if ((size_t)threads > a->njob / MIN_JOBS)
		threads = (int)(a->njob / MIN_JOBS);
	if (threads > 1) {
		a->tid = xcalloc((size_t)threads, sizeof(*a->tid));
		for (; a->ntid < (size_t)threads; a->ntid++)
			if (pthread_create(&a->tid[a->ntid], NULL, worker, a)
			    != 0)
				break;
	}
	return a;
}

int
pdfartifact_finish(struct pdfartifact *a, int apply)
{
	int rc = 0, e = 0;

	if (a == NULL)
		return 0;
	if (!apply) {
		/* No job left to take. */
		pthread_mutex_lock(&a->mu);
		a->next = a->njob;
		pthread_mutex_unlock(&a->mu);
	}
	/* Without threads the caller's thread does the jobs; with them it
	 * waits (the threads are one a core: it would add a compressor's
	 * memory, not speed). */
	if (a->ntid == 0)
		worker(a);
	for (size_t i = 0; i < a->ntid; i++)
		pthread_join(a->tid[i], NULL);
	for (size_t j = 0; apply && j < a->njob && rc == 0; j++)
		if (a->job[j].err != 0) {
			rc = -1;
			e = a->job[j].err;
		}
	free(a->job);
	free(a->tid);
	pthread_mutex_destroy(&a->mu);
	free(a);
	errno = e;
	return rc;
}
