/* meta.c - a post's front matter (YAML, TOML, JSON or headers) and its
 * path into struct meta. */
#include "meta.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diag.h"
#include "dialect.h"
#include "headers.h"
#include "html.h"
#include "jsonmap.h"
#include "tomlmap.h"
#include "util.h"
#include "yamlmap.h"

#define DATE_EXPECTED "expected YYYY-MM-DD [HH:MM[:SS]] [+HH:MM]"

static const char *const month_names[] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"
};

/* Whether line s[0..n) is mark followed only by blanks. */
static int
line_is(const char *s, size_t n, const char *mark)
{
	size_t mlen = strlen(mark);

	if (n < mlen || memcmp(s, mark, mlen) != 0)
		return 0;
	for (; mlen < n; mlen++)
		if (s[mlen] != ' ' && s[mlen] != '\t')
			return 0;
	return 1;
}

static int
days_in_month(int year, int month)
{
	static const int days[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	return month == 2 && leap ? 29 : days[month - 1];
}

/* Reads min..max digits at *pp into *out, advancing *pp. */
static int
get_digits(const char **pp, int min, int max, int *out)
{
	const char *p = *pp;
	int n = 0, v = 0;

	while (n < max && isdigit((unsigned char)p[n]))
		v = v * 10 + (p[n++] - '0');
	if (n < min)
		return -1;
	*pp = p + n;
	*out = v;
	return 0;
}

static int
valid_date(const struct date *d)
{
	return d->year >= 1 && d->month >= 1 && d->month <= 12 &&
	    d->day >= 1 && d->day <= days_in_month(d->year, d->month) &&
	    d->hour <= 23 && d->min <= 59 && d->sec <= 59 &&
	    d->zone_min > -24 * 60 && d->zone_min < 24 * 60;
}

static int
parse_time(const char **pp, struct date *d)
{
	const char *p = *pp;

	if (get_digits(&p, 1, 2, &d->hour) == -1 || *p++ != ':' ||
	    get_digits(&p, 2, 2, &d->min) == -1)
		return -1;
	if (*p == ':') {
		p++;
		if (get_digits(&p, 2, 2, &d->sec) == -1)
			return -1;
		/* Fractional seconds are allowed and dropped. */
		if (*p == '.') {
			if (!isdigit((unsigned char)*++p))
				return -1;
			while (isdigit((unsigned char)*p))
				p++;
		}
	}
	d->has_time = 1;
	*pp = p;
	return 0;
}

/* Z, +HH, +HH:MM, +HHMM (or -). */
static int
parse_zone(const char **pp, struct date *d)
{
	const char *p = *pp, *start;
	int sign, hh, mm = 0;

	if (*p == 'Z' || *p == 'z') {
		d->has_zone = 1;
		d->zone_min = 0;
		*pp = p + 1;
		return 0;
	}
	if (*p != '+' && *p != '-')
		return -1;
	sign = *p++ == '-' ? -1 : 1;
	start = p;
	if (get_digits(&p, 1, 4, &hh) == -1)
		return -1;
	if (p - start == 4) {
		mm = hh % 100;
		hh /= 100;
	} else if (p - start == 3)
		return -1;
	else if (*p == ':') {
		p++;
		if (get_digits(&p, 2, 2, &mm) == -1)
			return -1;
	}
	if (mm > 59)
		return -1;
	d->has_zone = 1;
	d->zone_min = sign * (hh * 60 + mm);
	*pp = p;
	return 0;
}

/* Parses a front matter date; returns 0, or -1 if it is not one. */
static int
parse_date(const char *s, struct date *d)
{
	const char *p = s;

	memset(d, 0, sizeof(*d));
	if (get_digits(&p, 4, 4, &d->year) == -1 || *p++ != '-' ||
	    get_digits(&p, 1, 2, &d->month) == -1 || *p++ != '-' ||
	    get_digits(&p, 1, 2, &d->day) == -1)
		goto bad;
	if (*p == 'T' || *p == 't') {
		p++;
		if (parse_time(&p, d) == -1)
			goto bad;
	} else {
		while (*p == ' ' || *p == '\t')
			p++;
		if (isdigit((unsigned char)*p) && parse_time(&p, d) == -1)
			goto bad;
	}
	if (d->has_time) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p != '\0' && parse_zone(&p, d) == -1)
			goto bad;
	}
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p != '\0' || !valid_date(d))
		goto bad;
	return 0;
