/* Unit tests for core/gesture: taps, drags, flings and swipes from raw
 * pointer events with fake time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <math.h>

#include "core/control/gesture.h"

#define SLOP 20
#define SWIPE_MIN 80

#define assert_near(a, b, eps) assert_near_at((a), (b), (eps), __FILE__, __LINE__)

static void assert_near_at(double a, double b, double eps, const char *file, int line)
{
	if (fabs(a - b) <= eps)
		return;
	print_error("%.9g is not within %g of %.9g\n", a, eps, b);
	_fail(file, line);
}

static GestureOut feed(Gesture *g, PointerType type, int64_t id, int x, int y, uint64_t now)
{
	PointerEvent ev = {.type = type, .id = id, .x = x, .y = y};
	return gesture_feed(g, &ev, now);
}

static void setup(Gesture *g)
{
	gesture_init(g, SLOP, SWIPE_MIN);
}

static void test_init(void **state)
{
	Gesture g;
	setup(&g);
	assert_int_equal(g.slop, SLOP);
	assert_int_equal(g.swipe_min, SWIPE_MIN);
	assert_int_equal(g.tap_ms, 600);
	assert_false(gesture_active(&g));
}

static void test_tap(void **state)
{
	Gesture g;
	setup(&g);
	GestureOut o = feed(&g, PTR_DOWN, 0, 100, 200, 1000);
	assert_int_equal(o.flags, GEST_DOWN);
	assert_int_equal(o.x, 100);
	assert_int_equal(o.y, 200);
	assert_true(gesture_active(&g));

	o = feed(&g, PTR_MOVE, 0, 105, 203, 1050);
	assert_int_equal(o.flags, 0);

	o = feed(&g, PTR_UP, 0, 106, 204, 1100);
	assert_int_equal(o.flags, GEST_TAP | GEST_END);
	assert_int_equal(o.x, 106);
	assert_int_equal(o.y, 204);
	assert_false(gesture_active(&g));
}

static void test_tap_time_limit(void **state)
{
	Gesture g;
	setup(&g);
	feed(&g, PTR_DOWN, 0, 10, 10, 5000);
	assert_int_equal(feed(&g, PTR_UP, 0, 10, 10, 5600).flags, GEST_TAP | GEST_END);

	feed(&g, PTR_DOWN, 0, 10, 10, 6000);
	assert_int_equal(feed(&g, PTR_UP, 0, 10, 10, 6601).flags, GEST_END);

	g.tap_ms = 1000;
	feed(&g, PTR_DOWN, 0, 10, 10, 7000);
	assert_int_equal(feed(&g, PTR_UP, 0, 10, 10, 7900).flags, GEST_TAP | GEST_END);
}

static void test_tap_rejected_after_slop(void **state)
{
	Gesture g;
	setup(&g);
	/* Exactly the slop still is a tap. */
	feed(&g, PTR_DOWN, 0, 100, 100, 0);
	assert_int_equal(feed(&g, PTR_MOVE, 0, 120, 100, 10).flags, 0);
	assert_int_equal(feed(&g, PTR_UP, 0, 120, 100, 20).flags, GEST_TAP | GEST_END);

	/* One pixel more is a drag, and coming back does not make it a tap. */
	feed(&g, PTR_DOWN, 0, 100, 100, 100);
	assert_true(feed(&g, PTR_MOVE, 0, 121, 100, 110).flags & GEST_DRAG);
	assert_int_equal(feed(&g, PTR_MOVE, 0, 100, 100, 400).flags, 0);
	assert_int_equal(feed(&g, PTR_UP, 0, 100, 100, 420).flags, GEST_END);
}

static void test_slop_is_euclidean(void **state)
{
	Gesture g;
	setup(&g);
	/* 15 px on each axis is 21.2 px away: beyond the slop of 20. */
	feed(&g, PTR_DOWN, 0, 100, 100, 0);
	GestureOut o = feed(&g, PTR_MOVE, 0, 115, 115, 10);
	assert_true(o.flags & GEST_DRAG);
	/* A diagonal is not horizontal enough to swipe: it scrolls. */
	assert_false(g.horizontal);
	assert_int_equal(o.flags, GEST_DRAG | GEST_SCROLL);
	assert_int_equal(o.dy, -15);
}

static void test_drag_direction(void **state)
{
	Gesture g;
	setup(&g);
	/* 24 across, 18 down: not 1.5 times wider than tall, so it scrolls. */
	feed(&g, PTR_DOWN, 0, 100, 100, 0);
	GestureOut o = feed(&g, PTR_MOVE, 0, 124, 118, 10);
	assert_int_equal(o.flags, GEST_DRAG | GEST_SCROLL);
	assert_false(g.horizontal);
	feed(&g, PTR_UP, 0, 124, 118, 500);

	/* 30 across, 19 up: more than 1.5 times wider, a swipe candidate. */
	feed(&g, PTR_DOWN, 0, 100, 100, 1000);
	o = feed(&g, PTR_MOVE, 0, 130, 81, 1010);
	assert_int_equal(o.flags, GEST_DRAG);
	assert_true(g.horizontal);
}

