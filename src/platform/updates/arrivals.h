/* arrivals: what the running kiosk does when content arrives. A stick
 * appearing (or a package in the inbox) starts an import on the worker;
 * the screen shows "Checking new content…" with a real progress bar, then
 * either "Content updated" or the problems in plain words, with the old
 * content left showing. A stick pulled mid-copy changes nothing and says
 * so. Shared by the display loop and the headless render command.
 */
#ifndef KIOSK_ARRIVALS_H
#define KIOSK_ARRIVALS_H

#include <SDL.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/control/nav.h"
#include "core/package/progress.h"
#include "platform/run/session.h"
#include "platform/service/keep.h"
#include "platform/software/bundle.h"
#include "platform/software/install.h"
#include "platform/updates/worker.h"
#include "platform/updates/usbwatch.h"

typedef struct {
	UsbWatch *watch;
	Worker *worker;
	char data[4096];
	char source[4096]; /* the stick or inbox entry being imported, "" none */
	bool from_inbox;
	bool from_script;               /* inserted by a render script's "usb" line */
	char stick[4096];               /* the root of the stick in the kiosk now, "" none */
	char last[KEEP_IMPORT_MAX + 1]; /* what the last stick or update came to
	                                 * and when, "" none: kept in
	                                 * DATA/service/last-import */
	char title[256];                /* texts the notice screens borrow */
	char detail[2 * WORKER_MSG_MAX + 1024];
	int progress;
	long seconds_left; /* last said, -1 none */
	Progress pace;     /* the share done and time left */
	bool scanned;      /* the folders were looked at once at start */
	/* Software updates (platform/software/swscreen.h). */
	Install *install;
	char update_helper[CONFIG_PATH_MAX]; /* "": this kiosk cannot install them */
	SoftwareStatus boot_status;          /* what the firmware said at start, told once */
	Bundle bundle;                       /* the bundle waiting for its turn, count 0 none */
	bool bundle_inbox;                   /* it is in DATA/inbox/update */
	bool installing;                     /* the helper is at work */
	char before[256 + 2 * WORKER_MSG_MAX + 1024]; /* what the stick's content came to,
	                                               * said after the update's verdict */
	bool before_error;
	void (*wake)(void *); /* what the worker calls, kept for a new one */
	void *user;
} Arrivals;

/* Watches cfg's usb_dirs (watch false: only scripts insert sticks) and
 * DATA/inbox. wake is called from the worker thread. 0 or -1. */
int arrivals_init(Arrivals *u, const Config *cfg, const char *data, bool watch,
                  void (*wake)(void *), void *user);
void arrivals_deinit(Arrivals *u);
/* New settings (kiosk.conf read again): the next import checks with cfg's
 * limits and signature rules. The watched folders stay as they are, so a
 * stick left in is not taken again. -1 while an import runs (try again
 * once it ended) or when out of memory. */
int arrivals_configure(Arrivals *u, const Config *cfg);
/* Fills fds to poll; returns how many. */
int arrivals_fds(const Arrivals *u, int *fds, short *events, int max);
/* Looks at the watched folders and the worker; drives the screens and
 * swaps content in. woke: the loop's own poll() saw one of arrivals_fds()
 * fire (it may have consumed the mount table's event). Returns
 * KIOSK_REDRAW when the screen changed. */
unsigned arrivals_poll(Arrivals *u, Session *s, SDL_Renderer *sdl, uint64_t now, bool woke);
/* A stick whose root is dir was inserted / pulled out (render scripts). */
unsigned arrivals_insert(Arrivals *u, Session *s, const char *dir, uint64_t now);
unsigned arrivals_unplug(Arrivals *u, Session *s, uint64_t now);
/* The notice screen of u->title and u->detail (an error's or not), kept
 * as what the last stick came to; and any other screen (platform/software
 * draws its own through these). */
unsigned arrivals_notice(Arrivals *u, Session *s, bool error, uint64_t now);
unsigned arrivals_show(Session *s, uint64_t now, const NavEvent *ev);
/* Removes an inbox entry (a package folder or a file). */
void arrivals_remove(const char *path);
/* Blocks until the running import, if any, has finished. */
void arrivals_wait(Arrivals *u);
bool arrivals_busy(const Arrivals *u);
/* The root of the stick in the kiosk now (checked again: it still holds
 * something), or NULL when there is none. */
const char *arrivals_stick(const Arrivals *u);

#endif
