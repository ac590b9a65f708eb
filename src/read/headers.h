/*
 * headers.h - Pelican and MultiMarkdown metadata: "Key: value" lines at
 * the top of a post, up to the first blank line, into the tree
 * yamlmap.h defines.
 *
 * Keys are lowercased, as Pelican does ("Title" is "title"). A line
 * indented under a key continues its value (MultiMarkdown). Tags and
 * authors are comma-separated lists in Pelican: they become sequences.
 * Pelican's "Status: draft" reads as "draft: true"; a key with an
 * empty value is null, as if it were not there.
 */
#ifndef QUIRE_HEADERS_H
#define QUIRE_HEADERS_H

#include <stddef.h>

#include "yamlmap.h"

/* Longest header key accepted; a longer "word:" starts the body. */
#define HEADERS_MAX_KEY 64

/*
 * Whether text starts with a header block: its first line is
 * "Key: value" with a key of letters, digits, '-' and '_'; and, unless
 * any_key is set (a Pelican site), that key is "title" in any case, so
 * a plain post that opens with "Note: ..." stays a paragraph.
 */
int	headers_present(const char *text, size_t len, int any_key);
/*
 * Reads the header block at the start of text[0..len) into a new
 * mapping (free with yamlmap_free), numbering lines from first_line.
 * The block ends at a blank line (skipped) or, as in Python-Markdown,
 * at the first line that is neither "Key: value" nor a continuation
 * (which starts the body): nothing in it is an error. *end receives the
 * offset of the body.
 */
struct ynode *headers_parse(unsigned first_line, const char *text,
	    size_t len, size_t *end);

#endif
