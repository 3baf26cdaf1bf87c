#include "platform/display/text.h"

#include <SDL_ttf.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/document/utf8.h"
#include "platform/display/fonts.h"

/* Code points below this have a slot in a plain array: Latin-1 and
 * Latin Extended-A cover nearly all the text a clinic kiosk shows. */
#define GLYPH_DIRECT 0x180
#define ATLAS_SIDE 512 /* 1 MiB a page, shared by every face and ink */
#define ATLAS_PAGES 32
#define REPLACEMENT 0xFFFDu
/* Marks an ASCII kerning pair not asked of FreeType yet. */
#define KERN_UNKNOWN INT8_MIN

enum {
	GLYPH_KNOWN = 1u << 0,   /* metrics looked up */
	GLYPH_MISSING = 1u << 1, /* the face has no glyph: draw U+FFFD instead */
	GLYPH_BLANK = 1u << 2,   /* nothing to rasterise (controls, blanks) */
	GLYPH_CROPPED = 1u << 3, /* ink box known (w, h, off_x, off_y) */
};

/* Text colours get their own copies of the glyphs they draw. A copy
 * already in its colour is drawn with a plain alpha blend; tinting a white
 * glyph instead (colour modulation) sends every glyph through SDL's
 * generic per-pixel blitter on the software renderer, which measured three
 * times the instructions for the same text. A theme uses a handful of
 * text colours; should more turn up (new content with another theme), the
 * atlas starts afresh with the colours then in use. */
#define INKS 8

typedef struct {
	uint32_t cp; /* 0: empty hash slot */
	int16_t minx, maxy, advance;
	int16_t off_x, off_y; /* ink box's top-left from the pen and the line top */
	uint16_t w, h;        /* ink box; 0 draws nothing */
	uint8_t flags;
	uint8_t page[INKS];          /* 1 + the atlas page holding the glyph in that ink */
	uint16_t ax[INKS], ay[INKS]; /* its top-left in that page */
} Glyph;

/* One open font file (face index and synthetic style): every size of it
 * shares one FreeType face, set to the size in use with TTF_SetFontSize.
 * A face per size cost about 100 KiB each, eleven of them at the default
 * sizes. */
typedef struct {
	char path[512];
	int index; /* face index inside the file */
	int synth; /* TTF_STYLE_* the face lacks and SDL_ttf emboldens/slants */
	TTF_Font *ttf;
	int px; /* the size it is set to now */
} Font;

/* One font at one pixel size. Roles with the same font and size share a
 * Face. */
typedef struct {
	Font *font;
	int px;
	int ascent, line_skip;
	Glyph direct[GLYPH_DIRECT];
	Glyph *hash; /* open addressing, linear probing, power-of-two size */
	size_t hash_cap, hash_used;
	/* 128 x 128 ASCII pairs, filled lazily: measuring a line for layout
	 * asks FreeType about each pair once, not on every measure. */
	int8_t *kern;
} Face;

/* Every size a TextCache may hold at once: the roles at each of the text
 * sizes a visitor can choose. */
#define FACES_MAX (FONT_COUNT * THEME_TEXT_SIZES)

struct TextCache {
	SDL_Renderer *renderer;
	FontFile files[FONTS_STYLES];
	Font *fonts[FONT_COUNT];
	int nfonts;
	Face *faces[FACES_MAX];
	int nfaces;
	Face *role[FONT_COUNT];
	int px[FONT_COUNT]; /* the size each role is at now */
	/* One atlas for every face and ink: a few faces with few glyphs each
	 * fill a page or two between them instead of a page each. */
	SDL_Texture *pages[ATLAS_PAGES];
	int npages;
	int shelf_x, shelf_y, shelf_h; /* packing cursor in the last page */
	Color inks[INKS];
	int ninks;
	/* Reused by every draw so that drawing allocates nothing once warm. */
	SDL_Vertex *verts;
	uint8_t *quad_page;
	int *indices;
	size_t cap_quads;
	uint32_t *scratch; /* one glyph with a transparent border, for upload */
	size_t cap_scratch;
};

