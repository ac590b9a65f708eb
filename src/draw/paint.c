/* paint.c - drawing what pagination placed. */
#include "paint.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <pango/pango.h>

#include "artifact.h"
#include "mathlayout.h"
#include "util.h"

void
paint_link(struct canvas *cv, const char *uri, const char *dest, double x,
    double y, double w, double h)
{
	if (cv != NULL)
		canvas_link(cv, dest != NULL ? NULL : uri, dest, x, y, w, h);
}

void
paint_dest(struct canvas *cv, const char *name, double x, double y)
{
	if (cv != NULL)
		canvas_dest(cv, name, x, y);
}

static void
dump_text(FILE *f, const char *s, size_t n)
{
	fputc('"', f);
	for (size_t i = 0; i < n && s[i]; i++) {
		if (s[i] == '"' || s[i] == '\\')
			fputc('\\', f);
		if (s[i] == '\n')
			fputs("\\n", f);
		else
			fputc(s[i], f);
	}
	fputc('"', f);
}

static const char *const kind_names[] = {
	"text", "code", "rule", "image", "table", "embed", "space"
};

/* Links of a text layout over lines [l0, l1) drawn at (x, y0). */
static void
paint_links(const struct paint_doc *pd, struct canvas *cv,
    const struct block *b, PangoLayout *layout, const struct line_box *lines,
    size_t first, size_t l0, size_t l1, double x, double y0)
{
	for (size_t k = 0; k < b->nlinks; k++) {
		const struct link *ln = &b->links[k];

		for (size_t i = l0; i < l1; i++) {
			PangoLayoutLine *line =
			    pango_layout_get_line_readonly(layout, (int)i);
			int *ranges = NULL, nr = 0;
			int s = line->start_index, e = s + line->length;
			double top = y0 + lines[i].top - lines[first].top;

			if ((size_t)e <= ln->start || (size_t)s >= ln->end)
				continue;
			pango_layout_line_get_x_ranges(line,
			    (int)(ln->start > (size_t)s ? ln->start : (size_t)s),
			    (int)(ln->end < (size_t)e ? ln->end : (size_t)e),
			    &ranges, &nr);
			for (int r = 0; r < nr; r++) {
				double rx = x + (double)ranges[2 * r] /
				    PANGO_SCALE;
				double rw = (double)(ranges[2 * r + 1] -
				    ranges[2 * r]) / PANGO_SCALE;

				paint_link(cv, ln->uri, ln->dest, rx, top,
				    rw, lines[i].height);
				if (ln->anchor != NULL && r == 0)
					paint_dest(cv, ln->anchor, rx,
					    top > 8 ? top - 8 : top);
				if (pd->dump)
					fprintf(pd->dump, "    link %.1f %.1f "
					    "%.1f %.1f %s\n", rx, top, rw,
					    lines[i].height, ln->dest ?
					    ln->dest : ln->uri);
			}
			g_free(ranges);
		}
	}
}

/* The attributes that decide how a run is drawn beyond its glyphs. */
struct look {
	unsigned color;
	int	 has_bg;
	unsigned bg;
	int	 strike, underline;
};

static unsigned
rgb16(const PangoColor *c)
{
	return (unsigned)(c->red >> 8) << 16 | (unsigned)(c->green >> 8) << 8 |
	    (unsigned)(c->blue >> 8);
}

static void
run_look(const PangoGlyphItem *run, unsigned color, struct look *lk)
{
	memset(lk, 0, sizeof(*lk));
	lk->color = color;
	for (GSList *a = run->item->analysis.extra_attrs; a; a = a->next) {
		const PangoAttribute *at = a->data;

		switch (at->klass->type) {
		case PANGO_ATTR_FOREGROUND:
			lk->color = rgb16(&((PangoAttrColor *)at)->color);
			break;
		case PANGO_ATTR_BACKGROUND:
			lk->has_bg = 1;
			lk->bg = rgb16(&((PangoAttrColor *)at)->color);
			break;
		case PANGO_ATTR_STRIKETHROUGH:
			lk->strike = ((PangoAttrInt *)at)->value;
			break;
		case PANGO_ATTR_UNDERLINE:
			lk->underline = ((PangoAttrInt *)at)->value !=
			    PANGO_UNDERLINE_NONE;
			break;
		default:
			break;
		}
	}
}

/*
 * Draws a run's glyphs. Soft hyphens inside the line are taken out of the
 * text given to cairo, so that the PDF's text (search, copy) reads
 * "hyphenation", not "hy\u00ADphen\u00ADation"; one that ends the line,
 * where the hyphen shows, stays.
 */
/* Bytes of an invisible break helper at t (n bytes left): a soft hyphen
 * (2) or a zero width space (3); else 0. */
