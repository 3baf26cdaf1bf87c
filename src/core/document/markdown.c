/* markdown: md4c's enter/leave/text callbacks build the DocArticle.
 *
 * Before md4c, frontmatter.c reads the front matter and mdprep.c the block
 * syntax md4c lacks (tables it cannot read, footnotes, lettered lists).
 * md4c streams the rest; text only ever arrives for the innermost leaf
 * block, so one growing buffer ("pending", an MdiText with a style per
 * byte) holds the text of the block being built; when the block ends,
 * mdinline.c takes pandoc's inline markup out of it and it becomes a
 * DocBlock. Containers (block quotes, lists, items) live on an explicit
 * stack, never on the C stack, so hostile nesting only costs heap.
 * Headings are kept aside with the place they stood, and the article's
 * shape (which level starts a topic) is decided once all are known.
 *
 * Table cells and footnotes written by mdprep are Markdown of their own:
 * each is parsed by a second builder (a "fragment"), which reads no tables
 * or notes of its own, so this nests one level and no more.
 *
 * Temporaries are malloc'd and freed in builder_deinit; only finished
 * blocks and strings go into the arena.
 */
#include "core/document/markdown.h"

#include <limits.h>
#include <md4c.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/document/frontmatter.h"
#include "core/document/lang.h"
#include "core/document/mdhtml.h"
#include "core/document/mdinline.h"
#include "core/document/mdprep.h"
#include "core/document/utf8.h"

static const char ERR_READ[] = "the article could not be read as Markdown";
static const char ERR_NOMEM[] = "out of memory";
static const char ERR_NOT_UTF8[] = "the article is not plain UTF-8 text";

/* NULs after what md4c reads (see markdown_parse). */
#define MARKDOWN_PAD 16

static const char REPLACEMENT[] = "\xEF\xBF\xBD"; /* U+FFFD */
static const char PICTURE_AS_TEXT[] = "a picture in a heading or a table shows only as its caption";

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

/* Returns items grown to hold want elements (doubling), or NULL with
 * b->oom set; on NULL the old array is untouched and still owned. */
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

static bool buf_add(Builder *b, Buf *buf, const char *s, size_t n)
{
	if (n > SIZE_MAX - buf->len - 1) {
		b->oom = true;
		return false;
	}
	char *p = grow(b, buf->p, &buf->cap, buf->len + n + 1, 1);
	if (!p)
		return false;
	buf->p = p;
	memcpy(buf->p + buf->len, s, n);
	buf->len += n;
	buf->p[buf->len] = '\0';
	return true;
}

static void builder_deinit(Builder *b)
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
static void warnings_add(Arena *arena, Warnings *w, int line, const char *msg)
{
	if (w->oom)
		return;
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
	char *m = arena_strdup(arena, msg);
	if (!m) {
		w->oom = true;
		return;
	}
	w->v[w->n++] = (DocWarning){line, m};
}

/* line: in the builder's own numbering. */
static void warn_at(Builder *b, int line, const char *msg)
{
	warnings_add(b->arena, b->warnings, line > 0 ? b->line_base + line : 0, msg);
}

static int abs_line(const Builder *b, int line)
{
	return line > 0 ? b->line_base + line : 0;
}

/* ---- the pending text ------------------------------------------------------ */

static Box *innermost(Builder *b)
{
	return b->nboxes ? &b->boxes[b->nboxes - 1] : NULL;
}

static bool innermost_is(Builder *b, BoxKind kind)
{
	Box *top = innermost(b);
	return top && top->kind == kind;
}

static bool in_item(Builder *b)
{
	return innermost_is(b, BOX_ITEM);
}

static unsigned current_style(const Builder *b)
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