static void test_release_beyond_slop_is_no_tap(void **state)
{
	Gesture g;
	setup(&g);
	feed(&g, PTR_DOWN, 0, 100, 100, 0);
	GestureOut o = feed(&g, PTR_UP, 0, 100, 160, 500);
	assert_false(o.flags & GEST_TAP);
	assert_true(o.flags & GEST_DRAG);
	assert_true(o.flags & GEST_END);
}

static void test_drag_scrolls(void **state)
{
	Gesture g;
	setup(&g);
	feed(&g, PTR_DOWN, 0, 200, 500, 0);
	GestureOut o = feed(&g, PTR_MOVE, 0, 200, 490, 16);
	assert_int_equal(o.flags, 0);

	/* Crossing the slop scrolls only by this event's movement. */
	o = feed(&g, PTR_MOVE, 0, 200, 470, 32);
	assert_int_equal(o.flags, GEST_DRAG | GEST_SCROLL);
	assert_int_equal(o.dy, 20);

	o = feed(&g, PTR_MOVE, 0, 202, 450, 48);
	assert_int_equal(o.flags, GEST_SCROLL);
	assert_int_equal(o.dy, 20);

	o = feed(&g, PTR_MOVE, 0, 202, 465, 64);
	assert_int_equal(o.flags, GEST_SCROLL);
	assert_int_equal(o.dy, -15);

	/* Sideways movement of a vertical drag scrolls nothing. */
	o = feed(&g, PTR_MOVE, 0, 230, 465, 80);
	assert_int_equal(o.flags, 0);

	/* The release position scrolls like a last move; held still for
	 * long, there is no fling. */
	o = feed(&g, PTR_UP, 0, 230, 460, 400);
	assert_int_equal(o.flags, GEST_SCROLL | GEST_END);
	assert_int_equal(o.dy, 5);
}

static void test_fling_up(void **state)
{
	Gesture g;
	setup(&g);
	/* The finger moves up 25 px every 10 ms: content moves up at 2.5 px/ms.
	 * The first step already leaves the slop, so every move scrolls. */
	feed(&g, PTR_DOWN, 0, 300, 600, 1000);
	uint64_t t = 1000;
	int y = 600;
	int scrolled = 0;
	for (int i = 0; i < 10; i++) {
		t += 10;
		y -= 25;
		GestureOut o = feed(&g, PTR_MOVE, 0, 300, y, t);
		assert_true(o.flags & GEST_SCROLL);
		scrolled += o.dy;
	}
	assert_int_equal(scrolled, 250);
	GestureOut o = feed(&g, PTR_UP, 0, 300, y - 25, t + 10);
	assert_int_equal(o.flags, GEST_SCROLL | GEST_FLING | GEST_END);
	assert_int_equal(o.dy, 25);
	assert_near(o.velocity, 2.5, 1e-9);
}

static void test_fling_down(void **state)
{
	Gesture g;
	setup(&g);
	feed(&g, PTR_DOWN, 0, 300, 100, 0);
	uint64_t t = 0;
	int y = 100;
	for (int i = 0; i < 6; i++) {
		t += 16;
		y += 8;
		feed(&g, PTR_MOVE, 0, 300, y, t);
	}
	GestureOut o = feed(&g, PTR_UP, 0, 300, y, t);
	assert_true(o.flags & GEST_FLING);
	assert_near(o.velocity, -0.5, 1e-9);
}

static void test_fling_uses_recent_motion(void **state)
{
	Gesture g;
	setup(&g);
	/* Fast at first, then 0.2 px/ms for the last 120 ms: the release
	 * velocity is the recent one, not the average. Samples are 30 ms
	 * apart so the buffer still holds the fast part. */
	feed(&g, PTR_DOWN, 0, 300, 900, 0);
	uint64_t t = 0;
	int y = 900;
	for (int i = 0; i < 4; i++) {
		t += 30;
		y -= 150;
		feed(&g, PTR_MOVE, 0, 300, y, t);
	}
	for (int i = 0; i < 4; i++) {
		t += 30;
		y -= 6;
		feed(&g, PTR_MOVE, 0, 300, y, t);
	}
	GestureOut o = feed(&g, PTR_UP, 0, 300, y, t);
	assert_true(o.flags & GEST_FLING);
	assert_near(o.velocity, 0.2, 1e-9);
}

