/* cli: the command line of build/kiosk, parsed into options. Pure C; main
 * reports the message and exits 2 on a usage error.
 */
#ifndef KIOSK_CLI_H
#define KIOSK_CLI_H

#include <stdbool.h>
#include <stddef.h>

typedef enum {
	CLI_RUN,
	CLI_RENDER,
	CLI_CHECK,
	CLI_IMPORT,
	CLI_KEYGEN,
	CLI_SIGN,
	CLI_PREVIEW,
	CLI_PIN,
	CLI_HELP
} CliMode;

typedef struct {
	CliMode mode;
	const char *config;  /* --config FILE */
	const char *content; /* --content DIR */
	const char *data;    /* --data DIR */
	const char *out;     /* render, preview: --out DIR */
	const char *script;  /* render: --script FILE */
	const char *dir;     /* check, import, sign, preview: the package (stick root or
	                      * kiosk folder) */
	const char *pubkey;  /* check, preview: --pubkey FILE */
	const char *name;    /* keygen: --name "Riverside Clinic front desk" */
	const char *key;     /* sign: --key NAME.key */
	const char *site;    /* sign: --for SITE */
	const char *version; /* sign: --version N */
	bool reset_floor;    /* sign: --reset-floor (a service stick) */
	int w, h;            /* --window WxH (run) or --size WxH (render, preview); 0: unset */
	int rotation;        /* --rotation N; -1: unset */
} CliOptions;

/* Returns 0, or -1 with a one-line message in err. */
int cli_parse(int argc, char **argv, CliOptions *o, char *err, size_t errlen);
/* Parses "WxH" (each 64..16384). */
int cli_parse_size(const char *s, int *w, int *h);
extern const char cli_usage[];

#endif
