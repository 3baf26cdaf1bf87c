#include "platform/app.h"

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

#include "core/kiosk.h"
#include "core/orient.h"
#include "core/script.h"
#include "core/shot.h"
#include "platform/content.h"
#include "platform/images.h"
#include "platform/input.h"
#include "platform/notify.h"
#include "platform/render.h"
#include "platform/text.h"
#include "platform/wait.h"

/* Everything one running kiosk holds, in the order it is built. */
typedef struct {
	Orient orient;
	int lw, lh;
	Content content;
	TextCache *text;
	ImageCache *images;
	Renderer *render;
	Kiosk *kiosk;
	LayoutMeasure measure;
} Session;

static int measure_text(void *ctx, FontId f, const char *s, size_t len)
{
	return text_width(((Session *)ctx)->text, f, s, len);
}

static int measure_line(void *ctx, FontId f)
{
	return text_line_height(((Session *)ctx)->text, f);
}

static int measure_image(void *ctx, const char *src, int *w, int *h)
{
	return images_size(((Session *)ctx)->images, src, w, h);
}

/* Content: --content if given, else what is installed in the data dir,
 * else the built-in article. Installed content that fails to load is
 * reported and the built-in content shows instead: never a blank screen. */
static int load_content(Session *s, const AppOptions *o, char *err, size_t errlen)
{
	if (o->content)
		return content_load(&s->content, o->content, err, errlen);
	const char *data = o->data ? o->data : o->cfg.data_dir;
	char path[PATH_MAX];
	struct stat st;
	snprintf(path, sizeof(path), "%s/current", data);
	if (stat(path, &st) == 0) {
		if (content_load(&s->content, path, err, errlen) == 0)
			return 0;
		fprintf(stderr, "kiosk: installed content not shown: %s\n", err);
	}
	char builtin[PATH_MAX];
	if (content_builtin_dir(builtin, sizeof(builtin)) != 0) {
		snprintf(err, errlen, "the built-in content (assets/content) is missing");
		return -1;
	}
	return content_load(&s->content, builtin, err, errlen);
}

static void session_close(Session *s)
{
	kiosk_free(s->kiosk);
	render_free(s->render);
	images_free(s->images);
	text_free(s->text);
	content_unload(&s->content);
	memset(s, 0, sizeof(*s));
	s->content.dirfd = -1;
}

static int session_open(Session *s, SDL_Renderer *sdl, const AppOptions *o, int pw, int ph,
			uint64_t now, char *err, size_t errlen)
{
	memset(s, 0, sizeof(*s));
	s->content.dirfd = -1;
	s->orient = (Orient){pw, ph, o->rotation >= 0 ? o->rotation : o->cfg.rotation};
	orient_logical_size(&s->orient, &s->lw, &s->lh);
	if (load_content(s, o, err, errlen) != 0)
		goto fail;
	Metrics m = theme_metrics(s->lw, s->lh, o->cfg.text_scale);
	s->text = text_new(sdl, o->cfg.font_dir, &m, err, errlen);
	if (!s->text)
		goto fail;
	/* Pictures are kept no larger than the screen: a 4,000-pixel photo
	 * costs its full size only while it is decoded, once. */
	s->images = images_new(sdl, s->content.dir, s->lw, s->lh);
	if (!s->images) {
		snprintf(err, errlen, "%.300s: the content folder cannot be opened", s->content.dir);
		goto fail;
	}
	s->render = render_new(sdl, pw, ph, s->orient.rotation, s->text, s->images);
	if (!s->render) {
		snprintf(err, errlen, "the renderer could not start: %s", SDL_GetError());
		goto fail;
	}
	s->measure = (LayoutMeasure){measure_text, measure_line, measure_image, s};
	KioskOptions ko = {.w = s->lw,
			   .h = s->lh,
			   .text_scale = o->cfg.text_scale,
			   .theme = o->cfg.theme,
			   .idle_ms = o->cfg.idle_timeout_s * 1000u,
			   .rotate_ms = o->cfg.rotate_interval_s * 1000u};
	s->kiosk = kiosk_new(&ko, &s->measure, &s->content.lib, now);
	if (!s->kiosk) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	return 0;
fail:
	session_close(s);
	return -1;
}

static int sdl_start(Uint32 flags)
{
	input_hints();
	if (SDL_Init(flags) != 0) {
		fprintf(stderr, "kiosk: SDL could not start: %s\n", SDL_GetError());
		return -1;
	}
	if (TTF_Init() != 0) {
		fprintf(stderr, "kiosk: fonts could not start: %s\n", TTF_GetError());
		SDL_Quit();
		return -1;
	}
	IMG_Init(IMG_INIT_PNG | IMG_INIT_JPG | IMG_INIT_WEBP);
	return 0;
}

