/* Unit tests for core/utf8: strict validation, decoding with resync,
 * clipping without reading past the limit, and encoding. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/document/model/utf8.h"

static bool valid(const char *s)
{
	return utf8_valid(s, strlen(s), NULL);
}

static void test_valid_text(void **state)
{
	assert_true(utf8_valid("", 0, NULL));
	assert_true(valid("plain ASCII, with punctuation!"));
	assert_true(valid("caf\xC3\xA9"));      /* é */
	assert_true(valid("\xE2\x82\xAC 5"));   /* € */
	assert_true(valid("\xF0\x9F\x98\x80")); /* U+1F600 */
	assert_true(valid("\xEF\xBF\xBD"));     /* U+FFFD written out */
	assert_true(valid("\xEF\xBB\xBF"
	                  "bom")); /* U+FEFF */
	/* A NUL is a well-formed code point; callers that refuse NULs check
	 * for them themselves. */
	assert_true(utf8_valid("a\0b", 3, NULL));
}

static void test_valid_boundaries(void **state)
{
	assert_true(valid("\x7F"));
	assert_true(valid("\xC2\x80"));         /* U+0080 */
	assert_true(valid("\xDF\xBF"));         /* U+07FF */
	assert_true(valid("\xE0\xA0\x80"));     /* U+0800 */
	assert_true(valid("\xED\x9F\xBF"));     /* U+D7FF, just below surrogates */
	assert_true(valid("\xEE\x80\x80"));     /* U+E000, just above */
	assert_true(valid("\xEF\xBF\xBF"));     /* U+FFFF */
	assert_true(valid("\xF0\x90\x80\x80")); /* U+10000 */
	assert_true(valid("\xF4\x8F\xBF\xBF")); /* U+10FFFF */
}

static void expect_bad(const char *s, size_t len, size_t at)
{
	size_t bad = 12345;
	assert_false(utf8_valid(s, len, &bad));
	assert_int_equal(bad, at);
}

static void test_invalid_sequences(void **state)
{
	/* overlongs */
	expect_bad("\xC0\x80", 2, 0);
	expect_bad("ab\xC1\xBF", 4, 2);
	expect_bad("\xE0\x80\x80", 3, 0);
	expect_bad("\xE0\x9F\xBF", 3, 0);
	expect_bad("\xF0\x80\x80\x80", 4, 0);
	expect_bad("\xF0\x8F\xBF\xBF", 4, 0);
	/* surrogates */
	expect_bad("x\xED\xA0\x80", 4, 1);
	expect_bad("\xED\xBF\xBF", 3, 0);
	/* above U+10FFFF */
	expect_bad("\xF4\x90\x80\x80", 4, 0);
	expect_bad("\xF5\x80\x80\x80", 4, 0);
	expect_bad("\xFF", 1, 0);
	expect_bad("\xFE", 1, 0);
	/* truncated at the end and in the middle */
	expect_bad("ok\xC3", 3, 2);
	expect_bad("\xE2\x82", 2, 0);
	expect_bad("\xF0\x9F\x98", 3, 0);
	expect_bad("\xE2\x82"
	           "A",
	           3, 0);
	expect_bad("\xF0\x9F\x98"
	           "A",
	           4, 0);
	/* stray continuation byte */
	expect_bad("abc\x80", 4, 3);
	/* the bad offset is the first problem, after good multibyte text */
	expect_bad("\xC3\xA9\xE2\x82\xAC\xC3", 6, 5);
	/* the length bounds the check: the same bytes cut short are bad */
	expect_bad("\xC3\xA9", 1, 0);
	assert_false(utf8_valid("\xC3", 1, NULL)); /* bad may be NULL */
}

static void test_next_decodes(void **state)
{
	uint32_t cp;
	assert_int_equal(utf8_next("A", 1, &cp), 1);
	assert_int_equal(cp, 'A');
	assert_int_equal(utf8_next("\xC3\xA9", 2, &cp), 2);
	assert_int_equal(cp, 0xE9);
	assert_int_equal(utf8_next("\xE2\x82\xAC", 3, &cp), 3);
	assert_int_equal(cp, 0x20AC);
	assert_int_equal(utf8_next("\xF0\x9F\x98\x80", 4, &cp), 4);
	assert_int_equal(cp, 0x1F600);
	assert_int_equal(utf8_next("\xF4\x8F\xBF\xBF", 4, &cp), 4);
	assert_int_equal(cp, 0x10FFFF);
	assert_int_equal(utf8_next("", 0, &cp), 0);
}

