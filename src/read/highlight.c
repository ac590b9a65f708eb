/*
 * highlight.c - syntax highlighting of code blocks.
 *
 * One scanner, scan_code(), reads any C-like, shell-like or SQL-like
 * language from a table (struct lang): comment and string delimiters,
 * word lists, a variable sigil, flags. What a table cannot say lives in a
 * small per-language hook that scan_code() asks first at every token.
 * Markup, diff, Markdown and YAML are line- or tag-shaped rather than
 * token-shaped and have scanners of their own.
 *
 * Every scanner only moves forward; any look-ahead is either consumed
 * afterwards or capped at a constant, so the time is linear in the input.
 */
#include "highlight.h"

#include <stddef.h>
#include <string.h>

#include "util.h"

/* How far a bracketed construct (${...}, [type]) may reach. */
#define REACH	256

/* String delimiter flags. */
#define Q_MULTI		0x01	/* may span lines */
#define Q_DOUBLE	0x02	/* a doubled delimiter stands for itself */
#define Q_INTERP	0x04	/* $name, ${...}, $(...) inside are variables */
#define Q_BRACE		0x08	/* ${...} inside is a variable */
#define Q_TRIPLE	0x10	/* tripled delimiters open a multi-line string */
#define Q_HERE		0x20	/* PowerShell here-string: @" ... \n"@ */

/* Language flags. */
#define L_FOLD		0x001	/* word lists ignore case */
#define L_PREPROC	0x002	/* # first on a line starts a directive */
#define L_CALLS		0x004	/* a name before ( is a function */
#define L_KEYS		0x008	/* a string before : is a key */
#define L_CAPTYPE	0x010	/* a Capitalised name is a type */
#define L_HASHWORD	0x020	/* # starts a comment only between words */
#define L_DECORATOR	0x040	/* @name is metadata */
#define L_STRPREFIX	0x080	/* r"", b'', f"" */
#define L_REGEX		0x100	/* /re/ literals */
#define L_DASHWORD	0x200	/* Verb-Noun names are functions */
#define L_SCOPED	0x400	/* $scope:name variables */

struct scan;

struct quote {
	char	 ch;		/* opening and closing byte */
	char	 esc;		/* escape byte, or 0 */
	unsigned flags;		/* Q_* */
};

struct lang {
	const char *names;	/* name and aliases, space separated */
	void	(*run)(struct scan *);	/* the scanner */
	unsigned flags;		/* L_* */
	const char *comment[2];	/* line comment starts */
	const char *block[2];	/* block comment opening and closing */
	struct quote quotes[4];	/* string delimiters, ch 0 ends */
	const char *namex;	/* bytes allowed in names besides alnum, _ */
	char	 sigil;		/* variable prefix, or 0 */
	const char *specvars;	/* bytes that make one-byte variables */
	const char *keywords;	/* space-separated word lists */
	const char *types;
	const char *builtins;
	const char *defs;	/* keywords naming a function next */
	const char *decls;	/* keywords naming a type next */
	int	(*special)(struct scan *);	/* hook, nonzero if it ate */
};

struct spans {
	struct hl_span *v;	/* the spans */
	size_t	 n;		/* used */
	size_t	 cap;		/* allocated */
};

struct scan {
	const struct lang *lang;	/* what is being scanned */
	const unsigned char *s;	/* the code */
	size_t	 len;		/* end of the part being scanned */
	size_t	 i;		/* current position */
	struct spans *out;	/* where spans go */
	enum hl_class next;	/* class of the next name (after def) */
	int	 value;		/* last token ended a value: / divides */
	size_t	 noregex;	/* no regex literal closes before here */
	size_t	 stmt_end;	/* CSS: end of the current statement */
	int	 selector;	/* CSS: the statement is a selector */
	int	 first;		/* CSS: no token yet in the statement */
	size_t	 hd_tag;	/* shell: pending here-document tag */
	size_t	 hd_len;	/* its length, 0 if none */
	int	 hd_dash;	/* <<- strips leading tabs */
};

static const char *const class_names[HL_NCLASSES] = {
	"plain", "keyword", "type", "builtin", "string", "number",
	"comment", "variable", "function", "operator", "attribute", "tag",
	"meta", "inserted", "deleted", "heading"
};

static void	scan_code(struct scan *);
static const struct lang *find_lang(const char *, size_t);

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	    c >= 0x80;
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_alnum(int c)
{
	return is_alpha(c) || is_digit(c);
}

static int
is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Whether c is one of the bytes of set; NUL never is. */
static int
in_set(const char *set, int c)
{
	return c != 0 && strchr(set, c) != NULL;
}

/* The byte at p, or 0 past the end: 0 matches nothing we look for. */
static unsigned char
at(const struct scan *sc, size_t p)
{
	return p < sc->len ? sc->s[p] : 0;
}

static int
name_start(const struct scan *sc, unsigned char c)
{
	/* A - may continue a name (CSS, shell) but never start one. */
	return is_alpha(c) || (c != '-' && sc->lang->namex != NULL &&
	    in_set(sc->lang->namex, c));
}

static size_t
name_end(const struct scan *sc, size_t p)
{
	const char *x = sc->lang->namex;

	while (p < sc->len) {
		if (is_alnum(sc->s[p]) ||
		    (x != NULL && in_set(x, sc->s[p])))
			p++;
		else if ((sc->lang->flags & L_DASHWORD) && sc->s[p] == '-' &&
		    is_alpha(at(sc, p + 1)))
			p++;
		else
			break;
	}
	return p;
}

static size_t
line_end(const struct scan *sc, size_t p)
{
	const unsigned char *nl;

	if (p >= sc->len)
		return sc->len;
	nl = memchr(sc->s + p, '\n', sc->len - p);
	return nl != NULL ? (size_t)(nl - sc->s) : sc->len;
}

static size_t
skip_blanks(const struct scan *sc, size_t p)
{
	while (p < sc->len && is_blank(sc->s[p]))
		p++;
	return p;
}

/* Whether only blanks precede p on its line. */
static int
at_bol(const struct scan *sc, size_t p)
{
	while (p > 0 && is_blank(sc->s[p - 1]))
		p--;
	return p == 0 || sc->s[p - 1] == '\n';
}

/* Length of lit if the code has it at p, else 0. */
static size_t
lit(const struct scan *sc, size_t p, const char *lit)
{
	size_t n = strlen(lit);

	if (n == 0 || p > sc->len || sc->len - p < n ||
	    memcmp(sc->s + p, lit, n) != 0)
		return 0;
	return n;
}

/* The same, ignoring ASCII case. */
static size_t
lit_fold(const struct scan *sc, size_t p, const char *lit)
{
	size_t k, n = strlen(lit);

	if (p > sc->len || sc->len - p < n)
		return 0;
	for (k = 0; k < n; k++)
		if (lower(sc->s[p + k]) != lower((unsigned char)lit[k]))
			return 0;
	return n;
}

/* Whether w[0..n) is a word of the space-separated list. */
static int
in_list(const char *list, const unsigned char *w, size_t n, int fold)
{
	const char *p, *e;
	size_t k;

	if (list == NULL)
		return 0;
	for (p = list; *p != '\0'; p = e) {
		while (*p == ' ')
			p++;
		for (e = p; *e != ' ' && *e != '\0'; e++)
			continue;
		if ((size_t)(e - p) != n || n == 0)
			continue;
		for (k = 0; k < n; k++)
			if (fold ? lower(w[k]) != lower((unsigned char)p[k]) :
			    w[k] != (unsigned char)p[k])
				break;
		if (k == n)
			return 1;
	}
	return 0;
}

