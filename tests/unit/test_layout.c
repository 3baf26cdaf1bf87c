/* layout: the screens' display lists, with a fake text measure (no fonts,
 * no SDL). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/control/nav.h"
#include "core/service/service.h"
#include "fixture.h"

static void check_inside(const Layout *l, int w)
{
	for (size_t i = 0; i < l->ncmds; i++) {
		const DrawCmd *c = &l->cmds[i];
		if (c->kind != DRAW_TEXT)
			continue;
		if (c->r.x < 0 || c->r.x + c->r.w > w)
			fail_msg("text \"%.*s\" runs off the screen: x=%d w=%d", (int)c->len,
			         c->text, c->r.x, c->r.w);
	}
}

static const int SIZES[][2] = {{1920, 1080}, {1080, 1920}, {800, 480}};

/* The targets of one kind, in order; returns how many (at most max). */
static size_t targets_of(const Layout *l, TargetKind kind, const Target **out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < l->ntargets; i++)
		if (l->targets[i].kind == kind && n < max)
			out[n++] = &l->targets[i];
	return n;
}

static void test_home_has_a_tile_per_topic(void **state)
{
	Arena *a = arena_new(4096);
	DocLibrary lib = fixture_library(a, FIXTURE_MD);
	for (size_t s = 0; s < 3; s++) {
		FakeMeasure fm;
		LayoutMeasure m = fake_measure(&fm, SIZES[s][0], SIZES[s][1]);
		Theme t = theme_default();
		Layout l;
		layout_init(&l);
		View v = {.screen = SCREEN_HOME, .article = 0, .topic = -1};
		assert_int_equal(layout_build(&l, &v, &lib, &fm.m, &t, &m), 0);
		assert_string_equal(l.title, "Sample Article");
		const Target *tiles[8];
		assert_int_equal(targets_of(&l, TARGET_TOPIC, tiles, 8), 4);
		const char *names[] = {"First Topic", "Second Topic", "Third Topic", "Empty Topic"};
		for (int i = 0; i < 4; i++) {
			assert_int_equal(tiles[i]->index, i);
			assert_string_equal(tiles[i]->label, names[i]);
			assert_true(tiles[i]->r.h >= fm.m.target);
		}
		size_t images = 0;
		for (size_t i = 0; i < l.ncmds; i++)
			images += l.cmds[i].kind == DRAW_IMAGE;
		assert_int_equal(images, 1);
		check_inside(&l, SIZES[s][0]);
		layout_deinit(&l);
	}
	arena_free(a);
}

static void test_topic_screen(void **state)
{
	Arena *a = arena_new(4096);
	DocLibrary lib = fixture_library(a, FIXTURE_MD);
	FakeMeasure fm;
	LayoutMeasure m = fake_measure(&fm, 1920, 1080);
	Theme t = theme_default();
	Layout l;
	layout_init(&l);
	View v = {.screen = SCREEN_TOPIC, .article = 0, .topic = 1};
	assert_int_equal(layout_build(&l, &v, &lib, &fm.m, &t, &m), 0);
	assert_string_equal(l.title, "Second Topic");
	/* Previous, Home, Next (labelled with the neighbours) and the picture. */
	int prev = -1, next = -1, home = -1, pic = -1;
	for (size_t i = 0; i < l.ntargets; i++) {
		switch (l.targets[i].kind) {
		case TARGET_PREV:
			prev = (int)i;
			break;
		case TARGET_NEXT:
			next = (int)i;
			break;
		case TARGET_HOME:
			home = (int)i;
			break;
		case TARGET_IMAGE:
			pic = (int)i;
			break;
		default:
			break;
		}
	}
	assert_true(prev >= 0 && next >= 0 && home >= 0 && pic >= 0);
	assert_string_equal(l.targets[prev].label, "First Topic");
	assert_string_equal(l.targets[next].label, "Third Topic");
	assert_string_equal(l.targets[pic].label, "A picture");
	assert_int_equal(l.targets[pic].layer, LAYER_SCROLL);
	assert_int_equal(l.targets[home].layer, LAYER_FIXED);
	/* The bar sits below the scrolling text. */
	assert_int_equal(l.scroll_view.h, 1080 - fm.m.bar_h);
	check_inside(&l, 1920);
	/* Hit-testing: the centre of Next hits Next. */
	Rect r = l.targets[next].r;
	assert_int_equal(layout_hit(&l, r.x + r.w / 2, r.y + r.h / 2, 0), next);
	layout_deinit(&l);
	arena_free(a);
}

