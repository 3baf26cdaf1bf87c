/* The importer's behaviour, one case at a time: installing, "already
 * installed" writing nothing, keeping one previous version, refusing
 * links and pipes, cancelling, limits, the trial and its rollback, and
 * what recovery repairs. Runs importer_run in this process on packages
 * made on the fly.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "core/settings/config.h"
#include "platform/updates/importer.h"
#include "platform/updates/store.h"
#include "util.h"

static const char MSG_REMOVED[] =
    "The USB stick was removed before the update finished. Nothing was changed.";
static const char MSG_ROLLBACK[] =
    "The new content could not be shown, so the previous content is back.";
static const char MSG_BUILTIN[] =
    "The new content could not be shown, so the built-in content is back.";
static const char MSG_BUSY[] = "Another update is already running. Nothing was changed.";

static const char *W;
static char pkg_a[PATH_MAX], pkg_b[PATH_MAX], pkg_c[PATH_MAX];
static uint64_t pkg_a_bytes;
static TuSnap snap_a, snap_b, snap_c;

static ImportResult import_with(const char *src, const char *data, const PkgLimits *lim,
                                const ImportHooks *hooks, PkgReport *r)
{
	PkgLimits def;
	if (!lim) {
		pkg_limits_default(&def);
		lim = &def;
	}
	pkg_report_init(r);
	return importer_run(src, data, lim, hooks, r);
}

static ImportResult import(const char *src, const char *data)
{
	PkgReport r;
	ImportResult rc = import_with(src, data, NULL, NULL, &r);
	pkg_report_free(&r);
	return rc;
}

static bool report_has(const PkgReport *r, const char *path, const char *words)
{
	for (size_t i = 0; i < r->n; i++)
		if ((!path || strcmp(r->v[i].path, path) == 0) && strstr(r->v[i].msg, words))
			return true;
	return false;
}

static void print_report(const PkgReport *r)
{
	char line[1024];
	for (size_t i = 0; i < r->n; i++)
		if (pkg_report_line(r, i, line, sizeof(line)) >= 0)
			fprintf(stderr, "  report: %s\n", line);
}

static char *path_in(char *buf, const char *dir, const char *name)
{
	if (snprintf(buf, PATH_MAX, "%s/%s", dir, name) >= PATH_MAX) {
		fprintf(stderr, "path too long: %s/%s\n", dir, name);
		exit(2);
	}
	return buf;
}

/* A fresh DATA holding the given packages imported in order, the last
 * one confirmed. */
static void fresh_data(char *data, const char *tag, const char *const *pkgs, int n)
{
	path_in(data, W, tag);
	tu_rm_rf(data);
	for (int i = 0; i < n; i++)
		if (import(pkgs[i], data) != IMPORT_INSTALLED) {
			fprintf(stderr, "set-up import of %s failed\n", pkgs[i]);
			exit(2);
		}
	store_confirm(data);
}

static int verify(const char *data)
{
	TuSnap pk[3] = {snap_a, snap_b, snap_c};
	char why[1024];
	int v = tu_verify_data(data, pk, 3, why, sizeof(why));
	CHECKF(v != -1, "DATA is not consistent: %s", why);
	return v;
}

/* `kiosk import` (cmd_import) in a child, its standard output captured. */
static int main_capture(const char *src, const char *data, char *out, size_t outlen)
{
	int p[2];
	if (pipe(p) != 0)
		return -1;
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		dup2(p[1], 1);
		Config cfg;
		config_defaults(&cfg);
		CliOptions cli = {.mode = CLI_IMPORT, .dir = src, .data = data, .rotation = -1};
		_exit(cmd_import(&cli, &cfg));
	}
	close(p[1]);
	size_t n = 0;
	ssize_t r;
	while (n + 1 < outlen && (r = read(p[0], out + n, outlen - 1 - n)) > 0)
		n += (size_t)r;
	out[n] = '\0';
	close(p[0]);
	int st;
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

typedef struct {
	uint64_t last_done, last_total, calls;
	ProgressStage stage;
	uint64_t read_done, read_total; /* the reading's last report */
	bool backwards;
	uint64_t cancel_after;
	volatile int cancel;
} Prog;

