/* svgtext.c - an SVG's words, read with libxml2 and set invisibly. */
#include "svgtext.h"

#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <pango/pangocairo.h>

#include "lazy.h"
#include "util.h"

/* libxml2's functions and Pango's cairo rendering (which quire, drawing
 * through FreeType itself, does not link), both found through librsvg,
 * which has them loaded: the same libraries it uses, no other opened. */
static struct {
	__typeof__(xmlInitParser) *init;
	__typeof__(xmlReadMemory) *read;
	__typeof__(xmlDocGetRootElement) *root;
	__typeof__(xmlHasProp) *has_prop;
	__typeof__(xmlSetProp) *set_prop;
	__typeof__(xmlDocDumpMemory) *dump;
	__typeof__(xmlFreeDoc) *free_doc;
	xmlFreeFunc *xfree;	/* the address of libxml2's xmlFree */
	__typeof__(pango_cairo_create_layout) *create_layout;
	__typeof__(pango_cairo_show_layout) *show_layout;
} fn;

static const struct lazy_sym syms[] = {
	{ "xmlInitParser", (void **)&fn.init },
	{ "xmlReadMemory", (void **)&fn.read },
	{ "xmlDocGetRootElement", (void **)&fn.root },
	{ "xmlHasProp", (void **)&fn.has_prop },
	{ "xmlSetProp", (void **)&fn.set_prop },
	{ "xmlDocDumpMemory", (void **)&fn.dump },
	{ "xmlFreeDoc", (void **)&fn.free_doc },
	{ "xmlFree", (void **)&fn.xfree },
	{ "pango_cairo_create_layout", (void **)&fn.create_layout },
	{ "pango_cairo_show_layout", (void **)&fn.show_layout },
	{ NULL, NULL }
};

static struct lazy_lib lib = { "librsvg-2.so.2", syms, 0, NULL, NULL };

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

/* libxml2 sets itself up once, before any thread parses. */
static void
init_parser(void)
{
	fn.init();
}

#define SVG_NS "http://www.w3.org/2000/svg"
/* Deeper than libxml2 parses without XML_PARSE_HUGE. */
#define MAX_DEPTH 256

/* What is read while walking the tree. */
struct walk {
	struct svg_text *t;
	char	 prefix[32];	/* of the ids given, which no id starts with */
	size_t	 given;
};

static int
is_svg(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name,
	    name) && (n->ns == NULL || n->ns->href == NULL ||
	    !strcmp((const char *)n->ns->href, SVG_NS));
}

/* An attribute's text as written (its first text child), or NULL. */
static const char *
attr(const xmlNode *n, const char *name)
{
	xmlAttr *a = fn.has_prop(n, (const xmlChar *)name);

	if (a == NULL || a->type != XML_ATTRIBUTE_NODE)
		return NULL;
	return a->children && a->children->type == XML_TEXT_NODE &&
	    a->children->content ? (const char *)a->children->content : "";
}

/* Elements whose content is not drawn where it stands (or not at all). */
static int
undrawn(const xmlNode *n)
{
	static const char *const names[] = { "defs", "symbol", "clipPath",
		"mask", "pattern", "marker", "foreignObject", "title", "desc",
		"metadata", "style", "script" };
	const char *d = attr(n, "display");

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (is_svg(n, names[i]))
			return 1;
	return d != NULL && !strcmp(d, "none");
}

/* Appends text to the last line, white space collapsed (xml:space
 * default: newlines dropped, tabs as spaces, runs of spaces one). */
static void
put_words(struct svg_words *w, const char *s)
{
	struct buf b = {0};
	char *line = w->lines[w->nlines - 1];

	buf_puts(&b, line);
	for (; *s; s++) {
		char c = *s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s;

		if (c == ' ' && (b.len == 0 || b.data[b.len - 1] == ' '))
			continue;
		buf_putc(&b, c);
	}
	free(line);
	w->lines[w->nlines - 1] = buf_take(&b);
}

