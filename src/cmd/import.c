/* `kiosk import DIR`: what the kiosk does with a stick, from a shell. */
#include "cmd/cmd.h"

#include "platform/updates/importer.h"

static const char *plural(unsigned n)
{
	return n == 1 ? "" : "s";
}

int cmd_import(const CliOptions *cli, const Config *cfg)
{
	PkgReport r;
	pkg_report_init(&r);
	SigPolicy pol;
	SigStatus st = {0};
	ImportHooks hooks = {
	    .sig = importer_policy(cfg, &pol), .sig_status = &st, .font_dir = cfg->font_dir};
	const char *data = cli->data ? cli->data : cfg->data_dir;
	ImportResult rc = importer_run(cli->dir, data, &cfg->limits, &hooks, &r);
	int status = 1;
	if (rc == IMPORT_INSTALLED) {
		printf("Installed: %u article%s, %u topic%s, %u image%s", r.articles,
		       plural(r.articles), r.topics, plural(r.topics), r.images, plural(r.images));
		if (st.verified)
			printf(". Signed by %s", st.signer);
		if (st.verified && st.reset_floor)
			printf(". The version floor is now %llu", (unsigned long long)st.version);
		printf("\n");
		cmd_print_report(stdout, &r);
		status = 0;
	} else if (rc == IMPORT_ALREADY) {
		printf("Already installed: nothing changed.\n");
		status = 0;
	} else {
		cmd_print_report(stdout, &r);
	}
	fflush(stdout);
	pkg_report_free(&r);
	return status;
}
