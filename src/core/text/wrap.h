/* wrap: line breaking and reordering. Styled text (a block's spans) is
 * broken where the Unicode line breaking algorithm (UAX #14, libunibreak)
 * allows: at spaces, between CJK ideographs, after hyphens, never before
 * closing punctuation. Pieces are measured shaped through the injected
 * LayoutMeasure and laid greedily into lines no wider than a width; a word
 * wider than the whole line is cut between clusters. Each finished line's
 * runs are put in visual order by their bidi levels (UAX #9 rule L2; the
 * levels come from the platform) and go to a sink, which layout turns into
 * draw commands.
 *
 * Knows nothing of screens or draw commands; no fonts, no SDL. The lines
 * handed to a sink point into the caller's text and live only for the call.
 */
#ifndef KIOSK_WRAP_H
#define KIOSK_WRAP_H

#include <stdbool.h>
#include <stddef.h>

#include "core/document/doc.h"
#include "core/text/measure.h"

/* What a run's span asks of the line's drawing beside its font: lines
 * through or under it, raised or lowered (in the small face). */
#define WRAP_DECORATION (DOC_STRIKE | DOC_UNDERLINE | DOC_SUB | DOC_SUPER)

/* A piece of text in one font and one direction placed on a line. */
typedef struct {
	const char *s; /* in logical order; drawn right to left when rtl */
	size_t len;
	FontId font;
	unsigned style; /* the span's WRAP_DECORATION bits (body text only) */
	bool rtl;
	int x, w; /* from the line's left edge */
} WrapRun;

typedef struct {
	const WrapRun *runs; /* in visual order, left to right */
	size_t n;
	int width; /* right edge of the rightmost run */
	bool rtl;  /* the paragraph is right to left: its lines start at the right */
} WrapLine;

/* Called for each finished line (index from 0); last is true for the
 * text's final line. Returns false to stop (out of memory). */
typedef bool (*WrapSink)(void *user, const WrapLine *line, int index, bool last);

typedef struct {
	int width;     /* the widest a line may be */
	int max_lines; /* lines past this many are not handed out; 0: no limit */
	WrapSink sink;
	void *user;
	const char *lang; /* the text's language (NULL or "": unknown) */
	TextDir dir;      /* the paragraph's direction (TEXT_DIR_AUTO_LTR: its own) */
} WrapBox;

/* The face a span in style is drawn in, in base's family. */
FontId wrap_font(FontId base, unsigned style);

/* Breaks n spans, in base's family (bold and italic spans of body text take
 * the body's bold and italic faces, sub- and superscripts the small one),
 * as one paragraph. Returns the number of lines handed to the sink, or -1
 * when memory ran out or the sink said stop. */
int wrap_spans(const LayoutMeasure *m, const WrapBox *box, const DocSpan *spans, size_t n,
               FontId base);

/* One plain line of text as start and length in logical order, trailing
 * spaces dropped. */
typedef void (*WrapTextFn)(void *user, const char *s, size_t len, int line);
/* Breaks len bytes of plain text in font f into lines no wider than width,
 * calling emit for each. Returns the number of lines, -1 when out of
 * memory. */
int wrap_text(const LayoutMeasure *m, FontId f, const char *text, size_t len, int width,
              WrapTextFn emit, void *user);

#endif
