/* schedule, night and timekeep: the night schedule on a fake clock in a
 * fake time zone (one hour ahead of UTC, two after a daylight saving
 * change when one is set), the screen blank or not, and the kept time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/schedule/clockset.h"
#include "core/schedule/night.h"
#include "core/schedule/schedule.h"
#include "core/schedule/timekeep.h"

#define DAY (24 * 3600)
/* 1970-01-05 was a Monday: local day numbers count from there. */
#define MONDAY (4 * DAY)

typedef struct {
	int64_t dst_at; /* UTC second from which the offset is after; 0 none */
	int before, after;
} Zone;

static int offset_at(const Zone *z, int64_t t)
{
	if (!z->dst_at)
		return 3600;
	return t >= z->dst_at ? z->after : z->before;
}

static void fake_local(int64_t t, void *user, ScheduleWall *w)
{
	int64_t l = t + offset_at(user, t);
	int64_t day = l / DAY;
	w->wday = (int)((day + 4) % 7);
	w->minute = (int)(l % DAY / 60);
	w->second = (int)(l % 60);
}

/* UTC at local day d (0 = the first Monday) hh:mm, before any change. */
static int64_t at(int d, int hh, int mm)
{
	return MONDAY + (int64_t)d * DAY + hh * 3600 + mm * 60 - 3600;
}

static Schedule parse_lines(const char *const *lines, int n)
{
	Schedule s;
	schedule_init(&s);
	for (int i = 0; i < n; i += 2) {
		ScheduleDay d;
		assert_int_equal(schedule_day_parse(lines[i + 1], &d), SCHEDULE_OK);
		int day = schedule_key_day(lines[i]);
		assert_true(day >= -1);
		schedule_set(&s, day, &d);
	}
	return s;
}

static void test_values(void **state)
{
	ScheduleDay d;
	static const char *const GOOD[] = {"20:00-07:00", " 8:00 - 7:30 ", "20.00-07.00",
	                                   "All day",     "never",         "13:00-24:00"};
	for (size_t i = 0; i < sizeof(GOOD) / sizeof(GOOD[0]); i++)
		if (schedule_day_parse(GOOD[i], &d) != SCHEDULE_OK)
			fail_msg("\"%s\" refused", GOOD[i]);
	static const char *const BAD[] = {"",          "20:00",       "20-7",        "25:00-07:00",
	                                  "7:60-8:00", "08:00-08:00", "24:00-07:00", "20:00-07:00x",
	                                  "always",    "-1:00-02:00", "123:00-1:00"};
	for (size_t i = 0; i < sizeof(BAD) / sizeof(BAD[0]); i++)
		if (schedule_day_parse(BAD[i], &d) == SCHEDULE_OK)
			fail_msg("\"%s\" taken", BAD[i]);
	assert_int_equal(schedule_day_parse("08:00-08:00", &d), SCHEDULE_SAME_TIMES);
	assert_int_equal(schedule_day_parse("24:00-07:00", &d), SCHEDULE_LATE_START);
	assert_int_equal(schedule_day_parse("20:00", &d), SCHEDULE_NOT_A_RANGE);
	assert_int_equal(schedule_day_parse("13:00-24:00", &d), SCHEDULE_OK);
	assert_int_equal(d.start, 13 * 60);
	assert_int_equal(d.end, 0);
	assert_int_equal(schedule_key_day("screen_off"), -1);
	assert_int_equal(schedule_key_day("screen_off_sat"), 6);
	assert_int_equal(schedule_key_day("screen_off_sunday"), 0);
	assert_int_equal(schedule_key_day("screen_off_xyz"), -2);
	assert_int_equal(schedule_key_day("screen_offsat"), -2);
}

static void test_across_midnight(void **state)
{
	static const char *const L[] = {"screen_off", "20:00-07:00"};
	Schedule s = parse_lines(L, 2);
	Zone z = {0};
	int64_t next;
	assert_false(schedule_state(&s, at(0, 12, 0), fake_local, &z, &next));
	assert_int_equal(next, at(0, 20, 0));
	assert_true(schedule_state(&s, at(0, 20, 0), fake_local, &z, &next));
	assert_int_equal(next, at(1, 7, 0));
	assert_true(schedule_state(&s, at(1, 6, 59), fake_local, &z, &next));
	assert_int_equal(next, at(1, 7, 0));
	assert_false(schedule_state(&s, at(1, 7, 0), fake_local, &z, &next));
	/* Sunday night into Monday morning: the week's edge. */
	assert_true(schedule_state(&s, at(6, 23, 30), fake_local, &z, &next));
	assert_int_equal(next, at(7, 7, 0));
}

