/*
 * dialect.h - what differs between static-site generators, behind one
 * table of functions chosen once per site (site->generator): how the
 * site's configuration is read and where a post is served. One file per
 * dialect (jekyll.c, hugo.c, zola.c, pelican.c, eleventy.c) fills it;
 * site.c and post.c call through it; everything after front matter is
 * generator-blind.
 */
#ifndef QUIRE_DIALECT_H
#define QUIRE_DIALECT_H

#include <stddef.h>

#include "meta.h"
#include "site.h"
#include "yamlmap.h"

struct dialect {
	/*
	 * Reads the configuration of the site at s->root into s (the other
	 * fields are zero). Returns 0, or -1 after reporting an error.
	 */
	int	(*configure)(struct site *s);
	/*
	 * The path at which the site serves the post read from file path
	 * with front matter m: a new string starting with '/'.
	 */
	char	*(*permalink)(const struct meta *m, const char *path,
		    const struct site *s);
	/* The front-matter keys of the date a post was last updated, the
	 * first present wins; NULL-terminated. */
	const char *const *updated;
};

extern const struct dialect dialect_jekyll, dialect_hugo, dialect_zola,
    dialect_pelican, dialect_eleventy;

/* The table of g (generic sites share Eleventy's). */
const struct dialect *dialect_of(enum generator g);

/*
 * The plain "NAME = literal" assignments at the left margin of a
 * pelicanconf.py (text[0..len)) as a new mapping (yamlmap_free it):
 * strings (prefixes, triple quotes, adjacent ones joined), numbers,
 * True/False/None, lists and tuples of these, nested at most
 * YAMLMAP_MAX_DEPTH deep. Anything else - imports, expressions, code,
 * indented lines - is passed over; nothing is ever run, nothing is an
 * error.
 */
struct ynode *pelican_conf_read(const char *text, size_t len);

/* Helpers the dialect files share (site.c). */

/*
 * Reads the configuration file path (YAML, TOML or JSON by its
 * extension; at most SOURCE_MAX_BYTES) into *root. Returns 1 with the
 * tree (NULL for an empty file), 0 when there is no such file, or -1
 * after reporting an error.
 */
int	site_tree(const char *path, struct ynode **root);
/* A copy of the scalar at key ("a.b" walks mappings) in map, or NULL. */
char	*site_str(const struct ynode *map, const char *key);
/*
 * Sets s->url to the scheme and host of url ("https://x.org") and
 * s->baseurl to its path without the trailing '/' ("/blog"; NULL when
 * there is none). Takes ownership of url (NULL is fine).
 */
void	site_set_url(struct site *s, char *url);
/* Adds root/dir to s->statics when it is a folder. */
void	site_add_static(struct site *s, const char *dir);
/* Whether root/name exists (a folder when dir is set). */
int	site_has(const char *root, const char *name, int dir);
/* The part of path below folder dir ("" when path is not under it). */
const char *site_below(const char *path, const char *dir);
/*
 * s lowercased, each run of characters other than ASCII letters and
 * digits (and UTF-8 letters beyond ASCII, kept as they are) made one
 * '-', none at either end: the slug every generator roughly makes.
 */
char	*slugify(const char *s);
/*
 * A '/'-separated path cleaned for a URL: a leading '/', runs of '/'
 * squeezed, "." components dropped; keeps a trailing '/' when there is
 * one. Takes ownership of p, returns a new string.
 */
char	*url_path(char *p);

#endif
