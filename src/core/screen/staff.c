/* staff: the screens behind the PIN, laid out from the Service state:
 * the PIN pad (large keys, each digit at the title's size, for staff
 * without their reading glasses), the service screen (what is installed
 * beside what staff can do, SERVICE_BUTTONS), the touch test and
 * cleaning mode's countdown. Everything stays put (LAYER_FIXED). */
#include <stdio.h>
#include <string.h>

#include "core/screen/blocks/build.h"
#include "core/service/service.h"

#define BULLET "\xE2\x97\x8F" /* ● a digit typed, never the digit itself */

/* A key or button: a filled control with its label centred in font f;
 * on, it is the choice in force (filled), else outlined. */
static Target *key(Builder *bd, Rect r, int index, const char *id, const char *label, FontId f,
                   bool filled)
{
	const Theme *t = bd->t;
	Target *tg = build_target(bd, TARGET_SERVICE, index, LAYER_FIXED, r, label, id);
	DrawCmd *c = build_rect(bd, LAYER_FIXED, r, filled ? t->accent : t->surface,
	                        filled ? 0 : t->border, bd->m->radius);
	if (!tg || !c)
		return NULL;
	c->target = (int)(tg - bd->l->targets);
	int lh = bd->ms->line_height(bd->ms->ctx, f);
	build_line(bd, LAYER_FIXED, r.x, r.y + (r.h - lh) / 2, r.w, label, f,
	           filled ? t->on_accent : t->text, ALIGN_CENTER);
	return tg;
}

static const char *arg_word(Builder *bd, WordId id, const char *arg)
{
	return build_fill(bd, id, &arg, 1);
}

/* "m:ss" of seconds. */
static const char *clock_of(Builder *bd, int secs)
{
	char *s = arena_printf(bd->l->arena, "%d:%02d", secs / 60, secs % 60);
	if (!s)
		bd->oom = true;
	return s ? s : "";
}

/* Two lines: what came of it, then why or where. */
static const char *two(Builder *bd, const char *a, const char *b)
{
	char *s = arena_printf(bd->l->arena, "%s\n%s", a, b);
	if (!s)
		bd->oom = true;
	return s ? s : a;
}

/* What came of an export, in the words of a stick's own export notice. */
static const char *exported(Builder *bd, const Service *s)
{
	const char *not_saved = build_word(bd, WORD_FIGURES_NOT_SAVED);
	switch (s->say) {
	case SERVICE_SAY_EXPORTED:
		return two(bd, build_word(bd, WORD_FIGURES_SAVED),
		           arg_word(bd, WORD_FIGURES_FILE, s->detail));
	case SERVICE_SAY_NO_STICK:
		return build_word(bd, WORD_SV_NO_STICK);
	case SERVICE_SAY_NO_FOLDER:
		return two(bd, not_saved, build_word(bd, WORD_SV_NO_FOLDER));
	case SERVICE_SAY_READ_ONLY:
		return two(bd, not_saved, build_word(bd, WORD_STICK_READ_ONLY));
	case SERVICE_SAY_STICK_FULL:
		return two(bd, not_saved, build_word(bd, WORD_STICK_FULL));
	case SERVICE_SAY_STICK_FAILED:
		return two(bd, not_saved, arg_word(bd, WORD_STICK_FAILED, s->detail));
	case SERVICE_SAY_BUSY:
		return two(bd, not_saved, build_word(bd, WORD_BUSY));
	default:
		return NULL;
	}
}

/* The line under the title: what the last action came to. */
static const char *said(Builder *bd, const Service *s, int countdown)
{
	char n[16];
	switch (s->say) {
	case SERVICE_SAY_NONE:
		return NULL;
	case SERVICE_SAY_WRONG:
		snprintf(n, sizeof(n), "%u", pinguard_tries_left(&s->guard));
		return arg_word(bd, WORD_SV_WRONG_PIN, n);
	case SERVICE_SAY_LOCKED:
		return arg_word(bd, WORD_SV_LOCKED, clock_of(bd, countdown));
	case SERVICE_SAY_NO_PIN:
		return build_word(bd, WORD_SV_NO_PIN);
	case SERVICE_SAY_CHECKING:
		return build_word(bd, WORD_SV_CHECKING);
	case SERVICE_SAY_ROLLED_BACK:
		return build_word(bd, WORD_SV_ROLLED_BACK);
	case SERVICE_SAY_NO_PREVIOUS:
		return build_word(bd, WORD_SV_NO_PREVIOUS);
	case SERVICE_SAY_FAILED:
		return arg_word(bd, WORD_SV_FAILED, s->detail);
	default:
		return exported(bd, s);
	}
}

