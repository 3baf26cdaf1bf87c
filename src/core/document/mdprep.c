/* mdprep: two passes over the lines. The first gives each line its role
 * (code, blank, part of a table, a note, or Markdown for md4c); the second
 * writes the output, rewriting list markers and addresses on the Markdown
 * lines. Every look-ahead stops at a blank line or at the end of the
 * construct it reads, and each line gets its role once, so the work grows
 * with the text.
 */
#include "core/document/mdprep.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/document/utf8.h"
#include "core/package/pkg.h"

/* How far a picture's address is looked for: three bytes a path byte
 * (%XX) and room for a title. */
#define ADDRESS_SCAN_MAX (3 * PKG_PATH_MAX + 256)

typedef struct {
	const char *s;
	size_t len;  /* without the line break and a '\r' before it */
	size_t full; /* with the '\r' */
} Line;

typedef enum {
	ROLE_TEXT,        /* Markdown for md4c */
	ROLE_CODE,        /* inside fenced code, or its fences: as written */
	ROLE_BLANK,       /* written as an empty line */
	ROLE_TABLE_FIRST, /* the placeholder of table `table` */
	ROLE_PIPE,        /* a pipe table's line, for md4c */
} Role;

typedef struct {
	char *p;
	size_t len, cap;
	bool oom;
} Buf;

typedef struct {
	const char *text;
	size_t len;
	Line *lines;
	size_t n;
	unsigned char *role;
	size_t *table_of; /* ROLE_TABLE_FIRST: index into tables */
	Buf out, store;
	PrepTable *tables;
	size_t ntables, captables;
	PrepNote *notes;
	size_t nnotes, capnotes;
	PrepMarker *markers;
	size_t nmarkers, capmarkers;
	PrepCaption *captions;
	size_t ncaptions, capcaptions;
	PrepText *cells; /* the table being read */
	size_t ncells, capcells;
	MdprepWarnFn warn;
	void *user;
	bool oom;
	/* Lines before this cannot start a grid table: a failed one from line i
	 * read on to some line j, and every border in between would read on to
	 * the same j and fail the same way. Keeps hostile text linear. */
	size_t grid_dead_until;
} Ctx;

static bool grow(Ctx *c, void **items, size_t *cap, size_t want, size_t size)
{
	if (want <= *cap)
		return true;
	size_t n = *cap ? *cap : 16;
	while (n < want) {
		if (n > SIZE_MAX / 2 / size) {
			c->oom = true;
			return false;
		}
		n *= 2;
	}
	void *p = realloc(*items, n * size);
	if (!p) {
		c->oom = true;
		return false;
	}
	*items = p;
	*cap = n;
	return true;
}

static void buf_add(Ctx *c, Buf *b, const char *s, size_t n)
{
	if (b->oom || c->oom)
		return;
	void *p = b->p;
	if (n > SIZE_MAX - b->len - 1 || !grow(c, &p, &b->cap, b->len + n + 1, 1)) {
		b->oom = c->oom = true;
		return;
	}
	b->p = p;
	if (n)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static bool is_sp(char ch)
{
	return ch == ' ' || ch == '\t';
}

/* Columns of leading white space (a tab reaches the next multiple of 4),
 * and the bytes they take. */
static size_t indent_cols(const Line *l, size_t *bytes)
{
	size_t col = 0, i = 0;
	while (i < l->len && is_sp(l->s[i])) {
		col = l->s[i] == '\t' ? (col / 4 + 1) * 4 : col + 1;
		i++;
	}
	if (bytes)
		*bytes = i;
	return col;
}

static bool blank(const Line *l)
{
	size_t b;
	indent_cols(l, &b);
	return b == l->len;
}

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

/* ---- storing cells ----------------------------------------------------- */

typedef struct {
	const char *s;
	size_t len;
} Slice;

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
			buf_add(c, &c->store, "\n", 1);
		size_t cut = sl[k].len < min ? sl[k].len : min;
		size_t len = sl[k].len - cut;
		while (len && is_sp(sl[k].s[cut + len - 1]))
			len--;
		buf_add(c, &c->store, sl[k].s + cut, len);
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
	if (!grow(c, &p, &c->capcells, c->ncells + 1, sizeof(*c->cells)))
		return false;
	c->cells = p;
	c->cells[c->ncells++] = t;
	return true;
}