static void test_next_resyncs(void **state)
{
	uint32_t cp;
	/* A broken sequence uses only its valid beginning, so the ASCII
	 * letter after it is not swallowed. */
	assert_int_equal(utf8_next("\xE2\x82"
	                           "A",
	                           3, &cp),
	                 2);
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(utf8_next("\xF0\x9F\x98"
	                           "A",
	                           4, &cp),
	                 3);
	assert_int_equal(cp, 0xFFFD);
	/* Overlong and surrogate leads fail on the second byte. */
	assert_int_equal(utf8_next("\xC0\x80", 2, &cp), 1);
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(utf8_next("\xED\xA0\x80", 3, &cp), 1);
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(utf8_next("\xF4\x90\x80\x80", 4, &cp), 1);
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(utf8_next("\x80", 1, &cp), 1);
	assert_int_equal(cp, 0xFFFD);
	/* Truncated by len, even though more bytes follow in memory. */
	assert_int_equal(utf8_next("\xE2\x82\xAC", 2, &cp), 2);
	assert_int_equal(cp, 0xFFFD);
}

/* Walking a string of mixed good and bad bytes visits every byte once. */
static void test_next_walks_everything(void **state)
{
	const char s[] = "a\xC3\xA9\xFF\xE2\x82z\xF0\x9F\x98\x80\x80";
	size_t len = sizeof(s) - 1, i = 0, count = 0;
	uint32_t want[] = {'a', 0xE9, 0xFFFD, 0xFFFD, 'z', 0x1F600, 0xFFFD};
	while (i < len) {
		uint32_t cp;
		size_t n = utf8_next(s + i, len - i, &cp);
		assert_true(n >= 1);
		assert_true(count < sizeof(want) / sizeof(want[0]));
		assert_int_equal(cp, want[count]);
		count++;
		i += n;
	}
	assert_int_equal(i, len);
	assert_int_equal(count, sizeof(want) / sizeof(want[0]));
}

static void test_clip(void **state)
{
	const char *s = "h\xC3\xA9llo"; /* h é l l o: 6 bytes */
	assert_int_equal(utf8_clip(s, 0), 0);
	assert_int_equal(utf8_clip(s, 1), 1);
	assert_int_equal(utf8_clip(s, 2), 1); /* would cut é */
	assert_int_equal(utf8_clip(s, 3), 3);
	assert_int_equal(utf8_clip(s, 100), 6); /* stops at the NUL */

	const char *emoji = "\xF0\x9F\x98\x80!";
	for (size_t m = 0; m < 4; m++)
		assert_int_equal(utf8_clip(emoji, m), 0);
	assert_int_equal(utf8_clip(emoji, 4), 4);
	assert_int_equal(utf8_clip(emoji, 5), 5);

	/* Bad bytes count as themselves; they are not "cut". */
	assert_int_equal(utf8_clip("\xFF\xFF"
	                           "a",
	                           3),
	                 3);
	assert_int_equal(utf8_clip("a\x80", 2), 2);
	/* A lead whose sequence would run past max is cut off. */
	assert_int_equal(utf8_clip("ab\xE2\x82\xAC", 4), 2);
}

/* The bytes live at the very end of a heap block with no terminator, so
 * AddressSanitizer catches any read at or past max. */
static void test_clip_reads_nothing_past_max(void **state)
{
	const char src[] = "ab\xE2\x82\xAC";
	size_t n = sizeof(src) - 1;
	char *p = malloc(n);
	assert_non_null(p);
	memcpy(p, src, n);
	assert_int_equal(utf8_clip(p, n), n);
	assert_int_equal(utf8_clip(p, n - 1), 2);
	free(p);
}

