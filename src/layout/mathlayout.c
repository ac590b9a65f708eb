/*
 * mathlayout.c - TeX's math typesetting (The TeXbook, appendix G) with
 * the OpenType MATH table's constants in place of TeX's font parameters,
 * as the OpenType specification and LuaTeX do it. Simplified where blogs
 * do not notice: no kerning of scripts into their nucleus, no italic
 * correction between letters, inner spacing of \left..\right as a plain
 * row.
 *
 * Boxes are built bottom-up: every node gives a box with its origin on
 * its baseline at the left; a parent copies its children's glyphs and
 * rules in, shifted (y grows downwards, as on the page).
 */
#include "mathlayout.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hb-ot.h>

#include "diag.h"
#include "util.h"

enum { ST_D, ST_T, ST_S, ST_SS };

/* Fonts other than the math font that glyphs came from: the box will
 * hold them. */
struct others {
	PangoFont **v;
	size_t	 n;
};

struct mctx {
	PangoContext *pc;
	hb_font_t *hb;		/* the face at its design units */
	PangoFont *fonts[3];	/* text, script and scriptscript sizes */
	double	 unit[3];	/* pt per design unit at each size */
	double	 size;		/* the text size, pt */
	struct others *others;	/* fonts characters the math font lacks
				   came from */
	double	 middle;	/* how tall \middle delimiters are (the
				   size of their \left..\right), pt */
};

/* Size index of a style: text, script, scriptscript. */
static int
level(int style)
{
	return style <= ST_T ? 0 : style - 1;
}

static double
konst(const struct mctx *c, hb_ot_math_constant_t k, int style)
{
	return hb_ot_math_get_constant(c->hb, k) * c->unit[level(style)];
}

static double
em(const struct mctx *c, int style)
{
	return c->size * c->unit[level(style)] / c->unit[0];
}

/* ---- boxes ---- */

static struct mbox *
box_new(void)
{
	struct mbox *b = xcalloc(1, sizeof(*b));

	b->refs = 1;
	return b;
}

void
mbox_unref(struct mbox *b)
{
	if (b == NULL || --b->refs > 0)
		return;
	for (int i = 0; i < 3; i++)
		if (b->fonts[i] != NULL)
			g_object_unref(b->fonts[i]);
	for (size_t i = 0; i < b->nothers; i++)
		g_object_unref(b->others[i]);
	free(b->others);
	free(b->glyphs);
	free(b->rules);
	free(b);
}

/* Copies src's glyphs and rules into dst, src's origin at (dx, dy). */
static void
put(struct mbox *dst, const struct mbox *src, double dx, double dy)
{
	if (src->nglyphs > 0) {
		dst->glyphs = xreallocarray(dst->glyphs, dst->nglyphs +
		    src->nglyphs, sizeof(*dst->glyphs));
		for (size_t i = 0; i < src->nglyphs; i++) {
			struct mglyph g = src->glyphs[i];

			g.x += dx;
			g.y += dy;
			dst->glyphs[dst->nglyphs++] = g;
		}
	}
	if (src->nrules > 0) {
		dst->rules = xreallocarray(dst->rules, dst->nrules +
		    src->nrules, sizeof(*dst->rules));
		for (size_t i = 0; i < src->nrules; i++) {
			struct mrule r = src->rules[i];

			r.x += dx;
			r.y += dy;
			dst->rules[dst->nrules++] = r;
		}
	}
}

/* Puts src into dst at (dx, raised by up) and frees src; dst's height
 * and depth grow to hold it. */
static void
place(struct mbox *dst, struct mbox *src, double dx, double up)
{
	put(dst, src, dx, -up);
	if (src->ascent + up > dst->ascent)
		dst->ascent = src->ascent + up;
	if (src->descent - up > dst->descent)
		dst->descent = src->descent - up;
	mbox_unref(src);
}

static void
rule(struct mbox *b, double x, double top, double w, double h)
{
	b->rules = xreallocarray(b->rules, b->nrules + 1, sizeof(*b->rules));
	b->rules[b->nrules++] = (struct mrule){ x, -top, w, h, 0 };
	if (top > b->ascent)
		b->ascent = top;
	if (h - top > b->descent)
		b->descent = h - top;
}

/* ---- glyphs ---- */

static void
utf8(char *out, uint32_t cp)
{
	struct buf b = {0};

	buf_put_utf8(&b, cp);
	snprintf(out, 8, "%s", b.data);
	buf_free(&b);
}

/* Adds glyph g of font pf (hb: its face at design units, u pt each) at
 * (x, raised by up); text is what it stands for (0: a piece of the glyph
 * before). */
static void
put_glyph(struct mbox *b, PangoFont *pf, hb_font_t *hb, double u,
    hb_codepoint_t g, double x, double up, uint32_t text)
{
	hb_glyph_extents_t ext;
	struct mglyph *mg;

	b->glyphs = xreallocarray(b->glyphs, b->nglyphs + 1,
	    sizeof(*b->glyphs));
	mg = &b->glyphs[b->nglyphs++];
	mg->font = pf;
	mg->glyph = g;
	mg->x = x;
	mg->y = -up;
	mg->color = 0;
	mg->text[0] = '\0';
	if (text != 0)
		utf8(mg->text, text);
	if (hb_font_get_glyph_extents(hb, g, &ext)) {
		double top = ext.y_bearing * u + up;
		double bottom = -(ext.y_bearing + ext.height) * u - up;

		if (top > b->ascent)
			b->ascent = top;
		if (bottom > b->descent)
			b->descent = bottom;
	}
}

/* Glyph g of the math font at style's size. */
static void
add_glyph(const struct mctx *c, struct mbox *b, hb_codepoint_t g,
    int style, double x, double up, uint32_t text)
{
	put_glyph(b, c->fonts[level(style)], c->hb, c->unit[level(style)], g,
	    x, up, text);
}

/*
 * A character the math font lacks (CJK in \text, an emoji): from the
 * font the text's fallbacks find for it, upright, on the baseline. NULL
 * when no font has it.
 */
static struct mbox *
other_glyph(const struct mctx *c, uint32_t cp, int style)
{
	double size = em(c, style);
	PangoFontDescription *fd = pango_font_description_from_string("serif");
	PangoFontset *fs;
	PangoFont *pf;
	hb_font_t *hb;
	hb_face_t *face;
	hb_codepoint_t g = 0;
	struct mbox *b = NULL;

	pango_font_description_set_size(fd, (gint)(size * PANGO_SCALE + 0.5));
	fs = pango_context_load_fontset(c->pc, fd, NULL);
	pango_font_description_free(fd);
	pf = fs ? pango_fontset_get_font(fs, cp) : NULL;
	if (fs)
		g_object_unref(fs);
	if (pf == NULL)
		return NULL;
	face = hb_font_get_face(pango_font_get_hb_font(pf));
	hb = hb_font_create(face);
	if (hb_font_get_nominal_glyph(hb, cp, &g) && g != 0) {
		double u = size / hb_face_get_upem(face);

		b = box_new();
		put_glyph(b, pf, hb, u, g, 0, 0, cp);
		b->width = hb_font_get_glyph_h_advance(hb, g) * u;
		c->others->v = xreallocarray(c->others->v, c->others->n + 1,
		    sizeof(*c->others->v));
		c->others->v[c->others->n++] = pf;
	} else
		g_object_unref(pf);
	hb_font_destroy(hb);
	return b;
}

