/* `kiosk preview DIR --out OUT`: what visitors will see of a stick,
 * written for a PC (platform/run/offscreen/preview.h). Prints what
 * `kiosk check` prints, then where the preview is. */
#include "cmd/cmd.h"

#include "platform/run/offscreen/preview.h"

int cmd_preview(const CliOptions *cli, const Config *cfg)
{
	PreviewJob j = {.dir = cli->dir,
	                .out = cli->out,
	                .cfg = cfg,
	                .pubkey = cli->pubkey,
	                .w = cli->w,
	                .h = cli->h};
	PreviewResult res;
	char err[512];
	int rc = preview_run(&j, &res, err, sizeof(err));
	cmd_print_report(stdout, &res.report);
	if (rc >= 0 && !res.refused)
		printf("%s\n", res.summary);
	if (rc == 0) {
		printf("Preview: %u screenshot%s of %u screen%s in %s/index.html\n",
		       res.screenshots, res.screenshots == 1 ? "" : "s", res.stops,
		       res.stops == 1 ? "" : "s", cli->out);
		if (res.cut)
			printf(
			    "warning: %u screen%s longer than %d screenfuls: the first %d of each "
			    "are shown\n",
			    res.cut, res.cut == 1 ? " is" : "s are", PREVIEW_PAGES_MAX,
			    PREVIEW_PAGES_MAX);
		if (res.missed)
			printf("warning: %u screen%s could not be drawn\n", res.missed,
			       res.missed == 1 ? "" : "s");
	} else if (rc > 0) {
		printf("Refused: the kiosk would not take this content; %s/index.html says why\n",
		       cli->out);
	} else {
		fprintf(stderr, "kiosk: preview: %s\n", err);
	}
	fflush(stdout);
	preview_result_free(&res);
	return rc == 0 && !res.missed ? 0 : 1;
}
