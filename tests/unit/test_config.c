/* Unit tests for core/config: every setting with good and bad values and
 * the exact line each problem is reported on, sections, comments, syntax
 * errors, text that is not text, and the readability check on colours. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/settings/config.h"

#define MAX_REPORTS 64

typedef struct {
	int n;
	int line[MAX_REPORTS];
	char msg[MAX_REPORTS][400];
	bool warning[MAX_REPORTS];
} Reports;

static void collect(void *user, int line, bool warning, const PkgWhy *why)
{
	Reports *r = user;
	r->warning[r->n] = warning;
	assert_true(r->n < MAX_REPORTS);
	assert_non_null(why);
	char *msg = r->msg[r->n];
	pkg_why_english(why, msg, sizeof(r->msg[0]));
	/* Every message is one clean line for the staff to read. */
	for (const char *p = msg; *p; p++)
		assert_true((unsigned char)*p >= 0x20);
	r->line[r->n] = line;
	r->n++;
}

static int run(Config *c, Reports *r, const char *text)
{
	memset(r, 0, sizeof(*r));
	config_defaults(c);
	int n = config_parse(c, text, strlen(text), collect, r);
	assert_int_equal(n, r->n);
	return n;
}

static void expect(const Reports *r, int i, int line, const char *msg)
{
	assert_true(i < r->n);
	assert_int_equal(r->line[i], line);
	assert_string_equal(r->msg[i], msg);
}

/* One line of a settings file and the problem it must be reported with;
 * NULL: the line is accepted. */
typedef struct {
	const char *text;
	const char *problem;
} Line;

#define LINES(t) (t), sizeof(t) / sizeof((t)[0])

/* Parses the lines as one file and checks that exactly the lines with a
 * problem were reported, in order, each on its own line number and in its
 * own words. */
static void run_lines(Config *c, Reports *r, const Line *lines, size_t n)
{
	size_t len = 1;
	for (size_t i = 0; i < n; i++)
		len += strlen(lines[i].text) + 1;
	char *text = malloc(len);
	assert_non_null(text);
	size_t used = 0;
	int problems = 0;
	for (size_t i = 0; i < n; i++) {
		used += (size_t)sprintf(text + used, "%s\n", lines[i].text);
		problems += lines[i].problem != NULL;
	}
	assert_int_equal(run(c, r, text), problems);
	int k = 0;
	for (size_t i = 0; i < n; i++)
		if (lines[i].problem)
			expect(r, k++, (int)i + 1, lines[i].problem);
	free(text);
}

static void test_defaults(void **state)
{
	Config c;
	config_defaults(&c);
	Theme def = theme_default();
	assert_int_equal(c.idle_timeout_s, 90);
	assert_int_equal(c.rotate_interval_s, 12);
	assert_int_equal(c.rotation, 0);
	assert_true(c.text_scale == 1.0);
	assert_memory_equal(&c.theme, &def, sizeof(def));
	assert_true(c.fullscreen);
	assert_string_equal(c.data_dir, "/var/lib/kiosk");
	assert_string_equal(c.usb_dirs, "./usb");
	assert_string_equal(c.font_dir, "");
	assert_string_equal(c.speech_voice, "en");
	assert_int_equal(c.speech_rate, 150);
	assert_int_equal(c.speech_volume, 100);
	assert_false(c.hide_expired);
	assert_string_equal(c.export_helper, "");
	assert_string_equal(c.update_helper, "");
	assert_string_equal(c.update_status, "");
	assert_string_equal(c.release_file, "");
	assert_string_equal(c.data_ready_file, "");
}

static void test_every_key_valid(void **state)
{
	Config c;
	Reports r;
	int n = run(&c, &r,
	            "# kiosk.conf for the waiting room\n"
	            "[kiosk]\n"
	            "idle_timeout_s = 300\n"
	            "rotate_interval_s = 20\n"
	            "rotation = 270\n"
	            "text_scale = 1.25\n"
	            "fullscreen = no\n"
	            "data_dir = /srv/kiosk data\n"
	            "usb_dirs = /media/usb0:/media/usb1\n"
	            "font_dir = /usr/share/fonts/truetype/dejavu\n"
	            "theme_background = #FFFFFF\n"
	            "theme_surface = #f0f0f0\n"
	            "theme_text = #101010\n"
	            "theme_muted = #555555\n"
	            "theme_accent = #005A9C\n"
	            "theme_on_accent = #FFFFFF\n"
	            "theme_pressed = #003A6C\n"
	            "theme_border = #CCCCCC\n"
	            "theme_shade = #000000\n"
	            "theme_on_shade = #EEEEEE\n"
	            "speech_voice = en-gb+f3\n"
	            "speech_rate = 120\n"
	            "speech_volume = 0\n"
	            "hide_expired = yes\n"
	            "export_helper = /run/kiosk-export.sock\n"
	            "update_helper = /run/kiosk-update.sock\n"
	            "update_status = /run/kiosk-update/status\n"
	            "release_file = /etc/kiosk-release\n"
	            "data_ready_file = /run/kiosk-data-ready\n");
	assert_int_equal(n, 0);
	assert_true(c.hide_expired);
	assert_string_equal(c.export_helper, "/run/kiosk-export.sock");
	assert_string_equal(c.update_helper, "/run/kiosk-update.sock");
	assert_string_equal(c.update_status, "/run/kiosk-update/status");
	assert_string_equal(c.release_file, "/etc/kiosk-release");
	assert_string_equal(c.data_ready_file, "/run/kiosk-data-ready");
	assert_string_equal(c.speech_voice, "en-gb+f3");
	assert_int_equal(c.speech_rate, 120);
	assert_int_equal(c.speech_volume, 0);
	assert_int_equal(c.idle_timeout_s, 300);
	assert_int_equal(c.rotate_interval_s, 20);
	assert_int_equal(c.rotation, 270);
	assert_true(c.text_scale == 1.25);
	assert_false(c.fullscreen);
	assert_string_equal(c.data_dir, "/srv/kiosk data");
	assert_string_equal(c.usb_dirs, "/media/usb0:/media/usb1");
	assert_string_equal(c.font_dir, "/usr/share/fonts/truetype/dejavu");
	assert_int_equal(c.theme.background, 0xFFFFFFFFu);
	assert_int_equal(c.theme.surface, 0xF0F0F0FFu);
	assert_int_equal(c.theme.text, 0x101010FFu);
	assert_int_equal(c.theme.muted, 0x555555FFu);
	assert_int_equal(c.theme.accent, 0x005A9CFFu);
	assert_int_equal(c.theme.on_accent, 0xFFFFFFFFu);
	assert_int_equal(c.theme.pressed, 0x003A6CFFu);
	assert_int_equal(c.theme.border, 0xCCCCCCFFu);
	assert_int_equal(c.theme.shade, 0x000000FFu);
	assert_int_equal(c.theme.on_shade, 0xEEEEEEFFu);
}

