/* frames: the real kiosk (controller, layout, renderer) in this process,
 * headless on SDL's software renderer with a virtual clock, timing real
 * draws with CLOCK_MONOTONIC: frames while scrolling and during attract
 * transitions, a touch to the frame that shows it, a tap on a topic to the
 * frame that shows the topic, and memory over simulated days of attract
 * mode.
 *
 * Each run happens in a forked child, so every run starts cold (fonts,
 * glyph atlas, pictures) like a freshly started kiosk and its memory is its
 * own; the child reports "tag value" lines through a pipe.
 */
#include <SDL.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"
#include "core/settings/config.h"
#include "core/control/kiosk.h"
#include "platform/run/offscreen/headless.h"
#include "platform/run/session.h"

#define PANEL_W 1920
#define PANEL_H 1080
#define MAX_SERIES 32

typedef struct {
	char tag[32];
	Samples s;
} Series;

typedef struct {
	Series v[MAX_SERIES];
	int n;
} SeriesSet;

static Samples *series(SeriesSet *set, const char *tag)
{
	for (int i = 0; i < set->n; i++)
		if (strcmp(set->v[i].tag, tag) == 0)
			return &set->v[i].s;
	if (set->n == MAX_SERIES)
		return NULL;
	Series *s = &set->v[set->n++];
	memset(s, 0, sizeof *s);
	snprintf(s->tag, sizeof s->tag, "%s", tag);
	return &s->s;
}

static void series_free(SeriesSet *set)
{
	for (int i = 0; i < set->n; i++)
		samples_free(&set->v[i].s);
	set->n = 0;
}

/* ---- in the child ------------------------------------------------------ */

static int kiosk_open(Headless *h, const BenchConfig *c, uint32_t idle_s)
{
	AppOptions o;
	memset(&o, 0, sizeof o);
	config_defaults(&o.cfg);
	o.cfg.idle_timeout_s = idle_s;
	o.content = c->content;
	o.rotation = -1;
	o.out = c->work;
	/* A data folder of its own that outlives the run, as a kiosk's does:
	 * from the second run on, pictures come back from DATA/cache as after
	 * any restart (the first run makes them). */
	static char data[PATH_MAX];
	snprintf(data, sizeof data, "%s/frames-data", c->work);
	if (make_dir(data) != 0)
		return -1;
	o.data = data;
	return headless_open(h, &o, PANEL_W, PANEL_H);
}

/* Draws the frame for the current virtual time and waits until the
 * software renderer has really drawn it. */
static void draw(Headless *h)
{
	headless_draw(h);
	SDL_RenderFlush(h->sdl);
}

static const Nav *nav(const Headless *h)
{
	return kiosk_nav_state(h->s.kiosk);
}

/* Index of the target whose id or label is name, or -1. */
static int target_find(const Headless *h, const char *name)
{
	const Layout *l = kiosk_layout(h->s.kiosk);
	for (size_t i = 0; i < l->ntargets; i++)
		if (strcmp(l->targets[i].id, name) == 0 ||
		    (l->targets[i].label && strcmp(l->targets[i].label, name) == 0))
			return (int)i;
	return -1;
}

static bool target_rect(const Headless *h, int i, Rect *r)
{
	return i >= 0 &&
	       layout_target_rect(kiosk_layout(h->s.kiosk), (size_t)i, kiosk_scroll(h->s.kiosk), r);
}

/* A tap in the middle of a target, with the frame that shows it pressed. */
static int tap(Headless *h, const char *name)
{
	Rect r;
	if (!target_rect(h, target_find(h, name), &r))
		return -1;
	int x = r.x + r.w / 2, y = r.y + r.h / 2;
	headless_pointer(h, SDL_MOUSEBUTTONDOWN, x, y);
	headless_advance(h, 80);
	draw(h);
	headless_pointer(h, SDL_MOUSEBUTTONUP, x, y);
	draw(h);
	return 0;
}

/* Share of the pixels in r that differ between the surface and a copy. */
static double changed(const Headless *h, const uint32_t *copy, Rect r)
{
	const SDL_Surface *s = h->surface;
	long diff = 0;
	for (int y = 0; y < r.h; y++) {
		const uint32_t *row =
		    (const uint32_t *)((const uint8_t *)s->pixels + (size_t)(r.y + y) * s->pitch);
		for (int x = 0; x < r.w; x++)
			diff += row[r.x + x] != copy[(size_t)y * r.w + x];
	}
	return r.w > 0 && r.h > 0 ? (double)diff / ((double)r.w * r.h) : 0;
}

