/* contents.c - cover, contents and index as documents. */
#include "contents.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diag.h"
#include "image.h"
#include "layout.h"
#include "markdown.h"
#include "mathtree.h"
#include "util.h"

/* Lines an excerpt may take in the contents. */
#define EXCERPT_LINES 2

/* Bytes of a post's first paragraph taken for its excerpt, before it is
 * cut to EXCERPT_LINES. */
#define EXCERPT_BYTES 220

/*
 * The narrowest index column, pt (50 mm). A column holds a post's title
 * after the sub-entry indent and before its page number: at 50 mm that
 * leaves about 22 characters a line, below it (A5's two columns would be
 * 47 mm, 30 mm of text) most titles take three lines and more, and one
 * column reads better. A4's and letter's two columns are 54 mm.
 */
#define INDEX_COLUMN_MIN (50 * 72 / 25.4)

static struct block *
text(struct doc *d, const struct style *st, enum role role, const char *s)
{
	struct block *b = doc_add(d, BLOCK_TEXT, role);

	b->text = xstrdup(s);
	b->space_before = st->role[role].space_before;
	b->space_after = st->role[role].space_after;
	return b;
}

static void
link_all(struct block *b, const char *dest)
{
	char *uri = xasprintf("#%s", dest);

	block_add_link(b, 0, strlen(b->text), uri);
	b->links[b->nlinks - 1].dest = xstrdup(dest);
	free(uri);
}

void
contents_cover(struct doc *d, const struct site *s, const struct entry *e,
    size_t n, const char *cover_image, const struct style *st, double body)
{
	struct block *b;
	char years[32] = "";

	b = doc_add(d, BLOCK_SPACE, ROLE_COVER_TEXT);
	b->space_before = body * (cover_image ? 0.12 : 0.28);
	b->dest = xstrdup("cover");
	text(d, st, ROLE_COVER_TITLE, s->title ? s->title : "Archive");
	/* The image under the title: cairo 1.16 fails an assertion when
	 * the first thing drawn in a tagged PDF is an image. */
	if (cover_image != NULL) {
		struct image_info info;
		char *why = NULL;

		if (image_probe(cover_image, &info, &why) == 0) {
			b = doc_add(d, BLOCK_IMAGE, ROLE_CAPTION);
			b->path = xstrdup(cover_image);
			b->px_w = info.width;
			b->px_h = info.height;
			b->text = xstrdup("");
			b->space_after = st->role[ROLE_COVER_TITLE].leading;
		} else
			diag(DIAG_WARNING, cover_image, 0, "cover image: %s",
			    why);
		free(why);
	}
	if (s->description)
		text(d, st, ROLE_COVER_TEXT, s->description);
	if (s->author)
		text(d, st, ROLE_COVER_TEXT, s->author)->space_before =
		    st->role[ROLE_COVER_TEXT].leading;
	if (n > 0) {
		int y0 = e[0].meta->date.year, y1 = e[n - 1].meta->date.year;

		if (y0 > y1) {
			int t = y0;

			y0 = y1;
			y1 = t;
		}
		if (y0 == y1)
			snprintf(years, sizeof(years), "%d", y0);
		else
			snprintf(years, sizeof(years), "%d\xE2\x80\x93%d", y0, y1);
		if (y0 > 0) {
			char *line = xasprintf("%s \xC2\xB7 %zu post%s", years,
			    n, n == 1 ? "" : "s");

			text(d, st, ROLE_COVER_TEXT, line);
			free(line);
		}
	}
}

static char *
join_tags(const struct meta *m)
{
	struct buf b = {0};

	for (size_t i = 0; i < m->ntags; i++) {
		buf_puts(&b, i ? ", " : "");
		buf_puts(&b, m->tags[i]);
	}
	return buf_take(&b);
}

/* The bytes that may end an excerpt before its ellipsis: not a space or
 * a mark that would stand before it ("word,…"). */
static int
dangles(char c)
{
	return c == ' ' || c == ',' || c == ';' || c == ':' || c == '.' ||
	    c == '-';
}

/*
 * Cuts block b's text after a word, with an ellipsis, so that it takes at
 * most max lines at mc's measure; measured as it will be laid out.
 */
