#include "core/schedule/night.h"

void night_init(Night *n)
{
	n->awake_until = 0;
	n->touched = false;
}

void night_touch(Night *n, uint64_t now)
{
	n->awake_until = now + NIGHT_WAKE_MS;
	n->touched = true;
}

bool night_blank(const Night *n, const NightPlan *p, uint64_t now)
{
	if (!p->clock_known || !p->off)
		return false;
	return !n->touched || now >= n->awake_until;
}

uint64_t night_deadline(const Night *n, const NightPlan *p, uint64_t now)
{
	uint64_t d = NIGHT_NEVER;
	/* While the time is unknown nothing the schedule says counts: the
	 * loop is told again when the clock becomes known. */
	if (!p->clock_known)
		return d;
	if (p->change_ms >= 0)
		d = now + (uint64_t)p->change_ms;
	if (p->off && n->touched && n->awake_until > now && n->awake_until < d)
		d = n->awake_until;
	return d;
}
