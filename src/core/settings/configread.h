/* configread: what config.c and configvalue.c share while they read
 * kiosk.conf: the parser's state, a setting's row, and how a problem is
 * said. Internal to core/settings/config*.c. Pure C.
 */
#ifndef KIOSK_CONFIGREAD_H
#define KIOSK_CONFIGREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/settings/config.h"

/* How much of a bad value a message repeats. */
#define CONFIG_QUOTE_MAX 40

typedef struct {
	Config cfg; /* the working copy, handed back unless the text is refused whole */
	ConfigReport report;
	void *user;
	int problems;

	const char *text;
	size_t len, pos;
	int line;        /* the line inih is working on (1-based) */
	const char *cur; /* that line, without surrounding white space */
	size_t curlen;
	bool handled;         /* inih passed a key from it to the handler */
	bool too_long;        /* it was reported as too long and not handed over */
	bool not_text;        /* it was reported as not UTF-8 text and not handed over */
	int first_syntax;     /* first line reported as malformed, 0 if none */
	int section_line;     /* line of the last "[...]" header */
	int section_reported; /* header line already reported as unknown */
	bool package;         /* the kiosk.conf of a content package */
	bool signed_pkg;      /* of a package whose signature verified */
} Parser;

typedef struct Setting Setting;
struct Setting {
	const char *name;
	void (*apply)(Parser *p, const Setting *s, const char *value);
	size_t offset; /* into Config */
	uint32_t min, max;
};

/* Something that refuses a stick's kiosk.conf (a key it may not set, a
 * theme nobody can read, a binary file). */
void setting_refuse(Parser *p, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A line that is ignored while the rest applies: the setting keeps its
 * default, the screen is as readable and the kiosk as safe as without it,
 * so a stick is not refused for it (README: a bad setting keeps its
 * default). */
void setting_warn(Parser *p, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* A value as a message may repeat it: clipped, with control characters
 * shown as '?' so a message is always one clean line (in buf, size bytes). */
const char *setting_quote(const char *value, char *buf, size_t size);
/* Staff type "Fullscreen" or "[Kiosk]" as readily as the documented
 * spelling; case carries no meaning here, so it is ignored. */
bool setting_same_name(const char *a, size_t alen, const char *b);
/* A whole number, a decimal number: strictly, nothing after them. */
bool setting_uint(const char *s, uint32_t *out);
bool setting_decimal(const char *s, double *out);

/* The value parsers (configvalue.c). */
void apply_seconds(Parser *p, const Setting *s, const char *value);
void apply_number(Parser *p, const Setting *s, const char *value);
void apply_voice(Parser *p, const Setting *s, const char *value);
void apply_rotation(Parser *p, const Setting *s, const char *value);
void apply_scale(Parser *p, const Setting *s, const char *value);
void apply_bool(Parser *p, const Setting *s, const char *value);
void apply_path(Parser *p, const Setting *s, const char *value);
void apply_site(Parser *p, const Setting *s, const char *value);
void apply_pin(Parser *p, const Setting *s, const char *value);
void apply_language(Parser *p, const Setting *s, const char *value);
void apply_color(Parser *p, const Setting *s, const char *value);

#endif
