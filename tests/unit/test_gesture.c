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
	assert_int_equal(g.tap_ms, GESTURE_TAP_MS);
	assert_false(gesture_active(&g));
}

/* ---- scenarios: one finger's (or several fingers') events in order, each
 * with what must come out of it ----------------------------------------- */

enum {
	AT = 1u << 0,           /* o.x, o.y == x, y of the step's .ex, .ey */
	DY = 1u << 1,           /* o.dy == .dy */
	DIR = 1u << 2,          /* o.dir == .dir */
	HAS = 1u << 3,          /* .want flags are among the output, not all of it */
	ACTIVE = 1u << 4,       /* a touch is followed after the step */
	IDLE_AFTER = 1u << 5,   /* no touch is followed after the step */
	HORIZONTAL = 1u << 6,   /* the drag is a swipe candidate */
	VERTICAL = 1u << 7,     /* the drag scrolls */
	DRAGGING = 1u << 8,     /* the touch is a drag */
	NOT_DRAGGING = 1u << 9, /* the touch is no drag (yet) */
	TRACKS = 1u << 10,      /* the followed finger is .gid */
};

typedef enum { FEED_EVENT, SWALLOW, TAP_MS } StepOp;

typedef struct {
	StepOp op;
	PointerType type;
	int64_t id;
	int x, y;
	uint64_t t;
	bool any;       /* the output flags are not checked */
	unsigned want;  /* the output flags, exactly (or at least, with HAS) */
	unsigned lacks; /* flags that must not be in the output */
	unsigned check;
	int ex, ey, dy, dir;
	int64_t gid;
} Step;

/* STEP checks the output flags (0 unless .want says otherwise); FEED only
 * feeds. Both take further expectations as designated fields. */
#define STEP(ty, px, py, at, ...)                                                                  \
	{                                                                                          \
		.type = PTR_##ty, .x = px, .y = py, .t = at, __VA_ARGS__                           \
	}
#define FEED(ty, px, py, at, ...)                                                                  \
	{                                                                                          \
		.type = PTR_##ty, .x = px, .y = py, .t = at, .any = true, __VA_ARGS__              \
	}

typedef struct {
	const char *what;
	const Step *steps;
	size_t n;
} Scenario;

#define STEPS(a) a, sizeof(a) / sizeof((a)[0])

/* A failed expectation names the scenario and the step. */
#define EXPECT(cond, ...)                                                                          \
	do {                                                                                       \
		if (!(cond))                                                                       \
			fail_msg("%s, step %zu: " __VA_ARGS__);                                    \
	} while (0)

static void check_output(const Scenario *sc, size_t i, GestureOut o)
{
	const Step *s = &sc->steps[i];
	const char *w = sc->what;
	EXPECT(s->any || (s->check & HAS) || o.flags == s->want, "flags %#x, expected %#x", w, i,
	       o.flags, s->want);
	EXPECT(!(s->check & HAS) || (o.flags & s->want) == s->want, "flags %#x lack %#x", w, i,
	       o.flags, s->want);
	EXPECT(!(o.flags & s->lacks), "flags %#x hold %#x", w, i, o.flags, s->lacks);
	EXPECT(!(s->check & AT) || (o.x == s->ex && o.y == s->ey), "at %d,%d, expected %d,%d", w, i,
	       o.x, o.y, s->ex, s->ey);
	EXPECT(!(s->check & DY) || o.dy == s->dy, "dy %d, expected %d", w, i, o.dy, s->dy);
	EXPECT(!(s->check & DIR) || o.dir == s->dir, "dir %d, expected %d", w, i, o.dir, s->dir);
}

