#include "platform/updates/usbwatch.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#define USB_MAX_DIRS 8

typedef struct {
	char path[4096];
	bool present;
} Slot;

struct UsbWatch {
	Slot slots[USB_MAX_DIRS];
	int nslots;
	char inbox[4096];
	bool has_inbox;
	int inotify;
	int mountinfo;
	char last_inbox[256];  /* the inbox entry handed out last */
	char updates[4096];    /* DATA/inbox/update: software update bundles */
	char last_update[256]; /* the bundle handed out last */
};

bool usbwatch_present(const char *path)
{
	DIR *d = opendir(path);
	if (!d)
		return false;
	bool any = false;
	struct dirent *e;
	while (!any && (e = readdir(d)))
		any = strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return any;
}

static void watch(UsbWatch *w, const char *path)
{
	if (w->inotify >= 0)
		inotify_add_watch(w->inotify, path,
		                  IN_CREATE | IN_DELETE | IN_MOVED_TO | IN_MOVED_FROM |
		                      IN_CLOSE_WRITE | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR);
}

UsbWatch *usbwatch_new(const char *dirs, const char *inbox)
{
	UsbWatch *w = calloc(1, sizeof(*w));
	if (!w)
		return NULL;
	w->inotify = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	w->mountinfo = open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC);
	const char *p = dirs ? dirs : "";
	while (*p && w->nslots < USB_MAX_DIRS) {
		const char *end = strchr(p, ':');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (n > 0 && n < sizeof(w->slots[0].path)) {
			Slot *s = &w->slots[w->nslots++];
			memcpy(s->path, p, n);
			s->path[n] = '\0';
			/* Not present yet: a stick already in at start is seen as
			 * inserted on the first look. */
			s->present = false;
			watch(w, s->path);
		}
		p = end ? end + 1 : p + n;
	}
	if (inbox && *inbox && strlen(inbox) < sizeof(w->inbox)) {
		snprintf(w->inbox, sizeof(w->inbox), "%s", inbox);
		mkdir(inbox, 0755);
		w->has_inbox = true;
		watch(w, inbox);
		snprintf(w->updates, sizeof(w->updates), "%.4000s/%s", inbox, USB_UPDATE_FOLDER);
	}
	return w;
}

void usbwatch_free(UsbWatch *w)
{
	if (!w)
		return;
	if (w->inotify >= 0)
		close(w->inotify);
	if (w->mountinfo >= 0)
		close(w->mountinfo);
	free(w);
}

int usbwatch_fds(const UsbWatch *w, int *fds, short *events, int max)
{
	int n = 0;
	if (w->inotify >= 0 && n < max) {
		fds[n] = w->inotify;
		events[n++] = POLLIN;
	}
	if (w->mountinfo >= 0 && n < max) {
		fds[n] = w->mountinfo;
		events[n++] = POLLPRI;
	}
	return n;
}

static void drain(UsbWatch *w)
{
	char buf[4096];
	if (w->inotify >= 0)
		while (read(w->inotify, buf, sizeof(buf)) > 0)
			;
	if (w->mountinfo >= 0) {
		/* Reading the table to its end re-arms POLLPRI. */
		lseek(w->mountinfo, 0, SEEK_SET);
		while (read(w->mountinfo, buf, sizeof(buf)) > 0)
			;
	}
}

/* The first inbox entry in name order that is not hidden and not the one
 * handed out last time (that one is being imported or was refused). */
static bool next_inbox(UsbWatch *w, UsbEvent *ev)
{
	DIR *d = opendir(w->inbox);
	if (!d)
		return false;
	char best[256] = "";
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || strlen(e->d_name) >= sizeof(best) ||
		    strcmp(e->d_name, USB_UPDATE_FOLDER) == 0)
			continue;
		if (strcmp(e->d_name, w->last_inbox) == 0)
			continue;
		if (!best[0] || strcmp(e->d_name, best) < 0)
			snprintf(best, sizeof(best), "%s", e->d_name);
	}
	closedir(d);
	if (!best[0])
		return false;
	snprintf(w->last_inbox, sizeof(w->last_inbox), "%s", best);
	ev->kind = USB_INBOX;
	snprintf(ev->path, sizeof(ev->path), "%.3800s/%s", w->inbox, best);
	return true;
}

/* A software update bundle in DATA/inbox/update that was not handed out
 * last: the folder is handed out (its bundles are counted and named by
 * platform/software/bundle). */
static bool next_update(UsbWatch *w, UsbEvent *ev)
{
	/* Made by the sync tool when it first sends one (the kiosk leaves
	 * the inbox as it found it): watched from when it is there, again
	 * after a sync tool replaced it (inotify gives an existing watch
	 * back, so this costs nothing). */
	DIR *d = opendir(w->updates);
	if (!d)
		return false;
	watch(w, w->updates);
	char first[256] = "";
	bool any = false;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || strlen(e->d_name) >= sizeof(first))
			continue;
		any = true;
		if (strcmp(e->d_name, w->last_update) == 0)
			continue;
		if (!first[0] || strcmp(e->d_name, first) < 0)
			snprintf(first, sizeof(first), "%s", e->d_name);
	}
	closedir(d);
	/* Emptied (installed or refused): the same name may come again. */
	if (!any)
		w->last_update[0] = '\0';
	if (!first[0])
		return false;
	snprintf(w->last_update, sizeof(w->last_update), "%s", first);
	ev->kind = USB_UPDATE;
	snprintf(ev->path, sizeof(ev->path), "%s", w->updates);
	return true;
}

bool usbwatch_next(UsbWatch *w, UsbEvent *ev)
{
	drain(w);
	for (int i = 0; i < w->nslots; i++) {
		Slot *s = &w->slots[i];
		bool now = usbwatch_present(s->path);
		if (now == s->present)
			continue;
		s->present = now;
		/* A folder created after start (a mount point made by
		 * systemd-mount) is watched from now on. */
		watch(w, s->path);
		ev->kind = now ? USB_INSERTED : USB_REMOVED;
		snprintf(ev->path, sizeof(ev->path), "%s", s->path);
		return true;
	}
	if (w->has_inbox)
		return next_inbox(w, ev) || next_update(w, ev);
	return false;
}
