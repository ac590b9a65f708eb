/*
 * permalink.h - Jekyll permalinks: where the site serves a post.
 */
#ifndef QUIRE_PERMALINK_H
#define QUIRE_PERMALINK_H

#include <stddef.h>

/*
 * Expands a Jekyll permalink for a post. pattern is a named style
 * ("date", "pretty", "ordinal", "weekdate", "none"; NULL means "date")
 * or a template with :year :month :i_month :day :i_day :short_year
 * :y_day :week :short_month :long_month :short_day :long_day :title
 * :slug :categories :output_ext (".html"; :hour :minute :second give
 * "00"). slug is the file name without date prefix and extension (NULL
 * reads as ""); :title keeps its case, :slug lowercases it. categories
 * are lowercased, deduplicated and joined with '/'. Values are
 * percent-encoded as Jekyll does, then the URL is tidied like Jekyll's:
 * ".." -> "/", "./" dropped, runs of '/' squeezed (so empty categories
 * leave no "//"). Returns a new string starting with '/'; the caller
 * frees it.
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