static int heading(Builder *bd, int x, int y, int w, const char *text)
{
	TextBox tb = {LAYER_FIXED, x, y, w, bd->t->accent, ALIGN_START, 2, true};
	return build_text(bd, &tb, text, FONT_HEADING);
}

static int para(Builder *bd, int x, int y, int w, const char *text, FontId f, int lines)
{
	TextBox tb = {LAYER_FIXED, x, y, w, bd->t->text, ALIGN_START, lines, true};
	return build_text(bd, &tb, text, f);
}

static void pin_pad(Builder *bd, const View *v, const Service *s)
{
	const Metrics *m = bd->m;
	bool wide = m->w > m->h;
	int col = wide ? (m->w - 3 * m->margin) / 2 : m->w - 2 * m->margin;
	/* Right to left, the columns change sides (the keys keep a keypad's
	 * order, as phones keep it). */
	int x = build_x(bd, m->margin, col), y = m->margin;
	y += heading(bd, x, y, col, build_word(bd, WORD_SV_TITLE)) + m->gap;
	y += para(bd, x, y, col, build_word(bd, WORD_SV_ENTER_PIN), FONT_BODY, 2) + m->gap;
	/* The digits typed, as dots: long enough to count, never to read. */
	char *dots = arena_alloc(bd->l->arena, SERVICE_PIN_MAX * 4 + 1);
	if (!dots) {
		bd->oom = true;
		return;
	}
	dots[0] = '\0';
	for (int i = 0; i < s->ndigits; i++)
		strcat(dots, BULLET " ");
	int dh = bd->ms->line_height(bd->ms->ctx, FONT_TITLE);
	build_rect(bd, LAYER_FIXED, (Rect){x, y, col, dh + m->gap}, bd->t->surface, bd->t->border,
	           m->radius);
	build_line(bd, LAYER_FIXED, x, y + m->gap / 2, col, dots, FONT_TITLE, bd->t->text,
	           ALIGN_CENTER);
	y += dh + 2 * m->gap;
	const char *line = said(bd, s, v->countdown);
	if (line)
		y += para(bd, x, y, col, line, FONT_BODY, 4) + m->gap;
	int close_w = m->target * 3;
	if (wide || !s->has_pin)
		key(bd,
		    (Rect){build_x(bd, m->margin, close_w), m->h - m->margin - m->target, close_w,
		           m->target},
		    service_target_index(SERVICE_ACT_CLOSE, 0), "service-close",
		    build_word(bd, WORD_CLOSE), FONT_BUTTON, true);
	/* The keys: four rows of three, as large as the room allows; none
	 * without a PIN to type. */
	if (!s->has_pin)
		return;
	int px = wide ? build_x(bd, 2 * m->margin + col, col) : m->margin;
	int top = wide ? m->margin : y;
	int bottom = m->h - m->margin - (wide ? 0 : m->target + m->gap);
	int k = (bottom - top - 3 * m->gap) / 4;
	int kw = (col - 2 * m->gap) / 3;
	if (k > kw)
		k = kw;
	if (k > m->target * 2)
		k = m->target * 2;
	int gx = px + (col - 3 * kw - 2 * m->gap) / 2;
	static const int order[12] = {1, 2, 3, 4, 5, 6, 7, 8, 9, -1, 0, -2};
	for (int i = 0; i < 12 && !bd->oom; i++) {
		Rect r = {gx + (i % 3) * (kw + m->gap), top + (i / 3) * (k + m->gap), kw, k};
		int d = order[i];
		char id[32];
		if (d >= 0) {
			/* The label is drawn later: it lives in the layout's arena. */
			const char *label = arena_printf(bd->l->arena, "%d", d);
			snprintf(id, sizeof(id), "service-digit-%d", d);
			key(bd, r, service_target_index(SERVICE_ACT_DIGIT, d), id,
			    label ? label : "", FONT_HEADLINE, false);
		} else if (d == -1) {
			key(bd, r, service_target_index(SERVICE_ACT_ERASE, 0), "service-erase",
			    build_word(bd, WORD_SV_ERASE), FONT_BUTTON, false);
		} else {
			key(bd, r, service_target_index(SERVICE_ACT_ENTER, 0), "service-enter",
			    build_word(bd, WORD_OK), FONT_BUTTON, true);
		}
	}
	if (!wide && s->has_pin)
		key(bd,
		    (Rect){(m->w - close_w) / 2, m->h - m->margin - m->target, close_w, m->target},
		    service_target_index(SERVICE_ACT_CLOSE, 0), "service-close",
		    build_word(bd, WORD_CLOSE), FONT_BUTTON, true);
}

