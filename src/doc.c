/* doc.c - the block list's bookkeeping. */
#include "doc.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

void
attr_add(PangoAttrList **list, PangoAttribute *a, size_t start, size_t end)
{
	if (*list == NULL)
		*list = pango_attr_list_new();
	a->start_index = (guint)start;
	a->end_index = (guint)end;
	pango_attr_list_insert(*list, a);
}

PangoAttribute *
attr_color(unsigned rgb)
{
	return pango_attr_foreground_new((guint16)((rgb >> 16 & 0xFF) * 257),
	    (guint16)((rgb >> 8 & 0xFF) * 257), (guint16)((rgb & 0xFF) * 257));
}

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
		free(l[i].anchor);
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
		free(b->back);
		free(b->leader);
		free(b->lang);
		free(b->marked);
		free(b->path);
		free(b->svg);
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

int
block_line_marked(const struct block *b, int line)
{
	size_t lo = 0, hi = b->nmarked;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (line < b->marked[mid].first)
			hi = mid;
		else if (line > b->marked[mid].last)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

void
block_insert_text(struct block *b, size_t pos, const char *text)
{
	size_t n = strlen(text), len = strlen(b->text);
	char *t = xmalloc(len + n + 1);

	memcpy(t, b->text, pos);
	memcpy(t + pos, text, n);
	memcpy(t + pos + n, b->text + pos, len - pos + 1);
	free(b->text);
	b->text = t;
	if (b->attrs != NULL)
		pango_attr_list_update(b->attrs, (int)pos, 0, (int)n);
	for (size_t i = 0; i < b->nlinks; i++) {
		if (b->links[i].start >= pos)
			b->links[i].start += n;
		if (b->links[i].end > pos)
			b->links[i].end += n;
	}
}

static void
prefix(char **name, const char *pre)
{
	char *p;

	if (*name == NULL)
		return;
	p = xasprintf("%s%s", pre, *name);
	free(*name);
	*name = p;
}

void
doc_prefix_dests(struct doc *d, const char *pre)
{
	for (size_t i = 0; i < d->nblocks; i++) {
		struct block *b = &d->blocks[i];

		prefix(&b->dest, pre);
		prefix(&b->back, pre);
		for (size_t k = 0; k < b->nlinks; k++) {
			prefix(&b->links[k].dest, pre);
			prefix(&b->links[k].anchor, pre);
		}
	}
	for (size_t i = 0; i < d->nheadings; i++)
		prefix(&d->headings[i].dest, pre);
}

void
doc_splice(struct doc *d, size_t at, struct doc *src)
{
	size_t n = src->nblocks;

	if (n == 0)
		return;
	if (d->nblocks + n > d->cap) {
		d->cap = d->nblocks + n + 16;
		d->blocks = xreallocarray(d->blocks, d->cap, sizeof(*d->blocks));
	}
	memmove(d->blocks + at + n, d->blocks + at,
	    (d->nblocks - at) * sizeof(*d->blocks));
	memcpy(d->blocks + at, src->blocks, n * sizeof(*d->blocks));
	d->nblocks += n;
	src->nblocks = 0;
}
