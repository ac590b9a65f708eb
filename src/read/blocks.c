/* blocks.c - the cmark tree and front matter into blocks. */
#include "blocks.h"

#include <cmark-gfm-core-extensions.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "codeopts.h"
#include "diag.h"
#include "highlight.h"
#include "html.h"
#include "image.h"
#include "inline.h"
#include "liquid.h"
#include "markdown.h"
#include "mathtext.h"
#include "mathtree.h"
#include "sitepath.h"
#include "util.h"

/* Where the walk is: the containers around the current block. */
struct list_state {
	int	 ordered;
	int	 next;		/* next ordered number */
	int	 tight;
	int	 bullet;	/* nesting depth of bullet lists */
};

struct walk {
	struct doc *d;
	const struct build_ctx *ctx;
	double	 indent;
	int	 quote;
	struct list_state *lists;
	size_t	 nlists, caplists;
	char	*marker;	/* for the next block: an item's marker */
	int	 footnotes;	/* footnote definitions seen */
	size_t	 toc_at;	/* where a {:toc} list goes, or -1 */
	int	 note;		/* the footnote being built, or 0 */
	int	 alert;		/* enum alert of the quote being built */
	int	 alert_quote;	/* the quote depth that alert began at */
	int	 mermaid;	/* Mermaid diagrams met (one warning) */
};

static const char *const bullets[] = {
	"\xE2\x80\xA2", "\xE2\x80\x93", "\xE2\x97\xA6"	/* bullet, dash, circle */
};

static unsigned
file_line(const struct build_ctx *ctx, int node_line)
{
	return node_line > 0 ? ctx->first_line + (unsigned)node_line - 1 :
	    ctx->first_line;
}

/* Links as the reader of paper needs them: links to other posts' files
 * made their URLs (sitepath.h), site-relative and relative ones made
 * absolute, against the site's url and the post's own. */
static char *
resolve_uri(const struct build_ctx *ctx, const char *uri, unsigned line)
{
	const char *origin = ctx->site ? ctx->site->web.origin : NULL;
	const char *page = ctx->page_url, *slash;
	char *post = sitepath_link(ctx->site, ctx->file, ctx->post_dir, line,
	    uri, SITEPATH_FILE, ctx->allow_outside), *res;
	size_t n;

	if (post != NULL)
		uri = post;
	n = strspn(uri, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-");
	if (uri[0] == '#' || (n > 0 && uri[n] == ':') || uri[0] == '\0')
		res = xstrdup(uri);
	else if (uri[0] == '/' && uri[1] == '/')
		res = xasprintf("https:%s", uri);
	else if (uri[0] == '/' && origin != NULL)
		res = xasprintf("%s%s", origin, uri);
	else if (uri[0] != '/' && page != NULL &&
	    (slash = strrchr(page, '/')))
		res = xasprintf("%.*s%s", (int)(slash - page + 1), page, uri);
	else
		res = xstrdup(uri);
	free(post);
	return res;
}

/*
 * A destination name as cairo stores it alike in the name tree, the
 * outline and the links: ASCII. Letters, digits, '-', '_', '.' and ':'
 * stay; every other byte becomes "%XX", so that names in any script stay
 * apart. s[0..len) is read with its percent escapes decoded first (an
 * author's "#%CE%B1" is "#α").
 */
static char *
dest_name(const char *s, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf b = {0};

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '%' && i + 2 < len && g_ascii_isxdigit(s[i + 1]) &&
		    g_ascii_isxdigit(s[i + 2])) {
			c = (unsigned char)(g_ascii_xdigit_value(s[i + 1]) * 16 +
			    g_ascii_xdigit_value(s[i + 2]));
			i += 2;
		}
		if (g_ascii_isalnum(c) || c == '-' || c == '_' || c == '.' ||
		    c == ':')
			buf_putc(&b, (char)c);
		else {
			buf_putc(&b, '%');
			buf_putc(&b, hex[c >> 4]);
			buf_putc(&b, hex[c & 15]);
		}
	}
	return buf_take(&b);
}

/* Moves a text piece's text, attributes and links to their new owner,
 * links resolved ("#x" ones pointing at destination x). */
static void
take_text(const struct build_ctx *ctx, struct piece *p, char **text,
    PangoAttrList **attrs, struct link **links, size_t *nlinks)
{
	*text = p->text;
	*attrs = p->attrs;
	*links = p->links;
	*nlinks = p->nlinks;
	p->text = NULL;
	p->attrs = NULL;
	p->links = NULL;
	p->nlinks = 0;
	for (size_t k = 0; k < *nlinks; k++) {
		struct link *l = &(*links)[k];
		char *u = resolve_uri(ctx, l->uri, file_line(ctx,
		    (int)p->line));

		free(l->uri);
		l->uri = u;
		if (u[0] == '#' && l->dest == NULL)
			l->dest = dest_name(u + 1, strlen(u + 1));
	}
}

static void
set_spacing(struct block *b, const struct style *st)
{
	b->space_before = st->role[b->role].space_before;
	b->space_after = st->role[b->role].space_after;
}

/* The block takes the containers' indent, bars and pending marker. */
static void
place(struct walk *w, struct block *b, unsigned line)
{
	const struct style *st = w->ctx->st;
	/* Deep nesting stops indenting at half the column, and the quote
	 * bars with it, so that text stays on the page. */
	double most = style_column_width(st) / 2;

	b->line = line;
	b->note = w->note;
	b->indent = w->indent < most ? w->indent : most;
	b->quote_depth = w->quote;
	b->alert = w->alert;
	if (st->quote_indent > 0 && b->quote_depth * st->quote_indent >
	    b->indent)
		b->quote_depth = (int)(b->indent / st->quote_indent);
	set_spacing(b, w->ctx->st);
	if (w->marker != NULL) {
		b->marker = w->marker;
		w->marker = NULL;
	}
	/* Items of a tight list sit close; the list as a whole keeps the
	 * body's spacing (see list_exit). */
	if (w->nlists > 0 && w->lists[w->nlists - 1].tight &&
	    b->kind == BLOCK_TEXT)
		b->space_before = b->space_after =
		    w->ctx->st->role[ROLE_BODY].leading * 0.15;
}

