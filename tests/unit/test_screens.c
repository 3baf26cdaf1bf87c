/* screens: every screen's display list, landscape and portrait, written
 * out as text and compared with the goldens in tests/unit/golden/. A change
 * of layout shows in review as a readable diff of these files, beside the
 * pixel references of the render tests.
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
#include "fixture.h"

#define ARTIFACTS "build/test-artifacts/golden"

typedef struct {
	char *s;
	size_t len, cap;
} Text;

static void add(Text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(Text *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	assert_true(n >= 0);
	if (t->len + (size_t)n + 1 > t->cap) {
		t->cap = (t->len + (size_t)n + 1) * 2;
		t->s = realloc(t->s, t->cap);
		assert_non_null(t->s);
	}
	va_start(ap, fmt);
	vsnprintf(t->s + t->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	t->len += (size_t)n;
}

/* A string quoted, with quotes, backslashes and line breaks escaped. */
static void add_quoted(Text *t, const char *s, size_t len)
{
	add(t, "\"");
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '"' || s[i] == '\\')
			add(t, "\\%c", s[i]);
		else if (s[i] == '\n')
			add(t, "\\n");
		else
			add(t, "%c", s[i]);
	}
	add(t, "\"");
}

static const char *const LAYERS[] = {"scroll", "fixed", "pinned"};
static const char *const FONTS[FONT_COUNT] = {
    "body",    "body-bold", "body-italic", "body-bold-italic", "subhead",
    "heading", "title",     "tile",        "button",           "small",
    "caption", "prompt",    "label",       "headline",         "lede"};
static const char *const TARGETS[] = {"article", "topic", "home",   "prev",      "next",
                                      "image",   "close", "action", "text-size", "contrast",
                                      "listen",  "pause", "stop"};

static void dump_cmd(Text *t, const DrawCmd *c)
{
	add(t, "%-6s %-6s %5d %5d %5d %5d ",
	    c->kind == DRAW_RECT   ? "rect"
	    : c->kind == DRAW_TEXT ? "text"
	                           : "image",
	    LAYERS[c->layer], c->r.x, c->r.y, c->r.w, c->r.h);
	switch (c->kind) {
	case DRAW_RECT:
		add(t, "fill #%08X", c->color);
		if (c->border)
			add(t, " border #%08X", c->border);
		if (c->radius)
			add(t, " radius %d", c->radius);
		if (c->target >= 0)
			add(t, " target %d", c->target);
		break;
	case DRAW_TEXT:
		add(t, "%s #%08X ", FONTS[c->font], c->color);
		add_quoted(t, c->text, c->len);
		break;
	case DRAW_IMAGE:
		add(t, "%s ", c->src);
		add_quoted(t, c->alt ? c->alt : "", c->alt ? strlen(c->alt) : 0);
		if (c->cover)
			add(t, " cover");
		break;
	}
	add(t, "\n");
}

/* The display list as text: a header, every command in drawing order,
 * then every target. */
static void dump(Text *t, const char *name, const Layout *l, const Metrics *m)
{
	add(t, "screen %s %dx%d title ", name, m->w, m->h);
	add_quoted(t, l->title, strlen(l->title));
	add(t, "\nbackground #%08X scroll-view %d %d %d %d content-height %d\n", l->background,
	    l->scroll_view.x, l->scroll_view.y, l->scroll_view.w, l->scroll_view.h, l->content_h);
	for (size_t i = 0; i < l->ncmds; i++)
		dump_cmd(t, &l->cmds[i]);
	for (size_t i = 0; i < l->ntargets; i++) {
		const Target *tg = &l->targets[i];
		add(t, "target %-8s %-7s %3d %-6s %5d %5d %5d %5d ", tg->id, TARGETS[tg->kind],
		    tg->index, LAYERS[tg->layer], tg->r.x, tg->r.y, tg->r.w, tg->r.h);
		add_quoted(t, tg->label, strlen(tg->label));
		if (tg->selected)
			add(t, " selected");
		add(t, "\n");
	}
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	Text t = {0};
	char buf[4096];
	size_t n;
	add(&t, "%s", "");
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		add(&t, "%.*s", (int)n, buf);
	fclose(f);
	return t.s;
}

