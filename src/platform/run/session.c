#include "platform/run/session.h"

#include <SDL.h>
#include <SDL_image.h>
#include <errno.h>
#include <limits.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/review/date.h"
#include "core/review/review.h"
#include "core/text/sentences.h"
#include "platform/run/input.h"
#include "platform/display/pictures/piccache.h"
#include "platform/usage/today.h"
#include "platform/service/keep.h"

static int measure_text(void *ctx, const TextStyle *st, const char *s, size_t len)
{
	return text_width(((Session *)ctx)->text, st, s, len);
}

static size_t measure_fit(void *ctx, const TextStyle *st, const char *s, size_t len, int width)
{
	return text_fit(((Session *)ctx)->text, st, s, len, width);
}

static int measure_hyphenate(void *ctx, const char *lang, const char *s, size_t len, uint8_t *can)
{
	return text_hyphenate(((Session *)ctx)->text, lang, s, len, can);
}

static int measure_bidi(void *ctx, const char *s, size_t len, TextDir dir, uint8_t *levels)
{
	return text_bidi_levels(((Session *)ctx)->text, s, len, dir, levels);
}

static int measure_line(void *ctx, FontId f)
{
	return text_line_height(((Session *)ctx)->text, f);
}

static int measure_image(void *ctx, const char *src, int *w, int *h)
{
	return images_size(((Session *)ctx)->images, src, w, h);
}

static void measure_use(void *ctx, const Metrics *m)
{
	/* Should the faces fail to open (out of memory), text is measured at
	 * the sizes before, and drawn at them too: smaller, never clipped. */
	char err[256];
	if (text_use(((Session *)ctx)->text, m->font_px, err, sizeof(err)) != 0)
		fprintf(stderr, "kiosk: %s\n", err);
}

/* Content: --content if given, else what is installed in the data dir,
 * else the built-in article. Installed content that fails to load is
 * reported and the built-in content shows instead: never a blank screen. */
static int load_content(Session *s, const AppOptions *o, char *err, size_t errlen)
{
	if (o->content)
		return content_load(&s->content, o->content, &o->cfg.limits, err, errlen);
	const char *data = o->data ? o->data : o->cfg.data_dir;
	char path[PATH_MAX];
	struct stat st;
	snprintf(path, sizeof(path), "%s/current", data);
	if (stat(path, &st) == 0) {
		if (content_load(&s->content, path, &o->cfg.limits, err, errlen) == 0) {
			s->installed = true;
			return 0;
		}
		fprintf(stderr, "kiosk: installed content not shown: %s\n", err);
	}
	char builtin[PATH_MAX];
	if (content_builtin_dir(builtin, sizeof(builtin)) != 0) {
		snprintf(err, errlen, "the built-in content (assets/content) is missing");
		return -1;
	}
	return content_load(&s->content, builtin, &o->cfg.limits, err, errlen);
}

/* What a session draws with: fonts at their sizes, the pictures, the
 * renderer over both. Made and swapped together. */
typedef struct {
	TextCache *text;
	ImageCache *images;
	Renderer *render;
} Display;

static void display_free(Display *d)
{
	render_free(d->render);
	images_free(d->images);
	text_free(d->text);
	memset(d, 0, sizeof(*d));
}

/* A display for the session's content on sdl, for a panel or and the
 * settings eff. 0, or -1 with err. */
static int display_new(const Session *s, SDL_Renderer *sdl, const Orient * or, const Config *eff,
                       Display *d, char *err, size_t errlen)
{
	memset(d, 0, sizeof(*d));
	int lw, lh;
	orient_logical_size(or, &lw, &lh);
	Metrics m = theme_metrics(lw, lh, eff->text_scale);
	d->text = text_new(sdl, eff->font_dir, &m, err, errlen);
	if (!d->text)
		goto fail;
	/* Pictures are kept no larger than the screen: a 4,000-pixel photo
	 * costs its full size only while it is decoded, once. */
	d->images = images_new(sdl, s->content.dirfd, s->cachefd, lw, lh);
	if (d->images)
		images_set_limits(d->images, &eff->limits);
	if (!d->images) {
		snprintf(err, errlen, "%.300s: the content folder cannot be opened",
		         s->content.dir);
		goto fail;
	}
	d->render = render_new(sdl, or->panel_w, or->panel_h, or->rotation, d->text, d->images);
	if (!d->render) {
		snprintf(err, errlen, "the renderer could not start: %s", SDL_GetError());
		goto fail;
	}
	return 0;
fail:
	display_free(d);
	return -1;
}

