/* inline.c - inline nodes and raw HTML into text, attributes and links. */
#include "inline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "html.h"
#include "hyphenate.h"
#include "markdown.h"
#include "mathparse.h"
#include "mathscan.h"
#include "mathtext.h"
#include "util.h"

enum span_kind {
	SP_EMPH, SP_STRONG, SP_STRIKE, SP_LINK, SP_SUP, SP_SUB,
	SP_UNDERLINE, SP_CODE
};

/* An open inline span: its attributes are added when it closes, or
 * when a piece ends while it is still open. */
struct span {
	enum span_kind kind;
	size_t	 start;		/* byte offset in the current text */
	char	*uri;		/* SP_LINK */
	char	 tag[16];	/* HTML tag that opened it; "" for Markdown */
};

struct inl {
	const struct style *st;
	enum role role;
	struct buf text;
	PangoAttrList *attrs;
	struct link *links;
	size_t	 nlinks;
	struct span *spans;
	size_t	 nspans, capspans;
	struct piece *pieces;
	size_t	 npieces, cappieces;
	unsigned line;		/* line of the text being gathered */
	int	 quote;		/* HTML blockquote depth */
	int	 hidden;	/* inside <script>/<style> given tag by tag */
	int	 collapse;	/* collapse white space (HTML text) */
	struct hyphenator *hyph;	/* or NULL */
	const struct formulas *math;	/* what markers stand for, or NULL */
	const char *file;		/* the post, for math messages */
	int	 math_in_line;		/* display formulas stay in the line */
};

struct inl *
inl_new(const struct style *st, enum role role)
{
	struct inl *in = xcalloc(1, sizeof(*in));

	in->st = st;
	in->role = role;
	return in;
}

void
inl_hyphenate(struct inl *in, struct hyphenator *h)
{
	in->hyph = h;
}

void
inl_math(struct inl *in, const struct formulas *f, const char *file,
    int in_line)
{
	in->math = f;
	in->file = file;
	in->math_in_line = in_line;
}

static void
add_attr(struct inl *in, PangoAttribute *a, size_t start, size_t end)
{
	attr_add(&in->attrs, a, start, end);
}

/* Adds the attributes of span sp over [start, end). */
static void
apply_span(struct inl *in, const struct span *sp, size_t start, size_t end)
{
	const struct role_style *base = &in->st->role[in->role];
	const struct role_style *code = &in->st->role[ROLE_CODE];
	struct link *l;

	if (end <= start)
		return;
	switch (sp->kind) {
	case SP_EMPH:
		add_attr(in, pango_attr_style_new(base->italic ?
		    PANGO_STYLE_NORMAL : PANGO_STYLE_ITALIC), start, end);
		break;
	case SP_STRONG:
		add_attr(in, pango_attr_weight_new(base->weight >= 600 ?
		    PANGO_WEIGHT_HEAVY : PANGO_WEIGHT_BOLD), start, end);
		break;
	case SP_STRIKE:
		add_attr(in, pango_attr_strikethrough_new(TRUE), start, end);
		break;
	case SP_UNDERLINE:
		add_attr(in, pango_attr_underline_new(PANGO_UNDERLINE_SINGLE),
		    start, end);
		break;
	case SP_SUP:
	case SP_SUB:
		add_attr(in, pango_attr_scale_new(0.7), start, end);
		add_attr(in, pango_attr_rise_new((int)(base->size *
		    (sp->kind == SP_SUP ? 0.35 : -0.15) * PANGO_SCALE)),
		    start, end);
		break;
	case SP_CODE:
		add_attr(in, pango_attr_family_new(code->font), start, end);
		/* Monospace looks large beside a serif: set it smaller. */
		add_attr(in, pango_attr_size_new((int)(base->size * 0.86 *
		    PANGO_SCALE)), start, end);
		add_attr(in, pango_attr_weight_new(PANGO_WEIGHT_NORMAL),
		    start, end);
		add_attr(in, pango_attr_style_new(PANGO_STYLE_NORMAL),
		    start, end);
		add_attr(in, pango_attr_font_features_new("liga 0, calt 0"),
		    start, end);
		break;
	case SP_LINK:
		if (sp->uri == NULL || sp->uri[0] == '\0')
			break;
		if (in->st->link_color != base->color)
			add_attr(in, attr_color(in->st->link_color), start, end);
		in->links = xreallocarray(in->links, in->nlinks + 1,
		    sizeof(*in->links));
		l = &in->links[in->nlinks++];
		memset(l, 0, sizeof(*l));
		l->start = start;
		l->end = end;
		l->uri = xstrdup(sp->uri);
		break;
	}
}

