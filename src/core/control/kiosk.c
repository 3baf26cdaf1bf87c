#include "core/control/kiosk.h"

#include <stdlib.h>
#include <string.h>

struct Kiosk {
	KioskOptions o;
	Metrics m;   /* the screen's, at the visitor's text size */
	Theme theme; /* the colours in force */
	LayoutMeasure ms;
	const DocLibrary *lib;
	Nav nav;
	Gesture g;
	Scroll scroll;
	Layout cur;
	Layout prev; /* the outgoing screen while a transition runs */
	int prev_scroll;
	LayoutPlace saved; /* where the topic was read while its picture is open */
	int pressed;       /* target under the finger, -1 none */
	Frame frame;
	Layout next;           /* the upcoming attract slide (kiosk_upcoming) */
	int next_slide;        /* which slide next holds, -1 none */
	Layout walked;         /* the last screen kiosk_walk laid out */
	int walk;              /* the next screen it lays out */
	Layout overlay;        /* over the screen: the warning before attract mode,
	                        * or attract mode's hand */
	int overlay_for;       /* the countdown it shows, 0 none */
	int overlay_phase;     /* the hand's step it shows, -1 none */
	Service *svc;          /* the staff's screens (borrowed), or NULL */
	View svc_view;         /* what is laid out while one shows */
	LayoutPlace svc_place; /* where the visitor's screen was read */
};

/* Attract mode's hand taps once every HAND_CYCLE_MS: HAND_STEP_MS a step
 * for LAYOUT_HAND_STEPS steps, then rests. A few frames every few seconds
 * draw the eye for a fraction of a percent of the processor. */
#define HAND_CYCLE_MS 3000u
#define HAND_STEP_MS 250u

/* The hand's step at now (0: at rest), -1 outside attract mode. */
static int hand_phase(const Kiosk *k, uint64_t now)
{
	if (k->nav.view.screen != SCREEN_ATTRACT)
		return -1;
	uint64_t in = now % HAND_CYCLE_MS;
	return in < LAYOUT_HAND_STEPS * HAND_STEP_MS ? (int)(in / HAND_STEP_MS) : 0;
}

/* When the hand next moves, or NAV_NEVER. */
static uint64_t hand_deadline(const Kiosk *k, uint64_t now)
{
	if (k->nav.view.screen != SCREEN_ATTRACT)
		return NAV_NEVER;
	uint64_t in = now % HAND_CYCLE_MS, base = now - in;
	if (in < LAYOUT_HAND_STEPS * HAND_STEP_MS)
		return base + (in / HAND_STEP_MS + 1) * HAND_STEP_MS;
	return base + HAND_CYCLE_MS;
}

/* What shows: the staff's screen while one is open, else nav's. */
static const View *shown_view(Kiosk *k, uint64_t now)
{
	if (!k->svc || !service_active(k->svc))
		return &k->nav.view;
	const Service *s = k->svc;
	int left = s->mode == SERVICE_CLEANING
	               ? service_cleaning_left(s, now)
	               : (int)((pinguard_left(&s->guard, now) + 999) / 1000);
	k->svc_view = (View){.screen = SCREEN_SERVICE,
	                     .article = -1,
	                     .topic = -1,
	                     .countdown = left,
	                     .service = s,
	                     .prefs = k->nav.view.prefs};
	return &k->svc_view;
}

static void relayout_at(Kiosk *k, uint64_t now)
{
	/* A failed build leaves an empty (blank) screen rather than a crash;
	 * it only happens when memory runs out. */
	layout_build(&k->cur, shown_view(k, now), k->lib, &k->m, &k->theme, &k->ms);
	k->pressed = -1;
}

static void relayout(Kiosk *k)
{
	relayout_at(k, k->svc ? k->svc->last_touch : 0);
}

/* Metrics and colours for what the visitor chose. */
static void restyle(Kiosk *k)
{
	const ViewPrefs *p = &k->nav.prefs;
	k->m = theme_metrics(k->o.w, k->o.h, k->o.text_scale);
	theme_enlarge(&k->m, theme_text_factor(p->text_size));
	k->theme = p->high_contrast ? theme_high_contrast() : k->o.theme;
	/* The upcoming slide was laid out in the old style. */
	k->next_slide = -1;
}