/* One row from lines [first, last) cut at the column starts in cols
 * (ncols of them; a column ends where the next starts). */
static void row_from_columns(Ctx *c, size_t first, size_t last, const size_t *cols, size_t ncols)
{
	size_t nl = last - first;
	Slice *sl = malloc((nl ? nl : 1) * sizeof(*sl));
	if (!sl) {
		c->oom = true;
		return;
	}
	for (size_t k = 0; k < ncols && !c->oom; k++) {
		size_t c0 = k == 0 ? 0 : cols[k];
		size_t c1 = k + 1 < ncols ? cols[k + 1] : SIZE_MAX;
		for (size_t j = 0; j < nl; j++)
			sl[j] = slice_cols(&c->lines[first + j], c0, c1);
		cell_add(c, store_slices(c, sl, nl, (int)first + 1));
	}
	free(sl);
}

/* A grid row from lines [first, last): cells between the '+' columns of
 * the border; where a row's line has no '|' on a column line the cells on
 * both sides are one (a cell spanning columns), kept in the first. */
static void grid_row(Ctx *c, size_t first, size_t last, const size_t *plus, size_t nplus)
{
	size_t nl = last - first;
	Slice *sl = malloc((nl ? nl : 1) * sizeof(*sl));
	if (!sl) {
		c->oom = true;
		return;
	}
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
		for (size_t j = 0; j < nl; j++)
			sl[j] = slice_cols(&c->lines[first + j], plus[k] + 1, plus[e]);
		cell_add(c, store_slices(c, sl, nl, (int)first + 1));
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
	if (c->oom || !grow(c, &p, &c->captables, c->ntables + 1, sizeof(*c->tables)))
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
static size_t grid_table(Ctx *c, size_t i)
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
			    "this looks like a grid table, but its lines do not close it with a "
			    "+---+ line, so it shows as text");
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

/* A simple or multiline table (pandoc) starting at line i; returns the
 * line after it, or i. */
static size_t dash_table(Ctx *c, size_t i)
{
	Group g[MDPREP_COLUMNS_MAX + 1];
	size_t cols[MDPREP_COLUMNS_MAX];
	if (i > 0 && !blank(&c->lines[i - 1]) && c->role[i - 1] != ROLE_BLANK)
		return i;
	const Line *l = &c->lines[i];
	if (blank(l))
		return i;
	size_t ng = dash_groups(l, g, MDPREP_COLUMNS_MAX + 1);
	size_t ncols = 0, nhead = 0, end;
	cells_drop(c);
	if (ng == 0) {
		/* Simple, with a heading line: the next line gives the columns,
		 * rows go on to a blank line (or a closing dash line). */
		if (i + 1 >= c->n)
			return i;
		ng = dash_groups(&c->lines[i + 1], g, MDPREP_COLUMNS_MAX + 1);
		if (ng < 2 || ng > MDPREP_COLUMNS_MAX)
			return i;
		for (size_t k = 0; k < ng; k++)
			cols[k] = g[k].start;
		ncols = ng;
		row_from_columns(c, i, i + 1, cols, ncols);
		nhead = 1;
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
		dash_rows(c, i + 2, last, cols, ncols, false);
		end = j;
	} else {
		/* Opens with dashes: a multiline table (a full line, heading
		 * lines, then the column line) or a table without headings
		 * (the column line first). Either closes with a dash line
		 * followed by a blank line. */
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
		size_t close = SIZE_MAX;
		bool multiline = false;
		for (size_t k = body; k < c->n; k++) {
			Group g2[MDPREP_COLUMNS_MAX + 1];
			if (dash_groups(&c->lines[k], g2, MDPREP_COLUMNS_MAX + 1)) {
				if (k + 1 == c->n || blank(&c->lines[k + 1]))
					close = k;
				break;
			}
			if (blank(&c->lines[k])) {
				/* Two blank lines in a row end what is no table. */
				if (k + 1 < c->n && blank(&c->lines[k + 1]))
					break;
				multiline = true;
			}
		}
		if (close == SIZE_MAX || close == body)
			return i;
		for (size_t k = 0; k < ng; k++)
			cols[k] = g[k].start;
		ncols = ng;
		if (head_end > i + 1) {
			row_from_columns(c, i + 1, head_end, cols, ncols);
			nhead = 1;
		}
		/* Rows of a table with headings are separated by blank lines
		 * even when each holds one line. */
		dash_rows(c, body, close, cols, ncols, multiline || head_end > i + 1);
		end = close + 1;
	}
	if (c->oom || c->ncells <= nhead * ncols) {
		cells_drop(c);
		return i;
	}
	table_add(c, i, end, ncols, nhead);
	return end;
}