static double
advance(const struct mctx *c, hb_codepoint_t g, int style)
{
	return hb_font_get_glyph_h_advance(c->hb, g) * c->unit[level(style)];
}

static hb_codepoint_t
glyph_of(const struct mctx *c, uint32_t cp)
{
	hb_codepoint_t g = 0;

	hb_font_get_nominal_glyph(c->hb, cp, &g);
	return g;
}

/* The glyph of cp drawn for style's size: the font's script forms
 * (feature ssty, 1 or 2) in scripts, as TeX has its 7 and 5 pt
 * designs. */
static hb_codepoint_t
sized_glyph(const struct mctx *c, uint32_t cp, int style)
{
	hb_feature_t ssty = { HB_TAG('s', 's', 't', 'y'), 0, 0, (unsigned)-1 };
	hb_buffer_t *buf;
	hb_codepoint_t g;

	if (level(style) == 0 || (g = glyph_of(c, cp)) == 0)
		return glyph_of(c, cp);
	ssty.value = (uint32_t)level(style);
	buf = hb_buffer_create();
	hb_buffer_add_codepoints(buf, &cp, 1, 0, 1);
	hb_buffer_set_direction(buf, HB_DIRECTION_LTR);
	hb_buffer_set_script(buf, HB_SCRIPT_COMMON);
	hb_shape(c->hb, buf, &ssty, 1);
	if (hb_buffer_get_length(buf) == 1)
		g = hb_buffer_get_glyph_infos(buf, NULL)[0].codepoint;
	hb_buffer_destroy(buf);
	return g;
}

/* ---- growing glyphs ---- */

/* Total size of glyph g along a direction, design units. */
static int
glyph_span(const struct mctx *c, hb_codepoint_t g, int vertical)
{
	hb_glyph_extents_t e;

	if (!vertical)
		return (int)hb_font_get_glyph_h_advance(c->hb, g);
	if (!hb_font_get_glyph_extents(c->hb, g, &e))
		return 0;
	return -e.height;
}

/*
 * Glyph cp grown to at least want pt along a direction (vertical: height
 * plus depth): the first variant that is long enough, else the glyphs of
 * its assembly, else its largest variant. A box with the glyph(s), its
 * baseline the glyph's own (vertical assemblies stand on it).
 */
static struct mbox *
grow(const struct mctx *c, uint32_t cp, double want, int vertical, int style)
{
	hb_direction_t dir = vertical ? HB_DIRECTION_BTT : HB_DIRECTION_LTR;
	hb_ot_math_glyph_variant_t var[16];
	hb_ot_math_glyph_part_t parts[16];
	hb_codepoint_t g = glyph_of(c, cp), best = g;
	double u = c->unit[level(style)];
	unsigned n = 16, np = 16, off = 0;
	struct mbox *b = box_new();
	hb_position_t ic = 0;
	int reps;

	if (glyph_span(c, g, vertical) * u < want) {
		for (;;) {
			unsigned got = hb_ot_math_get_glyph_variants(c->hb, g,
			    dir, off, &n, var);
			unsigned i;

			for (i = 0; i < n; i++) {
				best = var[i].glyph;
				if (var[i].advance * u >= want)
					break;
			}
			if (i < n || off + n >= got || n == 0)
				break;
			off += n;
			n = 16;
		}
	}
	if (glyph_span(c, best, vertical) * u >= want ||
	    hb_ot_math_get_glyph_assembly(c->hb, g, dir, 0, &np, parts,
	    &ic) == 0 || np == 0 || np > 16) {
		add_glyph(c, b, best, style, 0, 0, cp);
		b->width = advance(c, best, style);
		return b;
	}
	/* An assembly: extenders repeated until it is long enough. */
	{
		double o = hb_ot_math_get_min_connector_overlap(c->hb, dir) * u;
		double fixed = 0, ext = 0, pos = 0;
		int nfixed = 0, next = 0;

		for (unsigned i = 0; i < np; i++) {
			if (parts[i].flags & HB_OT_MATH_GLYPH_PART_FLAG_EXTENDER) {
				ext += parts[i].full_advance * u;
				next++;
			} else {
				fixed += parts[i].full_advance * u;
				nfixed++;
			}
		}
		for (reps = 0; reps < 64 && next > 0; reps++)
			if (fixed + reps * ext - (nfixed + reps * next - 1) *
			    o >= want)
				break;
		if (next == 0)
			reps = 0;
		for (unsigned i = 0; i < np; i++) {
			int k = parts[i].flags &
			    HB_OT_MATH_GLYPH_PART_FLAG_EXTENDER ? reps : 1;

			for (int j = 0; j < k; j++) {
				uint32_t t = b->nglyphs == 0 ? cp : 0;

				if (vertical)
					add_glyph(c, b, parts[i].glyph, style,
					    0, pos, t);
				else
					add_glyph(c, b, parts[i].glyph, style,
					    pos, 0, t);
				pos += parts[i].full_advance * u - o;
			}
		}
		b->width = vertical ? advance(c, parts[0].glyph, style) :
		    pos + o;
		if (vertical) {
			/* the parts stand on the baseline from their own
			 * origin: the assembly's bottom is the first part's */
			hb_glyph_extents_t e;

			if (hb_font_get_glyph_extents(c->hb, parts[0].glyph, &e))
				b->descent = -(e.y_bearing + e.height) * u;
		}
	}
	return b;
}

/* A delimiter cp at least want pt tall, centred on the axis. */
static struct mbox *
delimiter(const struct mctx *c, uint32_t cp, double want, int style)
{
	struct mbox *g, *b;
	double axis = konst(c, HB_OT_MATH_CONSTANT_AXIS_HEIGHT, style);

	b = box_new();
	if (cp == 0) {	/* "." : TeX's \nulldelimiterspace */
		b->width = em(c, style) * 0.12;
		return b;
	}
	g = grow(c, cp, want, 1, style);
	b->width = g->width;
	place(b, g, 0, axis - (g->ascent - g->descent) / 2);
	return b;
}

/* ---- atoms ---- */

static struct mbox *lay(const struct mctx *c, const struct math_node *n,
	    int style, int cramped);
static struct mbox *lay_list(const struct mctx *c, const struct math_node *n,
	    int style, int cramped, int lead_ord);

static int
sup_style(int style)
{
	return style <= ST_T ? ST_S : ST_SS;
}

