/* swstatus: what the last software update came to, as the firmware leaves
 * it in the file the update_status setting names ("updated VERSION" or
 * "fallback VERSION PREVIOUS", core/software), told to staff once a boot;
 * and the firmware's version, from its release file.
 *
 * Once a boot: the kiosk may restart after a crash in the same boot, and
 * must not say it again. A mark "update-status-shown" in the kiosk's
 * runtime folder ($RUNTIME_DIRECTORY, emptied at every boot, where the
 * clock keeps its boot id) says it was told; without a runtime folder (a
 * desktop) it is told at every start.
 */
#ifndef KIOSK_SWSTATUS_H
#define KIOSK_SWSTATUS_H

#include "core/software/software.h"

/* The status file at path ("" or NULL: none), read once and bounded to
 * SOFTWARE_STATUS_MAX bytes and its newline: NONE when missing, empty,
 * already told this boot, or malformed (logged, with the path). */
void swstatus_read(const char *path, SoftwareStatus *st);
/* The version the firmware's release file at path (the release_file
 * setting: /etc/kiosk-release on the image) names, into version: true
 * when there is one; false ("" or NULL path, no file, or not a file the
 * firmware writes, logged with the path) leaves version empty. */
bool swstatus_release(const char *path, char version[SOFTWARE_VERSION_MAX + 1]);
/* Keeps the mark that it was told this boot. */
void swstatus_told(void);

#endif