static void copy_rect(const Headless *h, uint32_t *copy, Rect r)
{
	const SDL_Surface *s = h->surface;
	for (int y = 0; y < r.h; y++)
		memcpy(copy + (size_t)y * r.w,
		       (const uint8_t *)s->pixels + (size_t)(r.y + y) * s->pitch + (size_t)r.x * 4,
		       (size_t)r.w * 4);
}

/* Touch to frame on every Home tile: the finger goes down, and the very
 * next frame must show the tile pressed, in the display list (Frame.pressed)
 * and in pixels (most of the tile changes colour). The finger then slides
 * off, so nothing opens. */
static int touch(Headless *h, FILE *out)
{
	uint32_t *copy = malloc((size_t)PANEL_W * PANEL_H * 4);
	if (!copy)
		return -1;
	draw(h);
	for (int rep = 0; rep < 3; rep++) {
		for (int t = 0;; t++) {
			char id[32];
			snprintf(id, sizeof id, "topic-%d", t);
			int i = target_find(h, id);
			Rect r;
			if (!target_rect(h, i, &r))
				break;
			int x = r.x + r.w / 2, y = r.y + r.h / 2;
			copy_rect(h, copy, r);
			double t0 = now_ms();
			headless_pointer(h, SDL_MOUSEBUTTONDOWN, x, y);
			int pressed = kiosk_frame(h->s.kiosk, h->now)->pressed;
			draw(h);
			double ms = now_ms() - t0;
			int frames = 1;
			while (!(pressed == i && changed(h, copy, r) > 0.5) && frames < 5) {
				headless_advance(h, 16);
				pressed = kiosk_frame(h->s.kiosk, h->now)->pressed;
				draw(h);
				frames++;
			}
			fprintf(out, "touch_frames %d\ntouch_ms %.4f\n", frames, ms);
			headless_advance(h, 50);
			headless_pointer(h, SDL_MOUSEMOTION, x, y + 120);
			headless_advance(h, 16);
			headless_pointer(h, SDL_MOUSEBUTTONUP, x, y + 120);
			headless_advance(h, 16);
			draw(h);
			if (nav(h)->view.screen != SCREEN_HOME) {
				fprintf(stderr, "bench: sliding off a tile opened it\n");
				free(copy);
				return -1;
			}
		}
	}
	free(copy);
	return 0;
}

/* A tap on each topic tile of Home: from the finger lifting (the tap is
 * recognised) to the end of the frame that shows the topic. The first
 * pass in a fresh process is cold (the topic's glyphs and picture have
 * never been drawn); later passes are warm. */
static int topic_switch(Headless *h, FILE *out)
{
	for (int pass = 0; pass < 4; pass++) {
		for (int t = 0;; t++) {
			char id[32];
			snprintf(id, sizeof id, "topic-%d", t);
			Rect r;
			if (!target_rect(h, target_find(h, id), &r))
				break;
			int x = r.x + r.w / 2, y = r.y + r.h / 2;
			headless_pointer(h, SDL_MOUSEBUTTONDOWN, x, y);
			headless_advance(h, 80);
			draw(h);
			double t0 = now_ms();
			headless_pointer(h, SDL_MOUSEBUTTONUP, x, y);
			draw(h);
			double ms = now_ms() - t0;
			const Nav *n = nav(h);
			if (n->view.screen != SCREEN_TOPIC || n->view.topic != t) {
				fprintf(stderr, "bench: a tap on %s did not open topic %d\n", id,
				        t);
				return -1;
			}
			fprintf(out, "%s %.4f\n", pass ? "switch" : "switch_cold", ms);
			headless_settle(h);
			headless_advance(h, 500);
			if (tap(h, "home") != 0 || nav(h)->view.screen != SCREEN_HOME) {
				fprintf(stderr, "bench: Home did not go back to Home\n");
				return -1;
			}
			headless_advance(h, 500);
		}
	}
	return 0;
}

