/*
 * image.h - PNG (libpng), JPEG (libjpeg) and GIF (giflib) images, and
 * where a post's image references point on disk.
 */
#ifndef QUIRE_IMAGE_H
#define QUIRE_IMAGE_H

#include <cairo.h>

enum image_format { IMAGE_PNG, IMAGE_JPEG, IMAGE_GIF };

struct image_info {
	enum image_format format;
	int	 width, height;	/* pixels */
};

/* Largest image accepted, each side and in total pixels (bombs). */
#define IMAGE_MAX_SIDE	 30000
#define IMAGE_MAX_PIXELS (64L * 1024 * 1024)

/*
 * Reads just enough of path to know its format and size (by content,
 * not by name; a GIF's size is its logical screen, grown to hold the
 * first frame). Returns 0, or -1 with *why set to a new message that
 * the caller frees: "cannot open: No such file or directory", "not a
 * regular file", "empty file", "not a PNG, JPEG or GIF image",
 * "truncated", "too large: 40000x40000 pixels", "corrupt PNG: ...".
 */
int	image_probe(const char *path, struct image_info *info, char **why);
/*
 * Decodes path into a surface, one unit per pixel: CAIRO_FORMAT_ARGB32
 * (premultiplied) when the image has any transparency, else RGB24. A
 * GIF gives its first frame only. A JPEG's surface carries the file's
 * own bytes as CAIRO_MIME_TYPE_JPEG so that a PDF embeds them untouched,
 * except a CMYK JPEG (cairo 1.16 would print Adobe's inverted CMYK as a
 * negative), which is embedded from its pixels. A file cut short is an
 * error ("truncated"), not a partial image. Returns NULL with *why set
 * (caller frees) on failure; the caller destroys the surface.
 */
cairo_surface_t *image_load(const char *path, char **why);
/*
 * Like image_load, for drawing into a PDF: a JPEG the PDF will embed as
 * its own bytes is checked (header, not cut short) but not decoded, so
 * the surface's pixels are blank. Not for any other use.
 */
cairo_surface_t *image_load_for_pdf(const char *path, char **why);
/* Lets go of the images image_load keeps for reuse (at exit). */
void	image_cache_clear(void);
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
