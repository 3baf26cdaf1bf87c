/* measure: how large things are, asked of the platform. Layout and line
 * breaking measure text and pictures only through these callbacks, so the
 * core needs no fonts, no shaper, no bidi tables, no picture decoder and no
 * SDL; tests pass a fake. The platform also hands over the kiosk's own
 * words, translated (words.h).
 *
 * Text is always handed over in logical (reading) order. The platform
 * shapes it (HarfBuzz: joining, conjuncts, marks, ligatures, kerning) in
 * the direction asked and tells the paragraph's bidi levels (FriBidi); the
 * core breaks lines and puts the runs in visual order. Pure C.
 */
#ifndef KIOSK_MEASURE_H
#define KIOSK_MEASURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/screen/look/theme.h"
#include "core/screen/look/words.h"

/* How a run of text is shaped: its font role, its direction and its
 * language (which picks fallback fonts and localised glyph forms). */
typedef struct {
	FontId font;
	bool rtl;         /* shaped right to left (an odd bidi level) */
	const char *lang; /* BCP 47 tag ("ar", "zh-Hans"), "" when unknown */
} TextStyle;

/* A paragraph's direction as the bidi algorithm is asked for it: its own
 * first strong letter's, else the one given (AUTO_*), or fixed whatever its
 * letters (the kiosk's own words on a right-to-left screen). */
typedef enum { TEXT_DIR_AUTO_LTR, TEXT_DIR_AUTO_RTL, TEXT_DIR_LTR, TEXT_DIR_RTL } TextDir;

typedef struct {
	/* Width in pixels of len bytes of UTF-8, shaped in style st. */
	int (*text_width)(void *ctx, const TextStyle *st, const char *s, size_t len);
	/* Distance between baselines of consecutive lines in font f. */
	int (*line_height)(void *ctx, FontId f);
	/* Natural size of an image; non-zero if it cannot be shown. */
	int (*image_size)(void *ctx, const char *src, int *w, int *h);
	/* From now on, measure text at m's font sizes (a visitor chose another
	 * text size); called by layout_build before it measures anything.
	 * NULL when the sizes never change. */
	void (*use_metrics)(void *ctx, const Metrics *m);
	/* The Unicode bidi algorithm on one paragraph of len bytes in
	 * direction dir: its embedding level for every byte into levels.
	 * Returns the paragraph's level (0: left to right, 1: right to left),
	 * or -1 when memory ran out. NULL: everything is left to right. */
	int (*bidi_levels)(void *ctx, const char *s, size_t len, TextDir dir, uint8_t *levels);
	/* How many bytes of s (at least one whole cluster: a letter with its
	 * marks, a conjunct) fit in width pixels, cut only between clusters.
	 * NULL: cut between code points. */
	size_t (*text_fit)(void *ctx, const TextStyle *st, const char *s, size_t len, int width);
	/* Where a word of len bytes may be hyphenated in language lang: sets
	 * can[i] for a hyphen allowed after byte i (can holds len bytes) and
	 * returns how many places there are, 0 when the language has no
	 * dictionary. NULL: words are never hyphenated. */
	int (*hyphenate)(void *ctx, const char *lang, const char *s, size_t len, uint8_t *can);
	/* The kiosk's own words in the languages the platform has
	 * catalogues for; NULL: English. */
	const Lexicon *lexicon;
	void *ctx;
} LayoutMeasure;

#endif
