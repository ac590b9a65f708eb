/*
 * image.h - pictures for the page: PNG (libpng), JPEG (libjpeg), GIF
 * (giflib), WebP (libwebp), AVIF (libavif) and SVG (librsvg, kept as
 * vectors), Graphviz diagrams (image_dot), and where a post's image
 * references point on disk.
 *
 * The files behind this header are src/image/, one a format; it is
 * shared vocabulary, like the top-level headers. The libraries of WebP,
 * AVIF, SVG and Graphviz are opened the first time a post needs one
 * (src/image/lazy.h), so posts without them start as fast as before;
 * when one cannot be opened, its images are refused with the reason.
 */
#ifndef QUIRE_IMAGE_H
#define QUIRE_IMAGE_H

#include <stddef.h>

#include <cairo.h>

/* Raster formats first: image.c tells them by "<= IMAGE_GIF". */
enum image_format {
	IMAGE_PNG, IMAGE_JPEG, IMAGE_GIF, IMAGE_WEBP, IMAGE_AVIF, IMAGE_SVG
};

struct image_info {
	enum image_format format;
	int	 width, height;	/* pixels; an SVG's in CSS px (1/96 in) */
	int	 colors;	/* a JPEG's components (1, 3, 4); else 0 */
};

/* Largest image accepted, each side and in total pixels (bombs); an
 * SVG's or a diagram's size in CSS px obeys them too. */
#define IMAGE_MAX_SIDE	 30000
#define IMAGE_MAX_PIXELS (64L * 1024 * 1024)

/*
 * Reads just enough of path to know its format and size (by content,
 * not by name; a GIF's size is its logical screen, grown to hold the
 * first frame; WebP, AVIF and SVG are read whole and parsed by their
 * library, an SVG (at most 32 MB) with its references resolved against
 * path). An SVG's size is its width and height, else its viewBox's,
 * else 300x150 as in a browser. Returns 0, or -1 with *why set to a new
 * message that the caller frees: "cannot open: No such file or
 * directory", "not a regular file", "empty file", "not a PNG, JPEG,
 * GIF, WebP, AVIF or SVG image", "truncated", "too large: 40000x40000
 * pixels", "corrupt PNG: ...", "cannot load librsvg-2.so.2: ...".
 */
int	image_probe(const char *path, struct image_info *info, char **why);
/*
 * Decodes path into a surface, one unit per pixel: CAIRO_FORMAT_ARGB32
 * (premultiplied) when the image has any transparency, else RGB24. An
 * animated GIF, WebP or AVIF gives its first frame only. An SVG gives a
 * recording surface (image_load_svg): call it on the thread that draws. A JPEG's surface carries the file's
 * own bytes as CAIRO_MIME_TYPE_JPEG so that a PDF embeds them untouched,
 * except a CMYK JPEG (cairo 1.16 would print Adobe's inverted CMYK as a
 * negative), which is embedded from its pixels. A file cut short is an
 * error ("truncated"), not a partial image. Returns NULL with *why set
 * (caller frees) on failure; the caller destroys the surface.
 */
cairo_surface_t *image_load(const char *path, char **why);
/*
 * A picture a PDF can hold as its file's own bytes, read and checked but
 * not decoded: a JPEG in grey or RGB (the file, for DCTDecode), and a
 * PNG that is neither interlaced nor transparent (no alpha channel, no
 * tRNS): its IDAT data, whose rows PDF's FlateDecode undoes with the PNG
 * predictors.
 */
struct image_raw {
	enum image_format format;	/* IMAGE_JPEG or IMAGE_PNG */
	int	 width, height;
	int	 depth;		/* bits a sample: JPEG 8; PNG 1, 2, 4, 8, 16 */
	int	 colors;	/* samples a pixel: 1 (grey, or a palette
				   index) or 3 */
	unsigned char *palette;	/* a PNG's PLTE (RGB triples), or NULL */
	int	 npalette;	/* entries in it */
	unsigned char *data;	/* JPEG: the file; PNG: the zlib stream */
	size_t	 len;
};

/*
 * Reads path into raw when it is such a picture: 1 (free raw with
 * image_raw_free); 0 when it is another (CMYK JPEG, transparent or
 * interlaced PNG, any other format: decode it with image_load); -1 with
 * *why set (caller frees) when it cannot be read. A PNG's chunks are
 * checked (CRCs of the critical ones, IEND) and its data inflated once
 * (every row, each with a known filter) without being kept; a JPEG must
 * end with its EOI marker ("truncated").
 */
