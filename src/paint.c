/* paint.c - drawing what pagination placed. */
#include "paint.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <pango/pangocairo.h>

#include "diag.h"
#include "image.h"
#include "util.h"

void
paint_color(cairo_t *cr, unsigned rgb)
{
	cairo_set_source_rgb(cr, (rgb >> 16 & 0xFF) / 255.0,
	    (rgb >> 8 & 0xFF) / 255.0, (rgb & 0xFF) / 255.0);
}

/* A string value of a cairo tag attribute: quoted, ' and \ escaped. */
static void
put_quoted(struct buf *b, const char *s)
{
	buf_putc(b, '\'');
	for (; *s; s++) {
		if (*s == '\'' || *s == '\\')
			buf_putc(b, '\\');
		buf_putc(b, *s);
	}
	buf_putc(b, '\'');
}

void
paint_link(cairo_t *cr, const char *uri, const char *dest, double x,
    double y, double w, double h)
{
	struct buf b = {0};

	if (cr == NULL)
		return;
	if (dest != NULL) {
		buf_puts(&b, "dest=");
		put_quoted(&b, dest);
	} else {
		buf_puts(&b, "uri=");
		put_quoted(&b, uri);
	}
	buf_printf(&b, " rect=[%.2f %.2f %.2f %.2f]", x, y, w, h);
	cairo_tag_begin(cr, CAIRO_TAG_LINK, b.data);
	cairo_tag_end(cr, CAIRO_TAG_LINK);
	buf_free(&b);
}

void
paint_dest(cairo_t *cr, const char *name, double x, double y)
{
	struct buf b = {0};

	if (cr == NULL)
		return;
	buf_puts(&b, "name=");
	put_quoted(&b, name);
	buf_printf(&b, " x=%.2f y=%.2f", x, y);
	cairo_tag_begin(cr, CAIRO_TAG_DEST, b.data);
	cairo_tag_end(cr, CAIRO_TAG_DEST);
	buf_free(&b);
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
paint_links(const struct paint_ctx *pc, const struct block *b,
    PangoLayout *layout, const struct line_box *lines, size_t first,
    size_t l0, size_t l1, double x, double y0)
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

				paint_link(pc->cr, ln->uri, ln->dest, rx, top,
				    rw, lines[i].height);
				if (ln->anchor != NULL && r == 0)
					paint_dest(pc->cr, ln->anchor, rx,
					    top > 8 ? top - 8 : top);
				if (pc->dump)
					fprintf(pc->dump, "    link %.1f %.1f "
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
show_run(cairo_t *cr, const char *text, PangoGlyphItem *run, int line_end)
{
	PangoItem *item = run->item;
	const char *t = text + item->offset;
	PangoGlyphItem copy;
	struct buf b = {0};
	int *shift, removed = 0, any = 0;

	for (int i = 0; i < item->length && !any; i++)
		any = helper_len(t + i, item->length - i) > 0;
	if (!any) {
		pango_cairo_show_glyph_item(cr, text, run);
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
		if (copy.glyphs->log_clusters[g] >= (int)b.len && b.len > 0)
			copy.glyphs->log_clusters[g] = (int)b.len - 1;
	}
	if (b.len > 0)
		pango_cairo_show_glyph_item(cr, b.data, &copy);
	pango_glyph_string_free(copy.glyphs);
	pango_item_free(copy.item);
	buf_free(&b);
	free(shift);
}

/*
 * One line of a layout with its baseline at (x, base): run by run, with
 * backgrounds, colours, strike-through and underline, like Pango's own
 * renderer, but with the line's text as show_run gives it.
 */
static void
paint_line(cairo_t *cr, PangoLayoutLine *line, double x, double base,
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

			paint_color(cr, lk.bg);
			cairo_rectangle(cr, x, y - asc, w, asc + desc);
			cairo_fill(cr);
		}
		paint_color(cr, lk.color);
		cairo_move_to(cr, x, y);
		show_run(cr, text, run, end);
		if (lk.strike || lk.underline) {
			double pos = (double)(lk.strike ?
			    pango_font_metrics_get_strikethrough_position(fm) :
			    pango_font_metrics_get_underline_position(fm)) /
			    PANGO_SCALE;
			double th = (double)(lk.strike ?
			    pango_font_metrics_get_strikethrough_thickness(fm) :
			    pango_font_metrics_get_underline_thickness(fm)) /
			    PANGO_SCALE;

			cairo_rectangle(cr, x, y - pos, w, th);
			cairo_fill(cr);
		}
		if (fm != NULL)
			pango_font_metrics_unref(fm);
		x += w;
	}
}