static void
new_line(struct svg_words *w)
{
	w->lines = xreallocarray(w->lines, w->nlines + 1, sizeof(*w->lines));
	w->lines[w->nlines++] = xstrdup("");
}

/*
 * The words under n, a line for each <tspan> placed on a line of its
 * own, and what entities declared in the document stand for: each node
 * visited and each byte taken spends *budget, so that entities nested
 * in entities cannot make the walk long.
 */
static void
gather(const xmlNode *n, struct svg_words *w, int depth, size_t *budget)
{
	for (const xmlNode *c = n; c != NULL && *budget > 0; c = c->next) {
		(*budget)--;
		if ((c->type == XML_TEXT_NODE ||
		    c->type == XML_CDATA_SECTION_NODE) && c->content != NULL) {
			size_t len = strlen((const char *)c->content);

			if (len > *budget)
				break;
			*budget -= len;
			put_words(w, (const char *)c->content);
		} else if (depth >= MAX_DEPTH)
			continue;
		else if (c->type == XML_ENTITY_REF_NODE && c->children &&
		    c->children->type == XML_ENTITY_DECL)
			gather(c->children->children, w, depth + 1, budget);
		else if (c->type == XML_ELEMENT_NODE && !undrawn(c)) {
			if (is_svg(c, "tspan") && (attr(c, "y") ||
			    attr(c, "dy")) && *w->lines[w->nlines - 1])
				new_line(w);
			gather(c->children, w, depth + 1, budget);
		}
	}
}

static void
trim(char *s)
{
	size_t n = strlen(s), k = strspn(s, " ");

	while (n > k && s[n - 1] == ' ')
		n--;
	memmove(s, s + k, n - k);
	s[n - k] = '\0';
}

/* Whether an earlier <text> took id. */
static int
taken(const struct svg_text *t, const char *id)
{
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->w[i].id, id))
			return 1;
	return 0;
}

static void
add_text(struct walk *wk, xmlNode *n)
{
	struct svg_text *t = wk->t;
	struct svg_words w = {0};
	const char *id = attr(n, "id");
	size_t k = 0, budget = SVGTEXT_MAX_BYTES;

	if (t->n >= SVGTEXT_MAX || (id != NULL && (!*id || taken(t, id))))
		return;	/* an element another's id would stand for */
	new_line(&w);
	gather(n->children, &w, 0, &budget);
	for (size_t i = 0; i < w.nlines; i++) {
		trim(w.lines[i]);
		/* cairo refuses text with noncharacters whole. */
		utf8_no_nonchars(w.lines[i], strlen(w.lines[i]));
		if (*w.lines[i])
			w.lines[k++] = w.lines[i];
		else
			free(w.lines[i]);
	}
	w.nlines = k;
	if (k == 0) {
		free(w.lines);
		return;
	}
	if (id != NULL)
		w.id = xstrdup(id);
	else {
		w.id = xasprintf("%s%zu", wk->prefix, wk->given++);
		fn.set_prop(n, (const xmlChar *)"id", (const xmlChar *)w.id);
	}
	t->w = xreallocarray(t->w, t->n + 1, sizeof(*t->w));
	t->w[t->n++] = w;
}

static void
walk(struct walk *wk, xmlNode *n, int depth)
{
	for (xmlNode *c = n; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || undrawn(c))
			continue;
		if (is_svg(c, "text"))
			add_text(wk, c);
		else if (depth < MAX_DEPTH)
			walk(wk, c->children, depth + 1);
	}
}

/* Makes wk->prefix one that no id in the tree under n starts with. */
static void
fresh_prefix(struct walk *wk, const xmlNode *n, int depth)
{
	for (const xmlNode *c = n; c != NULL; c = c->next) {
		const char *id;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		id = attr(c, "id");
		while (id != NULL && !strncmp(id, wk->prefix,
		    strlen(wk->prefix)) && strlen(wk->prefix) + 2 <
		    sizeof(wk->prefix))
			strcat(wk->prefix, "x");
		if (depth < MAX_DEPTH)
			fresh_prefix(wk, c->children, depth + 1);
	}
}

