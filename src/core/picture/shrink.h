/* shrink: a picture made smaller as its rows arrive, each shown pixel the
 * average of the area of stored pixels it covers.
 *
 * Decoders hand over one row at a time, top to bottom; a shown row goes
 * out as soon as the last stored row it covers is in. So a 40-megapixel
 * photo shown at 1920 x 1080 needs two rows of sums, never the photo:
 * that is what keeps a picture of any size within a few hundred
 * kilobytes of memory on its way to the screen. Exact area weights (a
 * stored pixel split between two shown ones counts in both, by how much
 * of it each covers) keep thin lines and text in pictures even.
 *
 * Transparent pictures are averaged with their colours weighted by their
 * alpha, so a transparent pixel's (invisible) colour never bleeds into
 * the edge of what is visible.
 *
 * Pixels are ARGB8888 in a uint32_t (alpha in the top byte). Pure C: no
 * SDL, no files. A Shrink owns its buffers; shrink_free releases them.
 */
#ifndef KIOSK_SHRINK_H
#define KIOSK_SHRINK_H

#include <stdbool.h>
#include <stdint.h>

/* Receives shown row y (0 to th - 1, in order) of tw pixels. */
typedef void (*ShrinkRow)(void *ctx, int y, const uint32_t *row);

typedef struct Shrink Shrink;

/* A shrinker from sw x sh stored pixels to tw x th shown ones, which must
 * be no larger (1 <= tw <= sw, 1 <= th <= sh). alpha: the rows carry
 * transparency. NULL when out of memory or the sizes are not so. */
Shrink *shrink_new(int sw, int sh, int tw, int th, bool alpha, ShrinkRow emit, void *ctx);
/* The next stored row (sw pixels). Rows past the sh-th are ignored. */
void shrink_push(Shrink *s, const uint32_t *row);
/* How many shown rows have gone out (th once every stored row is in). */
int shrink_done(const Shrink *s);
void shrink_free(Shrink *s);

#endif
