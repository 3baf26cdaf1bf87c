/* software: the words the kiosk exchanges with the firmware about its own
 * software updates (README.md, "Software updates"): the name of a bundle
 * staff copied, the lines the root helper that runs RAUC answers with, and
 * the line the firmware leaves at start saying what the last update came
 * to. All three come from outside the kiosk, so each is checked whole
 * here, and anything else is MALFORMED: never shown, never trusted.
 *
 * Pure C: no files, no sockets. Results live in the caller's storage.
 */
#ifndef KIOSK_SOFTWARE_H
#define KIOSK_SOFTWARE_H

#include <stdbool.h>
#include <stddef.h>

/* A bundle's name: 1..SOFTWARE_NAME_MAX bytes of [A-Za-z0-9._+~-], no
 * leading dot, ending in ".raucb" in any case. */
#define SOFTWARE_NAME_MAX 100
/* A version: 1..SOFTWARE_VERSION_MAX bytes of [0-9A-Za-z.+~_-]. */
#define SOFTWARE_VERSION_MAX 40
/* One line from the helper, its newline not counted. */
#define SOFTWARE_LINE_MAX 200
/* The status file's line, its newline not counted. */
#define SOFTWARE_STATUS_MAX 256
/* The firmware's release file (/etc/kiosk-release) at most. */
#define SOFTWARE_RELEASE_MAX 4096

typedef enum {
	SOFTWARE_MALFORMED,  /* not a line the helper says */
	SOFTWARE_PROGRESS,   /* percent done */
	SOFTWARE_INSTALLED,  /* version: written to the other slot */
	SOFTWARE_SAME,       /* version: already running */
	SOFTWARE_OLDER,      /* version, running: older than what runs */
	SOFTWARE_SIGNATURE,  /* not signed with a trusted key */
	SOFTWARE_COMPATIBLE, /* made for another kind of kiosk */
	SOFTWARE_DAMAGED,    /* damaged or incomplete */
	SOFTWARE_BUSY,       /* another install runs */
	SOFTWARE_ERROR,      /* text: what went wrong, in English */
} SoftwareKind;

typedef struct {
	SoftwareKind kind;
	int percent;                            /* PROGRESS: 0..100 */
	char version[SOFTWARE_VERSION_MAX + 1]; /* INSTALLED, SAME, OLDER */
	char running[SOFTWARE_VERSION_MAX + 1]; /* OLDER */
	char text[SOFTWARE_LINE_MAX + 1];       /* ERROR: UTF-8, no control characters */
} SoftwareAnswer;

typedef enum {
	SOFTWARE_STATUS_NONE,      /* nothing to say (empty) */
	SOFTWARE_STATUS_MALFORMED, /* a line the firmware does not write */
	SOFTWARE_STATUS_UPDATED,   /* version runs after an update */
	SOFTWARE_STATUS_FALLBACK,  /* version did not start: previous runs again */
} SoftwareStatusKind;

typedef struct {
	SoftwareStatusKind kind;
	char version[SOFTWARE_VERSION_MAX + 1];
	char previous[SOFTWARE_VERSION_MAX + 1];
} SoftwareStatus;

/* Whether name (len bytes, no NUL needed) is a bundle's name the kiosk
 * hands to the helper. */
bool software_name_ok(const char *name, size_t len);
/* Whether s (len bytes) is a version. */
bool software_version_ok(const char *s, size_t len);
/* One line of the helper's, without its newline: what it says, or
 * SOFTWARE_MALFORMED (too long, not UTF-8, a control character, a word or
 * value the helper does not write). A final answer is any kind but
 * PROGRESS and MALFORMED. */
void software_parse_answer(const char *line, size_t len, SoftwareAnswer *a);
/* Whether a is the helper's last word on an install. */
bool software_final(const SoftwareAnswer *a);
/* The whole status file (len bytes): "updated VERSION" or "fallback
 * VERSION PREVIOUS", with or without one newline; empty is NONE. */
void software_parse_status(const char *buf, size_t len, SoftwareStatus *st);
/* The version the firmware's release file (len bytes of KEY=value lines,
 * os-release style, as firmware/build-image.sh writes it) names on its
 * VERSION= line, into out: true when there is exactly one such line and
 * its value is a version; false (out empty) for anything else, a file
 * longer than SOFTWARE_RELEASE_MAX included. */
bool software_release_version(const char *buf, size_t len, char out[SOFTWARE_VERSION_MAX + 1]);

#endif
