/*
 * shortcode.c - Hugo's and Zola's shortcodes done in three passes over a
 * post's body: every call found (shortcode_scan), openings paired with
 * their closings on a stack, then the text copied with each call
 * replaced.
 *
 * What is decided here (shortcode.h has the summary):
 *  - Shortcodes are found everywhere, code included, as Hugo and Zola
 *    do: that is why both have an escaped form (ESCAPED below).
 *  - What a shortcode becomes is CommonMark or the HTML that blocks.c
 *    draws: <img> with a title for a captioned image, <iframe data-note>
 *    for a framed note. Such HTML is written after an empty <span></span>,
 *    so that it is inline HTML in a paragraph and never opens an HTML
 *    block, which would swallow the Markdown of the lines after it.
 *  - Built-in names mean the built-in even when a site overrides them:
 *    an override keeps the meaning, and the built-in is what quire can
 *    draw. Other names are looked up in the site and its themes once per
 *    post; a template whose <img src="..."> holds a template action is an
 *    image wrapper.
 *  - Every replacement keeps the newlines of what it replaces.
 */
#include "shortcode.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "codeopts.h"
#include "diag.h"
#include "sitepath.h"
#include "util.h"

#define NONE		SIZE_MAX
#define TPL_MAX		(64 * 1024)	/* bytes of a template read */
#define TPL_VALUE_MAX	512		/* bytes of its <img src> kept */
#define BAD_SAID	10		/* malformed calls named one by one */
#define STR_(x)		#x
#define STR(x)		STR_(x)

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
	    c == '\f';
}

static int
is_quote(char c)
{
	return c == '"' || c == '\'' || c == '`';
}

static int
is_ident(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_';
}

/* ---- the scanner ---- */

struct scan {
	const char	*s;
	size_t		 len;
	size_t		 at;	/* where the call starts */
	size_t		 p;	/* where reading is */
	const char	*why;	/* what went wrong */
};

/* Whether reading may go on at sc->p: inside the text, the length
 * limit and before the next "{{" or "{%". */
static int
more(struct scan *sc)
{
	if (sc->p >= sc->len) {
		sc->why = "never closed";
		return 0;
	}
	if (sc->p - sc->at >= SC_CALL_MAX) {
		sc->why = "longer than " STR(SC_CALL_MAX) " bytes";
		return 0;
	}
	if (sc->p > sc->at + 1 && sc->s[sc->p] == '{' && sc->p + 1 < sc->len &&
	    (sc->s[sc->p + 1] == '{' || sc->s[sc->p + 1] == '%')) {
		sc->why = "never closed before the next \"{{\" or \"{%\"";
		return 0;
	}
	return 1;
}

static void
skip_space(struct scan *sc)
{
	while (sc->p < sc->len && is_space(sc->s[sc->p]) && more(sc))
		sc->p++;
}

static int
looking_at(const struct scan *sc, const char *pat)
{
	size_t n = strlen(pat);

	return sc->len - sc->p >= n && memcmp(sc->s + sc->p, pat, n) == 0;
}

/*
 * A quoted value at sc->p ('"', '\'' or '`'; backslash escapes in the
 * first two, as Go and Tera read them). Returns it, or NULL when it is
 * not closed.
 */
static char *
quoted(struct scan *sc)
{
	char q = sc->s[sc->p++];
	struct buf b = {0};

	while (more(sc)) {
		char c = sc->s[sc->p++];

		if (c == q)
			return buf_take(&b);
		if (c == '\\' && q != '`' && sc->p < sc->len &&
		    (sc->s[sc->p] == q || sc->s[sc->p] == '\\'))
			c = sc->s[sc->p++];
		buf_putc(&b, c);
	}
	buf_free(&b);
	return NULL;
}

static int
add_arg(struct shortcode *out, struct scan *sc, char *key, char *value)
{
	if (out->nargs == SC_ARGS_MAX) {
		sc->why = "more than 64 arguments";
		free(key);
		free(value);
		return -1;
	}
	out->args = xreallocarray(out->args, out->nargs + 1,
	    sizeof(*out->args));
	out->args[out->nargs].key = key;
	out->args[out->nargs].value = value;
	out->nargs++;
	return 0;
}

/* Length of Hugo's closing delimiter at sc->p ("/>}}" or ">}}", d being
 * '>' or '%'), or 0. */
static size_t
hugo_end(const struct scan *sc, char d)
{
	char self[5] = { '/', d, '}', '}', '\0' };

	if (looking_at(sc, self))
		return 4;
	return looking_at(sc, self + 1) ? 3 : 0;
}

/* An ESCAPED call at sc->p, just after the opening delimiter; close is
 * what follows its star and slash. */
static int
literal(struct scan *sc, const char *close, struct shortcode *out)
{
	size_t n = strlen(close);

	sc->p += 2;
	while (more(sc)) {
		if (sc->s[sc->p] == '*' && sc->p + 2 + n <= sc->len &&
		    sc->s[sc->p + 1] == '/' &&
		    memcmp(sc->s + sc->p + 2, close, n) == 0) {
			out->kind = SC_LITERAL;
			out->end = sc->p + 2 + n;
			return 1;
		}
		sc->p++;
	}
	return -1;
}

