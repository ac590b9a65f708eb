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
 * The front matter series_of read, kept for the next post of the same
 * folder and site root (--each makes many posts in one process). Zeroed
 * before the first use; series_posts_free frees it.
 */
struct series_posts {
	char	*dir, *root;	/* NULL: none read yet */
	struct post *all;
	size_t	 n;
	int	 failed;	/* the folder could not be read */
};

/*
 * The series of post p, read from path, when its text includes series*:
 * found among the front matter of the site's posts (root/_posts, else the
 * post's folder), read again unless keep (when not NULL) holds them.
 * Their problems are not this post's: they are read unreported
 * (diag_report_from). 0 with *s filled, or -1.
 */
int	series_of(struct series *s, const struct post *p, const char *path,
	    const char *root, const struct site *site,
	    struct series_posts *keep);
/* Frees what s owns and zeroes it. */
void	series_free(struct series *s);
/* Frees what k holds and zeroes it. */
void	series_posts_free(struct series_posts *k);

#endif
