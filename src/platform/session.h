/* session: one running kiosk on an SDL_Renderer: its content, fonts,
 * pictures, renderer and controller, built in that order and torn down in
 * reverse. Shared by the display loop, the headless render command and the
 * benchmark.
 */
#ifndef KIOSK_SESSION_H
#define KIOSK_SESSION_H

#include <SDL.h>
#include <stdint.h>

#include "core/kiosk.h"
#include "core/orient.h"
#include "platform/app.h"
#include "platform/content.h"
#include "platform/images.h"
#include "platform/render.h"
#include "platform/text.h"

typedef struct {
	Orient orient;
	int lw, lh;
	Content content;
	TextCache *text;
	ImageCache *images;
	Renderer *render;
	Kiosk *kiosk;
	LayoutMeasure measure;
} Session;

/* pw x ph is the panel (renderer output) size. 0, or -1 with err. */
int session_open(Session *s, SDL_Renderer *sdl, const AppOptions *o, int pw, int ph, uint64_t now,
		 char *err, size_t errlen);
void session_close(Session *s);
/* SDL, SDL_ttf and SDL_image up (with the input hints) and down. */
int sdl_start(Uint32 flags);
void sdl_stop(void);

#endif
