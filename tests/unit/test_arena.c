/* arena: the bump allocator every content generation and layout lives in. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/document/model/arena.h"

static void test_alloc_is_zeroed_and_aligned(void **state)
{
	Arena *a = arena_new(1024);
	assert_non_null(a);
	for (size_t n = 1; n < 200; n += 7) {
		unsigned char *p = arena_alloc(a, n);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % 16, 0);
		for (size_t i = 0; i < n; i++)
			assert_int_equal(p[i], 0);
		memset(p, 0xAB, n);
	}
	/* Sizes are counted rounded up to the alignment. */
	Arena *b = arena_new(0);
	arena_alloc(b, 1);
	arena_alloc(b, 17);
	assert_int_equal(arena_used(b), 16 + 32);
	arena_free(b);
	arena_free(a);
}

static void test_large_blocks_and_absurd_sizes(void **state)
{
	Arena *a = arena_new(1024);
	/* Larger than a chunk: a block of its own, still usable whole. */
	char *big = arena_alloc(a, 100000);
	assert_non_null(big);
	memset(big, 1, 100000);
	char *small = arena_alloc(a, 10);
	assert_non_null(small);
	assert_true(small < big || small >= big + 100000);
	assert_null(arena_alloc(a, SIZE_MAX));
	assert_null(arena_alloc(a, SIZE_MAX / 2 + 1));
	assert_null(arena_alloc(NULL, 16));
	assert_int_equal(arena_used(NULL), 0);
	arena_free(a);
	arena_free(NULL);
}

static void test_strings(void **state)
{
	Arena *a = arena_new(64);
	char *s = arena_strdup(a, "health");
	assert_string_equal(s, "health");
	char *n = arena_strndup(a, "information", 4);
	assert_string_equal(n, "info");
	char *e = arena_strndup(a, NULL, 0);
	assert_string_equal(e, "");
	char *p = arena_printf(a, "%d topic%s of %s", 3, "s", "nine");
	assert_string_equal(p, "3 topics of nine");
	/* Longer than a chunk. */
	char long_text[5000];
	memset(long_text, 'x', sizeof(long_text) - 1);
	long_text[sizeof(long_text) - 1] = '\0';
	char *l = arena_printf(a, "<%s>", long_text);
	assert_int_equal(strlen(l), sizeof(long_text) + 1);
	assert_int_equal(l[0], '<');
	assert_int_equal(l[strlen(l) - 1], '>');
	arena_free(a);
}

static void test_reset_reuses_the_first_block(void **state)
{
	Arena *a = arena_new(4096);
	void *first = arena_alloc(a, 100);
	for (int i = 0; i < 50; i++)
		arena_alloc(a, 1000);
	assert_true(arena_used(a) > 50000);
	arena_reset(a);
	assert_int_equal(arena_used(a), 0);
	/* The chunk-sized block is kept: the next build starts in it again,
	 * zeroed as ever. */
	unsigned char *again = arena_alloc(a, 100);
	assert_ptr_equal(again, first);
	for (int i = 0; i < 100; i++)
		assert_int_equal(again[i], 0);
	arena_reset(NULL);
	Arena *empty = arena_new(4096);
	arena_reset(empty);
	assert_non_null(arena_alloc(empty, 8));
	arena_free(empty);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_alloc_is_zeroed_and_aligned),
	    cmocka_unit_test(test_large_blocks_and_absurd_sizes),
	    cmocka_unit_test(test_strings),
	    cmocka_unit_test(test_reset_reuses_the_first_block),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
