/* Unit tests for core/nav: every screen against every event, the attract
 * rotation and its timing, notices and import, with fake time and libraries
 * built by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <limits.h>
#include <string.h>

#include "core/control/nav.h"
#include "core/screen/look/theme.h"

#define IDLE 90000u
#define ROTATE 12000u
#define START 1000u

/* Fixtures. */

static const DocSpan hello[] = {{"Hello", 5, 0}};
#define PARA                                                                                       \
	{                                                                                          \
		.type = DOC_PARA, .spans = hello, .nspans = 1                                      \
	}
#define IMAGE(s)                                                                                   \
	{                                                                                          \
		.type = DOC_IMAGE, .src = s, .alt = ""                                             \
	}

static const DocBlock plain[] = {PARA};

/* One article, nine topics, three images: the lead image in the intro and
 * one in topics 3 and 8. */
static const DocBlock one_intro[] = {PARA, IMAGE("lead.png")};
static const DocBlock one_t3[] = {PARA, IMAGE("t3.png")};
static const DocBlock one_t8[] = {IMAGE("t8.png"), PARA};
static const DocTopic one_topics[] = {
    {"T0", plain, 1}, {"T1", plain, 1}, {"T2", plain, 1}, {"T3", one_t3, 2}, {"T4", plain, 1},
    {"T5", plain, 1}, {"T6", plain, 1}, {"T7", plain, 1}, {"T8", one_t8, 2},
};
static const DocArticle one_articles[] = {
    {"Single", "single.md", one_intro, 2, one_topics, 9, NULL, 0, NULL, 0, ""},
};
static const DocLibrary lib_one = {one_articles, 1};

/* Three articles: 3 topics (one image), 2 topics, none. */
static const DocBlock multi_a0t1[] = {PARA, IMAGE("a0t1.png")};
static const DocTopic multi_a0[] = {
    {"A0T0", plain, 1}, {"A0T1", multi_a0t1, 2}, {"A0T2", plain, 1}};
static const DocTopic multi_a1[] = {{"A1T0", plain, 1}, {"A1T1", plain, 1}};
static const DocArticle multi_articles[] = {
    {"A0", "a0.md", plain, 1, multi_a0, 3, NULL, 0, NULL, 0, ""},
    {"A1", "a1.md", NULL, 0, multi_a1, 2, NULL, 0, NULL, 0, ""},
    {"A2", "a2.md", plain, 1, NULL, 0, NULL, 0, NULL, 0, ""},
};
static const DocLibrary lib_multi = {multi_articles, 3};
#define MULTI_IMAGE (&multi_a0t1[1])

/* More images than topics. */
static const DocBlock pics_intro[] = {IMAGE("p0.png"), PARA, IMAGE("p1.png"), IMAGE("p2.png")};
static const DocTopic pics_topics[] = {{"Only", plain, 1}};
static const DocArticle pics_articles[] = {
    {"Pictures", "pics.md", pics_intro, 4, pics_topics, 1, NULL, 0, NULL, 0, ""}};
static const DocLibrary lib_pics = {pics_articles, 1};

/* Topics without images. */
static const DocTopic words_topics[] = {{"W0", plain, 1}, {"W1", plain, 1}, {"W2", plain, 1}};
static const DocArticle words_articles[] = {
    {"Words", "words.md", plain, 1, words_topics, 3, NULL, 0, NULL, 0, ""}};
static const DocLibrary lib_words = {words_articles, 1};

/* An article with nothing to rotate through. */
static const DocArticle bare_articles[] = {
    {"Bare", "bare.md", plain, 1, NULL, 0, NULL, 0, NULL, 0, ""}};
static const DocLibrary lib_bare = {bare_articles, 1};

static const DocLibrary lib_empty = {NULL, 0};

/* An image of no library nav knows. */
static const DocBlock foreign[] = {IMAGE("elsewhere.png")};

/* Helpers. */

static NavEvent ev(NavEventType type)
{
	return (NavEvent){.type = type};
}

static NavEvent ev_index(NavEventType type, int index)
{
	return (NavEvent){.type = type, .index = index};
}

static NavEvent ev_image(const DocBlock *image)
{
	return (NavEvent){.type = NAV_EV_OPEN_IMAGE, .image = image};
}

static NavEvent ev_notice(const char *text, const char *detail, bool error)
{
	return (NavEvent){.type = NAV_EV_NOTICE, .text = text, .detail = detail, .error = error};
}

static NavEvent ev_progress(const char *text, int progress)
{
	return (NavEvent){.type = NAV_EV_PROGRESS, .text = text, .progress = progress};
}

static unsigned handle(Nav *n, NavEvent e, uint64_t now)
{
	return nav_handle(n, &e, now);
}

#define assert_view(v, scr, art, top, img)                                                         \
	do {                                                                                       \
		assert_int_equal((v).screen, (scr));                                               \
		assert_int_equal((v).article, (art));                                              \
		assert_int_equal((v).topic, (top));                                                \
		assert_ptr_equal((v).image, (img));                                                \
	} while (0)

/* An ignored event returns 0 and leaves every byte of the state as it was. */
#define expect_ignored(n, e, now) expect_ignored_at((n), (e), (now), __FILE__, __LINE__)

static void expect_ignored_at(Nav *n, NavEvent e, uint64_t now, const char *file, int line)
{
	Nav before;
	memcpy(&before, n, sizeof(before));
	unsigned r = nav_handle(n, &e, now);
	if (r == 0 && memcmp(&before, n, sizeof(before)) == 0)
		return;
	print_error("event %d (index %d) on screen %s was not ignored: returned %u\n", (int)e.type,
	            e.index, nav_screen_name(before.view.screen), r);
	_fail(file, line);
}

/* Opens topic t of article a, through the list of articles when it shows. */
static void open_topic(Nav *n, int a, int t, uint64_t now)
{
	if (n->view.article < 0)
		assert_int_equal(handle(n, ev_index(NAV_EV_OPEN_ARTICLE, a), now), NAV_CHANGED);
	assert_int_equal(handle(n, ev_index(NAV_EV_OPEN_TOPIC, t), now), NAV_CHANGED);
	assert_view(n->view, SCREEN_TOPIC, a, t, NULL);
}

/* Idles into attract from wherever n is; returns when attract began. */
static uint64_t enter_attract(Nav *n)
{
	uint64_t at = n->last_input + n->idle_ms;
	assert_int_equal(handle(n, ev(NAV_EV_TICK), at), NAV_CHANGED | NAV_ANIMATE);
	assert_int_equal(n->view.screen, SCREEN_ATTRACT);
	return at;
}

/* Init and library. */

static void test_init_single_article(void **state)
{
	Nav n;
	nav_init(&n, &lib_one, IDLE, ROTATE, START);
	assert_view(n.view, SCREEN_HOME, 0, -1, NULL);
	assert_ptr_equal(n.lib, &lib_one);
	assert_int_equal(n.idle_ms, IDLE);
	assert_int_equal(n.rotate_ms, ROTATE);
	assert_int_equal(n.transition_ms, 400);
	assert_int_equal(n.notice_ms, 8000);
	assert_int_equal(n.last_input, START);
	assert_int_equal(n.slides, 12);
	assert_int_equal(n.slide, 0);
	assert_false(n.transitioning);
	assert_true(nav_transition(&n, START) == 1.0);
}

static void test_init_several_articles(void **state)
{
	Nav n;
	nav_init(&n, &lib_multi, IDLE, ROTATE, START);
	assert_view(n.view, SCREEN_HOME, -1, -1, NULL);
	assert_int_equal(n.slides, 6);
}

static void test_init_empty(void **state)
{
	Nav n;
	nav_init(&n, &lib_empty, IDLE, ROTATE, START);
	assert_view(n.view, SCREEN_HOME, -1, -1, NULL);
	assert_int_equal(n.slides, 1);
	Slide s = nav_slide(&n, 0);
	assert_int_equal(s.kind, SLIDE_HOME);
	assert_int_equal(s.article, -1);

	nav_init(&n, &lib_bare, IDLE, ROTATE, START);
	assert_view(n.view, SCREEN_HOME, 0, -1, NULL);
	assert_int_equal(n.slides, 1);
	s = nav_slide(&n, 0);
	assert_int_equal(s.kind, SLIDE_HOME);
	assert_int_equal(s.article, 0);

	/* No library at all behaves like an empty one. */
	nav_init(&n, NULL, IDLE, ROTATE, START);
	assert_view(n.view, SCREEN_HOME, -1, -1, NULL);
	assert_int_equal(n.slides, 1);
	expect_ignored(&n, ev_index(NAV_EV_OPEN_ARTICLE, 0), START);
	expect_ignored(&n, ev_image(foreign), START);
	uint64_t at = enter_attract(&n);
	assert_view(n.view, SCREEN_ATTRACT, -1, -1, NULL);
	assert_int_equal(handle(&n, ev(NAV_EV_TOUCH), at + 1), NAV_CHANGED | NAV_WOKE);
}

static void test_screen_names(void **state)
{
	assert_string_equal(nav_screen_name(SCREEN_HOME), "home");
	assert_string_equal(nav_screen_name(SCREEN_TOPIC), "topic");
	assert_string_equal(nav_screen_name(SCREEN_IMAGE), "image");
	assert_string_equal(nav_screen_name(SCREEN_ATTRACT), "attract");
	assert_string_equal(nav_screen_name(SCREEN_NOTICE), "notice");
	assert_string_equal(nav_screen_name(SCREEN_IMPORT), "import");
}

static void test_set_library(void **state)
{
	Nav n;
	nav_init(&n, &lib_multi, IDLE, ROTATE, START);
	open_topic(&n, 0, 1, START + 10);
	nav_set_library(&n, &lib_one, START + 20);
	assert_ptr_equal(n.lib, &lib_one);
	assert_view(n.view, SCREEN_HOME, 0, -1, NULL);
	assert_int_equal(n.slides, 12);
	assert_int_equal(n.last_input, START + 20);

	/* Swapping during attract: Home, no transition, and the rotation
	 * starts over at the first slide of the new content. */
	uint64_t at = enter_attract(&n);
	assert_int_equal(handle(&n, ev(NAV_EV_TICK), at + ROTATE), NAV_CHANGED | NAV_ANIMATE);
	assert_int_equal(n.slide, 1);
	nav_set_library(&n, &lib_multi, at + ROTATE + 5);
	assert_view(n.view, SCREEN_HOME, -1, -1, NULL);
	assert_false(n.transitioning);
	assert_int_equal(n.slide, 0);
	assert_int_equal(n.slides, 6);
	enter_attract(&n);
	assert_int_equal(n.slide, 0);
	assert_view(n.view, SCREEN_ATTRACT, 0, 0, NULL);
}

/* The attract sequence. */

/* Each library's attract sequence, slide by slide: topics in reading
 * order, pictures spread evenly between them. */
typedef struct {
	SlideKind kind;
	int article, topic;    /* SLIDE_TOPIC */
	const DocBlock *image; /* SLIDE_IMAGE */
} WantSlide;

#define TOPIC(a, t)                                                                                \
	{                                                                                          \
		SLIDE_TOPIC, a, t, NULL                                                            \
	}
#define PICTURE(img)                                                                               \
	{                                                                                          \
		SLIDE_IMAGE, -1, -1, img                                                           \
	}

