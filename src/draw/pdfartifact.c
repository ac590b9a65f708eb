/* pdfartifact.c - furniture as artifacts, in the update after cairo. */
#include "pdfartifact.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "artifact.h"
#include "util.h"

/* Page and structure trees are walked no deeper than this. */
#define MAX_DEPTH 64
/* An inflated page larger than this is not one of ours. */
#define MAX_PAGE (1UL << 28)
/*
 * Deflate's quickest level: the streams are a page's operators, which
 * squeeze nearly as well at 1 as at cairo's 6, in a fraction of the
 * time.
 */
#define LEVEL 1

/* data inflated into *out (new; the caller frees it); -1 if not zlib. */
static int
inflate_all(const char *data, size_t len, char **out, size_t *outlen)
{
	z_stream zs = {0};
	size_t cap = len * 4 + 1024;
	char *buf = xmalloc(cap);
	int rc;

	if (inflateInit(&zs) != Z_OK) {
		free(buf);
		return -1;
	}
	zs.next_in = (Bytef *)data;
	zs.avail_in = (uInt)len;
	for (;;) {
		zs.next_out = (Bytef *)buf + zs.total_out;
		zs.avail_out = (uInt)(cap - zs.total_out);
		rc = inflate(&zs, Z_NO_FLUSH);
		if (rc == Z_STREAM_END)
			break;
		if ((rc != Z_OK && rc != Z_BUF_ERROR) || zs.avail_out != 0 ||
		    cap >= MAX_PAGE) {
			inflateEnd(&zs);
			free(buf);
			return -1;
		}
		cap *= 2;
		buf = xrealloc(buf, cap);
	}
	*outlen = zs.total_out;
	inflateEnd(&zs);
	*out = buf;
	return 0;
}

/* Content stream num, rewritten when artifact_rewrite changes it. */
static int
rewrite_stream(struct pdfpatch *p, long num)
{
	char *dict, *data, *plain = NULL, *marked = NULL, *d1, *d2;
	size_t len, plen, mlen;
	const char *filter;
	int rc = 0;

	if (pdfpatch_stream(p, num, &dict, &data, &len) == -1)
		return -1;
	filter = pdf_dict_get(dict, "/Filter");
	if (filter == NULL) {
		plain = data;
		plen = len;
		data = NULL;
	} else if (!pdf_is_name(filter, "/FlateDecode") ||
	    pdf_dict_get(dict, "/DecodeParms") != NULL ||
	    inflate_all(data, len, &plain, &plen) == -1)
		goto out;
	if (artifact_rewrite(plain, plen, &marked, &mlen) == 1) {
		uLongf zlen = compressBound((uLong)mlen);
		char *z = xmalloc(zlen), *length;
		struct buf b = {0};

		if (compress2((Bytef *)z, &zlen, (const Bytef *)marked,
		    (uLong)mlen, LEVEL) != Z_OK) {
			free(z);
			goto out;
		}
		length = xasprintf("%lu", (unsigned long)zlen);
		d1 = pdf_dict_set(dict, "/Length", length);
		d2 = d1 ? pdf_dict_set(d1, "/Filter", "/FlateDecode") : NULL;
		if (d2 != NULL) {
			buf_puts(&b, d2);
			buf_puts(&b, "\nstream\n");
			buf_append(&b, z, zlen);
			buf_puts(&b, "\nendstream");
			pdfpatch_put(p, num, b.data, b.len);
		}
		buf_free(&b);
		free(d2);
		free(d1);
		free(length);
		free(z);
	}
out:
	free(marked);
	free(plain);
	free(data);
	free(dict);
	return rc;
}

