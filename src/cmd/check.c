/* `kiosk check DIR`: what the kiosk would say of a stick, before anyone
 * walks to it (platform/package/verdict.h), its problems in the words the
 * kiosk's screen would use: in the `language` of the settings it is
 * given, English when they name none. */
#include "cmd/cmd.h"

#include "platform/package/verdict.h"
#include "platform/run/catalogs.h"

int cmd_check(const CliOptions *cli, const Config *cfg)
{
	PkgReport r;
	pkg_report_init(&r);
	char summary[1600];
	int rc = verdict_check(cli->dir, cfg, cli->pubkey, &r, summary, sizeof(summary));
	/* Loaded once, before anything else runs (catalogs.h). */
	Catalogs cat;
	catalogs_load(&cat, cfg->language);
	cmd_print_report_in(stdout, &r, cat.lx.main);
	catalogs_unload(&cat);
	if (rc == 0)
		printf("%s\n", summary);
	fflush(stdout);
	pkg_report_free(&r);
	return rc == 0 ? 0 : 1;
}
