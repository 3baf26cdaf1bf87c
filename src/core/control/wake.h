/* wake: when the live loop next has something to do, so that the board
 * sleeps until exactly then. Pure arithmetic on the controller's deadline,
 * the last frame, the service watchdog and background work; no clock of
 * its own (now is passed in) and no SDL.
 */
#ifndef KIOSK_WAKE_H
#define KIOSK_WAKE_H

#include <stdbool.h>
#include <stdint.h>

/* Animations run at most one frame every this many ms (about 60 a
 * second). */
#define WAKE_FRAME_MS 16

typedef struct {
	uint64_t deadline;    /* the controller's next deadline; NAV_NEVER: none */
	uint64_t last_frame;  /* when the last frame was drawn */
	uint32_t watchdog_ms; /* present at least this often; 0: no watchdog */
	bool busy;            /* background work is waiting: do not sleep */
} WakePlan;

/* Whether a frame is owed to the watchdog at now, however still the
 * screen: a ping must prove that a frame really reached the display. */
bool wake_watchdog_due(const WakePlan *p, uint64_t now);
/* How long to sleep from now, in ms: -1 until something else happens (a
 * touch, a stick), 0 not at all, at most INT_MAX. */
int wake_timeout(const WakePlan *p, uint64_t now);

#endif
