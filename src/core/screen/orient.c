#include "core/screen/orient.h"

void orient_logical_size(const Orient *o, int *w, int *h)
{
	bool swap = o->rotation == 90 || o->rotation == 270;
	*w = swap ? o->panel_h : o->panel_w;
	*h = swap ? o->panel_w : o->panel_h;
}

void orient_to_logical(const Orient *o, int px, int py, int *lx, int *ly)
{
	int w, h;
	orient_logical_size(o, &w, &h);
	switch (o->rotation) {
	case 90:
		*lx = py;
		*ly = h - 1 - px;
		break;
	case 180:
		*lx = w - 1 - px;
		*ly = h - 1 - py;
		break;
	case 270:
		*lx = w - 1 - py;
		*ly = px;
		break;
	default:
		*lx = px;
		*ly = py;
		break;
	}
}

Rect orient_rect_to_panel(const Orient *o, Rect r)
{
	int w, h;
	orient_logical_size(o, &w, &h);
	switch (o->rotation) {
	case 90:
		return (Rect){h - r.y - r.h, r.x, r.h, r.w};
	case 180:
		return (Rect){w - r.x - r.w, h - r.y - r.h, r.w, r.h};
	case 270:
		return (Rect){r.y, w - r.x - r.w, r.h, r.w};
	default:
		return r;
	}
}
