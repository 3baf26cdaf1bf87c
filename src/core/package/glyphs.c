#include "core/package/glyphs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/document/model/utf8.h"

/* How much of a topic's title a warning repeats to say where it is. */
#define PLACE_SHOWN 60

void glyphs_add(GlyphSet *set, uint32_t cp)
{
	if (cp < GLYPHS_CODEPOINTS)
		set->bits[cp / 32] |= 1u << (cp % 32);
}

void glyphs_add_page(GlyphSet *set, uint32_t base, const uint32_t map[8])
{
	if (base % 256 || base >= GLYPHS_CODEPOINTS)
		return;
	for (int k = 0; k < 8; k++)
		set->bits[base / 32 + (uint32_t)k] |= map[k];
}

bool glyphs_has(const GlyphSet *set, uint32_t cp)
{
	return cp < GLYPHS_CODEPOINTS && (set->bits[cp / 32] >> (cp % 32) & 1u);
}

static bool in(uint32_t cp, uint32_t lo, uint32_t hi)
{
	return cp >= lo && cp <= hi;
}

/* HarfBuzz's own lists (hb-unicode.hh): the default ignorables it hides
 * when a font lacks them (not the Hangul fillers, which it draws), and the
 * spaces it makes from the font's space glyph when the font lacks them. */
bool glyphs_invisible(uint32_t cp)
{
	if (cp < 0x20 || in(cp, 0x7F, 0x9F))
		return true;
	if (cp == 0x00AD || cp == 0x034F || cp == 0x061C || in(cp, 0x17B4, 0x17B5) ||
	    in(cp, 0x180B, 0x180F) || in(cp, 0x200B, 0x200F) || in(cp, 0x202A, 0x202E) ||
	    in(cp, 0x2060, 0x206F) || in(cp, 0xFE00, 0xFE0F) || cp == 0xFEFF ||
	    in(cp, 0xFFF0, 0xFFF8) || in(cp, 0x1D173, 0x1D17A) || in(cp, 0xE0000, 0xE0FFF))
		return true;
	return cp == 0x20 || cp == 0xA0 || in(cp, 0x2000, 0x200A) || cp == 0x202F || cp == 0x205F ||
	       cp == 0x3000;
}

/* Drawn characters that do not end a run of missing ones: spaces and
 * punctuation between the words of a script no font has. */
