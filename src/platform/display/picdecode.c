/* picdecode: the four decoders, each feeding rows to one Sink that
 * shrinks them (core/screen/shrink.h) and writes them turned upright into
 * the caller's pixels. libjpeg and libpng report errors by longjmp: each
 * runs in a function of its own (*_run) with every piece of state in a
 * struct the caller cleans up, so nothing a jump skips is lost.
 */
#include "platform/display/picdecode.h"

#include <SDL.h>
#include <errno.h>
#include <gif_lib.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
/* jpeglib.h needs stdio.h (FILE) first. */
#include <jerror.h>
#include <jpeglib.h>
#include <png.h>
#include <webp/decode.h>
#include <webp/demux.h>

#include "core/package/exif.h"
#include "core/screen/shrink.h"

/* What is read from the file at a time. */
#define IN_BYTES (64 * 1024)
/* libjpeg's own tables and row buffers, beyond the whole-picture arrays
 * that PKG_HOLD_MAX bounds: its allocator refuses past the sum. */
#define JPEG_OWN (4l * 1024 * 1024)
/* No PNG chunk is inflated past this (ancillary ones are skipped
 * unread anyway): a stick's compressed-text bomb costs nothing. */
#define PNG_CHUNK_MAX (4 * 1024 * 1024)

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/* ARGB8888 in a uint32_t is B, G, R, A in memory. */
#define NATIVE_LE 1
#else
#define NATIVE_LE 0
#endif

/* Pictures that hold their whole self while decoding (PkgHold) decode one
 * at a time in the process: the display thread and the warming thread
 * never hold two. */
static pthread_mutex_t hold_lock = PTHREAD_MUTEX_INITIALIZER;

/* ---- reading the file ---------------------------------------------------- */

typedef struct {
	int fd;
	uint64_t off; /* of the next read */
	unsigned char *buf;
	size_t len, pos;
	bool eof, failed;
} In;

static bool in_fill(In *in)
{
	if (in->eof || in->failed)
		return false;
	ssize_t r;
	do {
		r = pread(in->fd, in->buf, IN_BYTES, (off_t)in->off);
	} while (r < 0 && errno == EINTR);
	if (r < 0) {
		in->failed = true;
		return false;
	}
	if (r == 0) {
		in->eof = true;
		return false;
	}
	in->off += (uint64_t)r;
	in->len = (size_t)r;
	in->pos = 0;
	return true;
}

/* Up to n bytes into p: fewer only at the end of the file. */
static size_t in_read(In *in, unsigned char *p, size_t n)
{
	size_t got = 0;
	while (got < n) {
		if (in->pos == in->len && !in_fill(in))
			break;
		size_t k = in->len - in->pos < n - got ? in->len - in->pos : n - got;
		memcpy(p + got, in->buf + in->pos, k);
		in->pos += k;
		got += k;
	}
	return got;
}