static Font *font_open(const char *path, int index, int synth, int px, char *err, size_t errlen)
{
	Font *f = calloc(1, sizeof *f);
	if (!f) {
		snprintf(err, errlen, "out of memory opening fonts");
		return NULL;
	}
	snprintf(f->path, sizeof f->path, "%s", path);
	f->index = index;
	f->synth = synth;
	f->px = px;
	f->ttf = TTF_OpenFontIndex(path, px, index);
	if (!f->ttf) {
		snprintf(err, errlen, "cannot open font %s: %s", path, TTF_GetError());
		free(f);
		return NULL;
	}
	TTF_SetFontStyle(f->ttf, synth);
	/* Light hinting keeps stems sharp at kiosk sizes without the distorted
	 * shapes of full hinting. */
	TTF_SetFontHinting(f->ttf, TTF_HINTING_LIGHT);
	TTF_SetFontKerning(f->ttf, 1);
	return f;
}

/* The face's font, set to the face's size. */
static TTF_Font *face_ttf(Face *fc)
{
	Font *f = fc->font;
	if (f->px != fc->px && TTF_SetFontSize(f->ttf, fc->px) == 0)
		f->px = fc->px;
	return f->ttf;
}

static Face *face_open(Font *font, int px, char *err, size_t errlen)
{
	Face *fc = calloc(1, sizeof *fc);
	if (!fc) {
		snprintf(err, errlen, "out of memory opening fonts");
		return NULL;
	}
	fc->font = font;
	fc->px = px;
	TTF_Font *ttf = face_ttf(fc);
	fc->ascent = TTF_FontAscent(ttf);
	fc->line_skip = TTF_FontLineSkip(ttf);
	fc->kern = malloc(128 * 128);
	if (!fc->kern) {
		free(fc);
		snprintf(err, errlen, "out of memory opening fonts");
		return NULL;
	}
	memset(fc->kern, KERN_UNKNOWN, 128 * 128);
	return fc;
}

static void glyphs_unplace(Glyph *g, size_t n)
{
	for (size_t i = 0; i < n; i++)
		memset(g[i].page, 0, sizeof g[i].page);
}

/* Empties the atlas: every glyph is rasterised again when next drawn. */
static void atlas_reset(TextCache *t)
{
	for (int i = 0; i < t->npages; i++)
		SDL_DestroyTexture(t->pages[i]);
	t->npages = 0;
	t->shelf_x = t->shelf_y = t->shelf_h = 0;
	for (int i = 0; i < t->nfaces; i++) {
		Face *fc = t->faces[i];
		glyphs_unplace(fc->direct, GLYPH_DIRECT);
		if (fc->hash)
			glyphs_unplace(fc->hash, fc->hash_cap);
	}
}

static void face_free(Face *fc)
{
	if (!fc)
		return;
	free(fc->hash);
	free(fc->kern);
	free(fc);
}

/* The face for role f at its size, sharing an open font file and a face of
 * the same size with the roles already set up. */
static Face *role_face(TextCache *t, const FontFile *file, int px, char *err, size_t errlen)
{
	Font *font = NULL;
	for (int i = 0; i < t->nfonts; i++) {
		Font *o = t->fonts[i];
		if (o->index == file->index && o->synth == file->synth &&
		    strcmp(o->path, file->path) == 0)
			font = o;
	}
	if (!font) {
		font = font_open(file->path, file->index, file->synth, px, err, errlen);
		if (!font)
			return NULL;
		t->fonts[t->nfonts++] = font;
	}
	for (int i = 0; i < t->nfaces; i++)
		if (t->faces[i]->font == font && t->faces[i]->px == px)
			return t->faces[i];
	if (t->nfaces == FACES_MAX) {
		snprintf(err, errlen, "too many font sizes at once");
		return NULL;
	}
	Face *face = face_open(font, px, err, errlen);
	if (face)
		t->faces[t->nfaces++] = face;
	return face;
}

