/* night: whether the screen is blank now, from the schedule's answer, the
 * clock's trust and the last touch, and when that must be asked again.
 * A touch (or a stick, or a voice reading) keeps the screen on for
 * NIGHT_WAKE_MS; while the time is not known the schedule is paused and
 * the screen stays on, so a board that lost its clock is never blank at
 * noon. Pure C: times are passed in (ms of the loop's steady clock).
 */
#ifndef KIOSK_NIGHT_H
#define KIOSK_NIGHT_H

#include <stdbool.h>
#include <stdint.h>

/* How long a touch keeps a scheduled-off screen on. */
#define NIGHT_WAKE_MS (5u * 60u * 1000u)
#define NIGHT_NEVER UINT64_MAX

typedef struct {
	uint64_t awake_until; /* a touch keeps the screen on until then */
	bool touched;         /* awake_until holds a touch's time */
} Night;

/* What the schedule and the clock say at now. */
typedef struct {
	bool off;          /* the schedule has the screen off now */
	int64_t change_ms; /* ms from now until that changes, < 0: never */
	bool clock_known;  /* the time of day can be trusted */
} NightPlan;

void night_init(Night *n);
/* Someone is there: the screen stays on (or comes on) for NIGHT_WAKE_MS. */
void night_touch(Night *n, uint64_t now);
/* Whether the screen is blank at now. */
bool night_blank(const Night *n, const NightPlan *p, uint64_t now);
/* When the answer of night_blank may next change (never before now), or
 * NIGHT_NEVER: the schedule's change or a touch running out. */
uint64_t night_deadline(const Night *n, const NightPlan *p, uint64_t now);

#endif
