/* rect: an axis-aligned rectangle in whole pixels, the one piece of
 * geometry that layout, orientation, the shot description and the renderer
 * share. Pure C, header only.
 */
#ifndef KIOSK_RECT_H
#define KIOSK_RECT_H

#include <stdbool.h>

typedef struct {
	int x, y, w, h;
} Rect;

/* The part of a that lies inside b; false (and *out untouched) when they
 * do not overlap. */
static inline bool rect_intersect(Rect a, Rect b, Rect *out)
{
	int x0 = a.x > b.x ? a.x : b.x, y0 = a.y > b.y ? a.y : b.y;
	int x1 = a.x + a.w < b.x + b.w ? a.x + a.w : b.x + b.w;
	int y1 = a.y + a.h < b.y + b.h ? a.y + a.h : b.y + b.h;
	if (x1 <= x0 || y1 <= y0)
		return false;
	*out = (Rect){x0, y0, x1 - x0, y1 - y0};
	return true;
}

#endif
