/* tour: every screen a visitor can reach in a library, in the order staff
 * read them in `kiosk preview`: Home; then, article by article (each of an
 * article's languages in turn, the one that stands for it first), the
 * article's Home (unless it is the Home above), each topic, and each
 * picture full screen. For each stop, the navigation events that lead
 * there from a fresh Home, so the preview reaches it through the kiosk's
 * own navigation; and the name of its screenshots.
 *
 * Stops borrow the library (a picture's block); the caller keeps it alive.
 * Pure C: no SDL, no files.
 */
#ifndef KIOSK_TOUR_H
#define KIOSK_TOUR_H

#include <stdbool.h>
#include <stddef.h>

#include "core/control/nav.h"
#include "core/document/doc.h"
#include "core/screen/view.h"

typedef enum { TOUR_HOME, TOUR_ARTICLE, TOUR_TOPIC, TOUR_PICTURE } TourKind;

typedef struct {
	TourKind kind;
	int article;           /* the article (in one language); -1 for TOUR_HOME */
	int topic;             /* TOUR_TOPIC; for TOUR_PICTURE the topic it is in,
	                        * -1 in the introduction */
	const DocBlock *image; /* TOUR_PICTURE */
	int number;            /* TOUR_PICTURE: its place among the article's
	                        * pictures, from 1 */
} TourStop;

/* The events that lead from a fresh Home to a stop: at most this many. */
#define TOUR_ROUTE_MAX 4

/* Fills out with the first max stops and returns how many there are. */
size_t tour_plan(const DocLibrary *lib, TourStop *out, size_t max);
/* The events (at most TOUR_ROUTE_MAX) that take navigation from a fresh
 * Home (no language chosen) to s; returns how many. */
size_t tour_route(const DocLibrary *lib, const TourStop *s, NavEvent *ev);
/* Whether the view v is s's screen. */
bool tour_arrived(const View *v, const TourStop *s);
/* The stem of s's screenshots: "home", "a2" (article 2's Home), "a2-t5"
 * (its topic 5, from 0), "a2-p3" (its third picture). Always terminated. */
void tour_name(const TourStop *s, char *buf, size_t size);

#endif
