/* Unit tests for core/theme: the contrast function against WCAG's own
 * figures, every colour pair of every built-in theme, that the list of
 * pairs holds every text/fill pair the screens really draw (read from the
 * display lists of every screen), and the check and mending of a theme. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/screen/look/theme.h"
#include "core/service/service.h"
#include "core/settings/config.h"
#include "fixture.h"

static void assert_near(double got, double want, double tol)
{
	if (got < want - tol || got > want + tol)
		fail_msg("%.4f is not %.4f (within %.4f)", got, want, tol);
}

/* Figures from WCAG 2's definition of relative luminance, as the W3C's and
 * WebAIM's contrast checkers print them. */
static void test_contrast_known_values(void **state)
{
	assert_near(theme_contrast(0x000000FF, 0xFFFFFFFF), 21.0, 1e-9);
	assert_near(theme_contrast(0xFFFFFFFF, 0x000000FF), 21.0, 1e-9);
	assert_near(theme_contrast(0x123456FF, 0x123456FF), 1.0, 1e-9);
	/* The two greys either side of AA for body text on white. */
	assert_near(theme_contrast(0x777777FF, 0xFFFFFFFF), 4.48, 0.005);
	assert_near(theme_contrast(0x767676FF, 0xFFFFFFFF), 4.54, 0.005);
	assert_near(theme_contrast(0x595959FF, 0xFFFFFFFF), 7.00, 0.005);
	assert_near(theme_contrast(0xFF0000FF, 0xFFFFFFFF), 4.00, 0.005);
	assert_near(theme_contrast(0x0000FFFF, 0xFFFFFFFF), 8.59, 0.005);
	assert_near(theme_contrast(0x00FF00FF, 0x000000FF), 15.30, 0.005);
	assert_near(theme_contrast(0x808080FF, 0x000000FF), 5.32, 0.005);
	/* Alpha plays no part: colours are opaque. */
	assert_near(theme_contrast(0x77777700, 0xFFFFFF80), 4.48, 0.005);
}

typedef struct {
	const char *name;
	Theme t;
	double min;
} Named;

/* Every pair at the theme's full minimum, large glyphs included: the
 * built-in themes are held to more than theme_check asks of a stick's. */
