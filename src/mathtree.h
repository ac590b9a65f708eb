/*
 * mathtree.h - a TeX formula as a tree of math atoms: what read/mathparse.c
 * makes of the source and layout/mathlayout.c sets in type. A formula
 * travels in a block's text as one object character carrying a Pango
 * shape attribute (math_attr_new); measuring replaces that attribute by
 * one holding the typeset box.
 */
#ifndef QUIRE_MATHTREE_H
#define QUIRE_MATHTREE_H

#include <stddef.h>
#include <stdint.h>

#include <pango/pango.h>

/* Longest formula source read, bytes; deepest nesting of groups. */
#define MATH_MAX_LEN	16384
#define MATH_MAX_DEPTH	48

/* TeX's atom classes: they decide the spacing between neighbours. */
enum math_class {
	MC_ORD, MC_OP, MC_BIN, MC_REL, MC_OPEN, MC_CLOSE, MC_PUNCT, MC_INNER
};

/* Alphabets of \mathbf, \mathcal, ... (Unicode's math alphanumerics). */
enum math_variant {
	MV_NORMAL,	/* letters italic, the rest upright */
	MV_ROMAN, MV_BOLD, MV_ITALIC, MV_BOLD_ITALIC, MV_SCRIPT, MV_FRAKTUR,
	MV_DOUBLE, MV_SANS, MV_MONO
};

enum math_kind {
	MATH_LIST,	/* kids in a row; cls is the row's class as an atom */
	MATH_SYM,	/* one character cp; big: a large operator */
	MATH_FRAC,	/* a over b; flag: no rule (\binom); open/close */
	MATH_ROOT,	/* the radical of a, index b (or NULL) */
	MATH_SCRIPTS,	/* nucleus a, superscript b, subscript c (NULL: none) */
	MATH_ACCENT,	/* accent cp over a (flag 1: under); arg 1: stretched
			   to a's width (\widehat, \overbrace) */
	MATH_FENCED,	/* a between open and close stretched to it (0: none) */
	MATH_BIG,	/* delimiter cp at fixed size arg (1..4: \big..\Bigg);
			   flag 1: \middle, the size of its FENCED */
	MATH_ARRAY,	/* rows x cols cells in kids; align per column;
			   open/close delimiters (0: none) */
	MATH_SPACE,	/* arg mu of space (18 mu to the em) */
	MATH_STYLE,	/* arg: style for the rest of the row (0 display ..
			   3 scriptscript) */
	MATH_LINE,	/* a over- (flag 0) or underlined (1), framed (2,
			   \boxed), or its room only (3 \phantom, 4 its
			   width, 5 its height) */
	MATH_STACK	/* b with a set small above it (flag 1: below); with
			   cp, b is arrow cp grown under a and over c
			   (\xrightarrow) */
};

struct math_node {
	enum math_kind kind;
	enum math_class cls;
	uint32_t cp;		/* SYM, ACCENT, BIG: the character */
	enum math_variant variant;	/* SYM */
	int	 big;		/* SYM: a large operator (\sum, \int) */
	int	 limits;	/* OP atoms: 1 \limits, -1 \nolimits, 0 TeX's
				   choice (limits in display, not for \int) */
	int	 flag;		/* see the kinds */
	int	 style;		/* FRAC and ARRAY: forced style, or -1 */
	double	 arg;		/* SPACE, BIG, STYLE */
	struct math_node *a, *b, *c;
	struct math_node **kids;	/* LIST, ARRAY (row-major) */
	size_t	 nkids;
	size_t	 rows, cols;	/* ARRAY */
	char	*align;		/* ARRAY: 'l', 'c' or 'r' per column */
	double	 colsep;	/* ARRAY: em between columns */
	int	 pairs;		/* ARRAY: columns go right/left in pairs
				   (aligned) */
	uint32_t open, close;	/* FRAC, FENCED, ARRAY delimiters */
	uint32_t color;		/* MATH_RGB(r, g, b) for what this atom draws
				   that no atom inside it colours; 0: the
				   text's colour */
};

/* A colour of a node, glyph or rule: 0xRRGGBB with a bit saying it is
 * set, so that black differs from "the text's colour" (0). */
#define MATH_COLOR_SET	0x1000000u
#define MATH_RGB(rgb)	(MATH_COLOR_SET | ((rgb) & 0xFFFFFFu))

/* A parsed formula, shared by the attributes that carry it. */
struct math {
	unsigned refs;
	int	 display;	/* set on its own line, display style */
	struct math_node *root;	/* a MATH_LIST */
	/* What the source asks that is shown otherwise ("unknown colour
	 * 'foo': ..."), for the reader's one warning; NULL when nothing.
	 * Owned. */
	char	*warning;
	char	*file;		/* where it was read, for messages (owned; may
				   be NULL) */
	unsigned line;
	int	 warned;	/* layout has warned it does not fit */
};

/* A zeroed node of kind; cls MC_ORD, style -1. */
struct math_node *math_node_new(enum math_kind kind);
/* Appends kid to list (a MATH_LIST or MATH_ARRAY); list owns it. */
void	math_node_add(struct math_node *list, struct math_node *kid);
/* Frees n and everything under it; NULL is fine. */
void	math_node_free(struct math_node *n);
/* A formula holding root (taken over), one reference. */
struct math *math_new(struct math_node *root, int display);
struct math *math_ref(struct math *m);
/* Drops a reference; the last frees the tree. NULL is fine. */
void	math_unref(struct math *m);
/*
 * A shape attribute carrying m (it takes a reference) over the object
 * character that stands for the formula; its size is unknown (0) until
 * measured.
 */
PangoAttribute *math_attr_new(struct math *m);
/* The formula a math_attr_new attribute carries, else NULL. */
struct math *math_attr_get(const PangoAttribute *a);

/* The character cp in alphabet v (Unicode's math alphanumerics:
 * 'R' in MV_DOUBLE is U+211D); cp itself when v has none for it. */
uint32_t math_styled(uint32_t cp, enum math_variant v);
/* The character symbol n reads as in text: letters as letters, the
 * alphabets that mean something else (ℝ, 𝐯, 𝔤) as they are. */
uint32_t math_text_cp(const struct math_node *n);
/*
 * Formula tree n as plain Unicode text, for where only text goes (PDF
 * title, bookmarks, running heads): O(n²), α → β, √(x+1), (a+b)/2, x_(i,j)
 * when Unicode has no subscript for every character; ℝ, but the plain
 * letter of alphabets beyond the BMP (\mathcal{O} is O). A new
 * string.
 */
char	*math_plain(const struct math_node *n);

/* The character a formula stands as in a block's text: U+FFFC. */
#define MATH_OBJECT "\xEF\xBF\xBC"

#endif