static int
frac_style(int style)
{
	return style == ST_D ? ST_T : style == ST_T ? ST_S : ST_SS;
}

static struct mbox *
lay_sym(const struct mctx *c, const struct math_node *n, int style)
{
	uint32_t cp = n->cp, shown = math_styled(cp, n->variant), text;
	hb_codepoint_t g;
	struct mbox *b;

	g = sized_glyph(c, shown, style);
	if (g == 0)
		g = sized_glyph(c, shown = cp, style);
	if (g == 0 && !n->big && (b = other_glyph(c, cp, style)) != NULL)
		return b;
	text = math_text_cp(n) == cp ? cp : shown;
	if (n->big) {
		/* Large operators: bigger in display, centred on the
		 * axis. */
		double axis = konst(c, HB_OT_MATH_CONSTANT_AXIS_HEIGHT, style);
		double want = style == ST_D ? konst(c,
		    HB_OT_MATH_CONSTANT_DISPLAY_OPERATOR_MIN_HEIGHT, style) : 0;
		struct mbox *gb = grow(c, cp, want, 1, style);

		b = box_new();
		b->width = gb->width;
		if (gb->nglyphs == 1)
			b->italic = hb_ot_math_get_glyph_italics_correction(c->hb,
			    gb->glyphs[0].glyph) * c->unit[level(style)];
		place(b, gb, 0, axis - (gb->ascent - gb->descent) / 2);
		return b;
	}
	b = box_new();
	add_glyph(c, b, g, style, 0, 0, text);
	b->width = advance(c, g, style);
	b->italic = hb_ot_math_get_glyph_italics_correction(c->hb, g) *
	    c->unit[level(style)];
	return b;
}

/* Whether n is one character (TeX's rule 18: scripts then sit by the
 * font's shifts alone). */
static int
is_char(const struct math_node *n)
{
	while (n->kind == MATH_LIST && n->nkids == 1)
		n = n->kids[0];
	return n->kind == MATH_SYM && !n->big;
}

/* Whether n is a large operator whose scripts go above and below. */
static int
has_limits(const struct math_node *n, int style)
{
	if (n->cls != MC_OP)
		return 0;
	return n->limits > 0 || (n->limits == 0 && style == ST_D);
}

/* Scripts set above and below the nucleus (TeX's rule 13a). */
static struct mbox *
lay_limits(const struct mctx *c, struct mbox *nuc, const struct math_node *sup,
    const struct math_node *sub, int style, int cramped)
{
	struct mbox *b = box_new(), *hi = NULL, *lo = NULL;
	double w = nuc->width, ic = nuc->italic;

	if (sup)
		hi = lay(c, sup, sup_style(style), cramped);
	if (sub)
		lo = lay(c, sub, sup_style(style), 1);
	if (hi && hi->width > w)
		w = hi->width;
	if (lo && lo->width > w)
		w = lo->width;
	b->width = w;
	if (hi) {
		double gap = fmax(konst(c, HB_OT_MATH_CONSTANT_UPPER_LIMIT_GAP_MIN,
		    style), konst(c,
		    HB_OT_MATH_CONSTANT_UPPER_LIMIT_BASELINE_RISE_MIN, style) -
		    hi->descent);
		double up = nuc->ascent + gap + hi->descent;

		place(b, hi, (w - hi->width + ic) / 2, up);
	}
	if (lo) {
		double gap = fmax(konst(c, HB_OT_MATH_CONSTANT_LOWER_LIMIT_GAP_MIN,
		    style), konst(c,
		    HB_OT_MATH_CONSTANT_LOWER_LIMIT_BASELINE_DROP_MIN, style) -
		    lo->ascent);
		double down = nuc->descent + gap + lo->ascent;

		place(b, lo, (w - lo->width - ic) / 2, -down);
	}
	place(b, nuc, (w - nuc->width) / 2, 0);
	return b;
}

/* Superscript and subscript beside the nucleus (TeX's rule 18). */
static struct mbox *
lay_scripts(const struct mctx *c, const struct math_node *n, int style,
    int cramped)
{
	struct mbox *nuc = lay(c, n->a, style, cramped), *b, *hi = NULL,
	    *lo = NULL;
	int ss = sup_style(style), single = is_char(n->a);
	double u = 0, v = 0, w, ic = nuc->italic;
	int op = n->a->kind == MATH_SYM && n->a->big;

	if (has_limits(n->a, style) || (n->a->kind == MATH_ACCENT &&
	    n->a->cls == MC_OP))
		return lay_limits(c, nuc, n->b, n->c, style, cramped);
	if (n->b)
		hi = lay(c, n->b, ss, cramped);
	if (n->c)
		lo = lay(c, n->c, ss, 1);
	if (!single) {
		u = nuc->ascent - konst(c,
		    HB_OT_MATH_CONSTANT_SUPERSCRIPT_BASELINE_DROP_MAX, ss);
		v = nuc->descent + konst(c,
		    HB_OT_MATH_CONSTANT_SUBSCRIPT_BASELINE_DROP_MIN, ss);
	}
	if (hi) {
		u = fmax(u, konst(c, cramped ?
		    HB_OT_MATH_CONSTANT_SUPERSCRIPT_SHIFT_UP_CRAMPED :
		    HB_OT_MATH_CONSTANT_SUPERSCRIPT_SHIFT_UP, style));
		u = fmax(u, hi->descent + konst(c,
		    HB_OT_MATH_CONSTANT_SUPERSCRIPT_BOTTOM_MIN, style));
	}
	if (lo) {
		v = fmax(v, konst(c, HB_OT_MATH_CONSTANT_SUBSCRIPT_SHIFT_DOWN,
		    style));
		if (!hi)
			v = fmax(v, lo->ascent - konst(c,
			    HB_OT_MATH_CONSTANT_SUBSCRIPT_TOP_MAX, style));
	}
	if (hi && lo) {
		double gap = (u - hi->descent) - (lo->ascent - v);
		double min = konst(c, HB_OT_MATH_CONSTANT_SUB_SUPERSCRIPT_GAP_MIN,
		    style);

		if (gap < min) {
			double psi;

			v += min - gap;
			psi = konst(c, HB_OT_MATH_CONSTANT_SUPERSCRIPT_BOTTOM_MAX_WITH_SUBSCRIPT,
			    style) - (u - hi->descent);
			if (psi > 0) {
				u += psi;
				v -= psi;
			}
		}
	}
	b = box_new();
	w = nuc->width;
	b->width = w;
	place(b, nuc, 0, 0);
	{
		double end = w, space = konst(c,
		    HB_OT_MATH_CONSTANT_SPACE_AFTER_SCRIPT, style);

		/* a letter's slant moves its superscript right; a big
		 * operator's (an integral's) moves its subscript left */
		if (hi) {
			double x = w + (single ? ic : 0);

			end = fmax(end, x + hi->width);
			place(b, hi, x, u);
		}
		if (lo) {
			double x = w - (op ? ic : 0);

			end = fmax(end, x + lo->width);
			place(b, lo, x, -v);
		}
		b->width = end + space;
	}
	return b;
}