static void all_pairs_hold(const Named *nt)
{
	size_t n;
	const ThemePair *p = theme_pairs(&n);
	assert_true(n >= 10);
	int bad = 0;
	for (size_t i = 0; i < n; i++) {
		double c = theme_pair_contrast(&nt->t, &p[i]);
		printf("  %-14s %-18s %-17s%s %5.2f:1  %s\n", nt->name, p[i].text_key,
		       p[i].fill_key, p[i].pressed ? "*" : " ", c, p[i].what);
		if (c < nt->min) {
			print_error("%s theme: %s on %s%s (%s) is %.2f:1, below %.1f:1\n", nt->name,
			            p[i].text_key, p[i].fill_key, p[i].pressed ? " pressed" : "",
			            p[i].what, c, nt->min);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
	assert_int_equal(theme_check(&nt->t, nt->min, NULL, NULL), 0);
}

static void test_default_theme_pairs(void **state)
{
	Named nt = {"default", theme_default(), THEME_MIN_CONTRAST};
	all_pairs_hold(&nt);
}

static void test_high_contrast_theme_pairs(void **state)
{
	Named nt = {"high-contrast", theme_high_contrast(), THEME_HIGH_CONTRAST};
	all_pairs_hold(&nt);
	/* Its controls have solid outlines: WCAG's 3:1 for what is not text,
	 * against the page and against the tile they outline. */
	Theme t = theme_high_contrast();
	assert_true(theme_contrast(t.border, t.background) >= 3.0);
	assert_true(theme_contrast(t.border, t.surface) >= 3.0);
	assert_true(theme_contrast(t.accent, t.background) >= 3.0);
	/* And it is another theme, not the default under a new name. */
	Theme d = theme_default();
	assert_memory_not_equal(&t, &d, sizeof(t));
}

/* The default is AA, not AAA: the high-contrast theme exists because the
 * default does not reach 7:1 everywhere. */
static void test_default_is_not_high_contrast(void **state)
{
	Theme d = theme_default();
	assert_true(theme_check(&d, THEME_HIGH_CONTRAST, NULL, NULL) > 0);
}

static void test_pressed_fill(void **state)
{
	Theme t = theme_default();
	/* A button goes to pressed; a tile is tinted a fifth toward accent. */
	assert_int_equal(theme_pressed_fill(&t, t.accent), t.pressed);
	assert_int_equal(theme_pressed_fill(&t, t.surface), 0xCEE0E2FFu);
	assert_int_equal(theme_pressed_fill(&t, 0x000000FF), 0x021416FFu);
}

/* ---- every pair drawn is a pair judged ----------------------------------- */

/* A theme whose colours are all different, so a colour drawn names the
 * member it came from. */
static Theme marker_theme(void)
{
	return (Theme){.background = 0xF0F0F0FF,
	               .surface = 0xFFFFFFFF,
	               .text = 0x101010FF,
	               .muted = 0x303030FF,
	               .accent = 0x204060FF,
	               .on_accent = 0xFAFAFAFF,
	               .pressed = 0x102030FF,
	               .border = 0xC0C0C0FF,
	               .shade = 0x080808FF,
	               .on_shade = 0xE0E0E0FF,
	               .error = 0x802020FF};
}

static bool inside(Rect r, int x, int y)
{
	return x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h;
}

/* The fill a text command is drawn on: the last rect of its layer drawn
 * before it under the middle of its line, else the screen's background. */
static Color fill_under(const Layout *l, size_t ti, int *rect_index)
{
	const DrawCmd *t = &l->cmds[ti];
	int x = t->r.x + t->r.w / 2, y = t->r.y + t->r.h / 2;
	*rect_index = -1;
	for (size_t i = ti; i-- > 0;) {
		const DrawCmd *c = &l->cmds[i];
		if (c->kind == DRAW_RECT && c->layer == t->layer && inside(c->r, x, y)) {
			*rect_index = (int)i;
			return c->color;
		}
	}
	return l->background;
}

static bool judged(const Theme *t, Color text, Color fill, bool pressed)
{
	size_t n;
	const ThemePair *p = theme_pairs(&n);
	for (size_t i = 0; i < n; i++)
		if (p[i].pressed == pressed && theme_pair_text(t, &p[i]) == text &&
		    theme_pair_fill(t, &p[i]) == fill)
			return true;
	return false;
}

typedef struct {
	unsigned texts; /* text commands seen */
	bool used[32];  /* pairs seen drawn */
} Seen;

static void mark_used(Seen *s, const Theme *t, Color text, Color fill, bool pressed)
{
	size_t n;
	const ThemePair *p = theme_pairs(&n);
	for (size_t i = 0; i < n && i < 32; i++)
		if (p[i].pressed == pressed && theme_pair_text(t, &p[i]) == text &&
		    theme_pair_fill(t, &p[i]) == fill)
			s->used[i] = true;
}

static void check_layout(const Layout *l, const Theme *t, const char *screen, Seen *s)
{
	for (size_t i = 0; i < l->ncmds; i++) {
		const DrawCmd *c = &l->cmds[i];
		if (c->kind != DRAW_TEXT)
			continue;
		s->texts++;
		int ri;
		Color fill = fill_under(l, i, &ri);
		if (!judged(t, c->color, fill, false))
			fail_msg("%s: \"%.*s\" is drawn in %08X on %08X, a pair theme_pairs() "
			         "leaves out",
			         screen, (int)c->len, c->text, (unsigned)c->color, (unsigned)fill);
		mark_used(s, t, c->color, fill, false);
		/* Under a finger the renderer swaps the fill of a target's rect. */
		if (ri >= 0 && l->cmds[ri].target >= 0) {
			Color down = theme_pressed_fill(t, fill);
			bool pressed = fill != t->accent;
			if (!judged(t, c->color, down, pressed) &&
			    !judged(t, c->color, down, false))
				fail_msg(
				    "%s: \"%.*s\" is drawn in %08X on %08X when pressed, a pair "
				    "theme_pairs() leaves out",
				    screen, (int)c->len, c->text, (unsigned)c->color,
				    (unsigned)down);
			mark_used(s, t, c->color, down, pressed);
			mark_used(s, t, c->color, down, false);
		}
	}
}

static const char EVERY_BLOCK_MD[] =
    "![Lead picture](images/lead.png)\n\n"
    "# Every Block\n\nAn introduction of a few words.\n\n"
    "## First Topic\n\nSome *text* with **bold** words.\n\n> A quotation.\n\n"
    "### Sub\n\n- one\n  - nested\n\n1. first\n\n![A caption](images/pic.png)\n\n"
    "## Second Topic\n\nA paragraph.\n\n![A picture](images/pic.png)\n\n"
    "## Third Topic\n";

static void test_pairs_cover_every_drawn_text(void **state)
{
	Arena *a = arena_new(64 * 1024);
	DocArticle arts[4];
	char err[128];
	assert_int_equal(markdown_parse(EVERY_BLOCK_MD, strlen(EVERY_BLOCK_MD), "a.md", a, &arts[0],
	                                err, sizeof(err)),
	                 0);
	assert_int_equal(
	    markdown_parse(FIXTURE_MD, strlen(FIXTURE_MD), "b.md", a, &arts[1], err, sizeof(err)),
	    0);
	/* The first article in Spanish too: its Home offers both. */
	arts[2] = arts[0];
	assert_int_equal(markdown_parse(EVERY_BLOCK_MD, strlen(EVERY_BLOCK_MD), "a.es.md", a,
	                                &arts[3], err, sizeof(err)),
	                 0);
	DocLibrary one = {arts, 1}, two = {arts, 2}, langs = {arts + 2, 2};
	const DocBlock *pic = doc_topic_image(&arts[0].topics[1]);
	assert_non_null(pic);
	Theme t = marker_theme();
	/* The staff's screens: the PIN pad after a wrong try, the service
	 * screen after a rollback, the touch test with dots, cleaning mode. */
	Service pad, menu, touch, clean;
	service_init(&pad, 96, 20);
	pad.mode = SERVICE_PIN;
	pad.has_pin = true;
	pad.ndigits = 2;
	pad.say = SERVICE_SAY_WRONG;
	menu = pad;
	menu.mode = SERVICE_MENU;
	menu.say = SERVICE_SAY_ROLLED_BACK;
	menu.info = (ServiceInfo){"3aa748d88482, 2026-12-03",
	                          "Front desk",
	                          "",
	                          "Content updated",
	                          "1.0",
	                          "0:05:00",
	                          "1.2 GB",
	                          "2026-12-03"};
	touch = menu;
	touch.mode = SERVICE_TOUCH;
	touch.npoints = 2;
	touch.points[1].x = touch.points[1].y = 300;
	clean = menu;
	clean.mode = SERVICE_CLEANING;
	const View views[] = {
	    {.screen = SCREEN_HOME, .article = 0, .topic = -1},
	    {.screen = SCREEN_HOME, .article = -1, .topic = -1},
	    {.screen = SCREEN_HOME, .article = 1, .topic = -1},
	    {.screen = SCREEN_TOPIC, .article = 0, .topic = 0},
	    {.screen = SCREEN_TOPIC, .article = 0, .topic = 1},
	    {.screen = SCREEN_TOPIC, .article = 0, .topic = 2},
	    {.screen = SCREEN_IMAGE, .article = 0, .topic = 1, .image = pic},
	    {.screen = SCREEN_ATTRACT, .article = 0, .topic = 0},
	    {.screen = SCREEN_ATTRACT, .article = 0, .topic = -1, .image = pic},
	    {.screen = SCREEN_ATTRACT, .article = 0, .topic = -1},
	    {.screen = SCREEN_NOTICE, .text = "Content updated", .detail = "3 topics"},
	    {.screen = SCREEN_NOTICE,
	     .text = "This could not be used",
	     .detail = "images/x.png: not a picture",
	     .notice_error = true},
	    {.screen = SCREEN_IMPORT, .text = "Checking new content", .progress = 400},
	    {.screen = SCREEN_SERVICE, .article = -1, .topic = -1, .service = &pad},
	    {.screen = SCREEN_SERVICE, .article = -1, .topic = -1, .service = &menu},
	    {.screen = SCREEN_SERVICE, .article = -1, .topic = -1, .service = &touch},
	    {.screen = SCREEN_SERVICE,
	     .article = -1,
	     .topic = -1,
	     .service = &clean,
	     .countdown = 29},
	    /* A visitor's choices on: the toggle and a size filled, the others
	     * outlined. */
	    {.screen = SCREEN_TOPIC,
	     .article = 0,
	     .topic = 1,
	     .prefs = {.text_size = 2, .high_contrast = true},
	     .can_listen = true,
	     .listening = true,
	     .sentence = 1},
	    {.screen = SCREEN_HOME, .article = 0, .topic = -1},
	};
	static const char *const names[] = {"home",
	                                    "articles",
	                                    "home of the second article",
	                                    "topic 1",
	                                    "topic 2",
	                                    "empty topic",
	                                    "picture",
	                                    "attract topic",
	                                    "attract picture",
	                                    "attract home",
	                                    "notice",
	                                    "problem notice",
	                                    "import",
	                                    "PIN pad",
	                                    "service screen",
	                                    "touch test",
	                                    "cleaning",
	                                    "topic with a visitor's choices",
	                                    "home with its languages"};
	Seen seen = {0};
	for (int orient = 0; orient < 2; orient++) {
		FakeMeasure fm;
		LayoutMeasure m =
		    orient ? fake_measure(&fm, 1080, 1920) : fake_measure(&fm, 1920, 1080);
		for (size_t v = 0; v < sizeof(views) / sizeof(views[0]); v++) {
			Layout l;
			layout_init(&l);
			size_t last = sizeof(views) / sizeof(views[0]) - 1;
			const DocLibrary *lib = v == last                         ? &langs
			                        : views[v].article == 0 && v != 1 ? &one
			                                                          : &two;
			assert_int_equal(layout_build(&l, &views[v], lib, &fm.m, &t, &m), 0);
			check_layout(&l, &t, names[v], &seen);
			/* And "Still reading?" over it. */
			View warned = views[v];
			warned.countdown = 10;
			assert_int_equal(layout_overlay(&l, &warned, NULL, 0, &fm.m, &t, &m), 0);
			check_layout(&l, &t, names[v], &seen);
			layout_deinit(&l);
		}
	}
	assert_true(seen.texts > 50);
	/* And the other way round: no pair is judged that nothing draws, so a
	 * theme is never refused over a colour no visitor sees. */
	size_t n;
	const ThemePair *p = theme_pairs(&n);
	for (size_t i = 0; i < n; i++)
		if (!seen.used[i])
			fail_msg("%s on %s%s (%s) is judged but no screen draws it", p[i].text_key,
			         p[i].fill_key, p[i].pressed ? " pressed" : "", p[i].what);
	arena_free(a);
}

/* ---- checking and mending ---------------------------------------------- */

typedef struct {
	int n;
	const ThemePair *pair[32];
	double contrast[32];
} Found;

static void found(void *user, const ThemePair *pair, double contrast)
{
	Found *f = user;
	assert_true(f->n < 32);
	f->pair[f->n] = pair;
	f->contrast[f->n] = contrast;
	f->n++;
}

static void test_check_names_the_pair(void **state)
{
	/* Button labels nobody can read: the label in the button's own teal,
	 * at rest and under a finger. */
	Theme t = theme_default();
	t.on_accent = t.accent;
	Found f = {0};
	assert_int_equal(theme_check(&t, THEME_MIN_CONTRAST, found, &f), 2);
	assert_int_equal(f.n, 2);
	assert_string_equal(f.pair[0]->text_key, "theme_on_accent");
	assert_string_equal(f.pair[0]->fill_key, "theme_accent");
	assert_near(f.contrast[0], 1.0, 1e-9);
	assert_string_equal(f.pair[1]->text_key, "theme_on_accent");
	assert_string_equal(f.pair[1]->fill_key, "theme_pressed");
	assert_near(f.contrast[1], theme_contrast(t.accent, t.pressed), 1e-9);
	char msg[256];
	theme_pair_message(f.pair[0], 2.19, THEME_MIN_CONTRAST, msg, sizeof(msg));
	assert_string_equal(msg, "theme_on_accent and theme_accent are too alike to read easily "
	                         "(contrast 2.1:1, at least 4.5:1 is needed)");
	/* Rounded down: just short of the minimum never reads as meeting it. */
	theme_pair_message(f.pair[0], 4.4999, THEME_MIN_CONTRAST, msg, sizeof(msg));
	assert_non_null(strstr(msg, "(contrast 4.4:1, at least 4.5:1"));
	theme_pair_message(f.pair[0], 6.5, THEME_HIGH_CONTRAST, msg, sizeof(msg));
	assert_non_null(strstr(msg, "(contrast 6.5:1, at least 7.0:1"));
	/* check changes nothing. */
	assert_int_equal(t.on_accent, t.accent);
}

static void test_check_every_failing_pair(void **state)
{
	/* A grey page: body text, captions, headings and the notice heading
	 * all fail on it; tiles and buttons are still fine. */
	Theme t = theme_default();
	t.background = 0x707070FF;
	Found f = {0};
	assert_int_equal(theme_check(&t, THEME_MIN_CONTRAST, found, &f), 4);
	for (int i = 0; i < f.n; i++)
		assert_string_equal(f.pair[i]->fill_key, "theme_background");
	assert_string_equal(f.pair[0]->text_key, "theme_text");
	assert_string_equal(f.pair[1]->text_key, "theme_muted");
	assert_string_equal(f.pair[2]->text_key, "theme_accent");
	assert_string_equal(f.pair[3]->text_key, "theme_error");
}

static void test_pressed_tile_is_judged(void **state)
{
	/* Fine at rest, but tinted toward a light accent under a finger the
	 * muted sub-label sinks: the pair is the pressed one, named so. */
	Theme t = theme_default();
	t.surface = 0x303030FF;
	t.text = 0xFFFFFFFF;
	t.muted = 0xB0B0B0FF;
	t.accent = 0xFFFFFFFF;
	t.on_accent = 0x000000FF;
	t.pressed = 0x000000FF;
	Found f = {0};
	theme_check(&t, THEME_MIN_CONTRAST, found, &f);
	bool pressed_tile = false;
	for (int i = 0; i < f.n; i++)
		if (f.pair[i]->pressed && strcmp(f.pair[i]->text_key, "theme_muted") == 0)
			pressed_tile = true;
	assert_true(pressed_tile);
	char msg[256];
	size_t n;
	const ThemePair *p = theme_pairs(&n);
	for (size_t i = 0; i < n; i++)
		if (p[i].pressed && strcmp(p[i].text_key, "theme_muted") == 0)
			theme_pair_message(&p[i], 2.0, THEME_MIN_CONTRAST, msg, sizeof(msg));
	assert_string_equal(msg, "theme_muted and theme_surface are too alike to read easily on a "
	                         "tile under a finger, where theme_surface is tinted with "
	                         "theme_accent (contrast 2.0:1, at least 4.5:1 is needed)");
}

/* The arrow on a tile is a large bold glyph: WCAG's large-text minimum
 * (3:1 beside AA, 4.5:1 beside AAA); everything else keeps the full one. */
static void test_large_arrow(void **state)
{
	size_t n;
	const ThemePair *p = theme_pairs(&n);
	const ThemePair *arrow = NULL;
	int large = 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i].large) {
			large++;
			assert_string_equal(p[i].text_key, "theme_accent");
			assert_string_equal(p[i].fill_key, "theme_surface");
			if (p[i].pressed)
				arrow = &p[i];
		} else {
			assert_true(theme_pair_min(&p[i], THEME_MIN_CONTRAST) ==
			            THEME_MIN_CONTRAST);
		}
	}
	assert_int_equal(large, 2);
	assert_non_null(arrow);
	assert_true(theme_pair_min(arrow, THEME_MIN_CONTRAST) == 3.0);
	assert_true(theme_pair_min(arrow, THEME_HIGH_CONTRAST) == 4.5);

	/* A lighter teal: 4.3:1 for the arrow under a finger, enough for a
	 * large glyph; nothing is reported. */
	Theme t = theme_default();
	t.accent = 0x1F6F78FF;
	assert_true(theme_pair_contrast(&t, arrow) < 4.5);
	assert_true(theme_pair_contrast(&t, arrow) >= 3.0);
	assert_int_equal(theme_check(&t, THEME_MIN_CONTRAST, NULL, NULL), 0);
	/* A pale one is reported, with the large-text minimum. */
	t.accent = 0x8FB8BEFF;
	t.on_accent = 0x000000FF;
	t.pressed = 0xC8E0E4FF;
	Found f = {0};
	theme_check(&t, THEME_MIN_CONTRAST, found, &f);
	bool seen = false;
	for (int i = 0; i < f.n; i++) {
		if (f.pair[i] != arrow)
			continue;
		seen = true;
		char msg[256];
		theme_pair_message(arrow, f.contrast[i], THEME_MIN_CONTRAST, msg, sizeof(msg));
		assert_non_null(strstr(msg, "at least 3.0:1 is needed"));
	}
	assert_true(seen);
}

