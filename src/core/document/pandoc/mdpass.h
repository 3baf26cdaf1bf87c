/* mdpass: the state of mdprep's passes over an article's lines, shared by
 * its files: mdprep.c (the lines, the first pass that gives each line its
 * role, footnotes, the result), mdtable.c (pandoc's grid, simple and
 * multiline tables, and the captions of tables) and mdrewrite.c (the
 * second pass, which writes the output). Internal to mdprep: nothing else
 * includes it.
 *
 * A Ctx owns what it gathers (malloc'd) until mdprep_run hands it to the
 * Prep or frees it; Lines point into the caller's text. Every function
 * that allocates sets c->oom when memory runs out.
 */
#ifndef KIOSK_MDPASS_H
#define KIOSK_MDPASS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/document/pandoc/mdprep.h"

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

typedef struct {
	const char *s;
	size_t len;
} Slice;

static inline bool is_sp(char ch)
{
	return ch == ' ' || ch == '\t';
}

/* Columns of leading white space (a tab reaches the next multiple of 4),
 * and the bytes they take. */
static inline size_t indent_cols(const Line *l, size_t *bytes)
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

static inline bool blank(const Line *l)
{
	size_t b;
	indent_cols(l, &b);
	return b == l->len;
}

/* ---- mdprep.c -------------------------------------------------------------- */

/* Grows *items to hold want elements (doubling): false, with c->oom set
 * and *items untouched, when it cannot. */
bool mdpass_grow(Ctx *c, void **items, size_t *cap, size_t want, size_t size);
/* Appends n bytes and a NUL (not counted); on failure b and c are oom. */
void mdpass_buf_add(Ctx *c, Buf *b, const char *s, size_t n);

/* ---- mdtable.c: tables found by the first pass ------------------------------ */

/* Each reads the table starting at line i, blanks its lines and keeps it
 * (and its caption) in c; returns the line after it, or i when none
 * starts there. */
size_t mdpass_grid_table(Ctx *c, size_t i);
/* Pandoc's simple and multiline tables. */
size_t mdpass_dash_table(Ctx *c, size_t i);
/* A pipe table (md4c reads it): only its caption is taken. */
size_t mdpass_pipe_table(Ctx *c, size_t i);

/* ---- mdrewrite.c ----------------------------------------------------------- */

/* Writes the output: every line as its role says, list markers and
 * addresses rewritten on Markdown lines, then pad NULs. */
void mdpass_second_pass(Ctx *c, size_t pad);

#endif