static void
push_span(struct inl *in, enum span_kind kind, const char *uri,
    const char *tag)
{
	struct span *sp;

	if (in->nspans == in->capspans) {
		in->capspans = in->capspans ? in->capspans * 2 : 8;
		in->spans = xreallocarray(in->spans, in->capspans,
		    sizeof(*in->spans));
	}
	sp = &in->spans[in->nspans++];
	sp->kind = kind;
	sp->start = in->text.len;
	sp->uri = uri ? xstrdup(uri) : NULL;
	snprintf(sp->tag, sizeof(sp->tag), "%s", tag ? tag : "");
}

/* Closes the innermost open span of kind opened by tag ("" Markdown). */
static void
pop_span(struct inl *in, enum span_kind kind, const char *tag)
{
	for (size_t i = in->nspans; i-- > 0;) {
		struct span *sp = &in->spans[i];

		if (sp->kind != kind || strcmp(sp->tag, tag) != 0)
			continue;
		apply_span(in, sp, sp->start, in->text.len);
		free(sp->uri);
		memmove(sp, sp + 1, (in->nspans - i - 1) * sizeof(*sp));
		in->nspans--;
		return;
	}
}

static struct piece *
new_piece(struct inl *in, enum piece_kind kind)
{
	struct piece *p;

	if (in->npieces == in->cappieces) {
		in->cappieces = in->cappieces ? in->cappieces * 2 : 4;
		in->pieces = xreallocarray(in->pieces, in->cappieces,
		    sizeof(*in->pieces));
	}
	p = &in->pieces[in->npieces++];
	memset(p, 0, sizeof(*p));
	p->kind = kind;
	p->quote = in->quote;
	p->line = in->line;
	return p;
}

static int
visible(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n')
			return 1;
	return 0;
}

/* Ends the text gathered so far as a piece; open spans carry over. */
static void
cut(struct inl *in)
{
	struct piece *p;

	for (size_t i = 0; i < in->nspans; i++)
		apply_span(in, &in->spans[i], in->spans[i].start,
		    in->text.len);
	/* Trailing white space would only push the line end about. */
	while (in->text.len > 0 && (in->text.data[in->text.len - 1] == ' ' ||
	    in->text.data[in->text.len - 1] == '\n'))
		in->text.data[--in->text.len] = '\0';
	if (in->text.len > 0 && visible(in->text.data, in->text.len)) {
		p = new_piece(in, PIECE_TEXT);
		p->text = buf_take(&in->text);
		p->attrs = in->attrs;
		p->links = in->links;
		p->nlinks = in->nlinks;
	} else {
		buf_free(&in->text);
		if (in->attrs != NULL)
			pango_attr_list_unref(in->attrs);
		for (size_t i = 0; i < in->nlinks; i++)
			free(in->links[i].uri);
		free(in->links);
	}
	in->attrs = NULL;
	in->links = NULL;
	in->nlinks = 0;
	for (size_t i = 0; i < in->nspans; i++)
		in->spans[i].start = 0;
}

/* Longest run without a break opportunity before one is made. */
#define MAX_RUN 48

/*
 * Pango takes time quadratic in the length of a run it cannot break, so a
 * run longer than MAX_RUN bytes (a pasted hash, a data URI) gets a zero
 * width space every so often; paint.c keeps them out of the PDF's text.
 * Works on b's bytes from offset from on.
 */
static void
breakable(struct buf *b, size_t from)
{
	size_t run = 0, i;
	struct buf out = {0};

	for (i = from; i < b->len; i++) {
		unsigned char c = (unsigned char)b->data[i];

		run = c == ' ' || c == '\n' || c == '-' || c == '/' ? 0 : run + 1;
		if (run > MAX_RUN && (c & 0xC0) != 0x80)
			break;
	}
	if (i == b->len)
		return;
	buf_append(&out, b->data + from, b->len - from);
	b->len = from;
	run = 0;
	for (i = 0; i < out.len; i++) {
		unsigned char c = (unsigned char)out.data[i];

		run = c == ' ' || c == '\n' || c == '-' || c == '/' ? 0 : run + 1;
		if (run > MAX_RUN && (c & 0xC0) != 0x80) {
			buf_puts(b, "\xE2\x80\x8B");	/* zero width space */
			run = 1;
		}
		buf_putc(b, (char)c);
	}
	buf_free(&out);
}

