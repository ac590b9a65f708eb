/* canvas.c - recording a page's drawing, replaying it onto cairo. */
#include "canvas.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cairo-ft.h>
#include <pango/pangofc-font.h>

#include "diag.h"
#include "image.h"
#include "pdfimage.h"
#include "structlog.h"

enum op {
	OP_COLOR, OP_RECT, OP_LINE, OP_GLYPHS, OP_IMAGE, OP_SVG, OP_LINK,
	OP_DEST, OP_STRUCT
};

/* Glyph runs are most of a page: positions are kept as floats, the
 * baseline once when the run has one, and the clusters only when they are
 * not one character to one glyph. */
enum {
	RUN_OWN_Y = 1,		/* a y for every glyph */
	RUN_CLUSTERS = 2,	/* clusters follow the text */
	RUN_BACKWARD = 4	/* right to left */
};

struct run_head {
	uint32_t font;		/* in fonts[] */
	uint32_t nglyphs, nbytes, nclusters, flags;
	float	 y;
};

struct shape {
	double	 x, y, w, h, line;
};

/*
 * The fonts recorded runs name, by number: Pango's fonts (a FreeType font
 * map of its own, no cairo in it), and the cairo fonts made from them by
 * the thread that draws, which alone uses cairo's FreeType faces (cairo
 * 1.16 closes and reopens them under any other thread that makes a font,
 * and crashed doing so). Runs are recorded on one thread and drawn on
 * another, so the table has a lock.
 */
static struct {
	PangoFont *pf;		/* a font of this process, or NULL: */
	FcPattern *pat;		/* one a worker process named (owned) */
	char	*name;		/* that name */
	cairo_scaled_font_t *sf;	/* made when first drawn */
} *fonts;
static size_t nfonts;
static pthread_mutex_t fonts_lock = PTHREAD_MUTEX_INITIALIZER;

/* A cairo font for a Pango font's pattern, as Pango's cairo font map
 * makes one: its size and matrix, no hinting. */
static cairo_scaled_font_t *
cairo_font_of(FcPattern *pat)
{
	cairo_font_face_t *face = cairo_ft_font_face_create_for_pattern(pat);
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_matrix_t fm, ctm;
	cairo_scaled_font_t *sf;
	FcMatrix *m;
	double size;

	if (FcPatternGetDouble(pat, FC_PIXEL_SIZE, 0, &size) != FcResultMatch &&
	    FcPatternGetDouble(pat, FC_SIZE, 0, &size) != FcResultMatch)
		size = 10;
	if (FcPatternGetMatrix(pat, FC_MATRIX, 0, &m) == FcResultMatch)
		cairo_matrix_init(&fm, m->xx, -m->yx, -m->xy, m->yy, 0, 0);
	else
		cairo_matrix_init_identity(&fm);
	cairo_matrix_scale(&fm, size, size);
	cairo_matrix_init_identity(&ctm);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	sf = cairo_scaled_font_create(face, &fm, &ctm, fo);
	cairo_font_options_destroy(fo);
	cairo_font_face_destroy(face);
	return sf;
}

static uint32_t
keep_font(PangoFont *pf)
{
	size_t i;

	pthread_mutex_lock(&fonts_lock);
	for (i = 0; i < nfonts && fonts[i].pf != pf; i++)
		;
	if (i == nfonts) {
		fonts = xreallocarray(fonts, nfonts + 1, sizeof(*fonts));
		memset(&fonts[nfonts], 0, sizeof(*fonts));
		fonts[nfonts++].pf = g_object_ref(pf);
	}
	pthread_mutex_unlock(&fonts_lock);
	return (uint32_t)i;
}

/* The cairo font of font number id, made now if it is the first use. */
static cairo_scaled_font_t *
drawing_font(uint32_t id)
{
	cairo_scaled_font_t *sf;

	pthread_mutex_lock(&fonts_lock);
	if (fonts[id].sf == NULL)
		fonts[id].sf = cairo_font_of(fonts[id].pf ?
		    pango_fc_font_get_pattern(PANGO_FC_FONT(fonts[id].pf)) :
		    fonts[id].pat);
	sf = fonts[id].sf;
	pthread_mutex_unlock(&fonts_lock);
	return sf;
}

void
canvas_release_fonts(void)
{
	pthread_mutex_lock(&fonts_lock);
	for (size_t i = 0; i < nfonts; i++) {
		if (fonts[i].pf != NULL)
			g_object_unref(fonts[i].pf);
		if (fonts[i].pat != NULL)
			FcPatternDestroy(fonts[i].pat);
		free(fonts[i].name);
		if (fonts[i].sf != NULL)
			cairo_scaled_font_destroy(fonts[i].sf);
	}
	free(fonts);
	fonts = NULL;
	nfonts = 0;
	pthread_mutex_unlock(&fonts_lock);
}

size_t
canvas_fonts_count(void)
{
	size_t n;

	pthread_mutex_lock(&fonts_lock);
	n = nfonts;
	pthread_mutex_unlock(&fonts_lock);
	return n;
}

/*
 * A font's name is fontconfig's text form of its pattern, which keeps
 * six digits of a number: then, a line per object holding numbers, with
 * every value exact ("size d 0x1.2eb8p+3", "matrix m a b c d"), which
 * canvas_font_import puts back.
 */
