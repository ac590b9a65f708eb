/*
 * site.h - the Jekyll site a post belongs to: its root folder and
 * _config.yml.
 */
#ifndef QUIRE_SITE_H
#define QUIRE_SITE_H

#include <stddef.h>

#include "util.h"

struct site {
	char	*root;		/* site root folder (no trailing slash) */
	char	*title;		/* NULL when absent, likewise below */
	char	*description;
	char	*author;	/* author, or author.name */
	char	*url;		/* e.g. "https://example.org" */
	char	*baseurl;	/* e.g. "/blog" */
	char	*permalink;	/* pattern or style name; NULL = "date" */
	char	*lang;
	struct kv *vars;	/* every scalar key ("author.name" for nesting) */
	size_t	 nvars;
};

/*
 * The site root for a post: the nearest folder at or above the post's
 * folder holding _config.yml or _posts/, else the post's own folder.
 * Returns a new string; the caller frees it.
 */
char	*site_find_root(const char *post_path);
/*
 * Loads root/_config.yml into s (a missing file is fine: all fields
 * NULL). s->root is set to a copy of root. Returns 0, or -1 after
 * reporting a YAML error with diag(). s is always safe to site_free.
 */
int	site_load(struct site *s, const char *root);
void	site_free(struct site *s);

#endif
