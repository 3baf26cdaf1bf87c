/* text: fonts and text drawing. Faces are found through fontconfig (DejaVu
 * Sans, a well-hinted humanist sans with wide Unicode coverage) or in a
 * configured folder, never on a content stick.
 *
 * Glyphs are rasterised once per text colour into one texture atlas and drawn
 * as textured quads with SDL_RenderGeometry, so drawing a screen of text
 * costs no rasterisation after the first time a glyph is seen.
 * The TextCache owns its fonts and atlas textures; text_free releases them.
 */
#ifndef KIOSK_TEXT_H
#define KIOSK_TEXT_H

#include <SDL.h>
#include <stddef.h>

#include "core/screen/theme.h"

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
/* Width in pixels of len bytes of UTF-8. */
int text_width(TextCache *t, FontId f, const char *s, size_t len);
/* Baseline-to-baseline distance. */
int text_line_height(TextCache *t, FontId f);
/* Draws one line whose line box has its top-left corner at (x, y). */
void text_draw(TextCache *t, FontId f, const char *s, size_t len, int x, int y, Color c);
/* Drops the atlas textures (renderer change); fonts stay open. */
void text_flush(TextCache *t);

#endif