/* A pipe table (md4c reads it) starting at line i: only its caption is
 * taken here. Returns the line after it, or i. */
static size_t pipe_table(Ctx *c, size_t i)
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
		if (grow(c, &p, &c->capcaptions, c->ncaptions + 1, sizeof(*c->captions))) {
			c->captions = p;
			c->captions[c->ncaptions++] = (PrepCaption){(int)i + 1, t};
		}
	}
	return after;
}

/* ---- notes ------------------------------------------------------------- */

/* "[^label]:" at the start of a line (after up to 3 spaces): the offset
 * after the colon, with the label's place; 0 when it is none. */
static size_t note_start(const Line *l, size_t *lab, size_t *lablen)
{
	size_t i = 0;
	while (i < l->len && i < 3 && l->s[i] == ' ')
		i++;
	if (l->len - i < 5 || l->s[i] != '[' || l->s[i + 1] != '^')
		return 0;
	size_t s = i + 2, e = s;
	while (e < l->len && e - s <= 100 && l->s[e] != ']' && !is_sp(l->s[e]) && l->s[e] != '[')
		e++;
	if (e == s || e + 1 >= l->len || l->s[e] != ']' || l->s[e + 1] != ':')
		return 0;
	*lab = s;
	*lablen = e - s;
	return e + 2;
}

/* A footnote definition at line i: its lines go blank, its text is kept.
 * Returns the line after it, or i. */