static void test_range_edges(void **state)
{
	Config c;
	Reports r;
	assert_int_equal(run(&c, &r, "idle_timeout_s = 5\nrotate_interval_s = 3600\n"), 0);
	assert_int_equal(c.idle_timeout_s, 5);
	assert_int_equal(c.rotate_interval_s, 3600);
	assert_int_equal(run(&c, &r, "idle_timeout_s = 86400\nrotate_interval_s = 3\n"), 0);
	assert_int_equal(c.idle_timeout_s, 86400);
	assert_int_equal(c.rotate_interval_s, 3);
	assert_int_equal(run(&c, &r, "text_scale = 0.75\n"), 0);
	assert_true(c.text_scale == 0.75);
	assert_int_equal(run(&c, &r, "text_scale = 2\n"), 0);
	assert_true(c.text_scale == 2.0);
	assert_int_equal(run(&c, &r, "text_scale = 2.000\n"), 0);
	assert_int_equal(run(&c, &r, "text_scale = .8\n"), 0);
	assert_true(c.text_scale > 0.79 && c.text_scale < 0.81);
	for (int deg = 0; deg < 360; deg += 90) {
		char line[32];
		snprintf(line, sizeof(line), "rotation=%d", deg);
		assert_int_equal(run(&c, &r, line), 0);
		assert_int_equal(c.rotation, deg);
	}
}

static void test_booleans(void **state)
{
	static const char *const yes[] = {"yes", "YES", "true", "True", "1", "on", "On"};
	static const char *const no[] = {"no", "No", "false", "FALSE", "0", "off", "OFF"};
	Config c;
	Reports r;
	char line[64];
	for (size_t i = 0; i < 7; i++) {
		snprintf(line, sizeof(line), "fullscreen = %s\n", no[i]);
		assert_int_equal(run(&c, &r, line), 0);
		assert_false(c.fullscreen);
		snprintf(line, sizeof(line), "fullscreen = no\nfullscreen = %s\n", yes[i]);
		assert_int_equal(run(&c, &r, line), 0);
		assert_true(c.fullscreen);
	}
}

#define IDLE_BAD(v)                                                                                \
	{                                                                                          \
		"idle_timeout_s = " v,                                                             \
		    "idle_timeout_s must be a whole number of seconds from 5 to 86400 (got \"" v   \
		    "\")"                                                                          \
	}

static const Line BAD_NUMBERS[] = {
    IDLE_BAD("abc"),
    IDLE_BAD("4"),
    IDLE_BAD("86401"),
    IDLE_BAD("5s"),
    IDLE_BAD("-5"),
    IDLE_BAD("+5"),
    IDLE_BAD("99999999999999999999"),
    IDLE_BAD("0x10"),
    IDLE_BAD("1e3"),
    IDLE_BAD("30.0"),
    {"idle_timeout_s =",
     "idle_timeout_s must be a whole number of seconds from 5 to 86400 (got \"\")"},
    {"rotate_interval_s = 2",
     "rotate_interval_s must be a whole number of seconds from 3 to 3600 (got \"2\")"},
    {"rotate_interval_s = 3601",
     "rotate_interval_s must be a whole number of seconds from 3 to 3600 (got \"3601\")"},
    {"rotation = 45", "rotation must be 0, 90, 180 or 270 (got \"45\")"},
    {"rotation = 90 degrees", "rotation must be 0, 90, 180 or 270 (got \"90 degrees\")"},
    {"rotation = -90", "rotation must be 0, 90, 180 or 270 (got \"-90\")"},
    {"speech_rate = 79", "speech_rate must be a whole number from 80 to 450 (got \"79\")"},
    {"speech_rate = fast", "speech_rate must be a whole number from 80 to 450 (got \"fast\")"},
    {"speech_volume = 201", "speech_volume must be a whole number from 0 to 200 (got \"201\")"},
    {"speech_voice = ../../etc/x",
     "speech_voice must be the name of an espeak-ng voice, such as en or en-gb (got "
     "\"../../etc/x\")"},
    {"speech_voice =",
     "speech_voice must be the name of an espeak-ng voice, such as en or en-gb (got \"\")"},
};

static void test_bad_numbers(void **state)
{
	Config c;
	Reports r;
	run_lines(&c, &r, LINES(BAD_NUMBERS));
	assert_int_equal(r.n, 21);
	/* Every bad value kept the default. */
	assert_int_equal(c.idle_timeout_s, 90);
	assert_int_equal(c.rotate_interval_s, 12);
	assert_int_equal(c.rotation, 0);
	assert_int_equal(c.speech_rate, 150);
	assert_int_equal(c.speech_volume, 100);
	assert_string_equal(c.speech_voice, "en");
}

