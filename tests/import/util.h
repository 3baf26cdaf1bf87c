/* Helpers shared by the importer's test programs: test cases and their
 * closing line, packages made on the fly (articles and real PNG files),
 * tree snapshots to compare folders byte for byte, and the check that a
 * data folder holds one whole package that loads.
 *
 * Test code: it exits on set-up errors it cannot recover from. Snapshots
 * own their lines; tu_snap_free releases them.
 */
#ifndef KIOSK_TEST_IMPORT_UTIL_H
#define KIOSK_TEST_IMPORT_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/package/pkg.h"

/* ---- cases and checks ---- */

void tu_case(const char *name);
/* Records a failed check of the current case (with a printf message). */
bool tu_check(bool ok, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
#define CHECK(c) tu_check((c), __FILE__, __LINE__, "%s", #c)
#define CHECKF(c, ...) tu_check((c), __FILE__, __LINE__, __VA_ARGS__)
/* Marks the current case as skipped, with the reason printed. */
void tu_skip(const char *why);
/* Closes the last case, prints "import: N passed, M failed" (and
 * skipped), returns the exit status. */
int tu_finish(void);
bool tu_case_failed(void);
/* The cases counted so far (the current one included), and adding those
 * a child process counted. */
void tu_counts(int *passed, int *failed);
void tu_add(int passed, int failed);

/* ---- files ---- */

/* A fresh folder under $TMPDIR (or /tmp), removed by tu_cleanup unless a
 * case failed. */
const char *tu_workdir(const char *tag);
void tu_cleanup(void);
void tu_rm_rf(const char *path);
/* dir/name into buf (PATH_MAX bytes); exits when it does not fit. */
char *tu_path(char *buf, const char *dir, const char *name);
/* Runs a shell command built with printf; returns its exit status or -1. */
int tu_sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void tu_write_file(const char *path, const void *data, size_t n);
/* Writes a valid, uncompressed (stored) RGB PNG of w x h: its size is
 * about 3 * w * h bytes, whatever seed gives the pixels. */
void tu_write_png(const char *path, unsigned w, unsigned h, uint32_t seed);
/* A package in dir: article.md (a title, an introduction and ntopics
 * topics, each with a picture images/pic<i>.png of w x h) whose words
 * depend on variant. Returns the bytes written. */
uint64_t tu_make_pkg(const char *dir, int variant, int ntopics, unsigned w, unsigned h);

/* ---- snapshots ---- */

typedef struct {
	char **v;
	size_t n, cap;
} TuSnap;

/* One sorted line per entry beneath root (root itself as "."): path,
 * type, and for a file its size and content hash, for a link its target;
 * with mtimes, every entry's modification time in nanoseconds too. Links
 * are never followed except root itself. Returns 0 or -1. */
int tu_snap(const char *root, bool mtimes, TuSnap *s);
void tu_snap_free(TuSnap *s);
/* Compares, writing the first difference into why. */
bool tu_snap_equal(const TuSnap *a, const TuSnap *b, char *why, size_t whylen);

/* ---- the data folder ---- */

#define TU_NONE (-2) /* no current content (the built-in one shows) */

/* After store_recover: current is absent (TU_NONE) or a valid link to
 * versions/<id> whose tree equals one of pkgs (snapshots without mtimes,
 * root line excluded) and that content_load accepts; previous is absent
 * or valid; no staging folders, temporary links or trial.old remain;
 * versions holds only what current and previous name; a trial names
 * current. Returns the index of the matching package, TU_NONE, or -1 with
 * the reason in why. */
int tu_verify_data(const char *data, const TuSnap *pkgs, int npkgs, char *why, size_t whylen);
/* The version current names ("" when none), into id (65 bytes). */
void tu_current_id(const char *data, char *id);
bool tu_exists(const char *path);
/* Names in DATA starting with prefix. */
int tu_count_prefix(const char *dir, const char *prefix);

#endif
