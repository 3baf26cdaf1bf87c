#include "platform/service/rollback.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "platform/package/fsio.h"
#include "platform/updates/store.h"

/* current and previous swap names. Where the file system cannot swap in
 * one step, current is switched first (the commit) and previous after:
 * cut between the two, both name the content gone back to, and recovery
 * keeps it. */
static int swap_links(Store *st, const StoreLinks *l)
{
	if (fsio_exchangeat(st->datafd, "current", "previous") == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -1;
	char target[STORE_ID_HEX + 16];
	snprintf(target, sizeof(target), "versions/%s", l->prev);
	fsio_unlinkat(st->datafd, "current.tmp", 0);
	if (fsio_symlinkat(target, st->datafd, "current.tmp") != 0 ||
	    fsio_renameat(st->datafd, "current.tmp", st->datafd, "current") != 0)
		return -1;
	/* Committed: previous follows as it can (recovery mends the rest). */
	snprintf(target, sizeof(target), "versions/%s", l->cur);
	if (fsio_fsync(st->datafd) == 0 &&
	    fsio_symlinkat(target, st->datafd, "previous.tmp") == 0 &&
	    fsio_renameat(st->datafd, "previous.tmp", st->datafd, "previous") != 0)
		fsio_unlinkat(st->datafd, "previous.tmp", 0);
	return 0;
}

RollbackResult rollback_run(const char *data, char *err, size_t errlen)
{
	Store st;
	RollbackResult r = ROLLBACK_FAILED;
	if (store_open(&st, data, false) != 0) {
		snprintf(err, errlen, "%s: %s", data, strerror(errno));
		return ROLLBACK_FAILED;
	}
	StoreLinks l;
	if (st.datafd < 0) {
		r = ROLLBACK_NO_PREVIOUS;
		goto out;
	}
	if (store_lock(&st) != 0) {
		snprintf(err, errlen, "%s",
		         errno == EWOULDBLOCK ? "an update is running" : strerror(errno));
		goto out;
	}
	/* Whatever an import or a rollback left half done is settled first. */
	if (store_repair(&st) != 0 || store_links(&st, &l) != 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		goto out;
	}
	if (!*l.prev || !*l.cur) {
		r = ROLLBACK_NO_PREVIOUS;
		goto out;
	}
	/* The content left behind was shown, so it is on trial no more; the
	 * trial goes before the switch, so that recovery never counts a start
	 * of the content gone back to against it. */
	if ((fsio_unlinkat(st.datafd, "trial", 0) != 0 && errno != ENOENT) ||
	    fsio_fsync(st.datafd) != 0 || swap_links(&st, &l) != 0) {
		snprintf(err, errlen, "the kiosk's storage failed (%s)", strerror(errno));
		goto out;
	}
	/* The switch is made: should the sync fail, a power cut may still
	 * find either side of it, each whole. */
	fsio_fsync(st.datafd);
	r = ROLLBACK_DONE;
out:
	store_close(&st, false);
	return r;
}
