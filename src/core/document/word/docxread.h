/* docxread: the state of a Word document being read, shared by the
 * reader's files: docx.c (the event handlers and the article's shape),
 * docxpara.c (gathered text, paragraphs, tables) and docxinline.c
 * (pictures, notes, fields and symbols). Internal to the reader: nothing
 * outside core/document/word/docx*.c includes it.
 *
 * The Builder owns its temporaries (malloc'd, freed when the reading
 * ends); finished blocks and strings go into the caller's arena. Every
 * function that allocates sets b->oom and stops the parser when memory
 * runs out.
 */
#ifndef KIOSK_DOCXREAD_H
#define KIOSK_DOCXREAD_H

#include <stdbool.h>
#include <stddef.h>

#include "core/document/model/arena.h"
#include "core/document/model/doc.h"
#include "core/document/word/docx.h"
#include "core/document/word/docxstyle.h"
#include "core/document/ooxml/opc.h"
#include "core/document/ooxml/wordml.h"
#include "core/document/ooxml/xml.h"
#include "core/package/pkg.h"

/* Paragraphs open inside paragraphs (text boxes) kept apart; deeper ones
 * run into the innermost kept. */
#define PARA_NEST 4
/* Fields open inside fields that are told apart. */
#define FIELD_NEST 16
#define LEVELS 9

/* ---- growing buffers ----------------------------------------------------- */

typedef struct {
	char *p;
	size_t len, cap;
} Buf;

typedef struct {
	size_t off, len;
	unsigned style;
} Run;

/* Styled text being gathered: one paragraph, one table cell, one note. */
typedef struct {
	Buf s;
	Run *runs;
	size_t nruns, cap;
} Text;

typedef struct {
	bool endnote;
	char *id;
	size_t order;
	const DocSpan *spans;
	size_t nspans;
} NoteDef;

/* A note referenced from the text, in reading order. */
typedef struct {
	size_t at_block; /* the block being built when it was referenced */
	int number;      /* footnotes and endnotes count together, 1, 2, 3 */
	const NoteDef *def;
} NoteRef;

typedef struct {
	Text text;
	int style;   /* index into styles, -1 for the default */
	int outline; /* direct outlineLvl, -1 none */
	int num_id;  /* direct numPr: -1 unset, 0 none */
	int ilvl;
	DocBlock *deferred; /* pictures and text box paragraphs, after it */
	size_t ndeferred, capdeferred;
	bool in_table; /* opened inside a table cell: goes into the cell */
} Para;

typedef struct {
	bool hide;   /* the result is not shown (TOC, or inside a hidden field) */
	bool result; /* past "separate": what follows is the result */
	char instr[16];
	size_t ilen;
} Field;

typedef struct {
	const DocSpan *spans;
	size_t nspans;
	int span;  /* gridSpan: the columns it covers */
	bool bold; /* all of its text bold: a heading row written by hand */
} Cell;

typedef struct {
	size_t first, n; /* its cells */
	bool header;     /* repeated as a heading row (tblHeader) */
} Row;

typedef enum { PART_NOTES, PART_BODY, PART_CORE } PartKind;

typedef struct Builder Builder;

struct Builder {
	Arena *arena;
	bool oom;
	const char *source;
	const OpcRels *rels;
	DocWarning warnings[16]; /* each kind once, in the order met */
	size_t nwarnings;
	XmlHandlers *h;
	PartKind part;

	/* The element stack of the part being read. */
	WmlTok tok[XML_DEPTH_MAX + 2];
	bool choice_taken[XML_DEPTH_MAX + 2]; /* per mc:AlternateContent */
	unsigned depth;
	unsigned skip; /* > 0: inside a subtree not shown, opened at this depth */

	DocxStyles *st; /* styles.xml and numbering.xml */

	/* notes */
	NoteDef *notes;
	size_t nnotes, capnotes;
	bool endnotes;
	bool in_note;
	char *note_id;
	bool note_skip;
	Text note;
	NoteRef *refs;
	size_t nrefs, caprefs;
	int note_count;

	/* the body */
	Para para[PARA_NEST];
	int npara;            /* open paragraphs, up to PARA_NEST */
	int para_over;        /* open beyond PARA_NEST */
	DocxProps run_props;  /* direct properties of the run being read */
	DocxProps *props_dst; /* where rPr children go, or NULL */
	bool in_run;
	int run_rstyle;           /* rStyle of the run: index into styles, -1 none */
	char run_symbol_font[48]; /* the run's own font when it is a symbol font
	                           * (Wingdings...), else "" */
	bool in_t;                /* w:t or m:t: its text is shown */
	int in_link;              /* open w:hyperlink elements */
	Field fields[FIELD_NEST];
	int nfields;
	int fields_over;
	bool in_sdt_pr;
	bool sdt_toc; /* the sdt being read is left out: a table of contents,
	               * or a prompt nobody replaced */

	/* tables: only the outermost is a table; deeper ones are read into
	 * the cell that holds them */
	int tbl_depth;
	Text cell;
	bool cell_open;
	int cell_span;
	Cell *cells; /* of the table being read */
	size_t ncells, capcells;
	Row *rows;
	size_t nrows, caprows;
	size_t row_first;
	bool row_header, row_deleted;
	int tbl_style;        /* its table style, -1 none */
	bool tbl_look_first;  /* tblLook: the style's first row look applies */
	char *tbl_caption;    /* tblCaption, or the caption paragraph above */
	size_t caption_block; /* 1 + index of a caption paragraph just pushed */
	DocTable *last_table; /* the last table pushed, for a caption below */
	size_t last_table_block;
	DocBlock *tbl_deferred; /* pictures met in the table, after it */
	size_t ntbl_deferred, captbl_deferred;

