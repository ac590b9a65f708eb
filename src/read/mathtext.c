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

/* The formula of the marker at s, if any: its entry in f (one with no
 * source when f has none), the marker's length in *used. */
static const struct formula *
marker_at(const char *s, const struct formulas *f, size_t *used)
{
	static const struct formula none;
	long k = mathscan_marker(s, strlen(s), used);

	if (k < 0)
		return NULL;
	if (f == NULL || (size_t)k >= f->n)
		return &none;
	return &f->v[k];
}

char *
mathtext_plain(const char *marked, const struct formulas *f)
{
	struct buf b = {0};

	for (const char *s = marked; *s;) {
		size_t used;
		const struct formula *fo = marker_at(s, f, &used);
		char *why;
		struct math *m;

		if (fo == NULL) {
			buf_putc(&b, *s++);
			continue;
		}
		s += used;
		if (fo->tex == NULL)
			continue;
		m = mathparse(fo->tex, strlen(fo->tex), 0, &why);
		if (m == NULL) {
			buf_puts(&b, fo->tex);
			free(why);
			continue;
		}
		{
			char *t = math_plain(m->root);

			buf_puts(&b, t);
			free(t);
		}
		math_unref(m);
	}
	return b.data ? buf_take(&b) : xstrdup("");
}

void
mathtext_set(const char *marked, const struct formulas *f, const char *file,
    char **text, PangoAttrList **attrs)
{
	struct buf b = {0};

	*attrs = NULL;
	for (const char *s = marked; *s;) {
		size_t used, start = b.len;
		const struct formula *fo = marker_at(s, f, &used);
		char *why;
		struct math *m;
		PangoAttribute *a;

		if (fo == NULL) {
			buf_putc(&b, *s++);
			continue;
		}
		s += used;
		if (fo->tex == NULL)
			continue;
		m = mathparse(fo->tex, strlen(fo->tex), 0, &why);
		if (m == NULL) {
			diag(DIAG_WARNING, file, fo->line, "%s", why);
			free(why);
			buf_puts(&b, fo->tex);
			continue;
		}
		if (m->warning != NULL)
			diag(DIAG_WARNING, file, fo->line, "%s", m->warning);
		m->file = file ? xstrdup(file) : NULL;
		m->line = fo->line;
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