/* Text lines [l0, l1) of layout with the first line's top at y. */
static void
paint_lines(const struct paint_ctx *pc, PangoLayout *layout,
    const struct line_box *lines, size_t l0, size_t l1, double x, double y,
    unsigned color)
{
	cairo_t *cr = pc->cr;

	if (cr == NULL)
		return;
	for (size_t i = l0; i < l1; i++) {
		PangoLayoutLine *line =
		    pango_layout_get_line_readonly(layout, (int)i);

		paint_line(cr, line, x + lines[i].x,
		    y + lines[i].top - lines[l0].top + lines[i].baseline,
		    color);
	}
}

/*
 * The page number of a contents or index entry: at the right edge of the
 * column, dots leading to it from the end of the entry's last line.
 */
static void
paint_leader(const struct paint_ctx *pc, const struct block *b,
    const struct measured *m, double x, double top)
{
	const struct role_style *r = &pc->mc->st->role[b->role];
	cairo_t *cr = pc->cr;
	PangoLayoutLine *last;
	PangoLayout *num, *dot;
	PangoRectangle lr, nr, dr;
	double right = x + pc->mc->column - b->indent - m->x, base, from;

	if (cr == NULL)
		return;
	last = pango_layout_get_line_readonly(m->layout, (int)m->nlines - 1);
	pango_layout_line_get_extents(last, NULL, &lr);
	num = measure_text(pc->mc, b->role, b->leader, NULL, -1);
	dot = measure_text(pc->mc, b->role, ".", NULL, -1);
	pango_layout_get_extents(num, NULL, &nr);
	pango_layout_get_extents(dot, NULL, &dr);
	base = top + m->lines[m->nlines - 1].baseline;
	paint_color(cr, r->color);
	cairo_move_to(cr, right - (double)nr.width / PANGO_SCALE, base -
	    (double)pango_layout_get_baseline(num) / PANGO_SCALE);
	pango_cairo_show_layout(cr, num);
	/* Dots on a fixed grid, so that leaders line up down the page. */
	from = x + m->lines[m->nlines - 1].x + (double)lr.width / PANGO_SCALE +
	    r->size * 0.6;
	for (double dx = x + r->size * 0.5; dx + (double)dr.width / PANGO_SCALE <
	    right - (double)nr.width / PANGO_SCALE - r->size * 0.4;
	    dx += r->size * 0.5) {
		if (dx < from)
			continue;
		cairo_move_to(cr, dx, base -
		    (double)pango_layout_get_baseline(dot) / PANGO_SCALE);
		pango_cairo_show_layout(cr, dot);
	}
	g_object_unref(num);
	g_object_unref(dot);
}

