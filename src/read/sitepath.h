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
/*
 * When uri, in a link of the post at file path, names a post's source
 * file - "@/blog/x.md" (Zola, from the content folder), "{filename}x.md"
 * or "|filename|x.md" (Pelican: from the post's folder, or the content
 * folder when x starts with '/'), "x.md" or "../y/index.md" (relative to
 * the post, any generator) - returns where the site serves that post
 * (its URL, or its permalink path when the site has no url), the
 * "#fragment" kept; Pelican's "{static}x" becomes x's path on the site.
 * A named post that does not exist is warned about (at line) and NULL
 * is returned, as for any other uri: the link stays as written.
 * "@/" means the content folder on any site, so a reader of Hugo's
 * ref/relref shortcodes can hand over "@/posts/x.md" too.
 */
char	*sitepath_link(const struct site *s, const char *path, unsigned line,
	    const char *uri);
/*
 * Hugo's ref/relref: the URL (as sitepath_link gives it) of the page
 * target[0..n) names, tried from post_dir, its parent (for a bundle),
 * the content folder and the root, each as written, with ".md", and as
 * a bundle (x/index.md, x/_index.md). A path with ".." is refused unless
 * allow_outside. NULL when there is no such page (s NULL: none); the
 * caller warns. The caller frees the result.
 */
char	*sitepath_ref(const struct site *s, const char *post_dir,
	    const char *target, size_t n, int allow_outside);

#endif
