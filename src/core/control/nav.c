#include "core/control/nav.h"

#include <stdio.h>
#include <string.h>

#include "core/document/model/lang.h"
#include "core/screen/look/theme.h"

/* While a transition runs the loop redraws at about 60 frames a second. */
#define FRAME_MS 16

static size_t nav_narticles(const Nav *n)
{
	return n->lib ? n->lib->narticles : 0;
}

static const DocArticle *nav_article(const Nav *n, int a)
{
	if (a < 0 || (size_t)a >= nav_narticles(n))
		return NULL;
	return &n->lib->articles[a];
}

static const DocTopic *nav_topic(const Nav *n, int a, int t)
{
	const DocArticle *art = nav_article(n, a);
	if (!art || t < 0 || (size_t)t >= art->ntopics)
		return NULL;
	return &art->topics[t];
}

static bool holds_image(const DocBlock *b, size_t nb, const DocBlock *img)
{
	for (size_t i = 0; i < nb; i++)
		if (&b[i] == img)
			return b[i].type == DOC_IMAGE;
	return false;
}

/* An image event carries a pointer from a layout; only one that points into
 * the current library is followed, so a stale target after a content swap
 * cannot make the image view read freed memory. */
static bool nav_owns_image(const Nav *n, const DocBlock *img)
{
	if (!img)
		return false;
	for (size_t i = 0; i < nav_narticles(n); i++) {
		const DocArticle *a = &n->lib->articles[i];
		if (holds_image(a->intro, a->nintro, img))
			return true;
		for (size_t t = 0; t < a->ntopics; t++)
			if (holds_image(a->topics[t].blocks, a->topics[t].nblocks, img))
				return true;
	}
	return false;
}

static View view_blank(ScreenKind screen)
{
	View v;
	memset(&v, 0, sizeof(v));
	v.screen = screen;
	v.article = -1;
	v.topic = -1;
	v.progress = -1;
	v.prompt_article = -1;
	return v;
}

/* Home of article a: its topic list, or the list of articles for a < 0. */
static View view_home_of(int a)
{
	View v = view_blank(SCREEN_HOME);
	v.article = a < 0 ? -1 : a;
	return v;
}

/* How many articles there are, counting one in several languages once;
 * *first is the first of them. */
static size_t nav_articles(const Nav *n, int *first)
{
	size_t count = 0;
	*first = -1;
	for (size_t a = 0; a < nav_narticles(n); a++) {
		/* An article in several languages counts once. */
		if (doc_primary(n->lib, (int)a) != (int)a)
			continue;
		if (*first < 0)
			*first = (int)a;
		count++;
	}
	return count;
}

/* Article a in the language the visitor chose, when it has it; else the
 * one that stands for its languages. */
static int nav_pick(const Nav *n, int a)
{
	int v[NAV_MAX_LANGS];
	size_t nv = doc_variants(n->lib, a, v, NAV_MAX_LANGS);
	for (size_t i = 0; n->lang[0] && i < nv && i < NAV_MAX_LANGS; i++)
		if (lang_same(n->lib->articles[v[i]].lang, n->lang))
			return v[i];
	return doc_primary(n->lib, a);
}

/* Where the kiosk starts: a single article needs no list to choose from. */
static View view_home(const Nav *n)
{
	int first;
	return view_home_of(nav_articles(n, &first) == 1 ? nav_pick(n, first) : -1);
}

Slide nav_slide(const Nav *n, int i)
{
	Slide s = {.kind = SLIDE_HOME, .article = -1, .topic = -1};
	if (i >= 0 && i < n->slides)
		attract_walk(n->lib, i, &s);
	if (s.kind == SLIDE_HOME)
		s.article = view_home(n).article;
	return s;
}

/* Whose language the prompt speaks on slide i: one after the other of the
 * slide's article's languages, or of every article's for a picture. */
static int prompt_article(const Nav *n, const Slide *s, int i)
{
	if (s->article < 0)
		return nav_narticles(n) ? i % (int)nav_narticles(n) : -1;
	int v[NAV_MAX_LANGS];
	size_t nv = doc_variants(n->lib, s->article, v, NAV_MAX_LANGS);
	if (nv > NAV_MAX_LANGS)
		nv = NAV_MAX_LANGS;
	return nv ? v[i % (int)nv] : s->article;
}

