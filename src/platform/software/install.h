/* install: one software update installed by the firmware's root helper
 * (firmware/kiosk-update; README.md, "Software updates"), on a thread of
 * its own so the kiosk goes on showing its content while RAUC writes the
 * other slot, which can take many minutes on a slow board.
 *
 * One connection per install to the helper's Unix socket: the kiosk sends
 * "install stick NAME" or "install inbox NAME" (NAME checked by
 * software_name_ok first; the helper finds the file itself) and reads the
 * helper's lines, each checked by core/software: "progress P" any number
 * of times, then one final line. A line too long, not UTF-8 or not
 * understood, the connection closed before a final line, or no line at
 * all for INSTALL_QUIET_S: an error, said in English in the answer's text.
 *
 * The Install owns its thread and socket; install_free stops waiting and
 * joins it (the helper goes on by itself: RAUC is not interrupted).
 */
#ifndef KIOSK_INSTALL_H
#define KIOSK_INSTALL_H

#include <stdbool.h>

#include "core/software/software.h"

/* RAUC on a slow board writes for minutes between two lines at worst;
 * only this long a silence counts as a helper that is gone. */
#define INSTALL_QUIET_S 600

typedef struct {
	bool running;
	bool finished;         /* a final answer is waiting to be taken */
	int percent;           /* the last progress said, 0 none yet */
	SoftwareAnswer answer; /* when finished: never PROGRESS or MALFORMED */
} InstallStatus;

typedef struct Install Install;

/* wake is called from the install's thread whenever its status changes
 * (may be NULL). NULL when out of memory. */
Install *install_new(void (*wake)(void *), void *user);
void install_free(Install *in);
/* Starts installing name (checked by the caller with software_name_ok)
 * through the helper listening at socket helper; from_inbox says where
 * the helper finds it. -1 while one runs or when no thread can start. */
int install_start(Install *in, const char *helper, bool from_inbox, const char *name);
/* Readable when the status changed (for poll()). */
int install_fd(const Install *in);
/* Copies the status; a final answer is handed out once. */
void install_status(Install *in, InstallStatus *st);
bool install_running(Install *in);
/* Blocks at most ms until the status changes (headless scripts, which
 * wait for the helper in real time). */
void install_wait(Install *in, int ms);

#endif