static int
hugo_scan(struct scan *sc, struct shortcode *out)
{
	char d = sc->s[sc->at + 2] == '<' ? '>' : '%';	/* closes it */
	size_t n, e;

	out->markdown = d == '%';
	sc->p = sc->at + 3;
	if (looking_at(sc, "/*")) {
		char tail[4] = { d, '}', '}', '\0' };

		return literal(sc, tail, out);
	}
	skip_space(sc);
	if (sc->p < sc->len && sc->s[sc->p] == '/') {
		out->kind = SC_CLOSE;
		sc->p++;
		skip_space(sc);
	}
	for (n = 0; more(sc) && !is_space(sc->s[sc->p]) &&
	    hugo_end(sc, d) == 0 && !is_quote(sc->s[sc->p]) &&
	    sc->s[sc->p] != '='; n++)
		sc->p++;
	if (n == 0 || n >= SC_NAME_MAX) {
		if (sc->why == NULL)
			sc->why = n ? "a name too long" : "no name";
		return -1;
	}
	memcpy(out->name, sc->s + sc->p - n, n);
	out->name[n] = '\0';
	for (;;) {
		char *key = NULL, *value;
		size_t k;

		skip_space(sc);
		if (!more(sc))
			return -1;
		if ((e = hugo_end(sc, d)) != 0)
			break;
		if (!is_quote(sc->s[sc->p])) {
			for (k = sc->p; more(sc) && !is_space(sc->s[sc->p]) &&
			    sc->s[sc->p] != '=' && hugo_end(sc, d) == 0; sc->p++)
				continue;
			if (sc->p < sc->len && sc->s[sc->p] == '=') {
				key = xstrndup(sc->s + k, sc->p - k);
				sc->p++;
			} else if (sc->why != NULL)
				return -1;
			else {
				if (add_arg(out, sc, NULL, xstrndup(sc->s + k,
				    sc->p - k)) == -1)
					return -1;
				continue;
			}
		}
		if (!more(sc)) {
			free(key);
			return -1;
		}
		if (is_quote(sc->s[sc->p])) {
			if ((value = quoted(sc)) == NULL) {
				free(key);
				return -1;
			}
		} else {
			for (k = sc->p; more(sc) && !is_space(sc->s[sc->p]) &&
			    hugo_end(sc, d) == 0; sc->p++)
				continue;
			value = xstrndup(sc->s + k, sc->p - k);
		}
		if (add_arg(out, sc, key, value) == -1)
			return -1;
	}
	out->self_closing = e == 4;
	out->end = sc->p + e;
	return 1;
}

/* A Zola argument value: quoted, an array kept as written, or a bare
 * number or boolean. */
static char *
zola_value(struct scan *sc)
{
	size_t k = sc->p;
	int depth = 0;

	if (is_quote(sc->s[sc->p]))
		return quoted(sc);
	while (more(sc)) {
		char c = sc->s[sc->p];

		if (c == '[')
			depth++;
		else if (c == ']')
			depth--;
		else if (depth <= 0 && (c == ',' || c == ')' || is_space(c)))
			break;
		sc->p++;
	}
	return sc->why == NULL ? xstrndup(sc->s + k, sc->p - k) : NULL;
}

static int
zola_scan(struct scan *sc, struct shortcode *out)
{
	int body = sc->s[sc->at + 1] == '%';
	const char *tail = body ? "%}" : "}}";
	size_t n;

	out->markdown = out->body = body;
	sc->p = sc->at + 2;
	if (looking_at(sc, "/*"))
		return literal(sc, tail, out);
	while (sc->p < sc->len && (sc->s[sc->p] == ' ' ||
	    sc->s[sc->p] == '\t'))
		sc->p++;
	for (n = 0; sc->p < sc->len && is_ident(sc->s[sc->p]) &&
	    n < SC_NAME_MAX; n++)
		sc->p++;
	if (n == 0 || n >= SC_NAME_MAX)
		return 0;
	memcpy(out->name, sc->s + sc->p - n, n);
	out->name[n] = '\0';
	if (body && strcmp(out->name, "end") == 0) {
		skip_space(sc);
		if (!looking_at(sc, "%}"))
			return 0;
		out->kind = SC_CLOSE;
		out->name[0] = '\0';
		out->end = sc->p + 2;
		return 1;
	}
	/* "{{ page.title }}" and the like are not calls: they stay. */
	if (sc->p >= sc->len || sc->s[sc->p] != '(')
		return 0;
	sc->p++;
	for (;;) {
		char *key, *value;
		size_t k;

		skip_space(sc);
		if (!more(sc))
			return -1;
		if (sc->s[sc->p] == ')')
			break;
		for (k = sc->p; more(sc) && is_ident(sc->s[sc->p]); sc->p++)
			continue;
		if (sc->p == k) {
			if (sc->why == NULL)
				sc->why = "an argument without a name";
			return -1;
		}
		key = xstrndup(sc->s + k, sc->p - k);
		skip_space(sc);
		if (!more(sc) || sc->s[sc->p] != '=') {
			if (sc->why == NULL)
				sc->why = "an argument without '='";
			free(key);
			return -1;
		}
		sc->p++;
		skip_space(sc);
		if (!more(sc) || (value = zola_value(sc)) == NULL) {
			free(key);
			return -1;
		}
		if (add_arg(out, sc, key, value) == -1)
			return -1;
		skip_space(sc);
		if (more(sc) && sc->s[sc->p] == ',')
			sc->p++;
	}
	sc->p++;
	skip_space(sc);
	if (!looking_at(sc, tail)) {
		if (sc->why == NULL)
			sc->why = body ? "no \"%}\" after its arguments" :
			    "no \"}}\" after its arguments";
		return -1;
	}
	out->end = sc->p + 2;
	return 1;
}

