#include "core/document/sentences.h"

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

/* Bytes of a closing quote or bracket at p (ASCII or the typographic
 * right quotes), 0 for none. */
static size_t closer(const char *p, const char *end)
{
	if (p < end && (*p == '"' || *p == '\'' || *p == ')' || *p == ']'))
		return 1;
	if (end - p >= 3 && (unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 &&
	    ((unsigned char)p[2] == 0x9D || (unsigned char)p[2] == 0x99))
		return 3;
	return 0;
}

/* Where the sentence that ends at text[i] (a full stop, question or
 * exclamation mark, or an ellipsis of n bytes) really ends, or 0 when it
 * does not end there. */
static size_t sentence_end(const char *text, size_t len, size_t i, size_t n)
{
	size_t j = i + n, c;
	while ((c = closer(text + j, text + len)) != 0)
		j += c;
	if (j == len)
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
		size_t n = 0;
		if (text[i] == '.' || text[i] == '!' || text[i] == '?')
			n = 1;
		else if (len - i >= 3 && (unsigned char)text[i] == 0xE2 &&
		         (unsigned char)text[i + 1] == 0x80 && (unsigned char)text[i + 2] == 0xA6)
			n = 3; /* … */
		if (text[i] == '\n') {
			if (!add(l, block, text, from, i))
				return false;
			from = i + 1;
			continue;
		}
		if (!n)
			continue;
		/* A run of marks ("?!", "...") ends at its last. */
		while (i + n < len &&
		       (text[i + n] == '.' || text[i + n] == '!' || text[i + n] == '?'))
			n++;
		size_t end = sentence_end(text, len, i, n);
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
