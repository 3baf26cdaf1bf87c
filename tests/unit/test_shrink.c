/* Unit tests for core/shrink: a shown pixel is the exact area average of
 * the stored pixels it covers (whole, halves, thirds), transparent pixels
 * never darken what is visible, rows go out as soon as they are complete
 * and in order, and the largest pictures do not overflow the sums. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/picture/shrink.h"

typedef struct {
	uint32_t px[64 * 64];
	int tw, rows;
	int order[64];
} Out;

static void take(void *ctx, int y, const uint32_t *row)
{
	Out *o = ctx;
	assert_true(y < 64);
	o->order[o->rows++] = y;
	memcpy(o->px + (size_t)y * (size_t)o->tw, row, (size_t)o->tw * 4);
}

static uint32_t grey(unsigned v)
{
	return 0xFF000000u | v << 16 | v << 8 | v;
}

/* Shrinks a sw x sh picture given as a function of (x, y) to tw x th. */
static void run(int sw, int sh, int tw, int th, bool alpha, uint32_t (*f)(int, int), Out *o)
{
	memset(o, 0, sizeof *o);
	o->tw = tw;
	Shrink *s = shrink_new(sw, sh, tw, th, alpha, take, o);
	assert_non_null(s);
	uint32_t *row = malloc((size_t)sw * 4);
	for (int y = 0; y < sh; y++) {
		for (int x = 0; x < sw; x++)
			row[x] = f(x, y);
		shrink_push(s, row);
	}
	assert_int_equal(shrink_done(s), th);
	free(row);
	shrink_free(s);
}

static uint32_t ramp(int x, int y)
{
	return grey((unsigned)(x * 16 + y * 3) & 0xFF);
}

static void test_same_size_is_a_copy(void **state)
{
	static Out o;
	run(13, 7, 13, 7, false, ramp, &o);
	for (int y = 0; y < 7; y++)
		for (int x = 0; x < 13; x++)
			assert_int_equal(o.px[y * 13 + x], ramp(x, y));
}

static uint32_t checker(int x, int y)
{
	return (x + y) % 2 ? grey(200) : grey(100);
}

static void test_halves_average_four(void **state)
{
	static Out o;
	run(8, 6, 4, 3, false, checker, &o);
	for (int i = 0; i < 12; i++)
		assert_int_equal(o.px[i], grey(150));
}

static uint32_t thirds(int x, int y)
{
	(void)y;
	static const unsigned v[3] = {0, 90, 210};
	return grey(v[x]);
}

/* 3 -> 2: the middle pixel is split, a third to each side. */
static void test_split_pixels_count_in_both(void **state)
{
	static Out o;
	run(3, 1, 2, 1, false, thirds, &o);
	assert_int_equal(o.px[0], grey((0 * 2 + 90 + 1) / 3));
	assert_int_equal(o.px[1], grey((90 + 210 * 2 + 1) / 3));
}

static uint32_t edge(int x, int y)
{
	(void)y;
	/* Transparent black, then opaque red. */
	return x < 2 ? 0x00000000u : 0xFFFF0000u;
}

static void test_transparent_pixels_do_not_darken(void **state)
{
	static Out o;
	run(4, 2, 1, 1, true, edge, &o);
	uint32_t p = o.px[0];
	assert_int_equal(p >> 24, 128);
	assert_int_equal((p >> 16) & 0xFF, 255);
	assert_int_equal(p & 0xFFFF, 0);
	/* Without the alpha weighting the colour would be half dark. */
	run(4, 2, 1, 1, false, edge, &o);
	assert_int_equal((o.px[0] >> 16) & 0xFF, 128);
}

static void test_rows_go_out_when_complete(void **state)
{
	Out o;
	memset(&o, 0, sizeof o);
	o.tw = 2;
	/* 10 stored rows to 4 shown: row 0 is complete after stored row 3
	 * (2.5 rows each), row 1 after 5, row 2 after 8, row 3 after 10. */
	Shrink *s = shrink_new(4, 10, 2, 4, false, take, &o);
	uint32_t row[4] = {grey(1), grey(2), grey(3), grey(4)};
	static const int after[10] = {0, 0, 1, 1, 2, 2, 2, 3, 3, 4};
	for (int y = 0; y < 10; y++) {
		shrink_push(s, row);
		assert_int_equal(shrink_done(s), after[y]);
	}
	for (int y = 0; y < 4; y++)
		assert_int_equal(o.order[y], y);
	/* More rows than the picture has change nothing. */
	shrink_push(s, row);
	assert_int_equal(shrink_done(s), 4);
	shrink_free(s);
}

static void test_refuses_growing(void **state)
{
	assert_null(shrink_new(4, 4, 5, 4, false, take, NULL));
	assert_null(shrink_new(4, 4, 4, 5, false, take, NULL));
	assert_null(shrink_new(4, 4, 0, 4, false, take, NULL));
	assert_null(shrink_new(4, 4, 2, 2, false, NULL, NULL));
	shrink_free(NULL);
	shrink_push(NULL, NULL);
}

static uint32_t white(int x, int y)
{
	(void)x, (void)y;
	return 0xFFFFFFFFu;
}

/* A row at the limit (8192 a side) of the brightest pixels, and a
 * column of 16384, into one pixel: the sums must hold. */
static void test_no_overflow_at_the_limits(void **state)
{
	static Out o;
	run(8192, 3, 1, 1, true, white, &o);
	assert_int_equal(o.px[0], 0xFFFFFFFFu);
	run(3, 16384, 1, 1, false, white, &o);
	assert_int_equal(o.px[0], 0xFFFFFFFFu);
	run(8192, 4882, 3, 2, false, white, &o);
	for (int i = 0; i < 6; i++)
		assert_int_equal(o.px[i], 0xFFFFFFFFu);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_same_size_is_a_copy),
	    cmocka_unit_test(test_halves_average_four),
	    cmocka_unit_test(test_split_pixels_count_in_both),
	    cmocka_unit_test(test_transparent_pixels_do_not_darken),
	    cmocka_unit_test(test_rows_go_out_when_complete),
	    cmocka_unit_test(test_refuses_growing),
	    cmocka_unit_test(test_no_overflow_at_the_limits),
	};
	return cmocka_run_group_tests_name("shrink", tests, NULL, NULL);
}
