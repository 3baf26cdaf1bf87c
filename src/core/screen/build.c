#include "core/screen/build.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/document/model/lang.h"
#include "core/screen/words.h"
#include "core/text/wrap.h"

/* ---- the display list ------------------------------------------------------ */

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

void build_anchor(Builder *bd, int y, int h)
{
	Layout *l = bd->l;
	if (l->nanchors == l->cap_anchors) {
		size_t cap = l->cap_anchors ? l->cap_anchors * 2 : 64;
		LayoutAnchor *p = realloc(l->anchors, cap * sizeof(*p));
		if (!p) {
			bd->oom = true;
			return;
		}
		l->anchors = p;
		l->cap_anchors = cap;
	}
	l->anchors[l->nanchors++] = (LayoutAnchor){y, h};
}

/* ---- text blocks ----------------------------------------------------------- */

/* Where a wrapped text's lines go: the box, and its line height. */
typedef struct {
	Builder *bd;
	const TextBox *box;
	int line_h;
	bool rtl; /* the paragraph's direction, from its first line */
} TextSink;

static const char ELLIPSIS[] = "\xE2\x80\xA6";

int build_measure(const LayoutMeasure *ms, FontId f, const char *s, size_t len)
{
	TextStyle st = {f, false, ""};
	return len ? ms->text_width(ms->ctx, &st, s, len) : 0;
}

static bool emit_text(Builder *bd, DrawLayer layer, const TextStyle *st, const char *s, size_t len,
                      int x, int y, int w, int h, Color c)
{
	DrawCmd *cmd = push_cmd(bd->l, DRAW_TEXT, layer);
	if (!cmd)
		return false;
	cmd->r = (Rect){x, y, w, h};
	cmd->font = st->font;
	cmd->rtl = st->rtl;
	cmd->lang = st->lang;
	cmd->text = s;
	cmd->len = len;
	cmd->color = c;
	return true;
}

/* How far a sub- or superscript is moved from the line's top: the small
 * face drawn a little higher or lower than the body text it sits in. */
static int rise(const Builder *bd, unsigned style)
{
	int body = bd->m->font_px[FONT_BODY];
	if (style & DOC_SUPER)
		return -body / 8;
	if (style & DOC_SUB)
		return body * 2 / 5;
	return 0;
}

/* A line through struck text, under underlined text, in the text's colour. */
static bool decorate(Builder *bd, DrawLayer layer, Rect run, unsigned style, Color c)
{
	int body = bd->m->font_px[FONT_BODY];
	int thick = body / 14 > 1 ? body / 14 : 1;
	int at[2], n = 0;
	if (style & DOC_STRIKE)
		at[n++] = body * 72 / 100;
	if (style & DOC_UNDERLINE)
		at[n++] = body * 105 / 100;
	for (int i = 0; i < n; i++) {
		DrawCmd *cmd = push_cmd(bd->l, DRAW_RECT, layer);
		if (!cmd)
			return false;
		cmd->r = (Rect){run.x, run.y + at[i], run.w, thick};
		cmd->color = c;
	}
	return true;
}

/* Emits a line as draw commands, one a run, left to right; the last line
 * a box allows ends in an ellipsis when text remains, at the line's end:
 * the right for a left-to-right paragraph, the left for a right-to-left
 * one. */
