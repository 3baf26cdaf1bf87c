/* worker: runs an import on a worker thread so the screen never freezes
 * while a stick is copied and checked. The main loop reads the status when
 * the wake callback (or the eventfd) says something changed.
 *
 * The Worker owns its thread; worker_free cancels a running import and
 * joins it.
 */
#ifndef KIOSK_WORKER_H
#define KIOSK_WORKER_H

#include <stdbool.h>
#include <stdint.h>

#include "core/settings/config.h"
#include "core/package/pkg.h"
#include "core/screen/look/words.h"
#include "platform/updates/importer.h"

#define WORKER_MSG_MAX 2048

typedef struct {
	bool running;
	bool finished;        /* a result is waiting to be taken */
	ProgressStage stage;  /* reading the stick, or checking the copy */
	uint64_t done, total; /* bytes of that stage */
	ImportResult result;
	ImportFailed failed; /* why, when result is IMPORT_FAILED */
	unsigned articles, topics, images;
	size_t problems;            /* error lines in the report */
	char lines[WORKER_MSG_MAX]; /* the first few problems, one a line */
	size_t warnings;            /* warning lines in the report */
	char notes[WORKER_MSG_MAX]; /* the first few warnings, one a line, as
	                             * `kiosk check` words them */
	char signer[SIG_NAME_MAX];  /* who signed what was installed, "" unsigned */
	bool floor_reset;           /* it was a service stick that set the floor */
} WorkerStatus;

typedef struct Worker Worker;

/* wake is called from the worker thread whenever the status changes (may
 * be NULL). */
Worker *worker_new(const char *data, const Config *cfg, void (*wake)(void *), void *user);
void worker_free(Worker *u);
/* Starts importing src; -1 when an import is already running. */
int worker_start(Worker *u, const char *src);
/* The source went away: stop, leaving the data folder unchanged. */
void worker_cancel(Worker *u);
/* Readable when the status changed (for poll()). */
int worker_fd(const Worker *u);
/* Copies the status; a finished result is handed out once. */
void worker_status(Worker *u, WorkerStatus *st);
/* The first few errors (or warnings) of the last import that ended, one a
 * line, and how many more there are, in w's language (English when w is
 * NULL): what lines and notes say in English. Called from the screen's
 * thread; w is read there only. */
void worker_lines(Worker *u, const Words *w, bool warnings, char *buf, size_t size);
/* Blocks until no import runs (headless scripts). */
void worker_wait(Worker *u);
/* Headless runs pace imports by their virtual clock: after worker_hold
 * the worker stops before each block until worker_allow lets it read or
 * check that many more bytes (the two stages one after the other);
 * worker_allow returns once the worker has used them or finished. */
void worker_hold(Worker *u);
void worker_allow(Worker *u, uint64_t bytes);

#endif