static void
fit_lines(const struct measure_ctx *mc, struct block *b, size_t max)
{
	char *whole = b->text;
	size_t cut = strlen(whole);
	struct measured m;

	b->text = xstrdup(whole);
	for (measure_block(mc, b, &m); m.nlines > max;
	    measure_block(mc, b, &m)) {
		const PangoLayoutLine *ln = pango_layout_get_line_readonly(
		    m.layout, (int)max - 1);
		size_t end = (size_t)(ln->start_index + ln->length), at;

		measured_free(&m);
		/* Before the last line's end, and shorter than the last
		 * try (whose ellipsis may have pushed a word over). */
		at = end < cut ? end : cut - 1;
		while (at > 0 && whole[at] != ' ')
			at--;
		while (at > 0 && dangles(whole[at - 1]))
			at--;
		/* One word longer than the lines: cut inside it. */
		if (at == 0) {
			at = end < cut ? end : cut - 1;
			while (at > 0 && (whole[at] & 0xC0) == 0x80)
				at--;
		}
		cut = at;
		free(b->text);
		b->text = xasprintf("%.*s\xE2\x80\xA6", (int)cut, whole);
		if (cut == 0)
			break;
	}
	measured_free(&m);
	free(whole);
}

void
contents_toc(struct doc *d, const struct entry *e, size_t n,
    const struct measure_ctx *mc)
{
	const struct style *st = mc->st;
	struct block *b;
	int year = -1;

	b = text(d, st, ROLE_TOC_HEAD, "Contents");
	b->dest = xstrdup("contents");
	for (size_t i = 0; i < n; i++) {
		const struct meta *m = e[i].meta;
		struct buf dates = {0};	/* the entry's line under its title */
		char *tags, *line;

		if (m->date.year != year) {
			char y[16];

			year = m->date.year;
			snprintf(y, sizeof(y), "%d", year);
			b = text(d, st, ROLE_TOC_GROUP, year ? y : "Undated");
			b->keep_with_next = 1;
		}
		/* An entry's title, date line and excerpt stay together:
		 * none splits, each is kept with the next. */
		b = text(d, st, ROLE_TOC_ENTRY, e[i].title);
		b->leader = xasprintf("%d", e[i].page);
		b->keep_with_next = 1;
		b->keep_together = 1;
		link_all(b, e[i].dest);
		/* The dates in the byline's words, the tags, the note: a
		 * middle dot between those there are. */
		meta_dates(m, &dates);
		tags = join_tags(m);
		if (*tags)
			buf_printf(&dates, "%s%s", dates.len ?
			    "  \xC2\xB7  " : "", tags);
		if (e[i].noted)
			buf_printf(&dates, "%swith an editor\xE2\x80\x99s note",
			    dates.len ? "  \xC2\xB7  " : "");
		line = buf_take(&dates);
		b = text(d, st, ROLE_TOC_META, line);
		b->keep_together = 1;
		if (e[i].excerpt != NULL && *e[i].excerpt)
			b->keep_with_next = 1;
		free(line);
		free(tags);
		if (e[i].excerpt != NULL && *e[i].excerpt) {
			b = text(d, st, ROLE_TOC_EXCERPT, e[i].excerpt);
			b->keep_together = 1;
			fit_lines(mc, b, EXCERPT_LINES);
		}
	}
}

/* A heading and the posts under it, each with its page. */
struct group {
	const char *name;
	const char *kind;	/* "tag", "category", "series" */
	size_t	*posts;
	size_t	 n;
};

static int
cmp_group(const void *a, const void *b)
{
	const struct group *g = a, *h = b;
	int c = strcasecmp(g->name, h->name);

	return c ? c : strcmp(g->kind, h->kind);
}

/* Whether kinds a and b name the same sort of term: a tag and a category
 * of one name are one entry. */
static int
same_kind(const char *a, const char *b)
{
	return !strcmp(a, b) || (strcmp(a, "series") && strcmp(b, "series"));
}

/*
 * Adds post to the group of name and kind. Names differing only in case
 * are one term (the first spelling met stands); a tag and a category of
 * one name are one term, shown as a tag.
 */
static void
add(struct group **gs, size_t *ng, const char *name, const char *kind,
    size_t post)
{
	struct group *g = NULL;

	for (size_t i = 0; i < *ng; i++)
		if (!strcasecmp((*gs)[i].name, name) &&
		    same_kind((*gs)[i].kind, kind)) {
			g = &(*gs)[i];
			if (strcmp(g->kind, kind))
				g->kind = "tag";
			break;
		}
	if (g == NULL) {
		*gs = xreallocarray(*gs, *ng + 1, sizeof(**gs));
		g = &(*gs)[(*ng)++];
		memset(g, 0, sizeof(*g));
		g->name = name;
		g->kind = kind;
	}
	if (g->n > 0 && g->posts[g->n - 1] == post)
		return;
	g->posts = xreallocarray(g->posts, g->n + 1, sizeof(size_t));
	g->posts[g->n++] = post;
}