int
svgtext_read(const void *data, size_t len, struct svg_text *t)
{
	struct walk wk = { .t = t, .prefix = "quire-text-" };
	xmlDoc *doc;
	xmlChar *mem = NULL;
	int size = 0;
	char *why = NULL;

	memset(t, 0, sizeof(*t));
	/* No "<text" anywhere: nothing to read the document for. */
	if (len > INT_MAX || mem_find((const char *)data, len, "<text", 5) == NULL)
		return -1;
	if (lazy_open(&lib, &why) == -1) {
		free(why);
		return -1;
	}
	pthread_once(&init_once, init_parser);
	/* As librsvg reads it: no network, no DTD loaded, entities kept as
	 * references, libxml2's bounds on size and depth. */
	doc = fn.read(data, (int)len, NULL, NULL, XML_PARSE_NONET |
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (doc == NULL)
		return -1;
	fresh_prefix(&wk, fn.root(doc), 0);
	walk(&wk, fn.root(doc), 0);
	if (t->n > 0)
		fn.dump(doc, &mem, &size);
	fn.free_doc(doc);
	if (t->n == 0 || mem == NULL || size <= 0) {
		(*fn.xfree)(mem);
		svgtext_free(t);
		return -1;
	}
	t->doc = xmalloc((size_t)size);
	memcpy(t->doc, mem, (size_t)size);
	t->len = (size_t)size;
	(*fn.xfree)(mem);
	return 0;
}

/* One line stretched over the band x, y, width, band. */
static void
show_line(cairo_t *cr, PangoLayout *l, const char *line, double x, double y,
    double width, double band)
{
	PangoRectangle log;

	pango_layout_set_text(l, line, -1);
	pango_layout_get_extents(l, NULL, &log);
	if (log.width <= 0 || log.height <= 0)
		return;
	cairo_save(cr);
	cairo_translate(cr, x, y);
	cairo_scale(cr, width / ((double)log.width / PANGO_SCALE),
	    band / ((double)log.height / PANGO_SCALE));
	cairo_move_to(cr, -(double)log.x / PANGO_SCALE,
	    -(double)log.y / PANGO_SCALE);
	fn.show_layout(cr, l);
	cairo_restore(cr);
}

void
svgtext_overlay(cairo_t *cr, const struct svg_text *t,
    int (*box)(void *arg, const char *id, double r[4]), void *arg)
{
	PangoFontDescription *fd;
	PangoLayout *l;

	if (t->n == 0)
		return;
	l = fn.create_layout(cr);
	fd = pango_font_description_from_string("sans-serif");
	pango_font_description_set_absolute_size(fd, 10 * PANGO_SCALE);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	cairo_save(cr);
	/* White multiplied in: every colour under it stays as it was,
	 * while the glyphs, drawn, stay text in the PDF. (Fully clear
	 * drawing cairo 1.16 drops before it reaches the PDF.) */
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_set_operator(cr, CAIRO_OPERATOR_MULTIPLY);
	for (size_t i = 0; i < t->n; i++) {
		const struct svg_words *w = &t->w[i];
		double r[4], band;

		if (box(arg, w->id, r) == -1 || !(r[2] > 0 && r[3] > 0))
			continue;
		band = r[3] / (double)w->nlines;
		for (size_t j = 0; j < w->nlines; j++)
			show_line(cr, l, w->lines[j], r[0], r[1] +
			    band * (double)j, r[2], band);
	}
	cairo_restore(cr);
	g_object_unref(l);
}

void
svgtext_free(struct svg_text *t)
{
	for (size_t i = 0; i < t->n; i++) {
		for (size_t j = 0; j < t->w[i].nlines; j++)
			free(t->w[i].lines[j]);
		free(t->w[i].lines);
		free(t->w[i].id);
	}
	free(t->w);
	free(t->doc);
	memset(t, 0, sizeof(*t));
}
