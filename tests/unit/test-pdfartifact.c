/* test-pdfartifact.c - furniture made artifacts in a small tagged PDF
 * written here by hand, as cairo 1.16 writes one: the page's stream
 * rewritten, the helper element out of the tree and the parent tree. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "artifact.h"
#include "check.h"
#include "pdfartifact.h"
#include "pdfpatch.h"
#include "util.h"

static const char page[] = "/P << /MCID 0 >> BDC BT (Body) Tj ET EMC\n"
    "/" ARTIFACT_FOOTER " << /MCID 1 >> BDC BT (7) Tj ET EMC\n";

/*
 * 1 catalog, 2 pages, 3 page, 4 its content (deflated), 5 tree root,
 * 6 Document, 7 P, 8 the folio's helper element, 9 the page's parent
 * array, 10 the parent tree.
 */
static FILE *
tagged_pdf(void)
{
	FILE *f = tmpfile();
	const char *objs[11] = {
		NULL,
		"<< /Type /Catalog /Pages 2 0 R /StructTreeRoot 5 0 R >>",
		"<< /Type /Pages /Kids [ 3 0 R ] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /Contents 4 0 R "
		    "/StructParents 0 >>",
		NULL,
		"<< /Type /StructTreeRoot /K [ 6 0 R ] /ParentTree 10 0 R >>",
		"<< /Type /StructElem /S /Document /P 5 0 R "
		    "/K [ 7 0 R 8 0 R ] >>",
		"<< /Type /StructElem /S /P /P 6 0 R /Pg 3 0 R /K 0 >>",
		"<< /Type /StructElem /S /" ARTIFACT_FOOTER " /P 6 0 R "
		    "/Pg 3 0 R /K 1 >>",
		"[ 7 0 R 8 0 R ]",
		"<< /Nums [ 0 9 0 R ] >>",
	};
	long off[11], xref;
	unsigned char z[512];
	uLongf zlen = sizeof(z);

	compress2(z, &zlen, (const Bytef *)page, sizeof(page) - 1, 6);
	fputs("%PDF-1.5\n", f);
	for (int i = 1; i <= 10; i++) {
		off[i] = ftell(f);
		if (i == 4) {
			fprintf(f, "4 0 obj\n<< /Length %lu /Filter "
			    "/FlateDecode >>\nstream\n", (unsigned long)zlen);
			fwrite(z, 1, zlen, f);
			fputs("\nendstream\nendobj\n", f);
		} else
			fprintf(f, "%d 0 obj\n%s\nendobj\n", i, objs[i]);
	}
	xref = ftell(f);
	fputs("xref\n0 11\n0000000000 65535 f \n", f);
	for (int i = 1; i <= 10; i++)
		fprintf(f, "%010ld 00000 n \n", off[i]);
	fprintf(f, "trailer\n<< /Size 11 /Root 1 0 R >>\nstartxref\n%ld\n"
	    "%%%%EOF\n", xref);
	return f;
}

/*
 * A book of n pages as cairo writes one: every page's content stream
 * deflated, its /Length an object of its own; a folio on every page, a
 * running head on every other, a rule (decoration) on every third, a
 * page now and then with nothing to mark and one with two streams. With
 * broken, page 7's stream claims more bytes than the file holds.
 * Objects: 1 catalog, 2 pages, 3 tree root, 4 Document, 5 parent tree;
 * page i's from 6 + 8i: page, stream, its length, P, folio's element,
 * head's element, parent array, second stream.
 */
