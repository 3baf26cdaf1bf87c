#include "core/service/service.h"

#include <string.h>

#include "core/document/model/utf8.h"

/* The service screen's actions, in the order they show. A new action is
 * a row here (and its ServiceAct, and what the platform does for it). */
const ServiceButton SERVICE_BUTTONS[] = {
    {SERVICE_ACT_ROLLBACK, 0, WORD_SV_ROLL_BACK, "service-rollback"},
    {SERVICE_ACT_EXPORT, 0, WORD_SV_EXPORT, "service-export"},
    {SERVICE_ACT_TOUCH_TEST, 0, WORD_SV_TOUCH_TEST, "service-touch-test"},
    {SERVICE_ACT_CLEANING, 0, WORD_SV_CLEANING, "service-cleaning"},
    {SERVICE_ACT_RESTART, 0, WORD_SV_RESTART, "service-restart"},
    {SERVICE_ACT_CLOCK, 0, WORD_SET_CLOCK, "service-clock"},
    {SERVICE_ACT_ROTATE, 0, WORD_SV_ROTATION, "service-rotate-0"},
    {SERVICE_ACT_ROTATE, 1, WORD_SV_ROTATION, "service-rotate-90"},
    {SERVICE_ACT_ROTATE, 2, WORD_SV_ROTATION, "service-rotate-180"},
    {SERVICE_ACT_ROTATE, 3, WORD_SV_ROTATION, "service-rotate-270"},
    {SERVICE_ACT_CLOSE, 0, WORD_CLOSE, "service-close"},
};
const unsigned SERVICE_BUTTONS_N = sizeof(SERVICE_BUTTONS) / sizeof(SERVICE_BUTTONS[0]);

int service_target_index(ServiceAct act, int arg)
{
	return (int)act * 16 + arg;
}

void service_init(Service *s, int corner, int slop)
{
	memset(s, 0, sizeof(*s));
	hold_init(&s->hold, corner, slop);
	static const ServiceInfo none = {"", "", "", "", "", "", "", ""};
	s->info = none;
}

void service_measure(Service *s, int corner, int slop)
{
	s->hold.corner = corner;
	s->hold.slop = slop;
}

bool service_active(const Service *s)
{
	return s->mode != SERVICE_OFF;
}

static void clear_digits(Service *s)
{
	/* The digits typed are a secret: not left lying in memory. */
	memset(s->digits, 0, sizeof(s->digits));
	s->ndigits = 0;
}

static unsigned go(Service *s, ServiceMode mode, uint64_t now)
{
	if (mode == SERVICE_MENU || mode == SERVICE_PIN)
		s->requests |= SERVICE_REQ_INFO;
	if (mode != SERVICE_PIN)
		clear_digits(s);
	if (mode == SERVICE_TOUCH)
		s->npoints = 0;
	s->mode = mode;
	s->last_touch = now;
	return SERVICE_CHANGED;
}

static unsigned open_pad(Service *s, uint64_t now)
{
	if (pinguard_expire(&s->guard, now))
		s->requests |= SERVICE_REQ_TRIES;
	s->say = !s->has_pin                       ? SERVICE_SAY_NO_PIN
	         : pinguard_locked(&s->guard, now) ? SERVICE_SAY_LOCKED
	                                           : SERVICE_SAY_NONE;
	return go(s, SERVICE_PIN, now);
}

static unsigned start_cleaning(Service *s, uint64_t now)
{
	s->back = s->mode == SERVICE_CLEANING ? s->back : s->mode;
	s->cleaning_until = now + SERVICE_CLEANING_MS;
	unsigned r = go(s, SERVICE_CLEANING, now);
	return r;
}

unsigned service_open_menu(Service *s, uint64_t now)
{
	s->say = SERVICE_SAY_NONE;
	return go(s, SERVICE_MENU, now);
}

static unsigned fired(Service *s, HoldFired f, uint64_t now)
{
	if (f == HOLD_SERVICE && s->mode == SERVICE_OFF)
		return open_pad(s, now) | SERVICE_TAKEN;
	if (f == HOLD_CLEANING && s->mode != SERVICE_CLEANING)
		return start_cleaning(s, now) | SERVICE_TAKEN;
	return 0;
}

