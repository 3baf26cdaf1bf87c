/* shot: the JSON description beside each screenshot: the screen, its
 * title, every control in view with its label and rectangle, every
 * picture, in panel pixels, and strings escaped. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/control/kiosk.h"
#include "core/screen/shot.h"
#include "fixture.h"

typedef struct {
	Arena *arena;
	DocLibrary lib;
	FakeMeasure fm;
	LayoutMeasure ms;
	Kiosk *k;
} Fx;

static Fx *fx_named(int w, int h, const char *file)
{
	Fx *fx = calloc(1, sizeof(*fx));
	fx->arena = arena_new(4096);
	fx->lib = fixture_library_named(fx->arena, FIXTURE_MD, file);
	fx->ms = fake_measure(&fx->fm, w, h);
	KioskOptions o = {.w = w,
	                  .h = h,
	                  .text_scale = 1.0,
	                  .theme = theme_default(),
	                  .idle_ms = 90000,
	                  .rotate_ms = 12000};
	fx->k = kiosk_new(&o, &fx->ms, &fx->lib, 0);
	assert_non_null(fx->k);
	return fx;
}

static Fx *fx_new(int w, int h)
{
	return fx_named(w, h, "article.md");
}

static void fx_free(Fx *fx)
{
	kiosk_free(fx->k);
	arena_free(fx->arena);
	free(fx);
}

static void expect(const char *json, const char *part)
{
	if (!strstr(json, part))
		fail_msg("no %s in %s", part, json);
}

/* The JSON fragment shot_json writes for target i on o: what it is, its
 * role, group and state for a screen reader, its rectangle. */
static void target_fragment(const Kiosk *k, const Orient *o, size_t i, char *buf, size_t len)
{
	const Layout *l = kiosk_layout(k);
	const Target *t = &l->targets[i];
	Rect r;
	assert_true(layout_target_rect(l, i, kiosk_scroll(k), &r));
	Rect p = orient_rect_to_panel(o, r);
	char group[64] = "", state[32] = "";
	if (layout_target_group(t))
		snprintf(group, sizeof(group), ", \"group\": \"%s\"", layout_target_group(t));
	if (t->kind == TARGET_TEXT_SIZE || t->kind == TARGET_CONTRAST)
		snprintf(state, sizeof(state), "\"%s\"", t->selected ? "on" : "off");
	snprintf(buf, len,
	         "{\"id\": \"%s\", \"label\": \"%s\", \"role\": \"%s\"%s, \"state\": [%s], "
	         "\"x\": %d, \"y\": %d, \"w\": %d, \"h\": %d}",
	         t->id, t->label, layout_target_role(t), group, state, p.x, p.y, p.w, p.h);
}

/* Every control says what it is and what state it is in: a screen reader
 * (or a robot checking one could work) needs nothing else. */
static void test_roles_and_states(void **state)
{
	Fx *fx = fx_new(1920, 1080);
	const Orient o = {1920, 1080, 0};
	char *json = shot_json(fx->k, &o);
	expect(json, "{\"id\": \"topic-0\", \"label\": \"First Topic\", \"role\": \"tile\", "
	             "\"state\": [], ");
	expect(json, "{\"id\": \"contrast\", \"label\": \"High contrast\", \"role\": \"toggle\", "
	             "\"state\": [\"off\"], ");
	expect(json, "{\"id\": \"text-size-0\", \"label\": \"A\", \"role\": \"toggle\", "
	             "\"group\": \"Text size\", \"state\": [\"on\"], ");
	expect(json, "{\"id\": \"text-size-2\", \"label\": \"A++\", \"role\": \"toggle\", "
	             "\"group\": \"Text size\", \"state\": [\"off\"], ");
	free(json);
	/* A finger on A++: pressed while it is down; chosen once it lifts. */
	const Layout *l = kiosk_layout(fx->k);
	size_t i = 0;
	while (i < l->ntargets && strcmp(l->targets[i].id, "text-size-2") != 0)
		i++;
	assert_true(i < l->ntargets);
	Rect r = l->targets[i].r;
	PointerEvent down = {PTR_DOWN, 0, r.x + r.w / 2, r.y + r.h / 2};
	kiosk_pointer(fx->k, &down, 100);
	json = shot_json(fx->k, &o);
	expect(json, "\"group\": \"Text size\", \"state\": [\"off\", \"pressed\"], ");
	free(json);
	PointerEvent up = {PTR_UP, 0, r.x + r.w / 2, r.y + r.h / 2};
	kiosk_pointer(fx->k, &up, 150);
	json = shot_json(fx->k, &o);
	expect(json, "{\"id\": \"text-size-2\", \"label\": \"A++\", \"role\": \"toggle\", "
	             "\"group\": \"Text size\", \"state\": [\"on\"], ");
	expect(json, "\"text_size\": 2");
	free(json);
	/* A topic's controls: buttons, and its picture. */
	for (i = 0; i < kiosk_layout(fx->k)->ntargets; i++)
		if (kiosk_layout(fx->k)->targets[i].kind == TARGET_TOPIC &&
		    kiosk_layout(fx->k)->targets[i].index == 1)
			break;
	r = kiosk_layout(fx->k)->targets[i].r;
	down = (PointerEvent){PTR_DOWN, 0, r.x + r.w / 2, r.y + r.h / 2};
	up = (PointerEvent){PTR_UP, 0, r.x + r.w / 2, r.y + r.h / 2};
	kiosk_pointer(fx->k, &down, 1000);
	kiosk_pointer(fx->k, &up, 1050);
	json = shot_json(fx->k, &o);
	expect(json,
	       "{\"id\": \"home\", \"label\": \"Home\", \"role\": \"button\", \"state\": [], ");
	expect(json, "\"role\": \"picture\", \"state\": [], ");
	free(json);
	fx_free(fx);
}