/* The text size changed on the open topic (scrolled part way), A++, A+, A
 * and back up, four times: from the finger lifting to the topic laid out
 * again at the new size (the reading position kept), and to the end of the
 * frame that shows it. The first pass in a process draws each size's glyphs
 * for the first time. */
static int text_sizes(Headless *h, FILE *out)
{
	static const char *const order[] = {"text-size-2", "text-size-1", "text-size-0",
	                                    "text-size-1", "text-size-2", "text-size-0"};
	for (int pass = 0; pass < 4; pass++) {
		for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
			Rect r;
			if (!target_rect(h, target_find(h, order[i]), &r)) {
				fprintf(stderr, "bench: no %s on the topic\n", order[i]);
				return -1;
			}
			int x = r.x + r.w / 2, y = r.y + r.h / 2;
			headless_pointer(h, SDL_MOUSEBUTTONDOWN, x, y);
			headless_advance(h, 80);
			draw(h);
			double t0 = now_ms();
			headless_pointer(h, SDL_MOUSEBUTTONUP, x, y);
			double laid = now_ms() - t0;
			draw(h);
			double drawn = now_ms() - t0;
			if (nav(h)->view.prefs.text_size != order[i][10] - '0') {
				fprintf(stderr, "bench: %s did not change the text size\n", order[i]);
				return -1;
			}
			fprintf(out, "textsize_layout %.4f\n%s %.4f\n", laid,
			        pass ? "textsize_frame" : "textsize_frame_cold", drawn);
			headless_advance(h, 500);
		}
	}
	return 0;
}

/* One frame of a scroll: the finger's move (if any), 16 ms of time, the
 * draw. */
static double scroll_frame(Headless *h, bool move, int x, int y)
{
	double t0 = now_ms();
	if (move)
		headless_pointer(h, SDL_MOUSEMOTION, x, y);
	headless_advance(h, 16);
	draw(h);
	return now_ms() - t0;
}

static int open_long_topic(Headless *h)
{
	if (tap(h, "How Ketamine Works") != 0 || nav(h)->view.screen != SCREEN_TOPIC) {
		fprintf(stderr, "bench: the topic \"How Ketamine Works\" did not open\n");
		return -1;
	}
	headless_advance(h, 500);
	draw(h);
	return 0;
}

/* n frames of scrolling through the open topic: drags up and down, each
 * followed by its momentum until it stops (or the n frames are done).
 * Each frame's time goes to out when it is not NULL. */
static int scroll_frames(Headless *h, FILE *out, int n)
{
	const Layout *l = kiosk_layout(h->s.kiosk);
	int x = PANEL_W / 2;
	int top = l->scroll_view.y + l->scroll_view.h / 5;
	int bottom = l->scroll_view.y + l->scroll_view.h * 4 / 5;
	int moved = 0, done = 0;
	for (int dir = 0; done < n; dir = !dir) {
		int y0 = dir ? top : bottom, y1 = dir ? bottom : top;
		int before = kiosk_scroll(h->s.kiosk);
		headless_pointer(h, SDL_MOUSEBUTTONDOWN, x, y0);
		const int steps = 24;
		for (int s = 1; s <= steps && done < n; s++, done++) {
			double ms = scroll_frame(h, true, x, y0 + (y1 - y0) * s / steps);
			if (out)
				fprintf(out, "scroll %.4f\n", ms);
		}
		headless_pointer(h, SDL_MOUSEBUTTONUP, x, y1);
		while (done < n && kiosk_next_deadline(h->s.kiosk, h->now) <= h->now + 16) {
			double ms = scroll_frame(h, false, x, y1);
			if (out)
				fprintf(out, "scroll %.4f\n", ms);
			done++;
		}
		moved += abs(kiosk_scroll(h->s.kiosk) - before);
		headless_advance(h, 300);
	}
	if (moved == 0) {
		fprintf(stderr, "bench: dragging did not scroll the topic\n");
		return -1;
	}
	return 0;
}

/* Two rounds of every attract slide: each transition frame timed from the
 * tick that lays the new slide out to the end of its draw. Kept out of line
 * so that callgrind --toggle-collect=transitions finds it. */
