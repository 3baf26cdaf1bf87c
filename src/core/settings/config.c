/* config: kiosk.conf read by inih from memory.
 *
 * Debian's inih is built without line numbers in the handler, so inih reads
 * through our own reader, which counts lines: inih calls the handler right
 * after the reader has handed over the line holding the key. The reader also
 * judges each line once inih is done with it, which is how every malformed
 * line gets reported, not only the first one ini_parse_stream returns.
 * Values are parsed strictly; a bad one is reported and the old value stays.
 */
#include "core/settings/config.h"

#include <ctype.h>
#include <ini.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/document/model/lang.h"
#include "core/document/model/utf8.h"
#include "core/package/sig.h"
#include "core/settings/configread.h"

static void vreport(Parser *p, int line, bool warning, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));
static void vreport(Parser *p, int line, bool warning, const char *fmt, va_list ap)
{
	p->problems++;
	if (!p->report)
		return;
	PkgWhy why;
	pkg_why_vsay(&why, fmt, ap);
	p->report(p->user, line, warning, &why);
}

void setting_refuse(Parser *p, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(p, line, false, fmt, ap);
	va_end(ap);
}

void setting_warn(Parser *p, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(p, line, true, fmt, ap);
	va_end(ap);
}

const char *setting_quote(const char *value, char *buf, size_t size)
{
	size_t max = size - 4;
	size_t n = utf8_clip(value, max);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)value[i];
		buf[i] = (c < 0x20 || c == 0x7F) ? '?' : (char)c;
	}
	if (value[n] != '\0') {
		memcpy(buf + n, "...", 3);
		n += 3;
	}
	buf[n] = '\0';
	return buf;
}

static char ascii_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

bool setting_same_name(const char *a, size_t alen, const char *b)
{
	size_t blen = strlen(b);
	if (alen != blen)
		return false;
	for (size_t i = 0; i < alen; i++)
		if (ascii_lower(a[i]) != ascii_lower(b[i]))
			return false;
	return true;
}

/* A theme colour: its key is the Theme member's name after "theme_", the
 * same names theme_pairs() reports. */
#define THEME_KEY(member)                                                                          \
	{                                                                                          \
		"theme_" #member, apply_color, offsetof(Config, theme.member), 0, 0                \
	}

static const Setting SETTINGS[] = {
    {"idle_timeout_s", apply_seconds, offsetof(Config, idle_timeout_s), 5, 86400},
    {"rotate_interval_s", apply_seconds, offsetof(Config, rotate_interval_s), 3, 3600},
    {"rotation", apply_rotation, offsetof(Config, rotation), 0, 0},
    {"text_scale", apply_scale, offsetof(Config, text_scale), 0, 0},
    {"fullscreen", apply_bool, offsetof(Config, fullscreen), 0, 0},
    {"data_dir", apply_path, offsetof(Config, data_dir), 1, 0},
    {"usb_dirs", apply_path, offsetof(Config, usb_dirs), 1, 0},
    /* Empty is its default: no folder of our own, the system's fonts. */
    {"font_dir", apply_path, offsetof(Config, font_dir), 0, 0},
    /* Signing: which packages this kiosk accepts. site may be empty (any
     * site) unless signatures are required. */
    {"site", apply_site, offsetof(Config, site), 0, 0},
    {"require_signature", apply_bool, offsetof(Config, require_signature), 0, 0},
    {"trusted_keys_dir", apply_path, offsetof(Config, trusted_keys_dir), 1, 0},
    /* The voice that reads a topic aloud. */
    {"speech_voice", apply_voice, offsetof(Config, speech_voice), 0, 0},
    {"speech_rate", apply_number, offsetof(Config, speech_rate), 80, 450},
    {"speech_volume", apply_number, offsetof(Config, speech_volume), 0, 200},
    {"language", apply_language, offsetof(Config, language), 0, 0},
    {"hide_expired", apply_bool, offsetof(Config, hide_expired), 0, 0},
    {"export_helper", apply_path, offsetof(Config, export_helper), 0, 0},
    {"update_helper", apply_path, offsetof(Config, update_helper), 0, 0},
    {"update_status", apply_path, offsetof(Config, update_status), 0, 0},
    {"release_file", apply_path, offsetof(Config, release_file), 0, 0},
    {"data_ready_file", apply_path, offsetof(Config, data_ready_file), 0, 0},
    {"service_pin", apply_pin, offsetof(Config, service_pin), 0, 0},
    THEME_KEY(background),
    THEME_KEY(surface),
    THEME_KEY(text),
    THEME_KEY(muted),
    THEME_KEY(accent),
    THEME_KEY(on_accent),
    THEME_KEY(pressed),
    THEME_KEY(border),
    THEME_KEY(shade),
    THEME_KEY(on_shade),
    THEME_KEY(error),
};

