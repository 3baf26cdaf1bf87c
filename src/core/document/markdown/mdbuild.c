/* mdbuild: the Markdown builder's own work, under md4c's callbacks: its
 * growing arrays, the article's warnings (one of a kind per line), the
 * pending text of the block being built (an MdiText with a style per
 * byte) and how it becomes a block (mdread_flush: a paragraph, a quote or
 * a list item with its marker, as its container asks), the container
 * stack, and headings kept aside until the article's shape is known.
 *
 * The state is mdread.h's Builder; its temporaries are freed by
 * mdread_deinit, finished blocks and strings are in the arena.
 */
#include "core/document/markdown/mdread.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/document/model/vec.h"

/* Returns items grown to hold want elements (doubling), or NULL with
 * b->oom set; on NULL the old array is untouched and still owned. */
void *mdread_grow(Builder *b, void *items, size_t *cap, size_t want, size_t size)
{
	if (!vec_grow(&items, cap, want, size)) {
		b->oom = true;
		return NULL;
	}
	return items;
}

bool mdread_buf_add(Builder *b, Buf *buf, const char *s, size_t n)
{
	if (!vec_append(&buf->p, &buf->len, &buf->cap, s, n)) {
		b->oom = true;
		return false;
	}
	return true;
}

void mdread_deinit(Builder *b)
{
	mdi_free(&b->text);
	free(b->alt.p);
	free(b->scratch.p);
	free(b->html.p);
	free(b->deferred);
	free(b->boxes);
	free(b->table.cells);
	free(b->blocks);
	free(b->heads);
}

/* ---- warnings ------------------------------------------------------------ */

/* Adds a warning at an article line (0: the whole file). One line gets
 * one warning of a kind, however many times the thing recurs on it. */
void mdread_warnings_add(Arena *arena, Warnings *w, int line, const PkgWhy *why)
{
	char msg[PKG_WORDS_MAX], said[PKG_WORDS_MAX];
	if (w->oom)
		return;
	pkg_why_english(why, msg, sizeof(msg));
	if (w->last_kind[0] && w->last_line == line && strncmp(w->last_kind, msg, 10) == 0)
		return;
	w->last_line = line;
	snprintf(w->last_kind, sizeof(w->last_kind), "%.10s", msg);
	if (w->n >= MARKDOWN_WARNINGS_MAX) {
		w->dropped++;
		return;
	}
	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 8;
		DocWarning *p = realloc(w->v, cap * sizeof(*p));
		if (!p) {
			w->oom = true;
			return;
		}
		w->v = p;
		w->cap = cap;
	}
	/* A fixed phrase is its own msgid; words with arguments keep them. */
	PkgWords words;
	bool phrase = pkg_words_unpack(why->words, why->len, &words) == 0 && words.nargs == 0 &&
	              !strchr(words.tmpl, '%');
	char *m = arena_strdup(arena, msg);
	char *s =
	    phrase || !pkg_why_nested(why, said, sizeof(said)) ? NULL : arena_strdup(arena, said);
	if (!m || (!phrase && !s)) {
		w->oom = true;
		return;
	}
	w->v[w->n++] = (DocWarning){line, m, s};
}

/* line: in the builder's own numbering. */
void mdread_warn(Builder *b, int line, const char *msg)
{
	PkgWhy why;
	pkg_why_phrase(&why, msg);
	mdread_warn_why(b, line, &why);
}

void mdread_warn_why(Builder *b, int line, const PkgWhy *why)
{
	mdread_warnings_add(b->arena, b->warnings, line > 0 ? b->line_base + line : 0, why);
}

int mdread_abs_line(const Builder *b, int line)
{
	return line > 0 ? b->line_base + line : 0;
}

/* ---- the pending text ------------------------------------------------------ */

Box *mdread_innermost(Builder *b)
{
	return b->nboxes ? &b->boxes[b->nboxes - 1] : NULL;
}

