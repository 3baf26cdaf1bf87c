#include "platform/night/watch.h"

#include <stdio.h>
#include <string.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "platform/night/settime.h"

/* How long a worked-out plan is kept while the loop is awake anyway. */
#define WATCH_ASK_MS 60000u

static void local_time(int64_t t, void *user, ScheduleWall *out)
{
	(void)user;
	time_t tt = (time_t)t;
	struct tm tm;
	if (!localtime_r(&tt, &tm)) {
		memset(out, 0, sizeof(*out));
		return;
	}
	out->wday = tm.tm_wday;
	out->minute = tm.tm_hour * 60 + tm.tm_min;
	out->second = tm.tm_sec;
}

static void ask(Watch *w, uint64_t now)
{
	w->plan.clock_known = clock_known(&w->clock);
	w->plan.off = false;
	w->plan.change_ms = -1;
	if (schedule_any(&w->schedule)) {
		int64_t t = clock_now(&w->clock), next;
		w->plan.off = schedule_state(&w->schedule, t, local_time, NULL, &next);
		/* Seconds, so up to a second late, never early: a wake-up
		 * before the change would only sleep again. */
		if (next != SCHEDULE_NEVER)
			w->plan.change_ms = (next - t) * 1000;
	}
	w->asked = now;
	w->asked_once = true;
}

/* A timer that never runs out but is cancelled, and its descriptor made
 * readable, whenever the system clock is set. */
static void arm(int fd)
{
	struct itimerspec far = {.it_value = {.tv_sec = (time_t)INT32_MAX}};
	timerfd_settime(fd, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &far, NULL);
}

int watch_fd(const Watch *w)
{
	return w->setfd;
}

void watch_clock_changed(Watch *w, uint64_t now)
{
	uint64_t n;
	/* ECANCELED: the clock was set; the read ends that and the timer is
	 * armed again for the next time. */
	if (w->setfd < 0 || read(w->setfd, &n, sizeof(n)) >= 0)
		return;
	arm(w->setfd);
	fprintf(stderr, "kiosk: the system clock was set\n");
	ask(w, now);
}

void watch_init(Watch *w, const Schedule *s, const char *data, int contentfd)
{
	memset(w, 0, sizeof(*w));
	w->setfd = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK | TFD_CLOEXEC);
	if (w->setfd >= 0)
		arm(w->setfd);
	w->schedule = *s;
	night_init(&w->night);
	clock_open(&w->clock, data, contentfd);
}

void watch_deinit(Watch *w)
{
	clock_close(&w->clock);
	/* 0 is a Watch never initialised (zeroed storage), never ours. */
	if (w->setfd > 0)
		close(w->setfd);
	w->setfd = -1;
}

void watch_configure(Watch *w, const Schedule *s, int contentfd, uint64_t now)
{
	w->schedule = *s;
	w->clock.floor = timekeep_floor(w->clock.floor, clock_content_time(contentfd));
	ask(w, now);
}

void watch_touch(Watch *w, uint64_t now)
{
	night_touch(&w->night, now);
}

unsigned watch_open_clock(Watch *w, Kiosk *k, uint64_t now)
{
	ClockFields f;
	settime_fields(&w->clock, &f);
	return kiosk_clock_open(k, &f, now);
}

unsigned watch_set_clock(Watch *w, Kiosk *k, const Words *words, char *notice, size_t size,
                         uint64_t now)
{
	char why[256];
	bool ok = settime_apply(&w->clock, kiosk_clock_wanted(k), why, sizeof(why)) == 0;
	if (ok) {
		snprintf(notice, size, "%s", word(words, WORD_CLOCK_SET));
		fprintf(stderr, "kiosk: the clock was set on the clock screen\n");
	} else {
		const char *args[] = {why};
		words_fill(notice, size, word(words, WORD_CLOCK_NOT_SET), args, 1);
		fprintf(stderr, "kiosk: the clock could not be set: %s\n", why);
	}
	ask(w, now);
	NavEvent ev = {.type = NAV_EV_NOTICE, .text = notice, .error = !ok};
	return kiosk_nav(k, &ev, now);
}

static void refresh(Watch *w, uint64_t now)
{
	uint64_t due = w->asked + WATCH_ASK_MS;
	if (w->plan.change_ms >= 0 && w->asked + (uint64_t)w->plan.change_ms < due)
		due = w->asked + (uint64_t)w->plan.change_ms;
	if (!w->asked_once || now >= due)
		ask(w, now);
}

/* The plan as seen from now: the change comes closer as time passes. */
static NightPlan plan_at(const Watch *w, uint64_t now)
{
	NightPlan p = w->plan;
	if (p.change_ms >= 0) {
		int64_t left = p.change_ms - (int64_t)(now - w->asked);
		p.change_ms = left > 0 ? left : 0;
	}
	return p;
}

bool watch_blank(Watch *w, uint64_t now)
{
	refresh(w, now);
	clock_tick(&w->clock);
	NightPlan p = plan_at(w, now);
	return night_blank(&w->night, &p, now);
}

uint64_t watch_deadline(Watch *w, uint64_t now)
{
	refresh(w, now);
	NightPlan p = plan_at(w, now);
	return night_deadline(&w->night, &p, now);
}
