/* nav: the navigation state machine. Decides which screen shows; never
 * draws and never calls SDL. Driven by events and an injected millisecond
 * clock; idle is derived (last input + timeout), and nav_next_deadline()
 * tells the loop when it next needs to run, so the board sleeps between
 * touches.
 *
 * What a visitor chose for themselves (text size, contrast) goes with them from screen
 * to screen in every View and is put back to the defaults when attract
 * mode starts, for the next visitor. NAV_WARN_MS before attract mode would
 * take Home, a topic or a picture away, the view's countdown asks whether
 * the visitor is still reading; a touch then only keeps them where they
 * are (NAV_WOKE: nothing under the finger acts).
 *
 * A topic can be read aloud (when a voice can be heard): the view says
 * whether it is, paused or not, and which sentence is heard (the platform
 * reports it, NAV_EV_READ). Reading is a topic's: leaving it, or attract
 * mode, stops it. While it goes on, every sentence heard counts as the
 * visitor's input: a listener is neither warned nor sent to attract
 * mode.
 *
 * Attract mode (idle rotation) walks the sequence of slides attract.h
 * works out: every topic's opening in order, with the library's images
 * full screen spread evenly between them; or, when an article's front
 * matter names them ("attract: [topic, picture, ...]"), the named ones in
 * that order.
 *
 * Nav borrows the DocLibrary; the caller keeps it alive until
 * nav_set_library() swaps it. Strings in events (notice and import texts)
 * are borrowed too and must live while their screen shows. Pure C, no SDL,
 * no clock.
 */
#ifndef KIOSK_NAV_H
#define KIOSK_NAV_H

#include <stdbool.h>
#include <stdint.h>

#include "core/control/attract.h"
#include "core/document/model/doc.h"
#include "core/screen/view.h"

#define NAV_NEVER UINT64_MAX
/* The most languages of one article taken into account. */
#define NAV_MAX_LANGS 16

typedef enum {
	NAV_EV_TICK,         /* time passed */
	NAV_EV_TOUCH,        /* a finger went down anywhere */
	NAV_EV_OPEN_ARTICLE, /* index */
	NAV_EV_OPEN_TOPIC,   /* index */
	NAV_EV_OPEN_IMAGE,   /* image */
	NAV_EV_HOME,
	NAV_EV_PREV,
	NAV_EV_NEXT,
	NAV_EV_CLOSE,      /* leave the image view / a notice */
	NAV_EV_SWIPE,      /* index: +1 next, -1 previous */
	NAV_EV_LANGUAGE,   /* index: the article in the language chosen */
	NAV_EV_NOTICE,     /* show text/detail as a notice */
	NAV_EV_PROGRESS,   /* show the import screen with progress */
	NAV_EV_TEXT_SIZE,  /* index: the text size a visitor chose */
	NAV_EV_CONTRAST,   /* index: 1 high contrast on, 0 off */
	NAV_EV_VOICE,      /* index: 1 a voice can read aloud (an audio device), 0 not */
	NAV_EV_LISTEN,     /* read the topic aloud from its start, or go on */
	NAV_EV_PAUSE,      /* pause the reading, or go on */
	NAV_EV_STOP,       /* stop reading */
	NAV_EV_READ,       /* index: the sentence now heard; -1 the end was reached */
	NAV_EV_CLOCK,      /* open the clock screen at clock (the time now) */
	NAV_EV_CLOCK_STEP, /* index: a ClockField, progress: +1 or -1 */
	NAV_EV_CLOCK_SET,  /* the clock screen's time is to be set */
} NavEventType;

typedef struct {
	NavEventType type;
	int index;
	const DocBlock *image;
	const char *text; /* NAV_EV_NOTICE, NAV_EV_PROGRESS (borrowed) */
	const char *detail;
	int progress;             /* NAV_EV_PROGRESS: 0..1000 */
	bool error;               /* NAV_EV_NOTICE */
	const ClockFields *clock; /* NAV_EV_CLOCK (borrowed for the call) */
} NavEvent;

