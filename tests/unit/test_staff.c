/* The staff's screens over the controller (core/control/kiosk with
 * core/service), with pointer events and fake time as the platform drives
 * them: the corner's hold fires at the deadline the controller gives, with
 * no event; the PIN pad takes the taps and the visitor's screen none;
 * cleaning mode ignores every touch and gives the visitor's screen back
 * scrolled where it was; the service screen closes after a minute. */
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
	Service svc;
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
	service_init(&fx->svc, 0, 0);
	fx->svc.has_pin = true;
	kiosk_set_service(fx->k, &fx->svc, 1000);
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

static unsigned ptr(Kiosk *k, PointerType type, int64_t id, int x, int y, uint64_t now)
{
	PointerEvent e = {type, id, x, y};
	return kiosk_pointer(k, &e, now);
}

/* Runs the controller's deadlines up to t, as the loop does. */
static void until(Kiosk *k, uint64_t *now, uint64_t t)
{
	for (;;) {
		uint64_t d = kiosk_next_deadline(k, *now);
		if (d > t)
			break;
		*now = d > *now ? d : *now + 1;
		kiosk_tick(k, *now);
	}
	*now = t;
	kiosk_tick(k, *now);
}

static int find(const Kiosk *k, TargetKind kind, int index)
{
	const Layout *l = kiosk_layout(k);
	for (size_t i = 0; i < l->ntargets; i++)
		if (l->targets[i].kind == kind && (index < 0 || l->targets[i].index == index))
			return (int)i;
	return -1;
}

static void tap(Kiosk *k, int t, uint64_t now)
{
	Rect r;
	assert_true(t >= 0);
	assert_true(layout_target_rect(kiosk_layout(k), (size_t)t, kiosk_scroll(k), &r));
	ptr(k, PTR_DOWN, 0, r.x + r.w / 2, r.y + r.h / 2, now);
	ptr(k, PTR_UP, 0, r.x + r.w / 2, r.y + r.h / 2, now + 50);
}

static void test_corner_hold_opens_the_pad_at_its_deadline(void **state)
{
	Fx *fx = *state;
	uint64_t now = 2000;
	ptr(fx->k, PTR_DOWN, 1, 20, 20, now);
	/* The loop is told to wake exactly when the hold is due. */
	assert_int_equal(kiosk_next_deadline(fx->k, now), 2000 + HOLD_CORNER_MS);
	until(fx->k, &now, 2000 + HOLD_CORNER_MS - 1);
	assert_null(kiosk_service(fx->k));
	until(fx->k, &now, 2000 + HOLD_CORNER_MS);
	assert_non_null(kiosk_service(fx->k));
	assert_int_equal(fx->svc.mode, SERVICE_PIN);
	assert_true(find(fx->k, TARGET_SERVICE, service_target_index(SERVICE_ACT_DIGIT, 5)) >= 0);
	assert_int_equal(find(fx->k, TARGET_TOPIC, -1), -1);
	/* Lifting the finger types nothing. */
	ptr(fx->k, PTR_UP, 1, 20, 20, now + 300);
	assert_int_equal(fx->svc.ndigits, 0);
	tap(fx->k, find(fx->k, TARGET_SERVICE, service_target_index(SERVICE_ACT_DIGIT, 5)),
	    now + 1000);
	assert_int_equal(fx->svc.ndigits, 1);
	assert_string_equal(fx->svc.digits, "5");
	/* A minute without a touch: Home again, with a full idle spell. */
	until(fx->k, &now, now + 1050 + SERVICE_IDLE_MS);
	assert_null(kiosk_service(fx->k));
	assert_int_equal(kiosk_nav_state(fx->k)->view.screen, SCREEN_HOME);
	until(fx->k, &now, now + 60000);
	assert_int_equal(kiosk_nav_state(fx->k)->view.screen, SCREEN_HOME);
}

static void test_cleaning_gives_the_screen_back_as_it_was(void **state)
{
	Fx *fx = *state;
	uint64_t now = 2000;
	tap(fx->k, find(fx->k, TARGET_TOPIC, 1), now);
	until(fx->k, &now, now + 1000);
	/* Scrolled down a way by a finger. */
	ptr(fx->k, PTR_DOWN, 0, 900, 800, now);
	for (int i = 1; i <= 20; i++)
		ptr(fx->k, PTR_MOVE, 0, 900, 800 - 15 * i, now + 16 * i);
	ptr(fx->k, PTR_UP, 0, 900, 500, now + 16 * 21 + 400);
	until(fx->k, &now, now + 5000);
	int scrolled = kiosk_scroll(fx->k);
	int topic = kiosk_nav_state(fx->k)->view.topic;
	assert_int_equal(kiosk_nav_state(fx->k)->view.screen, SCREEN_TOPIC);
	/* Three fingers held still. */
	for (int i = 0; i < 3; i++)
		ptr(fx->k, PTR_DOWN, 10 + i, 600 + 200 * i, 500, now);
	until(fx->k, &now, now + HOLD_THREE_MS);
	assert_int_equal(fx->svc.mode, SERVICE_CLEANING);
	for (int i = 0; i < 3; i++)
		ptr(fx->k, PTR_UP, 10 + i, 600 + 200 * i, 500, now + 100);
	/* Wiping: taps, drags, the corner held: nothing acts. */
	for (int i = 0; i < 50; i++) {
		uint64_t t = now + 200 + 400 * (uint64_t)i;
		ptr(fx->k, PTR_DOWN, 20, 20 + 30 * i, 20 + 15 * i, t);
		ptr(fx->k, PTR_MOVE, 20, 300 + 30 * i, 300, t + 100);
		ptr(fx->k, PTR_UP, 20, 300 + 30 * i, 300, t + 200);
	}
	until(fx->k, &now, now + SERVICE_CLEANING_MS - 1);
	assert_int_equal(fx->svc.mode, SERVICE_CLEANING);
	assert_int_equal(kiosk_layout(fx->k)->ntargets, 0);
	/* A finger resting as the time runs out acts on nothing after. */
	ptr(fx->k, PTR_DOWN, 30, 900, 540, now);
	until(fx->k, &now, now + 1);
	assert_null(kiosk_service(fx->k));
	ptr(fx->k, PTR_UP, 30, 900, 540, now + 50);
	const View *v = &kiosk_nav_state(fx->k)->view;
	assert_int_equal(v->screen, SCREEN_TOPIC);
	assert_int_equal(v->topic, topic);
	assert_int_equal(kiosk_scroll(fx->k), scrolled);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_corner_hold_opens_the_pad_at_its_deadline, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_cleaning_gives_the_screen_back_as_it_was, setup,
	                                    teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