/* The same screen laid out again in a new style, the reading position
 * kept: the block at the top of the view stays at the top. */
static void relayout_in_place(Kiosk *k)
{
	LayoutPlace place = layout_place(&k->cur, scroll_pos(&k->scroll));
	relayout(k);
	scroll_init(&k->scroll, layout_max_scroll(&k->cur));
	scroll_by(&k->scroll, layout_place_scroll(&k->cur, place));
}

/* What shows over the screen, laid out again when it changes (once a
 * second while the warning counts down, at each step of the hand), the
 * screen under it does, or the style. */
static void overlay(Kiosk *k, bool redo, uint64_t now)
{
	int c = k->nav.view.countdown, phase = hand_phase(k, now);
	if (c == k->overlay_for && phase == k->overlay_phase && !redo)
		return;
	layout_overlay(&k->overlay, &k->nav.view, &k->cur, phase, &k->m, &k->theme, &k->ms);
	k->overlay_for = c;
	k->overlay_phase = phase;
}

static unsigned apply_view(Kiosk *k, unsigned nr, const View *before);

/* Acts on what nav decided. */
static unsigned apply(Kiosk *k, unsigned nr, const View *before, uint64_t now)
{
	unsigned r = apply_view(k, nr, before);
	overlay(k, nr & (NAV_RESTYLE | NAV_CHANGED), now);
	return r | (nr & NAV_CLOCK_SET ? KIOSK_SET_CLOCK : 0);
}

/* The text follows the voice: a sentence heard out of view comes up to a
 * quarter of the way down the view. */
static void follow(Kiosk *k)
{
	const Layout *l = &k->cur;
	Rect r = l->reading;
	int pos = scroll_pos(&k->scroll), view = l->scroll_view.h;
	if (r.w <= 0 || (r.y >= pos && r.y + r.h <= pos + view - view / 8))
		return;
	scroll_by(&k->scroll, r.y - view / 4 - pos);
}

/* Lays the new screen out (keeping the old one for a transition) and
 * resets or restores the scroll position. */
static unsigned apply_view(Kiosk *k, unsigned nr, const View *before)
{
	if (nr & NAV_RESTYLE)
		restyle(k);
	if (!(nr & NAV_CHANGED)) {
		if (nr & (NAV_RESTYLE | NAV_SPEECH))
			relayout_in_place(k);
		if (nr & NAV_SPEECH)
			follow(k);
		return nr ? KIOSK_REDRAW : 0;
	}
	if (k->nav.view.screen == SCREEN_IMAGE && before->screen == SCREEN_TOPIC)
		k->saved = layout_place(&k->cur, scroll_pos(&k->scroll));
	if (nr & NAV_ANIMATE) {
		/* The outgoing screen is kept as it is, not laid out again, and
		 * its arena is reused for the next screen. */
		Layout t = k->prev;
		k->prev = k->cur;
		k->cur = t;
		k->prev_scroll = scroll_pos(&k->scroll);
	}
	relayout(k);
	scroll_init(&k->scroll, layout_max_scroll(&k->cur));
	if (k->nav.view.screen == SCREEN_TOPIC && before->screen == SCREEN_IMAGE &&
	    k->nav.view.topic == before->topic)
		scroll_by(&k->scroll, layout_place_scroll(&k->cur, k->saved));
	return KIOSK_REDRAW;
}

Kiosk *kiosk_new(const KioskOptions *o, const LayoutMeasure *measure, const DocLibrary *lib,
                 uint64_t now)
{
	Kiosk *k = calloc(1, sizeof(*k));
	if (!k)
		return NULL;
	k->o = *o;
	k->ms = *measure;
	k->lib = lib;
	k->pressed = -1;
	layout_init(&k->cur);
	layout_init(&k->prev);
	layout_init(&k->next);
	layout_init(&k->walked);
	layout_init(&k->overlay);
	k->overlay_phase = -1;
	k->next_slide = -1;
	nav_init(&k->nav, lib, o->idle_ms, o->rotate_ms, now);
	restyle(k);
	/* A swipe needs a deliberate sideways stroke: a fifth of the screen. */
	gesture_init(&k->g, k->m.slop, o->w / 5);
	relayout(k);
	scroll_init(&k->scroll, layout_max_scroll(&k->cur));
	return k;
}