static void sdl_stop(void)
{
	IMG_Quit();
	TTF_Quit();
	SDL_Quit();
}

/* ---- headless: kiosk render ------------------------------------------------ */

typedef struct {
	Session s;
	SDL_Surface *surface;
	SDL_Renderer *sdl;
	uint64_t now; /* the virtual clock */
	const char *out;
	int shots;
} Headless;

static void feed(Headless *h, Uint32 type, int x, int y)
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
	PointerEvent pe;
	if (input_translate(&e, &h->s.orient, h->s.orient.panel_w, h->s.orient.panel_h, &pe))
		kiosk_pointer(h->s.kiosk, &pe, h->now);
}

/* Runs every deadline up to now + ms on the virtual clock: no real time
 * passes, and idle stretches cost one step, not one per frame. */
static void advance(Headless *h, uint64_t ms)
{
	uint64_t end = h->now + ms;
	for (;;) {
		uint64_t d = kiosk_next_deadline(h->s.kiosk, h->now);
		if (d <= h->now)
			d = h->now + 16;
		if (d > end)
			break;
		h->now = d;
		kiosk_tick(h->s.kiosk, h->now);
	}
	h->now = end;
	kiosk_tick(h->s.kiosk, h->now);
}

static int draw(Headless *h)
{
	return render_frame(h->s.render, kiosk_frame(h->s.kiosk, h->now));
}

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	size_t n = strlen(text);
	int rc = fwrite(text, 1, n, f) == n ? 0 : -1;
	if (fclose(f) != 0)
		rc = -1;
	return rc;
}

static int shot(Headless *h, const char *name)
{
	char path[PATH_MAX];
	if (draw(h) != 0) {
		fprintf(stderr, "kiosk: drawing failed: %s\n", SDL_GetError());
		return -1;
	}
	SDL_RenderFlush(h->sdl);
	snprintf(path, sizeof(path), "%s/%s.png", h->out, name);
	if (IMG_SavePNG(h->surface, path) != 0) {
		fprintf(stderr, "kiosk: %s: cannot write (%s)\n", path, IMG_GetError());
		return -1;
	}
	char *json = shot_json(h->s.kiosk, &h->s.orient);
	snprintf(path, sizeof(path), "%s/%s.json", h->out, name);
	int rc = json ? write_file(path, json) : -1;
	free(json);
	if (rc != 0)
		fprintf(stderr, "kiosk: %s: cannot write\n", path);
	h->shots++;
	return rc;
}

static int run_cmd(Headless *h, const ScriptCmd *c)
{
	switch (c->op) {
	case SCRIPT_TAP:
		feed(h, SDL_MOUSEBUTTONDOWN, c->x1, c->y1);
		/* The pressed state is drawn in the frame after the touch. */
		draw(h);
		feed(h, SDL_MOUSEBUTTONUP, c->x1, c->y1);
		return 0;
	case SCRIPT_DRAG: {
		feed(h, SDL_MOUSEBUTTONDOWN, c->x1, c->y1);
		uint32_t steps = c->ms / 16 ? c->ms / 16 : 1;
		for (uint32_t i = 1; i <= steps; i++) {
			advance(h, c->ms * i / steps - c->ms * (i - 1) / steps);
			int x = c->x1 + (int)((long long)(c->x2 - c->x1) * i / steps);
			int y = c->y1 + (int)((long long)(c->y2 - c->y1) * i / steps);
			feed(h, SDL_MOUSEMOTION, x, y);
		}
		feed(h, SDL_MOUSEBUTTONUP, c->x2, c->y2);
		return 0;
	}
	case SCRIPT_WAIT:
		advance(h, c->ms);
		return 0;
	case SCRIPT_SHOT:
		return shot(h, c->arg);
	case SCRIPT_USB:
	case SCRIPT_UNPLUG:
		fprintf(stderr, "kiosk: %s: content updates from a stick are not part of this build\n",
			c->op == SCRIPT_USB ? "usb" : "unplug");
		return -1;
	}
	return -1;
}

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
			rc = run_cmd(h, cmd);
		}
	}
	free(cmd);
	free(line);
	fclose(f);
	return rc;
}

