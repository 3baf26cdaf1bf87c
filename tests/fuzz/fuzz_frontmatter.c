/* Fuzz target: the front matter reader, which every article from a stick
 * goes through before its Markdown (after the UTF-8 check, as in the
 * kiosk), and the review dates read from its values (core/review). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/document/model/arena.h"
#include "core/document/markdown/frontmatter.h"
#include "core/document/model/utf8.h"
#include "core/review/date.h"
#include "core/review/review.h"

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
		/* Review dates, as Home and the checker read them; a day read
		 * must come back as the text it was read from. */
		for (size_t i = 0; i < fm.nmeta; i++) {
			int day;
			bool month;
			const char *v = fm.meta[i].value;
			if (date_parse(v, strlen(v), &day, &month)) {
				char back[16];
				date_format(day, back, sizeof(back));
				if (strncmp(back, v, month ? 7 : 10) != 0)
					__builtin_trap();
			}
		}
		DocArticle art = {.meta = fm.meta, .nmeta = fm.nmeta};
		Review r = review_of(&art);
		if (r.reviewed_y && (r.reviewed_m < 1 || r.reviewed_m > 12))
			__builtin_trap();
		n += review_expired(&art, 20000);
	}
	(void)n;
	arena_free(a);
	return 0;
}
