/* Fuzz target: line breaking and reordering of text as it comes from a
 * stick (any bytes): libunibreak's rules, the pieces cut at bidi levels, a
 * word longer than a line cut part by part. The measure is a stand-in
 * (every byte 7 pixels wide, capital letters right to left); the first
 * byte picks the line width, the next two a language. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/text/wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int width(void *ctx, const TextStyle *st, const char *s, size_t len)
{
	(void)ctx;
	(void)st;
	(void)s;
	return (int)len * 7;
}

static int line(void *ctx, FontId f)
{
	(void)ctx;
	(void)f;
	return 20;
}

static int bidi(void *ctx, const char *s, size_t len, TextDir dir, uint8_t *levels)
{
	(void)ctx;
	bool rtl = dir == TEXT_DIR_AUTO_RTL || dir == TEXT_DIR_RTL;
	for (size_t i = 0; i < len; i++)
		levels[i] = (uint8_t)(s[i] >= 'A' && s[i] <= 'Z' ? 1 : rtl ? 2 : 0);
	return rtl;
}

static bool sink(void *user, const WrapLine *ln, int index, bool last)
{
	size_t *total = user;
	(void)index;
	(void)last;
	for (size_t i = 0; i < ln->n; i++)
		*total += ln->runs[i].len;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 3)
		return 0;
	LayoutMeasure m = {.text_width = width, .line_height = line, .bidi_levels = bidi};
	char lang[3] = {(char)data[1], (char)data[2], 0};
	size_t total = 0;
	WrapBox box = {.width = data[0] * 4, .sink = sink, .user = &total, .lang = lang,
	               .dir = (TextDir)(data[0] & 3)};
	DocSpan spans[2] = {{(const char *)data + 3, (size - 3) / 2, 0},
	                    {(const char *)data + 3 + (size - 3) / 2, size - 3 - (size - 3) / 2,
	                     DOC_BOLD}};
	wrap_spans(&m, &box, spans, 2, FONT_BODY);
	return 0;
}
