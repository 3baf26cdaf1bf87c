/* window: the kiosk's window on the display and the renderer that draws
 * into it: full screen (or a window for development), the cursor hidden.
 *
 * Under systemd a missing display (the panel still powering up, a loose
 * cable) is waited for, not given up on: exiting would only be restarted,
 * and a kiosk must come back by itself. The same opening serves a panel
 * that comes back after it was unplugged, and a renderer that was reset.
 * window_open starts SDL's video with the window, so a start waits for a
 * display whose driver is not there yet. The Window owns both;
 * window_close destroys them.
 */
#ifndef KIOSK_WINDOW_H
#define KIOSK_WINDOW_H

#include <SDL.h>
#include <stdbool.h>

typedef struct {
	SDL_Window *win;
	SDL_Renderer *sdl;
	int w, h;      /* the window asked for (windowed) */
	bool windowed; /* --window, or fullscreen = no */
	bool wait;     /* wait for a display to come (under systemd, full screen) */
} Window;

/* w x h: --window, or 0 for the default. stop is asked between attempts
 * while waiting for a display. 0, or -1 with the reason on stderr. */
int window_open(Window *w, int width, int height, bool fullscreen, bool (*stop)(void));
void window_close(Window *w);
/* A new renderer on the same window (the old one was reset and its
 * textures with it). 0 or -1. */
int window_renew_renderer(Window *w);
/* Window and renderer made again from the start, the video system with
 * them (a panel was plugged back in, perhaps another one). One attempt,
 * never a wait: 0, or -1 when there is still no display. */
int window_reopen(Window *w);
/* The renderer's output (the panel, in its own pixels) and the window's
 * size (what mouse coordinates refer to). */
void window_output_size(const Window *w, int *pw, int *ph);
void window_size(const Window *w, int *ww, int *wh);

#endif
