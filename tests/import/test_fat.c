/* A real FAT file system as the stick: an image made with mkfs.vfat,
 * filled with mtools (8.3 names in capitals, as FAT sticks show them, and
 * a long name), mounted through FUSE (fusefat) and imported from the
 * mount by a real `kiosk import`. Then the stick is pulled in the middle
 * of copying a large package: DATA must be byte for byte as before and
 * the message must say so.
 *
 * Pulling a stick lazily unmounts it (what the automounter does) and the
 * device is gone, so every read fails. With FUSE a lazy unmount alone
 * keeps open files readable, so the test also kills the fusefat process,
 * after which reads fail (ENOTCONN) as they would on a vanished device.
 *
 * Usage: test_fat path/to/kiosk. Without /dev/fuse or the tools, the
 * cases are skipped with the reason.
 */
#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "platform/updates/importer.h"
#include "platform/updates/store.h"
#include "util.h"

static const char MSG_REMOVED[] =
    "The USB stick was removed before the update finished. Nothing was changed.\n";

static const char *kiosk;
static const char *W;
static pid_t fuse_pid = -1;
static char mnt[PATH_MAX];

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Why FUSE cannot be used here, or NULL. */
static const char *fuse_missing(void)
{
	static char why[256];
	if (access("/dev/fuse", R_OK | W_OK) != 0) {
		snprintf(why, sizeof(why), "/dev/fuse cannot be opened (%s)", strerror(errno));
		return why;
	}
	static const char *const tools[] = {"mkfs.vfat", "mcopy", "mmd", "fusefat", "fusermount"};
	for (size_t i = 0; i < sizeof(tools) / sizeof(tools[0]); i++)
		if (tu_sh("command -v %s >/dev/null 2>&1", tools[i]) != 0) {
			snprintf(why, sizeof(why), "%s is not installed", tools[i]);
			return why;
		}
	return NULL;
}

static void unmount(void)
{
	if (fuse_pid <= 0)
		return;
	tu_sh("fusermount -u -z '%s' 2>/dev/null", mnt);
	kill(fuse_pid, SIGKILL);
	waitpid(fuse_pid, NULL, 0);
	fuse_pid = -1;
}

/* Mounts the image read-only at mnt with fusefat in the foreground (our
 * child, so it can be killed to pull the stick). */
static bool mount_image(const char *img)
{
	tu_path(mnt, W, "mnt");
	mkdir(mnt, 0755);
	struct stat before, now;
	stat(mnt, &before);
	fflush(stdout);
	fflush(stderr);
	fuse_pid = fork();
	if (fuse_pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		dup2(null, 1);
		dup2(null, 2);
		execlp("fusefat", "fusefat", "-f", "-o", "ro", img, mnt, (char *)NULL);
		_exit(127);
	}
	for (double end = now_s() + 10; now_s() < end;) {
		if (stat(mnt, &now) == 0 && now.st_dev != before.st_dev)
			return true;
		if (waitpid(fuse_pid, NULL, WNOHANG) == fuse_pid) {
			fuse_pid = -1;
			return false;
		}
		usleep(10000);
	}
	unmount();
	return false;
}

