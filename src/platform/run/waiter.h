/* waiter: sleeping until something can change the screen.
 *
 * On SDL 2.26's KMSDRM, offscreen and dummy drivers SDL_WaitEventTimeout
 * does not block: it pumps and sleeps 1 ms in a loop (about 900 wake-ups a
 * second). There the loop blocks in poll() on what can wake it instead: the
 * input devices (readiness only; SDL still reads the events), /dev/input
 * itself for hot-plugged devices, and the deadline as poll's timeout. A
 * signal interrupts the poll.
 */
#ifndef KIOSK_WAITER_H
#define KIOSK_WAITER_H

#include <stdbool.h>

typedef struct Waiter Waiter;

Waiter *waiter_new(void);
void waiter_free(Waiter *w);
/* Blocks until input may be ready, one of the n extra descriptors has one
 * of its events (the content watcher, the import worker), timeout_ms passes
 * (-1: no timeout) or a signal arrives. */
/* Returns true when one of the extra descriptors had an event: a poll on
 * /proc/self/mountinfo consumes its POLLPRI, so the caller must be told. */
bool waiter_wait(Waiter *w, int timeout_ms, const int *fds, const short *events, int n);

#endif
