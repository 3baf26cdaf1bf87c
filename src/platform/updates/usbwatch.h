/* usbwatch: notices content arriving: a stick mounted on one of the
 * configured folders (usb_dirs), or a package dropped into DATA/inbox by a
 * network sync tool (or a software update bundle into DATA/inbox/update).
 *
 * A stick mounted over an existing folder is invisible to inotify on that
 * folder, so the mount table (/proc/self/mountinfo, which signals POLLPRI
 * on every change) is watched too, along with inotify on the folders for
 * development setups where a folder is simply filled. A folder "holds a
 * stick" when it has any entry in it.
 */
#ifndef KIOSK_USBWATCH_H
#define KIOSK_USBWATCH_H

#include <stdbool.h>
#include <stddef.h>

typedef struct UsbWatch UsbWatch;

typedef enum {
	USB_NONE,
	USB_INSERTED, /* path holds a stick that was not there before */
	USB_REMOVED,  /* the stick at path went away */
	USB_INBOX,    /* path is a package in the inbox */
	USB_UPDATE,   /* path (DATA/inbox/update) holds a software update bundle */
} UsbEventKind;

/* The inbox's folder for software update bundles (platform/software). */
#define USB_UPDATE_FOLDER "update"

typedef struct {
	UsbEventKind kind;
	char path[4096];
} UsbEvent;

/* dirs: ':'-separated folders; inbox: a folder (created if missing) or
 * NULL. NULL when out of memory. */
UsbWatch *usbwatch_new(const char *dirs, const char *inbox);
void usbwatch_free(UsbWatch *w);
/* File descriptors to poll (POLLIN, and POLLPRI for the mount table):
 * fills at most max, returns how many. */
int usbwatch_fds(const UsbWatch *w, int *fds, short *events, int max);
/* Looks again (after a poll wake-up, or periodically) and returns the next
 * change; USB_NONE when nothing changed. Sticks present at start count as
 * inserted, so content on a stick left in at power-up is imported. */
bool usbwatch_next(UsbWatch *w, UsbEvent *ev);
/* Whether the folder still holds a stick (checked again now). */
bool usbwatch_present(const char *path);

#endif
