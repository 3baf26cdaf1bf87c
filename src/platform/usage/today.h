/* today: which day it is, for core's per-day figures and review dates
 * (core/review/date.h), from the system's clock in local time.
 *
 * KIOSK_TODAY=YYYY-MM-DD in the environment says which day instead (a
 * test, or staff trying what `hide_expired` would hide on a day to come);
 * KIOSK_TODAY=unknown, like a clock that has plainly never been set
 * (before 2024), gives DATE_NONE: nothing is then judged past its date,
 * and figures are not kept under a wrong day.
 */
#ifndef KIOSK_TODAY_H
#define KIOSK_TODAY_H

/* The day (date.h), or DATE_NONE while the clock is unknown. */
int today_get(void);

#endif
