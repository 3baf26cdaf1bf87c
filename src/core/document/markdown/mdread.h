/* mdread: the state of a Markdown article being read, shared by the
 * reader's files: markdown.c (the whole article: notes, its shape, the
 * result), mdblock.c (md4c's block callbacks, tables, fragments), mdtext.c
 * (md4c's span and text callbacks: entities, pictures, raw HTML) and
 * mdbuild.c (the builder's memory, its warnings, the pending text and how
 * it becomes blocks). Internal to the reader: nothing outside
 * core/document/markdown/ includes it.
 *
 * A Builder owns its temporaries (malloc'd, freed by mdread_deinit); only
 * finished blocks and strings go into the caller's arena. Every function
 * that allocates sets b->oom when memory runs out, and the callbacks then
 * stop md4c.
 */
#ifndef KIOSK_MDREAD_H
#define KIOSK_MDREAD_H

#include <md4c.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/document/model/arena.h"
#include "core/document/model/doc.h"
#include "core/document/markdown/markdown.h"
#include "core/document/markdown/mdhtml.h"
#include "core/document/pandoc/mdinline.h"
#include "core/document/pandoc/mdprep.h"
#include "core/package/pkg.h"

/* NULs after what md4c reads (see markdown_parse). */
#define MDREAD_PAD 16

extern const char MDREAD_PICTURE_AS_TEXT[];

typedef struct {
	char *p;
	size_t len, cap;
} Buf;

typedef enum { BOX_QUOTE, BOX_LIST, BOX_ITEM, BOX_TABLE } BoxKind;

typedef struct {
	BoxKind kind;
	bool ordered;          /* BOX_LIST */
	long long next_number; /* BOX_LIST, ordered: the next item's ordinal */
	DocListStyle style;    /* BOX_LIST: how it counts */
	int items;             /* BOX_LIST: items so far */
	int number, depth;     /* BOX_ITEM */
	bool shown;            /* BOX_ITEM: its marker has been emitted */
	bool first;            /* BOX_ITEM: the first item of its list */
	int line;              /* BOX_ITEM: line of its first text, 0 before */
} Box;

/* A heading, kept until the article's shape is known. */
typedef struct {
	unsigned level;
	const char *text;
	size_t at; /* the index of the block that follows it */
	int line;
} Heading;

typedef struct {
	DocWarning *v;
	size_t n, cap;
	size_t dropped;
	int last_line;      /* the latest warning offered, kept or not */
	char last_kind[12]; /* its first words */
	bool oom;
} Warnings;

/* The article's footnotes, numbered as the text first refers to them. */
typedef struct {
	const Prep *prep;
	size_t *by_label; /* note indices ordered by label, then by place */
	int *number;      /* per note: 0 until referred to */
	size_t *at;       /* per note: the block of its first reference */
	bool *twice;      /* per note: a later note of the same label */
	int count;
	const size_t *nblocks; /* the article builder's block count */
} Notes;

/* A pipe table being read from md4c. */
typedef struct {
	DocCell *cells;
	size_t ncells, cap;
	size_t ncols, row_cells, nrows, nhead;
	bool in_head;
	int line;
} TableBuild;

typedef enum { RAW_NONE, RAW_HTML, RAW_DROP } RawKind;

typedef struct {
	Arena *arena;
	bool oom;
	const Prep *prep;   /* what md4c reads, with its lines */
	int line_base;      /* added to prep's lines: a fragment's place */
	Warnings *warnings; /* shared with fragments */
	Notes *notes;       /* NULL: note references are not read here */

	MdiText text;  /* the pending block's text */
	int text_line; /* line of its first text (prep's numbering) */
	int last_line; /* line of the latest text */

	Buf alt;     /* alt text of the image being read */
	Buf scratch; /* attribute decoding */
	const char *img_src;
	int img_line;
	int img_depth; /* > 0 while inside an image that becomes a block */

	/* Images met inside a list item wait until the item's text is out, so
	 * the item stays one block under one marker. */
	DocBlock *deferred;
	size_t ndeferred, capdeferred;
	bool squeeze; /* a deferred image left a gap: skip a doubled space */

	Box *boxes;
	size_t nboxes, capboxes;
	int list_depth;

	int strong, em, code; /* span nesting counts */
	bool code_block;
	RawKind raw;     /* the code block being read is raw HTML, or another format's */
	bool html_block; /* an HTML block is being read into html */
	Buf html;
	int html_line;
	MdhState hs;
	bool in_heading;
	unsigned heading_level;

	TableBuild table;

	DocBlock *blocks;
	size_t nblocks, capblocks;
	Heading *heads;
	size_t nheads, capheads;
} Builder;

