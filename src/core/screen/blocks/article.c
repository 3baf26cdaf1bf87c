/* article: an article's blocks laid out in a column: paragraphs,
 * sub-headings, list items and notes with their markers in the margin at
 * the paragraph's start, quotes, pictures with their captions, tables;
 * and the sentence read aloud underlined where its runs were drawn. The
 * builder and its text are build.c's.
 */
#include "core/screen/blocks/build.h"

#include <stdio.h>
#include <string.h>

#include "core/text/sentences.h"

/* Moves the draw commands from mark on by dx: a paragraph laid out before
 * its direction was known goes to the other side of its margin. */
static void shift_cmds(Builder *bd, size_t mark, int dx)
{
	for (size_t i = mark; i < bd->l->ncmds; i++)
		bd->l->cmds[i].r.x += dx;
}

/* Block b's text in box, indented by indent in the column (x, width), and
 * its marker (a bullet, "1.", a note's number) in the margin at the
 * paragraph's start: the right of a right-to-left one, where "1." reads
 * ".1", as browsers show it. Returns the text's height. */
static int marked(Builder *bd, const TextBox *box, const DocBlock *b, const char *mark, int x,
                  int width, int indent)
{
	int body = bd->m->font_px[FONT_BODY];
	int lh = bd->ms->line_height(bd->ms->ctx, FONT_BODY);
	size_t at = bd->l->ncmds;
	bool rtl;
	int h = build_paragraph(bd, box, b->spans, b->nspans, FONT_BODY, &rtl);
	if (rtl)
		shift_cmds(bd, at, -indent);
	TextStyle ms = {FONT_BODY, rtl, bd->lang};
	int mw = build_measure(bd->ms, FONT_BODY, mark, strlen(mark));
	int mx = rtl ? x + width - indent + body / 2 : x + indent - mw - body / 2;
	if (!build_run(bd, LAYER_SCROLL, &ms, mark, strlen(mark), mx, box->y, mw, lh,
	               bd->t->accent))
		bd->oom = true;
	return h;
}

/* A list item: its bullet or number in the margin at the paragraph's
 * start (the right of a right-to-left one), its text indented by its
 * depth. Returns the text's height. */
static int list_item(Builder *bd, const DocBlock *b, TextBox box)
{
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
	int x = box.x, width = box.width;
	box.x += indent;
	box.width -= indent;
	return marked(bd, &box, b, mark, x, width, indent);
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
	int h = marked(bd, &box, b, mark, x, width, indent);
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
		Target *tg = build_target(bd, TARGET_IMAGE, (int)i, LAYER_SCROLL, r, label, id);
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
			int h =
			    build_paragraph(bd, &box, b->spans, b->nspans, FONT_BODY_ITALIC, &rtl);
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