static void test_mend_puts_back_the_pair(void **state)
{
	Theme def = theme_default();
	Theme t = def;
	t.on_accent = 0x1A7A85FF;
	t.shade = 0x222222FF; /* kept: it still reads */
	Found f = {0};
	assert_int_equal(theme_mend(&t, THEME_MIN_CONTRAST, &def, found, &f), 1);
	assert_string_equal(f.pair[0]->text_key, "theme_on_accent");
	assert_int_equal(t.on_accent, def.on_accent);
	assert_int_equal(t.accent, def.accent);
	assert_int_equal(t.shade, 0x222222FFu);
	assert_int_equal(theme_check(&t, THEME_MIN_CONTRAST, NULL, NULL), 0);

	/* Putting back the first pair mends the pairs that failed with it. */
	t = def;
	t.background = 0x707070FF;
	f.n = 0;
	assert_int_equal(theme_mend(&t, THEME_MIN_CONTRAST, &def, found, &f), 1);
	assert_memory_equal(&t, &def, sizeof(t));
}

static const Theme DARK = {.background = 0x000000FF,
                           .surface = 0x1A1A1AFF,
                           .text = 0xFFFFFFFF,
                           .muted = 0xC8C8C8FF,
                           .accent = 0x7FD4DCFF,
                           .on_accent = 0x000000FF,
                           .pressed = 0xB8EEF2FF,
                           .border = 0x444444FF,
                           .shade = 0x000000FF,
                           .on_shade = 0xFFFFFFFF,
                           .error = 0xFF8A80FF};