static void test_bad_scale(void **state)
{
	static const char *const bad[] = {"0.7", "2.01", "abc", "1,25", "1.2.3", "",    "nan",
	                                  "inf", "1e0",  "-1",  "+1",   ".",     "0x1", "1 .5"};
	Config c;
	Reports r;
	char text[64], want[160];
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), "\ntext_scale = %s\n", bad[i]);
		assert_int_equal(run(&c, &r, text), 1);
		snprintf(want, sizeof(want),
		         "text_scale must be a number from 0.75 to 2.0, such as 1.25 (got \"%s\")",
		         bad[i]);
		expect(&r, 0, 2, want);
		assert_true(c.text_scale == 1.0);
	}
}

static const Line BAD_BOOLS[] = {
    {"fullscreen = yess", "fullscreen must be yes or no (got \"yess\")"},
    {"fullscreen =", "fullscreen must be yes or no (got \"\")"},
    {"fullscreen = maybe", "fullscreen must be yes or no (got \"maybe\")"},
};

static void test_bad_bool(void **state)
{
	Config c;
	Reports r;
	run_lines(&c, &r, LINES(BAD_BOOLS));
	assert_true(c.fullscreen);
}

static const Line LANGUAGES[] = {
    {"language = es", NULL},
    {"language = pt_BR", NULL},
    {"language = english", "language must be a language tag such as en, es or pt-BR (got "
                           "\"english\")"},
    {"language =", "language must be a language tag such as en, es or pt-BR (got \"\")"},
    {"language = ../../etc", "language must be a language tag such as en, es or pt-BR (got "
                             "\"../../etc\")"},
};

static const Line SCHEDULES[] = {
    {"screen_off = 20:00-07:00", NULL},
    {"Screen_Off_Sat = 13:00-08:00", NULL},
    {"screen_off_sunday = all day", NULL},
    {"screen_off_wed = never", NULL},
    {"screen_off_mon = 20:00", "screen_off_mon must be two times of day such as 20:00-07:00, or "
                               "\"all day\" or \"never\" (got \"20:00\")"},
    {"screen_off_tue = 8:00-8:00", "screen_off_tue starts and ends at the same time; for the "
                                   "whole day write \"all day\" (got \"8:00-8:00\")"},
    {"screen_off_fri = 25:00-07:00", "screen_off_fri must be two times of day such as "
                                     "20:00-07:00, or \"all day\" or \"never\" (got "
                                     "\"25:00-07:00\")"},
    {"screen_off_thu = 24:00-07:00", "screen_off_thu must start by 23:59; midnight is 00:00 (got "
                                     "\"24:00-07:00\")"},
    {"screen_off_xyz = all day", "unknown setting \"screen_off_xyz\""},
};

/* The night schedule: every day's, a weekday's own over it in any order,
 * and a bad value naming its line while the others apply. */
static void test_screen_off(void **state)
{
	Config c;
	Reports r;
	run_lines(&c, &r, LINES(SCHEDULES));
	const Schedule *s = &c.screen_off;
	assert_int_equal(s->day[6].kind, SCHEDULE_RANGE);
	assert_int_equal(s->day[6].start, 13 * 60);
	assert_int_equal(s->day[0].kind, SCHEDULE_ALLDAY);
	assert_int_equal(s->day[3].kind, SCHEDULE_ON);
	/* Monday's and Tuesday's lines were bad: they run as every day. */
	assert_int_equal(s->day[1].kind, SCHEDULE_RANGE);
	assert_int_equal(s->day[1].start, 20 * 60);
	assert_int_equal(s->day[2].end, 7 * 60);
	assert_int_equal(s->day[5].start, 20 * 60);
	config_defaults(&c);
	assert_false(schedule_any(&c.screen_off));
}

static void test_language(void **state)
{
	Config c;
	Reports r;
	config_defaults(&c);
	assert_string_equal(c.language, "en");
	run_lines(&c, &r, LINES(LANGUAGES));
	/* The last good line holds; the bad ones keep it. */
	assert_string_equal(c.language, "pt_BR");
}

#define PIN_HASH                                                                                   \
	"$argon2id$v=19$m=65536,t=2,p=1$gzlLcMuoWPdBzQV7FtRIrg$"                                   \
	"X1oXSFwMY2rdf8uDYbo7O64QPPabNnuulBNqwvQs1uA"
#define PIN_BAD "service_pin must be the hash `kiosk pin` prints, never a PIN"

static const Line PINS[] = {
    {"service_pin = " PIN_HASH, NULL},
    {"service_pin = 2468", PIN_BAD},
    {"service_pin = $argon2i$v=19$m=4096,t=3,p=1$c2FsdA$aGFzaA", PIN_BAD},
    {"service_pin = $argon2id$ x", PIN_BAD},
    {"service_pin = $argon2id$"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaa",
     PIN_BAD},
};

static void test_service_pin(void **state)
{
	Config c;
	Reports r;
	config_defaults(&c);
	assert_string_equal(c.service_pin, "");
	run_lines(&c, &r, LINES(PINS));
	/* The hash holds; the PIN itself and malformed hashes never do. */
	assert_string_equal(c.service_pin, PIN_HASH);
	/* A stick may set it only when signed. */
	const char *line = "service_pin = " PIN_HASH "\n";
	config_defaults(&c);
	config_parse_package(&c, line, strlen(line), NULL, NULL);
	assert_string_equal(c.service_pin, "");
	config_parse_signed_package(&c, line, strlen(line), NULL, NULL);
	assert_string_equal(c.service_pin, PIN_HASH);
}

static const Line PATHS[] = {
    {"data_dir =", "data_dir must not be empty"},
    {"usb_dirs =", "usb_dirs must not be empty"},
    {"data_dir = /a\tb", "data_dir must not contain control characters"},
    {"usb_dirs = /media/\x7Fusb", "usb_dirs must not contain control characters"},
    {"usb_dirs = /media/\xC2\x85usb", "usb_dirs must not contain control characters"},
    /* font_dir may be emptied: it is optional and empty by default. */
    {"font_dir =", NULL},
    {"data_dir = /srv/caf\xC3\xA9", NULL},
};