static size_t note(Ctx *c, size_t i)
{
	size_t lab, lablen;
	size_t body = note_start(&c->lines[i], &lab, &lablen);
	if (!body)
		return i;
	/* Indented lines (4 columns) belong to the note, blank lines too when
	 * an indented line follows; a line right after text continues it. */
	size_t j = i + 1;
	while (j < c->n) {
		const Line *l = &c->lines[j];
		size_t dummy1, dummy2;
		if (c->role[j] != ROLE_TEXT || note_start(l, &dummy1, &dummy2))
			break;
		if (blank(l)) {
			size_t k = j + 1;
			while (k < c->n && blank(&c->lines[k]) && c->role[k] == ROLE_TEXT)
				k++;
			if (k < c->n && c->role[k] == ROLE_TEXT &&
			    indent_cols(&c->lines[k], NULL) >= 4) {
				j = k;
				continue;
			}
			break;
		}
		if (indent_cols(l, NULL) >= 4 || !blank(&c->lines[j - 1])) {
			j++;
			continue;
		}
		break;
	}
	Slice *sl = malloc((j - i) * sizeof(*sl));
	if (!sl) {
		c->oom = true;
		return i;
	}
	const Line *first = &c->lines[i];
	sl[0] = (Slice){first->s + body, first->len - body};
	while (sl[0].len && is_sp(sl[0].s[0])) {
		sl[0].s++;
		sl[0].len--;
	}
	for (size_t k = i + 1; k < j; k++) {
		const Line *l = &c->lines[k];
		size_t b = 0, col = 0;
		while (b < l->len && col < 4 && is_sp(l->s[b])) {
			col = l->s[b] == '\t' ? 4 : col + 1;
			b++;
		}
		sl[k - i] = (Slice){l->s + b, l->len - b};
	}
	PrepNote nt;
	nt.label = (PrepText){c->store.len, lablen, (int)i + 1};
	buf_add(c, &c->store, first->s + lab, lablen);
	/* The first line is not indented like the rest; store it apart so
	 * the common indentation of the others is what goes. */
	nt.body = (PrepText){c->store.len, 0, (int)i + 1};
	buf_add(c, &c->store, sl[0].s, sl[0].len);
	for (size_t k = 1; k < j - i; k++) {
		buf_add(c, &c->store, "\n", 1);
		buf_add(c, &c->store, sl[k].s, sl[k].len);
	}
	nt.body.len = c->store.len - nt.body.off;
	free(sl);
	void *p = c->notes;
	if (c->oom || !grow(c, &p, &c->capnotes, c->nnotes + 1, sizeof(*c->notes)))
		return i;
	c->notes = p;
	c->notes[c->nnotes++] = nt;
	for (size_t k = i; k < j; k++)
		c->role[k] = ROLE_BLANK;
	return j;
}

/* ---- the first pass ------------------------------------------------------ */

/* A code fence ("```" or "~~~", 3 or more): its character and length. */
static size_t fence(const Line *l, char *ch)
{
	size_t b;
	if (indent_cols(l, &b) > 3 + 8)
		return 0;
	if (b >= l->len || (l->s[b] != '`' && l->s[b] != '~'))
		return 0;
	size_t e = b;
	while (e < l->len && l->s[e] == l->s[b])
		e++;
	if (e - b < 3)
		return 0;
	/* A backtick fence's info string holds no backtick. */
	if (l->s[b] == '`' && memchr(l->s + e, '`', l->len - e))
		return 0;
	*ch = l->s[b];
	return e - b;
}

static bool fence_closes(const Line *l, char ch, size_t n)
{
	size_t b;
	indent_cols(l, &b);
	size_t e = b;
	while (e < l->len && l->s[e] == ch)
		e++;
	if (e - b < n)
		return false;
	while (e < l->len && is_sp(l->s[e]))
		e++;
	return e == l->len;
}

/* ":::" opening or closing a fenced div, with its attributes. */
static bool div_fence(const Line *l)
{
	size_t b;
	if (indent_cols(l, &b) > 3)
		return false;
	size_t e = b;
	while (e < l->len && l->s[e] == ':')
		e++;
	return e - b >= 3;
}

static void first_pass(Ctx *c, size_t skip_lines, unsigned flags)
{
	size_t i = 0;
	for (; i < skip_lines && i < c->n; i++)
		c->role[i] = ROLE_BLANK;
	while (i < c->n && !c->oom) {
		const Line *l = &c->lines[i];
		char ch;
		size_t fn = fence(l, &ch);
		if (fn) {
			c->role[i++] = ROLE_CODE;
			while (i < c->n && !fence_closes(&c->lines[i], ch, fn))
				c->role[i++] = ROLE_CODE;
			if (i < c->n)
				c->role[i++] = ROLE_CODE;
			continue;
		}
		if (c->role[i] != ROLE_TEXT) {
			i++;
			continue;
		}
		if (flags & MDPREP_BLOCKS) {
			size_t j = note(c, i);
			if (j == i)
				j = grid_table(c, i);
			if (j == i)
				j = dash_table(c, i);
			if (j == i)
				j = pipe_table(c, i);
			if (j != i) {
				i = j;
				continue;
			}
		}
		if (div_fence(l))
			c->role[i] = ROLE_BLANK;
		i++;
	}
}

