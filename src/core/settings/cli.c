#include "core/settings/cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char cli_usage[] =
    "usage: kiosk [--config FILE] [--content DIR] [--data DIR] [--window WxH]\n"
    "       kiosk render --out DIR [--content DIR] [--data DIR] [--config FILE] [--size WxH]\n"
    "                    [--rotation 0|90|180|270] [--script FILE]\n"
    "       kiosk check DIR [--config FILE] [--pubkey FILE]\n"
    "       kiosk import DIR [--data DATA] [--config FILE]\n"
    "       kiosk keygen --out NAME --name \"Riverside Clinic front desk\"\n"
    "       kiosk sign DIR --key NAME.key --for SITE [--version N] [--config FILE]\n";

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

int cli_parse(int argc, char **argv, CliOptions *o, char *err, size_t errlen)
{
	memset(o, 0, sizeof(*o));
	o->rotation = -1;
	int i = 1;
	if (argc > 1 && strcmp(argv[1], "render") == 0) {
		o->mode = CLI_RENDER;
		i = 2;
	} else if (argc > 1 && strcmp(argv[1], "keygen") == 0) {
		o->mode = CLI_KEYGEN;
		i = 2;
	} else if (argc > 1 && (strcmp(argv[1], "check") == 0 || strcmp(argv[1], "import") == 0 ||
	                        strcmp(argv[1], "sign") == 0)) {
		o->mode = argv[1][0] == 'c' ? CLI_CHECK : argv[1][0] == 'i' ? CLI_IMPORT : CLI_SIGN;
		if (argc < 3 || argv[2][0] == '-' || argv[2][0] == '\0') {
			snprintf(err, errlen, "%s needs the folder to look at", argv[1]);
			return -1;
		}
		o->dir = argv[2];
		i = 3;
	}
	for (; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			o->mode = CLI_HELP;
			return 0;
		}
		const char **slot = NULL;
		bool is_size = false, is_rot = false;
		if (strcmp(a, "--config") == 0 && o->mode != CLI_KEYGEN)
			slot = &o->config;
		else if ((o->mode == CLI_RUN || o->mode == CLI_RENDER) &&
		         strcmp(a, "--content") == 0)
			slot = &o->content;
		else if ((o->mode == CLI_RUN || o->mode == CLI_RENDER || o->mode == CLI_IMPORT) &&
		         strcmp(a, "--data") == 0)
			slot = &o->data;
		else if (o->mode == CLI_CHECK && strcmp(a, "--pubkey") == 0)
			slot = &o->pubkey;
		else if (o->mode == CLI_KEYGEN && strcmp(a, "--out") == 0)
			slot = &o->out;
		else if (o->mode == CLI_KEYGEN && strcmp(a, "--name") == 0)
			slot = &o->name;
		else if (o->mode == CLI_SIGN && strcmp(a, "--key") == 0)
			slot = &o->key;
		else if (o->mode == CLI_SIGN && strcmp(a, "--for") == 0)
			slot = &o->site;
		else if (o->mode == CLI_SIGN && strcmp(a, "--version") == 0)
			slot = &o->version;
		else if (o->mode == CLI_RENDER && strcmp(a, "--out") == 0)
			slot = &o->out;
		else if (o->mode == CLI_RENDER && strcmp(a, "--script") == 0)
			slot = &o->script;
		else if ((o->mode == CLI_RENDER && strcmp(a, "--size") == 0) ||
		         (o->mode == CLI_RUN && strcmp(a, "--window") == 0))
			is_size = true;
		else if (o->mode == CLI_RENDER && strcmp(a, "--rotation") == 0)
			is_rot = true;
		else {
			snprintf(err, errlen, "unknown option \"%s\"", a);
			return -1;
		}
		if (i + 1 >= argc || argv[i + 1][0] == '\0') {
			snprintf(err, errlen, "%s needs a value", a);
			return -1;
		}
		const char *v = argv[++i];
		if (slot) {
			*slot = v;
		} else if (is_size) {
			if (cli_parse_size(v, &o->w, &o->h)) {
				snprintf(err, errlen, "%s takes WIDTHxHEIGHT, e.g. 1920x1080", a);
				return -1;
			}
		} else if (is_rot) {
			if (strcmp(v, "0") && strcmp(v, "90") && strcmp(v, "180") &&
			    strcmp(v, "270")) {
				snprintf(err, errlen, "--rotation takes 0, 90, 180 or 270");
				return -1;
			}
			o->rotation = atoi(v);
		}
	}
	if (o->mode == CLI_RENDER && !o->out) {
		snprintf(err, errlen, "render needs --out DIR");
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
