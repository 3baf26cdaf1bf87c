/* orient: panel orientation. The picture is laid out in logical pixels
 * (upright for the visitor) and turned clockwise by rotation degrees onto a
 * panel mounted sideways or upside down; touches arrive in panel pixels and
 * are mapped back. Pure C.
 */
#ifndef KIOSK_ORIENT_H
#define KIOSK_ORIENT_H

#include "core/screen/rect.h"

typedef struct {
	int panel_w, panel_h; /* the panel as mounted, in its own pixels */
	int rotation;         /* 0, 90, 180, 270 */
} Orient;

/* The logical (visitor's) size: 90 and 270 swap width and height. */
void orient_logical_size(const Orient *o, int *w, int *h);
/* A touch at panel pixel (px, py) -> logical pixel. */
void orient_to_logical(const Orient *o, int px, int py, int *lx, int *ly);
/* A logical rectangle -> where it shows on the panel. */
Rect orient_rect_to_panel(const Orient *o, Rect r);

#endif
