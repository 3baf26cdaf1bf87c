/* theme: colours, font roles and the size metrics every screen is laid out
 * with, derived from the screen size and the configured text scale; and the
 * one list of the colour pairs text is drawn with, which every theme is
 * judged by (the kiosk's own settings, a stick's, the built-in themes).
 *
 * Pure C, no SDL. Colours are 0xRRGGBBAA. Everything returned is static or
 * the caller's own.
 */
#ifndef KIOSK_THEME_H
#define KIOSK_THEME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint32_t Color; /* 0xRRGGBBAA */

/* Font roles. The platform opens one face per role at metrics.font_px[role]
 * in the style given by theme_font_style(). */
typedef enum {
	FONT_BODY,
	FONT_BODY_BOLD,
	FONT_BODY_ITALIC,
	FONT_BODY_BOLD_ITALIC,
	FONT_SUBHEAD,  /* '###' inside a topic, bold */
	FONT_HEADING,  /* a topic's heading, bold */
	FONT_TITLE,    /* the article title on Home, bold */
	FONT_TILE,     /* topic names on Home tiles, bold */
	FONT_BUTTON,   /* button labels, bold */
	FONT_SMALL,    /* small text in the reading ("2 of 8", "Choose a topic"), regular */
	FONT_CAPTION,  /* image captions, italic */
	FONT_PROMPT,   /* the attract-mode prompt, bold */
	FONT_LABEL,    /* the small line above a button's label ("Previous"), regular */
	FONT_HEADLINE, /* an attract slide's title, read across a room, bold */
	FONT_LEDE,     /* an attract slide's one sentence, set as the prompt */
	FONT_COUNT
} FontId;

enum { FONT_STYLE_REGULAR = 0, FONT_STYLE_BOLD = 1, FONT_STYLE_ITALIC = 2 };

typedef struct {
	Color background; /* page background */
	Color surface;    /* tiles, bars */
	Color text;       /* body text */
	Color muted;      /* captions, secondary labels */
	Color accent;     /* headings, buttons */
	Color on_accent;  /* text on accent */
	Color pressed;    /* a control while a finger is on it */
	Color border;     /* tile outlines, dividers */
	Color shade;      /* image view and attract image background */
	Color on_shade;   /* text on shade */
	Color error;      /* the heading of a notice that reports a problem */
} Theme;

/* What every theme keeps between text and what it is drawn on: WCAG 2 AA
 * for body text (the kiosk holds all text to it, large or not). */
#define THEME_MIN_CONTRAST 4.5
/* What the high-contrast theme keeps for all text: WCAG 2 AAA. */
#define THEME_HIGH_CONTRAST 7.0

/* One pair of colours the screens draw text with: text of one theme colour
 * on a fill of another. The members are offsets into Theme; the keys are
 * the names kiosk.conf gives the two colours. */
typedef struct {
	const char *text_key, *fill_key; /* "theme_on_accent", "theme_accent" */
	const char *what;                /* what is drawn so: "button labels" */
	size_t text, fill;               /* offsetof(Theme, ...) */
	/* The fill is what a control of that colour turns to under a finger
	 * (theme_pressed_fill), not the colour itself. */
	bool pressed;
	/* Only ever large, bold glyphs (at least 28 px bold on any screen):
	 * WCAG's lower minimum for large text applies (theme_pair_min). */
	bool large;
} ThemePair;

/* A pair below the minimum, and its contrast. */
typedef void (*ThemeReport)(void *user, const ThemePair *pair, double contrast);

typedef struct {
	int w, h; /* logical screen size (after rotation) */
	int font_px[FONT_COUNT];
	int margin; /* outer margin */
	int gap;    /* space between blocks */
	int target; /* minimum touch target side, >= 9 mm */
	int column; /* text column width: 60-75 characters of body text */
	int radius; /* corner radius of tiles and buttons */
	int bar_h;  /* height of the bottom button bar */
	int slop;   /* finger movement that still counts as a tap */
} Metrics;

/* The calm, clinical default: dark slate on near-white, a teal accent;
 * every pair of theme_pairs() meets WCAG AA (THEME_MIN_CONTRAST). */
Theme theme_default(void);
/* For visitors who see poorly: black on white, solid black outlines, every
 * pair of theme_pairs() at least THEME_HIGH_CONTRAST (WCAG AAA). */
Theme theme_high_contrast(void);
/* Metrics for a logical screen of w x h at text_scale (1.0 = default). */
Metrics theme_metrics(int w, int h, double text_scale);

/* The text sizes a visitor can choose (A, A+, A++): the reading text, not
 * the controls, grows by theme_text_factor of the size. */
#define THEME_TEXT_SIZES 3
double theme_text_factor(int size);
/* Enlarges m's reading text (every role but the controls' labels and
 * attract mode's), the space between blocks and the text column (still no
 * wider than the screen allows) by factor; controls keep their size. */
void theme_enlarge(Metrics *m, double factor);
/* FONT_STYLE_* bits for a role. */
int theme_font_style(FontId f);
/* WCAG 2 contrast ratio of two opaque colours (1.0 .. 21.0). */
double theme_contrast(Color a, Color b);
/* The fill of a control under a finger: a button (filled with accent)
 * turns pressed, anything else (a tile) is tinted toward accent. The
 * renderer draws with it and the contrast checks judge text on it. */
Color theme_pressed_fill(const Theme *t, Color fill);

/* Every text/fill pair layout.c and the renderer draw, the page's own
 * first; *n is set to how many. */
const ThemePair *theme_pairs(size_t *n);
/* What a pair must keep where text must keep min: min itself, or for a
 * large pair WCAG's large-text minimum at the same level (3:1 beside AA's
 * 4.5:1, 4.5:1 beside AAA's 7:1). */
double theme_pair_min(const ThemePair *p, double min);
/* The two colours of a pair in t, and their contrast. */
Color theme_pair_text(const Theme *t, const ThemePair *p);
Color theme_pair_fill(const Theme *t, const ThemePair *p);
double theme_pair_contrast(const Theme *t, const ThemePair *p);
/* Reports every pair of t below its minimum (theme_pair_min of min), as
 * t is; returns how many. */
size_t theme_check(const Theme *t, double min, ThemeReport report, void *user);
/* Makes t readable again: each pair below its minimum, in the order of
 * theme_pairs(), is reported and its colours (for a pressed pair, the
 * accent too) are put back from fallback, which must pass itself. Should
 * the colours put back not go with the rest of t, t becomes fallback
 * whole, reported with pair NULL. Returns how many reports were made. */
size_t theme_mend(Theme *t, double min, const Theme *fallback, ThemeReport report, void *user);
/* A staff-facing sentence about a pair below its minimum (theme_pair_min
 * of min), such as "theme_on_accent
 * and theme_accent are too alike to read easily (contrast 2.1:1, at least
 * 4.5:1 is needed)"; the contrast is rounded down, so 4.46 never reads as
 * 4.5. Returns what snprintf returns. */
int theme_pair_message(const ThemePair *p, double contrast, double min, char *buf, size_t size);
/* Parses "#RRGGBB" into an opaque colour; -1 if malformed. */
int theme_parse_color(const char *s, Color *out);

#endif
