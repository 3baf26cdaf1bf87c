/* pkgimage: what a picture is, from its first bytes: its format from the
 * magic bytes alone (and what a file without them is: "a HEIC photo",
 * "the file is text", ...), its size and orientation, and what its
 * decoder must hold at once (PkgImageInfo); then whether it fits the
 * limits, before anything is decoded. Reads a picture through pkgread.h's
 * Src, a window at a time when the file is not in memory.
 */
#include "core/package/pkg.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/document/model/utf8.h"
#include "core/picture/exif.h"
#include "core/package/pkgread.h"

static const char WHY_DAMAGED_HEADER[] = N_("the picture's header is damaged");

const unsigned char *pkgread_at(Src *s, uint64_t off, size_t n)
{
	if (off > s->size || n > s->size - off) {
		if (s->cut)
			s->beyond = true;
		return NULL;
	}
	if (s->mem)
		return s->mem + off;
	if (n > PKGREAD_WINDOW)
		return NULL;
	if (s->win && off >= s->base && off - s->base + n <= s->len)
		return s->win + (off - s->base);
	if (!s->win && !(s->win = malloc(PKGREAD_WINDOW))) {
		s->failed = true;
		return NULL;
	}
	size_t want = s->size - off < PKGREAD_WINDOW ? (size_t)(s->size - off) : PKGREAD_WINDOW;
	long got = s->read_at(s->ctx, off, s->win, want);
	if (got < 0 || (size_t)got < n) {
		s->len = 0;
		s->failed = true;
		return NULL;
	}
	s->base = off;
	s->len = (size_t)got;
	return s->win;
}

/* The bytes from off to the end of what is at hand (at least one), for
 * scanning: *avail says how many. NULL at the end of the file. */
const unsigned char *pkgread_span(Src *s, uint64_t off, size_t *avail)
{
	const unsigned char *p = pkgread_at(s, off, 1);
	if (!p)
		return NULL;
	if (s->mem) {
		uint64_t left = s->size - off;
		*avail = left > SIZE_MAX ? SIZE_MAX : (size_t)left;
	} else {
		*avail = s->len - (size_t)(off - s->base);
	}
	return p;
}

static long mem_read(void *ctx, uint64_t off, unsigned char *buf, size_t n)
{
	(void)ctx, (void)off, (void)buf, (void)n;
	return -1;
}

Src pkgread_mem(const unsigned char *buf, size_t n, bool cut)
{
	return (Src){.mem = buf, .read_at = mem_read, .size = buf ? n : 0, .cut = cut};
}

static PkgImageFormat sniff(const unsigned char *b, size_t n)
{
	static const unsigned char png[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
	if (n >= 8 && memcmp(b, png, 8) == 0)
		return PKG_IMG_PNG;
	if (n >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF)
		return PKG_IMG_JPEG;
	if (n >= 12 && memcmp(b, "RIFF", 4) == 0 && memcmp(b + 8, "WEBP", 4) == 0)
		return PKG_IMG_WEBP;
	if (n >= 6 && (memcmp(b, "GIF87a", 6) == 0 || memcmp(b, "GIF89a", 6) == 0))
		return PKG_IMG_GIF;
	return PKG_IMG_NONE;
}

static bool has_fold(const unsigned char *b, size_t n, const char *needle)
{
	size_t m = strlen(needle);
	for (size_t i = 0; i + m <= n; i++) {
		size_t k = 0;
		while (k < m && ascii_lower((char)b[i + k]) == needle[k])
			k++;
		if (k == m)
			return true;
	}
	return false;
}

/* Text as an editor saves it: UTF-8 (a cut-off last character allowed,
 * since only the start of the file may be here), or UTF-16 with its mark. */
static bool looks_like_text(const unsigned char *b, size_t n, bool whole_file)
{
	if (n >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF)))
		return true;
	size_t m = n < 4096 ? n : 4096;
	size_t bad;
	if (!utf8_valid((const char *)b, m, &bad)) {
		/* A character cut by the end of what was looked at is still
		 * text; a bad one before that is not. */
		bool cut = m < n || !whole_file;
		if (!cut || bad + 3 < m)
			return false;
	}
	for (size_t i = 0; i < m; i++) {
		unsigned char c = b[i];
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f')
			return false;
	}
	return true;
}

