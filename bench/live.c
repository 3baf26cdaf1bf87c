/* live: build/kiosk as its own process, watched from outside.
 *
 * The kiosk runs in a 1920x1080 window on SDL's offscreen video driver with
 * the software renderer (no display, no GPU), as systemd would start it:
 * NOTIFY_SOCKET points at a datagram socket of ours, the kiosk sends
 * READY=1 after its first presented frame and WATCHDOG=1 after every
 * present. So the first frame is timed from before fork() to READY=1, and
 * frames are counted without touching the kiosk. CPU time and wake-ups
 * come from /proc (schedstat nanoseconds and context switches, summed over
 * its threads), peak memory from VmHWM.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

typedef struct {
	int fd;
	char path[108];
	double ready; /* now_ms() when READY=1 arrived; 0 before */
	unsigned presents;
} Notify;

static int notify_open(Notify *n, const char *dir)
{
	memset(n, 0, sizeof *n);
	if (snprintf(n->path, sizeof n->path, "%s/notify", dir) >= (int)sizeof n->path)
		return -1;
	unlink(n->path);
	n->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (n->fd < 0)
		return -1;
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", n->path);
	if (bind(n->fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
		close(n->fd);
		return -1;
	}
	return 0;
}

static void notify_close(Notify *n)
{
	close(n->fd);
	unlink(n->path);
}

/* Reads what the kiosk sent until now_ms() reaches until (or READY=1
 * arrives, when stop_at_ready). Reading promptly matters: a full socket
 * buffer would block the kiosk in sd_notify. */
static void notify_pump(Notify *n, double until, bool stop_at_ready)
{
	for (;;) {
		char buf[512];
		ssize_t len;
		while ((len = recv(n->fd, buf, sizeof buf - 1, 0)) > 0) {
			buf[len] = '\0';
			if (!n->ready && strstr(buf, "READY=1"))
				n->ready = now_ms();
			if (strstr(buf, "WATCHDOG=1"))
				n->presents++;
		}
		double left = until - now_ms();
		if (left <= 0 || (stop_at_ready && n->ready))
			return;
		struct pollfd p = {.fd = n->fd, .events = POLLIN};
		poll(&p, 1, left > 1000 ? 1000 : (int)left + 1);
	}
}

typedef struct {
	pid_t pid;
	double started; /* now_ms() just before fork */
	Notify n;
	char log[PATH_MAX];
} Live;

/* Starts the kiosk with its own folder c->work/name (config, log, USB
 * folder) and data folder data (NULL: a fresh one in its folder), showing
 * content (NULL: the built-in article). */
static int live_start(Live *lv, const BenchConfig *c, const char *name, const char *data,
                      const char *conf, const char *content)
{
	char dir[PATH_MAX], cfg[PATH_MAX], text[3 * PATH_MAX], fresh[PATH_MAX];
	if (snprintf(dir, sizeof dir, "%s/%s", c->work, name) >= (int)sizeof dir ||
	    snprintf(cfg, sizeof cfg, "%s/kiosk.conf", dir) >= (int)sizeof cfg ||
	    snprintf(lv->log, sizeof lv->log, "%s/kiosk.log", dir) >= (int)sizeof lv->log)
		return -1;
	/* Its own empty data folder and USB folder: nothing installed on this
	 * machine or lying in ./usb changes what it shows. */
	if (!data) {
		if (snprintf(fresh, sizeof fresh, "%s/data", dir) >= (int)sizeof fresh)
			return -1;
		data = fresh;
	}
	if (snprintf(text, sizeof text, "%sdata_dir = %s\nusb_dirs = %s/usb\n", conf, data, dir) >=
	    (int)sizeof text)
		return -1;
	if (make_dir(dir) != 0 || write_text(cfg, text) != 0 || notify_open(&lv->n, dir) != 0)
		return -1;
	static char sock_env[PATH_MAX + 16];
	snprintf(sock_env, sizeof sock_env, "NOTIFY_SOCKET=%s", lv->n.path);
	/* No display and no GPU: SDL's offscreen driver, drawn by the software
	 * renderer into plain memory (without FRAMEBUFFER_ACCELERATION=0 SDL
	 * would show that memory through an OpenGL texture on llvmpipe). */
	const char *env[] = {sock_env, "SDL_VIDEODRIVER=offscreen", "SDL_RENDER_DRIVER=software",
	                     "SDL_FRAMEBUFFER_ACCELERATION=0", NULL};
	char *argv[] = {(char *)c->kiosk,
	                "--window",
	                "1920x1080",
	                "--config",
	                cfg,
	                "--content",
	                (char *)(content ? content : c->content),
	                NULL};
	lv->started = now_ms();
	lv->pid = spawn(argv, env, lv->log);
	if (lv->pid < 0) {
		notify_close(&lv->n);
		return -1;
	}
	notify_pump(&lv->n, lv->started + 20000, true);
	if (!lv->n.ready) {
		fprintf(stderr, "bench: the kiosk showed no frame within 20 s; it said:\n");
		show_log(lv->log, "  ");
		return -1;
	}
	return 0;
}

/* SIGTERM, as systemd stops it; 0 when it stopped cleanly in time. */
static int live_stop(Live *lv)
{
	kill(lv->pid, SIGTERM);
	double until = now_ms() + 5000;
	int status = -1;
	while (now_ms() < until) {
		notify_pump(&lv->n, now_ms() + 50, false);
		if (waitpid(lv->pid, &status, WNOHANG) == lv->pid)
			break;
		status = -1;
	}
	if (status == -1) {
		kill(lv->pid, SIGKILL);
		wait_child(lv->pid, NULL, NULL);
	}
	notify_close(&lv->n);
	return status == 0 ? 0 : -1;
}

typedef struct {
	double cpu_pct, wakeups, fps;
} Window;

/* CPU share, wake-ups and presented frames a second over ms. */
static int live_window(Live *lv, double ms, Window *w)
{
	ProcSample a, b;
	unsigned frames = lv->n.presents;
	double t0 = now_ms();
	if (proc_sample(lv->pid, &a) != 0)
		return -1;
	notify_pump(&lv->n, t0 + ms, false);
	if (proc_sample(lv->pid, &b) != 0)
		return -1;
	double s = (now_ms() - t0) / 1000;
	w->cpu_pct = (double)(b.cpu_ns - a.cpu_ns) / 1e9 / s * 100;
	w->wakeups = (double)(b.switches - a.switches) / s;
	w->fps = (lv->n.presents - frames) / s;
	return 0;
}

typedef struct {
	double s, cpu_pct, lo, hi, fps, wakeups, peak_mib;
} Attract;

/* The kiosk in attract mode (idle after 5 s, the default rotation) for
 * window_s seconds. */
static int attract_run(const BenchConfig *c, const char *name, const char *data, int window_s,
                       Attract *out)
{
	const char *conf = "idle_timeout_s = 5\nrotate_interval_s = 12\nfullscreen = no\n";
	Live lv;
	if (live_start(&lv, c, name, data, conf, NULL) != 0)
		return -1;
	notify_pump(&lv.n, lv.n.ready + 6500, false);
	ProcSample a, b;
	unsigned frames = lv.n.presents;
	double t0 = now_ms();
	out->lo = 1e9;
	out->hi = 0;
	proc_sample(lv.pid, &a);
	/* Minute by minute, to show how even it is. */
	for (double done = 0; done < window_s * 1000.0;) {
		double part = window_s * 1000.0 - done > 60000 ? 60000 : window_s * 1000.0 - done;
		Window w;
		if (live_window(&lv, part, &w) != 0)
			break;
		out->lo = w.cpu_pct < out->lo ? w.cpu_pct : out->lo;
		out->hi = w.cpu_pct > out->hi ? w.cpu_pct : out->hi;
		done += part;
	}
	proc_sample(lv.pid, &b);
	out->s = (now_ms() - t0) / 1000;
	out->peak_mib = (double)proc_status_kib(lv.pid, "VmHWM") / 1024;
	live_stop(&lv);
	out->cpu_pct = (double)(b.cpu_ns - a.cpu_ns) / 1e9 / out->s * 100;
	out->fps = (lv.n.presents - frames) / out->s;
	out->wakeups = (double)(b.switches - a.switches) / out->s;
	return 0;
}

int live_home(const BenchConfig *c, const char *name, double *first_ms, double *peak_mib)
{
	Samples firsts = {0}, hwm = {0};
	const char *conf = "idle_timeout_s = 86400\nfullscreen = no\n";
	char data[PATH_MAX];
	if (snprintf(data, sizeof data, "%s/%s-data", c->work, name) >= (int)sizeof data ||
	    make_dir(data) != 0)
		return -1;
	int rc = 0;
	/* Run 0 fills the data folder; the others start on it, as a kiosk
	 * does after its first boot. */
	for (int run = 0; run <= c->runs && rc == 0; run++) {
		Live lv;
		char dir[64];
		snprintf(dir, sizeof dir, "%s-%d", name, run);
		if (live_start(&lv, c, dir, data, conf, NULL) != 0) {
			rc = -1;
			break;
		}
		double first = lv.n.ready - lv.started;
		notify_pump(&lv.n, lv.n.ready + 1000, false);
		double peak = (double)proc_status_kib(lv.pid, "VmHWM") / 1024;
		if (run > 0) {
			samples_add(&firsts, first);
			samples_add(&hwm, peak);
		}
		live_stop(&lv);
	}
	bool ok = rc == 0 && firsts.n;
	if (ok) {
		*first_ms = median(firsts.v, firsts.n);
		*peak_mib = median(hwm.v, hwm.n);
	}
	samples_free(&firsts);
	samples_free(&hwm);
	return ok ? 0 : -1;
}

int live_measure(const BenchConfig *c, KioskFigures *k)
{
	Samples first = {0}, cpu0 = {0}, hwm = {0}, rest_cpu = {0}, wake = {0}, fps = {0};
	int rc = 0;
	/* At rest: Home, never idle long enough for attract mode. */
	const char *rest_conf = "idle_timeout_s = 86400\nfullscreen = no\n";
	/* Run 0 is a first start ever: an empty data folder, so Home's
	 * picture is decoded for the first frame and then, in the background,
	 * every picture at every size it is shown. The others restart on the
	 * data folder it left, as a kiosk does at every boot after its first. */
	char data[PATH_MAX];
	if (snprintf(data, sizeof data, "%s/live-rest-data", c->work) >= (int)sizeof data ||
	    make_dir(data) != 0)
		return -1;
	double first_ever = 0, first_ever_hwm = 0;
	for (int run = 0; run <= c->runs && rc == 0; run++) {
		Live lv;
		char name[32];
		snprintf(name, sizeof name, "live-rest-%d", run);
		if (live_start(&lv, c, name, data, rest_conf, NULL) != 0) {
			rc = -1;
			break;
		}
		if (run == 0)
			first_ever = lv.n.ready - lv.started;
		else
			samples_add(&first, lv.n.ready - lv.started);
		ProcSample ps;
		if (proc_sample(lv.pid, &ps) == 0)
			samples_add(&cpu0, (double)ps.cpu_ns / 1e6);
		/* A second for anything started with the first frame to end. */
		notify_pump(&lv.n, lv.n.ready + 1000, false);
		Window w;
		if (live_window(&lv, c->rest_s * 1000.0, &w) == 0) {
			samples_add(&rest_cpu, w.cpu_pct);
			samples_add(&wake, w.wakeups);
			samples_add(&fps, w.fps);
		} else {
			rc = -1;
		}
		double peak = (double)proc_status_kib(lv.pid, "VmHWM") / 1024;
		if (run == 0)
			first_ever_hwm = peak;
		else
			samples_add(&hwm, peak);
		if (live_stop(&lv) != 0)
			note("the kiosk did not stop cleanly on SIGTERM");
	}
	if (rc != 0 || first.n == 0) {
		fig_absent("first_frame", "the kiosk did not start");
		rc = -1;
		goto out;
	}
	k->first_frame_ms = median(first.v, first.n);
	k->start_cpu_ms = median(cpu0.v, cpu0.n);
	k->rest_cpu_pct = median(rest_cpu.v, rest_cpu.n);
	k->rest_wakeups = median(wake.v, wake.n);
	fig_max("first_frame", k->first_frame_ms, "ms", 1, 50, "50 ms");
	note("first_frame: from fork() to READY=1, sent after the first SDL_RenderPresent, "
	     "restarting on its data folder");
	fig_info("first_frame_first_start", first_ever, "ms", 1);
	note("first_frame_first_start: the very first start on an empty data folder, which decodes "
	     "Home's picture and stores it at its shown size in DATA/cache");
	fig_info("start_cpu", k->start_cpu_ms, "ms", 1);
	fig_max("peak_memory_home", median(hwm.v, hwm.n), "MiB", 1, 32, "32 MiB");
	fig_max("cpu_rest", k->rest_cpu_pct, "% of a core", 4, 0.05, "0.05 %");
	fig_max("wakeups_rest", k->rest_wakeups, "/s", 2, 2, "2 /s");
	fig_info("frames_rest", median(fps.v, fps.n), "/s", 2);
	note("at rest: Home shown, nothing touched, %d s windows (BENCH_REST_S)", c->rest_s);

	/* Attract mode on the same data folder, as any later boot. */
	Attract at;
	if (attract_run(c, "live-attract", data, c->attract_s, &at) != 0) {
		fig_absent("cpu_attract", "the kiosk did not start");
		rc = -1;
		goto out;
	}
	fig_max("cpu_attract", at.cpu_pct, "% of a core", 3, 1, "1 %");
	fig_info("frames_attract", at.fps, "/s", 2);
	/* Each slide change slides for 400 ms: about 25 frames at one every
	 * 16 ms. Far fewer means the transition is not animated. */
	fig_min("frames_per_slide_change", at.fps * 12, "frames", 1, 20,
	        "20, a 400 ms slide at one frame per 16 ms");
	fig_info("wakeups_attract", at.wakeups, "/s", 1);
	note("cpu_attract: averaged over one %.0f s window (BENCH_ATTRACT_S=%d; the issue's "
	     "figure is 300 s); minute by minute %.3f-%.3f %%",
	     at.s, c->attract_s, at.lo, at.hi);
	double home = median(hwm.v, hwm.n);
	k->peak_mib = at.peak_mib > home ? at.peak_mib : home;
	fig_max("peak_memory", k->peak_mib, "MiB", 1, 32, "32 MiB");
	note("peak_memory: VmHWM after start, Home and %.0f s of attract mode (every slide and "
	     "picture when the window is long enough)",
	     at.s);
	fig_info("peak_memory_first_start", first_ever_hwm, "MiB", 1);
	note("peak_memory_first_start: VmHWM of the very first start, Home shown while every "
	     "picture is decoded in the background and stored at each size it is shown");
out:
	samples_free(&first);
	samples_free(&cpu0);
	samples_free(&hwm);
	samples_free(&rest_cpu);
	samples_free(&wake);
	samples_free(&fps);
	return rc;
}

int live_pictures(const BenchConfig *c, const char *root, const char *kind, int n)
{
	/* Idle after 5 s, a slide every 3 s: each topic's opening and each
	 * picture full screen, twice round, from a first start on an empty
	 * data folder, so every picture is decoded (on the display thread for
	 * what shows, on the warming thread for the sizes it will show). */
	const char *conf = "idle_timeout_s = 5\nrotate_interval_s = 3\nfullscreen = no\n";
	char content[PATH_MAX + 8], dir[64], peak_name[64], after_name[64];
	snprintf(content, sizeof content, "%s/kiosk", root);
	snprintf(dir, sizeof dir, "live-%s-pictures", kind);
	snprintf(peak_name, sizeof peak_name, "live_%s_pictures_peak_memory", kind);
	snprintf(after_name, sizeof after_name, "live_%s_pictures_memory_after", kind);
	Live lv;
	if (live_start(&lv, c, dir, NULL, conf, content) != 0) {
		fig_absent(peak_name, "the kiosk did not start");
		return -1;
	}
	double window = 5000 + 2 * 2 * n * 3000.0 + 1000;
	notify_pump(&lv.n, lv.n.ready + window, false);
	double peak = (double)proc_status_kib(lv.pid, "VmHWM") / 1024;
	double now = (double)proc_status_kib(lv.pid, "VmRSS") / 1024;
	if (live_stop(&lv) != 0)
		note("the kiosk did not stop cleanly on SIGTERM");
	fig_max(peak_name, peak, "MiB", 1, 64, "64 MiB");
	fig_info(after_name, now, "MiB", 1);
	note("live_%s_pictures: the live kiosk (software renderer, 1920x1080) in attract mode "
	     "through its %d pictures twice over %.0f s, first start on an empty data folder; "
	     "VmHWM, and VmRSS at the end",
	     kind, n, window / 1000);
	return 0;
}

int render_measure(const BenchConfig *c, const ChromiumFigures *ch, KioskFigures *k)
{
	Samples ms = {0}, rss = {0};
	int rc = 0;
	char log[PATH_MAX];
	snprintf(log, sizeof log, "%s/render.log", c->work);
	for (int run = 0; run < c->runs; run++) {
		char out[PATH_MAX], png[PATH_MAX + 16];
		snprintf(out, sizeof out, "%s/render-%d", c->work, run);
		snprintf(png, sizeof png, "%s/home.png", out);
		char *argv[] = {(char *)c->kiosk, "render",           "--out", out,
		                "--content",      (char *)c->content, NULL};
		double t;
		int status;
		long maxrss;
		struct stat st;
		if (run_timed(argv, NULL, log, &t, &status, &maxrss) != 0 || status != 0 ||
		    stat(png, &st) != 0 || st.st_size == 0) {
			fprintf(stderr, "bench: kiosk render failed (exit status %d); it said:\n",
			        status);
			show_log(log, "  ");
			rc = -1;
			break;
		}
		samples_add(&ms, t);
		samples_add(&rss, (double)maxrss / 1024);
	}
	if (rc != 0) {
		fig_absent("render_home_png", "build/kiosk render failed");
		goto out;
	}
	k->render_ms = median(ms.v, ms.n);
	if (ch->ok) {
		char target[96];
		snprintf(target, sizeof target, "%.1f ms, 1/10 of Chromium's --screenshot %.0f ms",
		         ch->screenshot_ms / 10, ch->screenshot_ms);
		fig_max("render_home_png", k->render_ms, "ms", 1, ch->screenshot_ms / 10, target);
	} else {
		printf("render_home_png: %.1f ms (target <= 1/10 of Chromium's --screenshot time: "
		       "Chromium not measured)\n",
		       k->render_ms);
	}
	fig_info("render_peak_memory", median(rss.v, rss.n), "MiB", 1);
	note("render_home_png: `kiosk render --out DIR`, from fork() to exit with home.png and "
	     "home.json written");
out:
	samples_free(&ms);
	samples_free(&rss);
	return rc;
}