static int
in_lang_list(const struct scan *sc, const char *list, size_t a, size_t b)
{
	return in_list(list, sc->s + a, b - a, sc->lang->flags & L_FOLD);
}

static void
emit(struct scan *sc, size_t start, size_t end, enum hl_class cls)
{
	struct spans *o = sc->out;
	struct hl_span *last;

	if (end > sc->len)
		end = sc->len;
	/* A safety net: a scanner bug must not break the promised order. */
	if (o->n > 0 && start < o->v[o->n - 1].end)
		start = o->v[o->n - 1].end;
	if (start >= end || cls == HL_PLAIN)
		return;
	last = o->n > 0 ? &o->v[o->n - 1] : NULL;
	if (last != NULL && last->cls == cls && last->end == start) {
		last->end = end;
		return;
	}
	if (o->n == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 64;
		o->v = xreallocarray(o->v, o->cap, sizeof(*o->v));
	}
	o->v[o->n].start = start;
	o->v[o->n].end = end;
	o->v[o->n].cls = cls;
	o->n++;
}

/* Emits [sc->i, end) as cls and moves past it. */
static void
take(struct scan *sc, size_t end, enum hl_class cls)
{
	if (end > sc->len)
		end = sc->len;
	emit(sc, sc->i, end, cls);
	sc->i = end;
}

/* End of the closing byte matching the opener at p, or p if not near. */
static size_t
match_close(const struct scan *sc, size_t p, char open, char close)
{
	size_t q, lim = sc->len - p > REACH ? p + REACH : sc->len;
	int depth = 0;

	for (q = p; q < lim; q++) {
		if (sc->s[q] == (unsigned char)open)
			depth++;
		else if (sc->s[q] == (unsigned char)close && --depth == 0)
			return q + 1;
		else if (sc->s[q] == '\n' && open != '(')
			break;
	}
	return p;
}

/* End of the variable whose sigil is at p, or p if there is none. */
static size_t
var_end(const struct scan *sc, size_t p)
{
	const struct lang *l = sc->lang;
	unsigned char c = at(sc, p + 1);
	size_t q;

	if (c == '{')
		return match_close(sc, p + 1, '{', '}') == p + 1 ? p :
		    match_close(sc, p + 1, '{', '}');
	if (is_alpha(c)) {
		for (q = p + 1; q < sc->len && is_alnum(sc->s[q]); q++)
			continue;
		if ((l->flags & L_SCOPED) && at(sc, q) == ':' &&
		    is_alpha(at(sc, q + 1)))
			for (q++; q < sc->len && is_alnum(sc->s[q]); q++)
				continue;
		return q;
	}
	if (c != 0 && l->specvars != NULL &&
	    (is_digit(c) || in_set(l->specvars, c)))
		return p + 2;
	return p;
}

/* End of an interpolation starting with the $ at p inside a string. */
static size_t
interp_end(const struct scan *sc, size_t p, const struct quote *q)
{
	size_t e;

	if (at(sc, p + 1) == '{')
		return var_end(sc, p);
	if (q->flags & Q_BRACE)
		return p;
	if (at(sc, p + 1) == '(') {
		e = match_close(sc, p + 1, '(', ')');
		return e == p + 1 ? p : e;
	}
	return var_end(sc, p);
}

/* A string before a colon is a key where the language says so. */
static enum hl_class
string_class(const struct scan *sc, size_t end)
{
	if (sc->lang->flags & L_KEYS) {
		while (end < sc->len && (is_blank(sc->s[end]) ||
		    sc->s[end] == '\n'))
			end++;
		if (at(sc, end) == ':')
			return HL_ATTRIBUTE;
	}
	return HL_STRING;
}

/*
 * Scans the string whose delimiter is at p (a prefix such as r or @ may
 * start earlier, at start), splitting out interpolated variables.
 */
static void
scan_string(struct scan *sc, size_t start, size_t p, const struct quote *q)
{
	const unsigned char *s = sc->s;
	unsigned char ch = (unsigned char)q->ch;
	size_t seg = start, v;
	int triple = 0, multi = q->flags & Q_MULTI;

	if (q->flags & Q_HERE)
		p += 2;
	else if ((q->flags & Q_TRIPLE) && at(sc, p + 1) == ch &&
	    at(sc, p + 2) == ch) {
		triple = multi = 1;
		p += 3;
	} else
		p++;
	while (p < sc->len) {
		if (s[p] == '\n' && !multi)
			break;
		if (q->esc != 0 && s[p] == (unsigned char)q->esc) {
			p += 2;
			continue;
		}
		if (s[p] == ch) {
			if (q->flags & Q_HERE) {
				if (at(sc, p + 1) == '@' && s[p - 1] == '\n') {
					p += 2;
					goto done;
				}
			} else if (triple) {
				if (at(sc, p + 1) == ch && at(sc, p + 2) == ch) {
					p += 3;
					goto done;
				}
			} else if ((q->flags & Q_DOUBLE) && at(sc, p + 1) == ch) {
				p += 2;
				continue;
			} else {
				p++;
				goto done;
			}
		}
		if ((q->flags & (Q_INTERP | Q_BRACE)) && s[p] == '$' &&
		    (v = interp_end(sc, p, q)) > p) {
			emit(sc, seg, p, HL_STRING);
			emit(sc, p, v, HL_VARIABLE);
			seg = p = v;
			continue;
		}
		p++;
	}
	if (p > sc->len)
		p = sc->len;
done:
	emit(sc, seg, p, string_class(sc, p));
	sc->i = p;
}

static const struct quote *
quote_at(const struct scan *sc, size_t p)
{
	const struct quote *q;

	for (q = sc->lang->quotes; q < sc->lang->quotes + 4 && q->ch; q++)
		if (at(sc, p) == (unsigned char)q->ch)
			return q;
	return NULL;
}

/* Length of the comment opener at p, 0 if none; *block tells the kind. */
static size_t
comment_at(const struct scan *sc, size_t p, int *block)
{
	const struct lang *l = sc->lang;
	size_t n;
	int k;

	*block = 0;
	if (l->block[0] != NULL && (n = lit(sc, p, l->block[0])) > 0) {
		*block = 1;
		return n;
	}
	for (k = 0; k < 2 && l->comment[k] != NULL; k++) {
		if ((n = lit(sc, p, l->comment[k])) == 0)
			continue;
		if ((l->flags & L_HASHWORD) && p > 0 &&
		    !is_blank(sc->s[p - 1]) && !in_set("\n;(){|&", sc->s[p - 1]))
			continue;
		return n;
	}
	return 0;
}

static size_t
number_end(const struct scan *sc, size_t p)
{
	int hex = at(sc, p) == '0' && lower(at(sc, p + 1)) == 'x';
	unsigned char c;

	while (p < sc->len) {
		c = sc->s[p];
		if (is_alnum(c) && c < 0x80)
			p++;
		else if (c == '.' && is_digit(at(sc, p + 1)))
			p++;
		else if ((c == '+' || c == '-') && !hex && p > 0 &&
		    lower(sc->s[p - 1]) == 'e' && is_digit(at(sc, p + 1)))
			p++;
		else
			break;
	}
	return p;
}

