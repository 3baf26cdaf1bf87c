#include "platform/display/shape.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_SIZES_H
#include FT_SYNTHESIS_H
#include <hb-ot.h>
#include <hb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "core/document/utf8.h"
#include "platform/display/fallback.h"
#include "platform/display/fonts.h"

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

static bool grow(void **v, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return true;
	size_t c = *cap ? *cap : 64;
	while (c < need)
		c *= 2;
	void *p = realloc(*v, c * size);
	if (!p)
		return false;
	*v = p;
	*cap = c;
	return true;
}

/* ---- fonts ---------------------------------------------------------------- */

static void font_free(Font *f)
{
	if (!f)
		return;
	if (f->hb)
		hb_face_destroy(f->hb);
	if (f->blob)
		hb_blob_destroy(f->blob);
	if (f->ft)
		FT_Done_Face(f->ft);
	free(f);
}

/* The font file at path (face index), opened once however many roles and
 * sizes use it. */
static Font *font_get(Shaper *s, const char *path, int index, char *err, size_t errlen)
{
	for (int i = 0; i < s->nfonts; i++) {
		Font *f = s->fonts[i];
		if (f->index == index && strcmp(f->path, path) == 0)
			return f;
	}
	if (s->nfonts == MAX_FONTS) {
		snprintf(err, errlen, "too many fonts");
		return NULL;
	}
	Font *f = calloc(1, sizeof *f);
	if (!f) {
		snprintf(err, errlen, "out of memory opening fonts");
		return NULL;
	}
	snprintf(f->path, sizeof f->path, "%s", path);
	f->index = index;
	/* FreeType and HarfBuzz each map the file rather than read it: a CJK
	 * font of 20 MB costs only the pages its glyphs are on. */
	if (FT_New_Face(s->ft, path, index, &f->ft) != 0 ||
	    !(f->blob = hb_blob_create_from_file_or_fail(path))) {
		snprintf(err, errlen, "cannot open font %s", path);
		font_free(f);
		return NULL;
	}
	f->hb = hb_face_create(f->blob, (unsigned)index);
	f->bitmaps = !FT_IS_SCALABLE(f->ft) && FT_HAS_COLOR(f->ft) && f->ft->num_fixed_sizes > 0;
	s->fonts[s->nfonts++] = f;
	return f;
}

static void face_free(Face *fc)
{
	if (!fc)
		return;
	if (fc->hb)
		hb_font_destroy(fc->hb);
	if (fc->size)
		FT_Done_Size(fc->size);
	free(fc);
}

#define FT_CEIL(x) ((int)(((x) + 63) & -64) / 64)

/* The sized face of font at px in a drawn style, made once. Its index, or
 * -1. */
static int face_get(Shaper *s, Font *font, int px, int synth, char *err, size_t errlen)
{
	for (int i = 0; i < s->nfaces; i++)
		if (s->faces[i]->font == font && s->faces[i]->px == px &&
		    s->faces[i]->synth == synth)
			return i;
	if (s->nfaces == MAX_FACES) {
		snprintf(err, errlen, "too many font sizes");
		return -1;
	}
	Face *fc = calloc(1, sizeof *fc);
	if (!fc) {
		snprintf(err, errlen, "out of memory opening fonts");
		return -1;
	}
	fc->font = font;
	fc->px = px;
	fc->synth = synth;
	FT_Face ft = font->ft;
	if (FT_New_Size(ft, &fc->size) != 0 || FT_Activate_Size(fc->size) != 0)
		goto fail;
	if (font->bitmaps) {
		/* Colour emoji come in one large strike, scaled to the text. */
		if (FT_Select_Size(ft, 0) != 0)
			goto fail;
		int strike = ft->available_sizes[0].y_ppem >> 6;
		fc->scale = strike > 0 ? (double)px / strike : 1.0;
		fc->ascent = (int)(px * 0.95);
		fc->line_skip = (int)(px * 1.17);
	} else {
		/* At 72 dpi a point is a pixel: the sizes SDL_ttf used. */
		if (FT_Set_Char_Size(ft, 0, px * 64, 72, 72) != 0)
			goto fail;
		FT_Fixed scale = ft->size->metrics.y_scale;
		fc->ascent = FT_CEIL(FT_MulFix(ft->ascender, scale));
		fc->line_skip = FT_CEIL(FT_MulFix(ft->height, scale));
	}
	fc->hb = hb_font_create(font->hb);
	hb_font_set_scale(fc->hb, px * 64, px * 64);
	hb_font_set_ppem(fc->hb, (unsigned)px, (unsigned)px);
	s->faces[s->nfaces] = fc;
	return s->nfaces++;
fail:
	snprintf(err, errlen, "cannot size font %s to %d px", font->path, px);
	face_free(fc);
	return -1;
}

