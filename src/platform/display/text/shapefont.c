/* shapefont: the Shaper's fonts and faces. A font file (and face index)
 * is opened once with FreeType and HarfBuzz, both mapping the file rather
 * than reading it; a face is a font at one pixel size in one drawn style,
 * made once. A character a role's own face lacks is looked for in
 * DejaVu's plainer faces, the fonts found so far, then fontconfig
 * (fallback.h), and the face found is remembered per character, role and
 * language. Also the Shaper's lifetime: shaper_new opens each role's
 * face, shaper_free releases everything.
 */
#include "platform/display/text/shape.h"

#include <ft2build.h>
#include FT_SIZES_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "platform/display/text/shaper.h"

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

void shaper_free(Shaper *s)
{
	if (!s)
		return;
	if (s->table)
		shaper_cache_clear(s);
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

bool shaper_has_glyph(const Face *fc, uint32_t cp)
{
	hb_codepoint_t g;
	return hb_font_get_nominal_glyph(fc->hb, cp, &g);
}

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
			if (k >= 0 && shaper_has_glyph(s->faces[k], cp))
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
			if (k >= 0 && shaper_has_glyph(s->faces[k], cp))
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
uint16_t shaper_face_for(Shaper *s, FontId f, uint32_t cp, int lang)
{
	int own = s->role[f];
	if (!fallback_is_emoji(cp) && shaper_has_glyph(s->faces[own], cp))
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
