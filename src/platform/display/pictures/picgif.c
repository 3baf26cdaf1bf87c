/* picgif: a GIF's first frame decoded through giflib onto its
 * transparent screen, its bytes read from the file as giflib asks.
 */
#include <gif_lib.h>
#include <stdlib.h>
#include <string.h>

#include "platform/display/pictures/picread.h"

static int gif_read(GifFileType *g, GifByteType *p, int n)
{
	return n > 0 ? (int)picread_bytes(g->UserData, p, (size_t)n) : 0;
}

/* The first frame's rows onto a transparent screen, into the sink. */
static PicdecodeStatus gif_frame(GifFileType *g, int transparent, const Target *t, bool *opaque)
{
	int sw = g->SWidth, sh = g->SHeight;
	int fx = g->Image.Left, fy = g->Image.Top, fw = g->Image.Width, fh = g->Image.Height;
	if (fw <= 0 || fh <= 0 || fx < 0 || fy < 0 || fx + fw > sw || fy + fh > sh)
		return PICDECODE_DAMAGED;
	const ColorMapObject *map = g->Image.ColorMap ? g->Image.ColorMap : g->SColorMap;
	if (!map || !map->Colors)
		return PICDECODE_DAMAGED;
	uint32_t palette[256];
	for (int i = 0; i < 256; i++) {
		const GifColorType *c = i < map->ColorCount ? &map->Colors[i] : NULL;
		palette[i] =
		    c ? 0xFF000000u | (uint32_t)c->Red << 16 | (uint32_t)c->Green << 8 | c->Blue
		      : 0xFF000000u;
	}
	if (transparent >= 0 && transparent < 256)
		palette[transparent] = 0;
	bool clear = transparent >= 0 || fw != sw || fh != sh;
	bool interlaced = g->Image.Interlace;
	PicdecodeStatus st = PICDECODE_MEMORY;
	Sink k = {0};
	uint32_t *row = malloc((size_t)sw * 4);
	/* Interlaced rows come in four passes: the probe has held the frame's
	 * indices within PKG_HOLD_MAX. */
	GifPixelType *idx = malloc(interlaced ? (size_t)fw * (size_t)fh : (size_t)fw);
	if (!row || !idx || !picread_sink_begin(&k, t, sw, sh, clear))
		goto done;
	st = PICDECODE_DAMAGED;
	if (interlaced) {
		static const int start[4] = {0, 4, 2, 1}, step[4] = {8, 8, 4, 2};
		for (int p = 0; p < 4; p++)
			for (int y = start[p]; y < fh; y += step[p])
				if (DGifGetLine(g, idx + (size_t)y * (size_t)fw, fw) == GIF_ERROR)
					goto done;
	}
	for (int y = 0; y < sh; y++) {
		memset(row, 0, (size_t)sw * 4);
		if (y >= fy && y < fy + fh) {
			GifPixelType *line = interlaced ? idx + (size_t)(y - fy) * (size_t)fw : idx;
			if (!interlaced && DGifGetLine(g, line, fw) == GIF_ERROR)
				goto done;
			for (int x = 0; x < fw; x++)
				row[fx + x] = palette[line[x]];
		}
		picread_sink_row(&k, row);
	}
	if (picread_sink_finish(&k)) {
		st = PICDECODE_OK;
		if (opaque)
			*opaque = !clear;
	}
done:
	picread_sink_free(&k);
	free(row);
	free(idx);
	return st;
}

PicdecodeStatus picdecode_gif(In *in, const PkgImageInfo *info, const Target *t, bool *opaque)
{
	int err = 0;
	GifFileType *g = DGifOpen(in, gif_read, &err);
	if (!g)
		return err == D_GIF_ERR_NOT_ENOUGH_MEM ? PICDECODE_MEMORY : PICDECODE_DAMAGED;
	PicdecodeStatus st = PICDECODE_DAMAGED;
	int transparent = -1;
	if ((uint32_t)g->SWidth != info->w || (uint32_t)g->SHeight != info->h) {
		st = PICDECODE_MISMATCH;
		goto done;
	}
	/* Extensions up to the first frame (its transparent colour among
	 * them), then that frame; the rest of an animation is not decoded. */
	for (;;) {
		GifRecordType type;
		if (DGifGetRecordType(g, &type) == GIF_ERROR)
			goto done;
		if (type == IMAGE_DESC_RECORD_TYPE) {
			if (DGifGetImageDesc(g) == GIF_ERROR)
				goto done;
			st = gif_frame(g, transparent, t, opaque);
			goto done;
		}
		if (type != EXTENSION_RECORD_TYPE)
			goto done;
		int code;
		GifByteType *ext = NULL;
		if (DGifGetExtension(g, &code, &ext) == GIF_ERROR)
			goto done;
		if (code == GRAPHICS_EXT_FUNC_CODE && ext && ext[0] >= 4) {
			GraphicsControlBlock gcb;
			if (DGifExtensionToGCB(ext[0], ext + 1, &gcb) == GIF_OK)
				transparent = gcb.TransparentColor;
		}
		while (ext)
			if (DGifGetExtensionNext(g, &ext) == GIF_ERROR)
				goto done;
	}
done:
	DGifCloseFile(g, &err);
	return st;
}
