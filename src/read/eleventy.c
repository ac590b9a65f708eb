/*
 * eleventy.c - the Eleventy dialect, also for generic Markdown sites
 * (Gatsby, Next, Astro): no configuration quire can read without
 * running it, so the site's data (_data/metadata.json or _data/site.json,
 * else package.json's name and description), and URLs from the file's
 * path below the input folder ("posts/x.md" is "/posts/x/") unless the
 * front matter's permalink says otherwise.
 */
#include <stdlib.h>
#include <string.h>

#include "dialect.h"

/* Where the posts are: the first of these folders that exists. */
static const char *
input_dir(const struct site *s)
{
	static const char *const dirs[] = {
		"content", "src/content", "src/posts", "src", "posts"
	};

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (site_has(s->root, dirs[i], 1))
			return dirs[i];
	return ".";
}

static int
configure(struct site *s)
{
	static const char *const data[] = {
		"_data/metadata.json", "src/_data/metadata.json",
		"_data/site.json", "src/_data/site.json", "package.json"
	};
	struct ynode *top = NULL;
	int rc = 0;

	for (size_t i = 0; i < sizeof(data) / sizeof(data[0]) && !rc; i++) {
		char *p = xasprintf("%s/%s", s->root, data[i]);

		rc = site_tree(p, &top);
		free(p);
	}
	if (rc == -1)
		return -1;
	if ((s->title = site_str(top, "title")) == NULL)
		s->title = site_str(top, "name");
	s->description = site_str(top, "description");
	if ((s->url = site_str(top, "url")) != NULL) {
		char *h = strstr(s->url, "://");
		char *slash = h ? strchr(h + 3, '/') : NULL;

		if (slash != NULL && slash[1] != '\0')
			s->baseurl = xstrdup(slash);
		if (slash != NULL)
			*slash = '\0';
	}
	if ((s->lang = site_str(top, "language")) == NULL)
		s->lang = site_str(top, "lang");
	if ((s->author = site_str(top, "author")) == NULL)
		s->author = site_str(top, "author.name");
	s->content = xasprintf("%s/%s", s->root, input_dir(s));
	site_add_static(s, ".");
	site_add_static(s, "public");
	site_add_static(s, "static");
	site_add_static(s, "src");
	yamlmap_flatten(top, &s->vars, &s->nvars);
	yamlmap_free(top);
	return 0;
}

static char *
permalink(const struct meta *m, const char *path, const struct site *s)
{
	const char *rel = site_below(path, s->content ? s->content : ""),
	    *dot = strrchr(rel, '.'), *slash = strrchr(rel, '/');
	size_t n = dot && (!slash || dot > slash) ? (size_t)(dot - rel) :
	    strlen(rel);

	/* A template in the permalink needs Eleventy to run: not ours. */
	if (m->permalink != NULL && strstr(m->permalink, "{{") == NULL &&
	    strstr(m->permalink, "{%") == NULL &&
	    strcmp(m->permalink, "false") != 0)
		return url_path(xstrdup(m->permalink));
	if (*rel == '\0')
		return url_path(xasprintf("%s/", m->slug));
	if (n >= 5 && !strncmp(rel + n - 5, "index", 5) &&
	    (n == 5 || rel[n - 6] == '/'))
		n -= 5;
	return url_path(xasprintf("%.*s/", (int)n, rel));
}

const struct dialect dialect_eleventy = { configure, permalink };
