#include "platform/display/text/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/display/text/bidi.h"
#include "platform/display/text/hyphen.h"
#include "platform/display/text/shape.h"

/* Why not SDL_ttf, on which this layer used to stand: SDL_ttf 2.20 draws
 * a glyph only by code point (TTF_RenderGlyph32) or a whole string shaped
 * its own way (TTF_RenderUTF8, one font, no line breaking, no fallback).
 * Shaped text is glyphs by index, many with no code point of their own (an
 * Arabic letter's medial form, a Devanagari conjunct, a ligature), each
 * placed where HarfBuzz put it, from whichever font has it. SDL_ttf keeps
 * its FreeType face private, so the faces are opened with FreeType itself
 * (which SDL_ttf is built on): one open font instead of two. */

#define ATLAS_SIDE 512 /* 1 MiB a page, shared by every face and ink */
#define ATLAS_PAGES 32

/* Text colours get their own copies of the glyphs they draw. A copy
 * already in its colour is drawn with a plain alpha blend; tinting a white
 * glyph instead (colour modulation) sends every glyph through SDL's
 * generic per-pixel blitter on the software renderer, which measured three
 * times the instructions for the same text. A theme uses a handful of
 * text colours; should more turn up (new content with another theme), the
 * atlas starts afresh with the colours then in use. */
#define INKS 8

enum {
	GLYPH_KNOWN = 1u << 0, /* its ink box is known (w, h, left, top) */
	GLYPH_COLOR = 1u << 1, /* its own colours (emoji): every ink alike */
};

/* A glyph of one sized face, by index. */
typedef struct {
	uint32_t key;      /* (face + 1) << 16 | glyph index; 0: empty slot */
	int16_t left, top; /* ink box's top-left from the pen on the baseline */
	uint16_t w, h;     /* ink box; 0 draws nothing */
	uint8_t flags;
	uint8_t page[INKS]; /* 1 + the atlas page holding the glyph in that ink */
	uint16_t ax[INKS], ay[INKS];
} Glyph;

struct TextCache {
	SDL_Renderer *renderer;
	Shaper *shaper;
	Bidi *bidi;
	Hyphens *hyphens;
	Glyph *glyphs; /* open addressing, linear probing, power-of-two size */
	size_t cap_glyphs, used_glyphs;
	/* One atlas for every face and ink. */
	SDL_Texture *pages[ATLAS_PAGES];
	int npages;
	int shelf_x, shelf_y, shelf_h; /* packing cursor in the last page */
	Color inks[INKS];
	int ninks;
	/* Quads gathered since the last text_draw_end, reused so that
	 * drawing allocates nothing once warm. */
	SDL_Vertex *verts;
	uint8_t *quad_page;
	int *indices;
	size_t nquads, cap_quads;
	uint32_t pages_used;
	uint32_t *scratch; /* one glyph with a transparent border, for upload */
	size_t cap_scratch;
};

TextCache *text_new(SDL_Renderer *renderer, const char *font_dir, const Metrics *m, char *err,
                    size_t errlen)
{
	TextCache *t = calloc(1, sizeof *t);
	if (!t) {
		snprintf(err, errlen, "out of memory opening fonts");
		return NULL;
	}
	t->renderer = renderer;
	t->shaper = shaper_new(font_dir, m, err, errlen);
	if (!t->shaper)
		goto fail;
	t->bidi = bidi_new();
	t->hyphens = hyphens_new();
	if (!t->bidi || !t->hyphens) {
		snprintf(err, errlen, "out of memory opening fonts");
		goto fail;
	}
	return t;
fail:
	text_free(t);
	return NULL;
}

static void glyphs_unplace(TextCache *t)
{
	for (size_t i = 0; i < t->cap_glyphs; i++)
		memset(t->glyphs[i].page, 0, sizeof t->glyphs[i].page);
}

/* Empties the atlas: every glyph is rasterised again when next drawn.
 * Quads gathered on the old pages must be drawn first. */
static void atlas_reset(TextCache *t)
{
	for (int i = 0; i < t->npages; i++)
		SDL_DestroyTexture(t->pages[i]);
	t->npages = 0;
	t->shelf_x = t->shelf_y = t->shelf_h = 0;
	glyphs_unplace(t);
}

