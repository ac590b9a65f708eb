/* structlog.c - the structure and links of the pages drawn, a record a
 * page in a file. */
#include "structlog.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "artifact.h"
#include "tagging.h"
#include "util.h"

/* Elements open at once: the canvas's paths, a Span and a Link. */
#define MAX_OPEN (TAG_DEPTH + 4)
/* No string offset is this. */
#define NO_STR UINT32_MAX

/* A page's record, in the file as it is in memory here: a header, the
 * five arrays, then the strings the offsets point into. */
struct head {
	uint32_t nelem, nkid, nstretch, nannot, nstr;
};
struct rec_elem {
	int32_t	 parent;
	uint32_t type, alt;
};
struct rec_kid {
	int32_t	 of, kind, value;
};
struct rec_annot {
	double	 rect[4];	/* x, y, w, h from the top left while the
				   page is drawn; in the file x1 y1 x2 y2,
				   PDF space (structlog_page turns them) */
	uint32_t uri, dest;
	int32_t	 elem, pad;	/* pad: 0, no byte of the file unset */
};

struct pageref {
	off_t	 off;
	size_t	 len;
};

struct structlog {
	int	 fd;		/* or -1: the records are in mem */
	struct buf mem;
	int	 tagged;
	off_t	 end;
	struct pageref *page;
	size_t	 npage;
	/* The page being drawn. */
	struct rec_elem *elem;
	size_t	 nelem;
	struct rec_kid *kid;
	size_t	 nkid;
	int32_t	*stretch;
	size_t	 nstretch;
	struct rec_annot *annot;
	size_t	 nannot;
	struct buf str;
	int32_t	 open[MAX_OPEN];
	size_t	 nopen, lost;	/* lost: opened past MAX_OPEN */
};

struct structlog *
structlog_open(int tagged)
{
	char *path = xasprintf("%s/quire-tags-XXXXXX", tmp_dir());
	struct structlog *l = xcalloc(1, sizeof(*l));

	/* Without room in TMPDIR the records stay in memory, as the
	 * pages do without a spool. */
	if ((l->fd = mkstemp(path)) != -1)
		unlink(path);
	free(path);
	l->tagged = tagged;
	return l;
}

static void
clear_page(struct structlog *l)
{
	l->nelem = l->nkid = l->nstretch = l->nannot = 0;
	l->nopen = l->lost = 0;
	l->str.len = 0;
}

void
structlog_close(struct structlog *l)
{
	if (l == NULL)
		return;
	if (l->fd != -1)
		close(l->fd);
	buf_free(&l->mem);
	free(l->page);
	free(l->elem);
	free(l->kid);
	free(l->stretch);
	free(l->annot);
	buf_free(&l->str);
	free(l);
}

static uint32_t
add_str(struct structlog *l, const char *s)
{
	uint32_t at = (uint32_t)l->str.len;

	if (s == NULL)
		return NO_STR;
	buf_append(&l->str, s, strlen(s) + 1);
	return at;
}

static void
add_kid(struct structlog *l, enum structlog_kid kind, int32_t value)
{
	l->kid = xreallocarray(l->kid, l->nkid + 1, sizeof(*l->kid));
	l->kid[l->nkid++] = (struct rec_kid){
		l->nopen > 0 ? l->open[l->nopen - 1] : -1, (int32_t)kind,
		value };
}

void
structlog_begin(struct structlog *l, const char *type, const char *alt)
{
	int32_t e = (int32_t)l->nelem;

	if (!l->tagged)
		return;
	if (l->nopen == MAX_OPEN) {
		l->lost++;
		return;
	}
	l->elem = xreallocarray(l->elem, l->nelem + 1, sizeof(*l->elem));
	l->elem[l->nelem++] = (struct rec_elem){
		l->nopen > 0 ? l->open[l->nopen - 1] : -1, add_str(l, type),
		add_str(l, alt) };
	add_kid(l, KID_ELEM, e);
	l->open[l->nopen++] = e;
}

void
structlog_end(struct structlog *l)
{
	if (!l->tagged)
		return;
	if (l->lost > 0)
		l->lost--;
	else if (l->nopen > 0)
		l->nopen--;
}

/* Draws marker k: cairo writes it as "X Y w h re f", in the current
 * colour (a solid one on every page the canvas draws, so no colour is
 * set for it); the update takes it out. */