static int
helper_len(const char *t, int n)
{
	const unsigned char *u = (const unsigned char *)t;

	if (n >= 2 && u[0] == 0xC2 && u[1] == 0xAD)
		return 2;
	if (n >= 3 && u[0] == 0xE2 && u[1] == 0x80 && u[2] == 0x8B)
		return 3;
	return 0;
}

/*
 * Draws a run's glyphs. The break helpers quire put into the text (soft
 * hyphens, zero width spaces) are taken out of the text given to cairo,
 * so that the PDF's text (search, copy) reads "hyphenation", not
 * "hy\u00ADphen\u00ADation"; a soft hyphen that ends the line, where the
 * hyphen shows, stays.
 */
static void
show_run(struct canvas *cv, const char *text, PangoGlyphItem *run,
    int line_end, double x, double y)
{
	PangoItem *item = run->item;
	const char *t = text + item->offset;
	PangoGlyphItem copy;
	struct buf b = {0};
	int *shift, removed = 0, any = 0;

	for (int i = 0; i < item->length && !any; i++)
		any = helper_len(t + i, item->length - i) > 0;
	if (!any) {
		canvas_glyphs(cv, text, run, x, y);
		return;
	}
	/* shift[i]: bytes taken out before byte i of the run's text. */
	shift = xcalloc((size_t)item->length + 1, sizeof(int));
	for (int i = 0; i < item->length; i++) {
		int h = helper_len(t + i, item->length - i);

		shift[i] = removed;
		if (h > 0 && !(h == 2 && item->offset + i + 2 == line_end)) {
			for (int k = 1; k < h; k++)
				shift[i + k] = removed;
			removed += h;
			i += h - 1;
			continue;
		}
		buf_putc(&b, t[i]);
	}
	shift[item->length] = removed;
	copy.item = pango_item_copy(item);
	copy.glyphs = pango_glyph_string_copy(run->glyphs);
	copy.y_offset = run->y_offset;
	copy.start_x_offset = run->start_x_offset;
	copy.end_x_offset = run->end_x_offset;
	copy.item->offset = 0;
	copy.item->length = (int)b.len;
	copy.item->num_chars = b.len ? (int)g_utf8_strlen(b.data,
	    (gssize)b.len) : 0;
	for (int g = 0; g < copy.glyphs->num_glyphs; g++) {
		int c = copy.glyphs->log_clusters[g];

		copy.glyphs->log_clusters[g] = c - shift[c < item->length ? c :
		    item->length];
		/* A glyph of a helper that ended the run belongs to the last
		 * character: its first byte, never inside it (cairo refuses
		 * clusters that split a character). */
		if (copy.glyphs->log_clusters[g] >= (int)b.len && b.len > 0)
			copy.glyphs->log_clusters[g] = (int)(g_utf8_find_prev_char(
			    b.data, b.data + b.len) - b.data);
	}
	if (b.len > 0)
		canvas_glyphs(cv, b.data, &copy, x, y);
	pango_glyph_string_free(copy.glyphs);
	pango_item_free(copy.item);
	buf_free(&b);
	free(shift);
}

/* The formula a run stands for (a shape from mathlayout_attrs), or NULL. */
static const struct mbox *
run_formula(const PangoGlyphItem *run)
{
	for (GSList *l = run->item->analysis.extra_attrs; l; l = l->next) {
		const struct mbox *b = mbox_attr_get(l->data);

		if (b != NULL)
			return b;
	}
	return NULL;
}

/*
 * A typeset formula with its origin at (x, base): each glyph a run of
 * the math font with the character it stands for as its text (the
 * pieces of a grown glyph share their first one's), then the rules.
 */
static void
paint_formula(struct canvas *cv, const struct mbox *b, double x, double base,
    unsigned color)
{
	unsigned now = color;

	for (size_t i = 0; i < b->nglyphs;) {
		const struct mglyph *g = &b->glyphs[i];
		size_t n = 1;
		PangoGlyphItem run;

		while (i + n < b->nglyphs && b->glyphs[i + n].text[0] == '\0' &&
		    b->glyphs[i + n].font == g->font)
			n++;
		run.item = pango_item_new();
		run.item->analysis.font = g_object_ref(g->font);
		run.item->offset = 0;
		run.item->length = (int)strlen(g->text);
		run.item->num_chars = (int)g_utf8_strlen(g->text, -1);
		run.glyphs = pango_glyph_string_new();
		pango_glyph_string_set_size(run.glyphs, (int)n);
		for (size_t k = 0; k < n; k++) {
			PangoGlyphInfo *gi = &run.glyphs->glyphs[k];

			gi->glyph = g[k].glyph;
			gi->geometry.width = 0;
			gi->geometry.x_offset = (int)((g[k].x - g->x) *
			    PANGO_SCALE);
			gi->geometry.y_offset = (int)(g[k].y * PANGO_SCALE);
			gi->attr.is_cluster_start = k == 0;
			run.glyphs->log_clusters[k] = 0;
		}
		run.y_offset = run.start_x_offset = run.end_x_offset = 0;
		if ((g->color ? g->color & 0xFFFFFF : color) != now)
			canvas_color(cv, now = g->color ? g->color & 0xFFFFFF :
			    color);
		if (run.item->length > 0)
			canvas_glyphs(cv, g->text, &run, x + g->x, base);
		pango_glyph_string_free(run.glyphs);
		pango_item_free(run.item);
		i += n;
	}
	for (size_t i = 0; i < b->nrules; i++) {
		unsigned want = b->rules[i].color ? b->rules[i].color &
		    0xFFFFFF : color;

		if (want != now)
			canvas_color(cv, now = want);
		canvas_rect(cv, x + b->rules[i].x, base + b->rules[i].y,
		    b->rules[i].w, b->rules[i].h, 0);
	}
	if (now != color)
		canvas_color(cv, color);
}