/* A /regex/ literal at sc->i, if one closes on this line. */
static int
scan_regex(struct scan *sc)
{
	size_t p = sc->i + 1;
	int class = 0;

	if (sc->value || p <= sc->noregex)
		return 0;
	for (; p < sc->len && sc->s[p] != '\n'; p++) {
		if (sc->s[p] == '\\')
			p++;
		else if (sc->s[p] == '[')
			class = 1;
		else if (sc->s[p] == ']')
			class = 0;
		else if (sc->s[p] == '/' && !class)
			break;
	}
	if (p >= sc->len || sc->s[p] != '/') {
		sc->noregex = p;
		return 0;
	}
	for (p++; p < sc->len && is_alpha(sc->s[p]); p++)
		continue;
	take(sc, p, HL_STRING);
	return 1;
}

/* Whether a -Parameter comes just before p: then p is its argument. */
static int
after_parameter(const struct scan *sc, size_t p)
{
	const struct spans *o = sc->out;

	return o->n > 0 && o->v[o->n - 1].cls == HL_ATTRIBUTE &&
	    skip_blanks(sc, o->v[o->n - 1].end) == p;
}

static void
code_name(struct scan *sc)
{
	const struct lang *l = sc->lang;
	const unsigned char *s = sc->s;
	size_t a = sc->i, b = name_end(sc, a), k, p;
	const struct quote *q;
	enum hl_class cls = HL_PLAIN;
	int member = a > 0 && s[a - 1] == '.' && !(a > 1 && s[a - 2] == '.');

	if ((l->flags & L_STRPREFIX) && b - a <= 2 && (q = quote_at(sc, b))) {
		for (k = a; k < b && in_set("rbufRBUF", s[k]); k++)
			continue;
		if (k == b) {
			scan_string(sc, a, b, q);
			sc->value = 1;
			return;
		}
	}
	sc->i = b;
	sc->value = 1;
	if (sc->next != HL_PLAIN) {
		cls = sc->next;
		sc->next = HL_PLAIN;
	} else if (!member && in_lang_list(sc, l->keywords, a, b)) {
		cls = HL_KEYWORD;
		sc->value = 0;
		if (in_lang_list(sc, l->defs, a, b))
			sc->next = HL_FUNCTION;
		else if (in_lang_list(sc, l->decls, a, b))
			sc->next = HL_TYPE;
	} else if (in_lang_list(sc, l->types, a, b))
		cls = HL_TYPE;
	else if (in_lang_list(sc, l->builtins, a, b))
		cls = HL_BUILTIN;
	else if ((l->flags & L_DASHWORD) && memchr(s + a, '-', b - a) &&
	    !after_parameter(sc, a))
		cls = HL_FUNCTION;
	else if ((l->flags & L_CALLS) &&
	    at(sc, (p = skip_blanks(sc, b))) == '(')
		cls = HL_FUNCTION;
	else if ((l->flags & L_CAPTYPE) && s[a] >= 'A' && s[a] <= 'Z')
		cls = HL_TYPE;
	emit(sc, a, b, cls);
}

/* Reads one token at sc->i, or skips one blank. */
static void
code_token(struct scan *sc)
{
	const struct lang *l = sc->lang;
	const unsigned char *s = sc->s;
	const struct quote *q;
	unsigned char c = s[sc->i];
	size_t n, e, i = sc->i;
	int block;

	if (l->special != NULL && l->special(sc))
		return;
	if (c == '\n' || is_blank(c)) {
		sc->i++;
		return;
	}
	if (c == '#' && ((i == 0 && at(sc, 1) == '!') ||
	    ((l->flags & L_PREPROC) && at_bol(sc, i)))) {
		/* Directives continue over escaped newlines. */
		e = line_end(sc, i);
		while (e < sc->len && e > 0 && s[e - 1] == '\\')
			e = line_end(sc, e + 1);
		take(sc, e, HL_META);
		return;
	}
	if ((n = comment_at(sc, i, &block)) > 0) {
		if (!block) {
			take(sc, line_end(sc, i), HL_COMMENT);
			return;
		}
		e = i + n;
		while (e < sc->len && lit(sc, e, l->block[1]) == 0)
			e++;
		take(sc, e + lit(sc, e, l->block[1]), HL_COMMENT);
		return;
	}
	if ((q = quote_at(sc, i)) != NULL) {
		scan_string(sc, i, i, q);
		sc->value = 1;
		return;
	}
	if (is_digit(c) || (c == '.' && is_digit(at(sc, i + 1)))) {
		take(sc, number_end(sc, i), HL_NUMBER);
		sc->value = 1;
	} else if (l->sigil != 0 && c == (unsigned char)l->sigil) {
		e = var_end(sc, i);
		if (e == i)
			take(sc, i + 1, HL_OPERATOR);
		else
			take(sc, e, in_lang_list(sc, l->builtins, i, e) ?
			    HL_BUILTIN : HL_VARIABLE);
		sc->value = e > i;
	} else if ((l->flags & L_DECORATOR) && c == '@' &&
	    is_alpha(at(sc, i + 1))) {
		for (e = i + 1; e < sc->len && (is_alnum(s[e]) || s[e] == '.');)
			e++;
		take(sc, e, HL_META);
		sc->value = 0;
	} else if (name_start(sc, c)) {
		code_name(sc);
		return;
	} else if (c == '/' && (l->flags & L_REGEX) && scan_regex(sc)) {
		sc->value = 1;
	} else if (in_set("+-*/%=<>!&|^~?:", c)) {
		take(sc, i + 1, HL_OPERATOR);
		sc->value = 0;
	} else {
		sc->value = c == ')' || c == ']';
		sc->i++;
	}
	sc->next = HL_PLAIN;
}

static void
scan_code(struct scan *sc)
{
	while (sc->i < sc->len)
		code_token(sc);
}

/*
 * PowerShell: -eq operators and -Name parameters, [type] casts and
 * [Attribute(...)]s, here-strings, @splat, `-escapes, #requires.
 */
static const char ps_ops[] =
    "eq ne gt ge lt le like notlike match notmatch contains notcontains "
    "in notin replace split join is isnot as and or not xor band bor bxor "
    "bnot shl shr f";

static const struct quote ps_here[] = {
	{ '"', '`', Q_MULTI | Q_INTERP | Q_HERE },
	{ '\'', 0, Q_MULTI | Q_HERE },
};

static int
ps_bracket(struct scan *sc)
{
	size_t i = sc->i, p;
	unsigned char c;
	int depth = 0;

	if ((i > 0 && (is_alnum(sc->s[i - 1]) || sc->s[i - 1] == ')')) ||
	    !is_alpha(at(sc, i + 1)))
		return 0;
	for (p = i + 1; p < sc->len && p - i < REACH; p++) {
		c = sc->s[p];
		if (c == '[')
			depth++;
		else if (c == ']') {
			if (depth-- == 0) {
				take(sc, p + 1, HL_TYPE);
				return 1;
			}
		} else if (c == '(' && depth == 0) {
			emit(sc, i + 1, p, HL_META);
			sc->i = p;
			return 1;
		} else if (!is_alnum(c) && c != '.' && c != ',' && c != '`' &&
		    !(c == ' ' && depth > 0))
			return 0;
	}
	return 0;
}

