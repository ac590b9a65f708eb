/* pdfstruct.c - the structure tree and the links, in the update. */
#include "pdfstruct.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "structlog.h"

/* s as a PDF literal string: the bytes as they are (a destination's name
 * then matches the key cairo wrote for it), ( ) \ escaped, control
 * bytes in octal. */
static void
put_literal(struct buf *b, const char *s)
{
	buf_putc(b, '(');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '(' || c == ')' || c == '\\') {
			buf_putc(b, '\\');
			buf_putc(b, (char)c);
		} else if (c < 0x20 || c == 0x7F)
			buf_printf(b, "\\%03o", c);
		else
			buf_putc(b, (char)c);
	}
	buf_putc(b, ')');
}

/*
 * The parent tree is a number tree of two levels: leaves of this many
 * keys or a few more (a page's), written as they fill, so that a book's
 * tree is not held whole; and a root with the leaves as kids.
 */
#define LEAF_KEYS 128

/* Keys of one kind (the pages' or the annotations'), which rise. */
struct leaves {
	struct buf nums;	/* the leaf being filled: its /Nums */
	long	 lo, hi, n;	/* its keys, and how many */
	long	*leaf;		/* the leaves written */
	size_t	 nleaf;
};

/* What the pages add up to as they are written. */
struct tree {
	struct pdfpatch *p;
	long	 root, doc;	/* the tree root and Document elements */
	struct buf doc_kids;	/* the Document's /K entries */
	struct leaves pages;	/* the parent tree: the pages' entries */
	struct leaves annots;	/* and the annotations' */
	long	 next_key;	/* the annotations' keys */
};

/* Adds key's entry, its value object obj, to l's leaf. */
static void
leaf_add(struct leaves *l, long key, long obj)
{
	if (l->n++ == 0)
		l->lo = key;
	l->hi = key;
	buf_printf(&l->nums, " %ld %ld 0 R", key, obj);
}

/* Writes l's leaf when it holds LEAF_KEYS keys (any, when all). */
static void
leaf_close(struct pdfpatch *p, struct leaves *l, int all)
{
	struct buf b = {0};
	long num;

	if (l->n == 0 || (!all && l->n < LEAF_KEYS))
		return;
	num = pdfpatch_alloc(p);
	buf_printf(&b, "<< /Limits [ %ld %ld ] /Nums [%s ] >>", l->lo, l->hi,
	    l->nums.data);
	pdfpatch_pack(p, num, b.data, b.len);
	buf_free(&b);
	l->leaf = xreallocarray(l->leaf, l->nleaf + 1, sizeof(*l->leaf));
	l->leaf[l->nleaf++] = num;
	l->nums.len = 0;
	l->n = 0;
}

/* An annotation's dictionary. */
static void
put_annot(struct buf *b, const struct structlog_annot *a, long key)
{
	const double *r = a->rect;

	buf_printf(b, "<< /Type /Annot /Subtype /Link /F 4 /BS << /W 0 >>\n"
	    "   /Rect [ %.2f %.2f %.2f %.2f ]\n"
	    "   /QuadPoints [ %.2f %.2f %.2f %.2f %.2f %.2f %.2f %.2f ]\n",
	    r[0], r[1], r[2], r[3], r[0], r[3], r[2], r[3], r[2], r[1],
	    r[0], r[1]);
	if (key >= 0)
		buf_printf(b, "   /StructParent %ld\n", key);
	if (a->uri != NULL) {
		buf_puts(b, "   /A << /Type /Action /S /URI /URI ");
		put_literal(b, a->uri);
		buf_puts(b, " >>");
	} else {
		buf_puts(b, "   /Dest ");
		put_literal(b, a->dest);
	}
	buf_puts(b, "\n>>");
}

/* Writes page pg, object page, its parent tree key key: its elements,
 * annotations, parent array, and the page with its new entries. */
