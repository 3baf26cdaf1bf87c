#include "platform/run/offscreen/headless.h"

#include <SDL.h>
#include <SDL_image.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/screen/shot.h"
#include "platform/updates/store.h"
#include "platform/run/input.h"
#include "platform/display/png.h"

/* 40 MB/s: a USB 2 stick's typical read speed. */
#define HEADLESS_IMPORT_BYTES_PER_MS 40000u
#define HEADLESS_IMPORT_SLICE_MS 100u

static bool night(Headless *h);

/* One event from a mouse or a finger, as on a display: the touch that
 * wakes a blank screen only wakes it; then the controller, the usage
 * figures and the staff's screens. */
static void pointer_event(Headless *h, const SDL_Event *e)
{
	PointerEvent pe;
	if (!input_translate(e, &h->s.orient, h->s.orient.panel_w, h->s.orient.panel_h, &pe))
		return;
	bool blank = night(h);
	watch_touch(&h->watch, h->now);
	if (blank && pe.type == PTR_DOWN)
		h->swallow = true;
	if (h->swallow) {
		h->swallow = pe.type != PTR_UP && pe.type != PTR_CANCEL;
		return;
	}
	if (kiosk_pointer(h->s.kiosk, &pe, h->now) & KIOSK_SET_CLOCK)
		watch_set_clock(&h->watch, h->s.kiosk, h->s.catalogs.lx.main, h->notice,
		                sizeof(h->notice), h->now);
	session_count(&h->s, h->now);
	headless_staff(h);
}

void headless_pointer(Headless *h, Uint32 type, int x, int y)
{
	SDL_Event e;
	memset(&e, 0, sizeof(e));
	e.type = type;
	if (type == SDL_MOUSEMOTION) {
		e.motion.x = x;
		e.motion.y = y;
		e.motion.state = SDL_BUTTON_LMASK;
	} else {
		e.button.x = x;
		e.button.y = y;
		e.button.button = SDL_BUTTON_LEFT;
	}
	pointer_event(h, &e);
}

void headless_staff(Headless *h)
{
	staff_run(&h->staff, &h->s, h->sdl, &h->arrivals, h->now);
	if (h->staff.set_clock)
		watch_open_clock(&h->watch, h->s.kiosk, h->now);
	h->staff.set_clock = false;
}

/* Finger i of a touchscreen at panel pixel (x, y): SDL_FINGERDOWN, _UP or
 * MOTION, as a panel's driver sends it. */
static void finger(Headless *h, Uint32 type, int i, int x, int y)
{
	SDL_Event e;
	memset(&e, 0, sizeof(e));
	e.type = type;
	e.tfinger.touchId = 1;
	e.tfinger.fingerId = i;
	e.tfinger.x = (float)x / (float)h->s.orient.panel_w;
	e.tfinger.y = (float)y / (float)h->s.orient.panel_h;
	e.tfinger.pressure = 1;
	pointer_event(h, &e);
}

static void fingers(Headless *h, const ScriptCmd *c)
{
	for (int i = 0; i < c->x2; i++)
		finger(h, SDL_FINGERDOWN, i, c->x1 + 100 * i, c->y1);
	headless_advance(h, c->ms);
	for (int i = 0; i < c->x2; i++)
		finger(h, SDL_FINGERUP, i, c->x1 + 100 * i, c->y1);
}

/* Runs every deadline up to now + ms on the virtual clock: no real time
 * passes, and idle stretches cost one step, not one per frame. */
void headless_advance(Headless *h, uint64_t ms)
{
	uint64_t end = h->now + ms;
	for (;;) {
		uint64_t d = kiosk_next_deadline(h->s.kiosk, h->now);
		if (d <= h->now)
			d = h->now + 16;
		/* The usage figures' batch is written when due, as live. */
		uint64_t u = session_count_due(&h->s);
		if (u < d)
			d = u > h->now ? u : h->now + 16;
		/* The voice is looked at as the live loop does, every 100 ms. */
		if (session_speaking(&h->s) && d > h->now + 100)
			d = h->now + 100;
		if (d > end)
			break;
		h->now = d;
		kiosk_tick(h->s.kiosk, h->now);
		headless_staff(h);
		/* The virtual clock runs ahead of any voice: it waits for
		 * what it is to hear. */
		speech_catch_up(h->s.speech, h->now);
		session_speak(&h->s, h->now);
		session_count(&h->s, h->now);
	}
	h->now = end;
	clock_fake_advance(&h->watch.clock, h->now);
	kiosk_tick(h->s.kiosk, h->now);
	headless_staff(h);
	speech_catch_up(h->s.speech, h->now);
	session_speak(&h->s, h->now);
	session_count(&h->s, h->now);
}