static int
ps_special(struct scan *sc)
{
	size_t i = sc->i, p;
	unsigned char c = sc->s[i];

	switch (c) {
	case '`':
		/* An escaped byte outside a string is just that byte. */
		sc->i = i + 2 < sc->len ? i + 2 : sc->len;
		return 1;
	case '#':
		if (at_bol(sc, i) && lit_fold(sc, i + 1, "requires")) {
			take(sc, line_end(sc, i), HL_META);
			return 1;
		}
		return 0;
	case '@':
		c = at(sc, i + 1);
		if (c == '"' || c == '\'') {
			p = skip_blanks(sc, i + 2);
			if (at(sc, p) == '\n') {
				scan_string(sc, i, i, &ps_here[c == '\'']);
				return 1;
			}
		} else if (is_alpha(c)) {
			take(sc, var_end(sc, i), HL_VARIABLE);
			return 1;
		}
		take(sc, i + 1, HL_OPERATOR);
		return 1;
	case '-':
		if (!is_alpha(at(sc, i + 1)) || at(sc, i + 1) >= 0x80)
			return 0;
		for (p = i + 1; p < sc->len && is_alnum(sc->s[p]); p++)
			continue;
		if (in_list(ps_ops, sc->s + i + 1, p - i - 1, 1) ||
		    (in_set("ciCI", sc->s[i + 1]) &&
		    in_list(ps_ops, sc->s + i + 2, p - i - 2, 1)))
			take(sc, p, HL_OPERATOR);
		else
			take(sc, p, HL_ATTRIBUTE);
		sc->next = HL_PLAIN;
		return 1;
	case '[':
		return ps_bracket(sc);
	}
	return 0;
}

/* Shell: here-documents and NAME= assignments. */
static int
sh_special(struct scan *sc)
{
	const unsigned char *s = sc->s;
	size_t i = sc->i, p, q, e, tag;
	unsigned char quote;

	if (s[i] == '\n' && sc->hd_len > 0) {
		for (p = i + 1; p < sc->len; p = e + 1) {
			e = line_end(sc, p);
			for (q = p; sc->hd_dash && q < e && s[q] == '\t'; q++)
				continue;
			if (e - q == sc->hd_len &&
			    memcmp(s + q, s + sc->hd_tag, sc->hd_len) == 0)
				break;
		}
		sc->hd_len = 0;
		emit(sc, i + 1, p < sc->len ? e : sc->len, HL_STRING);
		sc->i = p < sc->len ? e : sc->len;
		return 1;
	}
	if (s[i] == '<' && at(sc, i + 1) == '<' && at(sc, i + 2) != '<') {
		p = i + 2;
		sc->hd_dash = at(sc, p) == '-';
		p = skip_blanks(sc, sc->hd_dash ? p + 1 : p);
		quote = at(sc, p) == '\'' || at(sc, p) == '"' ? s[p++] : 0;
		for (tag = p; p < sc->len && is_alnum(s[p]); p++)
			continue;
		if (p == tag)
			return 0;
		sc->hd_tag = tag;
		sc->hd_len = p - tag;
		if (quote != 0 && at(sc, p) == quote)
			p++;
		take(sc, p, HL_OPERATOR);
		return 1;
	}
	if (is_alpha(s[i]) && (i == 0 || !is_alnum(s[i - 1]))) {
		for (p = i; p < sc->len && is_alnum(s[p]); p++)
			continue;
		if (at(sc, p) == '=') {
			take(sc, p, HL_VARIABLE);
			return 1;
		}
	}
	return 0;
}

/* CSS: selectors, properties, at-rules, #colours, !important. */
static int
css_special(struct scan *sc)
{
	const unsigned char *s = sc->s;
	size_t i = sc->i, p;
	unsigned char c = s[i];

	if (i >= sc->stmt_end) {
		/* Which of { ; } ends the statement tells what it is. */
		for (p = i; p < sc->len && !in_set("{;}", s[p]); p++)
			continue;
		sc->selector = p < sc->len && s[p] == '{' && p > i;
		sc->stmt_end = p > i ? p : p + 1;
		sc->first = 1;
	}
	if (in_set("{;}\n", c) || is_blank(c))
		return 0;
	if (c == '@' && is_alpha(at(sc, i + 1))) {
		take(sc, name_end(sc, i + 1), HL_META);
		sc->first = 0;
		return 1;
	}
	if (sc->selector) {
		p = i;
		while (p < sc->len && p < i + 2 && in_set(".#:", s[p]))
			p++;
		if (is_alpha(at(sc, p)) || at(sc, p) == '-') {
			take(sc, name_end(sc, p), HL_TAG);
			return 1;
		}
		return 0;
	}
	if (is_alpha(c) || (c == '-' && (is_alpha(at(sc, i + 1)) ||
	    at(sc, i + 1) == '-'))) {
		p = name_end(sc, i);
		if (sc->first && at(sc, skip_blanks(sc, p)) == ':')
			take(sc, p, HL_ATTRIBUTE);
		else if (at(sc, p) == '(')
			take(sc, p, HL_FUNCTION);
		else
			sc->i = p;
		sc->first = 0;
		return 1;
	}
	sc->first = 0;
	if (c == '#' && is_alnum(at(sc, i + 1))) {
		take(sc, name_end(sc, i + 1), HL_NUMBER);
		return 1;
	}
	if (c == '!' && (p = lit_fold(sc, i + 1, "important")) > 0) {
		take(sc, i + 1 + p, HL_KEYWORD);
		return 1;
	}
	return 0;
}


/* End of the Rust char literal at p ('x', '\n', '\u{..}'), or p. */
static size_t
rust_char_end(const struct scan *sc, size_t p)
{
	size_t q;

	if (at(sc, p + 1) == '\\') {
		for (q = p + 2; q < sc->len && q < p + 12 &&
		    sc->s[q] != '\'' && sc->s[q] != '\n'; q++)
			continue;
		return at(sc, q) == '\'' ? q + 1 : p;
	}
	if (at(sc, p + 2) == '\'')
		return p + 3;
	/* One UTF-8 character of up to four bytes. */
	for (q = p + 1; q < p + 5 && at(sc, q) >= 0x80; q++)
		if (at(sc, q + 1) == '\'')
			return q + 2;
	return p;
}

/* Rust: lifetimes and chars, raw strings, #[attributes], macros!. */
static int
rust_special(struct scan *sc)
{
	const unsigned char *s = sc->s;
	size_t i = sc->i, p, e, k, hashes;
	unsigned char c = s[i];

	if (c == '\'' || (c == 'b' && at(sc, i + 1) == '\'')) {
		p = i + (c == 'b');
		if ((e = rust_char_end(sc, p)) > p)
			take(sc, e, HL_STRING);
		else if (c == '\'' && is_alpha(at(sc, i + 1)))
			take(sc, name_end(sc, i + 1), HL_TYPE);
		else
			return 0;
		return 1;
	}
	if (c == '#' && (at(sc, i + 1) == '[' ||
	    (at(sc, i + 1) == '!' && at(sc, i + 2) == '['))) {
		p = i + 1 + (at(sc, i + 1) == '!');
		e = match_close(sc, p, '[', ']');
		take(sc, e > p ? e : line_end(sc, i), HL_META);
		return 1;
	}
	p = i + (c == 'b');
	if (at(sc, p) == 'r' && (at(sc, p + 1) == '#' || at(sc, p + 1) == '"')) {
		for (p++, hashes = 0; at(sc, p) == '#'; p++)
			hashes++;
		if (at(sc, p) != '"')
			return 0;
		for (e = p + 1; e < sc->len; e++) {
			if (s[e] != '"')
				continue;
			for (k = 0; k < hashes && at(sc, e + 1 + k) == '#'; k++)
				continue;
			if (k == hashes)
				break;
		}
		take(sc, e + 1 + hashes, HL_STRING);
		return 1;
	}
	if (c == 'b' && at(sc, i + 1) == '"') {
		scan_string(sc, i, i + 1, &sc->lang->quotes[0]);
		return 1;
	}
	if (is_alpha(c) && (e = name_end(sc, i), at(sc, e) == '!') &&
	    at(sc, e + 1) != '=' && !in_lang_list(sc, sc->lang->keywords, i, e)) {
		take(sc, e + 1, HL_FUNCTION);
		return 1;
	}
	return 0;
}