/* ---- mdbuild.c: memory, warnings, the pending text ------------------------ */

/* Returns items grown to hold want elements (doubling), or NULL with
 * b->oom set; on NULL the old array is untouched and still owned. */
void *mdread_grow(Builder *b, void *items, size_t *cap, size_t want, size_t size);
bool mdread_buf_add(Builder *b, Buf *buf, const char *s, size_t n);
void mdread_deinit(Builder *b);
/* Adds a warning at an article line (0: the whole file). One line gets
 * one warning of a kind, however many times the thing recurs on it. */
void mdread_warnings_add(Arena *arena, Warnings *w, int line, const PkgWhy *why);
/* line: in the builder's own numbering. msg: a fixed phrase, marked N_()
 * where it is written. */
void mdread_warn(Builder *b, int line, const char *msg);
/* The same for words made elsewhere (a template and its arguments). */
void mdread_warn_why(Builder *b, int line, const PkgWhy *why);
/* A line of the builder's own numbering as the article's (0 stays 0). */
int mdread_abs_line(const Builder *b, int line);
/* The line (prep's numbering) of a pointer md4c handed over, or 0 when it
 * does not point into what md4c reads. */
int mdread_line_of(const Builder *b, const char *p);

Box *mdread_innermost(Builder *b);
bool mdread_innermost_is(Builder *b, BoxKind kind);
bool mdread_in_item(Builder *b);
void mdread_box_push(Builder *b, Box box);
void mdread_box_pop(Builder *b);
/* The style the open spans give text (DOC_* and MDI_LITERAL bits). */
unsigned mdread_style(const Builder *b);
/* Adds text to the pending block (or to the alt text of the picture
 * being read). */
void mdread_text_add(Builder *b, const char *s, size_t n, unsigned style);
void mdread_pending_clear(Builder *b);
/* Takes pandoc's inline markup out of the pending text. */
void mdread_pending_finish(Builder *b, bool heading);
/* Copies the pending text between trimmed ends into the arena, a span per
 * run of one style. Returns the number of spans (0: nothing but white
 * space). */
size_t mdread_spans(Builder *b, const DocSpan **out);
void mdread_block_push(Builder *b, const DocBlock *blk);
/* Ends the pending text as a block of the kind its container asks for,
 * then lets out images that waited for it. */
void mdread_flush(Builder *b);
/* A new paragraph in a list item joins the item's text on a new line. */
void mdread_item_paragraph(Builder *b);
/* Keeps the pending text aside as a heading, with the place it stood. */
void mdread_heading_end(Builder *b);

/* ---- mdtext.c: inside a block ---------------------------------------------- */

int mdread_on_enter_span(MD_SPANTYPE type, void *detail, void *user);
int mdread_on_leave_span(MD_SPANTYPE type, void *detail, void *user);
int mdread_on_text(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size, void *user);
/* What a fenced block's "{=format}" says: raw HTML, another format's, or
 * plain code. */
RawKind mdread_raw_kind(Builder *b, const MD_ATTRIBUTE *info);
/* The whole HTML block read so far, shown as text. */
void mdread_html_block_end(Builder *b);

/* ---- mdblock.c: blocks, tables, fragments ------------------------------------ */

/* Runs md4c over what b->prep holds and ends the last block: 0, or md4c's
 * non-zero result (b->oom tells memory running out apart). */
int mdread_parse(Builder *b);
/* A grid, simple or multiline table read by mdprep, where its placeholder
 * stands. Each cell is Markdown of its own. */
void mdread_prep_table(Builder *b, const PrepTable *pt);
/* Markdown of its own (a table cell, a note, a caption) at the article's
 * line, read by a builder of its own into the spans of one cell; notes:
 * whether it may refer to notes. Returns the number of spans. */
size_t mdread_fragment(Builder *parent, const char *text, size_t len, int line, bool notes,
                       const DocSpan **out);
/* The spans of a fragment as one string. */
const char *mdread_fragment_text(Builder *b, const char *text, size_t len, int line);

/* ---- markdown.c ---------------------------------------------------------------- */

/* The number of the note labelled label (len bytes), numbering it on its
 * first reference; 0 when there is no such note. */
int mdread_note_number(void *user, const char *label, size_t len);

#endif
