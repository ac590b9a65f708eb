/* yamlmap.c - libyaml events into a small tree of scalars, lists, maps. */
#include "yamlmap.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <yaml.h>

#include "diag.h"

struct reader {
	yaml_parser_t	 parser;
	const char	*file;
	const char	*what;
	unsigned	 first_line;
	const char	*text;
	size_t		 len;
};

static int	read_node(struct reader *, yaml_event_t *, struct ynode *,
		    int);

static unsigned
mark_line(const struct reader *r, yaml_mark_t mark)
{
	/* libyaml counts lines from 0 within the YAML text. */
	return r->first_line + (unsigned)mark.line;
}

static void
report_error(struct reader *r)
{
	const yaml_parser_t *p = &r->parser;
	const char *problem = p->problem ? p->problem : "cannot parse";
	size_t i, off;
	unsigned line;

	switch (p->error) {
	case YAML_READER_ERROR:
		/* Reader errors carry a byte offset, not a mark. */
		off = p->problem_offset < r->len ? p->problem_offset : r->len;
		line = r->first_line;
		for (i = 0; i < off; i++)
			if (r->text[i] == '\n')
				line++;
		diag(DIAG_ERROR, r->file, line, "YAML: %s", problem);
		break;
	case YAML_SCANNER_ERROR:
	case YAML_PARSER_ERROR:
		line = mark_line(r, p->problem_mark);
		/* Where the unfinished construct began helps most. */
		if (p->context != NULL &&
		    mark_line(r, p->context_mark) != line)
			diag(DIAG_ERROR, r->file, line,
			    "YAML: %s %s started on line %u", problem,
			    p->context, mark_line(r, p->context_mark));
		else if (p->context != NULL)
			diag(DIAG_ERROR, r->file, line, "YAML: %s %s",
			    problem, p->context);
		else
			diag(DIAG_ERROR, r->file, line, "YAML: %s", problem);
		break;
	default:
		diag(DIAG_ERROR, r->file, r->first_line, "YAML: %s", problem);
		break;
	}
}

static int
next_event(struct reader *r, yaml_event_t *ev)
{
	if (yaml_parser_parse(&r->parser, ev))
		return 0;
	report_error(r);
	return -1;
}

void
yamlmap_clear(struct ynode *n)
{
	size_t i;

	for (i = 0; i < n->n; i++) {
		if (n->keys != NULL)
			free(n->keys[i]);
		yamlmap_clear(&n->items[i]);
	}
	free(n->keys);
	free(n->items);
	free(n->value);
	memset(n, 0, sizeof(*n));
}

/* Makes room for one more item (and key, in a map); returns it zeroed. */
static struct ynode *
add_item(struct ynode *n, size_t *cap)
{
	if (n->n == *cap) {
		*cap = *cap ? *cap * 2 : 4;
		n->items = xreallocarray(n->items, *cap, sizeof(*n->items));
		if (n->type == YNODE_MAP)
			n->keys = xreallocarray(n->keys, *cap,
			    sizeof(*n->keys));
	}
	memset(&n->items[n->n], 0, sizeof(*n->items));
	if (n->type == YNODE_MAP)
		n->keys[n->n] = NULL;
	/* Counted now so a failure below still frees it. */
	return &n->items[n->n++];
}

struct ynode *
yamlmap_add(struct ynode *n, const char *key, unsigned line)
{
	struct ynode *item;
	size_t cap;

	/* Room for 4, then doubled whenever full: full at 4, 8, 16... */
	if (n->n == 0 || (n->n >= 4 && (n->n & (n->n - 1)) == 0)) {
		cap = n->n == 0 ? 4 : n->n * 2;
		n->items = xreallocarray(n->items, cap, sizeof(*n->items));
		if (n->type == YNODE_MAP)
			n->keys = xreallocarray(n->keys, cap,
			    sizeof(*n->keys));
	}
	item = &n->items[n->n];
	memset(item, 0, sizeof(*item));
	item->line = line;
	if (n->type == YNODE_MAP)
		n->keys[n->n] = xstrdup(key ? key : "");
	n->n++;
	return item;
}

static int
read_seq(struct reader *r, struct ynode *n, int depth)
{
	yaml_event_t ev;
	size_t cap = 0;
	int rc;

	for (;;) {
		if (next_event(r, &ev) == -1)
			return -1;
		if (ev.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&ev);
			return 0;
		}
		rc = read_node(r, &ev, add_item(n, &cap), depth);
		yaml_event_delete(&ev);
		if (rc == -1)
			return -1;
	}
}

