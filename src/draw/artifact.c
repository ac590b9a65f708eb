/* artifact.c - furniture and decoration marked as artifacts in a content
 * stream. */
#include "artifact.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Arrays and dictionaries nested deeper than this are refused. */
#define MAX_NEST 64

/* Characters by their part in PDF syntax: a table, as every byte of a
 * page is looked at once or twice. */
enum { REGULAR, SPACE, DELIM };
static const unsigned char char_class[256] = {
	[0] = SPACE, ['\t'] = SPACE, ['\n'] = SPACE, ['\f'] = SPACE,
	['\r'] = SPACE, [' '] = SPACE,
	['('] = DELIM, [')'] = DELIM, ['<'] = DELIM, ['>'] = DELIM,
	['['] = DELIM, [']'] = DELIM, ['{'] = DELIM, ['}'] = DELIM,
	['/'] = DELIM, ['%'] = DELIM,
};

static int
is_space(int c)
{
	return char_class[c] == SPACE;
}

static int
is_regular(int c)
{
	return char_class[c] == REGULAR;
}

static void
skip_space(struct cs_lexer *lx)
{
	while (lx->pos < lx->len) {
		if (is_space((unsigned char)lx->s[lx->pos]))
			lx->pos++;
		else if (lx->s[lx->pos] == '%')
			while (lx->pos < lx->len && lx->s[lx->pos] != '\n' &&
			    lx->s[lx->pos] != '\r')
				lx->pos++;
		else
			break;
	}
}

/* Past the literal string at lx->pos (on its "("); 0, or -1 unclosed. */
static int
lex_string(struct cs_lexer *lx)
{
	int depth = 0;

	for (; lx->pos < lx->len; lx->pos++) {
		char c = lx->s[lx->pos];

		if (c == '\\')
			lx->pos++;
		else if (c == '(')
			depth++;
		else if (c == ')' && --depth == 0) {
			lx->pos++;
			return 0;
		}
	}
	return -1;
}

static void
lex_word(struct cs_lexer *lx)
{
	while (lx->pos < lx->len && is_regular((unsigned char)lx->s[lx->pos]))
		lx->pos++;
}

static enum cs_token lex(struct cs_lexer *lx, size_t *start, size_t *end,
    int nest);

/* Past the array or dictionary whose opening is at lx->pos, closed by
 * close ("]" or ">>"). */
static int
lex_group(struct cs_lexer *lx, const char *close, int nest)
{
	size_t n = strlen(close), a, b;

	lx->pos += n;	/* "[" or "<<" */
	for (;;) {
		skip_space(lx);
		if (lx->pos + n <= lx->len &&
		    !memcmp(lx->s + lx->pos, close, n)) {
			lx->pos += n;
			return 0;
		}
		switch (lex(lx, &a, &b, nest + 1)) {
		case CS_OPERAND:
		case CS_OPERATOR:	/* true, null: words all the same */
			break;
		default:
			return -1;
		}
	}
}

/*
 * Past an inline image's data: after "ID" and one white-space byte, up to
 * "EI" between white space (or the stream's end). The data may hold
 * anything, so this is what readers do too.
 */
static int
lex_image_data(struct cs_lexer *lx)
{
	size_t i;

	for (i = lx->pos + 1; i + 2 <= lx->len; i++)
		if (lx->s[i] == 'E' && lx->s[i + 1] == 'I' &&
		    is_space((unsigned char)lx->s[i - 1]) &&
		    (i + 2 == lx->len || is_space((unsigned char)lx->s[i + 2]))) {
			lx->pos = i + 2;
			return 0;
		}
	return -1;
}

static int
word_is(const struct cs_lexer *lx, size_t a, size_t b, const char *w)
{
	return b - a == strlen(w) && !memcmp(lx->s + a, w, b - a);
}

static enum cs_token
lex(struct cs_lexer *lx, size_t *start, size_t *end, int nest)
{
	char c;

	skip_space(lx);
	*start = *end = lx->pos;
	if (lx->pos >= lx->len)
		return CS_END;
	if (nest > MAX_NEST)
		return CS_ERROR;
	c = lx->s[lx->pos];
	if (c == '(') {
		if (lex_string(lx) == -1)
			return CS_ERROR;
	} else if (c == '<' && lx->pos + 1 < lx->len &&
	    lx->s[lx->pos + 1] == '<') {
		if (lex_group(lx, ">>", nest) == -1)
			return CS_ERROR;
	} else if (c == '<') {
		const char *gt = memchr(lx->s + lx->pos, '>', lx->len - lx->pos);

		if (gt == NULL)
			return CS_ERROR;
		lx->pos = (size_t)(gt - lx->s) + 1;
	} else if (c == '[') {
		if (lex_group(lx, "]", nest) == -1)
			return CS_ERROR;
	} else if (c == '/') {
		lx->pos++;
		lex_word(lx);
	} else if (is_regular((unsigned char)c)) {
		lex_word(lx);
		*end = lx->pos;
		if ((c >= '0' && c <= '9') || c == '+' || c == '-' ||
		    c == '.' ||
		    word_is(lx, *start, *end, "true") ||
		    word_is(lx, *start, *end, "false") ||
		    word_is(lx, *start, *end, "null"))
			return CS_OPERAND;
		if (!word_is(lx, *start, *end, "BI"))
			return CS_OPERATOR;
		/* An inline image: its dictionary's entries, "ID", data. */
		for (;;) {
			size_t a, b;
			enum cs_token t = lex(lx, &a, &b, nest + 1);

			if (t == CS_OPERATOR && word_is(lx, a, b, "ID"))
				break;
			if (t != CS_OPERAND)
				return CS_ERROR;
		}
		if (lex_image_data(lx) == -1)
			return CS_ERROR;
		*end = lx->pos;
		return CS_INLINE;
	} else
		return CS_ERROR;	/* a stray ")", ">", "]", "{", "}" */
	*end = lx->pos;
	return CS_OPERAND;
}

