/*
 * notes.h - editor's notes: a few lines of Markdown an editor adds to a
 * post in the booklet, in a box under its title. They come from a YAML
 * file of post slug: note (--notes), else from the post's own note: key.
 */
#ifndef QUIRE_NOTES_H
#define QUIRE_NOTES_H

#include "doc.h"
#include "post.h"
#include "site.h"
#include "source.h"
#include "style.h"
#include "yamlmap.h"

struct notes {
	const char *path;	/* the notes file, or NULL; borrowed */
	struct source src;	/* its text */
	struct ynode *map;	/* slug or file name -> note, or NULL */
};

/* Reads the notes file path (NULL: none) into nt. Returns 0, or -1
 * after reporting an error (unreadable, bad YAML, not a mapping); nt is
 * safe to notes_free either way. */
int	notes_open(struct notes *nt, const char *path);
/*
 * The note for post p (front matter only is enough): the notes file's
 * under the post's slug, else under its file name without extension,
 * else the post's own note: key; NULL when none. Borrowed from nt or p.
 * *file and *line say where it was written.
 */
const char *notes_find(const struct notes *nt, const struct post *p,
	    const char **file, unsigned *line);
/* Puts note (Markdown, written in file from line on) into d in a box,
 * after the rule that closes its title block. */
void	notes_add(struct doc *d, const char *note, const char *file,
	    unsigned line, const struct style *st, const struct site *site,
	    int allow_outside);
void	notes_free(struct notes *nt);

#endif
