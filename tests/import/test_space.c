/* The data folder's room: the importer asks the file system how much it
 * may fill before it copies, and refuses plainly when the copy would not
 * fit; files that are as installed are linked, not copied, so sending a
 * large package again with one article edited costs that article. All of
 * it on a small file system of the test's own (a tmpfs of a few MiB in a
 * mount namespace of this process), so the test can fill it, read its
 * free blocks and see the links by st_ino and st_nlink. Then going back,
 * recovery and a rollback with files shared between versions.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "core/settings/config.h"
#include "platform/updates/importer.h"
#include "platform/updates/store.h"
#include "util.h"

#define FS_BYTES (24u << 20)

static const char *W;
static char fs[PATH_MAX], data[PATH_MAX];

static void write_to(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_TRUNC);
	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text)) {
		perror(path);
		exit(2);
	}
	close(fd);
}

/* A tmpfs of bytes at dir that only this process sees: a mount namespace
 * of its own (as root), else a user namespace too (as anyone, where the
 * system allows them). 0, or -1 with the reason in why. */
static int small_fs(const char *dir, unsigned bytes, char *why, size_t whylen)
{
	uid_t uid = getuid();
	gid_t gid = getgid();
	if (unshare(CLONE_NEWNS) != 0) {
		if (unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0) {
			snprintf(why, whylen, "no mount namespace (%s)", strerror(errno));
			return -1;
		}
		char map[64];
		snprintf(map, sizeof(map), "0 %u 1\n", (unsigned)uid);
		int fd = open("/proc/self/setgroups", O_WRONLY);
		if (fd >= 0) {
			if (write(fd, "deny", 4) < 0) {
				/* Older kernels have no setgroups file to write. */
			}
			close(fd);
		}
		write_to("/proc/self/uid_map", map);
		snprintf(map, sizeof(map), "0 %u 1\n", (unsigned)gid);
		write_to("/proc/self/gid_map", map);
	}
	char opts[64];
	snprintf(opts, sizeof(opts), "size=%u,mode=0755", bytes);
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
	    mount("tmpfs", dir, "tmpfs", MS_NOSUID | MS_NODEV, opts) != 0) {
		snprintf(why, whylen, "cannot mount a tmpfs (%s)", strerror(errno));
		return -1;
	}
	return 0;
}

/* What the data folder's user may still fill, in bytes. */
static uint64_t room(void)
{
	struct statvfs st;
	if (statvfs(fs, &st) != 0) {
		perror("statvfs");
		exit(2);
	}
	return (uint64_t)st.f_bavail * st.f_frsize;
}

static uint64_t block(void)
{
	struct statvfs st;
	return statvfs(fs, &st) == 0 ? st.f_frsize : 4096;
}

static ImportResult import_hooked(const char *src, PkgReport *r, ImportFailed *failed)
{
	PkgLimits lim;
	pkg_limits_default(&lim);
	pkg_report_init(r);
	ImportHooks hooks = {.failed = failed};
	return importer_run(src, data, &lim, &hooks, r);
}

static ImportResult import(const char *src, PkgReport *r)
{
	return import_hooked(src, r, NULL);
}

static ImportResult import_quiet(const char *src)
{
	PkgReport r;
	ImportResult rc = import(src, &r);
	pkg_report_free(&r);
	return rc;
}

static void stat_of(const char *link, const char *rel, struct stat *st)
{
	char dir[PATH_MAX], path[PATH_MAX];
	tu_path(path, tu_path(dir, data, link), rel);
	if (stat(path, st) != 0)
		memset(st, 0, sizeof(*st));
}

/* Copies package a to b (cp -a keeps times). */
static void copy_pkg(const char *a, const char *b)
{
	tu_rm_rf(b);
	if (tu_sh("cp -a '%s' '%s'", a, b) != 0)
		exit(2);
}

static void append(const char *pkg, const char *rel, const char *text)
{
	char path[PATH_MAX];
	FILE *f = fopen(tu_path(path, pkg, rel), "a");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0)
		exit(2);
}

/* The room a package's copy takes by the importer's own reckoning, worked
 * out here independently: its files in whole blocks, a block for each
 * folder, one for the staging folder. */
