#include "core/screen/look/words.h"

#include <string.h>

#include "core/document/model/lang.h"

/* Marks a msgid for xgettext (`make pot`); expands to the string. */
#ifndef N_
#define N_(s) s
#endif

static const char *const MSGIDS[WORD_COUNT] = {
    [WORD_HEALTH_INFORMATION] = N_("Health information"),
    [WORD_TAP_A_SUBJECT] = N_("Tap a subject to read about it."),
    /* TRANSLATORS: under an article's name in the list of articles. */
    [WORD_TOPICS_N] = N_("Topics: %d"),
    [WORD_ALL_SUBJECTS] = N_("All subjects"),
    [WORD_CHOOSE_TOPIC] = N_("Choose a topic"),
    /* TRANSLATORS: above the buttons that show an article in another
     * language. */
    [WORD_LANGUAGE] = N_("Language"),
    [WORD_PREVIOUS] = N_("Previous"),
    [WORD_NEXT] = N_("Next"),
    [WORD_HOME] = N_("Home"),
    /* TRANSLATORS: which topic of how many, after the article's name. */
    [WORD_TOPIC_N_OF_M] = N_("%1$d of %2$d"),
    [WORD_NOTHING_MORE] = N_("There is nothing more under this topic."),
    [WORD_CLOSE] = N_("Close"),
    [WORD_PICTURE] = N_("Picture"),
    [WORD_TOUCH_TO_EXPLORE] = N_("Touch the screen to explore"),
    [WORD_OK] = N_("OK"),
    /* TRANSLATORS: above the numbered notes (footnotes) at a topic's end. */
    [WORD_NOTES] = N_("Notes"),
    /* TRANSLATORS: the three text size buttons, smallest to largest: a
     * letter of the script (or a short word) growing by "+". */
    [WORD_TEXT_SIZE_0] = N_("A"),
    [WORD_TEXT_SIZE_1] = N_("A+"),
    [WORD_TEXT_SIZE_2] = N_("A++"),
    /* TRANSLATORS: what the text size buttons are, read by a screen
     * reader. */
    [WORD_TEXT_SIZE] = N_("Text size"),
    /* TRANSLATORS: a toggle to black text on white, for poor eyesight. */
    [WORD_HIGH_CONTRAST] = N_("High contrast"),
    /* TRANSLATORS: over a countdown, shortly before the screen goes back
     * to showing its topics to the room. */
    [WORD_STILL_READING] = N_("Still reading?"),
    [WORD_KEEP_GOING] = N_("Touch to keep going"),
    /* TRANSLATORS: have the topic read aloud. */
    [WORD_LISTEN] = N_("Listen"),
    [WORD_PAUSE] = N_("Pause"),
    /* TRANSLATORS: go on reading aloud after a pause. */
    [WORD_GO_ON] = N_("Go on"),
    /* TRANSLATORS: stop reading aloud. */
    [WORD_STOP] = N_("Stop"),
    [WORD_CHECKING] = N_("Checking new content…"),
    [WORD_MB_OF_MB] = N_("%1$.1f MB of %2$.1f MB."),
    [WORD_LEAVE_STICK_IN] = N_("Please leave the USB stick in until this is done."),
    [WORD_CANNOT_SHOW_NEW] = N_("The new content could not be shown"),
    [WORD_UPDATED_N_M] = N_("Content updated — topics: %1$u, pictures: %2$u"),
    /* TRANSLATORS: %s is the name of whoever signed the content. */
    [WORD_SIGNED_BY] = N_("Signed by %s."),
    [WORD_FLOOR_RESET] = N_("The version floor is reset to this content."),
    [WORD_SHOWING_NOW] = N_("The new content is showing now."),
    [WORD_REMOVE_STICK] = N_("You can remove the USB stick now."),
    [WORD_ALREADY_SHOWING] = N_("This content is already showing"),
    [WORD_NOTHING_CHANGED] = N_("Nothing was changed."),
    [WORD_NO_KIOSK_CONTENT] = N_("This USB stick has no kiosk content"),
    [WORD_KIOSK_FOLDER] = N_("Content goes in a folder named \"kiosk\" on the stick."),
    [WORD_STICK_REMOVED] = N_("The USB stick was removed before the update finished"),
    [WORD_UPDATE_REMOVED] = N_("The update was removed before it finished"),
    [WORD_STICK_UNUSABLE] = N_("The content on this USB stick could not be used"),
    [WORD_UPDATE_UNUSABLE] = N_("The new content could not be used"),
    [WORD_NOT_SAVED] = N_("The update could not be saved"),
    /* TRANSLATORS: after the first few problems a notice lists; %s is how
     * many more there are. */
    [WORD_AND_N_MORE] = N_("and %s more"),
    /* TRANSLATORS: on the progress screen once the stick has been read,
     * while the kiosk checks the copy it made. */
    [WORD_CHECKING_COPY] = N_("Checking the copy."),
    /* TRANSLATORS: %s is a time as a clock shows it: "1:05" (minutes and
     * seconds) or "1:02:05". */
    [WORD_TIME_LEFT] = N_("Time left: %s."),
    [WORD_STORAGE_FULL] = N_("The kiosk's storage is full."),
    [WORD_STORAGE_READ_ONLY] = N_("The kiosk's storage is read-only."),
    /* TRANSLATORS: %s is the system's reason, in English. */
    [WORD_STORAGE_FAILED] = N_("The kiosk's storage failed (%s)."),
    /* TRANSLATORS: %1$s and %2$s are sizes such as "480 MB". */
    [WORD_NEEDS_ROOM] = N_("It needs %1$s, and the kiosk's storage has %2$s free."),
    [WORD_BUSY] = N_("Another update is already running."),
    /* TRANSLATORS: the title of the notice after the usage figures were
     * written to a USB stick that asked for them. */
    [WORD_FIGURES_SAVED] = N_("Usage figures saved"),
    /* TRANSLATORS: %s is the file's name, "kiosk-usage-2026-10-14.csv". */
    [WORD_FIGURES_FILE] = N_("The file %s is in the stick's kiosk folder."),
    [WORD_FIGURES_NOT_SAVED] = N_("The usage figures could not be saved"),
    [WORD_STICK_READ_ONLY] = N_("The USB stick cannot be written to."),
    [WORD_STICK_FULL] = N_("The USB stick is full."),
    /* TRANSLATORS: %s is the system's reason, in English. */
    [WORD_STICK_FAILED] = N_("Writing to the USB stick failed (%s)."),
    /* TRANSLATORS: the software updates below are of the kiosk's own
     * program (its operating system and application), not of the health
     * content it shows. While a new version of it is being written. */
    [WORD_SW_INSTALLING] = N_("Installing new software…"),
    [WORD_SW_INSTALLED] = N_("New software installed"),
    /* TRANSLATORS: %s is a version such as "1.4.2". The kiosk restarts by
     * itself some seconds later. */
    [WORD_SW_STARTS] = N_("Version %s starts when the kiosk restarts in a moment."),
    /* TRANSLATORS: the stick holds the version of the kiosk's software that
     * already runs (a stick left in after the restart gets this). */
    [WORD_SW_SAME_TITLE] = N_("This software is already installed"),
    /* TRANSLATORS: %s is a version such as "1.4.2". */
    [WORD_SW_SAME] = N_("Version %s is already running."),
    [WORD_SW_UNUSABLE] = N_("The software update could not be used"),
    /* TRANSLATORS: %1$s is a file as it is on the stick
     * ("kiosk/update/kiosk-1.2.raucb"), %2$s its version, %3$s the version
     * running now. */
    [WORD_SW_OLDER] = N_("%1$s is version %2$s, older than the version running (%3$s)."),
    /* TRANSLATORS: %s is a file as it is on the stick
     * ("kiosk/update/kiosk-1.4.raucb"). */
    [WORD_SW_SIGNATURE] = N_("%s is not signed with a key this kiosk trusts."),
    /* TRANSLATORS: %s is a file as it is on the stick. The update is for
     * another kind of board or kiosk. */
    [WORD_SW_COMPATIBLE] = N_("%s is not made for this kiosk."),
    /* TRANSLATORS: %s is a file as it is on the stick. */
    [WORD_SW_DAMAGED] = N_("%s is damaged or incomplete."),
    /* TRANSLATORS: %s is the reason, in English. */
    [WORD_SW_FAILED] = N_("The software update could not be installed (%s)."),
    /* TRANSLATORS: %s is a file as it is on the stick. Said by a kiosk
     * set up without the means to install software (a desktop computer). */
    [WORD_SW_NO_HELPER] = N_("This kiosk cannot install software updates, so %s was not used."),
    /* TRANSLATORS: %1$s is a folder as it is on the stick ("kiosk/update"),
     * %2$s how many update files it holds (2 or more). */
    [WORD_SW_MANY] = N_("%1$s holds %2$s software updates; leave one."),
    /* TRANSLATORS: %s is a file as it is on the stick. */
    [WORD_SW_BAD_NAME] = N_("The name of %s may hold only the letters A to Z, digits and . _ + ~ "
                            "- (100 at most)."),
    /* TRANSLATORS: shown once after the kiosk started a new version of its
     * own software. */
    [WORD_SW_UPDATED] = N_("The kiosk's software was updated"),
    /* TRANSLATORS: %s is a version such as "1.4.2". */
    [WORD_SW_RUNNING] = N_("Version %s is running."),
    [WORD_SW_FALLBACK_TITLE] = N_("The software update did not start"),
    /* TRANSLATORS: %1$s is the new version, which failed to start twice;
     * %2$s the version the kiosk went back to and runs now. */
    [WORD_SW_FALLBACK] = N_("Version %1$s could not start twice, so the kiosk went back to "
                            "version %2$s."),
    /* TRANSLATORS: under an article's title: when its authors last checked
     * it. %1$s is a month's name (one of the twelve below, as they stand
     * alone: the nominative), %2$s the year: "Reviewed October 2026". */
    [WORD_REVIEWED] = N_("Reviewed %1$s %2$s"),
    [WORD_MONTH_1] = N_("January"),
    [WORD_MONTH_2] = N_("February"),
    [WORD_MONTH_3] = N_("March"),
    [WORD_MONTH_4] = N_("April"),
    /* TRANSLATORS: the month. */
    [WORD_MONTH_5] = N_("May"),
    [WORD_MONTH_6] = N_("June"),
    [WORD_MONTH_7] = N_("July"),
    [WORD_MONTH_8] = N_("August"),
    [WORD_MONTH_9] = N_("September"),
    [WORD_MONTH_10] = N_("October"),
    [WORD_MONTH_11] = N_("November"),
    [WORD_MONTH_12] = N_("December"),
    /* TRANSLATORS: the title of the staff's screens behind a PIN. */
    [WORD_SV_TITLE] = N_("Service"),
    [WORD_SV_ENTER_PIN] = N_("Enter the service PIN"),
    /* TRANSLATORS: %s is a number. */
    [WORD_SV_WRONG_PIN] = N_("Wrong PIN. Tries left: %s."),
    /* TRANSLATORS: %s is a time as a clock shows it: "4:59" (minutes and
     * seconds). */
    [WORD_SV_LOCKED] = N_("Too many wrong tries. Try again in %s."),
    [WORD_SV_NO_PIN] = N_("No service PIN is set on this kiosk. Set service_pin in kiosk.conf "
                          "(kiosk pin makes the line)."),
    [WORD_SV_CHECKING] = N_("Checking the PIN…"),
    /* TRANSLATORS: on the PIN pad: take the last digit away. */
    [WORD_SV_ERASE] = N_("Erase"),
    /* TRANSLATORS: %s is the content's version and the date it was made. */
    [WORD_SV_CONTENT] = N_("Content: %s"),
    [WORD_SV_UNSIGNED] = N_("Not signed."),
    [WORD_SV_BUILT_IN] = N_("the built-in content"),
    /* TRANSLATORS: %s is what the last USB stick or update came to. */
    [WORD_SV_IMPORT] = N_("Last update: %s"),
    [WORD_SV_NO_IMPORT] = N_("none yet"),
    /* TRANSLATORS: %s is the program's version. */
    [WORD_SV_SOFTWARE] = N_("Software: %s"),
    /* TRANSLATORS: %s is a time: hours, minutes and seconds, "2:05:10". */
    [WORD_SV_UPTIME] = N_("Running for: %s"),
    /* TRANSLATORS: %s is a size such as "1.2 GB". */
    [WORD_SV_STORAGE] = N_("Free storage: %s"),
    /* TRANSLATORS: %s is the date and time, "2026-12-03 13:05". */
    [WORD_SV_CLOCK] = N_("Clock: %s"),
    [WORD_SV_ROLL_BACK] = N_("Go back to the previous content"),
    /* TRANSLATORS: a screen that draws where fingers touch it. */
    [WORD_SV_TOUCH_TEST] = N_("Touch test"),
    /* TRANSLATORS: the screen ignores touch for a while so it can be
     * wiped. */
    [WORD_SV_CLEANING] = N_("Cleaning"),
    /* TRANSLATORS: start the kiosk program again. */
    [WORD_SV_RESTART] = N_("Restart"),
    /* TRANSLATORS: how the picture is turned on the panel, in degrees. */
    [WORD_SV_ROTATION] = N_("Rotation"),
    [WORD_SV_ROLLED_BACK] = N_("The previous content is back."),
    [WORD_SV_NO_PREVIOUS] = N_("There is no previous content to go back to."),
    /* TRANSLATORS: %s is the reason, in English. */
    [WORD_SV_FAILED] = N_("It could not be done: %s"),
    [WORD_SV_TOUCH_HINT] = N_("Touch anywhere: a dot shows where each finger lands."),
    [WORD_SV_BACK] = N_("Back"),
    [WORD_SV_CLEANING_NOW] = N_("Cleaning: the screen ignores touch"),
    /* TRANSLATORS: a button: write the usage figures onto the USB stick
     * in the kiosk. */
    [WORD_SV_EXPORT] = N_("Export usage figures"),
    [WORD_SV_NO_STICK] = N_("Insert a USB stick first."),
    /* TRANSLATORS: "kiosk" is the folder's name: not translated. */
    [WORD_SV_NO_FOLDER] = N_("The USB stick has no kiosk folder: make a folder named kiosk on it."),
    /* TRANSLATORS: the clock screen, where staff set the date and time. */
    [WORD_SET_CLOCK] = N_("Set the clock"),
    [WORD_DAY] = N_("Day"),
    [WORD_MONTH] = N_("Month"),
    [WORD_YEAR] = N_("Year"),
    [WORD_HOUR] = N_("Hour"),
    [WORD_MINUTE] = N_("Minute"),
    /* TRANSLATORS: sets the clock to the date and time chosen. */
    [WORD_SAVE] = N_("Save"),
    [WORD_CANCEL] = N_("Cancel"),
    [WORD_CLOCK_SET] = N_("The clock is set."),
    /* TRANSLATORS: %s is the system's reason, in English. */
    [WORD_CLOCK_NOT_SET] = N_("The clock could not be set (%s)."),
};

