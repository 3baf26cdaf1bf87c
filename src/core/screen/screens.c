/* screens: each screen of the kiosk (Home, a topic, a picture full screen,
 * attract mode, notices and the import's progress) made from the building
 * blocks of build.h; layout_build picks one by the View. */
#include <stdio.h>
#include <string.h>

#include "core/document/model/lang.h"
#include "core/screen/build.h"

/* The most languages of one article Home offers. */
#define NAV_LANGS_SHOWN 16

void screens_articles(Builder *bd)
{
	const Metrics *m = bd->m;
	Layout *l = bd->l;
	int cw = m->column;
	int x = build_column_x(m, cw), y = m->margin;
	l->title = build_word(bd, WORD_HEALTH_INFORMATION);
	TextBox box = {LAYER_SCROLL, x, y, cw, bd->t->accent, ALIGN_START, 0, true};
	y += build_text(bd, &box, l->title, FONT_TITLE) + m->gap;
	box = (TextBox){LAYER_SCROLL, x, y, cw, bd->t->muted, ALIGN_START, 0, true};
	y += build_text(bd, &box, build_word(bd, WORD_TAP_A_SUBJECT), FONT_BODY) + m->gap;
	for (size_t i = 0; i < bd->lib->narticles && !bd->oom; i++) {
		const DocArticle *a = &bd->lib->articles[i];
		/* One tile an article, however many languages it comes in. */
		if (doc_primary(bd->lib, (int)i) != (int)i)
			continue;
		char id[32];
		snprintf(id, sizeof(id), "article-%zu", i);
		char n[24];
		snprintf(n, sizeof(n), "%zu", a->ntopics);
		const char *args[] = {n};
		const char *sub = build_fill(bd, WORD_TOPICS_N, args, 1);
		y += build_tile(bd, x, y, cw, TARGET_ARTICLE, (int)i, id, a->title, sub) +
		     m->gap / 2;
	}
	l->content_h = y + m->margin;
}

void screens_home(Builder *bd, int ai)
{
	const Metrics *m = bd->m;
	const Theme *t = bd->t;
	Layout *l = bd->l;
	const DocArticle *a = build_article(bd->lib, ai);
	if (!a) {
		screens_articles(bd);
		return;
	}
	l->title = a->title;
	/* Several articles (counting one in several languages once) have a
	 * list above them. */
	size_t articles = 0;
	for (size_t i = 0; i < bd->lib->narticles; i++)
		articles += doc_primary(bd->lib, (int)i) == (int)i;
	bool several = articles > 1;
	int view_h = m->h;
	if (several) {
		view_h -= m->bar_h;
		l->scroll_view.h = view_h;
		build_rect(bd, LAYER_FIXED, (Rect){0, view_h, m->w, m->bar_h}, t->surface, 0, 0);
		build_rect(bd, LAYER_FIXED, (Rect){0, view_h, m->w, 2}, t->border, 0, 0);
		int pad = (m->bar_h - m->target) / 2;
		int bw = m->target * 3;
		build_button(bd, LAYER_FIXED,
		             (Rect){build_x(bd, m->margin, bw), view_h + pad, bw, m->target},
		             TARGET_HOME, -1, "home", NULL, build_word(bd, WORD_ALL_SUBJECTS),
		             ALIGN_CENTER);
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
		lx = rx = build_column_x(m, lw);
	}
	/* Right to left, the article's side and the topics' side change
	 * places. */
	lx = build_x(bd, lx, lw);
	rx = build_x(bd, rx, rw);
	int y = m->margin;
	const DocBlock *lead = doc_lead_image(a);
	if (lead) {
		Rect r = build_image(bd, LAYER_SCROLL, lead,
		                     (Rect){lx, y, lw, view_h * (wide ? 36 : 28) / 100}, false);
		if (r.w)
			y += r.h + m->gap;
	}
	TextBox box = {LAYER_SCROLL, lx, y, lw, t->accent, ALIGN_START, 0, false};
	y += build_text(bd, &box, a->title, FONT_TITLE) + m->gap;
	/* The intro without its lead image (already shown above), laid out
	 * in runs so that notes following each other share one heading. */
	size_t skip = lead ? (size_t)(lead - a->intro) : a->nintro;
	y = build_blocks(bd, a->intro, skip, lx, y, lw, view_h, false);
	if (lead)
		y = build_blocks(bd, lead + 1, a->nintro - skip - 1, lx, y, lw, view_h, false);
	int ry = wide ? m->margin : y;
	/* The article's other languages, each by its own name. */
	int v[NAV_LANGS_SHOWN];
	size_t nv = doc_variants(bd->lib, ai, v, NAV_LANGS_SHOWN);
	if (nv > 1) {
		if (nv > NAV_LANGS_SHOWN)
			nv = NAV_LANGS_SHOWN;
		TextBox lab = {LAYER_SCROLL, rx, ry, rw, t->muted, ALIGN_START, 0, true};
		ry += build_text(bd, &lab, build_word(bd, WORD_LANGUAGE), FONT_SMALL) + m->gap / 2;
		ry += build_languages(bd, rx, ry, rw, v, nv, ai) + m->gap;
	}
	if (a->ntopics) {
		TextBox lab = {LAYER_SCROLL, rx, ry, rw, t->muted, ALIGN_START, 0, true};
		ry += build_text(bd, &lab, build_word(bd, WORD_CHOOSE_TOPIC), FONT_SMALL) +
		      m->gap / 2;
	}
	for (size_t i = 0; i < a->ntopics && !bd->oom; i++) {
		char id[32];
		snprintf(id, sizeof(id), "topic-%zu", i);
		ry +=
		    build_tile(bd, rx, ry, rw, TARGET_TOPIC, (int)i, id, a->topics[i].title, NULL) +
		    m->gap / 2;
	}
	int bottom = wide && y > ry ? y : ry;
	l->content_h = bottom + m->margin;
}

