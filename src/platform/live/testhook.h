/* testhook: lets a test drive the live kiosk the way a render script
 * drives the headless one, to prove that what happens to a display over
 * months (a panel unplugged and back, a renderer reset, a new size) leaves
 * the next frame drawn right.
 *
 * Only when $KIOSK_TEST_HOOK names a folder (the service never sets it):
 * the kiosk makes a FIFO DIR/commands there and reads render-script lines
 * from it. "tap X Y" (window pixels), "resize W H" and "event NAME" act at
 * once, through the SDL events and window calls a real display makes;
 * "hold X Y MS" presses at once and lifts only before the next tap or
 * hold (MS is the test's own wait: the loop must wake by itself for what
 * a held finger does);
 * "shot NAME" has the next frame drawn and, before it is presented, read
 * back into DIR/NAME.png with DIR/NAME.json beside it (written last);
 * "clock" opens the clock screen.
 * Other lines are refused on stderr. DIR/frames says how many frames
 * were drawn since the start and whether the night schedule has the screen
 * blank ("frames N", "blank 0|1"), written again after each.
 */
#ifndef KIOSK_TESTHOOK_H
#define KIOSK_TESTHOOK_H

#include <SDL.h>
#include <stdbool.h>

#include "core/control/kiosk.h"
#include "core/screen/orient.h"

typedef struct TestHook TestHook;

/* NULL when the variable is unset, or (with a message) unusable. */
TestHook *testhook_open(void);
void testhook_close(TestHook *t);
/* The FIFO, to poll. */
int testhook_fd(const TestHook *t);
/* Reads and carries out the lines that came. Returns true when the next
 * frame must be drawn for a shot. */
bool testhook_read(TestHook *t, SDL_Window *win);
/* After a frame was drawn on sdl, before it is presented: the shot asked
 * for, if any. */
void testhook_frame(TestHook *t, SDL_Renderer *sdl, const Kiosk *k, const Orient *o);
/* Whether "clock" came since the last call. */
bool testhook_take_clock(TestHook *t);
/* The screen went blank for the night, or came back. */
void testhook_blank(TestHook *t, bool blank);

#endif
