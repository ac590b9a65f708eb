/*
 * fuzz-parse.c - libFuzzer target: arbitrary bytes through the front
 * half of the post pipeline (source, front matter, Liquid, Markdown,
 * build), without layout or paint, so it runs a hundred times faster
 * than fuzz-render; as a Jekyll, Hugo or Zola post by the input's
 * length (Liquid or shortcodes). Then the same bytes straight through
 * the HTML tokenizer and the highlighter, which blocks.c only reaches
 * with what cmark hands it (the first word names the language, the rest
 * is code), and the shortcode stage of a Hugo and a Zola site with
 * their own templates. And the same bytes through each front matter and
 * configuration reader directly (TOML, JSON, headers, pelicanconf.py),
 * whatever their first line; as in quire, they get them NUL-terminated.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dialect.h"
#include "fuzz-common.h"
#include "headers.h"
#include "highlight.h"
#include "html.h"
#include "shortcode.h"
#include "jsonmap.h"
#include "tomlmap.h"

static void
tokenize(const char *s, size_t len)
{
	struct html_tok t = {0};
	size_t pos = 0;

	while (html_next(s, len, &pos, &t))
		;
	html_tok_free(&t);
}

static void
colour(const char *s, size_t len)
{
	struct hl_span *sp = NULL;
	char lang[16];
	size_t n = 0;

	while (n < len && n < sizeof(lang) - 1 && s[n] != ' ' && s[n] != '\n')
		n++;
	memcpy(lang, s, n);
	lang[n] = '\0';
	s += n < len ? n + 1 : n;
	len -= n < len ? n + 1 : n;
	highlight(lang, s, len, &sp);
	free(sp);
}

/* As a body of tests/sites/hugo-shortcodes, whose templates it may
 * call (and of its Zola twin). */
static void
shortcodes(const char *s, size_t len)
{
	static const struct {
		enum generator gen;
		const char *root;
	} sites[] = {
		{ GEN_HUGO, QUIRE_SRCDIR "/tests/sites/hugo-shortcodes" },
		{ GEN_ZOLA, QUIRE_SRCDIR "/tests/sites/zola-shortcodes" },
	};

	for (size_t i = 0; i < 2; i++) {
		struct site site = { .generator = sites[i].gen,
			.root = (char *)sites[i].root };
		struct shortcode_env env = { .site = &site,
			.post_dir = sites[i].root };
		size_t n;

		free(shortcode_rewrite("fuzz.md", 1, s, len, &env, &n));
	}
}

static void
readers(const uint8_t *data, size_t len)
{
	char *s = malloc(len + 1);
	struct ynode *root = NULL;
	size_t end;

	memcpy(s, data, len);
	s[len] = '\0';
	if (tomlmap_parse("f.toml", 1, s, len, &root) == 0)
		yamlmap_free(root);
	if (jsonmap_parse("f.json", 1, s, len, &root, &end) == 0)
		yamlmap_free(root);
	yamlmap_free(headers_parse(1, s, len, &end));
	yamlmap_free(pelican_conf_read(s, len));
	free(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct post fp;

	if (!ready) {
		fuzz_setup();
		ready = 1;
	}
	/* The input's length picks the dialect: one build per input. */
	fuzz_site.generator = size % 3 == 0 ? GEN_JEKYLL : size % 3 == 1 ?
	    GEN_HUGO : GEN_ZOLA;
	fuzz_post_build(&fp, data, size);
	post_free(&fp);
	fuzz_site.generator = GEN_JEKYLL;
	shortcodes((const char *)data, size);
	tokenize((const char *)data, size);
	colour((const char *)data, size);
	readers(data, size);
	return 0;
}
