/* screens: every screen's display list, landscape, portrait and 800x480,
 * at the visitor's text sizes and in high contrast, written out as text and compared with the
 * goldens in tests/unit/golden/. A change of layout shows in review as a readable diff of these
 * files, beside the pixel references of the render tests.
 *
 * A missing golden fails. Only `make golden-update` (GOLDEN_UPDATE=1)
 * rewrites them; on a difference the actual dump goes to
 * build/test-artifacts/golden/ for `diff -u`.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "core/control/nav.h"
#include "core/service/service.h"
#include "fixture.h"
#include "golden.h"

typedef struct {
	const char *name;
	View (*view)(const Nav *n);
	int text_size; /* the visitor's, 0 for the kiosk's own; -1: high contrast */
	bool rtl;      /* laid out for an article in Arabic too */
} Screen;

static View home(const Nav *n)
{
	return n->view;
}

static View topic(const Nav *n)
{
	Nav copy = *n;
	nav_handle(&copy, &(NavEvent){.type = NAV_EV_OPEN_TOPIC, .index = 1}, 1);
	return copy.view;
}

static View picture(const Nav *n)
{
	Nav copy = *n;
	nav_handle(&copy, &(NavEvent){.type = NAV_EV_OPEN_TOPIC, .index = 1}, 1);
	const DocTopic *tp = &n->lib->articles[0].topics[1];
	nav_handle(&copy, &(NavEvent){.type = NAV_EV_OPEN_IMAGE, .image = doc_topic_image(tp)}, 2);
	assert_int_equal(copy.view.screen, SCREEN_IMAGE);
	return copy.view;
}

static View attract(const Nav *n)
{
	return nav_slide_view(n, 0);
}

static View attract_picture(const Nav *n)
{
	for (int i = 0; i < n->slides; i++)
		if (nav_slide(n, i).kind == SLIDE_IMAGE)
			return nav_slide_view(n, i);
	fail_msg("no picture among the attract slides");
	return n->view;
}

static View import(const Nav *n)
{
	return (View){.screen = SCREEN_IMPORT,
	              .article = -1,
	              .topic = -1,
	              .text = "Checking new content\xE2\x80\xA6",
	              .detail =
	                  "1.2 MB of 3.0 MB. Please leave the USB stick in until this is done.",
	              .progress = 400};
}

static View notice(const Nav *n)
{
	return (View){.screen = SCREEN_NOTICE,
	              .article = -1,
	              .topic = -1,
	              .text = "Content updated \xE2\x80\x94 4 topics, 2 images",
	              .detail = "Signed by Riverside Clinic front desk. You can remove the USB "
	                        "stick now.",
	              .progress = -1};
}

static View problem(const Nav *n)
{
	return (View){.screen = SCREEN_NOTICE,
	              .article = -1,
	              .topic = -1,
	              .text = "The content on this USB stick could not be used",
	              .detail = "images/lungs.png: not a picture the kiosk can show (the file is "
	                        "text)\narticle.md: not UTF-8 text\nNothing was changed.",
	              .progress = -1,
	              .notice_error = true};
}

/* The staff's screens, from one Service each. */
static Service staff[3];

static void staff_init(void)
{
	service_init(&staff[0], 96, 20);
	staff[0].mode = SERVICE_PIN;
	staff[0].has_pin = true;
	staff[0].ndigits = 3;
	staff[0].say = SERVICE_SAY_WRONG;
	staff[0].guard.failures = 1;
	staff[1] = staff[0];
	staff[1].mode = SERVICE_MENU;
	staff[1].say = SERVICE_SAY_NONE;
	staff[1].rotation = 90;
	staff[1].info = (ServiceInfo){"1733231400 (3aa748d88482), 2026-12-03 13:09",
	                              "Riverside Clinic front desk",
	                              "",
	                              "Content updated",
	                              "v1.4",
	                              "2:05:10",
	                              "54.3 GB",
	                              "2026-12-03 13:09:23"};
	staff[2] = staff[1];
	staff[2].mode = SERVICE_CLEANING;
}

