/* kiosk: the controller, driven with pointer events and fake time, as the
 * platform layer drives it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/control/kiosk.h"
#include "core/text/sentences.h"
#include "fixture.h"

typedef struct {
	Arena *arena;
	DocLibrary lib;
	FakeMeasure fm;
	LayoutMeasure ms;
	Kiosk *k;
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

static int find(const Kiosk *k, TargetKind kind, int index)
{
	const Layout *l = kiosk_layout(k);
	for (size_t i = 0; i < l->ntargets; i++)
		if (l->targets[i].kind == kind && (index < 0 || l->targets[i].index == index))
			return (int)i;
	return -1;
}

static void centre(const Kiosk *k, int t, int *x, int *y)
{
	Rect r;
	assert_true(layout_target_rect(kiosk_layout(k), (size_t)t, kiosk_scroll(k), &r));
	*x = r.x + r.w / 2;
	*y = r.y + r.h / 2;
}

static unsigned ptr(Kiosk *k, PointerType type, int64_t id, int x, int y, uint64_t now)
{
	PointerEvent e = {type, id, x, y};
	return kiosk_pointer(k, &e, now);
}

static void tap_target(Kiosk *k, TargetKind kind, int index, uint64_t now)
{
	int t = find(k, kind, index), x, y;
	assert_true(t >= 0);
	centre(k, t, &x, &y);
	ptr(k, PTR_DOWN, 0, x, y, now);
	ptr(k, PTR_UP, 0, x, y, now + 50);
}

static void test_pressed_state_in_the_next_frame(void **state)
{
	Fx *fx = *state;
	int t = find(fx->k, TARGET_TOPIC, 1), x, y;
	centre(fx->k, t, &x, &y);
	assert_true(ptr(fx->k, PTR_DOWN, 0, x, y, 2000) & KIOSK_REDRAW);
	assert_int_equal(kiosk_frame(fx->k, 2000)->pressed, t);
	assert_true(ptr(fx->k, PTR_UP, 0, x, y, 2080) & KIOSK_REDRAW);
	assert_int_equal(kiosk_nav_state(fx->k)->view.screen, SCREEN_TOPIC);
	assert_int_equal(kiosk_nav_state(fx->k)->view.topic, 1);
	assert_int_equal(kiosk_frame(fx->k, 2080)->pressed, -1);
}

static void test_release_elsewhere_does_not_activate(void **state)
{
	Fx *fx = *state;
	int t = find(fx->k, TARGET_TOPIC, 0), x, y;
	centre(fx->k, t, &x, &y);
	ptr(fx->k, PTR_DOWN, 0, x, y, 2000);
	ptr(fx->k, PTR_MOVE, 0, x + 200, y, 2050);
	ptr(fx->k, PTR_UP, 0, x + 200, y, 2100);
	assert_int_equal(kiosk_nav_state(fx->k)->view.screen, SCREEN_HOME);
	assert_int_equal(kiosk_frame(fx->k, 2100)->pressed, -1);
}

static void test_second_finger_is_ignored(void **state)
{
	Fx *fx = *state;
	int t = find(fx->k, TARGET_TOPIC, 2), x, y;
	centre(fx->k, t, &x, &y);
	ptr(fx->k, PTR_DOWN, 1, 10, 10, 2000);
	ptr(fx->k, PTR_DOWN, 2, x, y, 2010);
	ptr(fx->k, PTR_UP, 2, x, y, 2050);
	assert_int_equal(kiosk_nav_state(fx->k)->view.screen, SCREEN_HOME);
	ptr(fx->k, PTR_UP, 1, 10, 10, 2100);
	assert_int_equal(kiosk_nav_state(fx->k)->view.screen, SCREEN_HOME);
}

static void test_attract_and_wake(void **state)
{
	Fx *fx = *state;
	/* At rest nothing is due before the warning ten seconds before the
	 * idle timeout: the loop sleeps. */
	assert_int_equal(kiosk_next_deadline(fx->k, 1000), 81000);
	kiosk_tick(fx->k, 90999);
	assert_int_equal(kiosk_nav_state(fx->k)->view.screen, SCREEN_HOME);
	assert_true(kiosk_tick(fx->k, 91000) & KIOSK_REDRAW);
	assert_int_equal(kiosk_nav_state(fx->k)->view.screen, SCREEN_ATTRACT);
	/* The slide transition animates: the old screen is still drawn. */
	const Frame *f = kiosk_frame(fx->k, 91100);
	assert_non_null(f->prev);
	assert_true(f->t > 0.0 && f->t < 1.0);
	kiosk_tick(fx->k, 92000);
	assert_null(kiosk_frame(fx->k, 92000)->prev);
	/* The first touch wakes to Home and activates nothing, even when a
	 * tile would lie under the finger on Home. */
	ptr(fx->k, PTR_DOWN, 0, 1500, 300, 95000);
	assert_int_equal(kiosk_nav_state(fx->k)->view.screen, SCREEN_HOME);
	assert_int_equal(kiosk_frame(fx->k, 95000)->pressed, -1);
	ptr(fx->k, PTR_UP, 0, 1500, 300, 95050);
	assert_int_equal(kiosk_nav_state(fx->k)->view.screen, SCREEN_HOME);
}

/* Count of a layout's pictures, and whether every one of a's is in b at
 * the same place and size. */
static size_t pictures(const Layout *l)
{
	size_t n = 0;
	for (size_t i = 0; i < l->ncmds; i++)
		n += l->cmds[i].kind == DRAW_IMAGE;
	return n;
}

static bool same_pictures(const Layout *a, const Layout *b)
{
	if (pictures(a) != pictures(b))
		return false;
	for (size_t i = 0; i < a->ncmds; i++) {
		const DrawCmd *c = &a->cmds[i];
		if (c->kind != DRAW_IMAGE)
			continue;
		bool found = false;
		for (size_t j = 0; j < b->ncmds && !found; j++) {
			const DrawCmd *d = &b->cmds[j];
			found = d->kind == DRAW_IMAGE && strcmp(d->src, c->src) == 0 &&
			        d->r.x == c->r.x && d->r.y == c->r.y && d->r.w == c->r.w &&
			        d->r.h == c->r.h;
		}
		if (!found)
			return false;
	}
	return true;
}

/* kiosk_upcoming lays out the next attract slide once, with the very
 * pictures (place and size) that slide then shows. */