static struct mbox *
lay_frac(const struct mctx *c, const struct math_node *n, int style,
    int cramped)
{
	int st = n->style >= 0 ? n->style : style;
	int ns = frac_style(st), d = st == ST_D;
	struct mbox *num = lay(c, n->a, ns, cramped);
	struct mbox *den = lay(c, n->b, ns, 1);
	struct mbox *b = box_new();
	double axis = konst(c, HB_OT_MATH_CONSTANT_AXIS_HEIGHT, st);
	double t = konst(c, HB_OT_MATH_CONSTANT_FRACTION_RULE_THICKNESS, st);
	double pad = em(c, st) * 0.12, w, u, v;

	w = fmax(num->width, den->width);
	if (!n->flag) {
		u = fmax(konst(c, d ?
		    HB_OT_MATH_CONSTANT_FRACTION_NUMERATOR_DISPLAY_STYLE_SHIFT_UP :
		    HB_OT_MATH_CONSTANT_FRACTION_NUMERATOR_SHIFT_UP, st),
		    num->descent + axis + t / 2 + konst(c, d ?
		    HB_OT_MATH_CONSTANT_FRACTION_NUM_DISPLAY_STYLE_GAP_MIN :
		    HB_OT_MATH_CONSTANT_FRACTION_NUMERATOR_GAP_MIN, st));
		v = fmax(konst(c, d ?
		    HB_OT_MATH_CONSTANT_FRACTION_DENOMINATOR_DISPLAY_STYLE_SHIFT_DOWN :
		    HB_OT_MATH_CONSTANT_FRACTION_DENOMINATOR_SHIFT_DOWN, st),
		    den->ascent - axis + t / 2 + konst(c, d ?
		    HB_OT_MATH_CONSTANT_FRACTION_DENOM_DISPLAY_STYLE_GAP_MIN :
		    HB_OT_MATH_CONSTANT_FRACTION_DENOMINATOR_GAP_MIN, st));
		rule(b, pad, axis + t / 2, w, t);
	} else {
		double gap, min = konst(c, d ?
		    HB_OT_MATH_CONSTANT_STACK_DISPLAY_STYLE_GAP_MIN :
		    HB_OT_MATH_CONSTANT_STACK_GAP_MIN, st);

		u = konst(c, d ? HB_OT_MATH_CONSTANT_STACK_TOP_DISPLAY_STYLE_SHIFT_UP :
		    HB_OT_MATH_CONSTANT_STACK_TOP_SHIFT_UP, st);
		v = konst(c, d ?
		    HB_OT_MATH_CONSTANT_STACK_BOTTOM_DISPLAY_STYLE_SHIFT_DOWN :
		    HB_OT_MATH_CONSTANT_STACK_BOTTOM_SHIFT_DOWN, st);
		gap = (u - num->descent) - (den->ascent - v);
		if (gap < min) {
			u += (min - gap) / 2;
			v += (min - gap) / 2;
		}
	}
	b->width = w + 2 * pad;
	place(b, num, pad + (w - num->width) / 2, u);
	place(b, den, pad + (w - den->width) / 2, -v);
	if (n->open || n->close) {
		double delta = fmax(b->ascent - axis, b->descent + axis);
		double want = fmax(2 * delta * 0.901, 2 * delta - em(c, st) * 0.5);
		struct mbox *o = delimiter(c, n->open, want, st);
		struct mbox *cl = delimiter(c, n->close, want, st);
		struct mbox *all = box_new();
		double x = 0;

		all->width = o->width + b->width + cl->width;
		x = o->width;
		place(all, o, 0, 0);
		place(all, b, x, 0);
		place(all, cl, all->width - cl->width, 0);
		return all;
	}
	return b;
}

static struct mbox *
lay_root(const struct mctx *c, const struct math_node *n, int style)
{
	struct mbox *body = lay(c, n->a, style, 1), *rad, *b = box_new();
	int d = style == ST_D;
	double gap = konst(c, d ?
	    HB_OT_MATH_CONSTANT_RADICAL_DISPLAY_STYLE_VERTICAL_GAP :
	    HB_OT_MATH_CONSTANT_RADICAL_VERTICAL_GAP, style);
	double t = konst(c, HB_OT_MATH_CONSTANT_RADICAL_RULE_THICKNESS, style);
	double want = body->ascent + body->descent + gap + t, x = 0, top, rw;

	rad = grow(c, 0x221A, want, 1, style);
	if (rad->ascent + rad->descent > want)
		gap += (rad->ascent + rad->descent - want) / 2;
	/* the radical's top is the rule's top */
	top = body->ascent + gap + t;
	if (n->b != NULL) {
		struct mbox *idx = lay(c, n->b, ST_SS, 1);
		double before = konst(c,
		    HB_OT_MATH_CONSTANT_RADICAL_KERN_BEFORE_DEGREE, style);
		double after = konst(c,
		    HB_OT_MATH_CONSTANT_RADICAL_KERN_AFTER_DEGREE, style);
		double raise = hb_ot_math_get_constant(c->hb,
		    HB_OT_MATH_CONSTANT_RADICAL_DEGREE_BOTTOM_RAISE_PERCENT) /
		    100.0 * (rad->ascent + rad->descent);
		double bottom = top - (rad->ascent + rad->descent);
		double iw = idx->width;

		place(b, idx, before, bottom + raise + idx->descent);
		x = fmax(0, before + iw + after);
	}
	rw = rad->width;
	place(b, rad, x, top - rad->ascent);
	rule(b, x + rw, top, body->width, t);
	b->width = x + rw + body->width;
	place(b, body, x + rw, 0);
	b->ascent = fmax(b->ascent, top + konst(c,
	    HB_OT_MATH_CONSTANT_RADICAL_EXTRA_ASCENDER, style));
	return b;
}

/* Where an accent attaches, from the glyph's origin: the font's point,
 * else the middle of its ink (combining accents have no width). */
static double
attachment(const struct mctx *c, hb_codepoint_t g, int style)
{
	hb_position_t a = hb_ot_math_get_glyph_top_accent_attachment(c->hb, g);
	hb_glyph_extents_t e;
	double u = c->unit[level(style)];

	if (a != 0)
		return a * u;
	if (hb_font_get_glyph_extents(c->hb, g, &e))
		return (e.x_bearing + e.width / 2.0) * u;
	return advance(c, g, style) / 2;
}