/* A package limit: a whole number of units (megabytes, kilobytes,
 * megapixels, files) kept as bytes or pixels in a 32- or 64-bit field. */
typedef struct {
	const char *name;
	size_t offset; /* into Config */
	uint32_t min, max;
	uint64_t unit;
	bool wide; /* a uint64_t field, else uint32_t */
} LimitKey;

#define LIMIT_KEY(key, member, lo, hi, u)                                                          \
	{                                                                                          \
		key, offsetof(Config, limits.member), lo, hi, u,                                   \
		    sizeof(((PkgLimits *)0)->member) == 8                                          \
	}

/* The upper ends of the picture and article limits are what the renderer
 * and the content loader accept; the package limits may grow with the
 * board's storage. */
static const LimitKey LIMITS[] = {
    LIMIT_KEY("max_package_mb", max_package, 1, 16384, 1024 * 1024),
    LIMIT_KEY("max_files", max_files, 1, 100000, 1),
    LIMIT_KEY("max_article_kb", max_article, 1, 1024, 1024),
    LIMIT_KEY("max_image_mb", max_image, 1, 64, 1024 * 1024),
    LIMIT_KEY("max_image_side", max_side, 16, 8192, 1),
    LIMIT_KEY("max_image_megapixels", max_pixels, 1, 40, 1000 * 1000),
};

static void apply_limit(Parser *p, const LimitKey *k, const char *value)
{
	uint32_t v;
	char q[CONFIG_QUOTE_MAX + 4];
	if (!setting_uint(value, &v) || v < k->min || v > k->max) {
		setting_warn(p, p->line, "%s must be a whole number from %u to %u (got \"%s\")",
		             k->name, (unsigned)k->min, (unsigned)k->max,
		             setting_quote(value, q, sizeof(q)));
		return;
	}
	char *f = (char *)&p->cfg + k->offset;
	if (k->wide)
		*(uint64_t *)f = (uint64_t)v * k->unit;
	else
		*(uint32_t *)f = (uint32_t)((uint64_t)v * k->unit);
}

/* Refused from a stick's kiosk.conf: a stick must never decide where the
 * kiosk keeps things, how much it accepts, or whom it trusts. */
static const char *const KIOSK_ONLY[] = {
    "data_dir",       "usb_dirs",          "font_dir",
    "max_package_mb", "max_files",         "max_article_kb",
    "max_image_mb",   "max_image_side",    "max_image_megapixels",
    "site",           "require_signature", "trusted_keys_dir",
    "export_helper",  "service_pin",       "update_helper",
    "update_status",  "release_file",      "data_ready_file",
};

static const char *kiosk_only_name(const char *name, size_t n)
{
	for (size_t i = 0; i < sizeof(KIOSK_ONLY) / sizeof(KIOSK_ONLY[0]); i++)
		if (setting_same_name(name, n, KIOSK_ONLY[i]))
			return KIOSK_ONLY[i];
	return NULL;
}

bool config_kiosk_only(const char *name)
{
	return name && kiosk_only_name(name, strlen(name)) != NULL;
}

static bool section_known(const char *section)
{
	size_t n = strlen(section);
	while (n && (section[n - 1] == ' ' || section[n - 1] == '\t'))
		n--;
	while (n && (*section == ' ' || *section == '\t')) {
		section++;
		n--;
	}
	return n == 0 || setting_same_name(section, n, "kiosk");
}

/* A comment after a value: "60 ; the staff room" or "60 # the staff room".
 * inih removes a ';' after white space itself; a '#' is taken the same way,
 * after white space only, since a colour starts with one. Returns value,
 * or buf holding it without the comment. */