static void test_upcoming_slide_laid_out_once(void **state)
{
	Fx *fx = *state;
	size_t with_pictures = 0;
	uint64_t now = 91000;
	for (int step = 0; step < 12; step++) {
		const Layout *next = kiosk_upcoming(fx->k);
		assert_non_null(next);
		assert_null(kiosk_upcoming(fx->k));
		with_pictures += pictures(next) > 0;
		/* The promise stays put while the slide changes. */
		assert_true(kiosk_tick(fx->k, now) & KIOSK_REDRAW);
		assert_int_equal(kiosk_nav_state(fx->k)->view.screen, SCREEN_ATTRACT);
		assert_true(same_pictures(next, kiosk_layout(fx->k)));
		kiosk_tick(fx->k, now + 1000);
		now += 12000;
	}
	assert_true(with_pictures > 0);
}

/* kiosk_walk lays out every screen once, then stops until new content;
 * the screen on show is not disturbed. */
static void test_walk_lays_out_every_screen_once(void **state)
{
	Fx *fx = *state;
	View v;
	int screens = 0;
	while (nav_walk_view(kiosk_nav_state(fx->k), screens, &v))
		screens++;
	size_t with_pictures = 0;
	int walked = 0;
	const Layout *l;
	while ((l = kiosk_walk(fx->k)) != NULL) {
		walked++;
		with_pictures += pictures(l) > 0;
	}
	assert_int_equal(walked, screens);
	assert_true(with_pictures >= 3);
	assert_null(kiosk_walk(fx->k));
	assert_int_equal(kiosk_nav_state(fx->k)->view.screen, SCREEN_HOME);
	assert_true(kiosk_layout(fx->k)->ntargets > 0);
	kiosk_set_library(fx->k, &fx->lib, 2000);
	assert_non_null(kiosk_walk(fx->k));
}

static void test_scroll_indicator_and_picture_round_trip(void **state)
{
	Fx *fx = *state;
	tap_target(fx->k, TARGET_TOPIC, 1, 2000);
	const Frame *f = kiosk_frame(fx->k, 2100);
	/* The fixture's topic fits at this size; the indicator only shows
	 * when there is more to read. */
	assert_int_equal(f->indicator, layout_max_scroll(kiosk_layout(fx->k)) > 0);
	tap_target(fx->k, TARGET_IMAGE, -1, 3000);
	assert_int_equal(kiosk_nav_state(fx->k)->view.screen, SCREEN_IMAGE);
	/* A tap anywhere but a control closes the picture. */
	ptr(fx->k, PTR_DOWN, 0, 30, 900, 4000);
	ptr(fx->k, PTR_UP, 0, 30, 900, 4050);
	assert_int_equal(kiosk_nav_state(fx->k)->view.screen, SCREEN_TOPIC);
	assert_int_equal(kiosk_nav_state(fx->k)->view.topic, 1);
}

static void test_drag_scrolls_and_coasts(void **state)
{
	Fx *fx = *state;
	/* A long topic at a small size. */
	kiosk_free(fx->k);
	arena_free(fx->arena);
	fx->arena = arena_new(4096);
	char md[20000];
	size_t n = (size_t)snprintf(md, sizeof(md), "# A\n\n## Long\n\n");
	for (int i = 0; i < 60; i++)
		n += (size_t)snprintf(md + n, sizeof(md) - n,
		                      "Line %d of a long topic text here.\n\n", i);
	fx->lib = fixture_library(fx->arena, md);
	fx->ms = fake_measure(&fx->fm, 800, 480);
	KioskOptions o = {.w = 800,
	                  .h = 480,
	                  .text_scale = 1.0,
	                  .theme = theme_default(),
	                  .idle_ms = 90000,
	                  .rotate_ms = 12000};
	fx->k = kiosk_new(&o, &fx->ms, &fx->lib, 0);
	tap_target(fx->k, TARGET_TOPIC, 0, 100);
	assert_int_equal(kiosk_nav_state(fx->k)->view.screen, SCREEN_TOPIC);
	const Frame *f = kiosk_frame(fx->k, 200);
	assert_true(f->indicator);
	int thumb0 = f->indicator_thumb.y;
	ptr(fx->k, PTR_DOWN, 0, 400, 300, 1000);
	for (int i = 1; i <= 10; i++)
		ptr(fx->k, PTR_MOVE, 0, 400, 300 - i * 20, 1000 + (uint64_t)i * 16);
	assert_true(kiosk_scroll(fx->k) >= 150);
	ptr(fx->k, PTR_UP, 0, 400, 100, 1170);
	int released = kiosk_scroll(fx->k);
	/* Coasting: the loop is asked back within a frame, and the text moves. */
	assert_true(kiosk_next_deadline(fx->k, 1170) <= 1186);
	kiosk_tick(fx->k, 1400);
	assert_true(kiosk_scroll(fx->k) > released);
	assert_true(kiosk_frame(fx->k, 1400)->indicator_thumb.y > thumb0);
	kiosk_tick(fx->k, 10000);
	/* Stopped: no more frames asked for until the warning before the idle
	 * timeout. */
	assert_int_equal(kiosk_next_deadline(fx->k, 10000), 1000 + 90000 - NAV_WARN_MS);
}

/* ---- text size ------------------------------------------------------------ */

/* A kiosk on a long topic: paragraphs of different lengths, a picture half
 * way. */
static Kiosk *long_topic(Fx *fx, int w, int h)
{
	kiosk_free(fx->k);
	arena_free(fx->arena);
	fx->arena = arena_new(4096);
	static char md[40000];
	size_t n = (size_t)snprintf(md, sizeof(md), "# A\n\n## Long\n\n");
	for (int i = 0; i < 40; i++) {
		n += (size_t)snprintf(md + n, sizeof(md) - n, "Paragraph %d", i);
		for (int k = 0; k < 5 + (i * 7) % 23; k++)
			n += (size_t)snprintf(md + n, sizeof(md) - n, " with more words");
		n += (size_t)snprintf(md + n, sizeof(md) - n, ".\n\n%s",
		                      i == 20 ? "![Half way](images/half.png)\n\n" : "");
	}
	fx->lib = fixture_library(fx->arena, md);
	fx->ms = fake_measure(&fx->fm, w, h);
	KioskOptions o = {.w = w,
	                  .h = h,
	                  .text_scale = 1.0,
	                  .theme = theme_default(),
	                  .idle_ms = 90000,
	                  .rotate_ms = 12000};
	fx->k = kiosk_new(&o, &fx->ms, &fx->lib, 0);
	tap_target(fx->k, TARGET_TOPIC, 0, 100);
	assert_int_equal(kiosk_nav_state(fx->k)->view.screen, SCREEN_TOPIC);
	return fx->k;
}

