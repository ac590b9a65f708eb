/* pdf.c - the PDF device and atomic replacement of the target. */
#include "pdf.h"

#include <errno.h>
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
#include "util.h"

/* Pages waiting to be drawn: enough to keep the drawing thread busy,
 * few enough that memory stays small. */
#define QUEUED 4

/*
 * Pages are drawn (cairo, images, PDF output) on a thread of their own,
 * in the order they came, while the caller lays out the next ones: cairo
 * is used by that thread alone until output_close, or until the queue is
 * empty for outline and metadata.
 */
struct output {
	char	*path;		/* the target */
	char	*tmp;		/* where we write until done */
	FILE	*f;
	cairo_surface_t *surface;
	cairo_t	*cr;
	int	 write_error;	/* errno of a failed write, or 0 */
	pthread_t tid;
	int	 threaded;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct {
		struct canvas cv;
		char	*label;
	} q[QUEUED];
	size_t	 head, count;	/* queued pages */
	int	 busy;		/* the thread is drawing one */
	int	 stop, discard;
	struct canvas_drawn *drawn;	/* images it holds already */
};

/* Draws one page and ends it. */
static void
draw(struct output *o, struct canvas *cv, const char *label)
{
	canvas_replay(cv, o->cr);
	if (label != NULL)
		cairo_pdf_surface_set_page_label(o->surface, label);
	cairo_show_page(o->cr);
}

