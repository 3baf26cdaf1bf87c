#include "core/document/doc.h"

#include <string.h>
#include <strings.h>

#include "core/document/lang.h"

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

size_t doc_article_images(const DocArticle *a)
{
	size_t n = count_images(a->intro, a->nintro);
	for (size_t t = 0; t < a->ntopics; t++)
		n += count_images(a->topics[t].blocks, a->topics[t].nblocks);
	return n;
}

size_t doc_count_images(const DocLibrary *lib)
{
	size_t n = 0;
	for (size_t i = 0; i < lib->narticles; i++)
		n += doc_article_images(&lib->articles[i]);
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

/* The k-th picture of a, counting k down past a's pictures when it has
 * fewer. */
static const DocBlock *article_image(const DocArticle *a, size_t *k)
{
	const DocBlock *b = nth_image(a->intro, a->nintro, k);
	for (size_t t = 0; !b && t < a->ntopics; t++)
		b = nth_image(a->topics[t].blocks, a->topics[t].nblocks, k);
	return b;
}

const DocBlock *doc_article_image_at(const DocArticle *a, size_t n)
{
	return article_image(a, &n);
}

const DocBlock *doc_image_at(const DocLibrary *lib, size_t n)
{
	size_t k = n;
	for (size_t i = 0; i < lib->narticles; i++) {
		const DocBlock *b = article_image(&lib->articles[i], &k);
		if (b)
			return b;
	}
	return NULL;
}

/* The part of an article's file name that names the article: without its
 * folders, its ".md" and the language it carries ("flu" of
 * "kiosk/flu.es.md"). */
static void stem(const DocArticle *a, const char **s, size_t *n)
{
	const char *src = a->source ? a->source : "";
	const char *base = strrchr(src, '/');
	base = base ? base + 1 : src;
	size_t len = strlen(base);
	if (len > 3 && strcasecmp(base + len - 3, ".md") == 0)
		len -= 3;
	char lang[40];
	size_t ln = lang_from_name(base, lang, sizeof(lang));
	if (ln && len > ln + 1)
		len -= ln + 1;
	*s = base;
	*n = len;
}

bool doc_same_article(const DocArticle *a, const DocArticle *b)
{
	const char *sa, *sb;
	size_t na, nb;
	if (a == b)
		return true;
	stem(a, &sa, &na);
	stem(b, &sb, &nb);
	/* Two files of one name are one article only in two languages. */
	const char *la = a->lang ? a->lang : "", *lb = b->lang ? b->lang : "";
	return na == nb && na > 0 && strncasecmp(sa, sb, na) == 0 && strcasecmp(la, lb) != 0;
}

size_t doc_variants(const DocLibrary *lib, int i, int *out, size_t max)
{
	if (!lib || i < 0 || (size_t)i >= lib->narticles)
		return 0;
	size_t n = 0;
	for (size_t k = 0; k < lib->narticles; k++) {
		if ((int)k != i && !doc_same_article(&lib->articles[i], &lib->articles[k]))
			continue;
		if (n < max)
			out[n] = (int)k;
		n++;
	}
	return n;
}

int doc_primary(const DocLibrary *lib, int i)
{
	if (!lib || i < 0 || (size_t)i >= lib->narticles)
		return -1;
	int first = -1;
	for (size_t k = 0; k < lib->narticles; k++) {
		const DocArticle *a = &lib->articles[k];
		if ((int)k != i && !doc_same_article(&lib->articles[i], a))
			continue;
		if (first < 0)
			first = (int)k;
		char lang[40];
		if (!lang_from_name(a->source, lang, sizeof(lang)))
			return (int)k;
	}
	return first;
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
