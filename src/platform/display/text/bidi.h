/* bidi: the Unicode bidirectional algorithm (UAX #9) on a paragraph, by
 * FriBidi: which embedding level every byte of UTF-8 text resolves to, so
 * that the core can put a line's runs in visual order.
 *
 * No SDL, no files. A Bidi holds scratch arrays reused from one paragraph
 * to the next; bidi_free releases them.
 */
#ifndef KIOSK_BIDI_H
#define KIOSK_BIDI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/text/measure.h"

typedef struct Bidi Bidi;

Bidi *bidi_new(void);
void bidi_free(Bidi *b);
/* Levels of the len bytes of s (one paragraph, in direction dir) into
 * levels (len bytes). Returns the paragraph's level (0 or 1), or -1 when
 * memory ran out. */
int bidi_levels(Bidi *b, const char *s, size_t len, TextDir dir, uint8_t *levels);

#endif
