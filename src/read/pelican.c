/*
 * pelican.c - the Pelican dialect: pelicanconf.py read, never run (only
 * "NAME = literal" lines at the left margin: strings, numbers, True,
 * False, None, and lists or tuples of those), and Pelican's URLs
 * (ARTICLE_URL, "{slug}.html" by default, the slug made from the title).
 * Static files (STATIC_PATHS) are served from where they sit below
 * PATH, so PATH is the one static folder.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialect.h"
#include "diag.h"
#include "source.h"
#include "util.h"

static const char *const month_short[12] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
	"Nov", "Dec"
};

struct py {
	const char	*s;
	size_t		 pos, len;
	unsigned	 line;
};

static void
skip_blanks(struct py *p, int newlines)
{
	while (p->pos < p->len) {
		char c = p->s[p->pos];

		if (c == '#')
			while (p->pos < p->len && p->s[p->pos] != '\n')
				p->pos++;
		else if (c == '\n' && newlines)
			p->line++, p->pos++;
		else if (c == ' ' || c == '\t' || (c == '\\' &&
		    p->pos + 1 < p->len && p->s[p->pos + 1] == '\n'))
			p->pos += c == '\\' ? 2 : 1;
		else
			break;
	}
}

/* A Python string literal (with an r/u/b prefix, or triple quotes). */
static char *
py_string(struct py *p)
{
	struct buf b = {0};
	int raw = 0;
	char q;
	size_t qn;

	while (p->pos < p->len && strchr("rRuUbB", p->s[p->pos]) != NULL) {
		raw |= p->s[p->pos] == 'r' || p->s[p->pos] == 'R';
		p->pos++;
	}
	if (p->pos >= p->len || (p->s[p->pos] != '\'' && p->s[p->pos] != '"'))
		return NULL;
	q = p->s[p->pos];
	qn = p->len - p->pos >= 3 && p->s[p->pos + 1] == q &&
	    p->s[p->pos + 2] == q ? 3 : 1;
	p->pos += qn;
	buf_puts(&b, "");
	while (p->pos < p->len) {
		char c = p->s[p->pos];

		if (c == q && (qn == 1 || (p->len - p->pos >= 3 &&
		    p->s[p->pos + 1] == q && p->s[p->pos + 2] == q))) {
			p->pos += qn;
			return buf_take(&b);
		}
		if (c == '\n') {
			if (qn == 1)
				break;
			p->line++;
		}
		if (c == '\\' && !raw && p->pos + 1 < p->len) {
			c = p->s[++p->pos];
			c = c == 'n' ? '\n' : c == 't' ? '\t' : c;
		}
		buf_putc(&b, c);
		p->pos++;
	}
	buf_free(&b);
	return NULL;
}

static int py_value(struct py *p, struct ynode *n, int depth);

static int
py_list(struct py *p, struct ynode *n, int depth)
{
	char close = p->s[p->pos] == '[' ? ']' : ')';

	n->type = YNODE_SEQ;
	p->pos++;
	for (;;) {
		skip_blanks(p, 1);
		if (p->pos < p->len && p->s[p->pos] == close) {
			p->pos++;
			return 0;
		}
		if (py_value(p, yamlmap_add(n, NULL, p->line), depth + 1) == -1)
			return -1;
		skip_blanks(p, 1);
		if (p->pos < p->len && p->s[p->pos] == ',')
			p->pos++;
		else if (p->pos >= p->len || p->s[p->pos] != close)
			return -1;
	}
}

/* Whether word is next; then it is passed. */
static int
py_word(struct py *p, const char *word)
{
	return take_word(p->s, p->len, &p->pos, word);
}

/* A literal into n; -1 when it is anything else (an expression). */
static int
py_value(struct py *p, struct ynode *n, int depth)
{
	const char *s = p->s + p->pos;
	size_t k;

	n->line = p->line;
	n->type = YNODE_SCALAR;
	if (p->pos >= p->len)
		return -1;
	if ((*s == '[' || *s == '(') && depth < YAMLMAP_MAX_DEPTH)
		return py_list(p, n, depth);
	if (py_word(p, "True") || py_word(p, "False")) {
		n->value = xstrdup(*s == 'T' ? "true" : "false");
		return 0;
	}
	if (py_word(p, "None")) {
		n->value = xstrdup("");
		n->null = 1;
		return 0;
	}
	if (isdigit((unsigned char)*s) || *s == '-') {
		for (k = 1; k < p->len - p->pos && (isalnum((unsigned char)s[k]) ||
		    s[k] == '.' || s[k] == '_'); k++)
			continue;
		n->value = xstrndup(s, k);
		p->pos += k;
		return 0;
	}
	if ((n->value = py_string(p)) == NULL)
		return -1;
	/* "a" "b": Python joins adjacent strings. */
	for (;;) {
		size_t at = p->pos;
		char *more, *was;

		skip_blanks(p, 0);
		if ((more = py_string(p)) == NULL) {
			p->pos = at;
			return 0;
		}
		was = n->value;
		n->value = xasprintf("%s%s", was, more);
		free(was);
		free(more);
	}
}