TextCache *text_new(SDL_Renderer *renderer, const char *font_dir, const Metrics *m, char *err,
                    size_t errlen)
{
	/* Balanced by TTF_Quit in text_free; SDL_ttf counts initialisations,
	 * so this coexists with a caller that started it too. */
	if (TTF_Init() != 0) {
		snprintf(err, errlen, "cannot start SDL_ttf: %s", TTF_GetError());
		return NULL;
	}
	TextCache *t = calloc(1, sizeof *t);
	if (!t) {
		snprintf(err, errlen, "out of memory opening fonts");
		TTF_Quit();
		return NULL;
	}
	t->renderer = renderer;
	if (fonts_find(font_dir, t->files, err, errlen) != 0)
		goto fail;
	if (text_use(t, m->font_px, err, errlen) != 0)
		goto fail;
	return t;
fail:
	text_free(t);
	return NULL;
}

void text_free(TextCache *t)
{
	if (!t)
		return;
	atlas_reset(t);
	for (int i = 0; i < t->nfaces; i++)
		face_free(t->faces[i]);
	for (int i = 0; i < t->nfonts; i++) {
		TTF_CloseFont(t->fonts[i]->ttf);
		free(t->fonts[i]);
	}
	free(t->verts);
	free(t->quad_page);
	free(t->indices);
	free(t->scratch);
	free(t);
	TTF_Quit();
}

int text_use(TextCache *t, const int font_px[FONT_COUNT], char *err, size_t errlen)
{
	if (!t)
		return -1;
	if (memcmp(t->px, font_px, sizeof(t->px)) == 0 && t->role[0])
		return 0;
	/* All roles or none: a role left at its old size would measure one
	 * way and draw another. Faces of other sizes stay open, for a screen
	 * laid out at them that is still on its way out. */
	Face *role[FONT_COUNT];
	for (int f = 0; f < FONT_COUNT; f++) {
		int px = font_px[f] > 0 ? font_px[f] : 16;
		role[f] = role_face(t, &t->files[theme_font_style((FontId)f) & 3], px, err, errlen);
		if (!role[f])
			return -1;
	}
	memcpy(t->role, role, sizeof(role));
	memcpy(t->px, font_px, sizeof(t->px));
	return 0;
}

void text_flush(TextCache *t)
{
	if (t)
		atlas_reset(t);
}

static size_t hash_slot(uint32_t cp, size_t cap)
{
	return (size_t)((cp * 2654435761u) & (uint32_t)(cap - 1));
}

static bool hash_grow(Face *fc)
{
	size_t cap = fc->hash_cap ? fc->hash_cap * 2 : 256;
	Glyph *slots = calloc(cap, sizeof *slots);
	if (!slots)
		return false;
	for (size_t i = 0; i < fc->hash_cap; i++) {
		Glyph *g = &fc->hash[i];
		if (!g->cp)
			continue;
		size_t j = hash_slot(g->cp, cap);
		while (slots[j].cp)
			j = (j + 1) & (cap - 1);
		slots[j] = *g;
	}
	free(fc->hash);
	fc->hash = slots;
	fc->hash_cap = cap;
	return true;
}

/* The slot for cp, created empty if new; NULL only when out of memory.
 * Creating may move other hash slots, so no Glyph pointer is kept across
 * calls. */