static void touch_point(Service *s, const PointerEvent *ev)
{
	unsigned i = s->npoints++ % SERVICE_POINTS;
	s->points[i].x = ev->x;
	s->points[i].y = ev->y;
}

unsigned service_pointer(Service *s, const PointerEvent *ev, uint64_t now)
{
	if (s->mode == SERVICE_CLEANING) {
		/* Wiping the glass: every touch goes nowhere, and no hold
		 * starts under the cloth. */
		hold_reset(&s->hold);
		return SERVICE_TAKEN;
	}
	unsigned r = fired(s, hold_feed(&s->hold, ev, now), now);
	if (s->mode == SERVICE_OFF)
		return r;
	s->last_touch = now;
	if (s->mode == SERVICE_TOUCH && ev->type != PTR_UP && ev->type != PTR_CANCEL) {
		touch_point(s, ev);
		r |= SERVICE_CHANGED;
	}
	return r | SERVICE_TAKEN;
}

unsigned service_tick(Service *s, uint64_t now)
{
	unsigned r = fired(s, hold_tick(&s->hold, now), now);
	switch (s->mode) {
	case SERVICE_OFF:
		return r;
	case SERVICE_CLEANING:
		if (now >= s->cleaning_until) {
			ServiceMode back = s->back;
			r |= go(s, back, now);
			s->say = SERVICE_SAY_NONE;
		}
		/* The countdown shows each second. */
		return r | SERVICE_CHANGED;
	case SERVICE_PIN:
		if (pinguard_expire(&s->guard, now)) {
			s->requests |= SERVICE_REQ_TRIES;
			s->say = SERVICE_SAY_NONE;
			r |= SERVICE_CHANGED;
		} else if (s->say == SERVICE_SAY_LOCKED) {
			r |= SERVICE_CHANGED;
		}
		break;
	case SERVICE_MENU:
		/* The clock and the uptime it shows move on. */
		s->requests |= SERVICE_REQ_INFO;
		r |= SERVICE_CHANGED;
		break;
	case SERVICE_TOUCH:
		break;
	}
	if (now >= s->last_touch + SERVICE_IDLE_MS && !s->checking)
		r |= go(s, SERVICE_OFF, now);
	return r;
}

/* When a countdown to until next shows one second less. */
static uint64_t next_second(uint64_t until, uint64_t now)
{
	if (now >= until)
		return now;
	uint64_t step = (until - now) % 1000;
	return now + (step ? step : 1000);
}

uint64_t service_deadline(const Service *s, uint64_t now)
{
	uint64_t d = hold_deadline(&s->hold);
	uint64_t t = UINT64_MAX;
	switch (s->mode) {
	case SERVICE_OFF:
		return d;
	case SERVICE_CLEANING:
		t = next_second(s->cleaning_until, now);
		if (t > s->cleaning_until)
			t = s->cleaning_until;
		return t < d ? t : d;
	case SERVICE_PIN:
		if (pinguard_locked(&s->guard, now))
			t = next_second(s->guard.locked_until, now);
		break;
	case SERVICE_MENU:
		t = now + 1000 - now % 1000;
		break;
	case SERVICE_TOUCH:
		break;
	}
	uint64_t idle = s->last_touch + SERVICE_IDLE_MS;
	if (idle < t)
		t = idle;
	return t < d ? t : d;
}

static unsigned enter(Service *s, uint64_t now)
{
	if (!s->has_pin || s->checking)
		return 0;
	if (pinguard_locked(&s->guard, now)) {
		s->say = SERVICE_SAY_LOCKED;
		clear_digits(s);
		return SERVICE_CHANGED;
	}
	if (s->ndigits < SERVICE_PIN_MIN)
		return 0;
	s->checking = true;
	s->say = SERVICE_SAY_CHECKING;
	s->requests |= SERVICE_REQ_VERIFY;
	return SERVICE_CHANGED;
}

unsigned service_verified(Service *s, bool right, uint64_t now)
{
	s->checking = false;
	clear_digits(s);
	if (s->mode != SERVICE_PIN)
		return 0;
	s->requests |= SERVICE_REQ_TRIES;
	if (right) {
		pinguard_pass(&s->guard);
		return service_open_menu(s, now);
	}
	s->say = pinguard_fail(&s->guard, now) ? SERVICE_SAY_LOCKED : SERVICE_SAY_WRONG;
	s->last_touch = now;
	return SERVICE_CHANGED;
}