/* Why a file without PNG, JPEG, WebP or GIF magic is not one: what it is,
 * as far as its first bytes tell. */
static void name_other(const unsigned char *b, size_t n, bool whole_file, PkgWhy *why)
{
	const char *what = N_("the file is not a PNG, JPEG, WebP or GIF picture");
	if (n >= 4 && (memcmp(b, "II*\0", 4) == 0 || memcmp(b, "MM\0*", 4) == 0))
		what = N_("a TIFF picture");
	else if (n >= 5 && memcmp(b, "%PDF-", 5) == 0)
		what = N_("a PDF document");
	else if (n >= 12 && memcmp(b + 4, "ftyp", 4) == 0 &&
	         (memcmp(b + 8, "heic", 4) == 0 || memcmp(b + 8, "heix", 4) == 0 ||
	          memcmp(b + 8, "mif1", 4) == 0 || memcmp(b + 8, "msf1", 4) == 0))
		what = N_("a HEIC photo");
	else if (n >= 12 && memcmp(b + 4, "ftyp", 4) == 0 && memcmp(b + 8, "avif", 4) == 0)
		what = N_("an AVIF picture");
	else if (n >= 4 && memcmp(b, "PK\3\4", 4) == 0)
		what = N_("a compressed (zip) file");
	else if (looks_like_text(b, n, whole_file))
		what = has_fold(b, n < 4096 ? n : 4096, "<svg") ? N_("an SVG drawing")
		                                                : N_("the file is text");
	else if (n >= 14 && b[0] == 'B' && b[1] == 'M')
		what = N_("a BMP picture");
	/* What Word keeps clip art and charts pasted from Excel in. */
	else if (n >= 44 && b[0] == 1 && b[1] == 0 && b[2] == 0 && b[3] == 0 &&
	         memcmp(b + 40, " EMF", 4) == 0)
		what = N_("a Windows drawing (EMF)");
	else if (n >= 4 && ((b[0] == 0xD7 && b[1] == 0xCD && b[2] == 0xC6 && b[3] == 0x9A) ||
	                    ((b[0] == 1 || b[0] == 2) && b[1] == 0 && b[2] == 9 && b[3] == 0)))
		what = N_("a Windows drawing (WMF)");
	pkg_why_phrase(why, what);
}

/* SOFn: C0-CF except DHT (C4), JPG (C8) and DAC (CC). */
static bool jpeg_is_frame(unsigned m)
{
	return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
}

/* What libjpeg keeps for a picture whose scans must all be read before
 * its first row comes out: 64 coefficients of 2 bytes for every block of
 * every component, rounded to whole MCUs. hv holds each component's
 * sampling factors (H << 4 | V). */
static uint64_t jpeg_coefficients(uint32_t w, uint32_t h, unsigned nc, const unsigned char *hv)
{
	unsigned hmax = 1, vmax = 1;
	for (unsigned c = 0; c < nc; c++) {
		hmax = (unsigned)(hv[c] >> 4) > hmax ? (unsigned)(hv[c] >> 4) : hmax;
		vmax = (unsigned)(hv[c] & 15) > vmax ? (unsigned)(hv[c] & 15) : vmax;
	}
	uint64_t mx = ((uint64_t)w + 8 * hmax - 1) / (8 * hmax);
	uint64_t my = ((uint64_t)h + 8 * vmax - 1) / (8 * vmax);
	uint64_t blocks = 0;
	for (unsigned c = 0; c < nc; c++)
		blocks += mx * (hv[c] >> 4) * my * (hv[c] & 15);
	return blocks * 128;
}

/* JPEG: the segments from the start to the first scan: the EXIF APP1 for
 * the orientation, the frame header (SOFn) for the size and components,
 * the first scan header for whether every component comes in one scan.
 * 0; 1 when the bytes end first; -1 when malformed. */
