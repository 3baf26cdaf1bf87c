#include "core/schedule/schedule.h"

#include <string.h>

#define WEEK_MIN (7 * SCHEDULE_DAY_MIN)
/* How far schedule_state looks ahead: a week and a day, so that a
 * schedule with one night a week is found whatever day it is. */
#define LOOK_AHEAD_S (8 * 24 * 3600)

void schedule_init(Schedule *s)
{
	memset(s, 0, sizeof(*s));
}

bool schedule_any(const Schedule *s)
{
	for (int d = 0; d < 7; d++)
		if (s->day[d].kind != SCHEDULE_ON)
			return true;
	return false;
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* The value without white space at its ends and in lower case, or false
 * when it does not fit. */
static bool clean(const char *v, char *out, size_t size)
{
	while (*v == ' ' || *v == '\t')
		v++;
	size_t n = strlen(v);
	while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
		n--;
	if (n >= size)
		return false;
	for (size_t i = 0; i < n; i++)
		out[i] = lower(v[i]);
	out[n] = '\0';
	return true;
}

/* "7:00", "07:00", "7.00", "24:00" (as an end only) -> minutes; the
 * position after it in *end. -1 when it is no time of day. */
static int parse_time(const char *s, const char **end)
{
	while (*s == ' ')
		s++;
	int h = 0, digits = 0;
	while (*s >= '0' && *s <= '9' && digits < 3) {
		h = h * 10 + (*s++ - '0');
		digits++;
	}
	if (digits < 1 || digits > 2 || (*s != ':' && *s != '.'))
		return -1;
	s++;
	if (!(s[0] >= '0' && s[0] <= '5' && s[1] >= '0' && s[1] <= '9'))
		return -1;
	int m = (s[0] - '0') * 10 + (s[1] - '0');
	s += 2;
	while (*s == ' ')
		s++;
	*end = s;
	if (h > 24 || (h == 24 && m != 0))
		return -1;
	return h * 60 + m;
}

ScheduleError schedule_day_parse(const char *value, ScheduleDay *out)
{
	char v[64];
	memset(out, 0, sizeof(*out));
	if (!clean(value, v, sizeof(v)))
		return SCHEDULE_NOT_A_RANGE;
	if (strcmp(v, "all day") == 0 || strcmp(v, "allday") == 0 || strcmp(v, "all-day") == 0) {
		out->kind = SCHEDULE_ALLDAY;
		return SCHEDULE_OK;
	}
	static const char *const NEVER[] = {"never", "no", "none", "off"};
	for (size_t i = 0; i < sizeof(NEVER) / sizeof(NEVER[0]); i++)
		if (strcmp(v, NEVER[i]) == 0) {
			out->kind = SCHEDULE_ON;
			return SCHEDULE_OK;
		}
	const char *p = v;
	int start = parse_time(p, &p);
	int end = start >= 0 && *p == '-' ? parse_time(p + 1, &p) : -1;
	if (start < 0 || end < 0 || *p)
		return SCHEDULE_NOT_A_RANGE;
	if (start == SCHEDULE_DAY_MIN)
		return SCHEDULE_LATE_START;
	if (end == SCHEDULE_DAY_MIN)
		end = 0;
	if (start == end)
		return SCHEDULE_SAME_TIMES;
	out->kind = SCHEDULE_RANGE;
	out->start = start;
	out->end = end;
	return SCHEDULE_OK;
}

static const char *const DAYS[7] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
static const char *const LONG_DAYS[7] = {"sunday",   "monday", "tuesday", "wednesday",
                                         "thursday", "friday", "saturday"};

int schedule_key_day(const char *key)
{
	static const char STEM[] = "screen_off";
	if (strncmp(key, STEM, sizeof(STEM) - 1) != 0)
		return -2;
	key += sizeof(STEM) - 1;
	if (!*key)
		return -1;
	if (*key++ != '_')
		return -2;
	for (int d = 0; d < 7; d++)
		if (strcmp(key, DAYS[d]) == 0 || strcmp(key, LONG_DAYS[d]) == 0)
			return d;
	return -2;
}

void schedule_set(Schedule *s, int day, const ScheduleDay *d)
{
	if (day >= 0 && day < 7) {
		s->day[day] = *d;
		s->set[day] = true;
		return;
	}
	for (int i = 0; i < 7; i++)
		if (!s->set[i])
			s->day[i] = *d;
}

/* Whether day d's own stretch covers minute m of day d (same = the same
 * day) or of the day after it (same = false). */
static bool covers(const ScheduleDay *d, int m, bool same)
{
	switch (d->kind) {
	case SCHEDULE_ALLDAY:
		return same;
	case SCHEDULE_RANGE:
		if (d->start < d->end)
			return same && m >= d->start && m < d->end;
		return same ? m >= d->start : m < d->end;
	case SCHEDULE_ON:
		break;
	}
	return false;
}

bool schedule_off_at(const Schedule *s, const ScheduleWall *w)
{
	int d = ((w->wday % 7) + 7) % 7;
	return covers(&s->day[d], w->minute, true) ||
	       covers(&s->day[(d + 6) % 7], w->minute, false);
}

/* Minutes from week minute now to the next boundary strictly after it,
 * or -1 when no day has one. */
static int next_boundary(const Schedule *s, int now)
{
	int best = -1;
	for (int d = 0; d < 7; d++) {
		const ScheduleDay *day = &s->day[d];
		int at[2];
		if (day->kind == SCHEDULE_ALLDAY) {
			at[0] = d * SCHEDULE_DAY_MIN;
			at[1] = (d + 1) * SCHEDULE_DAY_MIN;
		} else if (day->kind == SCHEDULE_RANGE) {
			at[0] = d * SCHEDULE_DAY_MIN + day->start;
			at[1] = d * SCHEDULE_DAY_MIN + day->end +
			        (day->end <= day->start ? SCHEDULE_DAY_MIN : 0);
		} else {
			continue;
		}
		for (int i = 0; i < 2; i++) {
			int delta = ((at[i] - now) % WEEK_MIN + WEEK_MIN) % WEEK_MIN;
			if (delta == 0)
				delta = WEEK_MIN;
			if (best < 0 || delta < best)
				best = delta;
		}
	}
	return best;
}

static bool off(const Schedule *s, int64_t t, ScheduleLocalFn local, void *user, ScheduleWall *w)
{
	local(t, user, w);
	return schedule_off_at(s, w);
}

bool schedule_state(const Schedule *s, int64_t t, ScheduleLocalFn local, void *user,
                    int64_t *next_change)
{
	ScheduleWall w;
	bool now_off = off(s, t, local, user, &w);
	*next_change = SCHEDULE_NEVER;
	/* Wall-clock steps from boundary to boundary; a daylight saving
	 * change moves the wall clock against real time, so each step is
	 * checked against the state, and the first second of a change found
	 * by halving the step it happened in. */
	int64_t lo = t;
	while (lo - t < LOOK_AHEAD_S) {
		int delta = next_boundary(s, w.wday * SCHEDULE_DAY_MIN + w.minute);
		if (delta < 0)
			return now_off;
		int64_t hi = lo + (int64_t)delta * 60 - w.second;
		if (hi <= lo)
			hi = lo + 1;
		if (off(s, hi, local, user, &w) != now_off) {
			while (hi - lo > 1) {
				int64_t mid = lo + (hi - lo) / 2;
				ScheduleWall mw;
				if (off(s, mid, local, user, &mw) != now_off)
					hi = mid;
				else
					lo = mid;
			}
			*next_change = hi;
			return now_off;
		}
		lo = hi;
	}
	return now_off;
}
