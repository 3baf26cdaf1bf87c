/* schedule: the night schedule, when the screen is off. What staff write
 * in kiosk.conf, parsed, and the question the live loop asks of it: is the
 * screen off at this moment, and when does that next change.
 *
 * A day's value is a range of local wall-clock times, "20:00-07:00"
 * (a range that ends before it starts runs on into the next morning),
 * "all day", or "never". screen_off holds every day's; screen_off_mon ..
 * screen_off_sun hold one weekday's, over screen_off's, whichever line
 * comes first. A range belongs to the day it starts on: screen_off_sat =
 * 13:00-08:00 is Saturday 13:00 to Sunday 08:00.
 *
 * Pure C with no clock: local time comes through a callback
 * (ScheduleLocalFn) so that tests give any time zone and any daylight
 * saving change. Nothing is allocated.
 */
#ifndef KIOSK_SCHEDULE_H
#define KIOSK_SCHEDULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SCHEDULE_DAY_MIN (24 * 60)
/* No change within this many seconds: the screen is always on or always
 * off (as scheduled). */
#define SCHEDULE_NEVER INT64_MAX

typedef enum {
	SCHEDULE_ON,    /* not off on this day (the default) */
	SCHEDULE_RANGE, /* from start to end (end <= start: the next day's) */
	SCHEDULE_ALLDAY,
} ScheduleKind;

typedef struct {
	ScheduleKind kind;
	int start, end; /* minutes after midnight, SCHEDULE_RANGE */
} ScheduleDay;

typedef struct {
	ScheduleDay day[7]; /* 0 Sunday .. 6 Saturday, as struct tm's tm_wday */
	bool set[7];        /* given by its own screen_off_DAY line */
} Schedule;

/* A moment in local time, as localtime_r gives it. */
typedef struct {
	int wday;   /* 0 Sunday .. 6 Saturday */
	int minute; /* after midnight, 0 .. 1439 */
	int second; /* 0 .. 59 (60 in a leap second) */
} ScheduleWall;

/* Local time at t (seconds since the epoch). */
typedef void (*ScheduleLocalFn)(int64_t t, void *user, ScheduleWall *out);

void schedule_init(Schedule *s);
/* Whether any day has the screen off. */
bool schedule_any(const Schedule *s);
/* Why a value was refused: the caller words it (config.c, in the
 * reader's language). */
typedef enum {
	SCHEDULE_OK,
	SCHEDULE_NOT_A_RANGE, /* not two times of day, "all day" or "never" */
	SCHEDULE_SAME_TIMES,  /* starts and ends at the same time */
	SCHEDULE_LATE_START,  /* starts at 24:00 */
} ScheduleError;

/* Parses one value as staff write it: "20:00-07:00" (also "8:00 - 7:30",
 * "20.00-07.00"), "all day", "never" (also "no", "none", "off": never off). */
ScheduleError schedule_day_parse(const char *value, ScheduleDay *out);
/* The weekday a key names: "screen_off" -> -1 (every day), "screen_off_mon"
 * .. "screen_off_sun" (also full names, "screen_off_monday") -> 1 .. 0;
 * -2 for any other key. Case as written. */
int schedule_key_day(const char *key);
/* Applies a parsed value for day (-1: every day not set by its own line). */
void schedule_set(Schedule *s, int day, const ScheduleDay *d);
/* Whether the screen is off at this local moment. */
bool schedule_off_at(const Schedule *s, const ScheduleWall *w);
/* Whether it is off at t, and when (t' > t) that next changes, or
 * SCHEDULE_NEVER within the next eight days. Moments a daylight saving
 * change skips are passed over (a range starting at 02:30 on a day that
 * jumps from 02:00 to 03:00 starts at 03:00); one the change repeats
 * counts the first time it comes. */
bool schedule_state(const Schedule *s, int64_t t, ScheduleLocalFn local, void *user,
                    int64_t *next_change);

#endif
