#include "platform/updates/importer.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "platform/package/check/pkgcheck.h"
#include "platform/package/fsio.h"
#include "platform/package/pkgfiles.h"
#include "platform/service/pin.h"
#include "platform/updates/importrun.h"

static const char MSG_REMOVED[] =
    N_("The USB stick was removed before the update finished. Nothing was changed.");
static const char MSG_BUSY[] = N_("Another update is already running. Nothing was changed.");

bool importer_source_gone(int e)
{
	return e == ENOENT || e == EIO || e == ENODEV || e == ENXIO || e == ENOTCONN ||
	       e == ESTALE || e == ENOMEDIUM || e == ECONNABORTED || e == ESHUTDOWN;
}

bool importer_cancelled(const Import *im)
{
	return im->hooks && im->hooks->cancel && *im->hooks->cancel;
}

void importer_progress(Import *im)
{
	if (!im->hooks || !im->hooks->progress)
		return;
	uint64_t d = im->done < im->total ? im->done : im->total;
	im->hooks->progress(im->hooks->user, PROGRESS_READING, d, im->total);
}

ImportResult importer_storage_failed(Import *im)
{
	im->err = errno ? errno : EIO;
	return IMPORT_FAILED;
}

static void check_progress(void *user, uint64_t done, uint64_t total)
{
	Import *im = user;
	if (im->hooks && im->hooks->progress)
		im->hooks->progress(im->hooks->user, PROGRESS_CHECKING, done, total);
}

/* ---- the run ---- */

static ImportResult lock_store(Import *im)
{
	if (store_lock(&im->st) == 0)
		return STEP_OK;
	if (errno == EWOULDBLOCK) {
		im->busy = true;
		return IMPORT_FAILED;
	}
	return importer_storage_failed(im);
}

/* Why the import could not be saved, for hooks->failed. */
static ImportFailed failure_of(const Import *im)
{
	ImportFailed f = {.err = im->err, .need = im->need, .avail = im->avail};
	if (im->busy)
		f.why = IMPORT_BUSY;
	else if (im->need)
		f.why = IMPORT_NO_ROOM;
	else if (im->err == ENOSPC || im->err == EDQUOT)
		f.why = IMPORT_FULL;
	else if (im->err == EROFS)
		f.why = IMPORT_READ_ONLY;
	else
		f.why = IMPORT_BROKEN;
	return f;
}

static void storage_message(Import *im)
{
	const char *why;
	if (im->need) {
		char need[32], avail[32];
		pkg_format_room(im->need, im->avail, need, avail, sizeof(need));
		/* TRANSLATORS: the sizes read like "480 MB". */
		pkg_report_add(
		    im->report, false, "",
		    "The update could not be saved: it needs %s, and the kiosk's storage has "
		    "%s free. Nothing was changed.",
		    need, avail);
		return;
	}
	switch (im->err) {
	case ENOSPC:
	case EDQUOT:
		why = N_("the kiosk's storage is full");
		break;
	case EROFS:
		why = N_("the kiosk's storage is read-only");
		break;
	default:
		pkg_report_add(im->report, false, "",
		               "The update could not be saved: the kiosk's storage failed (%s). "
		               "Nothing was changed.",
		               strerror(im->err));
		return;
	}
	/* TRANSLATORS: %s says why ("the kiosk's storage is full"). */
	pkg_report_add_phrased(im->report, false, "", 1u,
	                       "The update could not be saved: %s. Nothing was changed.", why);
}

/* The stick's package (open at srcfd), walked into stick (sorted). */
static ImportResult read_stick(Import *im, Tree *stick)
{
	int root = pkgfiles_open_dir(im->srcfd, "");
	if (root < 0) {
		int e = errno;
		if (importer_source_gone(e))
			return IMPORT_REMOVED;
		pkg_report_unreadable(im->report, "", true, strerror(e));
		return IMPORT_REJECTED;
	}
	ImportResult rc = importer_walk(im, stick, root, "", 0, true);
	if (rc != STEP_OK)
		return rc;
	if (im->report->errors > 0)
		return IMPORT_REJECTED;
	if (stick->bytes > im->lim->max_package) {
		pkg_report_too_large(im->report, stick->bytes, im->lim->max_package, false);
		return IMPORT_REJECTED;
	}
	importer_tree_sort(stick);
	return STEP_OK;
}

