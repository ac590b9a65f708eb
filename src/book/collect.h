/*
 * collect.h - which posts go into a booklet, and in what order: posts
 * from folders (searched recursively; a site's root stands for its
 * content folder) and files; section and list pages (_index.md,
 * Pelican's PAGE_PATHS, Eleventy's eleventyExcludeFromCollections: true,
 * Hugo's and Zola's pages outside a section or Hugo's mainSections,
 * unless named as files),
 * translations into other languages, drafts and
 * future posts left out unless asked for; oldest first, ties by file
 * name; posts with no date anywhere last, by title, with a warning.
 */
#ifndef QUIRE_COLLECT_H
#define QUIRE_COLLECT_H

#include <stddef.h>
#include <time.h>

#include "post.h"

struct collect_opts {
	int	 drafts;	/* keep drafts and future posts */
	int	 newest_first;
	int	 keep_going;	/* skip unreadable posts instead of failing */
	time_t	 now;		/* what "future" is measured against */
	const struct site *site;	/* field names, content folder; or NULL */
	const char *lang;	/* the booklet's language, or NULL: any */
};

/*
 * Reads the front matter of every post named by paths[0..n) (files, or
 * folders holding .md/.markdown files) into *posts (*nposts of them),
 * filtered and ordered. Returns 0, or -1 after reporting an error (with
 * keep_going, bad posts are reported and skipped, and -1 is returned
 * only when none is left). The caller frees each post and the array.
 */
int	collect_posts(char *const *paths, size_t n,
	    const struct collect_opts *o, struct post **posts,
	    size_t *nposts);
/* Whether a post with meta m belongs in the booklet. */
int	collect_keep(const struct meta *m, const struct collect_opts *o);
/* Date and time, then file name (then path): the order posts were
 * written in; two undated posts by title. <0, 0 or >0, as for qsort. */
int	collect_cmp(const struct post *p, const struct post *q);
/* Orders posts by date and time, then file name (newest first if asked). */
void	collect_sort(struct post *posts, size_t n,
	    const struct collect_opts *o);

#endif
