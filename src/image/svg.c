/*
 * svg.c - SVG through librsvg (opened at first need, lazy.h), drawn as
 * vectors: the picture is a cairo recording surface that a PDF surface
 * writes out as paths. librsvg 2.54 draws text as outlines too, so the
 * words of the <text> elements are set over them, invisibly, where
 * librsvg says it drew each one (svgtext.h): found and copied in the PDF.
 *
 * What an SVG may reach is librsvg's rule for a document with a base
 * file: data: URLs, and files in the base file's folder or below it
 * (after resolving "..", symlinks included); nothing through any other
 * scheme (no http:, no network), and nothing at all without a base (a
 * diagram). The base is the SVG's own path, which image_resolve keeps
 * inside the site root. The handle is made without
 * RSVG_HANDLE_FLAG_UNLIMITED: libxml2 keeps its limits on entity
 * expansion (billion laughs), nesting and text size.
 */
#define RSVG_DISABLE_DEPRECATION_WARNINGS	/* write/close: no GIO */

#include <math.h>
#include <stdlib.h>

#include <librsvg/rsvg.h>

#include "decode.h"
#include "lazy.h"
#include "svgtext.h"
#include "util.h"

static struct {
	__typeof__(rsvg_handle_new_with_flags) *new_with_flags;
	__typeof__(rsvg_handle_set_base_uri) *set_base_uri;
	__typeof__(rsvg_handle_set_dpi) *set_dpi;
	__typeof__(rsvg_handle_write) *write;
	__typeof__(rsvg_handle_close) *close;
	__typeof__(rsvg_handle_get_intrinsic_size_in_pixels) *size_in_pixels;
	__typeof__(rsvg_handle_get_intrinsic_dimensions) *dimensions;
	__typeof__(rsvg_handle_render_document) *render_document;
	__typeof__(rsvg_handle_get_geometry_for_layer) *geometry;
} fn;

static const struct lazy_sym syms[] = {
	{ "rsvg_handle_new_with_flags", (void **)&fn.new_with_flags },
	{ "rsvg_handle_set_base_uri", (void **)&fn.set_base_uri },
	{ "rsvg_handle_set_dpi", (void **)&fn.set_dpi },
	{ "rsvg_handle_write", (void **)&fn.write },
	{ "rsvg_handle_close", (void **)&fn.close },
	{ "rsvg_handle_get_intrinsic_size_in_pixels",
	    (void **)&fn.size_in_pixels },
	{ "rsvg_handle_get_intrinsic_dimensions", (void **)&fn.dimensions },
	{ "rsvg_handle_render_document", (void **)&fn.render_document },
	{ "rsvg_handle_get_geometry_for_layer", (void **)&fn.geometry },
	{ NULL, NULL }
};

static struct lazy_lib lib = { "librsvg-2.so.2", syms, 0, NULL, NULL };

/* CSS's size for a picture that names none (an <img> in a browser). */
#define DEFAULT_W 300
#define DEFAULT_H 150

