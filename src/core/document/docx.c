/* docx: expat's start/end/text events over the notes and document.xml
 * build the DocArticle.
 *
 * Each part is streamed once. Styles and numbering are read first
 * (docxstyle.c), then the notes into a table sorted by id, then the body,
 * in terms of the vocabulary of wordml.h. The body's
 * state is explicit: a stack of element tokens (bounded by XML_DEPTH_MAX,
 * never the C stack), a skip depth for subtrees that are not shown (deleted
 * text, field codes, the table of contents, comments, alternatives of
 * mc:AlternateContent), a stack of open paragraphs (a text box holds
 * paragraphs inside a paragraph), the open fields, and the table being
 * read. Temporaries are malloc'd and freed at the end; only finished
 * blocks and strings go into the arena.
 */
#include "core/document/docx.h"

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/document/docxstyle.h"
#include "core/document/utf8.h"
#include "core/document/wordml.h"
#include "core/document/xml.h"

static const char ERR_NOMEM[] = "out of memory";
static const char ERR_NOT_WORD[] = "this is not a Word document (.docx) the kiosk can read; open "
                                   "it in Word or LibreOffice and save it as .docx";

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

typedef struct Builder Builder;

static void *grow(Builder *b, void *items, size_t *cap, size_t want, size_t size);

/* ---- notes ----------------------------------------------------------------- */

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
	int number;
	bool endnote;
	const NoteDef *def;
} NoteRef;

/* ---- the body -------------------------------------------------------------- */

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
} Cell;

typedef enum { PART_NOTES, PART_BODY, PART_CORE } PartKind;

struct Builder {
	Arena *arena;
	bool oom;
	const char *source;
	const OpcRels *rels;
	DocxWarn warn;
	void *warn_user;
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
	int footnote_count, endnote_count;

	/* the body */
	Para para[PARA_NEST];
	int npara;            /* open paragraphs, up to PARA_NEST */
	int para_over;        /* open beyond PARA_NEST */
	DocxProps run_props;  /* direct properties of the run being read */
	DocxProps *props_dst; /* where rPr children go, or NULL */
	bool in_run;
	int run_rstyle; /* rStyle of the run: index into styles, -1 none */
	bool in_t;      /* w:t or m:t: its text is shown */
	int in_link;    /* open w:hyperlink elements */
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
	Cell *cells; /* of the row being read */
	size_t ncells, capcells;
	bool row_header;
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

	/* what the article is made of */
	DocBlock *blocks;
	int *levels; /* per block: a heading's level, else 0 */
	size_t nblocks, capblocks, caplevels;
	const char *title;
	unsigned warned; /* bit per kind of warning already given */
};

static void *grow(Builder *b, void *items, size_t *cap, size_t want, size_t size)
{
	if (want <= *cap)
		return items;
	size_t n = *cap ? *cap : 16;
	while (n < want) {
		if (n > SIZE_MAX / 2 / size) {
			b->oom = true;
			return NULL;
		}
		n *= 2;
	}
	void *p = realloc(items, n * size);
	if (!p) {
		b->oom = true;
		return NULL;
	}
	*cap = n;
	return p;
}

static void fail_oom(Builder *b)
{
	b->oom = true;
	if (b->h && b->h->parser)
		xml_stop(b->h->parser, XML_ERR_NOMEM);
}

static bool buf_add(Builder *b, Buf *buf, const char *s, size_t n)
{
	if (b->oom)
		return false;
	if (n > SIZE_MAX - buf->len - 1) {
		fail_oom(b);
		return false;
	}
	char *p = grow(b, buf->p, &buf->cap, buf->len + n + 1, 1);
	if (!p) {
		fail_oom(b);
		return false;
	}
	buf->p = p;
	memcpy(buf->p + buf->len, s, n);
	buf->len += n;
	buf->p[buf->len] = '\0';
	return true;
}

static char *sdup(Builder *b, const char *s)
{
	size_t n = strlen(s);
	char *p = malloc(n + 1);
	if (!p) {
		fail_oom(b);
		return NULL;
	}
	memcpy(p, s, n + 1);
	return p;
}

static void text_add(Builder *b, Text *t, const char *s, size_t n, unsigned style)
{
	if (b->oom || n == 0)
		return;
	if (!buf_add(b, &t->s, s, n))
		return;
	if (t->nruns && t->runs[t->nruns - 1].style == style) {
		t->runs[t->nruns - 1].len += n;
		return;
	}
	Run *r = grow(b, t->runs, &t->cap, t->nruns + 1, sizeof(*r));
	if (!r) {
		fail_oom(b);
		return;
	}
	t->runs = r;
	t->runs[t->nruns++] = (Run){t->s.len - n, n, style};
}

static void text_clear(Text *t)
{
	t->s.len = 0;
	t->nruns = 0;
}

static void text_free(Text *t)
{
	free(t->s.p);
	free(t->runs);
	*t = (Text){0};
}

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The gathered text's runs between trimmed ends, copied into the arena.
 * Returns the number of spans (0: nothing but white space). */
static size_t text_spans(Builder *b, const Text *t, const DocSpan **out)
{
	*out = NULL;
	if (t->nruns == 0 || b->oom)
		return 0;
	size_t lo = 0, hi = t->s.len;
	while (lo < hi && blank(t->s.p[lo]))
		lo++;
	while (hi > lo && blank(t->s.p[hi - 1]))
		hi--;
	if (lo == hi)
		return 0;
	size_t first = 0, last = t->nruns - 1;
	while (t->runs[first].off + t->runs[first].len <= lo)
		first++;
	while (t->runs[last].off >= hi)
		last--;
	size_t n = last - first + 1;
	DocSpan *spans = arena_alloc(b->arena, n * sizeof(*spans));
	if (!spans) {
		b->oom = true;
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		const Run *r = &t->runs[first + i];
		size_t s = r->off > lo ? r->off : lo;
		size_t e = r->off + r->len < hi ? r->off + r->len : hi;
		char *p = arena_strndup(b->arena, t->s.p + s, e - s);
		if (!p) {
			b->oom = true;
			return 0;
		}
		spans[i] = (DocSpan){p, e - s, r->style};
	}
	*out = spans;
	return n;
}

/* Plain text with every run of white space made one space, trimmed, into
 * the arena ("" when there is none). Headings, captions, titles. */
static char *plain(Builder *b, const char *s, size_t n)
{
	char *out = arena_alloc(b->arena, n + 1);
	if (!out) {
		b->oom = true;
		return NULL;
	}
	size_t o = 0;
	bool space = false;
	for (size_t i = 0; i < n; i++) {
		if (blank(s[i])) {
			space = o > 0;
			continue;
		}
		if (space)
			out[o++] = ' ';
		space = false;
		out[o++] = s[i];
	}
	out[o] = '\0';
	return out;
}

