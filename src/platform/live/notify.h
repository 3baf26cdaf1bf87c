/* notify: telling systemd the kiosk is alive (sd_notify, libsystemd).
 *
 * READY=1 goes out after the first frame is on the screen, and WATCHDOG=1
 * only after a successful present, from the render loop itself (never from
 * a timer thread), so a hung renderer stops the pings and systemd restarts
 * the kiosk. Outside systemd every call does nothing.
 */
#ifndef KIOSK_NOTIFY_H
#define KIOSK_NOTIFY_H

#include <stdbool.h>
#include <stdint.h>

/* Whether the process runs under systemd (a unit started it). */
bool notify_under_systemd(void);
void notify_ready(void);
void notify_status(const char *text);
/* Around reading the settings again (SIGHUP): RELOADING=1, then READY=1. */
void notify_reloading(void);
void notify_reloaded(void);
/* After a successful present. */
void notify_alive(void);
/* How often the loop must present to keep the watchdog fed, in ms (half
 * the unit's WatchdogSec); 0 when no watchdog is set. */
uint32_t notify_watchdog_ms(void);

#endif
