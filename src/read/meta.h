/*
 * meta.h - a post's front matter.
 *
 * meta_read splits the front matter off a post - YAML between "---"
 * lines, TOML between "+++" lines, a JSON object, or "Key: value"
 * header lines - reads it into struct meta by the generator's field
 * names, and fills what the path tells (date, slug, language) where
 * the front matter is silent. Whatever the format, the same struct.
 */
#ifndef QUIRE_META_H
#define QUIRE_META_H

#include <stddef.h>

#include "site.h"
#include "util.h"

struct date {
	int	 year, month, day;	/* 0 when there is no date */
	int	 hour, min, sec;	/* 0 when no time was given */
	int	 has_time;		/* a time of day was given */
	int	 has_zone;		/* a zone was given */
	int	 zone_min;		/* zone offset east of UTC, minutes */
};

struct meta {
	char	*title;		/* NULL when absent */
	char	*short_title;	/* short_title: the running head's; NULL
				   when absent */
	struct date date;	/* from front matter, else the file name */
	struct date updated;	/* when last updated (lastmod, updated,
				   Modified... by the generator); zero
				   when not given */
	char	*author;	/* author, or author.name; NULL when absent */
	char	**tags;		/* list or space-separated string */
	size_t	 ntags;
	char	**categories;	/* "categories" and "category" */
	size_t	 ncategories;
	char	*excerpt;	/* NULL when absent */
	char	*image;		/* featured-image, image, cover...: as written */
	int	 draft;		/* draft: true, or published: false */
	char	*series;	/* series, or series.name */
	char	*lang;		/* lang or language */
	char	*note;		/* editor's note (Markdown), for booklets */
	char	*permalink;	/* permalink (Hugo, Pelican: url; Zola: path) */
	char	*name;		/* the file name less date, language and
				   extension; a bundle's folder name */
	char	*slug;		/* slug:, else the file name less date,
				   language and extension (the folder's
				   name for a bundle's index.md) */
	struct kv *vars;	/* every scalar ("a.b" nested; lists ", "-joined) */
	size_t	 nvars;
	unsigned body_line;	/* 1-based file line where the body starts */
};

/*
 * Reads the front matter of the post at path (whose text, already
 * BOM-stripped and with LF line ends, is text[0..len)), by the field
 * names of generator gen. The front matter is, by its first line:
 *   "---"  YAML up to a line "---" or "..." (blanks may follow either);
 *   "+++"  TOML up to a line "+++";
 *   "{"    then a '"' or '}': one JSON object (Hugo), its closing line
 *          holding nothing after the '}';
 *   "Title: ..." (or, for Pelican, any "Key: value"): header lines up
 *          to a blank line (headers.h).
 * Without one the whole text is the body. *body_off receives the byte
 * offset where the Markdown body starts. Fields: title and short_title
 * (HTML character references decoded), date (else publishDate or pubDate, Hugo's lastmod, ISO or
 * "Jul 8 2022", only warned about when unreadable; else from the path: "YYYY-MM-DD-" or "_"
 * in the file or bundle folder name, a ".../YYYY/MM[/DD]/" folder run,
 * or one in the permalink), the date last updated (the generator's
 * keys: dialect.h; unreadable only warned about), author or authors, tags (Zola:
 * taxonomies.tags), categories, excerpt (not Jekyll: also summary,
 * description, spoiler), the featured image (image, images[0],
 * cover.image, featured_image, thumbnail..., also under params or
 * extra), draft (draft, published: false, Pelican status: draft),
 * series, lang or language (not Jekyll: a ".fr" file name suffix),
 * note, permalink, slug. m is overwritten, not freed. Errors (unclosed
 * front matter, bad YAML, TOML or JSON, YAML aliases, nesting deeper
 * than YAMLMAP_MAX_DEPTH, a top level that is not a mapping, an invalid
 * date) are reported with diag() as "path:line: error: ..." and make it
 * return -1; otherwise it returns 0 (fields of the wrong shape only
 * warn). m is always safe to meta_free afterwards.
 */
int	meta_read(struct meta *m, const char *path, const char *text,
	    size_t len, enum generator gen, size_t *body_off);
/* Frees everything m owns and zeroes it. */
void	meta_free(struct meta *m);
/* Writes "6 January 2019" into out (size n); "" when there is no date. */
void	date_format_long(const struct date *d, char *out, size_t n);
/*
 * Appends m's dates as a byline and a booklet's contents say them:
 * "6 January 2019", then "  ·  Updated 3 March 2020" when m->updated
 * is another day; either alone when the other is missing.
 */
void	meta_dates(const struct meta *m, struct buf *b);
/*
 * Writes ISO 8601 into out: "2019-01-06T00:00:00Z" without a zone,
 * "2019-01-06T10:30:00+01:00" with one; "" when there is no date.
 */
void	date_format_iso(const struct date *d, char *out, size_t n);
/*
 * Compares two dates (then times): <0, 0, >0. When both have a zone they
 * are compared as instants in UTC; otherwise field by field, zones
 * ignored (so mixing zoned and unzoned dates is not quite transitive).
 */
int	date_cmp(const struct date *a, const struct date *b);

#endif
