/* date: days since 1970-01-01 and back, by Howard Hinnant's civil-day
 * arithmetic (exact for every year 1..9999). Hand-written: C's mktime and
 * gmtime read the clock's time zone and time_t's range, and core is
 * handed its days as numbers. */
#include "core/review/date.h"

#include <stdio.h>

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && leap(y) ? 29 : days[m - 1];
}

int date_from_ymd(int y, int m, int d)
{
	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > month_days(y, m))
		return DATE_NONE;
	y -= m <= 2;
	int era = y / 400; /* y >= 0 here */
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void date_to_ymd(int day, int *y, int *m, int *d)
{
	int z = day + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

static bool digits(const char *s, size_t n, int *out)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

bool date_parse(const char *s, size_t len, int *day, bool *month_only)
{
	int y, m, d = 1;
	if (len != 7 && len != 10)
		return false;
	if (!digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &m))
		return false;
	if (len == 10 && (s[7] != '-' || !digits(s + 8, 2, &d)))
		return false;
	int v = date_from_ymd(y, m, d);
	if (v == DATE_NONE)
		return false;
	*day = v;
	if (month_only)
		*month_only = len == 7;
	return true;
}

void date_format(int day, char *out, size_t outlen)
{
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	snprintf(out, outlen, "%04d-%02d-%02d", y, m, d);
}