static const struct {
	const char *what;
	const DocLibrary *lib;
	int n;
	WantSlide slides[12];
} SEQUENCES[] = {
    {"T0 T1 T2 I0 T3 T4 T5 I1 T6 T7 T8 I2: three pictures spread over nine topics",
     &lib_one,
     12,
     {TOPIC(0, 0), TOPIC(0, 1), TOPIC(0, 2), PICTURE(&one_intro[1]), TOPIC(0, 3), TOPIC(0, 4),
      TOPIC(0, 5), PICTURE(&one_t3[1]), TOPIC(0, 6), TOPIC(0, 7), TOPIC(0, 8),
      PICTURE(&one_t8[0])}},
    {"five topics over articles, one picture: the picture after the fifth topic",
     &lib_multi,
     6,
     {TOPIC(0, 0), TOPIC(0, 1), TOPIC(0, 2), TOPIC(1, 0), TOPIC(1, 1), PICTURE(MULTI_IMAGE)}},
    {"more pictures than topics",
     &lib_pics,
     4,
     {TOPIC(0, 0), PICTURE(&pics_intro[0]), PICTURE(&pics_intro[2]), PICTURE(&pics_intro[3])}},
    {"topics without pictures", &lib_words, 3, {TOPIC(0, 0), TOPIC(0, 1), TOPIC(0, 2)}},
};

static void test_slide_sequences(void **state)
{
	for (size_t k = 0; k < sizeof(SEQUENCES) / sizeof(SEQUENCES[0]); k++) {
		Nav n;
		nav_init(&n, SEQUENCES[k].lib, IDLE, ROTATE, START);
		if (n.slides != SEQUENCES[k].n)
			fail_msg("%s: %d slides, expected %d", SEQUENCES[k].what, n.slides,
			         SEQUENCES[k].n);
		for (int i = 0; i < n.slides; i++) {
			const WantSlide *w = &SEQUENCES[k].slides[i];
			Slide s = nav_slide(&n, i);
			assert_int_equal(s.kind, w->kind);
			if (w->kind == SLIDE_TOPIC) {
				assert_int_equal(s.article, w->article);
				assert_int_equal(s.topic, w->topic);
			} else {
				assert_ptr_equal(s.image, w->image);
			}
		}
	}
}

/* Staff name the attract slides in an article's front matter: topics by
 * title or slug, pictures by path, in their order; a name that is neither
 * is left out; an article without a list gives every topic. */
static const char *const NAMED[] = {"t8",      "T3", "elsewhere.png", "t3.png", "no such topic",
                                    "lead.png"};
static const DocMeta NAMED_META[] = {{"title", "Single", NULL, 0, 0},
                                     {"attract", "t8, T3, ...", NAMED, 6, 0}};
static const DocTopic slug_topics[] = {{"Who should get it?", plain, 1}, {"When", plain, 1}};
static const DocMeta ONE_NAME[] = {{"attract", "who-should-get-it", NULL, 0, 0}};
static const DocArticle named_articles[] = {
    {.title = "Single",
     .source = "single.md",
     .intro = one_intro,
     .nintro = 2,
     .topics = one_topics,
     .ntopics = 9,
     .meta = NAMED_META,
     .nmeta = 2},
    {.title = "Words",
     .source = "words.md",
     .intro = plain,
     .nintro = 1,
     .topics = words_topics,
     .ntopics = 3},
    {.title = "Flu",
     .source = "flu.md",
     .topics = slug_topics,
     .ntopics = 2,
     .meta = ONE_NAME,
     .nmeta = 1},
};
static const DocLibrary lib_named = {named_articles, 3};

static void test_attract_slides_named_in_front_matter(void **state)
{
	Nav n;
	nav_init(&n, &lib_named, IDLE, ROTATE, START);
	const WantSlide want[] = {
	    TOPIC(0, 8), TOPIC(0, 3), PICTURE(&one_t3[1]), PICTURE(&one_intro[1]),
	    TOPIC(1, 0), TOPIC(1, 1), TOPIC(1, 2),         TOPIC(2, 0)};
	assert_int_equal(n.slides, 8);
	for (int i = 0; i < n.slides; i++) {
		Slide s = nav_slide(&n, i);
		assert_int_equal(s.kind, want[i].kind);
		if (s.kind == SLIDE_TOPIC) {
			assert_int_equal(s.article, want[i].article);
			assert_int_equal(s.topic, want[i].topic);
		} else {
			assert_ptr_equal(s.image, want[i].image);
		}
	}
	/* Attract mode walks them. */
	uint64_t at = enter_attract(&n);
	assert_view(n.view, SCREEN_ATTRACT, 0, 8, &one_t8[0]);
	handle(&n, ev(NAV_EV_TICK), at + ROTATE);
	assert_view(n.view, SCREEN_ATTRACT, 0, 3, &one_t3[1]);
	/* Nothing named that is there: the kiosk picks, as without names. */
	static const char *const none[] = {"nothing", "at all"};
	static const DocMeta bad[] = {{"attract", "nothing, at all", none, 2, 0}};
	DocArticle only = named_articles[0];
	only.meta = bad;
	only.nmeta = 1;
	DocLibrary lib = {&only, 1};
	nav_init(&n, &lib, IDLE, ROTATE, START);
	assert_int_equal(n.slides, 12);
}

static void test_slide_out_of_range(void **state)
{
	Nav n;
	nav_init(&n, &lib_one, IDLE, ROTATE, START);
	assert_int_equal(nav_slide(&n, -1).kind, SLIDE_HOME);
	assert_int_equal(nav_slide(&n, 12).kind, SLIDE_HOME);
	assert_int_equal(nav_slide(&n, INT_MAX).kind, SLIDE_HOME);
}

/* Idle and attract timing. */

static void test_attract_exactly_at_idle_timeout(void **state)
{
	Nav n;
	nav_init(&n, &lib_one, IDLE, ROTATE, START);
	assert_int_equal(nav_next_deadline(&n, START), START + IDLE - NAV_WARN_MS);
	expect_ignored(&n, ev(NAV_EV_TICK), START + IDLE - NAV_WARN_MS - 1);
	/* "Still reading?" first, counting down to the last second. */
	assert_int_equal(handle(&n, ev(NAV_EV_TICK), START + IDLE - 1), NAV_OVERLAY);
	assert_int_equal(n.view.countdown, 1);
	assert_int_equal(nav_next_deadline(&n, START + IDLE - 1), START + IDLE);
	expect_ignored(&n, ev(NAV_EV_TICK), START + IDLE - 1);
	assert_int_equal(n.view.screen, SCREEN_HOME);

	assert_int_equal(handle(&n, ev(NAV_EV_TICK), START + IDLE), NAV_CHANGED | NAV_ANIMATE);
	assert_view(n.view, SCREEN_ATTRACT, 0, 0, NULL);
	assert_view(n.prev_view, SCREEN_HOME, 0, -1, NULL);
	assert_int_equal(n.slide, 0);
	assert_int_equal(n.slide_since, START + IDLE);
	assert_true(n.transitioning);
	assert_int_equal(n.transition_start, START + IDLE);
}

static void test_touch_postpones_attract(void **state)
{
	Nav n;
	nav_init(&n, &lib_one, IDLE, ROTATE, START);
	assert_int_equal(handle(&n, ev(NAV_EV_TOUCH), START + 50000), 0);
	assert_int_equal(n.last_input, START + 50000);
	assert_int_equal(n.view.screen, SCREEN_HOME);
	assert_int_equal(nav_next_deadline(&n, START + 50000), START + 50000 + IDLE - NAV_WARN_MS);
	expect_ignored(&n, ev(NAV_EV_TICK), START + IDLE);
	expect_ignored(&n, ev(NAV_EV_TICK), START + 50000 + IDLE - NAV_WARN_MS - 1);
	assert_int_equal(handle(&n, ev(NAV_EV_TICK), START + 50000 + IDLE),
	                 NAV_CHANGED | NAV_ANIMATE);
}

static void test_attract_from_topic_and_image(void **state)
{
	Nav n;
	nav_init(&n, &lib_multi, IDLE, ROTATE, START);
	open_topic(&n, 0, 1, START + 100);
	assert_int_equal(n.last_input, START + 100);
	expect_ignored(&n, ev(NAV_EV_TICK), START + 100 + IDLE - NAV_WARN_MS - 1);
	enter_attract(&n);
	assert_view(n.prev_view, SCREEN_TOPIC, 0, 1, NULL);

	nav_init(&n, &lib_multi, IDLE, ROTATE, START);
	open_topic(&n, 0, 1, START);
	assert_int_equal(handle(&n, ev_image(MULTI_IMAGE), START + 200), NAV_CHANGED);
	assert_int_equal(n.last_input, START + 200);
	expect_ignored(&n, ev(NAV_EV_TICK), START + 200 + IDLE - NAV_WARN_MS - 1);
	enter_attract(&n);
	assert_view(n.prev_view, SCREEN_IMAGE, 0, 1, MULTI_IMAGE);
}

static void test_attract_slide_views(void **state)
{
	Nav n;
	nav_init(&n, &lib_one, IDLE, ROTATE, START);
	uint64_t t = enter_attract(&n);
	const View want[] = {
	    {.screen = SCREEN_ATTRACT, .article = 0, .topic = 0},
	    {.screen = SCREEN_ATTRACT, .article = 0, .topic = 1},
	    {.screen = SCREEN_ATTRACT, .article = 0, .topic = 2},
	    {.screen = SCREEN_ATTRACT, .article = -1, .topic = -1, .image = &one_intro[1]},
	    /* A topic slide carries the topic's first image. */
	    {.screen = SCREEN_ATTRACT, .article = 0, .topic = 3, .image = &one_t3[1]},
	    {.screen = SCREEN_ATTRACT, .article = 0, .topic = 4},
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		if (i > 0) {
			t += ROTATE;
			assert_int_equal(handle(&n, ev(NAV_EV_TICK), t), NAV_CHANGED | NAV_ANIMATE);
		}
		assert_int_equal(n.slide, (int)i);
		assert_view(n.view, want[i].screen, want[i].article, want[i].topic, want[i].image);
	}

	/* The attract Home slide shows the Home an empty library has. */
	nav_init(&n, &lib_bare, IDLE, ROTATE, START);
	enter_attract(&n);
	assert_view(n.view, SCREEN_ATTRACT, 0, -1, NULL);
}

static void test_attract_rotates_every_interval(void **state)
{
	Nav n;
	nav_init(&n, &lib_one, IDLE, ROTATE, START);
	uint64_t at = enter_attract(&n);
	for (int k = 1; k <= 30; k++) {
		uint64_t due = at + (uint64_t)k * ROTATE;
		View shown = n.view;
		/* The previous transition finished long ago: one redraw, no
		 * change of slide. */
		unsigned r = handle(&n, ev(NAV_EV_TICK), due - 1);
		assert_false(r & NAV_CHANGED);
		assert_int_equal(n.slide, (k - 1) % 12);
		assert_int_equal(nav_next_deadline(&n, due - 1), due);

		assert_int_equal(handle(&n, ev(NAV_EV_TICK), due), NAV_CHANGED | NAV_ANIMATE);
		assert_int_equal(n.slide, k % 12);
		assert_int_equal(n.slide_since, due);
		assert_int_equal(n.transition_start, due);
		assert_true(n.transitioning);
		assert_view(n.prev_view, shown.screen, shown.article, shown.topic, shown.image);
		Slide s = nav_slide(&n, n.slide);
		if (s.kind == SLIDE_TOPIC)
			assert_view(n.view, SCREEN_ATTRACT, s.article, s.topic,
			            doc_topic_image(&lib_one.articles[0].topics[s.topic]));
		else
			assert_view(n.view, SCREEN_ATTRACT, -1, -1, s.image);
	}
}

