/* session: one running kiosk on an SDL_Renderer: its content, fonts,
 * pictures, renderer and controller, built in that order and torn down in
 * reverse. Shared by the display loop, the headless render command and the
 * benchmark.
 */
#ifndef KIOSK_SESSION_H
#define KIOSK_SESSION_H

#include <SDL.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/control/kiosk.h"
#include "core/screen/orient.h"
#include "platform/audio/speech.h"
#include "platform/run/app.h"
#include "platform/package/content.h"
#include "platform/display/pictures/images.h"
#include "platform/display/render.h"
#include "platform/display/text/text.h"
#include "platform/run/catalogs.h"
#include "platform/night/clock.h"
#include "platform/usage/recorder.h"

typedef struct {
	Orient orient;
	int lw, lh;
	Content content;
	TextCache *text;
	ImageCache *images;
	int cachefd; /* DATA/cache for pictures at their shown size, or -1 */
	Renderer *render;
	Kiosk *kiosk;
	LayoutMeasure measure;
	bool installed;    /* showing DATA/current (not --content or built-in) */
	int rotation;      /* --rotation, or -1: the settings' */
	Config base;       /* the kiosk's own settings */
	Config eff;        /* with the content's kiosk.conf over them */
	Speech *speech;    /* the voice, when an audio device was found */
	bool voice_probed; /* looked for one already */
	KioskReading said; /* what the voice was last told */
	Arena *sentences;  /* the topic being read, cut into sentences */
	Catalogs catalogs; /* the kiosk's own words, translated */
	/* What visitors see of the content: its library, less the articles
	 * past their review date with hide_expired (core/review/review.h);
	 * the controller borrows it. shown_v is its own copy, or NULL when it
	 * is the content's library itself. */
	DocLibrary shown;
	DocArticle *shown_v;
	int shown_day;      /* the day it was judged on */
	Recorder usage;     /* the usage figures (platform/usage/recorder.h) */
	Service *service;   /* the staff's screens (borrowed), or NULL */
	const Clock *clock; /* the time the kiosk trusts (borrowed; NULL until
	                     * session_set_clock: no day, nothing hidden) */
	bool no_day_said;   /* logged that visits wait for a known time */
} Session;

/* pw x ph is the panel (renderer output) size. Content: --content, else
 * DATA/current, else the built-in content (start-up recovery of DATA is
 * the caller's, once, before). 0, or -1 with err. */
int session_open(Session *s, SDL_Renderer *sdl, const AppOptions *o, int pw, int ph, uint64_t now,
                 char *err, size_t errlen);
void session_close(Session *s);
/* Swaps in the content at dir (new pictures, back to Home); the old content
 * stays when the new one cannot be loaded. 0, or -1 with err. */
int session_reload(Session *s, const char *dir, SDL_Renderer *sdl, uint64_t now, char *err,
                   size_t errlen);
/* The panel is now pw x ph (a resized window, another panel): fonts,
 * pictures and renderer made for it and the screens laid out again, from
 * Home; the content stays loaded. On failure everything stays as it was.
 * 0, or -1 with err. */
int session_resize(Session *s, SDL_Renderer *sdl, int pw, int ph, uint64_t now, char *err,
                   size_t errlen);
/* New settings of the kiosk's own (kiosk.conf read again): the content's
 * settings go over them as before, and what they shape (the panel's turn,
 * text size, fonts, colours, timeouts) is made anew, from Home. On failure
 * everything stays as it was. 0, or -1 with err. */
int session_configure(Session *s, SDL_Renderer *sdl, const Config *base, uint64_t now, char *err,
                      size_t errlen);
/* The screen turned by degrees (the service screen's rotation), input
 * mapped with it, laid out anew; it outlasts kiosk.conf read again. On
 * failure everything stays as it was. 0, or -1 with err. */
int session_rotate(Session *s, SDL_Renderer *sdl, int degrees, uint64_t now, char *err,
                   size_t errlen);
/* The staff's screens (borrowed; they outlive every controller the
 * session makes), or NULL. */
void session_set_service(Session *s, Service *svc, uint64_t now);
/* Every texture made again on sdl (the renderer was reset, or is a new
 * one), keeping what shows, where it is scrolled and what is pressed.
 * When the old renderer goes away first, session_drop_textures before it
 * does. 0, or -1 with err (nothing can be drawn until it succeeds). */
void session_drop_textures(Session *s);
int session_make_textures(Session *s, SDL_Renderer *sdl, char *err, size_t errlen);
/* While the screen is still: readies the pictures of the screen attract
 * mode shows next (once per slide; cheap when there is nothing new). */
void session_prepare(Session *s);
/* While the screen is still: lays out one more of the screens the content
 * can show and has its pictures made ready in DATA/cache in the
 * background. false once every screen has been walked (until new
 * content). */
bool session_warm_step(Session *s);
/* Looks for an audio device, once: with one, topics offer to be read
 * aloud. Called once the first frame is on screen (SDL's audio takes its
 * time to start), or at once by `kiosk render` when SDL_AUDIODRIVER names
 * a driver (disk: the voice written to a file). */
void session_voice(Session *s, uint64_t now);
/* Tells the voice what the controller wants read (a topic, paused or not,
 * or nothing) and the controller which sentence is heard at now. Returns
 * KIOSK_REDRAW when the screen changed (another sentence underlined). */
unsigned session_speak(Session *s, uint64_t now);
/* The voice is reading: look again within 100 ms. */
bool session_speaking(const Session *s);
/* After anything that may have changed the screen (a touch, a tick):
 * the usage figures count what shows now, written in batches; past
 * midnight, or when the clock came to be known, with hide_expired, the
 * articles due for review that day are taken off (from Home). Days are
 * the trusted clock's (usage/today.h). */
void session_count(Session *s, uint64_t now);
/* The clock whose day counts from now on (the night watch's, once it is
 * open); what is shown is judged again at once. */
void session_set_clock(Session *s, const Clock *c, uint64_t now);
/* When session_count must run next to write the figures waiting, or
 * UINT64_MAX. */
uint64_t session_count_due(const Session *s);
/* SDL and SDL_image up (with the input hints) before the first
 * session, and down after the last. */
int session_sdl_start(Uint32 flags);
void session_sdl_stop(void);

#endif