bool mdread_innermost_is(Builder *b, BoxKind kind)
{
	Box *top = mdread_innermost(b);
	return top && top->kind == kind;
}

bool mdread_in_item(Builder *b)
{
	return mdread_innermost_is(b, BOX_ITEM);
}

unsigned mdread_style(const Builder *b)
{
	unsigned s = 0;
	if (b->strong)
		s |= DOC_BOLD;
	if (b->em)
		s |= DOC_ITALIC;
	if (b->code || b->code_block)
		s |= DOC_CODE | MDI_LITERAL;
	return s;
}

void mdread_text_add(Builder *b, const char *s, size_t n, unsigned style)
{
	if (b->oom || n == 0)
		return;
	if (b->img_depth > 0) {
		mdread_buf_add(b, &b->alt, s, n);
		return;
	}
	if (mdh_skipping(&b->hs))
		return; /* inside <script> or <style> */
	if (b->in_heading)
		style &= MDI_LITERAL;
	if (b->squeeze) {
		b->squeeze = false;
		if (s[0] == ' ' && b->text.len && b->text.text[b->text.len - 1] == ' ') {
			s++;
			if (--n == 0)
				return;
		}
	}
	if (!mdi_add(&b->text, s, n, style))
		b->oom = true;
}

void mdread_pending_clear(Builder *b)
{
	mdi_clear(&b->text);
	b->squeeze = false;
	b->text_line = 0;
}

void mdread_block_push(Builder *b, const DocBlock *blk)
{
	if (b->oom)
		return;
	DocBlock *p = mdread_grow(b, b->blocks, &b->capblocks, b->nblocks + 1, sizeof(*p));
	if (!p)
		return;
	b->blocks = p;
	b->blocks[b->nblocks++] = *blk;
}

static bool trimmable(char c, unsigned style)
{
	/* Indentation is part of code; only its line ends are trimmed. */
	if (c == '\n')
		return true;
	return !(style & DOC_CODE) && (c == ' ' || c == '\t');
}

/* Copies the pending text between trimmed ends into the arena, a span per
 * run of one style. Returns the number of spans (0: nothing but white
 * space). */
size_t mdread_spans(Builder *b, const DocSpan **out)
{
	*out = NULL;
	const MdiText *t = &b->text;
	size_t lo = 0, hi = t->len;
	while (lo < hi && trimmable(t->text[lo], t->style[lo]))
		lo++;
	while (hi > lo && trimmable(t->text[hi - 1], t->style[hi - 1]))
		hi--;
	if (lo == hi)
		return 0;
	size_t n = 1;
	for (size_t i = lo + 1; i < hi; i++)
		n += (t->style[i] & MDI_STYLES) != (t->style[i - 1] & MDI_STYLES);
	DocSpan *spans = arena_alloc(b->arena, n * sizeof(*spans));
	if (!spans) {
		b->oom = true;
		return 0;
	}
	size_t k = 0, start = lo;
	for (size_t i = lo + 1; i <= hi; i++) {
		if (i < hi && (t->style[i] & MDI_STYLES) == (t->style[i - 1] & MDI_STYLES))
			continue;
		/* Each span gets its own terminated copy so it can be used as a
		 * C string on its own. */
		char *s = arena_strndup(b->arena, t->text + start, i - start);
		if (!s) {
			b->oom = true;
			return 0;
		}
		spans[k++] = (DocSpan){s, i - start, t->style[start] & MDI_STYLES};
		start = i;
	}
	*out = spans;
	return n;
}

static void inline_warn(void *user, const PkgWhy *why)
{
	Builder *b = user;
	mdread_warn_why(b, b->text_line ? b->text_line : b->last_line, why);
}

/* Takes pandoc's inline markup out of the pending text. */
void mdread_pending_finish(Builder *b, bool heading)
{
	if (b->oom)
		return;
	mdi_finish(&b->text, heading, b->notes ? mdread_note_number : NULL, inline_warn, b);
	if (b->text.oom)
		b->oom = true;
}

