/* measure.c - line-breaking each block at its width. */
#include "measure.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fit.h"
#include "linebreak.h"
#include "mathlayout.h"
#include "urlbreak.h"
#include "util.h"

/* Pixels of a web image are CSS pixels: 96 to the inch. */
#define PT_PER_PX 0.75
/* Space between an image and its caption, pt. */
#define CAPTION_GAP 4

PangoFontDescription *
measure_font(const struct style *st, enum role role)
{
	const struct role_style *r = &st->role[role];
	PangoFontDescription *fd = pango_font_description_new();

	pango_font_description_set_family(fd, r->font);
	pango_font_description_set_size(fd, (gint)(r->size * PANGO_SCALE));
	pango_font_description_set_weight(fd, (PangoWeight)r->weight);
	pango_font_description_set_style(fd, r->italic ? PANGO_STYLE_ITALIC :
	    PANGO_STYLE_NORMAL);
	return fd;
}

static PangoAttrList *
role_attrs(const struct measure_ctx *mc, enum role role, const char *text,
    PangoAttrList *attrs, double width)
{
	const struct role_style *r = &mc->st->role[role];
	PangoAttrList *al = attrs ? pango_attr_list_copy(attrs) :
	    pango_attr_list_new();
	PangoAttribute *a;

	/* Formulas set in type: Pango keeps room for each. */
	mathlayout_attrs(mc->pango, al, text, r->size, width);

	if (r->tracking > 0) {
		a = pango_attr_letter_spacing_new((int)(r->tracking *
		    PANGO_SCALE));
		pango_attr_list_insert_before(al, a);
	}
	if (r->caps == CAPS_ALL) {
		a = pango_attr_text_transform_new(PANGO_TEXT_TRANSFORM_UPPERCASE);
		pango_attr_list_insert_before(al, a);
	}
	/* Kerning and ligatures read better in running text; code is
	 * shown as typed, and a wrapped code line gets no hyphen. */
	a = pango_attr_font_features_new(role == ROLE_CODE ?
	    "liga 0, calt 0" : r->caps == CAPS_SMALL ?
	    "kern 1, liga 1, smcp 1" : "kern 1, liga 1");
	pango_attr_list_insert_before(al, a);
	if (role == ROLE_CODE)
		pango_attr_list_insert_before(al,
		    pango_attr_insert_hyphens_new(FALSE));
	return al;
}

PangoLayout *
measure_text(const struct measure_ctx *mc, enum role role, const char *text,
    PangoAttrList *attrs, double width)
{
	const struct role_style *r = &mc->st->role[role];
	PangoLayout *l = pango_layout_new(mc->pango);
	PangoFontDescription *fd = measure_font(mc->st, role);
	PangoAttrList *al = role_attrs(mc, role, text, attrs, width);

	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_text(l, text, -1);
	pango_layout_set_attributes(l, al);
	pango_attr_list_unref(al);
	/* Pango leaves the hyphen it shows at a soft hyphen out of the line
	 * width: ragged and aligned text keeps room for it (in justified
	 * text it hangs in the margin, as hyphens do in fine setting). */
	if (width > 0 && r->align != ALIGN_JUSTIFY && strstr(text, "\xC2\xAD"))
		width -= r->size * 0.4;
	if (width > 0)
		pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	/* Long words and URLs break where they must, never overrun. */
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	switch (r->align) {
	case ALIGN_JUSTIFY:
		pango_layout_set_justify(l, TRUE);
		break;
	case ALIGN_CENTER:
		pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
		break;
	case ALIGN_RIGHT:
		pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
		break;
	default:
		break;
	}
	return l;
}

