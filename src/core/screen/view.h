/* view: which screen shows, as navigation decides it and layout draws it.
 * A View is a plain value: navigation fills it, layout_build turns it into a
 * display list. Its pointers (a picture block, notice texts) are borrowed
 * from the DocLibrary or the caller. Pure C.
 */
#ifndef KIOSK_VIEW_H
#define KIOSK_VIEW_H

#include <stdbool.h>

#include "core/document/model/doc.h"
#include "core/schedule/clockset.h"

typedef enum {
	SCREEN_HOME,
	SCREEN_TOPIC,
	SCREEN_IMAGE,
	SCREEN_ATTRACT,
	SCREEN_NOTICE,
	SCREEN_IMPORT,
	SCREEN_SERVICE, /* the staff's screens behind the PIN (core/service) */
	SCREEN_CLOCK,   /* staff set the date and time */
} ScreenKind;

struct Service;

/* What a visitor changed for themselves. Navigation carries it from screen
 * to screen and puts it back to all zero (the defaults) when attract mode
 * starts, for the next visitor. */
typedef struct {
	int text_size;      /* 0..THEME_TEXT_SIZES-1: A, A+, A++ */
	bool high_contrast; /* theme_high_contrast() instead of the kiosk's */
} ViewPrefs;

typedef struct {
	ScreenKind screen;
	int article;           /* -1: the list of articles (several articles) */
	int topic;             /* SCREEN_TOPIC, attract topic slide; else -1 */
	const DocBlock *image; /* SCREEN_IMAGE, attract image slide */
	const char *text;      /* SCREEN_NOTICE / SCREEN_IMPORT: title */
	const char *detail;    /* SCREEN_NOTICE / SCREEN_IMPORT: body lines */
	int progress;          /* SCREEN_IMPORT: 0..1000, -1 unknown */
	bool notice_error;     /* SCREEN_NOTICE: a problem, not a success */
	ViewPrefs prefs;
	int countdown;                 /* Home, a topic, a picture: seconds left before attract
	                                * mode, while the visitor is asked whether they are still
	                                * reading; 0: not asked. SCREEN_SERVICE: seconds of
	                                * cleaning mode or of the PIN's lock-out left */
	const struct Service *service; /* SCREEN_SERVICE: what it shows (borrowed) */
	bool can_listen;               /* a voice can read topics aloud (an audio device) */
	bool listening;                /* SCREEN_TOPIC: it is being read aloud */
	bool paused;                   /* and the reading is paused */
	int sentence;                  /* the sentence being read (sentences.h), from 0 */
	int prompt_article;            /* SCREEN_ATTRACT: the article whose language the
	                                * prompt speaks, -1 the settings' */
	ClockFields clock;             /* SCREEN_CLOCK: the date and time as set so far */
} View;

#endif
