#include "platform/package/pkgfiles.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "platform/package/fsio.h"

/* ---- opening ----------------------------------------------------------- */

/* One open beneath at, by the one rule. A single name falls back to
 * O_NOFOLLOW without openat2; a longer path returns ENOSYS for the caller
 * to walk. */
static int open_at(int at, const char *path, bool dir)
{
	struct open_how how = {
	    .flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY | (dir ? O_DIRECTORY : 0),
	    .resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
	};
	int fd = fsio_openat2(at, path, &how);
	if (fd < 0 && errno == ENOSYS && !strchr(path, '/'))
		fd = fsio_openat(at, path, (int)how.flags | O_NOFOLLOW, 0);
	return fd;
}

static int ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static bool ascii_caseeq(const char *a, const char *b)
{
	while (*a && ascii_lower((unsigned char)*a) == ascii_lower((unsigned char)*b)) {
		a++;
		b++;
	}
	return *a == *b;
}

/* The entry of the folder at matching name without regard to case, into
 * out. With several (a case-sensitive file system) the smallest in byte
 * order wins, so the choice does not depend on the folder's order. */
static bool find_fold(int at, const char *name, char *out, size_t outlen)
{
	/* A fresh open file description: scanning a dup would move the read
	 * position that every later lookup in the same folder shares. */
	int fd = openat(at, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d) {
		if (fd >= 0)
			close(fd);
		return false;
	}
	bool found = false;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!ascii_caseeq(e->d_name, name) || strlen(e->d_name) >= outlen ||
		    pkg_is_leftover_name(e->d_name))
			continue;
		if (!found || strcmp(e->d_name, out) < 0) {
			strcpy(out, e->d_name);
			found = true;
		}
	}
	closedir(d);
	return found;
}

int pkgfiles_open_any_case(int dirfd, const char *name, mode_t kind, char *real, size_t size)
{
	char found[NAME_MAX + 1];
	if (strchr(name, '/') || !find_fold(dirfd, name, found, sizeof(found))) {
		errno = ENOENT;
		return -1;
	}
	int fd = open_at(dirfd, found, kind == S_IFDIR);
	struct stat st;
	if (fd >= 0 && (fsio_fstat(fd, &st) != 0 || (st.st_mode & S_IFMT) != kind)) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	if (fd >= 0 && real)
		snprintf(real, size, "%s", found);
	return fd;
}

/* One name at a time, each matched without regard to case when it is not
 * found as written. */
static int open_walk(int root, const char *rel, bool dir)
{
	int cur = root;
	const char *p = rel;
	for (;;) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);
		bool last = !slash;
		char name[NAME_MAX + 1], found[NAME_MAX + 1];
		/* pkg_path_check has kept every name within NAME_MAX. */
		memcpy(name, p, n);
		name[n] = '\0';
		int fd = open_at(cur, name, dir || !last);
		if (fd < 0 && errno == ENOENT) {
			if (find_fold(cur, name, found, sizeof(found)))
				fd = open_at(cur, found, dir || !last);
			else
				errno = ENOENT;
		}
		int saved = errno;
		if (cur != root)
			close(cur);
		errno = saved;
		if (fd < 0 || last)
			return fd;
		cur = fd;
		p = slash + 1;
	}
}

/* Whether the path leaves the package's rules behind: a name that is a
 * leftover of another system (not part of the package), or more folders
 * than the checker walks (a file is at most PKG_DEPTH_MAX folders deep, a
 * folder at most PKG_DEPTH_MAX deep itself). */
static bool out_of_package(const char *rel, bool dir)
{
	size_t folders = 0;
	for (const char *p = rel; *p; p++)
		folders += *p == '/';
	if (folders + (dir ? 1 : 0) > PKG_DEPTH_MAX)
		return true;
	char name[NAME_MAX + 1];
	for (const char *p = rel;;) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);
		memcpy(name, p, n);
		name[n] = '\0';
		if (pkg_is_leftover_name(name) ||
		    (p == rel && slash && pkg_is_software_folder("", name)))
			return true;
		if (!slash)
			return false;
		p = slash + 1;
	}
}

static int open_beneath(int root, const char *rel, bool dir)
{
	if (!rel || strlen(rel) > PKG_PATH_MAX) {
		errno = rel ? ENAMETOOLONG : EINVAL;
		return -1;
	}
	if (pkg_path_check(rel, NULL) != 0) {
		errno = EINVAL;
		return -1;
	}
	if (out_of_package(rel, dir)) {
		errno = ENOENT;
		return -1;
	}
	/* Names as written are the common case: one system call. */
	int fd = open_at(root, rel, dir);
	if (fd < 0 && (errno == ENOENT || errno == ENOSYS))
		fd = open_walk(root, rel, dir);
	return fd;
}

int pkgfiles_open(int root, const char *rel)
{
	int fd = open_beneath(root, rel, false);
	if (fd < 0)
		return -1;
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	return fd;
}

int pkgfiles_open_dir(int root, const char *rel)
{
	if (rel && !*rel)
		return fsio_openat(root, ".", O_RDONLY | O_DIRECTORY | O_NONBLOCK, 0);
	return open_beneath(root, rel, true);
}

/* ---- reading ----------------------------------------------------------- */