static void on_progress(void *user, ProgressStage stage, uint64_t done, uint64_t total)
{
	Prog *p = user;
	if (stage != p->stage) {
		/* Reading, then checking, never back. */
		if (stage < p->stage)
			p->backwards = true;
		p->stage = stage;
		p->last_done = 0;
	}
	if (done < p->last_done || done > total)
		p->backwards = true;
	if (stage == PROGRESS_READING) {
		p->read_done = done;
		p->read_total = total;
	}
	p->last_done = done;
	p->last_total = total;
	p->calls++;
	if (p->cancel_after && done >= p->cancel_after)
		p->cancel = 1;
}

static void read_trial(const char *data, char *id, unsigned *starts)
{
	char path[PATH_MAX];
	id[0] = '\0';
	*starts = 99;
	FILE *f = fopen(path_in(path, data, "trial"), "r");
	if (!f)
		return;
	if (fscanf(f, "%64s %u", id, starts) != 2)
		id[0] = '\0';
	fclose(f);
}

static void test_first_import(void)
{
	tu_case("first import into a missing folder");
	char data[PATH_MAX];
	snprintf(data, sizeof(data), "%s/new/parent/data", W);
	Prog p = {0};
	ImportHooks hooks = {.progress = on_progress, .user = &p, .cancel = &p.cancel};
	PkgReport r;
	ImportResult rc = import_with(pkg_a, data, NULL, &hooks, &r);
	CHECKF(rc == IMPORT_INSTALLED, "result %d", rc);
	if (rc != IMPORT_INSTALLED)
		print_report(&r);
	CHECKF(r.articles == 1 && r.topics == 3 && r.images == 3, "counts %u %u %u", r.articles,
	       r.topics, r.images);
	CHECK(r.errors == 0);
	pkg_report_free(&r);
	CHECK(verify(data) == 0);
	CHECK(p.calls > 2 && !p.backwards);
	CHECKF(p.stage == PROGRESS_CHECKING && p.last_done == p.last_total && p.last_total > 0,
	       "progress ends at %llu of %llu", (unsigned long long)p.last_done,
	       (unsigned long long)p.last_total);
	/* Each byte of the stick counted once: the package's size, read. */
	CHECKF(p.read_done == p.read_total && p.read_total == pkg_a_bytes,
	       "the stick read as %llu of %llu bytes, for a package of %llu",
	       (unsigned long long)p.read_done, (unsigned long long)p.read_total,
	       (unsigned long long)pkg_a_bytes);
	char id[65], cur[65];
	unsigned starts;
	read_trial(data, id, &starts);
	tu_current_id(data, cur);
	CHECKF(strcmp(id, cur) == 0 && starts == 0, "trial \"%s %u\"", id, starts);
	struct stat st;
	CHECK(stat(data, &st) == 0 && (st.st_mode & 07777) == 0755);
}

static void test_already(void)
{
	tu_case("the same content again is already installed and writes nothing");
	char data[PATH_MAX];
	const char *pk[] = {pkg_a};
	fresh_data(data, "already", pk, 1);
	TuSnap before, after;
	char why[1024];
	tu_snap(data, true, &before);
	PkgReport r;
	ImportResult rc = import_with(pkg_a, data, NULL, NULL, &r);
	CHECKF(rc == IMPORT_ALREADY, "result %d", rc);
	CHECK(r.n == 0);
	pkg_report_free(&r);
	char out[4096];
	int st = main_capture(pkg_a, data, out, sizeof(out));
	CHECK(st == 0);
	CHECKF(strcmp(out, "Already installed: nothing changed.\n") == 0, "printed \"%s\"", out);
	tu_snap(data, true, &after);
	CHECKF(tu_snap_equal(&before, &after, why, sizeof(why)), "DATA changed: %s", why);
	tu_snap_free(&before);
	tu_snap_free(&after);
}

static void test_main_messages(void)
{
	tu_case("kiosk import prints what it installed");
	char data[PATH_MAX], out[4096];
	path_in(data, W, "main");
	int st = main_capture(pkg_a, data, out, sizeof(out));
	CHECK(st == 0);
	CHECKF(strcmp(out, "Installed: 1 article, 3 topics, 3 images\n") == 0, "printed \"%s\"",
	       out);
	st = main_capture(W, data, out, sizeof(out));
	CHECK(st == 1);
	CHECKF(strcmp(out, "This USB stick has no kiosk content\n") == 0, "printed \"%s\"", out);
}

