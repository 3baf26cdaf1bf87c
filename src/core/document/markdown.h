/* markdown: CommonMark article text -> DocArticle, through md4c.
 *
 * '#' is the article title, '##' starts a topic, '###' and deeper are
 * sub-headings inside a topic; text before the first '##' is the intro shown
 * on Home. An image standing in a paragraph becomes its own DOC_IMAGE block.
 * Raw HTML is never interpreted (MD_FLAG_NOHTML): it shows as text.
 * Everything is allocated in the caller's arena. Pure C, no SDL, no files.
 */
#ifndef KIOSK_MARKDOWN_H
#define KIOSK_MARKDOWN_H

#include <stddef.h>

#include "core/document/arena.h"
#include "core/document/doc.h"

/* Parses text (len bytes, need not be NUL-terminated). source names the file
 * (used as the title when there is no '#'). Returns 0, or -1 with a plain
 * message in err. The text must be valid UTF-8 (utf8_valid) beforehand.
 * On failure *out is untouched; whatever was allocated so far stays in the
 * arena and goes when the arena is freed. */
int markdown_parse(const char *text, size_t len, const char *source, Arena *arena, DocArticle *out,
                   char *err, size_t errlen);

#endif
