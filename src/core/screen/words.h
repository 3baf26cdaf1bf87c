/* words: the words the kiosk's own controls and messages say to a visitor,
 * in one table, so that they can be translated in one place. Content (an
 * article's words) never comes from here.
 *
 * Pure C; the strings are static UTF-8.
 */
#ifndef KIOSK_WORDS_H
#define KIOSK_WORDS_H

typedef enum {
	WORD_TEXT_SIZE_0, /* the text size buttons: "A", "A+", "A++" */
	WORD_TEXT_SIZE_1,
	WORD_TEXT_SIZE_2,
	WORD_TEXT_SIZE,        /* what the three are, for a screen reader */
	WORD_HIGH_CONTRAST,    /* the toggle to the high-contrast colours */
	WORD_STILL_READING,    /* the warning before attract mode: its heading */
	WORD_KEEP_GOING,       /* and what to do */
	WORD_TOUCH_TO_EXPLORE, /* attract mode's prompt */
	WORD_LISTEN,           /* read the topic aloud */
	WORD_PAUSE,            /* pause the reading */
	WORD_GO_ON,            /* go on reading after a pause */
	WORD_STOP,             /* stop reading */
	WORD_COUNT
} WordId;

/* The words for id ("" for an id out of range). */
const char *words_get(WordId id);

#endif
