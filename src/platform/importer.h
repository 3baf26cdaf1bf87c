/* importer: installs a content package into the kiosk's data folder,
 * atomically, surviving power cuts, kill -9 and sticks pulled mid-copy.
 *
 * DATA/
 *   versions/<id>/   installed packages (the current one and one previous)
 *   current          symlink -> versions/<id>, switched by rename()
 *   previous         symlink -> the version before, for rollback
 *   staging-*        a copy in progress (removed by recovery)
 *   trial            new content not yet shown successfully
 *
 * The stick is copied first, then the copy is checked (a hostile stick can
 * return different bytes on a second read); every file and folder is
 * fsynced, the link switched by rename and the parent fsynced. Any fsync,
 * close or rename error aborts and discards the staging folder. All file
 * operations go through fsio, which tests can make fail or crash at the Nth
 * call.
 */
#ifndef KIOSK_IMPORTER_H
#define KIOSK_IMPORTER_H

#include <stdbool.h>
#include <stdint.h>

#include "core/config.h"
#include "core/pkg.h"

typedef enum {
	IMPORT_INSTALLED,    /* new content is current */
	IMPORT_ALREADY,      /* the same content is already installed */
	IMPORT_REJECTED,     /* the package has problems (in the report) */
	IMPORT_NO_CONTENT,   /* the stick has no kiosk folder */
	IMPORT_REMOVED,      /* the source vanished mid-copy (stick pulled) */
	IMPORT_FAILED,       /* the kiosk's own storage failed (disk full, EIO) */
} ImportResult;

typedef struct {
	/* Called from the importing thread: bytes copied and checked so far
	 * of the total. */
	void (*progress)(void *user, uint64_t done, uint64_t total);
	void *user;
	/* Polled between files and blocks; non-zero stops the import
	 * (IMPORT_REMOVED) leaving DATA unchanged. May be NULL. */
	volatile int *cancel;
} ImportHooks;

/* Imports the package at src (a stick root or a kiosk folder) into data.
 * The report gets the problems, and on success the counts of what was
 * installed (articles, topics, images). */
ImportResult importer_run(const char *src, const char *data, const PkgLimits *lim,
			  const ImportHooks *hooks, PkgReport *report);
/* At start-up: removes leftover staging folders, repairs a missing current
 * link from previous, and handles the trial (two failed starts on new
 * content go back to the previous). Returns a message for the screen in
 * msg (empty when nothing happened). */
int importer_recover(const char *data, char *msg, size_t msglen);
/* After new content has been shown: it is no longer on trial. */
void importer_confirm(const char *data);
/* `kiosk import DIR`: returns the exit status (0 installed or already, 1). */
int importer_main(const char *src, const char *data, const Config *cfg);

#endif
