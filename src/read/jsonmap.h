/*
 * jsonmap.h - JSON (Hugo's "{ ... }" front matter, hugo.json,
 * Eleventy's _data files) into the tree yamlmap.h defines.
 *
 * RFC 8259: objects, arrays, strings with every escape (surrogate pairs
 * joined; a lone surrogate or "\u0000" is refused), numbers kept as
 * written, true/false as text, null as a null scalar. Nesting is capped
 * at YAMLMAP_MAX_DEPTH; the input's size is the caller's bound.
 */
#ifndef QUIRE_JSONMAP_H
#define QUIRE_JSONMAP_H

#include <stddef.h>

#include "yamlmap.h"

/*
 * Parses one JSON value at the start of text[0..len) (blanks may lead),
 * which starts on line first_line of file (both only for messages), into
 * a new tree *root the caller frees with yamlmap_free. *end receives the
 * offset just past the value: what follows is the caller's (the body of
 * a post). Returns 0, or -1 after reporting
 * "file:line: error: JSON: ..." with diag() (*root is then NULL).
 */
int	jsonmap_parse(const char *file, unsigned first_line, const char *text,
	    size_t len, struct ynode **root, size_t *end);

#endif
