/*
 * dot.c - Graphviz diagrams: DOT source laid out by "dot" and written as
 * SVG, which svg.c draws as vectors like any SVG.
 *
 * Graphviz is opened at first need (lazy.h) with only its two plugins
 * that this needs, dot_layout and core (the SVG writer), built in: no
 * plugin configuration is read and no Pango text layout runs here (text
 * widths come from Graphviz's own font metrics), so no cairo font is
 * made outside the drawing thread (see canvas.c). File loading (node
 * images, shape files, <IMG> in labels) is switched off the way
 * Graphviz does it for web servers: HTTPServerEnVar set, no
 * GV_FILE_PATH; each file refused is a warning.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <gvc.h>

#include "decode.h"
#include "lazy.h"
#include "util.h"

#ifndef QUIRE_GVPLUGINS
#define QUIRE_GVPLUGINS "/usr/lib/x86_64-linux-gnu/graphviz"
#endif

static struct {
	__typeof__(gvContextPlugins) *context;
	__typeof__(gvFreeContext) *free_context;
	__typeof__(gvLayout) *layout;
	__typeof__(gvFreeLayout) *free_layout;
	__typeof__(gvRenderData) *render_data;
	__typeof__(gvFreeRenderData) *free_render_data;
	__typeof__(agmemread) *memread;
	__typeof__(agclose) *close;
	__typeof__(agnnodes) *nnodes;
	__typeof__(agnedges) *nedges;
	__typeof__(agseterrf) *seterrf;
	__typeof__(agseterr) *seterr;
	__typeof__(agsafeset) *safeset;
	char	**server_name;		/* HTTPServerEnVar */
	char	**file_path;		/* Gvfilepath */
	void	*dot_layout, *core;	/* the plugins' libraries */
} fn;

static const struct lazy_sym gvc_syms[] = {
	{ "gvContextPlugins", (void **)&fn.context },
	{ "gvFreeContext", (void **)&fn.free_context },
	{ "gvLayout", (void **)&fn.layout },
	{ "gvFreeLayout", (void **)&fn.free_layout },
	{ "gvRenderData", (void **)&fn.render_data },
	{ "gvFreeRenderData", (void **)&fn.free_render_data },
	{ "agmemread", (void **)&fn.memread },
	{ "agclose", (void **)&fn.close },
	{ "agnnodes", (void **)&fn.nnodes },
	{ "agnedges", (void **)&fn.nedges },
	{ "agseterrf", (void **)&fn.seterrf },
	{ "agseterr", (void **)&fn.seterr },
	{ "agsafeset", (void **)&fn.safeset },
	{ "HTTPServerEnVar", (void **)&fn.server_name },
	{ "Gvfilepath", (void **)&fn.file_path },
	{ NULL, NULL }
};
static const struct lazy_sym dot_syms[] = {
	{ "gvplugin_dot_layout_LTX_library", &fn.dot_layout },
	{ NULL, NULL }
};
static const struct lazy_sym core_syms[] = {
	{ "gvplugin_core_LTX_library", &fn.core },
	{ NULL, NULL }
};

static struct lazy_lib gvc_lib = { "libgvc.so.6", gvc_syms, 0, NULL, NULL };
static struct lazy_lib dot_lib = {
	QUIRE_GVPLUGINS "/libgvplugin_dot_layout.so.6", dot_syms, 0, NULL, NULL
};
static struct lazy_lib core_lib = {
	QUIRE_GVPLUGINS "/libgvplugin_core.so.6", core_syms, 0, NULL, NULL
};

static GVC_t *gvc;
/* Graphviz keeps global state: one diagram at a time, whichever thread
 * reads the post (a booklet reads the next post on a thread of its own). */
static pthread_mutex_t dot_lock = PTHREAD_MUTEX_INITIALIZER;

/* Graphviz's messages come in pieces ("Error", ": ", the text): they
 * are gathered here and split into lines. */
static struct buf said;

static int
on_message(char *s)
{
	buf_puts(&said, s);
	return 0;
}

static GVC_t *
context(char **why)
{
	lt_symlist_t builtins[3] = {
		{ "gvplugin_dot_layout_LTX_library", NULL },
		{ "gvplugin_core_LTX_library", NULL },
		{ NULL, NULL }
	};

	if (gvc != NULL)
		return gvc;
	if (lazy_open(&gvc_lib, why) == -1 || lazy_open(&dot_lib, why) == -1 ||
	    lazy_open(&core_lib, why) == -1)
		return NULL;
	builtins[0].address = fn.dot_layout;
	builtins[1].address = fn.core;
	*fn.server_name = "quire";
	*fn.file_path = NULL;
	fn.seterrf(on_message);
	if ((gvc = fn.context(builtins, 0)) == NULL)
		*why = xstrdup("cannot start Graphviz");
	return gvc;
}

/* The first line of what Graphviz said, without its "Error: ". */
static char *
first_line(const char *s, const char *fallback)
{
	size_t n;

	if (s == NULL || *s == '\0')
		return xstrdup(fallback);
	if (strncmp(s, "Error: ", 7) == 0)
		s += 7;
	n = strcspn(s, "\n");
	while (n > 0 && s[n - 1] == ' ')
		n--;
	return xstrndup(s, n);
}

/*
 * Graphviz's words for a message, or NULL to say nothing: of the notices
 * for the file loading switched off above, the one naming each file
 * refused stays, reworded.
 */
