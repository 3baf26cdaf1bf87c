#include "core/screen/layout.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/document/utf8.h"

/* ---- display list storage ---------------------------------------------- */

void layout_init(Layout *l)
{
	memset(l, 0, sizeof(*l));
}

void layout_deinit(Layout *l)
{
	arena_free(l->arena);
	free(l->cmds);
	free(l->targets);
	memset(l, 0, sizeof(*l));
}

/* Commands and targets live in arrays reused from one build to the next,
 * so laying out a screen again allocates nothing once they have grown. */
static DrawCmd *push_cmd(Layout *l, DrawKind kind, DrawLayer layer)
{
	if (l->ncmds == l->cap_cmds) {
		size_t cap = l->cap_cmds ? l->cap_cmds * 2 : 256;
		DrawCmd *p = realloc(l->cmds, cap * sizeof(*p));
		if (!p)
			return NULL;
		l->cmds = p;
		l->cap_cmds = cap;
	}
	DrawCmd *c = &l->cmds[l->ncmds++];
	memset(c, 0, sizeof(*c));
	c->kind = kind;
	c->layer = layer;
	c->target = -1;
	return c;
}

static Target *push_target(Layout *l, TargetKind kind, int index, DrawLayer layer, Rect r,
                           const char *label)
{
	if (l->ntargets == l->cap_targets) {
		size_t cap = l->cap_targets ? l->cap_targets * 2 : 32;
		Target *p = realloc(l->targets, cap * sizeof(*p));
		if (!p)
			return NULL;
		l->targets = p;
		l->cap_targets = cap;
	}
	Target *t = &l->targets[l->ntargets++];
	memset(t, 0, sizeof(*t));
	t->kind = kind;
	t->index = index;
	t->layer = layer;
	t->r = r;
	t->label = label ? label : "";
	return t;
}

/* ---- the builder --------------------------------------------------------- */

typedef struct {
	Layout *l;
	const Metrics *m;
	const Theme *t;
	const LayoutMeasure *ms;
	const DocLibrary *lib;
	bool oom;
} Builder;

typedef enum { ALIGN_LEFT, ALIGN_CENTER } Align;

/* A word, or the part of a word in one style. */
typedef struct {
	const char *s;
	size_t len;
	FontId font;
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

static FontId styled_font(FontId base, unsigned style)
{
	if (base != FONT_BODY)
		return base;
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
		FontId f = styled_font(base, spans[i].style);
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
			           .space_before = space,
			           .w = measure(ms, f, s + start, k - start)};
			if (!pieces_push(out, p))
				return false;
			space = false;
		}
	}
	return true;
}

/* One placed piece on the line being filled. */
typedef struct {
	const char *s;
	size_t len;
	FontId font;
	int x, w;
} Placed;

typedef struct {
	Placed *v;
	size_t n, cap;
	int width; /* right edge of the last placed piece */
} Line;

static bool line_push(Line *ln, Placed p)
{
	if (ln->n == ln->cap) {
		size_t cap = ln->cap ? ln->cap * 2 : 32;
		Placed *np = realloc(ln->v, cap * sizeof(*np));
		if (!np)
			return false;
		ln->v = np;
		ln->cap = cap;
	}
	ln->v[ln->n++] = p;
	ln->width = p.x + p.w;
	return true;
}

/* Called for each finished line; last is true for the final line. */
typedef bool (*LineSink)(void *user, const Line *ln, int index, bool last);

typedef struct {
	const LayoutMeasure *ms;
	int width;
	LineSink sink;
	void *user;
	int lines;
	int max_lines; /* 0: unlimited */
	bool truncated;
	Line ln;
} Breaker;

static bool flush(Breaker *b, bool last)
{
	if (b->max_lines && b->lines >= b->max_lines) {
		b->truncated = true;
		return true;
	}
	bool ok = b->sink(b->user, &b->ln, b->lines, last);
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
	size_t k = 0;
	while (k < p->len) {
		size_t start = k;
		int w = 0;
		while (k < p->len) {
			uint32_t cp;
			size_t step = utf8_next(p->s + k, p->len - k, &cp);
			int cw = measure(b->ms, p->font, p->s + k, step);
			if (*x + w + cw > b->width && (k > start || *x > 0))
				break;
			w += cw;
			k += step;
		}
		if (k > start &&
		    !line_push(&b->ln, (Placed){p->s + start, k - start, p->font, *x, w}))
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
		if (b->ln.n > 0 && x + lead + gw > b->width) {
			if (!flush(b, false))
				return false;
			x = 0;
			lead = 0;
		}
		x += lead;
		for (size_t k = i; k < j; k++) {
			const Piece *p = &ps->v[k];
			if (x + p->w > b->width) {
				if (!place_long(b, p, &x))
					return false;
			} else {
				if (!line_push(&b->ln, (Placed){p->s, p->len, p->font, x, p->w}))
					return false;
				x += p->w;
			}
		}
		i = j;
	}
	if (b->ln.n > 0)
		return flush(b, true);
	return true;
}

