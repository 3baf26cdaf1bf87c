/* mdrewrite: mdprep's second pass, which writes what md4c reads: each
 * line as its role says (code and pipe tables as written, blanked lines
 * empty, a table's placeholder), and on Markdown lines pandoc's lettered
 * and roman list markers rewritten as md4c's ("a." as "1)", with what
 * they said kept by line) and addresses with spaces wrapped in <>.
 * Every line stays one line, so the output's line numbers are the
 * article's.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/document/pandoc/mdpass.h"
#include "core/package/pkg.h"

/* How far a picture's address is looked for: three bytes a path byte
 * (%XX) and room for a title. */
#define ADDRESS_SCAN_MAX (3 * PKG_PATH_MAX + 256)

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

/* From a run of backticks at s[i]: the byte after the code span it opens
 * on this line, or after the run when nothing on the line closes it. */
static size_t code_span_skip(const char *s, size_t n, size_t i)
{
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
	return closed ? k : r;
}

/* The ')' that closes the address starting at s[a] on this line, in *k,
 * when there is one and the address holds a space. Looked for no further
 * than any picture path can reach (PKG_PATH_MAX, written with %XX escapes,
 * and a title), so a line of unclosed "](" costs linear time, not
 * quadratic. */
static bool address_close(const char *s, size_t n, size_t a, size_t *close)
{
	size_t k = a;
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
	*close = k;
	return k < stop && s[k] == ')' && space;
}

/* The destination in the address [a, k): spaces around it and a title at
 * its end ("a b.png "Title"", which stays outside) left out. Returns its
 * end; its start is in *start. */
static size_t address_dest(const char *s, size_t a, size_t k, size_t *start)
{
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
	*start = dstart;
	return dend;
}

/* Writes what stands before a rewritten marker and the marker md4c is
 * given ("1." or "1)"), padded to the width of the one written. */
static void marker_write(Ctx *c, const char *s, const Marker *m)
{
	mdpass_buf_add(c, &c->out, s, m->start);
	char mark[2] = {'1', m->delim};
	mdpass_buf_add(c, &c->out, mark, 2);
	for (size_t k = 2; k < m->len; k++)
		mdpass_buf_add(c, &c->out, " ", 1);
}

/* Writes a text line with "](a b)" addresses wrapped in <> and a marker
 * rewritten; code spans are left as they are. */
static void write_text(Ctx *c, const Line *l, const Marker *m)
{
	const char *s = l->s;
	size_t n = l->full, i = 0, from = 0;
	if (m) {
		marker_write(c, s, m);
		i = from = m->start + m->len;
	}
	while (i < n) {
		if (s[i] == '`') {
			i = code_span_skip(s, n, i);
			continue;
		}
		if (s[i] == '\\' && i + 1 < n) {
			i += 2;
			continue;
		}
		size_t k;
		if (!(s[i] == ']' && i + 1 < n && s[i + 1] == '(' &&
		      (i + 2 >= n || s[i + 2] != '<')) ||
		    !address_close(s, n, i + 2, &k)) {
			i++;
			continue;
		}
		size_t dstart, dend = address_dest(s, i + 2, k, &dstart);
		if (dstart == dend || !memchr(s + dstart, ' ', dend - dstart)) {
			i = k + 1;
			continue;
		}
		mdpass_buf_add(c, &c->out, s + from, dstart - from);
		mdpass_buf_add(c, &c->out, "<", 1);
		mdpass_buf_add(c, &c->out, s + dstart, dend - dstart);
		mdpass_buf_add(c, &c->out, ">", 1);
		from = dend;
		i = k + 1;
	}
	mdpass_buf_add(c, &c->out, s + from, n - from);
}

static void marker_add(Ctx *c, int line, const Marker *m)
{
	void *p = c->markers;
	if (!mdpass_grow(c, &p, &c->capmarkers, c->nmarkers + 1, sizeof(*c->markers)))
		return;
	c->markers = p;
	c->markers[c->nmarkers++] = (PrepMarker){line, m->style, m->value};
}

