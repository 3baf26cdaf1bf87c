#include "platform/package/fsio.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

/* fault_at == 0: disarmed, nothing is counted. The importer may run on a
 * worker thread while the interface thread confirms content, so the
 * counters are atomics; relaxed order is enough for counting. */
static _Atomic uint64_t fault_at;
static _Atomic uint64_t calls;
static _Atomic int fault_mode;
static _Atomic bool disk_full;
static const char *_Atomic fault_op;

void fsio_fail_at(uint64_t n, FsioFault mode)
{
	atomic_store(&fault_at, 0);
	atomic_store(&calls, 0);
	atomic_store(&fault_mode, (int)mode);
	atomic_store(&disk_full, false);
	atomic_store(&fault_op, NULL);
	atomic_store(&fault_at, n);
}

uint64_t fsio_calls(void)
{
	return atomic_load_explicit(&calls, memory_order_relaxed);
}

const char *fsio_fault_hit(void)
{
	return atomic_load(&fault_op);
}

/* Counts one call of op; returns the errno to fail it with, or 0. For a
 * short write it returns -1: the caller writes part and reports it. */
static int fault(const char *op, bool is_write)
{
	uint64_t at = atomic_load_explicit(&fault_at, memory_order_relaxed);
	if (at == 0)
		return 0;
	int mode = atomic_load_explicit(&fault_mode, memory_order_relaxed);
	if (mode == FSIO_FAULT_SHORT) {
		if (!is_write)
			return 0;
		if (atomic_load(&disk_full))
			return ENOSPC;
	}
	uint64_t n = atomic_fetch_add_explicit(&calls, 1, memory_order_relaxed) + 1;
	if (n != at || mode == FSIO_FAULT_NONE)
		return 0;
	atomic_store(&fault_op, op);
	switch (mode) {
	case FSIO_FAULT_CRASH:
		_exit(FSIO_CRASH_STATUS);
	case FSIO_FAULT_EIO:
		return EIO;
	case FSIO_FAULT_ENOSPC:
		return ENOSPC;
	case FSIO_FAULT_SHORT:
		atomic_store(&disk_full, true);
		return -1;
	default:
		return 0;
	}
}

#define FAULT(op)                                                                                  \
	do {                                                                                       \
		int e_ = fault(op, false);                                                         \
		if (e_ > 0) {                                                                      \
			errno = e_;                                                                \
			return -1;                                                                 \
		}                                                                                  \
	} while (0)

int fsio_openat2(int dirfd, const char *path, struct open_how *how)
{
	FAULT("openat2");
	return (int)syscall(SYS_openat2, dirfd, path, how, sizeof(*how));
}

int fsio_openat(int dirfd, const char *path, int flags, mode_t mode)
{
	FAULT("openat");
	return openat(dirfd, path, flags | O_CLOEXEC, mode);
}

ssize_t fsio_read(int fd, void *buf, size_t n)
{
	FAULT("read");
	return read(fd, buf, n);
}

ssize_t fsio_write(int fd, const void *buf, size_t n)
{
	int e = fault("write", true);
	if (e > 0) {
		errno = e;
		return -1;
	}
	if (e < 0) {
		if (n < 2) {
			errno = ENOSPC;
			return -1;
		}
		n /= 2;
	}
	return write(fd, buf, n);
}

int fsio_fsync(int fd)
{
	FAULT("fsync");
	return fsync(fd);
}

int fsio_fsync_dir(int dirfd, const char *path)
{
	int fd = fsio_openat(dirfd, path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW, 0);
	if (fd < 0)
		return -1;
	int rc = fsio_fsync(fd);
	int saved = errno;
	if (fsio_close(fd) != 0 && rc == 0)
		return -1;
	errno = saved;
	return rc;
}

int fsio_close(int fd)
{
	int e = fault("close", false);
	/* Linux releases the descriptor even when close reports an error:
	 * close it anyway so an injected failure leaks nothing. */
	int rc = close(fd);
	if (e > 0) {
		errno = e;
		return -1;
	}
	return rc;
}

int fsio_fstat(int fd, struct stat *st)
{
	FAULT("fstat");
	return fstat(fd, st);
}

int fsio_fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
	FAULT("fstatat");
	return fstatat(dirfd, path, st, flags);
}

int fsio_fstatvfs(int fd, struct statvfs *st)
{
	FAULT("fstatvfs");
	return fstatvfs(fd, st);
}

int fsio_mkdirat(int dirfd, const char *path, mode_t mode)
{
	FAULT("mkdirat");
	return mkdirat(dirfd, path, mode);
}

int fsio_renameat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath)
{
	FAULT("renameat");
	return renameat(olddirfd, oldpath, newdirfd, newpath);
}

int fsio_exchangeat(int dirfd, const char *a, const char *b)
{
	FAULT("renameat2");
	return renameat2(dirfd, a, dirfd, b, RENAME_EXCHANGE);
}

int fsio_linkat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath)
{
	FAULT("linkat");
	return linkat(olddirfd, oldpath, newdirfd, newpath, 0);
}

int fsio_symlinkat(const char *target, int dirfd, const char *path)
{
	FAULT("symlinkat");
	return symlinkat(target, dirfd, path);
}

ssize_t fsio_readlinkat(int dirfd, const char *path, char *buf, size_t size)
{
	FAULT("readlinkat");
	return readlinkat(dirfd, path, buf, size);
}

int fsio_unlinkat(int dirfd, const char *path, int flags)
{
	FAULT("unlinkat");
	return unlinkat(dirfd, path, flags);
}

int fsio_lock(int fd)
{
	FAULT("flock");
	return flock(fd, LOCK_EX | LOCK_NB);
}

DIR *fsio_fdopendir(int fd)
{
	int e = fault("fdopendir", false);
	if (e > 0) {
		errno = e;
		return NULL;
	}
	return fdopendir(fd);
}

struct dirent *fsio_readdir(DIR *d)
{
	int e = fault("readdir", false);
	if (e > 0) {
		errno = e;
		return NULL;
	}
	errno = 0;
	return readdir(d);
}

int fsio_closedir(DIR *d)
{
	int e = fault("closedir", false);
	int rc = closedir(d);
	if (e > 0) {
		errno = e;
		return -1;
	}
	return rc;
}

int fsio_write_all(int fd, const void *buf, size_t n)
{
	const unsigned char *p = buf;
	while (n > 0) {
		ssize_t w = fsio_write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = ENOSPC;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int fsio_write_whole(int dirfd, const char *name, const char *tmp, const void *text, size_t len,
                     mode_t mode)
{
	int fd =
	    fsio_openat(dirfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode);
	if (fd < 0)
		return -1;
	if (fsio_write_all(fd, text, len) != 0 || fsio_fsync(fd) != 0) {
		int saved = errno;
		fsio_close(fd);
		fsio_unlinkat(dirfd, tmp, 0);
		errno = saved;
		return -1;
	}
	if (fsio_close(fd) != 0 || fsio_renameat(dirfd, tmp, dirfd, name) != 0) {
		int saved = errno;
		fsio_unlinkat(dirfd, tmp, 0);
		errno = saved;
		return -1;
	}
	return fsio_fsync(dirfd);
}
