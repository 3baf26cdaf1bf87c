/* Fuzz target: the Word document reader, whole, from the bytes of a file
 * as they come off a stick (zip container, relationships, every XML part,
 * the mapping), and the picture parts it names read back out. An input
 * that starts with '<' is taken as the XML of every part at once, so the
 * fuzzer reaches the mapping without having to forge zip checksums. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/document/arena.h"
#include "core/document/docx.h"
#include "core/document/opc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t walk(const DocBlock *b, size_t n)
{
	size_t total = 0;
	for (size_t i = 0; i < n; i++) {
		for (size_t s = 0; s < b[i].nspans; s++)
			total += b[i].spans[s].len;
		if (b[i].type == DOC_IMAGE)
			total += docx_picture_split(b[i].src);
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
		DocxParts parts = {x, size, x, size, x, size, x, size, x, size, x, size, NULL};
		rc = docx_map(&parts, "fuzz.docx", a, &art, err, sizeof(err));
	} else {
		rc = docx_read(data, size, "fuzz.docx", a, &art, err, sizeof(err));
	}
	if (rc == 0) {
		/* Everything the layout and the checker would read. */
		size_t n = walk(art.intro, art.nintro);
		for (size_t t = 0; t < art.ntopics; t++)
			n += walk(art.topics[t].blocks, art.topics[t].nblocks);
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
