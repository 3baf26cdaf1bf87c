/* Rollback from the service screen (platform/service/rollback): the
 * previous content comes back byte for byte, a second rollback goes
 * forward again, and, the way test_faults treats an import, the Nth file
 * operation crashes (kill -9 at every step: _exit in a forked child) or
 * fails with EIO. After a crash, recovery leaves DATA holding the old or
 * the new content, whole and loading; after a failure the rollback says
 * so and DATA is byte for byte what it was.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "platform/package/fsio.h"
#include "platform/service/rollback.h"
#include "platform/updates/importer.h"
#include "platform/updates/store.h"
#include "util.h"

#define A 0 /* the previous content */
#define B 1 /* the current one */

static const char *W;
static TuSnap pkgs[2];

static void reset(const char *pristine, const char *data)
{
	tu_rm_rf(data);
	if (tu_sh("cp -a '%s' '%s'", pristine, data) != 0)
		exit(2);
}

/* Which package previous names (TU_NONE: none), by its tree. */
static int previous_is(const char *data)
{
	char link[PATH_MAX], buf[128];
	snprintf(link, sizeof(link), "%s/previous", data);
	ssize_t n = readlink(link, buf, sizeof(buf) - 1);
	if (n < 0)
		return TU_NONE;
	buf[n] = '\0';
	char dir[PATH_MAX * 2];
	snprintf(dir, sizeof(dir), "%s/%s", data, buf);
	TuSnap s;
	int which = -1;
	if (tu_snap(dir, false, &s) == 0) {
		/* The snapshot's root line differs (".") only by type: compare
		 * whole and fall back on each package. */
		char why[256];
		for (int i = 0; i < 2 && which < 0; i++) {
			TuSnap a = pkgs[i], b = s;
			if (a.n && b.n) {
				a.v++, a.n--, b.v++, b.n--;
				if (tu_snap_equal(&a, &b, why, sizeof(why)))
					which = i;
			}
		}
		tu_snap_free(&s);
	}
	return which;
}

static void plain(const char *pristine, const char *data)
{
	char why[1024], err[256], msg[256];
	tu_case("rollback: the previous content back byte for byte, previous the one left");
	reset(pristine, data);
	CHECK(rollback_run(data, err, sizeof(err)) == ROLLBACK_DONE);
	CHECK(store_recover(data, msg, sizeof(msg)) == 0 && msg[0] == '\0');
	CHECKF(tu_verify_data(data, pkgs, 2, why, sizeof(why)) == A, "%s", why);
	CHECK(previous_is(data) == B);
	tu_case("rollback: a second one goes forward again");
	CHECK(rollback_run(data, err, sizeof(err)) == ROLLBACK_DONE);
	CHECKF(tu_verify_data(data, pkgs, 2, why, sizeof(why)) == B, "%s", why);
	CHECK(previous_is(data) == A);
	tu_case("rollback: nothing previous changes nothing");
	char empty[PATH_MAX];
	snprintf(empty, sizeof(empty), "%s/empty", W);
	CHECK(rollback_run(empty, err, sizeof(err)) == ROLLBACK_NO_PREVIOUS);
}

static void crash_loop(const char *setup, const char *pristine, const char *data)
{
	char name[256], why[1024], msg[256];
	int outcome[2] = {0, 0};
	for (uint64_t n = 1;; n++) {
		snprintf(name, sizeof(name), "rollback %s: crash at call %llu", setup,
		         (unsigned long long)n);
		tu_case(name);
		reset(pristine, data);
		fflush(stdout);
		pid_t pid = fork();
		if (pid == 0) {
			char err[256];
			fsio_fail_at(n, FSIO_FAULT_CRASH);
			_exit((int)rollback_run(data, err, sizeof(err)));
		}
		int st;
		waitpid(pid, &st, 0);
		bool crashed = WIFEXITED(st) && WEXITSTATUS(st) == FSIO_CRASH_STATUS;
		if (!crashed)
			CHECKF(WIFEXITED(st) && WEXITSTATUS(st) == ROLLBACK_DONE,
			       "the rollback without a crash ended with status %d", st);
		CHECK(store_recover(data, msg, sizeof(msg)) == 0);
		int v = tu_verify_data(data, pkgs, 2, why, sizeof(why));
		CHECKF(v == A || v == B, "after recovery: %s", why);
		if (v == A || v == B)
			outcome[v]++;
		if (!crashed) {
			CHECK(v == A && previous_is(data) == B);
			printf("rollback %s: crashed at each of %llu calls: %d times the content "
			       "before, %d times the content gone back to, after recovery\n",
			       setup, (unsigned long long)(n - 1), outcome[B], outcome[A] - 1);
			break;
		}
		if (n > 1000) {
			CHECKF(false, "the rollback never ran to its end");
			break;
		}
	}
}