static int jpeg_probe(Src *s, PkgImageInfo *out)
{
	uint64_t i = 2;
	bool frame = false, progressive = false;
	unsigned orientation = 0, nc = 0;
	unsigned char hv[4];
	for (;;) {
		const unsigned char *m = pkgread_at(s, i, 2);
		if (!m)
			return 1;
		if (m[0] != 0xFF)
			return -1;
		/* Markers may be preceded by any number of 0xFF fill bytes. */
		if (m[1] == 0xFF) {
			i++;
			continue;
		}
		unsigned mk = m[1];
		if (mk == 0x01 || (mk >= 0xD0 && mk <= 0xD8)) {
			i += 2;
			continue;
		}
		/* The end before any scan, or a stray byte. */
		if (mk == 0xD9 || mk == 0x00)
			return -1;
		const unsigned char *l = pkgread_at(s, i + 2, 2);
		if (!l)
			return 1;
		size_t seg = be16(l);
		if (seg < 2)
			return -1;
		if (mk == 0xE1 && !orientation) {
			const unsigned char *p = pkgread_at(s, i + 4, seg - 2);
			if (!p)
				return 1;
			orientation = exif_orientation(p, seg - 2);
		} else if (jpeg_is_frame(mk) && !frame) {
			if (seg < 8)
				return -1;
			const unsigned char *f = pkgread_at(s, i + 4, seg - 2);
			if (!f)
				return 1;
			out->h = be16(f + 1);
			out->w = be16(f + 3);
			nc = f[5];
			/* Grey, colour or CMYK: 1 to 4 components, each sampled
			 * 1 to 4 times, as libjpeg accepts them. */
			if (nc == 0 || nc > 4 || seg < 8 + 3 * (size_t)nc)
				return -1;
			for (unsigned c = 0; c < nc; c++) {
				hv[c] = f[7 + 3 * c];
				if ((hv[c] >> 4) < 1 || (hv[c] >> 4) > 4 || (hv[c] & 15) < 1 ||
				    (hv[c] & 15) > 4)
					return -1;
			}
			progressive = (mk & 3) == 2;
			frame = true;
		} else if (mk == 0xDA) {
			if (!frame)
				return -1;
			const unsigned char *sc = pkgread_at(s, i + 4, 1);
			if (!sc)
				return 1;
			/* A progressive picture, or one whose components come in
			 * scans of their own, is whole only after its last scan. */
			if (progressive || sc[0] < nc) {
				out->hold = PKG_HOLD_JPEG_SCANS;
				out->hold_bytes = jpeg_coefficients(out->w, out->h, nc, hv);
			}
			out->orientation = orientation ? orientation : EXIF_UPRIGHT;
			return 0;
		}
		i += 2 + seg;
	}
}

static int png_probe(Src *s, PkgImageInfo *out)
{
	const unsigned char *b = pkgread_at(s, 0, 29);
	if (!b)
		return 1;
	if (be32(b + 8) != 13 || memcmp(b + 12, "IHDR", 4) != 0)
		return -1;
	out->w = be32(b + 16);
	out->h = be32(b + 20);
	if (b[28] == 1) {
		/* Adam7 rows come in seven passes over the whole picture. */
		out->hold = PKG_HOLD_PNG_INTERLACED;
		out->hold_bytes = (uint64_t)out->w * out->h * 4;
	}
	return 0;
}

/* A WebP bitstream chunk ("VP8 " or "VP8L") at off: its size. */
static int webp_bitstream(Src *s, uint64_t off, uint32_t *w, uint32_t *h, bool *lossless)
{
	const unsigned char *b = pkgread_at(s, off, 4);
	if (!b)
		return 1;
	*lossless = memcmp(b, "VP8L", 4) == 0;
	b = pkgread_at(s, off, *lossless ? 13 : 18);
	if (!b)
		return 1;
	if (*lossless) {
		if (b[8] != 0x2F)
			return -1;
		uint32_t bits = le32(b + 9);
		*w = (bits & 0x3FFF) + 1;
		*h = ((bits >> 14) & 0x3FFF) + 1;
	} else {
		/* Key frame start code, then 14-bit sizes (2 scale bits). */
		if (b[11] != 0x9D || b[12] != 0x01 || b[13] != 0x2A)
			return -1;
		*w = le16(b + 14) & 0x3FFF;
		*h = le16(b + 16) & 0x3FFF;
	}
	return 0;
}

