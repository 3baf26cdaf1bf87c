#include "core/settings/cli.h"

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char cli_usage[] =
    "usage: kiosk [--config FILE] [--content DIR] [--data DIR] [--window WxH]\n"
    "       kiosk render --out DIR [--content DIR] [--data DIR] [--config FILE] [--size WxH]\n"
    "                    [--rotation 0|90|180|270] [--script FILE]\n"
    "       kiosk check DIR [--config FILE] [--pubkey FILE]\n"
    "       kiosk preview DIR --out DIR [--config FILE] [--pubkey FILE] [--size WxH]\n"
    "       kiosk import DIR [--data DATA] [--config FILE]\n"
    "       kiosk keygen --out NAME --name \"Riverside Clinic front desk\"\n"
    "       kiosk sign DIR --key NAME.key --for SITE [--version N] [--reset-floor]\n"
    "                  [--config FILE]\n"
    "       kiosk pin          (reads a service PIN, prints its kiosk.conf line)\n";

int cli_parse_size(const char *s, int *w, int *h)
{
	char *end;
	errno = 0;
	long a = strtol(s, &end, 10);
	if (errno || end == s || (*end != 'x' && *end != 'X'))
		return -1;
	const char *p = end + 1;
	long b = strtol(p, &end, 10);
	if (errno || end == p || *end || a < 64 || b < 64 || a > 16384 || b > 16384)
		return -1;
	*w = (int)a;
	*h = (int)b;
	return 0;
}

/* Which options each command takes, and what their value is. A new
 * option is one row. */
typedef enum { VALUE_TEXT, VALUE_SIZE, VALUE_ROTATION, VALUE_FLAG } ValueKind;

#define MODE(m) (1u << (m))

typedef struct {
	const char *name;
	unsigned modes; /* MODE() of the commands that take it */
	ValueKind kind;
	size_t field; /* VALUE_TEXT: offset of the const char * it fills;
	               * VALUE_FLAG (no value): of the bool it sets */
} Option;

static const Option OPTIONS[] = {
    {"--config",
     MODE(CLI_RUN) | MODE(CLI_RENDER) | MODE(CLI_CHECK) | MODE(CLI_IMPORT) | MODE(CLI_SIGN) |
         MODE(CLI_PREVIEW),
     VALUE_TEXT, offsetof(CliOptions, config)},
    {"--content", MODE(CLI_RUN) | MODE(CLI_RENDER), VALUE_TEXT, offsetof(CliOptions, content)},
    {"--data", MODE(CLI_RUN) | MODE(CLI_RENDER) | MODE(CLI_IMPORT), VALUE_TEXT,
     offsetof(CliOptions, data)},
    {"--pubkey", MODE(CLI_CHECK) | MODE(CLI_PREVIEW), VALUE_TEXT, offsetof(CliOptions, pubkey)},
    {"--out", MODE(CLI_KEYGEN) | MODE(CLI_RENDER) | MODE(CLI_PREVIEW), VALUE_TEXT,
     offsetof(CliOptions, out)},
    {"--name", MODE(CLI_KEYGEN), VALUE_TEXT, offsetof(CliOptions, name)},
    {"--key", MODE(CLI_SIGN), VALUE_TEXT, offsetof(CliOptions, key)},
    {"--for", MODE(CLI_SIGN), VALUE_TEXT, offsetof(CliOptions, site)},
    {"--version", MODE(CLI_SIGN), VALUE_TEXT, offsetof(CliOptions, version)},
    {"--reset-floor", MODE(CLI_SIGN), VALUE_FLAG, offsetof(CliOptions, reset_floor)},
    {"--script", MODE(CLI_RENDER), VALUE_TEXT, offsetof(CliOptions, script)},
    {"--size", MODE(CLI_RENDER) | MODE(CLI_PREVIEW), VALUE_SIZE, 0},
    {"--window", MODE(CLI_RUN), VALUE_SIZE, 0},
    {"--rotation", MODE(CLI_RENDER), VALUE_ROTATION, 0},
};

/* The command word, if any, and the folder it needs; returns the index of
 * the first option, or -1 with err. */