static void check_state(const Scenario *sc, size_t i, const Gesture *g)
{
	const Step *s = &sc->steps[i];
	const char *w = sc->what;
	EXPECT(!(s->check & ACTIVE) || gesture_active(g), "no touch followed", w, i);
	EXPECT(!(s->check & IDLE_AFTER) || !gesture_active(g), "a touch still followed", w, i);
	EXPECT(!(s->check & HORIZONTAL) || g->horizontal, "not horizontal", w, i);
	EXPECT(!(s->check & VERTICAL) || !g->horizontal, "horizontal", w, i);
	EXPECT(!(s->check & DRAGGING) || g->dragging, "no drag", w, i);
	EXPECT(!(s->check & NOT_DRAGGING) || !g->dragging, "a drag", w, i);
	EXPECT(!(s->check & TRACKS) || g->id == s->gid, "follows finger %lld, expected %lld", w, i,
	       (long long)g->id, (long long)s->gid);
}

static void run_step(Gesture *g, const Scenario *sc, size_t i)
{
	const Step *s = &sc->steps[i];
	switch (s->op) {
	case SWALLOW:
		gesture_swallow(g);
		break;
	case TAP_MS:
		g->tap_ms = (uint32_t)s->t;
		break;
	case FEED_EVENT:
		check_output(sc, i, feed(g, s->type, s->id, s->x, s->y, s->t));
		break;
	}
	check_state(sc, i, g);
}

static const Step TAP[] = {
    STEP(DOWN, 100, 200, 1000, .want = GEST_DOWN, .check = AT | ACTIVE, .ex = 100, .ey = 200),
    STEP(MOVE, 105, 203, 1050),
    STEP(UP, 106, 204, 1100, .want = GEST_TAP | GEST_END, .check = AT | IDLE_AFTER, .ex = 106,
         .ey = 204),
};

static const Step TAP_TIME_LIMIT[] = {
    /* A slow press of two seconds, or of ten, still taps. */
    FEED(DOWN, 10, 10, 5000),
    STEP(UP, 10, 10, 7000, .want = GEST_TAP | GEST_END),
    FEED(DOWN, 10, 10, 8000),
    STEP(UP, 10, 10, 8000 + GESTURE_TAP_MS, .want = GEST_TAP | GEST_END),
    /* A hand left on the glass longer taps nothing. */
    FEED(DOWN, 10, 10, 20000),
    STEP(UP, 10, 10, 20001 + GESTURE_TAP_MS, .want = GEST_END),
    {.op = TAP_MS, .t = 1000},
    FEED(DOWN, 10, 10, 40000),
    STEP(UP, 10, 10, 40900, .want = GEST_TAP | GEST_END),
    FEED(DOWN, 10, 10, 42000),
    STEP(UP, 10, 10, 43001, .want = GEST_END),
};

static const Step TAP_REJECTED_AFTER_SLOP[] = {
    /* Exactly the slop still is a tap. */
    FEED(DOWN, 100, 100, 0),
    STEP(MOVE, 120, 100, 10),
    STEP(UP, 120, 100, 20, .want = GEST_TAP | GEST_END),
    /* One pixel more is a drag, and coming back does not make it a tap. */
    FEED(DOWN, 100, 100, 100),
    STEP(MOVE, 121, 100, 110, .want = GEST_DRAG, .check = HAS),
    STEP(MOVE, 100, 100, 400),
    STEP(UP, 100, 100, 420, .want = GEST_END),
};

static const Step SLOP_IS_EUCLIDEAN[] = {
    /* 15 px on each axis is 21.2 px away: beyond the slop of 20. A
     * diagonal is not horizontal enough to swipe: it scrolls. */
    FEED(DOWN, 100, 100, 0),
    STEP(MOVE, 115, 115, 10, .want = GEST_DRAG | GEST_SCROLL, .check = DY | VERTICAL, .dy = -15),
};

static const Step DRAG_DIRECTION[] = {
    /* 24 across, 18 down: not 1.5 times wider than tall, so it scrolls. */
    FEED(DOWN, 100, 100, 0),
    STEP(MOVE, 124, 118, 10, .want = GEST_DRAG | GEST_SCROLL, .check = VERTICAL),
    FEED(UP, 124, 118, 500),
    /* 30 across, 19 up: more than 1.5 times wider, a swipe candidate. */
    FEED(DOWN, 100, 100, 1000),
    STEP(MOVE, 130, 81, 1010, .want = GEST_DRAG, .check = HORIZONTAL),
};

