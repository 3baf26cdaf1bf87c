#include "platform/audio/speech.h"

#include <SDL.h>
#include <ctype.h>
#include <dirent.h>
#include <dlfcn.h>
#include <espeak-ng/espeak_ng.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "platform/audio/voices.h"

/* espeak-ng's own rate; SDL converts to what the device plays. */
#define SPEECH_RATE 22050
/* Synthesis runs this far ahead of what is heard, at most. */
#define SPEECH_AHEAD_MS 6000
/* A breath between sentences: each is synthesised alone, without the
 * pause espeak-ng would make between them in one text. */
#define SPEECH_GAP_MS 250

struct Speech {
	SDL_AudioDeviceID dev; /* open only while a reading lasts; else 0 */
	pthread_t thread;
	bool running; /* the thread is there to join */
	pthread_mutex_t lock;
	pthread_cond_t wake;
	/* The thread stops at the next chance: set under lock, also read by
	 * espeak-ng's callback mid-sentence, without it. */
	atomic_bool cancel;
	bool voice_ready;   /* espeak-ng started (once a process) */
	SpeechSettings set; /* the reading's; voice and language copied */
	char voice[32];
	char language[40];
	char **text; /* the sentences being read */
	size_t n, from;
	/* Guarded by lock: where each sentence made so far ends, in samples
	 * from the start of the reading, and how many are made. */
	uint64_t *ends;
	size_t made;
	bool failed;
	uint64_t played; /* samples heard, as speech_heard last worked out */
	bool done;       /* the thread has made all it will */
	/* The synthesis thread's buffer for one sentence. */
	int16_t *buf;
	size_t len, cap;
	/* The reading's clock: when it began and how long it stood paused. */
	bool reading, paused;
	uint64_t start, paused_at, paused_for;
	Voices voices; /* the languages the board has a voice for */
};

/* espeak-ng has one callback for the process; it reaches the Speech
 * synthesising (only ever one, on its thread). */
static Speech *synthesising;

/* espeak-ng, opened when a topic is first read aloud, not when the kiosk
 * starts: linked in, it and what it links (PulseAudio's and ALSA's
 * libraries, which SDL plays through anyway) cost every start several
 * milliseconds and near a megabyte, read aloud or not. Without it the
 * kiosk has no voice and says so. */
static struct {
	void *lib;
	espeak_ng_STATUS (*initialize_path)(const char *path);
	espeak_ng_STATUS (*initialize)(espeak_ng_ERROR_CONTEXT *context);
	espeak_ng_STATUS (*initialize_output)(espeak_ng_OUTPUT_MODE mode, int length,
	                                      const char *device);
	void (*set_synth_callback)(t_espeak_callback *cb);
	espeak_ng_STATUS (*set_voice_by_name)(const char *name);
	espeak_ng_STATUS (*set_voice_by_properties)(espeak_VOICE *selector);
	espeak_VOICE *(*current_voice)(void);
	espeak_ERROR (*set_parameter)(espeak_PARAMETER parameter, int value, int relative);
	espeak_ng_STATUS (*synthesize)(const void *text, size_t size, unsigned int position,
	                               espeak_POSITION_TYPE type, unsigned int end,
	                               unsigned int flags, unsigned int *id, void *user);
	espeak_ng_STATUS (*synchronize)(void);
	espeak_ng_STATUS (*terminate)(void);
} es;

