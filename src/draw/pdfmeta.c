/* pdfmeta.c - language, alternate texts, XMP and output intent. */
#include "pdfmeta.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>

#include "pdfartifact.h"
#include "pdforder.h"
#include "pdfpatch.h"
#include "pdfstruct.h"
#include "structlog.h"
#include "util.h"

#ifndef QUIRE_VERSION
#define QUIRE_VERSION "0"
#endif

/* A profile larger than this is not an sRGB profile. */
#define MAX_ICC (1 << 20)

static const char *
date_or_default(const struct pdfmeta *m)
{
	return m->date != NULL && *m->date ? m->date : PDFMETA_NO_DATE;
}

static const char *
moddate_or_date(const struct pdfmeta *m)
{
	return m->moddate != NULL && *m->moddate ? m->moddate :
	    date_or_default(m);
}

/* "2024-08-02T19:05:00+02:00" as a PDF date, D:20240802190500+02'00'. */
static void
pdf_date(const char *iso, char *out, size_t n)
{
	char zone[16] = "Z";

	if (strlen(iso) > 19 && (iso[19] == '+' || iso[19] == '-') &&
	    strlen(iso) >= 25)
		snprintf(zone, sizeof(zone), "%c%.2s'%.2s'", iso[19],
		    iso + 20, iso + 23);
	snprintf(out, n, "D:%.4s%.2s%.2s%.2s%.2s%.2s%s", iso, iso + 5,
	    iso + 8, iso + 11, iso + 14, iso + 17, zone);
}

static char *
producer(void)
{
	return xasprintf("quire %s (cairo %s)", QUIRE_VERSION,
	    cairo_version_string());
}

/* The Info dictionary, written anew so that it and the XMP say the same
 * thing from the same strings. */
static char *
info_dict(const struct pdfmeta *m)
{
	const struct {
		const char *key, *value;
	} f[] = {
		{ "/Title", m->title }, { "/Author", m->author },
		{ "/Subject", m->subject }, { "/Keywords", m->keywords },
		{ "/Creator", "quire" },
	};
	struct buf b = {0};
	char date[40], mod[40], *s, *prod = producer();

	buf_puts(&b, "<<");
	for (size_t i = 0; i < sizeof(f) / sizeof(*f); i++)
		if (f[i].value != NULL && *f[i].value) {
			s = pdf_text_string(f[i].value);
			buf_printf(&b, "\n   %s %s", f[i].key, s);
			free(s);
		}
	s = pdf_text_string(prod);
	buf_printf(&b, "\n   /Producer %s", s);
	free(s);
	free(prod);
	pdf_date(date_or_default(m), date, sizeof(date));
	pdf_date(moddate_or_date(m), mod, sizeof(mod));
	buf_printf(&b, "\n   /CreationDate (%s)\n   /ModDate (%s)\n>>", date,
	    mod);
	return buf_take(&b);
}

/* One language-alternative XMP property. */
static void
put_alt(struct buf *b, const char *prop, const char *value)
{
	if (value == NULL || !*value)
		return;
	buf_printf(b, "   <%s><rdf:Alt><rdf:li xml:lang=\"x-default\">", prop);
	buf_put_escaped(b, value, 0);
	buf_printf(b, "</rdf:li></rdf:Alt></%s>\n", prop);
}

static void
put_simple(struct buf *b, const char *prop, const char *value)
{
	if (value == NULL || !*value)
		return;
	buf_printf(b, "   <%s>", prop);
	buf_put_escaped(b, value, 0);
	buf_printf(b, "</%s>\n", prop);
}

