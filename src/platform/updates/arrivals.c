#include "platform/updates/arrivals.h"

#include <errno.h>
#include <ftw.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/control/nav.h"
#include "platform/software/swscreen.h"
#include "platform/software/swstatus.h"
#include "platform/updates/store.h"
#include "platform/usage/export.h"
#include "platform/usage/today.h"

int arrivals_init(Arrivals *u, const Config *cfg, const char *data, bool watch,
                  void (*wake)(void *), void *user)
{
	memset(u, 0, sizeof(*u));
	snprintf(u->data, sizeof(u->data), "%s", data);
	u->wake = wake;
	u->user = user;
	/* What the last stick came to, before a restart or a power cut. */
	if (keep_import(data, u->last, sizeof(u->last)) != 0 && errno != ENOENT)
		fprintf(stderr,
		        "kiosk: %s/service/last-import: not a line the kiosk kept; left aside\n",
		        data);
	char inbox[4200];
	snprintf(inbox, sizeof(inbox), "%s/inbox", data);
	/* The inbox only exists once the data folder does. */
	struct stat st;
	bool has_data = stat(data, &st) == 0 && S_ISDIR(st.st_mode);
	if (watch) {
		u->watch = usbwatch_new(cfg->usb_dirs, has_data ? inbox : NULL);
		if (!u->watch)
			return -1;
	}
	snprintf(u->update_helper, sizeof(u->update_helper), "%s", cfg->update_helper);
	swstatus_read(cfg->update_status, &u->boot_status);
	u->worker = worker_new(data, cfg, wake, user);
	u->install = install_new(wake, user);
	if (!u->worker || !u->install) {
		worker_free(u->worker);
		u->worker = NULL;
		usbwatch_free(u->watch);
		u->watch = NULL;
		return -1;
	}
	return 0;
}

int arrivals_configure(Arrivals *u, const Config *cfg)
{
	if (arrivals_busy(u))
		return -1;
	Worker *w = worker_new(u->data, cfg, u->wake, u->user);
	if (!w)
		return -1;
	worker_free(u->worker);
	u->worker = w;
	snprintf(u->update_helper, sizeof(u->update_helper), "%s", cfg->update_helper);
	return 0;
}

void arrivals_deinit(Arrivals *u)
{
	install_free(u->install);
	worker_free(u->worker);
	usbwatch_free(u->watch);
	memset(u, 0, sizeof(*u));
}

int arrivals_fds(const Arrivals *u, int *fds, short *events, int max)
{
	int n = u->watch ? usbwatch_fds(u->watch, fds, events, max) : 0;
	if (u->worker && n < max) {
		fds[n] = worker_fd(u->worker);
		events[n++] = POLLIN;
	}
	if (u->install && n < max) {
		fds[n] = install_fd(u->install);
		events[n++] = POLLIN;
	}
	return n;
}

bool arrivals_busy(const Arrivals *u)
{
	return u->source[0] != '\0' || u->installing;
}

unsigned arrivals_show(Session *s, uint64_t now, const NavEvent *ev)
{
	return kiosk_nav(s->kiosk, ev, now);
}

static unsigned show(Session *s, uint64_t now, const NavEvent *ev)
{
	return arrivals_show(s, now, ev);
}

/* The progress screen at now: the bar the share of the time the import
 * should take, the megabytes of the stick read (each once) or that the
 * copy is being checked, the time left when the import is a long one. */
static unsigned show_progress(Arrivals *u, Session *s, const WorkerStatus *st, uint64_t now)
{
	/* The first report (nothing read yet) is the import's start. */
	progress_report(&u->pace, st->stage, st->done, st->total, now);
	int p = progress_permille(&u->pace, now);
	u->seconds_left = progress_seconds_left(&u->pace, now);
	const Words *w = s->catalogs.lx.main;
	snprintf(u->title, sizeof(u->title), "%s", word(w, WORD_CHECKING));
	char what[160] = "", left[96] = "", clock[32];
	if (st->stage == PROGRESS_CHECKING) {
		snprintf(what, sizeof(what), "%s ", word(w, WORD_CHECKING_COPY));
	} else if (st->total) {
		char a[32], b[32];
		snprintf(a, sizeof(a), "%.1f", st->done / 1e6);
		snprintf(b, sizeof(b), "%.1f", st->total / 1e6);
		words_fill(what, sizeof(what) - 1, word(w, WORD_MB_OF_MB),
		           (const char *const[]){a, b}, 2);
		strcat(what, " ");
	}
	if (u->seconds_left >= 0) {
		progress_format_time(u->seconds_left, clock, sizeof(clock));
		words_fill(left, sizeof(left) - 1, word(w, WORD_TIME_LEFT),
		           (const char *const[]){clock}, 1);
		strcat(left, " ");
	}
	snprintf(u->detail, sizeof(u->detail), "%s%s%s", what, left, word(w, WORD_LEAVE_STICK_IN));
	u->progress = p;
	NavEvent ev = {
	    .type = NAV_EV_PROGRESS, .text = u->title, .detail = u->detail, .progress = p};
	return show(s, now, &ev);
}

