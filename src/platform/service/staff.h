/* staff: the staff's screens on a running kiosk. Holds the Service (core/
 * service: the holds, the PIN pad, the service screen, cleaning mode) and
 * does what it asks: checks a PIN on its own thread, keeps the wrong
 * tries and the rotation in DATA/service (keep.h), rolls back
 * (rollback.h), writes the usage figures onto the stick in the kiosk
 * (usage/export.h), turns the screen, and writes out what the service screen
 * shows. The live loop and `kiosk render` each own one and call
 * staff_run every turn.
 */
#ifndef KIOSK_STAFF_H
#define KIOSK_STAFF_H

#include <SDL.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/package/sig.h"
#include "core/service/service.h"
#include "core/software/software.h"
#include "platform/run/session.h"
#include "platform/service/pin.h"
#include "platform/updates/arrivals.h"

typedef struct {
	Service svc;
	PinCheck check;
	char data[PATH_MAX];
	char hash[PIN_HASH_MAX];      /* the PIN's hash in force, "" none */
	char conf_hash[PIN_HASH_MAX]; /* kiosk.conf's service_pin */
	uint64_t started;             /* now at staff_init, for the uptime */
	bool wait;                    /* a PIN check is waited for (the virtual clock) */
	bool restart;                 /* the service screen asked for a restart */
	bool set_clock;               /* and for the clock screen (taken by the loop) */
	const void *facts_of;         /* the controller the content's facts were read
	                               * for: new content makes a new one */
	char version[160], signer[SIG_NAME_MAX], uptime[32], storage[32], clock[48];
	/* The firmware's version and the kiosk's build ("2026.12.03.213050
	 * (51798bd)"), or the build alone off the image. */
	char software[SOFTWARE_VERSION_MAX + 72];
} Staff;

/* On the session s (which it then serves); wait: finish each PIN check
 * before going on (`kiosk render`: no frame is drawn meanwhile). */
void staff_init(Staff *st, Session *s, const Config *cfg, const char *data, bool wait,
                uint64_t now);
/* kiosk.conf read again: its service_pin and release_file. */
void staff_configure(Staff *st, const Config *cfg);
void staff_deinit(Staff *st);
/* Does what the staff's screens asked since the last turn; u (NULL: no
 * sticks nor updates watched) says what the last stick or update came to
 * and which stick is in, for an export. KIOSK_REDRAW when the screen
 * changed; st->restart once a restart is asked for. */
unsigned staff_run(Staff *st, Session *s, SDL_Renderer *sdl, const Arrivals *u, uint64_t now);
/* A PIN is being checked: look again within a frame. */
bool staff_busy(const Staff *st);

#endif
