#include "core/text/sentences.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	Sentence *v;
	size_t n, cap;
	Arena *a;
} List;

static bool add(List *l, int block, const char *text, size_t start, size_t end)
{
	/* Spaces at either end are not part of the sentence. */
	while (start < end && (text[start] == ' ' || text[start] == '\n' || text[start] == '\t'))
		start++;
	while (end > start &&
	       (text[end - 1] == ' ' || text[end - 1] == '\n' || text[end - 1] == '\t'))
		end--;
	if (start == end)
		return true;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 32;
		Sentence *p = realloc(l->v, cap * sizeof(*p));
		if (!p)
			return false;
		l->v = p;
		l->cap = cap;
	}
	/* Copied as they are: a NUL in the text (valid UTF-8) must not cut
	 * the copy short of its range. */
	char *s = arena_alloc(l->a, end - start + 1);
	if (!s)
		return false;
	memcpy(s, text + start, end - start);
	s[end - start] = '\0';
	l->v[l->n++] = (Sentence){block, start, end, s};
	return true;
}

/* Whether the text from p (up to end) starts with s. */
static bool is(const char *p, const char *end, const char *s)
{
	size_t n = strlen(s);
	return (size_t)(end - p) >= n && memcmp(p, s, n) == 0;
}

/* Bytes of a closing quote or bracket at p (ASCII, the typographic right
 * quotes, and Chinese and Japanese corner brackets and full-width
 * parentheses), 0 for none. */
static size_t closer(const char *p, const char *end)
{
	static const char *const WIDE[] = {"\xE2\x80\x9D", "\xE2\x80\x99", "\xE3\x80\x8D",
	                                   "\xE3\x80\x8F", "\xEF\xBC\x89"};
	if (p < end && (*p == '"' || *p == '\'' || *p == ')' || *p == ']'))
		return 1;
	for (size_t i = 0; i < sizeof(WIDE) / sizeof(WIDE[0]); i++)
		if (is(p, end, WIDE[i]))
			return 3;
	return 0;
}

/* A mark that ends a sentence, at p: its bytes (0 for none), and in *wide
 * whether it is a Chinese or Japanese one, which no space follows. Written
 * out here rather than asked of a library: libunibreak breaks lines and
 * words, not sentences, and these few marks are what health texts end
 * their sentences with. */
static size_t ender(const char *p, const char *end, bool *wide)
{
	/* … Arabic ؟, Urdu ۔, Devanagari । and ॥ */
	static const char *const SPACED[] = {"\xE2\x80\xA6", "\xD8\x9F", "\xDB\x94", "\xE0\xA5\xA4",
	                                     "\xE0\xA5\xA5"};
	/* 。！？ */
	static const char *const WIDE[] = {"\xE3\x80\x82", "\xEF\xBC\x81", "\xEF\xBC\x9F"};
	*wide = false;
	if (p < end && (*p == '.' || *p == '!' || *p == '?'))
		return 1;
	for (size_t i = 0; i < sizeof(SPACED) / sizeof(SPACED[0]); i++)
		if (is(p, end, SPACED[i]))
			return strlen(SPACED[i]);
	for (size_t i = 0; i < sizeof(WIDE) / sizeof(WIDE[0]); i++)
		if (is(p, end, WIDE[i])) {
			*wide = true;
			return 3;
		}
	return 0;
}

/* Where the sentence that ends at text[i] (a run of n bytes of marks,
 * wide when one of them is Chinese or Japanese) really ends, or 0 when it
 * does not end there. */
static size_t sentence_end(const char *text, size_t len, size_t i, size_t n, bool wide)
{
	size_t j = i + n, c;
	while ((c = closer(text + j, text + len)) != 0)
		j += c;
	if (j == len || wide)
		return j;
	if (text[j] != ' ' && text[j] != '\n')
		return 0;
	size_t k = j;
	while (k < len && (text[k] == ' ' || text[k] == '\n'))
		k++;
	/* "e.g. this", "approx. two": a small letter goes on the sentence. */
	if (k < len && text[k] >= 'a' && text[k] <= 'z')
		return 0;
	return j;
}

static bool split_text(List *l, int block, const char *text, size_t len)
{
	size_t from = 0;
	for (size_t i = 0; i < len; i++) {
		bool wide;
		size_t n = ender(text + i, text + len, &wide);
		if (text[i] == '\n') {
			if (!add(l, block, text, from, i))
				return false;
			from = i + 1;
			continue;
		}
		if (!n)
			continue;
		/* A run of marks ("?!", "...", "！？") ends at its last. */
		for (;;) {
			bool more_wide;
			size_t more = ender(text + i + n, text + len, &more_wide);
			if (!more)
				break;
			n += more;
			wide = wide || more_wide;
		}
		size_t end = sentence_end(text, len, i, n, wide);
		if (end) {
			if (!add(l, block, text, from, end))
				return false;
			from = end;
			i = end - 1;
		} else {
			i += n - 1;
		}
	}
	return add(l, block, text, from, len);
}

size_t sentences_offset(const DocBlock *b, const char *p)
{
	size_t off = 0;
	for (size_t i = 0; i < b->nspans; i++) {
		const DocSpan *s = &b->spans[i];
		if (p >= s->text && p < s->text + s->len)
			return off + (size_t)(p - s->text);
		off += s->len;
	}
	return (size_t)-1;
}

int sentences_split(const DocTopic *tp, Arena *a, Sentences *out)
{
	List l = {NULL, 0, 0, a};
	bool ok = add(&l, -1, tp->title, 0, strlen(tp->title));
	for (size_t i = 0; ok && i < tp->nblocks; i++) {
		const DocBlock *b = &tp->blocks[i];
		if (!b->spans || !b->nspans)
			continue;
		size_t len = 0;
		for (size_t k = 0; k < b->nspans; k++)
			len += b->spans[k].len;
		char *text = arena_alloc(a, len + 1);
		if (!text) {
			ok = false;
			break;
		}
		doc_block_text(b, text, len + 1);
		ok = split_text(&l, (int)i, text, len);
	}
	Sentence *v = NULL;
	if (ok && l.n) {
		v = arena_alloc(a, l.n * sizeof(*v));
		ok = v != NULL;
		if (v)
			memcpy(v, l.v, l.n * sizeof(*v));
	}
	free(l.v);
	*out = (Sentences){v, ok ? l.n : 0};
	return ok ? 0 : -1;
}
