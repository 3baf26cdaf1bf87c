/* kill -9 of a real `kiosk import` at many points spread over the copy,
 * the check and the switch: after each kill, store_recover (what the
 * kiosk runs at start) must leave DATA holding the old or the new package,
 * whole, loading. No hooks in the importer. 200 kills come after delays
 * spread evenly over the measured length of an import. The switch lasts a
 * few milliseconds of it, so 70 more watch DATA with inotify and kill a
 * random 0-2 ms after one of the switch's steps shows (the copy renamed
 * into versions/, a temporary link or trial made, one renamed into place).
 *
 * Usage: test_kill path/to/kiosk
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/inotify.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "platform/updates/importer.h"
#include "platform/updates/store.h"
#include "util.h"

#define KILLS_MIN 200
#define KILLS_AT_STEPS 70

static const char *kiosk;
/* Three packages in turn, so the one imported is never the previous one
 * (which would skip the copy into versions/). */
#define NPKG 3
static char pkg[NPKG][PATH_MAX];
static TuSnap snaps[NPKG];

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static pid_t start_import(const char *src, const char *data)
{
	pid_t pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		dup2(null, 1);
		dup2(null, 2);
		execl(kiosk, kiosk, "import", src, "--data", data, (char *)NULL);
		_exit(127);
	}
	return pid;
}

static void sleep_s(double s)
{
	if (s <= 0)
		return;
	struct timespec t = {.tv_sec = (time_t)s, .tv_nsec = (long)((s - (double)(time_t)s) * 1e9)};
	while (nanosleep(&t, &t) != 0 && errno == EINTR)
		;
}

/* Where the kill landed, read from what it left before recovery. */
typedef enum { AT_START, AT_COPY, AT_SWITCH, AT_AFTER, AT_N } Phase;
static const char *const phase_names[AT_N] = {"before the copy", "copying or checking", "switching",
                                              "after the switch"};

static Phase phase_of(const char *data, const char *old_id)
{
	char cur[65], path[PATH_MAX + 16];
	if (tu_count_prefix(data, "staging-") > 0)
		return AT_COPY;
	tu_current_id(data, cur);
	if (strcmp(cur, old_id) != 0)
		return AT_AFTER;
	/* A new version folder, a temporary link or a trial for the new
	 * content: the switch had begun. (The trial of the old content was
	 * confirmed away before the import started.) */
	snprintf(path, sizeof(path), "%s/versions", data);
	if (tu_count_prefix(path, "") > 4 || tu_count_prefix(data, "trial") > 0 ||
	    tu_count_prefix(data, "current.") > 0 || tu_count_prefix(data, "previous.") > 0)
		return AT_SWITCH;
	return AT_START;
}

/* The switch's steps as DATA shows them; in store.c's order. */
static const struct {
	bool versions; /* in DATA/versions, else in DATA */
	uint32_t mask;
	const char *name; /* NULL: any */
} steps[] = {
    {true, IN_MOVED_TO, NULL},        {false, IN_CREATE, "trial.tmp"},
    {false, IN_MOVED_TO, "trial"},    {false, IN_CREATE, "previous.tmp"},
    {false, IN_MOVED_TO, "previous"}, {false, IN_CREATE, "current.tmp"},
    {false, IN_MOVED_TO, "current"},
};
#define NSTEPS (sizeof(steps) / sizeof(steps[0]))

/* Starts an import and kills it delay seconds after DATA shows the given
 * step (or when it ends without). Returns the wait status. */
