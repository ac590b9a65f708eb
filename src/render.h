/*
 * render.h - one post to one PDF: the whole pipeline, stage after stage.
 */
#ifndef QUIRE_RENDER_H
#define QUIRE_RENDER_H

#include <stdio.h>

#include <pango/pango.h>

struct render_opts {
	const char *input;
	const char *output;	/* NULL: the input's name with .pdf */
	const char *site_root;	/* NULL: found from the input */
	const char *style;	/* name or file; NULL: default */
	const char *paper;	/* NULL: the style's */
	const char *datadir;	/* where fonts/ and styles/ are */
	int	 allow_outside;
	int	 progress;	/* end with the summary line on stderr */
	FILE	*dump;		/* write placed items here, not a PDF */
	PangoFontMap *fm;	/* fonts_new's map to reuse, or NULL: one is
				   made for the post */
	int	*pages;		/* set to the pages written, or NULL */
};

struct output;
struct paint_ctx;
struct folio;
struct canvas;
struct measure_ctx;

/* Records page p of pc's layout into cv, as a left- (verso) or
 * right-hand page. */
void	render_body(const struct paint_ctx *pc, size_t p, int verso,
	    struct canvas *cv);
/* Records the folio f (page number, running head) into cv. */
void	render_folio(const struct measure_ctx *mc, const struct folio *f,
	    struct canvas *cv);
/* Adds the folio f to body and sends it to out as the next page, with
 * label (NULL: none). Takes over body. */
void	render_page(struct output *out, const struct measure_ctx *mc,
	    struct canvas *body, const struct folio *f, const char *label);
/* Renders o->input. Returns 0, or -1 after reporting an error. */
int	render_post(const struct render_opts *o);
/* The default output name for input: "x.md" -> "x.pdf"; caller frees. */
char	*render_default_output(const char *input);
/* Whether a and b name the same existing file. */
int	render_same_file(const char *a, const char *b);

#endif