/* librsvg's message, on one line. */
static char *
gerror_why(const char *what, GError *err)
{
	char *s = xasprintf("%s: %s", what, err && err->message ?
	    err->message : "unknown error");

	for (char *p = s; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	while (*s && s[strlen(s) - 1] == ' ')
		s[strlen(s) - 1] = '\0';
	if (err != NULL)
		g_error_free(err);
	return s;
}

/*
 * The document parsed, with base (a file path, or NULL) as what its
 * references resolve against; NULL with *why set.
 */
static RsvgHandle *
parse(const unsigned char *data, size_t len, const char *base, char **why)
{
	RsvgHandle *h;
	GError *err = NULL;
	char *abs, *uri;

	if (lazy_open(&lib, why) == -1)
		return NULL;
	if ((h = fn.new_with_flags(RSVG_HANDLE_FLAGS_NONE)) == NULL) {
		*why = xstrdup("cannot start librsvg");
		return NULL;
	}
	fn.set_dpi(h, 96);
	if (base != NULL) {
		abs = g_canonicalize_filename(base, NULL);
		if ((uri = g_filename_to_uri(abs, NULL, NULL)) != NULL)
			fn.set_base_uri(h, uri);
		g_free(uri);
		g_free(abs);
	}
	if (!fn.write(h, data, len, &err) || !fn.close(h, &err)) {
		*why = gerror_why("corrupt SVG", err);
		g_object_unref(h);
		return NULL;
	}
	return h;
}

/* The document's size in CSS pixels, or -1 with *why set. */
static int
size_of(RsvgHandle *h, int *w, int *ht, char **why)
{
	gboolean has_vb;
	RsvgRectangle vb;
	double dw, dh;

	if (!fn.size_in_pixels(h, &dw, &dh)) {
		/* Width and height in percent: the viewBox's units. */
		fn.dimensions(h, NULL, NULL, NULL, NULL, &has_vb, &vb);
		dw = has_vb ? vb.width : DEFAULT_W;
		dh = has_vb ? vb.height : DEFAULT_H;
	}
	if (!(dw < 1e9 && dh < 1e9) || dw < 0 || dh < 0)
		dw = dh = 1e9;	/* NaN and huge: refused as too large */
	*w = (int)ceil(dw);
	*ht = (int)ceil(dh);
	return check_size((unsigned long)*w, (unsigned long)*ht, why);
}

int
sniff_svg(const unsigned char *data, size_t len, struct image_info *info,
    const char *base, char **why)
{
	RsvgHandle *h;
	int rc;

	if ((h = parse(data, len, base, why)) == NULL)
		return -1;
	info->format = IMAGE_SVG;
	rc = size_of(h, &info->width, &info->height, why);
	g_object_unref(h);
	return rc;
}

/* Where librsvg drew the element id (svgtext_overlay's box). */
struct drawn_at {
	RsvgHandle *h;
	const RsvgRectangle *vp;
};

static int
element_box(void *arg, const char *id, double r[4])
{
	const struct drawn_at *at = arg;
	RsvgRectangle ink, logical;
	GError *err = NULL;
	char *ref = xasprintf("#%s", id);
	int ok = fn.geometry(at->h, ref, at->vp, &ink, &logical, &err);

	free(ref);
	if (!ok) {
		if (err != NULL)
			g_error_free(err);
		return -1;
	}
	if (!(logical.width > 0 && logical.height > 0))
		logical = ink;
	r[0] = logical.x;
	r[1] = logical.y;
	r[2] = logical.width;
	r[3] = logical.height;
	return 0;
}

cairo_surface_t *
image_load_svg(const void *data, size_t len, const char *base, char **why)
{
	RsvgHandle *h;
	GError *err = NULL;
	cairo_surface_t *s = NULL;
	cairo_rectangle_t ext = { 0, 0, 0, 0 };
	RsvgRectangle vp = { 0, 0, 0, 0 };
	struct svg_text words;
	cairo_t *cr;
	int w, ht;

	*why = NULL;
	/* Drawn from the same document with ids on its <text> elements,
	 * when it has any, so that their words can be set over them. */
	if (svgtext_read(data, len, &words) == 0) {
		data = words.doc;
		len = words.len;
	}
	if ((h = parse(data, len, base, why)) == NULL)
		goto out;
	if (size_of(h, &w, &ht, why) == -1)
		goto out;
	ext.width = vp.width = w;
	ext.height = vp.height = ht;
	s = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &ext);
	cr = cairo_create(s);
	if (!fn.render_document(h, cr, &vp, &err))
		*why = gerror_why("cannot draw SVG", err);
	else {
		struct drawn_at at = { h, &vp };

		/* Its words over it: librsvg drew them as outlines. */
		svgtext_overlay(cr, &words, element_box, &at);
		if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
			*why = xasprintf("cannot draw SVG: %s",
			    cairo_status_to_string(cairo_status(cr)));
	}
	cairo_destroy(cr);
	if (*why != NULL) {
		cairo_surface_destroy(s);
		s = NULL;
	}
out:
	if (h != NULL)
		g_object_unref(h);
	svgtext_free(&words);
	return s;
}
