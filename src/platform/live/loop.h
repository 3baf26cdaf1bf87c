/* loop: the kiosk live on a display, from opening the window to the last
 * frame. Every turn: signals, input to the controller, what arrives on a
 * stick or in the inbox, the controller's deadlines, a frame when anything
 * changed (or the watchdog is owed one), background work while the screen
 * is still, then sleep until the next wake-up (wake.h) in the one way the
 * waiter knows for this driver.
 *
 * It goes on through what months bring: settings read again on SIGHUP, a
 * panel unplugged and back, a renderer reset, a resized window: each makes
 * the session's textures (or window, or layout) again. SIGTERM and SIGINT
 * end it cleanly (signals.h).
 */
#ifndef KIOSK_LOOP_H
#define KIOSK_LOOP_H

#include "platform/run/app.h"

/* SDL's video must be up. The window opens first; then the start waits
 * for the data folder (start.h), recovers it, and shows what start-up
 * recovery did as a problem notice. Returns the exit status: 0 after a
 * stop, 1 (with a message on stderr) when the kiosk could not start. */
int loop_run(const AppOptions *o);

#endif