static const Step RELEASE_BEYOND_SLOP[] = {
    FEED(DOWN, 100, 100, 0),
    STEP(UP, 100, 160, 500, .want = GEST_DRAG | GEST_END, .check = HAS, .lacks = GEST_TAP),
};

static const Step DRAG_SCROLLS[] = {
    FEED(DOWN, 200, 500, 0),
    STEP(MOVE, 200, 490, 16),
    /* Crossing the slop scrolls only by this event's movement. */
    STEP(MOVE, 200, 470, 32, .want = GEST_DRAG | GEST_SCROLL, .check = DY, .dy = 20),
    STEP(MOVE, 202, 450, 48, .want = GEST_SCROLL, .check = DY, .dy = 20),
    STEP(MOVE, 202, 465, 64, .want = GEST_SCROLL, .check = DY, .dy = -15),
    /* Sideways movement of a vertical drag scrolls nothing. */
    STEP(MOVE, 230, 465, 80),
    /* The release position scrolls like a last move; held still for long,
     * there is no fling. */
    STEP(UP, 230, 460, 400, .want = GEST_SCROLL | GEST_END, .check = DY, .dy = 5),
};

static const Step SWIPE_LEFT_IS_NEXT[] = {
    FEED(DOWN, 400, 300, 0),
    STEP(MOVE, 370, 302, 100, .want = GEST_DRAG, .check = HORIZONTAL),
    /* A horizontal drag never scrolls, even if the finger drifts. */
    STEP(MOVE, 320, 310, 300),
    STEP(UP, 320, 312, 900, .want = GEST_SWIPE | GEST_END, .check = DIR, .dir = 1),
};

static const Step SWIPE_RIGHT_IS_PREVIOUS[] = {
    FEED(DOWN, 100, 300, 0),
    FEED(MOVE, 150, 300, 200),
    STEP(UP, 190, 295, 700, .want = GEST_SWIPE | GEST_END, .check = DIR, .dir = -1),
};

static const Step SWIPE_DISTANCE[] = {
    /* 79 px slowly: too short. */
    FEED(DOWN, 400, 300, 0),
    FEED(MOVE, 360, 300, 300),
    STEP(UP, 321, 300, 600, .want = GEST_END),
    /* 50 px in 20 ms is a flick (>= 2 * slop, 2.5 px/ms): a swipe. */
    FEED(DOWN, 400, 300, 1000),
    FEED(MOVE, 375, 300, 1010),
    STEP(UP, 350, 300, 1020, .want = GEST_SWIPE | GEST_END, .check = DIR, .dir = 1),
    /* The same 50 px over half a second is no swipe. */
    FEED(DOWN, 400, 300, 2000),
    FEED(MOVE, 375, 300, 2250),
    STEP(UP, 350, 300, 2500, .want = GEST_END),
    /* Fast but shorter than twice the slop: no swipe. */
    FEED(DOWN, 400, 300, 3000),
    FEED(MOVE, 378, 300, 3005),
    STEP(UP, 361, 300, 3010, .want = GEST_END),
};

static const Step SECOND_FINGER_IGNORED[] = {
    FEED(DOWN, 100, 100, 0, .id = 1),
    STEP(DOWN, 500, 500, 10, .id = 2),
    STEP(MOVE, 500, 100, 20, .id = 2),
    STEP(UP, 500, 100, 30, .id = 2),
    STEP(CANCEL, 500, 100, 35, .id = 2, .check = ACTIVE | TRACKS, .gid = 1),
    STEP(UP, 102, 101, 40, .id = 1, .want = GEST_TAP | GEST_END, .check = AT, .ex = 102, .ey = 101),
    /* Once the first lifted, events of a finger that went down meanwhile
     * stay ignored; its next down is followed. */
    STEP(MOVE, 400, 100, 50, .id = 2),
    STEP(UP, 400, 100, 60, .id = 2),
    STEP(DOWN, 400, 100, 70, .id = 2, .want = GEST_DOWN, .check = TRACKS, .gid = 2),
};

