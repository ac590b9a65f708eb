/* render.c - a post through every stage into a PDF. */
#include "render.h"

#include <libgen.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "blocks.h"
#include "collect.h"
#include "diag.h"
#include "folio.h"
#include "fonts.h"
#include "image.h"
#include "layout.h"
#include "pdf.h"
#include "paint.h"
#include "post.h"
#include "progress.h"
#include "source.h"
#include "site.h"
#include "style.h"
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

/* Two-sided: the inner margin is on the left of right-hand pages. */
static double
left_margin(const struct style *st, int verso)
{
	return verso ? st->margin_outer : st->margin_inner;
}

void
render_body(const struct paint_ctx *pc, size_t p, int verso,
    struct canvas *cv)
{
	struct paint_ctx c = *pc;

	c.cv = cv;
	paint_page(&c, p, left_margin(pc->mc->st, verso),
	    pc->mc->st->margin_top);
}

void
render_folio(const struct measure_ctx *mc, const struct folio *f,
    struct canvas *cv)
{
	folio_paint(cv, mc, f, left_margin(mc->st, f->verso), mc->column);
}

void
render_page(struct output *out, const struct measure_ctx *mc,
    struct canvas *body, const struct folio *f, const char *label)
{
	render_folio(mc, f, body);
	output_page(out, body, label);
}