/* ---- the second pass: list markers and addresses ------------------------ */

static int roman_value(const char *s, size_t n)
{
	int total = 0, prev = 0;
	for (size_t i = n; i-- > 0;) {
		int v;
		switch (s[i] | 0x20) {
		case 'i':
			v = 1;
			break;
		case 'v':
			v = 5;
			break;
		case 'x':
			v = 10;
			break;
		case 'l':
			v = 50;
			break;
		case 'c':
			v = 100;
			break;
		case 'd':
			v = 500;
			break;
		case 'm':
			v = 1000;
			break;
		default:
			return 0;
		}
		total += v < prev ? -v : v;
		if (v > prev)
			prev = v;
	}
	return total > 0 && total < 4000 ? total : 0;
}

typedef struct {
	size_t start, len; /* bytes of the marker in the line, delimiters included */
	char delim;        /* '.' or ')': what md4c is given */
	DocListStyle style;
	int value;          /* 0: "#." (counts on) */
	bool decimal_paren; /* "(3)": md4c knows the number, not the parentheses */
} Marker;

/* Whether a line opens with a list marker md4c knows ("-", "*", "+",
 * "1.", "1)"), after its indentation. */
static bool plain_marker(const Line *l, size_t b)
{
	if (b >= l->len)
		return false;
	char ch = l->s[b];
	if ((ch == '-' || ch == '*' || ch == '+') && (b + 1 == l->len || is_sp(l->s[b + 1])))
		return true;
	size_t e = b;
	while (e < l->len && e - b < 10 && l->s[e] >= '0' && l->s[e] <= '9')
		e++;
	return e > b && e < l->len && (l->s[e] == '.' || l->s[e] == ')') &&
	       (e + 1 == l->len || is_sp(l->s[e + 1]));
}

/* A pandoc list marker md4c does not know, at byte b of the line. prev is
 * the style of the list being continued at this indentation (-1: none). */
static bool fancy_marker(const Line *l, size_t b, int prev, Marker *m)
{
	size_t i = b;
	bool paren = i < l->len && l->s[i] == '(';
	if (paren)
		i++;
	size_t xs = i;
	while (i < l->len && i - xs < 8 &&
	       ((l->s[i] >= 'a' && l->s[i] <= 'z') || (l->s[i] >= 'A' && l->s[i] <= 'Z') ||
	        (l->s[i] >= '0' && l->s[i] <= '9') || l->s[i] == '#'))
		i++;
	size_t xn = i - xs;
	if (xn == 0 || i >= l->len)
		return false;
	char d = l->s[i];
	if (paren ? d != ')' : (d != '.' && d != ')'))
		return false;
	i++;
	size_t spaces = 0;
	while (i + spaces < l->len && is_sp(l->s[i + spaces]))
		spaces++;
	if (i + spaces < l->len && spaces == 0)
		return false;
	const char *x = l->s + xs;
	memset(m, 0, sizeof(*m));
	m->start = b;
	m->len = i - b;
	/* md4c is given the other delimiter than written: a lettered list
	 * written "a." next to a numbered one written "1." stays a list of
	 * its own (md4c joins lists with the same delimiter). */
	m->delim = paren || d == ')' ? '.' : ')';
	bool digits = true, lower = true, upper = true;
	for (size_t k = 0; k < xn; k++) {
		digits = digits && x[k] >= '0' && x[k] <= '9';
		lower = lower && x[k] >= 'a' && x[k] <= 'z';
		upper = upper && x[k] >= 'A' && x[k] <= 'Z';
	}
	if (xn == 1 && x[0] == '#') {
		m->style = DOC_LIST_DECIMAL;
		return true;
	}
	if (digits)
		return paren && (m->decimal_paren = true);
	if (!lower && !upper)
		return false;
	/* "B. Smith": a capital and a full stop need two spaces, as pandoc has it. */
	if (upper && xn == 1 && d == '.' && !paren && spaces < 2 && i + spaces < l->len)
		return false;
	int roman = roman_value(x, xn);
	DocListStyle rs = lower ? DOC_LIST_LOWER_ROMAN : DOC_LIST_UPPER_ROMAN;
	DocListStyle as = lower ? DOC_LIST_LOWER_ALPHA : DOC_LIST_UPPER_ALPHA;
	if (xn == 1) {
		/* "i." opens a roman list, and goes on one ("v." after
		 * "iv."); any other letter is a letter, and "i." after "h."
		 * goes on a lettered list. */
		bool as_roman =
		    roman && (prev == (int)rs || (prev != (int)as && (x[0] | 0x20) == 'i'));
		m->style = as_roman ? rs : as;
		m->value = as_roman ? roman : (x[0] | 0x20) - 'a' + 1;
		return true;
	}
	if (!roman)
		return false;
	m->style = rs;
	m->value = roman;
	return true;
}