static void test_weekdays(void **state)
{
	/* The days' own lines win, whichever comes first. */
	static const char *const L[] = {"screen_off_sat", "13:00-08:00",    "screen_off",
	                                "20:00-07:00",    "screen_off_sun", "all day"};
	Schedule s = parse_lines(L, 6);
	Zone z = {0};
	int64_t next;
	/* Saturday (day 5) 12:59 on, 13:00 off until Monday 07:00 (Sunday all
	 * day, then Sunday's... all day ends at midnight, where Saturday's
	 * 08:00 has passed: Monday 00:00 is on). */
	assert_false(schedule_state(&s, at(5, 12, 59), fake_local, &z, &next));
	assert_int_equal(next, at(5, 13, 0));
	assert_true(schedule_state(&s, at(5, 13, 0), fake_local, &z, &next));
	assert_int_equal(next, at(7, 0, 0));
	assert_true(schedule_state(&s, at(6, 9, 0), fake_local, &z, &next));
	/* Friday (day 4) runs as every day: off at 20:00 until Saturday 07:00. */
	assert_true(schedule_state(&s, at(4, 21, 0), fake_local, &z, &next));
	assert_int_equal(next, at(5, 7, 0));
	/* Never off anywhere: no change. */
	Schedule none;
	schedule_init(&none);
	assert_false(schedule_state(&none, at(2, 3, 0), fake_local, &z, &next));
	assert_true(next == SCHEDULE_NEVER);
	/* Off every day all day: no change either. */
	static const char *const ALL[] = {"screen_off", "all day"};
	Schedule all = parse_lines(ALL, 2);
	assert_true(schedule_state(&all, at(2, 3, 0), fake_local, &z, &next));
	assert_true(next == SCHEDULE_NEVER);
}

static void test_daylight_saving(void **state)
{
	static const char *const L[] = {"screen_off", "20:00-07:00"};
	Schedule s = parse_lines(L, 2);
	/* Spring: at local 02:00 on Sunday (day 6) the clock jumps to 03:00;
	 * 07:00 then comes an hour sooner in real time. */
	Zone spring = {.dst_at = at(6, 2, 0), .before = 3600, .after = 7200};
	int64_t next;
	assert_true(schedule_state(&s, at(5, 23, 0), fake_local, &spring, &next));
	assert_int_equal(next, at(6, 7, 0) - 3600);
	/* Autumn: at local 03:00 the clock goes back to 02:00 (UTC+2 -> +1);
	 * 07:00 comes an hour later in real time. at() counts in UTC+1, so
	 * the change (UTC 01:00) is at(6, 2, 0). */
	Zone autumn = {.dst_at = at(6, 2, 0), .before = 7200, .after = 3600};
	assert_true(schedule_state(&s, at(5, 22, 0), fake_local, &autumn, &next));
	assert_int_equal(next, at(6, 7, 0));
	/* A range that starts at a moment the spring change skips begins at
	 * the first moment after it... */
	static const char *const SKIP[] = {"screen_off_sun", "02:30-05:00"};
	Schedule k = parse_lines(SKIP, 2);
	assert_false(schedule_state(&k, at(6, 1, 0), fake_local, &spring, &next));
	assert_int_equal(next, at(6, 2, 0));
	assert_true(schedule_state(&k, next, fake_local, &spring, &next));
	assert_int_equal(next, at(6, 5, 0) - 3600);
	/* ...and one the autumn change repeats, the first time it comes
	 * (local 02:30 at UTC+2 is UTC 00:30). */
	assert_false(schedule_state(&k, at(5, 23, 0), fake_local, &autumn, &next));
	assert_int_equal(next, at(6, 1, 30));
}

