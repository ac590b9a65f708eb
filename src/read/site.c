/* site.c - find a post's site root, tell its generator, read its
 * configuration through the generator's dialect. */
#include "site.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ctype.h>
#include <strings.h>

#include "dialect.h"
#include "diag.h"
#include "jsonmap.h"
#include "source.h"
#include "tomlmap.h"
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

int
site_has(const char *dir, const char *name, int want_dir)
{
	struct stat st;
	char *p = *name ? xasprintf("%s/%s", dir, name) : xstrdup(dir);
	int rc;

	rc = stat(p, &st) == 0 && (!want_dir || S_ISDIR(st.st_mode));
	free(p);
	return rc;
}

/* The files that make a folder a site's root, any generator's. */
static int
is_site(const char *dir)
{
	static const char *const files[] = {
		"_config.yml", "hugo.toml", "hugo.yaml", "hugo.json",
		"config.toml", "config.yaml", "config.json", "pelicanconf.py",
		".eleventy.js", "eleventy.config.js", "eleventy.config.cjs",
		"eleventy.config.mjs", "eleventy.config.ts", "package.json"
	};

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		if (site_has(dir, files[i], 0))
			return 1;
	return site_has(dir, "_posts", 1) || site_has(dir, "config/_default", 1);
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

	if (site_has(post_path, "", 1))
		dir = clean_dir(post_path, strlen(post_path));
	else
		dir = slash ? clean_dir(post_path, slash == post_path ? 1 :
		    (size_t)(slash - post_path)) : xstrdup(".");
	cur = xstrdup(dir);
	for (i = 0; i < MAX_LEVELS; i++) {
		if (is_site(cur)) {
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

static const struct {
	const char	*name;
	enum generator	 gen;
} names[] = {
	{ "jekyll", GEN_JEKYLL }, { "hugo", GEN_HUGO }, { "zola", GEN_ZOLA },
	{ "pelican", GEN_PELICAN }, { "eleventy", GEN_ELEVENTY },
	{ "generic", GEN_GENERIC }, { "11ty", GEN_ELEVENTY },
	{ "gatsby", GEN_GENERIC }, { "next", GEN_GENERIC },
	{ "astro", GEN_GENERIC }
};

const char *
generator_name(enum generator g)
{
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].gen == g)
			return names[i].name;
	return "jekyll";
}

int
generator_from_name(const char *name, enum generator *g)
{
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcasecmp(names[i].name, name) == 0) {
			*g = names[i].gen;
			return 0;
		}
	return -1;
}

const struct dialect *
dialect_of(enum generator g)
{
	switch (g) {
	case GEN_HUGO:
		return &dialect_hugo;
	case GEN_ZOLA:
		return &dialect_zola;
	case GEN_PELICAN:
		return &dialect_pelican;
	case GEN_ELEVENTY:
	case GEN_GENERIC:
		return &dialect_eleventy;
	default:
		return &dialect_jekyll;
	}
}

/* Whether root/config.toml sets Zola's base_url (at its top level). */
static int
zola_config(const char *root)
{
	char *path = xasprintf("%s/config.toml", root), line[512];
	FILE *f = fopen(path, "r");
	int found = 0;

	free(path);
	if (f == NULL)
		return 0;
	while (!found && fgets(line, sizeof(line), f) != NULL) {
		const char *p = line + strspn(line, " \t");

		if (*p == '[')
			break;	/* past the top level */
		found = !strncmp(p, "base_url", 8) &&
		    strchr(" \t=", p[8]) != NULL;
	}
	fclose(f);
	return found;
}

enum generator
site_detect(const char *root)
{
	static const char *const eleventy[] = {
		".eleventy.js", "eleventy.config.js", "eleventy.config.cjs",
		"eleventy.config.mjs", "eleventy.config.ts"
	};

	if (site_has(root, "hugo.toml", 0) || site_has(root, "hugo.yaml", 0) ||
	    site_has(root, "hugo.json", 0))
		return GEN_HUGO;
	if (site_has(root, "pelicanconf.py", 0))
		return GEN_PELICAN;
	if (site_has(root, "_config.yml", 0) || site_has(root, "_posts", 1))
		return GEN_JEKYLL;
	for (size_t i = 0; i < sizeof(eleventy) / sizeof(eleventy[0]); i++)
		if (site_has(root, eleventy[i], 0))
			return GEN_ELEVENTY;
	if (site_has(root, "config.toml", 0))
		return zola_config(root) ? GEN_ZOLA : GEN_HUGO;
	if (site_has(root, "config.yaml", 0) || site_has(root, "config.json",
	    0) || site_has(root, "config/_default", 1))
		return GEN_HUGO;
	if (site_has(root, "package.json", 0))
		return GEN_GENERIC;
	return GEN_JEKYLL;
}

