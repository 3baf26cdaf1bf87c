#include "platform/live/loop.h"

#include <SDL.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/control/wake.h"
#include "platform/live/notify.h"
#include "platform/live/signals.h"
#include "platform/live/testhook.h"
#include "platform/live/waiter.h"
#include "platform/live/window.h"
#include "platform/night/blank.h"
#include "platform/night/watch.h"
#include "platform/run/input.h"
#include "platform/run/session.h"
#include "platform/run/settings.h"
#include "platform/service/staff.h"
#include "platform/start/start.h"
#include "platform/updates/arrivals.h"
#include "platform/updates/store.h"

/* While the display is away, or could not be made again, the loop looks
 * for it this often. */
#define LOOP_RETRY_MS 2000
#define LOOP_MAX_FDS 9

typedef struct {
	const AppOptions *o;
	Config cfg;       /* the kiosk's own settings, as last read */
	const char *data; /* the data folder, fixed at start */
	Window win;
	Session s;
	Arrivals arrivals;
	bool have_arrivals;
	bool arrivals_stale; /* settings changed while an import ran */
	Waiter *waiter;
	TestHook *hook;
	char notice[512]; /* borrowed by the notice screen */
	bool dirty;       /* something visible changed: draw */
	bool ready;       /* the first frame was presented */
	bool lost;        /* no display, or it could not be made again */
	uint64_t last_frame, due, retry_at;
	bool woke; /* the wait saw the arrivals' descriptors fire */
	uint32_t watchdog_ms;
	Staff staff;         /* the staff's screens */
	Watch watch;         /* the night schedule and the clock */
	Blank panel;         /* the panel's power and backlight */
	bool blank;          /* blank for the night: nothing is drawn */
	bool swallow;        /* the touch that woke the screen goes no further */
	const void *content; /* the content the watch last saw (its arena) */
} Live;

static Uint32 wake_event = (Uint32)-1;

/* Called from the import worker: a user event wakes SDL_WaitEventTimeout
 * (the poll() path wakes on the worker's eventfd). */
static void wake_loop(void *user)
{
	(void)user;
	if (wake_event == (Uint32)-1)
		return;
	SDL_Event e;
	SDL_zero(e);
	e.type = wake_event;
	SDL_PushEvent(&e);
}

static bool stopping(void)
{
	return signals_stopping();
}

static int live_open(Live *l, const AppOptions *o)
{
	memset(l, 0, sizeof(*l));
	l->s.content.dirfd = -1;
	l->s.cachefd = -1;
	l->o = o;
	l->cfg = o->cfg;
	l->data = o->data ? o->data : o->cfg.data_dir;
	if (window_open(&l->win, o->w, o->h, o->cfg.fullscreen, stopping) != 0)
		return -1;
	/* The display is made while the firmware mounts the data folder;
	 * nothing in that folder is read before it is there. */
	start_prime(l->win.sdl);
	start_wait_data(o->cfg.data_ready_file, stopping);
	if (stopping())
		return -1;
	char notice[512];
	start_recover(o, notice, sizeof(notice));
	int pw, ph;
	window_output_size(&l->win, &pw, &ph);
	char err[512];
	uint64_t now = SDL_GetTicks64();
	if (session_open(&l->s, l->win.sdl, o, pw, ph, now, err, sizeof(err)) != 0) {
		fprintf(stderr, "kiosk: %s\n", err);
		return -1;
	}
	staff_init(&l->staff, &l->s, &l->cfg, l->data, false, now);
	l->have_arrivals =
	    arrivals_init(&l->arrivals, &l->cfg, l->data, true, wake_loop, NULL) == 0;
	wake_event = SDL_RegisterEvents(1);
	if (*notice) {
		/* What start-up recovery did (a rollback) is said on screen. */
		snprintf(l->notice, sizeof(l->notice), "%s", notice);
		NavEvent ev = {.type = NAV_EV_NOTICE, .text = l->notice, .error = true};
		kiosk_nav(l->s.kiosk, &ev, now);
	}
	l->waiter = waiter_new();
	l->hook = testhook_open();
	watch_init(&l->watch, &l->s.eff.screen_off, l->data, l->s.content.dirfd);
	session_set_clock(&l->s, &l->watch.clock, now);
	l->content = l->s.content.arena;
	blank_init(&l->panel);
	l->dirty = true;
	/* With a watchdog the loop presents at least this often, even on a
	 * still screen: a ping proves a frame really reached the display. */
	l->watchdog_ms = notify_watchdog_ms();
	return 0;
}

