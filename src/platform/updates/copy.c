/* copy: the importer's work on files. The package's tree is walked (every
 * name judged as the checker would, no links followed) and sorted, and
 * hashed into the version's name; each file of the stick with the path
 * and size of an installed one is read beside it and compared byte by
 * byte; then every file is copied into the staging folder a block at a
 * time (read from the stick once, fsynced), or linked to the installed
 * file when it is the same. The Import and its Trees are importrun.h's.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/document/ooxml/opc.h"
#include "platform/package/fsio.h"
#include "platform/package/pkgfiles.h"
#include "platform/updates/importrun.h"

/* ---- the package tree ---- */

void importer_tree_free(Tree *t)
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
void importer_tree_sort(Tree *t)
{
	if (t->n > 1)
		qsort(t->v, t->n, sizeof(*t->v), by_path);
}

/* Same files with the same sizes (folders aside). Both trees sorted. */
bool importer_tree_same_shape(const Tree *a, const Tree *b)
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
void importer_tree_id(const Tree *t, char out[ID_HEX + 1])
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

const Entry *importer_tree_find(const Tree *t, const char *path)
{
	Entry key = {.path = (char *)path};
	return t->n ? bsearch(&key, t->v, t->n, sizeof(*t->v), by_path) : NULL;
}

static void problem_errno(Import *im, const char *path, int e)
{
	pkg_report_unreadable(im->report, path, false, strerror(e));
}

/* A read of the stick (source) or of the kiosk's own storage failed with
 * e: the stick is gone, one of its files is unreadable, or the storage
 * failed. */
static ImportResult read_failed(Import *im, const char *path, bool folder, int e, bool source)
{
	if (!source) {
		errno = e;
		return importer_storage_failed(im);
	}
	if (importer_source_gone(e))
		return IMPORT_REMOVED;
	pkg_report_unreadable(im->report, path, folder, strerror(e));
	return IMPORT_REJECTED;
}

ImportResult importer_walk(Import *im, Tree *t, int fd, const char *rel, int depth, bool source);

/* One name in the folder open as dfd (rel in the package, depth deep):
 * judged, listed, and walked into when it is a folder. STEP_OK to go on
 * (problems the checker would name are reported, and the walk goes on to
 * find them all). */