static void
draw_marker(cairo_t *cr, size_t k)
{
	cairo_save(cr);
	cairo_identity_matrix(cr);
	cairo_new_path(cr);
	cairo_rectangle(cr, ARTIFACT_MARK_X(k), ARTIFACT_MARK_Y(k),
	    ARTIFACT_MARK, ARTIFACT_MARK);
	cairo_fill(cr);
	cairo_restore(cr);
}

/* Starts stretch of element e (-1: none) with its marker. */
static void
new_stretch(struct structlog *l, cairo_t *cr, int32_t e)
{
	if (l->nstretch >= ARTIFACT_MARKS_MAX)
		return;		/* the rest stays in the last stretch */
	draw_marker(cr, l->nstretch);
	if (e >= 0)
		add_kid(l, KID_STRETCH, (int32_t)l->nstretch);
	l->stretch = xreallocarray(l->stretch, l->nstretch + 1,
	    sizeof(*l->stretch));
	l->stretch[l->nstretch++] = e;
}

void
structlog_mark(struct structlog *l, cairo_t *cr)
{
	int32_t e;

	if (!l->tagged)
		return;
	e = l->nopen > 0 ? l->open[l->nopen - 1] : -1;
	/* The page starts in no element, unmarked. */
	if (l->nstretch == 0 ? e >= 0 : l->stretch[l->nstretch - 1] != e)
		new_stretch(l, cr, e);
}

void
structlog_link(struct structlog *l, const char *uri, const char *dest,
    double x, double y, double w, double h)
{
	int32_t link = -1;

	if (l->tagged && l->nopen < MAX_OPEN && l->lost == 0) {
		structlog_begin(l, "Link", NULL);
		link = l->open[l->nopen - 1];
		add_kid(l, KID_ANNOT, (int32_t)l->nannot);
		structlog_end(l);
	}
	l->annot = xreallocarray(l->annot, l->nannot + 1, sizeof(*l->annot));
	l->annot[l->nannot++] = (struct rec_annot){ { x, y, w, h },
		add_str(l, uri), add_str(l, uri ? NULL : dest), link, 0 };
}

int
structlog_page(struct structlog *l, cairo_t *cr, double height)
{
	struct head h;
	struct buf b = {0};
	int rc;

	if (l->tagged && l->nstretch > 0 &&
	    l->stretch[l->nstretch - 1] >= 0)
		new_stretch(l, cr, -1);
	for (size_t i = 0; i < l->nannot; i++) {
		double *r = l->annot[i].rect, x = r[0], y = r[1];

		r[0] = x;
		r[1] = height - (y + r[3]);
		r[2] = x + r[2];
		r[3] = height - y;
	}
	h = (struct head){ (uint32_t)l->nelem, (uint32_t)l->nkid,
		(uint32_t)l->nstretch, (uint32_t)l->nannot,
		(uint32_t)l->str.len };
	buf_append(&b, (const char *)&h, sizeof(h));
	buf_append(&b, (const char *)l->elem, l->nelem * sizeof(*l->elem));
	buf_append(&b, (const char *)l->kid, l->nkid * sizeof(*l->kid));
	buf_append(&b, (const char *)l->stretch,
	    l->nstretch * sizeof(*l->stretch));
	buf_append(&b, (const char *)l->annot,
	    l->nannot * sizeof(*l->annot));
	buf_append(&b, l->str.data ? l->str.data : "", l->str.len);
	if (l->fd == -1) {
		buf_append(&l->mem, b.data, b.len);
		rc = 0;
	} else
		rc = pwrite_all(l->fd, b.data, b.len, l->end);
	if (rc == 0) {
		l->page = xreallocarray(l->page, l->npage + 1,
		    sizeof(*l->page));
		l->page[l->npage++] = (struct pageref){ l->end, b.len };
		l->end += (off_t)b.len;
	}
	buf_free(&b);
	clear_page(l);
	return rc;
}

int
structlog_tagged(const struct structlog *l)
{
	return l->tagged;
}

size_t
structlog_pages(const struct structlog *l)
{
	return l->npage;
}

/* The string at offset off of the record's n bytes of strings. */
static const char *
str_at(const char *s, size_t n, uint32_t off)
{
	return off == NO_STR || off >= n ? NULL : s + off;
}

int
structlog_read(const struct structlog *l, size_t i,
    struct structlog_page *pg)
{
	struct head h;
	const char *p, *s;
	size_t need;
	long next = 0;

