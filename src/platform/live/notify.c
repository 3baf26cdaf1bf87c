#include "platform/live/notify.h"

#include <stdlib.h>
#include <systemd/sd-daemon.h>

bool notify_under_systemd(void)
{
	return getenv("NOTIFY_SOCKET") != NULL || getenv("INVOCATION_ID") != NULL;
}

void notify_ready(void)
{
	sd_notify(0, "READY=1\nSTATUS=Showing content");
}

void notify_status(const char *text)
{
	sd_notifyf(0, "STATUS=%s", text);
}

void notify_reloading(void)
{
	sd_notify(0, "RELOADING=1\nSTATUS=Reading the settings again");
}

void notify_reloaded(void)
{
	sd_notify(0, "READY=1\nSTATUS=Showing content");
}

void notify_alive(void)
{
	sd_notify(0, "WATCHDOG=1");
}

uint32_t notify_watchdog_ms(void)
{
	uint64_t usec = 0;
	if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0)
		return 0;
	uint64_t ms = usec / 2000;
	return ms == 0 ? 1 : ms > UINT32_MAX ? UINT32_MAX : (uint32_t)ms;
}
