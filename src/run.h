/*
 * run.h - what one run of quire sets up before its first page and tears
 * down after its last, shared by the one-post PDF and the booklet: the
 * site, the style on its paper, the fonts and the measuring context.
 */
#ifndef QUIRE_RUN_H
#define QUIRE_RUN_H

#include <pthread.h>

#include <pango/pango.h>

#include "measure.h"
#include "site.h"
#include "style.h"

struct run {
	struct site site;	/* the site and its configuration */
	struct style st;	/* the style, on its paper */
	struct measure_ctx mc;	/* set by run_fonts_wait; borrows st */
	PangoFontMap *fm;	/* the fonts, owned */
	char	*root;		/* the site root folder */
	const char *datadir;	/* borrowed from the caller's options */
	pthread_t fonts_tid;	/* loading fonts, when fonts_started */
	int	 fonts_started;
};

/*
 * Sets up r for the site of the post (or folder) at post (site_root,
 * when not NULL, names the site instead): the site read as generator
 * (an enum generator, or SITE_DETECT), the style named style (NULL: the
 * default) from datadir, on paper (NULL: the style's). Returns 0, or -1
 * after reporting an error. r is then safe to run_close either way.
 */
int	run_open(struct run *r, const char *post, const char *site_root,
	    int generator, const char *datadir, const char *style,
	    const char *paper);
/*
 * run_open with the fonts started first (run_fonts_start), so that they
 * load while the site and style are read too, not only the post: the
 * one-post PDF, whose start is most of its time. fm, when not NULL, is
 * a reference to fonts the caller made, used instead; st, when not
 * NULL, the style style and paper name as an earlier run loaded it
 * (r->st is then a copy of it, not read again).
 */
int	run_open_fonts(struct run *r, PangoFontMap *fm, const struct style *st,
	    const char *post, const char *site_root, int generator,
	    const char *datadir, const char *style, const char *paper);
/* Starts loading the fonts on a second thread, or on this one when none
 * can start. Setting up fonts takes as long as reading a post: they are
 * loaded meanwhile. Nothing else may touch fontconfig or Pango until
 * run_fonts_wait. With r->fm set already (a reference to fonts the
 * caller made), nothing is loaded. */
void	run_fonts_start(struct run *r);
/* Waits for the fonts and sets up r->mc for r->st as it is now (a post
 * may have adjusted it). Returns 0, or -1 when no fonts could be loaded
 * (reported). */
int	run_fonts_wait(struct run *r);
/* Frees everything r owns and the caches a run fills (fonts cairo keeps,
 * decoded images). Safe on a zeroed r. */
void	run_close(struct run *r);

#endif