static void
paint_text(const struct paint_ctx *pc, const struct pg_slice *sl,
    double x, double y)
{
	const struct block *b = &pc->blocks[sl->block];
	const struct measured *m = &pc->lay->m[sl->block];
	const struct style *st = pc->mc->st;
	cairo_t *cr = pc->cr;

	if (b->boxed && cr != NULL) {
		double h = m->lines[sl->line1 - 1].top +
		    m->lines[sl->line1 - 1].height - m->lines[sl->line0].top;

		paint_color(cr, st->code_background);
		cairo_rectangle(cr, x, y - m->pad, pc->mc->column - b->indent,
		    h + 2 * m->pad);
		cairo_fill(cr);
		paint_color(cr, st->quote_bar);
		cairo_rectangle(cr, x, y - m->pad, 2, h + 2 * m->pad);
		cairo_fill(cr);
	}
	x += m->x;
	paint_lines(pc, m->layout, m->lines, sl->line0, sl->line1, x, y,
	    st->role[b->role].color);
	if (m->marker != NULL && sl->line0 == 0 && cr != NULL) {
		PangoRectangle log;

		double mx, my;

		pango_layout_get_extents(m->marker, NULL, &log);
		paint_color(cr, st->role[b->role].color);
		mx = x - st->role[b->role].size * 0.5 -
		    (double)log.width / PANGO_SCALE;
		my = y + m->lines[0].baseline -
		    (double)pango_layout_get_baseline(m->marker) / PANGO_SCALE;
		cairo_move_to(cr, mx, my);
		pango_cairo_show_layout(cr, m->marker);
		/* A footnote's number goes back to its mark. */
		if (b->back != NULL)
			paint_link(cr, NULL, b->back, mx, my,
			    (double)log.width / PANGO_SCALE,
			    (double)log.height / PANGO_SCALE);
	}
	paint_links(pc, b, m->layout, m->lines, sl->line0, sl->line0,
	    sl->line1, x, y);
	if (b->leader != NULL && sl->line1 == m->nlines)
		paint_leader(pc, b, m, x, y + m->lines[sl->line1 - 1].top -
		    m->lines[sl->line0].top);
}

static void
paint_code(const struct paint_ctx *pc, const struct pg_slice *sl,
    double x, double y)
{
	const struct block *b = &pc->blocks[sl->block];
	const struct measured *m = &pc->lay->m[sl->block];
	const struct style *st = pc->mc->st;
	const struct role_style *r = &st->role[ROLE_CODE];
	cairo_t *cr = pc->cr;
	double h = m->lines[sl->line1 - 1].top + m->lines[sl->line1 - 1].height -
	    m->lines[sl->line0].top;
	double tx = x + m->pad + m->gutter + r->size;

	if (cr == NULL)
		return;
	paint_color(cr, st->code_background);
	cairo_rectangle(cr, x, y - m->pad, m->width, h + 2 * m->pad);
	cairo_fill(cr);
	paint_lines(pc, m->layout, m->lines, sl->line0, sl->line1, tx, y,
	    r->color);
	/* Line numbers and continuation marks: drawn beside the code, not
	 * part of its text. */
	for (size_t i = sl->line0; i < sl->line1; i++) {
		double base = y + m->lines[i].top - m->lines[sl->line0].top +
		    m->lines[i].baseline;
		char num[16];
		PangoLayout *l;
		PangoRectangle log;

		if (m->lines[i].para == 0)
			l = measure_text(pc->mc, ROLE_CODE, "\xE2\x86\xAA",
			    NULL, -1);	/* rightwards arrow with hook */
		else if (b->linenos) {
			snprintf(num, sizeof(num), "%d", m->lines[i].para);
			l = measure_text(pc->mc, ROLE_CODE, num, NULL, -1);
		} else
			continue;
		pango_layout_get_extents(l, NULL, &log);
		paint_color(cr, st->hl[HL_COMMENT].color);
		cairo_move_to(cr, m->lines[i].para == 0 ?
		    tx - r->size * 0.95 :
		    x + m->pad + m->gutter - m->pad - (double)log.width /
		    PANGO_SCALE, base - (double)pango_layout_get_baseline(l) /
		    PANGO_SCALE);
		pango_cairo_show_layout(cr, l);
		g_object_unref(l);
	}
	if (b->linenos) {
		paint_color(cr, st->rule_color);
		cairo_set_line_width(cr, 0.4);
		cairo_move_to(cr, x + m->pad + m->gutter, y - m->pad);
		cairo_line_to(cr, x + m->pad + m->gutter, y + h + m->pad);
		cairo_stroke(cr);
	}
}