/* The notice's title is what the stick or update came to: said with its
 * time on the service screen (the trusted clock's, and none while it is
 * not known), and kept for it across restarts. Kept only where a data
 * folder already is (`kiosk render` without one leaves no trace). */
static void note(Arrivals *u, const Session *s)
{
	char when[32] = "";
	time_t t = s->clock ? (time_t)clock_now(s->clock) : 0;
	struct tm tm;
	if (s->clock && clock_known(s->clock) && localtime_r(&t, &tm))
		strftime(when, sizeof(when), " (%Y-%m-%d %H:%M)", &tm);
	snprintf(u->last, sizeof(u->last), "%s%s", u->title, when);
	struct stat st;
	if (stat(u->data, &st) != 0 || !S_ISDIR(st.st_mode))
		return;
	if (keep_import_save(u->data, u->last) != 0)
		fprintf(stderr, "kiosk: %s/service/last-import: cannot keep it: %m\n", u->data);
}

unsigned arrivals_notice(Arrivals *u, Session *s, bool error, uint64_t now)
{
	note(u, s);
	NavEvent ev = {
	    .type = NAV_EV_NOTICE, .text = u->title, .detail = u->detail, .error = error};
	return show(s, now, &ev);
}

static unsigned notice(Arrivals *u, Session *s, bool error, uint64_t now)
{
	return arrivals_notice(u, s, error, now);
}

