/* mdtable: pandoc's tables, found by mdprep's first pass: grid tables
 * (+---+), simple and multiline tables (---- ----), and the captions of
 * those and of pipe tables ("Table: ..." or ": ..."). A table's lines
 * become blank but for its first, the placeholder's; each cell is kept in
 * the store as Markdown of its own (its common indentation taken off),
 * and the table in the Ctx (mdpass.h), handed to the Prep at the end.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/document/pandoc/mdpass.h"
#include "core/document/model/utf8.h"

/* ---- columns --------------------------------------------------------- */

/* The byte offset of column col in a line (each code point one column),
 * or the line's length when it is shorter. */
static size_t col_byte(const Line *l, size_t col)
{
	size_t i = 0, k = 0;
	while (i < l->len && k < col) {
		uint32_t cp;
		i += utf8_next(l->s + i, l->len - i, &cp);
		k++;
	}
	return i;
}

/* The character at column col, or 0 past the end. */
static char col_char(const Line *l, size_t col)
{
	size_t b = col_byte(l, col);
	return b < l->len ? l->s[b] : 0;
}

typedef struct {
	size_t start, end; /* columns: [start, end) */
} Group;

/* A line of dash groups ("----  -------  ---"): returns the number of
 * groups (each at least 2 dashes, at least 3 in all), or 0. */
static size_t dash_groups(const Line *l, Group *g, size_t max)
{
	size_t n = 0, dashes = 0, i = 0;
	while (i < l->len) {
		if (is_sp(l->s[i])) {
			if (l->s[i] == '\t')
				return 0; /* columns would be guesses */
			i++;
			continue;
		}
		if (l->s[i] != '-')
			return 0;
		size_t s = i;
		while (i < l->len && l->s[i] == '-')
			i++;
		if (i - s < 2 || n == max)
			return 0;
		g[n++] = (Group){s, i};
		dashes += i - s;
	}
	return dashes >= 3 ? n : 0;
}

/* A grid table border ("+----+:===+"): fills the columns of its '+'
 * signs and returns how many, or 0. *header is set when it is made of '='. */
static size_t grid_border(const Line *l, size_t *plus, size_t max, bool *header)
{
	size_t i = 0;
	while (i < l->len && l->s[i] == ' ')
		i++;
	if (i == l->len || l->s[i] != '+')
		return 0;
	size_t n = 0, end = l->len;
	while (end > i && is_sp(l->s[end - 1]))
		end--;
	if (l->s[end - 1] != '+' || end - i < 3)
		return 0;
	*header = false;
	for (; i < end; i++) {
		char ch = l->s[i];
		if (ch == '+') {
			if (n == max)
				return 0;
			plus[n++] = i;
		} else if (ch == '=') {
			*header = true;
		} else if (ch != '-' && ch != ':') {
			return 0;
		}
	}
	return n >= 2 ? n : 0;
}

/* Stores lines of a cell as one piece of Markdown: their common
 * indentation taken off, trailing blank lines dropped. */
static PrepText store_slices(Ctx *c, const Slice *sl, size_t n, int line)
{
	size_t min = SIZE_MAX, last = 0;
	for (size_t k = 0; k < n; k++) {
		size_t i = 0;
		while (i < sl[k].len && sl[k].s[i] == ' ')
			i++;
		if (i < sl[k].len) {
			if (i < min)
				min = i;
			last = k + 1;
		}
	}
	PrepText t = {c->store.len, 0, line};
	for (size_t k = 0; k < last; k++) {
		if (k)
			mdpass_buf_add(c, &c->store, "\n", 1);
		size_t cut = sl[k].len < min ? sl[k].len : min;
		size_t len = sl[k].len - cut;
		while (len && is_sp(sl[k].s[cut + len - 1]))
			len--;
		mdpass_buf_add(c, &c->store, sl[k].s + cut, len);
	}
	t.len = c->store.len - t.off;
	return t;
}

/* The part of line l between columns [c0, c1) (c1 SIZE_MAX: to the end). */
static Slice slice_cols(const Line *l, size_t c0, size_t c1)
{
	size_t b0 = col_byte(l, c0);
	size_t b1 = c1 == SIZE_MAX ? l->len : col_byte(l, c1);
	if (b1 < b0)
		b1 = b0;
	return (Slice){l->s + b0, b1 - b0};
}

static bool cell_add(Ctx *c, PrepText t)
{
	void *p = c->cells;
	if (!mdpass_grow(c, &p, &c->capcells, c->ncells + 1, sizeof(*c->cells)))
		return false;
	c->cells = p;
	c->cells[c->ncells++] = t;
	return true;
}

/* Room for the slices of nl lines (at least one), or NULL with c->oom. */
static Slice *slices_new(Ctx *c, size_t nl)
{
	Slice *sl = malloc((nl ? nl : 1) * sizeof(*sl));
	if (!sl)
		c->oom = true;
	return sl;
}

