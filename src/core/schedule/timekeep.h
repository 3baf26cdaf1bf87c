/* timekeep: what time the kiosk believes it is, on boards with no battery
 * clock. The system clock is taken as it is when something vouches for it
 * (NTP synchronised, a real-time clock set it at boot, staff set it on the
 * clock screen in this boot); otherwise the time is unknown. Whatever the
 * system clock says, the kiosk's time never goes back before its floor:
 * the last time it knew (kept in DATA/clock) and the time its installed
 * content was signed (or, unsigned, its newest file).
 *
 * DATA/clock, written by platform/night/clock, is a few lines of text:
 *   kiosk-clock 1
 *   time <seconds since the epoch>
 *   set-boot <boot id>            optional: staff set the clock in that boot
 * Parsing is strict but a bad file only costs what it held. Pure C.
 */
#ifndef KIOSK_TIMEKEEP_H
#define KIOSK_TIMEKEEP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The last known time is written at most this often (an SD card wears). */
#define TIMEKEEP_SAVE_S (60 * 60)
#define TIMEKEEP_BOOT_MAX 40
#define TIMEKEEP_FILE_MAX 256

typedef struct {
	int64_t time;                     /* 0: none */
	char set_boot[TIMEKEEP_BOOT_MAX]; /* "": staff did not set it */
} TimekeepFile;

/* What vouches for the system clock now. */
typedef struct {
	bool ntp;       /* the kernel's clock is synchronised (adjtimex) */
	bool rtc;       /* a real-time clock set the system clock at boot */
	bool staff_set; /* staff set it on the clock screen in this boot */
} TimekeepSources;

int timekeep_parse(const char *text, size_t len, TimekeepFile *out);
/* The file's text into buf; its length, or -1 when it does not fit. */
int timekeep_format(const TimekeepFile *f, char *buf, size_t size);
/* The later of the two (either 0: unknown). */
int64_t timekeep_floor(int64_t last_known, int64_t content_time);
/* The kiosk's time: the system's, but never before floor. */
int64_t timekeep_now(int64_t system_now, int64_t floor);
/* Whether the time of day can be trusted: something vouches for it, and it
 * is not before the floor (a clock that went back is wrong, whatever set it). */
bool timekeep_known(const TimekeepSources *src, int64_t system_now, int64_t floor);
/* Whether now is worth writing, last saved at saved: once an hour. */
bool timekeep_save_due(int64_t now, int64_t saved);

#endif
