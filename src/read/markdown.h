/*
 * markdown.h - the one place that configures cmark-gfm: CommonMark with
 * GFM tables, strikethrough, autolinks, task lists and footnotes, smart
 * punctuation, raw HTML kept for blocks.c to interpret.
 */
#ifndef QUIRE_MARKDOWN_H
#define QUIRE_MARKDOWN_H

#include <stddef.h>

#include <cmark-gfm.h>

/* Registers the GFM extensions: once, before threads parse. */
void	markdown_init(void);
/* Parses text[0..len); the caller frees the tree with cmark_node_free. */
cmark_node *markdown_parse(const char *text, size_t len);
/*
 * GFM extension node kinds, told apart at run time (their type values
 * are assigned when the extensions register).
 */
enum md_ext { MD_NONE, MD_TABLE, MD_TABLE_ROW, MD_TABLE_CELL,
	MD_STRIKETHROUGH, MD_TASKITEM };
enum md_ext markdown_ext(cmark_node *node);
/*
 * Plain text (a front matter excerpt) with the smart punctuation body
 * text gets (curly quotes and apostrophes, dashes, ellipses), every
 * other character as written: nothing in it is Markdown. A new string.
 */
char	*markdown_smart(const char *text);

#endif
