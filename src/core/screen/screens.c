/* screens: each screen of the kiosk (Home, a topic, a picture full screen,
 * attract mode, notices and the import's progress) made from the building
 * blocks of build.h; layout_build picks one by the View. */
#include <stdio.h>
#include <string.h>

#include "core/document/model/lang.h"
#include "core/review/review.h"
#include "core/screen/blocks/build.h"
#include "core/screen/look/words.h"

/* The most languages of one article Home offers. */
#define NAV_LANGS_SHOWN 16

void screens_articles(Builder *bd, const View *v)
{
	const Metrics *m = bd->m;
	Layout *l = bd->l;
	if (v)
		build_bar(bd, v, 0);
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

/* Home's bar, with the way back to the list of subjects when there are
 * several articles (counting one in several languages once). */
static void home_bar(Builder *bd, const View *v)
{
	const Metrics *m = bd->m;
	size_t articles = 0;
	for (size_t i = 0; i < bd->lib->narticles; i++)
		articles += doc_primary(bd->lib, (int)i) == (int)i;
	bool several = articles > 1;
	int bw = m->target * 3;
	Rect nav = build_bar(bd, v, several ? bw : 0);
	if (several)
		build_button(bd, LAYER_FIXED, (Rect){build_x(bd, nav.x, bw), nav.y, bw, m->target},
		             TARGET_HOME, -1, "home", NULL, build_word(bd, WORD_ALL_SUBJECTS),
		             ALIGN_CENTER);
}

/* The article's side, in the column at x, w wide: its picture, its title
 * and its introduction. Returns the y below them. */
static int home_article(Builder *bd, const DocArticle *a, int x, int w, bool wide)
{
	const Metrics *m = bd->m;
	int view_h = bd->l->scroll_view.h;
	int y = m->margin;
	const DocBlock *lead = doc_lead_image(a);
	if (lead) {
		Rect r = build_image(bd, LAYER_SCROLL, lead,
		                     (Rect){x, y, w, view_h * (wide ? 36 : 28) / 100}, false);
		if (r.w)
			y += r.h + m->gap;
	}
	TextBox box = {LAYER_SCROLL, x, y, w, bd->t->accent, ALIGN_START, 0, false};
	y += build_text(bd, &box, a->title, FONT_TITLE) + m->gap;
	/* When its authors last checked it, in the screen's words: "Reviewed
	 * October 2026". */
	Review rv = review_of(a);
	if (rv.reviewed_y) {
		char year[8];
		snprintf(year, sizeof(year), "%d", rv.reviewed_y);
		const char *args[] = {build_word(bd, (WordId)(WORD_MONTH_1 + rv.reviewed_m - 1)),
		                      year};
		box = (TextBox){LAYER_SCROLL, x, y, w, bd->t->muted, ALIGN_START, 0, true};
		y += build_text(bd, &box, build_fill(bd, WORD_REVIEWED, args, 2), FONT_SMALL) +
		     m->gap;
	}
	/* The intro without its lead image (already shown above), laid out
	 * in runs so that notes following each other share one heading. */
	size_t skip = lead ? (size_t)(lead - a->intro) : a->nintro;
	y = build_blocks(bd, a->intro, skip, x, y, w, view_h, false);
	if (lead)
		y = build_blocks(bd, lead + 1, a->nintro - skip - 1, x, y, w, view_h, false);
	return y;
}

/* The topics' side from y, in the column at x, w wide: the article's
 * other languages, each by its own name, then a tile a topic. Returns the
 * y below them. */
static int home_topics(Builder *bd, const DocArticle *a, int ai, int x, int w, int y)
{
	const Metrics *m = bd->m;
	const Theme *t = bd->t;
	int langs[NAV_LANGS_SHOWN];
	size_t nv = doc_variants(bd->lib, ai, langs, NAV_LANGS_SHOWN);
	if (nv > 1) {
		if (nv > NAV_LANGS_SHOWN)
			nv = NAV_LANGS_SHOWN;
		TextBox lab = {LAYER_SCROLL, x, y, w, t->muted, ALIGN_START, 0, true};
		y += build_text(bd, &lab, build_word(bd, WORD_LANGUAGE), FONT_SMALL) + m->gap / 2;
		y += build_languages(bd, x, y, w, langs, nv, ai) + m->gap;
	}
	if (a->ntopics) {
		TextBox lab = {LAYER_SCROLL, x, y, w, t->muted, ALIGN_START, 0, true};
		y += build_text(bd, &lab, build_word(bd, WORD_CHOOSE_TOPIC), FONT_SMALL) +
		     m->gap / 2;
	}
	for (size_t i = 0; i < a->ntopics && !bd->oom; i++) {
		char id[32];
		snprintf(id, sizeof(id), "topic-%zu", i);
		y += build_tile(bd, x, y, w, TARGET_TOPIC, (int)i, id, a->topics[i].title, NULL) +
		     m->gap / 2;
	}
	return y;
}

void screens_home(Builder *bd, const View *v, int ai)
{
	const Metrics *m = bd->m;
	Layout *l = bd->l;
	const DocArticle *a = build_article(bd->lib, ai);
	if (!a) {
		screens_articles(bd, v);
		return;
	}
	l->title = a->title;
	if (v)
		home_bar(bd, v);
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
	int y = home_article(bd, a, lx, lw, wide);
	int ry = home_topics(bd, a, ai, rx, rw, wide ? m->margin : y);
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
		screens_home(bd, v, v->article);
		return;
	}
	const DocTopic *tp = &a->topics[v->topic];
	l->title = tp->title;

	/* Bottom bar: Home, Previous and Next, labelled with the neighbours. */
	int pad = (m->bar_h - m->target) / 2;
	const char *home = build_word(bd, WORD_HOME);
	int home_w = build_measure(bd->ms, FONT_BUTTON, home, strlen(home)) + 3 * m->gap;
	if (home_w < m->target * 3 / 2)
		home_w = m->target * 3 / 2;
	/* Previous and Next keep room for a few words of their topics. */
	Rect nav = build_bar(bd, v, home_w + 2 * pad + 5 * m->target);
	int view_h = l->scroll_view.h;
	int side = (nav.w - home_w - 2 * pad) / 2;
	int bx = nav.x, by = nav.y;
	const char *prev_caption =
	    arena_printf(l->arena, "\xE2\x80\xB9 %s", build_word(bd, WORD_PREVIOUS));
	const char *next_caption =
	    arena_printf(l->arena, "%s \xE2\x80\xBA", build_word(bd, WORD_NEXT));
	if (!prev_caption || !next_caption) {
		bd->oom = true;
		return;
	}
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

	/* Read aloud: the sentence heard is underlined. */
	Sentences heard = {NULL, 0};
	if (v->listening && sentences_split(tp, l->arena, &heard) == 0 && v->sentence >= 0 &&
	    (size_t)v->sentence < heard.n)
		bd->reading = &heard.v[v->sentence];

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
	size_t heading = l->ncmds;
	y += build_text(bd, &hb, tp->title, FONT_HEADING) + m->gap;
	if (bd->reading && bd->reading->block < 0)
		build_underline(bd, heading, NULL, tp->title);
	if (tp->nblocks == 0) {
		TextBox box = {LAYER_SCROLL, x, y, cw, t->muted, ALIGN_START, 0, true};
		y += build_text(bd, &box, build_word(bd, WORD_NOTHING_MORE), FONT_BODY) + m->gap;
	}
	y = build_blocks(bd, tp->blocks, tp->nblocks, x, y, cw, view_h, true);
	l->content_h = y + m->margin;
}

