/* docxtable: the outermost table of a Word document as a DOC_TABLE. Its
 * rows of cells are gathered while the table is read (a cell's paragraphs,
 * and any table nested in it, as the cell's text) and become the block at
 * the table's end: a merged cell's text in its first column, rows deleted
 * by a tracked change left out, the heading rows and the caption worked
 * out from what Word and other writers put there. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/document/word/docxread.h"

void docx_table_begin(Builder *b)
{
	b->ncells = 0;
	b->nrows = 0;
	b->ntbl_deferred = 0;
	b->cell_open = false;
	b->tbl_style = -1;
	b->tbl_look_first = true; /* Word's default when tblLook is absent */
	free(b->tbl_caption);
	b->tbl_caption = NULL;
	/* A caption paragraph right above names the table. */
	if (b->caption_block && b->caption_block == b->nblocks) {
		const DocBlock *cap = &b->blocks[b->nblocks - 1];
		/* The whole caption, however long. */
		size_t n = doc_block_text(cap, NULL, 0);
		char *buf = malloc(n + 1);
		if (!buf) {
			docx_fail_oom(b);
			return;
		}
		doc_block_text(cap, buf, n + 1);
		b->tbl_caption = docx_sdup(b, buf);
		free(buf);
		if (b->tbl_caption)
			b->levels[b->nblocks - 1] = -1; /* no longer shown on its own */
	}
	b->caption_block = 0;
}

void docx_table_row_begin(Builder *b)
{
	b->row_first = b->ncells;
	b->row_header = false;
	b->row_deleted = false;
}

void docx_table_cell_begin(Builder *b)
{
	docx_table_cell_end(b);
	docx_text_clear(&b->cell);
	b->cell_open = true;
	b->cell_span = 1;
}

void docx_table_cell_end(Builder *b)
{
	if (!b->cell_open)
		return;
	b->cell_open = false;
	Cell c = {.span = b->cell_span};
	c.nspans = docx_text_spans(b, &b->cell, &c.spans);
	c.bold = c.nspans > 0;
	for (size_t i = 0; i < c.nspans; i++)
		c.bold = c.bold && (c.spans[i].style & DOC_BOLD);
	docx_text_clear(&b->cell);
	Cell *v = docx_grow(b, b->cells, &b->capcells, b->ncells + 1, sizeof(*v));
	if (!v) {
		docx_fail_oom(b);
		return;
	}
	b->cells = v;
	b->cells[b->ncells++] = c;
}

void docx_table_row_end(Builder *b)
{
	docx_table_cell_end(b);
	/* A row deleted by a tracked change is not there. */
	if (b->row_deleted || b->ncells == b->row_first) {
		b->ncells = b->row_first;
		return;
	}
	Row *v = docx_grow(b, b->rows, &b->caprows, b->nrows + 1, sizeof(*v));
	if (!v) {
		docx_fail_oom(b);
		return;
	}
	b->rows = v;
	b->rows[b->nrows++] = (Row){b->row_first, b->ncells - b->row_first, b->row_header};
}

/* How many rows at the top are headings: those marked to repeat, else a
 * first row the table's style sets apart, else a first row written all
 * in bold. */
static size_t table_heads(Builder *b)
{
	size_t n = 0;
	while (n < b->nrows && b->rows[n].header)
		n++;
	if (n || b->nrows < 2)
		return n;
	const DocxStyleInfo *ts = docxstyle_info(b->st, b->tbl_style);
	if (ts && ts->first_row && b->tbl_look_first)
		return 1;
	const Row *r = &b->rows[0];
	bool any = false;
	for (size_t i = 0; i < r->n; i++) {
		const Cell *c = &b->cells[r->first + i];
		if (c->nspans && !c->bold)
			return 0;
		any = any || c->nspans;
	}
	return any ? 1 : 0;
}

/* The widest row, in grid columns. */
static size_t table_columns(const Builder *b)
{
	size_t ncols = 0;
	for (size_t r = 0; r < b->nrows; r++) {
		size_t w = 0;
		for (size_t i = 0; i < b->rows[r].n; i++)
			w += (size_t)b->cells[b->rows[r].first + i].span;
		if (w > ncols)
			ncols = w;
	}
	return ncols;
}

static void table_push(Builder *b, size_t ncols)
{
	DocTable *t = arena_alloc(b->arena, sizeof(*t));
	DocCell *cells = b->nrows <= SIZE_MAX / sizeof(*cells) / ncols
	                     ? arena_alloc(b->arena, b->nrows * ncols * sizeof(*cells))
	                     : NULL;
	char *caption = docx_plain(b, b->tbl_caption ? b->tbl_caption : "",
	                           b->tbl_caption ? strlen(b->tbl_caption) : 0);
	if (!t || !cells || !caption) {
		b->oom = true;
		return;
	}
	/* A merged cell's text stands in its first column; the columns it
	 * covers, and the cells a vertical merge continues, are empty. */
	for (size_t r = 0; r < b->nrows; r++) {
		size_t col = 0;
		for (size_t i = 0; i < b->rows[r].n; i++) {
			const Cell *c = &b->cells[b->rows[r].first + i];
			cells[r * ncols + col] = (DocCell){c->spans, c->nspans};
			col += (size_t)c->span;
		}
	}
	*t = (DocTable){cells, b->nrows, ncols, table_heads(b), caption};
	DocBlock blk = {.type = DOC_TABLE, .table = t};
	docx_block_push(b, &blk, 0);
	b->last_table = t;
	b->last_table_block = b->nblocks;
}

void docx_table_end(Builder *b)
{
	docx_table_cell_end(b);
	size_t ncols = table_columns(b);
	if (ncols && b->nrows && !b->oom)
		table_push(b, ncols);
	for (size_t i = 0; i < b->ntbl_deferred; i++)
		docx_block_push(b, &b->tbl_deferred[i], 0);
	b->ntbl_deferred = 0;
}

bool docx_table_caption_below(Builder *b, char *caption)
{
	if (!b->last_table || b->last_table_block != b->nblocks || *b->last_table->caption)
		return false;
	b->last_table->caption = caption;
	return true;
}
