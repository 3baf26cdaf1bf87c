#include "platform/live/window.h"

#include <stdio.h>
#include <string.h>

#include "platform/live/notify.h"

/* While waiting for a display: the first attempts come quickly (at boot
 * the kiosk starts beside udev, and the panel's driver usually binds
 * within seconds), then every two seconds; a line in the log every
 * WINDOW_LOG_EVERY attempts. */
#define WINDOW_QUICK_MS 250
#define WINDOW_QUICK_TRIES 40
#define WINDOW_RETRY_MS 2000
#define WINDOW_LOG_EVERY 30

static SDL_Window *create_window(const Window *w)
{
	Uint32 flags = SDL_WINDOW_SHOWN | (w->windowed ? 0 : SDL_WINDOW_FULLSCREEN_DESKTOP);
	return SDL_CreateWindow("Kiosk", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w->w, w->h,
	                        flags);
}

static SDL_Renderer *create_renderer(SDL_Window *win)
{
	SDL_Renderer *sdl =
	    SDL_CreateRenderer(win, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
	return sdl ? sdl : SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE);
}

/* Starts SDL's video and creates the window, waiting for a display when
 * wait says so. */
static bool wait_for_window(Window *w, bool wait, bool (*stop)(void))
{
	for (unsigned attempt = 0;; attempt++) {
		/* Video fails to start when no panel is there yet (KMSDRM finds no
		 * card it may open): that is waited for like a missing window. */
		if (SDL_WasInit(SDL_INIT_VIDEO) || SDL_InitSubSystem(SDL_INIT_VIDEO) == 0)
			w->win = create_window(w);
		if (w->win || !wait || stop())
			return w->win != NULL;
		if (attempt % WINDOW_LOG_EVERY == 0) {
			fprintf(stderr, "kiosk: no display yet (%s); trying again\n",
			        SDL_GetError());
			notify_status("Waiting for a display");
		}
		/* The video system is started again for every attempt: only then
		 * does it look for the panels anew. */
		SDL_QuitSubSystem(SDL_INIT_VIDEO);
		SDL_Delay(attempt < WINDOW_QUICK_TRIES ? WINDOW_QUICK_MS : WINDOW_RETRY_MS);
	}
}

/* Window, renderer, cursor. reopening: one quiet attempt (the caller says
 * what it means and tries again). */
static int finish_open(Window *w, bool reopening, bool (*stop)(void))
{
	if (!wait_for_window(w, w->wait && !reopening, stop)) {
		if (!reopening)
			fprintf(stderr,
			        "kiosk: no display to show on (%s). To see the kiosk without a "
			        "display, use: build/kiosk render --out DIR\n",
			        SDL_GetError());
		return -1;
	}
	w->sdl = create_renderer(w->win);
	if (!w->sdl) {
		if (!reopening)
			fprintf(stderr, "kiosk: no renderer: %s\n", SDL_GetError());
		SDL_DestroyWindow(w->win);
		w->win = NULL;
		return -1;
	}
	if (!w->windowed)
		SDL_ShowCursor(SDL_DISABLE);
	return 0;
}

int window_open(Window *w, int width, int height, bool fullscreen, bool (*stop)(void))
{
	memset(w, 0, sizeof(*w));
	w->windowed = width > 0 || !fullscreen;
	w->w = width ? width : 1280;
	w->h = height ? height : 720;
	w->wait = !w->windowed && notify_under_systemd();
	return finish_open(w, false, stop);
}

void window_close(Window *w)
{
	if (w->sdl)
		SDL_DestroyRenderer(w->sdl);
	if (w->win)
		SDL_DestroyWindow(w->win);
	w->sdl = NULL;
	w->win = NULL;
}

int window_renew_renderer(Window *w)
{
	if (w->sdl)
		SDL_DestroyRenderer(w->sdl);
	w->sdl = w->win ? create_renderer(w->win) : NULL;
	if (!w->sdl) {
		fprintf(stderr, "kiosk: no renderer after a reset: %s\n", SDL_GetError());
		return -1;
	}
	return 0;
}

int window_reopen(Window *w)
{
	window_close(w);
	SDL_QuitSubSystem(SDL_INIT_VIDEO);
	/* One attempt: the loop tries again later, going on meanwhile. */
	return finish_open(w, true, NULL);
}

void window_output_size(const Window *w, int *pw, int *ph)
{
	*pw = *ph = 0;
	if (w->sdl)
		SDL_GetRendererOutputSize(w->sdl, pw, ph);
}

void window_size(const Window *w, int *ww, int *wh)
{
	*ww = *wh = 0;
	if (w->win)
		SDL_GetWindowSize(w->win, ww, wh);
}
