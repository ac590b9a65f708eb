/*
 * site.h - the site a post belongs to: its root folder, the generator
 * that builds it (its dialect), and what its configuration says.
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

/* site_load's generator argument when the site's files should tell. */
#define SITE_DETECT (-1)

struct site {
	enum generator generator;
	char	*root;		/* site root folder (no trailing slash) */
	char	*title;		/* NULL when absent, likewise below */
	char	*description;
	char	*author;	/* author, or author.name */
	char	*url;		/* e.g. "https://example.org", as written */
	char	*baseurl;	/* e.g. "/blog", as written */
	struct site_url web;	/* the two normalised: use these */
	char	*permalink;	/* Jekyll: pattern or style; NULL = "date";
				   Pelican: ARTICLE_URL */
	char	*lang;		/* the default language */
	char	*content;	/* the posts' folder: root/content... */
	char	**statics;	/* folders served at the site's "/", in the
				   order they are searched */
	size_t	 nstatics;
	struct kv *rules;	/* Hugo's permalinks: section -> pattern */
	size_t	 nrules;
	struct kv *vars;	/* every scalar key ("author.name" for nesting) */
	size_t	 nvars;
};

/*
 * The site root for a post (or a folder): the nearest folder at or
 * above the post's folder (the folder itself) holding a site's files (Jekyll's _config.yml or _posts/;
 * hugo.toml/.yaml/.json, config.toml/.yaml/.json or config/_default/;
 * pelicanconf.py; .eleventy.js or eleventy.config.js/.cjs/.mjs/.ts;
 * package.json), else the post's own folder. The walk is by string,
 * like "cd ..": "a/_posts/x.md" tries "a/_posts", "a", ".", "..",
 * "../.." and so on up to the file system root, so a relative path gives
 * a relative answer ("." for a bare file name). Symbolic links are not
 * resolved. Returns a new string without a trailing slash (except "/");
 * the caller frees it.
 */
char	*site_find_root(const char *post_path);
/*
 * The generator of the site at root, by its files: hugo.* -> Hugo;
 * pelicanconf.py -> Pelican; _config.yml or _posts/ -> Jekyll; an
 * Eleventy config -> Eleventy; config.toml -> Zola when it sets
 * base_url, else Hugo; config.yaml/.json or config/_default/ -> Hugo;
 * package.json -> generic; nothing -> Jekyll.
 */
enum generator site_detect(const char *root);
/* "jekyll", "hugo", "zola", "pelican", "eleventy", "generic". */
const char *generator_name(enum generator g);
/* The generator called name (any case; "11ty", "gatsby", "next",
 * "astro" too); 0, or -1 when none is. */
int	generator_from_name(const char *name, enum generator *g);
/*
 * Loads the configuration of the site at root into s, which is
 * overwritten, not freed, read as generator gen (SITE_DETECT: as
 * site_detect says). Jekyll: _config.yml; Hugo: hugo.* or config.* or
 * config/_default/hugo.* (title, baseURL, languageCode or
 * defaultContentLanguage, params.author / author.name, params
 * .description, permalinks, contentDir, staticDir); Zola: config.toml
 * (title, base_url, default_language, description, author or
 * extra.author); Pelican: the plain NAME = literal assignments of
 * pelicanconf.py, never run (SITENAME, SITEURL, DEFAULT_LANG, AUTHOR,
 * ARTICLE_URL, PATH, STATIC_PATHS); Eleventy and generic:
 * _data/metadata.json or _data/site.json, else package.json's name and
 * description. A missing file is fine (fields stay NULL). s->root is a
 * copy of root. Returns 0, or -1 after reporting an unreadable file or
 * a syntax error ("FILE:LINE: error: ...") with diag(). s is always
 * safe to site_free.
 */
int	site_load(struct site *s, const char *root, int gen);
/* Frees everything s owns and zeroes it; safe to call twice. */
void	site_free(struct site *s);

#endif
