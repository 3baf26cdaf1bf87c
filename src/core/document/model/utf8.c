/* utf8: strict UTF-8 decoding (RFC 3629). Everything here goes through
 * utf8_next so validation, decoding and clipping agree on what a sequence is.
 */
#include "core/document/model/utf8.h"

#define UTF8_REPLACEMENT 0xFFFDu

/* The bytes a sequence starting with lead claims to have; 1 for ASCII and
 * for bytes that cannot start a sequence (they are bad on their own). */
static size_t lead_length(unsigned char lead)
{
	if (lead < 0xC2)
		return 1;
	if (lead < 0xE0)
		return 2;
	if (lead < 0xF0)
		return 3;
	if (lead < 0xF5)
		return 4;
	return 1;
}

/* Decodes one sequence; *ok tells a real U+FFFD from a bad sequence. */
static size_t decode(const char *s, size_t len, uint32_t *cp, bool *ok)
{
	*ok = false;
	if (len == 0) {
		*cp = UTF8_REPLACEMENT;
		return 0;
	}
	const unsigned char *p = (const unsigned char *)s;
	unsigned char lead = p[0];
	if (lead < 0x80) {
		*cp = lead;
		*ok = true;
		return 1;
	}
	size_t need = lead_length(lead);
	if (need == 1) {
		/* A stray continuation byte, C0/C1 (always overlong) or F5..FF. */
		*cp = UTF8_REPLACEMENT;
		return 1;
	}
	/* The second byte's range is narrower after some leads: that is what
	 * rules out overlongs (E0, F0), surrogates (ED) and values above
	 * U+10FFFF (F4) without decoding first. */
	unsigned char lo = 0x80, hi = 0xBF;
	if (lead == 0xE0)
		lo = 0xA0;
	else if (lead == 0xED)
		hi = 0x9F;
	else if (lead == 0xF0)
		lo = 0x90;
	else if (lead == 0xF4)
		hi = 0x8F;

	uint32_t v = lead & (need == 2 ? 0x1Fu : need == 3 ? 0x0Fu : 0x07u);
	for (size_t i = 1; i < need; i++) {
		if (i >= len) {
			*cp = UTF8_REPLACEMENT;
			return i;
		}
		unsigned char c = p[i];
		if (i == 1 ? (c < lo || c > hi) : (c & 0xC0) != 0x80) {
			/* Consume the maximal valid prefix only, so the byte that
			 * broke the sequence is looked at again on its own
			 * (Unicode's "maximal subpart" practice). */
			*cp = UTF8_REPLACEMENT;
			return i;
		}
		v = (v << 6) | (c & 0x3Fu);
	}
	*cp = v;
	*ok = true;
	return need;
}

size_t utf8_next(const char *s, size_t len, uint32_t *cp)
{
	bool ok;
	return decode(s, len, cp, &ok);
}

bool utf8_valid(const char *s, size_t len, size_t *bad)
{
	size_t i = 0;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		uint32_t cp;
		bool ok;
		size_t n = decode(s + i, len - i, &cp, &ok);
		if (!ok) {
			if (bad)
				*bad = i;
			return false;
		}
		i += n;
	}
	return true;
}

size_t utf8_clip(const char *s, size_t max)
{
	size_t pos = 0;
	/* Nothing at or beyond s[max] is read: a sequence whose lead says it
	 * runs past max is cut whatever follows. */
	while (pos < max && s[pos] != '\0') {
		size_t need = lead_length((unsigned char)s[pos]);
		if (need > max - pos)
			break;
		uint32_t cp;
		pos += utf8_next(s + pos, need, &cp);
	}
	return pos;
}

size_t utf8_encode(uint32_t cp, char out[4])
{
	if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		cp = UTF8_REPLACEMENT;
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

int utf8_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}