static View view_slide(const Nav *n, int i)
{
	Slide s = nav_slide(n, i);
	View v = view_blank(SCREEN_ATTRACT);
	const DocTopic *t;
	switch (s.kind) {
	case SLIDE_TOPIC:
		v.article = s.article;
		v.topic = s.topic;
		t = nav_topic(n, s.article, s.topic);
		v.image = t ? doc_topic_image(t) : NULL;
		break;
	case SLIDE_IMAGE:
		v.image = s.image;
		break;
	case SLIDE_HOME:
		v.article = s.article;
		break;
	}
	v.prompt_article = prompt_article(n, &s, i);
	return v;
}

View nav_slide_view(const Nav *n, int i)
{
	return view_slide(n, i);
}

bool nav_walk_view(const Nav *n, int i, View *out)
{
	if (i < 0)
		return false;
	if (i == 0) {
		*out = view_home(n);
		return true;
	}
	i--;
	const DocLibrary *lib = n->lib;
	size_t narticles = lib ? lib->narticles : 0;
	if (narticles > 1) {
		if ((size_t)i < narticles) {
			*out = view_home_of(i);
			return true;
		}
		i -= (int)narticles;
	}
	for (size_t a = 0; a < narticles; a++) {
		size_t nt = lib->articles[a].ntopics;
		if ((size_t)i < nt) {
			*out = view_blank(SCREEN_TOPIC);
			out->article = (int)a;
			out->topic = i;
			return true;
		}
		i -= (int)nt;
	}
	size_t nimages = lib ? doc_count_images(lib) : 0;
	if ((size_t)i < nimages) {
		*out = view_blank(SCREEN_IMAGE);
		out->image = doc_image_at(lib, (size_t)i);
		return true;
	}
	i -= (int)nimages;
	if (i < n->slides) {
		*out = view_slide(n, i);
		return true;
	}
	return false;
}

int nav_upcoming_slide(const Nav *n)
{
	if (n->slides < 1)
		return -1;
	switch (n->view.screen) {
	case SCREEN_HOME:
	case SCREEN_TOPIC:
	case SCREEN_IMAGE:
		return n->slide_shown ? (n->slide + 1) % n->slides : 0;
	case SCREEN_ATTRACT:
		if (n->rotate_ms == 0 || n->slides < 2)
			return -1;
		return (n->slide + 1) % n->slides;
	default:
		return -1;
	}
}

static void nav_reset(Nav *n, const DocLibrary *lib, uint64_t now)
{
	n->lib = lib;
	n->lang[0] = '\0';
	n->view = view_home(n);
	n->prev_view = n->view;
	n->back = n->view;
	n->last_input = now;
	n->slide_since = now;
	n->transition_start = now;
	n->transitioning = false;
	n->notice_since = now;
	n->slide = 0;
	n->slide_shown = false;
	n->slides = attract_walk(lib, -1, NULL);
}

void nav_init(Nav *n, const DocLibrary *lib, uint32_t idle_ms, uint32_t rotate_ms, uint64_t now)
{
	memset(n, 0, sizeof(*n));
	n->idle_ms = idle_ms;
	n->rotate_ms = rotate_ms;
	n->transition_ms = 400;
	n->notice_ms = 8000;
	nav_reset(n, lib, now);
}

/* Whether a voice reads the article view v shows (Home of several
 * articles, -1, needs none). */
static bool nav_listenable(Nav *n, const View *v)
{
	if (!n->can_listen)
		return false;
	if (!n->voiced || !n->lib || v->article < 0 || (size_t)v->article >= n->lib->narticles)
		return true;
	if (n->voiced_lib != n->lib || n->voiced_article != v->article) {
		n->voiced_lib = n->lib;
		n->voiced_article = v->article;
		n->voiced_answer = n->voiced(n->voiced_user, &n->lib->articles[v->article]);
	}
	return n->voiced_answer;
}

/* Every view carries whether a voice can read it. */
static void nav_listen_views(Nav *n)
{
	n->view.can_listen = nav_listenable(n, &n->view);
	n->back.can_listen = nav_listenable(n, &n->back);
}

void nav_set_library(Nav *n, const DocLibrary *lib, uint64_t now)
{
	nav_reset(n, lib, now);
	n->view.prefs = n->back.prefs = n->prefs;
	n->voiced_lib = NULL;
	nav_listen_views(n);
}

unsigned nav_set_voiced(Nav *n, NavVoiced voiced, void *user)
{
	bool was = n->view.can_listen;
	n->voiced = voiced;
	n->voiced_user = user;
	n->voiced_lib = NULL;
	nav_listen_views(n);
	/* No voice for it, nothing read. */
	n->view.listening = n->view.listening && n->view.can_listen;
	return was != n->view.can_listen ? NAV_SPEECH : 0;
}

