/* walk.c - finding the post files in folders. */
#include "walk.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util.h"

/* Folders deeper than this below a named one are not searched. */
#define MAX_DEPTH 8

struct names {
	char	**v;
	size_t	 n, cap;
};

static void
add_name(struct names *nm, char *path)
{
	if (nm->n == nm->cap) {
		nm->cap = nm->cap ? nm->cap * 2 : 64;
		nm->v = xreallocarray(nm->v, nm->cap, sizeof(*nm->v));
	}
	nm->v[nm->n++] = path;
}

static int
is_post_name(const char *name)
{
	const char *dot = strrchr(name, '.');

	return name[0] != '.' && dot != NULL && (!strcmp(dot, ".md") ||
	    !strcmp(dot, ".markdown") || !strcmp(dot, ".mkd"));
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
scan(struct names *nm, const char *dir, int depth)
{
	DIR *d;
	struct dirent *e;
	struct names here = {0};

	if (depth > MAX_DEPTH || (d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		struct stat st;
		char *path;

		/* Hidden files, and a JavaScript site's packages. */
		if (e->d_name[0] == '.' || !strcmp(e->d_name, "node_modules"))
			continue;
		path = xasprintf("%s/%s", dir, e->d_name);
		if (stat(path, &st) == -1) {
			free(path);	/* a dangling link: nothing to read */
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			scan(nm, path, depth + 1);
			free(path);
		} else if (S_ISREG(st.st_mode) && is_post_name(e->d_name))
			add_name(&here, path);
		else
			free(path);
	}
	closedir(d);
	/* readdir's order is the file system's: sort for determinism.
	 * (qsort on a NULL array, even of none, is undefined.) */
	if (here.n > 1)
		qsort(here.v, here.n, sizeof(*here.v), cmp_str);
	for (size_t i = 0; i < here.n; i++)
		add_name(nm, here.v[i]);
	free(here.v);
}

void
walk_posts(char *const *paths, size_t n, char ***files, size_t *nfiles)
{
	struct names nm = {0};

	for (size_t i = 0; i < n; i++) {
		struct stat st;

		if (stat(paths[i], &st) == 0 && S_ISDIR(st.st_mode))
			scan(&nm, paths[i], 0);
		else
			add_name(&nm, xstrdup(paths[i]));
	}
	*files = nm.v;
	*nfiles = nm.n;
}
