/*
 * inline.h - inline content (cmark inline nodes and raw HTML) turned into
 * UTF-8 text with Pango attributes and link ranges. Images and HTML
 * block structure cut the text into pieces, which blocks.c turns into
 * blocks in order.
 */
#ifndef QUIRE_INLINE_H
#define QUIRE_INLINE_H

#include <stddef.h>

#include <cmark-gfm.h>
#include <pango/pango.h>

#include "doc.h"
#include "mathtree.h"
#include "style.h"

enum piece_kind {
	PIECE_TEXT,	/* text, attrs, links */
	PIECE_IMAGE,	/* src, alt (in text), title, href */
	PIECE_EMBED,	/* src of an iframe/video/object */
	PIECE_MATH	/* a display formula: math, its source in text;
			   math NULL: it cannot be set, show the source */
};

struct piece {
	enum piece_kind kind;
	char	*text;		/* TEXT: the text; IMAGE: alt text */
	PangoAttrList *attrs;
	struct link *links;
	size_t	 nlinks;
	char	*src;		/* IMAGE, EMBED */
	char	*title;		/* IMAGE */
	char	*href;		/* IMAGE inside a link */
	int	 width;		/* IMAGE: width attribute in px, or 0 */
	struct math *math;	/* MATH: a reference, or NULL */
	int	 quote;		/* nesting of HTML <blockquote> around it */
	unsigned line;		/* source line */
};

struct inl;

struct hyphenator;
struct formulas;

/* A new inline renderer for text of role in style st; inl_free it. */
struct inl *inl_new(const struct style *st, enum role role);
/* Text from now on gets soft hyphens from h (not in code or URLs). */
void	inl_hyphenate(struct inl *in, struct hyphenator *h);
/*
 * Markers in the text from now on stand for the formulas of f (see
 * mathscan.h), read from file for messages: inline ones become an
 * object character carrying the formula, display ones a PIECE_MATH
 * (with in_line, as in a table cell, they stay in the line). A formula
 * that cannot be set is shown as its source, with a warning.
 */
void	inl_math(struct inl *in, const struct formulas *f, const char *file,
	    int in_line);
void	inl_free(struct inl *in);
/* Renders the inline children of a block node (paragraph, heading,
 * table cell). */
void	inl_children(struct inl *in, cmark_node *parent);
/* Renders raw HTML (a whole HTML block, or one inline tag) whose first
 * line is line. */
void	inl_html(struct inl *in, const char *html, size_t len, unsigned line);
/* Appends plain text. */
void	inl_text(struct inl *in, const char *s, size_t len);
/*
 * Ends the current piece. Returns the pieces made since the last call
 * (*n of them); the array and its contents belong to the caller, freed
 * with pieces_free. Text pieces with no visible text are left out.
 */
struct piece *inl_finish(struct inl *in, size_t *n);
void	pieces_free(struct piece *p, size_t n);
/* Plain text of a node's inline content, its formulas' markers kept
 * (mathtext_plain makes them text). */
char	*inl_plain(cmark_node *parent);

#endif
