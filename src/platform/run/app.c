#include "platform/run/app.h"

#include <SDL.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/settings/script.h"
#include "platform/live/loop.h"
#include "platform/live/signals.h"
#include "platform/run/offscreen/headless.h"
#include "platform/run/session.h"
#include "platform/start/start.h"

static int run_script(Headless *h, const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "kiosk: %s: cannot open (%s)\n", path, strerror(errno));
		return -1;
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int lineno = 0, rc = 0;
	ScriptCmd *cmd = malloc(sizeof(*cmd));
	if (!cmd) {
		fclose(f);
		return -1;
	}
	while (rc == 0 && (n = getline(&line, &cap, f)) >= 0) {
		lineno++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			n--;
		char err[200];
		int pr = script_parse_line(line, (size_t)n, cmd, err, sizeof(err));
		if (pr < 0) {
			fprintf(stderr, "kiosk: %s:%d: %s\n", path, lineno, err);
			rc = -1;
		} else if (pr > 0) {
			rc = headless_run(h, cmd);
		}
	}
	free(cmd);
	free(line);
	fclose(f);
	return rc;
}

int app_render(const AppOptions *o)
{
	/* No display at all: SDL's software renderer drawing into a surface. */
	SDL_setenv("SDL_VIDEODRIVER", "dummy", 0);
	if (session_sdl_start(0) != 0)
		return 1;
	char recovered[512];
	start_recover(o, recovered, sizeof(recovered));
	Headless h;
	int status = 1;
	if (headless_open(&h, o, o->w ? o->w : 1920, o->h ? o->h : 1080) == 0) {
		if (recovered[0])
			headless_notice(&h, recovered);
		int rc = o->script ? run_script(&h, o->script) : headless_shot(&h, "home");
		status = rc == 0 ? 0 : 1;
		headless_close(&h);
	}
	session_sdl_stop();
	return status;
}

/* ---- on a display ------------------------------------------------------------ */

int app_run(const AppOptions *o)
{
	/* Before SDL starts any thread, so that every thread shares them. The
	 * kiosk stops on SIGTERM and SIGINT only: no key and no window-manager
	 * close request ends it in kiosk mode. */
	signals_install();
	SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
	SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
	/* Video starts with the window (window.h): at boot the display may
	 * come after the kiosk. */
	if (session_sdl_start(0) != 0)
		return 1;
	int status = loop_run(o);
	session_sdl_stop();
	return status;
}
