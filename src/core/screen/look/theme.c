#include "core/screen/look/theme.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

Theme theme_default(void)
{
	return (Theme){
	    .background = 0xF5F7F8FF,
	    .surface = 0xFFFFFFFF,
	    .text = 0x1C2830FF,
	    .muted = 0x4A5862FF,
	    .accent = 0x0A6670FF,
	    .on_accent = 0xFFFFFFFF,
	    .pressed = 0x064A52FF,
	    .border = 0xC9D3D9FF,
	    .shade = 0x111619FF,
	    .on_shade = 0xF2F5F7FF,
	    .error = 0xA3261EFF,
	};
}

Theme theme_high_contrast(void)
{
	/* Tiles are told apart from the page by a solid black outline, not by
	 * a shade of grey; a pressed button goes black. */
	return (Theme){
	    .background = 0xFFFFFFFF,
	    .surface = 0xFFFFFFFF,
	    .text = 0x000000FF,
	    .muted = 0x333333FF,
	    .accent = 0x00454DFF,
	    .on_accent = 0xFFFFFFFF,
	    .pressed = 0x000000FF,
	    .border = 0x000000FF,
	    .shade = 0x000000FF,
	    .on_shade = 0xFFFFFFFF,
	    .error = 0x9B0000FF,
	};
}

static int scaled(double base, double unit, int floor_px)
{
	int v = (int)lround(base * unit);
	return v < floor_px ? floor_px : v;
}

Metrics theme_metrics(int w, int h, double text_scale)
{
	Metrics m = {.w = w, .h = h};
	if (text_scale < 0.5 || !(text_scale == text_scale))
		text_scale = 1.0;
	/* Everything scales with the shorter side: 1080 lines is the reference
	 * panel (21.5" 1080p, about 0.25 mm a pixel). Small panels (800x480,
	 * 7") sit closer to the eye, hence the floors. */
	double unit = (w < h ? w : h) / 1080.0;
	double t = unit * text_scale;
	int body = scaled(30, t, 18);
	m.font_px[FONT_BODY] = body;
	m.font_px[FONT_BODY_BOLD] = body;
	m.font_px[FONT_BODY_ITALIC] = body;
	m.font_px[FONT_BODY_BOLD_ITALIC] = body;
	m.font_px[FONT_SUBHEAD] = scaled(36, t, 21);
	m.font_px[FONT_HEADING] = scaled(50, t, 26);
	m.font_px[FONT_TITLE] = scaled(58, t, 28);
	m.font_px[FONT_TILE] = scaled(32, t, 19);
	m.font_px[FONT_BUTTON] = scaled(30, t, 18);
	m.font_px[FONT_SMALL] = scaled(24, t, 15);
	m.font_px[FONT_CAPTION] = scaled(26, t, 16);
	m.font_px[FONT_PROMPT] = scaled(40, t, 22);
	m.font_px[FONT_LABEL] = scaled(24, t, 15);
	/* Signage's rule of thumb is 25 mm of capital height per 3 m of
	 * viewing distance: about 100 px on a 21.5" 1080p panel, 8 % of its
	 * height. DejaVu Sans Bold's capitals are 0.73 of its size: 122 px at
	 * 1080 lines has capitals of 89, hinted. On any panel: 8 % of its
	 * shorter side (its height in landscape), whatever the configured text
	 * scale. */
	m.font_px[FONT_HEADLINE] = scaled(122, unit, 36);
	/* Set like the prompt (bold, its size), so the two share their
	 * glyphs: every glyph of attract mode's text is held once. */
	m.font_px[FONT_LEDE] = m.font_px[FONT_PROMPT];
	m.margin = scaled(48, unit, 16);
	m.gap = scaled(24, t, 10);
	m.target = scaled(96, unit, 56);
	m.radius = scaled(14, unit, 6);
	m.slop = scaled(24, unit, 12);
	/* About 36 em of DejaVu Sans holds 65-70 characters of English. */
	m.column = body * 36;
	if (m.column > w - 2 * m.margin)
		m.column = w - 2 * m.margin;
	m.bar_h = m.target + 2 * scaled(16, unit, 8);
	return m;
}

