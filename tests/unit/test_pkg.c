/* Unit tests for core/pkg: picture headers crafted byte by byte (PNG, JPEG,
 * WebP, GIF, and what is not one of them), EXIF orientation and what a
 * decoder must hold, read from memory and through a reader a window at a
 * time, the size limits, whether a picture file is complete, path and picture-reference rules,
 * article text, byte counts as people read them, and the report's lines and summary. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/package/pkg.h"

#define WHY 256

/* ---- building pictures ------------------------------------------------- */

typedef struct {
	unsigned char b[8192];
	size_t n;
} Bytes;

static void put(Bytes *x, const void *p, size_t n)
{
	assert_true(x->n + n <= sizeof(x->b));
	memcpy(x->b + x->n, p, n);
	x->n += n;
}

static void put_be32(Bytes *x, uint32_t v)
{
	unsigned char b[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
	                      (unsigned char)(v >> 8), (unsigned char)v};
	put(x, b, 4);
}

static void put_le32(Bytes *x, uint32_t v)
{
	unsigned char b[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
	                      (unsigned char)(v >> 24)};
	put(x, b, 4);
}

/* Chunk CRCs are not judged here (the decoder does that). */
static void png_chunk(Bytes *x, const char *type, const void *data, uint32_t n)
{
	put_be32(x, n);
	put(x, type, 4);
	if (n)
		put(x, data, n);
	put_be32(x, 0);
}

static Bytes png(uint32_t w, uint32_t h)
{
	Bytes x = {.n = 0};
	put(&x, "\x89PNG\r\n\x1a\n", 8);
	unsigned char ihdr[13] = {0};
	ihdr[0] = (unsigned char)(w >> 24);
	ihdr[1] = (unsigned char)(w >> 16);
	ihdr[2] = (unsigned char)(w >> 8);
	ihdr[3] = (unsigned char)w;
	ihdr[4] = (unsigned char)(h >> 24);
	ihdr[5] = (unsigned char)(h >> 16);
	ihdr[6] = (unsigned char)(h >> 8);
	ihdr[7] = (unsigned char)h;
	ihdr[8] = 8;
	png_chunk(&x, "IHDR", ihdr, 13);
	png_chunk(&x, "IDAT", "\x78\x9c\x63\x00\x00\x00\x01\x00\x01", 9);
	png_chunk(&x, "IEND", NULL, 0);
	return x;
}

static void jpeg_segment(Bytes *x, unsigned char marker, const void *data, size_t n)
{
	unsigned char head[4] = {0xFF, marker, (unsigned char)((n + 2) >> 8),
	                         (unsigned char)(n + 2)};
	put(x, head, 4);
	put(x, data, n);
}

/* A colour frame header: Y sampled 2 x 2, Cb and Cr once (4:2:0). */
static void jpeg_sof(Bytes *x, unsigned char marker, uint16_t w, uint16_t h)
{
	unsigned char sof[15] = {8,
	                         (unsigned char)(h >> 8),
	                         (unsigned char)h,
	                         (unsigned char)(w >> 8),
	                         (unsigned char)w,
	                         3,
	                         1,
	                         0x22,
	                         0,
	                         2,
	                         0x11,
	                         1,
	                         3,
	                         0x11,
	                         1};
	jpeg_segment(x, marker, sof, sizeof(sof));
}

/* An APP1 EXIF payload whose IFD0 holds Software, then Orientation o, in
 * either byte order. */
static size_t exif_app1(unsigned char *p, bool big, unsigned o)
{
	static const unsigned char le[] = {'E', 'x', 'i', 'f', 0,   0,    'I',  'I',  42, 0, 8,
	                                   0,   0,   0,   2,   0,   0x31, 0x01, 2,    0,  4, 0,
	                                   0,   0,   'c', 'a', 'm', 0,    0x12, 0x01, 3,  0, 1,
	                                   0,   0,   0,   0,   0,   0,    0,    0,    0,  0, 0};
	static const unsigned char be[] = {'E', 'x', 'i', 'f', 0,   0,    'M',  'M',  0, 42, 0,
	                                   0,   0,   8,   0,   2,   0x01, 0x31, 0,    2, 0,  0,
	                                   0,   4,   'c', 'a', 'm', 0,    0x01, 0x12, 0, 3,  0,
	                                   0,   0,   1,   0,   0,   0,    0,    0,    0, 0,  0};
	memcpy(p, big ? be : le, sizeof(le));
	p[big ? 37 : 36] = (unsigned char)o;
	return sizeof(le);
}

/* SOI, an APP0, an optional big APP1 (EXIF), SOF, DHT, one scan, EOI. */
static Bytes jpeg(unsigned char sof, uint16_t w, uint16_t h, size_t app1)
{
	Bytes x = {.n = 0};
	put(&x, "\xFF\xD8", 2);
	jpeg_segment(&x, 0xE0, "JFIF\0\1\1\0\0\1\0\1\0\0", 14);
	if (app1) {
		unsigned char exif[2048];
		assert_true(app1 <= sizeof(exif));
		memset(exif, 0x11, app1);
		/* A thumbnail's own end marker inside the metadata. */
		exif[app1 / 2] = 0xFF;
		exif[app1 / 2 + 1] = 0xD9;
		jpeg_segment(&x, 0xE1, exif, app1);
	}
	jpeg_sof(&x, sof, w, h);
	jpeg_segment(&x, 0xC4, "\x00\x01\x00", 3);
	/* All three components in one scan. */
	jpeg_segment(&x, 0xDA, "\x03\x01\x00\x02\x11\x03\x11\x00\x3f\x00", 10);
	/* Entropy-coded data: a stuffed 0xFF and a restart marker. */
	put(&x, "\x12\x34\xFF\x00\x56\xFF\xD0\x78", 8);
	put(&x, "\xFF\xD9", 2);
	return x;
}

static Bytes webp(const char *kind, const unsigned char *payload, size_t n)
{
	Bytes x = {.n = 0};
	put(&x, "RIFF", 4);
	put_le32(&x, (uint32_t)(4 + 8 + n));
	put(&x, "WEBP", 4);
	put(&x, kind, 4);
	put_le32(&x, (uint32_t)n);
	put(&x, payload, n);
	return x;
}

/* What why says, in English (a buffer of its own, kept until the next
 * call). */
static const char *en(const PkgWhy *why)
{
	static char buf[PKG_WORDS_MAX];
	pkg_why_english(why, buf, sizeof(buf));
	return buf;
}

static int probe(const Bytes *x, bool whole, PkgImageInfo *info, PkgWhy *why)
{
	why->len = 0;
	return pkg_image_probe(x->b, x->n, whole, info, why);
}