/* Ends the pending text as a block of the kind its container asks for,
 * then lets out images that waited for it. */
void mdread_flush(Builder *b)
{
	if (b->oom)
		return;
	DocBlock blk = {.type = DOC_PARA, .line = mdread_abs_line(b, b->text_line)};
	Box *top = mdread_innermost(b);
	mdread_pending_finish(b, false);
	blk.nspans = mdread_spans(b, &blk.spans);
	if (blk.nspans) {
		if (top && top->kind == BOX_QUOTE) {
			blk.type = DOC_QUOTE;
		} else if (top && top->kind == BOX_ITEM && !top->shown) {
			/* Text of an item after a nested list shows as a plain
			 * paragraph: a second marker would read as a new item. */
			Box *list = b->nboxes >= 2 && b->boxes[b->nboxes - 2].kind == BOX_LIST
			                ? &b->boxes[b->nboxes - 2]
			                : NULL;
			/* A lettered or roman list: what its first marker said
			 * (mdprep wrote "1." for md4c). */
			const PrepMarker *m = list && list->ordered && top->first && top->line
			                          ? mdprep_marker(b->prep, top->line)
			                          : NULL;
			if (m) {
				list->style = m->style;
				top->number = m->value;
				list->next_number = (long long)m->value + 1;
			}
			blk.type = DOC_LIST_ITEM;
			blk.list_depth = top->depth;
			blk.list_number = top->number;
			blk.list_style = list ? list->style : DOC_LIST_DECIMAL;
			top->shown = true;
		}
		mdread_block_push(b, &blk);
	}
	mdread_pending_clear(b);
	mdh_reset(&b->hs); /* a <script> ends with its block */
	for (size_t i = 0; i < b->ndeferred; i++)
		mdread_block_push(b, &b->deferred[i]);
	b->ndeferred = 0;
}

void mdread_box_push(Builder *b, Box box)
{
	Box *p = mdread_grow(b, b->boxes, &b->capboxes, b->nboxes + 1, sizeof(*p));
	if (!p)
		return;
	b->boxes = p;
	b->boxes[b->nboxes++] = box;
}

void mdread_box_pop(Builder *b)
{
	if (b->nboxes)
		b->nboxes--;
}

/* A new paragraph in a list item joins the item's text on a new line. */
void mdread_item_paragraph(Builder *b)
{
	if (b->text.len == 0)
		return;
	unsigned style = b->text.style[b->text.len - 1] & MDI_STYLES;
	mdread_text_add(b, "\n", 1, style);
}

void mdread_heading_end(Builder *b)
{
	mdread_pending_finish(b, true);
	const DocSpan *spans;
	size_t n = mdread_spans(b, &spans);
	int line = mdread_abs_line(b, b->text_line);
	mdread_pending_clear(b);
	b->in_heading = false;
	if (b->oom)
		return;
	/* One line of plain text, whatever styles sub- and superscripts left. */
	size_t len = 0;
	for (size_t i = 0; i < n; i++)
		len += spans[i].len;
	char *text = arena_alloc(b->arena, len + 1);
	Heading *h = mdread_grow(b, b->heads, &b->capheads, b->nheads + 1, sizeof(*h));
	if (!text || !h) {
		b->oom = true;
		return;
	}
	b->heads = h;
	len = 0;
	for (size_t i = 0; i < n; i++) {
		memcpy(text + len, spans[i].text, spans[i].len);
		len += spans[i].len;
	}
	b->heads[b->nheads++] = (Heading){b->heading_level, text, b->nblocks, line};
}

/* The line (prep's numbering) of a pointer md4c handed over, or 0 when it
 * does not point into what md4c reads. */
int mdread_line_of(const Builder *b, const char *p)
{
	if (!p || p < b->prep->buf || p >= b->prep->buf + b->prep->len)
		return 0;
	return mdprep_line(b->prep, (size_t)(p - b->prep->buf));
}
