/* settime: staff's time from the clock screen made the system's, and the
 * clock screen opened at the time now.
 *
 * The kiosk runs unprivileged (and under ProtectClock=, which refuses
 * clock_settime even to root), so it asks systemd-timedated over the
 * system bus: org.freedesktop.timedate1.SetTime(usec_utc, relative=false,
 * interactive=false), through libsystemd's sd-bus, already linked for
 * sd_notify. timedated checks with polkit; firmware/50-kiosk-time.rules
 * allows org.freedesktop.timedate1.set-time to the kiosk user alone, and
 * nothing else. timedated then sets the system clock and, where there is
 * one, the real-time clock. A setuid helper or a capability on the
 * kiosk's binary would hand the whole process the power to change the
 * time; this way the kiosk can ask for that one thing and polkit decides.
 * timedated refuses while NTP synchronisation is on: a clock NTP keeps
 * needs no setting, and the screen says the reason.
 */
#ifndef KIOSK_SETTIME_H
#define KIOSK_SETTIME_H

#include <stddef.h>

#include "core/schedule/clockset.h"
#include "platform/night/clock.h"

/* The local date and time the kiosk believes now. */
void settime_fields(const Clock *c, ClockFields *out);
/* Sets the system clock to f (local time) and tells c staff set it. A
 * fake clock (tests, `kiosk render`) is set in place. 0, or -1 with the
 * reason in err. */
int settime_apply(Clock *c, const ClockFields *f, char *err, size_t errlen);

#endif
