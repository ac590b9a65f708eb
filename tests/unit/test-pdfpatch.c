/* test-pdfpatch.c - the object syntax helpers and an update's round trip
 * over a small PDF written here by hand. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "pdfpatch.h"
#include "util.h"

static void
test_syntax(void)
{
	const char *d = "<< /Type /StructElem /S /Figure /Pg 3 0 R\n"
	    "   /K [ 7 0 R 2 << /Type /MCR /Pg 9 0 R /MCID 4 >> 12 0 R ]\n"
	    "   /T (a (nested) \\) string) /H <414243> /Figure2 1 >>";
	long *refs;
	size_t n;
	char *s;

	CHECK(pdf_is_name(pdf_dict_get(d, "/Type"), "/StructElem"));
	CHECK(pdf_is_name(pdf_dict_get(d, "/S"), "/Figure"));
	CHECK(!pdf_is_name(pdf_dict_get(d, "/S"), "/Fig"));
	CHECK(pdf_ref(pdf_dict_get(d, "/Pg")) == 3);
	CHECK(pdf_dict_get(d, "/Missing") == NULL);
	/* a key is whole: /Figure2 is not /Figure */
	CHECK(pdf_dict_get(d, "/Figure") == NULL);
	CHECK(strncmp(pdf_dict_get(d, "/Figure2"), "1", 1) == 0);
	/* the array's own references, not its dictionaries' */
	n = pdf_refs(pdf_dict_get(d, "/K"), &refs);
	CHECK(n == 2 && refs[0] == 7 && refs[1] == 12);
	free(refs);
	n = pdf_refs(pdf_dict_get(d, "/Pg"), &refs);
	CHECK(n == 1 && refs[0] == 3);
	free(refs);
	CHECK(pdf_refs("42", &refs) == 0 && refs == NULL);
	s = pdf_dict_add("<< /A << /B 1 >> >>\nstream\nxx>>\nendstream",
	    "/C 2");
	CHECK_STR(s, "<< /A << /B 1 >>  /C 2 >>\nstream\nxx>>\nendstream");
	free(s);
	CHECK(pdf_dict_add("[ 1 2 ]", "/C 2") == NULL);
	/* a value replaced at the dictionary's own level, or added */
	s = pdf_dict_set("<< /K [ 1 0 R 2 0 R ] /D << /K 5 >> >>", "/K",
	    "[ 2 0 R ]");
	CHECK_STR(s, "<< /K [ 2 0 R ] /D << /K 5 >> >>");
	free(s);
	s = pdf_dict_set("<< /D << /K 5 >> >>\nstream", "/K", "7");
	CHECK_STR(s, "<< /D << /K 5 >>  /K 7 >>\nstream");
	free(s);
	CHECK(pdf_dict_set("(no)", "/K", "7") == NULL);
	CHECK(pdf_dict_add("<< /A (unclosed", "/C 2") == NULL);
	s = pdf_text_string("A\xC3\xA9\xF0\x9F\x98\x80");	/* Aé😀 */
	CHECK_STR(s, "<FEFF004100E9D83DDE00>");
	free(s);
}

/* A two-object PDF with a correct cross-reference table. */
static FILE *
small_pdf(void)
{
	FILE *f = tmpfile();
	long off[3], xref;

	fputs("%PDF-1.5\n", f);
	off[1] = ftell(f);
	fputs("1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n", f);
	off[2] = ftell(f);
	fputs("2 0 obj\n<< /Type /Pages /Kids [ ] /Count 0 >>\nendobj\n", f);
	xref = ftell(f);
	fprintf(f, "xref\n0 3\n0000000000 65535 f \n%010ld 00000 n \n"
	    "%010ld 00000 n \ntrailer\n<< /Size 3 /Root 1 0 R >>\n"
	    "startxref\n%ld\n%%%%EOF\n", off[1], off[2], xref);
	return f;
}

