/*
 * hugo.c - the Hugo dialect: hugo.toml/.yaml/.json (or config.*, or
 * config/_default/), and Hugo's URLs: a section's permalinks pattern,
 * else the content path; lower case, as Hugo makes them by default.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dialect.h"
#include "diag.h"

static const char *const month_long[12] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"
};

/* The first configuration file there is; 1 with *top, 0, or -1. */
static int
find_config(const char *root, struct ynode **top)
{
	static const char *const names[] = {
		"hugo.toml", "hugo.yaml", "hugo.json", "config.toml",
		"config.yaml", "config.json", "config/_default/hugo.toml",
		"config/_default/hugo.yaml", "config/_default/hugo.json",
		"config/_default/config.toml", "config/_default/config.yaml",
		"config/_default/config.json"
	};
	int rc = 0;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]) && !rc; i++) {
		char *p = xasprintf("%s/%s", root, names[i]);

		rc = site_tree(p, top);
		free(p);
	}
	return rc;
}

/* Hugo's keys are case-insensitive: "baseURL", "baseurl"... */
static char *
str_any(const struct ynode *map, const char *key)
{
	if (map == NULL || map->type != YNODE_MAP)
		return NULL;
	for (size_t i = map->n; i > 0; i--)
		if (!strcasecmp(map->keys[i - 1], key)) {
			const char *v = yamlmap_str(&map->items[i - 1]);

			return v && *v ? xstrdup(v) : NULL;
		}
	return NULL;
}

static int
configure(struct site *s)
{
	struct ynode *top = NULL;
	const struct ynode *params, *perm;
	char *dir;
	int rc = find_config(s->root, &top);

	if (rc == -1)
		return -1;
	params = yamlmap_get(top, "params");
	s->title = str_any(top, "title");
	site_set_url(s, str_any(top, "baseURL"));
	if ((s->lang = str_any(top, "languageCode")) == NULL)
		s->lang = str_any(top, "defaultContentLanguage");
	if ((s->author = site_str(params, "author")) == NULL &&
	    (s->author = site_str(params, "author.name")) == NULL &&
	    (s->author = str_any(top, "author")) == NULL)
		s->author = site_str(top, "author.name");
	if ((s->description = site_str(params, "description")) == NULL)
		s->description = str_any(top, "description");
	dir = str_any(top, "contentDir");
	s->content = xasprintf("%s/%s", s->root, dir ? dir : "content");
	free(dir);
	dir = str_any(top, "staticDir");
	site_add_static(s, dir ? dir : "static");
	site_add_static(s, "assets");
	free(dir);
	/* [permalinks] posts = "..." or, since 0.120, [permalinks.page]. */
	perm = yamlmap_get(top, "permalinks");
	if (yamlmap_get(perm, "page") != NULL)
		perm = yamlmap_get(perm, "page");
	if (perm != NULL && perm->type == YNODE_MAP)
		yamlmap_flatten(perm, &s->rules, &s->nrules);
	yamlmap_flatten(top, &s->vars, &s->nvars);
	yamlmap_free(top);
	return 0;
}

/* The folders of the post below the content folder, and its name. */
static void
parts(const char *path, const struct site *s, char **dirs,
    const char **section, size_t *nsection)
{
	const char *rel = site_below(path, s->content ? s->content : "");
	const char *last = strrchr(rel, '/'), *base = last ? last + 1 : rel;

	if (last != NULL && !strncmp(base, "index.", 6)) {
		/* A bundle: its folder is the page, not a section. */
		while (last > rel && last[-1] != '/')
			last--;
		last = last > rel ? last - 1 : NULL;
	}
	*dirs = last ? xstrndup(rel, (size_t)(last - rel)) : xstrdup("");
	*section = rel;
	*nsection = strcspn(rel, "/");
	if (rel[*nsection] == '\0')
		*nsection = 0;	/* a page at the top has no section */
}

static char *
expand(const char *pat, const struct meta *m, const char *dirs,
    const char *section, size_t nsection)
{
	struct buf b = {0};
	const struct date *d = &m->date;
	int given = kv_get(m->vars, m->nvars, "slug") != NULL;
	char *t;

	for (const char *p = pat; *p; ) {
		size_t n;

		if (*p != ':' || !isalpha((unsigned char)p[1])) {
			buf_putc(&b, *p++);
			continue;
		}
		for (n = 1; isalpha((unsigned char)p[n]); n++)
			continue;
#define IS(w) (n - 1 == strlen(w) && !strncmp(p + 1, w, n - 1))
		if (IS("year"))
			buf_printf(&b, "%04d", d->year);
		else if (IS("month"))
			buf_printf(&b, "%02d", d->month);
		else if (IS("monthname"))
			buf_puts(&b, d->month ? month_long[d->month - 1] : "");
		else if (IS("day"))
			buf_printf(&b, "%02d", d->day);
		else if (IS("section"))
			buf_append(&b, section, nsection);
		else if (IS("sections"))
			buf_puts(&b, dirs);
		else if (IS("title") || (IS("slug") && !given)) {
			buf_puts(&b, t = slugify(m->title ? m->title :
			    m->name));
			free(t);
		} else if (IS("slug") || IS("slugorfilename") ||
		    IS("slugorcontentbasename"))
			buf_puts(&b, m->slug);
		else if (IS("filename") || IS("contentbasename"))
			buf_puts(&b, m->name);
		else
			buf_append(&b, p, n);
#undef IS
		p += n;
	}
	return buf_take(&b);
}

static char *
permalink(const struct meta *m, const char *path, const struct site *s)
{
	const char *section, *pat = NULL;
	size_t nsection;
	char *dirs, *sec, *u;

	if (m->permalink != NULL)
		return url_path(xstrdup(m->permalink));
	parts(path, s, &dirs, &section, &nsection);
	sec = xstrndup(section, nsection);
	pat = kv_get(s->rules, s->nrules, sec);
	u = pat ? expand(pat, m, dirs, section, nsection) :
	    xasprintf("%s/%s/", dirs, m->slug);
	free(sec);
	free(dirs);
	for (char *c = u; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	return url_path(u);
}

/* Hugo's lastmod and its alias modified (Hugo ignores a key's case). */
static const char *const updated[] = {
	"lastmod", "lastMod", "modified", NULL
};

const struct dialect dialect_hugo = { configure, permalink, updated };