void screens_topic(Builder *bd, const View *v)
{
	const Metrics *m = bd->m;
	const Theme *t = bd->t;
	Layout *l = bd->l;
	const DocArticle *a = build_article(bd->lib, v->article);
	if (!a || v->topic < 0 || (size_t)v->topic >= a->ntopics) {
		screens_home(bd, v->article);
		return;
	}
	const DocTopic *tp = &a->topics[v->topic];
	l->title = tp->title;
	int view_h = m->h - m->bar_h;
	l->scroll_view.h = view_h;

	/* Bottom bar: Home, Previous and Next, labelled with the neighbours. */
	build_rect(bd, LAYER_FIXED, (Rect){0, view_h, m->w, m->bar_h}, t->surface, 0, 0);
	build_rect(bd, LAYER_FIXED, (Rect){0, view_h, m->w, 2}, t->border, 0, 0);
	int pad = (m->bar_h - m->target) / 2;
	int bx = m->margin < pad ? pad : m->margin / 2;
	int inner = m->w - 2 * bx;
	const char *home = build_word(bd, WORD_HOME);
	int home_w = build_measure(bd->ms, FONT_BUTTON, home, strlen(home)) + 3 * m->gap;
	if (home_w < m->target * 3 / 2)
		home_w = m->target * 3 / 2;
	int side = (inner - home_w - 2 * pad) / 2;
	const char *prev_caption =
	    arena_printf(l->arena, "\xE2\x80\xB9 %s", build_word(bd, WORD_PREVIOUS));
	const char *next_caption =
	    arena_printf(l->arena, "%s \xE2\x80\xBA", build_word(bd, WORD_NEXT));
	if (!prev_caption || !next_caption) {
		bd->oom = true;
		return;
	}
	int by = view_h + pad;
	/* Previous stands where reading comes from: on the left, or on the
	 * right of a right-to-left article. Its arrow is mirrored with it:
	 * in a right-to-left line the bidi algorithm draws '‹' as '›'. */
	if (v->topic > 0)
		build_button(bd, LAYER_FIXED, (Rect){build_x(bd, bx, side), by, side, m->target},
		             TARGET_PREV, v->topic - 1, "prev", prev_caption,
		             a->topics[v->topic - 1].title, ALIGN_START);
	build_button(bd, LAYER_FIXED,
	             (Rect){build_x(bd, bx + side + pad, home_w), by, home_w, m->target},
	             TARGET_HOME, -1, "home", NULL, home, ALIGN_CENTER);
	if ((size_t)v->topic + 1 < a->ntopics)
		build_button(
		    bd, LAYER_FIXED,
		    (Rect){build_x(bd, bx + side + 2 * pad + home_w, side), by, side, m->target},
		    TARGET_NEXT, v->topic + 1, "next", next_caption, a->topics[v->topic + 1].title,
		    ALIGN_START);

	int cw = m->column;
	int x = build_column_x(m, cw), y = m->margin;
	char n[24], of[24];
	snprintf(n, sizeof(n), "%d", v->topic + 1);
	snprintf(of, sizeof(of), "%zu", a->ntopics);
	const char *args[] = {n, of};
	char *where = arena_printf(l->arena, "%s  \xC2\xB7  %s", a->title,
	                           build_fill(bd, WORD_TOPIC_N_OF_M, args, 2));
	if (where) {
		TextBox box = {LAYER_SCROLL, x, y, cw, t->muted, ALIGN_START, 0, true};
		y += build_text(bd, &box, where, FONT_SMALL) + m->gap / 3;
	}
	TextBox hb = {LAYER_SCROLL, x, y, cw, t->accent, ALIGN_START, 0, false};
	y += build_text(bd, &hb, tp->title, FONT_HEADING) + m->gap;
	if (tp->nblocks == 0) {
		TextBox box = {LAYER_SCROLL, x, y, cw, t->muted, ALIGN_START, 0, true};
		y += build_text(bd, &box, build_word(bd, WORD_NOTHING_MORE), FONT_BODY) + m->gap;
	}
	y = build_blocks(bd, tp->blocks, tp->nblocks, x, y, cw, view_h, true);
	l->content_h = y + m->margin;
}