static struct mbox *
lay_accent(const struct mctx *c, const struct math_node *n, int style,
    int cramped)
{
	struct mbox *body = lay(c, n->a, style, n->flag ? cramped : 1);
	struct mbox *b = box_new(), *acc;
	double base = konst(c, HB_OT_MATH_CONSTANT_ACCENT_BASE_HEIGHT, style);
	double at = body->width / 2, ax;
	const struct math_node *k = n->a;

	while (k->kind == MATH_LIST && k->nkids == 1)
		k = k->kids[0];
	if (k->kind == MATH_SYM && body->nglyphs == 1)
		at = attachment(c, body->glyphs[0].glyph, style);
	if (n->arg)
		acc = grow(c, n->cp, body->width, 0, style);
	else {
		acc = box_new();
		add_glyph(c, acc, glyph_of(c, n->cp), style, 0, 0, n->cp);
		acc->width = advance(c, acc->glyphs[0].glyph, style);
	}
	ax = acc->nglyphs == 1 && !n->arg ?
	    attachment(c, acc->glyphs[0].glyph, style) : acc->width / 2;
	b->width = body->width;
	b->italic = body->italic;
	if (n->flag) {		/* under: a brace below */
		double gap = konst(c,
		    HB_OT_MATH_CONSTANT_UNDERBAR_VERTICAL_GAP, style);

		place(b, acc, at - ax, -(body->descent + gap + acc->ascent));
	} else if (n->cp == 0x23DE) {
		double gap = konst(c,
		    HB_OT_MATH_CONSTANT_OVERBAR_VERTICAL_GAP, style);

		place(b, acc, at - ax, body->ascent + gap + acc->descent);
	} else
		/* an accent is drawn to sit on a letter of base height */
		place(b, acc, at - ax, fmax(0, body->ascent - base));
	place(b, body, 0, 0);
	return b;
}

static struct mbox *
lay_line(const struct mctx *c, const struct math_node *n, int style,
    int cramped)
{
	struct mbox *body = lay(c, n->a, style, n->flag ? cramped : 1);
	struct mbox *b = box_new();
	double w = body->width;

	b->width = w;
	if (n->flag == 2) {
		/* \boxed: TeX's \fbox, 3 pt from the formula, 0.4 pt rules */
		double pad = em(c, style) * 0.3, t = em(c, style) * 0.04;
		double top = body->ascent + pad + t, bot = body->descent + pad + t;

		b->width = w + 2 * (pad + t);
		rule(b, 0, top, b->width, t);
		rule(b, 0, -bot + t, b->width, t);
		rule(b, 0, top, t, top + bot);
		rule(b, b->width - t, top, t, top + bot);
		place(b, body, pad + t, 0);
		return b;
	}
	if (n->flag >= 3) {
		/* room only: nothing drawn */
		b->width = n->flag == 5 ? 0 : w;
		if (n->flag != 4) {
			b->ascent = body->ascent;
			b->descent = body->descent;
		}
		mbox_unref(body);
		return b;
	}
	if (n->flag) {
		double t = konst(c, HB_OT_MATH_CONSTANT_UNDERBAR_RULE_THICKNESS,
		    style);
		double gap = konst(c, HB_OT_MATH_CONSTANT_UNDERBAR_VERTICAL_GAP,
		    style);

		rule(b, 0, -(body->descent + gap), w, t);
		b->descent += konst(c,
		    HB_OT_MATH_CONSTANT_UNDERBAR_EXTRA_DESCENDER, style);
	} else {
		double t = konst(c, HB_OT_MATH_CONSTANT_OVERBAR_RULE_THICKNESS,
		    style);
		double gap = konst(c, HB_OT_MATH_CONSTANT_OVERBAR_VERTICAL_GAP,
		    style);

		rule(b, 0, body->ascent + gap + t, w, t);
		b->ascent += konst(c,
		    HB_OT_MATH_CONSTANT_OVERBAR_EXTRA_ASCENDER, style);
	}
	place(b, body, 0, 0);
	return b;
}

/* b with a small above it (\overset, \stackrel) or below (\underset). */
static struct mbox *
lay_stack(const struct mctx *c, const struct math_node *n, int style,
    int cramped)
{
	struct mbox *base;

	if (n->cp != 0) {
		/* an arrow as long as what it carries, and then some */
		struct mbox *hi = lay(c, n->a, sup_style(style), cramped);
		struct mbox *lo = n->c ? lay(c, n->c, sup_style(style), 1) : NULL;
		double w = fmax(hi->width, lo ? lo->width : 0) + em(c, style);
		double axis = konst(c, HB_OT_MATH_CONSTANT_AXIS_HEIGHT, style);
		struct mbox *arrow = grow(c, n->cp, fmax(w, em(c, style) * 1.5),
		    0, style);

		mbox_unref(hi);
		mbox_unref(lo);
		base = box_new();
		base->width = arrow->width;
		place(base, arrow, 0, axis - (arrow->ascent - arrow->descent) /
		    2);
		return lay_limits(c, base, n->a, n->c, style, cramped);
	}
	base = lay(c, n->b, style, cramped);
	if (n->flag)
		return lay_limits(c, base, NULL, n->a, style, cramped);
	return lay_limits(c, base, n->a, NULL, style, cramped);
}

/* How tall delimiters around inner are to be (TeX's rule 19). */
static double
fence_size(const struct mctx *c, const struct mbox *inner, int style)
{
	double axis = konst(c, HB_OT_MATH_CONSTANT_AXIS_HEIGHT, style);
	double delta = fmax(inner->ascent - axis, inner->descent + axis);

	return fmax(2 * delta * 0.901, 2 * delta - em(c, style) * 0.5);
}

/* A row between delimiters want pt tall. */
static struct mbox *
fence(const struct mctx *c, struct mbox *inner, uint32_t open,
    uint32_t close, double want, int style)
{
	struct mbox *o = delimiter(c, open, want, style);
	struct mbox *cl = delimiter(c, close, want, style);
	struct mbox *b = box_new();
	double ow = o->width, iw = inner->width;

	b->width = ow + iw + cl->width;
	place(b, o, 0, 0);
	place(b, inner, ow, 0);
	place(b, cl, ow + iw, 0);
	return b;
}

/* The size of \big..\Bigg: TeX's 8.5, 11.5, 14.5 and 17.5 pt at 10 pt;
 * \middle's: its \left..\right's. */
static struct mbox *
lay_big(const struct mctx *c, const struct math_node *n, int style)
{
	double axis = konst(c, HB_OT_MATH_CONSTANT_AXIS_HEIGHT, style);
	double h = em(c, style) * (0.85 + 0.3 * (n->arg - 1));

	if (n->flag)
		return delimiter(c, n->cp, c->middle, style);
	return delimiter(c, n->cp, 2 * (h - axis) * 0.901, style);
}

/* Whether row n holds a \middle of its own (not one of a \left..\right
 * inside it). */
static int
has_middle(const struct math_node *n)
{
	if (n == NULL || n->kind == MATH_FENCED)
		return 0;
	if (n->kind == MATH_BIG && n->flag)
		return 1;
	for (size_t i = 0; i < n->nkids; i++)
		if (has_middle(n->kids[i]))
			return 1;
	return has_middle(n->a) || has_middle(n->b) || has_middle(n->c);
}