void text_free(TextCache *t)
{
	if (!t)
		return;
	atlas_reset(t);
	shaper_free(t->shaper);
	bidi_free(t->bidi);
	hyphens_free(t->hyphens);
	free(t->glyphs);
	free(t->verts);
	free(t->quad_page);
	free(t->indices);
	free(t->scratch);
	free(t);
}

void text_trim(TextCache *t)
{
	if (t)
		shaper_trim(t->shaper);
}

int text_use(TextCache *t, const int font_px[FONT_COUNT], char *err, size_t errlen)
{
	return t ? shaper_use(t->shaper, font_px, err, errlen) : -1;
}

void text_flush(TextCache *t)
{
	if (!t)
		return;
	t->nquads = 0;
	t->pages_used = 0;
	atlas_reset(t);
}

/* ---- measuring ----------------------------------------------------------- */

int text_width(TextCache *t, const TextStyle *st, const char *s, size_t len)
{
	if (!t || !len)
		return 0;
	const ShapedRun *r = shaper_run(t->shaper, st, s, len);
	return r ? r->width : 0;
}

size_t text_fit(TextCache *t, const TextStyle *st, const char *s, size_t len, int width)
{
	if (!t || !len)
		return 0;
	/* Probed, not kept: the parts a long word is cut into are what gets
	 * measured again and drawn. */
	const ShapedRun *r = shaper_probe(t->shaper, st, s, len);
	if (!r || r->n == 0)
		return len;
	/* The glyphs in reading order (right to left runs come out
	 * reversed), their advances summed: each new cluster is a place to
	 * cut, and the last one whose text before it fits is the cut. A
	 * cluster's glyphs (a letter and its marks) are never parted. */
	int64_t limit = (int64_t)width * 64, sum = 0;
	size_t best = 0;
	uint32_t cur = r->g[st->rtl ? r->n - 1 : 0].cluster;
	for (size_t k = 0; k < r->n; k++) {
		const ShapedGlyph *g = &r->g[st->rtl ? r->n - 1 - k : k];
		if (g->cluster != cur) {
			cur = g->cluster;
			if (sum > limit)
				return best ? best : cur;
			best = cur;
		}
		sum += g->adv;
	}
	return sum <= limit || !best ? len : best;
}

int text_hyphenate(TextCache *t, const char *lang, const char *s, size_t len, uint8_t *can)
{
	return t ? hyphens_find(t->hyphens, lang, s, len, can) : 0;
}

int text_line_height(TextCache *t, FontId f)
{
	return t ? shaper_line_skip(t->shaper, f) : 0;
}

int text_bidi_levels(TextCache *t, const char *s, size_t len, TextDir dir, uint8_t *levels)
{
	return t ? bidi_levels(t->bidi, s, len, dir, levels) : -1;
}

/* ---- the glyph atlas ------------------------------------------------------- */

static size_t hash_slot(uint32_t key, size_t cap)
{
	return (size_t)((key * 2654435761u) & (uint32_t)(cap - 1));
}

static bool glyphs_grow(TextCache *t)
{
	size_t cap = t->cap_glyphs ? t->cap_glyphs * 2 : 512;
	Glyph *slots = calloc(cap, sizeof *slots);
	if (!slots)
		return false;
	for (size_t i = 0; i < t->cap_glyphs; i++) {
		Glyph *g = &t->glyphs[i];
		if (!g->key)
			continue;
		size_t j = hash_slot(g->key, cap);
		while (slots[j].key)
			j = (j + 1) & (cap - 1);
		slots[j] = *g;
	}
	free(t->glyphs);
	t->glyphs = slots;
	t->cap_glyphs = cap;
	return true;
}

/* The slot for a glyph, created empty if new; NULL only when out of
 * memory. Creating may move other slots, so no Glyph pointer is kept
 * across calls. */
