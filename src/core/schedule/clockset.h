/* clockset: the date and time on the clock screen, as staff step it with
 * its + and - buttons. Each field wraps within its own range without
 * carrying into the next (as on an alarm clock: 59 minutes and + is 0
 * minutes, the hour stays), and the day is kept within its month. Pure C:
 * the platform turns the fields into a time in the local time zone.
 */
#ifndef KIOSK_CLOCKSET_H
#define KIOSK_CLOCKSET_H

#include <stdbool.h>

#define CLOCKSET_YEAR_MIN 2024
#define CLOCKSET_YEAR_MAX 2099

typedef enum {
	CLOCKSET_DAY,
	CLOCKSET_MONTH,
	CLOCKSET_YEAR,
	CLOCKSET_HOUR,
	CLOCKSET_MINUTE,
	CLOCKSET_FIELDS
} ClockField;

typedef struct {
	int year, month, day; /* month 1..12, day 1..31 */
	int hour, minute;
} ClockFields;

int clockset_days(int year, int month);
/* Brings every field into its range (a year outside the screen's to its
 * nearest end). */
void clockset_clamp(ClockFields *f);
/* One press of + (delta 1) or - (delta -1) on field. */
void clockset_step(ClockFields *f, ClockField field, int delta);
/* A field's value as the screen shows it ("03", "2026"). */
int clockset_value(const ClockFields *f, ClockField field);

#endif
