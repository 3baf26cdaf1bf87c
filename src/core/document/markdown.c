/* markdown: md4c's enter/leave/text callbacks build the DocArticle.
 *
 * md4c streams the document; text only ever arrives for the innermost leaf
 * block, so one growing buffer ("pending") holds the text of the block being
 * built and is turned into a DocBlock when that block ends. Containers (block
 * quotes, lists, items) live on an explicit stack, never on the C stack, so
 * hostile nesting only costs heap. Temporaries are malloc'd and freed in
 * builder_deinit; only finished blocks and strings go into the arena.
 */
#include "core/document/markdown.h"

#include <limits.h>
#include <md4c.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/document/lang.h"
#include "core/document/utf8.h"

static const char ERR_READ[] = "the article could not be read as Markdown";
static const char ERR_NOMEM[] = "out of memory";
static const char ERR_NOT_UTF8[] = "the article is not plain UTF-8 text";

/* Room after a private copy of the text: a line break and NULs. */
#define MARKDOWN_PAD 16

static const char REPLACEMENT[] = "\xEF\xBF\xBD"; /* U+FFFD */
static const char CELL_SEPARATOR[] = " \u00B7 ";  /* between table cells */

typedef struct {
	char *p;
	size_t len, cap;
} Buf;

/* A run of pending text; off indexes the pending buffer. */
typedef struct {
	size_t off, len;
	unsigned style;
} Run;

typedef enum { BOX_QUOTE, BOX_LIST, BOX_ITEM, BOX_TABLE } BoxKind;

typedef struct {
	BoxKind kind;
	bool ordered;          /* BOX_LIST */
	long long next_number; /* BOX_LIST, ordered: the next item's ordinal */
	int number, depth;     /* BOX_ITEM */
	bool shown;            /* BOX_ITEM: its marker has been emitted */
} Box;

typedef struct {
	const char *title;
	size_t first; /* index of the topic's first block */
} TopicMark;

typedef struct {
	Arena *arena;
	bool oom;

	Buf text; /* the pending block's text */
	Run *runs;
	size_t nruns, capruns;

	Buf alt;     /* alt text of the image being read */
	Buf scratch; /* attribute decoding */
	const char *img_src;
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
	bool in_heading;
	unsigned heading_level;
	unsigned cells; /* cells so far in the current table row */

	DocBlock *blocks;
	size_t nblocks, capblocks;
	TopicMark *topics;
	size_t ntopics, captopics;
	const char *title;
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
	free(b->text.p);
	free(b->runs);
	free(b->alt.p);
	free(b->scratch.p);
	free(b->deferred);
	free(b->boxes);
	free(b->blocks);
	free(b->topics);
}

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
		s |= DOC_CODE;
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
	if (b->in_heading)
		style = 0;
	if (b->squeeze) {
		b->squeeze = false;
		if (s[0] == ' ' && b->text.len && b->text.p[b->text.len - 1] == ' ') {
			s++;
			if (--n == 0)
				return;
		}
	}
	if (!buf_add(b, &b->text, s, n))
		return;
	/* Same style as the run before: extend it, so a paragraph in one
	 * style stays one DocSpan. */
	if (b->nruns && b->runs[b->nruns - 1].style == style) {
		b->runs[b->nruns - 1].len += n;
		return;
	}
	Run *r = grow(b, b->runs, &b->capruns, b->nruns + 1, sizeof(*r));
	if (!r)
		return;
	b->runs = r;
	b->runs[b->nruns++] = (Run){b->text.len - n, n, style};
}

static void pending_clear(Builder *b)
{
	b->text.len = 0;
	b->nruns = 0;
	b->squeeze = false;
}

/* A code block ends in a line break; inside a list item more text may
 * follow, which item_paragraph already puts on a new line. */