void kiosk_free(Kiosk *k)
{
	if (!k)
		return;
	layout_deinit(&k->cur);
	layout_deinit(&k->prev);
	layout_deinit(&k->next);
	layout_deinit(&k->walked);
	layout_deinit(&k->overlay);
	free(k);
}

void kiosk_set_library(Kiosk *k, const DocLibrary *lib, uint64_t now)
{
	k->lib = lib;
	nav_set_library(&k->nav, lib, now);
	/* The old layouts point into the old library: drop them now. */
	layout_build(&k->prev, &(View){.screen = SCREEN_NOTICE}, NULL, &k->m, &k->theme, &k->ms);
	layout_build(&k->next, &(View){.screen = SCREEN_NOTICE}, NULL, &k->m, &k->theme, &k->ms);
	layout_build(&k->walked, &(View){.screen = SCREEN_NOTICE}, NULL, &k->m, &k->theme, &k->ms);
	k->next_slide = -1;
	k->walk = 0;
	relayout(k);
	scroll_init(&k->scroll, layout_max_scroll(&k->cur));
	overlay(k, true, now);
}

unsigned kiosk_clock_open(Kiosk *k, const ClockFields *now_local, uint64_t now)
{
	NavEvent ev = {.type = NAV_EV_CLOCK, .clock = now_local};
	return kiosk_nav(k, &ev, now);
}

const ClockFields *kiosk_clock_wanted(const Kiosk *k)
{
	return &k->nav.clock_set;
}

unsigned kiosk_nav(Kiosk *k, const NavEvent *ev, uint64_t now)
{
	View before = k->nav.view;
	return apply(k, nav_handle(&k->nav, ev, now), &before, now);
}

static unsigned activate(Kiosk *k, const Target *t, uint64_t now)
{
	NavEvent ev = {.index = t->index};
	switch (t->kind) {
	case TARGET_ARTICLE:
		ev.type = NAV_EV_OPEN_ARTICLE;
		break;
	case TARGET_TOPIC:
		ev.type = NAV_EV_OPEN_TOPIC;
		break;
	case TARGET_HOME:
		ev.type = NAV_EV_HOME;
		break;
	case TARGET_PREV:
		ev.type = NAV_EV_PREV;
		break;
	case TARGET_NEXT:
		ev.type = NAV_EV_NEXT;
		break;
	case TARGET_IMAGE:
		ev.type = NAV_EV_OPEN_IMAGE;
		ev.image = t->image;
		break;
	case TARGET_LANGUAGE:
		ev.type = NAV_EV_LANGUAGE;
		break;
	case TARGET_CLOSE:
	case TARGET_ACTION:
		ev.type = NAV_EV_CLOSE;
		break;
	case TARGET_TEXT_SIZE:
		ev.type = NAV_EV_TEXT_SIZE;
		break;
	case TARGET_CONTRAST:
		ev.type = NAV_EV_CONTRAST;
		break;
	case TARGET_LISTEN:
		ev.type = NAV_EV_LISTEN;
		break;
	case TARGET_PAUSE:
		ev.type = NAV_EV_PAUSE;
		break;
	case TARGET_STOP:
		ev.type = NAV_EV_STOP;
		break;
	case TARGET_SERVICE:
		return 0; /* only on the staff's screens (service_touch) */
	case TARGET_CLOCK_STEP:
		ev.type = NAV_EV_CLOCK_STEP;
		ev.index = t->index / 2;
		ev.progress = t->index % 2 ? 1 : -1;
		break;
	case TARGET_CLOCK_SAVE:
		ev.type = NAV_EV_CLOCK_SET;
		break;
	}
	return kiosk_nav(k, &ev, now);
}

/* ---- the staff's screens ---------------------------------------------------- */

/* Lays out what service reported; leaving the staff's screens, the
 * visitor's screen comes back with a full idle spell before attract mode. */
