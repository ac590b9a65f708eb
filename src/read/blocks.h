/*
 * blocks.h - a post (front matter and cmark tree) into the flat block list
 * of doc.h: the title block first, then the body.
 */
#ifndef QUIRE_BUILD_H
#define QUIRE_BUILD_H

#include <cmark-gfm.h>

#include "doc.h"
#include "meta.h"
#include "site.h"
#include "style.h"

struct hyphenator;
struct formulas;

/* The posts of a series, in order, one of them the post being built. */
struct series {
	char	*name;
	char	**titles;
	char	**urls;		/* where the site serves each, or NULL */
	size_t	 n;
	size_t	 current;	/* the post being built */
};

struct build_ctx {
	const char *file;	/* the post, for messages */
	unsigned first_line;	/* file line of the body's first line */
	const struct style *st;
	const struct site *site;	/* root, url, baseurl */
	const char *post_dir;	/* folder of the post */
	int	 allow_outside;	/* images may resolve outside the root */
	struct hyphenator *hyph;	/* soft hyphens for running text, or
					   NULL */
	const char *page_url;	/* where the site serves the post, or NULL:
				   relative links resolve against it */
	const struct series *series;	/* what {% include series.html %}
					   lists, or NULL */
	const struct formulas *math;	/* what the body's math markers
					   stand for (mathscan.h), or NULL */
	int	(*in_book)(const void *arg, const char *uri);	/* post_opts' */
	const void *in_book_arg;
};

/* Appends the title block (title, which may hold markers of formulas
 * f (mathtext.h), typeset; byline: date, "Updated" date when another
 * day, author; tags; featured image). */
void	build_title(struct doc *d, const struct meta *m,
	    const char *title, const struct formulas *f,
	    const struct build_ctx *ctx);
/* Appends the blocks of a post body. */
void	build_body(struct doc *d, cmark_node *root,
	    const struct build_ctx *ctx);
/* The post's title when the front matter has none: the first level-1
 * heading's text with its formulas' markers (*heading set to that
 * node), else NULL. */
char	*build_first_heading(cmark_node *root, cmark_node **heading);

#endif
