/*
 * floor.c - the least work a renderer can do with quire's libraries.
 *
 * Reads posts (files, or folders searched for .md files), cuts the front
 * matter off crudely, parses with cmark-gfm (quire's extensions and
 * options), lays each block out once with Pango at a fixed width in the
 * fonts quire uses, and draws the lines on a cairo PDF surface, starting
 * a new page when one is full. It draws the images a post shows (its
 * Markdown images and its front matter's featured image) through quire's
 * image loader, at quire's size and resolution: cairo recompresses every
 * PNG, which dominates an image-heavy archive, so a floor without them
 * would flatter nothing. No pagination rules, no inline styling, no
 * links, no metadata: bench/run divides quire's figures by this
 * program's to show what quire's own work costs.
 *
 * usage: floor [-o OUT.pdf] [-d DATADIR] POST.md|FOLDER ...
 */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cairo-pdf.h>
#include <cmark-gfm.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>

#include "fonts.h"
#include "image.h"
#include "markdown.h"
#include "util.h"

/* quire's default style: A4, 34 mm side margins, 26/30 mm top/bottom. */
#define MM		(72.0 / 25.4)
#define PAGE_W		595.276
#define PAGE_H		841.89
#define MARGIN_X	(34 * MM)
#define MARGIN_TOP	(26 * MM)
#define MARGIN_BOTTOM	(30 * MM)
#define TEXT_W		(PAGE_W - 2 * MARGIN_X)

struct role {
	const char	*font;		/* Pango font description */
	double		 leading;	/* line advance, pt */
	double		 after;		/* space after the block, pt */
};

static const struct role body = { "Linux Libertine O 11", 15.5, 7.75 };
static const struct role title = { "Linux Libertine Display O 27", 31, 10 };
static const struct role code = { "JetBrains Mono 8.3", 11.6, 11 };
static const struct role table = { "Linux Libertine O 9.5", 12.5, 4 };
static const struct role heading[6] = {
	{ "Linux Biolinum O Bold 17", 21, 7 },
	{ "Linux Biolinum O Bold 14", 18, 6 },
	{ "Linux Biolinum O Bold 12", 15.5, 4 },
	{ "Linux Biolinum O Bold 11", 15.5, 3 },
	{ "Linux Libertine O Bold 11", 15.5, 2 },
	{ "Linux Libertine O Italic 11", 15.5, 2 },
};

struct pen {
	cairo_t		*cr;
	PangoContext	*pango;
	double		 y;		/* top of the next line, pt */
	int		 pages;
	const char	*post_dir;	/* the post being drawn: its folder */
	const char	*site_root;	/* and its site's, or NULL */
};

static void
new_page(struct pen *p)
{
	cairo_show_page(p->cr);
	p->pages++;
	p->y = MARGIN_TOP;
}

/* Decoded images finer than this are embedded at it (as quire does). */
#define MAX_PPI 220

/*
 * A JPEG (but CMYK) as a blank surface of its size carrying the file's
 * bytes, which cairo embeds as they are; anything else decoded. One
 * image object for each file however often it is drawn.
 */
static cairo_surface_t *
load_for_pdf(const char *path, char **why)
{
	struct image_info info;
	struct image_raw raw;
	cairo_surface_t *s;
	char *id;

	if (image_probe(path, &info, why) == -1)
		return NULL;
	if (info.format != IMAGE_JPEG || image_raw(path, &raw, why) != 1) {
		free(*why);
		return image_load(path, why);
	}
	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, raw.width,
	    raw.height);
	cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_JPEG, raw.data, raw.len,
	    free, raw.data);
	raw.data = NULL;
	image_raw_free(&raw);
	id = xstrdup(path);
	cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_UNIQUE_ID,
	    (unsigned char *)id, strlen(id), free, id);
	return s;
}

/*
 * An image as quire embeds it: CSS pixels at 96 to the inch, no wider
 * than the text nor taller than most of a page, pixels beyond MAX_PPI
 * dropped, a JPEG as its own bytes. Unreadable images are skipped.
 */
