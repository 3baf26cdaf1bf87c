/* kiosk: the controller that ties navigation, gestures, scrolling and layout
 * together. Pointer events and time go in; a Frame (what to draw) comes out.
 * The platform layer translates SDL events into PointerEvents and draws the
 * Frame; every decision is made here, testable without SDL.
 *
 * The Kiosk borrows the DocLibrary (kiosk_set_library swaps it) and owns its
 * layouts. Coordinates are logical screen pixels (after rotation).
 */
#ifndef KIOSK_KIOSK_H
#define KIOSK_KIOSK_H

#include <stdbool.h>
#include <stdint.h>

#include "core/document/model/doc.h"
#include "core/control/gesture.h"
#include "core/screen/layout.h"
#include "core/control/nav.h"
#include "core/control/scroll.h"
#include "core/screen/look/theme.h"
#include "core/service/service.h"

/* What the renderer draws. Pointers stay valid until the next kiosk_* call
 * that changes state. */
typedef struct {
	const Layout *layout;  /* the screen */
	int scroll;            /* offset of its LAYER_SCROLL */
	int pressed;           /* index of the pressed target, -1 none */
	const Layout *prev;    /* outgoing screen during a transition, else NULL */
	const Layout *overlay; /* drawn over everything ("Still reading?"), else
	                        * NULL */
	int prev_scroll;
	double t;             /* transition progress, eased, 0..1 */
	bool rtl;             /* the new screen reads right to left: it comes in
	                       * from the left */
	bool indicator;       /* draw the scroll indicator */
	Rect indicator_track; /* where it runs */
	Rect indicator_thumb; /* where the visible part is */
	const Theme *theme;
	const Metrics *metrics;
} Frame;

typedef struct {
	int w, h; /* logical screen size */
	double text_scale;
	Theme theme;
	uint32_t idle_ms, rotate_ms;
} KioskOptions;

enum {
	KIOSK_REDRAW = 1u << 0,    /* something visible changed */
	KIOSK_SET_CLOCK = 1u << 1, /* staff chose a time on the clock screen:
	                            * set it (kiosk_clock_wanted) */
};

typedef struct Kiosk Kiosk;

Kiosk *kiosk_new(const KioskOptions *o, const LayoutMeasure *measure, const DocLibrary *lib,
                 uint64_t now);
void kiosk_free(Kiosk *k);
void kiosk_set_library(Kiosk *k, const DocLibrary *lib, uint64_t now);
unsigned kiosk_pointer(Kiosk *k, const PointerEvent *ev, uint64_t now);
unsigned kiosk_tick(Kiosk *k, uint64_t now);
/* Opens the clock screen at now_local (the local date and time now): what
 * the service screen's "set the clock" calls. */
unsigned kiosk_clock_open(Kiosk *k, const ClockFields *now_local, uint64_t now);
/* After KIOSK_SET_CLOCK: the local date and time staff chose. */
const ClockFields *kiosk_clock_wanted(const Kiosk *k);
/* Sends a navigation event from outside (notices, import progress). */
unsigned kiosk_nav(Kiosk *k, const NavEvent *ev, uint64_t now);
/* When kiosk_tick must next run (NAV_NEVER: only on input). */
uint64_t kiosk_next_deadline(const Kiosk *k, uint64_t now);
/* Lays out what changed and returns what to draw at now. */
const Frame *kiosk_frame(Kiosk *k, uint64_t now);
const Nav *kiosk_nav_state(const Kiosk *k);
const Metrics *kiosk_metrics(const Kiosk *k);
/* The screen attract mode shows next if nobody touches the screen, laid
 * out once per slide so its pictures can be made ready while the screen is
 * still; NULL when there is nothing new to prepare. */
const Layout *kiosk_upcoming(Kiosk *k);
/* Every screen the content can show (nav_walk_view), laid out one per call
 * so that their pictures can be made ready while nobody is looking; NULL
 * once all have been walked, until new content starts the walk again. */
const Layout *kiosk_walk(Kiosk *k);
/* Moves the current screen's text to offset (clamped to 0 .. its extent),
 * as a finger would, with no coasting: how `kiosk preview` pages down a
 * long topic. KIOSK_REDRAW when it moved. */
unsigned kiosk_scroll_to(Kiosk *k, int offset);
/* The current screen's layout and scroll offset (for shots and tests). */
const Layout *kiosk_layout(const Kiosk *k);
/* What the voice should be doing: reading topic `topic` of `article`
 * aloud (paused or not, the sentence heard last), or nothing. */
typedef struct {
	bool listening;
	bool paused;
	int article, topic;
	int sentence;
} KioskReading;

/* Whether a voice can be heard (an audio device): a topic then offers to
 * be read aloud. */
void kiosk_set_voice(Kiosk *k, bool available, uint64_t now);
/* Which articles a voice reads (nav.h; NULL: all): a topic of any other
 * offers no Listen. KIOSK_REDRAW when the screen changed. */
unsigned kiosk_set_voiced(Kiosk *k, NavVoiced voiced, void *user, uint64_t now);
KioskReading kiosk_reading(const Kiosk *k);
/* The voice reached sentence (-1: the end of the topic): it is underlined,
 * and the text follows it. KIOSK_REDRAW when something changed. */
unsigned kiosk_heard(Kiosk *k, int sentence, uint64_t now);
/* The target under the finger, -1 none. */
int kiosk_pressed(const Kiosk *k);
/* What shows over it (its LAYER_PINNED), or NULL for nothing. */
const Layout *kiosk_overlay(const Kiosk *k);
int kiosk_scroll(const Kiosk *k);
/* The staff's screens (the hidden holds, the PIN pad, the service screen,
 * cleaning mode): s is borrowed and outlives the controller; NULL: none.
 * Pointer events go to it first, and while it shows the visitor's screens
 * stand still. */
void kiosk_set_service(Kiosk *k, Service *s, uint64_t now);
/* The platform changed the Service (a PIN checked, an action's result):
 * so is what the service_* call returned. KIOSK_REDRAW when it shows. */
unsigned kiosk_service_changed(Kiosk *k, unsigned so, uint64_t now);
/* The Service while one of its screens shows, else NULL. */
const Service *kiosk_service(const Kiosk *k);

#endif