static void
paint_box(const struct paint_ctx *pc, const struct pg_slice *sl, double x,
    double y)
{
	const struct block *b = &pc->blocks[sl->block];
	const struct measured *m = &pc->lay->m[sl->block];
	const struct style *st = pc->mc->st;
	const struct role_style *r = &st->role[ROLE_CAPTION];
	struct line_box *lines = NULL;
	size_t n;

	n = measure_lines(m->layout, r->leading, &lines);
	if (pc->cr != NULL) {
		paint_color(pc->cr, st->rule_color);
		cairo_set_line_width(pc->cr, 0.6);
		cairo_rectangle(pc->cr, x, y, m->width, m->lines[0].height);
		cairo_stroke(pc->cr);
	}
	paint_lines(pc, m->layout, lines, 0, n, x + m->pad, y + m->pad,
	    r->color);
	paint_links(pc, b, m->layout, lines, 0, 0, n, x + m->pad, y + m->pad);
	free(lines);
}

/* Finest resolution worth embedding, pixels per inch at the size drawn. */
#define MAX_PPI 220

/*
 * A screenshot drawn a few inches wide may have far more pixels than
 * paper can show; every one of them would be compressed into the PDF.
 * Decoded images above MAX_PPI are scaled down to it. JPEGs, embedded as
 * their own bytes, are left as they are. Takes over img; returns the
 * image to draw.
 */
static cairo_surface_t *
fit_resolution(cairo_surface_t *img, double w_pt, double h_pt,
    const char *path)
{
	const unsigned char *jpeg;
	unsigned long jlen;
	int pw = cairo_image_surface_get_width(img);
	int ph = cairo_image_surface_get_height(img);
	int tw = (int)(w_pt / 72 * MAX_PPI + 0.5);
	int th = (int)(h_pt / 72 * MAX_PPI + 0.5);
	cairo_surface_t *small;
	cairo_t *cr;
	char *id;

	cairo_surface_get_mime_data(img, CAIRO_MIME_TYPE_JPEG, &jpeg, &jlen);
	if (jpeg != NULL || tw >= pw || th >= ph || tw < 1 || th < 1)
		return img;
	small = cairo_image_surface_create(cairo_image_surface_get_format(img),
	    tw, th);
	cr = cairo_create(small);
	cairo_scale(cr, (double)tw / pw, (double)th / ph);
	cairo_set_source_surface(cr, img, 0, 0);
	cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
	cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);
	cairo_paint(cr);
	cairo_destroy(cr);
	cairo_surface_destroy(img);
	id = xasprintf("%s@%dx%d", path, tw, th);
	if (cairo_surface_set_mime_data(small, CAIRO_MIME_TYPE_UNIQUE_ID,
	    (unsigned char *)id, strlen(id), free, id) != CAIRO_STATUS_SUCCESS)
		free(id);
	return small;
}

static void
paint_image(const struct paint_ctx *pc, const struct pg_slice *sl,
    double x, double y)
{
	const struct block *b = &pc->blocks[sl->block];
	const struct measured *m = &pc->lay->m[sl->block];
	const struct style *st = pc->mc->st;
	cairo_t *cr = pc->cr;
	cairo_surface_t *img;
	char *why = NULL;
	double iw = m->img_w, ih = m->img_h, ix;

	if (b->path == NULL) {
		paint_box(pc, sl, x, y);
		return;
	}
	/* Shrunk by pagination to fit the rest of a page. */
	if (sl->h > 0) {
		ih = m->img_h - (m->lines[0].height - sl->h);
		iw = m->img_w * ih / m->img_h;
	}
	ix = x + (m->width + 2 * m->x - iw) / 2;
	if (b->nlinks > 0)
		paint_link(cr, b->links[0].uri, b->links[0].dest, ix, y, iw, ih);
	if (m->caption != NULL && cr != NULL) {
		paint_color(cr, st->role[ROLE_CAPTION].color);
		cairo_move_to(cr, x, y + ih + 4);
		pango_cairo_show_layout(cr, m->caption);
	}
	if (cr == NULL)
		return;
	/* Decoded only now, when drawn, and let go straight after. */
	if ((img = image_load_for_pdf(b->path, &why)) == NULL) {
		diag(DIAG_WARNING, pc->file, b->line, "image '%s': %s", b->path,
		    why);
		free(why);
		return;
	}
	img = fit_resolution(img, iw, ih, b->path);
	cairo_save(cr);
	cairo_translate(cr, ix, y);
	cairo_scale(cr, iw / cairo_image_surface_get_width(img),
	    ih / cairo_image_surface_get_height(img));
	cairo_set_source_surface(cr, img, 0, 0);
	cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
	cairo_paint(cr);
	cairo_restore(cr);
	cairo_surface_destroy(img);
}