static void
draw_image(struct pen *p, const char *ref, int featured)
{
	char *why = NULL, *path;
	cairo_surface_t *img;
	int pw, ph, tw, th;
	double w, h, maxh = (PAGE_H - MARGIN_TOP - MARGIN_BOTTOM) * 0.92;
	const unsigned char *jpeg;
	unsigned long jlen;

	path = image_resolve(ref, p->post_dir, p->site_root, NULL, featured,
	    0, &why);
	if (path == NULL || (img = load_for_pdf(path, &why)) == NULL) {
		free(why);
		free(path);
		return;
	}
	pw = cairo_image_surface_get_width(img);
	ph = cairo_image_surface_get_height(img);
	w = pw * 0.75;
	h = ph * 0.75;
	if (w > TEXT_W) {
		h *= TEXT_W / w;
		w = TEXT_W;
	}
	if (h > maxh) {
		w *= maxh / h;
		h = maxh;
	}
	tw = (int)(w / 72 * MAX_PPI + 0.5);
	th = (int)(h / 72 * MAX_PPI + 0.5);
	cairo_surface_get_mime_data(img, CAIRO_MIME_TYPE_JPEG, &jpeg, &jlen);
	if (jpeg == NULL && tw < pw && th < ph && tw > 0 && th > 0) {
		cairo_surface_t *small = cairo_image_surface_create(
		    cairo_image_surface_get_format(img), tw, th);
		cairo_t *cr = cairo_create(small);

		cairo_scale(cr, (double)tw / pw, (double)th / ph);
		cairo_set_source_surface(cr, img, 0, 0);
		cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
		cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);
		cairo_paint(cr);
		cairo_destroy(cr);
		cairo_surface_destroy(img);
		img = small;
		pw = tw;
		ph = th;
	}
	if (p->y + h > PAGE_H - MARGIN_BOTTOM)
		new_page(p);
	cairo_save(p->cr);
	cairo_translate(p->cr, MARGIN_X + (TEXT_W - w) / 2, p->y);
	cairo_scale(p->cr, w / pw, h / ph);
	cairo_set_source_surface(p->cr, img, 0, 0);
	cairo_pattern_set_filter(cairo_get_source(p->cr), CAIRO_FILTER_GOOD);
	cairo_paint(p->cr);
	cairo_restore(p->cr);
	cairo_surface_destroy(img);
	free(path);
	p->y += h + body.after;
}

