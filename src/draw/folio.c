/* folio.c - page numbers and running heads. */
#include "folio.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "artifact.h"
#include "paint.h"
#include "util.h"

/*
 * A head too long for its line is cut after a whole word, with an
 * ellipsis; a single word too long is cut where it must (Pango's
 * ellipsis).
 */
static void
cut_at_word(PangoLayout *l, const char *text, double width)
{
	char *t = xstrdup(text);
	PangoRectangle log;
	char *sp;

	pango_layout_set_width(l, -1);
	pango_layout_get_extents(l, NULL, &log);
	while ((double)log.width / PANGO_SCALE > width &&
	    (sp = strrchr(t, ' ')) != NULL) {
		/* drop the last word and the punctuation before it */
		while (sp > t && strchr(" ,;:-", sp[-1]) != NULL)
			sp--;
		strcpy(sp, "\xE2\x80\xA6");	/* … */
		pango_layout_set_text(l, t, -1);
		pango_layout_get_extents(l, NULL, &log);
		if ((double)log.width / PANGO_SCALE > width)
			*sp = '\0';
	}
	free(t);
	pango_layout_set_width(l, (int)(width * PANGO_SCALE));
}

static void
put(struct canvas *cv, const struct measure_ctx *mc, enum role role,
    const char *text, double left, double width, double baseline,
    PangoAlignment align)
{
	PangoLayout *l = measure_text(mc, role, text, NULL, width);
	/* Furniture, marked as an artifact of its kind (artifact.h). */
	struct tag_path furniture = { .n = 1, .node = { { role ==
		ROLE_HEADER ? ARTIFACT_HEADER : ARTIFACT_FOOTER, 0 } } };

	canvas_struct(cv, &furniture);
	pango_layout_set_alignment(l, align);
	if (role == ROLE_HEADER)
		cut_at_word(l, text, width);
	pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
	paint_layout(cv, l, left, baseline -
	    (double)pango_layout_get_baseline(l) / PANGO_SCALE,
	    mc->st->role[role].color);
	g_object_unref(l);
}

void
folio_paint(struct canvas *cv, const struct measure_ctx *mc, const struct folio *f,
    double left, double width)
{
	const struct style *st = mc->st;

	if (cv == NULL)
		return;
	if (f->number != NULL)
		put(cv, mc, ROLE_FOOTER, f->number, left, width,
		    st->page_h - st->margin_bottom +
		    st->role[ROLE_FOOTER].leading * 2.2, PANGO_ALIGN_CENTER);
	if (f->head != NULL && *f->head)
		put(cv, mc, ROLE_HEADER, f->head, left, width,
		    st->margin_top - st->role[ROLE_HEADER].leading * 1.6,
		    f->verso ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT);
}

void
folio_roman(int n, char *out, size_t size)
{
	static const struct {
		int v;
		const char *s;
	} r[] = {
		{ 1000, "m" }, { 900, "cm" }, { 500, "d" }, { 400, "cd" },
		{ 100, "c" }, { 90, "xc" }, { 50, "l" }, { 40, "xl" },
		{ 10, "x" }, { 9, "ix" }, { 5, "v" }, { 4, "iv" }, { 1, "i" }
	};
	size_t len = 0;

	out[0] = '\0';
	if (n <= 0 || n >= 4000) {
		snprintf(out, size, "%d", n);
		return;
	}
	for (size_t i = 0; i < sizeof(r) / sizeof(*r); i++)
		while (n >= r[i].v && len + strlen(r[i].s) < size) {
			strcpy(out + len, r[i].s);
			len += strlen(r[i].s);
			n -= r[i].v;
		}
}
