#include "core/screen/build.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
} TextSink;

static const char ELLIPSIS[] = "\xE2\x80\xA6";

int build_measure(const LayoutMeasure *ms, FontId f, const char *s, size_t len)
{
	return len ? ms->text_width(ms->ctx, f, s, len) : 0;
}

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

/* Where the run that starts at runs[i] ends: neighbouring runs in the same
 * font that are contiguous in the source text (separated only by spaces)
 * become one, so a line of plain text is one draw command. Returns the
 * index past the last run joined; *end is where its text ends. */
static size_t join_runs(const WrapRun *runs, size_t i, size_t n, const char **end)
{
	size_t j = i + 1;
	*end = runs[i].s + runs[i].len;
	while (j < n && runs[j].font == runs[i].font && runs[j].style == runs[i].style &&
	       runs[j].s >= *end) {
		const char *p = *end;
		while (p < runs[j].s && *p == ' ')
			p++;
		if (p != runs[j].s)
			break;
		*end = runs[j].s + runs[j].len;
		j++;
	}
	return j;
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

/* Emits a line as draw commands; the last line a box allows ends in an
 * ellipsis when text remains. */
static bool sink_line(void *user, const WrapLine *ln, int index, bool last)
{
	TextSink *ts = user;
	Builder *bd = ts->bd;
	const TextBox *box = ts->box;
	const WrapRun *v = ln->runs;
	int y = box->y + index * ts->line_h;
	int shift = box->align == ALIGN_CENTER ? (box->width - ln->width) / 2 : 0;
	bool cut = box->max_lines && index == box->max_lines - 1 && !last;
	size_t n = ln->n;
	if (cut) {
		/* Make room for the ellipsis on the last allowed line. */
		FontId ef = n ? v[n - 1].font : FONT_BODY;
		int limit = box->width - build_measure(bd->ms, ef, ELLIPSIS, sizeof(ELLIPSIS) - 1);
		while (n > 1 && v[n - 1].x + v[n - 1].w > limit)
			n--;
	}
	for (size_t i = 0; i < n;) {
		const char *end;
		size_t j = join_runs(v, i, n, &end);
		const WrapRun *a = &v[i], *z = &v[j - 1];
		Rect run = {box->x + shift + a->x, y, z->x + z->w - a->x, ts->line_h};
		if (!emit_text(bd, box->layer, a->font, a->s, (size_t)(end - a->s), run.x,
		               y + rise(bd, a->style), run.w, ts->line_h, box->color) ||
		    !decorate(bd, box->layer, run, a->style, box->color))
			return false;
		i = j;
	}
	if (cut && n > 0) {
		const WrapRun *z = &v[n - 1];
		int ew = build_measure(bd->ms, z->font, ELLIPSIS, sizeof(ELLIPSIS) - 1);
		if (!emit_text(bd, box->layer, z->font, ELLIPSIS, sizeof(ELLIPSIS) - 1,
		               box->x + shift + z->x + z->w, y, ew, ts->line_h, box->color))
			return false;
	}
	return true;
}

/* Lays out styled text; returns its height (0 for no text). */
int build_spans(Builder *bd, const TextBox *box, const DocSpan *spans, size_t n, FontId base)
{
	if (bd->oom || box->width <= 0)
		return 0;
	TextSink ts = {bd, box, bd->ms->line_height(bd->ms->ctx, base)};
	WrapBox wb = {box->width, box->max_lines, sink_line, &ts};
	int lines = wrap_spans(bd->ms, &wb, spans, n, base);
	if (lines < 0) {
		bd->oom = true;
		return 0;
	}
	return lines * ts.line_h;
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
	TextBox box = {layer, x, y, width, c, align, 1};
	return build_text(bd, &box, s, f);
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
		build_line(bd, layer, r.x + pad, y, r.w - 2 * pad, small, FONT_LABEL,
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
	TextBox box = {LAYER_SCROLL, x + pad, 0, tw, bd->t->text, ALIGN_LEFT, 2};
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
	box.y = ty;
	build_text(bd, &box, label, FONT_TILE);
	if (sub)
		build_line(bd, LAYER_SCROLL, x + pad, ty + th, tw, sub, FONT_SMALL, bd->t->muted,
		           ALIGN_LEFT);
	emit_text(bd, LAYER_SCROLL, FONT_TITLE, chev, strlen(chev), x + w - pad - cw,
	          y + (h - ch) / 2, cw, ch, bd->t->accent);
	return h;
}

/* ---- article blocks -------------------------------------------------------- */

/* A list item: its bullet or number in the margin, its text indented by
 * its depth. Returns the text's height. */
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
	int mw = build_measure(bd->ms, FONT_BODY, mark, strlen(mark));
	int lh = bd->ms->line_height(bd->ms->ctx, FONT_BODY);
	emit_text(bd, LAYER_SCROLL, FONT_BODY, mark, strlen(mark), box.x + indent - mw - body / 2,
	          box.y, mw, lh, t->accent);
	box.x += indent;
	box.width -= indent;
	return build_spans(bd, &box, b->spans, b->nspans, FONT_BODY);
}

/* A numbered note at the end of its topic; the first of a run has a rule
 * and a label above it. Returns the y below it. */
static int note(Builder *bd, const DocBlock *b, bool after_note, int x, int y, int width)
{
	const Metrics *m = bd->m;
	const Theme *t = bd->t;
	int body = m->font_px[FONT_BODY];
	if (!after_note) {
		y += m->gap / 2;
		build_rect(bd, LAYER_SCROLL, (Rect){x, y, width / 3, body / 15 > 1 ? body / 15 : 1},
		           t->border, 0, 0);
		y += m->gap / 2;
		TextBox lab = {LAYER_SCROLL, x, y, width, t->muted, ALIGN_LEFT, 0};
		y += build_text(bd, &lab, "Notes", FONT_SMALL) + m->gap / 3;
	}
	char *mark = arena_printf(bd->l->arena, "%d.", b->list_number);
	if (!mark) {
		bd->oom = true;
		return y;
	}
	int indent = body * 3 / 2; /* as a list item's */
	int mw = build_measure(bd->ms, FONT_BODY, mark, strlen(mark));
	int lh = bd->ms->line_height(bd->ms->ctx, FONT_BODY);
	emit_text(bd, LAYER_SCROLL, FONT_BODY, mark, strlen(mark), x + indent - mw - body / 2, y,
	          mw, lh, t->accent);
	TextBox box = {LAYER_SCROLL, x + indent, y, width - indent, t->text, ALIGN_LEFT, 0};
	int h = build_spans(bd, &box, b->spans, b->nspans, FONT_BODY);
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
		const char *label = b->alt && *b->alt ? b->alt : "Picture";
		char id[32];
		snprintf(id, sizeof(id), "image-%zu", i);
		Target *tg = target(bd, TARGET_IMAGE, (int)i, LAYER_SCROLL, r, label, id);
		if (tg)
			tg->image = b;
	}
	y += r.h + m->gap / 2;
	if (b->alt && *b->alt) {
		TextBox cap = {LAYER_SCROLL, r.x, y, r.w, bd->t->muted, ALIGN_LEFT, 0};
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
		TextBox box = {LAYER_SCROLL, x, y, width, t->text, ALIGN_LEFT, 0};
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
			int h = build_spans(bd, &box, b->spans, b->nspans, FONT_BODY_ITALIC);
			build_rect(bd, LAYER_SCROLL, (Rect){x, y, bar, h}, t->accent, 0, 0);
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

/* The visitor's own controls, at the right of the bar: high contrast and
 * the text sizes. A choice in force is filled with the accent; the others
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
	const char *label = words_get(tl->word);
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
		const char *label = words_get(tl->word);
		Rect r = {x, y, tool_width(bd, tl), m->target};
		bool on = tool_on(tl, v);
		int index = tl->kind == TARGET_CONTRAST ? !on : tl->index;
		Target *tg = target(bd, tl->kind, index, LAYER_FIXED, r, label, tl->id);
		DrawCmd *c = build_rect(bd, LAYER_FIXED, r, on ? t->accent : t->surface,
		                        on ? 0 : t->border, m->radius);
		if (!tg || !c)
			return;
		tg->selected = on;
		c->target = (int)(tg - bd->l->targets);
		const char *shown = label;
		if (on && tl->kind == TARGET_CONTRAST) {
			shown = arena_printf(bd->l->arena, "%s%s", TICK, label);
			if (!shown) {
				bd->oom = true;
				return;
			}
		}
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
		int x0 = c.r.x + build_measure(bd->ms, c.font, c.text, a - off);
		int w = build_measure(bd->ms, c.font, c.text + (a - off), z - a);
		Rect r = {x0, c.r.y + c.r.h - thick, w, thick};
		build_rect(bd, c.layer, r, bd->t->accent, 0, 0);
		if (first) {
			l->reading = (Rect){c.r.x, c.r.y, c.r.w, c.r.h};
			first = false;
		}
	}
}

/* ---- helpers of the screens ------------------------------------------------- */

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
