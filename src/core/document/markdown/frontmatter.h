/* frontmatter: the YAML block at the very start of an article, as pandoc
 * and static site tools write it:
 *
 *     ---
 *     title: "Flu Vaccination 2024/25"
 *     language: en-GB
 *     reviewed: 2024-09-01
 *     attract: [who-should-get-it, when]
 *     ---
 *
 * read as the flat subset such blocks use: `key: value`, quoted strings,
 * `[a, b]` lists, `- item` lists under a key, `|` and `>` text, one level
 * of `parent: / child: value` (kept as "parent.child"), `#` comments.
 * Nothing else of YAML is read (no anchors, aliases, tags or documents);
 * a line the subset cannot read is reported through the warning callback
 * and left out, never shown.
 *
 * Everything is allocated in the caller's arena. Pure C, no SDL, no files.
 */
#ifndef KIOSK_FRONTMATTER_H
#define KIOSK_FRONTMATTER_H

#include <stddef.h>

#include "core/document/model/arena.h"
#include "core/document/model/doc.h"

/* Keys kept per article; more are reported and left out. */
#define FRONTMATTER_KEYS_MAX 128
/* Items kept per list. */
#define FRONTMATTER_ITEMS_MAX 256

/* line: 1-based line of the article. */
typedef void (*FrontmatterWarnFn)(void *user, int line, const char *msg);

typedef struct {
	DocMeta *meta;
	size_t nmeta;
	size_t end;    /* bytes of text the block takes (through its closing
	                * line); 0 when the text has no front matter */
	int end_lines; /* lines the block takes */
} FrontMatter;

/* Reads the front matter at the start of text (len bytes of UTF-8). The
 * block opens with a line "---" as the very first line (after a byte order
 * mark), with text on the next line, and closes with a line "---" or
 * "...". Without its closing line there is no front matter (and a warning
 * says so). Returns 0, or -1 when out of memory. */
int frontmatter_parse(const char *text, size_t len, Arena *arena, FrontMatter *out,
                      FrontmatterWarnFn warn, void *user);

#endif
