/* kiosk: the controller, driven with pointer events and fake time, as the
 * platform layer drives it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/control/kiosk.h"
#include "fixture.h"

typedef struct {
	Arena *arena;
	DocLibrary lib;
	FakeMeasure fm;
	LayoutMeasure ms;
	Kiosk *k;
} Fx;

static int setup(void **state)
{
	Fx *fx = calloc(1, sizeof(*fx));
	fx->arena = arena_new(4096);
	fx->lib = fixture_library(fx->arena, FIXTURE_MD);
	fx->ms = fake_measure(&fx->fm, 1920, 1080);
	KioskOptions o = {.w = 1920,
	                  .h = 1080,
	                  .text_scale = 1.0,
	                  .theme = theme_default(),
	                  .idle_ms = 90000,
	                  .rotate_ms = 12000};
	fx->k = kiosk_new(&o, &fx->ms, &fx->lib, 1000);
	*state = fx;
	return fx->k ? 0 : -1;
}

static int teardown(void **state)
{
	Fx *fx = *state;
	kiosk_free(fx->k);
	arena_free(fx->arena);
	free(fx);
	return 0;
}

static int find(const Kiosk *k, TargetKind kind, int index)
{
	const Layout *l = kiosk_layout(k);
	for (size_t i = 0; i < l->ntargets; i++)
		if (l->targets[i].kind == kind && (index < 0 || l->targets[i].index == index))
			return (int)i;
	return -1;
}

static void centre(const Kiosk *k, int t, int *x, int *y)
{
	Rect r;
	assert_true(layout_target_rect(kiosk_layout(k), (size_t)t, kiosk_scroll(k), &r));
	*x = r.x + r.w / 2;
	*y = r.y + r.h / 2;
}

static unsigned ptr(Kiosk *k, PointerType type, int64_t id, int x, int y, uint64_t now)
{
	PointerEvent e = {type, id, x, y};
	return kiosk_pointer(k, &e, now);
}

static void tap_target(Kiosk *k, TargetKind kind, int index, uint64_t now)
{
	int t = find(k, kind, index), x, y;
	assert_true(t >= 0);
	centre(k, t, &x, &y);
	ptr(k, PTR_DOWN, 0, x, y, now);
	ptr(k, PTR_UP, 0, x, y, now + 50);
}

static void test_pressed_state_in_the_next_frame(void **state)
{
	Fx *fx = *state;
	int t = find(fx->k, TARGET_TOPIC, 1), x, y;
	centre(fx->k, t, &x, &y);
	assert_true(ptr(fx->k, PTR_DOWN, 0, x, y, 2000) & KIOSK_REDRAW);
	assert_int_equal(kiosk_frame(fx->k, 2000)->pressed, t);
	assert_true(ptr(fx->k, PTR_UP, 0, x, y, 2080) & KIOSK_REDRAW);
	assert_int_equal(kiosk_nav_state(fx->k)->view.screen, SCREEN_TOPIC);
	assert_int_equal(kiosk_nav_state(fx->k)->view.topic, 1);
	assert_int_equal(kiosk_frame(fx->k, 2080)->pressed, -1);
}

static void test_release_elsewhere_does_not_activate(void **state)
{
	Fx *fx = *state;
	int t = find(fx->k, TARGET_TOPIC, 0), x, y;
	centre(fx->k, t, &x, &y);
	ptr(fx->k, PTR_DOWN, 0, x, y, 2000);
	ptr(fx->k, PTR_MOVE, 0, x + 200, y, 2050);
	ptr(fx->k, PTR_UP, 0, x + 200, y, 2100);
	assert_int_equal(kiosk_nav_state(fx->k)->view.screen, SCREEN_HOME);
	assert_int_equal(kiosk_frame(fx->k, 2100)->pressed, -1);
}

static void test_second_finger_is_ignored(void **state)
{
	Fx *fx = *state;
	int t = find(fx->k, TARGET_TOPIC, 2), x, y;
	centre(fx->k, t, &x, &y);
	ptr(fx->k, PTR_DOWN, 1, 10, 10, 2000);
	ptr(fx->k, PTR_DOWN, 2, x, y, 2010);
	ptr(fx->k, PTR_UP, 2, x, y, 2050);
	assert_int_equal(kiosk_nav_state(fx->k)->view.screen, SCREEN_HOME);
	ptr(fx->k, PTR_UP, 1, 10, 10, 2100);
	assert_int_equal(kiosk_nav_state(fx->k)->view.screen, SCREEN_HOME);
}

static void test_attract_and_wake(void **state)
{
	Fx *fx = *state;
	/* At rest nothing is due before the idle timeout: the loop sleeps. */
	assert_int_equal(kiosk_next_deadline(fx->k, 1000), 91000);
	kiosk_tick(fx->k, 90999);
	assert_int_equal(kiosk_nav_state(fx->k)->view.screen, SCREEN_HOME);
	assert_true(kiosk_tick(fx->k, 91000) & KIOSK_REDRAW);
	assert_int_equal(kiosk_nav_state(fx->k)->view.screen, SCREEN_ATTRACT);
	/* The slide transition animates: the old screen is still drawn. */
	const Frame *f = kiosk_frame(fx->k, 91100);
	assert_non_null(f->prev);
	assert_true(f->t > 0.0 && f->t < 1.0);
	kiosk_tick(fx->k, 92000);
	assert_null(kiosk_frame(fx->k, 92000)->prev);
	/* The first touch wakes to Home and activates nothing, even when a
	 * tile would lie under the finger on Home. */
	ptr(fx->k, PTR_DOWN, 0, 1500, 300, 95000);
	assert_int_equal(kiosk_nav_state(fx->k)->view.screen, SCREEN_HOME);
	assert_int_equal(kiosk_frame(fx->k, 95000)->pressed, -1);
	ptr(fx->k, PTR_UP, 0, 1500, 300, 95050);
	assert_int_equal(kiosk_nav_state(fx->k)->view.screen, SCREEN_HOME);
}