/* ---- text blocks ----------------------------------------------------------- */

typedef struct {
	Builder *bd;
	DrawLayer layer;
	int x, y, width, line_h;
	Color color;
	Align align;
	int max_lines;
	bool *truncated;
} TextSink;

static const char ELLIPSIS[] = "\xE2\x80\xA6";

static bool emit_text(Builder *bd, DrawLayer layer, FontId f, const char *s, size_t len, int x,
                      int y, int w, int h, Color c)
{
	DrawCmd *cmd = push_cmd(bd->l, DRAW_TEXT, layer);
	if (!cmd)
		return false;
	cmd->r = (Rect){x, y, w, h};
	cmd->font = f;
	cmd->text = s;
	cmd->len = len;
	cmd->color = c;
	return true;
}

/* Emits a line as runs: neighbouring pieces in the same font that are
 * contiguous in the source text (separated only by spaces) become one run,
 * so a line of plain text is one draw command. */
static bool sink_line(void *user, const Line *ln, int index, bool last)
{
	TextSink *ts = user;
	Builder *bd = ts->bd;
	int y = ts->y + index * ts->line_h;
	int shift = ts->align == ALIGN_CENTER ? (ts->width - ln->width) / 2 : 0;
	bool cut = ts->max_lines && index == ts->max_lines - 1 && !last;
	size_t n = ln->n;
	int limit = ts->width;
	if (cut) {
		/* Make room for the ellipsis on the last allowed line. */
		FontId ef = n ? ln->v[n - 1].font : FONT_BODY;
		limit -= measure(bd->ms, ef, ELLIPSIS, sizeof(ELLIPSIS) - 1);
		while (n > 1 && ln->v[n - 1].x + ln->v[n - 1].w > limit)
			n--;
	}
	size_t i = 0;
	while (i < n) {
		size_t j = i + 1;
		const char *end = ln->v[i].s + ln->v[i].len;
		while (j < n && ln->v[j].font == ln->v[i].font && ln->v[j].s >= end) {
			const char *p = end;
			while (p < ln->v[j].s && *p == ' ')
				p++;
			if (p != ln->v[j].s)
				break;
			end = ln->v[j].s + ln->v[j].len;
			j++;
		}
		const Placed *a = &ln->v[i], *z = &ln->v[j - 1];
		if (!emit_text(bd, ts->layer, a->font, a->s, (size_t)(end - a->s),
		               ts->x + shift + a->x, y, z->x + z->w - a->x, ts->line_h, ts->color))
			return false;
		i = j;
	}
	if (cut && n > 0) {
		const Placed *z = &ln->v[n - 1];
		int ew = measure(bd->ms, z->font, ELLIPSIS, sizeof(ELLIPSIS) - 1);
		if (!emit_text(bd, ts->layer, z->font, ELLIPSIS, sizeof(ELLIPSIS) - 1,
		               ts->x + shift + z->x + z->w, y, ew, ts->line_h, ts->color))
			return false;
		if (ts->truncated)
			*ts->truncated = true;
	}
	return true;
}

typedef struct {
	DrawLayer layer;
	int x, y, width;
	Color color;
	Align align;
	int max_lines;
} TextBox;

/* Lays out styled text; returns its height (0 for no text). */
static int text_spans(Builder *bd, const TextBox *box, const DocSpan *spans, size_t n, FontId base)
{
	if (bd->oom || box->width <= 0)
		return 0;
	Pieces ps = {0};
	int height = 0;
	if (!split_pieces(bd->ms, spans, n, base, &ps)) {
		bd->oom = true;
		goto done;
	}
	if (ps.n == 0)
		goto done;
	int line_h = bd->ms->line_height(bd->ms->ctx, base);
	TextSink ts = {bd,     box->layer, box->x,     box->y,         box->width,
	               line_h, box->color, box->align, box->max_lines, NULL};
	Breaker br = {.ms = bd->ms,
	              .width = box->width,
	              .sink = sink_line,
	              .user = &ts,
	              .max_lines = box->max_lines};
	if (!break_lines(&br, &ps, base))
		bd->oom = true;
	free(br.ln.v);
	height = br.lines * line_h;
done:
	free(ps.v);
	return height;
}

static int text_plain(Builder *bd, const TextBox *box, const char *s, FontId f)
{
	DocSpan span = {s, strlen(s), 0};
	return text_spans(bd, box, &span, 1, f);
}

/* One line of text, shortened with an ellipsis when it does not fit. */
static int text_line(Builder *bd, DrawLayer layer, int x, int y, int width, const char *s, FontId f,
                     Color c, Align align)
{
	TextBox box = {layer, x, y, width, c, align, 1};
	return text_plain(bd, &box, s, f);
}

typedef struct {
	LayoutLineFn emit;
	void *user;
} WrapSink;