static Glyph *glyph_slot(Face *fc, uint32_t cp)
{
	if (cp < GLYPH_DIRECT) {
		fc->direct[cp].cp = cp;
		return &fc->direct[cp];
	}
	if (fc->hash_cap) {
		size_t j = hash_slot(cp, fc->hash_cap);
		while (fc->hash[j].cp) {
			if (fc->hash[j].cp == cp)
				return &fc->hash[j];
			j = (j + 1) & (fc->hash_cap - 1);
		}
	}
	/* Keep the table at most half full so probes stay short. */
	if ((fc->hash_used + 1) * 2 > fc->hash_cap && !hash_grow(fc))
		return NULL;
	size_t j = hash_slot(cp, fc->hash_cap);
	while (fc->hash[j].cp)
		j = (j + 1) & (fc->hash_cap - 1);
	fc->hash_used++;
	fc->hash[j] = (Glyph){.cp = cp};
	return &fc->hash[j];
}

static bool is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp < 0xA0);
}

static void glyph_measure(Face *fc, Glyph *g)
{
	int minx = 0, maxx = 0, miny = 0, maxy = 0, advance = 0;
	g->flags |= GLYPH_KNOWN;
	if (is_control(g->cp)) {
		/* Layout should never hand us these; if it does, they take no
		 * room rather than showing a box. */
		g->flags |= GLYPH_BLANK;
		return;
	}
	if (!TTF_GlyphIsProvided32(face_ttf(fc), g->cp)) {
		g->flags |= GLYPH_MISSING;
		if (g->cp != REPLACEMENT)
			return;
		/* Not even U+FFFD: leave a gap as wide as .notdef. */
		g->flags |= GLYPH_BLANK;
	}
	if (TTF_GlyphMetrics32(face_ttf(fc), g->cp, &minx, &maxx, &miny, &maxy, &advance) != 0) {
		g->flags |= GLYPH_BLANK;
		return;
	}
	g->minx = (int16_t)minx;
	g->maxy = (int16_t)maxy;
	g->advance = (int16_t)advance;
}

/* The glyph drawn for cp, with metrics; a code point the face lacks comes
 * back as U+FFFD. NULL only when out of memory. */
static Glyph *glyph_get(Face *fc, uint32_t cp)
{
	Glyph *g = glyph_slot(fc, cp);
	if (!g)
		return NULL;
	if (!(g->flags & GLYPH_KNOWN))
		glyph_measure(fc, g);
	if ((g->flags & GLYPH_MISSING) && cp != REPLACEMENT)
		return glyph_get(fc, REPLACEMENT);
	return g;
}

static int kerning(Face *fc, uint32_t prev, uint32_t cp)
{
	if (!prev)
		return 0;
	if (prev < 128 && cp < 128) {
		int8_t *k = &fc->kern[prev * 128 + cp];
		if (*k == KERN_UNKNOWN) {
			int v = TTF_GetFontKerningSizeGlyphs32(face_ttf(fc), prev, cp);
			*k = (int8_t)(v < -127 ? -127 : v > 127 ? 127 : v);
		}
		return *k;
	}
	return TTF_GetFontKerningSizeGlyphs32(face_ttf(fc), prev, cp);
}

int text_width(TextCache *t, FontId f, const char *s, size_t len)
{
	if (!t || (unsigned)f >= FONT_COUNT)
		return 0;
	Face *fc = t->role[f];
	int x = 0;
	uint32_t prev = 0;
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		i += utf8_next(s + i, len - i, &cp);
		Glyph *g = glyph_get(fc, cp);
		if (!g)
			break;
		if ((g->flags & GLYPH_BLANK) && g->advance == 0)
			continue;
		x += kerning(fc, prev, g->cp) + g->advance;
		prev = g->cp;
	}
	return x;
}

int text_line_height(TextCache *t, FontId f)
{
	if (!t || (unsigned)f >= FONT_COUNT)
		return 0;
	return t->role[f]->line_skip;
}

