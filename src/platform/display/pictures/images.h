/* images: the pictures of one content folder, as textures of exactly the
 * size they are shown at, made once (or read back from DATA/cache, see
 * piccache.h) and drawn as plain copies.
 *
 * Pictures are opened and read through pkgfiles, by the same rules as the
 * checker's (beneath the content folder, names matched without regard to
 * case, no links, regular files only, bounded reads). Content images are
 * recognised by their magic bytes and decoded straight to the size they
 * are shown at, upright (picdecode.h). Sizes for layout come from the file
 * header, turned by its EXIF orientation, without decoding pixels.
 * The ImageCache owns its textures; images_free releases them.
 */
#ifndef KIOSK_IMAGES_H
#define KIOSK_IMAGES_H

#include <SDL.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/package/pkg.h"

typedef struct ImageCache ImageCache;

/* dirfd: the content folder as opened by content_load; cachefd: DATA/cache
 * from piccache_open, or -1 (both duplicated, so the caller keeps its own).
 * max_w x max_h is the screen: textures beyond one screen's worth of pixels
 * are dropped, least recently drawn first. renderer may be NULL (sizes
 * only). NULL when out of memory or dirfd is not usable. */
ImageCache *images_new(SDL_Renderer *renderer, int dirfd, int cachefd, int max_w, int max_h);
void images_free(ImageCache *c);
/* Natural pixel size as shown (orientation applied) from the header; 0,
 * or -1 (unknown, not a picture, or beyond the limits). */
int images_size(ImageCache *c, const char *src, int *w, int *h);
/* The picture as a texture of exactly w x h, made on first use; NULL if it
 * cannot be shown. With cover, the picture scaled to cover w x h and
 * cropped to it, centred (an attract slide's): only what shows is kept. */
SDL_Texture *images_texture(ImageCache *c, const char *src, int w, int h, bool cover);
/* Makes DATA/cache hold the picture at w x h (with cover, cropped as
 * images_texture does), on a background thread, so that showing it later
 * reads it back instead of decoding. Does nothing without a cache folder. */
void images_warm(ImageCache *c, const char *src, int w, int h, bool cover);
/* A new frame begins: what it draws, and what the one before drew, is kept
 * whatever the budget. */
void images_frame(ImageCache *c);

/* The picture limits to hold pictures to (the kiosk's settings; the
 * defaults until called): what the checker refused is not shown either.
 * Call before the first picture is read. */
void images_set_limits(ImageCache *c, const PkgLimits *lim);

#endif