static void cache_clear(Shaper *s)
{
	for (size_t i = 0; i < s->cap; i++) {
		Entry *e = s->table[i];
		while (e) {
			Entry *next = e->next;
			free(e);
			e = next;
		}
		s->table[i] = NULL;
	}
	s->used = 0;
	s->bytes = 0;
}

void shaper_free(Shaper *s)
{
	if (!s)
		return;
	if (s->table)
		cache_clear(s);
	free(s->table);
	for (int i = 0; i < s->nfaces; i++)
		face_free(s->faces[i]);
	for (int i = 0; i < s->nfonts; i++)
		font_free(s->fonts[i]);
	if (s->buf)
		hb_buffer_destroy(s->buf);
	fallback_free(s->fallback);
	free(s->memo_keys);
	free(s->memo_faces);
	if (s->ft)
		FT_Done_FreeType(s->ft);
	free(s->glyphs);
	free(s->items);
	free(s->pixels);
	free(s);
}

Shaper *shaper_new(const char *font_dir, const Metrics *m, char *err, size_t errlen)
{
	Shaper *s = calloc(1, sizeof *s);
	if (!s) {
		snprintf(err, errlen, "out of memory opening fonts");
		return NULL;
	}
	if (FT_Init_FreeType(&s->ft) != 0) {
		snprintf(err, errlen, "cannot start FreeType");
		goto fail;
	}
	s->buf = hb_buffer_create();
	s->ufuncs = hb_unicode_funcs_get_default();
	s->cap = 1024;
	s->table = calloc(s->cap, sizeof *s->table);
	if (!hb_buffer_allocation_successful(s->buf) || !s->table) {
		snprintf(err, errlen, "out of memory opening fonts");
		goto fail;
	}
	s->nlangs = 1; /* langs[0] is "": unknown */
	s->fallback = fallback_new();
	if (!s->fallback) {
		snprintf(err, errlen, "out of memory opening fonts");
		goto fail;
	}
	if (fonts_find(font_dir, s->files, err, errlen) != 0)
		goto fail;
	if (shaper_use(s, m->font_px, err, errlen) != 0)
		goto fail;
	return s;
fail:
	shaper_free(s);
	return NULL;
}

int shaper_use(Shaper *s, const int font_px[FONT_COUNT], char *err, size_t errlen)
{
	if (!s)
		return -1;
	/* Asked before each layout is drawn: mostly the sizes already set. */
	if (s->nfaces && memcmp(s->px, font_px, sizeof(s->px)) == 0)
		return 0;
	/* All roles or none: a role left at its old size would measure one
	 * way and draw another. Faces of other sizes stay open, for a screen
	 * laid out at them that is still on its way out; shaped runs and the
	 * faces found for characters are kept by face, so each size keeps
	 * its own. */
	int role[FONT_COUNT];
	for (int f = 0; f < FONT_COUNT; f++) {
		int px = font_px[f] > 0 ? font_px[f] : 16;
		const FontFile *file = &s->files[theme_font_style((FontId)f) & 3];
		Font *font = font_get(s, file->path, file->index, err, errlen);
		if (!font || (role[f] = face_get(s, font, px, file->synth, err, errlen)) < 0)
			return -1;
	}
	memcpy(s->role, role, sizeof(role));
	memcpy(s->px, font_px, sizeof(s->px));
	return 0;
}

int shaper_ascent(const Shaper *s, FontId f)
{
	return (unsigned)f < FONT_COUNT ? s->faces[s->role[f]]->ascent : 0;
}

