/* pdf.c - the PDF device and atomic replacement of the target. */
/* O_TMPFILE, AT_EMPTY_PATH, mkostemp. */
#define _GNU_SOURCE
#include "pdf.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <cairo-pdf.h>

#include "canvas.h"
#include "diag.h"
#include "impose.h"
#include "pdfimage.h"
#include "pdfmeta.h"
#include "structlog.h"
#include "util.h"

/* Drawings waiting to be drawn: enough to keep the drawing thread busy,
 * few enough that memory stays small. Pages made when drawn
 * (output_page_later) are not counted: they hold no drawing. */
#define QUEUED 4
/* The metadata strings output_set_meta keeps: title, author, subject,
 * keywords, date, language, date of modification. */
#define NMETA 7

/*
 * Pages are drawn (cairo, images, PDF output) on a thread of their own,
 * in the order they came, while the caller lays out the next ones: cairo
 * is used by that thread alone until output_close, or until the queue is
 * empty for outline and metadata.
 */
struct output {
	char	*path;		/* the target */
	char	*dir;		/* the target's folder */
	char	*tmp;		/* the file's name until it is the target's
				   (NULL while it has none: O_TMPFILE) */
	FILE	*f;
	cairo_surface_t *surface;
	double	 w, h;		/* its size, pt */
	cairo_t	*cr;
	int	 write_error;	/* errno of a failed write, or 0 */
	unsigned char *wbuf;	/* cairo's writes, gathered: WRITE_BLOCK */
	size_t	 wlen;
	pthread_t tid;
	int	 threaded;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	/* Queued pages, a ring of qcap: q[head], q[head + 1]... */
	struct queued {
		struct canvas cv;
		int	(*fill)(void *, struct canvas *);	/* or NULL */
		void	*arg;
	} *q;
	size_t	 qcap, head, count;
	size_t	 drawings;	/* queued pages that hold their drawing */
	int	 fill_error;	/* errno of a page that could not be made */
	/* Every page given, in the order given (and drawn): where it goes
	 * in the file, and its label (or NULL). */
	long	*place;
	char	**label;
	size_t	 given;
	long	 next_place;
	/* Text the pages will show, for the thread to set on a scratch
	 * surface while no page has come (output_warm): warm[next..n). */
	struct canvas *warm;
	size_t	 nwarm, next_warm;
	int	 busy;		/* the thread is drawing one */
	int	 stop, discard;
	/* Imposed: the pages, spooled until all are known. */
	int	 imposed;
	struct output_impose im;
	double	 page_w, page_h;
	struct spool *spool;
	struct spool_ref *pages;
	size_t	 npages;
	int	 spool_error;	/* errno of a failed spool write, or 0 */
	/* What cairo cannot write, added when it has finished; the
	 * strings are the meta copies. */
	struct pdfmeta pm;
	char	*meta[NMETA];
	struct structlog *log;	/* the pages' structure and links: the
				   drawing thread's until close */
	int	 log_error;	/* errno of a failed log write, or 0 */
	struct pdfimages *images;	/* its raster pictures */
};

/* cairo writes a few bytes at a time (a structure element is some
 * twenty writes): they are written out and scanned for the pictures'
 * stand-ins in blocks. */
#define WRITE_BLOCK (64 * 1024)

/* Debian's sRGB profile (colord-data): the output intent of PDF/A. */
#define SRGB_PROFILE "/usr/share/color/icc/colord/sRGB.icc"

/* Room around an imposed sheet for its marks (pt), and where the marks
 * start: a 3 mm bleed from the trim. */
#define MARKS_ROOM 36.0
#define MARKS_GAP 8.5
#define MARK_LEN 18.0

/* Ends the page drawn, h pt high: its record in the log, then cairo's. */
static void
end_page(struct output *o, double h)
{
	if (structlog_page(o->log, o->cr, h) == -1 && o->log_error == 0)
		o->log_error = errno ? errno : EIO;
	cairo_show_page(o->cr);
}