/* Writes a text line with "](a b)" addresses wrapped in <> and a marker
 * rewritten; code spans are left as they are. */
static void write_text(Ctx *c, const Line *l, const Marker *m)
{
	const char *s = l->s;
	size_t n = l->full, i = 0, from = 0;
	if (m) {
		buf_add(c, &c->out, s, m->start);
		char mark[2] = {'1', m->delim};
		buf_add(c, &c->out, mark, 2);
		for (size_t k = 2; k < m->len; k++)
			buf_add(c, &c->out, " ", 1);
		i = from = m->start + m->len;
	}
	while (i < n) {
		if (s[i] == '`') {
			/* A code span: skip to the closing run of the same length
			 * on this line, if there is one. */
			size_t r = i;
			while (r < n && s[r] == '`')
				r++;
			size_t run = r - i, k = r;
			bool closed = false;
			while (k < n && !closed) {
				if (s[k] != '`') {
					k++;
					continue;
				}
				size_t e = k;
				while (e < n && s[e] == '`')
					e++;
				closed = e - k == run;
				k = e;
			}
			i = closed ? k : r;
			continue;
		}
		if (s[i] == '\\' && i + 1 < n) {
			i += 2;
			continue;
		}
		if (!(s[i] == ']' && i + 1 < n && s[i + 1] == '(' &&
		      (i + 2 >= n || s[i + 2] != '<'))) {
			i++;
			continue;
		}
		/* The address runs to the matching ')' on this line. Looked for no
		 * further than any picture path can reach (PKG_PATH_MAX, written
		 * with %XX escapes, and a title), so a line of unclosed "](" costs
		 * linear time, not quadratic. */
		size_t a = i + 2, k = a;
		size_t stop = n - a > ADDRESS_SCAN_MAX ? a + ADDRESS_SCAN_MAX : n;
		int depth = 0;
		bool space = false;
		for (; k < stop; k++) {
			if (s[k] == '\\' && k + 1 < n) {
				k++;
				continue;
			}
			if (s[k] == '(')
				depth++;
			else if (s[k] == ')' && depth-- == 0)
				break;
			else if (s[k] == ' ')
				space = true;
			else if (s[k] == '<' || s[k] == '>')
				break;
		}
		if (k >= stop || s[k] != ')' || !space) {
			i++;
			continue;
		}
		/* A title at the end ("a b.png "Title"") stays outside. */
		size_t dend = k;
		while (dend > a && s[dend - 1] == ' ')
			dend--;
		if (dend > a && (s[dend - 1] == '"' || s[dend - 1] == '\'')) {
			char q = s[dend - 1];
			size_t t = dend - 1;
			while (t > a && s[t - 1] != q)
				t--;
			if (t > a + 1 && s[t - 2] == ' ') {
				dend = t - 1;
				while (dend > a && s[dend - 1] == ' ')
					dend--;
			}
		}
		size_t dstart = a;
		while (dstart < dend && s[dstart] == ' ')
			dstart++;
		if (dstart == dend || !memchr(s + dstart, ' ', dend - dstart)) {
			i = k + 1;
			continue;
		}
		buf_add(c, &c->out, s + from, dstart - from);
		buf_add(c, &c->out, "<", 1);
		buf_add(c, &c->out, s + dstart, dend - dstart);
		buf_add(c, &c->out, ">", 1);
		from = dend;
		i = k + 1;
	}
	buf_add(c, &c->out, s + from, n - from);
}

