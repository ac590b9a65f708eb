/* page.c - pages between margins, with folios, into the PDF. */
#include "page.h"

/* Two-sided: the inner margin is on the left of right-hand pages. */
static double
left_margin(const struct style *st, int verso)
{
	return verso ? st->margin_outer : st->margin_inner;
}

void
page_body(const struct paint_doc *pd, size_t p, int verso,
    struct canvas *cv)
{
	paint_page(pd, cv, p, left_margin(pd->mc->st, verso),
	    pd->mc->st->margin_top);
}

void
page_folio(const struct measure_ctx *mc, const struct folio *f,
    struct canvas *cv)
{
	folio_paint(cv, mc, f, left_margin(mc->st, f->verso), mc->column);
}

void
page_send(struct output *out, const struct measure_ctx *mc,
    struct canvas *body, const struct folio *f, const char *label)
{
	page_folio(mc, f, body);
	output_page(out, body, label);
}

void
page_blank(struct output *out, const struct measure_ctx *mc,
    const char *label)
{
	struct folio f = { .number = NULL, .verso = 1 };
	struct canvas cv = {0};

	page_send(out, mc, &cv, &f, label);
}

void
page_outline(struct output *out, int parent, const struct heading *h,
    size_t n, int open_to)
{
	int ids[7] = {0};

	for (size_t i = 0; i < n; i++) {
		int up = parent;

		for (int k = h[i].level - 1; k >= 1; k--)
			if (ids[k]) {
				up = ids[k];
				break;
			}
		ids[h[i].level] = output_outline(out, up, h[i].title,
		    h[i].dest, h[i].level <= open_to);
		for (int k = h[i].level + 1; k <= 6; k++)
			ids[k] = 0;
	}
}
