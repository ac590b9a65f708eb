/* mathtree.c - formula trees: building, sharing, freeing. */
#include "mathtree.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

struct math_node *
math_node_new(enum math_kind kind)
{
	struct math_node *n = xcalloc(1, sizeof(*n));

	n->kind = kind;
	n->cls = MC_ORD;
	n->style = -1;
	return n;
}

void
math_node_add(struct math_node *list, struct math_node *kid)
{
	list->kids = xreallocarray(list->kids, list->nkids + 1,
	    sizeof(*list->kids));
	list->kids[list->nkids++] = kid;
}

void
math_node_free(struct math_node *n)
{
	if (n == NULL)
		return;
	math_node_free(n->a);
	math_node_free(n->b);
	math_node_free(n->c);
	for (size_t i = 0; i < n->nkids; i++)
		math_node_free(n->kids[i]);
	free(n->kids);
	free(n->align);
	free(n);
}

struct math *
math_new(struct math_node *root, int display)
{
	struct math *m = xcalloc(1, sizeof(*m));

	m->refs = 1;
	m->display = display;
	m->root = root;
	return m;
}

struct math *
math_ref(struct math *m)
{
	m->refs++;
	return m;
}

void
math_unref(struct math *m)
{
	if (m == NULL || --m->refs > 0)
		return;
	math_node_free(m->root);
	free(m->warning);
	free(m->file);
	free(m);
}

static gpointer
attr_copy(gconstpointer data)
{
	return math_ref((struct math *)data);
}

static void
attr_destroy(gpointer data)
{
	math_unref(data);
}

PangoAttribute *
math_attr_new(struct math *m)
{
	PangoRectangle r = { 0, 0, 0, 0 };

	return pango_attr_shape_new_with_data(&r, &r, math_ref(m), attr_copy,
	    attr_destroy);
}

struct math *
math_attr_get(const PangoAttribute *a)
{
	const PangoAttrShape *s = (const PangoAttrShape *)a;

	if (a->klass->type != PANGO_ATTR_SHAPE || s->copy_func != attr_copy)
		return NULL;
	return s->data;
}

/* ---- characters ---- */

/* Unicode's math alphanumerics: where the alphabet of variant v starts
 * for 'A', 'a', '0' and Greek capitals and small letters (0: none). */
static const uint32_t alphabets[][5] = {
	[MV_NORMAL] = { 0x1D434, 0x1D44E, 0, 0, 0x1D6FC },
	[MV_ROMAN] = { 0, 0, 0, 0, 0 },
	[MV_BOLD] = { 0x1D400, 0x1D41A, 0x1D7CE, 0x1D6A8, 0x1D6C2 },
	[MV_ITALIC] = { 0x1D434, 0x1D44E, 0, 0x1D6E2, 0x1D6FC },
	[MV_BOLD_ITALIC] = { 0x1D468, 0x1D482, 0x1D7CE, 0x1D71C, 0x1D736 },
	[MV_SCRIPT] = { 0x1D49C, 0x1D4B6, 0, 0, 0 },
	[MV_FRAKTUR] = { 0x1D504, 0x1D51E, 0, 0, 0 },
	[MV_DOUBLE] = { 0x1D538, 0x1D552, 0x1D7D8, 0, 0 },
	[MV_SANS] = { 0x1D5A0, 0x1D5BA, 0x1D7E2, 0, 0 },
	[MV_MONO] = { 0x1D670, 0x1D68A, 0x1D7F6, 0, 0 },
};

/* Letters Unicode had before the math block: the holes in it. */
static const uint32_t holes[][3] = {
	{ MV_NORMAL, 'h', 0x210E }, { MV_ITALIC, 'h', 0x210E },
	{ MV_SCRIPT, 'B', 0x212C }, { MV_SCRIPT, 'E', 0x2130 },
	{ MV_SCRIPT, 'F', 0x2131 }, { MV_SCRIPT, 'H', 0x210B },
	{ MV_SCRIPT, 'I', 0x2110 }, { MV_SCRIPT, 'L', 0x2112 },
	{ MV_SCRIPT, 'M', 0x2133 }, { MV_SCRIPT, 'R', 0x211B },
	{ MV_SCRIPT, 'e', 0x212F }, { MV_SCRIPT, 'g', 0x210A },
	{ MV_SCRIPT, 'o', 0x2134 }, { MV_FRAKTUR, 'C', 0x212D },
	{ MV_FRAKTUR, 'H', 0x210C }, { MV_FRAKTUR, 'I', 0x2111 },
	{ MV_FRAKTUR, 'R', 0x211C }, { MV_FRAKTUR, 'Z', 0x2128 },
	{ MV_DOUBLE, 'C', 0x2102 }, { MV_DOUBLE, 'H', 0x210D },
	{ MV_DOUBLE, 'N', 0x2115 }, { MV_DOUBLE, 'P', 0x2119 },
	{ MV_DOUBLE, 'Q', 0x211A }, { MV_DOUBLE, 'R', 0x211D },
	{ MV_DOUBLE, 'Z', 0x2124 },
};

