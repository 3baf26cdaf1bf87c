/* mdblock: md4c's block callbacks (quotes, lists and items, headings,
 * paragraphs, code and HTML blocks, pipe tables), the tables mdprep read
 * (grid, simple and multiline), and fragments: a table cell, a note or a
 * caption is Markdown of its own, read by a second Builder that reads no
 * tables or notes of its own, so this nests one level and no more.
 *
 * Containers live on the Builder's stack (mdread.h), never on the C
 * stack, so hostile nesting only costs heap. A fragment's builder and its
 * prep are freed before mdread_fragment returns; its spans are in the
 * arena.
 */
#include "core/document/markdown/mdread.h"

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- tables ------------------------------------------------------------------- */

static bool cell_push(Builder *b, TableBuild *t, DocCell cell)
{
	DocCell *p = mdread_grow(b, t->cells, &t->cap, t->ncells + 1, sizeof(*p));
	if (!p)
		return false;
	t->cells = p;
	t->cells[t->ncells++] = cell;
	return true;
}

static void table_push(Builder *b, DocCell *cells, size_t nrows, size_t ncols, size_t nhead,
                       const char *caption, int line)
{
	size_t n = nrows * ncols;
	DocTable *t = arena_alloc(b->arena, sizeof(*t));
	DocCell *c = arena_alloc(b->arena, (n ? n : 1) * sizeof(*c));
	if (!t || !c) {
		b->oom = true;
		return;
	}
	if (n)
		memcpy(c, cells, n * sizeof(*c));
	*t = (DocTable){c, nrows, ncols, nhead, caption ? caption : ""};
	DocBlock blk = {.type = DOC_TABLE, .table = t, .line = line};
	mdread_block_push(b, &blk);
}

/* A cell of a pipe table has ended. */
static void pipe_cell_end(Builder *b)
{
	TableBuild *t = &b->table;
	if (!t->line && b->text_line)
		t->line = b->text_line;
	mdread_pending_finish(b, false);
	DocCell cell = {0};
	cell.nspans = mdread_spans(b, &cell.spans);
	mdread_pending_clear(b);
	if (t->row_cells < t->ncols && cell_push(b, t, cell))
		t->row_cells++;
}

static void pipe_row_end(Builder *b)
{
	TableBuild *t = &b->table;
	while (t->row_cells < t->ncols && cell_push(b, t, (DocCell){0}))
		t->row_cells++;
	t->nrows++;
	if (t->in_head)
		t->nhead++;
	t->row_cells = 0;
}

/* The spans of a fragment as one string. */
const char *mdread_fragment_text(Builder *b, const char *text, size_t len, int line)
{
	const DocSpan *spans;
	size_t n = mdread_fragment(b, text, len, line, false, &spans);
	size_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += spans[i].len;
	char *s = arena_alloc(b->arena, total + 1);
	if (!s) {
		b->oom = true;
		return NULL;
	}
	total = 0;
	for (size_t i = 0; i < n; i++) {
		memcpy(s + total, spans[i].text, spans[i].len);
		total += spans[i].len;
	}
	return s;
}

static void pipe_table_end(Builder *b)
{
	TableBuild *t = &b->table;
	const PrepCaption *pc = t->line ? mdprep_caption(b->prep, t->line) : NULL;
	const char *caption =
	    pc ? mdread_fragment_text(b, b->prep->store + pc->text.off, pc->text.len,
	                              mdread_abs_line(b, pc->text.line))
	       : NULL;
	table_push(b, t->cells, t->nrows, t->ncols, t->nhead, caption, mdread_abs_line(b, t->line));
	t->ncells = t->nrows = t->nhead = t->row_cells = 0;
	t->line = 0;
}

/* A grid, simple or multiline table read by mdprep, where its placeholder
 * stands. Each cell is Markdown of its own. */
void mdread_prep_table(Builder *b, const PrepTable *pt)
{
	mdread_flush(b);
	size_t n = pt->nrows * pt->ncols;
	DocCell *cells = arena_alloc(b->arena, (n ? n : 1) * sizeof(*cells));
	if (!cells) {
		b->oom = true;
		return;
	}
	for (size_t i = 0; i < n && !b->oom; i++) {
		const PrepText *c = &pt->cells[i];
		cells[i].nspans =
		    mdread_fragment(b, b->prep->store + c->off, c->len, mdread_abs_line(b, c->line),
		                    true, &cells[i].spans);
	}
	const char *caption =
	    pt->caption.len
	        ? mdread_fragment_text(b, b->prep->store + pt->caption.off, pt->caption.len,
	                               mdread_abs_line(b, pt->caption.line))
	        : NULL;
	if (b->oom)
		return;
	table_push(b, cells, pt->nrows, pt->ncols, pt->nhead, caption,
	           mdread_abs_line(b, pt->line));
}