/* WebP: a simple file's one bitstream, or an extended file's canvas and
 * the first picture in it (still, or the first frame of an animation),
 * for whether it is lossless or has an alpha plane. */
static int webp_probe(Src *s, PkgImageInfo *out)
{
	const unsigned char *b = pkgread_at(s, 0, 20);
	if (!b)
		return 1;
	uint32_t fw = 0, fh = 0;
	bool lossless = false, alpha = false;
	int rc;
	if (memcmp(b + 12, "VP8 ", 4) == 0 || memcmp(b + 12, "VP8L", 4) == 0) {
		rc = webp_bitstream(s, 12, &fw, &fh, &lossless);
		out->w = fw;
		out->h = fh;
	} else if (memcmp(b + 12, "VP8X", 4) == 0) {
		b = pkgread_at(s, 0, 30);
		if (!b)
			return 1;
		out->w = le24(b + 24) + 1;
		out->h = le24(b + 27) + 1;
		uint64_t end = s->size, i = 12 + 8 + (uint64_t)le32(b + 16);
		i += i & 1;
		rc = -1;
		/* Every chunk moves the walk on by at least 8 bytes. */
		for (;;) {
			const unsigned char *c = pkgread_at(s, i, 8);
			if (!c)
				return 1;
			uint64_t len = le32(c + 4), next = i + 8 + len + (len & 1);
			if (memcmp(c, "ALPH", 4) == 0) {
				alpha = true;
			} else if (memcmp(c, "VP8 ", 4) == 0 || memcmp(c, "VP8L", 4) == 0) {
				rc = webp_bitstream(s, i, &fw, &fh, &lossless);
				break;
			} else if (memcmp(c, "ANMF", 4) == 0) {
				/* The first frame: its place, size and duration, then
				 * its own chunks. */
				end = next;
				i += 8 + 16;
				continue;
			}
			if (end != s->size && next > end)
				return -1;
			i = next;
		}
		if (rc == 0 && (fw > out->w || fh > out->h))
			rc = -1;
	} else {
		return -1;
	}
	out->lossless = lossless;
	out->alpha = alpha || lossless;
	/* libwebp decodes from the whole file in memory, and a lossless
	 * frame (or a separate alpha plane) at full size before scaling. */
	out->hold = PKG_HOLD_WEBP;
	out->hold_bytes = s->size + (uint64_t)fw * fh * (lossless ? 4 : alpha ? 1 : 0);
	return rc;
}

/* GIF: the logical screen, and the first frame's place in it (after any
 * number of extension blocks), for whether it is interlaced. */
static int gif_probe(Src *s, PkgImageInfo *out)
{
	const unsigned char *b = pkgread_at(s, 0, 13);
	if (!b)
		return 1;
	out->w = le16(b + 6);
	out->h = le16(b + 8);
	uint64_t i = 13 + (b[10] & 0x80 ? 3u << ((b[10] & 7) + 1) : 0);
	for (;;) {
		const unsigned char *t = pkgread_at(s, i, 1);
		if (!t)
			return 1;
		if (t[0] == 0x21) {
			/* An extension: its label, then sub-blocks to an empty one. */
			i += 2;
			for (;;) {
				const unsigned char *l = pkgread_at(s, i, 1);
				if (!l)
					return 1;
				i += 1 + (uint64_t)l[0];
				if (l[0] == 0)
					break;
			}
		} else if (t[0] == 0x2C) {
			const unsigned char *d = pkgread_at(s, i, 10);
			if (!d)
				return 1;
			uint32_t x = le16(d + 1), y = le16(d + 3), fw = le16(d + 5),
			         fh = le16(d + 7);
			/* A frame outside the screen would be decoded for nothing. */
			if (fw == 0 || fh == 0 || x + fw > out->w || y + fh > out->h)
				return -1;
			if (d[9] & 0x40) {
				out->hold = PKG_HOLD_GIF_INTERLACED;
				out->hold_bytes = (uint64_t)fw * fh;
			}
			return 0;
		} else {
			return -1;
		}
	}
}