static int
write_page(struct tree *t, const struct structlog_page *pg, long page,
    long key, int tagged)
{
	struct pdfpatch *p = t->p;
	long *obj = xcalloc(pg->nelem + 1, sizeof(*obj));
	long *annot = xcalloc(pg->nannot + 1, sizeof(*annot));
	struct buf b = {0}, kids = {0};
	char *text, *s = NULL;
	size_t nmcid = 0;
	long arr = 0;
	int rc = -1;

	if ((text = pdfpatch_get(p, page)) == NULL)
		goto out;
	/* Numbered in the order packed (elements, annotations, the parent
	 * array), so that a page's objects are one run of numbers. */
	for (size_t e = 0; tagged && e < pg->nelem; e++)
		if (!pg->elem[e].furniture)
			obj[e] = pdfpatch_alloc(p);
	for (size_t a = 0; a < pg->nannot; a++)
		annot[a] = pdfpatch_alloc(p);
	for (size_t k = 0; k < pg->nstretch; k++)
		nmcid += pg->mcid[k] >= 0;
	if (tagged && nmcid > 0)
		arr = pdfpatch_alloc(p);
	/* Each element with its kids, in the order drawn. */
	for (size_t e = 0; tagged && e < pg->nelem; e++) {
		const struct structlog_elem *el = &pg->elem[e];

		if (el->furniture)
			continue;
		kids.len = 0;
		for (size_t k = 0; k < pg->nkid; k++) {
			const struct structlog_kidref *d = &pg->kid[k];

			if (d->of != (long)e)
				continue;
			if (d->kind == KID_ELEM && !pg->elem[d->value].furniture)
				buf_printf(&kids, " %ld 0 R", obj[d->value]);
			else if (d->kind == KID_STRETCH &&
			    pg->mcid[d->value] >= 0)
				buf_printf(&kids, " %ld", pg->mcid[d->value]);
			else if (d->kind == KID_ANNOT)
				buf_printf(&kids, " << /Type /OBJR /Obj %ld 0 R "
				    ">>", annot[d->value]);
		}
		b.len = 0;
		/* Furniture holds nothing: its kids would be the page's. */
		buf_printf(&b, "<< /Type /StructElem /S /%s /P %ld 0 R "
		    "/Pg %ld 0 R\n   /K [%.*s ]", el->type, el->parent >= 0 &&
		    obj[el->parent] > 0 ? obj[el->parent] : t->doc, page,
		    (int)kids.len, kids.data ? kids.data : "");
		if (el->alt != NULL && *el->alt) {
			char *alt = pdf_text_string(el->alt);

			buf_printf(&b, "\n   /Alt %s", alt);
			free(alt);
		}
		buf_puts(&b, " >>");
		pdfpatch_pack(p, obj[e], b.data, b.len);
	}
	for (size_t a = 0; a < pg->nannot; a++) {
		long k = tagged && pg->annot[a].elem >= 0 ? t->next_key++ : -1;

		b.len = 0;
		put_annot(&b, &pg->annot[a], k);
		pdfpatch_pack(p, annot[a], b.data, b.len);
		if (k >= 0)
			leaf_add(&t->annots, k, obj[pg->annot[a].elem]);
	}
	/* The page's elements by marked-content id, and its top level. */
	if (arr > 0) {
		b.len = 0;
		buf_puts(&b, "[");
		for (size_t k = 0; k < pg->nstretch; k++)
			if (pg->mcid[k] >= 0)
				buf_printf(&b, " %ld 0 R", obj[pg->stretch[k]]);
		buf_puts(&b, " ]");
		pdfpatch_pack(p, arr, b.data, b.len);
		leaf_add(&t->pages, key, arr);
	}
	/* Leaves after the page's objects: those are one run of numbers. */
	leaf_close(p, &t->pages, 0);
	leaf_close(p, &t->annots, 0);
	for (size_t k = 0; tagged && k < pg->nkid; k++)
		if (pg->kid[k].of == -1 && pg->kid[k].kind == KID_ELEM &&
		    !pg->elem[pg->kid[k].value].furniture)
			buf_printf(&t->doc_kids, " %ld 0 R",
			    obj[pg->kid[k].value]);
	/* The page's own entries. */
	b.len = 0;
	if (arr > 0)
		buf_printf(&b, "/StructParents %ld ", key);
	if (pg->nannot > 0) {
		buf_puts(&b, tagged ? "/Tabs /S /Annots [" : "/Annots [");
		for (size_t a = 0; a < pg->nannot; a++)
			buf_printf(&b, " %ld 0 R", annot[a]);
		buf_puts(&b, " ]");
	}
	if (b.len > 0) {
		if ((s = pdf_dict_add(text, b.data)) == NULL) {
			errno = EINVAL;
			goto out;
		}
		pdfpatch_put(p, page, s, strlen(s));
	}
	rc = 0;
out:
	free(s);
	free(text);
	buf_free(&b);
	buf_free(&kids);
	free(obj);
	free(annot);
	return rc;
}