static int
soft_hyphen(const char *p)
{
	return (unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xAD;
}

/* Whether line holds nothing but spaces and line ends. */
static int
blank(PangoLayout *layout, const PangoLayoutLine *line)
{
	const char *t = pango_layout_get_text(layout) + line->start_index;

	for (int k = 0; k < line->length; k++)
		if (t[k] != ' ' && t[k] != '\n')
			return 0;
	return 1;
}

/* Whether line breaks at a soft hyphen, where Pango shows a hyphen. */
static int
ends_in_hyphen(PangoLayout *layout, const PangoLayoutLine *line)
{
	const char *t = pango_layout_get_text(layout);
	int e = line->start_index + line->length;

	return e >= 2 && soft_hyphen(t + e - 2);
}

/*
 * Lines stand on a fixed leading so that text keeps one baseline rhythm;
 * a line whose content is taller (a fallback font, a big symbol) gets
 * what it needs.
 */
size_t
measure_lines(PangoLayout *layout, double leading, struct line_box **lines)
{
	PangoLayoutIter *it = pango_layout_get_iter(layout);
	size_t n = (size_t)pango_layout_get_line_count(layout), i = 0;
	struct line_box *lb = xcalloc(n ? n : 1, sizeof(*lb));
	double top = 0;
	int para = 0;

	do {
		PangoRectangle log;
		PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
		double nat_h, nat_base, y0;

		if (i >= n)
			break;
		pango_layout_iter_get_line_extents(it, NULL, &log);
		y0 = (double)log.y / PANGO_SCALE;
		nat_h = (double)log.height / PANGO_SCALE;
		nat_base = (double)pango_layout_iter_get_baseline(it) /
		    PANGO_SCALE - y0;
		lb[i].height = nat_h > leading ? nat_h : leading;
		lb[i].baseline = nat_base + (lb[i].height - nat_h) / 2;
		lb[i].top = top;
		lb[i].x = (double)log.x / PANGO_SCALE;
		lb[i].para = line->is_paragraph_start ? ++para : 0;
		lb[i].hyphen = ends_in_hyphen(layout, line);
		lb[i].blank = blank(layout, line);
		top += lb[i].height;
		i++;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	if (i == 0) {
		lb[0].height = leading;
		lb[0].baseline = leading * 0.8;
		i = 1;
	}
	*lines = lb;
	return i;
}

/*
 * A title that wraps is set in lines of even length, not a full line and
 * a stray word: the narrowest width that needs no more lines.
 */
static double
balance(PangoLayout *l, double width)
{
	int lines = pango_layout_get_line_count(l);
	double lo = width / 2, hi = width, word;
	PangoRectangle log;

	if (lines < 2)
		return width;
	/* Never narrower than the widest word: no word is broken. */
	pango_layout_set_wrap(l, PANGO_WRAP_WORD);
	pango_layout_set_width(l, 0);
	pango_layout_get_extents(l, NULL, &log);
	word = (double)log.width / PANGO_SCALE;
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	if (word >= width)
		return width;
	if (lo < word)
		lo = word;
	for (int i = 0; i < 8; i++) {
		double mid = (lo + hi) / 2;

		pango_layout_set_width(l, (int)(mid * PANGO_SCALE));
		if (pango_layout_get_line_count(l) > lines)
			lo = mid;
		else
			hi = mid;
	}
	pango_layout_set_width(l, (int)(hi * PANGO_SCALE));
	return hi;
}

/*
 * Whether a paragraph holds what cannot break or hyphenate: code, or a
 * long run without spaces (a URL, a path).
 */
static int
rigid(const struct block *b)
{
	size_t run = 0;
	int code = 0;

	/* Characters, not bytes; soft hyphens are break points. */
	for (const char *p = b->text; *p; p = g_utf8_next_char(p)) {
		if (*p == ' ' || *p == '\n' || !strncmp(p, "\xC2\xAD", 2))
			run = 0;
		else if (++run > 30)
			return 1;
	}
	if (b->attrs != NULL) {
		GSList *all = pango_attr_list_get_attributes(b->attrs);

		for (GSList *a = all; a; a = a->next)
			code |= ((PangoAttribute *)a->data)->klass->type ==
			    PANGO_ATTR_FAMILY;
		g_slist_free_full(all,
		    (GDestroyNotify)pango_attribute_destroy);
	}
	return code;
}

/*
 * Justify only where it stays even: when a line set ragged would have to
 * stretch its spaces by more than about a fifth of the line, the
 * paragraph stays ragged rather than open rivers around the rigid part.
 * Read off the justified layout (the same line breaks; a line's natural
 * width is its width less what its spaces were stretched by), so that an
 * even paragraph, the usual case, is laid out once.
 */
static void
justify_if_even(PangoLayout *l, double width)
{
	const char *text = pango_layout_get_text(l);
	int n = pango_layout_get_line_count(l);

	for (int i = 0; i + 1 < n; i++) {
		PangoLayoutLine *line = pango_layout_get_line_readonly(l, i);
		PangoLayoutLine *next = pango_layout_get_line_readonly(l,
		    i + 1);
		int end = line->start_index + line->length, spaces = 0;
		double stretch = 0;
		PangoRectangle log;

		if (next->is_paragraph_start)
			continue;
		for (int k = line->start_index; k < end; k++)
			spaces += text[k] == ' ';
		for (GSList *r = line->runs; r != NULL; r = r->next) {
			const PangoGlyphItem *run = r->data;
			const PangoGlyphString *gs = run->glyphs;

			for (int g = 0; g < gs->num_glyphs; g++) {
				int at = run->item->offset +
				    gs->log_clusters[g];
				PangoRectangle nat;

				/* The space that ends the line is not
				 * stretched. */
				if (text[at] != ' ' || at + 1 >= end)
					continue;
				pango_font_get_glyph_extents(
				    run->item->analysis.font,
				    gs->glyphs[g].glyph, NULL, &nat);
				stretch += gs->glyphs[g].geometry.width -
				    nat.width;
			}
		}
		pango_layout_line_get_extents(line, NULL, &log);
		/* A line of one long URL would be letter-spaced. */
		if ((log.width - stretch) / PANGO_SCALE < width * 0.82 ||
		    spaces == 0) {
			pango_layout_set_justify(l, FALSE);
			return;
		}
	}
}

/* Hyphenated line ends in a row, at most. */
#define MAX_HYPHENS 2

/*
 * Where more than MAX_HYPHENS lines in a row end in a hyphen, the break
 * of the last one is forbidden and the paragraph set again.
 */
static void
limit_hyphens(PangoLayout *l)
{
	const char *text = pango_layout_get_text(l);

	for (int pass = 0; pass < 32; pass++) {
		int n = pango_layout_get_line_count(l), run = 0, end = -1;

		for (int i = 0; i < n && end < 0; i++) {
			PangoLayoutLine *line = pango_layout_get_line_readonly(l,
			    i);
			int e = line->start_index + line->length;

			if (ends_in_hyphen(l, line))
				run++;
			else
				run = 0;
			if (run > MAX_HYPHENS)
				end = e;
		}
		if (end < 0)
			return;
		{
			PangoAttrList *al = pango_attr_list_copy(
			    pango_layout_get_attributes(l));

			/* Pango keeps a break at the end of the range: the
			 * range reaches into the character after. */
			attr_add(&al, pango_attr_allow_breaks_new(FALSE),
			    (size_t)end - 2, (size_t)(g_utf8_next_char(text +
			    end) - text));
			pango_layout_set_attributes(l, al);
			pango_attr_list_unref(al);
		}
	}
}

/*
 * Total fit over Pango's shaping: the paragraph is shaped once on one
 * long line, which gives each character's advance and every place UAX 14
 * (and the soft hyphens of hyphenation) allows a break, to which URLs,
 * paths and names add their own (urlbreak.c); Knuth-Plass picks the
 * breaks; Pango sets the text again with only those breaks allowed (so
 * scripts, bidi and the hyphen it shows stay its own; a paragraph of one
 * line stays as measured); and the lines are
 * justified here, on the word spaces and a little on the letters: spaces
 * inside inline code keep their width, and a second space in a row is set
 * as none.
 */

/* Per byte of a block's text: set as is (inline code, a shaped box). */
static unsigned char *
fixed_bytes(const struct block *b, size_t len)
{
	unsigned char *fixed = xcalloc(len + 1, 1);
	GSList *all;

	if (b->attrs == NULL)
		return fixed;
	all = pango_attr_list_get_attributes(b->attrs);
	for (GSList *a = all; a; a = a->next) {
		const PangoAttribute *at = a->data;
		PangoAttrType t = at->klass->type;

		if (t != PANGO_ATTR_FAMILY && t != PANGO_ATTR_SHAPE)
			continue;
		for (size_t i = at->start_index; i < at->end_index && i < len;
		    i++)
			fixed[i] |= t == PANGO_ATTR_SHAPE ? 2 : 1;
	}
	g_slist_free_full(all, (GDestroyNotify)pango_attribute_destroy);
	return fixed;
}

/* Whether text holds Han, kana or Hangul: set ragged, not justified on
 * its few spaces. */
static int
has_cjk(const char *text)
{
	for (const char *p = text; *p; p = g_utf8_next_char(p)) {
		gunichar c;

		if ((unsigned char)*p < 0xE1)
			continue;
		c = g_utf8_get_char(p);
		if ((c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xAC00 &&
		    c <= 0xD7AF) || (c >= 0xF900 && c <= 0xFAFF) ||
		    (c >= 0xFF00 && c <= 0xFFEF))
			return 1;
	}
	return 0;
}

/* A dash that starts a word (an option, "-WhatIf"): no break after it. */
static int
leading_dash(const char *text, size_t at)
{
	if (text[at] != '-')
		return 0;
	if (at == 0)
		return 1;
	return text[at - 1] == ' ' || text[at - 1] == '(' ||
	    text[at - 1] == '\n' || text[at - 1] == '-';
}

/* The width of each cluster of the one-line layout l, at its first byte. */
static double *
advances(PangoLayout *l, size_t len)
{
	double *adv = xcalloc(len + 1, sizeof(double));

	for (GSList *ln = pango_layout_get_lines_readonly(l); ln;
	    ln = ln->next) {
		const PangoLayoutLine *line = ln->data;

		for (GSList *r = line->runs; r; r = r->next) {
			const PangoGlyphItem *run = r->data;
			const PangoGlyphString *gs = run->glyphs;

			for (int g = 0; g < gs->num_glyphs; g++) {
				size_t at = (size_t)(run->item->offset +
				    gs->log_clusters[g]);

				if (at < len)
					adv[at] += (double)
					    gs->glyphs[g].geometry.width /
					    PANGO_SCALE;
			}
		}
	}
	return adv;
}

struct para_items {
	struct lb_item *it;
	size_t	*at;		/* per item: the byte a line after it starts */
	size_t	 n, cap;
};

static void
push(struct para_items *pi, struct lb_item item, size_t at)
{
	if (pi->n == pi->cap) {
		pi->cap = pi->cap ? pi->cap * 2 : 256;
		pi->it = xreallocarray(pi->it, pi->cap, sizeof(*pi->it));
		pi->at = xreallocarray(pi->at, pi->cap, sizeof(*pi->at));
	}
	pi->it[pi->n] = item;
	pi->at[pi->n++] = at;
}

/* A paragraph's last word is not hyphenated: its end alone on the last
 * line ("se-/curely.") reads as a mistake. */
static void
end_para(struct para_items *pi, size_t at)
{
	for (size_t k = pi->n; k-- > 0 && pi->it[k].type != LB_GLUE;)
		if (pi->it[k].type == LB_PENALTY && pi->it[k].flagged)
			pi->it[k].penalty = LB_INF;
	push(pi, (struct lb_item){ .type = LB_GLUE, .stretch = LB_FILL }, at);
	push(pi, (struct lb_item){ .type = LB_PENALTY, .penalty = -LB_INF },
	    at);
}

/* Per byte of the text: the penalty of a break before it inside a URL,
 * a path or a long code token (urlbreak.c), NAN where Pango's breaks
 * stand; the letters of a URL or path are marked stretchable in fixed. */
static double *
word_breaks(const char *text, size_t len, unsigned char *fixed)
{
	double *pen = xcalloc(len + 1, sizeof(double));

	for (size_t i = 0; i <= len; i++)
		pen[i] = NAN;
	for (size_t s = 0; s < len;) {
		size_t e = s;
		enum ub_kind k;

		if (text[s] == ' ' || text[s] == '\n') {
			s++;
			continue;
		}
		while (e < len && text[e] != ' ' && text[e] != '\n')
			e++;
		k = ub_kind(text + s, e - s, fixed[s] & 1);
		if (k != UB_NONE) {
			ub_breaks(text + s, e - s, k, pen + s);
			pen[s] = NAN;	/* the word's start: Pango's */
			for (size_t i = s; k == UB_URL && i < e; i++)
				fixed[i] |= 4;
		}
		s = e;
	}
	return pen;
}

/* Boxes, glue and penalties of text, from the one-line layout's
 * advances and break opportunities; letters stretch a little (the
 * letters of a URL more: url.sty's Urlmuskip). */
#define URL_STRETCH (1.0 / 40)
#define LETTER_STRETCH 0.02
/* The most a letter widens, as pdfTeX's font expansion has a limit: a
 * looser line (one the breaker could not avoid) opens its word spaces
 * instead, for letter-spaced lowercase reads as emphasis (Sperrsatz).
 * 5 %: at 3 % or 4 % the letters look no different, and a list item of
 * the real blog that cannot break otherwise goes over 0.7 em. */
#define LETTER_MAX 0.05
#define LETTER_LIMIT (LETTER_MAX / LETTER_STRETCH)

/*
 * What the glyph at byte at (width w) stretches by at a ratio of 1, in
 * w's units, if it is a URL's letter (url) or another's (!url): a URL's
 * letter URL_STRETCH ems (em in those units), any other letter
 * LETTER_STRETCH of its width, as a compositor's "letter spacing" or
 * pdfTeX's font expansion lets a line fill with word spaces less open;
 * none after a word's last letter (its space widens instead) nor in
 * code, which is set as typed. end: the line's end, or len.
 */
static double
letter_stretch(const char *text, size_t at, size_t end,
    const unsigned char *fixed, double w, double em, int url)
{
	size_t next = (size_t)(g_utf8_next_char(text + at) - text);

	if (text[at] == ' ' || text[at] == '\n' || (fixed[at] & 3) ||
	    next >= end || text[next] == ' ' || text[next] == '\n' ||
	    !(fixed[at] & 4) != !url)
		return 0;
	return url ? em * URL_STRETCH : w * LETTER_STRETCH;
}

static void
para_items(const char *text, size_t len, const double *adv,
    const PangoLogAttr *la, int nla, const unsigned char *fixed,
    const double *inword, double em, struct para_items *pi)
{
	int ci = 0, box = 0;

	for (size_t bi = 0; bi < len; ci++) {
		gunichar c = g_utf8_get_char(text + bi);
		size_t next = (size_t)(g_utf8_next_char(text + bi) - text);
		int brk = ci + 1 < nla && la[ci + 1].is_line_break;

		if (c == '\n' || c == 0x2029) {
			end_para(pi, next);
			box = 0;
		} else if (c == ' ') {
			/* a run of spaces: one glue */
			double w = adv[bi];
			int code = fixed[bi] & 1;
			size_t e = next;

			while (text[e] == ' ') {
				if (code)
					w += adv[e];
				e++;
				ci++;
				brk = ci + 1 < nla && la[ci + 1].is_line_break;
			}
			if (!brk || text[e] == '\0' || text[e] == '\n')
				push(pi, (struct lb_item){ .type = LB_PENALTY,
				    .penalty = LB_INF }, e);
			push(pi, (struct lb_item){ .type = LB_GLUE,
			    .width = w, .stretch = code ? 0 : w / 2,
			    .shrink = code ? 0 : w / 3 }, e);
			box = 0;
			next = e;
		} else {
			int hy = c == 0xAD || c == '-' || c == 0x2010;
			double pen = hy ? 50 : 100;

			if (!box) {
				push(pi, (struct lb_item){ .type = LB_BOX },
				    bi);
				box = 1;
			}
			pi->it[pi->n - 1].width += adv[bi];
			pi->it[pi->n - 1].stretch += letter_stretch(text, bi,
			    len, fixed, adv[bi], em, 1);
			pi->it[pi->n - 1].lstretch += letter_stretch(text, bi,
			    len, fixed, adv[bi], em, 0);
			if (!isnan(inword[next])) {
				/* a URL's or a name's own break shows no
				 * hyphen; one that splits a part of it (not
				 * at punctuation) counts as a hyphen does */
				brk = inword[next] < LB_INF;
				pen = inword[next];
				hy = pen > UB_PUNCT;
			} else
				brk = brk && !(fixed[bi] & 2 &&
				    fixed[next] & 2) && !leading_dash(text, bi);
			if (brk && text[next] != ' ' && text[next] != '\0' &&
			    text[next] != '\n') {
				/* a break inside a word: at a hyphen,
				 * flagged (a soft one shows a hyphen, about
				 * a third of an em); elsewhere (after a
				 * slash, a dash) dearer */
				push(pi, (struct lb_item){ .type = LB_PENALTY,
				    .flagged = hy, .penalty = pen,
				    .width = c == 0xAD ? em / 3 : 0 }, next);
				box = 0;
			}
		}
		bi = next;
	}
	end_para(pi, len);
}

/* Sets the word spaces of each line but a paragraph's last so that the
 * line fills width; its letters take their share of a stretch, up to
 * their limit, as they did in the breaking. */
static void
justify_lines(PangoLayout *l, double width, const unsigned char *fixed,
    double em)
{
	const char *text = pango_layout_get_text(l);
	GSList *lines = pango_layout_get_lines(l);

	for (GSList *ln = lines; ln; ln = ln->next) {
		PangoLayoutLine *line = ln->data;
		int s = line->start_index, e = s + line->length, last = e;
		int natural = 0, spaces = 0;
		double letters = 0, urls = 0, lr;
		int final = ln->next == NULL ||
		    ((PangoLayoutLine *)ln->next->data)->is_paragraph_start;
		double r;

		while (last > s && (text[last - 1] == ' ' ||
		    text[last - 1] == '\n'))
			last--;
		for (GSList *rn = line->runs; rn; rn = rn->next) {
			PangoGlyphItem *run = rn->data;
			PangoGlyphString *gs = run->glyphs;

			for (int g = 0; g < gs->num_glyphs; g++) {
				int at = run->item->offset +
				    gs->log_clusters[g];
				PangoGlyphGeometry *geo = &gs->glyphs[g].geometry;

				if (text[at] == ' ' && at > 0 &&
				    text[at - 1] == ' ' && !(fixed[at] & 1))
					geo->width = 0;	/* a double space */
				if (at >= last)
					continue;
				natural += geo->width;
				if (text[at] == ' ' && !(fixed[at] & 1))
					spaces += geo->width;
				letters += letter_stretch(text, (size_t)at,
				    (size_t)last, fixed, geo->width,
				    em * PANGO_SCALE, 0);
				urls += letter_stretch(text, (size_t)at,
				    (size_t)last, fixed, geo->width,
				    em * PANGO_SCALE, 1);
			}
		}
		if (final || (spaces <= 0 && letters + urls <= 0))
			continue;
		/* the ratio of the line's stretch (half a space, a URL's
		 * letter; a letter's up to its limit) or shrink (a third of a
		 * space, letters none) */
		r = width * PANGO_SCALE - natural;
		r = r > 0 ? lb_stretch_ratio(r, spaces / 2.0 + urls, letters,
		    LETTER_LIMIT) : r / (spaces / 3.0);
		lr = r < LETTER_LIMIT ? r : LETTER_LIMIT;
		/* A line the emergency pass left nearly empty (beside a long
		 * URL) stays ragged rather than open a gap readers take for a
		 * column break: spaces stretch to five times their width. */
		if (!isfinite(r) || r > 8)
			continue;
		for (GSList *rn = line->runs; rn; rn = rn->next) {
			PangoGlyphItem *run = rn->data;
			PangoGlyphString *gs = run->glyphs;

			for (int g = 0; g < gs->num_glyphs; g++) {
				int at = run->item->offset +
				    gs->log_clusters[g];
				PangoGlyphGeometry *geo = &gs->glyphs[g].geometry;

				if (text[at] == ' ' && at < last &&
				    !(fixed[at] & 1))
					geo->width += (int)lround(geo->width *
					    r / (r > 0 ? 2 : 3));
				else if (r > 0 && at < last)
					geo->width += (int)lround(r *
					    letter_stretch(text, (size_t)at,
					    (size_t)last, fixed, geo->width,
					    em * PANGO_SCALE, 1) + lr *
					    letter_stretch(text, (size_t)at,
					    (size_t)last, fixed, geo->width,
					    em * PANGO_SCALE, 0));
			}
		}
	}
}

/* The longest paragraph broken by total fit, bytes (a few pages). */
#define MAX_TOTAL_FIT 16384

static void
forbid_breaks(PangoAttrList *al, size_t from, size_t to)
{
	PangoAttribute *a;

	if (to <= from)
		return;
	a = pango_attr_allow_breaks_new(FALSE);
	a->start_index = (guint)from;
	a->end_index = (guint)to;
	pango_attr_list_insert(al, a);
}

/*
 * Every break of l's text but the lines' ends br (items of pi) is
 * forbidden, by ranges of allow_breaks off from one chosen break to the
 * next: Pango breaks where two ranges meet. Wrapping by characters, it
 * keeps no break of its own inside a range (wrapping by words, it keeps
 * those after a hyphen) and can break where UAX 14 has no break (inside
 * a URL); it shows a hyphen there unless told not to.
 */
static void
only_breaks(PangoLayout *l, const struct para_items *pi, const size_t *br,
    size_t lines)
{
	const char *text = pango_layout_get_text(l);
	size_t len = strlen(text), prev = 0;
	PangoAttrList *al = pango_attr_list_copy(pango_layout_get_attributes(l));

	for (size_t line = 0; line < lines; line++) {
		const struct lb_item *it = &pi->it[br[line]];
		size_t at = pi->at[br[line]];

		forbid_breaks(al, prev, at);
		prev = at;
		if (it->type == LB_PENALTY && it->penalty > -LB_INF &&
		    at >= 2 && at < len && !soft_hyphen(text + at - 2))
			attr_add(&al, pango_attr_insert_hyphens_new(FALSE),
			    (size_t)(g_utf8_prev_char(text + at) - text),
			    (size_t)(g_utf8_next_char(text + at) - text));
	}
	forbid_breaks(al, prev, len);
	pango_layout_set_attributes(l, al);
	pango_attr_list_unref(al);
	pango_layout_set_justify(l, FALSE);
	pango_layout_set_wrap(l, PANGO_WRAP_CHAR);
}

/*
 * Whether the paragraph of layout l, laid out on one line to be measured,
 * may stay so when its breaking finds one line: the same line as Pango
 * would make at the width with its end the only break (the same glyphs:
 * a last line is not stretched), placed alike as it runs left to right
 * (right to left, the width places it). Laid out again at the width, its
 * text would be shaped twice more.
 */
static int
stands_as_measured(PangoLayout *l)
{
	return pango_layout_get_line_count(l) == 1 &&
	    pango_layout_get_line_readonly(l, 0)->resolved_dir ==
	    PANGO_DIRECTION_LTR;
}

/*
 * Breaks the justified paragraph of layout l (made by measure_text, not
 * yet laid out) at width by total fit and justifies it. Returns 0, the
 * layout untouched but its width, when no breaks fit (a word wider than
 * the line): Pango's own breaking is left to do.
 */
static int
total_fit(PangoLayout *l, const struct block *b, double width, double em)
{
	const char *text = pango_layout_get_text(l);
	size_t len = strlen(text), *br = NULL, lines;
	unsigned char *fixed;
	double *adv, *ratio = NULL, *inword;
	const PangoLogAttr *la;
	int nla;
	struct para_items pi = { 0 };
	struct lb_params p;

	/* Pango's breaking slows with the square of the ranges that
	 * steer it: a paragraph of many pages is left to Pango alone. */
	if (len == 0 || len > MAX_TOTAL_FIT || has_cjk(text))
		return 0;
	fixed = fixed_bytes(b, len);
	pango_layout_set_width(l, -1);
	adv = advances(l, len);
	la = pango_layout_get_log_attrs_readonly(l, &nla);
	inword = word_breaks(text, len, fixed);
	para_items(text, len, adv, la, nla, fixed, inword, em, &pi);
	lb_defaults(&p);
	p.emergency = 2 * em;
	p.letter_limit = LETTER_LIMIT;
	lines = lb_break(pi.it, pi.n, width, &p, &br, &ratio);
	if (lines == 1 && stands_as_measured(l))
		/* Unwrapped, the layout is kept: no justification. */
		pango_layout_set_justify(l, FALSE);
	else {
		if (lines > 0)
			only_breaks(l, &pi, br, lines);
		pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	}
	/* Laid out again here, at width (unless it stands as measured);
	 * nothing may change it after. */
	if (lines > 0)
		justify_lines(l, width, fixed, em);
	free(br);
	free(ratio);
	free(pi.it);
	free(pi.at);
	free(adv);
	free(inword);
	free(fixed);
	return lines > 0;
}

static void
one_line(struct measured *m, double h)
{
	m->lines = xcalloc(1, sizeof(*m->lines));
	m->lines[0].height = h;
	m->nlines = 1;
}

void
measure_image_size(const struct measure_ctx *mc, const struct block *b,
    double avail, double cap_h, double *w, double *h)
{
	double maxh = mc->body * 0.92 - cap_h;

	*w = b->px_w * PT_PER_PX;
	*h = b->px_h * PT_PER_PX;
	if (*w > avail) {
		*h *= avail / *w;
		*w = avail;
	}
	/* Never taller than a page can hold with its caption. */
	if (*h > maxh && maxh > 0) {
		*w *= maxh / *h;
		*h = maxh;
	}
}

static void
measure_image(const struct measure_ctx *mc, const struct block *b,
    struct measured *m, double avail)
{
	const struct style *st = mc->st;
	double w, h, cap_h = 0;

	if (st->captions && b->text && *b->text) {
		m->caption = measure_text(mc, ROLE_CAPTION, b->text, NULL,
		    avail);
		pango_layout_set_alignment(m->caption, PANGO_ALIGN_CENTER);
		cap_h = CAPTION_GAP + st->role[ROLE_CAPTION].leading *
		    pango_layout_get_line_count(m->caption);
	}
	measure_image_size(mc, b, avail, cap_h, &w, &h);
	m->img_w = w;
	m->img_h = h;
	m->x = (avail - w) / 2;
	m->width = w;
	one_line(m, h + cap_h);
}

/* A framed box of text: image placeholders and embedded media. */
static void
measure_box(const struct measure_ctx *mc, const struct block *b,
    struct measured *m, double avail)
{
	const struct role_style *r = &mc->st->role[ROLE_CAPTION];
	double pad = r->size * 0.6;
	size_t n;

	m->layout = measure_text(mc, ROLE_CAPTION, b->text, b->attrs,
	    avail - 2 * pad);
	n = measure_lines(m->layout, r->leading, &m->lines);
	free(m->lines);
	m->lines = NULL;
	m->x = 0;
	m->width = avail;
	m->pad = pad;
	one_line(m, r->leading * n + 2 * pad);
}

/* Sets l's type size, pt. */
static void
set_size(PangoLayout *l, double size)
{
	PangoFontDescription *fd = pango_font_description_copy(
	    pango_layout_get_font_description(l));

	pango_font_description_set_size(fd, (gint)(size * PANGO_SCALE));
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
}

/*
 * A listing whose lines would wrap is set smaller first (fit_step), so
 * that on narrow paper fewer lines break. Code is monospaced: its
 * widest line is its most columns (tabs to every fourth) times the
 * advance of a space, adv at the role's size, so no layout is made to
 * find it. Returns the size set.
 */
static double
code_fit(PangoLayout *l, const char *text, double size, int adv)
{
	int width = pango_layout_get_width(l);
	long cols = 0, most = 0;
	double fit;
	PangoTabArray *tabs;

	for (const char *p = text; ; p = g_utf8_next_char(p)) {
		if (*p == '\0' || *p == '\n') {
			most = cols > most ? cols : most;
			cols = 0;
			if (*p == '\0')
				break;
		} else if (*p == '\t')
			cols += 4 - cols % 4;
		else
			cols++;
	}
	fit = fit_step(size, (double)most * adv, width);
	if (fit == size)
		return size;
	set_size(l, fit);
	tabs = pango_tab_array_new_with_positions(1, FALSE, PANGO_TAB_LEFT,
	    (gint)(adv * 4 * fit / size));
	pango_layout_set_tabs(l, tabs);
	pango_tab_array_free(tabs);
	return fit;
}

/* The columns a character takes in a listing (a tab: see code_breaks). */
static long
code_columns(gunichar c)
{
	if (g_unichar_iszerowidth(c))
		return 0;
	return g_unichar_iswide(c) ? 2 : 1;
}

/* A listing's row may end after these: the end of a token. */
static int
code_boundary(char c)
{
	return c != '\0' && strchr(" ,(|;", c) != NULL;
}

/*
 * Where the lines of a listing wrap, chosen here rather than by Pango so
 * that a row ends at a token's end: after the last space, ',', '(', '|'
 * or ';' that fits, unless that leaves the row less than a third full;
 * else at its last column (before a space there). A continuation row's
 * text starts at its line's own indentation plus two columns (at most
 * half the row), and the row has the columns after that. Tabs go to every fourth column of a row. Returns
 * the number of breaks; *at (byte offsets in text, ascending: a row
 * starts there) and *hang (that row's indentation, columns) are new.
 */
static size_t
code_breaks(const char *text, long cols, size_t **at, long **hang)
{
	size_t n = 0, cap = 0;

	*at = NULL;
	*hang = NULL;
	if (cols < 8)
		return 0;
	for (const char *line = text; *line; ) {
		const char *p = line, *best = NULL, *rest;
		long indent = 0, width = cols, c = 0, best_c = 0, h;

		for (; *p == ' ' || *p == '\t'; p++)
			indent += *p == '\t' ? 4 - indent % 4 : 1;
		h = indent + 2 < cols / 2 ? indent + 2 : cols / 2;
		for (p = line; *p && *p != '\n' && *p != '\r'; ) {
			gunichar ch = g_utf8_get_char(p);
			long w = ch == '\t' ? 4 - c % 4 : code_columns(ch);
			const char *brk;
			long lead = 0;

			if (c + w <= width || c == 0) {
				c += w;
				p = g_utf8_next_char(p);
				if (code_boundary(*(p - 1))) {
					best = p;
					best_c = c;
				}
				continue;
			}
			/* A space that overruns ends its token there. */
			if (ch == ' ' || ch == '\t' || best == NULL ||
			    best_c * 3 < width)
				brk = p;
			else
				brk = best;
			for (rest = brk; *rest == ' ' || *rest == '\t'; rest++)
				;
			/* Pango would not let that space hang past the row's
			 * end: it leads the next row, which starts that much
			 * further left. */
			for (const char *sp = brk; *sp == ' '; sp++)
				lead++;
			if (*rest == '\n' || *rest == '\r' || *rest == '\0')
				break;
			if (n == cap) {
				cap = cap ? cap * 2 : 8;
				*at = xreallocarray(*at, cap, sizeof(**at));
				*hang = xreallocarray(*hang, cap, sizeof(**hang));
			}
			(*at)[n] = (size_t)(brk - text);
			(*hang)[n] = h > lead ? h - lead : 0;
			p = brk;
			width = cols - (*hang)[n++];
			c = 0;
			best = NULL;
		}
		/* Lines end as Pango's paragraphs do: at \n, \r\n or \r. */
		p += strcspn(p, "\r\n");
		if (*p == '\0')
			break;
		line = p + (p[0] == '\r' && p[1] == '\n' ? 2 : 1);
	}
	return n;
}

static gboolean
inserts_hyphens(PangoAttribute *a, gpointer data)
{
	(void)data;
	return a->klass->type == PANGO_ATTR_INSERT_HYPHENS;
}

/*
 * Lays out a listing's rows (code_breaks chose them) without a width:
 * Pango shapes each row once, where at a width it shapes a row that fits
 * twice. Unwrapped, no line ends where a hyphen could show, so the
 * attribute that keeps hyphens off goes too (Pango applies it to the rest
 * of the text at every row). At the width again, with it, only when a
 * row would not fit there (Pango wraps it) or runs right to left (the
 * width places it); letter-spaced code (tracked) is left at its width, as
 * the spacing moves glyphs after the fitting.
 */
static void
lay_out_rows(PangoLayout *l, int tracked)
{
	int width = pango_layout_get_width(l);
	PangoAttrList *all = pango_layout_get_attributes(l), *rest, *hy;

	if (width < 0 || tracked || all == NULL)
		return;
	all = pango_attr_list_ref(all);
	rest = pango_attr_list_copy(all);
	hy = pango_attr_list_filter(rest, inserts_hyphens, NULL);
	if (hy != NULL)
		pango_attr_list_unref(hy);
	pango_layout_set_attributes(l, rest);
	pango_attr_list_unref(rest);
	pango_layout_set_width(l, -1);
	for (GSList *ln = pango_layout_get_lines_readonly(l); ln != NULL;
	    ln = ln->next) {
		PangoLayoutLine *line = ln->data;
		PangoRectangle log;

		pango_layout_line_get_extents(line, NULL, &log);
		if (log.width > width ||
		    line->resolved_dir != PANGO_DIRECTION_LTR) {
			pango_layout_set_attributes(l, all);
			pango_layout_set_width(l, width);
			break;
		}
	}
	pango_attr_list_unref(all);
}

/*
 * Sets the rows code_breaks chose: a newline goes into the layout's text
 * at each break (its attributes move with the text), and each
 * continuation row is marked wrapped (para 0) and moved to its
 * indentation. Pango still wraps a row that overruns (a glyph wider
 * than the font's columns) two columns in.
 */
static void
code_rows(PangoLayout *l, const size_t *at, const long *hang, size_t n,
    double leading, double adv, int tracked, struct measured *m)
{
	const char *text = pango_layout_get_text(l);
	size_t len = strlen(text), k = 0;
	char *wrapped = xmalloc(len + n + 1), *q = wrapped;
	PangoAttrList *al = pango_layout_get_attributes(l);
	GSList *rows;
	int para = 0;

	al = al != NULL ? pango_attr_list_copy(al) : pango_attr_list_new();
	for (size_t i = 0, from = 0; i <= n; i++) {
		size_t to = i < n ? at[i] : len;

		memcpy(q, text + from, to - from);
		q += to - from;
		if (i < n) {
			*q++ = '\n';
			pango_attr_list_update(al, (int)(at[i] + i), 0, 1);
		}
		from = to;
	}
	*q = '\0';
	pango_layout_set_text(l, wrapped, -1);
	pango_layout_set_attributes(l, al);
	pango_attr_list_unref(al);
	free(wrapped);
	lay_out_rows(l, tracked);
	m->nlines = measure_lines(l, leading, &m->lines);
	rows = pango_layout_get_lines_readonly(l);
	for (size_t i = 0; i < m->nlines && rows != NULL; i++,
	    rows = rows->next) {
		PangoLayoutLine *row = rows->data;

		if (!row->is_paragraph_start) {
			m->lines[i].para = 0;
			continue;
		}
		if (k < n && (size_t)row->start_index == at[k] + k + 1) {
			m->lines[i].para = 0;
			m->lines[i].x += adv * (double)hang[k++];
		} else
			m->lines[i].para = ++para;
	}
}

static void
measure_code(const struct measure_ctx *mc, const struct block *b,
    struct measured *m, double avail)
{
	const struct style *st = mc->st;
	const struct role_style *r = &st->role[ROLE_CODE];
	double pad = st->code_padding, size, adv;
	PangoTabArray *tabs;
	PangoRectangle ink;
	PangoLayout *probe;
	size_t n, *at;
	long *hang;

	m->pad = pad;
	if (b->linenos) {
		/* As wide as the last number shown (linenostart is 0 or
		 * more). */
		long last = 1 + (long)count_newlines(b->text,
		    strlen(b->text)) + b->lineno_offset;
		int digits = 1;

		for (long n = 10; n <= last; n *= 10)
			digits++;
		m->gutter = r->size * 0.62 * digits + pad * 2;
	}
	m->x = 0;
	m->width = avail;
	m->layout = measure_text(mc, ROLE_CODE, b->text, b->attrs,
	    avail - 2 * pad - m->gutter);
	probe = measure_text(mc, ROLE_CODE, " ", NULL, -1);
	pango_layout_get_extents(probe, NULL, &ink);
	tabs = pango_tab_array_new_with_positions(1, FALSE, PANGO_TAB_LEFT,
	    ink.width * 4);
	pango_layout_set_tabs(m->layout, tabs);
	pango_tab_array_free(tabs);
	g_object_unref(probe);
	size = code_fit(m->layout, b->text, r->size, ink.width);
	adv = (double)ink.width / PANGO_SCALE * size / r->size;
	/* A wrapped row goes on two columns in, its continuation mark in
	 * those columns: inside the code, never in the gutter. */
	pango_layout_set_indent(m->layout, -(int)(2 * adv * PANGO_SCALE));
	n = code_breaks(b->text, (long)floor((avail - 2 * pad - m->gutter) /
	    adv + 1e-6), &at, &hang);
	if (n > 0)
		code_rows(m->layout, at, hang, n, r->leading * size / r->size,
		    adv, r->tracking > 0, m);
	else {
		lay_out_rows(m->layout, r->tracking > 0);
		m->nlines = measure_lines(m->layout, r->leading * size /
		    r->size, &m->lines);
	}
	free(at);
	free(hang);
}

/*
 * Keeps l from breaking at its text's soft hyphens (hyphenation points):
 * its words break at spaces only.
 */
static void
no_hyphenation(PangoLayout *l)
{
	const char *text = pango_layout_get_text(l);
	PangoAttrList *keep = pango_layout_get_attributes(l);
	PangoAttrList *al = keep ? pango_attr_list_copy(keep) :
	    pango_attr_list_new();

	for (const char *p = text; (p = strstr(p, "\xC2\xAD")) != NULL;
	    p += 2)
		attr_add(&al, pango_attr_allow_breaks_new(FALSE),
		    (size_t)(p - text), (size_t)(g_utf8_next_char(p + 2) -
		    text));
	pango_layout_set_attributes(l, al);
	pango_attr_list_unref(al);
}

/*
 * Whether the laid-out l is one line with no break opportunity inside:
 * no width can break it, so its least width is its natural one.
 */
static int
unbreakable(PangoLayout *l)
{
	const PangoLogAttr *la;
	int n;

	if (pango_layout_get_line_count(l) != 1)
		return 0;
	la = pango_layout_get_log_attrs_readonly(l, &n);
	for (int i = 1; i < n - 1; i++)
		if (la[i].is_line_break)
			return 0;
	return 1;
}

/*
 * Least and natural widths of a cell's text, pt: the least is its widest
 * word, whole (hyphenation is for when columns cannot be that wide).
 */
static void
cell_widths(PangoLayout *l, double *min, double *pref)
{
	PangoAttrList *keep = pango_layout_get_attributes(l);
	PangoRectangle log;

	if (keep != NULL)
		pango_attr_list_ref(keep);
	no_hyphenation(l);
	pango_layout_set_width(l, -1);
	pango_layout_get_extents(l, NULL, &log);
	*pref = (double)log.width / PANGO_SCALE;
	/* One word: at width 0 it would be laid out again, the same. */
	if (unbreakable(l))
		*min = *pref;
	else {
		/* At width 0 every word stands on a line of its own. */
		pango_layout_set_wrap(l, PANGO_WRAP_WORD);
		pango_layout_set_width(l, 0);
		pango_layout_get_extents(l, NULL, &log);
		*min = (double)log.width / PANGO_SCALE;
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	}
	pango_layout_set_attributes(l, keep);
	if (keep != NULL)
		pango_attr_list_unref(keep);
}

/*
 * Lays out the cells of t at size (the header row bold) into cells,
 * made anew, and finds each one's least width (cmin) and each column's
 * least and natural widths (minw, prefw). Returns the sum of the
 * columns' least widths.
 */
static double
table_cells(const struct measure_ctx *mc, const struct table *t,
    double size, PangoLayout **cells, double *cmin, double *minw,
    double *prefw)
{
	size_t nc = t->ncols;
	double sum = 0;

	memset(minw, 0, nc * sizeof(double));
	memset(prefw, 0, nc * sizeof(double));
	for (size_t i = 0; i < t->nrows * nc; i++) {
		const struct table_cell *c = &t->cells[i];
		double pf;

		if (cells[i])
			g_object_unref(cells[i]);
		cells[i] = measure_text(mc, ROLE_TABLE, c->text, c->attrs, -1);
		if (i < nc) {
			PangoAttrList *al = pango_attr_list_copy(
			    pango_layout_get_attributes(cells[i]));

			pango_attr_list_insert_before(al,
			    pango_attr_weight_new(PANGO_WEIGHT_BOLD));
			pango_layout_set_attributes(cells[i], al);
			pango_attr_list_unref(al);
		}
		if (size != mc->st->role[ROLE_TABLE].size)
			set_size(cells[i], size);
		cell_widths(cells[i], &cmin[i], &pf);
		if (cmin[i] > minw[i % nc])
			minw[i % nc] = cmin[i];
		if (pf > prefw[i % nc])
			prefw[i % nc] = pf;
	}
	for (size_t c = 0; c < nc; c++)
		sum += minw[c];
	return sum;
}

/* Widths within this of a cell's widest word hold it (rounding). */
#define CELL_SLACK 0.05

static void
measure_table(const struct measure_ctx *mc, const struct block *b,
    struct measured *m, double avail)
{
	const struct table *t = b->table;
	const struct role_style *r = &mc->st->role[ROLE_TABLE];
	struct mtable *mt = xcalloc(1, sizeof(*mt));
	size_t nc = t->ncols;
	double *minw = xcalloc(nc, sizeof(double));
	double *prefw = xcalloc(nc, sizeof(double));
	double *cmin = xcalloc(t->nrows * nc, sizeof(double));
	double sum_min, sum_pref = 0, room, size = r->size, spread = 0;

	mt->ncols = nc;
	mt->nrows = t->nrows;
	mt->pad = r->size * 0.5;
	mt->cells = xcalloc(t->nrows * nc, sizeof(*mt->cells));
	mt->col_x = xcalloc(nc + 1, sizeof(double));
	room = avail - 2 * mt->pad * (double)nc;
	sum_min = table_cells(mc, t, size, mt->cells, cmin, minw, prefw);
	/*
	 * Too narrow for some word, whole: spread into the margins, evenly,
	 * as far as half of them; then set the table smaller (fit_step, as
	 * code) until every word fits; at the floor, let words break.
	 */
	if (sum_min > room) {
		spread = (mc->st->page_w - mc->column) / 2;
		if (spread > sum_min - room)
			spread = sum_min - room;
		if (spread < 0)
			spread = 0;
		room += spread;
	}
	while (sum_min > room) {
		double fit = fit_step(size, sum_min, room);

		if (fit >= size)
			break;
		size = fit;
		sum_min = table_cells(mc, t, size, mt->cells, cmin, minw,
		    prefw);
	}
	for (size_t c = 0; c < nc; c++)
		sum_pref += prefw[c];
	if (sum_min > room)
		fit_share(minw, nc, room);
	for (size_t c = 0; c < nc; c++) {
		double w;

		if (sum_pref <= room)
			w = prefw[c];
		else if (sum_min <= room)
			w = minw[c] + (prefw[c] - minw[c]) *
			    (room - sum_min) / (sum_pref - sum_min);
		else
			w = minw[c];
		mt->col_x[c + 1] = mt->col_x[c] + w + 2 * mt->pad;
	}
	m->x = -spread / 2;
	m->width = mt->col_x[nc];
	m->nlines = t->nrows;
	m->lines = xcalloc(t->nrows, sizeof(*m->lines));
	for (size_t row = 0; row < t->nrows; row++) {
		double h = 0;

		for (size_t c = 0; c < nc; c++) {
			size_t i = row * nc + c;
			PangoLayout *l = mt->cells[i];
			PangoRectangle log;
			double cw = mt->col_x[c + 1] - mt->col_x[c] -
			    2 * mt->pad;

			/* Words that fit the column whole are not
			 * hyphenated; a cell whose word must break keeps
			 * room for the hyphen Pango shows beyond the width
			 * (aligned right or centred, it may hang). */
			if (cmin[i] <= cw + CELL_SLACK) {
				no_hyphenation(l);
				cw += CELL_SLACK;
			} else if (t->cells[i].align == ALIGN_LEFT &&
			    strstr(t->cells[i].text, "\xC2\xAD"))
				cw -= size * 0.4;
			pango_layout_set_width(l, (int)(cw * PANGO_SCALE));
			pango_layout_set_alignment(l,
			    t->cells[i].align == ALIGN_CENTER ?
			    PANGO_ALIGN_CENTER :
			    t->cells[i].align == ALIGN_RIGHT ?
			    PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
			pango_layout_get_extents(l, NULL, &log);
			if ((double)log.height / PANGO_SCALE > h)
				h = (double)log.height / PANGO_SCALE;
		}
		m->lines[row].height = h + 2 * mt->pad;
		m->lines[row].top = row ? m->lines[row - 1].top +
		    m->lines[row - 1].height : 0;
	}
	m->table = mt;
	free(minw);
	free(prefw);
	free(cmin);
}

void
measure_block(const struct measure_ctx *mc, const struct block *b,
    struct measured *m)
{
	const struct role_style *r = &mc->st->role[b->role];
	double avail = mc->column - b->indent;

	memset(m, 0, sizeof(*m));
	if (avail < 36)
		avail = 36;
	switch (b->kind) {
	case BLOCK_TEXT:
		if (b->boxed) {
			/* An editor's note: text inset in a tinted box. */
			m->pad = r->size * 0.7;
			m->x = m->pad * 1.5;
			avail -= m->pad * 3;
		}
		if (b->leader != NULL)
			avail -= r->size * 3.5;	/* room for the page number */
		m->layout = measure_text(mc, b->role, b->text, b->attrs, avail);
		if (b->hang > 0)
			pango_layout_set_indent(m->layout,
			    -(int)(b->hang * PANGO_SCALE));
		if (b->align == ALIGN_CENTER || b->align == ALIGN_RIGHT) {
			/* As the source asks, ragged: room kept for a hyphen
			 * Pango would show past the width. */
			pango_layout_set_justify(m->layout, FALSE);
			pango_layout_set_alignment(m->layout,
			    b->align == ALIGN_CENTER ? PANGO_ALIGN_CENTER :
			    PANGO_ALIGN_RIGHT);
			if (strstr(b->text, "\xC2\xAD") != NULL)
				pango_layout_set_width(m->layout, (int)((avail -
				    r->size * 0.4) * PANGO_SCALE));
		} else if (r->align == ALIGN_JUSTIFY &&
		    total_fit(m->layout, b, avail, r->size))
			;
		else {
			if (r->align == ALIGN_JUSTIFY && rigid(b))
				justify_if_even(m->layout, avail);
			limit_hyphens(m->layout);
		}
		m->width = avail;
		if (b->level > 0 || b->role == ROLE_TITLE ||
		    b->role == ROLE_COVER_TITLE) {
			double w = balance(m->layout, avail);

			/* Centred text stays centred on the column. */
			if (r->align == ALIGN_CENTER)
				m->x = (avail - w) / 2;
			else if (r->align == ALIGN_RIGHT)
				m->x = avail - w;
		}
		m->nlines = measure_lines(m->layout, r->leading, &m->lines);
		/* Read off the final layout: asked before the breaking, it
		 * would lay the paragraph out once more for nothing. */
		m->rtl = pango_layout_get_line_readonly(m->layout,
		    0)->resolved_dir == PANGO_DIRECTION_RTL;
		break;
	case BLOCK_CODE:
		measure_code(mc, b, m, avail);
		break;
	case BLOCK_RULE:
		m->width = avail;
		one_line(m, 1);
		break;
	case BLOCK_IMAGE:
		if (block_has_picture(b))
			measure_image(mc, b, m, avail);
		else
			measure_box(mc, b, m, avail);
		break;
	case BLOCK_EMBED:
		measure_box(mc, b, m, avail);
		break;
	case BLOCK_TABLE:
		measure_table(mc, b, m, avail);
		break;
	case BLOCK_SPACE:
		m->width = avail;
		one_line(m, b->space_before);
		break;
	}
	if (b->marker != NULL)
		m->marker = measure_text(mc, b->role, b->marker, NULL, -1);
}

void
measured_free(struct measured *m)
{
	if (m->layout)
		g_object_unref(m->layout);
	if (m->marker)
		g_object_unref(m->marker);
	if (m->caption)
		g_object_unref(m->caption);
	if (m->table) {
		for (size_t i = 0; i < m->table->nrows * m->table->ncols; i++)
			g_object_unref(m->table->cells[i]);
		free(m->table->cells);
		free(m->table->col_x);
		free(m->table);
	}
	free(m->lines);
	memset(m, 0, sizeof(*m));
}