static void *
drawer(void *arg)
{
	struct output *o = arg;

	pthread_mutex_lock(&o->mu);
	for (;;) {
		struct canvas cv;
		char *label;
		int skip;

		while (o->count == 0 && !o->stop)
			pthread_cond_wait(&o->cv, &o->mu);
		if (o->count == 0)
			break;
		cv = o->q[o->head].cv;
		label = o->q[o->head].label;
		o->head = (o->head + 1) % QUEUED;
		o->count--;
		o->busy = 1;
		skip = o->discard;
		pthread_mutex_unlock(&o->mu);
		if (!skip)
			draw(o, &cv, label);
		canvas_free(&cv);
		free(label);
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

void
output_page(struct output *o, struct canvas *cv, const char *label)
{
	struct canvas page = *cv;

	memset(cv, 0, sizeof(*cv));
	/* Images are decoded here, while the drawing thread draws the
	 * pages before. */
	canvas_prepare(&page, o->drawn);
	if (!o->threaded) {
		draw(o, &page, label);
		canvas_free(&page);
		return;
	}
	pthread_mutex_lock(&o->mu);
	while (o->count == QUEUED)
		pthread_cond_wait(&o->cv, &o->mu);
	o->q[(o->head + o->count) % QUEUED].cv = page;
	o->q[(o->head + o->count) % QUEUED].label = label ? xstrdup(label) :
	    NULL;
	o->count++;
	pthread_cond_broadcast(&o->cv);
	pthread_mutex_unlock(&o->mu);
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

static cairo_status_t
write_cb(void *closure, const unsigned char *data, unsigned int len)
{
	struct output *o = closure;

	if (fwrite(data, 1, len, o->f) != len) {
		o->write_error = errno ? errno : EIO;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	return CAIRO_STATUS_SUCCESS;
}

struct output *
output_open(const char *path, double w, double h)
{
	struct output *o = xcalloc(1, sizeof(*o));
	char *copy = xstrdup(path);
	sigset_t stop, old;
	int fd;

	o->path = xstrdup(path);
	o->tmp = xasprintf("%s/.quire-XXXXXX", dirname(copy));
	free(copy);
	/* A signal between making the file and knowing its name would
	 * leave it behind: it waits until watch() has the name. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGHUP);
	sigprocmask(SIG_BLOCK, &stop, &old);
	if ((fd = mkstemp(o->tmp)) == -1 ||
	    (o->f = fdopen(fd, "wb")) == NULL) {
		diag(DIAG_ERROR, path, 0, "cannot write: %s", strerror(errno));
		if (fd != -1) {
			close(fd);
			unlink(o->tmp);
		}
		sigprocmask(SIG_SETMASK, &old, NULL);
		free(o->tmp);
		free(o->path);
		free(o);
		return NULL;
	}
	watch(o->tmp);
	sigprocmask(SIG_SETMASK, &old, NULL);
	{
		/* mkstemp makes the file private; a PDF is for sharing. */
		mode_t um = umask(0);

		umask(um);
		fchmod(fd, 0666 & ~um);
	}
	o->surface = cairo_pdf_surface_create_for_stream(write_cb, o, w, h);
	o->cr = cairo_create(o->surface);
	/* Link annotations need a structure around them, or the file's
	 * structure tree comes out damaged (cairo 1.16). */
	cairo_tag_begin(o->cr, "Document", NULL);
	pthread_mutex_init(&o->mu, NULL);
	pthread_cond_init(&o->cv, NULL);
	o->drawn = canvas_drawn_new();
	o->threaded = threads() > 1 &&
	    pthread_create(&o->tid, NULL, drawer, o) == 0;
	return o;
}

void
output_set_meta(struct output *o, const struct output_meta *m)
{
	const struct {
		cairo_pdf_metadata_t key;
		const char *value;
	} f[] = {
		{ CAIRO_PDF_METADATA_TITLE, m->title },
		{ CAIRO_PDF_METADATA_AUTHOR, m->author },
		{ CAIRO_PDF_METADATA_SUBJECT, m->subject },
		{ CAIRO_PDF_METADATA_KEYWORDS, m->keywords },
		{ CAIRO_PDF_METADATA_CREATOR, "quire" },
		/* Without a date cairo writes the wall clock, and the same
		 * input would not give the same bytes. */
		{ CAIRO_PDF_METADATA_CREATE_DATE,
		    m->date ? m->date : "2000-01-01T00:00:00Z" },
		{ CAIRO_PDF_METADATA_MOD_DATE,
		    m->date ? m->date : "2000-01-01T00:00:00Z" },
	};

	drain(o);
	for (size_t i = 0; i < sizeof(f) / sizeof(*f); i++)
		if (f[i].value != NULL && *f[i].value)
			cairo_pdf_surface_set_metadata(o->surface, f[i].key,
			    f[i].value);
}

int
output_outline(struct output *o, int parent, const char *title,
    const char *dest, int open)
{
	struct buf b = {0};
	int id;

	buf_puts(&b, "dest='");
	for (const char *s = dest; *s; s++) {
		if (*s == '\'' || *s == '\\')
			buf_putc(&b, '\\');
		buf_putc(&b, *s);
	}
	buf_putc(&b, '\'');
	drain(o);
	id = cairo_pdf_surface_add_outline(o->surface, parent, title, b.data,
	    open ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);
	buf_free(&b);
	return id;
}

int
output_close(struct output *o, int commit)
{
	cairo_status_t st;
	int rc = -1;

	if (o->threaded) {
		pthread_mutex_lock(&o->mu);
		o->stop = 1;
		o->discard = !commit;
		pthread_cond_broadcast(&o->cv);
		pthread_mutex_unlock(&o->mu);
		pthread_join(o->tid, NULL);
	}
	pthread_cond_destroy(&o->cv);
	pthread_mutex_destroy(&o->mu);
	cairo_tag_end(o->cr, "Document");
	/* A drawing error stays with the context, not the surface. */
	st = cairo_status(o->cr);
	cairo_destroy(o->cr);
	cairo_surface_finish(o->surface);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(o->surface);
	cairo_surface_destroy(o->surface);
	if (fflush(o->f) != 0 && o->write_error == 0)
		o->write_error = errno;
	if (fclose(o->f) != 0 && o->write_error == 0)
		o->write_error = errno;
	if (commit && st != CAIRO_STATUS_SUCCESS)
		diag(DIAG_ERROR, o->path, 0, "cannot write: %s",
		    o->write_error ? strerror(o->write_error) :
		    cairo_status_to_string(st));
	else if (commit && rename(o->tmp, o->path) == -1)
		diag(DIAG_ERROR, o->path, 0, "cannot write: %s",
		    strerror(errno));
	else if (commit)
		rc = 0;
	if (rc == -1)
		unlink(o->tmp);
	have_pending = 0;
	canvas_drawn_free(o->drawn);
	free(o->tmp);
	free(o->path);
	free(o);
	return rc;
}