int
shortcode_scan(enum generator gen, const char *text, size_t len,
    size_t at, struct shortcode *sc, const char **why)
{
	struct scan s = { .s = text, .len = len, .at = at, .p = at };
	int rc = 0;

	memset(sc, 0, sizeof(*sc));
	sc->start = at;
	*why = NULL;
	if (at + 2 > len || text[at] != '{')
		return 0;
	if (gen == GEN_HUGO && at + 3 <= len && text[at + 1] == '{' &&
	    (text[at + 2] == '<' || text[at + 2] == '%'))
		rc = hugo_scan(&s, sc);
	else if (gen == GEN_ZOLA && (text[at + 1] == '{' ||
	    text[at + 1] == '%'))
		rc = zola_scan(&s, sc);
	if (rc != 1) {
		if (rc == -1) {
			*why = s.why ? s.why : "malformed";
			sc->end = s.p;
		}
		shortcode_clear(sc);
		sc->start = at;
		sc->end = rc == -1 ? s.p : at;
	}
	return rc;
}

const char *
shortcode_arg(const struct shortcode *sc, const char *key, int pos)
{
	const char *v = key != NULL ? kv_get(sc->args, sc->nargs, key) : NULL;
	int k = 0;

	if (v != NULL)
		return v;
	for (size_t i = 0; pos >= 0 && i < sc->nargs; i++)
		if (sc->args[i].key == NULL && k++ == pos)
			return sc->args[i].value;
	return NULL;
}

void
shortcode_clear(struct shortcode *sc)
{
	kv_free(sc->args, sc->nargs);
	sc->args = NULL;
	sc->nargs = 0;
}

/* ---- the site's own shortcodes ---- */

enum tpl_kind { TPL_MISSING, TPL_IMAGE, TPL_OTHER };

struct tpl {
	char	 name[SC_NAME_MAX];
	enum tpl_kind kind;
	char	*path;		/* the template found, or NULL */
	char	*src;		/* its <img src> value (TPL_IMAGE) */
	char	*first_get;	/* its first .Get "KEY", or NULL */
	int	 first_pos;	/* its first .Get N, or -1 */
	int	 warned;	/* its note was warned about in this post */
};

/* Reads at most TPL_MAX bytes of path; NULL when it is not a file. */
static char *
read_small(const char *path)
{
	struct stat st;
	FILE *f;
	char *s;
	size_t n;

	if (stat(path, &st) == -1 || !S_ISREG(st.st_mode) ||
	    (f = fopen(path, "rb")) == NULL)
		return NULL;
	s = xmalloc(TPL_MAX + 1);
	n = fread(s, 1, TPL_MAX, f);
	s[n] = '\0';
	fclose(f);
	return s;
}

/* The value of the src attribute of the first <img ...> in t, template
 * actions inside it kept whole ("{{ .Get "src" }}" holds quotes). */
static char *
img_src(const char *t)
{
	const char *p = t, *v;
	char q;
	int depth = 0;

	while ((p = strstr(p, "<img")) != NULL) {
		const char *end = p + strcspn(p, ">");

		p += 4;
		for (v = p; (v = strstr(v, "src")) != NULL && v < end;
		    v += 3) {
			const char *e = v + 3;

			if (is_ident(v[-1]) || v[-1] == '-')
				continue;
			while (*e == ' ')
				e++;
			if (*e != '=')
				continue;
			e++;
			while (*e == ' ')
				e++;
			q = *e == '"' || *e == '\'' ? *e++ : ' ';
			for (v = e; *v && (depth > 0 || (*v != q && *v != '>'));
			    v++) {
				if (v[0] == '{' && v[1] == '{')
					depth++;
				else if (v[0] == '}' && v[1] == '}' && depth > 0)
					depth--;
			}
			return xstrndup(e, (size_t)(v - e) < TPL_VALUE_MAX ?
			    (size_t)(v - e) : TPL_VALUE_MAX);
		}
	}
	return NULL;
}

/* The key of the first `.Get "KEY"` in s (*pos: of the first `.Get N`,
 * when that comes first), or NULL. */
static char *
first_get(const char *s, int *pos)
{
	const char *p = strstr(s, ".Get ");

	*pos = -1;
	if (p == NULL)
		return NULL;
	p += 5;
	while (*p == ' ')
		p++;
	if (*p >= '0' && *p <= '9') {
		*pos = atoi(p);
		return NULL;
	}
	if (*p == '"' || *p == '`' || *p == '\'') {
		const char *e = strchr(p + 1, *p);

		if (e != NULL && e - p < 64)
			return xstrndup(p + 1, (size_t)(e - p - 1));
	}
	return NULL;
}

static void
classify(struct tpl *t, const char *path)
{
	char *text = read_small(path);

	if (text == NULL)
		return;
	t->path = xstrdup(path);
	t->kind = TPL_OTHER;
	if ((t->src = img_src(text)) != NULL && strstr(t->src, "{{")) {
		t->kind = TPL_IMAGE;
		t->first_get = first_get(t->src, &t->first_pos);
		if (t->first_get == NULL && t->first_pos < 0)
			t->first_get = first_get(text, &t->first_pos);
	}
	free(text);
}

