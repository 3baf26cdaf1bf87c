/* Fuzz target: Markdown -> document, the parser every article from a stick
 * goes through (after the UTF-8 check, as in the kiosk). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/document/markdown/markdown.h"
#include "core/document/model/arena.h"
#include "core/document/model/utf8.h"
#include "core/package/glyphs.h"
#include "core/preview/index.h"
#include "core/preview/tour.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A font of ASCII and Latin-1 only, so that most of what the fuzzer
 * writes is missing. */
static GlyphSet font;

static void on_warning(void *user, int line, const PkgWhy *why)
{
	char said[PKG_WORDS_MAX];
	*(size_t *)user += pkg_why_nested(why, said, sizeof(said)) + (size_t)(line > 0);
}

/* The preview's page of the article: whatever the article holds, no tag
 * of it is the page's ("<script" can only be text, "&lt;script"). */
static void page_of(const DocArticle *art)
{
	DocLibrary lib = {art, 1};
	size_t n = tour_plan(&lib, NULL, 0);
	TourStop *stops = malloc(n * sizeof(*stops));
	IndexShot *shots = calloc(n, sizeof(*shots));
	if (stops && shots) {
		tour_plan(&lib, stops, n);
		for (size_t i = 0; i < n; i++)
			shots[i] = (IndexShot){stops[i], {1, 2}, {1, 3}};
		PkgReport r;
		pkg_report_init(&r);
		for (size_t i = 0; i < art->nwarnings; i++)
			pkg_report_add(&r, true, art->source, "%s", art->warnings[i].msg);
		IndexPage p = {.source = art->title, .summary = art->title, .report = &r,
		               .lib = &lib, .shots = shots, .nshots = n, .w = 1920, .h = 1080};
		char *html = index_html(&p);
		for (const char *c = html; c && *c; c++)
			if (strncasecmp(c, "<script", 7) == 0)
				abort();
		free(html);
		pkg_report_free(&r);
	}
	free(stops);
	free(shots);
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
		page_of(&art);
		(void)n;
	}
	arena_free(a);
	return 0;
}
