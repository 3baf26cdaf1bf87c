#include "core/schedule/timekeep.h"

#include <stdio.h>
#include <string.h>

/* One "name value" line at *p; false at the end or on a bad line. */
static bool next_line(const char **p, const char *end, char *line, size_t size)
{
	const char *s = *p;
	if (s >= end)
		return false;
	const char *nl = memchr(s, '\n', (size_t)(end - s));
	/* A NUL inside a line would cut it short unseen. */
	if (!nl || (size_t)(nl - s) >= size || memchr(s, '\0', (size_t)(nl - s)))
		return false;
	memcpy(line, s, (size_t)(nl - s));
	line[nl - s] = '\0';
	*p = nl + 1;
	return true;
}

static bool parse_seconds(const char *s, int64_t *out)
{
	int64_t v = 0;
	if (!*s || (*s == '0' && s[1]))
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (INT64_MAX - 9) / 10)
			return false;
		v = v * 10 + (*s - '0');
	}
	*out = v;
	return true;
}

static bool boot_id_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n >= TIMEKEEP_BOOT_MAX)
		return false;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f') || *s == '-'))
			return false;
	return true;
}

int timekeep_parse(const char *text, size_t len, TimekeepFile *out)
{
	memset(out, 0, sizeof(*out));
	const char *p = text, *end = text + len;
	char line[96];
	if (!next_line(&p, end, line, sizeof(line)) || strcmp(line, "kiosk-clock 1") != 0)
		return -1;
	if (!next_line(&p, end, line, sizeof(line)) || strncmp(line, "time ", 5) != 0 ||
	    !parse_seconds(line + 5, &out->time))
		goto bad;
	if (next_line(&p, end, line, sizeof(line))) {
		if (strncmp(line, "set-boot ", 9) != 0 || !boot_id_ok(line + 9))
			goto bad;
		memcpy(out->set_boot, line + 9, strlen(line + 9) + 1);
	}
	if (p != end)
		goto bad;
	return 0;
bad:
	memset(out, 0, sizeof(*out));
	return -1;
}

int timekeep_format(const TimekeepFile *f, char *buf, size_t size)
{
	int n;
	if (f->set_boot[0] && boot_id_ok(f->set_boot))
		n = snprintf(buf, size, "kiosk-clock 1\ntime %lld\nset-boot %s\n",
		             (long long)f->time, f->set_boot);
	else
		n = snprintf(buf, size, "kiosk-clock 1\ntime %lld\n", (long long)f->time);
	return n < 0 || (size_t)n >= size ? -1 : n;
}

int64_t timekeep_floor(int64_t last_known, int64_t content_time)
{
	return last_known > content_time ? last_known : content_time;
}

int64_t timekeep_now(int64_t system_now, int64_t floor)
{
	return system_now > floor ? system_now : floor;
}

bool timekeep_known(const TimekeepSources *src, int64_t system_now, int64_t floor)
{
	if (system_now < floor)
		return false;
	return src->ntp || src->rtc || src->staff_set;
}

bool timekeep_save_due(int64_t now, int64_t saved)
{
	return now >= saved + TIMEKEEP_SAVE_S;
}