/* C#: verbatim @"..." and interpolated $"..." strings. */
static int
cs_special(struct scan *sc)
{
	static const struct quote verbatim = { '"', 0, Q_MULTI | Q_DOUBLE };
	size_t i = sc->i, p = i;

	while (p < i + 2 && (at(sc, p) == '@' || at(sc, p) == '$'))
		p++;
	if (p == i || at(sc, p) != '"')
		return 0;
	scan_string(sc, i, p, memchr(sc->s + i, '@', p - i) ? &verbatim :
	    &sc->lang->quotes[0]);
	sc->value = 1;
	return 1;
}

/* C++: raw strings R"delim(...)delim". */
static int
cpp_special(struct scan *sc)
{
	size_t i = sc->i, p, d, e;

	if (sc->s[i] != 'R' || at(sc, i + 1) != '"')
		return 0;
	for (p = i + 2; p < sc->len && p < i + 18 && sc->s[p] != '(' &&
	    !is_blank(sc->s[p]) && sc->s[p] != '\n' && sc->s[p] != '"'; p++)
		continue;
	if (at(sc, p) != '(')
		return 0;
	d = p - (i + 2);
	for (e = p + 1; e < sc->len; e++)
		if (sc->s[e] == ')' && sc->len - e > d + 1 &&
		    memcmp(sc->s + e + 1, sc->s + i + 2, d) == 0 &&
		    sc->s[e + 1 + d] == '"')
			break;
	take(sc, e < sc->len ? e + d + 2 : sc->len, HL_STRING);
	sc->value = 1;
	return 1;
}

/* Start of the first occurrence of lit, ignoring case, or len. */
static size_t
find_start(const struct scan *sc, size_t p, const char *lit)
{
	for (; p < sc->len; p++)
		if (lower(sc->s[p]) == lower((unsigned char)lit[0]) &&
		    lit_fold(sc, p, lit))
			return p;
	return sc->len;
}

/* End of the first occurrence of lit, or len. */
static size_t
find_end(const struct scan *sc, size_t p, const char *lit)
{
	p = find_start(sc, p, lit);
	return p < sc->len ? p + strlen(lit) : p;
}

static int
tag_name_char(unsigned char c)
{
	return is_alnum(c) || c == '-' || c == ':' || c == '.';
}

/*
 * Reads a start or end tag whose < is at sc->i: name, attributes, values.
 * Returns the length of the name for start tags, else 0.
 */
static size_t
markup_tag(struct scan *sc, size_t *name)
{
	const unsigned char *s = sc->s;
	size_t i = sc->i, p = i + 1, e;
	int end = at(sc, p) == '/';
	unsigned char q;

	if (end)
		p++;
	*name = p;
	while (p < sc->len && tag_name_char(s[p]))
		p++;
	e = p;
	take(sc, p, HL_TAG);
	while (p < sc->len) {
		if (s[p] == '>' || lit(sc, p, "/>")) {
			sc->i = p;
			take(sc, p + (s[p] == '/') + 1, HL_TAG);
			return end || s[p] == '/' ? 0 : e - *name;
		}
		if (s[p] == '<')
			break;
		if (s[p] == '"' || s[p] == '\'') {
			q = s[p];
			sc->i = p;
			for (p++; p < sc->len && s[p] != q; p++)
				continue;
			take(sc, p + 1, HL_STRING);
			p = sc->i;
		} else if (s[p] == '=') {
			sc->i = p;
			take(sc, p + 1, HL_OPERATOR);
			p = skip_blanks(sc, p + 1);
			if (p < sc->len && !in_set("\"'>\n", s[p])) {
				sc->i = p;
				while (p < sc->len && !is_blank(s[p]) &&
				    !in_set("\n>", s[p]))
					p++;
				take(sc, p, HL_STRING);
			}
		} else if (!is_blank(s[p]) && s[p] != '\n' && s[p] != '/') {
			sc->i = p;
			while (p < sc->len && !is_blank(s[p]) &&
			    !in_set("\n=>/<\"'", s[p]))
				p++;
			if (p == sc->i)
				p++;
			take(sc, p, HL_ATTRIBUTE);
		} else
			p++;
	}
	sc->i = p;
	return 0;
}

/* HTML and XML; <script> and <style> bodies as JavaScript and CSS. */
static void
scan_markup(struct scan *sc)
{
	const unsigned char *s = sc->s;
	size_t i, e, name, n;
	const char *close;
	struct scan sub;

	while ((i = sc->i) < sc->len) {
		if (s[i] == '&') {
			for (e = i + 1; e < sc->len && e < i + 32 &&
			    (is_alnum(s[e]) || s[e] == '#'); e++)
				continue;
			if (at(sc, e) == ';' && e > i + 1)
				take(sc, e + 1, HL_BUILTIN);
			else
				sc->i++;
			continue;
		}
		if (s[i] != '<') {
			sc->i++;
			continue;
		}
		if (lit(sc, i, "<!--"))
			take(sc, find_end(sc, i + 4, "-->"), HL_COMMENT);
		else if (lit(sc, i, "<![CDATA["))
			take(sc, find_end(sc, i + 9, "]]>"), HL_STRING);
		else if (at(sc, i + 1) == '!' || at(sc, i + 1) == '?')
			take(sc, find_end(sc, i + 2, ">"), HL_META);
		else if (is_alpha(at(sc, i + 1)) || (at(sc, i + 1) == '/' &&
		    is_alpha(at(sc, i + 2)))) {
			n = markup_tag(sc, &name);
			if (n == 6 && lit_fold(sc, name, "script"))
				close = "</script";
			else if (n == 5 && lit_fold(sc, name, "style"))
				close = "</style";
			else
				continue;
			memset(&sub, 0, sizeof(sub));
			sub.lang = find_lang(n == 6 ? "js" : "css", n == 6 ? 2 : 3);
			sub.s = s;
			sub.i = sc->i;
			sub.len = find_start(sc, sc->i, close);
			sub.out = sc->out;
			sub.lang->run(&sub);
			sc->i = sub.len;
		} else
			sc->i++;
	}
}

/* Diff: the first bytes of a line decide its class. */
static void
scan_diff(struct scan *sc)
{
	static const char *const meta[] = {
		"+++", "---", "diff ", "index ", "Index: ", "===", "new file",
		"deleted file", "similarity", "rename ", "old mode",
		"new mode", "Only in ", "Binary files", "***", NULL
	};
	const char *const *m;
	enum hl_class cls;
	size_t e;
	unsigned char c;

	while (sc->i < sc->len) {
		e = line_end(sc, sc->i);
		c = sc->s[sc->i];
		cls = HL_PLAIN;
		for (m = meta; *m != NULL; m++)
			if (lit(sc, sc->i, *m))
				cls = HL_META;
		if (cls != HL_PLAIN)
			;
		else if (lit(sc, sc->i, "@@"))
			cls = HL_HEADING;
		else if (c == '+' || c == '>')
			cls = HL_INSERTED;
		else if (c == '-' || c == '<')
			cls = HL_DELETED;
		else if (c == '!')
			cls = HL_OPERATOR;
		take(sc, e, cls);
		sc->i = e + 1;
	}
	sc->i = sc->len;
}