/* Draws one page and ends it: the queued page's drawing, or the one its
 * fill makes now. */
static void
draw(struct output *o, struct queued *page)
{
	if (page->fill != NULL) {
		if (page->fill(page->arg, &page->cv) == -1 &&
		    o->fill_error == 0)
			o->fill_error = errno ? errno : EIO;
		canvas_prepare(&page->cv, o->images);
	}
	canvas_replay(&page->cv, o->cr, 0, 0, o->log, NULL);
	end_page(o, o->h);
}

/*
 * Sets cv's text where nothing is kept: cairo opens its fonts and loads
 * the metrics of its glyphs (one FreeType glyph load each, a third of
 * what drawing costs) into caches that the pages then find filled. The
 * scratch surface is one like the PDF's, for its font options: cairo
 * makes the fonts a page draws with from the target's options, and a
 * font with other options has glyph caches of its own.
 */
static void
rehearse(struct output *o, const struct canvas *cv)
{
	cairo_surface_t *s = cairo_surface_create_similar(o->surface,
	    CAIRO_CONTENT_COLOR_ALPHA, (int)o->w, (int)o->h);
	cairo_t *cr = cairo_create(s);

	canvas_replay(cv, cr, 0, 0, NULL, NULL);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
}

/* Lets go of the text not yet rehearsed; o->mu held. */
static void
drop_warm(struct output *o)
{
	for (size_t i = o->next_warm; i < o->nwarm; i++)
		canvas_free(&o->warm[i]);
	free(o->warm);
	o->warm = NULL;
	o->nwarm = o->next_warm = 0;
}

static void *
drawer(void *arg)
{
	struct output *o = arg;

	pthread_mutex_lock(&o->mu);
	for (;;) {
		struct queued page;
		int skip;

		while (o->count == 0 && o->next_warm == o->nwarm && !o->stop)
			pthread_cond_wait(&o->cv, &o->mu);
		if (o->count == 0 && o->next_warm < o->nwarm && !o->stop) {
			page.cv = o->warm[o->next_warm];
			memset(&o->warm[o->next_warm++], 0, sizeof(page.cv));
			o->busy = 1;
			pthread_mutex_unlock(&o->mu);
			rehearse(o, &page.cv);
			canvas_free(&page.cv);
			pthread_mutex_lock(&o->mu);
			o->busy = 0;
			pthread_cond_broadcast(&o->cv);
			continue;
		}
		if (o->count == 0)
			break;
		page = o->q[o->head];
		o->head = (o->head + 1) % o->qcap;
		o->count--;
		if (page.fill == NULL)
			o->drawings--;
		o->busy = 1;
		skip = o->discard;
		pthread_mutex_unlock(&o->mu);
		if (!skip)
			draw(o, &page);
		canvas_free(&page.cv);
		pthread_mutex_lock(&o->mu);
		o->busy = 0;
		pthread_cond_broadcast(&o->cv);
	}
	pthread_mutex_unlock(&o->mu);
	return NULL;
}

/* Waits until every queued page is drawn. */
static void
drain(struct output *o)
{
	if (!o->threaded)
		return;
	pthread_mutex_lock(&o->mu);
	while (o->count > 0 || o->busy)
		pthread_cond_wait(&o->cv, &o->mu);
	pthread_mutex_unlock(&o->mu);
}

/* Records where the next page goes and its label. */
static void
give(struct output *o, const char *label)
{
	o->place = xreallocarray(o->place, o->given + 1, sizeof(*o->place));
	o->label = xreallocarray(o->label, o->given + 1, sizeof(*o->label));
	o->place[o->given] = o->next_place++;
	o->label[o->given++] = label ? xstrdup(label) : NULL;
}

