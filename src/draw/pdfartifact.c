/* pdfartifact.c - furniture as artifacts, in the update after cairo. */
#include "pdfartifact.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libdeflate.h>

#include "artifact.h"
#include "util.h"

/* Page and structure trees are walked no deeper than this. */
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

/* data inflated into *out (new; the caller frees it); -1 if not zlib. */
static int
inflate_all(struct libdeflate_decompressor *unz, const char *data,
    size_t len, char **out, size_t *outlen)
{
	/* Pages deflate to a sixth of their size or so. */
	size_t cap = len * 8 + 1024, used;

	for (;;) {
		char *buf = xmalloc(cap);
		enum libdeflate_result r = libdeflate_zlib_decompress_ex(unz,
		    data, len, buf, cap, &used, outlen);

		if (r == LIBDEFLATE_SUCCESS) {
			*out = buf;
			return 0;
		}
		free(buf);
		if (r != LIBDEFLATE_INSUFFICIENT_SPACE || cap >= MAX_PAGE)
			return -1;
		cap *= 2;
	}
}

/* One content stream, and what its rewrite gave. */
struct job {
	long	 num;		/* the stream's object */
	int	 err;		/* errno of a failed read, or 0 */
	long	*mcid;		/* the furniture's MCIDs it made artifacts */
	size_t	 nmcid;
};

/*
 * Content stream j->num, put rewritten into p when artifact_rewrite
 * changes it. Reads only the file and calls only pdfpatch_put: threads
 * run it side by side.
 */
static void
rewrite_stream(struct pdfpatch *p, const struct coders *cd, struct job *j)
{
	char *dict, *data, *plain = NULL, *d1, *d2;
	size_t len, plen;
	const char *filter;
	struct artifact_out o;

	if (pdfpatch_stream(p, j->num, &dict, &data, &len) == -1) {
		j->err = errno ? errno : EIO;
		return;
	}
	filter = pdf_dict_get(dict, "/Filter");
	if (filter == NULL) {
		plain = data;
		plen = len;
		data = NULL;
	} else if (!pdf_is_name(filter, "/FlateDecode") ||
	    pdf_dict_get(dict, "/DecodeParms") != NULL ||
	    inflate_all(cd->unz, data, len, &plain, &plen) == -1)
		goto out;
	if (artifact_rewrite(plain, plen, &o) == 1) {
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
				j->mcid = o.mcid;
				j->nmcid = o.nmcid;
				o.mcid = NULL;
			}
			buf_free(&b);
			free(d2);
			free(d1);
			free(length);
		}
		free(z);
		artifact_out_free(&o);
	}
out:
	free(plain);
	free(data);
	free(dict);
}

/* A page: its parent tree key and its content streams, jobs
 * first .. first + n - 1. */
struct page {
	long	 key;		/* its /StructParents, when keyed */
	int	 keyed;
	size_t	 first, n;
};

/* An entry of the parent tree: a page's key and the object of its
 * array of elements by MCID; pos keeps the tree's order among equal
 * keys. */
struct entry {
	long	 key, arr;
	size_t	 pos;
};

/* What the walks gather, and the threads rewriting the streams. */
struct pdfartifact {
	struct pdfpatch *p;
	long	 count;		/* objects 1 .. count - 1 */
	long	 tree;		/* the structure tree root, or 0 */
	struct page *page;
	size_t	 npage;
	struct job *job;
	size_t	 njob;
	struct entry *entry;	/* the parent tree, by key */
	size_t	 nentry;
	unsigned char *gone;	/* furniture elements, by object number */
	unsigned char *holds;	/* elements in parent, by object number */
	long	*parent;	/* the elements that held them, in order */
	size_t	 nparent;
	/* The rewrite: the next job to take, under mu. */
	pthread_mutex_t mu;
	size_t	 next;
	pthread_t *tid;
	size_t	 ntid;
};

