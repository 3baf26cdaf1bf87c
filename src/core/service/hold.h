/* hold: the two held gestures staff learn and visitors do not make by
 * chance. A single finger pressed inside the top-left corner square and
 * held there for HOLD_CORNER_MS opens the service screen; three fingers
 * held still anywhere for HOLD_THREE_MS start cleaning mode.
 *
 * The corner hold counts only a touch that began in the corner (a drag or
 * a scroll ending there does not), stays inside it, and has no other
 * finger down at any moment (a palm lands as several contacts). The three
 * fingers must stay within a few slops of where they landed (a
 * three-finger swipe is no hold) and a fourth finger cancels it. After
 * either fires, nothing more fires until every finger has lifted.
 *
 * It fires on time passing with no event at all: hold_deadline says when,
 * so the loop can sleep until exactly then. Pure C, time injected (ms);
 * the caller owns the Hold.
 */
#ifndef KIOSK_HOLD_H
#define KIOSK_HOLD_H

#include <stdbool.h>
#include <stdint.h>

#include "core/control/gesture.h"

#define HOLD_CORNER_MS 5000u
#define HOLD_THREE_MS 3000u
/* Fingers followed at once; more than this is a palm. */
#define HOLD_FINGERS 10

typedef enum { HOLD_NONE, HOLD_SERVICE, HOLD_CLEANING } HoldFired;

typedef struct {
	int corner; /* the corner square's side, logical px */
	int slop;   /* px a finger may wander while three are held */
	struct {
		int64_t id;
		int x0, y0;
	} f[HOLD_FINGERS];
	int n;
	bool blocked;          /* a palm, a fourth finger or a gesture that fired:
	                        * nothing until every finger lifts */
	bool corner_armed;     /* one finger down in the corner, alone so far */
	uint64_t corner_since; /* when it went down */
	bool three_armed;      /* three fingers down and still */
	uint64_t three_since;  /* when the third went down */
} Hold;

void hold_init(Hold *h, int corner, int slop);
/* A pointer event at now; what it fired (an event can carry a hold that
 * came due since the last one). */
HoldFired hold_feed(Hold *h, const PointerEvent *ev, uint64_t now);
/* Time passed: what came due by now. */
HoldFired hold_tick(Hold *h, uint64_t now);
/* When a hold under way fires if nothing happens first, or UINT64_MAX. */
uint64_t hold_deadline(const Hold *h);
/* Forgets every finger (the screen was turned, a new controller). */
void hold_reset(Hold *h);

#endif
