/* pkgcheck: validates a content package on disk, installing nothing.
 *
 * Every file is opened and read through pkgfiles (beneath the package, no
 * links, regular files only, bounded reads). Articles are parsed and
 * pictures decoded in a child process with memory, CPU and time limits, so
 * a hostile file can at worst kill the checker, which is then reported as
 * a problem. It returns results and never prints.
 */
#ifndef KIOSK_PKGCHECK_H
#define KIOSK_PKGCHECK_H

#include <stdbool.h>
#include <stdint.h>

#include "core/package/pkg.h"

/* Progress: bytes done of bytes total. Called once the folder has been
 * walked (total known, done 0), after each file checked, and at the end
 * with done == total. */
typedef void (*PkgProgress)(void *user, uint64_t done, uint64_t total);

typedef struct {
	const PkgLimits *lim; /* NULL: the defaults */
	/* The kiosk's font_dir setting ("" or NULL: its fonts where it finds
	 * them by default): articles are checked for characters the fonts the
	 * screen would use cannot draw. */
	const char *font_dir;
	PkgProgress progress; /* may be NULL */
	void *user;           /* progress's */
	/* The importer's own copy of a package, whose files that are as
	 * installed it hard-linked to the installed version's: a file under
	 * several names is taken (from anywhere else it is refused). */
	bool own_links;
	/* Its signature verified (a trusted key): its kiosk.conf may set the
	 * service PIN; from any other package that line refuses it. */
	bool signed_ok;
} PkgCheckOptions;

/* Checks the package at dirfd as o says (NULL: the default limits and
 * fonts, no progress). Returns 0 when there is no error (warnings
 * allowed), -1 otherwise; the details are in r, errors first, and r's
 * counts (articles, topics, images, bytes) are filled in. Safe on a worker
 * thread; it forks one sandboxed child per article and picture
 * (sandbox.h: nothing else in the process may reap children it
 * did not start). */
int pkgcheck_dir(int dirfd, const PkgCheckOptions *o, PkgReport *r);

#endif
