#include "core/text/wrap.h"

#include <linebreak.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/document/utf8.h"

/* Hyphenation: words of at least HYPHEN_MIN letters, of at most
 * HYPHEN_MAX bytes (longer ones are cut as any word wider than a line). */
#define HYPHEN_MIN 9
#define HYPHEN_MAX 256

/* A piece of more bytes than this is taken to be wider than any line. */
#define LONG_PIECE 4096
#define LONG_WIDTH (INT32_MAX / 4)

/* Part of a segment in one font and one bidi level. */
typedef struct {
	const char *s; /* into the caller's span */
	size_t off;    /* where it starts in the paragraph's text */
	size_t len;
	FontId font;
	uint8_t level;
	unsigned style; /* WRAP_DECORATION bits */
	int w;
} Piece;

/* What lies between two places a line may break: one or more pieces glued
 * together (a bold word and its comma, a word and the English inside it),
 * and the whitespace after them. */
typedef struct {
	size_t first, n; /* its pieces */
	int w;
	int space_w; /* the whitespace after it; 0 when none */
	uint8_t space_level;
	bool hard; /* a line break must follow (a hard line break) */
} Seg;

typedef struct {
	Piece *pieces;
	size_t npieces, cap_pieces;
	Seg *segs;
	size_t nsegs, cap_segs;
} Para;

static bool grow(void **v, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return true;
	size_t c = *cap ? *cap * 2 : 64;
	void *p = realloc(*v, c * size);
	if (!p)
		return false;
	*v = p;
	*cap = c;
	return true;
}

