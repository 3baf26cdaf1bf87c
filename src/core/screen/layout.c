#include "core/screen/layout.h"

#include <stdlib.h>
#include <string.h>

#include "core/document/model/lang.h"
#include "core/screen/blocks/build.h"
#include "core/screen/look/words.h"

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
	free(l->tables);
	free(l->anchors);
	memset(l, 0, sizeof(*l));
}

/* ---- building a screen -------------------------------------------------------- */

/* 1 when a text's first strong letter is right to left, 0 when it is left
 * to right, -1 when it has none (or memory ran out): asked both ways, a
 * text without strong letters takes whichever direction it is given. */
static int text_dir(const LayoutMeasure *ms, const char *s)
{
	size_t len = s ? strlen(s) : 0;
	if (!ms->bidi_levels || !len)
		return -1;
	uint8_t *levels = malloc(len);
	if (!levels)
		return -1;
	int ltr = ms->bidi_levels(ms->ctx, s, len, TEXT_DIR_AUTO_LTR, levels);
	int rtl = ms->bidi_levels(ms->ctx, s, len, TEXT_DIR_AUTO_RTL, levels);
	free(levels);
	return ltr < 0 || ltr != rtl ? -1 : ltr;
}

/* Which way an article's screens read: as its language is written, else
 * as its title (or its first topic's) begins. */
static bool article_rtl(const LayoutMeasure *ms, const DocArticle *a)
{
	int d = lang_dir(a->lang);
	if (d >= 0)
		return d;
	d = text_dir(ms, a->title);
	if (d < 0 && a->ntopics)
		d = text_dir(ms, a->topics[0].title);
	return d == 1;
}

/* Empties out for a build at m; false when there is no memory for it. */
static bool layout_begin(Layout *out, const Metrics *m, const Theme *theme,
                         const LayoutMeasure *measure)
{
	if (!out->arena)
		out->arena = arena_new(16 * 1024);
	else
		arena_reset(out->arena);
	out->ncmds = 0;
	out->ntargets = 0;
	out->ntables = 0;
	out->nanchors = 0;
	out->content_h = 0;
	out->metrics = *m;
	out->title = "";
	out->hand = (Rect){0, 0, 0, 0};
	out->reading = (Rect){0, 0, 0, 0};
	out->lang = "";
	out->rtl = false;
	out->prompt = NULL;
	out->background = theme->background;
	out->scroll_view = (Rect){0, 0, m->w, m->h};
	if (!out->arena)
		return false;
	if (measure->use_metrics)
		measure->use_metrics(measure->ctx, m);
	return true;
}

static int layout_end(Layout *out, const Builder *bd)
{
	if (bd->oom) {
		out->ncmds = out->ntargets = out->ntables = out->nanchors = 0;
		out->content_h = 0;
		return -1;
	}
	return 0;
}

int layout_overlay(Layout *out, const View *view, const Layout *under, int phase, const Metrics *m,
                   const Theme *theme, const LayoutMeasure *measure)
{
	if (!layout_begin(out, m, theme, measure))
		return -1;
	/* The words of the screen under it, in its language and direction. */
	Builder bd = {.l = out, .m = m, .t = theme, .ms = measure, .lang = ""};
	if (under) {
		bd.words = words_for(measure->lexicon, under->lang);
		bd.lang = out->lang = under->lang ? under->lang : "";
		bd.rtl = out->rtl = under->rtl;
	}
	out->scroll_view.h = 0;
	if (view->countdown > 0)
		screens_warning(&bd, view);
	else if (view->screen == SCREEN_ATTRACT && under && under->hand.w > 0)
		screens_hand(&bd, under->hand, phase);
	return layout_end(out, &bd);
}

