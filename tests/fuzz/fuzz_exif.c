/* Fuzz target: the EXIF Orientation reader, on its own and as a phone's
 * JPEG carries it (an APP1 segment before the frame header), through the
 * picture probe that reads it from a stick before anything is decoded. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/picture/exif.h"
#include "core/package/pkg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const unsigned char TAIL[] = {
    /* A 4:2:0 frame header of 64 x 48, and one scan of all three. */
    0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 0x30, 0x00, 0x40, 0x03, 0x01, 0x22, 0x00,
    0x02, 0x11, 0x01, 0x03, 0x11, 0x01, 0xFF, 0xDA, 0x00, 0x0C, 0x03, 0x01, 0x00,
    0x02, 0x11, 0x03, 0x11, 0x00, 0x3F, 0x00, 0x12, 0x34, 0xFF, 0xD9};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned o = exif_orientation(data, size);
	if (o > 8)
		abort();
	/* The same bytes as a JPEG's APP1 (cut to what a segment holds). */
	size_t n = size > 65533 ? 65533 : size;
	unsigned char *jpeg = malloc(4 + n + sizeof(TAIL) + 2);
	if (!jpeg)
		return 0;
	memcpy(jpeg, "\xFF\xD8\xFF\xE1", 4);
	jpeg[4] = (unsigned char)((n + 2) >> 8);
	jpeg[5] = (unsigned char)(n + 2);
	memcpy(jpeg + 6, data, n);
	memcpy(jpeg + 6 + n, TAIL, sizeof(TAIL));
	PkgImageInfo info;
	PkgWhy why;
	if (pkg_image_probe(jpeg, 6 + n + sizeof(TAIL), true, &info, &why) == 0) {
		unsigned want = exif_orientation(data, n);
		if (info.orientation != (want ? want : 1))
			abort();
		uint32_t w, h;
		pkg_image_shown_size(&info, &w, &h);
		if (w * h != 64 * 48)
			abort();
		int x, y;
		exif_map(info.orientation, 64, 48, 63, 47, &x, &y);
		if (x < 0 || y < 0 || (uint32_t)x >= w || (uint32_t)y >= h)
			abort();
	}
	free(jpeg);
	return 0;
}