static unsigned service_apply(Kiosk *k, unsigned so, bool was, uint64_t now)
{
	bool is = service_active(k->svc);
	if (!(so & SERVICE_CHANGED) && was == is)
		return 0;
	if (is && !was) {
		/* The rest of the touch that opened it is the staff's. */
		gesture_swallow(&k->g);
		scroll_stop(&k->scroll);
		k->svc_place = layout_place(&k->cur, scroll_pos(&k->scroll));
	}
	if (was && !is) {
		/* A finger still on the glass (wiping as cleaning ends) acts on
		 * nothing of the visitor's screen. */
		gesture_swallow(&k->g);
		k->nav.last_input = now;
	}
	relayout_at(k, now);
	if (was != is)
		scroll_init(&k->scroll, layout_max_scroll(&k->cur));
	/* Back where it was: the same screen, scrolled as it was. */
	if (was && !is)
		scroll_by(&k->scroll, layout_place_scroll(&k->cur, k->svc_place));
	overlay(k, true, now);
	return KIOSK_REDRAW;
}

/* A pointer event while a staff's screen shows: its buttons are tapped as
 * any other (pressed under the finger, acting on the lift); cleaning mode
 * ignores everything. */
static unsigned service_touch(Kiosk *k, const GestureOut *o, uint64_t now)
{
	unsigned r = 0;
	if (k->svc->mode == SERVICE_CLEANING)
		return 0;
	if (o->flags & GEST_DOWN) {
		k->pressed = layout_hit(&k->cur, o->x, o->y, 0);
		r |= KIOSK_REDRAW;
	}
	if ((o->flags & GEST_DRAG) && k->pressed >= 0) {
		k->pressed = -1;
		r |= KIOSK_REDRAW;
	}
	if (o->flags & GEST_TAP) {
		int hit = layout_hit(&k->cur, o->x, o->y, 0);
		int pressed = k->pressed;
		k->pressed = -1;
		if (hit >= 0 && hit == pressed && k->cur.targets[hit].kind == TARGET_SERVICE)
			r |= service_apply(k, service_act(k->svc, k->cur.targets[hit].index, now),
			                   true, now);
		r |= KIOSK_REDRAW;
	}
	if ((o->flags & GEST_END) && k->pressed >= 0) {
		k->pressed = -1;
		r |= KIOSK_REDRAW;
	}
	return r;
}

void kiosk_set_service(Kiosk *k, Service *s, uint64_t now)
{
	k->svc = s;
	if (!s)
		return;
	/* The corner is one control's size: hard to miss for staff, never
	 * where a visitor's finger rests for five seconds. */
	service_measure(s, k->m.target, k->m.slop);
	hold_reset(&s->hold);
	if (service_active(s))
		service_apply(k, SERVICE_CHANGED, false, now);
}

unsigned kiosk_service_changed(Kiosk *k, unsigned so, uint64_t now)
{
	return k->svc ? service_apply(k, so, true, now) : 0;
}

const Service *kiosk_service(const Kiosk *k)
{
	return k->svc && service_active(k->svc) ? k->svc : NULL;
}

