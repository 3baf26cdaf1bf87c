/* swscreen: the screens of a software update (see swscreen.h). */
#include "platform/software/swscreen.h"

#include <stdio.h>
#include <string.h>

#include "platform/software/swstatus.h"

#define FILL(out, id, ...)                                                                         \
	words_fill((out), sizeof(out), word(w, (id)), (const char *const[]){__VA_ARGS__},          \
	           sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *))

bool swscreen_stick(Arrivals *u, const char *root)
{
	bundle_find_stick(root, &u->bundle);
	u->bundle_inbox = false;
	u->before[0] = '\0';
	u->before_error = false;
	return u->bundle.count > 0;
}

static unsigned show_progress(Arrivals *u, Session *s, int percent, uint64_t now)
{
	const Words *w = s->catalogs.lx.main;
	snprintf(u->title, sizeof(u->title), "%s", word(w, WORD_SW_INSTALLING));
	snprintf(u->detail, sizeof(u->detail), "%s",
	         u->bundle_inbox ? "" : word(w, WORD_LEAVE_STICK_IN));
	u->progress = percent * 10;
	NavEvent ev = {.type = NAV_EV_PROGRESS,
	               .text = u->title,
	               .detail = u->detail,
	               .progress = percent * 10};
	return arrivals_show(s, now, &ev);
}

/* The verdict in u->title and u->detail, then the content's notice kept
 * from before; the bundle is done with. */
static unsigned verdict(Arrivals *u, Session *s, bool error, bool keep_inbox, uint64_t now)
{
	if (u->before[0]) {
		size_t n = strlen(u->detail);
		snprintf(u->detail + n, sizeof(u->detail) - n, "\n\n%s", u->before);
		error = error || u->before_error;
	}
	if (u->bundle_inbox && !keep_inbox && u->bundle.count == 1) {
		char path[4400];
		snprintf(path, sizeof(path), "%s/%s", u->source, u->bundle.name);
		arrivals_remove(path);
	}
	fprintf(stderr, "kiosk: software update %s: %s: %s\n",
	        u->bundle.shown[0] ? u->bundle.shown : u->bundle.folder, u->title, u->detail);
	u->bundle.count = 0;
	u->before[0] = '\0';
	u->installing = false;
	u->source[0] = '\0';
	return arrivals_notice(u, s, error, now);
}

static unsigned refuse(Arrivals *u, Session *s, uint64_t now)
{
	snprintf(u->title, sizeof(u->title), "%s", word(s->catalogs.lx.main, WORD_SW_UNUSABLE));
	return verdict(u, s, true, false, now);
}

unsigned swscreen_begin(Arrivals *u, Session *s, uint64_t now)
{
	const Words *w = s->catalogs.lx.main;
	const Bundle *b = &u->bundle;
	char count[16];
	snprintf(count, sizeof(count), "%d", b->count);
	if (b->count > 1) {
		FILL(u->detail, WORD_SW_MANY, b->folder, count);
		return refuse(u, s, now);
	}
	if (!software_name_ok(b->name, strlen(b->name))) {
		FILL(u->detail, WORD_SW_BAD_NAME, b->shown);
		return refuse(u, s, now);
	}
	if (!u->update_helper[0]) {
		FILL(u->detail, WORD_SW_NO_HELPER, b->shown);
		return refuse(u, s, now);
	}
	if (install_start(u->install, u->update_helper, u->bundle_inbox, b->name) != 0) {
		snprintf(u->detail, sizeof(u->detail), "%s", word(w, WORD_BUSY));
		return refuse(u, s, now);
	}
	u->installing = true;
	return show_progress(u, s, 0, now);
}

unsigned swscreen_after_import(Arrivals *u, Session *s, bool say, bool error, uint64_t now)
{
	u->before[0] = '\0';
	if (say)
		snprintf(u->before, sizeof(u->before), "%s\n%s", u->title, u->detail);
	u->before_error = say && error;
	return swscreen_begin(u, s, now);
}