static bool neutral(uint32_t cp)
{
	if (cp < 0x80)
		return !((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
	return in(cp, 0xA0, 0xBF) || in(cp, 0x2010, 0x2027) || in(cp, 0x2030, 0x205E) ||
	       in(cp, 0x3001, 0x3003) || glyphs_invisible(cp);
}

/* Where a run of characters stands, in its own words. */
typedef enum { PLACE_TITLE, PLACE_INTRO, PLACE_TOPIC } Place;

typedef struct {
	const GlyphSet *have;
	uint32_t *seen; /* missing characters named already (a bitmap) */
	const char *src;
	size_t srclen;
	GlyphsWarnFn warn;
	void *user;
	int cursor; /* the line of the last block met, 1 before any */
	Place where;
	const char *place; /* the topic's title (PLACE_TOPIC) */
	int warned;
	size_t more; /* characters past the last warning allowed */
	/* The run being gathered. */
	bool in_run;
	uint32_t run[GLYPHS_LISTED];
	size_t fresh; /* characters of the run not named before */
} Walk;

/* The line of the first occurrence of cp at or after line from, then
 * from the top; 0 when the source does not hold it (a title made from the
 * file name). */
static int line_of(const Walk *w, uint32_t cp, int from)
{
	if (!w->src)
		return 0;
	char enc[4];
	size_t n = utf8_encode(cp, enc);
	size_t start = 0;
	int line = 1;
	for (size_t i = 0; i < w->srclen && line < from; i++)
		if (w->src[i] == '\n') {
			line++;
			start = i + 1;
		}
	for (int pass = 0; pass < 2; pass++) {
		const char *hit = memmem(w->src + start, w->srclen - start, enc, n);
		if (hit) {
			for (const char *p = w->src + start; p < hit; p++)
				line += *p == '\n';
			return line;
		}
		start = 0;
		line = 1;
	}
	return 0;
}

/* The warning about a run: its characters listed (list), "and N more"
 * when more are left out of the list, where it stands, each combination a
 * sentence of its own so that a translation can order its words. */
static void say_run(const Walk *w, const char *list, size_t unlisted, PkgWhy *why)
{
	char topic[PLACE_SHOWN + 8];
	size_t n = strlen(w->place);
	size_t k = n > PLACE_SHOWN ? utf8_clip(w->place, PLACE_SHOWN) : n;
	snprintf(topic, sizeof(topic), "%.*s%s", (int)k, w->place, k < n ? "..." : "");
	bool one = w->fresh == 1;
	switch (w->where) {
	case PLACE_TITLE:
		if (unlisted)
			pkg_why_say(
			    why,
			    "%s and %zu more in the title have no font on this kiosk (they would "
			    "show as boxes)",
			    list, unlisted);
		else if (one)
			pkg_why_say(
			    why,
			    "%s in the title has no font on this kiosk (it would show as a box)",
			    list);
		else
			pkg_why_say(
			    why,
			    "%s in the title have no font on this kiosk (they would show as boxes)",
			    list);
		break;
	case PLACE_INTRO:
		if (unlisted)
			pkg_why_say(
			    why,
			    "%s and %zu more in the introduction have no font on this kiosk (they "
			    "would show as boxes)",
			    list, unlisted);
		else if (one)
			pkg_why_say(
			    why,
			    "%s in the introduction has no font on this kiosk (it would show as a "
			    "box)",
			    list);
		else
			pkg_why_say(
			    why,
			    "%s in the introduction have no font on this kiosk (they would show as "
			    "boxes)",
			    list);
		break;
	default:
		if (unlisted)
			pkg_why_say(
			    why,
			    "%s and %zu more in \"%s\" have no font on this kiosk (they would show "
			    "as boxes)",
			    list, unlisted, topic);
		else if (one)
			pkg_why_say(
			    why, "%s in \"%s\" has no font on this kiosk (it would show as a box)",
			    list, topic);
		else
			pkg_why_say(
			    why,
			    "%s in \"%s\" have no font on this kiosk (they would show as boxes)",
			    list, topic);
		break;
	}
}

static void run_end(Walk *w)
{
	if (!w->in_run || !w->fresh) {
		w->in_run = false;
		w->fresh = 0;
		return;
	}
	if (w->warned >= GLYPHS_WARN_MAX) {
		w->more += w->fresh;
	} else {
		char list[GLYPHS_LISTED * 16];
		size_t o = 0, listed = w->fresh < GLYPHS_LISTED ? w->fresh : GLYPHS_LISTED;
		for (size_t i = 0; i < listed; i++) {
			char enc[5] = {0};
			utf8_encode(w->run[i], enc);
			o += (size_t)snprintf(list + o, sizeof(list) - o, "%sU+%04X %s",
			                      i ? ", " : "", (unsigned)w->run[i], enc);
		}
		PkgWhy why;
		say_run(w, list, w->fresh - listed, &why);
		w->warn(w->user, line_of(w, w->run[0], w->cursor), &why);
		w->warned++;
	}
	w->in_run = false;
	w->fresh = 0;
}

static void text(Walk *w, const char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		i += utf8_next(s + i, len - i, &cp);
		if (glyphs_invisible(cp))
			continue;
		if (glyphs_has(w->have, cp)) {
			if (!neutral(cp))
				run_end(w);
			continue;
		}
		w->in_run = true;
		if (w->seen[cp / 32] >> (cp % 32) & 1u)
			continue;
		w->seen[cp / 32] |= 1u << (cp % 32);
		if (w->fresh < GLYPHS_LISTED)
			w->run[w->fresh] = cp;
		w->fresh++;
	}
}

static void string(Walk *w, const char *s)
{
	if (s)
		text(w, s, strlen(s));
	run_end(w);
}

static void spans(Walk *w, const DocSpan *sp, size_t n)
{
	for (size_t i = 0; i < n; i++)
		text(w, sp[i].text, sp[i].len);
	run_end(w);
}

static void block(Walk *w, const DocBlock *b)
{
	if (b->line > 0)
		w->cursor = b->line;
	switch (b->type) {
	case DOC_IMAGE:
		string(w, b->alt);
		break;
	case DOC_TABLE:
		if (!b->table)
			break;
		string(w, b->table->caption);
		for (size_t i = 0; i < b->table->nrows * b->table->ncols; i++)
			spans(w, b->table->cells[i].spans, b->table->cells[i].nspans);
		break;
	default:
		spans(w, b->spans, b->nspans);
		break;
	}
}

int glyphs_check(const DocArticle *a, const GlyphSet *have, const char *src, size_t srclen,
                 GlyphsWarnFn warn, void *user)
{
	Walk w = {.have = have, .src = src, .srclen = srclen, .warn = warn, .user = user};
	w.seen = calloc(GLYPHS_CODEPOINTS / 32, sizeof(*w.seen));
	if (!w.seen)
		return -1;
	w.cursor = 1;
	w.where = PLACE_TITLE;
	w.place = "";
	string(&w, a->title);
	w.where = PLACE_INTRO;
	for (size_t i = 0; i < a->nintro; i++)
		block(&w, &a->intro[i]);
	w.where = PLACE_TOPIC;
	for (size_t t = 0; t < a->ntopics; t++) {
		const DocTopic *tp = &a->topics[t];
		w.place = tp->title ? tp->title : "";
		string(&w, tp->title);
		for (size_t i = 0; i < tp->nblocks; i++)
			block(&w, &tp->blocks[i]);
	}
	if (w.more) {
		PkgWhy why;
		if (w.more == 1)
			pkg_why_say(&why,
			            "%zu more character has no font on this kiosk (it would show "
			            "as a box)",
			            w.more);
		else
			pkg_why_say(&why,
			            "%zu more characters have no font on this kiosk (they would "
			            "show as boxes)",
			            w.more);
		warn(user, 0, &why);
		w.warned++;
	}
	free(w.seen);
	return w.warned;
}
