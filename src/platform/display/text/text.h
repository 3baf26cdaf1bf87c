/* text: the platform's text layer. Measuring (shaped, through shape.h),
 * the bidi levels of a paragraph (bidi.h) and drawing shaped runs with
 * SDL. Faces are DejaVu Sans from the system (a configured folder,
 * Debian's folder or fontconfig), never from a content stick.
 *
 * Glyphs are drawn by index, as HarfBuzz shaped them, from one texture
 * atlas: each is rasterised once per text colour by FreeType and drawn as
 * a textured quad with SDL_RenderGeometry, so drawing a screen of text
 * costs no rasterisation and no shaping after the first time (a run
 * measured while laying out is drawn from the shaper's cache).
 * The TextCache owns its shaper and atlas textures; text_free releases
 * them.
 */
#ifndef KIOSK_TEXT_H
#define KIOSK_TEXT_H

#include <SDL.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/screen/look/theme.h"
#include "core/text/measure.h"

typedef struct TextCache TextCache;

/* Opens the faces for every role at m->font_px. font_dir "" means ask
 * fontconfig. Returns NULL with a one-line message in err. renderer may be
 * NULL for measuring only. */
TextCache *text_new(SDL_Renderer *renderer, const char *font_dir, const Metrics *m, char *err,
                    size_t errlen);
void text_free(TextCache *t);
/* Measures and draws every role at font_px from now on (a visitor chose
 * another text size, or a screen laid out at another is drawn); the faces
 * of sizes used before stay open. 0, or -1 with err and the sizes as they
 * were. */
int text_use(TextCache *t, const int font_px[FONT_COUNT], char *err, size_t errlen);
/* Width in pixels of len bytes of UTF-8 shaped in style st. */
int text_width(TextCache *t, const TextStyle *st, const char *s, size_t len);
/* How many bytes of s fit in width, cut between clusters only; at least
 * the first cluster. */
size_t text_fit(TextCache *t, const TextStyle *st, const char *s, size_t len, int width);
/* Where a word may be hyphenated (see LayoutMeasure.hyphenate). */
int text_hyphenate(TextCache *t, const char *lang, const char *s, size_t len, uint8_t *can);
/* Baseline-to-baseline distance. */
int text_line_height(TextCache *t, FontId f);
/* The bidi levels of a paragraph (see LayoutMeasure.bidi_levels). */
int text_bidi_levels(TextCache *t, const char *s, size_t len, TextDir dir, uint8_t *levels);
/* Draws one run whose line box has its top-left corner at (x, y): glyphs
 * are gathered and go to the renderer at text_draw_end, so a screen of
 * text costs one draw call per atlas page. */
void text_draw(TextCache *t, const TextStyle *st, const char *s, size_t len, int x, int y, Color c);
/* Draws what text_draw gathered; call before drawing anything else over
 * it and before changing the clip rectangle. */
void text_draw_end(TextCache *t);
/* Lets go of the font pages read since the last call (shaper_trim): call
 * when a screen has been drawn or laid out ahead. */
void text_trim(TextCache *t);
/* Drops the atlas textures (renderer change); fonts stay open. */
void text_flush(TextCache *t);

#endif
