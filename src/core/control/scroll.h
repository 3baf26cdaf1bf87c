/* scroll: a kinetic scroll position: dragged directly, then coasting with
 * exponential deceleration after a fling. Time is injected. Pure C.
 */
#ifndef KIOSK_SCROLL_H
#define KIOSK_SCROLL_H

#include <stdbool.h>
#include <stdint.h>

typedef struct {
	double pos;      /* current offset, 0 .. max */
	double velocity; /* px/ms while coasting */
	int max;
	uint64_t last_ms;
	bool coasting;
} Scroll;

void scroll_init(Scroll *s, int max);
/* Changes the extent, clamping the position; stops coasting. */
void scroll_set_max(Scroll *s, int max);
/* Moves by dy (positive: further down the content), clamped; stops coasting. */
void scroll_by(Scroll *s, int dy);
/* Starts coasting with velocity px/ms at time now. */
void scroll_fling(Scroll *s, double velocity, uint64_t now);
/* Advances coasting to now; returns true while still moving. */
bool scroll_step(Scroll *s, uint64_t now);
void scroll_stop(Scroll *s);
int scroll_pos(const Scroll *s);

#endif