/* The stick beside what is installed: each file with the path and size of
 * an installed one is read and compared with it byte for byte, and is
 * linked rather than copied when it is the same (e->same). When every
 * file is the same and there are no others, the import stops having
 * written nothing (IMPORT_ALREADY). Sets the progress total: the stick's
 * bytes read once, and once more for what turned out to differ only
 * after some of it had been compared. */
static ImportResult compare_installed(Import *im, Tree *stick, const StoreLinks *old)
{
	Tree here = {0};
	ImportResult rc = STEP_OK;
	im->total = stick->bytes;
	importer_progress(im);
	if (!old->cur[0])
		return STEP_OK;
	int vfd = store_open_current(&im->st);
	im->curfd = store_open_current(&im->st);
	if (vfd < 0 || im->curfd < 0) {
		if (vfd >= 0)
			fsio_close(vfd);
		return importer_storage_failed(im);
	}
	if ((rc = importer_walk(im, &here, vfd, "", 0, false)) != STEP_OK)
		goto out;
	importer_tree_sort(&here);
	bool all_same = importer_tree_same_shape(stick, &here);
	for (size_t i = 0; i < stick->n && rc == STEP_OK; i++) {
		Entry *e = &stick->v[i];
		const Entry *h = e->dir ? NULL : importer_tree_find(&here, e->path);
		if (!h || h->dir || h->size != e->size) {
			all_same = all_same && e->dir;
			continue;
		}
		uint64_t before = im->done;
		rc = importer_compare_file(im, e, &e->same);
		if (rc == STEP_OK && !e->same) {
			/* Read again when copied. */
			im->total += im->done - before;
			all_same = false;
		}
	}
	char id[ID_HEX + 1];
	if (rc == STEP_OK && all_same) {
		importer_tree_id(stick, id);
		if (strcmp(id, old->cur) == 0)
			rc = IMPORT_ALREADY;
	}
out:
	importer_tree_free(&here);
	return rc;
}

/* Room for the copy, asked of the data folder's file system before
 * anything is copied: every file not linked, rounded up to whole blocks,
 * and a block for each folder and the staging folder. The room counted is
 * what the kiosk's own user may fill (f_bavail), not the blocks kept for
 * root. Too little: IMPORT_FAILED, saying how much is needed and free. */
static ImportResult check_room(Import *im, const Tree *t)
{
	struct statvfs fs;
	if (fsio_fstatvfs(im->st.datafd, &fs) != 0)
		return importer_storage_failed(im);
	uint64_t block = fs.f_frsize ? fs.f_frsize : fs.f_bsize;
	if (block == 0)
		block = 4096;
	uint64_t need = block;
	for (size_t i = 0; i < t->n; i++) {
		const Entry *e = &t->v[i];
		if (e->dir)
			need += block;
		else if (!e->same)
			need += (e->size + block - 1) / block * block;
	}
	uint64_t avail = (uint64_t)fs.f_bavail * block;
	if (need <= avail)
		return STEP_OK;
	im->need = need;
	im->avail = avail;
	errno = ENOSPC;
	return importer_storage_failed(im);
}

/* DATA made if missing, locked, repaired, room for the copy, a staging
 * folder ready. The room is reckoned after the repair (which writes
 * nothing to a DATA in order, and frees what an interrupted import left)
 * and before the staging folder, so a refusal leaves DATA untouched. */
static ImportResult prepare_store(Import *im, StoreLinks *old, const Tree *stick)
{
	ImportResult rc;
	if (im->st.datafd < 0) {
		/* DATA was missing: make it, then take the lock. */
		if (store_create(&im->st) != 0)
			return importer_storage_failed(im);
		if ((rc = lock_store(im)) != STEP_OK)
			return rc;
	}
	if (store_repair(&im->st) != 0 || store_links(&im->st, old) != 0)
		return importer_storage_failed(im);
	if ((rc = check_room(im, stick)) != STEP_OK)
		return rc;
	if (store_stage(&im->st) < 0)
		return importer_storage_failed(im);
	return STEP_OK;
}

/* The signature, then the whole check, on the copy: never the stick, which
 * can answer a second read differently. The signature comes first, so no
 * article is parsed and no picture decoded for content nobody vouched
 * for. */