int shaper_line_skip(const Shaper *s, FontId f)
{
	return (unsigned)f < FONT_COUNT ? s->faces[s->role[f]]->line_skip : 0;
}

/* ---- shaping ------------------------------------------------------------- */

static bool has_glyph(const Face *fc, uint32_t cp)
{
	hb_codepoint_t g;
	return hb_font_get_nominal_glyph(fc->hb, cp, &g);
}

/* Marks, joiners and variation selectors go with the letter before them,
 * in its face: a font that has the letter has its marks placed for it. */
static bool clings(hb_unicode_funcs_t *uf, uint32_t cp)
{
	if (cp == 0x200C || cp == 0x200D || (cp >= 0xFE00 && cp <= 0xFE0F) ||
	    (cp >= 0xE0100 && cp <= 0xE01EF))
		return true;
	hb_unicode_general_category_t gc = hb_unicode_general_category(uf, cp);
	return gc == HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK ||
	       gc == HB_UNICODE_GENERAL_CATEGORY_SPACING_MARK ||
	       gc == HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK;
}

/* A sized face of font at px, or -1; errors only mean it is not used. */
static int face_of(Shaper *s, Font *font, int px, int synth)
{
	char err[8];
	return font ? face_get(s, font, px, synth, err, sizeof(err)) : -1;
}

static Font *font_of(Shaper *s, const FontFile *file)
{
	char err[8];
	return font_get(s, file->path, file->index, err, sizeof(err));
}

/* Whether a font file is one of the large collections (Noto Sans CJK is
 * about 20 MB a weight): opening one costs a few MiB of memory, parsed
 * tables and the pages shaping touches. */
static bool font_is_large(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && st.st_size > LARGE_FONT;
}

/* Where a character the role's face lacks comes from: DejaVu's plainer
 * faces first (its oblique has no Arabic, its regular has), then the
 * fonts found for this style and language so far, then fontconfig. The
 * role's own face (its .notdef box) when no installed font has it. */
static int face_search(Shaper *s, FontId f, uint32_t cp, int lang)
{
	int style = theme_font_style(f) & 3, own = s->role[f];
	int px = s->faces[own]->px;
	bool emoji = fallback_is_emoji(cp);
	if (!emoji) {
		int plainer[2] = {style & FONT_STYLE_BOLD, FONT_STYLE_REGULAR};
		for (int i = 0; i < 2; i++) {
			if (plainer[i] == style)
				continue;
			int k = face_of(s, font_of(s, &s->files[plainer[i]]), px,
			                s->files[plainer[i]].synth);
			if (k >= 0 && has_glyph(s->faces[k], cp))
				return k;
		}
	}
	for (int i = 0; i < s->nextras; i++) {
		const Extra *e = &s->extras[i];
		if (e->style != style || e->lang != lang || !FT_Get_Char_Index(e->font->ft, cp))
			continue;
		int k = face_of(s, e->font, px, e->synth);
		if (k >= 0)
			return k;
	}
	/* A large collection open for the regular text has the bold too,
	 * made from it (below). */
	for (int i = 0; i < s->nextras && (style & FONT_STYLE_BOLD); i++) {
		const Extra *e = &s->extras[i];
		if (e->style != (style & ~FONT_STYLE_BOLD) || e->lang != lang || !e->large ||
		    !FT_Get_Char_Index(e->font->ft, cp) || s->nextras == MAX_FONTS)
			continue;
		int synth = e->synth | FONT_STYLE_BOLD;
		s->extras[s->nextras++] = (Extra){e->font, style, lang, synth, true};
		int k = face_of(s, e->font, px, synth);
		if (k >= 0)
			return k;
	}
	FontFile file;
	if (s->nextras < MAX_FONTS &&
	    fallback_find(s->fallback, cp, style, s->langs[lang], &file)) {
		/* A large collection's bold is made from its regular weight,
		 * which the text around it needs anyway, rather than opened as
		 * a second large file: on a board the memory matters more than
		 * the finer strokes of a drawn bold. */
		FontFile plain;
		bool large = font_is_large(file.path);
		if ((style & FONT_STYLE_BOLD) && large &&
		    fallback_find(s->fallback, cp, style & ~FONT_STYLE_BOLD, s->langs[lang],
		                  &plain) &&
		    font_is_large(plain.path)) {
			file = plain;
			file.synth |= FONT_STYLE_BOLD;
		}
		Font *font = font_of(s, &file);
		if (font) {
			s->extras[s->nextras++] = (Extra){font, style, lang, file.synth, large};
			int k = face_of(s, font, px, file.synth);
			if (k >= 0 && has_glyph(s->faces[k], cp))
				return k;
		}
	}
	return own;
}

