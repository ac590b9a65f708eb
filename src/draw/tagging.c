/* tagging.c - each block's place in the structure tree. */
#include "tagging.h"

#include <string.h>

#include "artifact.h"

/* An open list: the indent of its items' text, and its elements. */
struct list_level {
	double	 indent;
	size_t	 list, item;	/* ids: the blocks that opened them */
};

static void
push(struct tag_path *p, const char *type, size_t id)
{
	if (p->n == TAG_DEPTH)
		p->n--;		/* the deepest level takes what is below */
	p->node[p->n].type = type;
	p->node[p->n].id = id;
	p->n++;
}

/* The element a block's own text makes. */
static const char *
leaf(const struct block *b)
{
	switch (b->kind) {
	case BLOCK_CODE:
		return "Code";
	case BLOCK_TABLE:
		return "Table";
	case BLOCK_IMAGE:
		return b->path != NULL ? "Figure" : "P";
	case BLOCK_RULE:
	case BLOCK_SPACE:
		return NULL;
	case BLOCK_EMBED:
	case BLOCK_TEXT:
		break;
	}
	if (b->role >= ROLE_H1 && b->role <= ROLE_H6)
		return (const char *[]){ "H1", "H2", "H3", "H4", "H5",
		    "H6" }[b->role - ROLE_H1];
	if (b->role == ROLE_TITLE || b->role == ROLE_TOC_HEAD ||
	    b->role == ROLE_COVER_TITLE)
		return "H1";
	if (b->role == ROLE_TOC_GROUP)
		return "H2";
	return "P";
}

/* Whether blocks i and j belong to one run of quote level d. */
static int
same_quote(const struct block *blocks, size_t from, size_t to, int d)
{
	for (size_t k = from; k <= to; k++)
		if (blocks[k].quote_depth < d)
			return 0;
	return 1;
}

void
tagging_paths(const struct block *blocks, size_t n, struct tag_path *paths)
{
	struct list_level lv[TAG_DEPTH];
	size_t nlv = 0, quote_open[TAG_DEPTH] = {0};
	size_t toc = 0, toci = 0, index = 0, figure = 0, box = 0;
	int in_toc = 0, in_index = 0, has_figure = 0, in_box = 0;
	const char *title = NULL;	/* the last post title seen */

	for (size_t i = 0; i < n; i++) {
		const struct block *b = &blocks[i];
		struct tag_path *p = &paths[i];
		const char *own = leaf(b);
		double text_indent = b->indent;

		memset(p, 0, sizeof(*p));
		if (b->role == ROLE_TITLE && b->kind == BLOCK_TEXT)
			title = b->text;
		if (own == NULL) {
			/* Room and rules end nothing: a list goes on past
			 * the space between its items. */
			continue;
		}
		/* Footnotes stand apart, at the page foot. */
		if (b->note > 0) {
			push(p, "Note", (size_t)b->note);
			push(p, own, i);
			continue;
		}
		/* Quotes, outermost first: a level opens where the run of
		 * blocks at that depth starts. */
		for (int d = 1; d <= b->quote_depth && d <= TAG_DEPTH; d++) {
			size_t at = quote_open[d - 1];

			if (i == 0 || blocks[at].quote_depth < d ||
			    !same_quote(blocks, at, i, d))
				quote_open[d - 1] = at = i;
			push(p, "BlockQuote", at);
		}
		/* Lists, by the indent of their items' text. */
		while (nlv > 0 && lv[nlv - 1].indent > text_indent + 0.01)
			nlv--;
		if (b->marker != NULL) {
			if (nlv > 0 && lv[nlv - 1].indent > text_indent - 0.01)
				lv[nlv - 1].item = i;	/* the next item */
			else if (nlv < TAG_DEPTH) {
				lv[nlv].indent = text_indent;
				lv[nlv].list = lv[nlv].item = i;
				nlv++;
			}
		}
		for (size_t k = 0; k < nlv; k++) {
			push(p, "L", lv[k].list);
			push(p, "LI", lv[k].item);
			push(p, "LBody", lv[k].item);
		}
		/* Contents and index: one TOC, each entry a TOCI with the
		 * date and excerpt lines under it. */
		if (b->role == ROLE_TOC_HEAD) {
			in_toc = !strcmp(b->text ? b->text : "", "Contents");
			in_index = !in_toc;
			toc = index = i;
		} else if (in_toc && (b->role == ROLE_TOC_GROUP ||
		    b->role == ROLE_TOC_ENTRY || b->role == ROLE_TOC_META ||
		    b->role == ROLE_TOC_EXCERPT)) {
			push(p, "TOC", toc);
			if (b->role == ROLE_TOC_ENTRY)
				toci = i;
			if (b->role != ROLE_TOC_GROUP)
				push(p, "TOCI", toci);
			if (b->role == ROLE_TOC_ENTRY) {
				p->n--;		/* the entry is the TOCI */
				push(p, "TOCI", toci);
				continue;
			}
		} else if (in_index && (b->role == ROLE_INDEX ||
		    b->role == ROLE_TOC_GROUP))
			push(p, "Index", index);
		else
			in_toc = in_index = 0;
		/* An editor's note: one box. */
		if (b->boxed) {
			if (!in_box)
				box = i;
			in_box = 1;
			push(p, "Div", box);
		} else
			in_box = 0;
		/* A figure's caption, set as a block of its own after it. */
		if (b->kind == BLOCK_IMAGE && b->path != NULL) {
			figure = i;
			has_figure = 1;
			/* A featured image has no words of its own: the
			 * post's title says what it stands for. */
			p->alt = b->text != NULL && *b->text ? b->text : title;
		} else if (has_figure && b->kind == BLOCK_TEXT &&
		    b->role == ROLE_CAPTION && figure + 1 == i) {
			push(p, "Figure", figure);
			push(p, "Caption", i);
			continue;
		}
		push(p, own, i);
	}
	/* A block set again where another continues (an index term
	 * "(cont.)") is no element: it is furniture, an artifact (as
	 * artifact.h makes it), so that the term is met once. */
	for (size_t i = 0; i < n; i++) {
		size_t t = blocks[i].repeat - 1;
		struct tag_path *p = &paths[t];

		/* Its own element is the last, opened by itself (once). */
		if (blocks[i].repeat > 0 && t < n && p->n > 0 &&
		    p->node[p->n - 1].id == t)
			p->node[p->n - 1].type = ARTIFACT_PAGINATION;
	}
}
