/* gesture: raw pointer events (one finger or a mouse) -> press, tap, drag
 * scrolling, fling and horizontal swipe.
 *
 * Only the first finger down is followed; others are ignored until it lifts,
 * so a second finger never confuses it. Time is injected (milliseconds).
 * Pure C, no SDL, no clock; the caller owns the Gesture and the events.
 *
 * Several flags can come out of one event; handle them in bit order (a
 * release can carry the last GEST_SCROLL of a drag, then GEST_FLING, then
 * GEST_END). GEST_DOWN always starts a fresh touch: a repeated down of the
 * tracked id, whose release was lost, restarts it without a GEST_END.
 */
#ifndef KIOSK_GESTURE_H
#define KIOSK_GESTURE_H

#include <stdbool.h>
#include <stdint.h>

typedef enum { PTR_DOWN, PTR_MOVE, PTR_UP, PTR_CANCEL } PointerType;

typedef struct {
	PointerType type;
	int64_t id; /* finger id; mouse uses 0 */
	int x, y;   /* logical screen pixels */
} PointerEvent;

enum {
	GEST_DOWN = 1u << 0,   /* a tracked touch began at (x, y) */
	GEST_TAP = 1u << 1,    /* down and up within slop and tap time at (x, y) */
	GEST_DRAG = 1u << 2,   /* the touch moved beyond slop: it is no tap */
	GEST_SCROLL = 1u << 3, /* scroll content by dy (positive: content up) */
	GEST_FLING = 1u << 4,  /* released while moving: velocity in px/ms */
	GEST_SWIPE = 1u << 5,  /* horizontal swipe: dir +1 next, -1 previous */
	GEST_END = 1u << 6,    /* the tracked touch ended (any way) */
};

typedef struct {
	unsigned flags;
	int x, y;        /* GEST_DOWN, GEST_TAP: where */
	int dy;          /* GEST_SCROLL */
	double velocity; /* GEST_FLING: px/ms, positive: content moving up */
	int dir;         /* GEST_SWIPE */
} GestureOut;

#define GESTURE_SAMPLES 8

typedef struct {
	int slop;        /* px a tap may move */
	int swipe_min;   /* px of horizontal travel for a swipe */
	uint32_t tap_ms; /* longest press that still counts as a tap */
	bool active;
	bool dragging;
	bool horizontal; /* the drag is a horizontal swipe, not a scroll */
	bool swallowed;
	int64_t id;
	int x0, y0, x, y;
	uint64_t t0;
	struct {
		uint64_t t;
		int x, y;
	} samples[GESTURE_SAMPLES]; /* oldest first, for the release velocity */
	unsigned nsamples;
} Gesture;

/* The longest press that still taps, unless set otherwise after
 * gesture_init. A slow, deliberate press is a tap: an unsteady or
 * hesitant finger (many of a waiting room's visitors) rests a second or
 * two before it lifts, and a short limit would leave it with a screen
 * that does nothing. Only a hand left on the glass (a palm, a leaning
 * arm) for longer than this taps nothing when it lifts. */
#define GESTURE_TAP_MS 10000u

/* tap_ms starts at GESTURE_TAP_MS; set it afterwards to change it. */
void gesture_init(Gesture *g, int slop, int swipe_min);
GestureOut gesture_feed(Gesture *g, const PointerEvent *ev, uint64_t now);
/* Ignores the rest of the current touch (after it woke the kiosk). */
void gesture_swallow(Gesture *g);
bool gesture_active(const Gesture *g);

#endif
