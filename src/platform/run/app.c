#include "platform/run/app.h"

#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/settings/script.h"
#include "platform/run/headless.h"
#include "platform/run/input.h"
#include "platform/run/notify.h"
#include "platform/updates/importer.h"
#include "platform/run/session.h"
#include "platform/updates/arrivals.h"
#include "platform/run/waiter.h"

/* ---- headless: kiosk render ------------------------------------------------ */

static int run_script(Headless *h, const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "kiosk: %s: cannot open (%s)\n", path, strerror(errno));
		return -1;
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int lineno = 0, rc = 0;
	ScriptCmd *cmd = malloc(sizeof(*cmd));
	if (!cmd) {
		fclose(f);
		return -1;
	}
	while (rc == 0 && (n = getline(&line, &cap, f)) >= 0) {
		lineno++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			n--;
		char err[200];
		int pr = script_parse_line(line, (size_t)n, cmd, err, sizeof(err));
		if (pr < 0) {
			fprintf(stderr, "kiosk: %s:%d: %s\n", path, lineno, err);
			rc = -1;
		} else if (pr > 0) {
			rc = headless_run(h, cmd);
		}
	}
	free(cmd);
	free(line);
	fclose(f);
	return rc;
}

int app_render(const AppOptions *o)
{
	if (mkdir(o->out, 0755) != 0 && errno != EEXIST) {
		fprintf(stderr, "kiosk: %s: cannot create (%s)\n", o->out, strerror(errno));
		return 1;
	}
	/* No display at all: SDL's software renderer drawing into a surface. */
	SDL_setenv("SDL_VIDEODRIVER", "dummy", 0);
	if (session_sdl_start(0) != 0)
		return 1;
	Headless h;
	int status = 1;
	if (headless_open(&h, o, o->w ? o->w : 1920, o->h ? o->h : 1080) == 0) {
		int rc = o->script ? run_script(&h, o->script) : headless_shot(&h, "home");
		status = rc == 0 ? 0 : 1;
		headless_close(&h);
	}
	session_sdl_stop();
	return status;
}

/* ---- on a display ------------------------------------------------------------ */

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

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

static bool driver_blocks(void)
{
	/* Only these drivers really sleep in SDL_WaitEventTimeout. */
	const char *d = SDL_GetCurrentVideoDriver();
	return d && (strcmp(d, "x11") == 0 || strcmp(d, "wayland") == 0);
}

