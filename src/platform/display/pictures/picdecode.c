/* picdecode: the file read as the decoders need it, where their rows go
 * (one Sink that shrinks them with core/picture/shrink.h and writes them
 * turned upright into the caller's pixels), and the one entry, which picks
 * the decoder by the probed format: picjpeg.c, picpng.c, picwebp.c,
 * picgif.c. What they share is picread.h.
 */
#include "platform/display/pictures/picdecode.h"

#include <SDL.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/picture/exif.h"
#include "platform/display/pictures/picread.h"

/* Pictures that hold their whole self while decoding (PkgHold) decode one
 * at a time in the process: the display thread and the warming thread
 * never hold two. */
static pthread_mutex_t hold_lock = PTHREAD_MUTEX_INITIALIZER;

/* ---- reading the file ---------------------------------------------------- */

bool picread_fill(In *in)
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
size_t picread_bytes(In *in, unsigned char *p, size_t n)
{
	size_t got = 0;
	while (got < n) {
		if (in->pos == in->len && !picread_fill(in))
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

bool picread_sink_begin(Sink *k, const Target *t, int sw, int sh, bool alpha)
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

void picread_sink_row(Sink *k, const uint32_t *row)
{
	k->rows++;
	if (k->shrink)
		shrink_push(k->shrink, row);
}

/* Whether every row came, with mid stretched into dst. */
bool picread_sink_finish(Sink *k)
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

void picread_sink_free(Sink *k)
{
	shrink_free(k->shrink);
	free(k->mid);
	k->shrink = NULL;
	k->mid = NULL;
}

/* The stored size to decode at: at least the shown size turned back to
 * the stored orientation, or the smallest the format allows when only
 * checking (1 x 1). */
void picread_want(const Target *t, int *w, int *h)
{
	if (!t->dst) {
		*w = *h = 1;
		return;
	}
	bool swaps = exif_swaps(t->orient);
	*w = swaps ? t->h : t->w;
	*h = swaps ? t->w : t->h;
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
		st = picdecode_jpeg(&in, info, &t, opaque);
		break;
	case PKG_IMG_PNG:
		st = picdecode_png(&in, info, &t, opaque);
		break;
	case PKG_IMG_WEBP:
		st = picdecode_webp(&in, size, info, &t, opaque);
		break;
	case PKG_IMG_GIF:
		st = picdecode_gif(&in, info, &t, opaque);
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
