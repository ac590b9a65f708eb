/* style.c - page geometry and the look of each role, layered. */
#include "style.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diag.h"
#include "highlight.h"
#include "source.h"
#include "yamlmap.h"

static const char *const role_names[NROLES] = {
	"body", "h1", "h2", "h3", "h4", "h5", "h6", "title", "byline",
	"tags", "code", "quote", "caption", "table", "footnote", "note",
	"header", "footer", "cover-title", "cover-text", "toc-head",
	"toc-group", "toc-entry", "toc-meta", "toc-excerpt", "index"
};

static const struct paper {
	const char *name;
	double	 w, h;	/* pt */
} papers[] = {
	{ "a4", 595.276, 841.890 },
	{ "letter", 612, 792 },
	{ "a5", 419.528, 595.276 },
	{ "legal", 612, 1008 },
	{ "b5", 498.898, 708.661 },
	{ "half-letter", 396, 612 },
};

const char *
role_name(enum role role)
{
	return role_names[role];
}

enum role
role_heading(int level)
{
	if (level < 1)
		level = 1;
	if (level > 6)
		level = 6;
	return (enum role)(ROLE_H1 + level - 1);
}

const char *
style_alert_name(enum alert a)
{
	static const char *const names[NALERTS] = { "", "note", "tip",
	    "important", "warning", "caution" };

	return a < NALERTS ? names[a] : "";
}

void
style_init(struct style *st)
{
	memset(st, 0, sizeof(*st));
	st->page_w = papers[0].w;
	st->page_h = papers[0].h;
	st->margin_top = st->margin_bottom = 72;
	st->margin_inner = st->margin_outer = 72;
	st->inner_share = 0.4;
	for (int i = 0; i < NROLES; i++) {
		struct role_style *r = &st->role[i];

		r->font = xstrdup("serif");
		r->size = 10;
		r->weight = 400;
		r->leading = 13;
		r->color = 0x000000;
	}
	st->list_indent = 18;
	st->quote_indent = 14;
	st->quote_bar = 0x999999;
	st->code_background = 0xF2F2F2;
	st->code_mark = 0xE6E0C8;
	st->code_padding = 4;
	st->link_color = 0x000000;
	st->rule_color = 0x999999;
	st->table_rule = 0x999999;
	st->header_background = 0xEEEEEE;
	for (int a = 0; a < NALERTS; a++)
		st->alert_color[a] = st->quote_bar;
	st->widows = st->orphans = 2;
	st->captions = 1;
}

void
style_free(struct style *st)
{
	for (int i = 0; i < NROLES; i++)
		free(st->role[i].font);
	memset(st, 0, sizeof(*st));
}

void
style_copy(struct style *dst, const struct style *src)
{
	*dst = *src;
	for (int i = 0; i < NROLES; i++)
		dst->role[i].font = src->role[i].font ?
		    xstrdup(src->role[i].font) : NULL;
}

int
style_set_paper(struct style *st, const char *name)
{
	for (size_t i = 0; i < sizeof(papers) / sizeof(papers[0]); i++)
		if (strcasecmp(name, papers[i].name) == 0) {
			st->page_w = papers[i].w;
			st->page_h = papers[i].h;
			return 0;
		}
	return -1;
}

/* A4's width, pt: the paper the sizes in styles are written for. */
#define A4_W 595.276
/* Type is made for a 8.5-12 pt text size. */
#define CODE_FLOOR 7.5

/*
 * Smaller paper wants smaller type, but reading sizes cannot shrink with
 * the page: text sizes follow the width ratio k weakly (k^0.3: 11 pt on
 * A4 is 9.9 pt on A5), display sizes fully (k: a title keeps its share
 * of the line, so it wraps no more than on A4), and between 12 and 24 pt
 * the exponent goes from one to the other.
 */
static double
type_factor(double k, double size)
{
	double t = (size - 12) / 12;

	if (t < 0)
		t = 0;
	if (t > 1)
		t = 1;
	return pow(k, 0.3 + 0.7 * t);
}

