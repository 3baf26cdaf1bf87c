/* shapedraw: a shaped glyph drawn with FreeType (light hinting; an oblique
 * or bold made up when the font lacks it; colour emoji scaled down from
 * their one strike), and the pages of mapped font files let go once a
 * screen is drawn.
 */
#include "platform/display/text/shape.h"

#include <ft2build.h>
#include FT_SIZES_H
#include FT_SYNTHESIS_H
#include <stdlib.h>
#include <sys/mman.h>

#include "platform/display/text/shaper.h"

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
	if (!shaper_grow((void **)&s->pixels, &s->cap_pixels, (size_t)w * (size_t)h * 4, 1))
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
