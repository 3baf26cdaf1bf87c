/* catalogs: the kiosk's own words (core/screen/look/words.h) in every language
 * po/ has a catalogue for, looked up once with GNU gettext in the .mo
 * files msgfmt compiled at build time: build/locale beside the executable,
 * else $(PREFIX)/share/locale.
 *
 * Loaded whole when a session opens, before any worker thread runs:
 * gettext picks its language from the LANGUAGE variable, which is changed
 * (and put back) once per language, and never again while the kiosk runs.
 * Each language holds the table's words (core/screen/look/words.h) and every
 * other msgid of po/kiosk.pot (the checker's problems), so a notice or
 * `kiosk check` says them in any language without asking gettext again.
 * The Catalogs own their strings; catalogs_unload frees them.
 */
#ifndef KIOSK_CATALOGS_H
#define KIOSK_CATALOGS_H

#include <stddef.h>

#include "core/screen/look/words.h"

typedef struct {
	Words *langs;
	size_t n;
	const char **msgs; /* every language's translations of po/kiosk.pot */
	char *strings;     /* every translation, end to end */
	Lexicon lx;        /* what layout is handed */
} Catalogs;

/* Loads every catalogue and picks lang's words as the main ones. Missing
 * catalogues leave their language out (English shows); it never fails. */
void catalogs_load(Catalogs *c, const char *lang);
/* Picks lang's words as the main ones (new settings). */
void catalogs_choose(Catalogs *c, const char *lang);
void catalogs_unload(Catalogs *c);

#endif