/* The Close button's label, in the layout's arena ("" when memory ran
 * out). */
static const char *close_label(Builder *bd)
{
	const char *label =
	    arena_printf(bd->l->arena, "\xE2\x9C\x95  %s", build_word(bd, WORD_CLOSE));
	if (!label) {
		bd->oom = true;
		return "";
	}
	return label;
}

static int close_width(Builder *bd, const char *label)
{
	const Metrics *m = bd->m;
	int w = build_measure(bd->ms, FONT_BUTTON, label, strlen(label)) + 3 * m->gap;
	return w < m->target * 2 ? m->target * 2 : w;
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
	const char *label = close_label(bd);
	int w = close_width(bd, label);
	Rect nav = build_bar(bd, v, w);
	build_button(bd, LAYER_FIXED, (Rect){build_x(bd, nav.x, w), nav.y, w, m->target},
	             TARGET_CLOSE, -1, "close", NULL, label, ALIGN_CENTER);
	int bottom = l->scroll_view.h;
	l->scroll_view.h = 0;
	picture(bd, v->image, LAYER_FIXED, m->margin / 2, bottom);
}

/* ---- attract mode: seen across the room ----------------------------------- */

/* The band at the foot of every slide: the prompt, in the language of
 * prompt_article (one after the other of the article's languages, slide
 * by slide), with room before it for the hand that taps (layout_overlay
 * draws it). Returns its height. */
