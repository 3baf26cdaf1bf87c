/* review: when an article was last checked by its authors and when it is
 * due to be checked again, from its front matter:
 *
 *     reviewed: 2026-10-14      (or 2026-10)
 *     review_due: 2027-10-01    (or 2027-10: the first of that month)
 *
 * Visitors see "Reviewed October 2026" under the title; `check` warns of
 * an article past review_due; with `hide_expired = yes` such an article is
 * not shown (review_visible), unless every article is past it. Today is
 * the caller's (DATE_NONE while the clock is unknown: then nothing is past
 * its date). Pure C; the library's articles are borrowed.
 */
#ifndef KIOSK_REVIEW_H
#define KIOSK_REVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "core/document/model/doc.h"

typedef struct {
	int reviewed;   /* day (date.h), DATE_NONE when not said or not a date */
	int due;        /* day, DATE_NONE likewise */
	int due_line;   /* line of review_due in the article, 0 when none */
	int reviewed_y; /* year and month of reviewed, 0 when none */
	int reviewed_m;
} Review;

Review review_of(const DocArticle *a);
/* The article is past its review date on day today (it was due before
 * today). false when today is DATE_NONE or it names no due date. */
bool review_expired(const DocArticle *a, int today);
/* Which articles visitors see, when expired ones are hidden: show[i] for
 * each of lib's articles (show has lib->narticles entries). When every
 * article is past its date all are shown (a kiosk showing nothing helps no
 * one; `check` and the log say they are due). Returns how many are
 * hidden. */
size_t review_visible(const DocLibrary *lib, int today, bool *show);
/* The articles of lib past their review date on day today, for the
 * service screen to flag: their indices in lib into out (at most max),
 * in lib's order. Returns how many there are (more than max when out was
 * too short). */
size_t review_past(const DocLibrary *lib, int today, size_t *out, size_t max);
/* The articles review_visible shows, in their order, copied into out (room
 * for lib->narticles; the copies borrow lib's strings and blocks). Returns
 * how many. */
size_t review_filter(const DocLibrary *lib, int today, DocArticle *out);

#endif