static void text_run(struct inl *in, const char *s, size_t len);
static void formula(struct inl *in, const struct formula *f);

void
inl_text(struct inl *in, const char *s, size_t len)
{
	const char *m;

	if (in->hidden)
		return;
	while (in->math != NULL && (m = mem_find(s, len, MATH_MARK,
	    strlen(MATH_MARK))) != NULL) {
		size_t at = (size_t)(m - s), used;
		long k = mathscan_marker(m, len - at, &used);

		text_run(in, s, at);
		if (k >= 0 && (size_t)k < in->math->n)
			formula(in, &in->math->v[k]);
		else
			used = strlen(MATH_MARK), text_run(in, m, used);
		s = m + used;
		len -= at + used;
	}
	text_run(in, s, len);
}

static void
text_run(struct inl *in, const char *s, size_t len)
{
	if (!in->collapse) {
		int code = 0;

		for (size_t i = 0; i < in->nspans; i++)
			code |= in->spans[i].kind == SP_CODE;
		size_t from = in->text.len;

		if (in->hyph != NULL && !code)
			hyphenate_append(in->hyph, &in->text, s, len);
		else
			buf_append(&in->text, s, len);
		breakable(&in->text, from);
		return;
	}
	/* HTML text: runs of white space are one space, none at a start. */
	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
			if (in->text.len == 0 ||
			    in->text.data[in->text.len - 1] == ' ' ||
			    in->text.data[in->text.len - 1] == '\n')
				continue;
			c = ' ';
		}
		buf_putc(&in->text, c);
	}
}

static void
line_break(struct inl *in)
{
	/* A newline starts a new Pango paragraph, so that the line before
	 * it ends short, as a justified last line does. */
	if (!in->hidden)
		buf_putc(&in->text, '\n');
}

static struct piece *
image_piece(struct inl *in, const char *src, const char *alt,
    const char *title)
{
	struct piece *p;
	const char *href = NULL;

	cut(in);
	for (size_t i = in->nspans; i-- > 0;)
		if (in->spans[i].kind == SP_LINK) {
			href = in->spans[i].uri;
			break;
		}
	p = new_piece(in, PIECE_IMAGE);
	p->src = xstrdup(src ? src : "");
	p->text = xstrdup(alt ? alt : "");
	p->title = title && *title ? xstrdup(title) : NULL;
	p->href = href ? xstrdup(href) : NULL;
	return p;
}

/*
 * Formula f where the marker stood: in the line, an object character
 * carrying it; on its own, a piece. What cannot be set is shown as its
 * source in code type, with a warning saying why.
 */
static void
formula(struct inl *in, const struct formula *f)
{
	char *why;
	struct math *m = mathparse(f->tex, strlen(f->tex), f->display, &why);
	int own = f->display && !in->math_in_line;
	size_t start = in->text.len;
	struct piece *p;

	if (m == NULL) {
		diag(DIAG_WARNING, in->file, f->line, "%s", why);
		free(why);
	} else {
		if (m->warning != NULL)
			diag(DIAG_WARNING, in->file, f->line, "%s",
			    m->warning);
		m->file = in->file ? xstrdup(in->file) : NULL;
		m->line = f->line;
	}
	if (own) {
		cut(in);
		p = new_piece(in, PIECE_MATH);
		p->text = xstrdup(f->tex);
		p->math = m;
		return;
	}
	if (m == NULL) {
		push_span(in, SP_CODE, NULL, "");
		buf_printf(&in->text, f->display ? "$$%s$$" : "$%s$", f->tex);
		pop_span(in, SP_CODE, "");
		return;
	}
	buf_puts(&in->text, MATH_OBJECT);
	add_attr(in, math_attr_new(m), start, in->text.len);
	math_unref(m);
}

static const struct {
	const char *tag;
	enum span_kind kind;
} html_spans[] = {
	{ "em", SP_EMPH }, { "i", SP_EMPH }, { "cite", SP_EMPH },
	{ "var", SP_EMPH }, { "dfn", SP_EMPH },
	{ "strong", SP_STRONG }, { "b", SP_STRONG },
	{ "h1", SP_STRONG }, { "h2", SP_STRONG }, { "h3", SP_STRONG },
	{ "h4", SP_STRONG }, { "h5", SP_STRONG }, { "h6", SP_STRONG },
	{ "th", SP_STRONG },
	{ "code", SP_CODE }, { "kbd", SP_CODE }, { "tt", SP_CODE },
	{ "samp", SP_CODE }, { "pre", SP_CODE },
	{ "s", SP_STRIKE }, { "del", SP_STRIKE }, { "strike", SP_STRIKE },
	{ "u", SP_UNDERLINE }, { "ins", SP_UNDERLINE },
	{ "sup", SP_SUP }, { "sub", SP_SUB },
	{ "a", SP_LINK },
};

