/* keep: what the staff's screens keep in the data folder, DATA/service/:
 *   pin        the service PIN's hash, set from a signed stick
 *   pin-tries  "FAILURES LOCKED\n": wrong tries in a row, and whether the
 *              pad is locked (kept so that pulling the power resets nothing)
 *   rotation   "DEGREES\n": the screen's turn chosen on the service screen
 *   last-import  one line: what the last stick or update came to and when,
 *              in the words the screen said it in, so that the service
 *              screen still says it after a restart or a power cut. Read
 *              back as text to show and nothing more:
 *              KEEP_IMPORT_MAX bytes at most, UTF-8, its first line alone.
 * Each is written whole beside its name, synced and renamed over it: a
 * power cut leaves the old value or the new, never half of one.
 */
#ifndef KIOSK_KEEP_H
#define KIOSK_KEEP_H

#include <stdbool.h>
#include <stddef.h>

/* Writes text as DATA/service/name, durably. 0, or -1 with errno. */
int keep_write(const char *data, const char *name, const char *text);
/* Reads DATA/service/name (at most size - 1 bytes, NUL-terminated). 0, or
 * -1 when it is missing, unreadable or larger. */
int keep_read(const char *data, const char *name, char *buf, size_t size);

#define KEEP_IMPORT_MAX 512

/* The last import's result into buf (size > KEEP_IMPORT_MAX): 0, or -1
 * with buf "" when there is none or it is damaged (too long, not UTF-8). */
int keep_import(const char *data, char *buf, size_t size);
/* Keeps text (cut to fit on a character's edge). 0, or -1 with errno. */
int keep_import_save(const char *data, const char *text);

/* The rotation kept, or -1 for none. */
int keep_rotation(const char *data);
int keep_rotation_save(const char *data, int degrees);
/* The wrong tries kept (zeros when none). */
void keep_tries(const char *data, unsigned *failures, bool *locked);
int keep_tries_save(const char *data, unsigned failures, bool locked);

#endif