static void test_home_upright_and_turned(void **state)
{
	/* The same logical screen on an upright panel and on one turned by
	 * 90 degrees: rectangles in the panel's own pixels. */
	const Orient orients[] = {{1920, 1080, 0}, {1080, 1920, 90}};
	for (size_t n = 0; n < 2; n++) {
		Fx *fx = fx_new(1920, 1080);
		char *json = shot_json(fx->k, &orients[n]);
		assert_non_null(json);
		const char *start = "{\"screen\": \"home\", \"article\": 0, \"topic\": null, "
		                    "\"title\": \"Sample Article\", \"lang\": null, \"dir\": "
		                    "\"ltr\", \"scroll\": 0, ";
		assert_int_equal(strncmp(json, start, strlen(start)), 0);
		const Layout *l = kiosk_layout(fx->k);
		/* Four topics, high contrast and the three text sizes. */
		assert_int_equal(l->ntargets, 8);
		for (size_t i = 0; i < l->ntargets; i++) {
			char frag[256];
			target_fragment(fx->k, &orients[n], i, frag, sizeof(frag));
			expect(json, frag);
		}
		expect(json,
		       "\"images\": [\n  {\"src\": \"images/lead.png\", \"alt\": \"Lead picture\"");
		assert_string_equal(json + strlen(json) - 3, "]}\n");
		free(json);
		fx_free(fx);
	}
}

static void test_notices_are_escaped(void **state)
{
	Fx *fx = fx_new(1920, 1080);
	NavEvent ev = {.type = NAV_EV_NOTICE,
	               .text = "A \"quoted\" \\ title",
	               .detail = "line one\nline\ttwo \x01",
	               .error = true};
	kiosk_nav(fx->k, &ev, 10);
	kiosk_frame(fx->k, 10);
	char *json = shot_json(fx->k, &(Orient){1920, 1080, 0});
	expect(json, "\"screen\": \"notice\", \"article\": null");
	expect(json, "\"title\": \"A \\\"quoted\\\" \\\\ title\"");
	expect(json, "\"detail\": \"line one\\u000aline\\u0009two \\u0001\"");
	expect(json, "{\"id\": \"close\", \"label\": \"OK\"");
	free(json);
	/* The import screen says how far it is. */
	ev = (NavEvent){.type = NAV_EV_PROGRESS, .text = "Checking", .detail = "", .progress = 420};
	kiosk_nav(fx->k, &ev, 20);
	json = shot_json(fx->k, &(Orient){1920, 1080, 0});
	expect(json, "\"screen\": \"import\"");
	expect(json, "\"progress\": 420");
	expect(json, "\"targets\": []");
	free(json);
	fx_free(fx);
}

static void test_topic_and_attract(void **state)
{
	Fx *fx = fx_new(1920, 1080);
	kiosk_nav(fx->k, &(NavEvent){.type = NAV_EV_OPEN_TOPIC, .index = 1}, 5);
	char *json = shot_json(fx->k, &(Orient){1920, 1080, 0});
	expect(json,
	       "{\"screen\": \"topic\", \"article\": 0, \"topic\": 1, \"title\": \"Second Topic\"");
	expect(json, "\"label\": \"First Topic\""); /* Previous names its topic */
	expect(json, "{\"src\": \"images/pic.png\", \"alt\": \"A picture\"");
	free(json);
	/* Idle: attract mode shows its first slide, the first topic. */
	kiosk_tick(fx->k, 5 + 90000);
	json = shot_json(fx->k, &(Orient){1920, 1080, 0});
	expect(
	    json,
	    "{\"screen\": \"attract\", \"article\": 0, \"topic\": 0, \"title\": \"First Topic\"");
	expect(json, "\"slide\": 0");
	free(json);
	fx_free(fx);
}

static void test_language_and_direction(void **state)
{
	/* An article in Arabic: every screen of it says so, and reads right
	 * to left. */
	Fx *fx = fx_named(1920, 1080, "flu.ar.md");
	char *json = shot_json(fx->k, &(Orient){1920, 1080, 0});
	expect(json, "\"lang\": \"ar\", \"dir\": \"rtl\"");
	free(json);
	kiosk_nav(fx->k, &(NavEvent){.type = NAV_EV_OPEN_TOPIC, .index = 1}, 5);
	json = shot_json(fx->k, &(Orient){1920, 1080, 0});
	expect(json, "\"lang\": \"ar\", \"dir\": \"rtl\"");
	free(json);
	fx_free(fx);
	fx = fx_named(1920, 1080, "flu.es.md");
	json = shot_json(fx->k, &(Orient){1920, 1080, 0});
	expect(json, "\"lang\": \"es\", \"dir\": \"ltr\"");
	free(json);
	fx_free(fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_roles_and_states),
	    cmocka_unit_test(test_home_upright_and_turned),
	    cmocka_unit_test(test_notices_are_escaped),
	    cmocka_unit_test(test_topic_and_attract),
	    cmocka_unit_test(test_language_and_direction),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