static bool espeak_load(void)
{
	if (es.lib)
		return true;
	void *lib = dlopen("libespeak-ng.so.1", RTLD_NOW | RTLD_LOCAL);
	if (!lib)
		return false;
		/* dlsym hands back an object pointer; POSIX lets it be a function's. */
#define SYM(field, name) *(void **)(&es.field) = dlsym(lib, name)
	SYM(initialize_path, "espeak_ng_InitializePath");
	SYM(initialize, "espeak_ng_Initialize");
	SYM(initialize_output, "espeak_ng_InitializeOutput");
	SYM(set_synth_callback, "espeak_SetSynthCallback");
	SYM(set_voice_by_name, "espeak_ng_SetVoiceByName");
	SYM(set_voice_by_properties, "espeak_ng_SetVoiceByProperties");
	SYM(current_voice, "espeak_GetCurrentVoice");
	SYM(set_parameter, "espeak_SetParameter");
	SYM(synthesize, "espeak_ng_Synthesize");
	SYM(synchronize, "espeak_ng_Synchronize");
	SYM(terminate, "espeak_ng_Terminate");
#undef SYM
	if (!es.initialize_path || !es.initialize || !es.initialize_output ||
	    !es.set_synth_callback || !es.set_voice_by_name || !es.set_voice_by_properties ||
	    !es.current_voice || !es.set_parameter || !es.synthesize || !es.synchronize ||
	    !es.terminate) {
		dlclose(lib);
		memset(&es, 0, sizeof(es));
		return false;
	}
	es.lib = lib;
	return true;
}

static int on_samples(short *wav, int n, espeak_EVENT *ev)
{
	(void)ev;
	Speech *sp = synthesising;
	if (!sp || !wav || n <= 0)
		return 0;
	if (sp->len + (size_t)n > sp->cap) {
		size_t cap = sp->cap ? sp->cap : SPEECH_RATE;
		while (cap < sp->len + (size_t)n)
			cap *= 2;
		int16_t *p = realloc(sp->buf, cap * sizeof(*p));
		if (!p)
			return 1; /* abort this sentence */
		sp->buf = p;
		sp->cap = cap;
	}
	memcpy(sp->buf + sp->len, wav, (size_t)n * sizeof(*wav));
	sp->len += (size_t)n;
	return atomic_load(&sp->cancel) ? 1 : 0; /* a Stop ends the sentence too */
}

/* Whether the board has a sound card that plays (an ALSA playback device,
 * /dev/snd/pcmC*D*p). Asked before SDL's audio starts: starting it loads
 * sound-server and ALSA libraries (about 1.5 MiB kept) only to find that
 * nothing can play. A driver named in SDL_AUDIODRIVER (disk, to a file) is
 * taken as it is. */
static bool sound_card(void)
{
	const char *driver = SDL_getenv("SDL_AUDIODRIVER");
	if (driver && *driver)
		return true;
	DIR *d = opendir("/dev/snd");
	if (!d)
		return false;
	bool found = false;
	struct dirent *e;
	while (!found && (e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);
		found = strncmp(e->d_name, "pcmC", 4) == 0 && n > 5 && e->d_name[n - 1] == 'p';
	}
	closedir(d);
	return found;
}

/* The default device, paused, for espeak-ng's samples; 0 when it will
 * not open. */
static SDL_AudioDeviceID device_open(void)
{
	SDL_AudioSpec want = {
	    .freq = SPEECH_RATE, .format = AUDIO_S16SYS, .channels = 1, .samples = 1024};
	return SDL_OpenAudioDevice(NULL, 0, &want, NULL, 0);
}

Speech *speech_open(char *err, size_t errlen)
{
	if (!sound_card()) {
		snprintf(err, errlen, "no sound card");
		return NULL;
	}
	if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
		snprintf(err, errlen, "no audio: %s", SDL_GetError());
		return NULL;
	}
	/* Opened once to know that it plays, then let go until a reading:
	 * an open device, even paused, is fed silence by SDL's audio thread
	 * without end (the card kept busy, the board woken every few ms). */
	SDL_AudioDeviceID dev = device_open();
	if (!dev) {
		snprintf(err, errlen, "no audio device: %s", SDL_GetError());
		SDL_QuitSubSystem(SDL_INIT_AUDIO);
		return NULL;
	}
	SDL_CloseAudioDevice(dev);
	Speech *sp = calloc(1, sizeof(*sp));
	if (!sp) {
		snprintf(err, errlen, "out of memory");
		SDL_QuitSubSystem(SDL_INIT_AUDIO);
		return NULL;
	}
	pthread_mutex_init(&sp->lock, NULL);
	pthread_cond_init(&sp->wake, NULL);
	voices_scan(&sp->voices);
	if (sp->voices.known)
		fprintf(stderr, "kiosk: voices for %zu languages\n", sp->voices.n);
	return sp;
}