double theme_text_factor(int size)
{
	static const double factor[THEME_TEXT_SIZES] = {1.0, 1.4, 1.8};
	return size > 0 && size < THEME_TEXT_SIZES ? factor[size] : 1.0;
}

void theme_enlarge(Metrics *m, double factor)
{
	if (!(factor > 1.0))
		return;
	/* The floors for small panels are already in m: the factor goes over
	 * them, so A++ on a 7" panel is as much larger as on a 21" one. */
	for (int f = 0; f < FONT_COUNT; f++)
		if (f != FONT_BUTTON && f != FONT_LABEL && f != FONT_PROMPT && f != FONT_HEADLINE &&
		    f != FONT_LEDE)
			m->font_px[f] = (int)lround(m->font_px[f] * factor);
	m->gap = (int)lround(m->gap * factor);
	m->column = m->font_px[FONT_BODY] * 36;
	if (m->column > m->w - 2 * m->margin)
		m->column = m->w - 2 * m->margin;
}

int theme_font_style(FontId f)
{
	switch (f) {
	case FONT_BODY:
	case FONT_SMALL:
	case FONT_LABEL:
		return FONT_STYLE_REGULAR;
	case FONT_BODY_ITALIC:
	case FONT_CAPTION:
		return FONT_STYLE_ITALIC;
	case FONT_BODY_BOLD_ITALIC:
		return FONT_STYLE_BOLD | FONT_STYLE_ITALIC;
	default:
		return FONT_STYLE_BOLD;
	}
}