static FILE *
book_pdf(int n, int broken)
{
	FILE *f = tmpfile();
	long size = 6 + 8L * n, *off = calloc((size_t)size, sizeof(*off));
	struct buf kids = {0}, doc = {0}, nums = {0};
	long xref;

	fputs("%PDF-1.5\n", f);
	for (int i = 0; i < n; i++) {
		long o = 6 + 8L * i;
		char body[512], z[1024];
		uLongf zlen = sizeof(z);
		int head = i % 2 == 0, plain = i % 11 == 5, two = i == 9;

		if (plain)
			snprintf(body, sizeof(body), "/P << /MCID 0 >> BDC BT "
			    "(Page %d) Tj ET EMC\n", i);
		else
			snprintf(body, sizeof(body), "%s"
			    "/P << /MCID 1 >> BDC BT (Text of page %d) Tj ET "
			    "EMC\n%s/" ARTIFACT_FOOTER " << /MCID 2 >> BDC BT "
			    "(%d) Tj ET EMC\n", head ? "/" ARTIFACT_HEADER
			    " << /MCID 0 >> BDC BT (Head) Tj ET EMC\n" : "",
			    i, i % 3 == 0 ? "q 0 0 m 100 0 l S Q\n" : "", i + 1);
		compress2((Bytef *)z, &zlen, (const Bytef *)body, strlen(body),
		    6);
		buf_printf(&kids, " %ld 0 R", o);
		buf_printf(&doc, " %ld 0 R", o + 3);
		buf_printf(&nums, " %d %ld 0 R", i, o + 6);
		off[o] = ftell(f);
		fprintf(f, "%ld 0 obj\n<< /Type /Page /Parent 2 0 R "
		    "/Contents %s%ld 0 R%s /StructParents %d >>\nendobj\n", o,
		    two ? "[ " : "", o + 1, two ? " 13 0 R ]" : "", i);
		off[o + 1] = ftell(f);
		fprintf(f, "%ld 0 obj\n<< /Length %ld 0 R\n   /Filter "
		    "/FlateDecode\n>>\nstream\n", o + 1, o + 2);
		fwrite(z, 1, zlen, f);
		fputs("\nendstream\nendobj\n", f);
		off[o + 2] = ftell(f);
		fprintf(f, "%ld 0 obj\n   %lu\nendobj\n", o + 2,
		    broken && i == 7 ? 1000000UL : (unsigned long)zlen);
		off[o + 3] = ftell(f);
		fprintf(f, "%ld 0 obj\n<< /Type /StructElem /S /P /P 4 0 R "
		    "/Pg %ld 0 R /K %d >>\nendobj\n", o + 3, o, plain ? 0 : 1);
		if (plain) {
			off[o + 6] = ftell(f);
			fprintf(f, "%ld 0 obj\n[ %ld 0 R ]\nendobj\n", o + 6,
			    o + 3);
			continue;
		}
		buf_printf(&doc, " %ld 0 R", o + 4);
		off[o + 4] = ftell(f);
		fprintf(f, "%ld 0 obj\n<< /Type /StructElem /S /"
		    ARTIFACT_FOOTER " /P 4 0 R /Pg %ld 0 R /K 2 >>\nendobj\n",
		    o + 4, o);
		if (head) {
			buf_printf(&doc, " %ld 0 R", o + 5);
			off[o + 5] = ftell(f);
			fprintf(f, "%ld 0 obj\n<< /Type /StructElem /S /"
			    ARTIFACT_HEADER " /P 4 0 R /Pg %ld 0 R /K 0 >>\n"
			    "endobj\n", o + 5, o);
		}
		off[o + 6] = ftell(f);
		if (head)
			fprintf(f, "%ld 0 obj\n[ %ld 0 R %ld 0 R %ld 0 R ]\n"
			    "endobj\n", o + 6, o + 5, o + 3, o + 4);
		else
			fprintf(f, "%ld 0 obj\n[ null %ld 0 R %ld 0 R ]\n"
			    "endobj\n", o + 6, o + 3, o + 4);
	}
	/* Page 9's second stream, not deflated: a rule alone. */
	off[13] = ftell(f);
	fputs("13 0 obj\n<< /Length 21 >>\nstream\nq 0 0 m 9 9 l S Q EMC\n"
	    "endstream\nendobj\n", f);
	off[1] = ftell(f);
	fputs("1 0 obj\n<< /Type /Catalog /Pages 2 0 R /StructTreeRoot 3 0 R "
	    ">>\nendobj\n", f);
	off[2] = ftell(f);
	fprintf(f, "2 0 obj\n<< /Type /Pages /Kids [%s ] /Count %d >>\n"
	    "endobj\n", kids.data, n);
	off[3] = ftell(f);
	fputs("3 0 obj\n<< /Type /StructTreeRoot /K [ 4 0 R ] /ParentTree "
	    "5 0 R >>\nendobj\n", f);
	off[4] = ftell(f);
	fprintf(f, "4 0 obj\n<< /Type /StructElem /S /Document /P 3 0 R /K [%s"
	    " ] >>\nendobj\n", doc.data);
	off[5] = ftell(f);
	fprintf(f, "5 0 obj\n<< /Nums [%s ] >>\nendobj\n", nums.data);
	xref = ftell(f);
	fprintf(f, "xref\n0 %ld\n0000000000 65535 f \n", size);
	for (long i = 1; i < size; i++)
		fprintf(f, off[i] ? "%010ld 00000 n \n" : "%010ld 65535 f \n",
		    off[i]);
	fprintf(f, "trailer\n<< /Size %ld /Root 1 0 R >>\nstartxref\n%ld\n"
	    "%%%%EOF\n", size, xref);
	fflush(f);
	buf_free(&kids);
	buf_free(&doc);
	buf_free(&nums);
	free(off);
	return f;
}