/* One cell: columns [c0, c1) of lines [first, first + nl), cut into sl. */
static void cell_cut(Ctx *c, Slice *sl, size_t first, size_t nl, size_t c0, size_t c1)
{
	for (size_t j = 0; j < nl; j++)
		sl[j] = slice_cols(&c->lines[first + j], c0, c1);
	cell_add(c, store_slices(c, sl, nl, (int)first + 1));
}

/* One row from lines [first, last) cut at the column starts in cols
 * (ncols of them; a column ends where the next starts). */
static void row_from_columns(Ctx *c, size_t first, size_t last, const size_t *cols, size_t ncols)
{
	size_t nl = last - first;
	Slice *sl = slices_new(c, nl);
	if (!sl)
		return;
	for (size_t k = 0; k < ncols && !c->oom; k++) {
		size_t c0 = k == 0 ? 0 : cols[k];
		size_t c1 = k + 1 < ncols ? cols[k + 1] : SIZE_MAX;
		cell_cut(c, sl, first, nl, c0, c1);
	}
	free(sl);
}

/* A grid row from lines [first, last): cells between the '+' columns of
 * the border; where a row's line has no '|' on a column line the cells on
 * both sides are one (a cell spanning columns), kept in the first. */
static void grid_row(Ctx *c, size_t first, size_t last, const size_t *plus, size_t nplus)
{
	size_t nl = last - first;
	Slice *sl = slices_new(c, nl);
	if (!sl)
		return;
	size_t k = 0;
	while (k + 1 < nplus && !c->oom) {
		size_t e = k + 1;
		while (e + 1 < nplus) {
			bool wall = true;
			for (size_t j = 0; j < nl && wall; j++)
				wall = col_char(&c->lines[first + j], plus[e]) == '|';
			if (wall)
				break;
			e++;
		}
		cell_cut(c, sl, first, nl, plus[k] + 1, plus[e]);
		for (size_t m = k + 1; m < e; m++)
			cell_add(c, (PrepText){c->store.len, 0, (int)first + 1});
		k = e;
	}
	free(sl);
}

/* ---- captions ---------------------------------------------------------- */

/* "Table: text" or ": text" (after up to 3 spaces): the offset of text. */
static size_t caption_start(const Line *l)
{
	size_t i = 0;
	while (i < l->len && i < 4 && l->s[i] == ' ')
		i++;
	if (i < l->len && l->s[i] == ':')
		i++;
	else if (l->len - i >= 6 && memcmp(l->s + i, "Table:", 6) == 0)
		i += 6;
	else
		return 0;
	if (i < l->len && !is_sp(l->s[i]))
		return 0;
	while (i < l->len && is_sp(l->s[i]))
		i++;
	return i < l->len ? i : 0;
}

/* A caption right after line `after` (one blank line between at most),
 * or ending right before line `before`: its lines become blank. */
static PrepText caption_near(Ctx *c, size_t before, size_t *after)
{
	PrepText none = {0, 0, 0};
	size_t j = *after;
	if (j < c->n && blank(&c->lines[j]) && j + 1 < c->n && !blank(&c->lines[j + 1]))
		j++;
	size_t at;
	if (j < c->n && c->role[j] == ROLE_TEXT && (at = caption_start(&c->lines[j])) > 0) {
		size_t e = j + 1;
		while (e < c->n && !blank(&c->lines[e]))
			e++;
		Slice *sl = malloc((e - j) * sizeof(*sl));
		if (!sl) {
			c->oom = true;
			return none;
		}
		for (size_t k = j; k < e; k++) {
			size_t skip = k == j ? at : 0;
			sl[k - j] = (Slice){c->lines[k].s + skip, c->lines[k].len - skip};
			c->role[k] = ROLE_BLANK;
		}
		PrepText t = store_slices(c, sl, e - j, (int)j + 1);
		free(sl);
		*after = e;
		return t;
	}
	/* Before: "Table: text" alone on the line two above, a blank between. */
	if (before >= 2 && blank(&c->lines[before - 1]) && c->role[before - 2] == ROLE_TEXT &&
	    (before < 3 || blank(&c->lines[before - 3]))) {
		const Line *l = &c->lines[before - 2];
		at = caption_start(l);
		if (at && l->len - at > 0 && memcmp(l->s, "Table:", 6) == 0) {
			Slice sl = {l->s + at, l->len - at};
			c->role[before - 2] = ROLE_BLANK;
			return store_slices(c, &sl, 1, (int)before - 1);
		}
	}
	return none;
}

/* ---- tables ------------------------------------------------------------ */

