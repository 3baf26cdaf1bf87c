/* pkgcheckrun: the state of one package check, shared by the checker's
 * files: pkgcheck.c (the three passes in order, kiosk.conf, what nobody
 * uses), pkgwalk.c (the walk: every name judged without opening a file)
 * and pkgarticle.c (articles parsed in a child, their pictures judged).
 * Internal to the checker: nothing else includes it.
 *
 * A Check owns its entries and their strings (malloc'd), freed when
 * pkgcheck_dir returns; problems go into the caller's PkgReport.
 */
#ifndef KIOSK_PKGCHECKRUN_H
#define KIOSK_PKGCHECKRUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "core/package/glyphs.h"
#include "core/package/pkg.h"
#include "platform/package/check/pkgcheck.h"
#include "platform/package/check/sandbox.h"

/* How much of a picture path a message repeats. */
#define SRC_SHOWN 120

typedef enum { ENT_DIR, ENT_FILE, ENT_BAD } EntKind;

typedef struct {
	char *rel;  /* as on disk, relative to the package */
	char *fold; /* rel in lower case, for matching */
	EntKind kind;
	uint64_t size;
	dev_t dev;
	ino_t ino;
	unsigned depth; /* 1 at the top */
	bool too_deep;  /* a folder not walked */
	bool used;      /* an article refers to it */
} Entry;

typedef struct {
	size_t entry;    /* the document */
	char *part;      /* "word/media/image1.png" */
	char *label;     /* its alt text, or "" */
	unsigned number; /* its place among the document's pictures, from 1 */
} DocPicture;

typedef struct {
	int root;
	const PkgLimits *lim;
	const char *font_dir;
	GlyphSet *glyphs; /* what the kiosk's fonts draw, once an article needs it */
	bool no_glyphs;   /* the fonts could not be read: no such check */
	PkgReport *r;
	PkgProgress progress;
	void *user;
	Entry *v;
	size_t n, cap;
	size_t *byfold; /* indices into v sorted by fold */
	uint64_t total, done;
	bool too_many;
	unsigned child_failures;
	bool stopped;
	bool own_links;   /* a copy the importer made: its links are its own */
	bool signed_ok;   /* its signature verified: kiosk.conf may set service_pin */
	DocPicture *pics; /* Word documents' pictures, in the order met */
	size_t npics, cappics;
} Check;

/* ---- pkgcheck.c ---------------------------------------------------------- */

/* Counts add bytes as done and tells the caller. */
void pkgcheck_progress(Check *c, uint64_t add);
/* A picture path as a message repeats it: clipped on a character, in buf. */
const char *pkgcheck_shown(const char *s, char *buf, size_t size);
/* Opens an entry found by the walk and makes sure it is still the same
 * regular file. -1 with a problem added when not. */
int pkgcheck_open_entry(Check *c, const Entry *e, struct stat *st);
/* A child that did not finish counts towards stopping the whole check. */
void pkgcheck_child_failed(Check *c, const char *rel, const char *what, SandboxStatus st);

/* ---- pkgwalk.c ------------------------------------------------------------ */

/* Lists every folder breadth-first into c's entries, judging each name;
 * the problems go into wr. Then sorts the entries by folded name. */
void pkgcheck_walk(Check *c, PkgReport *wr);
/* The entry whose folded path is fold, or -1. */
ssize_t pkgcheck_find(const Check *c, const char *fold);

/* ---- pkgarticle.c --------------------------------------------------------- */

/* An article (Markdown or a Word document): read here, parsed in a child,
 * its pictures looked up and marked used (a Word document's kept in
 * c->pics for pkgcheck_part). */
void pkgcheck_article(Check *c, const Entry *e);
/* A picture file an article uses. */
void pkgcheck_image(Check *c, const Entry *e);
/* A picture inside a Word document. */
void pkgcheck_part(Check *c, const DocPicture *dp);

#endif