static void marker_add(Ctx *c, int line, const Marker *m)
{
	void *p = c->markers;
	if (!grow(c, &p, &c->capmarkers, c->nmarkers + 1, sizeof(*c->markers)))
		return;
	c->markers = p;
	c->markers[c->nmarkers++] = (PrepMarker){line, m->style, m->value};
}

#define LEVELS 16

static void second_pass(Ctx *c, size_t pad)
{
	bool prev_blank = true, in_list = false;
	int style_at[LEVELS];
	char delim_at[LEVELS];
	for (size_t k = 0; k < LEVELS; k++) {
		style_at[k] = -1;
		delim_at[k] = 0;
	}
	for (size_t i = 0; i < c->n && !c->oom; i++) {
		const Line *l = &c->lines[i];
		switch (c->role[i]) {
		case ROLE_CODE:
		case ROLE_PIPE:
			buf_add(c, &c->out, l->s, l->full);
			prev_blank = false;
			break;
		case ROLE_BLANK:
			prev_blank = true;
			break;
		case ROLE_TABLE_FIRST: {
			size_t b;
			indent_cols(l, &b);
			buf_add(c, &c->out, l->s, b);
			c->tables[c->table_of[i]].at = c->out.len;
			char ph = MDPREP_PLACEHOLDER;
			buf_add(c, &c->out, &ph, 1);
			prev_blank = true;
			break;
		}
		case ROLE_TEXT: {
			size_t b;
			size_t col = indent_cols(l, &b);
			if (b == l->len) {
				buf_add(c, &c->out, l->s, l->full);
				prev_blank = true;
				break;
			}
			size_t lvl = col / 2 < LEVELS ? col / 2 : LEVELS - 1;
			Marker m;
			bool plain = plain_marker(l, b);
			bool fancy = !plain && (prev_blank || in_list || i == 0) &&
			             fancy_marker(l, b, style_at[lvl], &m);
			if (plain || fancy) {
				in_list = true;
			} else if (prev_blank && col < 2) {
				/* A paragraph after a blank line: the list is over. */
				in_list = false;
				for (size_t k = 0; k < LEVELS; k++)
					style_at[k] = -1;
			}
			if (fancy && m.decimal_paren) {
				/* "(3) text": md4c reads "3) text". */
				buf_add(c, &c->out, l->s, b);
				buf_add(c, &c->out, l->s + b + 1, m.len - 1);
				buf_add(c, &c->out, " ", 1);
				buf_add(c, &c->out, l->s + b + m.len, l->full - b - m.len);
			} else {
				if (fancy) {
					/* A list of another kind right after one at
					 * this level is a new list: md4c needs
					 * another delimiter to see that. */
					if (style_at[lvl] >= 0 && style_at[lvl] != (int)m.style &&
					    delim_at[lvl] == m.delim)
						m.delim = m.delim == '.' ? ')' : '.';
					style_at[lvl] = (int)m.style;
					delim_at[lvl] = m.delim;
					if (m.value)
						marker_add(c, (int)i + 1, &m);
				} else if (plain) {
					style_at[lvl] = -1;
					delim_at[lvl] = 0;
				}
				write_text(c, l, fancy ? &m : NULL);
			}
			prev_blank = false;
			break;
		}
		}
		buf_add(c, &c->out, "\n", 1);
	}
	/* A last line without its line break gets one, then the padding. */
	for (size_t k = 0; k < pad; k++)
		buf_add(c, &c->out, "", 1);
}

/* ---- entry ------------------------------------------------------------- */