static void table_add(Ctx *c, size_t first, size_t end, size_t ncols, size_t nhead)
{
	void *p = c->tables;
	if (c->oom || !mdpass_grow(c, &p, &c->captables, c->ntables + 1, sizeof(*c->tables)))
		return;
	c->tables = p;
	PrepTable *t = &c->tables[c->ntables];
	memset(t, 0, sizeof(*t));
	t->line = (int)first + 1;
	t->ncols = ncols;
	t->nrows = ncols ? c->ncells / ncols : 0;
	t->nhead = nhead;
	t->cells = c->cells; /* handed over */
	c->cells = NULL;
	c->ncells = c->capcells = 0;
	size_t after = end;
	t->caption = caption_near(c, first, &after);
	for (size_t k = first; k < end; k++)
		c->role[k] = ROLE_BLANK;
	c->role[first] = ROLE_TABLE_FIRST;
	c->table_of[first] = c->ntables;
	c->ntables++;
}

static void cells_drop(Ctx *c)
{
	c->ncells = 0;
}

/* A grid table starting at line i; returns the line after it, or i. */
size_t mdpass_grid_table(Ctx *c, size_t i)
{
	size_t plus[MDPREP_COLUMNS_MAX + 1], p2[MDPREP_COLUMNS_MAX + 1];
	bool head;
	if (i < c->grid_dead_until)
		return i;
	size_t np = grid_border(&c->lines[i], plus, MDPREP_COLUMNS_MAX + 1, &head);
	if (!np)
		return i;
	size_t j = i + 1, row = SIZE_MAX, rows = 0, nhead = 0, last_border = i;
	cells_drop(c);
	while (j < c->n) {
		const Line *l = &c->lines[j];
		bool h2;
		size_t n2 = grid_border(l, p2, MDPREP_COLUMNS_MAX + 1, &h2);
		if (n2 && p2[0] == plus[0]) {
			if (row != SIZE_MAX) {
				grid_row(c, row, j, plus, np);
				rows++;
				row = SIZE_MAX;
			}
			if (h2 && nhead == 0 && rows > 0)
				nhead = rows;
			last_border = j++;
			continue;
		}
		size_t b;
		indent_cols(l, &b);
		if (b < l->len && l->s[b] == '|' && b == plus[0]) {
			if (row == SIZE_MAX)
				row = j;
			j++;
			continue;
		}
		break;
	}
	if (c->oom || rows == 0 || last_border + 1 != j) {
		cells_drop(c);
		c->grid_dead_until = j;
		if (!c->oom && c->warn && j > i + 1)
			c->warn(
			    c->user, (int)i + 1,
			    N_("this looks like a grid table, but its lines do not close it with a "
			       "+---+ line, so it shows as text"));
		return i;
	}
	table_add(c, i, j, np - 1, nhead);
	return j;
}

/* Cuts rows out of lines [a, b): separated by blank lines when multiline,
 * else one row per line. Returns the number of rows. */
static size_t dash_rows(Ctx *c, size_t a, size_t b, const size_t *cols, size_t ncols,
                        bool multiline)
{
	size_t rows = 0, k = a;
	while (k < b && !c->oom) {
		if (blank(&c->lines[k])) {
			k++;
			continue;
		}
		size_t e = k + 1;
		if (multiline)
			while (e < b && !blank(&c->lines[e]))
				e++;
		row_from_columns(c, k, e, cols, ncols);
		rows++;
		k = e;
	}
	return rows;
}

/* A simple table with a heading line at i: the next line gives the
 * columns, rows go on to a blank line (or a closing dash line). Its cells
 * go into c->cells; returns the line after it, or i. */
static size_t dash_simple(Ctx *c, size_t i, Group *g, size_t *cols, size_t *ncols, size_t *nhead)
{
	if (i + 1 >= c->n)
		return i;
	size_t ng = dash_groups(&c->lines[i + 1], g, MDPREP_COLUMNS_MAX + 1);
	if (ng < 2 || ng > MDPREP_COLUMNS_MAX)
		return i;
	for (size_t k = 0; k < ng; k++)
		cols[k] = g[k].start;
	*ncols = ng;
	row_from_columns(c, i, i + 1, cols, ng);
	*nhead = 1;
	size_t j = i + 2;
	while (j < c->n && !blank(&c->lines[j])) {
		Group g2[MDPREP_COLUMNS_MAX + 1];
		if (dash_groups(&c->lines[j], g2, MDPREP_COLUMNS_MAX + 1)) {
			j++;
			break;
		}
		j++;
	}
	size_t last = j;
	if (last > i + 2 && dash_groups(&c->lines[last - 1], g, MDPREP_COLUMNS_MAX + 1))
		last--;
	dash_rows(c, i + 2, last, cols, ng, false);
	return j;
}