/*
 * Markdown inline spans on [p, e): code, strong, emphasis, links.
 * A delimiter that found no closer on this line is not looked for
 * again, which keeps a line of lone stars linear.
 */
static void
md_inline(struct scan *sc, size_t p, size_t e)
{
	const unsigned char *s = sc->s;
	unsigned char failed[5] = { 0, 0, 0, 0, 0 };	/* ` * _ [ ( */
	size_t k, q, r, f;
	unsigned char c;

	while (p < e) {
		c = s[p];
		if (c == '\\') {
			p += 2;
			continue;
		}
		if (c == '`' && !failed[0]) {
			for (k = p; k < e && s[k] == '`'; k++)
				continue;
			k -= p;
			for (q = p + k; q < e; q++) {
				for (r = q; r < e && s[r] == '`'; r++)
					continue;
				if (r - q == k)
					break;
				if (r > q)
					q = r - 1;
			}
			if (q < e) {
				sc->i = p;
				take(sc, q + k, HL_STRING);
				p = q + k;
				continue;
			}
			failed[0] = 1;
			p += k;
			continue;
		}
		if ((c == '*' || c == '_') && !failed[c == '*' ? 1 : 2] &&
		    !(c == '_' && p > 0 && is_alnum(s[p - 1]))) {
			k = at(sc, p + 1) == c ? 2 : 1;
			f = c == '*' ? 1 : 2;
			if (is_blank(at(sc, p + k)) || p + k >= e) {
				p += k;
				continue;
			}
			for (q = p + k; q + k <= e; q++)
				if (s[q] == c && (k == 1 || s[q + 1] == c) &&
				    !is_blank(s[q - 1]))
					break;
			if (q + k <= e) {
				sc->i = p;
				take(sc, q + k, k == 2 ? HL_KEYWORD : HL_TYPE);
				p = q + k;
				continue;
			}
			failed[f] = 1;
			p += k;
			continue;
		}
		if (c == '[' && !failed[3]) {
			for (q = p + 1; q < e && s[q] != ']' && s[q] != '['; q++)
				continue;
			if (q < e && s[q] == '[') {
				p = q;
				continue;
			}
			if (q >= e) {
				failed[3] = 1;
				p++;
				continue;
			}
			if (at(sc, q + 1) == '(' && q + 1 < e && !failed[4]) {
				for (r = q + 2; r < e && s[r] != ')'; r++)
					continue;
				failed[4] = r >= e;
				if (r < e) {
					sc->i = p > 0 && s[p - 1] == '!' ? p - 1 : p;
					take(sc, q + 1, HL_TAG);
					take(sc, r + 1, HL_ATTRIBUTE);
					p = r + 1;
					continue;
				}
			}
			p++;
			continue;
		}
		p++;
	}
}

/* Whether [p, e) is three or more of c, blanks allowed, nothing else. */
static int
md_rule(const struct scan *sc, size_t p, size_t e, unsigned char c)
{
	int n = 0;

	for (; p < e; p++) {
		if (sc->s[p] == c)
			n++;
		else if (!is_blank(sc->s[p]))
			return 0;
	}
	return n >= 3;
}

/* Markdown: headings, fences, rules, list markers, then inlines. */
static void
scan_markdown(struct scan *sc)
{
	const unsigned char *s = sc->s;
	unsigned char fence = 0;
	size_t fence_len = 0, e, p, k;

	for (; sc->i < sc->len; sc->i = e + 1) {
		e = line_end(sc, sc->i);
		for (p = sc->i; p < e && p < sc->i + 3 && s[p] == ' '; p++)
			continue;
		for (k = p; k < e && (s[k] == '`' || s[k] == '~') &&
		    s[k] == s[p]; k++)
			continue;
		if (fence != 0) {
			if (s[p] == fence && k - p >= fence_len &&
			    skip_blanks(sc, k) == e) {
				fence = 0;
				sc->i = p;
				take(sc, e, HL_META);
			} else
				take(sc, e, HL_STRING);
			continue;
		}
		if (k - p >= 3 && !(s[p] == '`' &&
		    memchr(s + k, '`', e - k) != NULL)) {
			fence = s[p];
			fence_len = k - p;
			sc->i = p;
			take(sc, e, HL_META);
			continue;
		}
		for (k = p; k < e && s[k] == '#'; k++)
			continue;
		if (k > p && k - p <= 6 && (k == e || is_blank(s[k]))) {
			sc->i = p;
			take(sc, e, HL_HEADING);
			continue;
		}
		if (p < e && (md_rule(sc, p, e, '=') || md_rule(sc, p, e, '-') ||
		    md_rule(sc, p, e, '*') || md_rule(sc, p, e, '_'))) {
			sc->i = p;
			take(sc, e, s[p] == '=' ? HL_HEADING : HL_META);
			continue;
		}
		p = skip_blanks(sc, p);
		while (at(sc, p) == '>' && p < e) {
			sc->i = p;
			take(sc, p + 1, HL_OPERATOR);
			p = skip_blanks(sc, p + 1);
		}
		for (k = p; k < e && k < p + 9 && is_digit(s[k]); k++)
			continue;
		if (k < e && ((k == p && in_set("-*+", s[k])) ||
		    (k > p && (s[k] == '.' || s[k] == ')'))) &&
		    (k + 1 == e || is_blank(s[k + 1]))) {
			sc->i = p;
			take(sc, k + 1, HL_OPERATOR);
			p = k + 1;
		}
		md_inline(sc, p, e);
	}
	sc->i = sc->len;
}

/* Class of a YAML plain scalar: numbers and the usual constants. */
static enum hl_class
yaml_scalar(const struct scan *sc, size_t a, size_t b)
{
	static const char consts[] =
	    "true false yes no on off null ~ True False TRUE FALSE Yes No "
	    "YES NO On Off ON OFF Null NULL .inf .nan";
	size_t p = a;

	if (in_list(consts, sc->s + a, b - a, 0))
		return HL_BUILTIN;
	if (p < b && (sc->s[p] == '-' || sc->s[p] == '+'))
		p++;
	if (p < b && (is_digit(sc->s[p]) || sc->s[p] == '.') &&
	    number_end(sc, p) == b)
		return HL_NUMBER;
	return HL_PLAIN;
}

