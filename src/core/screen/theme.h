/* theme: colours, font roles and the size metrics every screen is laid out
 * with, derived from the screen size and the configured text scale.
 *
 * Pure C, no SDL. Colours are 0xRRGGBBAA.
 */
#ifndef KIOSK_THEME_H
#define KIOSK_THEME_H

#include <stdint.h>

typedef uint32_t Color; /* 0xRRGGBBAA */

/* Font roles. The platform opens one face per role at metrics.font_px[role]
 * in the style given by theme_font_style(). */
typedef enum {
	FONT_BODY,
	FONT_BODY_BOLD,
	FONT_BODY_ITALIC,
	FONT_BODY_BOLD_ITALIC,
	FONT_SUBHEAD, /* '###' inside a topic, bold */
	FONT_HEADING, /* a topic's heading, bold */
	FONT_TITLE,   /* the article title on Home, bold */
	FONT_TILE,    /* topic names on Home tiles, bold */
	FONT_BUTTON,  /* button labels, bold */
	FONT_SMALL,   /* small labels ("Previous", "Next"), regular */
	FONT_CAPTION, /* image captions, italic */
	FONT_PROMPT,  /* the attract-mode prompt, bold */
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
} Theme;

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
 * every text/background pair meets WCAG AA (4.5:1). */
Theme theme_default(void);
/* Metrics for a logical screen of w x h at text_scale (1.0 = default). */
Metrics theme_metrics(int w, int h, double text_scale);
/* FONT_STYLE_* bits for a role. */
int theme_font_style(FontId f);
/* WCAG 2 contrast ratio of two opaque colours (1.0 .. 21.0). */
double theme_contrast(Color a, Color b);
/* Parses "#RRGGBB" into an opaque colour; -1 if malformed. */
int theme_parse_color(const char *s, Color *out);

#endif
