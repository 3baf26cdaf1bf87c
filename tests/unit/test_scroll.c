/* Unit tests for core/scroll: clamping, and coasting that decays
 * exponentially, with fake time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <math.h>

#include "core/control/scroll.h"

#define TAU 325.0

#define assert_near(a, b, eps) assert_near_at((a), (b), (eps), __FILE__, __LINE__)

static void assert_near_at(double a, double b, double eps, const char *file, int line)
{
	if (fabs(a - b) <= eps)
		return;
	print_error("%.9g is not within %g of %.9g\n", a, eps, b);
	_fail(file, line);
}

static void test_init_and_clamp(void **state)
{
	Scroll s;
	scroll_init(&s, 500);
	assert_int_equal(scroll_pos(&s), 0);
	assert_int_equal(s.max, 500);
	assert_false(s.coasting);

	scroll_by(&s, 120);
	assert_int_equal(scroll_pos(&s), 120);
	scroll_by(&s, -50);
	assert_int_equal(scroll_pos(&s), 70);
	scroll_by(&s, -1000);
	assert_int_equal(scroll_pos(&s), 0);
	scroll_by(&s, 10000);
	assert_int_equal(scroll_pos(&s), 500);

	scroll_init(&s, -30);
	assert_int_equal(s.max, 0);
	scroll_by(&s, 40);
	assert_int_equal(scroll_pos(&s), 0);
}

static void test_set_max_clamps_and_stops(void **state)
{
	Scroll s;
	scroll_init(&s, 1000);
	scroll_by(&s, 800);
	scroll_fling(&s, 1.0, 0);
	assert_true(s.coasting);
	scroll_set_max(&s, 300);
	assert_int_equal(scroll_pos(&s), 300);
	assert_false(s.coasting);
	assert_near(s.velocity, 0, 0);
	assert_false(scroll_step(&s, 100));
	assert_int_equal(scroll_pos(&s), 300);

	scroll_set_max(&s, -5);
	assert_int_equal(s.max, 0);
	assert_int_equal(scroll_pos(&s), 0);
}

static void test_pos_rounds(void **state)
{
	Scroll s;
	scroll_init(&s, 100);
	s.pos = 10.4;
	assert_int_equal(scroll_pos(&s), 10);
	s.pos = 10.5;
	assert_int_equal(scroll_pos(&s), 11);
	s.pos = 10.6;
	assert_int_equal(scroll_pos(&s), 11);
}

static void test_coasting_decays(void **state)
{
	Scroll s;
	scroll_init(&s, 100000);
	scroll_by(&s, 1000);
	scroll_fling(&s, 1.0, 5000);
	assert_true(s.coasting);

	assert_true(scroll_step(&s, 5100));
	double d = exp(-100 / TAU);
	assert_near(s.velocity, d, 1e-12);
	assert_near(s.pos, 1000 + TAU * (1 - d), 1e-9);
	assert_int_equal(scroll_pos(&s), 1086);

	/* Each step goes less far than the one before. */
	double before = s.pos;
	assert_true(scroll_step(&s, 5200));
	double first = s.pos - before;
	before = s.pos;
	assert_true(scroll_step(&s, 5300));
	assert_true(s.pos - before < first);
	assert_true(s.pos - before > 0);
}

static void test_coasting_stops(void **state)
{
	Scroll s;
	scroll_init(&s, 100000);
	scroll_fling(&s, 1.0, 0);
	/* 1 px/ms falls below 0.02 px/ms after 325 * ln 50 = 1271.4 ms. */
	assert_true(scroll_step(&s, 1271));
	assert_true(s.coasting);
	assert_false(scroll_step(&s, 1272));
	assert_false(s.coasting);
	assert_near(s.velocity, 0, 0);
	assert_near(s.pos, TAU * (1 - exp(-1272 / TAU)), 1e-9);
	int at = scroll_pos(&s);
	assert_int_equal(at, 319);
	assert_false(scroll_step(&s, 5000));
	assert_int_equal(scroll_pos(&s), at);
}

static void test_coasting_up(void **state)
{
	Scroll s;
	scroll_init(&s, 2000);
	scroll_by(&s, 1500);
	scroll_fling(&s, -2.0, 0);
	assert_true(scroll_step(&s, 200));
	assert_near(s.pos, 1500 - 2 * TAU * (1 - exp(-200 / TAU)), 1e-9);
	assert_true(s.velocity < 0);
}