/* The rest of a YAML line from p: values, flow collections, comments. */
static void
yaml_value(struct scan *sc, size_t p, size_t e, size_t indent,
    size_t *block)
{
	const unsigned char *s = sc->s;
	size_t a, b;
	int flow = 0;

	while ((p = skip_blanks(sc, p)) < e) {
		sc->i = p;
		if (s[p] == '#' && (p == 0 || is_blank(s[p - 1]))) {
			take(sc, e, HL_COMMENT);
			return;
		}
		if (s[p] == '"' || s[p] == '\'') {
			for (a = p + 1; a < e && s[a] != s[p]; a++)
				if (s[a] == '\\' && s[p] == '"')
					a++;
			b = a + 1 > e ? e : a + 1;
			take(sc, b, at(sc, b) == ':' && (flow || b + 1 >= e ||
			    is_blank(at(sc, b + 1))) ? HL_ATTRIBUTE : HL_STRING);
			p = b;
			continue;
		}
		if (in_set("[{", s[p]))
			flow++;
		if (in_set("]}", s[p]) && flow > 0)
			flow--;
		if (in_set("[]{},:", s[p])) {
			if (s[p] == ':')
				take(sc, p + 1, HL_OPERATOR);
			p++;
			continue;
		}
		if ((s[p] == '&' || s[p] == '*' || s[p] == '!') && p + 1 < e &&
		    !is_blank(s[p + 1])) {
			for (a = p; a < e && !is_blank(s[a]) &&
			    !(flow && in_set(",]}", s[a])); a++)
				continue;
			take(sc, a, s[p] == '!' ? HL_TYPE : HL_VARIABLE);
			p = a;
			continue;
		}
		if ((s[p] == '|' || s[p] == '>') && !flow) {
			for (a = p + 1; a < e && in_set("+-0123456789", s[a]);)
				a++;
			if (skip_blanks(sc, a) == e || s[skip_blanks(sc, a)] == '#') {
				take(sc, a, HL_OPERATOR);
				*block = indent;
				p = a;
				continue;
			}
		}
		/* A plain scalar: up to " #", or a flow separator. */
		for (a = b = p; a < e; a++) {
			if (s[a] == '#' && a > p && is_blank(s[a - 1]))
				break;
			if (flow && (in_set(",]}", s[a]) || (s[a] == ':' &&
			    (a + 1 == e || is_blank(s[a + 1]) || s[a + 1] == ','))))
				break;
			if (!is_blank(s[a]))
				b = a + 1;
		}
		if (flow && at(sc, a) == ':')
			take(sc, b, HL_ATTRIBUTE);
		else
			take(sc, b, yaml_scalar(sc, p, b));
		p = a;
	}
}

/* YAML, line by line: keys, values, block scalars as strings. */
static void
scan_yaml(struct scan *sc)
{
	const unsigned char *s = sc->s;
	size_t e, p, a, indent, block = (size_t)-1;

	for (; sc->i < sc->len; sc->i = e + 1) {
		e = line_end(sc, sc->i);
		p = skip_blanks(sc, sc->i);
		indent = p - sc->i;
		if (block != (size_t)-1) {
			if (p == e || indent > block) {
				take(sc, e, HL_STRING);
				continue;
			}
			block = (size_t)-1;
		}
		if (p == e)
			continue;
		if (p == sc->i && (lit(sc, p, "---") || lit(sc, p, "...")) &&
		    (p + 3 == e || is_blank(s[p + 3]))) {
			take(sc, p + 3, HL_META);
			yaml_value(sc, p + 3, e, indent, &block);
			continue;
		}
		while ((s[p] == '-' || s[p] == '?') &&
		    (p + 1 == e || is_blank(s[p + 1]))) {
			sc->i = p;
			take(sc, p + 1, HL_OPERATOR);
			p = skip_blanks(sc, p + 1);
		}
		/* A plain key: text up to ": " that is not a comment. */
		if (p < e && !in_set("[{\"'|>&*!%@#`", s[p])) {
			for (a = p; a < e; a++) {
				if (s[a] == '#' && a > p && is_blank(s[a - 1])) {
					a = e;
					break;
				}
				if (s[a] == ':' && (a + 1 == e || is_blank(s[a + 1])))
					break;
			}
			if (a < e) {
				sc->i = p;
				take(sc, a, HL_ATTRIBUTE);
				take(sc, a + 1, HL_OPERATOR);
				p = a + 1;
			}
		}
		yaml_value(sc, p, e, indent, &block);
	}
	sc->i = sc->len;
}

#define C_KEYWORDS							\
	"auto break case const continue default do else enum extern for "	\
	"goto if inline register restrict return sizeof static struct "	\
	"switch typedef union volatile while _Alignas _Alignof _Atomic "	\
	"_Generic _Noreturn _Static_assert _Thread_local "
#define C_TYPES								\
	"void char short int long float double signed unsigned bool _Bool "	\
	"size_t ssize_t ptrdiff_t intptr_t uintptr_t off_t int8_t int16_t "	\
	"int32_t int64_t uint8_t uint16_t uint32_t uint64_t wchar_t FILE "	\
	"va_list "
#define C_QUOTES	{ { '"', '\\', 0 }, { '\'', '\\', 0 } }
#define JS_KEYWORDS							\
	"async await break case catch class const continue debugger "	\
	"default delete do else export extends finally for from function "	\
	"if import in instanceof let new of return static super switch "	\
	"throw try typeof var void while with yield "
#define JS_TYPES							\
	"Array Object String Number Boolean Promise Map Set WeakMap "	\
	"WeakSet Date RegExp Error TypeError JSON Math Symbol BigInt "
#define JS_BUILTINS							\
	"true false null undefined NaN Infinity this arguments console "	\
	"window document globalThis require module exports process "
#define JS_QUOTES							\
	{ { '"', '\\', 0 }, { '\'', '\\', 0 },				\
	  { '`', '\\', Q_MULTI | Q_BRACE } }

