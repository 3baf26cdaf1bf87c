/* picwebp: a WebP decoded through libwebp's own scaler, from the whole
 * file in memory (as libwebp takes it); an animation's first frame taken
 * out through libwebpdemux and decoded onto its canvas.
 */
#include <stdlib.h>
#include <string.h>
#include <webp/decode.h>
#include <webp/demux.h>

#include "core/picture/exif.h"
#include "platform/display/pictures/picread.h"

/* A frame of fw x fh at (fx, fy) on a cw x ch canvas, decoded at dw x dh
 * for the whole canvas: the canvas rows, transparent around the frame,
 * into the sink. */
static PicdecodeStatus webp_frame(const uint8_t *bits, size_t n, int cw, int ch, int fx, int fy,
                                  int fw, int fh, bool alpha, const Target *t, bool *opaque)
{
	int ww, wh;
	picread_want(t, &ww, &wh);
	/* Checking only: an eighth each way, which libwebp still gets to by
	 * decoding every pixel. */
	int dw = t->dst ? (cw < ww ? cw : ww) : (cw + 7) / 8;
	int dh = t->dst ? (ch < wh ? ch : wh) : (ch + 7) / 8;
	int x0 = (int)((int64_t)fx * dw / cw), y0 = (int)((int64_t)fy * dh / ch);
	int x1 = (int)(((int64_t)(fx + fw) * dw + cw - 1) / cw);
	int y1 = (int)(((int64_t)(fy + fh) * dh + ch - 1) / ch);
	int sfw = x1 - x0 > 0 ? x1 - x0 : 1, sfh = y1 - y0 > 0 ? y1 - y0 : 1;
	if (x0 + sfw > dw)
		x0 = dw - sfw;
	if (y0 + sfh > dh)
		y0 = dh - sfh;
	bool whole = fx == 0 && fy == 0 && fw == cw && fh == ch;
	WebPDecoderConfig cfg;
	if (!WebPInitDecoderConfig(&cfg))
		return PICDECODE_DAMAGED;
	if (sfw != fw || sfh != fh) {
		cfg.options.use_scaling = 1;
		cfg.options.scaled_width = sfw;
		cfg.options.scaled_height = sfh;
	}
	cfg.output.colorspace = NATIVE_LE ? MODE_BGRA : MODE_ARGB;
	/* The whole canvas at the shown size, upright (WebP has no EXIF
	 * turn here): libwebp writes straight into the caller's pixels. */
	bool direct = whole && t->dst && dw == t->w && dh == t->h && t->orient == EXIF_UPRIGHT;
	if (direct) {
		cfg.output.is_external_memory = 1;
		cfg.output.u.RGBA.rgba = (uint8_t *)t->dst;
		cfg.output.u.RGBA.stride = t->pitch;
		cfg.output.u.RGBA.size = (size_t)t->pitch * (size_t)t->h;
	}
	VP8StatusCode vs = WebPDecode(bits, n, &cfg);
	if (vs != VP8_STATUS_OK)
		return vs == VP8_STATUS_OUT_OF_MEMORY ? PICDECODE_MEMORY : PICDECODE_DAMAGED;
	if (direct) {
		if (opaque)
			*opaque = !alpha;
		return PICDECODE_OK;
	}
	PicdecodeStatus st = PICDECODE_MEMORY;
	Sink k = {0};
	uint32_t *row = malloc((size_t)dw * 4);
	bool clear = alpha || !whole;
	if (row && picread_sink_begin(&k, t, dw, dh, clear)) {
		const uint8_t *px = cfg.output.u.RGBA.rgba;
		int stride = cfg.output.u.RGBA.stride;
		for (int y = 0; y < dh; y++) {
			memset(row, 0, (size_t)dw * 4);
			if (y >= y0 && y < y0 + sfh)
				memcpy(row + x0, px + (size_t)(y - y0) * (size_t)stride,
				       (size_t)sfw * 4);
			picread_sink_row(&k, row);
		}
		st = picread_sink_finish(&k) ? PICDECODE_OK : PICDECODE_DAMAGED;
		if (opaque)
			*opaque = !clear;
	}
	picread_sink_free(&k);
	free(row);
	WebPFreeDecBuffer(&cfg.output);
	return st;
}

PicdecodeStatus picdecode_webp(In *in, uint64_t size, const PkgImageInfo *info, const Target *t,
                               bool *opaque)
{
	/* libwebp decodes from the whole file in memory; the probe counted it
	 * in what this picture holds. */
	if (size > PKG_HOLD_MAX)
		return PICDECODE_MEMORY;
	uint8_t *data = malloc(size ? (size_t)size : 1);
	if (!data)
		return PICDECODE_MEMORY;
	PicdecodeStatus st = PICDECODE_DAMAGED;
	WebPDemuxer *dmx = NULL;
	WebPBitstreamFeatures f;
	if (picread_bytes(in, data, (size_t)size) != size ||
	    WebPGetFeatures(data, (size_t)size, &f) != VP8_STATUS_OK)
		goto done;
	if ((uint32_t)f.width != info->w || (uint32_t)f.height != info->h) {
		st = PICDECODE_MISMATCH;
		goto done;
	}
	if (!f.has_animation) {
		st = webp_frame(data, (size_t)size, f.width, f.height, 0, 0, f.width, f.height,
		                f.has_alpha, t, opaque);
		goto done;
	}
	/* An animation shows its first frame, where it stands on the canvas. */
	WebPData wd = {data, (size_t)size};
	WebPIterator it;
	dmx = WebPDemux(&wd);
	if (!dmx || !WebPDemuxGetFrame(dmx, 1, &it))
		goto done;
	if (it.x_offset + it.width <= f.width && it.y_offset + it.height <= f.height)
		st = webp_frame(it.fragment.bytes, it.fragment.size, f.width, f.height, it.x_offset,
		                it.y_offset, it.width, it.height, it.has_alpha, t, opaque);
	WebPDemuxReleaseIterator(&it);
done:
	WebPDemuxDelete(dmx);
	free(data);
	return st;
}
