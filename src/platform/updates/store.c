#include "platform/updates/store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/package/pkg.h"
#include "platform/package/fsio.h"

/* store_recover waits up to 100 x 20 ms for the lock. */
#define LOCK_TRIES 100
#define LOCK_WAIT_NS (20 * 1000 * 1000)

static const char MSG_ROLLBACK[] =
    "The new content could not be shown, so the previous content is back.";
static const char MSG_BUILTIN[] =
    "The new content could not be shown, so the built-in content is back.";
static const char MSG_REPAIRED[] =
    "The installed content was damaged, so the previous content is back.";

/* ---- small file helpers, all through fsio ---- */

static bool valid_id(const char *s, size_t n)
{
	if (n != STORE_ID_HEX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

/* ---- small file helpers, all through fsio ---- */

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
static int read_link(int datafd, const char *name, char id[STORE_ID_HEX + 1])
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
	memcpy(id, buf + 9, STORE_ID_HEX + 1);
	return 1;
}

/* name -> versions/<id>, by a fresh link renamed over it. The caller
 * fsyncs DATA. */
static int set_link(int datafd, const char *name, const char *id)
{
	char tmp[32], target[STORE_ID_HEX + 16];
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
static int read_trial(int datafd, const char *name, char id[STORE_ID_HEX + 1], unsigned *starts)
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
	memcpy(id, buf, STORE_ID_HEX);
	id[STORE_ID_HEX] = '\0';
	*starts = (unsigned)v;
	return 1;
}

/* Writes DATA/<name>.tmp with the trial text, fsynced; the caller renames
 * it into place. */
static int write_trial_tmp(int datafd, const char *tmp, const char *id, unsigned starts)
{
	char text[STORE_ID_HEX + 16];
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

/* ---- opening DATA ---- */

/* Makes DATA and any missing parents (0755), each synced into its parent;
 * the highest folder made is remembered so a failed first import can
 * leave the disk as it found it. */
static int make_data(Store *s)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s", s->data);
	size_t len = strlen(path);
	for (size_t i = 1; i <= len; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		char c = path[i];
		path[i] = '\0';
		if (fsio_mkdirat(AT_FDCWD, path, 0755) == 0) {
			if (!s->made_top[0])
				snprintf(s->made_top, sizeof(s->made_top), "%s", path);
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
			if (fsio_fsync_dir(AT_FDCWD, parent) != 0)
				return -1;
		} else if (errno != EEXIST) {
			return -1;
		}
		path[i] = c;
	}
	return 0;
}

/* Removes the folders make_data created (deepest first), after a failed
 * first import. */
static void unmake_data(Store *s)
{
	if (!s->made_top[0])
		return;
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s", s->data);
	size_t top = strlen(s->made_top);
	while (strlen(path) >= top) {
		if (fsio_unlinkat(AT_FDCWD, path, AT_REMOVEDIR) != 0)
			return;
		char *slash = strrchr(path, '/');
		if (!slash)
			return;
		*slash = '\0';
	}
}

int store_open(Store *s, const char *data, bool create)
{
	memset(s, 0, sizeof(*s));
	s->datafd = s->versfd = s->stagefd = -1;
	if (snprintf(s->data, sizeof(s->data), "%s", data) >= (int)sizeof(s->data)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	/* "DATA/" and "DATA" are the same folder to create and remove. */
	for (size_t n = strlen(s->data); n > 1 && s->data[n - 1] == '/'; n--)
		s->data[n - 1] = '\0';
	s->datafd = fsio_openat(AT_FDCWD, s->data, O_RDONLY | O_DIRECTORY, 0);
	if (s->datafd >= 0)
		return 0;
	if (errno != ENOENT)
		return -1;
	return create ? store_create(s) : 0;
}

int store_create(Store *s)
{
	if (s->datafd >= 0)
		return 0;
	if (make_data(s) != 0)
		return -1;
	s->datafd = fsio_openat(AT_FDCWD, s->data, O_RDONLY | O_DIRECTORY, 0);
	return s->datafd >= 0 ? 0 : -1;
}

int store_lock(Store *s)
{
	return fsio_lock(s->datafd);
}

int store_links(Store *s, StoreLinks *l)
{
	int c = read_link(s->datafd, "current", l->cur);
	int p = read_link(s->datafd, "previous", l->prev);
	if (c == -2 || p == -2)
		return -1;
	if (c != 1)
		l->cur[0] = '\0';
	if (p != 1)
		l->prev[0] = '\0';
	return 0;
}

int store_open_current(Store *s)
{
	return fsio_openat(s->datafd, "current", O_RDONLY | O_DIRECTORY, 0);
}

int store_stage(Store *s)
{
	if (fsio_mkdirat(s->datafd, "versions", 0755) == 0) {
		s->made_versions = true;
		if (fsio_fsync(s->datafd) != 0)
			return -1;
	} else if (errno != EEXIST) {
		return -1;
	}
	s->versfd = fsio_openat(s->datafd, "versions", O_RDONLY | O_DIRECTORY | O_NOFOLLOW, 0);
	if (s->versfd < 0 || sodium_init() < 0)
		return -1;
	for (int tries = 0;; tries++) {
		unsigned char r[6];
		static const char set[] = "abcdefghijklmnopqrstuvwxyz0123456789";
		randombytes_buf(r, sizeof(r));
		memcpy(s->stage, "staging-", 8);
		for (int i = 0; i < 6; i++)
			s->stage[8 + i] = set[r[i] % (sizeof(set) - 1)];
		s->stage[14] = '\0';
		if (fsio_mkdirat(s->datafd, s->stage, 0755) == 0)
			break;
		int e = errno;
		s->stage[0] = '\0';
		if (e != EEXIST || tries == 20) {
			errno = e;
			return -1;
		}
	}
	s->stagefd = fsio_openat(s->datafd, s->stage, O_RDONLY | O_DIRECTORY | O_NOFOLLOW, 0);
	return s->stagefd;
}

void store_close(Store *s, bool installed)
{
	if (s->stagefd >= 0)
		fsio_close(s->stagefd);
	if (s->stage[0])
		remove_tree(s->datafd, s->stage, 0);
	if (s->versfd >= 0)
		fsio_close(s->versfd);
	if (!installed && s->made_versions)
		fsio_unlinkat(s->datafd, "versions", AT_REMOVEDIR);
	if (s->datafd >= 0)
		fsio_close(s->datafd);
	if (!installed)
		unmake_data(s);
	s->datafd = s->versfd = s->stagefd = -1;
	s->stage[0] = '\0';
}

/* ---- repair ---- */

static bool leftover(const char *name)
{
	return strncmp(name, "staging-", 8) == 0 || strcmp(name, "current.tmp") == 0 ||
	       strcmp(name, "previous.tmp") == 0 || strcmp(name, "trial.tmp") == 0;
}

/* Leftovers of an interrupted import: staging folders, temporary links. */
static int remove_leftovers(int datafd)
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
	return rc;
}

/* current valid or absent, previous valid or absent, into l; *sync set
 * when DATA changed. */
static int mend_links(int datafd, StoreLinks *l, bool *sync, char *msg, size_t msglen)
{
	int c = read_link(datafd, "current", l->cur);
	int p = read_link(datafd, "previous", l->prev);
	if (c == -2 || p == -2)
		return -1;
	if (p == -1 && unlink_if(datafd, "previous", 0) != 0)
		return -1;
	if (p != 1)
		l->prev[0] = '\0';
	if (c == 1)
		return 0;
	/* Never left by an import (current is only ever replaced by rename):
	 * the folder was damaged from outside. */
	if (l->prev[0]) {
		if (set_link(datafd, "current", l->prev) != 0)
			return -1;
		memcpy(l->cur, l->prev, sizeof(l->cur));
		snprintf(msg, msglen, "%s", MSG_REPAIRED);
	} else {
		if (c == -1 && unlink_if(datafd, "current", 0) != 0)
			return -1;
		l->cur[0] = '\0';
	}
	*sync = true;
	return 0;
}

/* trial.old is the trial an interrupted import set aside: it stands again
 * unless the import got as far as switching current. Reads the trial that
 * stands into tid and starts: read_trial's result, or -2 on an I/O error. */
static int settle_trial_old(int datafd, const StoreLinks *l, char tid[STORE_ID_HEX + 1],
                            unsigned *starts, bool *sync)
{
	int t = read_trial(datafd, "trial", tid, starts);
	if (t == -2)
		return -2;
	struct stat st;
	if (fsio_fstatat(datafd, "trial.old", &st, AT_SYMLINK_NOFOLLOW) != 0)
		return errno == ENOENT ? t : -2;
	if (t == 1 && l->cur[0] && strcmp(tid, l->cur) == 0) {
		if (unlink_if(datafd, "trial.old", 0) != 0)
			return -2;
	} else {
		if (fsio_renameat(datafd, "trial.old", datafd, "trial") != 0)
			return -2;
		t = read_trial(datafd, "trial", tid, starts);
	}
	*sync = true;
	return t;
}

/* A trial only for current. With start, one more start of the content on
 * trial is counted, and the second goes back. */
static int count_start(int datafd, StoreLinks *l, bool start, bool *sync, char *msg, size_t msglen)
{
	char tid[STORE_ID_HEX + 1];
	unsigned starts;
	int t = settle_trial_old(datafd, l, tid, &starts, sync);
	if (t == -2)
		return -1;
	if (!(t == 1 && l->cur[0] && strcmp(tid, l->cur) == 0)) {
		struct stat st;
		if (fsio_fstatat(datafd, "trial", &st, AT_SYMLINK_NOFOLLOW) != 0)
			return errno == ENOENT ? 0 : -1;
		if (unlink_if(datafd, "trial", 0) != 0)
			return -1;
		*sync = true;
		return 0;
	}
	if (!start)
		return 0;
	if (++starts < 2)
		return write_trial(datafd, l->cur, starts);
	/* Two starts on this content without store_confirm: it crashes the
	 * kiosk or cannot be shown. (A version floor for signed packages must
	 * rise only when content is confirmed, or this way back would be
	 * refused.) */
	if (l->prev[0] && strcmp(l->prev, l->cur) != 0) {
		if (set_link(datafd, "current", l->prev) != 0)
			return -1;
		memcpy(l->cur, l->prev, sizeof(l->cur));
		snprintf(msg, msglen, "%s", MSG_ROLLBACK);
	} else {
		if (unlink_if(datafd, "current", 0) != 0)
			return -1;
		l->cur[0] = '\0';
		snprintf(msg, msglen, "%s", MSG_BUILTIN);
	}
	if (unlink_if(datafd, "trial", 0) != 0)
		return -1;
	*sync = true;
	return 0;
}

/* Versions nobody names: an interrupted import's copy, or what a rollback
 * left behind. */
static int prune_versions(int datafd, const StoreLinks *l)
{
	int rc = 0;
	struct dirent *e;
	DIR *d;
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
		    strcmp(e->d_name, l->cur) == 0 || strcmp(e->d_name, l->prev) == 0)
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

/* Brings DATA to a consistent state after whatever stopped the last
 * import: leftovers removed, current valid or absent, previous valid or
 * absent, a trial only for current, only the versions they name. With
 * start set, counts a start of content on trial and rolls it back on the
 * second. Needs the lock. Returns 0 or -1 (I/O error, DATA untouched from
 * there on). */
static int repair(int datafd, bool start, char *msg, size_t msglen)
{
	StoreLinks l;
	bool sync = false;
	if (remove_leftovers(datafd) != 0 || mend_links(datafd, &l, &sync, msg, msglen) != 0 ||
	    count_start(datafd, &l, start, &sync, msg, msglen) != 0)
		return -1;
	if (sync && fsio_fsync(datafd) != 0)
		return -1;
	return prune_versions(datafd, &l);
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
static void undo(Store *s, const StoreLinks *old, const Undo *u, const char *id)
{
	if (u->cur_done) {
		if (old->cur[0])
			set_link(s->datafd, "current", old->cur);
		else
			fsio_unlinkat(s->datafd, "current", 0);
	}
	if (u->prev_done) {
		if (old->prev[0])
			set_link(s->datafd, "previous", old->prev);
		else
			fsio_unlinkat(s->datafd, "previous", 0);
	}
	if (u->trial_done && u->had_trial)
		fsio_renameat(s->datafd, "trial.old", s->datafd, "trial");
	else if (u->trial_done)
		fsio_unlinkat(s->datafd, "trial", 0);
	else if (u->set_aside)
		fsio_unlinkat(s->datafd, "trial.old", 0);
	fsio_unlinkat(s->datafd, "trial.tmp", 0);
	fsio_unlinkat(s->datafd, "current.tmp", 0);
	fsio_unlinkat(s->datafd, "previous.tmp", 0);
	fsio_fsync(s->datafd);
	if (u->placed) {
		remove_tree(s->versfd, id, 0);
		fsio_fsync(s->versfd);
	}
}

/* store_install makes versions/<id> current. Order (each step durable before the next,
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
/* Step 1: the copy becomes versions/<id> (or, going back to the previous
 * content, the copy goes: that folder is already here, complete and
 * fsynced). */
static int place_copy(Store *s, const StoreLinks *old, const char *id, Undo *u)
{
	if (strcmp(id, old->prev) == 0) {
		if (remove_tree(s->datafd, s->stage, 0) != 0)
			return -1;
		s->stage[0] = '\0';
		return 0;
	}
	/* A folder of that name nobody links to is an interrupted import's:
	 * replace it. */
	if (remove_tree(s->versfd, id, 0) != 0 ||
	    fsio_renameat(s->datafd, s->stage, s->versfd, id) != 0)
		return -1;
	s->stage[0] = '\0';
	u->placed = true;
	return fsio_fsync(s->versfd) != 0 || fsio_fsync(s->datafd) != 0 ? -1 : 0;
}

/* Steps 2 to 4, each durable before the next. */
static int switch_links(Store *s, const StoreLinks *old, const char *id, Undo *u)
{
	struct stat st;
	if (unlink_if(s->datafd, "trial.old", 0) != 0 ||
	    write_trial_tmp(s->datafd, "trial.tmp", id, 0) != 0)
		return -1;
	if (fsio_fstatat(s->datafd, "trial", &st, AT_SYMLINK_NOFOLLOW) == 0) {
		u->had_trial = true;
		if (fsio_linkat(s->datafd, "trial", s->datafd, "trial.old") != 0)
			return -1;
		u->set_aside = true;
	} else if (errno != ENOENT) {
		return -1;
	}
	if (fsio_renameat(s->datafd, "trial.tmp", s->datafd, "trial") != 0)
		return -1;
	u->trial_done = true;
	if (fsio_fsync(s->datafd) != 0)
		return -1;
	if (old->cur[0]) {
		u->prev_done = true;
		if (set_link(s->datafd, "previous", old->cur) != 0 || fsio_fsync(s->datafd) != 0)
			return -1;
	}
	u->cur_done = true;
	return set_link(s->datafd, "current", id) != 0 || fsio_fsync(s->datafd) != 0 ? -1 : 0;
}

/* After the commit: only the versions current and previous name stay.
 * Errors are left for the next recovery. */
static void tidy_versions(Store *s, const StoreLinks *old, const char *id)
{
	fsio_unlinkat(s->datafd, "trial.old", 0);
	int vfd = fsio_openat(s->versfd, ".", O_RDONLY | O_DIRECTORY, 0);
	DIR *d = vfd >= 0 ? fsio_fdopendir(vfd) : NULL;
	if (!d && vfd >= 0)
		fsio_close(vfd);
	if (d) {
		struct dirent *e;
		while ((e = fsio_readdir(d)))
			if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
			    strcmp(e->d_name, id) != 0 && strcmp(e->d_name, old->cur) != 0)
				remove_tree(s->versfd, e->d_name, 0);
		fsio_closedir(d);
		fsio_fsync(s->versfd);
	}
	fsio_fsync(s->datafd);
}

int store_install(Store *s, const StoreLinks *old, const char *id)
{
	/* Nothing writes to the copy any more. */
	if (s->stagefd >= 0) {
		fsio_close(s->stagefd);
		s->stagefd = -1;
	}
	Undo u = {0};
	if (place_copy(s, old, id, &u) != 0) {
		/* Not placed: nothing changed, store_close removes the copy. */
		if (!u.placed)
			return -1;
		goto fail;
	}
	if (switch_links(s, old, id, &u) != 0)
		goto fail;
	tidy_versions(s, old, id);
	return 0;
fail:;
	int e = errno ? errno : EIO;
	undo(s, old, &u, id);
	errno = e;
	return -1;
}

/* ---- recovery ---- */

int store_repair(Store *s)
{
	char ignored[8];
	return repair(s->datafd, false, ignored, sizeof(ignored));
}

int store_recover(const char *data, char *msg, size_t msglen)
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

void store_confirm(const char *data)
{
	int fd = fsio_openat(AT_FDCWD, data, O_RDONLY | O_DIRECTORY, 0);
	if (fd < 0)
		return;
	/* Only a trial for what current names now: an import switching
	 * meanwhile has put its own trial in place, which stays. */
	char cur[STORE_ID_HEX + 1], tid[STORE_ID_HEX + 1];
	unsigned starts;
	if (read_link(fd, "current", cur) == 1 && read_trial(fd, "trial", tid, &starts) == 1 &&
	    strcmp(cur, tid) == 0 && fsio_unlinkat(fd, "trial", 0) == 0)
		fsio_fsync(fd);
	fsio_close(fd);
}
