/* usagedb: the usage figures' SQLite file, DATA/usage.sqlite: one row per
 * day, figure, article, topic and language, its value the day's sum.
 *
 * Durability, and the SD card's wear: the file is in WAL mode with
 * synchronous = FULL, so a transaction that returned is on the card and a
 * power cut at any instant leaves the file whole (the write-ahead log is
 * replayed or ignored when it is opened next); what the caller has not
 * written yet is what a power cut can cost. The caller writes in batches
 * (recorder.h: at most every USAGE_BATCH_MS, and only when something was
 * counted), one transaction each, never per frame or per touch.
 *
 * A file that is not a database or is damaged is moved aside
 * (usage.sqlite.broken) and a new one begun; nothing here ever stops the
 * kiosk: every failure comes back as -1 with a message for the log.
 */
#ifndef KIOSK_USAGEDB_H
#define KIOSK_USAGEDB_H

#include <stddef.h>

#include "core/usage/usage.h"

#define USAGEDB_FILE "usage.sqlite"

typedef struct UsageDb UsageDb;

/* Opens (or makes) DATA/usage.sqlite in the data folder data. NULL with
 * err when it cannot; *note says (for the log) when a damaged file was
 * moved aside. */
UsageDb *usagedb_open(const char *data, char *note, size_t notelen, char *err, size_t errlen);
void usagedb_close(UsageDb *db);
/* Adds the n rows to the day's sums, in one transaction: all or none.
 * 0, or -1 with err (the rows are then not written). */
int usagedb_add(UsageDb *db, const UsageCount *rows, size_t n, char *err, size_t errlen);

#endif