/* Looks for dir/NAME.EXT under each of the site's and its themes'
 * shortcode folders. */
static void
find_template(struct tpl *t, const char *root, enum generator gen)
{
	static const char *const hugo[] = { "layouts/shortcodes",
	    "layouts/_shortcodes" };
	static const char *const zola[] = { "templates/shortcodes" };
	const char *const *dirs = gen == GEN_ZOLA ? zola : hugo;
	size_t ndirs = gen == GEN_ZOLA ? 1 : 2;
	static const char *const exts[] = { "html", "md" };
	DIR *themes;
	struct dirent *de;
	char *path, *tdir;

	if (strstr(t->name, "..") != NULL || root == NULL)
		return;
	for (size_t i = 0; i < ndirs && t->path == NULL; i++)
		for (size_t e = 0; e < 2 && t->path == NULL; e++) {
			path = xasprintf("%s/%s/%s.%s", root, dirs[i], t->name,
			    exts[e]);
			classify(t, path);
			free(path);
		}
	tdir = xasprintf("%s/themes", root);
	if (t->path == NULL && (themes = opendir(tdir)) != NULL) {
		while (t->path == NULL && (de = readdir(themes)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			for (size_t i = 0; i < ndirs && t->path == NULL; i++)
				for (size_t e = 0; e < 2 && t->path == NULL;
				    e++) {
					path = xasprintf("%s/%s/%s/%s.%s", tdir,
					    de->d_name, dirs[i], t->name,
					    exts[e]);
					classify(t, path);
					free(path);
				}
		}
		closedir(themes);
	}
	free(tdir);
}

/* ---- the rewrite ---- */

struct rw {
	const char	*file;
	const char	*s;
	size_t		 len;
	const struct shortcode_env *env;
	enum generator	 gen;
	struct buf	 out;
	struct shortcode *sc;		/* the calls, in order */
	size_t		 nsc, capsc;
	size_t		*partner;	/* an opening's closing and back */
	struct linecount lc;		/* line_of */
	struct tpl	*tpls;		/* templates looked up so far */
	size_t		 ntpls;
	size_t		 nbad;		/* malformed calls met */
};

static unsigned
line_of(struct rw *r, size_t pos)
{
	return line_at(&r->lc, pos);
}

static void
put_newlines(struct rw *r, size_t a, size_t b)
{
	buf_put_newlines(&r->out, r->s + a, b - a);
}

static void
put_attr(struct buf *b, const char *name, const char *s)
{
	if (s == NULL || *s == '\0')
		return;
	buf_printf(b, " %s=\"", name);
	buf_put_escaped(b, s, 1);
	buf_putc(b, '"');
}

/* An image with its caption, linked to link when given. */
static void
put_image(struct rw *r, const char *src, const char *alt,
    const char *caption, const char *link, const char *width)
{
	struct buf *b = &r->out;

	buf_puts(b, "<span></span>");
	if (link != NULL && *link) {
		buf_puts(b, "<a");
		put_attr(b, "href", link);
		buf_putc(b, '>');
	}
	buf_puts(b, "<img");
	put_attr(b, "src", src);
	put_attr(b, "alt", alt);
	put_attr(b, "title", caption);
	put_attr(b, "width", width);
	buf_putc(b, '>');
	if (link != NULL && *link)
		buf_puts(b, "</a>");
}

/* A framed note saying label, with the link url when given. */
static void
put_note(struct rw *r, const char *label, const char *url)
{
	struct buf *b = &r->out;

	buf_puts(b, "<span></span><iframe");
	put_attr(b, "data-note", label);
	put_attr(b, "src", url);
	buf_puts(b, "></iframe>");
}

/* Whether v names one picture by its extension. */
static int
is_image_name(const char *v)
{
	static const char *const ext[] = { ".png", ".jpg", ".jpeg", ".gif",
	    ".webp", ".svg", ".avif" };
	size_t n = strcspn(v, "?#");

	if (strchr(v, '*') != NULL)	/* a gallery's pattern, no picture */
		return 0;
	for (size_t i = 0; i < sizeof(ext) / sizeof(*ext); i++) {
		size_t e = strlen(ext[i]);

		if (n > e && strncasecmp(v + n - e, ext[i], e) == 0)
			return 1;
	}
	return 0;
}

static int
is_url(const char *v)
{
	return v != NULL && (strncmp(v, "http://", 7) == 0 ||
	    strncmp(v, "https://", 8) == 0);
}

/* The figure built-in: title, caption and attribution make the caption. */
static void
figure(struct rw *r, const struct shortcode *sc)
{
	const char *title = shortcode_arg(sc, "title", -1);
	const char *cap = shortcode_arg(sc, "caption", -1);
	const char *attr = shortcode_arg(sc, "attr", -1);
	struct buf c = {0};

	if (attr == NULL)
		attr = shortcode_arg(sc, "attribution", -1);
	if (title && *title)
		buf_puts(&c, title);
	if (cap && *cap)
		buf_printf(&c, "%s%s", c.len ? ". " : "", cap);
	if (attr && *attr)
		buf_printf(&c, "%s%s", c.len ? " \xE2\x80\x94 " : "", attr);
	put_image(r, shortcode_arg(sc, "src", 0), shortcode_arg(sc, "alt", -1),
	    c.data, shortcode_arg(sc, "link", -1),
	    shortcode_arg(sc, "width", -1));
	buf_free(&c);
}

/* youtube, vimeo, x, instagram, gist...: a note with its link. Returns 0
 * when name is not one of them. */
static int
embed(struct rw *r, const struct shortcode *sc)
{
	const char *n = sc->name, *id = shortcode_arg(sc, "id", 0);
	const char *title = shortcode_arg(sc, "title", -1);
	char *url = NULL, *label = NULL;

	if (!strcmp(n, "youtube") || !strcmp(n, "vimeo") ||
	    !strcmp(n, "streamable")) {
		const char *what = n[0] == 'y' ? "YouTube" : n[0] == 'v' ?
		    "Vimeo" : "Streamable";

		url = xasprintf(n[0] == 'y' ? "https://www.youtube.com/watch?v=%s"
		    : n[0] == 'v' ? "https://vimeo.com/%s" :
		    "https://streamable.com/%s", id ? id : "");
		label = title && *title ? xasprintf("%s video \xE2\x80\x9C%s"
		    "\xE2\x80\x9D", what, title) : xasprintf("%s video", what);
	} else if (!strcmp(n, "x") || !strcmp(n, "twitter") ||
	    !strcmp(n, "tweet")) {
		const char *user = shortcode_arg(sc, "user", 0);

		id = shortcode_arg(sc, "id", 1);
		if (id == NULL) {	/* the old {{< tweet ID >}} */
			id = user;
			user = NULL;
		}
		url = xasprintf("https://%s/%s/status/%s", n[0] == 'x' ?
		    "x.com" : "twitter.com", user ? user : "i", id ? id : "");
		label = user ? xasprintf("Post by @%s on %s", user,
		    n[0] == 'x' ? "X" : "Twitter") : xstrdup(n[0] == 'x' ?
		    "Post on X" : "Post on Twitter");
	} else if (!strcmp(n, "instagram")) {
		url = xasprintf("https://www.instagram.com/p/%s/", id ? id : "");
		label = xstrdup("Instagram post");
	} else if (!strcmp(n, "gist")) {
		const char *u = shortcode_arg(sc, "url", -1);
		const char *user = shortcode_arg(sc, "user", 0);
		const char *file = shortcode_arg(sc, "file", 2);

		id = shortcode_arg(sc, "id", 1);
		url = u ? xstrdup(u) : xasprintf("https://gist.github.com/%s/%s",
		    user ? user : "", id ? id : "");
		label = file ? xasprintf("GitHub gist, %s", file) :
		    xstrdup("GitHub gist");
	} else if (!strcmp(n, "qr")) {
		const char *text = shortcode_arg(sc, "text", -1);

		label = xasprintf("QR code: %s", text ? text : "");
		url = is_url(text) ? xstrdup(text) : NULL;
	} else
		return 0;
	put_note(r, label, url);
	free(url);
	free(label);
	return 1;
}

/* {{< param KEY >}}: the page's value, else the site's. */
static void
param(struct rw *r, const struct shortcode *sc)
{
	const struct shortcode_env *env = r->env;
	const char *key = shortcode_arg(sc, "name", 0), *v = NULL;
	char *k;

	if (key == NULL)
		key = "";
	v = kv_get(env->page, env->npage, key);
	if (v == NULL && env->site != NULL) {
		k = xasprintf("params.%s", key);
		v = kv_get(env->site->vars, env->site->nvars, k);
		free(k);
		if (v == NULL)
			v = kv_get(env->site->vars, env->site->nvars, key);
	}
	if (v == NULL) {
		diag(DIAG_WARNING, r->file, line_of(r, sc->start),
		    "shortcode param \"%s\": no such parameter in the page or "
		    "the site", key);
		return;
	}
	for (; *v; v++)
		buf_putc(&r->out, *v == '\n' ? ' ' : *v);
}

/* Whether path is a regular file. */
/* ref and relref: the URL of the page a path names (sitepath_link's
 * SITEPATH_PAGE), which a booklet turns into a page reference; or the
 * path as written, with a warning. */
static void
ref(struct rw *r, const struct shortcode *sc)
{
	const struct shortcode_env *env = r->env;
	const char *target = shortcode_arg(sc, "path", 0);
	char *url;

	if (target == NULL)
		target = "";
	if (*target == '\0' || *target == '#') {
		buf_puts(&r->out, target);
		return;
	}
	url = sitepath_link(env->site, r->file, env->post_dir ? env->post_dir :
	    ".", line_of(r, sc->start), target, SITEPATH_PAGE,
	    env->allow_outside);
	if (url == NULL) {
		diag(DIAG_WARNING, r->file, line_of(r, sc->start),
		    "shortcode %s \"%s\": no such page in the site; its "
		    "path is printed", sc->name, target);
		buf_puts(&r->out, target);
		return;
	}
	buf_puts(&r->out, url);
	free(url);
}

/* The fence a code body needs: longer than any backtick run in it. */
static size_t
fence_len(const char *s, size_t a, size_t b)
{
	size_t most = 2, run = 0;

	for (; a < b; a++) {
		run = s[a] == '`' ? run + 1 : 0;
		if (run > most)
			most = run;
	}
	return most + 1;
}

static void
put_fence(struct rw *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf_putc(&r->out, '`');
}

/*
 * highlight (and a paired mermaid): the code between the tags as a
 * fence. The tags become the fence lines when each stands alone on its
 * line; code on a tag's line gets a line of its own.
 */
static void
code(struct rw *r, const struct shortcode *open, const struct shortcode *close,
    const char *lang)
{
	size_t a = open->end, b = close->start, n = fence_len(r->s, a, b);
	struct codeopts opts;
	char *bad;

	if (codeopts_parse(shortcode_arg(open, "options", 1), CODEOPTS_LIST,
	    &opts, &bad) == -1) {
		diag(DIAG_WARNING, r->file, line_of(r, open->start),
		    "hl_lines '%s' are not line numbers or ranges (2 4-6); "
		    "none highlighted", bad);
		free(bad);
	}
	if (r->out.len > 0 && r->out.data[r->out.len - 1] != '\n')
		buf_putc(&r->out, '\n');
	put_fence(r, n);
	if (lang != NULL)
		buf_puts(&r->out, lang);
	codeopts_info(&opts, &r->out);
	codeopts_free(&opts);
	/* Hugo drops the newline after the opening tag. */
	while (a < b && (r->s[a] == ' ' || r->s[a] == '\t' || r->s[a] == '\r'))
		a++;
	if (a < b && r->s[a] == '\n')
		a++;
	buf_putc(&r->out, '\n');
	buf_append(&r->out, r->s + a, b - a);
	if (b > a && r->s[b - 1] != '\n')
		buf_putc(&r->out, '\n');
	put_fence(r, n);
}

/* The template of name (looked up once per post). */
static struct tpl *
template(struct rw *r, const char *name)
{
	struct tpl *t;

	for (size_t i = 0; i < r->ntpls; i++)
		if (!strcmp(r->tpls[i].name, name))
			return &r->tpls[i];
	r->tpls = xreallocarray(r->tpls, r->ntpls + 1, sizeof(*r->tpls));
	t = &r->tpls[r->ntpls++];
	memset(t, 0, sizeof(*t));
	t->first_pos = -1;
	snprintf(t->name, sizeof(t->name), "%s", name);
	find_template(t, r->env->site ? r->env->site->root : NULL, r->gen);
	return t;
}

/* Whether word stands whole in s. */
static int
has_word(const char *s, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = s; n > 0 && (p = strstr(p, word)) != NULL;
	    p++)
		if ((p == s || !is_ident(p[-1])) && !is_ident(p[n]))
			return 1;
	return 0;
}

