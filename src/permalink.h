/*
 * permalink.h - Jekyll permalinks: where the site serves a post.
 */
#ifndef QUIRE_PERMALINK_H
#define QUIRE_PERMALINK_H

#include <stddef.h>

/*
 * Expands a Jekyll permalink for a post. pattern is a named style
 * ("date", "pretty", "ordinal", "none"; NULL means "date") or a template
 * with :year :month :i_month :day :i_day :short_year :title :slug
 * :categories. slug is the file name without date prefix and extension.
 * Returns a new string starting with '/'; the caller frees it.
 */
char	*permalink_expand(const char *pattern, const char *slug, int year,
	    int month, int day, const char *const *categories, size_t ncat);
/*
 * Splits a post file stem "2019-01-06-some-title" into its date and
 * slug ("some-title", copied into slug of size n). Returns 0, or -1 when
 * the stem has no date prefix (slug then receives the whole stem).
 */
int	permalink_split_stem(const char *stem, int *year, int *month,
	    int *day, char *slug, size_t n);

#endif