static void expect_not_picture(const void *p, size_t n, bool whole, const char *reason)
{
	PkgImageInfo info;
	PkgWhy why;
	assert_int_equal(pkg_image_probe(p, n, whole, &info, &why), -1);
	assert_int_equal(info.format, PKG_IMG_NONE);
	assert_string_equal(en(&why), reason);
}

/* ---- pictures ---------------------------------------------------------- */

static void test_limits_default(void **state)
{
	PkgLimits l;
	pkg_limits_default(&l);
	assert_int_equal(l.max_package, 512ull * 1024 * 1024);
	assert_int_equal(l.max_files, 2000);
	assert_int_equal(l.max_article, 1024 * 1024);
	assert_int_equal(l.max_image, 64ull * 1024 * 1024);
	assert_int_equal(l.max_side, 8192);
	assert_int_equal(l.max_pixels, 40000000ull);
}

static void test_probe_png(void **state)
{
	PkgImageInfo info;
	PkgWhy why;
	Bytes x = png(640, 480);
	assert_int_equal(probe(&x, true, &info, &why), 0);
	assert_int_equal(info.format, PKG_IMG_PNG);
	assert_int_equal(info.w, 640);
	assert_int_equal(info.h, 480);

	/* A bomb's header reads like any other: it is the limits that stop it. */
	x = png(20000, 20000);
	assert_int_equal(probe(&x, true, &info, &why), 0);
	assert_int_equal(info.w, 20000);

	x = png(0, 10);
	assert_int_equal(probe(&x, true, &info, &why), -1);
	assert_string_equal(en(&why), "the picture's header is damaged");
	x = png(0x80000000u, 10);
	assert_int_equal(probe(&x, true, &info, &why), -1);

	/* IHDR must come first. */
	x = png(4, 4);
	memcpy(x.b + 12, "IHDX", 4);
	assert_int_equal(probe(&x, true, &info, &why), -1);
	assert_string_equal(en(&why), "the picture's header is damaged");

	/* Cut inside IHDR: damaged when that is the whole file, else read on. */
	x = png(4, 4);
	x.n = 20;
	assert_int_equal(probe(&x, true, &info, &why), -1);
	assert_string_equal(en(&why), "the picture's header is damaged");
	assert_int_equal(probe(&x, false, &info, &why), 1);
}

static void test_probe_jpeg(void **state)
{
	PkgImageInfo info;
	PkgWhy why;
	Bytes x = jpeg(0xC0, 1024, 768, 0);
	assert_int_equal(probe(&x, true, &info, &why), 0);
	assert_int_equal(info.format, PKG_IMG_JPEG);
	assert_int_equal(info.w, 1024);
	assert_int_equal(info.h, 768);

	/* Progressive, behind metadata, with fill bytes before a marker. */
	x = jpeg(0xC2, 300, 200, 1000);
	assert_int_equal(probe(&x, true, &info, &why), 0);
	assert_int_equal(info.w, 300);
	assert_int_equal(info.h, 200);
	Bytes y = {.n = 0};
	put(&y, "\xFF\xD8\xFF\xFF\xFF", 5);
	put(&y, x.b + 3, x.n - 3);
	assert_int_equal(probe(&y, true, &info, &why), 0);
	assert_int_equal(info.w, 300);

	/* The frame header beyond the bytes given: read on, or damaged. */
	x = jpeg(0xC0, 300, 200, 1000);
	x.n = 600;
	assert_int_equal(probe(&x, false, &info, &why), 1);
	assert_int_equal(probe(&x, true, &info, &why), -1);
	assert_string_equal(en(&why), "the picture's header is damaged");

	/* DHT (C4) is not a frame header; a scan before any frame is wrong. */
	Bytes z = {.n = 0};
	put(&z, "\xFF\xD8", 2);
	jpeg_segment(&z, 0xC4, "\x00\x01\x00", 3);
	jpeg_segment(&z, 0xDA, "\x01\x01\x00\x00\x3f\x00", 6);
	assert_int_equal(probe(&z, true, &info, &why), -1);

	/* A segment length below 2 would loop forever if believed. */
	Bytes bad = {.n = 0};
	put(&bad, "\xFF\xD8\xFF\xE0\x00\x01", 6);
	assert_int_equal(probe(&bad, true, &info, &why), -1);

	/* Height 0 (defined later by a DNL marker) is not shown. */
	x = jpeg(0xC0, 300, 0, 0);
	assert_int_equal(probe(&x, true, &info, &why), -1);
}

static void test_probe_webp(void **state)
{
	PkgImageInfo info;
	PkgWhy why;
	unsigned char vp8[10] = {0x10, 0x02, 0x00, 0x9D, 0x01, 0x2A, 0x40, 0x01, 0xF0, 0x00};
	Bytes x = webp("VP8 ", vp8, sizeof(vp8));
	assert_int_equal(probe(&x, true, &info, &why), 0);
	assert_int_equal(info.format, PKG_IMG_WEBP);
	assert_int_equal(info.w, 320);
	assert_int_equal(info.h, 240);

	/* Lossless: 14 bits each, minus one. */
	uint32_t bits = (99u) | (49u << 14);
	unsigned char vp8l[5] = {0x2F, (unsigned char)bits, (unsigned char)(bits >> 8),
	                         (unsigned char)(bits >> 16), (unsigned char)(bits >> 24)};
	x = webp("VP8L", vp8l, sizeof(vp8l));
	assert_int_equal(probe(&x, true, &info, &why), 0);
	assert_int_equal(info.w, 100);
	assert_int_equal(info.h, 50);

	/* Extended: a 24-bit canvas, up to 16 million a side, then the
	 * picture itself. */
	unsigned char vp8x[10 + 8 + 10] = {0,    0,   0,   0,   0xFF, 0xFF, 0xFF, 0x1F, 0x4E,
	                                   0x00, 'V', 'P', '8', ' ',  10,   0,    0,    0};
	memcpy(vp8x + 18, vp8, 10);
	x = webp("VP8X", vp8x, 10);
	put(&x, vp8x + 10, 18);
	assert_int_equal(probe(&x, true, &info, &why), 0);
	assert_int_equal(info.w, 0x1000000u);
	assert_int_equal(info.h, 20000);
	/* Without a picture after the canvas, it is no picture. */
	x.n -= 18;
	assert_int_equal(probe(&x, true, &info, &why), -1);

	unsigned char junk[10] = {0};
	x = webp("ALPH", junk, sizeof(junk));
	assert_int_equal(probe(&x, true, &info, &why), -1);
	vp8[3] = 0x00;
	x = webp("VP8 ", vp8, sizeof(vp8));
	assert_int_equal(probe(&x, true, &info, &why), -1);
	assert_string_equal(en(&why), "the picture's header is damaged");
}