unsigned kiosk_pointer(Kiosk *k, const PointerEvent *ev, uint64_t now)
{
	GestureOut o = gesture_feed(&k->g, ev, now);
	unsigned r = 0;
	if (k->svc) {
		bool was = service_active(k->svc);
		unsigned so = service_pointer(k->svc, ev, now);
		r |= service_apply(k, so, was, now);
		if (was || service_active(k->svc))
			return r | (was ? service_touch(k, &o, now) : 0);
	}
	if (o.flags & GEST_DOWN) {
		View before = k->nav.view;
		unsigned nr = nav_handle(&k->nav, &(NavEvent){.type = NAV_EV_TOUCH}, now);
		if (nr & NAV_WOKE) {
			/* Waking from attract mode, or answering "Still
			 * reading?": this touch only brings Home back or keeps
			 * the screen; nothing under the finger is activated. */
			gesture_swallow(&k->g);
			return apply(k, nr, &before, now) | KIOSK_REDRAW;
		}
		r |= apply(k, nr, &before, now);
		if (k->scroll.coasting) {
			scroll_stop(&k->scroll); /* a finger stops the coasting */
			r |= KIOSK_REDRAW;
		}
		k->pressed = layout_hit(&k->cur, o.x, o.y, scroll_pos(&k->scroll));
		if (k->pressed >= 0)
			r |= KIOSK_REDRAW;
	}
	if ((o.flags & GEST_DRAG) && k->pressed >= 0) {
		/* A drag that starts on a tile scrolls instead of opening it. */
		k->pressed = -1;
		r |= KIOSK_REDRAW;
	}
	if (o.flags & GEST_SCROLL) {
		int before = scroll_pos(&k->scroll);
		scroll_by(&k->scroll, o.dy);
		if (scroll_pos(&k->scroll) != before)
			r |= KIOSK_REDRAW;
	}
	if (o.flags & GEST_FLING) {
		scroll_fling(&k->scroll, o.velocity, now);
		r |= KIOSK_REDRAW;
	}
	/* Right to left, the next topic lies to the left: a swipe to the
	 * right brings it. */
	if (o.flags & GEST_SWIPE) {
		int dir = k->cur.rtl ? -o.dir : o.dir;
		r |= kiosk_nav(k, &(NavEvent){.type = NAV_EV_SWIPE, .index = dir}, now);
	}
	if (o.flags & GEST_TAP) {
		int hit = layout_hit(&k->cur, o.x, o.y, scroll_pos(&k->scroll));
		int pressed = k->pressed;
		k->pressed = -1;
		if (hit >= 0 && hit == pressed)
			r |= activate(k, &k->cur.targets[hit], now);
		else if (hit < 0 && k->nav.view.screen == SCREEN_IMAGE)
			r |= kiosk_nav(k, &(NavEvent){.type = NAV_EV_CLOSE}, now);
		r |= KIOSK_REDRAW;
	}
	if ((o.flags & GEST_END) && k->pressed >= 0) {
		k->pressed = -1;
		r |= KIOSK_REDRAW;
	}
	return r;
}

unsigned kiosk_tick(Kiosk *k, uint64_t now)
{
	if (k->svc) {
		/* A hold fires with no finger moving; while a staff's screen
		 * shows, the visitor's screens stand still under it. */
		bool was = service_active(k->svc);
		unsigned r = service_apply(k, service_tick(k->svc, now), was, now);
		if (was || service_active(k->svc))
			return r;
	}
	/* The hand's next step is drawn when it comes (the tick lays it out
	 * with whatever else changed). */
	bool step = k->overlay_phase >= 0 && hand_phase(k, now) != k->overlay_phase;
	unsigned r = kiosk_nav(k, &(NavEvent){.type = NAV_EV_TICK}, now);
	if (k->scroll.coasting) {
		scroll_step(&k->scroll, now);
		r |= KIOSK_REDRAW;
	}
	return step ? r | KIOSK_REDRAW : r;
}

uint64_t kiosk_next_deadline(const Kiosk *k, uint64_t now)
{
	uint64_t svc = k->svc ? service_deadline(k->svc, now) : NAV_NEVER;
	if (svc < now)
		svc = now;
	if (k->svc && service_active(k->svc))
		return svc;
	uint64_t d = nav_next_deadline(&k->nav, now);
	if (svc < d)
		d = svc;
	/* Animation frames only while something moves. */
	if (k->scroll.coasting && now + 16 < d)
		d = now + 16;
	uint64_t hand = hand_deadline(k, now);
	return hand < d ? hand : d;
}

static double ease(double t)
{
	/* Ease in and out: slow start and a gentle landing. */
	return t < 0.5 ? 4 * t * t * t : 1 - (-2 * t + 2) * (-2 * t + 2) * (-2 * t + 2) / 2;
}

