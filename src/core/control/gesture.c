#include "core/control/gesture.h"

#include <stdlib.h>
#include <string.h>

/* The release velocity is measured over this much of the end of the drag:
 * long enough to smooth out uneven event timing, short enough that a
 * finger that slowed down before lifting does not fling. */
#define VELOCITY_WINDOW_MS 100
/* Slower releases than this just stop where the finger left the content. */
#define FLING_MIN 0.1
/* A short horizontal flick still swipes when it is at least this fast. */
#define SWIPE_FAST 0.5

void gesture_init(Gesture *g, int slop, int swipe_min)
{
	memset(g, 0, sizeof(*g));
	g->slop = slop < 0 ? 0 : slop;
	g->swipe_min = swipe_min;
	g->tap_ms = GESTURE_TAP_MS;
}

static void gesture_sample(Gesture *g, uint64_t now, int x, int y)
{
	if (g->nsamples == GESTURE_SAMPLES) {
		memmove(&g->samples[0], &g->samples[1],
		        (GESTURE_SAMPLES - 1) * sizeof(g->samples[0]));
		g->nsamples--;
	}
	g->samples[g->nsamples].t = now;
	g->samples[g->nsamples].x = x;
	g->samples[g->nsamples].y = y;
	g->nsamples++;
}

/* Velocity over the end of the drag, in px/ms: vy positive when the finger
 * moved up (content follows it up, like GEST_SCROLL's dy), hx the horizontal
 * speed. Both are 0 when the finger rested for the whole window. */
static void gesture_velocity(const Gesture *g, double *vy, double *hx)
{
	*vy = 0;
	*hx = 0;
	if (g->nsamples < 2)
		return;
	unsigned last = g->nsamples - 1;
	uint64_t tn = g->samples[last].t;
	unsigned first = last;
	while (first > 0 && g->samples[first - 1].t + VELOCITY_WINDOW_MS >= tn)
		first--;
	if (first == last || tn <= g->samples[first].t)
		return;
	double dt = (double)(tn - g->samples[first].t);
	*vy = (g->samples[first].y - g->samples[last].y) / dt;
	*hx = abs(g->samples[last].x - g->samples[first].x) / dt;
}

static bool beyond_slop(const Gesture *g, int x, int y)
{
	int64_t dx = (int64_t)x - g->x0;
	int64_t dy = (int64_t)y - g->y0;
	int64_t s = g->slop;
	return dx * dx + dy * dy > s * s;
}

static GestureOut gesture_down(Gesture *g, const PointerEvent *ev, uint64_t now)
{
	GestureOut out = {0};
	g->active = true;
	g->dragging = false;
	g->horizontal = false;
	g->swallowed = false;
	g->id = ev->id;
	g->x0 = g->x = ev->x;
	g->y0 = g->y = ev->y;
	g->t0 = now;
	g->nsamples = 0;
	gesture_sample(g, now, ev->x, ev->y);
	out.flags = GEST_DOWN;
	out.x = ev->x;
	out.y = ev->y;
	return out;
}

/* Moves the tracked finger to the event's position: starts the drag once it
 * leaves the slop circle and reports the scroll for vertical drags. Shared by
 * moves and the release, whose position may differ from the last move. */
static void gesture_track(Gesture *g, const PointerEvent *ev, uint64_t now, GestureOut *out)
{
	int prev_y = g->y;
	g->x = ev->x;
	g->y = ev->y;
	gesture_sample(g, now, ev->x, ev->y);
	if (g->swallowed)
		return;
	if (!g->dragging) {
		if (!beyond_slop(g, ev->x, ev->y))
			return;
		g->dragging = true;
		/* Classified once, from the whole movement so far: a drag that
		 * starts sideways stays a swipe even if it wanders. */
		int64_t adx = llabs((int64_t)ev->x - g->x0);
		int64_t ady = llabs((int64_t)ev->y - g->y0);
		g->horizontal = adx * 2 > ady * 3;
		out->flags |= GEST_DRAG;
	}
	/* Only the movement of this event scrolls, so the content does not jump
	 * by the slop when the drag starts. */
	if (!g->horizontal && ev->y != prev_y) {
		out->flags |= GEST_SCROLL;
		out->dy = prev_y - ev->y;
	}
}

/* What the release of an unswallowed touch means: a tap, a fling or a
 * swipe, or nothing more than its end. */
static void gesture_classify(const Gesture *g, uint64_t now, GestureOut *out)
{
	if (!g->dragging) {
		/* Not dragging means the finger never left the slop circle. */
		if (now - g->t0 <= g->tap_ms) {
			out->flags |= GEST_TAP;
			out->x = g->x;
			out->y = g->y;
		}
		return;
	}
	double vy, hx;
	gesture_velocity(g, &vy, &hx);
	if (!g->horizontal) {
		if (vy > FLING_MIN || vy < -FLING_MIN) {
			out->flags |= GEST_FLING;
			out->velocity = vy;
		}
		return;
	}
	int dx = g->x - g->x0;
	int adx = abs(dx);
	if (adx > 0 && (adx >= g->swipe_min || (adx >= g->slop * 2 && hx > SWIPE_FAST))) {
		out->flags |= GEST_SWIPE;
		/* Pulling the page to the left brings the next one in. */
		out->dir = dx < 0 ? 1 : -1;
	}
}

static void gesture_end(Gesture *g, GestureOut *out)
{
	out->flags |= GEST_END;
	g->active = false;
	g->dragging = false;
	g->swallowed = false;
}

GestureOut gesture_feed(Gesture *g, const PointerEvent *ev, uint64_t now)
{
	GestureOut out = {0};
	if (ev->type == PTR_DOWN) {
		if (g->active && ev->id != g->id)
			return out;
		return gesture_down(g, ev, now);
	}
	if (!g->active || ev->id != g->id)
		return out;
	switch (ev->type) {
	case PTR_MOVE:
		gesture_track(g, ev, now, &out);
		break;
	case PTR_UP:
		/* The release position counts like a last move: if it only
		 * now leaves the slop circle, the touch ends as a drag. */
		gesture_track(g, ev, now, &out);
		if (!g->swallowed)
			gesture_classify(g, now, &out);
		gesture_end(g, &out);
		break;
	case PTR_CANCEL:
		gesture_end(g, &out);
		break;
	case PTR_DOWN:
		break;
	}
	return out;
}

void gesture_swallow(Gesture *g)
{
	if (g->active)
		g->swallowed = true;
}

bool gesture_active(const Gesture *g)
{
	return g->active;
}
