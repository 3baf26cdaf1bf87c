/* kiosk: a touchscreen health-information kiosk for clinic waiting rooms.
 * main only wires: command line -> settings -> the app. */
#include <stdio.h>

#include "core/settings/cli.h"
#include "platform/run/app.h"
#include "platform/package/pkgcheck.h"
#include "platform/updates/importer.h"
#include "platform/run/settings.h"
#include "platform/package/signing.h"

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
		return app_render(&o);
	case CLI_RUN:
		return app_run(&o);
	case CLI_CHECK:
		return pkgcheck_main(cli.dir, &o.cfg, cli.pubkey);
	case CLI_IMPORT:
		return importer_main(cli.dir, cli.data ? cli.data : o.cfg.data_dir, &o.cfg);
	case CLI_KEYGEN:
		return signing_keygen_main(cli.out, cli.name);
	case CLI_SIGN:
		return signing_sign_main(cli.dir, cli.key, cli.site, cli.version, &o.cfg);
	default:
		break;
	}
	fprintf(stderr, "kiosk: this command is not part of this build\n%s", cli_usage);
	return 2;
}