/* Whether the night schedule has the screen blank now; new content (a
 * stick's kiosk.conf) brings its own schedule, as on a display. */
static bool night(Headless *h)
{
	if (h->s.content.arena != h->content) {
		h->content = h->s.content.arena;
		watch_configure(&h->watch, &h->s.eff.screen_off, -1, h->now);
	}
	return watch_blank(&h->watch, h->now);
}

int headless_draw(Headless *h)
{
	/* Blank for the night: the black frame the display would show. */
	if (night(h)) {
		SDL_SetRenderDrawColor(h->sdl, 0, 0, 0, 255);
		return SDL_RenderClear(h->sdl);
	}
	return render_frame(h->s.render, kiosk_frame(h->s.kiosk, h->now));
}

void headless_settle(Headless *h)
{
	if (kiosk_next_deadline(h->s.kiosk, h->now) > h->now + 16)
		session_prepare(&h->s);
}

/* Written aside and moved into place, so whoever waits for the file finds
 * it whole. */
static int write_file(const char *path, const char *text)
{
	char tmp[PATH_MAX];
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= sizeof(tmp))
		return -1;
	FILE *f = fopen(tmp, "w");
	if (!f)
		return -1;
	size_t n = strlen(text);
	int rc = fwrite(text, 1, n, f) == n ? 0 : -1;
	if (fclose(f) != 0)
		rc = -1;
	if (rc == 0 && rename(tmp, path) != 0)
		rc = -1;
	if (rc != 0)
		unlink(tmp);
	return rc;
}

int headless_write_shot(SDL_Surface *surface, const Kiosk *k, const Orient *o, const char *dir,
                        const char *name)
{
	char path[PATH_MAX], why[256];
	snprintf(path, sizeof(path), "%s/%s.png", dir, name);
	if (png_save(surface, path, why, sizeof(why)) != 0) {
		fprintf(stderr, "kiosk: %s: cannot write (%s)\n", path, why);
		return -1;
	}
	char *json = shot_json(k, o);
	snprintf(path, sizeof(path), "%s/%s.json", dir, name);
	int rc = json ? write_file(path, json) : -1;
	free(json);
	if (rc != 0)
		fprintf(stderr, "kiosk: %s: cannot write\n", path);
	return rc;
}

int headless_shot(Headless *h, const char *name)
{
	/* Installed content that reached a frame is no longer on trial, as on
	 * a display after its first present. */
	if (h->s.installed && !h->confirmed) {
		store_confirm(h->data);
		h->confirmed = true;
	}
	if (headless_draw(h) != 0) {
		fprintf(stderr, "kiosk: drawing failed: %s\n", SDL_GetError());
		return -1;
	}
	SDL_RenderFlush(h->sdl);
	h->shots++;
	return headless_write_shot(h->surface, h->s.kiosk, &h->s.orient, h->out, name);
}

void headless_notice(Headless *h, const char *text)
{
	snprintf(h->notice, sizeof(h->notice), "%s", text);
	NavEvent ev = {.type = NAV_EV_NOTICE, .text = h->notice, .error = true};
	kiosk_nav(h->s.kiosk, &ev, h->now);
}

/* A software renderer on a new w x h surface in place of the old one; the
 * session's textures are dropped first (they belong to the old renderer)
 * and made again by the caller. 0, or -1 with the old ones kept. */
static int new_surface(Headless *h, int w, int ht)
{
	SDL_Surface *surface =
	    SDL_CreateRGBSurfaceWithFormat(0, w, ht, 32, SDL_PIXELFORMAT_ARGB8888);
	SDL_Renderer *sdl = surface ? SDL_CreateSoftwareRenderer(surface) : NULL;
	if (!sdl) {
		fprintf(stderr, "kiosk: the software renderer could not start: %s\n",
		        SDL_GetError());
		SDL_FreeSurface(surface);
		return -1;
	}
	session_drop_textures(&h->s);
	SDL_DestroyRenderer(h->sdl);
	SDL_FreeSurface(h->surface);
	h->surface = surface;
	h->sdl = sdl;
	return 0;
}

/* What the display loop does when the display changes, on the surface: the
 * same events, and the same session calls, as on a real panel. */