/* Puts d in and hands back what was there. */
static Display display_swap(Session *s, Display d)
{
	Display old = {s->text, s->images, s->render};
	s->text = d.text;
	s->images = d.images;
	s->render = d.render;
	return old;
}

/* What visitors see of lib under eff on day today: every article, or with
 * hide_expired those not past their review date; when every one is past
 * it, all of them (a waiting room's screen showing nothing helps nobody,
 * and `check` and the log say they are due). *owned: the copy to free, or
 * NULL. 0, or -1 when out of memory. */
static int shown_make(const DocLibrary *lib, const Config *eff, int today, DocLibrary *out,
                      DocArticle **owned)
{
	*owned = NULL;
	*out = *lib;
	size_t due = 0;
	for (size_t i = 0; i < lib->narticles; i++)
		due += review_expired(&lib->articles[i], today);
	if (!eff->hide_expired || due == 0)
		return 0;
	if (due == lib->narticles) {
		fprintf(stderr, "kiosk: every article is past its review date; all are shown\n");
		return 0;
	}
	DocArticle *v = malloc(lib->narticles * sizeof(*v));
	if (!v)
		return -1;
	*out = (DocLibrary){v, review_filter(lib, today, v)};
	*owned = v;
	fprintf(stderr, "kiosk: %zu of %zu articles are past their review date and not shown\n",
	        due, lib->narticles);
	return 0;
}

/* s->shown made again for s->content under eff, handed to kiosk k (when
 * not NULL, from Home). 0, or -1 with everything as it was. */
static int shown_again(Session *s, const Config *eff, Kiosk *k, uint64_t now)
{
	DocLibrary lib;
	DocArticle *v;
	int today = today_get(s->clock);
	if (shown_make(&s->content.lib, eff, today, &lib, &v) != 0)
		return -1;
	free(s->shown_v);
	s->shown = lib;
	s->shown_v = v;
	s->shown_day = today;
	/* The controller borrows s->shown itself, never a copy. */
	if (k)
		kiosk_set_library(k, &s->shown, now);
	return 0;
}

/* The articles shown judged again for day, when it changed (midnight,
 * or the clock came to be known or unknown). */
static void judge_day(Session *s, int day, uint64_t now)
{
	if (!s->eff.hide_expired || day == s->shown_day)
		return;
	/* Only a change of what is shown takes the visitor to Home. */
	DocLibrary lib;
	DocArticle *v;
	if (shown_make(&s->content.lib, &s->eff, day, &lib, &v) != 0)
		return;
	s->shown_day = day;
	bool same = lib.narticles == s->shown.narticles;
	for (size_t i = 0; same && i < lib.narticles; i++)
		same = lib.articles[i].source == s->shown.articles[i].source;
	if (same) {
		free(v);
		return;
	}
	/* The visit so far ends with what it showed; Home comes next. The
	 * controller borrows s->shown itself. */
	recorder_restart(&s->usage, &s->shown, now, day);
	free(s->shown_v);
	s->shown = lib;
	s->shown_v = v;
	kiosk_set_library(s->kiosk, &s->shown, now);
}

void session_count(Session *s, uint64_t now)
{
	int day = today_get(s->clock);
	const Nav *n = kiosk_nav_state(s->kiosk);
	if (day == DATE_NONE && !s->no_day_said && s->usage.data[0]) {
		fprintf(stderr, "kiosk: the time is not known: visits are not counted, and no "
		                "article is hidden as past its review date, until the clock is set "
		                "(the service screen's Set the clock)\n");
		s->no_day_said = true;
	}
	if (day != DATE_NONE)
		s->no_day_said = false;
	recorder_note(&s->usage, &s->shown, &n->view, n->lang, now, day);
	judge_day(s, day, now);
}

