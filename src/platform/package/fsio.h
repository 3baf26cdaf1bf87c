/* fsio: the file operations of the importer, as thin wrappers over the
 * system calls, so tests can make the Nth call fail (EIO, ENOSPC, a short
 * write) or "crash" (_exit, in a forked child) the way SQLite tests its
 * I/O layer. Every file operation of the importer and the store goes
 * through here, and the open of every file inside a package (pkgfiles).
 *
 * Fault injection is compiled into every build and armed only through
 * fsio_fail_at(), never from the environment: a stray variable on a
 * device must not be able to break updates, and the tests exercise the
 * very binary that ships. Unarmed, it costs one relaxed atomic load per
 * call, which is nothing next to a system call.
 *
 * The wrappers keep the system calls' own contract (return values, errno,
 * ownership of descriptors). Depends on libc only.
 */
#ifndef KIOSK_FSIO_H
#define KIOSK_FSIO_H

#include <dirent.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/types.h>

typedef enum {
	FSIO_FAULT_NONE,
	FSIO_FAULT_EIO,    /* the Nth call fails with EIO, later ones work */
	FSIO_FAULT_ENOSPC, /* the Nth call fails with ENOSPC, later ones work */
	/* The Nth write() writes half of what it was given (or nothing and
	 * ENOSPC when given one byte) and every later write() fails with
	 * ENOSPC: the disk filled up under it. Only write() calls count. */
	FSIO_FAULT_SHORT,
	FSIO_FAULT_CRASH, /* _exit(FSIO_CRASH_STATUS) before the Nth call */
} FsioFault;

#define FSIO_CRASH_STATUS 86

/* Arms a fault at the nth call from now (n >= 1), or only counts calls
 * (mode FSIO_FAULT_NONE, or n beyond the last call). n == 0 disarms and
 * stops counting. Calls from any thread count. */
void fsio_fail_at(uint64_t n, FsioFault mode);
/* Calls counted since fsio_fail_at (writes only for FSIO_FAULT_SHORT). */
uint64_t fsio_calls(void);
/* The name of the call the armed fault hit ("write", "fsync", ...), or
 * NULL when it has not been reached. */
const char *fsio_fault_hit(void);

struct open_how;
/* openat2(2) as the system call has it (pkgfiles holds the rule that
 * opens everything inside a package). */
int fsio_openat2(int dirfd, const char *path, struct open_how *how);
int fsio_openat(int dirfd, const char *path, int flags, mode_t mode);
ssize_t fsio_read(int fd, void *buf, size_t n);
ssize_t fsio_write(int fd, const void *buf, size_t n);
/* All n bytes through fsio_write, again after EINTR and short writes. 0, or
 * -1 with errno (ENOSPC when the file system takes nothing more). */
int fsio_write_all(int fd, const void *buf, size_t n);
/* name in dirfd holds exactly the len bytes of text, or after a power cut
 * what it held before, never part of either: written as tmp beside it,
 * fsynced, renamed over it, then the folder fsynced. 0, or -1 with errno
 * (tmp removed). */
int fsio_write_whole(int dirfd, const char *name, const char *tmp, const void *text, size_t len,
                     mode_t mode);
int fsio_fsync(int fd);
/* Opens the folder path beneath dirfd, fsyncs and closes it: what makes a
 * new or renamed entry in it durable. 0 or -1 with errno. */
int fsio_fsync_dir(int dirfd, const char *path);
int fsio_close(int fd);
int fsio_fstat(int fd, struct stat *st);
int fsio_fstatat(int dirfd, const char *path, struct stat *st, int flags);
/* The file system's room (the importer's check before it copies). */
int fsio_fstatvfs(int fd, struct statvfs *st);
int fsio_mkdirat(int dirfd, const char *path, mode_t mode);
int fsio_renameat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath);
/* renameat2(RENAME_EXCHANGE): a and b in dirfd swap names in one step
 * (EINVAL where the file system cannot). */
int fsio_exchangeat(int dirfd, const char *a, const char *b);
int fsio_linkat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath);
int fsio_symlinkat(const char *target, int dirfd, const char *path);
ssize_t fsio_readlinkat(int dirfd, const char *path, char *buf, size_t size);
int fsio_unlinkat(int dirfd, const char *path, int flags);
/* flock(LOCK_EX | LOCK_NB): 0, or -1 with EWOULDBLOCK when held. */
int fsio_lock(int fd);
/* fdopendir takes fd over; fsio_closedir closes it. */
DIR *fsio_fdopendir(int fd);
/* NULL with errno 0 at the end, NULL with errno set on an error. */
struct dirent *fsio_readdir(DIR *d);
int fsio_closedir(DIR *d);

#endif