/* Scrolls by dragging until the top of the view is at y (as near as a
 * drag gets it); returns the offset. */
static int scroll_to(Kiosk *k, int y, uint64_t *now)
{
	for (int tries = 0; tries < 40 && kiosk_scroll(k) != y; tries++) {
		int d = y - kiosk_scroll(k);
		if (d > 200)
			d = 200;
		if (d < -200)
			d = -200;
		/* Past the finger's slop first, then back to the exact amount;
		 * slowly, and still at the end, so that it does not coast. */
		int over = d >= 0 ? 100 : -100;
		ptr(k, PTR_DOWN, 0, 400, 300, *now);
		ptr(k, PTR_MOVE, 0, 400, 300 - d - over, *now + 200);
		ptr(k, PTR_MOVE, 0, 400, 300 - d, *now + 400);
		ptr(k, PTR_MOVE, 0, 400, 300 - d, *now + 700);
		ptr(k, PTR_UP, 0, 400, 300 - d, *now + 800);
		*now += 1000;
		kiosk_tick(k, *now);
	}
	return kiosk_scroll(k);
}

/* The text size control lays the topic out again at once, larger or
 * smaller, and the block at the top of the view stays at the top. */
static void test_text_size_keeps_the_reading_position(void **state)
{
	Fx *fx = *state;
	static const int SZ[][2] = {{1920, 1080}, {1080, 1920}, {800, 480}};
	for (size_t s = 0; s < 3; s++) {
		Kiosk *k = long_topic(fx, SZ[s][0], SZ[s][1]);
		uint64_t now = 1000;
		int body = kiosk_metrics(k)->font_px[FONT_BODY];
		const Layout *l = kiosk_layout(k);
		for (size_t a = 5; a < l->nanchors; a += 9) {
			/* The top of the view on the start of block a. */
			l = kiosk_layout(k);
			int y = l->anchors[a].y;
			if (y > layout_max_scroll(l))
				break;
			assert_int_equal(scroll_to(k, y, &now), y);
			for (int size = THEME_TEXT_SIZES - 1; size >= 0; size--) {
				tap_target(k, TARGET_TEXT_SIZE, size, now);
				now += 100;
				l = kiosk_layout(k);
				assert_int_equal(kiosk_nav_state(k)->view.prefs.text_size, size);
				assert_int_equal(l->metrics.font_px[FONT_BODY],
				                 (int)(body * theme_text_factor(size) + 0.5));
				LayoutPlace p = layout_place(l, kiosk_scroll(k));
				if (kiosk_scroll(k) == layout_max_scroll(l))
					continue; /* the end of the text holds it lower */
				assert_int_equal(p.anchor, (int)a);
				assert_true(p.into < 0.01);
			}
		}
		/* Half way into a paragraph stays half way into it. */
		l = kiosk_layout(k);
		int y = l->anchors[3].y + l->anchors[3].h / 2;
		scroll_to(k, y, &now);
		LayoutPlace before = layout_place(kiosk_layout(k), kiosk_scroll(k));
		tap_target(k, TARGET_TEXT_SIZE, 2, now);
		LayoutPlace after = layout_place(kiosk_layout(k), kiosk_scroll(k));
		assert_int_equal(after.anchor, 3);
		assert_true(after.into > before.into - 0.05 && after.into < before.into + 0.05);
		now += 1000;
		/* A picture opened, the size changed on it, and closed: the
		 * topic comes back at the same block. */
		tap_target(k, TARGET_TEXT_SIZE, 0, now);
		l = kiosk_layout(k);
		size_t pic = 0;
		for (size_t i = 0; i < l->ntargets; i++)
			if (l->targets[i].kind == TARGET_IMAGE)
				pic = (size_t)l->targets[i].index;
		scroll_to(k, l->anchors[pic].y, &now);
		tap_target(k, TARGET_IMAGE, -1, now);
		assert_int_equal(kiosk_nav_state(k)->view.screen, SCREEN_IMAGE);
		tap_target(k, TARGET_TEXT_SIZE, 1, now + 500);
		tap_target(k, TARGET_CLOSE, -1, now + 1000);
		assert_int_equal(kiosk_nav_state(k)->view.screen, SCREEN_TOPIC);
		l = kiosk_layout(k);
		assert_int_equal(l->metrics.font_px[FONT_BODY], (int)(body * 1.4 + 0.5));
		if (kiosk_scroll(k) < layout_max_scroll(l))
			assert_int_equal(layout_place(l, kiosk_scroll(k)).anchor, (int)pic);
		/* Attract mode puts the kiosk's own size back. */
		kiosk_tick(k, now + 1100 + 90000);
		assert_int_equal(kiosk_nav_state(k)->view.screen, SCREEN_ATTRACT);
		assert_int_equal(kiosk_metrics(k)->font_px[FONT_BODY], body);
		assert_int_equal(kiosk_layout(k)->metrics.font_px[FONT_BODY], body);
	}
}

/* "Still reading?" over a scrolled topic, once a second; a touch on a
 * control under it, or a drag, keeps the topic where it was and does
 * nothing else; then the next touch works again. */
