/* pkgfiles: the one way into a content package's files. The checker, the
 * loader, the pictures, the signatures and the importer all open the
 * package, its folders and its files here, and read whole files with the
 * one bounded reader here, so every part of the kiosk sees the same files
 * under the same rules.
 *
 * The rule: every open is openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS |
 * RESOLVE_NO_MAGICLINKS) beneath the package folder, O_NONBLOCK (a pipe
 * never blocks), O_NOCTTY, O_CLOEXEC; a path is '/'-separated, at most
 * PKG_PATH_MAX bytes, and passes pkg_path_check; leftovers of other
 * systems (pkg_is_leftover_name) and folders deeper than PKG_DEPTH_MAX are
 * not there; names that are not found
 * as written are matched without regard to case (FAT sticks show
 * ARTICLE.MD); a file must be a regular file. Without openat2 (kernels
 * before 5.6, some seccomp filters) the path is walked one checked name
 * at a time with O_NOFOLLOW, which keeps it beneath the package just the
 * same. The open system call goes through fsio, so the importer's fault
 * tests reach it.
 *
 * Descriptors returned belong to the caller; buffers returned are
 * malloc'd and the caller frees them. Depends on core/pkg and fsio only:
 * nothing here calls up into the checker, the loader or the display.
 */
#ifndef KIOSK_PKGFILES_H
#define KIOSK_PKGFILES_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "core/package/pkg.h"

/* Opens the package folder: dir itself when it holds articles, else its
 * "kiosk" sub-folder (any case), else dir itself when it is named kiosk.
 * Only dir's own listing is read. Returns an fd, or -1 with a problem added
 * to r ("This USB stick has no kiosk content" when there is none; "DIR: the
 * folder cannot be found", "DIR: this is a file, not a folder", ...). */
int pkgfiles_open_root(const char *dir, PkgReport *r);
/* A regular file beneath root. -1 with errno: EINVAL (a path the rules
 * refuse, or not a regular file), ENAMETOOLONG, ENOENT, ELOOP or EXDEV (a
 * link or a way out on the path), or the open's own. */
int pkgfiles_open(int root, const char *rel);
/* A folder beneath root, by the same rules; rel "" is root itself, as a
 * fresh open file description (its listing starts at the beginning and
 * does not move root's). */
int pkgfiles_open_dir(int root, const char *rel);
/* The entry of the folder dirfd named name (one name, no slash) in any
 * case, as FAT sticks spell it (KIOSK, Update), and of the kind wanted
 * (S_IFDIR or S_IFREG), never through a link: opened, with its own
 * spelling in real (when real is not NULL), or -1 with errno (ENOENT when
 * there is none, EINVAL when it is of another kind). Of several spellings
 * (a case-sensitive file system) the smallest in byte order wins. */
int pkgfiles_open_any_case(int dirfd, const char *name, mode_t kind, char *real, size_t size);
/* Reads the whole regular file fd from its start (pread: the file
 * position is neither used nor moved) into a buffer with a NUL after the
 * *len bytes. NULL with errno: EFBIG when it holds more than max bytes
 * (known from its size before reading, and caught while reading when it
 * grows, without reading more than max + 1 bytes), EINVAL when it is not
 * a regular file, ENOMEM, or the read's own. */
char *pkgfiles_read(int fd, uint64_t max, size_t *len);
/* Reads at most the first n bytes of fd (a picture's header) into a
 * buffer with a NUL after the *len bytes; *len < n means the file ends
 * there. NULL with errno. */
char *pkgfiles_read_head(int fd, size_t n, size_t *len);
/* What the checker and the importer say of an entry found in a package
 * (lstat'ed) that is not a plain file or folder (pkg_kind_problem), or
 * NULL. */
const char *pkgfiles_problem(const struct stat *st);

#endif
