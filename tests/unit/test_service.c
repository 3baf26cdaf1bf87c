/* Unit tests for core/service: the PIN pad's lock-out with fake time
 * (five wrong tries lock it five minutes, kept across a restart), the
 * service screen's actions and requests, closing after 60 s, and
 * cleaning mode's 30 s. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/service/service.h"

static unsigned tap(Service *s, ServiceAct act, int arg, uint64_t now)
{
	return service_act(s, service_target_index(act, arg), now);
}

static void open_pad(Service *s, uint64_t now)
{
	PointerEvent down = {PTR_DOWN, 1, 5, 5};
	service_pointer(s, &down, now);
	service_tick(s, now + HOLD_CORNER_MS);
	PointerEvent up = {PTR_UP, 1, 5, 5};
	service_pointer(s, &up, now + HOLD_CORNER_MS + 10);
	assert_int_equal(s->mode, SERVICE_PIN);
}

/* Types pin and OK; the platform's answer is right or wrong. */
static void try_pin(Service *s, const char *pin, bool right, uint64_t now)
{
	for (const char *p = pin; *p; p++)
		tap(s, SERVICE_ACT_DIGIT, *p - '0', now);
	tap(s, SERVICE_ACT_ENTER, 0, now);
	if (service_take(s) & SERVICE_REQ_VERIFY)
		service_verified(s, right, now);
}

static void test_no_pin_stays_shut(void **state)
{
	Service s;
	service_init(&s, 96, 20);
	open_pad(&s, 1000);
	assert_int_equal(s.say, SERVICE_SAY_NO_PIN);
	tap(&s, SERVICE_ACT_DIGIT, 1, 7000);
	assert_int_equal(s.ndigits, 0);
	tap(&s, SERVICE_ACT_ENTER, 0, 7000);
	assert_false(service_take(&s) & SERVICE_REQ_VERIFY);
}

static void test_right_pin_opens(void **state)
{
	Service s;
	service_init(&s, 96, 20);
	s.has_pin = true;
	open_pad(&s, 1000);
	tap(&s, SERVICE_ACT_DIGIT, 1, 7000);
	tap(&s, SERVICE_ACT_DIGIT, 2, 7000);
	tap(&s, SERVICE_ACT_ENTER, 0, 7000); /* too short: not even checked */
	assert_false(service_take(&s) & SERVICE_REQ_VERIFY);
	tap(&s, SERVICE_ACT_DIGIT, 3, 7000);
	tap(&s, SERVICE_ACT_DIGIT, 4, 7000);
	tap(&s, SERVICE_ACT_ENTER, 0, 7000);
	assert_true(service_take(&s) & SERVICE_REQ_VERIFY);
	assert_string_equal(s.digits, "1234");
	service_verified(&s, true, 7300);
	assert_int_equal(s.mode, SERVICE_MENU);
	assert_int_equal(s.ndigits, 0);
	assert_string_equal(s.digits, "");
}

static void test_five_wrong_lock_five_minutes(void **state)
{
	Service s;
	service_init(&s, 96, 20);
	s.has_pin = true;
	uint64_t t = 1000;
	open_pad(&s, t);
	t += 6000;
	for (unsigned i = 1; i < PIN_TRIES; i++) {
		try_pin(&s, "0000", false, t);
		assert_int_equal(s.say, SERVICE_SAY_WRONG);
		assert_int_equal(pinguard_tries_left(&s.guard), PIN_TRIES - i);
		t += 1000;
	}
	try_pin(&s, "0000", false, t);
	assert_int_equal(s.say, SERVICE_SAY_LOCKED);
	uint64_t locked_at = t;
	assert_true(service_take(&s) & SERVICE_REQ_TRIES);
	/* Locked: no digit is taken, and even the right PIN is not checked. */
	tap(&s, SERVICE_ACT_DIGIT, 2, locked_at + 10);
	assert_int_equal(s.ndigits, 0);
	try_pin(&s, "2468", true, locked_at + 1000);
	assert_int_equal(s.mode, SERVICE_PIN);
	try_pin(&s, "2468", true, locked_at + PIN_LOCK_MS - 1);
	assert_int_equal(s.mode, SERVICE_PIN);
	assert_true(pinguard_locked(&s.guard, locked_at + PIN_LOCK_MS - 1));
	assert_false(pinguard_locked(&s.guard, locked_at + PIN_LOCK_MS));
	/* Five minutes on, the pad opens again with five tries. */
	Service s2;
	service_init(&s2, 96, 20);
	s2.has_pin = true;
	s2.guard = s.guard;
	uint64_t later = locked_at + PIN_LOCK_MS;
	open_pad(&s2, later);
	assert_int_equal(s2.say, SERVICE_SAY_NONE);
	assert_int_equal(pinguard_tries_left(&s2.guard), PIN_TRIES);
	try_pin(&s2, "2468", true, later + 6000);
	assert_int_equal(s2.mode, SERVICE_MENU);
}

