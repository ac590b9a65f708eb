/*
 * zola.c - the Zola dialect: config.toml, and Zola's URLs: a page's
 * path if it gives one, else its section's folders and its slug.
 */
#include <stdlib.h>
#include <string.h>

#include "dialect.h"

static int
configure(struct site *s)
{
	struct ynode *top = NULL;
	char *p = xasprintf("%s/config.toml", s->root);
	int rc = site_tree(p, &top);

	free(p);
	if (rc == -1)
		return -1;
	s->title = site_str(top, "title");
	s->description = site_str(top, "description");
	site_set_url(s, site_str(top, "base_url"));
	s->lang = site_str(top, "default_language");
	if ((s->author = site_str(top, "author")) == NULL)
		s->author = site_str(top, "extra.author");
	s->content = xasprintf("%s/content", s->root);
	site_add_static(s, "static");
	/* A section's other files are served at its address (/blog/x.png). */
	site_add_static(s, "content");
	yamlmap_flatten(top, &s->vars, &s->nvars);
	yamlmap_free(top);
	return 0;
}

static char *
permalink(const struct meta *m, const char *path, const struct site *s)
{
	const char *rel = site_below(path, s->content ? s->content : "");
	const char *last = strrchr(rel, '/');
	char *slug, *u;

	if (m->permalink != NULL)
		return url_path(xasprintf("%s/", m->permalink));
	if (last != NULL && !strncmp(last + 1, "index.", 6)) {
		/* A page in its own folder (with its pictures). */
		while (last > rel && last[-1] != '/')
			last--;
		last = last > rel ? last - 1 : NULL;
	}
	slug = slugify(m->slug);
	u = xasprintf("%.*s/%s/", last ? (int)(last - rel) : 0, rel, slug);
	free(slug);
	return url_path(u);
}

/* Zola's page field. */
static const char *const updated[] = { "updated", NULL };

const struct dialect dialect_zola = { configure, permalink, updated };
