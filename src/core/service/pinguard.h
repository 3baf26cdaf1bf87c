/* pinguard: how many wrong PINs in a row, and the lock-out they earn:
 * PIN_TRIES wrong tries lock the PIN pad for PIN_LOCK_MS.
 *
 * The platform keeps failures and whether it is locked in the data folder
 * and restores them at start: pulling the power never resets the count,
 * and a lock-out under way at a restart starts its five minutes again (a
 * board without a battery clock cannot tell how long it was off, so the
 * time it was off never counts). Pure C, time injected (ms, monotonic).
 */
#ifndef KIOSK_PINGUARD_H
#define KIOSK_PINGUARD_H

#include <stdbool.h>
#include <stdint.h>

#define PIN_TRIES 5u
#define PIN_LOCK_MS (5u * 60u * 1000u)

typedef struct {
	unsigned failures;     /* wrong tries since the last right one or lock */
	uint64_t locked_until; /* 0: not locked */
} PinGuard;

/* The state kept on disk, at start (now: the monotonic clock's). */
void pinguard_restore(PinGuard *g, unsigned failures, bool locked, uint64_t now);
/* Ends a lock-out whose time is up; true when that changed anything (the
 * caller then keeps the new state). */
bool pinguard_expire(PinGuard *g, uint64_t now);
bool pinguard_locked(const PinGuard *g, uint64_t now);
/* Milliseconds of lock-out left at now (0: not locked). */
uint64_t pinguard_left(const PinGuard *g, uint64_t now);
/* A wrong PIN at now; true when it locked the pad. */
bool pinguard_fail(PinGuard *g, uint64_t now);
/* The right PIN: the count starts over. */
void pinguard_pass(PinGuard *g);
/* Tries left before the lock-out. */
unsigned pinguard_tries_left(const PinGuard *g);

#endif