/* Reads the parent tree under number tree node obj into a. */
static int
parent_tree(struct pdfartifact *a, long obj, int depth)
{
	char *text = pdfpatch_get(a->p, obj);
	const char *e, *v, *nums;
	long *refs = NULL;
	size_t n;
	int rc = 0;

	if (text == NULL || depth > MAX_DEPTH) {
		free(text);
		errno = errno ? errno : EINVAL;
		return -1;
	}
	n = pdf_refs(pdf_dict_get(text, "/Kids"), &refs);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = parent_tree(a, refs[i], depth + 1);
	free(refs);
	/* Pairs of a key and a value; values in place have no furniture
	 * cairo made. */
	nums = pdf_dict_get(text, "/Nums");
	e = nums != NULL && *nums == '[' ? pdf_space(nums + 1) : "";
	while (*e && *e != ']') {
		long key = strtol(e, NULL, 10);

		if ((v = pdf_skip(e)) == NULL)
			break;
		v = pdf_space(v);
		if ((e = pdf_skip(v)) == NULL)
			break;
		e = pdf_space(e);
		if (pdf_ref(v) > 0) {
			a->entry = xreallocarray(a->entry, a->nentry + 1,
			    sizeof(*a->entry));
			a->entry[a->nentry] = (struct entry){ key, pdf_ref(v),
			    a->nentry };
			a->nentry++;
		}
	}
	free(text);
	return rc;
}

static int
by_key(const void *x, const void *y)
{
	const struct entry *a = x, *b = y;

	if (a->key != b->key)
		return (a->key > b->key) - (a->key < b->key);
	return (a->pos > b->pos) - (a->pos < b->pos);
}

static int
has(const long *v, size_t n, long x)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == x)
			return 1;
	return 0;
}

/* Whether the element's text is one the canvas made for furniture. */
static int
is_furniture(const char *elem)
{
	const char *s = pdf_dict_get(elem, "/S"), *end = pdf_skip(s ? s : "");

	return s != NULL && end != NULL &&
	    artifact_is_furniture(s, (size_t)(end - s));
}

/*
 * The page's parent array, object arr: the furniture elements at the
 * MCIDs given made null, and noted in a with the elements holding them.
 */
static void
drop_mcids(struct pdfartifact *a, long arr, const long *mcid, size_t n)
{
	char *text = pdfpatch_get(a->p, arr);
	const char *e = text ? pdf_space(text) : "", *next;
	struct buf b = {0};
	long i = 0;
	int changed = 0;

	if (*e != '[') {
		free(text);
		return;
	}
	buf_puts(&b, "[");
	for (e = pdf_space(e + 1); *e && *e != ']'; e = pdf_space(next), i++) {
		long r = pdf_ref(e);
		char *elem = NULL;

		if ((next = pdf_skip(e)) == NULL)
			break;
		if (r > 0 && r < a->count && has(mcid, n, i) &&
		    (elem = pdfpatch_get(a->p, r)) != NULL &&
		    is_furniture(elem)) {
			long up = pdf_ref(pdf_dict_get(elem, "/P"));

			a->gone[r] = 1;
			if (up > 0 && up < a->count && !a->holds[up]) {
				a->holds[up] = 1;
				a->parent = xreallocarray(a->parent,
				    a->nparent + 1, sizeof(*a->parent));
				a->parent[a->nparent++] = up;
			}
			buf_puts(&b, " null");
			changed = 1;
		} else {
			buf_putc(&b, ' ');
			buf_append(&b, e, (size_t)(next - e));
		}
		free(elem);
	}
	buf_puts(&b, " ]");
	if (changed && *e == ']')
		pdfpatch_put(a->p, arr, b.data, b.len);
	buf_free(&b);
	free(text);
}

/* Notes every page's content streams under the page tree node obj. */
static int
pages(struct pdfartifact *a, long obj, int depth)
{
	char *text = pdfpatch_get(a->p, obj);
	const char *sp;
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
	} else {
		struct page *pg;

		a->page = xreallocarray(a->page, a->npage + 1,
		    sizeof(*a->page));
		pg = &a->page[a->npage++];
		sp = pdf_dict_get(text, "/StructParents");
		pg->keyed = sp != NULL;
		pg->key = sp != NULL ? strtol(sp, NULL, 10) : 0;
		pg->first = a->njob;
		pg->n = n;
		a->job = xreallocarray(a->job, a->njob + n, sizeof(*a->job));
		for (size_t i = 0; i < n; i++)
			a->job[a->njob++] = (struct job){ .num = refs[i] };
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
			rewrite_stream(a->p, &cd, &a->job[j]);
	}
	libdeflate_free_compressor(cd.z);
	libdeflate_free_decompressor(cd.unz);
	return NULL;
}

/* The array or single value v without the references gone marks: a new
 * string, or NULL when none went. */