/* Keeps an imposed booklet's page for output_close. */
static void
keep_page(struct output *o, struct canvas *cv)
{
	o->pages = xreallocarray(o->pages, o->npages + 1, sizeof(*o->pages));
	if (o->spool_error == 0 &&
	    spool_put(o->spool, cv, &o->pages[o->npages]) == -1)
		o->spool_error = errno ? errno : EIO;
	o->npages++;
	canvas_free(cv);
}

/* Queues page (taken over) for the drawing thread, or draws it here
 * without one. */
static void
queue(struct output *o, struct queued *page)
{
	if (!o->threaded) {
		draw(o, page);
		canvas_free(&page->cv);
		return;
	}
	pthread_mutex_lock(&o->mu);
	/* The pages have come: what is left to rehearse would only delay
	 * them. */
	drop_warm(o);
	while (page->fill == NULL && o->drawings == QUEUED)
		pthread_cond_wait(&o->cv, &o->mu);
	if (o->count == o->qcap) {
		size_t cap = o->qcap ? 2 * o->qcap : 2 * QUEUED;
		struct queued *q = xcalloc(cap, sizeof(*q));

		for (size_t k = 0; k < o->count; k++)
			q[k] = o->q[(o->head + k) % o->qcap];
		free(o->q);
		o->q = q;
		o->qcap = cap;
		o->head = 0;
	}
	o->q[(o->head + o->count++) % o->qcap] = *page;
	if (page->fill == NULL)
		o->drawings++;
	pthread_cond_broadcast(&o->cv);
	pthread_mutex_unlock(&o->mu);
}

void
output_page(struct output *o, struct canvas *cv, const char *label)
{
	struct queued page = { .cv = *cv };

	give(o, label);
	if (o->imposed) {
		keep_page(o, cv);
		return;
	}
	memset(cv, 0, sizeof(*cv));
	/* Pictures are asked for here, and made by pdfimages' threads
	 * while the drawing thread draws the pages before. */
	canvas_prepare(&page.cv, o->images);
	queue(o, &page);
}

void
output_page_later(struct output *o, int (*fill)(void *, struct canvas *),
    void *arg, const char *label)
{
	struct queued page = { .fill = fill, .arg = arg };

	if (o->imposed) {
		/* Kept in the spool now: no drawing thread reads meanwhile. */
		if (fill(arg, &page.cv) == -1 && o->fill_error == 0)
			o->fill_error = errno ? errno : EIO;
		output_page(o, &page.cv, label);
		return;
	}
	give(o, label);
	queue(o, &page);
}

void
output_place(struct output *o, long place)
{
	o->next_place = place;
}

void
output_warm(struct output *o, struct canvas *cv)
{
	if (!o->threaded || o->imposed) {
		canvas_free(cv);
		return;
	}
	pthread_mutex_lock(&o->mu);
	o->warm = xreallocarray(o->warm, o->nwarm + 1, sizeof(*o->warm));
	o->warm[o->nwarm++] = *cv;
	pthread_cond_broadcast(&o->cv);
	pthread_mutex_unlock(&o->mu);
	memset(cv, 0, sizeof(*cv));
}

void
output_picture_ahead(struct output *o, const char *path, double w,
    double h)
{
	cairo_surface_t *s;
	char *why = NULL;

	if ((s = pdfimages_get(o->images, path, w, h, &why)) != NULL)
		cairo_surface_destroy(s);
	free(why);
}

/* The temporary file to remove when a signal ends us. */
static volatile sig_atomic_t have_pending;
static char pending[4096];

