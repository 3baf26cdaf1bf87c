#include "platform/night/clock.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/timex.h>
#include <time.h>
#include <unistd.h>

#include "core/package/sig.h"
#include "platform/package/fsio.h"
#include "platform/package/pkgfiles.h"

/* Under /proc (KIOSK_PROCFS in the tests). */
#define BOOT_ID "/sys/kernel/random/boot_id"
#define TIMESYNC_FLAG "/run/systemd/timesync/synchronized"

static uint64_t steady_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static int64_t system_now(const Clock *c)
{
	if (!c->fake)
		return (int64_t)time(NULL);
	if (!c->fake_steady)
		return c->fake_at;
	return c->fake_at + (int64_t)((steady_ms() - c->fake_ms) / 1000);
}

void clock_fake(Clock *c, int64_t wall, bool known, bool steady, uint64_t ms)
{
	c->fake = true;
	c->fake_known = known;
	c->fake_steady = steady;
	c->fake_at = wall;
	c->fake_ms = steady ? steady_ms() : ms;
}

void clock_fake_advance(Clock *c, uint64_t ms)
{
	if (!c->fake || c->fake_steady || ms < c->fake_ms)
		return;
	c->fake_at += (int64_t)((ms - c->fake_ms) / 1000);
	c->fake_ms += (ms - c->fake_ms) / 1000 * 1000;
}

/* $KIOSK_TEST_NOW, under the test hook only. */
static void fake_from_env(Clock *c)
{
	const char *hook = getenv("KIOSK_TEST_HOOK"), *now = getenv("KIOSK_TEST_NOW");
	if (!hook || !*hook || !now || !*now)
		return;
	char *end;
	errno = 0;
	long long t = strtoll(now, &end, 10);
	if (errno || t <= 0 || end == now)
		return;
	while (*end == ' ')
		end++;
	clock_fake(c, (int64_t)t, strcmp(end, "known") == 0, true, 0);
}

/* A small text file whole, or -1. */
static ssize_t read_small(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return n;
}

/* Whether s is an id this file keeps: 32 to 36 hex digits and dashes. */
static bool boot_id_ok(const char *s)
{
	size_t n = strlen(s);
	if (n < 32 || n >= TIMEKEEP_BOOT_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!strchr("0123456789abcdef-", s[i]))
			return false;
	return true;
}

/* An id of this boot where the kernel's is hidden (the firmware's
 * ProcSubset=pid): one the kiosk makes in its runtime folder, which lives
 * in /run (gone at every boot) and is kept across the service's restarts
 * (RuntimeDirectoryPreserve=restart), so staff's clock outlives a crash
 * of the kiosk but never a reboot. */
static void runtime_boot_id(char *buf, size_t size)
{
	const char *dir = getenv("RUNTIME_DIRECTORY");
	char path[512];
	buf[0] = '\0';
	if (!dir || !*dir || strchr(dir, ':') ||
	    (size_t)snprintf(path, sizeof(path), "%s/boot-id", dir) >= sizeof(path))
		return;
	if (read_small(path, buf, size) > 0) {
		buf[strcspn(buf, "\n")] = '\0';
		return;
	}
	unsigned char r[16];
	if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r))
		return;
	for (size_t i = 0; i < sizeof(r) && 2 * i + 2 < size; i++)
		snprintf(buf + 2 * i, 3, "%02x", r[i]);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	bool kept = fd >= 0 && write(fd, buf, strlen(buf)) == (ssize_t)strlen(buf);
	if (fd >= 0 && close(fd) != 0)
		kept = false;
	if (!kept) {
		/* Another run's, or none that a restart would find. */
		if (fd >= 0)
			unlink(path);
		buf[0] = '\0';
		if (read_small(path, buf, size) > 0)
			buf[strcspn(buf, "\n")] = '\0';
	}
}

static void read_boot_id(Clock *c)
{
	char buf[64], path[512];
	const char *proc = getenv("KIOSK_PROCFS");
	snprintf(path, sizeof(path), "%s" BOOT_ID, proc && *proc ? proc : "/proc");
	c->boot[0] = '\0';
	if (read_small(path, buf, sizeof(buf)) > 0)
		buf[strcspn(buf, "\n")] = '\0';
	else
		runtime_boot_id(buf, sizeof(buf));
	if (boot_id_ok(buf))
		memcpy(c->boot, buf, strlen(buf) + 1);
}

/* The newest of a folder's own time and its files' and sub-folders', one
 * level down (articles and images/). */
