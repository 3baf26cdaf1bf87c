/* golden: display lists written out as text and compared with goldens
 * checked in beside the test (its golden/ folder). A change of layout
 * shows in review as a readable diff. A missing golden fails; only
 * GOLDEN_UPDATE=1 (`make golden-update`) rewrites them; on a difference the
 * actual dump goes to build/test-artifacts/golden/ for `diff -u`.
 * Static functions for cmocka tests; core types only. */
#ifndef KIOSK_TEST_GOLDEN_H
#define KIOSK_TEST_GOLDEN_H

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/screen/layout.h"

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
static const char *const TARGETS[] = {"article",    "topic",     "home",   "prev",      "next",
                                      "image",      "close",     "action", "text-size", "contrast",
                                      "listen",     "pause",     "stop",   "language",  "service",
                                      "clock-step", "clock-save"};
/* A new TargetKind needs its name here. */
_Static_assert(sizeof(TARGETS) / sizeof(TARGETS[0]) == TARGET_CLOCK_SAVE + 1, "a target's name");

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
		add(t, "%s%s #%08X ", FONTS[c->font], c->rtl ? " rtl" : "", c->color);
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
		if (tg->group) {
			add(t, " group ");
			add_quoted(t, tg->group, strlen(tg->group));
		}
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

/* Where the goldens live: golden/ next to the test's source file (its
 * __FILE__), whatever the working folder the build ran the compiler from. */
static void golden_path(const char *file, char *buf, size_t len, const char *name)
{
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
#define compare(name, t) compare_in(__FILE__, name, t)
static bool compare_in(const char *here, const char *name, const Text *t)
{
	char path[512];
	golden_path(here, path, sizeof(path), name);
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

#endif