__attribute__((noinline)) static int transitions(Headless *h, FILE *out)
{
	draw(h);
	int slides = nav(h)->slides;
	for (int s = 0; s < 2 * slides; s++) {
		const Nav *n = nav(h);
		uint64_t next = n->view.screen == SCREEN_ATTRACT ? n->slide_since + n->rotate_ms
		                                                 : n->last_input + n->idle_ms;
		if (next > h->now + 1)
			headless_advance(h, next - h->now - 1);
		double t0 = now_ms();
		headless_advance(h, 1);
		draw(h);
		fprintf(out, "transition %.4f\n", now_ms() - t0);
		headless_settle(h);
		if (!nav(h)->transitioning) {
			fprintf(stderr, "bench: no transition started at a slide change\n");
			return -1;
		}
		while (nav(h)->transitioning) {
			t0 = now_ms();
			headless_advance(h, 16);
			draw(h);
			fprintf(out, "transition %.4f\n", now_ms() - t0);
			/* Between frames, as the display loop: once the slide has
			 * settled, the next one's pictures are readied. */
			headless_settle(h);
		}
	}
	return 0;
}

static int child_frames(const BenchConfig *c, FILE *out)
{
	Headless h;
	if (kiosk_open(&h, c, 86400) != 0)
		return -1;
	int rc = touch(&h, out);
	if (rc == 0)
		rc = topic_switch(&h, out);
	if (rc == 0)
		rc = open_long_topic(&h);
	if (rc == 0)
		rc = scroll_frames(&h, out, 400);
	if (rc == 0)
		rc = text_sizes(&h, out);
	headless_close(&h);
	if (rc != 0 || kiosk_open(&h, c, 5) != 0)
		return -1;
	rc = transitions(&h, out);
	headless_close(&h);
	return rc;
}

/* Simulated days of attract mode: one frame drawn in the middle of every
 * slide's transition (both slides on screen, so every picture and every
 * glyph of the rotation is drawn again and again), the resident size taken
 * after the first hour and at the end. */
static int child_soak(const BenchConfig *c, FILE *out)
{
	Headless h;
	if (kiosk_open(&h, c, 90) != 0)
		return -1;
	draw(&h);
	const uint64_t hour = 3600 * 1000;
	uint64_t end = (uint64_t)c->soak_h * hour, next_hour = hour;
	long slides = 0;
	double t0 = now_ms();
	while (h.now < end) {
		const Nav *n = nav(&h);
		uint64_t next = n->view.screen == SCREEN_ATTRACT ? n->slide_since + n->rotate_ms
		                                                 : n->last_input + n->idle_ms;
		headless_advance(&h, next - h.now + n->transition_ms / 2);
		draw(&h);
		slides++;
		if (h.now >= next_hour) {
			fprintf(out, "soak_rss %ld\n", proc_status_kib(0, "VmRSS"));
			next_hour += hour;
		}
	}
	fprintf(out, "soak_slides %ld\nsoak_wall_ms %.1f\n", slides, now_ms() - t0);
	headless_close(&h);
	return 0;
}

/* Runs fn in a forked child with SDL started there, collecting its lines. */
static int run_child(const BenchConfig *c, int (*fn)(const BenchConfig *, FILE *), SeriesSet *set)
{
	int fds[2];
	if (pipe(fds) != 0)
		return -1;
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(fds[0]);
		FILE *out = fdopen(fds[1], "w");
		SDL_setenv("SDL_VIDEODRIVER", "dummy", 0);
		int rc = out && session_sdl_start(0) == 0 ? fn(c, out) : -1;
		if (out)
			fclose(out);
		_exit(rc == 0 ? 0 : 1);
	}
	close(fds[1]);
	FILE *in = fdopen(fds[0], "r");
	char line[256];
	while (in && fgets(line, sizeof line, in)) {
		char tag[32];
		double v;
		if (sscanf(line, "%31s %lf", tag, &v) == 2) {
			Samples *s = series(set, tag);
			if (s)
				samples_add(s, v);
		}
	}
	if (in)
		fclose(in);
	int status;
	if (wait_child(pid, &status, NULL) != 0 || status != 0)
		return -1;
	return 0;
}

static int child_switch(const BenchConfig *c, FILE *out)
{
	Headless h;
	if (kiosk_open(&h, c, 86400) != 0)
		return -1;
	/* Home drawn first, as it shows before anyone taps. */
	draw(&h);
	int rc = topic_switch(&h, out);
	headless_close(&h);
	return rc;
}

