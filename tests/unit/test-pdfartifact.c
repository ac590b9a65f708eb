/* test-pdfartifact.c - a book drawn by cairo with the structure log's
 * markers, and its update (pdfmeta.h): the markers made marked content,
 * furniture and rules artifacts, the structure tree and the links
 * written from the log, the same bytes on one thread and on four. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <zlib.h>

#include "artifact.h"
#include "check.h"
#include "pdfmeta.h"
#include "pdfpatch.h"
#include "structlog.h"
#include "util.h"

static cairo_status_t
to_file(void *f, const unsigned char *data, unsigned int len)
{
	return fwrite(data, 1, len, f) == len ? CAIRO_STATUS_SUCCESS :
	    CAIRO_STATUS_WRITE_ERROR;
}

static void
box(cairo_t *cr, struct structlog *l, double y)
{
	structlog_mark(l, cr);
	cairo_rectangle(cr, 100, y, 50, 10);
	cairo_fill(cr);
}

/*
 * A book of n pages drawn as pdf.c draws one: on each, a heading, a
 * paragraph whose Span is followed by a Link, a folio (furniture) and a
 * rule (no element); a Figure on the first. With broken, page 2's
 * paragraph is marked on another surface: its marker is not on the page.
 * The update is made on threads; the file is returned, rewound.
 */
static FILE *
book(int n, int broken, int threads, int *rc)
{
	FILE *f = tmpfile();
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_file, f,
	    400, 600);
	cairo_surface_t *other = cairo_pdf_surface_create_for_stream(NULL,
	    NULL, 400, 600);
	cairo_t *cr = cairo_create(s), *elsewhere = cairo_create(other);
	struct structlog *l = structlog_open(1);
	struct pdfmeta m = { .log = l, .threads = threads };

	for (int i = 0; i < n; i++) {
		structlog_begin(l, "H1", NULL);
		box(cr, l, 100);
		structlog_end(l);
		structlog_begin(l, "P", NULL);
		structlog_begin(l, "Span", NULL);
		box(broken && i == 2 ? elsewhere : cr, l, 130);
		structlog_end(l);
		structlog_link(l, "https://example.org/(a)", NULL, 100, 130,
		    50, 10);
		structlog_end(l);
		if (i == 0) {
			structlog_begin(l, "Figure", "a small square");
			box(cr, l, 200);
			structlog_end(l);
		}
		structlog_begin(l, ARTIFACT_FOOTER, NULL);
		box(cr, l, 560);
		structlog_end(l);
		box(cr, l, 300);	/* a rule */
		CHECK(structlog_page(l, cr, 600) == 0);
		cairo_show_page(cr);
	}
	cairo_destroy(cr);
	cairo_destroy(elsewhere);
	cairo_surface_destroy(s);
	cairo_surface_destroy(other);
	fflush(f);
	*rc = pdfmeta_apply(f, &m);
	if (*rc == -1)
		*rc = -errno;
	structlog_close(l);
	rewind(f);
	return f;
}

static char *
slurp(FILE *f, size_t *len)
{
	char *b;

	fseek(f, 0, SEEK_END);
	*len = (size_t)ftell(f);
	b = xmalloc(*len + 1);
	rewind(f);
	if (fread(b, 1, *len, f) != *len)
		*len = 0;
	b[*len] = '\0';
	return b;
}

/* Page obj's content stream, inflated. */
static char *
content(struct pdfpatch *p, long page)
{
	char *text = pdfpatch_get(p, page), *dict = NULL, *data = NULL;
	static char plain[8192];
	uLongf plen = sizeof(plain) - 1;
	size_t len;

	plain[0] = '\0';
	if (text != NULL && pdfpatch_stream(p, pdf_ref(pdf_dict_get(text,
	    "/Contents")), &dict, &data, &len) == 0 &&
	    uncompress((Bytef *)plain, &plen, (const Bytef *)data, len) ==
	    Z_OK)
		plain[plen] = '\0';
	free(text);
	free(dict);
	free(data);
	return plain;
}

