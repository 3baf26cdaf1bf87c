/* soak30: thirty simulated days of a kiosk's life, in this process's
 * child, headless on SDL's software renderer and a virtual clock: every
 * hour a visitor wakes it and reads a few topics (tapping, scrolling,
 * opening a picture), attract mode runs the rest of the hour, and every
 * day new content arrives on a stick and goes through the real import and
 * swap. Resident memory and the number of live SDL textures are taken at
 * the end of every day; both must stay flat.
 *
 * Textures are counted where they are made and destroyed: the bench is
 * linked with -Wl,--wrap for SDL_CreateTexture,
 * SDL_CreateTextureFromSurface and SDL_DestroyTexture (see the Makefile),
 * so every texture the kiosk's own code makes is seen, whichever cache
 * made it.
 */
#include <SDL.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"
#include "core/settings/config.h"
#include "platform/display/png.h"
#include "platform/run/offscreen/headless.h"
#include "platform/run/session.h"

#define PANEL_W 1920
#define PANEL_H 1080
#define HOUR_MS (3600ull * 1000)

/* ---- live textures ------------------------------------------------------ */

SDL_Texture *__real_SDL_CreateTexture(SDL_Renderer *r, Uint32 format, int access, int w, int h);
SDL_Texture *__real_SDL_CreateTextureFromSurface(SDL_Renderer *r, SDL_Surface *s);
void __real_SDL_DestroyTexture(SDL_Texture *t);
SDL_Texture *__wrap_SDL_CreateTexture(SDL_Renderer *r, Uint32 format, int access, int w, int h);
SDL_Texture *__wrap_SDL_CreateTextureFromSurface(SDL_Renderer *r, SDL_Surface *s);
void __wrap_SDL_DestroyTexture(SDL_Texture *t);

static long live_textures;

SDL_Texture *__wrap_SDL_CreateTexture(SDL_Renderer *r, Uint32 format, int access, int w, int h)
{
	SDL_Texture *t = __real_SDL_CreateTexture(r, format, access, w, h);
	live_textures += t != NULL;
	return t;
}

SDL_Texture *__wrap_SDL_CreateTextureFromSurface(SDL_Renderer *r, SDL_Surface *s)
{
	SDL_Texture *t = __real_SDL_CreateTextureFromSurface(r, s);
	live_textures += t != NULL;
	return t;
}

void __wrap_SDL_DestroyTexture(SDL_Texture *t)
{
	live_textures -= t != NULL;
	__real_SDL_DestroyTexture(t);
}

/* ---- a day's content ---------------------------------------------------- */

/* A stick at root/kiosk: the built-in content, a picture of the day and a
 * topic showing it, so that every day's import brings something new. */
static int make_stick(const BenchConfig *c, const char *root, int day)
{
	char dst[PATH_MAX], path[PATH_MAX + 32];
	remove_tree(root);
	if ((size_t)snprintf(dst, sizeof dst, "%.3000s/kiosk", root) >= sizeof dst)
		return -1;
	char *cp[] = {"/bin/cp", "-R", (char *)c->content, dst, NULL};
	int status;
	pid_t pid = make_dir(root) == 0 ? spawn(cp, NULL, NULL) : -1;
	if (pid < 0 || wait_child(pid, &status, NULL) != 0 || status != 0)
		return -1;
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, 900, 600, 32, SDL_PIXELFORMAT_ARGB8888);
	if (!s)
		return -1;
	SDL_FillRect(s, NULL, SDL_MapRGB(s->format, (Uint8)(40 + day * 7), 120, (Uint8)(200 - day)));
	SDL_Rect band = {day * 25 % 800, 0, 100, 600};
	SDL_FillRect(s, &band, SDL_MapRGB(s->format, 250, 250, 240));
	char why[256];
	snprintf(path, sizeof path, "%s/images/day.png", dst);
	int rc = png_save(s, path, why, sizeof why);
	SDL_FreeSurface(s);
	char article[PATH_MAX + 32];
	snprintf(article, sizeof article, "%s/article.md", dst);
	FILE *f = fopen(article, "a");
	if (rc != 0 || !f)
		return -1;
	fprintf(f, "\n## Today, day %d\n\nWhat is new at the clinic on day %d.\n\n"
	           "![The picture of day %d](images/day.png)\n",
	        day, day, day);
	return fclose(f) == 0 ? 0 : -1;
}

/* The stick goes in, the import runs on the worker at a stick's speed and
 * the new content is swapped in, as on a kiosk. */
