/* index: the index.html of `kiosk preview`, which a PC opens to see what
 * visitors will see: the check's verdict and every problem and warning in
 * its words at the top, then Home and every article (in each language)
 * with its topics' screens and its pictures, each with its title, landscape
 * and portrait, linked to the screenshots beside it.
 *
 * Plain HTML: no script, no link outside the folder, every link relative.
 * Every text from the content or the stick (titles, captions, file names,
 * problems, the folder's own name) is escaped, made valid UTF-8 and kept
 * apart from the page's own direction (<bdi>), so a title that reads
 * "<script>" shows as those characters.
 *
 * Pure C: builds a string; the caller writes it. The string is malloc'd
 * (the caller frees it); everything else is borrowed.
 */
#ifndef KIOSK_INDEX_H
#define KIOSK_INDEX_H

#include <stdbool.h>
#include <stddef.h>

#include "core/document/doc.h"
#include "core/package/pkg.h"
#include "core/preview/tour.h"

/* The two ways a panel can stand, in the order the page shows them: the
 * folders their screenshots are in. */
#define INDEX_LANDSCAPE 0
#define INDEX_PORTRAIT 1

/* One stop of the tour as drawn. */
typedef struct {
	TourStop stop;
	int pages[2]; /* screenshots written, per orientation; 0: none */
	int of[2];    /* screens the stop took to see whole (more than pages
	               * when the preview stopped early) */
} IndexShot;

typedef struct {
	const char *source;  /* the folder previewed, as staff gave it */
	bool refused;        /* the kiosk would not take the content */
	const char *summary; /* check's line when it takes it ("OK: ...") */
	const PkgReport *report;
	const DocLibrary *lib; /* NULL when nothing was drawn */
	const IndexShot *shots;
	size_t nshots;
	int w, h; /* the landscape screen's size; portrait is h x w */
} IndexPage;

/* The page, or NULL when memory ran out. */
char *index_html(const IndexPage *p);
/* Where screenshot page (from 1) of stop s in orientation o is, relative
 * to the page: "landscape/a2-t5.png", "portrait/a2-t5-3.png". Always
 * terminated. */
void index_png(const TourStop *s, int o, int page, char *buf, size_t size);

#endif