/* What nav_upcoming_slide promises is what the next idle spell or rotation
 * step shows, with the view nav_slide_view gives; screens that never lead
 * to a slide promise none. */
static void test_upcoming_slide_is_what_shows_next(void **state)
{
	Nav n;
	nav_init(&n, &lib_one, IDLE, ROTATE, START);
	int next = nav_upcoming_slide(&n);
	assert_int_equal(next, 0);
	View promised = nav_slide_view(&n, next);
	uint64_t at = enter_attract(&n);
	assert_int_equal(n.slide, next);
	assert_view(n.view, promised.screen, promised.article, promised.topic, promised.image);
	for (int k = 1; k <= 14; k++) {
		next = nav_upcoming_slide(&n);
		assert_int_equal(next, k % 12);
		promised = nav_slide_view(&n, next);
		handle(&n, ev(NAV_EV_TICK), at + (uint64_t)k * ROTATE);
		assert_int_equal(n.slide, next);
		assert_view(n.view, promised.screen, promised.article, promised.topic,
		            promised.image);
	}
	/* A touch leaves attract; the next idle spell resumes after the slide
	 * shown last. */
	handle(&n, ev(NAV_EV_TOUCH), n.slide_since + 1);
	next = nav_upcoming_slide(&n);
	assert_int_equal(next, (n.slide + 1) % 12);
	enter_attract(&n);
	assert_int_equal(n.slide, next);

	/* No rotation, or nothing to rotate through: no next slide in attract. */
	nav_init(&n, &lib_one, IDLE, 0, START);
	enter_attract(&n);
	assert_int_equal(nav_upcoming_slide(&n), -1);
	nav_init(&n, &lib_bare, IDLE, ROTATE, START);
	assert_int_equal(n.slides, 1);
	enter_attract(&n);
	assert_int_equal(nav_upcoming_slide(&n), -1);
	/* A notice goes back to Home, not to a slide. */
	nav_init(&n, &lib_one, IDLE, ROTATE, START);
	handle(&n, ev_notice("Content updated", "", false), START + 1);
	assert_int_equal(nav_upcoming_slide(&n), -1);
	(void)state;
}

/* nav_walk_view covers every screen once: Home, each article's list when
 * there are several, every topic, every picture full screen, every slide. */
static void test_walk_covers_every_screen(void **state)
{
	Nav n;
	View v;
	nav_init(&n, &lib_one, IDLE, ROTATE, START);
	int i = 0;
	assert_true(nav_walk_view(&n, i++, &v));
	assert_view(v, SCREEN_HOME, 0, -1, NULL);
	for (int t = 0; t < 9; t++) {
		assert_true(nav_walk_view(&n, i++, &v));
		assert_view(v, SCREEN_TOPIC, 0, t, NULL);
	}
	const DocBlock *pictures[] = {&one_intro[1], &one_t3[1], &one_t8[0]};
	for (int k = 0; k < 3; k++) {
		assert_true(nav_walk_view(&n, i++, &v));
		assert_view(v, SCREEN_IMAGE, -1, -1, pictures[k]);
	}
	for (int k = 0; k < n.slides; k++) {
		assert_true(nav_walk_view(&n, i++, &v));
		View slide = nav_slide_view(&n, k);
		assert_view(v, slide.screen, slide.article, slide.topic, slide.image);
	}
	assert_false(nav_walk_view(&n, i, &v));
	assert_false(nav_walk_view(&n, -1, &v));

	/* Several articles: the list, then each article's own Home. */
	nav_init(&n, &lib_multi, IDLE, ROTATE, START);
	assert_true(nav_walk_view(&n, 0, &v));
	assert_view(v, SCREEN_HOME, -1, -1, NULL);
	for (int a = 0; a < 3; a++) {
		assert_true(nav_walk_view(&n, 1 + a, &v));
		assert_view(v, SCREEN_HOME, a, -1, NULL);
	}
	assert_true(nav_walk_view(&n, 4, &v));
	assert_view(v, SCREEN_TOPIC, 0, 0, NULL);
	assert_true(nav_walk_view(&n, 4 + 5, &v));
	assert_view(v, SCREEN_IMAGE, -1, -1, MULTI_IMAGE);
	assert_true(nav_walk_view(&n, 4 + 5 + 1 + n.slides - 1, &v));
	assert_false(nav_walk_view(&n, 4 + 5 + 1 + n.slides, &v));

	/* Nothing loaded: Home only (its one slide too). */
	nav_init(&n, &lib_empty, IDLE, ROTATE, START);
	assert_true(nav_walk_view(&n, 0, &v));
	assert_int_equal(v.screen, SCREEN_HOME);
	(void)state;
}

static void test_transition_runs_and_ends(void **state)
{
	Nav n;
	nav_init(&n, &lib_one, IDLE, ROTATE, START);
	uint64_t at = enter_attract(&n);
	assert_true(nav_transition(&n, at) == 0.0);
	assert_true(nav_transition(&n, at + 100) == 0.25);
	assert_true(nav_transition(&n, at + 200) == 0.5);
	assert_true(nav_transition(&n, at + 400) == 1.0);
	assert_true(nav_transition(&n, at + 5000) == 1.0);

	/* While it runs the loop wakes every frame, and exactly at its end. */
	assert_int_equal(nav_next_deadline(&n, at), at + 16);
	assert_int_equal(nav_next_deadline(&n, at + 390), at + 400);
	assert_int_equal(nav_next_deadline(&n, at + 450), at + 450);

	assert_int_equal(handle(&n, ev(NAV_EV_TICK), at + 399), NAV_ANIMATE);
	assert_true(n.transitioning);
	assert_int_equal(handle(&n, ev(NAV_EV_TICK), at + 400), NAV_ANIMATE);
	assert_false(n.transitioning);
	assert_true(nav_transition(&n, at + 400) == 1.0);
	assert_int_equal(nav_next_deadline(&n, at + 400), at + ROTATE);
	expect_ignored(&n, ev(NAV_EV_TICK), at + 401);
	assert_view(n.view, SCREEN_ATTRACT, 0, 0, NULL);
}

static void test_no_drift_over_1000_intervals(void **state)
{
	Nav n;
	nav_init(&n, &lib_one, IDLE, ROTATE, START);
	uint64_t at = enter_attract(&n);
	for (uint64_t k = 1; k <= 1000; k++) {
		/* Every tick comes 37 ms late. */
		uint64_t due = at + k * ROTATE;
		assert_int_equal(handle(&n, ev(NAV_EV_TICK), due + 37), NAV_CHANGED | NAV_ANIMATE);
		assert_int_equal(n.slide_since, due);
		assert_int_equal(n.slide, (int)(k % 12));
		handle(&n, ev(NAV_EV_TICK), due + 37 + 400);
		assert_int_equal(nav_next_deadline(&n, due + 37 + 400), due + ROTATE);
	}
	assert_int_equal(n.slide_since, at + 1000 * (uint64_t)ROTATE);
}

static void test_skipped_intervals_restart_from_now(void **state)
{
	Nav n;
	nav_init(&n, &lib_one, IDLE, ROTATE, START);
	uint64_t at = enter_attract(&n);
	/* Almost a whole interval late still keeps the rhythm... */
	assert_int_equal(handle(&n, ev(NAV_EV_TICK), at + 2 * ROTATE - 1),
	                 NAV_CHANGED | NAV_ANIMATE);
	assert_int_equal(n.slide_since, at + ROTATE);
	assert_int_equal(n.slide, 1);

	/* ...a missed interval restarts it from now, one slide further only. */
	uint64_t late = at + 5 * ROTATE + 500;
	assert_int_equal(handle(&n, ev(NAV_EV_TICK), late), NAV_CHANGED | NAV_ANIMATE);
	assert_int_equal(n.slide_since, late);
	assert_int_equal(n.slide, 2);

	nav_init(&n, &lib_one, IDLE, ROTATE, START);
	at = enter_attract(&n);
	assert_int_equal(handle(&n, ev(NAV_EV_TICK), at + 2 * ROTATE), NAV_CHANGED | NAV_ANIMATE);
	assert_int_equal(n.slide_since, at + 2 * ROTATE);
	assert_int_equal(n.slide, 1);
}

static void test_touch_wakes_to_home(void **state)
{
	Nav n;
	nav_init(&n, &lib_multi, IDLE, ROTATE, START);
	open_topic(&n, 1, 1, START);
	uint64_t at = enter_attract(&n);
	handle(&n, ev(NAV_EV_TICK), at + ROTATE);
	assert_view(n.view, SCREEN_ATTRACT, 0, 1, MULTI_IMAGE);

	/* The first touch wakes to the top of Home, in mid-transition too. */
	assert_true(n.transitioning);
	assert_int_equal(handle(&n, ev(NAV_EV_TOUCH), at + ROTATE + 100), NAV_CHANGED | NAV_WOKE);
	assert_view(n.view, SCREEN_HOME, -1, -1, NULL);
	assert_false(n.transitioning);
	assert_int_equal(n.last_input, at + ROTATE + 100);
	assert_true(nav_transition(&n, at + ROTATE + 100) == 1.0);

	/* The next touch is an ordinary one. */
	assert_int_equal(handle(&n, ev(NAV_EV_TOUCH), at + ROTATE + 300), 0);
	assert_view(n.view, SCREEN_HOME, -1, -1, NULL);
	assert_int_equal(nav_next_deadline(&n, at + ROTATE + 300),
	                 at + ROTATE + 300 + IDLE - NAV_WARN_MS);

	/* One article: waking shows its Home. */
	nav_init(&n, &lib_one, IDLE, ROTATE, START);
	at = enter_attract(&n);
	assert_int_equal(handle(&n, ev(NAV_EV_TOUCH), at + 5), NAV_CHANGED | NAV_WOKE);
	assert_view(n.view, SCREEN_HOME, 0, -1, NULL);
}

static void test_attract_resumes_after_last_slide(void **state)
{
	Nav n;
	nav_init(&n, &lib_one, IDLE, ROTATE, START);
	uint64_t at = enter_attract(&n);
	handle(&n, ev(NAV_EV_TICK), at + ROTATE);
	handle(&n, ev(NAV_EV_TICK), at + 2 * ROTATE);
	assert_int_equal(n.slide, 2);
	handle(&n, ev(NAV_EV_TOUCH), at + 2 * ROTATE + 10);

	at = enter_attract(&n);
	assert_int_equal(n.slide, 3);
	assert_view(n.view, SCREEN_ATTRACT, -1, -1, &one_intro[1]);
	assert_int_equal(n.slide_since, at);
	handle(&n, ev(NAV_EV_TOUCH), at + 1);

	enter_attract(&n);
	assert_int_equal(n.slide, 4);

	/* And wraps at the end of the sequence. */
	for (int i = 0; i < 7; i++) {
		handle(&n, ev(NAV_EV_TOUCH), n.slide_since + 1);
		enter_attract(&n);
	}
	assert_int_equal(n.slide, 11);
	handle(&n, ev(NAV_EV_TOUCH), n.slide_since + 1);
	enter_attract(&n);
	assert_int_equal(n.slide, 0);
}

static void test_rotation_off(void **state)
{
	Nav n;
	nav_init(&n, &lib_one, IDLE, 0, START);
	uint64_t at = enter_attract(&n);
	assert_int_equal(handle(&n, ev(NAV_EV_TICK), at + 400), NAV_ANIMATE);
	assert_int_equal(nav_next_deadline(&n, at + 400), NAV_NEVER);
	expect_ignored(&n, ev(NAV_EV_TICK), at + 1000000);
	assert_int_equal(n.slide, 0);
}