static void close_button(Builder *bd, DrawLayer layer)
{
	const Metrics *m = bd->m;
	const char *label =
	    arena_printf(bd->l->arena, "\xE2\x9C\x95  %s", build_word(bd, WORD_CLOSE));
	if (!label) {
		bd->oom = true;
		return;
	}
	int w = build_measure(bd->ms, FONT_BUTTON, label, strlen(label)) + 3 * m->gap;
	if (w < m->target * 2)
		w = m->target * 2;
	build_button(bd, layer,
	             (Rect){build_x(bd, m->w - m->margin - w, w), m->margin / 2, w, m->target},
	             TARGET_CLOSE, -1, "close", NULL, label, ALIGN_CENTER);
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
		TextBox box = {layer,           build_column_x(m, cw), 0, cw,
		               bd->t->on_shade, ALIGN_CENTER,          3, false};
		cap_h = build_text(bd, &box, img->alt, FONT_BODY);
		bd->l->ncmds = mark;
		box.y = bottom - m->margin / 2 - cap_h;
		build_text(bd, &box, img->alt, FONT_BODY);
		cap_h += m->margin / 2 + m->gap;
	}
	build_image(bd, layer, img,
	            (Rect){m->margin, top, m->w - 2 * m->margin, bottom - top - cap_h}, true);
}

void screens_image(Builder *bd, const View *v)
{
	const Metrics *m = bd->m;
	Layout *l = bd->l;
	l->background = bd->t->shade;
	l->title = v->image && v->image->alt && *v->image->alt ? v->image->alt
	                                                       : build_word(bd, WORD_PICTURE);
	l->scroll_view.h = 0;
	close_button(bd, LAYER_FIXED);
	picture(bd, v->image, LAYER_FIXED, m->margin / 2 + m->target + m->gap / 2, m->h);
}

/* The prompt across the bottom, in the language of prompt_article (one
 * after the other of the article's languages, slide by slide). */
static int prompt_band(Builder *bd, int prompt_article)
{
	const Metrics *m = bd->m;
	int lh = bd->ms->line_height(bd->ms->ctx, FONT_PROMPT);
	int h = lh + 2 * m->gap;
	if (h < m->target)
		h = m->target;
	int y = m->h - h;
	build_rect(bd, LAYER_PINNED, (Rect){0, y, m->w, h}, bd->t->accent, 0, 0);
	Builder pb = *bd;
	const DocArticle *pa = build_article(bd->lib, prompt_article);
	const Words *w = pa && pa->lang ? words_for(bd->ms->lexicon, pa->lang) : NULL;
	/* Only a language there are words for takes the prompt over. */
	if (w && lang_same(w->lang, pa->lang)) {
		pb.words = w;
		pb.lang = pa->lang;
		pb.rtl = lang_dir(pa->lang) == 1;
	}
	bd->l->prompt = build_word(&pb, WORD_TOUCH_TO_EXPLORE);
	build_label(&pb, LAYER_PINNED, m->margin, y + (h - lh) / 2, m->w - 2 * m->margin,
	            bd->l->prompt, FONT_PROMPT, bd->t->on_accent, ALIGN_CENTER);
	bd->oom = pb.oom;
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
		build_image(bd, LAYER_FIXED, img,
		            (Rect){build_x(bd, m->w - m->margin - iw, iw), m->margin, iw,
		                   bottom - m->margin},
		            true);
		w = m->w - 3 * m->margin - iw;
	} else if (img) {
		Rect r =
		    build_image(bd, LAYER_FIXED, img, (Rect){x, y, w, avail * 38 / 100}, false);
		if (r.w)
			y += r.h + m->gap;
	}
	if (w > m->column)
		w = m->column;
	if (!img || !wide)
		x = build_column_x(m, w);
	else
		x = build_x(bd, x, w);
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
		TextBox box = {LAYER_FIXED, x, y, w, t->muted, ALIGN_START, 2, false};
		y += build_text(bd, &box, a->title, FONT_SMALL) + m->gap / 2;
		box = (TextBox){LAYER_FIXED, x, y, w, t->accent, ALIGN_START, 3, false};
		y += build_text(bd, &box, tp->title, FONT_TITLE) + m->gap;
		int lh = bd->ms->line_height(bd->ms->ctx, FONT_BODY);
		int lines = (bottom - y) / (lh > 0 ? lh : 1);
		if (first && lines > 0) {
			box = (TextBox){LAYER_FIXED,           x,    y, w, t->text, ALIGN_START,
			                lines > 6 ? 6 : lines, false};
			y += build_spans(bd, &box, first->spans, first->nspans, FONT_BODY);
		}
		if (pass == 0) {
			bd->l->ncmds = mark;
			int free_h = bottom - top - (y - y0);
			y = top + (free_h > 0 ? free_h / 2 : 0);
		}
	}
}

