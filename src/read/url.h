/*
 * url.h - where a site is served: its url and baseurl from _config.yml,
 * normalised once when the site is read, and the two questions every
 * stage asks of them: where the site serves a path, and which path on the
 * site a link names. Jekyll sites write baseurl "/blog", "blog", "blog/"
 * or a whole URL, and url with or without a trailing slash; all mean the
 * same here.
 */
#ifndef QUIRE_URL_H
#define QUIRE_URL_H

#include <stddef.h>

struct site_url {
	char	*origin;	/* url less trailing slashes
				   ("https://example.org"), or NULL */
	char	*host;		/* its host when it is http(s) or "//host",
				   else NULL */
	char	*base;		/* baseurl as a path: "/blog" (one leading
				   slash, no trailing one), or "" */
};

/* Length of the "scheme:" at the start of s ("https:"), or 0 when s has
 * none ("//host" and a drive's "C:" are none). */
size_t	url_scheme(const char *s);
/* s after "http:" or "https:" (s itself when it has no scheme), or NULL
 * when it has another scheme. */
const char *url_web(const char *s);
/*
 * Fills u from a site's url and baseurl (either may be NULL or empty). A
 * baseurl that is a whole URL gives its path. Free with url_free.
 */
void	url_init(struct site_url *u, const char *url, const char *baseurl);
void	url_free(struct site_url *u);
/*
 * Where the site serves path (len bytes; "/x/" or "x"): base "/" path,
 * as Jekyll's relative_url makes it; with absolute, origin before it (as
 * absolute_url; nothing when the site has no url). u may be NULL (no
 * site). A new string; the caller frees it.
 */
char	*url_on_site(const struct site_url *u, const char *path, size_t len,
	    int absolute);
/*
 * The path on the site that uri names, less the base: for
 * "http(s)://host/..." and "//host/..." on the site's host and under its
 * url's own path, and for "/..." paths; the base is taken off where uri
 * has it (at a "/" boundary). "/" when nothing is left. A pointer into
 * uri (or to "/"), or NULL when uri is relative, on another host or of
 * another scheme.
 */
const char *url_local(const struct site_url *u, const char *uri);

#endif
