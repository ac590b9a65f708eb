/* booklet.c - many posts into one book, numbered before it is drawn. */
#include "booklet.h"

#include <errno.h>
#include <malloc.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canvas.h"
#include "collect.h"
#include "contents.h"
#include "diag.h"
#include "farm.h"
#include "folio.h"
#include "hyphenate.h"
#include "layout.h"
#include "markdown.h"
#include "notes.h"
#include "page.h"
#include "paint.h"
#include "pdf.h"
#include "post.h"
#include "prefetch.h"
#include "progress.h"
#include "run.h"
#include "series.h"
#include "util.h"
#include "xref.h"

/* Numbering passes before page references are taken as settled. */
#define MAX_PASSES 4

/* Where pages go in the file (output_place): the front matter at its
 * roman numbers, the posts and the index at BODY_PLACE + their arabic
 * ones, whatever order they are drawn in. */
#define BODY_PLACE 1000000000L

struct book;

/* A post's worker's font numbers (canvas.h): theirs -> ours. */
struct fontmap {
	uint32_t *map;
	size_t	 n;
};

/* A spooled page to draw, made on the drawing thread (fill_page) from
 * what is copied here: the post's slot may change meanwhile. */
struct later {
	const struct book *bk;
	size_t	 from;	/* bk->dread[from]: 0 ours, k worker k's spool */
	struct spool_ref body, folio;
	const struct fontmap *map;	/* the worker's numbers, or NULL */
	struct later *next;	/* the book's list of matter pages */
};

/* What the booklet keeps of a post between laying it out and drawing it:
 * its pages' drawing in the spool file, not layouts, so memory stays
 * flat as the archive grows. Its numbers are in the book's xref. */
struct slot {
	const struct post *post;	/* front matter only; the book's */
	char	*excerpt;
	const char *note;	/* editor's note (Markdown), or NULL */
	const char *note_file;	/* where the note came from */
	unsigned note_line;
	struct heading *heads;	/* its headings, for the outline */
	size_t	 nheads;
	/* Its pages as last laid out, or NULL: each page's text and its
	 * folio, apart, as the folio changes with the page number. */
	struct {
		struct spool_ref body, folio;
	} *pages;
	int	 spooled_start;	/* the first page they were drawn for */
	/* Laid out by worker farmed - 1 (0: here): pages[].body is drawn
	 * for a first page on the right, other[] for one on the left, and
	 * the folios are made when drawn. */
	int	 farmed;
	struct spool_ref *other;
	int	 asked;	/* its pictures asked for */
	/*
	 * Drawn in the first round (first): as soon as the first pass
	 * numbers it, the others after the last pass; shown: its numbers
	 * then (from: the first page drawn with it, blank ones before it
	 * included). The rounds are the same with or without a spool file;
	 * drawn: its pages are sent.
	 */
	int	 first, drawn;
	struct {
		int	 from, start, npages;
		unsigned long exact;	/* what its references showed */
	} shown;
	/* What the drawing thread makes its spooled pages from. */
	struct fontmap map;	/* a copy of its worker's */
	struct later *later;
};

struct book {
	const struct booklet_opts *o;
	struct run run;		/* site, style, fonts, measuring */
	struct post *posts;	/* front matter, in book order; owned */
	struct slot *s;		/* one per post */
	size_t	 n;
	struct xref x;		/* page numbers and references between posts */
	struct notes notes;
	struct hyphenators *hyph;	/* each language loaded once */
	struct spool *spool;	/* pages drawn while numbering, or NULL */
	size_t	 nthreads;	/* 1: no reading ahead */
	struct progress prog;	/* the bar on a terminal */
	struct farm farm;	/* workers, when farm.n > 0 */
	struct fontmap *fonts;	/* one per worker */
	/* Readers of the spools for the pages drawn from them (the drawing
	 * thread's; pread: any thread may): ours, then each worker's
	 * (dread[k]: worker k - 1's); none without a spool. */
	struct spool **dread;
	size_t	 ndread;
	int	 in_order;	/* drawn again, in one round */
	struct later *matter;	/* the front and back matter's pages */
	/* What reading a post reports in this pass: all in the first;
	 * from DIAG_ERROR after, as its warnings were told. */
	enum diag_level report_from;
};

/* Whether uri leads to a post of the book: xref_find decides, for the
 * page reference and against the URL note alike. */
static int
in_book(const void *arg, const char *uri)
{
	return xref_find(arg, uri) >= 0;
}

static int
read_post(struct book *bk, size_t i, struct post *p)
{
	struct post_opts po = { .site = &bk->run.site, .st = &bk->run.st,
		.allow_outside = bk->o->allow_outside, .hyph = bk->hyph,
		.in_book = in_book, .in_book_arg = &bk->x };
	const struct slot *sl = &bk->s[i];
	const char *dest = bk->x.p[i].dest;
	struct series series;
	char pre[32];
	int rc;

	/* Its series among the posts of the book. */
	if (series_among(&series, &sl->post->meta, sl->post->path, bk->posts,
	    bk->n, &bk->run.site) == 0)
		po.series = &series;
	rc = post_load(p, sl->post->path, &po);
	if (po.series != NULL)
		series_free(&series);
	if (rc == -1)
		return -1;
	snprintf(pre, sizeof(pre), "%s-", dest);
	doc_prefix_dests(&p->doc, pre);
	if (p->doc.nblocks > 0) {
		free(p->doc.blocks[0].dest);
		p->doc.blocks[0].dest = xstrdup(dest);
	}
	if (sl->note != NULL)
		notes_add(&p->doc, sl->note, sl->note_file, sl->note_line,
		    &bk->run.st, &bk->run.site, bk->o->allow_outside);
	return 0;
}

/* Reads and builds post i: runs on the reading thread, where it reads
 * only what stays put while the book is numbered. Its problems are told
 * or not as the pass chose (bk->report_from). */
static int
load(void *arg, size_t i, struct post *p)
{
	struct book *bk = arg;
	enum diag_level was = diag_report_from(bk->report_from);
	int rc = read_post(bk, i, p);

	diag_report_from(was);
	return rc;
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
	progress_step(&bk->prog, done, bk->posts[i].path);
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
		f.head = f.verso ? bk->run.site.title :
		    sl->post->meta.short_title ? sl->post->meta.short_title :
		    sl->post->title;
	return f;
}

