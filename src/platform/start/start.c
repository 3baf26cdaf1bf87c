#include "platform/start/start.h"

#include <limits.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "platform/live/notify.h"
#include "platform/updates/store.h"

/* Between two looks at the file when no inotify event comes: the wait
 * also sees a stop this soon, and a folder that could not be watched. */
#define START_LOOK_MS 1000

static uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static bool present(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

/* An inotify descriptor watching the folder path will appear in, or -1
 * (the wait then only looks every START_LOOK_MS). */
static int watch_folder(const char *path)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == path)
		snprintf(dir, sizeof(dir), "/");
	else if ((size_t)(slash - path) < sizeof(dir))
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	else
		return -1;
	int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (fd < 0)
		return -1;
	if (inotify_add_watch(fd, dir, IN_CREATE | IN_MOVED_TO | IN_ATTRIB) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static void drain(int fd)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	while (read(fd, buf, sizeof(buf)) > 0)
		;
}

bool start_wait_data(const char *path, bool (*stop)(void))
{
	if (!path || !*path || present(path))
		return true;
	fprintf(stderr, "kiosk: waiting for %s before reading the data folder\n", path);
	notify_status("Waiting for the data folder");
	int fd = watch_folder(path);
	uint64_t began = now_ms(), waited = 0;
	bool there;
	while (!(there = present(path)) && !stop() && waited < START_WAIT_MAX_MS) {
		/* A negative fd is left alone by poll(): then only the timeout. */
		struct pollfd p = {.fd = fd, .events = POLLIN};
		if (poll(&p, 1, START_LOOK_MS) > 0)
			drain(fd);
		waited = now_ms() - began;
	}
	if (fd >= 0)
		close(fd);
	if (there)
		fprintf(stderr, "kiosk: %s came after %.1f s\n", path, (double)waited / 1000.0);
	else if (!stop())
		fprintf(stderr,
		        "kiosk: %s did not come in %u s; going on with the data folder as it is\n",
		        path, START_WAIT_MAX_MS / 1000u);
	return there;
}

void start_prime(SDL_Renderer *sdl)
{
	SDL_SetRenderDrawColor(sdl, 0, 0, 0, 255);
	SDL_RenderClear(sdl);
	SDL_Texture *tex =
	    SDL_CreateTexture(sdl, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STATIC, 1, 1);
	if (tex) {
		const Uint32 pixel = 0xffffffffu;
		SDL_UpdateTexture(tex, NULL, &pixel, sizeof(pixel));
		SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_BLEND);
		/* As text is drawn: quads with a colour per corner; as pictures
		 * are: a copy, scaled. All of it fully transparent. */
		SDL_Vertex v[3] = {{{0, 0}, {0, 0, 0, 0}, {0, 0}},
		                   {{2, 0}, {0, 0, 0, 0}, {1, 0}},
		                   {{0, 2}, {0, 0, 0, 0}, {0, 1}}};
		SDL_RenderGeometry(sdl, tex, v, 3, NULL, 0);
		SDL_SetTextureAlphaMod(tex, 0);
		SDL_RenderCopy(sdl, tex, NULL, &(SDL_Rect){0, 0, 2, 2});
	}
	SDL_SetRenderDrawBlendMode(sdl, SDL_BLENDMODE_BLEND);
	SDL_SetRenderDrawColor(sdl, 0, 0, 0, 0);
	SDL_RenderFillRect(sdl, &(SDL_Rect){0, 0, 2, 2});
	SDL_RenderPresent(sdl);
	if (tex)
		SDL_DestroyTexture(tex);
	SDL_SetRenderDrawBlendMode(sdl, SDL_BLENDMODE_NONE);
}

void start_recover(const AppOptions *o, char *msg, size_t len)
{
	msg[0] = '\0';
	if (!o->content)
		store_recover(o->data ? o->data : o->cfg.data_dir, msg, len);
}
