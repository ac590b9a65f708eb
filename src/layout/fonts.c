/* fonts.c - a private fontconfig and the Pango font map on top of it. */
#include "fonts.h"

#include <fontconfig/fontconfig.h>
#include <pango/pangofc-fontmap.h>
#include <pango/pangoft2.h>

#include "diag.h"
#include "util.h"

PangoFontMap *
fonts_new(const char *datadir)
{
	FcConfig *cfg;
	PangoFontMap *fm;
	char *conf = xasprintf("%s/fonts/fonts.conf", datadir);

	cfg = FcConfigCreate();
	if (!FcConfigParseAndLoad(cfg, (const FcChar8 *)conf, FcTrue) ||
	    !FcConfigBuildFonts(cfg)) {
		diag(DIAG_ERROR, conf, 0, "cannot load the font configuration");
		FcConfigDestroy(cfg);
		free(conf);
		return NULL;
	}
	free(conf);
	/* Made current too, so that nothing below Pango (cairo's FreeType
	 * backend calls FcInit) goes and parses the system configuration. */
	FcConfigSetCurrent(cfg);
	/*
	 * Pango's FreeType font map, not its cairo one: laying out then
	 * touches no cairo font, and the thread that draws makes the cairo
	 * fonts from the same patterns (canvas.c) and is alone in using
	 * cairo's FreeType faces, which cairo 1.16 is not safe to share.
	 * The layout is the same: Pango shapes with HarfBuzz either way.
	 */
	fm = pango_ft2_font_map_new();
	/* The font map takes its own reference to cfg. */
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(fm), cfg);
	FcConfigDestroy(cfg);
	/*
	 * 72 dots per inch, a point a unit, is the FreeType font map's own
	 * resolution (pango_ft2_font_map_init): not set again, as setting
	 * it clears the map's caches and lists every family once more
	 * (2 M instructions a run).
	 */
	return fm;
}

PangoContext *
fonts_context(PangoFontMap *fm)
{
	PangoContext *ctx = pango_font_map_create_context(fm);

	pango_context_set_round_glyph_positions(ctx, FALSE);
	return ctx;
}
