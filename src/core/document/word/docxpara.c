/* docxpara: the text a Word document's paragraphs gather, and the blocks
 * they become: paragraphs, headings, list items (a table's cells in
 * docxtable.c), and what a paragraph holds that comes after it (pictures,
 * text box paragraphs). */
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/document/word/docxread.h"
#include "core/document/model/vec.h"

/* ---- growing buffers and gathered text --------------------------------------- */

void *docx_grow(Builder *b, void *items, size_t *cap, size_t want, size_t size)
{
	if (!vec_grow(&items, cap, want, size)) {
		b->oom = true;
		return NULL;
	}
	return items;
}

void docx_fail_oom(Builder *b)
{
	b->oom = true;
	if (b->h && b->h->parser)
		xml_stop(b->h->parser, XML_ERR_NOMEM);
}

bool docx_buf_add(Builder *b, Buf *buf, const char *s, size_t n)
{
	if (b->oom)
		return false;
	if (!vec_append(&buf->p, &buf->len, &buf->cap, s, n)) {
		docx_fail_oom(b);
		return false;
	}
	return true;
}

char *docx_sdup(Builder *b, const char *s)
{
	size_t n = strlen(s);
	char *p = malloc(n + 1);
	if (!p) {
		docx_fail_oom(b);
		return NULL;
	}
	memcpy(p, s, n + 1);
	return p;
}

void docx_text_add(Builder *b, Text *t, const char *s, size_t n, unsigned style)
{
	if (b->oom || n == 0)
		return;
	if (!docx_buf_add(b, &t->s, s, n))
		return;
	if (t->nruns && t->runs[t->nruns - 1].style == style) {
		t->runs[t->nruns - 1].len += n;
		return;
	}
	Run *r = docx_grow(b, t->runs, &t->cap, t->nruns + 1, sizeof(*r));
	if (!r) {
		docx_fail_oom(b);
		return;
	}
	t->runs = r;
	t->runs[t->nruns++] = (Run){t->s.len - n, n, style};
}

void docx_text_clear(Text *t)
{
	t->s.len = 0;
	t->nruns = 0;
}

void docx_text_free(Text *t)
{
	free(t->s.p);
	free(t->runs);
	*t = (Text){0};
}

bool docx_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The gathered text's runs between trimmed ends, copied into the arena.
 * Returns the number of spans (0: nothing but white space). */
