/* bundle: the software update bundle staff left for the kiosk: a file
 * ending ".raucb" (any case) in a folder "update" (any case) of the
 * stick's kiosk folder, or in DATA/inbox/update where a sync tool puts it.
 * Exactly one is taken; more than one is refused, naming the folder.
 * Only looked at here: the root helper opens the file itself.
 */
#ifndef KIOSK_BUNDLE_H
#define KIOSK_BUNDLE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/software/software.h"

/* Room for what staff see of a bundle: "KIOSK/UPDATE/" and its name,
 * both as long as the stick may spell them. */
#define BUNDLE_SHOWN_MAX (2 * 256 + 256 + 2)

typedef struct {
	int count;                    /* bundles in the folder (hidden names not counted) */
	char folder[2 * 256 + 2];     /* as staff see it: "KIOSK/UPDATE", or "update" */
	char name[256];               /* the one bundle's file name, when count is 1 */
	char shown[BUNDLE_SHOWN_MAX]; /* folder/name */
} Bundle;

/* The bundles of the stick whose root is root: count 0 when it has no
 * kiosk/update folder or nothing in it ends in .raucb. */
void bundle_find_stick(const char *root, Bundle *b);
/* The bundles of the folder dir (DATA/inbox/update), shown as "update". */
void bundle_find_folder(const char *dir, Bundle *b);
/* Whether the stick's kiosk folder holds anything but its update folder
 * and hidden names (content to import first); true too when it has no
 * kiosk folder, which the importer says plainly. */
bool bundle_stick_has_content(const char *root);

#endif
