/* cmd: the commands of build/kiosk besides showing the kiosk (check,
 * import, keygen, sign, render, preview). Each takes the parsed command line
 * (core/settings/cli.h) and the kiosk's settings, reads its arguments' values
 * by the kiosk's own rules, drives the modules that do the work (which
 * return results and never print or exit), prints what staff read, and
 * returns the exit status: 0, 1 on a failure, 2 on a usage error.
 *
 * Only main calls these; nothing else depends on them.
 */
#ifndef KIOSK_CMD_H
#define KIOSK_CMD_H

#include <stdio.h>

#include "core/package/pkg.h"
#include "core/screen/look/words.h"
#include "core/settings/cli.h"
#include "core/settings/config.h"
#include "platform/run/app.h"

/* `kiosk check DIR [--pubkey FILE]` */
int cmd_check(const CliOptions *cli, const Config *cfg);
/* `kiosk import DIR [--data DATA]` */
int cmd_import(const CliOptions *cli, const Config *cfg);
/* `kiosk keygen --out NAME --name "..."` */
int cmd_keygen(const CliOptions *cli);
/* `kiosk sign DIR --key NAME.key --for SITE [--version N]` */
int cmd_sign(const CliOptions *cli, const Config *cfg);
/* `kiosk preview DIR --out OUT [--size WxH]` */
int cmd_preview(const CliOptions *cli, const Config *cfg);
/* `kiosk pin`: a service PIN read from standard input -> the
 * "service_pin = HASH" line for kiosk.conf. */
int cmd_pin(void);
/* `kiosk render --out DIR ...`: o is the run's options. */
int cmd_render(const AppOptions *o);

/* Every line of r, one a line ("PATH: message", "warning: ..."). */
void cmd_print_report(FILE *f, const PkgReport *r);
/* The same in w's language (English when w is NULL). */
void cmd_print_report_in(FILE *f, const PkgReport *r, const Words *w);

#endif