enum cs_token
cs_next(struct cs_lexer *lx, size_t *start, size_t *end)
{
	return lex(lx, start, end, 0);
}

/* Operators by what they do to a run of decoration. */
enum op_class {
	OP_OTHER,	/* ends a run: text, images, q, Q, marked content */
	OP_PATH,	/* builds (or clips to) a path */
	OP_PAINT,	/* strokes or fills it */
	OP_NOPAINT,	/* "n": ends it unpainted */
	OP_STATE,	/* graphics state a run may hold between its paths */
	OP_BDC, OP_BMC, OP_EMC
};

/* Up to three characters as one number, for a switch. */
#define KEY(a, b, c) ((unsigned)(a) | (unsigned)(b) << 8 | \
	(unsigned)(c) << 16)

static enum op_class
classify(const char *w, size_t n)
{
	if (n == 0 || n > 3)
		return OP_OTHER;
	switch (KEY(w[0], n > 1 ? w[1] : 0, n > 2 ? w[2] : 0)) {
	case KEY('m', 0, 0): case KEY('l', 0, 0): case KEY('c', 0, 0):
	case KEY('v', 0, 0): case KEY('y', 0, 0): case KEY('h', 0, 0):
	case KEY('r', 'e', 0): case KEY('W', 0, 0): case KEY('W', '*', 0):
		return OP_PATH;
	case KEY('S', 0, 0): case KEY('s', 0, 0): case KEY('f', 0, 0):
	case KEY('F', 0, 0): case KEY('f', '*', 0): case KEY('B', 0, 0):
	case KEY('B', '*', 0): case KEY('b', 0, 0): case KEY('b', '*', 0):
		return OP_PAINT;
	case KEY('n', 0, 0):
		return OP_NOPAINT;
	case KEY('w', 0, 0): case KEY('J', 0, 0): case KEY('j', 0, 0):
	case KEY('M', 0, 0): case KEY('d', 0, 0): case KEY('r', 'i', 0):
	case KEY('i', 0, 0): case KEY('g', 's', 0): case KEY('c', 'm', 0):
	case KEY('r', 'g', 0): case KEY('R', 'G', 0): case KEY('g', 0, 0):
	case KEY('G', 0, 0): case KEY('k', 0, 0): case KEY('K', 0, 0):
	case KEY('c', 's', 0): case KEY('C', 'S', 0): case KEY('s', 'c', 0):
	case KEY('s', 'c', 'n'): case KEY('S', 'C', 0): case KEY('S', 'C', 'N'):
		return OP_STATE;
	case KEY('B', 'D', 'C'):
		return OP_BDC;
	case KEY('B', 'M', 'C'):
		return OP_BMC;
	case KEY('E', 'M', 'C'):
		return OP_EMC;
	}
	return OP_OTHER;
}

/* The typed artifact each furniture type becomes. */
static const struct {
	const char *type, *with;
} kinds[] = {
	{ ARTIFACT_HEADER,
	  "/Artifact << /Type /Pagination /Subtype /Header >> BDC" },
	{ ARTIFACT_FOOTER,
	  "/Artifact << /Type /Pagination /Subtype /Footer >> BDC" },
	{ ARTIFACT_PAGINATION, "/Artifact << /Type /Pagination >> BDC" },
	{ ARTIFACT_LAYOUT, "/Artifact << /Type /Layout >> BDC" },
};

const char *
artifact_opening(const char *type)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(*kinds); i++)
		if (!strcmp(type, kinds[i].type))
			return kinds[i].with;
	return NULL;
}

struct rewrite {
	const char *s;
	struct buf out;
	size_t	 copied;	/* s is in out up to here */
	size_t	 run_start, run_end;	/* a run of decoration; SIZE_MAX none */
	int	 run_paints;	/* it strokes or fills (not a bare clip) */
	int	 changed;
};

static void
copy_to(struct rewrite *w, size_t pos)
{
	buf_append(&w->out, w->s + w->copied, pos - w->copied);
	w->copied = pos;
}