/* ---- md4c's callbacks ------------------------------------------------------ */

static void list_begin(Builder *b, bool ordered, const MD_BLOCK_OL_DETAIL *detail)
{
	mdread_flush(b);
	Box list = {.kind = BOX_LIST, .ordered = ordered};
	if (list.ordered) {
		list.next_number = detail->start;
		/* 0 means "bullet" in the model; a list written from 0 is
		 * shown from 1 rather than with one stray bullet. */
		if (list.next_number == 0)
			list.next_number = 1;
	}
	mdread_box_push(b, list);
	b->list_depth++;
}

static void item_begin(Builder *b)
{
	mdread_flush(b);
	Box item = {.kind = BOX_ITEM, .depth = b->list_depth};
	Box *list = mdread_innermost(b);
	if (list && list->kind == BOX_LIST) {
		item.first = list->items++ == 0;
		if (list->ordered) {
			item.number =
			    list->next_number > INT_MAX ? INT_MAX : (int)list->next_number;
			if (list->next_number < INT_MAX)
				list->next_number++;
		}
	}
	mdread_box_push(b, item);
}

/* A paragraph, a code block or an HTML block: in a list item it joins the
 * item's text. */
static void leaf_begin(Builder *b, MD_BLOCKTYPE type, void *detail)
{
	if (mdread_in_item(b))
		mdread_item_paragraph(b);
	else
		mdread_flush(b);
	b->raw = type == MD_BLOCK_CODE
	             ? mdread_raw_kind(b, &((const MD_BLOCK_CODE_DETAIL *)detail)->info)
	             : RAW_NONE;
	b->code_block = type == MD_BLOCK_CODE && b->raw == RAW_NONE;
	b->html_block = type == MD_BLOCK_HTML;
	b->html.len = 0;
	b->html_line = 0;
}

static void pipe_table_begin(Builder *b, const MD_BLOCK_TABLE_DETAIL *detail)
{
	mdread_flush(b);
	mdread_box_push(b, (Box){.kind = BOX_TABLE});
	TableBuild *t = &b->table;
	t->ncols = detail->col_count;
	t->ncells = t->nrows = t->nhead = t->row_cells = 0;
	t->in_head = false;
	t->line = 0;
}

static int on_enter_block(MD_BLOCKTYPE type, void *detail, void *user)
{
	Builder *b = user;
	switch (type) {
	case MD_BLOCK_QUOTE:
		mdread_flush(b);
		mdread_box_push(b, (Box){.kind = BOX_QUOTE});
		break;
	case MD_BLOCK_UL:
	case MD_BLOCK_OL:
		list_begin(b, type == MD_BLOCK_OL, detail);
		break;
	case MD_BLOCK_LI:
		item_begin(b);
		break;
	case MD_BLOCK_HR:
		mdread_flush(b);
		break;
	case MD_BLOCK_H:
		mdread_flush(b);
		b->in_heading = true;
		b->heading_level = ((const MD_BLOCK_H_DETAIL *)detail)->level;
		break;
	case MD_BLOCK_CODE:
	case MD_BLOCK_P:
	case MD_BLOCK_HTML:
		leaf_begin(b, type, detail);
		break;
	case MD_BLOCK_TABLE:
		pipe_table_begin(b, detail);
		break;
	case MD_BLOCK_THEAD:
		b->table.in_head = true;
		break;
	case MD_BLOCK_TR:
		b->table.row_cells = 0;
		break;
	case MD_BLOCK_TH:
	case MD_BLOCK_TD:
		mdread_pending_clear(b);
		break;
	default:
		break;
	}
	return b->oom ? 1 : 0;
}