/* ---- in the parent ----------------------------------------------------- */

int frames_topic_switch(const BenchConfig *c, double *warm_ms, double *cold_ms)
{
	Samples warm = {0}, cold = {0};
	int rc = 0;
	for (int run = 0; run < c->runs && rc == 0; run++) {
		SeriesSet set = {0};
		rc = run_child(c, child_switch, &set);
		if (rc == 0) {
			Samples *sw = series(&set, "switch"), *sc = series(&set, "switch_cold");
			samples_add(&warm, median(sw->v, sw->n));
			samples_add(&cold, median(sc->v, sc->n));
		}
		series_free(&set);
	}
	bool ok = rc == 0 && warm.n;
	if (ok) {
		*warm_ms = median(warm.v, warm.n);
		*cold_ms = median(cold.v, cold.n);
	}
	samples_free(&warm);
	samples_free(&cold);
	return ok ? 0 : -1;
}

int frames_measure(const BenchConfig *c)
{
	Samples scroll99 = {0}, trans99 = {0}, touch_frames = {0}, touch_ms = {0}, warm = {0},
	        cold = {0}, size_layout = {0}, size_frame = {0}, size_cold = {0};
	Samples scroll_all = {0}, trans_all = {0};
	int rc = 0;
	for (int run = 0; run < c->runs; run++) {
		SeriesSet set = {0};
		if (run_child(c, child_frames, &set) != 0) {
			series_free(&set);
			rc = -1;
			break;
		}
		Samples *s = series(&set, "scroll"), *t = series(&set, "transition");
		for (size_t i = 0; i < s->n; i++)
			samples_add(&scroll_all, s->v[i]);
		for (size_t i = 0; i < t->n; i++)
			samples_add(&trans_all, t->v[i]);
		samples_add(&scroll99, percentile(s->v, s->n, 99));
		samples_add(&trans99, percentile(t->v, t->n, 99));
		Samples *tf = series(&set, "touch_frames");
		samples_add(&touch_frames, tf->n ? percentile(tf->v, tf->n, 100) : 99);
		Samples *tm = series(&set, "touch_ms");
		samples_add(&touch_ms, median(tm->v, tm->n));
		Samples *sw = series(&set, "switch"), *sc = series(&set, "switch_cold");
		samples_add(&warm, median(sw->v, sw->n));
		samples_add(&cold, median(sc->v, sc->n));
		/* The slowest change of each run counts: every one must land in
		 * the next frame. */
		Samples *tl = series(&set, "textsize_layout"), *tw = series(&set, "textsize_frame"),
		        *tc = series(&set, "textsize_frame_cold");
		samples_add(&size_layout, tl->n ? percentile(tl->v, tl->n, 100) : 1e9);
		samples_add(&size_frame, tw->n ? median(tw->v, tw->n) : 1e9);
		samples_add(&size_cold, tc->n ? percentile(tc->v, tc->n, 100) : 1e9);
		if (run == 0)
			note("frames: %zu scrolling, %zu in transitions, %zu touches, %zu topic "
			     "switches a run; %d runs",
			     s->n, t->n, tm->n, sw->n + sc->n, c->runs);
		series_free(&set);
	}
	if (rc != 0 || scroll99.n == 0) {
		fig_absent("frame_time_scroll_p99", "the headless kiosk failed");
		fig_absent("frame_time_transition_p99", "the headless kiosk failed");
		fig_absent("touch_to_frame", "the headless kiosk failed");
		fig_absent("topic_switch", "the headless kiosk failed");
		rc = -1;
		goto out;
	}
	fig_max("frame_time_scroll_p99", median(scroll99.v, scroll99.n), "ms", 2, 4, "4 ms");
	note("frame_time_scroll: p50 %.2f ms, max %.2f ms over all runs",
	     percentile(scroll_all.v, scroll_all.n, 50),
	     percentile(scroll_all.v, scroll_all.n, 100));
	fig_max("frame_time_transition_p99", median(trans99.v, trans99.n), "ms", 2, 4, "4 ms");
	note("frame_time_transition: p50 %.2f ms, max %.2f ms over all runs",
	     percentile(trans_all.v, trans_all.n, 50), percentile(trans_all.v, trans_all.n, 100));
	/* The worst touch of each run counts: every press must show at once. */
	fig_max("touch_to_frame", median(touch_frames.v, touch_frames.n), "frames", 0, 1,
	        "1 frame, the pressed state in the first frame after the touch");
	fig_max("touch_to_frame_time", median(touch_ms.v, touch_ms.n), "ms", 2, 1000.0 / 60,
	        "16.7 ms, one frame at 60 Hz");
	fig_max("topic_switch", median(warm.v, warm.n), "ms", 2, 8, "8 ms");
	fig_max("topic_switch_first", median(cold.v, cold.n), "ms", 2, 8, "8 ms");
	note("topic_switch_first: each topic's first opening in a fresh process (its glyphs "
	     "and picture drawn for the first time)");
	fig_max("text_size_relayout", median(size_layout.v, size_layout.n), "ms", 2, 16,
	        "16 ms, within one frame at 1080p");
	note("text_size_relayout: the slowest of 24 changes of text size a run on a long topic "
	     "scrolled part way, tap to the topic laid out again with the reading position kept");
	fig_info("text_size_frame", median(size_frame.v, size_frame.n), "ms", 2);
	fig_info("text_size_frame_first", median(size_cold.v, size_cold.n), "ms", 2);
	note("text_size_frame: tap to the new size drawn (median); _first: the slowest with "
	     "each size's glyphs drawn for the first time in the process");
out:
	samples_free(&scroll99);
	samples_free(&trans99);
	samples_free(&touch_frames);
	samples_free(&touch_ms);
	samples_free(&warm);
	samples_free(&cold);
	samples_free(&size_layout);
	samples_free(&size_frame);
	samples_free(&size_cold);
	samples_free(&scroll_all);
	samples_free(&trans_all);
	return rc;
}

