/*
 * booklet.h - a whole blog as one book: cover, annotated contents, every
 * post in date order with running heads and folios, links between posts
 * turned into internal links with page references, an index of tags,
 * and bookmarks for all of it.
 */
#ifndef QUIRE_BOOKLET_H
#define QUIRE_BOOKLET_H

#include <stddef.h>
#include <time.h>

struct booklet_opts {
	char *const *inputs;	/* folders and post files */
	size_t	 ninputs;
	const char *output;
	const char *site_root;	/* NULL: found from the first input */
	int	 generator;	/* an enum generator, or SITE_DETECT */
	const char *lang;	/* the posts' language; NULL: the site's */
	const char *style;
	const char *paper;
	const char *datadir;
	const char *notes;	/* YAML: post slug -> editor's note */
	const char *cover_image;
	int	 allow_outside;
	int	 drafts;
	int	 newest_first;
	int	 recto;		/* posts start on right-hand pages */
	int	 keep_going;	/* skip bad posts */
	int	 progress;	/* a progress line on stderr */
	int	 jobs;		/* worker processes laying posts out; 0 or
				   1: none, all in this process */
	int	 impose;	/* saddle-stitch sheets (pdf.h) */
	double	 creep;		/* pt, with impose */
	int	 marks;		/* crop and fold marks, with impose */
	time_t	 now;		/* what "future" means */
	int	 max_passes;	/* numbering passes at most; 0: the usual
				   (tests/unit/test-passes.c sets 1 to
				   see a book whose numbers do not settle) */
};

/* Makes the booklet. Returns 0, or -1 after reporting errors. */
int	booklet_render(const struct booklet_opts *o);

#endif
