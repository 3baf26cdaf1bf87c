/* Crash safety the way SQLite tests it: for N = 1, 2, ... until an import
 * runs to its end without reaching N, the Nth file operation of the import
 * crashes (_exit in a forked child) or fails (EIO, ENOSPC, a short write
 * after which the disk is full). After a crash, recovery must leave DATA
 * holding the old or the new package, whole, loading. After a failure,
 * the import must say so and DATA must be byte for byte what it was, with
 * no staging folder; recovery then finds nothing to undo.
 *
 * Three starting points: the old content confirmed, the old content
 * still on trial (so the import sets its trial aside and must bring it
 * back), and old content whose pictures are the new one's, which the
 * import links rather than copies (so a failure must leave those files,
 * shared for a moment by two versions, whole under their old name).
 */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "platform/package/fsio.h"
#include "platform/updates/importer.h"
#include "platform/updates/store.h"
#include "util.h"

#define OLD 0
#define NEW 1

static const char *W;
static char pkg_z[PATH_MAX], pkg_old[PATH_MAX], pkg_new[PATH_MAX], pkg_share[PATH_MAX];
/* The old content of the setup under test, and the new. */
static TuSnap pkgs[2];
static PkgLimits lim;

static int open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;
	while (d && readdir(d))
		n++;
	if (d)
		closedir(d);
	return n;
}

static ImportResult run_import(const char *data)
{
	PkgReport r;
	pkg_report_init(&r);
	ImportResult rc = importer_run(pkg_new, data, &lim, NULL, &r);
	pkg_report_free(&r);
	return rc;
}

/* Calls that change the disk: a failure there must be IMPORT_FAILED. A
 * failed read may also be the stick's (IMPORT_REMOVED or a problem). */
static bool writes(const char *op)
{
	static const char *const ops[] = {"write",    "fsync",  "mkdirat",
	                                  "renameat", "linkat", "symlinkat"};
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (strcmp(op, ops[i]) == 0)
			return true;
	return false;
}

static int verify(const char *data, char *why, size_t whylen)
{
	return tu_verify_data(data, pkgs, 2, why, whylen);
}

static void reset(const char *pristine, const char *data)
{
	tu_rm_rf(data);
	if (tu_sh("cp -a '%s' '%s'", pristine, data) != 0) {
		fprintf(stderr, "cannot copy %s\n", pristine);
		exit(2);
	}
}

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void crash_loop(const char *setup, const char *pristine)
{
	char data[PATH_MAX], name[256], why[1024], msg[256];
	snprintf(data, sizeof(data), "%s/data", W);
	int outcome[2] = {0, 0};
	double t0 = now_s();
	for (uint64_t n = 1;; n++) {
		snprintf(name, sizeof(name), "%s: crash at call %llu", setup,
		         (unsigned long long)n);
		tu_case(name);
		reset(pristine, data);
		fflush(stdout);
		fflush(stderr);
		pid_t pid = fork();
		if (pid == 0) {
			fsio_fail_at(n, FSIO_FAULT_CRASH);
			_exit((int)run_import(data));
		}
		int st;
		waitpid(pid, &st, 0);
		bool crashed = WIFEXITED(st) && WEXITSTATUS(st) == FSIO_CRASH_STATUS;
		if (!crashed) {
			CHECKF(WIFEXITED(st) && WEXITSTATUS(st) == IMPORT_INSTALLED,
			       "the import without a crash ended with status %d", st);
		}
		CHECK(store_recover(data, msg, sizeof(msg)) == 0);
		int v = verify(data, why, sizeof(why));
		CHECKF(v == OLD || v == NEW, "after recovery: %s", why);
		if (!crashed)
			CHECK(v == NEW);
		if (v == OLD || v == NEW)
			outcome[v]++;
		if (!crashed) {
			printf("%s: crashed at each of %llu calls: %d times old content, %d times "
			       "new, after recovery (%.1f s)\n",
			       setup, (unsigned long long)(n - 1), outcome[OLD], outcome[NEW] - 1,
			       now_s() - t0);
			break;
		}
		if (n > 20000) {
			CHECKF(false, "the import never ran to its end");
			break;
		}
	}
}