static void
table_row(const struct paint_ctx *pc, const struct block *b,
    const struct measured *m, size_t row, double x, double y)
{
	const struct mtable *t = m->table;
	const struct style *st = pc->mc->st;
	cairo_t *cr = pc->cr;

	if (row == 0 && cr != NULL) {
		paint_color(cr, st->header_background);
		cairo_rectangle(cr, x, y, m->width, m->lines[0].height);
		cairo_fill(cr);
	}
	for (size_t c = 0; c < t->ncols; c++) {
		PangoLayout *l = t->cells[row * t->ncols + c];
		const struct table_cell *tc = &b->table->cells[row * t->ncols +
		    c];
		double cx = x + t->col_x[c] + t->pad, cy = y + t->pad;

		struct block one = { .links = tc->links, .nlinks = tc->nlinks };
		struct line_box *lines;
		size_t n = measure_lines(l, 0, &lines);

		paint_lines(pc, l, lines, 0, n, cx, cy,
		    st->role[ROLE_TABLE].color);
		paint_links(pc, &one, l, lines, 0, 0, n, cx, cy);
		free(lines);
	}
	if (cr != NULL) {
		paint_color(cr, st->table_rule);
		cairo_set_line_width(cr, row == 0 ? 0.8 : 0.3);
		cairo_move_to(cr, x, y + m->lines[row].height);
		cairo_line_to(cr, x + m->width, y + m->lines[row].height);
		cairo_stroke(cr);
	}
}

static void
paint_table(const struct paint_ctx *pc, const struct pg_slice *sl,
    double x, double y)
{
	const struct block *b = &pc->blocks[sl->block];
	const struct measured *m = &pc->lay->m[sl->block];
	double top = y;

	/* A continued table repeats its header row. */
	if (sl->continued) {
		top = y - m->lines[0].height;
		table_row(pc, b, m, 0, x, top);
	}
	for (size_t r = sl->line0; r < sl->line1; r++)
		table_row(pc, b, m, r, x, y + m->lines[r].top -
		    m->lines[sl->line0].top);
	if (pc->cr != NULL) {
		double bottom = y + m->lines[sl->line1 - 1].top +
		    m->lines[sl->line1 - 1].height - m->lines[sl->line0].top;

		paint_color(pc->cr, pc->mc->st->table_rule);
		cairo_set_line_width(pc->cr, 0.8);
		cairo_move_to(pc->cr, x, top);
		cairo_line_to(pc->cr, x + m->width, top);
		cairo_move_to(pc->cr, x, bottom);
		cairo_line_to(pc->cr, x + m->width, bottom);
		cairo_stroke(pc->cr);
	}
}

static void
paint_rule(const struct paint_ctx *pc, const struct pg_slice *sl, double x,
    double y)
{
	const struct block *b = &pc->blocks[sl->block];
	const struct measured *m = &pc->lay->m[sl->block];
	cairo_t *cr = pc->cr;
	double w = m->width, x0 = x;

	if (cr == NULL)
		return;
	if (b->role == ROLE_FOOTNOTE) {
		w = m->width / 4;	/* the notes' separator */
	} else if (b->role == ROLE_BODY) {
		w = m->width / 5;	/* a section break, centred */
		x0 = x + (m->width - w) / 2;
	}
	paint_color(cr, pc->mc->st->rule_color);
	cairo_set_line_width(cr, 0.5);
	cairo_move_to(cr, x0, y + 0.5);
	cairo_line_to(cr, x0 + w, y + 0.5);
	cairo_stroke(cr);
}

/* Quote bars beside a slice, one per nesting level. */
static void
paint_bars(const struct paint_ctx *pc, const struct block *b, double left,
    double y, double h)
{
	const struct style *st = pc->mc->st;
	cairo_t *cr = pc->cr;
	double x = left + b->indent - b->quote_depth * st->quote_indent;

	if (cr == NULL)
		return;
	paint_color(cr, st->quote_bar);
	cairo_set_line_width(cr, 1.2);
	for (int d = 0; d < b->quote_depth; d++) {
		double bx = x + d * st->quote_indent + 1;

		cairo_move_to(cr, bx, y);
		cairo_line_to(cr, bx, y + h);
	}
	cairo_stroke(cr);
}

