/* clock: the time of day as the kiosk may trust it, on boards with no
 * battery clock (core/schedule/timekeep.h has the rules).
 *
 * The last known time lives in DATA/clock, written at most once an hour
 * (an SD card wears) and on a clean stop, whole or not at all (temp file,
 * fsync, rename, fsync of the folder). The floor is the later of it and
 * the installed content's time: kiosk.sig's signing time ("created"); for
 * unsigned content, which carries no time of its own, the newest
 * modification time of its folder and files, which is when it was
 * installed or, for files copied with their times, last edited.
 *
 * Whether the clock is known: the kernel says it is synchronised
 * (adjtimex, as systemd-timesyncd and chrony leave it; under the firmware's
 * ProtectClock= that call is refused, and /run/systemd/timesync/synchronized
 * says it instead), or a real-time clock set it at boot
 * (SYSFS/class/rtc/rtc0/hctosys), or staff set it on the clock screen in
 * this boot (DATA/clock remembers the boot id: the kernel's, or where
 * ProcSubset=pid hides it one kept in $RUNTIME_DIRECTORY/boot-id, which
 * /run loses at every boot). SYSFS is /sys and PROC /proc unless
 * $KIOSK_SYSFS or $KIOSK_PROCFS names another root (tests).
 *
 * This is the small API other parts ask: clock_known and clock_today.
 */
#ifndef KIOSK_CLOCK_H
#define KIOSK_CLOCK_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/schedule/timekeep.h"

typedef struct {
	char path[PATH_MAX];  /* DATA/clock; "" when there is no data folder */
	char sysfs[PATH_MAX]; /* /sys, or $KIOSK_SYSFS */
	char boot[TIMEKEEP_BOOT_MAX];
	int64_t floor;    /* never before this */
	int64_t saved;    /* the time last written (or read) */
	bool staff_set;   /* in this boot */
	bool fake;        /* tests and `kiosk render`: a clock of their own */
	bool fake_known;  /* whether it counts as known */
	bool fake_steady; /* it runs with the real steady clock */
	int64_t fake_at;  /* its time (seconds) ... */
	uint64_t fake_ms; /* ... at this steady (or virtual) ms */
} Clock;

/* data: the data folder (NULL: nothing kept); contentfd: the installed
 * content's folder (-1: none). Never fails: what cannot be read counts as
 * not known. */
void clock_open(Clock *c, const char *data, int contentfd);
/* Writes the time now when it is known and worth it (clock_save). */
void clock_close(Clock *c);
/* Seconds since the epoch, never before the floor. */
int64_t clock_now(const Clock *c);
/* Whether the time of day can be trusted now. */
bool clock_known(const Clock *c);
/* Today's local date (the kiosk's time). */
void clock_today(const Clock *c, int *year, int *month, int *day);
/* Once a turn: writes the time when an hour has passed since the last
 * write and the time is known. */
void clock_tick(Clock *c);
/* Writes DATA/clock now. 0 or -1. */
int clock_save(Clock *c);
/* Staff set the system clock (settime): the time is known in this boot,
 * and kept at once. */
void clock_staff_set(Clock *c);
/* From now on the system clock reads wall (seconds) at steady ms,
 * running on with the real steady clock when steady, else only as
 * clock_fake_advance moves it; known: whether something vouches for it.
 * The live kiosk takes $KIOSK_TEST_NOW ("SECONDS known|unknown") when
 * $KIOSK_TEST_HOOK is set. */
void clock_fake(Clock *c, int64_t wall, bool known, bool steady, uint64_t ms);
/* A virtual clock's ms now (`kiosk render`'s). */
void clock_fake_advance(Clock *c, uint64_t ms);
/* The newest time the content folder at fd carries (clock.h says which). */
int64_t clock_content_time(int contentfd);

#endif
