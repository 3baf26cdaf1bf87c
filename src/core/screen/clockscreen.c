/* The clock screen: staff set the date and time with large + and -
 * buttons, one column a field (day, month, year, then hour and minute),
 * and Save or Cancel. On a screen too narrow for five columns the date and
 * the time take a row each. The + and - are signs, not words: they read
 * the same in every language. */
#include <stdio.h>

#include "core/screen/blocks/build.h"

static const WordId FIELD_WORDS[CLOCKSET_FIELDS] = {WORD_DAY, WORD_MONTH, WORD_YEAR, WORD_HOUR,
                                                    WORD_MINUTE};
static const char *const FIELD_IDS[CLOCKSET_FIELDS] = {"day", "month", "year", "hour", "minute"};

/* A + or - button: a button whose sign is drawn at title size, large
 * enough to hit and to see at arm's length. */
static void sign_button(Builder *bd, Rect r, int index, const char *id, const char *sign)
{
	Target *t = build_target(bd, TARGET_CLOCK_STEP, index, LAYER_FIXED, r, sign, id);
	DrawCmd *c = build_rect(bd, LAYER_FIXED, r, bd->t->accent, 0, bd->m->radius);
	if (!t || !c)
		return;
	c->target = (int)(t - bd->l->targets);
	int lh = bd->ms->line_height(bd->ms->ctx, FONT_TITLE);
	build_line(bd, LAYER_FIXED, r.x, r.y + (r.h - lh) / 2, r.w, sign, FONT_TITLE,
	           bd->t->on_accent, ALIGN_CENTER);
}

/* One field's column at x: its name, +, its value, -. Returns its height. */
static int field(Builder *bd, const View *v, ClockField f, int x, int y, int w)
{
	const Metrics *m = bd->m;
	const Theme *t = bd->t;
	int top = y;
	int lh = bd->ms->line_height(bd->ms->ctx, FONT_LABEL);
	build_label(bd, LAYER_FIXED, x, y, w, build_word(bd, FIELD_WORDS[f]), FONT_LABEL, t->muted,
	            ALIGN_CENTER);
	y += lh + m->gap / 2;
	char id[32];
	snprintf(id, sizeof(id), "clock-%s-plus", FIELD_IDS[f]);
	int bh = m->target * 5 / 4;
	sign_button(bd, (Rect){x, y, w, bh}, (int)f * 2 + 1, id, "+");
	y += bh + m->gap / 2;
	char *value = arena_printf(bd->l->arena, f == CLOCKSET_YEAR ? "%d" : "%02d",
	                           clockset_value(&v->clock, f));
	if (!value) {
		bd->oom = true;
		return y - top;
	}
	int vh = bd->ms->line_height(bd->ms->ctx, FONT_TITLE);
	build_rect(bd, LAYER_FIXED, (Rect){x, y, w, vh + m->gap}, t->surface, t->border, m->radius);
	build_line(bd, LAYER_FIXED, x, y + m->gap / 2, w, value, FONT_TITLE, t->text, ALIGN_CENTER);
	y += vh + m->gap + m->gap / 2;
	snprintf(id, sizeof(id), "clock-%s-minus", FIELD_IDS[f]);
	/* U+2212 MINUS SIGN: as wide as the plus. */
	sign_button(bd, (Rect){x, y, w, bh}, (int)f * 2, id, "\xE2\x88\x92");
	return y + bh - top;
}

static int clock_body(Builder *bd, const View *v, int y, int col, bool one_row);

void screens_clock(Builder *bd, const View *v)
{
	const Metrics *m = bd->m;
	Layout *l = bd->l;
	l->title = build_word(bd, WORD_SET_CLOCK);
	int inner = m->w - 2 * m->margin;
	int col = m->target * 2;
	/* The year needs room for four digits at title size. */
	int year_w = build_measure(bd->ms, FONT_TITLE, "2099", 4) + 2 * m->gap;
	if (col < year_w)
		col = year_w;
	bool one_row = 5 * col + 6 * m->gap <= inner;
	/* Measured first, then placed in the middle of the screen. */
	int height = 0;
	for (int pass = 0; pass < 2 && !bd->oom; pass++) {
		size_t cmds = l->ncmds, targets = l->ntargets;
		int top = pass ? (m->h - height) / 2 : 0;
		int bottom = clock_body(bd, v, top < m->margin ? m->margin : top, col, one_row);
		if (!pass) {
			l->ncmds = cmds;
			l->ntargets = targets;
			height = bottom;
		}
	}
}

/* The heading, the fields and the buttons from y down; returns where they
 * end. */
static int clock_body(Builder *bd, const View *v, int y, int col, bool one_row)
{
	const Metrics *m = bd->m;
	const Theme *t = bd->t;
	Layout *l = bd->l;
	int inner = m->w - 2 * m->margin, gap = m->gap, top = y;
	TextBox tb = {LAYER_FIXED, m->margin, y, inner, t->text, ALIGN_CENTER, 2, true};
	y += build_text(bd, &tb, l->title, FONT_HEADING) + 2 * m->gap;
	int row_h = 0;
	if (one_row) {
		int x = m->margin + (inner - (5 * col + 4 * gap + 2 * gap)) / 2;
		for (int f = 0; f < CLOCKSET_FIELDS; f++) {
			row_h = field(bd, v, (ClockField)f, build_x(bd, x, col), y, col);
			x += col + gap + (f == CLOCKSET_YEAR ? 2 * gap : 0);
		}
		y += row_h + m->gap;
	} else {
		for (int r = 0; r < 2; r++) {
			int first = r ? CLOCKSET_HOUR : CLOCKSET_DAY;
			int n = r ? 2 : 3;
			int x = m->margin + (inner - (n * col + (n - 1) * gap)) / 2;
			for (int f = first; f < first + n; f++) {
				row_h = field(bd, v, (ClockField)f, build_x(bd, x, col), y, col);
				x += col + gap;
			}
			y += row_h + m->gap;
		}
	}
	/* Cancel and Save side by side, Save where reading ends. */
	int bw = col * 2 < inner / 2 - gap ? col * 2 : inner / 2 - gap;
	int bx = m->margin + (inner - 2 * bw - gap) / 2;
	build_button(bd, LAYER_FIXED, (Rect){build_x(bd, bx, bw), y, bw, m->target}, TARGET_CLOSE,
	             -1, "clock-cancel", NULL, build_word(bd, WORD_CANCEL), ALIGN_CENTER);
	build_button(bd, LAYER_FIXED, (Rect){build_x(bd, bx + bw + gap, bw), y, bw, m->target},
	             TARGET_CLOCK_SAVE, -1, "clock-save", NULL, build_word(bd, WORD_SAVE),
	             ALIGN_CENTER);
	return y + m->target - top;
}
