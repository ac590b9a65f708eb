/* fonts.c - a private fontconfig and the Pango font map on top of it. */
#include "fonts.h"

#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>

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
	fm = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
	/* The font map takes its own reference to cfg. */
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(fm), cfg);
	FcConfigDestroy(cfg);
	pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(fm), 72);
	return fm;
}

PangoContext *
fonts_context(PangoFontMap *fm)
{
	PangoContext *ctx = pango_font_map_create_context(fm);
	cairo_font_options_t *fo = cairo_font_options_create();

	/* Unhinted metrics: what is measured is what a PDF shows. */
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(ctx, fo);
	cairo_font_options_destroy(fo);
	pango_context_set_round_glyph_positions(ctx, FALSE);
	return ctx;
}
