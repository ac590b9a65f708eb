/* mathtree.c - formula trees: building, sharing, freeing. */
#include "mathtree.h"

#include <stdlib.h>

#include "util.h"

struct math_node *
math_node_new(enum math_kind kind)
{
	struct math_node *n = xcalloc(1, sizeof(*n));

	n->kind = kind;
	n->cls = MC_ORD;
	n->style = -1;
	return n;
}

void
math_node_add(struct math_node *list, struct math_node *kid)
{
	list->kids = xreallocarray(list->kids, list->nkids + 1,
	    sizeof(*list->kids));
	list->kids[list->nkids++] = kid;
}

void
math_node_free(struct math_node *n)
{
	if (n == NULL)
		return;
	math_node_free(n->a);
	math_node_free(n->b);
	math_node_free(n->c);
	for (size_t i = 0; i < n->nkids; i++)
		math_node_free(n->kids[i]);
	free(n->kids);
	free(n->align);
	free(n);
}

struct math *
math_new(struct math_node *root, int display)
{
	struct math *m = xcalloc(1, sizeof(*m));

	m->refs = 1;
	m->display = display;
	m->root = root;
	return m;
}

struct math *
math_ref(struct math *m)
{
	m->refs++;
	return m;
}

void
math_unref(struct math *m)
{
	if (m == NULL || --m->refs > 0)
		return;
	math_node_free(m->root);
	free(m->warning);
	free(m->file);
	free(m);
}

static gpointer
attr_copy(gconstpointer data)
{
	return math_ref((struct math *)data);
}

static void
attr_destroy(gpointer data)
{
	math_unref(data);
}

PangoAttribute *
math_attr_new(struct math *m)
{
	PangoRectangle r = { 0, 0, 0, 0 };

	return pango_attr_shape_new_with_data(&r, &r, math_ref(m), attr_copy,
	    attr_destroy);
}

struct math *
math_attr_get(const PangoAttribute *a)
{
	const PangoAttrShape *s = (const PangoAttrShape *)a;

	if (a->klass->type != PANGO_ATTR_SHAPE || s->copy_func != attr_copy)
		return NULL;
	return s->data;
}