size_t docx_text_spans(Builder *b, const Text *t, const DocSpan **out)
{
	*out = NULL;
	if (t->nruns == 0 || b->oom)
		return 0;
	size_t lo = 0, hi = t->s.len;
	while (lo < hi && docx_blank(t->s.p[lo]))
		lo++;
	while (hi > lo && docx_blank(t->s.p[hi - 1]))
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
char *docx_plain(Builder *b, const char *s, size_t n)
{
	char *out = arena_alloc(b->arena, n + 1);
	if (!out) {
		b->oom = true;
		return NULL;
	}
	size_t o = 0;
	bool space = false;
	for (size_t i = 0; i < n; i++) {
		if (docx_blank(s[i])) {
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

void docx_warn_once(Builder *b, unsigned bit, const char *msg)
{
	if (!(b->warned & bit) && b->nwarnings < sizeof(b->warnings) / sizeof(b->warnings[0])) {
		b->warned |= bit;
		b->warnings[b->nwarnings++] = (DocWarning){0, msg, NULL};
	}
}

void docx_warn_once_why(Builder *b, unsigned bit, const PkgWhy *why)
{
	if ((b->warned & bit) || b->nwarnings >= sizeof(b->warnings) / sizeof(b->warnings[0]))
		return;
	char msg[PKG_WORDS_MAX], said[PKG_WORDS_MAX];
	pkg_why_english(why, msg, sizeof(msg));
	char *m = arena_strdup(b->arena, msg);
	char *s = pkg_why_nested(why, said, sizeof(said)) ? arena_strdup(b->arena, said) : NULL;
	if (!m || !s) {
		docx_fail_oom(b);
		return;
	}
	b->warned |= bit;
	b->warnings[b->nwarnings++] = (DocWarning){0, m, s};
}

/* ---- blocks ---------------------------------------------------------------- */

void docx_block_push(Builder *b, const DocBlock *blk, int level)
{
	if (b->oom)
		return;
	DocBlock *p = docx_grow(b, b->blocks, &b->capblocks, b->nblocks + 1, sizeof(*p));
	if (!p) {
		docx_fail_oom(b);
		return;
	}
	b->blocks = p;
	int *l = docx_grow(b, b->levels, &b->caplevels, b->nblocks + 1, sizeof(*l));
	if (!l) {
		docx_fail_oom(b);
		return;
	}
	b->levels = l;
	b->blocks[b->nblocks] = *blk;
	b->levels[b->nblocks++] = level;
}

void docx_defer_push(Builder *b, DocBlock **v, size_t *n, size_t *cap, const DocBlock *blk)
{
	DocBlock *p = docx_grow(b, *v, cap, *n + 1, sizeof(*p));
	if (!p) {
		docx_fail_oom(b);
		return;
	}
	*v = p;
	p[(*n)++] = *blk;
}

/* ---- paragraphs ------------------------------------------------------------ */

Para *docx_para_top(Builder *b)
{
	return b->npara ? &b->para[b->npara - 1] : NULL;
}

/* Where finished text goes when it is not a block of its own: the cell or
 * note being read. */
static Text *docx_text_sink(Builder *b, const Para *p)
{
	if (b->part == PART_NOTES)
		return &b->note;
	if (p->in_table)
		return &b->cell;
	return NULL;
}

static unsigned docx_current_style(Builder *b, bool *hidden)
{
	Para *p = docx_para_top(b);
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

bool docx_fields_hide(const Builder *b)
{
	for (int i = 0; i < b->nfields; i++)
		if (b->fields[i].hide || !b->fields[i].result)
			return true;
	return false;
}

/* Text of the body or a note, as the run's style has it. */
void docx_add_text(Builder *b, const char *s, size_t n)
{
	Para *p = docx_para_top(b);
	if (!p || b->oom || docx_fields_hide(b))
		return;
	bool hidden;
	unsigned style = docx_current_style(b, &hidden);
	if (!hidden)
		docx_text_add(b, &p->text, s, n, style);
}

void docx_para_begin(Builder *b)
{
	if (b->npara == PARA_NEST) {
		b->para_over++;
		return;
	}
	Para *p = &b->para[b->npara++];
	docx_text_clear(&p->text);
	p->style = -1;
	p->outline = -1;
	p->num_id = -1;
	p->ilvl = -1;
	p->ndeferred = 0;
	p->in_table = b->tbl_depth > 0;
}

static void docx_text_sink_add(Builder *b, Text *sink, const Text *t, const char *prefix)
{
	/* Paragraphs in a cell or a note are lines of its text. */
	if (sink->s.len)
		docx_text_add(b, sink, "\n", 1, 0);
	if (prefix)
		docx_text_add(b, sink, prefix, strlen(prefix), 0);
	for (size_t i = 0; i < t->nruns; i++)
		docx_text_add(b, sink, t->s.p + t->runs[i].off, t->runs[i].len, t->runs[i].style);
}

static bool docx_text_blank(const Text *t)
{
	for (size_t i = 0; i < t->s.len; i++)
		if (!docx_blank(t->s.p[i]))
			return false;
	return true;
}

/* The finished paragraph p becomes a block: of the body, or deferred
 * behind the paragraph holding it, or a line of a cell or note. */
static void docx_para_emit(Builder *b, Para *p, const DocBlock *blk, int level)
{
	Para *outer = b->npara > 1 ? &b->para[b->npara - 2] : NULL;
	if (outer)
		docx_defer_push(b, &outer->deferred, &outer->ndeferred, &outer->capdeferred, blk);
	else
		docx_block_push(b, blk, level);
}

/* A caption paragraph right under a picture: it becomes the picture's
 * caption when the picture has no alt text, and goes when it only repeats
 * it (pandoc writes both); under a table without a caption it is the
 * table's. true when the paragraph is not to be shown. */
static bool docx_caption_of_picture(Builder *b, const Para *p)
{
	if (b->npara != 1 || b->nblocks == 0 || p->in_table)
		return false;
	char *t = docx_plain(b, p->text.s.p ? p->text.s.p : "", p->text.s.len);
	if (!t || !*t)
		return false;
	if (docx_table_caption_below(b, t))
		return true;
	if (b->blocks[b->nblocks - 1].type != DOC_IMAGE)
		return false;
	DocBlock *img = &b->blocks[b->nblocks - 1];
	if (!img->alt || !*img->alt) {
		img->alt = t;
		return true;
	}
	return strcmp(img->alt, t) == 0;
}

/* What a finished paragraph is: its kind and heading level (its style,
 * else a direct outline level), and its list number. */
typedef struct {
	const DocxStyleInfo *st;
	DocxParaKind kind;
	int level;
	int ilvl;
	bool numbered;
	DocxMarker m;
} ParaShape;

static void para_shape(Builder *b, const Para *p, ParaShape *ps)
{
	const DocxStyleInfo *st =
	    docxstyle_info(b->st, p->style >= 0 ? p->style : docxstyle_default(b->st));
	*ps = (ParaShape){
	    .st = st, .kind = st ? st->kind : DOCX_PARA_BODY, .level = st ? st->level : 0};
	if (p->outline >= 0 && p->outline < 9 && ps->kind == DOCX_PARA_BODY) {
		ps->kind = DOCX_PARA_HEADING;
		ps->level = p->outline + 1;
	}
	int num_id = p->num_id >= 0 ? p->num_id : st ? st->num_id : -1;
	ps->ilvl = p->ilvl >= 0 ? p->ilvl : st && st->ilvl >= 0 ? st->ilvl : 0;
	ps->numbered = ps->kind != DOCX_PARA_TOC && !docx_text_blank(&p->text) && num_id > 0 &&
	               docxstyle_number(b->st, num_id, ps->ilvl, &ps->m);
}

/* The title, or a heading: a sub-heading block that starts a topic at
 * the document's topic level (assemble decides which). */
static void para_heading(Builder *b, Para *p, const ParaShape *ps)
{
	char *t = docx_plain(b, p->text.s.p ? p->text.s.p : "", p->text.s.len);
	if (t && *t && ps->numbered && !ps->m.bullet && ps->m.text[0]) {
		/* Numbered headings ("2.1 Dosage") keep their number. */
		t = arena_printf(b->arena, "%s %s", ps->m.text, t);
		if (!t)
			b->oom = true;
	}
	if (!t || !*t)
		return;
	if (ps->kind == DOCX_PARA_TITLE && !b->title && b->npara == 1) {
		b->title = t;
		return;
	}
	DocSpan *sp = arena_alloc(b->arena, sizeof(*sp));
	if (!sp) {
		b->oom = true;
		return;
	}
	*sp = (DocSpan){t, strlen(t), 0};
	DocBlock blk = {.type = DOC_SUBHEADING, .spans = sp, .nspans = 1};
	docx_para_emit(b, p, &blk, ps->kind == DOCX_PARA_HEADING && b->npara == 1 ? ps->level : 0);
}

static DocListStyle list_style_of(DocxNumFmt fmt)
{
	switch (fmt) {
	case DOCX_FMT_LOWER_LETTER:
		return DOC_LIST_LOWER_ALPHA;
	case DOCX_FMT_UPPER_LETTER:
		return DOC_LIST_UPPER_ALPHA;
	case DOCX_FMT_LOWER_ROMAN:
		return DOC_LIST_LOWER_ROMAN;
	case DOCX_FMT_UPPER_ROMAN:
		return DOC_LIST_UPPER_ROMAN;
	default:
		return DOC_LIST_DECIMAL;
	}
}

/* A paragraph of text, or a list item. */
static void para_text(Builder *b, Para *p, const ParaShape *ps)
{
	DocBlock blk = {.type = DOC_PARA};
	blk.nspans = docx_text_spans(b, &p->text, &blk.spans);
	if (!blk.nspans)
		return;
	/* A caption above a table becomes the table's (docxtable.c). */
	if (ps->kind == DOCX_PARA_CAPTION && b->npara == 1 && !p->in_table)
		b->caption_block = b->nblocks + 1;
	if (ps->numbered) {
		blk.type = DOC_LIST_ITEM;
		/* "List Bullet 2" is a level deeper whatever its numbering
		 * says (LibreOffice writes ilvl 0). */
		blk.list_depth = ps->ilvl + (ps->st && ps->st->list_level ? ps->st->list_level : 1);
		blk.list_number = ps->m.bullet ? 0 : ps->m.number;
		blk.list_style = list_style_of(ps->m.fmt);
	}
	docx_para_emit(b, p, &blk, 0);
}

/* What the paragraph held that follows it (pictures, text boxes' text):
 * into the blocks, or the note or table cell being read. */
static void para_deferred(Builder *b, Para *p)
{
	for (size_t i = 0; i < p->ndeferred && !b->oom; i++) {
		const DocBlock *d = &p->deferred[i];
		if (b->part == PART_NOTES) {
			if (d->type == DOC_IMAGE)
				docx_warn_once(
				    b, WARN_NOTE_PICTURE,
				    N_("a picture in a footnote or endnote is not shown"));
			else if (d->spans)
				for (size_t k = 0; k < d->nspans; k++)
					docx_text_add(b, &b->note, d->spans[k].text,
					              d->spans[k].len, d->spans[k].style);
		} else if (p->in_table) {
			if (d->type == DOC_IMAGE)
				docx_defer_push(b, &b->tbl_deferred, &b->ntbl_deferred,
				                &b->captbl_deferred, d);
			else if (d->spans) {
				docx_text_add(b, &b->cell, "\n", 1, 0);
				for (size_t k = 0; k < d->nspans; k++)
					docx_text_add(b, &b->cell, d->spans[k].text,
					              d->spans[k].len, d->spans[k].style);
			}
		} else {
			docx_para_emit(b, p, d, 0);
		}
	}
}

void docx_para_end(Builder *b)
{
	if (b->para_over) {
		b->para_over--;
		return;
	}
	Para *p = docx_para_top(b);
	if (!p || b->oom)
		return;
	ParaShape ps;
	para_shape(b, p, &ps);
	Text *sink = docx_text_sink(b, p);
	if (ps.kind == DOCX_PARA_TOC) {
		/* left out, with all it holds */
		b->npara--;
		return;
	}
	if (sink) {
		if (!docx_text_blank(&p->text)) {
			char prefix[80] = "";
			if (ps.numbered)
				snprintf(prefix, sizeof(prefix), "%s ",
				         ps.m.bullet ? "\xE2\x80\xA2" : ps.m.text);
			docx_text_sink_add(b, sink, &p->text, ps.numbered ? prefix : NULL);
		}
	} else if (ps.kind == DOCX_PARA_TITLE || ps.kind == DOCX_PARA_HEADING) {
		para_heading(b, p, &ps);
	} else if (ps.kind != DOCX_PARA_CAPTION || !docx_caption_of_picture(b, p)) {
		para_text(b, p, &ps);
	}
	para_deferred(b, p);
	b->npara--;
}