static int prompt_band(Builder *bd, int prompt_article, Color fill, Color ink)
{
	const Metrics *m = bd->m;
	Layout *l = bd->l;
	int lh = bd->ms->line_height(bd->ms->ctx, FONT_PROMPT);
	int h = lh + 2 * m->gap;
	if (h < m->target)
		h = m->target;
	int y = m->h - h;
	build_rect(bd, LAYER_PINNED, (Rect){0, y, m->w, h}, fill, 0, 0);
	Builder pb = *bd;
	const DocArticle *pa = build_article(bd->lib, prompt_article);
	const Words *w = pa && pa->lang ? words_for(bd->ms->lexicon, pa->lang) : NULL;
	/* Only a language there are words for takes the prompt over. */
	if (w && lang_same(w->lang, pa->lang)) {
		pb.words = w;
		pb.lang = pa->lang;
		pb.rtl = lang_dir(pa->lang) == 1;
	}
	l->prompt = build_word(&pb, WORD_TOUCH_TO_EXPLORE);
	TextStyle st = {FONT_PROMPT, pb.rtl, pb.lang};
	int pw = bd->ms->text_width(bd->ms->ctx, &st, l->prompt, strlen(l->prompt));
	/* The hand and the prompt centred together, the hand where the
	 * prompt's lines start (its right, right to left). */
	int side = h * 4 / 5;
	int x = (m->w - side - m->gap - pw) / 2;
	if (x < m->margin / 2)
		x = m->margin / 2;
	l->hand = (Rect){build_x(&pb, x, side), y + (h - side) / 2, side, side};
	x += side + m->gap;
	int tw = m->w - m->margin / 2 - x;
	build_label(&pb, LAYER_PINNED, build_x(&pb, x, tw), y + (h - lh) / 2, tw, l->prompt,
	            FONT_PROMPT, ink, ALIGN_START);
	bd->oom = pb.oom;
	return h;
}

/* The first sentence of a topic's first paragraph, as it is read aloud
 * (sentences.h: in the paragraph's own script's marks), in the layout's
 * arena; NULL for none. */
static const char *first_sentence(Builder *bd, const DocTopic *tp)
{
	int first = -1;
	for (size_t i = 0; i < tp->nblocks && first < 0; i++)
		if (tp->blocks[i].type == DOC_PARA)
			first = (int)i;
	if (first < 0)
		return NULL;
	Sentences ss;
	if (sentences_split(tp, bd->l->arena, &ss) != 0) {
		bd->oom = true;
		return NULL;
	}
	for (size_t i = 0; i < ss.n; i++)
		if (ss.v[i].block == first)
			return ss.v[i].text;
	return NULL;
}

/* The widest word of s in font f. */
static int widest_word(Builder *bd, const char *s, FontId f)
{
	int most = 0;
	while (*s) {
		size_t n = strcspn(s, " ");
		int w = build_measure(bd->ms, f, s, n);
		most = w > most ? w : most;
		s += n;
		s += strspn(s, " ");
	}
	return most;
}

/* A title's headline size: the kiosk's (capitals 8 % of the panel), or,
 * when a word of the title is wider than the screen, smaller by tenths
 * until it fits, never below a title on Home. The layout keeps the size
 * it was drawn at (its metrics), and the text is measured at it. */
static void fit_headline(Builder *bd, const char *title, int width)
{
	Layout *l = bd->l;
	int px = l->metrics.font_px[FONT_HEADLINE], floor = l->metrics.font_px[FONT_TITLE];
	for (int step = 0; step < 4 && widest_word(bd, title, FONT_HEADLINE) > width; step++) {
		int smaller = px * (9 - step) / 10;
		if (smaller < floor)
			break;
		l->metrics.font_px[FONT_HEADLINE] = smaller;
		if (bd->ms->use_metrics)
			bd->ms->use_metrics(bd->ms->ctx, &l->metrics);
	}
}

/* A slide: the picture large, cropped to fill everything above a dark
 * band that holds the title at headline size and one short sentence; or,
 * without a picture, the title and the sentence on a bold field of the
 * theme's colour. The prompt runs along the foot of both. */