static void test_first_and_empty_topics(void **state)
{
	Arena *a = arena_new(4096);
	DocLibrary lib = fixture_library(a, FIXTURE_MD);
	FakeMeasure fm;
	LayoutMeasure m = fake_measure(&fm, 1080, 1920);
	Theme t = theme_default();
	Layout l;
	layout_init(&l);
	View v = {.screen = SCREEN_TOPIC, .article = 0, .topic = 0};
	assert_int_equal(layout_build(&l, &v, &lib, &fm.m, &t, &m), 0);
	for (size_t i = 0; i < l.ntargets; i++)
		assert_int_not_equal(l.targets[i].kind, TARGET_PREV);
	v.topic = 3;
	assert_int_equal(layout_build(&l, &v, &lib, &fm.m, &t, &m), 0);
	/* One run a word: "There" is followed by "is" on the same line. */
	bool said = false;
	for (size_t i = 0; i + 1 < l.ncmds; i++)
		if (l.cmds[i].kind == DRAW_TEXT && l.cmds[i].len == 5 &&
		    strncmp(l.cmds[i].text, "There", 5) == 0 && l.cmds[i + 1].len == 2 &&
		    strncmp(l.cmds[i + 1].text, "is", 2) == 0 && l.cmds[i + 1].r.y == l.cmds[i].r.y)
			said = true;
	assert_true(said);
	for (size_t i = 0; i < l.ntargets; i++)
		assert_int_not_equal(l.targets[i].kind, TARGET_NEXT);
	layout_deinit(&l);
	arena_free(a);
}

static void test_topic_longer_than_ten_screens(void **state)
{
	size_t cap = 200000;
	char *md = malloc(cap);
	size_t n = (size_t)snprintf(md, cap, "# Long\n\n## Very long\n\n");
	for (int i = 0; i < 400; i++)
		n += (size_t)snprintf(
		    md + n, cap - n,
		    "Paragraph %d has a fair number of words in it so that it wraps "
		    "over more than a single line of the column.\n\n",
		    i);
	Arena *a = arena_new(4096);
	DocLibrary lib = fixture_library(a, md);
	FakeMeasure fm;
	LayoutMeasure m = fake_measure(&fm, 1920, 1080);
	Theme t = theme_default();
	Layout l;
	layout_init(&l);
	View v = {.screen = SCREEN_TOPIC, .article = 0, .topic = 0};
	assert_int_equal(layout_build(&l, &v, &lib, &fm.m, &t, &m), 0);
	assert_true(l.content_h > 10 * 1080);
	assert_int_equal(layout_max_scroll(&l), l.content_h - l.scroll_view.h);
	/* The bar's buttons stay hittable wherever the text is scrolled to. */
	for (size_t i = 0; i < l.ntargets; i++)
		if (l.targets[i].kind == TARGET_HOME) {
			Rect r = l.targets[i].r;
			assert_int_equal(layout_hit(&l, r.x + 5, r.y + 5, layout_max_scroll(&l)),
			                 (int)i);
		}
	check_inside(&l, 1920);
	layout_deinit(&l);
	arena_free(a);
	free(md);
}

static void test_300_topics_scroll_on_home(void **state)
{
	size_t cap = 40000;
	char *md = malloc(cap);
	size_t n = (size_t)snprintf(md, cap, "# Many\n\n");
	for (int i = 0; i < 300; i++)
		n += (size_t)snprintf(md + n, cap - n, "## Topic %d\n\nText.\n\n", i);
	Arena *a = arena_new(4096);
	DocLibrary lib = fixture_library(a, md);
	FakeMeasure fm;
	LayoutMeasure m = fake_measure(&fm, 800, 480);
	Theme t = theme_default();
	Layout l;
	layout_init(&l);
	View v = {.screen = SCREEN_HOME, .article = 0, .topic = -1};
	assert_int_equal(layout_build(&l, &v, &lib, &fm.m, &t, &m), 0);
	const Target *tiles[301];
	assert_int_equal(targets_of(&l, TARGET_TOPIC, tiles, 301), 300);
	assert_true(layout_max_scroll(&l) > 300 * fm.m.target - 480);
	/* Only the visible part of the list is hittable. */
	Rect r;
	size_t last = (size_t)(tiles[299] - l.targets);
	assert_false(layout_target_rect(&l, last, 0, &r));
	assert_true(layout_target_rect(&l, last, layout_max_scroll(&l), &r));
	layout_deinit(&l);
	arena_free(a);
	free(md);
}

static char *builtin_article(void);

static void test_attract_slides(void **state)
{
	Arena *a = arena_new(4096);
	DocLibrary lib = fixture_library(a, FIXTURE_MD);
	for (size_t s = 0; s < 3; s++) {
		FakeMeasure fm;
		LayoutMeasure m = fake_measure(&fm, SIZES[s][0], SIZES[s][1]);
		Theme t = theme_default();
		Layout l;
		layout_init(&l);
		View v = {.screen = SCREEN_ATTRACT, .article = 0, .topic = 1};
		assert_int_equal(layout_build(&l, &v, &lib, &fm.m, &t, &m), 0);
		assert_string_equal(l.title, "Second Topic");
		assert_int_equal(l.ntargets, 0);
		bool prompt = false, picture = false;
		for (size_t i = 0; i < l.ncmds; i++) {
			const DrawCmd *c = &l.cmds[i];
			if (c->kind == DRAW_TEXT && c->layer == LAYER_PINNED &&
			    strncmp(c->text, "Touch the screen to explore", c->len) == 0)
				prompt = true;
			if (c->kind == DRAW_IMAGE)
				picture = true;
		}
		assert_true(prompt);
		assert_true(picture);
		check_inside(&l, SIZES[s][0]);
		View iv = {.screen = SCREEN_ATTRACT,
		           .article = -1,
		           .topic = -1,
		           .image = &lib.articles[0].intro[0]};
		assert_int_equal(layout_build(&l, &iv, &lib, &fm.m, &t, &m), 0);
		/* A picture's slide is titled by what it belongs to (here the
		 * article: it is the introduction's), its caption the sentence. */
		assert_string_equal(l.title, "Sample Article");
		bool caption = false;
		for (size_t i = 0; i < l.ncmds; i++)
			caption |= l.cmds[i].kind == DRAW_TEXT && l.cmds[i].font == FONT_LEDE &&
			           strncmp(l.cmds[i].text, "Lead picture", l.cmds[i].len) == 0;
		assert_true(caption);
		layout_deinit(&l);
	}
	arena_free(a);
}