/* Greek symbols that follow the small letters in each math alphabet. */
static const uint32_t greek_tail[] = {
	0x2202, 0x3F5, 0x3D1, 0x3F0, 0x3D5, 0x3F1, 0x3D6
};

uint32_t
math_styled(uint32_t cp, enum math_variant v)
{
	const uint32_t *a = alphabets[v];

	for (size_t i = 0; i < sizeof(holes) / sizeof(*holes); i++)
		if (holes[i][0] == v && holes[i][1] == cp)
			return holes[i][2];
	if (cp >= 'A' && cp <= 'Z' && a[0])
		return a[0] + cp - 'A';
	if (cp >= 'a' && cp <= 'z' && a[1])
		return a[1] + cp - 'a';
	if (cp >= '0' && cp <= '9' && a[2])
		return a[2] + cp - '0';
	if (cp >= 0x391 && cp <= 0x3A9 && a[3])
		return a[3] + cp - 0x391;
	if (cp >= 0x3B1 && cp <= 0x3C9 && a[4])
		return a[4] + cp - 0x3B1;
	for (size_t i = 0; i < sizeof(greek_tail) / sizeof(*greek_tail); i++)
		if (cp == greek_tail[i] && a[4])
			return a[4] + 0x19 + i;
	return cp;
}

uint32_t
math_text_cp(const struct math_node *n)
{
	if (n->variant == MV_NORMAL || n->variant == MV_ITALIC ||
	    n->variant == MV_ROMAN)
		return n->cp;
	return math_styled(n->cp, n->variant);
}

/* ---- plain text ---- */

/* Unicode's superscript and subscript forms of the characters that
 * have one. */
static const uint32_t sups[][2] = {
	{ '0', 0x2070 }, { '1', 0xB9 }, { '2', 0xB2 }, { '3', 0xB3 },
	{ '4', 0x2074 }, { '5', 0x2075 }, { '6', 0x2076 }, { '7', 0x2077 },
	{ '8', 0x2078 }, { '9', 0x2079 }, { '+', 0x207A }, { 0x2212, 0x207B },
	{ '-', 0x207B }, { '=', 0x207C }, { '(', 0x207D }, { ')', 0x207E },
	{ 'a', 0x1D43 }, { 'b', 0x1D47 }, { 'c', 0x1D9C }, { 'd', 0x1D48 },
	{ 'e', 0x1D49 }, { 'f', 0x1DA0 }, { 'g', 0x1D4D }, { 'h', 0x2B0 },
	{ 'i', 0x2071 }, { 'j', 0x2B2 }, { 'k', 0x1D4F }, { 'l', 0x2E1 },
	{ 'm', 0x1D50 }, { 'n', 0x207F }, { 'o', 0x1D52 }, { 'p', 0x1D56 },
	{ 'r', 0x2B3 }, { 's', 0x2E2 }, { 't', 0x1D57 }, { 'u', 0x1D58 },
	{ 'v', 0x1D5B }, { 'w', 0x2B7 }, { 'x', 0x2E3 }, { 'y', 0x2B8 },
	{ 'z', 0x1DBB }, { 'T', 0x1D40 }, { 0x2032, 0x2032 },
};

