/* mdinline: the inline markup of pandoc's Markdown that md4c passes on as
 * plain text, taken out of a block's text once the block is complete:
 *
 * - attribute blocks "{#id .class key=value}" after a picture, a link or
 *   code ("![](a.png){width="5.8in"}"), and at the end of a heading;
 * - bracketed spans "[text]{.underline}" and empty anchors
 *   "[]{#_Toc152834601 .anchor}";
 * - footnote references "[^1]", which become the note's number;
 * - "~~struck~~", "H~2~O" and "x^2^".
 *
 * The text is kept byte by byte with a style per byte, so markup is
 * taken out wherever md4c split the text. Bytes marked MDI_LITERAL (code,
 * entities, escaped characters) are never markup. Pure C, no SDL.
 */
#ifndef KIOSK_MDINLINE_H
#define KIOSK_MDINLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/package/pkg.h"

/* Style bits beside the DOC_* ones (which fit in the low byte). */
enum {
	MDI_STYLES = 0xFFu,   /* the DOC_* bits */
	MDI_LITERAL = 0x100u, /* never markup */
	MDI_GONE = 0x200u,    /* taken out (inside mdi_finish only) */
};

typedef struct {
	char *text; /* NUL-terminated */
	uint16_t *style;
	size_t len, cap;
	size_t *spots; /* offsets where an attribute block may follow */
	size_t nspots, capspots;
	bool oom;
} MdiText;

void mdi_clear(MdiText *t);
void mdi_free(MdiText *t);
/* Appends n bytes in one style. False when out of memory (t->oom). */
bool mdi_add(MdiText *t, const char *s, size_t n, unsigned style);
/* Notes that a picture, link or code span ended here. */
void mdi_spot(MdiText *t);
/* Drops line breaks at the end (a code block's last one). */
void mdi_trim_newlines(MdiText *t);

/* A footnote's number for its label (len bytes), 0 when no note has it. */
typedef int (*MdiNoteFn)(void *user, const char *label, size_t len);
/* A warning about this text, in plain words (a template and its
 * arguments, so that it can be said in the reader's language). */
typedef void (*MdiWarnFn)(void *user, const PkgWhy *why);

/* Takes the markup out of t, applying its styles. heading: the text is a
 * heading's (a trailing attribute block goes too, and note references
 * leave no number behind). note may be NULL: references then stay as
 * written. Markup that is still there afterwards ("{#x" that closes
 * nowhere, "[^9]" with no note) is reported through warn. */
void mdi_finish(MdiText *t, bool heading, MdiNoteFn note, MdiWarnFn warn, void *user);

/* The length of a pandoc attribute block at s ("{#id .c k=v}", "{=html}",
 * "{-}"), or 0 when s does not start one. Classes that style text set
 * their DOC_* bit in *style (".underline"); *raw is set for "{=format}"
 * (raw may be NULL). */
size_t mdi_attributes(const char *s, size_t n, unsigned *style, bool *raw);

#endif
