/* date: calendar days as plain numbers, for what is counted or judged per
 * day (usage figures, review dates). A day is the number of days since
 * 1970-01-01 in the proleptic Gregorian calendar; the platform says which
 * day it is (from its clock, or `kiosk render --today`), core never asks.
 * Pure C, no clock, no locale.
 */
#ifndef KIOSK_DATE_H
#define KIOSK_DATE_H

#include <stdbool.h>
#include <stddef.h>

/* No day known (the clock is unknown, or nothing was said). */
#define DATE_NONE (-2147483647 - 1)

/* The day of year y (1..9999), month m (1..12), day d (1..31), or
 * DATE_NONE when that day does not exist (2026-02-30). */
int date_from_ymd(int y, int m, int d);
void date_to_ymd(int day, int *y, int *m, int *d);

/* Reads "YYYY-MM-DD" or "YYYY-MM" (len bytes, no spaces around). A month
 * alone stands for its first day (*month_only says so, may be NULL).
 * false when the text is not such a date or the day does not exist. */
bool date_parse(const char *s, size_t len, int *day, bool *month_only);

/* "YYYY-MM-DD" into out (at least 11 bytes). */
void date_format(int day, char *out, size_t outlen);

#endif
