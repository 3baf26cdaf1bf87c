/* usage: anonymous usage figures, counted per day from what the screen
 * shows. The caller hands it every View navigation settles on (with the
 * language the visitor chose, the time, and which day it is); it turns the
 * changes between them into per-day counts:
 *
 *   topic_opens      a topic opened (coming back to it from one of its
 *                    pictures is the same visit, not a second opening)
 *   topic_ms         the time it stayed open (its pictures included), counted
 *                    when the visitor leaves it, on the day they leave
 *   attract_shown    attract mode started
 *   attract_touched  a touch woke attract mode to Home
 *   language         a visitor chose a language on an article's Home
 *
 * Only these sums per day are kept: no time finer than the day, no order
 * of taps, nothing that tells one visitor from another. The counts wait
 * here (UsageCount rows, added up) until the platform writes them and
 * calls usage_clear; a full table drops what does not fit, counting it.
 * Pure C: no clock (time and day are passed in), no files. The library
 * is borrowed for each call only; the rows hold their own copies of names.
 */
#ifndef KIOSK_USAGE_H
#define KIOSK_USAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/document/model/doc.h"
#include "core/screen/view.h"

typedef enum {
	USAGE_TOPIC_OPENS,
	USAGE_TOPIC_MS,
	USAGE_ATTRACT_SHOWN,
	USAGE_ATTRACT_TOUCHED,
	USAGE_LANGUAGE,
	USAGE_FIGURES
} UsageFigure;

/* Names kept of an article's and a topic's title (longer ones are cut at a
 * character's edge). */
#define USAGE_NAME_MAX 160
#define USAGE_LANG_MAX 40
/* Rows that wait to be written; a visit touches a few, and the platform
 * writes them well before this fills. */
#define USAGE_PENDING_MAX 128

typedef struct {
	int day; /* date.h */
	UsageFigure figure;
	char article[USAGE_NAME_MAX]; /* topic figures: its article's title, else "" */
	char topic[USAGE_NAME_MAX];   /* topic figures: its title, else "" */
	char lang[USAGE_LANG_MAX];    /* topic figures: the article's language;
	                               * USAGE_LANGUAGE: the one chosen; else "" */
	int64_t value;
} UsageCount;

typedef struct {
	UsageCount pending[USAGE_PENDING_MAX];
	size_t npending;
	uint64_t dropped; /* counts that found no room since usage_init */
	/* what showed at the last call */
	bool seen;
	ScreenKind screen;
	int article, topic; /* the topic being visited, -1 none */
	uint64_t topic_since;
	char lang[USAGE_LANG_MAX];
} Usage;

void usage_init(Usage *u);
/* What shows now: v (as navigation settled on it), the visitor's chosen
 * language ("" none), at now ms, on day. */
void usage_observe(Usage *u, const DocLibrary *lib, const View *v, const char *lang, uint64_t now,
                   int day);
/* New content (or the kiosk stops): the topic visited is counted as left
 * now, and what shows next is taken as it is, not as something a visitor
 * did. lib is the library the last observed view belonged to. */
void usage_restart(Usage *u, const DocLibrary *lib, uint64_t now, int day);
/* The rows were written: empty the table. */
void usage_clear(Usage *u);
/* The name of a figure, as stored and exported ("topic_opens"). */
const char *usage_figure_name(UsageFigure f);

#endif