static bool wrap_line(void *user, const Line *ln, int index, bool last)
{
	WrapSink *ws = user;
	if (ln->n == 0)
		ws->emit(ws->user, "", 0, index);
	else
		ws->emit(ws->user, ln->v[0].s,
		         (size_t)(ln->v[ln->n - 1].s + ln->v[ln->n - 1].len - ln->v[0].s), index);
	return true;
}

int layout_wrap(const LayoutMeasure *m, FontId f, const char *text, size_t len, int width,
                LayoutLineFn emit, void *user)
{
	DocSpan span = {text, len, 0};
	Pieces ps = {0};
	WrapSink ws = {emit, user};
	Breaker br = {.ms = m, .width = width, .sink = wrap_line, .user = &ws};
	int lines = -1;
	if (split_pieces(m, &span, 1, f, &ps) && break_lines(&br, &ps, f))
		lines = br.lines;
	free(br.ln.v);
	free(ps.v);
	return lines;
}

/* ---- shapes ---------------------------------------------------------------- */

static DrawCmd *rect(Builder *bd, DrawLayer layer, Rect r, Color fill, Color border, int radius)
{
	DrawCmd *c = push_cmd(bd->l, DRAW_RECT, layer);
	if (!c) {
		bd->oom = true;
		return NULL;
	}
	c->r = r;
	c->color = fill;
	c->border = border;
	c->radius = radius;
	return c;
}

static void fit(int nw, int nh, int maxw, int maxh, int *w, int *h)
{
	if (nw <= 0 || nh <= 0 || maxw <= 0 || maxh <= 0) {
		*w = *h = 0;
		return;
	}
	/* Scale to fit, and never enlarge a small picture more than twice. */
	double s = (double)maxw / nw;
	if ((double)maxh / nh < s)
		s = (double)maxh / nh;
	if (s > 2.0)
		s = 2.0;
	*w = (int)(nw * s);
	*h = (int)(nh * s);
}

/* Draws an image fitted into the box, centred horizontally; returns its
 * rect (w == 0 when the image cannot be shown). */
static Rect image(Builder *bd, DrawLayer layer, const DocBlock *img, Rect box, bool center_v)
{
	int nw = 0, nh = 0, w, h;
	if (!img || bd->ms->image_size(bd->ms->ctx, img->src, &nw, &nh) != 0)
		return (Rect){box.x, box.y, 0, 0};
	fit(nw, nh, box.w, box.h, &w, &h);
	Rect r = {box.x + (box.w - w) / 2, box.y + (center_v ? (box.h - h) / 2 : 0), w, h};
	DrawCmd *c = push_cmd(bd->l, DRAW_IMAGE, layer);
	if (!c) {
		bd->oom = true;
		return r;
	}
	c->r = r;
	c->src = img->src;
	c->alt = img->alt;
	return r;
}

static Target *target(Builder *bd, TargetKind kind, int index, DrawLayer layer, Rect r,
                      const char *label, const char *id)
{
	Target *t = push_target(bd->l, kind, index, layer, r, label);
	if (!t) {
		bd->oom = true;
		return NULL;
	}
	snprintf(t->id, sizeof(t->id), "%s", id);
	return t;
}

/* A button: filled rounded rect bound to a target, with one or two lines of
 * label (a small caption line above the main label when small is given). */
static void button(Builder *bd, DrawLayer layer, Rect r, TargetKind kind, int index, const char *id,
                   const char *small, const char *label, Align align)
{
	const Metrics *m = bd->m;
	Target *t = target(bd, kind, index, layer, r, label, id);
	DrawCmd *c = rect(bd, layer, r, bd->t->accent, 0, m->radius);
	if (!t || !c)
		return;
	c->target = (int)(t - bd->l->targets);
	int pad = m->gap;
	int lh = bd->ms->line_height(bd->ms->ctx, FONT_BUTTON);
	int sh = small ? bd->ms->line_height(bd->ms->ctx, FONT_SMALL) : 0;
	int y = r.y + (r.h - lh - sh) / 2;
	if (small) {
		text_line(bd, layer, r.x + pad, y, r.w - 2 * pad, small, FONT_SMALL,
		          bd->t->on_accent, align);
		y += sh;
	}
	text_line(bd, layer, r.x + pad, y, r.w - 2 * pad, label, FONT_BUTTON, bd->t->on_accent,
	          align);
}

