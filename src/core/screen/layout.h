/* layout: one screen of the kiosk -> a display list (rects, text runs,
 * images) and its touch targets, in logical screen pixels. Text runs are
 * in visual order, left to right, each in one direction.
 *
 * Text is broken into lines by wrap.h and measured through the injected
 * LayoutMeasure, so this module needs no fonts and no SDL; tests read the
 * display list as data.
 * A Layout owns an Arena holding its commands, targets and strings (strings
 * may also point into the DocLibrary, which must outlive the layout).
 * Layouts are built once per screen and reused while it shows: scrolling
 * only moves LAYER_SCROLL by an offset, it never re-lays out.
 */
#ifndef KIOSK_LAYOUT_H
#define KIOSK_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/document/model/arena.h"
#include "core/document/model/doc.h"
#include "core/screen/rect.h"
#include "core/screen/look/theme.h"
#include "core/screen/view.h"
#include "core/text/measure.h"

typedef enum {
	LAYER_SCROLL, /* moves with the scroll offset, clipped to scroll_view */
	LAYER_FIXED,  /* stays put (button bars) but moves with transitions */
	LAYER_PINNED, /* stays put even during transitions (attract prompt) */
} DrawLayer;

typedef enum { DRAW_RECT, DRAW_TEXT, DRAW_IMAGE } DrawKind;

typedef struct {
	DrawKind kind;
	DrawLayer layer;
	Rect r;           /* RECT: the fill; TEXT: the line box (x, top, width, line
	                   * height); IMAGE: the destination */
	Color color;      /* RECT fill, TEXT colour */
	Color border;     /* RECT: outline colour, 0 for none */
	int radius;       /* RECT: corner radius */
	int target;       /* RECT: index of the target it draws, -1 if none; the
	                   * renderer fills it with Theme.pressed while pressed */
	FontId font;      /* TEXT */
	bool rtl;         /* TEXT: shaped and drawn right to left */
	const char *lang; /* TEXT: its language (BCP 47), "" unknown */
	const char *text; /* TEXT (len bytes, not NUL-terminated, logical order) */
	size_t len;
	const char *src; /* IMAGE: path relative to the content folder */
	const char *alt; /* IMAGE */
	bool cover;      /* IMAGE: the picture scaled to cover r and cropped to
	                  * it, centred (else scaled to r exactly) */
} DrawCmd;

typedef enum {
	TARGET_ARTICLE, /* index: article */
	TARGET_TOPIC,   /* index: topic */
	TARGET_HOME,
	TARGET_PREV,
	TARGET_NEXT,
	TARGET_IMAGE, /* index: block index in the topic (or intro, -1-i) */
	TARGET_CLOSE,
	TARGET_ACTION,     /* index: an action code of the screen (notices) */
	TARGET_TEXT_SIZE,  /* index: the text size it chooses (A, A+, A++) */
	TARGET_CONTRAST,   /* index: 1 turns high contrast on, 0 off */
	TARGET_LISTEN,     /* read the topic aloud (or go on after a pause) */
	TARGET_PAUSE,      /* pause the reading */
	TARGET_STOP,       /* stop reading */
	TARGET_LANGUAGE,   /* index: the article in another of its languages */
	TARGET_SERVICE,    /* index: a service screen's button (service_target_index) */
	TARGET_CLOCK_STEP, /* index: a ClockField * 2, + 1 for its + button */
	TARGET_CLOCK_SAVE, /* the clock screen: set the time chosen */
} TargetKind;

typedef struct {
	TargetKind kind;
	int index;
	DrawLayer layer;
	Rect r;                /* in layer coordinates (LAYER_SCROLL: content) */
	char id[32];           /* stable id for robots: "topic-3", "next", ... */
	const char *label;     /* what the control says */
	const DocBlock *image; /* TARGET_IMAGE */
	bool selected;         /* the choice in force (TARGET_TEXT_SIZE,
	                        * TARGET_LANGUAGE), or the toggle on
	                        * (TARGET_CONTRAST) */
	const char *group;     /* what the choices it is one of are, in the
	                        * screen's words ("Text size"), or NULL */
} Target;

