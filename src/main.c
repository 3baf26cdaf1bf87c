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
	switch (cli.mode) {
	case CLI_RENDER:
		return app_render(&o);
	case CLI_RUN:
		return app_run(&o);
	default:
		break;
	}
	fprintf(stderr, "kiosk: this command is not part of this build\n%s", cli_usage);
	return 2;
}