/* An image, or when it cannot be shown a placeholder and a warning.
 * featured: a front matter image, which may be a bare name. */
static void
image_block(struct walk *w, const struct piece *p, unsigned line,
    int featured)
{
	const struct build_ctx *ctx = w->ctx;
	const struct site *s = ctx->site;
	struct image_info info;
	struct block *b;
	char *why = NULL, *path;

	path = sitepath_image(s, p->src, ctx->post_dir, featured,
	    ctx->allow_outside, &why);
	if (path != NULL && image_probe(path, &info, &why) == -1) {
		free(path);
		path = NULL;
	}
	b = doc_add(w->d, BLOCK_IMAGE, ROLE_CAPTION);
	place(w, b, line);
	b->space_before = b->space_after = ctx->st->role[ROLE_BODY].leading;
	if (path == NULL) {
		/* A data: URI can be megabytes: name only its start. */
		const char *src = p->src ? p->src : "";
		int n = strlen(src) > 80 ? 77 : 80;
		const char *more = n == 77 ? "..." : "";

		while (*more && n > 0 && (src[n] & 0xC0) == 0x80)
			n--;	/* not inside a UTF-8 sequence */
		diag(DIAG_WARNING, ctx->file, line, "image '%.*s%s': %s", n,
		    src, more, why ? why : "cannot be used");
		b->text = xasprintf("%s%s[image: %.*s%s]", p->text,
		    *p->text ? " " : "", n, src, more);
	} else {
		b->path = path;
		b->px_w = info.width;
		b->px_h = info.height;
		b->is_jpeg = info.format == IMAGE_JPEG;
		b->text = xstrdup(p->title ? p->title : p->text);
		if (p->width > 0 && p->width < b->px_w) {
			/* At least a pixel high: a picture squeezed to
			 * nothing cannot be drawn. */
			b->px_h = (int)((double)b->px_h * p->width / b->px_w);
			if (b->px_h < 1)
				b->px_h = 1;
			b->px_w = p->width;
		}
	}
	if (p->href != NULL) {
		char *uri = resolve_uri(ctx, p->href, line);

		block_add_link(b, 0, 0, uri);
		free(uri);
	}
	free(why);
}

/* Turns the pieces an inline renderer made into blocks of role. */
static void
emit_pieces(struct walk *w, struct inl *in, enum role role, int level,
    int keep)
{
	const struct build_ctx *ctx = w->ctx;
	struct piece *p;
	struct block *b;
	size_t n;

	p = inl_finish(in, &n);
	for (size_t i = 0; i < n; i++) {
		unsigned line = file_line(ctx, (int)p[i].line);

		w->quote += p[i].quote;
		w->indent += p[i].quote * ctx->st->quote_indent;
		switch (p[i].kind) {
		case PIECE_IMAGE:
			image_block(w, &p[i], line, 0);
			break;
		case PIECE_EMBED:
			b = doc_add(w->d, BLOCK_EMBED, ROLE_CAPTION);
			place(w, b, line);
			if (p[i].title != NULL)
				b->text = xasprintf("%s%s%s", p[i].title,
				    p[i].src[0] ? ": " : "", p[i].src);
			else
				b->text = xasprintf("Embedded %s: %s",
				    p[i].text, p[i].src[0] ? p[i].src :
				    "(no source)");
			if (p[i].src[0]) {
				char *uri = resolve_uri(ctx, p[i].src, line);
				size_t at = strlen(b->text) -
				    strlen(p[i].src);

				block_add_link(b, at, strlen(b->text), uri);
				free(uri);
			}
			break;
		case PIECE_MATH:
			/* A display formula, centred; one that cannot be
			 * set shows its source as code. */
			b = doc_add(w->d, p[i].math ? BLOCK_TEXT : BLOCK_CODE,
			    p[i].math == NULL ? ROLE_CODE : p[i].quote > 0 ||
			    w->quote > 0 ? ROLE_QUOTE : ROLE_BODY);
			place(w, b, line);
			if (p[i].math == NULL) {
				b->text = xstrdup(p[i].text);
				break;
			}
			b->text = xstrdup(MATH_OBJECT);
			b->attrs = pango_attr_list_new();
			{
				PangoAttribute *a = math_attr_new(p[i].math);

				a->start_index = 0;
				a->end_index = (guint)strlen(b->text);
				pango_attr_list_insert(b->attrs, a);
			}
			b->align = ALIGN_CENTER;
			break;
		case PIECE_TEXT:
			b = doc_add(w->d, BLOCK_TEXT, p[i].quote > 0 ||
			    (w->quote > 0 && role == ROLE_BODY) ? ROLE_QUOTE :
			    role);
			place(w, b, line);
			b->level = level;
			b->keep_with_next = keep;
			take_text(ctx, &p[i], &b->text, &b->attrs, &b->links,
			    &b->nlinks);
			break;
		}
		w->quote -= p[i].quote;
		w->indent -= p[i].quote * ctx->st->quote_indent;
	}
	pieces_free(p, n);
}

/*
 * Image syntax cmark did not take because the address has a space
 * (Python-Markdown and kramdown read "![](a b.png)"; CommonMark does
 * not): it is printed as written, and the warning says why.
 */