static int
html_span_kind(const char *tag, enum span_kind *kind)
{
	for (size_t i = 0; i < sizeof(html_spans) / sizeof(*html_spans); i++)
		if (strcmp(tag, html_spans[i].tag) == 0) {
			*kind = html_spans[i].kind;
			return 1;
		}
	return 0;
}

static int
is_embed(const char *tag)
{
	return !strcmp(tag, "iframe") || !strcmp(tag, "video") ||
	    !strcmp(tag, "object") || !strcmp(tag, "embed") ||
	    !strcmp(tag, "audio");
}

static void
html_start(struct inl *in, const struct html_tok *t)
{
	enum span_kind kind;
	struct piece *p;
	const char *src;

	if (!strcmp(t->name, "script") || !strcmp(t->name, "style")) {
		if (!t->self_closing)
			in->hidden++;
		return;
	}
	if (in->hidden)
		return;
	if (!strcmp(t->name, "br")) {
		line_break(in);
		return;
	}
	if (!strcmp(t->name, "img")) {
		const char *w = html_attr(t, "width");

		p = image_piece(in, html_attr(t, "src"), html_attr(t, "alt"),
		    html_attr(t, "title"));
		p->width = w ? atoi(w) : 0;
		return;
	}
	if (is_embed(t->name) || (!strcmp(t->name, "source") &&
	    in->npieces > 0 && in->pieces[in->npieces - 1].kind ==
	    PIECE_EMBED && in->pieces[in->npieces - 1].src[0] == '\0')) {
		src = html_attr(t, "src");
		if (src == NULL)
			src = html_attr(t, "data");
		if (!strcmp(t->name, "source")) {
			if (src != NULL) {
				p = &in->pieces[in->npieces - 1];
				free(p->src);
				p->src = xstrdup(src);
			}
			return;
		}
		cut(in);
		p = new_piece(in, PIECE_EMBED);
		p->src = xstrdup(src ? src : "");
		/* A shortcode's note says what it stands for. */
		if (html_attr(t, "data-note") != NULL)
			p->title = xstrdup(html_attr(t, "data-note"));
		p->text = xstrdup(t->name);
		return;
	}
	if (html_is_block(t->name)) {
		cut(in);
		if (!strcmp(t->name, "blockquote"))
			in->quote++;
		else if (!strcmp(t->name, "li"))
			buf_puts(&in->text, "\xE2\x80\xA2 ");
	}
	if (html_span_kind(t->name, &kind) && !t->self_closing)
		push_span(in, kind, kind == SP_LINK ? html_attr(t, "href") :
		    NULL, t->name);
}

static void
html_end(struct inl *in, const struct html_tok *t)
{
	enum span_kind kind;

	if (!strcmp(t->name, "script") || !strcmp(t->name, "style")) {
		if (in->hidden > 0)
			in->hidden--;
		return;
	}
	if (in->hidden)
		return;
	if (html_span_kind(t->name, &kind))
		pop_span(in, kind, t->name);
	if (html_is_block(t->name)) {
		cut(in);
		if (!strcmp(t->name, "blockquote") && in->quote > 0)
			in->quote--;
	}
}

void
inl_html(struct inl *in, const char *html, size_t len, unsigned line)
{
	struct html_tok t = {0};
	size_t pos = 0;
	int collapse = in->collapse;

	in->collapse = 1;
	while (html_next(html, len, &pos, &t)) {
		in->line = line + t.line;
		switch (t.kind) {
		case HTML_TEXT:
			inl_text(in, t.text.data, t.text.len);
			break;
		case HTML_START:
			html_start(in, &t);
			break;
		case HTML_END:
			html_end(in, &t);
			break;
		case HTML_COMMENT:
		case HTML_RAW:
			break;
		}
	}
	html_tok_free(&t);
	in->collapse = collapse;
}

/* A footnote mark: a superscript number linked to its note. */
static void
footnote_ref(struct inl *in, cmark_node *n)
{
	const char *label = cmark_node_get_literal(n);
	char *uri = xasprintf("#fn:%s", label ? label : "");

	push_span(in, SP_SUP, NULL, "");
	push_span(in, SP_LINK, uri, "");
	buf_puts(&in->text, label ? label : "*");
	pop_span(in, SP_LINK, "");
	pop_span(in, SP_SUP, "");
	if (in->nlinks > 0)
		in->links[in->nlinks - 1].note = label ? atoi(label) : 0;
	free(uri);
}

