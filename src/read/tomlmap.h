/*
 * tomlmap.h - TOML 1.0 (Hugo and Zola front matter, config.toml) into
 * the tree yamlmap.h defines.
 *
 * Parsed by toml++ (Debian's libtomlplusplus-dev) behind a C++ bridge
 * (tomlmap.cc): TOML in full - tables, arrays of tables, dotted keys,
 * dates, multi-line and literal strings, escapes - is the library's
 * business, and it is tested against the specification upstream.
 * Scalars arrive as text: strings as they are, integers and floats in
 * decimal, booleans as "true"/"false", dates and times in ISO 8601
 * ("2021-09-03", "2021-09-03T10:30:00+02:00"). Nothing is null.
 */
#ifndef QUIRE_TOMLMAP_H
#define QUIRE_TOMLMAP_H

#include <stddef.h>

#include "yamlmap.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Parses text[0..len) (UTF-8, as source.h makes sure), which starts on
 * line first_line of file (both only for messages), into a new mapping *root the caller frees with
 * yamlmap_free. Returns 0, or -1 after reporting
 * "file:line: error: TOML: ..." with diag() (*root is then NULL):
 * syntax errors, and tables or arrays nested more than
 * YAMLMAP_MAX_DEPTH deep.
 */
int	tomlmap_parse(const char *file, unsigned first_line, const char *text,
	    size_t len, struct ynode **root);

#ifdef __cplusplus
}
#endif

#endif