/* Bookmarks from headings, nested by level. */
static void
outline(struct output *out, const struct doc *d)
{
	int ids[7] = {0};

	for (size_t i = 0; i < d->nheadings; i++) {
		const struct heading *h = &d->headings[i];
		int parent = 0;

		for (int k = h->level - 1; k >= 1; k--)
			if (ids[k]) {
				parent = ids[k];
				break;
			}
		ids[h->level] = output_outline(out, parent, h->title, h->dest,
		    h->level <= 2);
		for (int k = h->level + 1; k <= 6; k++)
			ids[k] = 0;
	}
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

/* Whether the text of the post at path has an include of series*: only
 * then is the rest of the site read. */
static int
includes_series(const char *path)
{
	struct source src;
	int found = 0;

	if (source_read(&src, path) == -1)
		return 0;
	for (const char *p = src.text; !found &&
	    (p = strstr(p, "include")) != NULL; p += 7)
		found = strncmp(p + 7 + strspn(p + 7, " \t\n"), "series", 6) ==
		    0;
	source_free(&src);
	return found;
}

/*
 * The series the post belongs to, from the front matter of the site's
 * posts (root/_posts, else the post's folder). Their problems are not
 * this post's: they are read muted. 0 with *s filled, or -1.
 */
static int
series_of(struct series *s, const struct post *p, const char *path,
    const char *root, const struct site *site)
{
	/* Nothing is "future" here (now is the end of the year 9999): the
	 * list shows the series as written. */
	struct collect_opts co = { .keep_going = 1,
		.now = (time_t)253402300799 };
	struct post *all = NULL;
	struct stat sb;
	char *dir;
	size_t n = 0;
	int rc = -1, was;

	if (p->meta.series == NULL || !includes_series(path))
		return -1;
	dir = xasprintf("%s/_posts", root);
	if (stat(dir, &sb) == -1 || !S_ISDIR(sb.st_mode)) {
		char *copy = xstrdup(path);

		free(dir);
		dir = xstrdup(dirname(copy));
		free(copy);
	}
	was = diag_set_muted(1);
	if (collect_posts(&dir, 1, &co, &all, &n) == 0)
		rc = collect_series(s, &p->meta, path, all, n, site);
	diag_set_muted(was);
	for (size_t i = 0; i < n; i++)
		post_free(&all[i]);
	free(all);
	free(dir);
	return rc;
}

/* Setting up fonts takes as long as reading the post: on a second core
 * it runs beside it. Nothing else touches fontconfig or Pango meanwhile. */
struct font_job {
	const char *datadir;
	PangoFontMap *fm;
};

static void *
font_job(void *arg)
{
	struct font_job *j = arg;

	j->fm = fonts_new(j->datadir);
	return NULL;
}

int
render_post(const struct render_opts *o)
{
	struct site site = {0};
	struct style st;
	struct post post = {0};
	struct post_opts po = {0};
	struct layout lay = {0};
	struct measure_ctx mc = {0};
	struct paint_ctx pc = {0};
	struct output *out = NULL;
	PangoFontMap *fm = NULL;
	char *root = NULL, *outpath = NULL, *keywords = NULL;
	char date[64] = "";
	struct font_job fj = {0};
	struct series series = {0};
	struct progress prog;
	pthread_t fonts_tid;
	int rc = -1, fonts_started = 0, loaded;

	progress_start(&prog, o->progress, 1);
	style_init(&st);
	outpath = o->output ? xstrdup(o->output) :
	    render_default_output(o->input);
	if (render_same_file(o->input, outpath)) {
		diag(DIAG_ERROR, outpath, 0,
		    "the output would overwrite the input");
		goto out;
	}
	root = o->site_root ? xstrdup(o->site_root) :
	    site_find_root(o->input);
	if (site_load(&site, root) == -1)
		goto out;
	if (style_load(&st, o->datadir, o->style) == -1)
		goto out;
	if (o->paper && style_set_paper(&st, o->paper) == -1) {
		diag(DIAG_USAGE, NULL, 0, "unknown paper size '%s'", o->paper);
		goto out;
	}
	/* A post may adjust its own look: "style.role.property" keys. */
	if (post_read_meta(&post, o->input) == -1)
		goto out;
	style_apply(&st, post.meta.vars, post.meta.nvars, "style.", o->input);
	if (series_of(&series, &post, o->input, root, &site) == 0)
		po.series = &series;
	post_free(&post);
	po.site = &site;
	po.st = &st;
	po.allow_outside = o->allow_outside;
	/* post_load loads the dictionary of the post's own language. */
	fj.datadir = o->datadir;
	if (o->fm == NULL)
		fonts_started = pthread_create(&fonts_tid, NULL, font_job,
		    &fj) == 0;
	loaded = post_load(&post, o->input, &po);
	if (fonts_started)
		pthread_join(fonts_tid, NULL);
	else if (o->fm == NULL)
		font_job(&fj);
	if ((fm = o->fm ? o->fm : fj.fm) == NULL || loaded == -1)
		goto out;
	mc.pango = fonts_context(fm);
	mc.st = &st;
	mc.column = style_column_width(&st);
	mc.body = st.page_h - st.margin_top - st.margin_bottom;
	layout_doc(&lay, &mc, &post.doc);
	pc.mc = &mc;
	pc.blocks = post.doc.blocks;
	pc.lay = &lay;
	pc.file = o->input;
	pc.dump = o->dump;
	if (o->dump) {
		for (size_t p = 0; p < lay.r.npages; p++)
			paint_page(&pc, p, st.margin_inner, st.margin_top);
		rc = 0;
		goto out;
	}
	if ((out = output_open(outpath, st.page_w, st.page_h)) == NULL)
		goto out;
	/* Each page is drawn while the next is recorded. */
	for (size_t p = 0; p < lay.r.npages; p++) {
		char num[24];
		struct folio f = { .number = num };
		struct canvas cv = {0};

		snprintf(num, sizeof(num), "%zu", p + 1);
		render_body(&pc, p, 0, &cv);
		render_page(out, &mc, &cv, &f, NULL);
	}
	outline(out, &post.doc);
	keywords = join(post.meta.tags, post.meta.ntags, ", ");
	date_format_iso(&post.meta.date, date, sizeof(date));
	output_set_meta(out, &(struct output_meta){
	    .title = post.title,
	    .author = post.meta.author ? post.meta.author : site.author,
	    .subject = post.meta.excerpt,
	    .keywords = keywords,
	    .date = post.meta.date.year ? date : NULL });
	rc = output_close(out, 1);
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
	canvas_release_fonts();
	image_cache_clear();
	if (mc.pango)
		g_object_unref(mc.pango);
	if (fm && fm != o->fm)
		g_object_unref(fm);
	post_free(&post);
	series_free(&series);
	site_free(&site);
	style_free(&st);
	free(root);
	free(outpath);
	free(keywords);
	return rc;
}