static void test_previous(void)
{
	tu_case("each import keeps one previous version and removes older ones");
	char data[PATH_MAX], ida[65], idb[65], idc[65], prev[PATH_MAX];
	const char *pk[] = {pkg_a};
	fresh_data(data, "previous", pk, 1);
	tu_current_id(data, ida);
	CHECK(import(pkg_b, data) == IMPORT_INSTALLED);
	tu_current_id(data, idb);
	CHECK(verify(data) == 1);
	char target[256];
	ssize_t n = readlink(path_in(prev, data, "previous"), target, sizeof(target) - 1);
	target[n > 0 ? n : 0] = '\0';
	CHECKF(n > 0 && strcmp(target + 9, ida) == 0, "previous -> %s", target);
	CHECK(import(pkg_c, data) == IMPORT_INSTALLED);
	tu_current_id(data, idc);
	CHECK(verify(data) == 2);
	n = readlink(prev, target, sizeof(target) - 1);
	target[n > 0 ? n : 0] = '\0';
	CHECKF(n > 0 && strcmp(target + 9, idb) == 0, "previous -> %s", target);
	char vers[PATH_MAX];
	CHECK(tu_count_prefix(path_in(vers, data, "versions"), "") == 4); /* . .. b c */

	tu_case("going back to the previous content reuses its folder");
	CHECK(import(pkg_b, data) == IMPORT_INSTALLED);
	CHECK(verify(data) == 1);
	n = readlink(prev, target, sizeof(target) - 1);
	target[n > 0 ? n : 0] = '\0';
	CHECKF(n > 0 && strcmp(target + 9, idc) == 0, "previous -> %s", target);
	CHECK(tu_count_prefix(vers, "") == 4);
}

static void test_read_once(void)
{
	tu_case("a package sent again reads each byte of the stick once");
	char data[PATH_MAX], src[PATH_MAX], p[PATH_MAX];
	const char *pk[] = {pkg_a};
	fresh_data(data, "once", pk, 1);
	path_in(src, W, "once-src");
	tu_rm_rf(src);
	tu_sh("cp -a '%s' '%s' && echo 'One more line.' >> '%s/article.md'", pkg_a, src, src);
	Prog pr = {0};
	ImportHooks hooks = {.progress = on_progress, .user = &pr};
	PkgReport r;
	CHECK(import_with(src, data, NULL, &hooks, &r) == IMPORT_INSTALLED);
	pkg_report_free(&r);
	uint64_t bytes = pkg_a_bytes + 15; /* "One more line.\n" */
	CHECKF(!pr.backwards && pr.read_done == bytes && pr.read_total == bytes,
	       "read %llu of %llu bytes of a %llu-byte package", (unsigned long long)pr.read_done,
	       (unsigned long long)pr.read_total, (unsigned long long)bytes);

	tu_case("a file found to differ from the installed one is read, and counted, again");
	fresh_data(data, "once2", pk, 1);
	tu_rm_rf(src);
	tu_sh("cp -a '%s' '%s'", pkg_a, src);
	/* pic1: other pixels, the same size. */
	tu_write_png(path_in(p, src, "images/pic1.png"), 48, 32, 4242);
	struct stat st;
	CHECK(stat(p, &st) == 0);
	pr = (Prog){0};
	CHECK(import_with(src, data, NULL, &hooks, &r) == IMPORT_INSTALLED);
	pkg_report_free(&r);
	bytes = pkg_a_bytes + (uint64_t)st.st_size;
	CHECKF(!pr.backwards && pr.read_done == bytes && pr.read_total == bytes,
	       "read %llu of %llu bytes, %llu expected", (unsigned long long)pr.read_done,
	       (unsigned long long)pr.read_total, (unsigned long long)bytes);
}

