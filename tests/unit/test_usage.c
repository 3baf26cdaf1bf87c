/* Unit tests for core/usage: a scripted visit, screen by screen with fake
 * time, turned into per-day counts; and core/review/date's days. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/review/date.h"
#include "core/usage/usage.h"

static const DocTopic topics[] = {{"Who should get it", NULL, 0}, {"Side effects", NULL, 0}};
static const DocArticle articles[] = {
    {.title = "Flu vaccination", .source = "flu.md", .topics = topics, .ntopics = 2, .lang = "en"}};
static const DocLibrary lib = {articles, 1};

static View screen(ScreenKind s, int topic)
{
	View v = {.screen = s, .article = 0, .topic = topic};
	return v;
}

static int64_t count(const Usage *u, int day, UsageFigure f, const char *topic, const char *lang)
{
	for (size_t i = 0; i < u->npending; i++) {
		const UsageCount *c = &u->pending[i];
		if (c->day == day && c->figure == f && strcmp(c->topic, topic) == 0 &&
		    strcmp(c->lang, lang) == 0)
			return c->value;
	}
	return 0;
}

static void test_visit(void **state)
{
	Usage u;
	usage_init(&u);
	const int day = 20000;
	View home = screen(SCREEN_HOME, -1), attract = screen(SCREEN_ATTRACT, 0);
	View t0 = screen(SCREEN_TOPIC, 0), t1 = screen(SCREEN_TOPIC, 1);
	View pic = screen(SCREEN_IMAGE, -1);
	usage_observe(&u, &lib, &home, "", 0, day);
	usage_observe(&u, &lib, &attract, "", 90000, day); /* idle: attract */
	usage_observe(&u, &lib, &home, "", 95000, day);    /* a touch wakes it */
	usage_observe(&u, &lib, &home, "es", 96000, day);  /* Español chosen */
	usage_observe(&u, &lib, &t0, "es", 100000, day);
	usage_observe(&u, &lib, &pic, "es", 110000, day); /* its picture... */
	usage_observe(&u, &lib, &t0, "es", 115000, day);  /* ...and back: one visit */
	usage_observe(&u, &lib, &t1, "es", 130000, day);  /* Next */
	usage_observe(&u, &lib, &t1, "es", 131000, day);  /* scrolled: nothing new */
	usage_observe(&u, &lib, &home, "es", 140000, day);
	usage_observe(&u, &lib, &t0, "es", 150000, day);
	usage_observe(&u, &lib, &attract, "", 250000, day + 1); /* gone: next day */
	assert_int_equal(count(&u, day, USAGE_TOPIC_OPENS, "Who should get it", "en"), 2);
	assert_int_equal(count(&u, day, USAGE_TOPIC_OPENS, "Side effects", "en"), 1);
	assert_int_equal(count(&u, day, USAGE_TOPIC_MS, "Who should get it", "en"), 30000);
	assert_int_equal(count(&u, day + 1, USAGE_TOPIC_MS, "Who should get it", "en"), 100000);
	assert_int_equal(count(&u, day, USAGE_TOPIC_MS, "Side effects", "en"), 10000);
	assert_int_equal(count(&u, day, USAGE_ATTRACT_SHOWN, "", ""), 1);
	assert_int_equal(count(&u, day + 1, USAGE_ATTRACT_SHOWN, "", ""), 1);
	assert_int_equal(count(&u, day, USAGE_ATTRACT_TOUCHED, "", ""), 1);
	assert_int_equal(count(&u, day, USAGE_LANGUAGE, "", "es"), 1);
	assert_int_equal(u.npending, 9);
	usage_clear(&u);
	assert_int_equal(u.npending, 0);
}

static void test_restart_is_not_a_touch(void **state)
{
	Usage u;
	usage_init(&u);
	View attract = screen(SCREEN_ATTRACT, 0), home = screen(SCREEN_HOME, -1);
	View t0 = screen(SCREEN_TOPIC, 0);
	usage_observe(&u, &lib, &t0, "", 0, 7);
	usage_observe(&u, &lib, &attract, "", 5000, 7);
	usage_restart(&u, &lib, 6000, 7); /* new content: Home, nobody touched */
	usage_observe(&u, &lib, &home, "", 6000, 7);
	assert_int_equal(count(&u, 7, USAGE_ATTRACT_TOUCHED, "", ""), 0);
	assert_int_equal(count(&u, 7, USAGE_TOPIC_MS, "Who should get it", "en"), 5000);
	/* a topic being read when content changes is counted up to then */
	usage_observe(&u, &lib, &t0, "", 7000, 7);
	usage_restart(&u, &lib, 9000, 7);
	assert_int_equal(count(&u, 7, USAGE_TOPIC_MS, "Who should get it", "en"), 7000);
}

static void test_full_table_counts_what_it_drops(void **state)
{
	Usage u;
	usage_init(&u);
	View t0 = screen(SCREEN_TOPIC, 0), home = screen(SCREEN_HOME, -1);
	for (int d = 0; d < USAGE_PENDING_MAX + 5; d++) {
		usage_observe(&u, &lib, &t0, "", (uint64_t)d * 10, d);
		usage_observe(&u, &lib, &home, "", (uint64_t)d * 10, d);
	}
	assert_int_equal(u.npending, USAGE_PENDING_MAX);
	assert_true(u.dropped > 0);
}

static void test_dates(void **state)
{
	char s[16];
	int day;
	bool month;
	assert_int_equal(date_from_ymd(1970, 1, 1), 0);
	assert_int_equal(date_from_ymd(2000, 3, 1), 11017);
	assert_int_equal(date_from_ymd(2026, 2, 29), DATE_NONE);
	assert_int_equal(date_from_ymd(2024, 2, 29), 19782);
	for (int d = -800000; d < 2900000; d += 997) {
		int y, m, dd;
		date_to_ymd(d, &y, &m, &dd);
		if (y >= 1 && y <= 9999)
			assert_int_equal(date_from_ymd(y, m, dd), d);
	}
	assert_true(date_parse("2026-10-14", 10, &day, &month));
	assert_false(month);
	date_format(day, s, sizeof(s));
	assert_string_equal(s, "2026-10-14");
	assert_true(date_parse("2026-10", 7, &day, &month));
	assert_true(month);
	date_format(day, s, sizeof(s));
	assert_string_equal(s, "2026-10-01");
	const char *bad[] = {"2026-13-01",   "2026-02-30", "26-10-01",   "2026/10/01", "2026-1-01",
	                     "October 2026", "",           "2026-10-1x", "0000-01-01", "2026-00"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (date_parse(bad[i], strlen(bad[i]), &day, NULL))
			fail_msg("\"%s\" read as a date", bad[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_visit),
	    cmocka_unit_test(test_restart_is_not_a_touch),
	    cmocka_unit_test(test_full_table_counts_what_it_drops),
	    cmocka_unit_test(test_dates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