static char *
reword(const char *s)
{
	const char *end;

	if (strncmp(s, "file loading is disabled", 24) == 0 ||
	    strncmp(s, "and the GV_FILE_PATH", 20) == 0 ||
	    strncmp(s, "No or improper ", 15) == 0)
		return NULL;
	if (strncmp(s, "Filename \"", 10) == 0 &&
	    (end = strstr(s, "\" is unsafe")) != NULL)
		return xasprintf("file \"%.*s\" not read: diagrams read no "
		    "files", (int)(end - s - 10), s + 10);
	return xstrdup(s);
}

static void
say(void (*warn)(void *, const char *), void *data, const char *msg)
{
	char *s;

	if (warn != NULL && (s = reword(msg)) != NULL) {
		warn(data, s);
		free(s);
	}
}

/*
 * Passes each message to warn, its continuation lines joined to it and
 * its "Warning: "/"Error: " dropped, then forgets what was said.
 */
static void
pass_warnings(void (*warn)(void *, const char *), void *data)
{
	struct buf msg = { 0 };
	char *s = said.data, *nl;
	int level;

	for (; s != NULL && *s != '\0'; s = nl + 1) {
		if ((nl = strchr(s, '\n')) != NULL)
			*nl = '\0';
		level = strncmp(s, "Warning: ", 9) == 0 ? 9 :
		    strncmp(s, "Error: ", 7) == 0 ? 7 : 0;
		if (level > 0 && msg.len > 0) {
			say(warn, data, msg.data);
			msg.len = 0;
		}
		if (msg.len > 0)
			buf_putc(&msg, ' ');
		buf_puts(&msg, s + level);
		if (nl == NULL)
			break;
	}
	if (msg.len > 0)
		say(warn, data, msg.data);
	buf_free(&msg);
	said.len = 0;
	if (said.data != NULL)
		said.data[0] = '\0';
}

/*
 * dot's ranking and placement iterate without end by default (network
 * simplex, nslimit) and its crossing minimisation grows with the graph
 * (mclimit): a random graph of 200 nodes and 500 edges takes 20 s, 1 s
 * with these caps. Small graphs keep dot's defaults.
 */
#define DOT_BIG_NODES	100
#define DOT_BIG_EDGES	200

static void
tame(Agraph_t *g, int nodes, int edges)
{
	if (nodes <= DOT_BIG_NODES && edges <= DOT_BIG_EDGES)
		return;
	fn.safeset(g, "nslimit", "1", "");
	fn.safeset(g, "nslimit1", "1", "");
	fn.safeset(g, "mclimit", "0.1", "");
	fn.safeset(g, "searchsize", "30", "");
}

static char *
dot_svg(const char *src, size_t srclen, size_t *len,
    struct image_info *info, void (*warn)(void *, const char *),
    void *data, char **why)
{
	Agraph_t *g = NULL;
	char *text = NULL, *out = NULL, *svg = NULL;
	unsigned int outlen = 0;
	int laid = 0, n, e;

	*why = NULL;
	if (srclen > IMAGE_DOT_MAX) {
		*why = xasprintf("too large: %zu bytes (at most %d)", srclen,
		    IMAGE_DOT_MAX);
		return NULL;
	}
	if (memchr(src, '\0', srclen) != NULL) {
		*why = xstrdup("a NUL byte in the source");
		return NULL;
	}
	if (context(why) == NULL)
		return NULL;
	said.len = 0;
	text = xstrndup(src, srclen);
	if ((g = fn.memread(text)) == NULL) {
		*why = first_line(said.data, "not a graph");
		goto out;
	}
	if ((n = fn.nnodes(g)) > IMAGE_DOT_MAX_NODES) {
		*why = xasprintf("too large: %d nodes (at most %d)", n,
		    IMAGE_DOT_MAX_NODES);
		goto out;
	}
	if ((e = fn.nedges(g)) > IMAGE_DOT_MAX_EDGES) {
		*why = xasprintf("too large: %d edges (at most %d)", e,
		    IMAGE_DOT_MAX_EDGES);
		goto out;
	}
	tame(g, n, e);
	if (fn.layout(gvc, g, "dot") != 0) {
		*why = first_line(said.data, "cannot lay out the graph");
		goto out;
	}
	laid = 1;
	if (fn.render_data(gvc, g, "svg", &out, &outlen) != 0 ||
	    out == NULL) {
		*why = first_line(said.data, "cannot write the graph as SVG");
		goto out;
	}
	if (sniff_svg((const unsigned char *)out, outlen, info, NULL,
	    why) == -1)
		goto out;
	svg = xmalloc((size_t)outlen + 1);
	memcpy(svg, out, outlen);
	svg[outlen] = '\0';
	*len = outlen;
	pass_warnings(warn, data);
out:
	if (*why != NULL)
		pass_warnings(NULL, NULL);
	if (out != NULL)
		fn.free_render_data(out);
	if (laid)
		fn.free_layout(gvc, g);
	if (g != NULL)
		fn.close(g);
	free(text);
	return svg;
}

char *
image_dot(const char *src, size_t srclen, size_t *len,
    struct image_info *info, void (*warn)(void *, const char *),
    void *data, char **why)
{
	char *svg;

	pthread_mutex_lock(&dot_lock);
	svg = dot_svg(src, srclen, len, info, warn, data, why);
	pthread_mutex_unlock(&dot_lock);
	return svg;
}

void
dot_free(void)
{
	pthread_mutex_lock(&dot_lock);
	if (gvc != NULL)
		fn.free_context(gvc);
	gvc = NULL;
	buf_free(&said);
	pthread_mutex_unlock(&dot_lock);
}
