/* doc: the document model the kiosk shows, built from Markdown by markdown.c.
 *
 * A DocLibrary holds the articles of one content generation. Everything it
 * points to (strings, arrays) lives in the Arena it was parsed into and is
 * freed with that arena; no field is freed singly. Strings are NUL-terminated
 * UTF-8. Pure C, no SDL, no file access.
 */
#ifndef KIOSK_DOC_H
#define KIOSK_DOC_H

#include <stdbool.h>
#include <stddef.h>

enum { DOC_BOLD = 1u, DOC_ITALIC = 2u, DOC_CODE = 4u };

/* A run of inline text in one style. */
typedef struct {
	const char *text;
	size_t len;
	unsigned style; /* DOC_BOLD | DOC_ITALIC | DOC_CODE */
} DocSpan;

typedef enum {
	DOC_PARA,       /* a paragraph of spans */
	DOC_SUBHEADING, /* '###' (or deeper) inside a topic */
	DOC_LIST_ITEM,  /* one item of a bulleted or numbered list */
	DOC_QUOTE,      /* a paragraph inside a block quote */
	DOC_IMAGE,      /* an image standing on its own, with its caption */
} DocBlockType;

typedef struct {
	DocBlockType type;
	const DocSpan *spans; /* text blocks; NULL for DOC_IMAGE */
	size_t nspans;
	int list_depth;  /* DOC_LIST_ITEM: 1 for a top-level item */
	int list_number; /* DOC_LIST_ITEM: 0 for a bullet, else its ordinal */
	const char *src; /* DOC_IMAGE: the path as written in the article */
	const char *alt; /* DOC_IMAGE: alt text, used as the caption; "" if none */
} DocBlock;

typedef struct {
	const char *title; /* the '##' heading's text */
	const DocBlock *blocks;
	size_t nblocks;
} DocTopic;

typedef struct {
	const char *title;     /* the '#' heading, or the file name without .md */
	const char *source;    /* the file the article came from, e.g. "article.md" */
	const DocBlock *intro; /* blocks before the first '##' */
	size_t nintro;
	const DocTopic *topics;
	size_t ntopics;
	const char *lang; /* BCP 47 tag of its language ("es"), "" when not said */
} DocArticle;

typedef struct {
	const DocArticle *articles;
	size_t narticles;
} DocLibrary;

/* The article's lead image: the first DOC_IMAGE of its intro, or NULL. */
const DocBlock *doc_lead_image(const DocArticle *a);
/* The first DOC_IMAGE of a topic, or NULL. */
const DocBlock *doc_topic_image(const DocTopic *t);
/* Number of topics over all articles. */
size_t doc_count_topics(const DocLibrary *lib);
/* Number of DOC_IMAGE blocks over all articles (intro and topics). */
size_t doc_count_images(const DocLibrary *lib);
/* The n-th DOC_IMAGE over all articles in reading order, or NULL. */
const DocBlock *doc_image_at(const DocLibrary *lib, size_t n);
/* Number of DOC_IMAGE blocks of one article, and the n-th of them in
 * reading order (NULL past the last). */
size_t doc_article_images(const DocArticle *a);
const DocBlock *doc_article_image_at(const DocArticle *a, size_t n);

/* One article in several languages is several articles whose files differ
 * only by the language they carry: "flu.md", "flu.es.md", "flu.ar.md". */
bool doc_same_article(const DocArticle *a, const DocArticle *b);
/* The indices of the articles that are article i in its languages (i
 * among them), in library order, into out (at most max); returns how many
 * there are. */
size_t doc_variants(const DocLibrary *lib, int i, int *out, size_t max);
/* The one of article i's languages that stands for it (in the list of
 * articles, in attract mode): the file that carries no language
 * ("flu.md"), else the first; -1 when i is no article. */
int doc_primary(const DocLibrary *lib, int i);

/* Concatenates a text block's spans into buf (truncated, always terminated);
 * returns the full length. */
size_t doc_block_text(const DocBlock *b, char *buf, size_t size);

#endif