void session_set_clock(Session *s, const Clock *c, uint64_t now)
{
	s->clock = c;
	judge_day(s, today_get(c), now);
}

uint64_t session_count_due(const Session *s)
{
	return recorder_due(&s->usage);
}

void session_close(Session *s)
{
	if (s->kiosk)
		recorder_deinit(&s->usage, &s->shown, today_get(s->clock));
	speech_close(s->speech);
	arena_free(s->sentences);
	kiosk_free(s->kiosk);
	Display d = display_swap(s, (Display){0});
	display_free(&d);
	content_unload(&s->content);
	free(s->shown_v);
	catalogs_unload(&s->catalogs);
	if (s->cachefd >= 0) {
		piccache_wait();
		close(s->cachefd);
	}
	memset(s, 0, sizeof(*s));
	s->content.dirfd = -1;
	s->cachefd = -1;
}

/* The display settings that come with the content (its kiosk.conf, already
 * checked at import) over the kiosk's own. Where the panel is mounted and
 * whether it is full screen stay the kiosk's business. */
static void content_settings(const Content *c, const Config *base, Config *eff)
{
	*eff = *base;
	if (!c->conf)
		return;
	config_parse_package(eff, c->conf, c->conflen, NULL, NULL);
	eff->rotation = base->rotation;
	eff->fullscreen = base->fullscreen;
}

static KioskOptions kiosk_options(const Session *s)
{
	return (KioskOptions){.w = s->lw,
	                      .h = s->lh,
	                      .text_scale = s->eff.text_scale,
	                      .theme = s->eff.theme,
	                      .idle_ms = s->eff.idle_timeout_s * 1000u,
	                      .rotate_ms = s->eff.rotate_interval_s * 1000u};
}

int session_open(Session *s, SDL_Renderer *sdl, const AppOptions *o, int pw, int ph, uint64_t now,
                 char *err, size_t errlen)
{
	memset(s, 0, sizeof(*s));
	s->content.dirfd = -1;
	s->cachefd = -1;
	s->rotation = o->rotation;
	/* A turn chosen on the service screen is kept in the data folder and
	 * goes before kiosk.conf's (--rotation goes before both). */
	if (s->rotation < 0)
		s->rotation = keep_rotation(o->data ? o->data : o->cfg.data_dir);
	s->base = o->cfg;
	s->orient = (Orient){pw, ph, s->rotation >= 0 ? s->rotation : o->cfg.rotation};
	orient_logical_size(&s->orient, &s->lw, &s->lh);
	if (load_content(s, o, err, errlen) != 0)
		goto fail;
	content_settings(&s->content, &s->base, &s->eff);
	if (shown_again(s, &s->eff, NULL, now) != 0) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	catalogs_load(&s->catalogs, s->eff.language);
	s->cachefd = piccache_open(o->data ? o->data : o->cfg.data_dir);
	recorder_init(&s->usage, o->data ? o->data : o->cfg.data_dir, now);
	Display d;
	if (display_new(s, sdl, &s->orient, &s->eff, &d, err, errlen) != 0)
		goto fail;
	display_swap(s, d);
	s->measure = (LayoutMeasure){.text_width = measure_text,
	                             .line_height = measure_line,
	                             .image_size = measure_image,
	                             .use_metrics = measure_use,
	                             .bidi_levels = measure_bidi,
	                             .text_fit = measure_fit,
	                             .hyphenate = measure_hyphenate,
	                             .lexicon = &s->catalogs.lx,
	                             .ctx = s};
	KioskOptions ko = kiosk_options(s);
	s->kiosk = kiosk_new(&ko, &s->measure, &s->shown, now);
	if (!s->kiosk) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	return 0;
fail:
	session_close(s);
	return -1;
}

/* Whether the board has a voice for article a's language. */
static bool session_voiced(void *user, const DocArticle *a)
{
	const Session *s = user;
	return speech_speaks(s->speech, a->lang);
}