static void
test_round_trip(void)
{
	FILE *f = small_pdf();
	struct pdfpatch *p = pdfpatch_open(f);
	char *s;
	long n;

	CHECK(p != NULL);
	if (p == NULL)
		return;
	CHECK(pdfpatch_root(p) == 1 && pdfpatch_info(p) == 0);
	CHECK(pdfpatch_count(p) == 3);
	s = pdfpatch_get(p, 2);
	CHECK(s != NULL && strstr(s, "/Type /Pages") != NULL);
	free(s);
	CHECK(pdfpatch_get(p, 5) == NULL);
	n = pdfpatch_alloc(p);
	CHECK(n == 3);
	pdfpatch_put(p, n, "<< /New true >>", 15);
	pdfpatch_put(p, 1, "<< /Type /Catalog /Pages 2 0 R /Lang (en) >>", 44);
	pdfpatch_trailer(p, "/ID [ <00> <00> ]");
	CHECK(pdfpatch_write(p) == 0);
	pdfpatch_free(p);
	/* Read again: the newest versions win, the old table is reached
	 * through /Prev; the cross-reference stream is the last object. */
	p = pdfpatch_open(f);
	CHECK(p != NULL);
	if (p != NULL) {
		CHECK(pdfpatch_count(p) == 5);
		s = pdfpatch_get(p, 4);
		CHECK(s != NULL && strstr(s, "/Type /XRef") != NULL &&
		    strstr(s, "/Prev ") != NULL &&
		    strstr(s, "/ID [ <00> <00> ]") != NULL);
		free(s);
		s = pdfpatch_get(p, 1);
		CHECK(s != NULL && strstr(s, "/Lang (en)") != NULL);
		free(s);
		s = pdfpatch_get(p, 3);
		CHECK(s != NULL && strstr(s, "/New true") != NULL);
		free(s);
		s = pdfpatch_get(p, 2);
		CHECK(s != NULL && strstr(s, "/Kids") != NULL);
		free(s);
		pdfpatch_free(p);
	}
	fclose(f);
}

/* Streams read whole, whatever bytes they hold: a direct length, an
 * indirect one, and an object that is no stream. */
/*
 * Many large objects (a booklet's page streams): past what puts keep in
 * memory they go to a temporary file, and read back, replaced and
 * written the same.
 */
static void
test_many_puts(void)
{
	enum { N = 300, LEN = 40000 };
	FILE *f = small_pdf();
	struct pdfpatch *p = pdfpatch_open(f);
	char *big = xmalloc(LEN + 1), *s;
	long first = 0;

	CHECK(p != NULL);
	if (p == NULL) {
		free(big);
		return;
	}
	for (int i = 0; i < N; i++) {
		long n = pdfpatch_alloc(p);

		if (i == 0)
			first = n;
		snprintf(big, LEN + 1, "<< /Obj %d /Pad (", i);
		memset(big + strlen(big), 'a' + i % 26, LEN - strlen(big) - 4);
		memcpy(big + LEN - 4, ") >>", 5);
		pdfpatch_put(p, n, big, LEN);
	}
	/* The last, long past 4 MB, and one replaced. */
	s = pdfpatch_get(p, first + N - 1);
	CHECK(s != NULL && strlen(s) == LEN && strstr(s, "/Obj 299 ") != NULL);
	free(s);
	pdfpatch_put(p, first + N - 2, "<< /Replaced true >>", 20);
	CHECK(pdfpatch_write(p) == 0);
	pdfpatch_free(p);
	p = pdfpatch_open(f);
	CHECK(p != NULL);
	if (p != NULL) {
		CHECK(pdfpatch_count(p) == first + N + 1);
		s = pdfpatch_get(p, first + 250);
		CHECK(s != NULL && strstr(s, "/Obj 250 ") != NULL &&
		    strchr(s, 'a' + 250 % 26) != NULL);
		free(s);
		s = pdfpatch_get(p, first + N - 2);
		CHECK(s != NULL && strstr(s, "/Replaced true") != NULL);
		free(s);
		s = pdfpatch_get(p, 0 + first);
		CHECK(s != NULL && strstr(s, "/Obj 0 ") != NULL);
		free(s);
		pdfpatch_free(p);
	}
	free(big);
	fclose(f);
}

/* Object i's text: some long enough to close a stream by its bytes. */
static char *
packed_text(int i)
{
	return i % 97 == 0 ? xasprintf("<< /Big %d /Pad (%0*d) >>", i, 30000,
	    i) : xasprintf("<< /Type /StructElem /S /P /Nth %d >>", i);
}

/*
 * Objects packed into object streams (runs of numbers, one put among
 * them, streams closed by count and by bytes) and a cross-reference
 * stream: read back after opening again, and again after a second
 * update on top of the first.
 */