void
style_fit_page(struct style *st)
{
	double k = st->page_w / A4_W, side;

	if (st->scale_type && fabs(k - 1) > 0.01) {
		double body = type_factor(k, st->role[ROLE_BODY].size);

		for (int i = 0; i < NROLES; i++) {
			struct role_style *r = &st->role[i];
			double f = type_factor(k, r->size), was = r->size;

			r->size *= f;
			if (i == ROLE_CODE && r->size < CODE_FLOOR && was >
			    CODE_FLOOR)
				f = CODE_FLOOR / was, r->size = CODE_FLOOR;
			r->leading *= f;
			r->tracking *= f;
			r->space_before *= f;
			r->space_after *= f;
		}
		st->list_indent *= body;
		st->quote_indent *= body;
		st->code_padding *= body;
	}
	if (st->top_pct > 0)
		st->margin_top = st->page_h * st->top_pct / 100;
	if (st->bottom_pct > 0)
		st->margin_bottom = st->page_h * st->bottom_pct / 100;
	if (st->measure > 0) {
		double col = st->measure * st->role[ROLE_BODY].size;

		/* Never wider than two thirds of the page (the proportion
		 * of the classical canons' text block). */
		if (col > st->page_w * 2 / 3)
			col = st->page_w * 2 / 3;
		side = st->page_w - col;
		st->margin_inner = st->margin_outer = side / 2;
		if (st->two_sided) {
			st->margin_inner = side * st->inner_share;
			st->margin_outer = side - st->margin_inner;
		}
	}
}

double
style_column_width(const struct style *st)
{
	return st->page_w - st->margin_inner - st->margin_outer;
}

/* "12", "12pt", "4.5mm", "1in", "2cm", "1.2em" (of size em). */
static int
parse_length(const char *s, double em, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || errno != 0 || !isfinite(v) || v < 0 || v > 10000)
		return -1;
	while (*end == ' ')
		end++;
	if (*end == '\0' || strcmp(end, "pt") == 0)
		;
	else if (strcmp(end, "mm") == 0)
		v *= 72 / 25.4;
	else if (strcmp(end, "cm") == 0)
		v *= 72 / 2.54;
	else if (strcmp(end, "in") == 0)
		v *= 72;
	else if (strcmp(end, "em") == 0)
		v *= em;
	else
		return -1;
	*out = v;
	return 0;
}

/* "9%" */
static int
parse_percent(const char *s, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || errno != 0 || !isfinite(v) || strcmp(end, "%") != 0 ||
	    v < 0 || v > 50)
		return -1;
	*out = v;
	return 0;
}

/* A margin: a length, or a share of the page ("9%", resolved later). */
static int
parse_margin(const char *s, double em, double *len, double *pct)
{
	if (strchr(s, '%') != NULL)
		return parse_percent(s, pct);
	if (parse_length(s, em, len) == -1)
		return -1;
	*pct = 0;
	return 0;
}

static int
parse_color(const char *s, unsigned *out)
{
	char *end;
	unsigned long v;

	if (s[0] != '#' || strlen(s) != 7)
		return -1;
	v = strtoul(s + 1, &end, 16);
	if (*end != '\0')
		return -1;
	*out = (unsigned)v;
	return 0;
}

static int
parse_weight(const char *s, int *out)
{
	char *end;
	long v;

	if (!strcasecmp(s, "normal") || !strcasecmp(s, "regular"))
		v = 400;
	else if (!strcasecmp(s, "bold"))
		v = 700;
	else if (!strcasecmp(s, "semibold"))
		v = 600;
	else if (!strcasecmp(s, "light"))
		v = 300;
	else {
		v = strtol(s, &end, 10);
		if (*end != '\0' || v < 100 || v > 1000)
			return -1;
	}
	*out = (int)v;
	return 0;
}

static int
parse_align(const char *s, enum align *out)
{
	static const char *const names[] = {
		"left", "justify", "center", "right"
	};

	for (int i = 0; i < 4; i++)
		if (!strcasecmp(s, names[i])) {
			*out = (enum align)i;
			return 0;
		}
	return -1;
}

static int
parse_caps(const char *v, enum caps *caps)
{
	int on;

	if (!strcasecmp(v, "small")) {
		*caps = CAPS_SMALL;
		return 0;
	}
	if (str_bool(v, &on) == -1)
		return -1;
	*caps = on ? CAPS_ALL : CAPS_NONE;
	return 0;
}

