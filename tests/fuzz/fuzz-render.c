/*
 * fuzz-render.c - libFuzzer target: arbitrary bytes through the whole
 * post pipeline (source, front matter, Liquid, Markdown, build, layout,
 * paint, replay onto cairo).
 *
 * The pages are replayed onto a cairo recording surface, which checks
 * every call as the PDF surface does (clusters, tags, images) but writes
 * nothing: the PDF writer's own work (font subsetting, compression) was
 * most of the time an input took, and is not quire's code. FUZZ_PDF=1 in
 * the environment replays onto a PDF surface instead, whose bytes are
 * thrown away (to replay a crash as quire would write it).
 *
 * The front half is fuzz-common.c's; the rest mirrors render_post().
 */
#include <stdint.h>
#include <stdlib.h>

#include <cairo-pdf.h>

#include "canvas.h"
#include "structlog.h"
#include "folio.h"
#include "fonts.h"
#include "fuzz-common.h"
#include "layout.h"
#include "paint.h"
#include "page.h"

/* Set up once: fontconfig and Pango are slow to start and keep caches. */
static PangoFontMap *fm;

static cairo_status_t
discard(void *closure, const unsigned char *data, unsigned int len)
{
	(void)closure;
	(void)data;
	(void)len;
	return CAIRO_STATUS_SUCCESS;
}

static int to_pdf;	/* FUZZ_PDF */

static void
setup(void)
{
	fuzz_setup();
	if ((fm = fonts_new(QUIRE_SRCDIR)) == NULL)
		abort();
	to_pdf = getenv("FUZZ_PDF") != NULL && *getenv("FUZZ_PDF") == '1';
}

static void
paint(const struct measure_ctx *mc, const struct doc *d,
    const struct layout *lay)
{
	const struct style *st = &fuzz_style;
	cairo_rectangle_t page = { 0, 0, st->page_w, st->page_h };
	cairo_surface_t *s = to_pdf ? cairo_pdf_surface_create_for_stream(
	    discard, NULL, st->page_w, st->page_h) :
	    cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &page);
	cairo_t *cr = cairo_create(s);
	struct paint_doc pd = { .mc = mc, .blocks = d->blocks, .lay = lay };
	struct structlog *log = structlog_open(1);

	if (log == NULL)
		abort();
	for (size_t p = 0; p < lay->r.npages; p++) {
		struct folio f = { .number = "1", .head = "Fuzz",
		    .verso = (int)(p % 2) };
		struct canvas cv = {0};

		if (p > 0)
			cairo_show_page(cr);
		page_body(&pd, p, f.verso, &cv);
		folio_paint(&cv, mc, &f, f.verso ? st->margin_outer :
		    st->margin_inner, mc->column);
		canvas_replay(&cv, cr, 0, 0, log, NULL);
		canvas_free(&cv);
		if (structlog_page(log, cr, st->page_h) == -1)
			abort();
		/* What quire records, cairo must take: a refusal (bad
		 * clusters, say) would be a page lost. */
		if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
			abort();
	}
	/* What the log wrote, it reads back whole. */
	for (size_t p = 0; p < structlog_pages(log); p++) {
		struct structlog_page pg;

		if (structlog_read(log, p, &pg) == -1)
			abort();
		structlog_page_free(&pg);
	}
	structlog_close(log);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	cairo_surface_destroy(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct style *st = &fuzz_style;
	struct post fp;
	struct layout lay = {0};
	struct measure_ctx mc = {0};

	if (fm == NULL)
		setup();
	if (fuzz_post_build(&fp, data, size) == -1)
		goto out;
	mc.pango = fonts_context(fm);
	mc.st = st;
	mc.column = style_column_width(st);
	mc.body = st->page_h - st->margin_top - st->margin_bottom;
	layout_doc(&lay, &mc, &fp.doc);
	paint(&mc, &fp.doc, &lay);
	layout_free(&lay);
	g_object_unref(mc.pango);
out:
	post_free(&fp);
	return 0;
}
