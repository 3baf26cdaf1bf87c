/* Fuzz target: Markdown -> document, the parser every article from a stick
 * goes through (after the UTF-8 check, as in the kiosk). */
#include <stddef.h>
#include <stdint.h>

#include "core/document/arena.h"
#include "core/document/markdown.h"
#include "core/document/utf8.h"

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
		/* Walk everything the layout would read. */
		size_t n = 0;
		for (size_t t = 0; t < art.ntopics; t++)
			for (size_t b = 0; b < art.topics[t].nblocks; b++)
				for (size_t s = 0; s < art.topics[t].blocks[b].nspans; s++)
					n += art.topics[t].blocks[b].spans[s].len;
		(void)n;
	}
	arena_free(a);
	return 0;
}
