/* Unit tests for core/service/hold: the corner held alone for five
 * seconds and three fingers held still for three fire; taps, scrolls,
 * drags ending in the corner, two fingers, palms and 100,000 seeded random
 * visitor touches never do. Fake time throughout. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/service/hold.h"

#define CORNER 96
#define SLOP 20

typedef struct {
	Hold h;
	uint64_t now;
	int fired[3];
} Rig;

static void rig_init(Rig *r)
{
	hold_init(&r->h, CORNER, SLOP);
	r->now = 1000;
	r->fired[0] = r->fired[1] = r->fired[2] = 0;
}

/* Time passes to t, ticking at the hold's own deadline as the loop does. */
static void until(Rig *r, uint64_t t)
{
	for (;;) {
		uint64_t d = hold_deadline(&r->h);
		if (d > t)
			break;
		r->now = d > r->now ? d : r->now;
		r->fired[hold_tick(&r->h, r->now)]++;
	}
	r->now = t;
	r->fired[hold_tick(&r->h, r->now)]++;
}

static void ev(Rig *r, PointerType type, int64_t id, int x, int y)
{
	PointerEvent e = {.type = type, .id = id, .x = x, .y = y};
	r->fired[hold_feed(&r->h, &e, r->now)]++;
}

static void test_corner_hold_fires_without_events(void **state)
{
	Rig r;
	rig_init(&r);
	ev(&r, PTR_DOWN, 1, 10, 10);
	assert_int_equal(hold_deadline(&r.h), 1000 + HOLD_CORNER_MS);
	until(&r, 1000 + HOLD_CORNER_MS - 1);
	assert_int_equal(r.fired[HOLD_SERVICE], 0);
	until(&r, 1000 + HOLD_CORNER_MS);
	assert_int_equal(r.fired[HOLD_SERVICE], 1);
	/* Once: holding on fires nothing more. */
	until(&r, 1000 + 3 * HOLD_CORNER_MS);
	assert_int_equal(r.fired[HOLD_SERVICE], 1);
	ev(&r, PTR_UP, 1, 10, 10);
	assert_int_equal(hold_deadline(&r.h), UINT64_MAX);
}

static void test_corner_hold_with_jitter_inside(void **state)
{
	Rig r;
	rig_init(&r);
	ev(&r, PTR_DOWN, 1, 40, 40);
	for (int i = 0; i < 40; i++) {
		until(&r, r.now + 100);
		ev(&r, PTR_MOVE, 1, 40 + (i % 7) - 3, 40 + (i % 5) - 2);
	}
	until(&r, 1000 + HOLD_CORNER_MS);
	assert_int_equal(r.fired[HOLD_SERVICE], 1);
}

static void test_tap_and_short_press_in_corner(void **state)
{
	Rig r;
	rig_init(&r);
	ev(&r, PTR_DOWN, 1, 10, 10);
	until(&r, r.now + 150);
	ev(&r, PTR_UP, 1, 10, 10);
	ev(&r, PTR_DOWN, 1, 10, 10);
	until(&r, r.now + HOLD_CORNER_MS - 1);
	ev(&r, PTR_UP, 1, 10, 10);
	until(&r, r.now + 60000);
	assert_int_equal(r.fired[HOLD_SERVICE], 0);
}

static void test_drag_ending_in_corner(void **state)
{
	Rig r;
	rig_init(&r);
	ev(&r, PTR_DOWN, 1, 600, 500);
	for (int i = 1; i <= 20; i++) {
		until(&r, r.now + 16);
		ev(&r, PTR_MOVE, 1, 600 - i * 29, 500 - i * 24);
	}
	/* Resting in the corner now, long past five seconds. */
	until(&r, r.now + 3 * HOLD_CORNER_MS);
	assert_int_equal(r.fired[HOLD_SERVICE], 0);
}

static void test_scroll_leaving_corner(void **state)
{
	Rig r;
	rig_init(&r);
	ev(&r, PTR_DOWN, 1, 30, 30);
	until(&r, r.now + 2000);
	ev(&r, PTR_MOVE, 1, 30, 130);
	ev(&r, PTR_MOVE, 1, 30, 50); /* back in: it left once, it is no hold */
	until(&r, r.now + 3 * HOLD_CORNER_MS);
	assert_int_equal(r.fired[HOLD_SERVICE], 0);
}

static void test_second_finger_or_palm_cancels(void **state)
{
	Rig r;
	rig_init(&r);
	ev(&r, PTR_DOWN, 1, 10, 10);
	until(&r, r.now + 1000);
	ev(&r, PTR_DOWN, 2, 400, 400);
	ev(&r, PTR_UP, 2, 400, 400);
	until(&r, r.now + 3 * HOLD_CORNER_MS);
	assert_int_equal(r.fired[HOLD_SERVICE], 0);
	ev(&r, PTR_UP, 1, 10, 10);
	/* A palm: several contacts at once, one of them in the corner. */
	for (int i = 0; i < 5; i++)
		ev(&r, PTR_DOWN, 10 + i, 10 + 30 * i, 20 + 10 * i);
	until(&r, r.now + 3 * HOLD_CORNER_MS);
	assert_int_equal(r.fired[HOLD_SERVICE], 0);
	assert_int_equal(r.fired[HOLD_CLEANING], 0);
}

