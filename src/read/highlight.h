/*
 * highlight.h - syntax highlighting of code blocks: code text in, classed
 * byte ranges out. The style decides how each class looks.
 */
#ifndef QUIRE_HIGHLIGHT_H
#define QUIRE_HIGHLIGHT_H

#include <stddef.h>

#include "role.h"

struct hl_span {
	size_t	 start, end;	/* byte range [start, end) in the code */
	enum hl_class cls;	/* never HL_PLAIN */
};

/*
 * Markdown, having no classes of its own, borrows: strong is HL_KEYWORD,
 * emphasis HL_TYPE, code HL_STRING, link text HL_TAG, its URL
 * HL_ATTRIBUTE, fences and rules HL_META, list and quote markers
 * HL_OPERATOR. Regex literals are HL_STRING, Rust lifetimes HL_TYPE.
 */

/*
 * Splits code[0..len) written in lang (case-insensitive, with the usual
 * aliases: ps1, sh, bash, js, ts, yml, cs, c++, py, rs, golang, ...) into
 * classed spans, in order and not overlapping; bytes outside any span are
 * plain. Any bytes are accepted (code need not be NUL-terminated); the
 * time is linear in len. Constructs left open run to the end. Returns
 * the number of spans; *spans is a new array the caller frees (NULL when
 * 0). Unknown languages give 0 spans.
 */
size_t	highlight(const char *lang, const char *code, size_t len,
	    struct hl_span **spans);
/* Whether lang is a language highlight() knows. */
int	highlight_known(const char *lang);
/* The class's name as used in styles ("keyword", "string", ...). */
const char *hl_class_name(enum hl_class cls);

#endif
