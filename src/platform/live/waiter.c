#include "platform/live/waiter.h"

#include <SDL.h>
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#define WAIT_MAX_FDS 64
#define WAIT_MAX_EXTRA 9

/* Without a poll() of its own, the loop still looks at signals and the
 * content watcher this often. */
#define WAIT_CAP_MS 1000
/* Short sleeps when nothing better is possible. */
#define WAIT_NAP_MS 100

struct Waiter {
	bool sdl_sleeps; /* SDL_WaitEventTimeout really blocks on this driver */
	struct pollfd fds[WAIT_MAX_FDS + WAIT_MAX_EXTRA];
	int nfds;
	int inotify;
};

static bool driver_sleeps(void)
{
	const char *d = SDL_GetCurrentVideoDriver();
	return d && (strcmp(d, "x11") == 0 || strcmp(d, "wayland") == 0);
}

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
	w->sdl_sleeps = driver_sleeps();
	w->inotify = -1;
	if (w->sdl_sleeps)
		return w;
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
	if (!w->sdl_sleeps)
		close_inputs(w);
	if (w->inotify >= 0)
		close(w->inotify);
	free(w);
}

static int capped(int timeout_ms, int cap)
{
	return timeout_ms < 0 || timeout_ms > cap ? cap : timeout_ms;
}

static unsigned poll_wait(Waiter *w, int timeout_ms, const int *fds, const short *events,
                          int n_extra)
{
	for (int i = 0; i < n_extra; i++)
		w->fds[w->nfds + i] = (struct pollfd){.fd = fds[i], .events = events[i]};
	int n = poll(w->fds, (nfds_t)(w->nfds + n_extra), timeout_ms);
	if (n <= 0)
		return 0;
	unsigned fired = 0;
	for (int i = 0; i < n_extra; i++)
		if (w->fds[w->nfds + i].revents != 0)
			fired |= 1u << i;
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
	return fired;
}

unsigned waiter_wait(Waiter *w, int timeout_ms, const int *fds, const short *events, int n)
{
	if (n > WAIT_MAX_EXTRA)
		n = WAIT_MAX_EXTRA;
	if (!w) {
		SDL_Delay((Uint32)capped(timeout_ms, WAIT_NAP_MS));
		return 0;
	}
	if (w->sdl_sleeps) {
		SDL_WaitEventTimeout(NULL, capped(timeout_ms, WAIT_CAP_MS));
		return 0;
	}
	unsigned fired = poll_wait(w, timeout_ms, fds, events, n);
	SDL_PumpEvents();
	return fired;
}
