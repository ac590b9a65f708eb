/* render.c - a post through every stage into a PDF. */
#include "render.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "canvas.h"
#include "diag.h"
#include "hyphenate.h"
#include "layout.h"
#include "pdf.h"
#include "page.h"
#include "paint.h"
#include "post.h"
#include "progress.h"
#include "run.h"
#include "series.h"
#include "util.h"

char *
render_default_output(const char *input)
{
	const char *slash = strrchr(input, '/');
	const char *dot = strrchr(input, '.');
	size_t n = dot && (!slash || dot > slash) ? (size_t)(dot - input) :
	    strlen(input);

	return xasprintf("%.*s.pdf", (int)n, input);
}

int
render_same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
	    sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

struct render_keep {
	struct style st;	/* as run_open_fonts loaded it */
	int	 have_st;
	struct hyphenators *hyph;
	struct series_posts series;
};

struct render_keep *
render_keep_new(void)
{
	struct render_keep *k = xcalloc(1, sizeof(*k));

	k->hyph = hyphenators_new();
	return k;
}

void
render_keep_free(struct render_keep *k)
{
	if (k == NULL)
		return;
	if (k->have_st)
		style_free(&k->st);
	hyphenators_free(k->hyph);
	series_posts_free(&k->series);
	free(k);
}

static char *
join(char *const *v, size_t n, const char *sep)
{
	struct buf b = {0};

	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_puts(&b, sep);
		buf_puts(&b, v[i]);
	}
	return buf_take(&b);
}

/* The glyph runs of layout l into cv, each at the start of a line
 * inside the page (where matters little: not outside it, where cairo
 * would leave them out before loading their glyphs). */
static void
runs_of(struct canvas *cv, PangoLayout *l)
{
	const char *text = pango_layout_get_text(l);

	for (GSList *ln = pango_layout_get_lines_readonly(l); ln;
	    ln = ln->next)
		for (GSList *r = ((PangoLayoutLine *)ln->data)->runs; r;
		    r = r->next)
			canvas_glyphs(cv, text, r->data, 0, 100);
}

/*
 * A block just measured: its text goes to the drawing thread, idle until
 * the post is laid out, to open the fonts and load the glyphs the pages
 * will draw (output_warm).
 */
static void
warm_block(void *arg, const struct block *b, const struct measured *m)
{
	struct canvas cv = {0};

	(void)b;
	if (m->layout != NULL)
		runs_of(&cv, m->layout);
	if (m->marker != NULL)
		runs_of(&cv, m->marker);
	for (size_t i = 0; m->table != NULL &&
	    i < m->table->nrows * m->table->ncols; i++)
		runs_of(&cv, m->table->cells[i]);
	output_warm(arg, &cv);
}

