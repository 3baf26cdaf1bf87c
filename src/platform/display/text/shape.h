/* shape: fonts and shaping. Text in logical order becomes positioned
 * glyphs in visual order with HarfBuzz (Arabic joining, Indic conjuncts,
 * Thai and Vietnamese marks, ligatures, kerning), split into runs of one
 * script and one font first. Fonts are opened with FreeType, which also
 * draws their glyphs by index (shaped output has glyphs no code point
 * names: an Arabic letter's joining forms, a conjunct).
 *
 * Shaped runs are kept in a cache keyed by their text and style, so text
 * measured while laying a screen out is drawn later without shaping
 * again. No SDL. The Shaper owns its fonts, faces and cache; shaper_free
 * releases them.
 */
#ifndef KIOSK_SHAPE_H
#define KIOSK_SHAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/screen/look/theme.h"
#include "core/text/measure.h"

typedef struct Shaper Shaper;

typedef struct {
	uint32_t gid;     /* glyph index in its face */
	uint16_t face;    /* the sized face it comes from (shaper_render) */
	int32_t pen;      /* pen position from the run's left edge, 26.6 pixels */
	int32_t dx, dy;   /* its offset from the pen (dy upwards), 26.6 */
	int32_t adv;      /* its advance, 26.6 */
	uint32_t cluster; /* byte offset of its cluster in the run's text */
} ShapedGlyph;

typedef struct {
	int width; /* pixels */
	size_t n;
	const ShapedGlyph *g; /* left to right */
} ShapedRun;

/* Opens the faces for every role at m->font_px. font_dir "" means
 * Debian's DejaVu folder, else fontconfig. NULL with a one-line message in
 * err. */
Shaper *shaper_new(const char *font_dir, const Metrics *m, char *err, size_t errlen);
void shaper_free(Shaper *s);
/* Every role at font_px from now on (a visitor chose another text size, or
 * a screen laid out at another is drawn); the faces of sizes used before
 * stay open. 0, or -1 with err and the sizes as they were. */
int shaper_use(Shaper *s, const int font_px[FONT_COUNT], char *err, size_t errlen);
/* len bytes of UTF-8 shaped in style st, from the cache or shaped now.
 * Valid until the next shaper_run; NULL only when memory ran out. */
const ShapedRun *shaper_run(Shaper *s, const TextStyle *st, const char *text, size_t len);
/* The same, shaped now and not kept: for text looked at once (where a
 * long word may be cut). */
const ShapedRun *shaper_probe(Shaper *s, const TextStyle *st, const char *text, size_t len);
/* The role's baseline below the line's top, and its line height. */
int shaper_ascent(const Shaper *s, FontId f);
int shaper_line_skip(const Shaper *s, FontId f);

/* A glyph's picture. */
typedef struct {
	int w, h, pitch;
	int left, top; /* the picture's top-left from the pen on the baseline
	                * (top: pixels above the baseline) */
	bool color;    /* premultiplied BGRA (colour emoji); else 8-bit coverage */
	const uint8_t *pixels;
} GlyphBitmap;

/* Draws glyph gid of a sized face; the picture lives until the next call.
 * 0, or -1 when it cannot be drawn. */
int shaper_render(Shaper *s, uint16_t face, uint32_t gid, GlyphBitmap *out);

/* Font files are mapped, not read: shaping and drawing touch the pages of
 * the tables and glyphs they need, and a CJK font's make a few MiB. Once a
 * screen is laid out and drawn those pages are let go (they stay in the
 * page cache, shared, and come back without I/O when a new screen needs
 * them), so the kiosk's memory is what it keeps, not what it once read.
 * Cheap when nothing was read since the last call. */
void shaper_trim(Shaper *s);

#endif