static ImportResult visit(Import *im, Tree *t, int dfd, const char *rel, int depth,
                          const char *name, bool source)
{
	char path[PATH_MAX];
	PkgWhy why;
	/* Leftovers of other systems are not part of the package: never
	 * copied, never counted (the checker's rule). */
	if (pkg_is_leftover_name(name) || pkg_is_software_folder(rel, name))
		return STEP_OK;
	if ((size_t)snprintf(path, sizeof(path), "%s%s%s", rel, rel[0] ? "/" : "", name) >
	    PKG_PATH_MAX) {
		pkg_report_too_long(im->report, path);
		return STEP_OK;
	}
	/* A name pkgfiles would not open: in the checker's words. */
	if (source && pkg_path_check(name, &why) != 0) {
		pkg_report_why(im->report, false, path, &why);
		return STEP_OK;
	}
	struct stat st;
	if (fsio_fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return read_failed(im, path, false, errno, source);
	if (source && t->n >= im->lim->max_files) {
		pkg_report_too_many(im->report, im->lim->max_files);
		return IMPORT_REJECTED;
	}
	/* Never copied, never followed; in the checker's words. A file of
	 * the installed version under several names is one the importer
	 * linked into a later version. */
	const char *bad = pkgfiles_problem(&st);
	if (bad && !(!source && S_ISREG(st.st_mode))) {
		if (source)
			pkg_report_text(im->report, false, path, bad);
		return STEP_OK;
	}
	if (tree_add(t, path, S_ISDIR(st.st_mode), (uint64_t)st.st_size) != 0)
		return importer_storage_failed(im);
	if (!S_ISDIR(st.st_mode))
		return STEP_OK;
	if (depth + 1 > PKG_DEPTH_MAX) {
		pkg_report_too_deep(im->report, path);
		return STEP_OK;
	}
	int sub = pkgfiles_open_dir(dfd, name);
	if (sub < 0)
		return read_failed(im, path, true, errno, source);
	return importer_walk(im, t, sub, path, depth + 1, source);
}

/* Lists the folder open at fd (taken over) into t, depth first. On the
 * stick (source) anything but plain files and folders is a problem, and
 * errors are the stick's; on the kiosk's storage they are a failure. */
ImportResult importer_walk(Import *im, Tree *t, int fd, const char *rel, int depth, bool source)
{
	DIR *d = fsio_fdopendir(fd);
	if (!d) {
		int e = errno;
		fsio_close(fd);
		return read_failed(im, rel, true, e, source);
	}
	ImportResult rc = STEP_OK;
	struct dirent *de;
	while (rc == STEP_OK && (de = fsio_readdir(d)))
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			rc = visit(im, t, dirfd(d), rel, depth, de->d_name, source);
	if (rc == STEP_OK && errno != 0)
		rc = read_failed(im, rel, true, errno, source);
	fsio_closedir(d);
	return rc;
}

/* The most a file may hold, as the checker will judge it: an article's
 * limit, a Word document's, else a picture's. */
static uint64_t file_limit(const Import *im, const char *path)
{
	size_t n = strlen(path);
	if (n > 5 && strcasecmp(path + n - 5, ".docx") == 0 && !strchr(path, '/'))
		return OPC_FILE_MAX;
	if (n > 3 && strcasecmp(path + n - 3, ".md") == 0)
		return im->lim->max_article;
	return im->lim->max_image;
}

/* Opens the stick's file e, which the walk saw as a plain file a moment
 * ago: STEP_OK with *out, or the problem (a stick gone, a file changed
 * into something else). */
static ImportResult open_source(Import *im, const Entry *e, int *out)
{
	int src = pkgfiles_open(im->srcfd, e->path);
	if (src < 0) {
		int err = errno;
		if (importer_source_gone(err))
			return IMPORT_REMOVED;
		if (err == ELOOP || err == EXDEV)
			pkg_report_text(im->report, false, e->path,
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
		rc = importer_source_gone(err) ? IMPORT_REMOVED : IMPORT_REJECTED;
		if (rc == IMPORT_REJECTED)
			problem_errno(im, e->path, err);
	} else if (!S_ISREG(st.st_mode) || pkgfiles_problem(&st)) {
		if (S_ISDIR(st.st_mode))
			pkg_report_changed(im->report, e->path);
		else
			pkg_report_text(im->report, false, e->path, pkgfiles_problem(&st));
		rc = IMPORT_REJECTED;
	}
	if (rc != STEP_OK) {
		/* A read-only descriptor has nothing to lose on close. */
		fsio_close(src);
		return rc;
	}
	*out = src;
	return STEP_OK;
}

/* One read of the stick's file src into buf; r bytes (0 at its end), or
 * the problem. */
static ImportResult read_source(Import *im, const Entry *e, int src, unsigned char *buf,
                                size_t want, size_t *got)
{
	for (;;) {
		if (importer_cancelled(im))
			return IMPORT_REMOVED;
		ssize_t r = fsio_read(src, buf, want);
		if (r < 0 && errno == EINTR)
			continue;
		if (r >= 0) {
			*got = (size_t)r;
			return STEP_OK;
		}
		int err = errno;
		if (importer_source_gone(err))
			return IMPORT_REMOVED;
		problem_errno(im, e->path, err);
		return IMPORT_REJECTED;
	}
}

static void count_read(Import *im, size_t n)
{
	im->done += n;
	if (im->total < im->done)
		im->total = im->done;
	importer_progress(im);
}

/* Reads one file of the package (at most its limit + 1 bytes: one more
 * than allowed lets the checker see it is too big without reading an
 * endless file), hashing it and, when dst >= 0, writing it there. */
static ImportResult copy_file(Import *im, Entry *e, int dst)
{
	int src;
	ImportResult rc = open_source(im, e, &src);
	if (rc != STEP_OK)
		return rc;
	uint64_t limit = file_limit(im, e->path);
	uint64_t left = limit + 1, got = 0;
	crypto_generichash_state hs;
	crypto_generichash_init(&hs, NULL, 0, ID_BYTES);
	while (left > 0) {
		size_t r;
		rc = read_source(im, e, src, im->buf, left < BLOCK ? (size_t)left : BLOCK, &r);
		if (rc != STEP_OK || r == 0)
			break;
		crypto_generichash_update(&hs, im->buf, r);
		if (dst >= 0 && fsio_write_all(dst, im->buf, r) != 0) {
			rc = importer_storage_failed(im);
			break;
		}
		got += r;
		left -= r;
		count_read(im, r);
	}
	if (rc == STEP_OK) {
		crypto_generichash_final(&hs, e->hash, ID_BYTES);
		e->size = got;
	}
	fsio_close(src);
	return rc;
}

/* Reads n bytes of the installed file fd (a short file reads as
 * different: *same cleared). */
static ImportResult read_installed(Import *im, int fd, unsigned char *buf, size_t n, bool *same)
{
	size_t have = 0;
	while (have < n) {
		ssize_t r = fsio_read(fd, buf + have, n - have);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return importer_storage_failed(im);
		if (r == 0) {
			*same = false;
			return STEP_OK;
		}
		have += (size_t)r;
	}
	return STEP_OK;
}

/* Reads the stick's file e beside the installed file of the same path and
 * size, by content (a stick's times say nothing). *same when every byte
 * matches, with e's hash then known; reading stops at the first
 * difference, and the file is copied later. */
ImportResult importer_compare_file(Import *im, Entry *e, bool *same)
{
	*same = false;
	int src, cur = pkgfiles_open(im->curfd, e->path);
	if (cur < 0)
		return importer_storage_failed(im);
	ImportResult rc = open_source(im, e, &src);
	if (rc != STEP_OK) {
		fsio_close(cur);
		return rc;
	}
	unsigned char *theirs = im->buf, *ours = im->buf + BLOCK;
	crypto_generichash_state hs;
	crypto_generichash_init(&hs, NULL, 0, ID_BYTES);
	uint64_t left = e->size;
	bool equal = true;
	/* One byte past the size: a file grown since the walk differs. */
	while (equal && rc == STEP_OK) {
		size_t r, want = left == 0 ? 1 : left < BLOCK ? (size_t)left : BLOCK;
		rc = read_source(im, e, src, theirs, want, &r);
		if (rc != STEP_OK)
			break;
		count_read(im, r);
		if (r > left)
			equal = false;
		if (r == 0 || !equal)
			break;
		rc = read_installed(im, cur, ours, r, &equal);
		if (rc != STEP_OK || !equal || memcmp(theirs, ours, r) != 0) {
			equal = false;
			break;
		}
		crypto_generichash_update(&hs, theirs, r);
		left -= r;
	}
	if (rc == STEP_OK && equal && left == 0) {
		crypto_generichash_final(&hs, e->hash, ID_BYTES);
		*same = true;
	}
	fsio_close(src);
	fsio_close(cur);
	return rc;
}

/* The installed file at e's path into the staging copy, byte for byte:
 * where the data folder's file system has no hard links. */
static ImportResult copy_installed(Import *im, const Entry *e)
{
	int cur = pkgfiles_open(im->curfd, e->path);
	if (cur < 0)
		return importer_storage_failed(im);
	ImportResult rc = STEP_OK;
	int dst =
	    fsio_openat(im->st.stagefd, e->path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0644);
	if (dst < 0) {
		rc = importer_storage_failed(im);
		goto out;
	}
	for (uint64_t left = e->size; left > 0 && rc == STEP_OK;) {
		size_t n = left < BLOCK ? (size_t)left : BLOCK;
		bool whole = true;
		rc = read_installed(im, cur, im->buf, n, &whole);
		if (rc == STEP_OK && !whole) {
			errno = EIO;
			rc = importer_storage_failed(im);
		}
		if (rc == STEP_OK && fsio_write_all(dst, im->buf, n) != 0)
			rc = importer_storage_failed(im);
		left -= n;
	}
	if (rc == STEP_OK && fsio_fsync(dst) != 0)
		rc = importer_storage_failed(im);
	if (fsio_close(dst) != 0 && rc == STEP_OK)
		rc = importer_storage_failed(im);
out:
	fsio_close(cur);
	return rc;
}

/* A file whose every byte is as installed: a second name for the
 * installed file, so it takes no room twice. Nothing ever writes to a
 * file in DATA after its copy was made (the store only renames and
 * removes), so the shared file stays what both versions were checked
 * with. */
static ImportResult link_installed(Import *im, const Entry *e)
{
	if (fsio_linkat(im->curfd, e->path, im->st.stagefd, e->path) == 0)
		return STEP_OK;
	if (errno == EPERM || errno == EMLINK || errno == EXDEV || errno == EOPNOTSUPP)
		return copy_installed(im, e);
	return importer_storage_failed(im);
}

/* Copies the stick into the staging folder, every file and folder
 * fsynced, and names the copy by its content. Files as installed are
 * linked instead. */
ImportResult importer_copy_tree(Import *im, Tree *t, char id[ID_HEX + 1])
{
	uint64_t copied = 0;
	for (size_t i = 0; i < t->n; i++) {
		Entry *e = &t->v[i];
		if (importer_cancelled(im))
			return IMPORT_REMOVED;
		if (e->dir) {
			if (fsio_mkdirat(im->st.stagefd, e->path, 0755) != 0)
				return importer_storage_failed(im);
			continue;
		}
		if (e->same) {
			ImportResult rc = link_installed(im, e);
			if (rc != STEP_OK)
				return rc;
			copied += e->size;
			continue;
		}
		int dst = fsio_openat(im->st.stagefd, e->path,
		                      O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0644);
		if (dst < 0)
			return importer_storage_failed(im);
		ImportResult rc = copy_file(im, e, dst);
		if (rc == STEP_OK && fsio_fsync(dst) != 0)
			rc = importer_storage_failed(im);
		if (fsio_close(dst) != 0 && rc == STEP_OK)
			rc = importer_storage_failed(im);
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
		if (t->v[i].dir && fsio_fsync_dir(im->st.stagefd, t->v[i].path) != 0)
			return importer_storage_failed(im);
	if (fsio_fsync(im->st.stagefd) != 0)
		return importer_storage_failed(im);
	importer_tree_id(t, id);
	return STEP_OK;
}