/* Attract mode is seen across a room: every slide's title at headline
 * size (DejaVu Sans Bold's capitals, 0.73 of its size, at least 8 % of
 * the panel's shorter side), one sentence, the prompt along the foot with
 * room for the hand; a slide with a picture has it large, cropped to
 * fill the screen's width above the words; one without, a bold field of
 * the theme. */
/* A slide's one sentence is the topic's first as it is read aloud, in
 * the marks of the topic's own script. */
static void test_attract_sentence_in_any_script(void **state)
{
	Arena *a = arena_new(4096);
	DocLibrary lib = fixture_library(a, "# \xE6\xB5\x81\xE6\x84\x9F\n\n## \xE7\x97\x87\n\n"
	                                    "\xE7\x97\x87\xE7\x8A\xB6\xE3\x80\x82"
	                                    "\xE5\xBA\xB7\xE5\xA4\x8D\xE3\x80\x82\n");
	Theme t = theme_default();
	FakeMeasure fm;
	LayoutMeasure ms = fake_measure(&fm, 1920, 1080);
	View v = {.screen = SCREEN_ATTRACT, .article = 0, .topic = 0, .prompt_article = -1};
	Layout l;
	layout_init(&l);
	assert_int_equal(layout_build(&l, &v, &lib, &fm.m, &t, &ms), 0);
	char lede[64] = "";
	for (size_t k = 0; k < l.ncmds; k++)
		if (l.cmds[k].kind == DRAW_TEXT && l.cmds[k].font == FONT_LEDE)
			strncat(lede, l.cmds[k].text, l.cmds[k].len);
	/* "症状。" of "症状。康复。" */
	assert_string_equal(lede, "\xE7\x97\x87\xE7\x8A\xB6\xE3\x80\x82");
	layout_deinit(&l);
	arena_free(a);
}

/* Attract mode in a right-to-left article: the title at the right, and
 * the hand where the prompt's lines start, at its right. */
static void test_attract_mirrored(void **state)
{
	Arena *a = arena_new(4096);
	DocLibrary lib = fixture_library_named(a, FIXTURE_MD, "article.ar.md");
	Theme t = theme_default();
	FakeMeasure fm;
	LayoutMeasure ms = fake_measure(&fm, 1920, 1080);
	Nav nav;
	nav_init(&nav, &lib, 90000, 12000, 0);
	View v = nav_slide_view(&nav, 0);
	Layout l;
	layout_init(&l);
	assert_int_equal(layout_build(&l, &v, &lib, &fm.m, &t, &ms), 0);
	assert_true(l.rtl);
	int prompt_right = 0, title_right = 0;
	for (size_t k = 0; k < l.ncmds; k++) {
		const DrawCmd *c = &l.cmds[k];
		int right = c->r.x + c->r.w;
		if (c->kind == DRAW_TEXT && c->font == FONT_PROMPT && right > prompt_right)
			prompt_right = right;
		if (c->kind == DRAW_TEXT && c->font == FONT_HEADLINE && right > title_right)
			title_right = right;
	}
	assert_true(l.hand.w > 0 && l.hand.x >= prompt_right);
	assert_int_equal(title_right, 1920 - l.metrics.margin);
	layout_deinit(&l);
	arena_free(a);
}