enum {
	NAV_CHANGED = 1u << 0,   /* the view changed: lay out again, scroll to top */
	NAV_WOKE = 1u << 1,      /* this touch woke the kiosk: ignore the rest of it */
	NAV_ANIMATE = 1u << 2,   /* a transition runs (or just ended): redraw at
	                          * nav_transition() */
	NAV_RESTYLE = 1u << 3,   /* the visitor's choices (view.prefs) changed:
	                          * lay out again at the new size or colours; the
	                          * reading position stays unless NAV_CHANGED */
	NAV_OVERLAY = 1u << 4,   /* view.countdown changed: the warning before
	                          * attract mode shows, counts down or goes */
	NAV_SPEECH = 1u << 5,    /* reading aloud started, paused, went on,
	                          * reached another sentence or stopped (or a
	                          * voice came or went): lay out again in place */
	NAV_CLOCK_SET = 1u << 6, /* staff asked for the time to be set to
	                          * Nav.clock_set */
};

/* How long before attract mode a visitor is asked "Still reading?" (half
 * the idle time when that is shorter). */
#define NAV_WARN_MS 10000u

/* Whether the board has a voice for article a (one of its language's):
 * its topics offer Listen only then, so a kiosk without a voice for an
 * article never offers to read it in another language's sounds. */
typedef bool (*NavVoiced)(void *user, const DocArticle *a);

typedef struct {
	const DocLibrary *lib;
	View view;
	View prev_view;         /* the outgoing view while transition runs */
	uint32_t idle_ms;       /* idle_timeout_s * 1000 */
	uint32_t rotate_ms;     /* rotate_interval_s * 1000; 0: no rotation */
	uint32_t transition_ms; /* length of the attract slide transition */
	uint32_t notice_ms;     /* how long a notice stays before Home */
	uint64_t last_input;    /* time of the last touch; idle counts from it
	                         * (also reset when content swaps or a
	                         * notice leaves on its own) */
	uint64_t slide_since;   /* attract: when the current slide began */
	uint64_t transition_start;
	bool transitioning;
	uint64_t notice_since;
	int slide;        /* attract: index of the current slide */
	int slides;       /* number of attract slides */
	bool slide_shown; /* slide has been shown: attract resumes after it */
	View back;        /* SCREEN_IMAGE: the view NAV_EV_CLOSE returns to */
	ViewPrefs prefs;  /* what the visitor chose; every view carries it */
	bool can_listen;  /* a voice can read aloud; every view carries it,
	                   * for its article (voiced) */
	NavVoiced voiced; /* NULL: a voice reads every article */
	void *voiced_user;
	/* voiced's last answer, asked again only for another article or
	 * library (it is asked after every event) */
	const DocLibrary *voiced_lib;
	int voiced_article;
	bool voiced_answer;
	char lang[40];         /* the language this visitor chose ("": none); forgotten
	                        * when attract mode starts */
	ClockFields clock_set; /* what the clock screen last asked to be set */
} Nav;

void nav_init(Nav *n, const DocLibrary *lib, uint32_t idle_ms, uint32_t rotate_ms, uint64_t now);
/* New content: back to Home, attract sequence recomputed and started over
 * at its first slide; idle counts from now. */
void nav_set_library(Nav *n, const DocLibrary *lib, uint64_t now);
unsigned nav_handle(Nav *n, const NavEvent *ev, uint64_t now);
/* Which articles a voice reads (NULL: all); NAV_SPEECH when the view's
 * Listen came or went. */
unsigned nav_set_voiced(Nav *n, NavVoiced voiced, void *user);
/* The next time nav must be ticked (never before now), or NAV_NEVER. */
uint64_t nav_next_deadline(const Nav *n, uint64_t now);
/* Transition progress at now, 0..1 (1 when none runs). */
double nav_transition(const Nav *n, uint64_t now);
/* The i-th attract slide (0 <= i < n->slides). */
Slide nav_slide(const Nav *n, int i);
/* The attract slide that shows next if nobody touches the screen (when
 * idle time runs out, or the next one in the rotation); -1 when none will. */
int nav_upcoming_slide(const Nav *n);
/* The view attract mode shows for slide i. */
View nav_slide_view(const Nav *n, int i);
/* Every screen the content can show without outside events, one per i from
 * 0: Home (and each article's topic list when there are several), every
 * topic, every picture full screen, every attract slide. Fills *out and
 * returns true, or false past the last. */
bool nav_walk_view(const Nav *n, int i, View *out);
/* Name of a screen for JSON: "home", "topic", ... */
const char *nav_screen_name(ScreenKind s);

#endif
