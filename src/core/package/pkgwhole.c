/* pkgwhole: whether a picture file is all there: a PNG's chunks reach
 * IEND, a JPEG's scans reach the end-of-image marker, a WebP's RIFF size
 * fits, a GIF's blocks reach its trailer. Decoders fill in a cut-off JPEG
 * with grey, so this is what catches a file copied only in part. Reads
 * through pkgread.h's Src, a window at a time when the file is not in
 * memory.
 */
#include "core/package/pkg.h"

#include <stdlib.h>
#include <string.h>

#include "core/package/pkgread.h"

static const char WHY_INCOMPLETE[] = N_("the picture is incomplete (the file ends too early)");
static const char WHY_DAMAGED[] = N_("the picture is damaged");

/* Says why the picture is not whole; -1. */
static int incomplete(PkgWhy *why)
{
	pkg_why_phrase(why, WHY_INCOMPLETE);
	return -1;
}

static int damaged(PkgWhy *why)
{
	pkg_why_phrase(why, WHY_DAMAGED);
	return -1;
}

static int png_complete(Src *s, PkgWhy *why)
{
	uint64_t i = 8;
	const unsigned char *c;
	while ((c = pkgread_at(s, i, 8))) {
		uint32_t len = be32(c);
		if (len > 0x7FFFFFFFu)
			return damaged(why);
		if (i + 12 + len > s->size)
			break;
		if (memcmp(c + 4, "IEND", 4) == 0)
			return 0;
		i += 12 + (uint64_t)len;
	}
	return incomplete(why);
}

/* Follows the marker segments to the first scan, then the entropy-coded
 * data (where 0xFF is followed by 0x00 or a restart marker) through any
 * further tables and scans of a progressive file, to the end-of-image
 * marker. An EXIF thumbnail's own end marker sits inside an APP1 segment,
 * which is skipped by its length, so it is never taken for the real one. */
static int jpeg_complete(Src *s, PkgWhy *why)
{
	uint64_t i = 2;
	bool in_scan = false;
	while (i + 1 < s->size) {
		if (in_scan) {
			size_t avail;
			const unsigned char *p = pkgread_span(s, i, &avail);
			if (!p)
				break;
			const unsigned char *ff = memchr(p, 0xFF, avail);
			if (!ff) {
				i += avail;
				continue;
			}
			i += (uint64_t)(ff - p);
			const unsigned char *m = pkgread_at(s, i, 2);
			if (!m)
				break;
			unsigned mk = m[1];
			if (mk == 0x00 || mk == 0xFF || (mk >= 0xD0 && mk <= 0xD7)) {
				i += mk == 0xFF ? 1 : 2;
				continue;
			}
			in_scan = false;
			continue;
		}
		const unsigned char *m = pkgread_at(s, i, 2);
		if (!m)
			break;
		if (m[0] == 0xFF && m[1] == 0xFF) {
			i++;
			continue;
		}
		if (m[0] != 0xFF)
			return damaged(why);
		unsigned mk = m[1];
		if (mk == 0xD9)
			return 0;
		if (mk == 0x01 || (mk >= 0xD0 && mk <= 0xD8)) {
			i += 2;
			continue;
		}
		const unsigned char *l = pkgread_at(s, i + 2, 2);
		if (!l)
			break;
		size_t seg = be16(l);
		if (seg < 2)
			return damaged(why);
		i += 2 + seg;
		if (mk == 0xDA)
			in_scan = true;
	}
	return incomplete(why);
}

/* Follows the blocks (extensions, frames and their sub-blocks) to the
 * trailer. Some encoders leave the trailer out: a file that ends cleanly
 * between blocks after a whole frame counts as complete, one that ends
 * inside a block does not. */
static int gif_complete(Src *s, PkgWhy *why)
{
	const unsigned char *b = pkgread_at(s, 0, 13);
	if (!b)
		return incomplete(why);
	uint64_t i = 13 + (b[10] & 0x80 ? 3u << ((b[10] & 7) + 1) : 0);
	bool frame = false;
	for (;;) {
		const unsigned char *t = pkgread_at(s, i, 1);
		if (!t) {
			if (frame && i == s->size)
				return 0;
			break;
		}
		if (t[0] == 0x3B)
			return 0;
		if (t[0] == 0x21) {
			i += 2;
		} else if (t[0] == 0x2C) {
			const unsigned char *d = pkgread_at(s, i, 10);
			if (!d)
				break;
			/* The descriptor, a local colour table, the LZW code size. */
			i += 10 + (d[9] & 0x80 ? 3u << ((d[9] & 7) + 1) : 0) + 1;
			frame = true;
		} else
			return damaged(why);
		bool ended = false;
		for (;;) {
			const unsigned char *l = pkgread_at(s, i, 1);
			if (!l)
				break;
			i += 1 + (uint64_t)l[0];
			if (l[0] == 0) {
				ended = true;
				break;
			}
		}
		if (!ended)
			break;
	}
	return incomplete(why);
}

static int webp_complete(Src *s, PkgWhy *why)
{
	const unsigned char *b = pkgread_at(s, 0, 12);
	if (!b)
		return incomplete(why);
	uint32_t riff = le32(b + 4);
	if (riff < 4)
		return damaged(why);
	if ((uint64_t)riff + 8 > s->size)
		return incomplete(why);
	return 0;
}

static int complete(Src *s, PkgImageFormat fmt, PkgWhy *why)
{
	switch (fmt) {
	case PKG_IMG_PNG:
		return png_complete(s, why);
	case PKG_IMG_JPEG:
		return jpeg_complete(s, why);
	case PKG_IMG_WEBP:
		return webp_complete(s, why);
	case PKG_IMG_GIF:
		return gif_complete(s, why);
	default:
		return damaged(why);
	}
}

int pkg_image_complete(const unsigned char *buf, size_t n, PkgImageFormat fmt, PkgWhy *why)
{
	Src s = pkgread_mem(buf, n, false);
	return complete(&s, fmt, why);
}

int pkg_image_complete_file(PkgReadAt read_at, void *ctx, uint64_t size, PkgImageFormat fmt,
                            PkgWhy *why)
{
	Src s = {.read_at = read_at, .ctx = ctx, .size = size};
	int rc = complete(&s, fmt, why);
	if (rc != 0 && s.failed)
		pkg_why_say(why, N_("the file cannot be read"));
	free(s.win);
	return rc;
}