static const Step EVENTS_WITHOUT_TOUCH[] = {
    STEP(MOVE, 10, 10, 0),
    STEP(UP, 10, 10, 0),
    STEP(CANCEL, 10, 10, 0, .check = IDLE_AFTER),
};

static const Step REPEATED_DOWN_RESTARTS[] = {
    FEED(DOWN, 100, 100, 0),
    FEED(MOVE, 100, 300, 10, .check = DRAGGING),
    STEP(DOWN, 50, 60, 5000, .want = GEST_DOWN, .check = AT | NOT_DRAGGING, .ex = 50, .ey = 60),
    STEP(UP, 50, 60, 5100, .want = GEST_TAP | GEST_END),
};

static const Step SWALLOW_STEPS[] = {
    FEED(DOWN, 100, 100, 0),
    {.op = SWALLOW, .check = ACTIVE},
    STEP(MOVE, 100, 300, 10),
    STEP(MOVE, 100, 100, 20),
    STEP(UP, 100, 100, 30, .want = GEST_END),
    /* Swallowing a horizontal drag: no swipe at release. */
    FEED(DOWN, 400, 100, 100),
    FEED(MOVE, 300, 100, 110),
    {.op = SWALLOW},
    STEP(UP, 200, 100, 120, .want = GEST_END),
    /* The next touch is whole again. */
    FEED(DOWN, 100, 100, 200),
    STEP(UP, 100, 100, 250, .want = GEST_TAP | GEST_END),
    /* Without a touch, swallowing does nothing to the next one. */
    {.op = SWALLOW},
    FEED(DOWN, 100, 100, 300),
    STEP(UP, 100, 100, 350, .want = GEST_TAP | GEST_END),
};

static const Step CANCEL[] = {
    FEED(DOWN, 100, 100, 0),
    FEED(MOVE, 100, 40, 10),
    STEP(CANCEL, 100, 0, 20, .want = GEST_END, .check = IDLE_AFTER),
    STEP(UP, 100, 0, 30),
    /* A cancelled press is no tap. */
    FEED(DOWN, 100, 100, 100),
    STEP(CANCEL, 100, 100, 110, .want = GEST_END),
};

static const Scenario SCENARIOS[] = {
    {"a tap", STEPS(TAP)},
    {"the tap time limit", STEPS(TAP_TIME_LIMIT)},
    {"no tap beyond the slop", STEPS(TAP_REJECTED_AFTER_SLOP)},
    {"the slop is a distance", STEPS(SLOP_IS_EUCLIDEAN)},
    {"a drag's direction", STEPS(DRAG_DIRECTION)},
    {"released beyond the slop", STEPS(RELEASE_BEYOND_SLOP)},
    {"a drag scrolls", STEPS(DRAG_SCROLLS)},
    {"a swipe left is next", STEPS(SWIPE_LEFT_IS_NEXT)},
    {"a swipe right is previous", STEPS(SWIPE_RIGHT_IS_PREVIOUS)},
    {"how far a swipe goes", STEPS(SWIPE_DISTANCE)},
    {"a second finger", STEPS(SECOND_FINGER_IGNORED)},
    {"events without a touch", STEPS(EVENTS_WITHOUT_TOUCH)},
    {"a repeated down", STEPS(REPEATED_DOWN_RESTARTS)},
    {"a swallowed touch", STEPS(SWALLOW_STEPS)},
    {"a cancelled touch", STEPS(CANCEL)},
};

static void test_scenarios(void **state)
{
	for (size_t k = 0; k < sizeof(SCENARIOS) / sizeof(SCENARIOS[0]); k++) {
		Gesture g;
		setup(&g);
		for (size_t i = 0; i < SCENARIOS[k].n; i++)
			run_step(&g, &SCENARIOS[k], i);
	}
}

/* ---- motion over time -------------------------------------------------------- */

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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_init),
	    cmocka_unit_test(test_scenarios),
	    cmocka_unit_test(test_fling_up),
	    cmocka_unit_test(test_fling_down),
	    cmocka_unit_test(test_fling_uses_recent_motion),
	    cmocka_unit_test(test_no_fling_when_slow_or_rested),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
