/* voices: the languages the board's espeak-ng has a voice for, read from
 * its data folder's voice files (espeak-ng-data/lang/..., each listing the
 * languages it speaks on its "language" lines).
 *
 * Asked before espeak-ng itself is started (it starts at the first Listen,
 * speech.c): a topic offers Listen only in a language the board can speak.
 * The firmware keeps only some voices (FIRMWARE_VOICES), and espeak-ng,
 * asked for a language it lacks, reads the text with another language's
 * sounds: letters of another script come out as near silence.
 *
 * The folder is the one espeak-ng reads: $ESPEAK_DATA_PATH/espeak-ng-data
 * or $ESPEAK_DATA_PATH itself when set, else the one Debian installs
 * beside the library. The Voices is the caller's, filled once.
 */
#ifndef KIOSK_VOICES_H
#define KIOSK_VOICES_H

#include <stdbool.h>
#include <stddef.h>

/* Languages told apart; espeak-ng 1.51 lists about 130. */
#define VOICES_MAX 256

typedef struct {
	char lang[VOICES_MAX][12]; /* first parts, lower case: "en", "cmn", "zh" */
	size_t n;
	bool known; /* the folder was read: without it every language is
	             * taken as spoken, as espeak-ng itself will say */
} Voices;

void voices_scan(Voices *v);
/* Whether a voice speaks language tag ("de-AT", "zh_CN"): by its first
 * part. A tag that is NULL or "" (the text's language not known) is read
 * in the voice the settings name, so it is spoken. */
bool voices_speak(const Voices *v, const char *tag);

#endif
