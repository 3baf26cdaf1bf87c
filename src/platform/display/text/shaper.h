/* shaper: the inside of a Shaper (shape.h's opaque type), shared by its
 * files: shape.c (text shaped into runs, and the cache of runs),
 * shapefont.c (the Shaper's fonts and sized faces, opened once, and which
 * face draws a character) and shapedraw.c (glyphs drawn with FreeType,
 * and font pages let go). Internal to the shaper: nothing else includes
 * it.
 *
 * The Shaper owns everything here (fonts, faces, the cache, scratch);
 * shaper_free releases it.
 */
#ifndef KIOSK_SHAPER_H
#define KIOSK_SHAPER_H

#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "platform/display/fonts/fallback.h"
#include "platform/display/fonts/fonts.h"
#include "platform/display/text/shape.h"

#define MAX_FONTS 64
#define MAX_FACES 256 /* a face a font and size: glyph keys hold 8 bits of it */
#define MAX_LANGS 32
#define LARGE_FONT (8 << 20)
/* Shaped runs kept, in bytes; past it the cache starts afresh (a screen
 * being laid out shapes its own runs again, so nothing is ever missing). */
#define CACHE_BYTES (4u << 20)

/* One font file (and face index in it), shared by every size and style
 * drawn from it. */
typedef struct {
	char path[512];
	int index;
	FT_Face ft;
	hb_blob_t *blob; /* the file, mapped */
	hb_face_t *hb;
	bool bitmaps; /* fixed-size colour bitmaps, no outlines (emoji) */
} Font;

/* A font at one pixel size, in one drawn style. */
typedef struct {
	Font *font;
	int px;
	int synth; /* FONT_STYLE_* bits the font lacks and drawing makes up */
	FT_Size size;
	hb_font_t *hb;
	int ascent, line_skip;
	double scale; /* bitmap fonts: shown size over the strike's size */
} Face;

typedef struct Entry {
	struct Entry *next;
	uint64_t hash;
	uint32_t len;
	uint8_t font, rtl, lang;
	uint16_t face; /* the role's own face then: its size */
	int width;
	uint32_t n;
	/* n ShapedGlyphs, then len bytes of text */
} Entry;

/* A run of one script in one face, while a text is itemised. */
typedef struct {
	size_t start, len;
	uint16_t face;
	hb_script_t script;
} Item;

/* A font found for characters the roles' own faces lack, for one style
 * and one language (Han characters look different in Japanese and
 * Chinese). */
typedef struct {
	Font *font;
	int style;
	int lang;
	int synth;
	bool large; /* font_is_large */
} Extra;

struct Shaper {
	FT_Library ft;
	FontFile files[FONTS_STYLES]; /* DejaVu's four faces */
	Fallback *fallback;
	Extra extras[MAX_FONTS];
	int nextras;
	/* Which face draws a character in a role's own face (a role at a
	 * size) and language, once found: key memo_key() + 1, 0 empty. */
	uint64_t *memo_keys;
	uint16_t *memo_faces;
	size_t memo_cap, memo_used;
	Font *fonts[MAX_FONTS];
	int nfonts;
	Face *faces[MAX_FACES];
	int nfaces;
	int role[FONT_COUNT]; /* each role's own face */
	int px[FONT_COUNT];   /* the size each role is at (shaper_use) */
	hb_buffer_t *buf;
	hb_unicode_funcs_t *ufuncs;
	/* The cache: chained hash table. */
	Entry **table;
	size_t cap, used, bytes;
	char langs[MAX_LANGS][40];
	int nlangs;
	/* Scratch, reused. */
	ShapedGlyph *glyphs;
	size_t cap_glyphs;
	Item *items;
	size_t cap_items;
	uint8_t *pixels;
	size_t cap_pixels;
	ShapedRun out;
	bool touched; /* fonts read since the last shaper_trim */
};

/* Grows *v to hold need elements (doubling); false when out of memory. */
bool shaper_grow(void **v, size_t *cap, size_t need, size_t size);

/* ---- shape.c ---------------------------------------------------------------- */

/* Empties the cache of shaped runs. */
void shaper_cache_clear(Shaper *s);

/* ---- shapefont.c ------------------------------------------------------------ */

bool shaper_has_glyph(const Face *fc, uint32_t cp);
/* The face a character is drawn in, for role f and language lang. */
uint16_t shaper_face_for(Shaper *s, FontId f, uint32_t cp, int lang);

#endif
