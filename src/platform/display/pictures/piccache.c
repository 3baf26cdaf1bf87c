#include "platform/display/pictures/piccache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "platform/package/fsio.h"

#define MAGIC 0x3158504Bu /* "KPX1" little-endian */
#define HEADER 16
#define FLAG_OPAQUE 1u
/* What the folder may hold; the oldest files go first past this. A
 * full-screen picture at 1080p is 8 MiB, a tile's a tenth of that. */
#define BUDGET (64ull * 1024 * 1024)
/* Writes at once: a first start with many new pictures leaves the rest
 * for a later start instead of queueing threads. */
#define MAX_JOBS 4
/* Files made before pictures were turned by their EXIF orientation had
 * ".px": a new suffix lets the next start remove them all (tidy) rather
 * than show a portrait photo from a sideways file. */
#define SUFFIX ".kpx"
#define TMP_SUFFIX ".tmp"

static pthread_mutex_t jobs_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t jobs_done = PTHREAD_COND_INITIALIZER;
static int jobs;
/* What the folder holds, counted at start and with every file written: a
 * content with hundreds of photos must not fill the data partition that
 * new content is installed on. Past the budget nothing more is stored (the
 * pictures are then decoded when shown, as without a cache); the next
 * start removes the oldest files. */
static unsigned long long cache_bytes;

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcmp(s + n - k, suffix) == 0;
}

typedef struct {
	char name[NAME_MAX + 1];
	off_t size;
	struct timespec mtime;
} Entry;

static int older(const void *a, const void *b)
{
	const Entry *x = a, *y = b;
	if (x->mtime.tv_sec != y->mtime.tv_sec)
		return x->mtime.tv_sec < y->mtime.tv_sec ? -1 : 1;
	return (x->mtime.tv_nsec > y->mtime.tv_nsec) - (x->mtime.tv_nsec < y->mtime.tv_nsec);
}

/* Removes what a power cut left half written, and the oldest files while
 * the folder is over budget. */
static void tidy(int dirfd)
{
	int fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d) {
		if (fd >= 0)
			close(fd);
		return;
	}
	Entry *v = NULL;
	size_t n = 0, cap = 0;
	unsigned long long total = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (!ends_with(de->d_name, SUFFIX)) {
			unlinkat(dirfd, de->d_name, 0);
			continue;
		}
		struct stat st;
		if (fstatat(dirfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISREG(st.st_mode)) {
			continue;
		}
		if (n == cap) {
			size_t c = cap ? cap * 2 : 64;
			Entry *p = realloc(v, c * sizeof *p);
			if (!p)
				break;
			v = p;
			cap = c;
		}
		snprintf(v[n].name, sizeof v[n].name, "%s", de->d_name);
		v[n].size = st.st_size;
		v[n].mtime = st.st_mtim;
		total += (unsigned long long)st.st_size;
		n++;
	}
	closedir(d);
	if (total > BUDGET && n) {
		qsort(v, n, sizeof *v, older);
		for (size_t i = 0; i < n && total > BUDGET / 4 * 3; i++) {
			if (unlinkat(dirfd, v[i].name, 0) == 0)
				total -= (unsigned long long)v[i].size;
		}
	}
	free(v);
	pthread_mutex_lock(&jobs_lock);
	cache_bytes = total;
	pthread_mutex_unlock(&jobs_lock);
}

