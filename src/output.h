/*
 * output.h - the device: a PDF file (metadata, outline, page labels),
 * written to a temporary file beside the target and renamed over it only
 * when the whole document succeeded.
 */
#ifndef QUIRE_OUTPUT_H
#define QUIRE_OUTPUT_H

#include <cairo.h>

struct output;

struct output_meta {
	const char *title, *author, *subject, *keywords;
	const char *date;	/* ISO 8601, or NULL */
};

/*
 * Starts a PDF of w x h pt pages for path. Returns NULL after reporting
 * an error (folder missing or not writable).
 */
struct output *output_open(const char *path, double w, double h);
/* The drawing context of the current page. */
cairo_t	*output_cairo(struct output *o);
/* Ends the current page and starts the next. */
void	output_next_page(struct output *o);
void	output_set_meta(struct output *o, const struct output_meta *m);
/* Adds a bookmark under parent (0 = top level) to destination dest;
 * returns its id for children. */
int	output_outline(struct output *o, int parent, const char *title,
	    const char *dest, int open);
/* Sets the current page's label ("iii", "12"). */
void	output_page_label(struct output *o, const char *label);
/*
 * Finishes the file. With commit, renames it over the target when cairo
 * reports no error; otherwise (or on any error) removes it. Returns 0
 * when the target was written.
 */
int	output_close(struct output *o, int commit);

#endif