static void
warn_unread_image(const struct build_ctx *ctx, cmark_node *para)
{
	struct buf t = { 0 };
	const char *s, *mid, *end, *nl;

	for (cmark_node *c = cmark_node_first_child(para); c != NULL;
	    c = cmark_node_next(c))
		if (cmark_node_get_type(c) == CMARK_NODE_TEXT)
			buf_puts(&t, cmark_node_get_literal(c));
		else
			buf_putc(&t, '\n');	/* not text: no syntax across it */
	for (s = t.data ? strstr(t.data, "![") : NULL; s != NULL;
	    s = strstr(s + 2, "![")) {
		nl = strchr(s, '\n');
		mid = strstr(s, "](");
		end = mid ? strchr(mid, ')') : NULL;
		if (end == NULL || (nl != NULL && end > nl) ||
		    memchr(mid, ' ', (size_t)(end - mid)) == NULL)
			continue;
		diag(DIAG_WARNING, ctx->file, file_line(ctx,
		    cmark_node_get_start_line(para)), "'%.*s' is not read as "
		    "a picture: its address has a space (write it in <...> "
		    "or with %%20)", (int)(end - s + 1), s);
		break;
	}
	buf_free(&t);
}

static void
paragraph(struct walk *w, cmark_node *n, enum role role)
{
	struct inl *in = inl_new(w->ctx->st, role);

	warn_unread_image(w->ctx, n);
	inl_hyphenate(in, w->ctx->hyph);
	inl_math(in, w->ctx->math, w->ctx->file, 0);
	inl_children(in, n);
	emit_pieces(w, in, role, 0, 0);
	inl_free(in);
}

/*
 * A heading's anchor as GitHub and Hugo make it, so that the post's own
 * "#section" links find it: letters (of any script, lower-cased), marks,
 * digits, '-' and '_' kept, spaces to '-', the rest (punctuation, curly
 * quotes, emoji) dropped; "-1", "-2" for repeats. Returned as dest_name
 * writes it.
 */
static char *
slug(const struct doc *d, const char *title)
{
	struct buf b = {0};
	char *s, *name;

	for (const char *p = title; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char_validated(p, -1);
		char u[6];

		if (c == (gunichar)-1 || c == (gunichar)-2)
			break;
		if (c == ' ')
			buf_putc(&b, '-');
		else if (c == '-' || c == '_' || g_unichar_isalnum(c) ||
		    g_unichar_ismark(c))
			buf_append(&b, u, (size_t)g_unichar_to_utf8(
			    g_unichar_tolower(c), u));
	}
	if (b.len == 0)
		buf_puts(&b, "section");
	s = buf_take(&b);
	name = dest_name(s, strlen(s));
	free(s);
	s = name;
	for (int k = 1;; k++) {
		int taken = 0;

		for (size_t i = 0; i + 1 < d->nheadings && !taken; i++)
			taken = !strcmp(d->headings[i].dest, s);
		if (!taken)
			return s;
		if (k > 1)
			s[strlen(s) - (size_t)snprintf(NULL, 0, "-%d", k - 1)] =
			    '\0';
		{
			char *t = xasprintf("%s-%d", s, k);

			free(s);
			s = t;
		}
	}
}

static void
heading(struct walk *w, cmark_node *n)
{
	int level = cmark_node_get_heading_level(n);
	struct inl *in = inl_new(w->ctx->st, role_heading(level));
	struct doc *d = w->d;
	size_t first = d->nblocks;
	struct heading *h;

	inl_math(in, w->ctx->math, w->ctx->file, 1);
	inl_children(in, n);
	emit_pieces(w, in, role_heading(level), level, 1);
	inl_free(in);
	if (d->nblocks == first || d->blocks[first].kind != BLOCK_TEXT)
		return;
	d->headings = xreallocarray(d->headings, d->nheadings + 1,
	    sizeof(*d->headings));
	h = &d->headings[d->nheadings++];
	h->level = level;
	{
		char *marked = inl_plain(n), *bare;

		h->title = mathtext_plain(marked, w->ctx->math);
		/* the name as before formulas had a plain form: links
		 * to it stay as they were */
		bare = mathtext_plain(marked, NULL);
		h->dest = slug(d, bare);
		free(bare);
		free(marked);
	}
	d->blocks[first].dest = xstrdup(h->dest);
}

/* Highlighting, as Pango attributes over the code text. */
static PangoAttrList *
code_attrs(const struct style *st, const char *lang, const char *code,
    size_t len)
{
	struct hl_span *sp = NULL;
	PangoAttrList *al;
	size_t n;

	if (lang == NULL || (n = highlight(lang, code, len, &sp)) == 0)
		return NULL;
	al = pango_attr_list_new();
	for (size_t i = 0; i < n; i++) {
		const struct hl_look *h = &st->hl[sp[i].cls];

		attr_add(&al, attr_color(h->color), sp[i].start, sp[i].end);
		if (h->bold)
			attr_add(&al, pango_attr_weight_new(PANGO_WEIGHT_BOLD),
			    sp[i].start, sp[i].end);
		if (h->italic)
			attr_add(&al, pango_attr_style_new(PANGO_STYLE_ITALIC),
			    sp[i].start, sp[i].end);
	}
	free(sp);
	return al;
}

/* A whole-block attribute over b's text. */
static void
block_attr(struct block *b, PangoAttribute *a)
{
	attr_add(&b->attrs, a, 0, strlen(b->text));
}

/*
 * A Mermaid diagram cannot be drawn (it has no C renderer): its source is
 * set as code under a line that says so, with one warning per post.
 */
static void
mermaid_label(struct walk *w, unsigned line)
{
	struct block *b = doc_add(w->d, BLOCK_TEXT, ROLE_CAPTION);

	place(w, b, line);
	b->text = xstrdup("Mermaid diagram (its source; quire cannot draw "
	    "it)");
	b->generated = 1;
	b->keep_with_next = 1;
	b->space_before = w->ctx->st->role[ROLE_CODE].space_before;
	b->space_after = 2;
	if (w->mermaid++ == 0)
		diag(DIAG_WARNING, w->ctx->file, line, "Mermaid diagrams "
		    "cannot be drawn: their source is shown");
}

/* Where a Graphviz message points: the fence's line, or the source
 * line it names ("syntax error in line 3"). */
struct dot_where {
	const char *file;
	unsigned fence;
};

