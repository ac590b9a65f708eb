/*
 * tagging.h - where each block stands in the PDF's structure tree (the
 * tagged PDF a screen reader follows): the chain of structure elements
 * from the top down to the block's own, e.g. L > LI > LBody > P for a
 * paragraph in a list item, BlockQuote > P, Figure, H2, TOC > TOCI.
 *
 * The block list is flat; lists, quotes, figures and contents are found
 * again from markers, indents, quote depths and roles. Pure: computed
 * from the blocks alone, so unit-tested without Pango or cairo.
 *
 * Elements are told apart by an id (the index of the block that opened
 * them): two blocks share an element when their paths share the node
 * with the same type and id. Rules and empty room have empty paths: they
 * are left out of the tree, as page furniture is. A block set again where
 * another continues (block.repeat: an index term "(cont.)") has no
 * element of its own: it is a pagination artifact.
 */
#ifndef QUIRE_TAGGING_H
#define QUIRE_TAGGING_H

#include <stddef.h>

#include "doc.h"

/* Nesting deeper than this is flattened into the deepest level. */
#define TAG_DEPTH 12

struct tag_node {
	const char *type;	/* a PDF standard structure type */
	size_t	 id;
};

struct tag_path {
	size_t	 n;
	struct tag_node node[TAG_DEPTH];
	const char *alt;	/* a Figure's alternate text (borrowed): its
				   alt or caption, else the post's title */
};

/* Fills paths[0 .. n) for blocks[0 .. n). */
void	tagging_paths(const struct block *blocks, size_t n,
	    struct tag_path *paths);

#endif
