/* post.c - a post from file to blocks. */
#include "post.h"

#include <ctype.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "blocks.h"
#include "dialect.h"
#include "hyphenate.h"
#include "diag.h"
#include "liquid.h"
#include "markdown.h"
#include "mathscan.h"
#include "mathtext.h"
#include "shortcode.h"
#include "util.h"

/* "2019-01-06-my-first-post" -> "My first post". */
static char *
title_from_slug(const char *slug)
{
	char *t = xstrdup(slug && *slug ? slug : "Untitled");

	for (char *s = t; *s; s++)
		if (*s == '-' || *s == '_')
			*s = ' ';
	t[0] = (char)toupper((unsigned char)t[0]);
	return t;
}

/* A title from the front matter where only text goes: its formulas in
 * plain Unicode ("Proving O(n²) bounds"). */
static char *
plain_title(const char *title)
{
	struct formulas f = {0};
	char *marked = mathtext_scan(title, &f), *plain;

	plain = mathtext_plain(marked, &f);
	free(marked);
	formulas_free(&f);
	return plain;
}

/* The short title is only for running heads: plain. */
static void
plain_short_title(struct meta *m)
{
	char *t;

	if (m->short_title == NULL)
		return;
	t = plain_title(m->short_title);
	free(m->short_title);
	m->short_title = t;
}

static enum generator
gen_of(const struct site *s)
{
	return s ? s->generator : GEN_JEKYLL;
}

static int
read_front(struct post *p, const char *path, const struct site *s,
    struct source *src, size_t *body_off)
{
	memset(p, 0, sizeof(*p));
	p->path = xstrdup(path);
	if (source_read(src, path) == -1)
		return -1;
	return meta_read(&p->meta, path, src->text, src->len, gen_of(s),
	    body_off);
}

char *
post_permalink(const struct meta *m, const char *path, const struct site *s)
{
	static const struct site none;

	return dialect_of(gen_of(s))->permalink(m, path, s ? s : &none);
}

char *
post_url(const struct meta *m, const char *path, const struct site *s)
{
	char *perm, *full;

	if (s == NULL || s->web.origin == NULL)
		return NULL;
	perm = post_permalink(m, path, s);
	full = url_on_site(&s->web, perm, strlen(perm), 1);
	free(perm);
	return full;
}

/*
 * The plain title a post's first level-1 heading gives, as build_post
 * will find it (templates aside: a booklet's contents and outline are
 * made before the posts are read whole); NULL when there is none.
 */
static char *
heading_title(const char *body, size_t len, unsigned first_line)
{
	struct formulas f = {0};
	cmark_node *root, *h1;
	char *md, *title, *plain = NULL;

	md = mathscan(body, len, first_line, &f, &len);
	root = markdown_parse(md, len);
	if ((title = build_first_heading(root, &h1)) != NULL)
		plain = mathtext_plain(title, &f);
	free(title);
	cmark_node_free(root);
	free(md);
	formulas_free(&f);
	return plain;
}

int
post_read_meta(struct post *p, const char *path, const struct site *s)
{
	struct source src;
	size_t off;
	/* Warnings wait for post_load, which reads the same again. */
	enum diag_level was = diag_report_from(DIAG_ERROR);
	int rc = read_front(p, path, s, &src, &off);

	if (rc == 0) {
		p->title = p->meta.title ? plain_title(p->meta.title) :
		    heading_title(src.text + off, src.len - off,
		    p->meta.body_line);
		if (p->title == NULL)
			p->title = title_from_slug(p->meta.slug);
		plain_short_title(&p->meta);
	}
	diag_report_from(was);
	source_free(&src);
	return rc;
}

const char *
post_lang(const struct meta *m, const struct site *s)
{
	if (m != NULL && m->lang != NULL && *m->lang)
		return m->lang;
	if (s != NULL && s->lang != NULL && *s->lang)
		return s->lang;
	return "en";
}

/* Same language when the primary subtags match ("en-GB" ~ "en"). */
static int
same_lang(const char *a, const char *b)
{
	size_t na = strcspn(a, "-_"), nb = strcspn(b, "-_");

	return na == nb && strncasecmp(a, b, na) == 0;
}

/*
 * The body with its generator's templates done: Liquid for Jekyll and
 * Eleventy, shortcodes for Hugo and Zola; on other sites "{{ }}" is text.
 */