static void test_attract_seen_across_the_room(void **state)
{
	Arena *a = arena_new(4096);
	char *builtin = builtin_article();
	DocLibrary lib = fixture_library(a, builtin);
	Theme t = theme_default();
	for (size_t s = 0; s < 3; s++) {
		int w = SIZES[s][0], h = SIZES[s][1], shorter = w < h ? w : h;
		FakeMeasure fm;
		LayoutMeasure ms = fake_measure(&fm, w, h);
		Nav nav;
		nav_init(&nav, &lib, 90000, 12000, 0);
		int pictures = 0, fields = 0;
		for (int i = 0; i < nav.slides; i++) {
			View v = nav_slide_view(&nav, i);
			Layout l;
			layout_init(&l);
			assert_int_equal(layout_build(&l, &v, &lib, &fm.m, &t, &ms), 0);
			int px = l.metrics.font_px[FONT_HEADLINE];
			if (px * 0.73 < 0.08 * shorter)
				fail_msg("%dx%d slide %d: capitals of %.0f px, under 8 %% of %d", w,
				         h, i, px * 0.73, shorter);
			/* Lines, counted by where they start down the screen (an
			 * ellipsis is a run of its own on its line). */
			int headline = 0, lede = 0, prompt = 0, last_h = -1, last_l = -1;
			long covered = 0;
			for (size_t k = 0; k < l.ncmds; k++) {
				const DrawCmd *c = &l.cmds[k];
				if (c->kind == DRAW_TEXT && c->font == FONT_HEADLINE &&
				    c->r.y != last_h) {
					headline++;
					last_h = c->r.y;
				}
				if (c->kind == DRAW_TEXT && c->font == FONT_LEDE &&
				    c->r.y != last_l) {
					lede++;
					last_l = c->r.y;
				}
				if (c->kind == DRAW_TEXT && c->layer == LAYER_PINNED &&
				    strncmp(c->text, "Touch the screen to explore", c->len) == 0)
					prompt++;
				if (c->kind == DRAW_IMAGE) {
					assert_true(c->cover);
					assert_int_equal(c->r.x, 0);
					assert_int_equal(c->r.w, w);
					covered += (long)c->r.w * c->r.h;
				}
			}
			assert_true(headline >= 1 && headline <= 3);
			if (lede < 1 || lede > 2)
				fail_msg("%dx%d slide %d (%s): %d lines of its sentence", w, h, i,
				         l.title, lede);
			assert_int_equal(prompt, 1);
			assert_true(l.hand.w > 0 && l.hand.x + l.hand.w <= w &&
			            l.hand.y + l.hand.h <= h);
			if (covered) {
				pictures++;
				/* At least two fifths of the screen. */
				if (covered * 5 < (long)w * h * 2)
					fail_msg("%dx%d slide %d: the picture covers %ld of %ld px",
					         w, h, i, covered, (long)w * h);
			} else {
				fields++;
				assert_true(l.background == t.accent || l.background == t.pressed);
			}
			layout_deinit(&l);
		}
		assert_int_equal(pictures, 5);
		assert_int_equal(fields, nav.slides - 5);
	}
	free(builtin);
	arena_free(a);
}

/* ---- every screen fits, at every text size ------------------------------ */

/* An article that pushes the layout: long names, long words, lists in
 * lists, quotes, pictures with long captions, a topic with nothing in it. */
static const char STRESS_MD[] =
    "# A very long article title that goes on and on across the whole screen\n\n"
    "An introduction with a Pneumonoultramicroscopicsilicovolcanoconiosis-sized word.\n\n"
    "![A caption that is long enough to need more than one line under its "
    "picture, even on a wide screen](images/wide.png)\n\n"
    "## Understanding the long-term effects of everything on everyone everywhere\n\n"
    "A paragraph with **bold**, *italic* and ***both*** words, and a "
    "Hippopotomonstrosesquippedaliophobia to break.\n\n"
    "- one\n- two with more words than fit on one line of a narrow screen at a large size\n"
    "  - nested deeper\n\n"
    "> A quotation that runs over several lines when the text is large.\n\n"
    "![](images/plain.png)\n\n"
    "### A sub-heading that is itself rather long for a sub-heading\n\n"
    "1. first\n2. second\n\n"
    "## Short\n\nWords.\n\n"
    "## Empty\n";

/* The built-in article, read from the source tree (tests run from the
 * repository's root or anywhere the build put them). */