static void test_big_dt_in_one_step(void **state)
{
	/* One step over 500 ms lands where 500 steps of 1 ms do. */
	Scroll a, b;
	scroll_init(&a, 100000);
	scroll_init(&b, 100000);
	scroll_fling(&a, 3.0, 0);
	scroll_fling(&b, 3.0, 0);
	for (uint64_t t = 1; t <= 500; t++)
		assert_true(scroll_step(&a, t));
	assert_true(scroll_step(&b, 500));
	assert_near(b.pos, a.pos, 1e-6);
	assert_near(b.velocity, a.velocity, 1e-12);

	/* Hours later: settled at the full glide, v * tau, in one call. */
	Scroll c;
	scroll_init(&c, 100000);
	scroll_fling(&c, 2.0, 1000);
	assert_false(scroll_step(&c, 1000 + 3600000));
	assert_near(c.pos, 2 * TAU, 1e-6);
	assert_int_equal(scroll_pos(&c), 650);
	assert_false(c.coasting);
}

static void test_coasting_clamps_at_bounds(void **state)
{
	Scroll s;
	scroll_init(&s, 100);
	scroll_by(&s, 50);
	scroll_fling(&s, 2.0, 0);
	assert_false(scroll_step(&s, 1000));
	assert_int_equal(scroll_pos(&s), 100);
	assert_false(s.coasting);
	assert_near(s.velocity, 0, 0);

	scroll_fling(&s, -1.0, 2000);
	assert_true(scroll_step(&s, 2010));
	assert_false(scroll_step(&s, 3000));
	assert_int_equal(scroll_pos(&s), 0);
	assert_near(s.velocity, 0, 0);

	/* Flinging against the top edge stops at once. */
	scroll_fling(&s, -1.0, 4000);
	assert_false(scroll_step(&s, 4016));
	assert_int_equal(scroll_pos(&s), 0);
}

static void test_fling_edge_cases(void **state)
{
	Scroll s;
	scroll_init(&s, 1000);
	scroll_by(&s, 500);

	/* Too slow to coast at all. */
	scroll_fling(&s, 0.01, 0);
	assert_false(s.coasting);
	assert_false(scroll_step(&s, 100));
	assert_int_equal(scroll_pos(&s), 500);

	scroll_fling(&s, NAN, 0);
	assert_false(s.coasting);
	scroll_fling(&s, INFINITY, 0);
	assert_false(s.coasting);
	assert_int_equal(scroll_pos(&s), 500);

	/* A clock that does not advance moves nothing but keeps coasting. */
	scroll_fling(&s, 1.0, 1000);
	assert_true(scroll_step(&s, 1000));
	assert_true(scroll_step(&s, 900));
	assert_near(s.pos, 500, 0);
	assert_near(s.velocity, 1.0, 0);
}

static void test_drag_and_stop_end_coasting(void **state)
{
	Scroll s;
	scroll_init(&s, 1000);
	scroll_fling(&s, 1.0, 0);
	assert_true(scroll_step(&s, 50));
	int at = scroll_pos(&s);
	scroll_by(&s, 10);
	assert_false(s.coasting);
	assert_int_equal(scroll_pos(&s), at + 10);
	assert_false(scroll_step(&s, 100));
	assert_int_equal(scroll_pos(&s), at + 10);

	scroll_fling(&s, 1.0, 200);
	scroll_stop(&s);
	assert_false(scroll_step(&s, 300));
	assert_int_equal(scroll_pos(&s), at + 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_init_and_clamp),
	    cmocka_unit_test(test_set_max_clamps_and_stops),
	    cmocka_unit_test(test_pos_rounds),
	    cmocka_unit_test(test_coasting_decays),
	    cmocka_unit_test(test_coasting_stops),
	    cmocka_unit_test(test_coasting_up),
	    cmocka_unit_test(test_big_dt_in_one_step),
	    cmocka_unit_test(test_coasting_clamps_at_bounds),
	    cmocka_unit_test(test_fling_edge_cases),
	    cmocka_unit_test(test_drag_and_stop_end_coasting),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