static void warn_once(Builder *b, unsigned bit, const char *msg)
{
	if (b->warn && !(b->warned & bit)) {
		b->warned |= bit;
		b->warn(b->warn_user, msg);
	}
}

enum {
	WARN_LINKED = 1u << 0,
	WARN_OUTSIDE = 1u << 1,
	WARN_CHART = 1u << 2,
	WARN_DIAGRAM = 1u << 3,
	WARN_OBJECT = 1u << 4,
	WARN_NOTE_PICTURE = 1u << 5,
	WARN_NO_PICTURE = 1u << 6,
	WARN_CHUNK = 1u << 7,
};

/* ---- blocks ---------------------------------------------------------------- */

static void block_push(Builder *b, const DocBlock *blk, int level)
{
	if (b->oom)
		return;
	DocBlock *p = grow(b, b->blocks, &b->capblocks, b->nblocks + 1, sizeof(*p));
	if (!p) {
		fail_oom(b);
		return;
	}
	b->blocks = p;
	int *l = grow(b, b->levels, &b->caplevels, b->nblocks + 1, sizeof(*l));
	if (!l) {
		fail_oom(b);
		return;
	}
	b->levels = l;
	b->blocks[b->nblocks] = *blk;
	b->levels[b->nblocks++] = level;
}

static void defer_push(Builder *b, DocBlock **v, size_t *n, size_t *cap, const DocBlock *blk)
{
	DocBlock *p = grow(b, *v, cap, *n + 1, sizeof(*p));
	if (!p) {
		fail_oom(b);
		return;
	}
	*v = p;
	p[(*n)++] = *blk;
}

/* ---- tables (kept as rows of cells for now: one line per row) ---------- */

static const char CELL_SEPARATOR[] = " \u00B7 ";

static void table_row_end(Builder *b)
{
	if (b->oom || b->ncells == 0)
		return;
	Text row = {0};
	bool any = false;
	for (size_t i = 0; i < b->ncells; i++) {
		if (i)
			text_add(b, &row, CELL_SEPARATOR, sizeof(CELL_SEPARATOR) - 1, 0);
		for (size_t k = 0; k < b->cells[i].nspans; k++) {
			const DocSpan *s = &b->cells[i].spans[k];
			text_add(b, &row, s->text, s->len,
			         s->style | (b->row_header ? DOC_BOLD : 0));
			any = true;
		}
	}
	if (any) {
		DocBlock blk = {.type = DOC_PARA};
		blk.nspans = text_spans(b, &row, &blk.spans);
		if (blk.nspans)
			block_push(b, &blk, 0);
	}
	text_free(&row);
	b->ncells = 0;
}

static void table_cell_end(Builder *b)
{
	if (!b->cell_open)
		return;
	b->cell_open = false;
	Cell c = {0};
	c.nspans = text_spans(b, &b->cell, &c.spans);
	text_clear(&b->cell);
	Cell *v = grow(b, b->cells, &b->capcells, b->ncells + 1, sizeof(*v));
	if (!v) {
		fail_oom(b);
		return;
	}
	b->cells = v;
	b->cells[b->ncells++] = c;
}

static void table_end(Builder *b)
{
	table_cell_end(b);
	table_row_end(b);
	for (size_t i = 0; i < b->ntbl_deferred; i++)
		block_push(b, &b->tbl_deferred[i], 0);
	b->ntbl_deferred = 0;
}

/* ---- paragraphs ------------------------------------------------------------ */

static Para *para_top(Builder *b)
{
	return b->npara ? &b->para[b->npara - 1] : NULL;
}

/* Where finished text goes when it is not a block of its own: the cell or
 * note being read. */
static Text *text_sink(Builder *b, const Para *p)
{
	if (b->part == PART_NOTES)
		return &b->note;
	if (p->in_table)
		return &b->cell;
	return NULL;
}

static unsigned current_style(Builder *b, bool *hidden)
{
	Para *p = para_top(b);
	DocxProps pr = *docxstyle_defaults(b->st);
	const DocxStyleInfo *ps =
	    docxstyle_info(b->st, p && p->style >= 0 ? p->style : docxstyle_default(b->st));
	if (ps)
		docxstyle_props_over(&pr, &ps->rpr);
	const DocxStyleInfo *cs = docxstyle_info(b->st, b->run_rstyle);
	if (cs)
		docxstyle_props_over(&pr, &cs->rpr);
	docxstyle_props_over(&pr, &b->run_props);
	*hidden = pr.vanish > 0;
	/* A link cannot be followed on the kiosk: its text is not dressed
	 * as one (underlined), which would ask to be tapped. */
	if (b->in_link || (cs && strstr(cs->name, "hyperlink")))
		pr.u = 0;
	return docxstyle_props_doc(&pr);
}

static bool fields_hide(const Builder *b)
{
	for (int i = 0; i < b->nfields; i++)
		if (b->fields[i].hide || !b->fields[i].result)
			return true;
	return false;
}

/* Text of the body or a note, as the run's style has it. */
static void add_text(Builder *b, const char *s, size_t n)
{
	Para *p = para_top(b);
	if (!p || b->oom || fields_hide(b))
		return;
	bool hidden;
	unsigned style = current_style(b, &hidden);
	if (!hidden)
		text_add(b, &p->text, s, n, style);
}

static void para_begin(Builder *b)
{
	if (b->npara == PARA_NEST) {
		b->para_over++;
		return;
	}
	Para *p = &b->para[b->npara++];
	text_clear(&p->text);
	p->style = -1;
	p->outline = -1;
	p->num_id = -1;
	p->ilvl = -1;
	p->ndeferred = 0;
	p->in_table = b->tbl_depth > 0;
}

static void text_sink_add(Builder *b, Text *sink, const Text *t, const char *prefix)
{
	/* Paragraphs in a cell or a note are lines of its text. */
	if (sink->s.len)
		text_add(b, sink, "\n", 1, 0);
	if (prefix)
		text_add(b, sink, prefix, strlen(prefix), 0);
	for (size_t i = 0; i < t->nruns; i++)
		text_add(b, sink, t->s.p + t->runs[i].off, t->runs[i].len, t->runs[i].style);
}

static bool text_blank(const Text *t)
{
	for (size_t i = 0; i < t->s.len; i++)
		if (!blank(t->s.p[i]))
			return false;
	return true;
}

/* The finished paragraph p becomes a block: of the body, or deferred
 * behind the paragraph holding it, or a line of a cell or note. */
static void para_emit(Builder *b, Para *p, const DocBlock *blk, int level)
{
	Para *outer = b->npara > 1 ? &b->para[b->npara - 2] : NULL;
	if (outer)
		defer_push(b, &outer->deferred, &outer->ndeferred, &outer->capdeferred, blk);
	else
		block_push(b, blk, level);
}