static void test_still_reading_keeps_the_visitor(void **state)
{
	Fx *fx = *state;
	Kiosk *k = long_topic(fx, 1920, 1080);
	uint64_t now = 1000;
	scroll_to(k, 700, &now);
	int scroll = kiosk_scroll(k);
	uint64_t last = now - 1000; /* the last drag's finger down */
	uint64_t warn = last + 90000 - NAV_WARN_MS;
	assert_int_equal(kiosk_next_deadline(k, now), warn);
	assert_null(kiosk_frame(k, warn - 1)->overlay);
	assert_true(kiosk_tick(k, warn) & KIOSK_REDRAW);
	const Frame *f = kiosk_frame(k, warn);
	assert_non_null(f->overlay);
	assert_string_equal(f->overlay->title, "Still reading?");
	/* The countdown's number, and the screen under it untouched. */
	bool ten = false;
	for (size_t i = 0; i < f->overlay->ncmds; i++)
		ten |= f->overlay->cmds[i].kind == DRAW_TEXT && f->overlay->cmds[i].len == 2 &&
		       memcmp(f->overlay->cmds[i].text, "10", 2) == 0;
	assert_true(ten);
	assert_int_equal(f->scroll, scroll);
	assert_int_equal(kiosk_next_deadline(k, warn), warn + 1000);
	assert_true(kiosk_tick(k, warn + 1000) & KIOSK_REDRAW);
	assert_int_equal(kiosk_nav_state(k)->view.countdown, 9);
	/* A tap on Home under the warning: nothing but the warning goes. */
	tap_target(k, TARGET_HOME, -1, warn + 2500);
	assert_int_equal(kiosk_nav_state(k)->view.screen, SCREEN_TOPIC);
	assert_int_equal(kiosk_nav_state(k)->view.topic, 0);
	assert_int_equal(kiosk_scroll(k), scroll);
	assert_null(kiosk_frame(k, warn + 2600)->overlay);
	assert_int_equal(kiosk_frame(k, warn + 2600)->pressed, -1);
	/* A drag under the warning scrolls nothing. */
	kiosk_tick(k, warn + 2500 + 90000 - NAV_WARN_MS);
	assert_non_null(kiosk_frame(k, warn + 2500 + 90000 - NAV_WARN_MS)->overlay);
	now = warn + 2600 + 90000 - NAV_WARN_MS;
	ptr(k, PTR_DOWN, 0, 400, 600, now);
	ptr(k, PTR_MOVE, 0, 400, 300, now + 100);
	ptr(k, PTR_UP, 0, 400, 200, now + 150);
	kiosk_tick(k, now + 2000);
	assert_int_equal(kiosk_scroll(k), scroll);
	assert_null(kiosk_frame(k, now + 2000)->overlay);
	/* The next touch works. */
	tap_target(k, TARGET_HOME, -1, now + 3000);
	assert_int_equal(kiosk_nav_state(k)->view.screen, SCREEN_HOME);
	/* Left alone: the warning, then attract mode without it. */
	kiosk_tick(k, now + 3100 + 90000 - NAV_WARN_MS);
	assert_non_null(kiosk_overlay(k));
	kiosk_tick(k, now + 3100 + 90000);
	assert_int_equal(kiosk_nav_state(k)->view.screen, SCREEN_ATTRACT);
	/* Over attract mode only its hand. */
	assert_string_equal(kiosk_overlay(k)->title, "");
}

/* The high-contrast toggle redraws the screen in the high-contrast colours
 * at once, where it was; tapped again, the kiosk's own; attract mode puts
 * them back for the next visitor. */
static void test_high_contrast_toggle(void **state)
{
	Fx *fx = *state;
	Kiosk *k = long_topic(fx, 1080, 1920);
	uint64_t now = 1000;
	scroll_to(k, 900, &now);
	LayoutPlace before = layout_place(kiosk_layout(k), kiosk_scroll(k));
	Theme hc = theme_high_contrast(), own = theme_default();
	int t = find(k, TARGET_CONTRAST, -1);
	assert_true(t >= 0);
	assert_false(kiosk_layout(k)->targets[t].selected);
	tap_target(k, TARGET_CONTRAST, -1, now);
	const Frame *f = kiosk_frame(k, now + 100);
	assert_memory_equal(f->theme, &hc, sizeof(hc));
	assert_int_equal(f->layout->background, hc.background);
	/* Every text run in a colour of the high-contrast theme. */
	for (size_t i = 0; i < f->layout->ncmds; i++) {
		const DrawCmd *c = &f->layout->cmds[i];
		if (c->kind == DRAW_TEXT)
			assert_true(c->color == hc.text || c->color == hc.muted ||
			            c->color == hc.accent || c->color == hc.on_accent);
	}
	t = find(k, TARGET_CONTRAST, -1);
	assert_true(kiosk_layout(k)->targets[t].selected);
	LayoutPlace after = layout_place(kiosk_layout(k), kiosk_scroll(k));
	assert_int_equal(after.anchor, before.anchor);
	/* The warning comes in the same colours. */
	kiosk_tick(k, now + 50 + 90000 - NAV_WARN_MS);
	const Layout *o = kiosk_overlay(k);
	assert_non_null(o);
	for (size_t i = 0; i < o->ncmds; i++)
		if (o->cmds[i].kind == DRAW_TEXT)
			assert_true(o->cmds[i].color == hc.text || o->cmds[i].color == hc.accent);
	/* Off again. */
	ptr(k, PTR_DOWN, 0, 10, 10, now + 50 + 90000 - NAV_WARN_MS + 100);
	ptr(k, PTR_UP, 0, 10, 10, now + 50 + 90000 - NAV_WARN_MS + 150);
	now += 90000;
	tap_target(k, TARGET_CONTRAST, -1, now);
	assert_memory_equal(kiosk_frame(k, now + 100)->theme, &own, sizeof(own));
	tap_target(k, TARGET_CONTRAST, -1, now + 200);
	assert_memory_equal(kiosk_frame(k, now + 300)->theme, &hc, sizeof(hc));
	/* Attract mode: the kiosk's own colours, on the slides too. */
	kiosk_tick(k, now + 250 + 90000);
	assert_int_equal(kiosk_nav_state(k)->view.screen, SCREEN_ATTRACT);
	assert_memory_equal(kiosk_frame(k, now + 250 + 90000)->theme, &own, sizeof(own));
	assert_int_equal(kiosk_layout(k)->background, own.background);
}

/* Attract mode's hand taps for a second every three, a step each quarter
 * second, and rests between: the loop is asked back only for those
 * steps and the slides. */