static void test_paths(void **state)
{
	Config c;
	Reports r;
	run_lines(&c, &r, LINES(PATHS));
	assert_string_equal(c.usb_dirs, "./usb");
	assert_string_equal(c.font_dir, "");
	assert_string_equal(c.data_dir, "/srv/caf\xC3\xA9");
}

#define COLOR_BAD(v)                                                                               \
	{                                                                                          \
		"theme_accent = " v,                                                               \
		    "theme_accent must be a colour written as #RRGGBB, such as #1F6F78 (got \"" v  \
		    "\")"                                                                          \
	}

static const Line COLORS[] = {
    COLOR_BAD("red"),     COLOR_BAD("#12345"),   COLOR_BAD("123456"),
    COLOR_BAD("#GGGGGG"), COLOR_BAD("#1234567"), {"theme_border = #ABCDEF ; inline comment", NULL},
};

static void test_colors(void **state)
{
	Config c;
	Reports r;
	run_lines(&c, &r, LINES(COLORS));
	assert_int_equal(c.theme.accent, theme_default().accent);
	assert_int_equal(c.theme.border, 0xABCDEFFFu);
}

static void test_unknown_setting(void **state)
{
	Config c;
	Reports r;
	assert_int_equal(run(&c, &r, "; comment\n\nidle_timout_s = 30\nrotation = 90\n"), 1);
	expect(&r, 0, 3, "unknown setting \"idle_timout_s\"");
	assert_int_equal(c.idle_timeout_s, 90);
	assert_int_equal(c.rotation, 90);
}

static const Line SECTIONS[] = {
    {"rotation = 90", NULL},
    {"", NULL},
    /* Once per section, at its header; its settings are not applied. */
    {"[display]", "unknown section [display]"},
    {"idle_timeout_s = 30", NULL},
    {"rotation = 180", NULL},
    {"[kiosk]", NULL},
    {"text_scale = 1.5", NULL},
    {"[other]", "unknown section [other]"},
    {"fullscreen = no", NULL},
};

static void test_unknown_section(void **state)
{
	Config c;
	Reports r;
	run_lines(&c, &r, LINES(SECTIONS));
	assert_int_equal(c.rotation, 90);
	assert_int_equal(c.idle_timeout_s, 90);
	assert_true(c.text_scale == 1.5);
	assert_true(c.fullscreen);
}

static void test_names_ignore_case(void **state)
{
	Config c;
	Reports r;
	assert_int_equal(run(&c, &r, "[Kiosk]\nFullscreen = No\nIDLE_TIMEOUT_S = 60\n"), 0);
	assert_false(c.fullscreen);
	assert_int_equal(c.idle_timeout_s, 60);
}

static void test_comments_and_layout(void **state)
{
	Config c;
	Reports r;
	int n = run(&c, &r,
	            "\xEF\xBB\xBF# a byte order mark, then a comment\r\n"
	            "; another comment\r\n"
	            "   \r\n"
	            "idle_timeout_s = 45 ; three quarters of a minute\r\n"
	            "    rotation = 180\r\n"
	            "\ttheme_text = #111111\r\n"
	            "text_scale: 1.5\r\n"
	            "data_dir = /srv/a;b\r\n"
	            "usb_dirs = /media/usb");
	assert_int_equal(n, 0);
	assert_int_equal(c.idle_timeout_s, 45);
	/* Indented lines are settings of their own, not continuations. */
	assert_int_equal(c.rotation, 180);
	assert_int_equal(c.theme.text, 0x111111FFu);
	assert_true(c.text_scale == 1.5);
	/* A ';' only starts a comment after white space. */
	assert_string_equal(c.data_dir, "/srv/a;b");
	/* The last line needs no line end. */
	assert_string_equal(c.usb_dirs, "/media/usb");
}

static const Line SYNTAX[] = {
    {"rotation = 90", NULL},
    {"this is not a setting", "this line is not \"setting = value\""},
    {"", NULL},
    {"[kiosk", "this line starts a section but has no closing \"]\""},
    {"idle_timeout_s 30", "this line is not \"setting = value\""},
    {"= 5", "this line has no setting name before the \"=\""},
    {"text_scale = 1.5", NULL},
};

static void test_syntax_errors_each_reported(void **state)
{
	Config c;
	Reports r;
	run_lines(&c, &r, LINES(SYNTAX));
	/* Good lines around the bad ones still count. */
	assert_int_equal(c.rotation, 90);
	assert_true(c.text_scale == 1.5);
}

static void test_long_line(void **state)
{
	Config c;
	Reports r;
	char text[1200];
	int n = snprintf(text, sizeof(text), "rotation = 90\ndata_dir = /");
	memset(text + n, 'x', 600);
	snprintf(text + n + 600, sizeof(text) - (size_t)n - 600, "\nidle_timeout_s = 30\n");
	assert_int_equal(run(&c, &r, text), 1);
	assert_int_equal(r.line[0], 2);
	assert_true(strstr(r.msg[0], "too long") != NULL);
	assert_string_equal(c.data_dir, "/var/lib/kiosk");
	/* The line count stays right after it. */
	assert_int_equal(c.idle_timeout_s, 30);
	assert_int_equal(run(&c, &r, text + 14), 1);
	assert_int_equal(r.line[0], 1);
}

static void test_long_value_is_clipped_in_message(void **state)
{
	Config c;
	Reports r;
	char text[256];
	snprintf(
	    text, sizeof(text), "idle_timeout_s = %s\n",
	    "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
	    "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
	    "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9");
	assert_int_equal(run(&c, &r, text), 1);
	/* Clipped between characters, never inside one, and marked. */
	assert_non_null(strstr(r.msg[0], "\xC3\xA9...\")"));
	assert_true(strlen(r.msg[0]) < 150);
}