char *
canvas_font_name(uint32_t id)
{
	const FcPattern *pat;
	FcPatternIter it;
	struct buf b = {0};
	FcChar8 *u;

	pthread_mutex_lock(&fonts_lock);
	pat = fonts[id].pf ? pango_fc_font_get_pattern(
	    PANGO_FC_FONT(fonts[id].pf)) : fonts[id].pat;
	u = FcNameUnparse((FcPattern *)pat);
	buf_puts(&b, u ? (const char *)u : "");
	free(u);
	FcPatternIterStart(pat, &it);
	do {
		int n = FcPatternIterValueCount(pat, &it), exact = 0;
		struct buf line = {0};

		for (int v = 0; v < n; v++) {
			FcValue val;
			char num[160];

			if (FcPatternIterGetValue(pat, &it, v, &val, NULL) !=
			    FcResultMatch)
				continue;
			if (val.type == FcTypeDouble)
				snprintf(num, sizeof(num), " d %a", val.u.d);
			else if (val.type == FcTypeMatrix)
				snprintf(num, sizeof(num), " m %a %a %a %a",
				    val.u.m->xx, val.u.m->xy, val.u.m->yx,
				    val.u.m->yy);
			else
				continue;
			buf_puts(&line, num);
			exact = 1;
		}
		if (exact) {
			buf_putc(&b, '\n');
			buf_puts(&b, FcPatternIterGetObject(pat, &it));
			buf_puts(&b, line.data);
		}
		buf_free(&line);
	} while (FcPatternIterNext(pat, &it));
	pthread_mutex_unlock(&fonts_lock);
	return buf_take(&b);
}

/* The exact numbers of a name's lines put into pat: 0, or -1. */
static int
exact_numbers(FcPattern *pat, const char *lines)
{
	for (const char *l = lines; l != NULL && *l;
	    l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		char obj[64], *p;
		size_t n = strcspn(l, " \n");

		if (n == 0 || n >= sizeof(obj))
			return -1;
		memcpy(obj, l, n);
		obj[n] = '\0';
		FcPatternDel(pat, obj);
		for (p = (char *)l + n; *p == ' ';) {
			char kind = p[1], *end;

			p += 2;
			if (kind == 'd') {
				double d = strtod(p, &end);

				if (end == p || !FcPatternAddDouble(pat, obj, d))
					return -1;
				p = end;
			} else if (kind == 'm') {
				FcMatrix m;
				double *v[4] = { &m.xx, &m.xy, &m.yx, &m.yy };

				for (int k = 0; k < 4; k++) {
					*v[k] = strtod(p, &end);
					if (end == p)
						return -1;
					p = end;
				}
				if (!FcPatternAddMatrix(pat, obj, &m))
					return -1;
			} else
				return -1;
		}
	}
	return 0;
}

int
canvas_font_import(const char *name, uint32_t *id)
{
	FcPattern *pat;
	size_t i;

	pthread_mutex_lock(&fonts_lock);
	for (i = 0; i < nfonts && (fonts[i].name == NULL ||
	    strcmp(fonts[i].name, name) != 0); i++)
		;
	if (i == nfonts) {
		const char *nl = strchr(name, '\n');
		char *text = xstrndup(name, nl ? (size_t)(nl - name) :
		    strlen(name));

		pat = FcNameParse((const FcChar8 *)text);
		free(text);
		if (pat != NULL && exact_numbers(pat, nl ? nl + 1 : NULL) ==
		    -1) {
			FcPatternDestroy(pat);
			pat = NULL;
		}
		if (pat == NULL) {
			pthread_mutex_unlock(&fonts_lock);
			return -1;
		}
		fonts = xreallocarray(fonts, nfonts + 1, sizeof(*fonts));
		memset(&fonts[nfonts], 0, sizeof(*fonts));
		fonts[nfonts].pat = pat;
		fonts[nfonts++].name = xstrdup(name);
	}
	pthread_mutex_unlock(&fonts_lock);
	*id = (uint32_t)i;
	return 0;
}

static void
put(struct canvas *cv, const void *p, size_t n)
{
	buf_append(&cv->ops, p, n);
}

static void
put_op(struct canvas *cv, enum op op)
{
	buf_putc(&cv->ops, (char)op);
}

static void
put_str(struct canvas *cv, const char *s)
{
	put(cv, s ? s : "", strlen(s ? s : "") + 1);
}

void
canvas_color(struct canvas *cv, unsigned rgb)
{
	uint32_t v = rgb;

	put_op(cv, OP_COLOR);
	put(cv, &v, sizeof(v));
}

void
canvas_rect(struct canvas *cv, double x, double y, double w, double h,
    double line)
{
	struct shape s = { x, y, w, h, line };

	put_op(cv, OP_RECT);
	put(cv, &s, sizeof(s));
}

void
canvas_line(struct canvas *cv, double x0, double y0, double x1, double y1,
    double width)
{
	struct shape s = { x0, y0, x1, y1, width };

	put_op(cv, OP_LINE);
	put(cv, &s, sizeof(s));
}

