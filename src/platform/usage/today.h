/* today: which day it is, for core's per-day figures and review dates
 * (core/review/date.h).
 *
 * On the kiosk the day is the trusted clock's (platform/night/clock.h):
 * the time it keeps across restarts, never before the installed content's
 * signing time, and known only when something vouches for it. While it is
 * not known there is no day (DATE_NONE): no article is hidden or flagged
 * as past its review date on a guess, and visits are not counted, since
 * after a power cut on a board without a battery clock the kiosk's time
 * stands still at the last time it kept: every visit until the clock is
 * set would be counted under that day, adding to the figures of a day
 * already gone, which would mislead more than a gap does (core/usage
 * says the same). The service screen shows the clock, and staff set it
 * there.
 *
 * KIOSK_TODAY=YYYY-MM-DD in the environment says which day instead (a
 * test, or staff trying what `hide_expired` would hide on a day to come);
 * KIOSK_TODAY=unknown gives DATE_NONE.
 */
#ifndef KIOSK_TODAY_H
#define KIOSK_TODAY_H

#include "platform/night/clock.h"

/* The day on the kiosk whose clock is c (date.h), or DATE_NONE while c
 * is not known, or is NULL (no clock yet). */
int today_get(const Clock *c);
/* For commands run on a staff's computer, whose clock is set (`kiosk
 * check`): the system's day, DATE_NONE before 2024 (a clock plainly never
 * set). */
int today_system(void);

#endif
