/* Unit tests for core/usage: a scripted visit, screen by screen with fake
 * time, turned into per-day counts. */
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

static void test_unknown_day_counts_nothing(void **state)
{
	Usage u;
	usage_init(&u);
	View t0 = screen(SCREEN_TOPIC, 0), home = screen(SCREEN_HOME, -1);
	usage_observe(&u, &lib, &t0, "es", 0, DATE_NONE);
	usage_observe(&u, &lib, &home, "es", 5000, DATE_NONE);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_visit),
	    cmocka_unit_test(test_unknown_day_counts_nothing),
	    cmocka_unit_test(test_restart_is_not_a_touch),
	    cmocka_unit_test(test_full_table_counts_what_it_drops),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
