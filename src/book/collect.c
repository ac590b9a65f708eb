/* collect.c - gathering, filtering and ordering a booklet's posts. */
#include "collect.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "blocks.h"
#include "dialect.h"
#include "diag.h"
#include "util.h"

/* Folders deeper than this below a named one are not searched. */
#define MAX_DEPTH 8

struct names {
	char	**v;
	size_t	 n, cap;
};

static void
add_name(struct names *nm, char *path)
{
	if (nm->n == nm->cap) {
		nm->cap = nm->cap ? nm->cap * 2 : 64;
		nm->v = xreallocarray(nm->v, nm->cap, sizeof(*nm->v));
	}
	nm->v[nm->n++] = path;
}

static int
is_post_name(const char *name)
{
	const char *dot = strrchr(name, '.');

	return name[0] != '.' && dot != NULL && (!strcmp(dot, ".md") ||
	    !strcmp(dot, ".markdown") || !strcmp(dot, ".mkd"));
}

/*
 * Whether the file at path is a section or list page (Hugo's and Zola's
 * _index.md) or one of Pelican's pages (PATH/pages/): not a post.
 */
static int
is_list_page(const char *path, const struct site *s)
{
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	if (!strncmp(base, "_index.", 7))
		return 1;
	return s != NULL && s->generator == GEN_PELICAN && s->content &&
	    !strncmp(site_below(path, s->content), "pages/", 6);
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

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
scan(struct names *nm, const char *dir, int depth)
{
	DIR *d;
	struct dirent *e;
	struct names here = {0};

	if (depth > MAX_DEPTH || (d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		struct stat st;
		char *path;

		/* Hidden files, and a JavaScript site's packages. */
		if (e->d_name[0] == '.' || !strcmp(e->d_name, "node_modules"))
			continue;
		path = xasprintf("%s/%s", dir, e->d_name);
		if (stat(path, &st) == -1) {
			free(path);	/* a dangling link: nothing to read */
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			scan(nm, path, depth + 1);
			free(path);
		} else if (S_ISREG(st.st_mode) && is_post_name(e->d_name))
			add_name(&here, path);
		else
			free(path);
	}
	closedir(d);
	/* readdir's order is the file system's: sort for determinism.
	 * (qsort on a NULL array, even of none, is undefined.) */
	if (here.n > 1)
		qsort(here.v, here.n, sizeof(*here.v), cmp_str);
	for (size_t i = 0; i < here.n; i++)
		add_name(nm, here.v[i]);
	free(here.v);
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

static const char *
base(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static int newest;

/* Date and time, then file name: the order posts were written in. */
static int
chrono(const struct post *p, const struct post *q)
{
	int c = date_cmp(&p->meta.date, &q->meta.date);

	/* Undated posts by title (they come last: see cmp_post). */
	if (p->meta.date.year == 0 && q->meta.date.year == 0 && p->title &&
	    q->title)
		c = strcmp(p->title, q->title);

	if (c == 0)
		c = strcmp(base(p->path), base(q->path));
	if (c == 0)
		c = strcmp(p->path, q->path);
	return c;
}

static int
cmp_post(const void *a, const void *b)
{
	const struct post *p = a, *q = b;
	int c = chrono(p, q);

	/* Whichever way the book runs, the undated come last. */
	if ((p->meta.date.year == 0) != (q->meta.date.year == 0))
		return p->meta.date.year == 0 ? 1 : -1;
	return newest && p->meta.date.year != 0 ? -c : c;
}

static int
cmp_post_ptr(const void *a, const void *b)
{
	return chrono(*(const struct post *const *)a,
	    *(const struct post *const *)b);
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
	struct names nm = {0};
	struct post *v;
	size_t k = 0, other = 0;
	int failed = 0;

	for (size_t i = 0; i < n; i++) {
		struct stat st;

		if (stat(paths[i], &st) == 0 && S_ISDIR(st.st_mode))
			/* The root of a site stands for its posts' folder. */
			scan(&nm, s && s->content && same_dir(paths[i],
			    s->root) ? s->content : paths[i], 0);
		else
			add_name(&nm, xstrdup(paths[i]));
	}
	v = xcalloc(nm.n ? nm.n : 1, sizeof(*v));
	for (size_t i = 0; i < nm.n; i++) {
		if (is_list_page(nm.v[i], s))
			;	/* a section's list, not a post */
		else if (!failed || o->keep_going) {
			if (post_read_meta(&v[k], nm.v[i], s) == -1) {
				post_free(&v[k]);
				failed = 1;
				if (o->keep_going)
					diag(DIAG_NOTE, nm.v[i], 0,
					    "skipped (--keep-going)");
			} else if (!collect_keep(&v[k].meta, o))
				post_free(&v[k]);
			else if (!in_lang(&v[k].meta, o)) {
				post_free(&v[k]);
				other++;
			} else
				k++;
		}
		free(nm.v[i]);
	}
	free(nm.v);
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

int
collect_series(struct series *s, const struct meta *m, const char *path,
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
	qsort(in, k, sizeof(*in), cmp_post_ptr);
	s->titles = xcalloc(k ? k : 1, sizeof(*s->titles));
	s->urls = xcalloc(k ? k : 1, sizeof(*s->urls));
	s->current = (size_t)-1;
	for (size_t i = 0; i < k; i++) {
		const struct post *p = in[i];

		s->titles[i] = xstrdup(p->title ? p->title : p->meta.slug);
		s->urls[i] = post_url(&p->meta, p->path, site);
		if (strcmp(base(p->path), base(path)) == 0)
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
