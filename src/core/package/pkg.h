/* pkg: the rules a content package (a USB stick's kiosk/ folder, an inbox
 * drop, the built-in content) must follow, as pure functions: path rules,
 * size limits, picture headers, and the list of problems in words a
 * receptionist understands ("images/lungs.png: not a picture the kiosk can
 * show (the file is text)").
 *
 * Nothing here touches files: platform/package/check/pkgcheck.c walks the folder and feeds
 * these. Pure C, no SDL. A PkgReport owns its strings; pkg_report_free
 * releases them.
 */
#ifndef KIOSK_PKG_H
#define KIOSK_PKG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Folders inside the package, counted from the package itself (a file at
 * the top is at depth 1). Deeper nesting is refused, not walked. */
#define PKG_DEPTH_MAX 16
/* Bytes of a path relative to the package (a name is at most 255). */
#define PKG_PATH_MAX 1024
/* Articles in one package (Home lists them all). */
#define PKG_ARTICLES_MAX 64
/* What a picture's header is read from before anything else. */
#define PKG_HEADER_BYTES (64 * 1024)

typedef struct {
	uint64_t max_package; /* bytes, all files together (512 MiB) */
	uint32_t max_files;   /* files and folders (2,000) */
	uint32_t max_article; /* bytes per article (1 MiB) */
	uint64_t max_image;   /* bytes per picture file (64 MiB) */
	uint32_t max_side;    /* pixels per side (8192) */
	uint64_t max_pixels;  /* pixels per picture (40 megapixels) */
} PkgLimits;

void pkg_limits_default(PkgLimits *l);

/* The arguments one problem's template takes at most. */
#define PKG_ARGS_MAX 6
/* The bytes of one problem's template and arguments, packed. */
#define PKG_WORDS_MAX 1024

/* Why a rule refused something, said so that it can be said again in the
 * reader's language: its English template (a msgid of po/kiosk.pot) with
 * each argument already written out, packed as pkg_words_pack packs them
 * (len 0: nothing said yet). pkg_why_english writes it out in English;
 * pkg_report_why adds it to a report; a sandboxed child sends its words
 * as they are. The caller's. */
typedef struct {
	char words[PKG_WORDS_MAX];
	size_t len;
} PkgWhy;

/* Says why: fmt is the English template, a string literal that `make pot`
 * extracts; each conversion is written out as an argument (as
 * pkg_report_add does). Nothing when why is NULL. */
