/* config: the kiosk's settings (kiosk.conf, INI) parsed with inih from text
 * the caller has read. An unknown key or a bad value is reported with its
 * line number and the key keeps its default: the kiosk still starts.
 * Pure C, no SDL, no file access.
 */
#ifndef KIOSK_CONFIG_H
#define KIOSK_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/package/pkg.h"
#include "core/schedule/schedule.h"
#include "core/screen/look/theme.h"

#define CONFIG_PATH_MAX 512
/* The most a settings file may hold: the kiosk's own and a package's
 * kiosk.conf alike (checked, imported and loaded by the same limit). */
#define CONFIG_FILE_MAX (64 * 1024)

typedef struct {
	uint32_t idle_timeout_s;        /* default 90 */
	uint32_t rotate_interval_s;     /* default 12 */
	int rotation;                   /* 0, 90, 180, 270 */
	double text_scale;              /* 0.75 .. 2.0, default 1.0 */
	Theme theme;                    /* theme_background, theme_text, ... */
	bool fullscreen;                /* default yes */
	char data_dir[CONFIG_PATH_MAX]; /* default /var/lib/kiosk */
	char usb_dirs[CONFIG_PATH_MAX]; /* ':'-separated, default ./usb */
	char font_dir[CONFIG_PATH_MAX]; /* optional: folder with DejaVuSans*.ttf */
	PkgLimits limits;               /* max_package_mb, max_files, max_article_kb, max_image_mb,
	                                   max_image_side, max_image_megapixels */
	char site[CONFIG_PATH_MAX];     /* which signed packages it accepts */
	bool require_signature;         /* default no; the firmware sets yes */
	char trusted_keys_dir[CONFIG_PATH_MAX]; /* default /etc/kiosk/trusted.d */
	char speech_voice[32];  /* espeak-ng voice reading topics aloud, default "en" */
	uint32_t speech_rate;   /* words a minute, 80 .. 450, default 150 */
	uint32_t speech_volume; /* percent, 0 .. 200, default 100 */
	char language[36];      /* BCP 47: the kiosk's own words when an article's
	                         * language has none; default en */
	bool hide_expired;      /* articles past their review_due are not shown
	                         * (core/review/review.h); default no */
	char export_helper[CONFIG_PATH_MAX];   /* the socket of the privileged helper
	                                        * that writes usage figures onto a
	                                        * read-only stick ("": the kiosk
	                                        * writes them itself) */
	char update_helper[CONFIG_PATH_MAX];   /* the socket of the root helper that
	                                        * installs software updates ("": this
	                                        * kiosk cannot install them) */
	char update_status[CONFIG_PATH_MAX];   /* the file that says, once a boot, what
	                                        * the last software update came to
	                                        * ("": none) */
	char release_file[CONFIG_PATH_MAX];    /* the firmware's release file, whose
	                                        * VERSION= the service screen shows
	                                        * ("": none, the kiosk's build alone) */
	char data_ready_file[CONFIG_PATH_MAX]; /* a live start waits for this file
	                                        * before it reads the data folder
	                                        * ("": no wait) */
	char service_pin[128];                 /* the service PIN's Argon2id hash (`kiosk pin`);
	                                        * "" none: the service screen stays shut */
	Schedule screen_off;                   /* screen_off, screen_off_mon .. _sun: the night
	                                        * schedule; default never off */
} Config;

/* One problem: line is 1-based (0 when not tied to a line). A warning is a
 * line that is ignored while the rest applies (an unknown section or key,
 * a bad value, a line that is not "key = value" or not UTF-8 text): the
 * setting keeps its value and a stick is not refused for it. Anything else
 * refuses a stick's kiosk.conf: a key a stick may not set, a theme whose
 * text cannot be read, a binary file. The kiosk's own file is never
 * refused; its problems carry the same flag. A problem comes as its
 * words (a template and its arguments: core/package/pkg.h), so that it can
 * be said in the reader's language. */
typedef void (*ConfigReport)(void *user, int line, bool warning, const PkgWhy *why);

void config_defaults(Config *c);
/* Parses len bytes of INI text ("key = value", optional [kiosk] section,
 * '#' or ';' comments, on a line of their own or after a value and white
 * space). Returns the number of problems reported. A line that
 * is not UTF-8 text or holds a NUL byte is reported and skipped; the other
 * lines still apply. A value of require_signature that is neither yes nor
 * no turns signatures on (fails closed). Every text/fill pair of the theme
 * (theme_pairs) is judged: a pair below THEME_MIN_CONTRAST is reported with
 * both keys and its colours go back to those c held before (theme_mend). */
int config_parse(Config *c, const char *text, size_t len, ConfigReport report, void *user);
/* As config_parse, for the kiosk.conf inside a content package: a key that
 * only the kiosk's own settings may hold (config_kiosk_only) is refused,
 * "data_dir cannot be set from a USB stick", and keeps its value. Text
 * holding NUL bytes (a binary file) is refused whole, on line 0, and leaves
 * c unchanged. Every theme pair below the minimum is reported as the stick
 * has it (the checker refuses the package for it) and then mended silently. */
int config_parse_package(Config *c, const char *text, size_t len, ConfigReport report, void *user);
/* As config_parse_package, for a package whose signature verified: it may
 * also set service_pin (the PIN's hash). */
int config_parse_signed_package(Config *c, const char *text, size_t len, ConfigReport report,
                                void *user);
/* True for the keys a stick may not set: where the kiosk keeps and finds
 * things, the package limits, and what decides which packages it trusts. */
bool config_kiosk_only(const char *name);

#endif
