#include "platform/night/blank.h"

#include <SDL_syswm.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xf86drm.h>
#include <xf86drmMode.h>

/* fbdev's FB_BLANK_POWERDOWN, what bl_power takes for off. */
#define BL_POWER_OFF "4"

static int read_value(const char *dir, const char *name, char *buf, size_t size)
{
	char path[PATH_MAX + 32];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, size - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

static int write_value(const char *dir, const char *name, const char *value)
{
	char path[PATH_MAX + 32];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0)
		return -1;
	size_t n = strlen(value);
	int rc = write(fd, value, n) == (ssize_t)n ? 0 : -1;
	if (close(fd) != 0)
		rc = -1;
	return rc;
}

void blank_init(Blank *b)
{
	memset(b, 0, sizeof(*b));
	const char *sysfs = getenv("KIOSK_SYSFS");
	snprintf(b->sysfs, sizeof(b->sysfs), "%s", sysfs && *sysfs ? sysfs : "/sys");
	char dir[PATH_MAX + 32];
	snprintf(dir, sizeof(dir), "%s/class/backlight", b->sysfs);
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d)) && b->lights < BLANK_MAX_LIGHTS) {
		if (e->d_name[0] == '.')
			continue;
		BlankLight *l = &b->light[b->lights];
		if ((size_t)snprintf(l->path, sizeof(l->path), "%s/%s", dir, e->d_name) >=
		    sizeof(l->path))
			continue;
		char v[32];
		l->power = read_value(l->path, "bl_power", v, sizeof(v)) == 0;
		if (!l->power && read_value(l->path, "brightness", v, sizeof(v)) != 0)
			continue;
		b->lights++;
		/* A kiosk stopped at night without putting the light back (a
		 * crash, a power cut) left it off: the day starts lit. */
		if (l->power && strcmp(v, "0") != 0)
			write_value(l->path, "bl_power", "0");
		char max[32];
		if (!l->power && strcmp(v, "0") == 0 &&
		    read_value(l->path, "max_brightness", max, sizeof(max)) == 0)
			write_value(l->path, "brightness", max);
	}
	closedir(d);
}

/* The DRM descriptor SDL's KMSDRM driver holds, or -1. */
static int drm_fd(SDL_Window *win)
{
	SDL_SysWMinfo info;
	SDL_VERSION(&info.version);
	if (!win || !SDL_GetWindowWMInfo(win, &info))
		return -1;
#if defined(SDL_VIDEO_DRIVER_KMSDRM)
	if (info.subsystem == SDL_SYSWM_KMSDRM)
		return info.info.kmsdrm.drm_fd;
#endif
	return -1;
}

/* Sets the "DPMS" property of every connected connector. Returns how
 * many took it. */
static int set_dpms(int fd, uint64_t level)
{
	drmModeRes *res = drmModeGetResources(fd);
	if (!res)
		return 0;
	int done = 0;
	for (int i = 0; i < res->count_connectors; i++) {
		drmModeConnector *c = drmModeGetConnector(fd, res->connectors[i]);
		if (!c)
			continue;
		for (int p = 0; c->connection == DRM_MODE_CONNECTED && p < c->count_props; p++) {
			drmModePropertyRes *prop = drmModeGetProperty(fd, c->props[p]);
			if (prop && strcmp(prop->name, "DPMS") == 0 &&
			    drmModeConnectorSetProperty(fd, c->connector_id, prop->prop_id,
			                                level) == 0)
				done++;
			drmModeFreeProperty(prop);
		}
		drmModeFreeConnector(c);
	}
	drmModeFreeResources(res);
	return done;
}

static void dpms(Blank *b, SDL_Window *win, bool on)
{
	int fd = drm_fd(win);
	if (fd < 0) {
		if (!on && !b->said)
			fprintf(stderr,
			        "kiosk: night: this video driver leaves the display's power "
			        "to the desktop; the screen is black\n");
		b->said = true;
		return;
	}
	if (on) {
		if (b->dpms)
			set_dpms(fd, DRM_MODE_DPMS_ON);
		b->dpms = false;
		return;
	}
	b->dpms = set_dpms(fd, DRM_MODE_DPMS_OFF) > 0;
	if (!b->dpms && !b->said)
		fprintf(stderr, "kiosk: night: the display took no DPMS setting; the screen is "
		                "black\n");
	b->said = true;
}

void blank_dark(Blank *b, SDL_Window *win)
{
	if (b->dark)
		return;
	b->dark = true;
	dpms(b, win, false);
	for (int i = 0; i < b->lights; i++) {
		BlankLight *l = &b->light[i];
		const char *name = l->power ? "bl_power" : "brightness";
		if (read_value(l->path, name, l->saved, sizeof(l->saved)) != 0 ||
		    write_value(l->path, name, l->power ? BL_POWER_OFF : "0") != 0) {
			fprintf(stderr, "kiosk: night: %s/%s cannot be written (%s)\n", l->path,
			        name, strerror(errno));
			l->saved[0] = '\0';
		}
	}
}

void blank_light(Blank *b, SDL_Window *win)
{
	if (!b->dark)
		return;
	b->dark = false;
	for (int i = 0; i < b->lights; i++) {
		BlankLight *l = &b->light[i];
		if (l->saved[0] &&
		    write_value(l->path, l->power ? "bl_power" : "brightness", l->saved) != 0)
			fprintf(stderr, "kiosk: night: %s cannot be put back (%s)\n", l->path,
			        strerror(errno));
	}
	dpms(b, win, true);
}
