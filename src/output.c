/* output.c - the PDF device and atomic replacement of the target. */
#include "output.h"

#include <errno.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <cairo-pdf.h>

#include "diag.h"
#include "util.h"

struct output {
	char	*path;		/* the target */
	char	*tmp;		/* where we write until done */
	FILE	*f;
	cairo_surface_t *surface;
	cairo_t	*cr;
	int	 write_error;	/* errno of a failed write, or 0 */
};

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
	return o;
}

cairo_t *
output_cairo(struct output *o)
{
	return o->cr;
}

void
output_next_page(struct output *o)
{
	cairo_show_page(o->cr);
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
	id = cairo_pdf_surface_add_outline(o->surface, parent, title, b.data,
	    open ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);
	buf_free(&b);
	return id;
}

void
output_page_label(struct output *o, const char *label)
{
	cairo_pdf_surface_set_page_label(o->surface, label);
}

int
output_close(struct output *o, int commit)
{
	cairo_status_t st;
	int rc = -1;

	cairo_tag_end(o->cr, "Document");
	cairo_destroy(o->cr);
	cairo_surface_finish(o->surface);
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
	free(o->tmp);
	free(o->path);
	free(o);
	return rc;
}
