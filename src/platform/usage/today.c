/* today: the day from the trusted clock, the system's, or the one the
 * environment names. */
#include "platform/usage/today.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/review/date.h"

/* A board without a battery clock starts in 1970 (or at its software's
 * build date); no day before this one is taken as known. */
#define TODAY_EARLIEST_YEAR 2024

/* KIOSK_TODAY's day (DATE_NONE for one that is not a date); false when
 * it is not set. */
static bool from_env(int *day)
{
	const char *env = getenv("KIOSK_TODAY");
	if (!env || !*env)
		return false;
	if (!date_parse(env, strlen(env), day, NULL))
		*day = DATE_NONE;
	return true;
}

int today_get(const Clock *c)
{
	int day;
	if (from_env(&day))
		return day;
	if (!c || !clock_known(c))
		return DATE_NONE;
	int y, m, d;
	clock_today(c, &y, &m, &d);
	return date_from_ymd(y, m, d);
}

int today_system(void)
{
	int day;
	if (from_env(&day))
		return day;
	time_t t = time(NULL);
	struct tm tm;
	if (!localtime_r(&t, &tm) || tm.tm_year + 1900 < TODAY_EARLIEST_YEAR)
		return DATE_NONE;
	return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}