static void fail_loop(const char *setup, const char *pristine, FsioFault mode, const char *label)
{
	char data[PATH_MAX], name[256], why[1024], msg[256];
	snprintf(data, sizeof(data), "%s/data", W);
	TuSnap old;
	reset(pristine, data);
	tu_snap(data, false, &old);
	int failed_rc = 0, other_rc = 0, committed = 0;
	double t0 = now_s();
	for (uint64_t n = 1;; n++) {
		snprintf(name, sizeof(name), "%s: %s at call %llu", setup, label,
		         (unsigned long long)n);
		tu_case(name);
		reset(pristine, data);
		int fds = open_fds();
		fsio_fail_at(n, mode);
		ImportResult rc = run_import(data);
		const char *op = fsio_fault_hit();
		fsio_fail_at(0, FSIO_FAULT_NONE);
		CHECKF(open_fds() == fds, "descriptors leaked (%d before, %d after)", fds,
		       open_fds());
		if (!op) {
			CHECKF(rc == IMPORT_INSTALLED, "the import without a fault gave %d", rc);
			CHECK(store_recover(data, msg, sizeof(msg)) == 0);
			CHECK(verify(data, why, sizeof(why)) == NEW);
			printf("%s: %s at each of %llu calls: %d failed imports, %d refused at a "
			       "read, %d after the switch (%.1f s)\n",
			       setup, label, (unsigned long long)(n - 1), failed_rc, other_rc,
			       committed, now_s() - t0);
			break;
		}
		if (rc == IMPORT_INSTALLED) {
			/* Only clean-up remained: the new content is in. */
			committed++;
			CHECK(store_recover(data, msg, sizeof(msg)) == 0);
			int v = verify(data, why, sizeof(why));
			CHECKF(v == NEW, "installed despite %s failing: %s", op, why);
			continue;
		}
		if (rc == IMPORT_FAILED)
			failed_rc++;
		else
			other_rc++;
		CHECKF(rc == IMPORT_FAILED ||
		           (!writes(op) && (rc == IMPORT_REMOVED || rc == IMPORT_REJECTED)),
		       "%s failing gave result %d", op, rc);
		TuSnap now;
		tu_snap(data, false, &now);
		CHECKF(tu_snap_equal(&old, &now, why, sizeof(why)), "%s failing changed DATA: %s",
		       op, why);
		tu_snap_free(&now);
		CHECK(tu_count_prefix(data, "staging-") == 0);
		CHECK(store_recover(data, msg, sizeof(msg)) == 0);
		CHECKF(verify(data, why, sizeof(why)) == OLD, "%s", why);
		if (n > 20000) {
			CHECKF(false, "the import never ran to its end");
			break;
		}
	}
	tu_snap_free(&old);
}

int main(void)
{
	W = tu_workdir("faults");
	pkg_limits_default(&lim);
	snprintf(pkg_z, sizeof(pkg_z), "%s/pkg-z", W);
	snprintf(pkg_old, sizeof(pkg_old), "%s/pkg-old", W);
	snprintf(pkg_new, sizeof(pkg_new), "%s/pkg-new", W);
	tu_make_pkg(pkg_z, 30, 1, 16, 16);
	tu_make_pkg(pkg_old, 31, 2, 40, 40);
	/* One picture spans several copy blocks. */
	tu_make_pkg(pkg_new, 32, 3, 400, 300);
	/* The new package's pictures under another article. */
	snprintf(pkg_share, sizeof(pkg_share), "%s/pkg-share", W);
	tu_make_pkg(pkg_share, 33, 3, 400, 300);
	if (tu_sh("cp '%s'/images/*.png '%s/images/'", pkg_new, pkg_share) != 0)
		return 2;
	tu_snap(pkg_old, false, &pkgs[OLD]);
	tu_snap(pkg_new, false, &pkgs[NEW]);

	/* confirmed: the old content shown and confirmed, a previous one
	 * kept. on-trial: the old content installed and never confirmed. */
	char confirmed[PATH_MAX], on_trial[PATH_MAX], sharing[PATH_MAX];
	snprintf(confirmed, sizeof(confirmed), "%s/confirmed", W);
	snprintf(on_trial, sizeof(on_trial), "%s/on-trial", W);
	snprintf(sharing, sizeof(sharing), "%s/sharing", W);
	PkgReport r;
	const char *setups[3] = {confirmed, on_trial, sharing};
	for (int s = 0; s < 3; s++) {
		const char *src[2] = {pkg_z, s == 2 ? pkg_share : pkg_old};
		for (int i = 0; i < 2; i++) {
			pkg_report_init(&r);
			if (importer_run(src[i], setups[s], &lim, NULL, &r) != IMPORT_INSTALLED) {
				fprintf(stderr, "set-up import failed\n");
				return 2;
			}
			pkg_report_free(&r);
		}
		if (s != 1)
			store_confirm(setups[s]);
	}

	crash_loop("confirmed", confirmed);
	crash_loop("on trial", on_trial);
	fail_loop("confirmed", confirmed, FSIO_FAULT_EIO, "EIO");
	fail_loop("confirmed", confirmed, FSIO_FAULT_ENOSPC, "ENOSPC");
	fail_loop("confirmed", confirmed, FSIO_FAULT_SHORT, "short write");
	fail_loop("on trial", on_trial, FSIO_FAULT_EIO, "EIO");
	fail_loop("on trial", on_trial, FSIO_FAULT_SHORT, "short write");

	tu_snap_free(&pkgs[OLD]);
	tu_snap(pkg_share, false, &pkgs[OLD]);
	tu_case("sharing: the new content's pictures are the old content's files");
	char data[PATH_MAX], pic[PATH_MAX];
	snprintf(data, sizeof(data), "%s/data", W);
	reset(sharing, data);
	CHECK(run_import(data) == IMPORT_INSTALLED);
	struct stat st;
	tu_path(pic, data, "current/images/pic1.png");
	CHECKF(stat(pic, &st) == 0 && st.st_nlink == 2, "pic1.png has %lu names",
	       (unsigned long)st.st_nlink);
	crash_loop("sharing", sharing);
	fail_loop("sharing", sharing, FSIO_FAULT_EIO, "EIO");
	fail_loop("sharing", sharing, FSIO_FAULT_ENOSPC, "ENOSPC");

	tu_snap_free(&pkgs[OLD]);
	tu_snap_free(&pkgs[NEW]);
	int rc = tu_finish();
	tu_cleanup();
	return rc;
}
