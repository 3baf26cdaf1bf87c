/* markdown: an article's Markdown -> DocArticle, through md4c, reading
 * Markdown as people and tools write it: CommonMark, pipe tables, and what
 * pandoc writes when it turns a Word document into Markdown (front matter,
 * attribute blocks, grid and simple tables, footnotes, lettered lists,
 * "~~struck~~", "H~2~O", "x^2^"; see frontmatter.h, mdprep.h, mdinline.h).
 *
 * The article's heading levels give its shape: with one '#' (or none), the
 * '#' is the title, '##' starts a topic and deeper headings are
 * sub-headings; with two or more '#' (Word's Heading 1 as pandoc writes
 * it), each '#' starts a topic and deeper ones are sub-headings. What
 * stands before the first topic is the introduction on Home. Without a
 * '#' title, the front matter's title is the title, else the file name
 * made readable (doc_title_from_name).
 *
 * A picture standing in a paragraph becomes its own DOC_IMAGE block; raw
 * HTML shows its text without tags (mdhtml.h), never interpreted. What
 * would show differently from what the author meant is listed in the
 * article's warnings, with its line. Everything is allocated in the
 * caller's arena. Pure C, no SDL, no files.
 */
#ifndef KIOSK_MARKDOWN_H
#define KIOSK_MARKDOWN_H

#include <stddef.h>

#include "core/document/model/arena.h"
#include "core/document/model/doc.h"

/* Warnings kept per article; one more line says how many were left out. */
#define MARKDOWN_WARNINGS_MAX 50

/* Parses text (len bytes, need not be NUL-terminated). source names the file
 * (its readable form is the title when there is none). Returns 0, or -1
 * with a plain message in err. The text must be valid UTF-8 (utf8_valid)
 * beforehand. On failure *out is untouched; whatever was allocated so far
 * stays in the arena and goes when the arena is freed. */
int markdown_parse(const char *text, size_t len, const char *source, Arena *arena, DocArticle *out,
                   char *err, size_t errlen);

#endif