/* Puts a run's text into cv as cairo will take it (utf8_no_nonchars). */
static void
put_text(struct canvas *cv, const char *text, size_t n)
{
	char *t = xmalloc(n ? n : 1);

	memcpy(t, text, n);
	utf8_no_nonchars(t, n);
	put(cv, t, n);
	free(t);
}

void
canvas_glyphs(struct canvas *cv, const char *text, PangoGlyphItem *run,
    double x, double y)
{
	PangoGlyphString *gs = run->glyphs;
	PangoGlyphItemIter it;
	struct run_head h;
	struct buf pos = {0}, cl = {0};
	int *kept = xcalloc((size_t)gs->num_glyphs + 1, sizeof(int));
	double px = 0, ascent = 0;
	int own_y = 0;

	/* Written out whole, padding too. */
	memset(&h, 0, sizeof(h));
	h.font = keep_font(run->item->analysis.font);
	/* Positions, leaving out empty glyphs; unknown ones (a character
	 * no font has) become a hollow box of their width. */
	for (int i = 0; i < gs->num_glyphs; i++) {
		const PangoGlyphInfo *g = &gs->glyphs[i];
		float gx = (float)(x + (px + g->geometry.x_offset) /
		    PANGO_SCALE);
		float gy = (float)(y + (double)g->geometry.y_offset /
		    PANGO_SCALE);

		px += g->geometry.width;
		if (g->glyph == PANGO_GLYPH_EMPTY)
			continue;
		if (g->glyph & PANGO_GLYPH_UNKNOWN_FLAG) {
			if (ascent == 0) {
				PangoFontMetrics *fm = pango_font_get_metrics(
				    run->item->analysis.font, NULL);

				ascent = (double)pango_font_metrics_get_ascent(
				    fm) / PANGO_SCALE;
				pango_font_metrics_unref(fm);
			}
			canvas_rect(cv, gx + 1, gy - ascent * 0.7,
			    (double)g->geometry.width / PANGO_SCALE - 2,
			    ascent * 0.7, 0.5);
			continue;
		}
		if (h.nglyphs == 0)
			h.y = gy;
		else if (gy != h.y)
			own_y = 1;
		{
			uint32_t index = g->glyph;

			buf_append(&pos, (const char *)&index, sizeof(index));
			buf_append(&pos, (const char *)&gx, sizeof(gx));
			buf_append(&pos, (const char *)&gy, sizeof(gy));
		}
		kept[i] = 1;
		h.nglyphs++;
	}
	if (h.nglyphs == 0) {
		free(kept);
		buf_free(&pos);
		return;
	}
	h.nbytes = (uint32_t)run->item->length;
	if (run->item->analysis.level % 2)
		h.flags |= RUN_BACKWARD | RUN_CLUSTERS;
	/* Clusters in text order: (bytes, glyphs drawn). */
	if (pango_glyph_item_iter_init_start(&it, run, text)) {
		do {
			int32_t pair[2] = { it.end_index - it.start_index, 0 };
			int fwd = it.start_glyph < it.end_glyph;
			int g0 = fwd ? it.start_glyph : it.end_glyph + 1;
			int g1 = fwd ? it.end_glyph : it.start_glyph + 1;

			for (int g = g0; g < g1; g++)
				pair[1] += kept[g];
			if (pair[1] != 1 || pair[0] !=
			    g_utf8_skip[(unsigned char)text[it.start_index]])
				h.flags |= RUN_CLUSTERS;
			buf_append(&cl, (const char *)pair, sizeof(pair));
			h.nclusters++;
		} while (pango_glyph_item_iter_next_cluster(&it));
	}
	free(kept);
	if (own_y)
		h.flags |= RUN_OWN_Y;
	put_op(cv, OP_GLYPHS);
	put(cv, &h, sizeof(h));
	/* Each glyph: index, x, and y when the run has no one baseline. */
	for (size_t i = 0; i < h.nglyphs; i++)
		put(cv, pos.data + i * 12, own_y ? 12 : 8);
	put_text(cv, text + run->item->offset, h.nbytes);
	if (h.flags & RUN_CLUSTERS)
		put(cv, cl.data, cl.len);
	buf_free(&pos);
	buf_free(&cl);
}

/* An image op's picture: in cv->images, not decoded yet, or failed. */
enum { IMG_LATER = -1, IMG_FAILED = -2 };

void
canvas_image(struct canvas *cv, const char *path, double x, double y,
    double w, double h, const char *file, unsigned line)
{
	struct shape s = { x, y, w, h, line };
	int32_t slot = IMG_LATER;

	put_op(cv, OP_IMAGE);
	put(cv, &s, sizeof(s));
	put(cv, &slot, sizeof(slot));
	put_str(cv, path);
	put_str(cv, file);
}

void
canvas_svg(struct canvas *cv, const char *svg, size_t len, double x,
    double y, double w, double h, const char *file, unsigned line)
{
	struct shape s = { x, y, w, h, line };
	uint32_t n = (uint32_t)len;

	put_op(cv, OP_SVG);
	put(cv, &s, sizeof(s));
	put(cv, &n, sizeof(n));
	put(cv, svg, len);
	put_str(cv, file);
}

