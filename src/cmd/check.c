/* `kiosk check DIR`: what the kiosk would say of a stick, before anyone
 * walks to it (platform/package/check/verdict.h). */
#include "cmd/cmd.h"

#include "platform/package/check/verdict.h"

int cmd_check(const CliOptions *cli, const Config *cfg)
{
	PkgReport r;
	pkg_report_init(&r);
	char summary[1600];
	int rc = verdict_check(cli->dir, cfg, cli->pubkey, &r, summary, sizeof(summary));
	cmd_print_report(stdout, &r);
	if (rc == 0)
		printf("%s\n", summary);
	fflush(stdout);
	pkg_report_free(&r);
	return rc == 0 ? 0 : 1;
}
