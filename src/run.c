/* run.c - a run's site, style, fonts and measuring context. */
#include "run.h"

#include <stdlib.h>
#include <string.h>

#include "canvas.h"
#include "diag.h"
#include "fonts.h"
#include "image.h"
#include "util.h"

/* The rest of run_open, once r is zeroed and has its datadir; st: the
 * style loaded already, or NULL. */
static int
open_site(struct run *r, const struct style *st, const char *post,
    const char *site_root, int generator, const char *style,
    const char *paper)
{
	if (st != NULL)
		style_copy(&r->st, st);
	else
		style_init(&r->st);
	r->root = site_root ? xstrdup(site_root) : site_find_root(post);
	if (site_load(&r->site, r->root, generator) == -1)
		return -1;
	if (st != NULL)
		return 0;
	if (style_load(&r->st, r->datadir, style) == -1)
		return -1;
	if (paper && style_set_paper(&r->st, paper) == -1) {
		diag(DIAG_USAGE, NULL, 0, "unknown paper size '%s'", paper);
		return -1;
	}
	return 0;
}

int
run_open(struct run *r, const char *post, const char *site_root,
    int generator, const char *datadir, const char *style, const char *paper)
{
	memset(r, 0, sizeof(*r));
	r->datadir = datadir;
	return open_site(r, NULL, post, site_root, generator, style, paper);
}

int
run_open_fonts(struct run *r, PangoFontMap *fm, const struct style *st,
    const char *post, const char *site_root, int generator,
    const char *datadir, const char *style, const char *paper)
{
	memset(r, 0, sizeof(*r));
	r->datadir = datadir;
	if (fm != NULL)
		r->fm = g_object_ref(fm);
	run_fonts_start(r);
	return open_site(r, st, post, site_root, generator, style, paper);
}

static void *
load_fonts(void *arg)
{
	struct run *r = arg;

	r->fm = fonts_new(r->datadir);
	return NULL;
}

void
run_fonts_start(struct run *r)
{
	if (r->fm != NULL)
		return;
	r->fonts_started = pthread_create(&r->fonts_tid, NULL, load_fonts,
	    r) == 0;
	if (!r->fonts_started)
		load_fonts(r);
}

int
run_fonts_wait(struct run *r)
{
	if (r->fonts_started)
		pthread_join(r->fonts_tid, NULL);
	r->fonts_started = 0;
	if (r->fm == NULL)
		return -1;
	r->mc.pango = fonts_context(r->fm);
	r->mc.st = &r->st;
	r->mc.column = style_column_width(&r->st);
	r->mc.body = r->st.page_h - r->st.margin_top - r->st.margin_bottom;
	return 0;
}

void
run_close(struct run *r)
{
	if (r->fonts_started)
		pthread_join(r->fonts_tid, NULL);
	canvas_release_fonts();
	image_release();
	if (r->mc.pango)
		g_object_unref(r->mc.pango);
	if (r->fm)
		g_object_unref(r->fm);
	site_free(&r->site);
	style_free(&r->st);
	free(r->root);
	memset(r, 0, sizeof(*r));
}
