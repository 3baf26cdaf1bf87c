/* table: a DocTable as a grid of cells, or, when its columns would be too
 * narrow to read, as one card per row of "heading: value" lines.
 *
 * Column widths are found the way browsers size an automatic table: each
 * column between its longest word and its longest line, none narrower
 * than its longest word or about ten characters. A table that wants more
 * than the text column may take the screen's width, centred. Everything is
 * measured before anything is drawn, so backgrounds and rules come before
 * the text over them. Cell text goes through the same line breaking as
 * every paragraph (build_spans). Pure C.
 */
#include "core/screen/blocks/build.h"

#include <stdlib.h>
#include <string.h>

#include "core/text/wrap.h"

/* No column narrower than this many body font sizes (about ten
 * characters): narrower ones read a word a line. */
#define MIN_COL_EM 5
/* A word longer than this many body font sizes may break inside; columns
 * do not grow for it (a web address in a cell). */
#define WORD_CAP_EM 9

typedef struct {
	int min, max; /* longest word, longest line */
} Extent;

static Color mix(Color a, Color b, int pct)
{
	Color out = 0xFF;
	for (int shift = 8; shift < 32; shift += 8) {
		int x = (int)((a >> shift) & 0xFF), y = (int)((b >> shift) & 0xFF);
		out |= (Color)((x * (100 - pct) + y * pct) / 100) << shift;
	}
	return out;
}

static bool blank_char(char c)
{
	return c == ' ' || c == '\t';
}

static int width_of(Builder *bd, const char *s, size_t len, unsigned style)
{
	return build_measure(bd->ms, wrap_font(FONT_BODY, style), s, len);
}

/* Styled body text at (x, y) in width, add_style added to every span;
 * with draw false only measured. Returns its height. */
static int spans(Builder *bd, const DocSpan *sp, size_t n, unsigned add, int x, int y, int width,
                 Color c, bool draw)
{
	if (n == 0)
		return 0;
	DocSpan local[8] = {{0}};
	DocSpan *v = n <= 8 ? local : malloc(n * sizeof(*v));
	if (!v) {
		bd->oom = true;
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		v[i] = sp[i];
		v[i].style |= add;
	}
	size_t mark = bd->l->ncmds;
	TextBox box = {LAYER_SCROLL, x, y, width, c, ALIGN_START, 0, false};
	int h = build_spans(bd, &box, v, n, FONT_BODY);
	if (!draw)
		bd->l->ncmds = mark;
	if (v != local)
		free(v);
	return h;
}

static void rect(Builder *bd, Rect r, Color fill, Color border)
{
	build_rect(bd, LAYER_SCROLL, r, fill, border, 0);
}

/* The longest word and the longest line of a cell, in pixels. */
static Extent cell_extent(Builder *bd, const DocCell *c, unsigned add)
{
	Extent e = {0, 0};
	int line = 0;
	for (size_t i = 0; i < c->nspans; i++) {
		const DocSpan *sp = &c->spans[i];
		unsigned st = sp->style | add;
		size_t k = 0;
		while (k < sp->len) {
			size_t nl = k;
			while (nl < sp->len && sp->text[nl] != '\n')
				nl++;
			/* Word by word and space by space, as line breaking
			 * measures it (a whole line shaped at once can come out a
			 * pixel narrower, and its last word would wrap). */
			int space = width_of(bd, " ", 1, st);
			for (size_t w = k; w < nl;) {
				while (w < nl && blank_char(sp->text[w])) {
					line += space;
					w++;
				}
				size_t we = w;
				while (we < nl && !blank_char(sp->text[we]))
					we++;
				if (we > w) {
					int ww = width_of(bd, sp->text + w, we - w, st);
					line += ww;
					if (ww > e.min)
						e.min = ww;
				}
				w = we;
			}
			if (line > e.max)
				e.max = line;
			if (nl < sp->len) {
				line = 0;
				nl++;
			}
			k = nl;
		}
	}
	return e;
}

static bool cell_empty(const DocCell *c)
{
	for (size_t i = 0; i < c->nspans; i++)
		for (size_t k = 0; k < c->spans[i].len; k++)
			if (!blank_char(c->spans[i].text[k]) && c->spans[i].text[k] != '\n')
				return false;
	return true;
}

static int caption(Builder *bd, const DocTable *t, int x, int y, int w)
{
	if (!t->caption || !*t->caption)
		return 0;
	DocSpan sp = {t->caption, strlen(t->caption), DOC_ITALIC};
	return spans(bd, &sp, 1, 0, x, y, w, bd->t->muted, true) + bd->m->gap / 2;
}