const char *words_msgid(WordId id)
{
	return (unsigned)id < WORD_COUNT && MSGIDS[id] ? MSGIDS[id] : "";
}

const Words *words_for(const Lexicon *lx, const char *lang)
{
	if (!lx)
		return NULL;
	for (size_t i = 0; lang && *lang && i < lx->n; i++)
		if (lang_same(lx->langs[i].lang, lang))
			return &lx->langs[i];
	return lx->main;
}

const char *word(const Words *w, WordId id)
{
	if ((unsigned)id >= WORD_COUNT)
		return "";
	if (w && w->text[id] && *w->text[id])
		return w->text[id];
	return MSGIDS[id];
}

const char *words_lookup(const Words *w, const char *msgid)
{
	for (size_t i = 0; w && msgid && i < w->nmsgs; i++)
		if (strcmp(w->msgids[i], msgid) == 0)
			return w->msgs[i] && *w->msgs[i] ? w->msgs[i] : msgid;
	return msgid;
}

const char *words_translate(const void *ctx, const char *msgid)
{
	return words_lookup(ctx, msgid);
}

static void put(char *out, size_t size, size_t *at, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++, (*at)++)
		if (*at + 1 < size)
			out[*at] = s[i];
}

size_t words_fill(char *out, size_t size, const char *tmpl, const char *const *args, size_t nargs)
{
	size_t at = 0, next = 0;
	for (const char *p = tmpl; *p;) {
		if (*p != '%') {
			put(out, size, &at, p++, 1);
			continue;
		}
		if (p[1] == '%') {
			put(out, size, &at, "%", 1);
			p += 2;
			continue;
		}
		/* %[N$][flags][width][.precision][length]conversion */
		const char *q = p + 1;
		size_t n = 0;
		while (*q >= '0' && *q <= '9')
			n = n * 10 + (size_t)(*q++ - '0');
		size_t arg = next;
		if (*q == '$' && n > 0) {
			arg = n - 1;
			q++;
		} else {
			q = p + 1;
		}
		/* A width or precision ('*' too) is the writer's business:
		 * the argument is already written out. */
		while (*q && strchr("-+ #0123456789.*hlLqjzt", *q))
			q++;
		if (!*q || !strchr("diouxXeEfFgGcs", *q)) {
			/* Not a conversion: the text stands as written. */
			put(out, size, &at, p++, 1);
			continue;
		}
		if (arg < nargs && args[arg])
			put(out, size, &at, args[arg], strlen(args[arg]));
		next = arg + 1;
		p = q + 1;
	}
	if (size)
		out[at < size ? at : size - 1] = '\0';
	return at;
}
