/* bench: `make bench` (see bench.h for what it measures and how).
 *
 *   build/bench [--kiosk FILE] [--content DIR] [--data DIR] [PART...]
 *
 * PART is any of chromium, live, render, frames, languages, soak, soak30,
 * import, pictures (default: all, in that order), or scroll100: 100 frames
 * of scrolling in this very process, for profiling with
 *   valgrind --tool=callgrind --toggle-collect=scroll_frames build/bench scroll100 Settings come
 * from the environment: BENCH_RUNS (5), BENCH_REST_S (10), BENCH_ATTRACT_S (300), BENCH_SOAK_H
 * (24), BENCH_CHROMIUM (1; 0 skips Chromium).
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "bench.h"

static int met, missed;
static char missed_names[1024];

static void fig_line(const char *name, double value, const char *unit, int prec, bool ok,
                     const char *cmp, const char *target)
{
	printf("%s: %.*f %s (target %s %s: %s)\n", name, prec, value, unit, cmp, target,
	       ok ? "met" : "MISSED");
	if (ok) {
		met++;
	} else {
		missed++;
		size_t n = strlen(missed_names);
		snprintf(missed_names + n, sizeof missed_names - n, "%s%s", n ? ", " : "", name);
	}
}

void fig_max(const char *name, double value, const char *unit, int prec, double limit,
             const char *target)
{
	fig_line(name, value, unit, prec, value <= limit, "<=", target);
}

void fig_min(const char *name, double value, const char *unit, int prec, double limit,
             const char *target)
{
	fig_line(name, value, unit, prec, value >= limit, ">=", target);
}

void fig_info(const char *name, double value, const char *unit, int prec)
{
	printf("%s: %.*f%s%s\n", name, prec, value, *unit ? " " : "", unit);
}

void fig_absent(const char *name, const char *why)
{
	printf("%s: not measured (%s)\n", name, why);
}

void note(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("# ", stdout);
	vprintf(fmt, ap);
	fputc('\n', stdout);
	va_end(ap);
}

/* ---- Chromium, through bench/chromium.py ----------------------------------- */

int chromium_measure(const BenchConfig *c, ChromiumFigures *ch)
{
	memset(ch, 0, sizeof *ch);
	ch->first_paint_ms = ch->rest_cpu_pct = ch->rest_wakeups = -1;
	char cmd[PATH_MAX * 3];
	snprintf(cmd, sizeof cmd,
	         "/usr/bin/python3 '%s/chromium.py' --content '%s' --runs %d --rest %d --work "
	         "'%s/chromium'",
	         c->script_dir, c->content, c->runs, c->rest_s, c->work);
	fflush(NULL);
	FILE *p = popen(cmd, "r");
	if (!p) {
		snprintf(ch->why, sizeof ch->why, "cannot run %s/chromium.py", c->script_dir);
		return -1;
	}
	char line[512];
	bool any = false;
	while (fgets(line, sizeof line, p)) {
		line[strcspn(line, "\n")] = '\0';
		char *v = strchr(line, ' ');
		if (!v)
			continue;
		*v++ = '\0';
		double d = atof(v);
		if (!strcmp(line, "error"))
			snprintf(ch->why, sizeof ch->why, "%s", v);
		else if (!strcmp(line, "version"))
			snprintf(ch->version, sizeof ch->version, "%s", v);
		else if (!strcmp(line, "screenshot_ms"))
			ch->screenshot_ms = d, any = true;
		else if (!strcmp(line, "first_paint_ms"))
			ch->first_paint_ms = d;
		else if (!strcmp(line, "pss_mib"))
			ch->pss_mib = d;
		else if (!strcmp(line, "processes"))
			ch->processes = (int)d;
		else if (!strcmp(line, "start_cpu_s"))
			ch->start_cpu_s = d;
		else if (!strcmp(line, "rest_cpu_pct"))
			ch->rest_cpu_pct = d;
		else if (!strcmp(line, "rest_wakeups"))
			ch->rest_wakeups = d;
	}
	int st = pclose(p);
	ch->ok = any && !ch->why[0] && ch->pss_mib > 0;
	if (!ch->ok && !ch->why[0])
		snprintf(ch->why, sizeof ch->why, "chromium.py gave no figures (exit status %d)",
		         st);
	return ch->ok ? 0 : -1;
}

