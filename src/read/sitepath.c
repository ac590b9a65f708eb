/* sitepath.c - a site's files named in a post: pictures and posts. */
#include "sitepath.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dialect.h"
#include "diag.h"
#include "image.h"
#include "post.h"
#include "source.h"
#include "util.h"
#include "walk.h"

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

/*
 * The file of the post that name[0..n) names from folder dir, found as
 * how says, kept inside the site's root unless allow_outside: a new
 * path, or NULL with *tried (when not NULL) the first candidate, for a
 * warning. "@/", Pelican's "{filename}" and a name starting with '/'
 * are from the content folder (Pelican's and a page's from the root
 * too); a page is also tried from dir's parent (a bundle's section), as
 * written, with ".md", and as a bundle's x/index.md or x/_index.md.
 */
static char *
find_post(const struct site *s, const char *dir, const char *name, size_t n,
    enum sitepath_find how, int allow_outside, char **tried)
{
	static const char *const page_forms[] = { "%s/%.*s", "%s/%.*s.md",
	    "%s/%.*s/index.md", "%s/%.*s/_index.md" };
	static const char *const file_form[] = { "%s/%.*s" };
	const char *content = s->content ? s->content : s->root, *rest;
	const char *const *forms = how == SITEPATH_PAGE ? page_forms :
	    file_form;
	size_t nforms = how == SITEPATH_PAGE ? 4 : 1, nb = 0;
	char *bases[3] = { NULL }, *found = NULL;

	if (n >= 2 && !strncmp(name, "@/", 2))
		name += 2, n -= 2, bases[nb++] = xstrdup(content);
	else if ((rest = pelican_ref(name, "filename")) != NULL) {
		n -= (size_t)(rest - name);
		name = rest;
		bases[nb++] = xstrdup(*name == '/' ? content : dir);
	} else if (*name == '/') {
		bases[nb++] = xstrdup(content);
		if (how == SITEPATH_PAGE)
			bases[nb++] = xstrdup(s->root);
	} else {
		const char *slash = strrchr(dir, '/');

		bases[nb++] = xstrdup(dir);
		/* The section of a bundle: by name, not "/..": the path is
		 * the page's. */
		if (how == SITEPATH_PAGE && slash != NULL && slash != dir)
			bases[nb++] = xstrndup(dir, (size_t)(slash - dir));
		if (how == SITEPATH_PAGE)
			bases[nb++] = xstrdup(content);
	}
	for (size_t b = 0; b < nb && found == NULL; b++)
		for (size_t f = 0; f < nforms && found == NULL; f++) {
			char *c = norm_path(xasprintf(forms[f], bases[b],
			    (int)n, name));

			if (is_file(c) && (allow_outside ||
			    path_inside(c, s->root)))
				found = c;
			else if (tried != NULL && *tried == NULL)
				*tried = c;
			else
				free(c);
		}
	for (size_t b = 0; b < nb; b++)
		free(bases[b]);
	return found;
}

/* Whether e is exactly one of the Markdown extensions. */
static int
is_md_ext(const char *e)
{
	return !strcmp(e, ".md") || !strcmp(e, ".markdown") ||
	    !strcmp(e, ".mkd");
}

/* Whether the file at path f is the page that name[0..n) names by its
 * bare name (".md" or not): NAME.md, or a bundle's NAME/index.md or
 * NAME/_index.md. A translation (NAME.fr.md) is not. */
static int
has_name(const char *f, const char *name, size_t n)
{
	const char *base = strrchr(f, '/'), *dir;

	if (has_ext(name, n))	/* the extension off: to its last '.' */
		while (name[--n] != '.')
			;
	if ((n == 5 && !strncmp(name, "index", 5)) ||
	    (n == 6 && !strncmp(name, "_index", 6)) || base == NULL)
		return 0;
	base++;
	if (!strncmp(base, name, n) && is_md_ext(base + n))
		return 1;
	if (!(!strncmp(base, "index", 5) && is_md_ext(base + 5)) &&
	    !(!strncmp(base, "_index", 6) && is_md_ext(base + 6)))
		return 0;
	for (dir = base - 1; dir > f && dir[-1] != '/'; dir--)
		;
	return (size_t)(base - 1 - dir) == n && !strncmp(dir, name, n);
}

