/* booklet.c - many posts into one book, numbered before it is drawn. */
#include "booklet.h"

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "blocks.h"
#include "canvas.h"
#include "collect.h"
#include "contents.h"
#include "diag.h"
#include "folio.h"
#include "hyphenate.h"
#include "image.h"
#include "fonts.h"
#include "layout.h"
#include "markdown.h"
#include "pdf.h"
#include "paint.h"
#include "post.h"
#include "progress.h"
#include "render.h"
#include "site.h"
#include "source.h"
#include "style.h"
#include "util.h"
#include "yamlmap.h"

/* Numbering passes before page references are taken as settled. */
#define MAX_PASSES 4

/* What the booklet keeps of a post between laying it out and drawing it:
 * numbers, and its pages' drawing in the spool file, not layouts, so
 * memory stays flat as the archive grows. */
struct slot {
	struct post meta;	/* front matter only */
	char	*key;		/* its permalink, normalised for matching */
	char	*dest;		/* "pN": its first page */
	char	*excerpt;
	char	*note;		/* editor's note (Markdown), or NULL */
	const char *note_file;	/* where the note came from */
	unsigned note_line;
	int	 npages;
	int	 start;		/* first page number */
	unsigned long refs;	/* what its references' widths hang on,
				   hashed (see refs_hash) */
	unsigned long refs_exact;	/* the numbers they show, hashed */
	struct heading *heads;	/* its headings, for the outline */
	size_t	 nheads;
	int	 dirty;		/* its page count changed in the last pass */
	size_t	*ref;		/* the posts it refers to, in order */
	size_t	 nrefs;
	/* Its pages as last laid out, or NULL: each page's text and its
	 * folio, apart, as the folio changes with the page number. */
	struct {
		struct spool_ref body, folio;
	} *pages;
	int	 spooled_start;	/* the first page they were drawn for */
};

struct book {
	const struct booklet_opts *o;
	struct site site;
	struct style st;
	struct measure_ctx mc;
	PangoFontMap *fm;
	struct slot *s;
	size_t	 n;
	/* The posts' front matter side by side, for series lists: the same
	 * structures as s[i].meta (shallow copies; freed with s). */
	struct post *view;
	struct ynode *notes;
	struct source notes_src;
	char	*host;		/* the site url's host, for matching links */
	char	*basepath;	/* the site's path prefix ("/blog"), or "" */
	struct hyphenator *hyph;	/* the site language's, loaded once */
	struct spool *spool;	/* pages drawn while numbering, or NULL */
	size_t	 nthreads;	/* 1: no reading ahead */
	int	 counting;	/* the first pass is numbering as it goes */
	size_t	 counted;	/* posts before this one have their start */
	int	 next_page;	/* where the next post starts */
	struct progress prog;	/* the bar on a terminal */
};

/* Lower-cased path of a link or permalink with the site's own host and
 * base path, query, fragment, ".html" and trailing slashes taken off;
 * NULL when it points elsewhere. */
