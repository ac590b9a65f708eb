/* url.c - a site's url and baseurl, normalised once. */
#include "url.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

size_t
url_scheme(const char *s)
{
	size_t i;

	if (strncmp(s, "//", 2) == 0)
		return 0;	/* protocol-relative, handled as a host */
	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
		return 0;
	for (i = 1; s[i] != '\0'; i++) {
		if (s[i] == ':')
			return i > 1 ? i + 1 : 0;	/* "C:" is a drive */
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '0' && s[i] <= '9') ||
		    s[i] == '+' || s[i] == '-' || s[i] == '.'))
			return 0;
	}
	return 0;
}

const char *
url_web(const char *s)
{
	size_t n = url_scheme(s);

	if (n == 0)
		return s;
	if ((n == 5 && !strncasecmp(s, "http:", 5)) ||
	    (n == 6 && !strncasecmp(s, "https:", 6)))
		return s + n;
	return NULL;
}

/* len bytes of s with leading and trailing slashes off, as "/x", or "". */
static char *
as_path(const char *s, size_t len)
{
	while (len > 0 && *s == '/') {
		s++;
		len--;
	}
	while (len > 0 && s[len - 1] == '/')
		len--;
	return len ? xasprintf("/%.*s", (int)len, s) : xstrdup("");
}

void
url_init(struct site_url *u, const char *url, const char *baseurl)
{
	const char *w;
	size_t n;

	memset(u, 0, sizeof(*u));
	if (url != NULL && *url != '\0') {
		n = strlen(url);
		while (n > 0 && url[n - 1] == '/')
			n--;
		u->origin = xstrndup(url, n);
		if ((w = url_web(url)) != NULL && !strncmp(w, "//", 2))
			u->host = xstrndup(w + 2, strcspn(w + 2, "/?#"));
	}
	if (baseurl == NULL)
		baseurl = "";
	/* Some sites put a whole URL in baseurl: its path is meant. */
	if (url_scheme(baseurl) > 0 || !strncmp(baseurl, "//", 2)) {
		w = baseurl + url_scheme(baseurl);
		if (!strncmp(w, "//", 2))
			w += 2 + strcspn(w + 2, "/");
		baseurl = w;
	}
	u->base = as_path(baseurl, strcspn(baseurl, "?#"));
}

void
url_free(struct site_url *u)
{
	free(u->origin);
	free(u->host);
	free(u->base);
	memset(u, 0, sizeof(*u));
}

char *
url_on_site(const struct site_url *u, const char *path, size_t len,
    int absolute)
{
	const char *origin = u && absolute && u->origin ? u->origin : "";

	return xasprintf("%s%s%s%.*s", origin, u && u->base ? u->base : "",
	    len > 0 && path[0] != '/' ? "/" : "", (int)len, path);
}

/* p less prefix (n bytes) when it starts with it at a "/" boundary. */
static const char *
under(const char *p, const char *prefix, size_t n)
{
	if (n == 0 || strncmp(p, prefix, n) != 0 || (p[n] != '/' &&
	    p[n] != '\0' && p[n] != '?' && p[n] != '#'))
		return NULL;
	return p + n;
}

const char *
url_local(const struct site_url *u, const char *uri)
{
	const char *p = url_web(uri), *q;
	size_t n;

	if (p == NULL)
		return NULL;
	if (!strncmp(p, "//", 2)) {
		const char *own;

		if (u == NULL || u->host == NULL)
			return NULL;
		p += 2;
		n = strcspn(p, "/?#");
		if (n == 0 || n != strlen(u->host) ||
		    strncasecmp(p, u->host, n) != 0)
			return NULL;
		p += n;
		/* The url's own path, if it has one, must be there too. */
		own = url_web(u->origin) + 2;
		own += strcspn(own, "/?#");
		if (*own != '\0' && (p = under(p, own, strlen(own))) == NULL)
			return NULL;
	} else if (p != uri || p[0] != '/')
		return NULL;	/* relative, or "http:x" with no host */
	if (u != NULL && u->base != NULL && (q = under(p, u->base,
	    strlen(u->base))) != NULL)
		p = q;
	return *p == '\0' ? "/" : p;
}