/* A new controller (another size, new settings or content) starts from
 * Home: what was being read stops, and it knows a voice can be heard. */
static void voice_again(Session *s, uint64_t now)
{
	/* The staff's screens go on over the new controller. */
	if (s->service)
		kiosk_set_service(s->kiosk, s->service, now);
	speech_stop(s->speech);
	s->said = (KioskReading){.article = -1, .topic = -1};
	if (s->speech) {
		kiosk_set_voice(s->kiosk, true, now);
		kiosk_set_voiced(s->kiosk, session_voiced, s, now);
	}
}

/* Everything the panel and the settings shape, made anew for or and eff:
 * fonts, pictures, renderer and the controller (from Home). The old stays
 * when anything fails. */
static int remake(Session *s, SDL_Renderer *sdl, Orient or, const Config *eff, uint64_t now,
                  char *err, size_t errlen)
{
	Display d;
	if (display_new(s, sdl, & or, eff, &d, err, errlen) != 0)
		return -1;
	/* The controller measures through the session: the new fonts go in
	 * before it lays anything out. */
	Display old = display_swap(s, d);
	Orient old_or = s->orient;
	Config old_eff = s->eff;
	s->orient = or ;
	s->eff = *eff;
	catalogs_choose(&s->catalogs, s->eff.language);
	orient_logical_size(&s->orient, &s->lw, &s->lh);
	KioskOptions ko = kiosk_options(s);
	/* The settings may say otherwise of articles past their review. The
	 * controller borrows s->shown itself, so the new one goes in first
	 * (and the old one back should the controller not be made). */
	recorder_restart(&s->usage, &s->shown, now, today_get(s->clock));
	DocLibrary old_shown = s->shown;
	DocArticle *old_v = s->shown_v;
	int old_day = s->shown_day;
	s->shown_v = NULL;
	Kiosk *k = NULL;
	if (shown_again(s, eff, NULL, now) == 0)
		k = kiosk_new(&ko, &s->measure, &s->shown, now);
	if (!k) {
		free(s->shown_v);
		s->shown = old_shown;
		s->shown_v = old_v;
		s->shown_day = old_day;
		snprintf(err, errlen, "out of memory");
		d = display_swap(s, old);
		display_free(&d);
		s->orient = old_or;
		s->eff = old_eff;
		catalogs_choose(&s->catalogs, s->eff.language);
		orient_logical_size(&s->orient, &s->lw, &s->lh);
		return -1;
	}
	kiosk_free(s->kiosk);
	s->kiosk = k;
	free(old_v);
	display_free(&old);
	voice_again(s, now);
	return 0;
}

int session_rotate(Session *s, SDL_Renderer *sdl, int degrees, uint64_t now, char *err,
                   size_t errlen)
{
	Orient or = {s->orient.panel_w, s->orient.panel_h, degrees};
	if (remake(s, sdl, or, &s->eff, now, err, errlen) != 0)
		return -1;
	/* Chosen on the screen itself: it outlasts kiosk.conf read again. */
	s->rotation = degrees;
	return 0;
}

void session_set_service(Session *s, Service *svc, uint64_t now)
{
	s->service = svc;
	kiosk_set_service(s->kiosk, svc, now);
}

int session_resize(Session *s, SDL_Renderer *sdl, int pw, int ph, uint64_t now, char *err,
                   size_t errlen)
{
	Orient or = {pw, ph, s->orient.rotation};
	return remake(s, sdl, or, &s->eff, now, err, errlen);
}

int session_configure(Session *s, SDL_Renderer *sdl, const Config *base, uint64_t now, char *err,
                      size_t errlen)
{
	Config eff;
	content_settings(&s->content, base, &eff);
	Orient or = {s->orient.panel_w, s->orient.panel_h,
	             s->rotation >= 0 ? s->rotation : base->rotation};
	if (remake(s, sdl, or, &eff, now, err, errlen) != 0)
		return -1;
	s->base = *base;
	return 0;
}

void session_drop_textures(Session *s)
{
	Display d = display_swap(s, (Display){0});
	display_free(&d);
}