static void live_close(Live *l)
{
	/* An import under way is cancelled and waited for: DATA keeps the old
	 * content whole, as after a stick pulled out. */
	if (l->have_arrivals)
		arrivals_deinit(&l->arrivals);
	/* The next start finds the panel lit, whatever the hour. */
	blank_light(&l->panel, l->win.win);
	watch_deinit(&l->watch);
	testhook_close(l->hook);
	waiter_free(l->waiter);
	staff_deinit(&l->staff);
	session_close(&l->s);
	window_close(&l->win);
}

/* ---- the display ---------------------------------------------------------- */

/* The session on the window as it is now: textures made again, and laid
 * out anew when the panel's size changed. 0 or -1 with err. */
static int live_fit(Live *l, uint64_t now, char *err, size_t errlen)
{
	int pw, ph;
	window_output_size(&l->win, &pw, &ph);
	if (pw <= 0 || ph <= 0) {
		snprintf(err, errlen, "the display has no size");
		return -1;
	}
	if (pw != l->s.orient.panel_w || ph != l->s.orient.panel_h)
		return session_resize(&l->s, l->win.sdl, pw, ph, now, err, errlen);
	return session_make_textures(&l->s, l->win.sdl, err, errlen);
}

/* A panel came (back), or it is time to look for one again: window,
 * renderer and textures made from the start. */
static int live_reopen(Live *l, uint64_t now, char *err, size_t errlen)
{
	session_drop_textures(&l->s);
	if (window_reopen(&l->win) != 0) {
		snprintf(err, errlen, "no display");
		return -1;
	}
	return live_fit(l, now, err, errlen);
}

static void live_display(Live *l, InputDisplay what, uint64_t now)
{
	static const char *const said[] = {
	    [INPUT_TEXTURES_LOST] = "the renderer lost its drawing: textures made again",
	    [INPUT_RENDERER_LOST] = "the renderer was reset: renderer and textures made again",
	    [INPUT_DISPLAY_BACK] = "a display came: window, renderer and textures made again",
	};
	char err[512] = "";
	int rc = 0;
	switch (what) {
	case INPUT_DISPLAY_SAME:
		return;
	case INPUT_DISPLAY_REDRAW:
		l->dirty = true;
		return;
	case INPUT_DISPLAY_LOST:
		/* Nothing can be shown until a panel comes back; imports, the
		 * watchdog and everything else go on meanwhile. */
		fprintf(stderr, "kiosk: the display went away; waiting for it\n");
		l->lost = true;
		l->retry_at = now + LOOP_RETRY_MS;
		return;
	case INPUT_TEXTURES_LOST:
		rc = session_make_textures(&l->s, l->win.sdl, err, sizeof(err));
		break;
	case INPUT_RENDERER_LOST:
		/* The old renderer's textures go before it does. */
		session_drop_textures(&l->s);
		rc = window_renew_renderer(&l->win);
		if (rc == 0)
			rc = live_fit(l, now, err, sizeof(err));
		break;
	case INPUT_DISPLAY_BACK:
		rc = live_reopen(l, now, err, sizeof(err));
		break;
	}
	if (rc == 0) {
		fprintf(stderr, "kiosk: %s\n", said[what]);
	} else {
		/* Said once; the loop tries again every LOOP_RETRY_MS quietly. */
		if (!l->lost)
			fprintf(stderr,
			        "kiosk: the display could not be made again (%s); trying again\n",
			        err);
		l->retry_at = now + LOOP_RETRY_MS;
	}
	l->lost = rc != 0;
	l->dirty = true;
}

/* Looks for the display again while it is away. */
static void live_retry(Live *l, uint64_t now)
{
	if (!l->lost || now < l->retry_at)
		return;
	live_display(l, INPUT_DISPLAY_BACK, now);
}

/* ---- settings ------------------------------------------------------------- */

/* SIGHUP: kiosk.conf read again (as at start: a bad line costs its line,
 * an unreadable file fails closed) and applied while running. Where the
 * content lives and whether the kiosk is full screen wait for the next
 * start. */
