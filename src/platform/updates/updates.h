/* updates: what the running kiosk does when content arrives. A stick
 * appearing (or a package in the inbox) starts an import on the worker;
 * the screen shows "Checking new content…" with a real progress bar, then
 * either "Content updated" or the problems in plain words, with the old
 * content left showing. A stick pulled mid-copy changes nothing and says
 * so. Shared by the display loop and the headless render command.
 */
#ifndef KIOSK_UPDATES_H
#define KIOSK_UPDATES_H

#include <SDL.h>
#include <stdbool.h>
#include <stdint.h>

#include "platform/run/session.h"
#include "platform/updates/updater.h"
#include "platform/updates/usbwatch.h"

typedef struct {
	UsbWatch *watch;
	Updater *updater;
	char data[4096];
	char source[4096]; /* the stick or inbox entry being imported, "" none */
	bool from_inbox;
	bool from_script; /* inserted by a render script's "usb" line */
	char title[256];  /* texts the notice screens borrow */
	char detail[UPDATER_MSG_MAX + 256];
	int progress;
	bool scanned; /* the folders were looked at once at start */
} Updates;

/* Watches cfg's usb_dirs (watch false: only scripts insert sticks) and
 * DATA/inbox. wake is called from the worker thread. 0 or -1. */
int updates_init(Updates *u, const Config *cfg, const char *data, bool watch, void (*wake)(void *),
                 void *user);
void updates_deinit(Updates *u);
/* Fills fds to poll; returns how many. */
int updates_fds(const Updates *u, int *fds, short *events, int max);
/* Looks at the watched folders and the worker; drives the screens and
 * swaps content in. woke: the loop's own poll() saw one of updates_fds()
 * fire (it may have consumed the mount table's event). Returns
 * KIOSK_REDRAW when the screen changed. */
unsigned updates_poll(Updates *u, Session *s, SDL_Renderer *sdl, uint64_t now, bool woke);
/* A stick whose root is dir was inserted / pulled out (render scripts). */
unsigned updates_insert(Updates *u, Session *s, const char *dir, uint64_t now);
unsigned updates_unplug(Updates *u, Session *s, uint64_t now);
/* Blocks until the running import, if any, has finished. */
void updates_wait(Updates *u);
bool updates_busy(const Updates *u);

#endif
