/* test-pdfartifact.c - furniture made artifacts in a small tagged PDF
 * written here by hand, as cairo 1.16 writes one: the page's stream
 * rewritten, the helper element out of the tree and the parent tree. */
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "artifact.h"
#include "check.h"
#include "pdfartifact.h"
#include "pdfpatch.h"

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

int
main(void)
{
	FILE *f = tagged_pdf();
	struct pdfpatch *p = pdfpatch_open(f);
	char *root, *s, *dict, *data;
	size_t len;

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