static unsigned
dot_line(const struct dot_where *at, const char *msg)
{
	const char *p = strstr(msg, "in line ");
	unsigned n;

	if (p != NULL && sscanf(p + 8, "%u", &n) == 1 && n < 1000000)
		return at->fence + n;
	return at->fence;
}

static void
dot_warning(void *data, const char *msg)
{
	const struct dot_where *at = data;

	diag(DIAG_WARNING, at->file, dot_line(at, msg),
	    "graphviz diagram: %s", msg);
}

/*
 * A ```dot or ```graphviz fence drawn as a diagram; 0 when it cannot be
 * (the caller sets its source as code, after the warning here).
 */
static int
diagram_block(struct walk *w, cmark_node *n, const char *lit, size_t len)
{
	struct dot_where at = { w->ctx->file,
	    file_line(w->ctx, cmark_node_get_start_line(n)) };
	struct image_info info;
	struct block *b;
	char *svg, *why = NULL;
	size_t svglen;

	if ((svg = image_dot(lit ? lit : "", len, &svglen, &info,
	    dot_warning, &at, &why)) == NULL) {
		diag(DIAG_WARNING, at.file, dot_line(&at, why),
		    "graphviz diagram not drawn: %s", why);
		free(why);
		return 0;
	}
	b = doc_add(w->d, BLOCK_IMAGE, ROLE_CAPTION);
	place(w, b, at.fence);
	b->space_before = b->space_after = w->ctx->st->role[ROLE_BODY].leading;
	b->svg = svg;
	b->svg_len = svglen;
	b->px_w = info.width;
	b->px_h = info.height;
	b->text = xstrdup("");
	return 1;
}

static void
code_block(struct walk *w, cmark_node *n)
{
	const char *lit = cmark_node_get_literal(n);
	const char *info = cmark_node_get_fence_info(n);
	size_t len = lit ? strlen(lit) : 0, nlang;
	struct block *b;
	struct codeopts opts;
	char lang[64] = "", *bad;

	while (len > 0 && lit[len - 1] == '\n')
		len--;
	/* The language, then its options: "go {hl_lines=[2]}", "js{1,3}",
	 * "ruby linenos". */
	if (info == NULL)
		info = "";
	info += strspn(info, " \t");
	nlang = strcspn(info, " \t{");
	if (nlang < sizeof(lang))
		memcpy(lang, info, nlang), lang[nlang] = '\0';
	if (codeopts_parse(info + nlang, CODEOPTS_ATTRS, &opts, &bad) == -1) {
		diag(DIAG_WARNING, w->ctx->file, file_line(w->ctx,
		    cmark_node_get_start_line(n)), "lines to highlight '%s' "
		    "are not line numbers or ranges (2 4-6); none highlighted",
		    bad);
		free(bad);
	}
	if (strcmp(lang, "mermaid") == 0)
		mermaid_label(w, file_line(w->ctx,
		    cmark_node_get_start_line(n)));
	if ((strcmp(lang, "dot") == 0 || strcmp(lang, "graphviz") == 0) &&
	    diagram_block(w, n, lit, len)) {
		codeopts_free(&opts);
		return;
	}
	b = doc_add(w->d, BLOCK_CODE, ROLE_CODE);
	place(w, b, file_line(w->ctx, cmark_node_get_start_line(n)));
	b->text = xstrndup(lit ? lit : "", len);
	if (lang[0]) {
		b->lang = xstrdup(lang);
		b->attrs = code_attrs(w->ctx->st, lang, b->text, len);
	}
	b->linenos = opts.linenos;
	b->lineno_offset = opts.lineno_offset;
	b->marked = opts.marked;	/* the block's now */
	b->nmarked = opts.nmarked;
}

/*
 * A table cell's pieces as its one piece of text: the text pieces joined
 * with a space; a picture or an embed, which a cell cannot hold, named
 * in brackets (a link around it kept) with a warning, so that nothing
 * in a cell is lost in silence.
 */
static void
cell_text(const struct build_ctx *ctx, struct piece *p, size_t np,
    struct table_cell *tc)
{
	struct buf text = { 0 };

	tc->attrs = NULL;
	tc->links = NULL;
	tc->nlinks = 0;
	for (size_t i = 0; i < np; i++) {
		char *t = NULL;
		PangoAttrList *a = NULL;
		struct link *l = NULL;
		size_t nl = 0, at;
		unsigned line = file_line(ctx, (int)p[i].line);

		if (text.len > 0)
			buf_putc(&text, ' ');
		at = text.len;
		if (p[i].kind == PIECE_TEXT) {
			take_text(ctx, &p[i], &t, &a, &l, &nl);
		} else {
			const char *what = p[i].kind == PIECE_IMAGE ? "image" :
			    p[i].kind == PIECE_EMBED ? p[i].text : "formula";
			const char *src = p[i].src ? p[i].src : p[i].text;
			const char *name = p[i].kind == PIECE_IMAGE &&
			    p[i].text[0] ? p[i].text : src;

			diag(DIAG_WARNING, ctx->file, line, "%s '%s' in a "
			    "table cell cannot be shown there: named in "
			    "brackets", what, src);
			t = xasprintf("[%s: %s]", what, name);
			if (p[i].href != NULL) {
				l = xcalloc(1, sizeof(*l));
				l->end = strlen(t);
				l->uri = resolve_uri(ctx, p[i].href, line);
				nl = 1;
			}
		}
		buf_puts(&text, t);
		if (a != NULL) {
			if (tc->attrs == NULL)
				tc->attrs = pango_attr_list_new();
			pango_attr_list_splice(tc->attrs, a, (int)at,
			    (int)strlen(t));
			pango_attr_list_unref(a);
		}
		tc->links = xreallocarray(tc->links, tc->nlinks + nl + 1,
		    sizeof(*tc->links));
		for (size_t k = 0; k < nl; k++) {
			l[k].start += at;
			l[k].end += at;
			tc->links[tc->nlinks++] = l[k];
		}
		free(l);
		free(t);
	}
	tc->text = text.len > 0 ? buf_take(&text) : xstrdup("");
	buf_free(&text);
	if (tc->nlinks == 0) {
		free(tc->links);
		tc->links = NULL;
	}
}

