/* picpng: a PNG decoded through libpng row by row (an interlaced one
 * whole, within PKG_HOLD_MAX), with no chunk inflated past PNG_CHUNK_MAX.
 * libpng reports errors by longjmp: it runs in a function of its own
 * (png_run) with every piece of state in a PngJob the caller cleans up,
 * so nothing a jump skips is lost.
 */
#include <png.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "platform/display/pictures/picread.h"

/* No PNG chunk is inflated past this (ancillary ones are skipped
 * unread anyway): a stick's compressed-text bomb costs nothing. */
#define PNG_CHUNK_MAX (4 * 1024 * 1024)

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
	if (picread_bytes(j->in, data, n) != n)
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
	if (!picread_sink_begin(&j->k, j->t, (int)w, (int)h, alpha)) {
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
			picread_sink_row(&j->k, j->row);
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
			picread_sink_row(&j->k, j->whole + (size_t)y * w);
	}
	/* The chunks after the pixels, to IEND, their checksums included. */
	png_read_end(png, NULL);
	j->opaque = !alpha;
	j->st = picread_sink_finish(&j->k) ? PICDECODE_OK : PICDECODE_DAMAGED;
}

PicdecodeStatus picdecode_png(In *in, const PkgImageInfo *info, const Target *t, bool *opaque)
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
	picread_sink_free(&j->k);
	free(j->row);
	free(j->whole);
	PicdecodeStatus st = j->st;
	if (opaque)
		*opaque = j->opaque;
	free(j);
	return st;
}
