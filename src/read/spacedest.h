/*
 * spacedest.h - link and picture addresses with spaces, as
 * Python-Markdown (Pelican) and kramdown (Jekyll) read them:
 * "![alt](images/my chart.png)" is a picture there, while CommonMark
 * refuses a space in a destination. A pre-pass before cmark writes such
 * a destination in CommonMark's <...> form, a title kept:
 * "](a b.png "T")" becomes "](<a b.png> "T")".
 *
 * Only a "](" with its ")" on the same line is rewritten, outside code
 * spans (one line), ``` and ~~~ fences and indented code (found with a
 * light line heuristic: four columns after a blank line or more such
 * code). A destination already in <...>, or holding '<', '>' or a
 * backslash, stays as written. Nothing else changes; lines stay lines.
 */
#ifndef QUIRE_SPACEDEST_H
#define QUIRE_SPACEDEST_H

#include <stddef.h>

/*
 * s[0..len) with spaced destinations in <...>: a new string (the caller
 * frees it) of *outlen bytes, NUL-terminated.
 */
char	*spacedest_rewrite(const char *s, size_t len, size_t *outlen);

#endif