/* A tile on Home: a surface card with a bold label and a chevron. */
static int tile(Builder *bd, int x, int y, int w, TargetKind kind, int index, const char *id,
                const char *label, const char *sub)
{
	const Metrics *m = bd->m;
	int pad = m->gap;
	const char *chev = "\xE2\x80\xBA"; /* › */
	int cw = measure(bd->ms, FONT_TITLE, chev, strlen(chev));
	int tw = w - 3 * pad - cw;
	int lh = bd->ms->line_height(bd->ms->ctx, FONT_TILE);
	int sh = sub ? bd->ms->line_height(bd->ms->ctx, FONT_SMALL) : 0;
	/* Measure first: the card's height follows its label (two lines at most). */
	size_t mark = bd->l->ncmds;
	TextBox box = {LAYER_SCROLL, x + pad, 0, tw, bd->t->text, ALIGN_LEFT, 2};
	int th = text_plain(bd, &box, label, FONT_TILE);
	bd->l->ncmds = mark;
	if (th < lh)
		th = lh;
	int h = th + sh + 2 * (pad * 2 / 3);
	if (h < m->target)
		h = m->target;
	Rect r = {x, y, w, h};
	Target *t = target(bd, kind, index, LAYER_SCROLL, r, label, id);
	DrawCmd *c = rect(bd, LAYER_SCROLL, r, bd->t->surface, bd->t->border, m->radius);
	if (!t || !c)
		return h;
	c->target = (int)(t - bd->l->targets);
	int ty = y + (h - th - sh) / 2;
	box.y = ty;
	text_plain(bd, &box, label, FONT_TILE);
	if (sub)
		text_line(bd, LAYER_SCROLL, x + pad, ty + th, tw, sub, FONT_SMALL, bd->t->muted,
		          ALIGN_LEFT);
	int ch = bd->ms->line_height(bd->ms->ctx, FONT_TITLE);
	emit_text(bd, LAYER_SCROLL, FONT_TITLE, chev, strlen(chev), x + w - pad - cw,
	          y + (h - ch) / 2, cw, ch, bd->t->accent);
	return h;
}

/* ---- article blocks -------------------------------------------------------- */

/* Lays out a run of blocks in a column; returns the y below them. */
static int blocks(Builder *bd, const DocBlock *bl, size_t n, int x, int y, int width, int view_h,
                  bool topic_targets)
{
	const Metrics *m = bd->m;
	const Theme *t = bd->t;
	int body = m->font_px[FONT_BODY];
	for (size_t i = 0; i < n && !bd->oom; i++) {
		const DocBlock *b = &bl[i];
		bool next_is_item = i + 1 < n && bl[i + 1].type == DOC_LIST_ITEM;
		TextBox box = {LAYER_SCROLL, x, y, width, t->text, ALIGN_LEFT, 0};
		switch (b->type) {
		case DOC_PARA:
			y += text_spans(bd, &box, b->spans, b->nspans, FONT_BODY) + m->gap;
			break;
		case DOC_SUBHEADING:
			box.y = y += m->gap / 2;
			y += text_spans(bd, &box, b->spans, b->nspans, FONT_SUBHEAD) + m->gap / 2;
			break;
		case DOC_QUOTE: {
			int bar = body / 6 > 3 ? body / 6 : 3;
			box.x = x + bar + body;
			box.width = width - bar - body;
			box.color = t->muted;
			int h = text_spans(bd, &box, b->spans, b->nspans, FONT_BODY_ITALIC);
			rect(bd, LAYER_SCROLL, (Rect){x, y, bar, h}, t->accent, 0, 0);
			y += h + m->gap;
			break;
		}
		case DOC_LIST_ITEM: {
			int depth = b->list_depth < 1 ? 1 : b->list_depth > 6 ? 6 : b->list_depth;
			int indent = depth * body * 3 / 2;
			char *mark = b->list_number
			                 ? arena_printf(bd->l->arena, "%d.", b->list_number)
			                 : arena_strdup(bd->l->arena, depth > 1 ? "\xE2\x80\x93"
			                                                        : "\xE2\x80\xA2");
			if (!mark) {
				bd->oom = true;
				break;
			}
			int mw = measure(bd->ms, FONT_BODY, mark, strlen(mark));
			int lh = bd->ms->line_height(bd->ms->ctx, FONT_BODY);
			emit_text(bd, LAYER_SCROLL, FONT_BODY, mark, strlen(mark),
			          x + indent - mw - body / 2, y, mw, lh, t->accent);
			box.x = x + indent;
			box.width = width - indent;
			y += text_spans(bd, &box, b->spans, b->nspans, FONT_BODY);
			y += next_is_item ? m->gap / 3 : m->gap;
			break;
		}
		case DOC_IMAGE: {
			Rect box_r = {x, y, width, view_h * 55 / 100};
			Rect r = image(bd, LAYER_SCROLL, b, box_r, false);
			if (r.w == 0)
				break;
			if (topic_targets) {
				const char *label = b->alt && *b->alt ? b->alt : "Picture";
				char id[32];
				snprintf(id, sizeof(id), "image-%zu", i);
				Target *tg =
				    target(bd, TARGET_IMAGE, (int)i, LAYER_SCROLL, r, label, id);
				if (tg)
					tg->image = b;
			}
			y += r.h + m->gap / 2;
			if (b->alt && *b->alt) {
				TextBox cap = {LAYER_SCROLL, r.x, y, r.w, t->muted, ALIGN_LEFT, 0};
				if (r.w < width / 2) {
					cap.x = x;
					cap.width = width;
				}
				y += text_plain(bd, &cap, b->alt, FONT_CAPTION);
			}
			y += m->gap;
			break;
		}
		}
	}
	return y;
}

