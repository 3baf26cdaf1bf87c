/* Shared test fixtures: a fake text measure (every character is half the
 * font size wide, a line five quarters of it) and a library parsed from
 * inline Markdown. */
#ifndef KIOSK_TEST_FIXTURE_H
#define KIOSK_TEST_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/screen/layout.h"
#include "core/document/markdown/markdown.h"
#include "core/document/model/utf8.h"

typedef struct {
	Metrics m;
	int image_w, image_h;
} FakeMeasure;

static int fake_width(void *ctx, const TextStyle *st, const char *s, size_t len)
{
	FontId f = st->font;
	FakeMeasure *fm = ctx;
	int n = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		i += utf8_next(s + i, len - i, &cp);
		n++;
	}
	return n * fm->m.font_px[f] / 2;
}

static int fake_line(void *ctx, FontId f)
{
	FakeMeasure *fm = ctx;
	return fm->m.font_px[f] * 5 / 4;
}

static int fake_image(void *ctx, const char *src, int *w, int *h)
{
	FakeMeasure *fm = ctx;
	if (strstr(src, "missing"))
		return -1;
	*w = fm->image_w;
	*h = fm->image_h;
	return 0;
}

/* Layout measures at the sizes it lays out with (a visitor's text size). */
static void fake_use(void *ctx, const Metrics *m)
{
	FakeMeasure *fm = ctx;
	if (&fm->m != m)
		fm->m = *m;
}

static inline LayoutMeasure fake_measure(FakeMeasure *fm, int w, int h)
{
	fm->m = theme_metrics(w, h, 1.0);
	fm->image_w = 1200;
	fm->image_h = 800;
	return (LayoutMeasure){.text_width = fake_width,
	                       .line_height = fake_line,
	                       .image_size = fake_image,
	                       .use_metrics = fake_use,
	                       .ctx = fm};
}

/* Parses Markdown from a file of that name ("flu.ar.md" is in Arabic)
 * into a one-article library held in arena. */
static inline DocLibrary fixture_library_named(Arena *arena, const char *md, const char *name)
{
	DocArticle *a = arena_alloc(arena, sizeof(*a));
	char err[128];
	if (markdown_parse(md, strlen(md), name, arena, a, err, sizeof(err)) != 0) {
		fprintf(stderr, "fixture: %s\n", err);
		abort();
	}
	return (DocLibrary){a, 1};
}

static inline DocLibrary fixture_library(Arena *arena, const char *md)
{
	return fixture_library_named(arena, md, "article.md");
}

static const char FIXTURE_MD[] =
    "![Lead picture](images/lead.png)\n\n"
    "# Sample Article\n\nAn introduction of a few words.\n\n"
    "## First Topic\n\nSome *text* with **bold** words.\n\n"
    "## Second Topic\n\nA paragraph.\n\n![A picture](images/pic.png)\n\n### Sub\n\n- one\n- two\n\n"
    "## Third Topic\n\n1. first\n2. second\n\n"
    "## Empty Topic\n";

#endif