struct ynode *
pelican_conf_read(const char *text, size_t len)
{
	struct ynode *top = xcalloc(1, sizeof(*top));
	struct py p = { text, 0, len, 1 };

	top->type = YNODE_MAP;
	while (p.pos < p.len) {
		size_t start = p.pos, k = 0;
		unsigned line = p.line;

		while (p.pos + k < p.len && (isupper((unsigned char)text[p.pos +
		    k]) || isdigit((unsigned char)text[p.pos + k]) ||
		    text[p.pos + k] == '_'))
			k++;
		if (k > 0 && !isdigit((unsigned char)text[start])) {
			char *name = xstrndup(text + start, k);
			struct ynode v = {0};

			p.pos += k;
			skip_blanks(&p, 0);
			if (p.pos < p.len && text[p.pos] == '=' &&
			    (p.pos + 1 >= p.len || text[p.pos + 1] != '=')) {
				p.pos++;
				skip_blanks(&p, 0);
				if (py_value(&p, &v, 0) == 0) {
					skip_blanks(&p, 0);
					/* Only a whole statement counts. */
					if (p.pos >= p.len || text[p.pos] == '\n' ||
					    text[p.pos] == ';')
						*yamlmap_add(top, name, line) = v;
					else
						yamlmap_clear(&v);
				} else
					yamlmap_clear(&v);
			}
			free(name);
		}
		/* On to the next line at the margin. */
		p.line = line;
		p.pos = start;
		while (p.pos < p.len && text[p.pos] != '\n')
			p.pos++;
		if (p.pos < p.len)
			p.pos++;
		p.line++;
	}
	return top;
}

static int
configure(struct site *s)
{
	struct source src;
	struct ynode *top;
	char *path = xasprintf("%s/pelicanconf.py", s->root), *dir;

	if (!site_has(path, "", 0)) {
		free(path);
		return 0;
	}
	if (source_read(&src, path) == -1) {
		source_free(&src);
		free(path);
		return -1;
	}
	free(path);
	top = pelican_conf_read(src.text, src.len);
	source_free(&src);
	s->title = site_str(top, "SITENAME");
	s->description = site_str(top, "SITESUBTITLE");
	site_set_url(s, site_str(top, "SITEURL"));
	s->lang = site_str(top, "DEFAULT_LANG");
	s->author = site_str(top, "AUTHOR");
	s->permalink = site_str(top, "ARTICLE_URL");
	dir = site_str(top, "PATH");
	s->content = xasprintf("%s/%s", s->root, dir ? dir : "content");
	free(dir);
	/* Static files are served from where they sit below PATH. */
	dir = xstrdup(s->content + strlen(s->root) + 1);
	site_add_static(s, dir);
	free(dir);
	yamlmap_flatten(top, &s->vars, &s->nvars);
	yamlmap_free(top);
	return 0;
}

static char *
permalink(const struct meta *m, const char *path, const struct site *s)
{
	const char *pat = s->permalink ? s->permalink : "{slug}.html";
	const struct date *d = &m->date;
	int given = kv_get(m->vars, m->nvars, "slug") != NULL;
	struct buf b = {0};
	char *t;

	(void)path;
	if (m->permalink != NULL)
		return url_path(xasprintf("/%s", m->permalink));
	buf_putc(&b, '/');
	for (const char *p = pat; *p; ) {
		size_t n;

		if (*p != '{' || (n = strcspn(p, "}")) == strlen(p)) {
			buf_putc(&b, *p++);
			continue;
		}
#define IS(w) (n - 1 == strlen(w) && !strncmp(p + 1, w, n - 1))
		if (IS("slug")) {
			buf_puts(&b, t = given ? xstrdup(m->slug) :
			    slugify(m->title ? m->title : m->name));
			free(t);
		} else if (IS("date:%Y"))
			buf_printf(&b, "%04d", d->year);
		else if (IS("date:%m"))
			buf_printf(&b, "%02d", d->month);
		else if (IS("date:%d"))
			buf_printf(&b, "%02d", d->day);
		else if (IS("date:%b"))
			buf_puts(&b, d->month ? month_short[d->month - 1] : "");
		else if (IS("category")) {
			buf_puts(&b, t = slugify(m->ncategories ?
			    m->categories[0] : "misc"));
			free(t);
		} else if (IS("lang"))
			buf_puts(&b, m->lang ? m->lang : s->lang ? s->lang : "en");
		else if (IS("author")) {
			buf_puts(&b, t = slugify(m->author ? m->author :
			    s->author ? s->author : ""));
			free(t);
		} else
			buf_append(&b, p, n + 1);
#undef IS
		p += n + 1;
	}
	return url_path(buf_take(&b));
}

/* "Modified:", read lowercased. */
static const char *const updated[] = { "modified", NULL };

const struct dialect dialect_pelican = { configure, permalink, updated };
