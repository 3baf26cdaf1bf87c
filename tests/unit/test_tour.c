/* Unit tests for core/tour: the screens `kiosk preview` visits, in order,
 * and the navigation events that reach each: every route is driven
 * through the real state machine (nav) from a fresh Home and must arrive
 * at its own screen. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/control/nav.h"
#include "core/document/arena.h"
#include "core/document/markdown.h"
#include "core/preview/tour.h"

#define MAX_ARTICLES 4

typedef struct {
	Arena *arena;
	DocArticle a[MAX_ARTICLES];
	DocLibrary lib;
} Lib;

/* Articles given as name, text, name, text ..., in file-name order. */
static void lib_of(Lib *l, const char *const *files, size_t n)
{
	l->arena = arena_new(1 << 16);
	assert_non_null(l->arena);
	char err[256];
	for (size_t i = 0; i < n; i++)
		assert_int_equal(markdown_parse(files[2 * i + 1], strlen(files[2 * i + 1]),
		                                files[2 * i], l->arena, &l->a[i], err, sizeof(err)),
		                 0);
	l->lib = (DocLibrary){l->a, n};
}

/* Every stop's route, driven through nav from a fresh Home, arrives. */
static void every_route_arrives(const DocLibrary *lib)
{
	size_t n = tour_plan(lib, NULL, 0);
	TourStop *stops = calloc(n, sizeof(*stops));
	assert_non_null(stops);
	assert_int_equal(tour_plan(lib, stops, n), n);
	for (size_t i = 0; i < n; i++) {
		Nav nav;
		nav_init(&nav, lib, 90000, 12000, 1000);
		NavEvent ev[TOUR_ROUTE_MAX];
		size_t ne = tour_route(lib, &stops[i], ev);
		assert_true(ne <= TOUR_ROUTE_MAX);
		for (size_t k = 0; k < ne; k++)
			assert_true(nav_handle(&nav, &ev[k], 1000 + k) & NAV_CHANGED);
		char name[64];
		tour_name(&stops[i], name, sizeof(name));
		if (!tour_arrived(&nav.view, &stops[i]))
			fail_msg("stop %zu (%s) not reached", i, name);
		/* Arriving is about that stop only. */
		for (size_t j = 0; j < n; j++)
			if (j != i && stops[j].kind != TOUR_HOME && stops[i].kind != TOUR_HOME &&
			    tour_arrived(&nav.view, &stops[j]))
				fail_msg("stop %zu's screen is also stop %zu's", i, j);
	}
	free(stops);
}

static void test_one_article_home_topics_then_pictures(void **state)
{
	Lib l;
	const char *files[] = {"flu.md", "# Flu\n\nIntro.\n\n![Lead](images/a.png)\n\n## One\n\n"
	                                 "Text.\n\n## Two\n\n![In two](images/b.png)\n\nMore.\n"};
	lib_of(&l, files, 1);
	TourStop s[8];
	assert_int_equal(tour_plan(&l.lib, s, 8), 5);
	char names[5][32];
	for (int i = 0; i < 5; i++)
		tour_name(&s[i], names[i], sizeof(names[i]));
	/* The one article's Home is the kiosk's Home: not twice. */
	assert_string_equal(names[0], "home");
	assert_string_equal(names[1], "a0-t0");
	assert_string_equal(names[2], "a0-t1");
	assert_string_equal(names[3], "a0-p1");
	assert_string_equal(names[4], "a0-p2");
	assert_int_equal(s[3].topic, -1);
	assert_string_equal(s[3].image->alt, "Lead");
	assert_int_equal(s[4].topic, 1);
	assert_string_equal(s[4].image->alt, "In two");
	NavEvent ev[TOUR_ROUTE_MAX];
	assert_int_equal(tour_route(&l.lib, &s[0], ev), 0);
	assert_int_equal(tour_route(&l.lib, &s[4], ev), 2);
	assert_int_equal(ev[0].type, NAV_EV_OPEN_TOPIC);
	assert_int_equal(ev[0].index, 1);
	assert_int_equal(ev[1].type, NAV_EV_OPEN_IMAGE);
	assert_ptr_equal(ev[1].image, s[4].image);
	every_route_arrives(&l.lib);
	/* A short array: the count all the same, only what fits written. */
	TourStop two[2];
	assert_int_equal(tour_plan(&l.lib, two, 2), 5);
	assert_int_equal(two[1].kind, TOUR_TOPIC);
	arena_free(l.arena);
}

static void test_articles_in_languages_each_in_turn(void **state)
{
	Lib l;
	/* File-name order: flu.es.md, flu.md, other.md. */
	const char *files[] = {
	    "flu.es.md", "# Gripe\n\n## Uno\n\nTexto.\n",
	    "flu.md",    "# Flu\n\n## One\n\nText.\n\n## Two\n\nMore.\n",
	    "other.md",  "# Other\n\n![Pic](images/p.png)\n\n## Only\n\nText.\n"};
	lib_of(&l, files, 3);
	TourStop s[16];
	size_t n = tour_plan(&l.lib, s, 16);
	const char *want[] = {"home",  "a1", "a1-t0", "a1-t1", "a0",
	                      "a0-t0", "a2", "a2-t0", "a2-p1"};
	assert_int_equal(n, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < n; i++) {
		char name[32];
		tour_name(&s[i], name, sizeof(name));
		assert_string_equal(name, want[i]);
	}
	/* Spanish: the list of articles, the article, its language. */
	NavEvent ev[TOUR_ROUTE_MAX];
	assert_int_equal(tour_route(&l.lib, &s[5], ev), 3);
	assert_int_equal(ev[0].type, NAV_EV_OPEN_ARTICLE);
	assert_int_equal(ev[0].index, 1);
	assert_int_equal(ev[1].type, NAV_EV_LANGUAGE);
	assert_int_equal(ev[1].index, 0);
	assert_int_equal(ev[2].type, NAV_EV_OPEN_TOPIC);
	every_route_arrives(&l.lib);
	arena_free(l.arena);
}

static void test_one_article_in_two_languages(void **state)
{
	Lib l;
	const char *files[] = {"flu.ar.md", "# إنفلونزا\n\n## واحد\n\nنص.\n", "flu.md",
	                       "# Flu\n\n## One\n\nText.\n"};
	lib_of(&l, files, 2);
	TourStop s[8];
	size_t n = tour_plan(&l.lib, s, 8);
	/* Home is the English one's; the Arabic one is reached by its
	 * language button. */
	const char *want[] = {"home", "a1-t0", "a0", "a0-t0"};
	assert_int_equal(n, 4);
	for (size_t i = 0; i < n; i++) {
		char name[32];
		tour_name(&s[i], name, sizeof(name));
		assert_string_equal(name, want[i]);
	}
	NavEvent ev[TOUR_ROUTE_MAX];
	assert_int_equal(tour_route(&l.lib, &s[2], ev), 1);
	assert_int_equal(ev[0].type, NAV_EV_LANGUAGE);
	every_route_arrives(&l.lib);
	arena_free(l.arena);
}

static void test_no_library_is_home_alone(void **state)
{
	TourStop s[2];
	assert_int_equal(tour_plan(NULL, s, 2), 1);
	assert_int_equal(s[0].kind, TOUR_HOME);
	DocLibrary empty = {NULL, 0};
	assert_int_equal(tour_plan(&empty, s, 2), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_one_article_home_topics_then_pictures),
	    cmocka_unit_test(test_articles_in_languages_each_in_turn),
	    cmocka_unit_test(test_one_article_in_two_languages),
	    cmocka_unit_test(test_no_library_is_home_alone),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