static uint64_t need_of(const char *pkg)
{
	char cmd[PATH_MAX + 64];
	snprintf(cmd, sizeof(cmd), "find '%s' -mindepth 1 -printf '%%y %%s\\n'", pkg);
	FILE *p = popen(cmd, "r");
	uint64_t b = block(), need = b, size;
	char type;
	while (p && fscanf(p, " %c %llu", &type, (unsigned long long *)&size) == 2)
		need += type == 'd' ? b : (size + b - 1) / b * b;
	if (p)
		pclose(p);
	return need;
}

/* `kiosk import` in a child, its output in out. */
static int cli_import(const char *src, char *out, size_t outlen)
{
	int pp[2];
	if (pipe(pp) != 0)
		return -1;
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		close(pp[0]);
		dup2(pp[1], 1);
		Config cfg;
		config_defaults(&cfg);
		CliOptions cli = {.mode = CLI_IMPORT, .dir = src, .data = data, .rotation = -1};
		_exit(cmd_import(&cli, &cfg));
	}
	close(pp[1]);
	size_t n = 0;
	ssize_t r;
	while (n + 1 < outlen && (r = read(pp[0], out + n, outlen - 1 - n)) > 0)
		n += (size_t)r;
	out[n] = '\0';
	close(pp[0]);
	int st;
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static char pkg1[PATH_MAX], pkg2[PATH_MAX], pkg3[PATH_MAX], pkg4[PATH_MAX], big[PATH_MAX];
static TuSnap snap1, snap2, snap3, snap4;

/* rel in current and previous: one file under two names (same), or two
 * files of one name each. */
static bool names(const char *rel, bool same)
{
	struct stat c, p;
	stat_of("current", rel, &c);
	stat_of("previous", rel, &p);
	bool ok = c.st_ino && p.st_ino &&
	          (same ? c.st_ino == p.st_ino && c.st_nlink == 2
	                : c.st_ino != p.st_ino && c.st_nlink == 1 && p.st_nlink == 1);
	if (!ok)
		fprintf(stderr,
		        "  %s: current inode %lu (%lu names), previous inode %lu (%lu names)\n",
		        rel, (unsigned long)c.st_ino, (unsigned long)c.st_nlink,
		        (unsigned long)p.st_ino, (unsigned long)p.st_nlink);
	return ok;
}

static bool same_file(const char *rel)
{
	return names(rel, true);
}

static bool own_file(const char *rel)
{
	return names(rel, false);
}

static int verify(void)
{
	TuSnap pk[4] = {snap1, snap2, snap3, snap4};
	char why[1024];
	int v = tu_verify_data(data, pk, 4, why, sizeof(why));
	CHECKF(v != -1, "DATA is not consistent: %s", why);
	return v;
}

static void test_linked(void)
{
	tu_case("the same package with one article edited: the pictures are linked, not copied");
	CHECK(import_quiet(pkg1) == IMPORT_INSTALLED);
	store_confirm(data);
	uint64_t before = room();
	CHECK(import_quiet(pkg2) == IMPORT_INSTALLED);
	store_confirm(data);
	uint64_t used = before - room();
	CHECK(verify() == 1);
	for (int i = 1; i <= 3; i++) {
		char rel[64];
		snprintf(rel, sizeof(rel), "images/pic%d.png", i);
		CHECKF(same_file(rel), "%s is not one file shared by both versions", rel);
	}
	CHECKF(own_file("article.md"), "the edited article.md is not a file of its own");
	/* The article in a block; the folders cost tmpfs nothing. */
	CHECKF(used <= 2 * block(), "importing the edited package took %llu bytes of room",
	       (unsigned long long)used);
	printf("the package again with one article edited took %llu KB of room (its pictures, "
	       "%llu KB, are linked)\n",
	       (unsigned long long)used / 1024, (unsigned long long)(need_of(pkg1) / 1024));

	tu_case("content whose files are shared with the previous version is already installed, "
	        "and DATA is not touched");
	TuSnap before_snap, after_snap;
	char why[1024];
	tu_snap(data, true, &before_snap);
	CHECK(import_quiet(pkg2) == IMPORT_ALREADY);
	tu_snap(data, true, &after_snap);
	CHECKF(tu_snap_equal(&before_snap, &after_snap, why, sizeof(why)), "DATA changed: %s", why);
	tu_snap_free(&before_snap);
	tu_snap_free(&after_snap);
}

