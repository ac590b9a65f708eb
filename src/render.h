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
	int	 generator;	/* an enum generator, or SITE_DETECT */
	const char *style;	/* name or file; NULL: default */
	const char *paper;	/* NULL: the style's */
	const char *datadir;	/* where fonts/ and styles/ are */
	int	 allow_outside;
	int	 progress;	/* end with the summary line on stderr */
	FILE	*dump;		/* write placed items here, not a PDF */
	PangoFontMap *fm;	/* fonts_new's map to reuse, or NULL: one is
				   made for the post */
	struct render_keep *keep;	/* what the posts one process makes
				   share, or NULL: nothing kept */
	int	*pages;		/* set to the pages written, or NULL */
	int	*unplaced;	/* not NULL: the PDF is left for the caller
				   to put in place (output_close_unplaced):
				   its descriptor, or -1 */
};

/*
 * What posts made one after another in one process (--each) share,
 * read once and kept from the first post that needs it: the style as
 * loaded (before a post's own keys), the hyphenation dictionaries, the
 * posts a series is found among. A post's PDF has the same bytes with
 * or without it. The same style, datadir and paper for every post.
 */
struct render_keep;

struct render_keep *render_keep_new(void);
void	render_keep_free(struct render_keep *k);
/* Renders o->input. Returns 0, or -1 after reporting an error. */
int	render_post(const struct render_opts *o);
/* The default output name for input: "x.md" -> "x.pdf"; caller frees. */
char	*render_default_output(const char *input);
/* Whether a and b name the same existing file. */
int	render_same_file(const char *a, const char *b);

#endif
