/* fallback: which installed font has a character DejaVu lacks, found with
 * fontconfig: the system's preferred sans-serif for the text's language
 * that covers it (Noto Sans Devanagari, Noto Sans CJK JP for Japanese and
 * SC for Chinese, Noto Color Emoji for emoji...).
 *
 * fontconfig is started only when the first such character turns up, so
 * text DejaVu covers never pays for it; its configuration then stays
 * loaded while the Fallback lives (every later lookup walks the fonts it
 * already knows). Only finds files; shape.c opens them.
 */
#ifndef KIOSK_FALLBACK_H
#define KIOSK_FALLBACK_H

#include <stdbool.h>
#include <stdint.h>

#include "core/package/glyphs.h"
#include "platform/display/fonts/fonts.h"

typedef struct Fallback Fallback;

Fallback *fallback_new(void);
void fallback_free(Fallback *fb);
/* The font for code point cp in style (FONT_STYLE_* bits) and language
 * lang (BCP 47, "" unknown): fills *out (synth: the style bits the font
 * lacks) and returns true, or false when no installed font has it or
 * fontconfig cannot start. */
bool fallback_find(Fallback *fb, uint32_t cp, int style, const char *lang, FontFile *out);
/* Adds to set every character the kiosk's text can be drawn in: those of
 * the faces own (DejaVu as fonts_find found it; nown of them), which the
 * screen tries first, and those of every font fontconfig knows, which is
 * where fallback_find looks (when its best match lacks a character it
 * walks them all, whatever the style and language). false when fontconfig
 * cannot start; set then holds own's characters, the only ones that would
 * show. */
bool fallback_cover(Fallback *fb, const FontFile *own, size_t nown, GlyphSet *set);
/* Whether cp is an emoji best shown in colour (from the emoji font
 * rather than a text font that happens to have a plain glyph). */
bool fallback_is_emoji(uint32_t cp);

#endif