int	image_raw(const char *path, struct image_raw *raw, char **why);
void	image_raw_free(struct image_raw *raw);
/* Where image_rows puts a picture's rows. */
struct image_sink {
	/* Before the rows: the size, and whether there is any alpha;
	 * -1 with *why set stops the decoding. */
	int	(*start)(struct image_sink *sink, int w, int h, int alpha,
		    char **why);
	/* Row y, top down, as 4w bytes of 8-bit RGBA (not premultiplied). */
	void	(*row)(struct image_sink *sink, int y,
		    const unsigned char *rgba);
};

/*
 * Decodes path into sink row by row, without a surface (an interlaced
 * PNG is held whole while its passes fill it). Returns 1 when done, 0
 * when path is not a PNG (decode it with image_load), -1 with *why set
 * (caller frees) when it cannot be read.
 */
int	image_rows(const char *path, struct image_sink *sink, char **why);
/*
 * A sink that scales the rows it is given down to w x h (at least 1 x
 * 1) and gives them on to out: each pixel the average of the area of
 * the source it covers, weighted by alpha, so that a transparent pixel
 * lends no colour. A source smaller than w x h either way stops it
 * ("cannot scale 10x10 up to 20x20"). Free it with image_scaler_free,
 * out stays the caller's.
 */
struct image_sink *image_scaler_new(int w, int h, struct image_sink *out);
void	image_scaler_free(struct image_sink *scaler);
/*
 * An SVG document in memory (a file's bytes, or a diagram's) drawn into a
 * cairo recording surface of its size in CSS px, with extents (0, 0, w,
 * h): painted onto a PDF surface it stays paths and text. base is the
 * file its references resolve against (data: URLs, and files in base's
 * folder or below); NULL allows only data: URLs. Text is set with the
 * calling thread's Pango font map, so call it on the thread that draws
 * the page (canvas_replay), never beside it. Returns NULL with *why set
 * (caller frees) on failure; the caller destroys the surface.
 */
cairo_surface_t *image_load_svg(const void *data, size_t len,
	    const char *base, char **why);
/*
 * Lays out a Graphviz graph (DOT source, at most IMAGE_DOT_MAX bytes and
 * IMAGE_DOT_MAX_NODES nodes) with "dot" and returns it as a new SVG
 * document (caller frees; *len its bytes) for image_load_svg, its size
 * in info. The graph reads no file (images, shape files) and reaches no
 * network. Any thread, one diagram at a time (Graphviz keeps global
 * state; warn is called under that lock). Graphviz's warnings are passed
 * to warn (one message each, with data) and the graph is still drawn. Returns NULL with *why set (the first error, "syntax
 * error in line 3 near '->'"; caller frees) when it cannot be laid out.
 */
#define IMAGE_DOT_MAX		(64 * 1024)
#define IMAGE_DOT_MAX_NODES	300
#define IMAGE_DOT_MAX_EDGES	600
char	*image_dot(const char *src, size_t srclen, size_t *len,
	    struct image_info *info, void (*warn)(void *, const char *),
	    void *data, char **why);
/* Lets go of Graphviz's context (at exit). */
void	image_release(void);
struct site_url;

/*
 * Maps an image reference written in a post to a local file:
 *  - "http(s)://HOST/x" or "//HOST/x" on the site web (url_local): "/x",
 *    as below; any other URL (other hosts, "data:", "ftp:"): NULL, *why
 *    = "remote image not fetched";
 *  - "/x" under site_root (less the site's base path when it prefixes x
 *    at a "/" boundary);
 *  - "x" relative to post_dir; when featured is set and that file does
 *    not exist, site_root/images/x or else site_root/x, whichever exists
 *    first (the Jekyll featured-image habits);
 *  - "?query" and "#frag" dropped, then percent-escapes decoded.
 * site_root NULL means post_dir is the whole site. A file that does not
 * exist is not an error here: its path is returned, and image_probe
 * reports it. A result outside site_root (through "..", or a symlink)
 * is refused unless allow_outside. Returns a new path, or NULL with
 * *why set to a new message; the caller frees either.
 */
char	*image_resolve(const char *ref, const char *post_dir,
	    const char *site_root, const struct site_url *web, int featured,
	    int allow_outside, char **why);

#endif
