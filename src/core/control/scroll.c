#include "core/control/scroll.h"

#include <math.h>

/* Velocity decays as exp(-t / TAU): about 325 ms is what makes a fling feel
 * like it glides and then settles, the constant common touch toolkits use. */
#define TAU_MS 325.0
/* Below this the remaining glide (v * TAU, about 6 px) is not worth frames. */
#define STOP_SPEED 0.02

static double clampd(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

void scroll_init(Scroll *s, int max)
{
	s->pos = 0;
	s->velocity = 0;
	s->max = max < 0 ? 0 : max;
	s->last_ms = 0;
	s->coasting = false;
}

void scroll_set_max(Scroll *s, int max)
{
	s->max = max < 0 ? 0 : max;
	s->pos = clampd(s->pos, 0, s->max);
	scroll_stop(s);
}

void scroll_by(Scroll *s, int dy)
{
	s->pos = clampd(s->pos + dy, 0, s->max);
	scroll_stop(s);
}

void scroll_fling(Scroll *s, double velocity, uint64_t now)
{
	if (!isfinite(velocity) || fabs(velocity) < STOP_SPEED) {
		scroll_stop(s);
		return;
	}
	s->velocity = velocity;
	s->last_ms = now;
	s->coasting = true;
}

bool scroll_step(Scroll *s, uint64_t now)
{
	if (!s->coasting)
		return false;
	/* A clock that did not advance (or went back) moves nothing. */
	if (now <= s->last_ms)
		return true;
	double dt = (double)(now - s->last_ms);
	s->last_ms = now;
	/* Closed form of the decay, so a frame that comes late (or a tick after
	 * seconds of sleep) lands where per-millisecond steps would have. */
	double decay = exp(-dt / TAU_MS);
	double pos = s->pos + s->velocity * TAU_MS * (1.0 - decay);
	s->velocity *= decay;
	if (pos <= 0 || pos >= s->max) {
		s->pos = clampd(pos, 0, s->max);
		scroll_stop(s);
		return false;
	}
	s->pos = pos;
	if (fabs(s->velocity) < STOP_SPEED) {
		scroll_stop(s);
		return false;
	}
	return true;
}

void scroll_stop(Scroll *s)
{
	s->velocity = 0;
	s->coasting = false;
}

int scroll_pos(const Scroll *s)
{
	return (int)lround(s->pos);
}
