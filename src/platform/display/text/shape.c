/* shape: text shaped with HarfBuzz. A text is cut into runs of one script
 * and one face (itemise), each run shaped with the whole text as context,
 * and the glyphs laid end to end in visual order. Shaped runs are kept in
 * a cache (a chained hash table of Entries) keyed by their text, role,
 * direction and language, emptied when it passes CACHE_BYTES. Fonts and
 * faces are shapefont.c's, drawing glyphs shapedraw.c's; the Shaper is
 * shaper.h's.
 */
#include "platform/display/text/shape.h"

#include <hb-ot.h>
#include <hb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/document/model/utf8.h"
#include "platform/display/text/shaper.h"

bool shaper_grow(void **v, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return true;
	size_t c = *cap ? *cap : 64;
	while (c < need)
		c *= 2;
	void *p = realloc(*v, c * size);
	if (!p)
		return false;
	*v = p;
	*cap = c;
	return true;
}

void shaper_cache_clear(Shaper *s)
{
	for (size_t i = 0; i < s->cap; i++) {
		Entry *e = s->table[i];
		while (e) {
			Entry *next = e->next;
			free(e);
			e = next;
		}
		s->table[i] = NULL;
	}
	s->used = 0;
	s->bytes = 0;
}

/* Marks, joiners and variation selectors go with the letter before them,
 * in its face: a font that has the letter has its marks placed for it. */
static bool clings(hb_unicode_funcs_t *uf, uint32_t cp)
{
	if (cp == 0x200C || cp == 0x200D || (cp >= 0xFE00 && cp <= 0xFE0F) ||
	    (cp >= 0xE0100 && cp <= 0xE01EF))
		return true;
	hb_unicode_general_category_t gc = hb_unicode_general_category(uf, cp);
	return gc == HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK ||
	       gc == HB_UNICODE_GENERAL_CATEGORY_SPACING_MARK ||
	       gc == HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK;
}

/* Cuts text into runs of one script and one face. Characters of no script
 * of their own (spaces, digits, punctuation, marks) join the run around
 * them. Returns the number of items, -1 when out of memory. */
static long itemise(Shaper *s, FontId f, int lang, const char *text, size_t len)
{
	size_t n = 0;
	hb_script_t run_script = HB_SCRIPT_COMMON;
	uint16_t prev_face = (uint16_t)s->role[f];
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t step = utf8_next(text + i, len - i, &cp);
		hb_script_t sc = hb_unicode_script(s->ufuncs, cp);
		bool neutral =
		    sc == HB_SCRIPT_COMMON || sc == HB_SCRIPT_INHERITED || sc == HB_SCRIPT_UNKNOWN;
		uint16_t face;
		if (n && clings(s->ufuncs, cp) && shaper_has_glyph(s->faces[prev_face], cp))
			face = prev_face;
		else
			face = shaper_face_for(s, f, cp, lang);
		Item *cur = n ? &s->items[n - 1] : NULL;
		bool same_script = neutral || run_script == HB_SCRIPT_COMMON || sc == run_script;
		if (cur && cur->face == face && same_script) {
			cur->len += step;
			if (!neutral && run_script == HB_SCRIPT_COMMON)
				cur->script = run_script = sc;
		} else {
			if (!shaper_grow((void **)&s->items, &s->cap_items, n + 1, sizeof(Item)))
				return -1;
			/* A new run keeps the script before it when it has none
			 * of its own (a comma after Arabic in another face). */
			if (!neutral)
				run_script = sc;
			s->items[n++] = (Item){i, step, face, run_script};
		}
		prev_face = face;
		i += step;
	}
	/* Runs that began with neutral characters take the script that
	 * followed. */
	for (size_t k = n; k-- > 0;)
		if (s->items[k].script == HB_SCRIPT_COMMON && k + 1 < n)
			s->items[k].script = s->items[k + 1].script;
	return (long)n;
}

static int lang_id(Shaper *s, const char *lang)
{
	if (!lang || !*lang)
		return 0;
	for (int i = 1; i < s->nlangs; i++)
		if (strcmp(s->langs[i], lang) == 0)
			return i;
	if (s->nlangs == MAX_LANGS || strlen(lang) >= sizeof(s->langs[0]))
		return 0;
	snprintf(s->langs[s->nlangs], sizeof(s->langs[0]), "%s", lang);
	return s->nlangs++;
}

