/* blank: the panel dark at night and back in the morning, as far as the
 * board allows, in three steps the loop takes in order: a black frame
 * (always: the loop draws it), then DPMS off through the display where
 * the video driver lets us (KMSDRM: the DRM connector's "DPMS" property
 * through libdrm, on the DRM descriptor SDL_GetWindowWMInfo hands out,
 * SDL being DRM master), then the backlight where the board has one
 * (SYSFS/class/backlight/<any>: bl_power set to 4, powered down, where it
 * exists, else brightness 0; what was there is put back after). SYSFS is
 * /sys unless $KIOSK_SYSFS names another root (tests). Under X11 or
 * Wayland the desktop's own power saving decides and only the black
 * frame and the backlight are ours.
 *
 * Every step that cannot be taken is said once on stderr and skipped: a
 * black frame with the backlight on is still a dark screen.
 */
#ifndef KIOSK_BLANK_H
#define KIOSK_BLANK_H

#include <SDL.h>
#include <limits.h>
#include <stdbool.h>

#define BLANK_MAX_LIGHTS 4

typedef struct {
	char path[PATH_MAX]; /* SYSFS/class/backlight/NAME */
	bool power;          /* has bl_power: blanked through it */
	char saved[32];      /* what bl_power or brightness held */
} BlankLight;

typedef struct {
	char sysfs[PATH_MAX];
	BlankLight light[BLANK_MAX_LIGHTS];
	int lights;
	bool dark; /* blank_dark was the last call */
	bool dpms; /* DPMS was set off */
	bool said; /* that DPMS is not possible here was said */
} Blank;

void blank_init(Blank *b);
/* After the black frame was presented: DPMS off, backlight off. */
void blank_dark(Blank *b, SDL_Window *win);
/* Before the next frame: backlight back as it was, DPMS on. */
void blank_light(Blank *b, SDL_Window *win);

#endif
