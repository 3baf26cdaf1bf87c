#include "core/text/wrap.h"

#include <stdint.h>
#include <stdlib.h>

#include "core/document/utf8.h"

/* A word, or the part of a word in one style. */
typedef struct {
	const char *s;
	size_t len;
	FontId font;
	unsigned style; /* WRAP_DECORATION bits */
	int w;
	bool space_before;
	bool newline; /* a hard line break, no text */
} Piece;

typedef struct {
	Piece *v;
	size_t n, cap;
} Pieces;

static bool pieces_push(Pieces *p, Piece x)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 64;
		Piece *np = realloc(p->v, cap * sizeof(*np));
		if (!np)
			return false;
		p->v = np;
		p->cap = cap;
	}
	p->v[p->n++] = x;
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

static int measure(const LayoutMeasure *ms, FontId f, const char *s, size_t len)
{
	return len ? ms->text_width(ms->ctx, f, s, len) : 0;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Splits styled spans into pieces at spaces and hard breaks. */
static bool split_pieces(const LayoutMeasure *ms, const DocSpan *spans, size_t n, FontId base,
                         Pieces *out)
{
	bool space = false;
	for (size_t i = 0; i < n; i++) {
		FontId f = wrap_font(base, spans[i].style);
		const char *s = spans[i].text;
		size_t len = spans[i].len, k = 0;
		while (k < len) {
			if (is_space(s[k])) {
				space = true;
				k++;
				continue;
			}
			if (s[k] == '\n') {
				if (!pieces_push(out, (Piece){.newline = true}))
					return false;
				space = false;
				k++;
				continue;
			}
			size_t start = k;
			while (k < len && !is_space(s[k]) && s[k] != '\n')
				k++;
			Piece p = {.s = s + start,
			           .len = k - start,
			           .font = f,
			           .style =
			               base == FONT_BODY ? spans[i].style & WRAP_DECORATION : 0,
			           .space_before = space,
			           .w = measure(ms, f, s + start, k - start)};
			if (!pieces_push(out, p))
				return false;
			space = false;
		}
	}
	return true;
}

/* The line being filled: its runs grow in an array reused line after
 * line. */
typedef struct {
	WrapRun *v;
	size_t n, cap;
	int width;
} Line;

static bool line_push(Line *ln, WrapRun p)
{
	if (ln->n == ln->cap) {
		size_t cap = ln->cap ? ln->cap * 2 : 32;
		WrapRun *np = realloc(ln->v, cap * sizeof(*np));
		if (!np)
			return false;
		ln->v = np;
		ln->cap = cap;
	}
	ln->v[ln->n++] = p;
	ln->width = p.x + p.w;
	return true;
}

typedef struct {
	const LayoutMeasure *ms;
	const WrapBox *box;
	int lines;
	Line ln;
} Breaker;

static bool flush(Breaker *b, bool last)
{
	if (b->box->max_lines && b->lines >= b->box->max_lines)
		return true;
	WrapLine out = {b->ln.v, b->ln.n, b->ln.width};
	bool ok = b->box->sink(b->box->user, &out, b->lines, last);
	b->lines++;
	b->ln.n = 0;
	b->ln.width = 0;
	return ok;
}

/* Places a word that is wider than the whole line, a few characters at a
 * time; widths are summed per character (kerning inside such a word does
 * not matter, and measuring every prefix would be quadratic). */
static bool place_long(Breaker *b, const Piece *p, int *x)
{
	int width = b->box->width;
	size_t k = 0;
	while (k < p->len) {
		size_t start = k;
		int w = 0;
		while (k < p->len) {
			uint32_t cp;
			size_t step = utf8_next(p->s + k, p->len - k, &cp);
			int cw = measure(b->ms, p->font, p->s + k, step);
			if (*x + w + cw > width && (k > start || *x > 0))
				break;
			w += cw;
			k += step;
		}
		if (k > start && !line_push(&b->ln, (WrapRun){p->s + start, k - start, p->font,
		                                              p->style, *x, w}))
			return false;
		*x += w;
		if (k < p->len) {
			if (!flush(b, false))
				return false;
			*x = 0;
		}
	}
	return true;
}

/* Places pieces [i, j), glued together without spaces, from x on. */
static bool place_group(Breaker *b, const Pieces *ps, size_t i, size_t j, int *x)
{
	for (size_t k = i; k < j; k++) {
		const Piece *p = &ps->v[k];
		if (*x + p->w > b->box->width) {
			if (!place_long(b, p, x))
				return false;
		} else {
			if (!line_push(&b->ln,
			               (WrapRun){p->s, p->len, p->font, p->style, *x, p->w}))
				return false;
			*x += p->w;
		}
	}
	return true;
}

/* Greedy line breaking at spaces; pieces glued without a space (a bold word
 * followed by a comma) move to the next line together. */
static bool break_lines(Breaker *b, const Pieces *ps, FontId space_font)
{
	int space_w = measure(b->ms, space_font, " ", 1);
	int x = 0;
	size_t i = 0;
	while (i < ps->n) {
		if (ps->v[i].newline) {
			if (!flush(b, false))
				return false;
			x = 0;
			i++;
			continue;
		}
		size_t j = i + 1;
		int gw = ps->v[i].w;
		while (j < ps->n && !ps->v[j].newline && !ps->v[j].space_before)
			gw += ps->v[j++].w;
		int lead = (b->ln.n > 0 && ps->v[i].space_before) ? space_w : 0;
		if (b->ln.n > 0 && x + lead + gw > b->box->width) {
			if (!flush(b, false))
				return false;
			x = 0;
			lead = 0;
		}
		x += lead;
		if (!place_group(b, ps, i, j, &x))
			return false;
		i = j;
	}
	if (b->ln.n > 0)
		return flush(b, true);
	return true;
}

int wrap_spans(const LayoutMeasure *m, const WrapBox *box, const DocSpan *spans, size_t n,
               FontId base)
{
	Pieces ps = {0};
	Breaker br = {.ms = m, .box = box};
	int lines = -1;
	if (split_pieces(m, spans, n, base, &ps) && break_lines(&br, &ps, base))
		lines = br.lines;
	free(br.ln.v);
	free(ps.v);
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
	if (ln->n == 0)
		ts->emit(ts->user, "", 0, index);
	else
		ts->emit(ts->user, ln->runs[0].s,
		         (size_t)(ln->runs[ln->n - 1].s + ln->runs[ln->n - 1].len - ln->runs[0].s),
		         index);
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