FontId wrap_font(FontId base, unsigned style)
{
	if (base != FONT_BODY)
		return base;
	if (style & (DOC_SUB | DOC_SUPER))
		return FONT_SMALL;
	if ((style & DOC_BOLD) && (style & DOC_ITALIC))
		return FONT_BODY_BOLD_ITALIC;
	if (style & DOC_BOLD)
		return FONT_BODY_BOLD;
	if (style & DOC_ITALIC)
		return FONT_BODY_ITALIC;
	return FONT_BODY;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* What the breaker needs to measure with. */
typedef struct {
	const LayoutMeasure *ms;
	const char *lang;
	int space_w[FONT_COUNT]; /* -1 until measured */
} Meter;

static int measure(Meter *mt, FontId f, bool rtl, const char *s, size_t len)
{
	if (!len)
		return 0;
	TextStyle st = {f, rtl, mt->lang};
	return mt->ms->text_width(mt->ms->ctx, &st, s, len);
}

static int space_width(Meter *mt, FontId f)
{
	if (mt->space_w[f] < 0)
		mt->space_w[f] = measure(mt, f, false, " ", 1);
	return mt->space_w[f];
}

/* Closes the segment made of pieces [first, npieces): its trailing
 * whitespace becomes the space after it, and its pieces are measured. */
static bool seg_close(Para *pa, Meter *mt, size_t first, const uint8_t *levels, bool hard)
{
	Seg sg = {.first = first, .hard = hard};
	int spaces = 0; /* as many as were written: "a  ·  b" keeps its room */
	FontId space_font = FONT_BODY;
	while (pa->npieces > first) {
		Piece *p = &pa->pieces[pa->npieces - 1];
		size_t len = p->len;
		while (len && is_space(p->s[len - 1])) {
			spaces += p->s[len - 1] != '\n';
			len--;
		}
		if (len < p->len) {
			sg.space_level = levels[p->off + len];
			space_font = p->font;
		}
		p->len = len;
		if (len)
			break;
		pa->npieces--;
	}
	if (spaces)
		sg.space_w = spaces * space_width(mt, space_font);
	sg.n = pa->npieces - first;
	for (size_t i = first; i < pa->npieces; i++) {
		Piece *p = &pa->pieces[i];
		/* A piece longer than any line can be is not shaped whole: it
		 * is cut as it is placed. */
		p->w = p->len > LONG_PIECE ? LONG_WIDTH
		                           : measure(mt, p->font, p->level & 1, p->s, p->len);
		sg.w = sg.w > LONG_WIDTH - p->w ? LONG_WIDTH : sg.w + p->w;
	}
	if (!sg.n && !hard)
		return true; /* only whitespace: nothing to place */
	if (!grow((void **)&pa->segs, &pa->cap_segs, pa->nsegs, sizeof(Seg)))
		return false;
	pa->segs[pa->nsegs++] = sg;
	return true;
}

/* Cuts the paragraph into segments at the breaks UAX #14 allows, and the
 * segments into pieces at changes of span (font) and bidi level. brks and
 * levels are per byte of the spans' text end to end. */
static bool split(Para *pa, Meter *mt, const DocSpan *spans, size_t n, FontId base,
                  const char *brks, const uint8_t *levels, size_t total)
{
	size_t pos = 0, first = 0;
	for (size_t i = 0; i < n; i++) {
		FontId f = wrap_font(base, spans[i].style);
		const char *s = spans[i].text;
		bool open = false;
		for (size_t k = 0; k < spans[i].len;) {
			uint32_t cp;
			size_t step = utf8_next(s + k, spans[i].len - k, &cp);
			size_t at = pos + k;
			Piece *cur = open ? &pa->pieces[pa->npieces - 1] : NULL;
			if (!cur || (cur->level != levels[at] && !is_space(s[k]))) {
				if (!grow((void **)&pa->pieces, &pa->cap_pieces, pa->npieces,
				          sizeof(Piece)))
					return false;
				pa->pieces[pa->npieces++] = (Piece){
				    .s = s + k,
				    .off = at,
				    .font = f,
				    .level = levels[at],
				    .style =
				        base == FONT_BODY ? spans[i].style & WRAP_DECORATION : 0};
				cur = &pa->pieces[pa->npieces - 1];
				open = true;
			}
			cur->len += step;
			k += step;
			char br = brks[pos + k - 1];
			if (br == LINEBREAK_ALLOWBREAK || br == LINEBREAK_MUSTBREAK) {
				bool end = pos + k == total;
				if (!seg_close(pa, mt, first, levels,
				               br == LINEBREAK_MUSTBREAK && !end))
					return false;
				first = pa->npieces;
				open = false;
			}
		}
		pos += spans[i].len;
	}
	return true;
}

/* ---- lines --------------------------------------------------------------- */

/* A piece or a space on the line being filled, in logical order. */
typedef struct {
	const char *s; /* NULL: a space */
	size_t len;
	FontId font;
	uint8_t level;
	unsigned style; /* WRAP_DECORATION bits */
	int w;
} Item;

typedef struct {
	Meter *mt;
	const WrapBox *box;
	int lines;
	bool par_rtl;
	Item *items;
	size_t nitems, cap_items;
	int x; /* logical width so far */
	size_t *order;
	WrapRun *runs;
	size_t cap_out;
} Breaker;

static bool line_add(Breaker *b, Item it)
{
	if (!grow((void **)&b->items, &b->cap_items, b->nitems, sizeof(Item)))
		return false;
	b->items[b->nitems++] = it;
	b->x += it.w;
	return true;
}

/* Rule L2 of UAX #9: from the highest level down to the lowest odd one,
 * every maximal run of items at that level or higher is reversed. On a
 * line's few runs this is a handful of swaps; the levels themselves come
 * from the platform's bidi algorithm. */
static void reorder(const Item *items, size_t n, size_t *order)
{
	uint8_t hi = 0, lo_odd = 255;
	for (size_t i = 0; i < n; i++) {
		order[i] = i;
		if (items[i].level > hi)
			hi = items[i].level;
		if ((items[i].level & 1) && items[i].level < lo_odd)
			lo_odd = items[i].level;
	}
	for (int lv = hi; lv >= lo_odd && lv > 0; lv--) {
		size_t i = 0;
		while (i < n) {
			if (items[order[i]].level < lv) {
				i++;
				continue;
			}
			size_t j = i;
			while (j < n && items[order[j]].level >= lv)
				j++;
			for (size_t a = i, z = j - 1; a < z; a++, z--) {
				size_t t = order[a];
				order[a] = order[z];
				order[z] = t;
			}
			i = j;
		}
	}
}

static bool flush(Breaker *b, bool last)
{
	/* Trailing spaces take no room (rule L1 sends them to the line's
	 * end, where they are not drawn). */
	while (b->nitems && !b->items[b->nitems - 1].s)
		b->nitems--;
	size_t n = b->nitems;
	b->nitems = 0;
	b->x = 0;
	if (b->box->max_lines && b->lines >= b->box->max_lines)
		return true;
	if (n > b->cap_out) {
		size_t *o = realloc(b->order, n * sizeof(*o));
		if (o)
			b->order = o;
		WrapRun *r = realloc(b->runs, n * sizeof(*r));
		if (r)
			b->runs = r;
		if (!o || !r)
			return false;
		b->cap_out = n;
	}
	reorder(b->items, n, b->order);
	int x = 0;
	size_t nr = 0;
	for (size_t i = 0; i < n; i++) {
		const Item *it = &b->items[b->order[i]];
		if (it->s)
			b->runs[nr++] = (WrapRun){.s = it->s,
			                          .len = it->len,
			                          .font = it->font,
			                          .style = it->style,
			                          .rtl = it->level & 1,
			                          .x = x,
			                          .w = it->w};
		x += it->w;
	}
	WrapLine out = {b->runs, nr, x, b->par_rtl};
	return b->box->sink(b->box->user, &out, b->lines++, last);
}

/* How many bytes of s fit in width: through the platform, which cuts only
 * between clusters, or else between code points (at least one). */
static size_t fit(Meter *mt, const Piece *p, const char *s, size_t len, int width)
{
	const LayoutMeasure *ms = mt->ms;
	if (ms->text_fit) {
		/* A line of width pixels holds no more than a few bytes a
		 * pixel (a narrow letter and its marks): asking about a
		 * paragraph-long word whole, line after line, would shape it
		 * as many times. */
		size_t probe = len;
		if (width > 0 && probe > (size_t)width * 4 + 64) {
			probe = (size_t)width * 4 + 64;
			while (probe > 1 && ((unsigned char)s[probe] & 0xC0) == 0x80)
				probe--;
		}
		TextStyle st = {p->font, p->level & 1, mt->lang};
		size_t k = ms->text_fit(ms->ctx, &st, s, probe, width);
		return k ? (k < probe ? k : probe) : utf8_next(s, len, &(uint32_t){0});
	}
	size_t k = 0;
	int w = 0;
	while (k < len) {
		uint32_t cp;
		size_t step = utf8_next(s + k, len - k, &cp);
		int cw = measure(mt, p->font, p->level & 1, s + k, step);
		if (k > 0 && w + cw > width)
			break;
		w += cw;
		k += step;
	}
	return k;
}

/* Places a piece that is wider than the room left, a part at a time,
 * each part as much as fits on its line. */
static bool place_long(Breaker *b, const Piece *p)
{
	int width = b->box->width;
	size_t k = 0;
	while (k < p->len) {
		size_t take = fit(b->mt, p, p->s + k, p->len - k, width - b->x);
		int w = measure(b->mt, p->font, p->level & 1, p->s + k, take);
		if (b->x > 0 && b->x + w > width) {
			/* Not even one cluster fits after what the line holds. */
			if (!flush(b, false))
				return false;
			continue;
		}
		if (!line_add(b, (Item){p->s + k, take, p->font, p->level, p->style, w}))
			return false;
		k += take;
		if (k < p->len && !flush(b, false))
			return false;
	}
	return true;
}

/* Greedy: each segment goes on the line if it fits, else starts the next
 * one; a segment wider than a whole line is cut. */
/* ---- hyphenation ----------------------------------------------------------- */

static bool is_letter(unsigned char c)
{
	return c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The places a long word of left-to-right text may take a hyphen, as the
 * language's dictionary says, into can (one flag a byte of p, after which
 * a hyphen may go). Only long words (HYPHEN_MIN letters: German compounds,
 * Dutch and Polish long words) are hyphenated; short ones move down whole.
 * Returns how many places there are. */
static int hyphen_places(Breaker *b, const Piece *p, uint8_t *can)
{
	const LayoutMeasure *ms = b->mt->ms;
	if (!ms->hyphenate || (p->level & 1) || !b->mt->lang[0] || p->len > HYPHEN_MAX)
		return 0;
	/* The word between any brackets and punctuation around it. */
	size_t a = 0, z = p->len, letters = 0;
	while (a < z && !is_letter((unsigned char)p->s[a]))
		a++;
	while (z > a && !is_letter((unsigned char)p->s[z - 1]))
		z--;
	for (size_t i = a; i < z; i++)
		letters += ((unsigned char)p->s[i] & 0xC0) != 0x80;
	memset(can, 0, p->len);
	if (letters < HYPHEN_MIN)
		return 0;
	return ms->hyphenate(ms->ctx, b->mt->lang, p->s + a, z - a, can + a);
}

/* Places the heads of a long word that does not fit, each ending a line
 * with a hyphen, at the last place that fits, as long as the rest does
 * not fit either; p becomes what is left to place. lead is the space
 * before it on this line. false only when the sink said stop or memory
 * ran out. */
static bool place_hyphenated(Breaker *b, Piece *p, int lead, const Seg *prev)
{
	int width = b->box->width;
	uint8_t can[HYPHEN_MAX];
	if (b->x + (b->nitems ? lead : 0) + p->w <= width || hyphen_places(b, p, can) <= 0)
		return true;
	const uint8_t *at = can; /* can for what is left of the word */
	int hw = measure(b->mt, p->font, false, "-", 1);
	while (b->x + (b->nitems ? lead : 0) + p->w > width) {
		int avail = width - b->x - (b->nitems ? lead : 0), cw = 0;
		size_t cut = 0;
		for (size_t k = p->len; k-- > 0 && !cut;) {
			if (!at[k])
				continue;
			cw = measure(b->mt, p->font, false, p->s, k + 1);
			if (cw + hw <= avail)
				cut = k + 1;
		}
		if (!cut) {
			if (!b->nitems)
				return true; /* no place fits a whole line: cut as usual */
			if (!flush(b, false))
				return false;
			continue;
		}
		if (b->nitems && lead &&
		    !line_add(b, (Item){NULL, 0, FONT_BODY, prev ? prev->space_level : 0, 0, lead}))
			return false;
		if (!line_add(b, (Item){p->s, cut, p->font, p->level, p->style, cw}) ||
		    !line_add(b, (Item){"-", 1, p->font, p->level, p->style, hw}) ||
		    !flush(b, false))
			return false;
		p->s += cut;
		p->off += cut;
		p->len -= cut;
		at += cut;
		p->w = measure(b->mt, p->font, p->level & 1, p->s, p->len);
	}
	return true;
}

static bool break_lines(Breaker *b, const Para *pa)
{
	int width = b->box->width;
	/* Past the last line a box allows nothing more is handed out. */
	for (size_t i = 0; i < pa->nsegs && !(b->box->max_lines && b->lines >= b->box->max_lines);
	     i++) {
		const Seg *sg = &pa->segs[i];
		const Seg *prev = i ? &pa->segs[i - 1] : NULL;
		int lead = b->nitems && prev ? prev->space_w : 0;
		/* A long word of one piece that does not fit: hyphenated where
		 * its language allows, each head ending a line. */
		Piece rest;
		bool hyphenated = false;
		if (sg->n == 1 && b->x + lead + sg->w > width) {
			rest = pa->pieces[sg->first];
			size_t lines = (size_t)b->lines;
			if (!place_hyphenated(b, &rest, lead, prev))
				return false;
			hyphenated = (size_t)b->lines != lines;
			if (hyphenated) {
				lead = 0;
				if (rest.len == 0)
					continue;
			}
		}
		if (b->nitems && b->x + lead + sg->w > width) {
			if (!flush(b, false))
				return false;
			lead = 0;
		}
		if (lead && !line_add(b, (Item){NULL, 0, FONT_BODY, prev->space_level, 0, lead}))
			return false;
		for (size_t k = sg->first; k < sg->first + sg->n; k++) {
			const Piece *p = hyphenated ? &rest : &pa->pieces[k];
			bool ok = b->x + p->w > width
			              ? place_long(b, p)
			              : line_add(b, (Item){p->s, p->len, p->font, p->level,
			                                   p->style, p->w});
			if (!ok)
				return false;
		}
		if (sg->hard && !flush(b, false))
			return false;
	}
	if (b->nitems > 0)
		return flush(b, true);
	return true;
}

static bool is_regional(uint32_t cp)
{
	return cp >= 0x1F1E6 && cp <= 0x1F1FF;
}

/* Debian 12's libunibreak 1.1 aborts (a failed assertion) on two things
 * text may hold: a regional indicator (half a flag), a class its pair
 * table lacks, and U+FFFF, which it uses to mark the text's end. Its copy
 * of the text has them replaced by characters of the same length that it
 * handles (an emoji of class ID, U+FFFD), bytes that are not UTF-8 by
 * '?', before it is asked; a flag's two halves are then glued back
 * (lb_glue). */
static void lb_safe_text(char *buf, size_t len)
{
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t step = utf8_next(buf + i, len - i, &cp);
		if (cp == 0xFFFD && (step != 3 || memcmp(buf + i, "\xEF\xBF\xBD", 3) != 0))
			memset(buf + i, '?', step);
		else if (cp == 0xFFFF)
			memcpy(buf + i, "\xEF\xBF\xBD", 3);
		else if (is_regional(cp))
			memcpy(buf + i, "\xF0\x9F\x98\x80", 4);
		i += step;
	}
}