static int kill_after_step(const char *src, const char *data, size_t step, double delay,
                           double limit)
{
	char versions[PATH_MAX + 16];
	snprintf(versions, sizeof(versions), "%s/versions", data);
	int ifd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
	int wd_data = inotify_add_watch(ifd, data, IN_CREATE | IN_MOVED_TO);
	int wd_vers = inotify_add_watch(ifd, versions, IN_MOVED_TO);
	pid_t pid = start_import(src, data);
	double end = now_s() + limit;
	bool seen = false;
	int st = 0;
	while (!seen && now_s() < end) {
		struct pollfd pfd = {.fd = ifd, .events = POLLIN};
		if (poll(&pfd, 1, 5) <= 0) {
			if (waitpid(pid, &st, WNOHANG) == pid) {
				close(ifd);
				return st;
			}
			continue;
		}
		char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
		ssize_t n = read(ifd, buf, sizeof(buf));
		for (ssize_t i = 0; i < n && !seen;) {
			const struct inotify_event *e = (const void *)(buf + i);
			int wd = steps[step].versions ? wd_vers : wd_data;
			if (e->wd == wd && (e->mask & steps[step].mask) &&
			    (!steps[step].name ||
			     (e->len && strcmp(e->name, steps[step].name) == 0)))
				seen = true;
			i += (ssize_t)(sizeof(*e) + e->len);
		}
	}
	sleep_s(delay);
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	close(ifd);
	return st;
}

typedef struct {
	int passed, failed;
	int kills, finished, outcome[2], phases[AT_N];
} Stats;

/* One worker's share of the kills: every nworkers-th of the schedule,
 * on its own DATA. */
