/* importer: takes a content package from a stick or the inbox into the
 * kiosk's data folder, surviving power cuts, kill -9 and sticks pulled
 * mid-copy; the data folder itself is the store's (store.h).
 *
 * A version is named by its content hash (BLAKE2b-256 over every file's
 * path, size and hash). Each file of the stick with the path and size of
 * an installed one is first read beside it and compared byte by byte
 * (never by its times), without writing anything; so a stick that is what
 * is installed is "already installed" with DATA untouched to the last byte
 * (modification times included). A file that is the same is then not
 * copied but linked (a hard link to the installed file), so sending a
 * large package again with one article edited costs the room of that
 * article; the others are read once, while they are copied (a file that
 * turned out to differ partway is read again).
 *
 * Before anything is copied the importer asks the data folder's file
 * system for the room the copy needs (what is not linked, in whole
 * blocks); with too little it refuses, saying how much it needs and how
 * much is free, and DATA is left as it was.
 *
 * The stick is copied into the store's staging folder first, then the copy
 * is checked (a hostile stick can return different bytes on a second
 * read): its signature when one is required, then the whole package check;
 * only then does the store install it. Every file and folder of the copy
 * is fsynced; any storage error aborts and the staging folder goes. No
 * file in DATA is ever written after its copy was made (the store only
 * renames and removes), which is what makes sharing files between
 * versions safe. All file operations go through fsio, which tests can make
 * fail or crash at the Nth call.
 */
#ifndef KIOSK_IMPORTER_H
#define KIOSK_IMPORTER_H

#include <stdbool.h>
#include <stdint.h>

#include "core/settings/config.h"
#include "core/package/pkg.h"
#include "core/package/progress.h"
#include "platform/package/signing.h"

typedef enum {
	IMPORT_INSTALLED,  /* new content is current */
	IMPORT_ALREADY,    /* the same content is already installed */
	IMPORT_REJECTED,   /* the package has problems (in the report) */
	IMPORT_NO_CONTENT, /* the stick has no kiosk folder */
	IMPORT_REMOVED,    /* the source vanished mid-copy (stick pulled) */
	IMPORT_FAILED,     /* the kiosk's own storage failed (disk full, EIO) */
} ImportResult;

/* Why an import could not be saved (IMPORT_FAILED), for whoever words it
 * in its own language. */
typedef enum {
	IMPORT_FULL,      /* the storage filled up (ENOSPC, EDQUOT) */
	IMPORT_READ_ONLY, /* EROFS */
	IMPORT_BROKEN,    /* another storage error: err */
	IMPORT_NO_ROOM,   /* asked before copying: need bytes, avail free */
	IMPORT_BUSY,      /* another import holds the data folder */
} ImportFailure;

typedef struct {
	ImportFailure why;
	int err;
	uint64_t need, avail;
} ImportFailed;

typedef struct {
	/* Called from the importing thread. PROGRESS_READING: bytes of the
	 * stick read (each byte of the package once, compared with what is
	 * installed or copied; a file found to differ partway is read, and
	 * counted, again) of the total; then PROGRESS_CHECKING: bytes of the
	 * copy checked of its total. Never goes back. */
	void (*progress)(void *user, ProgressStage stage, uint64_t done, uint64_t total);
	void *user;
	/* Polled between files and blocks; non-zero stops the import
	 * (IMPORT_REMOVED) leaving DATA unchanged. May be NULL. */
	volatile int *cancel;
	/* When set, the package must carry a valid signature under this
	 * policy (its floor is read from DATA at import time); checked on the
	 * staged copy before any article is parsed or picture decoded. */
	const SigPolicy *sig;
	/* Filled with who signed what was installed. May be NULL. */
	SigStatus *sig_status;
	/* The kiosk's font_dir setting, for the check's characters no font
	 * has (pkgcheck.h). NULL: the default fonts. */
	const char *font_dir;
	/* Filled with why, when the result is IMPORT_FAILED. May be NULL. */
	ImportFailed *failed;
} ImportHooks;

/* Imports the package at src (a stick root or a kiosk folder) into data,
 * which is created (0755, with missing parents) when the first content
 * goes in. The report gets the problems, and on success the counts of
 * what was installed (articles, topics, images) and any warnings. Every
 * result but INSTALLED and ALREADY leaves at least one problem; REMOVED
 * and FAILED leave exactly one, with path "", for the screen:
 *   "The USB stick was removed before the update finished. Nothing was
 *    changed."
 *   "The update could not be saved: the kiosk's storage is full. Nothing
 *    was changed." (or "... is read-only", "... failed (<reason>)", or
 *    "...: it needs 480 MB, and the kiosk's storage has 210 MB free. ...")
 *   "Another update is already running. Nothing was changed."
 * The report's lines say each thing once, for `kiosk import`; a screen
 * words its own from the result and hooks->failed. lim NULL: the default
 * limits. report may not be NULL. */
ImportResult importer_run(const char *src, const char *data, const PkgLimits *lim,
                          const ImportHooks *hooks, PkgReport *report);
/* The signature policy the settings ask for, in *pol, or NULL when
 * signatures are not required. */
const SigPolicy *importer_policy(const Config *cfg, SigPolicy *pol);
#endif