void
canvas_link(struct canvas *cv, const char *uri, const char *dest, double x,
    double y, double w, double h)
{
	struct shape s = { x, y, w, h, uri != NULL };

	put_op(cv, OP_LINK);
	put(cv, &s, sizeof(s));
	put_str(cv, uri != NULL ? uri : dest);
}

void
canvas_dest(struct canvas *cv, const char *name, double x, double y)
{
	struct shape s = { x, y, 0, 0, 0 };

	put_op(cv, OP_DEST);
	put(cv, &s, sizeof(s));
	put_str(cv, name);
}

void
canvas_struct(struct canvas *cv, const struct tag_path *path)
{
	uint32_t n = path != NULL ? (uint32_t)path->n : 0;

	put_op(cv, OP_STRUCT);
	put(cv, &n, sizeof(n));
	for (uint32_t i = 0; i < n; i++) {
		uint64_t id = path->node[i].id;

		put(cv, &id, sizeof(id));
		put_str(cv, path->node[i].type);
	}
	put_str(cv, path != NULL && path->alt != NULL ? path->alt : "");
}

void
canvas_free(struct canvas *cv)
{
	for (size_t i = 0; i < cv->nimages; i++)
		cairo_surface_destroy(cv->images[i]);
	free(cv->images);
	buf_free(&cv->ops);
	memset(cv, 0, sizeof(*cv));
}

/* A picture the PDF does not take from pdfimages (an SVG, or a page not
 * prepared), or NULL after a warning. */
static cairo_surface_t *
load_now(const struct shape *s, const char *path, const char *file)
{
	cairo_surface_t *img;
	char *why = NULL;

	if ((img = image_load(path, &why)) == NULL) {
		diag(DIAG_WARNING, *file ? file : NULL, (unsigned)s->line,
		    "image '%s': %s", path, why);
		free(why);
	}
	return img;
}

/*
 * A picture painted a second time on one page is painted from a copy.
 * cairo (1.16 to 1.18 at least) names a picture in a page's resources
 * once for every time it is painted there, so one picture twice would
 * be a duplicated key; a copy is a picture of its own. (Painting each
 * through a group of its own, which would keep the bytes once, breaks
 * cairo 1.16's tagged PDF: a group inside a structure element fails the
 * page with "invalid nesting".) JPEG bytes go along with the copy.
 */
static cairo_surface_t *
image_copy(cairo_surface_t *img)
{
	cairo_surface_t *c;
	cairo_rectangle_t r;
	const unsigned char *mime;
	unsigned long len;
	cairo_t *cr;

	if (cairo_surface_get_type(img) == CAIRO_SURFACE_TYPE_IMAGE)
		c = cairo_image_surface_create(cairo_image_surface_get_format(
		    img), cairo_image_surface_get_width(img),
		    cairo_image_surface_get_height(img));
	else {
		/* An SVG: a recording of the recording, still vectors. */
		cairo_recording_surface_get_extents(img, &r);
		c = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA,
		    &r);
	}
	cairo_surface_get_mime_data(img, CAIRO_MIME_TYPE_JPEG, &mime, &len);
	/* A PDF draws a picture with JPEG data from the data alone. */
	if (mime == NULL) {
		cr = cairo_create(c);
		cairo_set_source_surface(cr, img, 0, 0);
		/* Onto a blank surface OVER is SOURCE; a recording keeps
		 * OVER, which a PDF draws as vectors (SOURCE it would
		 * rasterise). */
		if (cairo_surface_get_type(c) == CAIRO_SURFACE_TYPE_IMAGE)
			cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);
		cairo_paint(cr);
		cairo_destroy(cr);
	} else {
		unsigned char *bytes = xmalloc(len);

		memcpy(bytes, mime, len);
		cairo_surface_set_mime_data(c, CAIRO_MIME_TYPE_JPEG, bytes, len,
		    free, bytes);
	}
	cairo_surface_destroy(img);
	return c;
}

/* Whether a picture with img's id was painted already; remembers it. */
static int
seen_before(struct canvas_seen *d, cairo_surface_t *img)
{
	const unsigned char *uid;
	unsigned long len;

	cairo_surface_get_mime_data(img, CAIRO_MIME_TYPE_UNIQUE_ID, &uid,
	    &len);
	if (uid == NULL)
		return 0;
	for (size_t i = 0; i < d->n; i++)
		if (strlen(d->id[i]) == len && !memcmp(d->id[i], uid, len))
			return 1;
	d->id = xreallocarray(d->id, d->n + 1, sizeof(*d->id));
	d->id[d->n++] = xstrndup((const char *)uid, len);
	return 0;
}

/* Draws img (taken over) into s; again: it was drawn on this page. */
static void
replay_image(cairo_t *cr, const struct shape *s, cairo_surface_t *img,
    int again)
{
	cairo_rectangle_t r = { 0, 0, 1, 1 };

	if (again)
		img = image_copy(img);
	if (cairo_surface_get_type(img) == CAIRO_SURFACE_TYPE_IMAGE) {
		r.width = cairo_image_surface_get_width(img);
		r.height = cairo_image_surface_get_height(img);
	} else
		cairo_recording_surface_get_extents(img, &r);
	cairo_save(cr);
	cairo_translate(cr, s->x, s->y);
	cairo_scale(cr, s->w / r.width, s->h / r.height);
	cairo_set_source_surface(cr, img, 0, 0);
	cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
	cairo_paint(cr);
	cairo_restore(cr);
	cairo_surface_destroy(img);
}