unsigned swscreen_inbox(Arrivals *u, Session *s, const char *dir, uint64_t now)
{
	bundle_find_folder(dir, &u->bundle);
	if (u->bundle.count == 0)
		return 0;
	u->bundle_inbox = true;
	u->before[0] = '\0';
	/* The folder, for the bundle's removal once it is done with. */
	snprintf(u->source, sizeof(u->source), "%s", dir);
	if (u->bundle.count > 1) {
		/* Left for the sync tool to sort out: which one is meant is not
		 * the kiosk's to guess. */
		const Words *w = s->catalogs.lx.main;
		char count[16];
		snprintf(count, sizeof(count), "%d", u->bundle.count);
		FILL(u->detail, WORD_SW_MANY, u->bundle.folder, count);
		snprintf(u->title, sizeof(u->title), "%s", word(w, WORD_SW_UNUSABLE));
		return verdict(u, s, true, true, now);
	}
	return swscreen_begin(u, s, now);
}

/* What the helper's final answer a says, in u->title and u->detail;
 * whether it is an error. */
static bool answer_words(Arrivals *u, const Words *w, const SoftwareAnswer *a)
{
	const char *f = u->bundle.shown;
	const char *rm = u->bundle_inbox ? "" : word(w, WORD_REMOVE_STICK);
	char text[1024];
	snprintf(u->title, sizeof(u->title), "%s", word(w, WORD_SW_UNUSABLE));
	switch (a->kind) {
	case SOFTWARE_INSTALLED:
		snprintf(u->title, sizeof(u->title), "%s", word(w, WORD_SW_INSTALLED));
		FILL(text, WORD_SW_STARTS, a->version);
		snprintf(u->detail, sizeof(u->detail), "%s%s%s", text, *rm ? " " : "", rm);
		return false;
	case SOFTWARE_SAME:
		snprintf(u->title, sizeof(u->title), "%s", word(w, WORD_SW_SAME_TITLE));
		FILL(text, WORD_SW_SAME, a->version);
		snprintf(u->detail, sizeof(u->detail), "%s %s%s%s", text,
		         word(w, WORD_NOTHING_CHANGED), *rm ? " " : "", rm);
		return false;
	case SOFTWARE_OLDER:
		FILL(u->detail, WORD_SW_OLDER, f, a->version, a->running);
		return true;
	case SOFTWARE_SIGNATURE:
		FILL(u->detail, WORD_SW_SIGNATURE, f);
		return true;
	case SOFTWARE_COMPATIBLE:
		FILL(u->detail, WORD_SW_COMPATIBLE, f);
		return true;
	case SOFTWARE_DAMAGED:
		FILL(u->detail, WORD_SW_DAMAGED, f);
		return true;
	case SOFTWARE_BUSY:
		snprintf(u->detail, sizeof(u->detail), "%s", word(w, WORD_BUSY));
		return true;
	default:
		FILL(u->detail, WORD_SW_FAILED, a->text[0] ? a->text : "no answer");
		return true;
	}
}

unsigned swscreen_poll(Arrivals *u, Session *s, uint64_t now)
{
	InstallStatus st;
	install_status(u->install, &st);
	if (st.finished) {
		bool error = answer_words(u, s->catalogs.lx.main, &st.answer);
		/* An error or a busy helper: the inbox's bundle is tried again
		 * at the next start. */
		bool keep = st.answer.kind == SOFTWARE_ERROR || st.answer.kind == SOFTWARE_BUSY;
		return verdict(u, s, error, keep, now);
	}
	if (st.running && st.percent * 10 != u->progress)
		return show_progress(u, s, st.percent, now);
	return 0;
}

unsigned swscreen_boot_status(Arrivals *u, Session *s, uint64_t now)
{
	const Words *w = s->catalogs.lx.main;
	const SoftwareStatus *b = &u->boot_status;
	bool fallback = b->kind == SOFTWARE_STATUS_FALLBACK;
	snprintf(u->title, sizeof(u->title), "%s",
	         word(w, fallback ? WORD_SW_FALLBACK_TITLE : WORD_SW_UPDATED));
	if (fallback)
		FILL(u->detail, WORD_SW_FALLBACK, b->version, b->previous);
	else
		FILL(u->detail, WORD_SW_RUNNING, b->version);
	u->boot_status.kind = SOFTWARE_STATUS_NONE;
	swstatus_told();
	fprintf(stderr, "kiosk: %s: %s\n", u->title, u->detail);
	NavEvent ev = {
	    .type = NAV_EV_NOTICE, .text = u->title, .detail = u->detail, .error = fallback};
	return arrivals_show(s, now, &ev);
}
