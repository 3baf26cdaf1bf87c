#include "platform/service/staff.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "platform/service/keep.h"
#include "platform/service/rollback.h"
#include "platform/software/swstatus.h"
#include "platform/usage/export.h"
#include "platform/usage/today.h"

#ifndef KIOSK_VERSION
#define KIOSK_VERSION "unknown"
#endif

void staff_configure(Staff *st, const Config *cfg)
{
	snprintf(st->conf_hash, sizeof(st->conf_hash), "%s", cfg->service_pin);
	st->svc.has_pin = pin_current(st->data, st->conf_hash, st->hash);
	/* Read here, at start and on reload, never per frame. */
	char release[SOFTWARE_VERSION_MAX + 1];
	if (swstatus_release(cfg->release_file, release))
		snprintf(st->software, sizeof(st->software), "%s (%.64s)", release, KIOSK_VERSION);
	else
		snprintf(st->software, sizeof(st->software), "%.64s", KIOSK_VERSION);
}

void staff_init(Staff *st, Session *s, const Config *cfg, const char *data, bool wait, uint64_t now)
{
	memset(st, 0, sizeof(*st));
	service_init(&st->svc, 0, 0);
	snprintf(st->data, sizeof(st->data), "%s", data);
	st->started = now;
	st->wait = wait;
	staff_configure(st, cfg);
	unsigned failures;
	bool locked;
	keep_tries(data, &failures, &locked);
	pinguard_restore(&st->svc.guard, failures, locked, now);
	st->svc.rotation = s->orient.rotation;
	session_set_service(s, &st->svc, now);
}

void staff_deinit(Staff *st)
{
	pin_check_stop(&st->check);
}

bool staff_busy(const Staff *st)
{
	return st->check.running;
}

/* The installed content's version, date and signer, from its kiosk.sig
 * (the signer and the signing time) or, unsigned, the version's name and
 * the day it was installed. */