void screens_attract(Builder *bd, const View *v)
{
	const Metrics *m = bd->m;
	Layout *l = bd->l;
	const DocArticle *a = build_article(bd->lib, v->article);
	l->scroll_view.h = 0;
	if (a && v->topic >= 0 && (size_t)v->topic < a->ntopics) {
		l->title = a->topics[v->topic].title;
		int band = prompt_band(bd, v->prompt_article);
		attract_topic(bd, a, &a->topics[v->topic], m->h - band);
	} else if (v->image) {
		l->background = bd->t->shade;
		l->title =
		    v->image->alt && *v->image->alt ? v->image->alt : build_word(bd, WORD_PICTURE);
		int band = prompt_band(bd, v->prompt_article);
		picture(bd, v->image, LAYER_FIXED, m->margin, m->h - band);
	} else {
		screens_home(bd, v->article);
		/* Home underneath, not touchable: the first touch only wakes. */
		l->ntargets = 0;
		for (size_t i = 0; i < l->ncmds; i++)
			l->cmds[i].target = -1;
		prompt_band(bd, v->prompt_article);
	}
}

void screens_message(Builder *bd, const View *v)
{
	const Metrics *m = bd->m;
	const Theme *t = bd->t;
	Layout *l = bd->l;
	l->title = v->text ? v->text : "";
	l->scroll_view.h = 0;
	int cw = m->column;
	int x = build_column_x(m, cw);
	/* Measure the whole message first so it can be centred vertically. */
	size_t mark = bd->l->ncmds;
	TextBox tb = {LAYER_FIXED,  x, 0,   cw, v->notice_error ? t->error : t->accent,
	              ALIGN_CENTER, 3, true};
	int th = build_text(bd, &tb, l->title, FONT_HEADING);
	TextBox db = {LAYER_FIXED, x, 0, cw, t->text, ALIGN_CENTER, 12, true};
	int dh = v->detail ? build_text(bd, &db, v->detail, FONT_BODY) : 0;
	bd->l->ncmds = mark;
	int bar_h = v->screen == SCREEN_IMPORT ? m->gap * 2 : 0;
	int total = th + m->gap + dh + (bar_h ? bar_h + m->gap : 0) +
	            (v->screen == SCREEN_NOTICE ? m->target + m->gap : 0);
	int y = (m->h - total) / 2;
	if (y < m->margin)
		y = m->margin;
	tb.y = y;
	y += build_text(bd, &tb, l->title, FONT_HEADING) + m->gap;
	if (bar_h) {
		int p = v->progress < 0 ? 0 : v->progress > 1000 ? 1000 : v->progress;
		build_rect(bd, LAYER_FIXED, (Rect){x, y, cw, bar_h}, t->surface, t->border,
		           bar_h / 2);
		/* The bar fills from the side reading starts on. */
		int fill = (int)((long)cw * p / 1000);
		if (p > 0)
			build_rect(bd, LAYER_FIXED,
			           (Rect){bd->rtl ? x + cw - fill : x, y, fill, bar_h}, t->accent,
			           0, bar_h / 2);
		y += bar_h + m->gap;
	}
	if (v->detail) {
		db.y = y;
		y += build_text(bd, &db, v->detail, FONT_BODY) + m->gap;
	}
	if (v->screen == SCREEN_NOTICE) {
		int w = m->target * 3;
		build_button(bd, LAYER_FIXED, (Rect){(m->w - w) / 2, y, w, m->target}, TARGET_CLOSE,
		             -1, "close", NULL, build_word(bd, WORD_OK), ALIGN_CENTER);
	}
}