static void write_file(const char *path, const Text *t)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(t->s, 1, t->len, f) != t->len || fclose(f) != 0)
		fail_msg("%s: cannot write (%s)", path, strerror(errno));
}

/* Where the goldens live, next to this file whatever the working folder
 * the build ran the compiler from. */
static void golden_path(char *buf, size_t len, const char *name)
{
	const char *file = __FILE__;
	const char *slash = strrchr(file, '/');
	int dir = slash ? (int)(slash - file) : 1;
	snprintf(buf, len, "%.*s/golden/%s.txt", dir, slash ? file : ".", name);
}

/* The first line where a and b differ, for the failure message. */
static void first_difference(const char *a, const char *b, char *buf, size_t len)
{
	int line = 1;
	const char *la = a, *lb = b;
	while (*a && *a == *b) {
		if (*a == '\n') {
			line++;
			la = a + 1;
			lb = b + 1;
		}
		a++, b++;
	}
	snprintf(buf, len, "line %d:\n  golden: %.*s\n  now:    %.*s", line, (int)strcspn(la, "\n"),
	         la, (int)strcspn(lb, "\n"), lb);
}

/* Compares a dump with its golden; prints what differs and returns false
 * (every screen is compared before the test fails). */
static bool compare(const char *name, const Text *t)
{
	char path[512];
	golden_path(path, sizeof(path), name);
	const char *update = getenv("GOLDEN_UPDATE");
	if (update && *update && strcmp(update, "0") != 0) {
		write_file(path, t);
		return true;
	}
	char *want = read_file(path);
	if (!want) {
		print_error("%s: no golden (make golden-update writes it)\n", path);
		return false;
	}
	if (strcmp(want, t->s) != 0) {
		char where[1024], actual[512];
		first_difference(want, t->s, where, sizeof(where));
		mkdir("build", 0755);
		mkdir("build/test-artifacts", 0755);
		mkdir(ARTIFACTS, 0755);
		snprintf(actual, sizeof(actual), ARTIFACTS "/%s.txt", name);
		write_file(actual, t);
		free(want);
		print_error("%s differs from %s (diff -u %s %s), first at %s\n", name, path, path,
		            actual, where);
		return false;
	}
	free(want);
	return true;
}

typedef struct {
	const char *name;
	View (*view)(const Nav *n);
	int text_size; /* the visitor's, 0 for the kiosk's own; -1: high contrast */
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

static const Screen SCREENS[] = {
    {"home", home, 0},
    {"topic", topic, 0},
    {"picture", picture, 0},
    {"attract", attract, 0},
    {"attract-picture", attract_picture, 0},
    {"import", import, 0},
    {"notice", notice, 0},
    {"notice-problem", problem, 0},
    {"home-largest-text", home, 2},
    {"topic-larger-text", topic, 1},
    {"topic-largest-text", topic, 2},
    {"topic-high-contrast", topic, -1},
};

static const struct {
	const char *name;
	int w, h;
} SIZES[] = {{"landscape", 1920, 1080}, {"portrait", 1080, 1920}, {"small", 800, 480}};

static void test_every_screen_matches_its_golden(void **state)
{
	Arena *a = arena_new(4096);
	DocLibrary lib = fixture_library(a, FIXTURE_MD);
	int differ = 0;
	for (size_t s = 0; s < sizeof(SIZES) / sizeof(SIZES[0]); s++) {
		FakeMeasure fm;
		LayoutMeasure ms = fake_measure(&fm, SIZES[s].w, SIZES[s].h);
		Nav nav;
		nav_init(&nav, &lib, 90000, 12000, 0);
		for (size_t i = 0; i < sizeof(SCREENS) / sizeof(SCREENS[0]); i++) {
			char name[64];
			snprintf(name, sizeof(name), "%s-%s", SCREENS[i].name, SIZES[s].name);
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