static void chromium_report(const BenchConfig *c, const ChromiumFigures *ch)
{
	if (!ch->ok) {
		printf("chromium: not measured (%s)\n", ch->why);
		return;
	}
	note("%s, headless, 1920x1080, the same article as an HTML page laid out like Home",
	     ch->version);
	fig_info("chromium_screenshot", ch->screenshot_ms, "ms", 1);
	fig_info("chromium_first_paint", ch->first_paint_ms, "ms", 1);
	fig_info("chromium_pss", ch->pss_mib, "MiB", 1);
	fig_info("chromium_processes", ch->processes, "", 0);
	fig_info("chromium_start_cpu", ch->start_cpu_s * 1000, "ms", 0);
	fig_info("chromium_cpu_rest", ch->rest_cpu_pct, "% of a core", 4);
	fig_info("chromium_wakeups_rest", ch->rest_wakeups, "/s", 1);
	note("chromium: screenshot = --screenshot start to exit with the PNG written; first "
	     "paint = start to first-contentful-paint; PSS, CPU and rest of a --kiosk run "
	     "(%d s at rest)",
	     c->rest_s);
}

/* Kiosk and Chromium side by side, as ratios (how many times better). */
static void compare(const ChromiumFigures *ch, const KioskFigures *k)
{
	if (!ch->ok)
		return;
	note("kiosk vs Chromium, same machine, same run:");
	note("  %-22s %12s %12s %9s", "figure", "kiosk", "Chromium", "ratio");
	if (k->first_frame_ms > 0 && ch->first_paint_ms > 0) {
		note("  %-22s %9.1f ms %9.1f ms %8.1fx", "first frame / paint", k->first_frame_ms,
		     ch->first_paint_ms, ch->first_paint_ms / k->first_frame_ms);
		fig_info("ratio_first_frame", ch->first_paint_ms / k->first_frame_ms, "x", 1);
	}
	if (k->render_ms > 0) {
		note("  %-22s %9.1f ms %9.1f ms %8.1fx", "PNG on disk", k->render_ms,
		     ch->screenshot_ms, ch->screenshot_ms / k->render_ms);
		fig_info("ratio_render_png", ch->screenshot_ms / k->render_ms, "x", 1);
	}
	if (k->peak_mib > 0) {
		note("  %-22s %8.1f MiB %8.1f MiB %8.1fx", "memory (peak RSS/PSS)", k->peak_mib,
		     ch->pss_mib, ch->pss_mib / k->peak_mib);
		fig_min("ratio_memory", ch->pss_mib / k->peak_mib, "x", 1, 10,
		        "10 x (Chromium's summed PSS / the kiosk's peak RSS)");
	}
	if (k->start_cpu_ms > 0)
		note("  %-22s %9.1f ms %9.1f ms %8.1fx", "CPU to start", k->start_cpu_ms,
		     ch->start_cpu_s * 1000, ch->start_cpu_s * 1000 / k->start_cpu_ms);
	if (ch->rest_cpu_pct >= 0 && k->first_frame_ms > 0)
		note("  %-22s %10.4f %% %10.4f %%", "CPU at rest", k->rest_cpu_pct,
		     ch->rest_cpu_pct);
	if (ch->rest_wakeups >= 0 && k->first_frame_ms > 0)
		note("  %-22s %10.1f /s %9.1f /s", "wake-ups at rest", k->rest_wakeups,
		     ch->rest_wakeups);
}

static void machine_note(const BenchConfig *c)
{
	char model[256] = "unknown CPU";
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[512];
	while (f && fgets(line, sizeof line, f)) {
		if (strncmp(line, "model name", 10) == 0) {
			char *v = strchr(line, ':');
			if (v) {
				snprintf(model, sizeof model, "%s", v + 2);
				model[strcspn(model, "\n")] = '\0';
			}
			break;
		}
	}
	if (f)
		fclose(f);
	struct utsname u;
	uname(&u);
	note("kiosk bench: %s, %ld cores, Linux %s; 1920x1080, software renderer, the built-in "
	     "article",
	     model, sysconf(_SC_NPROCESSORS_ONLN), u.release);
	note("each figure is the median of %d runs (BENCH_RUNS); targets from issue 6", c->runs);
}

static bool wanted(int argc, char **argv, int first, const char *part)
{
	if (first >= argc)
		return strcmp(part, "scroll100") != 0;
	for (int i = first; i < argc; i++)
		if (strcmp(argv[i], part) == 0)
			return true;
	return false;
}