static void
table_block(struct walk *w, cmark_node *n)
{
	const struct build_ctx *ctx = w->ctx;
	uint16_t ncols = cmark_gfm_extensions_get_table_columns(n);
	uint8_t *al = cmark_gfm_extensions_get_table_alignments(n);
	struct table *t;
	struct block *b;
	size_t r = 0;

	if (ncols == 0)
		return;
	t = xcalloc(1, sizeof(*t));
	t->ncols = ncols;
	for (cmark_node *row = cmark_node_first_child(n); row;
	    row = cmark_node_next(row))
		t->nrows++;
	t->cells = xcalloc(t->nrows * t->ncols, sizeof(*t->cells));
	for (cmark_node *row = cmark_node_first_child(n); row;
	    row = cmark_node_next(row), r++) {
		size_t c = 0;

		for (cmark_node *cell = cmark_node_first_child(row);
		    cell && c < ncols; cell = cmark_node_next(cell), c++) {
			struct table_cell *tc = &t->cells[r * ncols + c];
			struct inl *in = inl_new(ctx->st, ROLE_TABLE);
			struct piece *p;
			size_t np;

			/* Narrow columns break words where a dictionary
			 * says, not at any letter. */
			inl_hyphenate(in, ctx->hyph);
			inl_math(in, ctx->math, ctx->file, 1);
			inl_children(in, cell);
			p = inl_finish(in, &np);
			tc->align = al == NULL ? ALIGN_LEFT :
			    al[c] == 'c' ? ALIGN_CENTER :
			    al[c] == 'r' ? ALIGN_RIGHT : ALIGN_LEFT;
			cell_text(ctx, p, np, tc);
			pieces_free(p, np);
			inl_free(in);
		}
		for (; c < ncols; c++)
			t->cells[r * ncols + c].text = xstrdup("");
	}
	b = doc_add(w->d, BLOCK_TABLE, ROLE_TABLE);
	place(w, b, file_line(ctx, cmark_node_get_start_line(n)));
	b->space_before = b->space_after = ctx->st->role[ROLE_BODY].leading *
	    0.5;
	b->table = t;
}

static void
rule_block(struct walk *w, cmark_node *n)
{
	struct block *b = doc_add(w->d, BLOCK_RULE, ROLE_BODY);

	place(w, b, file_line(w->ctx, cmark_node_get_start_line(n)));
	b->space_before = b->space_after = w->ctx->st->role[ROLE_BODY].leading;
}


/*
 * What {% include series.html %} stood for: a line naming the series and
 * its posts in order, each a link (to its page in a booklet), the post
 * itself in italics.
 */
static void
series_fill(struct walk *w, unsigned line)
{
	const struct series *s = w->ctx->series;
	const struct style *st = w->ctx->st;
	double gap = st->role[ROLE_BODY].leading * 0.15;
	struct block *b;

	if (s == NULL || s->n < 2)
		return;
	b = doc_add(w->d, BLOCK_TEXT, ROLE_BODY);
	place(w, b, line);
	b->text = xasprintf("Part of the series \xE2\x80\x9C%s\xE2\x80\x9D:",
	    s->name);
	b->generated = 1;
	b->keep_with_next = 1;
	b->space_after = gap;
	block_attr(b, pango_attr_style_new(PANGO_STYLE_ITALIC));
	for (size_t i = 0; i < s->n; i++) {
		unsigned c = st->link_color;

		b = doc_add(w->d, BLOCK_TEXT, ROLE_BODY);
		place(w, b, line);
		b->text = xstrdup(s->titles[i]);
		b->generated = 1;
		b->indent += st->list_indent;
		free(b->marker);
		b->marker = xasprintf("%zu.", i + 1);
		b->space_before = gap;
		b->space_after = i + 1 < s->n ? gap :
		    st->role[ROLE_BODY].space_after;
		if (i == s->current)
			block_attr(b, pango_attr_style_new(PANGO_STYLE_ITALIC));
		else if (s->urls[i] != NULL) {
			block_add_link(b, 0, strlen(b->text), s->urls[i]);
			block_attr(b, attr_color(c));
		}
	}
}

static void
html_block(struct walk *w, cmark_node *n)
{
	const char *lit = cmark_node_get_literal(n);
	struct inl *in;
	size_t first;
	int align;

	if (lit == NULL)
		return;
	if (strstr(lit, LIQUID_TOC_MARKER) != NULL) {
		/* Filled in once all headings are known: see toc_fill. */
		if (w->toc_at == (size_t)-1)
			w->toc_at = w->d->nblocks;
		return;
	}
	if (strstr(lit, LIQUID_SERIES_MARKER) != NULL) {
		series_fill(w, file_line(w->ctx,
		    cmark_node_get_start_line(n)));
		return;
	}
	first = w->d->nblocks;
	in = inl_new(w->ctx->st, ROLE_BODY);
	inl_math(in, w->ctx->math, w->ctx->file, 0);
	inl_html(in, lit, strlen(lit),
	    (unsigned)cmark_node_get_start_line(n));
	emit_pieces(w, in, ROLE_BODY, 0, 0);
	inl_free(in);
	/* <center>, <p style="text-align: center">: a centred line (often
	 * a link set as a button). */
	switch (html_align(lit, strlen(lit))) {
	case HTML_ALIGN_CENTER:
		align = ALIGN_CENTER;
		break;
	case HTML_ALIGN_RIGHT:
		align = ALIGN_RIGHT;
		break;
	default:
		return;
	}
	for (size_t i = first; i < w->d->nblocks; i++)
		if (w->d->blocks[i].kind == BLOCK_TEXT)
			w->d->blocks[i].align = align;
}

