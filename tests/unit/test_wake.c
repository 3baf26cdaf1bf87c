/* wake: how long the live loop sleeps, one table row per situation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>

#include "core/control/nav.h"
#include "core/control/wake.h"

typedef struct {
	const char *what;
	WakePlan plan;
	uint64_t now;
	int timeout;
	bool watchdog_due;
} Case;

static const Case CASES[] = {
    {"a still screen with nothing due sleeps until something happens",
     {.deadline = NAV_NEVER, .last_frame = 1000},
     5000,
     -1,
     false},
    {"until the idle timeout", {.deadline = 91000, .last_frame = 1000}, 5000, 86000, false},
    {"a deadline already passed: at once", {.deadline = 4000, .last_frame = 1000}, 5000, 0, false},
    {"an animation: one frame after the last, not sooner",
     {.deadline = 1005, .last_frame = 1000},
     1002,
     14,
     false},
    {"the frame limit counts from the last frame, not from now",
     {.deadline = 1001, .last_frame = 1000},
     1020,
     0,
     false},
    {"the watchdog shortens a long sleep",
     {.deadline = NAV_NEVER, .last_frame = 1000, .watchdog_ms = 5000},
     2000,
     4000,
     false},
    {"but not a shorter one",
     {.deadline = 1500, .last_frame = 1000, .watchdog_ms = 5000},
     1200,
     300,
     false},
    {"a frame is owed to the watchdog once its time came",
     {.deadline = NAV_NEVER, .last_frame = 1000, .watchdog_ms = 5000},
     6000,
     0,
     true},
    {"background work waiting: no sleep",
     {.deadline = NAV_NEVER, .last_frame = 1000, .busy = true},
     1001,
     0,
     false},
    {"a sleep longer than an int can say is cut",
     {.deadline = (uint64_t)INT_MAX * 4, .last_frame = 0},
     1,
     INT_MAX,
     false},
};

static void test_each_situation(void **state)
{
	for (size_t i = 0; i < sizeof(CASES) / sizeof(CASES[0]); i++) {
		const Case *c = &CASES[i];
		int t = wake_timeout(&c->plan, c->now);
		if (t != c->timeout)
			fail_msg("%s: %d ms, expected %d", c->what, t, c->timeout);
		if (wake_watchdog_due(&c->plan, c->now) != c->watchdog_due)
			fail_msg("%s: watchdog due is wrong", c->what);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_each_situation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