static const char *uncomment(const char *value, char *buf, size_t size)
{
	size_t n = 0;
	for (size_t i = 1; value[0] && value[i]; i++) {
		if ((value[i] == '#' || value[i] == ';') &&
		    (value[i - 1] == ' ' || value[i - 1] == '\t')) {
			n = i;
			break;
		}
	}
	if (n == 0)
		return value;
	while (n && (value[n - 1] == ' ' || value[n - 1] == '\t'))
		n--;
	/* Longer than any setting can be: left whole, for the setting to
	 * report as too long rather than be read cut short. */
	if (n >= size)
		return value;
	memcpy(buf, value, n);
	buf[n] = '\0';
	return buf;
}

/* screen_off and screen_off_mon .. _sun (schedule.h); false for any
 * other key. */
static bool apply_schedule(Parser *p, const char *name, size_t n, const char *value)
{
	char key[24], q[CONFIG_QUOTE_MAX + 4];
	for (size_t i = 0; i <= n && n < sizeof(key); i++)
		key[i] = ascii_lower(name[i]);
	int day = n < sizeof(key) ? schedule_key_day(key) : -2;
	ScheduleDay d;
	ScheduleError e = day >= -1 ? schedule_day_parse(value, &d) : SCHEDULE_OK;
	if (day >= -1 && e == SCHEDULE_OK)
		schedule_set(&p->cfg.screen_off, day, &d);
	else if (day >= -1)
		setting_warn(p, p->line,
		             e == SCHEDULE_SAME_TIMES
		                 ? N_("%s starts and ends at the same time; for the whole day "
		                      "write \"all day\" (got \"%s\")")
		             : e == SCHEDULE_LATE_START
		                 ? N_("%s must start by 23:59; midnight is 00:00 (got \"%s\")")
		                 : N_("%s must be two times of day such as 20:00-07:00, or \"all "
		                      "day\" or \"never\" (got \"%s\")"),
		             key, setting_quote(value, q, sizeof(q)));
	return day >= -1;
}

static int on_key(void *user, const char *section, const char *name, const char *value)
{
	Parser *p = user;
	p->handled = true;
	if (!section_known(section)) {
		/* Once per header, at the header's line; its keys are skipped. */
		if (p->section_reported != p->section_line) {
			char q[CONFIG_QUOTE_MAX + 4];
			p->section_reported = p->section_line;
			setting_warn(p, p->section_line, "unknown section [%s]",
			             setting_quote(section, q, sizeof(q)));
		}
		return 1;
	}
	if (!*name) {
		setting_warn(p, p->line, "this line has no setting name before the \"=\"");
		return 1;
	}
	char clean[CONFIG_PATH_MAX + 64];
	value = uncomment(value, clean, sizeof(clean));
	size_t n = strlen(name);
	const char *local = p->package ? kiosk_only_name(name, n) : NULL;
	/* A signed stick may set the PIN: the clinic's own key vouches for it. */
	if (local && p->signed_pkg && strcmp(local, "service_pin") == 0)
		local = NULL;
	if (local) {
		setting_refuse(p, p->line, "%s cannot be set from a USB stick", local);
		return 1;
	}
	if (apply_schedule(p, name, n, value))
		return 1;
	for (size_t i = 0; i < sizeof(SETTINGS) / sizeof(SETTINGS[0]); i++) {
		if (setting_same_name(name, n, SETTINGS[i].name)) {
			SETTINGS[i].apply(p, &SETTINGS[i], value);
			return 1;
		}
	}
	for (size_t i = 0; i < sizeof(LIMITS) / sizeof(LIMITS[0]); i++) {
		if (setting_same_name(name, n, LIMITS[i].name)) {
			apply_limit(p, &LIMITS[i], value);
			return 1;
		}
	}
	char q[CONFIG_QUOTE_MAX + 4];
	setting_warn(p, p->line, "unknown setting \"%s\"", setting_quote(name, q, sizeof(q)));
	/* Nonzero always: problems are reported here, and a zero would only
	 * make inih's return value point at this line once more. */
	return 1;
}

/* inih's own test for a section header: a ']' before any inline comment
 * (a ';' after white space). */