static void live_reload(Live *l, uint64_t now)
{
	notify_reloading();
	Config cfg;
	settings_load(&cfg, l->o->config);
	if (strcmp(cfg.data_dir, l->cfg.data_dir) != 0 || cfg.fullscreen != l->cfg.fullscreen ||
	    strcmp(cfg.usb_dirs, l->cfg.usb_dirs) != 0)
		fprintf(stderr, "kiosk: data_dir, usb_dirs and fullscreen change at the next "
		                "start\n");
	snprintf(cfg.data_dir, sizeof(cfg.data_dir), "%s", l->cfg.data_dir);
	snprintf(cfg.usb_dirs, sizeof(cfg.usb_dirs), "%s", l->cfg.usb_dirs);
	cfg.fullscreen = l->cfg.fullscreen;
	char err[512];
	if (session_configure(&l->s, l->win.sdl, &cfg, now, err, sizeof(err)) != 0)
		fprintf(stderr, "kiosk: the new settings could not be shown: %s\n", err);
	l->cfg = cfg;
	staff_configure(&l->staff, &cfg);
	watch_configure(&l->watch, &l->s.eff.screen_off, -1, now);
	/* The signature rules and limits apply from the next import on. */
	l->arrivals_stale = l->have_arrivals;
	l->dirty = true;
	fprintf(stderr, "kiosk: settings read again\n");
	notify_reloaded();
}

static void live_renew_arrivals(Live *l)
{
	if (l->arrivals_stale && arrivals_configure(&l->arrivals, &l->cfg) == 0)
		l->arrivals_stale = false;
}

/* ---- the night ------------------------------------------------------------ */

/* Someone touched the screen: it stays on for five minutes. The touch
 * that wakes a blank screen only wakes it, as attract mode's first touch
 * does: nothing under the finger acts. Returns whether the event goes no
 * further. */
static bool live_touched(Live *l, const PointerEvent *pe, uint64_t now)
{
	watch_touch(&l->watch, now);
	if (l->blank && pe->type == PTR_DOWN)
		l->swallow = true;
	if (!l->swallow)
		return false;
	if (pe->type == PTR_UP || pe->type == PTR_CANCEL)
		l->swallow = false;
	return true;
}

/* The screen goes blank: one black frame presented, then the panel's power
 * and backlight off; or it comes back: backlight and power on, and the
 * screen drawn again at once. */
static void live_night(Live *l, bool blank, uint64_t now)
{
	l->blank = blank;
	testhook_blank(l->hook, blank);
	if (!blank) {
		fprintf(stderr, "kiosk: night: the screen is on\n");
		blank_light(&l->panel, l->win.win);
		l->dirty = true;
		l->due = now;
		return;
	}
	fprintf(stderr, "kiosk: night: the screen is off\n");
	if (!l->lost && l->win.sdl) {
		SDL_SetRenderDrawColor(l->win.sdl, 0, 0, 0, 255);
		SDL_RenderClear(l->win.sdl);
		testhook_frame(l->hook, l->win.sdl, l->s.kiosk, &l->s.orient);
		SDL_RenderPresent(l->win.sdl);
		notify_alive();
		l->last_frame = now;
	}
	blank_dark(&l->panel, l->win.win);
}

/* Whether the screen is blank this turn: someone reading aloud or a stick
 * being read counts as someone there. */
static void live_watch(Live *l, uint64_t now, bool stick)
{
	/* New content: its kiosk.conf may hold a schedule, and its signing
	 * time may raise the clock's floor. */
	if (l->s.content.arena != l->content) {
		l->content = l->s.content.arena;
		watch_configure(&l->watch, &l->s.eff.screen_off, l->s.content.dirfd, now);
	}
	if (stick || session_speaking(&l->s))
		watch_touch(&l->watch, now);
	bool blank = watch_blank(&l->watch, now);
	if (blank != l->blank)
		live_night(l, blank, now);
}

/* ---- a turn of the loop ---------------------------------------------------------- */

/* SDL's events: pointer input to the controller, what happens to the
 * display; returns false when a development window was closed. In kiosk
 * mode every key is ignored: a keyboard plugged in by anyone changes
 * nothing, and no window-manager close request ends it. */