static void test_mend_in_order(void **state)
{
	/* White on black with the rest left at the default's dark colours:
	 * the captions go back to the default page, then the body text that
	 * the white tiles would hide goes back too. */
	Theme def = theme_default();
	Theme t = def;
	t.text = 0xFFFFFFFF;
	t.background = 0x000000FF;
	Found f = {0};
	assert_int_equal(theme_mend(&t, THEME_MIN_CONTRAST, &def, found, &f), 2);
	assert_string_equal(f.pair[0]->text_key, "theme_muted");
	assert_string_equal(f.pair[0]->fill_key, "theme_background");
	assert_string_equal(f.pair[1]->text_key, "theme_text");
	assert_string_equal(f.pair[1]->fill_key, "theme_surface");
	assert_memory_equal(&t, &def, sizeof(t));

	/* A whole dark theme that reads is left alone. */
	t = DARK;
	f.n = 0;
	assert_int_equal(theme_check(&t, THEME_MIN_CONTRAST, NULL, NULL), 0);
	assert_int_equal(theme_mend(&t, THEME_MIN_CONTRAST, &def, found, &f), 0);
	assert_memory_equal(&t, &DARK, sizeof(t));
}

static void test_mend_falls_back_whole(void **state)
{
	/* A dark theme with unreadable buttons: the default teal put back for
	 * them cannot be read on its black page, a pair already passed; so
	 * the whole fallback, said so with pair NULL. */
	Theme def = theme_default();
	Theme t = DARK;
	t.on_accent = t.accent;
	Found f = {0};
	size_t n = theme_mend(&t, THEME_MIN_CONTRAST, &def, found, &f);
	assert_true(n >= 2);
	assert_int_equal((int)n, f.n);
	assert_string_equal(f.pair[0]->text_key, "theme_on_accent");
	assert_null(f.pair[f.n - 1]);
	for (int i = 0; i < f.n - 1; i++)
		assert_non_null(f.pair[i]);
	assert_memory_equal(&t, &def, sizeof(t));
}

