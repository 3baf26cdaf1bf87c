/* words: every word the kiosk itself shows, in one table. A word's English
 * is its gettext msgid (po/kiosk.pot is extracted from words.c); the
 * platform looks each one up in the catalogues po/ compiles to and hands
 * layout a Lexicon: the words in every language it has, and the one the
 * settings name. A screen speaks its article's language when there are
 * words for it, else the settings' language, else English.
 *
 * A new word: a row in WordId and in words.c, then `make pot` and its
 * translation in every po/LANG.po (tests/po fails on one left out).
 * Pure C; the Lexicon's strings belong to whoever made it.
 */
#ifndef KIOSK_WORDS_H
#define KIOSK_WORDS_H

#include <stddef.h>

typedef enum {
	/* On screen: Home, topics, pictures, attract mode. */
	WORD_HEALTH_INFORMATION,
	WORD_TAP_A_SUBJECT,
	WORD_TOPICS_N, /* "Topics: %d" */
	WORD_ALL_SUBJECTS,
	WORD_CHOOSE_TOPIC,
	WORD_LANGUAGE,
	WORD_PREVIOUS,
	WORD_NEXT,
	WORD_HOME,
	WORD_TOPIC_N_OF_M, /* "%1$d of %2$d" */
	WORD_NOTHING_MORE,
	WORD_CLOSE,
	WORD_PICTURE,
	WORD_TOUCH_TO_EXPLORE,
	WORD_OK,
	WORD_NOTES, /* above the notes at the end of a topic */
	/* What a visitor can change, and the warning before attract mode. */
	WORD_TEXT_SIZE_0, /* the text size buttons: "A", "A+", "A++" */
	WORD_TEXT_SIZE_1,
	WORD_TEXT_SIZE_2,
	WORD_TEXT_SIZE,     /* what the three are, for a screen reader */
	WORD_HIGH_CONTRAST, /* the toggle to the high-contrast colours */
	WORD_STILL_READING, /* the warning before attract mode: its heading */
	WORD_KEEP_GOING,    /* and what to do */
	WORD_LISTEN,        /* read the topic aloud */
	WORD_PAUSE,         /* pause the reading */
	WORD_GO_ON,         /* go on reading after a pause */
	WORD_STOP,          /* stop reading */
	/* Notices about new content. */
	WORD_CHECKING,
	WORD_MB_OF_MB, /* "%1$.1f MB of %2$.1f MB." */
	WORD_LEAVE_STICK_IN,
	WORD_CANNOT_SHOW_NEW,
	WORD_UPDATED_N_M, /* "Content updated — topics: %1$u, pictures: %2$u" */
	WORD_SIGNED_BY,   /* "Signed by %s." */
	WORD_FLOOR_RESET,
	WORD_SHOWING_NOW,
	WORD_REMOVE_STICK,
	WORD_ALREADY_SHOWING,
	WORD_NOTHING_CHANGED,
	WORD_NO_KIOSK_CONTENT,
	WORD_KIOSK_FOLDER,
	WORD_STICK_REMOVED,
	WORD_UPDATE_REMOVED,
	WORD_STICK_UNUSABLE,
	WORD_UPDATE_UNUSABLE,
	WORD_NOT_SAVED,
	WORD_AND_N_MORE, /* "and %s more": after a notice's first problems */
	WORD_CHECKING_COPY,
	WORD_TIME_LEFT, /* "Time left: %s." */
	WORD_STORAGE_FULL,
	WORD_STORAGE_READ_ONLY,
	WORD_STORAGE_FAILED, /* "The kiosk's storage failed (%s)." */
	WORD_NEEDS_ROOM,     /* "It needs %1$s, and the kiosk's storage has %2$s free." */
	WORD_BUSY,
	/* Usage figures written to a stick (platform/usage/export.h). */
	WORD_FIGURES_SAVED,
	WORD_FIGURES_FILE, /* "The file %s is in the stick's kiosk folder." */
	WORD_FIGURES_NOT_SAVED,
	WORD_STICK_READ_ONLY,
	WORD_STICK_FULL,
	WORD_STICK_FAILED, /* "Writing to the USB stick failed (%s)." */
	/* Software updates (platform/software, README.md). */
	WORD_SW_INSTALLING,
	WORD_SW_INSTALLED,
	WORD_SW_STARTS,     /* "Version %s starts when the kiosk restarts in a moment." */
	WORD_SW_SAME_TITLE, /* the version staff brought already runs */
	WORD_SW_SAME,       /* "Version %s is already running." */
	WORD_SW_UNUSABLE,   /* the title of every refusal */
	WORD_SW_OLDER,      /* "%1$s is version %2$s, older than the version running (%3$s)." */
	WORD_SW_SIGNATURE,  /* "%s is not signed with a key this kiosk trusts." */
	WORD_SW_COMPATIBLE, /* "%s is not made for this kiosk." */
	WORD_SW_DAMAGED,    /* "%s is damaged or incomplete." */
	WORD_SW_FAILED,     /* "The software update could not be installed (%s)." */
	WORD_SW_NO_HELPER,  /* "This kiosk cannot install software updates, so %s was not used." */
	WORD_SW_MANY,       /* "%1$s holds %2$s software updates; leave one." */
	WORD_SW_BAD_NAME,   /* "The name %s may hold only ..." */
	WORD_SW_UPDATED,    /* the notice at start after an update */
	WORD_SW_RUNNING,    /* "Version %s is running." */
	WORD_SW_FALLBACK_TITLE,
	WORD_SW_FALLBACK, /* "Version %1$s could not start twice, so the kiosk went back to version
	                     %2$s." */
	/* When an article was last reviewed, under its title on Home:
	 * "Reviewed %1$s %2$s" with a month's name and the year. */
	WORD_REVIEWED,
	WORD_MONTH_1, /* January; WORD_MONTH_1 + 11 is December */
	WORD_MONTH_2,
	WORD_MONTH_3,
	WORD_MONTH_4,
	WORD_MONTH_5,
	WORD_MONTH_6,
	WORD_MONTH_7,
	WORD_MONTH_8,
	WORD_MONTH_9,
	WORD_MONTH_10,
	WORD_MONTH_11,
	WORD_MONTH_12,
	/* The staff's screens behind the PIN (core/service). */
	WORD_SV_TITLE,
	WORD_SV_ENTER_PIN,
	WORD_SV_WRONG_PIN, /* "Wrong PIN. Tries left: %s." */
	WORD_SV_LOCKED,    /* "Too many wrong tries. Try again in %s." */
	WORD_SV_NO_PIN,
	WORD_SV_CHECKING,
	WORD_SV_ERASE,
	WORD_SV_CONTENT,  /* "Content: %s" */
	WORD_SV_UNSIGNED, /* the content carries no signature */
	WORD_SV_BUILT_IN, /* the content is the built-in one */
	WORD_SV_IMPORT,   /* "Last update: %s" */
	WORD_SV_NO_IMPORT,
	WORD_SV_SOFTWARE, /* "Software: %s" */
	WORD_SV_UPTIME,   /* "Running for: %s" */
	WORD_SV_STORAGE,  /* "Free storage: %s" */
	WORD_SV_CLOCK,    /* "Clock: %s" */
	WORD_SV_ROLL_BACK,
	WORD_SV_TOUCH_TEST,
	WORD_SV_CLEANING,
	WORD_SV_RESTART,
	WORD_SV_ROTATION,
	WORD_SV_ROLLED_BACK,
	WORD_SV_NO_PREVIOUS,
	WORD_SV_FAILED, /* "It could not be done: %s" */
	WORD_SV_TOUCH_HINT,
	WORD_SV_BACK,
	WORD_SV_CLEANING_NOW,
	WORD_SV_EXPORT,    /* the button: the usage figures onto the stick */
	WORD_SV_NO_STICK,  /* no stick to export to */
	WORD_SV_NO_FOLDER, /* the stick has no kiosk folder to write into */
	/* The clock screen (staff set the date and time). */
	WORD_SET_CLOCK, /* its heading */
	WORD_DAY,
	WORD_MONTH,
	WORD_YEAR,
	WORD_HOUR,
	WORD_MINUTE,
	WORD_SAVE,
	WORD_CANCEL,
	WORD_CLOCK_SET,     /* the notice after it was set */
	WORD_CLOCK_NOT_SET, /* the notice when it could not be */
	WORD_COUNT
} WordId;