bad:
	memset(d, 0, sizeof(*d));
	return -1;
}

/* Scalar value of key as a new string; warns when it is not a scalar. */
static char *
get_str(const char *path, const struct ynode *map, const char *key)
{
	const struct ynode *n = yamlmap_get(map, key);

	if (n == NULL || n->null)
		return NULL;
	if (n->type != YNODE_SCALAR) {
		diag(DIAG_WARNING, path, n->line,
		    "'%s' should be a single value; ignored", key);
		return NULL;
	}
	return xstrdup(n->value);
}

/* A string, or a mapping's sub (e.g. author.name), or a joined list. */
static char *
get_str_or(const char *path, const struct ynode *map, const char *key,
    const char *sub)
{
	const struct ynode *n = yamlmap_get(map, key);
	const char *s;

	if (n == NULL || n->type == YNODE_SCALAR)
		return get_str(path, map, key);
	if (n->type == YNODE_MAP)
		return (s = yamlmap_str(yamlmap_get(n, sub))) ? xstrdup(s) :
		    NULL;
	return yamlmap_join(n);
}

static void
list_add(char ***list, size_t *n, const char *s, size_t len)
{
	*list = xreallocarray(*list, *n + 1, sizeof(**list));
	(*list)[(*n)++] = xstrndup(s, len);
}

/*
 * A list from a YAML sequence, or from a scalar: split at blanks when
 * split is set, else taken whole. Returns whether key was there.
 */
static int
get_list(const char *path, const struct ynode *map, const char *key,
    int split, char ***list, size_t *n)
{
	const struct ynode *v = yamlmap_get(map, key);
	const char *s, *e;
	size_t i;

	if (v == NULL || v->null)
		return 0;
	switch (v->type) {
	case YNODE_SCALAR:
		if (!split) {
			list_add(list, n, v->value, strlen(v->value));
			break;
		}
		for (s = v->value; *s != '\0'; s = e) {
			while (isspace((unsigned char)*s))
				s++;
			for (e = s; *e != '\0' && !isspace((unsigned char)*e);)
				e++;
			if (e > s)
				list_add(list, n, s, (size_t)(e - s));
		}
		break;
	case YNODE_SEQ:
		for (i = 0; i < v->n; i++) {
			if ((s = yamlmap_str(&v->items[i])) != NULL)
				list_add(list, n, s, strlen(s));
			else if (v->items[i].type != YNODE_SCALAR)
				diag(DIAG_WARNING, path, v->items[i].line,
				    "'%s' items should be single values; "
				    "ignored", key);
		}
		break;
	case YNODE_MAP:
		diag(DIAG_WARNING, path, v->line,
		    "'%s' should be a list or a string; ignored", key);
		break;
	}
	return 1;
}

/* Singular key (taken whole) wins over plural key, as in Jekyll. */
static void
get_plural(const char *path, const struct ynode *map, const char *one,
    const char *many, char ***list, size_t *n)
{
	if (!get_list(path, map, one, 0, list, n))
		get_list(path, map, many, 1, list, n);
}

