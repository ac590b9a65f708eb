/*
 * post.h - one post read and built: source, front matter, Liquid,
 * Markdown, blocks. The unit both the single-post PDF and the booklet
 * are made of.
 */
#ifndef QUIRE_POST_H
#define QUIRE_POST_H

#include "doc.h"
#include "meta.h"
#include "site.h"
#include "source.h"
#include "style.h"

struct series;

struct post {
	char	*path;
	struct meta meta;
	char	*title;		/* front matter, first heading, or file name */
	struct doc doc;		/* title block and body */
};

struct post_opts {
	const struct site *site;
	const struct style *st;
	int	 allow_outside;
	/* The run's dictionaries (a post in the site's language, whatever
	 * its region, takes the site's); NULL: each post loads its own. */
	struct hyphenators *hyph;
	const struct series *series;	/* the post's series, or NULL */
	/* Whether uri leads to a post of the book being made (it will show
	 * "(p. N)", so print wants no URL note for it); NULL: none does. */
	int	(*in_book)(const void *arg, const char *uri);
	const void *in_book_arg;
};

/* The permalink path ("/2019/01/title/") of the post read from path,
 * by the site's generator (Jekyll's rules when s is NULL); the caller
 * frees it. */
char	*post_permalink(const struct meta *m, const char *path,
	    const struct site *s);
/* Where the site serves the post (site url, base path, permalink), or
 * NULL when the site has no url; the caller frees it. */
char	*post_url(const struct meta *m, const char *path,
	    const struct site *s);
/* A post's language: its lang, the site's, else English. */
const char *post_lang(const struct meta *m, const struct site *s);

/*
 * Reads only the front matter of path into p (p->doc stays empty; the
 * field names of s's generator, Jekyll's when s is NULL), for
 * sorting and filtering many posts before building them. Returns 0, or
 * -1 after reporting an error. Warnings are not told: post_load, which
 * reads the front matter again, tells them (of the posts that are built).
 */
int	post_read_meta(struct post *p, const char *path,
	    const struct site *s);
/* Reads and builds the whole post. Returns 0, or -1 after an error. */
int	post_load(struct post *p, const char *path, const struct post_opts *o);
/* The same over bytes in memory (the fuzz targets'), named path. */
int	post_load_bytes(struct post *p, const char *path, const char *bytes,
	    size_t len, const struct post_opts *o);

/* Frees what p owns; p may be loaded again. */
void	post_free(struct post *p);

#endif