/* Which argument of a call to an image wrapper t (or to an unknown
 * shortcode, t NULL) is the picture; NULL when none is. */
static const char *
image_arg(const struct shortcode *sc, const struct tpl *t, int *positional)
{
	static const char *const keys[] = { "src", "image", "img", "path",
	    "file", "url" };
	const char *v;

	*positional = 0;
	if (t != NULL && t->first_get != NULL &&
	    (v = shortcode_arg(sc, t->first_get, -1)) != NULL)
		return v;
	if (t != NULL && t->first_pos >= 0 &&
	    (v = shortcode_arg(sc, NULL, t->first_pos)) != NULL) {
		*positional = 1;
		return v;
	}
	for (size_t i = 0; t != NULL && t->src != NULL && i < sc->nargs; i++)
		if (sc->args[i].key != NULL && has_word(t->src,
		    sc->args[i].key))
			return sc->args[i].value;
	for (size_t i = 0; i < sc->nargs; i++)
		if (is_image_name(sc->args[i].value)) {
			*positional = sc->args[i].key == NULL;
			return sc->args[i].value;
		}
	for (size_t i = 0; t != NULL && i < sizeof(keys) / sizeof(*keys);
	    i++)
		if ((v = shortcode_arg(sc, keys[i], -1)) != NULL)
			return v;
	if (t != NULL && (v = shortcode_arg(sc, NULL, 0)) != NULL) {
		*positional = 1;
		return v;
	}
	return NULL;
}