/* The length of tag's first part (its language, "de" of "de-AT" or of
 * "de+f3"). */
static size_t primary_len(const char *tag)
{
	return strcspn(tag, "-_+");
}

/* Whether voice is one of language's (the same first part, whatever the
 * case). */
static bool voice_speaks(const char *voice, const char *language)
{
	size_t n = primary_len(voice);
	return n == primary_len(language) && strncasecmp(voice, language, n) == 0;
}

/* Whether voice v is one of language's: any of the languages it lists
 * (espeak-ng packs them as a priority byte then a name, ending at a zero
 * priority), so Mandarin, listed "cmn", "zh-cmn", "zh", is one of zh's. */
static bool voice_lists(const espeak_VOICE *v, const char *language)
{
	for (const char *p = v->languages; p && *p; p += strlen(p + 1) + 2)
		if (voice_speaks(p + 1, language))
			return true;
	return false;
}

/* The board's voice closest to language (up to any "+variant"), with
 * voice's variant when it has one; false when the board has none of the
 * language. */
static bool voice_for_language(const char *voice, const char *language)
{
	char tag[sizeof(((Speech *)0)->language)];
	size_t i = 0;
	for (; language[i] && language[i] != '+' && i + 1 < sizeof(tag); i++)
		tag[i] = language[i] == '_' ? '-' : (char)tolower((unsigned char)language[i]);
	tag[i] = '\0';
	espeak_VOICE sel = {.languages = tag};
	if (es.set_voice_by_properties(&sel) != ENS_OK)
		return false;
	const espeak_VOICE *v = es.current_voice();
	if (!v || !v->languages || !voice_lists(v, tag)) {
		/* espeak-ng settles for any voice when none speaks it. */
		return false;
	}
	const char *variant = strchr(voice, '+');
	if (variant) {
		char name[80];
		snprintf(name, sizeof(name), "%s%s", v->languages + 1, variant);
		es.set_voice_by_name(name); /* the voice stays without it else */
	}
	return true;
}

/* espeak-ng started, with the reading's voice, rate and volume; on the
 * synthesis thread (the first time loads its data, a few tens of ms). */
static bool voice_begin(Speech *sp)
{
	if (!sp->voice_ready) {
		es.initialize_path(NULL);
		if (es.initialize(NULL) != ENS_OK ||
		    es.initialize_output(ENOUTPUT_MODE_SYNCHRONOUS, 0, NULL) != ENS_OK)
			return false;
		es.set_synth_callback(on_samples);
		sp->voice_ready = true;
	}
	/* The text's language first; then the voice named, by its name
	 * ("en-us+f3") or as a language ("en-GB", which no voice is called);
	 * a voice the board lacks falls back to English rather than to
	 * silence. */
	bool set = sp->language[0] && !voice_speaks(sp->voice, sp->language) &&
	           voice_for_language(sp->voice, sp->language);
	set = set || es.set_voice_by_name(sp->voice) == ENS_OK ||
	      voice_for_language(sp->voice, sp->voice) || es.set_voice_by_name("en") == ENS_OK;
	if (!set)
		return false;
	const espeak_VOICE *v = es.current_voice();
	if (v && v->name && v->languages)
		fprintf(stderr, "kiosk: reading aloud with espeak-ng's %s voice (%s)\n", v->name,
		        v->languages + 1);
	es.set_parameter(espeakRATE, sp->set.rate, 0);
	es.set_parameter(espeakVOLUME, sp->set.volume, 0);
	return true;
}