static void slide(Builder *bd, const char *title, const char *lede, const DocBlock *img,
                  Color field, int prompt_article)
{
	const Metrics *m = bd->m;
	const Theme *t = bd->t;
	Layout *l = bd->l;
	l->title = title;
	/* The screen's margins, narrower when a word of the title needs the
	 * room (a portrait panel), then a smaller headline if even that is
	 * not enough. */
	int x = m->margin, w = m->w - 2 * m->margin;
	if (widest_word(bd, title, FONT_HEADLINE) > w) {
		x = m->margin / 2;
		w = m->w - m->margin;
	}
	int pad = m->gap * 3 / 2;
	fit_headline(bd, title, w);
	/* Every word of a slide in one ink, on_accent, on the theme's two
	 * bold colours: the text cache keeps the large glyphs once. The
	 * prompt's band is the same on every slide: it stays put while one
	 * slide slides over the other. */
	Color band = img ? t->pressed : field, ink = t->on_accent;
	int pb = prompt_band(bd, prompt_article, t->pressed, ink);
	/* Measured first: the picture takes what the words leave. */
	size_t mark = l->ncmds;
	TextBox tb = {LAYER_FIXED, x, 0, w, ink, ALIGN_START, 3, false};
	int th = build_text(bd, &tb, title, FONT_HEADLINE);
	TextBox lb = {LAYER_FIXED, x, 0, w, ink, ALIGN_START, 2, false};
	int lh = lede && *lede ? build_text(bd, &lb, lede, FONT_LEDE) : 0;
	l->ncmds = mark;
	int words = th + (lh ? m->gap + lh : 0);
	int top = 0;
	if (img) {
		/* Two fifths of the screen for the picture: its texture is as
		 * large as it shows, and the board holds two at once while one
		 * slide replaces another (at 1080p each tenth more of the screen
		 * for them costs the kiosk 1.6 MB, and it has little to spare
		 * under its 32 MiB); the words read better with room. When the
		 * words leave less, the sentence gives way first, to one line,
		 * then altogether (but for a third of the screen, enough for a
		 * picture). */
		int most = m->h * 40 / 100, one = bd->ms->line_height(bd->ms->ctx, FONT_LEDE);
		int room = m->h - pb - (pad + words + pad);
		if (room < most && lh > one) {
			lb.max_lines = 1;
			room += lh - one;
			lh = one;
		}
		if (room < m->h / 3 && lh) {
			room += m->gap + lh;
			lh = 0;
		}
		Rect pic = {0, 0, m->w, room < most ? room : most};
		int band_h = m->h - pb - pic.h;
		if (pic.h >= m->h / 3 && build_cover(bd, LAYER_FIXED, img, pic)) {
			build_rect(bd, LAYER_FIXED, (Rect){0, pic.h, m->w, band_h}, band, 0, 0);
			top = pic.h + (band_h - (th + (lh ? m->gap + lh : 0))) / 2;
		} else {
			img = NULL;
		}
	}
	if (!img) {
		/* The words in the middle of the field: a block at the top of an
		 * empty screen looks unfinished from across a room. */
		l->background = field;
		int free_h = m->h - pb - words;
		top = free_h > 0 ? free_h / 2 : 0;
	}
	tb.y = top;
	top += build_text(bd, &tb, title, FONT_HEADLINE);
	if (lh) {
		lb.y = top + m->gap;
		build_text(bd, &lb, lede, FONT_LEDE);
	}
}

/* The topic (of article a) or the article a picture belongs to: its slide
 * takes that title. */
static const char *picture_title(const DocLibrary *lib, const DocBlock *img)
{
	for (size_t a = 0; lib && a < lib->narticles; a++) {
		const DocArticle *art = &lib->articles[a];
		for (size_t t = 0; t < art->ntopics; t++)
			for (size_t i = 0; i < art->topics[t].nblocks; i++)
				if (&art->topics[t].blocks[i] == img)
					return art->topics[t].title;
		for (size_t i = 0; i < art->nintro; i++)
			if (&art->intro[i] == img)
				return art->title;
	}
	return NULL;
}