static Glyph *glyph_slot(TextCache *t, uint16_t face, uint32_t gid)
{
	uint32_t key = ((uint32_t)(face + 1) << 16) | (gid & 0xFFFF);
	if (t->cap_glyphs) {
		size_t j = hash_slot(key, t->cap_glyphs);
		while (t->glyphs[j].key) {
			if (t->glyphs[j].key == key)
				return &t->glyphs[j];
			j = (j + 1) & (t->cap_glyphs - 1);
		}
	}
	/* Keep the table at most half full so probes stay short. */
	if ((t->used_glyphs + 1) * 2 > t->cap_glyphs && !glyphs_grow(t))
		return NULL;
	size_t j = hash_slot(key, t->cap_glyphs);
	while (t->glyphs[j].key)
		j = (j + 1) & (t->cap_glyphs - 1);
	t->used_glyphs++;
	t->glyphs[j] = (Glyph){.key = key};
	return &t->glyphs[j];
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
 * taken the atlas is emptied and the inks with it (drawing what was
 * gathered first). */
static int ink_of(TextCache *t, Color c)
{
	for (int i = 0; i < t->ninks; i++)
		if (t->inks[i] == c)
			return i;
	if (t->ninks == INKS) {
		text_draw_end(t);
		atlas_reset(t);
		t->ninks = 0;
	}
	t->inks[t->ninks] = c;
	return t->ninks++;
}

/* Copies a rendered glyph into scratch as ARGB in the ink's colour (or
 * its own colours), with a one-pixel transparent border so neighbours in
 * the atlas never bleed in. */
static bool glyph_pixels(TextCache *t, const GlyphBitmap *bm, Color ink)
{
	int w = bm->w, h = bm->h;
	size_t need = (size_t)(w + 2) * (size_t)(h + 2);
	if (need > t->cap_scratch) {
		uint32_t *p = realloc(t->scratch, need * sizeof *p);
		if (!p)
			return false;
		t->scratch = p;
		t->cap_scratch = need;
	}
	memset(t->scratch, 0, need * sizeof *t->scratch);
	uint32_t rgb = ink >> 8;
	for (int y = 0; y < h; y++) {
		const uint8_t *src = bm->pixels + (size_t)y * (size_t)bm->pitch;
		uint32_t *dst = t->scratch + (size_t)(y + 1) * (size_t)(w + 2) + 1;
		for (int x = 0; x < w; x++) {
			if (!bm->color) {
				dst[x] = src[x] ? (uint32_t)src[x] << 24 | rgb : 0;
				continue;
			}
			/* FreeType's colour bitmaps are premultiplied; SDL
			 * blends straight alpha. */
			const uint8_t *p = src + x * 4;
			uint32_t a = p[3];
			if (!a) {
				dst[x] = 0;
				continue;
			}
			uint32_t r = p[2] * 255u / a, g = p[1] * 255u / a, b = p[0] * 255u / a;
			dst[x] = a << 24 | (r > 255 ? 255 : r) << 16 | (g > 255 ? 255 : g) << 8 |
			         (b > 255 ? 255 : b);
		}
	}
	return true;
}

/* Renders the glyph in an ink and copies it into the atlas. Returns
 * PLACE_FULL, leaving the glyph unplaced, when the atlas has no room left;
 * a glyph that cannot be drawn for any other reason ends up with an empty
 * ink box. The slot is looked up again by face and gid: rendering does not
 * move slots, but callers hold no pointer across atlas changes. */
static int glyph_raster(TextCache *t, Glyph *g, uint16_t face, uint32_t gid, int ink)
{
	GlyphBitmap bm;
	g->flags |= GLYPH_KNOWN;
	if (shaper_render(t->shaper, face, gid, &bm) != 0 || bm.w <= 0 || bm.h <= 0 ||
	    bm.w > ATLAS_SIDE - 2 || bm.h > ATLAS_SIDE - 2) {
		g->w = g->h = 0;
		return PLACE_OK;
	}
	g->w = (uint16_t)bm.w;
	g->h = (uint16_t)bm.h;
	g->left = (int16_t)bm.left;
	g->top = (int16_t)bm.top;
	if (bm.color)
		g->flags |= GLYPH_COLOR;
	if (!glyph_pixels(t, &bm, t->inks[ink]))
		return PLACE_OK;
	int ax, ay;
	int rc = atlas_place(t, bm.w + 2, bm.h + 2, &ax, &ay);
	if (rc != PLACE_OK)
		return rc == PLACE_FULL ? PLACE_FULL : PLACE_OK;
	SDL_Rect dst = {ax, ay, bm.w + 2, bm.h + 2};
	if (SDL_UpdateTexture(t->pages[t->npages - 1], &dst, t->scratch, (bm.w + 2) * 4) != 0)
		return PLACE_OK;
	g->page[ink] = (uint8_t)t->npages;
	g->ax[ink] = (uint16_t)(ax + 1);
	g->ay[ink] = (uint16_t)(ay + 1);
	return PLACE_OK;
}

static bool placed(const Glyph *g, int ink)
{
	return (g->flags & GLYPH_KNOWN) && (g->page[ink] || !g->w);
}

/* ---- drawing -------------------------------------------------------------- */

static bool buffers_reserve(TextCache *t, size_t quads)
{
	if (quads <= t->cap_quads)
		return true;
	size_t cap = t->cap_quads ? t->cap_quads : 512;
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

void text_draw_end(TextCache *t)
{
	if (!t || !t->nquads)
		return;
	for (int p = 0; p < t->npages; p++) {
		if (!(t->pages_used & (1u << p)))
			continue;
		int ni = 0;
		for (size_t q = 0; q < t->nquads; q++) {
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
		SDL_RenderGeometry(t->renderer, t->pages[p], t->verts, (int)t->nquads * 4,
		                   t->indices, ni);
	}
	t->nquads = 0;
	t->pages_used = 0;
}

/* Pixels from 26.6, rounded to the nearest whole pixel. */
static int px_round(int32_t v)
{
	return (int)((v + 32) >> 6);
}

void text_draw(TextCache *t, const TextStyle *st, const char *s, size_t len, int x, int y, Color c)
{
	if (!t || !t->renderer || (unsigned)st->font >= FONT_COUNT || !len || !(c & 0xFF))
		return;
	/* Glyphs in the colour's own ink are drawn untinted; only the alpha
	 * of a translucent colour is applied. */
	int ink = ink_of(t, c | 0xFF);
	const ShapedRun *run = shaper_run(t->shaper, st, s, len);
	if (!run || !buffers_reserve(t, t->nquads + run->n))
		return;
	const SDL_Color col = {0xFF, 0xFF, 0xFF, (Uint8)c};
	const float inv = 1.0f / ATLAS_SIDE;
	int base = y + shaper_ascent(t->shaper, st->font);
	for (size_t i = 0; i < run->n; i++) {
		const ShapedGlyph *sg = &run->g[i];
		Glyph *g = glyph_slot(t, sg->face, sg->gid);
		if (!g)
			return;
		if (!placed(g, ink) && glyph_raster(t, g, sg->face, sg->gid, ink) == PLACE_FULL) {
			/* Every page is full (a huge text scale, or many
			 * scripts): draw what is gathered, start the atlas
			 * afresh and go on. SDL finishes pending draws before
			 * it frees a texture. */
			text_draw_end(t);
			atlas_reset(t);
			glyph_raster(t, g, sg->face, sg->gid, ink);
		}
		if (!g->w || !g->page[ink])
			continue;
		int page = g->page[ink] - 1;
		float x0 = (float)(x + px_round(sg->pen + sg->dx) + g->left);
		float y0 = (float)(base - px_round(sg->dy) - g->top);
		float x1 = x0 + g->w, y1 = y0 + g->h;
		float u0 = g->ax[ink] * inv, v0 = g->ay[ink] * inv;
		float u1 = (g->ax[ink] + g->w) * inv, v1 = (g->ay[ink] + g->h) * inv;
		SDL_Vertex *v = &t->verts[t->nquads * 4];
		v[0] = (SDL_Vertex){{x0, y0}, col, {u0, v0}};
		v[1] = (SDL_Vertex){{x1, y0}, col, {u1, v0}};
		v[2] = (SDL_Vertex){{x1, y1}, col, {u1, v1}};
		v[3] = (SDL_Vertex){{x0, y1}, col, {u0, v1}};
		t->quad_page[t->nquads++] = (uint8_t)page;
		t->pages_used |= 1u << page;
	}
}
