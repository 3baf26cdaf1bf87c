/* app: the two ways the kiosk runs, both on the same core and renderer:
 * app_run shows it on a display (full screen, or a window for development);
 * app_render runs it headless on a virtual clock, replaying a script and
 * writing screenshots with their JSON descriptions.
 */
#ifndef KIOSK_APP_H
#define KIOSK_APP_H

#include <stdbool.h>

#include "core/settings/config.h"

typedef struct {
	Config cfg;
	const char *config;  /* --config, or NULL: where settings_load looks */
	const char *content; /* --content, or NULL: data dir, then built-in */
	const char *data;    /* --data, or NULL: cfg.data_dir */
	int w, h;            /* window (run) or panel (render) size; 0: default */
	int rotation;        /* -1: from the config */
	const char *out;     /* render: output folder */
	const char *script;  /* render: script file, or NULL for one shot of Home */
} AppOptions;

/* Both return the process exit status: 0, or 1 with a message on stderr.
 * app_render writes into o->out, which must exist (cmd_render makes it). */
int app_run(const AppOptions *o);
int app_render(const AppOptions *o);

#endif