static void test_no_fling_when_slow_or_rested(void **state)
{
	Gesture g;
	setup(&g);
	/* 0.05 px/ms is a slow drag: it stops where it is let go. */
	feed(&g, PTR_DOWN, 0, 300, 500, 0);
	uint64_t t = 0;
	int y = 500;
	for (int i = 0; i < 12; i++) {
		t += 100;
		y -= 5;
		feed(&g, PTR_MOVE, 0, 300, y, t);
	}
	assert_true(g.dragging);
	GestureOut o = feed(&g, PTR_UP, 0, 300, y, t);
	assert_int_equal(o.flags, GEST_END);

	/* Fast, but the finger rested 150 ms before lifting. */
	feed(&g, PTR_DOWN, 0, 300, 500, 10000);
	feed(&g, PTR_MOVE, 0, 300, 400, 10020);
	feed(&g, PTR_MOVE, 0, 300, 300, 10040);
	o = feed(&g, PTR_UP, 0, 300, 300, 10190);
	assert_int_equal(o.flags, GEST_END);
}

static void test_swipe_left_is_next(void **state)
{
	Gesture g;
	setup(&g);
	feed(&g, PTR_DOWN, 0, 400, 300, 0);
	GestureOut o = feed(&g, PTR_MOVE, 0, 370, 302, 100);
	assert_int_equal(o.flags, GEST_DRAG);
	assert_true(g.horizontal);
	/* A horizontal drag never scrolls, even if the finger drifts. */
	o = feed(&g, PTR_MOVE, 0, 320, 310, 300);
	assert_int_equal(o.flags, 0);
	o = feed(&g, PTR_UP, 0, 320, 312, 900);
	assert_int_equal(o.flags, GEST_SWIPE | GEST_END);
	assert_int_equal(o.dir, 1);
}

static void test_swipe_right_is_previous(void **state)
{
	Gesture g;
	setup(&g);
	feed(&g, PTR_DOWN, 0, 100, 300, 0);
	feed(&g, PTR_MOVE, 0, 150, 300, 200);
	GestureOut o = feed(&g, PTR_UP, 0, 190, 295, 700);
	assert_int_equal(o.flags, GEST_SWIPE | GEST_END);
	assert_int_equal(o.dir, -1);
}

static void test_swipe_distance(void **state)
{
	Gesture g;
	setup(&g);
	/* 79 px slowly: too short. */
	feed(&g, PTR_DOWN, 0, 400, 300, 0);
	feed(&g, PTR_MOVE, 0, 360, 300, 300);
	assert_int_equal(feed(&g, PTR_UP, 0, 321, 300, 600).flags, GEST_END);

	/* 50 px in 20 ms is a flick (>= 2 * slop, 2.5 px/ms): a swipe. */
	feed(&g, PTR_DOWN, 0, 400, 300, 1000);
	feed(&g, PTR_MOVE, 0, 375, 300, 1010);
	GestureOut o = feed(&g, PTR_UP, 0, 350, 300, 1020);
	assert_int_equal(o.flags, GEST_SWIPE | GEST_END);
	assert_int_equal(o.dir, 1);

	/* The same 50 px over half a second is no swipe. */
	feed(&g, PTR_DOWN, 0, 400, 300, 2000);
	feed(&g, PTR_MOVE, 0, 375, 300, 2250);
	assert_int_equal(feed(&g, PTR_UP, 0, 350, 300, 2500).flags, GEST_END);

	/* Fast but shorter than twice the slop: no swipe. */
	feed(&g, PTR_DOWN, 0, 400, 300, 3000);
	feed(&g, PTR_MOVE, 0, 378, 300, 3005);
	assert_int_equal(feed(&g, PTR_UP, 0, 361, 300, 3010).flags, GEST_END);
}

static void test_second_finger_ignored(void **state)
{
	Gesture g;
	setup(&g);
	feed(&g, PTR_DOWN, 1, 100, 100, 0);
	assert_int_equal(feed(&g, PTR_DOWN, 2, 500, 500, 10).flags, 0);
	assert_int_equal(feed(&g, PTR_MOVE, 2, 500, 100, 20).flags, 0);
	assert_int_equal(feed(&g, PTR_UP, 2, 500, 100, 30).flags, 0);
	assert_int_equal(feed(&g, PTR_CANCEL, 2, 500, 100, 35).flags, 0);
	assert_true(gesture_active(&g));
	assert_int_equal(g.id, 1);
	GestureOut o = feed(&g, PTR_UP, 1, 102, 101, 40);
	assert_int_equal(o.flags, GEST_TAP | GEST_END);
	assert_int_equal(o.x, 102);

	/* Once the first lifted, events of a finger that went down meanwhile
	 * stay ignored; its next down is followed. */
	assert_int_equal(feed(&g, PTR_MOVE, 2, 400, 100, 50).flags, 0);
	assert_int_equal(feed(&g, PTR_UP, 2, 400, 100, 60).flags, 0);
	assert_int_equal(feed(&g, PTR_DOWN, 2, 400, 100, 70).flags, GEST_DOWN);
	assert_int_equal(g.id, 2);
}

