/* measure: how large things are, asked of the platform. Layout and line
 * breaking measure text and pictures only through these callbacks, so the
 * core needs no fonts, no picture decoder and no SDL; tests pass a fake.
 * Pure C.
 */
#ifndef KIOSK_MEASURE_H
#define KIOSK_MEASURE_H

#include <stddef.h>

#include "core/screen/theme.h"

typedef struct {
	/* Width in pixels of len bytes of UTF-8 in font f. */
	int (*text_width)(void *ctx, FontId f, const char *s, size_t len);
	/* Distance between baselines of consecutive lines in font f. */
	int (*line_height)(void *ctx, FontId f);
	/* Natural size of an image; non-zero if it cannot be shown. */
	int (*image_size)(void *ctx, const char *src, int *w, int *h);
	/* From now on, measure text at m's font sizes (a visitor chose another
	 * text size); called by layout_build before it measures anything.
	 * NULL when the sizes never change. */
	void (*use_metrics)(void *ctx, const Metrics *m);
	void *ctx;
} LayoutMeasure;

#endif
