#include "core/control/wake.h"

#include <limits.h>

#include "core/control/nav.h"

bool wake_watchdog_due(const WakePlan *p, uint64_t now)
{
	return p->watchdog_ms && now >= p->last_frame + p->watchdog_ms;
}

int wake_timeout(const WakePlan *p, uint64_t now)
{
	if (p->busy)
		return 0;
	uint64_t d = p->deadline;
	if (p->watchdog_ms && p->last_frame + p->watchdog_ms < d)
		d = p->last_frame + p->watchdog_ms;
	/* Never sooner than a frame after the last one: a deadline that keeps
	 * coming due (an animation) runs at the frame rate, not flat out. */
	if (d < p->last_frame + WAKE_FRAME_MS)
		d = p->last_frame + WAKE_FRAME_MS;
	if (d == NAV_NEVER)
		return -1;
	if (d <= now)
		return 0;
	return d - now > INT_MAX ? INT_MAX : (int)(d - now);
}
