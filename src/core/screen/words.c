#include "core/screen/words.h"

static const char *const WORDS[WORD_COUNT] = {
    [WORD_TEXT_SIZE_0] = "A",
    [WORD_TEXT_SIZE_1] = "A+",
    [WORD_TEXT_SIZE_2] = "A++",
    [WORD_TEXT_SIZE] = "Text size",
    [WORD_HIGH_CONTRAST] = "High contrast",
    [WORD_STILL_READING] = "Still reading?",
    [WORD_KEEP_GOING] = "Touch to keep going",
    [WORD_TOUCH_TO_EXPLORE] = "Touch the screen to explore",
    [WORD_LISTEN] = "Listen",
    [WORD_PAUSE] = "Pause",
    [WORD_GO_ON] = "Go on",
    [WORD_STOP] = "Stop",
};

const char *words_get(WordId id)
{
	if ((unsigned)id >= WORD_COUNT || !WORDS[id])
		return "";
	return WORDS[id];
}