static void test_encode(void **state)
{
	char out[4];
	assert_int_equal(utf8_encode('A', out), 1);
	assert_memory_equal(out, "A", 1);
	assert_int_equal(utf8_encode(0xE9, out), 2);
	assert_memory_equal(out, "\xC3\xA9", 2);
	assert_int_equal(utf8_encode(0x20AC, out), 3);
	assert_memory_equal(out, "\xE2\x82\xAC", 3);
	assert_int_equal(utf8_encode(0x1F600, out), 4);
	assert_memory_equal(out, "\xF0\x9F\x98\x80", 4);
	/* What cannot be encoded becomes U+FFFD. */
	assert_int_equal(utf8_encode(0xD800, out), 3);
	assert_memory_equal(out, "\xEF\xBF\xBD", 3);
	assert_int_equal(utf8_encode(0x110000, out), 3);
	assert_memory_equal(out, "\xEF\xBF\xBD", 3);
}

/* Every scalar value survives encode -> validate -> decode. */
static void test_roundtrip_all_code_points(void **state)
{
	for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		char buf[4];
		size_t n = utf8_encode(cp, buf);
		if (!utf8_valid(buf, n, NULL))
			fail_msg("U+%04X encodes to invalid UTF-8", (unsigned)cp);
		uint32_t back;
		if (utf8_next(buf, n, &back) != n || back != cp)
			fail_msg("U+%04X does not decode back", (unsigned)cp);
	}
}

/* A plain reference decoder, written differently (decode first, then
 * check the value), to compare the table-driven one against. */
static bool ref_valid(const unsigned char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		unsigned c = s[i];
		size_t n;
		uint32_t v, min;
		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xE0) == 0xC0) {
			n = 2, v = c & 0x1F, min = 0x80;
		} else if ((c & 0xF0) == 0xE0) {
			n = 3, v = c & 0x0F, min = 0x800;
		} else if ((c & 0xF8) == 0xF0) {
			n = 4, v = c & 0x07, min = 0x10000;
		} else {
			return false;
		}
		if (i + n > len)
			return false;
		for (size_t k = 1; k < n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
			v = (v << 6) | (s[i + k] & 0x3F);
		}
		if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
			return false;
		i += n;
	}
	return true;
}

static void test_matches_reference_on_random_bytes(void **state)
{
	/* Bytes drawn mostly from the interesting range around leads and
	 * continuation bytes, with a fixed seed so failures reproduce. */
	static const unsigned char pool[] = {'a',  0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0,
	                                     0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xED,
	                                     0xEE, 0xEF, 0xF0, 0xF1, 0xF4, 0xF5, 0xFF};
	uint32_t seed = 12345;
	unsigned char buf[8];
	for (int iter = 0; iter < 200000; iter++) {
		size_t len = (size_t)(iter % 8) + 1;
		for (size_t i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			buf[i] = pool[(seed >> 16) % sizeof(pool)];
		}
		bool want = ref_valid(buf, len);
		if (utf8_valid((const char *)buf, len, NULL) != want)
			fail_msg("disagreement on iteration %d (len %zu)", iter, len);
	}
}

static void test_hex_digit(void **state)
{
	const char *digits = "0123456789abcdef";
	for (int i = 0; i < 16; i++) {
		assert_int_equal(utf8_hex_digit(digits[i]), i);
		if (i >= 10)
			assert_int_equal(utf8_hex_digit((char)(digits[i] - 'a' + 'A')), i);
	}
	static const char others[] = "gG/:@`%x \0\xff";
	for (size_t i = 0; i < sizeof(others) - 1; i++)
		assert_int_equal(utf8_hex_digit(others[i]), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_valid_text),
	    cmocka_unit_test(test_valid_boundaries),
	    cmocka_unit_test(test_invalid_sequences),
	    cmocka_unit_test(test_next_decodes),
	    cmocka_unit_test(test_next_resyncs),
	    cmocka_unit_test(test_next_walks_everything),
	    cmocka_unit_test(test_clip),
	    cmocka_unit_test(test_clip_reads_nothing_past_max),
	    cmocka_unit_test(test_encode),
	    cmocka_unit_test(test_roundtrip_all_code_points),
	    cmocka_unit_test(test_matches_reference_on_random_bytes),
	    cmocka_unit_test(test_hex_digit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
