/* exif: the one EXIF tag the kiosk needs, a photo's Orientation, and the
 * geometry of its eight values.
 *
 * A phone stores the sensor's pixels as they came and says in the tag how
 * to turn them: 6 (turn a quarter clockwise) for a portrait photo, 3 for
 * one taken upside down, 2, 4, 5 and 7 for mirrored ones. The kiosk turns
 * the pixels once, while decoding, so everything after (layout, the
 * cache, the screen) sees an upright picture.
 *
 * Pure C: bytes in, a number out. No files, no SDL, no allocation.
 */
#ifndef KIOSK_EXIF_H
#define KIOSK_EXIF_H

#include <stdbool.h>
#include <stddef.h>

/* Values of the tag, as TIFF 6.0 names them by where row 0 and column 0
 * of the stored pixels belong on the shown picture. */
enum {
	EXIF_UPRIGHT = 1,    /* top-left: shown as stored */
	EXIF_MIRROR = 2,     /* top-right: mirrored left to right */
	EXIF_ROTATE_180 = 3, /* bottom-right */
	EXIF_FLIP = 4,       /* bottom-left: mirrored top to bottom */
	EXIF_TRANSPOSE = 5,  /* left-top: mirrored about the main diagonal */
	EXIF_ROTATE_90 = 6,  /* right-top: turned a quarter clockwise to show */
	EXIF_TRANSVERSE = 7, /* right-bottom */
	EXIF_ROTATE_270 = 8, /* left-bottom: turned a quarter anticlockwise */
};

/* The Orientation of a JPEG APP1 segment's payload (the bytes after the
 * segment length, n of them): 0 when the segment is not EXIF (XMP also
 * lives in APP1), else 1-8. An EXIF block whose tag is missing, damaged
 * or out of range gives 1: the photo then shows as stored, as it did
 * before anyone read the tag. */
unsigned exif_orientation(const unsigned char *p, size_t n);

/* Whether orientation o shows a w x h picture as h x w (5-8). */
bool exif_swaps(unsigned o);

/* The shown size of a w x h stored picture. */
void exif_shown_size(unsigned o, unsigned w, unsigned h, unsigned *sw, unsigned *sh);

/* Where stored pixel (x, y) of a w x h picture lands on the shown one.
 * Any o outside 1-8 counts as 1. */
void exif_map(unsigned o, int w, int h, int x, int y, int *sx, int *sy);

#endif