static void
list_enter(struct walk *w, cmark_node *n)
{
	struct list_state *l;
	int bullet = 0;

	for (size_t i = 0; i < w->nlists; i++)
		if (!w->lists[i].ordered)
			bullet++;
	if (w->nlists == w->caplists) {
		w->caplists = w->caplists ? w->caplists * 2 : 4;
		w->lists = xreallocarray(w->lists, w->caplists,
		    sizeof(*w->lists));
	}
	l = &w->lists[w->nlists++];
	l->ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
	l->next = cmark_node_get_list_start(n);
	l->tight = cmark_node_get_list_tight(n);
	l->bullet = bullet;
	w->indent += w->ctx->st->list_indent;
}

static void
list_exit(struct walk *w)
{
	const struct style *st = w->ctx->st;
	struct block *last = w->d->nblocks ? &w->d->blocks[w->d->nblocks - 1] :
	    NULL;

	w->nlists--;
	w->indent -= st->list_indent;
	if (last != NULL && w->nlists == 0 &&
	    last->space_after < st->role[ROLE_BODY].space_after)
		last->space_after = st->role[ROLE_BODY].space_after;
}

static void
item_enter(struct walk *w, cmark_node *n)
{
	struct list_state *l;

	if (w->nlists == 0)
		return;
	l = &w->lists[w->nlists - 1];
	free(w->marker);
	if (markdown_ext(n) == MD_TASKITEM)
		w->marker = xstrdup(
		    cmark_gfm_extensions_get_tasklist_item_checked(n) ?
		    "\xE2\x98\x92" : "\xE2\x98\x90");	/* ballot box */
	else if (l->ordered)
		w->marker = xasprintf("%d.", l->next++);
	else
		w->marker = xstrdup(bullets[l->bullet % 3]);
}

static void
footnote_enter(struct walk *w)
{
	w->note = ++w->footnotes;
	free(w->marker);
	w->marker = xasprintf("%d.", w->footnotes);
	/* Notes stand apart from the flow, at the page foot. */
	w->indent = w->ctx->st->role[ROLE_FOOTNOTE].size * 1.6;
	w->quote = 0;
}

/*
 * A GitHub alert: a quote whose first line is "[!NOTE]" (TIP, IMPORTANT,
 * WARNING, CAUTION; any case). Returns its kind, the marker line taken
 * out of the tree, or ALERT_NONE.
 */
static enum alert
alert_take(cmark_node *quote)
{
	cmark_node *para = cmark_node_first_child(quote), *k, *next;
	struct buf b = {0};
	enum alert kind = ALERT_NONE;
	size_t n = 0;

	if (para == NULL || cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH)
		return ALERT_NONE;
	/* cmark splits "[!NOTE]" into text nodes at the brackets. */
	for (k = cmark_node_first_child(para); k != NULL && n < 8 &&
	    cmark_node_get_type(k) == CMARK_NODE_TEXT; k = cmark_node_next(k),
	    n++)
		buf_puts(&b, cmark_node_get_literal(k));
	if (b.len > 4 && b.data[0] == '[' && b.data[1] == '!') {
		size_t end = b.len;

		while (end > 0 && (b.data[end - 1] == ' ' ||
		    b.data[end - 1] == '\t'))
			end--;
		for (int a = ALERT_NOTE; a < NALERTS; a++) {
			const char *name = style_alert_name((enum alert)a);

			if (end == strlen(name) + 3 && b.data[end - 1] == ']' &&
			    strncasecmp(b.data + 2, name, end - 3) == 0)
				kind = (enum alert)a;
		}
	}
	buf_free(&b);
	if (kind == ALERT_NONE || (k != NULL &&
	    cmark_node_get_type(k) != CMARK_NODE_SOFTBREAK &&
	    cmark_node_get_type(k) != CMARK_NODE_LINEBREAK))
		return ALERT_NONE;
	if (k != NULL)
		n++;
	/* The paragraph stays, empty if need be: the walk has it next. */
	for (k = cmark_node_first_child(para); n-- > 0; k = next) {
		next = cmark_node_next(k);
		cmark_node_free(k);
	}
	return kind;
}

/* An alert's label, in its colour, above its text. */
static void
alert_label(struct walk *w, enum alert kind, unsigned line)
{
	static const char *const labels[NALERTS] = { "", "Note", "Tip",
	    "Important", "Warning", "Caution" };
	struct block *b = doc_add(w->d, BLOCK_TEXT, ROLE_QUOTE);

	place(w, b, line);
	b->text = xstrdup(labels[kind]);
	b->generated = 1;
	b->keep_with_next = 1;
	b->space_after = 1;
	block_attr(b, pango_attr_weight_new(PANGO_WEIGHT_BOLD));
	block_attr(b, pango_attr_style_new(PANGO_STYLE_NORMAL));
	block_attr(b, attr_color(w->ctx->st->alert_color[kind]));
}

/* The post's own table of contents: its headings, linked, indented by
 * level, where the kramdown {:toc} list stood. */
static void
toc_fill(struct doc *d, size_t at, size_t first, const struct build_ctx *ctx)
{
	const struct style *st = ctx->st;
	struct doc toc = {0};
	int top = 6;

	for (size_t i = first; i < d->nheadings; i++)
		if (d->headings[i].level < top)
			top = d->headings[i].level;
	for (size_t i = first; i < d->nheadings; i++) {
		const struct heading *h = &d->headings[i];
		struct block *b = doc_add(&toc, BLOCK_TEXT, ROLE_BODY);
		char *uri = xasprintf("#%s", h->dest);

		b->text = xstrdup(h->title);
		b->indent = st->list_indent * (h->level - top + 1);
		b->marker = xstrdup(bullets[(h->level - top) % 3]);
		b->space_before = b->space_after = st->role[ROLE_BODY].leading *
		    0.15;
		b->line = ctx->first_line;
		b->generated = 1;
		block_add_link(b, 0, strlen(b->text), uri);
		b->links[0].dest = xstrdup(h->dest);
		free(uri);
	}
	if (toc.nblocks > 0)
		toc.blocks[toc.nblocks - 1].space_after =
		    st->role[ROLE_BODY].space_after;
	doc_splice(d, at, &toc);
	doc_free(&toc);
}

