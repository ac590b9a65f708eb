/*
 * fuzz-common.c - the fuzz targets' shared glue. It mirrors post_load()
 * stage by stage, since that reads a file: a post_load_bytes() would
 * let it shrink to a call.
 */
#include "fuzz-common.h"

#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "diag.h"
#include "hyphenate.h"
#include "liquid.h"
#include "markdown.h"
#include "post.h"
#include "source.h"

struct style fuzz_style;
struct site fuzz_site;
static struct hyphenator *hyph;	/* loaded once: libhyphen is slow to load */

void
fuzz_setup(void)
{
	diag_set_silent(1);
	style_init(&fuzz_style);
	if (style_load(&fuzz_style, QUIRE_SRCDIR, NULL) == -1 ||
	    site_load(&fuzz_site, FUZZ_POST_DIR) == -1)
		abort();
	if (fuzz_style.hyphenate &&
	    (hyph = hyphenator_new(post_lang(NULL, &fuzz_site))) == NULL)
		abort();
}

int
fuzz_post_build(struct fuzz_post *fp, const uint8_t *data, size_t size)
{
	struct source src;
	struct liquid_env env = {0};
	struct build_ctx ctx = {0};
	cmark_node *root = NULL, *h1 = NULL;
	char *body = NULL, *url = NULL;
	size_t off, blen;
	int rc = -1;

	memset(fp, 0, sizeof(*fp));
	diag_reset();
	if (source_from_bytes(&src, FUZZ_POST_PATH, (const char *)data,
	    size) == -1)
		goto out;
	if (meta_read(&fp->meta, FUZZ_POST_PATH, src.text, src.len,
	    &off) == -1)
		goto out;
	env.site = fuzz_site.vars;
	env.nsite = fuzz_site.nvars;
	env.permalink = fuzz_site.permalink;
	env.page = fp->meta.vars;
	env.npage = fp->meta.nvars;
	env.post_prefix = fuzz_site.url ? fuzz_site.url : "";
	body = liquid_rewrite(FUZZ_POST_PATH, fp->meta.body_line,
	    src.text + off, src.len - off, &env, &blen);
	root = markdown_parse(body, blen);
	ctx.file = FUZZ_POST_PATH;
	ctx.first_line = fp->meta.body_line;
	ctx.st = &fuzz_style;
	ctx.site = &fuzz_site;
	ctx.post_dir = FUZZ_POST_DIR;
	ctx.page_url = url = post_url(&fp->meta, &fuzz_site);
	ctx.hyph = hyph;
	if (fp->meta.title != NULL)
		fp->title = strdup(fp->meta.title);
	else if ((fp->title = build_first_heading(root, &h1)) != NULL)
		cmark_node_free(h1);	/* it becomes the title block */
	else
		fp->title = strdup("Untitled");
	build_title(&fp->doc, &fp->meta, fp->title, &ctx);
	build_body(&fp->doc, root, &ctx);
	rc = 0;
out:
	if (root)
		cmark_node_free(root);
	free(body);
	free(url);
	source_free(&src);
	return rc;
}

void
fuzz_post_free(struct fuzz_post *fp)
{
	meta_free(&fp->meta);
	free(fp->title);
	doc_free(&fp->doc);
	memset(fp, 0, sizeof(*fp));
}
