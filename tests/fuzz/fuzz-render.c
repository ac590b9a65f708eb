/*
 * fuzz-render.c - libFuzzer target: arbitrary bytes through the whole
 * post pipeline (source, front matter, Liquid, Markdown, build, layout,
 * paint) into a PDF surface whose bytes are thrown away.
 *
 * The glue mirrors post_load() and render_post() stage by stage, since
 * neither takes bytes: a post_load_bytes() would let it shrink to a call.
 * Images resolve inside samples/, so the seeds can reach real ones.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>

#include "build.h"
#include "diag.h"
#include "folio.h"
#include "fonts.h"
#include "hyphenate.h"
#include "layout.h"
#include "liquid.h"
#include "markdown.h"
#include "meta.h"
#include "paint.h"
#include "site.h"
#include "source.h"
#include "style.h"

#ifndef QUIRE_SRCDIR
#define QUIRE_SRCDIR "."
#endif

#define POST_DIR QUIRE_SRCDIR "/samples"
#define POST_PATH POST_DIR "/2020-02-02-fuzz.md"

/* Set up once: fontconfig and Pango are slow to start and keep caches. */
static PangoFontMap *fm;
static struct style st;
static struct site site;
static struct hyphenator *hyph;	/* the samples site's language, en */

static cairo_status_t
discard(void *closure, const unsigned char *data, unsigned int len)
{
	(void)closure;
	(void)data;
	(void)len;
	return CAIRO_STATUS_SUCCESS;
}

static void
setup(void)
{
	diag_set_silent(1);
	style_init(&st);
	if (style_load(&st, QUIRE_SRCDIR, NULL) == -1 ||
	    site_load(&site, POST_DIR) == -1 ||
	    (fm = fonts_new(QUIRE_SRCDIR)) == NULL)
		abort();
	if (st.hyphenate)
		hyph = hyphenator_new(site.lang ? site.lang : "en");
}

static void
paint(const struct measure_ctx *mc, const struct doc *d,
    const struct layout *lay)
{
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(discard, NULL,
	    st.page_w, st.page_h);
	cairo_t *cr = cairo_create(s);
	struct paint_ctx pc = { .cr = cr, .mc = mc, .blocks = d->blocks,
	    .lay = lay };

	cairo_tag_begin(cr, "Document", NULL);
	for (size_t p = 0; p < lay->r.npages; p++) {
		struct folio f = { .number = "1", .head = "Fuzz",
		    .verso = (int)(p % 2) };
		double left = f.verso ? st.margin_outer : st.margin_inner;

		if (p > 0)
			cairo_show_page(cr);
		paint_page(&pc, p, left, st.margin_top);
		folio_paint(cr, mc, &f, left, mc->column);
		if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
			break;
	}
	cairo_tag_end(cr, "Document");
	cairo_destroy(cr);
	cairo_surface_finish(s);
	cairo_surface_destroy(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct source src;
	struct meta meta;
	struct liquid_env env = {0};
	struct build_ctx ctx = {0};
	struct doc d = {0};
	struct layout lay = {0};
	struct measure_ctx mc = {0};
	cmark_node *root = NULL, *h1 = NULL;
	char *body = NULL, *title = NULL;
	size_t off, blen;

	if (fm == NULL)
		setup();
	diag_reset();
	memset(&meta, 0, sizeof(meta));
	if (source_from_bytes(&src, POST_PATH, (const char *)data, size) == -1)
		goto out;
	if (meta_read(&meta, POST_PATH, src.text, src.len, &off) == -1)
		goto out;
	env.site = site.vars;
	env.nsite = site.nvars;
	env.permalink = site.permalink;
	env.page = meta.vars;
	env.npage = meta.nvars;
	env.post_prefix = site.url ? site.url : "";
	body = liquid_rewrite(POST_PATH, meta.body_line, src.text + off,
	    src.len - off, &env, &blen);
	root = markdown_parse(body, blen);
	ctx.file = POST_PATH;
	ctx.first_line = meta.body_line;
	ctx.st = &st;
	ctx.site = &site;
	ctx.post_dir = POST_DIR;
	ctx.hyph = hyph;
	if (meta.title != NULL)
		title = strdup(meta.title);
	else if ((title = build_first_heading(root, &h1)) != NULL)
		cmark_node_free(h1);
	else
		title = strdup("Untitled");
	build_title(&d, &meta, title, &ctx);
	build_body(&d, root, &ctx);

	mc.pango = fonts_context(fm);
	mc.st = &st;
	mc.column = style_column_width(&st);
	mc.body = st.page_h - st.margin_top - st.margin_bottom;
	layout_doc(&lay, &mc, &d);
	paint(&mc, &d, &lay);
	layout_free(&lay);
	g_object_unref(mc.pango);
out:
	if (root)
		cmark_node_free(root);
	free(body);
	free(title);
	doc_free(&d);
	meta_free(&meta);
	source_free(&src);
	return 0;
}