/* Whether a link's text is its address already (a bare URL), scheme
 * and a trailing slash aside. */
static int
bare(const char *text, size_t len, const char *uri)
{
	const char *t = xstrndup(text, len), *a = t, *b = uri, *p;
	size_t na, nb;
	int same;

	if ((p = strstr(a, "://")) != NULL)
		a = p + 3;
	if ((p = strstr(b, "://")) != NULL)
		b = p + 3;
	na = strlen(a);
	nb = strlen(b);
	na -= na > 0 && a[na - 1] == '/';
	nb -= nb > 0 && b[nb - 1] == '/';
	same = na == nb && strncmp(a, b, na) == 0;
	free((char *)t);
	return same;
}

/*
 * For print: every external link's text gets a note mark, and its address
 * is set as a note at the page foot, one note per address per post. A
 * link to a post of the book is not external: it shows "(p. N)" instead.
 */
static void
url_notes(struct walk *w)
{
	struct doc *d = w->d;
	const struct style *st = w->ctx->st;
	const struct role_style *r;
	char **seen = NULL;
	size_t nseen = 0, nmain = d->nblocks;

	for (size_t i = 0; i < nmain; i++) {
		struct block *b = &d->blocks[i];

		r = &st->role[b->role];
		if (b->kind != BLOCK_TEXT || b->note > 0)
			continue;
		for (size_t k = 0; k < b->nlinks; k++) {
			struct link *l = &b->links[k];
			size_t at = l->end, num = 0;
			char mark[16];
			struct block *nb;

			if (l->dest != NULL || l->note > 0 ||
			    strncmp(l->uri, "http", 4) != 0 ||
			    bare(b->text + l->start, l->end - l->start, l->uri) ||
			    (w->ctx->in_book != NULL &&
			    w->ctx->in_book(w->ctx->in_book_arg, l->uri)))
				continue;
			for (size_t j = 0; j < nseen && !num; j++)
				if (!strcmp(seen[j], l->uri))
					num = (size_t)w->footnotes + j + 1;
			if (num == 0) {
				seen = xreallocarray(seen, nseen + 1,
				    sizeof(*seen));
				seen[nseen++] = l->uri;
				num = (size_t)w->footnotes + nseen;
				nb = doc_add(d, BLOCK_TEXT, ROLE_FOOTNOTE);
				b = &d->blocks[i];	/* doc_add moves blocks */
				l = &b->links[k];
				nb->note = (int)num;
				nb->line = b->line;
				nb->text = xstrdup(l->uri);
				nb->marker = xasprintf("%zu.", num);
				nb->indent = st->role[ROLE_FOOTNOTE].size * 1.6;
				nb->space_after =
				    st->role[ROLE_FOOTNOTE].space_after;
				nb->dest = xasprintf("fn:%zu", num);
				block_add_link(nb, 0, strlen(nb->text), l->uri);
			}
			snprintf(mark, sizeof(mark), "%zu", num);
			block_insert_text(b, at, mark);
			attr_add(&b->attrs, pango_attr_scale_new(0.7), at,
			    at + strlen(mark));
			attr_add(&b->attrs, pango_attr_rise_new((int)(r->size *
			    0.35 * PANGO_SCALE)), at, at + strlen(mark));
			/* The mark leads to its note; the link stays. */
			snprintf(mark, sizeof(mark), "#fn:%zu", num);
			block_add_link(b, at, at + strlen(mark) - 4, mark);
			b->links[b->nlinks - 1].dest = xstrdup(mark + 1);
			b->links[b->nlinks - 1].note = (int)num;
		}
	}
	free(seen);
}

/* Whether some block of d is the destination name. */
static int
has_dest(const struct doc *d, const char *name)
{
	for (size_t j = 0; j < d->nblocks; j++)
		if (d->blocks[j].dest != NULL && !strcmp(d->blocks[j].dest, name))
			return 1;
	return 0;
}

/*
 * In-page links, settled once every anchor is known: a relative link that
 * names one of the post's headings ("tip-1", the author's "#tip-1" with
 * the '#' forgotten) goes there; a "#x" the post does not have leads
 * nowhere, so its text stays and the link goes.
 */
static void
settle(struct doc *d, const char *page, size_t dir, struct link *links,
    size_t *n)
{
	for (size_t k = 0; k < *n; k++) {
		struct link *l = &links[k];

		if (l->dest == NULL && dir > 0 && !strncmp(l->uri, page, dir)) {
			char *name = dest_name(l->uri + dir,
			    strlen(l->uri + dir));

			if (has_dest(d, name))
				l->dest = name;
			else
				free(name);
		}
		if (l->dest == NULL || has_dest(d, l->dest))
			continue;
		free(l->uri);
		free(l->dest);
		memmove(l, l + 1, (*n - k - 1) * sizeof(*l));
		(*n)--;
		k--;
	}
}

static void
settle_links(struct doc *d, const struct build_ctx *ctx)
{
	const char *page = ctx->page_url;
	const char *slash = page ? strrchr(page, '/') : NULL;
	size_t dir = slash ? (size_t)(slash - page + 1) : 0;

	for (size_t i = 0; i < d->nblocks; i++) {
		struct block *b = &d->blocks[i];
		struct table *t = b->table;

		settle(d, page, dir, b->links, &b->nlinks);
		for (size_t c = 0; t != NULL && c < t->nrows * t->ncols; c++)
			settle(d, page, dir, t->cells[c].links,
			    &t->cells[c].nlinks);
	}
}