/*
 * One line of a layout with its baseline at (x, base): run by run, with
 * backgrounds, colours, strike-through and underline, like Pango's own
 * renderer, but with the line's text as show_run gives it.
 */
static void
paint_line(struct canvas *cv, PangoLayoutLine *line, double x, double base,
    unsigned color)
{
	const char *text = pango_layout_get_text(line->layout);
	int end = line->start_index + line->length;

	for (GSList *l = line->runs; l != NULL; l = l->next) {
		PangoGlyphItem *run = l->data;
		double w = (double)pango_glyph_string_get_width(run->glyphs) /
		    PANGO_SCALE;
		double y = base - (double)run->y_offset / PANGO_SCALE;
		PangoFontMetrics *fm = NULL;
		const struct mbox *b;
		struct look lk;

		run_look(run, color, &lk);
		if (lk.has_bg || lk.strike || lk.underline)
			fm = pango_font_get_metrics(run->item->analysis.font,
			    NULL);
		if (lk.has_bg) {
			double asc = (double)pango_font_metrics_get_ascent(fm) /
			    PANGO_SCALE;
			double desc = (double)pango_font_metrics_get_descent(fm) /
			    PANGO_SCALE;

			canvas_color(cv, lk.bg);
			canvas_rect(cv, x, y - asc, w, asc + desc, 0);
		}
		canvas_color(cv, lk.color);
		if ((b = run_formula(run)) != NULL)
			paint_formula(cv, b, x, y, lk.color);
		else
			show_run(cv, text, run, end, x, y);
		if (lk.strike || lk.underline) {
			double pos = (double)(lk.strike ?
			    pango_font_metrics_get_strikethrough_position(fm) :
			    pango_font_metrics_get_underline_position(fm)) /
			    PANGO_SCALE;
			double th = (double)(lk.strike ?
			    pango_font_metrics_get_strikethrough_thickness(fm) :
			    pango_font_metrics_get_underline_thickness(fm)) /
			    PANGO_SCALE;

			canvas_rect(cv, x, y - pos, w, th, 0);
		}
		if (fm != NULL)
			pango_font_metrics_unref(fm);
		x += w;
	}
}

/* Text lines [l0, l1) of layout with the first line's top at y. */
static void
paint_lines(struct canvas *cv, PangoLayout *layout,
    const struct line_box *lines, size_t l0, size_t l1, double x, double y,
    unsigned color)
{
	if (cv == NULL)
		return;
	for (size_t i = l0; i < l1; i++) {
		PangoLayoutLine *line =
		    pango_layout_get_line_readonly(layout, (int)i);

		paint_line(cv, line, x + lines[i].x,
		    y + lines[i].top - lines[l0].top + lines[i].baseline,
		    color);
	}
}