/* A JPEG with an EXIF APP1 (after APP0, as phones write it). */
static Bytes jpeg_exif(bool big, unsigned o, uint16_t w, uint16_t h)
{
	Bytes x = {.n = 0};
	unsigned char app1[64];
	put(&x, "\xFF\xD8", 2);
	jpeg_segment(&x, 0xE0, "JFIF\0\1\1\0\0\1\0\1\0\0", 14);
	/* XMP lives in APP1 too, and says nothing about orientation. */
	jpeg_segment(&x, 0xE1, "http://ns.adobe.com/xap/1.0/\0<x/>", 33);
	jpeg_segment(&x, 0xE1, app1, exif_app1(app1, big, o));
	Bytes rest = jpeg(0xC0, w, h, 0);
	put(&x, rest.b + 20, rest.n - 20);
	return x;
}

static void test_probe_exif_orientation(void **state)
{
	PkgImageInfo info;
	PkgWhy why;
	for (unsigned o = 1; o <= 8; o++) {
		for (int big = 0; big < 2; big++) {
			Bytes x = jpeg_exif(big, o, 400, 300);
			assert_int_equal(probe(&x, true, &info, &why), 0);
			assert_int_equal(info.orientation, o);
			assert_int_equal(info.w, 400);
			assert_int_equal(info.h, 300);
			uint32_t sw, sh;
			pkg_image_shown_size(&info, &sw, &sh);
			assert_int_equal(sw, o >= 5 ? 300 : 400);
			assert_int_equal(sh, o >= 5 ? 400 : 300);
		}
	}
	/* Without EXIF, or with a value out of range: as stored. */
	Bytes x = jpeg(0xC0, 400, 300, 0);
	assert_int_equal(probe(&x, true, &info, &why), 0);
	assert_int_equal(info.orientation, 1);
	x = jpeg_exif(false, 9, 400, 300);
	assert_int_equal(probe(&x, true, &info, &why), 0);
	assert_int_equal(info.orientation, 1);

	/* The limits judge the picture as shown. */
	PkgLimits l;
	pkg_limits_default(&l);
	x = jpeg_exif(false, 6, 9000, 100);
	assert_int_equal(probe(&x, true, &info, &why), 0);
	assert_int_equal(pkg_image_limits(&info, &l, &why), -1);
	assert_string_equal(en(&why),
	                    "the picture is too large (100 x 9000 pixels; at most 8192 pixels "
	                    "a side)");
}

static void test_probe_gif(void **state)
{
	PkgImageInfo info;
	PkgWhy why;
	Bytes x = {.n = 0};
	/* A 2-colour table, a comment, a graphics control block, a 4 x 2
	 * frame at (1, 1) on a 6 x 5 screen. */
	put(&x, "GIF89a\x06\x00\x05\x00\x80\x00\x00", 13);
	put(&x, "\x00\x00\x00\xFF\xFF\xFF", 6);
	put(&x,
	    "\x21\xFE\x03"
	    "abc\x02"
	    "de\x00",
	    10);
	put(&x, "\x21\xF9\x04\x01\x00\x00\x00\x00", 8);
	size_t desc = x.n;
	put(&x, "\x2C\x01\x00\x01\x00\x04\x00\x02\x00\x00", 10);
	put(&x, "\x02\x02\x44\x01\x00\x3B", 6);
	assert_int_equal(probe(&x, true, &info, &why), 0);
	assert_int_equal(info.format, PKG_IMG_GIF);
	assert_int_equal(info.w, 6);
	assert_int_equal(info.h, 5);
	assert_int_equal(info.hold, PKG_HOLD_NONE);
	assert_int_equal(pkg_image_complete(x.b, x.n, PKG_IMG_GIF, &why), 0);

	/* Interlaced: the frame's indices are held. */
	x.b[desc + 9] = 0x40;
	assert_int_equal(probe(&x, true, &info, &why), 0);
	assert_int_equal(info.hold, PKG_HOLD_GIF_INTERLACED);
	assert_int_equal(info.hold_bytes, 8);

	/* A frame reaching outside the screen. */
	x.b[desc + 5] = 6;
	assert_int_equal(probe(&x, true, &info, &why), -1);
	assert_string_equal(en(&why), "the picture's header is damaged");
	x.b[desc + 5] = 4;

	/* Cut before the frame: read on, or damaged. */
	Bytes y = x;
	y.n = desc + 4;
	assert_int_equal(probe(&y, false, &info, &why), 1);
	assert_int_equal(probe(&y, true, &info, &why), -1);

	/* Complete: to the trailer, or ending cleanly after a frame; not
	 * inside a block. */
	y = x;
	y.n--;
	assert_int_equal(pkg_image_complete(y.b, y.n, PKG_IMG_GIF, &why), 0);
	for (size_t cut = 13; cut < x.n - 1; cut++) {
		assert_int_equal(pkg_image_complete(x.b, cut, PKG_IMG_GIF, &why), -1);
		assert_string_equal(en(&why),
		                    "the picture is incomplete (the file ends too early)");
	}
}

/* What a decoder holds: nothing for a baseline JPEG or a plain PNG,
 * every coefficient for a progressive JPEG or one scanned a component at
 * a time, the picture for an interlaced PNG, the file (and a lossless
 * picture) for WebP; and the limits refuse past PKG_HOLD_MAX in words
 * that say how to save it instead. */
