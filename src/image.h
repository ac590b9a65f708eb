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
 * not by name). Returns 0, or -1 with *why set to a new message ("not a
 * PNG, JPEG or GIF image", "truncated", "too large: 40000x40000 pixels")
 * that the caller frees.
 */
int	image_probe(const char *path, struct image_info *info, char **why);
/*
 * Decodes path into a surface, one unit per pixel. A JPEG's surface
 * carries the file's own bytes as CAIRO_MIME_TYPE_JPEG so that a PDF
 * embeds them untouched. Returns NULL with *why set (caller frees) on
 * failure; the caller destroys the surface.
 */
cairo_surface_t *image_load(const char *path, char **why);
/*
 * Maps an image reference written in a post to a local file:
 *  - "http(s)://HOST/x" where HOST/.. matches site_url: x under site_root;
 *    any other URL: NULL, *why = "remote image not fetched";
 *  - "/x" under site_root (after stripping baseurl when it prefixes x);
 *  - "x" relative to post_dir; when featured is set and that file does
 *    not exist, site_root/images/x (the Jekyll featured-image habit);
 *  - percent-escapes decoded, "?query" and "#frag" dropped.
 * A result outside site_root (through "..", or a symlink) is refused
 * unless allow_outside. Returns a new path, or NULL with *why set to a
 * new message; the caller frees either.
 */
char	*image_resolve(const char *ref, const char *post_dir,
	    const char *site_root, const char *site_url, const char *baseurl,
	    int featured, int allow_outside, char **why);

#endif