/* One layout for the block; its lines drawn, a new page when full. */
static void
draw_block(struct pen *p, const struct role *r, const char *s, size_t len)
{
	PangoLayout *l = pango_layout_new(p->pango);
	PangoFontDescription *fd = pango_font_description_from_string(r->font);
	PangoLayoutIter *it;

	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(l, (int)(TEXT_W * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_text(l, s, (int)len);
	it = pango_layout_get_iter(l);
	do {
		int baseline = pango_layout_iter_get_baseline(it);
		PangoRectangle log;

		pango_layout_iter_get_line_extents(it, NULL, &log);
		if (p->y + r->leading > PAGE_H - MARGIN_BOTTOM)
			new_page(p);
		cairo_move_to(p->cr, MARGIN_X, p->y +
		    (double)(baseline - log.y) / PANGO_SCALE);
		pango_cairo_show_layout_line(p->cr,
		    pango_layout_iter_get_line_readonly(it));
		p->y += r->leading;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	g_object_unref(l);
	p->y += r->after;
}

/* The text of a block's inlines, unstyled. */
static void
inline_text(cmark_node *block, struct buf *t)
{
	cmark_iter *it = cmark_iter_new(block);
	cmark_event_type ev;

	t->len = 0;
	buf_append(t, "", 0);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		const char *lit;

		if (ev != CMARK_EVENT_ENTER)
			continue;
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
		case CMARK_NODE_HTML_INLINE:
			if ((lit = cmark_node_get_literal(n)) != NULL)
				buf_append(t, lit, strlen(lit));
			break;
		case CMARK_NODE_SOFTBREAK:
			buf_append(t, " ", 1);
			break;
		case CMARK_NODE_LINEBREAK:
			buf_append(t, "\n", 1);
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
}

/* A table row: one layout per cell at an equal share of the width. */
static void
draw_row(struct pen *p, cmark_node *row, struct buf *t)
{
	int ncell = 0, i = 0, most = 1;
	cmark_node *c;

	for (c = cmark_node_first_child(row); c; c = cmark_node_next(c))
		ncell++;
	if (ncell == 0)
		return;
	if (p->y + table.leading > PAGE_H - MARGIN_BOTTOM)
		new_page(p);
	for (c = cmark_node_first_child(row); c; c = cmark_node_next(c), i++) {
		double w = TEXT_W / ncell;
		PangoLayout *l;
		PangoFontDescription *fd;

		inline_text(c, t);
		if (t->len == 0)
			continue;
		l = pango_layout_new(p->pango);
		fd = pango_font_description_from_string(table.font);
		pango_layout_set_font_description(l, fd);
		pango_font_description_free(fd);
		pango_layout_set_width(l, (int)((w - 6) * PANGO_SCALE));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
		pango_layout_set_text(l, t->data, (int)t->len);
		cairo_move_to(p->cr, MARGIN_X + i * w, p->y);
		pango_cairo_show_layout(p->cr, l);
		if (pango_layout_get_line_count(l) > most)
			most = pango_layout_get_line_count(l);
		g_object_unref(l);
	}
	p->y += most * table.leading + table.after;
}

static void
draw_doc(struct pen *p, cmark_node *doc)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	struct buf t = { 0 };

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		const char *lit, *ts;

		if (ev != CMARK_EVENT_ENTER)
			continue;
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_IMAGE:
			if ((lit = cmark_node_get_url(n)) != NULL && *lit)
				draw_image(p, lit, 0);
			break;
		case CMARK_NODE_PARAGRAPH:
			inline_text(n, &t);
			if (t.len)
				draw_block(p, &body, t.data, t.len);
			break;
		case CMARK_NODE_HEADING:
			inline_text(n, &t);
			if (t.len)
				draw_block(p, &heading[cmark_node_get_heading_level(n) - 1],
				    t.data, t.len);
			break;
		case CMARK_NODE_CODE_BLOCK:
		case CMARK_NODE_HTML_BLOCK:
			lit = cmark_node_get_literal(n);
			if (lit != NULL && *lit)
				draw_block(p, &code, lit, strlen(lit) -
				    (lit[strlen(lit) - 1] == '\n'));
			break;
		default:
			ts = cmark_node_get_type_string(n);
			if (ts != NULL && (strcmp(ts, "table_row") == 0 ||
			    strcmp(ts, "table_header") == 0))
				draw_row(p, n, &t);
			break;
		}
	}
	cmark_iter_free(it);
	free(t.data);
}

/* A front matter field's value (crude: one line, quotes trimmed). */
static char *
field(const char *fm, const char *end, const char *name)
{
	size_t n = strlen(name);

	for (const char *l = fm; l != NULL && l < end; l = strchr(l, '\n')) {
		l += *l == '\n';
		if (strncmp(l, name, n) == 0 && l[n] == ':') {
			const char *v = l + n + 1;

			v += strspn(v, " \"'");
			return xstrndup(v, strcspn(v, "\"'\r\n"));
		}
	}
	return NULL;
}

/* The folder above dir that holds _config.yml, or NULL. */
static char *
site_of(const char *dir)
{
	char *d = xstrdup(dir), *slash, *cfg;

	for (;;) {
		struct stat st;

		cfg = xasprintf("%s/_config.yml", d);
		if (stat(cfg, &st) == 0) {
			free(cfg);
			return d;
		}
		free(cfg);
		if ((slash = strrchr(d, '/')) == NULL || slash == d) {
			free(d);
			return NULL;
		}
		*slash = '\0';
	}
}