static void test_probe_hold(void **state)
{
	PkgImageInfo info;
	PkgLimits l;
	pkg_limits_default(&l);
	PkgWhy why;
	Bytes x = jpeg(0xC0, 1024, 768, 0);
	assert_int_equal(probe(&x, true, &info, &why), 0);
	assert_int_equal(info.hold, PKG_HOLD_NONE);

	/* 4:2:0: 64 x 48 MCUs of 16 x 16, each 4 Y blocks, 1 Cb, 1 Cr. */
	x = jpeg(0xC2, 1024, 768, 0);
	assert_int_equal(probe(&x, true, &info, &why), 0);
	assert_int_equal(info.hold, PKG_HOLD_JPEG_SCANS);
	assert_int_equal(info.hold_bytes, 64ull * 48 * 6 * 128);
	assert_int_equal(pkg_image_limits(&info, &l, &why), 0);

	x = jpeg(0xC2, 6000, 4000, 0);
	assert_int_equal(probe(&x, true, &info, &why), 0);
	assert_int_equal(pkg_image_limits(&info, &l, &why), -1);
	assert_string_equal(en(&why),
	                    "the picture is too large for the kiosk as a progressive JPEG "
	                    "(6000 x 4000 pixels; at most about 8.4 megapixels): save it as "
	                    "a standard (baseline) JPEG");

	/* Baseline, but one component a scan: as whole as progressive. */
	x = jpeg(0xC0, 1024, 768, 0);
	size_t sos = 0;
	for (size_t i = 0; i + 1 < x.n; i++)
		if (x.b[i] == 0xFF && x.b[i + 1] == 0xDA)
			sos = i;
	x.b[sos + 4] = 1;
	assert_int_equal(probe(&x, true, &info, &why), 0);
	assert_int_equal(info.hold, PKG_HOLD_JPEG_SCANS);

	x = png(5000, 4000);
	assert_int_equal(probe(&x, true, &info, &why), 0);
	assert_int_equal(info.hold, PKG_HOLD_NONE);
	assert_int_equal(pkg_image_limits(&info, &l, &why), 0);
	x.b[28] = 1;
	assert_int_equal(probe(&x, true, &info, &why), 0);
	assert_int_equal(info.hold, PKG_HOLD_PNG_INTERLACED);
	assert_int_equal(info.hold_bytes, 5000ull * 4000 * 4);
	assert_int_equal(pkg_image_limits(&info, &l, &why), -1);
	assert_string_equal(en(&why),
	                    "the picture is too large for the kiosk as an interlaced PNG (5000 "
	                    "x 4000 pixels; at most about 6.3 megapixels): save it without "
	                    "interlacing");

	uint32_t bits = (4999u) | (3999u << 14);
	unsigned char vp8l[5] = {0x2F, (unsigned char)bits, (unsigned char)(bits >> 8),
	                         (unsigned char)(bits >> 16), (unsigned char)(bits >> 24)};
	x = webp("VP8L", vp8l, sizeof(vp8l));
	assert_int_equal(probe(&x, true, &info, &why), 0);
	assert_int_equal(info.hold, PKG_HOLD_WEBP);
	assert_true(info.lossless);
	assert_int_equal(info.hold_bytes, x.n + 5000ull * 4000 * 4);
	assert_int_equal(pkg_image_limits(&info, &l, &why), -1);
	assert_string_equal(en(&why),
	                    "the picture is too large for the kiosk as a lossless WebP (5000 x "
	                    "4000 pixels, 76 MB to decode; at most 24 MB): save it as a JPEG "
	                    "or PNG");
}

/* An animated WebP: canvas, ANIM, then the first frame (ANMF) with its
 * own alpha and lossy bitstream. */
static void test_probe_webp_animation(void **state)
{
	PkgImageInfo info;
	PkgWhy why;
	Bytes x = {.n = 0};
	put(&x, "RIFF\0\0\0\0WEBPVP8X", 16);
	put_le32(&x, 10);
	put(&x, "\x12\0\0\0\x3F\x01\0\xEF\0\0", 10); /* 320 x 240, animated, alpha */
	put(&x, "ANIM", 4);
	put_le32(&x, 6);
	put(&x, "\0\0\0\0\0\0", 6);
	put(&x, "ANMF", 4);
	put_le32(&x, 16 + 8 + 2 + 8 + 10);
	put(&x, "\0\0\0\0\0\0\x3F\x01\0\xEF\0\0\x64\0\0\0", 16);
	put(&x, "ALPH", 4);
	put_le32(&x, 2);
	put(&x, "\0\0", 2);
	put(&x, "VP8 ", 4);
	put_le32(&x, 10);
	put(&x, "\x10\x02\x00\x9D\x01\x2A\x40\x01\xF0\x00", 10);
	uint32_t riff = (uint32_t)x.n - 8;
	memcpy(x.b + 4, &riff, 4);
	assert_int_equal(probe(&x, true, &info, &why), 0);
	assert_int_equal(info.format, PKG_IMG_WEBP);
	assert_int_equal(info.w, 320);
	assert_int_equal(info.h, 240);
	assert_true(info.alpha);
	assert_false(info.lossless);
	assert_int_equal(info.hold_bytes, x.n + 320 * 240);
	/* A frame larger than its canvas is no picture. */
	x.b[x.n - 4] = 0x41;
	assert_int_equal(probe(&x, true, &info, &why), -1);
}

/* A file read through a reader a window at a time, counting reads. */
typedef struct {
	const unsigned char *b;
	size_t n;
	unsigned reads;
	size_t most;
} Reader;

static long read_at(void *ctx, uint64_t off, unsigned char *buf, size_t n)
{
	Reader *r = ctx;
	r->reads++;
	r->most = n > r->most ? n : r->most;
	if (off >= r->n)
		return 0;
	size_t k = r->n - off < n ? r->n - (size_t)off : n;
	memcpy(buf, r->b + off, k);
	return (long)k;
}

static void test_probe_file_behind_metadata(void **state)
{
	/* 3 MB of metadata (ICC profile segments) before the frame header. */
	size_t segs = 48, n = 2 + segs * 65537 + 600;
	unsigned char *b = test_malloc(n);
	size_t at = 0;
	b[at++] = 0xFF;
	b[at++] = 0xD8;
	for (size_t i = 0; i < segs; i++) {
		b[at++] = 0xFF;
		b[at++] = 0xE2;
		b[at++] = 0xFF;
		b[at++] = 0xFF;
		memset(b + at, 0xAB, 65533);
		at += 65533;
	}
	Bytes rest = jpeg_exif(true, 8, 4000, 3000);
	memcpy(b + at, rest.b + 2, rest.n - 2);
	at += rest.n - 2;
	Reader r = {b, at, 0, 0};
	PkgImageInfo info;
	PkgWhy why;
	assert_int_equal(pkg_image_probe_file(read_at, &r, at, &info, &why), 0);
	assert_int_equal(info.format, PKG_IMG_JPEG);
	assert_int_equal(info.w, 4000);
	assert_int_equal(info.h, 3000);
	assert_int_equal(info.orientation, 8);
	/* A window at a time, one per segment at most, never the file. */
	assert_true(r.reads <= segs + 4);
	assert_true(r.most <= 80 * 1024);
	assert_int_equal(pkg_image_complete_file(read_at, &r, at, PKG_IMG_JPEG, &why), 0);
	assert_int_equal(pkg_image_complete_file(read_at, &r, at - 2, PKG_IMG_JPEG, &why), -1);
	/* Only the first 64 KiB in memory: read on. */
	assert_int_equal(pkg_image_probe(b, PKG_HEADER_BYTES, false, &info, &why), 1);
	/* A reader that fails. */
	Reader empty = {b, 0, 0, 0};
	assert_int_equal(pkg_image_probe_file(read_at, &empty, at, &info, &why), -1);
	assert_string_equal(en(&why), "the file cannot be read");
	test_free(b);
}

