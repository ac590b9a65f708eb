/* doc.c - the block list's bookkeeping. */
#include "doc.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

struct block *
doc_add(struct doc *d, enum block_kind kind, enum role role)
{
	struct block *b;

	if (d->nblocks == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 32;
		d->blocks = xreallocarray(d->blocks, d->cap, sizeof(*b));
	}
	b = &d->blocks[d->nblocks++];
	memset(b, 0, sizeof(*b));
	b->kind = kind;
	b->role = role;
	return b;
}

void
block_add_link(struct block *b, size_t start, size_t end, const char *uri)
{
	struct link *l;

	b->links = xreallocarray(b->links, b->nlinks + 1, sizeof(*l));
	l = &b->links[b->nlinks++];
	memset(l, 0, sizeof(*l));
	l->start = start;
	l->end = end;
	l->uri = xstrdup(uri);
}

static void
free_links(struct link *l, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(l[i].uri);
		free(l[i].dest);
	}
	free(l);
}

static void
free_table(struct table *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->nrows * t->ncols; i++) {
		free(t->cells[i].text);
		if (t->cells[i].attrs)
			pango_attr_list_unref(t->cells[i].attrs);
		free_links(t->cells[i].links, t->cells[i].nlinks);
	}
	free(t->cells);
	free(t);
}

void
doc_free(struct doc *d)
{
	for (size_t i = 0; i < d->nblocks; i++) {
		struct block *b = &d->blocks[i];

		free(b->text);
		if (b->attrs)
			pango_attr_list_unref(b->attrs);
		free_links(b->links, b->nlinks);
		free(b->marker);
		free(b->dest);
		free(b->lang);
		free(b->path);
		free_table(b->table);
	}
	free(d->blocks);
	for (size_t i = 0; i < d->nheadings; i++) {
		free(d->headings[i].title);
		free(d->headings[i].dest);
	}
	free(d->headings);
	memset(d, 0, sizeof(*d));
}
