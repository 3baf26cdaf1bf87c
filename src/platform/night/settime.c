#include "platform/night/settime.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <systemd/sd-bus.h>
#include <time.h>

void settime_fields(const Clock *c, ClockFields *out)
{
	time_t t = (time_t)clock_now(c);
	struct tm tm;
	memset(out, 0, sizeof(*out));
	if (localtime_r(&t, &tm)) {
		out->year = tm.tm_year + 1900;
		out->month = tm.tm_mon + 1;
		out->day = tm.tm_mday;
		out->hour = tm.tm_hour;
		out->minute = tm.tm_min;
	}
	clockset_clamp(out);
}

/* f in the local time zone as seconds since the epoch, or -1. */
static int64_t local_seconds(const ClockFields *f)
{
	struct tm tm = {.tm_year = f->year - 1900,
	                .tm_mon = f->month - 1,
	                .tm_mday = f->day,
	                .tm_hour = f->hour,
	                .tm_min = f->minute,
	                .tm_isdst = -1};
	time_t t = mktime(&tm);
	return t == (time_t)-1 ? -1 : (int64_t)t;
}

static int set_system(int64_t t, char *err, size_t errlen)
{
	sd_bus *bus = NULL;
	sd_bus_error e = SD_BUS_ERROR_NULL;
	int rc = sd_bus_open_system(&bus);
	if (rc < 0) {
		snprintf(err, errlen, "no system bus: %s", strerror(-rc));
		goto done;
	}
	rc = sd_bus_call_method(bus, "org.freedesktop.timedate1", "/org/freedesktop/timedate1",
	                        "org.freedesktop.timedate1", "SetTime", &e, NULL, "xbb",
	                        (int64_t)t * 1000000, 0, 0);
	if (rc < 0)
		snprintf(err, errlen, "%s", e.message ? e.message : strerror(-rc));
done:
	sd_bus_error_free(&e);
	sd_bus_unref(bus);
	return rc < 0 ? -1 : 0;
}

int settime_apply(Clock *c, const ClockFields *f, char *err, size_t errlen)
{
	int64_t t = local_seconds(f);
	if (t < 0) {
		snprintf(err, errlen, "not a time this board can hold");
		return -1;
	}
	if (c->fake)
		clock_fake(c, t, true, c->fake_steady, c->fake_ms);
	else if (set_system(t, err, errlen) != 0)
		return -1;
	clock_staff_set(c);
	return 0;
}
