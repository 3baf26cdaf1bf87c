/* bar: the bar at the foot of a visitor's screen: room for the screen's
 * navigation, and the visitor's own controls at its end (Listen, Pause
 * and Stop on a topic a voice can read; high contrast; the text sizes),
 * on one row, or two on a narrow panel.
 */
#include "core/screen/blocks/build.h"

#include <string.h>

/* The visitor's own controls, at the end of the bar where lines end (the
 * right, the left of a right-to-left screen): high contrast and the text
 * sizes. A choice in force is filled with the accent; the others
 * are outlined, so they read as buttons in any theme. */
typedef struct {
	TargetKind kind;
	int index;
	WordId word;
	const char *id;
} Tool;

static const Tool TOOLS[] = {
    {TARGET_CONTRAST, 1, WORD_HIGH_CONTRAST, "contrast"},
    {TARGET_TEXT_SIZE, 0, WORD_TEXT_SIZE_0, "text-size-0"},
    {TARGET_TEXT_SIZE, 1, WORD_TEXT_SIZE_1, "text-size-1"},
    {TARGET_TEXT_SIZE, 2, WORD_TEXT_SIZE_2, "text-size-2"},
};
#define NTOOLS (sizeof(TOOLS) / sizeof(TOOLS[0]))
#define TOOLS_MAX (NTOOLS + 2)

/* The tools a screen shows: on a topic that a voice can read, first Listen
 * (or, while it reads, Pause or Go on, and Stop); then the table's. */
static size_t tools_of(const View *v, Tool *out)
{
	size_t n = 0;
	if (v->screen == SCREEN_TOPIC && v->can_listen) {
		if (!v->listening) {
			out[n++] = (Tool){TARGET_LISTEN, 0, WORD_LISTEN, "listen"};
		} else {
			out[n++] = v->paused ? (Tool){TARGET_LISTEN, 0, WORD_GO_ON, "listen"}
			                     : (Tool){TARGET_PAUSE, 0, WORD_PAUSE, "pause"};
			out[n++] = (Tool){TARGET_STOP, 0, WORD_STOP, "stop"};
		}
	}
	for (size_t i = 0; i < NTOOLS; i++)
		out[n++] = TOOLS[i];
	return n;
}

/* A toggle that is on says so with a tick before its label, beside its
 * fill: a filled button alone could be any button. */
static const char TICK[] = "\xE2\x9C\x93 ";

static int tool_width(Builder *bd, const Tool *tl)
{
	const char *label = build_word(bd, tl->word);
	int w = build_measure(bd->ms, FONT_BUTTON, label, strlen(label)) + bd->m->target / 2;
	if (tl->kind == TARGET_CONTRAST)
		w += build_measure(bd->ms, FONT_BUTTON, TICK, sizeof(TICK) - 1);
	return w < bd->m->target ? bd->m->target : w;
}

/* Whether a tool's choice is the one in force (the contrast toggle turns
 * to its other state when tapped); the reading's controls are plain
 * buttons. */
static bool tool_on(const Tool *tl, const View *v)
{
	if (tl->kind == TARGET_CONTRAST)
		return v->prefs.high_contrast;
	if (tl->kind == TARGET_TEXT_SIZE)
		return v->prefs.text_size == tl->index;
	return false;
}

/* The space after a tool: a little more after the last of a kind, so the
 * groups stand apart. */
static int tool_gap(const Tool *tl, const Tool *next, int gap)
{
	return next && next->kind != tl->kind && tl->kind != TARGET_PAUSE ? 2 * gap : gap;
}

static int tools_width(Builder *bd, const View *v, int gap)
{
	Tool list[TOOLS_MAX];
	size_t n = tools_of(v, list);
	int w = 0;
	for (size_t i = 0; i < n; i++)
		w += tool_width(bd, &list[i]) +
		     (i + 1 < n ? tool_gap(&list[i], &list[i + 1], gap) : 0);
	return w;
}

static void tools(Builder *bd, const View *v, int x, int y, int gap)
{
	const Metrics *m = bd->m;
	const Theme *t = bd->t;
	int lh = bd->ms->line_height(bd->ms->ctx, FONT_BUTTON);
	Tool list[TOOLS_MAX];
	size_t n = tools_of(v, list);
	for (size_t i = 0; i < n && !bd->oom; i++) {
		const Tool *tl = &list[i];
		const char *label = build_word(bd, tl->word);
		/* Laid out left to right, then mirrored on a right-to-left
		 * screen: Listen comes first where lines start. */
		int w = tool_width(bd, tl);
		Rect r = {build_x(bd, x, w), y, w, m->target};
		bool on = tool_on(tl, v);
		int index = tl->kind == TARGET_CONTRAST ? !on : tl->index;
		Target *tg = build_target(bd, tl->kind, index, LAYER_FIXED, r, label, tl->id);
		DrawCmd *c = build_rect(bd, LAYER_FIXED, r, on ? t->accent : t->surface,
		                        on ? 0 : t->border, m->radius);
		if (!tg || !c)
			return;
		tg->selected = on;
		if (tl->kind == TARGET_TEXT_SIZE)
			tg->group = build_word(bd, WORD_TEXT_SIZE);
		c->target = (int)(tg - bd->l->targets);
		const char *shown = label;
		if (on && tl->kind == TARGET_CONTRAST) {
			shown = arena_printf(bd->l->arena, "%s%s", TICK, label);
			if (!shown) {
				bd->oom = true;
				return;
			}
		}
		/* Each label in its own letters' direction: "A+" reads so on a
		 * right-to-left screen, as its Arabic reads right to left. */
		build_line(bd, LAYER_FIXED, r.x, r.y + (r.h - lh) / 2, r.w, shown, FONT_BUTTON,
		           on ? t->on_accent : t->text, ALIGN_CENTER);
		x += r.w + (i + 1 < n ? tool_gap(tl, &list[i + 1], gap) : 0);
	}
}

Rect build_bar(Builder *bd, const View *v, int nav_min)
{
	const Metrics *m = bd->m;
	const Theme *t = bd->t;
	int pad = (m->bar_h - m->target) / 2;
	int bx = m->margin < pad ? pad : m->margin / 2;
	int inner = m->w - 2 * bx;
	int gap = pad / 2 > 4 ? pad / 2 : 4;
	int tw = tools_width(bd, v, gap);
	/* One row when the navigation keeps the room it needs beside the
	 * visitor's controls; else (portrait, narrow panels) two, the
	 * navigation nearest the bottom edge as on a wide screen. */
	bool one = inner - tw - pad >= nav_min;
	int h = one ? m->bar_h : 2 * m->target + 3 * pad;
	int top = m->h - h;
	bd->l->scroll_view.h = top;
	build_rect(bd, LAYER_FIXED, (Rect){0, top, m->w, h}, t->surface, 0, 0);
	build_rect(bd, LAYER_FIXED, (Rect){0, top, m->w, 2}, t->border, 0, 0);
	tools(bd, v, m->w - bx - tw, top + pad, gap);
	if (one)
		return (Rect){bx, top + pad, inner - tw - pad, m->target};
	return (Rect){bx, top + 2 * pad + m->target, inner, m->target};
}