static void pending_trim_newlines(Builder *b)
{
	while (b->nruns && b->text.len && b->text.p[b->text.len - 1] == '\n') {
		b->text.len--;
		if (--b->runs[b->nruns - 1].len == 0)
			b->nruns--;
	}
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

/* Copies the pending runs between trimmed ends into the arena. Returns the
 * number of spans (0: nothing but white space). */
static size_t spans_make(Builder *b, const DocSpan **out)
{
	*out = NULL;
	if (b->nruns == 0)
		return 0;
	size_t lo = 0, hi = b->text.len;
	size_t first = 0, last = b->nruns - 1;
	while (lo < hi) {
		while (b->runs[first].off + b->runs[first].len <= lo)
			first++;
		if (!trimmable(b->text.p[lo], b->runs[first].style))
			break;
		lo++;
	}
	while (hi > lo) {
		while (b->runs[last].off >= hi)
			last--;
		if (!trimmable(b->text.p[hi - 1], b->runs[last].style))
			break;
		hi--;
	}
	if (lo == hi)
		return 0;
	while (b->runs[first].off + b->runs[first].len <= lo)
		first++;
	while (b->runs[last].off >= hi)
		last--;

	size_t n = last - first + 1;
	DocSpan *spans = arena_alloc(b->arena, n * sizeof(*spans));
	if (!spans) {
		b->oom = true;
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		const Run *r = &b->runs[first + i];
		size_t s = r->off > lo ? r->off : lo;
		size_t e = r->off + r->len < hi ? r->off + r->len : hi;
		/* Each span gets its own terminated copy so it can be used as a
		 * C string on its own. */
		char *t = arena_strndup(b->arena, b->text.p + s, e - s);
		if (!t) {
			b->oom = true;
			return 0;
		}
		spans[i] = (DocSpan){t, e - s, r->style};
	}
	*out = spans;
	return n;
}

/* Ends the pending text as a block of the kind its container asks for,
 * then lets out images that waited for it. */
static void flush(Builder *b)
{
	if (b->oom)
		return;
	DocBlock blk = {.type = DOC_PARA};
	Box *top = innermost(b);
	blk.nspans = spans_make(b, &blk.spans);
	if (blk.nspans) {
		if (top && top->kind == BOX_QUOTE) {
			blk.type = DOC_QUOTE;
		} else if (top && top->kind == BOX_ITEM && !top->shown) {
			/* Text of an item after a nested list shows as a plain
			 * paragraph: a second marker would read as a new item. */
			blk.type = DOC_LIST_ITEM;
			blk.list_depth = top->depth;
			blk.list_number = top->number;
			top->shown = true;
		}
		block_push(b, &blk);
	}
	pending_clear(b);
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
	unsigned style = b->nruns ? b->runs[b->nruns - 1].style : 0;
	text_add(b, "\n", 1, style);
}

static void heading_end(Builder *b)
{
	const DocSpan *spans;
	size_t n = spans_make(b, &spans);
	/* Heading runs all have style 0, so they were merged into one. */
	const char *text = n ? spans[0].text : "";
	pending_clear(b);
	b->in_heading = false;
	if (b->oom)
		return;

	if (b->heading_level == 1 && !b->title) {
		if (n)
			b->title = text;
		return;
	}
	if (b->heading_level == 2) {
		TopicMark *t = grow(b, b->topics, &b->captopics, b->ntopics + 1, sizeof(*t));
		if (!t)
			return;
		b->topics = t;
		if (!n) {
			text = arena_strdup(b->arena, "");
			if (!text) {
				b->oom = true;
				return;
			}
		}
		b->topics[b->ntopics++] = (TopicMark){text, b->nblocks};
		return;
	}
	if (n) {
		DocBlock blk = {.type = DOC_SUBHEADING, .spans = spans, .nspans = n};
		block_push(b, &blk);
	}
}

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
		if (list && list->kind == BOX_LIST && list->ordered) {
			item.number =
			    list->next_number > INT_MAX ? INT_MAX : (int)list->next_number;
			if (list->next_number < INT_MAX)
				list->next_number++;
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
		b->code_block = type == MD_BLOCK_CODE;
		break;
	case MD_BLOCK_TABLE:
		flush(b);
		box_push(b, (Box){.kind = BOX_TABLE});
		break;
	case MD_BLOCK_TR:
		flush(b);
		b->cells = 0;
		break;
	case MD_BLOCK_TH:
	case MD_BLOCK_TD:
		if (b->cells++ > 0)
			text_add(b, CELL_SEPARATOR, sizeof(CELL_SEPARATOR) - 1, 0);
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
	case MD_BLOCK_TABLE:
		flush(b);
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
		b->code_block = false;
		if (!in_item(b))
			flush(b);
		else if (type == MD_BLOCK_CODE)
			pending_trim_newlines(b);
		break;
	case MD_BLOCK_TR:
		flush(b);
		break;
	default:
		break;
	}
	return b->oom ? 1 : 0;
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
	if (named)
		text_add(b, named, len, style);
	else if (len)
		text_add(b, buf, len, style);
	else
		text_add(b, s, n, style);
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

static void image_begin(Builder *b, const MD_SPAN_IMG_DETAIL *d)
{
	if (b->img_depth++ > 0)
		return; /* an image inside an image's alt text: only its text counts */
	/* In a list item the image waits for the item's text; elsewhere the
	 * text before it becomes a block of its own now. */
	if (!in_item(b))
		flush(b);
	b->alt.len = 0;
	b->img_src = attr_dup(b, &d->src);
}

static void image_end(Builder *b)
{
	if (--b->img_depth > 0 || b->oom)
		return;
	DocBlock blk = {.type = DOC_IMAGE, .src = b->img_src};
	size_t lo = 0, hi = b->alt.len;
	while (lo < hi && (b->alt.p[lo] == ' ' || b->alt.p[lo] == '\n'))
		lo++;
	while (hi > lo && (b->alt.p[hi - 1] == ' ' || b->alt.p[hi - 1] == '\n'))
		hi--;
	blk.alt = arena_strndup(b->arena, b->alt.p ? b->alt.p + lo : "", hi - lo);
	if (!blk.alt) {
		b->oom = true;
		return;
	}
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
		break;
	case MD_SPAN_IMG:
		if (b->img_depth > 0)
			image_end(b);
		break;
	default:
		break;
	}
	return b->oom ? 1 : 0;
}

