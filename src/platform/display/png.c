#include "platform/display/png.h"

#include <errno.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	FILE *f;
	unsigned char *row;
} PngOut;

/* libpng reports errors by longjmp; everything it owns is released by
 * png_destroy_write_struct, what we own by the caller below. */
static int write_rows(png_structp png, png_infop info, SDL_Surface *s, PngOut *o)
{
	if (setjmp(png_jmpbuf(png)))
		return -1;
	png_init_io(png, o->f);
	png_set_IHDR(png, info, (png_uint_32)s->w, (png_uint_32)s->h, 8, PNG_COLOR_TYPE_RGB,
	             PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_set_compression_level(png, 1);
	png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_SUB);
	png_write_info(png, info);
	for (int y = 0; y < s->h; y++) {
		const Uint32 *src =
		    (const Uint32 *)((const Uint8 *)s->pixels + (size_t)y * s->pitch);
		for (int x = 0; x < s->w; x++) {
			Uint32 p = src[x];
			o->row[3 * x] = (unsigned char)(p >> 16);
			o->row[3 * x + 1] = (unsigned char)(p >> 8);
			o->row[3 * x + 2] = (unsigned char)p;
		}
		png_write_row(png, o->row);
	}
	png_write_end(png, NULL);
	return 0;
}

int png_save(SDL_Surface *s, const char *path, char *err, size_t errlen)
{
	if (!s || s->format->format != SDL_PIXELFORMAT_ARGB8888 || s->w <= 0 || s->h <= 0) {
		snprintf(err, errlen, "not a screen surface");
		return -1;
	}
	PngOut o = {fopen(path, "wb"), malloc((size_t)s->w * 3)};
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	png_infop info = png ? png_create_info_struct(png) : NULL;
	int rc = -1;
	if (!o.f) {
		snprintf(err, errlen, "%s", strerror(errno));
		goto out;
	}
	if (!o.row || !png || !info) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if (SDL_LockSurface(s) != 0) {
		snprintf(err, errlen, "%s", SDL_GetError());
		goto out;
	}
	rc = write_rows(png, info, s, &o);
	SDL_UnlockSurface(s);
	if (rc != 0)
		snprintf(err, errlen, "the picture could not be encoded");
out:
	if (png)
		png_destroy_write_struct(&png, info ? &info : NULL);
	if (o.f && fclose(o.f) != 0 && rc == 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		rc = -1;
	}
	free(o.row);
	return rc;
}