/*
 * \left..\right: the row between delimiters grown to cover it. Its
 * \middle delimiters take the same size, as e-TeX's do: the row is
 * measured with them at their smallest, then set again with them grown.
 */
static struct mbox *
lay_fenced(const struct mctx *c, const struct math_node *n, int style,
    int cramped)
{
	struct mctx in = *c;
	struct mbox *inner;
	double want;

	in.middle = 0;
	inner = lay_list(&in, n->a, style, cramped, 0);
	want = fence_size(c, inner, style);
	if (has_middle(n->a)) {
		mbox_unref(inner);
		in.middle = want;
		inner = lay_list(&in, n->a, style, cramped, 0);
	}
	return fence(c, inner, n->open, n->close, want, style);
}

static struct mbox *
lay_array(const struct mctx *c, const struct math_node *n, int style,
    int cramped)
{
	int st = n->style >= 0 ? (n->style == ST_T && style > ST_T ? style :
	    n->style) : style;
	size_t rows = n->rows, cols = n->cols;
	struct mbox **cell = xcalloc(rows * cols, sizeof(*cell));
	double *cw = xcalloc(cols, sizeof(*cw)), *rh = xcalloc(rows,
	    sizeof(*rh)), *rd = xcalloc(rows, sizeof(*rd));
	double e = em(c, st), strut_h = e * 0.84, strut_d = e * 0.36;
	double jot = st == ST_D ? e * 0.3 : 0, total = 0, y, x;
	double axis = konst(c, HB_OT_MATH_CONSTANT_AXIS_HEIGHT, style);
	struct mbox *b = box_new();

	for (size_t r = 0; r < rows; r++) {
		rh[r] = strut_h;
		rd[r] = strut_d;
		for (size_t k = 0; k < cols; k++) {
			const struct math_node *kid = n->kids[r * cols + k];
			struct mbox *m = kid->kind == MATH_LIST ?
			    lay_list(c, kid, st, cramped, n->pairs && k % 2) :
			    lay(c, kid, st, cramped);

			cell[r * cols + k] = m;
			cw[k] = fmax(cw[k], m->width);
			rh[r] = fmax(rh[r], m->ascent);
			rd[r] = fmax(rd[r], m->descent);
		}
		total += rh[r] + rd[r] + (r > 0 ? jot : 0);
	}
	/* rows from the top, the whole centred on the axis */
	y = total / 2 + axis;
	for (size_t r = 0; r < rows; r++) {
		y -= rh[r] + (r > 0 ? jot : 0);
		x = 0;
		for (size_t k = 0; k < cols; k++) {
			struct mbox *m = cell[r * cols + k];
			double off = n->align[k] == 'r' ? cw[k] - m->width :
			    n->align[k] == 'c' ? (cw[k] - m->width) / 2 : 0;

			place(b, m, x + off, y);
			x += cw[k];
			if (k + 1 < cols && (!n->pairs || k % 2 == 1))
				x += n->colsep * e;
		}
		b->width = x;
		y -= rd[r];
	}
	b->ascent = fmax(b->ascent, total / 2 + axis);
	b->descent = fmax(b->descent, total / 2 - axis);
	free(cell);
	free(cw);
	free(rh);
	free(rd);
	if (n->open || n->close)
		return fence(c, b, n->open, n->close, fence_size(c, b, style),
		    style);
	return b;
}

/* TeX's spacing between atom classes, in mu; negative: only in display
 * and text styles. */
static const signed char spacing[8][8] = {
	/*	   ord  op  bin  rel open close punct inner */
	/* ord */ { 0,  3,  -4,  -5,  0,   0,   0,   -3 },
	/* op */  { 3,  3,   0,  -5,  0,   0,   0,   -3 },
	/* bin */ { -4, -4,  0,   0, -4,   0,   0,   -4 },
	/* rel */ { -5, -5,  0,   0, -5,   0,   0,   -5 },
	/* open */ { 0,  0,  0,   0,  0,   0,   0,    0 },
	/* close */ { 0, 3, -4,  -5,  0,   0,   0,   -3 },
	/* punct */ { -3, -3, 0, -3, -3,  -3,  -3,   -3 },
	/* inner */ { -3, 3, -4, -5, -3,   0,  -3,   -3 },
};

/* The class a node has as an atom of its row (-1: none, a space). */
static int
atom_class(const struct math_node *n)
{
	switch (n->kind) {
	case MATH_SPACE:
	case MATH_STYLE:
		return -1;
	case MATH_FRAC:
		return n->open ? MC_ORD : MC_INNER;
	case MATH_FENCED:
		return MC_INNER;
	case MATH_SCRIPTS:
		return n->a->kind == MATH_SCRIPTS ? MC_ORD : atom_class(n->a);
	case MATH_LIST:
		if (n->nkids == 0 && n->cls == MC_ORD)
			return -1;	/* {} and \nonumber */
		return (int)n->cls;
	default:
		return (int)n->cls;
	}
}

/* The classes of row n's atoms as TeX spaces them (-1: not an atom):
 * a binary operator with nothing to bind is ordinary. */
static int *
row_classes(const struct math_node *n, int lead_ord)
{
	int *cls = xcalloc(n->nkids + 1, sizeof(*cls));
	int prev = lead_ord ? MC_ORD : -1;

	for (size_t i = 0; i < n->nkids; i++) {
		cls[i] = atom_class(n->kids[i]);
		if (cls[i] == MC_BIN && (prev < 0 || prev == MC_BIN ||
		    prev == MC_OP || prev == MC_REL || prev == MC_OPEN ||
		    prev == MC_PUNCT))
			cls[i] = MC_ORD;
		if ((cls[i] == MC_REL || cls[i] == MC_CLOSE ||
		    cls[i] == MC_PUNCT) && prev == MC_BIN) {
			for (size_t j = i; j-- > 0;)
				if (cls[j] >= 0) {
					cls[j] = MC_ORD;
					break;
				}
		}
		if (cls[i] >= 0)
			prev = cls[i];
	}
	if (prev == MC_BIN)
		for (size_t j = n->nkids; j-- > 0;)
			if (cls[j] >= 0) {
				cls[j] = MC_ORD;
				break;
			}
	return cls;
}

/*
 * A row of atoms with TeX's spaces between them. lead_ord: as if an
 * ordinary atom came first (the right-hand cells of aligned, "&= b").
 */