/* A theme's video or audio player with its file: the note a <video> gets,
 * for it says all there is. Returns 0 when sc is not one. */
static int
media(struct rw *r, const struct shortcode *sc)
{
	const char *base = strrchr(sc->name, '/'), *src;
	char *label;

	base = base ? base + 1 : sc->name;
	if (strcmp(base, "video") != 0 && strcmp(base, "audio") != 0)
		return 0;
	if ((src = shortcode_arg(sc, "src", 0)) == NULL &&
	    (src = shortcode_arg(sc, "url", -1)) == NULL)
		return 0;
	label = xasprintf("Embedded %s", base);
	put_note(r, label, src);
	free(label);
	return 1;
}

/* A site's, theme's or unknown shortcode: an image, else when paired
 * nothing (its inner Markdown stays), else a note. */
static void
site_shortcode(struct rw *r, const struct shortcode *sc, int paired)
{
	struct tpl *t = template(r, sc->name);
	const char *src, *cap, *url = NULL;
	int positional;
	char *label;

	src = image_arg(sc, t->kind == TPL_IMAGE ? t : NULL, &positional);
	if (src != NULL && (t->kind == TPL_IMAGE || t->kind == TPL_MISSING)) {
		cap = shortcode_arg(sc, "caption", positional ? 1 : -1);
		if (cap == NULL)
			cap = shortcode_arg(sc, "title", -1);
		put_image(r, src, shortcode_arg(sc, "alt", -1), cap,
		    shortcode_arg(sc, "link", -1),
		    shortcode_arg(sc, "width", -1));
		return;
	}
	if (paired)
		return;
	if (media(r, sc))
		return;
	for (size_t i = 0; i < sc->nargs && url == NULL; i++)
		if (is_url(sc->args[i].value))
			url = sc->args[i].value;
	label = xasprintf("Shortcode \xE2\x80\x9C%s\xE2\x80\x9D (not drawn)",
	    sc->name);
	put_note(r, label, url);
	free(label);
	/* Once a post: each of its notes names it on the page. */
	if (t->warned++)
		return;
	if (t->kind == TPL_MISSING)
		diag(DIAG_WARNING, r->file, line_of(r, sc->start),
		    "shortcode \"%s\" has no template in the site or its "
		    "themes: shown as a note", sc->name);
	else
		diag(DIAG_WARNING, r->file, line_of(r, sc->start),
		    "shortcode \"%s\" (%s) cannot be drawn: shown as a note",
		    sc->name, t->path);
}