static int
set_role(struct role_style *r, const char *prop, const char *v)
{
	if (!strcmp(prop, "font")) {
		free(r->font);
		r->font = xstrdup(v);
		return 0;
	}
	if (!strcmp(prop, "size"))
		return parse_length(v, r->size, &r->size);
	if (!strcmp(prop, "leading"))
		return parse_length(v, r->size, &r->leading);
	if (!strcmp(prop, "space-before"))
		return parse_length(v, r->size, &r->space_before);
	if (!strcmp(prop, "space-after"))
		return parse_length(v, r->size, &r->space_after);
	if (!strcmp(prop, "tracking"))
		return parse_length(v, r->size, &r->tracking);
	if (!strcmp(prop, "weight"))
		return parse_weight(v, &r->weight);
	if (!strcmp(prop, "italic"))
		return str_bool(v, &r->italic);
	if (!strcmp(prop, "caps"))
		return parse_caps(v, &r->caps);
	if (!strcmp(prop, "color"))
		return parse_color(v, &r->color);
	if (!strcmp(prop, "align"))
		return parse_align(v, &r->align);
	return -1;
}

static int
set_highlight(struct hl_look *h, const char *v)
{
	char word[32];
	const char *p = v;
	int n;

	h->bold = h->italic = 0;
	/* "#rrggbb [bold] [italic]" */
	while (sscanf(p, "%31s%n", word, &n) == 1) {
		if (word[0] == '#') {
			if (parse_color(word, &h->color) == -1)
				return -1;
		} else if (!strcmp(word, "bold"))
			h->bold = 1;
		else if (!strcmp(word, "italic"))
			h->italic = 1;
		else
			return -1;
		p += n;
	}
	return 0;
}

int
style_set(struct style *st, const char *key, const char *value,
    const char *file, unsigned line)
{
	const char *dot = strchr(key, '.');
	const char *prop = dot ? dot + 1 : "";
	size_t plen = dot ? (size_t)(dot - key) : strlen(key);
	double em = st->role[ROLE_BODY].size;
	int rc = -1;

	if (!strcmp(key, "page.size")) {
		double w, h;
		char ws[32], hs[32];

		if ((rc = style_set_paper(st, value)) == 0)
			goto out;
		/* "210mm 297mm" */
		if (sscanf(value, "%31s %31s", ws, hs) == 2 &&
		    parse_length(ws, em, &w) == 0 &&
		    parse_length(hs, em, &h) == 0 && w > 72 && h > 72) {
			st->page_w = w;
			st->page_h = h;
			rc = 0;
		}
	} else if (!strcmp(key, "page.margin-top"))
		rc = parse_margin(value, em, &st->margin_top, &st->top_pct);
	else if (!strcmp(key, "page.margin-bottom"))
		rc = parse_margin(value, em, &st->margin_bottom,
		    &st->bottom_pct);
	else if (!strcmp(key, "page.margin-inner")) {
		if ((rc = parse_length(value, em, &st->margin_inner)) == 0)
			st->measure = 0;
	} else if (!strcmp(key, "page.margin-outer")) {
		if ((rc = parse_length(value, em, &st->margin_outer)) == 0)
			st->measure = 0;
	} else if (!strcmp(key, "page.measure")) {
		/* In ems of the body size, whatever size it ends up. */
		size_t n = strlen(value);

		if (n > 2 && !strcmp(value + n - 2, "em") &&
		    parse_length(value, 1, &st->measure) == 0 &&
		    st->measure >= 10)
			rc = 0;
		else
			st->measure = 0;
	} else if (!strcmp(key, "page.inner-share")) {
		double v;

		if (parse_percent(value, &v) == 0 && v > 0 && v < 100) {
			st->inner_share = v / 100;
			rc = 0;
		}
	} else if (!strcmp(key, "page.two-sided"))
		rc = str_bool(value, &st->two_sided);
	else if (!strcmp(key, "page.scale-type"))
		rc = str_bool(value, &st->scale_type);
	else if (!strcmp(key, "list.indent"))
		rc = parse_length(value, em, &st->list_indent);
	else if (!strcmp(key, "quote.indent"))
		rc = parse_length(value, em, &st->quote_indent);
	else if (!strcmp(key, "quote.bar"))
		rc = parse_color(value, &st->quote_bar);
	else if (!strcmp(key, "code.background"))
		rc = parse_color(value, &st->code_background);
	else if (!strcmp(key, "code.mark"))
		rc = parse_color(value, &st->code_mark);
	else if (!strcmp(key, "code.padding"))
		rc = parse_length(value, em, &st->code_padding);
	else if (!strcmp(key, "link.color"))
		rc = parse_color(value, &st->link_color);
	else if (!strcmp(key, "rule.color"))
		rc = parse_color(value, &st->rule_color);
	else if (!strcmp(key, "table.rule"))
		rc = parse_color(value, &st->table_rule);
	else if (!strcmp(key, "table.header-background")) {
		if (!strcasecmp(value, "none")) {
			st->header_background = COLOR_NONE;
			rc = 0;
		} else
			rc = parse_color(value, &st->header_background);
	}
	else if (!strncmp(key, "alert.", 6)) {
		for (int a = ALERT_NOTE; a < NALERTS; a++)
			if (!strcmp(key + 6, style_alert_name((enum alert)a))) {
				rc = parse_color(value, &st->alert_color[a]);
				goto out;
			}
	} else if (!strcmp(key, "text.widows") || !strcmp(key, "text.orphans")) {
		int v = atoi(value);

		if (v >= 1 && v <= 5) {
			*(key[5] == 'w' ? &st->widows : &st->orphans) = v;
			rc = 0;
		}
	} else if (!strcmp(key, "text.hyphenate"))
		rc = str_bool(value, &st->hyphenate);
	else if (!strcmp(key, "links.url-notes"))
		rc = str_bool(value, &st->url_notes);
	else if (!strcmp(key, "image.captions"))
		rc = str_bool(value, &st->captions);
	else if (!strncmp(key, "highlight.", 10)) {
		for (int c = 1; c < HL_NCLASSES; c++)
			if (!strcmp(key + 10, hl_class_name((enum hl_class)c))) {
				rc = set_highlight(&st->hl[c], value);
				goto out;
			}
	} else {
		/* "role.property": after the keys above, some of which
		 * share a role's name (quote.indent, code.background). */
		for (int i = 0; i < NROLES; i++)
			if (strlen(role_names[i]) == plen &&
			    !strncmp(key, role_names[i], plen)) {
				rc = set_role(&st->role[i], prop, value);
				break;
			}
	}
out:
	if (rc == -1)
		diag(DIAG_WARNING, file, line,
		    "style: ignoring '%s: %s' (unknown key or bad value)",
		    key, value);
	return rc;
}