static bool live_events(Live *l)
{
	int ww, wh;
	window_size(&l->win, &ww, &wh);
	SDL_Event e;
	bool go_on = true;
	while (SDL_PollEvent(&e)) {
		uint64_t now = SDL_GetTicks64();
		PointerEvent pe;
		if (input_translate(&e, &l->s.orient, ww, wh, &pe)) {
			if (live_touched(l, &pe, now))
				continue;
			unsigned r = kiosk_pointer(l->s.kiosk, &pe, now);
			if (r & KIOSK_SET_CLOCK)
				r |= watch_set_clock(&l->watch, l->s.kiosk, l->s.catalogs.lx.main,
				                     l->notice, sizeof(l->notice), now);
			if (r & KIOSK_REDRAW)
				l->dirty = true;
			session_count(&l->s, now);
		} else if (input_display(&e) != INPUT_DISPLAY_SAME) {
			live_display(l, input_display(&e), now);
			window_size(&l->win, &ww, &wh);
		} else if (l->win.windowed &&
		           (e.type == SDL_QUIT ||
		            (e.type == SDL_KEYDOWN && e.key.keysym.sym == SDLK_ESCAPE))) {
			go_on = false;
		}
	}
	return go_on;
}

/* Draws the frame when something changed; returns whether it did. */
static bool live_draw(Live *l, uint64_t now)
{
	WakePlan plan = {.last_frame = l->last_frame, .watchdog_ms = l->watchdog_ms};
	bool owed = wake_watchdog_due(&plan, now);
	if (l->lost || l->blank) {
		/* Alive and waiting for the panel (or the morning): a restart
		 * would not bring it back any sooner. */
		if (owed) {
			notify_alive();
			l->last_frame = now;
		}
		return false;
	}
	/* A still screen is never drawn again: at rest the loop only sleeps. */
	if (!l->dirty && !owed)
		return false;
	if (render_frame(l->s.render, kiosk_frame(l->s.kiosk, now)) == 0) {
		testhook_frame(l->hook, l->win.sdl, l->s.kiosk, &l->s.orient);
		SDL_RenderPresent(l->win.sdl);
		if (!l->ready) {
			notify_ready();
			l->ready = true;
			/* New content that reached the screen is no longer on
			 * trial. */
			if (l->s.installed)
				store_confirm(l->data);
		}
		notify_alive();
	}
	l->dirty = false;
	l->last_frame = now;
	return true;
}

static void live_wait(Live *l, int timeout);

/* Background work while the screen is still, then sleep until the next
 * wake-up. */
static void live_sleep(Live *l, uint64_t now, bool drew)
{
	/* Due is the deadline the core asked for before the loop slept;
	 * asked again now it would always lie a frame ahead while something
	 * moves. */
	uint64_t night = watch_deadline(&l->watch, now);
	l->due = kiosk_next_deadline(l->s.kiosk, now);
	/* The usage figures waiting are written when their batch is due,
	 * even on a still screen. */
	if (session_count_due(&l->s) < l->due)
		l->due = session_count_due(&l->s);
	if (l->blank) {
		/* Blank, nothing moves: the loop sleeps until a touch, a stick,
		 * a signal, the morning or the watchdog's ping. */
		WakePlan plan = {night, l->last_frame, l->watchdog_ms, false};
		live_wait(l, wake_timeout(&plan, now));
		return;
	}
	bool still = !l->lost && l->due > now + WAKE_FRAME_MS;
	/* Once the screen has settled, the next attract slide's pictures are
	 * made ready: decoding them when the slide starts to move in would
	 * stall its first frames. */
	if (drew && still)
		session_prepare(&l->s);
	/* Once the first frame is on screen, the audio is looked for (it
	 * takes its time): with a device, topics offer to be read aloud. */
	if (l->ready && still && !l->s.voice_probed) {
		session_voice(&l->s, now);
		l->dirty = true;
	}
	/* Then, one screen per turn so that a touch is never kept waiting,
	 * every screen the content can show has its pictures made ready in
	 * DATA/cache (decoded on a thread of their own); once all are walked
	 * the loop sleeps as before. */
	bool walking = still && session_warm_step(&l->s);
	WakePlan plan = {l->due < night ? l->due : night, l->last_frame, l->watchdog_ms, walking};
	int timeout = wake_timeout(&plan, now);
	if (l->lost && (timeout < 0 || timeout > LOOP_RETRY_MS))
		timeout = LOOP_RETRY_MS;
	/* While the voice reads, the next sentence is looked for ten times a
	 * second; nothing is drawn unless it came. */
	if (session_speaking(&l->s) && (timeout < 0 || timeout > 100))
		timeout = 100;
	/* While a PIN is checked on its thread, the answer is looked for
	 * every frame (a few hundred milliseconds, then sleep as before). */
	if (staff_busy(&l->staff) && (timeout < 0 || timeout > WAKE_FRAME_MS))
		timeout = WAKE_FRAME_MS;
	live_wait(l, timeout);
}

