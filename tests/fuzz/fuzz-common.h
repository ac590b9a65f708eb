/*
 * fuzz-common.h - what the fuzz targets share: the samples site, the
 * default style and a hyphenator, set up once; and a post loaded from
 * bytes with them.
 */
#ifndef QUIRE_FUZZ_COMMON_H
#define QUIRE_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "post.h"
#include "site.h"
#include "style.h"

#ifndef QUIRE_SRCDIR
#define QUIRE_SRCDIR "."
#endif

/* Images resolve inside samples/, so the seeds can reach real ones. */
#define FUZZ_POST_DIR QUIRE_SRCDIR "/samples"
#define FUZZ_POST_PATH FUZZ_POST_DIR "/2020-02-02-fuzz.md"

extern struct style fuzz_style;	/* styles/default.yaml */
extern struct site fuzz_site;	/* samples/_config.yml */

/*
 * Silences diag() and loads the style, the site and (if the style
 * hyphenates) the site language's hyphenator. Aborts if any fails; call
 * once, before fuzz_post_build.
 */
void	fuzz_setup(void);
/*
 * Resets diag() and loads data[0..size) as the post FUZZ_POST_PATH into
 * p (post_load_bytes, with the set-up above). Returns -1 if the source or
 * its front matter is rejected (p->doc is then empty), else 0. Either way
 * the caller frees p with post_free.
 */
int	fuzz_post_build(struct post *p, const uint8_t *data, size_t size);

#endif