static void test_bad_value_keeps_previous(void **state)
{
	Config c;
	Reports r;
	assert_int_equal(run(&c, &r, "idle_timeout_s = 30\nidle_timeout_s = abc\n"), 1);
	assert_int_equal(c.idle_timeout_s, 30);
	/* A later good value wins. */
	assert_int_equal(run(&c, &r, "idle_timeout_s = 30\nidle_timeout_s = 40\n"), 0);
	assert_int_equal(c.idle_timeout_s, 40);
}

/* A bad byte costs its own line only: the lines around it still apply, so
 * one Latin-1 letter in a comment cannot switch signatures off. */
static void test_bad_bytes_cost_their_line(void **state)
{
	static const char latin1[] = "# caf\xE9 notes\nrequire_signature = yes\n"
	                             "idle_timeout_s = 30\ndata_dir = /srv/caf\xE9\n";
	static const char overlong[] = "rotation = 90\n\xC0\xAF\nsite = riverside\n";
	static const char nul[] = "idle_timeout_s = 30\nsite = a\0b\nrequire_signature = yes\n";
	Config c;
	Reports r = {0};
	config_defaults(&c);
	assert_int_equal(config_parse(&c, latin1, sizeof(latin1) - 1, collect, &r), 2);
	expect(&r, 0, 1,
	       "this line is not UTF-8 text (byte 6); save the file as UTF-8. The line is skipped");
	expect(
	    &r, 1, 4,
	    "this line is not UTF-8 text (byte 20); save the file as UTF-8. The line is skipped");
	assert_true(c.require_signature);
	assert_int_equal(c.idle_timeout_s, 30);
	assert_string_equal(c.data_dir, "/var/lib/kiosk");

	memset(&r, 0, sizeof(r));
	config_defaults(&c);
	assert_int_equal(config_parse(&c, overlong, sizeof(overlong) - 1, collect, &r), 1);
	expect(&r, 0, 2,
	       "this line is not UTF-8 text (byte 1); save the file as UTF-8. The line is skipped");
	assert_int_equal(c.rotation, 90);
	assert_string_equal(c.site, "riverside");

	memset(&r, 0, sizeof(r));
	config_defaults(&c);
	assert_int_equal(config_parse(&c, nul, sizeof(nul) - 1, collect, &r), 1);
	expect(&r, 0, 2, "this line holds a NUL byte and is skipped");
	assert_true(c.require_signature);
	assert_string_equal(c.site, "");
}

/* A stick's kiosk.conf that is a binary file is refused whole. */
static void test_package_binary_refused(void **state)
{
	static const char binary[] = "idle_timeout_s = 30\n\x7F"
	                             "ELF\x02\x01\x01\0\0\0\x89PNG\r\n";
	Config c, before;
	Reports r = {0};
	config_defaults(&c);
	c.idle_timeout_s = 77; /* not a default: proves c is left alone */
	before = c;
	assert_int_equal(config_parse_package(&c, binary, sizeof(binary) - 1, collect, &r), 1);
	expect(&r, 0, 0, "the settings file is not plain text");
	assert_memory_equal(&c, &before, sizeof(c));
}

/* require_signature fails closed: a value nobody can read means yes. */
static void test_require_signature_fails_closed(void **state)
{
	Config c;
	Reports r;
	assert_int_equal(run(&c, &r, "require_signature = yess\n"), 1);
	expect(&r, 0, 1,
	       "require_signature must be yes or no (got \"yess\"); signatures are required "
	       "until it is mended");
	assert_true(c.require_signature);
	assert_int_equal(run(&c, &r, "require_signature = no\n"), 0);
	assert_false(c.require_signature);
}

static void test_low_contrast(void **state)
{
	Config c;
	Reports r;
	Theme def = theme_default();
	int n = run(&c, &r,
	            "theme_text = #777777\ntheme_background = #888888\ntheme_accent = #123456\n");
	assert_int_equal(n, 1);
	assert_int_equal(r.line[0], 0);
	assert_non_null(strstr(r.msg[0], "theme_text and theme_background"));
	assert_non_null(strstr(r.msg[0], "4.5:1"));
	assert_int_equal(c.theme.text, def.text);
	assert_int_equal(c.theme.background, def.background);
	/* Other colours are kept. */
	assert_int_equal(c.theme.accent, 0x123456FFu);

	/* Just one side changed can spoil it too. */
	n = run(&c, &r, "theme_background = #2A3A40\n");
	assert_int_equal(n, 1);
	assert_int_equal(c.theme.background, def.background);

	/* Inverted, but readable everywhere: fine. */
	assert_int_equal(run(&c, &r,
	                     "theme_text = #FFFFFF\ntheme_background = #000000\n"
	                     "theme_muted = #C8C8C8\ntheme_accent = #7FD4DC\n"
	                     "theme_surface = #1A1A1A\ntheme_on_accent = #000000\n"
	                     "theme_pressed = #B8EEF2\ntheme_error = #FF8A80\n"),
	                 0);
	assert_int_equal(c.theme.text, 0xFFFFFFFFu);
}

static void test_empty_and_no_report(void **state)
{
	Config c, before;
	config_defaults(&c);
	before = c;
	assert_int_equal(config_parse(&c, "", 0, NULL, NULL), 0);
	assert_int_equal(config_parse(&c, NULL, 0, NULL, NULL), 0);
	assert_memory_equal(&c, &before, sizeof(c));
	/* Without a report callback the problems are still counted. */
	assert_int_equal(config_parse(&c, "x = 1\nrotation = 7\n", 19, NULL, NULL), 2);
}

