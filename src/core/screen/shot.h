/* shot: the JSON description of what the kiosk shows, written beside each
 * screenshot of `kiosk render`: the screen, its title, the scroll offset,
 * every touchable control with its label and on-screen rectangle, and every
 * picture drawn, all in panel pixels. Pure C.
 */
#ifndef KIOSK_SHOT_H
#define KIOSK_SHOT_H

#include "core/control/kiosk.h"
#include "core/screen/orient.h"

/* A malloc'd NUL-terminated JSON object (caller frees), or NULL when out of
 * memory. */
char *shot_json(const Kiosk *k, const Orient *o);

#endif
