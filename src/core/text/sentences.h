/* sentences: a topic as the sentences it is read aloud in, each with where
 * it lies in the topic: its block and a byte range of the block's text (its
 * spans end to end, as doc_block_text joins them), so that the sentence
 * being heard can be found on screen and underlined.
 *
 * The heading is the first sentence; then every text block (paragraphs,
 * sub-headings, list items, quotes) in order, cut after '.', '!', '?',
 * '…', Arabic's '؟', Urdu's '۔' or Devanagari's danda (and any closing
 * quote or bracket) where a space and no small letter follow ("e.g. this"
 * stays whole), after Chinese and Japanese '。', '！' and '？' whatever
 * follows, and at hard line breaks. Pictures are
 * not read. Pure C; the sentences and their text live in the caller's
 * arena.
 */
#ifndef KIOSK_SENTENCES_H
#define KIOSK_SENTENCES_H

#include <stddef.h>

#include "core/document/model/arena.h"
#include "core/document/model/doc.h"

typedef struct {
	int block;         /* -1: the topic's heading; else a block of the topic */
	size_t start, end; /* bytes of the block's text (of the heading's title) */
	const char *text;  /* the sentence alone (end - start bytes), NUL-terminated,
	                    * for the voice */
} Sentence;

typedef struct {
	const Sentence *v;
	size_t n;
} Sentences;

/* The sentences of tp. 0, or -1 when out of memory. */
int sentences_split(const DocTopic *tp, Arena *a, Sentences *out);
/* The offset in block b's text of p, a pointer into one of its spans' text;
 * (size_t)-1 when p is in none of them. */
size_t sentences_offset(const DocBlock *b, const char *p);

#endif