	memset(pg, 0, sizeof(*pg));
	if (i >= l->npage) {
		errno = EINVAL;
		return -1;
	}
	pg->data = xmalloc(l->page[i].len + 1);
	if (l->fd == -1)
		memcpy(pg->data, l->mem.data + l->page[i].off,
		    l->page[i].len);
	else if (pread_all(l->fd, pg->data, l->page[i].len,
	    l->page[i].off) != (ssize_t)l->page[i].len)
		goto fail;
	memcpy(&h, pg->data, sizeof(h));
	need = sizeof(h) + h.nelem * sizeof(struct rec_elem) +
	    h.nkid * sizeof(struct rec_kid) + h.nstretch * sizeof(int32_t) +
	    h.nannot * sizeof(struct rec_annot) + h.nstr;
	if (need != l->page[i].len)
		goto fail;
	p = pg->data + sizeof(h);
	s = pg->data + need - h.nstr;
	pg->elem = xcalloc(h.nelem + 1, sizeof(*pg->elem));
	for (size_t k = 0; k < h.nelem; k++, p += sizeof(struct rec_elem)) {
		struct rec_elem e;

		memcpy(&e, p, sizeof(e));
		pg->elem[k].type = str_at(s, h.nstr, e.type);
		pg->elem[k].alt = str_at(s, h.nstr, e.alt);
		pg->elem[k].parent = e.parent;
		if (pg->elem[k].type == NULL || e.parent < -1 ||
		    e.parent >= (int32_t)k)
			goto fail;
		pg->elem[k].furniture = artifact_opening(pg->elem[k].type) !=
		    NULL;
	}
	pg->nelem = h.nelem;
	pg->kid = xcalloc(h.nkid + 1, sizeof(*pg->kid));
	for (size_t k = 0; k < h.nkid; k++, p += sizeof(struct rec_kid)) {
		struct rec_kid d;

		memcpy(&d, p, sizeof(d));
		pg->kid[k] = (struct structlog_kidref){ d.of,
			(enum structlog_kid)d.kind, d.value };
	}
	pg->nkid = h.nkid;
	pg->stretch = xcalloc(h.nstretch + 1, sizeof(*pg->stretch));
	pg->mcid = xcalloc(h.nstretch + 1, sizeof(*pg->mcid));
	for (size_t k = 0; k < h.nstretch; k++, p += sizeof(int32_t)) {
		int32_t e;

		memcpy(&e, p, sizeof(e));
		if (e < -1 || e >= (int32_t)h.nelem)
			goto fail;
		pg->stretch[k] = e;
		/* Furniture is an artifact: no id, no element. */
		pg->mcid[k] = e >= 0 && !pg->elem[e].furniture ? next++ : -1;
	}
	pg->nstretch = h.nstretch;
	pg->annot = xcalloc(h.nannot + 1, sizeof(*pg->annot));
	for (size_t k = 0; k < h.nannot; k++, p += sizeof(struct rec_annot)) {
		struct rec_annot a;

		memcpy(&a, p, sizeof(a));
		memcpy(pg->annot[k].rect, a.rect, sizeof(a.rect));
		pg->annot[k].uri = str_at(s, h.nstr, a.uri);
		pg->annot[k].dest = str_at(s, h.nstr, a.dest);
		pg->annot[k].elem = a.elem;
		if ((pg->annot[k].uri == NULL) == (pg->annot[k].dest ==
		    NULL) || a.elem < -1 || a.elem >= (int32_t)h.nelem)
			goto fail;
	}
	pg->nannot = h.nannot;
	/* Every kid names what there is. */
	for (size_t k = 0; k < pg->nkid; k++) {
		const struct structlog_kidref *d = &pg->kid[k];
		size_t n = d->kind == KID_ELEM ? pg->nelem : d->kind ==
		    KID_STRETCH ? pg->nstretch : d->kind == KID_ANNOT ?
		    pg->nannot : 0;

		if (d->of < -1 || d->of >= (long)pg->nelem || d->value < 0 ||
		    (size_t)d->value >= n)
			goto fail;
	}
	return 0;
fail:
	structlog_page_free(pg);
	errno = EIO;
	return -1;
}

void
structlog_page_free(struct structlog_page *pg)
{
	free(pg->elem);
	free(pg->kid);
	free(pg->stretch);
	free(pg->mcid);
	free(pg->annot);
	free(pg->data);
	memset(pg, 0, sizeof(*pg));
}