static View staff_view(int i)
{
	return (View){.screen = SCREEN_SERVICE,
	              .article = -1,
	              .topic = -1,
	              .service = &staff[i],
	              .countdown = 29};
}

static View pin_pad(const Nav *n)
{
	return staff_view(0);
}

static View service_menu(const Nav *n)
{
	return staff_view(1);
}

static View cleaning(const Nav *n)
{
	return staff_view(2);
}

static View clock(const Nav *n)
{
	return (View){.screen = SCREEN_CLOCK,
	              .article = -1,
	              .topic = -1,
	              .progress = -1,
	              .clock = {2026, 12, 3, 21, 30}};
}

static const Screen SCREENS[] = {
    {"home", home, 0, true},
    {"topic", topic, 0, true},
    {"picture", picture, 0, true},
    {"attract", attract, 0, true},
    {"attract-picture", attract_picture, 0, true},
    {"import", import, 0, false},
    {"notice", notice, 0, false},
    {"notice-problem", problem, 0, false},
    {"home-largest-text", home, 2, false},
    {"topic-larger-text", topic, 1, false},
    {"topic-largest-text", topic, 2, true},
    {"topic-high-contrast", topic, -1, false},
    {"service-pin", pin_pad, 0, false},
    {"service-menu", service_menu, 0, false},
    {"service-cleaning", cleaning, 0, false},
    {"clock", clock, 0, true},
};

static const struct {
	const char *name;
	int w, h;
} SIZES[] = {{"landscape", 1920, 1080}, {"portrait", 1080, 1920}, {"small", 800, 480}};

/* The screens of one article: every one, or (rtl) those an article
 * shapes, for an article in Arabic: mirrored. Each at the visitor's text
 * size and colours it names. */
static int screens_of(const char *md, const char *file, bool rtl)
{
	Arena *a = arena_new(4096);
	DocLibrary lib = fixture_library_named(a, md, file);
	int differ = 0;
	size_t nscreens = sizeof(SCREENS) / sizeof(SCREENS[0]);
	for (size_t s = 0; s < sizeof(SIZES) / sizeof(SIZES[0]); s++) {
		FakeMeasure fm;
		LayoutMeasure ms = fake_measure(&fm, SIZES[s].w, SIZES[s].h);
		Nav nav;
		nav_init(&nav, &lib, 90000, 12000, 0);
		for (size_t i = 0; i < nscreens; i++) {
			if (rtl && !SCREENS[i].rtl)
				continue;
			char name[64];
			snprintf(name, sizeof(name), "%s%s-%s", rtl ? "rtl-" : "", SCREENS[i].name,
			         SIZES[s].name);
			View v = SCREENS[i].view(&nav);
			v.prefs.text_size = SCREENS[i].text_size > 0 ? SCREENS[i].text_size : 0;
			v.prefs.high_contrast = SCREENS[i].text_size < 0;
			Theme theme =
			    v.prefs.high_contrast ? theme_high_contrast() : theme_default();
			Metrics m = theme_metrics(SIZES[s].w, SIZES[s].h, 1.0);
			theme_enlarge(&m, theme_text_factor(v.prefs.text_size));
			Layout l;
			layout_init(&l);
			assert_int_equal(layout_build(&l, &v, &lib, &m, &theme, &ms), 0);
			Text t = {0};
			dump(&t, name, &l, &m);
			differ += !compare(name, &t);
			free(t.s);
			layout_deinit(&l);
		}
	}
	arena_free(a);
	return differ;
}

static void test_every_screen_matches_its_golden(void **state)
{
	staff_init();
	int differ = screens_of(FIXTURE_MD, "article.md", false);
	/* Right to left: mirrored, Previous on the right, Next on the left,
	 * every paragraph aligned right. */
	differ += screens_of(FIXTURE_MD, "article.ar.md", true);
	if (differ)
		fail_msg("%d screens differ from their goldens", differ);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_screen_matches_its_golden),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
