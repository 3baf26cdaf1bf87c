/* build: how a screen's display list is made. The builder's state and its
 * building blocks (build.c: text boxes broken into lines by wrap.h, shapes,
 * pictures, buttons, tiles; article.c: an article's blocks; bar.c: the bar
 * at the foot; table.c: tables) and the screens made from them
 * (screens.c), which layout_build picks from.
 *
 * Internal to core/screen: everything outside asks layout.h. A builder
 * writes into its Layout, whose arena holds the strings it makes; running
 * out of memory sets oom and the build is thrown away whole. Pure C.
 */
#ifndef KIOSK_BUILD_H
#define KIOSK_BUILD_H

#include <stdbool.h>

#include "core/text/sentences.h"
#include "core/screen/layout.h"
#include "core/screen/look/words.h"

typedef struct {
	Layout *l;
	const Metrics *m;
	const Theme *t;
	const LayoutMeasure *ms;
	const DocLibrary *lib;
	bool oom;
	const Sentence *reading; /* the sentence to underline (read aloud), or NULL */
	const char *lang;        /* the language of the screen's text, "" unknown */
	bool rtl;                /* the screen reads right to left */
	const Words *words;      /* the kiosk's own words on this screen (NULL: English) */
} Builder;

/* ALIGN_START: at the paragraph's start, the left of a left-to-right
 * paragraph and the right of a right-to-left one. */
typedef enum { ALIGN_START, ALIGN_CENTER } Align;

/* A box that text is laid out in: its top-left corner, width, colour,
 * alignment, the most lines it may take (0: any; the last allowed line
 * ends in an ellipsis when text remains), and whether it reads in the
 * screen's direction whatever its letters (the kiosk's own words: on a
 * right-to-left screen "Next" stands where its Arabic would) rather than
 * in its own first letter's. */
typedef struct {
	DrawLayer layer;
	int x, y, width;
	Color color;
	Align align;
	int max_lines;
	bool fixed;
} TextBox;

/* ---- building blocks (build.c) ------------------------------------------ */

/* Records an anchor (layout.h) for something a visitor reads at y. */
void build_anchor(Builder *bd, int y, int h);
/* Width of len bytes in font f (0 for none). */
int build_measure(const LayoutMeasure *ms, FontId f, const char *s, size_t len);
/* Styled or plain text in a box; each returns the height it took. */
int build_spans(Builder *bd, const TextBox *box, const DocSpan *spans, size_t n, FontId base);
int build_text(Builder *bd, const TextBox *box, const char *s, FontId f);
/* One line of text, shortened with an ellipsis when it does not fit. */
int build_line(Builder *bd, DrawLayer layer, int x, int y, int width, const char *s, FontId f,
               Color c, Align align);
/* The same for the kiosk's own words, in the screen's direction. */
int build_label(Builder *bd, DrawLayer layer, int x, int y, int width, const char *s, FontId f,
                Color c, Align align);
/* x of a box w wide at x on a left-to-right screen, on this screen: the
 * same, or mirrored on a right-to-left one. */
int build_x(const Builder *bd, int x, int w);
DrawCmd *build_rect(Builder *bd, DrawLayer layer, Rect r, Color fill, Color border, int radius);
/* Lays out styled text as one paragraph in box; returns its height (0 for
 * no text) and, in *rtl when given, whether the paragraph runs right to
 * left (its own first strong letter decides; the screen's direction when
 * it has none). */
int build_paragraph(Builder *bd, const TextBox *box, const DocSpan *spans, size_t n, FontId base,
                    bool *rtl);
/* One run of text (len bytes of s, in style st) as a draw command in the
 * box (x, y, w, h); false when out of memory. */
bool build_run(Builder *bd, DrawLayer layer, const TextStyle *st, const char *s, size_t len, int x,
               int y, int w, int h, Color c);
/* A touch target with its label and id (copied); NULL, with oom set,
 * when out of memory. */
Target *build_target(Builder *bd, TargetKind kind, int index, DrawLayer layer, Rect r,
                     const char *label, const char *id);