/* Shapes text into s->glyphs; returns the glyph count or -1. */
static long shape_now(Shaper *s, FontId f, bool rtl, int lang, const char *text, size_t len,
                      int32_t *total)
{
	s->touched = true;
	long ni = itemise(s, f, lang, text, len);
	if (ni < 0)
		return -1;
	size_t ng = 0;
	int32_t pen = 0;
	hb_language_t hl = lang ? hb_language_from_string(s->langs[lang], -1) : HB_LANGUAGE_INVALID;
	for (long k = 0; k < ni; k++) {
		/* Right to left, the last run in reading order is leftmost. */
		const Item *it = &s->items[rtl ? ni - 1 - k : k];
		Face *fc = s->faces[it->face];
		hb_buffer_t *b = s->buf;
		hb_buffer_clear_contents(b);
		/* The whole text goes in as context, so letters at a run's edge
		 * join as they would inside it; clusters are byte offsets. */
		hb_buffer_add_utf8(b, text, (int)len, (unsigned)it->start, (int)it->len);
		hb_buffer_set_direction(b, rtl ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
		hb_buffer_set_script(b, it->script);
		if (hl != HB_LANGUAGE_INVALID)
			hb_buffer_set_language(b, hl);
		hb_shape(fc->hb, b, NULL, 0);
		unsigned n = 0;
		const hb_glyph_info_t *info = hb_buffer_get_glyph_infos(b, &n);
		const hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(b, &n);
		if (!shaper_grow((void **)&s->glyphs, &s->cap_glyphs, ng + n, sizeof(ShapedGlyph)))
			return -1;
		for (unsigned g = 0; g < n; g++) {
			s->glyphs[ng++] =
			    (ShapedGlyph){info[g].codepoint, it->face,        pen,
			                  pos[g].x_offset,   pos[g].y_offset, pos[g].x_advance,
			                  info[g].cluster};
			pen += pos[g].x_advance;
		}
	}
	*total = pen;
	return (long)ng;
}

static uint64_t hash_of(FontId f, int face, bool rtl, int lang, const char *text, size_t len)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)text[i]) * 1099511628211ull;
	h = (h ^ (uint64_t)f) * 1099511628211ull;
	h = (h ^ (uint64_t)face) * 1099511628211ull;
	h = (h ^ (uint64_t)(rtl | lang << 1)) * 1099511628211ull;
	return h;
}

static ShapedGlyph *entry_glyphs(Entry *e)
{
	return (ShapedGlyph *)(e + 1);
}

static char *entry_text(Entry *e)
{
	return (char *)(entry_glyphs(e) + e->n);
}

static void cache_grow(Shaper *s)
{
	size_t cap = s->cap * 2;
	Entry **t = calloc(cap, sizeof *t);
	if (!t)
		return; /* longer chains, still correct */
	for (size_t i = 0; i < s->cap; i++) {
		Entry *e = s->table[i];
		while (e) {
			Entry *next = e->next;
			size_t j = (size_t)(e->hash & (cap - 1));
			e->next = t[j];
			t[j] = e;
			e = next;
		}
	}
	free(s->table);
	s->table = t;
	s->cap = cap;
}

const ShapedRun *shaper_probe(Shaper *s, const TextStyle *st, const char *text, size_t len)
{
	if (!s || (unsigned)st->font >= FONT_COUNT || len > UINT32_MAX / 2)
		return NULL;
	int32_t total = 0;
	long n = shape_now(s, st->font, st->rtl, lang_id(s, st->lang), text, len, &total);
	if (n < 0)
		return NULL;
	s->out = (ShapedRun){(total + 32) >> 6, (size_t)n, s->glyphs};
	return &s->out;
}

const ShapedRun *shaper_run(Shaper *s, const TextStyle *st, const char *text, size_t len)
{
	if (!s || (unsigned)st->font >= FONT_COUNT || len > UINT32_MAX / 2)
		return NULL;
	int lang = lang_id(s, st->lang), face = s->role[st->font];
	uint64_t h = hash_of(st->font, face, st->rtl, lang, text, len);
	size_t slot = (size_t)(h & (s->cap - 1));
	for (Entry *e = s->table[slot]; e; e = e->next) {
		if (e->hash == h && e->len == len && e->font == st->font && e->face == face &&
		    e->rtl == st->rtl && e->lang == lang && memcmp(entry_text(e), text, len) == 0) {
			s->out = (ShapedRun){e->width, e->n, entry_glyphs(e)};
			return &s->out;
		}
	}
	int32_t total = 0;
	long n = shape_now(s, st->font, st->rtl, lang, text, len, &total);
	if (n < 0)
		return NULL;
	int width = (total + 32) >> 6;
	size_t bytes = sizeof(Entry) + (size_t)n * sizeof(ShapedGlyph) + len;
	if (s->bytes + bytes > CACHE_BYTES)
		shaper_cache_clear(s);
	Entry *e = malloc(bytes);
	if (!e) {
		/* Uncached, but shaped: draw it all the same. */
		s->out = (ShapedRun){width, (size_t)n, s->glyphs};
		return &s->out;
	}
	*e = (Entry){.hash = h,
	             .len = (uint32_t)len,
	             .font = (uint8_t)st->font,
	             .face = (uint16_t)face,
	             .rtl = st->rtl,
	             .lang = (uint8_t)lang,
	             .width = width,
	             .n = (uint32_t)n};
	memcpy(entry_glyphs(e), s->glyphs, (size_t)n * sizeof(ShapedGlyph));
	memcpy(entry_text(e), text, len);
	if ((s->used + 1) * 2 > s->cap) {
		cache_grow(s);
		slot = (size_t)(h & (s->cap - 1));
	}
	e->next = s->table[slot];
	s->table[slot] = e;
	s->used++;
	s->bytes += bytes;
	s->out = (ShapedRun){e->width, e->n, entry_glyphs(e)};
	return &s->out;
}