static void
test_packed(void)
{
	enum { N = 1000 };
	FILE *f = small_pdf();
	struct pdfpatch *p = pdfpatch_open(f);
	long first = 0, put = 0;
	char *s, *want;

	CHECK(p != NULL);
	if (p == NULL)
		return;
	for (int i = 0; i < N; i++) {
		long n = pdfpatch_alloc(p);

		if (i == 0)
			first = n;
		if (i == 500)
			put = n;
	}
	/* Out of number order: the second half first, the put skipped. */
	for (int k = 0; k < N; k++) {
		int i = (k + N / 2) % N;

		if (first + i == put)
			continue;
		s = packed_text(i);
		pdfpatch_pack(p, first + i, s, strlen(s));
		free(s);
	}
	pdfpatch_put(p, put, "[ 1 2 3 ]", 9);
	/* Packed objects are not read back before they are written. */
	CHECK(pdfpatch_get(p, first + 3) == NULL);
	CHECK(pdfpatch_write(p) == 0);
	pdfpatch_free(p);
	for (int round = 0; round < 2; round++) {
		int bad = 0;

		p = pdfpatch_open(f);
		CHECK(p != NULL);
		if (p == NULL)
			break;
		for (int i = 0; i < N; i++) {
			s = pdfpatch_get(p, first + i);
			want = first + i == put ? xstrdup("[ 1 2 3 ]") :
			    packed_text(i);
			bad += s == NULL || strstr(s, want) == NULL;
			free(s);
			free(want);
		}
		CHECK(bad == 0);
		/* A packed object is no stream of the file's. */
		errno = 0;
		CHECK(pdfpatch_stream(p, first + 1, &s, &want, &(size_t){0}) ==
		    -1 && errno == EINVAL);
		s = pdfpatch_get(p, 2);
		CHECK(s != NULL && strstr(s, "/Type /Pages") != NULL);
		free(s);
		/* Round 0 adds a second update, its /Prev the first's
		 * cross-reference stream. */
		if (round == 0) {
			pdfpatch_put(p, 2, "<< /Type /Pages /Kids [ ] /Count 0 "
			    "/Again true >>", 49);
			CHECK(pdfpatch_write(p) == 0);
		} else {
			s = pdfpatch_get(p, 2);
			CHECK(s != NULL && strstr(s, "/Again true") != NULL);
			free(s);
		}
		pdfpatch_free(p);
	}
	fclose(f);
}

static void
test_streams(void)
{
	static const char data[] = "q\0endobj\r\nstream Q";
	FILE *f = tmpfile();
	long off[5], xref;
	struct pdfpatch *p;
	char *dict, *got;
	size_t len;

	fputs("%PDF-1.5\n", f);
	off[1] = ftell(f);
	fputs("1 0 obj\n<< /Type /Catalog >>\nendobj\n", f);
	off[2] = ftell(f);
	fprintf(f, "2 0 obj\n<< /Length %zu >>\nstream\n", sizeof(data) - 1);
	fwrite(data, 1, sizeof(data) - 1, f);
	fputs("\nendstream\nendobj\n", f);
	off[3] = ftell(f);
	fputs("3 0 obj\n<< /Filter /FlateDecode /Length 4 0 R >>\r\n"
	    "stream\r\nabc\r\nendstream\nendobj\n", f);
	off[4] = ftell(f);
	fputs("4 0 obj\n 3\nendobj\n", f);
	xref = ftell(f);
	fputs("xref\n0 5\n0000000000 65535 f \n", f);
	for (int i = 1; i < 5; i++)
		fprintf(f, "%010ld 00000 n \n", off[i]);
	fprintf(f, "trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%ld\n"
	    "%%%%EOF\n", xref);
	p = pdfpatch_open(f);
	CHECK(p != NULL);
	if (p == NULL) {
		fclose(f);
		return;
	}
	CHECK(pdfpatch_stream(p, 2, &dict, &got, &len) == 0);
	CHECK(len == sizeof(data) - 1 && !memcmp(got, data, len));
	CHECK(dict != NULL && strstr(dict, "/Length") != NULL);
	free(dict);
	free(got);
	CHECK(pdfpatch_stream(p, 3, &dict, &got, &len) == 0);
	CHECK(len == 3 && !memcmp(got, "abc", 3));
	CHECK(pdf_is_name(pdf_dict_get(dict, "/Filter"), "/FlateDecode"));
	free(dict);
	free(got);
	errno = 0;
	CHECK(pdfpatch_stream(p, 1, &dict, &got, &len) == -1 &&
	    errno == EINVAL && dict == NULL && got == NULL);
	CHECK(pdfpatch_stream(p, 9, &dict, &got, &len) == -1);
	pdfpatch_free(p);
	fclose(f);
}