static unsigned start(Arrivals *u, Session *s, const char *path, bool inbox, uint64_t now)
{
	if (arrivals_busy(u) || worker_start(u->worker, path) != 0)
		return 0;
	snprintf(u->source, sizeof(u->source), "%s", path);
	u->from_inbox = inbox;
	progress_init(&u->pace);
	u->seconds_left = -1;
	return show_progress(u, s, &(WorkerStatus){0}, now);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

/* A package taken from the inbox, installed or refused, is removed so it
 * is not taken again at the next start; the verdict stays on screen. */
void arrivals_remove(const char *path)
{
	nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Why an import could not be saved, in w's language. */
static void failure_words(const Words *w, const ImportFailed *f, char *out, size_t size)
{
	char a[32], b[32];
	switch (f->why) {
	case IMPORT_FULL:
		snprintf(out, size, "%s", word(w, WORD_STORAGE_FULL));
		return;
	case IMPORT_READ_ONLY:
		snprintf(out, size, "%s", word(w, WORD_STORAGE_READ_ONLY));
		return;
	case IMPORT_BROKEN:
		words_fill(out, size, word(w, WORD_STORAGE_FAILED),
		           (const char *const[]){strerror(f->err)}, 1);
		return;
	case IMPORT_NO_ROOM:
		pkg_format_room(f->need, f->avail, a, b, sizeof(a));
		words_fill(out, size, word(w, WORD_NEEDS_ROOM), (const char *const[]){a, b}, 2);
		return;
	case IMPORT_BUSY:
		snprintf(out, size, "%s", word(w, WORD_BUSY));
		return;
	}
	out[0] = '\0';
}

/* The worker finished: tell staff plainly, and swap the new content in. */
static unsigned finish(Arrivals *u, Session *s, SDL_Renderer *sdl, const WorkerStatus *st,
                       uint64_t now)
{
	bool error = true;
	/* In the settings' language: staff read these, whatever the
	 * article's. */
	const Words *w = s->catalogs.lx.main;
	const char *nothing = word(w, WORD_NOTHING_CHANGED);
	/* The checker's lines, said in w's language like the rest. */
	char lines[WORKER_MSG_MAX], notes[WORKER_MSG_MAX];
	worker_lines(u->worker, w, false, lines, sizeof(lines));
	worker_lines(u->worker, w, true, notes, sizeof(notes));
	switch (st->result) {
	case IMPORT_INSTALLED: {
		char path[4200], err[512];
		snprintf(path, sizeof(path), "%s/current", u->data);
		if (session_reload(s, path, sdl, now, err, sizeof(err)) != 0) {
			snprintf(u->title, sizeof(u->title), "%s", word(w, WORD_CANNOT_SHOW_NEW));
			snprintf(u->detail, sizeof(u->detail), "%s", err);
			break;
		}
		error = false;
		/* Shown by this running kiosk: no longer on trial. */
		store_confirm(u->data);
		char topics[16], images[16], signed_by[512];
		snprintf(topics, sizeof(topics), "%u", st->topics);
		snprintf(images, sizeof(images), "%u", st->images);
		words_fill(u->title, sizeof(u->title), word(w, WORD_UPDATED_N_M),
		           (const char *const[]){topics, images}, 2);
		words_fill(signed_by, sizeof(signed_by), word(w, WORD_SIGNED_BY),
		           (const char *const[]){st->signer}, 1);
		/* Then what `kiosk check` warns about, in its words: staff at
		 * the kiosk learn what a check on their PC would have said. */
		snprintf(u->detail, sizeof(u->detail), "%s%s%s%s%s%s%s",
		         st->signer[0] ? signed_by : "", st->signer[0] ? " " : "",
		         st->floor_reset ? word(w, WORD_FLOOR_RESET) : "",
		         st->floor_reset ? " " : "",
		         word(w, u->from_inbox ? WORD_SHOWING_NOW : WORD_REMOVE_STICK),
		         notes[0] ? "\n" : "", notes);
		break;
	}
	case IMPORT_ALREADY:
		error = false;
		snprintf(u->title, sizeof(u->title), "%s", word(w, WORD_ALREADY_SHOWING));
		snprintf(u->detail, sizeof(u->detail), "%s%s%s", nothing, u->from_inbox ? "" : " ",
		         u->from_inbox ? "" : word(w, WORD_REMOVE_STICK));
		break;
	case IMPORT_NO_CONTENT:
		snprintf(u->title, sizeof(u->title), "%s", word(w, WORD_NO_KIOSK_CONTENT));
		snprintf(u->detail, sizeof(u->detail), "%s %s", word(w, WORD_KIOSK_FOLDER),
		         nothing);
		break;
	case IMPORT_REMOVED:
		snprintf(u->title, sizeof(u->title), "%s",
		         word(w, u->from_inbox ? WORD_UPDATE_REMOVED : WORD_STICK_REMOVED));
		snprintf(u->detail, sizeof(u->detail), "%s", nothing);
		break;
	case IMPORT_REJECTED:
		snprintf(u->title, sizeof(u->title), "%s",
		         word(w, u->from_inbox ? WORD_UPDATE_UNUSABLE : WORD_STICK_UNUSABLE));
		snprintf(u->detail, sizeof(u->detail), "%s\n%s", lines, nothing);
		break;
	case IMPORT_FAILED: {
		/* The title says it was not saved, the text why, once each. */
		char why[512];
		failure_words(w, &st->failed, why, sizeof(why));
		snprintf(u->title, sizeof(u->title), "%s", word(w, WORD_NOT_SAVED));
		snprintf(u->detail, sizeof(u->detail), "%s %s", why, nothing);
		break;
	}
	}
	/* Kept when the kiosk's own storage failed: it can be taken later. */
	if (u->from_inbox && st->result != IMPORT_FAILED && st->result != IMPORT_REMOVED)
		arrivals_remove(u->source);
	u->source[0] = '\0';
	/* The stick's software update comes after its content. */
	if (u->bundle.count > 0 && st->result != IMPORT_REMOVED)
		return swscreen_after_import(u, s, st->result != IMPORT_ALREADY, error, now);
	u->bundle.count = 0;
	return notice(u, s, error, now);
}

/* A stick that asks for the usage figures (kiosk/export) gets them, and
 * nothing is taken from it: written at once (a file of a few kilobytes),
 * after what the recorder still holds, with a plain notice naming the file
 * or saying what went wrong. */
static unsigned export_figures(Arrivals *u, Session *s, const char *root, uint64_t now)
{
	const Words *w = s->catalogs.lx.main;
	char name[96], err[600];
	recorder_flush(&s->usage, now);
	ExportResult r = usage_export(u->data, root, s->base.export_helper, today_get(s->clock),
	                              name, sizeof(name), err, sizeof(err));
	if (r == EXPORT_OK) {
		char file[300];
		fprintf(stderr, "kiosk: usage figures written to %s in the kiosk folder of %s\n",
		        name, root);
		snprintf(u->title, sizeof(u->title), "%s", word(w, WORD_FIGURES_SAVED));
		words_fill(file, sizeof(file), word(w, WORD_FIGURES_FILE),
		           (const char *const[]){name}, 1);
		snprintf(u->detail, sizeof(u->detail), "%s %s", file, word(w, WORD_REMOVE_STICK));
		return notice(u, s, false, now);
	}
	fprintf(stderr, "kiosk: usage figures not written: %s\n", err);
	snprintf(u->title, sizeof(u->title), "%s", word(w, WORD_FIGURES_NOT_SAVED));
	if (r == EXPORT_READ_ONLY)
		snprintf(u->detail, sizeof(u->detail), "%s", word(w, WORD_STICK_READ_ONLY));
	else if (r == EXPORT_FULL)
		snprintf(u->detail, sizeof(u->detail), "%s", word(w, WORD_STICK_FULL));
	else
		words_fill(u->detail, sizeof(u->detail), word(w, WORD_STICK_FAILED),
		           (const char *const[]){err}, 1);
	return notice(u, s, true, now);
}

/* A stick came: the figures it asks for, else its content. */
static unsigned stick(Arrivals *u, Session *s, const char *root, uint64_t now)
{
	snprintf(u->stick, sizeof(u->stick), "%s", root);
	if (usage_export_requested(root))
		return arrivals_busy(u) ? 0 : export_figures(u, s, root, now);
	if (arrivals_busy(u))
		return 0;
	/* A software update alone is installed at once; beside content, it
	 * waits for the content's import. */
	if (swscreen_stick(u, root) && !bundle_stick_has_content(root))
		return swscreen_begin(u, s, now);
	return start(u, s, root, false, now);
}

/* Whether any watched descriptor has something: one poll() with no
 * timeout, so a loop iteration does not scan folders needlessly. */
static bool ready(const Arrivals *u, bool *worker, bool *folders)
{
	int fds[8];
	short events[8];
	struct pollfd p[8];
	int n = arrivals_fds(u, fds, events, 8);
	for (int i = 0; i < n; i++)
		p[i] = (struct pollfd){.fd = fds[i], .events = events[i]};
	*worker = *folders = false;
	if (n <= 0 || n > 8 || poll(p, (nfds_t)n, 0) <= 0)
		return false;
	for (int i = 0; i < n; i++) {
		if (!p[i].revents)
			continue;
		if (u->worker && fds[i] == worker_fd(u->worker))
			*worker = true;
		else
			*folders = true;
	}
	return *worker || *folders;
}

unsigned arrivals_poll(Arrivals *u, Session *s, SDL_Renderer *sdl, uint64_t now, bool woke)
{
	unsigned r = 0;
	bool worker, folders;
	ready(u, &worker, &folders);
	if (woke)
		worker = folders = true;
	if (!u->scanned) {
		/* A stick left in at power-up, or a package waiting in the inbox. */
		folders = true;
		u->scanned = true;
	}
	/* What the last software update came to, on the first Home. */
	if (u->boot_status.kind != SOFTWARE_STATUS_NONE)
		r |= swscreen_boot_status(u, s, now);
	WorkerStatus st = {0};
	if (worker || !u->watch)
		worker_status(u->worker, &st);
	if (u->installing)
		r |= swscreen_poll(u, s, now);
	if (st.finished)
		r |= finish(u, s, sdl, &st, now);
	else if (st.running && arrivals_busy(u)) {
		/* Drawn again only when what it says changes. */
		Progress next = u->pace;
		progress_report(&next, st.stage, st.done, st.total, now);
		if (progress_permille(&next, now) != u->progress ||
		    progress_seconds_left(&next, now) != u->seconds_left ||
		    (st.stage == PROGRESS_READING &&
		     st.done * 10 / 1000000 != u->pace.read_done * 10 / 1000000))
			r |= show_progress(u, s, &st, now);
	}
	UsbEvent ev;
	while (folders && u->watch && usbwatch_next(u->watch, &ev)) {
		if (ev.kind == USB_INSERTED)
			r |= stick(u, s, ev.path, now);
		else if (ev.kind == USB_INBOX)
			r |= start(u, s, ev.path, true, now);
		else if (ev.kind == USB_UPDATE && !arrivals_busy(u))
			r |= swscreen_inbox(u, s, ev.path, now);
		else if (ev.kind == USB_REMOVED && arrivals_busy(u) && !u->from_inbox &&
		         strcmp(ev.path, u->source) == 0)
			worker_cancel(u->worker);
		if (ev.kind == USB_REMOVED && strcmp(ev.path, u->stick) == 0)
			u->stick[0] = '\0';
	}
	return r;
}

unsigned arrivals_insert(Arrivals *u, Session *s, const char *dir, uint64_t now)
{
	u->from_script = true;
	return stick(u, s, dir, now);
}

unsigned arrivals_unplug(Arrivals *u, Session *s, uint64_t now)
{
	(void)s;
	(void)now;
	u->stick[0] = '\0';
	if (arrivals_busy(u))
		worker_cancel(u->worker);
	return 0;
}

const char *arrivals_stick(const Arrivals *u)
{
	/* The removal may not have been seen yet (the loop looks once a
	 * turn): the folder is looked at again. */
	return u->stick[0] && usbwatch_present(u->stick) ? u->stick : NULL;
}

void arrivals_wait(Arrivals *u)
{
	worker_wait(u->worker);
}
