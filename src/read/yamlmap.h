/*
 * yamlmap.h - a small YAML document tree, read with libyaml's event API.
 *
 * The one place that walks libyaml events; front matter (meta.c) and
 * _config.yml (site.c) both read through here. The same tree carries
 * what the TOML, JSON and header readers read, so that front matter
 * and site configuration are taken apart once, whatever the format. Aliases are refused
 * (no alias-expansion bombs), nesting is capped at YAMLMAP_MAX_DEPTH, and
 * every node remembers its line in the real file so messages point there.
 */
#ifndef QUIRE_YAMLMAP_H
#define QUIRE_YAMLMAP_H

#include <stddef.h>

#include "util.h"

/* Deepest nesting of mappings and sequences accepted. */
#define YAMLMAP_MAX_DEPTH 64

enum ynode_type {
	YNODE_SCALAR,
	YNODE_SEQ,
	YNODE_MAP
};

struct ynode {
	enum ynode_type	 type;
	char		*value;	/* scalar: text as libyaml gives it (UTF-8) */
	int		 null;	/* scalar: plain "", "~" or "null" */
	unsigned	 line;	/* 1-based line in the file */
	char		**keys;	/* map: keys, parallel to items */
	struct ynode	*items;	/* seq: items; map: values */
	size_t		 n;	/* number of items (and of keys) */
};

/*
 * Parses the first YAML document in text[0..len), which starts on line
 * first_line of file (both used only for messages; what names the text
 * in them, e.g. "front matter"). On success *root is the document's top
 * node, or NULL when there is no document (empty text, or only
 * comments); the caller frees it with yamlmap_free. Returns 0, or -1
 * after reporting "file:line: error: ..." with diag() (*root is then
 * NULL). Mapping keys must be scalars. Later documents are not read.
 */
int	yamlmap_parse(const char *file, unsigned first_line, const char *what,
	    const char *text, size_t len, struct ynode **root);
/* Frees a tree from yamlmap_parse; NULL is fine. */
void	yamlmap_free(struct ynode *root);
/* Frees what n owns (not n itself) and zeroes it. */
void	yamlmap_clear(struct ynode *n);
/*
 * Appends a zeroed item on line to the sequence or mapping n (with a
 * copy of key when n is a mapping) and returns it; the other readers
 * (TOML, JSON, headers) build their trees with it. The pointer is good
 * until the next yamlmap_add on n.
 */
struct ynode *yamlmap_add(struct ynode *n, const char *key, unsigned line);
/* The value of key in map (the last one if repeated), or NULL. */
const struct ynode *yamlmap_get(const struct ynode *map, const char *key);
/* The text of a non-null scalar, or NULL for anything else. */
const char *yamlmap_str(const struct ynode *n);
/*
 * Reads a YAML 1.1 boolean (true/false, yes/no, on/off, any case, quoted
 * or not) into *val. Returns 0, or -1 when n is not one.
 */
int	yamlmap_bool(const struct ynode *n, int *val);
/*
 * A sequence's scalars joined with ", " (nulls skipped) as a new string
 * the caller frees; NULL when n is not a sequence of scalars only.
 */
char	*yamlmap_join(const struct ynode *n);
/*
 * Appends every scalar under map to the array *vars of *nvars pairs:
 * nested mappings as "a.b", sequences of scalars joined with ", " (other
 * sequences are left out), null as "". A repeated key keeps only its
 * last value (at the later position). Keys and values are new strings owned by the array.
 */
void	yamlmap_flatten(const struct ynode *map, struct kv **vars,
	    size_t *nvars);

#endif