static int
read_map(struct reader *r, struct ynode *n, int depth)
{
	yaml_event_t ev;
	struct ynode key, *item;
	size_t cap = 0;
	int rc;

	for (;;) {
		if (next_event(r, &ev) == -1)
			return -1;
		if (ev.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&ev);
			return 0;
		}
		if (ev.type != YAML_SCALAR_EVENT) {
			if (ev.type == YAML_ALIAS_EVENT) {
				/* read_node reports the alias. */
				memset(&key, 0, sizeof(key));
				read_node(r, &ev, &key, depth);
			} else
				diag(DIAG_ERROR, r->file,
				    mark_line(r, ev.start_mark),
				    "YAML: a mapping key must be a plain "
				    "value, not a list or mapping");
			yaml_event_delete(&ev);
			return -1;
		}
		item = add_item(n, &cap);
		n->keys[n->n - 1] = xstrndup((const char *)ev.data.scalar.value,
		    ev.data.scalar.length);
		yaml_event_delete(&ev);
		if (next_event(r, &ev) == -1)
			return -1;
		rc = read_node(r, &ev, item, depth);
		yaml_event_delete(&ev);
		if (rc == -1)
			return -1;
	}
}

/* Reads the node that starts with ev (owned by the caller) into n. */
static int
read_node(struct reader *r, yaml_event_t *ev, struct ynode *n, int depth)
{
	const char *v;

	n->line = mark_line(r, ev->start_mark);
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		n->type = YNODE_SCALAR;
		n->value = xstrndup((const char *)ev->data.scalar.value,
		    ev->data.scalar.length);
		v = n->value;
		n->null = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
		    (*v == '\0' || strcmp(v, "~") == 0 ||
		    strcmp(v, "null") == 0 || strcmp(v, "Null") == 0 ||
		    strcmp(v, "NULL") == 0);
		return 0;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		if (depth >= YAMLMAP_MAX_DEPTH) {
			diag(DIAG_ERROR, r->file, n->line,
			    "YAML: lists and mappings nested more than %d "
			    "deep", YAMLMAP_MAX_DEPTH);
			return -1;
		}
		if (ev->type == YAML_SEQUENCE_START_EVENT) {
			n->type = YNODE_SEQ;
			return read_seq(r, n, depth + 1);
		}
		n->type = YNODE_MAP;
		return read_map(r, n, depth + 1);
	case YAML_ALIAS_EVENT:
		/* Refused outright: expanding them invites billion-laughs. */
		diag(DIAG_ERROR, r->file, n->line,
		    "YAML aliases are not supported in %s (*%s)", r->what,
		    (const char *)ev->data.alias.anchor);
		return -1;
	default:
		diag(DIAG_ERROR, r->file, n->line,
		    "YAML: unexpected event %d", (int)ev->type);
		return -1;
	}
}

int
yamlmap_parse(const char *file, unsigned first_line, const char *what,
    const char *text, size_t len, struct ynode **root)
{
	struct reader r;
	yaml_event_t ev;
	struct ynode *top = NULL;
	int have_ev = 0, rc = -1;

	*root = NULL;
	memset(&r, 0, sizeof(r));
	r.file = file;
	r.what = what;
	r.first_line = first_line;
	r.text = text;
	r.len = len;
	if (!yaml_parser_initialize(&r.parser)) {
		diag(DIAG_ERROR, file, first_line, "YAML: cannot start parser");
		return -1;
	}
	yaml_parser_set_input_string(&r.parser, (const unsigned char *)text,
	    len);

	/* Stream start, then a document start or the end of the stream. */
	if (next_event(&r, &ev) == -1)
		goto out;
	yaml_event_delete(&ev);
	if (next_event(&r, &ev) == -1)
		goto out;
	if (ev.type == YAML_STREAM_END_EVENT) {
		yaml_event_delete(&ev);
		rc = 0;
		goto out;
	}
	yaml_event_delete(&ev);

	if (next_event(&r, &ev) == -1)
		goto out;
	have_ev = 1;
	top = xcalloc(1, sizeof(*top));
	if (read_node(&r, &ev, top, 0) == -1)
		goto out;
	yaml_event_delete(&ev);
	have_ev = 0;

	/* The document's end, so errors after the top node are caught. */
	if (next_event(&r, &ev) == -1)
		goto out;
	yaml_event_delete(&ev);
	*root = top;
	top = NULL;
	rc = 0;
out:
	if (have_ev)
		yaml_event_delete(&ev);
	yamlmap_free(top);
	yaml_parser_delete(&r.parser);
	return rc;
}

