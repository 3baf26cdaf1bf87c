/* preview: the work of `kiosk preview`: what visitors will see of a
 * stick, as screenshots and an index.html a PC opens, before anyone walks
 * to the kiosk.
 *
 * The stick is checked as `kiosk check` checks it (package/check/verdict.h);
 * content the kiosk would refuse is not drawn, and the page says why.
 * Content it takes is copied in and checked again by the importer, into a
 * private data folder, exactly as the kiosk takes a stick in, and drawn
 * from that copy: what is drawn (parsed in this process, as the kiosk
 * parses its installed content) is what was checked, whatever happens to
 * the stick meanwhile. Every stop of the tour (core/preview/tour.h) is
 * reached through the kiosk's own navigation and drawn by the session and
 * renderer `kiosk render` uses, landscape then portrait, a long screen
 * page by page (core/preview/index.h names the files).
 *
 * Needs SDL not started by anyone else; returns results and never prints.
 */
#ifndef KIOSK_PREVIEW_H
#define KIOSK_PREVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "core/package/pkg.h"
#include "core/settings/config.h"

/* A screen longer than this many screenfuls shows its first ones (the
 * page says so). */
#define PREVIEW_PAGES_MAX 20

typedef struct {
	const char *dir;    /* the stick or kiosk folder */
	const char *out;    /* the folder written into (made when missing) */
	const Config *cfg;  /* the kiosk's own settings */
	const char *pubkey; /* a key to verify the signature against, or NULL */
	int w, h;           /* the landscape screen; 0: 1920 x 1080 */
} PreviewJob;

typedef struct {
	PkgReport report;     /* check's problems and warnings, and the counts */
	char summary[1600];   /* check's "OK: ..." line; "" when refused */
	bool refused;         /* the kiosk would not take the content */
	unsigned stops;       /* screens of the tour */
	unsigned screenshots; /* PNG files written */
	unsigned missed;      /* screens that could not be reached or drawn */
	unsigned cut;         /* screens longer than PREVIEW_PAGES_MAX */
} PreviewResult;

/* 0: OUT/index.html and the screenshots are written; 1: the kiosk would
 * refuse the content (OUT/index.html says why); -1: the preview could not
 * be written, with a one-line message in err. res is filled in every case
 * and freed with preview_result_free. */
int preview_run(const PreviewJob *j, PreviewResult *res, char *err, size_t errlen);
void preview_result_free(PreviewResult *res);

#endif