static int on_leave_block(MD_BLOCKTYPE type, void *detail, void *user)
{
	Builder *b = user;
	switch (type) {
	case MD_BLOCK_QUOTE:
	case MD_BLOCK_LI:
		mdread_flush(b);
		mdread_box_pop(b);
		break;
	case MD_BLOCK_TABLE:
		pipe_table_end(b);
		mdread_box_pop(b);
		break;
	case MD_BLOCK_UL:
	case MD_BLOCK_OL:
		mdread_flush(b);
		mdread_box_pop(b);
		b->list_depth--;
		break;
	case MD_BLOCK_H:
		mdread_heading_end(b);
		break;
	case MD_BLOCK_CODE:
	case MD_BLOCK_P:
	case MD_BLOCK_HTML:
		if (b->html_block || b->raw == RAW_HTML)
			mdread_html_block_end(b);
		b->code_block = false;
		b->html_block = false;
		if (!mdread_in_item(b))
			mdread_flush(b);
		else if (type == MD_BLOCK_CODE)
			mdi_trim_newlines(&b->text);
		b->raw = RAW_NONE;
		break;
	case MD_BLOCK_THEAD:
		b->table.in_head = false;
		break;
	case MD_BLOCK_TR:
		pipe_row_end(b);
		break;
	case MD_BLOCK_TH:
	case MD_BLOCK_TD:
		pipe_cell_end(b);
		break;
	default:
		break;
	}
	return b->oom ? 1 : 0;
}
static const MD_PARSER PARSER = {
    .abi_version = 0,
    /* HTML is on so that md4c finds tags and comments, which mdhtml.c
     * then leaves out; TABLES: pipe tables. Strike-through is not
     * md4c's: it reads "~x~" as struck, where pandoc means subscript. */
    .flags = MD_FLAG_TABLES,
    .enter_block = on_enter_block,
    .leave_block = on_leave_block,
    .enter_span = mdread_on_enter_span,
    .leave_span = mdread_on_leave_span,
    .text = mdread_on_text,
};

int mdread_parse(Builder *b)
{
	int r = md_parse(b->prep->buf, (MD_SIZE)b->prep->len, &PARSER, b);
	if (r == 0)
		mdread_flush(b);
	return r;
}

/* ---- fragments: table cells, notes, captions ------------------------------ */

/* A fragment's blocks as the spans of one cell: paragraphs on lines of
 * their own, list items with their markers, headings in bold, pictures as
 * their captions. */
static size_t flatten(Builder *b, const DocSpan **out)
{
	size_t cap = 1;
	for (size_t i = 0; i < b->nblocks; i++)
		cap += b->blocks[i].nspans + 2;
	cap += 2 * b->nheads;
	DocSpan *v = malloc(cap * sizeof(*v));
	if (!v) {
		b->oom = true;
		return 0;
	}
	size_t n = 0, hi = 0;
	static const DocSpan SEP = {"\n", 1, 0};
	for (size_t i = 0; i <= b->nblocks && !b->oom; i++) {
		for (; hi < b->nheads && b->heads[hi].at == i; hi++) {
			const char *t = b->heads[hi].text;
			if (!*t)
				continue;
			if (n)
				v[n++] = SEP;
			v[n++] = (DocSpan){t, strlen(t), DOC_BOLD};
		}
		if (i == b->nblocks)
			break;
		const DocBlock *blk = &b->blocks[i];
		if (blk->type == DOC_IMAGE) {
			mdread_warn(b, blk->line - b->line_base, MDREAD_PICTURE_AS_TEXT);
			if (blk->alt && *blk->alt) {
				if (n)
					v[n++] = SEP;
				v[n++] = (DocSpan){blk->alt, strlen(blk->alt), DOC_ITALIC};
			}
			continue;
		}
		if (!blk->nspans)
			continue;
		if (n)
			v[n++] = SEP;
		if (blk->type == DOC_LIST_ITEM) {
			char mark[32];
			doc_list_marker(blk, mark, sizeof(mark));
			int indent = blk->list_depth > 1 ? 2 * (blk->list_depth - 1) : 0;
			if (indent > 12)
				indent = 12;
			char *p = arena_printf(b->arena, "%*s%s ", indent, "", mark);
			if (!p) {
				b->oom = true;
				break;
			}
			v[n++] = (DocSpan){p, strlen(p), 0};
		}
		for (size_t k = 0; k < blk->nspans; k++)
			v[n++] = blk->spans[k];
	}
	DocSpan *a = n ? arena_alloc(b->arena, n * sizeof(*a)) : NULL;
	if (n && !a)
		b->oom = true;
	else if (n)
		memcpy(a, v, n * sizeof(*a));
	free(v);
	*out = a;
	return b->oom ? 0 : n;
}

size_t mdread_fragment(Builder *parent, const char *text, size_t len, int line, bool notes,
                       const DocSpan **out)
{
	*out = NULL;
	if (parent->oom || len == 0)
		return 0;
	Prep p;
	if (mdprep_run(text, len, 0, 0, MDREAD_PAD, &p, NULL, NULL) != 0) {
		parent->oom = true;
		return 0;
	}
	Builder sub = {.arena = parent->arena,
	               .prep = &p,
	               .line_base = line > 0 ? line - 1 : 0,
	               .warnings = parent->warnings,
	               .notes = notes ? parent->notes : NULL};
	size_t n = 0;
	int r = mdread_parse(&sub);
	if (r == 0 && !sub.oom)
		n = flatten(&sub, out);
	if (sub.oom)
		parent->oom = true;
	mdread_deinit(&sub);
	mdprep_free(&p);
	return parent->oom ? 0 : n;
}
