#include "core/settings/script.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_WORDS 7
#define MAX_MS (24u * 3600u * 1000u)

typedef struct {
	const char *s;
	size_t len;
} Word;

static int split(const char *line, size_t len, Word *w, int max)
{
	int n = 0;
	size_t i = 0;
	while (i < len) {
		while (i < len && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
			i++;
		if (i >= len || line[i] == '#')
			break;
		size_t start = i;
		while (i < len && line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
			i++;
		if (n == max)
			return max + 1;
		w[n++] = (Word){line + start, i - start};
	}
	return n;
}

static int number(const Word *w, long lo, long hi, long *out)
{
	char buf[24];
	if (w->len == 0 || w->len >= sizeof(buf))
		return -1;
	memcpy(buf, w->s, w->len);
	buf[w->len] = '\0';
	char *end;
	errno = 0;
	long v = strtol(buf, &end, 10);
	if (errno || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static bool word_is(const Word *w, const char *s)
{
	return w->len == strlen(s) && memcmp(w->s, s, w->len) == 0;
}

/* Shot names become file names: keep them to a safe alphabet. */
static bool safe_name(const Word *w)
{
	if (w->len == 0 || w->len > 100 || w->s[0] == '.')
		return false;
	for (size_t i = 0; i < w->len; i++) {
		char c = w->s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_' || c == '.'))
			return false;
	}
	return true;
}

/* Each command's parser: 1 with *out filled, 0 for the usage message, or
 * -1 with a message of its own in err. */
typedef struct {
	const Word *w;
	int n;
	const char *line;
	size_t len;
	char *err;
	size_t errlen;
} Line;

static int parse_tap(const Line *l, ScriptCmd *out)
{
	long x, y;
	if (l->n != 3 || number(&l->w[1], 0, 100000, &x) || number(&l->w[2], 0, 100000, &y))
		return 0;
	*out = (ScriptCmd){.op = SCRIPT_TAP, .x1 = (int)x, .y1 = (int)y};
	return 1;
}

static int parse_drag(const Line *l, ScriptCmd *out)
{
	long v[5];
	if (l->n != 6)
		return 0;
	for (int i = 0; i < 4; i++)
		if (number(&l->w[1 + i], -100000, 100000, &v[i]))
			return 0;
	if (number(&l->w[5], 1, MAX_MS, &v[4]))
		return 0;
	*out = (ScriptCmd){.op = SCRIPT_DRAG,
	                   .x1 = (int)v[0],
	                   .y1 = (int)v[1],
	                   .x2 = (int)v[2],
	                   .y2 = (int)v[3],
	                   .ms = (uint32_t)v[4]};
	return 1;
}

static int parse_hold(const Line *l, ScriptCmd *out)
{
	long x, y, ms;
	if (l->n != 4 || number(&l->w[1], 0, 100000, &x) || number(&l->w[2], 0, 100000, &y) ||
	    number(&l->w[3], 1, MAX_MS, &ms))
		return 0;
	*out = (ScriptCmd){.op = SCRIPT_HOLD, .x1 = (int)x, .y1 = (int)y, .ms = (uint32_t)ms};
	return 1;
}

static int parse_fingers(const Line *l, ScriptCmd *out)
{
	long n, x, y, ms;
	if (l->n != 5 || number(&l->w[1], 1, 10, &n) || number(&l->w[2], 0, 100000, &x) ||
	    number(&l->w[3], 0, 100000, &y) || number(&l->w[4], 1, MAX_MS, &ms))
		return 0;
	*out = (ScriptCmd){
	    .op = SCRIPT_FINGERS, .x1 = (int)x, .y1 = (int)y, .x2 = (int)n, .ms = (uint32_t)ms};
	return 1;
}

static int parse_wait(const Line *l, ScriptCmd *out)
{
	long ms;
	if (l->n != 2 || number(&l->w[1], 0, MAX_MS, &ms))
		return 0;
	*out = (ScriptCmd){.op = SCRIPT_WAIT, .ms = (uint32_t)ms};
	return 1;
}

static int parse_shot(const Line *l, ScriptCmd *out)
{
	if (l->n != 2 || !safe_name(&l->w[1])) {
		snprintf(l->err, l->errlen,
		         "shot needs one name made of letters, digits, '-', '_' or '.'");
		return -1;
	}
	out->op = SCRIPT_SHOT;
	memcpy(out->arg, l->w[1].s, l->w[1].len);
	return 1;
}

static int parse_usb(const Line *l, ScriptCmd *out)
{
	if (l->n < 2)
		return 0;
	/* The folder is the rest of the line, so it may hold spaces. */
	const char *p = l->w[1].s;
	const char *end = l->line + l->len;
	while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		end--;
	if ((size_t)(end - p) >= sizeof(out->arg))
		return 0;
	out->op = SCRIPT_USB;
	memcpy(out->arg, p, (size_t)(end - p));
	return 1;
}

static int parse_unplug(const Line *l, ScriptCmd *out)
{
	if (l->n != 1)
		return 0;
	out->op = SCRIPT_UNPLUG;
	return 1;
}

static int parse_resize(const Line *l, ScriptCmd *out)
{
	long w, h;
	if (l->n != 3 || number(&l->w[1], 64, 16384, &w) || number(&l->w[2], 64, 16384, &h))
		return 0;
	*out = (ScriptCmd){.op = SCRIPT_RESIZE, .x1 = (int)w, .y1 = (int)h};
	return 1;
}

static const char *const EVENTS[] = {
    [SCRIPT_DISPLAY_LOST] = "display-lost",
    [SCRIPT_DISPLAY_BACK] = "display-back",
    [SCRIPT_DEVICE_RESET] = "device-reset",
    [SCRIPT_TARGETS_RESET] = "targets-reset",
};

static int parse_event(const Line *l, ScriptCmd *out)
{
	for (size_t i = 0; l->n == 2 && i < sizeof(EVENTS) / sizeof(EVENTS[0]); i++) {
		if (word_is(&l->w[1], EVENTS[i])) {
			*out = (ScriptCmd){.op = SCRIPT_EVENT, .event = (ScriptEvent)i};
			return 1;
		}
	}
	snprintf(l->err, l->errlen,
	         "event takes one of display-lost, display-back, device-reset, targets-reset");
	return -1;
}

/* "2026-12-03" and "21:30" -> fields; false when either is no date or
 * time the clock screen could show. */
static bool parse_when(const Word *date, const Word *hm, ClockFields *f)
{
	char d[16], t[8];
	if (date->len >= sizeof(d) || hm->len >= sizeof(t))
		return false;
	memcpy(d, date->s, date->len);
	d[date->len] = '\0';
	memcpy(t, hm->s, hm->len);
	t[hm->len] = '\0';
	int n1 = 0, n2 = 0;
	if (sscanf(d, "%4d-%2d-%2d%n", &f->year, &f->month, &f->day, &n1) != 3 || d[n1] ||
	    sscanf(t, "%2d:%2d%n", &f->hour, &f->minute, &n2) != 2 || t[n2])
		return false;
	ClockFields c = *f;
	clockset_clamp(&c);
	return memcmp(&c, f, sizeof(c)) == 0;
}

static int parse_time(const Line *l, ScriptCmd *out)
{
	if (l->n != 4 || !parse_when(&l->w[1], &l->w[2], &out->when) ||
	    !(word_is(&l->w[3], "known") || word_is(&l->w[3], "unknown"))) {
		snprintf(
		    l->err, l->errlen,
		    "time takes a date, a time and known or unknown: time 2026-12-03 21:30 known");
		return -1;
	}
	out->op = SCRIPT_TIME;
	out->known = word_is(&l->w[3], "known");
	return 1;
}

static int parse_clock(const Line *l, ScriptCmd *out)
{
	if (l->n != 1)
		return 0;
	out->op = SCRIPT_CLOCK;
	return 1;
}

static const struct {
	const char *word;
	int (*parse)(const Line *l, ScriptCmd *out);
} COMMANDS[] = {
    {"tap", parse_tap},         {"drag", parse_drag},   {"wait", parse_wait},
    {"shot", parse_shot},       {"usb", parse_usb},     {"unplug", parse_unplug},
    {"resize", parse_resize},   {"event", parse_event}, {"hold", parse_hold},
    {"fingers", parse_fingers}, {"time", parse_time},   {"clock", parse_clock},
};

int script_parse_line(const char *line, size_t len, ScriptCmd *out, char *err, size_t errlen)
{
	Word w[MAX_WORDS];
	int n = split(line, len, w, MAX_WORDS - 1);
	if (n == 0)
		return 0;
	memset(out, 0, sizeof(*out));
	Line l = {w, n, line, len, err, errlen};
	for (size_t i = 0; i < sizeof(COMMANDS) / sizeof(COMMANDS[0]); i++) {
		if (!word_is(&w[0], COMMANDS[i].word))
			continue;
		int rc = COMMANDS[i].parse(&l, out);
		if (rc != 0)
			return rc;
		snprintf(
		    err, errlen,
		    "expected: tap X Y | drag X1 Y1 X2 Y2 MS | wait MS | shot NAME | usb DIR | "
		    "unplug | resize W H | event NAME | hold X Y MS | fingers N X Y MS | time DATE "
		    "HH:MM known|unknown | clock");
		return -1;
	}
	snprintf(err, errlen, "unknown command \"%.*s\"", (int)(w[0].len > 40 ? 40 : w[0].len),
	         w[0].s);
	return -1;
}
