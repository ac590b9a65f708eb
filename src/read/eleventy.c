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

/*
 * Where the posts are, the folder URLs start from: the first of these
 * that exists. Eleventy's input folder (content/ in its base blog, or
 * src/); Gatsby's content/blog/ (served at "/slug/"), Astro's
 * src/content/ ("/blog/slug/"); else the root (Next's "posts/slug").
 */
static const char *
input_dir(const struct site *s)
{
	static const char *const eleventy[] = { "content", "src", NULL };
	static const char *const generic[] = {
		"content/blog", "src/content", "content", NULL
	};
	const char *const *d = s->generator == GEN_ELEVENTY ? eleventy :
	    generic;

	for (; *d != NULL; d++)
		if (site_has(s->root, *d, 1))
			return *d;
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
	const char *in;
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
	site_set_url(s, site_str(top, "url"));
	if ((s->lang = site_str(top, "language")) == NULL)
		s->lang = site_str(top, "lang");
	if ((s->author = site_str(top, "author")) == NULL)
		s->author = site_str(top, "author.name");
	in = input_dir(s);
	s->content = strcmp(in, ".") ? xasprintf("%s/%s", s->root, in) :
	    xstrdup(s->root);
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

/* Eleventy's and the generic sites' own names (Astro's updatedDate). */
static const char *const updated[] = {
	"updated", "updatedDate", "modified", "lastmod", "last_modified_at", NULL
};

const struct dialect dialect_eleventy = { configure, permalink, updated };
