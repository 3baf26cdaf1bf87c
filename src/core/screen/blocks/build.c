#include "core/screen/blocks/build.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/document/model/lang.h"
#include "core/screen/look/words.h"
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

bool build_run(Builder *bd, DrawLayer layer, const TextStyle *st, const char *s, size_t len, int x,
               int y, int w, int h, Color c)
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
		if (!build_run(bd, box->layer, &es, ELLIPSIS, sizeof(ELLIPSIS) - 1, left, y, ew,
		               ts->line_h, box->color))
			return false;
		x0 += ew;
	}
	for (size_t i = a; i < z; i++) {
		TextStyle st = {v[i].font, v[i].rtl, bd->lang};
		Rect run = {x0 + v[i].x, y, v[i].w, ts->line_h};
		if (!build_run(bd, box->layer, &st, v[i].s, v[i].len, run.x,
		               y + rise(bd, v[i].style), run.w, ts->line_h, box->color) ||
		    !decorate(bd, box->layer, run, v[i].style, box->color))
			return false;
	}
	if (cut && !ln->rtl && z > a) {
		if (!build_run(bd, box->layer, &es, ELLIPSIS, sizeof(ELLIPSIS) - 1,
		               x0 + v[z - 1].x + v[z - 1].w, y, ew, ts->line_h, box->color))
			return false;
	}
	return true;
}

/* Lays out styled text as one paragraph; returns its height (0 for no
 * text) and, in *rtl when given, whether the paragraph runs right to left
 * (its own first strong letter decides; the screen's direction when it
 * has none). */
int build_paragraph(Builder *bd, const TextBox *box, const DocSpan *spans, size_t n, FontId base,
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
	return build_paragraph(bd, box, spans, n, base, NULL);
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

Target *build_target(Builder *bd, TargetKind kind, int index, DrawLayer layer, Rect r,
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
	Target *t = build_target(bd, kind, index, layer, r, label, id);
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
	Target *t = build_target(bd, kind, index, LAYER_SCROLL, r, label, id);
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
	build_run(bd, LAYER_SCROLL, &cs, chev, strlen(chev), bd->rtl ? x + pad : x + w - pad - cw,
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
		Target *tg = build_target(bd, TARGET_LANGUAGE, v[i], LAYER_SCROLL, r, name, id);
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