/* The book's update with threads: the file's bytes (new), or NULL when
 * the rewrite failed (its errno in *err). */
static char *
book_update(int n, int broken, int threads, size_t *len, int *err)
{
	FILE *f = book_pdf(n, broken);
	struct pdfpatch *p = pdfpatch_open(f);
	struct pdfartifact *a;
	char *root, *bytes = NULL;
	int rc;

	*err = 0;
	if (p == NULL) {
		fclose(f);
		*err = -1;
		return NULL;
	}
	root = pdfpatch_get(p, 1);
	a = pdfartifact_start(p, root, threads);
	rc = pdfartifact_finish(a, 1);
	if (a == NULL || rc == -1)
		*err = errno;
	else if (pdfpatch_write(p) == 0) {
		fseek(f, 0, SEEK_END);
		*len = (size_t)ftell(f);
		bytes = xmalloc(*len);
		fseek(f, 0, SEEK_SET);
		if (fread(bytes, 1, *len, f) != *len) {
			free(bytes);
			bytes = NULL;
		}
	}
	free(root);
	pdfpatch_free(p);
	fclose(f);
	return bytes;
}

/* Streams rewritten on threads give the bytes one thread gives. */
static void
test_threads(void)
{
	enum { PAGES = 60 };
	size_t len1 = 0, len4 = 0, before;
	int err1, err4;
	char *one = book_update(PAGES, 0, 1, &len1, &err1);
	char *four = book_update(PAGES, 0, 4, &len4, &err4);
	FILE *f = book_pdf(PAGES, 0);
	struct pdfpatch *p;
	char *s, *dict, *data;
	size_t len;

	fseek(f, 0, SEEK_END);
	before = (size_t)ftell(f);
	fclose(f);
	CHECK(one != NULL && four != NULL);
	CHECK(len1 == len4 && len1 > before);
	CHECK(one != NULL && four != NULL && len1 == len4 &&
	    memcmp(one, four, len1) == 0);
	/* What changed: read the threads' file back. */
	f = tmpfile();
	if (four != NULL)
		fwrite(four, 1, len4, f);
	fflush(f);
	p = pdfpatch_open(f);
	CHECK(p != NULL);
	if (p != NULL) {
		/* Page 3 (objects from 30): folio, rule and head. */
		CHECK(pdfpatch_stream(p, 31, &dict, &data, &len) == 0);
		if (data != NULL) {
			char plain[1024];
			uLongf plen = sizeof(plain) - 1;

			CHECK(uncompress((Bytef *)plain, &plen,
			    (const Bytef *)data, len) == Z_OK);
			plain[plen] = '\0';
			CHECK(strstr(plain, "q /Artifact BMC\n0 0 m 100 0 l "
			    "S\nEMC Q") != NULL);
			CHECK(strstr(plain, "/Subtype /Footer >> BDC BT (4)")
			    != NULL);
			CHECK(strstr(plain, "/" ARTIFACT_FOOTER) == NULL);
		}
		free(dict);
		free(data);
		/* Page 5 has nothing to mark: its stream is cairo's. */
		s = pdfpatch_get(p, 47);
		CHECK(s != NULL && strstr(s, "/Length 48 0 R") != NULL);
		free(s);
		/* The Document lets go of every folio and head. */
		s = pdfpatch_get(p, 4);
		CHECK(s != NULL && strstr(s, " 9 0 R") != NULL &&
		    strstr(s, " 10 0 R") == NULL && strstr(s, " 11 0 R") ==
		    NULL && strstr(s, " 482 0 R") == NULL &&
		    strstr(s, " 481 0 R") != NULL);
		free(s);
		/* The last page's parent array (objects from 478). */
		s = pdfpatch_get(p, 484);
		CHECK(s != NULL && strstr(s, "[ null 481 0 R null ]") != NULL);
		free(s);
		pdfpatch_free(p);
	}
	fclose(f);
	free(one);
	free(four);
	/* A stream that cannot be read fails the update, on threads too. */
	CHECK(book_update(PAGES, 1, 1, &len1, &err1) == NULL &&
	    err1 == EINVAL);
	CHECK(book_update(PAGES, 1, 4, &len4, &err4) == NULL &&
	    err4 == EINVAL);
}