static int import_day(Headless *h, const char *root)
{
	ScriptCmd *cmd = calloc(1, sizeof *cmd);
	if (!cmd)
		return -1;
	cmd->op = SCRIPT_USB;
	if ((size_t)snprintf(cmd->arg, sizeof cmd->arg, "%.1000s", root) >= sizeof cmd->arg) {
		free(cmd);
		return -1;
	}
	int rc = headless_run(h, cmd);
	for (int i = 0; rc == 0 && i < 600 && arrivals_busy(&h->arrivals); i++) {
		*cmd = (ScriptCmd){.op = SCRIPT_WAIT, .ms = 100};
		rc = headless_run(h, cmd);
	}
	free(cmd);
	if (rc != 0 || arrivals_busy(&h->arrivals))
		return -1;
	const Nav *n = kiosk_nav_state(h->s.kiosk);
	if (n->view.screen != SCREEN_NOTICE || n->view.notice_error) {
		fprintf(stderr, "bench: the day's content was not installed: %s\n",
		        n->view.text ? n->view.text : "");
		return -1;
	}
	return 0;
}

/* ---- an hour --------------------------------------------------------------- */

static void draw(Headless *h)
{
	headless_draw(h);
	SDL_RenderFlush(h->sdl);
	headless_settle(h);
}

/* Taps the middle of the target whose id starts with prefix (the n-th of
 * them); false when there is none in view. */
static bool tap(Headless *h, const char *prefix, int n)
{
	const Layout *l = kiosk_layout(h->s.kiosk);
	for (size_t i = 0; i < l->ntargets; i++) {
		Rect r;
		if (strncmp(l->targets[i].id, prefix, strlen(prefix)) != 0 || n-- > 0 ||
		    !layout_target_rect(l, i, kiosk_scroll(h->s.kiosk), &r))
			continue;
		headless_pointer(h, SDL_MOUSEBUTTONDOWN, r.x + r.w / 2, r.y + r.h / 2);
		headless_advance(h, 80);
		draw(h);
		headless_pointer(h, SDL_MOUSEBUTTONUP, r.x + r.w / 2, r.y + r.h / 2);
		headless_advance(h, 500);
		draw(h);
		return true;
	}
	return false;
}

/* A flick up the text: a few frames of the drag and of the coasting
 * after it. */
static void scroll_down(Headless *h)
{
	headless_pointer(h, SDL_MOUSEBUTTONDOWN, PANEL_W / 2, PANEL_H * 3 / 4);
	for (int i = 1; i <= 4; i++) {
		headless_advance(h, 16);
		headless_pointer(h, SDL_MOUSEMOTION, PANEL_W / 2, PANEL_H * 3 / 4 - i * 100);
		draw(h);
	}
	headless_pointer(h, SDL_MOUSEBUTTONUP, PANEL_W / 2, PANEL_H * 3 / 4 - 400);
	for (int i = 0; i < 3; i++) {
		headless_advance(h, 100);
		draw(h);
	}
}

/* A visitor: wakes the kiosk, reads a topic (the next one each hour, so
 * every topic is read twice a day), looks at its picture when it has one,
 * goes back Home. */
static void visit(Headless *h, int hour)
{
	headless_pointer(h, SDL_MOUSEBUTTONDOWN, PANEL_W / 2, PANEL_H / 2);
	headless_pointer(h, SDL_MOUSEBUTTONUP, PANEL_W / 2, PANEL_H / 2);
	headless_advance(h, 500);
	draw(h);
	int topics = 0;
	for (size_t i = 0; i < kiosk_layout(h->s.kiosk)->ntargets; i++)
		topics += strncmp(kiosk_layout(h->s.kiosk)->targets[i].id, "topic-", 6) == 0;
	if (topics == 0 || !tap(h, "topic-", hour % topics))
		return;
	scroll_down(h);
	if (tap(h, "image-", 0))
		tap(h, "close", 0);
	tap(h, "home", 0);
}

/* The rest of the hour in attract mode: the first few slides drawn in the
 * middle of their transition, the rest only ticked (drawing every slide of
 * 30 days would take the bench an hour); over a day every slide is
 * drawn. */
static void attract_until(Headless *h, uint64_t end)
{
	const Nav *n = kiosk_nav_state(h->s.kiosk);
	int drawn = 0;
	while (h->now < end) {
		uint64_t next = n->view.screen == SCREEN_ATTRACT ? n->slide_since + n->rotate_ms
		                                                 : n->last_input + n->idle_ms;
		if (next + n->transition_ms / 2 >= end || drawn >= 4) {
			headless_advance(h, end - h->now);
			break;
		}
		headless_advance(h, next - h->now + n->transition_ms / 2);
		draw(h);
		drawn++;
	}
}

/* ---- the child -------------------------------------------------------------- */

