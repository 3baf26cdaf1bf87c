/* headless: the real kiosk (same controller, layout and renderer) drawn by
 * SDL's software renderer into a memory surface, on a virtual clock. Used by
 * `kiosk render` and by the benchmark. Input goes through the same SDL event
 * translation as on a display.
 */
#ifndef KIOSK_HEADLESS_H
#define KIOSK_HEADLESS_H

#include <SDL.h>
#include <stdint.h>

#include "core/settings/script.h"
#include "platform/run/app.h"
#include "platform/night/watch.h"
#include "platform/run/session.h"
#include "platform/service/staff.h"
#include "platform/updates/arrivals.h"

typedef struct {
	Session s;
	SDL_Surface *surface;
	SDL_Renderer *sdl;
	uint64_t now; /* the virtual clock */
	const char *out;
	int shots;
	Arrivals arrivals;   /* sticks inserted by "usb DIR" lines */
	char data[4096];     /* the data folder */
	bool confirmed;      /* installed content was shown once */
	bool lost;           /* "event display-lost": nothing can be shown */
	char notice[512];    /* the text headless_notice shows */
	Staff staff;         /* the staff's screens */
	Watch watch;         /* the night schedule, on the clock "time" sets */
	bool swallow;        /* the touch that woke a blank screen goes no further */
	const void *content; /* the content the watch last saw (its arena) */
} Headless;

/* SDL must be started (session_sdl_start(0)). pw x ph: the panel. 0 or -1 (message
 * on stderr). */
int headless_open(Headless *h, const AppOptions *o, int pw, int ph);
void headless_close(Headless *h);
/* Shows text as a problem notice (what start-up recovery did). */
void headless_notice(Headless *h, const char *text);
/* A mouse event at panel pixel (x, y): SDL_MOUSEBUTTONDOWN, _UP or MOTION. */
void headless_pointer(Headless *h, Uint32 type, int x, int y);
/* Does what the staff's screens asked (after each event and tick). */
void headless_staff(Headless *h);
/* Runs every deadline up to now + ms on the virtual clock. */
void headless_advance(Headless *h, uint64_t ms);
/* Draws the frame for the current time into the surface. 0 or -1. */
int headless_draw(Headless *h);
/* What the display loop does after a frame once the screen is still:
 * readies the next attract slide's pictures (session_prepare). */
void headless_settle(Headless *h);
/* Writes what surface shows as dir/NAME.png and what k shows as
 * dir/NAME.json (moved into place whole). 0, or -1 with a message on
 * stderr. */
int headless_write_shot(SDL_Surface *surface, const Kiosk *k, const Orient *o, const char *dir,
                        const char *name);
/* Draws and writes out/NAME.png and out/NAME.json. */
int headless_shot(Headless *h, const char *name);
int headless_run(Headless *h, const ScriptCmd *c);

#endif