static void
paint_slice(const struct paint_ctx *pc, const struct pg_slice *sl,
    double left, double top)
{
	const struct block *b = &pc->blocks[sl->block];
	const struct measured *m = &pc->lay->m[sl->block];
	double x = left + b->indent, y = top + sl->y;
	double h = m->lines[sl->line1 - 1].top +
	    m->lines[sl->line1 - 1].height - m->lines[sl->line0].top;

	if (pc->dump) {
		fprintf(pc->dump, "  %s %s line %u at %.1f,%.1f "
		    "size %.1fx%.1f lines %zu-%zu ", kind_names[b->kind],
		    role_name(b->role), b->line, x, y, m->width, h,
		    sl->line0 + 1, sl->line1);
		if (b->kind == BLOCK_TEXT && m->layout != NULL) {
			PangoLayoutLine *l0 = pango_layout_get_line_readonly(
			    m->layout, (int)sl->line0);

			dump_text(pc->dump, b->text + l0->start_index,
			    (size_t)l0->length);
		} else if (b->kind == BLOCK_IMAGE && b->path)
			fprintf(pc->dump, "%dx%d px", b->px_w, b->px_h);
		fputc('\n', pc->dump);
	}
	if (b->quote_depth > 0)
		paint_bars(pc, b, left, y, h);
	/* A destination a little above the block, so a viewer that jumps
	 * there shows its first line whole. */
	if (b->dest != NULL && !sl->continued)
		paint_dest(pc->cr, b->dest, x, y > top + 8 ? y - 8 : top);
	switch (b->kind) {
	case BLOCK_TEXT:
		paint_text(pc, sl, x, y);
		break;
	case BLOCK_CODE:
		paint_code(pc, sl, x, y);
		break;
	case BLOCK_RULE:
		paint_rule(pc, sl, x, y);
		break;
	case BLOCK_IMAGE:
		paint_image(pc, sl, x, y);
		break;
	case BLOCK_EMBED:
		paint_box(pc, sl, x, y);
		break;
	case BLOCK_TABLE:
		paint_table(pc, sl, x, y);
		break;
	case BLOCK_SPACE:
		break;
	}
}

/* The page's footnotes, set from the foot of the text area upwards, a
 * note continued from the page before first. */
static void
paint_notes(const struct paint_ctx *pc, const struct pg_page *pg,
    double left, double top)
{
	const struct layout *l = pc->lay;
	const struct style *st = pc->mc->st;
	double total = 0, y;

	if (pg->nfrags == 0)
		return;
	for (size_t f = pg->first_frag; f < pg->first_frag + pg->nfrags; f++) {
		const struct pg_frag *fr = &l->r.frags[f];

		for (size_t j = fr->line0; j < fr->line1; j++)
			total += l->note_h[fr->note][j];
	}
	y = pc->mc->body - total;
	if (pc->cr != NULL) {
		paint_color(pc->cr, st->rule_color);
		cairo_set_line_width(pc->cr, 0.5);
		cairo_move_to(pc->cr, left, top + y - l->foot_sep * 0.5);
		cairo_line_to(pc->cr, left + pc->mc->column / 4,
		    top + y - l->foot_sep * 0.5);
		cairo_stroke(pc->cr);
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
			paint_slice(pc, &sl, left, top);
			j = k;
		}
	}
}

void
paint_page(const struct paint_ctx *pc, size_t page, double left, double top)
{
	const struct pg_result *r = &pc->lay->r;
	const struct pg_page *pg = &r->pages[page];

	if (pc->dump)
		fprintf(pc->dump, "page %zu\n", page + 1);
	for (size_t i = pg->first; i < pg->first + pg->n; i++)
		paint_slice(pc, &r->slices[i], left, top);
	paint_notes(pc, pg, left, top);
}