/* Count of a layout's pictures, and whether every one of a's is in b at
 * the same place and size. */
static size_t pictures(const Layout *l)
{
	size_t n = 0;
	for (size_t i = 0; i < l->ncmds; i++)
		n += l->cmds[i].kind == DRAW_IMAGE;
	return n;
}

static bool same_pictures(const Layout *a, const Layout *b)
{
	if (pictures(a) != pictures(b))
		return false;
	for (size_t i = 0; i < a->ncmds; i++) {
		const DrawCmd *c = &a->cmds[i];
		if (c->kind != DRAW_IMAGE)
			continue;
		bool found = false;
		for (size_t j = 0; j < b->ncmds && !found; j++) {
			const DrawCmd *d = &b->cmds[j];
			found = d->kind == DRAW_IMAGE && strcmp(d->src, c->src) == 0 &&
			        d->r.x == c->r.x && d->r.y == c->r.y && d->r.w == c->r.w &&
			        d->r.h == c->r.h;
		}
		if (!found)
			return false;
	}
	return true;
}

/* kiosk_upcoming lays out the next attract slide once, with the very
 * pictures (place and size) that slide then shows. */
static void test_upcoming_slide_laid_out_once(void **state)
{
	Fx *fx = *state;
	size_t with_pictures = 0;
	uint64_t now = 91000;
	for (int step = 0; step < 12; step++) {
		const Layout *next = kiosk_upcoming(fx->k);
		assert_non_null(next);
		assert_null(kiosk_upcoming(fx->k));
		with_pictures += pictures(next) > 0;
		/* The promise stays put while the slide changes. */
		assert_true(kiosk_tick(fx->k, now) & KIOSK_REDRAW);
		assert_int_equal(kiosk_nav_state(fx->k)->view.screen, SCREEN_ATTRACT);
		assert_true(same_pictures(next, kiosk_layout(fx->k)));
		kiosk_tick(fx->k, now + 1000);
		now += 12000;
	}
	assert_true(with_pictures > 0);
}

/* kiosk_walk lays out every screen once, then stops until new content;
 * the screen on show is not disturbed. */
