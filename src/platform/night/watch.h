/* watch: the night schedule on a live kiosk. Asks the schedule (in the
 * kiosk's time and local time zone) and the clock whether the screen is
 * blank now, keeps it on for five minutes after a touch, and says when it
 * must be asked again, so that a blank kiosk sleeps until exactly then.
 * The panel itself is blank.h's; the time clock.h's.
 *
 * When the system clock is set (NTP's first step, staff, an admin), a
 * timerfd armed with TFD_TIMER_CANCEL_ON_SET wakes the loop, which asks
 * again at once: a kiosk sleeping until the morning, or waiting for the
 * time to become known, does not sleep on a wrong clock.
 *
 * What is asked of the clock (a system call, a sysfs read) and of the
 * schedule (a few dozen localtime_r calls) is asked again only when the
 * schedule changes, after a touch, or a minute after it was last asked
 * (when the loop is awake anyway), not every frame of an animation.
 */
#ifndef KIOSK_WATCH_H
#define KIOSK_WATCH_H

#include <stdbool.h>
#include <stdint.h>

#include "core/control/kiosk.h"
#include "core/schedule/night.h"
#include "core/screen/look/words.h"
#include "core/schedule/schedule.h"
#include "platform/night/clock.h"

typedef struct {
	Clock clock;
	Schedule schedule;
	Night night;
	NightPlan plan;
	uint64_t asked; /* when plan was last worked out (loop ms) */
	bool asked_once;
	int setfd; /* readable when the system clock was set, or -1 */
} Watch;

/* data: the data folder; contentfd: the installed content (clock_open). */
void watch_init(Watch *w, const Schedule *s, const char *data, int contentfd);
void watch_deinit(Watch *w);
/* New settings (SIGHUP) or new content (its kiosk.conf, its signing
 * time; contentfd -1: the same content). */
void watch_configure(Watch *w, const Schedule *s, int contentfd, uint64_t now);
/* The descriptor to poll for the clock being set (-1: none), and what to
 * call when it fired. */
int watch_fd(const Watch *w);
void watch_clock_changed(Watch *w, uint64_t now);
/* Someone is there (a touch, a stick, a voice reading). */
void watch_touch(Watch *w, uint64_t now);
/* Whether the screen is blank at now (loop ms). */
bool watch_blank(Watch *w, uint64_t now);
/* When watch_blank may next change (NIGHT_NEVER: only on a touch). */
uint64_t watch_deadline(Watch *w, uint64_t now);
/* Opens the clock screen at the time now (kiosk_clock_open). */
unsigned watch_open_clock(Watch *w, Kiosk *k, uint64_t now);
/* After KIOSK_SET_CLOCK: sets the time staff chose (settime.h), asks the
 * schedule again and says on screen whether it worked, in words' language,
 * with the text written into notice (which must live while it shows). */
unsigned watch_set_clock(Watch *w, Kiosk *k, const Words *words, char *notice, size_t size,
                         uint64_t now);

#endif