static void test_by_content(void)
{
	tu_case("a picture of the same size and time but other bytes is copied, not linked");
	/* pic2: other pixels, the same size (stored PNG), the stick's time set
	 * to the installed file's. */
	char path[PATH_MAX], inst[PATH_MAX];
	tu_path(path, pkg3, "images/pic2.png");
	tu_write_png(path, 400, 300, 777);
	struct stat was, now;
	tu_path(inst, data, "current/images/pic2.png");
	CHECK(stat(inst, &was) == 0 && stat(path, &now) == 0 && was.st_size == now.st_size);
	struct timespec times[2] = {was.st_atim, was.st_mtim};
	CHECK(utimensat(AT_FDCWD, path, times, 0) == 0);
	tu_snap_free(&snap3);
	tu_snap(pkg3, false, &snap3);
	CHECK(import_quiet(pkg3) == IMPORT_INSTALLED);
	store_confirm(data);
	CHECK(verify() == 2);
	CHECKF(own_file("images/pic2.png"), "pic2.png was linked although its bytes differ");
	CHECKF(same_file("images/pic1.png") && same_file("images/pic3.png") &&
	           same_file("article.md"),
	       "the unchanged files are not linked");

	tu_case("an article of the same length that differs in its last block is copied");
	/* long.md: over a copy block (256 KiB) of text, its last word
	 * changed; everything else linked. */
	copy_pkg(pkg3, pkg4);
	char *text = malloc(600000);
	size_t n = 0;
	n += (size_t)snprintf(text, 600000, "# Long\n\nIntro.\n\n## Words\n\n");
	while (n < 590000)
		n += (size_t)snprintf(text + n, 600000 - n, "Calm words for the waiting room. ");
	tu_path(path, pkg3, "long.md");
	tu_write_file(path, text, n);
	tu_snap_free(&snap3);
	tu_snap(pkg3, false, &snap3);
	CHECK(import_quiet(pkg3) == IMPORT_INSTALLED);
	store_confirm(data);
	memcpy(text + n - 6, "hours.", 6);
	tu_path(path, pkg4, "long.md");
	tu_write_file(path, text, n);
	free(text);
	tu_snap_free(&snap4);
	tu_snap(pkg4, false, &snap4);
	CHECK(import_quiet(pkg4) == IMPORT_INSTALLED);
	store_confirm(data);
	CHECK(verify() == 3);
	CHECKF(own_file("long.md"), "long.md was linked although its last block differs");
	CHECKF(same_file("article.md") && same_file("images/pic2.png"),
	       "the unchanged files are not linked");
}

static void test_refused(void)
{
	tu_case("a package that does not fit is refused before anything is copied, naming the "
	        "room it needs and the room there is");
	uint64_t need = need_of(big);
	char fill[PATH_MAX];
	tu_path(fill, fs, "filler");
	/* Leave a megabyte less than the copy needs. */
	uint64_t left = room();
	CHECKF(left > need, "the test's file system is too small (%llu, %llu needed)",
	       (unsigned long long)left, (unsigned long long)need);
	tu_sh("head -c %llu /dev/zero > '%s'", (unsigned long long)(left - need + (1u << 20)),
	      fill);
	TuSnap before;
	tu_snap(data, true, &before);
	uint64_t avail = room();
	PkgReport r;
	ImportFailed failed = {0};
	ImportResult rc = import_hooked(big, &r, &failed);
	char want[512], n1[32], n2[32];
	pkg_format_room(need, avail, n1, n2, sizeof(n1));
	snprintf(want, sizeof(want),
	         "The update could not be saved: it needs %s, and the kiosk's storage has %s free. "
	         "Nothing was changed.",
	         n1, n2);
	CHECKF(rc == IMPORT_FAILED, "result %d", rc);
	CHECKF(r.n == 1 && strcmp(r.v[0].msg, want) == 0, "said \"%s\", not \"%s\"",
	       r.n ? r.v[0].msg : "", want);
	CHECKF(failed.why == IMPORT_NO_ROOM && failed.need == need && failed.avail == avail,
	       "told the screen %d: %llu needed, %llu free", (int)failed.why,
	       (unsigned long long)failed.need, (unsigned long long)failed.avail);
	pkg_report_free(&r);
	printf("refused: %s\n", want);
	char out[2048];
	CHECK(cli_import(big, out, sizeof(out)) == 1);
	char want_line[600];
	snprintf(want_line, sizeof(want_line), "%s\n", want);
	CHECKF(strcmp(out, want_line) == 0, "kiosk import printed \"%s\"", out);
	TuSnap after;
	char why[1024];
	tu_snap(data, true, &after);
	CHECKF(tu_snap_equal(&before, &after, why, sizeof(why)), "DATA changed: %s", why);
	CHECK(tu_count_prefix(data, "staging-") == 0);
	tu_snap_free(&before);
	tu_snap_free(&after);

	tu_case("with room for the copy and 64 KB more, the same package goes in");
	unlink(fill);
	left = room();
	tu_sh("head -c %llu /dev/zero > '%s'", (unsigned long long)(left - need - 65536), fill);
	rc = import(big, &r);
	CHECKF(rc == IMPORT_INSTALLED, "result %d", rc);
	pkg_report_free(&r);
	unlink(fill);
}