int soak_measure(const BenchConfig *c)
{
	SeriesSet set = {0};
	if (run_child(c, child_soak, &set) != 0) {
		fig_absent("attract_memory_growth", "the headless kiosk failed");
		series_free(&set);
		return -1;
	}
	Samples *rss = series(&set, "soak_rss");
	int rc = 0;
	if (rss->n < 2) {
		fig_absent("attract_memory_growth",
		           "fewer than two hours simulated (BENCH_SOAK_H)");
		rc = -1;
	} else {
		double first = rss->v[0], last = rss->v[rss->n - 1], lo = first, hi = first;
		for (size_t i = 0; i < rss->n; i++) {
			lo = rss->v[i] < lo ? rss->v[i] : lo;
			hi = rss->v[i] > hi ? rss->v[i] : hi;
		}
		char name[64];
		snprintf(name, sizeof name, "attract_memory_growth_%dh", c->soak_h);
		fig_max(name, fabs(last - first) / 1024, "MiB", 2, 1, "1 MiB");
		Samples *sl = series(&set, "soak_slides"), *wall = series(&set, "soak_wall_ms");
		note("%s: resident %.1f MiB after hour 1, %.1f MiB after hour %d (%.1f-%.1f "
		     "MiB hourly); %.0f slides drawn in %.1f s",
		     name, first / 1024, last / 1024, c->soak_h, lo / 1024, hi / 1024,
		     sl->n ? sl->v[0] : 0, wall->n ? wall->v[0] / 1000 : 0);
	}
	series_free(&set);
	return rc;
}

/* 100 frames of scrolling in this very process, for profiling:
 *   valgrind --tool=callgrind --toggle-collect=scroll_frames build/bench scroll100 */
int frames_profile(const BenchConfig *c)
{
	SDL_setenv("SDL_VIDEODRIVER", "dummy", 0);
	if (session_sdl_start(0) != 0)
		return -1;
	Headless h;
	int rc = -1;
	if (kiosk_open(&h, c, 86400) == 0) {
		rc = open_long_topic(&h);
		double t0 = now_ms();
		if (rc == 0)
			rc = scroll_frames(&h, NULL, 100);
		if (rc == 0)
			fig_info("scroll_100_frames", now_ms() - t0, "ms", 1);
		headless_close(&h);
	}
	session_sdl_stop();
	return rc;
}
