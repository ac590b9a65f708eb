/* sitepath.c - a site's files named in a post: pictures and posts. */
#include "sitepath.h"

#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dialect.h"
#include "diag.h"
#include "image.h"
#include "post.h"
#include "source.h"
#include "util.h"

static int
is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The part after a Pelican "{word}" or "|word|" prefix, or NULL. */
static const char *
pelican_ref(const char *ref, const char *word)
{
	size_t n = strlen(word);

	if ((ref[0] == '{' && !strncmp(ref + 1, word, n) && ref[n + 1] == '}') ||
	    (ref[0] == '|' && !strncmp(ref + 1, word, n) && ref[n + 1] == '|'))
		return ref + n + 2;
	return NULL;
}

/* A Pelican reference's file: from the content folder, or the post's. */
static char *
pelican_file(const struct site *s, const char *rest, const char *post_dir)
{
	if (rest[0] == '/')
		return xasprintf("%s%s", s->content ? s->content : s->root, rest);
	return xasprintf("%s/%s", post_dir, rest);
}

char *
sitepath_image(const struct site *s, const char *ref, const char *post_dir,
    int featured, int allow_outside, char **why)
{
	const char *root = s ? s->root : NULL, *rest = NULL;
	const struct site_url *web = s ? &s->web : NULL;
	char *res, *alt, *w = NULL;

	if (s != NULL && ref != NULL && ((rest = pelican_ref(ref, "static")) ||
	    (rest = pelican_ref(ref, "attach")) ||
	    (rest = pelican_ref(ref, "filename")))) {
		/* From the content folder, or relative to the post. */
		if (rest[0] == '/')
			return image_resolve(rest + 1, s->content ? s->content :
			    s->root, root, web, 0, allow_outside, why);
		return image_resolve(rest, post_dir, root, web, 0,
		    allow_outside, why);
	}
	res = image_resolve(ref, post_dir, root, web, featured,
	    allow_outside, why);
	if (res == NULL || is_file(res) || s == NULL)
		return res;
	/* Not there: the folders the site serves at its "/". */
	for (size_t i = 0; i < s->nstatics; i++) {
		alt = image_resolve(ref, s->statics[i], s->statics[i], web, 0,
		    allow_outside, &w);
		free(w);
		w = NULL;
		if (alt != NULL && is_file(alt)) {
			free(res);
			return alt;
		}
		free(alt);
	}
	return res;
}

static int
has_ext(const char *s, size_t n)
{
	static const char *const ext[] = { ".md", ".markdown", ".mkd" };

	for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		size_t k = strlen(ext[i]);

		if (n > k && !strncmp(s + n - k, ext[i], k))
			return 1;
	}
	return 0;
}

/* path with "." and "x/.." taken out by string, so that the folders
 * below the content folder are the post's own. Takes p, returns new. */
static char *
norm_path(char *p)
{
	struct buf b = {0};
	const char *s = p, *e;
	size_t keep = 0;	/* the "/" or leading ".." that must stay */

	if (*p == '/') {
		buf_putc(&b, '/');
		keep = 1;
	}
	for (; *s; s = *e ? e + 1 : e) {
		e = s + strcspn(s, "/");
		if (e == s || (e - s == 1 && *s == '.'))
			continue;
		if (e - s == 2 && !strncmp(s, "..", 2) && b.len > keep) {
			while (b.len > keep && b.data[b.len - 1] != '/')
				b.len--;
			if (b.len > keep)
				b.len--;
			b.data[b.len] = '\0';
			continue;
		}
		if (b.len > 0 && b.data[b.len - 1] != '/')
			buf_putc(&b, '/');
		buf_append(&b, s, (size_t)(e - s));
		if (e - s == 2 && !strncmp(s, "..", 2))
			keep = b.len;
	}
	if (b.len == 0)
		buf_putc(&b, '.');
	free(p);
	return buf_take(&b);
}

