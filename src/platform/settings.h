/* settings: reads kiosk.conf from disk and reports its problems on stderr
 * as "FILE:LINE: problem", keeping defaults for what is wrong.
 */
#ifndef KIOSK_SETTINGS_H
#define KIOSK_SETTINGS_H

#include "core/config.h"

#define SETTINGS_DEFAULT_PATH "/etc/kiosk/kiosk.conf"

/* path NULL: $KIOSK_CONFIG, else SETTINGS_DEFAULT_PATH if it exists.
 * Returns the number of problems, or -1 when a named file cannot be read. */
int settings_load(Config *c, const char *path);

#endif
