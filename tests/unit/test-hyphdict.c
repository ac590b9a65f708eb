/*
 * test-hyphdict.c - the compiled form of hyphenation dictionaries: what
 * it loads is libhyphen's own automaton, state for state, and hyphenates
 * alike; a damaged, stale or missing compiled form falls back to the
 * text and is made again; without a cache folder the text is read.
 */
#include <sys/stat.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "hyphdict.h"
#include "util.h"

#define DIC "/usr/share/hyphen/hyph_en_US.dic"

static char tmpdir[] = "/tmp/quire-hyphdict-XXXXXX";

static int
same_str(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a && b && !strcmp(a, b));
}

/* Whether two dictionaries are the same automaton, level by level
 * (a replacement's index and cut mean something only with one). */
static int
same_dict(const HyphenDict *a, const HyphenDict *b)
{
	for (; a != NULL && b != NULL; a = a->nextlevel, b = b->nextlevel) {
		if (a->lhmin != b->lhmin || a->rhmin != b->rhmin ||
		    a->clhmin != b->clhmin || a->crhmin != b->crhmin ||
		    a->nohyphenl != b->nohyphenl || a->utf8 != b->utf8 ||
		    a->num_states != b->num_states ||
		    memcmp(a->cset, b->cset, sizeof(a->cset)) != 0 ||
		    (a->nohyphen == NULL) != (b->nohyphen == NULL))
			return 0;
		for (size_t at = 0, i = 0; a->nohyphen &&
		    (int)i <= a->nohyphenl; i++) {
			if (strcmp(a->nohyphen + at, b->nohyphen + at) != 0)
				return 0;
			at += strlen(a->nohyphen + at) + 1;
		}
		for (int i = 0; i < a->num_states; i++) {
			const HyphenState *s = &a->states[i], *t = &b->states[i];

			if (!same_str(s->match, t->match) ||
			    !same_str(s->repl, t->repl) || (s->repl &&
			    (s->replindex != t->replindex ||
			    s->replcut != t->replcut)) ||
			    s->fallback_state != t->fallback_state ||
			    s->num_trans != t->num_trans)
				return 0;
			for (int k = 0; k < s->num_trans; k++)
				if (s->trans[k].ch != t->trans[k].ch ||
				    s->trans[k].new_state !=
				    t->trans[k].new_state)
					return 0;
		}
	}
	return a == NULL && b == NULL;
}

/* The hyphenation points d finds in a few words, as one string. */
static char *
points(HyphenDict *d)
{
	static const char *const words[] = { "hyphenation", "typesetting",
		"representation", "automatically", "infrastructure",
		"configuration", "documentation", "uncopyrightable" };
	struct buf b = {0};

	for (size_t i = 0; i < sizeof(words) / sizeof(*words); i++) {
		int n = (int)strlen(words[i]);
		char *h = xcalloc((size_t)n + 5, 1);
		char **rep = NULL;
		int *pos = NULL, *cut = NULL;

		hnj_hyphen_hyphenate2(d, words[i], n, h, NULL, &rep, &pos,
		    &cut);
		buf_puts(&b, h);
		buf_putc(&b, ' ');
		free(h);
		free(rep);
		free(pos);
		free(cut);
	}
	return buf_take(&b);
}

static off_t
size_of(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? st.st_size : -1;
}

/* The one compiled file in dir, or NULL. */
static char *
compiled_in(const char *dir)
{
	char *cmd = xasprintf("ls %s/quire/hyph3-*.bin 2>/dev/null", dir);
	FILE *p = popen(cmd, "r");
	char line[4096];
	char *found = NULL;

	if (p != NULL && fgets(line, sizeof(line), p) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		found = xstrdup(line);
	}
	if (p != NULL)
		pclose(p);
	free(cmd);
	return found;
}

static void
overwrite(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (f != NULL) {
		fwrite(data, 1, n, f);
		fclose(f);
	}
}

