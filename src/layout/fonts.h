/*
 * fonts.h - the one font map quire lays out with: a private fontconfig
 * set-up from fonts/fonts.conf, and Pango contexts made for print (72
 * units per inch, glyph positions not rounded, so that measured and drawn
 * text agree).
 */
#ifndef QUIRE_FONTS_H
#define QUIRE_FONTS_H

#include <pango/pango.h>

/*
 * Builds a font map from datadir/fonts/fonts.conf without reading the
 * system's configuration. Returns NULL after reporting an error. The
 * caller releases it with g_object_unref. One per thread: Pango 1.50's
 * font maps are not safe to share between threads.
 */
PangoFontMap *fonts_new(const char *datadir);
/* A new context on fm set up for print; g_object_unref it. */
PangoContext *fonts_context(PangoFontMap *fm);

#endif