/* `kiosk import src --data data`, its output to the pipe at *rfd. */
static pid_t spawn_import(const char *src, const char *data, int *rfd)
{
	int p[2];
	if (pipe(p) != 0)
		return -1;
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		dup2(p[1], 1);
		dup2(p[1], 2);
		execl(kiosk, kiosk, "import", src, "--data", data, (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	*rfd = p[0];
	return pid;
}

/* Reads everything the import prints and returns its exit status. */
static int finish_import(pid_t pid, int rfd, char *out, size_t outlen)
{
	size_t n = 0;
	ssize_t r;
	while (n + 1 < outlen && (r = read(rfd, out + n, outlen - 1 - n)) > 0)
		n += (size_t)r;
	out[n] = '\0';
	close(rfd);
	int st;
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int run_import(const char *src, const char *data, char *out, size_t outlen)
{
	int rfd;
	pid_t pid = spawn_import(src, data, &rfd);
	return pid < 0 ? -1 : finish_import(pid, rfd, out, outlen);
}

static bool make_image(const char *img, int mb, const char *const *copies, size_t n)
{
	if (tu_sh("mkfs.vfat -C '%s' %d >/dev/null", img, mb * 1024) != 0 ||
	    tu_sh("mmd -i '%s' ::KIOSK ::KIOSK/IMAGES", img) != 0)
		return false;
	for (size_t i = 0; i + 1 < n; i += 2)
		if (tu_sh("mcopy -i '%s' '%s' '::KIOSK/%s'", img, copies[i], copies[i + 1]) != 0)
			return false;
	return true;
}

static bool found_bytes;

static int has_bytes(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)path;
	(void)f;
	if (flag == FTW_F && S_ISREG(st->st_mode) && st->st_size > 0)
		found_bytes = true;
	return found_bytes;
}

/* A file with bytes in a staging folder of data: the copy began. */
static bool copy_began(const char *data)
{
	DIR *d = opendir(data);
	struct dirent *e;
	found_bytes = false;
	while (d && !found_bytes && (e = readdir(d))) {
		if (strncmp(e->d_name, "staging-", 8) != 0)
			continue;
		char path[PATH_MAX];
		tu_path(path, data, e->d_name);
		nftw(path, has_bytes, 8, FTW_PHYS);
	}
	if (d)
		closedir(d);
	return found_bytes;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: test_fat path/to/kiosk\n");
		return 2;
	}
	kiosk = argv[1];
	const char *missing = fuse_missing();
	if (missing) {
		static const char *const names[] = {
		    "import from a FAT stick with names in capitals",
		    "the same stick again is already installed",
		    "the stick pulled during the copy changes nothing"};
		for (size_t i = 0; i < 3; i++) {
			tu_case(names[i]);
			tu_skip(missing);
		}
		return tu_finish();
	}
	W = tu_workdir("fat");
	char src[PATH_MAX], img[PATH_MAX], data[PATH_MAX], kdir[PATH_MAX], p1[PATH_MAX],
	    p2[PATH_MAX], p3[PATH_MAX], out[4096], why[1024];
	tu_path(src, W, "src");
	tu_path(data, W, "data");
	mkdir(src, 0755);

	tu_case("import from a FAT stick with names in capitals");
	static const char art[] =
	    "# Breathing well\n\nHow the lungs work.\n\n## The lungs\n\nAir goes in.\n\n"
	    "![The lungs](images/lungs.png)\n\n## The heart\n\nIt pumps.\n\n"
	    "![The heart](images/heart-diagram.png)\n";
	tu_path(p1, src, "article.md");
	tu_write_file(p1, art, sizeof(art) - 1);
	tu_path(p2, src, "lungs.png");
	tu_write_png(p2, 120, 80, 1);
	tu_path(p3, src, "heart-diagram.png");
	tu_write_png(p3, 90, 90, 2);
	tu_path(img, W, "small.img");
	const char *small[] = {
	    p1, "ARTICLE.MD", p2, "IMAGES/LUNGS.PNG", p3, "IMAGES/heart-diagram.png"};
	bool mounted = make_image(img, 8, small, 6) && mount_image(img);
	CHECKF(mounted, "the FAT image could not be made or mounted");
	TuSnap stick = {0}, before = {0}, after = {0};
	if (mounted) {
		tu_path(kdir, mnt, "KIOSK");
		CHECK(tu_exists(kdir));
		tu_path(p1, kdir, "IMAGES/LUNGS.PNG");
		CHECKF(tu_exists(p1), "the 8.3 name is not shown in capitals");
		tu_snap(kdir, false, &stick);
		int st = run_import(mnt, data, out, sizeof(out));
		/* Installed, with a warning that the article names the
		 * pictures in other capitals than the stick does. */
		CHECKF(st == 0 && strstr(out, "Installed: 1 article, 2 topics, 2 images\n") &&
		           strstr(out, "warning: ARTICLE.MD:9: picture \"images/lungs.png\" is found "
		                       "only as \"IMAGES/LUNGS.PNG\"\n"),
		       "exit %d: %s", st, out);
		tu_path(p1, data, "current/ARTICLE.MD");
		CHECK(tu_exists(p1));
		tu_path(p1, data, "current/IMAGES/LUNGS.PNG");
		CHECK(tu_exists(p1));
		tu_path(p1, data, "current/IMAGES/heart-diagram.png");
		CHECK(tu_exists(p1));
		CHECKF(tu_verify_data(data, &stick, 1, why, sizeof(why)) == 0, "%s", why);

		tu_case("the same stick again is already installed");
		tu_snap(data, true, &before);
		st = run_import(mnt, data, out, sizeof(out));
		CHECKF(st == 0 && strcmp(out, "Already installed: nothing changed.\n") == 0,
		       "exit %d: %s", st, out);
		tu_snap(data, true, &after);
		CHECKF(tu_snap_equal(&before, &after, why, sizeof(why)), "DATA changed: %s", why);
		tu_snap_free(&before);
		tu_snap_free(&after);
		unmount();
	}

	tu_case("the stick pulled during the copy changes nothing");
	/* About 60 MB in four pictures: long enough to pull mid-copy. */
	char big[4][PATH_MAX], names[4][64];
	const char *copies[10];
	char bigart[1024];
	size_t n = (size_t)snprintf(bigart, sizeof(bigart), "# Big\n\nIntro.\n\n");
	for (int i = 0; i < 4; i++) {
		char file[32];
		snprintf(file, sizeof(file), "big%d.png", i);
		tu_path(big[i], src, file);
		tu_write_png(big[i], 2600, 1900, (uint32_t)(10 + i));
		snprintf(names[i], sizeof(names[i]), "IMAGES/BIG%d.PNG", i);
		copies[2 + 2 * i] = big[i];
		copies[3 + 2 * i] = names[i];
		n += (size_t)snprintf(bigart + n, sizeof(bigart) - n,
		                      "## Part %d\n\nText.\n\n![Big %d](images/big%d.png)\n\n", i,
		                      i, i);
	}
	tu_path(p1, src, "big.md");
	tu_write_file(p1, bigart, n);
	copies[0] = p1;
	copies[1] = "ARTICLE.MD";
	tu_path(img, W, "big.img");
	mounted = make_image(img, 96, copies, 10) && mount_image(img);
	CHECKF(mounted, "the FAT image could not be made or mounted");
	if (mounted) {
		tu_snap(data, false, &before);
		int rfd;
		pid_t pid = spawn_import(mnt, data, &rfd);
		bool began = false;
		for (double end = now_s() + 30; !began && now_s() < end;) {
			began = copy_began(data);
			/* An import that ended on its own will not copy. */
			siginfo_t info = {0};
			if (!began &&
			    waitid(P_PID, (id_t)pid, &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
			    info.si_pid == pid)
				break;
		}
		CHECKF(began, "the copy was never seen to start");
		double t_pull = now_s();
		unmount();
		int st = finish_import(pid, rfd, out, sizeof(out));
		printf("fat: the import stopped %.0f ms after the stick was pulled\n",
		       (now_s() - t_pull) * 1000);
		CHECKF(st == 1, "exit %d", st);
		CHECKF(strcmp(out, MSG_REMOVED) == 0, "printed \"%s\"", out);
		tu_snap(data, false, &after);
		CHECKF(tu_snap_equal(&before, &after, why, sizeof(why)), "DATA changed: %s", why);
		CHECK(tu_count_prefix(data, "staging-") == 0);
		char msg[256];
		CHECK(store_recover(data, msg, sizeof(msg)) == 0);
		CHECKF(tu_verify_data(data, &stick, 1, why, sizeof(why)) == 0, "%s", why);
		tu_snap_free(&before);
		tu_snap_free(&after);
	}
	unmount();
	tu_snap_free(&stick);
	int rc = tu_finish();
	tu_cleanup();
	return rc;
}