static int64_t newest_in(int dirfd, int depth)
{
	struct stat st;
	int64_t newest = fstat(dirfd, &st) == 0 ? (int64_t)st.st_mtime : 0;
	int fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d) {
		if (fd >= 0)
			close(fd);
		return newest;
	}
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (fstatat(dirfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		if (S_ISDIR(st.st_mode) && depth > 0) {
			int sub = openat(dirfd, e->d_name,
			                 O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (sub >= 0) {
				int64_t t = newest_in(sub, depth - 1);
				close(sub);
				newest = t > newest ? t : newest;
			}
		} else if (S_ISREG(st.st_mode) && (int64_t)st.st_mtime > newest) {
			newest = (int64_t)st.st_mtime;
		}
	}
	closedir(d);
	return newest;
}

int64_t clock_content_time(int contentfd)
{
	if (contentfd < 0)
		return 0;
	int fd = pkgfiles_open(contentfd, "kiosk.sig");
	if (fd >= 0) {
		size_t len = 0;
		char *text = pkgfiles_read(fd, SIG_FILE_MAX, &len);
		close(fd);
		SigFile sig;
		char why[160];
		int64_t created = 0;
		if (text && sig_parse(text, len, &sig, why, sizeof(why)) == 0) {
			created = sig.created > INT64_MAX ? 0 : (int64_t)sig.created;
			sig_free(&sig);
		}
		free(text);
		if (created > 0)
			return created;
	}
	return newest_in(contentfd, 1);
}

void clock_open(Clock *c, const char *data, int contentfd)
{
	memset(c, 0, sizeof(*c));
	const char *sysfs = getenv("KIOSK_SYSFS");
	snprintf(c->sysfs, sizeof(c->sysfs), "%s", sysfs && *sysfs ? sysfs : "/sys");
	read_boot_id(c);
	TimekeepFile f = {0};
	/* Without a data folder of its own (a development run) nothing is
	 * kept. */
	if (data && *data && access(data, W_OK) == 0 &&
	    (size_t)snprintf(c->path, sizeof(c->path), "%s/clock", data) < sizeof(c->path)) {
		char buf[TIMEKEEP_FILE_MAX];
		ssize_t n = read_small(c->path, buf, sizeof(buf));
		if (n > 0 && timekeep_parse(buf, (size_t)n, &f) != 0)
			fprintf(stderr, "kiosk: %s: not a time the kiosk kept; left aside\n",
			        c->path);
	} else {
		c->path[0] = '\0';
	}
	c->saved = f.time;
	c->staff_set = c->boot[0] && strcmp(f.set_boot, c->boot) == 0;
	c->floor = timekeep_floor(f.time, clock_content_time(contentfd));
	fake_from_env(c);
}

static bool ntp_synced(void)
{
	struct timex tx = {.modes = 0};
	int state = adjtimex(&tx);
	if (state >= 0)
		return state != TIME_ERROR && !(tx.status & STA_UNSYNC);
	/* Refused (ProtectClock=): timesyncd's own word for it. */
	return access(TIMESYNC_FLAG, F_OK) == 0;
}

static bool rtc_set_clock(const Clock *c)
{
	char path[PATH_MAX + 32], buf[8];
	snprintf(path, sizeof(path), "%s/class/rtc/rtc0/hctosys", c->sysfs);
	return read_small(path, buf, sizeof(buf)) > 0 && buf[0] == '1';
}

bool clock_known(const Clock *c)
{
	TimekeepSources src = {.staff_set = c->staff_set};
	if (c->fake) {
		src.ntp = c->fake_known;
	} else {
		src.ntp = ntp_synced();
		src.rtc = !src.ntp && rtc_set_clock(c);
	}
	return timekeep_known(&src, system_now(c), c->floor);
}

int64_t clock_now(const Clock *c)
{
	return timekeep_now(system_now(c), c->floor);
}

void clock_today(const Clock *c, int *year, int *month, int *day)
{
	time_t t = (time_t)clock_now(c);
	struct tm tm;
	localtime_r(&t, &tm);
	*year = tm.tm_year + 1900;
	*month = tm.tm_mon + 1;
	*day = tm.tm_mday;
}

/* DATA/clock is the old one or the new one after a power cut, never half
 * of either (fsio_write_whole). */
static int write_whole(const char *path, const char *text, size_t len)
{
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s", path);
	char *slash = strrchr(dir, '/');
	if (!slash) {
		errno = EINVAL;
		return -1;
	}
	*slash = '\0';
	int dfd = open(*dir ? dir : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return -1;
	int rc = fsio_write_whole(dfd, slash + 1, "clock.new", text, len, 0644);
	int saved = errno;
	close(dfd);
	errno = saved;
	return rc;
}

int clock_save(Clock *c)
{
	if (!c->path[0])
		return -1;
	TimekeepFile f = {.time = clock_now(c)};
	if (c->staff_set)
		memcpy(f.set_boot, c->boot, sizeof(f.set_boot));
	char buf[TIMEKEEP_FILE_MAX];
	int n = timekeep_format(&f, buf, sizeof(buf));
	if (n < 0 || write_whole(c->path, buf, (size_t)n) != 0) {
		fprintf(stderr, "kiosk: %s: the time could not be kept (%s)\n", c->path,
		        strerror(errno));
		return -1;
	}
	c->saved = f.time;
	if (f.time > c->floor)
		c->floor = f.time;
	return 0;
}

void clock_tick(Clock *c)
{
	int64_t now = clock_now(c);
	if (timekeep_save_due(now, c->saved) && clock_known(c))
		clock_save(c);
}

void clock_close(Clock *c)
{
	if (clock_known(c) && clock_now(c) > c->saved)
		clock_save(c);
}

void clock_staff_set(Clock *c)
{
	/* Known for this run, and across the kiosk's restarts in the same
	 * boot (the boot's id, the kernel's or the runtime folder's). */
	c->staff_set = true;
	/* What staff set may lie before the floor (a wrong signing time on
	 * a stick): their word counts, and the floor follows it. */
	c->floor = 0;
	c->saved = 0;
	clock_save(c);
}