static void test_lock_survives_restart(void **state)
{
	PinGuard g = {0};
	for (unsigned i = 0; i < PIN_TRIES - 1; i++)
		assert_false(pinguard_fail(&g, 1000));
	/* Power pulled after four wrong tries: the fifth still locks. */
	PinGuard g2;
	pinguard_restore(&g2, g.failures, pinguard_locked(&g, 1000), 50);
	assert_true(pinguard_fail(&g2, 60));
	/* Pulled while locked: the five minutes start again at the start,
	 * whatever the clock says. */
	PinGuard g3;
	pinguard_restore(&g3, g2.failures, pinguard_locked(&g2, 61), 0);
	assert_true(pinguard_locked(&g3, PIN_LOCK_MS - 1));
	assert_false(pinguard_locked(&g3, PIN_LOCK_MS));
	/* A count at the limit without the lock mark (cut off between the
	 * two) locks too. */
	PinGuard g4;
	pinguard_restore(&g4, PIN_TRIES, false, 100);
	assert_true(pinguard_locked(&g4, 100));
}

static void test_menu_actions_and_idle_close(void **state)
{
	Service s;
	service_init(&s, 96, 20);
	s.has_pin = true;
	open_pad(&s, 1000);
	try_pin(&s, "2468", true, 7000);
	service_take(&s);
	tap(&s, SERVICE_ACT_ROTATE, 1, 8000);
	assert_int_equal(s.rotation, 90);
	assert_true(service_take(&s) & SERVICE_REQ_ROTATE);
	tap(&s, SERVICE_ACT_ROLLBACK, 0, 9000);
	assert_true(service_take(&s) & SERVICE_REQ_ROLLBACK);
	tap(&s, SERVICE_ACT_EXPORT, 0, 9500);
	assert_true(service_take(&s) & SERVICE_REQ_EXPORT);
	assert_int_equal(s.mode, SERVICE_MENU);
	service_said(&s, SERVICE_SAY_EXPORTED, "kiosk-usage-2026-12-03.csv", 9600);
	assert_int_equal(s.say, SERVICE_SAY_EXPORTED);
	assert_string_equal(s.detail, "kiosk-usage-2026-12-03.csv");
	tap(&s, SERVICE_ACT_TOUCH_TEST, 0, 10000);
	assert_int_equal(s.mode, SERVICE_TOUCH);
	PointerEvent down = {PTR_DOWN, 3, 700, 400};
	service_pointer(&s, &down, 11000);
	assert_int_equal(s.npoints, 1);
	tap(&s, SERVICE_ACT_BACK, 0, 12000);
	assert_int_equal(s.mode, SERVICE_MENU);
	/* 60 s without a touch closes it, not a moment before. */
	assert_int_equal(service_deadline(&s, 12000 + 59000) <= 12000 + SERVICE_IDLE_MS, true);
	service_tick(&s, 12000 + SERVICE_IDLE_MS - 1);
	assert_int_equal(s.mode, SERVICE_MENU);
	service_tick(&s, 12000 + SERVICE_IDLE_MS);
	assert_int_equal(s.mode, SERVICE_OFF);
}

/* The last import's line from the data folder: text to show, nothing
 * more. */
static void test_clean_line(void **state)
{
	char buf[64];
	strcpy(buf, "Content updated (2026-12-03 16:40)\nsecond line\n");
	assert_true(service_clean_line(buf, strlen(buf)));
	assert_string_equal(buf, "Content updated (2026-12-03 16:40)");
	memcpy(buf, "a\tb\x1b[2Jc\x7f\xc3\xa9", 11);
	assert_true(service_clean_line(buf, 11));
	assert_string_equal(buf, "a b [2Jc \xc3\xa9");
	memcpy(buf, "bad \xc3(", 6);
	assert_false(service_clean_line(buf, 6));
	assert_string_equal(buf, "");
	memcpy(buf, "nul\0hidden", 10);
	assert_false(service_clean_line(buf, 10));
	assert_string_equal(buf, "");
	memcpy(buf, "cut \xe2\x80", 6);
	assert_false(service_clean_line(buf, 6));
}

static void test_cleaning_from_three_fingers(void **state)
{
	Service s;
	service_init(&s, 96, 20);
	uint64_t t = 5000;
	for (int i = 0; i < 3; i++) {
		PointerEvent down = {PTR_DOWN, 1 + i, 500 + 100 * i, 500};
		service_pointer(&s, &down, t);
	}
	assert_int_equal(service_deadline(&s, t), t + HOLD_THREE_MS);
	assert_true(service_tick(&s, t + HOLD_THREE_MS) & SERVICE_TAKEN);
	assert_int_equal(s.mode, SERVICE_CLEANING);
	uint64_t c = t + HOLD_THREE_MS;
	assert_int_equal(service_cleaning_left(&s, c), 30);
	/* Every touch meanwhile goes nowhere. */
	PointerEvent tapdown = {PTR_DOWN, 9, 10, 10};
	assert_true(service_pointer(&s, &tapdown, c + 1000) & SERVICE_TAKEN);
	assert_int_equal(service_cleaning_left(&s, c + 1000), 29);
	assert_int_equal(service_deadline(&s, c + 1000), c + 2000);
	service_tick(&s, c + SERVICE_CLEANING_MS - 1);
	assert_int_equal(s.mode, SERVICE_CLEANING);
	service_tick(&s, c + SERVICE_CLEANING_MS);
	assert_int_equal(s.mode, SERVICE_OFF); /* back where it was */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_no_pin_stays_shut),
	    cmocka_unit_test(test_right_pin_opens),
	    cmocka_unit_test(test_five_wrong_lock_five_minutes),
	    cmocka_unit_test(test_lock_survives_restart),
	    cmocka_unit_test(test_menu_actions_and_idle_close),
	    cmocka_unit_test(test_cleaning_from_three_fingers),
	    cmocka_unit_test(test_clean_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