int app_render(const AppOptions *o)
{
	int status = 1;
	Headless h = {.out = o->out, .now = 0};
	h.s.content.dirfd = -1;
	if (mkdir(o->out, 0755) != 0 && errno != EEXIST) {
		fprintf(stderr, "kiosk: %s: cannot create (%s)\n", o->out, strerror(errno));
		return 1;
	}
	/* No display at all: SDL's software renderer drawing into a surface. */
	SDL_setenv("SDL_VIDEODRIVER", "dummy", 0);
	if (sdl_start(0) != 0)
		return 1;
	int pw = o->w ? o->w : 1920, ph = o->h ? o->h : 1080;
	h.surface = SDL_CreateRGBSurfaceWithFormat(0, pw, ph, 32, SDL_PIXELFORMAT_ARGB8888);
	h.sdl = h.surface ? SDL_CreateSoftwareRenderer(h.surface) : NULL;
	if (!h.sdl) {
		fprintf(stderr, "kiosk: the software renderer could not start: %s\n", SDL_GetError());
		goto out;
	}
	char err[512];
	if (session_open(&h.s, h.sdl, o, pw, ph, h.now, err, sizeof(err)) != 0) {
		fprintf(stderr, "kiosk: %s\n", err);
		goto out;
	}
	int rc = o->script ? run_script(&h, o->script) : shot(&h, "home");
	status = rc == 0 ? 0 : 1;
out:
	session_close(&h.s);
	if (h.sdl)
		SDL_DestroyRenderer(h.sdl);
	SDL_FreeSurface(h.surface);
	sdl_stop();
	return status;
}

/* ---- on a display ------------------------------------------------------------ */

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
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
	if (sdl_start(SDL_INIT_VIDEO) != 0)
		return 1;
	int ww = o->w ? o->w : 1280, wh = o->h ? o->h : 720;
	Uint32 wflags = SDL_WINDOW_SHOWN | (windowed ? 0 : SDL_WINDOW_FULLSCREEN_DESKTOP);
	/* Under systemd a missing display (the panel still powering up, a
	 * loose cable) is waited for, not given up on: exiting would only be
	 * restarted, and a kiosk must come back by itself. */
	bool retry = !windowed && notify_under_systemd();
	for (unsigned attempt = 0;; attempt++) {
		win = SDL_CreateWindow("Kiosk", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, ww, wh,
				       wflags);
		if (win || !retry || stop_requested)
			break;
		if (attempt % 30 == 0) {
			fprintf(stderr, "kiosk: no display yet (%s); trying again\n", SDL_GetError());
			notify_status("Waiting for a display");
		}
		SDL_QuitSubSystem(SDL_INIT_VIDEO);
		SDL_Delay(2000);
		SDL_InitSubSystem(SDL_INIT_VIDEO);
	}
	if (!win) {
		fprintf(stderr, "kiosk: no display to show on (%s). To see the kiosk without a display, "
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
	bool blocks = driver_blocks();
	if (!blocks)
		waiter = waiter_new();
	bool dirty = true, ready = false;
	uint64_t last_frame = 0;
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
			} else if (windowed && (e.type == SDL_QUIT || (e.type == SDL_KEYDOWN &&
								     e.key.keysym.sym == SDLK_ESCAPE))) {
				stop_requested = 1;
			}
			/* In kiosk mode every key is ignored: a keyboard plugged
			 * in by anyone changes nothing. */
		}
		now = SDL_GetTicks64();
		if (kiosk_next_deadline(s.kiosk, now) <= now && (kiosk_tick(s.kiosk, now) & KIOSK_REDRAW))
			dirty = true;
		if (watchdog_ms && now >= last_frame + watchdog_ms)
			dirty = true;
		if (dirty) {
			if (render_frame(s.render, kiosk_frame(s.kiosk, now)) == 0) {
				SDL_RenderPresent(sdl);
				if (!ready) {
					notify_ready();
					ready = true;
				}
				notify_alive();
			}
			dirty = false;
			last_frame = now;
		}
		uint64_t d = kiosk_next_deadline(s.kiosk, now);
		if (watchdog_ms && last_frame + watchdog_ms < d)
			d = last_frame + watchdog_ms;
		/* Animations run at most one frame every 16 ms. */
		if (d < last_frame + 16)
			d = last_frame + 16;
		int timeout = d == NAV_NEVER ? -1 : d <= now ? 0 : d - now > INT_MAX ? INT_MAX : (int)(d - now);
		if (blocks) {
			if (timeout < 0 || timeout > 1000)
				timeout = 1000; /* notice SIGTERM within a second */
			SDL_WaitEventTimeout(NULL, timeout);
		} else if (waiter) {
			waiter_wait(waiter, timeout);
			SDL_PumpEvents();
		} else {
			SDL_Delay(timeout < 0 || timeout > 100 ? 100 : (Uint32)timeout);
		}
	}
	status = 0;
out:
	waiter_free(waiter);
	session_close(&s);
	if (sdl)
		SDL_DestroyRenderer(sdl);
	if (win)
		SDL_DestroyWindow(win);
	sdl_stop();
	return status;
}