/* A caption paragraph right under a picture: it becomes the picture's
 * caption when the picture has no alt text, and goes when it only repeats
 * it (pandoc writes both). true when the paragraph is not to be shown. */
static bool caption_of_picture(Builder *b, const Para *p)
{
	if (b->npara != 1 || b->nblocks == 0 || b->blocks[b->nblocks - 1].type != DOC_IMAGE)
		return false;
	DocBlock *img = &b->blocks[b->nblocks - 1];
	char *t = plain(b, p->text.s.p ? p->text.s.p : "", p->text.s.len);
	if (!t || !*t)
		return false;
	if (!img->alt || !*img->alt) {
		img->alt = t;
		return true;
	}
	return strcmp(img->alt, t) == 0;
}

static void para_end(Builder *b)
{
	if (b->para_over) {
		b->para_over--;
		return;
	}
	Para *p = para_top(b);
	if (!p || b->oom)
		return;
	const DocxStyleInfo *st =
	    docxstyle_info(b->st, p->style >= 0 ? p->style : docxstyle_default(b->st));
	DocxParaKind kind = st ? st->kind : DOCX_PARA_BODY;
	int level = st ? st->level : 0;
	if (p->outline >= 0 && p->outline < 9 && kind == DOCX_PARA_BODY) {
		kind = DOCX_PARA_HEADING;
		level = p->outline + 1;
	}
	int num_id = p->num_id >= 0 ? p->num_id : st ? st->num_id : -1;
	int ilvl = p->ilvl >= 0 ? p->ilvl : st && st->ilvl >= 0 ? st->ilvl : 0;
	DocxMarker m;
	bool numbered = kind != DOCX_PARA_TOC && !text_blank(&p->text) && num_id > 0 &&
	                docxstyle_number(b->st, num_id, ilvl, &m);
	Text *sink = text_sink(b, p);

	if (kind == DOCX_PARA_TOC) {
		/* left out */
	} else if (sink) {
		if (!text_blank(&p->text)) {
			char prefix[80] = "";
			if (numbered)
				snprintf(prefix, sizeof(prefix), "%s ",
				         m.bullet ? "\xE2\x80\xA2" : m.text);
			text_sink_add(b, sink, &p->text, numbered ? prefix : NULL);
		}
	} else if (kind == DOCX_PARA_TITLE || kind == DOCX_PARA_HEADING) {
		char *t = plain(b, p->text.s.p ? p->text.s.p : "", p->text.s.len);
		if (t && *t && numbered && !m.bullet && m.text[0]) {
			/* Numbered headings ("2.1 Dosage") keep their number. */
			t = arena_printf(b->arena, "%s %s", m.text, t);
			if (!t)
				b->oom = true;
		}
		if (t && *t) {
			if (kind == DOCX_PARA_TITLE && !b->title && b->npara == 1) {
				b->title = t;
			} else {
				DocSpan *sp = arena_alloc(b->arena, sizeof(*sp));
				if (!sp) {
					b->oom = true;
				} else {
					*sp = (DocSpan){t, strlen(t), 0};
					DocBlock blk = {
					    .type = DOC_SUBHEADING, .spans = sp, .nspans = 1};
					para_emit(b, p, &blk,
					          kind == DOCX_PARA_HEADING && b->npara == 1 ? level
					                                                     : 0);
				}
			}
		}
	} else if (kind == DOCX_PARA_CAPTION && caption_of_picture(b, p)) {
		/* said by the picture */
	} else {
		DocBlock blk = {.type = DOC_PARA};
		blk.nspans = text_spans(b, &p->text, &blk.spans);
		if (blk.nspans) {
			if (numbered) {
				blk.type = DOC_LIST_ITEM;
				/* "List Bullet 2" is a level deeper whatever its
				 * numbering says (LibreOffice writes ilvl 0). */
				blk.list_depth = ilvl + (st && st->list_level ? st->list_level : 1);
				blk.list_number = m.bullet ? 0 : m.number;
			}
			para_emit(b, p, &blk, 0);
		}
	}
	/* Pictures and text boxes of the paragraph follow it. */
	for (size_t i = 0; i < p->ndeferred && !b->oom; i++) {
		const DocBlock *d = &p->deferred[i];
		if (kind == DOCX_PARA_TOC)
			break;
		if (b->part == PART_NOTES) {
			if (d->type == DOC_IMAGE)
				warn_once(b, WARN_NOTE_PICTURE,
				          "a picture in a footnote or endnote is not shown");
			else if (d->spans)
				for (size_t k = 0; k < d->nspans; k++)
					text_add(b, &b->note, d->spans[k].text, d->spans[k].len,
					         d->spans[k].style);
		} else if (p->in_table) {
			if (d->type == DOC_IMAGE)
				defer_push(b, &b->tbl_deferred, &b->ntbl_deferred,
				           &b->captbl_deferred, d);
			else if (d->spans) {
				text_add(b, &b->cell, "\n", 1, 0);
				for (size_t k = 0; k < d->nspans; k++)
					text_add(b, &b->cell, d->spans[k].text, d->spans[k].len,
					         d->spans[k].style);
			}
		} else {
			para_emit(b, p, d, 0);
		}
	}
	b->npara--;
}

/* ---- pictures -------------------------------------------------------------- */

/* Word's automatic alt text ends in a line saying so; it is not a caption
 * anyone wrote. */
static void strip_generated(char *s)
{
	static const char *const tails[] = {"Description automatically generated with medium "
	                                    "confidence",
	                                    "Description automatically generated with low "
	                                    "confidence",
	                                    "Description automatically generated"};
	size_t n = strlen(s);
	for (size_t i = 0; i < sizeof(tails) / sizeof(tails[0]); i++) {
		size_t k = strlen(tails[i]);
		if (n >= k && strcmp(s + n - k, tails[i]) == 0) {
			n -= k;
			while (n > 0 && blank(s[n - 1]))
				n--;
			s[n] = '\0';
			return;
		}
	}
}

static void picture_add(Builder *b, const char *rid)
{
	const OpcRel *rel = b->rels ? opc_rel_find(b->rels, rid) : NULL;
	if (!rel) {
		warn_once(b, WARN_NO_PICTURE,
		          "a picture refers to nothing in the document and is not shown");
		return;
	}
	if (rel->external) {
		warn_once(b, WARN_LINKED,
		          "a picture linked from outside the document is not shown (insert "
		          "the picture itself instead of a link)");
		return;
	}
	if (!rel->target) {
		warn_once(b, WARN_OUTSIDE,
		          "a picture points outside the document and is not shown");
		return;
	}
	char **v = grow(b, b->blips, &b->capblips, b->nblips + 1, sizeof(*v));
	if (!v) {
		fail_oom(b);
		return;
	}
	b->blips = v;
	b->blips[b->nblips] = sdup(b, rel->target);
	if (b->blips[b->nblips])
		b->nblips++;
}

