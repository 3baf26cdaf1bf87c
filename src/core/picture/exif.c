/* exif: Orientation from an APP1 payload, and the eight turns.
 *
 * Hand-written rather than libexif: the kiosk needs one SHORT from the
 * first IFD. This reader looks at the TIFF header and IFD0's entry table
 * and nothing else (no offsets followed, no other IFDs, no maker notes,
 * no thumbnails), every read bounded by n, no allocation: it runs on a
 * stick's bytes before anything is sandboxed (the picture probe), where
 * a library that parses every directory of a hostile file is more code
 * than the one number is worth.
 */
#include "core/picture/exif.h"

#include <stdint.h>
#include <string.h>

#define TAG_ORIENTATION 0x0112
#define TYPE_SHORT 3
#define TYPE_LONG 4

static unsigned get16(const unsigned char *p, bool big)
{
	return big ? (unsigned)p[0] << 8 | p[1] : (unsigned)p[1] << 8 | p[0];
}

static uint32_t get32(const unsigned char *p, bool big)
{
	return big ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]
	           : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

unsigned exif_orientation(const unsigned char *p, size_t n)
{
	if (!p || n < 6 || memcmp(p, "Exif\0\0", 6) != 0)
		return 0;
	/* Offsets inside count from the TIFF header. */
	const unsigned char *t = p + 6;
	size_t tn = n - 6;
	if (tn < 8)
		return EXIF_UPRIGHT;
	bool big;
	if (t[0] == 'I' && t[1] == 'I')
		big = false;
	else if (t[0] == 'M' && t[1] == 'M')
		big = true;
	else
		return EXIF_UPRIGHT;
	if (get16(t + 2, big) != 42)
		return EXIF_UPRIGHT;
	uint32_t ifd = get32(t + 4, big);
	if (ifd < 8 || ifd > tn || tn - ifd < 2)
		return EXIF_UPRIGHT;
	size_t count = get16(t + ifd, big);
	size_t room = (tn - ifd - 2) / 12;
	if (count > room)
		count = room;
	for (size_t i = 0; i < count; i++) {
		const unsigned char *e = t + ifd + 2 + 12 * i;
		if (get16(e, big) != TAG_ORIENTATION)
			continue;
		unsigned type = get16(e + 2, big);
		uint32_t values = get32(e + 4, big);
		unsigned v = 0;
		/* The value fits the entry itself. SHORT is the standard's type;
		 * a few writers use LONG. */
		if (values >= 1 && type == TYPE_SHORT) {
			v = get16(e + 8, big);
		} else if (values >= 1 && type == TYPE_LONG) {
			uint32_t l = get32(e + 8, big);
			v = l <= 8 ? (unsigned)l : 0;
		}
		return v >= 1 && v <= 8 ? v : EXIF_UPRIGHT;
	}
	return EXIF_UPRIGHT;
}

bool exif_swaps(unsigned o)
{
	return o >= EXIF_TRANSPOSE && o <= EXIF_ROTATE_270;
}

void exif_shown_size(unsigned o, unsigned w, unsigned h, unsigned *sw, unsigned *sh)
{
	*sw = exif_swaps(o) ? h : w;
	*sh = exif_swaps(o) ? w : h;
}

void exif_map(unsigned o, int w, int h, int x, int y, int *sx, int *sy)
{
	switch (o) {
	case EXIF_MIRROR:
		*sx = w - 1 - x, *sy = y;
		break;
	case EXIF_ROTATE_180:
		*sx = w - 1 - x, *sy = h - 1 - y;
		break;
	case EXIF_FLIP:
		*sx = x, *sy = h - 1 - y;
		break;
	case EXIF_TRANSPOSE:
		*sx = y, *sy = x;
		break;
	case EXIF_ROTATE_90:
		*sx = h - 1 - y, *sy = x;
		break;
	case EXIF_TRANSVERSE:
		*sx = h - 1 - y, *sy = w - 1 - x;
		break;
	case EXIF_ROTATE_270:
		*sx = y, *sy = w - 1 - x;
		break;
	default:
		*sx = x, *sy = y;
		break;
	}
}