static void
render_file(struct pen *p, const char *path)
{
	FILE *f = fopen(path, "rb");
	struct buf t = { 0 };
	char buf[65536];
	size_t n;
	const char *body_s, *e = NULL;
	char *title_s = NULL, *featured = NULL, *dir, *site;
	cmark_node *doc;

	if (f == NULL) {
		perror(path);
		return;
	}
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		buf_append(&t, buf, n);
	fclose(f);
	if (t.data == NULL)
		return;
	body_s = t.data;
	/* Front matter: everything up to the second "---" line. */
	if ((strncmp(t.data, "---\n", 4) == 0 ||
	    strncmp(t.data, "---\r\n", 5) == 0) &&
	    (e = strstr(t.data + 3, "\n---")) != NULL) {
		title_s = field(t.data, e, "title");
		featured = field(t.data, e, "featured-image");
		body_s = strchr(e + 1, '\n');
		body_s = body_s ? body_s + 1 : t.data + t.len;
	}
	dir = realpath(path, NULL);
	if (dir == NULL)
		dir = xstrdup(".");
	else
		*strrchr(dir, '/') = '\0';
	site = site_of(dir);
	p->post_dir = dir;
	p->site_root = site;
	/* Every post starts on a new page, under its title. */
	if (p->y > MARGIN_TOP)
		new_page(p);
	if (title_s != NULL)
		draw_block(p, &title, title_s, strlen(title_s));
	if (featured != NULL)
		draw_image(p, featured, 1);
	doc = markdown_parse(body_s, t.len - (size_t)(body_s - t.data));
	draw_doc(p, doc);
	cmark_node_free(doc);
	free(title_s);
	free(featured);
	free(dir);
	free(site);
	free(t.data);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A folder's posts, in name order, searched recursively like quire. */
static void
render_path(struct pen *p, const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	char **v = NULL;
	size_t n = 0;

	if (stat(path, &st) == -1) {
		perror(path);
		return;
	}
	if (!S_ISDIR(st.st_mode)) {
		render_file(p, path);
		return;
	}
	if ((d = opendir(path)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		const char *dot = strrchr(e->d_name, '.');
		char *sub;

		if (e->d_name[0] == '.')
			continue;
		sub = xrealloc(NULL, strlen(path) + strlen(e->d_name) + 2);
		sprintf(sub, "%s/%s", path, e->d_name);
		if ((dot != NULL && strcmp(dot, ".md") == 0) ||
		    (stat(sub, &st) == 0 && S_ISDIR(st.st_mode))) {
			v = xrealloc(v, (n + 1) * sizeof(*v));
			v[n++] = sub;
		} else
			free(sub);
	}
	closedir(d);
	qsort(v, n, sizeof(*v), cmp_str);
	for (size_t i = 0; i < n; i++) {
		render_path(p, v[i]);
		free(v[i]);
	}
	free(v);
}

int
main(int argc, char **argv)
{
	const char *out = "floor.pdf", *datadir = ".";
	PangoFontMap *fm, *qfm;
	char *abs;
	struct pen p = { 0 };
	cairo_surface_t *surf;
	cairo_status_t status;
	int i = 1;

	for (; i < argc && argv[i][0] == '-'; i += 2) {
		if (i + 1 >= argc)
			break;
		if (strcmp(argv[i], "-o") == 0)
			out = argv[i + 1];
		else if (strcmp(argv[i], "-d") == 0)
			datadir = argv[i + 1];
		else
			break;
	}
	if (i >= argc) {
		fputs("usage: floor [-o OUT.pdf] [-d DATADIR] POST.md|FOLDER ...\n",
		    stderr);
		return 2;
	}
	/* quire's own font set-up and Markdown parser: the floor differs
	 * from quire only in what it leaves out. */
	abs = realpath(datadir, NULL);
	if (abs == NULL || (qfm = fonts_new(abs)) == NULL) {
		fprintf(stderr, "floor: %s: cannot load fonts\n", datadir);
		return 1;
	}
	free(abs);
	/* The same fonts in Pango's cairo font map, which draws directly
	 * (quire's own is a FreeType map: it draws through its canvas). */
	fm = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(fm),
	    pango_fc_font_map_get_config(PANGO_FC_FONT_MAP(qfm)));
	pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(fm), 72);
	g_object_unref(qfm);
	p.pango = fonts_context(fm);
	{
		cairo_font_options_t *fo = cairo_font_options_create();

		cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
		cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
		pango_cairo_context_set_font_options(p.pango, fo);
		cairo_font_options_destroy(fo);
	}
	surf = cairo_pdf_surface_create(out, PAGE_W, PAGE_H);
	p.cr = cairo_create(surf);
	p.y = MARGIN_TOP;
	p.pages = 1;
	for (; i < argc; i++)
		render_path(&p, argv[i]);
	cairo_show_page(p.cr);
	cairo_destroy(p.cr);
	cairo_surface_finish(surf);
	status = cairo_surface_status(surf);
	cairo_surface_destroy(surf);
	g_object_unref(p.pango);
	g_object_unref(fm);
	if (status != CAIRO_STATUS_SUCCESS) {
		fprintf(stderr, "floor: %s: %s\n", out,
		    cairo_status_to_string(status));
		return 1;
	}
	fprintf(stderr, "floor: %s: %d pages\n", out, p.pages);
	return 0;
}