static const char *
image_of(const struct ynode *map)
{
	/* Jekyll, Hugo and Zola themes' names for a post's picture. */
	static const char *const keys[] = {
		"featured-image", "featured_image", "image", "images", "cover",
		"feature_image", "featureImage", "cover_image", "thumbnail",
		"heroImage", "banner", "hero"
	};
	static const char *const subs[] = { "path", "feature", "url",
		"image", "src" };
	const struct ynode *v;
	const char *s;
	size_t i, j;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		v = yamlmap_get(map, keys[i]);
		if (v != NULL && v->type == YNODE_SEQ && v->n > 0)
			v = &v->items[0];	/* Hugo's images: [...] */
		if ((s = yamlmap_str(v)) != NULL)
			return s;
		for (j = 0; s == NULL && j < sizeof(subs) / sizeof(subs[0]); j++)
			s = yamlmap_str(yamlmap_get(v, subs[j]));
		if (s != NULL)
			return s;
	}
	return NULL;
}

/* The picture, or the one a theme keeps under params or extra. */
static char *
get_image(const struct ynode *map)
{
	const char *s = image_of(map);

	if (s == NULL)
		s = image_of(yamlmap_get(map, "params"));
	if (s == NULL)
		s = image_of(yamlmap_get(map, "extra"));
	return s && *s ? xstrdup(s) : NULL;
}

static void
get_draft(const char *path, const struct ynode *map, int *draft)
{
	const struct ynode *v;
	int b;

	if ((v = yamlmap_get(map, "draft")) != NULL && !v->null) {
		if (yamlmap_bool(v, &b) == 0)
			*draft = b;
		else
			diag(DIAG_WARNING, path, v->line,
			    "'draft' should be true or false; ignored");
	}
	if ((v = yamlmap_get(map, "published")) != NULL && !v->null) {
		if (yamlmap_bool(v, &b) == 0) {
			if (!b)
				*draft = 1;
		} else
			diag(DIAG_WARNING, path, v->line,
			    "'published' should be true or false; ignored");
	}
}

/* "Jul 08 2022", "July 8, 2022", "8 July 2022": dates written out, as
 * Astro's and some Hugo themes' pubDate are. 0, or -1. */
static int
parse_words_date(const char *s, struct date *d)
{
	char a[16], b[16], c[16], end;
	const char *mon = NULL, *day = NULL, *year = NULL;

	memset(d, 0, sizeof(*d));
	if (sscanf(s, " %15[A-Za-z0-9] %15[A-Za-z0-9] , %15[0-9] %c", a, b, c,
	    &end) != 3 && sscanf(s, " %15[A-Za-z0-9] %15[A-Za-z0-9] %15[0-9] "
	    "%c", a, b, c, &end) != 3)
		return -1;
	if (isalpha((unsigned char)a[0]))
		mon = a, day = b;
	else
		day = a, mon = b;
	year = c;
	for (int i = 0; i < 12; i++)
		if (strlen(mon) >= 3 && strncasecmp(mon, month_names[i],
		    strlen(mon)) == 0)
			d->month = i + 1;
	d->day = atoi(day);
	d->year = atoi(year);
	if (!isdigit((unsigned char)day[0]) || strlen(year) != 4 ||
	    !valid_date(d)) {
		memset(d, 0, sizeof(*d));
		return -1;
	}
	return 0;
}

/*
 * The first of keys (NULL-terminated) present in map, read as a date
 * into *d. Not reading it is no error, only a warning: *d stays zero.
 */
static void
get_date_of(const char *path, const struct ynode *map,
    const char *const *keys, struct date *d)
{
	const struct ynode *v = NULL;

	for (; *keys != NULL; keys++)
		if ((v = yamlmap_get(map, *keys)) != NULL && !v->null)
			break;
	if (*keys == NULL)
		return;
	if (v->type != YNODE_SCALAR || (parse_date(v->value, d) == -1 &&
	    parse_words_date(v->value, d) == -1))
		diag(DIAG_WARNING, path, v->line, "'%s' is not a date quire "
		    "reads (" DATE_EXPECTED ", or 'Jul 8 2022'); ignored",
		    *keys);
}

/* When there is no date: Hugo's publishDate, Astro's pubDate. */
static void
get_other_date(const char *path, const struct ynode *map, struct date *d)
{
	static const char *const keys[] = { "publishDate", "pubDate",
		"pubdate", "published_at", "created", NULL };

	get_date_of(path, map, keys, d);
}

