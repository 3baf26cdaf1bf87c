/* speech: a topic read aloud by espeak-ng (a voice on the board itself,
 * entirely offline) through SDL's audio, sentence by sentence.
 *
 * SDL's audio starts in speech_open, not before: a kiosk without speakers
 * finds no device and never offers to read aloud. The device itself is
 * open only from speech_start to speech_stop (or the reading's end), so
 * the sound card is left alone while nobody listens. espeak-ng starts on the
 * first reading and synthesises on a thread of its own, a few seconds
 * ahead of what is heard, so a long topic never holds much more than that
 * in memory. Which sentence is heard is worked out from the time the reading
 * has played (the caller's clock, paused time left out), so the headless
 * kiosk's virtual clock moves it as a real one does.
 * The Speech owns its thread, its audio device and its copies of the
 * sentences; speech_close releases them.
 */
#ifndef KIOSK_SPEECH_H
#define KIOSK_SPEECH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct Speech Speech;

typedef struct {
	const char *voice;    /* an espeak-ng voice: "en", "en-us", "de+f3" */
	const char *language; /* the text's BCP 47 tag ("de-AT"); NULL or ""
	                       * when not known */
	int rate;             /* words a minute */
	int volume;           /* percent, 100 normal */
} SpeechSettings;

/* Starts SDL's audio and tries the default device (opened and closed at
 * once): NULL, with why in err, when there is none or it will not open. */
Speech *speech_open(char *err, size_t errlen);
void speech_close(Speech *sp);
/* Reads sentences[from..n-1] aloud (copied), as if begun at now; whatever
 * was being read stops. The voice speaks the text's language: set->voice
 * when it is of that language (or the language is not known), else the
 * board's voice closest to the language (keeping set->voice's variant,
 * "+f3"), else set->voice, else English. 0, or -1 with err when the voice
 * cannot start. */
int speech_start(Speech *sp, const SpeechSettings *set, const char *const *sentences, size_t n,
                 size_t from, uint64_t now, char *err, size_t errlen);
void speech_pause(Speech *sp, bool paused, uint64_t now);
void speech_stop(Speech *sp);
/* The sentence heard at now; -1 once the last one has been heard, or
 * when nothing is being read. */
int speech_heard(Speech *sp, uint64_t now);
/* Whether the board has a voice for language (a BCP 47 tag; NULL or ""
 * when the text's is not known: the settings' voice reads it). */
bool speech_speaks(const Speech *sp, const char *language);
/* Reading and not paused: the loop should look again soon. */
bool speech_busy(const Speech *sp);
/* Waits (a few seconds at most) until the voice has made what is heard at
 * now: for a virtual clock, which runs ahead of any synthesis. */
void speech_catch_up(Speech *sp, uint64_t now);

#endif