/* Field by field: the struct has padding. */
static void expect_limits(const PkgLimits *a, const PkgLimits *b)
{
	assert_int_equal(a->max_package, b->max_package);
	assert_int_equal(a->max_files, b->max_files);
	assert_int_equal(a->max_article, b->max_article);
	assert_int_equal(a->max_image, b->max_image);
	assert_int_equal(a->max_side, b->max_side);
	assert_int_equal(a->max_pixels, b->max_pixels);
}

static void test_limits(void **state)
{
	Config c;
	Reports r;
	PkgLimits def;
	pkg_limits_default(&def);
	config_defaults(&c);
	expect_limits(&c.limits, &def);
	assert_int_equal(c.limits.max_package, 512ull * 1024 * 1024);
	assert_int_equal(c.limits.max_files, 2000);
	assert_int_equal(c.limits.max_article, 1024 * 1024);
	assert_int_equal(c.limits.max_image, 64ull * 1024 * 1024);
	assert_int_equal(c.limits.max_side, 8192);
	assert_int_equal(c.limits.max_pixels, 40000000ull);

	assert_int_equal(run(&c, &r,
	                     "max_package_mb = 2048\n"
	                     "max_files = 500\n"
	                     "max_article_kb = 256\n"
	                     "max_image_mb = 16\n"
	                     "max_image_side = 4096\n"
	                     "Max_Image_Megapixels = 12\n"),
	                 0);
	assert_int_equal(c.limits.max_package, 2048ull * 1024 * 1024);
	assert_int_equal(c.limits.max_files, 500);
	assert_int_equal(c.limits.max_article, 256 * 1024);
	assert_int_equal(c.limits.max_image, 16ull * 1024 * 1024);
	assert_int_equal(c.limits.max_side, 4096);
	assert_int_equal(c.limits.max_pixels, 12000000ull);

	/* Both ends of each range. */
	assert_int_equal(
	    run(&c, &r,
	        "max_package_mb = 16384\nmax_files = 100000\nmax_article_kb = 1024\n"
	        "max_image_mb = 64\nmax_image_side = 8192\nmax_image_megapixels = 40\n"),
	    0);
	assert_int_equal(c.limits.max_package, 16384ull * 1024 * 1024);
	assert_int_equal(run(&c, &r,
	                     "max_package_mb = 1\nmax_files = 1\nmax_article_kb = 1\n"
	                     "max_image_mb = 1\nmax_image_side = 16\nmax_image_megapixels = 1\n"),
	                 0);
	assert_int_equal(c.limits.max_side, 16);
}

static const Line BAD_LIMITS[] = {
    {"max_files = 0", "max_files must be a whole number from 1 to 100000 (got \"0\")"},
    {"max_image_side = 8193",
     "max_image_side must be a whole number from 16 to 8192 (got \"8193\")"},
    {"max_package_mb = 1.5", "max_package_mb must be a whole number from 1 to 16384 (got \"1.5\")"},
    {"max_article_kb = 2048",
     "max_article_kb must be a whole number from 1 to 1024 (got \"2048\")"},
    {"max_image_mb = -1", "max_image_mb must be a whole number from 1 to 64 (got \"-1\")"},
    {"max_image_megapixels = 41",
     "max_image_megapixels must be a whole number from 1 to 40 (got \"41\")"},
    {"max_files = 99999999999",
     "max_files must be a whole number from 1 to 100000 (got \"99999999999\")"},
};

static void test_bad_limits(void **state)
{
	Config c;
	Reports r;
	PkgLimits def;
	pkg_limits_default(&def);
	run_lines(&c, &r, LINES(BAD_LIMITS));
	/* Every bad one keeps its default. */
	expect_limits(&c.limits, &def);
}

static void test_package_refuses_kiosk_only_keys(void **state)
{
	Config c, before;
	Reports r;
	memset(&r, 0, sizeof(r));
	config_defaults(&c);
	before = c;
	const char *text = "[kiosk]\n"
	                   "idle_timeout_s = 60\n"
	                   "data_dir = /tmp/evil\n"
	                   "USB_DIRS = /\n"
	                   "font_dir = /tmp\n"
	                   "max_files = 100000\n"
	                   "max_image_megapixels = 40\n"
	                   "site = clinic\n"
	                   "require_signature = no\n"
	                   "trusted_keys_dir = /tmp/keys\n"
	                   "rotation = 90\n";
	int n = config_parse_package(&c, text, strlen(text), collect, &r);
	assert_int_equal(n, 8);
	assert_int_equal(r.n, 8);
	expect(&r, 0, 3, "data_dir cannot be set from a USB stick");
	expect(&r, 1, 4, "usb_dirs cannot be set from a USB stick");
	expect(&r, 2, 5, "font_dir cannot be set from a USB stick");
	expect(&r, 3, 6, "max_files cannot be set from a USB stick");
	expect(&r, 4, 7, "max_image_megapixels cannot be set from a USB stick");
	expect(&r, 5, 8, "site cannot be set from a USB stick");
	expect(&r, 6, 9, "require_signature cannot be set from a USB stick");
	expect(&r, 7, 10, "trusted_keys_dir cannot be set from a USB stick");
	/* What a stick may set still applies; the rest keeps its value. */
	assert_int_equal(c.idle_timeout_s, 60);
	assert_int_equal(c.rotation, 90);
	assert_string_equal(c.data_dir, before.data_dir);
	assert_string_equal(c.usb_dirs, before.usb_dirs);
	assert_string_equal(c.font_dir, before.font_dir);
	expect_limits(&c.limits, &before.limits);
}