/* The keywords ("a, b, c") as dc:subject's bag. */
static void
put_subjects(struct buf *b, const char *keywords)
{
	const char *s = keywords;

	if (s == NULL || !*s)
		return;
	buf_puts(b, "   <dc:subject><rdf:Bag>");
	while (*s) {
		size_t n = strcspn(s, ",");
		char *one = xstrndup(s, n);

		buf_puts(b, "<rdf:li>");
		buf_put_escaped(b, one, 0);
		buf_puts(b, "</rdf:li>");
		free(one);
		s += n;
		while (*s == ',' || *s == ' ')
			s++;
	}
	buf_puts(b, "</rdf:Bag></dc:subject>\n");
}

/* The XMP packet, as a stream object's text. */
static char *
xmp_object(const struct pdfmeta *m)
{
	struct buf x = {0}, o = {0};
	char *prod = producer();

	buf_puts(&x, "<?xpacket begin=\"\xEF\xBB\xBF\" "
	    "id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
	    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
	    " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
	    "  <rdf:Description rdf:about=\"\"\n"
	    "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
	    "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
	    "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
	    "    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
	    "   <dc:format>application/pdf</dc:format>\n");
	put_alt(&x, "dc:title", m->title);
	if (m->author != NULL && *m->author) {
		buf_puts(&x, "   <dc:creator><rdf:Seq><rdf:li>");
		buf_put_escaped(&x, m->author, 0);
		buf_puts(&x, "</rdf:li></rdf:Seq></dc:creator>\n");
	}
	put_alt(&x, "dc:description", m->subject);
	put_subjects(&x, m->keywords);
	if (m->lang != NULL && *m->lang) {
		buf_puts(&x, "   <dc:language><rdf:Bag><rdf:li>");
		buf_put_escaped(&x, m->lang, 0);
		buf_puts(&x, "</rdf:li></rdf:Bag></dc:language>\n");
	}
	put_simple(&x, "pdf:Keywords", m->keywords);
	put_simple(&x, "pdf:Producer", prod);
	put_simple(&x, "xmp:CreatorTool", "quire");
	put_simple(&x, "xmp:CreateDate", date_or_default(m));
	put_simple(&x, "xmp:ModifyDate", moddate_or_date(m));
	buf_puts(&x, "   <pdfaid:part>2</pdfaid:part>\n"
	    "   <pdfaid:conformance>B</pdfaid:conformance>\n"
	    "  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n"
	    "<?xpacket end=\"w\"?>");
	buf_printf(&o, "<< /Type /Metadata /Subtype /XML /Length %zu >>\n"
	    "stream\n", x.len);
	buf_append(&o, x.data, x.len);
	buf_puts(&o, "\nendstream");
	buf_free(&x);
	free(prod);
	return buf_take(&o);
}

/* The ICC profile as a stream object's text, or NULL without one. */
static char *
icc_object(const char *path, size_t *len)
{
	FILE *f = path ? fopen(path, "rb") : NULL;
	struct buf o = {0};
	char *data;
	size_t n;

	if (f == NULL)
		return NULL;
	data = xmalloc(MAX_ICC);
	n = fread(data, 1, MAX_ICC, f);
	fclose(f);
	if (n == 0 || n == MAX_ICC) {
		free(data);
		return NULL;
	}
	buf_printf(&o, "<< /N 3 /Length %zu >>\nstream\n", n);
	buf_append(&o, data, n);
	buf_puts(&o, "\nendstream");
	free(data);
	*len = o.len;
	return buf_take(&o);
}

/* Puts obj's text with entries added to its dictionary. */
static int
add_to(struct pdfpatch *p, long obj, const char *entries)
{
	char *text = pdfpatch_get(p, obj), *added;

	if (text == NULL)
		return -1;
	added = pdf_dict_add(text, entries);
	free(text);
	if (added == NULL) {
		errno = EINVAL;
		return -1;
	}
	pdfpatch_put(p, obj, added, strlen(added));
	free(added);
	return 0;
}

/* Two 64-bit FNV-1a hashes of s: the file's identifier (the same input
 * gives the same bytes). */
