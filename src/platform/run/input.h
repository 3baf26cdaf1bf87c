/* input: SDL events -> the core's PointerEvents, in logical pixels, and
 * what an event says about the display (lost, back, reset, resized).
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
#include "core/settings/script.h"
#include "core/screen/orient.h"

/* Sets the hints that stop SDL synthesizing events; call before SDL_Init. */
void input_hints(void);
/* win_w x win_h: the window size that mouse coordinates refer to. Returns
 * true when e was pointer input, with *out filled. */
bool input_translate(const SDL_Event *e, const Orient *o, int win_w, int win_h, PointerEvent *out);

/* What happened to the display, and so what the session must make again. */
typedef enum {
	INPUT_DISPLAY_SAME,   /* nothing (or nothing but a redraw) */
	INPUT_DISPLAY_REDRAW, /* the window was shown, moved, resized: draw again */
	INPUT_TEXTURES_LOST,  /* SDL_RENDER_TARGETS_RESET: textures made again */
	INPUT_RENDERER_LOST,  /* SDL_RENDER_DEVICE_RESET: a new renderer too */
	INPUT_DISPLAY_LOST,   /* the panel went away: nothing can be shown */
	INPUT_DISPLAY_BACK,   /* a panel came (back): window and renderer anew */
} InputDisplay;

InputDisplay input_display(const SDL_Event *e);
/* The SDL event a display does this with (render scripts and the test hook
 * push it, so it goes where a real one would). */
SDL_Event input_display_event(ScriptEvent what);

#endif