int
site_tree(const char *path, struct ynode **root)
{
	struct source src;
	const char *dot = strrchr(path, '/'), *fmt = "YAML mapping of "
	    "'key: value' lines";
	struct stat st;
	size_t end;
	int rc;


	*root = NULL;
	if (stat(path, &st) == -1 && errno == ENOENT)
		return 0;
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0)
		return 1;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		diag(DIAG_ERROR, path, 0, "cannot read: %s", strerror(EISDIR));
		return -1;
	}
	if (source_read(&src, path) == -1) {
		source_free(&src);
		return -1;
	}
	dot = strrchr(dot ? dot : path, '.');
	if (dot != NULL && !strcmp(dot, ".toml"))
		rc = tomlmap_parse(path, 1, src.text, src.len, root);
	else if (dot != NULL && !strcmp(dot, ".json")) {
		fmt = "JSON object";
		rc = jsonmap_parse(path, 1, src.text, src.len, root, &end);
		src.len = end + strspn(src.text + end, " \t\n");
		if (rc == 0 && src.text[src.len] != '\0') {
			diag(DIAG_ERROR, path, 0, "JSON: text after the "
			    "configuration's closing '}'");
			rc = -1;
		}
	} else
		rc = yamlmap_parse(path, 1, "the configuration", src.text,
		    src.len, root);
	if (rc == 0 && *root != NULL && (*root)->type != YNODE_MAP &&
	    !((*root)->type == YNODE_SCALAR && (*root)->null)) {
		diag(DIAG_ERROR, path, (*root)->line, "the site configuration "
		    "is not a %s", fmt);
		rc = -1;
	}
	if (rc == -1) {
		yamlmap_free(*root);
		*root = NULL;
	}
	source_free(&src);
	return rc == -1 ? -1 : 1;
}

char *
site_str(const struct ynode *map, const char *key)
{
	const char *dot;
	char *part;
	const char *s;

	while ((dot = strchr(key, '.')) != NULL && map != NULL) {
		part = xstrndup(key, (size_t)(dot - key));
		map = yamlmap_get(map, part);
		free(part);
		key = dot + 1;
	}
	s = yamlmap_str(yamlmap_get(map, key));
	return s && *s ? xstrdup(s) : NULL;
}

void
site_set_url(struct site *s, char *url)
{
	char *h = url ? strstr(url, "://") : NULL;
	char *slash = h ? strchr(h + 3, '/') : NULL;
	size_t n;

	s->url = url;
	if (slash == NULL)
		return;
	n = strlen(slash);
	while (n > 0 && slash[n - 1] == '/')
		n--;
	if (n > 0)
		s->baseurl = xstrndup(slash, n);
	*slash = '\0';
}

void
site_add_static(struct site *s, const char *dir)
{
	char *p = xasprintf("%s/%s", s->root, dir);

	if (!site_has(p, "", 1)) {
		free(p);
		return;
	}
	s->statics = xreallocarray(s->statics, s->nstatics + 1,
	    sizeof(*s->statics));
	s->statics[s->nstatics++] = p;
}

const char *
site_below(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	while (path[0] == '.' && path[1] == '/')
		path += 2;
	while (dir[0] == '.' && dir[1] == '/')
		dir += 2, n -= 2;
	if (!strcmp(dir, "."))
		return path;
	if (strncmp(path, dir, n) == 0 && path[n] == '/')
		return path + n + 1;
	return "";
}

char *
slugify(const char *s)
{
	struct buf b = {0};
	int dash = 0;

	buf_puts(&b, "");
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (isalnum(c) || c >= 0x80) {
			if (dash && b.len > 0)
				buf_putc(&b, '-');
			dash = 0;
			buf_putc(&b, (char)tolower(c));
		} else if (c != '\'')	/* "don't" is "dont" */
			dash = 1;
	}
	return buf_take(&b);
}

char *
url_path(char *p)
{
	struct buf b = {0};
	const char *s = p, *e;
	int trail = *p && p[strlen(p) - 1] == '/';

	for (; *s; s = *e ? e + 1 : e) {
		e = s + strcspn(s, "/");
		if (e == s || (e - s == 1 && *s == '.'))
			continue;
		buf_putc(&b, '/');
		buf_append(&b, s, (size_t)(e - s));
	}
	if (b.len == 0 || trail)
		buf_putc(&b, '/');
	free(p);
	return buf_take(&b);
}

int
site_load(struct site *s, const char *root, int gen)
{
	memset(s, 0, sizeof(*s));
	s->root = xstrdup(root);
	s->generator = gen == SITE_DETECT ? site_detect(root) :
	    (enum generator)gen;
	if (dialect_of(s->generator)->configure(s) == -1)
		return -1;
	url_init(&s->web, s->url, s->baseurl);
	return 0;
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
	free(s->content);
	for (size_t i = 0; i < s->nstatics; i++)
		free(s->statics[i]);
	free(s->statics);
	kv_free(s->rules, s->nrules);
	kv_free(s->vars, s->nvars);
	memset(s, 0, sizeof(*s));
}
