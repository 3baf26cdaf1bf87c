/* configvalue: the value parsers of kiosk.conf's settings (config.c's
 * SETTINGS table names them): each reads one value strictly and, when it
 * is bad, says so through the parser with the line and keeps the old
 * value. Pure C; config.c owns the Parser.
 */
#include "core/settings/configread.h"

#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/document/model/lang.h"
#include "core/document/model/utf8.h"
#include "core/package/sig.h"

/* Digits only, no sign, no spaces, no junk; false also on overflow. */
bool setting_uint(const char *s, uint32_t *out)
{
	uint64_t v = 0;
	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10 + (uint64_t)(*s - '0');
		if (v > UINT32_MAX)
			return false;
	}
	*out = (uint32_t)v;
	return true;
}

/* "1", "1.25", ".75", "2." in the C locale whatever the process locale
 * is; no signs, exponents, hex, inf or nan. The digits are gathered as an
 * integer and divided once, so "0.75" is exactly the double 0.75. */
bool setting_decimal(const char *s, double *out)
{
	uint64_t mant = 0;
	int frac = 0;    /* digits after the point that went into mant */
	int dropped = 0; /* integer digits beyond what mant can hold */
	bool digits = false, point = false;
	for (; *s; s++) {
		if (*s == '.' && !point) {
			point = true;
			continue;
		}
		if (*s < '0' || *s > '9')
			return false;
		digits = true;
		if (mant < 100000000000000ULL) { /* 15 digits: exact in a double */
			mant = mant * 10 + (uint64_t)(*s - '0');
			if (point)
				frac++;
		} else if (!point) {
			dropped++;
		}
	}
	if (!digits)
		return false;
	double v = (double)mant;
	for (int i = 0; i < dropped; i++)
		v *= 10;
	double div = 1;
	for (int i = 0; i < frac; i++)
		div *= 10;
	*out = v / div;
	return true;
}

static void *field(Parser *p, const Setting *s)
{
	return (char *)&p->cfg + s->offset;
}

void apply_seconds(Parser *p, const Setting *s, const char *value)
{
	uint32_t v;
	char q[CONFIG_QUOTE_MAX + 4];
	if (!setting_uint(value, &v) || v < s->min || v > s->max) {
		setting_warn(p, p->line,
		             "%s must be a whole number of seconds from %u to %u (got \"%s\")",
		             s->name, (unsigned)s->min, (unsigned)s->max,
		             setting_quote(value, q, sizeof(q)));
		return;
	}
	*(uint32_t *)field(p, s) = v;
}

void apply_number(Parser *p, const Setting *s, const char *value)
{
	uint32_t v;
	char q[CONFIG_QUOTE_MAX + 4];
	if (!setting_uint(value, &v) || v < s->min || v > s->max) {
		setting_warn(p, p->line, "%s must be a whole number from %u to %u (got \"%s\")",
		             s->name, (unsigned)s->min, (unsigned)s->max,
		             setting_quote(value, q, sizeof(q)));
		return;
	}
	*(uint32_t *)field(p, s) = v;
}

/* An espeak-ng voice's name ("en", "en-gb", "de", "en-us+f3"): letters,
 * digits, '-', '_' and '+' only, so it can never be a path. */
void apply_voice(Parser *p, const Setting *s, const char *value)
{
	size_t n = strlen(value);
	bool ok = n > 0 && n < sizeof(p->cfg.speech_voice);
	for (size_t i = 0; ok && i < n; i++) {
		char c = value[i];
		ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		     c == '-' || c == '_' || c == '+';
	}
	if (!ok) {
		char q[CONFIG_QUOTE_MAX + 4];
		setting_warn(
		    p, p->line,
		    "%s must be the name of an espeak-ng voice, such as en or en-gb (got \"%s\")",
		    s->name, setting_quote(value, q, sizeof(q)));
		return;
	}
	memcpy(p->cfg.speech_voice, value, n + 1);
}

void apply_rotation(Parser *p, const Setting *s, const char *value)
{
	uint32_t v;
	char q[CONFIG_QUOTE_MAX + 4];
	if (!setting_uint(value, &v) || (v != 0 && v != 90 && v != 180 && v != 270)) {
		setting_warn(p, p->line, "rotation must be 0, 90, 180 or 270 (got \"%s\")",
		             setting_quote(value, q, sizeof(q)));
		return;
	}
	p->cfg.rotation = (int)v;
}