#define LEVELS 16

/* The lists the second pass is in, by indentation level (2 columns a
 * level). */
typedef struct {
	bool prev_blank, in_list;
	int style_at[LEVELS]; /* the style of the list at a level, -1: none */
	char delim_at[LEVELS];
} Lists;

static void lists_end(Lists *ls)
{
	for (size_t k = 0; k < LEVELS; k++)
		ls->style_at[k] = -1;
}

/* A table's placeholder, where its first line's indentation ends. */
static void placeholder_write(Ctx *c, const Line *l, size_t i)
{
	size_t b;
	indent_cols(l, &b);
	mdpass_buf_add(c, &c->out, l->s, b);
	c->tables[c->table_of[i]].at = c->out.len;
	char ph = MDPREP_PLACEHOLDER;
	mdpass_buf_add(c, &c->out, &ph, 1);
}

/* A line of Markdown (line i): its list marker rewritten when md4c would
 * not know it, and its addresses. */
static void text_line(Ctx *c, size_t i, Lists *ls)
{
	const Line *l = &c->lines[i];
	size_t b;
	size_t col = indent_cols(l, &b);
	if (b == l->len) {
		mdpass_buf_add(c, &c->out, l->s, l->full);
		ls->prev_blank = true;
		return;
	}
	size_t lvl = col / 2 < LEVELS ? col / 2 : LEVELS - 1;
	Marker m;
	bool plain = plain_marker(l, b);
	bool fancy = !plain && (ls->prev_blank || ls->in_list || i == 0) &&
	             fancy_marker(l, b, ls->style_at[lvl], &m);
	if (plain || fancy) {
		ls->in_list = true;
	} else if (ls->prev_blank && col < 2) {
		/* A paragraph after a blank line: the list is over. */
		ls->in_list = false;
		lists_end(ls);
	}
	ls->prev_blank = false;
	if (fancy && m.decimal_paren) {
		/* "(3) text": md4c reads "3) text". */
		mdpass_buf_add(c, &c->out, l->s, b);
		mdpass_buf_add(c, &c->out, l->s + b + 1, m.len - 1);
		mdpass_buf_add(c, &c->out, " ", 1);
		mdpass_buf_add(c, &c->out, l->s + b + m.len, l->full - b - m.len);
		return;
	}
	if (fancy) {
		/* A list of another kind right after one at this level is a
		 * new list: md4c needs another delimiter to see that. */
		if (ls->style_at[lvl] >= 0 && ls->style_at[lvl] != (int)m.style &&
		    ls->delim_at[lvl] == m.delim)
			m.delim = m.delim == '.' ? ')' : '.';
		ls->style_at[lvl] = (int)m.style;
		ls->delim_at[lvl] = m.delim;
		if (m.value)
			marker_add(c, (int)i + 1, &m);
	} else if (plain) {
		ls->style_at[lvl] = -1;
		ls->delim_at[lvl] = 0;
	}
	write_text(c, l, fancy ? &m : NULL);
}

void mdpass_second_pass(Ctx *c, size_t pad)
{
	Lists ls = {.prev_blank = true};
	lists_end(&ls);
	for (size_t i = 0; i < c->n && !c->oom; i++) {
		const Line *l = &c->lines[i];
		switch (c->role[i]) {
		case ROLE_CODE:
		case ROLE_PIPE:
			mdpass_buf_add(c, &c->out, l->s, l->full);
			ls.prev_blank = false;
			break;
		case ROLE_BLANK:
			ls.prev_blank = true;
			break;
		case ROLE_TABLE_FIRST:
			placeholder_write(c, l, i);
			ls.prev_blank = true;
			break;
		case ROLE_TEXT:
			text_line(c, i, &ls);
			break;
		}
		mdpass_buf_add(c, &c->out, "\n", 1);
	}
	/* A last line without its line break gets one, then the padding. */
	for (size_t k = 0; k < pad; k++)
		mdpass_buf_add(c, &c->out, "", 1);
}