int
main(void)
{
	FILE *f;
	char *root, *s, *dict, *data;
	size_t len;
	struct pdfpatch *p;

	test_threads();
	f = tagged_pdf();
	p = pdfpatch_open(f);
	CHECK(p != NULL);
	if (p == NULL)
		return check_done();
	root = pdfpatch_get(p, 1);
	CHECK(pdfartifact_finish(pdfartifact_start(p, root, 1), 1) == 0);
	free(root);
	CHECK(pdfpatch_write(p) == 0);
	pdfpatch_free(p);
	/* Read back through the new cross-references. */
	p = pdfpatch_open(f);
	CHECK(p != NULL);
	if (p == NULL)
		return check_done();
	CHECK(pdfpatch_stream(p, 4, &dict, &data, &len) == 0);
	if (dict != NULL) {
		char plain[1024];
		uLongf plen = sizeof(plain) - 1;

		CHECK(pdf_is_name(pdf_dict_get(dict, "/Filter"),
		    "/FlateDecode"));
		CHECK(uncompress((Bytef *)plain, &plen, (const Bytef *)data,
		    len) == Z_OK);
		plain[plen] = '\0';
		CHECK_STR(plain, "/P << /MCID 0 >> BDC BT (Body) Tj ET EMC\n"
		    "/Artifact << /Type /Pagination /Subtype /Footer >> BDC "
		    "BT (7) Tj ET EMC\n");
	}
	free(dict);
	free(data);
	s = pdfpatch_get(p, 6);
	CHECK(s != NULL && strstr(s, "/K [ 7 0 R ]") != NULL);
	free(s);
	s = pdfpatch_get(p, 9);
	CHECK(s != NULL && strstr(s, "[ 7 0 R null ]") != NULL);
	free(s);
	/* The page's body element stays as it was. */
	s = pdfpatch_get(p, 7);
	CHECK(s != NULL && strstr(s, "/K 0") != NULL);
	free(s);
	pdfpatch_free(p);
	fclose(f);
	return check_done();
}