/* Post i's layout l drawn into the spool, page by page, for its current
 * first page; the spool forgets it if it cannot take it. */
static void
spool_pages(struct book *bk, size_t i, const struct post *p,
    const struct layout *l)
{
	struct slot *sl = &bk->s[i];
	int start = bk->x.p[i].start;
	struct paint_doc pd = { .mc = &bk->run.mc, .blocks = p->doc.blocks,
		.lay = l, .file = sl->post->path };

	free(sl->pages);
	sl->pages = NULL;
	if (bk->spool == NULL)
		return;
	sl->pages = xcalloc(l->r.npages ? l->r.npages : 1,
	    sizeof(*sl->pages));
	sl->spooled_start = start;
	for (size_t k = 0; k < l->r.npages; k++) {
		struct canvas body = {0}, folio = {0};
		char num[24];
		struct folio f = post_folio(bk, sl, k, start + (int)k, num);
		int rc;

		page_body(&pd, k, f.verso, &body);
		page_folio(&bk->run.mc, &f, &folio);
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
	sl->excerpt = contents_post_excerpt(p);
	xref_link(&bk->x, i, &p->doc);
	layout_doc(&l, &bk->run.mc, &p->doc);
	xref_end_post(&bk->x, i, (int)l.r.npages);
	keep_headings(sl, &p->doc);
	sl->farmed = 0;
	free(sl->other);
	sl->other = NULL;
	spool_pages(bk, i, p, &l);
	layout_free(&l);
	post_free(p);
}

/*
 * Worker processes. In the first pass each worker claims the next post
 * no other has (farm_claim: in book order, so that one busy with a long
 * post takes fewer) and lays it out as this process would (below); this
 * process reads each post's message from the pipe of the worker that
 * claimed it. In later rounds a worker lays out again those of its posts
 * this process lists: their references moved, or show other numbers than
 * they were drawn with. It keeps their pages in its spool for either side
 * of the sheet. It leaves to this process the posts with anything to
 * report (warnings are told once, here, in book order), so that the book
 * comes out as one process makes it, whichever worker lays out which.
 *
 * What this process posts them, in memory they share: the first pages
 * and page counts as it numbers them, and for each later round the
 * numbers and the posts to do again, each round in a part of its own: a
 * worker may still be reading one round's list when the next is posted.
 */
struct board_post {
	int	 start, npages;
	size_t	 todo;
};

/* Rounds at most: the first pass, the later ones, the drawing's. */
#define MAX_ROUNDS (MAX_PASSES + 1)

struct board {
	_Atomic long round;	/* the last round posted; -1: no more */
	_Atomic size_t started;	/* first round: posts before have p[].start */
	_Atomic size_t counted;	/* and p[].npages */
	size_t	 n;		/* posts */
	size_t	 ntodo[MAX_ROUNDS + 1];	/* round r: its todo in 0..ntodo[r] */
	struct board_post p[];	/* round r's: p[(r - 1) * n ...] */
};

/* Round r's part of the board. */
static struct board_post *
board_round(const struct board *b, long r)
{
	return (struct board_post *)b->p + (size_t)(r - 1) * b->n;
}

/* What a worker has taken from the board so far. */
struct farm_seen {
	size_t	 started, counted;
};

/*
 * In the first round, before post i (read into d) is linked: waits for
 * the numbers its references show (xref_view) and takes them. -1 when
 * the parent is gone.
 */
static int
farm_numbers(struct book *bk, size_t i, const struct doc *d,
    struct farm_seen *fs)
{
	const struct board *b = bk->farm.shared;
	size_t need = xref_needs(&bk->x, i, d), base = xref_base(i);

	while (atomic_load(&b->started) < need ||
	    atomic_load(&b->counted) < base)
		if (farm_nap(&bk->farm) == -1)
			return -1;
	for (size_t n = atomic_load(&b->started); fs->started < n;
	    fs->started++)
		bk->x.p[fs->started].start = b->p[fs->started].start;
	for (size_t n = atomic_load(&b->counted); fs->counted < n;
	    fs->counted++)
		bk->x.p[fs->counted].npages = b->p[fs->counted].npages;
	xref_view(&bk->x, i);
	return 0;
}

/*
 * Lays out post i in a worker and sends its message: index, 1 (laid
 * out) or 0 (left to the parent), and when laid out the page count,
 * excerpt, headings, the posts it refers to, per page the spool
 * references of both sides, and the fonts its canvases named first.
 * *done says which. In the first round (fs), it waits for the numbers
 * its references show. -1 when the message cannot be sent, or the parent
 * is gone.
 */
static int
farm_post(struct book *bk, size_t i, int fd, struct spool *spool,
    int *full, size_t *told, char *done, struct farm_seen *fs)
{
	const char *die = getenv("QUIRE_TEST_KILL_WORKER");
	unsigned seen = diag_warnings() + diag_errors();
	struct post p = {0};
	struct layout l;
	struct paint_doc pd = { .mc = &bk->run.mc, .lay = &l,
		.file = bk->posts[i].path };
	const struct xref_post *xp = &bk->x.p[i];
	struct spool_ref *refs;
	struct buf m = {0};
	char *excerpt;
	int rc;

	/* For the tests only: a worker killed on this post. */
	if (die != NULL && *die && strstr(bk->posts[i].path, die))
		raise(SIGKILL);
	msg_u32(&m, (uint32_t)i);
	/* A spool that could not take a page (a full disk): the rest is
	 * laid out in this process, which tells of the disk when it fills
	 * the PDF. */
	*done = 0;
	if (*full || load(bk, i, &p) == -1 ||
	    diag_warnings() + diag_errors() != seen) {
		post_free(&p);
		msg_u32(&m, 0);
		rc = msg_send(fd, &m);
		buf_free(&m);
		return rc;
	}
	if (fs != NULL && farm_numbers(bk, i, &p.doc, fs) == -1) {
		post_free(&p);
		buf_free(&m);
		return -1;
	}
	/* The excerpt is taken before page references join the text. */
	excerpt = contents_post_excerpt(&p);
	xref_link(&bk->x, i, &p.doc);
	layout_doc(&l, &bk->run.mc, &p.doc);
	pd.blocks = p.doc.blocks;
	refs = xcalloc(2 * l.r.npages + 1, sizeof(*refs));
	for (size_t pg = 0; pg < l.r.npages && !*full; pg++)
		for (int side = 0; side < 2 && !*full; side++) {
			struct canvas cv = {0};

			/* Margins that do not mirror draw both sides
			 * alike (page_body): the first drawing serves. */
			if (side == 1 && bk->run.st.margin_inner ==
			    bk->run.st.margin_outer) {
				refs[2 * pg + 1] = refs[2 * pg];
				break;
			}
			/* side 0: the post starts on a right-hand (odd)
			 * page. */
			page_body(&pd, pg, (int)(pg % 2) != side, &cv);
			*full = spool_put(spool, &cv, &refs[2 * pg +
			    (size_t)side]) == -1;
			canvas_free(&cv);
		}
	*done = diag_warnings() + diag_errors() == seen && !*full;
	msg_u32(&m, (uint32_t)*done);
	if (*done) {
		msg_u32(&m, (uint32_t)l.r.npages);
		msg_str(&m, excerpt);
		msg_u32(&m, (uint32_t)p.doc.nheadings);
		for (size_t h = 0; h < p.doc.nheadings; h++) {
			msg_u32(&m, (uint32_t)p.doc.headings[h].level);
			msg_str(&m, p.doc.headings[h].title);
			msg_str(&m, p.doc.headings[h].dest);
		}
		msg_u32(&m, (uint32_t)xp->nrefs);
		for (size_t r = 0; r < xp->nrefs; r++)
			msg_u32(&m, (uint32_t)xp->ref[r]);
		for (size_t r = 0; r < 2 * l.r.npages; r++) {
			msg_i64(&m, refs[r].off);
			msg_i64(&m, (int64_t)refs[r].len);
		}
		msg_u32(&m, (uint32_t)(canvas_fonts_count() - *told));
		for (; *told < canvas_fonts_count(); (*told)++) {
			char *name = canvas_font_name((uint32_t)*told);

			msg_str(&m, name);
			free(name);
		}
	}
	free(refs);
	free(excerpt);
	layout_free(&l);
	post_free(&p);
	rc = msg_send(fd, &m);
	buf_free(&m);
	return rc;
}

/* Waits for round to be posted: 1, or 0 when there are no more, or -1
 * when the parent is gone. */
static int
farm_wait_round(const struct book *bk, long round)
{
	const struct board *b = bk->farm.shared;
	long posted;

	while ((posted = atomic_load(&b->round)) < round && posted != -1)
		if (farm_nap(&bk->farm) == -1)
			return -1;
	return posted != -1;
}

static int
farm_work(void *arg, int k, int fd, struct spool *spool)
{
	struct book *bk = arg;
	const struct board *b = bk->farm.shared;
	char *mine = xcalloc(bk->n, 1);	/* laid out here, last time */
	struct farm_seen fs = {0};
	const struct board_post *bp;
	size_t told = 0;
	int rc = 0, full = 0, more;

	diag_set_silent(1);
	xref_pass(&bk->x, 1);
	if ((more = farm_wait_round(bk, 1)) != 1)
		rc = more;
	/* Its posts come in book order: those whose numbers it waits for
	 * are claimed already, by workers that do not wait for it. */
	for (size_t i = 0; rc == 0 && farm_claim(&bk->farm, k, &i) == 0; i++)
		rc = farm_post(bk, i, fd, spool, &full, &told, &mine[i], &fs);
	/* Later rounds: the posts listed that were laid out here. */
	for (long round = 2; rc == 0 && round <= MAX_ROUNDS; round++) {
		if ((more = farm_wait_round(bk, round)) != 1) {
			rc = more;
			break;
		}
		xref_pass(&bk->x, 0);
		bp = board_round(b, round);
		for (size_t j = 0; j < bk->n; j++) {
			bk->x.p[j].start = bp[j].start;
			bk->x.p[j].npages = bp[j].npages;
		}
		for (size_t t = 0; t < b->ntodo[round] && rc == 0; t++)
			if (mine[bp[t].todo])
				rc = farm_post(bk, bp[t].todo, fd, spool,
				    &full, &told, &mine[bp[t].todo], NULL);
	}
	free(mine);
	return rc;
}

/* Posts a round to the workers: the numbers as they stand, and the posts
 * to lay out again, order[0..n). */
static void
farm_round(struct book *bk, const size_t *order, size_t n)
{
	struct board *b = bk->farm.shared;
	long r = atomic_load(&b->round) + 1;
	struct board_post *bp = board_round(b, r);

	/* Rounds come from passes, MAX_PASSES at most, and the drawing. */
	if (r > MAX_ROUNDS)
		abort();
	for (size_t j = 0; j < bk->n; j++) {
		bp[j].start = bk->x.p[j].start;
		bp[j].npages = bk->x.p[j].npages;
	}
	for (size_t t = 0; t < n; t++)
		bp[t].todo = order[t];
	b->ntodo[r] = n;
	atomic_store(&b->round, r);
}

/*
 * Post i from worker k, which claimed it (-1: none did, all having
 * died): 1 when the worker laid it out (its headings,
 * references and pages taken, its page count in *npages), 0 when it is
 * left to this process, -1 when the worker died (reported: the book is
 * not made).
 */
static int
farm_take(struct book *bk, int k, size_t i, int *npages_out)
{
	struct fontmap *fm;
	struct slot *sl = &bk->s[i];
	struct buf m = {0};
	struct msg_rd r;
	struct doc none = {0};
	uint32_t idx, done, npages, nheads, nrefs, nfonts;
	size_t *ref = NULL;
	int rc = -1;

	if (k == -1 || farm_read(&bk->farm, k, &m) == -1) {
		char *why = farm_death(&bk->farm, k == -1 ? 0 : k);

		diag(DIAG_ERROR, sl->post->path, 0, "the worker%s died (%s)",
		    k == -1 ? "s died before one laid it out: the first" :
		    " laying it out", why);
		free(why);
		buf_free(&m);
		return -1;
	}
	fm = &bk->fonts[k];
	r.p = m.data;
	r.end = m.data + m.len;
	if (msg_get_u32(&r, &idx) == -1 || idx != i ||
	    msg_get_u32(&r, &done) == -1)
		goto bad;
	if (!done) {
		sl->farmed = 0;
		buf_free(&m);
		return 0;
	}
	free(sl->excerpt);
	if (msg_get_u32(&r, &npages) == -1 ||
	    msg_get_str(&r, &sl->excerpt) == -1 ||
	    msg_get_u32(&r, &nheads) == -1 || nheads > m.len)
		goto bad;
	keep_headings(sl, &none);
	free(sl->heads);
	sl->heads = xcalloc(nheads ? nheads : 1, sizeof(*sl->heads));
	for (; sl->nheads < nheads; sl->nheads++) {
		struct heading *h = &sl->heads[sl->nheads];
		uint32_t level;

		if (msg_get_u32(&r, &level) == -1 || level < 1 || level > 6 ||
		    msg_get_str(&r, &h->title) == -1 ||
		    msg_get_str(&r, &h->dest) == -1 || h->title == NULL ||
		    h->dest == NULL)
			goto bad;
		h->level = (int)level;
	}
	if (msg_get_u32(&r, &nrefs) == -1 || nrefs > m.len)
		goto bad;
	ref = xcalloc(nrefs ? nrefs : 1, sizeof(*ref));
	for (uint32_t t = 0; t < nrefs; t++) {
		uint32_t j;

		if (msg_get_u32(&r, &j) == -1 || j >= bk->n)
			goto bad;
		ref[t] = j;
	}
	if (npages > m.len)
		goto bad;
	free(sl->pages);
	free(sl->other);
	sl->pages = xcalloc(npages ? npages : 1, sizeof(*sl->pages));
	sl->other = xcalloc(npages ? npages : 1, sizeof(*sl->other));
	for (uint32_t pg = 0; pg < npages; pg++)
		for (int side = 0; side < 2; side++) {
			struct spool_ref *sr = side ? &sl->other[pg] :
			    &sl->pages[pg].body;
			int64_t off, len;

			if (msg_get_i64(&r, &off) == -1 ||
			    msg_get_i64(&r, &len) == -1 || off < 0 || len < 0)
				goto bad;
			sr->off = (long)off;
			sr->len = (size_t)len;
		}
	if (msg_get_u32(&r, &nfonts) == -1 || nfonts > m.len)
		goto bad;
	fm->map = xreallocarray(fm->map, fm->n + nfonts + 1,
	    sizeof(*fm->map));
	for (uint32_t f = 0; f < nfonts; f++, fm->n++) {
		char *name;

		if (msg_get_str(&r, &name) == -1 || name == NULL ||
		    canvas_font_import(name, &fm->map[fm->n]) == -1) {
			free(name);
			goto bad;
		}
		free(name);
	}
	/* What its references show, as the worker saw it. */
	xref_set_refs(&bk->x, i, ref, nrefs);
	*npages_out = (int)npages;
	sl->farmed = k + 1;
	sl->spooled_start = 0;
	rc = 1;
bad:
	if (rc == -1)
		diag(DIAG_ERROR, sl->post->path, 0, "the worker laying it out "
		    "sent a damaged message");
	free(ref);
	buf_free(&m);
	return rc;
}

/* Whether post i's spooled pages show what it shows now: its page
 * references and its first page's side as they were when drawn. */
static int
spooled(const struct book *bk, size_t i)
{
	const struct slot *sl = &bk->s[i];

	return sl->pages != NULL && xref_shown(&bk->x, i) &&
	    (sl->farmed || sl->spooled_start % 2 == bk->x.p[i].start % 2);
}

/* Posts whose pictures are asked for before they are drawn: the
 * pictures' pool (pdfimage.h) works on them while the pages before are
 * drawn, and the drawing thread does not wait for them. */
#define PICTURES_AHEAD 8

static void
ahead(void *out, const char *path, double w, double h)
{
	output_picture_ahead(out, path, w, h);
}

/* The spool that holds post sl's pages: its worker's, or this
 * process's. */
static struct spool *
body_spool(const struct book *bk, const struct slot *sl)
{
	return sl->farmed ? bk->farm.reader[sl->farmed - 1] : bk->spool;
}

/* Asks for the pictures of post i's spooled pages, once. */
static void
pictures_of(struct book *bk, size_t i, struct output *out)
{
	struct slot *sl = &bk->s[i];
	struct canvas cv = {0};

	if (sl->asked || !spooled(bk, i))
		return;	/* laid out again: asked for as drawn */
	sl->asked = 1;
	for (size_t k = 0; k < (size_t)bk->x.p[i].npages; k++) {
		if (spool_get(body_spool(bk, sl), &sl->pages[k].body,
		    &cv) == 0)
			canvas_pictures(&cv, ahead, out);
		canvas_free(&cv);
	}
}

/* The first page post i's drawing begins with: the one after the post
 * before it, as the blank pages before a post (--recto) are drawn with
 * it. */
static int
first_page(const struct book *bk, size_t i)
{
	return i ? bk->x.p[i - 1].start + bk->x.p[i - 1].npages : 1;
}

/* Post i's pages go at their numbers, after the blank pages before it. */
static void
begin_post(const struct book *bk, struct output *out, size_t i)
{
	int page = first_page(bk, i);

	output_place(out, BODY_PLACE + page);
	for (; page < bk->x.p[i].start; page++) {
		char num[24];

		snprintf(num, sizeof(num), "%d", page);
		page_blank(out, &bk->run.mc, num);
	}
}

/* Makes a spooled page on the drawing thread (output_page_later). */
static int
fill_page(void *arg, struct canvas *cv)
{
	const struct later *l = arg;

	if (spool_get(l->bk->dread[l->from], &l->body, cv) == -1)
		return -1;
	if (l->map != NULL && canvas_remap_fonts(cv, 0, l->map->map,
	    l->map->n) == -1) {
		errno = EINVAL;
		return -1;
	}
	return spool_get(l->bk->dread[0], &l->folio, cv);
}

/*
 * Sends post i's npages spooled pages to out, to be read back and drawn
 * on the drawing thread, after the blank pages before it; its folios are
 * made here (Pango) and spooled unless they are for its first page. When
 * the spool cannot take them (a full disk), the pages are put together
 * here. -1 when they cannot be read back (reported).
 */
static int
draw_spooled(struct book *bk, struct output *out, size_t i, size_t npages)
{
	struct slot *sl = &bk->s[i];
	const struct xref_post *xp = &bk->x.p[i];
	int here = 0;

	for (size_t k = 0; k < npages && (sl->farmed ||
	    sl->spooled_start != xp->start) && !here; k++) {
		char num[24];
		struct folio f = post_folio(bk, sl, k, xp->start + (int)k,
		    num);
		struct canvas cv = {0};

		page_folio(&bk->run.mc, &f, &cv);
		here = spool_put(bk->spool, &cv, &sl->pages[k].folio) == -1;
		canvas_free(&cv);
	}
	if (!here)
		sl->spooled_start = xp->start;	/* its folios' */
	begin_post(bk, out, i);
	sl->drawn = 1;
	free(sl->map.map);
	memset(&sl->map, 0, sizeof(sl->map));
	if (sl->farmed) {
		const struct fontmap *fm = &bk->fonts[sl->farmed - 1];

		sl->map.map = xcalloc(fm->n + 1, sizeof(*fm->map));
		memcpy(sl->map.map, fm->map, fm->n * sizeof(*fm->map));
		sl->map.n = fm->n;
	}
	free(sl->later);
	sl->later = xcalloc(npages ? npages : 1, sizeof(*sl->later));
	for (size_t k = 0; k < npages; k++) {
		struct later *l = &sl->later[k];
		char num[24];
		struct folio f = post_folio(bk, sl, k, xp->start + (int)k,
		    num);
		struct canvas cv = {0};

		*l = (struct later){ .bk = bk, .from = (size_t)sl->farmed,
			.body = sl->pages[k].body,
			.folio = sl->pages[k].folio };
		if (sl->farmed) {
			if (xp->start % 2 == 0)
				l->body = sl->other[k];
			l->map = &sl->map;
		}
		if (!here) {
			output_page_later(out, fill_page, l, num);
			continue;
		}
		l->folio = (struct spool_ref){ 0 };
		if (fill_page(l, &cv) == -1) {
			diag(DIAG_ERROR, NULL, 0, "cannot read back the spool "
			    "file: %s", strerror(errno));
			canvas_free(&cv);
			return -1;
		}
		page_send(out, &bk->run.mc, &cv, &f, num);
	}
	return 0;
}

/*
 * Post i, just numbered in the first pass: drawn in the first round when
 * its references show only posts before it, whose first pages are known
 * (its own was guessed: it was laid out before it was numbered), so that
 * its pages are as the book will show them unless a post before it
 * changes its page count in a later pass (shown_still tells); drawn at
 * once when spooled. -1 when the spool fails (reported).
 */
static int
first_round(struct book *bk, struct output *out, size_t i)
{
	struct slot *sl = &bk->s[i];
	const struct xref_post *xp = &bk->x.p[i];

	if (bk->in_order)
		return 0;
	for (size_t r = 0; r < xp->nrefs; r++)
		if (xp->ref[r] >= i)
			return 0;
	sl->first = 1;
	sl->shown.from = first_page(bk, i);
	sl->shown.start = xp->start;
	sl->shown.npages = xp->npages;
	sl->shown.exact = xp->exact;
	return spooled(bk, i) ? draw_spooled(bk, out, i,
	    (size_t)xp->npages) : 0;
}

/* Whether post i shows what it showed when the first pass numbered it:
 * the same pages at the same numbers, with the same references. */
static int
shown_still(const struct book *bk, size_t i)
{
	const struct slot *sl = &bk->s[i];
	const struct xref_post *xp = &bk->x.p[i];

	return sl->shown.from == first_page(bk, i) &&
	    sl->shown.start == xp->start && sl->shown.npages == xp->npages &&
	    sl->shown.exact == xp->exact && xref_shown(&bk->x, i);
}

/* Lays out posts (all in the first pass, later only those whose page
 * references moved) and numbers them. *changed tells whether any page
 * number moved. */
static int
number(struct book *bk, struct output *out, int pass, int *changed)
{
	size_t *order = xcalloc(bk->n ? bk->n : 1, sizeof(size_t)), n = 0;
	struct prefetch a;
	struct board *b = bk->farm.shared;
	int rc = 0, farmed = bk->farm.n > 0;

	for (size_t i = 0; i < bk->n; i++)
		if (pass == 0 || xref_moved(&bk->x, i))
			order[n++] = i;
	/* The first pass numbers as it goes: references to posts well
	 * before show their real page at once. With workers, it takes
	 * what they laid out and reads the rest itself, in the same
	 * order. */
	xref_pass(&bk->x, pass == 0);
	bk->report_from = pass ? DIAG_ERROR : DIAG_NOTE;
	if (farmed && pass > 0)
		farm_round(bk, order, n);
	prefetch_start(&a, order, farmed ? 0 : n, load, bk,
	    bk->nthreads > 1);
	for (size_t k = 0; k < n && rc == 0; k++) {
		size_t i = order[k];
		struct post p = {0};
		int took = 0, npages;

		xref_begin_post(&bk->x, i);
		if (pass == 0)
			xref_view(&bk->x, i);
		if (farmed && pass == 0) {
			b->p[i].start = bk->x.p[i].start;
			atomic_store(&b->started, i + 1);
		}
		if (farmed && (pass == 0 || bk->s[i].farmed) &&
		    (took = farm_take(bk, pass == 0 ? farm_owner(&bk->farm, i) :
		    bk->s[i].farmed - 1, i, &npages)) == -1)
			rc = -1;
		else if (took)
			xref_end_post(&bk->x, i, npages);
		else if (farmed && (rc = load(bk, i, &p)) == 0)
			lay_out(bk, i, &p);
		else if (!farmed && (rc = prefetch_take(&a, k, &p)) == 0)
			lay_out(bk, i, &p);
		else
			post_free(&p);
		if (farmed && pass == 0 && rc == 0) {
			b->p[i].npages = bk->x.p[i].npages;
			atomic_store(&b->counted, i + 1);
		}
		/* Its pictures made, and its pages drawn if they can be,
		 * while the posts after it are laid out. */
		if (pass == 0 && rc == 0) {
			pictures_of(bk, i, out);
			rc = first_round(bk, out, i);
		}
		if (pass == 0)
			progress(bk, i, k + 1);
	}
	prefetch_stop(&a);
	free(order);
	if (rc == -1)
		return -1;
	*changed = xref_renumber(&bk->x);
	return 0;
}

static void
entries(const struct book *bk, struct entry *e)
{
	for (size_t i = 0; i < bk->n; i++) {
		e[i].meta = &bk->s[i].post->meta;
		e[i].title = bk->s[i].post->title;
		e[i].excerpt = bk->s[i].excerpt;
		e[i].dest = bk->x.p[i].dest;
		e[i].page = bk->x.p[i].start;
		e[i].noted = bk->s[i].note != NULL;
	}
}

/* Bookmarks: cover, contents, year > post > headings, index. */
static void
outline(struct book *bk, struct output *out)
{
	int year = -1, yid = 0;

	output_outline(out, 0, "Cover", "cover", 0);
	output_outline(out, 0, "Contents", "contents", 0);
	for (size_t i = 0; i < bk->n; i++) {
		const struct slot *sl = &bk->s[i];
		const char *dest = bk->x.p[i].dest;
		int pid;

		if (sl->post->meta.date.year != year) {
			char y[16];

			year = sl->post->meta.date.year;
			snprintf(y, sizeof(y), "%d", year);
			yid = output_outline(out, 0, year ? y : "Undated",
			    dest, 0);
		}
		pid = output_outline(out, yid, sl->post->title, dest, 0);
		page_outline(out, pid, sl->heads, sl->nheads, 0);
	}
	output_outline(out, 0, "Index", "index", 0);
}

/*
 * A page of the front or back matter (cv, taken over) to out, through the
 * spool: laying out the next never waits for the drawing thread, which
 * may still be drawing the posts. Without a spool, as it is.
 */
static void
send_page(struct book *bk, struct output *out, struct canvas *cv,
    const char *label)
{
	struct later *l = xcalloc(1, sizeof(*l));

	if (bk->spool == NULL || spool_put(bk->spool, cv, &l->body) == -1) {
		free(l);
		output_page(out, cv, label);
		return;
	}
	canvas_free(cv);
	l->bk = bk;
	l->next = bk->matter;
	bk->matter = l;
	output_page_later(out, fill_page, l, label);
}

/* Front or back matter d from *page on; its pages after the first carry
 * the running head head (NULL: none). */
static void
paint_matter(struct book *bk, struct output *out, const struct doc *d,
    int *page, int arabic, const char *head)
{
	struct layout l;
	struct paint_doc pd = { .mc = &bk->run.mc, .blocks = d->blocks,
		.lay = &l };

	layout_doc_lean(&l, &bk->run.mc, d);
	for (size_t p = 0; p < l.r.npages; p++) {
		char num[24];
		struct folio f = { .number = num, .verso = *page % 2 == 0,
			.head = p > 0 ? head : NULL };
		struct canvas cv = {0};

		if (arabic)
			snprintf(num, sizeof(num), "%d", *page);
		else
			folio_roman(*page, num, sizeof(num));
		layout_page_acquire(&l, &bk->run.mc, d, p);
		page_body(&pd, p, f.verso, &cv);
		layout_page_release(&l, p);
		if (*page == 1 && !arabic)
			f.number = NULL;	/* the cover has none */
		page_folio(&bk->run.mc, &f, &cv);
		send_page(bk, out, &cv, num);
		(*page)++;
	}
	layout_free(&l);
}

/* With --recto, a blank left-hand page so that what follows starts on a
 * right-hand one; numbered in roman in the front matter. */
static void
recto_blank(const struct book *bk, struct output *out, int *page, int arabic)
{
	char num[24];

	if (!bk->o->recto || *page % 2 != 0)
		return;
	if (arabic)
		snprintf(num, sizeof(num), "%d", (*page)++);
	else
		folio_roman((*page)++, num, sizeof(num));
	page_blank(out, &bk->run.mc, num);
}

/* Draws the posts not drawn while numbering, in book order. */
static int
paint_posts(struct book *bk, struct output *out)
{
	size_t *seq = xcalloc(bk->n ? bk->n : 1, sizeof(size_t)), nseq = 0;
	size_t *order = xcalloc(bk->n ? bk->n : 1, sizeof(size_t)), n = 0;
	size_t next = 0;
	struct prefetch a;
	struct canvas cv = {0};
	int rc = 0, farmed = bk->farm.n > 0;

	/* The first round's posts not drawn yet (without a spool file,
	 * all of them), then the others. */
	for (int round = 0; round < 2; round++)
		for (size_t i = 0; i < bk->n; i++)
			if (!bk->s[i].drawn && bk->s[i].first == !round)
				seq[nseq++] = i;
	/* Posts whose references moved are laid out again: by the workers
	 * that laid them out, the others here. */
	for (size_t k = 0; k < nseq; k++)
		if (!spooled(bk, seq[k]))
			order[n++] = seq[k];
	bk->report_from = DIAG_ERROR;
	if (farmed)
		farm_round(bk, order, n);
	prefetch_start(&a, order, farmed ? 0 : n, load, bk,
	    bk->nthreads > 1);
	for (size_t k = 0, asked = 0; k < nseq && rc == 0; k++) {
		size_t i = seq[k];
		const struct slot *sl = &bk->s[i];
		const struct xref_post *xp = &bk->x.p[i];
		struct post p = {0};
		struct layout l = {0};
		struct paint_doc pd = { .mc = &bk->run.mc, .blocks = NULL,
			.lay = &l, .file = sl->post->path };
		int took = 0, np = 0;

		for (; asked < nseq && asked <= k + PICTURES_AHEAD; asked++)
			pictures_of(bk, seq[asked], out);
		if (!spooled(bk, i) && farmed && sl->farmed &&
		    (took = farm_take(bk, sl->farmed - 1, i, &np)) == -1) {
			rc = -1;
			break;
		}
		if (took && np != xp->npages)
			diag(DIAG_WARNING, sl->post->path, 0, "laid out to %d "
			    "pages, not %d as numbered", np, xp->npages);
		if (took || spooled(bk, i)) {
			/* No Pango on the drawing thread: it never
			 * waits for this one. */
			rc = draw_spooled(bk, out, i, took ? (size_t)np :
			    (size_t)xp->npages);
			progress(bk, i, k + 1);
			continue;
		}
		if (farmed)
			rc = load(bk, i, &p);
		else
			rc = prefetch_take(&a, next++, &p);
		if (rc == -1) {
			post_free(&p);
			break;
		}
		xref_link(&bk->x, i, &p.doc);
		layout_doc(&l, &bk->run.mc, &p.doc);
		pd.blocks = p.doc.blocks;
		if ((int)l.r.npages != xp->npages)
			diag(DIAG_WARNING, sl->post->path, 0, "laid out to %zu "
			    "pages, not %d as numbered", l.r.npages,
			    xp->npages);
		begin_post(bk, out, i);
		for (size_t k = 0; k < l.r.npages; k++) {
			char num[24];
			struct folio f = post_folio(bk, sl, k, xp->start +
			    (int)k, num);

			page_body(&pd, k, f.verso, &cv);
			page_send(out, &bk->run.mc, &cv, &f, num);
		}
		layout_free(&l);
		post_free(&p);
		progress(bk, i, k + 1);
	}
	prefetch_stop(&a);
	canvas_free(&cv);
	free(order);
	free(seq);
	return rc;
}

/* The book's PDF, imposed or not; NULL after an error (reported). */
static struct output *
open_book(const struct book *bk, double sheet_w, double sheet_h)
{
	const struct booklet_opts *o = bk->o;

	if (o->impose) {
		struct output_impose im = { sheet_w, sheet_h, o->creep,
			o->marks };

		return output_open_imposed(o->output, bk->run.st.page_w,
		    bk->run.st.page_h, &im);
	}
	return output_open(o->output, bk->run.st.page_w, bk->run.st.page_h);
}

static void
book_free(struct book *bk)
{
	if (bk->farm.n > 0)
		farm_stop(&bk->farm);
	for (int k = 0; bk->fonts != NULL && k < bk->o->jobs; k++)
		free(bk->fonts[k].map);
	free(bk->fonts);
	while (bk->matter != NULL) {
		struct later *l = bk->matter;

		bk->matter = l->next;
		free(l);
	}
	for (size_t k = 0; k < bk->ndread; k++)
		spool_close(bk->dread[k]);
	free(bk->dread);
	for (size_t i = 0; i < bk->n; i++) {
		free(bk->s[i].map.map);
		free(bk->s[i].later);
		free(bk->s[i].other);
		free(bk->s[i].pages);
		free(bk->s[i].excerpt);
		for (size_t h = 0; h < bk->s[i].nheads; h++) {
			free(bk->s[i].heads[h].title);
			free(bk->s[i].heads[h].dest);
		}
		free(bk->s[i].heads);
		post_free(&bk->posts[i]);
	}
	free(bk->s);
	free(bk->posts);
	xref_free(&bk->x);
	notes_free(&bk->notes);
	spool_close(bk->spool);
	run_close(&bk->run);
	hyphenators_free(bk->hyph);
}

int
booklet_render(const struct booklet_opts *o)
{
	struct book bk = { .o = o };
	struct collect_opts co = { .drafts = o->drafts,
		.newest_first = o->newest_first, .keep_going = o->keep_going,
		.now = o->now };
	struct entry *e = NULL;
	struct doc cover = {0}, toc = {0}, index = {0};
	struct output *out = NULL;
	char date[64] = "";
	int rc = -1, changed, page, last;
	int passes = o->max_passes > 0 && o->max_passes < MAX_PASSES ?
	    o->max_passes : MAX_PASSES;
	size_t n = 0, left = 0;
	double sheet_w = 0, sheet_h = 0;

	/*
	 * Pictures are decoded, copied by cairo and freed page after page.
	 * glibc's threshold for mapping a block of its own rises to the
	 * largest freed so far, after which such blocks come from the heap
	 * and fragment it: the peak grew with the book (corpus x20: 118 MB,
	 * 95 MB with a fixed threshold). Fixed, they go back at free.
	 */
	mallopt(M_MMAP_THRESHOLD, 256 * 1024);
	/*
	 * The drawing thread's cairo keeps a little for every structure
	 * element until the end; in an arena of its own that grows beside
	 * what this thread freed, and the peak is the sum of both arenas'.
	 * One arena lets it fill those holes (3 MB less at 900 posts; the
	 * threads' small blocks stay in their per-thread caches).
	 */
	mallopt(M_ARENA_MAX, 1);
	progress_start(&bk.prog, o->progress, 0);
	/* The site first: its generator says what a post is. */
	if (run_open(&bk.run, o->inputs[0], o->site_root, o->generator,
	    o->datadir, o->style, o->paper) == -1)
		goto out;
	/* Pages that face each other mirror their margins. */
	if (o->recto)
		bk.run.st.two_sided = 1;
	style_fit_page(&bk.run.st);
	co.site = &bk.run.site;
	/* One language per booklet, the site's unless asked; Jekyll has no
	 * translations, so a Jekyll booklet keeps every post unless asked. */
	co.lang = o->lang ? o->lang : bk.run.site.generator == GEN_JEKYLL ?
	    NULL : post_lang(NULL, &bk.run.site);
	if (collect_posts(o->inputs, o->ninputs, &co, &bk.posts, &n) == -1)
		goto out;
	bk.s = xcalloc(n, sizeof(*bk.s));
	bk.n = n;
	bk.prog.total = n;
	for (size_t i = 0; i < n; i++)
		bk.s[i].post = &bk.posts[i];
	if (o->impose && style_fold_sheet(&bk.run.st, &sheet_w,
	    &sheet_h) == -1) {
		diag(DIAG_USAGE, NULL, 0, "--impose saddle needs pages that fold "
		    "out of an a4 or letter sheet: --paper a5 or half-letter, "
		    "not %.0f x %.0f pt", bk.run.st.page_w, bk.run.st.page_h);
		goto out;
	}
	xref_init(&bk.x, n, &bk.run.site.web, o->recto);
	for (size_t i = 0; i < n; i++) {
		char *perm = post_permalink(&bk.posts[i].meta,
		    bk.posts[i].path, &bk.run.site);

		xref_set_permalink(&bk.x, i, perm);
		free(perm);
	}
	/* Editor's notes: --notes FILE first, a post's own note: key
	 * second. */
	if (notes_open(&bk.notes, o->notes) == -1)
		goto out;
	for (size_t i = 0; i < n; i++)
		bk.s[i].note = notes_find(&bk.notes, &bk.posts[i],
		    &bk.s[i].note_file, &bk.s[i].note_line);
	run_fonts_start(&bk.run);
	if (run_fonts_wait(&bk.run) == -1)
		goto out;
	bk.nthreads = threads();
	/* Registered once, before threads parse. */
	markdown_init();
	bk.hyph = hyphenators_new();
	/* Without a spool file, posts are laid out again to be drawn. */
	bk.spool = spool_open();
	/* Workers, forked now that the fonts, dictionaries and numbers are
	 * set up (and no other thread runs): without them, this process
	 * lays out every post. */
	if (o->jobs > 1 && n > 1 && bk.spool != NULL) {
		/* The site's dictionary, loaded once for all of them. */
		if (bk.run.st.hyphenate)
			hyphenators_get(bk.hyph, post_lang(NULL, &bk.run.site));
		bk.fonts = xcalloc((size_t)o->jobs, sizeof(*bk.fonts));
		if (farm_start(&bk.farm, o->jobs < (int)n ? o->jobs : (int)n,
		    sizeof(struct board) + MAX_ROUNDS * n *
		    sizeof(struct board_post), n, farm_work, &bk) == -1)
			bk.farm.n = 0;
		else {
			((struct board *)bk.farm.shared)->n = n;
			atomic_store(&((struct board *)bk.farm.shared)->round,
			    1);
		}
	}

	/* The drawing thread reads the spools through readers of its
	 * own. */
	bk.ndread = bk.spool ? (size_t)bk.farm.n + 1 : 0;
	bk.dread = xcalloc(bk.ndread + 1, sizeof(*bk.dread));
	for (size_t k = 0; k < bk.ndread; k++)
		if ((bk.dread[k] = spool_reader(k ? bk.farm.reader[k - 1] :
		    bk.spool)) == NULL) {
			diag(DIAG_ERROR, NULL, 0, "cannot read back the spool "
			    "file: %s", strerror(errno));
			goto out;
		}
	/* Opened now (after the workers are forked: no thread of its own
	 * in them), as posts are drawn while numbered. */
	if ((out = open_book(&bk, sheet_w, sheet_h)) == NULL)
		goto out;

	/* Number the pages; page references change text, so lay out the
	 * posts that carry them again until the numbers hold still. */
	progress_phase(&bk.prog, "laying out", n);
	if (number(&bk, out, 0, &changed) == -1)
		goto out;
	for (int pass = 1; changed && pass < passes; pass++)
		if (number(&bk, out, pass, &changed) == -1)
			goto out;
	if (changed)
		diag(DIAG_WARNING, o->output, 0, "page numbers did not settle "
		    "in %d passes: a page reference may be off", passes);
	/* A post of the first round that shows other numbers now (a post
	 * before it changed its page count in a later pass): the book is
	 * drawn again, in one round, each post once numbered for good. */
	for (size_t i = 0; i < n; i++)
		if (bk.s[i].first && !shown_still(&bk, i)) {
			diag(DIAG_NOTE, bk.posts[i].path, 0, "drawn before a "
			    "post ahead of it changed its page count: the "
			    "book is drawn again");
			output_close(out, 0);
			if ((out = open_book(&bk, sheet_w, sheet_h)) == NULL)
				goto out;
			bk.in_order = 1;
			for (size_t j = 0; j < n; j++)
				bk.s[j].first = bk.s[j].drawn =
				    bk.s[j].asked = 0;
			break;
		}

	/* The bar grows by the posts not drawn while numbering. */
	for (size_t i = 0; i < n; i++)
		left += !bk.s[i].drawn;
	bk.prog.total = n + left;
	progress_phase(&bk.prog, "drawing", left);
	if (paint_posts(&bk, out) == -1)
		goto out;
	/* The workers are done: told so, they end on their own (all
	 * they made is in the book by now). */
	if (bk.farm.n > 0) {
		atomic_store(&((struct board *)bk.farm.shared)->round, -1);
		farm_end(&bk.farm);
	}
	e = xcalloc(n, sizeof(*e));
	entries(&bk, e);
	page = bk.x.p[n - 1].start + bk.x.p[n - 1].npages;
	output_place(out, BODY_PLACE + page);
	recto_blank(&bk, out, &page, 1);
	contents_index(&index, e, n, &bk.run.mc);
	paint_matter(&bk, out, &index, &page, 1, index.blocks[0].text);
	doc_free(&index);
	last = page - 1;
	/* The front matter last, as it shows every post's number; it goes
	 * first in the file. */
	contents_cover(&cover, &bk.run.site, e, n, o->cover_image,
	    &bk.run.st, bk.run.mc.body);
	contents_toc(&toc, e, n, &bk.run.mc);
	toc.blocks[0].break_before = 1;
	page = 1;
	output_place(out, page);
	paint_matter(&bk, out, &cover, &page, 0, NULL);
	recto_blank(&bk, out, &page, 0);
	/* Their headings name the pages that follow them. */
	paint_matter(&bk, out, &toc, &page, 0, toc.blocks[0].text);
	recto_blank(&bk, out, &page, 0);
	doc_free(&cover);
	doc_free(&toc);
	free(e);
	e = NULL;
	outline(&bk, out);
	/* The book is as new as its newest post. */
	date_format_iso(&bk.posts[o->newest_first ? 0 : n - 1].meta.date,
	    date, sizeof(date));
	output_set_meta(out, &(struct output_meta){
	    .title = bk.run.site.title ? bk.run.site.title : "Archive",
	    .author = bk.run.site.author, .subject = bk.run.site.description,
	    .date = date[0] ? date : NULL,
	    .lang = post_lang(NULL, &bk.run.site) });
	/* With --keep-going, errors in skipped posts still leave a book. */
	rc = output_close(out, 1);
	out = NULL;
	if (rc == 0)
		progress_done(&bk.prog, o->output, last, n,
		    diag_warnings());
out:
	if (out != NULL)
		output_close(out, 0);
	doc_free(&cover);
	doc_free(&toc);
	doc_free(&index);
	free(e);
	book_free(&bk);
	return rc;
}
