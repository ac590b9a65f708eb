/*
 * hyphenate.h - hyphenation points from libhyphen's pattern dictionaries.
 *
 * Pango breaks a word only at a soft hyphen (U+00AD), so quire puts them
 * into the text itself before layout; Pango draws a visible hyphen only
 * where a line actually breaks.
 */
#ifndef QUIRE_HYPHENATE_H
#define QUIRE_HYPHENATE_H

#include <stddef.h>

struct buf;

/* Where the hyph_LL[_RR].dic dictionaries live. */
#define HYPHEN_DIR	"/usr/share/hyphen"

/* Words shorter than this many code points are never hyphenated. */
#define HYPHEN_MIN_WORD	6
/* Least code points kept before and after a break. */
#define HYPHEN_LEFT	2
#define HYPHEN_RIGHT	3
/* Words longer than this many bytes are left alone. */
#define HYPHEN_MAX_WORD	100

struct hyphenator;

/*
 * Loads the dictionary for a language tag such as "en", "en-US",
 * "en_GB", "de-AT" or "fr" (case-insensitive; script subtags as in
 * "sr-Latn-RS" are skipped). Tries, in order: the exact language and
 * region, the bare language (hyph_de.dic), the language's home region
 * (de_DE, fr_FR; en_US for English), then any region of the language.
 * Returns NULL when no dictionary is installed, it does not load, or the
 * tag is malformed. The caller frees the result with hyphenator_free.
 * Loading is slow for big dictionaries (German: over 2 s), so load each
 * language once per run.
 */
struct hyphenator *hyphenator_new(const char *lang);
/* Frees h and its dictionary; h may be NULL. */
void	 hyphenator_free(struct hyphenator *h);
/* Path of the dictionary file h (not NULL) loaded; h owns the string. */
const char *hyphenator_path(const struct hyphenator *h);

/*
 * The dictionaries of one run: each dictionary file is loaded once, the
 * first time a language tag needs it (tags are looked up as by
 * hyphenator_new, and two tags that lead to one file, through a
 * symbolic link or a region, share it). Safe to use from several
 * threads at once.
 */
struct hyphenators;

struct hyphenators *hyphenators_new(void);
/* The dictionary for lang, or NULL when there is none; the set owns it,
 * and it lives until hyphenators_free. */
struct hyphenator *hyphenators_get(struct hyphenators *set,
	    const char *lang);
/* How many dictionary files the set has loaded (for tests). */
size_t	 hyphenators_loaded(struct hyphenators *set);
/* Frees set and its dictionaries; set may be NULL. */
void	 hyphenators_free(struct hyphenators *set);

/*
 * Appends text[0..len) to out with a soft hyphen (U+00AD, UTF-8) at each
 * of the dictionary's hyphenation points. The output is the input byte
 * for byte apart from the inserted soft hyphens, for any input, including
 * invalid UTF-8; time is linear in len.
 *
 * A word is a run of letters (ASCII letters and any non-ASCII character
 * that is not punctuation or a space), with apostrophes (' and U+2019)
 * allowed between letters; hard and soft hyphens split words into parts
 * that are hyphenated on their own. Left alone are words of fewer than
 * HYPHEN_MIN_WORD code points or more than HYPHEN_MAX_WORD bytes, words
 * with digits or invalid UTF-8, words in capitals (acronyms), and every
 * word of a run of non-space characters that looks like a URL, address,
 * path or identifier: one holding "://", "@", "/", "\", "_", a "."
 * between letters or digits, or a lower-case letter followed by a
 * capital (camelCase). Breaks are at least HYPHEN_LEFT code points from
 * the start of a word and HYPHEN_RIGHT from its end, never next to an
 * apostrophe, and never where the dictionary would change the spelling
 * (German "Schiffahrt" -> "Schiff-fahrt").
 *
 * Pass whole runs of text: a word split across two calls is two words.
 * With h NULL (no dictionary), text is copied as it is.
 */
void	 hyphenate_append(struct hyphenator *h, struct buf *out,
	    const char *text, size_t len);

#endif