static int display_event(Headless *h, ScriptEvent what)
{
	char err[512];
	SDL_Event e = input_display_event(what);
	int rc = 0;
	switch (input_display(&e)) {
	case INPUT_DISPLAY_LOST:
		h->lost = true;
		return 0;
	case INPUT_TEXTURES_LOST:
		rc = session_make_textures(&h->s, h->sdl, err, sizeof(err));
		break;
	case INPUT_RENDERER_LOST:
	case INPUT_DISPLAY_BACK:
		h->lost = false;
		rc = new_surface(h, h->surface->w, h->surface->h);
		if (rc == 0)
			rc = session_make_textures(&h->s, h->sdl, err, sizeof(err));
		break;
	default:
		return 0;
	}
	if (rc != 0)
		fprintf(stderr, "kiosk: the display could not be made again: %s\n", err);
	return rc;
}

static int resize(Headless *h, int w, int ht)
{
	char err[512];
	if (new_surface(h, w, ht) != 0)
		return -1;
	if (session_resize(&h->s, h->sdl, w, ht, h->now, err, sizeof(err)) != 0) {
		fprintf(stderr, "kiosk: resize: %s\n", err);
		return -1;
	}
	return 0;
}

/* "time": the kiosk's wall clock from now on, on the virtual clock. */
static int set_time(Headless *h, const ScriptCmd *c)
{
	struct tm tm = {.tm_year = c->when.year - 1900,
	                .tm_mon = c->when.month - 1,
	                .tm_mday = c->when.day,
	                .tm_hour = c->when.hour,
	                .tm_min = c->when.minute,
	                .tm_isdst = -1};
	time_t t = mktime(&tm);
	if (t == (time_t)-1) {
		fprintf(stderr, "kiosk: time: not a time this machine can hold\n");
		return -1;
	}
	clock_fake(&h->watch.clock, (int64_t)t, c->known, false, h->now);
	/* The floor is the content's and DATA/clock's, as on the kiosk; a
	 * script sets the clock as it pleases. */
	h->watch.clock.floor = 0;
	watch_configure(&h->watch, &h->s.eff.screen_off, -1, h->now);
	/* Its day counts from now on: for review dates and the figures. */
	session_set_clock(&h->s, &h->watch.clock, h->now);
	return 0;
}

/* A script's "wait": imports run at a steady virtual speed, so a script
 * can catch the progress bar part way; a slice at a time, so the screen
 * is told of the bytes done at the virtual time they were done by (it
 * works out the time left from that pace). */
static void wait_script(Headless *h, uint32_t ms)
{
	uint32_t left = ms;
	while (left > 0 && arrivals_busy(&h->arrivals)) {
		uint32_t step = left < HEADLESS_IMPORT_SLICE_MS ? left : HEADLESS_IMPORT_SLICE_MS;
		/* A software update runs at the helper's own pace: its
		 * lines are waited for in real time, at most a slice
		 * each. */
		if (h->arrivals.installing)
			install_wait(h->arrivals.install, (int)step);
		else
			worker_allow(h->arrivals.worker,
			             (uint64_t)step * HEADLESS_IMPORT_BYTES_PER_MS);
		headless_advance(h, step);
		arrivals_poll(&h->arrivals, &h->s, h->sdl, h->now, false);
		left -= step;
	}
	headless_advance(h, left);
}

