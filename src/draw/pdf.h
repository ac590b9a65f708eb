/*
 * pdf.h - the device: a PDF file (metadata, outline, page labels),
 * written to a file without a name (O_TMPFILE) in the target's folder,
 * which is synced, named and renamed over the target only when the whole
 * document and every write succeeded; then the folder is synced. A run
 * that dies, even by SIGKILL, leaves the old target and nothing else.
 *
 * Where the file system has no O_TMPFILE (or QUIRE_NO_TMPFILE is set in
 * the environment: the tests use it to check this path), the file is a
 * hidden .quire-XXXXXX beside the target, removed on failure and on
 * SIGINT, SIGTERM and SIGHUP; SIGKILL leaves it behind.
 */
#ifndef QUIRE_OUTPUT_H
#define QUIRE_OUTPUT_H

#include "canvas.h"

struct output;

struct output_meta {
	const char *title, *author, *subject, *keywords;
	const char *date;	/* ISO 8601, or NULL */
	const char *lang;	/* BCP 47, or NULL */
	const char *moddate;	/* ISO 8601 (last updated), or NULL: date */
};

/*
 * Starts a PDF of w x h pt pages for path. Returns NULL after reporting
 * an error (folder missing or not writable).
 */
struct output *output_open(const char *path, double w, double h);

/* How an imposed booklet is printed (see impose.h). */
struct output_impose {
	double	 sheet_w, sheet_h;	/* pt, at least 2w x h */
	double	 creep;	/* pt: the innermost sheet's pages move toward the fold */
	int	 marks;	/* crop and fold marks, the sheet grown to hold them */
};

/*
 * As output_open, for a saddle-stitched booklet of w x h pt pages set two
 * to a side, either side of the middle of sheets of im's size (larger by
 * 36 pt on every edge with marks). Pages given to output_page wait in a spool file until
 * output_close, which draws the sheets in printing order: links and
 * destinations move with their page, page labels are not written (a
 * sheet has no one number). NULL after an error, as output_open.
 */
struct output *output_open_imposed(const char *path, double w, double h,
	    const struct output_impose *im);
/*
 * Adds a page: its drawing, taken over (cv is left empty), and its label
 * ("iii", "12"; NULL for none). Pages are drawn in turn on a thread of
 * the output's own while the caller goes on.
 */
void	output_page(struct output *o, struct canvas *cv, const char *label);
/*
 * As output_page, for a page whose drawing is made when the drawing
 * thread comes to it: fill(arg, cv) appends it to an empty cv there (on
 * that thread: no Pango; arg must live until output_close) and returns
 * 0, or -1 with errno set, after which output_close fails ("cannot read
 * back the pages"). It never waits for the drawing thread, as it holds
 * no drawing meanwhile. Without a drawing thread (or imposed) fill is
 * called at once.
 */
void	output_page_later(struct output *o,
	    int (*fill)(void *arg, struct canvas *cv), void *arg,
	    const char *label);
/*
 * Where the pages given from now on go in the file: at place, place + 1
 * and so on. The file has its pages in the order of their places (pages
 * of equal place in the order given), whatever order they were drawn in:
 * page tree, page labels, the structure tree's reading order, an imposed
 * booklet's sheets. Until it is called the first page's place is 0.
 */
void	output_place(struct output *o, long place);
/*
 * Text the pages are to show, before the first page comes: cv's glyph
 * runs (taken over; where they stand does not matter), which the drawing
 * thread sets on a scratch surface while it waits, so that the fonts are
 * open and the glyphs' metrics loaded when the pages are drawn. Nothing
 * of it reaches the file; what is not done when output_page is first
 * called is dropped. For a single post, whose pages come only once it
 * is laid out: the drawing thread would otherwise idle meanwhile.
 */
void	output_warm(struct output *o, struct canvas *cv);
/* Starts making the picture at path, as it will be drawn w x h pt,
 * before the pages that draw it come; what cannot be read is reported
 * there. */
void	output_picture_ahead(struct output *o, const char *path, double w,
	    double h);
void	output_set_meta(struct output *o, const struct output_meta *m);
/* Adds a bookmark under parent (0 = top level) to destination dest;
 * returns its id for children. */
int	output_outline(struct output *o, int parent, const char *title,
	    const char *dest, int open);
/*
 * Finishes the file. With commit, puts it in place of the target when
 * cairo and every write (a full disk: "cannot write: No space left on
 * device") succeeded; otherwise, or on any error (reported), the target
 * is left as it was. Returns 0 when the target was written.
 */
int	output_close(struct output *o, int commit);
/*
 * output_close(o, 1), but a file written without a name (O_TMPFILE) is
 * not put in place: *fd is set to a descriptor of it, which the caller
 * gives to output_commit (maybe in another process: --each's workers
 * leave the wait for the disk to their parent) and closes. *fd is -1
 * when the file was put in place here, or on an error.
 */
int	output_close_unplaced(struct output *o, int *fd);
/* Puts the finished file fd in place of path as output_close does: its
 * bytes on disk, then its name. Returns 0, or -1 with errno set. */
int	output_commit(int fd, const char *path);

#endif