static struct mbox *
lay_list(const struct mctx *c, const struct math_node *n, int style,
    int cramped, int lead_ord)
{
	struct mbox *b = box_new();
	int *cls = row_classes(n, lead_ord);
	int prev = lead_ord ? MC_ORD : -1, st = style;
	double x = 0;

	for (size_t i = 0; i < n->nkids; i++) {
		const struct math_node *k = n->kids[i];
		struct mbox *m;
		double w;

		if (k->kind == MATH_STYLE) {
			st = (int)k->arg;
			continue;
		}
		if (k->kind == MATH_SPACE) {
			x += k->arg * em(c, st) / 18;
			continue;
		}
		if (prev >= 0 && cls[i] >= 0) {
			int sp = spacing[prev][cls[i]];

			if (sp < 0 && st <= ST_T)
				sp = -sp;
			if (sp > 0)
				x += sp * em(c, st) / 18;
		}
		m = lay(c, k, st, cramped);
		w = m->width;
		b->italic = m->italic;
		place(b, m, x, 0);
		x += w;
		if (cls[i] >= 0)
			prev = cls[i];
	}
	b->width = x;
	free(cls);
	return b;
}

/* What b draws in no colour of its own is drawn in color (0: none). */
static struct mbox *
paint(struct mbox *b, uint32_t color)
{
	if (color == 0)
		return b;
	for (size_t i = 0; i < b->nglyphs; i++)
		if (b->glyphs[i].color == 0)
			b->glyphs[i].color = color;
	for (size_t i = 0; i < b->nrules; i++)
		if (b->rules[i].color == 0)
			b->rules[i].color = color;
	return b;
}

static struct mbox *lay_kind(const struct mctx *c,
	    const struct math_node *n, int style, int cramped);

/* Node n set in style: its box, in its colour. */
static struct mbox *
lay(const struct mctx *c, const struct math_node *n, int style, int cramped)
{
	return paint(lay_kind(c, n, style, cramped), n->color);
}

static struct mbox *
lay_kind(const struct mctx *c, const struct math_node *n, int style,
    int cramped)
{
	switch (n->kind) {
	case MATH_LIST:
		return lay_list(c, n, style, cramped, 0);
	case MATH_SYM:
		return lay_sym(c, n, style);
	case MATH_FRAC:
		return lay_frac(c, n, style, cramped);
	case MATH_ROOT:
		return lay_root(c, n, style);
	case MATH_SCRIPTS:
		return lay_scripts(c, n, style, cramped);
	case MATH_ACCENT:
		return lay_accent(c, n, style, cramped);
	case MATH_FENCED:
		return lay_fenced(c, n, style, cramped);
	case MATH_BIG:
		return lay_big(c, n, style);
	case MATH_ARRAY:
		return lay_array(c, n, style, cramped);
	case MATH_LINE:
		return lay_line(c, n, style, cramped);
	case MATH_STACK:
		return lay_stack(c, n, style, cramped);
	case MATH_SPACE:
	case MATH_STYLE:
		break;
	}
	return box_new();
}

/* ---- long displays ---- */

/*
 * Atoms [from, to) of row n as a row of their own, in the style in force
 * at from; a continuation line (from > 0) as if an ordinary atom came
 * before, so that a leading operator keeps its spaces ("{}+ c").
 */
static struct mbox *
lay_part(const struct mctx *c, const struct math_node *n, size_t from,
    size_t to, int style)
{
	struct math_node part = *n;

	for (size_t i = 0; i < from; i++)
		if (n->kids[i]->kind == MATH_STYLE)
			style = (int)n->kids[i]->arg;
	part.kids = n->kids + from;
	part.nkids = to - from;
	part.color = 0;
	return lay_list(c, &part, style, 0, from > 0);
}

/* How wide atoms [from, to) of row n are as a line. */
static double
part_width(const struct mctx *c, const struct math_node *n, size_t from,
    size_t to, int style)
{
	struct mbox *b = lay_part(c, n, from, to, style);
	double w = b->width;

	mbox_unref(b);
	return w;
}

/*
 * Where the line that starts at atom from ends (the next line's first
 * atom) in avail pt: the row's end when the rest fits; else before the
 * last relation that fits when that line is at least half full, else
 * before the last binary operator that fits, else the last relation;
 * when nothing fits, the first place there is. Lays out no more than
 * the line and the atoms up to the place that does not fit.
 */
static size_t
line_end(const struct mctx *c, const struct math_node *n, const int *cls,
    size_t from, double avail, int style)
{
	size_t rel = 0, bin = 0, first = 0;
	double relw = 0;
	int over = 0;

	for (size_t j = from + 1; j + 1 < n->nkids && !over; j++) {
		double w;

		if (cls[j] != MC_REL && cls[j] != MC_BIN)
			continue;
		w = part_width(c, n, from, j, style);
		if (first == 0)
			first = j;
		if (w > avail)
			over = 1;
		else if (cls[j] == MC_REL)
			rel = j, relw = w;
		else
			bin = j;
	}
	if (!over && part_width(c, n, from, n->nkids, style) <= avail)
		return n->nkids;
	if (rel && relw >= avail / 2)
		return rel;
	if (bin)
		return bin;
	if (rel)
		return rel;
	return first ? first : n->nkids;
}

/*
 * Display formula row set in lines of at most width pt, broken at its
 * top-level relations first, then at its binary operators. A break goes
 * before the symbol, which leads the next line: TeX's rule for displays
 * (The TeXbook, chapter 19), so that each continuation says at once how
 * it joins the line above. Lines after the first that begin with a
 * relation line it up under the first line's first relation; those that
 * begin with an operator start under the right-hand side; without a
 * relation early on the first line, continuation lines are indented by
 * 2 em. NULL when row has no place to break, or would take more than
 * MATH_MAX_LINES lines.
 */
static struct mbox *
break_display(const struct mctx *c, const struct math_node *row,
    double width)
{
	int *cls;
	size_t rel = 0, at = 0, nbreaks = 0;
	double relx = -1, rhsx = -1, indent, y = 0, below = 0;
	double e = em(c, ST_D);
	struct mbox *b;

	/* the row inside braces and \begin{equation} */
	while (row->kind == MATH_LIST && row->nkids == 1 &&
	    row->kids[0]->kind == MATH_LIST && row->color == 0 &&
	    row->kids[0]->cls == MC_ORD)
		row = row->kids[0];
	if (row->kind != MATH_LIST || row->color != 0)
		return NULL;
	cls = row_classes(row, 0);
	for (size_t i = 1; i + 1 < row->nkids; i++)
		if (cls[i] == MC_REL || cls[i] == MC_BIN)
			nbreaks++;
	for (size_t i = 1; i + 1 < row->nkids && rel == 0; i++)
		if (cls[i] == MC_REL)
			rel = i;
	if (nbreaks == 0) {
		free(cls);
		return NULL;
	}
	if (rel) {
		relx = part_width(c, row, 0, rel, ST_D);
		rhsx = part_width(c, row, 0, rel + 1, ST_D);
	}
	/* lining up is for a relation well inside the first line */
	if (rhsx < 0 || rhsx > width / 2)
		relx = rhsx = 2 * e;
	indent = fmax(relx, rhsx);
	b = box_new();
	for (int lines = 0; at < row->nkids; lines++) {
		double avail = at == 0 ? width : width - indent;
		double x = at == 0 ? 0 : cls[at] == MC_REL ? relx : rhsx;
		size_t end;
		struct mbox *line;

		if (lines == MATH_MAX_LINES) {
			/* a page of lines in one box would run off it */
			mbox_unref(b);
			b = NULL;
			break;
		}
		end = line_end(c, row, cls, at, avail, ST_D);
		line = lay_part(c, row, at, end, ST_D);
		/* lines as far apart as aligned's rows (a baseline and a
		 * jot), more when they are tall */
		if (lines > 0)
			y += fmax(1.5 * e, below + line->ascent + 0.25 * e);
		below = line->descent;
		if (x + line->width > b->width)
			b->width = x + line->width;
		place(b, line, x, -y);
		at = end;
	}
	free(cls);
	return b;
}

