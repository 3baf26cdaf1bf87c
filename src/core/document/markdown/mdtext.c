/* mdtext: what md4c hands over inside a block: spans (emphasis, code,
 * pictures, links) and text, with HTML entities decoded, pictures made
 * blocks of their own (their names cleaned as the files are named), and
 * raw HTML shown as its text through mdhtml.c, never interpreted.
 *
 * Everything goes into the Builder (mdread.h): text into its pending
 * block, pictures into its blocks or, inside a list item, its deferred
 * ones; strings kept go into the arena.
 */
#include "core/document/markdown/mdread.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/document/model/utf8.h"

const char MDREAD_PICTURE_AS_TEXT[] =
    N_("a picture in a heading or a table shows only as its caption");
static const char REPLACEMENT[] = "\xEF\xBF\xBD"; /* U+FFFD */

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
		mdread_text_add(b, named, len, style);
	else if (len)
		mdread_text_add(b, buf, len, style);
	else
		mdread_text_add(b, s, n, style);
}

/* Appends s to out with its entities decoded. */
static void decode_into(Builder *b, Buf *out, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		size_t e = i;
		while (e < n && s[e] != '&')
			e++;
		mdread_buf_add(b, out, s + i, e - i);
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
			mdread_buf_add(b, out, named ? named : tmp, len);
			i = f + 1;
		} else {
			mdread_buf_add(b, out, "&", 1);
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
			if (!mdread_buf_add(b, &b->scratch, s, n))
				return NULL;
		}
	}
	char *p = arena_strndup(b->arena, b->scratch.p ? b->scratch.p : "", b->scratch.len);
	if (!p)
		b->oom = true;
	return p;
}

/* ---- pictures ---------------------------------------------------------------- */

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
		if (s[i] == '%' && i + 2 < n && (hi = utf8_hex_digit(s[i + 1])) >= 0 &&
		    (lo = utf8_hex_digit(s[i + 2])) >= 0) {
			char c = (char)(hi * 16 + lo);
			if ((unsigned char)c < 0x20 || c == '/' || c == '\\' || c == 0x7F)
				bad = true;
			mdread_buf_add(b, &b->scratch, &c, 1);
			decoded = true;
			i += 2;
			continue;
		}
		mdread_buf_add(b, &b->scratch, s + i, 1);
	}
	if (b->oom)
		return NULL;
	const char *text = b->scratch.p ? b->scratch.p : "";
	if (bad || (decoded && !utf8_valid(text, b->scratch.len, NULL))) {
		text = s;
	} else if (decoded) {
		PkgWhy why;
		pkg_why_say(&why,
		            "picture \"%.80s\" is read as \"%.80s\" (codes such as %%20 in a name "
		            "stand for other characters)",
		            raw, text);
		mdread_warn_why(b, line, &why);
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
	if (!mdread_in_item(b))
		mdread_flush(b);
	DocBlock blk = {.type = DOC_IMAGE, .alt = alt, .line = mdread_abs_line(b, line)};
	blk.src = src_clean(b, raw_src, line);
	if (b->oom || !blk.src)
		return;
	if (mdread_in_item(b)) {
		DocBlock *p =
		    mdread_grow(b, b->deferred, &b->capdeferred, b->ndeferred + 1, sizeof(*p));
		if (!p)
			return;
		b->deferred = p;
		b->deferred[b->ndeferred++] = blk;
		b->squeeze = true;
	} else {
		mdread_block_push(b, &blk);
	}
}

static void image_begin(Builder *b, const MD_SPAN_IMG_DETAIL *d)
{
	if (b->img_depth++ > 0)
		return; /* an image inside an image's alt text: only its text counts */
	if (!mdread_in_item(b))
		mdread_flush(b);
	b->alt.len = 0;
	b->img_src = attr_dup(b, &d->src);
	b->img_line = mdread_line_of(b, d->src.text);
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
	return b->in_heading || b->img_depth > 0 || mdread_innermost_is(b, BOX_TABLE);
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
	mdread_text_add(b, b->scratch.p ? b->scratch.p : "", b->scratch.len,
	                (mdread_style(b) & MDI_STYLES) | MDI_LITERAL);
}

