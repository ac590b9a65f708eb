/* markdown.c - cmark-gfm, configured once. */
#include "markdown.h"

#include <ctype.h>
#include <string.h>

#include <cmark-gfm-core-extensions.h>

#include "inline.h"
#include "util.h"

static const char *const extensions[] = {
	"table", "strikethrough", "autolink", "tasklist"
};

void
markdown_init(void)
{
	cmark_gfm_core_extensions_ensure_registered();
}

cmark_node *
markdown_parse(const char *text, size_t len)
{
	cmark_parser *p;
	cmark_node *doc;
	int opts = CMARK_OPT_SMART | CMARK_OPT_UNSAFE | CMARK_OPT_FOOTNOTES |
	    CMARK_OPT_VALIDATE_UTF8;

	markdown_init();
	p = cmark_parser_new(opts);
	for (size_t i = 0; i < sizeof(extensions) / sizeof(*extensions); i++)
		cmark_parser_attach_syntax_extension(p,
		    cmark_find_syntax_extension(extensions[i]));
	cmark_parser_feed(p, text, len);
	doc = cmark_parser_finish(p);
	cmark_parser_free(p);
	return doc;
}

enum md_ext
markdown_ext(cmark_node *node)
{
	const char *t;

	if (cmark_node_get_syntax_extension(node) == NULL)
		return MD_NONE;
	t = cmark_node_get_type_string(node);
	if (strcmp(t, "table") == 0)
		return MD_TABLE;
	if (strcmp(t, "table_row") == 0 || strcmp(t, "table_header") == 0)
		return MD_TABLE_ROW;
	if (strcmp(t, "table_cell") == 0)
		return MD_TABLE_CELL;
	if (strcmp(t, "strikethrough") == 0)
		return MD_STRIKETHROUGH;
	if (strcmp(t, "tasklist") == 0)
		return MD_TASKITEM;
	return MD_NONE;
}

char *
markdown_smart(const char *text)
{
	struct buf b = {0};
	cmark_node *doc;
	char *out;
	int first = 1;	/* in the first word */

	/*
	 * Every ASCII mark escaped but the quotes, which smart punctuation
	 * turns, and the '-' and '.' of dashes and ellipses after the
	 * first word (where "- ", "1." or "---" would start a list or a
	 * rule). Lines are joined: one paragraph.
	 */
	while (isspace((unsigned char)*text))
		text++;
	for (const char *p = text; *p; p++) {
		char c = isspace((unsigned char)*p) ? ' ' : *p;

		if (c == ' ')
			first = 0;
		if (ispunct((unsigned char)c) && c != '"' && c != '\'' &&
		    (first || (c != '-' && c != '.')))
			buf_putc(&b, '\\');
		buf_putc(&b, c);
	}
	doc = markdown_parse(b.data ? b.data : "", b.len);
	out = inl_plain(doc);
	cmark_node_free(doc);
	buf_free(&b);
	return out;
}