static void text_add(Builder *b, const char *s, size_t n, unsigned style)
{
	if (b->oom || n == 0)
		return;
	if (b->img_depth > 0) {
		buf_add(b, &b->alt, s, n);
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

static void pending_clear(Builder *b)
{
	mdi_clear(&b->text);
	b->squeeze = false;
	b->text_line = 0;
}

static void block_push(Builder *b, const DocBlock *blk)
{
	if (b->oom)
		return;
	DocBlock *p = grow(b, b->blocks, &b->capblocks, b->nblocks + 1, sizeof(*p));
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
static size_t spans_make(Builder *b, const DocSpan **out)
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

static int note_number(void *user, const char *label, size_t len);

static void inline_warn(void *user, const char *msg)
{
	Builder *b = user;
	warn_at(b, b->text_line ? b->text_line : b->last_line, msg);
}

/* Takes pandoc's inline markup out of the pending text. */
static void pending_finish(Builder *b, bool heading)
{
	if (b->oom)
		return;
	mdi_finish(&b->text, heading, b->notes ? note_number : NULL, inline_warn, b);
	if (b->text.oom)
		b->oom = true;
}

/* Ends the pending text as a block of the kind its container asks for,
 * then lets out images that waited for it. */
static void flush(Builder *b)
{
	if (b->oom)
		return;
	DocBlock blk = {.type = DOC_PARA, .line = abs_line(b, b->text_line)};
	Box *top = innermost(b);
	pending_finish(b, false);
	blk.nspans = spans_make(b, &blk.spans);
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
		block_push(b, &blk);
	}
	pending_clear(b);
	mdh_reset(&b->hs); /* a <script> ends with its block */
	for (size_t i = 0; i < b->ndeferred; i++)
		block_push(b, &b->deferred[i]);
	b->ndeferred = 0;
}

static void box_push(Builder *b, Box box)
{
	Box *p = grow(b, b->boxes, &b->capboxes, b->nboxes + 1, sizeof(*p));
	if (!p)
		return;
	b->boxes = p;
	b->boxes[b->nboxes++] = box;
}

static void box_pop(Builder *b)
{
	if (b->nboxes)
		b->nboxes--;
}

/* A new paragraph in a list item joins the item's text on a new line. */
static void item_paragraph(Builder *b)
{
	if (b->text.len == 0)
		return;
	unsigned style = b->text.style[b->text.len - 1] & MDI_STYLES;
	text_add(b, "\n", 1, style);
}

static void heading_end(Builder *b)
{
	pending_finish(b, true);
	const DocSpan *spans;
	size_t n = spans_make(b, &spans);
	int line = abs_line(b, b->text_line);
	pending_clear(b);
	b->in_heading = false;
	if (b->oom)
		return;
	/* One line of plain text, whatever styles sub- and superscripts left. */
	size_t len = 0;
	for (size_t i = 0; i < n; i++)
		len += spans[i].len;
	char *text = arena_alloc(b->arena, len + 1);
	Heading *h = grow(b, b->heads, &b->capheads, b->nheads + 1, sizeof(*h));
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
typedef struct {
	const char *name;
	const char *utf8;
} NamedEntity;

/* The entities an author is likely to type; md4c passes any well-formed
 * "&name;" on, and the ones not listed here stay as written. */
static const NamedEntity ENTITIES[] = {
    {"amp", "&"},         {"lt", "<"},          {"gt", ">"},          {"quot", "\""},
    {"apos", "'"},        {"nbsp", "\u00A0"},   {"shy", "\u00AD"},    {"copy", "\u00A9"},
    {"reg", "\u00AE"},    {"trade", "\u2122"},  {"deg", "\u00B0"},    {"plusmn", "\u00B1"},
    {"times", "\u00D7"},  {"divide", "\u00F7"}, {"micro", "\u00B5"},  {"middot", "\u00B7"},
    {"bull", "\u2022"},   {"hellip", "\u2026"}, {"ndash", "\u2013"},  {"mdash", "\u2014"},
    {"lsquo", "\u2018"},  {"rsquo", "\u2019"},  {"ldquo", "\u201C"},  {"rdquo", "\u201D"},
    {"laquo", "\u00AB"},  {"raquo", "\u00BB"},  {"sect", "\u00A7"},   {"para", "\u00B6"},
    {"euro", "\u20AC"},   {"pound", "\u00A3"},  {"cent", "\u00A2"},   {"yen", "\u00A5"},
    {"frac12", "\u00BD"}, {"frac14", "\u00BC"}, {"frac34", "\u00BE"}, {"sup2", "\u00B2"},
    {"sup3", "\u00B3"},   {"le", "\u2264"},     {"ge", "\u2265"},     {"ne", "\u2260"},
    {"asymp", "\u2248"},  {"larr", "\u2190"},   {"rarr", "\u2192"},   {"uarr", "\u2191"},
    {"darr", "\u2193"},   {"ensp", "\u2002"},   {"emsp", "\u2003"},   {"thinsp", "\u2009"},
};

/* Decodes "&...;" into out; returns its length, or 0 to keep the entity
 * as written (an unknown name). */
static size_t entity_decode(const char *s, size_t n, char out[4], const char **named)
{
	*named = NULL;
	if (n < 3 || s[0] != '&' || s[n - 1] != ';')
		return 0;
	if (s[1] == '#') {
		bool hex = n > 3 && (s[2] == 'x' || s[2] == 'X');
		size_t i = hex ? 3 : 2;
		uint32_t v = 0;
		bool ok = i < n - 1;
		for (; i < n - 1; i++) {
			char c = s[i];
			unsigned d;
			if (c >= '0' && c <= '9')
				d = (unsigned)(c - '0');
			else if (hex && c >= 'a' && c <= 'f')
				d = (unsigned)(c - 'a' + 10);
			else if (hex && c >= 'A' && c <= 'F')
				d = (unsigned)(c - 'A' + 10);
			else
				return 0;
			/* Past U+10FFFF the value is bad anyway; stop growing it
			 * so it cannot wrap back into range. */
			if (v <= 0x10FFFF)
				v = v * (hex ? 16 : 10) + d;
		}
		if (!ok || v == 0)
			v = 0xFFFD;
		return utf8_encode(v, out);
	}
	for (size_t i = 0; i < sizeof(ENTITIES) / sizeof(ENTITIES[0]); i++) {
		const char *name = ENTITIES[i].name;
		size_t len = strlen(name);
		if (len == n - 2 && memcmp(name, s + 1, len) == 0) {
			*named = ENTITIES[i].utf8;
			return strlen(*named);
		}
	}
	return 0;
}

static void entity_add(Builder *b, const char *s, size_t n, unsigned style)
{
	char buf[4];
	const char *named;
	size_t len = entity_decode(s, n, buf, &named);
	/* What an entity stands for is text, never markup ("&#123;#x}"). */
	style |= MDI_LITERAL;
	if (named)
		text_add(b, named, len, style);
	else if (len)
		text_add(b, buf, len, style);
	else
		text_add(b, s, n, style);
}

/* Appends s to out with its entities decoded. */
static void decode_into(Builder *b, Buf *out, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		size_t e = i;
		while (e < n && s[e] != '&')
			e++;
		buf_add(b, out, s + i, e - i);
		if (e == n)
			break;
		size_t f = e + 1;
		while (f < n && f - e < 32 && s[f] != ';' && s[f] != '&' && s[f] != ' ')
			f++;
		char tmp[4];
		const char *named = NULL;
		size_t len =
		    f < n && s[f] == ';' ? entity_decode(s + e, f - e + 1, tmp, &named) : 0;
		if (len) {
			buf_add(b, out, named ? named : tmp, len);
			i = f + 1;
		} else {
			buf_add(b, out, "&", 1);
			i = e + 1;
		}
	}
}

/* An attribute (an image's src) with its entities and NULs decoded,
 * copied into the arena. */
static const char *attr_dup(Builder *b, const MD_ATTRIBUTE *a)
{
	b->scratch.len = 0;
	if (a->size && a->substr_offsets && a->substr_types) {
		for (size_t i = 0; a->substr_offsets[i] < a->size; i++) {
			const char *s = a->text + a->substr_offsets[i];
			size_t n = a->substr_offsets[i + 1] - a->substr_offsets[i];
			char buf[4];
			const char *named = NULL;
			size_t len = 0;
			if (a->substr_types[i] == MD_TEXT_NULLCHAR) {
				s = REPLACEMENT;
				n = sizeof(REPLACEMENT) - 1;
			} else if (a->substr_types[i] == MD_TEXT_ENTITY) {
				len = entity_decode(s, n, buf, &named);
				if (named)
					s = named;
				else if (len)
					s = buf;
				if (len)
					n = len;
			}
			if (!buf_add(b, &b->scratch, s, n))
				return NULL;
		}
	}
	char *p = arena_strndup(b->arena, b->scratch.p ? b->scratch.p : "", b->scratch.len);
	if (!p)
		b->oom = true;
	return p;
}

/* The line (prep's numbering) of a pointer md4c handed over, or 0 when it
 * does not point into what md4c reads. */
static int line_of(const Builder *b, const char *p)
{
	if (!p || p < b->prep->buf || p >= b->prep->buf + b->prep->len)
		return 0;
	return mdprep_line(b->prep, (size_t)(p - b->prep->buf));
}

/* ---- pictures ---------------------------------------------------------------- */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A picture's path as the files are named: "./" taken off, and "%20"
 * and the like decoded, as web pages and pandoc write names. A code that
 * would make a folder ("%2F") or a control character, or bytes that are
 * not UTF-8, keep the name as written. */
static const char *src_clean(Builder *b, const char *raw, int line)
{
	const char *s = raw ? raw : "";
	while (s[0] == '.' && s[1] == '/')
		s += 2;
	size_t n = strlen(s);
	b->scratch.len = 0;
	bool decoded = false, bad = false;
	for (size_t i = 0; i < n && !bad; i++) {
		if (s[i] == '/' && s[i + 1] == '.' && s[i + 2] == '/') {
			i++;
			continue;
		}
		int hi, lo;
		if (s[i] == '%' && i + 2 < n && (hi = hexval(s[i + 1])) >= 0 &&
		    (lo = hexval(s[i + 2])) >= 0) {
			char c = (char)(hi * 16 + lo);
			if ((unsigned char)c < 0x20 || c == '/' || c == '\\' || c == 0x7F)
				bad = true;
			buf_add(b, &b->scratch, &c, 1);
			decoded = true;
			i += 2;
			continue;
		}
		buf_add(b, &b->scratch, s + i, 1);
	}
	if (b->oom)
		return NULL;
	const char *text = b->scratch.p ? b->scratch.p : "";
	if (bad || (decoded && !utf8_valid(text, b->scratch.len, NULL))) {
		text = s;
	} else if (decoded) {
		char msg[256];
		snprintf(
		    msg, sizeof(msg),
		    "picture \"%.80s\" is read as \"%.80s\" (codes such as %%20 in a name stand "
		    "for other characters)",
		    raw, text);
		warn_at(b, line, msg);
	}
	char *p = arena_strdup(b->arena, text);
	if (!p)
		b->oom = true;
	return p;
}

/* A picture as a block of its own: in a list item it waits for the item's
 * text; elsewhere the text before it becomes a block now. */
static void image_push(Builder *b, const char *raw_src, const char *alt, int line)
{
	if (!in_item(b))
		flush(b);
	DocBlock blk = {.type = DOC_IMAGE, .alt = alt, .line = abs_line(b, line)};
	blk.src = src_clean(b, raw_src, line);
	if (b->oom || !blk.src)
		return;
	if (in_item(b)) {
		DocBlock *p = grow(b, b->deferred, &b->capdeferred, b->ndeferred + 1, sizeof(*p));
		if (!p)
			return;
		b->deferred = p;
		b->deferred[b->ndeferred++] = blk;
		b->squeeze = true;
	} else {
		block_push(b, &blk);
	}
}

static void image_begin(Builder *b, const MD_SPAN_IMG_DETAIL *d)
{
	if (b->img_depth++ > 0)
		return; /* an image inside an image's alt text: only its text counts */
	if (!in_item(b))
		flush(b);
	b->alt.len = 0;
	b->img_src = attr_dup(b, &d->src);
	b->img_line = line_of(b, d->src.text);
	if (!b->img_line)
		b->img_line = b->last_line;
}

static void image_end(Builder *b)
{
	if (--b->img_depth > 0 || b->oom)
		return;
	size_t lo = 0, hi = b->alt.len;
	while (lo < hi && (b->alt.p[lo] == ' ' || b->alt.p[lo] == '\n'))
		lo++;
	while (hi > lo && (b->alt.p[hi - 1] == ' ' || b->alt.p[hi - 1] == '\n'))
		hi--;
	const char *alt = arena_strndup(b->arena, b->alt.p ? b->alt.p + lo : "", hi - lo);
	if (!alt) {
		b->oom = true;
		return;
	}
	image_push(b, b->img_src, alt, b->img_line);
	/* "{width="5.8in" height="3in"}" may follow. */
	mdi_spot(&b->text);
}

/* ---- raw HTML ----------------------------------------------------------------- */

static bool one_line(Builder *b)
{
	return b->in_heading || b->img_depth > 0 || innermost_is(b, BOX_TABLE);
}

/* Text between tags: entities decoded, line breaks of the source as
 * spaces (HTML's own rule). */
static void html_text(void *user, const char *s, size_t n)
{
	Builder *b = user;
	b->scratch.len = 0;
	decode_into(b, &b->scratch, s, n);
	for (size_t i = 0; i < b->scratch.len; i++)
		if (b->scratch.p[i] == '\n' || b->scratch.p[i] == '\r' || b->scratch.p[i] == '\t')
			b->scratch.p[i] = ' ';
	text_add(b, b->scratch.p ? b->scratch.p : "", b->scratch.len,
	         (current_style(b) & MDI_STYLES) | MDI_LITERAL);
}

static void html_break(void *user)
{
	Builder *b = user;
	if (b->text.len == 0 || b->text.text[b->text.len - 1] == '\n')
		return;
	text_add(b, one_line(b) ? " " : "\n", 1, current_style(b) & MDI_STYLES);
}

static void html_image(void *user, const char *src, size_t srclen, const char *alt, size_t altlen)
{
	Builder *b = user;
	Buf a = {0};
	decode_into(b, &a, alt, altlen);
	const char *alt_s = arena_strndup(b->arena, a.p ? a.p : "", a.len);
	free(a.p);
	b->scratch.len = 0;
	decode_into(b, &b->scratch, src, srclen);
	const char *src_s =
	    arena_strndup(b->arena, b->scratch.p ? b->scratch.p : "", b->scratch.len);
	if (!alt_s || !src_s) {
		b->oom = true;
		return;
	}
	if (one_line(b)) {
		text_add(b, alt_s, strlen(alt_s), current_style(b) | MDI_LITERAL);
		return;
	}
	image_push(b, src_s, alt_s, b->html_block ? b->html_line : b->last_line);
}

static void html_warn(void *user, const char *msg)
{
	Builder *b = user;
	warn_at(b, b->html_block ? b->html_line : b->last_line, msg);
}

static const MdhSink HTML_SINK = {html_text, html_image, html_break, html_warn};

/* What a fenced block's "{=format}" says: raw HTML, another format's, or
 * plain code. */
static RawKind raw_kind(Builder *b, const MD_ATTRIBUTE *info)
{
	const char *s = info->text;
	size_t n = info->size;
	if (!s || n < 3 || s[0] != '{' || s[1] != '=')
		return RAW_NONE;
	bool raw = false;
	if (mdi_attributes(s, n, NULL, &raw) == 0 || !raw)
		return RAW_NONE;
	if (n == 7 && memcmp(s, "{=html}", 7) == 0)
		return RAW_HTML;
	char msg[120];
	snprintf(msg, sizeof(msg), "a block written for another format (%.*s) is left out",
	         (int)(n - 3 < 40 ? n - 3 : 40), s + 2);
	int line = line_of(b, s);
	warn_at(b, line ? line : b->last_line + 1, msg);
	return RAW_DROP;
}

/* The whole HTML block read so far, shown as text. */
static void html_block_end(Builder *b)
{
	b->html_block = false;
	int keep = b->last_line;
	b->last_line = b->html_line;
	b->html_block = true; /* for the sink's lines */
	mdh_block(&b->hs, b->html.p ? b->html.p : "", b->html.len, &HTML_SINK, b);
	b->html_block = false;
	b->last_line = keep;
	b->html.len = 0;
}

/* ---- tables ------------------------------------------------------------------- */

static bool cell_push(Builder *b, TableBuild *t, DocCell cell)
{
	DocCell *p = grow(b, t->cells, &t->cap, t->ncells + 1, sizeof(*p));
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
	block_push(b, &blk);
}

/* A cell of a pipe table has ended. */
static void pipe_cell_end(Builder *b)
{
	TableBuild *t = &b->table;
	if (!t->line && b->text_line)
		t->line = b->text_line;
	pending_finish(b, false);
	DocCell cell = {0};
	cell.nspans = spans_make(b, &cell.spans);
	pending_clear(b);
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

static size_t fragment(Builder *parent, const char *text, size_t len, int line, bool notes,
                       const DocSpan **out);

/* The spans of a fragment as one string. */
static const char *fragment_text(Builder *b, const char *text, size_t len, int line)
{
	const DocSpan *spans;
	size_t n = fragment(b, text, len, line, false, &spans);
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
	const char *caption = pc ? fragment_text(b, b->prep->store + pc->text.off, pc->text.len,
	                                         abs_line(b, pc->text.line))
	                         : NULL;
	table_push(b, t->cells, t->nrows, t->ncols, t->nhead, caption, abs_line(b, t->line));
	t->ncells = t->nrows = t->nhead = t->row_cells = 0;
	t->line = 0;
}

/* A grid, simple or multiline table read by mdprep, where its placeholder
 * stands. Each cell is Markdown of its own. */
static void prep_table(Builder *b, const PrepTable *pt)
{
	flush(b);
	size_t n = pt->nrows * pt->ncols;
	DocCell *cells = arena_alloc(b->arena, (n ? n : 1) * sizeof(*cells));
	if (!cells) {
		b->oom = true;
		return;
	}
	for (size_t i = 0; i < n && !b->oom; i++) {
		const PrepText *c = &pt->cells[i];
		cells[i].nspans = fragment(b, b->prep->store + c->off, c->len, abs_line(b, c->line),
		                           true, &cells[i].spans);
	}
	const char *caption = pt->caption.len
	                          ? fragment_text(b, b->prep->store + pt->caption.off,
	                                          pt->caption.len, abs_line(b, pt->caption.line))
	                          : NULL;
	if (b->oom)
		return;
	table_push(b, cells, pt->nrows, pt->ncols, pt->nhead, caption, abs_line(b, pt->line));
}

/* ---- md4c's callbacks ------------------------------------------------------ */

static int on_enter_block(MD_BLOCKTYPE type, void *detail, void *user)
{
	Builder *b = user;
	switch (type) {
	case MD_BLOCK_QUOTE:
		flush(b);
		box_push(b, (Box){.kind = BOX_QUOTE});
		break;
	case MD_BLOCK_UL:
	case MD_BLOCK_OL: {
		flush(b);
		Box list = {.kind = BOX_LIST, .ordered = type == MD_BLOCK_OL};
		if (list.ordered) {
			list.next_number = ((const MD_BLOCK_OL_DETAIL *)detail)->start;
			/* 0 means "bullet" in the model; a list written from 0
			 * is shown from 1 rather than with one stray bullet. */
			if (list.next_number == 0)
				list.next_number = 1;
		}
		box_push(b, list);
		b->list_depth++;
		break;
	}
	case MD_BLOCK_LI: {
		flush(b);
		Box item = {.kind = BOX_ITEM, .depth = b->list_depth};
		Box *list = innermost(b);
		if (list && list->kind == BOX_LIST) {
			item.first = list->items++ == 0;
			if (list->ordered) {
				item.number =
				    list->next_number > INT_MAX ? INT_MAX : (int)list->next_number;
				if (list->next_number < INT_MAX)
					list->next_number++;
			}
		}
		box_push(b, item);
		break;
	}
	case MD_BLOCK_HR:
		flush(b);
		break;
	case MD_BLOCK_H:
		flush(b);
		b->in_heading = true;
		b->heading_level = ((const MD_BLOCK_H_DETAIL *)detail)->level;
		break;
	case MD_BLOCK_CODE:
	case MD_BLOCK_P:
	case MD_BLOCK_HTML:
		if (in_item(b))
			item_paragraph(b);
		else
			flush(b);
		b->raw = type == MD_BLOCK_CODE
		             ? raw_kind(b, &((const MD_BLOCK_CODE_DETAIL *)detail)->info)
		             : RAW_NONE;
		b->code_block = type == MD_BLOCK_CODE && b->raw == RAW_NONE;
		b->html_block = type == MD_BLOCK_HTML;
		b->html.len = 0;
		b->html_line = 0;
		break;
	case MD_BLOCK_TABLE: {
		flush(b);
		box_push(b, (Box){.kind = BOX_TABLE});
		TableBuild *t = &b->table;
		t->ncols = ((const MD_BLOCK_TABLE_DETAIL *)detail)->col_count;
		t->ncells = t->nrows = t->nhead = t->row_cells = 0;
		t->in_head = false;
		t->line = 0;
		break;
	}
	case MD_BLOCK_THEAD:
		b->table.in_head = true;
		break;
	case MD_BLOCK_TR:
		b->table.row_cells = 0;
		break;
	case MD_BLOCK_TH:
	case MD_BLOCK_TD:
		pending_clear(b);
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
		flush(b);
		box_pop(b);
		break;
	case MD_BLOCK_TABLE:
		pipe_table_end(b);
		box_pop(b);
		break;
	case MD_BLOCK_UL:
	case MD_BLOCK_OL:
		flush(b);
		box_pop(b);
		b->list_depth--;
		break;
	case MD_BLOCK_H:
		heading_end(b);
		break;
	case MD_BLOCK_CODE:
	case MD_BLOCK_P:
	case MD_BLOCK_HTML:
		if (b->html_block || b->raw == RAW_HTML)
			html_block_end(b);
		b->code_block = false;
		b->html_block = false;
		if (!in_item(b))
			flush(b);
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

static int on_enter_span(MD_SPANTYPE type, void *detail, void *user)
{
	Builder *b = user;
	switch (type) {
	case MD_SPAN_EM:
		b->em++;
		break;
	case MD_SPAN_STRONG:
		b->strong++;
		break;
	case MD_SPAN_CODE:
		b->code++;
		break;
	case MD_SPAN_IMG:
		/* Headings and table cells are one line of text: an image
		 * there contributes its alt text only. */
		if (b->img_depth > 0 || (!b->in_heading && !innermost_is(b, BOX_TABLE)))
			image_begin(b, detail);
		else
			warn_at(b, b->last_line, PICTURE_AS_TEXT);
		break;
	default:
		break;
	}
	return b->oom ? 1 : 0;
}

static int on_leave_span(MD_SPANTYPE type, void *detail, void *user)
{
	Builder *b = user;
	switch (type) {
	case MD_SPAN_EM:
		b->em--;
		break;
	case MD_SPAN_STRONG:
		b->strong--;
		break;
	case MD_SPAN_CODE:
		b->code--;
		mdi_spot(&b->text);
		break;
	case MD_SPAN_IMG:
		if (b->img_depth > 0)
			image_end(b);
		else
			mdi_spot(&b->text);
		break;
	case MD_SPAN_A:
		if (b->img_depth == 0)
			mdi_spot(&b->text);
		break;
	default:
		break;
	}
	return b->oom ? 1 : 0;
}

static int on_text(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size, void *user)
{
	Builder *b = user;
	int line = line_of(b, text);
	if (line) {
		b->last_line = line;
		if (b->text.len == 0 && !b->text_line)
			b->text_line = line;
		Box *top = innermost(b);
		if (top && top->kind == BOX_ITEM && !top->line)
			top->line = line;
	}
	unsigned style = current_style(b);
	switch (type) {
	case MD_TEXT_NULLCHAR:
		text_add(b, REPLACEMENT, sizeof(REPLACEMENT) - 1, style | MDI_LITERAL);
		break;
	case MD_TEXT_BR:
		/* Headings, cells and captions are laid out as one line. */
		text_add(b, one_line(b) ? " " : "\n", 1, style);
		break;
	case MD_TEXT_SOFTBR:
		text_add(b, " ", 1, style);
		break;
	case MD_TEXT_ENTITY:
		entity_add(b, text, size, style);
		break;
	case MD_TEXT_HTML:
		if (b->html_block) {
			if (!b->html_line)
				b->html_line = line ? line : b->last_line;
			buf_add(b, &b->html, text, size);
		} else {
			mdh_inline(&b->hs, text, size, &HTML_SINK, b);
			/* "a <b>tag</b> left out" keeps one space, not two. */
			b->squeeze = true;
		}
		break;
	case MD_TEXT_CODE:
		if (b->raw == RAW_HTML) {
			if (!b->html_line)
				b->html_line = line ? line : b->last_line;
			buf_add(b, &b->html, text, size);
		} else if (b->raw == RAW_NONE) {
			text_add(b, text, size, style | MDI_LITERAL);
		}
		break;
	default: {
		if (line && size >= 1 && text[0] == MDPREP_PLACEHOLDER) {
			const PrepTable *pt =
			    mdprep_table_at(b->prep, (size_t)(text - b->prep->buf));
			if (pt) {
				prep_table(b, pt);
				text++;
				if (--size == 0)
					break;
			}
		}
		/* A character escaped with a backslash is never markup: md4c
		 * hands it over on its own, right after the backslash. */
		size_t k = 0;
		if (line)
			for (const char *p = text; p > b->prep->buf && p[-1] == '\\'; p--)
				k++;
		if (k % 2 == 1) {
			text_add(b, text, 1, style | MDI_LITERAL);
			text++;
			size--;
		}
		text_add(b, text, size, style);
		break;
	}
	}
	return b->oom ? 1 : 0;
}

/* An article's language: its front matter's language (or lang), when it
 * is a language tag, else the one its file name carries ("flu.es.md"),
 * else none (""). In arena; NULL when out of memory. */
static const char *article_lang(Arena *arena, const DocArticle *a, const char *source)
{
	static const char *const keys[] = {"language", "lang"};
	for (size_t i = 0; i < 2; i++) {
		const char *v = doc_meta_get(a, keys[i]);
		if (v && lang_valid(v, strlen(v)))
			return arena_strdup(arena, v);
	}
	char lang[40];
	return arena_strdup(arena, lang_from_name(source, lang, sizeof(lang)) ? lang : "");
}

static const MD_PARSER PARSER = {
    .abi_version = 0,
    /* HTML is on so that md4c finds tags and comments, which mdhtml.c
     * then leaves out; TABLES: pipe tables. Strike-through is not
     * md4c's: it reads "~x~" as struck, where pandoc means subscript. */
    .flags = MD_FLAG_TABLES,
    .enter_block = on_enter_block,
    .leave_block = on_leave_block,
    .enter_span = on_enter_span,
    .leave_span = on_leave_span,
    .text = on_text,
};

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
			warn_at(b, blk->line - b->line_base, PICTURE_AS_TEXT);
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

static size_t fragment(Builder *parent, const char *text, size_t len, int line, bool notes,
                       const DocSpan **out)
{
	*out = NULL;
	if (parent->oom || len == 0)
		return 0;
	Prep p;
	if (mdprep_run(text, len, 0, 0, MARKDOWN_PAD, &p, NULL, NULL) != 0) {
		parent->oom = true;
		return 0;
	}
	Builder sub = {.arena = parent->arena,
	               .prep = &p,
	               .line_base = line > 0 ? line - 1 : 0,
	               .warnings = parent->warnings,
	               .notes = notes ? parent->notes : NULL};
	size_t n = 0;
	int r = md_parse(p.buf, (MD_SIZE)p.len, &PARSER, &sub);
	if (r == 0)
		flush(&sub);
	if (r == 0 && !sub.oom)
		n = flatten(&sub, out);
	if (sub.oom)
		parent->oom = true;
	builder_deinit(&sub);
	mdprep_free(&p);
	return parent->oom ? 0 : n;
}

/* ---- notes ------------------------------------------------------------------- */

static int label_cmp(const Prep *p, size_t a, const char *label, size_t len)
{
	const PrepText *l = &p->notes[a].label;
	size_t n = l->len < len ? l->len : len;
	int d = memcmp(p->store + l->off, label, n);
	if (d)
		return d;
	return l->len < len ? -1 : l->len > len ? 1 : 0;
}

static int by_label(const void *x, const void *y, void *arg)
{
	const Prep *p = arg;
	size_t a = *(const size_t *)x, c = *(const size_t *)y;
	const PrepText *lc = &p->notes[c].label;
	int d = label_cmp(p, a, p->store + lc->off, lc->len);
	return d ? d : a < c ? -1 : a > c;
}

static bool notes_init(Builder *b, Notes *ns)
{
	const Prep *p = b->prep;
	size_t n = p->nnotes ? p->nnotes : 1;
	ns->prep = p;
	ns->nblocks = &b->nblocks;
	ns->by_label = malloc(n * sizeof(*ns->by_label));
	ns->number = calloc(n, sizeof(*ns->number));
	ns->at = calloc(n, sizeof(*ns->at));
	ns->twice = calloc(n, sizeof(*ns->twice));
	if (!ns->by_label || !ns->number || !ns->at || !ns->twice)
		return false;
	for (size_t i = 0; i < p->nnotes; i++)
		ns->by_label[i] = i;
	qsort_r(ns->by_label, p->nnotes, sizeof(*ns->by_label), by_label, (void *)p);
	for (size_t i = 1; i < p->nnotes; i++) {
		size_t prev = ns->by_label[i - 1], cur = ns->by_label[i];
		const PrepText *l = &p->notes[cur].label;
		if (label_cmp(p, prev, p->store + l->off, l->len) != 0)
			continue;
		ns->twice[cur] = true;
		char msg[160];
		snprintf(msg, sizeof(msg),
		         "the note [^%.*s] is written twice; the first one is used",
		         (int)(l->len < 40 ? l->len : 40), p->store + l->off);
		warn_at(b, l->line, msg);
	}
	return true;
}

static void notes_free(Notes *ns)
{
	free(ns->by_label);
	free(ns->number);
	free(ns->at);
	free(ns->twice);
}

static int note_number(void *user, const char *label, size_t len)
{
	Builder *b = user;
	Notes *ns = b->notes;
	const Prep *p = ns->prep;
	size_t lo = 0, hi = p->nnotes;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (label_cmp(p, ns->by_label[mid], label, len) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == p->nnotes || label_cmp(p, ns->by_label[lo], label, len) != 0)
		return 0;
	size_t k = ns->by_label[lo];
	if (!ns->number[k]) {
		ns->number[k] = ++ns->count;
		ns->at[k] = *ns->nblocks;
	}
	return ns->number[k];
}

typedef struct {
	size_t at;
	int number;
	size_t note;
} NoteAt;

static int by_place(const void *x, const void *y)
{
	const NoteAt *a = x, *c = y;
	if (a->at != c->at)
		return a->at < c->at ? -1 : 1;
	return a->number - c->number;
}

/* Every note with the block it goes after: referred ones after the topic
 * that first refers to them, the others (numbered after them) after the
 * topic where they are written. */
static NoteAt *notes_place(Builder *b, Notes *ns, size_t *count)
{
	const Prep *p = ns->prep;
	NoteAt *v = malloc((p->nnotes ? p->nnotes : 1) * sizeof(*v));
	if (!v) {
		b->oom = true;
		return NULL;
	}
	size_t n = 0;
	for (size_t i = 0; i < p->nnotes; i++)
		if (ns->number[i])
			v[n++] = (NoteAt){ns->at[i], ns->number[i], i};
	for (size_t i = 0; i < p->nnotes; i++) {
		if (ns->number[i] || ns->twice[i])
			continue;
		const PrepNote *pn = &p->notes[i];
		size_t at = 0;
		while (at < b->nblocks && b->blocks[at].line <= pn->label.line)
			at++;
		v[n++] = (NoteAt){at, ++ns->count, i};
		char msg[160];
		snprintf(msg, sizeof(msg),
		         "the note [^%.*s] is not referred to in the text; it shows at the end of "
		         "its topic",
		         (int)(pn->label.len < 40 ? pn->label.len : 40), p->store + pn->label.off);
		warn_at(b, pn->label.line, msg);
	}
	qsort(v, n, sizeof(*v), by_place);
	*count = n;
	return v;
}

/* ---- the article's shape ------------------------------------------------- */

typedef struct {
	const char *title;
	size_t first; /* index of the topic's first block */
} TopicMark;

typedef struct {
	DocBlock *v;
	size_t n;
	TopicMark *topics;
	size_t ntopics;
} Shape;

static void note_blocks(Builder *b, Notes *ns, const NoteAt *notes, size_t nnotes, size_t *ni,
                        size_t before, Shape *s)
{
	for (; *ni < nnotes && notes[*ni].at < before && !b->oom; (*ni)++) {
		const PrepNote *pn = &ns->prep->notes[notes[*ni].note];
		DocBlock blk = {
		    .type = DOC_NOTE, .list_number = notes[*ni].number, .line = pn->body.line};
		blk.nspans = fragment(b, ns->prep->store + pn->body.off, pn->body.len,
		                      pn->body.line, false, &blk.spans);
		s->v[s->n++] = blk;
	}
}

/* Sorts out the title, topics, sub-headings and notes (see markdown.h). */
static const char *shape(Builder *b, Notes *ns, bool titled, Shape *s)
{
	/* '#' starts topics when there are several, and either the front
	 * matter names the article or no '##' stands between the first two
	 * (a '##' there says '#' is the title, as in the kiosk's own
	 * articles). */
	size_t h1 = 0;
	bool h2_between = false;
	for (size_t i = 0; i < b->nheads && h1 < 2; i++) {
		h1 += b->heads[i].level == 1;
		h2_between = h2_between || (h1 == 1 && b->heads[i].level == 2);
	}
	unsigned top = h1 >= 2 && (titled || !h2_between) ? 1 : 2;
	size_t nnotes = 0, ni = 0;
	NoteAt *notes = notes_place(b, ns, &nnotes);
	s->v = malloc((b->nblocks + b->nheads + nnotes + 1) * sizeof(*s->v));
	s->topics = malloc((b->nheads + 1) * sizeof(*s->topics));
	const char *title = NULL;
	if (!notes || !s->v || !s->topics) {
		b->oom = true;
		goto done;
	}
	size_t hi = 0;
	for (size_t i = 0; i <= b->nblocks && !b->oom; i++) {
		for (; hi < b->nheads && b->heads[hi].at == i; hi++) {
			const Heading *h = &b->heads[hi];
			if (h->level == top) {
				note_blocks(b, ns, notes, nnotes, &ni, i, s);
				s->topics[s->ntopics++] = (TopicMark){h->text, s->n};
				continue;
			}
			if (h->level < top && !title) {
				if (*h->text)
					title = h->text;
				continue;
			}
			if (!*h->text)
				continue;
			DocSpan *span = arena_alloc(b->arena, sizeof(*span));
			if (!span) {
				b->oom = true;
				break;
			}
			*span = (DocSpan){h->text, strlen(h->text), 0};
			s->v[s->n++] = (DocBlock){
			    .type = DOC_SUBHEADING, .spans = span, .nspans = 1, .line = h->line};
		}
		if (i < b->nblocks)
			s->v[s->n++] = b->blocks[i];
	}
	note_blocks(b, ns, notes, nnotes, &ni, SIZE_MAX, s);
done:
	free(notes);
	return title;
}

/* A warning whose line is the article's own (front matter, mdprep). */
static void file_warn(void *user, int line, const char *msg)
{
	Builder *b = user;
	warnings_add(b->arena, b->warnings, line, msg);
}

/* The warnings in line order (a stable sort: several on one line keep
 * theirs), with a closing line for those left out. */
static bool warnings_finish(Arena *arena, Warnings *w, DocArticle *a)
{
	size_t n = w->n;
	DocWarning *v = arena_alloc(arena, (n + 1) * sizeof(*v));
	if (!v || w->oom)
		return false;
	for (size_t i = 0; i < n; i++) {
		DocWarning x = w->v[i];
		size_t k = i;
		while (k > 0 && v[k - 1].line > x.line) {
			v[k] = v[k - 1];
			k--;
		}
		v[k] = x;
	}
	if (w->dropped) {
		char *m = arena_printf(arena, "and %zu more warnings in this article", w->dropped);
		if (!m)
			return false;
		v[n++] = (DocWarning){0, m};
	}
	a->warnings = v;
	a->nwarnings = n;
	return true;
}

static void set_err(char *err, size_t errlen, const char *msg)
{
	if (err && errlen)
		snprintf(err, errlen, "%s", msg);
}

int markdown_parse(const char *text, size_t len, const char *source, Arena *arena, DocArticle *out,
                   char *err, size_t errlen)
{
	int rc = -1;
	Prep prep = {0};
	Warnings warnings = {0};
	Notes notes = {0};
	Shape s = {0};
	Builder b = {.arena = arena, .prep = &prep, .warnings = &warnings};
	if (!source)
		source = "";
	if (!text) {
		text = "";
		len = 0;
	}
	/* md4c takes a 32-bit size; the caller promised UTF-8, but this is
	 * outside input, so check rather than show mojibake. */
	if (len > UINT_MAX / 2 - MARKDOWN_PAD) {
		set_err(err, errlen, ERR_READ);
		goto done;
	}
	if (!utf8_valid(text, len, NULL)) {
		set_err(err, errlen, ERR_NOT_UTF8);
		goto done;
	}
	FrontMatter fm;
	if (frontmatter_parse(text, len, arena, &fm, file_warn, &b) != 0) {
		set_err(err, errlen, ERR_NOMEM);
		goto done;
	}
	/* md4c 0.4.8 reads past the end of a document whose last line holds
	 * an unfinished link such as "[a](b", and what it finds there can
	 * make it report text of absurd length. It parses mdprep's output,
	 * which ends in a line break (which changes nothing in CommonMark)
	 * followed by NULs it is not told about, so it stays in memory we
	 * own and sees the same bytes every time. */
	if (mdprep_run(text, len, fm.end, MDPREP_BLOCKS, MARKDOWN_PAD, &prep, file_warn, &b) != 0 ||
	    !notes_init(&b, &notes)) {
		set_err(err, errlen, ERR_NOMEM);
		goto done;
	}
	b.notes = &notes;
	int r = md_parse(prep.buf, (MD_SIZE)prep.len, &PARSER, &b);
	if (r == 0)
		flush(&b);
	const char *title = NULL;
	bool titled = false;
	for (size_t i = 0; i < fm.nmeta; i++)
		titled = titled || (strcmp(fm.meta[i].key, "title") == 0 && fm.meta[i].value[0]);
	if (r == 0 && !b.oom)
		title = shape(&b, &notes, titled, &s);
	if (b.oom) {
		set_err(err, errlen, ERR_NOMEM);
		goto done;
	}
	if (r != 0) {
		set_err(err, errlen, ERR_READ);
		goto done;
	}

	DocArticle a = {0};
	a.source = arena_strdup(arena, source);
	a.meta = fm.meta;
	a.nmeta = fm.nmeta;
	if (!title) {
		/* The front matter's title is Markdown too ("*Flu* jabs"). */
		for (size_t i = 0; i < fm.nmeta && !title; i++)
			if (strcmp(fm.meta[i].key, "title") == 0 && fm.meta[i].value[0])
				title = fragment_text(&b, fm.meta[i].value,
				                      strlen(fm.meta[i].value), 0);
		if (title && !*title)
			title = NULL;
	}
	a.title = title ? title : doc_title_from_name(arena, source);
	a.lang = article_lang(arena, &a, source);
	DocBlock *blocks = arena_alloc(arena, (s.n ? s.n : 1) * sizeof(*blocks));
	DocTopic *topics = arena_alloc(arena, (s.ntopics ? s.ntopics : 1) * sizeof(*topics));
	if (b.oom || !a.source || !a.title || !a.lang || !blocks || !topics ||
	    !warnings_finish(arena, &warnings, &a)) {
		set_err(err, errlen, ERR_NOMEM);
		goto done;
	}
	if (s.n)
		memcpy(blocks, s.v, s.n * sizeof(*blocks));
	for (size_t i = 0; i < s.ntopics; i++) {
		size_t first = s.topics[i].first;
		size_t end = i + 1 < s.ntopics ? s.topics[i + 1].first : s.n;
		topics[i] = (DocTopic){s.topics[i].title, blocks + first, end - first};
	}
	a.intro = blocks;
	a.nintro = s.ntopics ? s.topics[0].first : s.n;
	a.topics = topics;
	a.ntopics = s.ntopics;
	*out = a;
	rc = 0;
done:
	free(s.v);
	free(s.topics);
	free(warnings.v);
	notes_free(&notes);
	mdprep_free(&prep);
	builder_deinit(&b);
	return rc;
}