static bool page_add(TextCache *t)
{
	if (t->npages == ATLAS_PAGES)
		return false;
	SDL_Texture *tex = SDL_CreateTexture(t->renderer, SDL_PIXELFORMAT_ARGB8888,
	                                     SDL_TEXTUREACCESS_STATIC, ATLAS_SIDE, ATLAS_SIDE);
	if (!tex)
		return false;
	SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_BLEND);
	/* Glyphs are drawn 1:1 at whole pixels; nearest keeps them crisp. */
	SDL_SetTextureScaleMode(tex, SDL_ScaleModeNearest);
	t->pages[t->npages++] = tex;
	t->shelf_x = t->shelf_y = t->shelf_h = 0;
	return true;
}

enum { PLACE_OK, PLACE_FAILED, PLACE_FULL };

/* Finds room for a w x h cell: shelves left to right, top to bottom.
 * PLACE_FULL when every page is used up. */
static int atlas_place(TextCache *t, int w, int h, int *x, int *y)
{
	if (w > ATLAS_SIDE || h > ATLAS_SIDE)
		return PLACE_FAILED;
	if (t->npages == 0 && !page_add(t))
		return PLACE_FAILED;
	if (t->shelf_x + w > ATLAS_SIDE) {
		t->shelf_y += t->shelf_h;
		t->shelf_x = 0;
		t->shelf_h = 0;
	}
	if (t->shelf_y + h > ATLAS_SIDE) {
		if (t->npages == ATLAS_PAGES)
			return PLACE_FULL;
		if (!page_add(t))
			return PLACE_FAILED;
	}
	*x = t->shelf_x;
	*y = t->shelf_y;
	t->shelf_x += w;
	if (h > t->shelf_h)
		t->shelf_h = h;
	return PLACE_OK;
}

/* The ink for colour c: its index, added on first use. When every ink is
 * taken the atlas is emptied and the inks with it: only call this before
 * any glyph of the current line is placed. */
static int ink_of(TextCache *t, Color c)
{
	for (int i = 0; i < t->ninks; i++)
		if (t->inks[i] == c)
			return i;
	if (t->ninks == INKS) {
		atlas_reset(t);
		t->ninks = 0;
	}
	t->inks[t->ninks] = c;
	return t->ninks++;
}

/* Finds the glyph's ink box in a rendered glyph: SDL_ttf returns the
 * glyph on a whole line box, with the pen at x = -minx when the ink starts
 * left of it and the line top at y = maxy - ascent when the ink rises
 * above the ascent. Cropping to the ink keeps the atlas dense. */
static void glyph_crop(const Face *fc, Glyph *g, const SDL_Surface *s)
{
	int x0 = s->w, y0 = s->h, x1 = -1, y1 = -1;
	for (int y = 0; y < s->h; y++) {
		const uint32_t *row = (const uint32_t *)((const uint8_t *)s->pixels + y * s->pitch);
		for (int x = 0; x < s->w; x++) {
			if (!(row[x] >> 24))
				continue;
			if (x < x0)
				x0 = x;
			if (x > x1)
				x1 = x;
			if (y < y0)
				y0 = y;
			y1 = y;
		}
	}
	g->flags |= GLYPH_CROPPED;
	g->w = g->h = 0;
	if (x1 < 0)
		return;
	int pen_x = g->minx < 0 ? -g->minx : 0;
	int top_y = g->maxy > fc->ascent ? g->maxy - fc->ascent : 0;
	g->w = (uint16_t)(x1 - x0 + 1);
	g->h = (uint16_t)(y1 - y0 + 1);
	g->off_x = (int16_t)(x0 - pen_x);
	g->off_y = (int16_t)(y0 - top_y);
}

/* Renders the glyph once in an ink, crops it to its ink box and copies it
 * into the atlas with a one-pixel transparent border, so neighbours never
 * bleed in. Returns PLACE_FULL, leaving the glyph unplaced, when the atlas
 * has no room left; a glyph that cannot be drawn for any other reason ends
 * up with an empty ink box. */