static void html_break(void *user)
{
	Builder *b = user;
	if (b->text.len == 0 || b->text.text[b->text.len - 1] == '\n')
		return;
	mdread_text_add(b, one_line(b) ? " " : "\n", 1, mdread_style(b) & MDI_STYLES);
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
		mdread_text_add(b, alt_s, strlen(alt_s), mdread_style(b) | MDI_LITERAL);
		return;
	}
	image_push(b, src_s, alt_s, b->html_block ? b->html_line : b->last_line);
}

static void html_warn(void *user, const PkgWhy *why)
{
	Builder *b = user;
	mdread_warn_why(b, b->html_block ? b->html_line : b->last_line, why);
}

static const MdhSink HTML_SINK = {html_text, html_image, html_break, html_warn};

/* What a fenced block's "{=format}" says: raw HTML, another format's, or
 * plain code. */
RawKind mdread_raw_kind(Builder *b, const MD_ATTRIBUTE *info)
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
	PkgWhy why;
	pkg_why_say(&why, "a block written for another format (%.*s) is left out",
	            (int)(n - 3 < 40 ? n - 3 : 40), s + 2);
	int line = mdread_line_of(b, s);
	mdread_warn_why(b, line ? line : b->last_line + 1, &why);
	return RAW_DROP;
}

/* The whole HTML block read so far, shown as text. */
void mdread_html_block_end(Builder *b)
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
int mdread_on_enter_span(MD_SPANTYPE type, void *detail, void *user)
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
		if (b->img_depth > 0 || (!b->in_heading && !mdread_innermost_is(b, BOX_TABLE)))
			image_begin(b, detail);
		else
			mdread_warn(b, b->last_line, MDREAD_PICTURE_AS_TEXT);
		break;
	default:
		break;
	}
	return b->oom ? 1 : 0;
}

int mdread_on_leave_span(MD_SPANTYPE type, void *detail, void *user)
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

int mdread_on_text(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size, void *user)
{
	Builder *b = user;
	int line = mdread_line_of(b, text);
	if (line) {
		b->last_line = line;
		if (b->text.len == 0 && !b->text_line)
			b->text_line = line;
		Box *top = mdread_innermost(b);
		if (top && top->kind == BOX_ITEM && !top->line)
			top->line = line;
	}
	unsigned style = mdread_style(b);
	switch (type) {
	case MD_TEXT_NULLCHAR:
		mdread_text_add(b, REPLACEMENT, sizeof(REPLACEMENT) - 1, style | MDI_LITERAL);
		break;
	case MD_TEXT_BR:
		/* Headings, cells and captions are laid out as one line. */
		mdread_text_add(b, one_line(b) ? " " : "\n", 1, style);
		break;
	case MD_TEXT_SOFTBR:
		mdread_text_add(b, " ", 1, style);
		break;
	case MD_TEXT_ENTITY:
		entity_add(b, text, size, style);
		break;
	case MD_TEXT_HTML:
		if (b->html_block) {
			if (!b->html_line)
				b->html_line = line ? line : b->last_line;
			mdread_buf_add(b, &b->html, text, size);
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
			mdread_buf_add(b, &b->html, text, size);
		} else if (b->raw == RAW_NONE) {
			mdread_text_add(b, text, size, style | MDI_LITERAL);
		}
		break;
	default: {
		if (line && size >= 1 && text[0] == MDPREP_PLACEHOLDER) {
			const PrepTable *pt =
			    mdprep_table_at(b->prep, (size_t)(text - b->prep->buf));
			if (pt) {
				mdread_prep_table(b, pt);
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
			mdread_text_add(b, text, 1, style | MDI_LITERAL);
			text++;
			size--;
		}
		mdread_text_add(b, text, size, style);
		break;
	}
	}
	return b->oom ? 1 : 0;
}