static int probe(Src *s, PkgImageInfo *out, PkgWhy *why)
{
	*out = (PkgImageInfo){.format = PKG_IMG_NONE};
	if (s->size == 0) {
		pkg_why_say(why, N_("the file is empty"));
		return -1;
	}
	size_t head = s->size < 4096 ? (size_t)s->size : 4096;
	const unsigned char *b = pkgread_at(s, 0, head);
	if (!b) {
		pkg_why_say(why, N_("the file cannot be read"));
		return -1;
	}
	PkgImageFormat fmt = sniff(b, head);
	if (fmt == PKG_IMG_NONE) {
		name_other(b, head, !s->cut && s->size == head, why);
		return -1;
	}
	PkgImageInfo info = {.format = fmt, .orientation = EXIF_UPRIGHT};
	int rc;
	switch (fmt) {
	case PKG_IMG_PNG:
		rc = png_probe(s, &info);
		break;
	case PKG_IMG_JPEG:
		rc = jpeg_probe(s, &info);
		break;
	case PKG_IMG_WEBP:
		rc = webp_probe(s, &info);
		break;
	default:
		rc = gif_probe(s, &info);
		break;
	}
	if (rc == 1 && s->beyond)
		return 1;
	if (rc == 1 && s->failed) {
		pkg_why_say(why, N_("the file cannot be read"));
		return -1;
	}
	/* PNG allows 2^31 - 1 a side; zero is never a picture. */
	if (rc != 0 || info.w == 0 || info.h == 0 || info.w > 0x7FFFFFFFu || info.h > 0x7FFFFFFFu) {
		pkg_why_phrase(why, WHY_DAMAGED_HEADER);
		return -1;
	}
	*out = info;
	return 0;
}

int pkg_image_probe(const unsigned char *buf, size_t n, bool whole_file, PkgImageInfo *out,
                    PkgWhy *why)
{
	Src s = pkgread_mem(buf, n, !whole_file);
	return probe(&s, out, why);
}

int pkg_image_probe_file(PkgReadAt read_at, void *ctx, uint64_t size, PkgImageInfo *out,
                         PkgWhy *why)
{
	Src s = {.read_at = read_at, .ctx = ctx, .size = size};
	int rc = probe(&s, out, why);
	free(s.win);
	return rc;
}

void pkg_image_shown_size(const PkgImageInfo *info, uint32_t *w, uint32_t *h)
{
	unsigned sw, sh;
	exif_shown_size(info->orientation, info->w, info->h, &sw, &sh);
	*w = sw;
	*h = sh;
}

/* Megapixels with one decimal where it matters: "40", "64", "40.1". */
static void megapixels(uint64_t px, char *buf, size_t size)
{
	uint64_t tenths = (px + 50000) / 100000;
	if (tenths % 10 == 0)
		snprintf(buf, size, "%llu", (unsigned long long)(tenths / 10));
	else
		snprintf(buf, size, "%llu.%llu", (unsigned long long)(tenths / 10),
		         (unsigned long long)(tenths % 10));
}

/* A WebP that would hold more than PKG_HOLD_MAX: its whole file (and a
 * lossless or transparent one whole) is what it holds, so the reason says
 * bytes, not pixels. Each kind is a sentence of its own, so that a
 * translation can put its words in its own order. */
