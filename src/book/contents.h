/*
 * contents.h - a booklet's front and back matter as documents: the cover,
 * the annotated table of contents, and the index of tags and series.
 * Each is a struct doc, laid out and painted like a post.
 */
#ifndef QUIRE_CONTENTS_H
#define QUIRE_CONTENTS_H

#include <stddef.h>

#include "doc.h"
#include "measure.h"
#include "meta.h"
#include "post.h"
#include "site.h"
#include "style.h"

/* One post as the contents and the index see it. */
struct entry {
	const struct meta *meta;
	const char *title;
	const char *excerpt;	/* front matter excerpt, else first sentences */
	const char *dest;	/* destination of the post's first page */
	int	 page;		/* its first page number */
	int	 noted;		/* carries an editor's note */
};

/*
 * The cover: site title, description, author, the years the posts span,
 * and an image when cover_image is not NULL. body is the text area's
 * height, to set the title a third of the way down.
 */
void	contents_cover(struct doc *d, const struct site *s,
	    const struct entry *e, size_t n, const char *cover_image,
	    const struct style *st, double body);
/*
 * The contents: posts grouped by year, each with date, tags, excerpt,
 * and its page number behind dot leaders, linked to the post. An entry
 * is never split over pages; its excerpt takes at most two lines at mc's
 * measure, cut after a word with an ellipsis.
 */
void	contents_toc(struct doc *d, const struct entry *e, size_t n,
	    const struct measure_ctx *mc);
/*
 * The index: every tag, category and series with its posts' pages, in
 * two columns where mc's column makes them wide enough (one on A5), a
 * wrapped title hanging under its first line, the term repeated with
 * "(cont.)" where its posts go on in another column or page. Pango is
 * not used (mc->pango may be NULL).
 */
void	contents_index(struct doc *d, const struct entry *e, size_t n,
	    const struct measure_ctx *mc);
/* A post's excerpt for the contents: its front matter's, with the smart
 * punctuation of body text, else the first sentences of its body. A new
 * string, or NULL. */
char	*contents_post_excerpt(const struct post *p);
/* The first sentences of a post's body (at most about max bytes), from
 * its first body paragraph; a new string, or NULL. */
char	*contents_excerpt(const struct doc *d, size_t max);

#endif
