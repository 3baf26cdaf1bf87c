/* `kiosk render --out DIR`: the kiosk headless on a virtual clock
 * (app_render), its output folder made first. */
#include "cmd/cmd.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

int cmd_render(const AppOptions *o)
{
	if (mkdir(o->out, 0755) != 0 && errno != EEXIST) {
		fprintf(stderr, "kiosk: %s: cannot create (%s)\n", o->out, strerror(errno));
		return 1;
	}
	return app_render(o);
}