static void webp_held(const PkgImageInfo *info, unsigned w, unsigned h, PkgWhy *why)
{
	char has[32], most[32];
	bool same = pkg_format_sizes(info->hold_bytes, PKG_HOLD_MAX, has, most, sizeof(most));
	if (info->lossless && same)
		pkg_why_say(
		    why,
		    "the picture is too large for the kiosk as a lossless WebP (%u x %u pixels, "
		    "more than %s to decode): save it as a JPEG or PNG",
		    w, h, most);
	else if (info->lossless)
		pkg_why_say(
		    why,
		    "the picture is too large for the kiosk as a lossless WebP (%u x %u pixels, "
		    "%s to decode; at most %s): save it as a JPEG or PNG",
		    w, h, has, most);
	else if (info->alpha && same)
		pkg_why_say(
		    why,
		    "the picture is too large for the kiosk as a WebP with transparency (%u x "
		    "%u pixels, more than %s to decode): save it as a JPEG or PNG",
		    w, h, most);
	else if (info->alpha)
		pkg_why_say(
		    why,
		    "the picture is too large for the kiosk as a WebP with transparency (%u x "
		    "%u pixels, %s to decode; at most %s): save it as a JPEG or PNG",
		    w, h, has, most);
	else if (same)
		pkg_why_say(
		    why,
		    "the picture is too large for the kiosk as a WebP (%u x %u pixels, more "
		    "than %s to decode): save it as a JPEG or PNG",
		    w, h, most);
	else
		pkg_why_say(
		    why,
		    "the picture is too large for the kiosk as a WebP (%u x %u pixels, %s to "
		    "decode; at most %s): save it as a JPEG or PNG",
		    w, h, has, most);
}

/* A picture whose decoder would hold more than PKG_HOLD_MAX: what kind it
 * is and how to save it so that it shows, in a sentence for each kind. */
static void too_much_held(const PkgImageInfo *info, uint32_t w, uint32_t h, PkgWhy *why)
{
	unsigned uw = (unsigned)w, uh = (unsigned)h;
	if (info->hold == PKG_HOLD_WEBP) {
		webp_held(info, uw, uh, why);
		return;
	}
	char most[32];
	megapixels(PKG_HOLD_MAX * ((uint64_t)w * h) / info->hold_bytes, most, sizeof(most));
	switch (info->hold) {
	case PKG_HOLD_JPEG_SCANS:
		pkg_why_say(
		    why,
		    "the picture is too large for the kiosk as a progressive JPEG (%u x %u "
		    "pixels; at most about %s megapixels): save it as a standard (baseline) JPEG",
		    uw, uh, most);
		break;
	case PKG_HOLD_PNG_INTERLACED:
		pkg_why_say(why,
		            "the picture is too large for the kiosk as an interlaced PNG (%u x %u "
		            "pixels; at most about %s megapixels): save it without interlacing",
		            uw, uh, most);
		break;
	default:
		pkg_why_say(why,
		            "the picture is too large for the kiosk as an interlaced GIF (%u x %u "
		            "pixels; at most about %s megapixels): save it as a PNG or without "
		            "interlacing",
		            uw, uh, most);
		break;
	}
}

int pkg_image_limits(const PkgImageInfo *info, const PkgLimits *l, PkgWhy *why)
{
	uint32_t w, h;
	pkg_image_shown_size(info, &w, &h);
	if (w > l->max_side || h > l->max_side) {
		pkg_why_say(why,
		            "the picture is too large (%u x %u pixels; at most %u pixels a side)",
		            (unsigned)w, (unsigned)h, (unsigned)l->max_side);
		return -1;
	}
	uint64_t px = (uint64_t)w * h;
	if (px > l->max_pixels) {
		char has[32], max[32];
		megapixels(px, has, sizeof(has));
		megapixels(l->max_pixels, max, sizeof(max));
		/* Never say "40 megapixels; at most 40" over a rounding. */
		if (strcmp(has, max) == 0)
			pkg_why_say(
			    why,
			    "the picture is too large (%u x %u pixels, more than %s megapixels; "
			    "at most %s megapixels)",
			    (unsigned)w, (unsigned)h, max, max);
		else
			pkg_why_say(
			    why,
			    "the picture is too large (%u x %u pixels, %s megapixels; at most %s "
			    "megapixels)",
			    (unsigned)w, (unsigned)h, has, max);
		return -1;
	}
	if (info->hold != PKG_HOLD_NONE && info->hold_bytes > PKG_HOLD_MAX) {
		too_much_held(info, w, h, why);
		return -1;
	}
	return 0;
}
