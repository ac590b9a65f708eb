/*
 * site.h - the Jekyll site a post belongs to: its root folder and
 * _config.yml.
 */
#ifndef QUIRE_SITE_H
#define QUIRE_SITE_H

#include <stddef.h>

#include "url.h"
#include "util.h"

/* Which static-site generator's rules a site is read by (its dialect). */
enum generator {
	GEN_JEKYLL,	/* the default: Liquid, kramdown extras */
	GEN_HUGO,
	GEN_ZOLA,
	GEN_PELICAN,
	GEN_ELEVENTY,
	GEN_GENERIC	/* Gatsby, Next, Astro, plain Markdown: no templates */
};

struct site {
	enum generator generator;
	char	*root;		/* site root folder (no trailing slash) */
	char	*title;		/* NULL when absent, likewise below */
	char	*description;
	char	*author;	/* author, or author.name */
	char	*url;		/* e.g. "https://example.org", as written */
	char	*baseurl;	/* e.g. "/blog", as written */
	struct site_url web;	/* the two normalised: use these */
	char	*permalink;	/* pattern or style name; NULL = "date" */
	char	*lang;
	struct kv *vars;	/* every scalar key ("author.name" for nesting) */
	size_t	 nvars;
};

/*
 * The site root for a post: the nearest folder at or above the post's
 * folder holding _config.yml or _posts/, else the post's own folder.
 * The walk is by string, like "cd ..": "a/_posts/x.md" tries "a/_posts",
 * "a", ".", "..", "../.." and so on up to the file system root, so a
 * relative path gives a relative answer ("." for a bare file name).
 * Symbolic links are not resolved. Returns a new string without a
 * trailing slash (except "/"); the caller frees it.
 */
char	*site_find_root(const char *post_path);
/*
 * Loads root/_config.yml into s, which is overwritten, not freed (a
 * missing file is fine: all fields NULL). s->root is set to a copy of
 * root. Returns 0, or -1 after reporting an unreadable file, a YAML error
 * ("root/_config.yml:LINE: error: YAML: ..."), an alias, or a top level
 * that is not a mapping with diag(). s is always safe to site_free.
 */
int	site_load(struct site *s, const char *root);
/* Frees everything s owns and zeroes it; safe to call twice. */
void	site_free(struct site *s);

#endif