static const uint32_t subs[][2] = {
	{ '0', 0x2080 }, { '1', 0x2081 }, { '2', 0x2082 }, { '3', 0x2083 },
	{ '4', 0x2084 }, { '5', 0x2085 }, { '6', 0x2086 }, { '7', 0x2087 },
	{ '8', 0x2088 }, { '9', 0x2089 }, { '+', 0x208A }, { 0x2212, 0x208B },
	{ '-', 0x208B }, { '=', 0x208C }, { '(', 0x208D }, { ')', 0x208E },
	{ 'a', 0x2090 }, { 'e', 0x2091 }, { 'o', 0x2092 }, { 'x', 0x2093 },
	{ 'h', 0x2095 }, { 'k', 0x2096 }, { 'l', 0x2097 }, { 'm', 0x2098 },
	{ 'n', 0x2099 }, { 'p', 0x209A }, { 's', 0x209B }, { 't', 0x209C },
	{ 'i', 0x1D62 }, { 'j', 0x2C7C }, { 'r', 0x1D63 }, { 'u', 0x1D64 },
	{ 'v', 0x1D65 },
};

static void plain(struct buf *b, const struct math_node *n, int tight);

/* n as text on its own, without spaces when tight (in a script). */
static char *
plain_of(const struct math_node *n, int tight)
{
	struct buf b = {0};

	if (n != NULL)
		plain(&b, n, tight);
	return b.data ? buf_take(&b) : xstrdup("");
}

/* Whether s reads as one thing (a number, a word, a letter with
 * scripts) that needs no parentheses after '/' or '^'. */
static int
one_thing(const char *s)
{
	for (const char *p = s; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);

		if (!g_unichar_isalnum(c) && !g_unichar_ismark(c) &&
		    !(c >= 0x2070 && c <= 0x209C) && c != 0xB2 && c != 0xB3 &&
		    c != 0xB9 && c != 0x2032 && !(c >= 0x1D43 && c <= 0x1DBF))
			return 0;
	}
	return *s != '\0';
}

/* A script: in Unicode's small forms when it has one for every
 * character, else mark ('^' or '_') and the script, in parentheses when
 * it is more than one character ("e^(iπ)"). */
static void
script(struct buf *b, const struct math_node *n, const uint32_t (*map)[2],
    size_t nmap, char mark)
{
	char *s = plain_of(n, 1);
	struct buf small = {0};
	int all = *s != '\0';

	for (const char *p = s; *p && all; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		size_t i;

		for (i = 0; i < nmap && map[i][0] != c; i++)
			;
		if (i == nmap)
			all = 0;
		else
			buf_put_utf8(&small, map[i][1]);
	}
	if (all)
		buf_puts(b, small.data);
	else if (*s) {
		buf_putc(b, mark);
		if (g_utf8_strlen(s, -1) == 1)
			buf_puts(b, s);
		else
			buf_printf(b, "(%s)", s);
	}
	buf_free(&small);
	free(s);
}

/* A formula's part as a whole, in parentheses unless it is one thing
 * ("(a+b)/2", "n/2"). */
static void
operand(struct buf *b, const struct math_node *n)
{
	char *s = plain_of(n, 1);

	if (one_thing(s) || g_utf8_strlen(s, -1) <= 1)
		buf_puts(b, s);
	else
		buf_printf(b, "(%s)", s);
	free(s);
}

/* The class a node stands as in its row, for spacing. */
static int
plain_class(const struct math_node *n)
{
	if (n->kind == MATH_SCRIPTS)
		return plain_class(n->a);
	if (n->kind == MATH_SPACE || n->kind == MATH_STYLE ||
	    (n->kind == MATH_LIST && n->nkids == 0))
		return -1;
	if (n->kind == MATH_BIG && n->flag)
		return MC_REL;	/* \middle|: "{x | x > 0}" reads better */
	return (int)n->cls;
}

static void
plain_row(struct buf *b, const struct math_node *n, int tight)
{
	int prev = -1;

	for (size_t i = 0; i < n->nkids; i++) {
		const struct math_node *k = n->kids[i];
		int cls = plain_class(k);

		/* a binary operator with nothing on its left is a sign */
		if (cls == MC_BIN && (prev < 0 || prev == MC_BIN ||
		    prev == MC_REL || prev == MC_OPEN || prev == MC_PUNCT ||
		    prev == MC_OP))
			cls = MC_ORD;
		/* spaces around relations, binary operators and named
		 * ones, and after commas: "a + b = c", "n log n", "f(x, y)" */
		if (!tight && cls >= 0 && prev >= 0 && b->len > 0 &&
		    b->data[b->len - 1] != ' ' && (cls == MC_REL ||
		    cls == MC_BIN || prev == MC_REL || prev == MC_BIN ||
		    prev == MC_PUNCT || (cls == MC_OP && prev != MC_OPEN) ||
		    (prev == MC_OP && (cls == MC_ORD || cls == MC_OP ||
		    cls == MC_INNER))))
			buf_putc(b, ' ');
		plain(b, k, tight);
		if (cls >= 0)
			prev = cls;
	}
}

