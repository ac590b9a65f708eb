/* pdforder.c - pages in reading order, and their labels. */
#include "pdforder.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

int
pdforder_pages(struct pdfpatch *p, const char *root, const size_t *order,
    size_t n)
{
	long tree = pdf_ref(pdf_dict_get(root, "/Pages"));
	char *text = tree > 0 ? pdfpatch_get(p, tree) : NULL, *s;
	long *kids = NULL;
	struct buf b = {0};
	int rc = -1;

	if (text == NULL || pdf_refs(pdf_dict_get(text, "/Kids"), &kids) !=
	    n) {
		errno = EINVAL;
		goto out;
	}
	buf_puts(&b, "[");
	for (size_t k = 0; k < n; k++)
		buf_printf(&b, " %ld 0 R", kids[order[k]]);
	buf_puts(&b, " ]");
	if ((s = pdf_dict_set(text, "/Kids", b.data)) == NULL) {
		errno = EINVAL;
		goto out;
	}
	pdfpatch_put(p, tree, s, strlen(s));
	free(s);
	rc = 0;
out:
	buf_free(&b);
	free(text);
	free(kids);
	return rc;
}

/* Whether s is a number written as a decimal range writes it: digits,
 * no leading zero. */
static long
decimal(const char *s)
{
	long v = 0;

	if (s == NULL || *s < '1' || *s > '9' || strlen(s) > 9)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

long
pdforder_labels(struct pdfpatch *p, char *const *labels, size_t n)
{
	struct buf b = {0};
	long obj = pdfpatch_alloc(p), next = -1;

	buf_puts(&b, "<< /Nums [");
	for (size_t k = 0; k < n; k++) {
		long v = decimal(labels[k]);
		char *t;

		if (v > 0 && v == next) {
			next++;
			continue;	/* the range goes on */
		}
		next = v > 0 ? v + 1 : -1;
		if (v > 0)
			buf_printf(&b, "\n  %zu << /S /D /St %ld >>", k, v);
		else if (labels[k] != NULL) {
			t = pdf_text_string(labels[k]);
			buf_printf(&b, "\n  %zu << /P %s >>", k, t);
			free(t);
		} else
			buf_printf(&b, "\n  %zu << >>", k);
	}
	buf_puts(&b, " ] >>");
	pdfpatch_put(p, obj, b.data, b.len);
	buf_free(&b);
	return obj;
}
