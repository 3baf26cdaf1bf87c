/* export: the usage figures onto a USB stick, as staff ask for them with a
 * file named `export` in the stick's kiosk folder. This is the only time
 * the kiosk writes to a stick: one file, kiosk-usage-YYYY-MM-DD.csv (the
 * day of the export), in that same folder, written under a temporary name,
 * flushed to the stick and renamed, so the stick holds the whole file or
 * none of it.
 *
 * The columns (README.md): date, figure, article, topic, language, value;
 * one row per day and figure as DATA/usage.sqlite holds them, a topic's
 * time in whole seconds. UTF-8 with a byte order mark, so that a
 * spreadsheet reads accents and other scripts right.
 */
#ifndef KIOSK_EXPORT_H
#define KIOSK_EXPORT_H

#include <stdbool.h>
#include <stddef.h>

typedef enum {
	EXPORT_OK,
	EXPORT_NO_FOLDER, /* the stick has no kiosk folder */
	EXPORT_READ_ONLY, /* the stick cannot be written to */
	EXPORT_FULL,      /* the stick is full */
	EXPORT_FAILED,    /* anything else: err says what */
} ExportResult;

/* Whether the stick whose root is root asks for the figures: a regular
 * file named "export" (any case) in its kiosk folder (any case). */
bool usage_export_requested(const char *root);
/* Writes the figures of the data folder data (every day it holds) into
 * root's kiosk folder, named for day today (date.h; DATE_NONE:
 * kiosk-usage-undated.csv): itself, or, when helper names a socket (the
 * export_helper setting), through the privileged helper listening there,
 * which makes the read-only stick writable for that one write (README.md,
 * firmware/kiosk-export). name: the file's name as written; err: what
 * went wrong, for the log. A data folder without figures gives a file of
 * its heading alone. */
ExportResult usage_export(const char *data, const char *root, const char *helper, int today,
                          char *name, size_t namelen, char *err, size_t errlen);

#endif
