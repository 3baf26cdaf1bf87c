/* Fuzz target: Markdown -> document, the parser every article from a stick
 * goes through (after the UTF-8 check, as in the kiosk). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/document/arena.h"
#include "core/document/glyphs.h"
#include "core/document/markdown.h"
#include "core/document/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A font of ASCII and Latin-1 only, so that most of what the fuzzer
 * writes is missing. */
static GlyphSet font;

static void on_warning(void *user, int line, const char *msg)
{
	*(size_t *)user += strlen(msg) + (size_t)(line > 0);
}

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
		/* Walk everything the layout and the check would read. */
		size_t n = strlen(art.title);
		for (size_t t = 0; t <= art.ntopics; t++) {
			const DocBlock *b = t ? art.topics[t - 1].blocks : art.intro;
			size_t nb = t ? art.topics[t - 1].nblocks : art.nintro;
			for (size_t i = 0; i < nb; i++) {
				for (size_t s = 0; s < b[i].nspans; s++)
					n += b[i].spans[s].len;
				if (b[i].type == DOC_IMAGE)
					n += strlen(b[i].src) + strlen(b[i].alt);
				if (b[i].type != DOC_TABLE)
					continue;
				const DocTable *tb = b[i].table;
				n += strlen(tb->caption);
				for (size_t c = 0; c < tb->nrows * tb->ncols; c++)
					for (size_t s = 0; s < tb->cells[c].nspans; s++)
						n += tb->cells[c].spans[s].len;
			}
		}
		for (size_t i = 0; i < art.nmeta; i++)
			n += strlen(art.meta[i].key) + strlen(art.meta[i].value);
		for (size_t i = 0; i < art.nwarnings; i++)
			n += strlen(art.warnings[i].msg);
		/* And what the check says of characters no font has. */
		if (!glyphs_has(&font, 'a'))
			for (uint32_t cp = 0x20; cp < 0x100; cp++)
				glyphs_add(&font, cp);
		glyphs_check(&art, &font, text, size, on_warning, &n);
		(void)n;
	}
	arena_free(a);
	return 0;
}