int mdprep_run(const char *text, size_t len, size_t skip, unsigned flags, size_t pad, Prep *out,
               MdprepWarnFn warn, void *user)
{
	memset(out, 0, sizeof(*out));
	Ctx c = {.text = text ? text : "", .len = text ? len : 0, .warn = warn, .user = user};
	size_t cap = 0, skip_lines = 0;
	for (size_t pos = 0; pos < c.len;) {
		const char *nl = memchr(c.text + pos, '\n', c.len - pos);
		size_t end = nl ? (size_t)(nl - c.text) : c.len;
		Line l = {c.text + pos, end - pos, end - pos};
		if (l.len && l.s[l.len - 1] == '\r')
			l.len--;
		void *p = c.lines;
		if (!grow(&c, &p, &cap, c.n + 1, sizeof(Line)))
			goto fail;
		c.lines = p;
		c.lines[c.n++] = l;
		if (pos < skip)
			skip_lines = c.n;
		pos = nl ? end + 1 : c.len;
	}
	c.role = calloc(c.n ? c.n : 1, 1);
	c.table_of = calloc(c.n ? c.n : 1, sizeof(*c.table_of));
	out->line_at = malloc((c.n + 1) * sizeof(*out->line_at));
	if (!c.role || !c.table_of || !out->line_at)
		goto fail;
	first_pass(&c, skip_lines, flags);
	if (!c.oom)
		second_pass(&c, pad);
	if (c.oom)
		goto fail;
	/* Every line of the text is one line of the output. */
	size_t k = 0, pos = 0;
	out->line_at[k++] = 0;
	while (k < c.n) {
		const char *nl = memchr(c.out.p + pos, '\n', c.out.len - pos);
		if (!nl)
			break;
		pos = (size_t)(nl - c.out.p) + 1;
		out->line_at[k++] = pos;
	}
	out->nlines = k;
	out->buf = c.out.p;
	out->len = c.out.len - pad;
	out->store = c.store.p;
	out->tables = c.tables;
	out->ntables = c.ntables;
	out->notes = c.notes;
	out->nnotes = c.nnotes;
	out->markers = c.markers;
	out->nmarkers = c.nmarkers;
	out->captions = c.captions;
	out->ncaptions = c.ncaptions;
	free(c.lines);
	free(c.role);
	free(c.table_of);
	free(c.cells);
	return 0;
fail:
	for (size_t t = 0; t < c.ntables; t++)
		free(c.tables[t].cells);
	free(c.tables);
	free(c.notes);
	free(c.markers);
	free(c.captions);
	free(c.cells);
	free(c.out.p);
	free(c.store.p);
	free(c.lines);
	free(c.role);
	free(c.table_of);
	free(out->line_at);
	memset(out, 0, sizeof(*out));
	return -1;
}

void mdprep_free(Prep *p)
{
	for (size_t k = 0; k < p->ntables; k++)
		free(p->tables[k].cells);
	free(p->tables);
	free(p->notes);
	free(p->markers);
	free(p->captions);
	free(p->buf);
	free(p->store);
	free(p->line_at);
	memset(p, 0, sizeof(*p));
}

int mdprep_line(const Prep *p, size_t off)
{
	size_t lo = 0, hi = p->nlines;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (p->line_at[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return (int)lo + 1;
}

const PrepMarker *mdprep_marker(const Prep *p, int line)
{
	size_t lo = 0, hi = p->nmarkers;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (p->markers[mid].line == line)
			return &p->markers[mid];
		if (p->markers[mid].line < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const PrepTable *mdprep_table_at(const Prep *p, size_t off)
{
	size_t lo = 0, hi = p->ntables;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (p->tables[mid].at == off)
			return &p->tables[mid];
		if (p->tables[mid].at < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const PrepCaption *mdprep_caption(const Prep *p, int line)
{
	for (size_t k = 0; k < p->ncaptions; k++)
		if (p->captions[k].line == line)
			return &p->captions[k];
	return NULL;
}