static void test_events_without_touch_ignored(void **state)
{
	Gesture g;
	setup(&g);
	assert_int_equal(feed(&g, PTR_MOVE, 0, 10, 10, 0).flags, 0);
	assert_int_equal(feed(&g, PTR_UP, 0, 10, 10, 0).flags, 0);
	assert_int_equal(feed(&g, PTR_CANCEL, 0, 10, 10, 0).flags, 0);
	assert_false(gesture_active(&g));
}

static void test_repeated_down_restarts(void **state)
{
	Gesture g;
	setup(&g);
	feed(&g, PTR_DOWN, 0, 100, 100, 0);
	feed(&g, PTR_MOVE, 0, 100, 300, 10);
	assert_true(g.dragging);
	GestureOut o = feed(&g, PTR_DOWN, 0, 50, 60, 5000);
	assert_int_equal(o.flags, GEST_DOWN);
	assert_int_equal(o.x, 50);
	assert_false(g.dragging);
	assert_int_equal(feed(&g, PTR_UP, 0, 50, 60, 5100).flags, GEST_TAP | GEST_END);
}

static void test_swallow(void **state)
{
	Gesture g;
	setup(&g);
	feed(&g, PTR_DOWN, 0, 100, 100, 0);
	gesture_swallow(&g);
	assert_true(gesture_active(&g));
	assert_int_equal(feed(&g, PTR_MOVE, 0, 100, 300, 10).flags, 0);
	assert_int_equal(feed(&g, PTR_MOVE, 0, 100, 100, 20).flags, 0);
	assert_int_equal(feed(&g, PTR_UP, 0, 100, 100, 30).flags, GEST_END);

	/* Swallowing a horizontal drag: no swipe at release. */
	feed(&g, PTR_DOWN, 0, 400, 100, 100);
	feed(&g, PTR_MOVE, 0, 300, 100, 110);
	gesture_swallow(&g);
	assert_int_equal(feed(&g, PTR_UP, 0, 200, 100, 120).flags, GEST_END);

	/* The next touch is whole again. */
	feed(&g, PTR_DOWN, 0, 100, 100, 200);
	assert_int_equal(feed(&g, PTR_UP, 0, 100, 100, 250).flags, GEST_TAP | GEST_END);

	/* Without a touch, swallowing does nothing to the next one. */
	gesture_swallow(&g);
	feed(&g, PTR_DOWN, 0, 100, 100, 300);
	assert_int_equal(feed(&g, PTR_UP, 0, 100, 100, 350).flags, GEST_TAP | GEST_END);
}

static void test_cancel(void **state)
{
	Gesture g;
	setup(&g);
	feed(&g, PTR_DOWN, 0, 100, 100, 0);
	feed(&g, PTR_MOVE, 0, 100, 40, 10);
	assert_int_equal(feed(&g, PTR_CANCEL, 0, 100, 0, 20).flags, GEST_END);
	assert_false(gesture_active(&g));
	assert_int_equal(feed(&g, PTR_UP, 0, 100, 0, 30).flags, 0);

	/* A cancelled press is no tap. */
	feed(&g, PTR_DOWN, 0, 100, 100, 100);
	assert_int_equal(feed(&g, PTR_CANCEL, 0, 100, 100, 110).flags, GEST_END);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_init),
	    cmocka_unit_test(test_tap),
	    cmocka_unit_test(test_tap_time_limit),
	    cmocka_unit_test(test_tap_rejected_after_slop),
	    cmocka_unit_test(test_slop_is_euclidean),
	    cmocka_unit_test(test_drag_direction),
	    cmocka_unit_test(test_release_beyond_slop_is_no_tap),
	    cmocka_unit_test(test_drag_scrolls),
	    cmocka_unit_test(test_fling_up),
	    cmocka_unit_test(test_fling_down),
	    cmocka_unit_test(test_fling_uses_recent_motion),
	    cmocka_unit_test(test_no_fling_when_slow_or_rested),
	    cmocka_unit_test(test_swipe_left_is_next),
	    cmocka_unit_test(test_swipe_right_is_previous),
	    cmocka_unit_test(test_swipe_distance),
	    cmocka_unit_test(test_second_finger_ignored),
	    cmocka_unit_test(test_events_without_touch_ignored),
	    cmocka_unit_test(test_repeated_down_restarts),
	    cmocka_unit_test(test_swallow),
	    cmocka_unit_test(test_cancel),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
