/* doc: the document model the kiosk shows, built from Markdown by markdown.c
 * and from Word documents by docx.c.
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

#include "core/document/model/arena.h"

enum {
	DOC_BOLD = 1u,
	DOC_ITALIC = 2u,
	DOC_CODE = 4u,
	DOC_STRIKE = 8u, /* struck through */
	DOC_SUB = 16u,   /* subscript (H2O's 2) */
	DOC_SUPER = 32u, /* superscript, and a note's number in the text */
	DOC_UNDERLINE = 64u,
};

/* A run of inline text in one style. */
/* Marks a fixed phrase (a reader's warning) as a msgid for xgettext
 * (`make pot`); expands to the string. */
#ifndef N_
#define N_(s) s
#endif

typedef struct {
	const char *text;
	size_t len;
	unsigned style; /* DOC_BOLD | DOC_ITALIC | ... */
} DocSpan;

typedef enum {
	DOC_PARA,       /* a paragraph of spans */
	DOC_SUBHEADING, /* a heading below the topic's own, inside a topic */
	DOC_LIST_ITEM,  /* one item of a bulleted or numbered list */
	DOC_QUOTE,      /* a paragraph inside a block quote */
	DOC_IMAGE,      /* an image standing on its own, with its caption */
	DOC_TABLE,      /* a table: rows of cells */
	DOC_NOTE,       /* a numbered note (footnote), at the end of its topic */
} DocBlockType;

/* How an ordered list counts: 1. 2. 3., a. b. c., A. B. C., i. ii. iii. */
typedef enum {
	DOC_LIST_DECIMAL,
	DOC_LIST_LOWER_ALPHA,
	DOC_LIST_UPPER_ALPHA,
	DOC_LIST_LOWER_ROMAN,
	DOC_LIST_UPPER_ROMAN,
} DocListStyle;

/* One cell: styled text, which may hold line breaks ('\n'). */
typedef struct {
	const DocSpan *spans;
	size_t nspans;
} DocCell;

typedef struct {
	const DocCell *cells; /* nrows * ncols, row by row; missing cells are empty */
	size_t nrows, ncols;
	size_t nhead;        /* the first nhead rows are column headings */
	const char *caption; /* "" if none */
} DocTable;

typedef struct {
	DocBlockType type;
	const DocSpan *spans; /* text blocks; NULL for DOC_IMAGE and DOC_TABLE */
	size_t nspans;
	int list_depth;          /* DOC_LIST_ITEM: 1 for a top-level item */
	int list_number;         /* DOC_LIST_ITEM: 0 for a bullet, else its ordinal;
	                          * DOC_NOTE: the note's number */
	DocListStyle list_style; /* DOC_LIST_ITEM with a number */
	const char *src;         /* DOC_IMAGE: the path, relative to the content folder */
	const char *alt;         /* DOC_IMAGE: alt text, used as the caption; "" if none */
	const DocTable *table;   /* DOC_TABLE */
	int line;                /* where the block starts in its file (1-based), 0 unknown */
} DocBlock;

typedef struct {
	const char *title; /* the topic's heading */
	const DocBlock *blocks;
	size_t nblocks;
} DocTopic;

/* One key of an article's front matter ("language: en-GB"). A list
 * ("[a, b]") keeps its items, and its value reads "a, b". */
typedef struct {
	const char *key;
	const char *value;
	const char *const *items; /* NULL unless the value was a list */
	size_t nitems;
	int line; /* 1-based line of its key in the article; 0 when not from a
	           * line (a Word document's properties) */
} DocMeta;

/* Something in the file that the kiosk shows differently from what the
 * author may expect (markup it cannot remove, tags it leaves out, a
 * picture name it had to decode), for `kiosk check` to warn about. */
typedef struct {
	int line;         /* 1-based; 0 for the whole file */
	const char *msg;  /* in English */
	const char *said; /* its words, to say it in the reader's language: its
	                   * template and arguments as core/package's
	                   * pkg_why_nested writes them; NULL when msg is a fixed
	                   * phrase, its own msgid */
} DocWarning;

typedef struct {
	const char *title;     /* the '#' heading, the front matter's title (a Word
	                        * document's Title style or title property), or
	                        * the file name made readable */
	const char *source;    /* the file the article came from, e.g. "article.md" */
	const DocBlock *intro; /* blocks before the first topic */
	size_t nintro;
	const DocTopic *topics;
	size_t ntopics;
	const DocMeta *meta; /* front matter keys, in the order written */
	size_t nmeta;
	const DocWarning *warnings; /* in line order */
	size_t nwarnings;
	const char *lang; /* BCP 47 tag of its language ("es"), "" when not said
	                   * (its front matter's language:, else its file name's) */
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
/* A list item's marker as it shows: "\u2022" (a bullet; "\u2013" when nested),
 * "3.", "c.", "C.", "iii.", "III.". Always terminated. */
void doc_list_marker(const DocBlock *b, char *buf, size_t size);
/* The value of a front matter key (exact, case-sensitive), or NULL. */
const char *doc_meta_get(const DocArticle *a, const char *key);
/* A title made from a file name, for an article that names none:
 * folders and the ending go, '_' and '-' become spaces (a '-' between
 * digits stays: "2024-25"), runs of spaces become one, and the first
 * letter is a capital: "flu-vaccination_2024.md" -> "Flu vaccination 2024".
 * In arena; NULL when out of memory. */
char *doc_title_from_name(Arena *arena, const char *name);

#endif