static void live_wait(Live *l, int timeout)
{
	int fds[LOOP_MAX_FDS];
	short events[LOOP_MAX_FDS];
	int n = l->have_arrivals ? arrivals_fds(&l->arrivals, fds, events, LOOP_MAX_FDS - 3) : 0;
	int narrivals = n, clockset = -1;
	if (watch_fd(&l->watch) >= 0) {
		clockset = n;
		fds[n] = watch_fd(&l->watch);
		events[n++] = POLLIN;
	}
	if (signals_fd() >= 0) {
		fds[n] = signals_fd();
		events[n++] = POLLIN;
	}
	if (l->hook) {
		fds[n] = testhook_fd(l->hook);
		events[n++] = POLLIN;
	}
	unsigned fired = waiter_wait(l->waiter, timeout, fds, events, n);
	l->woke = (fired & ((1u << narrivals) - 1)) != 0;
	if (clockset >= 0 && (fired & (1u << clockset)))
		watch_clock_changed(&l->watch, SDL_GetTicks64());
}

static void live_run(Live *l)
{
	for (;;) {
		unsigned sig = signals_take();
		if (sig & SIGNALS_STOP)
			break;
		uint64_t now = SDL_GetTicks64();
		if (sig & SIGNALS_RELOAD)
			live_reload(l, now);
		live_renew_arrivals(l);
		if (l->hook && testhook_read(l->hook, l->win.win))
			l->dirty = true;
		if (testhook_take_clock(l->hook) &&
		    (watch_open_clock(&l->watch, l->s.kiosk, now) & KIOSK_REDRAW))
			l->dirty = true;
		if (!live_events(l))
			break;
		now = SDL_GetTicks64();
		live_retry(l, now);
		/* A window that changed size (settling full screen under a window
		 * manager, a resize) is laid out for its new size. */
		int pw, ph;
		window_output_size(&l->win, &pw, &ph);
		if (!l->lost && pw > 0 &&
		    (pw != l->s.orient.panel_w || ph != l->s.orient.panel_h)) {
			char err[512];
			if (session_resize(&l->s, l->win.sdl, pw, ph, now, err, sizeof(err)) == 0)
				l->dirty = true;
		}
		/* Content that arrives while no renderer exists waits for one.
		 * A stick wakes a blank screen: whoever plugs one in at night
		 * wants to see it read and what came of it. */
		bool stick =
		    l->have_arrivals && l->win.sdl &&
		    (arrivals_poll(&l->arrivals, &l->s, l->win.sdl, now, l->woke) & KIOSK_REDRAW);
		if (stick)
			l->dirty = true;
		live_watch(l, now, stick);
		if (!l->blank && now >= l->due && (kiosk_tick(l->s.kiosk, now) & KIOSK_REDRAW))
			l->dirty = true;
		/* The voice told what to read, and the screen which sentence is
		 * heard. */
		if (session_speak(&l->s, now) & KIOSK_REDRAW)
			l->dirty = true;
		session_count(&l->s, now);
		/* What the staff's screens asked: a PIN checked, a rollback,
		 * the screen turned, a restart (systemd starts it again). */
		const Arrivals *u = l->have_arrivals ? &l->arrivals : NULL;
		if (staff_run(&l->staff, &l->s, l->win.sdl, u, now) & KIOSK_REDRAW)
			l->dirty = true;
		if (l->staff.set_clock &&
		    (watch_open_clock(&l->watch, l->s.kiosk, now) & KIOSK_REDRAW))
			l->dirty = true;
		l->staff.set_clock = false;
		if (l->staff.restart)
			break;
		live_sleep(l, now, live_draw(l, now));
	}
}

int loop_run(const AppOptions *o)
{
	Live *l = calloc(1, sizeof(*l));
	if (!l) {
		fprintf(stderr, "kiosk: out of memory\n");
		return 1;
	}
	int status = 1;
	if (live_open(l, o) == 0) {
		live_run(l);
		status = 0;
	} else if (stopping()) {
		status = 0; /* stopped while it started */
	}
	live_close(l);
	free(l);
	return status;
}