static void
on_signal(int sig)
{
	if (have_pending)
		unlink(pending);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
watch(const char *tmp)
{
	static int installed;

	snprintf(pending, sizeof(pending), "%s", tmp);
	have_pending = 1;
	if (!installed) {
		signal(SIGINT, on_signal);
		signal(SIGTERM, on_signal);
		signal(SIGHUP, on_signal);
		installed = 1;
	}
}

/* Removes the named temporary, if any, and frees what o owns by name. */
static void
forget(struct output *o)
{
	if (o->tmp != NULL)
		unlink(o->tmp);
	have_pending = 0;
	free(o->tmp);
	free(o->dir);
	free(o->path);
}

/* Writes data to the file, and looks through it for stand-ins. */
static void
write_out(struct output *o, const unsigned char *data, size_t len)
{
	/*
	 * After a failed write the rest is let go, and cairo told all is
	 * well: its own error path asserts in cairo-array.c when a write
	 * fails at some places (cairo 1.16). output_close reports the
	 * error; the file is never linked into place.
	 */
	if (o->write_error == 0 && len > 0 && fwrite(data, 1, len, o->f) !=
	    len)
		o->write_error = errno ? errno : EIO;
	pdfimages_scan(o->images, data, len);
}

static cairo_status_t
write_cb(void *closure, const unsigned char *data, unsigned int len)
{
	struct output *o = closure;

	if (o->wlen + len > WRITE_BLOCK) {
		write_out(o, o->wbuf, o->wlen);
		o->wlen = 0;
		if (len >= WRITE_BLOCK) {
			write_out(o, data, len);
			return CAIRO_STATUS_SUCCESS;
		}
	}
	memcpy(o->wbuf + o->wlen, data, len);
	o->wlen += len;
	return CAIRO_STATUS_SUCCESS;
}

/*
 * Opens the file the PDF is written to, in the target's folder dir: one
 * without a name where the file system can (O_TMPFILE), so that nothing
 * is left behind whatever ends us; a hidden .quire-XXXXXX otherwise.
 * Returns the descriptor, or -1 with errno set.
 */
static int
make_file(struct output *o, const char *dir)
{
	sigset_t stop, old;
	int fd;

	if (getenv("QUIRE_NO_TMPFILE") == NULL &&
	    (fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0666)) != -1)
		return fd;
	o->tmp = xasprintf("%s/.quire-XXXXXX", dir);
	/* A signal between making the file and knowing its name would
	 * leave it behind: it waits until watch() has the name. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGHUP);
	sigprocmask(SIG_BLOCK, &stop, &old);
	if ((fd = mkostemp(o->tmp, O_CLOEXEC)) != -1)
		watch(o->tmp);
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (fd != -1) {
		/* mkstemp makes the file private; a PDF is for sharing. */
		mode_t um = umask(0);

		umask(um);
		fchmod(fd, 0666 & ~um);
	}
	return fd;
}

/* output_open, with a log that keeps the structure when tagged. */
static struct output *
open_output(const char *path, double w, double h, int tagged)
{
	struct output *o = xcalloc(1, sizeof(*o));
	char *copy = xstrdup(path);
	int fd;

	o->log = structlog_open(tagged);
	o->pm.icc = SRGB_PROFILE;
	o->path = xstrdup(path);
	o->dir = xstrdup(dirname(copy));
	free(copy);
	if ((fd = make_file(o, o->dir)) == -1 ||
	    (o->f = fdopen(fd, "w+b")) == NULL) {
		diag(DIAG_ERROR, path, 0, "cannot write: %s", strerror(errno));
		if (fd != -1)
			close(fd);
		forget(o);
		structlog_close(o->log);
		free(o);
		return NULL;
	}
	o->images = pdfimages_new();
	o->wbuf = xmalloc(WRITE_BLOCK);
	o->surface = cairo_pdf_surface_create_for_stream(write_cb, o, w, h);
	o->w = w;
	o->h = h;
	o->cr = cairo_create(o->surface);
	pthread_mutex_init(&o->mu, NULL);
	pthread_cond_init(&o->cv, NULL);
	o->threaded = threads() > 1 &&
	    pthread_create(&o->tid, NULL, drawer, o) == 0;
	return o;
}

struct output *
output_open(const char *path, double w, double h)
{
	return open_output(path, w, h, 1);
}