int session_make_textures(Session *s, SDL_Renderer *sdl, char *err, size_t errlen)
{
	Display d;
	if (display_new(s, sdl, &s->orient, &s->eff, &d, err, errlen) != 0)
		return -1;
	d = display_swap(s, d);
	display_free(&d);
	return 0;
}

int session_sdl_start(Uint32 flags)
{
	/* Pictures and the frame buffer are large blocks that come and go
	 * (a picture slide's texture, a decode). glibc raises its mmap
	 * threshold after the first such block is freed, so later ones land on
	 * the heap, where freed memory stays with the process. A fixed
	 * threshold keeps each large block in its own mapping, returned the
	 * moment it is freed (measured: peak over a minute of attract mode
	 * 34.6 -> 32.2 MiB). */
	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
	mallopt(M_TRIM_THRESHOLD, 128 * 1024);
	input_hints();
	if (SDL_Init(flags) != 0) {
		fprintf(stderr, "kiosk: SDL could not start: %s\n", SDL_GetError());
		return -1;
	}
	IMG_Init(IMG_INIT_PNG | IMG_INIT_JPG | IMG_INIT_WEBP);
	return 0;
}

void session_sdl_stop(void)
{
	IMG_Quit();
	SDL_Quit();
}

/* Puts the new content, its visible library, pictures, fonts and renderer
 * in place and lays out from Home; the old ones are freed after the new
 * controller holds no layout of them. */
static void reload_swap(Session *s, const Content *fresh, const Config *eff, ImageCache *images,
                        TextCache *text, Renderer *render, uint64_t now)
{
	/* The visit to the old content ends here; what shows next is not a
	 * visitor's doing. */
	recorder_restart(&s->usage, &s->shown, now, today_get(s->clock));
	Content old = s->content;
	DocArticle *old_shown = s->shown_v;
	ImageCache *old_images = s->images;
	TextCache *old_text = text ? s->text : NULL;
	Renderer *old_render = s->render;
	Kiosk *old_kiosk = s->kiosk;
	s->content = *fresh;
	s->shown_v = NULL;
	if (shown_again(s, eff, NULL, now) != 0) /* out of memory: all shown */
		s->shown = s->content.lib;
	s->images = images;
	if (text)
		s->text = text;
	s->render = render;
	s->eff = *eff;
	catalogs_choose(&s->catalogs, s->eff.language);
	KioskOptions ko = kiosk_options(s);
	s->kiosk = kiosk_new(&ko, &s->measure, &s->shown, now);
	if (!s->kiosk) {
		/* Out of memory: the old controller, with the new content. */
		s->kiosk = old_kiosk;
		kiosk_set_library(s->kiosk, &s->shown, now);
	} else {
		kiosk_free(old_kiosk);
	}
	voice_again(s, now);
	render_free(old_render);
	text_free(old_text);
	images_free(old_images);
	content_unload(&old);
	free(old_shown);
	s->installed = true;
}

int session_reload(Session *s, const char *dir, SDL_Renderer *sdl, uint64_t now, char *err,
                   size_t errlen)
{
	/* Load the new content completely before touching what shows: on any
	 * failure the old content stays on screen. */
	Content fresh;
	if (content_load(&fresh, dir, &s->base.limits, err, errlen) != 0)
		return -1;
	ImageCache *images = images_new(sdl, fresh.dirfd, s->cachefd, s->lw, s->lh);
	if (images)
		images_set_limits(images, &s->base.limits);
	if (!images) {
		snprintf(err, errlen, "%.300s: the content folder cannot be opened", fresh.dir);
		content_unload(&fresh);
		return -1;
	}
	Config eff;
	content_settings(&fresh, &s->base, &eff);
	TextCache *text = NULL;
	if (eff.text_scale != s->eff.text_scale) {
		Metrics m = theme_metrics(s->lw, s->lh, eff.text_scale);
		text = text_new(sdl, eff.font_dir, &m, err, errlen);
		if (!text) {
			images_free(images);
			content_unload(&fresh);
			return -1;
		}
	}
	Renderer *render = render_new(sdl, s->orient.panel_w, s->orient.panel_h, s->orient.rotation,
	                              text ? text : s->text, images);
	if (!render) {
		snprintf(err, errlen, "the renderer could not start: %s", SDL_GetError());
		text_free(text);
		images_free(images);
		content_unload(&fresh);
		return -1;
	}
	reload_swap(s, &fresh, &eff, images, text, render, now);
	return 0;
}

