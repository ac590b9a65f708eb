/* xref.c - links between posts of a book, and the page numbers they show. */
#include "xref.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <pango/pango.h>

#include "util.h"

/* Lower-cased path of a link or permalink with the site's own host and
 * base path, query, fragment, ".html" and trailing slashes taken off;
 * NULL when it points elsewhere. */
static char *
link_key(const struct xref *x, const char *uri)
{
	const char *p = url_local(x->web, uri), *end;
	char *k;

	if (p == NULL)
		return NULL;
	end = p + strcspn(p, "?#");
	while (end > p && end[-1] == '/')
		end--;
	if (end - p > 5 && !strncasecmp(end - 5, ".html", 5))
		end -= 5;
	k = xstrndup(p, (size_t)(end - p));
	for (char *c = k; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	return k;
}

void
xref_init(struct xref *x, size_t n, const struct site_url *web, int recto)
{
	memset(x, 0, sizeof(*x));
	x->p = xcalloc(n ? n : 1, sizeof(*x->p));
	x->n = n;
	x->web = web;
	x->recto = recto;
	for (size_t i = 0; i < n; i++)
		x->p[i].dest = xasprintf("p%zu", i + 1);
}

void
xref_set_permalink(struct xref *x, size_t i, const char *permalink)
{
	free(x->p[i].key);
	x->p[i].key = link_key(x, permalink[0] == '/' ? permalink : "/");
}

int
xref_find(const struct xref *x, const char *uri)
{
	char *k = link_key(x, uri);
	int found = -1;

	if (k == NULL)
		return -1;
	for (size_t i = 0; i < x->n && found < 0; i++)
		if (x->p[i].key != NULL && !strcmp(x->p[i].key, k))
			found = (int)i;
	free(k);
	return found;
}

int
xref_start(const struct xref *x, size_t j)
{
	size_t k = x->base;
	int next, avg;

	if (!x->counting || j < x->upto)
		return x->p[j].start;
	/* From where post k starts, k pages a post so far. */
	next = k ? x->p[k - 1].start + x->p[k - 1].npages : 1;
	avg = k ? (next - 1 + (int)k / 2) / (int)k : 3;
	return next + (int)(j - k) * (avg > 0 ? avg : 1);
}

size_t
xref_base(size_t i)
{
	return i > XREF_LAG ? i - XREF_LAG : 0;
}

void
xref_view(struct xref *x, size_t i)
{
	x->upto = i;
	x->base = xref_base(i);
}

size_t
xref_needs(const struct xref *x, size_t i, const struct doc *d)
{
	size_t need = 0;

	for (size_t b = 0; b < d->nblocks; b++)
		for (size_t k = 0; k < d->blocks[b].nlinks; k++) {
			const struct link *l = &d->blocks[b].links[k];
			int j = l->dest ? -1 : xref_find(x, l->uri);

			if (j >= 0 && (size_t)j < i && (size_t)j + 1 > need)
				need = (size_t)j + 1;
		}
	return need;
}

static unsigned long
digits(int n)
{
	unsigned long d = 1;

	while (n >= 10) {
		n /= 10;
		d++;
	}
	return d;
}

void
xref_hash(const struct xref *x, size_t i, unsigned long *width,
    unsigned long *exact)
{
	const struct xref_post *xp = &x->p[i];

	*width = *exact = 0;
	for (size_t k = 0; k < xp->nrefs; k++) {
		int start = xref_start(x, xp->ref[k]);

		*width = *width * 31 + (xp->ref[k] + 1) * 2654435761UL +
		    digits(start);
		*exact = *exact * 31 + (xp->ref[k] + 1) * 2654435761UL +
		    (unsigned long)start;
	}
}

void
xref_link(struct xref *x, size_t i, struct doc *d)
{
	struct xref_post *xp = &x->p[i];

	xp->nrefs = 0;
	for (size_t b = 0; b < d->nblocks; b++) {
		struct block *bl = &d->blocks[b];

		for (size_t k = 0; k < bl->nlinks; k++) {
			struct link *l = &bl->links[k];
			int j = l->dest ? -1 : xref_find(x, l->uri);
			char ref[32];
			size_t at;

			if (j < 0)
				continue;
			l->dest = xstrdup(x->p[j].dest);
			xp->ref = xreallocarray(xp->ref, xp->nrefs + 1,
			    sizeof(*xp->ref));
			xp->ref[xp->nrefs++] = (size_t)j;
			if (bl->kind != BLOCK_TEXT || l->end == l->start)
				continue;
			at = l->end;
			snprintf(ref, sizeof(ref), " (p.\xC2\xA0%d)",
			    xref_start(x, (size_t)j));
			block_insert_text(bl, at, ref);
			attr_add(&bl->attrs, pango_attr_font_features_new(
			    "tnum 1"), at + 6, at + strlen(ref) - 1);
		}
	}
	xref_hash(x, i, &xp->width, &xp->exact);
}

void
xref_set_refs(struct xref *x, size_t i, const size_t *ref, size_t n)
{
	struct xref_post *xp = &x->p[i];

	xp->ref = xreallocarray(xp->ref, n ? n : 1, sizeof(*xp->ref));
	memcpy(xp->ref, ref, n * sizeof(*ref));
	xp->nrefs = n;
	xref_hash(x, i, &xp->width, &xp->exact);
}

int
xref_moved(const struct xref *x, size_t i)
{
	unsigned long width, exact;

	xref_hash(x, i, &width, &exact);
	return x->p[i].nrefs > 0 && width != x->p[i].width;
}

int
xref_shown(const struct xref *x, size_t i)
{
	unsigned long width, exact;

	xref_hash(x, i, &width, &exact);
	return exact == x->p[i].exact;
}

void
xref_pass(struct xref *x, int counting)
{
	x->counting = counting;
	x->counted = x->upto = x->base = 0;
	x->next_page = 1;
}

void
xref_begin_post(struct xref *x, size_t i)
{
	if (!x->counting)
		return;
	if (x->recto && x->next_page % 2 == 0)
		x->next_page++;
	x->p[i].start = x->next_page;
}

void
xref_end_post(struct xref *x, size_t i, int npages)
{
	x->p[i].dirty = npages != x->p[i].npages;
	x->p[i].npages = npages;
	if (x->counting) {
		x->next_page += npages;
		x->counted = x->upto = x->base = i + 1;
	}
}

int
xref_renumber(struct xref *x)
{
	int page = 1, changed = 0;

	x->counting = 0;
	for (size_t i = 0; i < x->n; i++) {
		struct xref_post *xp = &x->p[i];

		changed |= xp->dirty;
		xp->dirty = 0;
		if (x->recto && page % 2 == 0)
			page++;
		if (xp->start != page)
			changed = 1;
		xp->start = page;
		page += xp->npages;
	}
	return changed;
}

void
xref_free(struct xref *x)
{
	for (size_t i = 0; i < x->n; i++) {
		free(x->p[i].key);
		free(x->p[i].dest);
		free(x->p[i].ref);
	}
	free(x->p);
	memset(x, 0, sizeof(*x));
}
