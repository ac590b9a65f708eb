/*
 * resolve.c - where a post's image references point on disk: site URLs,
 * baseurl, relative names, featured-image habits, and the site root as a
 * fence.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "image.h"
#include "url.h"
#include "util.h"

/*
 * Resolving references.
 */

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes %XX escapes (others kept as written); NULL for "%00". */
static char *
percent_decode(const char *s, size_t len)
{
	struct buf b = { 0 };
	size_t i;
	int hi, lo;

	for (i = 0; i < len; i++) {
		if (s[i] == '%' && i + 2 < len &&
		    (hi = hexval(s[i + 1])) >= 0 &&
		    (lo = hexval(s[i + 2])) >= 0) {
			if (hi == 0 && lo == 0) {
				buf_free(&b);
				return NULL;
			}
			buf_putc(&b, (char)(hi << 4 | lo));
			i += 2;
		} else
			buf_putc(&b, s[i]);
	}
	return buf_take(&b);
}

/* dir "/" name, with no doubled slash and no leading "./" in name. */
static char *
join(const char *dir, const char *name)
{
	size_t n;

	while (name[0] == '/')
		name++;
	while (name[0] == '.' && name[1] == '/')
		for (name += 2; name[0] == '/'; name++)
			continue;
	if (dir == NULL || *dir == '\0')
		dir = ".";
	n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	return xasprintf("%.*s%s%s", (int)n, dir,
	    dir[n - 1] == '/' ? "" : "/", name);
}

static int
exists(const char *path)
{
	return access(path, F_OK) == 0;
}

char *
image_resolve(const char *ref, const char *post_dir, const char *site_root,
    const struct site_url *web, int featured, int allow_outside, char **why)
{
	const char *s, *path;
	char *name = NULL, *res = NULL, *alt = NULL, *t;
	int i, on_site = 0;

	*why = NULL;
	/* Without a site, the post's folder is the whole site. */
	if (site_root == NULL)
		site_root = post_dir != NULL ? post_dir : ".";
	if (ref == NULL || (s = url_web(ref)) == NULL) {
		*why = xstrdup(ref == NULL ? "empty image reference" :
		    "remote image not fetched");
		goto out;
	}
	name = xstrndup(s, strcspn(s, "?#"));
	if (strncmp(name, "//", 2) == 0) {
		if ((path = url_local(web, name)) == NULL) {
			*why = xstrdup("remote image not fetched");
			goto out;
		}
		t = xasprintf("/%s", path + strspn(path, "/"));
		free(name);
		name = t;
		on_site = 1;	/* the base is off already */
	} else if (s != ref) {
		/* "http:x" has no host to compare */
		*why = xstrdup("remote image not fetched");
		goto out;
	}
	if (name[0] == '\0' || strcmp(name, "/") == 0) {
		*why = xstrdup("empty image reference");
		goto out;
	}
	if ((t = percent_decode(name, strlen(name))) == NULL) {
		*why = xstrdup("bad image reference: %00 in name");
		goto out;
	}
	free(name);
	name = t;
	if (name[0] == '/') {
		res = join(site_root, on_site ? name : url_local(web, name));
	} else {
		res = join(post_dir, name);
		/* Themes keep featured images in images/, or at the root. */
		for (i = 0; featured && i < 2 && !exists(res); i++) {
			alt = i == 0 ? xasprintf("%s/images/%s", site_root,
			    name) : join(site_root, name);
			if (exists(alt)) {
				free(res);
				res = alt;
			} else
				free(alt);
			alt = NULL;
		}
	}
	if (!allow_outside && !path_inside(res, site_root)) {
		*why = xasprintf("%s: outside the site folder", res);
		free(res);
		res = NULL;
	}
out:
	free(name);
	return res;
}
