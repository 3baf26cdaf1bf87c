/* kiosk: a touchscreen health-information kiosk for clinic waiting rooms.
 * main only wires: command line -> settings -> the app or a command. */
#include <stdio.h>

#include "cmd/cmd.h"
#include "core/settings/cli.h"
#include "platform/run/app.h"
#include "platform/run/settings.h"

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
	AppOptions o = {.config = cli.config,
	                .content = cli.content,
	                .data = cli.data,
	                .w = cli.w,
	                .h = cli.h,
	                .rotation = cli.rotation,
	                .out = cli.out,
	                .script = cli.script};
	/* A bad setting is reported and keeps its default; settings that cannot
	 * be read leave the defaults, failing closed on signatures. */
	settings_load(&o.cfg, cli.config);
	switch (cli.mode) {
	case CLI_RENDER:
		return cmd_render(&o);
	case CLI_RUN:
		return app_run(&o);
	case CLI_CHECK:
		return cmd_check(&cli, &o.cfg);
	case CLI_IMPORT:
		return cmd_import(&cli, &o.cfg);
	case CLI_KEYGEN:
		return cmd_keygen(&cli);
	case CLI_SIGN:
		return cmd_sign(&cli, &o.cfg);
	case CLI_PREVIEW:
		return cmd_preview(&cli, &o.cfg);
	case CLI_PIN:
		return cmd_pin();
	default:
		break;
	}
	fprintf(stderr, "kiosk: this command is not part of this build\n%s", cli_usage);
	return 2;
}