void session_prepare(Session *s)
{
	const Layout *next = kiosk_upcoming(s->kiosk);
	if (next)
		render_prepare(s->render, next);
	text_trim(s->text);
}

bool session_warm_step(Session *s)
{
	if (s->cachefd < 0)
		return false;
	const Layout *l = kiosk_walk(s->kiosk);
	if (!l)
		return false;
	render_warm(s->render, l);
	text_trim(s->text);
	return true;
}

/* ---- reading aloud -------------------------------------------------------- */

void session_voice(Session *s, uint64_t now)
{
	if (s->voice_probed)
		return;
	s->voice_probed = true;
	char err[256];
	s->speech = speech_open(err, sizeof(err));
	if (!s->speech) {
		fprintf(stderr, "kiosk: topics are not read aloud: %s\n", err);
		return;
	}
	kiosk_set_voice(s->kiosk, true, now);
	kiosk_set_voiced(s->kiosk, session_voiced, s, now);
}

/* Starts reading r's topic from its first sentence. */
static void speak_topic(Session *s, const KioskReading *r, uint64_t now)
{
	const DocLibrary *lib = &s->shown;
	if (r->article < 0 || (size_t)r->article >= lib->narticles || r->topic < 0 ||
	    (size_t)r->topic >= lib->articles[r->article].ntopics)
		return;
	if (!s->sentences)
		s->sentences = arena_new(16 * 1024);
	else
		arena_reset(s->sentences);
	Sentences ss;
	const char **text = NULL;
	char err[256] = "out of memory";
	if (!s->sentences ||
	    sentences_split(&lib->articles[r->article].topics[r->topic], s->sentences, &ss) != 0 ||
	    !(text = arena_alloc(s->sentences, (ss.n ? ss.n : 1) * sizeof(*text))))
		goto fail;
	for (size_t i = 0; i < ss.n; i++)
		text[i] = ss.v[i].text;
	/* The article's language (its front matter's, else its file name's:
	 * "flu.ar.md"), which the voice speaks when the board has it. */
	const char *lang = lib->articles[r->article].lang;
	SpeechSettings set = {s->eff.speech_voice, lang ? lang : "", (int)s->eff.speech_rate,
	                      (int)s->eff.speech_volume};
	if (speech_start(s->speech, &set, text, ss.n, (size_t)r->sentence, now, err, sizeof(err)) ==
	    0)
		return;
fail:
	fprintf(stderr, "kiosk: the topic cannot be read aloud: %s\n", err);
	kiosk_heard(s->kiosk, -1, now);
}

unsigned session_speak(Session *s, uint64_t now)
{
	if (!s->speech)
		return 0;
	KioskReading r = kiosk_reading(s->kiosk);
	KioskReading was = s->said;
	s->said = r;
	if (!r.listening) {
		if (was.listening)
			speech_stop(s->speech);
		return 0;
	}
	if (!was.listening || r.article != was.article || r.topic != was.topic) {
		speak_topic(s, &r, now);
		r = kiosk_reading(s->kiosk);
		s->said = r;
		if (!r.listening)
			return KIOSK_REDRAW;
	} else if (r.paused != was.paused) {
		speech_pause(s->speech, r.paused, now);
	}
	if (r.paused)
		return 0;
	int heard = speech_heard(s->speech, now);
	if (heard == r.sentence)
		return 0;
	unsigned out = kiosk_heard(s->kiosk, heard, now);
	s->said = kiosk_reading(s->kiosk);
	if (!s->said.listening)
		speech_stop(s->speech);
	return out;
}

bool session_speaking(const Session *s)
{
	return speech_busy(s->speech);
}