static size_t memo_slot(uint64_t key, size_t cap)
{
	return (size_t)((key * 0x9E3779B97F4A7C15ull) >> 32) & (cap - 1);
}

static bool memo_grow(Shaper *s)
{
	size_t cap = s->memo_cap ? s->memo_cap * 2 : 1024;
	uint64_t *keys = calloc(cap, sizeof *keys);
	uint16_t *faces = calloc(cap, sizeof *faces);
	if (!keys || !faces) {
		free(keys);
		free(faces);
		return false;
	}
	for (size_t i = 0; i < s->memo_cap; i++) {
		if (!s->memo_keys[i])
			continue;
		size_t j = memo_slot(s->memo_keys[i], cap);
		while (keys[j])
			j = (j + 1) & (cap - 1);
		keys[j] = s->memo_keys[i];
		faces[j] = s->memo_faces[i];
	}
	free(s->memo_keys);
	free(s->memo_faces);
	s->memo_keys = keys;
	s->memo_faces = faces;
	s->memo_cap = cap;
	return true;
}

/* The face a character is drawn in: the role's own when it has it (and
 * it is not an emoji, shown in colour), else the one face_search finds,
 * remembered: a page of Chinese asks about the same few hundred
 * characters again and again, and a character no font has must not send
 * fontconfig through every font each time. */
static uint16_t face_for(Shaper *s, FontId f, uint32_t cp, int lang)
{
	int own = s->role[f];
	if (!fallback_is_emoji(cp) && has_glyph(s->faces[own], cp))
		return (uint16_t)own;
	/* The role's own face stands for its size: the text size a visitor
	 * chooses changes it, and the face found then is another. */
	uint64_t style = (uint64_t)(theme_font_style(f) & 3);
	uint64_t key = (cp | style << 21 | (uint64_t)own << 24 | (uint64_t)lang << 40) + 1;
	if (s->memo_cap) {
		size_t j = memo_slot(key, s->memo_cap);
		while (s->memo_keys[j]) {
			if (s->memo_keys[j] == key)
				return s->memo_faces[j];
			j = (j + 1) & (s->memo_cap - 1);
		}
	}
	int face = face_search(s, f, cp, lang);
	if ((s->memo_used + 1) * 2 > s->memo_cap && !memo_grow(s))
		return (uint16_t)face;
	size_t j = memo_slot(key, s->memo_cap);
	while (s->memo_keys[j])
		j = (j + 1) & (s->memo_cap - 1);
	s->memo_keys[j] = key;
	s->memo_faces[j] = (uint16_t)face;
	s->memo_used++;
	return (uint16_t)face;
}

/* Cuts text into runs of one script and one face. Characters of no script
 * of their own (spaces, digits, punctuation, marks) join the run around
 * them. Returns the number of items, -1 when out of memory. */
static long itemise(Shaper *s, FontId f, int lang, const char *text, size_t len)
{
	size_t n = 0;
	hb_script_t run_script = HB_SCRIPT_COMMON;
	uint16_t prev_face = (uint16_t)s->role[f];
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t step = utf8_next(text + i, len - i, &cp);
		hb_script_t sc = hb_unicode_script(s->ufuncs, cp);
		bool neutral =
		    sc == HB_SCRIPT_COMMON || sc == HB_SCRIPT_INHERITED || sc == HB_SCRIPT_UNKNOWN;
		uint16_t face;
		if (n && clings(s->ufuncs, cp) && has_glyph(s->faces[prev_face], cp))
			face = prev_face;
		else
			face = face_for(s, f, cp, lang);
		Item *cur = n ? &s->items[n - 1] : NULL;
		bool same_script = neutral || run_script == HB_SCRIPT_COMMON || sc == run_script;
		if (cur && cur->face == face && same_script) {
			cur->len += step;
			if (!neutral && run_script == HB_SCRIPT_COMMON)
				cur->script = run_script = sc;
		} else {
			if (!grow((void **)&s->items, &s->cap_items, n + 1, sizeof(Item)))
				return -1;
			/* A new run keeps the script before it when it has none
			 * of its own (a comma after Arabic in another face). */
			if (!neutral)
				run_script = sc;
			s->items[n++] = (Item){i, step, face, run_script};
		}
		prev_face = face;
		i += step;
	}
	/* Runs that began with neutral characters take the script that
	 * followed. */
	for (size_t k = n; k-- > 0;)
		if (s->items[k].script == HB_SCRIPT_COMMON && k + 1 < n)
			s->items[k].script = s->items[k + 1].script;
	return (long)n;
}

