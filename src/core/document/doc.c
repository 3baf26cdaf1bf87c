#include "core/document/doc.h"

#include <string.h>

const DocBlock *doc_lead_image(const DocArticle *a)
{
	for (size_t i = 0; i < a->nintro; i++)
		if (a->intro[i].type == DOC_IMAGE)
			return &a->intro[i];
	return NULL;
}

const DocBlock *doc_topic_image(const DocTopic *t)
{
	for (size_t i = 0; i < t->nblocks; i++)
		if (t->blocks[i].type == DOC_IMAGE)
			return &t->blocks[i];
	return NULL;
}

size_t doc_count_topics(const DocLibrary *lib)
{
	size_t n = 0;
	for (size_t i = 0; i < lib->narticles; i++)
		n += lib->articles[i].ntopics;
	return n;
}

static size_t count_images(const DocBlock *b, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += b[i].type == DOC_IMAGE;
	return c;
}

size_t doc_count_images(const DocLibrary *lib)
{
	size_t n = 0;
	for (size_t i = 0; i < lib->narticles; i++) {
		const DocArticle *a = &lib->articles[i];
		n += count_images(a->intro, a->nintro);
		for (size_t t = 0; t < a->ntopics; t++)
			n += count_images(a->topics[t].blocks, a->topics[t].nblocks);
	}
	return n;
}

static const DocBlock *nth_image(const DocBlock *b, size_t n, size_t *k)
{
	for (size_t i = 0; i < n; i++) {
		if (b[i].type != DOC_IMAGE)
			continue;
		if (*k == 0)
			return &b[i];
		(*k)--;
	}
	return NULL;
}

const DocBlock *doc_image_at(const DocLibrary *lib, size_t n)
{
	size_t k = n;
	for (size_t i = 0; i < lib->narticles; i++) {
		const DocArticle *a = &lib->articles[i];
		const DocBlock *b = nth_image(a->intro, a->nintro, &k);
		if (b)
			return b;
		for (size_t t = 0; t < a->ntopics; t++) {
			b = nth_image(a->topics[t].blocks, a->topics[t].nblocks, &k);
			if (b)
				return b;
		}
	}
	return NULL;
}

size_t doc_block_text(const DocBlock *b, char *buf, size_t size)
{
	size_t total = 0;
	if (size)
		buf[0] = '\0';
	for (size_t i = 0; i < b->nspans; i++) {
		const DocSpan *s = &b->spans[i];
		if (size && total < size - 1) {
			size_t room = size - 1 - total;
			size_t n = s->len < room ? s->len : room;
			memcpy(buf + total, s->text, n);
			buf[total + n] = '\0';
		}
		total += s->len;
	}
	return total;
}