static void test_undo(void)
{
	char msg[256], p[PATH_MAX];
	tu_case("going back to the previous content keeps the files both share");
	CHECK(import_quiet(pkg1) == IMPORT_INSTALLED);
	store_confirm(data);
	CHECK(import_quiet(pkg2) == IMPORT_INSTALLED);
	store_confirm(data);
	CHECK(import_quiet(pkg1) == IMPORT_INSTALLED);
	CHECK(verify() == 0);
	CHECK(same_file("images/pic1.png") && own_file("article.md"));

	tu_case("a rollback of content sharing files leaves the other whole");
	CHECK(store_recover(data, msg, sizeof(msg)) == 0);
	CHECK(store_recover(data, msg, sizeof(msg)) == 0);
	CHECKF(strstr(msg, "previous content is back") != NULL, "msg \"%s\"", msg);
	CHECK(verify() == 1);
	struct stat st;
	stat_of("current", "images/pic1.png", &st);
	CHECKF(st.st_nlink == 1, "pic1.png has %lu names after the rollback",
	       (unsigned long)st.st_nlink);

	tu_case("recovery removes an interrupted copy of linked files and nothing else");
	tu_sh("cd '%s' && mkdir -p staging-zz9 && ln current/images/pic1.png staging-zz9/pic1.png",
	      data);
	CHECK(store_recover(data, msg, sizeof(msg)) == 0);
	CHECK(verify() == 1);
	CHECK(!tu_exists(tu_path(p, data, "staging-zz9")));
	stat_of("current", "images/pic1.png", &st);
	CHECK(st.st_nlink == 1);
}

int main(void)
{
	W = tu_workdir("space");
	tu_path(fs, W, "fs");
	tu_path(data, fs, "data");
	tu_path(pkg1, W, "pkg-1");
	tu_path(pkg2, W, "pkg-2");
	tu_path(pkg3, W, "pkg-3");
	tu_path(pkg4, W, "pkg-4");
	tu_path(big, W, "big");
	mkdir(fs, 0755);
	/* Three stored pictures of 360 KB; pkg-2 and pkg-3 the same with the
	 * article edited; big: 4.3 MB of other pictures. */
	tu_make_pkg(pkg1, 1, 3, 400, 300);
	copy_pkg(pkg1, pkg2);
	append(pkg2, "article.md", "\nOne more calm sentence.\n");
	copy_pkg(pkg2, pkg3);
	copy_pkg(pkg3, pkg4);
	tu_make_pkg(big, 9, 4, 600, 600);
	tu_snap(pkg1, false, &snap1);
	tu_snap(pkg2, false, &snap2);
	tu_snap(pkg3, false, &snap3);
	tu_snap(pkg4, false, &snap4);

	char why[256];
	tu_case("a small file system of the test's own");
	if (small_fs(fs, FS_BYTES, why, sizeof(why)) != 0) {
		tu_skip(why);
	} else {
		test_linked();
		test_by_content();
		test_refused();
		tu_rm_rf(data);
		test_undo();
		umount2(fs, MNT_DETACH);
	}
	tu_snap_free(&snap1);
	tu_snap_free(&snap2);
	tu_snap_free(&snap3);
	tu_snap_free(&snap4);
	int rc = tu_finish();
	tu_cleanup();
	return rc;
}