static void test_single_slide_stays(void **state)
{
	Nav n;
	nav_init(&n, &lib_empty, IDLE, ROTATE, START);
	uint64_t at = enter_attract(&n);
	handle(&n, ev(NAV_EV_TICK), at + 400);
	assert_int_equal(handle(&n, ev(NAV_EV_TICK), at + ROTATE), 0);
	assert_int_equal(n.slide, 0);
	assert_false(n.transitioning);
	assert_int_equal(n.slide_since, at + ROTATE);
	assert_int_equal(nav_next_deadline(&n, at + ROTATE), at + 2 * ROTATE);
}

static void test_deadlines(void **state)
{
	Nav n;
	nav_init(&n, &lib_one, IDLE, ROTATE, START);
	assert_int_equal(nav_next_deadline(&n, START), START + IDLE - NAV_WARN_MS);
	/* In the warning, each second of the countdown. */
	assert_int_equal(nav_next_deadline(&n, START + IDLE - NAV_WARN_MS),
	                 START + IDLE - NAV_WARN_MS + 1000);
	assert_int_equal(nav_next_deadline(&n, START + IDLE - 2500), START + IDLE - 2000);
	assert_int_equal(nav_next_deadline(&n, START + IDLE - 1), START + IDLE);
	/* A deadline already passed is now, never a time behind it. */
	assert_int_equal(nav_next_deadline(&n, START + IDLE + 500), START + IDLE + 500);

	open_topic(&n, 0, 2, START + 10);
	assert_int_equal(nav_next_deadline(&n, START + 10), START + 10 + IDLE - NAV_WARN_MS);

	handle(&n, ev_notice("Updated", NULL, false), START + 20);
	assert_int_equal(nav_next_deadline(&n, START + 20), START + 20 + 8000);

	handle(&n, ev_progress("Copying", 10), START + 30);
	assert_int_equal(nav_next_deadline(&n, START + 30), NAV_NEVER);
	assert_int_equal(nav_next_deadline(&n, START + 30 + 10 * (uint64_t)IDLE), NAV_NEVER);
}

/* Notices and import. */

static void test_notice_times_out_to_home(void **state)
{
	Nav n;
	nav_init(&n, &lib_multi, IDLE, ROTATE, START);
	open_topic(&n, 0, 0, START);
	/* The notice comes when the kiosk was about to idle: attract waits. */
	uint64_t t = START + IDLE - 10;
	assert_int_equal(handle(&n, ev_notice("Content updated", "3 articles", false), t),
	                 NAV_CHANGED);
	assert_int_equal(n.view.screen, SCREEN_NOTICE);
	assert_string_equal(n.view.text, "Content updated");
	assert_string_equal(n.view.detail, "3 articles");
	assert_false(n.view.notice_error);
	assert_int_equal(n.notice_since, t);

	expect_ignored(&n, ev(NAV_EV_TICK), START + IDLE);
	expect_ignored(&n, ev(NAV_EV_TICK), t + 7999);
	assert_int_equal(handle(&n, ev(NAV_EV_TICK), t + 8000), NAV_CHANGED);
	assert_view(n.view, SCREEN_HOME, -1, -1, NULL);
	assert_null(n.view.text);

	/* Home then gets a whole idle spell before attract. */
	assert_int_equal(n.last_input, t + 8000);
	expect_ignored(&n, ev(NAV_EV_TICK), t + 8000 + IDLE - NAV_WARN_MS - 1);
	assert_int_equal(handle(&n, ev(NAV_EV_TICK), t + 8000 + IDLE), NAV_CHANGED | NAV_ANIMATE);
}

static void test_long_notice_holds_off_attract(void **state)
{
	Nav n;
	nav_init(&n, &lib_one, IDLE, ROTATE, START);
	n.notice_ms = 3 * IDLE;
	handle(&n, ev_notice("Problem", "bad file", true), START);
	assert_true(n.view.notice_error);
	expect_ignored(&n, ev(NAV_EV_TICK), START + IDLE);
	expect_ignored(&n, ev(NAV_EV_TICK), START + 2 * IDLE);
	assert_int_equal(handle(&n, ev(NAV_EV_TICK), START + 3 * IDLE), NAV_CHANGED);
	assert_view(n.view, SCREEN_HOME, 0, -1, NULL);
}

static void test_notice_during_attract(void **state)
{
	Nav n;
	nav_init(&n, &lib_one, IDLE, ROTATE, START);
	n.notice_ms = 2 * ROTATE;
	uint64_t at = enter_attract(&n);
	assert_true(n.transitioning);
	assert_int_equal(handle(&n, ev_notice("Updated", NULL, false), at + 50), NAV_CHANGED);
	assert_int_equal(n.view.screen, SCREEN_NOTICE);
	assert_false(n.transitioning);
	/* The rotation does not run under a notice. */
	expect_ignored(&n, ev(NAV_EV_TICK), at + ROTATE);
	expect_ignored(&n, ev(NAV_EV_TICK), at + 50 + 2 * ROTATE - 1);
	assert_int_equal(handle(&n, ev(NAV_EV_TICK), at + 50 + 2 * ROTATE), NAV_CHANGED);
	assert_view(n.view, SCREEN_HOME, 0, -1, NULL);
}

static void test_import_progress(void **state)
{
	Nav n;
	nav_init(&n, &lib_one, IDLE, ROTATE, START);
	assert_int_equal(handle(&n, ev_progress("Copying", 250), START), NAV_CHANGED);
	assert_int_equal(n.view.screen, SCREEN_IMPORT);
	assert_string_equal(n.view.text, "Copying");
	assert_int_equal(n.view.progress, 250);

	expect_ignored(&n, ev_progress("Copying", 250), START + 1);
	assert_int_equal(handle(&n, ev_progress("Copying", 400), START + 2), NAV_CHANGED);
	assert_int_equal(n.view.progress, 400);
	assert_int_equal(handle(&n, ev_progress("Checking", 400), START + 3), NAV_CHANGED);
	assert_string_equal(n.view.text, "Checking");
	assert_int_equal(handle(&n, ev_progress("Checking", 5000), START + 4), NAV_CHANGED);
	assert_int_equal(n.view.progress, 1000);
	assert_int_equal(handle(&n, ev_progress("Checking", -7), START + 5), NAV_CHANGED);
	assert_int_equal(n.view.progress, -1);

	/* Import from attract stops the rotation. */
	nav_init(&n, &lib_one, IDLE, ROTATE, START);
	uint64_t at = enter_attract(&n);
	assert_int_equal(handle(&n, ev_progress("Copying", 0), at + 10), NAV_CHANGED);
	assert_false(n.transitioning);
	expect_ignored(&n, ev(NAV_EV_TICK), at + 10 * ROTATE);
}

/* Ten seconds before attract mode would take a visitor's screen away, it
 * asks "Still reading?" and counts down; a touch keeps the visitor where
 * they were and does nothing else. */
static void test_still_reading_warning(void **state)
{
	Nav n;
	nav_init(&n, &lib_multi, IDLE, ROTATE, START);
	open_topic(&n, 0, 1, START);
	uint64_t warn = START + IDLE - NAV_WARN_MS;
	expect_ignored(&n, ev(NAV_EV_TICK), warn - 1);
	assert_int_equal(n.view.countdown, 0);
	assert_int_equal(handle(&n, ev(NAV_EV_TICK), warn), NAV_OVERLAY);
	assert_int_equal(n.view.countdown, 10);
	assert_view(n.view, SCREEN_TOPIC, 0, 1, NULL);
	/* Once a second, as the loop is asked to come. */
	for (int left = 9; left >= 1; left--) {
		uint64_t at = nav_next_deadline(&n, warn + (uint64_t)(10 - left) * 1000 - 1000);
		assert_int_equal(at, START + IDLE - (uint64_t)left * 1000);
		expect_ignored(&n, ev(NAV_EV_TICK), at - 1);
		assert_int_equal(handle(&n, ev(NAV_EV_TICK), at), NAV_OVERLAY);
		assert_int_equal(n.view.countdown, left);
	}
	/* A touch: the same topic, no warning, a whole idle spell again; the
	 * touch is spent (NAV_WOKE), so it opens nothing. */
	uint64_t touch = START + IDLE - 300;
	assert_int_equal(handle(&n, ev(NAV_EV_TOUCH), touch), NAV_OVERLAY | NAV_WOKE);
	assert_view(n.view, SCREEN_TOPIC, 0, 1, NULL);
	assert_int_equal(n.view.countdown, 0);
	assert_int_equal(n.last_input, touch);
	expect_ignored(&n, ev(NAV_EV_TICK), START + IDLE);
	assert_int_equal(nav_next_deadline(&n, touch), touch + IDLE - NAV_WARN_MS);
	/* The next touch is an ordinary one. */
	assert_int_equal(handle(&n, ev(NAV_EV_TOUCH), touch + 10), 0);
	/* Left alone, the warning runs out into attract mode. */
	handle(&n, ev(NAV_EV_TICK), touch + 10 + IDLE - NAV_WARN_MS);
	assert_int_equal(n.view.countdown, 10);
	assert_int_equal(handle(&n, ev(NAV_EV_TICK), touch + 10 + IDLE), NAV_CHANGED | NAV_ANIMATE);
	assert_int_equal(n.view.screen, SCREEN_ATTRACT);
	assert_int_equal(n.view.countdown, 0);
	assert_int_equal(n.prev_view.screen, SCREEN_TOPIC);

	/* On Home and on a picture too; a tick that comes late (a stalled
	 * board) goes straight to attract mode. */
	nav_init(&n, &lib_multi, IDLE, ROTATE, START);
	assert_int_equal(handle(&n, ev(NAV_EV_TICK), START + IDLE - 4500), NAV_OVERLAY);
	assert_int_equal(n.view.countdown, 5);
	assert_int_equal(n.view.screen, SCREEN_HOME);
	assert_int_equal(handle(&n, ev(NAV_EV_TICK), START + IDLE + 5000),
	                 NAV_CHANGED | NAV_ANIMATE);
	nav_init(&n, &lib_multi, IDLE, ROTATE, START);
	open_topic(&n, 0, 1, START);
	handle(&n, ev_image(MULTI_IMAGE), START);
	assert_int_equal(handle(&n, ev(NAV_EV_TICK), warn), NAV_OVERLAY);
	assert_int_equal(n.view.screen, SCREEN_IMAGE);
	assert_int_equal(handle(&n, ev(NAV_EV_TOUCH), warn + 10), NAV_OVERLAY | NAV_WOKE);
	assert_int_equal(n.view.screen, SCREEN_IMAGE);

	/* A notice over the warning takes it away. */
	handle(&n, ev(NAV_EV_TICK), warn + 10 + IDLE - NAV_WARN_MS);
	assert_true(n.view.countdown > 0);
	handle(&n, ev_notice("Updated", NULL, false), warn + 20 + IDLE - NAV_WARN_MS);
	assert_int_equal(n.view.countdown, 0);

	/* A short idle time warns for half of it. */
	nav_init(&n, &lib_one, 6000, ROTATE, START);
	assert_int_equal(nav_next_deadline(&n, START), START + 3000);
	assert_int_equal(handle(&n, ev(NAV_EV_TICK), START + 3000), NAV_OVERLAY);
	assert_int_equal(n.view.countdown, 3);
}

/* A visitor's text size goes with them from screen to screen, and the next
 * visitor, after attract mode, starts at the kiosk's own. */
