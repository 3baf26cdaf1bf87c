/* settings: reads kiosk.conf from disk and reports its problems on stderr
 * as "FILE:LINE: problem", keeping defaults for what is wrong.
 */
#ifndef KIOSK_SETTINGS_H
#define KIOSK_SETTINGS_H

#include "core/settings/config.h"

#define SETTINGS_DEFAULT_PATH "/etc/kiosk/kiosk.conf"

/* path NULL: $KIOSK_CONFIG, else SETTINGS_DEFAULT_PATH if it exists.
 * Returns the number of problems. A file that exists (or is named) but
 * cannot be read, is not a regular file or is over 64 KiB leaves the
 * defaults, with signatures required when trusted_keys_dir holds a key:
 * the kiosk always starts, and never weaker than its settings meant. */
int settings_load(Config *c, const char *path);

#endif