static void test_probe_not_pictures(void **state)
{
	static const unsigned char tiff[] = "II*\x00\x08\x00\x00\x00";
	static const unsigned char heic[] = "\x00\x00\x00\x18"
	                                    "ftypheic\x00\x00\x00\x00";
	static const unsigned char bmp[] = "BM\x46\x00\x00\x00\x00\x00\x00\x00\x36\x00\x00\x00\x28";
	static const unsigned char utf16[] = "\xFF\xFE"
	                                     "H\0i\0";
	static const unsigned char binary[] = "\x00\x01\x02\x03\xFE\xFD\xFC\x80\x81\x82";
	const char *svg = "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n";
	const char *text = "Remember to buy milk.\nAnd eggs.\n";

	expect_not_picture("", 0, true, "the file is empty");
	expect_not_picture(NULL, 0, true, "the file is empty");
	expect_not_picture(tiff, sizeof(tiff) - 1, true, "a TIFF picture");
	expect_not_picture("%PDF-1.7\n", 9, true, "a PDF document");
	expect_not_picture(heic, sizeof(heic) - 1, true, "a HEIC photo");
	expect_not_picture("PK\3\4\x14\0\0\0", 8, true, "a compressed (zip) file");
	expect_not_picture(svg, strlen(svg), true, "an SVG drawing");
	expect_not_picture(text, strlen(text), true, "the file is text");
	expect_not_picture(utf16, sizeof(utf16) - 1, true, "the file is text");
	expect_not_picture(bmp, sizeof(bmp) - 1, true, "a BMP picture");
	/* Word's clip art and pasted charts: an EMF header record, a WMF
	 * with and without its placeable header. */
	unsigned char emf[64] = {1, 0, 0, 0, 108};
	memcpy(emf + 40, " EMF", 4);
	static const unsigned char wmf[] = {0xD7, 0xCD, 0xC6, 0x9A, 0, 0, 0, 0};
	static const unsigned char wmf_plain[] = {1, 0, 9, 0, 0, 3, 0x10, 0};
	expect_not_picture(emf, sizeof(emf), true, "a Windows drawing (EMF)");
	expect_not_picture(wmf, sizeof(wmf), true, "a Windows drawing (WMF)");
	expect_not_picture(wmf_plain, sizeof(wmf_plain), true, "a Windows drawing (WMF)");
	expect_not_picture(binary, sizeof(binary) - 1, true,
	                   "the file is not a PNG, JPEG, WebP or GIF picture");
	/* "BM" that reads as text is text. */
	expect_not_picture("BMW service booklet, page one", 29, true, "the file is text");

	/* Only the start of a text file: a character cut at the end is fine,
	 * one that is bad in the middle is not text. */
	char start[PKG_HEADER_BYTES];
	memset(start, 'a', sizeof(start));
	memcpy(start + 100, "caf\xC3\xA9", 5);
	start[sizeof(start) - 1] = (char)0xC3;
	expect_not_picture(start, sizeof(start), false, "the file is text");
	start[50] = (char)0xFF;
	expect_not_picture(start, sizeof(start), false,
	                   "the file is not a PNG, JPEG, WebP or GIF picture");

	/* Magic bytes alone, with nothing after them. */
	expect_not_picture("\x89PN", 3, true, "the file is not a PNG, JPEG, WebP or GIF picture");
	PkgImageInfo info;
	PkgWhy why;
	assert_int_equal(
	    pkg_image_probe((const unsigned char *)"\xFF\xD8\xFF", 3, true, &info, &why), -1);
	assert_string_equal(en(&why), "the picture's header is damaged");
	assert_int_equal(
	    pkg_image_probe((const unsigned char *)"RIFF\0\0\0\0WEBP", 12, true, &info, &why), -1);
	assert_string_equal(en(&why), "the picture's header is damaged");
}

static void test_image_limits(void **state)
{
	PkgLimits l;
	pkg_limits_default(&l);
	PkgWhy why;
	PkgImageInfo ok = {.format = PKG_IMG_PNG, .w = 8192, .h = 4882};
	assert_int_equal(pkg_image_limits(&ok, &l, &why), 0);
	PkgImageInfo wide = {.format = PKG_IMG_PNG, .w = 20000, .h = 20000};
	assert_int_equal(pkg_image_limits(&wide, &l, &why), -1);
	assert_string_equal(en(&why),
	                    "the picture is too large (20000 x 20000 pixels; at most 8192 pixels "
	                    "a side)");
	PkgImageInfo tall = {.format = PKG_IMG_JPEG, .w = 10, .h = 8193};
	assert_int_equal(pkg_image_limits(&tall, &l, &why), -1);
	PkgImageInfo big = {.format = PKG_IMG_PNG, .w = 8000, .h = 8000};
	assert_int_equal(pkg_image_limits(&big, &l, &why), -1);
	assert_string_equal(en(&why),
	                    "the picture is too large (8000 x 8000 pixels, 64 megapixels; at "
	                    "most 40 megapixels)");
	PkgImageInfo just = {.format = PKG_IMG_PNG, .w = 8000, .h = 5001};
	assert_int_equal(pkg_image_limits(&just, &l, &why), -1);
	assert_string_equal(en(&why), "the picture is too large (8000 x 5001 pixels, more than 40 "
	                              "megapixels; at most 40 megapixels)");
	PkgImageInfo edge = {.format = PKG_IMG_PNG, .w = 8000, .h = 5000};
	assert_int_equal(pkg_image_limits(&edge, &l, &why), 0);
	PkgImageInfo odd = {.format = PKG_IMG_PNG, .w = 7000, .h = 6000};
	assert_int_equal(pkg_image_limits(&odd, &l, &why), -1);
	assert_string_equal(en(&why),
	                    "the picture is too large (7000 x 6000 pixels, 42 megapixels; at "
	                    "most 40 megapixels)");
	l.max_pixels = 1500000;
	PkgImageInfo frac = {.format = PKG_IMG_PNG, .w = 1500, .h = 1001};
	assert_int_equal(pkg_image_limits(&frac, &l, &why), -1);
	assert_string_equal(en(&why), "the picture is too large (1500 x 1001 pixels, more than 1.5 "
	                              "megapixels; at most 1.5 megapixels)");
}