/* A note's number leads back to its first mark, as the mark leads to it. */
static void
notes_both_ways(struct doc *d)
{
	for (size_t i = 0; i < d->nblocks; i++) {
		struct block *b = &d->blocks[i];

		for (size_t k = 0; k < b->nlinks; k++) {
			struct link *l = &b->links[k];
			int seen = 0;

			if (l->note <= 0 || l->dest == NULL)
				continue;
			for (size_t j = 0; j < d->nblocks && !seen; j++)
				seen = d->blocks[j].back != NULL &&
				    d->blocks[j].note == l->note;
			for (size_t j = 0; j < d->nblocks && !seen; j++) {
				struct block *nb = &d->blocks[j];

				if (nb->note != l->note || nb->marker == NULL)
					continue;
				l->anchor = xasprintf("fnref:%d", l->note);
				nb->back = xstrdup(l->anchor);
				seen = 1;
			}
		}
	}
}

void
build_body(struct doc *d, cmark_node *root, const struct build_ctx *ctx)
{
	struct walk w = { .d = d, .ctx = ctx, .toc_at = (size_t)-1 };
	size_t first_heading = d->nheadings;
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		int enter = ev == CMARK_EVENT_ENTER;
		size_t first = d->nblocks;

		if (markdown_ext(n) == MD_TABLE) {
			if (enter)
				table_block(&w, n);
			cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
			continue;
		}
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_PARAGRAPH:
			paragraph(&w, n, w.footnotes ? ROLE_FOOTNOTE :
			    ROLE_BODY);
			cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
			break;
		case CMARK_NODE_HEADING:
			heading(&w, n);
			cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
			break;
		case CMARK_NODE_CODE_BLOCK:
			code_block(&w, n);
			break;
		case CMARK_NODE_HTML_BLOCK:
			html_block(&w, n);
			break;
		case CMARK_NODE_THEMATIC_BREAK:
			rule_block(&w, n);
			break;
		case CMARK_NODE_BLOCK_QUOTE:
			if (!enter && w.alert && w.quote == w.alert_quote)
				w.alert = ALERT_NONE;
			w.quote += enter ? 1 : -1;
			w.indent += (enter ? 1 : -1) * ctx->st->quote_indent;
			if (enter && w.alert == ALERT_NONE &&
			    (w.alert = alert_take(n)) != ALERT_NONE) {
				w.alert_quote = w.quote;
				alert_label(&w, w.alert, file_line(ctx,
				    cmark_node_get_start_line(n)));
			}
			break;
		case CMARK_NODE_LIST:
			if (enter)
				list_enter(&w, n);
			else
				list_exit(&w);
			break;
		case CMARK_NODE_ITEM:
			if (enter)
				item_enter(&w, n);
			break;
		case CMARK_NODE_FOOTNOTE_DEFINITION:
			if (enter)
				footnote_enter(&w);
			else
				w.note = 0;
			break;
		default:
			break;
		}
		/* The first block of a footnote is its target. */
		if (w.footnotes && first < d->nblocks &&
		    d->blocks[first].dest == NULL &&
		    d->blocks[first].marker != NULL &&
		    d->blocks[first].role == ROLE_FOOTNOTE)
			d->blocks[first].dest = xasprintf("fn:%d",
			    w.footnotes);
	}
	cmark_iter_free(it);
	free(w.marker);
	free(w.lists);
	if (w.toc_at != (size_t)-1)
		toc_fill(d, w.toc_at, first_heading, ctx);
	if (ctx->st->url_notes)
		url_notes(&w);
	settle_links(d, ctx);
	notes_both_ways(d);
}

char *
build_first_heading(cmark_node *root, cmark_node **heading)
{
	for (cmark_node *n = cmark_node_first_child(root); n;
	    n = cmark_node_next(n)) {
		if (cmark_node_get_type(n) == CMARK_NODE_HEADING &&
		    cmark_node_get_heading_level(n) == 1) {
			*heading = n;
			return inl_plain(n);
		}
	}
	*heading = NULL;
	return NULL;
}

static struct block *
title_text(struct doc *d, const struct build_ctx *ctx, enum role role,
    const char *text)
{
	struct block *b = doc_add(d, BLOCK_TEXT, role);

	b->line = ctx->first_line;
	b->text = xstrdup(text);
	set_spacing(b, ctx->st);
	b->keep_with_next = 1;
	return b;
}

void
build_title(struct doc *d, const struct meta *m, const char *title,
    const struct formulas *f, const struct build_ctx *ctx)
{
	struct buf b = {0};
	struct block *t = title_text(d, ctx, ROLE_TITLE, "");

	free(t->text);
	mathtext_set(title, f, ctx->file, &t->text, &t->attrs);
	meta_dates(m, &b);
	if (m->author != NULL || (ctx->site && ctx->site->author)) {
		if (b.len)
			buf_puts(&b, "  \xC2\xB7  ");	/* middle dot */
		buf_puts(&b, m->author ? m->author : ctx->site->author);
	}
	if (b.len)
		title_text(d, ctx, ROLE_BYLINE, b.data);
	buf_free(&b);
	for (size_t i = 0; i < m->ntags; i++) {
		if (i)
			buf_puts(&b, "  \xC2\xB7  ");	/* as the byline */
		buf_puts(&b, m->tags[i]);
	}
	if (b.len)
		title_text(d, ctx, ROLE_TAGS, b.data);
	buf_free(&b);
	if (m->image != NULL) {
		struct walk w = { .d = d, .ctx = ctx };
		struct piece p = { .kind = PIECE_IMAGE, .src = m->image,
			.text = "" };

		image_block(&w, &p, ctx->first_line, 1);
		d->blocks[d->nblocks - 1].space_before =
		    ctx->st->role[ROLE_TAGS].space_after;
		d->blocks[d->nblocks - 1].space_after = 0;
	}
	/* A rule closes the title block. */
	{
		struct block *r = doc_add(d, BLOCK_RULE, ROLE_TITLE);

		r->line = ctx->first_line;
		r->level = -1;
		r->space_before = ctx->st->role[ROLE_BODY].leading;
		r->space_after = ctx->st->role[ROLE_BODY].leading * 1.5;
	}
}