static int glyph_raster(TextCache *t, Face *fc, Glyph *g, int ink)
{
	if (g->flags & GLYPH_BLANK) {
		g->flags |= GLYPH_CROPPED;
		g->w = g->h = 0;
		return PLACE_OK;
	}
	Color c = t->inks[ink];
	SDL_Color col = {(Uint8)(c >> 24), (Uint8)(c >> 16), (Uint8)(c >> 8), 0xFF};
	SDL_Surface *s = TTF_RenderGlyph32_Blended(face_ttf(fc), g->cp, col);
	if (s && s->format->format != SDL_PIXELFORMAT_ARGB8888) {
		SDL_Surface *conv = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ARGB8888, 0);
		SDL_FreeSurface(s);
		s = conv;
	}
	if (!s || SDL_LockSurface(s) != 0) {
		SDL_FreeSurface(s);
		g->flags |= GLYPH_CROPPED;
		g->w = g->h = 0;
		return PLACE_OK;
	}
	int rc = PLACE_OK;
	/* Every ink has the same ink box: the first rendering decides it. */
	if (!(g->flags & GLYPH_CROPPED))
		glyph_crop(fc, g, s);
	int w = g->w, h = g->h;
	int x0 = g->off_x + (g->minx < 0 ? -g->minx : 0);
	int y0 = g->off_y + (g->maxy > fc->ascent ? g->maxy - fc->ascent : 0);
	if (!w || x0 < 0 || y0 < 0 || x0 + w > s->w || y0 + h > s->h)
		goto done;
	size_t need = (size_t)(w + 2) * (size_t)(h + 2);
	if (need > t->cap_scratch) {
		uint32_t *p = realloc(t->scratch, need * sizeof *p);
		if (!p)
			goto done;
		t->scratch = p;
		t->cap_scratch = need;
	}
	memset(t->scratch, 0, need * sizeof *t->scratch);
	for (int y = 0; y < h; y++) {
		const uint8_t *src = (const uint8_t *)s->pixels + (y0 + y) * s->pitch + x0 * 4;
		memcpy(t->scratch + (size_t)(y + 1) * (size_t)(w + 2) + 1, src, (size_t)w * 4);
	}
	int ax, ay;
	rc = atlas_place(t, w + 2, h + 2, &ax, &ay);
	if (rc != PLACE_OK)
		goto done;
	SDL_Rect dst = {ax, ay, w + 2, h + 2};
	if (SDL_UpdateTexture(t->pages[t->npages - 1], &dst, t->scratch, (w + 2) * 4) != 0)
		goto done;
	g->page[ink] = (uint8_t)t->npages;
	g->ax[ink] = (uint16_t)(ax + 1);
	g->ay[ink] = (uint16_t)(ay + 1);
done:
	SDL_UnlockSurface(s);
	SDL_FreeSurface(s);
	return rc == PLACE_FULL ? PLACE_FULL : PLACE_OK;
}

static bool buffers_reserve(TextCache *t, size_t quads)
{
	if (quads <= t->cap_quads)
		return true;
	size_t cap = t->cap_quads ? t->cap_quads : 128;
	while (cap < quads)
		cap *= 2;
	SDL_Vertex *v = realloc(t->verts, cap * 4 * sizeof *v);
	if (!v)
		return false;
	t->verts = v;
	uint8_t *p = realloc(t->quad_page, cap);
	if (!p)
		return false;
	t->quad_page = p;
	int *ix = realloc(t->indices, cap * 6 * sizeof *ix);
	if (!ix)
		return false;
	t->indices = ix;
	t->cap_quads = cap;
	return true;
}

/* Whether a line box at (x, y) could put ink inside the clip rectangle (or
 * the viewport). The margin of a line height covers ink outside the box:
 * accents above capitals, italic overhang. */
static bool line_visible(SDL_Renderer *r, int x, int y, int line_h)
{
	SDL_Rect clip;
	if (SDL_RenderIsClipEnabled(r)) {
		SDL_RenderGetClipRect(r, &clip);
	} else {
		SDL_RenderGetViewport(r, &clip);
		clip.x = clip.y = 0;
	}
	return y + 2 * line_h > clip.y && y - line_h < clip.y + clip.h &&
	       x - line_h < clip.x + clip.w;
}