static const struct lang langs[] = {
	{
		"powershell ps ps1 psm1 psd1 posh pwsh", scan_code,
		L_FOLD | L_HASHWORD | L_DASHWORD | L_SCOPED | L_CALLS,
		{ "#" }, { "<#", "#>" },
		{ { '"', '`', Q_MULTI | Q_DOUBLE | Q_INTERP },
		  { '\'', 0, Q_MULTI | Q_DOUBLE } },
		NULL, '$', "$?^",
		"begin break catch class continue data define do dynamicparam "
		"else elseif end enum exit filter finally for foreach from "
		"function hidden if in inlinescript param parallel process "
		"return sequence static switch throw trap try until using var "
		"while workflow configuration node",
		NULL,
		"$true $false $null where select sort group measure gci gwmi "
		"ls dir cd echo cat iex tee",
		"function filter workflow configuration", "class enum",
		ps_special
	},
	{
		"sh bash zsh ksh shell console shellsession", scan_code,
		L_HASHWORD,
		{ "#" }, { NULL },
		{ { '"', '\\', Q_MULTI | Q_INTERP }, { '\'', 0, Q_MULTI },
		  { '`', '\\', Q_MULTI } },
		"-", '$', "@#?$!*-",
		"if then else elif fi case esac for while until do done in "
		"function select time return exit break continue local export "
		"readonly declare typeset unset shift source alias eval exec "
		"trap set",
		NULL,
		"echo printf cd pwd read test true false kill wait jobs umask "
		"ulimit type hash command builtin getopts let mapfile",
		"function", NULL, sh_special
	},
	{
		"c h", scan_code, L_PREPROC | L_CALLS,
		{ "//" }, { "/*", "*/" }, C_QUOTES, NULL, 0, NULL,
		C_KEYWORDS, C_TYPES,
		"NULL true false stdin stdout stderr errno EOF",
		NULL, "struct union enum", NULL
	},
	{
		"cpp c++ cxx cc hpp hxx hh", scan_code, L_PREPROC | L_CALLS,
		{ "//" }, { "/*", "*/" }, C_QUOTES, NULL, 0, NULL,
		C_KEYWORDS
		"class namespace template typename public private protected "
		"virtual override final new delete throw try catch using "
		"operator friend explicit mutable constexpr consteval constinit "
		"decltype noexcept static_cast dynamic_cast reinterpret_cast "
		"const_cast co_await co_return co_yield concept requires "
		"export import module and or not xor",
		C_TYPES "std string wstring string_view vector map "
		"unordered_map set unique_ptr shared_ptr array",
		"NULL nullptr true false this stdin stdout stderr errno",
		NULL, "class struct union enum namespace", cpp_special
	},
	{
		"csharp cs c#", scan_code, L_PREPROC | L_CALLS | L_CAPTYPE,
		{ "//" }, { "/*", "*/" }, C_QUOTES, NULL, 0, NULL,
		"abstract as async await base break case catch checked class "
		"const continue default delegate do else enum event explicit "
		"extern finally fixed for foreach get goto if implicit in "
		"interface internal is lock namespace new operator out override "
		"params private protected public readonly record ref return "
		"sealed set sizeof stackalloc static struct switch throw try "
		"typeof unchecked unsafe using value virtual volatile when where "
		"while yield",
		"bool byte char decimal double float int long object sbyte short "
		"string uint ulong ushort void var dynamic",
		"true false null this",
		NULL, "class struct interface enum record namespace", cs_special
	},
	{
		"python py python3 py3 gyp", scan_code,
		L_CALLS | L_DECORATOR | L_STRPREFIX,
		{ "#" }, { NULL },
		{ { '"', '\\', Q_TRIPLE }, { '\'', '\\', Q_TRIPLE } },
		NULL, 0, NULL,
		"and as assert async await break class continue def del elif "
		"else except finally for from global if import in is lambda "
		"nonlocal not or pass raise return try while with yield",
		"int str float bool list dict set tuple bytes bytearray object "
		"type complex frozenset",
		"True False None self cls print len range open isinstance "
		"super enumerate zip map filter sorted reversed min max sum abs "
		"any all iter next repr hash id input getattr setattr hasattr "
		"NotImplemented Ellipsis __name__ __file__",
		"def", "class", NULL
	},
	{
		"javascript js jsx mjs cjs node", scan_code,
		L_CALLS | L_REGEX, { "//" }, { "/*", "*/" }, JS_QUOTES, "$", 0,
		NULL, JS_KEYWORDS "get set", JS_TYPES, JS_BUILTINS,
		"function", "class extends", NULL
	},
	{
		"typescript ts tsx", scan_code,
		L_CALLS | L_REGEX | L_CAPTYPE | L_DECORATOR,
		{ "//" }, { "/*", "*/" }, JS_QUOTES, "$", 0, NULL,
		JS_KEYWORDS "abstract as declare enum implements interface "
		"keyof namespace private protected public readonly type infer "
		"is asserts satisfies override",
		JS_TYPES "any unknown never string number boolean object "
		"symbol bigint",
		JS_BUILTINS,
		"function", "class interface type enum namespace extends "
		"implements", NULL
	},
	{
		"json jsonc json5 geojson", scan_code, L_KEYS,
		{ "//" }, { "/*", "*/" }, { { '"', '\\', 0 } }, NULL, 0, NULL,
		NULL, NULL, "true false null", NULL, NULL, NULL
	},
	{
		.names = "yaml yml",
		.run = scan_yaml
	},
	{
		.names = "html html5 xhtml htm xml svg xsd xsl xslt rss atom plist",
		.run = scan_markup
	},
	{
		"css", scan_code, 0,
		{ NULL }, { "/*", "*/" },
		{ { '"', '\\', 0 }, { '\'', '\\', 0 } }, "-", 0, NULL,
		NULL, NULL, NULL, NULL, NULL, css_special
	},
	{
		"go golang", scan_code, L_CALLS,
		{ "//" }, { "/*", "*/" },
		{ { '"', '\\', 0 }, { '\'', '\\', 0 }, { '`', 0, Q_MULTI } },
		NULL, 0, NULL,
		"break case chan const continue default defer else fallthrough "
		"for func go goto if import interface map package range return "
		"select struct switch type var",
		"bool byte complex64 complex128 error float32 float64 int int8 "
		"int16 int32 int64 rune string uint uint8 uint16 uint32 uint64 "
		"uintptr any",
		"true false nil iota append cap clear close complex copy delete "
		"imag len make max min new panic print println real recover",
		"func", "type", NULL
	},
	{
		"rust rs", scan_code, L_CALLS | L_CAPTYPE,
		{ "//" }, { "/*", "*/" }, { { '"', '\\', Q_MULTI } },
		NULL, 0, NULL,
		"as async await break const continue crate dyn else enum extern "
		"fn for if impl in let loop match mod move mut pub ref return "
		"self static struct super trait type unsafe use where while",
		"bool char str u8 u16 u32 u64 u128 usize i8 i16 i32 i64 i128 "
		"isize f32 f64 Self String Vec Option Result Box",
		"true false Some None Ok Err",
		"fn", "struct enum trait type union", rust_special
	},
	{
		"sql mysql pgsql postgresql postgres plpgsql sqlite tsql plsql",
		scan_code, L_FOLD | L_CALLS,
		{ "--" }, { "/*", "*/" },
		{ { '\'', 0, Q_MULTI | Q_DOUBLE }, { '"', 0, Q_DOUBLE },
		  { '`', 0, Q_DOUBLE } },
		NULL, '@', NULL,
		"add all alter and any as asc begin between by case cascade "
		"check column commit constraint create cross database default "
		"delete desc distinct drop else end exists foreign from full "
		"function grant group having if in index inner insert intersect "
		"into is join key left like limit not null offset on or order "
		"outer primary procedure references replace returning revoke "
		"right rollback select set table then to transaction trigger "
		"truncate union unique update using values view when where "
		"with",
		"int integer bigint smallint tinyint decimal numeric float real "
		"double precision char varchar nvarchar text date time datetime "
		"timestamp interval boolean bool blob bytea serial uuid json "
		"jsonb",
		"true false count sum avg min max coalesce nullif now cast "
		"current_date current_time current_timestamp",
		NULL, NULL, NULL
	},
	{
		.names = "markdown md mkd mdown",
		.run = scan_markdown
	},
	{
		.names = "diff patch udiff",
		.run = scan_diff
	},
};

static const struct lang *
find_lang(const char *name, size_t n)
{
	size_t k;

	for (k = 0; k < sizeof(langs) / sizeof(langs[0]); k++)
		if (in_list(langs[k].names, (const unsigned char *)name, n, 1))
			return &langs[k];
	return NULL;
}

size_t
highlight(const char *lang, const char *code, size_t len,
    struct hl_span **spans)
{
	struct spans out = { NULL, 0, 0 };
	struct scan sc;

	*spans = NULL;
	memset(&sc, 0, sizeof(sc));
	if (lang == NULL || code == NULL ||
	    (sc.lang = find_lang(lang, strlen(lang))) == NULL)
		return 0;
	sc.s = (const unsigned char *)code;
	sc.len = len;
	sc.out = &out;
	sc.lang->run(&sc);
	*spans = out.v;
	return out.n;
}

int
highlight_known(const char *lang)
{
	return lang != NULL && find_lang(lang, strlen(lang)) != NULL;
}

const char *
hl_class_name(enum hl_class cls)
{
	return (unsigned)cls < HL_NCLASSES ? class_names[cls] : "plain";
}
