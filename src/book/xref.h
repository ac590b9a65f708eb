/*
 * xref.h - cross-references between the posts of a booklet, and the page
 * numbers they show. A link to another post of the book becomes an
 * internal link with "(p. N)" after it; as those references change the
 * text, and so the page counts, and so the numbers, the booklet lays out
 * again until they hold still. This module keeps the numbers and tells
 * which posts need laying out again; it lays out nothing itself.
 */
#ifndef QUIRE_XREF_H
#define QUIRE_XREF_H

#include <stddef.h>

#include "doc.h"
#include "url.h"

/* One post as cross-references see it. */
struct xref_post {
	char	*key;		/* its permalink, normalised; NULL: none */
	char	*dest;		/* "pN": the destination of its first page */
	int	 start;		/* its first page number */
	int	 npages;	/* its page count, as last laid out */
	int	 dirty;		/* npages changed in this pass */
	size_t	*ref;		/* the posts it refers to, in order */
	size_t	 nrefs;
	unsigned long width;	/* what its references' widths hang on,
				   hashed (see xref_hash) */
	unsigned long exact;	/* the numbers they showed, hashed */
};

struct xref {
	struct xref_post *p;	/* the posts, in book order */
	size_t	 n;
	const struct site_url *web;	/* where the site is served;
					   borrowed */
	int	 recto;		/* posts start on right-hand pages */
	int	 counting;	/* this pass numbers as it goes */
	size_t	 counted;	/* posts before this one have their start */
	int	 next_page;	/* where the next post starts, while counting */
	/* While counting, references show the first pages of the posts
	 * before upto, and for the others a guess from the posts before
	 * base (<= upto): by default both are counted. */
	size_t	 upto, base;
};

/*
 * In the first pass, references to the posts after a post are guessed
 * from the page counts of the posts more than XREF_LAG before it, so
 * that a post shows the same whether those just before it are laid out
 * yet (by other processes) or not.
 */
#define XREF_LAG 16

/*
 * Sets up x for n posts of a site served at web (kept; NULL: links by
 * path only). Post i's destination is "p<i+1>". Free with xref_free.
 */
void	xref_init(struct xref *x, size_t n, const struct site_url *web,
	    int recto);
/* Post i is served at permalink (a path, "/2019/01/title/"). */
void	xref_set_permalink(struct xref *x, size_t i, const char *permalink);
/* The post uri links to (a path or a URL on the site, with or without
 * the base path: url_local), or -1. */
int	xref_find(const struct xref *x, const char *uri);
/*
 * Post j's first page. While the first pass is counting, posts from
 * x->upto on get a guess from the pages before x->base: made in book
 * order, it is the same on every run.
 */
int	xref_start(const struct xref *x, size_t j);
/*
 * While counting: post i is laid out next, its references showing the
 * first pages of the posts before it and guesses (from the posts before
 * xref_base(i)) for the others. The posts before xref_base(i) must have
 * their start and npages, and those before i that d refers to their
 * start (xref_needs).
 */
void	xref_view(struct xref *x, size_t i);
size_t	xref_base(size_t i);
/* 1 + the last post before i that d (post i's) refers to, or 0: the
 * posts whose first pages its references show as they are. */
size_t	xref_needs(const struct xref *x, size_t i, const struct doc *d);
/*
 * Post i refers to the posts ref[0..n) (as xref_link found them in
 * another process): recorded with what they show now, as xref_link does.
 */
void	xref_set_refs(struct xref *x, size_t i, const size_t *ref, size_t n);
/*
 * Makes the links of d (post i's) to posts of the book internal, with
 * " (p. N)" after those that show text, in tabular figures; records the
 * posts referred to and what the references show (xref_moved,
 * xref_shown tell later whether that still holds).
 */
void	xref_link(struct xref *x, size_t i, struct doc *d);
/*
 * Hashes of post i's references: by the number of digits each shows (its
 * figures are tabular, so that is all its width depends on, and all that
 * can change the layout), and by the numbers themselves.
 */
void	xref_hash(const struct xref *x, size_t i, unsigned long *width,
	    unsigned long *exact);
/* Whether the width of post i's references changed since xref_link: it
 * must be laid out again for its page count. */
int	xref_moved(const struct xref *x, size_t i);
/* Whether post i's references show the numbers they showed at xref_link. */
int	xref_shown(const struct xref *x, size_t i);

/* Begins a numbering pass; counting: the first, which lays out every
 * post in book order and numbers them as it goes. */
void	xref_pass(struct xref *x, int counting);
/* Post i is about to be laid out: while counting, it starts at the next
 * page (the next right-hand page with recto). */
void	xref_begin_post(struct xref *x, size_t i);
/* Post i was laid out to npages pages. */
void	xref_end_post(struct xref *x, size_t i, int npages);
/*
 * Ends the pass: numbers the posts from their page counts, from page 1.
 * Returns whether any page count or first page moved, that is whether
 * references may show other numbers than those they were laid out with.
 */
int	xref_renumber(struct xref *x);

void	xref_free(struct xref *x);

#endif
