/*
 * fuzz-common.h - what the fuzz targets share: the samples site, the
 * default style and a hyphenator, set up once; and the front half of
 * post_load() (source, front matter, Liquid, Markdown, build) over
 * bytes instead of a file.
 */
#ifndef QUIRE_FUZZ_COMMON_H
#define QUIRE_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "doc.h"
#include "meta.h"
#include "site.h"
#include "style.h"

#ifndef QUIRE_SRCDIR
#define QUIRE_SRCDIR "."
#endif

/* Images resolve inside samples/, so the seeds can reach real ones. */
#define FUZZ_POST_DIR QUIRE_SRCDIR "/samples"
#define FUZZ_POST_PATH FUZZ_POST_DIR "/2020-02-02-fuzz.md"

/* A post as post_load() leaves it, less the path. */
struct fuzz_post {
	struct meta meta;	/* front matter */
	char	*title;		/* from the front matter, the first h1, or
				   "Untitled" */
	struct doc doc;		/* title block, then the body */
};

extern struct style fuzz_style;	/* styles/default.yaml */
extern struct site fuzz_site;	/* samples/_config.yml */

/*
 * Silences diag() and loads the style, the site and (if the style
 * hyphenates) the site language's hyphenator. Aborts if any fails; call
 * once, before fuzz_post_build.
 */
void	fuzz_setup(void);
/*
 * Resets diag() and builds data[0..size) as FUZZ_POST_PATH into fp,
 * which it overwrites. Returns -1 if the source or its front matter is
 * rejected (fp->doc is then empty), else 0. Either way the caller frees
 * fp with fuzz_post_free.
 */
int	fuzz_post_build(struct fuzz_post *fp, const uint8_t *data,
	    size_t size);
/* Frees what fp holds and zeroes it. */
void	fuzz_post_free(struct fuzz_post *fp);

#endif