long picdecode_read_at(void *ctx, uint64_t off, unsigned char *buf, size_t n)
{
	int fd = *(const int *)ctx;
	size_t got = 0;
	while (got < n) {
		ssize_t r = pread(fd, buf + got, n - got, (off_t)(off + got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (long)got;
}

/* ---- where rows go ------------------------------------------------------- */

/* Rows of a sw x sh picture as stored, shrunk to the shown size (in the
 * stored orientation) and written turned into dst. A picture shown larger
 * than it was decoded is gathered at its decoded size in mid and
 * stretched at the end. dst NULL: rows are counted and dropped. */
typedef struct {
	uint32_t *dst;
	int pitch, w, h; /* dst: shown size */
	unsigned orient;
	int sw, sh; /* rows as they arrive */
	int tw, th; /* after shrinking, stored orientation */
	Shrink *shrink;
	uint32_t *mid; /* tw x th turned, when smaller than w x h */
	int rows;
} Sink;

typedef struct {
	uint32_t *dst;
	int pitch, w, h;
	unsigned orient;
} Target;

/* Stored row y (w pixels of a w x h picture) into px, turned by o: a row
 * lands as a row or a column, forwards or backwards. */
static void put_row(uint32_t *px, size_t stride, unsigned o, int w, int h, int y,
                    const uint32_t *row)
{
	int x0, y0, x1, y1;
	exif_map(o, w, h, 0, y, &x0, &y0);
	exif_map(o, w, h, 1, y, &x1, &y1);
	ptrdiff_t step = (ptrdiff_t)(y1 - y0) * (ptrdiff_t)stride + (x1 - x0);
	uint32_t *d = px + (size_t)y0 * stride + (size_t)x0;
	for (int x = 0; x < w; x++, d += step)
		*d = row[x];
}

static void sink_emit(void *ctx, int y, const uint32_t *row)
{
	Sink *k = ctx;
	if (k->mid)
		put_row(k->mid, exif_swaps(k->orient) ? (size_t)k->th : (size_t)k->tw, k->orient,
		        k->tw, k->th, y, row);
	else
		put_row(k->dst, (size_t)k->pitch / 4, k->orient, k->tw, k->th, y, row);
}

static bool sink_begin(Sink *k, const Target *t, int sw, int sh, bool alpha)
{
	*k = (Sink){.dst = t->dst,
	            .pitch = t->pitch,
	            .w = t->w,
	            .h = t->h,
	            .orient = t->orient,
	            .sw = sw,
	            .sh = sh};
	if (!t->dst)
		return true;
	bool swaps = exif_swaps(t->orient);
	int want_w = swaps ? t->h : t->w, want_h = swaps ? t->w : t->h;
	k->tw = sw < want_w ? sw : want_w;
	k->th = sh < want_h ? sh : want_h;
	if (k->tw != want_w || k->th != want_h) {
		k->mid = malloc((size_t)k->tw * (size_t)k->th * 4);
		if (!k->mid)
			return false;
	}
	k->shrink = shrink_new(sw, sh, k->tw, k->th, alpha, sink_emit, k);
	return k->shrink != NULL;
}

static void sink_row(Sink *k, const uint32_t *row)
{
	k->rows++;
	if (k->shrink)
		shrink_push(k->shrink, row);
}

/* Whether every row came, with mid stretched into dst. */
static bool sink_finish(Sink *k)
{
	if (k->rows < k->sh)
		return false;
	if (!k->dst)
		return true;
	if (shrink_done(k->shrink) != k->th)
		return false;
	if (!k->mid)
		return true;
	bool swaps = exif_swaps(k->orient);
	int mw = swaps ? k->th : k->tw, mh = swaps ? k->tw : k->th;
	SDL_Surface *from = SDL_CreateRGBSurfaceWithFormatFrom(k->mid, mw, mh, 32, mw * 4,
	                                                       SDL_PIXELFORMAT_ARGB8888);
	SDL_Surface *to = SDL_CreateRGBSurfaceWithFormatFrom(k->dst, k->w, k->h, 32, k->pitch,
	                                                     SDL_PIXELFORMAT_ARGB8888);
	bool ok = from && to && SDL_SoftStretchLinear(from, NULL, to, NULL) == 0;
	SDL_FreeSurface(from);
	SDL_FreeSurface(to);
	return ok;
}

static void sink_free(Sink *k)
{
	shrink_free(k->shrink);
	free(k->mid);
	k->shrink = NULL;
	k->mid = NULL;
}

/* The stored size to decode at: at least the shown size turned back to
 * the stored orientation, or the smallest the format allows when only
 * checking (1 x 1). */
static void stored_want(const Target *t, int *w, int *h)
{
	if (!t->dst) {
		*w = *h = 1;
		return;
	}
	bool swaps = exif_swaps(t->orient);
	*w = swaps ? t->h : t->w;
	*h = swaps ? t->w : t->h;
}

/* ---- JPEG ---------------------------------------------------------------- */

typedef struct {
	struct jpeg_source_mgr pub;
	In *in;
	bool eof; /* the file ended before the decoder was done */
} JpegSrc;

typedef struct {
	struct jpeg_error_mgr pub;
	jmp_buf jump;
} JpegErr;

typedef struct {
	struct jpeg_decompress_struct c;
	JpegErr err;
	JpegSrc src;
	const PkgImageInfo *info;
	const Target *t;
	Sink k;
	unsigned char *row;
	bool opaque;
	PicdecodeStatus st;
} JpegJob;

static void jpeg_src_init(j_decompress_ptr c)
{
	(void)c;
}

static boolean jpeg_src_fill(j_decompress_ptr c)
{
	JpegSrc *s = (JpegSrc *)c->src;
	/* At the end, an end-of-image marker as libjpeg's own sources do;
	 * eof says it was made up. */
	static const JOCTET end[2] = {0xFF, JPEG_EOI};
	if (!in_fill(s->in)) {
		s->eof = true;
		s->pub.next_input_byte = end;
		s->pub.bytes_in_buffer = 2;
		return TRUE;
	}
	s->pub.next_input_byte = s->in->buf;
	s->pub.bytes_in_buffer = s->in->len;
	return TRUE;
}

static void jpeg_src_skip(j_decompress_ptr c, long n)
{
	JpegSrc *s = (JpegSrc *)c->src;
	if (n <= 0)
		return;
	if ((size_t)n <= s->pub.bytes_in_buffer) {
		s->pub.next_input_byte += n;
		s->pub.bytes_in_buffer -= (size_t)n;
		return;
	}
	/* Past what is read: the next fill starts further on. */
	s->in->off += (uint64_t)n - s->pub.bytes_in_buffer;
	s->pub.bytes_in_buffer = 0;
}

static void jpeg_src_term(j_decompress_ptr c)
{
	(void)c;
}

static void jpeg_fail(j_common_ptr c)
{
	JpegJob *j = (JpegJob *)c;
	int code = c->err->msg_code;
	j->st = code == JERR_OUT_OF_MEMORY || code == JERR_NO_BACKING_STORE ? PICDECODE_MEMORY
	                                                                    : PICDECODE_DAMAGED;
	longjmp(j->err.jump, 1);
}

static void jpeg_quiet(j_common_ptr c)
{
	(void)c;
}

/* CMYK rows as libjpeg gives them, into ARGB8888 in place. Adobe's
 * programs store the inks inverted (255 is none) and say so with their
 * APP14 marker; a YCCK picture always has it. Without ink, light is
 * (1 - C)(1 - K) for red, and likewise for green and blue. */
static void cmyk_to_argb(unsigned char *row, int n, bool inverted)
{
	uint32_t *out = (uint32_t *)(void *)row;
	for (int i = 0; i < n; i++) {
		unsigned v[4];
		for (int k = 0; k < 4; k++)
			v[k] = inverted ? row[4 * i + k] : 255u - row[4 * i + k];
		unsigned r = (v[0] * v[3] + 127) / 255, g = (v[1] * v[3] + 127) / 255,
		         b = (v[2] * v[3] + 127) / 255;
		out[i] = 0xFF000000u | r << 16 | g << 8 | b;
	}
}

static void jpeg_run(JpegJob *j)
{
	struct jpeg_decompress_struct *c = &j->c;
	jpeg_create_decompress(c);
	/* The whole-picture arrays of a progressive file are bounded by the
	 * probe already; this makes libjpeg itself refuse past it too. */
	c->mem->max_memory_to_use = (long)PKG_HOLD_MAX + JPEG_OWN;
	c->src = &j->src.pub;
	jpeg_read_header(c, TRUE);
	if (c->image_width != j->info->w || c->image_height != j->info->h) {
		j->st = PICDECODE_MISMATCH;
		return;
	}
	bool cmyk = c->jpeg_color_space == JCS_CMYK || c->jpeg_color_space == JCS_YCCK;
	c->out_color_space = cmyk ? JCS_CMYK : NATIVE_LE ? JCS_EXT_BGRA : JCS_EXT_ARGB;
	/* libjpeg-turbo scales by M/8 inside its inverse DCT, almost for
	 * free: the smallest M still at least as large as what is shown. */
	int ww, wh;
	stored_want(j->t, &ww, &wh);
	unsigned m = 1;
	while (m < 8 && ((uint64_t)c->image_width * m + 7) / 8 < (uint64_t)ww)
		m++;
	while (m < 8 && ((uint64_t)c->image_height * m + 7) / 8 < (uint64_t)wh)
		m++;
	c->scale_num = m;
	c->scale_denom = 8;
	jpeg_calc_output_dimensions(c);
	if (!sink_begin(&j->k, j->t, (int)c->output_width, (int)c->output_height, false) ||
	    !(j->row = malloc((size_t)c->output_width * 4))) {
		j->st = PICDECODE_MEMORY;
		return;
	}
	jpeg_start_decompress(c);
	if (c->output_components != 4) {
		j->st = PICDECODE_DAMAGED;
		return;
	}
	while (c->output_scanline < c->output_height) {
		JSAMPROW r = j->row;
		if (jpeg_read_scanlines(c, &r, 1) != 1)
			break;
		if (cmyk)
			cmyk_to_argb(j->row, (int)c->output_width, c->saw_Adobe_marker);
		sink_row(&j->k, (const uint32_t *)(const void *)j->row);
	}
	/* To the end-of-image marker: a file cut short says so here. */
	jpeg_finish_decompress(c);
	j->opaque = true;
	j->st = !j->src.eof && sink_finish(&j->k) ? PICDECODE_OK : PICDECODE_DAMAGED;
}

static PicdecodeStatus jpeg_decode(In *in, const PkgImageInfo *info, const Target *t, bool *opaque)
{
	JpegJob *j = calloc(1, sizeof *j);
	if (!j)
		return PICDECODE_MEMORY;
	j->info = info;
	j->t = t;
	j->st = PICDECODE_DAMAGED;
	j->src = (JpegSrc){.in = in};
	j->src.pub.init_source = jpeg_src_init;
	j->src.pub.fill_input_buffer = jpeg_src_fill;
	j->src.pub.skip_input_data = jpeg_src_skip;
	j->src.pub.resync_to_restart = jpeg_resync_to_restart;
	j->src.pub.term_source = jpeg_src_term;
	j->c.err = jpeg_std_error(&j->err.pub);
	j->err.pub.error_exit = jpeg_fail;
	/* Warnings (extraneous bytes, a premature end that eof catches) are
	 * not printed: the kiosk's log is for its own words. */
	j->err.pub.output_message = jpeg_quiet;
	/* jpeg_fail finds the job through the decompress struct, its first
	 * member. */
	if (setjmp(j->err.jump) == 0)
		jpeg_run(j);
	jpeg_destroy_decompress(&j->c);
	sink_free(&j->k);
	free(j->row);
	PicdecodeStatus st = j->st;
	if (opaque)
		*opaque = j->opaque;
	free(j);
	return st;
}

/* ---- PNG ----------------------------------------------------------------- */

typedef struct {
	png_structp png;
	png_infop pinfo;
	In *in;
	const PkgImageInfo *info;
	const Target *t;
	Sink k;
	uint32_t *row, *whole;
	bool opaque, memory;
	PicdecodeStatus st;
} PngJob;

static void png_read_in(png_structp png, png_bytep data, size_t n)
{
	PngJob *j = png_get_io_ptr(png);
	if (in_read(j->in, data, n) != n)
		png_error(png, "the file ends too early");
}

static void png_fail(png_structp png, png_const_charp msg)
{
	PngJob *j = png_get_error_ptr(png);
	if (msg && strstr(msg, "memory"))
		j->memory = true;
	png_longjmp(png, 1);
}

static void png_quiet(png_structp png, png_const_charp msg)
{
	(void)png, (void)msg;
}

static void png_run(PngJob *j)
{
	png_structp png = j->png;
	png_set_read_fn(png, j, png_read_in);
	png_set_chunk_malloc_max(png, PNG_CHUNK_MAX);
	/* Only the pixels matter: text, colour profiles and the like (which
	 * libpng would otherwise keep, any number of them) are skipped as
	 * they arrive. A negative count keeps IHDR, PLTE, tRNS, IDAT, IEND. */
	png_set_keep_unknown_chunks(png, PNG_HANDLE_CHUNK_NEVER, NULL, -1);
	png_read_info(png, j->pinfo);
	png_uint_32 w = png_get_image_width(png, j->pinfo), h = png_get_image_height(png, j->pinfo);
	if (w != j->info->w || h != j->info->h) {
		j->st = PICDECODE_MISMATCH;
		return;
	}
	int type = png_get_color_type(png, j->pinfo), depth = png_get_bit_depth(png, j->pinfo);
	bool trns = png_get_valid(png, j->pinfo, PNG_INFO_tRNS) != 0;
	bool alpha = (type & PNG_COLOR_MASK_ALPHA) || trns;
	/* Every kind of PNG to 8-bit B, G, R, A (ARGB8888 in memory). */
	if (depth == 16)
		png_set_scale_16(png);
	if (type == PNG_COLOR_TYPE_PALETTE)
		png_set_palette_to_rgb(png);
	if (type == PNG_COLOR_TYPE_GRAY && depth < 8)
		png_set_expand_gray_1_2_4_to_8(png);
	if (trns)
		png_set_tRNS_to_alpha(png);
	if (type == PNG_COLOR_TYPE_GRAY || type == PNG_COLOR_TYPE_GRAY_ALPHA)
		png_set_gray_to_rgb(png);
	if (!alpha)
		png_set_filler(png, 0xFF, NATIVE_LE ? PNG_FILLER_AFTER : PNG_FILLER_BEFORE);
	if (NATIVE_LE)
		png_set_bgr(png);
	else if (alpha)
		png_set_swap_alpha(png);
	int passes = png_set_interlace_handling(png);
	png_read_update_info(png, j->pinfo);
	if (png_get_rowbytes(png, j->pinfo) != (size_t)w * 4) {
		j->st = PICDECODE_DAMAGED;
		return;
	}
	if (!sink_begin(&j->k, j->t, (int)w, (int)h, alpha)) {
		j->st = PICDECODE_MEMORY;
		return;
	}
	if (passes == 1) {
		if (!(j->row = malloc((size_t)w * 4))) {
			j->st = PICDECODE_MEMORY;
			return;
		}
		for (png_uint_32 y = 0; y < h; y++) {
			png_read_row(png, (png_bytep)j->row, NULL);
			sink_row(&j->k, j->row);
		}
	} else {
		/* Adam7: each pass adds pixels all over the picture. The probe
		 * has held this within PKG_HOLD_MAX. */
		if (!(j->whole = malloc((size_t)w * h * 4))) {
			j->st = PICDECODE_MEMORY;
			return;
		}
		for (int p = 0; p < passes; p++)
			for (png_uint_32 y = 0; y < h; y++)
				png_read_row(png, (png_bytep)(j->whole + (size_t)y * w), NULL);
		for (png_uint_32 y = 0; y < h; y++)
			sink_row(&j->k, j->whole + (size_t)y * w);
	}
	/* The chunks after the pixels, to IEND, their checksums included. */
	png_read_end(png, NULL);
	j->opaque = !alpha;
	j->st = sink_finish(&j->k) ? PICDECODE_OK : PICDECODE_DAMAGED;
}

static PicdecodeStatus png_decode(In *in, const PkgImageInfo *info, const Target *t, bool *opaque)
{
	PngJob *j = calloc(1, sizeof *j);
	if (!j)
		return PICDECODE_MEMORY;
	j->in = in;
	j->info = info;
	j->t = t;
	j->st = PICDECODE_DAMAGED;
	j->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, j, png_fail, png_quiet);
	j->pinfo = j->png ? png_create_info_struct(j->png) : NULL;
	if (!j->pinfo)
		j->st = PICDECODE_MEMORY;
	else if (setjmp(png_jmpbuf(j->png)) == 0)
		png_run(j);
	else if (j->memory)
		j->st = PICDECODE_MEMORY;
	else if (j->st == PICDECODE_OK)
		j->st = PICDECODE_DAMAGED;
	if (j->png)
		png_destroy_read_struct(&j->png, j->pinfo ? &j->pinfo : NULL, NULL);
	sink_free(&j->k);
	free(j->row);
	free(j->whole);
	PicdecodeStatus st = j->st;
	if (opaque)
		*opaque = j->opaque;
	free(j);
	return st;
}

/* ---- WebP ---------------------------------------------------------------- */

/* A frame of fw x fh at (fx, fy) on a cw x ch canvas, decoded at dw x dh
 * for the whole canvas: the canvas rows, transparent around the frame,
 * into the sink. */
static PicdecodeStatus webp_frame(const uint8_t *bits, size_t n, int cw, int ch, int fx, int fy,
                                  int fw, int fh, bool alpha, const Target *t, bool *opaque)
{
	int ww, wh;
	stored_want(t, &ww, &wh);
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
	if (row && sink_begin(&k, t, dw, dh, clear)) {
		const uint8_t *px = cfg.output.u.RGBA.rgba;
		int stride = cfg.output.u.RGBA.stride;
		for (int y = 0; y < dh; y++) {
			memset(row, 0, (size_t)dw * 4);
			if (y >= y0 && y < y0 + sfh)
				memcpy(row + x0, px + (size_t)(y - y0) * (size_t)stride,
				       (size_t)sfw * 4);
			sink_row(&k, row);
		}
		st = sink_finish(&k) ? PICDECODE_OK : PICDECODE_DAMAGED;
		if (opaque)
			*opaque = !clear;
	}
	sink_free(&k);
	free(row);
	WebPFreeDecBuffer(&cfg.output);
	return st;
}

static PicdecodeStatus webp_decode(In *in, uint64_t size, const PkgImageInfo *info, const Target *t,
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
	if (in_read(in, data, (size_t)size) != size ||
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

/* ---- GIF ----------------------------------------------------------------- */

static int gif_read(GifFileType *g, GifByteType *p, int n)
{
	return n > 0 ? (int)in_read(g->UserData, p, (size_t)n) : 0;
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
	if (!row || !idx || !sink_begin(&k, t, sw, sh, clear))
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
		sink_row(&k, row);
	}
	if (sink_finish(&k)) {
		st = PICDECODE_OK;
		if (opaque)
			*opaque = !clear;
	}
done:
	sink_free(&k);
	free(row);
	free(idx);
	return st;
}

static PicdecodeStatus gif_decode(In *in, const PkgImageInfo *info, const Target *t, bool *opaque)
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

/* ---- the one entry ------------------------------------------------------- */

PicdecodeStatus picdecode_fd(int fd, uint64_t size, const PkgImageInfo *info, uint32_t *dst,
                             int pitch, int w, int h, bool *opaque)
{
	if (fd < 0 || !info || (dst && (w < 1 || h < 1 || pitch < w * 4 || pitch % 4)))
		return PICDECODE_DAMAGED;
	unsigned orient = info->orientation >= 1 && info->orientation <= 8 ? info->orientation : 1;
	Target t = {dst, pitch, w, h, orient};
	In in = {.fd = fd, .buf = malloc(IN_BYTES)};
	if (!in.buf)
		return PICDECODE_MEMORY;
	bool held = info->hold != PKG_HOLD_NONE;
	if (held)
		pthread_mutex_lock(&hold_lock);
	PicdecodeStatus st;
	switch (info->format) {
	case PKG_IMG_JPEG:
		st = jpeg_decode(&in, info, &t, opaque);
		break;
	case PKG_IMG_PNG:
		st = png_decode(&in, info, &t, opaque);
		break;
	case PKG_IMG_WEBP:
		st = webp_decode(&in, size, info, &t, opaque);
		break;
	case PKG_IMG_GIF:
		st = gif_decode(&in, info, &t, opaque);
		break;
	default:
		st = PICDECODE_DAMAGED;
		break;
	}
	if (held)
		pthread_mutex_unlock(&hold_lock);
	if (st != PICDECODE_OK && in.failed)
		st = PICDECODE_UNREADABLE;
	free(in.buf);
	return st;
}