static void test_complete_png(void **state)
{
	PkgWhy why;
	Bytes x = png(4, 4);
	assert_int_equal(pkg_image_complete(x.b, x.n, PKG_IMG_PNG, &why), 0);
	for (size_t cut = 8; cut < x.n; cut++) {
		assert_int_equal(pkg_image_complete(x.b, cut, PKG_IMG_PNG, &why), -1);
		assert_string_equal(en(&why),
		                    "the picture is incomplete (the file ends too early)");
	}
	/* A chunk length with the high bit set. */
	x.b[33] = 0x80;
	assert_int_equal(pkg_image_complete(x.b, x.n, PKG_IMG_PNG, &why), -1);
	assert_string_equal(en(&why), "the picture is damaged");
}

static void test_complete_jpeg(void **state)
{
	PkgWhy why;
	Bytes x = jpeg(0xC0, 16, 16, 0);
	assert_int_equal(pkg_image_complete(x.b, x.n, PKG_IMG_JPEG, &why), 0);
	/* Trailing bytes after the end (some cameras append data) are fine. */
	Bytes y = x;
	put(&y, "trailer", 7);
	assert_int_equal(pkg_image_complete(y.b, y.n, PKG_IMG_JPEG, &why), 0);
	for (size_t cut = 2; cut < x.n; cut++)
		assert_int_equal(pkg_image_complete(x.b, cut, PKG_IMG_JPEG, &why), -1);
	assert_string_equal(en(&why), "the picture is incomplete (the file ends too early)");

	/* The thumbnail's end marker in the metadata is not the picture's. */
	x = jpeg(0xC0, 16, 16, 600);
	assert_int_equal(pkg_image_complete(x.b, x.n, PKG_IMG_JPEG, &why), 0);
	assert_int_equal(pkg_image_complete(x.b, x.n - 2, PKG_IMG_JPEG, &why), -1);

	/* Progressive: tables and a second scan between scans. */
	x = jpeg(0xC2, 16, 16, 0);
	x.n -= 2;
	jpeg_segment(&x, 0xC4, "\x10\x01\x00", 3);
	jpeg_segment(&x, 0xDA, "\x01\x01\x00\x00\x3f\x00", 6);
	put(&x, "\x9a\xbc\xFF\x00", 4);
	size_t before_end = x.n;
	put(&x, "\xFF\xD9", 2);
	assert_int_equal(pkg_image_complete(x.b, x.n, PKG_IMG_JPEG, &why), 0);
	assert_int_equal(pkg_image_complete(x.b, before_end, PKG_IMG_JPEG, &why), -1);
}

static void test_complete_webp(void **state)
{
	PkgWhy why;
	unsigned char vp8[10] = {0x10, 0x02, 0x00, 0x9D, 0x01, 0x2A, 0x40, 0x01, 0xF0, 0x00};
	Bytes x = webp("VP8 ", vp8, sizeof(vp8));
	assert_int_equal(pkg_image_complete(x.b, x.n, PKG_IMG_WEBP, &why), 0);
	assert_int_equal(pkg_image_complete(x.b, x.n - 1, PKG_IMG_WEBP, &why), -1);
	assert_string_equal(en(&why), "the picture is incomplete (the file ends too early)");
	assert_int_equal(pkg_image_complete(x.b, 8, PKG_IMG_WEBP, &why), -1);
	assert_int_equal(pkg_image_complete(x.b, x.n, PKG_IMG_NONE, &why), -1);
}

/* ---- paths ------------------------------------------------------------- */

static void expect_path(const char *rel, const char *reason)
{
	PkgWhy why = {0};
	int rc = pkg_path_check(rel, &why);
	if (!reason) {
		assert_int_equal(rc, 0);
		return;
	}
	assert_int_equal(rc, -1);
	assert_string_equal(en(&why), reason);
}

static void test_path_rules(void **state)
{
	expect_path("article.md", NULL);
	expect_path("images/lungs.png", NULL);
	expect_path("IMAGES/LUNGS.PNG", NULL);
	expect_path("images/caf\xC3\xA9 photo.jpg", NULL);
	expect_path(".DS_Store", NULL);
	expect_path("..hidden", NULL);
	expect_path("a/..b/c", NULL);

	expect_path("", "the name is empty");
	expect_path(NULL, "the name is empty");
	expect_path("/etc/passwd", "the path starts at the top of the disk instead of in the kiosk "
	                           "folder");
	expect_path("..", "the path leads out of the kiosk folder (\"..\")");
	expect_path("images/../../etc", "the path leads out of the kiosk folder (\"..\")");
	expect_path("images/..", "the path leads out of the kiosk folder (\"..\")");
	/* ".." wins over an earlier empty part: it is the dangerous one. */
	expect_path("a//../b", "the path leads out of the kiosk folder (\"..\")");
	expect_path("a//b", "the path has an empty part (\"//\")");
	expect_path("a/", "the path has an empty part (\"//\")");
	expect_path("./a", "the path has a \".\" part");
	expect_path("a\x01name.png", "the name contains control characters");
	expect_path("a\tb", "the name contains control characters");
	expect_path("del\x7f", "the name contains control characters");
	expect_path("c1\xC2\x85", "the name contains control characters");
	expect_path("latin1-caf\xE9.png", "the name is not readable text");
	expect_path("over\xC0\xAFlong", "the name is not readable text");

	char name[300];
	memset(name, 'n', sizeof(name));
	name[255] = '\0';
	expect_path(name, NULL);
	name[255] = 'n';
	name[256] = '\0';
	expect_path(name, "the name is too long");
	char path[PKG_PATH_MAX + 2];
	for (size_t i = 0; i < sizeof(path) - 1; i++)
		path[i] = (i % 10 == 9) ? '/' : 'd';
	path[PKG_PATH_MAX] = '\0';
	expect_path(path, NULL);
	path[PKG_PATH_MAX] = 'd';
	path[PKG_PATH_MAX + 1] = '\0';
	expect_path(path, "the name is too long");
}

static void expect_ref(const char *src, const char *reason)
{
	PkgWhy why = {0};
	int rc = pkg_ref_check(src, &why);
	if (!reason) {
		assert_int_equal(rc, 0);
		return;
	}
	assert_int_equal(rc, -1);
	assert_string_equal(en(&why), reason);
}