/* A picture fitted into box (never enlarged more than twice), centred
 * across and, with center_v, down; returns where it went (w == 0 when it
 * cannot be shown). */
Rect build_image(Builder *bd, DrawLayer layer, const DocBlock *img, Rect box, bool center_v);
/* A picture covering box whole (scaled to cover it, cropped to it,
 * centred); returns false when it cannot be shown. */
bool build_cover(Builder *bd, DrawLayer layer, const DocBlock *img, Rect box);
/* A filled button bound to a target, with a small caption line above its
 * label when small is given. */
void build_button(Builder *bd, DrawLayer layer, Rect r, TargetKind kind, int index, const char *id,
                  const char *small, const char *label, Align align);
/* A tile on Home (a card with a label, an optional second line and a
 * chevron); returns its height. */
int build_tile(Builder *bd, int x, int y, int w, TargetKind kind, int index, const char *id,
               const char *label, const char *sub);
/* The languages of an article as buttons named in their own languages,
 * in rows across a column w wide from (x, y) (from its right on a
 * right-to-left screen); the one showing (current) filled. v holds the
 * articles that are the article in its n languages. Returns the height. */
int build_languages(Builder *bd, int x, int y, int w, const int *v, size_t n, int current);
/* A run of an article's blocks in a column from y; returns the y below
 * them. With topic_targets its pictures open full screen. */
int build_blocks(Builder *bd, const DocBlock *bl, size_t n, int x, int y, int width, int view_h,
                 bool topic_targets);
/* A word of the kiosk's, in the screen's language. */
const char *build_word(const Builder *bd, WordId id);
/* A word's template filled with args (words_fill), in the layout's arena;
 * "" when memory ran out (and oom set). */
const char *build_fill(Builder *bd, WordId id, const char *const *args, size_t nargs);
/* A table (table.c): a grid, or a card a row where columns would be too
 * narrow to read; wide ones may take the screen's width. Recorded in
 * Layout.tables; returns the y below it. */
int build_table(Builder *bd, const DocTable *t, int x, int y, int width);
/* The bar at the foot of Home, a topic and a picture: the visitor's own
 * controls (high contrast, text size) at its end (the right, the left of
 * a right-to-left screen), and room for the screen's navigation, which
 * needs nav_min pixels across; sets the scroll view above it and returns
 * where the navigation goes (one control high) as on a left-to-right
 * screen: its buttons go through build_x. */
Rect build_bar(Builder *bd, const View *v, int nav_min);
/* Underlines what of the sentence bd->reading holds lies in the text runs
 * drawn from index from on (one block's, whose text is b's spans, or the
 * heading's when b is NULL and title its text), and notes its first line
 * in the layout's reading rect. */
void build_underline(Builder *bd, size_t from, const DocBlock *b, const char *title);
/* Left edge of a centred column. */
int build_column_x(const Metrics *m, int width);
/* Article i of the library, or NULL. */
const DocArticle *build_article(const DocLibrary *lib, int i);

/* ---- the screens (screens.c) ---------------------------------------------- */

/* Home: the list of articles, and one article's topics; with v NULL
 * (attract mode's stand-in) no bar at the foot. */
void screens_articles(Builder *bd, const View *v);
void screens_home(Builder *bd, const View *v, int article);
void screens_topic(Builder *bd, const View *v);
void screens_image(Builder *bd, const View *v);
void screens_attract(Builder *bd, const View *v);
void screens_message(Builder *bd, const View *v); /* a notice or the import's progress */
/* Over Home, a topic or a picture: "Still reading?" and its countdown. */
void screens_warning(Builder *bd, const View *v);
/* The staff's screens (staff.c): the PIN pad, the service screen, the
 * touch test and cleaning mode, as v->service says. */
void staff_screen(Builder *bd, const View *v);
/* The clock screen (clockscreen.c). */
void screens_clock(Builder *bd, const View *v);
/* Over attract mode: the hand in hand (the prompt's), at step phase of its
 * tap. */
void screens_hand(Builder *bd, Rect hand, int phase);

#endif