/* parent/name as a folder of its own, created if missing. */
static int subdir(int parent, const char *name, mode_t mode)
{
	if (mkdirat(parent, name, mode) != 0 && errno != EEXIST)
		return -1;
	return openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

/* $XDG_CACHE_HOME/kiosk or ~/.cache/kiosk: where a kiosk started by hand
 * (development, `kiosk render`) without a data folder keeps its cache. */
static int user_cache(void)
{
	char path[PATH_MAX];
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	int n;
	if (xdg && xdg[0] == '/')
		n = snprintf(path, sizeof path, "%s", xdg);
	else if (home && home[0] == '/')
		n = snprintf(path, sizeof path, "%s/.cache", home);
	else
		return -1;
	if (n < 0 || (size_t)n >= sizeof path)
		return -1;
	if (mkdir(path, 0700) != 0 && errno != EEXIST)
		return -1;
	int base = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (base < 0)
		return -1;
	int fd = subdir(base, "kiosk", 0700);
	close(base);
	return fd;
}

int piccache_open(const char *data_dir)
{
	/* DATA/cache, inside a data folder that exists: the cache never
	 * creates the kiosk's data folder on a machine that has none. There
	 * the user's cache folder serves instead. */
	int data =
	    data_dir && data_dir[0] ? open(data_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
	int fd = -1;
	if (data >= 0) {
		fd = subdir(data, "cache", 0755);
		close(data);
	} else {
		fd = user_cache();
	}
	if (fd >= 0)
		tidy(fd);
	return fd;
}

bool piccache_name(int fd, const char *part, unsigned orientation, int w, int h, char *name,
                   size_t len)
{
	struct stat st;
	if (fd < 0 || w <= 0 || h <= 0 || fstat(fd, &st) != 0)
		return false;
	/* A part's name by its FNV-1a hash: short, and fixed for the file. */
	char in[24] = "";
	if (part) {
		uint64_t hash = 0xcbf29ce484222325ull;
		for (const unsigned char *c = (const unsigned char *)part; *c; c++)
			hash = (hash ^ *c) * 0x100000001b3ull;
		snprintf(in, sizeof(in), "-%016" PRIx64, hash);
	}
	int n = snprintf(name, len,
	                 "%" PRIx64 "-%" PRIx64 "-%" PRIx64 "-%" PRIx64 ".%09ld%s-o%u-%dx%d" SUFFIX,
	                 (uint64_t)st.st_dev, (uint64_t)st.st_ino, (uint64_t)st.st_size,
	                 (uint64_t)st.st_ctim.tv_sec, (long)st.st_ctim.tv_nsec, in,
	                 orientation >= 1 && orientation <= 8 ? orientation : 1, w, h);
	return n > 0 && (size_t)n < len;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static bool read_at(int fd, void *buf, size_t len, off_t off)
{
	uint8_t *p = buf;
	while (len) {
		ssize_t r = pread(fd, p, len, off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return false;
		p += r;
		len -= (size_t)r;
		off += r;
	}
	return true;
}

int piccache_find(int dirfd, const char *name, int w, int h, bool *opaque)
{
	if (dirfd < 0 || w <= 0 || h <= 0)
		return -1;
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -1;
	uint8_t head[HEADER];
	struct stat st;
	bool ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	          (uint64_t)st.st_size == HEADER + (uint64_t)w * 4 * (uint64_t)h &&
	          read_at(fd, head, HEADER, 0) && get32(head) == MAGIC &&
	          get32(head + 4) == (uint32_t)w && get32(head + 8) == (uint32_t)h;
	if (!ok) {
		close(fd);
		/* Not what it should be: made again from the content. */
		unlinkat(dirfd, name, 0);
		return -1;
	}
	*opaque = get32(head + 12) & FLAG_OPAQUE;
	return fd;
}

bool piccache_read(int dirfd, const char *name, int fd, int w, int h, void *pixels, int pitch)
{
	size_t row = (size_t)w * 4;
	bool ok = true;
	if ((size_t)pitch == row) {
		ok = read_at(fd, pixels, row * (size_t)h, HEADER);
	} else {
		for (int y = 0; ok && y < h; y++)
			ok = read_at(fd, (uint8_t *)pixels + (size_t)y * (size_t)pitch, row,
			             HEADER + (off_t)(row * (size_t)y));
	}
	close(fd);
	if (!ok)
		unlinkat(dirfd, name, 0);
	return ok;
}

typedef struct {
	int dirfd, fd;
	char tmp[NAME_MAX + 1], name[NAME_MAX + 1];
} Job;

/* Closes the file and gives it its name when ok; true when it has it. */
static bool job_end(Job *j, bool ok)
{
	close(j->fd);
	ok = ok && renameat(j->dirfd, j->tmp, j->dirfd, j->name) == 0;
	if (!ok)
		unlinkat(j->dirfd, j->tmp, 0);
	close(j->dirfd);
	free(j);
	return ok;
}

static void *sync_job(void *arg)
{
	Job *j = arg;
	/* Durable before it has its name: a power cut leaves the whole file
	 * or only a .tmp that the next start removes. */
	job_end(j, fsync(j->fd) == 0);
	pthread_mutex_lock(&jobs_lock);
	jobs--;
	pthread_cond_broadcast(&jobs_done);
	pthread_mutex_unlock(&jobs_lock);
	return NULL;
}

void piccache_store(int dirfd, const char *name, int w, int h, const void *pixels, int pitch,
                    bool opaque, bool wait)
{
	if (dirfd < 0 || w <= 0 || h <= 0 || strlen(name) > 200)
		return;
	unsigned long long size = HEADER + (unsigned long long)w * 4 * (unsigned long long)h;
	pthread_mutex_lock(&jobs_lock);
	bool room = jobs < MAX_JOBS && cache_bytes + size <= BUDGET;
	if (room) {
		jobs++;
		cache_bytes += size;
	}
	pthread_mutex_unlock(&jobs_lock);
	if (!room)
		return;
	Job *j = calloc(1, sizeof *j);
	if (!j)
		goto failed;
	snprintf(j->name, sizeof j->name, "%s", name);
	snprintf(j->tmp, sizeof j->tmp, "%s" TMP_SUFFIX, name);
	j->dirfd = fcntl(dirfd, F_DUPFD_CLOEXEC, 0);
	j->fd = j->dirfd < 0 ? -1
	                     : openat(j->dirfd, j->tmp,
	                              O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (j->fd < 0) {
		if (j->dirfd >= 0)
			close(j->dirfd);
		free(j);
		goto failed;
	}
	uint8_t head[HEADER];
	put32(head, MAGIC);
	put32(head + 4, (uint32_t)w);
	put32(head + 8, (uint32_t)h);
	put32(head + 12, opaque ? FLAG_OPAQUE : 0);
	bool ok = fsio_write_all(j->fd, head, HEADER) == 0;
	for (int y = 0; ok && y < h; y++)
		ok = fsio_write_all(j->fd, (const uint8_t *)pixels + (size_t)y * (size_t)pitch,
		                    (size_t)w * 4) == 0;
	if (!ok || wait) {
		if (!job_end(j, ok && fsync(j->fd) == 0))
			goto failed;
		goto done;
	}
	/* fsync on an SD card can take a good part of a second: not on the
	 * display thread. */
	pthread_attr_t attr;
	pthread_t th;
	int rc = pthread_attr_init(&attr);
	if (rc == 0) {
		pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
		rc = pthread_create(&th, &attr, sync_job, j);
		pthread_attr_destroy(&attr);
	}
	if (rc == 0)
		return;
	job_end(j, false);
failed:
	pthread_mutex_lock(&jobs_lock);
	cache_bytes -= size;
	pthread_mutex_unlock(&jobs_lock);
done:
	pthread_mutex_lock(&jobs_lock);
	jobs--;
	pthread_cond_broadcast(&jobs_done);
	pthread_mutex_unlock(&jobs_lock);
}

bool piccache_room(int w, int h)
{
	unsigned long long size = HEADER + (unsigned long long)w * 4 * (unsigned long long)h;
	pthread_mutex_lock(&jobs_lock);
	bool room = cache_bytes + size <= BUDGET;
	pthread_mutex_unlock(&jobs_lock);
	return room;
}

void piccache_wait(void)
{
	pthread_mutex_lock(&jobs_lock);
	while (jobs > 0)
		pthread_cond_wait(&jobs_done, &jobs_lock);
	pthread_mutex_unlock(&jobs_lock);
}