static void expect_unchanged(const char *data, const TuSnap *before)
{
	TuSnap after;
	char why[1024];
	tu_snap(data, false, &after);
	CHECKF(tu_snap_equal(before, &after, why, sizeof(why)), "DATA changed: %s", why);
	tu_snap_free(&after);
	CHECK(tu_count_prefix(data, "staging-") == 0);
}

static void test_rejected(void)
{
	tu_case("a package with problems leaves DATA as it was");
	char data[PATH_MAX], bad[PATH_MAX], p[PATH_MAX];
	const char *pk[] = {pkg_a};
	fresh_data(data, "rejected", pk, 1);
	path_in(bad, W, "bad-empty");
	tu_make_pkg(bad, 7, 2, 16, 16);
	tu_write_file(path_in(p, bad, "article.md"), "   \n", 4);
	TuSnap before;
	tu_snap(data, false, &before);
	PkgReport r;
	ImportResult rc = import_with(bad, data, NULL, NULL, &r);
	CHECKF(rc == IMPORT_REJECTED, "result %d", rc);
	CHECK(report_has(&r, "article.md", "empty"));
	pkg_report_free(&r);
	expect_unchanged(data, &before);
	char out[4096];
	CHECK(main_capture(bad, data, out, sizeof(out)) == 1);
	CHECKF(strstr(out, "article.md: the article is empty\n") != NULL, "printed \"%s\"", out);
	expect_unchanged(data, &before);
	tu_snap_free(&before);

	tu_case("a package with problems creates no data folder");
	char none[PATH_MAX];
	path_in(none, W, "none");
	CHECK(import(bad, path_in(p, none, "data")) == IMPORT_REJECTED);
	CHECK(!tu_exists(none));
}

static void test_not_plain(void)
{
	tu_case("links, pipes and hard links on the stick are refused, never followed");
	char data[PATH_MAX], src[PATH_MAX], p[PATH_MAX], q[PATH_MAX];
	const char *pk[] = {pkg_a};
	fresh_data(data, "notplain", pk, 1);
	path_in(src, W, "notplain-src");
	tu_make_pkg(src, 8, 2, 16, 16);
	unlink(path_in(p, src, "images/pic2.png"));
	CHECK(symlink("/etc/passwd", p) == 0);
	unlink(path_in(p, src, "images/pic1.png"));
	CHECK(mkfifo(p, 0644) == 0);
	tu_write_file(path_in(p, src, "notes.txt"), "x", 1);
	CHECK(link(p, path_in(q, src, "images/notes-again.txt")) == 0);
	TuSnap before;
	tu_snap(data, false, &before);
	PkgReport r;
	alarm(60); /* a pipe opened for reading would hang here */
	ImportResult rc = import_with(src, data, NULL, NULL, &r);
	alarm(0);
	CHECKF(rc == IMPORT_REJECTED, "result %d", rc);
	CHECK(report_has(&r, "images/pic2.png", "symbolic link"));
	CHECK(report_has(&r, "images/pic1.png", "pipe"));
	CHECK(report_has(&r, "notes.txt", "hard link"));
	pkg_report_free(&r);
	expect_unchanged(data, &before);
	tu_snap_free(&before);
}

static void test_no_content(void)
{
	tu_case("a stick without a kiosk folder");
	char data[PATH_MAX], src[PATH_MAX], p[PATH_MAX];
	const char *pk[] = {pkg_a};
	fresh_data(data, "nocontent", pk, 1);
	path_in(src, W, "nocontent-src");
	mkdir(src, 0755);
	tu_write_file(path_in(p, src, "holiday.jpg"), "x", 1);
	TuSnap before;
	tu_snap(data, false, &before);
	PkgReport r;
	ImportResult rc = import_with(src, data, NULL, NULL, &r);
	CHECKF(rc == IMPORT_NO_CONTENT, "result %d", rc);
	CHECK(r.n == 1 && report_has(&r, "", "This USB stick has no kiosk content"));
	pkg_report_free(&r);
	expect_unchanged(data, &before);
	tu_snap_free(&before);
}