static void drawing_begin(Builder *b)
{
	if (b->drawing_depth++ > 0)
		return;
	b->alt.len = 0;
	b->alt_title.len = 0;
	b->nblips = 0;
}

static void drawing_end(Builder *b)
{
	if (--b->drawing_depth > 0)
		return;
	Para *p = para_top(b);
	const Buf *a = b->alt.len ? &b->alt : &b->alt_title;
	char *alt = plain(b, a->p ? a->p : "", a->len);
	if (alt)
		strip_generated(alt);
	for (size_t i = 0; i < b->nblips && !b->oom; i++) {
		DocBlock blk = {.type = DOC_IMAGE, .alt = alt};
		blk.src = arena_printf(b->arena, "%s/%s", b->source, b->blips[i]);
		if (!blk.src) {
			b->oom = true;
			break;
		}
		if (p)
			defer_push(b, &p->deferred, &p->ndeferred, &p->capdeferred, &blk);
		else if (b->tbl_depth > 0)
			defer_push(b, &b->tbl_deferred, &b->ntbl_deferred, &b->captbl_deferred,
			           &blk);
		else
			block_push(b, &blk, 0);
	}
	for (size_t i = 0; i < b->nblips; i++)
		free(b->blips[i]);
	b->nblips = 0;
}

/* ---- notes ----------------------------------------------------------------- */

/* Notes are sorted by id (and place in the file) once read, so a long
 * document looks each one up in log time. */
static int order_cmp(size_t a, size_t b)
{
	return (a > b) - (a < b);
}

static int note_key(const NoteDef *n, bool endnote, const char *id)
{
	if (n->endnote != endnote)
		return n->endnote ? 1 : -1;
	return strcmp(n->id, id);
}

static int note_cmp(const void *x, const void *y)
{
	const NoteDef *a = x, *b = y;
	int d = note_key(a, b->endnote, b->id);
	return d ? d : order_cmp(a->order, b->order);
}

