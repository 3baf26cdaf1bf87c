/* waiter: sleeping until something can change the screen, the one way
 * the live loop waits, whatever the video driver.
 *
 * Where SDL_WaitEventTimeout really sleeps (x11, wayland) the waiter uses
 * it. On SDL 2.26's KMSDRM, offscreen and dummy drivers it does not: it
 * pumps and sleeps 1 ms in a loop (about 900 wake-ups a second). There the
 * waiter blocks in poll() on what can wake the loop instead: the input
 * devices (readiness only; SDL still reads the events), /dev/input itself
 * for hot-plugged devices, the caller's descriptors, and the deadline as
 * poll's timeout. A signal interrupts the poll.
 */
#ifndef KIOSK_WAITER_H
#define KIOSK_WAITER_H

typedef struct Waiter Waiter;

/* Call once SDL's video is up: the driver decides the way. NULL when out
 * of memory; waiter_wait then falls back to short sleeps. */
Waiter *waiter_new(void);
void waiter_free(Waiter *w);
/* Sleeps until input may be ready, one of the n extra descriptors has one
 * of its events (the content watcher, the import worker, signals),
 * timeout_ms passes (-1: no timeout) or a signal arrives, then has SDL
 * read its events. Returns a mask with bit i set when fds[i] had an event
 * (a poll on /proc/self/mountinfo consumes its POLLPRI, so the caller must
 * be told). Where the extra descriptors cannot be watched (SDL's own wait,
 * short sleeps) it wakes at least once a second and returns 0: the caller
 * looks at them itself on every turn. */
unsigned waiter_wait(Waiter *w, int timeout_ms, const int *fds, const short *events, int n);

#endif
