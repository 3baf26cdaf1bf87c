#include "core/preview/tour.h"

#include <stdio.h>

/* How many articles the list of articles shows (one in several languages
 * counts once). */
static size_t primaries(const DocLibrary *lib)
{
	size_t n = 0;
	for (size_t a = 0; a < lib->narticles; a++)
		n += doc_primary(lib, (int)a) == (int)a;
	return n;
}

typedef struct {
	TourStop *out;
	size_t max, n;
} Plan;

static void add(Plan *p, TourStop s)
{
	if (p->n < p->max)
		p->out[p->n] = s;
	p->n++;
}

static void pictures_of(Plan *p, int a, int topic, const DocBlock *b, size_t nb, int *number)
{
	for (size_t i = 0; i < nb; i++)
		if (b[i].type == DOC_IMAGE)
			add(p, (TourStop){TOUR_PICTURE, a, topic, &b[i], ++*number});
}

/* One article in one language: its Home (unless the kiosk starts there),
 * its topics, its pictures. */
static void article(Plan *p, const DocLibrary *lib, int a, bool on_home)
{
	const DocArticle *art = &lib->articles[a];
	if (!on_home)
		add(p, (TourStop){TOUR_ARTICLE, a, -1, NULL, 0});
	for (size_t t = 0; t < art->ntopics; t++)
		add(p, (TourStop){TOUR_TOPIC, a, (int)t, NULL, 0});
	int number = 0;
	pictures_of(p, a, -1, art->intro, art->nintro, &number);
	for (size_t t = 0; t < art->ntopics; t++)
		pictures_of(p, a, (int)t, art->topics[t].blocks, art->topics[t].nblocks, &number);
}

size_t tour_plan(const DocLibrary *lib, TourStop *out, size_t max)
{
	Plan p = {out, max, 0};
	add(&p, (TourStop){TOUR_HOME, -1, -1, NULL, 0});
	if (!lib)
		return p.n;
	bool one = primaries(lib) == 1;
	for (size_t a = 0; a < lib->narticles; a++) {
		if (doc_primary(lib, (int)a) != (int)a)
			continue;
		/* The one that stands for the article first, then its other
		 * languages in file-name order. */
		article(&p, lib, (int)a, one);
		for (size_t v = 0; v < lib->narticles; v++)
			if (v != a && doc_primary(lib, (int)v) == (int)a)
				article(&p, lib, (int)v, false);
	}
	return p.n;
}

size_t tour_route(const DocLibrary *lib, const TourStop *s, NavEvent *ev)
{
	size_t n = 0;
	if (s->kind == TOUR_HOME || !lib)
		return 0;
	int primary = doc_primary(lib, s->article);
	if (primaries(lib) > 1)
		ev[n++] = (NavEvent){.type = NAV_EV_OPEN_ARTICLE, .index = primary};
	if (s->article != primary)
		ev[n++] = (NavEvent){.type = NAV_EV_LANGUAGE, .index = s->article};
	if (s->kind == TOUR_TOPIC || (s->kind == TOUR_PICTURE && s->topic >= 0))
		ev[n++] = (NavEvent){.type = NAV_EV_OPEN_TOPIC, .index = s->topic};
	if (s->kind == TOUR_PICTURE)
		ev[n++] = (NavEvent){.type = NAV_EV_OPEN_IMAGE, .image = s->image};
	return n;
}

bool tour_arrived(const View *v, const TourStop *s)
{
	switch (s->kind) {
	case TOUR_HOME:
		return v->screen == SCREEN_HOME;
	case TOUR_ARTICLE:
		return v->screen == SCREEN_HOME && v->article == s->article;
	case TOUR_TOPIC:
		return v->screen == SCREEN_TOPIC && v->article == s->article &&
		       v->topic == s->topic;
	case TOUR_PICTURE:
		return v->screen == SCREEN_IMAGE && v->image == s->image;
	}
	return false;
}

void tour_name(const TourStop *s, char *buf, size_t size)
{
	switch (s->kind) {
	case TOUR_HOME:
		snprintf(buf, size, "home");
		break;
	case TOUR_ARTICLE:
		snprintf(buf, size, "a%d", s->article);
		break;
	case TOUR_TOPIC:
		snprintf(buf, size, "a%d-t%d", s->article, s->topic);
		break;
	case TOUR_PICTURE:
		snprintf(buf, size, "a%d-p%d", s->article, s->number);
		break;
	}
}