static bool header_closed(const char *s, size_t n)
{
	bool was_space = false;
	for (size_t i = 1; i < n; i++) {
		if (s[i] == ']')
			return true;
		if (was_space && s[i] == ';')
			return false;
		was_space = s[i] == ' ' || s[i] == '\t';
	}
	return false;
}

static void mark_syntax(Parser *p, int line)
{
	if (!p->first_syntax)
		p->first_syntax = line;
}

/* Called once inih is done with the current line: a line that was neither
 * blank, a comment, a header nor a key is what inih counts as an error. */
static void line_judge(Parser *p)
{
	if (p->line == 0 || p->handled || p->too_long || p->not_text || p->curlen == 0)
		return;
	char c = p->cur[0];
	if (c == ';' || c == '#')
		return;
	if (c == '[') {
		if (!header_closed(p->cur, p->curlen)) {
			mark_syntax(p, p->line);
			setting_warn(p, p->line,
			             "this line starts a section but has no closing \"]\"");
		}
		return;
	}
	mark_syntax(p, p->line);
	setting_warn(p, p->line, "this line is not \"setting = value\"");
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static char *read_line(char *str, int num, void *stream)
{
	Parser *p = stream;
	line_judge(p);
	if (p->pos >= p->len || num < 2)
		return NULL;

	const char *s = p->text + p->pos, *raw = s;
	size_t rest = p->len - p->pos;
	const char *nl = memchr(s, '\n', rest);
	size_t n = nl ? (size_t)(nl - s) : rest;
	p->pos += nl ? n + 1 : n;
	p->line++;
	p->handled = false;
	p->too_long = false;
	p->not_text = false;

	if (p->line == 1 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
		s += 3;
		n -= 3;
	}
	/* Leading white space goes: inih would take an indented line for the
	 * continuation of the previous value, which nobody means here. */
	while (n && is_blank(*s)) {
		s++;
		n--;
	}
	while (n && is_blank(s[n - 1]))
		n--;
	p->cur = s;
	p->curlen = n;
	if (n && s[0] == '[' && header_closed(s, n))
		p->section_line = p->line;

	/* One bad byte costs its own line, never the file: the lines around it
	 * (require_signature among them) still apply. */
	size_t bad = 0;
	if (memchr(s, '\0', n) || !utf8_valid(s, n, &bad)) {
		p->not_text = true;
		if (!memchr(s, '\0', n))
			setting_warn(
			    p, p->line,
			    "this line is not UTF-8 text (byte %zu); save the file as UTF-8. "
			    "The line is skipped",
			    bad + 1 + (size_t)(s - raw));
		else
			setting_warn(p, p->line, "this line holds a NUL byte and is skipped");
		str[0] = '\0';
		return str;
	}
	if (n > (size_t)num - 1) {
		/* inih's line buffer is fixed; rather than let it split the line
		 * into pieces read as lines of their own, hand it an empty one. */
		p->too_long = true;
		static const char key[] = "require_signature";
		size_t k = sizeof(key) - 1;
		if (!p->package && n > k && setting_same_name(s, k, key) &&
		    (is_blank(s[k]) || s[k] == '=' || s[k] == ':')) {
			/* Fails closed, as a bad value does. */
			p->cfg.require_signature = true;
			setting_warn(
			    p, p->line,
			    "this line is too long (at most %d characters); signatures are "
			    "required until it is mended",
			    num - 1);
		} else {
			setting_warn(p, p->line, "this line is too long (at most %d characters)",
			             num - 1);
		}
		str[0] = '\0';
		return str;
	}
	memcpy(str, s, n);
	str[n] = '\0';
	return str;
}

void config_defaults(Config *c)
{
	/* Zero for what is off or empty by default: rotation, font_dir,
	 * site, require_signature, hide_expired, export_helper, service_pin,
	 * update_helper, update_status, release_file, data_ready_file. */
	memset(c, 0, sizeof(*c));
	c->idle_timeout_s = 90;
	c->rotate_interval_s = 12;
	c->text_scale = 1.0;
	c->theme = theme_default();
	c->fullscreen = true;
	snprintf(c->data_dir, sizeof(c->data_dir), "%s", "/var/lib/kiosk");
	snprintf(c->usb_dirs, sizeof(c->usb_dirs), "%s", "./usb");
	pkg_limits_default(&c->limits);
	snprintf(c->trusted_keys_dir, sizeof(c->trusted_keys_dir), "%s", "/etc/kiosk/trusted.d");
	snprintf(c->speech_voice, sizeof(c->speech_voice), "%s", "en");
	c->speech_rate = 150;
	c->speech_volume = 100;
	snprintf(c->language, sizeof(c->language), "%s", "en");
	schedule_init(&c->screen_off);
}

static void theme_refused(void *user, const ThemePair *pair, double contrast)
{
	char msg[256];
	theme_pair_message(pair, contrast, THEME_MIN_CONTRAST, msg, sizeof(msg));
	setting_refuse(user, 0, "%s", msg);
}

static void theme_mended(void *user, const ThemePair *pair, double contrast)
{
	if (!pair) {
		setting_refuse(
		    user, 0,
		    "the theme's other colours do not go with the default colours put back, so "
		    "the whole default theme is used");
		return;
	}
	char msg[256];
	theme_pair_message(pair, contrast, THEME_MIN_CONTRAST, msg, sizeof(msg));
	if (pair->pressed)
		setting_refuse(user, 0, "%s; the default %s, %s and theme_accent are used", msg,
		               pair->text_key, pair->fill_key);
	else
		setting_refuse(user, 0, "%s; the default %s and %s are used", msg, pair->text_key,
		               pair->fill_key);
}

/* package: 0 the kiosk's own file, 1 a stick's, 2 a signed stick's. */
static int parse(Config *c, const char *text, size_t len, ConfigReport report, void *user,
                 int package)
{
	Parser p = {.report = report, .user = user, .text = text, .len = len, .package = package};
	p.signed_pkg = package == 2;
	/* Copied as bytes, not assigned: "unchanged" then holds for every
	 * byte of the caller's struct, padding included. */
	memcpy(&p.cfg, c, sizeof(*c));
	if (!text) {
		p.text = "";
		p.len = 0;
	}
	/* A stick's kiosk.conf that is a binary file is refused whole; anything
	 * else is judged line by line, so one bad byte in the kiosk's own file
	 * never costs the lines around it. */
	if (package && memchr(p.text, '\0', p.len)) {
		setting_refuse(&p, 0, "the settings file is not plain text");
		return p.problems;
	}

	int first_error = ini_parse_stream(read_line, &p, on_key, &p);
	/* Should inih's reading of a line ever differ from ours, its first
	 * error still reaches the staff. */
	if (first_error > 0 && first_error != p.first_syntax)
		setting_warn(&p, first_error, "this line is not \"setting = value\"");
	else if (first_error < 0)
		setting_refuse(&p, 0, "the settings could not be read");

	/* What the theme's colours fall back on: the theme as it was before
	 * this text (the defaults, for the kiosk's own file; the kiosk's
	 * theme, for a stick's over it), unless that cannot be read either. */
	Theme fallback = c->theme;
	if (theme_check(&fallback, THEME_MIN_CONTRAST, NULL, NULL) != 0)
		fallback = theme_default();
	if (package) {
		/* Judged as the stick has it, every pair named: `check` refuses
		 * it. Should one reach the screen all the same (over a theme of
		 * the kiosk's own), it is mended there without a word. */
		theme_check(&p.cfg.theme, THEME_MIN_CONTRAST, theme_refused, &p);
		theme_mend(&p.cfg.theme, THEME_MIN_CONTRAST, &fallback, NULL, NULL);
	} else {
		theme_mend(&p.cfg.theme, THEME_MIN_CONTRAST, &fallback, theme_mended, &p);
	}
	memcpy(c, &p.cfg, sizeof(*c));
	return p.problems;
}

int config_parse(Config *c, const char *text, size_t len, ConfigReport report, void *user)
{
	return parse(c, text, len, report, user, 0);
}

int config_parse_package(Config *c, const char *text, size_t len, ConfigReport report, void *user)
{
	return parse(c, text, len, report, user, 1);
}

int config_parse_signed_package(Config *c, const char *text, size_t len, ConfigReport report,
                                void *user)
{
	return parse(c, text, len, report, user, 2);
}