static void
plain(struct buf *b, const struct math_node *n, int tight)
{
	switch (n->kind) {
	case MATH_LIST:
		plain_row(b, n, tight);
		break;
	case MATH_SYM: {
		uint32_t cp = math_text_cp(n);

		/* the math alphabets beyond the BMP (𝒪, 𝐯, 𝔤) are boxes in
		 * many a viewer's bookmarks: their letters; ℝ, ℕ stay */
		buf_put_utf8(b, cp > 0xFFFF ? n->cp : cp);
		break;
	}
	case MATH_FRAC:
		if (n->flag) {	/* \binom */
			char *top = plain_of(n->a, 1), *bot = plain_of(n->b, 1);

			buf_printf(b, "C(%s, %s)", top, bot);
			free(top);
			free(bot);
			break;
		}
		operand(b, n->a);
		buf_putc(b, '/');
		operand(b, n->b);
		break;
	case MATH_ROOT: {
		char *idx = n->b ? plain_of(n->b, 1) : NULL;

		if (idx != NULL && !strcmp(idx, "3"))
			buf_put_utf8(b, 0x221B);
		else if (idx != NULL && !strcmp(idx, "4"))
			buf_put_utf8(b, 0x221C);
		else {
			if (idx != NULL && *idx)
				script(b, n->b, sups, sizeof(sups) /
				    sizeof(*sups), '^');
			buf_put_utf8(b, 0x221A);
		}
		free(idx);
		operand(b, n->a);
		break;
	}
	case MATH_SCRIPTS:
		plain(b, n->a, tight);
		if (n->c)
			script(b, n->c, subs, sizeof(subs) / sizeof(*subs),
			    '_');
		if (n->b)
			script(b, n->b, sups, sizeof(sups) / sizeof(*sups),
			    '^');
		break;
	case MATH_ACCENT: {
		char *s = plain_of(n->a, tight);

		buf_puts(b, s);
		/* a combining accent on one character (x̂, v⃗) */
		if (g_utf8_strlen(s, -1) == 1 && ((n->cp >= 0x300 &&
		    n->cp < 0x370) || (n->cp >= 0x20D0 && n->cp < 0x2100)))
			buf_put_utf8(b, n->cp);
		free(s);
		break;
	}
	case MATH_FENCED:
		if (n->open)
			buf_put_utf8(b, n->open);
		plain(b, n->a, tight);
		if (n->close)
			buf_put_utf8(b, n->close);
		break;
	case MATH_BIG:
		buf_put_utf8(b, n->cp);
		break;
	case MATH_ARRAY:
		/* cells side by side, rows after "; " */
		if (n->open)
			buf_put_utf8(b, n->open);
		for (size_t r = 0; r < n->rows; r++) {
			if (r > 0)
				buf_puts(b, "; ");
			for (size_t k = 0; k < n->cols; k++) {
				const struct math_node *cell =
				    n->kids[r * n->cols + k];
				char *s = plain_of(cell, tight);

				if (k > 0 && *s && !(n->pairs && k % 2))
					buf_putc(b, ' ');
				if (k > 0 && *s && n->pairs && k % 2 &&
				    cell->nkids > 0 &&
				    plain_class(cell->kids[0]) == MC_REL)
					buf_putc(b, ' ');
				buf_puts(b, s);
				free(s);
			}
		}
		if (n->close)
			buf_put_utf8(b, n->close);
		break;
	case MATH_SPACE:
		if (!tight && n->arg >= 5 && b->len > 0 &&
		    b->data[b->len - 1] != ' ')
			buf_putc(b, ' ');
		break;
	case MATH_STYLE:
		break;
	case MATH_LINE:
		if (n->flag < 3)
			plain(b, n->a, tight);
		break;
	case MATH_STACK:
		if (n->cp != 0)
			buf_put_utf8(b, n->cp);
		else
			plain(b, n->b, tight);
		break;
	}
}

char *
math_plain(const struct math_node *n)
{
	char *s = plain_of(n, 0);
	size_t len = strlen(s);

	/* no space at either end */
	while (len > 0 && s[len - 1] == ' ')
		s[--len] = '\0';
	if (s[0] == ' ')
		memmove(s, s + 1, len);
	return s;
}