void apply_scale(Parser *p, const Setting *s, const char *value)
{
	double v;
	char q[CONFIG_QUOTE_MAX + 4];
	if (!setting_decimal(value, &v) || v < 0.75 || v > 2.0) {
		setting_warn(
		    p, p->line,
		    "text_scale must be a number from 0.75 to 2.0, such as 1.25 (got \"%s\")",
		    setting_quote(value, q, sizeof(q)));
		return;
	}
	p->cfg.text_scale = v;
}

void apply_bool(Parser *p, const Setting *s, const char *value)
{
	static const char *const yes[] = {"yes", "true", "1", "on"};
	static const char *const no[] = {"no", "false", "0", "off"};
	size_t n = strlen(value);
	for (size_t i = 0; i < 4; i++) {
		if (setting_same_name(value, n, yes[i])) {
			*(bool *)field(p, s) = true;
			return;
		}
		if (setting_same_name(value, n, no[i])) {
			*(bool *)field(p, s) = false;
			return;
		}
	}
	char q[CONFIG_QUOTE_MAX + 4];
	if (s->offset == offsetof(Config, require_signature)) {
		/* Fails closed: a value nobody can read never turns checking off. */
		p->cfg.require_signature = true;
		setting_refuse(
		    p, p->line,
		    "%s must be yes or no (got \"%s\"); signatures are required until it is "
		    "mended",
		    s->name, setting_quote(value, q, sizeof(q)));
		return;
	}
	setting_warn(p, p->line, "%s must be yes or no (got \"%s\")", s->name,
	             setting_quote(value, q, sizeof(q)));
}

/* min is 1 for a path that must be given, 0 for an optional one. */
void apply_path(Parser *p, const Setting *s, const char *value)
{
	size_t n = strlen(value);
	if (n == 0 && s->min) {
		setting_warn(p, p->line, "%s must not be empty", s->name);
		return;
	}
	if (n >= CONFIG_PATH_MAX) {
		setting_warn(p, p->line, "%s is too long (at most %d characters)", s->name,
		             CONFIG_PATH_MAX - 1);
		return;
	}
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += utf8_next(value + i, n - i, &cp);
		if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) {
			setting_warn(p, p->line, "%s must not contain control characters", s->name);
			return;
		}
	}
	memcpy(field(p, s), value, n + 1);
}

/* The site as a signature carries it (SIG_SITE_MAX). A longer one is kept,
 * not dropped: dropping it would mean "any site", and a site no signature
 * can carry fails closed, matching no signed package until it is mended. */
void apply_site(Parser *p, const Setting *s, const char *value)
{
	apply_path(p, s, value);
	if (strcmp(field(p, s), value) == 0 && strlen(value) >= SIG_SITE_MAX)
		setting_warn(
		    p, p->line,
		    "site is too long for a signature (at most %d bytes); no signed content "
		    "matches it until it is shortened",
		    SIG_SITE_MAX - 1);
}

/* Only the PIN's hash as crypto_pwhash_str writes it, never the PIN. */
void apply_pin(Parser *p, const Setting *s, const char *value)
{
	size_t n = strlen(value);
	bool ok = strncmp(value, "$argon2id$", 10) == 0 && n < sizeof(p->cfg.service_pin);
	for (size_t i = 0; ok && i < n; i++)
		ok = isalnum((unsigned char)value[i]) || strchr("$=,+/-", value[i]);
	if (!ok) {
		setting_warn(p, p->line,
		             "service_pin must be the hash `kiosk pin` prints, never a PIN");
		return;
	}
	memcpy(p->cfg.service_pin, value, n + 1);
}

void apply_language(Parser *p, const Setting *s, const char *value)
{
	size_t n = strlen(value);
	if (!lang_valid(value, n) || n >= sizeof(p->cfg.language)) {
		char q[CONFIG_QUOTE_MAX + 4];
		setting_warn(p, p->line,
		             "language must be a language tag such as en, es or pt-BR (got \"%s\")",
		             setting_quote(value, q, sizeof(q)));
		return;
	}
	memcpy(p->cfg.language, value, n + 1);
}

void apply_color(Parser *p, const Setting *s, const char *value)
{
	Color c;
	if (theme_parse_color(value, &c) != 0) {
		char q[CONFIG_QUOTE_MAX + 4];
		setting_warn(p, p->line,
		             "%s must be a colour written as #RRGGBB, such as #1F6F78 (got \"%s\")",
		             s->name, setting_quote(value, q, sizeof(q)));
		return;
	}
	*(Color *)field(p, s) = c;
}
