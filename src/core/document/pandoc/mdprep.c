/* mdprep: two passes over the lines. The first (here) gives each line
 * its role (code, blank, part of a table, a note, or Markdown for md4c),
 * reading footnotes here and tables in mdtable.c; the second
 * (mdrewrite.c) writes the output, rewriting list markers and addresses
 * on the Markdown lines. Every look-ahead stops at a blank line or at the
 * end of the construct it reads, and each line gets its role once, so the
 * work grows with the text. The state the passes share is mdpass.h's Ctx.
 */
#include "core/document/pandoc/mdprep.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/document/pandoc/mdpass.h"
#include "core/document/model/vec.h"

bool mdpass_grow(Ctx *c, void **items, size_t *cap, size_t want, size_t size)
{
	if (!vec_grow(items, cap, want, size)) {
		c->oom = true;
		return false;
	}
	return true;
}

void mdpass_buf_add(Ctx *c, Buf *b, const char *s, size_t n)
{
	if (b->oom || c->oom)
		return;
	if (!vec_append(&b->p, &b->len, &b->cap, s, n))
		b->oom = c->oom = true;
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
	mdpass_buf_add(c, &c->store, first->s + lab, lablen);
	/* The first line is not indented like the rest; store it apart so
	 * the common indentation of the others is what goes. */
	nt.body = (PrepText){c->store.len, 0, (int)i + 1};
	mdpass_buf_add(c, &c->store, sl[0].s, sl[0].len);
	for (size_t k = 1; k < j - i; k++) {
		mdpass_buf_add(c, &c->store, "\n", 1);
		mdpass_buf_add(c, &c->store, sl[k].s, sl[k].len);
	}
	nt.body.len = c->store.len - nt.body.off;
	free(sl);
	void *p = c->notes;
	if (c->oom || !mdpass_grow(c, &p, &c->capnotes, c->nnotes + 1, sizeof(*c->notes)))
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
				j = mdpass_grid_table(c, i);
			if (j == i)
				j = mdpass_dash_table(c, i);
			if (j == i)
				j = mdpass_pipe_table(c, i);
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
		if (!mdpass_grow(&c, &p, &cap, c.n + 1, sizeof(Line)))
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
		mdpass_second_pass(&c, pad);
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