int headless_run(Headless *h, const ScriptCmd *c)
{
	switch (c->op) {
	case SCRIPT_TAP:
		headless_pointer(h, SDL_MOUSEBUTTONDOWN, c->x1, c->y1);
		/* The pressed state is drawn in the frame after the touch. */
		headless_draw(h);
		headless_pointer(h, SDL_MOUSEBUTTONUP, c->x1, c->y1);
		session_speak(&h->s, h->now);
		return 0;
	case SCRIPT_DRAG: {
		headless_pointer(h, SDL_MOUSEBUTTONDOWN, c->x1, c->y1);
		uint32_t steps = c->ms / 16 ? c->ms / 16 : 1;
		for (uint32_t i = 1; i <= steps; i++) {
			headless_advance(h, c->ms * i / steps - c->ms * (i - 1) / steps);
			int x = c->x1 + (int)((long long)(c->x2 - c->x1) * i / steps);
			int y = c->y1 + (int)((long long)(c->y2 - c->y1) * i / steps);
			headless_pointer(h, SDL_MOUSEMOTION, x, y);
		}
		headless_pointer(h, SDL_MOUSEBUTTONUP, c->x2, c->y2);
		return 0;
	}
	case SCRIPT_WAIT:
		wait_script(h, c->ms);
		return 0;
	case SCRIPT_SHOT:
		if (h->lost) {
			fprintf(stderr, "kiosk: shot %s: the display is unplugged\n", c->arg);
			return -1;
		}
		return headless_shot(h, c->arg);
	case SCRIPT_RESIZE:
		return resize(h, c->x1, c->y1);
	case SCRIPT_EVENT:
		return display_event(h, c->event);
	case SCRIPT_TIME:
		return set_time(h, c);
	case SCRIPT_CLOCK:
		watch_open_clock(&h->watch, h->s.kiosk, h->now);
		return 0;
	case SCRIPT_USB:
		if (arrivals_busy(&h->arrivals)) {
			fprintf(stderr, "kiosk: usb: a stick is already being read\n");
			return -1;
		}
		arrivals_insert(&h->arrivals, &h->s, c->arg, h->now);
		return 0;
	case SCRIPT_HOLD:
		headless_pointer(h, SDL_MOUSEBUTTONDOWN, c->x1, c->y1);
		headless_advance(h, c->ms);
		headless_pointer(h, SDL_MOUSEBUTTONUP, c->x1, c->y1);
		return 0;
	case SCRIPT_FINGERS:
		fingers(h, c);
		return 0;
	case SCRIPT_UNPLUG:
		arrivals_unplug(&h->arrivals, &h->s, h->now);
		/* The worker notices at its next block and leaves DATA as it was. */
		worker_allow(h->arrivals.worker, 0);
		arrivals_wait(&h->arrivals);
		arrivals_poll(&h->arrivals, &h->s, h->sdl, h->now, false);
		return 0;
	}
	return -1;
}

int headless_open(Headless *h, const AppOptions *o, int pw, int ph)
{
	memset(h, 0, sizeof(*h));
	h->s.content.dirfd = -1;
	h->out = o->out;
	h->surface = SDL_CreateRGBSurfaceWithFormat(0, pw, ph, 32, SDL_PIXELFORMAT_ARGB8888);
	h->sdl = h->surface ? SDL_CreateSoftwareRenderer(h->surface) : NULL;
	if (!h->sdl) {
		fprintf(stderr, "kiosk: the software renderer could not start: %s\n",
		        SDL_GetError());
		headless_close(h);
		return -1;
	}
	char err[512];
	if (session_open(&h->s, h->sdl, o, pw, ph, h->now, err, sizeof(err)) != 0) {
		fprintf(stderr, "kiosk: %s\n", err);
		headless_close(h);
		return -1;
	}
	const char *data = o->data ? o->data : o->cfg.data_dir;
	snprintf(h->data, sizeof(h->data), "%s", data);
	if (arrivals_init(&h->arrivals, &o->cfg, data, false, NULL, NULL) != 0) {
		fprintf(stderr, "kiosk: out of memory\n");
		headless_close(h);
		return -1;
	}
	worker_hold(h->arrivals.worker);
	/* A PIN check is waited for: the virtual clock does not run while
	 * it works. */
	staff_init(&h->staff, &h->s, &o->cfg, data, true, h->now);
	/* Nothing is kept in a data folder from `render`: its clock is the
	 * script's. */
	watch_init(&h->watch, &h->s.eff.screen_off, NULL, h->s.content.dirfd);
	/* Until a script says "time", the time counts as unknown and the
	 * schedule waits: a screenshot or a preview taken at night is never
	 * black. */
	clock_fake(&h->watch.clock, (int64_t)time(NULL), false, false, h->now);
	session_set_clock(&h->s, &h->watch.clock, h->now);
	h->content = h->s.content.arena;
	/* Headless, a voice only when a driver is named (disk: to a file), so
	 * that what `render` draws never depends on the machine's sound. */
	const char *audio = SDL_getenv("SDL_AUDIODRIVER");
	if (audio && *audio)
		session_voice(&h->s, h->now);
	return 0;
}

void headless_close(Headless *h)
{
	staff_deinit(&h->staff);
	watch_deinit(&h->watch);
	if (h->arrivals.worker)
		arrivals_deinit(&h->arrivals);
	session_close(&h->s);
	if (h->sdl)
		SDL_DestroyRenderer(h->sdl);
	SDL_FreeSurface(h->surface);
	h->sdl = NULL;
	h->surface = NULL;
}