static void content_facts(Staff *st, const Session *s)
{
	st->version[0] = st->signer[0] = '\0';
	if (!s->installed)
		return;
	char path[PATH_MAX], link[128];
	if ((size_t)snprintf(path, sizeof(path), "%s/current", st->data) >= sizeof(path))
		return;
	ssize_t n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		return;
	link[n] = '\0';
	const char *id = strrchr(link, '/') ? strrchr(link, '/') + 1 : link;
	struct stat sb;
	time_t when = stat(path, &sb) == 0 ? sb.st_mtime : 0;
	uint64_t version = 0;
	int fd = openat(s->content.dirfd, "kiosk.sig", O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	char *text = fd >= 0 ? malloc(SIG_FILE_MAX) : NULL;
	ssize_t len = text ? read(fd, text, SIG_FILE_MAX) : -1;
	SigFile sf;
	char why[128];
	if (len > 0 && sig_parse(text, (size_t)len, &sf, why, sizeof(why)) == 0) {
		snprintf(st->signer, sizeof(st->signer), "%s", sf.name);
		when = (time_t)sf.created;
		version = sf.version;
		sig_free(&sf);
	}
	free(text);
	if (fd >= 0)
		close(fd);
	char day[32] = "";
	struct tm tm;
	if (when && localtime_r(&when, &tm))
		strftime(day, sizeof(day), "%Y-%m-%d %H:%M", &tm);
	if (version)
		snprintf(st->version, sizeof(st->version), "%llu (%.12s), %s",
		         (unsigned long long)version, id, day);
	else
		snprintf(st->version, sizeof(st->version), "%.12s, %s", id, day);
}

static void size_text(char *out, size_t n, double bytes)
{
	if (bytes >= 1e9)
		snprintf(out, n, "%.1f GB", bytes / 1e9);
	else
		snprintf(out, n, "%.0f MB", bytes / 1e6);
}

/* What the service screen shows, written out at now. */
static void facts(Staff *st, Session *s, const char *last_import, uint64_t now)
{
	/* The content's own facts (its kiosk.sig read and parsed) only when
	 * the pad opens or the content changed; the clock every second. */
	if (st->facts_of != s->kiosk || st->svc.mode == SERVICE_PIN) {
		content_facts(st, s);
		st->facts_of = s->kiosk;
	}
	uint64_t up = (now - st->started) / 1000;
	snprintf(st->uptime, sizeof(st->uptime), "%llu:%02u:%02u", (unsigned long long)(up / 3600),
	         (unsigned)(up / 60 % 60), (unsigned)(up % 60));
	struct statvfs vfs;
	if (statvfs(st->data, &vfs) == 0)
		size_text(st->storage, sizeof(st->storage), (double)vfs.f_bavail * vfs.f_frsize);
	else
		snprintf(st->storage, sizeof(st->storage), "?");
	time_t t = time(NULL);
	struct tm tm;
	if (localtime_r(&t, &tm))
		strftime(st->clock, sizeof(st->clock), "%Y-%m-%d %H:%M:%S", &tm);
	st->svc.info = (ServiceInfo){st->version,  st->signer, "",          last_import,
	                             st->software, st->uptime, st->storage, st->clock};
}

static void keep_guard(Staff *st, uint64_t now)
{
	const PinGuard *g = &st->svc.guard;
	if (keep_tries_save(st->data, g->failures, pinguard_locked(g, now)) != 0)
		fprintf(stderr, "kiosk: %s/service/pin-tries: cannot keep the wrong tries: %m\n",
		        st->data);
}

static unsigned roll_back(Staff *st, Session *s, SDL_Renderer *sdl, uint64_t now)
{
	char err[256] = "", path[PATH_MAX];
	switch (rollback_run(st->data, err, sizeof(err))) {
	case ROLLBACK_NO_PREVIOUS:
		return service_said(&st->svc, SERVICE_SAY_NO_PREVIOUS, NULL, now);
	case ROLLBACK_FAILED:
		return service_said(&st->svc, SERVICE_SAY_FAILED, err, now);
	case ROLLBACK_DONE:
		break;
	}
	fprintf(stderr, "kiosk: the previous content is back\n");
	if ((size_t)snprintf(path, sizeof(path), "%s/current", st->data) >= sizeof(path))
		return service_said(&st->svc, SERVICE_SAY_FAILED,
		                    "the data folder's name is too long", now);
	if (session_reload(s, path, sdl, now, err, sizeof(err)) != 0)
		return service_said(&st->svc, SERVICE_SAY_FAILED, err, now);
	return service_said(&st->svc, SERVICE_SAY_ROLLED_BACK, NULL, now);
}

/* The usage figures onto the stick in the kiosk, as a stick asking for
 * them gets them (arrivals.c), and said on the service screen. */
static unsigned export_figures(Staff *st, Session *s, const Arrivals *u, uint64_t now)
{
	const char *root = u ? arrivals_stick(u) : NULL;
	if (!root)
		return service_said(&st->svc, SERVICE_SAY_NO_STICK, NULL, now);
	/* Its content being read: a file appearing in its kiosk folder now
	 * would be a change under the check. */
	if (arrivals_busy(u))
		return service_said(&st->svc, SERVICE_SAY_BUSY, NULL, now);
	char name[96], err[600];
	recorder_flush(&s->usage, now);
	ExportResult r = usage_export(st->data, root, s->base.export_helper, today_get(s->clock),
	                              name, sizeof(name), err, sizeof(err));
	if (r == EXPORT_OK) {
		fprintf(stderr, "kiosk: usage figures written to %s in the kiosk folder of %s\n",
		        name, root);
		return service_said(&st->svc, SERVICE_SAY_EXPORTED, name, now);
	}
	fprintf(stderr, "kiosk: usage figures not written to %s: %s\n", root, err);
	switch (r) {
	case EXPORT_NO_FOLDER:
		return service_said(&st->svc, SERVICE_SAY_NO_FOLDER, NULL, now);
	case EXPORT_READ_ONLY:
		return service_said(&st->svc, SERVICE_SAY_READ_ONLY, NULL, now);
	case EXPORT_FULL:
		return service_said(&st->svc, SERVICE_SAY_STICK_FULL, NULL, now);
	default:
		return service_said(&st->svc, SERVICE_SAY_STICK_FAILED, err, now);
	}
}

/* The screen turned, and kept turned. */
static unsigned rotate(Staff *st, Session *s, SDL_Renderer *sdl, uint64_t now)
{
	char err[256];
	int deg = st->svc.rotation;
	if (session_rotate(s, sdl, deg, now, err, sizeof(err)) != 0) {
		st->svc.rotation = s->orient.rotation;
		return service_said(&st->svc, SERVICE_SAY_FAILED, err, now);
	}
	if (keep_rotation_save(st->data, deg) != 0)
		fprintf(stderr, "kiosk: %s/service/rotation: cannot keep the rotation: %m\n",
		        st->data);
	return SERVICE_CHANGED;
}

unsigned staff_run(Staff *st, Session *s, SDL_Renderer *sdl, const Arrivals *u, uint64_t now)
{
	Service *v = &st->svc;
	unsigned so = 0;
	bool right;
	if (pin_check_poll(&st->check, st->wait, &right) == 1)
		so |= service_verified(v, right, now);
	unsigned req = service_take(v);
	/* The pad opening: the PIN in force now (a signed stick may have set
	 * one since). */
	if ((req & SERVICE_REQ_INFO) && v->mode == SERVICE_PIN && !v->checking) {
		bool had = v->has_pin;
		v->has_pin = pin_current(st->data, st->conf_hash, st->hash);
		if (had != v->has_pin && v->say != SERVICE_SAY_LOCKED)
			v->say = v->has_pin ? SERVICE_SAY_NONE : SERVICE_SAY_NO_PIN;
	}
	if (req & SERVICE_REQ_VERIFY) {
		pin_check_start(&st->check, st->hash, v->digits);
		if (st->wait && pin_check_poll(&st->check, true, &right) == 1)
			so |= service_verified(v, right, now);
	}
	req |= service_take(v);
	if (req & SERVICE_REQ_TRIES)
		keep_guard(st, now);
	if (req & SERVICE_REQ_ROLLBACK)
		so |= roll_back(st, s, sdl, now);
	if (req & SERVICE_REQ_ROTATE)
		so |= rotate(st, s, sdl, now);
	if (req & SERVICE_REQ_EXPORT)
		so |= export_figures(st, s, u, now);
	if (req & SERVICE_REQ_CLOCK)
		st->set_clock = true;
	if (req & SERVICE_REQ_RESTART) {
		fprintf(stderr, "kiosk: restart asked on the service screen\n");
		st->restart = true;
	}
	req |= service_take(v);
	if (req & SERVICE_REQ_INFO || so) {
		facts(st, s, u ? u->last : "", now);
		so |= SERVICE_CHANGED;
	}
	return so ? kiosk_service_changed(s->kiosk, so, now) : 0;
}