/* What is installed and how the kiosk is, one line each. */
static int facts(Builder *bd, const Service *s, int x, int y, int w, int bottom)
{
	const Metrics *m = bd->m;
	const ServiceInfo *in = &s->info;
	const char *signer = *in->signer ? arg_word(bd, WORD_SIGNED_BY, in->signer)
	                                 : build_word(bd, WORD_SV_UNSIGNED);
	const char *lines[] = {
	    arg_word(bd, WORD_SV_CONTENT,
	             *in->version ? in->version : build_word(bd, WORD_SV_BUILT_IN)),
	    signer,
	    arg_word(bd, WORD_SV_IMPORT,
	             *in->import ? in->import : build_word(bd, WORD_SV_NO_IMPORT)),
	    arg_word(bd, WORD_SV_SOFTWARE, in->software),
	    arg_word(bd, WORD_SV_UPTIME, in->uptime),
	    arg_word(bd, WORD_SV_STORAGE, in->storage),
	    arg_word(bd, WORD_SV_CLOCK, in->clock),
	};
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		y += para(bd, x, y, w, lines[i], FONT_BODY, 2) + m->gap / 3;
	/* Its articles, each with its topics. */
	const DocLibrary *lib = bd->lib;
	int small = bd->ms->line_height(bd->ms->ctx, FONT_SMALL);
	int need = m->gap / 2 + bd->ms->line_height(bd->ms->ctx, FONT_BODY_BOLD) + 2 * small;
	for (size_t a = 0; lib && a < lib->narticles; a++) {
		const DocArticle *art = &lib->articles[a];
		if (y + need > bottom) {
			/* Those that do not fit are counted, never cut off unsaid. */
			char n[24];
			snprintf(n, sizeof(n), "%zu", lib->narticles - a);
			if (y + small <= bottom)
				y += para(bd, x, y, w, arg_word(bd, WORD_AND_N_MORE, n), FONT_SMALL,
				          1);
			break;
		}
		y += m->gap / 2;
		TextBox tb = {LAYER_FIXED, x, y, w, bd->t->text, ALIGN_START, 1, true};
		y += build_text(bd, &tb, art->title, FONT_BODY_BOLD);
		size_t len = 0;
		for (size_t t = 0; t < art->ntopics; t++)
			len += strlen(art->topics[t].title) + 5;
		char *list = arena_alloc(bd->l->arena, len + 1);
		if (!list) {
			bd->oom = true;
			return y;
		}
		list[0] = '\0';
		for (size_t t = 0; t < art->ntopics; t++) {
			if (t)
				strcat(list, " \xC2\xB7 ");
			strcat(list, art->topics[t].title);
		}
		y += para(bd, x, y, w, list, FONT_SMALL, 4);
	}
	return y;
}

/* Side by side on a wide panel, where the column is short: two actions
 * whose words are short in every language. */
static bool shares_row(ServiceAct act)
{
	return act == SERVICE_ACT_TOUCH_TEST || act == SERVICE_ACT_RESTART;
}

