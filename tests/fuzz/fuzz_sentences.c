/* Fuzz target: an article from a stick, parsed as the kiosk parses it, then
 * every topic cut into the sentences it is read aloud in; each sentence's
 * range must lie in its block's text and say the same. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/document/model/arena.h"
#include "core/document/markdown/markdown.h"
#include "core/text/sentences.h"
#include "core/document/model/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	if (!utf8_valid(text, size, NULL))
		return 0;
	Arena *a = arena_new(16 * 1024);
	if (!a)
		return 0;
	DocArticle art;
	char err[128];
	if (markdown_parse(text, size, "fuzz.md", a, &art, err, sizeof(err)) == 0) {
		for (size_t t = 0; t < art.ntopics; t++) {
			const DocTopic *tp = &art.topics[t];
			Sentences s;
			if (sentences_split(tp, a, &s) != 0)
				continue;
			for (size_t i = 0; i < s.n; i++) {
				const Sentence *x = &s.v[i];
				if (x->end <= x->start || x->text[x->end - x->start] != '\0')
					abort();
				size_t len = x->end - x->start;
				if (x->block < 0) {
					if (x->end > strlen(tp->title) ||
					    memcmp(tp->title + x->start, x->text, len) != 0)
						abort();
					continue;
				}
				const DocBlock *b = &tp->blocks[x->block];
				char *whole = malloc(x->end + 1);
				if (!whole)
					continue;
				if (doc_block_text(b, whole, x->end + 1) < x->end ||
				    memcmp(whole + x->start, x->text, len) != 0)
					abort();
				free(whole);
			}
		}
	}
	arena_free(a);
	return 0;
}
