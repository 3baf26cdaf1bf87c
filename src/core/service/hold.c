#include "core/service/hold.h"

#include <stdlib.h>
#include <string.h>

void hold_init(Hold *h, int corner, int slop)
{
	memset(h, 0, sizeof(*h));
	h->corner = corner;
	h->slop = slop;
}

void hold_reset(Hold *h)
{
	hold_init(h, h->corner, h->slop);
}

static int find(const Hold *h, int64_t id)
{
	for (int i = 0; i < h->n; i++)
		if (h->f[i].id == id)
			return i;
	return -1;
}

static void drop(Hold *h, int i)
{
	h->f[i] = h->f[--h->n];
}

static bool in_corner(const Hold *h, int x, int y)
{
	return x >= 0 && y >= 0 && x < h->corner && y < h->corner;
}

static void disarm(Hold *h)
{
	h->corner_armed = false;
	h->three_armed = false;
}

static void down(Hold *h, const PointerEvent *ev, uint64_t now)
{
	/* A second down of a finger whose lift was lost starts it again. */
	int i = find(h, ev->id);
	if (i >= 0)
		drop(h, i);
	if (h->n == HOLD_FINGERS) {
		h->blocked = true;
		disarm(h);
		return;
	}
	h->f[h->n].id = ev->id;
	h->f[h->n].x0 = ev->x;
	h->f[h->n].y0 = ev->y;
	h->n++;
	if (h->blocked)
		return;
	h->corner_armed = h->n == 1 && in_corner(h, ev->x, ev->y);
	if (h->corner_armed)
		h->corner_since = now;
	h->three_armed = h->n == 3;
	if (h->three_armed)
		h->three_since = now;
	if (h->n > 3) {
		/* Four fingers or more: a hand on the glass, not staff. */
		h->blocked = true;
		disarm(h);
	}
}

static void move(Hold *h, const PointerEvent *ev)
{
	int i = find(h, ev->id);
	if (i < 0)
		return;
	if (h->corner_armed && !in_corner(h, ev->x, ev->y))
		h->corner_armed = false;
	/* Fingers held still roll a little; a swipe travels. */
	int lim = 3 * h->slop;
	if (h->three_armed && (abs(ev->x - h->f[i].x0) > lim || abs(ev->y - h->f[i].y0) > lim))
		h->three_armed = false;
}

HoldFired hold_tick(Hold *h, uint64_t now)
{
	if (h->corner_armed && now >= h->corner_since + HOLD_CORNER_MS) {
		h->blocked = true;
		disarm(h);
		return HOLD_SERVICE;
	}
	if (h->three_armed && now >= h->three_since + HOLD_THREE_MS) {
		h->blocked = true;
		disarm(h);
		return HOLD_CLEANING;
	}
	return HOLD_NONE;
}

HoldFired hold_feed(Hold *h, const PointerEvent *ev, uint64_t now)
{
	/* What came due before this event fires first: the finger was held
	 * long enough whatever it does now. */
	HoldFired due = hold_tick(h, now);
	if (due != HOLD_NONE)
		return due;
	switch (ev->type) {
	case PTR_DOWN:
		down(h, ev, now);
		break;
	case PTR_MOVE:
		move(h, ev);
		break;
	case PTR_UP:
	case PTR_CANCEL: {
		int i = find(h, ev->id);
		if (i >= 0)
			drop(h, i);
		/* A finger lifted: neither hold is held any more. */
		disarm(h);
		if (h->n == 0)
			h->blocked = false;
		break;
	}
	}
	return HOLD_NONE;
}

uint64_t hold_deadline(const Hold *h)
{
	uint64_t d = UINT64_MAX;
	if (h->corner_armed)
		d = h->corner_since + HOLD_CORNER_MS;
	if (h->three_armed && h->three_since + HOLD_THREE_MS < d)
		d = h->three_since + HOLD_THREE_MS;
	return d;
}
