/* store: the kiosk's data folder, where installed content lives, kept
 * whole through power cuts, kill -9 and failed disks.
 *
 * DATA/
 *   versions/<id>/   installed packages (the current one and one previous)
 *   current          symlink -> versions/<id>, switched by rename()
 *   previous         symlink -> the version before, for rollback
 *   staging-*        a copy in progress (removed by recovery)
 *   trial            new content not yet shown successfully: "<id> <starts>"
 *   *.tmp, trial.old an interrupted switch (settled by recovery)
 *
 * <id> names a version by its content (the importer's content hash, hex).
 * Every change is made durable (fsync of the file and of its folder)
 * before the next, so recovery can always tell which side of a switch it
 * is on. All file operations go through fsio, which tests can make fail or
 * crash at the Nth call.
 *
 * The importer copies and checks; the store gives it a staging folder,
 * installs the copy and undoes what an install left half done. A Store is
 * the caller's; store_close releases what it holds. Functions returning
 * -1 leave errno set to the storage's error.
 */
#ifndef KIOSK_STORE_H
#define KIOSK_STORE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

/* A version's name: 64 lower-case hex digits. */
#define STORE_ID_HEX 64

typedef struct {
	char cur[STORE_ID_HEX + 1];  /* the version current names, "" when none */
	char prev[STORE_ID_HEX + 1]; /* the version previous names, "" when none */
} StoreLinks;

typedef struct {
	char data[PATH_MAX];
	int datafd;              /* DATA, or -1 while it does not exist */
	int versfd;              /* DATA/versions, once staging began */
	int stagefd;             /* the staging folder, or -1 */
	char stage[32];          /* its name in DATA, "" when none */
	char made_top[PATH_MAX]; /* the highest folder of DATA's path created */
	bool made_versions;
} Store;

/* Opens DATA (a path of at most PATH_MAX - 1 bytes; "DATA/" is "DATA"),
 * creating it and any missing parents (0755) when create is set. Without
 * create a missing DATA is not an error: datafd stays -1. 0 or -1. */
int store_open(Store *s, const char *data, bool create);
/* The same Store, creating DATA now (when it was missing at store_open). */
int store_create(Store *s);
/* Takes DATA's lock (one import at a time). -1 with errno EWOULDBLOCK
 * when another holds it. */
int store_lock(Store *s);
/* What current and previous name; a broken link counts as none (repair
 * has mended them before an install relies on that). 0 or -1. */
int store_links(Store *s, StoreLinks *l);
/* DATA/current as an open folder, for comparing with a stick. */
int store_open_current(Store *s);
/* Brings DATA to a consistent state after whatever stopped the last
 * import (store_recover's repair, without counting a start). 0 or -1. */
int store_repair(Store *s);
/* Makes DATA/versions (if missing) and a fresh staging folder in DATA;
 * returns its descriptor (also in stagefd), or -1. */
int store_stage(Store *s);
/* Makes the staged copy version id current, keeping old current as
 * previous, the new content on trial. Before the commit point every
 * failure is undone (DATA as it was, the staging folder gone); after it
 * only clean-up remains, left to the next recovery. 0, or -1 when nothing
 * changed. */
int store_install(Store *s, const StoreLinks *old, const char *id);
/* Releases s. Unless installed, removes what this Store made: the staging
 * folder, a versions folder, DATA itself when store_create made it. */
void store_close(Store *s, bool installed);

/* At start-up: removes leftover staging folders, repairs a missing current
 * link from previous, and handles the trial (two failed starts on new
 * content go back to the previous). Returns a message for the screen in
 * msg (empty when nothing happened).
 * Each call counts one start of content on trial; the second start
 * without store_confirm in between goes back, saying
 *   "The new content could not be shown, so the previous content is back."
 * or, with no previous content, removes current (the built-in content
 * shows): "The new content could not be shown, so the built-in content is
 * back." A current link damaged from outside is mended from previous:
 *   "The installed content was damaged, so the previous content is back."
 * While an import holds DATA (`kiosk import` beside the kiosk) it waits up
 * to 2 s, then leaves DATA to that import. Returns 0, or -1 on an I/O
 * error. */
int store_recover(const char *data, char *msg, size_t msglen);
/* After new content has been shown: it is no longer on trial. Call it
 * right after the content loaded from current is on screen; it removes the
 * trial only when the trial names what current names now. */
void store_confirm(const char *data);

#endif