/* ---- screens --------------------------------------------------------------- */

static int column_x(const Metrics *m, int width)
{
	return (m->w - width) / 2;
}

static const DocArticle *article_at(const DocLibrary *lib, int i)
{
	if (!lib || i < 0 || (size_t)i >= lib->narticles)
		return NULL;
	return &lib->articles[i];
}

static void home_articles(Builder *bd)
{
	const Metrics *m = bd->m;
	Layout *l = bd->l;
	int cw = m->column;
	int x = column_x(m, cw), y = m->margin;
	l->title = "Health information";
	TextBox box = {LAYER_SCROLL, x, y, cw, bd->t->accent, ALIGN_LEFT, 0};
	y += text_plain(bd, &box, l->title, FONT_TITLE) + m->gap;
	box = (TextBox){LAYER_SCROLL, x, y, cw, bd->t->muted, ALIGN_LEFT, 0};
	y += text_plain(bd, &box, "Tap a subject to read about it.", FONT_BODY) + m->gap;
	for (size_t i = 0; i < bd->lib->narticles && !bd->oom; i++) {
		const DocArticle *a = &bd->lib->articles[i];
		char id[32];
		snprintf(id, sizeof(id), "article-%zu", i);
		char *sub =
		    arena_printf(l->arena, "%zu topic%s", a->ntopics, a->ntopics == 1 ? "" : "s");
		y += tile(bd, x, y, cw, TARGET_ARTICLE, (int)i, id, a->title, sub) + m->gap / 2;
	}
	l->content_h = y + m->margin;
}

static void home_article(Builder *bd, int ai)
{
	const Metrics *m = bd->m;
	const Theme *t = bd->t;
	Layout *l = bd->l;
	const DocArticle *a = article_at(bd->lib, ai);
	if (!a) {
		home_articles(bd);
		return;
	}
	l->title = a->title;
	bool several = bd->lib->narticles > 1;
	int view_h = m->h;
	if (several) {
		view_h -= m->bar_h;
		l->scroll_view.h = view_h;
		rect(bd, LAYER_FIXED, (Rect){0, view_h, m->w, m->bar_h}, t->surface, 0, 0);
		rect(bd, LAYER_FIXED, (Rect){0, view_h, m->w, 2}, t->border, 0, 0);
		int pad = (m->bar_h - m->target) / 2;
		int bw = m->target * 3;
		button(bd, LAYER_FIXED, (Rect){m->margin, view_h + pad, bw, m->target}, TARGET_HOME,
		       -1, "home", NULL, "All subjects", ALIGN_CENTER);
	}
	/* Landscape: the article's picture, title and introduction on the
	 * left, its topics on the right, so the topics are visible at once.
	 * Portrait: one column. */
	bool wide = m->w > m->h;
	int lx, lw, rx, rw;
	if (wide) {
		lw = (m->w - 3 * m->margin) * 45 / 100;
		lx = m->margin;
		rx = lx + lw + m->margin;
		rw = m->w - m->margin - rx;
	} else {
		lw = rw = m->column;
		lx = rx = column_x(m, lw);
	}
	int y = m->margin;
	const DocBlock *lead = doc_lead_image(a);
	if (lead) {
		Rect r = image(bd, LAYER_SCROLL, lead,
		               (Rect){lx, y, lw, view_h * (wide ? 36 : 28) / 100}, false);
		if (r.w)
			y += r.h + m->gap;
	}
	TextBox box = {LAYER_SCROLL, lx, y, lw, t->accent, ALIGN_LEFT, 0};
	y += text_plain(bd, &box, a->title, FONT_TITLE) + m->gap;
	/* The intro without its lead image (already shown above). */
	for (size_t i = 0; i < a->nintro && !bd->oom; i++) {
		if (&a->intro[i] == lead)
			continue;
		y = blocks(bd, &a->intro[i], 1, lx, y, lw, view_h, false);
	}
	int ry = wide ? m->margin : y;
	if (a->ntopics) {
		TextBox lab = {LAYER_SCROLL, rx, ry, rw, t->muted, ALIGN_LEFT, 0};
		ry += text_plain(bd, &lab, "Choose a topic", FONT_SMALL) + m->gap / 2;
	}
	for (size_t i = 0; i < a->ntopics && !bd->oom; i++) {
		char id[32];
		snprintf(id, sizeof(id), "topic-%zu", i);
		ry += tile(bd, rx, ry, rw, TARGET_TOPIC, (int)i, id, a->topics[i].title, NULL) +
		      m->gap / 2;
	}
	int bottom = wide && y > ry ? y : ry;
	l->content_h = bottom + m->margin;
}

