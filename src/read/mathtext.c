/* mathtext.c - formulas in titles: typeset in blocks, plain elsewhere. */
#include "mathtext.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "mathparse.h"
#include "mathtree.h"
#include "util.h"

char *
mathtext_scan(const char *s, struct formulas *f)
{
	size_t len;

	return mathscan(s, strlen(s), 1, f, &len);
}

/* The formula of the marker at s[0..n), if any: its entry in f (one
 * with no source when f has none), the marker's length in *used. */
static const struct formula *
marker_at(const char *s, size_t n, const struct formulas *f, size_t *used)
{
	static const struct formula none;
	long k = mathscan_marker(s, n, used);

	if (k < 0)
		return NULL;
	if (f == NULL || (size_t)k >= f->n)
		return &none;
	return &f->v[k];
}

/*
 * Copies the text of *s up to its next formula that parses into b, and
 * returns that formula (the caller unrefs it; its line in *line), or
 * NULL at the end. A formula that does not parse is copied as its
 * source, with a warning when warn is set. *s moves past what was read.
 */
static struct math *
next_formula(const char **s, const struct formulas *f, struct buf *b,
    int warn, const char *file, unsigned *line)
{
	const char *p = *s, *end = p + strlen(p);

	while (p < end) {
		size_t used;
		const struct formula *fo = marker_at(p, (size_t)(end - p), f,
		    &used);
		char *why;
		struct math *m;

		if (fo == NULL) {
			buf_putc(b, *p++);
			continue;
		}
		p += used;
		if (fo->tex == NULL)
			continue;
		m = mathparse(fo->tex, strlen(fo->tex), 0, &why);
		if (m == NULL) {
			if (warn)
				diag(DIAG_WARNING, file, fo->line, "%s", why);
			free(why);
			buf_puts(b, fo->tex);
			continue;
		}
		*s = p;
		*line = fo->line;
		return m;
	}
	*s = p;
	return NULL;
}

char *
mathtext_plain(const char *marked, const struct formulas *f)
{
	struct buf b = {0};
	struct math *m;
	unsigned line;

	while ((m = next_formula(&marked, f, &b, 0, NULL, &line)) != NULL) {
		char *t = math_plain(m->root);

		buf_puts(&b, t);
		free(t);
		math_unref(m);
	}
	return b.data ? buf_take(&b) : xstrdup("");
}

void
mathtext_set(const char *marked, const struct formulas *f, const char *file,
    char **text, PangoAttrList **attrs)
{
	struct buf b = {0};
	struct math *m;
	unsigned line;

	*attrs = NULL;
	while ((m = next_formula(&marked, f, &b, 1, file, &line)) != NULL) {
		size_t start = b.len;
		PangoAttribute *a;

		if (m->warning != NULL)
			diag(DIAG_WARNING, file, line, "%s", m->warning);
		m->file = file ? xstrdup(file) : NULL;
		m->line = line;
		buf_puts(&b, MATH_OBJECT);
		if (*attrs == NULL)
			*attrs = pango_attr_list_new();
		a = math_attr_new(m);
		a->start_index = (guint)start;
		a->end_index = (guint)b.len;
		pango_attr_list_insert(*attrs, a);
		math_unref(m);
	}
	*text = b.data ? buf_take(&b) : xstrdup("");
}