void screens_attract(Builder *bd, const View *v)
{
	const Theme *t = bd->t;
	Layout *l = bd->l;
	const DocArticle *a = build_article(bd->lib, v->article);
	l->scroll_view.h = 0;
	if (a && v->topic >= 0 && (size_t)v->topic < a->ntopics) {
		const DocTopic *tp = &a->topics[v->topic];
		slide(bd, tp->title, first_sentence(bd, tp),
		      v->image ? v->image : doc_topic_image(tp), t->accent, v->prompt_article);
	} else if (v->image) {
		const char *title = picture_title(bd->lib, v->image);
		const char *alt = v->image->alt && *v->image->alt ? v->image->alt : NULL;
		slide(bd,
		      title ? title
		      : alt ? alt
		            : "",
		      title ? alt : NULL, v->image, t->accent, v->prompt_article);
	} else {
		screens_home(bd, NULL, v->article);
		/* Home underneath, not touchable: the first touch only wakes. */
		l->ntargets = 0;
		for (size_t i = 0; i < l->ncmds; i++)
			l->cmds[i].target = -1;
		prompt_band(bd, v->prompt_article, t->pressed, t->on_accent);
	}
}

/* The hand that taps, beside the prompt: a hand on a disc of the accent,
 * at rest, then pressing with a ring spreading from it, and back. A few
 * small draws a step. */
void screens_hand(Builder *bd, Rect hand, int phase)
{
	const Theme *t = bd->t;
	static const char HAND[] = "\xE2\x98\x9D"; /* U+261D, a hand pointing up */
	int cx = hand.x + hand.w / 2, cy = hand.y + hand.h / 2;
	if (phase > 0) {
		/* The ring grows and fades as it spreads. */
		int r = hand.w / 2 + hand.w * phase / 10;
		Color faint = (t->accent & 0xFFFFFF00u) | (Color)(0xE0 - 0x40 * (phase - 1));
		build_rect(bd, LAYER_PINNED, (Rect){cx - r, cy - r, 2 * r, 2 * r},
		           t->accent & 0xFFFFFF00u, faint, r);
	}
	/* Pressed, the disc sinks a little. */
	int d = phase == 1 || phase == 2 ? hand.w / 12 : 0;
	int r = hand.w / 2 - d;
	build_rect(bd, LAYER_PINNED, (Rect){cx - r, cy - r, 2 * r, 2 * r}, t->accent, 0, r);
	int lh = bd->ms->line_height(bd->ms->ctx, FONT_TITLE);
	int gw = build_measure(bd->ms, FONT_TITLE, HAND, sizeof(HAND) - 1);
	TextBox box = {LAYER_PINNED, cx - gw / 2, cy - lh / 2 + d, gw, t->on_accent, ALIGN_START, 1,
	               false};
	build_text(bd, &box, HAND, FONT_TITLE);
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

void screens_warning(Builder *bd, const View *v)
{
	const Metrics *m = bd->m;
	const Theme *t = bd->t;
	Layout *l = bd->l;
	l->title = build_word(bd, WORD_STILL_READING);
	/* The screen dimmed, not hidden: the visitor sees they are still
	 * where they were. */
	build_rect(bd, LAYER_PINNED, (Rect){0, 0, m->w, m->h}, (t->shade & 0xFFFFFF00u) | 0xA0, 0,
	           0);
	int pad = m->gap * 3 / 2;
	int w = m->font_px[FONT_BODY] * 22 + 2 * pad;
	if (w > m->w - 2 * m->margin)
		w = m->w - 2 * m->margin;
	int x = (m->w - w) / 2, inner = w - 2 * pad;
	char *secs = arena_printf(l->arena, "%d", v->countdown);
	if (!secs) {
		bd->oom = true;
		return;
	}
	/* Measured first, then placed in the middle of the screen. */
	int card_h = 0;
	for (int pass = 0; pass < 2 && !bd->oom; pass++) {
		size_t mark = l->ncmds;
		int top = pass ? (m->h - card_h) / 2 : 0;
		if (pass)
			build_rect(bd, LAYER_PINNED, (Rect){x, top, w, card_h}, t->surface,
			           t->accent, m->radius);
		int y = top + pad;
		TextBox box = {LAYER_PINNED, x + pad, y, inner, t->text, ALIGN_CENTER, 2, true};
		y += build_text(bd, &box, l->title, FONT_HEADING) + m->gap / 2;
		box = (TextBox){LAYER_PINNED, x + pad, y, inner, t->text, ALIGN_CENTER, 3, true};
		y += build_text(bd, &box, build_word(bd, WORD_KEEP_GOING), FONT_BODY) + m->gap / 2;
		/* The seconds left, large: they need no words to be understood. */
		box = (TextBox){LAYER_PINNED, x + pad, y, inner, t->accent, ALIGN_CENTER, 1, true};
		y += build_text(bd, &box, secs, FONT_TITLE) + pad;
		if (!pass) {
			l->ncmds = mark;
			card_h = y - top;
		}
	}
}