/* Wraps the run of decoration, if any, in an artifact sequence. */
static void
close_run(struct rewrite *w)
{
	if (w->run_start != SIZE_MAX && w->run_end != SIZE_MAX &&
	    w->run_paints) {
		copy_to(w, w->run_start);
		buf_puts(&w->out, "/Artifact BMC\n");
		copy_to(w, w->run_end);
		buf_puts(&w->out, "\nEMC");
		w->changed = 1;
	}
	w->run_start = w->run_end = SIZE_MAX;
	w->run_paints = 0;
}

/* The number at s[a .. b), or -1 for what is not a number. */
static double
number(const char *s, size_t a, size_t b)
{
	char tmp[32], *end;
	double v;

	if (b - a == 0 || b - a >= sizeof(tmp))
		return -1;
	memcpy(tmp, s + a, b - a);
	tmp[b - a] = '\0';
	v = strtod(tmp, &end);
	return *end == '\0' ? v : -1;
}

/*
 * Whether the path "x y w h re" whose operands are at opnd, followed in
 * lx by "f", is a marker: if so its number, and lx is past the "f".
 */
static long
marker(const char *s, const size_t opnd[4][2], struct cs_lexer *lx)
{
	double v[4];
	struct cs_lexer peek = *lx;
	size_t a, b;
	long k;

	for (int i = 0; i < 4; i++)
		v[i] = number(s, opnd[i][0], opnd[i][1]);
	if (v[2] < ARTIFACT_MARK * 0.9 || v[2] > ARTIFACT_MARK * 1.1 ||
	    v[3] < ARTIFACT_MARK * 0.9 || v[3] > ARTIFACT_MARK * 1.1 ||
	    v[0] < 1 || v[1] < 1 || v[0] != (long)v[0] ||
	    v[1] != (long)v[1] || v[0] > ARTIFACT_MARK_ROW)
		return -1;
	if (cs_next(&peek, &a, &b) != CS_OPERATOR || b - a != 1 ||
	    s[a] != 'f')
		return -1;
	k = ((long)v[1] - 1) * ARTIFACT_MARK_ROW + (long)v[0] - 1;
	*lx = peek;
	return k;
}

int
artifact_rewrite(const char *s, size_t len, const char *const *open,
    size_t nopen, struct artifact_out *o)
{
	struct cs_lexer lx = { s, len, 0 };
	struct rewrite w = { .s = s, .run_start = SIZE_MAX,
		.run_end = SIZE_MAX };
	size_t start, end, first = 0, opnd[4][2];
	size_t nopnd = 0, next = 0;
	long depth = 0, k;
	int opened = 0;		/* the last marker opened a sequence */
	enum cs_token t;
	enum op_class c;

	memset(o, 0, sizeof(*o));
	while ((t = cs_next(&lx, &start, &end)) != CS_END) {
		size_t from;

		if (t == CS_ERROR)
			goto fail;
		if (t == CS_OPERAND) {
			if (nopnd == 0)
				first = start;
			opnd[nopnd % 4][0] = start;
			opnd[nopnd % 4][1] = end;
			nopnd++;
			continue;
		}
		from = nopnd > 0 ? first : start;
		c = t == CS_OPERATOR ? classify(s + start, end - start) :
		    OP_OTHER;
		if (c == OP_PATH && nopnd == 4 && end - start == 2 &&
		    !memcmp(s + start, "re", 2) &&
		    (k = marker(s, (const size_t (*)[2])opnd, &lx)) >= 0) {
			if ((size_t)k != next++ || next > nopen)
				goto fail;
			close_run(&w);
			copy_to(&w, from);
			if (opened) {
				buf_puts(&w.out, "EMC\n");
				depth--;
			}
			if ((opened = open[k] != NULL)) {
				buf_puts(&w.out, open[k]);
				buf_putc(&w.out, '\n');
				depth++;
			}
			w.copied = lx.pos;
			w.changed = 1;
			nopnd = 0;
			continue;
		}
		nopnd = 0;
		if (depth == 0 && c == OP_PATH) {
			if (w.run_start == SIZE_MAX)
				w.run_start = from;
			continue;
		}
		if (depth == 0 && w.run_start != SIZE_MAX &&
		    (c == OP_PAINT || c == OP_NOPAINT)) {
			w.run_end = end;
			w.run_paints |= c == OP_PAINT;
			continue;
		}
		if (c == OP_STATE)
			continue;
		close_run(&w);
		if (c == OP_BDC || c == OP_BMC)
			depth++;
		else if (c == OP_EMC && --depth < 0)
			goto fail;
	}
	close_run(&w);
	if (depth != 0 || opened || next != nopen)
		goto fail;
	if (!w.changed) {
		buf_free(&w.out);
		return 0;
	}
	copy_to(&w, len);
	o->len = w.out.len;
	o->data = buf_take(&w.out);
	return 1;
fail:
	buf_free(&w.out);
	return -1;
}

void
artifact_out_free(struct artifact_out *o)
{
	free(o->data);
	memset(o, 0, sizeof(*o));
}