static void test_night(void **state)
{
	Night n;
	night_init(&n);
	NightPlan off = {.off = true, .change_ms = 3600000, .clock_known = true};
	NightPlan unknown = off;
	unknown.clock_known = false;
	NightPlan day = {.off = false, .change_ms = 7200000, .clock_known = true};
	assert_true(night_blank(&n, &off, 1000));
	assert_int_equal(night_deadline(&n, &off, 1000), 1000 + 3600000);
	/* Never blank at noon: an unknown clock pauses the schedule. */
	assert_false(night_blank(&n, &unknown, 1000));
	assert_true(night_deadline(&n, &unknown, 1000) == NIGHT_NEVER);
	assert_false(night_blank(&n, &day, 1000));
	assert_int_equal(night_deadline(&n, &day, 1000), 1000 + 7200000);
	/* A touch wakes it for five minutes, and the loop is told when. */
	night_touch(&n, 5000);
	assert_false(night_blank(&n, &off, 5000));
	assert_false(night_blank(&n, &off, 5000 + NIGHT_WAKE_MS - 1));
	assert_int_equal(night_deadline(&n, &off, 6000), 5000 + NIGHT_WAKE_MS);
	assert_true(night_blank(&n, &off, 5000 + NIGHT_WAKE_MS));
}

static void test_timekeep(void **state)
{
	TimekeepFile f = {.time = 1764345600};
	snprintf(f.set_boot, sizeof(f.set_boot), "%s", "0f5e-9a");
	char buf[TIMEKEEP_FILE_MAX];
	int n = timekeep_format(&f, buf, sizeof(buf));
	assert_true(n > 0);
	TimekeepFile g;
	assert_int_equal(timekeep_parse(buf, (size_t)n, &g), 0);
	assert_int_equal(g.time, f.time);
	assert_string_equal(g.set_boot, "0f5e-9a");
	static const char *const BAD[] = {"",
	                                  "kiosk-clock 1\n",
	                                  "kiosk-clock 2\ntime 5\n",
	                                  "kiosk-clock 1\ntime -5\n",
	                                  "kiosk-clock 1\ntime 05\n",
	                                  "kiosk-clock 1\ntime 5\nset-boot X;\n",
	                                  "kiosk-clock 1\ntime 5\nextra\n",
	                                  "kiosk-clock 1\ntime 99999999999999999999\n"};
	for (size_t i = 0; i < sizeof(BAD) / sizeof(BAD[0]); i++)
		if (timekeep_parse(BAD[i], strlen(BAD[i]), &g) == 0)
			fail_msg("taken: %s", BAD[i]);
	/* Never back before the floor; before it the time is not known. */
	assert_int_equal(timekeep_floor(100, 200), 200);
	assert_int_equal(timekeep_now(50, 200), 200);
	assert_int_equal(timekeep_now(300, 200), 300);
	TimekeepSources ntp = {.ntp = true}, none = {0};
	assert_true(timekeep_known(&ntp, 300, 200));
	assert_false(timekeep_known(&ntp, 100, 200));
	assert_false(timekeep_known(&none, 300, 200));
	assert_false(timekeep_save_due(200 + TIMEKEEP_SAVE_S - 1, 200));
	assert_true(timekeep_save_due(200 + TIMEKEEP_SAVE_S, 200));
}

static void test_clockset(void **state)
{
	assert_int_equal(clockset_days(2028, 2), 29);
	assert_int_equal(clockset_days(2100, 2), 28);
	assert_int_equal(clockset_days(2026, 4), 30);
	ClockFields f = {2026, 3, 31, 0, 0};
	clockset_step(&f, CLOCKSET_MONTH, 1);
	assert_int_equal(f.month, 4);
	assert_int_equal(f.day, 30);
	clockset_step(&f, CLOCKSET_DAY, 1);
	assert_int_equal(f.day, 1);
	assert_int_equal(f.month, 4);
	clockset_step(&f, CLOCKSET_HOUR, -1);
	assert_int_equal(f.hour, 23);
	assert_int_equal(f.day, 1);
	f.year = CLOCKSET_YEAR_MAX;
	clockset_step(&f, CLOCKSET_YEAR, 1);
	assert_int_equal(f.year, CLOCKSET_YEAR_MIN);
	ClockFields wild = {1970, 13, 40, 25, 61};
	clockset_clamp(&wild);
	assert_int_equal(wild.year, CLOCKSET_YEAR_MIN);
	assert_int_equal(wild.month, 12);
	assert_int_equal(wild.day, 31);
	assert_int_equal(wild.hour, 23);
	assert_int_equal(wild.minute, 59);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_values),   cmocka_unit_test(test_across_midnight),
	    cmocka_unit_test(test_weekdays), cmocka_unit_test(test_daylight_saving),
	    cmocka_unit_test(test_night),    cmocka_unit_test(test_timekeep),
	    cmocka_unit_test(test_clockset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