static void test_fat_names(void)
{
	tu_case("a stick root with a KIOSK folder in capitals keeps its names");
	char data[PATH_MAX], src[PATH_MAX], k[PATH_MAX], p[PATH_MAX];
	path_in(src, W, "caps");
	path_in(k, src, "KIOSK");
	tu_sh("mkdir -p '%s/IMAGES'", k);
	static const char art[] = "# Lungs\n\nIntro.\n\n## Breathing\n\nText.\n\n"
	                          "![The lungs](images/lungs.png)\n";
	tu_write_file(path_in(p, k, "ARTICLE.MD"), art, sizeof(art) - 1);
	tu_write_png(path_in(p, k, "IMAGES/LUNGS.PNG"), 40, 30, 5);
	/* What the kiosk keeps: the package without the leftovers of other
	 * systems (taken before .DS_Store goes in). */
	TuSnap want;
	tu_snap(k, false, &want);
	tu_write_file(path_in(p, k, ".DS_Store"), "junk", 4);
	path_in(data, W, "caps-data");
	PkgReport r;
	ImportResult rc = import_with(src, data, NULL, NULL, &r);
	CHECKF(rc == IMPORT_INSTALLED, "result %d", rc);
	if (rc != IMPORT_INSTALLED)
		print_report(&r);
	CHECK(r.images == 1 && r.topics == 1);
	pkg_report_free(&r);
	CHECK(tu_exists(path_in(p, data, "current/ARTICLE.MD")));
	CHECK(tu_exists(path_in(p, data, "current/IMAGES/LUNGS.PNG")));
	char why[512];
	CHECKF(tu_verify_data(data, &want, 1, why, sizeof(why)) == 0, "%s", why);
	tu_snap_free(&want);
}

static void test_cancel(void)
{
	tu_case("cancelling mid-copy changes nothing");
	char data[PATH_MAX], big[PATH_MAX];
	const char *pk[] = {pkg_a};
	fresh_data(data, "cancel", pk, 1);
	path_in(big, W, "cancel-src");
	uint64_t bytes = tu_make_pkg(big, 9, 3, 700, 700);
	TuSnap before;
	tu_snap(data, false, &before);
	Prog p = {.cancel_after = bytes / 2};
	ImportHooks hooks = {.progress = on_progress, .user = &p, .cancel = &p.cancel};
	PkgReport r;
	ImportResult rc = import_with(big, data, NULL, &hooks, &r);
	CHECKF(rc == IMPORT_REMOVED, "result %d", rc);
	CHECK(r.n == 1 && strcmp(r.v[0].msg, MSG_REMOVED) == 0);
	CHECK(p.stage == PROGRESS_READING && p.last_done < bytes);
	pkg_report_free(&r);
	expect_unchanged(data, &before);
	tu_snap_free(&before);
}

static void test_limits(void)
{
	char data[PATH_MAX], src[PATH_MAX];
	const char *pk[] = {pkg_a};
	fresh_data(data, "limits", pk, 1);
	path_in(src, W, "limits-src");
	tu_make_pkg(src, 10, 4, 64, 64);
	TuSnap before;
	tu_snap(data, false, &before);
	PkgLimits lim;
	PkgReport r;

	tu_case("more files than allowed");
	pkg_limits_default(&lim);
	lim.max_files = 3;
	CHECK(import_with(src, data, &lim, NULL, &r) == IMPORT_REJECTED);
	CHECK(report_has(&r, "", "too many files (more than 3 files and folders)"));
	pkg_report_free(&r);
	expect_unchanged(data, &before);

	tu_case("a package larger than allowed");
	pkg_limits_default(&lim);
	lim.max_package = 20000;
	CHECK(import_with(src, data, &lim, NULL, &r) == IMPORT_REJECTED);
	CHECK(report_has(&r, "", "the kiosk folder is too large"));
	pkg_report_free(&r);
	expect_unchanged(data, &before);

	tu_case("a picture larger than allowed is read only one byte past the limit");
	pkg_limits_default(&lim);
	lim.max_image = 1000;
	Prog p = {0};
	ImportHooks hooks = {.progress = on_progress, .user = &p};
	CHECK(import_with(src, data, &lim, &hooks, &r) == IMPORT_REJECTED);
	CHECK(report_has(&r, "images/pic1.png", "too large"));
	pkg_report_free(&r);
	expect_unchanged(data, &before);
	tu_snap_free(&before);
}

