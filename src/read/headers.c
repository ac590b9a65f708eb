/* headers.c - "Key: value" metadata lines (Pelican, MultiMarkdown). */
#include "headers.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

/* Length of the key in a "Key: value" line, or 0 when it is not one. */
static size_t
key_len(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && i <= HEADERS_MAX_KEY && (isalnum((unsigned char)s[i]) ||
	    s[i] == '-' || s[i] == '_'))
		i++;
	if (i == 0 || i > HEADERS_MAX_KEY || i >= n || s[i] != ':')
		return 0;
	/* "http://x" on the first line is a link, not a header. */
	return i + 1 == n || s[i + 1] == ' ' || s[i + 1] == '\t' ? i : 0;
}

int
headers_present(const char *text, size_t len, int any_key)
{
	const char *e = memchr(text, '\n', len);
	size_t n = e ? (size_t)(e - text) : len, k = key_len(text, n);

	return k > 0 && (any_key || (k == 5 && !strncasecmp(text, "title", 5)));
}

static char *
trimmed(const char *s, size_t n)
{
	while (n > 0 && isspace((unsigned char)*s))
		s++, n--;
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	return xstrndup(s, n);
}

/* "a, b,,c" as a sequence of "a", "b", "c". */
static void
split_list(struct ynode *v)
{
	char *all = v->value, *s = all, *e;

	v->value = NULL;
	v->type = YNODE_SEQ;
	for (; *s; s = *e ? e + 1 : e) {
		char *item;

		e = s + strcspn(s, ",");
		item = trimmed(s, (size_t)(e - s));
		if (*item)
			yamlmap_add(v, NULL, v->line)->value = item;
		else
			free(item);
	}
	free(all);
}

struct ynode *
headers_parse(unsigned first_line, const char *text, size_t len, size_t *end)
{
	struct ynode *top = xcalloc(1, sizeof(*top)), *last = NULL;
	const char *p = text, *stop = text + len;
	unsigned line = first_line;

	top->type = YNODE_MAP;
	top->line = first_line;
	for (; p < stop; line++) {
		const char *e = memchr(p, '\n', (size_t)(stop - p));
		size_t n = e ? (size_t)(e - p) : (size_t)(stop - p), k;
		const char *next = e ? e + 1 : stop;

		if (n == 0 || strspn(p, " \t") >= n) {
			p = next;	/* the blank line ends the block */
			break;
		}
		if ((k = key_len(p, n)) > 0) {
			char *key = xstrndup(p, k);

			for (char *c = key; *c; c++)
				*c = (char)tolower((unsigned char)*c);
			last = yamlmap_add(top, key, line);
			last->type = YNODE_SCALAR;
			last->value = trimmed(p + k + 1, n - k - 1);
			free(key);
		} else if (last != NULL && (*p == ' ' || *p == '\t')) {
			char *more = trimmed(p, n), *was = last->value;

			/* A continuation: the value goes on, one space. */
			last->value = xasprintf("%s%s%s", was, *was ? " " : "",
			    more);
			free(was);
			free(more);
		} else
			break;
		p = next;
	}
	*end = (size_t)(p - text);
	for (size_t i = 0; i < top->n; i++) {
		struct ynode *v = &top->items[i];

		/* "Category:" with nothing after it says nothing. */
		if (*v->value == '\0') {
			v->null = 1;
			continue;
		}
		if (!strcmp(top->keys[i], "tags") ||
		    !strcmp(top->keys[i], "authors"))
			split_list(v);
		else if (!strcmp(top->keys[i], "status") &&
		    !strcasecmp(v->value, "draft")) {
			free(top->keys[i]);
			top->keys[i] = xstrdup("draft");
			free(v->value);
			v->value = xstrdup("true");
		}
	}
	return top;
}