static bool sink_line(void *user, const WrapLine *ln, int index, bool last)
{
	TextSink *ts = user;
	Builder *bd = ts->bd;
	const TextBox *box = ts->box;
	const WrapRun *v = ln->runs;
	int y = box->y + index * ts->line_h;
	bool cut = box->max_lines && index == box->max_lines - 1 && !last;
	size_t a = 0, z = ln->n; /* the runs kept: [a, z) */
	int ew = 0, width = ln->width;
	FontId ef = ln->n ? v[ln->rtl ? 0 : ln->n - 1].font : FONT_BODY;
	TextStyle es = {ef, false, bd->lang};
	if (index == 0)
		ts->rtl = ln->rtl;
	if (cut) {
		/* Make room for the ellipsis on the last allowed line. */
		ew = build_measure(bd->ms, ef, ELLIPSIS, sizeof(ELLIPSIS) - 1);
		int limit = box->width - ew;
		if (ln->rtl) {
			while (z - a > 1 && width - v[a].x > limit)
				a++;
		} else {
			while (z - a > 1 && v[z - 1].x + v[z - 1].w > limit)
				z--;
		}
		width = (z > a ? v[z - 1].x + v[z - 1].w - v[a].x : 0) + ew;
	}
	int left = box->x;
	if (box->align == ALIGN_CENTER)
		left += (box->width - width) / 2;
	else if (ln->rtl)
		left += box->width - width;
	/* Where run a starts, so that the kept runs and the ellipsis end up
	 * side by side whichever end was cut. */
	int x0 = left - (z > a ? v[a].x : 0);
	if (cut && ln->rtl) {
		if (!emit_text(bd, box->layer, &es, ELLIPSIS, sizeof(ELLIPSIS) - 1, left, y, ew,
		               ts->line_h, box->color))
			return false;
		x0 += ew;
	}
	for (size_t i = a; i < z; i++) {
		TextStyle st = {v[i].font, v[i].rtl, bd->lang};
		Rect run = {x0 + v[i].x, y, v[i].w, ts->line_h};
		if (!emit_text(bd, box->layer, &st, v[i].s, v[i].len, run.x,
		               y + rise(bd, v[i].style), run.w, ts->line_h, box->color) ||
		    !decorate(bd, box->layer, run, v[i].style, box->color))
			return false;
	}
	if (cut && !ln->rtl && z > a) {
		if (!emit_text(bd, box->layer, &es, ELLIPSIS, sizeof(ELLIPSIS) - 1,
		               x0 + v[z - 1].x + v[z - 1].w, y, ew, ts->line_h, box->color))
			return false;
	}
	return true;
}

/* Lays out styled text as one paragraph; returns its height (0 for no
 * text) and, in *rtl when given, whether the paragraph runs right to left
 * (its own first strong letter decides; the screen's direction when it
 * has none). */
static int paragraph(Builder *bd, const TextBox *box, const DocSpan *spans, size_t n, FontId base,
                     bool *rtl)
{
	if (rtl)
		*rtl = bd->rtl;
	if (bd->oom || box->width <= 0)
		return 0;
	TextSink ts = {bd, box, bd->ms->line_height(bd->ms->ctx, base), bd->rtl};
	WrapBox wb = {.width = box->width,
	              .max_lines = box->max_lines,
	              .sink = sink_line,
	              .user = &ts,
	              .lang = bd->lang,
	              .dir = box->fixed ? (bd->rtl ? TEXT_DIR_RTL : TEXT_DIR_LTR)
	                     : bd->rtl  ? TEXT_DIR_AUTO_RTL
	                                : TEXT_DIR_AUTO_LTR};
	int lines = wrap_spans(bd->ms, &wb, spans, n, base);
	if (lines < 0) {
		bd->oom = true;
		return 0;
	}
	if (rtl)
		*rtl = ts.rtl;
	return lines * ts.line_h;
}

int build_spans(Builder *bd, const TextBox *box, const DocSpan *spans, size_t n, FontId base)
{
	return paragraph(bd, box, spans, n, base, NULL);
}

int build_text(Builder *bd, const TextBox *box, const char *s, FontId f)
{
	DocSpan span = {s, strlen(s), 0};
	return build_spans(bd, box, &span, 1, f);
}

/* One line of text, shortened with an ellipsis when it does not fit. */
int build_line(Builder *bd, DrawLayer layer, int x, int y, int width, const char *s, FontId f,
               Color c, Align align)
{
	TextBox box = {layer, x, y, width, c, align, 1, false};
	return build_text(bd, &box, s, f);
}

int build_label(Builder *bd, DrawLayer layer, int x, int y, int width, const char *s, FontId f,
                Color c, Align align)
{
	TextBox box = {layer, x, y, width, c, align, 1, true};
	return build_text(bd, &box, s, f);
}

int build_x(const Builder *bd, int x, int w)
{
	return bd->rtl ? bd->m->w - x - w : x;
}

/* ---- shapes ---------------------------------------------------------------- */