int main(int argc, char **argv)
{
	static const char *const parts[] = {"chromium", "live",   "render",   "frames",
	                                    "languages", "soak",  "soak30",   "import",
	                                    "pictures",  "scroll100"};
	BenchConfig c = {
	    .kiosk = "build/kiosk",
	    .content = "assets/content",
	    .data = "build/bench-data",
	    .script_dir = "bench",
	    .runs = env_int("BENCH_RUNS", 5, 1, 1000),
	    .rest_s = env_int("BENCH_REST_S", 10, 1, 86400),
	    .attract_s = env_int("BENCH_ATTRACT_S", 300, 1, 86400),
	    .soak_h = env_int("BENCH_SOAK_H", 24, 2, 24 * 365),
	    .chromium = env_int("BENCH_CHROMIUM", 1, 0, 1),
	};
	int i = 1;
	for (; i + 1 < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
		if (!strcmp(argv[i], "--kiosk"))
			c.kiosk = argv[i + 1];
		else if (!strcmp(argv[i], "--content"))
			c.content = argv[i + 1];
		else if (!strcmp(argv[i], "--data"))
			c.data = argv[i + 1];
		else
			break;
	}
	for (int j = i; j < argc; j++) {
		bool known = false;
		for (size_t p = 0; p < sizeof parts / sizeof parts[0]; p++)
			known |= strcmp(argv[j], parts[p]) == 0;
		if (!known) {
			fprintf(stderr, "usage: bench [--kiosk FILE] [--content DIR] [--data DIR] "
			                "[chromium|live|render|frames|languages|soak|soak30|import|"
			                "pictures|"
			                "scroll100]...\n");
			return 2;
		}
	}
	if (access(c.kiosk, X_OK) != 0 || access(c.content, R_OK) != 0) {
		fprintf(stderr, "bench: %s or %s missing (run from the source folder after make)\n",
		        c.kiosk, c.content);
		return 2;
	}
	/* Absolute paths: the kiosk and chromium.py run in other folders. */
	static char kiosk[PATH_MAX], content[PATH_MAX], data[PATH_MAX], script[PATH_MAX];
	static char work[PATH_MAX];
	/* The scratch folder lives beside the kept data, not in /tmp, where
	 * other programs' clean-ups could reach it during a long run. */
	if (!realpath(c.kiosk, kiosk) || !realpath(c.content, content) || make_dir(c.data) != 0 ||
	    !realpath(c.data, data) || !realpath(c.script_dir, script) ||
	    snprintf(work, sizeof work, "%s/scratch-XXXXXX", data) >= (int)sizeof work ||
	    !mkdtemp(work)) {
		fprintf(stderr, "bench: cannot set up its folders: %s\n", strerror(errno));
		return 1;
	}
	c.kiosk = kiosk;
	c.content = content;
	c.data = data;
	c.script_dir = script;
	c.work = work;
	setvbuf(stdout, NULL, _IOLBF, 0);
	machine_note(&c);

	int rc = 0;
	ChromiumFigures ch = {0};
	KioskFigures k = {0};
	snprintf(ch.why, sizeof ch.why, "BENCH_CHROMIUM=0");
	if (wanted(argc, argv, i, "chromium")) {
		if (c.chromium) {
			chromium_measure(&c, &ch);
			chromium_report(&c, &ch);
		} else {
			printf("chromium: not measured (BENCH_CHROMIUM=0)\n");
		}
	}
	if (wanted(argc, argv, i, "live") && live_measure(&c, &k) != 0)
		rc = 1;
	if (wanted(argc, argv, i, "render") && (make_dir(work) || render_measure(&c, &ch, &k)))
		rc = 1;
	if (wanted(argc, argv, i, "frames") && (make_dir(work) || frames_measure(&c)))
		rc = 1;
	if (wanted(argc, argv, i, "languages") && (make_dir(work) || languages_measure(&c)))
		rc = 1;
	if (wanted(argc, argv, i, "soak") && (make_dir(work) || soak_measure(&c)))
		rc = 1;
	if (wanted(argc, argv, i, "soak30") && (make_dir(work) || soak30_measure(&c)))
		rc = 1;
	if (wanted(argc, argv, i, "import") && (make_dir(work) || imports_measure(&c)))
		rc = 1;
	if (wanted(argc, argv, i, "pictures") && (make_dir(work) || pictures_measure(&c)))
		rc = 1;
	if (wanted(argc, argv, i, "scroll100") && frames_profile(&c) != 0)
		rc = 1;
	compare(&ch, &k);
	note("targets: %d met, %d missed%s%s", met, missed, missed ? ": " : "", missed_names);
	remove_tree(work);
	return rc;
}