/* One SDL_RenderGeometry per atlas page for the nq quads built so far. */
static void quads_draw(TextCache *t, size_t nq, uint32_t pages_used)
{
	for (int p = 0; p < t->npages; p++) {
		if (!(pages_used & (1u << p)))
			continue;
		int ni = 0;
		for (size_t q = 0; q < nq; q++) {
			if (t->quad_page[q] != p)
				continue;
			int b = (int)q * 4;
			int *ix = &t->indices[ni];
			ix[0] = b;
			ix[1] = b + 1;
			ix[2] = b + 2;
			ix[3] = b;
			ix[4] = b + 2;
			ix[5] = b + 3;
			ni += 6;
		}
		SDL_RenderGeometry(t->renderer, t->pages[p], t->verts, (int)nq * 4, t->indices, ni);
	}
}

static bool placed(const Glyph *g, int ink)
{
	return (g->flags & GLYPH_CROPPED) && (g->page[ink] || !g->w);
}

void text_draw(TextCache *t, FontId f, const char *s, size_t len, int x, int y, Color c)
{
	if (!t || !t->renderer || (unsigned)f >= FONT_COUNT || !len || !(c & 0xFF))
		return;
	Face *fc = t->role[f];
	/* A long topic costs only its lines in view: the rest return here. */
	if (!line_visible(t->renderer, x, y, fc->line_skip))
		return;
	/* No string has more glyphs than bytes. */
	if (!buffers_reserve(t, len))
		return;
	/* Glyphs in the colour's own ink are drawn untinted; only the alpha
	 * of a translucent colour is applied. */
	int ink = ink_of(t, c | 0xFF);
	const SDL_Color col = {0xFF, 0xFF, 0xFF, (Uint8)c};
	const float inv = 1.0f / ATLAS_SIDE;
	uint32_t pages_used = 0;
	size_t nq = 0;
	int pen = x;
	uint32_t prev = 0;
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		i += utf8_next(s + i, len - i, &cp);
		Glyph *g = glyph_get(fc, cp);
		if (!g)
			break;
		if ((g->flags & GLYPH_BLANK) && g->advance == 0)
			continue;
		pen += kerning(fc, prev, g->cp);
		prev = g->cp;
		if (!placed(g, ink) && glyph_raster(t, fc, g, ink) == PLACE_FULL) {
			/* Every page is full (a huge text scale, or many scripts):
			 * draw what is built, start the atlas afresh and go on.
			 * SDL finishes pending draws before it frees a texture. */
			quads_draw(t, nq, pages_used);
			nq = 0;
			pages_used = 0;
			atlas_reset(t);
			glyph_raster(t, fc, g, ink);
		}
		if (g->w && g->page[ink]) {
			int page = g->page[ink] - 1;
			float x0 = (float)(pen + g->off_x), y0 = (float)(y + g->off_y);
			float x1 = x0 + g->w, y1 = y0 + g->h;
			float u0 = g->ax[ink] * inv, v0 = g->ay[ink] * inv;
			float u1 = (g->ax[ink] + g->w) * inv, v1 = (g->ay[ink] + g->h) * inv;
			SDL_Vertex *v = &t->verts[nq * 4];
			v[0] = (SDL_Vertex){{x0, y0}, col, {u0, v0}};
			v[1] = (SDL_Vertex){{x1, y0}, col, {u1, v0}};
			v[2] = (SDL_Vertex){{x1, y1}, col, {u1, v1}};
			v[3] = (SDL_Vertex){{x0, y1}, col, {u0, v1}};
			t->quad_page[nq] = (uint8_t)page;
			pages_used |= 1u << page;
			nq++;
		}
		pen += g->advance;
	}
	quads_draw(t, nq, pages_used);
}
