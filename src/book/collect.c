/* collect.c - gathering, filtering and ordering a booklet's posts. */
#include "collect.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "blocks.h"
#include "dialect.h"
#include "diag.h"
#include "util.h"
#include "walk.h"

/* Whether item is one of list's ", "-joined items (as site.h
 * flattens a list). */
static int
in_list(const char *list, const char *item, size_t n)
{
	for (const char *e; *list; list = *e ? e + 2 : e) {
		e = strstr(list, ", ");
		e = e ? e : list + strlen(list);
		if ((size_t)(e - list) == n && !strncmp(list, item, n))
			return 1;
	}
	return 0;
}

/*
 * Whether the file at path is a section or list page (Hugo's and Zola's
 * _index.md) or one of Pelican's pages (below PAGE_PATHS, by default
 * pages/, in PATH): not a post.
 */
static int
is_list_page(const char *path, const struct site *s)
{
	const char *rel, *dirs;

	if (!strncmp(path_base(path), "_index.", 7))
		return 1;
	if (s == NULL || s->generator != GEN_PELICAN || s->content == NULL)
		return 0;
	rel = site_below(path, s->content);
	if ((dirs = kv_get(s->vars, s->nvars, "PAGE_PATHS")) == NULL)
		dirs = "pages";
	return in_list(dirs, rel, strcspn(rel, "/")) && strchr(rel, '/');
}

/*
 * Whether a file found in a Hugo or Zola site's folders is a page, not
 * a post: one at the top of content/ (about.md, search.md), outside any
 * section, or - when Hugo's params.mainSections names the sections of
 * posts - in another section.
 */
static int
is_site_page(const char *path, const struct site *s)
{
	const char *rel, *main;
	size_t n;

	if (s == NULL || s->content == NULL || (s->generator != GEN_HUGO &&
	    s->generator != GEN_ZOLA))
		return 0;
	rel = site_below(path, s->content);
	if (*rel == '\0')
		return 0;	/* not below content/ */
	if ((n = strcspn(rel, "/")) == strlen(rel))
		return 1;
	main = kv_get(s->vars, s->nvars, "params.mainSections");
	return main != NULL && *main && !in_list(main, rel, n);
}

/* Whether path was named as it is (a file, not found in a folder). */
static int
named(const char *path, char *const *paths, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(path, paths[i]))
			return 1;
	return 0;
}

/* Whether the front matter takes the page out of the site's lists
 * (Eleventy's eleventyExcludeFromCollections: an index or feed page). */
static int
unlisted(const struct meta *m)
{
	const char *v = kv_get(m->vars, m->nvars,
	    "eleventyExcludeFromCollections");

	return v != NULL && !strcmp(v, "true");
}

/* Whether a post is in the booklet's language (translations are not). */
static int
in_lang(const struct meta *m, const struct collect_opts *o)
{
	const char *a = post_lang(m, o->site), *b = o->lang;
	size_t na = strcspn(a, "-_"), nb;

	if (b == NULL)
		return 1;
	nb = strcspn(b, "-_");
	return na == nb && strncasecmp(a, b, na) == 0;
}

/* Whether a and b name the same folder. */
static int
same_dir(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
	    sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

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

	/* Undated posts by title (they come last: see cmp_post). */
	if (p->meta.date.year == 0 && q->meta.date.year == 0 && p->title &&
	    q->title)
		c = strcmp(p->title, q->title);
	if (c == 0)
		c = strcmp(path_base(p->path), path_base(q->path));
	if (c == 0)
		c = strcmp(p->path, q->path);
	return c;
}

static int
cmp_post(const void *a, const void *b)
{
	const struct post *p = a, *q = b;
	int c = collect_cmp(p, q);

	/* Whichever way the book runs, the undated come last. */
	if ((p->meta.date.year == 0) != (q->meta.date.year == 0))
		return p->meta.date.year == 0 ? 1 : -1;
	return newest && p->meta.date.year != 0 ? -c : c;
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
	const struct site *s = o->site;
	char **names, **where = xcalloc(n ? n : 1, sizeof(*where));
	struct post *v;
	size_t k = 0, nnames, other = 0;
	int failed = 0;

	/* The root of a site stands for its posts' folder. */
	for (size_t i = 0; i < n; i++)
		where[i] = s && s->content && same_dir(paths[i], s->root) ?
		    s->content : paths[i];
	walk_posts(where, n, &names, &nnames);
	free(where);
	v = xcalloc(nnames ? nnames : 1, sizeof(*v));
	for (size_t i = 0; i < nnames; i++) {
		if (is_list_page(names[i], s) || (is_site_page(names[i], s) &&
		    !named(names[i], paths, n)))
			;	/* a section's list or a page, not a post */
		else if (!failed || o->keep_going) {
			if (post_read_meta(&v[k], names[i], s) == -1) {
				post_free(&v[k]);
				failed = 1;
				if (o->keep_going)
					diag(DIAG_NOTE, names[i], 0,
					    "skipped (--keep-going)");
			} else if (!collect_keep(&v[k].meta, o) ||
			    unlisted(&v[k].meta))
				post_free(&v[k]);
			else if (!in_lang(&v[k].meta, o)) {
				post_free(&v[k]);
				other++;
			} else
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
	if (other > 0)
		diag(DIAG_NOTE, NULL, 0, "%zu post%s in other languages than "
		    "'%s' left out (--lang picks another)", other,
		    other == 1 ? "" : "s", o->lang);
	for (size_t i = 0; i < k; i++)
		if (v[i].meta.date.year == 0)
			diag(DIAG_WARNING, v[i].path, 1, "no date in the front "
			    "matter, the file name or the folders; placed "
			    "last, by title");
	collect_sort(v, k, o);
	*posts = v;
	*nposts = k;
	return 0;
}
