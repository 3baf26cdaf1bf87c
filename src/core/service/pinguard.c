#include "core/service/pinguard.h"

void pinguard_restore(PinGuard *g, unsigned failures, bool locked, uint64_t now)
{
	g->failures = failures < PIN_TRIES ? failures : PIN_TRIES - 1;
	g->locked_until = 0;
	/* A count at the limit that was not marked locked (cut off between
	 * the two) locks too: never one try more than allowed. */
	if (locked || failures >= PIN_TRIES) {
		g->failures = 0;
		g->locked_until = now + PIN_LOCK_MS;
	}
}

bool pinguard_expire(PinGuard *g, uint64_t now)
{
	if (!g->locked_until || now < g->locked_until)
		return false;
	g->locked_until = 0;
	return true;
}

bool pinguard_locked(const PinGuard *g, uint64_t now)
{
	return g->locked_until && now < g->locked_until;
}

uint64_t pinguard_left(const PinGuard *g, uint64_t now)
{
	return pinguard_locked(g, now) ? g->locked_until - now : 0;
}

bool pinguard_fail(PinGuard *g, uint64_t now)
{
	if (pinguard_locked(g, now))
		return true;
	if (++g->failures < PIN_TRIES)
		return false;
	g->failures = 0;
	g->locked_until = now + PIN_LOCK_MS;
	return true;
}

void pinguard_pass(PinGuard *g)
{
	g->failures = 0;
	g->locked_until = 0;
}

unsigned pinguard_tries_left(const PinGuard *g)
{
	return PIN_TRIES - g->failures;
}
