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

static const char *const EVENTS[] = {
    [SCRIPT_DISPLAY_LOST] = "display-lost",
    [SCRIPT_DISPLAY_BACK] = "display-back",
    [SCRIPT_DEVICE_RESET] = "device-reset",
    [SCRIPT_TARGETS_RESET] = "targets-reset",
};

static int parse_event(const Word *w, int n, ScriptCmd *out, char *err, size_t errlen)
{
	for (size_t i = 0; n == 2 && i < sizeof(EVENTS) / sizeof(EVENTS[0]); i++) {
		if (word_is(&w[1], EVENTS[i])) {
			*out = (ScriptCmd){.op = SCRIPT_EVENT, .event = (ScriptEvent)i};
			return 1;
		}
	}
	snprintf(err, errlen,
	         "event takes one of display-lost, display-back, device-reset, targets-reset");
	return -1;
}

int script_parse_line(const char *line, size_t len, ScriptCmd *out, char *err, size_t errlen)
{
	Word w[MAX_WORDS];
	int n = split(line, len, w, MAX_WORDS - 1);
	if (n == 0)
		return 0;
	memset(out, 0, sizeof(*out));
	long v[5];
	if (word_is(&w[0], "tap")) {
		if (n != 3 || number(&w[1], 0, 100000, &v[0]) || number(&w[2], 0, 100000, &v[1]))
			goto usage;
		*out = (ScriptCmd){.op = SCRIPT_TAP, .x1 = (int)v[0], .y1 = (int)v[1]};
		return 1;
	}
	if (word_is(&w[0], "drag")) {
		if (n != 6)
			goto usage;
		for (int i = 0; i < 4; i++)
			if (number(&w[1 + i], -100000, 100000, &v[i]))
				goto usage;
		if (number(&w[5], 1, MAX_MS, &v[4]))
			goto usage;
		*out = (ScriptCmd){.op = SCRIPT_DRAG,
		                   .x1 = (int)v[0],
		                   .y1 = (int)v[1],
		                   .x2 = (int)v[2],
		                   .y2 = (int)v[3],
		                   .ms = (uint32_t)v[4]};
		return 1;
	}
	if (word_is(&w[0], "wait")) {
		if (n != 2 || number(&w[1], 0, MAX_MS, &v[0]))
			goto usage;
		*out = (ScriptCmd){.op = SCRIPT_WAIT, .ms = (uint32_t)v[0]};
		return 1;
	}
	if (word_is(&w[0], "shot")) {
		if (n != 2 || !safe_name(&w[1])) {
			snprintf(err, errlen,
			         "shot needs one name made of letters, digits, '-', '_' or '.'");
			return -1;
		}
		out->op = SCRIPT_SHOT;
		memcpy(out->arg, w[1].s, w[1].len);
		return 1;
	}
	if (word_is(&w[0], "usb")) {
		/* The folder is the rest of the line, so it may hold spaces. */
		const char *p = w[1].s;
		const char *end = line + len;
		while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
			end--;
		if (n < 2 || (size_t)(end - p) >= sizeof(out->arg))
			goto usage;
		out->op = SCRIPT_USB;
		memcpy(out->arg, p, (size_t)(end - p));
		return 1;
	}
	if (word_is(&w[0], "resize")) {
		if (n != 3 || number(&w[1], 64, 16384, &v[0]) || number(&w[2], 64, 16384, &v[1]))
			goto usage;
		*out = (ScriptCmd){.op = SCRIPT_RESIZE, .x1 = (int)v[0], .y1 = (int)v[1]};
		return 1;
	}
	if (word_is(&w[0], "event"))
		return parse_event(w, n, out, err, errlen);
	if (word_is(&w[0], "unplug")) {
		if (n != 1)
			goto usage;
		out->op = SCRIPT_UNPLUG;
		return 1;
	}
	snprintf(err, errlen, "unknown command \"%.*s\"", (int)(w[0].len > 40 ? 40 : w[0].len),
	         w[0].s);
	return -1;
usage:
	snprintf(
	    err, errlen,
	    "expected: tap X Y | drag X1 Y1 X2 Y2 MS | wait MS | shot NAME | usb DIR | unplug | "
	    "resize W H | event NAME");
	return -1;
}