/*
 * A cross-reference stream written here, not by pdfpatch_write: no
 * filter, rows under PNG predictors None and Sub, /Index left out (all
 * from 0). rows_given: how many of its three rows the data holds.
 */
static FILE *
xref_stream_pdf(int rows_given)
{
	FILE *f = tmpfile();
	long off1, xref;
	unsigned char row[3][5];

	fputs("%PDF-1.5\n", f);
	off1 = ftell(f);
	fputs("1 0 obj\n<< /Type /Catalog /Marker 7 >>\nendobj\n", f);
	xref = ftell(f);
	/* Object 0 free; 1 at off1; 2, the stream itself, at xref: rows
	 * of type, offset (2 bytes), generation, each after its filter
	 * byte. Row 1 under Sub: each byte less the one before it. */
	{
		unsigned char e[4] = { 1, (unsigned char)(off1 >> 8),
		    (unsigned char)off1, 0 };

		memset(row[0], 0, 5);
		row[1][0] = 1;
		for (int k = 0; k < 4; k++)
			row[1][k + 1] = (unsigned char)(e[k] - (k ? e[k - 1] :
			    0));
		memcpy(row[2], (unsigned char[]){ 0, 1, (unsigned char)(xref >>
		    8), (unsigned char)xref, 0 }, 5);
	}
	fprintf(f, "2 0 obj\n<< /Type /XRef /Size 3 /Root 1 0 R /W [ 1 2 1 ]"
	    " /DecodeParms << /Predictor 12 /Columns 4 >> /Length %d >>\n"
	    "stream\n", 5 * rows_given);
	fwrite(row, 5, (size_t)rows_given, f);
	fprintf(f, "\nendstream\nendobj\nstartxref\n%ld\n%%%%EOF\n", xref);
	return f;
}

static void
test_foreign_xref_stream(void)
{
	FILE *f = xref_stream_pdf(3);
	struct pdfpatch *p = pdfpatch_open(f);
	char *s;

	CHECK(p != NULL);
	if (p != NULL) {
		CHECK(pdfpatch_root(p) == 1 && pdfpatch_count(p) == 3);
		s = pdfpatch_get(p, 1);
		CHECK(s != NULL && strstr(s, "/Marker 7") != NULL);
		free(s);
		pdfpatch_free(p);
	}
	fclose(f);
	/* Rows missing: refused, not read past the data. */
	f = xref_stream_pdf(2);
	errno = 0;
	CHECK(pdfpatch_open(f) == NULL && errno == EINVAL);
	fclose(f);
}

static void
test_refusals(void)
{
	FILE *f = tmpfile();

	fputs("%PDF-1.5\nnot a pdf at all\n", f);
	errno = 0;
	CHECK(pdfpatch_open(f) == NULL && errno == EINVAL);
	fclose(f);
	/* A table that claims more entries than the file holds. */
	f = tmpfile();
	fputs("%PDF-1.5\nxref\n0 900\n0000000000 65535 f \ntrailer\n"
	    "<< /Size 900 /Root 1 0 R >>\nstartxref\n9\n%%EOF\n", f);
	errno = 0;
	CHECK(pdfpatch_open(f) == NULL && errno == EINVAL);
	fclose(f);
	/* A cross-reference stream without /Length, /Size or /W. */
	f = tmpfile();
	fputs("%PDF-1.5\n1 0 obj\n<< /Type /XRef >>\nstream\nendstream\n"
	    "endobj\nstartxref\n9\n%%EOF\n", f);
	errno = 0;
	CHECK(pdfpatch_open(f) == NULL && errno == EINVAL);
	fclose(f);
}

int
main(void)
{
	test_syntax();
	test_round_trip();
	test_many_puts();
	test_packed();
	test_streams();
	test_foreign_xref_stream();
	test_refusals();
	return check_done();
}