/* Each body row as a card: "heading: value" a line. */
static LayoutTable stacked(Builder *bd, const DocTable *t, int x, int y, int width)
{
	const Metrics *m = bd->m;
	const Theme *th = bd->t;
	LayoutTable out = {{x, y, width, 0}, (int)t->nrows, (int)t->ncols, true};
	int pad = m->gap / 2 > 4 ? m->gap / 2 : 4;
	int top = y;
	y += caption(bd, t, x, y, width);
	size_t first = t->nhead < t->nrows ? t->nhead : 0;
	/* A column's label: its heading in the last header row that has one. */
	const DocCell **label = calloc(t->ncols ? t->ncols : 1, sizeof(*label));
	size_t cap = 8;
	DocSpan *line = malloc(cap * sizeof(*line));
	if (!label || !line) {
		bd->oom = true;
		goto done;
	}
	for (size_t c = 0; c < t->ncols; c++)
		for (size_t r = first; r-- > 0;)
			if (!label[c] && !cell_empty(&t->cells[r * t->ncols + c]))
				label[c] = &t->cells[r * t->ncols + c];
	static const DocSpan COLON = {": ", 2, 0};
	for (size_t r = first; r < t->nrows && !bd->oom; r++) {
		/* Twice: once to measure the card, once to draw it over its
		 * background. */
		int h = 0;
		for (int pass = 0; pass < 2; pass++) {
			if (pass == 1)
				rect(bd, (Rect){x, y, width, h}, th->surface, th->border);
			int cy = y + pad;
			bool any = false;
			for (size_t c = 0; c < t->ncols; c++) {
				const DocCell *cell = &t->cells[r * t->ncols + c];
				if (cell_empty(cell))
					continue;
				size_t n = 0,
				       want = cell->nspans + (label[c] ? label[c]->nspans + 1 : 0);
				if (want > cap) {
					DocSpan *p = realloc(line, want * sizeof(*p));
					if (!p) {
						bd->oom = true;
						goto done;
					}
					line = p;
					cap = want;
				}
				if (label[c]) {
					for (size_t k = 0; k < label[c]->nspans; k++) {
						line[n] = label[c]->spans[k];
						line[n++].style |= DOC_BOLD;
					}
					line[n++] = COLON;
				}
				for (size_t k = 0; k < cell->nspans; k++)
					line[n++] = cell->spans[k];
				if (any)
					cy += m->gap / 3;
				cy += spans(bd, line, n, 0, x + pad, cy, width - 2 * pad, th->text,
				            pass == 1);
				any = true;
			}
			h = cy - y + pad;
		}
		y += h + m->gap / 2;
	}
done:
	free(label);
	free(line);
	out.r.h = y - top;
	return out;
}

/* The grid: returns what it covered, or rows -1 when out of memory. */
/* What each column needs (its longest word up to WORD_CAP_EM, and at
 * least MIN_COL_EM unless all it holds is narrower) and wants (its
 * longest line), with their sums. */
static void columns_measure(Builder *bd, const DocTable *t, int *need, int *want, long *sum_need,
                            long *sum_want)
{
	int body = bd->m->font_px[FONT_BODY];
	*sum_need = *sum_want = 0;
	for (int c = 0; c < (int)t->ncols; c++) {
		Extent e = {0, 0};
		for (size_t r = 0; r < t->nrows; r++) {
			Extent ce = cell_extent(bd, &t->cells[r * t->ncols + (size_t)c],
			                        r < t->nhead ? DOC_BOLD : 0);
			e.min = ce.min > e.min ? ce.min : e.min;
			e.max = ce.max > e.max ? ce.max : e.max;
		}
		int word = e.min < WORD_CAP_EM * body ? e.min : WORD_CAP_EM * body;
		int floor = e.max < MIN_COL_EM * body ? e.max : MIN_COL_EM * body;
		need[c] = word > floor ? word : floor;
		if (need[c] < body)
			need[c] = body;
		want[c] = e.max > need[c] ? e.max : need[c];
		*sum_need += need[c];
		*sum_want += want[c];
	}
}

/* The columns' widths in avail pixels of text (at least their needs'
 * sum): what each wants when all fit, else its need and the rest of the
 * room in proportion to how much more it wants. Returns their sum. */
static int columns_fit(int nc, const int *need, const int *want, long sum_need, long sum_want,
                       int avail, int *colw)
{
	if (sum_want <= avail) {
		for (int c = 0; c < nc; c++)
			colw[c] = want[c];
		return (int)sum_want;
	}
	long extra = avail - sum_need, more = sum_want - sum_need, given = 0;
	for (int c = 0; c < nc; c++) {
		colw[c] = need[c] + (int)(more ? extra * (want[c] - need[c]) / more : 0);
		given += colw[c];
	}
	colw[nc - 1] += (int)(avail - given);
	return avail;
}

/* Where a table tw wide starts: at x when it fits the column (x, width),
 * else centred on it within max_width. */
static int table_left(int x, int width, int tw, int max_width)
{
	if (tw <= width)
		return x;
	int centre = x + width / 2;
	int tx = centre - tw / 2;
	if (tx + tw > centre + max_width / 2)
		tx = centre + max_width / 2 - tw;
	if (tx < centre - max_width / 2)
		tx = centre - max_width / 2;
	return tx;
}

/* Each row's height (rowh, padding included); returns the grid's height,
 * rules included. */
