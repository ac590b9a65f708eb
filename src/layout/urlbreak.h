/*
 * urlbreak.h - where a long word without spaces may break: a URL, a
 * file path, a long inline-code token. Pango's breaks (UAX 14) leave a
 * URL whole or break it after a hyphen, which reads as hyphenation; a
 * typesetter breaks a URL at its own punctuation, showing no hyphen, and
 * between any two letters only where nothing else fits (as biblatex's
 * URL penalties do). Pure: no Pango, unit-tested.
 *
 * Rules (The Chicago Manual of Style's, but a slash ends the line, as
 * url.sty has it): after "//", "/" and "\"; before ".", ",", "-", "_",
 * "?", "#", "%", "~", "&", "=", ";" and ":"; at least two characters
 * each side; trailing punctuation (a sentence's full stop) stays on. A
 * program's name (inline code, or a word in camel case such as
 * "Get-POSHOriginConfig") breaks after an inner hyphen or underscore,
 * before a dot, and, dearer, where a capital starts a part of the name
 * ("POSHOrigin|Config"): the logical places style guides name for
 * breaking a computer term, with no hyphen added.
 */
#ifndef QUIRE_URLBREAK_H
#define QUIRE_URLBREAK_H

#include <stddef.h>

#define UB_PUNCT 50.0	/* penalty of a break at the word's punctuation */
#define UB_CHAR 150.0	/* of a break between two letters or digits */
#define UB_CAMEL 400.0	/* of a break inside a name in camel case */

enum ub_kind {
	UB_NONE,	/* an ordinary word: Pango's breaks stand */
	UB_URL,		/* a URL or path: punctuation and letter breaks */
	UB_CODE,	/* a long inline-code token: a name's breaks */
	UB_NAME		/* a long word in camel case: a name's breaks */
};

/*
 * The kind of the word w[0..n) (no spaces in it); code: the word is
 * inline code. Soft hyphens (U+00AD) in it are ignored.
 */
enum ub_kind	ub_kind(const char *w, size_t n, int code);

/*
 * For a word of kind k (not UB_NONE), sets pen[i] for 0 < i < n to the
 * penalty of a break before byte i: UB_PUNCT, UB_CHAR (UB_URL only),
 * UB_CAMEL (UB_CODE, UB_NAME), or
 * a value >= 10000 (LB_INF) where the word may not break (inside a
 * character, next to a soft hyphen, within "scheme://").
 */
void	ub_breaks(const char *w, size_t n, enum ub_kind k, double *pen);

#endif