static void test_three_fingers_fire_cleaning(void **state)
{
	Rig r;
	rig_init(&r);
	ev(&r, PTR_DOWN, 1, 500, 500);
	ev(&r, PTR_DOWN, 2, 600, 500);
	until(&r, r.now + 200);
	ev(&r, PTR_DOWN, 3, 700, 500);
	uint64_t t3 = r.now;
	until(&r, t3 + HOLD_THREE_MS - 1);
	ev(&r, PTR_MOVE, 2, 610, 505); /* fingers roll a little */
	assert_int_equal(r.fired[HOLD_CLEANING], 0);
	until(&r, t3 + HOLD_THREE_MS);
	assert_int_equal(r.fired[HOLD_CLEANING], 1);
	assert_int_equal(r.fired[HOLD_SERVICE], 0);
}

static void test_three_finger_swipe_or_four_fingers(void **state)
{
	Rig r;
	rig_init(&r);
	ev(&r, PTR_DOWN, 1, 500, 500);
	ev(&r, PTR_DOWN, 2, 600, 500);
	ev(&r, PTR_DOWN, 3, 700, 500);
	until(&r, r.now + 1000);
	ev(&r, PTR_MOVE, 1, 500, 700); /* a swipe, not a hold */
	until(&r, r.now + 10000);
	assert_int_equal(r.fired[HOLD_CLEANING], 0);
	ev(&r, PTR_UP, 1, 0, 0);
	ev(&r, PTR_UP, 2, 0, 0);
	ev(&r, PTR_UP, 3, 0, 0);
	for (int i = 0; i < 4; i++)
		ev(&r, PTR_DOWN, 1 + i, 300 + 100 * i, 500);
	until(&r, r.now + 10000);
	assert_int_equal(r.fired[HOLD_CLEANING], 0);
}

/* ---- 100,000 seeded random visitor touches ------------------------------- */

static uint32_t rng = 0x2545F491u;

static uint32_t rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng % n;
}

/* One visitor touch: a tap, a scroll or a swipe (from anywhere, the corner
 * too, moving as fingers move), two fingers, or a palm; times drawn the
 * way people touch, with the loop ticking at the hold's deadlines. */
static void visitor_touch(Rig *r)
{
	int kind = (int)rnd(5);
	int x = (int)rnd(1920), y = (int)rnd(1080);
	if (rnd(4) == 0) {
		x = (int)rnd(CORNER);
		y = (int)rnd(CORNER);
	}
	if (kind == 0) { /* tap: shorter than the corner's five seconds */
		ev(r, PTR_DOWN, 1, x, y);
		until(r, r->now + 30 + rnd(HOLD_CORNER_MS - 31));
		ev(r, PTR_UP, 1, x, y);
	} else if (kind <= 2) { /* a scroll or swipe: it travels */
		int dx = (int)rnd(61) - 30, dy = (int)rnd(61) - 30;
		if (dx > -8 && dx < 8 && dy > -8 && dy < 8)
			dy = 12;
		ev(r, PTR_DOWN, 1, x, y);
		int steps = 5 + (int)rnd(600);
		for (int i = 0; i < steps; i++) {
			until(r, r->now + 8 + rnd(25));
			x += dx;
			y += dy;
			ev(r, PTR_MOVE, 1, x, y);
		}
		ev(r, PTR_UP, 1, x, y);
	} else if (kind == 3) { /* two fingers: a pinch, a second hand */
		ev(r, PTR_DOWN, 1, x, y);
		ev(r, PTR_DOWN, 2, (int)rnd(1920), (int)rnd(1080));
		until(r, r->now + rnd(20000));
		ev(r, PTR_UP, 2, 0, 0);
		until(r, r->now + rnd(2000));
		ev(r, PTR_UP, 1, 0, 0);
	} else { /* a palm or a sleeve: four to ten contacts, resting */
		int n = 4 + (int)rnd(7);
		for (int i = 0; i < n; i++)
			ev(r, PTR_DOWN, 1 + i, x + (int)rnd(200), y + (int)rnd(200));
		until(r, r->now + rnd(20000));
		for (int i = 0; i < n; i++)
			ev(r, PTR_UP, 1 + i, 0, 0);
	}
	until(r, r->now + rnd(3000));
}

static void test_random_touches_never_fire(void **state)
{
	Rig r;
	rig_init(&r);
	for (int i = 0; i < 100000; i++)
		visitor_touch(&r);
	assert_int_equal(r.fired[HOLD_SERVICE], 0);
	assert_int_equal(r.fired[HOLD_CLEANING], 0);
	/* And the same detector still opens for staff afterwards. */
	ev(&r, PTR_DOWN, 7, 5, 5);
	until(&r, r.now + HOLD_CORNER_MS);
	assert_int_equal(r.fired[HOLD_SERVICE], 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_corner_hold_fires_without_events),
	    cmocka_unit_test(test_corner_hold_with_jitter_inside),
	    cmocka_unit_test(test_tap_and_short_press_in_corner),
	    cmocka_unit_test(test_drag_ending_in_corner),
	    cmocka_unit_test(test_scroll_leaving_corner),
	    cmocka_unit_test(test_second_finger_or_palm_cancels),
	    cmocka_unit_test(test_three_fingers_fire_cleaning),
	    cmocka_unit_test(test_three_finger_swipe_or_four_fingers),
	    cmocka_unit_test(test_random_touches_never_fire),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