/* Every key a pair names is a setting kiosk.conf takes. */
static void no_unknown(void *user, int line, bool warning, const PkgWhy *why)
{
	char msg[PKG_WORDS_MAX];
	pkg_why_english(why, msg, sizeof(msg));
	if (strstr(msg, "unknown"))
		fail_msg("%s", msg);
}

static void test_pair_keys_are_settings(void **state)
{
	size_t n;
	const ThemePair *p = theme_pairs(&n);
	for (size_t i = 0; i < n; i++) {
		const char *keys[2] = {p[i].text_key, p[i].fill_key};
		for (int k = 0; k < 2; k++) {
			/* The key's own default colour, so nothing else is judged. */
			Theme def = theme_default();
			Color c;
			memcpy(&c, (const char *)&def + (k ? p[i].fill : p[i].text), sizeof(c));
			char line[64];
			int len = snprintf(line, sizeof(line), "%s = #%06X\n", keys[k],
			                   (unsigned)(c >> 8));
			Config cfg;
			config_defaults(&cfg);
			assert_int_equal(config_parse(&cfg, line, (size_t)len, no_unknown, NULL),
			                 0);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_contrast_known_values),
	    cmocka_unit_test(test_default_theme_pairs),
	    cmocka_unit_test(test_high_contrast_theme_pairs),
	    cmocka_unit_test(test_default_is_not_high_contrast),
	    cmocka_unit_test(test_pressed_fill),
	    cmocka_unit_test(test_pairs_cover_every_drawn_text),
	    cmocka_unit_test(test_check_names_the_pair),
	    cmocka_unit_test(test_check_every_failing_pair),
	    cmocka_unit_test(test_pressed_tile_is_judged),
	    cmocka_unit_test(test_large_arrow),
	    cmocka_unit_test(test_mend_puts_back_the_pair),
	    cmocka_unit_test(test_mend_in_order),
	    cmocka_unit_test(test_mend_falls_back_whole),
	    cmocka_unit_test(test_pair_keys_are_settings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