int
render_post(const struct render_opts *o)
{
	struct run run = {0};
	struct post post = {0};
	struct post_opts po = {0};
	struct layout lay = {0};
	struct paint_doc pd = {0};
	struct output *out = NULL;
	char *outpath = NULL, *keywords = NULL;
	char date[64] = "", moddate[64] = "";
	struct series series = {0};
	struct progress prog;
	struct render_keep *keep = o->keep;
	int rc = -1, loaded;

	progress_start(&prog, o->progress, 1);
	if (o->unplaced != NULL)
		*o->unplaced = -1;
	outpath = o->output ? xstrdup(o->output) :
	    render_default_output(o->input);
	if (render_same_file(o->input, outpath)) {
		diag(DIAG_ERROR, outpath, 0,
		    "the output would overwrite the input");
		goto out;
	}
	/* Fonts already made and a style already loaded (--each) are
	 * reused. */
	if (run_open_fonts(&run, o->fm, keep && keep->have_st ? &keep->st :
	    NULL, o->input, o->site_root, o->generator, o->datadir, o->style,
	    o->paper) == -1)
		goto out;
	if (keep && !keep->have_st) {
		style_copy(&keep->st, &run.st);
		keep->have_st = 1;
	}
	/* A post may adjust its own look: "style.role.property" keys. */
	if (post_read_meta(&post, o->input, &run.site) == -1)
		goto out;
	style_apply(&run.st, post.meta.vars, post.meta.nvars, "style.",
	    o->input);
	style_fit_page(&run.st);
	if (series_of(&series, &post, o->input, run.root, &run.site,
	    keep ? &keep->series : NULL) == 0)
		po.series = &series;
	post_free(&post);
	po.site = &run.site;
	po.hyph = keep ? keep->hyph : NULL;
	po.st = &run.st;
	po.allow_outside = o->allow_outside;
	/* post_load loads the dictionary of the post's own language. */
	loaded = post_load(&post, o->input, &po);
	/* Opened before the layout, so that its drawing thread can make
	 * ready the fonts of each block as it is measured; and while the
	 * fonts are still being set up, which takes longer than reading. */
	if (loaded == -1 || (!o->dump && (out = output_open(outpath,
	    run.st.page_w, run.st.page_h)) == NULL))
		goto out;
	if (run_fonts_wait(&run) == -1)
		goto out;
	/* The pictures are made (pdfimage.h) while the post is laid out. */
	for (size_t i = 0; out != NULL && i < post.doc.nblocks; i++) {
		const struct block *b = &post.doc.blocks[i];
		double w, h;

		/* As wide as the column allows: a guess, right unless the
		 * block is indented or shrunk. */
		if (b->kind != BLOCK_IMAGE || b->path == NULL)
			continue;
		measure_image_size(&run.mc, b, run.mc.column, 0, &w, &h);
		output_picture_ahead(out, b->path, w, h);
	}
	if (out != NULL)
		layout_doc_seen(&lay, &run.mc, &post.doc, warm_block, out);
	else
		layout_doc(&lay, &run.mc, &post.doc);
	pd.mc = &run.mc;
	pd.blocks = post.doc.blocks;
	pd.lay = &lay;
	pd.file = o->input;
	pd.dump = o->dump;
	if (o->dump) {
		/* The page the style fitted to the paper (style_fit_page). */
		printf("geometry page %.1fx%.1f margins top %.1f bottom %.1f "
		    "inner %.1f outer %.1f body %.2f\n", run.st.page_w,
		    run.st.page_h, run.st.margin_top, run.st.margin_bottom,
		    run.st.margin_inner, run.st.margin_outer,
		    run.st.role[ROLE_BODY].size);
		for (size_t p = 0; p < lay.r.npages; p++)
			paint_page(&pd, NULL, p, run.st.margin_inner,
			    run.st.margin_top);
		rc = 0;
		goto out;
	}
	/* Each page is drawn while the next is recorded. */
	for (size_t p = 0; p < lay.r.npages; p++) {
		char num[24];
		struct folio f = { .number = num };
		struct canvas cv = {0};

		snprintf(num, sizeof(num), "%zu", p + 1);
		page_body(&pd, p, 0, &cv);
		page_send(out, &run.mc, &cv, &f, NULL);
	}
	page_outline(out, 0, post.doc.headings, post.doc.nheadings, 2);
	keywords = join(post.meta.tags, post.meta.ntags, ", ");
	date_format_iso(&post.meta.date, date, sizeof(date));
	date_format_iso(&post.meta.updated, moddate, sizeof(moddate));
	output_set_meta(out, &(struct output_meta){
	    .title = post.title,
	    .author = post.meta.author ? post.meta.author : run.site.author,
	    .subject = post.meta.excerpt,
	    .keywords = keywords,
	    .date = post.meta.date.year ? date : NULL,
	    /* Modified: when updated, never before it was made. */
	    .moddate = post.meta.updated.year && date_cmp(&post.meta.updated,
		&post.meta.date) > 0 ? moddate : NULL,
	    .lang = post_lang(&post.meta, &run.site) });
	rc = o->unplaced ? output_close_unplaced(out, o->unplaced) :
	    output_close(out, 1);
	out = NULL;
	if (o->pages != NULL)
		*o->pages = rc == 0 ? (int)lay.r.npages : 0;
	if (rc == 0)
		progress_done(&prog, outpath, (int)lay.r.npages, 1,
		    diag_warnings());
out:
	if (out != NULL)
		output_close(out, 0);
	layout_free(&lay);
	post_free(&post);
	series_free(&series);
	run_close(&run);
	free(outpath);
	free(keywords);
	return rc;
}
