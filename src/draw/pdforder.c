/* pdforder.c - pages in reading order, and their labels. */
#include "pdforder.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Nested elements followed down to the first with a page. */
#define MAX_DEPTH 64

/* A page object and where it goes in the file. */
struct rank {
	long	 obj;
	size_t	 at;
};

static int
by_obj(const void *x, const void *y)
{
	const struct rank *a = x, *b = y;

	return (a->obj > b->obj) - (a->obj < b->obj);
}

/* Where page object obj goes, or -1 when it is none of the pages. */
static long
rank_of(const struct rank *r, size_t n, long obj)
{
	struct rank key = { .obj = obj };
	const struct rank *hit = bsearch(&key, r, n, sizeof(*r), by_obj);

	return hit ? (long)hit->at : -1;
}

/* The page object of what the kid k (an element's reference, a marked
 * content or object reference dictionary, or a marked-content id of an
 * element on page pg) lies on: 0 when it tells none. */
static long
page_of(struct pdfpatch *p, const char *k, long pg, int depth)
{
	char *text;
	const char *v, *e, *next;
	long r, found = 0;

	if (*k == '<')
		return pdf_ref(pdf_dict_get(k, "/Pg"));
	if ((r = pdf_ref(k)) == 0)
		return pg;	/* a marked-content id */
	if (depth > MAX_DEPTH || (text = pdfpatch_get(p, r)) == NULL)
		return 0;
	if (pdf_ref(pdf_dict_get(text, "/Pg")) > 0)
		pg = pdf_ref(pdf_dict_get(text, "/Pg"));
	if ((v = pdf_dict_get(text, "/K")) == NULL)
		found = 0;
	else if (*v != '[')
		found = page_of(p, v, pg, depth + 1);
	else
		for (e = pdf_space(v + 1); *e && *e != ']' && found == 0;
		    e = pdf_space(next)) {
			found = page_of(p, e, pg, depth + 1);
			if ((next = pdf_skip(e)) == NULL)
				break;
		}
	free(text);
	return found ? found : pg;
}

/* A kid of the top element: its text and where it goes. */
struct kid {
	const char *s;
	size_t	 len, i;
	long	 at;
};

static int
by_at(const void *x, const void *y)
{
	const struct kid *a = x, *b = y;

	if (a->at != b->at)
		return a->at < b->at ? -1 : 1;
	return (a->i > b->i) - (a->i < b->i);
}

/*
 * The kids of element obj put in the order of the pages they lie on (a
 * kid that tells no page stays behind the one before it). Returns 0, or
 * -1 with errno set.
 */
static int
order_kids(struct pdfpatch *p, long obj, const struct rank *r, size_t n)
{
	char *text = pdfpatch_get(p, obj), *s;
	const char *v, *e, *next;
	struct kid *kid = NULL;
	size_t nkid = 0;
	long pg, last = -1;
	struct buf b = {0};
	int rc = 0;

	if (text == NULL)
		return -1;
	pg = pdf_ref(pdf_dict_get(text, "/Pg"));
	if ((v = pdf_dict_get(text, "/K")) == NULL || *v != '[') {
		free(text);
		return 0;	/* one kid: in order */
	}
	for (e = pdf_space(v + 1); *e && *e != ']'; e = pdf_space(next)) {
		long at;

		if ((next = pdf_skip(e)) == NULL) {
			rc = -1;
			errno = EINVAL;
			break;
		}
		at = rank_of(r, n, page_of(p, e, pg, 0));
		kid = xreallocarray(kid, nkid + 1, sizeof(*kid));
		kid[nkid] = (struct kid){ e, (size_t)(next - e), nkid,
			at >= 0 ? at : last };
		last = kid[nkid++].at;
	}
	if (rc == 0) {
		qsort(kid, nkid, sizeof(*kid), by_at);
		buf_puts(&b, "[");
		for (size_t k = 0; k < nkid; k++) {
			buf_putc(&b, ' ');
			buf_append(&b, kid[k].s, kid[k].len);
		}
		buf_puts(&b, " ]");
		if ((s = pdf_dict_set(text, "/K", b.data)) != NULL)
			pdfpatch_put(p, obj, s, strlen(s));
		free(s);
		buf_free(&b);
	}
	free(kid);
	free(text);
	return rc;
}

int
pdforder_pages(struct pdfpatch *p, const char *root, const size_t *order,
    size_t n)
{
	long tree = pdf_ref(pdf_dict_get(root, "/Pages"));
	long st = pdf_ref(pdf_dict_get(root, "/StructTreeRoot"));
	char *text = tree > 0 ? pdfpatch_get(p, tree) : NULL, *s;
	long *kids = NULL, *top = NULL;
	struct rank *r = NULL;
	struct buf b = {0};
	size_t ntop = 0;
	int rc = -1;

	if (text == NULL || pdf_refs(pdf_dict_get(text, "/Kids"), &kids) !=
	    n) {
		errno = EINVAL;
		goto out;
	}
	r = xcalloc(n ? n : 1, sizeof(*r));
	buf_puts(&b, "[");
	for (size_t k = 0; k < n; k++) {
		buf_printf(&b, " %ld 0 R", kids[order[k]]);
		r[k] = (struct rank){ kids[order[k]], k };
	}
	buf_puts(&b, " ]");
	if ((s = pdf_dict_set(text, "/Kids", b.data)) == NULL) {
		errno = EINVAL;
		goto out;
	}
	pdfpatch_put(p, tree, s, strlen(s));
	free(s);
	qsort(r, n, sizeof(*r), by_obj);
	/* The structure tree's root holds the document's element, whose
	 * kids are in the order drawn. */
	free(text);
	text = NULL;
	if (st > 0) {
		if ((text = pdfpatch_get(p, st)) == NULL)
			goto out;
		ntop = pdf_refs(pdf_dict_get(text, "/K"), &top);
		for (size_t k = 0; k < ntop; k++)
			if (order_kids(p, top[k], r, n) == -1)
				goto out;
	}
	rc = 0;
out:
	buf_free(&b);
	free(text);
	free(kids);
	free(top);
	free(r);
	return rc;
}

/* Whether s is a number written as a decimal range writes it: digits,
 * no leading zero. */
static long
decimal(const char *s)
{
	long v = 0;

	if (s == NULL || *s < '1' || *s > '9' || strlen(s) > 9)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

long
pdforder_labels(struct pdfpatch *p, char *const *labels, size_t n)
{
	struct buf b = {0};
	long obj = pdfpatch_alloc(p), next = -1;

	buf_puts(&b, "<< /Nums [");
	for (size_t k = 0; k < n; k++) {
		long v = decimal(labels[k]);
		char *t;

		if (v > 0 && v == next) {
			next++;
			continue;	/* the range goes on */
		}
		next = v > 0 ? v + 1 : -1;
		if (v > 0)
			buf_printf(&b, "\n  %zu << /S /D /St %ld >>", k, v);
		else if (labels[k] != NULL) {
			t = pdf_text_string(labels[k]);
			buf_printf(&b, "\n  %zu << /P %s >>", k, t);
			free(t);
		} else
			buf_printf(&b, "\n  %zu << >>", k);
	}
	buf_puts(&b, " ] >>");
	pdfpatch_put(p, obj, b.data, b.len);
	buf_free(&b);
	return obj;
}
