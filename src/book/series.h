/*
 * series.h - the posts of a series, in the order they were written: what
 * {% include series.html %} lists in a post, in a booklet and alone.
 */
#ifndef QUIRE_SERIES_H
#define QUIRE_SERIES_H

#include <stddef.h>

#include "blocks.h"
#include "post.h"
#include "site.h"

/*
 * The series of the post at path (front matter m) among posts[0..n) (the
 * site's posts in order): 0 with *s filled, or -1 when m names none or
 * the series has no other post.
 */
int	series_among(struct series *s, const struct meta *m,
	    const char *path, const struct post *posts, size_t n,
	    const struct site *site);
/*
 * The series of post p, read from path, when its text includes series*:
 * found among the front matter of the site's posts (root/_posts, else the
 * post's folder). Their problems are not this post's: they are read
 * unreported (diag_report_from). 0 with *s filled, or -1.
 */
int	series_of(struct series *s, const struct post *p, const char *path,
	    const char *root, const struct site *site);
/* Frees what s owns and zeroes it. */
void	series_free(struct series *s);

#endif
