#include "platform/run/waiter.h"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#define WAIT_MAX_FDS 64
#define WAIT_MAX_EXTRA 8

struct Waiter {
	struct pollfd fds[WAIT_MAX_FDS + WAIT_MAX_EXTRA];
	int nfds;
	int inotify;
};

static void close_inputs(Waiter *w)
{
	for (int i = 1; i < w->nfds; i++)
		close(w->fds[i].fd);
	w->nfds = 1;
}

/* (Re)opens every /dev/input/event* the process may read. */
static void scan_inputs(Waiter *w)
{
	close_inputs(w);
	DIR *d = opendir("/dev/input");
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d)) && w->nfds < WAIT_MAX_FDS) {
		if (strncmp(e->d_name, "event", 5) != 0)
			continue;
		char path[64];
		snprintf(path, sizeof(path), "/dev/input/%.32s", e->d_name);
		int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (fd < 0)
			continue;
		w->fds[w->nfds++] = (struct pollfd){.fd = fd, .events = POLLIN};
	}
	closedir(d);
}

Waiter *waiter_new(void)
{
	Waiter *w = calloc(1, sizeof(*w));
	if (!w)
		return NULL;
	w->inotify = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (w->inotify >= 0)
		inotify_add_watch(w->inotify, "/dev/input", IN_CREATE | IN_DELETE | IN_ATTRIB);
	w->fds[0] = (struct pollfd){.fd = w->inotify, .events = POLLIN};
	w->nfds = 1;
	scan_inputs(w);
	return w;
}

void waiter_free(Waiter *w)
{
	if (!w)
		return;
	close_inputs(w);
	if (w->inotify >= 0)
		close(w->inotify);
	free(w);
}

bool waiter_wait(Waiter *w, int timeout_ms, const int *fds, const short *events, int n_extra)
{
	if (n_extra > WAIT_MAX_EXTRA)
		n_extra = WAIT_MAX_EXTRA;
	for (int i = 0; i < n_extra; i++)
		w->fds[w->nfds + i] = (struct pollfd){.fd = fds[i], .events = events[i]};
	int n = poll(w->fds, (nfds_t)(w->nfds + n_extra), timeout_ms);
	if (n <= 0)
		return false;
	bool extra = false;
	for (int i = 0; i < n_extra; i++)
		extra |= w->fds[w->nfds + i].revents != 0;
	if (w->fds[0].revents & POLLIN) {
		char buf[4096];
		while (read(w->inotify, buf, sizeof(buf)) > 0)
			;
		scan_inputs(w);
	}
	for (int i = 1; i < w->nfds; i++)
		if (w->fds[i].revents & (POLLERR | POLLHUP | POLLNVAL)) {
			/* A device went away: look again. */
			scan_inputs(w);
			break;
		}
	return extra;
}
