/* pkg: package rules as pure functions. Everything here reads bytes it is
 * handed, bounded by the lengths given; hostile input can only make it say
 * no. Messages are written for the person holding the stick.
 */
#include "core/package/pkg.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/document/utf8.h"
#include "core/package/exif.h"

#define MIB (1024u * 1024u)
/* A name part, as Linux and FAT allow it. */
#define PKG_NAME_MAX 255

static const char WHY_DAMAGED_HEADER[] = N_("the picture's header is damaged");
static const char WHY_INCOMPLETE[] = N_("the picture is incomplete (the file ends too early)");
static const char WHY_DAMAGED[] = N_("the picture is damaged");
static const char WHY_OUTSIDE[] = N_("pictures must be inside the kiosk folder");

void pkg_limits_default(PkgLimits *l)
{
	l->max_package = 512ull * MIB;
	l->max_files = 2000;
	l->max_article = 1 * MIB;
	l->max_image = 64ull * MIB;
	l->max_side = 8192;
	l->max_pixels = 40ull * 1000 * 1000;
}

static void say(char *why, size_t whylen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void say(char *why, size_t whylen, const char *fmt, ...)
{
	if (!why || !whylen)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
}

static char ascii_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static bool ends_with_fold(const char *s, size_t n, const char *suffix)
{
	size_t m = strlen(suffix);
	if (n < m)
		return false;
	for (size_t i = 0; i < m; i++)
		if (ascii_lower(s[n - m + i]) != suffix[i])
			return false;
	return true;
}

static bool equal_fold(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (ascii_lower(*a) != ascii_lower(*b))
			return false;
	return *a == *b;
}

static uint32_t be16(const unsigned char *p)
{
	return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t le16(const unsigned char *p)
{
	return (uint32_t)p[1] << 8 | p[0];
}

static uint32_t le24(const unsigned char *p)
{
	return (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[3] << 24 | le24(p);
}

/* ---- pictures ---------------------------------------------------------- */

/* A picture file as the probes read it: all of it in memory, or a reader
 * and a window moved along as the walk goes. The most read at once is one
 * JPEG segment (65,535 bytes), so a frame header behind megabytes of
 * metadata costs the window, never the file. */
#define WINDOW (72u * 1024)

typedef struct {
	const unsigned char *mem; /* the bytes, when all in memory */
	PkgReadAt read_at;
	void *ctx;
	uint64_t size; /* the bytes there are to read */
	bool cut;      /* the file goes on past size (a header read alone) */
	unsigned char *win;
	uint64_t base;
	size_t len;
	bool beyond; /* bytes past the end of a cut file were needed */
	bool failed; /* a read failed */
} Src;

/* n bytes at off, or NULL when the file ends first (or cannot be read). */
static const unsigned char *src_at(Src *s, uint64_t off, size_t n)
{
	if (off > s->size || n > s->size - off) {
		if (s->cut)
			s->beyond = true;
		return NULL;
	}
	if (s->mem)
		return s->mem + off;
	if (n > WINDOW)
		return NULL;
	if (s->win && off >= s->base && off - s->base + n <= s->len)
		return s->win + (off - s->base);
	if (!s->win && !(s->win = malloc(WINDOW))) {
		s->failed = true;
		return NULL;
	}
	size_t want = s->size - off < WINDOW ? (size_t)(s->size - off) : WINDOW;
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
static const unsigned char *src_span(Src *s, uint64_t off, size_t *avail)
{
	const unsigned char *p = src_at(s, off, 1);
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

static Src src_mem(const unsigned char *buf, size_t n, bool cut)
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
static void name_other(const unsigned char *b, size_t n, bool whole_file, char *why, size_t whylen)
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
	say(why, whylen, "%s", what);
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
		const unsigned char *m = src_at(s, i, 2);
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
		const unsigned char *l = src_at(s, i + 2, 2);
		if (!l)
			return 1;
		size_t seg = be16(l);
		if (seg < 2)
			return -1;
		if (mk == 0xE1 && !orientation) {
			const unsigned char *p = src_at(s, i + 4, seg - 2);
			if (!p)
				return 1;
			orientation = exif_orientation(p, seg - 2);
		} else if (jpeg_is_frame(mk) && !frame) {
			if (seg < 8)
				return -1;
			const unsigned char *f = src_at(s, i + 4, seg - 2);
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
			const unsigned char *sc = src_at(s, i + 4, 1);
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
	const unsigned char *b = src_at(s, 0, 29);
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
	const unsigned char *b = src_at(s, off, 4);
	if (!b)
		return 1;
	*lossless = memcmp(b, "VP8L", 4) == 0;
	b = src_at(s, off, *lossless ? 13 : 18);
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
	const unsigned char *b = src_at(s, 0, 20);
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
		b = src_at(s, 0, 30);
		if (!b)
			return 1;
		out->w = le24(b + 24) + 1;
		out->h = le24(b + 27) + 1;
		uint64_t end = s->size, i = 12 + 8 + (uint64_t)le32(b + 16);
		i += i & 1;
		rc = -1;
		/* Every chunk moves the walk on by at least 8 bytes. */
		for (;;) {
			const unsigned char *c = src_at(s, i, 8);
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
	const unsigned char *b = src_at(s, 0, 13);
	if (!b)
		return 1;
	out->w = le16(b + 6);
	out->h = le16(b + 8);
	uint64_t i = 13 + (b[10] & 0x80 ? 3u << ((b[10] & 7) + 1) : 0);
	for (;;) {
		const unsigned char *t = src_at(s, i, 1);
		if (!t)
			return 1;
		if (t[0] == 0x21) {
			/* An extension: its label, then sub-blocks to an empty one. */
			i += 2;
			for (;;) {
				const unsigned char *l = src_at(s, i, 1);
				if (!l)
					return 1;
				i += 1 + (uint64_t)l[0];
				if (l[0] == 0)
					break;
			}
		} else if (t[0] == 0x2C) {
			const unsigned char *d = src_at(s, i, 10);
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

static int probe(Src *s, PkgImageInfo *out, char *why, size_t whylen)
{
	*out = (PkgImageInfo){.format = PKG_IMG_NONE};
	if (s->size == 0) {
		say(why, whylen, N_("the file is empty"));
		return -1;
	}
	size_t head = s->size < 4096 ? (size_t)s->size : 4096;
	const unsigned char *b = src_at(s, 0, head);
	if (!b) {
		say(why, whylen, N_("the file cannot be read"));
		return -1;
	}
	PkgImageFormat fmt = sniff(b, head);
	if (fmt == PKG_IMG_NONE) {
		name_other(b, head, !s->cut && s->size == head, why, whylen);
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
		say(why, whylen, N_("the file cannot be read"));
		return -1;
	}
	/* PNG allows 2^31 - 1 a side; zero is never a picture. */
	if (rc != 0 || info.w == 0 || info.h == 0 || info.w > 0x7FFFFFFFu || info.h > 0x7FFFFFFFu) {
		say(why, whylen, "%s", WHY_DAMAGED_HEADER);
		return -1;
	}
	*out = info;
	return 0;
}

int pkg_image_probe(const unsigned char *buf, size_t n, bool whole_file, PkgImageInfo *out,
                    char *why, size_t whylen)
{
	Src s = src_mem(buf, n, !whole_file);
	return probe(&s, out, why, whylen);
}

int pkg_image_probe_file(PkgReadAt read_at, void *ctx, uint64_t size, PkgImageInfo *out, char *why,
                         size_t whylen)
{
	Src s = {.read_at = read_at, .ctx = ctx, .size = size};
	int rc = probe(&s, out, why, whylen);
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

/* A picture whose decoder would hold more than PKG_HOLD_MAX: what kind it
 * is and how to save it so that it shows. */
static void too_much_held(const PkgImageInfo *info, uint32_t w, uint32_t h, char *why,
                          size_t whylen)
{
	const char *kind = "an interlaced GIF", *fix = "as a PNG or without interlacing";
	switch (info->hold) {
	case PKG_HOLD_JPEG_SCANS:
		kind = "a progressive JPEG";
		fix = "as a standard (baseline) JPEG";
		break;
	case PKG_HOLD_PNG_INTERLACED:
		kind = "an interlaced PNG";
		fix = "without interlacing";
		break;
	case PKG_HOLD_WEBP: {
		char has[32], most[32], held[96];
		pkg_format_bytes(info->hold_bytes, has, sizeof(has));
		pkg_format_bytes(PKG_HOLD_MAX, most, sizeof(most));
		if (strcmp(has, most) == 0)
			snprintf(held, sizeof(held), "more than %s to decode", most);
		else
			snprintf(held, sizeof(held), "%s to decode; at most %s", has, most);
		say(why, whylen,
		    "the picture is too large for the kiosk as %s (%u x %u pixels, %s): save it as "
		    "a JPEG or PNG",
		    info->lossless ? "a lossless WebP"
		    : info->alpha  ? "a WebP with transparency"
		                   : "a WebP",
		    (unsigned)w, (unsigned)h, held);
		return;
	}
	default:
		break;
	}
	char most[32];
	megapixels(PKG_HOLD_MAX * ((uint64_t)w * h) / info->hold_bytes, most, sizeof(most));
	say(why, whylen,
	    "the picture is too large for the kiosk as %s (%u x %u pixels; at most about %s "
	    "megapixels): save it %s",
	    kind, (unsigned)w, (unsigned)h, most, fix);
}

int pkg_image_limits(const PkgImageInfo *info, const PkgLimits *l, char *why, size_t whylen)
{
	uint32_t w, h;
	pkg_image_shown_size(info, &w, &h);
	if (w > l->max_side || h > l->max_side) {
		say(why, whylen,
		    "the picture is too large (%u x %u pixels; at most %u pixels a side)",
		    (unsigned)w, (unsigned)h, (unsigned)l->max_side);
		return -1;
	}
	uint64_t px = (uint64_t)w * h;
	if (px > l->max_pixels) {
		char has[48], max[32];
		megapixels(px, has, sizeof(has));
		megapixels(l->max_pixels, max, sizeof(max));
		/* Never say "40 megapixels; at most 40" over a rounding. */
		if (strcmp(has, max) == 0)
			snprintf(has, sizeof(has), "more than %s", max);
		say(why, whylen,
		    "the picture is too large (%u x %u pixels, %s megapixels; at most %s "
		    "megapixels)",
		    (unsigned)w, (unsigned)h, has, max);
		return -1;
	}
	if (info->hold != PKG_HOLD_NONE && info->hold_bytes > PKG_HOLD_MAX) {
		too_much_held(info, w, h, why, whylen);
		return -1;
	}
	return 0;
}

static int png_complete(Src *s, char *why, size_t whylen)
{
	uint64_t i = 8;
	const unsigned char *c;
	while ((c = src_at(s, i, 8))) {
		uint32_t len = be32(c);
		if (len > 0x7FFFFFFFu) {
			say(why, whylen, "%s", WHY_DAMAGED);
			return -1;
		}
		if (i + 12 + len > s->size)
			break;
		if (memcmp(c + 4, "IEND", 4) == 0)
			return 0;
		i += 12 + (uint64_t)len;
	}
	say(why, whylen, "%s", WHY_INCOMPLETE);
	return -1;
}

/* Follows the marker segments to the first scan, then the entropy-coded
 * data (where 0xFF is followed by 0x00 or a restart marker) through any
 * further tables and scans of a progressive file, to the end-of-image
 * marker. An EXIF thumbnail's own end marker sits inside an APP1 segment,
 * which is skipped by its length, so it is never taken for the real one. */
static int jpeg_complete(Src *s, char *why, size_t whylen)
{
	uint64_t i = 2;
	bool in_scan = false;
	while (i + 1 < s->size) {
		if (in_scan) {
			size_t avail;
			const unsigned char *p = src_span(s, i, &avail);
			if (!p)
				break;
			const unsigned char *ff = memchr(p, 0xFF, avail);
			if (!ff) {
				i += avail;
				continue;
			}
			i += (uint64_t)(ff - p);
			const unsigned char *m = src_at(s, i, 2);
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
		const unsigned char *m = src_at(s, i, 2);
		if (!m)
			break;
		if (m[0] == 0xFF && m[1] == 0xFF) {
			i++;
			continue;
		}
		if (m[0] != 0xFF) {
			say(why, whylen, "%s", WHY_DAMAGED);
			return -1;
		}
		unsigned mk = m[1];
		if (mk == 0xD9)
			return 0;
		if (mk == 0x01 || (mk >= 0xD0 && mk <= 0xD8)) {
			i += 2;
			continue;
		}
		const unsigned char *l = src_at(s, i + 2, 2);
		if (!l)
			break;
		size_t seg = be16(l);
		if (seg < 2) {
			say(why, whylen, "%s", WHY_DAMAGED);
			return -1;
		}
		i += 2 + seg;
		if (mk == 0xDA)
			in_scan = true;
	}
	say(why, whylen, "%s", WHY_INCOMPLETE);
	return -1;
}

/* Follows the blocks (extensions, frames and their sub-blocks) to the
 * trailer. Some encoders leave the trailer out: a file that ends cleanly
 * between blocks after a whole frame counts as complete, one that ends
 * inside a block does not. */
static int gif_complete(Src *s, char *why, size_t whylen)
{
	const unsigned char *b = src_at(s, 0, 13);
	if (!b) {
		say(why, whylen, "%s", WHY_INCOMPLETE);
		return -1;
	}
	uint64_t i = 13 + (b[10] & 0x80 ? 3u << ((b[10] & 7) + 1) : 0);
	bool frame = false;
	for (;;) {
		const unsigned char *t = src_at(s, i, 1);
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
			const unsigned char *d = src_at(s, i, 10);
			if (!d)
				break;
			/* The descriptor, a local colour table, the LZW code size. */
			i += 10 + (d[9] & 0x80 ? 3u << ((d[9] & 7) + 1) : 0) + 1;
			frame = true;
		} else {
			say(why, whylen, "%s", WHY_DAMAGED);
			return -1;
		}
		bool ended = false;
		for (;;) {
			const unsigned char *l = src_at(s, i, 1);
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
	say(why, whylen, "%s", WHY_INCOMPLETE);
	return -1;
}

static int webp_complete(Src *s, char *why, size_t whylen)
{
	const unsigned char *b = src_at(s, 0, 12);
	if (!b) {
		say(why, whylen, "%s", WHY_INCOMPLETE);
		return -1;
	}
	uint32_t riff = le32(b + 4);
	if (riff < 4) {
		say(why, whylen, "%s", WHY_DAMAGED);
		return -1;
	}
	if ((uint64_t)riff + 8 > s->size) {
		say(why, whylen, "%s", WHY_INCOMPLETE);
		return -1;
	}
	return 0;
}

static int complete(Src *s, PkgImageFormat fmt, char *why, size_t whylen)
{
	switch (fmt) {
	case PKG_IMG_PNG:
		return png_complete(s, why, whylen);
	case PKG_IMG_JPEG:
		return jpeg_complete(s, why, whylen);
	case PKG_IMG_WEBP:
		return webp_complete(s, why, whylen);
	case PKG_IMG_GIF:
		return gif_complete(s, why, whylen);
	default:
		say(why, whylen, "%s", WHY_DAMAGED);
		return -1;
	}
}

int pkg_image_complete(const unsigned char *buf, size_t n, PkgImageFormat fmt, char *why,
                       size_t whylen)
{
	Src s = src_mem(buf, n, false);
	return complete(&s, fmt, why, whylen);
}

int pkg_image_complete_file(PkgReadAt read_at, void *ctx, uint64_t size, PkgImageFormat fmt,
                            char *why, size_t whylen)
{
	Src s = {.read_at = read_at, .ctx = ctx, .size = size};
	int rc = complete(&s, fmt, why, whylen);
	if (rc != 0 && s.failed)
		say(why, whylen, N_("the file cannot be read"));
	free(s.win);
	return rc;
}

/* ---- names and paths --------------------------------------------------- */

static bool is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp < 0xA0);
}

typedef enum {
	PATH_OK,
	PATH_EMPTY,
	PATH_LONG,
	PATH_ABSOLUTE,
	PATH_NOT_UTF8,
	PATH_CONTROL,
	PATH_EMPTY_PART,
	PATH_DOT,
	PATH_DOTDOT,
} PathVerdict;

static PathVerdict path_judge(const char *rel)
{
	if (!rel || !*rel)
		return PATH_EMPTY;
	size_t n = strlen(rel);
	if (n > PKG_PATH_MAX)
		return PATH_LONG;
	if (rel[0] == '/')
		return PATH_ABSOLUTE;
	if (!utf8_valid(rel, n, NULL))
		return PATH_NOT_UTF8;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += utf8_next(rel + i, n - i, &cp);
		if (is_control(cp))
			return PATH_CONTROL;
	}
	/* ".." anywhere wins over an empty or "." part: it is the one that
	 * would lead somewhere else. */
	PathVerdict v = PATH_OK;
	for (const char *p = rel;;) {
		const char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p);
		if (len == 2 && p[0] == '.' && p[1] == '.')
			return PATH_DOTDOT;
		if (v == PATH_OK && len == 0)
			v = PATH_EMPTY_PART;
		else if (v == PATH_OK && len == 1 && p[0] == '.')
			v = PATH_DOT;
		else if (v == PATH_OK && len > PKG_NAME_MAX)
			v = PATH_LONG;
		if (!slash)
			break;
		p = slash + 1;
	}
	return v;
}

int pkg_path_check(const char *rel, char *why, size_t whylen)
{
	static const char *const words[] = {
	    [PATH_EMPTY] = N_("the name is empty"),
	    [PATH_LONG] = N_("the name is too long"),
	    [PATH_ABSOLUTE] =
	        N_("the path starts at the top of the disk instead of in the kiosk folder"),
	    [PATH_NOT_UTF8] = N_("the name is not readable text"),
	    [PATH_CONTROL] = N_("the name contains control characters"),
	    [PATH_EMPTY_PART] = N_("the path has an empty part (\"//\")"),
	    [PATH_DOT] = N_("the path has a \".\" part"),
	    [PATH_DOTDOT] = N_("the path leads out of the kiosk folder (\"..\")"),
	};
	PathVerdict v = path_judge(rel);
	if (v == PATH_OK)
		return 0;
	say(why, whylen, "%s", words[v]);
	return -1;
}

/* "http:", "data:", "C:": a scheme or a drive letter before any '/'. */
static bool has_scheme(const char *s, size_t *len)
{
	size_t i = 0;
	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return false;
	while ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
	       (s[i] >= '0' && s[i] <= '9') || s[i] == '+' || s[i] == '-' || s[i] == '.')
		i++;
	*len = i;
	return s[i] == ':';
}

int pkg_ref_check(const char *src, char *why, size_t whylen)
{
	if (!src || !*src) {
		say(why, whylen, N_("the picture has no file name"));
		return -1;
	}
	size_t slen;
	if (has_scheme(src, &slen)) {
		static const char *const web[] = {"http", "https", "ftp", "ftps"};
		for (size_t i = 0; i < sizeof(web) / sizeof(web[0]); i++) {
			if (slen == strlen(web[i]) && strncmp(src, web[i], slen) == 0) {
				say(why, whylen, "pictures from the internet cannot be shown; %s",
				    WHY_OUTSIDE);
				return -1;
			}
		}
		say(why, whylen, "%s", WHY_OUTSIDE);
		return -1;
	}
	if (src[0] == '/' || src[0] == '\\' || src[0] == '~') {
		say(why, whylen, "%s", WHY_OUTSIDE);
		return -1;
	}
	PathVerdict v = path_judge(src);
	if (v == PATH_DOTDOT || v == PATH_ABSOLUTE) {
		say(why, whylen, "%s", WHY_OUTSIDE);
		return -1;
	}
	/* After "..": "..\\x.png" leads out as surely, in Windows' spelling. */
	if (strchr(src, '\\')) {
		if (strstr(src, "..\\") || strstr(src, "\\.."))
			say(why, whylen, "%s", WHY_OUTSIDE);
		else
			say(why, whylen, N_("write / between folder names, not \\"));
		return -1;
	}
	switch (v) {
	case PATH_OK:
		return 0;
	case PATH_DOT:
		say(why, whylen, "write the path without \"./\"");
		break;
	case PATH_EMPTY_PART:
		say(why, whylen,
		    N_("the path has an empty folder name (\"//\" or a \"/\" at the end)"));
		break;
	case PATH_CONTROL:
		say(why, whylen, N_("the path contains control characters"));
		break;
	case PATH_NOT_UTF8:
		say(why, whylen, N_("the path is not readable text"));
		break;
	default:
		say(why, whylen, N_("the path is too long"));
		break;
	}
	return -1;
}

void pkg_fold(const char *in, char *out, size_t size)
{
	if (!size)
		return;
	size_t i = 0;
	for (; in[i] && i + 1 < size; i++)
		out[i] = ascii_lower(in[i]);
	out[i] = '\0';
}

bool pkg_is_article_name(const char *name)
{
	size_t n = strlen(name);
	return !pkg_is_leftover_name(name) && ((n > 3 && ends_with_fold(name, n, ".md")) ||
	                                       (n > 5 && ends_with_fold(name, n, ".docx")));
}

bool pkg_is_docx_name(const char *name)
{
	size_t n = strlen(name);
	return !pkg_is_leftover_name(name) && n > 5 && ends_with_fold(name, n, ".docx");
}

bool pkg_is_picture_name(const char *name)
{
	static const char *const ends[] = {".png",  ".jpg",  ".jpeg", ".jpe",  ".jfif",
	                                   ".webp", ".gif",  ".svg",  ".bmp",  ".tif",
	                                   ".tiff", ".heic", ".heif", ".avif", ".ico"};
	size_t n = strlen(name);
	for (size_t i = 0; i < sizeof(ends) / sizeof(ends[0]); i++)
		if (ends_with_fold(name, n, ends[i]))
			return true;
	return false;
}

bool pkg_is_leftover_name(const char *name)
{
	/* Hidden names cover macOS (.DS_Store, ._*, .Trashes, .Spotlight-V100,
	 * .fseventsd) and desktop files (.directory); the rest is Windows. */
	static const char *const names[] = {
	    "Thumbs.db",    "ehthumbs.db",       "desktop.ini",   "System Volume Information",
	    "$RECYCLE.BIN", "IndexerVolumeGuid", "WPSettings.dat"};
	if (name[0] == '.')
		return true;
	/* Word's owner file beside a document open on the stick
	 * ("~$flu.docx"): a few bytes naming who has it open. */
	if (name[0] == '~' && name[1] == '$')
		return true;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (equal_fold(name, names[i]))
			return true;
	return false;
}

/* ---- articles ---------------------------------------------------------- */

int pkg_article_text_check(const char *text, size_t len, uint64_t max, char *why, size_t whylen)
{
	if (len > max) {
		char over[80];
		pkg_format_over(len, max, over, sizeof(over));
		say(why, whylen, "the article is too large (%s)", over);
		return -1;
	}
	size_t bad;
	if (!utf8_valid(text, len, &bad)) {
		size_t line = 1;
		for (size_t i = 0; i < bad; i++)
			line += text[i] == '\n';
		say(why, whylen,
		    "not plain UTF-8 text (line %zu has a character the kiosk cannot read)", line);
		return -1;
	}
	size_t i = 0;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	for (; i < len; i++) {
		char c = text[i];
		if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v')
			return 0;
	}
	say(why, whylen, N_("the article is empty"));
	return -1;
}

void pkg_format_bytes(uint64_t bytes, char *buf, size_t size)
{
	static const char *const units[] = {"KB", "MB", "GB", "TB"};
	if (bytes < 1024) {
		snprintf(buf, size, "%llu byte%s", (unsigned long long)bytes,
		         bytes == 1 ? "" : "s");
		return;
	}
	uint64_t unit = 1024;
	size_t u = 0;
	while (u + 1 < sizeof(units) / sizeof(units[0]) && bytes >= unit * 1024) {
		unit *= 1024;
		u++;
	}
	/* Whole kilobytes; megabytes and up with one decimal below 10. */
	uint64_t tenths = (bytes * 10 + unit / 2) / unit;
	if (u == 0 || tenths >= 100 || tenths % 10 == 0)
		snprintf(buf, size, "%llu %s", (unsigned long long)((tenths + 5) / 10), units[u]);
	else
		snprintf(buf, size, "%llu.%llu %s", (unsigned long long)(tenths / 10),
		         (unsigned long long)(tenths % 10), units[u]);
}

bool pkg_format_sizes(uint64_t bytes, uint64_t max, char *has, char *lim, size_t size)
{
	pkg_format_bytes(bytes, has, size);
	pkg_format_bytes(max, lim, size);
	return strcmp(has, lim) == 0;
}

void pkg_format_over(uint64_t bytes, uint64_t max, char *buf, size_t size)
{
	char has[32], lim[32];
	if (pkg_format_sizes(bytes, max, has, lim, sizeof(lim)))
		snprintf(buf, size, "more than %s", lim);
	else
		snprintf(buf, size, "%s; at most %s", has, lim);
}

/* A size in the largest unit it fills (KB at least), one decimal below
 * 10, rounded up or down. */
static void format_rounded(uint64_t v, bool up, char *buf, size_t size)
{
	static const char *const units[] = {"KB", "MB", "GB", "TB"};
	uint64_t unit = 1024;
	size_t u = 0;
	while (u + 1 < sizeof(units) / sizeof(units[0]) && v >= unit * 1024) {
		unit *= 1024;
		u++;
	}
	/* Tenths of the unit below 10 of it, else whole ones (v * 10 cannot
	 * overflow for v under 10 TB). */
	bool whole = v / unit >= 10;
	uint64_t scaled = whole ? v : v * 10;
	uint64_t n = scaled / unit + (up && scaled % unit ? 1 : 0);
	if (whole)
		snprintf(buf, size, "%llu %s", (unsigned long long)n, units[u]);
	else
		snprintf(buf, size, "%llu.%llu %s", (unsigned long long)(n / 10),
		         (unsigned long long)(n % 10), units[u]);
}

void pkg_format_room(uint64_t need, uint64_t room, char *need_buf, char *room_buf, size_t size)
{
	format_rounded(need, true, need_buf, size);
	format_rounded(room, false, room_buf, size);
}