void pkg_why_say(PkgWhy *why, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The same with the arguments in ap. */
void pkg_why_vsay(PkgWhy *why, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Says why in one fixed phrase made elsewhere (marked N_() where it is
 * written): the phrase is its own template. */
void pkg_why_phrase(PkgWhy *why, const char *phrase);
/* why as one line of text, for a record that cannot hold NULs: its
 * template and each argument, each ended by PKG_NESTED_END (a control
 * character, which a piece never holds: any in a name from a stick
 * becomes '?'). The bytes written, or 0 when they do not fit in size. */
size_t pkg_why_nested(const PkgWhy *why, char *out, size_t size);
/* Reads a line pkg_why_nested wrote (from a child: not trusted) into why:
 * 0, or -1 when s is not such a line. */
int pkg_why_from_nested(PkgWhy *why, const char *s);
/* A parser's error in its own char buffer (err, errlen bytes), said with
 * its words in pkg_why_nested's line, so that check can say it in the
 * reader's language; pkg_err_english gives its English. */
void pkg_err_say(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* err as a reason: its words when pkg_err_say wrote it, else err as a
 * phrase. */
void pkg_why_from_err(PkgWhy *why, const char *err);
/* err in English: itself, or its words written out when pkg_err_say
 * wrote it. */
void pkg_err_english(const char *err, char *out, size_t size);
/* why written out in English into out (size bytes): "" when nothing was
 * said. */
void pkg_why_english(const PkgWhy *why, char *out, size_t size);
/* why in English, in a buffer of the caller's kept for the call's line:
 * for messages and tests. */
#define PKG_WHY_TEXT(why, buf) (pkg_why_english((why), (buf), sizeof(buf)), (buf))

typedef enum { PKG_IMG_NONE, PKG_IMG_PNG, PKG_IMG_JPEG, PKG_IMG_WEBP, PKG_IMG_GIF } PkgImageFormat;

/* Most pictures decode row by row straight to the size they are shown at,
 * in a few hundred kilobytes whatever their size. These encodings make the
 * decoder hold the whole picture (or its whole file) at once instead. */
typedef enum {
	PKG_HOLD_NONE,
	PKG_HOLD_JPEG_SCANS,     /* progressive (or multi-scan) JPEG: every coefficient */
	PKG_HOLD_PNG_INTERLACED, /* Adam7: the rows arrive in seven passes */
	PKG_HOLD_WEBP,           /* the whole file, and a lossless or transparent one whole */
	PKG_HOLD_GIF_INTERLACED, /* the rows arrive in four passes */
} PkgHold;

/* What a decoder may hold for one picture beyond rows and the picture at
 * its shown size: keeps every picture within the limits under 64 MiB in
 * the checker and the live kiosk. Pictures that would need more are
 * refused with words saying how to save them instead. */
#define PKG_HOLD_MAX (24ull * 1024 * 1024)

typedef struct {
	PkgImageFormat format;
	uint32_t w, h;        /* as stored in the file */
	unsigned orientation; /* EXIF 1-8 (JPEG); 0 or 1: shown as stored */
	PkgHold hold;
	uint64_t hold_bytes; /* what the decoder holds at once (PKG_HOLD_NONE: 0) */
	bool lossless;       /* WebP: VP8L */
	bool alpha;          /* WebP: has transparency */
} PkgImageInfo;

/* Reads up to n bytes at offset off of a file into buf: how many were read
 * (fewer than n only at its end), or -1. */
typedef long (*PkgReadAt)(void *ctx, uint64_t off, unsigned char *buf, size_t n);

/* Reads a picture's format, size, orientation and what its decoder must
 * hold, from the first n bytes of the file (n >= PKG_HEADER_BYTES or the
 * whole file). The format comes from the magic bytes only, never from the
 * name. Returns 0; 1 when whole_file is false and what it needs lies
 * beyond the n bytes (a JPEG with large metadata first: use
 * pkg_image_probe_file); or -1 with the reason in why, a phrase to put in
 * "not a picture the kiosk can show (WHY)": "the file is empty", "the file
 * is text", "a HEIC photo", "the picture's header is damaged", ... */
int pkg_image_probe(const unsigned char *buf, size_t n, bool whole_file, PkgImageInfo *out,
                    PkgWhy *why);
/* The same for a whole file of size bytes, read through read_at a window
 * at a time (about 72 KiB held however far a JPEG's frame header lies
 * behind its metadata). 0, or -1 with why. */
int pkg_image_probe_file(PkgReadAt read_at, void *ctx, uint64_t size, PkgImageInfo *out,
                         PkgWhy *why);
/* The picture's size as shown: its orientation applied. */
void pkg_image_shown_size(const PkgImageInfo *info, uint32_t *w, uint32_t *h);
/* Checks a picture's size against the limits, and what its decoder must
 * hold against PKG_HOLD_MAX, before anything is decoded (a decompression
 * bomb costs nothing). 0, or -1 with a whole message in why ("the picture
 * is too large (20000 x 20000 pixels; at most 8192 pixels a side)"). */
int pkg_image_limits(const PkgImageInfo *info, const PkgLimits *l, PkgWhy *why);
/* Checks that the whole file of a picture (buf, n bytes) is all there: a
 * PNG's chunks reach IEND, a JPEG's scans reach the end-of-image marker, a
 * WebP's RIFF size fits, a GIF's blocks reach its trailer. Decoders fill in
 * a cut-off JPEG with grey, so this is what catches a file that was copied
 * only in part. 0, or -1 with a whole message in why. */
int pkg_image_complete(const unsigned char *buf, size_t n, PkgImageFormat fmt, PkgWhy *why);
/* The same for a whole file of size bytes, read through read_at a window
 * at a time. */
int pkg_image_complete_file(PkgReadAt read_at, void *ctx, uint64_t size, PkgImageFormat fmt,
                            PkgWhy *why);

/* Checks one relative path as found in the package: no "..", nothing
 * absolute, no control characters, valid UTF-8, no empty or over-long
 * parts. 0, or -1 with a phrase in why ("the name contains control
 * characters"). */
int pkg_path_check(const char *rel, PkgWhy *why);
/* Checks a picture reference as written in an article ("images/a.png"):
 * the path rules above plus no web addresses and no backslashes, in the
 * words an author needs ("pictures must be inside the kiosk folder").
 * 0, or -1 with why. */
int pkg_ref_check(const char *src, PkgWhy *why);
/* Lower-cases ASCII for case-insensitive matching (FAT shows ARTICLE.MD). */
void pkg_fold(const char *in, char *out, size_t size);
/* An article: a name ending in ".md" or ".docx" (any case) that is not
 * hidden. */
bool pkg_is_article_name(const char *name);
/* An article that is a Word document (".docx"). */
bool pkg_is_docx_name(const char *name);
/* A name that looks like a picture by its ending (.png, .jpg, .gif, ...),
 * for the warning about pictures nobody uses. */
bool pkg_is_picture_name(const char *name);
/* What other systems leave on sticks: hidden names (.DS_Store, "._*"
 * AppleDouble files, .Trashes, .fseventsd, .Spotlight-V100, .Trash-1000,
 * ...) and Windows' Thumbs.db, desktop.ini, System Volume Information,
 * $RECYCLE.BIN and the like, and Word's "~$" owner file beside a document
 * open on the stick. The one rule for check, import, sign and the
 * loader alike: such a file or folder (and all it holds) is not part of
 * the package: never copied, signed, counted against the limits, shown or
 * warned about. */
bool pkg_is_leftover_name(const char *name);
/* Whether name, in the package's folder dir ("" the top), is the folder of
 * software updates staff leave beside the content ("update" in any case at
 * the top, README.md "Software updates"): the firmware's, not the
 * package's, so by the same rule never copied, signed, counted or judged. */
bool pkg_is_software_folder(const char *dir, const char *name);

/* Checks an article's bytes: within max bytes, valid UTF-8, not empty (only
 * white space counts as empty). 0, or -1 with a whole message in why
 * ("not plain UTF-8 text (line 3 has a character the kiosk cannot
 * read)"). */
int pkg_article_text_check(const char *text, size_t len, uint64_t max, PkgWhy *why);

/* A byte count as people read it: "512 bytes", "312 KB", "3.2 MB". */
void pkg_format_bytes(uint64_t bytes, char *buf, size_t size);
/* How far over a byte limit: "1.2 MB; at most 1 MB", or "more than 1 MB"
 * when the two would read the same. */
void pkg_format_over(uint64_t bytes, uint64_t max, char *buf, size_t size);
/* Both counts as pkg_format_bytes writes them (size bytes each): true when
 * they read the same, so a problem says "more than LIM" rather than
 * "HAS; at most LIM". For problems that are translated, which put the
 * words around the numbers in their own template. */
bool pkg_format_sizes(uint64_t bytes, uint64_t max, char *has, char *lim, size_t size);
/* The room a copy needs beside the room there is: "480 MB" and "210 MB",
 * "2.1 GB" and "900 MB" (one decimal below 10). The need is rounded up
 * and the room down, so a need larger than the room never reads as
 * though it would fit. Each buffer of size bytes. */
void pkg_format_room(uint64_t need, uint64_t room, char *need_buf, char *room_buf, size_t size);

/* Marks a fixed phrase as a msgid for xgettext (`make pot`) where it is
 * not handed straight to pkg_report_add; expands to the string. */
#ifndef N_
#define N_(s) s
#endif

/* A problem, in English (msg, what `kiosk check` and the logs print) and
 * as its English template (a gettext msgid in po/kiosk.pot) with every
 * argument already written out, so the screen and `check` can say it in
 * another language (pkg_report_line_in). An argument whose bit is set in
 * phrases is itself a fixed phrase, a msgid of its own. */
typedef struct {
	char *path; /* relative to the package, or "" for the package itself */
	char *msg;
	bool warning;
	char *tmpl;
	char *args[PKG_ARGS_MAX];
	unsigned nargs;
	unsigned phrases; /* bit i: args[i] is a msgid */
	unsigned nested;  /* bit i: args[i] is a reason with words of its own (a
	                   * PkgWhy): its template and arguments, each ended by
	                   * PKG_NESTED_END */
} PkgProblem;

/* Ends each piece of a nested argument (a control character: never in a
 * piece, which is cleaned of them). */
#define PKG_NESTED_END '\x1F'

typedef struct {
	PkgProblem *v;
	size_t n, cap;
	size_t errors, warnings;
	unsigned articles, topics, images;
	uint64_t bytes;
} PkgReport;

void pkg_report_init(PkgReport *r);
void pkg_report_free(PkgReport *r);
/* Adds a problem. fmt is its English template, a string literal that
 * `make pot` extracts (every call site's fmt is a msgid); each of its
 * conversions is written out as an argument. Control characters and bad
 * UTF-8 in path, message and arguments become '?', and all are clipped,
 * so every line is one clean line of text whatever the names on the stick
 * are. Out of memory the problem is still counted. */
void pkg_report_add(PkgReport *r, bool warning, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The same, where the arguments whose bits are set in phrases are fixed
 * phrases made elsewhere (each marked N_() where it is written): they are
 * said in the reader's language too. */
void pkg_report_add_phrased(PkgReport *r, bool warning, const char *path, unsigned phrases,
                            const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Adds a problem that is one fixed phrase made elsewhere (marked N_() where
 * it is written, and holding no '%'): the phrase is its own template. A
 * text that is no msgid (a reason written out from numbers) is said in
 * English everywhere. */
void pkg_report_text(PkgReport *r, bool warning, const char *path, const char *text);
/* Adds a copy of p (from another report), template and arguments and all. */
void pkg_report_copy(PkgReport *r, const PkgProblem *p);
/* Orders errors before warnings, each in the order they were added: the
 * first lines are what the kiosk's screen shows. */
void pkg_report_finish(PkgReport *r);
/* "PATH: message" for problem i ("warning: PATH: message" for a warning,
 * the message alone when PATH is ""). Returns the length snprintf would
 * give, or -1 when there is no problem i. */
int pkg_report_line(const PkgReport *r, size_t i, char *buf, size_t size);
/* ---- a problem's words across a child's pipe ----------------------------
 * A sandboxed child says a problem as its template and arguments, so the
 * parent can add it to a report for translation like its own. Packed: the
 * template, then each argument, each ended by a NUL; at most PKG_ARGS_MAX
 * arguments and PKG_WORDS_MAX bytes in all. Unpacked from the child's
 * bytes, bounded and checked: the child is not trusted. */
typedef struct {
	const char *tmpl; /* pointers into the packed bytes */
	const char *args[PKG_ARGS_MAX];
	size_t nargs;
} PkgWords;

/* Packs tmpl and args into out (size bytes): the bytes used, or 0 when
 * they do not fit in size or PKG_WORDS_MAX or there are too many. A text
 * that is not a template has each '%' doubled first (pkg_words_text). */
size_t pkg_words_pack(char *out, size_t size, const char *tmpl, const char *const *args,
                      size_t nargs);
/* text as a template with no arguments: each '%' doubled, into out (at
 * most size bytes, always terminated; clipped at a character's start). */
void pkg_words_text(const char *text, char *out, size_t size);
/* Reads packed words from buf (len bytes): 0, or -1 when they are not
 * packed words (no NUL at the end, too long, too many arguments, an empty
 * template). w points into buf. */
int pkg_words_unpack(const char *buf, size_t len, PkgWords *w);
/* w's words written out in English (words_fill: never a printf format,
 * whatever the template holds). */
void pkg_words_english(const PkgWords *w, char *out, size_t size);
/* Adds a problem said as w (from a child): its English is w written out,
 * its template and arguments are w's. */
void pkg_report_words(PkgReport *r, bool warning, const char *path, const PkgWords *w);
/* Adds a problem whose arguments are reasons said elsewhere, each with
 * its own template (a label "picture %u" and "the picture is damaged" in
 * "%s: %s"): tmpl, a msgid, takes them as its conversions in order, each
 * said in the reader's language as a whole. At most PKG_ARGS_MAX. */
void pkg_report_whys(PkgReport *r, bool warning, const char *path, const char *tmpl,
                     const PkgWhy *const *whys, size_t n);
/* Adds a problem said as why (pkg_why_say): "the file cannot be read" when
 * nothing was said. */
void pkg_report_why(PkgReport *r, bool warning, const char *path, const PkgWhy *why);
/* Adds err as a problem: with its words when pkg_err_say wrote it, else
 * as a phrase (a msgid when it is one of the kiosk's). */
void pkg_report_err(PkgReport *r, bool warning, const char *path, const char *err);

/* Looks a msgid up in the reader's language: its translation, or msgid
 * itself when there is none. */
typedef const char *(*PkgTranslate)(const void *ctx, const char *msgid);
/* pkg_report_line in the reader's language: each template and phrase
 * looked up through tr (with ctx), filled with the arguments as they were
 * written out (core/screen/look/words.h's words_fill: no translation is ever a
 * printf format). tr NULL: English, as pkg_report_line. */
int pkg_report_line_in(const PkgReport *r, size_t i, PkgTranslate tr, const void *ctx, char *buf,
                       size_t size);
/* The one-line summary: "2 articles, 17 topics, 5 images, 3.2 MB". */
void pkg_report_summary(const PkgReport *r, char *buf, size_t size);

/* ---- problems several parts find, each in one wording --------------------
 * The checker, the importer and the signatures meet the same problems;
 * these are their only words for them. */

/* What a stick without a kiosk folder gets: the checker's line and the
 * kiosk's screen alike. */
#define PKG_NO_CONTENT N_("This USB stick has no kiosk content")

typedef enum {
	PKG_KIND_FILE,
	PKG_KIND_DIR,
	PKG_KIND_LINK,
	PKG_KIND_PIPE,
	PKG_KIND_DEVICE,
	PKG_KIND_SOCKET,
	PKG_KIND_OTHER,
} PkgKind;

/* Why an entry of this kind cannot be part of a package ("not a real file
 * (it is a pipe)"; a file with links > 1 is a hard link, which a copy
 * would hide from the checker), or NULL for a folder or a file stored
 * under one name. */
const char *pkg_kind_problem(PkgKind kind, uint64_t links);
/* "the kiosk folder holds too many files (more than N files and folders)" */
void pkg_report_too_many(PkgReport *r, uint32_t max_files);
/* "the kiosk folder is too large (600 MB; at most 512 MB)"; at_least: the
 * count stopped early, so only "more than 512 MB" is known. */
void pkg_report_too_large(PkgReport *r, uint64_t bytes, uint64_t max, bool at_least);
/* "PATH: folders are nested too deeply (at most 16 levels)" */
void pkg_report_too_deep(PkgReport *r, const char *path);
/* "PATH: the path is too long" */
void pkg_report_too_long(PkgReport *r, const char *path);
/* "PATH: the file cannot be read (WHY)", or "the folder ..." */
void pkg_report_unreadable(PkgReport *r, const char *path, bool folder, const char *why);
/* "PATH: the same name as OTHER apart from capital letters (keep only one)" */
void pkg_report_case_twin(PkgReport *r, const char *path, const char *other);
/* "PATH: the file changed while it was being checked" */
void pkg_report_changed(PkgReport *r, const char *path);
/* "PATH: the kiosk ran out of memory while checking", or "PATH: WHAT: ..."
 * when what (a part of PATH, "picture 2") is not NULL. */
void pkg_report_no_memory(PkgReport *r, const char *path, const char *what);

#endif