static void test_text_size_kept_until_attract(void **state)
{
	Nav n;
	nav_init(&n, &lib_one, IDLE, ROTATE, START);
	assert_int_equal(handle(&n, ev_index(NAV_EV_TEXT_SIZE, 1), START + 10), NAV_RESTYLE);
	assert_int_equal(n.view.prefs.text_size, 1);
	assert_int_equal(n.last_input, START + 10);
	open_topic(&n, 0, 3, START + 20);
	assert_int_equal(n.view.prefs.text_size, 1);
	assert_int_equal(handle(&n, ev_index(NAV_EV_TEXT_SIZE, 2), START + 30), NAV_RESTYLE);
	assert_view(n.view, SCREEN_TOPIC, 0, 3, NULL);
	handle(&n, ev(NAV_EV_NEXT), START + 40);
	assert_int_equal(n.view.prefs.text_size, 2);
	handle(&n, ev_image(&one_t8[0]), START + 50);
	assert_int_equal(n.view.screen, SCREEN_IMAGE);
	assert_int_equal(n.view.prefs.text_size, 2);
	assert_int_equal(handle(&n, ev_index(NAV_EV_TEXT_SIZE, 1), START + 60), NAV_RESTYLE);
	handle(&n, ev(NAV_EV_CLOSE), START + 70);
	assert_view(n.view, SCREEN_TOPIC, 0, 4, NULL);
	assert_int_equal(n.view.prefs.text_size, 1);
	/* A notice keeps it too; attract mode puts it back. */
	handle(&n, ev_notice("Updated", NULL, false), START + 80);
	assert_int_equal(n.view.prefs.text_size, 1);
	handle(&n, ev(NAV_EV_CLOSE), START + 90);
	uint64_t at = n.last_input + IDLE;
	assert_int_equal(handle(&n, ev(NAV_EV_TICK), at), NAV_CHANGED | NAV_ANIMATE | NAV_RESTYLE);
	assert_int_equal(n.view.screen, SCREEN_ATTRACT);
	assert_int_equal(n.view.prefs.text_size, 0);
	assert_int_equal(n.prefs.text_size, 0);
	assert_int_equal(handle(&n, ev(NAV_EV_TOUCH), at + 1000), NAV_CHANGED | NAV_WOKE);
	assert_int_equal(n.view.prefs.text_size, 0);
	/* New content keeps the visitor's size (they are still there). */
	handle(&n, ev_index(NAV_EV_TEXT_SIZE, 2), at + 2000);
	nav_set_library(&n, &lib_multi, at + 3000);
	assert_int_equal(n.view.prefs.text_size, 2);
}

/* High contrast likewise: on and off on a visitor's screens, kept from
 * screen to screen, off again for the next visitor. */
static void test_high_contrast_kept_until_attract(void **state)
{
	Nav n;
	nav_init(&n, &lib_multi, IDLE, ROTATE, START);
	assert_false(n.view.prefs.high_contrast);
	assert_int_equal(handle(&n, ev_index(NAV_EV_CONTRAST, 1), START + 10), NAV_RESTYLE);
	assert_true(n.view.prefs.high_contrast);
	assert_int_equal(n.last_input, START + 10);
	expect_ignored(&n, ev_index(NAV_EV_CONTRAST, 1), START + 20);
	open_topic(&n, 1, 1, START + 30);
	assert_true(n.view.prefs.high_contrast);
	assert_int_equal(handle(&n, ev_index(NAV_EV_TEXT_SIZE, 1), START + 40), NAV_RESTYLE);
	assert_true(n.view.prefs.high_contrast);
	assert_int_equal(handle(&n, ev_index(NAV_EV_CONTRAST, 0), START + 50), NAV_RESTYLE);
	assert_false(n.view.prefs.high_contrast);
	assert_int_equal(n.view.prefs.text_size, 1);
	handle(&n, ev_index(NAV_EV_CONTRAST, 1), START + 60);
	handle(&n, ev(NAV_EV_HOME), START + 70);
	assert_true(n.view.prefs.high_contrast);
	/* Both reset at once when attract mode starts. */
	uint64_t at = START + 70 + IDLE;
	assert_int_equal(handle(&n, ev(NAV_EV_TICK), at), NAV_CHANGED | NAV_ANIMATE | NAV_RESTYLE);
	assert_false(n.view.prefs.high_contrast);
	assert_int_equal(n.view.prefs.text_size, 0);
	/* The slides to come are at the kiosk's own too. */
	assert_false(nav_slide_view(&n, 1).prefs.high_contrast);
}

/* A topic read aloud: offered only with a voice; started, paused and gone
 * on, stopped; each sentence heard keeps the listener from the warning and
 * attract mode; leaving the topic, or attract mode, stops it. */
static void test_read_aloud(void **state)
{
	Nav n;
	nav_init(&n, &lib_multi, IDLE, ROTATE, START);
	open_topic(&n, 0, 1, START);
	expect_ignored(&n, ev(NAV_EV_LISTEN), START + 10); /* no voice yet */
	assert_int_equal(handle(&n, ev_index(NAV_EV_VOICE, 1), START + 20), NAV_SPEECH);
	assert_true(n.view.can_listen);
	assert_int_equal(handle(&n, ev(NAV_EV_LISTEN), START + 30), NAV_SPEECH);
	assert_true(n.view.listening);
	assert_false(n.view.paused);
	assert_int_equal(n.view.sentence, 0);
	expect_ignored(&n, ev(NAV_EV_LISTEN), START + 40);
	expect_ignored(&n, ev_index(NAV_EV_READ, 0), START + 40);
	expect_ignored(&n, ev_index(NAV_EV_READ, -2), START + 40);
	/* Sentence after sentence, for longer than the idle time: no warning,
	 * no attract mode. */
	uint64_t t = START + 40;
	for (int i = 1; i <= 20; i++) {
		t += 8000;
		assert_int_equal(handle(&n, ev(NAV_EV_TICK), t - 1), 0);
		assert_int_equal(handle(&n, ev_index(NAV_EV_READ, i), t), NAV_SPEECH);
		assert_int_equal(n.view.sentence, i);
	}
	assert_true(t > START + IDLE);
	assert_int_equal(n.view.screen, SCREEN_TOPIC);
	assert_int_equal(n.view.countdown, 0);
	/* Paused: the sentence stays, idle counts again. */
	assert_int_equal(handle(&n, ev(NAV_EV_PAUSE), t + 10), NAV_SPEECH);
	assert_true(n.view.paused);
	expect_ignored(&n, ev_index(NAV_EV_READ, 21), t + 20);
	assert_int_equal(handle(&n, ev(NAV_EV_LISTEN), t + 30), NAV_SPEECH);
	assert_false(n.view.paused);
	assert_int_equal(n.view.sentence, 20);
	assert_int_equal(handle(&n, ev(NAV_EV_PAUSE), t + 40), NAV_SPEECH);
	assert_int_equal(handle(&n, ev(NAV_EV_PAUSE), t + 50), NAV_SPEECH);
	assert_false(n.view.paused);
	/* A text size keeps it going. */
	handle(&n, ev_index(NAV_EV_TEXT_SIZE, 2), t + 60);
	assert_true(n.view.listening);
	/* The end: it stops by itself. */
	assert_int_equal(handle(&n, ev_index(NAV_EV_READ, -1), t + 70), NAV_SPEECH);
	assert_false(n.view.listening);
	/* Again from the start; Stop. */
	handle(&n, ev(NAV_EV_LISTEN), t + 80);
	assert_int_equal(n.view.sentence, 0);
	assert_int_equal(handle(&n, ev(NAV_EV_STOP), t + 90), NAV_SPEECH);
	assert_false(n.view.listening);
	/* Leaving the topic stops it, and so does attract mode. */
	handle(&n, ev(NAV_EV_LISTEN), t + 100);
	handle(&n, ev(NAV_EV_NEXT), t + 110);
	assert_int_equal(n.view.topic, 2);
	assert_false(n.view.listening);
	assert_true(n.view.can_listen);
	handle(&n, ev(NAV_EV_LISTEN), t + 120);
	handle(&n, ev(NAV_EV_PAUSE), t + 130);
	uint64_t at = t + 130 + IDLE;
	handle(&n, ev(NAV_EV_TICK), at);
	assert_int_equal(n.view.screen, SCREEN_ATTRACT);
	assert_false(n.view.listening);
	/* The voice gone: nothing is read. */
	handle(&n, ev(NAV_EV_TOUCH), at + 100);
	open_topic(&n, 0, 0, at + 200);
	handle(&n, ev(NAV_EV_LISTEN), at + 300);
	assert_int_equal(handle(&n, ev_index(NAV_EV_VOICE, 0), at + 400), NAV_SPEECH);
	assert_false(n.view.listening);
	assert_false(n.view.can_listen);
}

/* The board's voices, by article: A1 has none, counted when asked. */
static int voiced_asked;
static bool voiced_a0_only(void *user, const DocArticle *a)
{
	voiced_asked++;
	return strcmp(a->source, (const char *)user) == 0;
}

/* A topic offers Listen only when the board has a voice for its article;
 * a voice lost for the article being read stops it; the answer is asked
 * again only for another article, not after every event. */
static void test_read_aloud_only_with_the_articles_voice(void **state)
{
	Nav n;
	nav_init(&n, &lib_multi, IDLE, ROTATE, START);
	handle(&n, ev_index(NAV_EV_VOICE, 1), START);
	assert_int_equal(nav_set_voiced(&n, voiced_a0_only, "a0.md"), 0);
	open_topic(&n, 1, 0, START + 10);
	assert_false(n.view.can_listen);
	expect_ignored(&n, ev(NAV_EV_LISTEN), START + 20);
	handle(&n, ev(NAV_EV_HOME), START + 30);
	handle(&n, ev(NAV_EV_HOME), START + 40);
	open_topic(&n, 0, 1, START + 50);
	assert_true(n.view.can_listen);
	assert_int_equal(handle(&n, ev(NAV_EV_LISTEN), START + 60), NAV_SPEECH);
	assert_true(n.view.listening);
	voiced_asked = 0;
	for (int i = 1; i <= 5; i++)
		handle(&n, ev_index(NAV_EV_READ, i), START + 60 + (uint64_t)i);
	handle(&n, ev(NAV_EV_NEXT), START + 70);
	assert_true(n.view.can_listen);
	assert_int_equal(voiced_asked, 0);
	/* The board's voices change under the listener (new content): the
	 * reading stops and Listen goes. */
	handle(&n, ev(NAV_EV_LISTEN), START + 80);
	assert_int_equal(nav_set_voiced(&n, voiced_a0_only, "none"), NAV_SPEECH);
	assert_false(n.view.listening);
	assert_false(n.view.can_listen);
	/* No answer to ask: every article is read. */
	assert_int_equal(nav_set_voiced(&n, NULL, NULL), NAV_SPEECH);
	assert_true(n.view.can_listen);
}

/* Every screen against every event: first the events each screen must
 * ignore (nothing returned, not a byte of state changed), one table; then,
 * screen by screen, what the others do. */

/* Puts n on the list of articles; returns when to send events to it. */
static uint64_t screen_article_list(Nav *n)
{
	nav_init(n, &lib_multi, IDLE, ROTATE, START);
	return START + 100;
}

/* Puts n on an article's topics; returns when to send events to it. */
static uint64_t screen_article_home(Nav *n)
{
	nav_init(n, &lib_multi, IDLE, ROTATE, START);
	handle(n, ev_index(NAV_EV_OPEN_ARTICLE, 0), START);
	return START + 100;
}

/* Puts n on a topic; returns when to send events to it. */
static uint64_t screen_topic(Nav *n)
{
	nav_init(n, &lib_multi, IDLE, ROTATE, START);
	open_topic(n, 0, 1, START);
	return START + 100;
}

