/* picread: what picdecode's decoders share: the file, read as they need
 * it (In: IN_BYTES at a time from a descriptor), and where their rows go
 * (Sink: shrunk to the shown size and written turned upright into the
 * caller's pixels, Target). Each decoder (picjpeg.c, picpng.c, picwebp.c,
 * picgif.c) takes an In and a Target and feeds one Sink; picdecode.c
 * picks the decoder. Internal to the decoders: nothing else includes it.
 *
 * An In's buffer belongs to picdecode_fd; a Sink owns its shrinker and
 * its middle buffer until picread_sink_free.
 */
#ifndef KIOSK_PICREAD_H
#define KIOSK_PICREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/picture/shrink.h"
#include "platform/display/pictures/picdecode.h"

/* What is read from the file at a time. */
#define IN_BYTES (64 * 1024)
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/* ARGB8888 in a uint32_t is B, G, R, A in memory. */
#define NATIVE_LE 1
#else
#define NATIVE_LE 0
#endif

typedef struct {
	int fd;
	uint64_t off; /* of the next read */
	unsigned char *buf;
	size_t len, pos;
	bool eof, failed;
} In;

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

/* Reads the next IN_BYTES of the file into in->buf: false at its end or
 * when a read fails (in->eof, in->failed). */
bool picread_fill(In *in);
/* Up to n bytes into p: fewer only at the end of the file. */
size_t picread_bytes(In *in, unsigned char *p, size_t n);

/* Starts a sink for rows of a sw x sh picture as stored; alpha: rows may
 * be transparent. false when out of memory. */
bool picread_sink_begin(Sink *k, const Target *t, int sw, int sh, bool alpha);
void picread_sink_row(Sink *k, const uint32_t *row);
/* Whether every row came, with the middle buffer stretched into dst. */
bool picread_sink_finish(Sink *k);
void picread_sink_free(Sink *k);
/* The stored size to decode at: at least the shown size turned back to
 * the stored orientation, or the smallest the format allows when only
 * checking (1 x 1). */
void picread_want(const Target *t, int *w, int *h);

/* The decoders: one picture of its format from in to t. */
PicdecodeStatus picdecode_jpeg(In *in, const PkgImageInfo *info, const Target *t, bool *opaque);
PicdecodeStatus picdecode_png(In *in, const PkgImageInfo *info, const Target *t, bool *opaque);
PicdecodeStatus picdecode_webp(In *in, uint64_t size, const PkgImageInfo *info, const Target *t,
                               bool *opaque);
PicdecodeStatus picdecode_gif(In *in, const PkgImageInfo *info, const Target *t, bool *opaque);

#endif