const Frame *kiosk_frame(Kiosk *k, uint64_t now)
{
	Frame *f = &k->frame;
	const Layout *l = &k->cur;
	double t = nav_transition(&k->nav, now);
	f->layout = l;
	f->scroll = scroll_pos(&k->scroll);
	f->pressed = k->pressed;
	bool staff = kiosk_service(k) != NULL;
	f->prev = (k->nav.transitioning && t < 1.0 && !staff) ? &k->prev : NULL;
	f->prev_scroll = k->prev_scroll;
	f->overlay = kiosk_overlay(k);
	f->t = ease(t);
	f->rtl = l->rtl;
	f->theme = &k->theme;
	f->metrics = &k->m;
	int max = layout_max_scroll(l);
	f->indicator = max > 0 && !staff;
	if (f->indicator) {
		/* A thin track at the edge where lines end (the right, the left
		 * of a right-to-left screen); the thumb's length is the share of
		 * the content in view, its place where the view is. */
		int thick = k->m.margin / 5 > 4 ? k->m.margin / 5 : 4;
		int pad = k->m.margin / 3;
		Rect tr = {l->rtl ? pad : k->m.w - thick - pad, l->scroll_view.y + pad, thick,
		           l->scroll_view.h - 2 * pad};
		int th = (int)((long long)tr.h * l->scroll_view.h / l->content_h);
		if (th < k->m.target / 2)
			th = k->m.target / 2;
		if (th > tr.h)
			th = tr.h;
		f->indicator_track = tr;
		f->indicator_thumb =
		    (Rect){tr.x, tr.y + (int)((long long)(tr.h - th) * f->scroll / max), thick, th};
	}
	return f;
}

const Layout *kiosk_upcoming(Kiosk *k)
{
	int slide = nav_upcoming_slide(&k->nav);
	if (slide < 0 || slide == k->next_slide)
		return NULL;
	View v = nav_slide_view(&k->nav, slide);
	if (layout_build(&k->next, &v, k->lib, &k->m, &k->theme, &k->ms) != 0)
		return NULL;
	k->next_slide = slide;
	return &k->next;
}

const Layout *kiosk_walk(Kiosk *k)
{
	View v;
	if (!nav_walk_view(&k->nav, k->walk, &v))
		return NULL;
	k->walk++;
	if (layout_build(&k->walked, &v, k->lib, &k->m, &k->theme, &k->ms) != 0)
		return NULL;
	return &k->walked;
}

void kiosk_set_voice(Kiosk *k, bool available, uint64_t now)
{
	kiosk_nav(k, &(NavEvent){.type = NAV_EV_VOICE, .index = available}, now);
}

unsigned kiosk_set_voiced(Kiosk *k, NavVoiced voiced, void *user, uint64_t now)
{
	View before = k->nav.view;
	return apply(k, nav_set_voiced(&k->nav, voiced, user), &before, now);
}

unsigned kiosk_heard(Kiosk *k, int sentence, uint64_t now)
{
	return kiosk_nav(k, &(NavEvent){.type = NAV_EV_READ, .index = sentence}, now);
}

KioskReading kiosk_reading(const Kiosk *k)
{
	const View *v = &k->nav.view;
	if (v->screen != SCREEN_TOPIC || !v->listening)
		return (KioskReading){.article = -1, .topic = -1};
	return (KioskReading){true, v->paused, v->article, v->topic, v->sentence};
}

const Nav *kiosk_nav_state(const Kiosk *k)
{
	return &k->nav;
}

const Metrics *kiosk_metrics(const Kiosk *k)
{
	return &k->m;
}

const Layout *kiosk_layout(const Kiosk *k)
{
	return &k->cur;
}

int kiosk_pressed(const Kiosk *k)
{
	return k->pressed;
}

const Layout *kiosk_overlay(const Kiosk *k)
{
	if (kiosk_service(k))
		return NULL;
	return (k->overlay_for > 0 || k->overlay_phase >= 0) && k->overlay.ncmds ? &k->overlay
	                                                                         : NULL;
}

int kiosk_scroll(const Kiosk *k)
{
	return scroll_pos(&k->scroll);
}

unsigned kiosk_scroll_to(Kiosk *k, int offset)
{
	int before = scroll_pos(&k->scroll);
	scroll_stop(&k->scroll);
	scroll_by(&k->scroll, offset - before);
	return scroll_pos(&k->scroll) != before ? KIOSK_REDRAW : 0;
}