static int parse_command(int argc, char **argv, CliOptions *o, char *err, size_t errlen)
{
	static const struct {
		const char *word;
		CliMode mode;
		bool dir;
	} COMMANDS[] = {{"render", CLI_RENDER, false}, {"keygen", CLI_KEYGEN, false},
	                {"check", CLI_CHECK, true},    {"import", CLI_IMPORT, true},
	                {"sign", CLI_SIGN, true},      {"preview", CLI_PREVIEW, true},
	                {"pin", CLI_PIN, false}};
	if (argc < 2)
		return 1;
	for (size_t i = 0; i < sizeof(COMMANDS) / sizeof(COMMANDS[0]); i++) {
		if (strcmp(argv[1], COMMANDS[i].word) != 0)
			continue;
		o->mode = COMMANDS[i].mode;
		if (!COMMANDS[i].dir)
			return 2;
		if (argc < 3 || argv[2][0] == '-' || argv[2][0] == '\0') {
			snprintf(err, errlen, "%s needs the folder to look at", argv[1]);
			return -1;
		}
		o->dir = argv[2];
		return 3;
	}
	return 1;
}

static const Option *find_option(CliMode mode, const char *name)
{
	for (size_t i = 0; i < sizeof(OPTIONS) / sizeof(OPTIONS[0]); i++)
		if ((OPTIONS[i].modes & MODE(mode)) && strcmp(OPTIONS[i].name, name) == 0)
			return &OPTIONS[i];
	return NULL;
}

static int set_option(CliOptions *o, const Option *opt, const char *v, char *err, size_t errlen)
{
	switch (opt->kind) {
	case VALUE_TEXT:
		*(const char **)((char *)o + opt->field) = v;
		return 0;
	case VALUE_SIZE:
		if (cli_parse_size(v, &o->w, &o->h) == 0)
			return 0;
		snprintf(err, errlen, "%s takes WIDTHxHEIGHT, e.g. 1920x1080", opt->name);
		return -1;
	case VALUE_ROTATION:
		if (strcmp(v, "0") && strcmp(v, "90") && strcmp(v, "180") && strcmp(v, "270")) {
			snprintf(err, errlen, "--rotation takes 0, 90, 180 or 270");
			return -1;
		}
		o->rotation = atoi(v);
		return 0;
	case VALUE_FLAG:
		*(bool *)((char *)o + opt->field) = true;
		return 0;
	}
	return -1;
}

/* What a command cannot do without. */
static int check_required(const CliOptions *o, char *err, size_t errlen)
{
	if ((o->mode == CLI_RENDER || o->mode == CLI_PREVIEW) && !o->out) {
		snprintf(err, errlen, "%s needs --out DIR",
		         o->mode == CLI_RENDER ? "render" : "preview");
		return -1;
	}
	if (o->mode == CLI_KEYGEN && (!o->out || !o->name)) {
		snprintf(err, errlen,
		         "keygen needs --out NAME and --name \"who the key belongs to\"");
		return -1;
	}
	if (o->mode == CLI_SIGN && (!o->key || !o->site)) {
		snprintf(err, errlen, "sign needs --key NAME.key and --for SITE");
		return -1;
	}
	return 0;
}

int cli_parse(int argc, char **argv, CliOptions *o, char *err, size_t errlen)
{
	memset(o, 0, sizeof(*o));
	o->rotation = -1;
	int i = parse_command(argc, argv, o, err, errlen);
	if (i < 0)
		return -1;
	for (; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			o->mode = CLI_HELP;
			return 0;
		}
		const Option *opt = find_option(o->mode, a);
		if (!opt) {
			snprintf(err, errlen, "unknown option \"%s\"", a);
			return -1;
		}
		if (opt->kind == VALUE_FLAG) {
			set_option(o, opt, NULL, err, errlen);
			continue;
		}
		if (i + 1 >= argc || argv[i + 1][0] == '\0') {
			snprintf(err, errlen, "%s needs a value", a);
			return -1;
		}
		if (set_option(o, opt, argv[++i], err, errlen) != 0)
			return -1;
	}
	return check_required(o, err, errlen);
}
