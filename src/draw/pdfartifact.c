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
 * Deflate's default level, as cairo's: level 1 takes half the time but
 * makes a booklet's pages 17 % larger, and a page of one word repeated
 * (tests/errors' long line) 3.4 times larger.
 */
#define LEVEL Z_DEFAULT_COMPRESSION

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

/* Content stream num, rewritten when artifact_rewrite changes it; the
 * MCIDs of the furniture it made artifacts are appended to *mcid. */
static int
rewrite_stream(struct pdfpatch *p, long num, long **mcid, size_t *nmcid)
{
	char *dict, *data, *plain = NULL, *d1, *d2;
	size_t len, plen;
	const char *filter;
	struct artifact_out o;

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
	if (artifact_rewrite(plain, plen, &o) == 1) {
		uLongf zlen = compressBound((uLong)o.len);
		char *z = xmalloc(zlen), *length;
		struct buf b = {0};

		if (compress2((Bytef *)z, &zlen, (const Bytef *)o.data,
		    (uLong)o.len, LEVEL) == Z_OK) {
			length = xasprintf("%lu", (unsigned long)zlen);
			d1 = pdf_dict_set(dict, "/Length", length);
			d2 = d1 ? pdf_dict_set(d1, "/Filter", "/FlateDecode") :
			    NULL;
			if (d2 != NULL) {
				buf_puts(&b, d2);
				buf_puts(&b, "\nstream\n");
				buf_append(&b, z, zlen);
				buf_puts(&b, "\nendstream");
				pdfpatch_put(p, num, b.data, b.len);
				*mcid = xreallocarray(*mcid, *nmcid + o.nmcid +
				    1, sizeof(**mcid));
				memcpy(*mcid + *nmcid, o.mcid, o.nmcid *
				    sizeof(**mcid));
				*nmcid += o.nmcid;
			}
			buf_free(&b);
			free(d2);
			free(d1);
			free(length);
		}
		free(z);
		artifact_out_free(&o);
	}
out:
	free(plain);
	free(data);
	free(dict);
	return 0;
}

/* What the walk over the pages gathers. */
struct walk {
	struct pdfpatch *p;
	long	 count;		/* objects 1 .. count - 1 */
	long	*key, *arr;	/* the parent tree: a page's key and the
				   object of its array of elements by MCID */
	size_t	 nkey;
	unsigned char *gone;	/* furniture elements, by object number */
	long	*parent;	/* the elements that held them */
	size_t	 nparent;
};

/* Reads the parent tree under number tree node obj into w. */
static int
parent_tree(struct walk *w, long obj, int depth)
{
	char *text = pdfpatch_get(w->p, obj);
	const char *e, *v, *nums;
	long *refs = NULL;
	size_t n;
	int rc = 0;

	if (text == NULL || depth > MAX_DEPTH) {
		free(text);
		errno = errno ? errno : EINVAL;
		return -1;
	}
	n = pdf_refs(pdf_dict_get(text, "/Kids"), &refs);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = parent_tree(w, refs[i], depth + 1);
	free(refs);
	/* Pairs of a key and a value; values in place have no furniture
	 * cairo made. */
	nums = pdf_dict_get(text, "/Nums");
	e = nums != NULL && *nums == '[' ? pdf_space(nums + 1) : "";
	while (*e && *e != ']') {
		long key = strtol(e, NULL, 10);

		if ((v = pdf_skip(e)) == NULL)
			break;
		v = pdf_space(v);
		if ((e = pdf_skip(v)) == NULL)
			break;
		e = pdf_space(e);
		if (pdf_ref(v) > 0) {
			w->key = xreallocarray(w->key, w->nkey + 1,
			    sizeof(*w->key));
			w->arr = xreallocarray(w->arr, w->nkey + 1,
			    sizeof(*w->arr));
			w->key[w->nkey] = key;
			w->arr[w->nkey++] = pdf_ref(v);
		}
	}
	free(text);
	return rc;
}

static int
has(const long *a, size_t n, long v)
{
	for (size_t i = 0; i < n; i++)
		if (a[i] == v)
			return 1;
	return 0;
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
 * The page's parent array, object arr: the furniture elements at the
 * MCIDs given made null, and noted in w with the elements holding them.
 */
static void
drop_mcids(struct walk *w, long arr, const long *mcid, size_t n)
{
	char *text = pdfpatch_get(w->p, arr);
	const char *e = text ? pdf_space(text) : "", *next;
	struct buf b = {0};
	long i = 0;
	int changed = 0;

	if (*e != '[') {
		free(text);
		return;
	}
	buf_puts(&b, "[");
	for (e = pdf_space(e + 1); *e && *e != ']'; e = pdf_space(next), i++) {
		long r = pdf_ref(e);
		char *elem = NULL;

		if ((next = pdf_skip(e)) == NULL)
			break;
		if (r > 0 && r < w->count && has(mcid, n, i) &&
		    (elem = pdfpatch_get(w->p, r)) != NULL &&
		    is_furniture(elem)) {
			long up = pdf_ref(pdf_dict_get(elem, "/P"));

			w->gone[r] = 1;
			if (up > 0 && !has(w->parent, w->nparent, up)) {
				w->parent = xreallocarray(w->parent,
				    w->nparent + 1, sizeof(*w->parent));
				w->parent[w->nparent++] = up;
			}
			buf_puts(&b, " null");
			changed = 1;
		} else {
			buf_putc(&b, ' ');
			buf_append(&b, e, (size_t)(next - e));
		}
		free(elem);
	}
	buf_puts(&b, " ]");
	if (changed && *e == ']')
		pdfpatch_put(w->p, arr, b.data, b.len);
	buf_free(&b);
	free(text);
}

/* Every page's content streams under the page tree node obj. */
static int
pages(struct walk *w, long obj, int depth)
{
	char *text = pdfpatch_get(w->p, obj);
	const char *sp;
	long *refs = NULL, *mcid = NULL, key;
	size_t n, nmcid = 0;
	int rc = 0, tree;

	if (text == NULL || depth > MAX_DEPTH) {
		free(text);
		errno = errno ? errno : EINVAL;
		return -1;
	}
	tree = pdf_is_name(pdf_dict_get(text, "/Type"), "/Pages");
	n = pdf_refs(pdf_dict_get(text, tree ? "/Kids" : "/Contents"), &refs);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = tree ? pages(w, refs[i], depth + 1) :
		    rewrite_stream(w->p, refs[i], &mcid, &nmcid);
	sp = tree || nmcid == 0 ? NULL : pdf_dict_get(text, "/StructParents");
	key = sp != NULL ? strtol(sp, NULL, 10) : -1;
	for (size_t i = 0; sp != NULL && i < w->nkey; i++)
		if (w->key[i] == key)
			drop_mcids(w, w->arr[i], mcid, nmcid);
	free(mcid);
	free(refs);
	free(text);
	return rc;
}

/* The array or single value v without the references gone marks: a new
 * string, or NULL when none went. */
static char *
without(const char *v, const struct walk *w)
{
	struct buf b = {0};
	const char *e, *next;
	int changed = 0;

	if (*v != '[') {
		long r = pdf_ref(v);

		return r > 0 && r < w->count && w->gone[r] ? xstrdup("[ ]") :
		    NULL;
	}
	buf_puts(&b, "[");
	for (e = pdf_space(v + 1); *e && *e != ']'; e = pdf_space(next)) {
		long r = pdf_ref(e);

		if ((next = pdf_skip(e)) == NULL) {
			buf_free(&b);
			return NULL;
		}
		if (r > 0 && r < w->count && w->gone[r]) {
			changed = 1;
			continue;
		}
		buf_putc(&b, ' ');
		buf_append(&b, e, (size_t)(next - e));
	}
	buf_puts(&b, " ]");
	if (!changed) {
		buf_free(&b);
		return NULL;
	}
	return buf_take(&b);
}

int
pdfartifact_apply(struct pdfpatch *p, const char *root)
{
	long pg = pdf_ref(pdf_dict_get(root, "/Pages"));
	long st = pdf_ref(pdf_dict_get(root, "/StructTreeRoot"));
	struct walk w = { .p = p, .count = pdfpatch_count(p) };
	char *tree = NULL;
	int rc = 0;

	if (st > 0) {
		if ((tree = pdfpatch_get(p, st)) == NULL)
			return -1;
		if (pdf_ref(pdf_dict_get(tree, "/ParentTree")) > 0)
			rc = parent_tree(&w, pdf_ref(pdf_dict_get(tree,
			    "/ParentTree")), 0);
	}
	w.gone = xcalloc((size_t)w.count, 1);
	if (rc == 0 && pg > 0)
		rc = pages(&w, pg, 0);
	/* The elements that held furniture let go of it. */
	for (size_t i = 0; rc == 0 && i < w.nparent; i++) {
		char *text = pdfpatch_get(p, w.parent[i]), *k, *s;
		const char *kv = text ? pdf_dict_get(text, "/K") : NULL;

		if (kv != NULL && (k = without(kv, &w)) != NULL) {
			if ((s = pdf_dict_set(text, "/K", k)) != NULL)
				pdfpatch_put(p, w.parent[i], s, strlen(s));
			free(s);
			free(k);
		}
		free(text);
	}
	free(w.key);
	free(w.arr);
	free(w.gone);
	free(w.parent);
	free(tree);
	return rc;
}
