/* fuzz-common.c - the fuzz targets' shared glue. */
#include "fuzz-common.h"

#include <stdlib.h>

#include "diag.h"
#include "hyphenate.h"
#include "post.h"

struct style fuzz_style;
struct site fuzz_site;
/* Loaded once each: libhyphen is slow to load (German: seconds). */
static struct hyphenators *hyph;

void
fuzz_setup(void)
{
	diag_set_silent(1);
	style_init(&fuzz_style);
	if (style_load(&fuzz_style, QUIRE_SRCDIR, NULL) == -1 ||
	    site_load(&fuzz_site, FUZZ_POST_DIR, SITE_DETECT) == -1)
		abort();
	hyph = hyphenators_new();
	if (fuzz_style.hyphenate &&
	    hyphenators_get(hyph, post_lang(NULL, &fuzz_site)) == NULL)
		abort();
}

int
fuzz_post_build(struct post *p, const uint8_t *data, size_t size)
{
	struct post_opts po = { .site = &fuzz_site, .st = &fuzz_style,
		.hyph = hyph };

	diag_reset();
	return post_load_bytes(p, FUZZ_POST_PATH, (const char *)data, size,
	    &po);
}