static char *
link_key(const struct book *bk, const char *uri)
{
	const char *p = uri, *end;
	size_t n;
	char *k;

	if (!strncasecmp(p, "http://", 7) || !strncasecmp(p, "https://", 8)) {
		p = strchr(p, ':') + 3;
		n = strcspn(p, "/");
		if (bk->host == NULL || strlen(bk->host) != n ||
		    strncasecmp(p, bk->host, n) != 0)
			return NULL;
		p += n;
	} else if (p[0] != '/')
		return NULL;
	n = strlen(bk->basepath);
	if (n > 0 && !strncmp(p, bk->basepath, n) && (p[n] == '/' ||
	    p[n] == '\0'))
		p += n;
	end = p + strcspn(p, "?#");
	while (end > p && end[-1] == '/')
		end--;
	if (end - p > 5 && !strncasecmp(end - 5, ".html", 5))
		end -= 5;
	k = xstrndup(p, (size_t)(end - p));
	for (char *c = k; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	return k;
}

static void
site_parts(struct book *bk)
{
	const char *url = bk->site.url, *base = bk->site.baseurl;

	if (url != NULL && (!strncasecmp(url, "http://", 7) ||
	    !strncasecmp(url, "https://", 8))) {
		const char *h = strchr(url, ':') + 3;

		bk->host = xstrndup(h, strcspn(h, "/"));
	}
	/* A baseurl is a path; some sites put a whole URL there. */
	bk->basepath = xstrdup(base && base[0] == '/' ? base : "");
	while (*bk->basepath && bk->basepath[strlen(bk->basepath) - 1] == '/')
		bk->basepath[strlen(bk->basepath) - 1] = '\0';
}

static char *
permalink_of(const struct book *bk, const struct post *p)
{
	char *perm = post_permalink(&p->meta, &bk->site);
	char *key = link_key(bk, perm[0] == '/' ? perm : "/");

	free(perm);
	return key;
}

static int
find_post(const struct book *bk, const char *uri)
{
	char *k = link_key(bk, uri);
	int found = -1;

	if (k == NULL)
		return -1;
	for (size_t i = 0; i < bk->n && found < 0; i++)
		if (bk->s[i].key != NULL && !strcmp(bk->s[i].key, k))
			found = (int)i;
	free(k);
	return found;
}

/*
 * Post j's first page. While the first pass is counting, posts not yet
 * laid out get a guess from the pages so far: made on the one layout
 * thread, it is the same on every run.
 */
static int
start_of(const struct book *bk, size_t j)
{
	int avg;

	if (!bk->counting || j < bk->counted)
		return bk->s[j].start;
	avg = bk->counted ? (bk->next_page - 1 + (int)bk->counted / 2) /
	    (int)bk->counted : 3;
	return bk->next_page + (int)(j - bk->counted) * (avg > 0 ? avg : 1);
}

static unsigned long
digits(int n)
{
	unsigned long d = 1;

	while (n >= 10) {
		n /= 10;
		d++;
	}
	return d;
}

/*
 * Hashes of the references of a post: by the number of digits each shows
 * (its figures are tabular, so that is all its width depends on, and all
 * that can change the layout), and by the numbers themselves.
 */
static void
refs_hash(const struct book *bk, const struct slot *sl, unsigned long *width,
    unsigned long *exact)
{
	*width = *exact = 0;
	for (size_t k = 0; k < sl->nrefs; k++) {
		int start = start_of(bk, sl->ref[k]);

		*width = *width * 31 + (sl->ref[k] + 1) * 2654435761UL +
		    digits(start);
		*exact = *exact * 31 + (sl->ref[k] + 1) * 2654435761UL +
		    (unsigned long)start;
	}
}

/*
 * Links to posts in the book become internal, with "(p. N)" after, in
 * tabular figures. Records the posts referred to and what the references
 * show, so that a later pass can tell whether to lay the post out again.
 */
static void
cross_refs(struct book *bk, struct slot *sl, struct doc *d)
{
	sl->nrefs = 0;
	for (size_t i = 0; i < d->nblocks; i++) {
		struct block *b = &d->blocks[i];

		for (size_t k = 0; k < b->nlinks; k++) {
			struct link *l = &b->links[k];
			int j = l->dest ? -1 : find_post(bk, l->uri);
			PangoAttribute *a;
			char ref[32];
			size_t at;

			if (j < 0)
				continue;
			l->dest = xstrdup(bk->s[j].dest);
			sl->ref = xreallocarray(sl->ref, sl->nrefs + 1,
			    sizeof(*sl->ref));
			sl->ref[sl->nrefs++] = (size_t)j;
			if (b->kind != BLOCK_TEXT || l->end == l->start)
				continue;
			at = l->end;
			snprintf(ref, sizeof(ref), " (p.\xC2\xA0%d)",
			    start_of(bk, (size_t)j));
			block_insert_text(b, at, ref);
			if (b->attrs == NULL)
				b->attrs = pango_attr_list_new();
			a = pango_attr_font_features_new("tnum 1");
			a->start_index = (guint)(at + 6);
			a->end_index = (guint)(at + strlen(ref) - 1);
			pango_attr_list_insert(b->attrs, a);
		}
	}
	refs_hash(bk, sl, &sl->refs, &sl->refs_exact);
}

/* The note's blocks go under the title block, in a box. */
static void
add_note(struct book *bk, struct slot *sl, struct post *p)
{
	struct build_ctx ctx = { .file = sl->note_file,
		.first_line = sl->note_line, .st = &bk->st, .site = &bk->site,
		.post_dir = ".", .allow_outside = bk->o->allow_outside };
	struct doc note = {0};
	cmark_node *root = markdown_parse(sl->note, strlen(sl->note));
	struct block *label;
	size_t at = 0;

	label = doc_add(&note, BLOCK_TEXT, ROLE_TOC_META);
	label->text = xstrdup("EDITOR\xE2\x80\x99S NOTE");
	label->boxed = 1;
	label->keep_with_next = 1;
	build_body(&note, root, &ctx);
	cmark_node_free(root);
	for (size_t i = 0; i < note.nblocks; i++) {
		struct block *b = &note.blocks[i];

		if (b->kind == BLOCK_TEXT) {
			b->role = i ? ROLE_NOTE : ROLE_TOC_META;
			b->boxed = 1;
			b->space_before = 0;
			b->space_after = i + 1 < note.nblocks ? 0 :
			    bk->st.role[ROLE_BODY].leading;
		}
	}
	/* After the rule that closes the title block. */
	for (size_t i = 0; i < p->doc.nblocks; i++)
		if (p->doc.blocks[i].kind == BLOCK_RULE &&
		    p->doc.blocks[i].role == ROLE_TITLE) {
			at = i + 1;
			break;
		}
	doc_splice(&p->doc, at, &note);
	doc_free(&note);
}

static int
load(struct book *bk, size_t i, struct post *p)
{
	struct post_opts po = { .site = &bk->site, .st = &bk->st,
		.allow_outside = bk->o->allow_outside, .hyph = bk->hyph,
		.hyph_lang = post_lang(NULL, &bk->site) };
	struct slot *sl = &bk->s[i];
	struct series series;
	char pre[32];
	int rc;

	/* Its series among the posts of the book. */
	if (collect_series(&series, &sl->meta.meta, sl->meta.path, bk->view,
	    bk->n, &bk->site) == 0)
		po.series = &series;
	rc = post_load(p, sl->meta.path, &po);
	if (po.series != NULL)
		series_free(&series);
	if (rc == -1)
		return -1;
	snprintf(pre, sizeof(pre), "%s-", sl->dest);
	doc_prefix_dests(&p->doc, pre);
	if (p->doc.nblocks > 0) {
		free(p->doc.blocks[0].dest);
		p->doc.blocks[0].dest = xstrdup(sl->dest);
	}
	if (sl->note != NULL)
		add_note(bk, sl, p);
	return 0;
}

/* The post's headings, kept for the outline. */
static void
keep_headings(struct slot *sl, const struct doc *d)
{
	for (size_t h = 0; h < sl->nheads; h++) {
		free(sl->heads[h].title);
		free(sl->heads[h].dest);
	}
	free(sl->heads);
	sl->nheads = d->nheadings;
	sl->heads = xcalloc(sl->nheads ? sl->nheads : 1, sizeof(*sl->heads));
	for (size_t h = 0; h < sl->nheads; h++) {
		sl->heads[h].level = d->headings[h].level;
		sl->heads[h].title = xstrdup(d->headings[h].title);
		sl->heads[h].dest = xstrdup(d->headings[h].dest);
	}
}

/* Post i is the done-th of its phase. */
static void
progress(struct book *bk, size_t i, size_t done)
{
	progress_step(&bk->prog, done, bk->s[i].meta.path);
}

/*
 * Reading and building posts (Markdown, Liquid, blocks) runs on a second
 * thread, one post ahead of the thread that lays them out and draws them.
 * Pango stays on that one thread: with layouts made on several threads
 * (each with its own font map, as Pango 1.50 requires) the PDF's bytes
 * came out depending on timing.
 */
struct ahead {
	struct book *bk;
	const size_t *order;	/* the posts to read, in turn */
	size_t	 n;
	pthread_t tid;
	int	 running;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct {
		struct post p;
		int	 state;	/* 0 free, 1 read, -1 failed */
	} slot[2];
	int	 stop;
};

static void *
ahead_run(void *arg)
{
	struct ahead *a = arg;

	for (size_t k = 0; k < a->n; k++) {
		struct post p = {0};
		int rc;

		pthread_mutex_lock(&a->mu);
		while (a->slot[k % 2].state != 0 && !a->stop)
			pthread_cond_wait(&a->cv, &a->mu);
		pthread_mutex_unlock(&a->mu);
		if (a->stop)
			break;
		rc = load(a->bk, a->order[k], &p);
		pthread_mutex_lock(&a->mu);
		a->slot[k % 2].p = p;
		a->slot[k % 2].state = rc == 0 ? 1 : -1;
		pthread_cond_broadcast(&a->cv);
		pthread_mutex_unlock(&a->mu);
		if (rc != 0)
			break;
	}
	return NULL;
}

/* Starts reading order[0..n); without a second core, reads on demand. */
static void
ahead_start(struct ahead *a, struct book *bk, const size_t *order, size_t n)
{
	memset(a, 0, sizeof(*a));
	a->bk = bk;
	a->order = order;
	a->n = n;
	pthread_mutex_init(&a->mu, NULL);
	pthread_cond_init(&a->cv, NULL);
	a->running = bk->nthreads > 1 && n > 1 &&
	    pthread_create(&a->tid, NULL, ahead_run, a) == 0;
}

/* The k-th post of the order, read and built; the caller owns it. */
static int
ahead_take(struct ahead *a, size_t k, struct post *p)
{
	int state;

	if (!a->running)
		return load(a->bk, a->order[k], p);
	pthread_mutex_lock(&a->mu);
	while (a->slot[k % 2].state == 0)
		pthread_cond_wait(&a->cv, &a->mu);
	*p = a->slot[k % 2].p;
	state = a->slot[k % 2].state;
	memset(&a->slot[k % 2].p, 0, sizeof(a->slot[k % 2].p));
	a->slot[k % 2].state = 0;
	pthread_cond_broadcast(&a->cv);
	pthread_mutex_unlock(&a->mu);
	return state == 1 ? 0 : -1;
}

static void
ahead_stop(struct ahead *a)
{
	if (a->running) {
		pthread_mutex_lock(&a->mu);
		a->stop = 1;
		pthread_cond_broadcast(&a->cv);
		pthread_mutex_unlock(&a->mu);
		pthread_join(a->tid, NULL);
	}
	for (int k = 0; k < 2; k++)
		post_free(&a->slot[k].p);
	pthread_cond_destroy(&a->cv);
	pthread_mutex_destroy(&a->mu);
}

/* The folio of page k of post sl, page number page (num holds it). */
static struct folio
post_folio(const struct book *bk, const struct slot *sl, size_t k, int page,
    char num[24])
{
	struct folio f = { .number = num, .verso = page % 2 == 0 };

	snprintf(num, 24, "%d", page);
	/* No running head on a post's first page. */
	if (k > 0)
		f.head = f.verso ? bk->site.title : sl->meta.title;
	return f;
}

/* Post i's layout l drawn into the spool, page by page, for its current
 * first page; the spool forgets it if it cannot take it. */
static void
spool_pages(struct book *bk, struct slot *sl, const struct post *p,
    const struct layout *l)
{
	struct paint_ctx pc = { .mc = &bk->mc, .blocks = p->doc.blocks,
		.lay = l, .file = sl->meta.path };

	free(sl->pages);
	sl->pages = NULL;
	if (bk->spool == NULL)
		return;
	sl->pages = xcalloc(l->r.npages ? l->r.npages : 1,
	    sizeof(*sl->pages));
	sl->spooled_start = sl->start;
	for (size_t k = 0; k < l->r.npages; k++) {
		struct canvas body = {0}, folio = {0};
		char num[24];
		struct folio f = post_folio(bk, sl, k, sl->start + (int)k, num);
		int rc;

		render_body(&pc, k, f.verso, &body);
		render_folio(&bk->mc, &f, &folio);
		rc = spool_put(bk->spool, &body, &sl->pages[k].body) == -1 ||
		    spool_put(bk->spool, &folio, &sl->pages[k].folio) == -1;
		canvas_free(&body);
		canvas_free(&folio);
		if (rc) {
			free(sl->pages);
			sl->pages = NULL;
			return;
		}
	}
}

/* Lays out post i (read into p, which it takes) and keeps what numbering
 * needs: its page count (dirty when that changed), headings, excerpt;
 * and its pages in the spool for drawing. */
static void
lay_out(struct book *bk, size_t i, struct post *p)
{
	struct slot *sl = &bk->s[i];
	struct layout l;

	/* The excerpt is taken before page references join the text. */
	free(sl->excerpt);
	sl->excerpt = p->meta.excerpt ? xstrdup(p->meta.excerpt) :
	    contents_excerpt(&p->doc, 220);
	cross_refs(bk, sl, &p->doc);
	layout_doc(&l, &bk->mc, &p->doc);
	sl->dirty = (int)l.r.npages != sl->npages;
	sl->npages = (int)l.r.npages;
	keep_headings(sl, &p->doc);
	spool_pages(bk, sl, p, &l);
	layout_free(&l);
	post_free(p);
}

/* Lays out posts (all, or only those whose page references moved) and
 * numbers them. *changed tells whether any page number moved. */
static int
number(struct book *bk, int only_refs, int *changed)
{
	size_t *order = xcalloc(bk->n ? bk->n : 1, sizeof(size_t)), n = 0;
	struct ahead a;
	int page = 1, rc = 0;

	for (size_t i = 0; i < bk->n; i++) {
		unsigned long width, exact;

		refs_hash(bk, &bk->s[i], &width, &exact);
		if (!only_refs || (bk->s[i].nrefs > 0 && width != bk->s[i].refs))
			order[n++] = i;
	}
	/* The first pass numbers as it goes: references to earlier posts
	 * show their real page at once. */
	bk->counting = !only_refs;
	bk->counted = 0;
	bk->next_page = 1;
	ahead_start(&a, bk, order, n);
	for (size_t k = 0; k < n && rc == 0; k++) {
		struct post p = {0};
		struct slot *sl = &bk->s[order[k]];

		if (bk->counting) {
			if (bk->o->recto && bk->next_page % 2 == 0)
				bk->next_page++;
			sl->start = bk->next_page;
		}
		if ((rc = ahead_take(&a, k, &p)) == 0)
			lay_out(bk, order[k], &p);
		else
			post_free(&p);
		if (bk->counting) {
			bk->next_page += sl->npages;
			bk->counted = order[k] + 1;
			progress(bk, order[k], k + 1);
		}
	}
	ahead_stop(&a);
	bk->counting = 0;
	free(order);
	if (rc == -1)
		return -1;
	*changed = 0;
	for (size_t i = 0; i < bk->n; i++) {
		struct slot *sl = &bk->s[i];

		*changed |= sl->dirty;
		sl->dirty = 0;
		if (bk->o->recto && page % 2 == 0)
			page++;
		if (sl->start != page)
			*changed = 1;
		sl->start = page;
		page += sl->npages;
	}
	return 0;
}

static void
entries(const struct book *bk, struct entry *e)
{
	for (size_t i = 0; i < bk->n; i++) {
		e[i].meta = &bk->s[i].meta.meta;
		e[i].title = bk->s[i].meta.title;
		e[i].excerpt = bk->s[i].excerpt;
		e[i].dest = bk->s[i].dest;
		e[i].page = bk->s[i].start;
		e[i].noted = bk->s[i].note != NULL;
	}
}

/* Editor's notes: --notes FILE first, a post's own note: key second. */
static int
find_notes(struct book *bk)
{
	const char *path = bk->o->notes;

	if (path != NULL) {
		if (source_read(&bk->notes_src, path) == -1 ||
		    yamlmap_parse(path, 1, "notes", bk->notes_src.text,
		    bk->notes_src.len, &bk->notes) == -1)
			return -1;
		if (bk->notes != NULL && bk->notes->type != YNODE_MAP) {
			diag(DIAG_ERROR, path, bk->notes->line,
			    "notes: expected a mapping of post slug: note");
			return -1;
		}
	}
	for (size_t i = 0; i < bk->n; i++) {
		struct slot *sl = &bk->s[i];
		const struct meta *m = &sl->meta.meta;
		const struct ynode *v = NULL;
		const char *stem = strrchr(sl->meta.path, '/');
		char *name = xstrdup(stem ? stem + 1 : sl->meta.path);

		*strrchr(name, '.') = '\0';
		if (bk->notes != NULL && (v = yamlmap_get(bk->notes,
		    m->slug)) == NULL)
			v = yamlmap_get(bk->notes, name);
		free(name);
		if (v != NULL && yamlmap_str(v) != NULL) {
			sl->note = xstrdup(yamlmap_str(v));
			sl->note_file = path;
			sl->note_line = v->line;
		} else if (m->note != NULL) {
			sl->note = xstrdup(m->note);
			sl->note_file = sl->meta.path;
			sl->note_line = 1;
		}
	}
	return 0;
}

/* Bookmarks: cover, contents, year > post > headings, index. */
static void
outline(struct book *bk, struct output *out)
{
	int year = -1, yid = 0;

	output_outline(out, 0, "Cover", "cover", 0);
	output_outline(out, 0, "Contents", "contents", 0);
	for (size_t i = 0; i < bk->n; i++) {
		struct slot *sl = &bk->s[i];
		int pid, ids[7] = {0};

		if (sl->meta.meta.date.year != year) {
			char y[16];

			year = sl->meta.meta.date.year;
			snprintf(y, sizeof(y), "%d", year);
			yid = output_outline(out, 0, year ? y : "Undated",
			    sl->dest, 0);
		}
		pid = output_outline(out, yid, sl->meta.title, sl->dest, 0);
		for (size_t h = 0; h < sl->nheads; h++) {
			const struct heading *hd = &sl->heads[h];
			int parent = pid;

			for (int k = hd->level - 1; k >= 1; k--)
				if (ids[k]) {
					parent = ids[k];
					break;
				}
			ids[hd->level] = output_outline(out, parent, hd->title,
			    hd->dest, 0);
			for (int k = hd->level + 1; k <= 6; k++)
				ids[k] = 0;
		}
	}
	output_outline(out, 0, "Index", "index", 0);
}

static void
paint_matter(struct book *bk, struct output *out, struct paint_ctx *pc,
    const struct doc *d, int *page, int arabic)
{
	struct layout l;

	layout_doc_lean(&l, &bk->mc, d);
	pc->blocks = d->blocks;
	pc->lay = &l;
	pc->file = NULL;
	for (size_t p = 0; p < l.r.npages; p++) {
		char num[24];
		struct folio f = { .number = num, .verso = *page % 2 == 0 };
		struct canvas cv = {0};

		if (arabic)
			snprintf(num, sizeof(num), "%d", *page);
		else
			folio_roman(*page, num, sizeof(num));
		layout_page_acquire(&l, &bk->mc, d, p);
		render_body(pc, p, f.verso, &cv);
		layout_page_release(&l, p);
		if (*page == 1 && !arabic)
			f.number = NULL;	/* the cover has none */
		render_page(out, &bk->mc, &cv, &f, num);
		(*page)++;
	}
	layout_free(&l);
}

static void
blank_page(struct output *out, const struct measure_ctx *mc,
    const char *label)
{
	struct folio f = { .number = NULL, .verso = 1 };
	struct canvas cv = {0};

	render_page(out, mc, &cv, &f, label);
}

/* Whether post sl's spooled pages show what it shows now: its page
 * references and its first page's side as they were when drawn. */
static int
spooled(const struct book *bk, const struct slot *sl)
{
	unsigned long width, exact;

	refs_hash(bk, sl, &width, &exact);
	return sl->pages != NULL && exact == sl->refs_exact &&
	    sl->spooled_start % 2 == sl->start % 2;
}

static int
paint_posts(struct book *bk, struct output *out, struct paint_ctx *pc)
{
	size_t *order = xcalloc(bk->n ? bk->n : 1, sizeof(size_t)), n = 0;
	size_t next = 0;
	struct ahead a;
	struct canvas cv = {0};
	int page = 1, rc = 0;

	/* Posts whose references moved are laid out again. */
	for (size_t i = 0; i < bk->n; i++)
		if (!spooled(bk, &bk->s[i]))
			order[n++] = i;
	ahead_start(&a, bk, order, n);
	for (size_t i = 0; i < bk->n && rc == 0; i++) {
		struct slot *sl = &bk->s[i];
		struct post p = {0};
		struct layout l = {0};
		size_t npages = (size_t)sl->npages;
		int again = !spooled(bk, sl);

		if (again) {
			if (ahead_take(&a, next++, &p) == -1) {
				post_free(&p);
				rc = -1;
				break;
			}
			cross_refs(bk, sl, &p.doc);
			layout_doc(&l, &bk->mc, &p.doc);
			npages = l.r.npages;
			if ((int)npages != sl->npages)
				diag(DIAG_WARNING, sl->meta.path, 0, "laid out "
				    "to %zu pages, not %d as numbered", npages,
				    sl->npages);
			pc->blocks = p.doc.blocks;
			pc->lay = &l;
			pc->file = sl->meta.path;
		}
		while (page < sl->start) {
			char num[24];

			snprintf(num, sizeof(num), "%d", page++);
			blank_page(out, &bk->mc, num);
		}
		for (size_t k = 0; k < npages && rc == 0; k++, page++) {
			char num[24];
			struct folio f = post_folio(bk, sl, k, page, num);

			if (again) {
				render_body(pc, k, f.verso, &cv);
				render_page(out, &bk->mc, &cv, &f, num);
				continue;
			}
			/* Drawn while numbering: no Pango here, so the
			 * drawing thread never waits. */
			rc = spool_get(bk->spool, &sl->pages[k].body, &cv);
			if (rc == 0 && sl->spooled_start == sl->start)
				rc = spool_get(bk->spool, &sl->pages[k].folio,
				    &cv);
			else if (rc == 0)
				render_folio(&bk->mc, &f, &cv);
			if (rc == -1) {
				diag(DIAG_ERROR, NULL, 0, "cannot read back "
				    "the spool file: %s", strerror(errno));
				break;
			}
			output_page(out, &cv, num);
		}
		layout_free(&l);
		post_free(&p);
		progress(bk, i, i + 1);
	}
	ahead_stop(&a);
	canvas_free(&cv);
	free(order);
	return rc;
}

static void
book_free(struct book *bk)
{
	for (size_t i = 0; i < bk->n; i++) {
		free(bk->s[i].pages);
		post_free(&bk->s[i].meta);
		free(bk->s[i].key);
		free(bk->s[i].dest);
		free(bk->s[i].excerpt);
		free(bk->s[i].note);
		for (size_t h = 0; h < bk->s[i].nheads; h++) {
			free(bk->s[i].heads[h].title);
			free(bk->s[i].heads[h].dest);
		}
		free(bk->s[i].heads);
		free(bk->s[i].ref);
	}
	free(bk->s);
	free(bk->view);
	yamlmap_free(bk->notes);
	source_free(&bk->notes_src);
	if (bk->mc.pango)
		g_object_unref(bk->mc.pango);
	if (bk->fm)
		g_object_unref(bk->fm);
	spool_close(bk->spool);
	site_free(&bk->site);
	style_free(&bk->st);
	free(bk->host);
	free(bk->basepath);
	hyphenator_free(bk->hyph);
}

int
booklet_render(const struct booklet_opts *o)
{
	struct book bk = { .o = o };
	struct collect_opts co = { .drafts = o->drafts,
		.newest_first = o->newest_first, .keep_going = o->keep_going,
		.now = o->now };
	struct post *posts = NULL;
	struct entry *e = NULL;
	struct doc cover = {0}, toc = {0}, index = {0};
	struct output *out = NULL;
	struct paint_ctx pc = {0};
	char *root = NULL, date[64] = "";
	int rc = -1, changed, page, quiet = -1;
	size_t n = 0;

	style_init(&bk.st);
	progress_start(&bk.prog, o->progress, 0);
	if (collect_posts(o->inputs, o->ninputs, &co, &posts, &n) == -1)
		goto out;
	bk.s = xcalloc(n, sizeof(*bk.s));
	bk.n = n;
	bk.prog.total = 2 * n;
	for (size_t i = 0; i < n; i++) {
		bk.s[i].meta = posts[i];
		bk.s[i].dest = xasprintf("p%zu", i + 1);
	}
	bk.view = posts;
	root = o->site_root ? xstrdup(o->site_root) :
	    site_find_root(bk.s[0].meta.path);
	if (site_load(&bk.site, root) == -1 ||
	    style_load(&bk.st, o->datadir, o->style) == -1)
		goto out;
	if (o->paper && style_set_paper(&bk.st, o->paper) == -1) {
		diag(DIAG_USAGE, NULL, 0, "unknown paper size '%s'", o->paper);
		goto out;
	}
	site_parts(&bk);
	for (size_t i = 0; i < n; i++)
		bk.s[i].key = permalink_of(&bk, &bk.s[i].meta);
	if (find_notes(&bk) == -1 || (bk.fm = fonts_new(o->datadir)) == NULL)
		goto out;
	bk.mc.pango = fonts_context(bk.fm);
	bk.nthreads = threads();
	/* Registered once, before threads parse. */
	markdown_init();
	if (bk.st.hyphenate)
		bk.hyph = hyphenator_new(post_lang(NULL, &bk.site));
	bk.mc.st = &bk.st;
	bk.mc.column = style_column_width(&bk.st);
	bk.mc.body = bk.st.page_h - bk.st.margin_top - bk.st.margin_bottom;
	/* Without a spool file, posts are laid out again to be drawn. */
	bk.spool = spool_open();

	/* Number the pages; page references change text, so lay out the
	 * posts that carry them again until the numbers hold still. */
	progress_phase(&bk.prog, "laying out", n);
	if (number(&bk, 0, &changed) == -1)
		goto out;
	/* Warnings were told once, in the first pass. */
	quiet = diag_set_quiet(1);
	for (int pass = 1; changed && pass < MAX_PASSES; pass++)
		if (number(&bk, 1, &changed) == -1)
			goto out;

	e = xcalloc(n, sizeof(*e));
	entries(&bk, e);
	contents_cover(&cover, &bk.site, e, n, o->cover_image, &bk.st,
	    bk.mc.body);
	contents_toc(&toc, e, n, &bk.st);
	toc.blocks[0].break_before = 1;
	contents_index(&index, e, n, &bk.st);

	if ((out = output_open(o->output, bk.st.page_w, bk.st.page_h)) == NULL)
		goto out;
	pc.mc = &bk.mc;
	page = 1;
	paint_matter(&bk, out, &pc, &cover, &page, 0);
	if (o->recto && page % 2 == 0) {
		char num[24];

		folio_roman(page++, num, sizeof(num));
		blank_page(out, &bk.mc, num);
	}
	paint_matter(&bk, out, &pc, &toc, &page, 0);
	if (o->recto && page % 2 == 0) {
		char num[24];

		folio_roman(page++, num, sizeof(num));
		blank_page(out, &bk.mc, num);
	}
	progress_phase(&bk.prog, "drawing", n);
	if (paint_posts(&bk, out, &pc) == -1)
		goto out;
	page = bk.s[n - 1].start + bk.s[n - 1].npages;
	paint_matter(&bk, out, &pc, &index, &page, 1);
	outline(&bk, out);
	/* The book is as new as its newest post. */
	date_format_iso(&bk.s[o->newest_first ? 0 : n - 1].meta.meta.date,
	    date, sizeof(date));
	output_set_meta(out, &(struct output_meta){
	    .title = bk.site.title ? bk.site.title : "Archive",
	    .author = bk.site.author, .subject = bk.site.description,
	    .date = date[0] ? date : NULL });
	/* With --keep-going, errors in skipped posts still leave a book. */
	rc = output_close(out, 1);
	out = NULL;
	if (quiet != -1)
		diag_set_quiet(quiet);
	quiet = -1;
	if (rc == 0)
		progress_done(&bk.prog, o->output, page - 1, n,
		    diag_warnings());
out:
	if (out != NULL)
		output_close(out, 0);
	if (quiet != -1)
		diag_set_quiet(quiet);
	canvas_release_fonts();
	image_cache_clear();
	doc_free(&cover);
	doc_free(&toc);
	doc_free(&index);
	free(e);
	free(root);
	book_free(&bk);
	return rc;
}
