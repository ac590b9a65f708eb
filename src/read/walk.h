/*
 * walk.h - the post files a list of paths names: files as given, folders
 * searched for Markdown posts, in an order that does not depend on the
 * file system.
 */
#ifndef QUIRE_WALK_H
#define QUIRE_WALK_H

#include <stddef.h>

/*
 * The files named by paths[0..n): a path that is not a folder is taken
 * as it is; a folder is searched (to 8 levels below it) for files named
 * *.md, *.markdown or *.mkd, hidden names and node_modules/ skipped. A
 * folder's own files come sorted by name, after those of its subfolders
 * (which come in the file system's order: callers sort posts by date). Sets *files to a new
 * array of *nfiles new strings; the caller frees each and the array.
 * Unreadable folders and dangling links are passed over.
 */
void	walk_posts(char *const *paths, size_t n, char ***files,
	    size_t *nfiles);

#endif
