/* signals: what the kiosk does with the signals a service manager or an
 * administrator sends it.
 *
 *   SIGTERM, SIGINT   stop cleanly: the loop ends, an import in progress is
 *                     cancelled (DATA keeps the old content, whole), the
 *                     display is let go, exit status 0
 *   SIGHUP            read kiosk.conf again and apply it while running
 *   SIGUSR1, SIGUSR2  ignored: nothing in the kiosk uses them, and a stray
 *                     one must not end it
 *
 * The handlers only set a flag and write a byte to a pipe, which wakes the
 * loop's poll(); the loop does the work between frames. File-scope state:
 * a process has one set of signal dispositions.
 */
#ifndef KIOSK_SIGNALS_H
#define KIOSK_SIGNALS_H

#include <stdbool.h>

enum {
	SIGNALS_STOP = 1u << 0,   /* SIGTERM or SIGINT came */
	SIGNALS_RELOAD = 1u << 1, /* SIGHUP came */
};

/* Installs the handlers (before threads start, so that they all share
 * them). 0, or -1 when the pipe cannot be made (signals still work; only
 * the wake-up is slower). */
int signals_install(void);
/* Readable when a signal came; -1 without a pipe. */
int signals_fd(void);
/* The signals that came since the last call (SIGNALS_*); empties the
 * pipe. A stop stays set once it came. */
unsigned signals_take(void);
/* Whether a stop came (for waits that happen outside the loop). */
bool signals_stopping(void);

#endif