char *pkgfiles_read(int fd, uint64_t max, size_t *len)
{
	struct stat st;
	if (fstat(fd, &st) != 0)
		return NULL;
	if (!S_ISREG(st.st_mode)) {
		errno = EINVAL;
		return NULL;
	}
	if (max > SIZE_MAX / 2)
		max = SIZE_MAX / 2;
	if ((uint64_t)st.st_size > max) {
		errno = EFBIG;
		return NULL;
	}
	/* Room for one byte more than the size says tells a file that grew
	 * meanwhile; the NUL goes after that. */
	size_t cap = (size_t)st.st_size + 1, n = 0;
	char *buf = malloc(cap + 1);
	if (!buf)
		return NULL;
	for (;;) {
		ssize_t r = pread(fd, buf + n, cap - n, (off_t)n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			goto fail;
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > max) {
			errno = EFBIG;
			goto fail;
		}
		if (n == cap) {
			size_t ncap = cap * 2 > max + 1 ? (size_t)max + 1 : cap * 2;
			char *p = realloc(buf, ncap + 1);
			if (!p)
				goto fail;
			buf = p;
			cap = ncap;
		}
	}
	buf[n] = '\0';
	*len = n;
	return buf;
fail:
	free(buf);
	return NULL;
}

char *pkgfiles_read_head(int fd, size_t n, size_t *len)
{
	char *buf = malloc(n + 1);
	if (!buf)
		return NULL;
	size_t got = 0;
	while (got < n) {
		ssize_t r = pread(fd, buf + got, n - got, (off_t)got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			free(buf);
			return NULL;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	buf[got] = '\0';
	*len = got;
	return buf;
}

const char *pkgfiles_problem(const struct stat *st)
{
	PkgKind k = S_ISREG(st->st_mode)                           ? PKG_KIND_FILE
	            : S_ISDIR(st->st_mode)                         ? PKG_KIND_DIR
	            : S_ISLNK(st->st_mode)                         ? PKG_KIND_LINK
	            : S_ISFIFO(st->st_mode)                        ? PKG_KIND_PIPE
	            : S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode) ? PKG_KIND_DEVICE
	            : S_ISSOCK(st->st_mode)                        ? PKG_KIND_SOCKET
	                                                           : PKG_KIND_OTHER;
	return pkg_kind_problem(k, (uint64_t)st->st_nlink);
}

/* ---- finding the package ----------------------------------------------- */

static bool is_kiosk_name(const char *s)
{
	return strcasecmp(s, "kiosk") == 0;
}

/* dir as staff named it, in the words of what went wrong. */
static void say_unopened(const char *dir, int e, PkgReport *r)
{
	struct stat st;
	if (e == ENOENT)
		pkg_report_add(r, false, dir, "the folder cannot be found");
	else if (e == ENOTDIR || (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode)))
		pkg_report_add(r, false, dir, "this is a file, not a folder");
	else if (e == EACCES || e == EPERM)
		pkg_report_add(r, false, dir, "the folder cannot be read (permission denied)");
	else
		pkg_report_unreadable(r, dir, true, strerror(e));
}

typedef struct {
	bool articles; /* dir holds an article itself */
	bool link;     /* a "kiosk" that is a symbolic link */
	char found[256], twin[256];
} RootScan;

/* Looks at dir's own names for articles and kiosk folders. */
static int scan_root(int fd, RootScan *s)
{
	int lfd = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = lfd >= 0 ? fdopendir(lfd) : NULL;
	if (!d) {
		if (lfd >= 0)
			close(lfd);
		return -1;
	}
	struct dirent *de;
	while ((de = readdir(d))) {
		struct stat st;
		if (fstatat(fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		if (pkg_is_article_name(de->d_name) && !S_ISDIR(st.st_mode))
			s->articles = true;
		if (!is_kiosk_name(de->d_name))
			continue;
		if (S_ISLNK(st.st_mode)) {
			s->link = true;
			snprintf(s->twin, sizeof(s->twin), "%s", de->d_name);
		} else if (S_ISDIR(st.st_mode) && !s->found[0]) {
			snprintf(s->found, sizeof(s->found), "%s", de->d_name);
		} else if (S_ISDIR(st.st_mode)) {
			/* Both, so the message names them in one order. */
			if (strcmp(de->d_name, s->found) < 0) {
				snprintf(s->twin, sizeof(s->twin), "%s", s->found);
				snprintf(s->found, sizeof(s->found), "%s", de->d_name);
			} else {
				snprintf(s->twin, sizeof(s->twin), "%s", de->d_name);
			}
		}
	}
	closedir(d);
	return 0;
}

/* `kiosk check /media/usb/kiosk` on a kiosk folder without articles: it
 * is the package, and "no articles" is the problem to tell. */
static bool named_kiosk(const char *dir)
{
	size_t end = strlen(dir);
	while (end > 1 && dir[end - 1] == '/')
		end--;
	size_t start = end;
	while (start > 0 && dir[start - 1] != '/')
		start--;
	return end - start == 5 && strncasecmp(dir + start, "kiosk", 5) == 0;
}

int pkgfiles_open_root(const char *dir, PkgReport *r)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0) {
		say_unopened(dir, errno, r);
		return -1;
	}
	RootScan s = {0};
	if (scan_root(fd, &s) != 0) {
		pkg_report_unreadable(r, dir, true, strerror(errno));
		close(fd);
		return -1;
	}
	if (s.articles)
		return fd;
	int k = -1;
	if (s.found[0] && s.twin[0] && !s.link) {
		pkg_report_case_twin(r, s.twin, s.found);
	} else if (s.link && !s.found[0]) {
		pkg_report_text(r, false, s.twin, pkg_kind_problem(PKG_KIND_LINK, 1));
	} else if (s.found[0]) {
		k = pkgfiles_open_dir(fd, s.found);
		if (k < 0)
			pkg_report_unreadable(r, s.found, true, strerror(errno));
	} else if (named_kiosk(dir)) {
		return fd;
	} else {
		pkg_report_text(r, false, "", PKG_NO_CONTENT);
	}
	close(fd);
	return k;
}