static void topic_screen(Builder *bd, const View *v)
{
	const Metrics *m = bd->m;
	const Theme *t = bd->t;
	Layout *l = bd->l;
	const DocArticle *a = article_at(bd->lib, v->article);
	if (!a || v->topic < 0 || (size_t)v->topic >= a->ntopics) {
		home_article(bd, v->article);
		return;
	}
	const DocTopic *tp = &a->topics[v->topic];
	l->title = tp->title;
	int view_h = m->h - m->bar_h;
	l->scroll_view.h = view_h;

	/* Bottom bar: Home, Previous and Next, labelled with the neighbours. */
	rect(bd, LAYER_FIXED, (Rect){0, view_h, m->w, m->bar_h}, t->surface, 0, 0);
	rect(bd, LAYER_FIXED, (Rect){0, view_h, m->w, 2}, t->border, 0, 0);
	int pad = (m->bar_h - m->target) / 2;
	int bx = m->margin < pad ? pad : m->margin / 2;
	int inner = m->w - 2 * bx;
	int home_w = measure(bd->ms, FONT_BUTTON, "Home", 4) + 3 * m->gap;
	if (home_w < m->target * 3 / 2)
		home_w = m->target * 3 / 2;
	int side = (inner - home_w - 2 * pad) / 2;
	int by = view_h + pad;
	if (v->topic > 0)
		button(bd, LAYER_FIXED, (Rect){bx, by, side, m->target}, TARGET_PREV, v->topic - 1,
		       "prev", "\xE2\x80\xB9 Previous", a->topics[v->topic - 1].title, ALIGN_LEFT);
	button(bd, LAYER_FIXED, (Rect){bx + side + pad, by, home_w, m->target}, TARGET_HOME, -1,
	       "home", NULL, "Home", ALIGN_CENTER);
	if ((size_t)v->topic + 1 < a->ntopics)
		button(bd, LAYER_FIXED, (Rect){bx + side + 2 * pad + home_w, by, side, m->target},
		       TARGET_NEXT, v->topic + 1, "next", "Next \xE2\x80\xBA",
		       a->topics[v->topic + 1].title, ALIGN_LEFT);

	int cw = m->column;
	int x = column_x(m, cw), y = m->margin;
	char *where =
	    arena_printf(l->arena, "%s  \xC2\xB7  %d of %zu", a->title, v->topic + 1, a->ntopics);
	if (where) {
		TextBox box = {LAYER_SCROLL, x, y, cw, t->muted, ALIGN_LEFT, 0};
		y += text_plain(bd, &box, where, FONT_SMALL) + m->gap / 3;
	}
	TextBox hb = {LAYER_SCROLL, x, y, cw, t->accent, ALIGN_LEFT, 0};
	y += text_plain(bd, &hb, tp->title, FONT_HEADING) + m->gap;
	if (tp->nblocks == 0) {
		TextBox box = {LAYER_SCROLL, x, y, cw, t->muted, ALIGN_LEFT, 0};
		y += text_plain(bd, &box, "There is nothing more under this topic.", FONT_BODY) +
		     m->gap;
	}
	y = blocks(bd, tp->blocks, tp->nblocks, x, y, cw, view_h, true);
	l->content_h = y + m->margin;
}

static void close_button(Builder *bd, DrawLayer layer)
{
	const Metrics *m = bd->m;
	int w = measure(bd->ms, FONT_BUTTON, "\xE2\x9C\x95  Close", 9) + 3 * m->gap;
	if (w < m->target * 2)
		w = m->target * 2;
	button(bd, layer, (Rect){m->w - m->margin - w, m->margin / 2, w, m->target}, TARGET_CLOSE,
	       -1, "close", NULL, "\xE2\x9C\x95  Close", ALIGN_CENTER);
}

/* A picture full screen with its caption below it. */
static void picture(Builder *bd, const DocBlock *img, DrawLayer layer, int top, int bottom)
{
	const Metrics *m = bd->m;
	int cap_h = 0;
	int cw = m->column;
	if (img && img->alt && *img->alt) {
		/* Lay the caption out at the bottom first; the picture takes the rest. */
		size_t mark = bd->l->ncmds;
		TextBox box = {layer, column_x(m, cw), 0, cw, bd->t->on_shade, ALIGN_CENTER, 3};
		cap_h = text_plain(bd, &box, img->alt, FONT_BODY);
		bd->l->ncmds = mark;
		box.y = bottom - m->margin / 2 - cap_h;
		text_plain(bd, &box, img->alt, FONT_BODY);
		cap_h += m->margin / 2 + m->gap;
	}
	image(bd, layer, img, (Rect){m->margin, top, m->w - 2 * m->margin, bottom - top - cap_h},
	      true);
}

