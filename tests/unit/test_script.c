/* script: the command lines of `kiosk render`, each line of the table
 * parsed to what it means or refused with a message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/settings/script.h"

typedef struct {
	const char *line;
	int rc; /* 1 command, 0 nothing, -1 refused */
	ScriptOp op;
	int x1, y1, x2, y2;
	uint32_t ms;
	ScriptEvent event;
	const char *arg;
	const char *err; /* part of the message when refused */
} Case;

/* Designated fields only: what a case leaves out is 0 or NULL. */
#define NONE(l)                                                                                    \
	{                                                                                          \
		.line = l, .rc = 0                                                                 \
	}
#define BAD(l, e)                                                                                  \
	{                                                                                          \
		.line = l, .rc = -1, .err = e                                                      \
	}
#define CMD(l, ...)                                                                                \
	{                                                                                          \
		.line = l, .rc = 1, __VA_ARGS__                                                    \
	}

static const Case CASES[] = {
    NONE(""),
    NONE("   \t "),
    NONE("# a comment"),
    NONE("  # indented comment"),
    CMD("tap 10 20", .op = SCRIPT_TAP, .x1 = 10, .y1 = 20),
    CMD("\ttap  0   0  # trailing comment", .op = SCRIPT_TAP),
    CMD("tap 100000 5", .op = SCRIPT_TAP, .x1 = 100000, .y1 = 5),
    BAD("tap 100001 5", "expected: tap X Y"),
    BAD("tap -1 5", "expected"),
    BAD("tap 1", "expected"),
    BAD("tap 1 2 3", "expected"),
    BAD("tap 1x 2", "expected"),
    CMD("drag 1 2 -3 4 500", .op = SCRIPT_DRAG, .x1 = 1, .y1 = 2, .x2 = -3, .y2 = 4, .ms = 500),
    BAD("drag 1 2 3 4 0", "expected"),
    BAD("drag 1 2 3 4", "expected"),
    CMD("wait 0", .op = SCRIPT_WAIT),
    CMD("wait 86400000", .op = SCRIPT_WAIT, .ms = 86400000),
    BAD("wait 86400001", "expected"),
    BAD("wait 99999999999999999999", "expected"),
    CMD("shot home", .op = SCRIPT_SHOT, .arg = "home"),
    CMD("shot topic-2_b.x", .op = SCRIPT_SHOT, .arg = "topic-2_b.x"),
    BAD("shot ../etc", "shot needs one name"),
    BAD("shot a/b", "shot needs one name"),
    BAD("shot", "shot needs one name"),
    BAD("shot a b", "shot needs one name"),
    CMD("usb /media/my stick  ", .op = SCRIPT_USB, .arg = "/media/my stick"),
    BAD("usb", "expected"),
    CMD("unplug", .op = SCRIPT_UNPLUG),
    BAD("unplug now", "expected"),
    CMD("resize 1080 1920", .op = SCRIPT_RESIZE, .x1 = 1080, .y1 = 1920),
    BAD("resize 63 100", "expected"),
    BAD("resize 100 16385", "expected"),
    BAD("resize 100", "expected"),
    CMD("event display-lost", .op = SCRIPT_EVENT, .event = SCRIPT_DISPLAY_LOST),
    CMD("event display-back", .op = SCRIPT_EVENT, .event = SCRIPT_DISPLAY_BACK),
    CMD("event device-reset", .op = SCRIPT_EVENT, .event = SCRIPT_DEVICE_RESET),
    CMD("event targets-reset # a comment", .op = SCRIPT_EVENT, .event = SCRIPT_TARGETS_RESET),
    BAD("event", "event takes one of display-lost"),
    BAD("event unplugged", "event takes one of"),
    BAD("event display-lost now", "event takes one of"),
    CMD("time 2026-12-03 21:30 known", .op = SCRIPT_TIME),
    CMD("time 2028-02-29 00:00 unknown", .op = SCRIPT_TIME),
    BAD("time 2026-02-29 00:00 known", "time takes a date"),
    BAD("time 2026-12-03 24:00 known", "time takes a date"),
    BAD("time 2026-12-03 21:30", "time takes a date"),
    BAD("time 2026-12-03 21:30 maybe", "time takes a date"),
    BAD("time 2026-12-03x 21:30 known", "time takes a date"),
    BAD("time 1999-12-03 21:30 known", "time takes a date"),
    CMD("clock", .op = SCRIPT_CLOCK),
    BAD("clock now", "expected"),
    BAD("jump 1 2", "unknown command \"jump\""),
    BAD("a b c d e f g h", "unknown command"),
};

static void test_each_line(void **state)
{
	for (size_t i = 0; i < sizeof(CASES) / sizeof(CASES[0]); i++) {
		const Case *c = &CASES[i];
		ScriptCmd cmd;
		char err[200] = "";
		int rc = script_parse_line(c->line, strlen(c->line), &cmd, err, sizeof(err));
		if (rc != c->rc)
			fail_msg("\"%s\": %d, expected %d (%s)", c->line, rc, c->rc, err);
		if (rc < 0) {
			if (!strstr(err, c->err))
				fail_msg("\"%s\": message \"%s\" lacks \"%s\"", c->line, err,
				         c->err);
			continue;
		}
		if (rc == 0)
			continue;
		assert_int_equal(cmd.op, c->op);
		assert_int_equal(cmd.x1, c->x1);
		assert_int_equal(cmd.y1, c->y1);
		assert_int_equal(cmd.x2, c->x2);
		assert_int_equal(cmd.y2, c->y2);
		assert_int_equal(cmd.ms, c->ms);
		assert_int_equal(cmd.event, c->event);
		assert_string_equal(cmd.arg, c->arg ? c->arg : "");
	}
	ScriptCmd cmd;
	char err[200];
	const char *line = "time 2028-02-29 07:05 unknown";
	assert_int_equal(script_parse_line(line, strlen(line), &cmd, err, sizeof(err)), 1);
	assert_int_equal(cmd.when.year, 2028);
	assert_int_equal(cmd.when.month, 2);
	assert_int_equal(cmd.when.day, 29);
	assert_int_equal(cmd.when.hour, 7);
	assert_int_equal(cmd.when.minute, 5);
	assert_false(cmd.known);
}

static void test_lines_are_not_nul_terminated(void **state)
{
	/* The reader hands lines as pointer and length: nothing past len
	 * counts. */
	const char buf[] = "tap 10 20 30";
	ScriptCmd cmd;
	char err[200];
	assert_int_equal(script_parse_line(buf, 9, &cmd, err, sizeof(err)), 1);
	assert_int_equal(cmd.y1, 20);
	char usb[SCRIPT_ARG_MAX + 8];
	memcpy(usb, "usb ", 4);
	memset(usb + 4, 'd', sizeof(usb) - 4);
	/* A folder as long as the buffer is refused, not cut short. */
	assert_int_equal(script_parse_line(usb, 4 + SCRIPT_ARG_MAX, &cmd, err, sizeof(err)), -1);
	assert_int_equal(script_parse_line(usb, 4 + SCRIPT_ARG_MAX - 1, &cmd, err, sizeof(err)), 1);
	assert_int_equal(strlen(cmd.arg), SCRIPT_ARG_MAX - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_each_line),
	    cmocka_unit_test(test_lines_are_not_nul_terminated),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