int
pdfstruct_write(struct pdfpatch *p, const char *root,
    const struct structlog *log, const size_t *order, struct buf *cat)
{
	long pages = pdf_ref(pdf_dict_get(root, "/Pages")), *kids = NULL;
	char *text = pages > 0 ? pdfpatch_get(p, pages) : NULL;
	size_t n = structlog_pages(log);
	int tagged = structlog_tagged(log), rc = -1;
	struct tree t = { .p = p, .next_key = (long)n };
	struct buf b = {0};

	if (text == NULL || pdf_refs(pdf_dict_get(text, "/Kids"), &kids) !=
	    n) {
		errno = EINVAL;
		goto out;
	}
	if (tagged) {
		t.root = pdfpatch_alloc(p);
		t.doc = pdfpatch_alloc(p);
	}
	for (size_t k = 0; k < n; k++) {
		size_t i = order ? order[k] : k;
		struct structlog_page pg;

		if (i >= n || structlog_read(log, i, &pg) == -1) {
			errno = i >= n ? EINVAL : errno;
			goto out;
		}
		rc = write_page(&t, &pg, kids[i], (long)k, tagged);
		structlog_page_free(&pg);
		if (rc == -1)
			goto out;
		rc = -1;
	}
	if (tagged) {
		long tree = pdfpatch_alloc(p);

		buf_printf(&b, "<< /Type /StructElem /S /Document /P %ld 0 R\n"
		    "   /K [%s ] >>", t.root, t.doc_kids.data ?
		    t.doc_kids.data : "");
		pdfpatch_pack(p, t.doc, b.data, b.len);
		b.len = 0;
		leaf_close(p, &t.pages, 1);
		leaf_close(p, &t.annots, 1);
		/* The pages' keys come before the annotations'. */
		buf_puts(&b, t.pages.nleaf + t.annots.nleaf > 0 ? "<< /Kids [" :
		    "<< /Nums [");
		for (size_t i = 0; i < t.pages.nleaf; i++)
			buf_printf(&b, " %ld 0 R", t.pages.leaf[i]);
		for (size_t i = 0; i < t.annots.nleaf; i++)
			buf_printf(&b, " %ld 0 R", t.annots.leaf[i]);
		buf_puts(&b, " ] >>");
		pdfpatch_pack(p, tree, b.data, b.len);
		b.len = 0;
		buf_printf(&b, "<< /Type /StructTreeRoot /K %ld 0 R "
		    "/ParentTree %ld 0 R /ParentTreeNextKey %ld >>", t.doc,
		    tree, t.next_key);
		pdfpatch_pack(p, t.root, b.data, b.len);
		buf_printf(cat, " /StructTreeRoot %ld 0 R /MarkInfo << /Marked "
		    "true >>", t.root);
	}
	rc = 0;
out:
	buf_free(&b);
	buf_free(&t.doc_kids);
	buf_free(&t.pages.nums);
	free(t.pages.leaf);
	buf_free(&t.annots.nums);
	free(t.annots.leaf);
	free(kids);
	free(text);
	return rc;
}