/* Whether nothing may come between prev and cp: what libunibreak 1.1
 * predates (UAX #14 rules LB8a, LB30a, LB30b): an emoji and its skin tone,
 * the parts of a ZWJ sequence, a flag's two halves (run counts the
 * regional indicators so far), a tag sequence, a variation selector. */
static bool lb_glued(uint32_t prev, uint32_t cp, size_t run)
{
	return (cp >= 0x1F3FB && cp <= 0x1F3FF) || prev == 0x200D ||
	       (is_regional(cp) && run % 2 == 1) || (cp >= 0xE0020 && cp <= 0xE007F) ||
	       (cp >= 0xFE00 && cp <= 0xFE0F);
}

static void lb_glue(const DocSpan *spans, size_t n, char *brks)
{
	size_t pos = 0, run = 0, prev_end = 0;
	uint32_t prev = 0;
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < spans[i].len;) {
			uint32_t cp;
			size_t step = utf8_next(spans[i].text + k, spans[i].len - k, &cp);
			if (prev && lb_glued(prev, cp, run) &&
			    brks[prev_end] == LINEBREAK_ALLOWBREAK)
				brks[prev_end] = LINEBREAK_NOBREAK;
			run = is_regional(cp) ? run + 1 : 0;
			prev = cp;
			prev_end = pos + k + step - 1;
			k += step;
		}
		pos += spans[i].len;
	}
}

