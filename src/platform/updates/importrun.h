/* importrun: the state of one import, shared by the importer's files:
 * importer.c (the run, step by step, and how it ends) and copy.c (the
 * package's tree walked and hashed, each file read, compared with the
 * installed version, and copied or linked into the staging folder).
 * Internal to the importer: nothing else includes it.
 *
 * An Import lives while importer_run runs; a Tree owns its paths
 * (malloc'd) until importer_tree_free.
 */
#ifndef KIOSK_IMPORTRUN_H
#define KIOSK_IMPORTRUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/package/pkg.h"
#include "platform/updates/importer.h"
#include "platform/updates/store.h"

/* A version's name is the content hash in hex (BLAKE2b-256). */
#define ID_BYTES 32
#define ID_HEX STORE_ID_HEX
#define BLOCK (256 * 1024)

/* Internal steps return an ImportResult; this one means "carry on". */
#define STEP_OK IMPORT_INSTALLED

typedef struct {
	char *path; /* relative to the package, '/'-separated */
	bool dir;
	bool same;     /* every byte as in the installed version: linked, not copied */
	uint64_t size; /* from the walk; after reading, the bytes read */
	unsigned char hash[ID_BYTES];
} Entry;

typedef struct {
	Entry *v;
	size_t n, cap;
	uint64_t bytes; /* sizes as the walk saw them */
} Tree;

typedef struct {
	const PkgLimits *lim;
	const ImportHooks *hooks;
	PkgReport *report;
	int srcfd;
	int curfd;            /* the installed version (DATA/current), or -1 */
	Store st;             /* DATA */
	unsigned char *buf;   /* BLOCK bytes for the stick, BLOCK for the installed copy */
	uint64_t done, total; /* bytes of the stick read (PROGRESS_READING) */
	int err;              /* errno of the storage failure (IMPORT_FAILED) */
	bool busy;
	uint64_t need, avail; /* the room the copy needs and has, when it has too little */
} Import;

/* ---- importer.c ------------------------------------------------------------ */

/* Errors that mean the stick went away (pulled, FUSE daemon gone, media
 * changed) rather than a problem with one file on it. */
bool importer_source_gone(int e);
bool importer_cancelled(const Import *im);
/* Tells the hooks how much of the stick has been read. */
void importer_progress(Import *im);
/* The storage failed (errno says how): IMPORT_FAILED. */
ImportResult importer_storage_failed(Import *im);

/* ---- copy.c: the package tree and its files ---------------------------------- */

void importer_tree_free(Tree *t);
/* A parent's path is a prefix of its children's, so in byte order every
 * folder comes before what it holds. */
void importer_tree_sort(Tree *t);
/* Same files with the same sizes (folders aside). Both trees sorted. */
bool importer_tree_same_shape(const Tree *a, const Tree *b);
/* The content hash, the version's name. */
void importer_tree_id(const Tree *t, char out[ID_HEX + 1]);
/* The entry of a sorted tree with that path, or NULL. */
const Entry *importer_tree_find(const Tree *t, const char *path);
/* Walks the folder open as fd (rel in the package, depth deep; source:
 * the stick, else the installed version) into t, judging every name as
 * the checker would. STEP_OK, or why the walk stopped. */
ImportResult importer_walk(Import *im, Tree *t, int fd, const char *rel, int depth, bool source);
/* Reads e from the stick beside the installed file of its path and size
 * (im->curfd): *same when every byte is. */
ImportResult importer_compare_file(Import *im, Entry *e, bool *same);
/* Copies (or links, e->same) every entry of t into the staging folder,
 * fsynced, and names the version in id. */
ImportResult importer_copy_tree(Import *im, Tree *t, char id[ID_HEX + 1]);

#endif