/*
 * Where a picture found unreadable only when drawn (after its warning)
 * would be: a grey frame crossed out, so that the page shows the gap is
 * a picture missing.
 */
static void
replay_missing(cairo_t *cr, const struct shape *s)
{
	cairo_save(cr);
	cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
	cairo_set_line_width(cr, 0.75);
	cairo_rectangle(cr, s->x, s->y, s->w, s->h);
	cairo_move_to(cr, s->x, s->y);
	cairo_line_to(cr, s->x + s->w, s->y + s->h);
	cairo_move_to(cr, s->x + s->w, s->y);
	cairo_line_to(cr, s->x, s->y + s->h);
	cairo_stroke(cr);
	cairo_restore(cr);
}

/* Reads n bytes at *p into dst. */
static const char *
take(const char *p, void *dst, size_t n)
{
	memcpy(dst, p, n);
	return p + n;
}

/* Where the image op whose payload starts at p keeps its picture. */
static int32_t *
image_slot(char *p)
{
	return (int32_t *)(void *)(p + sizeof(struct shape));
}

/* The operation after the one at p (its code included). */
static const char *
op_end(const char *p)
{
	struct run_head h;
	const char *q = p + 1;

	switch ((enum op)*p) {
	case OP_COLOR:
		return q + sizeof(uint32_t);
	case OP_RECT:
	case OP_LINE:
		return q + sizeof(struct shape);
	case OP_GLYPHS:
		q = take(q, &h, sizeof(h));
		q += (size_t)h.nglyphs * (h.flags & RUN_OWN_Y ? 12 : 8) +
		    h.nbytes;
		if (h.flags & RUN_CLUSTERS)
			q += (size_t)h.nclusters * 2 * sizeof(int32_t);
		return q;
	case OP_IMAGE:
		q += sizeof(struct shape) + sizeof(int32_t);
		q += strlen(q) + 1;
		return q + strlen(q) + 1;
	case OP_SVG: {
		uint32_t n;

		q += sizeof(struct shape);
		q = take(q, &n, sizeof(n)) + n;
		return q + strlen(q) + 1;
	}
	case OP_LINK:
	case OP_DEST:
		q += sizeof(struct shape);
		return q + strlen(q) + 1;
	case OP_STRUCT: {
		uint32_t n;

		q = take(q, &n, sizeof(n));
		for (uint32_t i = 0; i < n; i++) {
			q += sizeof(uint64_t);
			q += strlen(q) + 1;
		}
		return q + strlen(q) + 1;
	}
	}
	return q;
}

int
canvas_remap_fonts(struct canvas *cv, size_t from, const uint32_t *map,
    size_t nmap)
{
	char *end = cv->ops.data + cv->ops.len;

	for (char *p = cv->ops.data + from; p < end; p = (char *)op_end(p)) {
		struct run_head h;

		if ((enum op)*p != OP_GLYPHS)
			continue;
		memcpy(&h, p + 1, sizeof(h));
		if (h.font >= nmap)
			return -1;
		h.font = map[h.font];
		memcpy(p + 1, &h, sizeof(h));
	}
	return 0;
}

void
canvas_pictures(const struct canvas *cv, void (*fn)(void *arg,
    const char *path, double w, double h), void *arg)
{
	const char *end = cv->ops.data + cv->ops.len;

	for (const char *p = cv->ops.data; p < end; p = op_end(p)) {
		struct shape s;

		if ((enum op)*p != OP_IMAGE)
			continue;
		memcpy(&s, p + 1, sizeof(s));
		fn(arg, p + 1 + sizeof(s) + sizeof(int32_t), s.w, s.h);
	}
}

void
canvas_prepare(struct canvas *cv, struct pdfimages *pi)
{
	char *end = cv->ops.data + cv->ops.len;

	for (char *p = cv->ops.data; p < end; p = (char *)op_end(p)) {
		struct shape s;
		const char *path, *file;
		cairo_surface_t *img;
		char *why;
		int32_t slot;

		if ((enum op)*p != OP_IMAGE)
			continue;
		memcpy(&slot, image_slot(p + 1), sizeof(slot));
		if (slot != IMG_LATER)
			continue;
		memcpy(&s, p + 1, sizeof(s));
		path = p + 1 + sizeof(s) + sizeof(slot);
		file = path + strlen(path) + 1;
		if ((img = pdfimages_get(pi, path, s.w, s.h, &why)) != NULL) {
			cv->images = xreallocarray(cv->images, cv->nimages + 1,
			    sizeof(*cv->images));
			cv->images[cv->nimages] = img;
			slot = (int32_t)cv->nimages++;
		} else if (why != NULL) {
			diag(DIAG_WARNING, *file ? file : NULL,
			    (unsigned)s.line, "image '%s': %s", path, why);
			free(why);
			slot = IMG_FAILED;
		}
		memcpy(image_slot(p + 1), &slot, sizeof(slot));
	}
}

