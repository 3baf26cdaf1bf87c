#include "platform/display/text/bidi.h"

#include <fribidi.h>
#include <stdlib.h>
#include <string.h>

#include "core/document/model/utf8.h"

struct Bidi {
	FriBidiChar *chars;
	FriBidiCharType *types;
	FriBidiBracketType *brackets;
	FriBidiLevel *levels;
	size_t *start; /* where each character starts in the text */
	size_t cap;
};

Bidi *bidi_new(void)
{
	return calloc(1, sizeof(Bidi));
}

void bidi_free(Bidi *b)
{
	if (!b)
		return;
	free(b->chars);
	free(b->types);
	free(b->brackets);
	free(b->levels);
	free(b->start);
	free(b);
}

static bool reserve(Bidi *b, size_t n)
{
	if (n <= b->cap)
		return true;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < n)
		cap *= 2;
	void *p;
#define GROW(field)                                                                                \
	if (!(p = realloc(b->field, cap * sizeof(*b->field))))                                     \
		return false;                                                                      \
	b->field = p;
	GROW(chars)
	GROW(types)
	GROW(brackets)
	GROW(levels)
	GROW(start)
#undef GROW
	b->cap = cap;
	return true;
}

/* Whether text may hold anything right to left: a letter or digit of a
 * right-to-left script (Hebrew, Arabic, Syriac, Thaana, N'Ko, Samaritan,
 * Mandaic and their presentation forms, the historic scripts of the SMP)
 * or a bidi control. Decided on the UTF-8 bytes alone. */
static bool may_be_rtl(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < len; i++) {
		unsigned c = p[i];
		if (c < 0xD6)
			continue;
		unsigned c1 = i + 1 < len ? p[i + 1] : 0, c2 = i + 2 < len ? p[i + 2] : 0;
		if (c <= 0xDF) /* U+0580..U+07FF */
			return true;
		if (c == 0xE0 && c1 >= 0xA0 && c1 <= 0xA3) /* U+0800..U+08FF */
			return true;
		if (c == 0xE2 && c1 == 0x80 && (c2 == 0x8F || (c2 >= 0xAA && c2 <= 0xAE)))
			return true; /* RLM, embeddings and overrides */
		if (c == 0xE2 && c1 == 0x81 && c2 >= 0xA6 && c2 <= 0xA9)
			return true;                       /* isolates */
		if (c == 0xEF && c1 >= 0xAC && c1 <= 0xBB) /* U+FB00..U+FEFF */
			return true;
		if (c == 0xF0 && (c1 == 0x90 || c1 == 0x9E) && c2 >= 0xA0) /* SMP RTL */
			return true;
	}
	return false;
}

int bidi_levels(Bidi *b, const char *s, size_t len, TextDir dir, uint8_t *levels)
{
	bool rtl = dir == TEXT_DIR_AUTO_RTL || dir == TEXT_DIR_RTL;
	/* Most paragraphs a kiosk shows are left to right through and
	 * through: every level is 0, which FriBidi would take many times as
	 * long to say. */
	if (!rtl && !may_be_rtl(s, len)) {
		memset(levels, 0, len);
		return 0;
	}
	/* Never more characters than bytes. */
	if (!b || !reserve(b, len ? len : 1))
		return -1;
	size_t n = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		b->start[n] = i;
		i += utf8_next(s + i, len - i, &cp);
		b->chars[n++] = cp;
	}
	if (n == 0)
		return rtl;
	fribidi_get_bidi_types(b->chars, (FriBidiStrIndex)n, b->types);
	fribidi_get_bracket_types(b->chars, (FriBidiStrIndex)n, b->types, b->brackets);
	/* Weak: the paragraph's first strong character decides (rules P2,
	 * P3), the given direction only when it has none. */
	FriBidiParType par = dir == TEXT_DIR_LTR   ? FRIBIDI_PAR_LTR
	                     : dir == TEXT_DIR_RTL ? FRIBIDI_PAR_RTL
	                     : rtl                 ? FRIBIDI_PAR_WRTL
	                                           : FRIBIDI_PAR_WLTR;
	if (!fribidi_get_par_embedding_levels_ex(b->types, b->brackets, (FriBidiStrIndex)n, &par,
	                                         b->levels))
		return -1;
	for (size_t k = 0; k < n; k++) {
		size_t end = k + 1 < n ? b->start[k + 1] : len;
		for (size_t i = b->start[k]; i < end; i++)
			levels[i] = (uint8_t)b->levels[k];
	}
	return FRIBIDI_IS_RTL(par) ? 1 : 0;
}