	/* a drawing being read */
	int drawing_depth; /* > 0 inside w:drawing / w:pict */
	Buf alt;
	Buf alt_title;
	char **blips;
	size_t nblips, capblips;

	/* core.xml */
	Buf core_title;
	bool in_core_title;
	/* custom.xml: the review dates (docxprops.c), as front matter keys */
	DocMeta props[2];
	size_t nprops;

	/* what the article is made of */
	DocBlock *blocks;
	int *levels; /* per block: a heading's level, else 0; -1 left out */
	size_t nblocks, capblocks, caplevels;
	const char *title;
	unsigned warned; /* bit per kind of warning already given */
};

enum {
	WARN_LINKED = 1u << 0,
	WARN_OUTSIDE = 1u << 1,
	WARN_CHART = 1u << 2,
	WARN_DIAGRAM = 1u << 3,
	WARN_OBJECT = 1u << 4,
	WARN_NOTE_PICTURE = 1u << 5,
	WARN_NO_PICTURE = 1u << 6,
	WARN_CHUNK = 1u << 7,
	WARN_SYMBOL_TEXT = 1u << 8,
	WARN_SYMBOL_LEFT_OUT = 1u << 9,
	WARN_REVIEWED = 1u << 10,
	WARN_REVIEW_DUE = 1u << 11,
	WARN_PROPS_DAMAGED = 1u << 12,
};

/* ---- gathered text (docxpara.c) ---------------------------------------------- */

void *docx_grow(Builder *b, void *items, size_t *cap, size_t want, size_t size);
void docx_fail_oom(Builder *b);
bool docx_buf_add(Builder *b, Buf *buf, const char *s, size_t n);
char *docx_sdup(Builder *b, const char *s);
void docx_text_add(Builder *b, Text *t, const char *s, size_t n, unsigned style);
void docx_text_clear(Text *t);
void docx_text_free(Text *t);
bool docx_blank(char c);
size_t docx_text_spans(Builder *b, const Text *t, const DocSpan **out);
char *docx_plain(Builder *b, const char *s, size_t n);
/* A warning of one kind (bit), once: msg a fixed phrase, marked N_()
 * where it is written; or words with arguments (why). */
void docx_warn_once(Builder *b, unsigned bit, const char *msg);
void docx_warn_once_why(Builder *b, unsigned bit, const PkgWhy *why);

/* ---- custom properties (docxprops.c) ------------------------------------------ */

/* The review dates of custom.xml (len bytes; NULL: none) into b->props; a
 * value that is no date, or a damaged part, is a warning. */
void docx_props_read(Builder *b, const char *xml, size_t len);

/* ---- blocks, paragraphs (docxpara.c) ------------------------------------------ */

void docx_block_push(Builder *b, const DocBlock *blk, int level);
void docx_defer_push(Builder *b, DocBlock **v, size_t *n, size_t *cap, const DocBlock *blk);
Para *docx_para_top(Builder *b);
bool docx_fields_hide(const Builder *b);
void docx_add_text(Builder *b, const char *s, size_t n);
void docx_para_begin(Builder *b);
void docx_para_end(Builder *b);

/* ---- tables (docxtable.c) ------------------------------------------------------ */

void docx_table_begin(Builder *b);
void docx_table_row_begin(Builder *b);
void docx_table_cell_begin(Builder *b);
void docx_table_cell_end(Builder *b);
void docx_table_row_end(Builder *b);
void docx_table_end(Builder *b);
/* A caption paragraph just under a table without one: it is the table's;
 * true when taken. */
bool docx_table_caption_below(Builder *b, char *caption);

/* ---- pictures, notes, fields, symbols (docxinline.c) ------------------------- */

void docx_picture_add(Builder *b, const char *rid);
void docx_drawing_begin(Builder *b);
void docx_drawing_end(Builder *b);
int docx_note_cmp(const void *x, const void *y);
const NoteDef *docx_note_find(const Builder *b, bool endnote, const char *id);
void docx_note_reference(Builder *b, bool endnote, const char *id);
void docx_note_begin(Builder *b, const XmlName *an, const char *const *av, size_t na);
void docx_note_end(Builder *b);
void docx_field_char(Builder *b, const char *type);
void docx_field_instr(Builder *b, const char *s, size_t n);
const char *docx_symbol_char(const char *font, const char *code);
/* Whether a font draws pictures in place of letters (Symbol, Wingdings,
 * Webdings, ...): text in it shows differently on the kiosk. */
bool docx_symbol_font(const char *font);
/* Warns once per kind (WARN_SYMBOL_TEXT: letters typed in a symbol font;
 * WARN_SYMBOL_LEFT_OUT: a w:sym the kiosk has no character for) of the
 * symbol font named font. */
void docx_warn_symbol(Builder *b, unsigned kind, const char *font);

/* "this is not a Word document (.docx) the kiosk can read; ..." */
extern const char DOCX_NOT_WORD[];
/* Puts msg into err (when there is room). */
void docx_set_err(char *err, size_t errlen, const char *msg);

#endif