static void kill_loop(const char *data, int worker, int nworkers, double t_full, Stats *s)
{
	char why[1024], msg[256], name[64];
	int v_old = tu_verify_data(data, snaps, NPKG, why, sizeof(why));
	srand(12345u + (unsigned)worker);
	int share = (KILLS_MIN + nworkers - 1) / nworkers;
	for (int k = worker; s->kills < share || k < KILLS_MIN + KILLS_AT_STEPS; k += nworkers) {
		if (k > 4 * KILLS_MIN) {
			CHECKF(false, "only %d imports were still running when killed", s->kills);
			break;
		}
		snprintf(name, sizeof(name), "kill %d", k);
		tu_case(name);
		if (v_old < 0) {
			CHECKF(false, "DATA is not consistent before the import: %s", why);
			break;
		}
		char old_id[65];
		tu_current_id(data, old_id);
		int target = (v_old + 1) % NPKG;
		/* Evenly over 0 .. 1.1 T (T: the slowest of the full imports,
		 * which vary by half), then at the switch's steps, then (when
		 * imports finished before their kill) at random. */
		double d = (double)rand() / RAND_MAX;
		int st;
		if (k < KILLS_MIN || k >= KILLS_MIN + KILLS_AT_STEPS) {
			d = k < KILLS_MIN ? t_full * 1.1 * (k + d) / KILLS_MIN : t_full * d;
			pid_t pid = start_import(pkg[target], data);
			sleep_s(d);
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
		} else {
			d *= 0.002;
			st = kill_after_step(pkg[target], data, (size_t)(k - KILLS_MIN) % NSTEPS, d,
			                     3 * t_full);
		}
		if (WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL) {
			s->kills++;
			s->phases[phase_of(data, old_id)]++;
		} else {
			s->finished++;
			CHECKF(WIFEXITED(st) && WEXITSTATUS(st) == 0, "kiosk import ended with %d",
			       st);
		}
		CHECK(store_recover(data, msg, sizeof(msg)) == 0);
		int v = tu_verify_data(data, snaps, NPKG, why, sizeof(why));
		CHECKF(v == v_old || v == target, "after kill %d: %s", k, why);
		if (v == v_old || v == target)
			s->outcome[v == target]++;
		v_old = v;
		/* Keep the kiosk's start count from rolling content back: this
		 * test is about the switch, the trial has its own. */
		store_confirm(data);
	}
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: test_kill path/to/kiosk\n");
		return 2;
	}
	kiosk = argv[1];
	const char *w = tu_workdir("kill");
	char data[PATH_MAX];
	uint64_t bytes = 0;
	snprintf(data, sizeof(data), "%s/data-0", w);
	for (int i = 0; i < NPKG; i++) {
		snprintf(pkg[i], sizeof(pkg[i]), "%s/pkg-%d", w, i);
		/* About 21 MB: five pictures of 4.2 MB and the article. */
		bytes = tu_make_pkg(pkg[i], 50 + i, 5, 1400, 1000);
		/* pkg-1 has pkg-0's pictures: going from one to the other
		 * links them, and kills land while files are shared. */
		if (i == 1 && tu_sh("cp '%s'/images/*.png '%s/images/'", pkg[0], pkg[1]) != 0)
			return 2;
		tu_snap(pkg[i], false, &snaps[i]);
	}

	tu_case("a full import, for the timing");
	char why[1024];
	double t_full = 0;
	for (int i = 0; i < NPKG; i++) {
		double t0 = now_s();
		pid_t pid = start_import(pkg[i], data);
		int st;
		waitpid(pid, &st, 0);
		double t = now_s() - t0;
		CHECKF(WIFEXITED(st) && WEXITSTATUS(st) == 0, "kiosk import ended with %d", st);
		store_confirm(data);
		if (t > t_full)
			t_full = t;
	}
	CHECK(tu_verify_data(data, snaps, NPKG, why, sizeof(why)) == NPKG - 1);
	printf("kill: one import of a %.1f MB package takes up to %.2f s\n", (double)bytes / 1e6,
	       t_full);

	/* Two workers, each on its own DATA, halve the time on a board or
	 * a CI machine with two cores. */
	enum { WORKERS = 2 };
	int fds[WORKERS];
	pid_t pids[WORKERS];
	double t0 = now_s();
	for (int i = 0; i < WORKERS; i++) {
		char d[PATH_MAX];
		snprintf(d, sizeof(d), "%s/data-%d", w, i);
		if (i > 0)
			tu_sh("cp -a '%s' '%s'", data, d);
		int p[2];
		if (pipe(p) != 0)
			return 2;
		fflush(stdout);
		fflush(stderr);
		pids[i] = fork();
		if (pids[i] == 0) {
			close(p[0]);
			Stats s = {0};
			kill_loop(d, i, WORKERS, t_full, &s);
			tu_counts(&s.passed, &s.failed);
			ssize_t n = write(p[1], &s, sizeof(s));
			_exit(n == (ssize_t)sizeof(s) ? 0 : 1);
		}
		close(p[1]);
		fds[i] = p[0];
	}
	Stats all = {0};
	for (int i = 0; i < WORKERS; i++) {
		Stats s;
		int st;
		bool got = read(fds[i], &s, sizeof(s)) == (ssize_t)sizeof(s);
		close(fds[i]);
		waitpid(pids[i], &st, 0);
		tu_case("a kill worker");
		if (!CHECKF(got, "kill worker %d died (status %d)", i, st))
			continue;
		tu_add(s.passed, s.failed);
		all.kills += s.kills;
		all.finished += s.finished;
		for (int j = 0; j < 2; j++)
			all.outcome[j] += s.outcome[j];
		for (int j = 0; j < AT_N; j++)
			all.phases[j] += s.phases[j];
	}
	printf("kill: %d imports killed (%d finished first) in %.0f s: %d left the old content, "
	       "%d the new\n",
	       all.kills, all.finished, now_s() - t0, all.outcome[0], all.outcome[1]);
	printf("kill: killed %s %d, %s %d, %s %d, %s %d times\n", phase_names[0], all.phases[0],
	       phase_names[1], all.phases[1], phase_names[2], all.phases[2], phase_names[3],
	       all.phases[3]);
	tu_case("at least 200 kills landed");
	CHECKF(all.kills >= KILLS_MIN, "%d kills", all.kills);

	for (int i = 0; i < NPKG; i++)
		tu_snap_free(&snaps[i]);
	int rc = tu_finish();
	tu_cleanup();
	return rc;
}
