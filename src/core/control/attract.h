/* attract: the sequence of slides attract mode shows, worked out from
 * the library alone. When an article's front matter names its slides
 * ("attract: [topic title or slug, picture path, ...]"), what staff named,
 * in their order, with every topic of the articles that name none;
 * otherwise every topic's opening in order, with the library's pictures
 * full screen spread evenly between them. An article in several languages
 * counts once, as the one that stands for them.
 *
 * Computed on demand rather than stored, so nothing is held: the sequence
 * is short. Slides borrow the library's blocks. Pure C, no SDL.
 */
#ifndef KIOSK_ATTRACT_H
#define KIOSK_ATTRACT_H

#include "core/document/model/doc.h"

typedef enum { SLIDE_TOPIC, SLIDE_IMAGE, SLIDE_HOME } SlideKind;

typedef struct {
	SlideKind kind;
	int article, topic;    /* SLIDE_TOPIC */
	const DocBlock *image; /* SLIDE_IMAGE */
} Slide;

/* Fills *out with slide i of lib's sequence (when 0 <= i < the count; out
 * is not touched otherwise, and may be NULL) and returns the count: at
 * least 1, a library with nothing to show having Home (SLIDE_HOME, its
 * article -1) as its one slide. lib may be NULL. */
int attract_walk(const DocLibrary *lib, int i, Slide *out);

#endif