static int
get_date(const char *path, const struct ynode *map, struct date *d)
{
	const struct ynode *v = yamlmap_get(map, "date");

	if (v == NULL || v->null) {
		get_other_date(path, map, d);
		return 0;
	}
	if (v->type != YNODE_SCALAR) {
		diag(DIAG_ERROR, path, v->line, "date is not a single value "
		    "(" DATE_EXPECTED ")");
		return -1;
	}
	/* Eleventy's words for a date it takes from the file system or
	 * git: nothing quire can know, so the path's date, if any. */
	if (!strcmp(v->value, "Last Modified") || !strcmp(v->value,
	    "Created") || !strcmp(v->value, "git Last Modified") ||
	    !strcmp(v->value, "git Created"))
		return 0;
	if (parse_date(v->value, d) == -1) {
		diag(DIAG_ERROR, path, v->line, "date '%s' is not a valid date "
		    "(" DATE_EXPECTED ")", v->value);
		return -1;
	}
	return 0;
}

/*
 * Whether s[0..n) starts with "YYYY-MM-DD" naming a real date and
 * followed by '-' or '_' (Zola takes both); the date's length, or 0.
 */
static size_t
name_date(const char *s, size_t n, struct date *d)
{
	const char *p = s;

	memset(d, 0, sizeof(*d));
	if (n > 11 && get_digits(&p, 4, 4, &d->year) == 0 && *p++ == '-' &&
	    get_digits(&p, 2, 2, &d->month) == 0 && *p++ == '-' &&
	    get_digits(&p, 2, 2, &d->day) == 0 && (*p == '-' || *p == '_') &&
	    valid_date(d))
		return 10;
	memset(d, 0, sizeof(*d));
	return 0;
}