/* A table on screen, for robots (JSON "tables"): LAYER_SCROLL coordinates. */
typedef struct {
	Rect r;
	int rows, cols;
	bool stacked; /* drawn as one card per row, "heading: value" */
} LayoutTable;
/* Where something a visitor reads lies in LAYER_SCROLL: a block of an
 * article, a tile. A screen's anchors come in the same order at every
 * text size, so the n-th anchor of one layout is the n-th of the same
 * screen laid out larger: that is how the reading position is kept. */
typedef struct {
	int y, h;
} LayoutAnchor;

typedef struct {
	Arena *arena;
	DrawCmd *cmds;
	size_t ncmds, cap_cmds;
	Target *targets;
	size_t ntargets, cap_targets;
	LayoutTable *tables;
	size_t ntables, cap_tables;
	LayoutAnchor *anchors;
	size_t nanchors, cap_anchors;
	Metrics metrics;   /* what it was laid out with (the renderer draws its
	                    * text at these font sizes) */
	Rect scroll_view;  /* where LAYER_SCROLL shows, in screen pixels */
	int content_h;     /* height of LAYER_SCROLL content */
	const char *title; /* what the screen is about (JSON "title") */
	Color background;
	Rect hand;          /* attract mode: where the animated hand beside the prompt
	                     * goes (layout_overlay); w 0 for none */
	Rect reading;       /* a topic read aloud: the first line of the sentence
	                     * heard, in LAYER_SCROLL; w 0 for none */
	const char *lang;   /* the language of the screen's text (BCP 47), "" unknown */
	bool rtl;           /* the screen reads right to left: mirrored */
	const char *prompt; /* attract mode's prompt as it shows, or NULL */
} Layout;

/* Empties *out (keeping its arena) and lays out view. Returns 0, or -1 when
 * out of memory (out is then empty but valid). */
int layout_build(Layout *out, const View *view, const DocLibrary *lib, const Metrics *m,
                 const Theme *theme, const LayoutMeasure *measure);
/* Empties *out and lays out what shows over view's screen (laid out as
 * under), in LAYER_PINNED: the warning before attract mode while
 * view->countdown runs; in attract mode the hand beside the prompt at step
 * phase of its tap (LAYOUT_HAND_STEPS, 0 at rest); else nothing. Returns
 * 0, or -1 when out of memory (out then empty). */
int layout_overlay(Layout *out, const View *view, const Layout *under, int phase, const Metrics *m,
                   const Theme *theme, const LayoutMeasure *measure);
#define LAYOUT_HAND_STEPS 4
void layout_init(Layout *l);
void layout_deinit(Layout *l);
/* The largest scroll offset (0 when everything fits). */
int layout_max_scroll(const Layout *l);
/* Index of the target under screen point (x, y) with the given scroll
 * offset, or -1. */
int layout_hit(const Layout *l, int x, int y, int scroll);
/* A target's rectangle on screen for a scroll offset, clipped to what is
 * visible; returns false when it is not visible at all. */
bool layout_target_rect(const Layout *l, size_t i, int scroll, Rect *out);

/* What a control is, for a screen reader or a test robot: "button",
 * "tile" (an article or topic on Home), "picture" (opens full screen) or
 * "toggle" (on or off: high contrast, and each text size, on while
 * chosen). */
const char *layout_target_role(const Target *t);
/* The name of the group a control belongs to ("Text size"), or NULL. */
const char *layout_target_group(const Target *t);

/* Where a reader is in a layout: the anchor at the top of the view and how
 * far down it (0..1) the view's top edge lies. */
typedef struct {
	int anchor; /* -1: above every anchor (the screen's heading); nanchors:
	             * below the last */
	double into;
} LayoutPlace;

/* The place at scroll offset scroll. */
LayoutPlace layout_place(const Layout *l, int scroll);
/* The scroll offset that puts place at the top of the view in l (the same
 * screen laid out again), within 0..layout_max_scroll. */
int layout_place_scroll(const Layout *l, LayoutPlace place);

#endif