static char *
without(const char *v, const struct pdfartifact *w)
{
	struct buf b = {0};
	const char *e, *next;
	int changed = 0;

	if (*v != '[') {
		long r = pdf_ref(v);

		return r > 0 && r < w->count && w->gone[r] ? xstrdup("[ ]") :
		    NULL;
	}
	buf_puts(&b, "[");
	for (e = pdf_space(v + 1); *e && *e != ']'; e = pdf_space(next)) {
		long r = pdf_ref(e);

		if ((next = pdf_skip(e)) == NULL) {
			buf_free(&b);
			return NULL;
		}
		if (r > 0 && r < w->count && w->gone[r]) {
			changed = 1;
			continue;
		}
		buf_putc(&b, ' ');
		buf_append(&b, e, (size_t)(next - e));
	}
	buf_puts(&b, " ]");
	if (!changed) {
		buf_free(&b);
		return NULL;
	}
	return buf_take(&b);
}

struct pdfartifact *
pdfartifact_start(struct pdfpatch *p, const char *root, int threads)
{
	struct pdfartifact *a = xcalloc(1, sizeof(*a));
	long pg = pdf_ref(pdf_dict_get(root, "/Pages"));

	a->p = p;
	a->count = pdfpatch_count(p);
	a->tree = pdf_ref(pdf_dict_get(root, "/StructTreeRoot"));
	pthread_mutex_init(&a->mu, NULL);
	if (pg > 0 && pages(a, pg, 0) == -1) {
		int e = errno;

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

/* Takes the furniture out of the structure tree. */
static int
untangle(struct pdfartifact *a)
{
	struct pdfpatch *p = a->p;
	char *tree = NULL;
	int rc = 0;

	if (a->tree > 0) {
		if ((tree = pdfpatch_get(p, a->tree)) == NULL)
			return -1;
		if (pdf_ref(pdf_dict_get(tree, "/ParentTree")) > 0)
			rc = parent_tree(a, pdf_ref(pdf_dict_get(tree,
			    "/ParentTree")), 0);
		free(tree);
	}
	if (rc == -1)
		return -1;
	qsort(a->entry, a->nentry, sizeof(*a->entry), by_key);
	a->gone = xcalloc((size_t)a->count, 1);
	a->holds = xcalloc((size_t)a->count, 1);
	/* Page by page, in order, as the streams gave up their MCIDs. */
	for (size_t i = 0; i < a->npage; i++) {
		const struct page *pg = &a->page[i];
		long *mcid = NULL;
		size_t nmcid = 0, lo = 0, hi = a->nentry;

		for (size_t j = pg->first; j < pg->first + pg->n; j++) {
			const struct job *jb = &a->job[j];

			if (jb->err != 0) {
				free(mcid);
				errno = jb->err;
				return -1;
			}
			if (jb->nmcid == 0)
				continue;
			mcid = xreallocarray(mcid, nmcid + jb->nmcid,
			    sizeof(*mcid));
			memcpy(mcid + nmcid, jb->mcid, jb->nmcid *
			    sizeof(*mcid));
			nmcid += jb->nmcid;
		}
		if (nmcid == 0 || !pg->keyed) {
			free(mcid);
			continue;
		}
		/* The page's entries: the first with its key, and on. */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (a->entry[mid].key < pg->key)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (; lo < a->nentry && a->entry[lo].key == pg->key; lo++)
			drop_mcids(a, a->entry[lo].arr, mcid, nmcid);
		free(mcid);
	}
	/* The elements that held furniture let go of it. */
	for (size_t i = 0; i < a->nparent; i++) {
		char *text = pdfpatch_get(p, a->parent[i]), *k, *s;
		const char *kv = text ? pdf_dict_get(text, "/K") : NULL;

		if (kv != NULL && (k = without(kv, a)) != NULL) {
			if ((s = pdf_dict_set(text, "/K", k)) != NULL)
				pdfpatch_put(p, a->parent[i], s, strlen(s));
			free(s);
			free(k);
		}
		free(text);
	}
	return 0;
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
	if (apply && (rc = untangle(a)) == -1)
		e = errno;
	for (size_t j = 0; j < a->njob; j++)
		free(a->job[j].mcid);
	free(a->job);
	free(a->page);
	free(a->entry);
	free(a->gone);
	free(a->holds);
	free(a->parent);
	free(a->tid);
	pthread_mutex_destroy(&a->mu);
	free(a);
	errno = e;
	return rc;
}