static void test_picture_references(void **state)
{
	const char *outside = "pictures must be inside the kiosk folder";
	const char *web = "pictures from the internet cannot be shown; pictures must be inside the "
	                  "kiosk folder";
	expect_ref("images/lungs.png", NULL);
	expect_ref("lungs.png", NULL);
	expect_ref("images/my lungs.png", NULL);
	expect_ref("images/x.png?v=2", NULL);
	expect_ref("www.example.com/x.png", NULL);

	expect_ref("", "the picture has no file name");
	expect_ref(NULL, "the picture has no file name");
	expect_ref("http://example.com/x.png", web);
	expect_ref("https://example.com/x.png", web);
	expect_ref("HTTPS://example.com/x.png", outside);
	expect_ref("ftp://example.com/x.png", web);
	expect_ref("data:image/png;base64,AAAA", outside);
	expect_ref("file:///etc/passwd", outside);
	expect_ref("C:/pictures/x.png", outside);
	expect_ref("C:\\pictures\\x.png", outside);
	expect_ref("/etc/passwd", outside);
	expect_ref("//server/share/x.png", outside);
	expect_ref("\\\\server\\share\\x.png", outside);
	expect_ref("~/x.png", outside);
	expect_ref("../secret.png", outside);
	expect_ref("images/../../secret.png", outside);
	expect_ref("images/..", outside);
	expect_ref("..\\secret.png", outside);
	expect_ref("images\\..\\..\\x.png", outside);
	expect_ref("images\\lungs.png", "write / between folder names, not \\");
	expect_ref("./images/lungs.png", "write the path without \"./\"");
	expect_ref("images//lungs.png",
	           "the path has an empty folder name (\"//\" or a \"/\" at the end)");
	expect_ref("images/", "the path has an empty folder name (\"//\" or a \"/\" at the end)");
	expect_ref("images/a\x01.png", "the path contains control characters");
	expect_ref("images/\xFF.png", "the path is not readable text");
}

static void test_names(void **state)
{
	char out[32];
	pkg_fold("IMAGES/Lungs.PNG", out, sizeof(out));
	assert_string_equal(out, "images/lungs.png");
	pkg_fold("Caf\xC3\x89.MD", out, sizeof(out));
	assert_string_equal(out, "caf\xC3\x89.md");
	pkg_fold("abcdefgh", out, 4);
	assert_string_equal(out, "abc");

	assert_true(pkg_is_article_name("article.md"));
	assert_true(pkg_is_article_name("ARTICLE.MD"));
	assert_true(pkg_is_article_name("x.Md"));
	assert_false(pkg_is_article_name(".md"));
	assert_false(pkg_is_article_name("._article.md"));
	assert_false(pkg_is_article_name(".hidden.md"));
	assert_false(pkg_is_article_name("article.mdx"));
	assert_false(pkg_is_article_name("article.txt"));
	assert_false(pkg_is_article_name("md"));
	assert_true(pkg_is_article_name("flu.docx"));
	assert_true(pkg_is_article_name("FLU.DOCX"));
	assert_false(pkg_is_article_name(".docx"));
	assert_false(pkg_is_article_name("._flu.docx"));
	assert_false(pkg_is_article_name("flu.doc"));
	assert_true(pkg_is_docx_name("flu.Docx"));
	assert_false(pkg_is_docx_name("flu.md"));

	assert_true(pkg_is_picture_name("a.png"));
	assert_true(pkg_is_picture_name("A.JPEG"));
	assert_true(pkg_is_picture_name("photo.HEIC"));
	assert_true(pkg_is_picture_name("d.svg"));
	assert_false(pkg_is_picture_name("notes.txt"));
	assert_false(pkg_is_picture_name("png"));

	assert_true(pkg_is_leftover_name(".DS_Store"));
	assert_true(pkg_is_leftover_name("~$flu.docx"));
	assert_false(pkg_is_leftover_name("~flu.docx"));
	assert_true(pkg_is_leftover_name(".fseventsd"));
	assert_true(pkg_is_leftover_name(".Spotlight-V100"));
	assert_true(pkg_is_leftover_name("._lungs.png"));
	assert_true(pkg_is_leftover_name(".Trashes"));
	assert_true(pkg_is_leftover_name("Thumbs.db"));
	assert_true(pkg_is_leftover_name("THUMBS.DB"));
	assert_true(pkg_is_leftover_name("desktop.ini"));
	assert_true(pkg_is_leftover_name("System Volume Information"));
	assert_true(pkg_is_leftover_name("$RECYCLE.BIN"));
	assert_false(pkg_is_leftover_name("article.md"));
	assert_false(pkg_is_leftover_name("images"));
	assert_false(pkg_is_leftover_name("Thumbs.db.png"));
}

/* ---- articles ---------------------------------------------------------- */

static void expect_text(const char *text, size_t len, uint64_t max, const char *reason)
{
	PkgWhy why = {0};
	int rc = pkg_article_text_check(text, len, max, &why);
	if (!reason) {
		assert_int_equal(rc, 0);
		return;
	}
	assert_int_equal(rc, -1);
	assert_string_equal(en(&why), reason);
}

static void test_article_text(void **state)
{
	expect_text("# Title\n", 8, 1024, NULL);
	expect_text("x", 1, 1, NULL);
	expect_text("", 0, 1024, "the article is empty");
	expect_text(" \n\t\r\n", 5, 1024, "the article is empty");
	expect_text("\xEF\xBB\xBF\n", 4, 1024, "the article is empty");
	expect_text("\xEF\xBB\xBFx", 4, 1024, NULL);
	expect_text("one\ntwo\nthr\xE9\n", 13, 1024,
	            "not plain UTF-8 text (line 3 has a character the kiosk cannot read)");
	expect_text("\xFF\xFE#\0", 4, 1024,
	            "not plain UTF-8 text (line 1 has a character the kiosk cannot read)");
	expect_text("ab", 2, 1, "the article is too large (2 bytes; at most 1 byte)");
	static char big[1300 * 1024];
	memset(big, 'a', sizeof(big));
	expect_text(big, sizeof(big), 1024 * 1024,
	            "the article is too large (1.3 MB; at most 1 MB)");
	expect_text(big, 1024 * 1024 + 1, 1024 * 1024, "the article is too large (more than 1 MB)");
	expect_text(big, 1024 * 1024, 1024 * 1024, NULL);
}