void
contents_index(struct doc *d, const struct entry *e, size_t n,
    const struct measure_ctx *mc)
{
	const struct style *st = mc->st;
	struct group *gs = NULL;
	struct block *b;
	size_t ng = 0;
	int cols = layout_column_width(mc, 2) >= INDEX_COLUMN_MIN ? 2 : 1;

	for (size_t i = 0; i < n; i++) {
		const struct meta *m = e[i].meta;

		for (size_t k = 0; k < m->ntags; k++)
			add(&gs, &ng, m->tags[k], "tag", i);
		for (size_t k = 0; k < m->ncategories; k++)
			add(&gs, &ng, m->categories[k], "category", i);
		if (m->series != NULL)
			add(&gs, &ng, m->series, "series", i);
	}
	/* qsort's array may not be NULL, even empty. */
	if (ng > 1)
		qsort(gs, ng, sizeof(*gs), cmp_group);
	b = text(d, st, ROLE_TOC_HEAD, "Index");
	b->dest = xstrdup("index");
	b->break_before = 1;
	for (size_t i = 0; i < ng; i++) {
		char *head = strcmp(gs[i].kind, "tag") ? xasprintf("%s (%s)",
		    gs[i].name, gs[i].kind) : xstrdup(gs[i].name), *again;
		size_t cont;

		b = text(d, st, ROLE_TOC_GROUP, head);
		b->keep_with_next = 1;
		b->columns = cols;
		/* The term again, where its posts go on in another column
		 * or on another page. */
		again = xasprintf("%s (cont.)", head);
		text(d, st, ROLE_TOC_GROUP, again)->columns = cols;
		cont = d->nblocks - 1;
		free(again);
		free(head);
		/* Each post under its term, an em in, its page after a
		 * comma as in a book's index (no leader: a narrow column
		 * keeps its width for the words), unbroken, and a title
		 * that wraps hanging another em under its first line. */
		for (size_t k = 0; k < gs[i].n; k++) {
			const struct entry *en = &e[gs[i].posts[k]];
			size_t len = strlen(en->title);
			char *line = xasprintf("%s%s\xC2\xA0%d", en->title,
			    len > 0 && strchr(".!?", en->title[len - 1]) ?
			    "" : ",", en->page);

			b = text(d, st, ROLE_INDEX, line);
			b->indent = b->hang = st->role[ROLE_INDEX].size;
			b->keep_together = 1;
			b->columns = cols;
			b->repeat = cont + 1;
			link_all(b, en->dest);
			free(line);
		}
		free(gs[i].posts);
	}
	free(gs);
}

char *
contents_post_excerpt(const struct post *p)
{
	char *s = p->meta.excerpt != NULL ?
	    markdown_smart(p->meta.excerpt) :
	    contents_excerpt(&p->doc, EXCERPT_BYTES);

	/* One run of text: a line break in it would be a new line. */
	for (char *c = s; c != NULL && *c; c++)
		if (*c == '\n')
			*c = ' ';
	return s;
}

char *
contents_excerpt(const struct doc *d, size_t max)
{
	for (size_t i = 0; i < d->nblocks; i++) {
		const struct block *b = &d->blocks[i];
		size_t len, cut = 0;

		/* Formulas are set in their block's boxes: a paragraph
		 * holding one cannot be quoted as plain text. */
		if (b->kind != BLOCK_TEXT || b->role != ROLE_BODY ||
		    b->generated || strstr(b->text, MATH_OBJECT) != NULL)
			continue;
		len = strlen(b->text);
		/* Whole sentences, as many as fit in max. */
		for (size_t k = 0; k < len && k < max; k++)
			if ((b->text[k] == '.' || b->text[k] == '!' ||
			    b->text[k] == '?') && (k + 1 == len ||
			    b->text[k + 1] == ' '))
				cut = k + 1;
		if (cut == 0) {
			cut = len < max ? len : max;
			while (cut > 0 && cut < len && b->text[cut] != ' ')
				cut--;
			if (cut == 0)
				cut = len < max ? len : max;
			if (cut < len)
				return xasprintf("%.*s\xE2\x80\xA6", (int)cut,
				    b->text);
		}
		return xstrndup(b->text, cut);
	}
	return NULL;
}