/* n bytes of the file at path, from at on, set to 0xff. */
static void
damage(const char *path, off_t at, size_t n)
{
	FILE *f = fopen(path, "r+b");
	unsigned char junk[256];

	memset(junk, 0xff, sizeof(junk));
	if (f != NULL) {
		if (fseeko(f, at, SEEK_SET) == 0)
			fwrite(junk, 1, n < sizeof(junk) ? n : sizeof(junk), f);
		fclose(f);
	}
}

static void
test_compiled(const char *dic)
{
	HyphenDict *text = hnj_hyphen_load(dic), *d;
	char *want = points(text), *got, *bin;
	off_t full;

	/* First load: from the text, and the compiled form is made. */
	d = hyphdict_load(dic);
	CHECK(d != NULL && same_dict(text, d));
	hyphdict_free(d);
	bin = compiled_in(tmpdir);
	CHECK(bin != NULL);
	if (bin == NULL)
		goto out;
	full = size_of(bin);
	CHECK(full > 1000);
	/* Second: from the compiled form, the same automaton. */
	d = hyphdict_load(dic);
	CHECK(d != NULL && same_dict(text, d));
	got = d ? points(d) : NULL;
	CHECK_STR(got, want);
	free(got);
	hyphdict_free(d);
	/* Cut short, or garbage: the text again, and the form made anew. */
	CHECK(truncate(bin, full / 2) == 0);
	d = hyphdict_load(dic);
	CHECK(d != NULL && same_dict(text, d));
	hyphdict_free(d);
	CHECK(size_of(bin) == full);
	overwrite(bin, "quire-hyph-3\ngarbage", 20);
	d = hyphdict_load(dic);
	CHECK(d != NULL && same_dict(text, d));
	hyphdict_free(d);
	CHECK(size_of(bin) == full);
	/* Whole but damaged inside (state numbers, offsets, counts). */
	damage(bin, full / 3, 64);
	d = hyphdict_load(dic);
	CHECK(d != NULL && same_dict(text, d));
	got = d ? points(d) : NULL;
	CHECK_STR(got, want);
	free(got);
	hyphdict_free(d);
	CHECK(size_of(bin) == full);
	free(bin);
out:
	free(want);
	hnj_hyphen_free(text);
}

/* A dictionary changed after it was compiled is read from its text. */
static void
test_stale(void)
{
	char *copy = xasprintf("%s/hyph_xx.dic", tmpdir);
	HyphenDict *d, *text;
	FILE *f;

	overwrite(copy, "UTF-8\n1ba\n", 10);
	d = hyphdict_load(copy);
	CHECK(d != NULL);
	hyphdict_free(d);
	f = fopen(copy, "ab");
	if (f != NULL) {
		fputs("1ca\nNOHYPHEN x,yy\n", f);
		fclose(f);
	}
	text = hnj_hyphen_load(copy);
	d = hyphdict_load(copy);
	CHECK(d != NULL && text != NULL && same_dict(text, d));
	hyphdict_free(d);
	/* And that one, NOHYPHEN list and all, compiles and loads back. */
	d = hyphdict_load(copy);
	CHECK(d != NULL && text != NULL && same_dict(text, d));
	hyphdict_free(d);
	if (text)
		hnj_hyphen_free(text);
	CHECK(hyphdict_load("/nonexistent/hyph_zz.dic") == NULL);
	unlink(copy);
	free(copy);
}

/* No cache folder at all: the text, every time. */
static void
test_no_cache(const char *dic)
{
	HyphenDict *text = hnj_hyphen_load(dic), *d;

	unsetenv("XDG_CACHE_HOME");
	unsetenv("HOME");
	d = hyphdict_load(dic);
	CHECK(d != NULL && same_dict(text, d));
	hyphdict_free(d);
	hnj_hyphen_free(text);
}

int
main(void)
{
	if (access(DIC, R_OK) != 0) {
		printf("skipped: %s not installed\n", DIC);
		return 77;
	}
	if (mkdtemp(tmpdir) == NULL)
		return 99;
	setenv("XDG_CACHE_HOME", tmpdir, 1);
	test_compiled(DIC);
	test_stale();
	test_no_cache(DIC);
	{
		char *rm = xasprintf("rm -rf %s", tmpdir);

		CHECK(system(rm) == 0);
		free(rm);
	}
	return check_done();
}