/* Puts n on a picture full screen; returns when to send events to it. */
static uint64_t screen_image(Nav *n)
{
	nav_init(n, &lib_multi, IDLE, ROTATE, START);
	open_topic(n, 0, 1, START);
	handle(n, ev_image(MULTI_IMAGE), START);
	return START + 100;
}

/* Puts n on attract mode; returns when to send events to it. */
static uint64_t screen_attract(Nav *n)
{
	nav_init(n, &lib_multi, IDLE, ROTATE, START);
	uint64_t at = enter_attract(n);
	handle(n, ev(NAV_EV_TICK), at + 400);
	return at + 500;
}

/* Puts n on a notice; returns when to send events to it. */
static uint64_t screen_notice(Nav *n)
{
	nav_init(n, &lib_multi, IDLE, ROTATE, START);
	open_topic(n, 0, 0, START);
	handle(n, ev_notice("Updated", NULL, false), START);
	return START + 100;
}

/* Puts n on the import's progress; returns when to send events to it. */
static uint64_t screen_import(Nav *n)
{
	nav_init(n, &lib_multi, IDLE, ROTATE, START);
	handle(n, ev_progress("Copying", 100), START);
	return START + 10 * (uint64_t)IDLE;
}

static const NavEvent IGNORED_ON_ARTICLE_LIST[] = {
    {.type = NAV_EV_TICK},
    {.type = NAV_EV_OPEN_ARTICLE, .index = -1},
    {.type = NAV_EV_OPEN_ARTICLE, .index = 3},
    {.type = NAV_EV_OPEN_ARTICLE, .index = INT_MAX},
    {.type = NAV_EV_OPEN_TOPIC, .index = 0},
    {.type = NAV_EV_OPEN_IMAGE, .image = NULL},
    {.type = NAV_EV_OPEN_IMAGE, .image = foreign},
    {.type = NAV_EV_OPEN_IMAGE, .image = &multi_a0t1[0]}, /* not an image */
    {.type = NAV_EV_HOME},
    {.type = NAV_EV_PREV},
    {.type = NAV_EV_NEXT},
    {.type = NAV_EV_CLOSE},
    {.type = NAV_EV_SWIPE, .index = 1},
    {.type = NAV_EV_SWIPE, .index = -1},
    {.type = NAV_EV_TEXT_SIZE, .index = 0}, /* the size it has */
    {.type = NAV_EV_TEXT_SIZE, .index = -1},
    {.type = NAV_EV_TEXT_SIZE, .index = THEME_TEXT_SIZES},
    {.type = NAV_EV_CONTRAST, .index = 0}, /* off, as it is */
    {.type = NAV_EV_CONTRAST, .index = 2},
    {.type = NAV_EV_CONTRAST, .index = -1},
    {.type = NAV_EV_LISTEN},
    {.type = NAV_EV_PAUSE},
    {.type = NAV_EV_STOP},
    {.type = NAV_EV_READ, .index = 1},
    {.type = NAV_EV_VOICE, .index = 0}, /* no voice, as it is */
    {.type = NAV_EV_VOICE, .index = 2},
};

static const NavEvent IGNORED_ON_ARTICLE_HOME[] = {
    {.type = NAV_EV_TICK},
    {.type = NAV_EV_OPEN_ARTICLE, .index = 1},
    {.type = NAV_EV_OPEN_TOPIC, .index = -1},
    {.type = NAV_EV_OPEN_TOPIC, .index = 3},
    {.type = NAV_EV_OPEN_IMAGE, .image = foreign},
    {.type = NAV_EV_PREV},
    {.type = NAV_EV_NEXT},
    {.type = NAV_EV_CLOSE},
    {.type = NAV_EV_SWIPE, .index = 1},
    {.type = NAV_EV_SWIPE, .index = -1},
    {.type = NAV_EV_TEXT_SIZE, .index = 0},
    {.type = NAV_EV_TEXT_SIZE, .index = INT_MAX},
    {.type = NAV_EV_LISTEN},
    {.type = NAV_EV_PAUSE},
    {.type = NAV_EV_STOP},
    {.type = NAV_EV_READ, .index = 1},
    {.type = NAV_EV_VOICE, .index = 0}, /* no voice, as it is */
    {.type = NAV_EV_VOICE, .index = 2},
};

static const NavEvent IGNORED_ON_TOPIC[] = {
    {.type = NAV_EV_TICK},
    {.type = NAV_EV_OPEN_ARTICLE, .index = 1},
    {.type = NAV_EV_OPEN_TOPIC, .index = 0},
    {.type = NAV_EV_OPEN_IMAGE, .image = foreign},
    {.type = NAV_EV_CLOSE},
    {.type = NAV_EV_SWIPE, .index = 0},
    {.type = NAV_EV_SWIPE, .index = 2},
    {.type = NAV_EV_SWIPE, .index = -2},
    {.type = NAV_EV_TEXT_SIZE, .index = 0},
    {.type = NAV_EV_TEXT_SIZE, .index = INT_MIN},
    {.type = NAV_EV_LISTEN},
    {.type = NAV_EV_PAUSE},
    {.type = NAV_EV_STOP},
    {.type = NAV_EV_READ, .index = 1},
    {.type = NAV_EV_VOICE, .index = 0}, /* no voice, as it is */
    {.type = NAV_EV_VOICE, .index = 2},
};

static const NavEvent IGNORED_ON_IMAGE[] = {
    {.type = NAV_EV_TICK},
    {.type = NAV_EV_OPEN_ARTICLE, .index = 0},
    {.type = NAV_EV_OPEN_TOPIC, .index = 0},
    {.type = NAV_EV_OPEN_IMAGE, .image = MULTI_IMAGE},
    {.type = NAV_EV_PREV},
    {.type = NAV_EV_NEXT},
    {.type = NAV_EV_SWIPE, .index = 1},
    {.type = NAV_EV_SWIPE, .index = -1},
    {.type = NAV_EV_TEXT_SIZE, .index = 0},
    {.type = NAV_EV_TEXT_SIZE, .index = 3},
    {.type = NAV_EV_LISTEN},
    {.type = NAV_EV_PAUSE},
    {.type = NAV_EV_STOP},
    {.type = NAV_EV_READ, .index = 1},
    {.type = NAV_EV_VOICE, .index = 0}, /* no voice, as it is */
    {.type = NAV_EV_VOICE, .index = 2},
};

static const NavEvent IGNORED_ON_ATTRACT[] = {
    {.type = NAV_EV_TICK},
    {.type = NAV_EV_OPEN_ARTICLE, .index = 0},
    {.type = NAV_EV_OPEN_TOPIC, .index = 0},
    {.type = NAV_EV_OPEN_IMAGE, .image = MULTI_IMAGE},
    {.type = NAV_EV_HOME},
    {.type = NAV_EV_PREV},
    {.type = NAV_EV_NEXT},
    {.type = NAV_EV_CLOSE},
    {.type = NAV_EV_SWIPE, .index = 1},
    {.type = NAV_EV_SWIPE, .index = -1},
    {.type = NAV_EV_TEXT_SIZE, .index = 1},
    {.type = NAV_EV_TEXT_SIZE, .index = 2},
    {.type = NAV_EV_CONTRAST, .index = 1},
    {.type = NAV_EV_LISTEN},
    {.type = NAV_EV_PAUSE},
    {.type = NAV_EV_STOP},
    {.type = NAV_EV_READ, .index = 1},
    {.type = NAV_EV_VOICE, .index = 0}, /* no voice, as it is */
    {.type = NAV_EV_VOICE, .index = 2},
};

static const NavEvent IGNORED_ON_NOTICE[] = {
    {.type = NAV_EV_TICK},
    {.type = NAV_EV_OPEN_ARTICLE, .index = 0},
    {.type = NAV_EV_OPEN_TOPIC, .index = 0},
    {.type = NAV_EV_OPEN_IMAGE, .image = MULTI_IMAGE},
    {.type = NAV_EV_PREV},
    {.type = NAV_EV_NEXT},
    {.type = NAV_EV_SWIPE, .index = 1},
    {.type = NAV_EV_SWIPE, .index = -1},
    {.type = NAV_EV_TEXT_SIZE, .index = 1},
    {.type = NAV_EV_TEXT_SIZE, .index = 2},
    {.type = NAV_EV_CONTRAST, .index = 1},
    {.type = NAV_EV_LISTEN},
    {.type = NAV_EV_PAUSE},
    {.type = NAV_EV_STOP},
    {.type = NAV_EV_READ, .index = 1},
    {.type = NAV_EV_VOICE, .index = 0}, /* no voice, as it is */
    {.type = NAV_EV_VOICE, .index = 2},
};

static const NavEvent IGNORED_ON_IMPORT[] = {
    {.type = NAV_EV_TICK},
    {.type = NAV_EV_OPEN_ARTICLE, .index = 0},
    {.type = NAV_EV_OPEN_TOPIC, .index = 0},
    {.type = NAV_EV_OPEN_IMAGE, .image = MULTI_IMAGE},
    {.type = NAV_EV_HOME},
    {.type = NAV_EV_PREV},
    {.type = NAV_EV_NEXT},
    {.type = NAV_EV_CLOSE},
    {.type = NAV_EV_SWIPE, .index = 1},
    {.type = NAV_EV_SWIPE, .index = -1},
    {.type = NAV_EV_TEXT_SIZE, .index = 1},
    {.type = NAV_EV_TEXT_SIZE, .index = 2},
    {.type = NAV_EV_CONTRAST, .index = 1},
    {.type = NAV_EV_LISTEN},
    {.type = NAV_EV_PAUSE},
    {.type = NAV_EV_STOP},
    {.type = NAV_EV_READ, .index = 1},
    {.type = NAV_EV_VOICE, .index = 0}, /* no voice, as it is */
    {.type = NAV_EV_VOICE, .index = 2},
};

#define EVENTS(a) a, sizeof(a) / sizeof((a)[0])

static const struct {
	const char *screen;
	uint64_t (*enter)(Nav *n);
	const NavEvent *ignored;
	size_t n;
} IGNORED[] = {
    {"the list of articles", screen_article_list, EVENTS(IGNORED_ON_ARTICLE_LIST)},
    {"an article\'s topics", screen_article_home, EVENTS(IGNORED_ON_ARTICLE_HOME)},
    {"a topic", screen_topic, EVENTS(IGNORED_ON_TOPIC)},
    {"a picture full screen", screen_image, EVENTS(IGNORED_ON_IMAGE)},
    {"attract mode", screen_attract, EVENTS(IGNORED_ON_ATTRACT)},
    {"a notice", screen_notice, EVENTS(IGNORED_ON_NOTICE)},
    {"the import's progress", screen_import, EVENTS(IGNORED_ON_IMPORT)},
};

static void test_events_each_screen_ignores(void **state)
{
	for (size_t k = 0; k < sizeof(IGNORED) / sizeof(IGNORED[0]); k++) {
		Nav n;
		uint64_t t = IGNORED[k].enter(&n);
		for (size_t i = 0; i < IGNORED[k].n; i++)
			expect_ignored(&n, IGNORED[k].ignored[i], t);
	}
}

