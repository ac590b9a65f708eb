/* jekyll.c - the Jekyll dialect: _config.yml, Jekyll's permalinks. */
#include <stdlib.h>
#include <string.h>

#include "dialect.h"
#include "diag.h"
#include "permalink.h"

static int
configure(struct site *s)
{
	struct ynode *top = NULL;
	char *path = xasprintf("%s%s_config.yml", s->root, *s->root &&
	    s->root[strlen(s->root) - 1] == '/' ? "" : "/");
	int rc = site_tree(path, &top);

	free(path);
	if (rc <= 0 || top == NULL)
		return rc == -1 ? -1 : 0;
	s->title = site_str(top, "title");
	s->description = site_str(top, "description");
	if ((s->author = site_str(top, "author")) == NULL)
		s->author = site_str(top, "author.name");
	s->url = site_str(top, "url");
	s->baseurl = site_str(top, "baseurl");
	s->permalink = site_str(top, "permalink");
	s->lang = site_str(top, "lang");
	yamlmap_flatten(top, &s->vars, &s->nvars);
	yamlmap_free(top);
	return 0;
}

static char *
permalink(const struct meta *m, const char *path, const struct site *s)
{
	(void)path;
	return m->permalink ? xstrdup(m->permalink) :
	    permalink_expand(s->permalink, m->slug, m->date.year,
	    m->date.month, m->date.day, (const char *const *)m->categories,
	    m->ncategories);
}

/* The jekyll-last-modified-at plugin's key, and themes' updated. */
static const char *const updated[] = { "last_modified_at", "updated", NULL };

const struct dialect dialect_jekyll = { configure, permalink, updated };