static void image_screen(Builder *bd, const View *v)
{
	const Metrics *m = bd->m;
	Layout *l = bd->l;
	l->background = bd->t->shade;
	l->title = v->image && v->image->alt && *v->image->alt ? v->image->alt : "Picture";
	l->scroll_view.h = 0;
	close_button(bd, LAYER_FIXED);
	picture(bd, v->image, LAYER_FIXED, m->margin / 2 + m->target + m->gap / 2, m->h);
}

static int prompt_band(Builder *bd)
{
	const Metrics *m = bd->m;
	int lh = bd->ms->line_height(bd->ms->ctx, FONT_PROMPT);
	int h = lh + 2 * m->gap;
	if (h < m->target)
		h = m->target;
	int y = m->h - h;
	rect(bd, LAYER_PINNED, (Rect){0, y, m->w, h}, bd->t->accent, 0, 0);
	text_line(bd, LAYER_PINNED, m->margin, y + (h - lh) / 2, m->w - 2 * m->margin,
	          "Touch the screen to explore", FONT_PROMPT, bd->t->on_accent, ALIGN_CENTER);
	return h;
}

/* A topic's opening: its heading, first lines and picture. */
static void attract_topic(Builder *bd, const DocArticle *a, const DocTopic *tp, int avail)
{
	const Metrics *m = bd->m;
	const Theme *t = bd->t;
	const DocBlock *img = doc_topic_image(tp);
	bool wide = m->w > m->h;
	int x = m->margin, w = m->w - 2 * m->margin, y = m->margin, bottom = avail - m->margin;
	if (img && wide) {
		int iw = (m->w - 3 * m->margin) / 2;
		image(bd, LAYER_FIXED, img,
		      (Rect){m->w - m->margin - iw, m->margin, iw, bottom - m->margin}, true);
		w = m->w - 3 * m->margin - iw;
	} else if (img) {
		Rect r = image(bd, LAYER_FIXED, img, (Rect){x, y, w, avail * 38 / 100}, false);
		if (r.w)
			y += r.h + m->gap;
	}
	if (w > m->column)
		w = m->column;
	if (!img || !wide)
		x = column_x(m, w);
	const DocBlock *first = NULL;
	for (size_t i = 0; i < tp->nblocks && !first; i++)
		if (tp->blocks[i].type == DOC_PARA)
			first = &tp->blocks[i];
	/* Lay the text out once to measure it, then again centred in the
	 * space left: seen from across a room, a block floating at the top
	 * of an empty screen looks unfinished. */
	int top = y;
	for (int pass = 0; pass < 2; pass++) {
		size_t mark = bd->l->ncmds;
		int y0 = y;
		TextBox box = {LAYER_FIXED, x, y, w, t->muted, ALIGN_LEFT, 2};
		y += text_plain(bd, &box, a->title, FONT_SMALL) + m->gap / 2;
		box = (TextBox){LAYER_FIXED, x, y, w, t->accent, ALIGN_LEFT, 3};
		y += text_plain(bd, &box, tp->title, FONT_TITLE) + m->gap;
		int lh = bd->ms->line_height(bd->ms->ctx, FONT_BODY);
		int lines = (bottom - y) / (lh > 0 ? lh : 1);
		if (first && lines > 0) {
			box = (TextBox){LAYER_FIXED,          x, y, w, t->text, ALIGN_LEFT,
			                lines > 6 ? 6 : lines};
			y += text_spans(bd, &box, first->spans, first->nspans, FONT_BODY);
		}
		if (pass == 0) {
			bd->l->ncmds = mark;
			int free_h = bottom - top - (y - y0);
			y = top + (free_h > 0 ? free_h / 2 : 0);
		}
	}
}

static void attract_screen(Builder *bd, const View *v)
{
	const Metrics *m = bd->m;
	Layout *l = bd->l;
	const DocArticle *a = article_at(bd->lib, v->article);
	l->scroll_view.h = 0;
	if (a && v->topic >= 0 && (size_t)v->topic < a->ntopics) {
		l->title = a->topics[v->topic].title;
		int band = prompt_band(bd);
		attract_topic(bd, a, &a->topics[v->topic], m->h - band);
	} else if (v->image) {
		l->background = bd->t->shade;
		l->title = v->image->alt && *v->image->alt ? v->image->alt : "Picture";
		int band = prompt_band(bd);
		picture(bd, v->image, LAYER_FIXED, m->margin, m->h - band);
	} else {
		home_article(bd, v->article);
		/* Home underneath, not touchable: the first touch only wakes. */
		l->ntargets = 0;
		for (size_t i = 0; i < l->ncmds; i++)
			l->cmds[i].target = -1;
		prompt_band(bd);
	}
}

