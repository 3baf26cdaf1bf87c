/* today: the local date, or the one the environment names. */
#include "platform/usage/today.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/review/date.h"

/* A board without a battery clock starts in 1970 (or at its software's
 * build date); no day before this one is taken as known. */
#define TODAY_EARLIEST_YEAR 2024

int today_get(void)
{
	const char *env = getenv("KIOSK_TODAY");
	int day;
	if (env && *env) {
		if (date_parse(env, strlen(env), &day, NULL))
			return day;
		return DATE_NONE;
	}
	time_t t = time(NULL);
	struct tm tm;
	if (!localtime_r(&t, &tm) || tm.tm_year + 1900 < TODAY_EARLIEST_YEAR)
		return DATE_NONE;
	return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}