/* The dash line that closes a table whose rows start at line body: one
 * followed by a blank line (or the end); SIZE_MAX when none does. Sets
 * *multiline when blank lines separate the rows. */
static size_t dash_close(Ctx *c, size_t body, bool *multiline)
{
	for (size_t k = body; k < c->n; k++) {
		Group g2[MDPREP_COLUMNS_MAX + 1];
		if (dash_groups(&c->lines[k], g2, MDPREP_COLUMNS_MAX + 1))
			return k + 1 == c->n || blank(&c->lines[k + 1]) ? k : SIZE_MAX;
		if (blank(&c->lines[k])) {
			/* Two blank lines in a row end what is no table. */
			if (k + 1 < c->n && blank(&c->lines[k + 1]))
				return SIZE_MAX;
			*multiline = true;
		}
	}
	return SIZE_MAX;
}

/* A table opening with dashes at i (ng groups in g): a multiline table (a
 * full line, heading lines, then the column line) or a table without
 * headings (the column line first). Either closes with a dash line
 * followed by a blank line. Its cells go into c->cells; returns the line
 * after it, or i. */
static size_t dash_multi(Ctx *c, size_t i, Group *g, size_t ng, size_t *cols, size_t *ncols,
                         size_t *nhead)
{
	size_t body = i + 1, head_end = i + 1;
	if (ng == 1) {
		size_t k = i + 1;
		while (k < c->n && !blank(&c->lines[k]) &&
		       !dash_groups(&c->lines[k], g, MDPREP_COLUMNS_MAX + 1))
			k++;
		if (k >= c->n || k == i + 1)
			return i;
		ng = dash_groups(&c->lines[k], g, MDPREP_COLUMNS_MAX + 1);
		if (ng < 2)
			return i;
		head_end = k;
		body = k + 1;
	} else if (ng > MDPREP_COLUMNS_MAX) {
		return i;
	}
	bool multiline = false;
	size_t close = dash_close(c, body, &multiline);
	if (close == SIZE_MAX || close == body)
		return i;
	for (size_t k = 0; k < ng; k++)
		cols[k] = g[k].start;
	*ncols = ng;
	if (head_end > i + 1) {
		row_from_columns(c, i + 1, head_end, cols, ng);
		*nhead = 1;
	}
	/* Rows of a table with headings are separated by blank lines even
	 * when each holds one line. */
	dash_rows(c, body, close, cols, ng, multiline || head_end > i + 1);
	return close + 1;
}

/* A simple or multiline table (pandoc) starting at line i; returns the
 * line after it, or i. */
size_t mdpass_dash_table(Ctx *c, size_t i)
{
	Group g[MDPREP_COLUMNS_MAX + 1];
	size_t cols[MDPREP_COLUMNS_MAX];
	if (i > 0 && !blank(&c->lines[i - 1]) && c->role[i - 1] != ROLE_BLANK)
		return i;
	const Line *l = &c->lines[i];
	if (blank(l))
		return i;
	size_t ng = dash_groups(l, g, MDPREP_COLUMNS_MAX + 1);
	size_t ncols = 0, nhead = 0;
	cells_drop(c);
	size_t end = ng == 0 ? dash_simple(c, i, g, cols, &ncols, &nhead)
	                     : dash_multi(c, i, g, ng, cols, &ncols, &nhead);
	if (end == i)
		return i;
	if (c->oom || c->ncells <= nhead * ncols) {
		cells_drop(c);
		return i;
	}
	table_add(c, i, end, ncols, nhead);
	return end;
}

/* A pipe table (md4c reads it) starting at line i: only its caption is
 * taken here. Returns the line after it, or i. */
size_t mdpass_pipe_table(Ctx *c, size_t i)
{
	if (i + 1 >= c->n || !memchr(c->lines[i].s, '|', c->lines[i].len))
		return i;
	const Line *d = &c->lines[i + 1];
	bool pipe = false, dash = false;
	for (size_t k = 0; k < d->len; k++) {
		char ch = d->s[k];
		if (ch == '|')
			pipe = true;
		else if (ch == '-')
			dash = true;
		else if (ch != ':' && !is_sp(ch))
			return i;
	}
	if (!pipe || !dash)
		return i;
	size_t j = i + 2;
	while (j < c->n && !blank(&c->lines[j]) && memchr(c->lines[j].s, '|', c->lines[j].len))
		j++;
	for (size_t k = i; k < j; k++)
		c->role[k] = ROLE_PIPE;
	size_t after = j;
	PrepText t = caption_near(c, i, &after);
	if (t.len) {
		void *p = c->captions;
		if (mdpass_grow(c, &p, &c->capcaptions, c->ncaptions + 1, sizeof(*c->captions))) {
			c->captions = p;
			c->captions[c->ncaptions++] = (PrepCaption){(int)i + 1, t};
		}
	}
	return after;
}
