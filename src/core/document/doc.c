#include "core/document/doc.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
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

const char *doc_meta_get(const DocArticle *a, const char *key)
{
	for (size_t i = 0; i < a->nmeta; i++)
		if (strcmp(a->meta[i].key, key) == 0)
			return a->meta[i].value;
	return NULL;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

char *doc_title_from_name(Arena *arena, const char *name)
{
	const char *base = strrchr(name, '/');
	base = base ? base + 1 : name;
	size_t n = strlen(base);
	/* The ending: a short run of letters and digits after the last dot
	 * ("article.md", "Flu.DOCX"), never a leading dot. */
	const char *dot = strrchr(base, '.');
	if (dot && dot > base) {
		size_t elen = n - (size_t)(dot + 1 - base);
		bool plain = elen >= 1 && elen <= 8;
		for (size_t i = 0; plain && i < elen; i++)
			plain = isalnum((unsigned char)dot[1 + i]) != 0;
		if (plain)
			n = (size_t)(dot - base);
	}
	/* And the language it carries ("flu" of "flu.es.md"). */
	char lang[40];
	size_t ln = lang_from_name(base, lang, sizeof(lang));
	if (ln && n > ln + 1 && base[n - ln - 1] == '.')
		n -= ln + 1;
	char *out = arena_alloc(arena, n + 1);
	if (!out)
		return NULL;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		char c = base[i];
		bool sep = c == '_' || c == ' ' || c == '\t' ||
		           (c == '-' && !(i > 0 && is_digit(base[i - 1]) && i + 1 < n &&
		                          is_digit(base[i + 1])));
		if (sep) {
			if (k > 0 && out[k - 1] != ' ')
				out[k++] = ' ';
			continue;
		}
		out[k++] = c;
	}
	while (k > 0 && out[k - 1] == ' ')
		k--;
	/* A name that is all separators keeps what it is. */
	if (k == 0) {
		memcpy(out, base, n);
		k = n;
	}
	out[k] = '\0';
	if (out[0] >= 'a' && out[0] <= 'z')
		out[0] = (char)(out[0] - 'a' + 'A');
	return out;
}

static void roman(int v, bool upper, char *buf, size_t size)
{
	static const int val[] = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
	static const char *const sym[] = {"m",  "cm", "d",  "cd", "c",  "xc", "l",
	                                  "xl", "x",  "ix", "v",  "iv", "i"};
	size_t k = 0;
	for (size_t i = 0; i < sizeof(val) / sizeof(val[0]) && k + 3 < size; i++) {
		while (v >= val[i] && k + 3 < size) {
			for (const char *p = sym[i]; *p; p++)
				buf[k++] = upper ? (char)(*p - 'a' + 'A') : *p;
			v -= val[i];
		}
	}
	buf[k++] = '.';
	buf[k] = '\0';
}

void doc_list_marker(const DocBlock *b, char *buf, size_t size)
{
	if (!size)
		return;
	int n = b->list_number;
	if (n <= 0) {
		snprintf(buf, size, "%s", b->list_depth > 1 ? "\u2013" : "\u2022");
		return;
	}
	switch (b->list_style) {
	case DOC_LIST_LOWER_ALPHA:
	case DOC_LIST_UPPER_ALPHA: {
		/* a..z, then aa, ab, ... as spreadsheets count. */
		char tmp[16];
		size_t k = sizeof(tmp);
		tmp[--k] = '\0';
		char base = b->list_style == DOC_LIST_UPPER_ALPHA ? 'A' : 'a';
		for (int v = n; v > 0 && k > 0; v = (v - 1) / 26)
			tmp[--k] = (char)(base + (v - 1) % 26);
		snprintf(buf, size, "%s.", tmp + k);
		break;
	}
	case DOC_LIST_LOWER_ROMAN:
	case DOC_LIST_UPPER_ROMAN:
		/* Past 3999 there are no roman numerals. */
		if (n < 4000)
			roman(n, b->list_style == DOC_LIST_UPPER_ROMAN, buf, size);
		else
			snprintf(buf, size, "%d.", n);
		break;
	default:
		snprintf(buf, size, "%d.", n);
		break;
	}
}
