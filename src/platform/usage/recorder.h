/* recorder: the usage figures of a running kiosk, from what shows to the
 * SQLite file. The session hands it each screen (recorder_note); the
 * counting is core/usage's, the file usagedb's, and this module decides
 * when to write.
 *
 * Write policy (an SD card wears with every write): nothing is written
 * for a frame or a touch. Counts wait in memory and are written in one
 * transaction USAGE_BATCH_MS after the first of them was counted (so
 * writes are at least that far apart, and a visit of a few topics is
 * usually one write), and when the kiosk stops or new content comes;
 * nothing is written while nobody uses the kiosk. A power cut costs at
 * most the counts of the last USAGE_BATCH_MS, never the file. With no data
 * folder, or a file that cannot be opened or written (a full or failing
 * card), the kiosk goes on showing content: the problem is logged once
 * when it starts and once when it ends, and opening is tried again at
 * each batch.
 */
#ifndef KIOSK_RECORDER_H
#define KIOSK_RECORDER_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/usage/usage.h"
#include "platform/usage/usagedb.h"

#define USAGE_BATCH_MS 30000u

typedef struct {
	Usage counts;
	UsageDb *db;
	char data[PATH_MAX]; /* "" : no data folder, nothing kept */
	uint64_t since;      /* when the first count waiting was counted (or the
	                      * last write was tried) */
	uint64_t last_note;  /* the time of the last recorder_note */
	bool failing;        /* the last write or open failed (logged once) */
} Recorder;

/* data: the data folder (NULL or missing: figures are not kept). */
void recorder_init(Recorder *r, const char *data, uint64_t now);
/* Writes what waits (a topic still open counted up to the last note) and
 * closes the file. lib: the library on screen. */
void recorder_deinit(Recorder *r, const DocLibrary *lib, int day);
/* The screen settled on v (the visitor's language lang) at now, on day;
 * writes the batch when it is due. */
void recorder_note(Recorder *r, const DocLibrary *lib, const View *v, const char *lang,
                   uint64_t now, int day);
/* New content is about to show: the visit so far is counted and written. */
void recorder_restart(Recorder *r, const DocLibrary *lib, uint64_t now, int day);
/* When recorder_note must run next to write a batch, or UINT64_MAX. */
uint64_t recorder_due(const Recorder *r);
/* Writes what waits now. 0, or -1 (logged). */
int recorder_flush(Recorder *r, uint64_t now);

#endif
