/* collect.c - gathering, filtering and ordering a booklet's posts. */
#include "collect.h"

#include <stdlib.h>
#include <string.h>

#include "blocks.h"
#include "diag.h"
#include "util.h"
#include "walk.h"

int
collect_keep(const struct meta *m, const struct collect_opts *o)
{
	struct tm tm;
	struct date now = {0};
	time_t t = o->now;

	if (o->drafts)
		return 1;
	if (m->draft)
		return 0;
	gmtime_r(&t, &tm);
	now.year = tm.tm_year + 1900;
	now.month = tm.tm_mon + 1;
	now.day = tm.tm_mday;
	now.hour = tm.tm_hour;
	now.min = tm.tm_min;
	now.sec = tm.tm_sec;
	now.has_time = 1;
	now.has_zone = 1;
	return m->date.year == 0 || date_cmp(&m->date, &now) <= 0;
}

static int newest;

int
collect_cmp(const struct post *p, const struct post *q)
{
	int c = date_cmp(&p->meta.date, &q->meta.date);

	if (c == 0)
		c = strcmp(path_base(p->path), path_base(q->path));
	if (c == 0)
		c = strcmp(p->path, q->path);
	return c;
}

static int
cmp_post(const void *a, const void *b)
{
	int c = collect_cmp(a, b);

	return newest ? -c : c;
}

void
collect_sort(struct post *posts, size_t n, const struct collect_opts *o)
{
	newest = o->newest_first;
	if (n > 1)
		qsort(posts, n, sizeof(*posts), cmp_post);
}

int
collect_posts(char *const *paths, size_t n, const struct collect_opts *o,
    struct post **posts, size_t *nposts)
{
	char **names;
	struct post *v;
	size_t k = 0, nnames;
	int failed = 0;

	walk_posts(paths, n, &names, &nnames);
	v = xcalloc(nnames ? nnames : 1, sizeof(*v));
	for (size_t i = 0; i < nnames; i++) {
		if (!failed || o->keep_going) {
			if (post_read_meta(&v[k], names[i]) == -1) {
				post_free(&v[k]);
				failed = 1;
				if (o->keep_going)
					diag(DIAG_NOTE, names[i], 0,
					    "skipped (--keep-going)");
			} else if (!collect_keep(&v[k].meta, o))
				post_free(&v[k]);
			else
				k++;
		}
		free(names[i]);
	}
	free(names);
	if (failed && !o->keep_going) {
		for (size_t i = 0; i < k; i++)
			post_free(&v[i]);
		free(v);
		return -1;
	}
	if (k == 0) {
		if (!failed)
			diag(DIAG_ERROR, n ? paths[0] : NULL, 0,
			    "no posts to put in a booklet");
		free(v);	/* a failure hands nothing back */
		*posts = NULL;
		*nposts = 0;
		return -1;
	}
	collect_sort(v, k, o);
	*posts = v;
	*nposts = k;
	return 0;
}