/* Every page's content streams under the page tree node obj. */
static int
pages(struct pdfpatch *p, long obj, int depth)
{
	char *text = pdfpatch_get(p, obj);
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
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = tree ? pages(p, refs[i], depth + 1) :
		    rewrite_stream(p, refs[i]);
	free(refs);
	free(text);
	return rc;
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
 * The array (or single value) v with the references that gone marks
 * (an array of count flags) dropped, or made null when keep_place (a
 * parent tree's array, indexed by MCID). A new string; *changed is set
 * when anything went.
 */
static char *
without(const char *v, const unsigned char *gone, long count, int keep_place,
    int *changed)
{
	struct buf b = {0};
	const char *e, *next;

	*changed = 0;
	if (*v != '[') {
		long r = pdf_ref(v);

		if (r > 0 && r < count && gone[r]) {
			*changed = 1;
			return xstrdup(keep_place ? "null" : "[ ]");
		}
		return NULL;
	}
	buf_puts(&b, "[");
	for (e = pdf_space(v + 1); *e && *e != ']'; e = pdf_space(next)) {
		long r = pdf_ref(e);

		if ((next = pdf_skip(e)) == NULL) {
			buf_free(&b);
			*changed = 0;
			return NULL;
		}
		if (r > 0 && r < count && gone[r]) {
			*changed = 1;
			if (keep_place)
				buf_puts(&b, " null");
			continue;
		}
		buf_putc(&b, ' ');
		buf_append(&b, e, (size_t)(next - e));
	}
	buf_puts(&b, " ]");
	if (!*changed) {
		buf_free(&b);
		return NULL;
	}
	return buf_take(&b);
}

/* Puts obj (text) again with key's value replaced by value. */
static void
put_with(struct pdfpatch *p, long obj, const char *text, const char *key,
    const char *value)
{
	char *s = pdf_dict_set(text, key, value);

	if (s != NULL)
		pdfpatch_put(p, obj, s, strlen(s));
	free(s);
}

/* Takes the furniture elements out from under element obj (text, taken
 * over), marking them in gone. Returns how many went, or -1. */
static long
prune(struct pdfpatch *p, long obj, char *text, unsigned char *gone,
    int depth)
{
	long *refs = NULL, went = 0, count = pdfpatch_count(p);
	const char *k = pdf_dict_get(text, "/K");
	size_t n = pdf_refs(k, &refs);

	if (depth > MAX_DEPTH) {
		free(text);
		errno = EINVAL;
		return -1;
	}
	for (size_t i = 0; i < n && went >= 0; i++) {
		char *kid = pdfpatch_get(p, refs[i]);
		long sub;

		if (kid == NULL || refs[i] >= count) {
			free(kid);
			went = -1;
		} else if (is_furniture(kid)) {
			gone[refs[i]] = 1;
			went++;
			free(kid);
		} else if (pdf_is_name(pdf_dict_get(kid, "/Type"),
		    "/StructElem")) {
			sub = prune(p, refs[i], kid, gone, depth + 1);
			went = sub < 0 ? -1 : went + sub;
		} else
			free(kid);
	}
	if (went > 0) {
		int changed;
		char *k2 = without(k, gone, count, 0, &changed);

		if (changed)
			put_with(p, obj, text, "/K", k2);
		free(k2);
	}
	free(refs);
	free(text);
	return went;
}

/* Nulls gone's entries in the parent tree under number tree node obj. */
static int
parents(struct pdfpatch *p, long obj, const unsigned char *gone, int depth)
{
	char *text = pdfpatch_get(p, obj), *nums2;
	const char *nums;
	long *refs = NULL, count = pdfpatch_count(p);
	size_t n;
	int rc = 0, changed;

	if (text == NULL || depth > MAX_DEPTH) {
		free(text);
		errno = errno ? errno : EINVAL;
		return -1;
	}
	n = pdf_refs(pdf_dict_get(text, "/Kids"), &refs);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = parents(p, refs[i], gone, depth + 1);
	free(refs);
	/* The values: an element (an annotation's), or a page's array of
	 * elements by MCID, in an object of its own or in place. */
	nums = pdf_dict_get(text, "/Nums");
	n = pdf_refs(nums, &refs);
	for (size_t i = 0; i < n && rc == 0; i++) {
		char *v = pdfpatch_get(p, refs[i]), *v2;
		const char *a = v ? pdf_space(v) : NULL;

		if (a != NULL && *a == '[' &&
		    (v2 = without(a, gone, count, 1, &changed)) != NULL) {
			pdfpatch_put(p, refs[i], v2, strlen(v2));
			free(v2);
		}
		free(v);
	}
	free(refs);
	if (nums != NULL && rc == 0) {
		struct buf b = {0};
		const char *e, *next;
		int any = 0;

		/* In place: each value through without(). */
		buf_puts(&b, "[");
		for (e = pdf_space(nums + 1); *nums == '[' && *e && *e != ']';
		    e = pdf_space(next)) {
			char *v2;

			if ((next = pdf_skip(e)) == NULL)
				break;
			v2 = without(e, gone, count, 1, &changed);
			buf_putc(&b, ' ');
			if (changed) {
				buf_puts(&b, v2);
				any = 1;
			} else
				buf_append(&b, e, (size_t)(next - e));
			free(v2);
		}
		buf_puts(&b, " ]");
		if (any) {
			nums2 = buf_take(&b);
			put_with(p, obj, text, "/Nums", nums2);
			free(nums2);
		}
		buf_free(&b);
	}
	free(text);
	return rc;
}

int
pdfartifact_apply(struct pdfpatch *p, const char *root)
{
	long pg = pdf_ref(pdf_dict_get(root, "/Pages"));
	long st = pdf_ref(pdf_dict_get(root, "/StructTreeRoot"));
	char *tree;
	unsigned char *gone;
	long went;
	int rc = 0;

	if (pg > 0 && pages(p, pg, 0) == -1)
		return -1;
	if (st <= 0)
		return 0;
	if ((tree = pdfpatch_get(p, st)) == NULL)
		return -1;
	gone = xcalloc((size_t)pdfpatch_count(p), 1);
	went = prune(p, st, xstrdup(tree), gone, 0);
	if (went < 0)
		rc = -1;
	else if (went > 0 && pdf_ref(pdf_dict_get(tree, "/ParentTree")) > 0)
		rc = parents(p, pdf_ref(pdf_dict_get(tree, "/ParentTree")),
		    gone, 0);
	free(gone);
	free(tree);
	return rc;
}
