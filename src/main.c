/* kiosk: a touchscreen health-information kiosk for clinic waiting rooms.
 * main only wires: command line -> settings -> the app. */
#include <stdio.h>

#include "core/cli.h"
#include "platform/app.h"
#include "platform/settings.h"

int main(int argc, char **argv)
{
	CliOptions cli;
	char err[256];
	if (cli_parse(argc, argv, &cli, err, sizeof(err)) != 0) {
		fprintf(stderr, "kiosk: %s\n%s", err, cli_usage);
		return 2;
	}
	if (cli.mode == CLI_HELP) {
		fputs(cli_usage, stdout);
		return 0;
	}
	AppOptions o = {.content = cli.content,
			.data = cli.data,
			.w = cli.w,
			.h = cli.h,
			.rotation = cli.rotation,
			.out = cli.out,
			.script = cli.script};
	/* A bad setting is reported and keeps its default; only a named file
	 * that cannot be read at all stops the start. */
	if (settings_load(&o.cfg, cli.config) < 0)
		return 1;
	return cli.mode == CLI_RENDER ? app_render(&o) : app_run(&o);
}