void
inl_children(struct inl *in, cmark_node *parent)
{
	cmark_iter *it = cmark_iter_new(parent);
	cmark_event_type ev;
	cmark_node *n;
	const char *lit;

	in->line = (unsigned)cmark_node_get_start_line(parent);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		int enter = ev == CMARK_EVENT_ENTER;

		n = cmark_iter_get_node(it);
		if (n == parent)
			continue;
		if (cmark_node_get_start_line(n) > 0 && enter)
			in->line = (unsigned)cmark_node_get_start_line(n);
		switch (markdown_ext(n)) {
		case MD_STRIKETHROUGH:
			if (enter)
				push_span(in, SP_STRIKE, NULL, "");
			else
				pop_span(in, SP_STRIKE, "");
			continue;
		default:
			break;
		}
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
			lit = cmark_node_get_literal(n);
			if (lit)
				inl_text(in, lit, strlen(lit));
			break;
		case CMARK_NODE_SOFTBREAK:
			inl_text(in, " ", 1);
			break;
		case CMARK_NODE_LINEBREAK:
			line_break(in);
			break;
		case CMARK_NODE_CODE:
			lit = cmark_node_get_literal(n);
			push_span(in, SP_CODE, NULL, "");
			if (lit)
				inl_text(in, lit, strlen(lit));
			pop_span(in, SP_CODE, "");
			break;
		case CMARK_NODE_HTML_INLINE:
			lit = cmark_node_get_literal(n);
			if (lit)
				inl_html(in, lit, strlen(lit), in->line);
			break;
		case CMARK_NODE_EMPH:
			if (enter)
				push_span(in, SP_EMPH, NULL, "");
			else
				pop_span(in, SP_EMPH, "");
			break;
		case CMARK_NODE_STRONG:
			if (enter)
				push_span(in, SP_STRONG, NULL, "");
			else
				pop_span(in, SP_STRONG, "");
			break;
		case CMARK_NODE_LINK:
			if (enter)
				push_span(in, SP_LINK, cmark_node_get_url(n), "");
			else
				pop_span(in, SP_LINK, "");
			break;
		case CMARK_NODE_IMAGE:
			if (enter) {
				char *marked = inl_plain(n);
				char *alt = mathtext_plain(marked, in->math);

				free(marked);

				image_piece(in, cmark_node_get_url(n), alt,
				    cmark_node_get_title(n));
				free(alt);
				cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
			}
			break;
		case CMARK_NODE_FOOTNOTE_REFERENCE:
			if (enter)
				footnote_ref(in, n);
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
}

struct piece *
inl_finish(struct inl *in, size_t *n)
{
	struct piece *p;

	cut(in);
	p = in->pieces;
	*n = in->npieces;
	in->pieces = NULL;
	in->npieces = in->cappieces = 0;
	return p;
}

void
pieces_free(struct piece *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(p[i].text);
		if (p[i].attrs)
			pango_attr_list_unref(p[i].attrs);
		for (size_t j = 0; j < p[i].nlinks; j++) {
			free(p[i].links[j].uri);
			free(p[i].links[j].dest);
			free(p[i].links[j].anchor);
		}
		free(p[i].links);
		free(p[i].src);
		free(p[i].title);
		free(p[i].href);
		math_unref(p[i].math);
	}
	free(p);
}

void
inl_free(struct inl *in)
{
	struct piece *p;
	size_t n;

	if (in == NULL)
		return;
	p = inl_finish(in, &n);
	pieces_free(p, n);
	for (size_t i = 0; i < in->nspans; i++)
		free(in->spans[i].uri);
	free(in->spans);
	free(in);
}

char *
inl_plain(cmark_node *parent)
{
	cmark_iter *it = cmark_iter_new(parent);
	cmark_event_type ev;
	struct buf b = {0};

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		const char *lit;

		if (ev != CMARK_EVENT_ENTER)
			continue;
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
			if ((lit = cmark_node_get_literal(n)) != NULL)
				buf_puts(&b, lit);
			break;
		case CMARK_NODE_CODE:
			if ((lit = cmark_node_get_literal(n)) != NULL)
				buf_puts(&b, lit);
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			buf_putc(&b, ' ');
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
	return buf_take(&b);
}