static void *synthesise(void *arg)
{
	Speech *sp = arg;
	synthesising = sp;
	bool ok = voice_begin(sp);
	uint64_t total = 0;
	for (size_t i = sp->from; ok && i < sp->n; i++) {
		/* No further ahead than a few seconds of what is heard (by the
		 * caller's clock: the headless kiosk's is virtual). */
		pthread_mutex_lock(&sp->lock);
		while (!atomic_load(&sp->cancel) &&
		       total > sp->played + (uint64_t)SPEECH_RATE * SPEECH_AHEAD_MS / 1000) {
			struct timespec t;
			clock_gettime(CLOCK_REALTIME, &t);
			t.tv_nsec += 50 * 1000000L;
			if (t.tv_nsec >= 1000000000L) {
				t.tv_sec++;
				t.tv_nsec -= 1000000000L;
			}
			pthread_cond_timedwait(&sp->wake, &sp->lock, &t);
		}
		bool cancel = atomic_load(&sp->cancel);
		pthread_mutex_unlock(&sp->lock);
		if (cancel)
			break;
		sp->len = 0;
		const char *s = sp->text[i];
		if (es.synthesize(s, strlen(s) + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, NULL,
		                  NULL) != ENS_OK ||
		    es.synchronize() != ENS_OK) {
			ok = false;
			break;
		}
		/* The breath after it, as silence. */
		static const int16_t zero[256];
		size_t gap = SPEECH_RATE * SPEECH_GAP_MS / 1000;
		for (size_t k = 0; k < gap; k += 256)
			on_samples((short *)zero, (int)(gap - k < 256 ? gap - k : 256), NULL);
		if (SDL_QueueAudio(sp->dev, sp->buf, (Uint32)(sp->len * sizeof(int16_t))) != 0) {
			ok = false;
			break;
		}
		total += sp->len;
		pthread_mutex_lock(&sp->lock);
		sp->ends[i] = total;
		sp->made = i + 1;
		pthread_cond_broadcast(&sp->wake);
		pthread_mutex_unlock(&sp->lock);
	}
	pthread_mutex_lock(&sp->lock);
	sp->failed = !ok;
	sp->done = true;
	pthread_cond_broadcast(&sp->wake);
	pthread_mutex_unlock(&sp->lock);
	synthesising = NULL;
	return NULL;
}

static void free_text(Speech *sp)
{
	for (size_t i = 0; sp->text && i < sp->n; i++)
		free(sp->text[i]);
	free(sp->text);
	free(sp->ends);
	sp->text = NULL;
	sp->ends = NULL;
	sp->n = sp->made = sp->from = 0;
}

void speech_stop(Speech *sp)
{
	if (!sp)
		return;
	if (sp->running) {
		pthread_mutex_lock(&sp->lock);
		atomic_store(&sp->cancel, true);
		pthread_cond_signal(&sp->wake);
		pthread_mutex_unlock(&sp->lock);
		pthread_join(sp->thread, NULL);
		sp->running = false;
	}
	if (sp->dev)
		SDL_CloseAudioDevice(sp->dev);
	sp->dev = 0;
	free_text(sp);
	atomic_store(&sp->cancel, false);
	sp->reading = sp->paused = false;
}