/*
 * Hugo's last resort for a page path not found: the page whose file or
 * bundle has the bare name name[0..n) anywhere below the content folder.
 * Returns a new path, or NULL with *count the pages of that name (0, or
 * 2 and more: ambiguous, as Hugo says) and *seen (when count > 1) a new
 * string naming two of them.
 */
static char *
find_by_name(const struct site *s, const char *name, size_t n,
    int allow_outside, size_t *count, char **seen)
{
	char *content = (char *)(s->content ? s->content : s->root);
	char **files, *found = NULL;
	size_t nfiles, k = 0;

	*seen = NULL;
	walk_posts(&content, 1, &files, &nfiles);
	for (size_t i = 0; i < nfiles; i++) {
		if (has_name(files[i], name, n) && (allow_outside ||
		    path_inside(files[i], s->root))) {
			if (++k == 1) {
				found = files[i];
				files[i] = NULL;
			} else if (k == 2)
				*seen = xasprintf("%s and %s", found, files[i]);
		}
		free(files[i]);
	}
	free(files);
	*count = k;
	if (k > 1) {
		free(found);
		found = NULL;
	}
	return found;
}

/* Whether uri is a reference to a post's file in a Markdown link. */
static int
names_a_file(const char *uri, size_t n)
{
	size_t scheme = strspn(uri, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-");

	if (!strncmp(uri, "@/", 2) || pelican_ref(uri, "filename") != NULL)
		return 1;
	return uri[0] != '/' && uri[0] != '#' && !(scheme > 0 &&
	    uri[scheme] == ':') && has_ext(uri, n);
}

char *
sitepath_link(const struct site *s, const char *path, const char *dir,
    unsigned line, const char *uri, enum sitepath_find how,
    int allow_outside)
{
	const char *rest, *frag;
	char *file, *tried = NULL, *u, *res;
	size_t n = strcspn(uri, "#?");

	if (s == NULL)
		return NULL;
	frag = uri + n;
	if ((rest = pelican_ref(uri, "static")) != NULL ||
	    (rest = pelican_ref(uri, "attach")) != NULL) {
		/* A static file: served where it sits below the content. */
		file = pelican_file(s, rest, dir);
		res = xasprintf("/%s", site_below(file, s->content ?
		    s->content : s->root));
		free(file);
		return res;
	}
	if (how == SITEPATH_FILE && !names_a_file(uri, n))
		return NULL;
	file = find_post(s, dir, uri, n, how, allow_outside, &tried);
	if (file == NULL && how == SITEPATH_PAGE && memchr(uri, '/', n) == NULL &&
	    pelican_ref(uri, "filename") == NULL) {
		size_t count;
		char *seen;

		file = find_by_name(s, uri, n, allow_outside, &count, &seen);
		if (count > 1) {
			diag(DIAG_WARNING, path, line, "page reference \"%.*s\": "
			    "%zu pages have that name (%s); its path is printed",
			    (int)n, uri, count, seen);
			free(seen);
			free(tried);
			return xstrdup(uri);
		}
	}
	if (file == NULL) {
		if (how == SITEPATH_FILE && tried != NULL && is_file(tried))
			diag(DIAG_WARNING, path, line, "link to '%s': %s is "
			    "outside the site (--allow-outside-root reads it)",
			    uri, tried);
		else if (how == SITEPATH_FILE)
			diag(DIAG_WARNING, path, line, "link to '%s': no such "
			    "post (%s)", uri, tried);
		free(tried);
		return NULL;
	}
	free(tried);
	u = served_at(s, file);
	free(file);
	if (u == NULL)
		return NULL;
	res = xasprintf("%s%s", u, *frag == '#' ? frag : "");
	free(u);
	return res;
}