static ImportResult check_copy(Import *im, const Tree *stick, SigStatus *sig)
{
	if (im->hooks && im->hooks->sig) {
		SigPolicy pol = *im->hooks->sig;
		SigFloor floor;
		signing_floor_read(im->st.data, &floor);
		pol.floor = floor.version;
		pol.last_reset = floor.last_reset;
		if (signing_verify(im->st.stagefd, &pol, sig, im->report) != 0)
			return IMPORT_REJECTED;
		if (im->hooks->sig_status)
			*im->hooks->sig_status = *sig;
	}
	PkgCheckOptions o = {.lim = im->lim,
	                     .font_dir = im->hooks ? im->hooks->font_dir : NULL,
	                     .progress = check_progress,
	                     .user = im,
	                     .own_links = true,
	                     .signed_ok = sig->verified};
	if (pkgcheck_dir(im->st.stagefd, &o, im->report) != 0 || im->report->errors > 0)
		return IMPORT_REJECTED;
	return importer_cancelled(im) ? IMPORT_REMOVED : STEP_OK;
}

/* DATA opened (when it exists), locked, its links read into old. */
static ImportResult open_store(Import *im, const char *data, StoreLinks *old)
{
	if (store_open(&im->st, data, false) != 0)
		return importer_storage_failed(im);
	if (im->st.datafd < 0)
		return STEP_OK;
	ImportResult rc = lock_store(im);
	if (rc == STEP_OK && store_links(&im->st, old) != 0)
		rc = importer_storage_failed(im);
	return rc;
}

static ImportResult run(Import *im, const char *src, const char *data)
{
	Tree stick = {0};
	StoreLinks old = {{0}, {0}};
	char id[ID_HEX + 1];
	SigStatus sig = {0};
	ImportResult rc;
	im->srcfd = pkgfiles_open_root(src, im->report);
	if (im->srcfd < 0)
		return IMPORT_NO_CONTENT;
	if ((rc = open_store(im, data, &old)) != STEP_OK ||
	    (rc = read_stick(im, &stick)) != STEP_OK)
		goto out;
	if (im->st.datafd >= 0 && (rc = compare_installed(im, &stick, &old)) != STEP_OK)
		goto out;
	if (im->st.datafd < 0)
		im->total = stick.bytes;
	if ((rc = prepare_store(im, &old, &stick)) != STEP_OK ||
	    (rc = importer_copy_tree(im, &stick, id)) != STEP_OK ||
	    (rc = check_copy(im, &stick, &sig)) != STEP_OK)
		goto out;
	if (strcmp(id, old.cur) == 0) {
		rc = IMPORT_ALREADY;
		goto out;
	}
	/* The floor rises before the switch, so at no instant is a version
	 * installed above it; it never goes down, even after a rollback, but
	 * for a service stick, which sets it. */
	if (sig.verified && signing_floor_update(im->st.data, &sig) != 0) {
		rc = importer_storage_failed(im);
		goto out;
	}
	/* A service PIN a signed stick sets is kept before the switch: the
	 * stick's intent is never lost between the two. */
	if (sig.verified && pin_take_from_package(im->st.stagefd, im->st.data) < 0) {
		rc = importer_storage_failed(im);
		goto out;
	}
	if (store_install(&im->st, &old, id) != 0) {
		rc = importer_storage_failed(im);
		goto out;
	}
	rc = IMPORT_INSTALLED;
out:
	importer_tree_free(&stick);
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
	Import im = {.lim = lim, .hooks = hooks, .report = report, .srcfd = -1, .curfd = -1};
	im.st.datafd = im.st.versfd = im.st.stagefd = -1;
	ImportResult rc;
	if (sodium_init() < 0 || !(im.buf = malloc(2 * BLOCK))) {
		errno = ENOMEM;
		rc = importer_storage_failed(&im);
	} else {
		rc = run(&im, src, data);
	}
	if (im.curfd >= 0)
		fsio_close(im.curfd);
	store_close(&im.st, rc == IMPORT_INSTALLED);
	if (im.srcfd >= 0)
		fsio_close(im.srcfd);
	free(im.buf);
	if (rc == IMPORT_REMOVED) {
		/* Whatever was found before the stick went is moot. */
		pkg_report_free(report);
		pkg_report_init(report);
		pkg_report_text(report, false, "", MSG_REMOVED);
	} else if (rc == IMPORT_FAILED) {
		if (hooks && hooks->failed)
			*hooks->failed = failure_of(&im);
		if (im.busy)
			pkg_report_text(report, false, "", MSG_BUSY);
		else
			storage_message(&im);
	}
	pkg_report_finish(report);
	return rc;
}

const SigPolicy *importer_policy(const Config *cfg, SigPolicy *pol)
{
	if (!cfg || !cfg->require_signature)
		return NULL;
	*pol = (SigPolicy){.trusted_dir = cfg->trusted_keys_dir, .site = cfg->site};
	return pol;
}