static void fail_loop(const char *pristine, const char *data)
{
	char name[256], why[1024], err[256];
	TuSnap old;
	reset(pristine, data);
	tu_snap(data, false, &old);
	for (uint64_t n = 1;; n++) {
		snprintf(name, sizeof(name), "rollback: EIO at call %llu", (unsigned long long)n);
		tu_case(name);
		reset(pristine, data);
		fsio_fail_at(n, FSIO_FAULT_EIO);
		RollbackResult rc = rollback_run(data, err, sizeof(err));
		const char *op = fsio_fault_hit();
		fsio_fail_at(0, FSIO_FAULT_NONE);
		int v = tu_verify_data(data, pkgs, 2, why, sizeof(why));
		if (!op) {
			CHECK(rc == ROLLBACK_DONE && v == A);
			printf("rollback: EIO at each of %llu calls\n", (unsigned long long)(n - 1));
			break;
		}
		if (rc == ROLLBACK_DONE) {
			CHECKF(v == A, "done despite %s failing: %s", op, why);
			continue;
		}
		CHECKF(rc == ROLLBACK_FAILED && *err, "%s failing gave %d", op, rc);
		TuSnap now;
		tu_snap(data, false, &now);
		CHECKF(tu_snap_equal(&old, &now, why, sizeof(why)), "%s failing changed DATA: %s", op,
		       why);
		tu_snap_free(&now);
		if (n > 1000)
			break;
	}
	tu_snap_free(&old);
}

int main(void)
{
	W = tu_workdir("rollback");
	PkgLimits lim;
	pkg_limits_default(&lim);
	char pa[PATH_MAX], pb[PATH_MAX], confirmed[PATH_MAX], on_trial[PATH_MAX], data[PATH_MAX];
	snprintf(pa, sizeof(pa), "%s/pkg-a", W);
	snprintf(pb, sizeof(pb), "%s/pkg-b", W);
	tu_make_pkg(pa, 41, 2, 40, 40);
	tu_make_pkg(pb, 42, 3, 200, 100);
	tu_snap(pa, false, &pkgs[A]);
	tu_snap(pb, false, &pkgs[B]);
	snprintf(confirmed, sizeof(confirmed), "%s/confirmed", W);
	snprintf(on_trial, sizeof(on_trial), "%s/on-trial", W);
	snprintf(data, sizeof(data), "%s/data", W);
	const char *setups[2] = {confirmed, on_trial};
	for (int s = 0; s < 2; s++) {
		const char *src[2] = {pa, pb};
		for (int i = 0; i < 2; i++) {
			PkgReport r;
			pkg_report_init(&r);
			if (importer_run(src[i], setups[s], &lim, NULL, &r) != IMPORT_INSTALLED) {
				fprintf(stderr, "set-up import failed\n");
				return 2;
			}
			pkg_report_free(&r);
			if (s == 0)
				store_confirm(setups[s]);
		}
	}
	plain(confirmed, data);
	crash_loop("confirmed", confirmed, data);
	crash_loop("on trial", on_trial, data);
	fail_loop(confirmed, data);
	tu_snap_free(&pkgs[A]);
	tu_snap_free(&pkgs[B]);
	tu_cleanup();
	return tu_finish();
}