static void test_events_on_article_list(void **state)
{
	Nav n;
	uint64_t t = screen_article_list(&n);

	assert_int_equal(handle(&n, ev(NAV_EV_TOUCH), t), 0);
	assert_int_equal(n.last_input, t);
	assert_view(n.view, SCREEN_HOME, -1, -1, NULL);

	assert_int_equal(handle(&n, ev_index(NAV_EV_OPEN_ARTICLE, 2), t + 1), NAV_CHANGED);
	assert_view(n.view, SCREEN_HOME, 2, -1, NULL);
	assert_int_equal(n.last_input, t + 1);

	nav_init(&n, &lib_multi, IDLE, ROTATE, START);
	assert_int_equal(handle(&n, ev_image(MULTI_IMAGE), t), NAV_CHANGED);
	assert_view(n.view, SCREEN_IMAGE, -1, -1, MULTI_IMAGE);
	assert_int_equal(handle(&n, ev(NAV_EV_CLOSE), t), NAV_CHANGED);
	assert_view(n.view, SCREEN_HOME, -1, -1, NULL);

	assert_int_equal(handle(&n, ev_notice("Hi", NULL, false), t), NAV_CHANGED);
	assert_int_equal(n.view.screen, SCREEN_NOTICE);
	nav_init(&n, &lib_multi, IDLE, ROTATE, START);
	assert_int_equal(handle(&n, ev_progress("Copying", 1), t), NAV_CHANGED);
	assert_int_equal(n.view.screen, SCREEN_IMPORT);
}

static void test_events_on_article_home(void **state)
{
	Nav n;
	uint64_t t = screen_article_home(&n);
	assert_int_equal(handle(&n, ev(NAV_EV_TOUCH), t), 0);
	assert_view(n.view, SCREEN_HOME, 0, -1, NULL);

	assert_int_equal(handle(&n, ev_index(NAV_EV_OPEN_TOPIC, 2), t), NAV_CHANGED);
	assert_view(n.view, SCREEN_TOPIC, 0, 2, NULL);

	handle(&n, ev(NAV_EV_HOME), t);
	assert_int_equal(handle(&n, ev_image(MULTI_IMAGE), t), NAV_CHANGED);
	assert_view(n.view, SCREEN_IMAGE, 0, -1, MULTI_IMAGE);
	assert_view(n.back, SCREEN_HOME, 0, -1, NULL);
	handle(&n, ev(NAV_EV_CLOSE), t);
	assert_view(n.view, SCREEN_HOME, 0, -1, NULL);

	/* Home from an article's topic list goes up to the list of articles. */
	assert_int_equal(handle(&n, ev(NAV_EV_HOME), t), NAV_CHANGED);
	assert_view(n.view, SCREEN_HOME, -1, -1, NULL);

	/* An article without topics still has a Home and a way back. */
	handle(&n, ev_index(NAV_EV_OPEN_ARTICLE, 2), t);
	expect_ignored(&n, ev_index(NAV_EV_OPEN_TOPIC, 0), t);
	assert_int_equal(handle(&n, ev(NAV_EV_HOME), t), NAV_CHANGED);
	assert_view(n.view, SCREEN_HOME, -1, -1, NULL);

	/* A single article has no list above its Home. */
	nav_init(&n, &lib_one, IDLE, ROTATE, START);
	expect_ignored(&n, ev(NAV_EV_HOME), t);
	expect_ignored(&n, ev_index(NAV_EV_OPEN_ARTICLE, 0), t);
	assert_int_equal(handle(&n, ev_index(NAV_EV_OPEN_TOPIC, 8), t), NAV_CHANGED);
	assert_view(n.view, SCREEN_TOPIC, 0, 8, NULL);
}

static void test_events_on_topic(void **state)
{
	Nav n;
	uint64_t t = screen_topic(&n);
	assert_int_equal(handle(&n, ev(NAV_EV_TOUCH), t), 0);
	assert_view(n.view, SCREEN_TOPIC, 0, 1, NULL);

	/* Previous and next stay inside the article and do not wrap. */
	assert_int_equal(handle(&n, ev(NAV_EV_PREV), t + 1), NAV_CHANGED);
	assert_view(n.view, SCREEN_TOPIC, 0, 0, NULL);
	assert_int_equal(n.last_input, t + 1);
	expect_ignored(&n, ev(NAV_EV_PREV), t + 2);
	expect_ignored(&n, ev_index(NAV_EV_SWIPE, -1), t + 2);
	assert_int_equal(handle(&n, ev(NAV_EV_NEXT), t + 3), NAV_CHANGED);
	assert_view(n.view, SCREEN_TOPIC, 0, 1, NULL);
	assert_int_equal(handle(&n, ev_index(NAV_EV_SWIPE, 1), t + 4), NAV_CHANGED);
	assert_view(n.view, SCREEN_TOPIC, 0, 2, NULL);
	expect_ignored(&n, ev(NAV_EV_NEXT), t + 5);
	expect_ignored(&n, ev_index(NAV_EV_SWIPE, 1), t + 5);
	assert_int_equal(handle(&n, ev_index(NAV_EV_SWIPE, -1), t + 6), NAV_CHANGED);
	assert_view(n.view, SCREEN_TOPIC, 0, 1, NULL);

	assert_int_equal(handle(&n, ev_image(MULTI_IMAGE), t + 7), NAV_CHANGED);
	assert_view(n.view, SCREEN_IMAGE, 0, 1, MULTI_IMAGE);
	handle(&n, ev(NAV_EV_CLOSE), t + 8);

	/* Home from a topic shows its article's topic list. */
	assert_int_equal(handle(&n, ev(NAV_EV_HOME), t + 9), NAV_CHANGED);
	assert_view(n.view, SCREEN_HOME, 0, -1, NULL);

	/* The last topic of one article does not lead into the next. */
	nav_init(&n, &lib_multi, IDLE, ROTATE, START);
	open_topic(&n, 1, 1, START);
	expect_ignored(&n, ev(NAV_EV_NEXT), t);
	nav_init(&n, &lib_multi, IDLE, ROTATE, START);
	open_topic(&n, 1, 0, START);
	expect_ignored(&n, ev(NAV_EV_PREV), t);

	assert_int_equal(handle(&n, ev_notice("Hi", NULL, false), t), NAV_CHANGED);
	assert_int_equal(n.view.screen, SCREEN_NOTICE);
}

static void test_events_on_image(void **state)
{
	Nav n;
	uint64_t t = screen_image(&n);
	assert_int_equal(handle(&n, ev(NAV_EV_TOUCH), t), 0);
	assert_view(n.view, SCREEN_IMAGE, 0, 1, MULTI_IMAGE);

	/* Close returns to where the image was opened. */
	assert_int_equal(handle(&n, ev(NAV_EV_CLOSE), t + 1), NAV_CHANGED);
	assert_view(n.view, SCREEN_TOPIC, 0, 1, NULL);
	assert_int_equal(n.last_input, t + 1);

	/* Home from an image is the Home of its article. */
	handle(&n, ev_image(MULTI_IMAGE), t + 2);
	assert_int_equal(handle(&n, ev(NAV_EV_HOME), t + 3), NAV_CHANGED);
	assert_view(n.view, SCREEN_HOME, 0, -1, NULL);

	/* Opened from the list of articles, both lead back to the list. */
	nav_init(&n, &lib_multi, IDLE, ROTATE, START);
	handle(&n, ev_image(MULTI_IMAGE), t);
	assert_int_equal(handle(&n, ev(NAV_EV_HOME), t), NAV_CHANGED);
	assert_view(n.view, SCREEN_HOME, -1, -1, NULL);

	nav_init(&n, &lib_multi, IDLE, ROTATE, START);
	handle(&n, ev_image(MULTI_IMAGE), t);
	assert_int_equal(handle(&n, ev_progress("Copying", 0), t), NAV_CHANGED);
	assert_int_equal(n.view.screen, SCREEN_IMPORT);
}

static void test_events_in_attract(void **state)
{
	Nav n;
	uint64_t t = screen_attract(&n);
	assert_view(n.view, SCREEN_ATTRACT, 0, 0, NULL);

	assert_int_equal(handle(&n, ev(NAV_EV_TOUCH), t), NAV_CHANGED | NAV_WOKE);
	assert_view(n.view, SCREEN_HOME, -1, -1, NULL);
}

static void test_events_on_notice(void **state)
{
	Nav n;
	uint64_t t = screen_notice(&n);
	assert_int_equal(handle(&n, ev(NAV_EV_TOUCH), t), 0);
	assert_int_equal(n.view.screen, SCREEN_NOTICE);

	/* A newer notice replaces it and starts its own time. */
	assert_int_equal(handle(&n, ev_notice("Problem", "no articles", true), t + 1), NAV_CHANGED);
	assert_string_equal(n.view.text, "Problem");
	assert_true(n.view.notice_error);
	assert_int_equal(n.notice_since, t + 1);

	assert_int_equal(handle(&n, ev(NAV_EV_CLOSE), t + 2), NAV_CHANGED);
	assert_view(n.view, SCREEN_HOME, -1, -1, NULL);
	assert_int_equal(n.last_input, t + 2);

	handle(&n, ev_notice("Updated", NULL, false), t + 3);
	assert_int_equal(handle(&n, ev(NAV_EV_HOME), t + 4), NAV_CHANGED);
	assert_view(n.view, SCREEN_HOME, -1, -1, NULL);

	handle(&n, ev_notice("Updated", NULL, false), t + 5);
	assert_int_equal(handle(&n, ev_progress("Copying", 0), t + 6), NAV_CHANGED);
	assert_int_equal(n.view.screen, SCREEN_IMPORT);
}

static void test_events_on_import(void **state)
{
	Nav n;
	uint64_t t = screen_import(&n);
	assert_int_equal(handle(&n, ev(NAV_EV_TOUCH), t), 0);
	assert_int_equal(n.last_input, t);
	assert_int_equal(n.view.screen, SCREEN_IMPORT);

	/* The import ends with a notice (or new content, see set_library). */
	assert_int_equal(handle(&n, ev_notice("Content updated", NULL, false), t + 1), NAV_CHANGED);
	assert_int_equal(n.view.screen, SCREEN_NOTICE);
}

/* ---- one article in several languages ------------------------------------ */

/* Flu in Arabic, Spanish and English (file-name order), and a second
 * article in English only. */
static const DocBlock flu_t1[] = {PARA, IMAGE("flu.png")};
static const DocTopic flu_topics[] = {{"T0", plain, 1}, {"T1", flu_t1, 2}};
static const DocArticle langs_articles[] = {
    {"ANFL", "flu.ar.md", plain, 1, flu_topics, 2, NULL, 0, NULL, 0, "ar"},
    {"Gripe", "flu.es.md", plain, 1, flu_topics, 2, NULL, 0, NULL, 0, "es"},
    {"Flu", "flu.md", plain, 1, flu_topics, 2, NULL, 0, NULL, 0, ""},
    {"Hands", "hands.md", plain, 1, flu_topics, 2, NULL, 0, NULL, 0, ""},
};
static const DocLibrary lib_langs = {langs_articles, 4};
static const DocLibrary lib_flu = {langs_articles, 3};

static void test_one_article_in_several_languages(void **state)
{
	int v[8];
	assert_int_equal(doc_variants(&lib_langs, 1, v, 8), 3);
	assert_int_equal(v[0], 0);
	assert_int_equal(v[2], 2);
	assert_int_equal(doc_variants(&lib_langs, 3, v, 8), 1);
	/* The file that carries no language stands for the others. */
	assert_int_equal(doc_primary(&lib_langs, 0), 2);
	assert_int_equal(doc_primary(&lib_langs, 3), 3);
	/* Three languages of one article: no list of articles above it, and
	 * Home starts in the language that stands for them. */
	Nav n;
	nav_init(&n, &lib_flu, IDLE, ROTATE, START);
	assert_view(n.view, SCREEN_HOME, 2, -1, NULL);
	assert_int_equal(handle(&n, ev(NAV_EV_HOME), START + 1), 0);
	/* Attract mode goes through its topics and picture once, not once a
	 * language. */
	assert_int_equal(n.slides, 3);
}