static void nav_transition_to(Nav *n, View v, uint64_t now)
{
	n->prev_view = n->view;
	n->view = v;
	n->transitioning = true;
	n->transition_start = now;
}

/* When the visitor is asked whether they are still reading. */
static uint64_t warn_at(const Nav *n)
{
	uint32_t warn = n->idle_ms / 2 < NAV_WARN_MS ? n->idle_ms / 2 : NAV_WARN_MS;
	return n->last_input + n->idle_ms - warn;
}

/* Whole seconds left before attract mode at now, counted up: 10 at the
 * start of the warning, 1 in its last second. */
static int seconds_left(const Nav *n, uint64_t now)
{
	uint64_t idle_at = n->last_input + n->idle_ms;
	return now >= idle_at ? 0 : (int)((idle_at - now + 999) / 1000);
}

/* Field by field: a struct's padding is not part of it (and memcmp would
 * read it). */
static bool prefs_equal(const ViewPrefs *a, const ViewPrefs *b)
{
	return a->text_size == b->text_size && a->high_contrast == b->high_contrast;
}

static unsigned nav_tick(Nav *n, uint64_t now)
{
	unsigned r = 0;
	if (n->transitioning) {
		if (now - n->transition_start >= n->transition_ms)
			n->transitioning = false;
		r |= NAV_ANIMATE;
	}
	switch (n->view.screen) {
	case SCREEN_HOME:
	case SCREEN_TOPIC:
	case SCREEN_IMAGE:
		if (now < n->last_input + n->idle_ms) {
			int left = now >= warn_at(n) ? seconds_left(n, now) : 0;
			if (left != n->view.countdown) {
				n->view.countdown = left;
				r |= NAV_OVERLAY;
			}
			break;
		}
		/* Resume the rotation after the slide shown last, so people
		 * passing by see the whole sequence over several idle spells. */
		n->slide = n->slide_shown ? (n->slide + 1) % n->slides : 0;
		n->slide_shown = true;
		n->slide_since = now;
		nav_transition_to(n, view_slide(n, n->slide), now);
		r |= NAV_CHANGED | NAV_ANIMATE;
		/* The next visitor starts from the kiosk's own settings, and
		 * from the article's own language. */
		n->lang[0] = '\0';
		if (!prefs_equal(&n->prefs, &(ViewPrefs){0})) {
			n->prefs = (ViewPrefs){0};
			r |= NAV_RESTYLE;
		}
		break;
	case SCREEN_ATTRACT: {
		if (n->rotate_ms == 0)
			break;
		uint64_t due = n->slide_since + n->rotate_ms;
		if (now < due)
			break;
		/* Counting from the deadline keeps the rhythm exact however late
		 * the tick comes; after a longer stall (a suspended board) the
		 * rhythm restarts instead of flicking through missed slides. */
		n->slide_since = now - due >= n->rotate_ms ? now : due;
		if (n->slides < 2)
			break;
		n->slide = (n->slide + 1) % n->slides;
		nav_transition_to(n, view_slide(n, n->slide), now);
		r |= NAV_CHANGED | NAV_ANIMATE;
		break;
	}
	case SCREEN_NOTICE:
		if (now < n->notice_since + n->notice_ms)
			break;
		n->view = view_home(n);
		/* Home gets a full idle spell before attract takes over again. */
		n->last_input = now;
		r |= NAV_CHANGED;
		break;
	case SCREEN_IMPORT:
	case SCREEN_SERVICE: /* the controller's, never nav's */
		break;
	case SCREEN_CLOCK:
		/* Left alone, the clock screen gives way to Home (and then
		 * attract mode): it is never left showing to visitors. */
		if (now >= n->last_input + n->idle_ms) {
			n->view = view_home(n);
			r |= NAV_CHANGED;
		}
		break;
	}
	return r;
}