struct output *
output_open_imposed(const char *path, double w, double h,
    const struct output_impose *im)
{
	struct output *o;
	struct spool *sp;
	double room;

	if ((sp = spool_open()) == NULL) {
		diag(DIAG_ERROR, path, 0, "cannot make a spool file: %s",
		    strerror(errno));
		return NULL;
	}
	/* The surface is made sheet-sized: cairo 1.16 damages the file's
	 * cross-references when the size changes after an outline entry. */
	room = im->marks ? 2 * MARKS_ROOM : 0;
	/* Sheets are drawn untagged: a print-shop file, not one to read
	 * aloud; their links are kept. */
	if ((o = open_output(path, im->sheet_w + room, im->sheet_h +
	    room, 0)) == NULL) {
		spool_close(sp);
		return NULL;
	}
	o->imposed = 1;
	o->im = *im;
	o->page_w = w;
	o->page_h = h;
	o->spool = sp;
	return o;
}

/* Crop marks at the corners of the trimmed sheet (tw x th at (x0, y0))
 * and fold marks at the ends of its middle, all outside the trim. */
static void
draw_marks(cairo_t *cr, double x0, double y0, double tw, double th)
{
	const double xs[] = { x0, x0 + tw }, ys[] = { y0, y0 + th };

	cairo_save(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_line_width(cr, 0.25);
	for (int i = 0; i < 2; i++)
		for (int j = 0; j < 2; j++) {
			double out_x = i ? 1 : -1, out_y = j ? 1 : -1;

			cairo_move_to(cr, xs[i] + out_x * MARKS_GAP, ys[j]);
			cairo_line_to(cr, xs[i] + out_x * (MARKS_GAP +
			    MARK_LEN), ys[j]);
			cairo_move_to(cr, xs[i], ys[j] + out_y * MARKS_GAP);
			cairo_line_to(cr, xs[i], ys[j] + out_y * (MARKS_GAP +
			    MARK_LEN));
		}
	for (int j = 0; j < 2; j++) {
		double out_y = j ? 1 : -1;

		cairo_move_to(cr, x0 + tw / 2, ys[j] + out_y * MARKS_GAP);
		cairo_line_to(cr, x0 + tw / 2, ys[j] + out_y * (MARKS_GAP +
		    MARK_LEN));
	}
	cairo_set_dash(cr, (const double[]){ 2, 2 }, 2, 0);
	cairo_stroke(cr);
	cairo_restore(cr);
}

/* Replays the spooled page i at (x, y); a blank for -1. seen: the
 * sheet side's pictures. */
static void
draw_half(struct output *o, long i, double x, double y,
    struct canvas_seen *seen)
{
	struct canvas cv = {0};

	if (i < 0)
		return;
	if (spool_get(o->spool, &o->pages[i], &cv) == -1) {
		if (o->spool_error == 0)
			o->spool_error = errno ? errno : EIO;
	} else {
		canvas_prepare(&cv, o->images);
		canvas_replay(&cv, o->cr, x, y, o->log, seen);
	}
	canvas_free(&cv);
}

/* Draws every sheet side of an imposed booklet, in printing order. */
static void
draw_sheets(struct output *o)
{
	size_t n = impose_nsides(o->npages);
	struct impose_side *sides = xcalloc(n ? n : 1, sizeof(*sides));
	double room = o->im.marks ? MARKS_ROOM : 0;
	double mid = room + o->im.sheet_w / 2;
	double top = room + (o->im.sheet_h - o->page_h) / 2;

	impose_saddle(o->npages, sides);
	for (size_t i = 0; i < n && o->spool_error == 0; i++) {
		double c = impose_creep(sides[i].sheet, n / 2, o->im.creep);
		struct canvas_seen seen = {0};

		draw_half(o, sides[i].left, mid - o->page_w + c, top, &seen);
		draw_half(o, sides[i].right, mid - c, top, &seen);
		canvas_seen_free(&seen);
		if (o->im.marks)
			draw_marks(o->cr, room, room, o->im.sheet_w,
			    o->im.sheet_h);
		end_page(o, o->h);
	}
	free(sides);
}

void
output_set_meta(struct output *o, const struct output_meta *m)
{
	/* Without a date cairo writes the wall clock, and the same input
	 * would not give the same bytes. */
	const char *date = m->date ? m->date : PDFMETA_NO_DATE;
	const char *given[NMETA] = { m->title, m->author, m->subject, m->keywords,
		date, m->lang, m->moddate ? m->moddate : date };

	/* One copy of each, with what a PDF string cannot hold replaced,
	 * for cairo's Info now and for the XMP and Info of the update. */
	for (size_t i = 0; i < NMETA; i++) {
		free(o->meta[i]);
		o->meta[i] = given[i] ? xstrdup(given[i]) : NULL;
		if (o->meta[i] != NULL)
			utf8_no_nonchars(o->meta[i], strlen(o->meta[i]));
	}
	o->pm.title = o->meta[0];
	o->pm.author = o->meta[1];
	o->pm.subject = o->meta[2];
	o->pm.keywords = o->meta[3];
	o->pm.date = o->meta[4];
	o->pm.lang = o->meta[5];
	o->pm.moddate = o->meta[6];
	{
		const struct {
			cairo_pdf_metadata_t key;
			const char *value;
		} f[] = {
			{ CAIRO_PDF_METADATA_TITLE, o->pm.title },
			{ CAIRO_PDF_METADATA_AUTHOR, o->pm.author },
			{ CAIRO_PDF_METADATA_SUBJECT, o->pm.subject },
			{ CAIRO_PDF_METADATA_KEYWORDS, o->pm.keywords },
			{ CAIRO_PDF_METADATA_CREATOR, "quire" },
			{ CAIRO_PDF_METADATA_CREATE_DATE, o->pm.date },
			{ CAIRO_PDF_METADATA_MOD_DATE, o->pm.moddate },
		};

		drain(o);
		for (size_t i = 0; i < sizeof(f) / sizeof(*f); i++)
			if (f[i].value != NULL && *f[i].value)
				cairo_pdf_surface_set_metadata(o->surface,
				    f[i].key, f[i].value);
	}
}

int
output_outline(struct output *o, int parent, const char *title,
    const char *dest, int open)
{
	struct buf b = {0};
	char *t = xstrdup(title);
	int id;

	/* cairo refuses the whole outline item otherwise. */
	utf8_no_nonchars(t, strlen(t));
	buf_puts(&b, "dest='");
	for (const char *s = dest; *s; s++) {
		if (*s == '\'' || *s == '\\')
			buf_putc(&b, '\\');
		buf_putc(&b, *s);
	}
	buf_putc(&b, '\'');
	drain(o);
	utf8_no_nonchars(b.data, b.len);
	id = cairo_pdf_surface_add_outline(o->surface, parent, t, b.data,
	    open ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);
	free(t);
	buf_free(&b);
	return id;
}

/* A page given: where it goes, and when it came. */
struct given {
	long	 place;
	size_t	 i;
};

static int
by_place(const void *x, const void *y)
{
	const struct given *a = x, *b = y;

	if (a->place != b->place)
		return a->place < b->place ? -1 : 1;
	return (a->i > b->i) - (a->i < b->i);
}

/* The pages given, in the order of their places: a new array, or NULL
 * when that is the order they were given in. */
static size_t *
file_order(const struct output *o)
{
	struct given *g = xcalloc(o->given ? o->given : 1, sizeof(*g));
	size_t *order = NULL, k = 0;

	for (size_t i = 0; i < o->given; i++)
		g[i] = (struct given){ o->place[i], i };
	qsort(g, o->given, sizeof(*g), by_place);
	while (k < o->given && g[k].i == k)
		k++;
	if (k < o->given) {
		order = xcalloc(o->given, sizeof(*order));
		for (size_t i = 0; i < o->given; i++)
			order[i] = g[i].i;
	}
	free(g);
	return order;
}

/*
 * Gives the unnamed file fd a name *tmp in the target's folder dir: a
 * hidden one first, as linkat cannot replace a file. Returns 0, or -1
 * with errno.
 */
static int
name_file(const char *dir, int fd, char **tmp)
{
	char proc[64];

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	for (unsigned k = 0; ; k++) {
		sigset_t stop, old;
		int rc;

		free(*tmp);
		*tmp = xasprintf("%s/.quire-%ld-%u", dir, (long)getpid(), k);
		sigemptyset(&stop);
		sigaddset(&stop, SIGINT);
		sigaddset(&stop, SIGTERM);
		sigaddset(&stop, SIGHUP);
		sigprocmask(SIG_BLOCK, &stop, &old);
		rc = linkat(AT_FDCWD, proc, AT_FDCWD, *tmp, AT_SYMLINK_FOLLOW);
		/* Without /proc, the call that needs a capability. */
		if (rc == -1 && errno == ENOENT)
			rc = linkat(fd, "", AT_FDCWD, *tmp, AT_EMPTY_PATH);
		if (rc == 0)
			watch(*tmp);
		sigprocmask(SIG_SETMASK, &old, NULL);
		if (rc == 0 || errno != EEXIST || k > 100) {
			if (rc == -1) {
				free(*tmp);
				*tmp = NULL;
			}
			return rc;
		}
	}
}

/*
 * Puts the finished file in place of the target: its bytes on disk
 * first (a late write error is caught here), then its name, so that the
 * target is the old file or the whole new one, never a part. The folder
 * is not synced: in a power cut the new name may be lost (the old file,
 * or none, is there), which a run made again restores; syncing it cost
 * every run 0.1-14 ms, as much as the floor's whole run at worst.
 * fd: the file, named *tmp in dir or (*tmp NULL) unnamed. Returns 0, or
 * -1 with errno set.
 */
static int
place_file(int fd, const char *dir, char **tmp, const char *path)
{
	if (fsync(fd) == -1)
		return -1;
	if (*tmp == NULL && name_file(dir, fd, tmp) == -1)
		return -1;
	if (rename(*tmp, path) == -1)
		return -1;
	/* The file is in place: nothing of ours to remove any more. */
	have_pending = 0;
	free(*tmp);
	*tmp = NULL;
	return 0;
}

static int
commit_file(struct output *o)
{
	if (fflush(o->f) != 0)
		return -1;
	return place_file(fileno(o->f), o->dir, &o->tmp, o->path);
}

int
output_commit(int fd, const char *path)
{
	char *copy = xstrdup(path), *tmp = NULL;
	int rc = place_file(fd, dirname(copy), &tmp, path), err = errno;

	if (tmp != NULL) {
		unlink(tmp);
		have_pending = 0;
		free(tmp);
	}
	free(copy);
	errno = err;
	return rc;
}

/* output_close; with fd not NULL, an unnamed file is handed over. */
static int
finish(struct output *o, int commit, int *fd)
{
	cairo_status_t st;
	size_t *order;
	char **labels = NULL;
	int rc = -1;

	if (o->threaded) {
		pthread_mutex_lock(&o->mu);
		o->stop = 1;
		o->discard = !commit;
		pthread_cond_broadcast(&o->cv);
		pthread_mutex_unlock(&o->mu);
		pthread_join(o->tid, NULL);
	}
	drop_warm(o);
	pthread_cond_destroy(&o->cv);
	pthread_mutex_destroy(&o->mu);
	order = file_order(o);
	if (o->imposed && commit) {
		/* The sheets take the pages in their places' order. */
		struct spool_ref *pages = xcalloc(o->npages ? o->npages : 1,
		    sizeof(*pages));

		for (size_t k = 0; k < o->npages; k++)
			pages[k] = o->pages[order ? order[k] : k];
		free(o->pages);
		o->pages = pages;
		draw_sheets(o);
	}
	/* A drawing error stays with the context, not the surface. */
	st = cairo_status(o->cr);
	cairo_destroy(o->cr);
	cairo_surface_finish(o->surface);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(o->surface);
	cairo_surface_destroy(o->surface);
	write_out(o, o->wbuf, o->wlen);
	o->pm.log = o->log;
	/* The pages' streams are rewritten on one thread a core, unless
	 * QUIRE_THREADS says how many (1: this thread alone). */
	o->pm.threads = getenv("QUIRE_THREADS") != NULL ? threads() : 0;
	o->pm.images = o->images;
	/* A sheet has no one number: imposed, no page labels. */
	if (!o->imposed) {
		o->pm.order = order;
		o->pm.npages = o->given;
		for (size_t i = 0; i < o->given; i++)
			if (o->label[i] != NULL) {
				labels = xcalloc(o->given, sizeof(*labels));
				for (size_t k = 0; k < o->given; k++)
					labels[k] = o->label[order ? order[k] :
					    k];
				o->pm.labels = labels;
				break;
			}
	}
	if (commit && st == CAIRO_STATUS_SUCCESS && o->write_error == 0 &&
	    o->spool_error == 0 && o->fill_error == 0 && o->log_error == 0 &&
	    pdfmeta_apply(o->f, &o->pm) == -1)
		o->write_error = errno;
	if (commit && o->log_error != 0)
		diag(DIAG_ERROR, o->path, 0, "cannot keep the pages' structure "
		    "in %s: %s", tmp_dir(), strerror(o->log_error));
	else if (commit && o->spool_error != 0)
		diag(DIAG_ERROR, o->path, 0, "cannot keep the pages to "
		    "impose: %s", strerror(o->spool_error));
	else if (commit && pdfimages_failed(o->images))
		diag(DIAG_ERROR, o->path, 0, "cannot keep its pictures in %s: %s",
		    tmp_dir(), strerror(pdfimages_failed(o->images)));
	else if (commit && o->fill_error != 0)
		diag(DIAG_ERROR, o->path, 0, "cannot read back the pages: %s",
		    strerror(o->fill_error));
	else if (commit && (st != CAIRO_STATUS_SUCCESS || o->write_error))
		diag(DIAG_ERROR, o->path, 0, "cannot write: %s",
		    o->write_error ? strerror(o->write_error) :
		    cairo_status_to_string(st));
	else if (commit && fd != NULL && o->tmp == NULL &&
	    (fflush(o->f) != 0 || (*fd = dup(fileno(o->f))) == -1))
		diag(DIAG_ERROR, o->path, 0, "cannot write: %s",
		    strerror(errno));
	else if (commit && (fd == NULL || *fd == -1) && commit_file(o) == -1)
		diag(DIAG_ERROR, o->path, 0, "cannot write: %s",
		    strerror(errno));
	else if (commit)
		rc = 0;
	/* What is not yet flushed can fail here too; it is lost with the
	 * file, which nothing names. */
	fclose(o->f);
	forget(o);
	pdfimages_free(o->images);
	free(o->wbuf);
	spool_close(o->spool);
	free(o->pages);
	free(order);
	free(labels);
	for (size_t i = 0; i < o->given; i++)
		free(o->label[i]);
	free(o->label);
	free(o->place);
	free(o->q);
	for (size_t i = 0; i < NMETA; i++)
		free(o->meta[i]);
	structlog_close(o->log);
	free(o);
	return rc;
}

int
output_close(struct output *o, int commit)
{
	return finish(o, commit, NULL);
}

int
output_close_unplaced(struct output *o, int *fd)
{
	*fd = -1;
	return finish(o, 1, fd);
}