/* Whether the text at pos ends its line and the next line has text. */
static int
next_line_text(const struct rw *r, size_t pos)
{
	while (pos < r->len && (r->s[pos] == ' ' || r->s[pos] == '\t' ||
	    r->s[pos] == '\r'))
		pos++;
	if (pos >= r->len || r->s[pos] != '\n')
		return 0;
	for (pos++; pos < r->len && r->s[pos] != '\n'; pos++)
		if (!is_space(r->s[pos]))
			return 1;
	return 0;
}

/* Whether name is one of the generator's built-ins. */
static int
builtin(const struct rw *r, const char *name)
{
	static const char *const hugo[] = { "figure", "highlight", "ref",
	    "relref", "youtube", "vimeo", "x", "twitter", "tweet",
	    "instagram", "gist", "param", "details", "comment", "qr" };
	static const char *const zola[] = { "youtube", "vimeo", "streamable",
	    "gist" };
	const char *const *b = r->gen == GEN_ZOLA ? zola : hugo;
	size_t n = r->gen == GEN_ZOLA ? sizeof(zola) / sizeof(*zola) :
	    sizeof(hugo) / sizeof(*hugo);

	for (size_t i = 0; i < n; i++)
		if (!strcmp(b[i], name))
			return 1;
	return 0;
}

/*
 * An opening call, token i. Returns the token to go on with: after its
 * closing when the body was taken here (highlight, comment, mermaid),
 * else i + 1. *pos is set to where the text goes on.
 */
static size_t
opening(struct rw *r, size_t i, size_t *pos)
{
	const struct shortcode *sc = &r->sc[i];
	const struct shortcode *close = r->partner[i] != NONE ?
	    &r->sc[r->partner[i]] : NULL;
	const char *n = sc->name;
	int known = builtin(r, n);

	*pos = sc->end;
	if (close != NULL && ((known && (!strcmp(n, "highlight") ||
	    !strcmp(n, "comment"))) || !strcmp(n, "mermaid"))) {
		if (n[0] == 'c')
			put_newlines(r, sc->start, close->end);
		else {
			code(r, sc, close, n[0] == 'h' ?
			    shortcode_arg(sc, "lang", 0) : "mermaid");
			put_newlines(r, close->start, close->end);
		}
		*pos = close->end;
		return r->partner[i] + 1;
	}
	if (known && !strcmp(n, "figure"))
		figure(r, sc);
	else if (known && (!strcmp(n, "ref") || !strcmp(n, "relref")))
		ref(r, sc);
	else if (known && !strcmp(n, "param"))
		param(r, sc);
	else if (known && !strcmp(n, "details")) {
		const char *s = shortcode_arg(sc, "summary", 0);

		buf_puts(&r->out, "<span></span><strong>");
		buf_put_escaped(&r->out, s ? s : "Details", 1);
		buf_puts(&r->out, "</strong>");
		/* Its own line, when text follows on the next. */
		if (next_line_text(r, sc->end))
			buf_putc(&r->out, '\\');
	} else if (known && (!strcmp(n, "highlight") ||
	    !strcmp(n, "comment")))
		diag(DIAG_WARNING, r->file, line_of(r, sc->start),
		    "shortcode %s without its closing {{< /%s >}} is dropped",
		    n, n);
	else if (known && embed(r, sc))
		;
	else
		site_shortcode(r, sc, close != NULL);
	put_newlines(r, sc->start, sc->end);
	return i + 1;
}

/* Whether a call is left as written for a later stage: Hugo's math and
 * katex pairs, which mathscan.c typesets. */