static void message_screen(Builder *bd, const View *v)
{
	const Metrics *m = bd->m;
	const Theme *t = bd->t;
	Layout *l = bd->l;
	l->title = v->text ? v->text : "";
	l->scroll_view.h = 0;
	int cw = m->column;
	int x = column_x(m, cw);
	/* Measure the whole message first so it can be centred vertically. */
	size_t mark = bd->l->ncmds;
	TextBox tb = {LAYER_FIXED,  x, 0, cw, v->notice_error ? 0xA3261EFF : t->accent,
	              ALIGN_CENTER, 3};
	int th = text_plain(bd, &tb, l->title, FONT_HEADING);
	TextBox db = {LAYER_FIXED, x, 0, cw, t->text, ALIGN_CENTER, 12};
	int dh = v->detail ? text_plain(bd, &db, v->detail, FONT_BODY) : 0;
	bd->l->ncmds = mark;
	int bar_h = v->screen == SCREEN_IMPORT ? m->gap * 2 : 0;
	int total = th + m->gap + dh + (bar_h ? bar_h + m->gap : 0) +
	            (v->screen == SCREEN_NOTICE ? m->target + m->gap : 0);
	int y = (m->h - total) / 2;
	if (y < m->margin)
		y = m->margin;
	tb.y = y;
	y += text_plain(bd, &tb, l->title, FONT_HEADING) + m->gap;
	if (bar_h) {
		int p = v->progress < 0 ? 0 : v->progress > 1000 ? 1000 : v->progress;
		rect(bd, LAYER_FIXED, (Rect){x, y, cw, bar_h}, t->surface, t->border, bar_h / 2);
		if (p > 0)
			rect(bd, LAYER_FIXED, (Rect){x, y, (int)((long)cw * p / 1000), bar_h},
			     t->accent, 0, bar_h / 2);
		y += bar_h + m->gap;
	}
	if (v->detail) {
		db.y = y;
		y += text_plain(bd, &db, v->detail, FONT_BODY) + m->gap;
	}
	if (v->screen == SCREEN_NOTICE) {
		int w = m->target * 3;
		button(bd, LAYER_FIXED, (Rect){(m->w - w) / 2, y, w, m->target}, TARGET_CLOSE, -1,
		       "close", NULL, "OK", ALIGN_CENTER);
	}
}

int layout_build(Layout *out, const View *view, const DocLibrary *lib, const Metrics *m,
                 const Theme *theme, const LayoutMeasure *measure)
{
	if (!out->arena)
		out->arena = arena_new(16 * 1024);
	else
		arena_reset(out->arena);
	out->ncmds = 0;
	out->ntargets = 0;
	out->content_h = 0;
	out->title = "";
	out->background = theme->background;
	out->scroll_view = (Rect){0, 0, m->w, m->h};
	if (!out->arena)
		return -1;
	Builder bd = {out, m, theme, measure, lib, false};
	switch (view->screen) {
	case SCREEN_HOME:
		if (view->article < 0)
			home_articles(&bd);
		else
			home_article(&bd, view->article);
		break;
	case SCREEN_TOPIC:
		topic_screen(&bd, view);
		break;
	case SCREEN_IMAGE:
		image_screen(&bd, view);
		break;
	case SCREEN_ATTRACT:
		attract_screen(&bd, view);
		break;
	case SCREEN_NOTICE:
	case SCREEN_IMPORT:
		message_screen(&bd, view);
		break;
	}
	if (bd.oom) {
		out->ncmds = out->ntargets = 0;
		out->content_h = 0;
		return -1;
	}
	return 0;
}

int layout_max_scroll(const Layout *l)
{
	int max = l->content_h - l->scroll_view.h;
	return max > 0 ? max : 0;
}

static Rect on_screen(const Layout *l, const Target *t, int scroll)
{
	Rect r = t->r;
	if (t->layer == LAYER_SCROLL)
		r.y += l->scroll_view.y - scroll;
	return r;
}

static bool clip(Rect a, Rect b, Rect *out)
{
	int x0 = a.x > b.x ? a.x : b.x, y0 = a.y > b.y ? a.y : b.y;
	int x1 = a.x + a.w < b.x + b.w ? a.x + a.w : b.x + b.w;
	int y1 = a.y + a.h < b.y + b.h ? a.y + a.h : b.y + b.h;
	if (x1 <= x0 || y1 <= y0)
		return false;
	*out = (Rect){x0, y0, x1 - x0, y1 - y0};
	return true;
}

bool layout_target_rect(const Layout *l, size_t i, int scroll, Rect *out)
{
	if (i >= l->ntargets)
		return false;
	const Target *t = &l->targets[i];
	Rect r = on_screen(l, t, scroll);
	if (t->layer == LAYER_SCROLL)
		return clip(r, l->scroll_view, out);
	*out = r;
	return r.w > 0 && r.h > 0;
}

int layout_hit(const Layout *l, int x, int y, int scroll)
{
	for (size_t i = l->ntargets; i-- > 0;) {
		Rect r;
		if (!layout_target_rect(l, i, scroll, &r))
			continue;
		if (x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h)
			return (int)i;
	}
	return -1;
}
