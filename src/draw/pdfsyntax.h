/*
 * pdfsyntax.h - reading and writing bits of PDF object syntax: enough of
 * the grammar (names, numbers, references, strings, hex strings, arrays,
 * dictionaries) to find a dictionary's keys and an array's references in
 * one object's text, change a dictionary, and write a text string. Not a
 * general parser: what it cannot read it says so (NULL), never guesses.
 *
 * s points into an object's text, NUL-terminated; the readers return a
 * pointer just past what they read, or NULL when s does not hold one.
 * No state: any thread.
 */
#ifndef QUIRE_PDFSYNTAX_H
#define QUIRE_PDFSYNTAX_H

#include <stddef.h>

/* Skips white space and comments. */
const char *pdf_space(const char *s);
/* Skips one whole value (number, name, string, reference, array, ...). */
const char *pdf_skip(const char *s);
/* The value of key ("/Type") in the dictionary at s (which starts with
 * "<<"), at its own level: a pointer to the value, or NULL. */
const char *pdf_dict_get(const char *s, const char *key);
/* Whether the value at v is the name (e.g. "/Figure"). */
int	pdf_is_name(const char *v, const char *name);
/* The object number of a reference "N G R" at v, or 0. */
long	pdf_ref(const char *v);
/*
 * The references at v: the one reference, or those that are direct
 * elements of the array (not those inside its dictionaries). *refs is a
 * new array the caller frees. Returns how many.
 */
size_t	pdf_refs(const char *v, long **refs);
/*
 * The dictionary text d with entries added before its closing ">>" (at
 * its own level); anything after the dictionary (a stream) is kept.
 * Returns a new string, or NULL when d holds no dictionary.
 */
char	*pdf_dict_add(const char *d, const char *entries);
/*
 * The dictionary text d with key's value (at its own level) replaced by
 * value, or added when d has no key. A new string, or NULL when d holds
 * no dictionary.
 */
char	*pdf_dict_set(const char *d, const char *key, const char *value);
/* s as a PDF text string: UTF-16BE with a byte order mark, in hex (so
 * any character and any byte is safe). A new string. */
char	*pdf_text_string(const char *s);

#endif