static int
left_for_later(const struct rw *r, const struct shortcode *sc)
{
	return r->gen == GEN_HUGO && sc->kind != SC_LITERAL &&
	    (!strcmp(sc->name, "math") || !strcmp(sc->name, "katex"));
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * Pairs openings with closings: Hugo's by name, Zola's {% end %} with the
 * innermost body. A Hugo name never closed in the post opens nothing (a
 * run of {{< x >}} is not a nest).
 */
static void
pair(struct rw *r)
{
	size_t stack[SC_DEPTH_MAX], depth = 0, nclosed = 0;
	const char **closed = xreallocarray(NULL, r->nsc + 1,
	    sizeof(*closed));
	int warned = 0;

	for (size_t i = 0; i < r->nsc; i++)
		if (r->sc[i].kind == SC_CLOSE)
			closed[nclosed++] = r->sc[i].name;
	qsort(closed, nclosed, sizeof(*closed), cmp_name);
	for (size_t i = 0; i < r->nsc; i++) {
		struct shortcode *sc = &r->sc[i];
		const char *name = sc->name;

		r->partner[i] = NONE;
		if (sc->kind == SC_OPEN && !sc->self_closing &&
		    (r->gen == GEN_HUGO ? bsearch(&name, closed, nclosed,
		    sizeof(*closed), cmp_name) != NULL : sc->body)) {
			if (depth < SC_DEPTH_MAX)
				stack[depth++] = i;
			else if (!warned++)
				diag(DIAG_WARNING, r->file, line_of(r,
				    sc->start), "shortcodes nested more than "
				    "%d deep: the deeper ones are taken as "
				    "unpaired", SC_DEPTH_MAX);
		} else if (sc->kind == SC_CLOSE) {
			size_t k = depth;

			while (k > 0 && r->gen == GEN_HUGO &&
			    strcmp(r->sc[stack[k - 1]].name, sc->name) != 0)
				k--;
			if (k == 0)
				continue;
			r->partner[i] = stack[k - 1];
			r->partner[stack[k - 1]] = i;
			depth = k - 1;
		}
	}
	free(closed);
}

/* Finds every call; malformed ones stay text, with a warning each. */
static void
find_calls(struct rw *r)
{
	size_t pos = 0;
	const char *p, *why;
	struct shortcode sc;
	int rc;

	while (pos + 1 < r->len &&
	    (p = memchr(r->s + pos, '{', r->len - pos - 1)) != NULL) {
		size_t at = (size_t)(p - r->s);

		rc = shortcode_scan(r->gen, r->s, r->len, at, &sc, &why);
		if (rc == 0) {
			pos = at + 1;
			continue;
		}
		if (rc == -1) {
			if (r->nbad++ < BAD_SAID)
				diag(DIAG_WARNING, r->file, line_of(r, at),
				    "shortcode %s: %s; kept as text",
				    sc.name[0] ? sc.name : "call", why);
			pos = at + 2;
			continue;
		}
		if (r->nsc == SC_CALLS_MAX) {
			diag(DIAG_WARNING, r->file, line_of(r, at),
			    "more than %d shortcodes: the rest is kept as "
			    "text", SC_CALLS_MAX);
			shortcode_clear(&sc);
			break;
		}
		if (r->nsc == r->capsc) {
			/* Doubling: linear time however many calls. */
			r->capsc = r->capsc ? r->capsc * 2 : 16;
			r->sc = xreallocarray(r->sc, r->capsc, sizeof(*r->sc));
		}
		r->sc[r->nsc++] = sc;
		pos = sc.end;
	}
}

char *
shortcode_rewrite(const char *file, unsigned first_line, const char *text,
    size_t len, const struct shortcode_env *env, size_t *outlen)
{
	struct rw r = { .file = file, .s = text, .len = len, .env = env,
		.lc = { .s = text, .first = first_line } };
	size_t pos = 0, i = 0;

	r.gen = env && env->site ? env->site->generator : GEN_JEKYLL;
	if (r.gen == GEN_HUGO || r.gen == GEN_ZOLA) {
		find_calls(&r);
		r.partner = xreallocarray(NULL, r.nsc + 1, sizeof(*r.partner));
		pair(&r);
	}
	while (i < r.nsc) {
		struct shortcode *sc = &r.sc[i];

		buf_append(&r.out, text + pos, sc->start - pos);
		pos = sc->end;
		if (left_for_later(&r, sc)) {
			buf_append(&r.out, text + sc->start, sc->end - sc->start);
			i++;
		} else if (sc->kind == SC_LITERAL) {
			size_t a = sc->start, b = sc->end;

			/* The delimiters without their stars and slashes. */
			buf_append(&r.out, text + a, r.gen == GEN_HUGO ? 3 : 2);
			a += r.gen == GEN_HUGO ? 5 : 4;
			b -= r.gen == GEN_HUGO ? 5 : 4;
			buf_append(&r.out, text + a, b - a);
			buf_append(&r.out, text + b + 2, sc->end - b - 2);
			i++;
		} else if (sc->kind == SC_CLOSE) {
			if (r.partner[i] == NONE && r.nbad++ < BAD_SAID)
				diag(DIAG_WARNING, file, line_of(&r, sc->start),
				    "a closing shortcode %s%s without its "
				    "opening is dropped", sc->name[0] ? "/" :
				    "end", sc->name);
			put_newlines(&r, sc->start, sc->end);
			i++;
		} else
			i = opening(&r, i, &pos);
	}
	buf_append(&r.out, text + pos, len - pos);
	if (r.nbad > BAD_SAID)
		diag(DIAG_WARNING, file, first_line, "%zu more malformed or "
		    "unmatched shortcodes, like those above", r.nbad - BAD_SAID);
	for (size_t k = 0; k < r.nsc; k++)
		shortcode_clear(&r.sc[k]);
	for (size_t k = 0; k < r.ntpls; k++) {
		free(r.tpls[k].path);
		free(r.tpls[k].src);
		free(r.tpls[k].first_get);
	}
	free(r.tpls);
	free(r.sc);
	free(r.partner);
	*outlen = r.out.len;
	return buf_take(&r.out);
}
