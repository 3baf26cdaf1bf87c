/* bench: `make bench`, the kiosk's performance figures, each printed as
 *
 *   name: value unit (target T: met|MISSED)
 *
 * (or "name: not measured (why)"), with notes on lines starting with '#'.
 * A figure is the median of several runs (BENCH_RUNS), except the two long
 * ones, attract mode over BENCH_ATTRACT_S and the simulated day, which run
 * once (sampled minute by minute and hour by hour).
 *
 * The parts: frames.c drives the real kiosk in this process, headless on
 * SDL's software renderer with a virtual clock, and times real draws;
 * live.c runs build/kiosk as its own process (offscreen video driver,
 * software renderer) and watches it from outside through sd_notify and
 * /proc; imports.c times `kiosk check` and `kiosk import`; pictures.c
 * measures memory with pictures at the size limits and with those that
 * hold the most while decoding; chromium.py
 * measures a Chromium kiosk showing the same article, for comparison.
 *
 * A bench program, not a test: it exits 0 whether targets are met or not,
 * and 1 only when something could not be measured at all.
 */
#ifndef KIOSK_BENCH_H
#define KIOSK_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* ---- settings (bench.c) ---------------------------------------------------- */

typedef struct {
	const char *kiosk;      /* the kiosk executable */
	const char *content;    /* the built-in content folder */
	const char *work;       /* scratch folder (made by bench.c, removed at exit) */
	const char *data;       /* kept between runs: generated packages */
	const char *script_dir; /* where chromium.py lives */
	int runs;               /* BENCH_RUNS: repetitions per figure */
	int rest_s;             /* BENCH_REST_S: window at rest */
	int attract_s;          /* BENCH_ATTRACT_S: window in attract mode */
	int soak_h;             /* BENCH_SOAK_H: simulated hours of attract mode */
	bool chromium;          /* BENCH_CHROMIUM: 0 skips it */
} BenchConfig;

/* ---- figures (bench.c) ----------------------------------------------------- */

/* A figure with a ceiling: met when value <= limit. target is how the
 * limit reads ("50 ms", "1/10 of Chromium's 1180 ms"). */
void fig_max(const char *name, double value, const char *unit, int prec, double limit,
             const char *target);
/* A figure with a floor: met when value >= limit. */
void fig_min(const char *name, double value, const char *unit, int prec, double limit,
             const char *target);
/* A figure without a target of its own (context for the others). */
void fig_info(const char *name, double value, const char *unit, int prec);
void fig_absent(const char *name, const char *why);
/* A '#' note line, printf-style. */
void note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- what other parts hand back for the comparison ---------------------- */

typedef struct {
	bool ok;
	char why[256]; /* when !ok */
	char version[64];
	double screenshot_ms;  /* start to PNG on disk (--screenshot), median */
	double first_paint_ms; /* start to first contentful paint, median; <0 unknown */
	double pss_mib;        /* summed PSS of every process, page shown */
	int processes;
	double start_cpu_s;  /* CPU seconds from start until the page settled */
	double rest_cpu_pct; /* % of one core at rest; <0 unknown */
	double rest_wakeups; /* context switches a second at rest; <0 unknown */
} ChromiumFigures;

typedef struct {
	double first_frame_ms, start_cpu_ms, peak_mib, rest_cpu_pct, rest_wakeups;
	double render_ms;
} KioskFigures;

/* ---- the parts ----------------------------------------------------------- */

int chromium_measure(const BenchConfig *c, ChromiumFigures *out);
/* The live kiosk: first frame, rest, attract, memory. */
int live_measure(const BenchConfig *c, KioskFigures *k);
/* The live kiosk on c->content, Home at rest: median first frame and peak
 * memory (VmHWM) over c->runs starts, named name in the work folder. */
int live_home(const BenchConfig *c, const char *name, double *first_ms, double *peak_mib);
/* In-process, headless: the median tap-to-topic time on c->content, warm
 * and the first time each topic shows. */
int frames_topic_switch(const BenchConfig *c, double *warm_ms, double *cold_ms);
/* The same article in Arabic and in Chinese beside the built-in one:
 * first frame, topic switch and peak memory. */
int languages_measure(const BenchConfig *c);
/* `kiosk render` start to the Home PNG on disk, against Chromium's
 * --screenshot when ch->ok. */
int render_measure(const BenchConfig *c, const ChromiumFigures *ch, KioskFigures *k);
/* In-process, headless: frame times, touch, topic switch. */
int frames_measure(const BenchConfig *c);
/* 100 frames of scrolling in this process, for callgrind. */
int frames_profile(const BenchConfig *c);
/* In-process, headless: memory over simulated days of attract mode. */
int soak_measure(const BenchConfig *c);
/* In-process, headless: 30 simulated days of visitors and new content
 * (BENCH_SOAK_DAYS); memory and live textures day by day. */
int soak30_measure(const BenchConfig *c);
/* `kiosk check` and `kiosk import`, when the build has them. */
int imports_measure(const BenchConfig *c);
/* Memory of check, render and the live kiosk with six pictures at the
 * limits, and with three that hold the most (pictures.c). */
int pictures_measure(const BenchConfig *c);
/* The live kiosk's memory showing the n pictures of the stick at root:
 * figure live_KIND_pictures_peak_memory (live.c). */
int live_pictures(const BenchConfig *c, const char *root, const char *kind, int n);

/* ---- helpers (util.c) ------------------------------------------------------ */

double now_ms(void);
double median(double *v, size_t n);
/* The p-th percentile (0..100), nearest rank. Sorts v. */
double percentile(double *v, size_t n, double p);

typedef struct {
	double *v;
	size_t n, cap;
} Samples;
void samples_add(Samples *s, double v);
void samples_free(Samples *s);

int env_int(const char *name, int def, int min, int max);
/* mkdir -p for one level; 0 or -1. */
int make_dir(const char *path);
/* rm -rf, without following symlinks. */
void remove_tree(const char *path);
int write_text(const char *path, const char *text);
/* Copies the end of a log file to stderr, each line after prefix. */
void show_log(const char *path, const char *prefix);

/* Runs argv (argv[0] a path) with extra "NAME=value" environment entries
 * (NULL-terminated, may be NULL), stdout and stderr to log (or /dev/null
 * when NULL). Returns the pid, or -1. */
pid_t spawn(char *const argv[], const char *const env[], const char *log);
/* Waits for pid; fills the exit status (or 128+signal) and the peak RSS
 * in KiB of the process and its waited-for children. 0 or -1. */
int wait_child(pid_t pid, int *status, long *maxrss_kib);
/* Runs argv to completion: wall time in ms, exit status, peak RSS. */
int run_timed(char *const argv[], const char *const env[], const char *log, double *ms, int *status,
              long *maxrss_kib);

/* /proc figures of one process, summed over its threads. */
typedef struct {
	uint64_t cpu_ns;   /* time on a CPU (schedstat; else utime+stime) */
	uint64_t switches; /* voluntary + involuntary context switches */
} ProcSample;
int proc_sample(pid_t pid, ProcSample *out);
/* VmHWM / VmRSS of a process in KiB (pid 0: this process); -1 if unknown. */
long proc_status_kib(pid_t pid, const char *field);

#endif