static const NoteDef *note_find(const Builder *b, bool endnote, const char *id)
{
	size_t lo = 0, hi = id ? b->nnotes : 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (note_key(&b->notes[mid], endnote, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < b->nnotes && id && note_key(&b->notes[lo], endnote, id) == 0 ? &b->notes[lo]
	                                                                         : NULL;
}

static void note_reference(Builder *b, bool endnote, const char *id)
{
	const NoteDef *def = note_find(b, endnote, id);
	if (!def || fields_hide(b))
		return;
	int number = endnote ? ++b->endnote_count : ++b->footnote_count;
	NoteRef *r = grow(b, b->refs, &b->caprefs, b->nrefs + 1, sizeof(*r));
	if (!r) {
		fail_oom(b);
		return;
	}
	b->refs = r;
	/* Notes inside a table are numbered where the table stands. */
	b->refs[b->nrefs++] = (NoteRef){b->nblocks, number, endnote, def};
	char mark[32];
	if (endnote) {
		char rn[24];
		docxstyle_format_number(number, DOCX_FMT_LOWER_ROMAN, rn);
		snprintf(mark, sizeof(mark), "[%s]", rn);
	} else {
		snprintf(mark, sizeof(mark), "[%d]", number);
	}
	Para *p = para_top(b);
	if (p)
		text_add(b, &p->text, mark, strlen(mark), 0);
}

static void note_begin(Builder *b, const XmlName *an, const char *const *av, size_t na)
{
	const char *type = wml_attr(an, av, na, "type");
	const char *id = wml_attr(an, av, na, "id");
	/* The separator lines Word keeps among the notes are not notes. */
	b->note_skip = !id || (type && strcmp(type, "normal") != 0);
	b->in_note = true;
	text_clear(&b->note);
	free(b->note_id);
	b->note_id = id ? sdup(b, id) : NULL;
}

static void note_end(Builder *b)
{
	b->in_note = false;
	if (b->note_skip || !b->note_id || b->oom)
		return;
	NoteDef d = {.endnote = b->endnotes, .id = b->note_id, .order = b->nnotes};
	d.nspans = text_spans(b, &b->note, &d.spans);
	b->note_id = NULL;
	NoteDef *v = grow(b, b->notes, &b->capnotes, b->nnotes + 1, sizeof(*v));
	if (!v) {
		free(d.id);
		fail_oom(b);
		return;
	}
	b->notes = v;
	b->notes[b->nnotes++] = d;
}

/* ---- fields ---------------------------------------------------------------- */

static void field_char(Builder *b, const char *type)
{
	if (!type)
		return;
	if (strcmp(type, "begin") == 0) {
		if (b->nfields == FIELD_NEST) {
			b->fields_over++;
			return;
		}
		bool parent_hidden = fields_hide(b);
		b->fields[b->nfields++] = (Field){.hide = parent_hidden};
	} else if (strcmp(type, "separate") == 0) {
		if (b->fields_over || !b->nfields)
			return;
		Field *f = &b->fields[b->nfields - 1];
		f->result = true;
		/* A table of contents is left out, result and all. */
		const char *s = f->instr;
		while (*s == ' ')
			s++;
		if (strncasecmp(s, "TOC", 3) == 0 && (s[3] == ' ' || s[3] == '\0' || s[3] == '\\'))
			f->hide = true;
	} else if (strcmp(type, "end") == 0) {
		if (b->fields_over)
			b->fields_over--;
		else if (b->nfields)
			b->nfields--;
	}
}

static void field_instr(Builder *b, const char *s, size_t n)
{
	if (b->fields_over || !b->nfields)
		return;
	Field *f = &b->fields[b->nfields - 1];
	size_t room = sizeof(f->instr) - 1 - f->ilen;
	if (n > room)
		n = room;
	memcpy(f->instr + f->ilen, s, n);
	f->ilen += n;
	f->instr[f->ilen] = '\0';
}

/* ---- symbols ---------------------------------------------------------------- */

/* w:sym in the Symbol font: the letters and signs a health text uses. */
static const char *symbol_char(const char *font, const char *code)
{
	if (!code)
		return NULL;
	unsigned long c = strtoul(code, NULL, 16);
	if (c >= 0xF000)
		c -= 0xF000;
	if (font && strcasecmp(font, "Symbol") != 0)
		return c == 0xB7 || c == 0xA7 || c == 0x6C || c == 0x9F ? "\xE2\x80\xA2" : NULL;
	static const char *const greek_lower[26] = {"α", "β", "χ", "δ", "ε", "φ", "γ", "η", "ι",
	                                            "ϕ", "κ", "λ", "μ", "ν", "ο", "π", "θ", "ρ",
	                                            "σ", "τ", "υ", "ϖ", "ω", "ξ", "ψ", "ζ"};
	static const char *const greek_upper[26] = {"Α", "Β", "Χ", "Δ", "Ε", "Φ", "Γ", "Η", "Ι",
	                                            "ϑ", "Κ", "Λ", "Μ", "Ν", "Ο", "Π", "Θ", "Ρ",
	                                            "Σ", "Τ", "Υ", "ς", "Ω", "Ξ", "Ψ", "Ζ"};
	if (c >= 'a' && c <= 'z')
		return greek_lower[c - 'a'];
	if (c >= 'A' && c <= 'Z')
		return greek_upper[c - 'A'];
	switch (c) {
	case 0xA3:
		return "≤";
	case 0xB3:
		return "≥";
	case 0xB0:
		return "°";
	case 0xB1:
		return "±";
	case 0xB4:
		return "×";
	case 0xB8:
		return "÷";
	case 0xB7:
		return "•";
	case 0xAE:
		return "→";
	case 0xAC:
		return "←";
	case 0xB9:
		return "≠";
	case 0xBB:
		return "≈";
	default:
		return NULL;
	}
}

/* ---- the event handlers ------------------------------------------------------ */

static WmlTok parent_tok(const Builder *b)
{
	/* tok[depth] is the element just opened; its parent is one below. */
	return b->depth >= 2 ? b->tok[b->depth - 1] : WML_OTHER;
}

static void skip_from_here(Builder *b)
{
	if (!b->skip)
		b->skip = b->depth;
}

/* Body and notes. */
static void start_text(Builder *b, WmlTok t, XmlName name, WmlNs ns, const XmlName *an,
                       const char *const *av, size_t na)
{
	WmlTok parent = parent_tok(b);
	const char *val = wml_attr(an, av, na, "val");
	Para *p = para_top(b);

	if (ns == WML_NS_W && t == WML_OTHER && wml_skipped(name.local)) {
		skip_from_here(b);
		return;
	}
	switch (t) {
	case WML_DEL:
	case WML_DELTEXT:
	case WML_DELINSTRTEXT:
	case WML_MOVEFROM:
	case WML_SECTPR:
	case WML_COMMENTREFERENCE:
	case WML_MC_FALLBACK:
		skip_from_here(b);
		return;
	case WML_MC_CHOICE:
		/* The first alternative is read; the others say the same. */
		if (b->depth >= 2 && b->tok[b->depth - 1] == WML_MC_ALTERNATE) {
			if (b->choice_taken[b->depth - 1])
				skip_from_here(b);
			b->choice_taken[b->depth - 1] = true;
		}
		return;
	case WML_MC_ALTERNATE:
		b->choice_taken[b->depth] = false;
		return;
	case WML_FOOTNOTE:
	case WML_ENDNOTE:
		if (b->part == PART_NOTES && b->depth == 2)
			note_begin(b, an, av, na);
		if (b->note_skip)
			skip_from_here(b);
		return;
	case WML_FOOTNOTEREF:
	case WML_ENDNOTEREF:
		return;
	case WML_P:
		para_begin(b);
		return;
	case WML_PSTYLE:
		if (p && parent == WML_PPR && !b->para_over)
			p->style = docxstyle_find(b->st, val);
		return;
	case WML_OUTLINELVL:
		if (p && parent == WML_PPR && !b->para_over)
			p->outline = wml_int(val, -1, 0, 9);
		return;
	case WML_NUMID:
		if (p && parent == WML_NUMPR && !b->para_over)
			p->num_id = wml_int(val, -1, 0, INT_MAX);
		return;
	case WML_ILVL:
		if (p && parent == WML_NUMPR && !b->para_over)
			p->ilvl = wml_int(val, -1, 0, LEVELS - 1);
		return;
	case WML_R:
		b->in_run = true;
		b->run_props = DOCX_PROPS_UNSET;
		b->run_rstyle = -1;
		return;
	case WML_RPR:
		/* Only a run's own properties apply to text; the paragraph
		 * mark's (pPr/rPr) do not. */
		b->props_dst = parent == WML_R ? &b->run_props : NULL;
		return;
	case WML_RSTYLE:
		if (parent == WML_RPR && b->props_dst == &b->run_props)
			b->run_rstyle = docxstyle_find(b->st, val);
		return;
	case WML_T:
		b->in_t = parent == WML_R;
		return;
	case WML_M_T:
		b->in_t = true;
		return;
	case WML_INSTRTEXT:
		return;
	case WML_TAB:
	case WML_PTAB:
		if (parent == WML_R)
			add_text(b, "\t", 1);
		return;
	case WML_BR:
	case WML_CR: {
		const char *type = wml_attr(an, av, na, "type");
		if (parent == WML_R && !(type && strcmp(type, "page") == 0))
			add_text(b, "\n", 1);
		else if (parent == WML_R)
			add_text(b, " ", 1);
		return;
	}
	case WML_NOBREAKHYPHEN:
		add_text(b, "\xE2\x80\x91", 3);
		return;
	case WML_SOFTHYPHEN:
		return;
	case WML_SYM: {
		const char *s =
		    symbol_char(wml_attr(an, av, na, "font"), wml_attr(an, av, na, "char"));
		if (s)
			add_text(b, s, strlen(s));
		return;
	}
	case WML_FLDCHAR:
		field_char(b, wml_attr(an, av, na, "fldCharType"));
		return;
	case WML_HYPERLINK:
		b->in_link++;
		return;
	case WML_FLDSIMPLE: {
		const char *instr = wml_attr(an, av, na, "instr");
		while (instr && *instr == ' ')
			instr++;
		if (instr && strncasecmp(instr, "TOC", 3) == 0 &&
		    (instr[3] == ' ' || instr[3] == '\0' || instr[3] == '\\'))
			skip_from_here(b);
		return;
	}
	case WML_SDT:
		b->sdt_toc = false;
		return;
	case WML_SDTPR:
		b->in_sdt_pr = true;
		return;
	case WML_DOCPARTGALLERY:
		if (b->in_sdt_pr && val && strcmp(val, "Table of Contents") == 0)
			b->sdt_toc = true;
		return;
	case WML_SHOWINGPLCHDR:
		/* A content control still showing its prompt ("Click or tap
		 * here to enter text."): nothing was written there. */
		if (b->in_sdt_pr && wml_on(val))
			b->sdt_toc = true;
		return;
	case WML_ALTCHUNK:
		warn_once(b, WARN_CHUNK,
		          "a part pasted in from another file (an embedded web page or document) "
		          "is not shown; paste its text instead");
		return;
	case WML_SDTCONTENT:
		if (b->sdt_toc) {
			b->sdt_toc = false;
			skip_from_here(b);
		}
		return;
	case WML_FOOTNOTEREFERENCE:
	case WML_ENDNOTEREFERENCE:
		if (b->part == PART_BODY && parent == WML_R)
			note_reference(b, t == WML_ENDNOTEREFERENCE, wml_attr(an, av, na, "id"));
		return;
	case WML_TBL:
		/* A table inside a paragraph (in a text box) is read as the
		 * paragraphs it holds. */
		if (b->part != PART_BODY || b->npara)
			return;
		if (b->tbl_depth++ == 0) {
			b->ncells = 0;
			b->ntbl_deferred = 0;
			b->cell_open = false;
		}
		return;
	case WML_TR:
		if (b->tbl_depth == 1 && !b->npara) {
			b->ncells = 0;
			b->row_header = false;
		}
		return;
	case WML_TBLHEADER:
		if (b->tbl_depth == 1 && parent == WML_TRPR && wml_on(val))
			b->row_header = true;
		return;
	case WML_TC:
		if (b->tbl_depth == 1 && !b->npara) {
			table_cell_end(b);
			text_clear(&b->cell);
			b->cell_open = true;
		}
		return;
	case WML_DRAWING:
	case WML_PICT:
		drawing_begin(b);
		return;
	case WML_OBJECT:
		/* An embedded spreadsheet or other file: its preview is a
		 * Windows drawing the kiosk cannot show. */
		warn_once(b, WARN_OBJECT,
		          "an embedded object (a spreadsheet, an equation or another file) is "
		          "not shown");
		skip_from_here(b);
		return;
	case WML_WP_DOCPR:
		if (b->drawing_depth) {
			const char *d = xml_attr(an, av, na, "", "descr");
			const char *ti = xml_attr(an, av, na, "", "title");
			b->alt.len = 0;
			b->alt_title.len = 0;
			if (d)
				buf_add(b, &b->alt, d, strlen(d));
			if (ti)
				buf_add(b, &b->alt_title, ti, strlen(ti));
		}
		return;
	case WML_A_BLIP: {
		const char *rid = wml_rattr(an, av, na, "embed");
		if (!rid && wml_rattr(an, av, na, "link")) {
			warn_once(b, WARN_LINKED,
			          "a picture linked from outside the document is not shown (insert "
			          "the picture itself instead of a link)");
			return;
		}
		if (b->drawing_depth && rid)
			picture_add(b, rid);
		return;
	}
	case WML_V_IMAGEDATA: {
		const char *rid = wml_rattr(an, av, na, "id");
		if (b->drawing_depth && rid) {
			const char *ti = xml_attr(an, av, na, NULL, "title");
			if (ti && !b->alt.len)
				buf_add(b, &b->alt, ti, strlen(ti));
			picture_add(b, rid);
		}
		return;
	}
	case WML_C_CHART:
		warn_once(b, WARN_CHART, "a chart is not shown (paste it as a picture instead)");
		return;
	case WML_DGM_RELIDS:
		warn_once(b, WARN_DIAGRAM,
		          "a SmartArt diagram is not shown (paste it as a picture instead)");
		return;
	default:
		if (parent == WML_RPR && b->props_dst)
			docxstyle_props_set(b->props_dst, t, val);
		return;
	}
}

static void on_start(void *user, XmlName name, const XmlName *an, const char *const *av, size_t na)
{
	Builder *b = user;
	if (b->oom)
		return;
	b->depth = xml_depth(b->h->parser);
	WmlNs ns = wml_ns(name);
	WmlTok t = wml_token(name, ns);
	if (b->depth < XML_DEPTH_MAX + 2)
		b->tok[b->depth] = t;
	if (b->skip)
		return;
	switch (b->part) {
	case PART_CORE:
		b->in_core_title = t == WML_DC_TITLE && b->depth == 2;
		break;
	default:
		start_text(b, t, name, ns, an, av, na);
		break;
	}
}

static void on_end(void *user, XmlName name)
{
	Builder *b = user;
	if (b->oom)
		return;
	unsigned depth = xml_depth(b->h->parser);
	WmlTok t = depth < XML_DEPTH_MAX + 2 ? b->tok[depth] : WML_OTHER;
	b->depth = depth - 1;
	if (b->skip) {
		if (depth == b->skip)
			b->skip = 0;
		/* A skipped note ends like any other. */
		if (!(b->skip == 0 && (t == WML_FOOTNOTE || t == WML_ENDNOTE)))
			return;
	}
	if (b->part == PART_CORE) {
		b->in_core_title = false;
		return;
	}
	switch (t) {
	case WML_P:
		para_end(b);
		break;
	case WML_R:
		b->in_run = false;
		b->run_props = DOCX_PROPS_UNSET;
		b->run_rstyle = -1;
		break;
	case WML_RPR:
		b->props_dst = NULL;
		break;
	case WML_T:
	case WML_M_T:
		b->in_t = false;
		break;
	case WML_SDTPR:
		b->in_sdt_pr = false;
		break;
	case WML_HYPERLINK:
		if (b->in_link)
			b->in_link--;
		break;
	case WML_TC:
		if (b->tbl_depth == 1 && !b->npara)
			table_cell_end(b);
		break;
	case WML_TR:
		if (b->tbl_depth == 1 && !b->npara) {
			table_cell_end(b);
			table_row_end(b);
		}
		break;
	case WML_TBL:
		if (b->part == PART_BODY && !b->npara && b->tbl_depth > 0 && --b->tbl_depth == 0)
			table_end(b);
		break;
	case WML_DRAWING:
	case WML_PICT:
		if (b->drawing_depth > 0)
			drawing_end(b);
		break;
	case WML_FOOTNOTE:
	case WML_ENDNOTE:
		if (b->part == PART_NOTES && depth == 2)
			note_end(b);
		break;
	default:
		break;
	}
}

static void on_text(void *user, const char *s, size_t n)
{
	Builder *b = user;
	if (b->oom || b->skip)
		return;
	if (b->part == PART_CORE) {
		if (b->in_core_title)
			buf_add(b, &b->core_title, s, n);
		return;
	}
	if (b->part != PART_BODY && b->part != PART_NOTES)
		return;
	unsigned depth = xml_depth(b->h->parser);
	WmlTok t = depth < XML_DEPTH_MAX + 2 ? b->tok[depth] : WML_OTHER;
	if (t == WML_INSTRTEXT) {
		field_instr(b, s, n);
		return;
	}
	if (b->in_t && (t == WML_T || t == WML_M_T))
		add_text(b, s, n);
}

/* ---- putting it together ------------------------------------------------------ */

static void builder_free(Builder *b)
{
	docxstyle_free(b->st);
	for (size_t i = 0; i < b->nnotes; i++)
		free(b->notes[i].id);
	free(b->notes);
	free(b->note_id);
	text_free(&b->note);
	free(b->refs);
	for (int i = 0; i < PARA_NEST; i++) {
		text_free(&b->para[i].text);
		free(b->para[i].deferred);
	}
	text_free(&b->cell);
	free(b->cells);
	free(b->tbl_deferred);
	free(b->alt.p);
	free(b->alt_title.p);
	for (size_t i = 0; i < b->nblips; i++)
		free(b->blips[i]);
	free(b->blips);
	free(b->core_title.p);
	free(b->blocks);
	free(b->levels);
}

static void set_err(char *err, size_t errlen, const char *msg)
{
	if (err && errlen)
		snprintf(err, errlen, "%s", msg);
}

/* Reads one part; 0 or -1 with err. */
static int read_part(Builder *b, PartKind kind, const char *xml, size_t len, char *err,
                     size_t errlen)
{
	if (!xml)
		return 0;
	XmlHandlers h = {.start = on_start, .end = on_end, .text = on_text, .user = b};
	b->h = &h;
	b->part = kind;
	b->skip = 0;
	b->depth = 0;
	b->npara = 0;
	b->para_over = 0;
	b->nfields = 0;
	b->fields_over = 0;
	b->tbl_depth = 0;
	b->drawing_depth = 0;
	b->props_dst = NULL;
	b->in_t = false;
	b->in_link = 0;
	XmlError e = xml_parse(xml, len, &h);
	b->h = NULL;
	if (b->oom) {
		set_err(err, errlen, ERR_NOMEM);
		return -1;
	}
	if (e != XML_OK) {
		set_err(err, errlen, opc_xml_words(e));
		return -1;
	}
	return 0;
}

/* The note blocks of refs [*next, ...) referenced before block end. */
static size_t notes_before(const Builder *b, size_t next, size_t end)
{
	size_t k = next;
	while (k < b->nrefs && b->refs[k].at_block < end)
		k++;
	return k - next;
}

/* Copies blocks [first, end) with the notes referenced in them into the
 * arena. */
static DocBlock *blocks_with_notes(Builder *b, size_t first, size_t end, size_t *next_ref,
                                   size_t *count)
{
	size_t nn = notes_before(b, *next_ref, end);
	size_t n = end - first + nn;
	DocBlock *v = arena_alloc(b->arena, (n ? n : 1) * sizeof(*v));
	if (!v) {
		b->oom = true;
		return NULL;
	}
	size_t o = 0;
	for (size_t i = first; i < end; i++)
		v[o++] = b->blocks[i];
	for (size_t i = 0; i < nn; i++) {
		const NoteRef *r = &b->refs[*next_ref + i];
		/* For now a note is a paragraph opening with its mark. */
		char mark[32];
		if (r->endnote) {
			char rn[24];
			docxstyle_format_number(r->number, DOCX_FMT_LOWER_ROMAN, rn);
			snprintf(mark, sizeof(mark), "[%s] ", rn);
		} else {
			snprintf(mark, sizeof(mark), "[%d] ", r->number);
		}
		DocSpan *sp = arena_alloc(b->arena, (r->def->nspans + 1) * sizeof(*sp));
		char *m = arena_strdup(b->arena, mark);
		if (!sp || !m) {
			b->oom = true;
			return NULL;
		}
		sp[0] = (DocSpan){m, strlen(m), 0};
		for (size_t k = 0; k < r->def->nspans; k++)
			sp[k + 1] = r->def->spans[k];
		v[o++] = (DocBlock){.type = DOC_PARA, .spans = sp, .nspans = r->def->nspans + 1};
	}
	*next_ref += nn;
	*count = o;
	return v;
}

static int assemble(Builder *b, DocArticle *out, char *err, size_t errlen)
{
	/* The topics begin at the highest heading level the document uses:
	 * Heading 1, or Heading 2 in a document that starts there. */
	int top = 0;
	for (size_t i = 0; i < b->nblocks; i++)
		if (b->levels[i] && (!top || b->levels[i] < top))
			top = b->levels[i];
	size_t ntopics = 0;
	for (size_t i = 0; i < b->nblocks; i++)
		if (top && b->levels[i] == top)
			ntopics++;
	DocTopic *topics = arena_alloc(b->arena, (ntopics ? ntopics : 1) * sizeof(*topics));
	if (!topics) {
		set_err(err, errlen, ERR_NOMEM);
		return -1;
	}
	size_t next_ref = 0, t = 0, start = 0;
	bool in_topic = false;
	const char *title = NULL;
	for (size_t i = 0; i <= b->nblocks && !b->oom; i++) {
		bool boundary = i == b->nblocks || (top && b->levels[i] == top);
		if (!boundary)
			continue;
		size_t n;
		DocBlock *v = blocks_with_notes(b, start, i, &next_ref, &n);
		if (!v)
			break;
		if (in_topic) {
			topics[t++] = (DocTopic){title, v, n};
		} else {
			out->intro = v;
			out->nintro = n;
		}
		if (i < b->nblocks) {
			title = b->blocks[i].spans[0].text;
			in_topic = true;
			start = i + 1;
		}
	}
	if (b->oom) {
		set_err(err, errlen, ERR_NOMEM);
		return -1;
	}
	out->topics = topics;
	out->ntopics = t;
	return 0;
}

int docx_map(const DocxParts *parts, const char *source, Arena *arena, DocArticle *out,
             DocxWarn warn, void *user, char *err, size_t errlen)
{
	int rc = -1;
	Builder *b = calloc(1, sizeof(*b));
	if (!b) {
		set_err(err, errlen, ERR_NOMEM);
		return -1;
	}
	b->arena = arena;
	b->source = source ? source : "";
	b->rels = parts->rels;
	b->warn = warn;
	b->warn_user = user;
	b->run_rstyle = -1;
	if (!parts->document) {
		set_err(err, errlen, ERR_NOT_WORD);
		goto done;
	}
	b->st = docxstyle_new();
	if (!b->st) {
		set_err(err, errlen, ERR_NOMEM);
		goto done;
	}
	XmlError xe = docxstyle_read_styles(b->st, parts->styles, parts->styles_len);
	if (xe == XML_OK)
		xe = docxstyle_read_numbering(b->st, parts->numbering, parts->numbering_len);
	if (xe != XML_OK) {
		set_err(err, errlen, opc_xml_words(xe));
		goto done;
	}
	b->endnotes = false;
	if (read_part(b, PART_NOTES, parts->footnotes, parts->footnotes_len, err, errlen) != 0)
		goto done;
	b->endnotes = true;
	if (read_part(b, PART_NOTES, parts->endnotes, parts->endnotes_len, err, errlen) != 0)
		goto done;
	if (b->nnotes)
		qsort(b->notes, b->nnotes, sizeof(*b->notes), note_cmp);
	if (read_part(b, PART_CORE, parts->core, parts->core_len, err, errlen) != 0) {
		/* The properties only offer a title: a damaged core.xml costs
		 * that, not the document. */
		b->core_title.len = 0;
	}
	if (read_part(b, PART_BODY, parts->document, parts->document_len, err, errlen) != 0)
		goto done;

	DocArticle a = {0};
	a.source = arena_strdup(arena, b->source);
	a.title = b->title;
	if (!a.title && b->core_title.len) {
		char *t = plain(b, b->core_title.p, b->core_title.len);
		if (t && *t)
			a.title = t;
	}
	if (!a.title)
		a.title = doc_title_from_name(arena, b->source);
	if (!a.source || !a.title || b->oom) {
		set_err(err, errlen, ERR_NOMEM);
		goto done;
	}
	if (assemble(b, &a, err, errlen) != 0)
		goto done;
	*out = a;
	rc = 0;
done:
	builder_free(b);
	free(b);
	return rc;
}

/* ---- the container ------------------------------------------------------------- */

static bool ends_with(const char *s, size_t n, const char *end)
{
	size_t k = strlen(end);
	return n >= k && strncasecmp(s + n - k, end, k) == 0;
}

size_t docx_picture_split(const char *src)
{
	const char *slash = src ? strchr(src, '/') : NULL;
	if (!slash || !slash[1])
		return 0;
	size_t n = (size_t)(slash - src);
	return ends_with(src, n, ".docx") && n > 5 ? n : 0;
}

const char *docx_other_format(const char *name)
{
	static const struct {
		const char *end;
		const char *msg;
	} kinds[] = {
	    {".doc", "this is an old Word document (.doc); open it in Word or LibreOffice and "
	             "save it as .docx"},
	    {".docm", "this is a Word document with macros (.docm); open it in Word and save it "
	              "as .docx"},
	    {".dotx", "this is a Word template (.dotx); open it in Word and save it as a "
	              "document (.docx)"},
	    {".odt", "this is a LibreOffice document (.odt); open it in LibreOffice and save it "
	             "as Word (.docx)"},
	    {".rtf", "this is a Rich Text document (.rtf); open it in Word or LibreOffice and "
	             "save it as .docx"},
	    {".pages", "this is a Pages document; export it from Pages as Word (.docx)"},
	};
	size_t n = name ? strlen(name) : 0;
	if (!n || name[0] == '.')
		return NULL;
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (ends_with(name, n, kinds[i].end) && n > strlen(kinds[i].end))
			return kinds[i].msg;
	return NULL;
}

int docx_picture_read(OpcPackage *p, const char *part, char **out, size_t *len, char *err,
                      size_t errlen)
{
	int rc = opc_read(p, part, out, len, err, errlen);
	if (rc > 0)
		set_err(err, errlen,
		        "the picture is missing from the document (it may be damaged)");
	return rc;
}

typedef struct {
	char *xml;
	size_t len;
} Part;

/* Reads an optional part: 0 (absent is fine), or -1 with err. */
static int optional(OpcPackage *p, const char *name, Part *out, char *err, size_t errlen)
{
	*out = (Part){0};
	if (!name)
		return 0;
	int rc = opc_read(p, name, &out->xml, &out->len, err, errlen);
	return rc < 0 ? -1 : 0;
}

int docx_read(const void *buf, size_t len, const char *source, Arena *arena, DocArticle *out,
              DocxWarn warn, void *user, char *err, size_t errlen)
{
	char why[200];
	switch (opc_sniff(buf, len)) {
	case OPC_KIND_ZIP:
		break;
	case OPC_KIND_OLE_CRYPT:
		set_err(err, errlen,
		        "this Word document is protected by a password; open it in Word, remove "
		        "the password (File > Info > Protect Document) and save it again");
		return -1;
	case OPC_KIND_OLE_DOC:
		set_err(err, errlen,
		        "this is an old Word document (.doc) with a .docx name; open it in Word "
		        "or LibreOffice and save it as .docx");
		return -1;
	case OPC_KIND_EMPTY:
		set_err(err, errlen, "the document is empty");
		return -1;
	default:
		set_err(err, errlen, ERR_NOT_WORD);
		return -1;
	}
	int rc = -1;
	OpcPackage pkg;
	OpcRels pkg_rels = {0}, doc_rels = {0};
	Part doc = {0}, styles = {0}, numbering = {0}, foot = {0}, end = {0}, core = {0};
	if (opc_open_buffer(&pkg, buf, len, why, sizeof(why)) != 0) {
		set_err(err, errlen, why);
		return -1;
	}
	if (opc_rels(&pkg, "", &pkg_rels, why, sizeof(why)) != 0)
		goto bad;
	/* The main part is wherever the package says (usually
	 * word/document.xml). */
	const OpcRel *main_rel = opc_rel_of_type(&pkg_rels, "officeDocument");
	const char *main_part =
	    main_rel && main_rel->target ? main_rel->target : "word/document.xml";
	int r = opc_read(&pkg, main_part, &doc.xml, &doc.len, why, sizeof(why));
	if (r != 0) {
		if (r > 0 && opc_has(&pkg, "content.xml") && opc_has(&pkg, "mimetype"))
			snprintf(
			    why, sizeof(why),
			    "this is a LibreOffice document (.odt) with a .docx name; open it in "
			    "LibreOffice and save it as Word (.docx)");
		else if (r > 0)
			snprintf(why, sizeof(why), "%s", ERR_NOT_WORD);
		goto bad;
	}
	if (opc_rels(&pkg, main_part, &doc_rels, why, sizeof(why)) != 0)
		goto bad;
	const OpcRel *rs = opc_rel_of_type(&doc_rels, "styles");
	const OpcRel *rn = opc_rel_of_type(&doc_rels, "numbering");
	const OpcRel *rf = opc_rel_of_type(&doc_rels, "footnotes");
	const OpcRel *re = opc_rel_of_type(&doc_rels, "endnotes");
	const OpcRel *rc_ = opc_rel_of_type(&pkg_rels, "core-properties");
	if (optional(&pkg, rs ? rs->target : NULL, &styles, why, sizeof(why)) != 0 ||
	    optional(&pkg, rn ? rn->target : NULL, &numbering, why, sizeof(why)) != 0 ||
	    optional(&pkg, rf ? rf->target : NULL, &foot, why, sizeof(why)) != 0 ||
	    optional(&pkg, re ? re->target : NULL, &end, why, sizeof(why)) != 0 ||
	    optional(&pkg, rc_ ? rc_->target : "docProps/core.xml", &core, why, sizeof(why)) != 0)
		goto bad;
	DocxParts parts = {doc.xml,       doc.len,  styles.xml, styles.len, numbering.xml,
	                   numbering.len, foot.xml, foot.len,   end.xml,    end.len,
	                   core.xml,      core.len, &doc_rels};
	rc = docx_map(&parts, source, arena, out, warn, user, why, sizeof(why));
	if (rc != 0)
		goto bad;
	goto done;
bad:
	snprintf(err, errlen, "%s", why);
	rc = -1;
done:
	free(doc.xml);
	free(styles.xml);
	free(numbering.xml);
	free(foot.xml);
	free(end.xml);
	free(core.xml);
	opc_rels_free(&pkg_rels);
	opc_rels_free(&doc_rels);
	opc_close(&pkg);
	return rc;
}
