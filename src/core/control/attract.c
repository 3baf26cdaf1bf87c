/* attract: the two ways a sequence is walked: the one the kiosk picks and
 * the one staff named. Each walk counts every slide and fills in the one
 * asked for as it passes it, so asking for one slide costs a walk. */
#include "core/control/attract.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

/* Whether article a stands for itself in its other languages (in the
 * list of articles and in attract mode). */
static bool is_primary(const DocLibrary *lib, size_t a)
{
	return doc_primary(lib, (int)a) == (int)a;
}

/* The n-th picture of the articles that stand for their languages (an
 * article in three languages shows its pictures once). */
static const DocBlock *slide_image(const DocLibrary *lib, size_t n)
{
	for (size_t a = 0; a < lib->narticles; a++) {
		if (!is_primary(lib, a))
			continue;
		size_t k = doc_article_images(&lib->articles[a]);
		if (n < k)
			return doc_article_image_at(&lib->articles[a], n);
		n -= k;
	}
	return NULL;
}

/* The sequence the kiosk picks: every topic's opening in order, with the
 * pictures spread evenly between them, each article in several languages
 * once. Fills *out with slide i (when 0 <= i < count); returns the count. */
static int slide_walk_auto(const DocLibrary *lib, int i, Slide *out)
{
	size_t ntopics = 0, nimages = 0;
	for (size_t a = 0; lib && a < lib->narticles; a++) {
		if (!is_primary(lib, a))
			continue;
		ntopics += lib->articles[a].ntopics;
		nimages += doc_article_images(&lib->articles[a]);
	}
	int pos = 0;
	if (ntopics == 0 && nimages == 0) {
		if (i == 0)
			*out = (Slide){.kind = SLIDE_HOME, .article = -1, .topic = -1};
		return 1;
	}
	size_t every = nimages ? ntopics / nimages : 0;
	if (every < 1)
		every = 1;
	size_t img = 0, k = 0;
	for (size_t a = 0; a < lib->narticles; a++) {
		if (!is_primary(lib, a))
			continue;
		for (size_t t = 0; t < lib->articles[a].ntopics; t++, k++) {
			if (pos == i)
				*out = (Slide){
				    .kind = SLIDE_TOPIC, .article = (int)a, .topic = (int)t};
			pos++;
			if (img < nimages && (k + 1) % every == 0) {
				if (pos == i)
					*out = (Slide){.kind = SLIDE_IMAGE,
					               .article = -1,
					               .topic = -1,
					               .image = slide_image(lib, img)};
				pos++;
				img++;
			}
		}
	}
	for (; img < nimages; img++, pos++)
		if (pos == i)
			*out = (Slide){.kind = SLIDE_IMAGE,
			               .article = -1,
			               .topic = -1,
			               .image = slide_image(lib, img)};
	return pos;
}

/* ---- the attract sequence ------------------------------------------------ */

/* The names an article's front matter gives its attract slides
 * ("attract: [topic, picture, ...]"), or none. */
static const DocMeta *attract_names(const DocArticle *a)
{
	for (size_t i = 0; i < a->nmeta; i++)
		if (strcmp(a->meta[i].key, "attract") == 0 && a->meta[i].value && *a->meta[i].value)
			return &a->meta[i];
	return NULL;
}

static char ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Whether name names title: the same letters whatever their case, or its
 * slug ("Who should get it?" is who-should-get-it: letters and digits in
 * small letters, every run of anything else one '-'). */
static bool names_title(const char *name, const char *title)
{
	const char *n = name, *t = title;
	while (*n && ascii_lower(*n) == ascii_lower(*t))
		n++, t++;
	if (!*n && !*t)
		return true;
	n = name;
	bool dash = false, started = false;
	for (t = title; *t; t++) {
		char c = ascii_lower(*t);
		bool word =
		    (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (unsigned char)c >= 0x80;
		if (!word) {
			dash = started;
			continue;
		}
		if (dash && *n++ != '-')
			return false;
		dash = false;
		started = true;
		if (*n++ != c)
			return false;
	}
	return *n == '\0';
}

static bool same_path(const char *a, const char *b)
{
	while (*a && ascii_lower(*a) == ascii_lower(*b))
		a++, b++;
	return !*a && !*b;
}

/* The picture of article a whose path is name, or NULL. */
static const DocBlock *named_picture(const DocArticle *a, const char *name)
{
	for (size_t i = 0; i < a->nintro; i++)
		if (a->intro[i].type == DOC_IMAGE && same_path(a->intro[i].src, name))
			return &a->intro[i];
	for (size_t t = 0; t < a->ntopics; t++)
		for (size_t i = 0; i < a->topics[t].nblocks; i++) {
			const DocBlock *b = &a->topics[t].blocks[i];
			if (b->type == DOC_IMAGE && same_path(b->src, name))
				return b;
		}
	return NULL;
}

/* The slide a name of article ai's list stands for: a topic (by its title
 * or slug) or a picture (by its path); false for a name that is neither,
 * which is left out. */
static bool named_slide(const DocLibrary *lib, size_t ai, const char *name, Slide *out)
{
	const DocArticle *a = &lib->articles[ai];
	for (size_t t = 0; t < a->ntopics; t++)
		if (names_title(name, a->topics[t].title)) {
			*out = (Slide){.kind = SLIDE_TOPIC, .article = (int)ai, .topic = (int)t};
			return true;
		}
	const DocBlock *img = named_picture(a, name);
	if (img)
		*out = (Slide){.kind = SLIDE_IMAGE, .article = -1, .topic = -1, .image = img};
	return img != NULL;
}

/* Staff named the slides: in each article that names them, the named ones
 * in their order; in the others, every topic (an article in several
 * languages counts once, as the one that stands for them). Fills *out with slide i
 * and returns the count, as attract_walk. */
static int slide_walk_named(const DocLibrary *lib, int i, Slide *out)
{
	int pos = 0;
	for (size_t a = 0; a < lib->narticles; a++) {
		if (!is_primary(lib, a))
			continue;
		const DocMeta *m = attract_names(&lib->articles[a]);
		if (!m) {
			for (size_t t = 0; t < lib->articles[a].ntopics; t++, pos++)
				if (pos == i)
					*out = (Slide){.kind = SLIDE_TOPIC,
					               .article = (int)a,
					               .topic = (int)t};
			continue;
		}
		/* A single name is a list of one. */
		size_t n = m->items ? m->nitems : 1;
		for (size_t k = 0; k < n; k++) {
			Slide s;
			if (named_slide(lib, a, m->items ? m->items[k] : m->value, &s)) {
				if (pos == i)
					*out = s;
				pos++;
			}
		}
	}
	return pos;
}

/* Walks the attract sequence and fills *out with slide i (when 0 <= i <
 * count); returns the count. Computed on demand rather than stored, so Nav
 * needs no memory of its own; the sequence is short. When an article's
 * front matter names its slides, the sequence is what staff named;
 * otherwise every topic's opening in order, with the pictures spread
 * evenly between them. */
int attract_walk(const DocLibrary *lib, int i, Slide *out)
{
	for (size_t a = 0; lib && a < lib->narticles; a++)
		if (is_primary(lib, a) && attract_names(&lib->articles[a])) {
			int n = slide_walk_named(lib, i, out);
			if (n > 0)
				return n;
			break;
		}
	return slide_walk_auto(lib, i, out);
}