DrawCmd *build_rect(Builder *bd, DrawLayer layer, Rect r, Color fill, Color border, int radius)
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
	/* Never rounded away: a picture within the limits (a 1 x 8192 rule
	 * included) passed the check, so it is shown, if only a pixel wide. */
	*w = (int)(nw * s) > 0 ? (int)(nw * s) : 1;
	*h = (int)(nh * s) > 0 ? (int)(nh * s) : 1;
}

/* Draws an image fitted into the box, centred horizontally; returns its
 * rect (w == 0 when the image cannot be shown). */
Rect build_image(Builder *bd, DrawLayer layer, const DocBlock *img, Rect box, bool center_v)
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

bool build_cover(Builder *bd, DrawLayer layer, const DocBlock *img, Rect box)
{
	int nw = 0, nh = 0;
	if (!img || box.w <= 0 || box.h <= 0 ||
	    bd->ms->image_size(bd->ms->ctx, img->src, &nw, &nh) != 0 || nw <= 0 || nh <= 0)
		return false;
	DrawCmd *c = push_cmd(bd->l, DRAW_IMAGE, layer);
	if (!c) {
		bd->oom = true;
		return false;
	}
	c->r = box;
	c->src = img->src;
	c->alt = img->alt;
	c->cover = true;
	return true;
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
void build_button(Builder *bd, DrawLayer layer, Rect r, TargetKind kind, int index, const char *id,
                  const char *small, const char *label, Align align)
{
	const Metrics *m = bd->m;
	Target *t = target(bd, kind, index, layer, r, label, id);
	DrawCmd *c = build_rect(bd, layer, r, bd->t->accent, 0, m->radius);
	if (!t || !c)
		return;
	c->target = (int)(t - bd->l->targets);
	int pad = m->gap;
	int lh = bd->ms->line_height(bd->ms->ctx, FONT_BUTTON);
	int sh = small ? bd->ms->line_height(bd->ms->ctx, FONT_LABEL) : 0;
	int y = r.y + (r.h - lh - sh) / 2;
	if (small) {
		build_label(bd, layer, r.x + pad, y, r.w - 2 * pad, small, FONT_LABEL,
		            bd->t->on_accent, align);
		y += sh;
	}
	build_line(bd, layer, r.x + pad, y, r.w - 2 * pad, label, FONT_BUTTON, bd->t->on_accent,
	           align);
}

/* A tile on Home: a surface card with a bold label and a chevron. */
int build_tile(Builder *bd, int x, int y, int w, TargetKind kind, int index, const char *id,
               const char *label, const char *sub)
{
	const Metrics *m = bd->m;
	int pad = m->gap;
	const char *chev = "\xE2\x80\xBA"; /* › */
	int cw = build_measure(bd->ms, FONT_TITLE, chev, strlen(chev));
	int tw = w - 3 * pad - cw;
	int lh = bd->ms->line_height(bd->ms->ctx, FONT_TILE);
	int sh = sub ? bd->ms->line_height(bd->ms->ctx, FONT_SMALL) : 0;
	/* Measure first: the card's height follows its label (two lines at most). */
	size_t mark = bd->l->ncmds;
	TextBox box = {LAYER_SCROLL, x + pad, 0, tw, bd->t->text, ALIGN_START, 2, false};
	int th = build_text(bd, &box, label, FONT_TILE);
	bd->l->ncmds = mark;
	if (th < lh)
		th = lh;
	int ch = bd->ms->line_height(bd->ms->ctx, FONT_TITLE);
	int h = th + sh + 2 * (pad * 2 / 3);
	if (h < m->target)
		h = m->target;
	/* The chevron's line, a title's, fits in the card at any text size. */
	if (h < ch)
		h = ch;
	Rect r = {x, y, w, h};
	build_anchor(bd, y, h);
	Target *t = target(bd, kind, index, LAYER_SCROLL, r, label, id);
	DrawCmd *c = build_rect(bd, LAYER_SCROLL, r, bd->t->surface, bd->t->border, m->radius);
	if (!t || !c)
		return h;
	c->target = (int)(t - bd->l->targets);
	int ty = y + (h - th - sh) / 2;
	/* Right to left, the chevron stands on the left and points left
	 * (drawn right to left, '›' is mirrored), the label beside it. */
	int tx = bd->rtl ? x + 2 * pad + cw : x + pad;
	box.x = tx;
	box.y = ty;
	build_text(bd, &box, label, FONT_TILE);
	if (sub)
		build_label(bd, LAYER_SCROLL, tx, ty + th, tw, sub, FONT_SMALL, bd->t->muted,
		            ALIGN_START);
	TextStyle cs = {FONT_TITLE, bd->rtl, bd->lang};
	emit_text(bd, LAYER_SCROLL, &cs, chev, strlen(chev), bd->rtl ? x + pad : x + w - pad - cw,
	          y + (h - ch) / 2, cw, ch, bd->t->accent);
	return h;
}

/* ---- languages --------------------------------------------------------------- */

int build_languages(Builder *bd, int x, int y, int w, const int *v, size_t n, int current)
{
	const Metrics *m = bd->m;
	const Theme *t = bd->t;
	const Lexicon *lx = bd->ms->lexicon;
	const char *main_lang = lx && lx->main ? lx->main->lang : "";
	const char *screen_lang = bd->lang;
	int pad = m->gap, cx = 0, cy = 0;
	for (size_t i = 0; i < n && !bd->oom; i++) {
		const DocArticle *a = &bd->lib->articles[v[i]];
		/* A file that carries no language is in the settings' one. */
		const char *tag = a->lang && *a->lang ? a->lang : main_lang;
		const char *name = lang_autonym(tag);
		if (!name)
			name = *tag ? tag : "\xE2\x80\x94";
		/* Each name is shaped and found a font as its own language. */
		TextStyle st = {FONT_BUTTON, false, tag};
		int tw = bd->ms->text_width(bd->ms->ctx, &st, name, strlen(name));
		int bw = tw + 2 * pad;
		if (bw < m->target * 3 / 2)
			bw = m->target * 3 / 2;
		if (bw > w)
			bw = w;
		if (cx > 0 && cx + bw > w) {
			cx = 0;
			cy += m->target + pad / 2;
		}
		Rect r = {bd->rtl ? x + w - cx - bw : x + cx, y + cy, bw, m->target};
		char id[32];
		snprintf(id, sizeof(id), "lang-%s", *tag ? tag : "default");
		bool on = v[i] == current;
		Target *tg = target(bd, TARGET_LANGUAGE, v[i], LAYER_SCROLL, r, name, id);
		DrawCmd *c = build_rect(bd, LAYER_SCROLL, r, on ? t->accent : t->surface,
		                        on ? 0 : t->border, m->radius);
		if (!tg || !c)
			break;
		tg->selected = on;
		tg->group = build_word(bd, WORD_LANGUAGE);
		c->target = (int)(tg - bd->l->targets);
		bd->lang = tag;
		int lh = bd->ms->line_height(bd->ms->ctx, FONT_BUTTON);
		build_line(bd, LAYER_SCROLL, r.x + pad / 2, r.y + (r.h - lh) / 2, r.w - pad, name,
		           FONT_BUTTON, on ? t->on_accent : t->accent, ALIGN_CENTER);
		bd->lang = screen_lang;
		cx += bw + pad / 2;
	}
	return cy + m->target;
}

/* ---- article blocks -------------------------------------------------------- */

/* Moves the draw commands from mark on by dx: a paragraph laid out before
 * its direction was known goes to the other side of its margin. */
static void shift_cmds(Builder *bd, size_t mark, int dx)
{
	for (size_t i = mark; i < bd->l->ncmds; i++)
		bd->l->cmds[i].r.x += dx;
}

/* A list item: its bullet or number in the margin at the paragraph's
 * start (the right of a right-to-left one), its text indented by its
 * depth. Returns the text's height. */
static int list_item(Builder *bd, const DocBlock *b, TextBox box)
{
	const Theme *t = bd->t;
	int body = bd->m->font_px[FONT_BODY];
	int depth = b->list_depth < 1 ? 1 : b->list_depth > 6 ? 6 : b->list_depth;
	int indent = depth * body * 3 / 2;
	char buf[32];
	doc_list_marker(b, buf, sizeof(buf));
	char *mark = arena_strdup(bd->l->arena, buf);
	if (!mark) {
		bd->oom = true;
		return 0;
	}
	int lh = bd->ms->line_height(bd->ms->ctx, FONT_BODY);
	int x = box.x, width = box.width;
	box.x += indent;
	box.width -= indent;
	size_t mark_at = bd->l->ncmds;
	bool rtl;
	int h = paragraph(bd, &box, b->spans, b->nspans, FONT_BODY, &rtl);
	if (rtl)
		shift_cmds(bd, mark_at, -indent);
	/* "1." reads ".1" in a right-to-left list, as browsers show it. */
	TextStyle ms = {FONT_BODY, rtl, bd->lang};
	int mw = build_measure(bd->ms, FONT_BODY, mark, strlen(mark));
	int mx = rtl ? x + width - indent + body / 2 : x + indent - mw - body / 2;
	if (!emit_text(bd, LAYER_SCROLL, &ms, mark, strlen(mark), mx, box.y, mw, lh, t->accent))
		bd->oom = true;
	return h;
}

/* A numbered note at the end of its topic; the first of a run has a rule
 * and a label above it. Its number stands at the paragraph's start, as a
 * list item's. Returns the y below it. */
static int note(Builder *bd, const DocBlock *b, bool after_note, int x, int y, int width)
{
	const Metrics *m = bd->m;
	const Theme *t = bd->t;
	int body = m->font_px[FONT_BODY];
	if (!after_note) {
		y += m->gap / 2;
		int rule = width / 3;
		build_rect(
		    bd, LAYER_SCROLL,
		    (Rect){bd->rtl ? x + width - rule : x, y, rule, body / 15 > 1 ? body / 15 : 1},
		    t->border, 0, 0);
		y += m->gap / 2;
		TextBox lab = {LAYER_SCROLL, x, y, width, t->muted, ALIGN_START, 0, true};
		y += build_text(bd, &lab, build_word(bd, WORD_NOTES), FONT_SMALL) + m->gap / 3;
	}
	char *mark = arena_printf(bd->l->arena, "%d.", b->list_number);
	if (!mark) {
		bd->oom = true;
		return y;
	}
	int indent = body * 3 / 2; /* as a list item's */
	int lh = bd->ms->line_height(bd->ms->ctx, FONT_BODY);
	TextBox box = {LAYER_SCROLL, x + indent, y, width - indent, t->text, ALIGN_START, 0, false};
	size_t at = bd->l->ncmds;
	bool rtl;
	int h = paragraph(bd, &box, b->spans, b->nspans, FONT_BODY, &rtl);
	if (rtl)
		shift_cmds(bd, at, -indent);
	TextStyle ms = {FONT_BODY, rtl, bd->lang};
	int mw = build_measure(bd->ms, FONT_BODY, mark, strlen(mark));
	int mx = rtl ? x + width - indent + body / 2 : x + indent - mw - body / 2;
	if (!emit_text(bd, LAYER_SCROLL, &ms, mark, strlen(mark), mx, y, mw, lh, t->accent))
		bd->oom = true;
	return y + (h > lh ? h : lh) + m->gap / 2;
}

/* A picture in the text column (block i of its run), with its caption
 * below; a target that opens it full screen when targets is set. Returns
 * the y below it. */
static int picture_block(Builder *bd, const DocBlock *b, size_t i, Rect col, int view_h,
                         bool targets)
{
	const Metrics *m = bd->m;
	int y = col.y;
	Rect r =
	    build_image(bd, LAYER_SCROLL, b, (Rect){col.x, y, col.w, view_h * 55 / 100}, false);
	if (r.w == 0)
		return y;
	if (targets) {
		const char *label = b->alt && *b->alt ? b->alt : build_word(bd, WORD_PICTURE);
		char id[32];
		snprintf(id, sizeof(id), "image-%zu", i);
		Target *tg = target(bd, TARGET_IMAGE, (int)i, LAYER_SCROLL, r, label, id);
		if (tg)
			tg->image = b;
	}
	y += r.h + m->gap / 2;
	if (b->alt && *b->alt) {
		TextBox cap = {LAYER_SCROLL, r.x, y, r.w, bd->t->muted, ALIGN_START, 0, false};
		if (r.w < col.w / 2) {
			cap.x = col.x;
			cap.width = col.w;
		}
		y += build_text(bd, &cap, b->alt, FONT_CAPTION);
	}
	return y + m->gap;
}

/* Lays out a run of blocks in a column; returns the y below them. */
int build_blocks(Builder *bd, const DocBlock *bl, size_t n, int x, int y, int width, int view_h,
                 bool topic_targets)
{
	const Metrics *m = bd->m;
	const Theme *t = bd->t;
	int body = m->font_px[FONT_BODY];
	for (size_t i = 0; i < n && !bd->oom; i++) {
		const DocBlock *b = &bl[i];
		bool next_is_item = i + 1 < n && bl[i + 1].type == DOC_LIST_ITEM;
		TextBox box = {LAYER_SCROLL, x, y, width, t->text, ALIGN_START, 0, false};
		int top = y;
		size_t anchor = bd->l->nanchors, first_cmd = bd->l->ncmds;
		build_anchor(bd, y, 0);
		switch (b->type) {
		case DOC_TABLE:
			y = build_table(bd, b->table, x, y, width) + m->gap;
			break;
		case DOC_NOTE:
			y = note(bd, b, i > 0 && bl[i - 1].type == DOC_NOTE, x, y, width);
			break;
		case DOC_PARA:
			y += build_spans(bd, &box, b->spans, b->nspans, FONT_BODY) + m->gap;
			break;
		case DOC_SUBHEADING:
			box.y = y += m->gap / 2;
			y += build_spans(bd, &box, b->spans, b->nspans, FONT_SUBHEAD) + m->gap / 2;
			break;
		case DOC_QUOTE: {
			int bar = body / 6 > 3 ? body / 6 : 3;
			box.x = x + bar + body;
			box.width = width - bar - body;
			box.color = t->muted;
			size_t mark = bd->l->ncmds;
			bool rtl;
			int h = paragraph(bd, &box, b->spans, b->nspans, FONT_BODY_ITALIC, &rtl);
			/* The bar stands at the quote's start side. */
			if (rtl)
				shift_cmds(bd, mark, -(bar + body));
			build_rect(bd, LAYER_SCROLL, (Rect){rtl ? x + width - bar : x, y, bar, h},
			           t->accent, 0, 0);
			y += h + m->gap;
			break;
		}
		case DOC_LIST_ITEM:
			y += list_item(bd, b, box);
			if (!bd->oom)
				y += next_is_item ? m->gap / 3 : m->gap;
			break;
		case DOC_IMAGE:
			y = picture_block(bd, b, i, (Rect){x, y, width, 0}, view_h, topic_targets);
			break;
		}
		/* The block with the space below it: the view's top edge is
		 * always in one block or above the first. */
		if (anchor < bd->l->nanchors)
			bd->l->anchors[anchor].h = y - top;
		if (bd->reading && bd->reading->block == (int)i && topic_targets)
			build_underline(bd, first_cmd, b, NULL);
	}
	return y;
}

/* ---- the bar at the foot of a visitor's screen ------------------------------ */

/* The visitor's own controls, at the end of the bar where lines end (the
 * right, the left of a right-to-left screen): high contrast and the text
 * sizes. A choice in force is filled with the accent; the others
 * are outlined, so they read as buttons in any theme. */
typedef struct {
	TargetKind kind;
	int index;
	WordId word;
	const char *id;
} Tool;

static const Tool TOOLS[] = {
    {TARGET_CONTRAST, 1, WORD_HIGH_CONTRAST, "contrast"},
    {TARGET_TEXT_SIZE, 0, WORD_TEXT_SIZE_0, "text-size-0"},
    {TARGET_TEXT_SIZE, 1, WORD_TEXT_SIZE_1, "text-size-1"},
    {TARGET_TEXT_SIZE, 2, WORD_TEXT_SIZE_2, "text-size-2"},
};
#define NTOOLS (sizeof(TOOLS) / sizeof(TOOLS[0]))
#define TOOLS_MAX (NTOOLS + 2)

/* The tools a screen shows: on a topic that a voice can read, first Listen
 * (or, while it reads, Pause or Go on, and Stop); then the table's. */
static size_t tools_of(const View *v, Tool *out)
{
	size_t n = 0;
	if (v->screen == SCREEN_TOPIC && v->can_listen) {
		if (!v->listening) {
			out[n++] = (Tool){TARGET_LISTEN, 0, WORD_LISTEN, "listen"};
		} else {
			out[n++] = v->paused ? (Tool){TARGET_LISTEN, 0, WORD_GO_ON, "listen"}
			                     : (Tool){TARGET_PAUSE, 0, WORD_PAUSE, "pause"};
			out[n++] = (Tool){TARGET_STOP, 0, WORD_STOP, "stop"};
		}
	}
	for (size_t i = 0; i < NTOOLS; i++)
		out[n++] = TOOLS[i];
	return n;
}

/* A toggle that is on says so with a tick before its label, beside its
 * fill: a filled button alone could be any button. */
static const char TICK[] = "\xE2\x9C\x93 ";

static int tool_width(Builder *bd, const Tool *tl)
{
	const char *label = build_word(bd, tl->word);
	int w = build_measure(bd->ms, FONT_BUTTON, label, strlen(label)) + bd->m->target / 2;
	if (tl->kind == TARGET_CONTRAST)
		w += build_measure(bd->ms, FONT_BUTTON, TICK, sizeof(TICK) - 1);
	return w < bd->m->target ? bd->m->target : w;
}

/* Whether a tool's choice is the one in force (the contrast toggle turns
 * to its other state when tapped); the reading's controls are plain
 * buttons. */
static bool tool_on(const Tool *tl, const View *v)
{
	if (tl->kind == TARGET_CONTRAST)
		return v->prefs.high_contrast;
	if (tl->kind == TARGET_TEXT_SIZE)
		return v->prefs.text_size == tl->index;
	return false;
}

/* The space after a tool: a little more after the last of a kind, so the
 * groups stand apart. */
static int tool_gap(const Tool *tl, const Tool *next, int gap)
{
	return next && next->kind != tl->kind && tl->kind != TARGET_PAUSE ? 2 * gap : gap;
}

static int tools_width(Builder *bd, const View *v, int gap)
{
	Tool list[TOOLS_MAX];
	size_t n = tools_of(v, list);
	int w = 0;
	for (size_t i = 0; i < n; i++)
		w += tool_width(bd, &list[i]) +
		     (i + 1 < n ? tool_gap(&list[i], &list[i + 1], gap) : 0);
	return w;
}

static void tools(Builder *bd, const View *v, int x, int y, int gap)
{
	const Metrics *m = bd->m;
	const Theme *t = bd->t;
	int lh = bd->ms->line_height(bd->ms->ctx, FONT_BUTTON);
	Tool list[TOOLS_MAX];
	size_t n = tools_of(v, list);
	for (size_t i = 0; i < n && !bd->oom; i++) {
		const Tool *tl = &list[i];
		const char *label = build_word(bd, tl->word);
		/* Laid out left to right, then mirrored on a right-to-left
		 * screen: Listen comes first where lines start. */
		int w = tool_width(bd, tl);
		Rect r = {build_x(bd, x, w), y, w, m->target};
		bool on = tool_on(tl, v);
		int index = tl->kind == TARGET_CONTRAST ? !on : tl->index;
		Target *tg = target(bd, tl->kind, index, LAYER_FIXED, r, label, tl->id);
		DrawCmd *c = build_rect(bd, LAYER_FIXED, r, on ? t->accent : t->surface,
		                        on ? 0 : t->border, m->radius);
		if (!tg || !c)
			return;
		tg->selected = on;
		if (tl->kind == TARGET_TEXT_SIZE)
			tg->group = build_word(bd, WORD_TEXT_SIZE);
		c->target = (int)(tg - bd->l->targets);
		const char *shown = label;
		if (on && tl->kind == TARGET_CONTRAST) {
			shown = arena_printf(bd->l->arena, "%s%s", TICK, label);
			if (!shown) {
				bd->oom = true;
				return;
			}
		}
		/* Each label in its own letters' direction: "A+" reads so on a
		 * right-to-left screen, as its Arabic reads right to left. */
		build_line(bd, LAYER_FIXED, r.x, r.y + (r.h - lh) / 2, r.w, shown, FONT_BUTTON,
		           on ? t->on_accent : t->text, ALIGN_CENTER);
		x += r.w + (i + 1 < n ? tool_gap(tl, &list[i + 1], gap) : 0);
	}
}

Rect build_bar(Builder *bd, const View *v, int nav_min)
{
	const Metrics *m = bd->m;
	const Theme *t = bd->t;
	int pad = (m->bar_h - m->target) / 2;
	int bx = m->margin < pad ? pad : m->margin / 2;
	int inner = m->w - 2 * bx;
	int gap = pad / 2 > 4 ? pad / 2 : 4;
	int tw = tools_width(bd, v, gap);
	/* One row when the navigation keeps the room it needs beside the
	 * visitor's controls; else (portrait, narrow panels) two, the
	 * navigation nearest the bottom edge as on a wide screen. */
	bool one = inner - tw - pad >= nav_min;
	int h = one ? m->bar_h : 2 * m->target + 3 * pad;
	int top = m->h - h;
	bd->l->scroll_view.h = top;
	build_rect(bd, LAYER_FIXED, (Rect){0, top, m->w, h}, t->surface, 0, 0);
	build_rect(bd, LAYER_FIXED, (Rect){0, top, m->w, 2}, t->border, 0, 0);
	tools(bd, v, m->w - bx - tw, top + pad, gap);
	if (one)
		return (Rect){bx, top + pad, inner - tw - pad, m->target};
	return (Rect){bx, top + 2 * pad + m->target, inner, m->target};
}

/* ---- the sentence read aloud ---------------------------------------------- */

void build_underline(Builder *bd, size_t from, const DocBlock *b, const char *title)
{
	const Sentence *s = bd->reading;
	Layout *l = bd->l;
	size_t to = l->ncmds;
	int thick = bd->m->font_px[FONT_BODY] / 8 > 3 ? bd->m->font_px[FONT_BODY] / 8 : 3;
	bool first = true;
	for (size_t i = from; i < to && !bd->oom; i++) {
		/* Copied: adding a rect may move the commands. */
		DrawCmd c = l->cmds[i];
		if (c.kind != DRAW_TEXT)
			continue;
		size_t off = b ? sentences_offset(b, c.text)
		               : (c.text >= title && c.text < title + strlen(title)
		                      ? (size_t)(c.text - title)
		                      : (size_t)-1);
		if (off == (size_t)-1)
			continue;
		size_t a = off > s->start ? off : s->start;
		size_t z = off + c.len < s->end ? off + c.len : s->end;
		if (a >= z)
			continue;
		/* The run's text is in logical order: in a right-to-left run
		 * the sentence's part starts from the run's right edge. */
		TextStyle st = {c.font, c.rtl, c.lang};
		int before = a > off ? bd->ms->text_width(bd->ms->ctx, &st, c.text, a - off) : 0;
		int w = bd->ms->text_width(bd->ms->ctx, &st, c.text + (a - off), z - a);
		int x0 = c.rtl ? c.r.x + c.r.w - before - w : c.r.x + before;
		Rect r = {x0, c.r.y + c.r.h - thick, w, thick};
		build_rect(bd, c.layer, r, bd->t->accent, 0, 0);
		if (first) {
			l->reading = (Rect){c.r.x, c.r.y, c.r.w, c.r.h};
			first = false;
		}
	}
}

/* ---- helpers of the screens ------------------------------------------------- */

const char *build_word(const Builder *bd, WordId id)
{
	return word(bd->words, id);
}

const char *build_fill(Builder *bd, WordId id, const char *const *args, size_t nargs)
{
	const char *tmpl = word(bd->words, id);
	size_t need = words_fill(NULL, 0, tmpl, args, nargs) + 1;
	char *s = arena_alloc(bd->l->arena, need);
	if (!s) {
		bd->oom = true;
		return "";
	}
	words_fill(s, need, tmpl, args, nargs);
	return s;
}

int build_column_x(const Metrics *m, int width)
{
	return (m->w - width) / 2;
}

const DocArticle *build_article(const DocLibrary *lib, int i)
{
	if (!lib || i < 0 || (size_t)i >= lib->narticles)
		return NULL;
	return &lib->articles[i];
}