static void test_walk_lays_out_every_screen_once(void **state)
{
	Fx *fx = *state;
	View v;
	int screens = 0;
	while (nav_walk_view(kiosk_nav_state(fx->k), screens, &v))
		screens++;
	size_t with_pictures = 0;
	int walked = 0;
	const Layout *l;
	while ((l = kiosk_walk(fx->k)) != NULL) {
		walked++;
		with_pictures += pictures(l) > 0;
	}
	assert_int_equal(walked, screens);
	assert_true(with_pictures >= 3);
	assert_null(kiosk_walk(fx->k));
	assert_int_equal(kiosk_nav_state(fx->k)->view.screen, SCREEN_HOME);
	assert_true(kiosk_layout(fx->k)->ntargets > 0);
	kiosk_set_library(fx->k, &fx->lib, 2000);
	assert_non_null(kiosk_walk(fx->k));
}

static void test_scroll_indicator_and_picture_round_trip(void **state)
{
	Fx *fx = *state;
	tap_target(fx->k, TARGET_TOPIC, 1, 2000);
	const Frame *f = kiosk_frame(fx->k, 2100);
	/* The fixture's topic fits at this size; the indicator only shows
	 * when there is more to read. */
	assert_int_equal(f->indicator, layout_max_scroll(kiosk_layout(fx->k)) > 0);
	tap_target(fx->k, TARGET_IMAGE, -1, 3000);
	assert_int_equal(kiosk_nav_state(fx->k)->view.screen, SCREEN_IMAGE);
	/* A tap anywhere but a control closes the picture. */
	ptr(fx->k, PTR_DOWN, 0, 30, 900, 4000);
	ptr(fx->k, PTR_UP, 0, 30, 900, 4050);
	assert_int_equal(kiosk_nav_state(fx->k)->view.screen, SCREEN_TOPIC);
	assert_int_equal(kiosk_nav_state(fx->k)->view.topic, 1);
}

static void test_drag_scrolls_and_coasts(void **state)
{
	Fx *fx = *state;
	/* A long topic at a small size. */
	kiosk_free(fx->k);
	arena_free(fx->arena);
	fx->arena = arena_new(4096);
	char md[20000];
	size_t n = (size_t)snprintf(md, sizeof(md), "# A\n\n## Long\n\n");
	for (int i = 0; i < 60; i++)
		n += (size_t)snprintf(md + n, sizeof(md) - n,
		                      "Line %d of a long topic text here.\n\n", i);
	fx->lib = fixture_library(fx->arena, md);
	fx->ms = fake_measure(&fx->fm, 800, 480);
	KioskOptions o = {.w = 800,
	                  .h = 480,
	                  .text_scale = 1.0,
	                  .theme = theme_default(),
	                  .idle_ms = 90000,
	                  .rotate_ms = 12000};
	fx->k = kiosk_new(&o, &fx->ms, &fx->lib, 0);
	tap_target(fx->k, TARGET_TOPIC, 0, 100);
	assert_int_equal(kiosk_nav_state(fx->k)->view.screen, SCREEN_TOPIC);
	const Frame *f = kiosk_frame(fx->k, 200);
	assert_true(f->indicator);
	int thumb0 = f->indicator_thumb.y;
	ptr(fx->k, PTR_DOWN, 0, 400, 300, 1000);
	for (int i = 1; i <= 10; i++)
		ptr(fx->k, PTR_MOVE, 0, 400, 300 - i * 20, 1000 + (uint64_t)i * 16);
	assert_true(kiosk_scroll(fx->k) >= 150);
	ptr(fx->k, PTR_UP, 0, 400, 100, 1170);
	int released = kiosk_scroll(fx->k);
	/* Coasting: the loop is asked back within a frame, and the text moves. */
	assert_true(kiosk_next_deadline(fx->k, 1170) <= 1186);
	kiosk_tick(fx->k, 1400);
	assert_true(kiosk_scroll(fx->k) > released);
	assert_true(kiosk_frame(fx->k, 1400)->indicator_thumb.y > thumb0);
	kiosk_tick(fx->k, 10000);
	/* Stopped: no more frames asked for until the idle timeout. */
	assert_int_equal(kiosk_next_deadline(fx->k, 10000), 1000 + 90000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_pressed_state_in_the_next_frame, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_release_elsewhere_does_not_activate, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_second_finger_is_ignored, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_attract_and_wake, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_upcoming_slide_laid_out_once, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_walk_lays_out_every_screen_once, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_scroll_indicator_and_picture_round_trip, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_drag_scrolls_and_coasts, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