static double channel(unsigned v)
{
	double c = v / 255.0;
	return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static double luminance(Color c)
{
	return 0.2126 * channel((c >> 24) & 0xFF) + 0.7152 * channel((c >> 16) & 0xFF) +
	       0.0722 * channel((c >> 8) & 0xFF);
}

double theme_contrast(Color a, Color b)
{
	double la = luminance(a), lb = luminance(b);
	if (la < lb) {
		double t = la;
		la = lb;
		lb = t;
	}
	return (la + 0.05) / (lb + 0.05);
}

/* a moved toward b by k (0..1); keeps a's alpha. */
static Color mix(Color a, Color b, double k)
{
	Color out = a & 0xFF;
	for (int shift = 8; shift < 32; shift += 8) {
		double ca = (a >> shift) & 0xFF, cb = (b >> shift) & 0xFF;
		out |= (Color)lround(ca + (cb - ca) * k) << shift;
	}
	return out;
}

Color theme_pressed_fill(const Theme *t, Color fill)
{
	return fill == t->accent ? t->pressed : mix(fill, t->accent, 0.2);
}

#define PAIR(tk, fk, w)                                                                            \
	{                                                                                          \
		"theme_" #tk, "theme_" #fk, w, offsetof(Theme, tk), offsetof(Theme, fk), false,    \
		    false                                                                          \
	}
#define PRESSED(tk, fk, w)                                                                         \
	{                                                                                          \
		"theme_" #tk, "theme_" #fk, w, offsetof(Theme, tk), offsetof(Theme, fk), true,     \
		    false                                                                          \
	}
#define LARGE(tk, fk, w, pressed)                                                                  \
	{                                                                                          \
		"theme_" #tk, "theme_" #fk, w, offsetof(Theme, tk), offsetof(Theme, fk), pressed,  \
		    true                                                                           \
	}

/* Every colour layout.c gives a text run, on every fill that run can land
 * on (render.c adds only the pressed fills). Borders, the scroll bar and
 * the progress bar carry no text and are left out. The page comes first:
 * theme_mend puts back the colours of the first failing pair, and most
 * themes that fail do so on their background. */
static const ThemePair PAIRS[] = {
    PAIR(text, background, "body text"),
    PAIR(muted, background, "captions and secondary labels"),
    PAIR(accent, background, "headings, titles and list marks"),
    PAIR(error, background, "the heading of a problem notice"),
    PAIR(text, surface, "tile labels"),
    PAIR(muted, surface, "tile sub-labels"),
    /* The arrow is a FONT_TITLE glyph, bold and never under 28 px. */
    LARGE(accent, surface, "the arrow on a tile", false),
    PAIR(on_accent, accent, "button labels and the attract-mode prompt"),
    PAIR(on_accent, pressed, "the label of a button under a finger"),
    PAIR(on_shade, shade, "picture captions on the full-screen picture"),
    PRESSED(text, surface, "the label of a tile under a finger"),
    PRESSED(muted, surface, "the sub-label of a tile under a finger"),
    LARGE(accent, surface, "the arrow of a tile under a finger", true),
};

const ThemePair *theme_pairs(size_t *n)
{
	*n = sizeof(PAIRS) / sizeof(PAIRS[0]);
	return PAIRS;
}

static Color member(const Theme *t, size_t offset)
{
	Color c;
	memcpy(&c, (const char *)t + offset, sizeof(c));
	return c;
}

static void set_member(Theme *t, size_t offset, Color c)
{
	memcpy((char *)t + offset, &c, sizeof(c));
}

double theme_pair_min(const ThemePair *p, double min)
{
	if (!p->large)
		return min;
	return min >= THEME_HIGH_CONTRAST ? 4.5 : min >= THEME_MIN_CONTRAST ? 3.0 : min;
}

Color theme_pair_text(const Theme *t, const ThemePair *p)
{
	return member(t, p->text);
}

Color theme_pair_fill(const Theme *t, const ThemePair *p)
{
	Color fill = member(t, p->fill);
	return p->pressed ? theme_pressed_fill(t, fill) : fill;
}

double theme_pair_contrast(const Theme *t, const ThemePair *p)
{
	return theme_contrast(theme_pair_text(t, p), theme_pair_fill(t, p));
}

size_t theme_check(const Theme *t, double min, ThemeReport report, void *user)
{
	size_t bad = 0;
	for (size_t i = 0; i < sizeof(PAIRS) / sizeof(PAIRS[0]); i++) {
		double c = theme_pair_contrast(t, &PAIRS[i]);
		if (c < theme_pair_min(&PAIRS[i], min)) {
			bad++;
			if (report)
				report(user, &PAIRS[i], c);
		}
	}
	return bad;
}

size_t theme_mend(Theme *t, double min, const Theme *fallback, ThemeReport report, void *user)
{
	size_t reports = 0;
	for (size_t i = 0; i < sizeof(PAIRS) / sizeof(PAIRS[0]); i++) {
		const ThemePair *p = &PAIRS[i];
		double c = theme_pair_contrast(t, p);
		if (c >= theme_pair_min(p, min))
			continue;
		reports++;
		if (report)
			report(user, p, c);
		set_member(t, p->text, member(fallback, p->text));
		set_member(t, p->fill, member(fallback, p->fill));
		if (p->pressed) {
			set_member(t, offsetof(Theme, accent), fallback->accent);
			set_member(t, offsetof(Theme, pressed), fallback->pressed);
		}
	}
	/* A colour put back may not go with one the theme kept (a default
	 * accent on a dark page of its own): rather than chase that pair by
	 * pair, the whole fallback, which is known to pass. */
	if (theme_check(t, min, NULL, NULL) != 0) {
		*t = *fallback;
		reports++;
		if (report)
			report(user, NULL, 0);
	}
	return reports;
}

int theme_pair_message(const ThemePair *p, double contrast, double min, char *buf, size_t size)
{
	/* Rounded down, so 4.46 does not read as "4.5, needs 4.5". */
	double shown = floor(contrast * 10) / 10;
	min = theme_pair_min(p, min);
	if (p->pressed)
		return snprintf(buf, size,
		                "%s and %s are too alike to read easily on a tile under a finger, "
		                "where %s is tinted with theme_accent (contrast %.1f:1, at least "
		                "%.1f:1 is needed)",
		                p->text_key, p->fill_key, p->fill_key, shown, min);
	return snprintf(buf, size,
	                "%s and %s are too alike to read easily (contrast %.1f:1, at least %.1f:1 "
	                "is needed)",
	                p->text_key, p->fill_key, shown, min);
}

int theme_parse_color(const char *s, Color *out)
{
	if (!s || s[0] != '#' || strlen(s) != 7)
		return -1;
	unsigned v = 0;
	for (int i = 1; i < 7; i++) {
		char c = s[i];
		unsigned d;
		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (unsigned)(c - 'A' + 10);
		else
			return -1;
		v = v * 16 + d;
	}
	*out = (v << 8) | 0xFF;
	return 0;
}
