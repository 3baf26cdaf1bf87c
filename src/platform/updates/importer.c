#include "platform/updates/importer.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "platform/package/fsio.h"
#include "platform/package/pkgcheck.h"
#include "platform/package/pkgfiles.h"

/* A version's name is the content hash in hex (BLAKE2b-256). */
#define ID_BYTES 32
#define ID_HEX (2 * ID_BYTES)
#define BLOCK (256 * 1024)
/* importer_recover waits up to 100 x 20 ms for the lock. */
#define LOCK_TRIES 100
#define LOCK_WAIT_NS (20 * 1000 * 1000)

static const char MSG_REMOVED[] =
    "The USB stick was removed before the update finished. Nothing was changed.";
static const char MSG_BUSY[] = "Another update is already running. Nothing was changed.";
static const char MSG_ROLLBACK[] =
    "The new content could not be shown, so the previous content is back.";
static const char MSG_BUILTIN[] =
    "The new content could not be shown, so the built-in content is back.";
static const char MSG_REPAIRED[] =
    "The installed content was damaged, so the previous content is back.";

/* Internal steps return an ImportResult; this one means "carry on". */
#define STEP_OK IMPORT_INSTALLED

typedef struct {
	char *path; /* relative to the package, '/'-separated */
	bool dir;
	uint64_t size; /* from the walk; after reading, the bytes read */
	unsigned char hash[ID_BYTES];
} Entry;

typedef struct {
	Entry *v;
	size_t n, cap;
	uint64_t bytes; /* sizes as the walk saw them */
} Tree;

typedef struct {
	char cur[ID_HEX + 1];  /* the version current names, "" when none */
	char prev[ID_HEX + 1]; /* the version previous names, "" when none */
} Links;

typedef struct {
	const PkgLimits *lim;
	const ImportHooks *hooks;
	PkgReport *report;
	int srcfd, datafd, versfd, stagefd;
	char stage[32]; /* staging folder name in DATA, "" when none */
	char data[PATH_MAX];
	char made_top[PATH_MAX]; /* the highest folder of DATA's path we created */
	bool made_versions;
	unsigned char *buf;
	uint64_t done, total, check_base;
	int err; /* errno of the storage failure (IMPORT_FAILED) */
	bool busy;
} Import;

/* Errors that mean the stick went away (pulled, FUSE daemon gone, media
 * changed) rather than a problem with one file on it. */
static bool source_gone(int e)
{
	return e == ENOENT || e == EIO || e == ENODEV || e == ENXIO || e == ENOTCONN ||
	       e == ESTALE || e == ENOMEDIUM || e == ECONNABORTED || e == ESHUTDOWN;
}

static bool cancelled(const Import *im)
{
	return im->hooks && im->hooks->cancel && *im->hooks->cancel;
}

static void progress(Import *im)
{
	if (!im->hooks || !im->hooks->progress)
		return;
	uint64_t d = im->done < im->total ? im->done : im->total;
	im->hooks->progress(im->hooks->user, d, im->total);
}

static ImportResult storage_failed(Import *im)
{
	im->err = errno ? errno : EIO;
	return IMPORT_FAILED;
}

