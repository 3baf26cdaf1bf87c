/* Fuzz target: the front matter reader, which every article from a stick
 * goes through before its Markdown (after the UTF-8 check, as in the
 * kiosk). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/document/model/arena.h"
#include "core/document/markdown/frontmatter.h"
#include "core/document/model/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void on_warning(void *user, int line, const char *msg)
{
	size_t *n = user;
	*n += (size_t)line + strlen(msg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	if (!utf8_valid(text, size, NULL))
		return 0;
	Arena *a = arena_new(16 * 1024);
	if (!a)
		return 0;
	FrontMatter fm;
	size_t n = 0;
	if (frontmatter_parse(text, size, a, &fm, on_warning, &n) == 0) {
		/* Everything a reader of the model would touch. */
		for (size_t i = 0; i < fm.nmeta; i++) {
			n += strlen(fm.meta[i].key) + strlen(fm.meta[i].value);
			for (size_t k = 0; k < fm.meta[i].nitems; k++)
				n += strlen(fm.meta[i].items[k]);
		}
		if (fm.end > size)
			__builtin_trap();
	}
	(void)n;
	arena_free(a);
	return 0;
}