int app_run(const AppOptions *o)
{
	int status = 1;
	SDL_Window *win = NULL;
	SDL_Renderer *sdl = NULL;
	Waiter *waiter = NULL;
	Session s;
	memset(&s, 0, sizeof(s));
	s.content.dirfd = -1;
	bool windowed = o->w > 0 || !o->cfg.fullscreen;
	/* The kiosk stops on SIGTERM/SIGINT only: no key and no window-manager
	 * close request ends it in kiosk mode. */
	SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
	struct sigaction sa = {.sa_handler = on_signal};
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
	if (session_sdl_start(SDL_INIT_VIDEO) != 0)
		return 1;
	int ww = o->w ? o->w : 1280, wh = o->h ? o->h : 720;
	Uint32 wflags = SDL_WINDOW_SHOWN | (windowed ? 0 : SDL_WINDOW_FULLSCREEN_DESKTOP);
	/* Under systemd a missing display (the panel still powering up, a
	 * loose cable) is waited for, not given up on: exiting would only be
	 * restarted, and a kiosk must come back by itself. */
	bool retry = !windowed && notify_under_systemd();
	for (unsigned attempt = 0;; attempt++) {
		win = SDL_CreateWindow("Kiosk", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, ww,
		                       wh, wflags);
		if (win || !retry || stop_requested)
			break;
		if (attempt % 30 == 0) {
			fprintf(stderr, "kiosk: no display yet (%s); trying again\n",
			        SDL_GetError());
			notify_status("Waiting for a display");
		}
		SDL_QuitSubSystem(SDL_INIT_VIDEO);
		SDL_Delay(2000);
		SDL_InitSubSystem(SDL_INIT_VIDEO);
	}
	if (!win) {
		fprintf(stderr,
		        "kiosk: no display to show on (%s). To see the kiosk without a display, "
		        "use: build/kiosk render --out DIR\n",
		        SDL_GetError());
		goto out;
	}
	sdl = SDL_CreateRenderer(win, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
	if (!sdl)
		sdl = SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE);
	if (!sdl) {
		fprintf(stderr, "kiosk: no renderer: %s\n", SDL_GetError());
		goto out;
	}
	if (!windowed)
		SDL_ShowCursor(SDL_DISABLE);
	int pw, ph;
	SDL_GetRendererOutputSize(sdl, &pw, &ph);
	char err[512];
	uint64_t now = SDL_GetTicks64();
	if (session_open(&s, sdl, o, pw, ph, now, err, sizeof(err)) != 0) {
		fprintf(stderr, "kiosk: %s\n", err);
		goto out;
	}
	const char *data = o->data ? o->data : o->cfg.data_dir;
	Arrivals updates;
	bool have_updates = arrivals_init(&updates, &o->cfg, data, true, wake_loop, NULL) == 0;
	wake_event = SDL_RegisterEvents(1);
	if (s.recovered[0]) {
		/* What start-up recovery did (a rollback) is said on screen. */
		NavEvent ev = {.type = NAV_EV_NOTICE, .text = s.recovered, .error = true};
		kiosk_nav(s.kiosk, &ev, now);
	}
	bool blocks = driver_blocks();
	if (!blocks)
		waiter = waiter_new();
	bool dirty = true, ready = false;
	uint64_t last_frame = 0, due = 0;
	/* The waiter's poll() saw the content watcher or the worker fire. */
	bool watch_fired = false;
	/* With a watchdog the loop presents at least this often, even on a
	 * still screen: a ping proves a frame really reached the display. */
	uint32_t watchdog_ms = notify_watchdog_ms();
	while (!stop_requested) {
		SDL_Event e;
		int ww2, wh2;
		SDL_GetWindowSize(win, &ww2, &wh2);
		while (SDL_PollEvent(&e)) {
			PointerEvent pe;
			now = SDL_GetTicks64();
			if (input_translate(&e, &s.orient, ww2, wh2, &pe)) {
				if (kiosk_pointer(s.kiosk, &pe, now) & KIOSK_REDRAW)
					dirty = true;
			} else if (e.type == SDL_WINDOWEVENT) {
				dirty = true;
			} else if (windowed &&
			           (e.type == SDL_QUIT ||
			            (e.type == SDL_KEYDOWN && e.key.keysym.sym == SDLK_ESCAPE))) {
				stop_requested = 1;
			}
			/* In kiosk mode every key is ignored: a keyboard plugged
			 * in by anyone changes nothing. */
		}
		now = SDL_GetTicks64();
		int nw, nh;
		SDL_GetRendererOutputSize(sdl, &nw, &nh);
		if (nw != s.orient.panel_w || nh != s.orient.panel_h) {
			/* The display changed size (a full-screen window settling
			 * under a window manager, another panel): lay everything out
			 * for it, from Home. */
			Session fresh;
			if (session_open(&fresh, sdl, o, nw, nh, now, err, sizeof(err)) == 0) {
				session_close(&s);
				s = fresh;
				dirty = true;
			}
		}
		if (have_updates &&
		    (arrivals_poll(&updates, &s, sdl, now, watch_fired) & KIOSK_REDRAW))
			dirty = true;
		/* Due is the deadline the core asked for before the loop slept;
		 * asked again now it would always lie 16 ms ahead while something
		 * moves. */
		if (now >= due && (kiosk_tick(s.kiosk, now) & KIOSK_REDRAW))
			dirty = true;
		if (watchdog_ms && now >= last_frame + watchdog_ms)
			dirty = true;
		/* A still screen is never drawn again: at rest the loop only
		 * sleeps. */
		bool drew = dirty;
		if (dirty) {
			if (render_frame(s.render, kiosk_frame(s.kiosk, now)) == 0) {
				SDL_RenderPresent(sdl);
				if (!ready) {
					notify_ready();
					ready = true;
					/* New content that reached the screen is no longer
					 * on trial. */
					if (s.installed)
						importer_confirm(data);
				}
				notify_alive();
			}
			dirty = false;
			last_frame = now;
		}
		due = kiosk_next_deadline(s.kiosk, now);
		/* Once the screen has settled, the next attract slide's pictures
		 * are made ready: decoding them when the slide starts to move in
		 * would stall its first frames. */
		if (drew && due > now + 16)
			session_prepare(&s);
		/* Then, one screen per turn of the loop so that a touch is never
		 * kept waiting, every screen the content can show has its
		 * pictures made ready in DATA/cache (decoded on a thread of their
		 * own): after new content or a first boot, nothing is decoded
		 * while a visitor waits. Once all are walked the loop sleeps as
		 * before. */
		bool walking = due > now + 16 && session_warm_step(&s);
		uint64_t d = due;
		if (watchdog_ms && last_frame + watchdog_ms < d)
			d = last_frame + watchdog_ms;
		/* Animations run at most one frame every 16 ms. */
		if (d < last_frame + 16)
			d = last_frame + 16;
		if (walking)
			d = now;
		int timeout = d == NAV_NEVER      ? -1
		              : d <= now          ? 0
		              : d - now > INT_MAX ? INT_MAX
		                                  : (int)(d - now);
		if (blocks) {
			if (timeout < 0 || timeout > 1000)
				timeout = 1000; /* notice SIGTERM within a second */
			SDL_WaitEventTimeout(NULL, timeout);
		} else if (waiter) {
			int fds[8];
			short events[8];
			int n = have_updates ? arrivals_fds(&updates, fds, events, 8) : 0;
			watch_fired = waiter_wait(waiter, timeout, fds, events, n);
			SDL_PumpEvents();
		} else {
			SDL_Delay(timeout < 0 || timeout > 100 ? 100 : (Uint32)timeout);
		}
	}
	status = 0;
	if (have_updates)
		arrivals_deinit(&updates);
out:
	waiter_free(waiter);
	session_close(&s);
	if (sdl)
		SDL_DestroyRenderer(sdl);
	if (win)
		SDL_DestroyWindow(win);
	session_sdl_stop();
	return status;
}