static void test_format_bytes(void **state)
{
	static const struct {
		uint64_t bytes;
		const char *text;
	} cases[] = {
	    {0, "0 bytes"},          {1, "1 byte"},
	    {1023, "1023 bytes"},    {1024, "1 KB"},
	    {1536, "2 KB"},          {319488, "312 KB"},
	    {1048575, "1024 KB"},    {1048576, "1 MB"},
	    {1258291, "1.2 MB"},     {10 * 1048576 - 1, "10 MB"},
	    {3355443, "3.2 MB"},     {512ull * 1048576, "512 MB"},
	    {1073741824ull, "1 GB"}, {5ull * 1099511627776ull, "5 TB"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char buf[32];
		pkg_format_bytes(cases[i].bytes, buf, sizeof(buf));
		assert_string_equal(buf, cases[i].text);
	}
	char buf[80];
	pkg_format_over(70ull * 1048576, 64ull * 1048576, buf, sizeof(buf));
	assert_string_equal(buf, "70 MB; at most 64 MB");
	pkg_format_over(64ull * 1048576 + 1, 64ull * 1048576, buf, sizeof(buf));
	assert_string_equal(buf, "more than 64 MB");
}

static void test_format_room(void **state)
{
	static const struct {
		uint64_t need, room;
		const char *need_text, *room_text;
	} cases[] = {
	    {480ull << 20, 210ull << 20, "480 MB", "210 MB"},
	    /* Rounded apart: the need up, the room down. */
	    {(210ull << 20) + 1, 210ull << 20, "211 MB", "210 MB"},
	    {(210ull << 20) - 1, (209ull << 20) + 1, "210 MB", "209 MB"},
	    {(2ull << 30) + 1, 900ull << 20, "2.1 GB", "900 MB"},
	    {(9ull << 20) + 1, 9ull << 20, "9.1 MB", "9.0 MB"},
	    {5000, 1000, "4.9 KB", "0.9 KB"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char need[32], room[32];
		pkg_format_room(cases[i].need, cases[i].room, need, room, sizeof(need));
		assert_string_equal(need, cases[i].need_text);
		assert_string_equal(room, cases[i].room_text);
	}
}

/* ---- the report -------------------------------------------------------- */

static const char *line(const PkgReport *r, size_t i)
{
	static char buf[1024];
	assert_true(pkg_report_line(r, i, buf, sizeof(buf)) >= 0);
	return buf;
}

static void test_report_lines(void **state)
{
	PkgReport r;
	pkg_report_init(&r);
	pkg_report_add(&r, true, "images/unused.png", "not used by any article");
	pkg_report_add(&r, false, "images/lungs.png", "not a picture the kiosk can show (%s)",
	               "the file is text");
	pkg_report_add(&r, false, "", "This USB stick has no kiosk content");
	pkg_report_add(&r, true, "notes.txt", "not used by any article");
	pkg_report_add(&r, false, "kiosk.conf:3", "data_dir cannot be set from a USB stick");
	assert_int_equal(r.n, 5);
	assert_int_equal(r.errors, 3);
	assert_int_equal(r.warnings, 2);

	pkg_report_finish(&r);
	assert_string_equal(
	    line(&r, 0), "images/lungs.png: not a picture the kiosk can show (the file is text)");
	assert_string_equal(line(&r, 1), "This USB stick has no kiosk content");
	assert_string_equal(line(&r, 2), "kiosk.conf:3: data_dir cannot be set from a USB stick");
	assert_string_equal(line(&r, 3), "warning: images/unused.png: not used by any article");
	assert_string_equal(line(&r, 4), "warning: notes.txt: not used by any article");
	char buf[8];
	assert_int_equal(pkg_report_line(&r, 5, buf, sizeof(buf)), -1);
	/* Like snprintf: the whole length, whatever fits. */
	assert_int_equal(pkg_report_line(&r, 4, buf, sizeof(buf)),
	                 (int)strlen("warning: notes.txt: not used by any article"));
	assert_string_equal(buf, "warning");
	pkg_report_free(&r);
	assert_int_equal(r.n, 0);
	assert_null(r.v);
}

static void test_report_cleans_names(void **state)
{
	PkgReport r;
	pkg_report_init(&r);
	/* A name from a stick can hold anything: one clean line comes out. */
	pkg_report_add(&r, false, "images/a\x01\nb\x1b[31m.png", "name \xFF\xFE bad %s", "\x7f");
	assert_string_equal(line(&r, 0), "images/a??b?[31m.png: name ?? bad ?");
	/* A real U+FFFD and other text stay. */
	pkg_report_add(&r, false, "caf\xC3\xA9\xEF\xBF\xBD.png", "ok");
	assert_string_equal(line(&r, 1), "caf\xC3\xA9\xEF\xBF\xBD.png: ok");

	/* Long ones are clipped on a character, with "...". */
	char path[600];
	memset(path, 'p', sizeof(path));
	path[sizeof(path) - 1] = '\0';
	char msg[800];
	for (size_t i = 0; i + 1 < sizeof(msg); i += 2)
		memcpy(msg + i, "\xC3\xA9", 2);
	msg[sizeof(msg) - 1] = '\0';
	pkg_report_add(&r, false, path, "%s", msg);
	const char *l = line(&r, 2);
	assert_true(strlen(l) < 700);
	assert_non_null(strstr(l, "...: "));
	size_t n = strlen(l);
	assert_string_equal(l + n - 3, "...");
	assert_int_equal((unsigned char)l[n - 4], 0xA9);
	pkg_report_free(&r);
}

static void test_report_summary(void **state)
{
	PkgReport r;
	pkg_report_init(&r);
	char buf[128];
	r.articles = 1;
	r.topics = 8;
	r.images = 3;
	r.bytes = 319488;
	pkg_report_summary(&r, buf, sizeof(buf));
	assert_string_equal(buf, "1 article, 8 topics, 3 images, 312 KB");
	r.articles = 2;
	r.topics = 1;
	r.images = 1;
	r.bytes = 3355443;
	pkg_report_summary(&r, buf, sizeof(buf));
	assert_string_equal(buf, "2 articles, 1 topic, 1 image, 3.2 MB");
	r.articles = r.topics = r.images = 0;
	r.bytes = 0;
	pkg_report_summary(&r, buf, sizeof(buf));
	assert_string_equal(buf, "0 articles, 0 topics, 0 images, 0 bytes");
	pkg_report_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_limits_default),
	    cmocka_unit_test(test_probe_png),
	    cmocka_unit_test(test_probe_jpeg),
	    cmocka_unit_test(test_probe_webp),
	    cmocka_unit_test(test_probe_not_pictures),
	    cmocka_unit_test(test_image_limits),
	    cmocka_unit_test(test_complete_png),
	    cmocka_unit_test(test_complete_jpeg),
	    cmocka_unit_test(test_complete_webp),
	    cmocka_unit_test(test_path_rules),
	    cmocka_unit_test(test_probe_exif_orientation),
	    cmocka_unit_test(test_probe_gif),
	    cmocka_unit_test(test_probe_hold),
	    cmocka_unit_test(test_probe_webp_animation),
	    cmocka_unit_test(test_probe_file_behind_metadata),
	    cmocka_unit_test(test_picture_references),
	    cmocka_unit_test(test_names),
	    cmocka_unit_test(test_article_text),
	    cmocka_unit_test(test_format_bytes),
	    cmocka_unit_test(test_format_room),
	    cmocka_unit_test(test_report_lines),
	    cmocka_unit_test(test_report_cleans_names),
	    cmocka_unit_test(test_report_summary),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
