/* png: writes a screenshot as PNG, fast.
 *
 * SDL_image's IMG_SavePNG compresses at zlib's default level, which is most
 * of the time `kiosk render` takes; screenshots are written once and read
 * by robots and people, so the fastest level with a simple row filter is
 * the right trade (files are a little larger).
 */
#ifndef KIOSK_PNG_H
#define KIOSK_PNG_H

#include <SDL.h>

/* Writes an ARGB8888 surface as an 8-bit RGB PNG. 0, or -1 with
 * SDL_GetError()-style text in err. */
int png_save(SDL_Surface *s, const char *path, char *err, size_t errlen);

#endif