static bool valid_id(const char *s, size_t n)
{
	if (n != ID_HEX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

/* ---- small file helpers, all through fsio ---- */

static int fsync_at(int dirfd, const char *path)
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

static int unlink_if(int dirfd, const char *name, int flags)
{
	if (fsio_unlinkat(dirfd, name, flags) != 0 && errno != ENOENT)
		return -1;
	return 0;
}

/* Removes name (a file, link or whole folder) beneath the folder at. */
static int remove_tree(int at, const char *name, int depth)
{
	struct stat st;
	if (fsio_fstatat(at, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink_if(at, name, 0);
	if (depth > 2 * PKG_DEPTH_MAX) {
		errno = ELOOP;
		return -1;
	}
	/* Removing while reading may hide later entries on some file
	 * systems; scan again until the folder is empty. */
	for (int pass = 0; pass < 4; pass++) {
		int fd = fsio_openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW, 0);
		if (fd < 0)
			return errno == ENOENT ? 0 : -1;
		DIR *d = fsio_fdopendir(fd);
		if (!d) {
			fsio_close(fd);
			return -1;
		}
		int rc = 0;
		struct dirent *e;
		while ((e = fsio_readdir(d))) {
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			if (remove_tree(dirfd(d), e->d_name, depth + 1) != 0)
				rc = -1;
		}
		if (errno != 0)
			rc = -1;
		int saved = errno;
		fsio_closedir(d);
		errno = saved;
		if (rc != 0)
			return -1;
		if (fsio_unlinkat(at, name, AT_REMOVEDIR) == 0 || errno == ENOENT)
			return 0;
		if (errno != ENOTEMPTY && errno != EEXIST)
			return -1;
	}
	return -1;
}

/* Reads the link name -> "versions/<id>" into id when it is well formed
 * and the version folder exists. Returns 1 valid, 0 absent, -1 broken
 * (present but unusable), -2 on an I/O error. */
static int read_link(int datafd, const char *name, char id[ID_HEX + 1])
{
	char buf[128];
	id[0] = '\0';
	ssize_t n = fsio_readlinkat(datafd, name, buf, sizeof(buf) - 1);
	if (n < 0)
		return errno == ENOENT ? 0 : errno == EINVAL ? -1 : -2;
	buf[n] = '\0';
	if (strncmp(buf, "versions/", 9) != 0 || !valid_id(buf + 9, (size_t)n - 9))
		return -1;
	struct stat st;
	if (fsio_fstatat(datafd, buf, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return errno == ENOENT || errno == ENOTDIR ? -1 : -2;
	if (!S_ISDIR(st.st_mode))
		return -1;
	memcpy(id, buf + 9, ID_HEX + 1);
	return 1;
}

/* name -> versions/<id>, by a fresh link renamed over it. The caller
 * fsyncs DATA. */
static int set_link(int datafd, const char *name, const char *id)
{
	char tmp[32], target[ID_HEX + 16];
	snprintf(tmp, sizeof(tmp), "%s.tmp", name);
	snprintf(target, sizeof(target), "versions/%s", id);
	if (unlink_if(datafd, tmp, 0) != 0)
		return -1;
	if (fsio_symlinkat(target, datafd, tmp) != 0)
		return -1;
	if (fsio_renameat(datafd, tmp, datafd, name) != 0) {
		int saved = errno;
		fsio_unlinkat(datafd, tmp, 0);
		errno = saved;
		return -1;
	}
	return 0;
}

/* The trial file: "<id> <starts>\n". Returns 1 read, 0 absent or
 * unreadable as a trial (treated as absent), -2 on an I/O error. */
static int read_trial(int datafd, const char *name, char id[ID_HEX + 1], unsigned *starts)
{
	id[0] = '\0';
	*starts = 0;
	int fd = fsio_openat(datafd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK, 0);
	if (fd < 0)
		return errno == ENOENT || errno == ELOOP ? 0 : -2;
	char buf[128];
	size_t n = 0;
	int rc = 1;
	while (n < sizeof(buf) - 1) {
		ssize_t r = fsio_read(fd, buf + n, sizeof(buf) - 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			rc = -2;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	fsio_close(fd);
	if (rc != 1)
		return rc;
	buf[n] = '\0';
	char *sp = strchr(buf, ' ');
	if (!sp || !valid_id(buf, (size_t)(sp - buf)))
		return 0;
	char *end;
	unsigned long v = strtoul(sp + 1, &end, 10);
	if (end == sp + 1 || v > 1000)
		return 0;
	memcpy(id, buf, ID_HEX);
	id[ID_HEX] = '\0';
	*starts = (unsigned)v;
	return 1;
}

/* Writes DATA/<name>.tmp with the trial text, fsynced; the caller renames
 * it into place. */
static int write_trial_tmp(int datafd, const char *tmp, const char *id, unsigned starts)
{
	char text[ID_HEX + 16];
	int len = snprintf(text, sizeof(text), "%s %u\n", id, starts);
	int fd = fsio_openat(datafd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0644);
	if (fd < 0)
		return -1;
	if (fsio_write_all(fd, text, (size_t)len) != 0 || fsio_fsync(fd) != 0) {
		int saved = errno;
		fsio_close(fd);
		fsio_unlinkat(datafd, tmp, 0);
		errno = saved;
		return -1;
	}
	if (fsio_close(fd) != 0) {
		int saved = errno;
		fsio_unlinkat(datafd, tmp, 0);
		errno = saved;
		return -1;
	}
	return 0;
}

/* trial := "<id> <starts>", durably: temp, fsync, rename, fsync DATA. */
static int write_trial(int datafd, const char *id, unsigned starts)
{
	if (write_trial_tmp(datafd, "trial.tmp", id, starts) != 0)
		return -1;
	if (fsio_renameat(datafd, "trial.tmp", datafd, "trial") != 0) {
		int saved = errno;
		fsio_unlinkat(datafd, "trial.tmp", 0);
		errno = saved;
		return -1;
	}
	return fsio_fsync(datafd);
}

/* ---- the package tree ---- */

static void tree_free(Tree *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].path);
	free(t->v);
	*t = (Tree){0};
}

static int tree_add(Tree *t, const char *path, bool dir, uint64_t size)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		Entry *v = realloc(t->v, cap * sizeof(*v));
		if (!v)
			return -1;
		t->v = v;
		t->cap = cap;
	}
	char *p = strdup(path);
	if (!p)
		return -1;
	t->v[t->n++] = (Entry){.path = p, .dir = dir, .size = size};
	t->bytes += dir ? 0 : size;
	return 0;
}

static int by_path(const void *a, const void *b)
{
	return strcmp(((const Entry *)a)->path, ((const Entry *)b)->path);
}

/* A parent's path is a prefix of its children's, so in byte order every
 * folder comes before what it holds. */
static void tree_sort(Tree *t)
{
	if (t->n > 1)
		qsort(t->v, t->n, sizeof(*t->v), by_path);
}

/* Same files with the same sizes (folders aside). Both trees sorted. */
static bool tree_same_shape(const Tree *a, const Tree *b)
{
	size_t i = 0, j = 0;
	for (;;) {
		while (i < a->n && a->v[i].dir)
			i++;
		while (j < b->n && b->v[j].dir)
			j++;
		if (i == a->n || j == b->n)
			return i == a->n && j == b->n;
		if (strcmp(a->v[i].path, b->v[j].path) != 0 || a->v[i].size != b->v[j].size)
			return false;
		i++;
		j++;
	}
}

/* The content hash: BLAKE2b-256 over (path, size, file hash) of every file
 * in byte order of the paths, each path with its NUL and the size as 8
 * bytes little-endian. Folders do not count: only what can be shown. */
static void tree_id(const Tree *t, char out[ID_HEX + 1])
{
	static const char domain[] = "kiosk content 1";
	crypto_generichash_state st;
	unsigned char id[ID_BYTES];
	crypto_generichash_init(&st, NULL, 0, ID_BYTES);
	crypto_generichash_update(&st, (const unsigned char *)domain, sizeof(domain));
	for (size_t i = 0; i < t->n; i++) {
		const Entry *e = &t->v[i];
		if (e->dir)
			continue;
		unsigned char le[8];
		for (int k = 0; k < 8; k++)
			le[k] = (unsigned char)(e->size >> (8 * k));
		crypto_generichash_update(&st, (const unsigned char *)e->path, strlen(e->path) + 1);
		crypto_generichash_update(&st, le, sizeof(le));
		crypto_generichash_update(&st, e->hash, ID_BYTES);
	}
	crypto_generichash_final(&st, id, ID_BYTES);
	sodium_bin2hex(out, ID_HEX + 1, id, ID_BYTES);
}

static void problem_errno(Import *im, const char *path, int e)
{
	pkg_report_unreadable(im->report, path, false, strerror(e));
}

/* Lists the folder open at fd (taken over) into t, depth first. On the
 * stick (source) anything but plain files and folders is a problem, and
 * errors are the stick's; on the kiosk's storage they are a failure. */
static ImportResult walk(Import *im, Tree *t, int fd, const char *rel, int depth, bool source)
{
	DIR *d = fsio_fdopendir(fd);
	if (!d) {
		int e = errno;
		fsio_close(fd);
		errno = e;
		if (!source)
			return storage_failed(im);
		if (source_gone(e))
			return IMPORT_REMOVED;
		pkg_report_unreadable(im->report, rel, true, strerror(e));
		return IMPORT_REJECTED;
	}
	ImportResult rc = STEP_OK;
	struct dirent *de;
	char path[PATH_MAX];
	while (rc == STEP_OK && (de = fsio_readdir(d))) {
		const char *name = de->d_name;
		/* Clutter (.DS_Store, Thumbs.db) is copied like the rest: the
		 * checker decides about it, so `check` and `import` agree. */
		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s%s%s", rel, rel[0] ? "/" : "", name) >
		    PKG_PATH_MAX) {
			pkg_report_too_long(im->report, path);
			continue;
		}
		/* A name pkgfiles would not open: in the checker's words. */
		char why[160];
		if (source && pkg_path_check(name, why, sizeof(why)) != 0) {
			pkg_report_add(im->report, false, path, "%s", why);
			continue;
		}
		struct stat st;
		if (fsio_fstatat(dirfd(d), name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
			int e = errno;
			if (!source)
				rc = storage_failed(im);
			else if (source_gone(e))
				rc = IMPORT_REMOVED;
			else {
				problem_errno(im, path, e);
				rc = IMPORT_REJECTED;
			}
			break;
		}
		if (source && t->n >= im->lim->max_files) {
			pkg_report_too_many(im->report, im->lim->max_files);
			rc = IMPORT_REJECTED;
			break;
		}
		/* Never copied, never followed; in the checker's words. */
		const char *bad = pkgfiles_problem(&st);
		if (bad) {
			if (source)
				pkg_report_add(im->report, false, path, "%s", bad);
			continue;
		}
		if (tree_add(t, path, S_ISDIR(st.st_mode), (uint64_t)st.st_size) != 0) {
			rc = storage_failed(im);
			break;
		}
		if (!S_ISDIR(st.st_mode))
			continue;
		if (depth + 1 > PKG_DEPTH_MAX) {
			pkg_report_too_deep(im->report, path);
			continue;
		}
		int sub = pkgfiles_open_dir(dirfd(d), name);
		if (sub < 0) {
			int e = errno;
			if (!source)
				rc = storage_failed(im);
			else if (source_gone(e))
				rc = IMPORT_REMOVED;
			else {
				problem_errno(im, path, e);
				rc = IMPORT_REJECTED;
			}
			break;
		}
		rc = walk(im, t, sub, path, depth + 1, source);
	}
	if (rc == STEP_OK && errno != 0) {
		int e = errno;
		rc = !source          ? storage_failed(im)
		     : source_gone(e) ? IMPORT_REMOVED
		                      : IMPORT_REJECTED;
		if (rc == IMPORT_REJECTED)
			pkg_report_unreadable(im->report, rel, true, strerror(e));
	}
	fsio_closedir(d);
	return rc;
}

static bool is_article(const char *path)
{
	size_t n = strlen(path);
	return n > 3 && strcasecmp(path + n - 3, ".md") == 0;
}

/* Reads one file of the package (at most its limit + 1 bytes: one more
 * than allowed lets the checker see it is too big without reading an
 * endless file), hashing it and, when dst >= 0, writing it there. */
static ImportResult copy_file(Import *im, Entry *e, int dst)
{
	int src = pkgfiles_open(im->srcfd, e->path);
	if (src < 0) {
		int err = errno;
		if (source_gone(err))
			return IMPORT_REMOVED;
		/* The walk saw a plain file here a moment ago. */
		if (err == ELOOP || err == EXDEV)
			pkg_report_add(im->report, false, e->path, "%s",
			               pkg_kind_problem(PKG_KIND_LINK, 1));
		else if (err == EINVAL)
			pkg_report_changed(im->report, e->path);
		else
			problem_errno(im, e->path, err);
		return IMPORT_REJECTED;
	}
	ImportResult rc = STEP_OK;
	struct stat st;
	if (fsio_fstat(src, &st) != 0) {
		int err = errno;
		rc = source_gone(err) ? IMPORT_REMOVED : IMPORT_REJECTED;
		if (rc == IMPORT_REJECTED)
			problem_errno(im, e->path, err);
		goto out;
	}
	if (!S_ISREG(st.st_mode) || pkgfiles_problem(&st)) {
		if (S_ISDIR(st.st_mode))
			pkg_report_changed(im->report, e->path);
		else
			pkg_report_add(im->report, false, e->path, "%s", pkgfiles_problem(&st));
		rc = IMPORT_REJECTED;
		goto out;
	}
	uint64_t limit = is_article(e->path) ? im->lim->max_article : im->lim->max_image;
	uint64_t left = limit + 1, got = 0;
	crypto_generichash_state hs;
	crypto_generichash_init(&hs, NULL, 0, ID_BYTES);
	while (left > 0) {
		if (cancelled(im)) {
			rc = IMPORT_REMOVED;
			goto out;
		}
		size_t want = left < BLOCK ? (size_t)left : BLOCK;
		ssize_t r = fsio_read(src, im->buf, want);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int err = errno;
			rc = source_gone(err) ? IMPORT_REMOVED : IMPORT_REJECTED;
			if (rc == IMPORT_REJECTED)
				problem_errno(im, e->path, err);
			goto out;
		}
		if (r == 0)
			break;
		crypto_generichash_update(&hs, im->buf, (size_t)r);
		if (dst >= 0 && fsio_write_all(dst, im->buf, (size_t)r) != 0) {
			rc = storage_failed(im);
			goto out;
		}
		got += (uint64_t)r;
		left -= (uint64_t)r;
		im->done += (uint64_t)r;
		if (im->total < im->done)
			im->total = im->done;
		progress(im);
	}
	crypto_generichash_final(&hs, e->hash, ID_BYTES);
	e->size = got;
out:
	/* A read-only descriptor has nothing to lose on close. */
	fsio_close(src);
	return rc;
}

/* Hashes the stick's files without writing anything, for "already
 * installed". */
static ImportResult hash_source(Import *im, Tree *t, char id[ID_HEX + 1])
{
	for (size_t i = 0; i < t->n; i++) {
		if (t->v[i].dir)
			continue;
		ImportResult rc = copy_file(im, &t->v[i], -1);
		if (rc != STEP_OK)
			return rc;
	}
	tree_id(t, id);
	return STEP_OK;
}

/* Copies the stick into the staging folder, every file and folder
 * fsynced, and names the copy by its content. */
static ImportResult copy_tree(Import *im, Tree *t, char id[ID_HEX + 1])
{
	uint64_t copied = 0;
	for (size_t i = 0; i < t->n; i++) {
		Entry *e = &t->v[i];
		if (cancelled(im))
			return IMPORT_REMOVED;
		if (e->dir) {
			if (fsio_mkdirat(im->stagefd, e->path, 0755) != 0)
				return storage_failed(im);
			continue;
		}
		int dst = fsio_openat(im->stagefd, e->path,
		                      O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0644);
		if (dst < 0)
			return storage_failed(im);
		ImportResult rc = copy_file(im, e, dst);
		if (rc == STEP_OK && fsio_fsync(dst) != 0)
			rc = storage_failed(im);
		if (fsio_close(dst) != 0 && rc == STEP_OK)
			rc = storage_failed(im);
		if (rc != STEP_OK)
			return rc;
		copied += e->size;
		/* The walk's sizes can lie (a hostile or changing stick):
		 * what was read is what counts. */
		if (copied > im->lim->max_package) {
			pkg_report_too_large(im->report, copied, im->lim->max_package, false);
			return IMPORT_REJECTED;
		}
	}
	/* Folders after what they hold, the staging folder last. */
	for (size_t i = t->n; i-- > 0;)
		if (t->v[i].dir && fsync_at(im->stagefd, t->v[i].path) != 0)
			return storage_failed(im);
	if (fsio_fsync(im->stagefd) != 0)
		return storage_failed(im);
	tree_id(t, id);
	return STEP_OK;
}

static void check_progress(void *user, uint64_t done, uint64_t total)
{
	Import *im = user;
	uint64_t part = im->total - im->check_base;
	im->done = im->check_base + (done < part ? done : part);
	progress(im);
}

/* ---- DATA ---- */

/* Opens DATA, creating it and any missing parents (0755) when create is
 * set; the highest folder created is remembered so a failed first import
 * can leave the disk as it found it. */
static ImportResult open_data(Import *im, bool create)
{
	im->datafd = fsio_openat(AT_FDCWD, im->data, O_RDONLY | O_DIRECTORY, 0);
	if (im->datafd >= 0 || errno != ENOENT || !create)
		return im->datafd >= 0 || (errno == ENOENT && !create) ? STEP_OK
		                                                       : storage_failed(im);
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s", im->data);
	size_t len = strlen(path);
	for (size_t i = 1; i <= len; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		char c = path[i];
		path[i] = '\0';
		if (fsio_mkdirat(AT_FDCWD, path, 0755) == 0) {
			if (!im->made_top[0])
				snprintf(im->made_top, sizeof(im->made_top), "%s", path);
			/* The new folder's name lives in its parent. */
			char parent[PATH_MAX];
			snprintf(parent, sizeof(parent), "%s", path);
			char *slash = strrchr(parent, '/');
			if (slash == parent)
				slash[1] = '\0';
			else if (slash)
				*slash = '\0';
			else
				snprintf(parent, sizeof(parent), ".");
			if (fsync_at(AT_FDCWD, parent) != 0)
				return storage_failed(im);
		} else if (errno != EEXIST) {
			return storage_failed(im);
		}
		path[i] = c;
	}
	im->datafd = fsio_openat(AT_FDCWD, im->data, O_RDONLY | O_DIRECTORY, 0);
	return im->datafd >= 0 ? STEP_OK : storage_failed(im);
}

/* Removes the folders open_data created (deepest first), after a failed
 * first import. */
static void unmake_data(Import *im)
{
	if (!im->made_top[0])
		return;
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s", im->data);
	size_t top = strlen(im->made_top);
	while (strlen(path) >= top) {
		if (fsio_unlinkat(AT_FDCWD, path, AT_REMOVEDIR) != 0)
			return;
		char *slash = strrchr(path, '/');
		if (!slash)
			return;
		*slash = '\0';
	}
}

static ImportResult lock_data(Import *im)
{
	if (fsio_lock(im->datafd) == 0)
		return STEP_OK;
	if (errno == EWOULDBLOCK) {
		im->busy = true;
		return IMPORT_FAILED;
	}
	return storage_failed(im);
}

/* Reads current and previous. A broken link counts as none here; repair
 * has fixed them before an install relies on that. */
static ImportResult read_links(Import *im, Links *l)
{
	int c = read_link(im->datafd, "current", l->cur);
	int p = read_link(im->datafd, "previous", l->prev);
	if (c == -2 || p == -2)
		return storage_failed(im);
	if (c != 1)
		l->cur[0] = '\0';
	if (p != 1)
		l->prev[0] = '\0';
	return STEP_OK;
}

static bool leftover(const char *name)
{
	return strncmp(name, "staging-", 8) == 0 || strcmp(name, "current.tmp") == 0 ||
	       strcmp(name, "previous.tmp") == 0 || strcmp(name, "trial.tmp") == 0;
}

/* Brings DATA to a consistent state after whatever stopped the last
 * import: leftovers removed, current valid or absent, previous valid or
 * absent, a trial only for current, only the versions they name. With
 * start set, counts a start of content on trial and rolls it back on the
 * second. Needs the lock. Returns 0 or -1 (I/O error, DATA untouched from
 * there on). */
static int repair(int datafd, bool start, char *msg, size_t msglen)
{
	DIR *d = NULL;
	int fd = fsio_openat(datafd, ".", O_RDONLY | O_DIRECTORY, 0);
	if (fd < 0 || !(d = fsio_fdopendir(fd))) {
		if (fd >= 0)
			fsio_close(fd);
		return -1;
	}
	struct dirent *e;
	int rc = 0;
	while ((e = fsio_readdir(d)))
		if (leftover(e->d_name) && remove_tree(datafd, e->d_name, 0) != 0)
			rc = -1;
	if (errno != 0)
		rc = -1;
	fsio_closedir(d);
	if (rc != 0)
		return -1;

	Links l;
	int c = read_link(datafd, "current", l.cur);
	int p = read_link(datafd, "previous", l.prev);
	if (c == -2 || p == -2)
		return -1;
	if (p == -1 && unlink_if(datafd, "previous", 0) != 0)
		return -1;
	if (p != 1)
		l.prev[0] = '\0';
	bool sync = false;
	if (c != 1) {
		/* Never left by an import (current is only ever replaced by
		 * rename): the folder was damaged from outside. */
		if (l.prev[0]) {
			if (set_link(datafd, "current", l.prev) != 0)
				return -1;
			memcpy(l.cur, l.prev, sizeof(l.cur));
			snprintf(msg, msglen, "%s", MSG_REPAIRED);
		} else {
			if (c == -1 && unlink_if(datafd, "current", 0) != 0)
				return -1;
			l.cur[0] = '\0';
		}
		sync = true;
	}

	/* trial.old is the trial an interrupted import set aside: it stands
	 * again unless the import got as far as switching current. */
	char tid[ID_HEX + 1];
	unsigned starts;
	int t = read_trial(datafd, "trial", tid, &starts);
	if (t == -2)
		return -1;
	struct stat st;
	if (fsio_fstatat(datafd, "trial.old", &st, AT_SYMLINK_NOFOLLOW) == 0) {
		if (t == 1 && l.cur[0] && strcmp(tid, l.cur) == 0) {
			if (unlink_if(datafd, "trial.old", 0) != 0)
				return -1;
		} else {
			if (fsio_renameat(datafd, "trial.old", datafd, "trial") != 0)
				return -1;
			t = read_trial(datafd, "trial", tid, &starts);
			if (t == -2)
				return -1;
		}
		sync = true;
	} else if (errno != ENOENT) {
		return -1;
	}

	bool on_trial = t == 1 && l.cur[0] && strcmp(tid, l.cur) == 0;
	if (!on_trial) {
		if (fsio_fstatat(datafd, "trial", &st, AT_SYMLINK_NOFOLLOW) == 0) {
			if (unlink_if(datafd, "trial", 0) != 0)
				return -1;
			sync = true;
		} else if (errno != ENOENT) {
			return -1;
		}
	} else if (start) {
		starts++;
		if (starts >= 2) {
			/* Two starts on this content without importer_confirm:
			 * it crashes the kiosk or cannot be shown. (A version
			 * floor for signed packages must rise only when content
			 * is confirmed, or this way back would be refused.) */
			if (l.prev[0] && strcmp(l.prev, l.cur) != 0) {
				if (set_link(datafd, "current", l.prev) != 0)
					return -1;
				memcpy(l.cur, l.prev, sizeof(l.cur));
				snprintf(msg, msglen, "%s", MSG_ROLLBACK);
			} else {
				if (unlink_if(datafd, "current", 0) != 0)
					return -1;
				l.cur[0] = '\0';
				snprintf(msg, msglen, "%s", MSG_BUILTIN);
			}
			if (unlink_if(datafd, "trial", 0) != 0)
				return -1;
			sync = true;
		} else if (write_trial(datafd, l.cur, starts) != 0) {
			return -1;
		}
	}
	if (sync && fsio_fsync(datafd) != 0)
		return -1;

	/* Versions nobody names: an interrupted import's copy, or what a
	 * rollback left behind. */
	int vfd = fsio_openat(datafd, "versions", O_RDONLY | O_DIRECTORY | O_NOFOLLOW, 0);
	if (vfd < 0)
		return errno == ENOENT ? 0 : -1;
	d = fsio_fdopendir(vfd);
	if (!d) {
		fsio_close(vfd);
		return -1;
	}
	bool removed = false;
	while ((e = fsio_readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
		    strcmp(e->d_name, l.cur) == 0 || strcmp(e->d_name, l.prev) == 0)
			continue;
		if (remove_tree(dirfd(d), e->d_name, 0) != 0)
			rc = -1;
		removed = true;
	}
	if (errno != 0)
		rc = -1;
	if (removed && fsio_fsync(dirfd(d)) != 0)
		rc = -1;
	fsio_closedir(d);
	return rc;
}

/* ---- the switch ---- */

typedef struct {
	bool placed;     /* versions/<id> is our copy, to remove on failure */
	bool had_trial;  /* a trial file existed before */
	bool set_aside;  /* it was linked to trial.old */
	bool trial_done; /* trial now names the new version */
	bool prev_done, cur_done;
} Undo;

/* Puts current, previous and trial back as they were and removes the new
 * version. Best effort: the first error already decided the result. */
static void undo(Import *im, const Links *old, const Undo *u, const char *id)
{
	if (u->cur_done) {
		if (old->cur[0])
			set_link(im->datafd, "current", old->cur);
		else
			fsio_unlinkat(im->datafd, "current", 0);
	}
	if (u->prev_done) {
		if (old->prev[0])
			set_link(im->datafd, "previous", old->prev);
		else
			fsio_unlinkat(im->datafd, "previous", 0);
	}
	if (u->trial_done && u->had_trial)
		fsio_renameat(im->datafd, "trial.old", im->datafd, "trial");
	else if (u->trial_done)
		fsio_unlinkat(im->datafd, "trial", 0);
	else if (u->set_aside)
		fsio_unlinkat(im->datafd, "trial.old", 0);
	fsio_unlinkat(im->datafd, "trial.tmp", 0);
	fsio_unlinkat(im->datafd, "current.tmp", 0);
	fsio_unlinkat(im->datafd, "previous.tmp", 0);
	fsio_fsync(im->datafd);
	if (u->placed) {
		remove_tree(im->versfd, id, 0);
		fsio_fsync(im->versfd);
	}
}

/* Makes versions/<id> current. Order (each step durable before the next,
 * so recovery can always tell which side of the switch it is on):
 *   1. the copy becomes versions/<id>;
 *   2. the new trial is written to trial.tmp; an existing trial is linked
 *      to trial.old, then trial.tmp renamed over trial: it names <id>,
 *      which is not current yet, so recovery ignores it (and brings
 *      trial.old back) if the switch never happens;
 *   3. previous := the old current;
 *   4. current := versions/<id>, fsync DATA: the commit point.
 * The trial is in place before current switches, so new content is never
 * current without being on trial. Before the commit every failure is
 * undone with renames and links only (no data written), so a full disk
 * cannot stop the undo. After it, only clean-up remains and its errors
 * are left for the next recovery. */
static ImportResult install(Import *im, const Links *old, const char *id)
{
	Undo u = {0};
	struct stat st;
	if (strcmp(id, old->prev) == 0) {
		/* Going back to the previous content: its folder is already
		 * here, complete and fsynced. */
		if (remove_tree(im->datafd, im->stage, 0) != 0)
			return storage_failed(im);
		im->stage[0] = '\0';
	} else {
		/* A folder of that name nobody links to is an interrupted
		 * import's: replace it. */
		if (remove_tree(im->versfd, id, 0) != 0)
			return storage_failed(im);
		if (fsio_renameat(im->datafd, im->stage, im->versfd, id) != 0)
			return storage_failed(im);
		im->stage[0] = '\0';
		u.placed = true;
		if (fsio_fsync(im->versfd) != 0 || fsio_fsync(im->datafd) != 0)
			goto fail;
	}
	if (unlink_if(im->datafd, "trial.old", 0) != 0 ||
	    write_trial_tmp(im->datafd, "trial.tmp", id, 0) != 0)
		goto fail;
	if (fsio_fstatat(im->datafd, "trial", &st, AT_SYMLINK_NOFOLLOW) == 0) {
		u.had_trial = true;
		if (fsio_linkat(im->datafd, "trial", im->datafd, "trial.old") != 0)
			goto fail;
		u.set_aside = true;
	} else if (errno != ENOENT) {
		goto fail;
	}
	if (fsio_renameat(im->datafd, "trial.tmp", im->datafd, "trial") != 0)
		goto fail;
	u.trial_done = true;
	if (fsio_fsync(im->datafd) != 0)
		goto fail;
	if (old->cur[0]) {
		u.prev_done = true;
		if (set_link(im->datafd, "previous", old->cur) != 0 || fsio_fsync(im->datafd) != 0)
			goto fail;
	}
	u.cur_done = true;
	if (set_link(im->datafd, "current", id) != 0 || fsio_fsync(im->datafd) != 0)
		goto fail;

	/* Committed. */
	fsio_unlinkat(im->datafd, "trial.old", 0);
	int vfd = fsio_openat(im->versfd, ".", O_RDONLY | O_DIRECTORY, 0);
	DIR *d = vfd >= 0 ? fsio_fdopendir(vfd) : NULL;
	if (!d && vfd >= 0)
		fsio_close(vfd);
	if (d) {
		struct dirent *e;
		while ((e = fsio_readdir(d)))
			if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
			    strcmp(e->d_name, id) != 0 && strcmp(e->d_name, old->cur) != 0)
				remove_tree(im->versfd, e->d_name, 0);
		fsio_closedir(d);
		fsio_fsync(im->versfd);
	}
	fsio_fsync(im->datafd);
	return IMPORT_INSTALLED;
fail:
	storage_failed(im);
	undo(im, old, &u, id);
	return IMPORT_FAILED;
}

/* ---- the run ---- */

static void storage_message(Import *im)
{
	const char *why;
	char buf[160];
	switch (im->err) {
	case ENOSPC:
	case EDQUOT:
		why = "the kiosk's storage is full";
		break;
	case EROFS:
		why = "the kiosk's storage is read-only";
		break;
	default:
		snprintf(buf, sizeof(buf), "the kiosk's storage failed (%s)", strerror(im->err));
		why = buf;
		break;
	}
	pkg_report_add(im->report, false, "",
	               "The update could not be saved: %s. Nothing was changed.", why);
}

static ImportResult run(Import *im, const char *src)
{
	Tree stick = {0}, here = {0};
	Links old = {{0}, {0}};
	char id[ID_HEX + 1];
	ImportResult rc;

	im->srcfd = pkgfiles_open_root(src, im->report);
	if (im->srcfd < 0)
		return IMPORT_NO_CONTENT;
	if ((rc = open_data(im, false)) != STEP_OK)
		goto out;
	if (im->datafd >= 0) {
		if ((rc = lock_data(im)) != STEP_OK || (rc = read_links(im, &old)) != STEP_OK)
			goto out;
	}

	int root = pkgfiles_open_dir(im->srcfd, "");
	if (root < 0) {
		int e = errno;
		rc = source_gone(e) ? IMPORT_REMOVED : IMPORT_REJECTED;
		if (rc == IMPORT_REJECTED)
			pkg_report_unreadable(im->report, "", true, strerror(e));
		goto out;
	}
	if ((rc = walk(im, &stick, root, "", 0, true)) != STEP_OK)
		goto out;
	if (im->report->errors > 0) {
		rc = IMPORT_REJECTED;
		goto out;
	}
	if (stick.bytes > im->lim->max_package) {
		pkg_report_too_large(im->report, stick.bytes, im->lim->max_package, false);
		rc = IMPORT_REJECTED;
		goto out;
	}
	tree_sort(&stick);

	/* Same files and sizes as what is installed: hash the stick first
	 * and, when it is the same content, stop having written nothing. */
	bool same_shape = false;
	if (old.cur[0]) {
		int vfd = fsio_openat(im->datafd, "current", O_RDONLY | O_DIRECTORY, 0);
		if (vfd < 0) {
			rc = storage_failed(im);
			goto out;
		}
		if ((rc = walk(im, &here, vfd, "", 0, false)) != STEP_OK)
			goto out;
		tree_sort(&here);
		same_shape = tree_same_shape(&stick, &here);
	}
	im->total = stick.bytes * (same_shape ? 3 : 2);
	progress(im);
	if (same_shape) {
		if ((rc = hash_source(im, &stick, id)) != STEP_OK)
			goto out;
		if (strcmp(id, old.cur) == 0) {
			rc = IMPORT_ALREADY;
			goto out;
		}
	}

	if (im->datafd < 0) {
		/* DATA was missing: make it, then take the lock. */
		if ((rc = open_data(im, true)) != STEP_OK || (rc = lock_data(im)) != STEP_OK)
			goto out;
	}
	char ignored[8];
	if (repair(im->datafd, false, ignored, sizeof(ignored)) != 0) {
		rc = storage_failed(im);
		goto out;
	}
	if ((rc = read_links(im, &old)) != STEP_OK)
		goto out;
	if (fsio_mkdirat(im->datafd, "versions", 0755) == 0) {
		im->made_versions = true;
		if (fsio_fsync(im->datafd) != 0) {
			rc = storage_failed(im);
			goto out;
		}
	} else if (errno != EEXIST) {
		rc = storage_failed(im);
		goto out;
	}
	im->versfd = fsio_openat(im->datafd, "versions", O_RDONLY | O_DIRECTORY | O_NOFOLLOW, 0);
	if (im->versfd < 0) {
		rc = storage_failed(im);
		goto out;
	}

	for (int tries = 0;; tries++) {
		unsigned char r[6];
		static const char set[] = "abcdefghijklmnopqrstuvwxyz0123456789";
		randombytes_buf(r, sizeof(r));
		memcpy(im->stage, "staging-", 8);
		for (int i = 0; i < 6; i++)
			im->stage[8 + i] = set[r[i] % (sizeof(set) - 1)];
		im->stage[14] = '\0';
		if (fsio_mkdirat(im->datafd, im->stage, 0755) == 0)
			break;
		int e = errno;
		im->stage[0] = '\0';
		if (e != EEXIST || tries == 20) {
			errno = e;
			rc = storage_failed(im);
			goto out;
		}
	}
	im->stagefd = fsio_openat(im->datafd, im->stage, O_RDONLY | O_DIRECTORY | O_NOFOLLOW, 0);
	if (im->stagefd < 0) {
		rc = storage_failed(im);
		goto out;
	}
	if ((rc = copy_tree(im, &stick, id)) != STEP_OK)
		goto out;

	/* The signature before anything else reads the copy: no article is
	 * parsed and no picture decoded for content nobody vouched for. */
	SigStatus sig = {0};
	if (im->hooks && im->hooks->sig) {
		SigPolicy pol = *im->hooks->sig;
		pol.floor = signing_floor(im->data);
		if (signing_verify(im->stagefd, &pol, &sig, im->report) != 0) {
			rc = IMPORT_REJECTED;
			goto out;
		}
		if (im->hooks->sig_status)
			*im->hooks->sig_status = sig;
	}

	/* Check the copy, never the stick: a hostile stick can answer a
	 * second read differently. */
	im->check_base = im->done;
	if (im->total < im->done + stick.bytes)
		im->total = im->done + stick.bytes;
	if (pkgcheck_dir(im->stagefd, im->lim, im->report, check_progress, im) != 0 ||
	    im->report->errors > 0) {
		rc = IMPORT_REJECTED;
		goto out;
	}
	if (cancelled(im)) {
		rc = IMPORT_REMOVED;
		goto out;
	}
	fsio_close(im->stagefd);
	im->stagefd = -1;
	if (strcmp(id, old.cur) == 0) {
		rc = IMPORT_ALREADY;
		goto out;
	}
	/* The floor rises before the switch, so at no instant is a version
	 * installed above it; it never goes down, even after a rollback. */
	if (sig.verified && signing_raise_floor(im->data, sig.version) != 0) {
		rc = storage_failed(im);
		goto out;
	}
	rc = install(im, &old, id);
	if (rc == IMPORT_INSTALLED) {
		im->done = im->total;
		progress(im);
	}
out:
	tree_free(&stick);
	tree_free(&here);
	return rc;
}

ImportResult importer_run(const char *src, const char *data, const PkgLimits *lim,
                          const ImportHooks *hooks, PkgReport *report)
{
	PkgLimits def;
	if (!lim) {
		pkg_limits_default(&def);
		lim = &def;
	}
	Import im = {.lim = lim, .hooks = hooks, .report = report};
	im.srcfd = im.datafd = im.versfd = im.stagefd = -1;
	ImportResult rc;
	if (sodium_init() < 0 || !(im.buf = malloc(BLOCK))) {
		errno = ENOMEM;
		rc = storage_failed(&im);
		goto out;
	}
	if (snprintf(im.data, sizeof(im.data), "%s", data) >= (int)sizeof(im.data)) {
		errno = ENAMETOOLONG;
		rc = storage_failed(&im);
		goto out;
	}
	/* "DATA/" and "DATA" are the same folder to create and remove. */
	for (size_t n = strlen(im.data); n > 1 && im.data[n - 1] == '/'; n--)
		im.data[n - 1] = '\0';
	rc = run(&im, src);
out:
	if (im.stagefd >= 0)
		fsio_close(im.stagefd);
	if (im.stage[0])
		remove_tree(im.datafd, im.stage, 0);
	if (im.versfd >= 0)
		fsio_close(im.versfd);
	if (rc != IMPORT_INSTALLED && im.made_versions)
		fsio_unlinkat(im.datafd, "versions", AT_REMOVEDIR);
	if (im.datafd >= 0)
		fsio_close(im.datafd);
	if (im.srcfd >= 0)
		fsio_close(im.srcfd);
	if (rc != IMPORT_INSTALLED)
		unmake_data(&im);
	free(im.buf);
	if (rc == IMPORT_REMOVED) {
		/* Whatever was found before the stick went is moot. */
		pkg_report_free(report);
		pkg_report_init(report);
		pkg_report_add(report, false, "", "%s", MSG_REMOVED);
	} else if (rc == IMPORT_FAILED) {
		if (im.busy)
			pkg_report_add(report, false, "", "%s", MSG_BUSY);
		else
			storage_message(&im);
	}
	pkg_report_finish(report);
	return rc;
}

int importer_recover(const char *data, char *msg, size_t msglen)
{
	if (msglen > 0)
		msg[0] = '\0';
	int fd = fsio_openat(AT_FDCWD, data, O_RDONLY | O_DIRECTORY, 0);
	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	int rc = 0;
	/* The lock goes with the descriptor into the checker's sandboxed
	 * children, so an import killed a moment ago can still hold it until
	 * its child has died too: wait a little. An import that goes on
	 * holding it is running (`kiosk import` beside the kiosk); it owns
	 * the staging folder and the links, and they are left to it. */
	int tries = 0;
	while (fsio_lock(fd) != 0) {
		if (errno != EWOULDBLOCK || ++tries == LOCK_TRIES) {
			rc = errno == EWOULDBLOCK ? 0 : -1;
			goto out;
		}
		nanosleep(&(struct timespec){.tv_nsec = LOCK_WAIT_NS}, NULL);
	}
	rc = repair(fd, true, msg, msglen);
out:
	fsio_close(fd);
	return rc;
}

void importer_confirm(const char *data)
{
	int fd = fsio_openat(AT_FDCWD, data, O_RDONLY | O_DIRECTORY, 0);
	if (fd < 0)
		return;
	/* Only a trial for what current names now: an import switching
	 * meanwhile has put its own trial in place, which stays. */
	char cur[ID_HEX + 1], tid[ID_HEX + 1];
	unsigned starts;
	if (read_link(fd, "current", cur) == 1 && read_trial(fd, "trial", tid, &starts) == 1 &&
	    strcmp(cur, tid) == 0 && fsio_unlinkat(fd, "trial", 0) == 0)
		fsio_fsync(fd);
	fsio_close(fd);
}

const SigPolicy *importer_policy(const Config *cfg, SigPolicy *pol)
{
	if (!cfg || !cfg->require_signature)
		return NULL;
	*pol = (SigPolicy){.trusted_dir = cfg->trusted_keys_dir, .site = cfg->site};
	return pol;
}