/*
 * Runs drawn one after another in one font and colour are handed to cairo
 * as one: far fewer operations for it to analyse and write (a paragraph,
 * not each line of it).
 */
struct gather {
	/* The cairo font, not the font's number: two numbers may name one
	 * font (a worker's and this process's), and runs in it are joined
	 * all the same. */
	cairo_scaled_font_t *font;
	cairo_glyph_t *g;
	cairo_text_cluster_t *cl;
	size_t	 ng, gcap, ncl, clcap;
	struct buf text;
	int	 backward;
};

static void
flush(cairo_t *cr, struct gather *ga)
{
	if (ga->ng == 0)
		return;
	cairo_set_scaled_font(cr, ga->font);
	cairo_show_text_glyphs(cr, ga->text.data, (int)ga->text.len, ga->g,
	    (int)ga->ng, ga->cl, (int)ga->ncl, ga->backward ?
	    CAIRO_TEXT_CLUSTER_FLAG_BACKWARD : 0);
	ga->ng = ga->ncl = ga->text.len = 0;
}

static const char *
replay_glyphs(cairo_t *cr, const char *p, struct gather *ga)
{
	struct run_head h;
	const char *text;
	cairo_scaled_font_t *sf;
	int backward;

	p = take(p, &h, sizeof(h));
	sf = drawing_font(h.font);
	backward = (h.flags & RUN_BACKWARD) != 0;
	/* Clusters of right-to-left runs count from the end: one a call. */
	if (sf != ga->font || backward || ga->backward)
		flush(cr, ga);
	ga->font = sf;
	ga->backward = backward;
	if (ga->ng + h.nglyphs > ga->gcap) {
		ga->gcap = (ga->ng + h.nglyphs) * 2;
		ga->g = xreallocarray(ga->g, ga->gcap, sizeof(*ga->g));
	}
	if (ga->ncl + h.nclusters > ga->clcap) {
		ga->clcap = (ga->ncl + h.nclusters) * 2;
		ga->cl = xreallocarray(ga->cl, ga->clcap, sizeof(*ga->cl));
	}
	for (size_t i = 0; i < h.nglyphs; i++) {
		uint32_t index;
		float x, y = h.y;

		p = take(p, &index, sizeof(index));
		p = take(p, &x, sizeof(x));
		if (h.flags & RUN_OWN_Y)
			p = take(p, &y, sizeof(y));
		ga->g[ga->ng++] = (cairo_glyph_t){ index, x, y };
	}
	text = p;
	p += h.nbytes;
	buf_append(&ga->text, text, h.nbytes);
	if (h.flags & RUN_CLUSTERS) {
		for (size_t i = 0; i < h.nclusters; i++) {
			int32_t pair[2];

			p = take(p, pair, sizeof(pair));
			ga->cl[ga->ncl++] = (cairo_text_cluster_t){ pair[0],
			    pair[1] };
		}
	} else {
		/* One character, one glyph. */
		for (size_t i = 0; i < h.nclusters; i++) {
			int n = g_utf8_skip[(unsigned char)*text];

			ga->cl[ga->ncl++] = (cairo_text_cluster_t){ n, 1 };
			text += n;
		}
	}
	return p;
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

/* A link (s->line 1: to a URI), noted in log, or a destination, cairo's;
 * moved by (dx, dy). */
static const char *
replay_tag(cairo_t *cr, struct structlog *log, enum op op, const char *p,
    double dx, double dy)
{
	struct shape s;
	struct buf b = {0};

	p = take(p, &s, sizeof(s));
	if (op == OP_DEST) {
		buf_puts(&b, "name=");
		put_quoted(&b, p);
		buf_printf(&b, " x=%.2f y=%.2f", s.x + dx, s.y + dy);
		/* A name from a heading's text may hold them. */
		utf8_no_nonchars(b.data, b.len);
		cairo_tag_begin(cr, CAIRO_TAG_DEST, b.data);
		cairo_tag_end(cr, CAIRO_TAG_DEST);
		buf_free(&b);
	} else if (log != NULL)
		structlog_link(log, s.line > 0 ? p : NULL, p, s.x + dx,
		    s.y + dy, s.w, s.h);
	return p + strlen(p) + 1;
}

/* The structure elements a replay has open. */
struct open_tags {
	size_t	 n;
	uint64_t id[TAG_DEPTH];
	const char *type[TAG_DEPTH];	/* into the canvas's operations */
};

/* Ends the open elements from level keep on. */
static void
end_tags(struct structlog *log, struct open_tags *t, size_t keep)
{
	while (t->n > keep) {
		t->n--;
		structlog_end(log);
	}
}

/* Moves from the open elements to those of the path at p. */
static const char *
replay_struct(struct structlog *log, const char *p, struct open_tags *t)
{
	uint32_t n;
	size_t same = 0;
	uint64_t id[TAG_DEPTH];
	const char *type[TAG_DEPTH];

	p = take(p, &n, sizeof(n));
	for (uint32_t i = 0; i < n; i++) {
		p = take(p, &id[i < TAG_DEPTH ? i : 0], sizeof(*id));
		type[i < TAG_DEPTH ? i : 0] = p;
		p += strlen(p) + 1;
	}
	if (n > TAG_DEPTH)
		n = 0;	/* not a path canvas_struct wrote */
	while (same < n && same < t->n && t->id[same] == id[same] &&
	    !strcmp(t->type[same], type[same]))
		same++;
	end_tags(log, t, same);
	for (size_t i = same; i < n; i++) {
		structlog_begin(log, type[i], strcmp(type[i], "Figure") ? NULL :
		    p);
		t->id[t->n] = id[i];
		t->type[t->n++] = type[i];
	}
	return p + strlen(p) + 1;
}

/*
 * An element that holds links gets its drawing in Spans, one for each
 * stretch of drawing under its path, and the stretch's links come after
 * the Span, beside it: a Link element holds its annotation, and the
 * text it covers is read with the sentence around it.
 */
struct links {
	struct linked {
		uint64_t id;
		const char *type;	/* into the canvas's operations */
	}	*elem;	/* the innermost elements that hold links */
	size_t	 nelem;
	const char **op;	/* deferred OP_LINKs, at their codes */
	size_t	 n;
	int	 span;		/* a Span is open for them */
};

/* Finds the elements of the canvas's operations p .. end that hold
 * links: the innermost of the path in force at each link. */
static void
find_linked(struct links *l, const char *p, const char *end)
{
	struct linked cur = { 0, NULL };

	for (; p < end; p = op_end(p)) {
		if ((enum op)*p == OP_STRUCT) {
			uint32_t n;
			const char *q = take(p + 1, &n, sizeof(n));

			cur.type = NULL;
			for (uint32_t i = 0; i < n && n <= TAG_DEPTH; i++) {
				q = take(q, &cur.id, sizeof(cur.id));
				cur.type = q;
				q += strlen(q) + 1;
			}
		} else if ((enum op)*p == OP_LINK && cur.type != NULL &&
		    (l->nelem == 0 || l->elem[l->nelem - 1].id != cur.id ||
		    strcmp(l->elem[l->nelem - 1].type, cur.type))) {
			l->elem = xreallocarray(l->elem, l->nelem + 1,
			    sizeof(*l->elem));
			l->elem[l->nelem++] = cur;
		}
	}
}

/* Whether the innermost open element holds links. */
static int
holds_links(const struct links *l, const struct open_tags *t)
{
	for (size_t i = 0; t->n > 0 && i < l->nelem; i++)
		if (l->elem[i].id == t->id[t->n - 1] &&
		    !strcmp(l->elem[i].type, t->type[t->n - 1]))
			return 1;
	return 0;
}

/* Ends the stretch: the Span, then the links beside it. */
static void
end_stretch(cairo_t *cr, struct structlog *log, struct links *l, double dx,
    double dy)
{
	if (l->span)
		structlog_end(log);
	l->span = 0;
	for (size_t i = 0; i < l->n; i++)
		replay_tag(cr, log, OP_LINK, l->op[i] + 1, dx, dy);
	l->n = 0;
}

void
canvas_seen_free(struct canvas_seen *seen)
{
	for (size_t i = 0; i < seen->n; i++)
		free(seen->id[i]);
	free(seen->id);
	seen->id = NULL;
	seen->n = 0;
}

void
canvas_replay(const struct canvas *cv, cairo_t *cr, double dx, double dy,
    struct structlog *log, struct canvas_seen *seen)
{
	struct open_tags tags = {0};
	struct links links = {0};
	struct canvas_seen own = {0};
	int tagged = log != NULL && structlog_tagged(log);
	const char *p = cv->ops.data, *end = p + cv->ops.len;
	struct gather ga = {0};
	uint32_t color = 0;
	int has_color = 0, moved = dx != 0 || dy != 0;

	if (moved) {
		cairo_save(cr);
		cairo_translate(cr, dx, dy);
	}
	if (tagged)
		find_linked(&links, p, end);
	while (p < end) {
		enum op op = (enum op)*p++;
		struct shape s;
		uint32_t rgb;
		const char *a, *b;

		/* Anything but more glyphs, or a colour already set, ends
		 * the gathered run. */
		if (op == OP_COLOR) {
			memcpy(&rgb, p, sizeof(rgb));
			if (!has_color || rgb != color)
				flush(cr, &ga);
		} else if (op != OP_GLYPHS)
			flush(cr, &ga);
		if (tagged && (op == OP_RECT || op == OP_LINE ||
		    op == OP_GLYPHS || op == OP_IMAGE || op == OP_SVG))
			structlog_mark(log, cr);
		switch (op) {
		case OP_COLOR:
			p = take(p, &rgb, sizeof(rgb));
			if (has_color && rgb == color)
				break;
			color = rgb;
			has_color = 1;
			cairo_set_source_rgb(cr, (rgb >> 16 & 0xFF) / 255.0,
			    (rgb >> 8 & 0xFF) / 255.0, (rgb & 0xFF) / 255.0);
			break;
		case OP_RECT:
			p = take(p, &s, sizeof(s));
			cairo_rectangle(cr, s.x, s.y, s.w, s.h);
			if (s.line > 0) {
				cairo_set_line_width(cr, s.line);
				cairo_stroke(cr);
			} else
				cairo_fill(cr);
			break;
		case OP_LINE:
			p = take(p, &s, sizeof(s));
			cairo_set_line_width(cr, s.line);
			cairo_move_to(cr, s.x, s.y);
			cairo_line_to(cr, s.w, s.h);
			cairo_stroke(cr);
			break;
		case OP_GLYPHS:
			p = replay_glyphs(cr, p, &ga);
			break;
		case OP_IMAGE: {
			int32_t slot;
			cairo_surface_t *img;
			char *why = NULL;

			p = take(p, &s, sizeof(s));
			p = take(p, &slot, sizeof(slot));
			a = p;
			p += strlen(p) + 1;
			b = p;
			p += strlen(p) + 1;
			img = slot >= 0 ? cairo_surface_reference(
			    cv->images[slot]) : slot == IMG_LATER ?
			    load_now(&s, a, b) : NULL;
			if (img != NULL && pdfimages_check(img, &why) == -1) {
				diag(DIAG_WARNING, *b ? b : NULL,
				    (unsigned)s.line, "image '%s': %s", a, why);
				free(why);
				cairo_surface_destroy(img);
				img = NULL;
			}
			if (img != NULL)
				replay_image(cr, &s, img, seen_before(seen ?
				    seen : &own,
				    img));
			else
				replay_missing(cr, &s);
			break;
		}
		case OP_SVG: {
			uint32_t n;
			char *why = NULL;
			cairo_surface_t *img;

			p = take(p, &s, sizeof(s));
			p = take(p, &n, sizeof(n));
			a = p;
			p += n;
			b = p;
			p += strlen(p) + 1;
			if ((img = image_load_svg(a, n, NULL, &why)) != NULL)
				replay_image(cr, &s, img, 0);
			else {
				diag(DIAG_WARNING, *b ? b : NULL,
				    (unsigned)s.line, "diagram: %s", why);
				free(why);
				replay_missing(cr, &s);
			}
			break;
		}
		case OP_LINK:
			if (links.span) {
				links.op = xreallocarray(links.op, links.n + 1,
				    sizeof(*links.op));
				links.op[links.n++] = p - 1;
				p = op_end(p - 1);
				break;
			}
			/* FALLTHROUGH */
		case OP_DEST:
			p = replay_tag(cr, log, op, p, dx, dy);
			break;
		case OP_STRUCT:
			if (!tagged) {
				p = op_end(p - 1);
				break;
			}
			end_stretch(cr, log, &links, dx, dy);
			p = replay_struct(log, p, &tags);
			if (holds_links(&links, &tags)) {
				structlog_begin(log, "Span", NULL);
				links.span = 1;
			}
			break;
		}
	}
	flush(cr, &ga);
	if (tagged) {
		end_stretch(cr, log, &links, dx, dy);
		end_tags(log, &tags, 0);
	}
	canvas_seen_free(&own);
	if (moved)
		cairo_restore(cr);
	free(links.op);
	free(links.elem);
	free(ga.g);
	free(ga.cl);
	buf_free(&ga.text);
}

/* Written and read with pwrite and pread: a canvas is in the file whole
 * once spool_put returns, or not at all (a full disk fails that call,
 * not a later flush), and readers on other threads need no offset. */
struct spool {
	int	 fd;
	long	 end;
};

struct spool *
spool_open(void)
{
	char *path = xasprintf("%s/quire-spool-XXXXXX", tmp_dir());
	struct spool *s = xcalloc(1, sizeof(*s));

	if ((s->fd = mkstemp(path)) != -1)
		unlink(path);
	free(path);
	if (s->fd == -1) {
		free(s);
		return NULL;
	}
	return s;
}

int
spool_put(struct spool *s, const struct canvas *cv, struct spool_ref *ref)
{
	/* Decoded pictures live in memory only. */
	if (cv->nimages > 0)
		abort();
	if (pwrite_all(s->fd, cv->ops.data, cv->ops.len, s->end) == -1)
		return -1;
	ref->off = s->end;
	ref->len = cv->ops.len;
	s->end += (long)cv->ops.len;
	return 0;
}

int
spool_get(struct spool *s, const struct spool_ref *ref, struct canvas *cv)
{
	size_t at = cv->ops.len;
	ssize_t n;

	if (ref->len == 0)
		return 0;
	if (cv->ops.cap < at + ref->len + 1) {
		cv->ops.cap = at + ref->len + 1;
		cv->ops.data = xrealloc(cv->ops.data, cv->ops.cap);
	}
	if ((n = pread_all(s->fd, cv->ops.data + at, ref->len, ref->off)) !=
	    (ssize_t)ref->len) {
		errno = n == -1 ? errno : EIO;
		return -1;
	}
	cv->ops.len = at + ref->len;
	cv->ops.data[cv->ops.len] = '\0';
	return 0;
}

struct spool *
spool_reader(const struct spool *s)
{
	char *path = xasprintf("/proc/self/fd/%d", s->fd);
	struct spool *r = xcalloc(1, sizeof(*r));

	/* A descriptor of its own, for another process than the writer's. */
	if ((r->fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		free(r);
		r = NULL;
	}
	free(path);
	return r;
}

void
spool_close(struct spool *s)
{
	if (s != NULL) {
		close(s->fd);
		free(s);
	}
}
