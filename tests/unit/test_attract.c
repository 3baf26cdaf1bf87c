/* attract: the sequence attract mode shows, worked out from the library:
 * pictures spread between the topics, or what staff named in the front
 * matter, an article in several languages once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/control/attract.h"
#include "core/document/model/arena.h"
#include "fixture.h"

static const char FOUR_TOPICS[] = "# Flu\n\n![Lead](lead.png)\n\n"
                                  "## One\n\nText.\n\n## Two\n\nText.\n\n"
                                  "## Three\n\nText.\n\n![Door](door.png)\n\n"
                                  "## Four\n\nText.\n";

static const char NAMED[] = "---\nattract: [four, who-should-get-it, door.png, nothing, One]\n---\n"
                            "# Flu\n\n## One\n\nText.\n\n## Who should get it?\n\nText.\n\n"
                            "## Four\n\nText.\n\n![Door](door.png)\n";

/* A slide expected: a topic of the one article, or a picture by its path. */
typedef struct {
	SlideKind kind;
	int topic;
	const char *src;
} Want;

#define TOPIC(t)                                                                                   \
	{                                                                                          \
		SLIDE_TOPIC, t, NULL                                                               \
	}
#define PICTURE(src)                                                                               \
	{                                                                                          \
		SLIDE_IMAGE, -1, src                                                               \
	}

static const struct {
	const char *what;
	const char *md;
	int n;
	Want want[6];
} SEQUENCES[] = {
    {"four topics and two pictures: a picture after every second topic",
     FOUR_TOPICS,
     6,
     {TOPIC(0), TOPIC(1), PICTURE("lead.png"), TOPIC(2), TOPIC(3), PICTURE("door.png")}},
    {"named: a title whatever its case, a slug, a picture's path; a name that is neither "
     "is left out",
     NAMED,
     4,
     {TOPIC(2), TOPIC(1), PICTURE("door.png"), TOPIC(0)}},
};

static void test_sequences(void **state)
{
	for (size_t k = 0; k < sizeof(SEQUENCES) / sizeof(SEQUENCES[0]); k++) {
		Arena *a = arena_new(4096);
		DocLibrary lib = fixture_library(a, SEQUENCES[k].md);
		int n = attract_walk(&lib, -1, NULL);
		if (n != SEQUENCES[k].n)
			fail_msg("%s: %d slides, expected %d", SEQUENCES[k].what, n,
			         SEQUENCES[k].n);
		for (int i = 0; i < n; i++) {
			const Want *w = &SEQUENCES[k].want[i];
			Slide s = {.kind = SLIDE_HOME};
			attract_walk(&lib, i, &s);
			if (s.kind != w->kind)
				fail_msg("%s: slide %d is of kind %d", SEQUENCES[k].what, i,
				         s.kind);
			if (w->kind == SLIDE_TOPIC) {
				assert_int_equal(s.article, 0);
				assert_int_equal(s.topic, w->topic);
			} else {
				assert_string_equal(s.image->src, w->src);
			}
		}
		arena_free(a);
	}
}

static void test_nothing_to_show_is_home(void **state)
{
	Slide s = {.kind = SLIDE_TOPIC, .article = 7};
	assert_int_equal(attract_walk(NULL, 0, &s), 1);
	assert_int_equal(s.kind, SLIDE_HOME);
	assert_int_equal(s.article, -1);
	/* Past the end, the slide asked for is not touched. */
	Arena *a = arena_new(4096);
	DocLibrary lib = fixture_library(a, FOUR_TOPICS);
	s = (Slide){.kind = SLIDE_HOME, .article = 7};
	assert_int_equal(attract_walk(&lib, 6, &s), 6);
	assert_int_equal(s.kind, SLIDE_HOME);
	assert_int_equal(s.article, 7);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sequences),
	    cmocka_unit_test(test_nothing_to_show_is_home),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