static int rows_measure(Builder *bd, const DocTable *t, const int *colw, int pad, int rule,
                        int *rowh)
{
	int body = bd->m->font_px[FONT_BODY];
	DocSpan probe = {"X", 1, 0};
	int line_h = spans(bd, &probe, 1, 0, 0, 0, body * 4, bd->t->text, false);
	int total = rule;
	for (size_t r = 0; r < t->nrows; r++) {
		int h = line_h;
		for (size_t c = 0; c < t->ncols; c++) {
			const DocCell *cell = &t->cells[r * t->ncols + c];
			int ch = spans(bd, cell->spans, cell->nspans, r < t->nhead ? DOC_BOLD : 0,
			               0, 0, colw[c], bd->t->text, false);
			h = ch > h ? ch : h;
		}
		rowh[r] = h + 2 * pad;
		total += rowh[r] + rule;
	}
	return total;
}

/* Draws the grid (tw x total) at tx, y: backgrounds and rules, then the
 * text over them. Returns its bottom. */
static int grid_draw(Builder *bd, const DocTable *t, Rect g, const int *colw, const int *rowh,
                     int pad, int rule)
{
	const Theme *th = bd->t;
	int nc = (int)t->ncols;
	Color head_fill = mix(th->surface, th->accent, 12);
	rect(bd, g, th->surface, 0);
	int ry = g.y + rule;
	for (size_t r = 0; r < t->nrows; r++) {
		if (r < t->nhead)
			rect(bd, (Rect){g.x, ry, g.w, rowh[r]}, head_fill, 0);
		ry += rowh[r];
		rect(bd, (Rect){g.x, ry, g.w, rule}, th->border, 0);
		ry += rule;
	}
	rect(bd, (Rect){g.x, g.y, g.w, rule}, th->border, 0);
	int cx = g.x;
	for (int c = 0; c <= nc; c++) {
		rect(bd, (Rect){cx, g.y, rule, g.h}, th->border, 0);
		if (c < nc)
			cx += rule + colw[c] + 2 * pad;
	}
	ry = g.y + rule;
	for (size_t r = 0; r < t->nrows; r++) {
		cx = g.x + rule;
		for (int c = 0; c < nc; c++) {
			const DocCell *cell = &t->cells[r * t->ncols + (size_t)c];
			spans(bd, cell->spans, cell->nspans, r < t->nhead ? DOC_BOLD : 0, cx + pad,
			      ry + pad, colw[c], th->text, true);
			cx += colw[c] + 2 * pad + rule;
		}
		ry += rowh[r] + rule;
	}
	return ry;
}

static LayoutTable grid(Builder *bd, const DocTable *t, int x, int y, int width)
{
	const Metrics *m = bd->m;
	LayoutTable out = {{x, y, 0, 0}, (int)t->nrows, (int)t->ncols, false};
	int body = m->font_px[FONT_BODY];
	int pad = m->gap / 2 > 4 ? m->gap / 2 : 4;
	int rule = body / 15 > 1 ? body / 15 : 1;
	int nc = (int)t->ncols;
	/* A wide table may take the screen between the margins. */
	int max_width = m->w - 2 * m->margin > width ? m->w - 2 * m->margin : width;
	int chrome = nc * 2 * pad + (nc + 1) * rule;
	int *need = calloc((size_t)nc, sizeof(int)), *want = calloc((size_t)nc, sizeof(int));
	int *colw = calloc((size_t)nc, sizeof(int)), *rowh = calloc(t->nrows, sizeof(int));
	if (!need || !want || !colw || !rowh) {
		out.rows = -1;
		goto done;
	}
	long sum_need, sum_want;
	columns_measure(bd, t, need, want, &sum_need, &sum_want);
	int avail = max_width - chrome;
	if (sum_need > avail) {
		out = stacked(bd, t, x, y, width);
		goto done;
	}
	int tw = columns_fit(nc, need, want, sum_need, sum_want, avail, colw) + chrome;
	int tx = table_left(x, width, tw, max_width);
	int top = y;
	y += caption(bd, t, tx, y, tw);
	int total = rows_measure(bd, t, colw, pad, rule, rowh);
	int bottom = grid_draw(bd, t, (Rect){tx, y, tw, total}, colw, rowh, pad, rule);
	out.r = (Rect){tx, top, tw, bottom - top};
done:
	free(need);
	free(want);
	free(colw);
	free(rowh);
	return out;
}

int build_table(Builder *bd, const DocTable *t, int x, int y, int width)
{
	if (t->nrows == 0 || t->ncols == 0)
		return y;
	LayoutTable lt = grid(bd, t, x, y, width);
	Layout *l = bd->l;
	if (lt.rows < 0 || bd->oom) {
		bd->oom = true;
		return y;
	}
	if (l->ntables == l->cap_tables) {
		size_t cap = l->cap_tables ? l->cap_tables * 2 : 8;
		LayoutTable *p = realloc(l->tables, cap * sizeof(*p));
		if (!p) {
			bd->oom = true;
			return y;
		}
		l->tables = p;
		l->cap_tables = cap;
	}
	l->tables[l->ntables++] = lt;
	return lt.r.y + lt.r.h;
}
