/* Fuzz target: the Word document reader, whole, from the bytes of a file
 * as they come off a stick (zip container, relationships, every XML part,
 * the mapping), and the picture parts it names read back out. An input
 * that starts with '<' is taken as the XML of every part at once, so the
 * fuzzer reaches the mapping without having to forge zip checksums. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/document/model/arena.h"
#include "core/document/ooxml/opc.h"
#include "core/document/word/docx.h"
#include "core/package/glyphs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A font of ASCII and Latin-1 only, so that most of what the fuzzer
 * writes is missing. */
static GlyphSet font;

static void on_warning(void *user, int line, const PkgWhy *why)
{
	char said[PKG_WORDS_MAX];
	*(size_t *)user += pkg_why_nested(why, said, sizeof(said)) + (size_t)(line > 0);
}

/* Every byte of the spans is read, so that a span pointing where it
 * should not is caught by the sanitizer. */
static size_t spans(const DocSpan *sp, size_t n)
{
	size_t total = 0;
	for (size_t s = 0; s < n; s++)
		for (size_t k = 0; k < sp[s].len; k++)
			total += (unsigned char)sp[s].text[k];
	return total;
}

static size_t walk(const DocBlock *b, size_t n)
{
	size_t total = 0;
	for (size_t i = 0; i < n; i++) {
		total += spans(b[i].spans, b[i].nspans);
		if (b[i].type == DOC_IMAGE)
			total += docx_picture_split(b[i].src) + strlen(b[i].alt ? b[i].alt : "");
		if (b[i].type == DOC_TABLE && b[i].table) {
			const DocTable *t = b[i].table;
			total += strlen(t->caption) + t->nhead;
			for (size_t c = 0; c < t->nrows * t->ncols; c++)
				total += spans(t->cells[c].spans, t->cells[c].nspans);
		}
	}
	return total;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Arena *a = arena_new(16 * 1024);
	if (!a)
		return 0;
	DocArticle art;
	char err[300];
	int rc;
	if (size > 0 && data[0] == '<') {
		const char *x = (const char *)data;
		DocxParts parts = {x, size, x, size, x, size, x, size, x, size, x, size, x, size, NULL};
		rc = docx_map(&parts, "fuzz.docx", a, &art, err, sizeof(err));
	} else {
		rc = docx_read(data, size, "fuzz.docx", a, &art, err, sizeof(err));
	}
	if (rc == 0) {
		/* Everything the layout and the checker would read. */
		size_t n = walk(art.intro, art.nintro);
		for (size_t t = 0; t < art.ntopics; t++)
			n += walk(art.topics[t].blocks, art.topics[t].nblocks) +
			     strlen(art.topics[t].title);
		for (size_t w = 0; w < art.nwarnings; w++)
			n += strlen(art.warnings[w].msg);
		n += strlen(art.title);
		/* And what the check says of characters no font has. */
		if (!glyphs_has(&font, 'a'))
			for (uint32_t cp = 0x20; cp < 0x100; cp++)
				glyphs_add(&font, cp);
		glyphs_check(&art, &font, NULL, 0, on_warning, &n);
		(void)n;
		OpcPackage p;
		const DocBlock *img = doc_lead_image(&art);
		size_t split = img ? docx_picture_split(img->src) : 0;
		if (split && opc_open_buffer(&p, data, size, err, sizeof(err)) == 0) {
			char *pic;
			size_t len;
			if (docx_picture_read(&p, img->src + split + 1, &pic, &len, err,
			                      sizeof(err)) == 0)
				free(pic);
			opc_close(&p);
		}
	}
	arena_free(a);
	return 0;
}