static char *
template_stage(const struct post *p, const char *path, const char *text,
    size_t len, const struct post_opts *o, const struct liquid_env *env,
    size_t *outlen)
{
	enum generator gen = o->site ? o->site->generator : GEN_JEKYLL;
	struct shortcode_env sc = { .site = o->site, .page = p->meta.vars,
		.npage = p->meta.nvars, .allow_outside = o->allow_outside };
	char *copy, *body;

	if (gen == GEN_JEKYLL || gen == GEN_ELEVENTY)
		return liquid_rewrite(path, p->meta.body_line, text, len, env,
		    outlen);
	copy = xstrdup(path);
	sc.post_dir = dirname(copy);
	body = shortcode_rewrite(path, p->meta.body_line, text, len, &sc,
	    outlen);
	free(copy);
	return body;
}

/* Front matter, templates, Markdown and blocks of src, read from path. */
static int
build_post(struct post *p, const char *path, const struct source *src,
    const struct post_opts *o)
{
	struct liquid_env env = {0};
	struct build_ctx ctx = {0};
	cmark_node *root = NULL, *h1 = NULL;
	char *body = NULL, *md = NULL, *dir = NULL, *copy = NULL, *url = NULL;
	char *title = NULL;
	struct formulas math = {0}, tmath = {0};
	const struct formulas *tf = NULL;
	struct hyphenators *own = NULL;
	size_t off, blen;
	int rc = -1;

	if (meta_read(&p->meta, path, src->text, src->len, gen_of(o->site),
	    &off) == -1)
		goto out;
	if (o->site) {
		env.site = o->site->vars;
		env.nsite = o->site->nvars;
		env.permalink = o->site->permalink;
	}
	env.page = p->meta.vars;
	env.npage = p->meta.nvars;
	env.web = o->site ? &o->site->web : NULL;
	body = template_stage(p, path, src->text + off, src->len - off, o,
	    &env, &blen);
	/* Formulas out before Markdown can touch them. */
	md = mathscan(body, blen, p->meta.body_line, &math, &blen);
	root = markdown_parse(md, blen);
	copy = xstrdup(path);
	dir = xstrdup(dirname(copy));
	ctx.file = path;
	ctx.first_line = p->meta.body_line;
	ctx.st = o->st;
	ctx.site = o->site;
	ctx.post_dir = dir;
	ctx.allow_outside = o->allow_outside;
	ctx.page_url = url = post_url(&p->meta, path, o->site);
	ctx.series = o->series;
	ctx.in_book = o->in_book;
	ctx.in_book_arg = o->in_book_arg;
	ctx.math = &math;
	if (o->st->hyphenate) {
		const char *lang = post_lang(&p->meta, o->site),
		    *site_lang = post_lang(NULL, o->site);

		ctx.hyph = hyphenators_get(o->hyph ? o->hyph :
		    (own = hyphenators_new()), same_lang(lang, site_lang) ?
		    site_lang : lang);
	}
	/* The title with its formulas: typeset in the title block, plain
	 * Unicode in p->title. */
	if (p->meta.title != NULL) {
		title = mathtext_scan(p->meta.title, &tmath);
		tf = &tmath;
	} else if ((title = build_first_heading(root, &h1)) != NULL) {
		cmark_node_free(h1);	/* it becomes the title block */
		tf = &math;
	} else
		title = title_from_slug(p->meta.slug);
	p->title = mathtext_plain(title, tf);
	plain_short_title(&p->meta);
	build_title(&p->doc, &p->meta, title, tf, &ctx);
	build_body(&p->doc, root, &ctx);
	rc = 0;
out:
	if (root)
		cmark_node_free(root);
	free(body);
	free(md);
	free(title);
	formulas_free(&math);
	formulas_free(&tmath);
	free(dir);
	free(copy);
	hyphenators_free(own);
	free(url);
	return rc;
}

int
post_load(struct post *p, const char *path, const struct post_opts *o)
{
	struct source src;
	int rc;

	memset(p, 0, sizeof(*p));
	p->path = xstrdup(path);
	rc = source_read(&src, path) == -1 ? -1 :
	    build_post(p, path, &src, o);
	source_free(&src);
	return rc;
}

int
post_load_bytes(struct post *p, const char *path, const char *bytes,
    size_t len, const struct post_opts *o)
{
	struct source src;
	int rc;

	memset(p, 0, sizeof(*p));
	p->path = xstrdup(path);
	rc = source_from_bytes(&src, path, bytes, len) == -1 ? -1 :
	    build_post(p, path, &src, o);
	source_free(&src);
	return rc;
}

void
post_free(struct post *p)
{
	free(p->path);
	meta_free(&p->meta);
	free(p->title);
	doc_free(&p->doc);
	memset(p, 0, sizeof(*p));
}