int wrap_spans(const LayoutMeasure *m, const WrapBox *box, const DocSpan *spans, size_t n,
               FontId base)
{
	static bool tables_ready;
	if (!tables_ready) {
		/* Builds libunibreak's index once; without it every lookup of
		 * a CJK code point walks the whole table. */
		init_linebreak();
		tables_ready = true;
	}
	size_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += spans[i].len;
	if (total == 0)
		return 0;
	const char *lang = box->lang ? box->lang : "";
	Meter mt = {.ms = m, .lang = lang};
	for (int f = 0; f < FONT_COUNT; f++)
		mt.space_w[f] = -1;
	Para pa = {0};
	Breaker br = {.mt = &mt, .box = box};
	int lines = -1;
	char *buf = malloc(total);
	char *brks = malloc(total);
	uint8_t *levels = malloc(total);
	if (!buf || !brks || !levels)
		goto done;
	for (size_t i = 0, pos = 0; i < n; pos += spans[i].len, i++)
		memcpy(buf + pos, spans[i].text, spans[i].len);
	/* libunibreak's language codes are two letters ("zh", "ja", "ko"). */
	char lb_lang[3] = {0};
	if (lang[0] && lang[1]) {
		lb_lang[0] = lang[0];
		lb_lang[1] = lang[1];
	}
	lb_safe_text(buf, total);
	set_linebreaks_utf8((const utf8_t *)buf, total, lb_lang[0] ? lb_lang : NULL, brks);
	lb_glue(spans, n, brks);
	for (size_t i = 0, pos = 0; i < n; pos += spans[i].len, i++)
		memcpy(buf + pos, spans[i].text, spans[i].len);
	int par = 0;
	if (m->bidi_levels) {
		par = m->bidi_levels(m->ctx, buf, total, box->dir, levels);
		if (par < 0)
			goto done;
	} else {
		/* Without a bidi algorithm every letter goes the paragraph's
		 * way, which is the one given. */
		par = box->dir == TEXT_DIR_RTL || box->dir == TEXT_DIR_AUTO_RTL;
		memset(levels, par, total);
	}
	br.par_rtl = par & 1;
	if (split(&pa, &mt, spans, n, base, brks, levels, total) && break_lines(&br, &pa))
		lines = br.lines;
done:
	free(buf);
	free(brks);
	free(levels);
	free(pa.pieces);
	free(pa.segs);
	free(br.items);
	free(br.order);
	free(br.runs);
	return lines;
}

typedef struct {
	WrapTextFn emit;
	void *user;
} TextSink;

static bool text_line(void *user, const WrapLine *ln, int index, bool last)
{
	TextSink *ts = user;
	(void)last;
	if (ln->n == 0) {
		ts->emit(ts->user, "", 0, index);
		return true;
	}
	/* The runs are in visual order; the line's text in logical order
	 * spans from the first byte of any run to the last. */
	const char *lo = ln->runs[0].s, *hi = ln->runs[0].s + ln->runs[0].len;
	for (size_t i = 1; i < ln->n; i++) {
		if (ln->runs[i].s < lo)
			lo = ln->runs[i].s;
		if (ln->runs[i].s + ln->runs[i].len > hi)
			hi = ln->runs[i].s + ln->runs[i].len;
	}
	ts->emit(ts->user, lo, (size_t)(hi - lo), index);
	return true;
}

int wrap_text(const LayoutMeasure *m, FontId f, const char *text, size_t len, int width,
              WrapTextFn emit, void *user)
{
	DocSpan span = {text, len, 0};
	TextSink ts = {emit, user};
	WrapBox box = {.width = width, .sink = text_line, .user = &ts};
	return wrap_spans(m, &box, &span, 1, f);
}
