#include "core/schedule/clockset.h"

int clockset_days(int year, int month)
{
	static const int DAYS[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (month < 1 || month > 12)
		return 31;
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	return DAYS[month - 1] + (month == 2 && leap);
}

static int wrap(int v, int lo, int hi)
{
	int n = hi - lo + 1;
	return lo + (((v - lo) % n) + n) % n;
}

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

void clockset_clamp(ClockFields *f)
{
	f->year = clamp(f->year, CLOCKSET_YEAR_MIN, CLOCKSET_YEAR_MAX);
	f->month = clamp(f->month, 1, 12);
	f->day = clamp(f->day, 1, clockset_days(f->year, f->month));
	f->hour = clamp(f->hour, 0, 23);
	f->minute = clamp(f->minute, 0, 59);
}

void clockset_step(ClockFields *f, ClockField field, int delta)
{
	switch (field) {
	case CLOCKSET_DAY:
		f->day = wrap(f->day + delta, 1, clockset_days(f->year, f->month));
		break;
	case CLOCKSET_MONTH:
		f->month = wrap(f->month + delta, 1, 12);
		break;
	case CLOCKSET_YEAR:
		f->year = wrap(f->year + delta, CLOCKSET_YEAR_MIN, CLOCKSET_YEAR_MAX);
		break;
	case CLOCKSET_HOUR:
		f->hour = wrap(f->hour + delta, 0, 23);
		break;
	case CLOCKSET_MINUTE:
		f->minute = wrap(f->minute + delta, 0, 59);
		break;
	case CLOCKSET_FIELDS:
		break;
	}
	clockset_clamp(f);
}

int clockset_value(const ClockFields *f, ClockField field)
{
	switch (field) {
	case CLOCKSET_DAY:
		return f->day;
	case CLOCKSET_MONTH:
		return f->month;
	case CLOCKSET_YEAR:
		return f->year;
	case CLOCKSET_HOUR:
		return f->hour;
	case CLOCKSET_MINUTE:
		return f->minute;
	case CLOCKSET_FIELDS:
		break;
	}
	return 0;
}
