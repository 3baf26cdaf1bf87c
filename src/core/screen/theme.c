#include "core/screen/theme.h"

#include <math.h>
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

int theme_font_style(FontId f)
{
	switch (f) {
	case FONT_BODY:
	case FONT_SMALL:
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