/* ---- the font ---- */

static PangoFont *
load(PangoContext *pc, double size)
{
	PangoFontDescription *fd = pango_font_description_new();
	PangoFont *f;

	pango_font_description_set_family(fd, MATH_FONT);
	pango_font_description_set_size(fd, (gint)(size * PANGO_SCALE + 0.5));
	f = pango_context_load_font(pc, fd);
	pango_font_description_free(fd);
	return f;
}

struct mbox *
mbox_typeset(PangoContext *pc, const struct math *m, double size,
    double width)
{
	static int warned;
	struct mctx c;
	struct mbox *b;
	hb_face_t *face;
	double pct[3] = { 1, 0, 0 };

	struct others others = { NULL, 0 };

	memset(&c, 0, sizeof(c));
	c.pc = pc;
	c.others = &others;
	c.fonts[0] = load(pc, size);
	face = c.fonts[0] ? hb_font_get_face(pango_font_get_hb_font(
	    c.fonts[0])) : NULL;
	if (face == NULL || !hb_ot_math_has_data(face)) {
		if (!warned++)
			diag(DIAG_WARNING, NULL, 0, "no math font (%s): "
			    "formulas are left out", MATH_FONT);
		if (c.fonts[0])
			g_object_unref(c.fonts[0]);
		return box_new();
	}
	c.hb = hb_font_create(face);
	c.size = size;
	pct[1] = hb_ot_math_get_constant(c.hb,
	    HB_OT_MATH_CONSTANT_SCRIPT_PERCENT_SCALE_DOWN) / 100.0;
	pct[2] = hb_ot_math_get_constant(c.hb,
	    HB_OT_MATH_CONSTANT_SCRIPT_SCRIPT_PERCENT_SCALE_DOWN) / 100.0;
	for (int i = 0; i < 3; i++) {
		if (pct[i] <= 0)
			pct[i] = i == 1 ? 0.7 : 0.5;
		if (i > 0)
			c.fonts[i] = load(pc, size * pct[i]);
		c.unit[i] = size * pct[i] / hb_face_get_upem(face);
	}
	b = lay_list(&c, m->root, m->display ? ST_D : ST_T, 0, 0);
	if (m->display && width > 0 && b->width > width) {
		struct mbox *lines = break_display(&c, m->root, width);

		if (lines != NULL) {
			mbox_unref(b);
			b = lines;
		}
	}
	/* the box keeps the fonts its glyphs name */
	for (int i = 0; i < 3; i++)
		b->fonts[i] = c.fonts[i];
	b->others = others.v;
	b->nothers = others.n;
	hb_font_destroy(c.hb);
	return b;
}

/* ---- attributes ---- */

static gpointer
box_copy(gconstpointer data)
{
	struct mbox *b = (struct mbox *)data;

	b->refs++;
	return b;
}

static void
box_destroy(gpointer data)
{
	mbox_unref(data);
}

const struct mbox *
mbox_attr_get(const PangoAttribute *a)
{
	const PangoAttrShape *s = (const PangoAttrShape *)a;

	if (a->klass->type != PANGO_ATTR_SHAPE || s->copy_func != box_copy)
		return NULL;
	return s->data;
}

static gboolean
is_formula(PangoAttribute *a, gpointer data)
{
	(void)data;
	return math_attr_get(a) != NULL;
}

/*
 * No line break between a formula and the characters it touches: the
 * object character it stands as breaks on both sides by Unicode's rules
 * (class CB), which would leave "x." as "x" and "." on two lines. Pango
 * keeps a break at a range's end, so the range reaches one character
 * further.
 */
static void
keep_together(PangoAttrList *al, const char *text, size_t start, size_t end)
{
	size_t len = strlen(text), a = start, b = end;
	PangoAttribute *k;

	if (a > 0 && text[a - 1] != ' ' && text[a - 1] != '\n')
		a = (size_t)(g_utf8_find_prev_char(text, text + a) - text);
	if (b < len && text[b] != ' ' && text[b] != '\n') {
		b = (size_t)(g_utf8_next_char(text + b) - text);
		if (b < len)
			b = (size_t)(g_utf8_next_char(text + b) - text);
	}
	if (a == start && b == end)
		return;
	k = pango_attr_allow_breaks_new(FALSE);
	k->start_index = (guint)a;
	k->end_index = (guint)b;
	pango_attr_list_insert(al, k);
}

void
mathlayout_attrs(PangoContext *pc, PangoAttrList *al, const char *text,
    double size, double width)
{
	PangoAttrList *found = pango_attr_list_filter(al, is_formula, NULL);
	GSList *list;

	if (found == NULL)
		return;
	list = pango_attr_list_get_attributes(found);
	for (GSList *l = list; l != NULL; l = l->next) {
		PangoAttribute *a = l->data, *s;
		struct math *m = math_attr_get(a);
		struct mbox *b = mbox_typeset(pc, m, size, width);
		PangoRectangle r;

		/* A formula wider than the column even broken into lines:
		 * smaller, as a reader would rather have it than cut off at
		 * the edge. */
		if (width > 0 && b->width > width) {
			double k = fmax(MATH_MIN_SCALE, width / b->width * 0.99);

			mbox_unref(b);
			b = mbox_typeset(pc, m, size * k, width);
			if (b->width > width + 0.01 && !m->warned) {
				m->warned = 1;
				diag(DIAG_WARNING, m->file, m->line, "formula "
				    "wider than the column even at %.0f %%: it "
				    "runs into the margin", MATH_MIN_SCALE *
				    100);
			}
		}
		r = (PangoRectangle){ 0, (int)(-b->ascent * PANGO_SCALE),
		    (int)(b->width * PANGO_SCALE),
		    (int)((b->ascent + b->descent) * PANGO_SCALE) };

		s = pango_attr_shape_new_with_data(&r, &r, b, box_copy,
		    box_destroy);
		s->start_index = a->start_index;
		s->end_index = a->end_index;
		pango_attr_list_insert(al, s);
		if (a->end_index <= strlen(text))
			keep_together(al, text, a->start_index, a->end_index);
		pango_attribute_destroy(a);
	}
	g_slist_free(list);
	pango_attr_list_unref(found);
}
