/* picjpeg: a JPEG decoded through libjpeg-turbo at the smallest DCT scale
 * at least as large as the shown size; CMYK and YCCK (inverted by Adobe's
 * convention) converted to RGB. libjpeg reports errors by longjmp: it
 * runs in a function of its own (jpeg_run) with every piece of state in a
 * JpegJob the caller cleans up, so nothing a jump skips is lost.
 */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
/* jpeglib.h needs stdio.h (FILE) first. */
#include <jerror.h>
#include <jpeglib.h>

#include "platform/display/pictures/picread.h"

/* libjpeg's own tables and row buffers, beyond the whole-picture arrays
 * that PKG_HOLD_MAX bounds: its allocator refuses past the sum. */
#define JPEG_OWN (4l * 1024 * 1024)

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
	if (!picread_fill(s->in)) {
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
	picread_want(j->t, &ww, &wh);
	unsigned m = 1;
	while (m < 8 && ((uint64_t)c->image_width * m + 7) / 8 < (uint64_t)ww)
		m++;
	while (m < 8 && ((uint64_t)c->image_height * m + 7) / 8 < (uint64_t)wh)
		m++;
	c->scale_num = m;
	c->scale_denom = 8;
	jpeg_calc_output_dimensions(c);
	if (!picread_sink_begin(&j->k, j->t, (int)c->output_width, (int)c->output_height, false) ||
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
		picread_sink_row(&j->k, (const uint32_t *)(const void *)j->row);
	}
	/* To the end-of-image marker: a file cut short says so here. */
	jpeg_finish_decompress(c);
	j->opaque = true;
	j->st = !j->src.eof && picread_sink_finish(&j->k) ? PICDECODE_OK : PICDECODE_DAMAGED;
}

PicdecodeStatus picdecode_jpeg(In *in, const PkgImageInfo *info, const Target *t, bool *opaque)
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
	picread_sink_free(&j->k);
	free(j->row);
	PicdecodeStatus st = j->st;
	if (opaque)
		*opaque = j->opaque;
	free(j);
	return st;
}