static void test_leftovers(void)
{
	tu_case("leftovers of other systems are neither copied nor counted");
	char data[PATH_MAX], src[PATH_MAX], path[PATH_MAX];
	path_in(data, W, "leftovers");
	path_in(src, W, "leftovers-src");
	/* pkg_a's content, with what macOS and Windows leave on a stick. */
	tu_make_pkg(src, 1, 3, 48, 32);
	tu_sh("mkdir -p '%s/System Volume Information' '%s/.Trashes/501' '%s/.fseventsd'", src,
	      src, src);
	tu_write_file(path_in(path, src, ".DS_Store"), "\0\0\0\1Bud1", 8);
	tu_write_file(path_in(path, src, "images/._pic1.png"), "Mac OS X", 8);
	tu_write_file(path_in(path, src, "Thumbs.db"), "\xd0\xcf\x11\xe0", 4);
	tu_write_file(path_in(path, src, "System Volume Information/IndexerVolumeGuid"), "{g}", 3);
	/* article.md, images and its three pictures: exactly the limit. */
	PkgLimits lim;
	pkg_limits_default(&lim);
	lim.max_files = 5;
	PkgReport r;
	ImportResult rc = import_with(src, data, &lim, NULL, &r);
	CHECKF(rc == IMPORT_INSTALLED, "result %d", rc);
	if (rc != IMPORT_INSTALLED)
		print_report(&r);
	pkg_report_free(&r);
	/* DATA holds pkg_a's files and nothing else. */
	CHECK(verify(data) == 0);
}

static void test_busy(void)
{
	tu_case("a second import while one runs is refused");
	char data[PATH_MAX];
	const char *pk[] = {pkg_a};
	fresh_data(data, "busy", pk, 1);
	TuSnap before;
	tu_snap(data, false, &before);
	int fd = open(data, O_RDONLY | O_DIRECTORY);
	CHECK(flock(fd, LOCK_EX) == 0);
	PkgReport r;
	ImportFailed failed = {0};
	ImportHooks hooks = {.failed = &failed};
	CHECK(import_with(pkg_b, data, NULL, &hooks, &r) == IMPORT_FAILED);
	CHECK(r.n == 1 && strcmp(r.v[0].msg, MSG_BUSY) == 0);
	CHECK(failed.why == IMPORT_BUSY);
	pkg_report_free(&r);
	char msg[256];
	CHECK(store_recover(data, msg, sizeof(msg)) == 0 && msg[0] == '\0');
	close(fd);
	expect_unchanged(data, &before);
	tu_snap_free(&before);
}

static void test_trial(void)
{
	char data[PATH_MAX], msg[256], id[65], cur[65], ida[65], idb[65];
	unsigned starts;
	const char *pk[] = {pkg_a};

	tu_case("new content is rolled back after two starts without confirmation");
	fresh_data(data, "trial", pk, 1);
	tu_current_id(data, ida);
	CHECK(import(pkg_b, data) == IMPORT_INSTALLED);
	tu_current_id(data, idb);
	CHECK(store_recover(data, msg, sizeof(msg)) == 0);
	CHECKF(msg[0] == '\0', "msg \"%s\"", msg);
	read_trial(data, id, &starts);
	CHECKF(strcmp(id, idb) == 0 && starts == 1, "trial \"%s %u\"", id, starts);
	CHECK(verify(data) == 1);
	CHECK(store_recover(data, msg, sizeof(msg)) == 0);
	CHECKF(strcmp(msg, MSG_ROLLBACK) == 0, "msg \"%s\"", msg);
	tu_current_id(data, cur);
	CHECK(strcmp(cur, ida) == 0);
	CHECK(verify(data) == 0);
	char p[PATH_MAX];
	CHECK(!tu_exists(path_in(p, data, "trial")));
	CHECK(store_recover(data, msg, sizeof(msg)) == 0 && msg[0] == '\0');
	CHECK(verify(data) == 0);

	tu_case("confirmed content stays");
	CHECK(import(pkg_c, data) == IMPORT_INSTALLED);
	CHECK(store_recover(data, msg, sizeof(msg)) == 0 && msg[0] == '\0');
	store_confirm(data);
	CHECK(!tu_exists(path_in(p, data, "trial")));
	for (int i = 0; i < 3; i++)
		CHECK(store_recover(data, msg, sizeof(msg)) == 0 && msg[0] == '\0');
	CHECK(verify(data) == 2);

	tu_case("first content failing twice leaves the built-in content");
	path_in(data, W, "trial-first");
	CHECK(import(pkg_a, data) == IMPORT_INSTALLED);
	CHECK(store_recover(data, msg, sizeof(msg)) == 0 && msg[0] == '\0');
	CHECK(store_recover(data, msg, sizeof(msg)) == 0);
	CHECKF(strcmp(msg, MSG_BUILTIN) == 0, "msg \"%s\"", msg);
	CHECK(verify(data) == TU_NONE);
	CHECK(tu_count_prefix(path_in(p, data, "versions"), "") == 2);
}