static void test_attract_hand_taps_now_and_then(void **state)
{
	Fx *fx = *state;
	/* At rest on Home nothing is due before the warning. */
	assert_int_equal(kiosk_next_deadline(fx->k, 2000), 81000);
	kiosk_tick(fx->k, 91000);
	kiosk_tick(fx->k, 91500); /* the slide has come in */
	assert_int_equal(kiosk_nav_state(fx->k)->view.screen, SCREEN_ATTRACT);
	uint64_t cycle = 93000; /* a multiple of the hand's 3 s */
	int frames = 0;
	const Layout *o = kiosk_overlay(fx->k);
	assert_non_null(o);
	for (uint64_t now = cycle; now < cycle + 3000;) {
		uint64_t next = kiosk_next_deadline(fx->k, now);
		assert_true(next > now);
		if (kiosk_tick(fx->k, next) & KIOSK_REDRAW)
			frames++;
		now = next;
	}
	/* Three steps and back to rest: four frames in three seconds. */
	assert_int_equal(frames, 4);
	assert_int_equal(kiosk_next_deadline(fx->k, cycle + 1000), cycle + 3000);
	assert_int_equal(kiosk_next_deadline(fx->k, cycle + 250), cycle + 500);
	/* A step's drawing differs from the rest's: the disc sinks, a ring
	 * spreads. */
	kiosk_tick(fx->k, cycle + 3250);
	size_t pressed = kiosk_overlay(fx->k)->ncmds;
	kiosk_tick(fx->k, cycle + 4000);
	assert_true(pressed > kiosk_overlay(fx->k)->ncmds);
	/* Woken: no hand, no more of its steps. */
	ptr(fx->k, PTR_DOWN, 0, 10, 10, cycle + 4100);
	ptr(fx->k, PTR_UP, 0, 10, 10, cycle + 4150);
	assert_null(kiosk_overlay(fx->k));
	assert_int_equal(kiosk_next_deadline(fx->k, cycle + 4200), cycle + 4100 + 80000);
}

/* Read aloud: no Listen without a voice; with one, a topic offers it,
 * the sentence heard is underlined where it is on screen, and the text
 * follows the voice; Pause and Stop; leaving the topic stops it. */
static void test_read_aloud_follows_the_voice(void **state)
{
	Fx *fx = *state;
	Kiosk *k = long_topic(fx, 1920, 1080);
	uint64_t now = 1000;
	assert_int_equal(find(k, TARGET_LISTEN, -1), -1);
	kiosk_set_voice(k, true, now);
	assert_true(find(k, TARGET_LISTEN, -1) >= 0);
	assert_false(kiosk_reading(k).listening);
	tap_target(k, TARGET_LISTEN, -1, now);
	KioskReading r = kiosk_reading(k);
	assert_true(r.listening && !r.paused);
	assert_int_equal(r.article, 0);
	assert_int_equal(r.topic, 0);
	assert_int_equal(r.sentence, 0);
	assert_int_equal(find(k, TARGET_LISTEN, -1), -1);
	assert_true(find(k, TARGET_PAUSE, -1) >= 0 && find(k, TARGET_STOP, -1) >= 0);
	/* The heading is the first sentence: underlined. */
	const Layout *l = kiosk_layout(k);
	assert_true(l->reading.w > 0);
	/* Far down the topic: underlined in accent under its words, and
	 * scrolled into view. */
	Arena *a = arena_new(4096);
	Sentences ss;
	assert_int_equal(sentences_split(&fx->lib.articles[0].topics[0], a, &ss), 0);
	assert_true(ss.n > 30);
	assert_int_equal(kiosk_scroll(k), 0);
	assert_true(kiosk_heard(k, 30, now + 100) & KIOSK_REDRAW);
	l = kiosk_layout(k);
	assert_int_equal(kiosk_reading(k).sentence, 30);
	Rect rd = l->reading;
	assert_true(rd.w > 0 && rd.y > 1080);
	int scroll = kiosk_scroll(k);
	assert_true(rd.y >= scroll && rd.y + rd.h <= scroll + l->scroll_view.h);
	size_t bars = 0;
	for (size_t i = 0; i < l->ncmds; i++) {
		const DrawCmd *c = &l->cmds[i];
		if (c->kind == DRAW_RECT && c->layer == LAYER_SCROLL &&
		    c->color == theme_default().accent && c->r.h <= 6 && c->r.y >= rd.y &&
		    c->r.y < rd.y + 3 * rd.h)
			bars++;
	}
	assert_true(bars >= 1);
	/* The next sentence, still in view: the text stays where it is. */
	kiosk_heard(k, 31, now + 200);
	assert_int_equal(kiosk_scroll(k), scroll);
	/* Pause: Go on instead; the sentence stays. */
	tap_target(k, TARGET_PAUSE, -1, now + 300);
	assert_true(kiosk_reading(k).paused);
	assert_true(find(k, TARGET_LISTEN, -1) >= 0);
	assert_int_equal(kiosk_heard(k, 32, now + 400), 0);
	tap_target(k, TARGET_LISTEN, -1, now + 500);
	assert_false(kiosk_reading(k).paused);
	assert_int_equal(kiosk_reading(k).sentence, 31);
	/* Stop, and no underline. */
	tap_target(k, TARGET_STOP, -1, now + 600);
	assert_false(kiosk_reading(k).listening);
	assert_int_equal(kiosk_layout(k)->reading.w, 0);
	/* Leaving the topic stops it. */
	tap_target(k, TARGET_LISTEN, -1, now + 700);
	assert_true(kiosk_reading(k).listening);
	tap_target(k, TARGET_HOME, -1, now + 800);
	assert_false(kiosk_reading(k).listening);
	assert_int_equal(kiosk_reading(k).topic, -1);
	arena_free(a);
}

static void test_scroll_to_pages_without_coasting(void **state)
{
	Fx *fx = *state;
	kiosk_free(fx->k);
	arena_free(fx->arena);
	fx->arena = arena_new(4096);
	char md[20000];
	size_t n = (size_t)snprintf(md, sizeof(md), "# A\n\n## Long\n\n");
	for (int i = 0; i < 60; i++)
		n += (size_t)snprintf(md + n, sizeof(md) - n, "Line %d of a long topic.\n\n", i);
	fx->lib = fixture_library(fx->arena, md);
	fx->ms = fake_measure(&fx->fm, 800, 480);
	KioskOptions o = {.w = 800,
	                  .h = 480,
	                  .text_scale = 1.0,
	                  .theme = theme_default(),
	                  .idle_ms = 90000,
	                  .rotate_ms = 12000};
	fx->k = kiosk_new(&o, &fx->ms, &fx->lib, 0);
	kiosk_nav(fx->k, &(NavEvent){.type = NAV_EV_OPEN_TOPIC, .index = 0}, 10);
	int max = layout_max_scroll(kiosk_layout(fx->k));
	assert_true(max > 300);
	assert_int_equal(kiosk_scroll_to(fx->k, 300), KIOSK_REDRAW);
	assert_int_equal(kiosk_scroll(fx->k), 300);
	/* Nothing coasts: the loop is not asked back for frames before the
	 * warning ahead of attract mode. */
	assert_int_equal(kiosk_next_deadline(fx->k, 20), 10 + 90000 - NAV_WARN_MS);
	assert_int_equal(kiosk_frame(fx->k, 20)->scroll, 300);
	/* Clamped at both ends; no move, no redraw. */
	assert_int_equal(kiosk_scroll_to(fx->k, max + 1000), KIOSK_REDRAW);
	assert_int_equal(kiosk_scroll(fx->k), max);
	assert_int_equal(kiosk_scroll_to(fx->k, max), 0);
	kiosk_scroll_to(fx->k, -50);
	assert_int_equal(kiosk_scroll(fx->k), 0);
}