void
paint_layout(struct canvas *cv, PangoLayout *layout, double x, double y,
    unsigned color)
{
	PangoLayoutIter *it;

	if (cv == NULL)
		return;
	it = pango_layout_get_iter(layout);
	do {
		PangoRectangle log;

		pango_layout_iter_get_line_extents(it, NULL, &log);
		paint_line(cv, pango_layout_iter_get_line_readonly(it),
		    x + (double)log.x / PANGO_SCALE, y +
		    (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE,
		    color);
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
}

/*
 * Leader dots, n of them step apart from x on baseline base: the dot's
 * glyph repeated in one run, so that the whole leader is one operation.
 */
static void
paint_dots(struct canvas *cv, PangoLayout *dot, double x, double step,
    int n, double base)
{
	PangoLayoutLine *line = pango_layout_get_line_readonly(dot, 0);
	PangoGlyphItem *one, run;
	char *text;

	if (n <= 0 || line == NULL || line->runs == NULL)
		return;
	one = line->runs->data;
	if (one->glyphs->num_glyphs != 1)
		return;
	text = xmalloc((size_t)n + 1);
	memset(text, '.', (size_t)n);
	text[n] = '\0';
	run.item = pango_item_copy(one->item);
	run.item->offset = 0;
	run.item->length = n;
	run.item->num_chars = n;
	run.glyphs = pango_glyph_string_new();
	pango_glyph_string_set_size(run.glyphs, n);
	for (int i = 0; i < n; i++) {
		run.glyphs->glyphs[i] = one->glyphs->glyphs[0];
		run.glyphs->glyphs[i].geometry.width =
		    (int)(step * PANGO_SCALE);
		run.glyphs->log_clusters[i] = i;
	}
	run.y_offset = run.start_x_offset = run.end_x_offset = 0;
	canvas_glyphs(cv, text, &run, x, base);
	pango_glyph_string_free(run.glyphs);
	pango_item_free(run.item);
	free(text);
}

/*
 * The page number of a contents or index entry: at the right edge of the
 * column, dots leading to it from the end of the entry's last line.
 */
static void
paint_leader(const struct paint_doc *pd, struct canvas *cv,
    const struct block *b, const struct measured *m, double x, double top)
{
	const struct role_style *r = &pd->mc->st->role[b->role];
	PangoLayoutLine *last;
	PangoLayout *num, *dot;
	PangoRectangle lr, nr, dr;
	double right = x + pd->mc->column - b->indent - m->x, base, from;
	double step = r->size * 0.5, dx, stop;
	int n = 0;

	if (cv == NULL)
		return;
	last = pango_layout_get_line_readonly(m->layout, (int)m->nlines - 1);
	pango_layout_line_get_extents(last, NULL, &lr);
	num = measure_text(pd->mc, b->role, b->leader, NULL, -1);
	dot = measure_text(pd->mc, b->role, ".", NULL, -1);
	pango_layout_get_extents(num, NULL, &nr);
	pango_layout_get_extents(dot, NULL, &dr);
	base = top + m->lines[m->nlines - 1].baseline;
	paint_layout(cv, num, right - (double)nr.width / PANGO_SCALE, base -
	    (double)pango_layout_get_baseline(num) / PANGO_SCALE, r->color);
	/* Dots on a fixed grid, so that leaders line up down the page. */
	from = x + m->lines[m->nlines - 1].x + (double)lr.width / PANGO_SCALE +
	    r->size * 0.6;
	stop = right - (double)nr.width / PANGO_SCALE - r->size * 0.4 -
	    (double)dr.width / PANGO_SCALE;
	for (dx = x + step; dx < from; dx += step)
		;
	while (dx + n * step < stop)
		n++;
	paint_dots(cv, dot, dx, step, n, base);
	g_object_unref(num);
	g_object_unref(dot);
}

/* A list item's marker is its Lbl, beside the item's LBody (on = 1
 * before the marker, 0 after it). */
static void
label(const struct paint_doc *pd, struct canvas *cv, size_t block, int on)
{
	struct tag_path p;

	if (pd->tags == NULL || cv == NULL)
		return;
	p = pd->tags[block];
	for (size_t i = p.n; on && i-- > 0;)
		if (!strcmp(p.node[i].type, "LBody")) {
			p.node[i].type = "Lbl";
			p.n = i + 1;
			break;
		}
	canvas_struct(cv, &p);
}

/* The width a text block's lines are set in (right-aligned lines end
 * there). */
static double
text_width(const struct measured *m)
{
	int w = pango_layout_get_width(m->layout);

	return w > 0 ? (double)w / PANGO_SCALE : m->width;
}

static void
paint_text(const struct paint_doc *pd, struct canvas *cv,
    const struct pg_slice *sl, double x, double y)
{
	const struct block *b = &pd->blocks[sl->block];
	const struct measured *m = &pd->lay->m[sl->block];
	const struct style *st = pd->mc->st;

	if (b->boxed && cv != NULL) {
		double h = m->lines[sl->line1 - 1].top +
		    m->lines[sl->line1 - 1].height - m->lines[sl->line0].top;

		canvas_color(cv, st->code_background);
		canvas_rect(cv, x, y - m->pad, pd->mc->column - b->indent,
		    h + 2 * m->pad, 0);
		canvas_color(cv, st->quote_bar);
		canvas_rect(cv, x, y - m->pad, 2, h + 2 * m->pad, 0);
	}
	x += m->x;
	/* The marker first, so that a reader meets the label before the
	 * item's text. */
	if (m->marker != NULL && sl->line0 == 0 && cv != NULL) {
		PangoRectangle log;

		double mx, my;

		pango_layout_get_extents(m->marker, NULL, &log);
		/* In the indent: left of the text, or right of it when it
		 * runs right to left. */
		if (m->rtl)
			mx = x + text_width(m) + st->role[b->role].size * 0.5;
		else
			mx = x - st->role[b->role].size * 0.5 -
			    (double)log.width / PANGO_SCALE;
		my = y + m->lines[0].baseline -
		    (double)pango_layout_get_baseline(m->marker) / PANGO_SCALE;
		label(pd, cv, sl->block, 1);
		paint_layout(cv, m->marker, mx, my, st->role[b->role].color);
		/* A footnote's number goes back to its mark. */
		if (b->back != NULL)
			paint_link(cv, NULL, b->back, mx, my,
			    (double)log.width / PANGO_SCALE,
			    (double)log.height / PANGO_SCALE);
		label(pd, cv, sl->block, 0);
	}
	paint_lines(cv, m->layout, m->lines, sl->line0, sl->line1, x, y,
	    st->role[b->role].color);
	paint_links(pd, cv, b, m->layout, m->lines, sl->line0, sl->line0,
	    sl->line1, x, y);
	if (b->leader != NULL && sl->line1 == m->nlines)
		paint_leader(pd, cv, b, m, x, y + m->lines[sl->line1 - 1].top -
		    m->lines[sl->line0].top);
}

/*
 * The bands behind the highlighted lines of a code slice: the whole
 * width of the block, over each marked line's rows (its wrapped
 * continuations too), one rectangle for each run of them.
 */
static void
paint_marked(struct canvas *cv, const struct block *b,
    const struct measured *m, const struct pg_slice *sl, double x, double y,
    unsigned color)
{
	double top0 = m->lines[sl->line0].top, run = -1;
	int line = 0;

	/* The source line of the slice's first row, maybe a continuation. */
	for (size_t i = sl->line0 + 1; i > 0 && line == 0; i--)
		line = m->lines[i - 1].para;
	canvas_color(cv, color);
	for (size_t i = sl->line0; i <= sl->line1; i++) {
		int on;

		if (i < sl->line1 && m->lines[i].para > 0)
			line = m->lines[i].para;
		on = i < sl->line1 && block_line_marked(b, line);
		if (on && run < 0)
			run = m->lines[i].top;
		else if (!on && run >= 0) {
			canvas_rect(cv, x, y + run - top0, m->width,
			    m->lines[i - 1].top + m->lines[i - 1].height - run,
			    0);
			run = -1;
		}
	}
}

static void
paint_code(const struct paint_doc *pd, struct canvas *cv,
    const struct pg_slice *sl, double x, double y)
{
	const struct block *b = &pd->blocks[sl->block];
	const struct measured *m = &pd->lay->m[sl->block];
	const struct style *st = pd->mc->st;
	const struct role_style *r = &st->role[ROLE_CODE];
	double h = m->lines[sl->line1 - 1].top + m->lines[sl->line1 - 1].height -
	    m->lines[sl->line0].top;
	double tx = x + m->pad + m->gutter;

	if (cv == NULL)
		return;
	canvas_color(cv, st->code_background);
	canvas_rect(cv, x, y - m->pad, m->width, h + 2 * m->pad, 0);
	if (b->nmarked > 0)
		paint_marked(cv, b, m, sl, x, y, st->code_mark);
	paint_lines(cv, m->layout, m->lines, sl->line0, sl->line1, tx, y,
	    r->color);
	/* Line numbers and continuation marks: drawn beside the code, not
	 * part of its text: they come last, beside the code's element in
	 * one of their own that the PDF's update turns into an artifact
	 * (artifact.h). */
	if (pd->tags != NULL) {
		struct tag_path outer = pd->tags[sl->block];

		outer.node[outer.n > 0 ? outer.n - 1 : 0] = (struct tag_node){
			ARTIFACT_LAYOUT, sl->block };
		outer.n = outer.n > 0 ? outer.n : 1;
		canvas_struct(cv, &outer);
	}
	/* The rule a pad from the numbers' right edge and from the code's
	 * first column (the gutter holds the numbers, a pad either side). */
	if (b->linenos) {
		double rx = x + m->gutter;

		canvas_color(cv, st->rule_color);
		canvas_line(cv, rx, y - m->pad, rx, y + h + m->pad, 0.4);
	}
	for (size_t i = sl->line0; i < sl->line1; i++) {
		double base = y + m->lines[i].top - m->lines[sl->line0].top +
		    m->lines[i].baseline;
		char num[16];
		PangoLayout *l;
		PangoRectangle log;
		double w, mx;

		if (m->lines[i].para == 0)
			l = measure_text(pd->mc, ROLE_CODE, "\xE2\x86\xAA",
			    NULL, -1);	/* rightwards arrow with hook */
		else if (b->linenos) {
			snprintf(num, sizeof(num), "%ld",
			    (long)m->lines[i].para + b->lineno_offset);
			l = measure_text(pd->mc, ROLE_CODE, num, NULL, -1);
		} else
			continue;
		pango_layout_get_extents(l, NULL, &log);
		w = (double)log.width / PANGO_SCALE;
		/* A continuation mark two of its widths before the row, in
		 * the columns the row hangs by (code_rows), never left of
		 * the code. */
		if (m->lines[i].para == 0)
			mx = fmax(tx, tx + m->lines[i].x - 2 * w);
		else
			mx = x + m->gutter - m->pad - w;
		paint_layout(cv, l, mx, base -
		    (double)pango_layout_get_baseline(l) / PANGO_SCALE,
		    st->hl[HL_COMMENT].color);
		g_object_unref(l);
	}
}

static void
paint_box(const struct paint_doc *pd, struct canvas *cv,
    const struct pg_slice *sl, double x, double y)
{
	const struct block *b = &pd->blocks[sl->block];
	const struct measured *m = &pd->lay->m[sl->block];
	const struct style *st = pd->mc->st;
	const struct role_style *r = &st->role[ROLE_CAPTION];
	struct line_box *lines = NULL;
	size_t n;

	n = measure_lines(m->layout, r->leading, &lines);
	if (cv != NULL) {
		canvas_color(cv, st->rule_color);
		canvas_rect(cv, x, y, m->width, m->lines[0].height, 0.6);
	}
	paint_lines(cv, m->layout, lines, 0, n, x + m->pad, y + m->pad,
	    r->color);
	paint_links(pd, cv, b, m->layout, lines, 0, 0, n, x + m->pad,
	    y + m->pad);
	free(lines);
}

static void
paint_image(const struct paint_doc *pd, struct canvas *cv,
    const struct pg_slice *sl, double x, double y)
{
	const struct block *b = &pd->blocks[sl->block];
	const struct measured *m = &pd->lay->m[sl->block];
	const struct style *st = pd->mc->st;
	double iw = m->img_w, ih = m->img_h, ix;

	if (!block_has_picture(b)) {
		paint_box(pd, cv, sl, x, y);
		return;
	}
	/* Shrunk by pagination to fit the rest of a page. */
	if (sl->h > 0) {
		ih = m->img_h - (m->lines[0].height - sl->h);
		iw = m->img_w * ih / m->img_h;
	}
	ix = x + (m->width + 2 * m->x - iw) / 2;
	if (b->nlinks > 0)
		paint_link(cv, b->links[0].uri, b->links[0].dest, ix, y, iw,
		    ih);
	if (cv == NULL)
		return;
	if (m->caption != NULL)
		paint_layout(cv, m->caption, x, y + ih + 4,
		    st->role[ROLE_CAPTION].color);
	if (b->svg != NULL)
		canvas_svg(cv, b->svg, b->svg_len, ix, y, iw, ih, pd->file,
		    b->line);
	else
		canvas_image(cv, b->path, ix, y, iw, ih, pd->file, b->line);
}

/* A table cell's place: the table's path, its row, its cell (a header
 * cell in row 0). */
static void
cell_tag(const struct paint_doc *pd, struct canvas *cv, const struct block *b,
    size_t row, size_t col)
{
	struct tag_path p;
	size_t ncols = b->table->ncols;

	if (pd->tags == NULL || cv == NULL)
		return;
	p = pd->tags[b - pd->blocks];
	if (p.n + 2 > TAG_DEPTH)
		return;
	p.node[p.n].type = "TR";
	p.node[p.n++].id = row;
	p.node[p.n].type = row == 0 ? "TH" : "TD";
	p.node[p.n++].id = row * ncols + col;
	canvas_struct(cv, &p);
}

/* A table's rules, as booktabs sets them: heavy above and below, light
 * under the header row, none between body rows and none upright. */
#define TABLE_RULE_HEAVY 0.8
#define TABLE_RULE_LIGHT 0.5

static void
table_row(const struct paint_doc *pd, struct canvas *cv, const struct block *b,
    const struct measured *m, size_t row, double x, double y)
{
	const struct mtable *t = m->table;
	const struct style *st = pd->mc->st;

	if (row == 0 && cv != NULL && st->header_background != COLOR_NONE) {
		canvas_color(cv, st->header_background);
		canvas_rect(cv, x, y, m->width, m->lines[0].height, 0);
	}
	for (size_t c = 0; c < t->ncols; c++) {
		PangoLayout *l = t->cells[row * t->ncols + c];
		const struct table_cell *tc = &b->table->cells[row * t->ncols +
		    c];
		double cx = x + t->col_x[c] + t->pad, cy = y + t->pad;

		struct block one = { .links = tc->links, .nlinks = tc->nlinks };
		struct line_box *lines;
		size_t n = measure_lines(l, 0, &lines);

		cell_tag(pd, cv, b, row, c);
		paint_lines(cv, l, lines, 0, n, cx, cy,
		    st->role[ROLE_TABLE].color);
		paint_links(pd, cv, &one, l, lines, 0, 0, n, cx, cy);
		free(lines);
	}
	if (row == 0 && t->nrows > 1 && cv != NULL) {
		canvas_color(cv, st->table_rule);
		canvas_line(cv, x, y + m->lines[0].height, x + m->width,
		    y + m->lines[0].height, TABLE_RULE_LIGHT);
	}
}

static void
paint_table(const struct paint_doc *pd, struct canvas *cv,
    const struct pg_slice *sl, double x, double y)
{
	const struct block *b = &pd->blocks[sl->block];
	const struct measured *m = &pd->lay->m[sl->block];
	double top = y;

	x += m->x;	/* a wide table spreads into the margins */
	/* A continued table repeats its header row. */
	if (sl->continued) {
		top = y - m->lines[0].height;
		table_row(pd, cv, b, m, 0, x, top);
	}
	for (size_t r = sl->line0; r < sl->line1; r++)
		table_row(pd, cv, b, m, r, x, y + m->lines[r].top -
		    m->lines[sl->line0].top);
	if (cv != NULL) {
		double bottom = y + m->lines[sl->line1 - 1].top +
		    m->lines[sl->line1 - 1].height - m->lines[sl->line0].top;

		canvas_color(cv, pd->mc->st->table_rule);
		canvas_line(cv, x, top, x + m->width, top, TABLE_RULE_HEAVY);
		canvas_line(cv, x, bottom, x + m->width, bottom,
		    TABLE_RULE_HEAVY);
	}
}

static void
paint_rule(const struct paint_doc *pd, struct canvas *cv,
    const struct pg_slice *sl, double x, double y)
{
	const struct block *b = &pd->blocks[sl->block];
	const struct measured *m = &pd->lay->m[sl->block];
	double w = m->width, x0 = x;

	if (cv == NULL)
		return;
	if (b->role == ROLE_FOOTNOTE) {
		w = m->width / 4;	/* the notes' separator */
	} else if (b->role == ROLE_BODY) {
		w = m->width / 5;	/* a section break, centred */
		x0 = x + (m->width - w) / 2;
	}
	canvas_color(cv, pd->mc->st->rule_color);
	canvas_line(cv, x0, y + 0.5, x0 + w, y + 0.5, 0.5);
}

/* Quote bars beside a slice, one per nesting level. */
static void
paint_bars(const struct paint_doc *pd, struct canvas *cv,
    const struct block *b, int rtl, double left, double y, double h)
{
	const struct style *st = pd->mc->st;
	double x = left + b->indent - b->quote_depth * st->quote_indent;

	if (cv == NULL)
		return;
	for (int d = 0; d < b->quote_depth; d++) {
		double bx = x + d * st->quote_indent + 1;
		/* An alert's bar, the innermost, is its colour and bolder. */
		int alert = b->alert && d == b->quote_depth - 1;

		/* Mirrored about the column's middle for right to left. */
		if (rtl)
			bx = 2 * left + pd->mc->column - bx;
		canvas_color(cv, alert ? st->alert_color[b->alert] :
		    st->quote_bar);
		canvas_line(cv, bx, y, bx, y + h, alert ? 2.4 : 1.2);
	}
}

static void
paint_slice(const struct paint_doc *pd, struct canvas *cv,
    const struct pg_slice *sl, double left, double top)
{
	const struct block *b = &pd->blocks[sl->block];
	const struct measured *m = &pd->lay->m[sl->block];
	/* Right to left, the indent is on the right: the text starts at
	 * the column's left and ends the indent short of its right. */
	double x = left + (m->rtl ? 0 : b->indent), y = top + sl->y;
	double h = m->lines[sl->line1 - 1].top +
	    m->lines[sl->line1 - 1].height - m->lines[sl->line0].top;

	if (pd->dump) {
		fprintf(pd->dump, "  %s %s line %u at %.1f,%.1f "
		    "size %.1fx%.1f lines %zu-%zu ", kind_names[b->kind],
		    role_name(b->role), b->line, x, y, m->width, h,
		    sl->line0 + 1, sl->line1);
		if (b->kind == BLOCK_TEXT && m->layout != NULL) {
			PangoLayoutLine *l0 = pango_layout_get_line_readonly(
			    m->layout, (int)sl->line0);

			dump_text(pd->dump, b->text + l0->start_index,
			    (size_t)l0->length);
		} else if (b->kind == BLOCK_IMAGE && block_has_picture(b))
			fprintf(pd->dump, "%dx%d px", b->px_w, b->px_h);
		fputc('\n', pd->dump);
	}
	/* An item's first slice opens with its label (paint_text). */
	if (b->marker != NULL && !sl->continued)
		label(pd, cv, sl->block, 1);
	else if (cv != NULL && pd->tags != NULL)
		canvas_struct(cv, &pd->tags[sl->block]);
	if (b->quote_depth > 0)
		paint_bars(pd, cv, b, m->rtl, left, y, h);
	/* A destination a little above the block, so a viewer that jumps
	 * there shows its first line whole. */
	if (b->dest != NULL && !sl->continued)
		paint_dest(cv, b->dest, x, y > top + 8 ? y - 8 : top);
	switch (b->kind) {
	case BLOCK_TEXT:
		paint_text(pd, cv, sl, x, y);
		break;
	case BLOCK_CODE:
		paint_code(pd, cv, sl, x, y);
		break;
	case BLOCK_RULE:
		paint_rule(pd, cv, sl, x, y);
		break;
	case BLOCK_IMAGE:
		paint_image(pd, cv, sl, x, y);
		break;
	case BLOCK_EMBED:
		paint_box(pd, cv, sl, x, y);
		break;
	case BLOCK_TABLE:
		paint_table(pd, cv, sl, x, y);
		break;
	case BLOCK_SPACE:
		break;
	}
}

/* The page's footnotes, set from the foot of the text area upwards, a
 * note continued from the page before first. */
static void
paint_notes(const struct paint_doc *pd, struct canvas *cv,
    const struct pg_page *pg, double left, double top)
{
	const struct layout *l = pd->lay;
	const struct style *st = pd->mc->st;
	double total = 0, y;

	if (pg->nfrags == 0)
		return;
	for (size_t f = pg->first_frag; f < pg->first_frag + pg->nfrags; f++) {
		const struct pg_frag *fr = &l->r.frags[f];

		for (size_t j = fr->line0; j < fr->line1; j++)
			total += l->note_h[fr->note][j];
	}
	y = pd->mc->body - total;
	if (cv != NULL) {
		canvas_color(cv, st->rule_color);
		canvas_line(cv, left, top + y - l->foot_sep * 0.5,
		    left + pd->mc->column / 4, top + y - l->foot_sep * 0.5,
		    0.5);
	}
	for (size_t f = pg->first_frag; f < pg->first_frag + pg->nfrags; f++) {
		const struct pg_frag *fr = &l->r.frags[f];
		const size_t *nl = l->note_lines[fr->note];

		/* Runs of lines from one block become one slice. */
		for (size_t j = fr->line0; j < fr->line1;) {
			struct pg_slice sl = { .block = nl[2 * j],
				.line0 = nl[2 * j + 1], .y = y };
			size_t k = j;

			while (k < fr->line1 && nl[2 * k] == sl.block)
				y += l->note_h[fr->note][k++];
			sl.line1 = nl[2 * (k - 1) + 1] + 1;
			sl.continued = sl.line0 > 0;
			paint_slice(pd, cv, &sl, left, top);
			j = k;
		}
	}
}

void
paint_page(const struct paint_doc *pd, struct canvas *cv, size_t page,
    double left, double top)
{
	const struct pg_result *r = &pd->lay->r;
	const struct pg_page *pg = &r->pages[page];
	struct paint_doc tagged = *pd, in_col;
	struct measure_ctx col_mc = *pd->mc;
	struct tag_path *paths = NULL;

	if (pd->dump)
		fprintf(pd->dump, "page %zu\n", page + 1);
	/* Where each block stands in the structure tree: worked out from
	 * the start of the document, as lists and quotes may have begun
	 * pages before. */
	if (cv != NULL && pd->lay->n > 0) {
		paths = xcalloc(pd->lay->n, sizeof(*paths));
		tagging_paths(pd->blocks, pd->lay->n, paths);
		tagged.tags = paths;
	}
	/* Blocks set in columns, each in its own: drawn one column after
	 * the other, which is the order the structure tree reads. */
	col_mc.column = pd->lay->col_w;
	in_col = tagged;
	in_col.mc = &col_mc;
	for (size_t i = pg->first; i < pg->first + pg->n; i++) {
		const struct pg_slice *sl = &r->slices[i];

		if (pd->blocks[sl->block].columns > 1)
			paint_slice(&in_col, cv, sl, left + sl->col *
			    pd->lay->col_step, top);
		else
			paint_slice(&tagged, cv, sl, left, top);
	}
	paint_notes(&tagged, cv, pg, left, top);
	/* The page's elements end here: what follows (folio, running head)
	 * marks itself as an artifact (folio.c). */
	if (cv != NULL)
		canvas_struct(cv, NULL);
	free(paths);
}