static void test_kiosk_only_names(void **state)
{
	Config c;
	Reports r;
	assert_true(config_kiosk_only("data_dir"));
	assert_true(config_kiosk_only("Data_Dir"));
	assert_true(config_kiosk_only("max_package_mb"));
	assert_true(config_kiosk_only("trusted_keys_dir"));
	assert_true(config_kiosk_only("export_helper"));
	assert_true(config_kiosk_only("update_helper"));
	assert_true(config_kiosk_only("Update_Status"));
	assert_true(config_kiosk_only("release_file"));
	assert_true(config_kiosk_only("data_ready_file"));
	assert_false(config_kiosk_only("idle_timeout_s"));
	assert_false(config_kiosk_only("theme_text"));
	assert_false(config_kiosk_only(""));
	assert_false(config_kiosk_only(NULL));
	/* The kiosk's own file may set them. */
	assert_int_equal(run(&c, &r, "data_dir = /srv/k\nmax_files = 10\n"), 0);
	assert_string_equal(c.data_dir, "/srv/k");
	assert_int_equal(c.limits.max_files, 10);
}

/* Every text/fill pair is judged, not only text on the page: button
 * labels in the button's own colour are reported by both keys, and only
 * that pair goes back to the defaults. */
static void test_theme_pair_named_and_put_back(void **state)
{
	Config c;
	Reports r;
	Theme def = theme_default();
	int n = run(&c, &r,
	            "theme_accent = #2A6F97\ntheme_on_accent = #3B7CA3\ntheme_shade = #202020\n");
	assert_int_equal(n, 1);
	assert_int_equal(r.line[0], 0);
	assert_non_null(strstr(r.msg[0], "theme_on_accent and theme_accent are too alike to read "
	                                 "easily (contrast 1.2:1, at least 4.5:1 is needed)"));
	assert_non_null(strstr(r.msg[0], "the default theme_on_accent and theme_accent are used"));
	assert_int_equal(c.theme.on_accent, def.on_accent);
	assert_int_equal(c.theme.accent, def.accent);
	assert_int_equal(c.theme.shade, 0x202020FFu);
	Theme t = c.theme;
	assert_int_equal(theme_check(&t, THEME_MIN_CONTRAST, NULL, NULL), 0);
}

/* A stick's theme is judged as it is written, every failing pair named,
 * so `kiosk check` refuses it; the text of a tile under a finger counts. */
static void test_package_theme_refused_by_pair(void **state)
{
	Config c;
	Reports r;
	memset(&r, 0, sizeof(r));
	config_defaults(&c);
	const char *text = "theme_on_accent = #0A6670\ntheme_muted = #8C98A0\n";
	int n = config_parse_package(&c, text, strlen(text), collect, &r);
	assert_int_equal(n, 5);
	expect(&r, 0, 0,
	       "theme_muted and theme_background are too alike to read easily (contrast 2.7:1, "
	       "at least 4.5:1 is needed)");
	expect(&r, 1, 0,
	       "theme_muted and theme_surface are too alike to read easily (contrast 2.9:1, at "
	       "least 4.5:1 is needed)");
	expect(&r, 2, 0,
	       "theme_on_accent and theme_accent are too alike to read easily (contrast 1.0:1, "
	       "at least 4.5:1 is needed)");
	expect(&r, 3, 0,
	       "theme_on_accent and theme_pressed are too alike to read easily (contrast 1.4:1, "
	       "at least 4.5:1 is needed)");
	expect(&r, 4, 0,
	       "theme_muted and theme_surface are too alike to read easily on a tile under a "
	       "finger, where theme_surface is tinted with theme_accent (contrast 2.1:1, at least "
	       "4.5:1 is needed)");
	/* Were it shown all the same, the screen would still read. */
	assert_int_equal(theme_check(&c.theme, THEME_MIN_CONTRAST, NULL, NULL), 0);
}

/* Over the kiosk's own theme (as the live kiosk reads a stick's settings),
 * a failing pair falls back to the kiosk's colours, not the built-in ones. */
static void test_package_theme_falls_back_to_the_kiosks(void **state)
{
	Config c;
	Reports r;
	assert_int_equal(run(&c, &r, "theme_accent = #5B2C6F\n"), 0);
	const char *text = "theme_on_accent = #603070\nidle_timeout_s = 30\n";
	assert_int_equal(config_parse_package(&c, text, strlen(text), NULL, NULL), 2);
	assert_int_equal(c.theme.accent, 0x5B2C6FFFu);
	assert_int_equal(c.theme.on_accent, theme_default().on_accent);
	assert_int_equal(c.idle_timeout_s, 30);
}

/* A stick's kiosk.conf: what only costs a line its setting is a warning
 * (the package is still taken); what a stick must not do is not. */
static void test_package_warnings_and_refusals(void **state)
{
	Config c;
	Reports r;
	memset(&r, 0, sizeof(r));
	config_defaults(&c);
	const char *text = "[display]\n"            /* 1 */
	                   "brightness = 80\n"      /* 2: under [display], not reported */
	                   "[kiosk]\n"              /* 3 */
	                   "colour = blue\n"        /* 4 */
	                   "rotation = 45\n"        /* 5 */
	                   "just words\n"           /* 6 */
	                   "caf\xe9 = 1\n"          /* 7 */
	                   "data_dir = /tmp/evil\n" /* 8 */
	                   "idle_timeout_s = 60\n"  /* 9 */
	                   "theme_on_accent = #0A6670\n";
	int n = config_parse_package(&c, text, strlen(text), collect, &r);
	assert_int_equal(n, 8);
	expect(&r, 0, 1, "unknown section [display]");
	assert_true(r.warning[0]);
	expect(&r, 1, 4, "unknown setting \"colour\"");
	assert_true(r.warning[1]);
	expect(&r, 2, 5, "rotation must be 0, 90, 180 or 270 (got \"45\")");
	assert_true(r.warning[2]);
	expect(&r, 3, 6, "this line is not \"setting = value\"");
	assert_true(r.warning[3]);
	assert_int_equal(r.line[4], 7);
	assert_true(r.warning[4]);
	expect(&r, 5, 8, "data_dir cannot be set from a USB stick");
	assert_false(r.warning[5]);
	/* The unreadable buttons, at rest and under a finger. */
	assert_int_equal(r.line[6], 0);
	assert_false(r.warning[6]);
	assert_false(r.warning[7]);
	/* What is good still applies. */
	assert_int_equal(c.idle_timeout_s, 60);
	assert_int_equal(c.rotation, 0);

	/* A binary file is refused whole. */
	memset(&r, 0, sizeof(r));
	assert_int_equal(config_parse_package(&c, "a\0b", 3, collect, &r), 1);
	assert_false(r.warning[0]);
}

