/*
 * mathparse.h - the TeX math that blogs write (MathJax's and KaTeX's
 * LaTeX subset) parsed into math.h's atom tree.
 */
#ifndef QUIRE_MATHPARSE_H
#define QUIRE_MATHPARSE_H

#include <stddef.h>

#include "mathtree.h"

/*
 * Parses tex[0..len) (the formula between its delimiters). Returns a new
 * formula (one reference, math_unref it), or NULL when it cannot be set:
 * then *why is a new string saying why ("unknown TeX command \foo",
 * "unbalanced braces", "formula nested too deeply", "formula too long"),
 * which the caller frees. Sources longer than MATH_MAX_LEN or groups
 * nested deeper than MATH_MAX_DEPTH are refused. Runs in time linear in
 * len.
 */
struct math *mathparse(const char *tex, size_t len, int display, char **why);

#endif