/* Where the site serves the post in file target: its URL, else path. */
static char *
served_at(const struct site *s, const char *target)
{
	struct source src;
	struct meta m;
	size_t off;
	char *u = NULL;
	enum diag_level was = diag_report_from(DIAG_NOTHING);

	/* The target's own problems are its own, told when it is read. */
	if (source_read(&src, target) == 0 &&
	    meta_read(&m, target, src.text, src.len, s->generator, &off) == 0)
		if ((u = post_url(&m, target, s)) == NULL)
			u = post_permalink(&m, target, s);
	meta_free(&m);
	source_free(&src);
	diag_report_from(was);
	return u;
}

char *
sitepath_link(const struct site *s, const char *path, unsigned line,
    const char *uri)
{
	const char *rest, *frag;
	char *copy, *dir, *file = NULL, *u, *res;
	size_t n = strcspn(uri, "#?"), scheme = strspn(uri,
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-");

	if (s == NULL)
		return NULL;
	frag = uri + n;
	copy = xstrdup(path);
	dir = xstrdup(dirname(copy));
	free(copy);
	if ((rest = pelican_ref(uri, "static")) != NULL ||
	    (rest = pelican_ref(uri, "attach")) != NULL) {
		/* A static file: served where it sits below the content. */
		file = pelican_file(s, rest, dir);
		res = xasprintf("/%s", site_below(file, s->content ?
		    s->content : s->root));
		free(file);
		free(dir);
		return res;
	}
	if (!strncmp(uri, "@/", 2))
		file = xasprintf("%s/%.*s", s->content ? s->content : s->root,
		    (int)(n - 2), uri + 2);
	else if ((rest = pelican_ref(uri, "filename")) != NULL) {
		copy = xstrndup(rest, (size_t)(frag - rest));
		file = pelican_file(s, copy, dir);
		free(copy);
	} else if (uri[0] != '/' && uri[0] != '#' && !(scheme > 0 &&
	    uri[scheme] == ':') && has_ext(uri, n))
		file = xasprintf("%s/%.*s", dir, (int)n, uri);
	free(dir);
	if (file == NULL)
		return NULL;
	file = norm_path(file);
	if (!is_file(file)) {
		diag(DIAG_WARNING, path, line, "link to '%s': no such post "
		    "(%s)", uri, file);
		free(file);
		return NULL;
	}
	u = served_at(s, file);
	free(file);
	if (u == NULL)
		return NULL;
	res = xasprintf("%s%s", u, *frag == '#' ? frag : "");
	free(u);
	return res;
}

char *
sitepath_ref(const struct site *s, const char *post_dir, const char *target,
    size_t n, int allow_outside)
{
	static const char *const forms[] = { "%s/%.*s", "%s/%.*s.md",
	    "%s/%.*s/index.md", "%s/%.*s/_index.md" };
	char *bases[4] = { NULL }, *url = NULL;
	size_t nb = 0;

	if (target[0] != '/' && post_dir != NULL) {
		const char *slash = strrchr(post_dir, '/');

		bases[nb++] = xstrdup(post_dir);
		/* The parent by name, not "/..": the path is the page's. */
		if (slash != NULL && slash != post_dir)
			bases[nb++] = xstrndup(post_dir,
			    (size_t)(slash - post_dir));
	}
	if (s != NULL) {
		bases[nb++] = xasprintf("%s/content", s->root);
		bases[nb++] = xstrdup(s->root);
	}
	/* Never a file outside the site through "..". */
	if (s != NULL && (mem_find(target, n, "..", 2) == NULL ||
	    allow_outside))
		for (size_t b = 0; b < nb && url == NULL; b++)
			for (size_t f = 0; f < 4 && url == NULL; f++) {
				char *c = xasprintf(forms[f], bases[b], (int)n,
				    target);

				if (is_file(c))
					url = served_at(s, c);
				free(c);
			}
	for (size_t b = 0; b < nb; b++)
		free(bases[b]);
	return url;
}
