/*
 * style.h - how a document looks: page geometry, and per role (body,
 * headings, code, ...) the face, size, leading, spacing and colour.
 *
 * A style starts from built-in fallbacks, then styles/default.yaml, then
 * an optional --style file, then "style.*" keys of a post's front matter.
 * Every layer is a flat list of "role.property: value" pairs.
 */
#ifndef QUIRE_STYLE_H
#define QUIRE_STYLE_H

#include <stddef.h>

#include "role.h"
#include "util.h"

enum align { ALIGN_LEFT, ALIGN_JUSTIFY, ALIGN_CENTER, ALIGN_RIGHT };
/* "caps": true sets every letter in capitals, small the lower-case ones
 * as small capitals (the font's own, OpenType smcp). */
enum caps { CAPS_NONE, CAPS_ALL, CAPS_SMALL };

struct role_style {
	char	*font;		/* family name */
	double	 size;		/* pt */
	int	 weight;	/* 100..900 */
	int	 italic;
	enum caps caps;
	double	 tracking;	/* letter spacing, pt */
	double	 leading;	/* baseline to baseline, pt */
	double	 space_before;	/* pt */
	double	 space_after;	/* pt */
	unsigned color;		/* 0xRRGGBB */
	enum align align;
};

/* The kinds of a GitHub alert ("> [!NOTE]"), each with its colour. */
enum alert {
	ALERT_NONE,
	ALERT_NOTE,
	ALERT_TIP,
	ALERT_IMPORTANT,
	ALERT_WARNING,
	ALERT_CAUTION,
	NALERTS
};

/* A colour not painted ("none" where a style allows it). */
#define COLOR_NONE 0xFFFFFFFFu

struct hl_look {
	unsigned color;		/* 0xRRGGBB */
	int	 bold, italic;
};

struct style {
	double	 page_w, page_h;	/* pt */
	double	 margin_top, margin_bottom, margin_inner, margin_outer;
	/*
	 * Geometry from the paper (style_fit_page): a margin given in % is
	 * that share of the page's height (top, bottom); measure > 0 sets
	 * the column in ems of the body size, the side margins taking the
	 * rest, split inner:outer by inner_share when two-sided. Given
	 * margins in lengths win.
	 */
	double	 top_pct, bottom_pct;	/* 0: margin_top/_bottom as given */
	double	 measure;		/* ems of body, or 0 */
	double	 inner_share;		/* 0..1 of both side margins */
	int	 two_sided;
	int	 scale_type;		/* sizes are for A4: scale to the paper */
	struct role_style role[NROLES];
	double	 list_indent;		/* per nesting level, pt */
	double	 quote_indent;		/* per nesting level, pt */
	unsigned quote_bar;		/* bar colour */
	unsigned code_background;
	unsigned code_mark;		/* band behind highlighted lines */
	double	 code_padding;		/* pt around code text */
	unsigned link_color;
	unsigned rule_color;
	unsigned table_rule;
	unsigned header_background;	/* table header row, or COLOR_NONE */
	unsigned alert_color[NALERTS];	/* an alert's label and bar */
	int	 widows, orphans;	/* least lines left on a page end/start */
	int	 hyphenate;
	int	 url_notes;		/* print external link URLs as notes */
	int	 captions;		/* alt text under images */
	struct hl_look hl[HL_NCLASSES];
};

/* An alert kind's key in a style file and in "> [!KEY]", lower-case:
 * "note", "tip", ...; "" for ALERT_NONE. */
const char *style_alert_name(enum alert a);
/* Fills st with the built-in fallbacks. Free with style_free. */
void	style_init(struct style *st);
/* Makes dst a copy of src that owns its own strings (style_free). */
void	style_copy(struct style *dst, const struct style *src);
/*
 * Applies one "role.property" = value pair. file/line name the source
 * for messages. Unknown keys and bad values are warned about and
 * ignored. Returns 0 when applied.
 */
int	style_set(struct style *st, const char *key, const char *value,
	    const char *file, unsigned line);
/* Applies every pair of a flattened list in order; keys may carry prefix
 * (e.g. "style.") which is stripped, others are skipped. */
void	style_apply(struct style *st, const struct kv *kv, size_t n,
	    const char *prefix, const char *file);
/*
 * Loads styles/default.yaml from datadir, then (when name is not NULL)
 * a style given by path, or by name as datadir/styles/NAME.yaml.
 * Returns 0, or -1 after reporting an error.
 */
int	style_load(struct style *st, const char *datadir, const char *name);
/* Sets the page size by name (a4, letter, a5, ...). Returns -1 if unknown. */
int	style_set_paper(struct style *st, const char *name);
/*
 * Fits the style to its paper, once, after every layer is applied: type
 * sizes scaled from A4 (when scale_type), then the margins and column.
 */
void	style_fit_page(struct style *st);
/* Text column width, pt. */
double	style_column_width(const struct style *st);
void	style_free(struct style *st);
/* The role's name as styles spell it ("body", "h1", ...). */
const char *role_name(enum role role);
/* The role of heading level 1..6. */
enum role role_heading(int level);

/*
 * The sheet two pages side by side fold out of, landscape, in *w x *h pt:
 * a4 for a5 pages, letter for half-letter ones (within 3 pt, as a5
 * doubled is 296 mm wide and a4 297). Returns -1 for other pages.
 */
int	style_fold_sheet(const struct style *st, double *w, double *h);

#endif
