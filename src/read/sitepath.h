/*
 * sitepath.h - references written in a post that name files of its site
 * rather than URLs: pictures in the static folders, Pelican's {static}
 * and {filename}, Zola's "@/path.md", relative links to other posts'
 * Markdown files. Each generator's habits, turned into what the rest of
 * quire knows: a local picture file, or the URL the site serves a post
 * at (which a booklet then matches to the post's page).
 */
#ifndef QUIRE_SITEPATH_H
#define QUIRE_SITEPATH_H

#include "site.h"

/*
 * The picture ref (as written in the post at folder post_dir) as a local
 * file, like image_resolve (see image.h for what is refused and why),
 * and beyond it: Pelican's "{static}x", "{attach}x", "{filename}x" (and
 * "|static|x") relative to the post, or to the content folder when x
 * starts with '/'; and when the file is not where image_resolve points,
 * the site's static folders (Hugo and Zola static/, Hugo assets/,
 * Pelican's content folder), then, for a featured image (featured set),
 * the site root. s may be NULL (no site). Returns a new path, or NULL
 * with *why a new message; the caller frees either.
 */
char	*sitepath_image(const struct site *s, const char *ref,
	    const char *post_dir, int featured, int allow_outside, char **why);
/* How sitepath_link finds the post a reference names. */
enum sitepath_find {
	/* A Markdown link: the one file it names, if it names one. */
	SITEPATH_FILE,
	/*
	 * Hugo's ref/relref: a page path, with or without ".md", or a
	 * bundle's folder (x/index.md, x/_index.md); without a leading
	 * '/' tried from the post's folder, its parent (a bundle's
	 * section), then the content folder; with one, from the content
	 * folder, then the root. Last, a bare name (no '/') is the page
	 * whose file or bundle has that name anywhere in the content
	 * folder, as Hugo finds it.
	 */
	SITEPATH_PAGE
};

/*
 * Where the site serves the post that uri, in a link or a ref/relref of
 * the post at file path (in folder dir), names: its URL, or its permalink path when the
 * site has no url; the "#fragment" kept. Names that are a post's file:
 * "@/blog/x.md" (Zola, from the content folder), "{filename}x.md" or
 * "|filename|x.md" (Pelican: from the post's folder, or the content
 * folder when x starts with '/'), "x.md" or "../y/index.md" (relative to
 * the post, any generator), and as SITEPATH_PAGE says. Pelican's
 * "{static}x" becomes x's path on the site. A post file outside the
 * site's root is not read unless allow_outside. NULL for a uri that
 * names no post (s NULL: none), and for a named post that cannot be
 * found, which SITEPATH_FILE warns about (at line: the link stays as
 * written) and SITEPATH_PAGE leaves to the caller (the shortcode's name
 * is its). A bare name that several pages have (Hugo's error) gives uri
 * itself, with a warning at line naming two of them. The caller frees
 * the result.
 */
char	*sitepath_link(const struct site *s, const char *path,
	    const char *dir, unsigned line, const char *uri,
	    enum sitepath_find how, int allow_outside);

#endif
