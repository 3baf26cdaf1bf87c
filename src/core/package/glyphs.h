/* glyphs: which characters of an article no installed font can draw, so
 * that `kiosk check` warns before a visitor meets an empty box.
 *
 * A GlyphSet holds every character the kiosk's fonts have; the platform
 * fills it from the very fonts the screen draws with (display/fonts/fallback:
 * DejaVu as display/fonts/fonts finds it, then every font fontconfig knows).
 * glyphs_check walks all an article's screens show of it (its title, the
 * introduction, each topic's heading and text, captions, tables and notes)
 * in reading order and reports each run of characters outside the set
 * once: a run is missing characters with nothing drawn between them but
 * spaces and punctuation, and a character is named only the first time it
 * is met. Characters shaping never draws (controls, joiners, variation
 * selectors, the spaces HarfBuzz makes from the space glyph) are never
 * missing.
 *
 * Pure C: no fonts, no files. A GlyphSet is a plain bitmap (136 KiB) the
 * caller allocates; glyphs_check allocates only for its own call.
 */
#ifndef KIOSK_GLYPHS_H
#define KIOSK_GLYPHS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/package/pkg.h"

#include "core/document/model/doc.h"

#define GLYPHS_CODEPOINTS 0x110000u
/* Warnings about one article before the rest are only counted. */
#define GLYPHS_WARN_MAX 10
/* Characters one warning names before "and N more". */
#define GLYPHS_LISTED 6

typedef struct {
	uint32_t bits[GLYPHS_CODEPOINTS / 32]; /* bit cp % 32 of word cp / 32 */
} GlyphSet;

void glyphs_add(GlyphSet *set, uint32_t cp);
/* Adds 256 characters' worth from base (a multiple of 256): bit i of
 * map[k] is base + 32 * k + i, as fontconfig hands out its pages. */
void glyphs_add_page(GlyphSet *set, uint32_t base, const uint32_t map[8]);
bool glyphs_has(const GlyphSet *set, uint32_t cp);
/* Whether cp never shows as a glyph of its own, whatever the fonts: C0
 * and C1 controls, what HarfBuzz hides (default ignorables) and the
 * spaces it makes from the font's space. */
bool glyphs_invisible(uint32_t cp);

/* line: 1-based, 0 when unknown (a Word document, a title made from the
 * file name); why: one line's words (core/package/pkg.h), for `kiosk
 * check` and the screen to say with the file. */
typedef void (*GlyphsWarnFn)(void *user, int line, const PkgWhy *why);

/* Warns through warn about each run of a's characters that are not in
 * have, for example
 *   U+1F9A0 🦠 in "Hand washing" has no font on this kiosk (it would show
 *   as a box)
 * src (srclen bytes) is the article's source text when its blocks carry
 * lines (Markdown), to find the line a character stands on; NULL for a
 * Word document. Past GLYPHS_WARN_MAX warnings one last one counts the
 * rest. Returns the number of warnings, or -1 when out of memory (nothing
 * warned). */
int glyphs_check(const DocArticle *a, const GlyphSet *have, const char *src, size_t srclen,
                 GlyphsWarnFn warn, void *user);

#endif