static void test_a_language_chosen_lasts_for_one_visitor(void **state)
{
	Nav n;
	nav_init(&n, &lib_langs, IDLE, ROTATE, START);
	assert_view(n.view, SCREEN_HOME, -1, -1, NULL);
	/* The list shows the article once; its tile opens the one that stands
	 * for it. */
	handle(&n, ev_index(NAV_EV_OPEN_ARTICLE, 2), START + 10);
	assert_view(n.view, SCREEN_HOME, 2, -1, NULL);
	/* Spanish: Home, its topics, Home again, all in Spanish. */
	assert_int_equal(handle(&n, ev_index(NAV_EV_LANGUAGE, 1), START + 20), NAV_CHANGED);
	assert_view(n.view, SCREEN_HOME, 1, -1, NULL);
	assert_string_equal(n.lang, "es");
	handle(&n, ev_index(NAV_EV_OPEN_TOPIC, 0), START + 30);
	handle(&n, ev(NAV_EV_NEXT), START + 40);
	assert_view(n.view, SCREEN_TOPIC, 1, 1, NULL);
	handle(&n, ev(NAV_EV_HOME), START + 50);
	assert_view(n.view, SCREEN_HOME, 1, -1, NULL);
	/* Up to the list and back down: still Spanish. */
	handle(&n, ev(NAV_EV_HOME), START + 60);
	handle(&n, ev_index(NAV_EV_OPEN_ARTICLE, 2), START + 70);
	assert_view(n.view, SCREEN_HOME, 1, -1, NULL);
	/* Another article's language, or a language on a topic: ignored. */
	expect_ignored(&n, ev_index(NAV_EV_LANGUAGE, 3), START + 80);
	handle(&n, ev_index(NAV_EV_OPEN_TOPIC, 0), START + 90);
	expect_ignored(&n, ev_index(NAV_EV_LANGUAGE, 0), START + 100);
	/* The visitor leaves: attract mode forgets the choice, and the next
	 * visitor starts from the list and the language that stands for it. */
	handle(&n, ev(NAV_EV_TICK), START + 100 + IDLE);
	assert_int_equal(n.view.screen, SCREEN_ATTRACT);
	assert_string_equal(n.lang, "");
	handle(&n, ev(NAV_EV_TOUCH), START + 200 + IDLE);
	handle(&n, ev_index(NAV_EV_OPEN_ARTICLE, 2), START + 300 + IDLE);
	assert_view(n.view, SCREEN_HOME, 2, -1, NULL);
}

/* Language, text size, contrast and the reading: everything one visitor
 * chose goes at once when attract mode starts, for the next. */
static void test_everything_a_visitor_chose_resets_at_once(void **state)
{
	Nav n;
	nav_init(&n, &lib_flu, IDLE, ROTATE, START);
	handle(&n, ev_index(NAV_EV_VOICE, 1), START);
	assert_int_equal(handle(&n, ev_index(NAV_EV_LANGUAGE, 0), START + 10), NAV_CHANGED);
	handle(&n, ev_index(NAV_EV_TEXT_SIZE, 2), START + 20);
	handle(&n, ev_index(NAV_EV_CONTRAST, 1), START + 30);
	handle(&n, ev_index(NAV_EV_OPEN_TOPIC, 1), START + 40);
	assert_int_equal(handle(&n, ev(NAV_EV_LISTEN), START + 50), NAV_SPEECH);
	handle(&n, ev(NAV_EV_PAUSE), START + 60);
	assert_view(n.view, SCREEN_TOPIC, 0, 1, NULL);
	assert_string_equal(n.lang, "ar");
	assert_true(n.view.listening && n.view.prefs.high_contrast);
	assert_int_equal(n.view.prefs.text_size, 2);
	/* Paused, the reading holds nobody back: the visitor has gone. */
	uint64_t at = START + 60 + IDLE;
	assert_int_equal(handle(&n, ev(NAV_EV_TICK), at), NAV_CHANGED | NAV_ANIMATE | NAV_RESTYLE);
	assert_int_equal(n.view.screen, SCREEN_ATTRACT);
	assert_string_equal(n.lang, "");
	assert_false(n.view.listening);
	assert_false(n.view.prefs.high_contrast);
	assert_int_equal(n.view.prefs.text_size, 0);
	/* The next visitor wakes to the article in the language that stands
	 * for it, at the kiosk's own size and colours, with nothing read. */
	assert_int_equal(handle(&n, ev(NAV_EV_TOUCH), at + 1000), NAV_CHANGED | NAV_WOKE);
	assert_view(n.view, SCREEN_HOME, 2, -1, NULL);
	assert_false(n.view.listening || n.view.prefs.high_contrast);
	assert_int_equal(n.view.prefs.text_size, 0);
	assert_true(n.view.can_listen);
}

static void test_attract_prompt_goes_through_the_articles_languages(void **state)
{
	Nav n;
	nav_init(&n, &lib_flu, IDLE, ROTATE, START);
	int seen[3] = {0, 0, 0};
	for (int i = 0; i < 6; i++) {
		View v = nav_slide_view(&n, i % n.slides);
		if (v.article < 0)
			continue;
		assert_true(v.prompt_article >= 0 && v.prompt_article < 3);
		seen[v.prompt_article]++;
	}
	/* Two topic slides: two of the three languages, one after the other. */
	assert_int_equal(seen[0] + seen[1] + seen[2], 4);
	assert_true(seen[0] && seen[1]);
}

/* The clock screen: opened at the time given, stepped field by field
 * (each counts as input), saved (NAV_CLOCK_SET with the fields, Home
 * shows) or cancelled, and never left showing: idle takes it to Home. */
static void test_clock_screen(void **state)
{
	Nav n;
	nav_init(&n, &lib_one, IDLE, ROTATE, START);
	ClockFields now = {2026, 1, 31, 23, 59};
	NavEvent ev = {.type = NAV_EV_CLOCK_STEP, .index = CLOCKSET_DAY, .progress = 1};
	assert_int_equal(nav_handle(&n, &ev, START + 1), 0);
	ev = (NavEvent){.type = NAV_EV_CLOCK, .clock = &now};
	assert_true(nav_handle(&n, &ev, START + 10) & NAV_CHANGED);
	assert_int_equal(n.view.screen, SCREEN_CLOCK);
	assert_string_equal(nav_screen_name(n.view.screen), "clock");
	/* Minutes wrap without carrying; the day follows the month's length. */
	ev = (NavEvent){.type = NAV_EV_CLOCK_STEP, .index = CLOCKSET_MINUTE, .progress = 1};
	nav_handle(&n, &ev, START + 20);
	assert_int_equal(n.view.clock.minute, 0);
	assert_int_equal(n.view.clock.hour, 23);
	ev = (NavEvent){.type = NAV_EV_CLOCK_STEP, .index = CLOCKSET_MONTH, .progress = 1};
	nav_handle(&n, &ev, START + 30);
	assert_int_equal(n.view.clock.month, 2);
	assert_int_equal(n.view.clock.day, 28);
	ev = (NavEvent){.type = NAV_EV_CLOCK_STEP, .index = CLOCKSET_FIELDS, .progress = 1};
	assert_int_equal(nav_handle(&n, &ev, START + 35), 0);
	ev = (NavEvent){.type = NAV_EV_CLOCK_STEP, .index = CLOCKSET_DAY, .progress = 2};
	assert_int_equal(nav_handle(&n, &ev, START + 35), 0);
	ev = (NavEvent){.type = NAV_EV_CLOCK_SET};
	unsigned r = nav_handle(&n, &ev, START + 40);
	assert_true(r & NAV_CLOCK_SET);
	assert_int_equal(n.view.screen, SCREEN_HOME);
	assert_int_equal(n.clock_set.month, 2);
	assert_int_equal(n.clock_set.day, 28);
	assert_int_equal(n.clock_set.minute, 0);
	/* Set only from the clock screen. */
	assert_int_equal(nav_handle(&n, &ev, START + 50), 0);
	/* Cancel goes Home; left alone it goes Home after the idle time. */
	ev = (NavEvent){.type = NAV_EV_CLOCK, .clock = &now};
	nav_handle(&n, &ev, START + 60);
	nav_handle(&n, &(NavEvent){.type = NAV_EV_CLOSE}, START + 70);
	assert_int_equal(n.view.screen, SCREEN_HOME);
	nav_handle(&n, &ev, START + 80);
	assert_int_equal(nav_next_deadline(&n, START + 80), START + 80 + IDLE);
	nav_handle(&n, &(NavEvent){.type = NAV_EV_TICK}, START + 80 + IDLE);
	assert_int_equal(n.view.screen, SCREEN_HOME);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_clock_screen),
	    cmocka_unit_test(test_one_article_in_several_languages),
	    cmocka_unit_test(test_a_language_chosen_lasts_for_one_visitor),
	    cmocka_unit_test(test_everything_a_visitor_chose_resets_at_once),
	    cmocka_unit_test(test_attract_prompt_goes_through_the_articles_languages),
	    cmocka_unit_test(test_init_single_article),
	    cmocka_unit_test(test_init_several_articles),
	    cmocka_unit_test(test_init_empty),
	    cmocka_unit_test(test_screen_names),
	    cmocka_unit_test(test_set_library),
	    cmocka_unit_test(test_slide_sequences),
	    cmocka_unit_test(test_slide_out_of_range),
	    cmocka_unit_test(test_attract_slides_named_in_front_matter),
	    cmocka_unit_test(test_attract_exactly_at_idle_timeout),
	    cmocka_unit_test(test_touch_postpones_attract),
	    cmocka_unit_test(test_attract_from_topic_and_image),
	    cmocka_unit_test(test_attract_slide_views),
	    cmocka_unit_test(test_attract_rotates_every_interval),
	    cmocka_unit_test(test_transition_runs_and_ends),
	    cmocka_unit_test(test_no_drift_over_1000_intervals),
	    cmocka_unit_test(test_skipped_intervals_restart_from_now),
	    cmocka_unit_test(test_touch_wakes_to_home),
	    cmocka_unit_test(test_attract_resumes_after_last_slide),
	    cmocka_unit_test(test_rotation_off),
	    cmocka_unit_test(test_single_slide_stays),
	    cmocka_unit_test(test_deadlines),
	    cmocka_unit_test(test_notice_times_out_to_home),
	    cmocka_unit_test(test_long_notice_holds_off_attract),
	    cmocka_unit_test(test_notice_during_attract),
	    cmocka_unit_test(test_import_progress),
	    cmocka_unit_test(test_text_size_kept_until_attract),
	    cmocka_unit_test(test_still_reading_warning),
	    cmocka_unit_test(test_high_contrast_kept_until_attract),
	    cmocka_unit_test(test_read_aloud),
	    cmocka_unit_test(test_read_aloud_only_with_the_articles_voice),
	    cmocka_unit_test(test_events_each_screen_ignores),
	    cmocka_unit_test(test_events_on_article_list),
	    cmocka_unit_test(test_events_on_article_home),
	    cmocka_unit_test(test_events_on_topic),
	    cmocka_unit_test(test_events_on_image),
	    cmocka_unit_test(test_events_in_attract),
	    cmocka_unit_test(test_events_on_notice),
	    cmocka_unit_test(test_events_on_import),
	    cmocka_unit_test(test_upcoming_slide_is_what_shows_next),
	    cmocka_unit_test(test_walk_covers_every_screen),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