static int lang_id(Shaper *s, const char *lang)
{
	if (!lang || !*lang)
		return 0;
	for (int i = 1; i < s->nlangs; i++)
		if (strcmp(s->langs[i], lang) == 0)
			return i;
	if (s->nlangs == MAX_LANGS || strlen(lang) >= sizeof(s->langs[0]))
		return 0;
	snprintf(s->langs[s->nlangs], sizeof(s->langs[0]), "%s", lang);
	return s->nlangs++;
}

/* Shapes text into s->glyphs; returns the glyph count or -1. */
static long shape_now(Shaper *s, FontId f, bool rtl, int lang, const char *text, size_t len,
                      int32_t *total)
{
	s->touched = true;
	long ni = itemise(s, f, lang, text, len);
	if (ni < 0)
		return -1;
	size_t ng = 0;
	int32_t pen = 0;
	hb_language_t hl = lang ? hb_language_from_string(s->langs[lang], -1) : HB_LANGUAGE_INVALID;
	for (long k = 0; k < ni; k++) {
		/* Right to left, the last run in reading order is leftmost. */
		const Item *it = &s->items[rtl ? ni - 1 - k : k];
		Face *fc = s->faces[it->face];
		hb_buffer_t *b = s->buf;
		hb_buffer_clear_contents(b);
		/* The whole text goes in as context, so letters at a run's edge
		 * join as they would inside it; clusters are byte offsets. */
		hb_buffer_add_utf8(b, text, (int)len, (unsigned)it->start, (int)it->len);
		hb_buffer_set_direction(b, rtl ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
		hb_buffer_set_script(b, it->script);
		if (hl != HB_LANGUAGE_INVALID)
			hb_buffer_set_language(b, hl);
		hb_shape(fc->hb, b, NULL, 0);
		unsigned n = 0;
		const hb_glyph_info_t *info = hb_buffer_get_glyph_infos(b, &n);
		const hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(b, &n);
		if (!grow((void **)&s->glyphs, &s->cap_glyphs, ng + n, sizeof(ShapedGlyph)))
			return -1;
		for (unsigned g = 0; g < n; g++) {
			s->glyphs[ng++] =
			    (ShapedGlyph){info[g].codepoint, it->face,        pen,
			                  pos[g].x_offset,   pos[g].y_offset, pos[g].x_advance,
			                  info[g].cluster};
			pen += pos[g].x_advance;
		}
	}
	*total = pen;
	return (long)ng;
}

static uint64_t hash_of(FontId f, int face, bool rtl, int lang, const char *text, size_t len)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)text[i]) * 1099511628211ull;
	h = (h ^ (uint64_t)f) * 1099511628211ull;
	h = (h ^ (uint64_t)face) * 1099511628211ull;
	h = (h ^ (uint64_t)(rtl | lang << 1)) * 1099511628211ull;
	return h;
}

static ShapedGlyph *entry_glyphs(Entry *e)
{
	return (ShapedGlyph *)(e + 1);
}

static char *entry_text(Entry *e)
{
	return (char *)(entry_glyphs(e) + e->n);
}

static void cache_grow(Shaper *s)
{
	size_t cap = s->cap * 2;
	Entry **t = calloc(cap, sizeof *t);
	if (!t)
		return; /* longer chains, still correct */
	for (size_t i = 0; i < s->cap; i++) {
		Entry *e = s->table[i];
		while (e) {
			Entry *next = e->next;
			size_t j = (size_t)(e->hash & (cap - 1));
			e->next = t[j];
			t[j] = e;
			e = next;
		}
	}
	free(s->table);
	s->table = t;
	s->cap = cap;
}