static void test_recover(void)
{
	char data[PATH_MAX], p[PATH_MAX], msg[256], ida[65];
	const char *pk[] = {pkg_a, pkg_b};

	tu_case("recovery clears what an interrupted import left");
	fresh_data(data, "recover", pk, 2);
	tu_sh(
	    "cd '%s' && mkdir -p staging-abc123/images && echo x > staging-abc123/images/a.png && "
	    "ln -s versions/zz current.tmp && echo half > trial.tmp && "
	    "mkdir -p versions/%064d && echo y > versions/%064d/article.md",
	    data, 7, 7);
	CHECK(store_recover(data, msg, sizeof(msg)) == 0);
	CHECKF(msg[0] == '\0', "msg \"%s\"", msg);
	CHECK(verify(data) == 1);

	tu_case("recovery brings current back from previous");
	unlink(path_in(p, data, "current"));
	CHECK(store_recover(data, msg, sizeof(msg)) == 0);
	CHECK(msg[0] != '\0');
	CHECK(verify(data) == 0);
	tu_current_id(data, ida);
	CHECK(import(pkg_b, data) == IMPORT_INSTALLED);
	store_confirm(data);
	tu_sh("cd '%s' && rm -f current && ln -s versions/%064d current", data, 0);
	CHECK(store_recover(data, msg, sizeof(msg)) == 0);
	CHECK(verify(data) == 0);

	tu_case("a set-aside trial comes back when the switch never happened");
	fresh_data(data, "recover2", pk, 2);
	char cur[65];
	tu_current_id(data, cur);
	FILE *f = fopen(path_in(p, data, "trial.old"), "w");
	fprintf(f, "%s 0\n", cur);
	fclose(f);
	f = fopen(path_in(p, data, "trial"), "w");
	fprintf(f, "%064d 0\n", 3);
	fclose(f);
	CHECK(store_recover(data, msg, sizeof(msg)) == 0);
	char id[65];
	unsigned starts;
	read_trial(data, id, &starts);
	CHECKF(strcmp(id, cur) == 0 && starts == 1, "trial \"%s %u\"", id, starts);
	CHECKF(msg[0] == '\0', "msg \"%s\"", msg);
	CHECK(verify(data) == 1);
}

int main(void)
{
	W = tu_workdir("import");
	path_in(pkg_a, W, "pkg-a");
	path_in(pkg_b, W, "pkg-b");
	path_in(pkg_c, W, "pkg-c");
	pkg_a_bytes = tu_make_pkg(pkg_a, 1, 3, 48, 32);
	tu_make_pkg(pkg_b, 2, 4, 300, 200);
	tu_make_pkg(pkg_c, 3, 2, 64, 64);
	tu_snap(pkg_a, false, &snap_a);
	tu_snap(pkg_b, false, &snap_b);
	tu_snap(pkg_c, false, &snap_c);

	test_first_import();
	test_already();
	test_main_messages();
	test_previous();
	test_read_once();
	test_rejected();
	test_not_plain();
	test_no_content();
	test_fat_names();
	test_cancel();
	test_limits();
	test_leftovers();
	test_busy();
	test_trial();
	test_recover();

	tu_snap_free(&snap_a);
	tu_snap_free(&snap_b);
	tu_snap_free(&snap_c);
	int rc = tu_finish();
	tu_cleanup();
	return rc;
}