static void test_right_to_left_article_mirrors_its_screens(void **state)
{
	Fx *fx = *state;
	kiosk_free(fx->k);
	arena_free(fx->arena);
	fx->arena = arena_new(4096);
	/* An article in Arabic (its file name says so), long enough to
	 * scroll at 800x480. */
	char md[20000];
	size_t n = (size_t)snprintf(md, sizeof(md), "# A\n\n## T0\n\nx\n\n## T1\n\n");
	for (int i = 0; i < 60; i++)
		n += (size_t)snprintf(md + n, sizeof(md) - n, "Line %d of a long topic.\n\n", i);
	snprintf(md + n, sizeof(md) - n, "## T2\n\ny\n\n## T3\n\nz\n");
	fx->lib = fixture_library_named(fx->arena, md, "flu.ar.md");
	fx->ms = fake_measure(&fx->fm, 800, 480);
	KioskOptions o = {.w = 800,
	                  .h = 480,
	                  .text_scale = 1.0,
	                  .theme = theme_default(),
	                  .idle_ms = 90000,
	                  .rotate_ms = 12000};
	fx->k = kiosk_new(&o, &fx->ms, &fx->lib, 0);
	tap_target(fx->k, TARGET_TOPIC, 1, 100);
	assert_int_equal(kiosk_nav_state(fx->k)->view.topic, 1);
	assert_true(kiosk_layout(fx->k)->rtl);
	/* Previous on the right, Next on the left of it, and the visitor's
	 * own controls (text size, contrast) at the left end of the bar,
	 * A++ leftmost. */
	int px, py, nx, ny, ax, ay, cx, cy;
	centre(fx->k, find(fx->k, TARGET_PREV, -1), &px, &py);
	centre(fx->k, find(fx->k, TARGET_NEXT, -1), &nx, &ny);
	centre(fx->k, find(fx->k, TARGET_TEXT_SIZE, 2), &ax, &ay);
	centre(fx->k, find(fx->k, TARGET_CONTRAST, 1), &cx, &cy);
	assert_true(nx < px && px > 400);
	assert_true(ax < cx && cx < nx && ax < 200);
	/* The scroll bar runs down the left edge. */
	const Frame *f = kiosk_frame(fx->k, 200);
	assert_true(f->indicator);
	assert_true(f->indicator_track.x + f->indicator_track.w < 100);
	assert_true(f->rtl);
	/* Next, where it stands. */
	tap_target(fx->k, TARGET_NEXT, -1, 1000);
	assert_int_equal(kiosk_nav_state(fx->k)->view.topic, 2);
	/* A swipe to the right brings the next topic, one to the left the
	 * previous. */
	ptr(fx->k, PTR_DOWN, 0, 150, 200, 2000);
	for (int i = 1; i <= 5; i++)
		ptr(fx->k, PTR_MOVE, 0, 150 + i * 100, 200, 2000 + (uint64_t)i * 16);
	ptr(fx->k, PTR_UP, 0, 650, 200, 2100);
	assert_int_equal(kiosk_nav_state(fx->k)->view.topic, 3);
	ptr(fx->k, PTR_DOWN, 0, 650, 200, 3000);
	for (int i = 1; i <= 5; i++)
		ptr(fx->k, PTR_MOVE, 0, 650 - i * 100, 200, 3000 + (uint64_t)i * 16);
	ptr(fx->k, PTR_UP, 0, 150, 200, 3100);
	assert_int_equal(kiosk_nav_state(fx->k)->view.topic, 2);
	/* With a voice, Listen comes first where lines start: the right of
	 * the visitor's controls, beside the navigation; then Pause and Stop
	 * to its left. */
	kiosk_set_voice(fx->k, true, 4000);
	int lx, ly, sx, sy;
	centre(fx->k, find(fx->k, TARGET_LISTEN, -1), &lx, &ly);
	centre(fx->k, find(fx->k, TARGET_CONTRAST, 1), &cx, &cy);
	assert_true(cx < lx);
	tap_target(fx->k, TARGET_LISTEN, -1, 4100);
	centre(fx->k, find(fx->k, TARGET_PAUSE, -1), &px, &py);
	centre(fx->k, find(fx->k, TARGET_STOP, -1), &sx, &sy);
	centre(fx->k, find(fx->k, TARGET_CONTRAST, 1), &cx, &cy);
	assert_true(cx < sx && sx < px);
	/* "Still reading?" over it reads right to left too. */
	kiosk_tick(fx->k, 4100 + 90000 - 9000);
	const Layout *over = kiosk_overlay(fx->k);
	assert_non_null(over);
	assert_true(over->rtl);
}

/* ---- 100,000 random touches ---------------------------------------------- */

/* A small seeded generator (xorshift64*): the same touches every run, so a
 * failure can be replayed. */
static uint64_t rnd_state;

static uint32_t rnd(uint32_t n)
{
	rnd_state ^= rnd_state >> 12;
	rnd_state ^= rnd_state << 25;
	rnd_state ^= rnd_state >> 27;
	return (uint32_t)((rnd_state * 2685821657736338717ull) >> 32) % n;
}

static const char SECOND_ARTICLE[] = "# Washing your hands\n\nWhy and when.\n\n"
                                     "## When\n\nBefore eating.\n\n![Soap](images/soap.png)\n\n"
                                     "## How\n\nTwenty seconds, with soap.\n";

typedef struct {
	Kiosk *k;
	const DocLibrary *lib;
	uint64_t now;
	uint64_t last_down; /* when the followed finger last went down */
	bool woke;          /* the touch under way woke the kiosk from attract */
	bool kept;          /* the touch under way answered "Still reading?" */
	View kept_view;     /* and what showed then */
	int kept_scroll;
	int64_t tracked;   /* the finger followed (the first one down), -1 none */
	ScreenKind screen; /* after the last event */
	unsigned touches;
	uint64_t step;
	bool sizes[THEME_TEXT_SIZES]; /* text sizes seen */
	bool contrast;                /* high contrast seen */
	unsigned warnings;            /* touches that answered the warning */
	bool listened;                /* a topic was read aloud */
} Walk;