static bool same_text(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

static unsigned nav_show(Nav *n, View v)
{
	n->view = v;
	n->transitioning = false;
	return NAV_CHANGED;
}

/* A view the user asked for: it counts as input for the idle timeout. */
static unsigned nav_go(Nav *n, View v, uint64_t now)
{
	n->last_input = now;
	return nav_show(n, v);
}

/* Previous or next topic of the same article; the ends do not wrap, so
 * the reader always knows where an article begins and ends. */
static unsigned nav_step_topic(Nav *n, int step, uint64_t now)
{
	if (n->view.screen != SCREEN_TOPIC || (step != 1 && step != -1))
		return 0;
	int t = n->view.topic + step;
	if (!nav_topic(n, n->view.article, t))
		return 0;
	View v = view_blank(SCREEN_TOPIC);
	v.article = n->view.article;
	v.topic = t;
	return nav_go(n, v, now);
}

static unsigned nav_home_event(Nav *n, uint64_t now)
{
	switch (n->view.screen) {
	case SCREEN_TOPIC:
		return nav_go(n, view_home_of(n->view.article), now);
	case SCREEN_HOME:
		/* From an article's topic list up to the list of articles; a
		 * single article (in however many languages) has no list above
		 * it. */
		if (n->view.article < 0 || nav_articles(n, &(int){0}) < 2)
			return 0;
		return nav_go(n, view_home_of(-1), now);
	case SCREEN_IMAGE:
		if (n->back.screen == SCREEN_HOME)
			return nav_go(n, n->back, now);
		return nav_go(n, view_home_of(n->back.article), now);
	case SCREEN_NOTICE:
	case SCREEN_CLOCK:
		return nav_go(n, view_home(n), now);
	case SCREEN_ATTRACT: /* only a touch leaves attract, by waking */
	case SCREEN_IMPORT:  /* an import ends with a notice or new content */
	case SCREEN_SERVICE: /* the controller's, never nav's */
		return 0;
	}
	return 0;
}

/* The screens where a visitor chooses for themselves. */
static bool offers_prefs(const Nav *n)
{
	switch (n->view.screen) {
	case SCREEN_HOME:
	case SCREEN_TOPIC:
	case SCREEN_IMAGE:
		return true;
	default:
		return false;
	}
}

/* A visitor's choice: a text size, or high contrast on or off. */
static unsigned nav_prefs(Nav *n, ViewPrefs p, uint64_t now)
{
	if (!offers_prefs(n) || prefs_equal(&p, &n->prefs))
		return 0;
	n->prefs = p;
	n->last_input = now;
	return NAV_RESTYLE;
}

/* Reading the topic aloud: started, paused or gone on, stopped, or its
 * next sentence heard. */
static unsigned nav_speech(Nav *n, const NavEvent *ev, uint64_t now)
{
	View *v = &n->view;
	if (v->screen != SCREEN_TOPIC || !nav_listenable(n, v))
		return 0;
	switch (ev->type) {
	case NAV_EV_LISTEN:
		if (v->listening && !v->paused)
			return 0;
		if (!v->listening)
			v->sentence = 0;
		v->listening = true;
		v->paused = false;
		break;
	case NAV_EV_PAUSE:
		if (!v->listening)
			return 0;
		v->paused = !v->paused;
		break;
	case NAV_EV_STOP:
		if (!v->listening)
			return 0;
		v->listening = v->paused = false;
		break;
	case NAV_EV_READ:
		if (!v->listening || v->paused || ev->index < -1 || ev->index == v->sentence)
			return 0;
		if (ev->index < 0)
			v->listening = false;
		else
			v->sentence = ev->index;
		break;
	default:
		return 0;
	}
	n->last_input = now;
	return NAV_SPEECH;
}

/* A touch anywhere: input for the idle timeout; it answers the warning
 * before attract mode, or wakes attract mode. */
static unsigned nav_touch(Nav *n, uint64_t now)
{
	n->last_input = now;
	if (n->view.countdown) {
		/* "Still reading?" answered: the visitor stays where they were,
		 * and the touch does nothing else. */
		n->view.countdown = 0;
		return NAV_OVERLAY | NAV_WOKE;
	}
	if (n->view.screen != SCREEN_ATTRACT)
		return 0;
	/* Waking lands on the top of Home, not on the slide: the next person
	 * starts from the beginning. */
	nav_show(n, view_home(n));
	return NAV_CHANGED | NAV_WOKE;
}

/* Another language of the article on Home (article a): it lasts for this
 * visitor, through topics and other articles. */
static unsigned nav_language(Nav *n, int a, uint64_t now)
{
	const DocArticle *cur = nav_article(n, n->view.article);
	const DocArticle *to = nav_article(n, a);
	if (n->view.screen != SCREEN_HOME || !cur || !to || !doc_same_article(cur, to))
		return 0;
	snprintf(n->lang, sizeof(n->lang), "%s", to->lang ? to->lang : "");
	return nav_go(n, view_home_of(a), now);
}

/* Topic t of the article on Home. */
static unsigned nav_open_topic(Nav *n, int t, uint64_t now)
{
	if (n->view.screen != SCREEN_HOME || !nav_topic(n, n->view.article, t))
		return 0;
	View v = view_blank(SCREEN_TOPIC);
	v.article = n->view.article;
	v.topic = t;
	return nav_go(n, v, now);
}

/* A picture of Home or a topic full screen; Close comes back here. */
static unsigned nav_open_image(Nav *n, const DocBlock *img, uint64_t now)
{
	if ((n->view.screen != SCREEN_HOME && n->view.screen != SCREEN_TOPIC) ||
	    !nav_owns_image(n, img))
		return 0;
	n->back = n->view;
	View v = view_blank(SCREEN_IMAGE);
	v.article = n->view.article;
	v.topic = n->view.topic;
	v.image = img;
	return nav_go(n, v, now);
}

static unsigned nav_close(Nav *n, uint64_t now)
{
	if (n->view.screen == SCREEN_IMAGE)
		return nav_go(n, n->back, now);
	if (n->view.screen == SCREEN_NOTICE || n->view.screen == SCREEN_CLOCK)
		return nav_go(n, view_home(n), now);
	return 0;
}

/* The clock screen: opened at the time now, stepped field by field, and
 * set (the caller sets the system clock; Home shows meanwhile). */
static unsigned nav_clock(Nav *n, const NavEvent *ev, uint64_t now)
{
	View v;
	switch (ev->type) {
	case NAV_EV_CLOCK:
		if (!ev->clock)
			return 0;
		v = view_blank(SCREEN_CLOCK);
		v.clock = *ev->clock;
		clockset_clamp(&v.clock);
		return nav_go(n, v, now);
	case NAV_EV_CLOCK_STEP:
		if (n->view.screen != SCREEN_CLOCK || ev->index < 0 ||
		    ev->index >= CLOCKSET_FIELDS || (ev->progress != 1 && ev->progress != -1))
			return 0;
		v = n->view;
		clockset_step(&v.clock, (ClockField)ev->index, ev->progress);
		return nav_go(n, v, now);
	default: /* NAV_EV_CLOCK_SET */
		if (n->view.screen != SCREEN_CLOCK)
			return 0;
		n->clock_set = n->view.clock;
		return nav_go(n, view_home(n), now) | NAV_CLOCK_SET;
	}
}

/* What the kiosk itself says: a notice, or an import's progress (shown
 * again only when it changed). */
static unsigned nav_status(Nav *n, const NavEvent *ev, uint64_t now)
{
	View v = view_blank(ev->type == NAV_EV_NOTICE ? SCREEN_NOTICE : SCREEN_IMPORT);
	v.text = ev->text;
	v.detail = ev->detail;
	if (ev->type == NAV_EV_NOTICE) {
		v.notice_error = ev->error;
		n->notice_since = now;
		return nav_show(n, v);
	}
	v.progress = ev->progress < 0 ? -1 : ev->progress > 1000 ? 1000 : ev->progress;
	if (n->view.screen == SCREEN_IMPORT && n->view.progress == v.progress &&
	    same_text(n->view.text, v.text) && same_text(n->view.detail, v.detail))
		return 0;
	return nav_show(n, v);
}

/* A visitor's choice of text size or contrast, or a voice come or gone. */
static unsigned nav_choice(Nav *n, const NavEvent *ev, uint64_t now)
{
	ViewPrefs p = n->prefs;
	switch (ev->type) {
	case NAV_EV_TEXT_SIZE:
		if (ev->index < 0 || ev->index >= THEME_TEXT_SIZES)
			return 0;
		p.text_size = ev->index;
		return nav_prefs(n, p, now);
	case NAV_EV_CONTRAST:
		if (ev->index != 0 && ev->index != 1)
			return 0;
		p.high_contrast = ev->index == 1;
		return nav_prefs(n, p, now);
	default: /* NAV_EV_VOICE */
		if ((ev->index != 0 && ev->index != 1) || n->can_listen == (ev->index == 1))
			return 0;
		n->can_listen = ev->index == 1;
		/* No voice, nothing read. */
		n->view.listening = n->view.listening && n->can_listen;
		return NAV_SPEECH;
	}
}

static unsigned nav_event(Nav *n, const NavEvent *ev, uint64_t now)
{
	switch (ev->type) {
	case NAV_EV_TICK:
		return nav_tick(n, now);
	case NAV_EV_TOUCH:
		return nav_touch(n, now);
	case NAV_EV_OPEN_ARTICLE:
		if (n->view.screen != SCREEN_HOME || n->view.article >= 0 ||
		    !nav_article(n, ev->index))
			return 0;
		return nav_go(n, view_home_of(nav_pick(n, ev->index)), now);
	case NAV_EV_LANGUAGE:
		return nav_language(n, ev->index, now);
	case NAV_EV_OPEN_TOPIC:
		return nav_open_topic(n, ev->index, now);
	case NAV_EV_OPEN_IMAGE:
		return nav_open_image(n, ev->image, now);
	case NAV_EV_HOME:
		return nav_home_event(n, now);
	case NAV_EV_PREV:
		return nav_step_topic(n, -1, now);
	case NAV_EV_NEXT:
		return nav_step_topic(n, 1, now);
	case NAV_EV_SWIPE:
		return nav_step_topic(n, ev->index, now);
	case NAV_EV_CLOSE:
		return nav_close(n, now);
	case NAV_EV_NOTICE:
	case NAV_EV_PROGRESS:
		return nav_status(n, ev, now);
	case NAV_EV_TEXT_SIZE:
	case NAV_EV_CONTRAST:
	case NAV_EV_VOICE:
		return nav_choice(n, ev, now);
	case NAV_EV_LISTEN:
	case NAV_EV_PAUSE:
	case NAV_EV_STOP:
	case NAV_EV_READ:
		return nav_speech(n, ev, now);
	case NAV_EV_CLOCK:
	case NAV_EV_CLOCK_STEP:
	case NAV_EV_CLOCK_SET:
		return nav_clock(n, ev, now);
	}
	return 0;
}

unsigned nav_handle(Nav *n, const NavEvent *ev, uint64_t now)
{
	unsigned r = nav_event(n, ev, now);
	/* Every view shows what the visitor chose, whichever way it came, and
	 * whether a voice can read it; a view that shows it already is left
	 * as it is (a copy would write the struct's padding too). */
	if (!prefs_equal(&n->view.prefs, &n->prefs))
		n->view.prefs = n->prefs;
	if (!prefs_equal(&n->back.prefs, &n->prefs))
		n->back.prefs = n->prefs;
	nav_listen_views(n);
	return r;
}

uint64_t nav_next_deadline(const Nav *n, uint64_t now)
{
	uint64_t d = NAV_NEVER;
	switch (n->view.screen) {
	case SCREEN_ATTRACT:
		d = n->rotate_ms ? n->slide_since + n->rotate_ms : NAV_NEVER;
		break;
	case SCREEN_NOTICE:
		d = n->notice_since + n->notice_ms;
		break;
	case SCREEN_IMPORT:
	case SCREEN_SERVICE:
		d = NAV_NEVER;
		break;
	case SCREEN_CLOCK:
		d = n->last_input + n->idle_ms;
		break;
	case SCREEN_HOME:
	case SCREEN_TOPIC:
	case SCREEN_IMAGE:
		/* The warning, then each second of its countdown, then attract
		 * mode. */
		d = n->last_input + n->idle_ms;
		if (now < warn_at(n))
			d = warn_at(n);
		else if (now < d)
			d -= (uint64_t)(seconds_left(n, now) - 1) * 1000;
		break;
	}
	if (n->transitioning) {
		uint64_t end = n->transition_start + n->transition_ms;
		uint64_t frame = now + FRAME_MS < end ? now + FRAME_MS : end;
		if (frame < d)
			d = frame;
	}
	/* A deadline already passed means "now"; never hand the loop a time
	 * behind it, which an unsigned timeout would turn into a long sleep. */
	return d < now ? now : d;
}

double nav_transition(const Nav *n, uint64_t now)
{
	if (!n->transitioning || n->transition_ms == 0)
		return 1.0;
	if (now <= n->transition_start)
		return 0.0;
	double t = (double)(now - n->transition_start) / n->transition_ms;
	return t > 1.0 ? 1.0 : t;
}

const char *nav_screen_name(ScreenKind s)
{
	switch (s) {
	case SCREEN_HOME:
		return "home";
	case SCREEN_TOPIC:
		return "topic";
	case SCREEN_IMAGE:
		return "image";
	case SCREEN_ATTRACT:
		return "attract";
	case SCREEN_NOTICE:
		return "notice";
	case SCREEN_IMPORT:
		return "import";
	case SCREEN_SERVICE:
		return "service";
	case SCREEN_CLOCK:
		return "clock";
	}
	return "unknown";
}