void
style_apply(struct style *st, const struct kv *kv, size_t n,
    const char *prefix, const char *file)
{
	size_t plen = prefix ? strlen(prefix) : 0;

	for (size_t i = 0; i < n; i++) {
		if (plen && strncmp(kv[i].key, prefix, plen) != 0)
			continue;
		style_set(st, kv[i].key + plen, kv[i].value, file, 0);
	}
}

static int
apply_file(struct style *st, const char *path)
{
	struct source src;
	struct ynode *root = NULL;
	struct kv *kv = NULL;
	size_t n = 0;
	int rc = -1;

	if (source_read(&src, path) == -1)
		goto out;
	if (yamlmap_parse(path, 1, "style", src.text, src.len, &root) == -1)
		goto out;
	if (root != NULL && root->type != YNODE_MAP) {
		diag(DIAG_ERROR, path, root->line,
		    "a style is a mapping of role: properties");
		goto out;
	}
	if (root != NULL)
		yamlmap_flatten(root, &kv, &n);
	style_apply(st, kv, n, NULL, path);
	rc = 0;
out:
	kv_free(kv, n);
	yamlmap_free(root);
	source_free(&src);
	return rc;
}

int
style_load(struct style *st, const char *datadir, const char *name)
{
	char *path = NULL;
	int rc = -1;

	path = xasprintf("%s/styles/default.yaml", datadir);
	if (apply_file(st, path) == -1)
		goto out;
	if (name == NULL || !strcmp(name, "default")) {
		rc = 0;
		goto out;
	}
	free(path);
	if (strchr(name, '/') != NULL || strstr(name, ".yaml") != NULL ||
	    strstr(name, ".yml") != NULL)
		path = xstrdup(name);
	else
		path = xasprintf("%s/styles/%s.yaml", datadir, name);
	rc = apply_file(st, path);
out:
	free(path);
	return rc;
}

int
style_fold_sheet(const struct style *st, double *w, double *h)
{
	static const char *const sheets[] = { "a4", "letter" };

	for (size_t i = 0; i < sizeof(sheets) / sizeof(*sheets); i++)
		for (size_t j = 0; j < sizeof(papers) / sizeof(*papers); j++)
			if (!strcmp(papers[j].name, sheets[i]) &&
			    fabs(2 * st->page_w - papers[j].h) < 3 &&
			    fabs(st->page_h - papers[j].w) < 3) {
				*w = papers[j].h;
				*h = papers[j].w;
				return 0;
			}
	return -1;
}