/* Comments after a value, as staff write them: "; ..." or "# ..." after
 * white space. A '#' that starts a value is a colour, and a ';' or '#'
 * inside a word is part of the value (reported, never silently cut). */
static void test_comments_after_values(void **state)
{
	Config c;
	Reports r;
	assert_int_equal(run(&c, &r,
	                     "idle_timeout_s = 60 ; the staff room\n"
	                     "rotate_interval_s = 20\t# a bit slower\n"
	                     "theme_accent = #1D4E89 # blue\n"
	                     "fullscreen = no ;\n"
	                     "site = riverside # the front desk ; and the lab\n"
	                     "text_scale = 1.25#\n"),
	                 1);
	assert_int_equal(c.idle_timeout_s, 60);
	assert_int_equal(c.rotate_interval_s, 20);
	assert_int_equal(c.theme.accent, 0x1D4E89FFu);
	assert_false(c.fullscreen);
	assert_string_equal(c.site, "riverside");
	expect(&r, 0, 6,
	       "text_scale must be a number from 0.75 to 2.0, such as 1.25 (got \"1.25#\")");
	assert_true(r.warning[0]);

	assert_int_equal(run(&c, &r, "idle_timeout_s = 60;staff\nsite = a#b\n"), 1);
	expect(&r, 0, 1,
	       "idle_timeout_s must be a whole number of seconds from 5 to 86400 (got "
	       "\"60;staff\")");
	assert_int_equal(c.idle_timeout_s, 90);
	assert_string_equal(c.site, "a#b");

	/* The same on a stick: taken, not refused. */
	memset(&r, 0, sizeof(r));
	config_defaults(&c);
	const char *text = "[kiosk] ; display settings\nidle_timeout_s = 45 ; comment\n";
	assert_int_equal(config_parse_package(&c, text, strlen(text), collect, &r), 0);
	assert_int_equal(c.idle_timeout_s, 45);
}

/* A site longer than a signature can carry is kept and reported: dropping
 * it would mean "any site". */
static void test_site_too_long_for_a_signature(void **state)
{
	char text[300], site[150];
	memset(site, 'r', sizeof(site) - 1);
	site[sizeof(site) - 1] = '\0';
	snprintf(text, sizeof(text), "site = %s\n", site);
	Config c;
	Reports r;
	assert_int_equal(run(&c, &r, text), 1);
	expect(&r, 0, 1,
	       "site is too long for a signature (at most 127 bytes); no signed content matches "
	       "it until it is shortened");
	assert_string_equal(c.site, site);
	site[127] = '\0';
	snprintf(text, sizeof(text), "site = %s\n", site);
	assert_int_equal(run(&c, &r, text), 0);
	assert_string_equal(c.site, site);
}

/* A require_signature line too long to read fails closed too. */
static void test_require_signature_too_long_fails_closed(void **state)
{
	char text[400];
	snprintf(text, sizeof(text), "require_signature = no   # %0300d\n", 0);
	Config c;
	Reports r;
	assert_int_equal(run(&c, &r, text), 1);
	expect(&r, 0, 1,
	       "this line is too long (at most 199 characters); signatures are required until it "
	       "is mended");
	assert_true(c.require_signature);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_defaults),
	    cmocka_unit_test(test_every_key_valid),
	    cmocka_unit_test(test_range_edges),
	    cmocka_unit_test(test_booleans),
	    cmocka_unit_test(test_bad_numbers),
	    cmocka_unit_test(test_bad_scale),
	    cmocka_unit_test(test_bad_bool),
	    cmocka_unit_test(test_paths),
	    cmocka_unit_test(test_language),
	    cmocka_unit_test(test_service_pin),
	    cmocka_unit_test(test_colors),
	    cmocka_unit_test(test_unknown_setting),
	    cmocka_unit_test(test_unknown_section),
	    cmocka_unit_test(test_names_ignore_case),
	    cmocka_unit_test(test_comments_and_layout),
	    cmocka_unit_test(test_syntax_errors_each_reported),
	    cmocka_unit_test(test_long_line),
	    cmocka_unit_test(test_long_value_is_clipped_in_message),
	    cmocka_unit_test(test_bad_value_keeps_previous),
	    cmocka_unit_test(test_bad_bytes_cost_their_line),
	    cmocka_unit_test(test_package_binary_refused),
	    cmocka_unit_test(test_require_signature_fails_closed),
	    cmocka_unit_test(test_low_contrast),
	    cmocka_unit_test(test_empty_and_no_report),
	    cmocka_unit_test(test_limits),
	    cmocka_unit_test(test_bad_limits),
	    cmocka_unit_test(test_package_refuses_kiosk_only_keys),
	    cmocka_unit_test(test_kiosk_only_names),
	    cmocka_unit_test(test_theme_pair_named_and_put_back),
	    cmocka_unit_test(test_package_theme_refused_by_pair),
	    cmocka_unit_test(test_package_theme_falls_back_to_the_kiosks),
	    cmocka_unit_test(test_package_warnings_and_refusals),
	    cmocka_unit_test(test_comments_after_values),
	    cmocka_unit_test(test_site_too_long_for_a_signature),
	    cmocka_unit_test(test_require_signature_too_long_fails_closed),
	    cmocka_unit_test(test_screen_off),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
