/* site.c - find a post's Jekyll site root and read its _config.yml. */
#include "site.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "yamlmap.h"

/* Gives up walking up after this many folders (a loop guard). */
#define MAX_LEVELS 256

/* path with "." components and repeated or trailing slashes removed. */
static char *
clean_dir(const char *path, size_t len)
{
	struct buf b = {0};
	const char *p = path, *end = path + len, *e;

	if (len > 0 && *path == '/')
		buf_putc(&b, '/');
	for (; p < end; p = e) {
		while (p < end && *p == '/')
			p++;
		for (e = p; e < end && *e != '/'; e++)
			continue;
		if (e == p || (e - p == 1 && *p == '.'))
			continue;
		if (b.len > 0 && b.data[b.len - 1] != '/')
			buf_putc(&b, '/');
		buf_append(&b, p, (size_t)(e - p));
	}
	if (b.len == 0)
		buf_putc(&b, '.');
	return buf_take(&b);
}

static int
has(const char *dir, const char *name, int want_dir)
{
	struct stat st;
	char *p = xasprintf("%s/%s", dir, name);
	int rc;

	rc = stat(p, &st) == 0 && (!want_dir || S_ISDIR(st.st_mode));
	free(p);
	return rc;
}

/* Whether dir is the file system root (its ".." is itself). */
static int
is_top(const char *dir)
{
	struct stat a, b;
	char *up = xasprintf("%s/..", dir);
	int rc;

	rc = stat(dir, &a) != 0 || stat(up, &b) != 0 ||
	    (a.st_dev == b.st_dev && a.st_ino == b.st_ino);
	free(up);
	return rc;
}

/* The parent of a cleaned dir, by string: "a/b" -> "a", "a" -> ".". */
static char *
parent(const char *dir)
{
	const char *slash = strrchr(dir, '/');
	const char *last = slash ? slash + 1 : dir;

	/* Only ".." left to strip: climb further by adding one. */
	if (strcmp(last, "..") == 0)
		return xasprintf("%s/..", dir);
	if (strcmp(dir, ".") == 0)
		return xstrdup("..");
	if (slash == NULL)
		return xstrdup(".");
	if (slash == dir)
		return xstrdup("/");
	return xstrndup(dir, (size_t)(slash - dir));
}

char *
site_find_root(const char *post_path)
{
	const char *slash = strrchr(post_path, '/');
	char *dir, *cur, *next;
	int i;

	dir = slash ? clean_dir(post_path, slash == post_path ? 1 :
	    (size_t)(slash - post_path)) : xstrdup(".");
	cur = xstrdup(dir);
	for (i = 0; i < MAX_LEVELS; i++) {
		if (has(cur, "_config.yml", 0) || has(cur, "_posts", 1)) {
			free(dir);
			return cur;
		}
		if (is_top(cur))
			break;
		next = parent(cur);
		free(cur);
		cur = next;
	}
	free(cur);
	return dir;
}

/* Reads a whole file; NULL with errno set on failure. */
static char *
read_file(const char *path, size_t *len)
{
	struct buf b = {0};
	char chunk[8192];
	size_t n;
	FILE *f;
	int err;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(&b, chunk, n);
	if (ferror(f)) {
		err = errno;
		fclose(f);
		buf_free(&b);
		errno = err;
		return NULL;
	}
	fclose(f);
	*len = b.len;
	return buf_take(&b);
}

static char *
dup_str(const struct ynode *n)
{
	const char *s = yamlmap_str(n);

	return s ? xstrdup(s) : NULL;
}

int
site_load(struct site *s, const char *root)
{
	struct ynode *top = NULL;
	const struct ynode *v;
	char *path, *text = NULL;
	size_t len = 0;
	int rc = -1;

	memset(s, 0, sizeof(*s));
	s->root = xstrdup(root);
	path = xasprintf("%s%s_config.yml", root,
	    *root && root[strlen(root) - 1] == '/' ? "" : "/");
	if ((text = read_file(path, &len)) == NULL) {
		if (errno == ENOENT) {
			rc = 0;
			goto out;
		}
		diag(DIAG_ERROR, path, 0, "cannot read: %s", strerror(errno));
		goto out;
	}
	if (yamlmap_parse(path, 1, "_config.yml", text, len, &top) == -1)
		goto out;
	if (top == NULL || (top->type == YNODE_SCALAR && top->null)) {
		rc = 0;
		goto out;
	}
	if (top->type != YNODE_MAP) {
		diag(DIAG_ERROR, path, top->line, "the site configuration is "
		    "not a YAML mapping of 'key: value' lines");
		goto out;
	}
	s->title = dup_str(yamlmap_get(top, "title"));
	s->description = dup_str(yamlmap_get(top, "description"));
	v = yamlmap_get(top, "author");
	if ((s->author = dup_str(v)) == NULL)
		s->author = dup_str(yamlmap_get(v, "name"));
	s->url = dup_str(yamlmap_get(top, "url"));
	s->baseurl = dup_str(yamlmap_get(top, "baseurl"));
	s->permalink = dup_str(yamlmap_get(top, "permalink"));
	s->lang = dup_str(yamlmap_get(top, "lang"));
	yamlmap_flatten(top, &s->vars, &s->nvars);
	rc = 0;
out:
	if (rc == 0)
		url_init(&s->web, s->url, s->baseurl);
	yamlmap_free(top);
	free(text);
	free(path);
	return rc;
}

void
site_free(struct site *s)
{
	free(s->root);
	free(s->title);
	free(s->description);
	free(s->author);
	free(s->url);
	free(s->baseurl);
	url_free(&s->web);
	free(s->permalink);
	free(s->lang);
	kv_free(s->vars, s->nvars);
	memset(s, 0, sizeof(*s));
}
