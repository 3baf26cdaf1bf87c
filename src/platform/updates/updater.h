/* updater: runs an import on a worker thread so the screen never freezes
 * while a stick is copied and checked. The main loop reads the status when
 * the wake callback (or the eventfd) says something changed.
 *
 * The Updater owns its thread; updater_free cancels a running import and
 * joins it.
 */
#ifndef KIOSK_UPDATER_H
#define KIOSK_UPDATER_H

#include <stdbool.h>
#include <stdint.h>

#include "core/settings/config.h"
#include "core/package/pkg.h"
#include "platform/updates/importer.h"

#define UPDATER_MSG_MAX 2048

typedef struct {
	bool running;
	bool finished;        /* a result is waiting to be taken */
	uint64_t done, total; /* bytes copied and checked */
	ImportResult result;
	unsigned articles, topics, images;
	size_t problems;             /* error lines in the report */
	char lines[UPDATER_MSG_MAX]; /* the first few problems, one a line */
	char signer[SIG_NAME_MAX];   /* who signed what was installed, "" unsigned */
} UpdateStatus;

typedef struct Updater Updater;

/* wake is called from the worker thread whenever the status changes (may
 * be NULL). */
Updater *updater_new(const char *data, const Config *cfg, void (*wake)(void *), void *user);
void updater_free(Updater *u);
/* Starts importing src; -1 when an import is already running. */
int updater_start(Updater *u, const char *src);
/* The source went away: stop, leaving the data folder unchanged. */
void updater_cancel(Updater *u);
/* Readable when the status changed (for poll()). */
int updater_fd(const Updater *u);
/* Copies the status; a finished result is handed out once. */
void updater_status(Updater *u, UpdateStatus *st);
/* Blocks until no import runs (headless scripts). */
void updater_wait(Updater *u);
/* Headless runs pace imports by their virtual clock: after updater_hold
 * the worker stops before each block until updater_allow lets it copy and
 * check that many more bytes; updater_allow returns once the worker has
 * used them or finished. */
void updater_hold(Updater *u);
void updater_allow(Updater *u, uint64_t bytes);

#endif