void
yamlmap_free(struct ynode *root)
{
	if (root == NULL)
		return;
	yamlmap_clear(root);
	free(root);
}

const struct ynode *
yamlmap_get(const struct ynode *map, const char *key)
{
	size_t i;

	if (map == NULL || map->type != YNODE_MAP)
		return NULL;
	/* From the end: a repeated key's last value wins, as in Jekyll. */
	for (i = map->n; i > 0; i--)
		if (strcmp(map->keys[i - 1], key) == 0)
			return &map->items[i - 1];
	return NULL;
}

const char *
yamlmap_str(const struct ynode *n)
{
	if (n == NULL || n->type != YNODE_SCALAR || n->null)
		return NULL;
	return n->value;
}

int
yamlmap_bool(const struct ynode *n, int *val)
{
	const char *s = yamlmap_str(n);

	return s != NULL ? str_bool(s, val) : -1;
}

struct vars {
	struct kv	*kv;
	size_t		 n, cap;
};

static void
add_var(struct vars *v, const char *key, char *value)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 16;
		v->kv = xreallocarray(v->kv, v->cap, sizeof(*v->kv));
	}
	v->kv[v->n].key = xstrdup(key);
	v->kv[v->n].value = value;
	v->n++;
}

struct slot {
	const char	*key;
	size_t		 i;	/* position in the array */
};

/* By key, then by position, so the last of equal keys ends a run. */
static int
cmp_slot(const void *a, const void *b)
{
	const struct slot *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c != 0 ? c : (x->i > y->i) - (x->i < y->i);
}

/*
 * Drops all but the last of each repeated key, keeping the order. Sorting
 * keeps a front matter of many thousands of keys from going quadratic.
 */
static void
dedupe(struct vars *v)
{
	struct slot *s;
	size_t i, j;
	char *gone;

	if (v->n < 2)
		return;
	s = xreallocarray(NULL, v->n, sizeof(*s));
	gone = xcalloc(v->n, 1);
	for (i = 0; i < v->n; i++) {
		s[i].key = v->kv[i].key;
		s[i].i = i;
	}
	qsort(s, v->n, sizeof(*s), cmp_slot);
	for (i = 0; i + 1 < v->n; i++)
		if (strcmp(s[i].key, s[i + 1].key) == 0)
			gone[s[i].i] = 1;
	for (i = j = 0; i < v->n; i++) {
		if (gone[i]) {
			free(v->kv[i].key);
			free(v->kv[i].value);
		} else
			v->kv[j++] = v->kv[i];
	}
	v->n = j;
	free(s);
	free(gone);
}

char *
yamlmap_join(const struct ynode *seq)
{
	struct buf b = {0};
	size_t i;

	if (seq == NULL || seq->type != YNODE_SEQ)
		return NULL;
	for (i = 0; i < seq->n; i++) {
		if (seq->items[i].type != YNODE_SCALAR) {
			buf_free(&b);
			return NULL;
		}
		if (seq->items[i].null)
			continue;
		if (b.len > 0)
			buf_puts(&b, ", ");
		buf_puts(&b, seq->items[i].value);
	}
	return buf_take(&b);
}

static void
flatten(const struct ynode *map, struct buf *prefix, struct vars *vars)
{
	const struct ynode *v;
	size_t i, plen = prefix->len;
	char *s;

	for (i = 0; i < map->n; i++) {
		v = &map->items[i];
		if (plen > 0)
			buf_putc(prefix, '.');
		buf_puts(prefix, map->keys[i]);
		switch (v->type) {
		case YNODE_SCALAR:
			add_var(vars, prefix->data,
			    xstrdup(v->null ? "" : v->value));
			break;
		case YNODE_SEQ:
			if ((s = yamlmap_join(v)) != NULL)
				add_var(vars, prefix->data, s);
			break;
		case YNODE_MAP:
			flatten(v, prefix, vars);
			break;
		}
		prefix->len = plen;
		prefix->data[plen] = '\0';
	}
}

void
yamlmap_flatten(const struct ynode *map, struct kv **vars, size_t *nvars)
{
	struct buf prefix = {0};
	struct vars v = { *vars, *nvars, *nvars };

	if (map == NULL || map->type != YNODE_MAP)
		return;
	flatten(map, &prefix, &v);
	buf_free(&prefix);
	dedupe(&v);
	*vars = v.kv;
	*nvars = v.n;
}
