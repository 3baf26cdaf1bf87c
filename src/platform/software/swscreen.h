/* swscreen: the screens of a software update, from the bundle staff left
 * (platform/software/bundle) through the root helper's answers
 * (platform/software/install) to the notice that says what it came to,
 * and the notice at start about the last one (swstatus). Part of what the
 * running kiosk does when something arrives (platform/updates/arrivals),
 * whose title, detail and notices it uses; it owns nothing of its own.
 *
 * Each notice says each thing once: its title what happened, its text
 * why, naming the file as staff see it on the stick ("KIOSK/UPDATE/x.raucb").
 */
#ifndef KIOSK_SWSCREEN_H
#define KIOSK_SWSCREEN_H

#include <stdbool.h>
#include <stdint.h>

#include "platform/updates/arrivals.h"

/* Looks for a bundle on the stick at root, kept in u->bundle for its turn:
 * whether there is one (or more, to refuse). */
bool swscreen_stick(Arrivals *u, const char *root);
/* u->bundle's turn: refused at once (more than one, a name the helper
 * would not take, no helper) or handed to the helper, with the progress
 * screen. */
unsigned swscreen_begin(Arrivals *u, Session *s, uint64_t now);
/* The stick's content was imported (or refused): its notice, in
 * u->title and u->detail, is kept to be said after the update's verdict
 * when say is set (error: it was a refusal); then swscreen_begin. */
unsigned swscreen_after_import(Arrivals *u, Session *s, bool say, bool error, uint64_t now);
/* A bundle in DATA/inbox/update (the folder dir). */
unsigned swscreen_inbox(Arrivals *u, Session *s, const char *dir, uint64_t now);
/* The helper's news while installing: the bar, or the verdict. */
unsigned swscreen_poll(Arrivals *u, Session *s, uint64_t now);
/* The notice about the last software update, once (u->boot_status). */
unsigned swscreen_boot_status(Arrivals *u, Session *s, uint64_t now);

#endif