int speech_start(Speech *sp, const SpeechSettings *set, const char *const *sentences, size_t n,
                 size_t from, uint64_t now, char *err, size_t errlen)
{
	speech_stop(sp);
	if (from >= n) {
		snprintf(err, errlen, "nothing to read");
		return -1;
	}
	if (!espeak_load()) {
		snprintf(err, errlen, "espeak-ng cannot be opened (%s)", dlerror());
		return -1;
	}
	if (!(sp->dev = device_open())) {
		snprintf(err, errlen, "the audio device will not open: %s", SDL_GetError());
		return -1;
	}
	sp->set = *set;
	snprintf(sp->voice, sizeof(sp->voice), "%s", set->voice ? set->voice : "en");
	snprintf(sp->language, sizeof(sp->language), "%s", set->language ? set->language : "");
	const char *why = "out of memory";
	sp->text = calloc(n, sizeof(*sp->text));
	sp->ends = calloc(n, sizeof(*sp->ends));
	if (!sp->text || !sp->ends)
		goto fail;
	sp->n = n;
	for (size_t i = from; i < n; i++)
		if (!(sp->text[i] = strdup(sentences[i])))
			goto fail;
	sp->from = from;
	sp->made = from;
	sp->failed = false;
	sp->done = false;
	sp->played = 0;
	sp->reading = true;
	sp->paused = false;
	sp->start = now;
	sp->paused_for = 0;
	if (pthread_create(&sp->thread, NULL, synthesise, sp) != 0) {
		why = "the voice's thread could not start";
		goto fail;
	}
	sp->running = true;
	SDL_PauseAudioDevice(sp->dev, 0);
	return 0;
fail:
	snprintf(err, errlen, "%s", why);
	speech_stop(sp); /* the text and the device */
	return -1;
}

void speech_pause(Speech *sp, bool paused, uint64_t now)
{
	if (!sp || !sp->reading || sp->paused == paused)
		return;
	sp->paused = paused;
	if (paused)
		sp->paused_at = now;
	else
		sp->paused_for += now - sp->paused_at;
	SDL_PauseAudioDevice(sp->dev, paused ? 1 : 0);
}

/* Samples heard at now: the time read, paused time left out. */
static uint64_t played_at(const Speech *sp, uint64_t now)
{
	uint64_t at = sp->paused ? sp->paused_at : now;
	uint64_t ms = at > sp->start + sp->paused_for ? at - sp->start - sp->paused_for : 0;
	return ms * SPEECH_RATE / 1000;
}

int speech_heard(Speech *sp, uint64_t now)
{
	if (!sp || !sp->reading)
		return -1;
	uint64_t sample = played_at(sp, now);
	pthread_mutex_lock(&sp->lock);
	if (sample > sp->played) {
		sp->played = sample;
		pthread_cond_broadcast(&sp->wake);
	}
	size_t made = sp->made;
	bool failed = sp->failed;
	int heard = (int)sp->from;
	for (size_t i = sp->from; i < made && sample >= sp->ends[i]; i++)
		heard = (int)i + 1;
	pthread_mutex_unlock(&sp->lock);
	/* Past the last sentence made: over when all are made (or the voice
	 * gave up); else the one being made is next. */
	if ((size_t)heard >= sp->n || (failed && (size_t)heard >= made))
		return -1;
	return heard;
}

void speech_catch_up(Speech *sp, uint64_t now)
{
	if (!sp || !sp->reading)
		return;
	uint64_t sample = played_at(sp, now);
	struct timespec t;
	clock_gettime(CLOCK_REALTIME, &t);
	t.tv_sec += 5;
	pthread_mutex_lock(&sp->lock);
	if (sample > sp->played) {
		sp->played = sample;
		pthread_cond_broadcast(&sp->wake);
	}
	while (!sp->done && (sp->made == sp->from || sp->ends[sp->made - 1] <= sample))
		if (pthread_cond_timedwait(&sp->wake, &sp->lock, &t) != 0)
			break;
	pthread_mutex_unlock(&sp->lock);
}

bool speech_busy(const Speech *sp)
{
	return sp && sp->reading && !sp->paused;
}

void speech_close(Speech *sp)
{
	if (!sp)
		return;
	speech_stop(sp);
	if (sp->voice_ready)
		es.terminate();
	free(sp->buf);
	pthread_mutex_destroy(&sp->lock);
	pthread_cond_destroy(&sp->wake);
	free(sp);
	SDL_QuitSubSystem(SDL_INIT_AUDIO);
}

bool speech_speaks(const Speech *sp, const char *language)
{
	return sp && voices_speak(&sp->voices, language);
}