/* Whether s[0..n) is all digits, 1 to 4 of them; their value, or -1. */
static int
number(const char *s, size_t n)
{
	int v = 0;

	if (n == 0 || n > 4)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/*
 * A date in the folders of path (or a Zola path value): the last
 * ".../YYYY/MM[/DD]/..." in it, the day 1 when only the month is
 * there. Returns whether one was found.
 */
static int
folder_date(const char *path, struct date *d)
{
	int v[3], nv = 0, found = 0;
	const char *p = path, *e;

	for (; *p; p = *e ? e + 1 : e) {
		e = p + strcspn(p, "/");
		v[nv < 3 ? nv : 2] = number(p, (size_t)(e - p));
		if (v[nv < 3 ? nv : 2] < 0) {
			nv = 0;
			continue;
		}
		/* A year starts a run; a month and a day may follow. */
		if (nv == 0 && (e - p != 4 || v[0] < 1000))
			continue;
		if (nv < 3)
			nv++;
		if (nv >= 2) {
			struct date t = { v[0], v[1], nv == 3 ? v[2] : 1,
				0, 0, 0, 0, 0, 0 };

			if (valid_date(&t)) {
				*d = t;
				found = 1;
			}
		}
		if (nv == 3)
			nv = 0;
	}
	return found;
}

/* Length of a ".fr" or ".zh-tw" language suffix ending s[0..n), or 0. */
static size_t
lang_suffix(const char *s, size_t n)
{
	size_t i = n;

	while (i > 0 && isalpha((unsigned char)s[i - 1]))
		i--;
	/* A region or script after a dash: "-tw", "-Hans". */
	if (n - i >= 2 && n - i <= 4 && i > 3 && (s[i - 1] == '-' ||
	    s[i - 1] == '_') && isalpha((unsigned char)s[i - 2]) &&
	    isalpha((unsigned char)s[i - 3]) && s[i - 4] == '.' && i > 4)
		return n - i + 4;
	return n - i == 2 && i > 1 && s[i - 1] == '.' ? 3 : 0;
}

static int
is_index(const char *s, size_t n)
{
	return (n == 5 && !memcmp(s, "index", 5)) ||
	    (n == 6 && !memcmp(s, "_index", 6));
}

/*
 * What the path tells: the slug (the file name less date, language and
 * extension; a page bundle's folder name for index.md), the language of
 * a translation ("post.fr.md"), and the date when the front matter gave
 * none (the name's, the bundle folder's, then the folders').
 */
static void
from_path(struct meta *m, const char *path, enum generator gen)
{
	const char *base = strrchr(path, '/'), *dot;
	struct date d;
	size_t len, k;

	base = base ? base + 1 : path;
	dot = strrchr(base, '.');
	/* A leading dot names a hidden file; it is no extension. */
	len = dot != NULL && dot != base ? (size_t)(dot - base) : strlen(base);
	/* Jekyll has no translations by file name. */
	if (gen != GEN_JEKYLL && (k = lang_suffix(base, len)) > 0) {
		if (m->lang == NULL)
			m->lang = xstrndup(base + len - k + 1, k - 1);
		len -= k;
	}
	if (is_index(base, len) && base > path + 1) {
		/* A page bundle: the folder names the post. */
		const char *end = base - 1, *start = end;

		while (start > path && start[-1] != '/')
			start--;
		base = start;
		len = (size_t)(end - start);
	}
	if ((k = name_date(base, len, &d)) > 0) {
		base += k + 1;
		len -= k + 1;
		if (m->date.year == 0)
			m->date = d;
	}
	if (m->date.year == 0 && m->permalink != NULL &&
	    folder_date(m->permalink, &d))
		m->date = d;
	if (m->date.year == 0) {
		char *dir = xstrndup(path, (size_t)(base - path));

		if (folder_date(dir, &d))
			m->date = d;
		free(dir);
	}
	m->name = xstrndup(base, len);
	if (m->slug == NULL)
		m->slug = xstrdup(m->name);
}

/* Where the front matter ends: the first line after the opening one that
 * is one of the marks. Returns the offset of that line, or -1. */
static long
closing(const char *text, size_t len, size_t from, const char *mark1,
    const char *mark2, unsigned *line)
{
	const char *p = text + from, *e;
	size_t n;

	for (*line = 2; p < text + len; (*line)++) {
		e = memchr(p, '\n', (size_t)(text + len - p));
		n = e ? (size_t)(e - p) : (size_t)(text + len - p);
		if (line_is(p, n, mark1) || (mark2 && line_is(p, n, mark2)))
			return (long)(p - text);
		p = e ? e + 1 : text + len;
	}
	return -1;
}

/* The line of offset off: 1 for the first. */
static unsigned
lines_before(const char *text, size_t off)
{
	return 1 + count_newlines(text, off);
}

/* Whether text opens with Hugo's JSON front matter: '{' then a key. */
static int
json_front(const char *text, size_t len)
{
	size_t i = 1;

	if (len == 0 || text[0] != '{')
		return 0;
	while (i < len && (text[i] == ' ' || text[i] == '\t' ||
	    text[i] == '\n'))
		i++;
	return i < len && (text[i] == '"' || text[i] == '}');
}

/* Splits off and parses the front matter, whichever its format; *root
 * stays NULL when there is none. Returns 0 or -1 (reported). */
static int
split(struct meta *m, const char *path, const char *text, size_t len,
    enum generator gen, size_t *body_off, struct ynode **root)
{
	const char *e = memchr(text, '\n', len), *fmt;
	size_t n = e ? (size_t)(e - text) : len, start = e ? n + 1 : len, end;
	unsigned line;
	long close;
	int toml;

	*root = NULL;
	if (json_front(text, len)) {
		if (jsonmap_parse(path, 1, text, len, root, &end) == -1)
			return -1;
		/* The rest of the closing line must be blank. */
		while (end < len && (text[end] == ' ' || text[end] == '\t'))
			end++;
		if (end < len && text[end] != '\n') {
			diag(DIAG_ERROR, path, lines_before(text, end),
			    "JSON: text after the front matter's closing '}'");
			return -1;
		}
		*body_off = end < len ? end + 1 : len;
		m->body_line = lines_before(text, *body_off);
		fmt = "a JSON object";
		goto check;
	}
	if (headers_present(text, len, gen == GEN_PELICAN)) {
		*root = headers_parse(1, text, len, body_off);
		m->body_line = lines_before(text, *body_off);
		return 0;
	}
	toml = line_is(text, n, "+++");
	if (!toml && !line_is(text, n, "---"))
		return 0;
	close = toml ? closing(text, len, start, "+++", NULL, &line) :
	    closing(text, len, start, "---", "...", &line);
	if (close < 0) {
		diag(DIAG_ERROR, path, 1, "front matter starts here but is "
		    "never closed (no closing '%s' line)", toml ? "+++" :
		    "---");
		return -1;
	}
	e = memchr(text + close, '\n', len - (size_t)close);
	*body_off = e ? (size_t)(e + 1 - text) : len;
	m->body_line = line + 1;
	if (toml) {
		fmt = "a TOML table";
		if (tomlmap_parse(path, 2, text + start, (size_t)close - start,
		    root) == -1)
			return -1;
	} else {
		fmt = "a YAML mapping of 'key: value' lines";
		if (yamlmap_parse(path, 2, "front matter", text + start,
		    (size_t)close - start, root) == -1)
			return -1;
	}
check:
	if (*root != NULL && !((*root)->type == YNODE_SCALAR &&
	    (*root)->null) && (*root)->type != YNODE_MAP) {
		diag(DIAG_ERROR, path, (*root)->line, "front matter is not %s",
		    fmt);
		return -1;
	}
	return 0;
}

/* A title under key, its HTML character references decoded ("&lt;" is
 * "<"). */
static char *
get_title(const char *path, const struct ynode *root, const char *key)
{
	char *t = get_str(path, root, key);
	struct buf b = {0};

	if (t == NULL || strchr(t, '&') == NULL)
		return t;
	html_decode(&b, t, strlen(t));
	free(t);
	return buf_take(&b);
}

/* The first of keys present, as get_str reads it. */
static char *
get_first(const char *path, const struct ynode *map,
    const char *const *keys)
{
	char *s = NULL;

	for (; *keys != NULL && s == NULL; keys++)
		s = get_str(path, map, *keys);
	return s;
}

int
meta_read(struct meta *m, const char *path, const char *text, size_t len,
    enum generator gen, size_t *body_off)
{
	static const char *const excerpt[] = { "excerpt", "summary",
		"description", "spoiler", NULL };
	static const char *const lang[] = { "lang", "language", NULL };
	/* Hugo's url, Zola's path and Pelican's url put a page where they
	 * say; Jekyll's and the others' permalink. */
	static const char *const permalink[] = { "permalink", NULL };
	static const char *const url[] = { "url", NULL };
	static const char *const path_[] = { "path", NULL };
	const struct ynode *tax;
	struct ynode *root = NULL;
	int rc = -1;

	memset(m, 0, sizeof(*m));
	m->body_line = 1;
	*body_off = 0;
	if (split(m, path, text, len, gen, body_off, &root) == -1)
		goto out;
	if (root == NULL) {
		from_path(m, path, gen);
		rc = 0;
		goto out;
	}
	if (get_date(path, root, &m->date) == -1)
		goto out;
	get_date_of(path, root, dialect_of(gen)->updated, &m->updated);
	/* Hugo dates a page by its lastmod when nothing else dates it. */
	if (gen == GEN_HUGO && m->date.year == 0)
		m->date = m->updated;
	m->title = get_title(path, root, "title");
	m->short_title = get_title(path, root, "short_title");
	if ((m->author = get_str_or(path, root, "author", "name")) == NULL)
		m->author = get_str_or(path, root, "authors", "name");
	tax = yamlmap_get(root, "taxonomies");	/* Zola */
	get_plural(path, root, "tag", "tags", &m->tags, &m->ntags);
	if (m->ntags == 0)
		get_list(path, tax, "tags", 0, &m->tags, &m->ntags);
	get_plural(path, root, "category", "categories", &m->categories,
	    &m->ncategories);
	if (m->ncategories == 0)
		get_list(path, tax, "categories", 0, &m->categories,
		    &m->ncategories);
	/* Jekyll's description is the page's meta tag, not its excerpt. */
	m->excerpt = gen == GEN_JEKYLL ? get_str(path, root, "excerpt") :
	    get_first(path, root, excerpt);
	m->image = get_image(root);
	get_draft(path, root, &m->draft);
	m->series = get_str_or(path, root, "series", "name");
	m->lang = get_first(path, root, lang);
	m->note = get_str(path, root, "note");
	m->permalink = get_first(path, root, gen == GEN_HUGO ||
	    gen == GEN_PELICAN ? url : gen == GEN_ZOLA ? path_ : permalink);
	m->slug = get_str(path, root, "slug");
	yamlmap_flatten(root, &m->vars, &m->nvars);
	from_path(m, path, gen);
	rc = 0;
out:
	yamlmap_free(root);
	return rc;
}

static void
free_list(char **list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

void
meta_free(struct meta *m)
{
	free(m->title);
	free(m->short_title);
	free(m->author);
	free_list(m->tags, m->ntags);
	free_list(m->categories, m->ncategories);
	free(m->excerpt);
	free(m->image);
	free(m->series);
	free(m->lang);
	free(m->note);
	free(m->permalink);
	free(m->slug);
	free(m->name);
	kv_free(m->vars, m->nvars);
	memset(m, 0, sizeof(*m));
}

void
date_format_long(const struct date *d, char *out, size_t n)
{
	if (n == 0)
		return;
	if (d->year == 0 || d->month < 1 || d->month > 12) {
		out[0] = '\0';
		return;
	}
	snprintf(out, n, "%d %s %d", d->day, month_names[d->month - 1],
	    d->year);
}

void
meta_dates(const struct meta *m, struct buf *b)
{
	char date[64], updated[64];

	date_format_long(&m->date, date, sizeof(date));
	date_format_long(&m->updated, updated, sizeof(updated));
	buf_puts(b, date);
	if (*updated && strcmp(updated, date) != 0)
		buf_printf(b, "%sUpdated %s", *date ? "  \xC2\xB7  " : "",
		    updated);	/* a middle dot between */
}

void
date_format_iso(const struct date *d, char *out, size_t n)
{
	int z = d->zone_min < 0 ? -d->zone_min : d->zone_min;

	if (n == 0)
		return;
	if (d->year == 0) {
		out[0] = '\0';
		return;
	}
	if (d->has_zone)
		snprintf(out, n, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
		    d->year, d->month, d->day, d->hour, d->min, d->sec,
		    d->zone_min < 0 ? '-' : '+', z / 60, z % 60);
	else
		snprintf(out, n, "%04d-%02d-%02dT%02d:%02d:%02dZ", d->year,
		    d->month, d->day, d->hour, d->min, d->sec);
}

/* Days since 1970-01-01 in the proleptic Gregorian calendar. */
static long
days_from_civil(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static long long
utc_seconds(const struct date *d)
{
	return ((long long)days_from_civil(d->year, d->month, d->day) * 1440 +
	    d->hour * 60 + d->min - d->zone_min) * 60 + d->sec;
}

int
date_cmp(const struct date *a, const struct date *b)
{
	long long x, y;

	if (a->has_zone && b->has_zone) {
		x = utc_seconds(a);
		y = utc_seconds(b);
		return x < y ? -1 : x > y;
	}
	/* Field by field, as if both were in the same zone. */
	x = (((((long long)a->year * 13 + a->month) * 32 + a->day) * 24 +
	    a->hour) * 60 + a->min) * 60 + a->sec;
	y = (((((long long)b->year * 13 + b->month) * 32 + b->day) * 24 +
	    b->hour) * 60 + b->min) * 60 + b->sec;
	return x < y ? -1 : x > y;
}