static void
file_id(const char *s, char *out, size_t n)
{
	uint64_t a = 0xcbf29ce484222325ULL, b = 0x84222325cbf29ce4ULL;

	for (; *s; s++) {
		a = (a ^ (unsigned char)*s) * 0x100000001b3ULL;
		b = (b ^ (unsigned char)*s) * 0x100000001b3ULL;
	}
	snprintf(out, n, "%016llX%016llX", (unsigned long long)a,
	    (unsigned long long)b);
}

int
pdfmeta_apply(FILE *f, const struct pdfmeta *m)
{
	struct pdfpatch *p = pdfpatch_open(f);
	struct pdfartifact *art = NULL;
	struct buf cat = {0};
	char *root = NULL, *s, id[40];
	size_t len;
	long obj;
	int rc = -1;

	if (p == NULL)
		return -1;
	if ((root = pdfpatch_get(p, pdfpatch_root(p))) == NULL)
		goto out;
	/* Info, new or in place of cairo's. */
	s = info_dict(m);
	obj = pdfpatch_info(p) ? pdfpatch_info(p) : pdfpatch_alloc(p);
	pdfpatch_put(p, obj, s, strlen(s));
	{
		/* The same values with another length are another file. */
		char *key;

		fseek(f, 0, SEEK_END);
		key = xasprintf("%s %ld", s, ftell(f));
		file_id(key, id, sizeof(id));
		free(key);
	}
	free(s);
	/* The catalog's additions. */
	if (m->lang != NULL && *m->lang) {
		s = pdf_text_string(m->lang);
		buf_printf(&cat, "/Lang %s ", s);
		free(s);
	}
	buf_puts(&cat, "/ViewerPreferences << /DisplayDocTitle true >>");
	s = xmp_object(m);
	obj = pdfpatch_alloc(p);
	pdfpatch_put(p, obj, s, strlen(s));
	free(s);
	buf_printf(&cat, " /Metadata %ld 0 R", obj);
	if ((s = icc_object(m->icc, &len)) != NULL) {
		long icc = pdfpatch_alloc(p);
		char *intent;

		pdfpatch_put(p, icc, s, len);
		free(s);
		intent = xasprintf("<< /Type /OutputIntent /S /GTS_PDFA1\n"
		    "   /OutputConditionIdentifier (sRGB IEC61966-2.1)\n"
		    "   /Info (sRGB IEC61966-2.1)\n"
		    "   /DestOutputProfile %ld 0 R >>", icc);
		obj = pdfpatch_alloc(p);
		pdfpatch_put(p, obj, intent, strlen(intent));
		free(intent);
		buf_printf(&cat, " /OutputIntents [ %ld 0 R ]", obj);
	}
	if (m->labels != NULL)
		buf_printf(&cat, " /PageLabels %ld 0 R",
		    pdforder_labels(p, m->labels, m->npages));
	if (pdfstruct_write(p, root, m->log, m->order, &cat) == -1 ||
	    add_to(p, pdfpatch_root(p), cat.data) == -1)
		goto out;
	/* The pages' streams are rewritten on other threads, while this
	 * one puts the pages in order. */
	if (structlog_tagged(m->log) && (art = pdfartifact_start(p, root,
	    m->log, m->threads)) == NULL)
		goto out;
	if (m->order != NULL && pdforder_pages(p, root, m->order,
	    m->npages) == -1)
		goto out;
	rc = pdfartifact_finish(art, 1);
	art = NULL;
	if (rc == -1)
		goto out;
	if (m->images != NULL && (rc = pdfimages_put(m->images, p)) == -1)
		goto out;
	s = xasprintf("/ID [ <%s> <%s> ]", id, id);
	pdfpatch_trailer(p, s);
	free(s);
	rc = pdfpatch_write(p);
out:
	if (art != NULL) {
		int e = errno;

		pdfartifact_finish(art, 0);
		errno = e;
	}
	buf_free(&cat);
	free(root);
	pdfpatch_free(p);
	return rc;
}