static char *builtin_article(void)
{
	const char *file = __FILE__;
	const char *slash = strrchr(file, '/');
	char path[512];
	snprintf(path, sizeof(path), "%.*s/../../assets/content/article.md",
	         slash ? (int)(slash - file) : 1, slash ? file : ".");
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("%s: cannot open", path);
	char *buf = malloc(1 << 20);
	size_t n = fread(buf, 1, (1 << 20) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return buf;
}

static bool overlap(Rect a, Rect b)
{
	Rect r;
	return rect_intersect(a, b, &r);
}

/* Whether a lies within b. */
static bool within(Rect a, Rect b)
{
	return a.x >= b.x && a.y >= b.y && a.x + a.w <= b.x + b.w && a.y + a.h <= b.y + b.h;
}

/* What a screen must keep to be read, from its display list: everything
 * on the screen (across; down too but for the scrolled text, which must
 * lie in its content), no two text runs and no two controls overlapping,
 * text either inside a control or clear of it, never over a picture, and
 * nothing fixed over the scrolled text's view. */
static int check_fit(const Layout *l, const char *what)
{
	const Metrics *m = &l->metrics;
	Rect screen = {0, 0, m->w, m->h};
	Rect content = {0, 0, m->w, l->content_h > m->h ? l->content_h : m->h};
	int bad = 0;
#define BAD(fmt, ...)                                                                              \
	do {                                                                                       \
		if (bad++ < 5)                                                                     \
			print_error("%s: " fmt, what, __VA_ARGS__);                                \
	} while (0)
	for (size_t i = 0; i < l->ncmds; i++) {
		const DrawCmd *c = &l->cmds[i];
		Rect room = c->layer == LAYER_SCROLL ? content : screen;
		if (c->kind != DRAW_RECT && !within(c->r, room))
			BAD("\"%.*s\" at %d,%d %dx%d is off the screen\n",
			    c->kind == DRAW_TEXT ? (int)c->len : 0,
			    c->kind == DRAW_TEXT ? c->text : "", c->r.x, c->r.y, c->r.w, c->r.h);
		if (c->kind == DRAW_TEXT && c->layer == LAYER_SCROLL &&
		    (c->r.x < l->scroll_view.x ||
		     c->r.x + c->r.w > l->scroll_view.x + l->scroll_view.w))
			BAD("\"%.*s\" leaves the scrolled view\n", (int)c->len, c->text);
		if (c->kind != DRAW_RECT && c->layer != LAYER_SCROLL && l->scroll_view.h > 0 &&
		    overlap(c->r, l->scroll_view))
			BAD("\"%.*s\" covers the scrolled text\n",
			    c->kind == DRAW_TEXT ? (int)c->len : 0,
			    c->kind == DRAW_TEXT ? c->text : "");
		if (c->kind != DRAW_TEXT)
			continue;
		for (size_t j = i + 1; j < l->ncmds; j++) {
			const DrawCmd *d = &l->cmds[j];
			if (d->layer != c->layer || d->kind == DRAW_RECT || !overlap(c->r, d->r))
				continue;
			BAD("\"%.*s\" (%d,%d %dx%d) overlaps %s \"%.*s\" (%d,%d %dx%d)\n",
			    (int)c->len, c->text, c->r.x, c->r.y, c->r.w, c->r.h,
			    d->kind == DRAW_TEXT ? "text" : "a picture",
			    d->kind == DRAW_TEXT ? (int)d->len : 0,
			    d->kind == DRAW_TEXT ? d->text : "", d->r.x, d->r.y, d->r.w, d->r.h);
		}
		for (size_t j = 0; j < l->ntargets; j++) {
			const Target *t = &l->targets[j];
			if (t->layer == c->layer && overlap(c->r, t->r) && !within(c->r, t->r))
				BAD("\"%.*s\" is cut by the edge of control %s\n", (int)c->len,
				    c->text, t->id);
		}
	}
	for (size_t i = 0; i < l->ntargets; i++) {
		const Target *t = &l->targets[i];
		Rect room = t->layer == LAYER_SCROLL ? content : screen;
		if (!within(t->r, room))
			BAD("control %s is off the screen\n", t->id);
		if (t->r.w < m->target * 9 / 10 || t->r.h < m->target * 9 / 10)
			BAD("control %s is smaller than a finger (%dx%d)\n", t->id, t->r.w, t->r.h);
		for (size_t j = i + 1; j < l->ntargets; j++)
			if (l->targets[j].layer == t->layer && overlap(t->r, l->targets[j].r))
				BAD("controls %s and %s overlap\n", t->id, l->targets[j].id);
	}
#undef BAD
	return bad;
}

static void test_every_screen_fits_at_every_text_size(void **state)
{
	Arena *a = arena_new(4096);
	char *builtin = builtin_article();
	DocArticle *arts = arena_alloc(a, 5 * sizeof(*arts));
	char err[128];
	assert_int_equal(
	    markdown_parse(builtin, strlen(builtin), "article.md", a, &arts[0], err, sizeof(err)),
	    0);
	assert_int_equal(markdown_parse(STRESS_MD, strlen(STRESS_MD), "stress.md", a, &arts[1], err,
	                                sizeof(err)),
	                 0);
	/* The same article in Arabic (mirrored), and in English and Spanish
	 * (Home offers both). */
	assert_int_equal(markdown_parse(builtin, strlen(builtin), "article.ar.md", a, &arts[2], err,
	                                sizeof(err)),
	                 0);
	arts[3] = arts[0];
	assert_int_equal(markdown_parse(builtin, strlen(builtin), "article.es.md", a, &arts[4], err,
	                                sizeof(err)),
	                 0);
	DocLibrary libs[] = {{arts, 1}, {arts, 2}, {arts + 1, 1}, {arts + 2, 1}, {arts + 3, 2}};
	int bad = 0, screens = 0;
	for (size_t li = 0; li < sizeof(libs) / sizeof(libs[0]); li++) {
		for (size_t s = 0; s < 3; s++) {
			FakeMeasure fm;
			LayoutMeasure ms = fake_measure(&fm, SIZES[s][0], SIZES[s][1]);
			fm.image_w = li == 2 ? 2400 : 1200; /* a panorama, too */
			Nav nav;
			nav_init(&nav, &libs[li], 90000, 12000, 0);
			View v;
			for (int i = 0; nav_walk_view(&nav, i, &v); i++) {
				int sizes = v.screen == SCREEN_ATTRACT ? 1 : THEME_TEXT_SIZES;
				for (int size = 0; size < 2 * sizes; size++) {
					/* Each size with high contrast off, then on (its
					 * toggle says so, and takes more room). */
					v.prefs.high_contrast = size >= sizes;
					Theme t = v.prefs.high_contrast ? theme_high_contrast()
					                                : theme_default();
					Metrics m = theme_metrics(SIZES[s][0], SIZES[s][1], 1.0);
					theme_enlarge(&m, theme_text_factor(size % sizes));
					v.prefs.text_size = size % sizes;
					Layout l;
					layout_init(&l);
					assert_int_equal(
					    layout_build(&l, &v, &libs[li], &m, &t, &ms), 0);
					char what[128];
					snprintf(what, sizeof(what),
					         "library %zu, %dx%d, %s %d, A%.*s", li,
					         SIZES[s][0], SIZES[s][1],
					         nav_screen_name(v.screen), i, size, "++");
					bad += check_fit(&l, what);
					screens++;
					/* The article's Home offers its two languages;
					 * the Arabic one reads right to left. */
					size_t langs = 0;
					for (size_t k = 0; k < l.ntargets; k++)
						langs += l.targets[k].kind == TARGET_LANGUAGE;
					if (v.screen == SCREEN_HOME && v.article >= 0)
						assert_int_equal(langs, li == 4 ? 2 : 0);
					if (v.screen == SCREEN_HOME || v.screen == SCREEN_TOPIC)
						assert_true(l.rtl == (li == 3));
					/* A topic a voice can read, and while it reads (its
					 * bar holds more), fits too, underlines and all. */
					for (int listen = 0; v.screen == SCREEN_TOPIC && listen < 2;
					     listen++) {
						View r = v;
						r.can_listen = true;
						r.listening = listen;
						r.sentence = 2;
						assert_int_equal(
						    layout_build(&l, &r, &libs[li], &m, &t, &ms),
						    0);
						bad += check_fit(&l, what);
					}
					/* "Still reading?" over it fits too. */
					v.countdown = 10;
					assert_int_equal(
					    layout_overlay(&l, &v, NULL, 0, &m, &t, &ms), 0);
					if (v.screen != SCREEN_ATTRACT && l.ncmds < 4)
						fail_msg("%s: no warning", what);
					bad += check_fit(&l, what);
					v.countdown = 0;
					layout_deinit(&l);
				}
			}
		}
	}
	free(builtin);
	arena_free(a);
	assert_true(screens > 100);
	if (bad)
		fail_msg("%d problems in %d screens", bad, screens);
}

/* The staff's screens fit every panel as the visitor's do: the PIN pad
 * (with and without a PIN, locked), the service screen with a long
 * article list and a failure's reason, the touch test, cleaning mode. */
static void test_staff_screens_fit(void **state)
{
	Arena *a = arena_new(64 * 1024);
	DocArticle arts[12];
	char err[128];
	assert_int_equal(
	    markdown_parse(FIXTURE_MD, strlen(FIXTURE_MD), "a.md", a, &arts[0], err, sizeof(err)),
	    0);
	/* Twelve articles: more than the service screen has room to list. */
	for (int i = 1; i < 12; i++)
		arts[i] = arts[0];
	DocLibrary lib = {arts, 12};
	Service s[5];
	service_init(&s[0], 96, 20);
	s[0].mode = SERVICE_PIN;
	s[0].has_pin = true;
	s[0].ndigits = SERVICE_PIN_MAX;
	s[0].say = SERVICE_SAY_LOCKED;
	s[1] = s[0];
	s[1].has_pin = false;
	s[1].say = SERVICE_SAY_NO_PIN;
	s[2] = s[0];
	s[2].mode = SERVICE_MENU;
	s[2].say = SERVICE_SAY_FAILED;
	snprintf(s[2].detail, sizeof(s[2].detail),
	         "the kiosk's storage failed (Input/output error)");
	s[2].info = (ServiceInfo){"1733231400 (3aa748d88482), 2026-12-03 13:09",
	                          "Riverside Clinic front desk",
	                          "",
	                          "Content updated — topics: 8, pictures: 4",
	                          "v1.4-12-g1886788",
	                          "123:59:59",
	                          "54.3 GB",
	                          "2026-12-03 13:09:23"};
	s[3] = s[2];
	s[3].mode = SERVICE_TOUCH;
	s[4] = s[2];
	s[4].mode = SERVICE_CLEANING;
	int bad = 0;
	for (size_t z = 0; z < 3; z++) {
		FakeMeasure fm;
		LayoutMeasure ms = fake_measure(&fm, SIZES[z][0], SIZES[z][1]);
		Theme t = theme_default();
		for (size_t i = 0; i < 5; i++) {
			View v = {.screen = SCREEN_SERVICE,
			          .article = -1,
			          .topic = -1,
			          .service = &s[i],
			          .countdown = 299};
			Layout l;
			layout_init(&l);
			assert_int_equal(layout_build(&l, &v, &lib, &fm.m, &t, &ms), 0);
			char what[64];
			snprintf(what, sizeof(what), "staff screen %zu at %dx%d", i, SIZES[z][0],
			         SIZES[z][1]);
			bad += check_fit(&l, what);
			assert_true(l.ntargets >= 1 || s[i].mode == SERVICE_CLEANING);
			layout_deinit(&l);
		}
	}
	arena_free(a);
	if (bad)
		fail_msg("%d problems", bad);
}

static void test_default_theme_contrast(void **state)
{
	Theme t = theme_default();
	assert_true(theme_contrast(t.text, t.background) >= 4.5);
	assert_true(theme_contrast(t.text, t.surface) >= 4.5);
	assert_true(theme_contrast(t.muted, t.background) >= 4.5);
	assert_true(theme_contrast(t.accent, t.background) >= 4.5);
	assert_true(theme_contrast(t.on_accent, t.accent) >= 4.5);
	assert_true(theme_contrast(t.on_accent, t.pressed) >= 4.5);
	assert_true(theme_contrast(t.on_shade, t.shade) >= 4.5);
	assert_true(theme_contrast(0x777777FF, 0xFFFFFFFF) < 4.5);
}

static void test_metrics_scale_with_the_screen(void **state)
{
	Metrics big = theme_metrics(1920, 1080, 1.0);
	Metrics portrait = theme_metrics(1080, 1920, 1.0);
	Metrics small = theme_metrics(800, 480, 1.0);
	Metrics larger = theme_metrics(1920, 1080, 1.5);
	assert_true(big.font_px[FONT_BODY] >= 28);
	assert_int_equal(big.font_px[FONT_BODY], portrait.font_px[FONT_BODY]);
	assert_true(small.font_px[FONT_BODY] < big.font_px[FONT_BODY]);
	assert_true(larger.font_px[FONT_BODY] > big.font_px[FONT_BODY]);
	assert_true(big.target >= 80);
	/* About 36 em: 60-75 characters of body text a line. */
	assert_true(big.column / (big.font_px[FONT_BODY] * 0.52) >= 60);
	assert_true(big.column / (big.font_px[FONT_BODY] * 0.52) <= 75);
}

/* ---- tables, notes and styles from pandoc's Markdown ------------------------ */

static Layout topic_layout(Arena *a, const char *md, int w, int h, FakeMeasure *fm)
{
	DocLibrary lib = fixture_library(a, md);
	LayoutMeasure m = fake_measure(fm, w, h);
	Theme t = theme_default();
	Layout l;
	layout_init(&l);
	View v = {.screen = SCREEN_TOPIC, .article = 0, .topic = 0};
	assert_int_equal(layout_build(&l, &v, &lib, &fm->m, &t, &m), 0);
	return l;
}

static const DrawCmd *text_cmd(const Layout *l, const char *text)
{
	for (size_t i = 0; i < l->ncmds; i++)
		if (l->cmds[i].kind == DRAW_TEXT && l->cmds[i].len == strlen(text) &&
		    memcmp(l->cmds[i].text, text, l->cmds[i].len) == 0)
			return &l->cmds[i];
	fail_msg("no text \"%s\"", text);
	return NULL;
}

static bool inside(Rect outer, Rect r)
{
	return r.x >= outer.x && r.y >= outer.y && r.x + r.w <= outer.x + outer.w &&
	       r.y + r.h <= outer.y + outer.h;
}

static const char TABLE_MD[] = "## T\n\n"
                               "| Group | When | Where |\n"
                               "|---|---|---|\n"
                               "| Adults over 65 | October | Main clinic, room 2, first floor |\n"
                               "| Children | September | School |\n";

static void test_table_is_a_grid(void **state)
{
	Arena *a = arena_new(4096);
	for (size_t s = 0; s < 3; s++) {
		FakeMeasure fm;
		Layout l = topic_layout(a, TABLE_MD, SIZES[s][0], SIZES[s][1], &fm);
		assert_int_equal(l.ntables, 1);
		const LayoutTable *t = &l.tables[0];
		assert_false(t->stacked);
		assert_int_equal(t->rows, 3);
		assert_int_equal(t->cols, 3);
		/* Cells line up in columns and rows, inside the table. */
		const DrawCmd *group = text_cmd(&l, "Group"), *adults = text_cmd(&l, "Adults");
		const DrawCmd *when = text_cmd(&l, "When"), *october = text_cmd(&l, "October");
		assert_int_equal(group->r.x, adults->r.x);
		assert_int_equal(when->r.x, october->r.x);
		assert_int_equal(group->r.y, when->r.y);
		assert_true(when->r.x > group->r.x + group->r.w);
		assert_true(adults->r.y > group->r.y);
		assert_int_equal(group->font, FONT_BODY_BOLD);
		assert_int_equal(adults->font, FONT_BODY);
		assert_true(inside(t->r, group->r));
		assert_true(inside(t->r, text_cmd(&l, "School")->r));
		check_inside(&l, SIZES[s][0]);
		layout_deinit(&l);
	}
	arena_free(a);
}

static const char WIDE_MD[] =
    "## T\n\n"
    "| Clinic | Monday | Tuesday | Wednesday | Thursday | Friday | Saturday | Sunday |\n"
    "|---|---|---|---|---|---|---|---|\n"
    "| Flu vaccines | mornings only | mornings only | mornings only | mornings only | "
    "mornings only | ten to twelve | closed all day |\n"
    "| Travel | 14-17 | closed | 14-17 | closed | 14-17 | closed | closed |\n";

static void test_wide_table_stacks_where_columns_would_be_too_narrow(void **state)
{
	Arena *a = arena_new(4096);
	static const bool want_stacked[] = {false, true, true};
	for (size_t s = 0; s < 3; s++) {
		FakeMeasure fm;
		Layout l = topic_layout(a, WIDE_MD, SIZES[s][0], SIZES[s][1], &fm);
		assert_int_equal(l.ntables, 1);
		assert_int_equal(l.tables[0].stacked, want_stacked[s]);
		check_inside(&l, SIZES[s][0]);
		if (want_stacked[s]) {
			/* One card per body row: "Monday: 9-12", the heading in bold. */
			const DrawCmd *mon = text_cmd(&l, "Monday");
			assert_int_equal(mon->font, FONT_BODY_BOLD);
			const DrawCmd *after = mon + 1;
			assert_int_equal(after->kind, DRAW_TEXT);
			assert_true(after->len >= 1 && after->text[0] == ':');
			/* Not a heading row of its own: "Clinic" shows once a card. */
			size_t n = 0;
			for (size_t i = 0; i < l.ncmds; i++)
				n += l.cmds[i].kind == DRAW_TEXT && l.cmds[i].len == 6 &&
				     memcmp(l.cmds[i].text, "Clinic", 6) == 0;
			assert_int_equal(n, 2);
		} else {
			/* In landscape it may be wider than the text column, but
			 * stays on the screen. */
			assert_true(l.tables[0].r.w > fm.m.column);
			assert_true(l.tables[0].r.x >= fm.m.margin);
		}
		layout_deinit(&l);
	}
	arena_free(a);
}

static void test_notes_markers_and_styles_drawn(void **state)
{
	Arena *a = arena_new(4096);
	FakeMeasure fm;
	Layout l = topic_layout(a,
	                        "## T\n\n"
	                        "Drink H~2~O, not ~~soda~~, see [this]{.underline}.[^1]\n\n"
	                        "a.  first\nb.  second\n\n"
	                        "[^1]: The note.\n",
	                        1920, 1080, &fm);
	/* One run a word: "H", its "2" and "O," in their own styles. */
	const DrawCmd *h = text_cmd(&l, "H"), *two = text_cmd(&l, "2");
	assert_int_equal(two->font, FONT_SMALL);
	assert_true(two->r.y > h->r.y); /* a subscript sits lower */
	const DrawCmd *one = text_cmd(&l, "1");
	assert_int_equal(one->font, FONT_SMALL);
	assert_true(one->r.y < h->r.y); /* a superscript higher */
	/* Struck and underlined text get a line in the text's colour. */
	Theme th = theme_default();
	size_t lines = 0;
	for (size_t i = 0; i < l.ncmds; i++)
		lines += l.cmds[i].kind == DRAW_RECT && l.cmds[i].color == th.text &&
		         l.cmds[i].r.h < fm.m.font_px[FONT_BODY] / 4;
	assert_int_equal(lines, 2);
	text_cmd(&l, "a.");
	text_cmd(&l, "b.");
	text_cmd(&l, "Notes");
	assert_true(text_cmd(&l, "1.")->r.y > text_cmd(&l, "second")->r.y);
	text_cmd(&l, "note.");
	layout_deinit(&l);
	arena_free(a);
}

static void test_notes_on_home_share_one_heading(void **state)
{
	Arena *a = arena_new(4096);
	DocLibrary lib =
	    fixture_library(a, "![Lead](images/lead.png)\n\n# A\n\nIntro[^1] and[^2].\n\n"
	                       "## T\n\nx\n\n[^1]: One.\n\n[^2]: Two.\n");
	FakeMeasure fm;
	LayoutMeasure m = fake_measure(&fm, 1920, 1080);
	Theme t = theme_default();
	Layout l;
	layout_init(&l);
	View v = {.screen = SCREEN_HOME, .article = 0, .topic = -1};
	assert_int_equal(layout_build(&l, &v, &lib, &fm.m, &t, &m), 0);
	size_t labels = 0;
	for (size_t i = 0; i < l.ncmds; i++)
		labels += l.cmds[i].kind == DRAW_TEXT && l.cmds[i].len == 5 &&
		          memcmp(l.cmds[i].text, "Notes", 5) == 0;
	assert_int_equal(labels, 1);
	assert_true(text_cmd(&l, "Two.")->r.y > text_cmd(&l, "One.")->r.y);
	layout_deinit(&l);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_home_has_a_tile_per_topic),
	    cmocka_unit_test(test_topic_screen),
	    cmocka_unit_test(test_first_and_empty_topics),
	    cmocka_unit_test(test_topic_longer_than_ten_screens),
	    cmocka_unit_test(test_300_topics_scroll_on_home),
	    cmocka_unit_test(test_attract_slides),
	    cmocka_unit_test(test_every_screen_fits_at_every_text_size),
	    cmocka_unit_test(test_attract_seen_across_the_room),
	    cmocka_unit_test(test_attract_sentence_in_any_script),
	    cmocka_unit_test(test_attract_mirrored),
	    cmocka_unit_test(test_staff_screens_fit),
	    cmocka_unit_test(test_default_theme_contrast),
	    cmocka_unit_test(test_metrics_scale_with_the_screen),
	    cmocka_unit_test(test_table_is_a_grid),
	    cmocka_unit_test(test_wide_table_stacks_where_columns_would_be_too_narrow),
	    cmocka_unit_test(test_notes_markers_and_styles_drawn),
	    cmocka_unit_test(test_notes_on_home_share_one_heading),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