static bool library_holds(const DocLibrary *lib, const DocBlock *img)
{
	for (size_t a = 0; a < lib->narticles; a++) {
		const DocArticle *art = &lib->articles[a];
		for (size_t i = 0; i < art->nintro; i++)
			if (&art->intro[i] == img)
				return img->type == DOC_IMAGE;
		for (size_t t = 0; t < art->ntopics; t++)
			for (size_t i = 0; i < art->topics[t].nblocks; i++)
				if (&art->topics[t].blocks[i] == img)
					return img->type == DOC_IMAGE;
	}
	return false;
}

/* What must hold after every event, whatever came before. */
static void check_invariants(Walk *w)
{
	unsigned long long step = w->step;
	const Nav *n = kiosk_nav_state(w->k);
	const View *v = &n->view;
	const DocLibrary *lib = w->lib;
	int na = (int)lib->narticles;
	if (v->screen == SCREEN_TOPIC)
		assert_true(v->article >= 0 && v->article < na && v->topic >= 0 &&
		            (size_t)v->topic < lib->articles[v->article].ntopics);
	if (v->screen == SCREEN_HOME)
		assert_true(v->article >= -1 && v->article < na && v->topic == -1);
	if (v->screen == SCREEN_IMAGE)
		assert_true(library_holds(lib, v->image));
	if (v->screen == SCREEN_ATTRACT) {
		assert_true(n->slide >= 0 && n->slide < n->slides);
		/* Attract mode only after a whole idle spell without a touch. */
		if (w->screen != SCREEN_ATTRACT && w->now < w->last_down + n->idle_ms)
			fail_msg("step %llu: attract at %llu, a touch at %llu", step,
			         (unsigned long long)w->now, (unsigned long long)w->last_down);
	}
	/* The touch that woke the kiosk opens nothing (no article, topic or
	 * picture) and scrolls nothing, however it moves; only time (attract
	 * again) or news from outside change the screen under it. */
	if (w->woke) {
		if (v->screen == SCREEN_TOPIC || v->screen == SCREEN_IMAGE)
			fail_msg("step %llu: the touch that woke the kiosk opened %s", step,
			         nav_screen_name(v->screen));
		if (v->screen == SCREEN_HOME) {
			assert_int_equal(v->article, lib->narticles == 1 ? 0 : -1);
			assert_int_equal(kiosk_scroll(w->k), 0);
		}
	}
	const Layout *l = kiosk_layout(w->k);
	int scroll = kiosk_scroll(w->k);
	assert_true(scroll >= 0 && scroll <= layout_max_scroll(l));
	/* The touch that answered "Still reading?" leaves the screen as it
	 * was, scrolled where it was (news from outside aside). */
	if (w->kept && v->screen == w->kept_view.screen && v->screen != SCREEN_NOTICE &&
	    v->screen != SCREEN_IMPORT) {
		assert_int_equal(v->article, w->kept_view.article);
		assert_int_equal(v->topic, w->kept_view.topic);
		assert_ptr_equal(v->image, w->kept_view.image);
		assert_int_equal(v->prefs.text_size, w->kept_view.prefs.text_size);
		assert_int_equal(scroll, w->kept_scroll);
	} else if (v->screen == SCREEN_ATTRACT && w->now >= w->last_down + n->idle_ms) {
		w->kept = false; /* a finger left on the glass for a whole idle spell */
	} else if (w->kept && v->screen != SCREEN_NOTICE && v->screen != SCREEN_IMPORT) {
		fail_msg("step %llu: the touch that answered the warning went from %s to %s", step,
		         nav_screen_name(w->kept_view.screen), nav_screen_name(v->screen));
	}
	/* The warning shows exactly while the countdown runs; attract mode's
	 * hand always. */
	const Layout *over = kiosk_frame(w->k, w->now)->overlay;
	assert_int_equal(over != NULL, v->countdown > 0 || v->screen == SCREEN_ATTRACT);
	if (over)
		assert_int_equal(strcmp(over->title, "Still reading?") == 0, v->countdown > 0);
	/* Every view shows the visitor's choices, the screen is laid out at
	 * them, and attract mode is always at the kiosk's own. */
	assert_int_equal(v->prefs.text_size, n->prefs.text_size);
	assert_int_equal(l->metrics.font_px[FONT_BODY], kiosk_metrics(w->k)->font_px[FONT_BODY]);
	Metrics base = theme_metrics(1920, 1080, 1.0);
	theme_enlarge(&base, theme_text_factor(n->prefs.text_size));
	assert_int_equal(kiosk_metrics(w->k)->font_px[FONT_BODY], base.font_px[FONT_BODY]);
	if (v->screen == SCREEN_ATTRACT) {
		assert_int_equal(n->prefs.text_size, 0);
		assert_false(n->prefs.high_contrast);
	}
	/* Only a topic is read aloud, and what is underlined is on it. */
	if (v->listening)
		assert_true(v->screen == SCREEN_TOPIC && v->can_listen);
	assert_int_equal(kiosk_reading(w->k).listening, v->listening);
	w->listened |= v->listening;
	/* Drawn in the colours the visitor chose, the kiosk's own else. */
	Theme want = n->prefs.high_contrast ? theme_high_contrast() : theme_default();
	assert_memory_equal(kiosk_frame(w->k, w->now)->theme, &want, sizeof(want));
	assert_int_equal(l->background, v->screen == SCREEN_IMAGE ? want.shade : l->background);
	const Frame *f = kiosk_frame(w->k, w->now);
	assert_true(f->pressed >= -1 && f->pressed < (int)l->ntargets);
	assert_true(f->t >= 0.0 && f->t <= 1.0);
	assert_true(kiosk_next_deadline(w->k, w->now) >= w->now);
	w->screen = v->screen;
	w->sizes[n->prefs.text_size] = true;
	w->contrast |= n->prefs.high_contrast;
}

/* Somewhere on the screen: most often on a control, so that the walk goes
 * through every screen, else anywhere. */
