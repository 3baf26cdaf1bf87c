/* progress: an import's bar and time left on a fake clock, 40 MB/s
 * reading a stick unless a case says otherwise. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/package/progress.h"

#define MB 1000000ull

static void test_before_a_pace_each_stage_counts_its_bytes(void **state)
{
	Progress p;
	progress_init(&p);
	progress_report(&p, PROGRESS_READING, 0, 100 * MB, 0);
	assert_int_equal(progress_permille(&p, 0), 0);
	progress_report(&p, PROGRESS_READING, 20 * MB, 100 * MB, 500);
	/* 20 MB of 100 read, the check's 100 MB still to come. */
	assert_int_equal(progress_permille(&p, 500), 100);
	assert_int_equal(progress_seconds_left(&p, 500), -1);
}

static void test_reading_at_a_steady_pace(void **state)
{
	Progress p;
	progress_init(&p);
	progress_report(&p, PROGRESS_READING, 0, 240 * MB, 0);
	progress_report(&p, PROGRESS_READING, 80 * MB, 240 * MB, 2000);
	/* 160 MB to read and 240 to check at 40 MB/s: 10 s left of 12. */
	assert_int_equal(progress_seconds_left(&p, 2000), 10);
	assert_int_equal(progress_permille(&p, 2000), 166);
	char clock[16];
	progress_format_time(progress_seconds_left(&p, 2000), clock, sizeof(clock));
	assert_string_equal(clock, "0:10");
}

static void test_the_check_at_its_own_pace(void **state)
{
	Progress p;
	progress_init(&p);
	progress_report(&p, PROGRESS_READING, 0, 240 * MB, 0);
	progress_report(&p, PROGRESS_READING, 240 * MB, 240 * MB, 6000);
	assert_int_equal(progress_permille(&p, 6000), 500);
	progress_report(&p, PROGRESS_CHECKING, 0, 240 * MB, 6000);
	/* Not yet measured: the reading's pace, 6 s more. */
	assert_int_equal(progress_seconds_left(&p, 6500), 6);
	/* Three times as fast as the stick: 120 MB in a second, one to go. */
	progress_report(&p, PROGRESS_CHECKING, 120 * MB, 240 * MB, 7000);
	assert_int_equal(progress_permille(&p, 7000), 875);
	assert_int_equal(progress_seconds_left(&p, 7000), 1);
}

static void test_the_bar_never_goes_back(void **state)
{
	Progress p;
	progress_init(&p);
	progress_report(&p, PROGRESS_READING, 240 * MB, 240 * MB, 6000);
	progress_report(&p, PROGRESS_CHECKING, 0, 240 * MB, 6000);
	assert_int_equal(progress_permille(&p, 6000), 500);
	/* The check is slower than the stick: by its pace less is done
	 * than the bar shows; the bar waits. */
	progress_report(&p, PROGRESS_CHECKING, 24 * MB, 240 * MB, 7000);
	assert_int_equal(progress_permille(&p, 7000), 500);
	assert_int_equal(progress_seconds_left(&p, 7000), 9);
	/* A stale reading report once checking cannot move it back. */
	progress_report(&p, PROGRESS_READING, 10 * MB, 240 * MB, 7100);
	assert_int_equal(progress_permille(&p, 7100), 500);
}

static void test_short_imports_say_no_time(void **state)
{
	Progress p;
	progress_init(&p);
	progress_report(&p, PROGRESS_READING, 40 * MB, 80 * MB, 1000);
	/* Measured, but 3 s in all. */
	assert_int_equal(progress_seconds_left(&p, 1000), -1);
	assert_int_equal(progress_permille(&p, 1000), 250);
}

static void test_done_is_whole(void **state)
{
	Progress p;
	progress_init(&p);
	progress_report(&p, PROGRESS_READING, 240 * MB, 240 * MB, 6000);
	progress_report(&p, PROGRESS_CHECKING, 240 * MB, 240 * MB, 12000);
	assert_int_equal(progress_permille(&p, 12000), 1000);
	assert_int_equal(progress_seconds_left(&p, 12000), -1);
	/* Never quite whole before then. */
	progress_init(&p);
	progress_report(&p, PROGRESS_READING, 240 * MB, 240 * MB, 6000);
	progress_report(&p, PROGRESS_CHECKING, 240 * MB - 1, 240 * MB, 11999);
	assert_int_equal(progress_permille(&p, 11999), 999);
}

static void test_time_as_a_clock_reads(void **state)
{
	static const struct {
		long s;
		const char *text;
	} cases[] = {{0, "0:00"}, {9, "0:09"}, {65, "1:05"}, {725, "12:05"}, {3725, "1:02:05"}};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char buf[16];
		progress_format_time(cases[i].s, buf, sizeof(buf));
		assert_string_equal(buf, cases[i].text);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_before_a_pace_each_stage_counts_its_bytes),
	    cmocka_unit_test(test_reading_at_a_steady_pace),
	    cmocka_unit_test(test_the_check_at_its_own_pace),
	    cmocka_unit_test(test_the_bar_never_goes_back),
	    cmocka_unit_test(test_short_imports_say_no_time),
	    cmocka_unit_test(test_done_is_whole),
	    cmocka_unit_test(test_time_as_a_clock_reads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