unsigned service_said(Service *s, ServiceSay say, const char *detail, uint64_t now)
{
	s->say = say;
	size_t n = detail ? strlen(detail) : 0;
	if (n >= sizeof(s->detail))
		n = sizeof(s->detail) - 1;
	memcpy(s->detail, detail ? detail : "", n);
	s->detail[n] = '\0';
	s->requests |= SERVICE_REQ_INFO;
	s->last_touch = now;
	return SERVICE_CHANGED;
}

static unsigned act_pin(Service *s, ServiceAct act, int arg, uint64_t now)
{
	if (s->checking)
		return 0;
	if (act == SERVICE_ACT_DIGIT && arg >= 0 && arg <= 9) {
		/* Locked, nothing is typed: the time left stays in view. */
		if (s->ndigits == SERVICE_PIN_MAX || !s->has_pin || pinguard_locked(&s->guard, now))
			return 0;
		s->digits[s->ndigits++] = (char)('0' + arg);
		if (s->say == SERVICE_SAY_WRONG)
			s->say = SERVICE_SAY_NONE;
		return SERVICE_CHANGED;
	}
	if (act == SERVICE_ACT_ERASE && s->ndigits > 0) {
		s->digits[--s->ndigits] = '\0';
		return SERVICE_CHANGED;
	}
	if (act == SERVICE_ACT_ENTER)
		return enter(s, now);
	return 0;
}

static unsigned act_menu(Service *s, ServiceAct act, int arg, uint64_t now)
{
	s->say = SERVICE_SAY_NONE;
	switch (act) {
	case SERVICE_ACT_ROLLBACK:
		s->requests |= SERVICE_REQ_ROLLBACK;
		return SERVICE_CHANGED;
	case SERVICE_ACT_EXPORT:
		s->requests |= SERVICE_REQ_EXPORT;
		return SERVICE_CHANGED;
	case SERVICE_ACT_TOUCH_TEST:
		return go(s, SERVICE_TOUCH, now);
	case SERVICE_ACT_CLEANING:
		return start_cleaning(s, now);
	case SERVICE_ACT_ROTATE:
		if (arg < 0 || arg > 3 || arg * 90 == s->rotation)
			return 0;
		s->rotation = arg * 90;
		s->requests |= SERVICE_REQ_ROTATE;
		return SERVICE_CHANGED;
	case SERVICE_ACT_RESTART:
		s->requests |= SERVICE_REQ_RESTART;
		return 0;
	case SERVICE_ACT_CLOCK:
		/* The clock screen is the visitor's controller's: the service
		 * screen closes to show it. */
		s->requests |= SERVICE_REQ_CLOCK;
		return go(s, SERVICE_OFF, now);
	default:
		return 0;
	}
}

unsigned service_act(Service *s, int index, uint64_t now)
{
	ServiceAct act = (ServiceAct)(index / 16);
	int arg = index % 16;
	s->last_touch = now;
	if (act == SERVICE_ACT_CLOSE)
		return go(s, SERVICE_OFF, now);
	if (act == SERVICE_ACT_BACK)
		return go(s, SERVICE_MENU, now);
	if (s->mode == SERVICE_PIN)
		return act_pin(s, act, arg, now);
	if (s->mode == SERVICE_MENU)
		return act_menu(s, act, arg, now);
	return 0;
}

unsigned service_take(Service *s)
{
	unsigned r = s->requests;
	s->requests = 0;
	return r;
}

int service_cleaning_left(const Service *s, uint64_t now)
{
	if (s->mode != SERVICE_CLEANING || now >= s->cleaning_until)
		return 0;
	return (int)((s->cleaning_until - now + 999) / 1000);
}

bool service_clean_line(char *s, size_t len)
{
	if (memchr(s, '\0', len) || !utf8_valid(s, len, NULL)) {
		s[0] = '\0';
		return false;
	}
	s[len] = '\0';
	s[strcspn(s, "\r\n")] = '\0';
	/* Bytes below 0x20 and DEL never begin or continue a multi-byte
	 * sequence: replacing them keeps the text UTF-8. */
	for (char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7F)
			*p = ' ';
	return true;
}