static void somewhere(Walk *w, int *x, int *y)
{
	const Layout *l = kiosk_layout(w->k);
	Rect r;
	if (l->ntargets && rnd(3) &&
	    layout_target_rect(l, rnd((uint32_t)l->ntargets), kiosk_scroll(w->k), &r)) {
		*x = r.x + (int)rnd((uint32_t)r.w);
		*y = r.y + (int)rnd((uint32_t)r.h);
		return;
	}
	*x = (int)rnd(1920);
	*y = (int)rnd(1080);
}

/* A finger event, with the test's own model of which finger is followed:
 * the first one down, until it lifts; others are ignored (README). */
static void finger(Walk *w, PointerType type, int64_t id, int x, int y)
{
	bool attract = kiosk_nav_state(w->k)->view.screen == SCREEN_ATTRACT;
	if (type == PTR_DOWN && (w->tracked < 0 || w->tracked == id)) {
		const Nav *n = kiosk_nav_state(w->k);
		w->tracked = id;
		w->last_down = w->now;
		w->woke = attract;
		w->kept = n->view.countdown > 0;
		w->warnings += w->kept;
		w->kept_view = n->view;
		w->kept_scroll = kiosk_scroll(w->k);
		w->touches++;
	}
	ptr(w->k, type, id, x, y, w->now);
	check_invariants(w);
	if ((type == PTR_UP || type == PTR_CANCEL) && id == w->tracked) {
		w->tracked = -1;
		w->woke = false;
		w->kept = false;
	}
}

/* Time passes as the display loop lets it: every deadline met. */
static void wait_ms(Walk *w, uint64_t ms)
{
	uint64_t end = w->now + ms;
	for (;;) {
		uint64_t d = kiosk_next_deadline(w->k, w->now);
		if (d > end)
			break;
		w->now = d > w->now ? d : w->now + 16;
		kiosk_tick(w->k, w->now);
		if (w->now >= end)
			break;
	}
	w->now = end;
	kiosk_tick(w->k, w->now);
}

static void random_step(Walk *w)
{
	int x, y;
	switch (rnd(10)) {
	case 0: /* a long rest: attract mode, and its slides */
		wait_ms(w, rnd(3) ? rnd(200000) : rnd(20000));
		break;
	case 1: /* a second finger */
		somewhere(w, &x, &y);
		finger(w, rnd(3) ? PTR_DOWN : PTR_UP, 2, x, y);
		break;
	case 2: /* a lost release, or a cancel */
		somewhere(w, &x, &y);
		finger(w, rnd(2) ? PTR_DOWN : PTR_CANCEL, 1, x, y);
		break;
	case 3: /* notices and the import's progress from outside, the voice */
		if (rnd(3) == 0) {
			kiosk_heard(w->k, (int)rnd(40) - 1, w->now);
			break;
		}
		kiosk_nav(w->k,
		          &(NavEvent){.type = rnd(2) ? NAV_EV_NOTICE : NAV_EV_PROGRESS,
		                      .text = "Checking",
		                      .progress = (int)rnd(1001)},
		          w->now);
		break;
	default: /* a tap, a drag, a fling or a swipe */
		somewhere(w, &x, &y);
		finger(w, PTR_DOWN, 1, x, y);
		for (uint32_t i = 0, moves = rnd(4) ? rnd(3) : rnd(30); i < moves; i++) {
			wait_ms(w, 1 + rnd(40));
			x += (int)rnd(161) - 80;
			y += (int)rnd(161) - 80;
			finger(w, PTR_MOVE, 1, x, y);
		}
		wait_ms(w, rnd(700));
		finger(w, PTR_UP, 1, x, y);
		break;
	}
	wait_ms(w, rnd(4) ? rnd(100) : rnd(3000));
}

static void test_100000_random_touches_keep_the_invariants(void **state)
{
	Arena *a = arena_new(4096);
	DocLibrary one = fixture_library(a, FIXTURE_MD);
	DocLibrary two = fixture_library_named(a, SECOND_ARTICLE, "hands.md");
	DocArticle *both = arena_alloc(a, 2 * sizeof(*both));
	both[0] = one.articles[0];
	both[1] = two.articles[0];
	DocLibrary lib = {both, 2};
	FakeMeasure fm;
	LayoutMeasure ms = fake_measure(&fm, 1920, 1080);
	KioskOptions o = {.w = 1920,
	                  .h = 1080,
	                  .text_scale = 1.0,
	                  .theme = theme_default(),
	                  .idle_ms = 90000,
	                  .rotate_ms = 12000};
	Walk w = {.lib = &lib, .now = 1000, .tracked = -1};
	w.k = kiosk_new(&o, &ms, &lib, w.now);
	assert_non_null(w.k);
	kiosk_set_voice(w.k, true, w.now);
	rnd_state = 0x6b696f736b2d3131ull;
	bool seen[SCREEN_IMPORT + 1] = {false};
	for (; w.touches < 100000; w.step++) {
		random_step(&w);
		check_invariants(&w);
		seen[w.screen] = true;
	}
	/* The walk went everywhere, at every text size, and answered the
	 * warning now and then. */
	if (w.warnings < 10)
		fail_msg("the random walk answered the warning only %u times", w.warnings);
	for (int i = 0; i < THEME_TEXT_SIZES; i++)
		if (!w.sizes[i])
			fail_msg("the random walk never chose text size %d", i);
	if (!w.contrast)
		fail_msg("the random walk never turned high contrast on");
	if (!w.listened)
		fail_msg("the random walk never had a topic read aloud");
	for (int sc = SCREEN_HOME; sc <= SCREEN_IMPORT; sc++)
		if (!seen[sc])
			fail_msg("the random walk never showed %s",
			         nav_screen_name((ScreenKind)sc));
	kiosk_free(w.k);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_100000_random_touches_keep_the_invariants),
	    cmocka_unit_test_setup_teardown(test_right_to_left_article_mirrors_its_screens, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_pressed_state_in_the_next_frame, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_release_elsewhere_does_not_activate, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_second_finger_is_ignored, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_attract_and_wake, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_upcoming_slide_laid_out_once, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_walk_lays_out_every_screen_once, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_scroll_indicator_and_picture_round_trip, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_drag_scrolls_and_coasts, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_text_size_keeps_the_reading_position, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_still_reading_keeps_the_visitor, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_high_contrast_toggle, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_attract_hand_taps_now_and_then, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_read_aloud_follows_the_voice, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_scroll_to_pages_without_coasting, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