const ShapedRun *shaper_probe(Shaper *s, const TextStyle *st, const char *text, size_t len)
{
	if (!s || (unsigned)st->font >= FONT_COUNT || len > UINT32_MAX / 2)
		return NULL;
	int32_t total = 0;
	long n = shape_now(s, st->font, st->rtl, lang_id(s, st->lang), text, len, &total);
	if (n < 0)
		return NULL;
	s->out = (ShapedRun){(total + 32) >> 6, (size_t)n, s->glyphs};
	return &s->out;
}

const ShapedRun *shaper_run(Shaper *s, const TextStyle *st, const char *text, size_t len)
{
	if (!s || (unsigned)st->font >= FONT_COUNT || len > UINT32_MAX / 2)
		return NULL;
	int lang = lang_id(s, st->lang), face = s->role[st->font];
	uint64_t h = hash_of(st->font, face, st->rtl, lang, text, len);
	size_t slot = (size_t)(h & (s->cap - 1));
	for (Entry *e = s->table[slot]; e; e = e->next) {
		if (e->hash == h && e->len == len && e->font == st->font && e->face == face &&
		    e->rtl == st->rtl && e->lang == lang && memcmp(entry_text(e), text, len) == 0) {
			s->out = (ShapedRun){e->width, e->n, entry_glyphs(e)};
			return &s->out;
		}
	}
	int32_t total = 0;
	long n = shape_now(s, st->font, st->rtl, lang, text, len, &total);
	if (n < 0)
		return NULL;
	int width = (total + 32) >> 6;
	size_t bytes = sizeof(Entry) + (size_t)n * sizeof(ShapedGlyph) + len;
	if (s->bytes + bytes > CACHE_BYTES)
		cache_clear(s);
	Entry *e = malloc(bytes);
	if (!e) {
		/* Uncached, but shaped: draw it all the same. */
		s->out = (ShapedRun){width, (size_t)n, s->glyphs};
		return &s->out;
	}
	*e = (Entry){.hash = h,
	             .len = (uint32_t)len,
	             .font = (uint8_t)st->font,
	             .face = (uint16_t)face,
	             .rtl = st->rtl,
	             .lang = (uint8_t)lang,
	             .width = width,
	             .n = (uint32_t)n};
	memcpy(entry_glyphs(e), s->glyphs, (size_t)n * sizeof(ShapedGlyph));
	memcpy(entry_text(e), text, len);
	if ((s->used + 1) * 2 > s->cap) {
		cache_grow(s);
		slot = (size_t)(h & (s->cap - 1));
	}
	e->next = s->table[slot];
	s->table[slot] = e;
	s->used++;
	s->bytes += bytes;
	s->out = (ShapedRun){e->width, e->n, entry_glyphs(e)};
	return &s->out;
}

/* ---- drawing glyphs ---------------------------------------------------------- */

/* A colour bitmap made smaller by scale with a box filter: every output
 * pixel averages the source pixels it covers (premultiplied, so edges do
 * not darken). */
static bool scale_bgra(Shaper *s, const FT_Bitmap *src, double scale, GlyphBitmap *out)
{
	int w = (int)(src->width * scale + 0.5), h = (int)(src->rows * scale + 0.5);
	if (w < 1)
		w = 1;
	if (h < 1)
		h = 1;
	if (!grow((void **)&s->pixels, &s->cap_pixels, (size_t)w * (size_t)h * 4, 1))
		return false;
	for (int y = 0; y < h; y++) {
		int y0 = (int)(y / scale), y1 = (int)((y + 1) / scale);
		if (y1 <= y0)
			y1 = y0 + 1;
		if (y1 > (int)src->rows)
			y1 = (int)src->rows;
		for (int x = 0; x < w; x++) {
			int x0 = (int)(x / scale), x1 = (int)((x + 1) / scale);
			if (x1 <= x0)
				x1 = x0 + 1;
			if (x1 > (int)src->width)
				x1 = (int)src->width;
			unsigned sum[4] = {0, 0, 0, 0}, cnt = 0;
			for (int sy = y0; sy < y1; sy++) {
				const uint8_t *row = src->buffer + sy * src->pitch;
				for (int sx = x0; sx < x1; sx++, cnt++)
					for (int c = 0; c < 4; c++)
						sum[c] += row[sx * 4 + c];
			}
			uint8_t *d = s->pixels + ((size_t)y * (size_t)w + (size_t)x) * 4;
			for (int c = 0; c < 4; c++)
				d[c] = (uint8_t)(cnt ? sum[c] / cnt : 0);
		}
	}
	out->w = w;
	out->h = h;
	out->pitch = w * 4;
	out->pixels = s->pixels;
	return true;
}

