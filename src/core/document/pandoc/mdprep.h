/* mdprep: the line-level pass over an article before md4c reads it, for
 * the block syntax of pandoc's Markdown that CommonMark lacks:
 *
 * - front matter: its lines become blank (frontmatter.c reads them);
 * - grid tables (+---+), simple and multiline tables (---- ----) and
 *   their captions ("Table: ..." or ": ..."): each becomes one
 *   placeholder line, and its cells are kept as Markdown of their own;
 * - captions of pipe tables (md4c reads the tables themselves);
 * - footnote definitions ("[^1]: text" and its indented lines), kept
 *   aside, their lines blank;
 * - fenced div lines (":::"), blank, their contents kept;
 * - lettered and roman list markers ("a.", "ii.", "(c)", "B)"), written
 *   as "1." or "1)" for md4c, with what they said kept by line;
 * - picture and link addresses with spaces ("](images/Waiting Room.jpg)"),
 *   wrapped in <> as CommonMark wants.
 *
 * Every line of the article stays one line of the output, so a line number
 * found in the output is the article's. Nothing inside fenced code is
 * touched. Pure C, no SDL, no files; a Prep owns everything it points to
 * and mdprep_free releases it.
 */
#ifndef KIOSK_MDPREP_H
#define KIOSK_MDPREP_H

#include <stdbool.h>
#include <stddef.h>

#include "core/document/model/doc.h"

/* The byte that stands for a table in the output: a line holding only it
 * (after the table's indentation). md4c passes it on as text, with a
 * pointer into the output, so the table is known by where it stands. */
#define MDPREP_PLACEHOLDER '\x01'
/* Columns a grid or dash table may have; wider ones stay text. */
#define MDPREP_COLUMNS_MAX 64

/* A piece of Markdown in the Prep's store. */
typedef struct {
	size_t off, len;
	int line; /* where it starts in the article */
} PrepText;

typedef struct {
	size_t at; /* offset of the placeholder byte in the output */
	int line;  /* the table's first line */
	size_t nrows, ncols, nhead;
	PrepText *cells;  /* nrows * ncols, row by row */
	PrepText caption; /* len 0: none */
} PrepTable;

typedef struct {
	PrepText label; /* without "[^" and "]" */
	PrepText body;  /* with its indentation taken off */
} PrepNote;

typedef struct {
	int line;
	DocListStyle style;
	int value; /* a. = 1, iv. = 4 */
} PrepMarker;

typedef struct {
	int line; /* the pipe table's first line */
	PrepText text;
} PrepCaption;

typedef struct {
	char *buf; /* what md4c reads: ends in a line break, then NULs */
	size_t len;
	size_t *line_at; /* offset in buf where each line starts */
	size_t nlines;
	char *store; /* the Markdown of cells, notes and captions */
	PrepTable *tables;
	size_t ntables;
	PrepNote *notes; /* in the order written */
	size_t nnotes;
	PrepMarker *markers; /* by line */
	size_t nmarkers;
	PrepCaption *captions; /* by line */
	size_t ncaptions;
} Prep;

enum {
	/* Tables, captions and notes: the whole article. A table cell or a
	 * note's text is read without them (no tables in tables). */
	MDPREP_BLOCKS = 1u,
};

typedef void (*MdprepWarnFn)(void *user, int line, const char *msg);

/* Reads len bytes of UTF-8 text; the first skip bytes (front matter) come
 * out blank. pad NULs follow the output. Returns 0, or -1 when out of
 * memory (out is then empty and needs no freeing). */
int mdprep_run(const char *text, size_t len, size_t skip, unsigned flags, size_t pad, Prep *out,
               MdprepWarnFn warn, void *user);
void mdprep_free(Prep *p);
/* 1-based line of an offset into p->buf. */
int mdprep_line(const Prep *p, size_t off);
/* The marker written on a line, or NULL. */
const PrepMarker *mdprep_marker(const Prep *p, int line);
/* The table whose placeholder is at off, or NULL. */
const PrepTable *mdprep_table_at(const Prep *p, size_t off);
/* The caption of the pipe table starting on line, or NULL. */
const PrepCaption *mdprep_caption(const Prep *p, int line);

#endif