static int on_text(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size, void *user)
{
	Builder *b = user;
	unsigned style = current_style(b);
	switch (type) {
	case MD_TEXT_NULLCHAR:
		text_add(b, REPLACEMENT, sizeof(REPLACEMENT) - 1, style);
		break;
	case MD_TEXT_BR: {
		/* Headings, cells and captions are laid out as one line. */
		bool one_line = b->in_heading || b->img_depth > 0 || innermost_is(b, BOX_TABLE);
		text_add(b, one_line ? " " : "\n", 1, style);
		break;
	}
	case MD_TEXT_SOFTBR:
		text_add(b, " ", 1, style);
		break;
	case MD_TEXT_ENTITY:
		entity_add(b, text, size, style);
		break;
	default:
		text_add(b, text, size, style);
		break;
	}
	return b->oom ? 1 : 0;
}

/* The file name without folders, without a ".md" ending (any case) and
 * without the language it carries ("flu" of "flu.es.md"). */
static const char *title_from_source(Arena *arena, const char *source)
{
	const char *base = strrchr(source, '/');
	base = base ? base + 1 : source;
	size_t n = strlen(base);
	if (n > 3 && base[n - 3] == '.' && (base[n - 2] == 'm' || base[n - 2] == 'M') &&
	    (base[n - 1] == 'd' || base[n - 1] == 'D'))
		n -= 3;
	char lang[40];
	size_t ln = lang_from_name(base, lang, sizeof(lang));
	if (ln && n > ln + 1)
		n -= ln + 1;
	return arena_strndup(arena, base, n);
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
	char *copy = NULL;
	Builder b = {.arena = arena};
	if (!source)
		source = "";
	if (!text) {
		text = "";
		len = 0;
	}
	/* md4c takes a 32-bit size; the caller promised UTF-8, but this is
	 * outside input, so check rather than show mojibake. */
	if (len > UINT_MAX - MARKDOWN_PAD) {
		set_err(err, errlen, ERR_READ);
		goto done;
	}
	if (!utf8_valid(text, len, NULL)) {
		set_err(err, errlen, ERR_NOT_UTF8);
		goto done;
	}

	/* md4c 0.4.8 reads past the end of a document whose last line holds
	 * an unfinished link such as "[a](b", and what it finds there can
	 * make it report text of absurd length. It parses a private copy
	 * that ends in a line break (which changes nothing in CommonMark),
	 * followed by NULs it is not told about, so it stays in memory we
	 * own and sees the same bytes every time. */
	copy = malloc(len + MARKDOWN_PAD);
	if (!copy) {
		set_err(err, errlen, ERR_NOMEM);
		goto done;
	}
	if (len)
		memcpy(copy, text, len);
	memset(copy + len, 0, MARKDOWN_PAD);
	size_t parse_len = len;
	if (len == 0 || text[len - 1] != '\n')
		copy[parse_len++] = '\n';

	MD_PARSER parser = {
	    .abi_version = 0,
	    /* NOHTML: raw HTML is shown as text, never interpreted.
	     * TABLES: a pasted GitHub-style table reads as rows of cells
	     * rather than as lines of pipes. */
	    .flags = MD_FLAG_NOHTML | MD_FLAG_TABLES,
	    .enter_block = on_enter_block,
	    .leave_block = on_leave_block,
	    .enter_span = on_enter_span,
	    .leave_span = on_leave_span,
	    .text = on_text,
	};
	int r = md_parse(copy, (MD_SIZE)parse_len, &parser, &b);
	if (r == 0)
		flush(&b);
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
	a.title = b.title ? b.title : title_from_source(arena, source);
	char lang[40];
	a.lang = arena_strdup(arena, lang_from_name(source, lang, sizeof(lang)) ? lang : "");
	DocBlock *blocks = NULL;
	DocTopic *topics = NULL;
	if (b.nblocks <= SIZE_MAX / sizeof(*blocks) && b.ntopics <= SIZE_MAX / sizeof(*topics)) {
		blocks = arena_alloc(arena, b.nblocks * sizeof(*blocks));
		topics = arena_alloc(arena, b.ntopics * sizeof(*topics));
	}
	if (!a.source || !a.title || !a.lang || !blocks || !topics) {
		set_err(err, errlen, ERR_NOMEM);
		goto done;
	}
	if (b.nblocks)
		memcpy(blocks, b.blocks, b.nblocks * sizeof(*blocks));
	for (size_t i = 0; i < b.ntopics; i++) {
		size_t first = b.topics[i].first;
		size_t end = i + 1 < b.ntopics ? b.topics[i + 1].first : b.nblocks;
		topics[i] = (DocTopic){b.topics[i].title, blocks + first, end - first};
	}
	a.intro = blocks;
	a.nintro = b.ntopics ? b.topics[0].first : b.nblocks;
	a.topics = topics;
	a.ntopics = b.ntopics;
	*out = a;
	rc = 0;
done:
	free(copy);
	builder_deinit(&b);
	return rc;
}