int shaper_render(Shaper *s, uint16_t face, uint32_t gid, GlyphBitmap *out)
{
	if (!s || face >= s->nfaces)
		return -1;
	Face *fc = s->faces[face];
	Font *font = fc->font;
	FT_Face ft = font->ft;
	s->touched = true;
	if (FT_Activate_Size(fc->size) != 0)
		return -1;
	/* Light hinting keeps stems sharp at kiosk sizes without the
	 * distorted shapes of full hinting. */
	FT_Int32 flags = font->bitmaps ? FT_LOAD_COLOR : FT_LOAD_TARGET_LIGHT | FT_LOAD_NO_BITMAP;
	if (fc->synth & FONT_STYLE_ITALIC) {
		/* An oblique made by slanting, as SDL_ttf did. */
		FT_Matrix shear = {0x10000, 0x0366A, 0, 0x10000};
		FT_Set_Transform(ft, &shear, NULL);
	} else {
		FT_Set_Transform(ft, NULL, NULL);
	}
	if (FT_Load_Glyph(ft, gid, flags) != 0)
		return -1;
	FT_GlyphSlot slot = ft->glyph;
	if ((fc->synth & FONT_STYLE_BOLD) && slot->format == FT_GLYPH_FORMAT_OUTLINE)
		FT_GlyphSlot_Embolden(slot);
	if (slot->format != FT_GLYPH_FORMAT_BITMAP &&
	    FT_Render_Glyph(slot, FT_RENDER_MODE_LIGHT) != 0)
		return -1;
	const FT_Bitmap *bm = &slot->bitmap;
	*out = (GlyphBitmap){.w = (int)bm->width,
	                     .h = (int)bm->rows,
	                     .pitch = bm->pitch,
	                     .left = slot->bitmap_left,
	                     .top = slot->bitmap_top,
	                     .pixels = bm->buffer};
	switch (bm->pixel_mode) {
	case FT_PIXEL_MODE_GRAY:
		if (bm->num_grays != 256 && bm->width)
			return -1;
		return 0;
	case FT_PIXEL_MODE_BGRA:
		out->color = true;
		if (fc->scale != 1.0) {
			out->left = (int)(slot->bitmap_left * fc->scale);
			out->top = (int)(slot->bitmap_top * fc->scale);
			if (!scale_bgra(s, bm, fc->scale, out))
				return -1;
		}
		return 0;
	default:
		return -1;
	}
}

/* Drops the pages of a read-only file mapping from the process: they stay
 * in the page cache and come back on the next read, without I/O. */
static void pages_drop(const void *p, size_t len)
{
	if (!p || !len)
		return;
	uintptr_t page = 4096, start = (uintptr_t)p & ~(page - 1);
	uintptr_t end = ((uintptr_t)p + len + page - 1) & ~(page - 1);
	madvise((void *)start, end - start, MADV_DONTNEED);
}

void shaper_trim(Shaper *s)
{
	if (!s || !s->touched)
		return;
	s->touched = false;
	for (int i = 0; i < s->nfonts; i++) {
		Font *f = s->fonts[i];
		unsigned len = 0;
		const char *data = hb_blob_get_data(f->blob, &len);
		pages_drop(data, len);
		/* FreeType maps the file too (its stream has a base then). */
		if (f->ft->stream && f->ft->stream->base)
			pages_drop(f->ft->stream->base, f->ft->stream->size);
	}
}