/* One language's words: the table's, and the checker's problems (every
 * msgid of po/kiosk.pot, looked up by their English with words_lookup). */
typedef struct {
	const char *lang; /* BCP 47 */
	const char *text[WORD_COUNT];
	const char *const *msgids; /* the English of msgs[i] */
	const char *const *msgs;
	size_t nmsgs;
} Words;

typedef struct {
	const Words *langs; /* every language there are words for */
	size_t n;
	const Words *main; /* the settings' language's, or NULL: English */
} Lexicon;

/* A word's English: its msgid. */
const char *words_msgid(WordId id);
/* The words for text in lang: that language's when the lexicon has it,
 * else the settings' language's; NULL means English. lx may be NULL. */
const Words *words_for(const Lexicon *lx, const char *lang);
/* A word in w's language (its English when w is NULL or lacks it). */
const char *word(const Words *w, WordId id);
/* Any msgid's translation in w's language: a problem's template or a
 * fixed phrase (core/package/pkg.h); msgid itself when w is NULL or has
 * none. */
const char *words_lookup(const Words *w, const char *msgid);
/* words_lookup for pkg_report_line_in: ctx is the const Words *. */
const char *words_translate(const void *ctx, const char *msgid);
/* Fills a word's printf-style template ("%1$d of %2$d", "Signed by %s.")
 * with args, the values already written out, each conversion taking the
 * next argument or the numbered one: a translation may put them in
 * another order, and no translated text is ever a printf format. Writes
 * at most size bytes into out (always terminated); returns the length it
 * needed. */
size_t words_fill(char *out, size_t size, const char *tmpl, const char *const *args, size_t nargs);

#endif
