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

#include "platform/display/fonts.h"

typedef struct Fallback Fallback;

Fallback *fallback_new(void);
void fallback_free(Fallback *fb);
/* The font for code point cp in style (FONT_STYLE_* bits) and language
 * lang (BCP 47, "" unknown): fills *out (synth: the style bits the font
 * lacks) and returns true, or false when no installed font has it or
 * fontconfig cannot start. */
bool fallback_find(Fallback *fb, uint32_t cp, int style, const char *lang, FontFile *out);
/* Whether cp is an emoji best shown in colour (from the emoji font
 * rather than a text font that happens to have a plain glyph). */
bool fallback_is_emoji(uint32_t cp);

#endif
