/* Unit tests for core/exif: the Orientation tag read from APP1 payloads in
 * both byte orders, what a damaged or hostile block gives (never more than
 * its bytes, never a refusal), and where each of the eight orientations
 * puts a picture's corners. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/picture/exif.h"

/* "Exif\0\0", a TIFF header and IFD0 with n entries (the orientation last,
 * of type type), as a phone writes it. */
static size_t block(unsigned char *p, bool big, unsigned o, unsigned type, unsigned entries)
{
	size_t n = 0;
	memcpy(p, "Exif\0\0", 6);
	n = 6;
	const unsigned char head_le[8] = {'I', 'I', 42, 0, 8, 0, 0, 0};
	const unsigned char head_be[8] = {'M', 'M', 0, 42, 0, 0, 0, 8};
	memcpy(p + n, big ? head_be : head_le, 8);
	n += 8;
	p[n++] = big ? 0 : (unsigned char)entries;
	p[n++] = big ? (unsigned char)entries : 0;
	for (unsigned i = 0; i < entries; i++) {
		unsigned tag = i + 1 == entries ? 0x0112 : 0x010F + i;
		unsigned t = i + 1 == entries ? type : 2;
		unsigned char e[12] = {0};
		e[big ? 0 : 1] = (unsigned char)(tag >> 8);
		e[big ? 1 : 0] = (unsigned char)tag;
		e[big ? 3 : 2] = (unsigned char)t;
		e[big ? 7 : 4] = 1;
		if (t == 4)
			e[big ? 11 : 8] = (unsigned char)o;
		else
			e[big ? 9 : 8] = (unsigned char)o;
		memcpy(p + n, e, 12);
		n += 12;
	}
	memset(p + n, 0, 4);
	return n + 4;
}

static void test_both_byte_orders(void **state)
{
	unsigned char p[256];
	for (unsigned o = 1; o <= 8; o++) {
		size_t n = block(p, false, o, 3, 3);
		assert_int_equal(exif_orientation(p, n), o);
		n = block(p, true, o, 3, 3);
		assert_int_equal(exif_orientation(p, n), o);
		/* LONG, as a few writers have it. */
		n = block(p, true, o, 4, 1);
		assert_int_equal(exif_orientation(p, n), o);
		n = block(p, false, o, 4, 2);
		assert_int_equal(exif_orientation(p, n), o);
	}
}

static void test_not_exif_or_damaged(void **state)
{
	unsigned char p[256];
	/* Not EXIF at all: another APP1 (XMP), or nothing. */
	const char *xmp = "http://ns.adobe.com/xap/1.0/";
	assert_int_equal(exif_orientation((const unsigned char *)xmp, strlen(xmp) + 1), 0);
	assert_int_equal(exif_orientation(NULL, 0), 0);
	assert_int_equal(exif_orientation((const unsigned char *)"Exif\0", 5), 0);

	/* EXIF, but the tag cannot be read: shown as stored. */
	size_t n = block(p, false, 6, 3, 3);
	assert_int_equal(exif_orientation(p, 6), 1);
	assert_int_equal(exif_orientation(p, 13), 1);
	/* The last entry cut off by the end of the segment. */
	assert_int_equal(exif_orientation(p, n - 5), 1);
	assert_int_equal(exif_orientation(p, n - 4), 6);
	/* Values outside 1-8, and a type that is not a number. */
	for (unsigned o = 0; o < 256; o += 9) {
		n = block(p, false, o, 3, 1);
		assert_int_equal(exif_orientation(p, n), o >= 1 && o <= 8 ? o : 1);
	}
	n = block(p, false, 6, 2, 1);
	assert_int_equal(exif_orientation(p, n), 1);
	/* A wrong byte-order mark, a wrong magic number. */
	n = block(p, false, 6, 3, 1);
	p[6] = 'X';
	assert_int_equal(exif_orientation(p, n), 1);
	n = block(p, false, 6, 3, 1);
	p[8] = 43;
	assert_int_equal(exif_orientation(p, n), 1);
	/* IFD0 pointing into the header, past the end, or at the very end. */
	n = block(p, false, 6, 3, 1);
	p[10] = 4;
	assert_int_equal(exif_orientation(p, n), 1);
	p[10] = 0xFF;
	assert_int_equal(exif_orientation(p, n), 1);
	p[10] = (unsigned char)(n - 6 - 1);
	assert_int_equal(exif_orientation(p, n), 1);
	/* An entry count far beyond the bytes: only what is there is read. */
	n = block(p, false, 6, 3, 2);
	p[14] = 0xFF;
	p[15] = 0xFF;
	assert_int_equal(exif_orientation(p, n), 6);
	p[n - 4 - 12] = 0x13;
	assert_int_equal(exif_orientation(p, n), 1);
}

/* TIFF 6.0 names each value by where stored row 0 and column 0 go. */
static void test_corners(void **state)
{
	const int w = 4, h = 3;
	/* Where stored (0,0), (w-1,0) and (0,h-1) land on the shown picture. */
	static const struct {
		int o, sw, sh;
		int a[2], b[2], c[2];
	} cases[] = {
	    {1, 4, 3, {0, 0}, {3, 0}, {0, 2}}, {2, 4, 3, {3, 0}, {0, 0}, {3, 2}},
	    {3, 4, 3, {3, 2}, {0, 2}, {3, 0}}, {4, 4, 3, {0, 2}, {3, 2}, {0, 0}},
	    {5, 3, 4, {0, 0}, {0, 3}, {2, 0}}, {6, 3, 4, {2, 0}, {2, 3}, {0, 0}},
	    {7, 3, 4, {2, 3}, {2, 0}, {0, 3}}, {8, 3, 4, {0, 3}, {0, 0}, {2, 3}},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int o = cases[i].o, x, y;
		unsigned sw, sh;
		exif_shown_size((unsigned)o, w, h, &sw, &sh);
		assert_int_equal(sw, cases[i].sw);
		assert_int_equal(sh, cases[i].sh);
		assert_int_equal(exif_swaps((unsigned)o), o >= 5);
		exif_map((unsigned)o, w, h, 0, 0, &x, &y);
		assert_int_equal(x, cases[i].a[0]);
		assert_int_equal(y, cases[i].a[1]);
		exif_map((unsigned)o, w, h, w - 1, 0, &x, &y);
		assert_int_equal(x, cases[i].b[0]);
		assert_int_equal(y, cases[i].b[1]);
		exif_map((unsigned)o, w, h, 0, h - 1, &x, &y);
		assert_int_equal(x, cases[i].c[0]);
		assert_int_equal(y, cases[i].c[1]);
		/* Every stored pixel lands on its own shown pixel. */
		bool seen[12] = {false};
		for (int yy = 0; yy < h; yy++)
			for (int xx = 0; xx < w; xx++) {
				exif_map((unsigned)o, w, h, xx, yy, &x, &y);
				assert_true(x >= 0 && x < (int)sw && y >= 0 && y < (int)sh);
				assert_false(seen[y * (int)sw + x]);
				seen[y * (int)sw + x] = true;
			}
	}
	/* Anything else is upright. */
	int x, y;
	exif_map(0, w, h, 1, 2, &x, &y);
	assert_int_equal(x, 1);
	assert_int_equal(y, 2);
	exif_map(9, w, h, 1, 2, &x, &y);
	assert_int_equal(x, 1);
	assert_int_equal(y, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_both_byte_orders),
	    cmocka_unit_test(test_not_exif_or_damaged),
	    cmocka_unit_test(test_corners),
	};
	return cmocka_run_group_tests_name("exif", tests, NULL, NULL);
}
