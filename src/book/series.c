/* series.c - the posts of a series, for {% include series.html %}. */
#include "series.h"

#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "collect.h"
#include "diag.h"
#include "source.h"
#include "util.h"

static int
cmp_ptr(const void *a, const void *b)
{
	return collect_cmp(*(const struct post *const *)a,
	    *(const struct post *const *)b);
}

int
series_among(struct series *s, const struct meta *m, const char *path,
    const struct post *posts, size_t n, const struct site *site)
{
	const struct post **in;
	size_t k = 0;

	memset(s, 0, sizeof(*s));
	if (m->series == NULL)
		return -1;
	in = xcalloc(n ? n : 1, sizeof(*in));
	for (size_t i = 0; i < n; i++)
		if (posts[i].meta.series != NULL &&
		    strcmp(posts[i].meta.series, m->series) == 0)
			in[k++] = &posts[i];
	/* In the order they were written, however the book runs. */
	qsort(in, k, sizeof(*in), cmp_ptr);
	s->titles = xcalloc(k ? k : 1, sizeof(*s->titles));
	s->urls = xcalloc(k ? k : 1, sizeof(*s->urls));
	s->current = (size_t)-1;
	for (size_t i = 0; i < k; i++) {
		const struct post *p = in[i];

		s->titles[i] = xstrdup(p->title ? p->title : p->meta.slug);
		s->urls[i] = post_url(&p->meta, p->path, site);
		if (strcmp(path_base(p->path), path_base(path)) == 0)
			s->current = i;
	}
	s->n = k;
	free(in);
	s->name = xstrdup(m->series);
	if (s->n < 2 || s->current == (size_t)-1) {
		series_free(s);
		return -1;
	}
	return 0;
}

void
series_free(struct series *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->titles[i]);
		free(s->urls[i]);
	}
	free(s->titles);
	free(s->urls);
	free(s->name);
	memset(s, 0, sizeof(*s));
}

/* Whether the text of the post at path has an include of series*: only
 * then is the rest of the site read. */
static int
includes_series(const char *path)
{
	struct source src;
	int found = 0;

	if (source_read(&src, path) == -1)
		return 0;
	for (const char *p = src.text; !found &&
	    (p = strstr(p, "include")) != NULL; p += 7)
		found = strncmp(p + 7 + strspn(p + 7, " \t\n"), "series", 6) ==
		    0;
	source_free(&src);
	return found;
}

void
series_posts_free(struct series_posts *k)
{
	for (size_t i = 0; i < k->n; i++)
		post_free(&k->all[i]);
	free(k->all);
	free(k->dir);
	free(k->root);
	memset(k, 0, sizeof(*k));
}

int
series_of(struct series *s, const struct post *p, const char *path,
    const char *root, const struct site *site, struct series_posts *keep)
{
	/* Nothing is "future" here (now is the end of the year 9999): the
	 * list shows the series as written. */
	struct collect_opts co = { .keep_going = 1,
		.now = (time_t)253402300799, .site = site };
	struct series_posts own = {0}, *k = keep ? keep : &own;
	struct stat sb;
	char *dir;
	enum diag_level was;
	int rc = -1;

	if (p->meta.series == NULL || !includes_series(path))
		return -1;
	dir = xasprintf("%s/_posts", root);
	if (stat(dir, &sb) == -1 || !S_ISDIR(sb.st_mode)) {
		char *copy = xstrdup(path);

		free(dir);
		dir = xstrdup(dirname(copy));
		free(copy);
	}
	if (k->dir == NULL || strcmp(k->dir, dir) != 0 ||
	    strcmp(k->root, root) != 0) {
		series_posts_free(k);
		k->dir = xstrdup(dir);
		k->root = xstrdup(root);
		/* Other posts' problems are theirs, not this one's. */
		was = diag_report_from(DIAG_NOTHING);
		k->failed = collect_posts(&dir, 1, &co, &k->all, &k->n) == -1;
		diag_report_from(was);
	}
	if (!k->failed)
		rc = series_among(s, &p->meta, path, k->all, k->n, site);
	series_posts_free(&own);
	free(dir);
	return rc;
}