static int soak_child(const BenchConfig *c, int days, FILE *out)
{
	AppOptions o;
	memset(&o, 0, sizeof o);
	config_defaults(&o.cfg);
	o.content = c->content;
	o.rotation = -1;
	o.out = c->work;
	char data[PATH_MAX], stick[PATH_MAX];
	snprintf(data, sizeof data, "%s/soak30-data", c->work);
	snprintf(stick, sizeof stick, "%s/soak30-stick", c->work);
	remove_tree(data);
	if (make_dir(data) != 0)
		return -1;
	o.data = data;
	Headless h;
	if (headless_open(&h, &o, PANEL_W, PANEL_H) != 0)
		return -1;
	int rc = 0;
	for (int day = 1; rc == 0 && day <= days; day++) {
		if (make_stick(c, stick, day) != 0 || import_day(&h, stick) != 0) {
			rc = -1;
			break;
		}
		for (int hour = 0; hour < 24; hour++) {
			visit(&h, (day - 1) * 24 + hour);
			attract_until(&h, (uint64_t)((day - 1) * 24 + hour + 1) * HOUR_MS);
		}
		/* The same place every day: Home just drawn, attract waiting. */
		headless_pointer(&h, SDL_MOUSEBUTTONDOWN, PANEL_W / 2, PANEL_H / 2);
		headless_pointer(&h, SDL_MOUSEBUTTONUP, PANEL_W / 2, PANEL_H / 2);
		headless_advance(&h, 500);
		draw(&h);
		fprintf(out, "rss %ld\ntextures %ld\n", proc_status_kib(0, "VmRSS"), live_textures);
		fflush(out);
	}
	headless_close(&h);
	remove_tree(stick);
	remove_tree(data);
	return rc;
}

/* ---- in the parent ------------------------------------------------------------ */

int soak30_measure(const BenchConfig *c)
{
	int days = env_int("BENCH_SOAK_DAYS", 30, 2, 365);
	int fds[2];
	if (pipe(fds) != 0)
		return -1;
	fflush(NULL);
	double t0 = now_ms();
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(fds[0]);
		FILE *out = fdopen(fds[1], "w");
		SDL_setenv("SDL_VIDEODRIVER", "dummy", 0);
		int rc = out && session_sdl_start(0) == 0 ? soak_child(c, days, out) : -1;
		if (out)
			fclose(out);
		_exit(rc == 0 ? 0 : 1);
	}
	close(fds[1]);
	Samples rss = {0}, tex = {0};
	FILE *in = fdopen(fds[0], "r");
	char line[128];
	while (in && fgets(line, sizeof line, in)) {
		double v;
		if (sscanf(line, "rss %lf", &v) == 1)
			samples_add(&rss, v);
		else if (sscanf(line, "textures %lf", &v) == 1)
			samples_add(&tex, v);
	}
	if (in)
		fclose(in);
	int status;
	int rc = wait_child(pid, &status, NULL) == 0 && status == 0 && rss.n == (size_t)days ? 0 : -1;
	if (rc != 0) {
		fig_absent("soak_30d_memory_growth", "the headless kiosk failed");
		fig_absent("soak_30d_textures", "the headless kiosk failed");
	} else {
		double lo = rss.v[0], hi = rss.v[0], tlo = tex.v[0], thi = tex.v[0];
		for (size_t i = 0; i < rss.n; i++) {
			lo = rss.v[i] < lo ? rss.v[i] : lo;
			hi = rss.v[i] > hi ? rss.v[i] : hi;
			tlo = tex.v[i] < tlo ? tex.v[i] : tlo;
			thi = tex.v[i] > thi ? tex.v[i] : thi;
		}
		double growth = (rss.v[rss.n - 1] - rss.v[0]) / 1024;
		fig_max("soak_30d_memory_growth", growth < 0 ? 0 : growth, "MiB", 2, 1, "1 MiB");
		fig_max("soak_30d_textures", thi - tex.v[0], "textures", 0, 0,
		        "0 textures more than after day 1, flat");
		note("soak_30d: %d simulated days (a visitor every hour, new content by stick every "
		     "day): resident %.1f MiB after day 1, %.1f MiB after day %d (%.1f-%.1f MiB); "
		     "%.0f live textures after day 1, %.0f after day %d (%.0f-%.0f); %.1f s",
		     days, rss.v[0] / 1024, rss.v[rss.n - 1] / 1024, days, lo / 1024, hi / 1024,
		     tex.v[0], tex.v[tex.n - 1], days, tlo, thi, (now_ms() - t0) / 1000);
	}
	samples_free(&rss);
	samples_free(&tex);
	return rc;
}
