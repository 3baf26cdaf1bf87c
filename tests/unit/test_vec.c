/* vec: arrays that grow by doubling, and refuse sizes that would wrap. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/document/model/vec.h"

static void test_grows_by_doubling_and_keeps_what_it_held(void **state)
{
	int *v = NULL;
	size_t cap = 0;
	assert_true(vec_grow((void **)&v, &cap, 1, sizeof(*v)));
	assert_int_equal(cap, 16);
	for (int i = 0; i < 16; i++)
		v[i] = i;
	assert_true(vec_grow((void **)&v, &cap, 17, sizeof(*v)));
	assert_int_equal(cap, 32);
	assert_true(vec_grow((void **)&v, &cap, 100, sizeof(*v)));
	assert_int_equal(cap, 128);
	for (int i = 0; i < 16; i++)
		assert_int_equal(v[i], i);
	free(v);
}

static void test_room_enough_changes_nothing(void **state)
{
	char buf[4];
	void *p = buf;
	size_t cap = 4;
	assert_true(vec_grow(&p, &cap, 4, 1));
	assert_ptr_equal(p, buf);
	assert_int_equal(cap, 4);
}

static void test_a_size_that_would_wrap_is_refused_and_the_array_kept(void **state)
{
	char *v = NULL;
	size_t cap = 0;
	assert_true(vec_grow((void **)&v, &cap, 10, 1));
	memcpy(v, "kept", 5);
	void *p = v;
	assert_false(vec_grow(&p, &cap, SIZE_MAX / 2, 4));
	assert_ptr_equal(p, v);
	assert_int_equal(cap, 16);
	assert_string_equal(v, "kept");
	free(v);
}

static void test_append_keeps_a_terminated_string(void **state)
{
	char *p = NULL;
	size_t len = 0, cap = 0;
	assert_true(vec_append(&p, &len, &cap, "flu ", 4));
	assert_true(vec_append(&p, &len, &cap, "", 0));
	assert_true(vec_append(&p, &len, &cap, "jabs", 4));
	assert_int_equal(len, 8);
	assert_string_equal(p, "flu jabs");
	/* A length that would wrap leaves the string as it was. */
	assert_false(vec_append(&p, &len, &cap, "x", SIZE_MAX - 8));
	assert_int_equal(len, 8);
	assert_string_equal(p, "flu jabs");
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_grows_by_doubling_and_keeps_what_it_held),
	    cmocka_unit_test(test_room_enough_changes_nothing),
	    cmocka_unit_test(test_a_size_that_would_wrap_is_refused_and_the_array_kept),
	    cmocka_unit_test(test_append_keeps_a_terminated_string),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
