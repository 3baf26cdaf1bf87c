/* script: the command language of `kiosk render` (what a test robot or a
 * person types to drive the kiosk headless). One command a line:
 *   tap X Y | drag X1 Y1 X2 Y2 MS | wait MS | shot NAME | usb DIR | unplug
 *   | resize W H | event display-lost|display-back|device-reset|targets-reset
 *   | hold X Y MS | fingers N X Y MS | time YYYY-MM-DD HH:MM known|unknown
 *   | clock
 * '#' starts a comment. Coordinates are panel pixels. hold presses at
 * (X, Y) for MS on the virtual clock and lifts; fingers puts N fingers
 * (touch, not the mouse) down in a row from (X, Y), 100 px apart, holds
 * them MS and lifts them: the staff's gestures. time sets the kiosk's
 * wall clock (local time; it runs on with wait) and whether it counts as
 * known; clock opens the clock screen, as the service screen's "set the
 * clock" does. resize and event are what a display does to a kiosk over
 * months: a new panel size, the panel unplugged and back, the renderer
 * reset. Pure C.
 */
#ifndef KIOSK_SCRIPT_H
#define KIOSK_SCRIPT_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/schedule/clockset.h"

typedef enum {
	SCRIPT_TAP,
	SCRIPT_DRAG,
	SCRIPT_WAIT,
	SCRIPT_SHOT,
	SCRIPT_USB,
	SCRIPT_UNPLUG,
	SCRIPT_RESIZE,  /* x1 x y1: the panel's new size */
	SCRIPT_EVENT,   /* event: what happened to the display */
	SCRIPT_HOLD,    /* x1, y1 pressed for ms */
	SCRIPT_FINGERS, /* x2 fingers from (x1, y1) held for ms */
	SCRIPT_TIME,    /* when, known: the wall clock */
	SCRIPT_CLOCK,   /* the clock screen */
} ScriptOp;

typedef enum {
	SCRIPT_DISPLAY_LOST,  /* the panel was unplugged */
	SCRIPT_DISPLAY_BACK,  /* and plugged back in */
	SCRIPT_DEVICE_RESET,  /* the renderer lost every texture */
	SCRIPT_TARGETS_RESET, /* the renderer lost what it had drawn offscreen */
} ScriptEvent;

#define SCRIPT_ARG_MAX 1024

typedef struct {
	ScriptOp op;
	int x1, y1, x2, y2;
	uint32_t ms;
	ScriptEvent event;
	char arg[SCRIPT_ARG_MAX]; /* SHOT: file name stem; USB: folder */
	ClockFields when;         /* TIME */
	bool known;               /* TIME */
} ScriptCmd;

/* Parses one line (without its newline). Returns 1 with *out filled, 0 for
 * a blank or comment line, -1 with a message in err. */
int script_parse_line(const char *line, size_t len, ScriptCmd *out, char *err, size_t errlen);

#endif
