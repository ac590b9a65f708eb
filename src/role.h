/*
 * role.h - what a piece of text is, which decides how it looks: the role
 * of a block or span (body, a heading, code, a contents entry, ...) and,
 * inside code, the class the highlighter gave a token. Shared vocabulary:
 * the blocks carry roles, the style maps them to fonts and colours.
 */
#ifndef QUIRE_ROLE_H
#define QUIRE_ROLE_H

enum role {
	ROLE_BODY,
	ROLE_H1, ROLE_H2, ROLE_H3, ROLE_H4, ROLE_H5, ROLE_H6,
	ROLE_TITLE,	/* the post title in its title block */
	ROLE_BYLINE,	/* date and author under the title */
	ROLE_TAGS,	/* the tag line of the title block */
	ROLE_CODE,	/* code blocks */
	ROLE_QUOTE,	/* block quote text */
	ROLE_CAPTION,	/* image captions and placeholders */
	ROLE_TABLE,	/* table cells */
	ROLE_FOOTNOTE,	/* notes at the page foot */
	ROLE_NOTE,	/* an editor's note box */
	ROLE_HEADER,	/* running heads */
	ROLE_FOOTER,	/* folios */
	ROLE_COVER_TITLE, ROLE_COVER_TEXT,
	ROLE_TOC_HEAD,	/* "Contents", "Index" */
	ROLE_TOC_GROUP,	/* a year in the contents */
	ROLE_TOC_ENTRY,	/* a post title in the contents */
	ROLE_TOC_META,	/* date and tags in the contents */
	ROLE_TOC_EXCERPT,
	ROLE_INDEX,	/* tag index entries */
	NROLES
};

enum hl_class {
	HL_PLAIN,
	HL_KEYWORD,	/* if, function, return */
	HL_TYPE,	/* int, [string], class names */
	HL_BUILTIN,	/* true, null, $true, cmdlets, builtin functions */
	HL_STRING,
	HL_NUMBER,
	HL_COMMENT,
	HL_VARIABLE,	/* $x, ${x} */
	HL_FUNCTION,	/* names being called or defined, Verb-Noun cmdlets */
	HL_OPERATOR,	/* -eq, &&, = */
	HL_ATTRIBUTE,	/* HTML/XML attributes, JSON/YAML keys, CSS
			   properties, PowerShell -Parameters */
	HL_TAG,		/* HTML/XML tags, CSS selectors */
	HL_META,	/* preprocessor, decorators, shebang */
	HL_INSERTED,	/* diff + lines */
	HL_DELETED,	/* diff - lines */
	HL_HEADING,	/* Markdown headings, diff @@ hunks */
	HL_NCLASSES
};

#endif
