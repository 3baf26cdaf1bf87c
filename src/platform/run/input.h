/* input: SDL events -> the core's PointerEvents, in logical pixels.
 *
 * Real touchscreens deliver finger events and development machines mouse
 * events; both are handled, and SDL's synthesized duplicates (mouse events
 * made from touches, touches made from the mouse) are switched off with
 * hints and dropped here as well, so nothing is handled twice.
 */
#ifndef KIOSK_INPUT_H
#define KIOSK_INPUT_H

#include <SDL.h>
#include <stdbool.h>

#include "core/control/gesture.h"
#include "core/screen/orient.h"

/* Sets the hints that stop SDL synthesizing events; call before SDL_Init. */
void input_hints(void);
/* win_w x win_h: the window size that mouse coordinates refer to. Returns
 * true when e was pointer input, with *out filled. */
bool input_translate(const SDL_Event *e, const Orient *o, int win_w, int win_h, PointerEvent *out);

#endif