int layout_build(Layout *out, const View *view, const DocLibrary *lib, const Metrics *m,
                 const Theme *theme, const LayoutMeasure *measure)
{
	if (!layout_begin(out, m, theme, measure))
		return -1;
	Builder bd = {.l = out, .m = m, .t = theme, .ms = measure, .lib = lib};
	/* A screen speaks its article's language, else the settings'. */
	const DocArticle *a = build_article(lib, view->article);
	const Lexicon *lx = measure->lexicon;
	const char *main_lang = lx && lx->main ? lx->main->lang : "";
	bd.words = words_for(lx, a ? a->lang : "");
	bd.lang = a && a->lang && *a->lang ? a->lang : main_lang;
	bd.rtl = a ? article_rtl(measure, a) : lang_dir(main_lang) == 1;
	out->lang = bd.lang;
	out->rtl = bd.rtl;
	switch (view->screen) {
	case SCREEN_HOME:
		if (view->article < 0)
			screens_articles(&bd, view);
		else
			screens_home(&bd, view, view->article);
		break;
	case SCREEN_TOPIC:
		screens_topic(&bd, view);
		break;
	case SCREEN_IMAGE:
		screens_image(&bd, view);
		break;
	case SCREEN_ATTRACT:
		screens_attract(&bd, view);
		break;
	case SCREEN_NOTICE:
	case SCREEN_IMPORT:
		screens_message(&bd, view);
		break;
	case SCREEN_SERVICE:
		staff_screen(&bd, view);
		break;
	case SCREEN_CLOCK:
		screens_clock(&bd, view);
		break;
	}
	return layout_end(out, &bd);
}

/* ---- what is where ------------------------------------------------------------ */

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

bool layout_target_rect(const Layout *l, size_t i, int scroll, Rect *out)
{
	if (i >= l->ntargets)
		return false;
	const Target *t = &l->targets[i];
	Rect r = on_screen(l, t, scroll);
	if (t->layer == LAYER_SCROLL)
		return rect_intersect(r, l->scroll_view, out);
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

/* ---- what a control is --------------------------------------------------------- */

const char *layout_target_role(const Target *t)
{
	switch (t->kind) {
	case TARGET_ARTICLE:
	case TARGET_TOPIC:
		return "tile";
	case TARGET_IMAGE:
		return "picture";
	case TARGET_TEXT_SIZE:
	case TARGET_CONTRAST:
	case TARGET_LANGUAGE:
		return "toggle";
	case TARGET_HOME:
	case TARGET_PREV:
	case TARGET_NEXT:
	case TARGET_CLOSE:
	case TARGET_ACTION:
	case TARGET_LISTEN:
	case TARGET_PAUSE:
	case TARGET_STOP:
	case TARGET_CLOCK_STEP:
	case TARGET_CLOCK_SAVE:
		break;
	case TARGET_SERVICE:
		/* The rotations are one choice of four. */
		return t->group ? "toggle" : "button";
	}
	return "button";
}

const char *layout_target_group(const Target *t)
{
	return t->group;
}

/* ---- the reading position ------------------------------------------------------ */

/* The top of the highest anchor: above it is the screen's heading. */
static int anchors_top(const Layout *l)
{
	int top = 0;
	for (size_t i = 0; i < l->nanchors; i++)
		if (i == 0 || l->anchors[i].y < top)
			top = l->anchors[i].y;
	return top;
}

LayoutPlace layout_place(const Layout *l, int scroll)
{
	LayoutPlace p = {-1, 0};
	int top = anchors_top(l);
	if (scroll < top) {
		/* In the heading, kept as a share of its height. */
		p.into = top > 0 ? (double)scroll / top : 0;
		return p;
	}
	int below = -1;
	for (size_t i = 0; i < l->nanchors; i++) {
		const LayoutAnchor *a = &l->anchors[i];
		if (a->y <= scroll && scroll < a->y + a->h) {
			p.anchor = (int)i;
			p.into = a->h > 0 ? (double)(scroll - a->y) / a->h : 0;
			return p;
		}
		if (a->y > scroll && (below < 0 || a->y < l->anchors[below].y))
			below = (int)i;
	}
	/* Between two anchors the next one goes to the top; below the last,
	 * the end stays in view. */
	p.anchor = below >= 0 ? below : (int)l->nanchors;
	return p;
}

int layout_place_scroll(const Layout *l, LayoutPlace p)
{
	double y;
	if (p.anchor < 0)
		y = p.into * anchors_top(l);
	else if ((size_t)p.anchor < l->nanchors)
		y = l->anchors[p.anchor].y + p.into * l->anchors[p.anchor].h;
	else
		y = l->content_h;
	int s = (int)(y + 0.5);
	int max = layout_max_scroll(l);
	return s < 0 ? 0 : s > max ? max : s;
}