static void menu(Builder *bd, const View *v, const Service *s)
{
	const Metrics *m = bd->m;
	bool wide = m->w > m->h;
	int col = wide ? (m->w - 3 * m->margin) / 2 : m->w - 2 * m->margin;
	/* Right to left, the columns change sides (the keys keep a keypad's
	 * order, as phones keep it). */
	int x = build_x(bd, m->margin, col), y = m->margin;
	y += heading(bd, x, y, col, build_word(bd, WORD_SV_TITLE)) + m->gap;
	const char *line = said(bd, s, v->countdown);
	if (line) {
		TextBox tb = {LAYER_FIXED, x, y, col, bd->t->accent, ALIGN_START, 5, true};
		y += build_text(bd, &tb, line, FONT_BODY_BOLD) + m->gap;
	}
	int bx = wide ? build_x(bd, 2 * m->margin + col, col) : m->margin;
	int by = wide ? m->margin : m->h - m->margin;
	if (!wide) {
		/* Below the facts: measure the buttons' column from the foot. */
		int rows = 0;
		for (unsigned i = 0; i < SERVICE_BUTTONS_N; i++)
			rows += SERVICE_BUTTONS[i].act != SERVICE_ACT_ROTATE ||
			        SERVICE_BUTTONS[i].arg == 0;
		by -= rows * (m->target + m->gap) + bd->ms->line_height(bd->ms->ctx, FONT_SMALL);
		facts(bd, s, x, y, col, by - m->gap);
	} else {
		facts(bd, s, x, y, col, m->h - m->margin);
	}
	int rw = (col - 3 * m->gap) / 4, hw = (col - m->gap) / 2;
	bool second = false; /* the second of a pair sharing a row */
	for (unsigned i = 0; i < SERVICE_BUTTONS_N && !bd->oom; i++) {
		const ServiceButton *b = &SERVICE_BUTTONS[i];
		int index = service_target_index(b->act, b->arg);
		if (b->act != SERVICE_ACT_ROTATE) {
			bool half = wide && (shares_row(b->act) || second);
			int lx = 2 * m->margin + col + (second ? hw + m->gap : 0);
			Rect r = half ? (Rect){build_x(bd, lx, hw), by, hw, m->target}
			              : (Rect){bx, by, col, m->target};
			key(bd, r, index, b->id, build_word(bd, b->word), FONT_BUTTON,
			    b->act == SERVICE_ACT_CLOSE);
			second = half && !second;
			if (!second)
				by += m->target + m->gap;
			continue;
		}
		if (b->arg == 0) {
			by += para(bd, bx, by, col, build_word(bd, b->word), FONT_SMALL, 1);
		}
		char deg[8];
		snprintf(deg, sizeof(deg), "%d\xC2\xB0", b->arg * 90);
		const char *label = arena_printf(bd->l->arena, "%s", deg);
		Target *t = key(bd, (Rect){bx + b->arg * (rw + m->gap), by, rw, m->target}, index,
		                b->id, label ? label : "", FONT_BUTTON, s->rotation == b->arg * 90);
		if (t) {
			t->selected = s->rotation == b->arg * 90;
			t->group = build_word(bd, b->word);
		}
		if (b->arg == 3)
			by += m->target + m->gap;
	}
}

static void touch_test(Builder *bd, const Service *s)
{
	const Metrics *m = bd->m;
	TextBox tb = {LAYER_FIXED, m->margin,    m->margin, m->w - 2 * m->margin,
	              bd->t->text, ALIGN_CENTER, 2,         true};
	build_text(bd, &tb, build_word(bd, WORD_SV_TOUCH_HINT), FONT_BODY);
	int r = m->gap;
	unsigned n = s->npoints < SERVICE_POINTS ? s->npoints : SERVICE_POINTS;
	for (unsigned i = 0; i < n && !bd->oom; i++) {
		unsigned at = (s->npoints - n + i) % SERVICE_POINTS;
		build_rect(bd, LAYER_FIXED,
		           (Rect){s->points[at].x - r, s->points[at].y - r, 2 * r, 2 * r},
		           bd->t->accent, 0, r);
	}
	int w = m->target * 3;
	key(bd, (Rect){(m->w - w) / 2, m->h - m->margin - m->target, w, m->target},
	    service_target_index(SERVICE_ACT_BACK, 0), "service-back", build_word(bd, WORD_SV_BACK),
	    FONT_BUTTON, true);
}

static void cleaning(Builder *bd, const View *v)
{
	const Metrics *m = bd->m;
	int w = m->w - 2 * m->margin;
	int lh = bd->ms->line_height(bd->ms->ctx, FONT_HEADLINE);
	int y = (m->h - lh) / 2 - 2 * m->target;
	TextBox tb = {LAYER_FIXED, m->margin, y, w, bd->t->text, ALIGN_CENTER, 2, true};
	y += build_text(bd, &tb, build_word(bd, WORD_SV_CLEANING_NOW), FONT_HEADING) + m->gap;
	/* The seconds left, as large as the kiosk draws anything: read from
	 * across the room while wiping. */
	char *secs = arena_printf(bd->l->arena, "%d", v->countdown);
	if (!secs) {
		bd->oom = true;
		return;
	}
	tb = (TextBox){LAYER_FIXED, m->margin, y, w, bd->t->accent, ALIGN_CENTER, 1, true};
	build_text(bd, &tb, secs, FONT_HEADLINE);
}

void staff_screen(Builder *bd, const View *v)
{
	const Service *s = v->service;
	bd->l->scroll_view.h = 0;
	if (!s)
		return;
	bd->l->title = build_word(bd, WORD_SV_TITLE);
	switch (s->mode) {
	case SERVICE_OFF:
		break;
	case SERVICE_PIN:
		pin_pad(bd, v, s);
		break;
	case SERVICE_MENU:
		menu(bd, v, s);
		break;
	case SERVICE_TOUCH:
		touch_test(bd, s);
		break;
	case SERVICE_CLEANING:
		bd->l->title = build_word(bd, WORD_SV_CLEANING);
		cleaning(bd, v);
		break;
	}
}
