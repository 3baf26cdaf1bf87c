/* render: draws a core Frame (display list, scroll offset, pressed control,
 * transition, scroll indicator) with an SDL_Renderer, rotating the picture
 * for panels mounted sideways or upside down.
 *
 * The renderer decides nothing about navigation: it only executes what
 * kiosk_frame() produced. It borrows the TextCache and ImageCache.
 */
#ifndef KIOSK_RENDER_H
#define KIOSK_RENDER_H

#include <SDL.h>

#include "core/control/kiosk.h"
#include "platform/display/pictures/images.h"
#include "platform/display/text/text.h"

typedef struct Renderer Renderer;

/* out_w x out_h is the output (panel) size; rotation 0/90/180/270 turns the
 * logical picture clockwise onto it (90/270 swap width and height). */
Renderer *render_new(SDL_Renderer *sdl, int out_w, int out_h, int rotation, TextCache *text,
                     ImageCache *images);
void render_free(Renderer *r);
/* Swaps the image cache (new content). */
void render_set_images(Renderer *r, ImageCache *images);
/* Draws the frame onto the output; the caller presents. 0 or -1. */
int render_frame(Renderer *r, const Frame *f);
/* Makes the pictures of a screen that is about to show ready (decoded or
 * read back, at their shown size) without drawing anything, so the frame
 * that first shows it costs no more than any other. */
void render_prepare(Renderer *r, const Layout *l);
/* Has the pictures of a screen that may show some day made ready in
 * DATA/cache in the background (images_warm); keeps nothing in memory. */
void render_warm(Renderer *r, const Layout *l);

#endif