static void
test_book(void)
{
	enum { PAGES = 40 };
	int rc1, rc4;
	FILE *f1 = book(PAGES, 0, 1, &rc1), *f4 = book(PAGES, 0, 4, &rc4);
	size_t len1, len4;
	char *b1 = slurp(f1, &len1), *b4 = slurp(f4, &len4);
	struct pdfpatch *p = pdfpatch_open(f4);
	char *root, *tree, *doc, *pages, *page, *elem, *annot, *s;
	long *kids = NULL, *top = NULL, *k = NULL;
	size_t nkids, ntop, nk;

	CHECK(rc1 == 0 && rc4 == 0);
	CHECK(len1 > 0 && len1 == len4 && memcmp(b1, b4, len1) == 0);
	CHECK(p != NULL);
	if (p == NULL)
		goto out;
	root = pdfpatch_get(p, pdfpatch_root(p));
	CHECK(pdf_dict_get(root, "/MarkInfo") != NULL);
	tree = pdfpatch_get(p, pdf_ref(pdf_dict_get(root, "/StructTreeRoot")));
	CHECK(pdf_is_name(pdf_dict_get(tree, "/Type"), "/StructTreeRoot"));
	doc = pdfpatch_get(p, pdf_ref(pdf_dict_get(tree, "/K")));
	CHECK(pdf_is_name(pdf_dict_get(doc, "/S"), "/Document"));
	/* H1 and P a page, and the Figure: the folios are not elements */
	ntop = pdf_refs(pdf_dict_get(doc, "/K"), &top);
	CHECK(ntop == 2 * PAGES + 1);
	pages = pdfpatch_get(p, pdf_ref(pdf_dict_get(root, "/Pages")));
	nkids = pdf_refs(pdf_dict_get(pages, "/Kids"), &kids);
	CHECK(nkids == PAGES);
	/* the first page: heading, paragraph's span, figure, folio, rule */
	s = content(p, kids[0]);
	CHECK(strstr(s, "/H1 << /MCID 0 >> BDC") != NULL);
	CHECK(strstr(s, "/Span << /MCID 1 >> BDC") != NULL);
	CHECK(strstr(s, "/Figure << /MCID 2 >> BDC") != NULL);
	CHECK(strstr(s, "/Artifact << /Type /Pagination /Subtype /Footer >> "
	    "BDC") != NULL);
	CHECK(strstr(s, "/Artifact BMC\n100 300 50 10 re f\nEMC") != NULL);
	CHECK(strstr(s, "0.008 re") == NULL);
	page = pdfpatch_get(p, kids[0]);
	CHECK(strtol(pdf_dict_get(page, "/StructParents"), NULL, 10) == 0);
	CHECK(pdf_is_name(pdf_dict_get(page, "/Tabs"), "/S"));
	nk = pdf_refs(pdf_dict_get(page, "/Annots"), &k);
	CHECK(nk == 1);
	annot = nk == 1 ? pdfpatch_get(p, k[0]) : NULL;
	CHECK(annot != NULL && strstr(annot, "/F 4") != NULL &&
	    strstr(annot, "/URI (https://example.org/\\(a\\))") != NULL &&
	    strtol(pdf_dict_get(annot, "/StructParent"), NULL, 10) ==
	    PAGES);
	free(k);
	k = NULL;
	/* the paragraph holds its span and the link, which holds the
	 * annotation; the figure has its text */
	elem = pdfpatch_get(p, top[1]);
	CHECK(pdf_is_name(pdf_dict_get(elem, "/S"), "/P"));
	nk = pdf_refs(pdf_dict_get(elem, "/K"), &k);
	CHECK(nk == 2);
	free(elem);
	elem = nk == 2 ? pdfpatch_get(p, k[1]) : NULL;
	CHECK(elem != NULL && pdf_is_name(pdf_dict_get(elem, "/S"),
	    "/Link") && strstr(elem, "/OBJR") != NULL);
	free(elem);
	elem = pdfpatch_get(p, top[2]);
	CHECK(pdf_is_name(pdf_dict_get(elem, "/S"), "/Figure") &&
	    pdf_dict_get(elem, "/Alt") != NULL);
	free(elem);
	free(k);
	free(annot);
	free(page);
	free(pages);
	free(doc);
	free(tree);
	free(root);
	pdfpatch_free(p);
out:
	free(top);
	free(kids);
	free(b1);
	free(b4);
	fclose(f1);
	fclose(f4);
}

/* A page whose markers are not the log's fails the update, on threads
 * too: its elements would be left without their content. */
static void
test_broken(void)
{
	for (int threads = 1; threads <= 4; threads += 3) {
		int rc;
		FILE *f = book(40, 1, threads, &rc);

		CHECK(rc == -EINVAL);
		fclose(f);
	}
}

int
main(void)
{
	test_book();
	test_broken();
	return check_done();
}
